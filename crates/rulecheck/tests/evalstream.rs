//! `rulecheck eval --format json` of many units, streamed in batches (issue 21): the document is
//! byte for byte what pretty JSON writes of the whole, every unit in input order, each unit the
//! breakdown `--unit` gives it alone, the same from a `.json` and a `.jsonl` file.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Units in the file: more than one batch (8 a thread, on 2 threads).
const UNITS: usize = 40;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `rulecheck eval RUBRIC FACTS --format json ARGS…` on 2 threads: (stdout, exit code).
fn eval(facts: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root())
        .env("RAYON_NUM_THREADS", "2")
        .args(["--lang", "en", "eval", "rules/wushen-2024.rubric"])
        .arg(facts)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap())
}

/// The shipped units, renamed and repeated to `UNITS`.
fn units() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("rules/wushen-2024.facts.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let shipped = doc["units"].as_array().unwrap();
    (0..UNITS)
        .map(|i| {
            let mut u = shipped[i % shipped.len()].clone();
            u["unit"] = Value::String(format!("单位{i:02}"));
            u
        })
        .collect()
}

#[test]
fn streamed_document_is_the_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    let units = units();
    let json = dir.path().join("many.json");
    std::fs::write(&json, serde_json::to_string(&serde_json::json!({ "units": units })).unwrap()).unwrap();
    let lines = dir.path().join("many.jsonl");
    let text: Vec<String> = units.iter().map(|u| serde_json::to_string(u).unwrap()).collect();
    std::fs::write(&lines, text.join("\n") + "\n").unwrap();

    for by in [&[][..], &["--by", "owner"][..]] {
        let (out, code) = eval(&json, by);
        assert_eq!(code, 0, "{out}");
        let doc: Value = serde_json::from_str(&out).unwrap();
        // Byte for byte the pretty JSON of the whole document.
        assert_eq!(out, serde_json::to_string_pretty(&doc).unwrap() + "\n");
        let got = doc["units"].as_array().unwrap();
        assert_eq!(got.len(), UNITS);
        for (i, u) in got.iter().enumerate() {
            let name = format!("单位{i:02}");
            assert_eq!(u["unit"], Value::String(name.clone()), "units out of order");
            // Each unit as the whole-file path gives it alone.
            let (alone, code) = eval(&json, &[by, &["--unit", &name][..]].concat());
            assert_eq!(code, 0);
            let alone: Value = serde_json::from_str(&alone).unwrap();
            assert_eq!(&alone["units"][0], u, "unit {name}");
        }
        assert_eq!(eval(&lines, by), (out, 0), "JSON Lines give another document");
    }
}

#[test]
fn no_units_is_an_empty_list() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("none.json");
    std::fs::write(&json, r#"{"units": []}"#).unwrap();
    let (out, code) = eval(&json, &[]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(out, serde_json::to_string_pretty(&doc).unwrap() + "\n");
    assert_eq!(doc["units"], Value::Array(Vec::new()));
}

#[test]
fn a_file_that_breaks_after_the_first_batch_leaves_no_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("broken.json");
    let whole = serde_json::to_string(&serde_json::json!({ "units": units() })).unwrap();
    let cut = whole.find("\"单位35\"").unwrap();
    std::fs::write(&json, &whole[..cut]).unwrap();
    let (out, code) = eval(&json, &[]);
    assert_eq!(code, 2);
    // The batches read before the error are written; the document is never closed, so no
    // reader can take it for the whole.
    assert!(out.starts_with("{\n  \"rubric\": "), "{out}");
    assert!(serde_json::from_str::<Value>(&out).is_err());
}
