//! Streaming keeps every error's place (issue 21): `rulecheck score` and `eval --format json`, run
//! as a user, on facts files of some MB (many chunks of 256 KiB) with one error placed in the
//! first row, far past the first chunk, in the last row; in a list table read in step with the
//! units (a bad value, a row for an unknown unit, rows out of order); far into a JSON `units`
//! array and a JSON Lines file; in an xlsx sheet. Each message must name the unit, the row (line)
//! and the column (field), and be the same on 1 and on 2 threads. The corpus is `tests/stream/`
//! (the rubric and its README); the files are written into a temporary folder, where the commands
//! run, so the messages name them as a user typed them.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Units in a generated file: its CSV table (with a notes column of 600 bytes a row) is about
/// 630 KB, its list table (10 rows a unit, with notes) 1.4 MB, its JSON (10 records a unit)
/// 450 KB: several chunks of 256 KiB each. Few units, long rows: the run's time is the units'.
const UNITS: usize = 1_000;
/// A unit far past the first chunk (about 500 KB into the units' table, 1.1 MB into the list's,
/// 360 KB into the JSON).
const FAR: usize = 800;
/// Rows a unit in the list table.
const LIST: usize = 10;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The name of unit `i` (from 1).
fn unit(i: usize) -> String {
    format!("单位{i:05}")
}

/// A unit's scalar facts: 会议次数, 按时完成, 完成日期.
fn facts(i: usize) -> (String, &'static str, String) {
    ((i % 4).to_string(), if i % 3 == 0 { "否" } else { "是" }, format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28))
}

/// The units' table, with `bad` (a unit's number, its replacement of 会议次数) in place.
fn units_csv(bad: Option<(usize, &str)>) -> String {
    let note = "说明".repeat(100);
    let mut s = String::from("单位,备注,会议次数,按时完成,完成日期\n");
    for i in 1..=UNITS {
        let (n, done, day) = facts(i);
        let n = match bad {
            Some((b, v)) if b == i => v.to_string(),
            _ => n,
        };
        writeln!(s, "{},{note}{i},{n},{done},{day}", unit(i)).unwrap();
    }
    s
}

/// The list table 抽查, `LIST` rows a unit grouped in the units' order (read in step), or with the
/// last unit's rows first (out of order: read whole). `edit(row, line)` may change a data row
/// (from 1, the header being row 1 of the file: data row `r` is the file's row `r + 1`).
fn list_csv(in_order: bool, edit: impl Fn(usize, String) -> String) -> String {
    let mut rows: Vec<String> = (1..=UNITS)
        .flat_map(|i| {
            (0..LIST)
                .map(move |k| format!("{},{},{},{}", unit(i), 1 + (i + k) % 12, (i + k) % 3, "检查记录".repeat(10)))
        })
        .collect();
    if !in_order {
        rows.rotate_right(LIST);
    }
    let mut s = String::from("单位,月份,问题数,备注\n");
    for (r, line) in rows.into_iter().enumerate() {
        s.push_str(&edit(r + 1, line));
        s.push('\n');
    }
    s
}

