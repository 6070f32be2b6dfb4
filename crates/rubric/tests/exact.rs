//! Exact arithmetic, checked against big rationals (`num-rational`): for many fractions p/q and
//! factors k, every engine — the general evaluator, the compiled program (explained and
//! score-only) and the whole-number program — gives the exact value rounded once, where it is
//! shown, to the nearest decimal of at most 28 places; bands compare the exact value; and a
//! finite decimal that no decimal holds is an error, never a 0 or a rounded figure.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rubric::{MemoryLoader, Rubric, UnitFacts};
use rust_decimal::Decimal;
use std::str::FromStr;

fn load(rules: &str) -> Rubric {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", rules));
    assert!(load.report.diagnostics.is_empty(), "{:?}", load.report);
    load.into_rubric().unwrap()
}

/// A decimal's exact value.
fn rat(text: &str) -> BigRational {
    let d = Decimal::from_str(text).unwrap();
    BigRational::new(BigInt::from(d.mantissa()), BigInt::from(10).pow(d.scale()))
}

/// The nearest decimal of at most 28 places whose digits fit in 96 bits, as rust_decimal
/// writes it normalized: the one rounding of a value that is not a finite decimal.
fn nearest(v: &BigRational) -> String {
    let limit = BigInt::from(2).pow(96) - BigInt::one();
    let half = BigRational::new(BigInt::one(), BigInt::from(2));
    for s in (0..=28u32).rev() {
        let scaled = v.abs() * BigRational::from_integer(BigInt::from(10).pow(s));
        let m = (scaled + &half).floor().to_integer();
        if m <= limit {
            let m = i128::try_from(m).unwrap();
            let d = Decimal::from_i128_with_scale(if v.is_negative() { -m } else { m }, s);
            return d.normalize().to_string();
        }
    }
    panic!("{v} is beyond a decimal")
}

const PRODUCTS: &str = r#"rubric "r" {
  fact p: count
  fact q: count
  fact k: number
  let 率 = p / q
  section 甲 "甲" max 200000000 {
    item 一 "k × 率" max 100000000 {
      score k * 率
    }
    item 二 "率 × k，分开写" max 100000000 {
      score 率 * k
    }
  }
  item 三 "k × (p / q)" max 100000000 {
    score k * (p / q)
  }
}"#;

/// The factors: whole, tenths, long decimals, large values (fewer places fit) and negatives.
const KS: &[&str] =
    &["1", "2", "3", "4", "7", "0.5", "0.25", "0.1", "1.5", "2.35", "12.345", "99.99", "100", "123456.789", "-3"];

