//! The shape of the core: its stages depend on each other in one direction, and its files and
#![allow(clippy::panic)] // test code: failing loudly is the point
//! functions stay small. Reads the sources of `crates/rubric/src`; every rule broken is listed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The stages, lowest first. A module may use its own stage and the stages before it, never a
/// later one. `docs/architecture.md` draws the same order.
const STAGES: &[&str] = &[
    "value",    // typed values and decimal text
    "safe",     // text fit to show: hidden characters, spreadsheet formulas
    "source",   // rule files and how they are read
    "diag",     // diagnostics of the checker
    "facts",    // facts files read into units' values
    "plan",     // the compiled form of a rubric
    "check",    // rule files checked and compiled into a plan
    "report",   // the explained breakdown as data, blank facts forms
    "eval",     // scoring: the engines, a loaded `Rubric`
    "analysis", // explain, what-if, diff, periods, tests
    "render",   // the sentences of an explanation, in Chinese or English
];

/// Most lines in a file, and in a function.
const MAX_FILE_LINES: usize = 700;
const MAX_FN_LINES: usize = 90;

/// Files and functions over the limits, each with the reason it is allowed.
const ALLOWED: &[(&str, &str)] = &[
    // Engines: one dispatch over the operations, kept in one function so the state stays in
    // registers (docs/performance.md).
    ("eval/machine.rs::run", "the stack machine's dispatch loop"),
    ("eval/fixed.rs::run", "the whole-number program's dispatch loop"),
    ("eval/general.rs::node", "the general evaluator's scoring of one node, one arm per phase of the order"),
    // Compilers: one match over every form they translate.
    ("eval/program.rs::of", "compiles every rule form into the program, one arm each"),
    ("eval/fixed.rs::of", "compiles every operation into whole-number form, one arm each"),
    ("eval/layout.rs::of", "sorts every rule of every node into its scoring phase"),
    ("eval/trace.rs::step", "renders every kind of trace event into a step, one arm each"),
    ("facts/bad.rs::both", "says every bad value in English and Chinese, one arm each"),
    ("analysis/whatif_why.rs::both", "says why every change cannot be derived, in English and Chinese, one arm each"),
    ("facts/words.rs::words", "says every fault of a TOML facts file's layout in English and Chinese, one arm each"),
    ("render/scoring.rs::zh", "says every scoring error in Chinese, one arm each"),
    // The checker: still one walk over the tree, to be split by stage.
    ("check/typeck.rs::expr", "types every expression form, one arm each"),
    // The checker's codes: one table, so that each fault's code, severity and text are in one place.
    ("diag/codes.rs", "the table of the checker's codes: one row per fault, its text in English and Chinese"),
    ("diag/codes.rs::entry", "the table: name, severity and text of every code, one arm each"),
    ("diag/codes.rs::text", "the phrases of helps: their text in English and Chinese, one arm each"),
    // Explanations: one sentence per rule form.
    ("analysis/explain.rs::hints", "a hint for every rule form, one arm each"),
    ("analysis/periods.rs::run_period_test", "runs a test's expectations in one period"),
];

#[test]
fn stages_depend_one_way() {
    let mut out = String::new();
    for (file, text) in sources() {
        let from = stage_of(&file);
        for target in crate_paths(&code_only(&text)) {
            let Some(to) = STAGES.iter().position(|s| *s == target) else {
                writeln!(out, "{file}: `crate::{target}` names an item at the crate root; use its module's path").ok();
                continue;
            };
            if from.is_some_and(|f| to > f) {
                let from = from.and_then(|f| STAGES.get(f)).copied().unwrap_or_default();
                writeln!(out, "{file}: stage `{from}` uses the later stage `{target}`").ok();
            }
        }
    }
    assert!(out.is_empty(), "edges against the direction of the stages:\n{out}");
}

#[test]
fn files_and_functions_are_small() {
    let mut out = String::new();
    for (file, text) in sources() {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES && !allowed(&file) {
            writeln!(out, "{file}: {lines} lines (most {MAX_FILE_LINES})").ok();
        }
        for (name, len) in functions(&text) {
            let key = format!("{file}::{name}");
            if len > MAX_FN_LINES && !allowed(&key) {
                writeln!(out, "{key}: {len} lines (most {MAX_FN_LINES})").ok();
            }
        }
    }
    for (key, _) in ALLOWED {
        let (file, name) = key.split_once("::").unwrap_or((key, ""));
        let text = std::fs::read_to_string(src().join(file)).unwrap_or_default();
        let over = if name.is_empty() {
            text.lines().count() > MAX_FILE_LINES
        } else {
            functions(&text).iter().any(|(n, len)| n == name && *len > MAX_FN_LINES)
        };
        if !over {
            writeln!(out, "{key}: allowed but no longer over the limit; remove it from ALLOWED").ok();
        }
    }
    assert!(out.is_empty(), "too large:\n{out}");
}

/// Every module file opens with a `//!` line saying what it is for.
#[test]
fn every_file_says_what_it_is_for() {
    let missing: Vec<String> = sources().into_iter().filter(|(_, t)| !t.starts_with("//!")).map(|(f, _)| f).collect();
    assert!(missing.is_empty(), "files without a `//!` line: {missing:?}");
}

fn allowed(key: &str) -> bool {
    ALLOWED.iter().any(|(k, _)| *k == key)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Each `.rs` file under `src`, by its path relative to `src` with `/`, and its text.
fn sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![src()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src()).map(|p| p.to_string_lossy().replace('\\', "/"));
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((rel.unwrap_or_default(), text));
            }
        }
    }
    out.sort();
    assert!(out.len() > 20, "the sources were not found under {}", src().display());
    out
}

/// The stage of a file: its folder, or its own name for a file at the top; `None` for `lib.rs`.
fn stage_of(file: &str) -> Option<usize> {
    let top = file.split('/').next().unwrap_or(file).trim_end_matches(".rs");
    let stage = STAGES.iter().position(|s| *s == top);
    assert!(stage.is_some() || top == "lib", "`{file}` is in no stage: add its folder to STAGES");
    stage
}

/// The code of a file without comments and without its `#[cfg(test)]` module (tests may use
/// any stage).
fn code_only(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    let head = text.get(..end).unwrap_or(text);
    head.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The first name after each `crate::`, and each name of a `crate::{a, b::c}` group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = code.get(at + "crate::".len()..).unwrap_or("");
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            out.extend(inner.split(',').map(|p| ident(p.trim())).filter(|p| !p.is_empty()));
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

fn ident(s: &str) -> String {
    s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Each function with the number of lines from its `fn` line to the line closing it at the
/// same indentation.
fn functions(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let Some(at) = trimmed.find("fn ") else { continue };
        let before = trimmed.get(..at).unwrap_or("");
        let is_fn = before
            .split_whitespace()
            .all(|w| ["pub", "pub(crate)", "pub(super)", "const", "async", "unsafe", "extern"].contains(&w));
        if !is_fn || trimmed.ends_with(';') {
            continue;
        }
        let name = ident(trimmed.get(at + 3..).unwrap_or(""));
        let indent = line.len() - trimmed.len();
        let close = " ".repeat(indent) + "}";
        let len = lines.iter().skip(i).position(|l| l.trim_end() == close).map_or(1, |p| p + 1);
        out.push((name, len));
    }
    out
}