/// A unit as a JSON object on one line, with `LIST` records of 抽查.
fn unit_json(i: usize) -> String {
    let (n, done, day) = facts(i);
    let done = done == "是";
    let records: Vec<String> =
        (0..LIST).map(|k| format!(r#"{{"月份": {}, "问题数": {}}}"#, 1 + (i + k) % 12, (i + k) % 3)).collect();
    format!(
        r#"{{"unit": "{}", "facts": {{"会议次数": {n}, "按时完成": {done}, "完成日期": "{day}", "抽查": [{}]}}}}"#,
        unit(i),
        records.join(", ")
    )
}

/// The units as JSON Lines, or as a JSON document with one unit a line (unit `i` on line `i + 1`),
/// unit `at`'s `"会议次数": N` made `with(N)`.
fn units_json(lines: bool, at: usize, with: impl Fn(&str) -> String) -> String {
    let body: Vec<String> = (1..=UNITS)
        .map(|i| {
            let u = unit_json(i);
            if i != at {
                return u;
            }
            let n = facts(i).0;
            u.replacen(&format!("\"会议次数\": {n},"), &format!("\"会议次数\": {},", with(&n)), 1)
        })
        .collect();
    if lines { body.join("\n") + "\n" } else { format!("{{\"units\": [\n{}\n]}}\n", body.join(",\n")) }
}

/// A folder with the rubric, where the commands run.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("tests/stream/places.rubric"), dir.path().join("places.rubric")).unwrap();
    dir
}

/// `rulecheck ARGS` in `dir` on `threads` threads (`eval` has no `--threads`: the pool's size is
/// `RAYON_NUM_THREADS`), without colour or the caller's locale: exit code, stdout, stderr.
fn rulecheck(dir: &Path, threads: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// Runs `score` and `eval --format json` of `facts` (with `more` options) on 1 and 2 threads:
/// each fails, the same on both, its standard error naming every one of `expect`. Returns what a
/// snapshot keeps: each command's standard error and `score`'s lines naming `expect[0]`.
fn check(dir: &Path, facts: &str, more: &[&str], expect: &[&str]) -> String {
    let mut shown = String::new();
    for cmd in [&["score", "places.rubric", facts][..], &["eval", "places.rubric", facts, "--format", "json"]] {
        let run = |threads: &str| {
            let flag: &[&str] = if cmd[0] == "score" { &["--threads", threads] } else { &[] };
            rulecheck(dir, threads, &[cmd, more, flag].concat())
        };
        let (code, out, err) = run("1");
        let name = cmd[0];
        assert_ne!(code, Some(0), "{name} {facts}: no error\n{err}");
        let (code2, out2, err2) = run("2");
        assert_eq!((code2, &err2), (code, &err), "{name} {facts}: 2 threads differ from 1");
        // `eval --format json` writes each unit as it is scored: a file that breaks part way
        // leaves as much of the document as was written before, which depends on the batches.
        if name == "score" {
            assert_eq!(out2, out, "{name} {facts}: 2 threads write another output");
        }
        let lines: Vec<&str> = out.lines().filter(|l| expect.first().is_some_and(|u| l.contains(u))).collect();
        let said = format!("{err}{}", lines.concat());
        for e in expect {
            assert!(said.contains(e), "{name} {facts}: `{e}` is not named\n{said}");
        }
        write!(shown, "$ rulecheck {} (exit {code:?}, 1 and 2 threads)\n{err}", cmd.join(" ")).unwrap();
        if name == "score" {
            for l in lines {
                writeln!(shown, "stdout: {l}").unwrap();
            }
        }
        shown.push('\n');
    }
    shown
}

/// Writes `files` (name, text) into a new folder and checks `facts` there.
fn case(files: &[(&str, String)], facts: &str, more: &[&str], expect: &[&str]) -> String {
    let dir = folder();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    check(dir.path(), facts, more, expect)
}

/// The list table beside `units.csv`, in step and without errors.
fn list_ok() -> (&'static str, String) {
    ("units.抽查.csv", list_csv(true, |_, l| l))
}

#[test]
fn a_bad_value_in_the_units_table_is_placed_first_far_and_last() {
    for (name, at) in [("first", 1), ("far", FAR), ("last", UNITS)] {
        let (u, row) = (unit(at), format!("row {}", at + 1));
        let shown = case(
            &[("units.csv", units_csv(Some((at, "两次")))), list_ok()],
            "units.csv",
            &[],
            &[&u, &row, "column C", "会议次数"],
        );
        insta::with_settings!({ snapshot_suffix => name }, { insta::assert_snapshot!(shown) });
    }
}

#[test]
fn a_list_table_read_in_step_places_its_errors() {
    let far = LIST * FAR + 1; // the first data row of unit FAR + 1
    let bad = |row: usize, line: String| {
        if row != far {
            return line;
        }
        let cells: Vec<&str> = line.split(',').collect();
        format!("{},{},多,{}", cells[0], cells[1], cells[3])
    };
    let stray = |row: usize, line: String| if row == far { format!("单位X,1,0,\n{line}") } else { line };
    let units = ("units.csv", units_csv(None));
    let cases: [(&str, String, Vec<String>); 3] = [
        ("bad-value", list_csv(true, bad), vec![unit(FAR + 1), format!("row {}", far + 1), "column C".into()]),
        ("unknown-unit", list_csv(true, stray), vec!["单位X".into(), format!("row {}", far + 1), "column A".into()]),
        ("out-of-order", list_csv(false, bad), vec![unit(FAR), format!("row {}", far + 1), "column C".into()]),
    ];
    for (name, table, expect) in cases {
        let expect: Vec<&str> = expect.iter().map(String::as_str).collect();
        let shown = case(&[units.clone(), ("units.抽查.csv", table)], "units.csv", &[], &expect);
        insta::with_settings!({ snapshot_suffix => name }, { insta::assert_snapshot!(shown) });
    }
}

#[test]
fn a_bad_unit_far_into_json_and_json_lines_is_placed() {
    let u = unit(FAR);
    for (name, lines) in [("json", false), ("jsonl", true)] {
        let file = format!("units.{name}");
        // A bad value: the unit and the fact are named (a JSON value has no row or column).
        let bad = units_json(lines, FAR, |_| "\"两次\"".into());
        let shown = case(&[(&file, bad)], &file, &[], &[&u, "会议次数", "两次"]);
        insta::with_settings!({ snapshot_suffix => format!("{name}-value") }, { insta::assert_snapshot!(shown) });
        // A broken unit: its line and column. A JSON document's unit `i` is on line `i + 1`, a JSON
        // Lines file's on line `i`; the second comma is the 41st character of its line, the 53rd
        // byte (a JSON document's column counts bytes, as serde_json does, JSON Lines' characters).
        let broken = units_json(lines, FAR, |n| format!("{n},"));
        let (line, column) = if lines { (FAR, 41) } else { (FAR + 1, 53) };
        let (line, column) = (format!("line {line}"), format!("column {column}"));
        let shown = case(&[(&file, broken)], &file, &[], &[&line, &column]);
        insta::with_settings!({ snapshot_suffix => format!("{name}-syntax") }, { insta::assert_snapshot!(shown) });
    }
}

#[test]
fn a_bad_cell_in_an_xlsx_sheet_is_placed() {
    use rust_xlsxwriter::Workbook;
    // A workbook is read whole, not in chunks; its units are then scored in batches on the pool.
    const ROWS: usize = UNITS;
    const BAD: usize = FAR;
    let dir = folder();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["单位", "会议次数", "按时完成", "完成日期"].into_iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for i in 1..=ROWS {
        let (n, done, day) = facts(i);
        let r = i as u32;
        sheet.write_string(r, 0, unit(i)).unwrap();
        if i == BAD {
            sheet.write_string(r, 1, "两次").unwrap();
        } else {
            sheet.write_number(r, 1, n.parse::<f64>().unwrap()).unwrap();
        }
        sheet.write_string(r, 2, done).unwrap();
        sheet.write_string(r, 3, day).unwrap();
    }
    book.save(dir.path().join("units.xlsx")).unwrap();
    std::fs::write(dir.path().join("units.抽查.csv"), list_csv(true, |_, l| l)).unwrap();
    let (u, cell) = (unit(BAD), format!("sheet Sheet1, cell B{}", BAD + 1));
    // A list table is found beside a `.csv` facts file only: a workbook names it.
    let shown = check(dir.path(), "units.xlsx", &["--list", "抽查=units.抽查.csv"], &[&u, &cell, "会议次数"]);
    insta::assert_snapshot!(shown);
}
