//! A fact's value and an exact number written straight into the JSON, without a [`Value`] made
//! from the slot, a `String` or `Decimal`'s `Display`: a number from its mantissa and places (two
//! digits at a time), a date from its year, month and day, yes/no and 不适用 as constants. Each is
//! the text [`Value::show`] gives, byte for byte (tested against it below); anything these cannot
//! promise — a number rounded in its text, too large for 64 bits, a year beyond 9999 — is left to
//! the general path (`Lit::Slow`).

use crate::eval::Rubric;
use crate::eval::trace::Trace;
use crate::plan::exact::{Q, V};
use crate::value::{Ty, Value};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// The two digits of each whole number below 100, in order.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Zeros after a point, before the digits of a small number (a decimal has at most 28 places).
const ZEROS: &[u8; 28] = b"0000000000000000000000000000";

/// Places shown exactly in an explanation's text: a number with more is rounded there
/// (`Value::rounded_in_text`), so its value and text differ.
const EXACT_PLACES: u32 = 6;

/// How a slot's value is written for the unit, found without writing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lit<'r> {
    /// A number: `m` × 10^−`places` (`m` without trailing zeros when `places` > 0), signed,
    /// and `%` after it for a percent (its digits already those of the percent).
    Num {
        negative: bool,
        m: u64,
        places: u32,
        percent: bool,
    },
    Date(NaiveDate),
    Bool(bool),
    NotApplicable,
    /// A kind, by its name (escaped when written).
    Kind(&'r str),
    /// Worked out as [`Trace::show_slot`] works it out: a number rounded in its text, one
    /// beyond 64 bits, a date beyond the year 9999.
    Slow,
    /// A derived value that took its `on zero` value: said beside it, made as the tree makes it.
    OnZero,
}

impl Lit<'_> {
    /// A number's literal: `None` when it needs the general path.
    fn num(negative: bool, m: u64, places: u32, percent: bool) -> Option<Lit<'static>> {
        let (m, places) = if percent {
            // The percent's digits: two places fewer, or the whole number times 100 or 10.
            match places.checked_sub(2) {
                Some(p) => (m, p),
                None => (m.checked_mul(if places == 0 { 100 } else { 10 })?, 0),
            }
        } else {
            (m, places)
        };
        (places <= EXACT_PLACES).then_some(Lit::Num { negative: negative && m != 0, m, places, percent })
    }

    /// A decimal read from the facts, as [`Value::show`] shows it for `ty`.
    fn of_decimal(n: Decimal, ty: Ty) -> Lit<'static> {
        let (m, mut places) = (n.mantissa(), n.scale());
        let Ok(mut a) = u64::try_from(m.unsigned_abs()) else { return Lit::Slow };
        // Normalised: no trailing zeros after the point.
        while places > 0 && a % 10 == 0 {
            a /= 10;
            places -= 1;
        }
        Lit::num(m < 0, a, places, ty == Ty::Percent).unwrap_or(Lit::Slow)
    }

    /// An exact value (a derived value's), as [`Value::show`] shows its [`V::value`].
    fn of_exact(q: Q, ty: Ty) -> Lit<'static> {
        match q.small_decimal() {
            Some((m, places)) => Lit::num(m < 0, m.unsigned_abs(), places, ty == Ty::Percent).unwrap_or(Lit::Slow),
            // Not a finite decimal (rounded where shown), or too large.
            None => Lit::Slow,
        }
    }

    /// A value that is not a number.
    fn other(v: Value) -> Lit<'static> {
        match v {
            Value::Bool(b) => Lit::Bool(b),
            Value::Date(d) if (0..=9999).contains(&d.year()) => Lit::Date(d),
            Value::NotApplicable => Lit::NotApplicable,
            Value::Date(_) | Value::Num(_) => Lit::Slow,
        }
    }

    /// Writes the value as a JSON string (quoted); false (nothing written) for
    /// [`Lit::Slow`] and [`Lit::OnZero`], which are not written here.
    pub(super) fn write(self, buf: &mut Vec<u8>) -> Result<bool, serde_json::Error> {
        match self {
            Lit::Num { negative, m, places, percent } => {
                buf.push(b'"');
                write_fixed(buf, negative, m, places);
                buf.extend_from_slice(if percent { b"%\"" } else { b"\"" });
            }
            Lit::Date(d) => {
                buf.push(b'"');
                write_date(buf, d);
                buf.push(b'"');
            }
            Lit::Bool(true) => buf.extend_from_slice("\"是\"".as_bytes()),
            Lit::Bool(false) => buf.extend_from_slice("\"否\"".as_bytes()),
            Lit::NotApplicable => buf.extend_from_slice("\"不适用\"".as_bytes()),
            Lit::Kind(k) => super::Indent::plain(buf).str(k)?,
            Lit::Slow | Lit::OnZero => return Ok(false),
        }
        Ok(true)
    }
}

impl Trace {
    /// How slot `s` (a fact or derived value, not a cohort figure) is listed for this unit, as
    /// [`Trace::show_slot`] decides it but without writing or making a [`Value`]: none when it
    /// has no value (or no name).
    pub(super) fn lit<'r>(&self, rubric: &'r Rubric, s: usize) -> Option<Lit<'r>> {
        let base = rubric.facts.len();
        rubric.render_tables().texts.name(s)?;
        match s.checked_sub(base) {
            None => {
                let f = rubric.facts.get(s)?;
                Some(match self.facts.get(s).copied().flatten()? {
                    // A kind is shown by its name (`地区类别 = 郊区`), not the index it is held as.
                    Value::Num(x) => match f.kind_name(x) {
                        Some(k) => Lit::Kind(k),
                        None => Lit::of_decimal(x, f.value_ty()),
                    },
                    v => Lit::other(v),
                })
            }
            Some(l) => {
                let ty = rubric.lets.get(l)?.ty;
                let v = self.work.lets.get(l).copied().flatten()?;
                if self.work.by_policy.get(l).copied().unwrap_or(false) {
                    return Some(Lit::OnZero);
                }
                Some(match v {
                    V::Num(q) => Lit::of_exact(q, ty),
                    V::Bool(b) => Lit::Bool(b),
                    V::Date(d) => Lit::other(Value::Date(d)),
                    V::NotApplicable => Lit::NotApplicable,
                })
            }
        }
    }
}

