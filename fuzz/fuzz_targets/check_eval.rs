#![no_main]
//! A rule file and facts built for its declared facts, through the whole library:
//! load (with importable shared files) → render every diagnostic → evaluate → explain::hints
//! → run_tests → templates read back.
//!
//! Input layout: `RULE TEXT [\0 FACT BYTES]`. The rule text is everything before the first NUL
//! byte; the bytes after it drive `arbitrary` to pick a raw value for each declared fact
//! (numbers as text with random digits, scales, signs and exponents, percents, 是/否, dates,
//! nulls, omissions, duplicates, unknown names), for up to three units.

use arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use rubric::{Engine, Raw, Rubric, UnitFacts};
use rubric_syntax::ast::FactType;

#[path = "common.rs"]
mod common;

/// Number-like words of the rule text (band edges, thresholds), to aim values at boundaries.
fn literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) || (c == '-' && cur.is_empty()) {
            cur.push(c);
        } else {
            if cur.chars().any(|c| c.is_ascii_digit()) {
                if c == '%' || c == '％' {
                    cur.push('%');
                }
                out.push(cur.trim_end_matches('.').to_string());
            }
            cur.clear();
        }
        if out.len() >= 64 {
            break;
        }
    }
    out
}

fn digits(u: &mut Unstructured, max: usize) -> Result<String> {
    let n = u.int_in_range(0..=max)?;
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        s.push(char::from(b'0' + u.int_in_range(0..=9u8)?));
    }
    Ok(s)
}

/// A number as text: sign, integer digits, fraction digits, exponent — or a boundary literal
/// from the rule text, nudged.
fn number_text(u: &mut Unstructured, lits: &[String]) -> Result<String> {
    if !lits.is_empty() && u.ratio(1, 2)? {
        let l = u.choose(lits)?.trim_end_matches('%').to_string();
        return Ok(match u.int_in_range(0..=5u8)? {
            0 => l,
            1 => format!("{l}0000000000000000000000001"),
            2 => format!("{l}.0000000000000000000000001"),
            3 => format!("-{l}"),
            4 => format!("{l}e0"),
            _ => format!("{l}9"),
        });
    }
    let mut s = String::new();
    match u.int_in_range(0..=9u8)? {
        0 => s.push('-'),
        1 => s.push('+'),
        2 => s.push_str(" "),
        _ => {}
    }
    let int = digits(u, 32)?;
    s.push_str(if int.is_empty() && u.ratio(3, 4)? { "0" } else { &int });
    if u.ratio(1, 2)? {
        s.push('.');
        s.push_str(&digits(u, 32)?);
    }
    if u.ratio(1, 6)? {
        s.push(*u.choose(&['e', 'E'])?);
        match u.int_in_range(0..=2u8)? {
            0 => s.push('-'),
            1 => s.push('+'),
            _ => {}
        }
        let e: String = match u.int_in_range(0..=4u8)? {
            0 => i64::MAX.to_string(),
            1 => "9223372036854775808".into(),
            2 => u32::MAX.to_string(),
            _ => digits(u, 3)?,
        };
        s.push_str(&e);
    }
    Ok(s)
}

fn date_text(u: &mut Unstructured) -> Result<String> {
    let y: i64 = *u.choose(&[2021, 2024, 0, -1, 9999, 262143, 262144, i64::from(i32::MAX)])?;
    let m: u32 = u.int_in_range(0..=13)?;
    let d: u32 = u.int_in_range(0..=32)?;
    Ok(match u.int_in_range(0..=3u8)? {
        0 => format!("{y}-{m:02}-{d:02}"),
        1 => format!("{y}/{m}/{d}"),
        2 => format!("{y}年{m}月{d}日"),
        _ => format!("{y}.{m}.{d}"),
    })
}

/// A raw value for a fact of this type (or any other type, to exercise the type errors).
fn raw_for(u: &mut Unstructured, ty: FactType, lits: &[String]) -> Result<Raw> {
    let ty = if u.ratio(1, 8)? {
        *u.choose(&[
            FactType::Count,
            FactType::Number,
            FactType::Percent,
            FactType::Bool,
            FactType::Date,
            FactType::Points,
        ])?
    } else {
        ty
    };
    Ok(match u.int_in_range(0..=31u8)? {
        0 => Raw::Null,
        1 => Raw::Text(String::arbitrary(u)?),
        2 => Raw::Number(String::arbitrary(u)?),
        _ => match ty {
            FactType::Bool => match u.int_in_range(0..=5u8)? {
                0 | 1 => Raw::Bool(bool::arbitrary(u)?),
                2 => Raw::Text((*u.choose(&["是", "否", " 是 ", "YES", "n", "√", "×", "对", "错", ""])?).into()),
                _ => Raw::Bool(bool::arbitrary(u)?),
            },
            FactType::Date => Raw::Text(date_text(u)?),
            FactType::Percent => {
                let n = number_text(u, lits)?;
                match u.int_in_range(0..=3u8)? {
                    0 => Raw::Number(n),
                    1 => Raw::Text(format!("{n}％")),
                    _ => Raw::Text(format!("{n}%")),
                }
            }
            FactType::Count | FactType::Number | FactType::Points => {
                let n = number_text(u, lits)?;
                if u.ratio(1, 4)? { Raw::Text(n) } else { Raw::Number(n) }
            }
            // One of the names the shared library's and the seeds' kinds list, or any text.
            FactType::Kind => match u.int_in_range(0..=3u8)? {
                0 => Raw::Text(String::arbitrary(u)?),
                _ => Raw::Text((*u.choose(&["城区", "郊区", "山区", "一般", "较大", "重大", " 一般 ", "无"])?).into()),
            },
            // A few records with the shared library's fields (and sometimes others), each a value
            // of some type.
            FactType::List => {
                let mut records = Vec::new();
                for _ in 0..u.int_in_range(0..=4u8)? {
                    let mut rec = Vec::new();
                    for field in ["等级", "日期", "损失"] {
                        if u.ratio(7, 8)? {
                            let fty = *u.choose(&[FactType::Kind, FactType::Date, FactType::Number])?;
                            rec.push((field.to_string(), raw_for(u, fty, lits)?));
                        }
                    }
                    if u.ratio(1, 8)? {
                        rec.push((String::arbitrary(u)?, Raw::Null));
                    }
                    records.push(rec);
                }
                Raw::Records(records)
            }
        },
    })
}

