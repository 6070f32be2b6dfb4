//! Every rule-language example in the documentation is checked, and its `test` blocks are run,
//! so the documentation cannot drift from the language.
//!
//! # Which blocks are checked
//!
//! Every fenced block whose info string starts with `rubric` in `README.md`, `docs/language.md`,
//! `docs/reading-guide.md`, `docs/tutorial.md`, `docs/cli.md` and `docs/embedding.md`.
//! (`docs/diagnostics.md` has its own test in `check.rs`: each of its examples must give its code.)
//! Blocks fenced as `text`, `sh`, `console` and so on are not rule files and are not checked here.
//!
//! # The info string
//!
//! After `rubric`, comma-separated options:
//!
//! - none: ```` ```rubric ```` — a whole rule file. It must check with no error and no warning,
//!   and every `test` block in it must pass (`Rubric::run_tests`).
//!   It must also be in the canonical layout (`rubric_syntax::format` leaves it unchanged).
//! - `unformatted` — a whole file that is deliberately not in the canonical layout (an example
//!   for `rulecheck fmt`); it is checked like any other.
//! - `error=CODE` — the block must give the error `CODE` (e.g. `rubric::band-gap`); other
//!   diagnostics are allowed, since a broken line often brings others.
//! - `warning=CODE` — the block must give no error and the warning `CODE` (and only warnings).
//! - `file=PATH` — the block is also stored under `PATH` for the blocks after it in the same
//!   document, so an example can `import "PATH"` it. It is checked like any other block (a file
//!   of `block`s alone is checked as a library).
//! - `fragment` or `fragment=item` — the block is not a whole file but lines of an item's body
//!   (`band`, `award`, `deduct`, …). It is checked inside this wrapper:
//!
//!   ```text
//!   rubric "文档片段" {
//!     fact NAME: TYPE        // the facts of PRELUDE below that the block does not declare
//!     item 片段 "片段" max 100 {
//!       <the block>
//!     }
//!   }
//!   ```
//!
//!   The warnings the wrapper itself causes are ignored: `rubric::unused-fact` and
//!   `rubric::unused-value` (the prelude declares more than one block reads) and
//!   `rubric::max-unreachable` (the wrapper's item is worth 100). Every other diagnostic counts.
//! - `after=PATH` — the block continues the repository's file `PATH` (relative to the workspace
//!   root), e.g. `test` blocks for a tutorial file: it is checked, and its tests run, as that
//!   file's text followed by the block.
//! - `from=PATH` — the block shows (part of) the repository's file `PATH`: each of its non-blank
//!   lines must be a line of that file, in the same order, so the excerpt cannot drift from the
//!   file a reader runs. This is checked in addition to the block's own check.
//! - `fragment=rubric` — the block is lines of a rubric's body (declarations, sections, items),
//!   checked inside `rubric "文档片段" { <prelude facts the block does not declare> <the block> }`,
//!   with the same warnings ignored. A fragment cannot hold `test` blocks; an example whose
//!   numbers the prose states is written as a whole file with `test` blocks instead.
//!
//! The files the examples use, `docs/tutorial/*.rubric` and `docs/cli/*.rubric`, must check with
//! no diagnostic and pass their tests; their facts files in JSON, CSV and TOML must give the same
//! scores, which are the scores the tutorial states.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::{Load, MemoryLoader, UnitScore};

/// The facts a fragment may read without declaring them.
const PRELUDE: &[(&str, &str)] = &[
    ("完成", "bool"),
    ("按要求落实", "bool"),
    ("按时上报计划总结", "bool"),
    ("发生越级上访", "bool"),
    ("举办双拥宣传活动", "bool"),
    ("低于市级标准", "bool"),
    ("次数", "count"),
    ("件数", "count"),
    ("篇数", "count"),
    ("未享受优待子女数", "count"),
    ("逾期次数", "count"),
    ("不合格件数", "count"),
    ("金额", "number"),
    ("完成率", "percent"),
    ("核查完成率", "percent"),
    ("办结率", "percent"),
    ("完成日期", "date"),
    ("评委评分", "points"),
];

/// Warnings a fragment's wrapper causes by itself.
const WRAPPER_WARNINGS: &[&str] = &["rubric::unused-fact", "rubric::unused-value", "rubric::max-unreachable"];

/// The documents whose examples are checked.
const DOCS: &[&str] =
    &["README.md", "docs/language.md", "docs/reading-guide.md", "docs/tutorial.md", "docs/cli.md", "docs/embedding.md"];

