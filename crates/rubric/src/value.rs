//! Values and their types: exact decimals, percents, booleans and dates.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// Reads an exact decimal from text: plain (`87.5`) or scientific (`1.5e2`).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')) {
        return None;
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.contains(['e', 'E']) {
        let d = Decimal::from_scientific(t).ok()?;
        // Refuse anything the scientific reading could not hold exactly.
        let (mant, exp) = t.split_once(['e', 'E'])?;
        let exp: i64 = exp.parse().ok()?;
        let digits = mant.replace(['.', '-'], "");
        let frac = mant.split_once('.').map(|(_, f)| f.len() as i64).unwrap_or(0);
        if frac.saturating_sub(exp) > 28 || digits.trim_start_matches('0').len() > 28 {
            return None;
        }
        Some(d)
    } else {
        Decimal::from_str_exact(t).ok()
    }
}

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ty {
    /// A whole number ≥ 0.
    Count,
    /// A decimal.
    Number,
    /// A rate (held as a fraction).
    Percent,
    /// Points.
    Points,
    /// A quotient of two quantities (`核查完成数 / 应核查数`, `金额 / 预算`): a percent where the
    /// rubric treats it as one (compared with a percent, banded by percent bounds), a plain number
    /// elsewhere (docs/language.md, "`/`").
    Ratio,
    /// True or false.
    Bool,
    /// A date.
    Date,
}

impl Ty {
    /// Whether the type is a plain quantity (count, number or points).
    pub fn is_quantity(self) -> bool {
        matches!(self, Ty::Count | Ty::Number | Ty::Points | Ty::Ratio)
    }

    /// Whether values of the two types can be compared or added: quantities with quantities, a
    /// ratio also with a percent, any type with itself.
    pub fn same_family(self, other: Ty) -> bool {
        (self.is_quantity() && other.is_quantity())
            || self == other
            || matches!((self, other), (Ty::Ratio, Ty::Percent) | (Ty::Percent, Ty::Ratio))
    }

    /// The name used in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Count => "a count",
            Ty::Number => "a number",
            Ty::Percent => "a percent",
            Ty::Points => "points",
            Ty::Ratio => "a ratio",
            Ty::Bool => "a yes/no value",
            Ty::Date => "a date",
        }
    }
}

/// A value computed or read for a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A decimal; a percent is held as its fraction.
    Num(Decimal),
    /// True or false.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
    /// 不适用: an optional fact the unit says does not apply to it, or a derived value with
    /// `on zero => 不适用` whose denominator was zero. Reading it makes a row not applicable.
    NotApplicable,
}

impl Value {
    /// The decimal, if it is one.
    pub fn num(self) -> Option<Decimal> {
        match self {
            Value::Num(n) => Some(n),
            _ => None,
        }
    }

    /// The boolean, if it is one.
    pub fn bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The value exactly, given its type: `87.5%`, `是`, `2024-07-31`, `3` — for data (JSON)
    /// and messages that must not round.
    pub fn show(self, ty: Ty) -> String {
        match self {
            Value::Num(n) if ty == Ty::Percent => show_percent(n),
            Value::Num(n) => show_num(n),
            Value::Bool(true) => "是".into(),
            Value::Bool(false) => "否".into(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::NotApplicable => "不适用".into(),
        }
    }

    /// The value as an explanation shows it to a person: as [`Value::show`], but a number with
    /// more than six decimal places (a quotient such as 11 / 12) is rounded and marked `≈`
    /// ([`text_num`], [`text_percent`]).
    pub fn text(self, ty: Ty) -> String {
        match self {
            Value::Num(n) if ty == Ty::Percent => text_percent(n),
            Value::Num(n) => text_num(n),
            other => other.show(ty),
        }
    }
}

impl Value {
    /// [`Value::show`] and [`Value::text`] together, the number formatted once when the two
    /// are the same (a number with at most six decimal places, nearly every one).
    pub fn show_and_text(self, ty: Ty) -> (String, String) {
        let show = self.show(ty);
        let text = if self.rounded_in_text(ty) { self.text(ty) } else { show.clone() };
        (show, text)
    }

    /// Whether [`Value::text`] rounds the value, so that it differs from [`Value::show`].
    pub fn rounded_in_text(self, ty: Ty) -> bool {
        match self {
            Value::Num(n) if ty == Ty::Percent => {
                n.checked_mul(Decimal::ONE_HUNDRED).is_some_and(|p| p.normalize().scale() > EXACT_PLACES)
            }
            Value::Num(n) => n.normalize().scale() > EXACT_PLACES,
            Value::Bool(_) | Value::Date(_) | Value::NotApplicable => false,
        }
    }

