//! `rulecheck score` of CSV tables large enough to be read in many chunks, where the units are
//! bound by column and the list tables cut in step with them (`cmd/score/chunks`, `cut`): every
//! unit scores exactly as the same unit in a one-chunk table (read by name, as before). The
//! tables are the shipped ones repeated, each copy's units renamed, their list tables repeated
//! in step; on 1 and 2 threads.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use insta_cmd::get_cargo_bin;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `score RULES UNITS` with `more` options: exit code and stdout.
fn score(rules: &str, units: &Path, more: &[String]) -> (Option<i32>, String) {
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["--color", "never", "score", rules])
        .arg(units)
        .args(more)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// Scores `units` (with `lists`: each list's option and table) once as shipped and once
/// repeated `copies` times: the second's lines are the first's, repeated and renamed.
fn same_as_one_chunk(rules: &str, units: &str, lists: &[(&str, &str)], copies: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (big, small_opts, big_opts) = common::repeated_tables(dir.path(), units, lists, copies);
    assert!(std::fs::metadata(&big).unwrap().len() > 600_000, "{units}: too small for many chunks");
    let (code, small) = score(rules, &root().join(units), &small_opts);
    let mut lines = small.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut want = vec![header.to_string()];
    for k in 0..copies {
        want.extend(rows.iter().map(|l| common::rename(l, k)));
    }
    let want = want.join("\n") + "\n";
    for threads in ["1", "2"] {
        let mut more = big_opts.clone();
        more.extend(["--threads".to_string(), threads.to_string()]);
        let (big_code, got) = score(rules, &big, &more);
        assert_eq!(big_code, code, "{units}, {threads} threads");
        assert!(got == want, "{units}, {threads} threads: the scores differ from the table in one chunk");
    }
}

#[test]
fn seed_000_units_and_their_ledger_in_many_chunks_score_as_in_one() {
    same_as_one_chunk(
        "rules/wushen-2024.rubric",
        "tests/facts/wushen-2024.csv",
        &[("抚恤发放", "tests/facts/wushen-2024.抚恤发放.csv")],
        800,
    );
}

#[test]
fn list_tables_in_step_and_not_in_many_chunks_score_as_in_one() {
    // 事故 in step (note and blank rows between groups, a unit without rows); 表彰 and 案卷 as
    // shipped, whatever their order.
    let lists = [
        ("事故", "tests/cli/in-step/in-order.csv"),
        ("表彰", "tests/cli/lists.表彰.csv"),
        ("案卷", "tests/cli/lists.案卷.csv"),
    ];
    same_as_one_chunk("tests/program/lists.rubric", "tests/cli/lists.csv", &lists, 15_000);
}
