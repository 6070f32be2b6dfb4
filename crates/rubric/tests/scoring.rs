//! One scoring request for every kind of rubric: each shipped rule file with its facts, scored
//! through `Rubric::scoring`, gives what the rubric's own entry points give.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::{Outcome, Rubric, UnitFacts};

/// Every rule file in `rules/` that ships a facts file beside it, with those facts.
fn shipped() -> Vec<(String, Rubric, Vec<UnitFacts>)> {
    let mut out = Vec::new();
    for rules in common::rule_files() {
        let facts = rules.replace(".rubric", ".facts.json");
        let Ok(text) = std::fs::read_to_string(common::root().join(&facts)) else { continue };
        let rubric = rubric::load(&rules, &common::Fs).into_rubric().unwrap_or_else(|| panic!("{rules} loads"));
        out.push((rules, rubric, rubric::facts::from_json(&text).unwrap()));
    }
    assert!(out.len() >= 6, "the shipped facts files were not found: {}", out.len());
    out
}

/// Writes each unit's outcome as `unit: total` or `unit: code`, one a line.
fn lines(scored: &[rubric::Scored]) -> String {
    use miette::Diagnostic as _;
    let line = |s: &rubric::Scored| match &s.outcome {
        Ok(o) => format!("{}: {}", s.unit, o.total()),
        Err(e) => format!("{}: {}", s.unit, e.code().map(|c| c.to_string()).unwrap_or_default()),
    };
    scored.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// The same units scored through the entry points the request replaces.
fn by_hand(rubric: &Rubric, units: &[UnitFacts]) -> String {
    let mut out = Vec::new();
    if !rubric.periods.is_empty() {
        for unit in rubric::analysis::periods::units(units) {
            let total = rubric.evaluate_periods(units, unit).map(|p| p.total);
            out.push((unit.to_string(), total));
        }
    } else {
        for (u, s) in units.iter().zip(rubric.evaluate_all(units)) {
            out.push((u.unit.clone(), s.map(|s| s.score)));
        }
    }
    let line = |(unit, total): (String, Result<rust_decimal::Decimal, rubric::EvalError>)| match total {
        Ok(t) => format!("{unit}: {t}"),
        Err(e) => format!("{unit}: {}", miette::Diagnostic::code(&e).map(|c| c.to_string()).unwrap_or_default()),
    };
    out.into_iter().map(line).collect::<Vec<_>>().join("\n")
}

#[test]
fn one_request_scores_every_kind_of_rubric() {
    let mut kinds = (0, 0, 0);
    for (name, rubric, units) in shipped() {
        let expect = by_hand(&rubric, &units);
        let numbers = rubric.scoring().units(&units);
        let explained = rubric.scoring().explained().units(&units);
        assert_eq!(lines(&numbers), expect, "{name}: numbers only");
        assert_eq!(lines(&explained), expect, "{name}: explained");
        for s in &explained {
            match (&s.outcome, rubric.periods.is_empty()) {
                (Ok(Outcome::Explained(_)), true) | (Ok(Outcome::Periods(_)), false) | (Err(_), _) => {}
                (other, _) => panic!("{name}: {}: not the explained outcome: {other:?}", s.unit),
            }
        }
        match () {
            () if !rubric.periods.is_empty() => kinds.0 += 1,
            () if rubric.is_cohort() => kinds.1 += 1,
            () => kinds.2 += 1,
        }
    }
    assert!(kinds.0 > 0 && kinds.1 > 0 && kinds.2 > 0, "periods, cohorts and plain rubrics all tried: {kinds:?}");
}

#[test]
fn a_unit_alone_is_scored_as_in_a_batch_unless_it_needs_the_others() {
    for (name, rubric, units) in shipped() {
        if rubric.is_cohort() || !rubric.periods.is_empty() {
            continue;
        }
        let batch = rubric.scoring().units(&units);
        for (u, s) in units.iter().zip(&batch) {
            let alone = rubric.scoring().unit(u).map(|o| o.total());
            assert_eq!(alone.ok(), s.outcome.as_ref().ok().map(Outcome::total), "{name}: {}", u.unit);
        }
    }
}

/// A unit bound by one rubric, or a trace made by it, is refused by another, even one loaded
/// from the same text: its slots could mean other facts there.
#[test]
fn a_bound_unit_or_trace_belongs_to_its_rubric() {
    use miette::Diagnostic as _;
    let rules = r#"rubric "r" { fact 甲: count  fact 乙: count  item 一 "t" max 2 { deduct 1 per 甲 "扣" } }"#;
    let load = || rubric::load("r.rubric", &rubric::MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
    let (one, other) = (load(), load());
    let unit = UnitFacts::new("单位").num("甲", "1").num("乙", "0");
    let bound = one.bind(&unit).unwrap();
    assert_eq!(one.score(&bound).unwrap().total().to_string(), "1");
    let code = |e: rubric::EvalError| e.code().map(|c| c.to_string());
    assert_eq!(other.score(&bound).err().and_then(code).as_deref(), Some("rubric::other-rubric"));
    assert_eq!(other.trace(&bound).err().and_then(code).as_deref(), Some("rubric::other-rubric"));
    let trace = one.trace(&bound).unwrap();
    assert_eq!(trace.render(&other).err().and_then(code).as_deref(), Some("rubric::other-rubric"));
    assert_eq!(trace.render(&one).unwrap().score.to_string(), "1");
    // A clone is the same rubric.
    assert!(one.clone().score(&bound).is_ok());
}
