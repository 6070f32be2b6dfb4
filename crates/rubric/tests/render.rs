//! The renderer says every breakdown of the shipped facts in both languages: every English label
//! is English, and no sentence of its own is left in Chinese.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use common::{Fs, root};
use rubric::UnitScore;
use rubric::render::{Lang, Line, Render};

/// The rule files beside a facts file of the same name (not scored in periods), with their units scored.
fn scored() -> Vec<(rubric::Rubric, Vec<rubric::UnitFacts>, Vec<UnitScore>)> {
    let mut out = Vec::new();
    for rules in common::rule_files() {
        let facts = rules.replace(".rubric", ".facts.json");
        let Ok(text) = std::fs::read_to_string(root().join(&facts)) else { continue };
        let rubric = rubric::load(&rules, &Fs).into_rubric().unwrap_or_else(|| panic!("{rules} does not compile"));
        if rubric.has_periods() {
            continue;
        }
        let units = rubric::facts::from_json(&text).unwrap();
        let scores = rubric.evaluate_all(&units).into_iter().map(Result::unwrap).collect();
        out.push((rubric, units, scores));
    }
    out
}

#[test]
fn every_row_is_said_in_chinese_and_in_english() {
    let (zh, en) = (Render::new(Lang::Zh), Render::new(Lang::En));
    let mut said = 0;
    for (rubric, units, scores) in scored() {
        let (zh_r, en_r) = (zh.with_rubric(&rubric), en.with_rubric(&rubric));
        for (unit, score) in units.iter().zip(&scores) {
            let hints = rubric::analysis::explain::hints(&rubric, unit, score).unwrap();
            let hints: Vec<_> = hints.iter().collect();
            for h in &hints {
                assert_ne!(zh.hint(h), en.hint(h), "a hint of {} is not translated", h.node);
            }
            for n in score.nodes() {
                let (z, e) = (zh.reason(n), en.reason(n));
                assert!(z.is_empty() == e.is_empty() && (z.is_empty() || z != e), "{}: `{z}` / `{e}`", n.id);
                let (za, ea) = (zh_r.account(n, &hints), en_r.account(n, &hints));
                assert_eq!(za.len(), ea.len(), "{}: the accounts differ in length", n.id);
                for l in &ea {
                    if let Line::Said { label, .. } = l {
                        assert!(label.is_ascii(), "{}: the English label `{label}`", n.id);
                    }
                }
                said += 1;
            }
        }
    }
    assert!(said >= 400, "only {said} rows were said");
}
