//! `rulecheck` as a user runs it: snapshots of stdout, stderr and the exit code.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // test code: failing loudly is the point

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rulecheck() -> Command {
    let mut c = Command::new(get_cargo_bin("rulecheck"));
    c.current_dir(root()).env("NO_COLOR", "1").arg("--color").arg("never");
    c
}

fn rel(p: &Path) -> String {
    p.canonicalize().unwrap().strip_prefix(root().canonicalize().unwrap()).unwrap().to_string_lossy().replace('\\', "/")
}

#[test]
fn eval_text_for_every_example_facts_file() {
    insta::glob!("../../../rules", "**/*.facts.json", |path| {
        let facts = rel(path);
        let rules = facts.replace(".facts.json", ".rubric");
        assert_cmd_snapshot!(rulecheck().args(["eval", &rules, &facts]));
    });
}

#[test]
fn eval_json_for_one_unit() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/county-2021/cemetery.rubric",
        "rules/county-2021/cemetery.facts.json",
        "--unit",
        "县革命烈士陵园管理中心",
        "--format",
        "json"
    ]));
}

#[test]
fn check_the_shipped_rules() {
    assert_cmd_snapshot!(rulecheck().args([
        "check",
        "rules/wushen-2024.rubric",
        "rules/county-2021/service-center.rubric",
        "rules/county-2021/cemetery.rubric",
        "rules/county-2021/retired-cadres.rubric"
    ]));
}

#[test]
fn check_a_broken_rule_file_exits_2_with_located_errors() {
    assert_cmd_snapshot!(rulecheck().args([
        "check",
        "tests/check/err/unknown-name.rubric",
        "tests/parse/err/several-errors.rubric"
    ]));
}

#[test]
fn eval_reports_bad_facts_by_unit_and_fact() {
    let dir = std::env::temp_dir().join("rulecheck-cli-test");
    std::fs::create_dir_all(&dir).unwrap();
    let facts = dir.join("bad.facts.json");
    std::fs::write(&facts, r#"{"units": [{"unit": "甲", "facts": {"重点任务": "很好", "工作创新": 4}}]}"#).unwrap();
    let mut cmd = rulecheck();
    cmd.args(["eval", "rules/county-2021/cemetery.rubric"]).arg(&facts);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("unit `甲`"), "{err}");
    assert!(err.contains("fact `重点任务`: expected a number, found \"很好\""), "{err}");
    assert!(err.contains("missing fact `提质增效`"), "{err}");
}

#[test]
fn eval_of_an_unknown_unit_lists_the_units() {
    assert_cmd_snapshot!(rulecheck().args([
        "eval",
        "rules/wushen-2024.rubric",
        "rules/wushen-2024.facts.json",
        "--unit",
        "不存在"
    ]));
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let file = "tests/check/warn/unused-fact.rubric";
    let plain = rulecheck().args(["check", file]).output().unwrap();
    assert_eq!(plain.status.code(), Some(0), "{}", String::from_utf8_lossy(&plain.stderr));
    let denied = rulecheck().args(["check", "--deny-warnings", file]).output().unwrap();
    assert_eq!(denied.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&denied.stderr).contains("rubric::unused-fact"));
}
