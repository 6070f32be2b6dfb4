//! The formatter: snapshots of messy inputs (`tests/fmt`), and over every good rule file that
//! formatting is idempotent, keeps the syntax tree and keeps every comment in order.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric_syntax::ast::File;
use rubric_syntax::{SyntaxError, format, parse};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn formatted(name: &str, src: &str) -> String {
    match format(src) {
        Ok(out) => out,
        Err(errors) => panic!("{name} should format, but has syntax errors: {errors:?}"),
    }
}

/// Formats `input` and compares with `expect`; also checks that `expect` is a fixed point.
#[track_caller]
fn check(input: &str, expect: &str) {
    let out = formatted("input", input);
    assert_eq!(out, expect, "\n--- got ---\n{out}--- expected ---\n{expect}");
    assert_eq!(formatted("expected", expect), expect, "the expected text is not canonical");
}

#[test]
fn messy_files_format_canonically() {
    insta::glob!("../../../tests/fmt", "*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(formatted(&name, &src));
    });
}

#[test]
fn tiny_cases() {
    // Crammed statements, one per line; spaces around operators; `{}` for an empty body.
    check(
        r#"rubric "r" max 1{item 一 "i" max 1{award 1 when a>=2and b deduct 0.5 per n} item 二 "e" max 0 {  }}"#,
        "rubric \"r\" max 1 {\n  item 一 \"i\" max 1 {\n    award 1 when a >= 2 and b\n    deduct 0.5 per n\n  }\n  item 二 \"e\" max 0 {}\n}\n",
    );
    // The parts of an adjustment in canonical order; parentheses kept as written.
    check(
        "rubric \"r\" { item 一 \"i\" max 2 { bonus  0.5per(n)when not(a or b)max 1\"标签\" } }",
        "rubric \"r\" {\n  item 一 \"i\" max 2 {\n    bonus 0.5 per (n) when not (a or b) max 1 \"标签\"\n  }\n}\n",
    );
    // Literal text kept; dates zero-padded; strings re-escaped; Chinese round modes in English.
    check(
        "rubric \"a\\\"b\\\\c\" max 100.50 { item 一 \"i\" max 0.50 { due 2024-7-1 award 0.50 when r >= 65％ and d <= 2024-7-31 round 2 四舍五入 } }",
        "rubric \"a\\\"b\\\\c\" max 100.50 {\n  item 一 \"i\" max 0.50 {\n    due 2024-07-01\n    award 0.50 when r >= 65％ and d <= 2024-07-31\n    round 2 half_up\n  }\n}\n",
    );
    // Band arms aligned by display width, labels aligned after the points.
    check(
        "rubric \"r\" { item 一 \"i\" max 2 { band 率 { [0, 50%) => 0 \"不得分\" [50%, ..) => 1.5 \"得分\" (.., 0) => 0 } } }",
        "rubric \"r\" {\n  item 一 \"i\" max 2 {\n    band 率 {\n      [0, 50%)  => 0   \"不得分\"\n      [50%, ..) => 1.5 \"得分\"\n      (.., 0)   => 0\n    }\n  }\n}\n",
    );
    // Comments: own-line ones re-indented before what follows them, trailing ones kept on
    // their line, ones inside a statement moved above it, ones before `}` and at the end kept.
    check(
        "// head\nrubric \"r\" { // open\n      // lead\n  year 2024 // year\n  fact a: count // inside\n \"d\"\n    // last\n} // close\n   // end",
        "// head\nrubric \"r\" { // open\n  // lead\n  year 2024 // year\n  // inside\n  fact a: count \"d\"\n  // last\n} // close\n\n// end\n",
    );
    // A comment after a block written on one line goes to the block's header line.
    check(
        "rubric \"r\" {\n  item 一 \"i\" max 1 { award 1 } // all of 一\n  item 二 \"e\" max 0 { } // empty\n}",
        "rubric \"r\" {\n  item 一 \"i\" max 1 { // all of 一\n    award 1\n  }\n  item 二 \"e\" max 0 {} // empty\n}\n",
    );
    // Blank lines: at most one kept, none after `{` or before `}`, one between top-level items.
    check(
        "import \"a\"\nimport \"b\"\nblock b \"b\" {\n\n\n  use x\n\n\n\n  use y\n\n}\nrubric \"r\" {}\n\n\ntest \"t\" {}",
        "import \"a\"\nimport \"b\"\n\nblock b \"b\" {\n  use x\n\n  use y\n}\n\nrubric \"r\" {}\n\ntest \"t\" {}\n",
    );
    // Tests keep the author's `given` lines.
    check(
        "test \"t\" { given a = 1, b = 87.5% given c = true, d = \"是\" expect 六.2.4 = 1.5 expect total = -3 expect error \"rubric::x\" }",
        "test \"t\" {\n  given a = 1, b = 87.5%\n  given c = true, d = \"是\"\n  expect 六.2.4 = 1.5\n  expect total = -3\n  expect error \"rubric::x\"\n}\n",
    );
    // CRLF line ends, a byte-order mark and full-width spaces are read as blanks.
    check(
        "\u{FEFF}rubric \"r\" {\r\n\u{3000}\u{3000}year 2024 // y\r\n\r\n\r\n  use a\r\n}\r\n",
        "rubric \"r\" {\n  year 2024 // y\n\n  use a\n}\n",
    );
    // Nothing at all, and a file of comments only.
    check("", "");
    check("  \n\n", "");
    check("  // a\n\n\n    // b", "// a\n\n// b\n");
}

