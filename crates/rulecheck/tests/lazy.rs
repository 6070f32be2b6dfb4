//! Facts computed only where read (issue 16), as a user runs `rulecheck`: a unit whose facts
//! lack some that no evaluated rule reads scores, and says which; one that reads a fact not
//! given gets the missing-facts error naming them all; `explain` and `whatif` say the same.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;
use common::run;

const RULES: &str = "tests/program/lazy.rubric";
const FACTS: &str = "tests/cli/lazy.facts.json";

#[test]
fn a_unit_without_facts_it_does_not_need_scores_with_a_note() {
    let (code, out, err) = run(&["eval", RULES, FACTS, "--unit", "甲镇"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("总分 4 / 7"), "{out}");
    assert!(out.contains("未提供且未用到的事实：完成数、任务数、城区整改数"), "{out}");
    let (_, out, _) = run(&["eval", RULES, FACTS, "--unit", "甲镇", "--lang", "en"]);
    assert!(out.contains("facts not given and not needed: 完成数, 任务数, 城区整改数"), "{out}");
    let (code, out, err) = run(&["eval", RULES, FACTS, "--unit", "甲镇", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains(r#""kind": "not_given""#), "{out}");
}

#[test]
fn a_unit_that_reads_a_fact_not_given_lists_all_it_lacks() {
    let (code, _, err) = run(&["eval", RULES, FACTS, "--unit", "乙镇"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("unit `乙镇`: 2 problems with its facts"), "{err}");
    assert!(err.contains("missing fact `任务数`") && err.contains("missing fact `乡镇整改数`"), "{err}");
}

#[test]
fn explain_and_whatif_say_the_same() {
    let (code, out, err) = run(&["explain", RULES, FACTS, "--unit", "甲镇"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("总分 4 / 7") && out.contains("未提供且未用到的事实"), "{out}");
    let (code, out, err) = run(&["whatif", RULES, FACTS, "--unit", "甲镇"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("当前 4 / 7"), "{out}");
    let (code, _, err) = run(&["whatif", RULES, FACTS, "--unit", "乙镇"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("missing fact `任务数`"), "{err}");
}
