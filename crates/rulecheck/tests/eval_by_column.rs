//! `rulecheck eval --format json` of CSV tables large enough to be read in many chunks, where the
//! units are bound by column and the list tables cut in step with them (`cmd/eval/chunks`): the
//! document is the same on 1 and 2 threads, byte for byte, and every unit's breakdown is the same
//! unit's in a one-chunk table (read by name, as before). The tables are the shipped ones
//! repeated, each copy's units renamed, their list tables repeated in step.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `eval RULES UNITS --format json` with `more` options: exit code, stdout and stderr.
fn eval(rules: &str, units: &Path, more: &[String]) -> (Option<i32>, String, String) {
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["--color", "never", "eval", rules])
        .arg(units)
        .args(["--format", "json"])
        .args(more)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// Evaluates `units` (with `lists`: each list's option and table) once as shipped and once
/// repeated `copies` times: the second's units are the first's, repeated and renamed, and the
/// same on 1 and 2 threads.
fn same_as_one_chunk(rules: &str, units: &str, lists: &[(&str, &str)], copies: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (big, small_opts, big_opts) = common::repeated_tables(dir.path(), units, lists, copies);
    assert!(std::fs::metadata(&big).unwrap().len() > 200_000, "{units}: too small for many chunks");
    let (code, small, _) = eval(rules, &root().join(units), &small_opts);
    let small: Value = serde_json::from_str(&small).unwrap();
    let one = small["units"].as_array().unwrap();
    assert!(!one.is_empty(), "{units}: no unit evaluated");
    let mut want = Vec::new();
    for k in 0..copies {
        for u in one {
            let mut u = u.clone();
            u["unit"] = Value::String(format!("{}-{k}", u["unit"].as_str().unwrap()));
            want.push(u);
        }
    }
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let mut more = big_opts.clone();
        more.extend(["--threads".to_string(), threads.to_string()]);
        let (big_code, got, err) = eval(rules, &big, &more);
        assert_eq!(big_code, code, "{units}, {threads} threads: {err}");
        let doc: Value = serde_json::from_str(&got).unwrap();
        assert_eq!(doc["rubric"], small["rubric"]);
        let got_units = doc["units"].as_array().unwrap();
        assert_eq!(got_units.len(), want.len(), "{units}, {threads} threads");
        for (i, (g, w)) in got_units.iter().zip(&want).enumerate() {
            assert!(g == w, "{units}, {threads} threads: unit {i} differs from the table in one chunk");
        }
        outputs.push(got);
    }
    assert!(outputs[0] == outputs[1], "{units}: 1 and 2 threads write different documents");
}

#[test]
fn seed_000_units_and_their_ledger_in_many_chunks_explain_as_in_one() {
    same_as_one_chunk(
        "rules/wushen-2024.rubric",
        "tests/facts/wushen-2024.csv",
        &[("抚恤发放", "tests/facts/wushen-2024.抚恤发放.csv")],
        120,
    );
}

#[test]
fn list_tables_in_step_and_not_in_many_chunks_explain_as_in_one() {
    // 事故 in step (note and blank rows between groups, a unit without rows); 表彰 and 案卷 as
    // shipped, whatever their order.
    let lists = [
        ("事故", "tests/cli/in-step/in-order.csv"),
        ("表彰", "tests/cli/lists.表彰.csv"),
        ("案卷", "tests/cli/lists.案卷.csv"),
    ];
    same_as_one_chunk("tests/program/lists.rubric", "tests/cli/lists.csv", &lists, 6_000);
}
