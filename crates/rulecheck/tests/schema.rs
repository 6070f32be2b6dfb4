//! Every `--format json` output of rulecheck validates against `docs/schema/rubric-score.schema.json`:
//! the outputs recorded in the CLI snapshots, and the outputs of `eval`, `explain`, `whatif` and
//! `rank` for every rule file with a facts file of the same name under `rules/` and `tests/cli/`.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The schema with its root replaced by the definition of one command's output.
fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/schema/rubric-score.schema.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert!(doc["$defs"].get(name).is_some(), "the schema defines no `{name}`");
    let schema = serde_json::json!({
        "$schema": doc["$schema"],
        "$ref": format!("#/$defs/{name}"),
        "$defs": doc["$defs"],
    });
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
}

/// The definition that an output of `args` must meet, or none for an output that is not JSON.
fn definition(args: &[String]) -> Option<&'static str> {
    let format = args.iter().position(|a| a == "--format").and_then(|i| args.get(i + 1)).map(String::as_str);
    const COMMANDS: [&str; 11] =
        ["check", "eval", "explain", "score", "rank", "diff", "test", "fmt", "template", "whatif", "help"];
    let cmd = args.iter().find(|a| COMMANDS.contains(&a.as_str()))?;
    match (cmd.as_str(), format) {
        ("score", Some("jsonl")) => Some("score_line"),
        (_, Some("json")) => Some(match cmd.as_str() {
            "eval" if args.iter().any(|a| a == "--by") => "eval_by_owner",
            "eval" => "eval",
            "explain" => "explain",
            "whatif" => "whatif",
            "rank" => "rank",
            "diff" => "diff",
            "template" => "template",
            other => panic!("`{other} --format json` has no definition in the schema"),
        }),
        _ => None,
    }
}

/// Validates `stdout` (one document, or one per line for `score_line`); the problems found.
fn check(what: &str, name: &str, stdout: &str) -> Vec<String> {
    let v = validator(name);
    let docs: Vec<&str> = if name == "score_line" { stdout.lines().collect() } else { vec![stdout] };
    let mut problems = Vec::new();
    for d in docs.into_iter().filter(|d| !d.trim().is_empty()) {
        let json: Value = match serde_json::from_str(d) {
            Ok(j) => j,
            Err(e) => {
                problems.push(format!("{what}: not JSON: {e}"));
                continue;
            }
        };
        for e in v.iter_errors(&json) {
            problems.push(format!("{what}: at `{}`: {e}", e.instance_path()));
        }
    }
    problems
}

/// The args and stdout of a snapshot of `insta_cmd`.
fn snapshot(text: &str) -> (Vec<String>, String) {
    let mut args = Vec::new();
    let mut in_args = false;
    for line in text.lines() {
        if line == "  args:" {
            in_args = true;
        } else if in_args && let Some(a) = line.strip_prefix("    - ") {
            args.push(a.trim_matches('"').to_string());
        } else if in_args {
            break;
        }
    }
    let stdout = text.split_once("----- stdout -----\n").map_or("", |(_, rest)| rest);
    let stdout = stdout.split_once("----- stderr -----").map_or(stdout, |(out, _)| out);
    (args, stdout.to_string())
}

#[test]
fn every_json_output_in_the_snapshots_validates() {
    let dir = root().join("crates/rulecheck/tests/snapshots");
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (args, stdout) = snapshot(&text);
        let Some(name) = definition(&args) else { continue };
        let what = path.file_name().unwrap().to_string_lossy().into_owned();
        problems.extend(check(&what, name, &stdout));
        checked.push(name);
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    for name in ["eval", "eval_by_owner", "explain", "whatif", "rank", "score_line", "diff", "template"] {
        assert!(checked.contains(&name), "no snapshot of `{name}` was checked: {checked:?}");
    }
}

/// Every rule file beside a facts file of the same name.
fn pairs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("rules"), root().join("tests/cli")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rubric") {
                let facts = p.with_extension("facts.json");
                if facts.exists() {
                    out.push((rel(&p), rel(&facts)));
                }
            }
        }
    }
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/")
}

/// The first unit of a facts file.
fn first_unit(facts: &str) -> String {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(root().join(facts)).unwrap()).unwrap();
    let units = doc.get("units").unwrap_or(&doc);
    units[0]["unit"].as_str().unwrap().to_string()
}

#[test]
fn every_json_output_for_the_shipped_facts_validates() {
    let mut problems = Vec::new();
    let mut run = 0;
    for (rules, facts) in pairs() {
        let unit = first_unit(&facts);
        let commands: [(&str, Vec<&str>); 6] = [
            ("eval", vec!["eval", &rules, &facts, "--format", "json"]),
            ("eval_by_owner", vec!["eval", &rules, &facts, "--by", "owner", "--format", "json"]),
            ("explain", vec!["explain", &rules, &facts, "--unit", &unit, "--format", "json"]),
            ("whatif", vec!["whatif", &rules, &facts, "--unit", &unit, "--format", "json"]),
            ("rank", vec!["rank", &rules, &facts, "--format", "json"]),
            ("score_line", vec!["score", &rules, &facts, "--format", "jsonl"]),
        ];
        for (name, args) in commands {
            let out = Command::new(get_cargo_bin("rulecheck"))
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env_remove("LANG")
                .current_dir(root())
                .args(&args)
                .output()
                .unwrap();
            // `whatif` refuses rubrics in periods and rubrics that compare units (exit 2, no JSON).
            if out.stdout.is_empty() && name == "whatif" {
                continue;
            }
            problems.extend(check(&args.join(" "), name, &String::from_utf8_lossy(&out.stdout)));
            run += 1;
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(run >= 50, "only {run} outputs were checked");
}

#[test]
fn an_output_of_another_shape_does_not_validate() {
    // A leaf without `children`, a score as a number, a rubric in periods with `total`: the
    // shapes before the schema, each refused.
    let leaf = serde_json::json!({"rubric": "r", "units": [{"unit": "甲", "score": "1", "max": "2", "steps": [],
        "children": [{"id": "一", "title": "一", "kind": "item", "score": "1", "max": "2", "steps": []}]}]});
    let number = serde_json::json!({"rubric": "r", "units": [{"unit": "甲", "score": 1, "max": "2", "steps": [], "children": []}]});
    let total = serde_json::json!({"rubric": "r", "units": [{"unit": "甲", "total": "1", "max": "2", "periods": []}]});
    for doc in [leaf, number, total] {
        assert!(!check("a wrong shape", "eval", &doc.to_string()).is_empty(), "{doc} validates");
    }
}
