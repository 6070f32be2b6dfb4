//! Computed only where read (issue 16): a fact not given and a derived value that fails are
//! errors only when a rule that is evaluated reads them; the error then lists every fact the
//! unit does not give, as before; an empty cell is never "not given".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)] // test code

use rubric::facts::from_json;
use rubric::report::breakdown::Step;
use rubric::{Engine, MemoryLoader, Rubric, UnitFacts, from_csv};

const RULES: &str = r#"rubric "专项" {
  fact 有此项任务: bool "本年度有无专项整治任务"
  fact 完成数: count "已完成整治数"
  fact 任务数: count "整治任务数"
  fact 问题数: count "问题数"
  let 完成率 = 完成数 / 任务数
  let 完成率百分 = 完成率 * 100
  item 一 "专项整治" max 2 {
    award 2 when 有此项任务 and 完成率百分 >= 90 "完成90%以上的得2分"
  }
  item 二 "问题" max 3 {
    deduct 1 per 问题数 when 有此项任务
  }
}"#;

fn rules() -> Rubric {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", RULES));
    load.rubric().cloned().unwrap_or_else(|| panic!("rules do not check: {:?}", load.report))
}

fn unit(json: &str) -> UnitFacts {
    from_json(&format!(r#"{{"units": [{{"unit": "甲", "facts": {json}}}]}}"#)).unwrap().remove(0)
}

/// The unit's total, or its error with the problems it lists, by every engine (which agree).
fn score(u: &UnitFacts) -> String {
    let r = rules();
    let got = |engine| match r.evaluate_by(u, engine) {
        Ok(s) => format!("{}", s.score.normalize()),
        Err(e) => {
            let related: Vec<String> =
                miette::Diagnostic::related(&e).into_iter().flatten().map(|p| p.to_string()).collect();
            format!("{e}: {}", related.join("; "))
        }
    };
    let reference = got(Engine::Reference);
    for engine in [Engine::Auto, Engine::General, Engine::Compiled, Engine::Fixed] {
        assert_eq!(got(engine), reference, "{engine:?}");
    }
    reference
}

#[test]
fn facts_read_only_on_a_branch_not_taken_need_not_be_given() {
    assert_eq!(score(&unit(r#"{"有此项任务": false}"#)), "3");
    assert_eq!(score(&unit(r#"{"有此项任务": false, "完成数": 0, "任务数": 0}"#)), "3");
    assert_eq!(score(&unit(r#"{"有此项任务": true, "完成数": 9, "任务数": 10, "问题数": 1}"#)), "4");
}

#[test]
fn reading_a_fact_not_given_lists_every_fact_not_given() {
    let got = score(&unit(r#"{"有此项任务": true, "完成数": 9}"#));
    assert_eq!(
        got,
        "unit `甲`: 2 problems with its facts: missing fact `任务数`, needed by `完成率`, `完成率百分`, item `一`; \
         missing fact `问题数`, needed by item `二`"
    );
    // The same unit bound: the facts not given are known before scoring.
    let bound = rules().bind(&unit(r#"{"有此项任务": true, "完成数": 9}"#)).unwrap();
    assert_eq!(bound.not_given(), ["任务数", "问题数"]);
}

#[test]
fn a_derived_value_that_fails_is_an_error_only_where_read_and_for_what_reads_it() {
    // 完成率百分 reads 完成率, which divides by zero: the error names 完成率, as before.
    let got = score(&unit(r#"{"有此项任务": true, "完成数": 0, "任务数": 0, "问题数": 0}"#));
    assert!(got.contains("完成率") && got.contains("任务数"), "{got}");
    assert!(got.contains("zero"), "{got}");
}

#[test]
fn the_explanation_says_which_facts_were_not_given() {
    let s = rules().evaluate(&unit(r#"{"有此项任务": false}"#)).unwrap();
    let note = s.steps.iter().find_map(|st| match st {
        Step::NotGiven { facts } => Some(facts.clone()),
        _ => None,
    });
    assert_eq!(note, Some(vec!["完成数".to_string(), "任务数".to_string(), "问题数".to_string()]));
    let given = rules().evaluate(&unit(r#"{"有此项任务": false, "完成数": 0, "任务数": 0, "问题数": 0}"#)).unwrap();
    assert!(!given.steps.iter().any(|st| matches!(st, Step::NotGiven { .. })));
}

#[test]
fn an_absent_column_is_not_given_but_an_empty_cell_is_no_value() {
    let absent = from_csv("单位,有此项任务\n甲,否\n").unwrap();
    assert_eq!(score(&absent[0]), "3");
    let empty = from_csv("单位,有此项任务,完成数,任务数,问题数\n甲,否,,,\n").unwrap();
    let got = score(&empty[0]);
    assert!(got.contains("no value"), "{got}");
}
