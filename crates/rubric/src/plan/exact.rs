//! Exact numbers for scoring: every sum, difference, product and quotient is an exact fraction,
//! and a value that cannot be held is an error, never a silent change (docs/language.md,
//! "Numbers, percents and exact arithmetic").
//!
//! A value is a fraction `n / d` in lowest terms. Every value the evaluators compute keeps one
//! invariant ([`Q::fit`]): it lies within what a decimal holds (±79228162514264337593543950335),
//! and when it is a finite decimal (its denominator has no prime factor but 2 and 5) it is one a
//! `Decimal` holds exactly — at most 28 decimal places and 96 bits of digits. So `1e-13 × 1e-17`
//! (30 places) and `0.5 × 79228162514264337593543950335` (30 digits) are errors, while `2 / 3`,
//! which no decimal holds, stays two thirds: `2 / 3 × 3` is exactly 2. Such a fraction is rounded
//! only where it is shown as a decimal ([`Q::to_dec`]): to the nearest decimal of at most 28
//! places (there is never a tie), the one rounding the rule file does not declare.
//!
//! Hand-written rather than `num-rational`'s `Ratio<i128>`: its reduction can overflow on
//! `i128::MIN`, and the invariant above, the correctly rounded conversion to a decimal and the
//! declared rounding modes are what this module is for.

use crate::value::Value;
use chrono::NaiveDate;
use rubric_syntax::ast::RoundMode;
use rust_decimal::Decimal;
use std::cmp::Ordering;

mod small;

/// The largest mantissa of a decimal: 2^96 − 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;
/// Denominators stay below 2^124, so that a remainder times 10 fits in a `u128`.
const MAX_DEN: u128 = 1 << 124;
/// The most decimal places a decimal has.
const MAX_SCALE: u32 = 28;

/// Why a value cannot be held exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inexact {
    /// Beyond the largest decimal (about 7.9 × 10²⁸).
    Overflow,
    /// A finite decimal with more than 28 places or more digits than a decimal holds, or a
    /// fraction with more digits than can be computed exactly.
    Precision,
}

/// An exact rational number `n / d`: `d > 0`, in lowest terms, within [`Q::fit`]'s invariant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Q {
    n: i128,
    d: i128,
}

/// A result of exact arithmetic.
pub(crate) type X = Result<Q, Inexact>;

impl Q {
    /// Zero.
    pub(crate) const ZERO: Q = Q { n: 0, d: 1 };
    /// One.
    #[cfg(test)]
    pub(crate) const ONE: Q = Q { n: 1, d: 1 };

    /// A decimal, exactly (every decimal is within the invariant).
    #[inline]
    pub(crate) fn dec(v: Decimal) -> Q {
        let (m, s) = (v.mantissa(), v.scale());
        // In 64 bits without a gcd where it fits (`small.rs`): nearly every decimal.
        if let Some(q) = i64::try_from(m).ok().and_then(|m| Q::scaled(m, s)) {
            return q;
        }
        let d = pow10(s);
        let g = gcd(m.unsigned_abs(), d.unsigned_abs());
        // `g` divides both and is ≥ 1 (the cast is exact: `g ≤ d < 2^94`).
        Q { n: m / g as i128, d: d / g as i128 }
    }

    /// A whole number.
    pub(crate) fn int(v: i64) -> Q {
        Q { n: i128::from(v), d: 1 }
    }

    /// Whether the value is zero.
    #[inline]
    pub(crate) fn is_zero(self) -> bool {
        self.n == 0
    }

    /// Whether the value is below zero.
    #[inline]
    pub(crate) fn is_negative(self) -> bool {
        self.n < 0
    }

    /// The value with its sign changed (always held: the invariant is symmetric).
    #[inline]
    pub(crate) fn neg(self) -> Q {
        Q { n: -self.n, d: self.d }
    }

    /// The absolute value.
    #[inline]
    pub(crate) fn abs(self) -> Q {
        Q { n: self.n.abs(), d: self.d }
    }

