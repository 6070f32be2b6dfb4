//! `rank` and `score` of rubrics whose rules compare units, or whose grades have quotas, from a
//! regular file read a chunk at a time more than once (the cohort's figures first, then the
//! grades after quotas, then the units scored), against the same file given through a named pipe
//! (read once, whole, as before): the same output byte for byte and the same errors, on the
//! shipped cohort rubrics, `tests/program`'s and generated units, with units that do not bind.
#![cfg(unix)]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `rulecheck ARGS… FACTS MORE…` with the facts at `facts`: exit code, stdout, stderr (the
/// facts' folder written `DIR`).
fn run(args: &[&str], facts: &Path, more: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .arg(facts)
        .args(more)
        .output()
        .unwrap();
    let dir = facts.parent().unwrap().to_string_lossy().into_owned();
    let err = String::from_utf8(out.stderr).unwrap().replace(&dir, "DIR");
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), err)
}

/// The same command on `text` written to a regular file and given through a named pipe (with
/// the same name, in another folder): the same result, which is returned.
fn same(args: &[&str], name: &str, text: &str, more: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (file, pipe) = (dir.path().join("file"), dir.path().join("pipe"));
    std::fs::create_dir_all(&file).unwrap();
    std::fs::create_dir_all(&pipe).unwrap();
    let file = file.join(name);
    std::fs::write(&file, text).unwrap();
    let fifo = pipe.join(name);
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let writer = {
        let (fifo, text) = (fifo.clone(), text.to_string());
        std::thread::spawn(move || {
            // The reader may refuse the pipe before opening it: then nobody reads.
            if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo) {
                let _ = std::io::Write::write_all(&mut f, text.as_bytes());
            }
        })
    };
    let piped = run(args, &fifo, more);
    // Unblock the writer if the command never opened the pipe.
    let _ = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new().read(true).custom_flags(0o4000).open(&fifo)
    };
    writer.join().unwrap();
    let read = run(args, &file, more);
    assert_eq!(read, piped, "{args:?} {name} {more:?}");
    read
}

/// `n` units of `rules/ordos-2024/ranking.rubric` as CSV: ties, equal values, some units with a
/// fact not given (left out of the cohort) or a value that is not a percent (not bound).
fn ordos(n: u64) -> String {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    let mut out = String::from("单位,核查完成率,就业率,满意度,投诉件数\n");
    for i in 0..n {
        let mut p = || format!("{}%", 80 + next(21));
        let (a, b, c) = (p(), p(), p());
        let (a, c) = match next(40) {
            0 => (String::new(), c),
            1 => (a, "百分之九十".to_string()),
            _ => (a, c),
        };
        out.push_str(&format!("旗区{i:04},{a},{b},{c},{}\n", next(13)));
    }
    out
}

#[test]
fn rank_and_score_of_a_cohort_read_twice_are_those_of_the_file_read_whole() {
    let units = ordos(2500);
    for args in [
        &["rank", "rules/ordos-2024/ranking.rubric"][..],
        &["score", "rules/ordos-2024/ranking.rubric"],
        &["score", "rules/ordos-2024/ranking.rubric", "--format", "jsonl"],
    ] {
        for more in [&[][..], &["--format", "csv"], &["--format", "json"], &["--chunk", "7"]] {
            if (args[0] == "score") == (more.first() == Some(&"--format")) {
                continue;
            }
            let (code, out, _) = same(args, "units.csv", &units, more);
            assert_eq!(code, Some(2), "units that cannot be scored: {args:?}");
            assert!(out.lines().count() > 2300, "{args:?}: {}", out.lines().count());
        }
    }
}

