//! Numbers and dates as a spreadsheet shows them. A workbook keeps a number as a binary double,
//! and Excel shows (and computes with) it to 15 significant digits: `=0.1+0.2` holds
//! 0.30000000000000004 and shows 0.3. A cell's number is read as that text — the double rounded
//! to 15 significant digits, then written in the fewest digits — and that text is read as an
//! exact decimal; nothing is computed in floating point. Dates are serial day numbers, counted
//! as Excel counts them (with its 1900 leap-year bug).

use crate::words::cell;
use rubric::errors::Words;
use rust_decimal::Decimal;

/// A cell's number as text, exactly as Excel shows it in General format, and whether float noise
/// was removed (the double's shortest text, when it differs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shown {
    /// The exact decimal shown.
    pub value: Decimal,
    /// The double's own shortest text, when it has more than 15 significant digits.
    pub noise: Option<String>,
}

/// Most significant digits a spreadsheet keeps of a number.
const DIGITS: usize = 15;

/// The number Excel shows for a double: 15 significant digits, in the fewest digits. Err for a
/// number that is not finite, or whose whole part has more than 15 digits (a long number such as
/// an ID: its last digits are already lost).
pub(crate) fn shown(f: f64) -> Result<Shown, Words> {
    if !f.is_finite() {
        return Err(cell::not_finite());
    }
    let shortest = format!("{f}");
    let rounded = format!("{:.*e}", DIGITS - 1, f);
    let value = Decimal::from_scientific(&rounded).map_err(|_| cell::too_big(&shortest))?.normalize();
    let significant = shortest.trim_start_matches('-').replace('.', "").trim_matches('0').len();
    if significant <= DIGITS {
        return Ok(Shown { value, noise: None });
    }
    let whole = shortest.trim_start_matches('-').split('.').next().unwrap_or_default().len();
    if whole > DIGITS {
        return Err(cell::digits_lost(&shortest, DIGITS));
    }
    Ok(Shown { value, noise: Some(shortest) })
}

/// The number Excel shows for a cell's stored text (`<v>0.30000000000000004</v>`): read as an
/// exact decimal, then, when it has more than 15 significant digits, rounded to 15 (half away from
/// zero, 四舍五入) as Excel shows it, with the stored text kept as the noise removed. No binary double is involved.
pub(crate) fn stored(text: &str) -> Result<Shown, Words> {
    let exact = if text.contains(['e', 'E']) { Decimal::from_scientific(text) } else { Decimal::from_str_exact(text) }
        .map_err(|_| cell::too_big(&format!("`{text}`")))?
        .normalize();
    if significant(exact) <= DIGITS {
        return Ok(Shown { value: exact, noise: None });
    }
    if significant(exact.trunc()) > DIGITS {
        return Err(cell::digits_lost(text, DIGITS));
    }
    let value = exact
        .round_sf_with_strategy(DIGITS as u32, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .ok_or_else(|| cell::no_rounding(text, DIGITS))?
        .normalize();
    Ok(Shown { value, noise: Some(text.to_string()) })
}

/// How many significant digits a decimal has (0 for zero).
fn significant(d: Decimal) -> usize {
    let m = d.normalize().mantissa().unsigned_abs();
    if m == 0 { 0 } else { m.to_string().len() }
}

/// What a number format says about the value shown: whether it is a percent, and how many
/// decimals it shows (when it shows a fixed number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Format {
    pub percent: bool,
    pub decimals: Option<usize>,
}

/// Reads a number format code (`0.0%`, `#,##0.00`, `"共"0"人"`): text in quotes, escaped
/// characters and `[…]` parts are not the number's.
pub(crate) fn format_of(code: &str) -> Format {
    let section = code.split(';').next().unwrap_or_default();
    let mut bare = String::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
            }
            other => bare.push(other),
        }
    }
    let general = bare.eq_ignore_ascii_case("general") || bare.trim().is_empty() || bare.contains('@');
    let decimals = if general {
        None
    } else {
        Some(bare.split_once('.').map_or(0, |(_, f)| f.chars().take_while(|c| matches!(c, '0' | '#' | '?')).count()))
    };
    Format { percent: bare.contains('%'), decimals }
}

/// A calendar day from a date cell's parts, refusing the day Excel invents (1900-02-29, serial 60).
pub(crate) fn day(year: u16, month: u8, day: u8) -> Result<String, Words> {
    if (year, month, day) == (1900, 2, 29) {
        return Err(cell::lotus_day());
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifteen_digits_as_excel_shows_them() {
        let s = |f: f64| shown(f).map(|s| (s.value.to_string(), s.noise));
        assert_eq!(s(0.1 + 0.2), Ok(("0.3".into(), Some("0.30000000000000004".into()))));
        assert_eq!(s(0.1), Ok(("0.1".into(), None)));
        assert_eq!(s(87.5), Ok(("87.5".into(), None)));
        assert_eq!(s(1.1 * 3.0), Ok(("3.3".into(), Some("3.3000000000000003".into()))));
        assert_eq!(s(-2.0), Ok(("-2".into(), None)));
        assert_eq!(s(123_456_789_012_345.0), Ok(("123456789012345".into(), None)));
        assert!(s(12_345_678_901_234_567.0).unwrap_err().en().contains("more than 15 digits"));
        assert!(s(f64::NAN).is_err());
        assert_eq!(s(1e-7), Ok(("0.0000001".into(), None)));
    }

    #[test]
    fn stored_text_read_exactly_and_shown_to_fifteen_digits() {
        let s = |t: &str| stored(t).map(|s| (s.value.to_string(), s.noise));
        assert_eq!(s("0.30000000000000004"), Ok(("0.3".into(), Some("0.30000000000000004".into()))));
        assert_eq!(s("0.1"), Ok(("0.1".into(), None)));
        assert_eq!(s("87.5"), Ok(("87.5".into(), None)));
        assert_eq!(s("3.3000000000000003"), Ok(("3.3".into(), Some("3.3000000000000003".into()))));
        assert_eq!(s("-2"), Ok(("-2".into(), None)));
        assert_eq!(s("123456789012345"), Ok(("123456789012345".into(), None)));
        assert!(s("1.2345678901234567E+16").unwrap_err().en().contains("more than 15 digits"));
        assert_eq!(s("9.9999999999999995E-8"), Ok(("0.0000001".into(), Some("9.9999999999999995E-8".into()))));
        assert_eq!(s("1E-7"), Ok(("0.0000001".into(), None)));
        assert_eq!(s("0.123456789012345678"), Ok(("0.123456789012346".into(), Some("0.123456789012345678".into()))));
        assert!(s("1E+40").is_err());
        assert!(s("abc").is_err());
    }

    #[test]
    fn formats_say_percent_and_decimals() {
        assert_eq!(format_of("0.0%"), Format { percent: true, decimals: Some(1) });
        assert_eq!(format_of("0%"), Format { percent: true, decimals: Some(0) });
        assert_eq!(format_of("#,##0.00"), Format { percent: false, decimals: Some(2) });
        assert_eq!(format_of("General"), Format { percent: false, decimals: None });
        assert_eq!(format_of("\"完成率\"0\"%\""), Format { percent: false, decimals: Some(0) });
        assert_eq!(format_of("[Red]0.00%;-0.00%"), Format { percent: true, decimals: Some(2) });
    }
}