struct Block {
    doc: String,
    line: usize,
    info: String,
    text: String,
}

/// Every fenced block of a Markdown text whose info string starts with `rubric`, with its line.
fn rubric_blocks(doc: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim_start();
        let Some(info) = trimmed.strip_prefix("```") else { continue };
        let indent = line.len() - trimmed.len();
        let info = info.trim().to_string();
        let mut body = String::new();
        for (_, l) in lines.by_ref() {
            if l.trim_start().starts_with("```") {
                break;
            }
            body.push_str(l.get(indent..).unwrap_or(l.trim_start()));
            body.push('\n');
        }
        if info == "rubric" || info.starts_with("rubric,") {
            out.push(Block { doc: doc.to_string(), line: i + 1, info, text: body });
        }
    }
    out
}

/// The value of option `key` in an info string (`rubric,error=rubric::band-gap`), or `""` for
/// an option without a value; `None` when the option is not there.
fn option<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split(',').skip(1).map(str::trim).find_map(|o| match o.split_once('=') {
        Some((k, v)) if k == key => Some(v),
        None if o == key => Some(""),
        _ => None,
    })
}

/// The names a block declares with `fact NAME:` or `let NAME =`.
fn declared(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = l.strip_prefix("fact ").or_else(|| l.strip_prefix("let "))?;
            let name: String = rest.chars().take_while(|c| !matches!(c, ':' | '=' | ' ')).collect();
            Some(name)
        })
        .collect()
}

/// The file to check for a block: the block itself, or a fragment in its wrapper.
fn wrap(b: &Block) -> (String, bool) {
    if let Some(path) = option(&b.info, "after") {
        let before = std::fs::read_to_string(common::root().join(path))
            .unwrap_or_else(|e| panic!("{}:{}: after={path}: {e}", b.doc, b.line));
        return (format!("{before}\n{}", b.text), false);
    }
    let Some(kind) = option(&b.info, "fragment") else { return (b.text.clone(), false) };
    let own = declared(&b.text);
    let prelude: String = PRELUDE
        .iter()
        .filter(|(n, _)| !own.iter().any(|o| o == n))
        .map(|(n, t)| format!("  fact {n}: {t}\n"))
        .collect();
    let indented: String = b.text.lines().map(|l| format!("    {l}\n")).collect();
    let text = match kind {
        "" | "item" => {
            format!("rubric \"文档片段\" {{\n{prelude}  item 片段 \"片段\" max 100 {{\n{indented}  }}\n}}\n")
        }
        "rubric" => format!("rubric \"文档片段\" {{\n{prelude}{indented}}}\n"),
        other => panic!("{}:{}: unknown fragment kind `{other}`", b.doc, b.line),
    };
    (text, true)
}

/// Checks one block; returns what is wrong with it, if anything.
fn check_block(b: &Block, loader: &MemoryLoader) -> Option<String> {
    if let Some(path) = option(&b.info, "from") {
        let file = std::fs::read_to_string(common::root().join(path))
            .unwrap_or_else(|e| panic!("{}:{}: from={path}: {e}", b.doc, b.line));
        let mut lines = file.lines();
        for want in b.text.lines().filter(|l| !l.trim().is_empty()) {
            if !lines.any(|l| l == want) {
                return Some(format!("{}:{}: `{want}` is not in {path} (or not in this order)", b.doc, b.line));
            }
        }
    }
    let (text, fragment) = wrap(b);
    let path = option(&b.info, "file").filter(|p| !p.is_empty()).unwrap_or("example.rubric").to_string();
    let load = rubric::load(&path, &loader.clone().with(path.clone(), text.clone()));
    let codes: Vec<&str> = load
        .report
        .diagnostics
        .iter()
        .filter(|d| !(fragment && WRAPPER_WARNINGS.contains(&d.code.as_str())))
        .map(|d| d.code.as_str())
        .collect();
    let errors: Vec<&str> = load.report.errors().map(|d| d.code.as_str()).collect();
    let here = format!("{}:{} (```{})", b.doc, b.line, b.info);
    if let Some(code) = option(&b.info, "error") {
        if !errors.contains(&code) {
            return Some(format!("{here}: expected error {code}, got {codes:?}\n{}", shown(&load, &text)));
        }
        return None;
    }
    if let Some(code) = option(&b.info, "warning") {
        if !errors.is_empty() || !codes.contains(&code) {
            return Some(format!(
                "{here}: expected only warnings, with {code}; got {codes:?}\n{}",
                shown(&load, &text)
            ));
        }
        return None;
    }
    if !codes.is_empty() {
        return Some(format!("{here}: expected no diagnostics, got {codes:?}\n{}", shown(&load, &text)));
    }
    if !fragment && option(&b.info, "after").is_none() && option(&b.info, "unformatted").is_none() {
        match rubric_syntax::format(&b.text) {
            Ok(f) if f == b.text => {}
            Ok(f) => return Some(format!("{here}: not in the layout of `rulecheck fmt`; formatted:\n{f}")),
            Err(e) => return Some(format!("{here}: cannot be formatted: {e:?}")),
        }
    }
    let Some(r) = &load.rubric().cloned() else {
        if load.is_library() {
            return None;
        }
        return Some(format!("{here}: no rubric was compiled"));
    };
    let failed: Vec<String> = r
        .run_tests()
        .into_iter()
        .filter(|t| !t.passed())
        .map(|t| {
            let why: Vec<String> = t
                .checks
                .iter()
                .filter(|c| !c.passed)
                .map(|c| format!("{}: expected {}, got {}", c.target, c.expected, c.actual))
                .collect();
            format!("test `{}`: {}", t.name, why.join("; "))
        })
        .collect();
    if !failed.is_empty() {
        return Some(format!("{here}: {}", failed.join("\n  ")));
    }
    None
}