    /// `self + o`.
    #[inline]
    pub(crate) fn add(self, o: Q) -> X {
        if self.d == 1 && o.d == 1 {
            return whole(self.n.checked_add(o.n).ok_or(Inexact::Precision)?);
        }
        if self.n == 0 {
            return Ok(o);
        }
        if o.n == 0 {
            return Ok(self);
        }
        let g = gcd(self.d.unsigned_abs(), o.d.unsigned_abs()) as i128;
        let (a, b) = (self.d / g, o.d / g);
        let d = a.checked_mul(o.d).ok_or(Inexact::Precision)?;
        let n = self
            .n
            .checked_mul(b)
            .and_then(|x| o.n.checked_mul(a).and_then(|y| x.checked_add(y)))
            .ok_or(Inexact::Precision)?;
        reduce(n, d)
    }

    /// `self - o`.
    #[inline]
    pub(crate) fn sub(self, o: Q) -> X {
        self.add(o.neg())
    }

    /// `self × o`.
    #[inline]
    pub(crate) fn mul(self, o: Q) -> X {
        if self.n == 0 || o.n == 0 {
            return Ok(Q::ZERO);
        }
        let g1 = gcd(self.n.unsigned_abs(), o.d.unsigned_abs()) as i128;
        let g2 = gcd(o.n.unsigned_abs(), self.d.unsigned_abs()) as i128;
        let n = (self.n / g1).checked_mul(o.n / g2);
        let d = (self.d / g2).checked_mul(o.d / g1);
        match (n, d) {
            (Some(n), Some(d)) => fit(Q { n, d }),
            _ => Err(self.too_much(o)),
        }
    }

    /// Why a product beyond 128 bits cannot be held: too large when the whole parts alone
    /// multiply beyond the largest decimal, else too many digits.
    fn too_much(self, o: Q) -> Inexact {
        let whole = |q: Q| q.n.unsigned_abs() / q.d.unsigned_abs();
        match wide_mul(whole(self), whole(o)) {
            (0, lo) if lo <= MAX_MANTISSA => Inexact::Precision,
            _ => Inexact::Overflow,
        }
    }

    /// `self ÷ o`, or `None` when `o` is zero.
    #[inline]
    pub(crate) fn div(self, o: Q) -> Option<X> {
        if o.n == 0 {
            return None;
        }
        let inv = Q { n: if o.n < 0 { -o.d } else { o.d }, d: o.n.abs() };
        if inv.d.unsigned_abs() >= MAX_DEN {
            return Some(Err(Inexact::Precision));
        }
        Some(self.mul(inv))
    }

    /// Rounds to `places` decimal places in the mode declared (四舍五入 = half away from zero).
    pub(crate) fn round(self, places: u32, mode: RoundMode) -> X {
        if self.d == 1 {
            return Ok(self);
        }
        let (m, rem) = digits(self.n.unsigned_abs(), self.d.unsigned_abs(), places).ok_or(Inexact::Overflow)?;
        let d = self.d.unsigned_abs();
        let up = match mode {
            RoundMode::Down => false,
            RoundMode::Up => rem > 0,
            RoundMode::HalfUp => rem * 2 >= d && rem > 0,
            RoundMode::HalfEven => rem * 2 > d || (rem * 2 == d && m % 2 == 1),
        };
        let m = if up { m + 1 } else { m };
        let m = i128::try_from(m).map_err(|_| Inexact::Overflow)?;
        reduce(if self.n < 0 { -m } else { m }, pow10(places))
    }

    /// The value, when it is a whole number.
    pub(crate) fn integer(self) -> Option<i128> {
        (self.d == 1).then_some(self.n)
    }

    /// The value as a decimal: exactly when it is a finite decimal (the invariant makes sure one
    /// holds it), else rounded to the nearest decimal of at most 28 places that fits.
    ///
    /// Total by the invariant ([`fit`], which every value passes): the value is within ±(2^96 − 1),
    /// so the digits below never exceed 96 bits and no conversion can overflow.
    pub(crate) fn to_dec(self) -> Decimal {
        if self.d == 1 {
            return decimal(self.n < 0, self.n.unsigned_abs(), 0);
        }
        let (a, d) = (self.n.unsigned_abs(), self.d.unsigned_abs());
        let mut m = a / d;
        let mut rem = a % d;
        let mut scale = 0;
        while rem != 0 && scale < MAX_SCALE {
            let r10 = rem * 10;
            let next = m * 10 + r10 / d;
            if next > MAX_MANTISSA {
                break;
            }
            m = next;
            rem = r10 % d;
            scale += 1;
        }
        // Round to nearest: a fraction that is not a finite decimal is never exactly halfway.
        if rem * 2 >= d && rem != 0 {
            if m < MAX_MANTISSA {
                m += 1;
            } else if scale > 0 {
                // One digit fewer: the dropped digit and a non-zero remainder round it.
                let last = m % 10;
                m = m / 10 + u128::from(last >= 5);
                scale -= 1;
            }
        }
        // `m` ≤ 2^96 − 1: it starts at the whole part (within the invariant), grows only while
        // it stays within, and rounds up only below the limit or after dropping a digit.
        decimal(self.n < 0, m, scale)
    }