#[test]
fn products_of_quotients_are_rounded_once_in_every_engine() {
    let r = load(PRODUCTS);
    let ids = ["", "甲", "一", "二", "三"];
    let index: Vec<usize> = ids.iter().map(|id| r.node(id).unwrap().index()).collect();
    let mut checked = 0;
    for q in 1..=30i64 {
        for p in 0..=30i64 {
            for k in KS {
                let unit = UnitFacts::new("单位").num("p", &p.to_string()).num("q", &q.to_string()).num("k", k);
                let row = rat(k) * BigRational::new(BigInt::from(p), BigInt::from(q));
                // Negative rows are raised to the floor of 0.
                let row = if row.is_negative() { BigRational::zero() } else { row };
                let section = &row + &row;
                let total = &section + &row;
                let want = [nearest(&total), nearest(&section), nearest(&row), nearest(&row), nearest(&row)];
                let case = format!("p = {p}, q = {q}, k = {k}");

                let explained = r.evaluate(&unit).unwrap();
                let general = r.evaluate_with(&unit, Some(1_000_000)).unwrap();
                let scores = r.score(&r.bind(&unit).unwrap()).unwrap();
                for (i, id) in ids.iter().enumerate() {
                    let shown = |s: &rubric::UnitScore| match *id {
                        "" => s.score.to_string(),
                        id => s.node(id).unwrap().score.to_string(),
                    };
                    assert_eq!(shown(&explained), want[i], "{case}: `{id}` explained");
                    assert_eq!(shown(&general), want[i], "{case}: `{id}` by the general evaluator");
                    assert_eq!(scores.node(index[i]).unwrap().to_string(), want[i], "{case}: `{id}` score-only");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 30 * 31 * KS.len());
}

/// The case of the issue: 4 × (3 / 7) is 12/7, shown as …143 (rounding 3/7 first gave …144).
#[test]
fn four_times_three_sevenths_is_twelve_sevenths() {
    let r = load(PRODUCTS);
    let unit = UnitFacts::new("单位").num("p", "3").num("q", "7").num("k", "4");
    let s = r.evaluate(&unit).unwrap();
    assert_eq!(s.node("一").unwrap().score.to_string(), "1.7142857142857142857142857143");
    // 2 × 12/7 + 12/7 = 36/7 exactly, not the sum of three rounded rows.
    assert_eq!(s.score.to_string(), "5.1428571428571428571428571429");
}

const BANDS: &str = r#"rubric "r" {
  fact p: count
  fact q: count
  let 率 = p / q
  item 一 "分档" max 5 {
    band 率 {
      [0, 33.33%)                               => 0
      [33.33%, 33.33333333333333333333333333%] => 1
      (33.33333333333333333333333333%, 42.85714285714285714285714286%] => 2
      (42.85714285714285714285714286%, 66.66666666666666666666666667%) => 3
      [66.66666666666666666666666667%, 100%)   => 4
      [100%, ..)                                => 5
    }
  }
}"#;

/// Band bounds a hair from 1/3, 3/7 and 2/3 are compared with the exact rates, by the
/// whole-number program (constant points), the compiled program's trace and the general
/// evaluator alike.
#[test]
fn bands_compare_the_exact_rate() {
    let r = load(BANDS);
    assert!(r.is_compiled());
    let bound = |t: &str| rat(t) / BigRational::from_integer(BigInt::from(100));
    let cuts = [
        (bound("33.33"), true),
        (bound("33.33333333333333333333333333"), false),
        (bound("42.85714285714285714285714286"), false),
        (bound("66.66666666666666666666666667"), true),
        (BigRational::one(), true),
    ];
    for q in 1..=60i64 {
        for p in 0..=q + 2 {
            let x = BigRational::new(BigInt::from(p), BigInt::from(q));
            // The arm: how many cuts the rate is at or beyond (a closed lower bound includes it).
            let want = cuts.iter().filter(|(c, lo_closed)| if *lo_closed { &x >= c } else { &x > c }).count();
            let unit = UnitFacts::new("单位").num("p", &p.to_string()).num("q", &q.to_string());
            let case = format!("{p}/{q}");
            assert_eq!(r.evaluate(&unit).unwrap().score.to_string(), want.to_string(), "{case} explained");
            assert_eq!(
                r.evaluate_with(&unit, Some(1_000_000)).unwrap().score.to_string(),
                want.to_string(),
                "{case} general"
            );
            assert_eq!(r.score(&r.bind(&unit).unwrap()).unwrap().total().to_string(), want.to_string(), "{case} fixed");
        }
    }
}

/// Sums of fractions stay exact: 1/3 + 1/3 + 1/3 is 1, and three rows of 1/3 make a total of 1.
#[test]
fn thirds_add_up_to_one() {
    let r = load(
        r#"rubric "r" {
  fact p: count
  fact q: count
  let 率 = p / q
  item 一 "a" max 1 { score 率 * 1 }
  item 二 "b" max 1 { score 率 * 1 }
  item 三 "c" max 1 { score 率 * 1 }
  item 四 "d" max 1 { award 1 when 率 + 率 + 率 == 100% }
}"#,
    );
    let unit = UnitFacts::new("单位").num("p", "1").num("q", "3");
    for s in [r.evaluate(&unit).unwrap(), r.evaluate_with(&unit, Some(1_000_000)).unwrap()] {
        assert_eq!(s.node("一").unwrap().score.to_string(), "0.3333333333333333333333333333");
        assert_eq!(s.node("四").unwrap().score.to_string(), "1");
        assert_eq!(s.score.to_string(), "2");
    }
}

/// A finite decimal that no decimal holds is an error in every engine, never 0 or rounded.
#[test]
fn products_no_decimal_holds_are_errors() {
    let r = load(
        r#"rubric "r" {
  fact a: number
  fact b: number
  item 一 "a × b" max 100 {
    score 100 - a * b
    floor none
    cap none
  }
}"#,
    );
    let code = |e: rubric::EvalError| miette::Diagnostic::code(&e).unwrap().to_string();
    for (a, b, want) in [
        ("0.0000000000001", "0.00000000000000001", "rubric::precision"),
        ("0.0000000000000000000000000001", "0.5", "rubric::precision"),
        ("0.5", "79228162514264337593543950335", "rubric::precision"),
        ("2", "79228162514264337593543950335", "rubric::overflow"),
    ] {
        let unit = UnitFacts::new("单位").num("a", a).num("b", b);
        assert_eq!(code(r.evaluate(&unit).unwrap_err()), want, "{a} × {b}");
        assert_eq!(code(r.evaluate_with(&unit, Some(1_000_000)).unwrap_err()), want, "{a} × {b}");
        assert_eq!(code(r.score(&r.bind(&unit).unwrap()).unwrap_err()), want, "{a} × {b}");
    }
    // 10⁻¹⁴ × 10⁻¹⁴ has 28 places and is held, but 100 − 10⁻²⁸ would need 30 digits.
    let unit = UnitFacts::new("单位").num("a", "0.00000000000001").num("b", "0.00000000000001");
    assert_eq!(code(r.evaluate(&unit).unwrap_err()), "rubric::precision");
    let product = load(r#"rubric "r" { fact a: number fact b: number item 一 "a × b" max 1 { score a * b } }"#);
    assert_eq!(product.evaluate(&unit).unwrap().score.to_string(), "0.0000000000000000000000000001");
}

const WHOLE: &str = r#"rubric "r" {
  fact p: number
  fact q: count in [1, ..)
  item 一 "floor" max 100 {
    score 50 + floor(p / q)
  }
  item 二 "ceil" max 100 {
    score 50 + ceil(p / q)
  }
  item 三 "四舍五入" max 100 {
    score 50 + round(p / q, 1)
  }
  item 四 "half_even" max 100 {
    score 50 + round(p / q, 1, half_even)
  }
  item 五 "去尾" max 100 {
    score 50 + round(p / q, 1, down)
  }
  item 六 "进一" max 100 {
    score 50 + round(p / q, 1, up)
  }
}"#;

