//! `rulecheck eval --format json --compact`: the same document as the pretty one, on one line
//! with no whitespace (what `serde_json::to_string` writes), then a line break, from a file read
//! as a stream and from a file read whole (`--unit`, a rubric comparing units, periods) alike;
//! and refused with another format.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `rulecheck --lang en eval ARGS…` on 2 threads: (stdout, stderr, exit code).
fn eval(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root())
        .env("RAYON_NUM_THREADS", "2")
        .args(["--lang", "en", "eval"])
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (text(out.stdout), text(out.stderr), out.status.code().unwrap())
}

/// Pretty JSON without its layout: every space, tab and line break outside strings left out.
/// serde_json's compact JSON of a value is its pretty JSON so stripped, byte for byte.
fn stripped(pretty: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::with_capacity(pretty.len()), false, false);
    for c in pretty.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\n' | '\t' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// Every shipped facts file (`.facts.json`) beside its rule file, relative to the repository.
fn shipped() -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut dirs = vec![PathBuf::from("rules"), PathBuf::from("tests"), PathBuf::from("docs")];
    while let Some(dir) = dirs.pop() {
        for f in std::fs::read_dir(root().join(&dir)).unwrap() {
            let path = dir.join(f.unwrap().file_name());
            if root().join(&path).is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path.to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".facts.json") else { continue };
            let rules = format!("{stem}.rubric");
            if root().join(&rules).is_file() {
                found.push((rules, name));
            }
        }
    }
    found.sort();
    found
}

/// The compact document is the pretty one stripped of its layout, one line and a line break,
/// with the same exit code and the same messages.
fn same(args: &[&str]) -> Value {
    let (pretty, pretty_err, pretty_code) = eval(&[args, &["--format", "json"][..]].concat());
    let (compact, compact_err, compact_code) = eval(&[args, &["--format", "json", "--compact"][..]].concat());
    assert_eq!((compact_code, &compact_err), (pretty_code, &pretty_err), "{args:?}");
    let doc: Value = serde_json::from_str(&pretty).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert_eq!(compact, stripped(&pretty) + "\n", "{args:?}");
    assert_eq!(compact.matches('\n').count(), 1, "{args:?}");
    assert_eq!(serde_json::from_str::<Value>(&compact).unwrap(), doc, "{args:?}");
    doc
}

#[test]
fn compact_is_the_pretty_document_without_its_layout_on_every_shipped_facts_file() {
    let files = shipped();
    assert!(files.len() >= 10, "only {} facts files found", files.len());
    let mut units = 0;
    for (rules, facts) in &files {
        let doc = same(&[rules, facts]);
        units += doc["units"].as_array().map_or(0, Vec::len);
        same(&[rules, facts, "--by", "owner"]);
        // One unit alone: the file read whole.
        if let Some(name) = doc["units"][0]["unit"].as_str() {
            same(&[rules, facts, "--unit", name]);
        }
    }
    assert!(units > 20, "only {units} units written");
}

#[test]
fn compact_streamed_from_csv_and_json_lines() {
    for csv in ["docs/cli/office.csv", "docs/cli/gbk.csv", "docs/cli/mistakes.csv"] {
        same(&["docs/cli/formats.rubric", csv]);
    }
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("rules/wushen-2024.facts.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    // Enough units for several batches, with a hidden character in every name (escaped).
    let units: Vec<Value> = (0..40)
        .map(|i| {
            let mut u = doc["units"][i % doc["units"].as_array().unwrap().len()].clone();
            u["unit"] = Value::String(format!("单位{i:02}\u{202e}"));
            u
        })
        .collect();
    let lines = dir.path().join("many.jsonl");
    let text: Vec<String> = units.iter().map(|u| serde_json::to_string(u).unwrap()).collect();
    std::fs::write(&lines, text.join("\n") + "\n").unwrap();
    let lines = lines.to_string_lossy().into_owned();
    let doc = same(&["rules/wushen-2024.rubric", &lines]);
    assert_eq!(doc["units"].as_array().unwrap().len(), 40);
    let (compact, _, _) = eval(&["rules/wushen-2024.rubric", &lines, "--format", "json", "--compact"]);
    assert!(compact.contains("\\u202e") && !compact.contains('\u{202e}'), "a hidden character written as it is");
    let none = dir.path().join("none.json");
    std::fs::write(&none, r#"{"units": []}"#).unwrap();
    let (out, _, code) = eval(&["docs/cli/formats.rubric", &none.to_string_lossy(), "--format", "json", "--compact"]);
    assert_eq!((out.as_str(), code), ("{\"rubric\":\"事实文件示例\",\"units\":[]}\n", 0));
}

#[test]
fn compact_needs_json() {
    let (out, err, code) = eval(&["docs/cli/formats.rubric", "docs/cli/units.facts.json", "--compact"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(err.contains("--compact writes JSON without whitespace: use it with --format json"), "{err}");
}