    /// Whether the value is a finite decimal (so [`Q::to_dec`] is exact).
    pub(crate) fn is_decimal(self) -> bool {
        terminating(self.d.unsigned_abs()).is_some()
    }
}

impl Ord for Q {
    fn cmp(&self, o: &Q) -> Ordering {
        if self.d == o.d {
            return self.n.cmp(&o.n);
        }
        let (sa, sb) = (self.n.signum(), o.n.signum());
        if sa != sb {
            return sa.cmp(&sb);
        }
        // Same sign: compare |a|·d_b with |b|·d_a in 256 bits, reversed for negatives.
        let l = wide_mul(self.n.unsigned_abs(), o.d.unsigned_abs());
        let r = wide_mul(o.n.unsigned_abs(), self.d.unsigned_abs());
        if sa < 0 { r.cmp(&l) } else { l.cmp(&r) }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Q) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Default for Q {
    fn default() -> Q {
        Q::ZERO
    }
}

impl From<Decimal> for Q {
    fn from(v: Decimal) -> Q {
        Q::dec(v)
    }
}

/// A whole number within the invariant.
#[inline]
fn whole(n: i128) -> X {
    if n.unsigned_abs() > MAX_MANTISSA { Err(Inexact::Overflow) } else { Ok(Q { n, d: 1 }) }
}

/// `n / d` (`d > 0`) in lowest terms, within the invariant.
fn reduce(n: i128, d: i128) -> X {
    if n == 0 {
        return Ok(Q::ZERO);
    }
    let g = gcd(n.unsigned_abs(), d.unsigned_abs()) as i128;
    fit(Q { n: n / g, d: d / g })
}

/// The decimal `±m × 10^-scale` from its 96 bits of digits (`m` ≤ 2^96 − 1, `scale` ≤ 28: what
/// [`Q::to_dec`] gives it), built from its parts so that no conversion can fail.
fn decimal(negative: bool, m: u128, scale: u32) -> Decimal {
    // The three 32-bit words of the mantissa; the casts take each word's bits.
    let word = |shift: u32| (m >> shift) as u32;
    // A value that rounds to 0 is 0, never `-0`.
    Decimal::from_parts(word(0), word(32), word(64), negative && m != 0, scale)
}

/// Checks the invariant of a value in lowest terms: within the largest decimal, a denominator
/// below 2^124, and a finite decimal only if a `Decimal` holds it exactly.
#[inline]
fn fit(q: Q) -> X {
    let (a, d) = (q.n.unsigned_abs(), q.d.unsigned_abs());
    if q.n == i128::MIN {
        return Err(Inexact::Precision);
    }
    if d == 1 {
        return whole(q.n);
    }
    if d >= MAX_DEN {
        return Err(Inexact::Precision);
    }
    let ip = a / d;
    if ip > MAX_MANTISSA || (ip == MAX_MANTISSA && a % d != 0) {
        return Err(Inexact::Overflow);
    }
    if let Some(places) = terminating(d) {
        if places > MAX_SCALE {
            return Err(Inexact::Precision);
        }
        // `pow10(places) / d` is whole for a finite decimal; the mantissa must fit 96 bits.
        let m = a.checked_mul(pow10(places).unsigned_abs() / d).ok_or(Inexact::Precision)?;
        if m > MAX_MANTISSA {
            return Err(Inexact::Precision);
        }
    }
    Ok(q)
}

/// The decimal places of `1 / d` when it is a finite decimal (`d = 2^a · 5^b`): `max(a, b)`.
#[inline]
fn terminating(d: u128) -> Option<u32> {
    let twos = d.trailing_zeros();
    let r = d >> twos;
    // Most denominators fit in 64 bits, where division is a single instruction.
    let (fives, rest) = match u64::try_from(r) {
        Ok(mut r) => {
            let mut fives = 0;
            while r % 5 == 0 {
                r /= 5;
                fives += 1;
            }
            (fives, u128::from(r))
        }
        Err(_) => {
            let mut r = r;
            let mut fives = 0;
            while r % 5 == 0 {
                r /= 5;
                fives += 1;
            }
            (fives, r)
        }
    };
    (rest == 1).then_some(twos.max(fives))
}

/// 10^s for `s ≤ 36`.
#[inline]
fn pow10(s: u32) -> i128 {
    10i128.pow(s.min(36))
}

/// The integer part of `a / d` with `places` more digits, and the remainder: `a·10^places =
/// m·d + rem`. `None` when `m` would not fit.
fn digits(a: u128, d: u128, places: u32) -> Option<(u128, u128)> {
    let mut m = a / d;
    let mut rem = a % d;
    for _ in 0..places {
        let r10 = rem * 10;
        m = m.checked_mul(10)?.checked_add(r10 / d)?;
        rem = r10 % d;
    }
    Some((m, rem))
}

/// The greatest common divisor (binary algorithm); `gcd(0, x) = x`.
#[inline]
fn gcd(mut a: u128, mut b: u128) -> u128 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    if a == 1 || b == 1 {
        return 1;
    }
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(gcd64(x, y));
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// [`gcd`] in 64 bits, for both non-zero.
#[inline]
fn gcd64(mut a: u64, mut b: u64) -> u64 {
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// The 256-bit product of two `u128`s, as (high, low).
#[inline]
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const M: u128 = u64::MAX as u128;
    let (a1, a0, b1, b0) = (a >> 64, a & M, b >> 64, b & M);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & M) + (p10 & M);
    let lo = (p00 & M) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// A value computed while scoring: an exact number (percents as fractions), yes/no or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum V {
    /// An exact number.
    Num(Q),
    /// Yes or no.
    Bool(bool),
    /// A day.
    Date(NaiveDate),
    /// Not applicable (不适用): reading it fails with `Fail::NotApplicable`.
    NotApplicable,
}

