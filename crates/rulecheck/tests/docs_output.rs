//! The command outputs pasted into the documentation are what `rulecheck` prints today.
//!
//! Every fenced block with the info string `console` in `README.md`, `docs/tutorial.md` and
//! `docs/cli.md` is a transcript: lines starting with `$ rulecheck ` are commands, run from the
//! workspace root with `NO_COLOR=1`, and the lines after a command, up to the next command, are
//! what it prints: its standard output, then its standard error (a leading byte-order mark is left
//! out). A line that is only `…` stands for any number of lines, so a long output can be cut.
//! Trailing white space and trailing blank lines are not compared. `console,exit=N` says that
//! every command of the block exits with status `N` (by default 0).
//!
//! A command is split at spaces; it may not use quotes, pipes or redirections. Outputs that need
//! a shell, a file outside the repository or a made-up mistake are pasted as `text` blocks, which
//! are not run.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use std::path::PathBuf;
use std::process::Command;

const DOCS: &[&str] = &["README.md", "docs/tutorial.md", "docs/cli.md"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Transcript {
    doc: String,
    line: usize,
    command: String,
    expected: Vec<String>,
    exit: i32,
}

/// The transcripts of a Markdown text.
fn transcripts(doc: &str, text: &str) -> Vec<Transcript> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((_, line)) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else { continue };
        let info = info.trim();
        // A block inside a list item is indented; its lines are read without that indent.
        let indent = line.len() - line.trim_start().len();
        let mut body: Vec<(usize, &str)> = Vec::new();
        for (i, l) in lines.by_ref() {
            if l.trim_start().starts_with("```") {
                break;
            }
            let cut = l.len() - l.trim_start().len();
            body.push((i + 1, l.get(cut.min(indent)..).unwrap_or(l)));
        }
        if info != "console" && !info.starts_with("console,") {
            continue;
        }
        let exit = info
            .split(',')
            .find_map(|o| o.trim().strip_prefix("exit="))
            .map(|n| n.parse().unwrap_or_else(|_| panic!("{doc}: bad exit status in `{info}`")))
            .unwrap_or(0);
        for (n, l) in body {
            if let Some(cmd) = l.strip_prefix("$ ") {
                out.push(Transcript {
                    doc: doc.to_string(),
                    line: n,
                    command: cmd.trim().to_string(),
                    expected: Vec::new(),
                    exit,
                });
            } else if let Some(t) = out.last_mut() {
                t.expected.push(l.trim_end().to_string());
            } else {
                panic!("{doc}:{n}: a console block must start with a `$ rulecheck …` line");
            }
        }
    }
    out
}

/// Whether the actual lines match the expected ones, where an expected `…` line matches any run
/// of lines (including none).
fn matches(expected: &[String], actual: &[String]) -> bool {
    // ok[i][j]: expected[i..] matches actual[j..].
    let (m, n) = (expected.len(), actual.len());
    let mut ok = vec![vec![false; n + 1]; m + 1];
    ok[m][n] = true;
    for i in (0..m).rev() {
        for j in (0..=n).rev() {
            ok[i][j] = if expected[i].trim() == "…" {
                ok[i + 1][j] || (j < n && ok[i][j + 1])
            } else {
                j < n && expected[i] == actual[j] && ok[i + 1][j + 1]
            };
        }
    }
    ok[0][0]
}

fn trimmed(mut lines: Vec<String>) -> Vec<String> {
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

#[test]
fn pasted_outputs_are_what_rulecheck_prints() {
    let mut problems = Vec::new();
    let mut run = 0;
    for doc in DOCS {
        let text = std::fs::read_to_string(root().join(doc)).unwrap_or_else(|e| panic!("{doc}: {e}"));
        for t in transcripts(doc, &text) {
            let here = format!("{}:{}", t.doc, t.line);
            let Some(args) = t.command.strip_prefix("rulecheck ") else {
                problems.push(format!("{here}: `{}` is not a rulecheck command", t.command));
                continue;
            };
            if args.contains(['"', '\'', '|', '>', '<', ';', '&', '$']) {
                problems.push(format!("{here}: `{}` needs a shell; paste it as a `text` block", t.command));
                continue;
            }
            let output = Command::new(get_cargo_bin("rulecheck"))
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env_remove("LANG")
                .current_dir(root())
                .env("NO_COLOR", "1")
                .args(args.split_whitespace())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stdout = stdout.strip_prefix('\u{feff}').unwrap_or(&stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            let actual: Vec<String> = stdout.lines().chain(stderr.lines()).map(|l| l.trim_end().to_string()).collect();
            let (expected, actual) = (trimmed(t.expected.clone()), trimmed(actual));
            if !matches(&expected, &actual) {
                problems.push(format!(
                    "{here}: `{}` prints something else. It prints:\n{}\n--- the docs say:\n{}",
                    t.command,
                    actual.join("\n"),
                    expected.join("\n")
                ));
            }
            let status = output.status.code().unwrap_or(-1);
            if status != t.exit {
                problems.push(format!("{here}: `{}` exits with {status}, the docs say {}", t.command, t.exit));
            }
            run += 1;
        }
    }
    assert!(problems.is_empty(), "{} problems in {run} pasted outputs:\n\n{}", problems.len(), problems.join("\n\n"));
    assert!(run >= 10, "only {run} pasted outputs were checked");
}

#[test]
fn an_ellipsis_line_stands_for_any_lines() {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "…", "d"]), &v(&["a", "b", "c", "d"])));
    assert!(matches(&v(&["a", "…", "d"]), &v(&["a", "d"])));
    assert!(matches(&v(&["a", "…"]), &v(&["a", "b"])));
    assert!(!matches(&v(&["a", "…", "d"]), &v(&["a", "b", "c"])));
    assert!(!matches(&v(&["a", "b"]), &v(&["a", "c"])));
    assert!(!matches(&v(&["a"]), &v(&["a", "b"])));
}