fn shown(load: &Load, text: &str) -> String {
    format!("{}--- checked as:\n{text}", common::render(load))
}

#[test]
fn every_rubric_example_in_the_docs_checks_and_its_tests_pass() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for doc in DOCS {
        let text = std::fs::read_to_string(common::root().join(doc)).unwrap_or_else(|e| panic!("{doc}: {e}"));
        let mut loader = MemoryLoader::new();
        let blocks = rubric_blocks(doc, &text);
        for b in &blocks {
            if let Some(p) = check_block(b, &loader) {
                problems.push(p);
            }
            if let Some(path) = option(&b.info, "file").filter(|p| !p.is_empty()) {
                loader = loader.with(path, wrap(b).0);
            }
            checked += 1;
        }
        if ["docs/language.md", "docs/reading-guide.md", "docs/tutorial.md"].contains(doc) && blocks.len() < 5 {
            problems.push(format!("{doc} has only {} rubric examples", blocks.len()));
        }
    }
    assert!(problems.is_empty(), "{} problems in {checked} examples:\n\n{}", problems.len(), problems.join("\n\n"));
}

/// The info-string conventions themselves work: a broken example is caught, and so on.
#[test]
fn the_conventions_catch_what_they_should() {
    let block = |info: &str, text: &str| Block { doc: "t.md".into(), line: 1, info: info.into(), text: text.into() };
    let loader = MemoryLoader::new();
    // A gap between bands is an error; an example that does not say so fails.
    let gap = "band 完成率 {\n  [0, 50%) => 0\n  (50%, ..) => 1\n}\n";
    assert!(check_block(&block("rubric,fragment", gap), &loader).is_some());
    assert!(check_block(&block("rubric,fragment,error=rubric::band-gap", gap), &loader).is_none());
    // A failing test fails the example.
    let failing = "rubric \"r\" {\n  fact 完成: bool\n  item 一 \"一\" max 1 { award 1 when 完成 }\n}\n\
                   test \"t\" {\n  given 完成 = true\n  expect 一 = 0\n}\n";
    assert!(check_block(&block("rubric,unformatted", failing), &loader).unwrap().contains("expected 0, got 1"));
    // An excerpt must match the file it names.
    let excerpt = "  fact 核查完成数: count \"9月至11月优抚对象年度核查(认证)已完成的人数\"\n";
    assert!(check_block(&block("rubric,fragment=rubric,from=docs/tutorial/step2.rubric", excerpt), &loader).is_none());
    assert!(check_block(&block("rubric,fragment=rubric,from=docs/tutorial/step1.rubric", excerpt), &loader).is_some());
    // A whole file must be in the layout `rulecheck fmt` writes, unless it says it is not.
    let messy = "rubric \"r\" {\n  fact 完成: bool\n  item 一 \"一\" max 1 { award 1 when 完成 }\n}\n";
    assert!(check_block(&block("rubric", messy), &loader).unwrap().contains("not in the layout"));
    assert!(check_block(&block("rubric,unformatted", messy), &loader).is_none());
    // Declarations in a rubric-level fragment replace the prelude's.
    let decl = "fact 完成率: percent in [0, 150%]\nitem 一 \"一\" max 2 { score 2 * min(完成率, 100%) }\n";
    assert!(check_block(&block("rubric,fragment=rubric", decl), &loader).is_none());
}