/// `p / q` rounded at `places` by a rule on big rationals: floor, ceil, or the modes of `round`.
fn rounded(v: &BigRational, places: u32, how: &str) -> BigRational {
    let scale = BigRational::from_integer(BigInt::from(10).pow(places));
    let x = v * &scale;
    let (lo, hi) = (x.floor(), x.ceil());
    let half = BigRational::new(BigInt::one(), BigInt::from(2));
    let toward_zero = if x.is_negative() { hi.clone() } else { lo.clone() };
    let away = if x.is_negative() { lo.clone() } else { hi.clone() };
    let frac = (&x - &toward_zero).abs();
    let r = match how {
        "floor" => lo,
        "ceil" => hi,
        "down" => toward_zero,
        "up" => away,
        "half_up" => {
            if frac >= half {
                away
            } else {
                toward_zero
            }
        }
        "half_even" => {
            let even = (toward_zero.to_integer() % BigInt::from(2)).is_zero();
            if frac > half || (frac == half && !even) { away } else { toward_zero }
        }
        _ => panic!("{how}"),
    };
    r / scale
}

/// `floor`, `ceil` and `round` in each mode give, in every engine, the exact quotient rounded by
/// the rule (checked on big rationals), for negative values and exact halves too.
#[test]
fn whole_units_round_the_exact_value_in_every_engine() {
    let r = load(WHOLE);
    let rows = [
        ("一", 0, "floor"),
        ("二", 0, "ceil"),
        ("三", 1, "half_up"),
        ("四", 1, "half_even"),
        ("五", 1, "down"),
        ("六", 1, "up"),
    ];
    let mut checked = 0;
    for q in 1..=8i64 {
        for p in -40..=40i64 {
            let unit = UnitFacts::new("单位").num("p", &p.to_string()).num("q", &q.to_string());
            let v = BigRational::new(BigInt::from(p), BigInt::from(q));
            let explained = r.evaluate(&unit).unwrap();
            let general = r.evaluate_with(&unit, Some(1_000_000)).unwrap();
            let scores = r.score(&r.bind(&unit).unwrap()).unwrap();
            for (id, places, how) in rows {
                let want = nearest(&(rounded(&v, places, how) + BigRational::from_integer(BigInt::from(50))));
                let case = format!("{p} / {q}, {how}");
                assert_eq!(explained.node(id).unwrap().score.to_string(), want, "{case} explained");
                assert_eq!(general.node(id).unwrap().score.to_string(), want, "{case} general");
                let index = r.node(id).unwrap().index();
                assert_eq!(scores.node(index).unwrap().to_string(), want, "{case} score-only");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8 * 81 * 6);
}

/// `pow` is exact while the power fits and an overflow error beyond, never a wrong number; a
/// power that is not whole is a precision error.
#[test]
fn powers_are_exact_or_errors() {
    let r = load(
        r#"rubric "r" {
  fact b: number
  fact n: number
  item 一 "pow" max 10000000000000000000000000000 {
    score 100 + pow(b, n)
  }
}"#,
    );
    for (b, n, want) in [
        ("2", "0", Ok("101")),
        ("2", "10", Ok("1124")),
        ("-2", "3", Ok("92")),
        ("0.5", "3", Ok("100.125")),
        ("2", "-2", Ok("100.25")),
        ("1", "1000000000", Ok("101")),
        ("-1", "1000000001", Ok("99")),
        ("2", "93", Ok("9903520314283042199192993892")),
        ("2", "97", Err("rubric::overflow")),
        ("10", "29", Err("rubric::overflow")),
        ("2", "0.5", Err("rubric::precision")),
        ("0", "-1", Err("rubric::overflow")),
    ] {
        let unit = UnitFacts::new("单位").num("b", b).num("n", n);
        let got = r.evaluate(&unit).map(|s| s.node("一").unwrap().score.to_string());
        match (got, want) {
            (Ok(g), Ok(w)) => assert_eq!(g, w, "pow({b}, {n})"),
            (Err(e), Err(code)) => {
                assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), code, "pow({b}, {n}): {e}")
            }
            (g, w) => panic!("pow({b}, {n}): {g:?}, wanted {w:?}"),
        }
    }
}