/// The digits of `m`, right-aligned in `out`: where they start.
#[inline]
fn digits(mut m: u64, out: &mut [u8; 20]) -> usize {
    let mut at = out.len();
    let mut pair = |at: &mut usize, r: u64| {
        let r = r as usize;
        if let (Some(to), Some(from)) = (out.get_mut(*at - 2..*at), PAIRS.get(2 * r..2 * r + 2)) {
            to.copy_from_slice(from);
        }
        *at -= 2;
    };
    // At most 20 digits: 10 pairs.
    while m >= 100 && at >= 2 {
        pair(&mut at, m % 100);
        m /= 100;
    }
    if m >= 10 {
        pair(&mut at, m);
    } else {
        at -= 1;
        if let Some(d) = out.get_mut(at) {
            *d = b'0' + m as u8;
        }
    }
    at
}

/// `m` × 10^−`places` as `Decimal`'s `Display` writes it (`m` without trailing zeros when
/// `places` > 0, as a normalised decimal has): a sign, the digits with a point `places` from
/// the right, a `0` before the point when nothing else is.
#[inline]
pub(super) fn write_fixed(buf: &mut Vec<u8>, negative: bool, m: u64, places: u32) {
    // A whole number below 100 (most points, amounts and counts): its text from the table.
    if places == 0 && m < 100 {
        if negative {
            buf.push(b'-');
        }
        let two = PAIRS.get(2 * m as usize..2 * m as usize + 2).unwrap_or_default();
        buf.extend_from_slice(if m < 10 { two.get(1..).unwrap_or_default() } else { two });
        return;
    }
    let mut d = [0u8; 20];
    let at = digits(m, &mut d);
    let ds = d.get(at..).unwrap_or_default();
    if negative {
        buf.push(b'-');
    }
    let p = places as usize;
    if p == 0 {
        buf.extend_from_slice(ds);
    } else if p >= ds.len() {
        buf.extend_from_slice(b"0.");
        let mut zeros = p - ds.len();
        while zeros > 0 {
            let k = zeros.min(ZEROS.len());
            buf.extend_from_slice(ZEROS.get(..k).unwrap_or_default());
            zeros -= k;
        }
        buf.extend_from_slice(ds);
    } else {
        let (whole, frac) = ds.split_at(ds.len() - p);
        buf.extend_from_slice(whole);
        buf.push(b'.');
        buf.extend_from_slice(frac);
    }
}

/// `n` as `Decimal`'s `Display` writes it once normalised (no trailing zeros, no `-0`).
#[inline]
pub(super) fn write_dec(buf: &mut Vec<u8>, n: Decimal) {
    let (m, mut places) = (n.mantissa(), n.scale());
    let Ok(mut a) = u64::try_from(m.unsigned_abs()) else { return write_wide(buf, n) };
    while places > 0 && a % 10 == 0 {
        a /= 10;
        places -= 1;
    }
    write_fixed(buf, m < 0 && a != 0, a, places);
}

/// [`write_dec`] of a mantissa beyond 64 bits: its digits one by one, in 128 bits.
fn write_wide(buf: &mut Vec<u8>, n: Decimal) {
    let n = n.normalize();
    let (mut m, scale) = (n.mantissa().unsigned_abs(), n.scale() as usize);
    if n.is_sign_negative() && m != 0 {
        buf.push(b'-');
    }
    // At most 29 digits of a 96-bit mantissa, and a scale of at most 28.
    let mut digits = [b'0'; 40];
    let mut len = 0;
    while m > 0 || len <= scale {
        if let Some(x) = digits.get_mut(len) {
            *x = b'0' + (m % 10) as u8;
        }
        len += 1;
        m /= 10;
    }
    for i in (0..len).rev() {
        if i + 1 == scale {
            buf.push(b'.');
        }
        buf.push(digits.get(i).copied().unwrap_or(b'0'));
    }
}

/// An exact value's digits as [`write_dec`] writes its decimal ([`Q::to_dec`]): from its
/// mantissa where it is a decimal of a few places in 64 bits, else through `Decimal`.
#[inline]
pub(super) fn write_q(buf: &mut Vec<u8>, q: Q) {
    match q.small_decimal() {
        Some((m, places)) => write_fixed(buf, m < 0, m.unsigned_abs(), places),
        None => write_dec(buf, q.to_dec()),
    }
}

/// A date of the years 0 to 9999 as `%Y-%m-%d` writes it.
fn write_date(buf: &mut Vec<u8>, d: NaiveDate) {
    let y = d.year().unsigned_abs() as usize;
    let two = |n: usize| PAIRS.get(2 * n..2 * n + 2).unwrap_or_default();
    buf.extend_from_slice(two(y / 100 % 100));
    buf.extend_from_slice(two(y % 100));
    buf.push(b'-');
    buf.extend_from_slice(two(d.month() as usize));
    buf.push(b'-');
    buf.extend_from_slice(two(d.day() as usize));
}

#[cfg(test)]
#[path = "values_tests.rs"]
mod tests;