#[test]
fn the_shipped_cohort_files_rank_and_score_as_read_whole() {
    for (rules, facts) in [
        ("rules/ordos-2024/ranking.rubric", "rules/ordos-2024/ranking.facts.json"),
        ("rules/safety-2024/townships.rubric", "rules/safety-2024/townships.facts.json"),
        ("tests/program/row-cohort.rubric", "tests/cli/row-cohort.csv"),
        ("tests/cli/grades.rubric", "tests/cli/grades.facts.json"),
        ("tests/cli/rank-band.rubric", "tests/cli/rank-band.facts.json"),
        ("tests/cli/ratio-zero.rubric", "tests/cli/ratio-zero.facts.json"),
    ] {
        let text = std::fs::read_to_string(root().join(facts)).unwrap();
        let name = Path::new(facts).file_name().unwrap().to_string_lossy().into_owned();
        for cmd in ["rank", "score"] {
            let (code, out, err) = same(&[cmd, rules], &name, &text, &[]);
            assert!(code.is_some() && !out.is_empty(), "{cmd} {rules}: {err}");
        }
        same(&["rank", rules], &name, &text, &["--format", "json"]);
        same(&["score", rules], &name, &text, &["--format", "jsonl", "--chunk", "1"]);
    }
}

#[test]
fn a_broken_file_of_a_cohort_reports_what_the_whole_read_reports() {
    let good = ordos(30);
    // A row too wide, a unit given twice, facts for a period, late in the file.
    let wide = format!("{good}旗区X,90%,90%,90%,1,多余\n");
    let twice = format!("{good}旗区0003,90%,90%,90%,1\n");
    let period = good.replacen("单位,", "单位,时期,", 1);
    for (name, text) in [("wide.csv", wide), ("twice.csv", twice), ("period.csv", period)] {
        for cmd in ["rank", "score"] {
            let (code, _, err) = same(&[cmd, "rules/ordos-2024/ranking.rubric"], name, &text, &[]);
            assert_eq!(code, Some(2), "{cmd} {name}: {err}");
            assert!(err.contains("rubric::"), "{cmd} {name}: {err}");
        }
    }
}

/// [`ordos`]'s units as JSON lines (a blank cell left out), then `extra` lines.
fn ordos_lines(n: u64, extra: &str) -> String {
    let table = ordos(n);
    let mut lines = table.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut out = String::new();
    for row in lines {
        let cells: Vec<&str> = row.split(',').collect();
        let facts: Vec<String> = head
            .iter()
            .zip(&cells)
            .skip(1)
            .filter(|(_, c)| !c.is_empty())
            .map(|(h, c)| match c.parse::<u64>() {
                Ok(n) => format!("\"{h}\": {n}"),
                Err(_) => format!("\"{h}\": \"{c}\""),
            })
            .collect();
        out.push_str(&format!("{{\"unit\": \"{}\", \"facts\": {{{}}}}}\n", cells[0], facts.join(", ")));
    }
    out.push_str(extra);
    out
}

#[test]
fn a_cohort_from_json_lines_read_on_the_pool_is_the_file_read_whole() {
    let good = ordos_lines(2500, "");
    let rules = "rules/ordos-2024/ranking.rubric";
    for (args, more) in [(&["rank", rules][..], &[][..]), (&["score", rules], &["--chunk", "7"])] {
        let (code, out, _) = same(args, "units.jsonl", &good, more);
        assert_eq!(code, Some(2), "units that cannot be scored: {args:?}");
        assert!(out.lines().count() > 2300, "{args:?}: {}", out.lines().count());
    }
    // A unit given twice, a line that is not JSON, a blank line: late in the file.
    for (name, extra) in [
        ("twice.jsonl", "{\"unit\": \"旗区0003\", \"facts\": {}}\n"),
        ("bad.jsonl", "\n{\"unit\": \"旗区X\", \"facts\": {\n"),
        ("blank.jsonl", "\n\n"),
    ] {
        let text = ordos_lines(30, extra);
        for cmd in ["rank", "score"] {
            let (code, _, err) = same(&[cmd, rules], name, &text, &[]);
            assert_eq!(code, Some(2), "{cmd} {name}: {err}");
        }
    }
}