impl V {
    /// A value as read or written, exactly.
    #[inline]
    pub(crate) fn of(v: Value) -> V {
        match v {
            Value::Num(d) => V::Num(Q::dec(d)),
            Value::Bool(b) => V::Bool(b),
            Value::Date(d) => V::Date(d),
            Value::NotApplicable => V::NotApplicable,
        }
    }

    /// The value to show: a number as a decimal ([`Q::to_dec`]).
    pub(crate) fn value(self) -> Value {
        match self {
            V::Num(q) => Value::Num(q.to_dec()),
            V::Bool(b) => Value::Bool(b),
            V::Date(d) => Value::Date(d),
            V::NotApplicable => Value::NotApplicable,
        }
    }

    /// The number, if it is one.
    #[inline]
    pub(crate) fn num(self) -> Option<Q> {
        match self {
            V::Num(q) => Some(q),
            _ => None,
        }
    }

    /// The yes/no, if it is one.
    #[inline]
    pub(crate) fn bool(self) -> Option<bool> {
        match self {
            V::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// Orders values: two of one kind as the rules do (numbers exactly), two of different kinds by
/// their kind. A total order, for sorting; the rules compare with [`cmp_same`].
pub(crate) fn cmp_v(a: &V, b: &V) -> Ordering {
    match (a, b) {
        (V::Num(x), V::Num(y)) => x.cmp(y),
        (V::Date(x), V::Date(y)) => x.cmp(y),
        (V::Bool(x), V::Bool(y)) => x.cmp(y),
        // Values of two types (which the checker never compares) by their type, so that the
        // order stays total and no two different values are ever equal.
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Two values compared as the rules compare them; `None` for values of two types, which the
/// checker's types never compare (a bug, never an answer).
#[inline]
pub(crate) fn cmp_same(a: &V, b: &V) -> Option<Ordering> {
    same_type(a, b).then(|| cmp_v(a, b))
}

/// Whether two values have one type.
#[inline]
pub(crate) fn same_type(a: &V, b: &V) -> bool {
    rank(a) == rank(b)
}

/// The place of a value's type in `cmp_v`'s order of values of two types.
#[inline]
fn rank(v: &V) -> u8 {
    match v {
        V::Num(_) => 0,
        V::Date(_) => 1,
        V::Bool(_) => 2,
        V::NotApplicable => 3,
    }
}

impl crate::plan::Range {
    /// The interval over exact numbers, or `None` when a bound is a date (no number lies in it).
    pub(crate) fn exact(&self) -> Option<crate::plan::interval::Interval<Q>> {
        self.bounds().try_map(|b| match b {
            crate::plan::Value2::Num(b) => Some(Q::dec(b)),
            crate::plan::Value2::Date(_) => None,
        })
    }

    /// Whether an exact value lies in the interval.
    #[inline]
    pub(crate) fn holds(&self, v: V) -> bool {
        let V::Num(x) = v else { return self.contains(v.value()) };
        self.exact().is_some_and(|iv| iv.contains(&x))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Q {
        Q::dec(Decimal::from_str(s).unwrap())
    }

    fn q(n: i64, den: i64) -> Q {
        Q::int(n).div(Q::int(den)).unwrap().unwrap()
    }

    #[test]
    fn quotients_are_kept_exactly_and_rounded_once_when_shown() {
        // 4 × (3 / 7) is 12/7, whose nearest 28-place decimal ends in …143.
        let rate = q(3, 7);
        let v = Q::int(4).mul(rate).unwrap();
        assert_eq!(v, q(12, 7));
        assert_eq!(v.to_dec().to_string(), "1.7142857142857142857142857143");
        assert_eq!(q(2, 3).mul(Q::int(3)).unwrap(), Q::int(2));
        assert_eq!(q(2, 3).to_dec().to_string(), "0.6666666666666666666666666667");
        assert_eq!(q(-2, 3).to_dec().to_string(), "-0.6666666666666666666666666667");
        assert_eq!(q(130, 200), d("0.65"));
        assert_eq!(q(130, 200).to_dec().to_string(), "0.65");
        // 432/7 has two digits before the point: 27 places fit.
        assert_eq!(q(432, 7).to_dec().to_string(), "61.714285714285714285714285714");
    }

    #[test]
    fn the_largest_values_and_the_smallest_fractions_convert_without_a_default() {
        for x in ["79228162514264337593543950335", "-79228162514264337593543950335", "7.9228162514264337593543950335"] {
            assert_eq!(d(x).to_dec().to_string(), x);
        }
        // A fraction of the largest value keeps every digit that fits, rounded to the nearest.
        let big = d("79228162514264337593543950335");
        assert_eq!(big.div(Q::int(3)).unwrap().unwrap().to_dec().to_string(), "26409387504754779197847983445");
        assert_eq!(big.neg().div(Q::int(11)).unwrap().unwrap().to_dec().to_string(), "-7202560228569485235776722757.7");
        // Below the 28th place a negative fraction is 0, not `-0`.
        let tiny = Q::ONE.neg().div(Q::int(3i64.pow(38))).unwrap().unwrap().div(Q::int(3i64.pow(39))).unwrap().unwrap();
        assert!(tiny.is_negative());
        assert!(tiny.to_dec().is_zero() && !tiny.to_dec().is_sign_negative());
    }

    #[test]
    fn finite_decimals_that_no_decimal_holds_are_errors() {
        assert_eq!(d("0.0000000000001").mul(d("0.00000000000000001")), Err(Inexact::Precision));
        assert_eq!(d("0.0000000000000000000000000001").mul(d("0.5")), Err(Inexact::Precision));
        let big = d("79228162514264337593543950335");
        assert_eq!(d("0.5").mul(big), Err(Inexact::Precision));
        assert_eq!(big.add(Q::ONE), Err(Inexact::Overflow));
        assert_eq!(big.mul(Q::int(2)), Err(Inexact::Overflow));
        assert_eq!(big.add(Q::ONE.neg()).unwrap().add(Q::ONE).unwrap(), big);
        // 0.1 × 0.1 and 28 places are fine.
        assert_eq!(d("0.1").mul(d("0.1")).unwrap(), d("0.01"));
        assert_eq!(d("0.00000000000001").mul(d("0.00000000000001")).unwrap(), d("0.0000000000000000000000000001"));
    }

    #[test]
    fn comparisons_are_exact() {
        assert!(q(2, 3) < d("0.6667"));
        assert!(q(2, 3) > d("0.6666666666666666666666666666"));
        assert!(q(2, 3) < d("0.6666666666666666666666666667"));
        assert!(q(-2, 3) > d("-0.6666666666666666666666666667"));
        assert_eq!(q(1, 3).mul(Q::int(3)).unwrap().cmp(&Q::ONE), Ordering::Equal);
        let big = d("79228162514264337593543950335");
        assert!(big.div(Q::int(3)).unwrap().unwrap() < big);
        // Half of it would need 30 digits: no decimal holds it.
        assert_eq!(big.div(Q::int(2)).unwrap(), Err(Inexact::Precision));
        assert!(big.neg().div(Q::int(11)).unwrap().unwrap() > big.neg().div(Q::int(10)).unwrap().unwrap());
    }

    /// The exact value of a `Q`, as a big rational.
    fn big(q: Q) -> num_rational::BigRational {
        num_rational::BigRational::new(q.n.into(), q.d.into())
    }

    /// The nearest decimal of at most 28 places that fits, found with big integers.
    fn nearest(v: &num_rational::BigRational) -> Option<Decimal> {
        use num_traits::Signed;
        let limit = num_bigint::BigInt::from(MAX_MANTISSA);
        let half = num_rational::BigRational::new(1.into(), 2.into());
        (0..=MAX_SCALE).rev().find_map(|s| {
            let scaled = v.abs() * num_rational::BigRational::from_integer(num_bigint::BigInt::from(10).pow(s));
            let m = (scaled + &half).floor().to_integer();
            (m <= limit).then(|| {
                let m = i128::try_from(m).unwrap();
                Decimal::from_i128_with_scale(if v.is_negative() { -m } else { m }, s)
            })
        })
    }

    /// Whether a decimal holds the value exactly.
    fn held(v: &num_rational::BigRational) -> bool {
        nearest(v).is_some_and(|d| big(Q::dec(d)) == *v)
    }

    proptest::proptest! {
        /// Every operation is the exact rational result, or fails exactly when that result is a
        /// finite decimal no decimal holds (or is beyond the largest); `to_dec` is the nearest.
        #[test]
        fn operations_are_exact_or_fail(
            (am, asc, bm, bsc) in (-10_i64.pow(12)..10_i64.pow(12), 0u32..16, -10_i64.pow(12)..10_i64.pow(12), 0u32..16),
            (p, q) in (-1000i64..1000, 1i64..1000),
        ) {
            let a = Q::dec(Decimal::new(am, asc)).mul(Q::int(p)).unwrap().div(Q::int(q)).unwrap().unwrap();
            let b = Q::dec(Decimal::new(bm, bsc));
            let exact = [big(a) + big(b), big(a) - big(b), big(a) * big(b)];
            let got = [a.add(b), a.sub(b), a.mul(b)];
            for (x, g) in exact.iter().zip(got) {
                let finite = {
                    let mut d = x.denom().clone();
                    for f in [2u32, 5] {
                        while (&d % f) == 0.into() {
                            d /= f;
                        }
                    }
                    d == 1.into()
                };
                match g {
                    Ok(v) => {
                        proptest::prop_assert_eq!(&big(v), x);
                        proptest::prop_assert_eq!(Some(v.to_dec()), nearest(x));
                    }
                    Err(_) => proptest::prop_assert!(nearest(x).is_none() || (finite && !held(x)) || x.denom().bits() >= 124),
                }
            }
        }
    }

    #[test]
    fn declared_rounding_is_exact() {
        let r = |v: Q, p, m| v.round(p, m).unwrap().to_dec().to_string();
        assert_eq!(r(q(9, 4), 1, RoundMode::HalfUp), "2.3");
        assert_eq!(r(q(9, 4), 1, RoundMode::HalfEven), "2.2");
        assert_eq!(r(q(9, 4), 1, RoundMode::Down), "2.2");
        assert_eq!(r(q(9, 4), 1, RoundMode::Up), "2.3");
        assert_eq!(r(q(-9, 4), 1, RoundMode::HalfUp), "-2.3");
        assert_eq!(r(q(2, 3), 2, RoundMode::HalfUp), "0.67");
        assert_eq!(r(q(2, 3), 2, RoundMode::Down), "0.66");
        assert_eq!(r(q(1, 3), 0, RoundMode::Up), "1");
        assert_eq!(r(q(47, 20), 1, RoundMode::HalfEven), "2.4");
    }
}
