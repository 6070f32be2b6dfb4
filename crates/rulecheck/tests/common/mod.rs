//! What the tests that run `rulecheck` as a user would share: one run from the repository's root.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, dead_code)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use std::path::PathBuf;
use std::process::Command;

/// `rulecheck ARGS` from the repository's root, without colour or the caller's locale: exit
/// code, stdout, stderr.
pub fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A table's lines with each data row's unit renamed `UNIT-k`, for copies `k` in `0..copies`
/// (the header, and the note and blank rows before the first unit, once).
pub fn repeated(text: &str, copies: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| !(l.starts_with('#') || l.contains("单位") || l.is_empty())).unwrap();
    let mut out: Vec<String> = lines[..start].iter().map(|l| (*l).to_string()).collect();
    for k in 0..copies {
        for l in &lines[start..] {
            out.push(rename(l, k));
        }
    }
    out.join("\n") + "\n"
}

/// A row's unit (its first cell, unquoted) renamed `UNIT-k`; note and blank rows as they are.
pub fn rename(line: &str, k: usize) -> String {
    match line.split_once(',') {
        Some((unit, rest)) if !unit.is_empty() && !unit.starts_with('#') => format!("{unit}-{k},{rest}"),
        _ => line.to_string(),
    }
}

/// The table `units` (relative to the repository's root) and its list tables `lists` (each
/// list's name and table) repeated `copies` times into `dir` ([`repeated`]): the units' file
/// written, and the `--list` options of the tables as shipped and as repeated.
pub fn repeated_tables(
    dir: &std::path::Path,
    units: &str,
    lists: &[(&str, &str)],
    copies: usize,
) -> (PathBuf, Vec<String>, Vec<String>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let big = dir.join("units.csv");
    std::fs::write(&big, repeated(&std::fs::read_to_string(root.join(units)).unwrap(), copies)).unwrap();
    let (mut small_opts, mut big_opts) = (Vec::new(), Vec::new());
    for (list, table) in lists {
        let text = std::fs::read_to_string(root.join(table)).unwrap();
        let file = dir.join(format!("{list}.csv"));
        std::fs::write(&file, repeated(&text, copies)).unwrap();
        small_opts.extend(["--list".to_string(), format!("{list}={table}")]);
        big_opts.extend(["--list".to_string(), format!("{list}={}", file.display())]);
    }
    (big, small_opts, big_opts)
}
