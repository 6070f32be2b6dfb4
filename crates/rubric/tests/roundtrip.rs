//! The breakdown reads back from its JSON: every unit of every shipped facts file, scored by its
//! rule file (in periods, against a cohort, or alone), serialises and deserialises to an equal
//! value, and serialises again to the same text.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use common::{Fs, root};
use rubric::{PeriodScores, UnitScore};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Every rule file beside a facts file of the same name, under `rules/` and `tests/cli/`.
fn scored_pairs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files = common::rule_files();
    let cli = std::fs::read_dir(root().join("tests/cli")).unwrap();
    files.extend(
        cli.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".rubric"))
            .map(|f| format!("tests/cli/{f}")),
    );
    for rules in files {
        let facts = rules.replace(".rubric", ".facts.json");
        if root().join(&facts).exists() {
            out.push((rules, facts));
        }
    }
    out
}

/// `value` as JSON, read back: equal to `value`, and written again as the same text.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(what: &str, value: &T) {
    let json = serde_json::to_string_pretty(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{what}: does not read back: {e}\n{json}"));
    assert_eq!(&back, value, "{what}: read back as something else");
    assert_eq!(serde_json::to_string_pretty(&back).unwrap(), json, "{what}: written again as something else");
}

#[test]
fn every_breakdown_of_the_shipped_facts_reads_back_equal() {
    let mut units = 0;
    let mut files = 0;
    for (rules, facts) in scored_pairs() {
        let load = rubric::load(&rules, &Fs);
        let Some(rubric) = load.rubric().cloned() else { panic!("{rules}: {}", common::render(&load)) };
        let text = std::fs::read_to_string(root().join(&facts)).unwrap();
        let records = rubric::facts::from_json(&text).unwrap_or_else(|e| panic!("{facts}: {e}"));
        files += 1;
        if !rubric.has_periods() {
            for s in rubric.evaluate_all(&records) {
                let s: UnitScore = s.unwrap_or_else(|e| panic!("{facts}: {e}"));
                round_trip(&format!("{facts}: {}", s.unit), &s);
                units += 1;
            }
        } else {
            for (unit, own) in rubric::analysis::periods::by_unit(&records) {
                let s: PeriodScores = rubric.evaluate_periods(&own, unit).unwrap_or_else(|e| panic!("{facts}: {e}"));
                round_trip(&format!("{facts}: {unit}"), &s);
                units += 1;
            }
        }
    }
    assert!(files >= 10 && units >= 30, "only {units} units of {files} facts files were read back");
}

#[test]
fn a_rubric_in_periods_has_the_shape_of_every_score() {
    let (rules, facts) = scored_pairs().into_iter().find(|(r, _)| r.contains("service-center")).unwrap();
    let rubric = rubric::load(&rules, &Fs).into_rubric().unwrap();
    let records = rubric::facts::from_json(&std::fs::read_to_string(root().join(facts)).unwrap()).unwrap();
    let (unit, own) = rubric::analysis::periods::by_unit(&records).into_iter().next().unwrap();
    let s = rubric.evaluate_periods(&own, unit).unwrap();
    let json = serde_json::to_value(&s).unwrap();
    for key in ["unit", "score", "max", "steps", "children", "periods"] {
        assert!(json.get(key).is_some(), "no `{key}` in {json}");
    }
    assert_eq!(
        json["periods"][0]["children"][0]["score"],
        serde_json::to_value(&s.periods[0].score.children[0]).unwrap()["score"]
    );
    // A breakdown with rows in `children` is not a score in periods.
    let mut wrong = json.clone();
    wrong["children"] = json["periods"][0]["children"].clone();
    assert!(serde_json::from_value::<PeriodScores>(wrong).is_err());
}
