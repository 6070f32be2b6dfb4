//! Helpers shared by the library's integration tests.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, dead_code)] // test code: failing loudly is the point

use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::{Load, LoadError, Loader};
use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Loads files relative to the workspace root.
pub struct Fs;

impl Loader for Fs {
    fn load(&self, path: &str, _max_bytes: usize) -> Result<String, LoadError> {
        std::fs::read_to_string(root().join(path)).map_err(|e| e.to_string().into())
    }
}

/// Renders every diagnostic of a load without colour.
pub fn render(load: &Load) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for d in &load.report.diagnostics {
        handler.render_report(&mut out, d.to_report(&load.sources).as_ref()).unwrap();
        out.push('\n');
    }
    out
}

/// Every rule file under `rules/` (rubrics and block libraries), relative to the root.
pub fn rule_files() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("rules")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rubric") {
                out.push(p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Every rule file of the corpus (`rules/`, the test programs, the docs' examples, the checker's
/// `ok` and `warn` files) that loads as a rubric without errors, with its path, in order.
pub fn corpus_rubrics() -> Vec<(String, rubric::Rubric)> {
    let mut files = rule_files();
    for dir in ["tests/program", "docs/tutorial", "docs/cli", "tests/check/ok", "tests/check/warn"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "rubric") {
                files.push(format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|f| {
            let load = rubric::load(&f, &Fs);
            let r = load.rubric().cloned().filter(|_| load.report.errors().next().is_none())?;
            Some((f, r))
        })
        .collect()
}

pub fn json_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Hostile JSON facts files: marks, encodings, zero bytes, keys twice, shapes other than
/// `{"units": [...]}`, text cut short, nesting too deep; every reader must say of each what the
/// reader of a whole file says.
pub fn hostile_json() -> Vec<(&'static str, Vec<u8>)> {
    let unit = |n: &str| format!(r#"{{"unit": "{n}", "facts": {{"次数": 1}}}}"#);
    let deep = format!(
        r#"{{"units": [{}, {{"unit": "乙", "facts": {{"x": {}1{}}}}}]}}"#,
        unit("甲"),
        "[".repeat(40),
        "]".repeat(40)
    );
    vec![
        ("empty", b"".to_vec()),
        ("a mark only", b"\xEF\xBB\xBF".to_vec()),
        ("a mark", format!("\u{feff}{{\"units\": [{}]}}", unit("甲")).into_bytes()),
        ("UTF-16", b"\xFF\xFE{\x00}\x00".to_vec()),
        ("zero byte late", format!("{{\"units\": [{}, x]}}\0", unit("甲")).into_bytes()),
        ("zero byte in a unit", format!("{{\"units\": [{}, {}]}}", unit("甲"), unit("乙\0")).into_bytes()),
        ("units twice, one line", format!("{{\"units\": [{}, {}]}}", unit("甲"), unit(" 甲 ")).into_bytes()),
        ("units twice, two lines", format!("{{\"units\": [\n{},\n{}\n]}}", unit("甲"), unit("甲")).into_bytes()),
        ("twice, then bad JSON", format!("{{\"units\": [{}, {}, x]}}", unit("甲"), unit("甲")).into_bytes()),
        ("no name", format!("{{\"units\": [{},\n {}]}}", unit("甲"), unit("  ")).into_bytes()),
        ("an object for a fact", r#"{"units": [{"unit": "甲", "facts": {"x": {"a": 1}}}]}"#.as_bytes().to_vec()),
        ("duplicate key", r#"{"units": [{"unit": "甲", "facts": {"x": 1, "x": 2}}]}"#.as_bytes().to_vec()),
        ("units key twice", format!("{{\"units\": [], \"units\": [{}]}}", unit("甲")).into_bytes()),
        ("unit key twice", br#"{"units": [{"unit": "a", "unit": "b", "facts": {}}]}"#.to_vec()),
        ("facts missing", br#"{"units": [{"unit": "a"}]}"#.to_vec()),
        ("a list at the top", br#"[null, []]"#.to_vec()),
        ("rubric key twice", br#"{"rubric": "a", "rubric": "b", "units": []}"#.to_vec()),
        ("rubric", format!("{{\"rubric\": \"r\", \"units\": [{}]}}", unit("甲")).into_bytes()),
        ("rubric after", format!("{{\"units\": [{}], \"rubric\": null}}", unit("甲")).into_bytes()),
        ("rubric escaped", format!("{{\"units\": [{}], \"rubric\": \"a\\\"\"}}", unit("甲")).into_bytes()),
        ("rubric a number", format!("{{\"units\": [{}], \"rubric\": 1}}", unit("甲")).into_bytes()),
        ("rubric nul", format!("{{\"units\": [{}], \"rubric\": nul}}", unit("甲")).into_bytes()),
        ("key escaped", format!("{{\"\\u0075nits\": [{}]}}", unit("甲")).into_bytes()),
        ("unknown key", br#"{"units": [], "x": 1}"#.to_vec()),
        ("no units", br#"{"rubric": "r"}"#.to_vec()),
        ("units not a list", br#"{"units": {"a": 1}}"#.to_vec()),
        ("a unit not an object", format!("{{\"units\": [{}, 1]}}", unit("甲")).into_bytes()),
        ("a unit's brackets crossed", format!("{{\"units\": [{}, {{\"a\": [}}]]}}", unit("甲")).into_bytes()),
        ("no comma", format!("{{\"units\": [{} {}]}}", unit("甲"), unit("乙")).into_bytes()),
        ("trailing text", format!("{{\"units\": [{}]}} x", unit("甲")).into_bytes()),
        ("trailing comma", format!("{{\"units\": [{},]}}", unit("甲")).into_bytes()),
        ("cut short", format!("{{\"units\": [{}", unit("甲")).into_bytes()),
        ("cut in a unit", format!("{{\"units\": [{}, {{\"unit\"", unit("甲")).into_bytes()),
        ("deep", deep.into_bytes()),
        ("GBK", encoding_rs::GBK.encode(&format!("{{\"units\": [{}]}}", unit("乌审旗"))).0.into_owned()),
        ("GBK in the second unit", {
            let mut b = format!("{{\"units\": [{}, ", unit("甲")).into_bytes();
            b.extend_from_slice(&encoding_rs::GBK.encode(&format!("{}]}}", unit("乌审旗"))).0);
            b
        }),
        ("a character cut at the end", b"{\"units\": [], \"\xE4\xB9".to_vec()),
        ("strings with brackets", br#"{"units": [{"unit": "[{\"]", "facts": {"x": "{{{{"}}]}"#.to_vec()),
        ("a list of records", br#"{"units": [{"unit": "a", "facts": {"l": [{"x": 1}, {"x": "]"}]}}]}"#.to_vec()),
        ("a short list at the top", br#"["r"]"#.to_vec()),
        ("a long list at the top", br#"["r", [], 3]"#.to_vec()),
        ("not an object", b"[1, 2]".to_vec()),
        ("GBK after bad JSON", {
            let mut b = format!("{{\"units\": [{}, x,\n", unit("甲")).into_bytes();
            b.extend_from_slice(&encoding_rs::GBK.encode("\"乌审旗\"]}").0);
            b
        }),
    ]
}