    /// [`Value::show`] written at the end of `out`, without a string of its own.
    pub fn write_show(self, ty: Ty, out: &mut String) {
        use std::fmt::Write;
        // Writing to a `String` cannot fail.
        let _ = match self {
            Value::Num(n) if ty == Ty::Percent => match n.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => write!(out, "{}%", p.normalize()),
                None => write!(out, "{} (fraction)", n.normalize()),
            },
            Value::Num(n) => write!(out, "{}", n.normalize()),
            Value::Bool(true) => out.write_str("是"),
            Value::Bool(false) => out.write_str("否"),
            Value::Date(d) => write!(out, "{}", d.format("%Y-%m-%d")),
            Value::NotApplicable => out.write_str("不适用"),
        };
    }
}

/// A decimal without trailing zeros: `2.50` → `2.5`, `2.0` → `2`.
pub fn show_num(n: Decimal) -> String {
    n.normalize().to_string()
}

/// A fraction as a percent: `0.875` → `87.5%`.
pub fn show_percent(n: Decimal) -> String {
    match n.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => format!("{} (fraction)", n.normalize()),
    }
}

/// Decimal places shown exactly in text; a number with more is shown rounded.
const EXACT_PLACES: u32 = 6;
/// Places a rounded number keeps in text.
const ROUNDED_PLACES: u32 = 4;
/// Places a rounded percent keeps in text (of the percent: `≈91.67%`).
const ROUNDED_PERCENT_PLACES: u32 = 2;

/// A decimal as text shows it: exactly (as [`show_num`]) when it has at most six decimal places,
/// otherwise rounded half away from zero to four places and marked `≈`:
/// `3.8266384778012684989429175476` → `≈3.8266`. JSON and CSV keep the exact [`show_num`].
pub fn text_num(n: Decimal) -> String {
    rounded(n, ROUNDED_PLACES).unwrap_or_else(|| show_num(n))
}

/// A fraction as a percent as text shows it: exactly (as [`show_percent`]) when the percent has
/// at most six decimal places, otherwise rounded to two places of the percent and marked `≈`:
/// `0.91666666666666666666666666667` → `≈91.67%`.
pub fn text_percent(n: Decimal) -> String {
    match n.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => match rounded(p, ROUNDED_PERCENT_PLACES) {
            Some(r) => format!("{r}%"),
            None => show_percent(n),
        },
        None => show_percent(n),
    }
}

/// `≈` and `n` rounded to `places`, when `n` has more than [`EXACT_PLACES`] decimal places.
fn rounded(n: Decimal, places: u32) -> Option<String> {
    let n = n.normalize();
    if n.scale() <= EXACT_PLACES {
        return None;
    }
    let r = n.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize();
    // `-0.00001` rounds to zero: no sign on it.
    let r = if r.is_zero() { Decimal::ZERO } else { r };
    Some(format!("≈{r}"))
}

/// Serializes a decimal as a string without trailing zeros, so nothing is lost.
pub fn ser_dec<S: Serializer>(n: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&show_num(*n))
}

/// Serializes an optional decimal as a string.
pub fn ser_opt_dec<S: Serializer>(n: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => s.serialize_str(&show_num(*n)),
        None => s.serialize_none(),
    }
}

/// Reads a decimal written by [`ser_dec`]: a string, read exactly.
pub fn de_dec<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    Decimal::from_str_exact(&text).map_err(|e| serde::de::Error::custom(format!("`{text}` is not a decimal: {e}")))
}

/// Reads an optional decimal written by [`ser_opt_dec`].
pub fn de_opt_dec<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
    text.map(|t| {
        Decimal::from_str_exact(&t).map_err(|e| serde::de::Error::custom(format!("`{t}` is not a decimal: {e}")))
    })
    .transpose()
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn text_rounds_only_long_numbers_and_marks_them() {
        let eleven_twelfths = Decimal::from(11) / Decimal::from(12);
        assert_eq!(text_percent(eleven_twelfths), "≈91.67%");
        assert_eq!(show_percent(eleven_twelfths), "91.66666666666666666666666667%");
        assert_eq!(text_num(d("3.8266384778012684989429175476")), "≈3.8266");
        assert_eq!(text_num(d("-0.00000001")), "≈0");
        assert_eq!(text_num(d("2.50")), "2.5");
        assert_eq!(text_num(d("0.123456")), "0.123456");
        assert_eq!(text_num(d("0.1234567")), "≈0.1235");
        assert_eq!(text_percent(d("0.875")), "87.5%");
        assert_eq!(text_percent(d("0.03125")), "3.125%");
        assert_eq!(text_percent(d("0.00123456789")), "≈0.12%");
        assert_eq!(Value::Num(eleven_twelfths).text(Ty::Number), "≈0.9167");
        assert_eq!(Value::Bool(true).text(Ty::Bool), "是");
    }
}
