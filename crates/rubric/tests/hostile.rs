//! The hostile corpus (`tests/hostile/cases.toml`): every case runs on a thread with a 256 KiB
//! stack and must give exactly the stated outcome — a diagnostic code at a place, or a score —
//! with no panic, and no raw control, ANSI or bidi character in any rendered diagnostic.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::{MemoryLoader, UnitFacts};
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
struct Case {
    name: String,
    rules: Option<String>,
    generate: Option<String>,
    facts: Option<String>,
    facts_json: Option<String>,
    /// Facts too large to keep in this file, built by the harness.
    generate_facts: Option<String>,
    max_steps: Option<u64>,
    expect: String,
    at: Option<String>,
    score: Option<String>,
    message: Option<String>,
    /// Text the rendered diagnostics must not contain (a file that may not be shown).
    absent: Option<String>,
}

fn dir() -> PathBuf {
    common::root().join("tests/hostile")
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(dir().join("cases.toml")).unwrap();
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    let s = |t: &toml_edit::Table, k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
    // Workbooks are read by crates/rubric-xlsx, which runs those cases itself.
    let workbook = |t: &toml_edit::Table| {
        t.contains_key("workbook")
            || s(t, "facts").is_some_and(|f| [".xlsx", ".ods", ".xls"].iter().any(|x| f.ends_with(x)))
    };
    doc["case"]
        .as_array_of_tables()
        .unwrap()
        .iter()
        .filter(|t| !workbook(t))
        .map(|t| Case {
            name: s(t, "name").unwrap(),
            rules: s(t, "rules"),
            generate: s(t, "generate"),
            facts: s(t, "facts"),
            facts_json: s(t, "facts_json"),
            generate_facts: s(t, "generate_facts"),
            max_steps: t.get("max_steps").and_then(|v| v.as_integer()).map(|n| n as u64),
            expect: s(t, "expect").unwrap(),
            at: s(t, "at"),
            score: s(t, "score"),
            message: s(t, "message"),
            absent: s(t, "absent"),
        })
        .collect()
}

/// Shapes too large to keep as files.
fn generate(kind: &str) -> String {
    match kind {
        "parens" => {
            format!("rubric \"r\" {{ item a \"t\" max 1 {{ score {}1{} }} }}", "(".repeat(100_000), ")".repeat(100_000))
        }
        "braces" => format!("rubric \"r\" {{ {}{} }}", "group g \"t\" { ".repeat(50_000), "}".repeat(50_000)),
        "nots" => {
            format!("rubric \"r\" {{ fact b: bool item a \"t\" max 1 {{ award 1 when {}b }} }}", "not ".repeat(200_000))
        }
        "chain" => {
            format!("rubric \"r\" {{ fact x: number item a \"t\" max 1 {{ score x{} }} }}", " + x".repeat(300_000))
        }
        "lines" => format!("rubric \"r\" {{\n{}}}\n", "// c\n".repeat(60_000)),
        "long-string" => format!(
            "rubric \"r\" {{\n  item a \"t\" max 1 {{\n    text \"{}\"\n    award 1 when true\n  }}\n}}\n",
            "长".repeat(5_000)
        ),
        "nodes" => {
            let items: String =
                (0..20_001).map(|k| format!("  item i{k} \"t\" max 1 {{ award 1 when true }}\n")).collect();
            format!("rubric \"r\" {{\n{items}}}\n")
        }
        "facts" => {
            let facts: String = (0..10_001).map(|k| format!("  fact f{k}: count\n")).collect();
            format!("rubric \"r\" {{\n{facts}  item a \"t\" max 1 {{ award 1 when f0 > 0 }}\n}}\n")
        }
        "lets" => {
            let lets: String = (1..2_000).map(|k| format!("  let v{k} = max(v{}, v{})\n", k - 1, k - 1)).collect();
            format!("rubric \"r\" {{\n  fact v0: number\n{lets}  item a \"t\" max 10 {{ score v1999 }}\n}}\n")
        }
        // The checker's slice of issue 22: bounded diagnostics, true locations.
        "long-name" => {
            format!("rubric \"r\" {{\n  item a \"t\" max 1 {{\n    award 1 when {} > 0\n  }}\n}}\n", "名".repeat(3_900))
        }
        "braces-paren-ids" => {
            format!("rubric \"r\" {{\n{}{}}}\n", "group a) \"t\" {\n".repeat(20_000), "}\n".repeat(20_000))
        }
        "big-file" => format!("rubric \"r\" {{\n{}}}\n", "  // 注释\n".repeat(200_000)),
        "error-far-right" => format!(
            "rubric \"r\" {{\n  fact 数: count\n  item a \"{}\" max 1 {{ award 1 when 数目 > 0 }}\n}}\n",
            "长".repeat(900)
        ),
        other => panic!("unknown generator `{other}`"),
    }
}

