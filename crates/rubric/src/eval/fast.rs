//! Fast forms of a table cell: the few ways of writing a value whose meaning is certain (a plain
//! ASCII decimal `12` or `-3.5`, `87.5%` for a percent, `是` or `否`, an ISO date `2024-07-31`),
//! read without the general reader. Never a second set of rules: a cell in any other form (and
//! every near miss: `007`, `+1`, `1.`, `.5`, `1e3`, full-width digits, `2024-2-3`, `2024-02-30`,
//! more digits than an `i64` holds) gives none and is read by [`crate::facts::read_fact`] as
//! before, and a fast form gives exactly the value the general reader gives it (the proptest of
//! `crates/rubric/tests/fast_cells.rs` holds the two equal). The fact's range is checked after,
//! by the caller, as for any value.

use crate::plan::{FactDef, FactRef};
use crate::value::Value;
use chrono::NaiveDate;
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;

/// The value of a cell (as the table reader reads it: trimmed, unguarded) for fact `def`, when
/// the cell is in a fast form of the fact's type; none for anything else.
pub(crate) fn read(def: &FactDef, cell: &str) -> Option<Value> {
    Form::of(def).read(cell.as_bytes())
}

/// The fast form a fact's cells may take, chosen once for a column (by the fact's type).
///
/// A cell [`Form::read`] accepts is one the table reader does not trim or unguard (it starts
/// with an ASCII digit, `-` or the lead byte of `是`/`否`, and ends with a digit, `%` or that
/// character), and is valid UTF-8: it can be read straight from a record's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `是` or `否`.
    Bool,
    /// A plain decimal without places or sign.
    Count,
    /// A plain decimal, not negative.
    Points,
    /// A plain decimal.
    Number,
    /// A plain decimal and `%`, or `0`.
    Percent,
    /// An ISO date; `ranged`: the fact declares its range (else the year must be in
    /// [`rubric_syntax::YEARS`]).
    Date { ranged: bool },
    /// No fast form: every cell goes to the general reader.
    None,
}

impl Form {
    /// The form of fact `def`'s cells.
    pub(crate) fn of(def: &FactDef) -> Form {
        match def.ty {
            FactType::Bool => Form::Bool,
            FactType::Date => Form::Date { ranged: def.range.is_some() },
            FactType::Count => Form::Count,
            FactType::Points => Form::Points,
            FactType::Number => Form::Number,
            FactType::Percent => Form::Percent,
            FactType::Kind | FactType::List => Form::None,
        }
    }

    /// The value of `cell` in this form; none for any other cell.
    #[inline]
    pub(crate) fn read(self, cell: &[u8]) -> Option<Value> {
        match self {
            Form::Bool => match cell {
                c if c == "是".as_bytes() => Some(Value::Bool(true)),
                c if c == "否".as_bytes() => Some(Value::Bool(false)),
                _ => None,
            },
            Form::Date { ranged } => date(cell, ranged).map(Value::Date),
            Form::Count => count(cell).map(Value::Num),
            Form::Points => decimal(cell).filter(|n| !n.is_sign_negative()).map(Value::Num),
            Form::Number => decimal(cell).map(Value::Num),
            Form::Percent => percent(cell).map(Value::Num),
            Form::None => None,
        }
    }
}

/// A count: ASCII digits without a leading zero (but `0` itself), at most 18 of them; the value
/// [`decimal`] gives such a cell (scale 0, not negative), without looking for a sign or a point.
fn count(cell: &[u8]) -> Option<Decimal> {
    if cell.is_empty() || cell.len() > 18 || (cell.len() > 1 && cell.first() == Some(&b'0')) {
        return None;
    }
    let mut mantissa: i64 = 0;
    for &b in cell {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    Some(Decimal::new(mantissa, 0))
}

/// A plain ASCII decimal: an optional `-`, digits without a leading zero (but `0` itself), and
/// an optional `.` followed by digits; at most 18 digits in all, so that the whole fits an `i64`.
/// `-0` and its like are left to the general reader (a negative zero).
fn decimal(cell: &[u8]) -> Option<Decimal> {
    let (negative, body) = match cell.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, cell),
    };
    let (whole, frac) = match body.iter().position(|&b| b == b'.') {
        Some(at) => (body.get(..at)?, Some(body.get(at + 1..)?)),
        None => (body, None),
    };
    let leading_zero = whole.len() > 1 && whole.first() == Some(&b'0');
    if whole.is_empty() || leading_zero || frac.is_some_and(<[u8]>::is_empty) {
        return None;
    }
    let frac = frac.unwrap_or_default();
    if whole.len() + frac.len() > 18 {
        return None;
    }
    let mut mantissa: i64 = 0;
    for &b in whole.iter().chain(frac) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    if negative && mantissa == 0 {
        return None;
    }
    let scale = u32::try_from(frac.len()).ok()?;
    Some(Decimal::new(if negative { -mantissa } else { mantissa }, scale))
}

/// A percent: a plain decimal and `%` (held as its fraction, as the general reader divides it),
/// or `0` alone, the one bare number whose meaning is certain.
fn percent(cell: &[u8]) -> Option<Decimal> {
    let Some(number) = cell.strip_suffix(b"%") else {
        return decimal(cell).filter(Decimal::is_zero);
    };
    let n = decimal(number)?;
    let v = n.checked_div(Decimal::ONE_HUNDRED)?;
    (v.checked_mul(Decimal::ONE_HUNDRED) == Some(n)).then_some(v)
}

/// An ISO date `YYYY-MM-DD` of the calendar, its year within [`rubric_syntax::YEARS`] unless the
/// fact declares its range.
fn date(b: &[u8], ranged: bool) -> Option<NaiveDate> {
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    if !ranged && !rubric_syntax::YEARS.contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)
}

impl FactRef<'_> {
    /// A table cell read as a value of this fact both ways a table read by column may read it:
    /// by its fast form (none when it has none) and by the general reader, as the table reader
    /// makes the cell a value; the range is checked after either. For the proof that the two
    /// agree (`crates/rubric/tests/fast_cells.rs`), not a reader to use.
    #[doc(hidden)]
    pub fn cell_both_ways(
        &self,
        cell: &str,
    ) -> (Option<crate::value::Value>, Result<crate::value::Value, crate::facts::BadFact>) {
        let text = crate::facts::csv::cell_text(cell);
        let general = self.def.read(&crate::facts::csv::raw_with(text, String::new()));
        (read(self.def, text), general)
    }
}
