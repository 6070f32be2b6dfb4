//! `rulecheck score` of a CSV table of units with a list table read in step with it (its rows
//! grouped by unit in the units' order) or not (any other order, rows for a unit not in the
//! table, a unit given twice, a bad value late in the table): every case scores, or fails, as
//! the list table read whole does, on 1 and 2 threads and in chunks of one unit.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use std::path::PathBuf;
use std::process::Command;

const RULES: &str = "tests/program/lists.rubric";

fn rulecheck() -> Command {
    let mut c = Command::new(get_cargo_bin("rulecheck"));
    c.current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .env("NO_COLOR", "1")
        .arg("--color")
        .arg("never")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    c
}

/// `score` of `units` with the list 事故 from `table` (the other lists from their tables next to
/// `tests/cli/lists.csv`), with `more` options: exit code, stdout, stderr.
fn score(units: &str, table: &str, more: &[&str]) -> (Option<i32>, String, String) {
    let out = rulecheck()
        .args(["score", RULES, units, "--list"])
        .arg(format!("事故={table}"))
        .args(["--list", "表彰=tests/cli/lists.表彰.csv", "--list", "案卷=tests/cli/lists.案卷.csv"])
        .args(more)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The same run in chunks of one unit, on 2 threads, and on 1 thread in one chunk: the same.
fn same_every_way(units: &str, table: &str) -> (Option<i32>, String, String) {
    let first = score(units, table, &["--threads", "1"]);
    for more in [&["--threads", "2", "--chunk", "1"][..], &["--threads", "2"], &["--threads", "1", "--chunk", "2"]] {
        assert_eq!(score(units, table, more), first, "{table} {more:?}");
    }
    first
}

#[test]
fn a_list_table_in_any_order_scores_as_the_json_facts() {
    let json = rulecheck().args(["score", RULES, "tests/cli/lists.facts.json"]).output().unwrap();
    let json = String::from_utf8(json.stdout).unwrap();
    // In step (with a note row and a blank row between groups; 丙 has no rows); in another order
    // than the units (read whole from where that is found); rows of a unit split by another's
    // (read whole from the first).
    for table in ["tests/cli/in-step/in-order.csv", "tests/cli/in-step/out-of-order.csv", "tests/cli/lists.事故.csv"]
    {
        let (code, out, err) = same_every_way("tests/cli/lists.csv", table);
        assert_eq!(code, Some(0), "{table}: {err}");
        assert_eq!(out, json, "{table}");
        assert!(!err.contains("error"), "{table}: {err}");
    }
}

#[test]
fn a_list_row_for_a_unit_not_in_the_table_is_reported_as_when_read_whole() {
    // 戊 between 甲's and 乙's rows; 丙丙 after the last unit's rows (did you mean 丙?).
    for (name, table) in [("middle", "tests/cli/in-step/stray-middle.csv"), ("end", "tests/cli/in-step/stray-end.csv")]
    {
        let (code, ..) = same_every_way("tests/cli/lists.csv", table);
        assert_eq!(code, Some(2), "{table}");
        insta::with_settings!({ snapshot_suffix => name }, {
            assert_cmd_snapshot!(rulecheck()
                .args(["score", RULES, "tests/cli/lists.csv", "--list"])
                .arg(format!("事故={table}"))
                .args(["--list", "表彰=tests/cli/lists.表彰.csv", "--list", "案卷=tests/cli/lists.案卷.csv"]));
        });
    }
}

#[test]
fn a_unit_given_twice_and_a_bad_value_late_in_the_list_are_named() {
    // 甲 twice in the units' table: refused at its second row, the units before it scored.
    let (code, _, err) = same_every_way("tests/cli/in-step/twice.csv", "tests/cli/in-step/in-order.csv");
    assert_eq!(code, Some(2));
    assert!(err.contains("unit `甲` is given twice, in row 2 and in row 4"), "{err}");
    // 特大 is no 等级, on the table's last row: refused before any unit is scored, as read whole.
    let (code, out, err) = same_every_way("tests/cli/lists.csv", "tests/cli/in-step/bad-value-late.csv");
    assert_eq!(code, Some(2));
    assert!(err.contains("the table of list `事故`, row 6, column B"), "{err}");
    assert_eq!(out, "", "{err}");
}

/// `eval --format json` of every unit joins a list table as `score` does: in step, out of order
/// (read whole from there), split; the document is the one of the JSON facts, byte for byte.
#[test]
fn eval_json_joins_a_list_table_in_step_as_the_json_facts() {
    let eval = |units: &str, table: Option<&str>, threads: &str| {
        let mut c = rulecheck();
        c.args(["eval", RULES, units, "--format", "json"]).env("RAYON_NUM_THREADS", threads);
        if let Some(t) = table {
            c.arg("--list").arg(format!("事故={t}"));
            c.args(["--list", "表彰=tests/cli/lists.表彰.csv", "--list", "案卷=tests/cli/lists.案卷.csv"]);
        }
        let out = c.output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, json) = eval("tests/cli/lists.facts.json", None, "1");
    assert_eq!(code, Some(0));
    for table in ["tests/cli/in-step/in-order.csv", "tests/cli/in-step/out-of-order.csv", "tests/cli/lists.事故.csv"]
    {
        for threads in ["1", "2"] {
            assert_eq!(eval("tests/cli/lists.csv", Some(table), threads), (Some(0), json.clone()), "{table}");
        }
    }
}