/// Facts files too large or deep to keep (`generate_facts`): (file name, bytes).
fn facts_of(kind: &str) -> (String, Vec<u8>) {
    let unit = "[[units]]\nunit = \"甲\"\n[units.facts]\n";
    let (name, text) = match kind {
        "toml-brackets" => ("deep.toml", format!("{unit}计数 = {}", "[".repeat(2_500))),
        "toml-brackets-10k" => ("deep.toml", format!("{unit}计数 = {}", "[".repeat(10_000))),
        "toml-tables" => ("deep.toml", format!("{unit}计数 = {}", "{a=".repeat(10_000))),
        "json-brackets" => {
            ("deep.json", format!("{{\"units\": [{{\"unit\": \"甲\", \"facts\": {{\"次数\": {}", "[".repeat(10_000)))
        }
        "jsonl-objects" => {
            ("deep.jsonl", format!("{{\"unit\": \"甲\", \"facts\": {{\"次数\": {}", "{\"a\":".repeat(10_000)))
        }
        "json-17-mib" => {
            let one = "{\"unit\": \"甲\", \"facts\": {\"次数\": 1}},\n";
            ("big.json", format!("{{\"units\": [\n{}]}}", one.repeat((17 << 20) / one.len())))
        }
        "long-fact-name" => (
            "long.json",
            format!("{{\"units\": [{{\"unit\": \"甲\", \"facts\": {{\"{}\": 1}}}}]}}", "名".repeat(100_000)),
        ),
        // A list of a million records, each empty: refused by the budget of records, not read.
        "json-million-records" => (
            "records.json",
            format!("{{\"units\": [{{\"unit\": \"甲\", \"facts\": {{\"事故\": [{}{{}}]}}}}]}}", "{},".repeat(999_999)),
        ),
        "toml-records" => ("records.toml", format!("{unit}事故 = [{}{{a = 1}}]\n", "{a = 1}, ".repeat(150_000))),
        "csv-long-row" => ("long.csv", format!("单位,次数\n甲,{}\n", "1".repeat(2 << 20))),
        "jsonl-long-line" => {
            ("long.jsonl", format!("{{\"unit\": \"甲\", \"facts\": {{\"x\": \"{}\"}}}}\n", "长".repeat(1 << 19)))
        }
        other => panic!("unknown facts generator `{other}`"),
    };
    (name.to_string(), text.into_bytes())
}

/// Reads a facts file by its extension, as `rulecheck` does: every format through the one
/// UTF-8 check.
fn read_facts(name: &str, bytes: &[u8]) -> Result<Vec<UnitFacts>, rubric::FactsError> {
    let text = || rubric::facts::decode_utf8(bytes);
    if name.ends_with(".csv") {
        rubric::facts::csv::from_csv_bytes(bytes)
    } else if name.ends_with(".toml") {
        rubric::facts::toml::from_toml(text()?)
    } else if name.ends_with(".jsonl") {
        rubric::facts::json_lines(bytes, &rubric::facts::FactsLimits::default()).collect()
    } else {
        rubric::facts::from_json(text()?)
    }
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{line}:{col}")
}

fn raw_controls(rendered: &str) -> Option<char> {
    // A carriage return is raw unless a line feed follows it (a CRLF line end).
    let mut chars = rendered.chars().peekable();
    while let Some(c) = chars.next() {
        let lone_cr = c == '\r' && chars.peek() != Some(&'\n');
        // The one set of hidden characters, listed in `rubric_syntax::hidden`'s tests.
        if (rubric_syntax::is_hidden(c) && c != '\r') || lone_cr {
            return Some(c);
        }
    }
    None
}

fn render(d: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, d)
        .unwrap();
    out
}

fn codes(e: &dyn miette::Diagnostic) -> Vec<String> {
    let mut out: Vec<String> = e.code().map(|c| c.to_string()).into_iter().collect();
    if let Some(related) = e.related() {
        for r in related {
            out.extend(codes(r));
        }
    }
    out
}

/// Most bytes one rendered diagnostic may take.
const MOST_RENDERED: usize = 16 * 1024;