#[test]
fn broken_files_are_not_formatted() {
    let dir = Path::new("../../tests/parse/err");
    let mut n = 0;
    for path in rubric_files(dir) {
        let src = std::fs::read_to_string(&path).unwrap();
        let errors = parse(&src).errors;
        match format(&src) {
            Ok(_) => panic!("{} has syntax errors but was formatted", path.display()),
            Err(e) => assert_eq!(e.len(), errors.len(), "{}", path.display()),
        }
        n += 1;
    }
    assert!(n > 0);
    assert!(format("rubric \"r\" { item 一 \"i\" max 1 { award 1 when } }").is_err());
}

// ------------------------------------------------------------ properties over every good file

fn rubric_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rubric") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn good_files() -> Vec<PathBuf> {
    ["rules", "tests/parse/ok", "tests/check/ok", "tests/check/warn", "tests/fmt"]
        .iter()
        .flat_map(|d| rubric_files(&Path::new("../..").join(d)))
        .collect()
}

/// The items of the tree (comments are compared on their own) as JSON without positions: every `span` and `head` key removed, bare spans (`..`,
/// `none`, `error`) blanked, and the text of a date literal replaced by its value (the formatter
/// writes dates as `YYYY-MM-DD`).
fn shape(file: &File) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) if map.len() == 2 && map.contains_key("start") && map.contains_key("end") => {
                *v = Value::Null;
            }
            Value::Object(map) => {
                map.remove("span");
                map.remove("head");
                let date = map.get("value").and_then(|v| v.get("Date")).cloned();
                if let (Some(date), Some(text)) = (date, map.get_mut("text")) {
                    *text = date;
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(&file.items).unwrap();
    strip(&mut v);
    v
}

/// The `//` comments of a text, by the one scanner (checked against the grammar's comments in
/// `parser.rs`), which also fills `File::comments`.
fn scan_comments(src: &str) -> Vec<String> {
    rubric_syntax::scan::comments(src).into_iter().map(|c| c.text).collect()
}

/// Where two JSON values first differ, for the failure message.
fn difference(a: &Value, b: &Value) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if v == w => {}
                    Some(w) => return format!(".{k}{}", difference(v, w)),
                    None => return format!(".{k} (missing after)"),
                }
            }
            " (keys differ)".to_string()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            let i = x.iter().zip(y).position(|(v, w)| v != w).unwrap_or(0);
            format!("[{i}]{}", difference(&x[i], &y[i]))
        }
        _ => format!(": {a} became {b}"),
    }
}

