//! The values written straight from the slots against the general path they replace:
//! `Value::show` (and `rounded_in_text`), `Decimal`'s `Display`, `Q::to_dec`, serde_json and
//! `escape_json`, over edge values.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;
use crate::value::{Ty, Value};
use std::str::FromStr;

/// What the general path writes of a value as a fact's JSON value: its `show`, as a JSON string
/// with hidden characters escaped.
fn general(v: Value, ty: Ty) -> String {
    let s = serde_json::to_string(&v.show(ty)).unwrap();
    rubric_syntax::hidden::escape_json(&s).into_owned()
}

fn written(l: Lit<'_>) -> Option<String> {
    let mut buf = Vec::new();
    l.write(&mut buf).unwrap().then(|| String::from_utf8(buf).unwrap())
}

fn decimals() -> Vec<Decimal> {
    let mut ds: Vec<Decimal> = [
        "0",
        "-0",
        "0.000",
        "-0.000",
        "1",
        "-1",
        "10",
        "100",
        "1.5",
        "-1.50",
        "0.05",
        "-0.05",
        "0.0000001",
        "0.000001",
        "0.1234567",
        "3.14159",
        "99",
        "100.00",
        "12345678901234567890",
        "18446744073709551615",
        "18446744073709551616",
        "-18446744073709551616",
        "0.3333333333333333333333333333",
        "7.9228162514264337593543950335",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "-0.0000000000000000000000000001",
        "1234567890123456789012345678",
        "0.5",
        "0.875",
        "1.23456",
        "0.0123456",
        "2.000001",
        "0.00000001",
        "12.5",
        "0.125",
        "5e-7",
    ]
    .iter()
    .map(|s| Decimal::from_str(s).or_else(|_| Decimal::from_scientific(s)).unwrap())
    .collect();
    // Zero and others with every scale.
    for s in 0..=28 {
        ds.push(Decimal::new(0, s));
        ds.push(Decimal::from_i128_with_scale(-1, s));
        ds.push(Decimal::from_i128_with_scale(120, s));
        ds.push(Decimal::from_i128_with_scale(i128::from(i64::MAX), s));
        ds.push(Decimal::from_i128_with_scale(-(1i128 << 95), s));
    }
    ds
}

/// Whether a mantissa, times 100 for a percent, is beyond 64 bits.
fn beyond_64_bits(m: u128, ty: Ty) -> bool {
    let m = if ty == Ty::Percent { m * 100 } else { m };
    u64::try_from(m).is_err()
}

#[test]
fn decimals_are_written_as_their_display() {
    for n in decimals() {
        let mut buf = Vec::new();
        write_dec(&mut buf, n);
        assert_eq!(String::from_utf8(buf).unwrap(), n.normalize().to_string(), "{n:?}");
    }
}

#[test]
fn facts_numbers_are_written_as_shown_or_left_to_the_general_path() {
    let mut fast = 0;
    for n in decimals() {
        for ty in [Ty::Number, Ty::Count, Ty::Points, Ty::Ratio, Ty::Percent] {
            let v = Value::Num(n);
            match written(Lit::of_decimal(n, ty)) {
                Some(json) => {
                    fast += 1;
                    assert!(!v.rounded_in_text(ty), "{n} {ty:?}: rounded in its text");
                    assert_eq!(json, general(v, ty), "{n} {ty:?}");
                }
                // Only a number rounded in its text, or beyond 64 bits (its percent's digits
                // too), goes the general way.
                None => assert!(v.rounded_in_text(ty) || beyond_64_bits(n.mantissa().unsigned_abs(), ty), "{n} {ty:?}"),
            }
        }
    }
    assert!(fast > 100);
}

#[test]
fn exact_values_are_written_as_their_decimal() {
    let mut qs: Vec<Q> = decimals().into_iter().map(Q::dec).collect();
    let third = Q::int(1).div(Q::int(3)).unwrap().unwrap();
    let eighth = Q::int(-1).div(Q::int(8)).unwrap().unwrap();
    qs.extend([third, eighth, Q::int(7).div(Q::int(1 << 20)).unwrap().unwrap()]);
    for q in qs {
        let mut buf = Vec::new();
        write_q(&mut buf, q);
        assert_eq!(String::from_utf8(buf).unwrap(), q.to_dec().normalize().to_string(), "{q:?}");
        for ty in [Ty::Number, Ty::Percent] {
            let v = V::Num(q).value();
            match written(Lit::of_exact(q, ty)) {
                Some(json) => {
                    assert!(!v.rounded_in_text(ty), "{q:?} {ty:?}");
                    assert_eq!(json, general(v, ty), "{q:?} {ty:?}");
                }
                None => assert!(
                    v.rounded_in_text(ty)
                        || q.small_decimal().is_none_or(|(m, _)| beyond_64_bits(m.unsigned_abs().into(), ty)),
                    "{q:?} {ty:?}"
                ),
            }
        }
    }
}

#[test]
fn dates_at_the_calendars_edges_are_written_as_shown() {
    let days = [(0, 1, 1), (1, 1, 1), (9, 9, 9), (99, 12, 31), (999, 2, 28), (1900, 2, 28), (1970, 1, 1)];
    let more = [(2000, 2, 29), (2024, 2, 29), (2024, 12, 31), (2100, 3, 1), (9999, 12, 31)];
    for (y, m, d) in days.into_iter().chain(more) {
        let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let v = Value::Date(day);
        assert_eq!(written(Lit::other(v)).unwrap(), general(v, Ty::Date), "{day}");
    }
    // Beyond the four digits of a year: the general path (chrono adds a sign).
    for (y, m, d) in [(-1, 1, 1), (10000, 1, 1), (-262_000, 6, 15)] {
        let v = Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(Lit::other(v), Lit::Slow);
    }
}

#[test]
fn yes_no_and_not_applicable_are_written_as_shown() {
    for v in [Value::Bool(true), Value::Bool(false), Value::NotApplicable] {
        assert_eq!(written(Lit::other(v)).unwrap(), general(v, Ty::Bool));
    }
    assert_eq!(written(Lit::Bool(true)), written(Lit::other(Value::Bool(true))));
}

#[test]
fn kinds_with_hidden_characters_are_escaped_as_the_general_path_escapes_them() {
    for k in ["郊区", "a\u{200B}b", "tab\there", "quote\"back\\slash", "\u{202E}evil", "line\u{2028}sep", "≥ ∈ …"]
    {
        let json = serde_json::to_string(k).unwrap();
        assert_eq!(written(Lit::Kind(k)).unwrap(), rubric_syntax::hidden::escape_json(&json), "{k:?}");
    }
}

#[test]
fn fixed_digits_put_the_point_and_the_zeros_where_display_does() {
    for (m, places) in [(0u64, 0u32), (5, 1), (5, 3), (12345, 2), (12345, 5), (12345, 7), (u64::MAX, 0), (u64::MAX, 19)]
    {
        let mut buf = Vec::new();
        write_fixed(&mut buf, m != 0, m, places);
        let d = Decimal::from_i128_with_scale(-i128::from(m), places);
        assert_eq!(String::from_utf8(buf).unwrap(), d.to_string(), "{m}e-{places}");
    }
}