/// Runs one case; `Err` says how the outcome differs from the expectation.
fn run(case: &Case) -> Result<(), String> {
    let (entry, text) = match (&case.rules, &case.generate) {
        (Some(f), _) => (f.clone(), String::from_utf8(std::fs::read(dir().join("rules").join(f)).unwrap()).unwrap()),
        (None, Some(g)) => ("generated.rubric".to_string(), generate(g)),
        _ => return Err("no rules".into()),
    };
    let mut loader = MemoryLoader::new();
    for e in std::fs::read_dir(dir().join("rules")).unwrap() {
        let p = e.unwrap().path();
        loader = loader.with(p.file_name().unwrap().to_string_lossy(), std::fs::read_to_string(&p).unwrap());
    }
    // A file beside the rules folder that no import may read: the library must refuse
    // `import "../secret.txt"` without asking for it.
    loader = loader.with("../secret.txt", std::fs::read_to_string(dir().join("secret.txt")).unwrap());
    loader = loader.with(entry.clone(), text.clone());
    let load = rubric::load(&entry, &loader);
    let mut rendered = String::new();
    for d in &load.report.diagnostics {
        rendered.push_str(&render(d.to_report(&load.sources).as_ref()));
    }
    let found: Vec<&str> = load.report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let outcome: Result<(), String> = if let Some(d) = load.report.diagnostics.iter().find(|d| d.code == case.expect) {
        match &case.at {
            Some(at) => {
                let got = line_col(&text, d.label.span.start);
                if &got == at { Ok(()) } else { Err(format!("{} at {got}, expected at {at}", case.expect)) }
            }
            None => Ok(()),
        }
    } else if load.report.has_errors() || (case.expect == "clean" && !found.is_empty()) {
        Err(format!("rules gave {found:?}, expected {}", case.expect))
    } else if let Some(rubric) = load.rubric() {
        let units: Result<Vec<UnitFacts>, rubric::FactsError> = match (&case.facts, &case.facts_json) {
            (Some(f), _) => read_facts(f, &std::fs::read(dir().join("facts").join(f)).unwrap()),
            (None, Some(j)) => rubric::facts::from_json(j),
            (None, None) => match &case.generate_facts {
                Some(g) => {
                    let (name, bytes) = facts_of(g);
                    read_facts(&name, &bytes)
                }
                None => Ok(Vec::new()),
            },
        };
        match units {
            Err(e) => {
                rendered.push_str(&render(&rubric::safe::Safe::new(&e)));
                let c = codes(&e);
                if c.contains(&case.expect) {
                    Ok(())
                } else {
                    Err(format!("facts gave {c:?}, expected {}", case.expect))
                }
            }
            Ok(units) if units.is_empty() => {
                if case.expect == "clean" {
                    Ok(())
                } else {
                    Err(format!("no units to score, expected {}", case.expect))
                }
            }
            Ok(units) => match rubric.evaluate_with(&units[0], case.max_steps) {
                Err(e) => {
                    rendered.push_str(&render(&rubric::safe::Safe::new(&e)));
                    let c = codes(&e);
                    if c.contains(&case.expect) {
                        Ok(())
                    } else {
                        Err(format!("scoring gave {c:?}, expected {}", case.expect))
                    }
                }
                Ok(s) => {
                    let got = s.score.normalize().to_string();
                    match (&case.expect[..], &case.score) {
                        ("score", Some(want)) if &got == want => Ok(()),
                        ("clean", _) => Ok(()),
                        _ => Err(format!("scored {got}, expected {} {:?}", case.expect, case.score)),
                    }
                }
            },
        }
    } else {
        Err(format!("no rubric, diagnostics {found:?}"))
    };
    outcome?;
    // Whatever the input, a diagnostic shows a few lines around its labels, never megabytes.
    if rendered.len() > MOST_RENDERED * load.report.diagnostics.len().max(1) {
        return Err(format!("{} bytes of rendered diagnostics", rendered.len()));
    }
    if let Some(c) = raw_controls(&rendered) {
        return Err(format!("raw character {:?} in rendered diagnostics", c));
    }
    if let Some(m) = &case.message
        && !rendered.contains(m.as_str())
    {
        return Err(format!("rendered diagnostics do not contain {m:?}:\n{rendered}"));
    }
    if let Some(a) = &case.absent
        && rendered.contains(a.as_str())
    {
        return Err(format!("rendered diagnostics show {a:?}:\n{rendered}"));
    }
    Ok(())
}

#[test]
fn every_hostile_case_gives_its_outcome_on_a_256_kib_stack() {
    let cases = cases();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.name.clone();
        let handle = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || run(&case)).unwrap();
        match handle.join() {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{name}: {why}")),
            Err(_) => failures.push(format!("{name}: panicked")),
        }
    }
    assert!(failures.is_empty(), "{} hostile cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// Inputs the fuzzers found (`tests/hostile/found/`), each named after its fuzz target: they must
/// now hold the target's property, on a 256 KiB stack.
#[test]
fn fuzz_findings_stay_fixed() {
    let found = dir().join("found");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&found).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no fuzz findings kept in {}", found.display());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let check = move || {
            let Ok(text) = String::from_utf8(bytes.clone()) else {
                // Byte-level inputs go to the facts readers.
                let _ = rubric::facts::csv::from_csv_bytes(&bytes);
                return;
            };
            if name.starts_with("fmt_roundtrip") {
                if let Ok(out) = rubric_syntax::format(&text) {
                    assert_eq!(
                        rubric_syntax::format(&out).ok().as_ref(),
                        Some(&out),
                        "{name}: formatting twice changes the file"
                    );
                    assert!(rubric_syntax::parse(&out).is_ok(), "{name}: the formatted file does not parse");
                }
            } else if name.starts_with("facts") {
                let _ = rubric::facts::from_json(&text);
                let _ = rubric::facts::toml::from_toml(&text);
                let _ = rubric::facts::csv::from_csv(&text);
            } else {
                let load = rubric::load("found.rubric", &MemoryLoader::new().with("found.rubric", text.as_str()));
                for d in &load.report.diagnostics {
                    let _ = render(d.to_report(&load.sources).as_ref());
                }
            }
        };
        let handle = std::thread::Builder::new().stack_size(256 * 1024).spawn(check).unwrap();
        assert!(handle.join().is_ok(), "{} panicked", path.display());
    }
}