/// Formatting `src` is idempotent, gives a file that parses to the same tree, and keeps every
/// comment, in order. Returns the formatted text.
fn assert_faithful(name: &str, src: &str) -> String {
    let before = parse(src);
    assert!(before.is_ok(), "{name} does not parse");
    let once = formatted(name, src);
    let after = parse(&once);
    assert!(after.is_ok(), "{name}: the formatted text does not parse: {:?}\n{once}", after.errors);
    let twice = formatted(name, &once);
    assert_eq!(once, twice, "{name}: formatting twice changes the text");
    let (a, b) = (shape(&before.file), shape(&after.file));
    assert!(a == b, "{name}: the tree changed at {}\n{once}", difference(&a, &b));
    assert_eq!(scan_comments(src), scan_comments(&once), "{name}: comments changed\n{once}");
    once
}

#[test]
fn every_good_file_formats_faithfully() {
    let files = good_files();
    assert!(files.len() >= 25, "only {} files found", files.len());
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.display().to_string();
        assert_faithful(&name, &src);
    }
}

#[test]
fn rule_files_are_already_canonical() {
    for path in rubric_files(Path::new("../../rules")) {
        let src = std::fs::read_to_string(&path).unwrap();
        assert_eq!(formatted(&path.display().to_string(), &src), src, "{} is not formatted", path.display());
    }
}

/// Mutations of the messy files (a line removed, a line joined to the next, so that comments
/// swallow code and code moves onto comment lines): the formatter never panics, and whenever a
/// mutant parses, formatting it is faithful.
#[test]
fn mutated_files_format_faithfully_or_are_refused() {
    let mut files = rubric_files(Path::new("../../tests/fmt"));
    files.push(PathBuf::from("../../tests/parse/ok/every-construct.rubric"));
    let mut parsed = 0;
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = src.lines().collect();
        for i in 0..lines.len() {
            let mut removed = lines.clone();
            removed.remove(i);
            let mut joined: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            if i + 1 < joined.len() {
                let next = joined.remove(i + 1);
                joined[i] = format!("{} {}", joined[i], next);
            }
            for mutant in [removed.join("\n"), joined.join("\n")] {
                let name = format!("{} (mutated at line {})", path.display(), i + 1);
                let errors = parse(&mutant).errors;
                if errors.is_empty() {
                    assert_faithful(&name, &mutant);
                    parsed += 1;
                } else {
                    assert!(format(&mutant).is_err(), "{name}");
                    // A broken file is a fault of the file, never of the parser.
                    let internal = errors.iter().find(|e| matches!(e, SyntaxError::Internal(_)));
                    assert!(internal.is_none(), "{name}: {internal:?}");
                }
            }
        }
    }
    assert!(parsed > 100, "only {parsed} mutants parsed");
}

/// A comment inserted at every blank of a file (so inside every construct: headers,
/// expressions, band arms, `given` lines): formatting stays faithful and keeps all of them.
#[test]
fn a_comment_at_every_blank_is_kept() {
    for name in ["../../tests/parse/ok/every-construct.rubric", "../../tests/fmt/test-blocks.rubric"] {
        let src = std::fs::read_to_string(name).unwrap();
        let mut n = 0;
        for (i, c) in src.char_indices().filter(|(_, c)| *c == ' ') {
            let mutant = format!("{} // c{i}\n{}", &src[..i], &src[i + c.len_utf8()..]);
            if parse(&mutant).is_ok() {
                assert_faithful(&format!("{name} (comment at byte {i})"), &mutant);
                n += 1;
            }
        }
        assert!(n > 100, "{name}: only {n} mutants parsed");
    }
}