fn unit_for(u: &mut Unstructured, facts: &[rubric::FactRef<'_>], lits: &[String], k: usize) -> Result<UnitFacts> {
    let mut unit = UnitFacts::new(format!("单位{k}"));
    for f in facts {
        if u.ratio(1, 24)? {
            continue; // missing
        }
        let raw = raw_for(u, f.ty(), lits)?;
        unit.values.push((f.name().to_string(), raw));
        if u.ratio(1, 40)? {
            let raw = raw_for(u, f.ty(), lits)?;
            unit.values.push((f.name().to_string(), raw)); // given twice
        }
    }
    if u.ratio(1, 20)? {
        let name = String::arbitrary(u)?;
        let raw = raw_for(u, FactType::Number, lits)?;
        unit.values.push((name, raw)); // unknown fact
    }
    Ok(unit)
}

fn exercise(rubric: &Rubric, text: &str, facts: &[u8]) {
    let lits = literals(text);
    let mut u = Unstructured::new(facts);
    let units = 1 + u.int_in_range(0..=2usize).unwrap_or(0);
    let declared: Vec<rubric::FactRef<'_>> = rubric.facts().collect();
    for k in 0..units {
        let Ok(unit) = unit_for(&mut u, &declared, &lits, k) else { break };
        // Every engine agrees with the reference evaluator (which uses none of the layout's
        // skips and no program): the same breakdown, or the same error.
        let compiled = rubric.evaluate(&unit);
        let reference = rubric.evaluate_by(&unit, Engine::Reference);
        for engine in [Engine::Auto, Engine::General, Engine::Compiled, Engine::Fixed] {
            let got = if engine == Engine::Auto { compiled.clone() } else { rubric.evaluate_by(&unit, engine) };
            match (&got, &reference) {
                (Ok(c), Ok(g)) => assert_eq!(c, g, "{engine:?} and reference breakdowns differ"),
                (Err(c), Err(g)) => assert_eq!(c.to_string(), g.to_string(), "{engine:?} and reference errors differ"),
                (c, g) => panic!(
                    "{engine:?} {:?} but reference {:?}",
                    c.as_ref().map(|s| s.score),
                    g.as_ref().map(|s| s.score)
                ),
            }
        }
        let scored = rubric.bind(&unit).and_then(|b| rubric.score(&b));
        match (&compiled, &scored) {
            (Ok(c), Ok(s)) => assert_eq!(c.score, s.total(), "score-only total differs"),
            (Err(c), Err(s)) => assert_eq!(c.to_string(), s.to_string(), "score-only error differs"),
            (c, s) => {
                panic!("explained {:?} but score-only {:?}", c.as_ref().map(|x| x.score), s.as_ref().map(|x| x.total()))
            }
        }
        match compiled {
            Ok(score) => {
                let hints = rubric::analysis::explain::hints(rubric, &unit, &score).expect("hints of a scored unit");
                for h in &hints {
                    let _ = rubric::render::Render::new(rubric::Lang::Zh).hint(h);
                }
                let _ = score.nodes().len();
                let _ = serde_json::to_string(&score);
                let _ = serde_json::to_string(&hints);
            }
            Err(e) => {
                common::render_error(&e);
            }
        }
    }
    for outcome in rubric.run_tests() {
        let _ = outcome.passed();
    }
    // A blank form for the rubric must read back as facts (with every value still missing).
    let names = vec!["甲".to_string(), "乙,\"丙\"".to_string()];
    let csv = rubric::template_csv(rubric, &names);
    if let Ok(units) = rubric::from_csv(&csv) {
        for unit in &units {
            let _ = rubric.evaluate(unit);
        }
    }
    let json = rubric::template_json(rubric, &names);
    let _ = rubric::facts::from_json(&json);
}

fuzz_target!(|data: &[u8]| {
    let (rule, facts) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(rule) else { return };
    let load = common::load(text);
    common::render_load(&load, &[100]);
    if let Some(rubric) = load.rubric() {
        exercise(rubric, text, facts);
    }
});
