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