fn tutorial(name: &str) -> String {
    format!("docs/tutorial/{name}")
}

/// The rule files of `docs/tutorial/` and `docs/cli/`, relative to the workspace root.
fn example_rule_files(dir: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(common::root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".rubric"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    out.sort();
    out
}

#[test]
fn the_example_files_check_clean_and_their_tests_pass() {
    let mut tests = 0;
    for (dir, at_least) in [("docs/tutorial", 4), ("docs/cli", 1)] {
        let files = example_rule_files(dir);
        assert!(files.len() >= at_least, "{dir} has only {files:?}");
        for path in &files {
            let load = rubric::load(path, &common::Fs);
            assert_eq!(common::render(&load), "", "{path} should check clean");
            let r = load.into_rubric().unwrap();
            for t in r.run_tests() {
                assert!(t.passed(), "{path}: test `{}` fails: {:?}", t.name, t.checks);
                tests += 1;
            }
        }
    }
    assert!(tests >= 10, "the example files have only {tests} tests");
}

/// The JSON, CSV and TOML versions of a facts file, read.
fn facts_in_three_formats(dir: &str) -> [Vec<rubric::UnitFacts>; 3] {
    let root = common::root();
    let read = |name: &str| std::fs::read(root.join(dir).join(name)).unwrap();
    let json = rubric::facts::from_json(&String::from_utf8(read("units.facts.json")).unwrap()).unwrap();
    let csv = rubric::from_csv_bytes(&read("units.csv")).unwrap();
    let toml = rubric::from_toml(&String::from_utf8(read("units.toml")).unwrap()).unwrap();
    [json, csv, toml]
}

#[test]
fn the_cli_pages_facts_files_agree_in_every_format() {
    let [json, csv, toml] = facts_in_three_formats("docs/cli");
    let r = rubric::load("docs/cli/formats.rubric", &common::Fs).into_rubric().unwrap();
    let score =
        |units: &[rubric::UnitFacts]| -> Vec<UnitScore> { units.iter().map(|u| r.evaluate(u).unwrap()).collect() };
    let j = score(&json);
    assert_eq!(j, score(&csv), "docs/cli/units.csv gives other scores than units.facts.json");
    assert_eq!(j, score(&toml), "docs/cli/units.toml gives other scores than units.facts.json");
    let totals: Vec<String> = j.iter().map(|u| format!("{} {}", u.unit, u.score)).collect();
    assert_eq!(totals, ["乌审旗 6", "杭锦旗 0"]);
}

#[test]
fn the_tutorial_facts_give_the_scores_it_states() {
    let [json, csv, toml] = facts_in_three_formats("docs/tutorial");
    for step in ["step3.rubric", "step4.rubric"] {
        let r = rubric::load(&tutorial(step), &common::Fs).into_rubric().unwrap();
        let score =
            |units: &[rubric::UnitFacts]| -> Vec<UnitScore> { units.iter().map(|u| r.evaluate(u).unwrap()).collect() };
        let (j, c, t) = (score(&json), score(&csv), score(&toml));
        assert_eq!(j, c, "{step}: the CSV gives other scores than the JSON");
        assert_eq!(j, t, "{step}: the TOML gives other scores than the JSON");
        // The totals and rows the tutorial's prose and pasted output state.
        let got: Vec<(String, String, String, String, String)> = j
            .iter()
            .map(|u| {
                let row = |id: &str| u.node(id).unwrap().score.to_string();
                (u.unit.to_string(), u.score.to_string(), row("一.2"), row("六.1.4"), row("六.2.4"))
            })
            .collect();
        let want =
            [("乌审旗", "3.5", "1", "1", "1.5"), ("鄂托克旗", "2", "1", "0", "1"), ("杭锦旗", "2", "0", "0", "2")];
        let want: Vec<(String, String, String, String, String)> = want
            .iter()
            .map(|(a, b, c, d, e)| (a.to_string(), b.to_string(), c.to_string(), d.to_string(), e.to_string()))
            .collect();
        assert_eq!(got, want, "{step}");
    }
}
