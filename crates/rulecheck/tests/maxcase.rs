//! A maximum that depends on the unit (城区2分，其他4分, issue 17), as a user runs `rulecheck`:
//! each unit's maximum and why in `eval` and `explain` (Chinese and English) and in the JSON,
//! each case's maxima in `rank` and `check`, the ranking by score, `whatif` on the unit's case.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;
use common::run;

const RULES: &str = "tests/cli/max-case.rubric";
const FACTS: &str = "tests/cli/max-case.facts.json";

#[test]
fn each_unit_is_scored_against_its_own_maximum_and_told_why() {
    let (code, out, err) = run(&["eval", RULES, FACTS]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("单位 城关街道    总分 7.5 / 9"), "{out}");
    assert!(out.contains("单位 新城镇    总分 10.5 / 12"), "{out}");
    assert!(out.contains("单位 河口乡    总分 5.5 / 11"), "{out}");
    assert!(out.contains("一.1 人居环境整治  1.5 / 2  本项满分 2 分（地区类别 == 城区）"), "{out}");
    assert!(out.contains("本项满分 4 分（其他单位）"), "{out}");
    assert!(out.contains("本项满分 3 分（重点乡镇）"), "{out}");
    let (_, out, _) = run(&["eval", RULES, FACTS, "--unit", "城关街道", "--lang", "en"]);
    assert!(out.contains("worth 2 for this unit (地区类别 == 城区)"), "{out}");
    let (_, out, _) = run(&["explain", RULES, FACTS, "--unit", "河口乡"]);
    // In the breakdown and in the account of the row that lost points.
    assert_eq!(out.matches("本项满分 4 分（其他单位）").count(), 2, "{out}");
}

#[test]
fn the_json_gives_each_unit_its_maximum_and_the_case() {
    let (code, out, err) = run(&["eval", RULES, FACTS, "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let units = doc["units"].as_array().unwrap();
    let maxima: Vec<&str> = units.iter().map(|u| u["max"].as_str().unwrap()).collect();
    assert_eq!(maxima, ["9", "12", "11"]);
    let row = &units[0]["children"][0]["children"][0];
    assert_eq!(row["id"], "一.1");
    assert_eq!(row["max"], "2");
    assert_eq!(row["steps"][0], serde_json::json!({"kind": "max_case", "max": "2", "when": "地区类别 == 城区"}));
    let other = &units[2]["children"][0]["children"][0];
    assert_eq!(other["max"], "4");
    assert_eq!(other["steps"][0], serde_json::json!({"kind": "max_case", "max": "4"}));
}

#[test]
fn rank_orders_by_score_and_shows_each_cases_maxima() {
    let (code, out, err) = run(&["rank", RULES, FACTS]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("总分(9/10/11/12)  一(4/5/6/7)  二(5)"), "{out}");
    let order: Vec<&str> = out.lines().filter_map(|l| l.split_whitespace().nth(1)).collect();
    let at = |u: &str| order.iter().position(|x| *x == u).unwrap();
    assert!(at("新城镇") < at("城关街道") && at("城关街道") < at("河口乡"), "{out}");
    let (_, out, _) = run(&["rank", RULES, FACTS, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The rubric's `max` is the most a unit can get: the highest case's.
    assert_eq!(doc["max"], "12");
    let first = &doc["units"][0];
    assert_eq!((first["unit"].as_str(), first["max"].as_str()), (Some("新城镇"), Some("12")));
    assert_eq!(first["children"][0]["max"], "7");
    let (_, _, err) = run(&["check", RULES]);
    assert!(err.contains("9/10/11/12 points"), "{err}");
}

#[test]
fn whatif_works_in_the_units_case_and_does_not_move_it_to_another() {
    let (code, out, err) = run(&["whatif", RULES, FACTS, "--unit", "河口乡", "--lang", "en"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("row 2.5 → 3 pts; total +1.5"), "{out}");
    assert!(out.contains("一.1 地区类别: it decides the unit's maximum"), "{out}");
    let (code, out, _) = run(&["test", RULES]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("3 passed, 0 failed"), "{out}");
}
