//! Every draft `rubric_import` writes for the documents under `tests/import/` (the two seeds and
//! the .docx fixtures made by LibreOffice) checks without an error, is already formatted, and is
//! kept as a snapshot to review.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric::MemoryLoader;
use rubric_import::{Draft, Limits, Origin};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The documents: (path under the repository, file name for snapshots).
const DOCS: &[&str] = &[
    "tests/import/seeds/000_daf00672e0fc8c79.txt",
    "tests/import/seeds/002_1e2b8b03e63d5aa8.txt",
    "tests/import/docx/wushen-excerpt.docx",
    "tests/import/docx/county-excerpt.docx",
];

fn drafts_of(path: &str) -> Vec<Draft> {
    let bytes = std::fs::read(root().join(path)).unwrap();
    let origin = Origin { source: path.to_string(), date: "2026-12-07".to_string() };
    rubric_import::import(path, &bytes, &origin, &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_draft_checks_and_is_formatted() {
    for path in DOCS {
        for (i, d) in drafts_of(path).iter().enumerate() {
            let name = format!("draft-{}.rubric", i + 1);
            let load = rubric::load(&name, &MemoryLoader::new().with(name.clone(), d.text.clone()));
            let errors: Vec<String> = load
                .report
                .diagnostics
                .iter()
                .filter(|d| d.severity == rubric::Severity::Error)
                .map(|d| format!("{:?}: {}", d.code, d.message))
                .collect();
            assert!(errors.is_empty(), "{path} table {}: {errors:#?}\n{}", i + 1, d.text);
            assert!(load.rubric().is_some(), "{path} table {} did not load", i + 1);
            assert_eq!(rubric_syntax::format(&d.text).unwrap(), d.text, "{path} table {} is not formatted", i + 1);
            assert_eq!(d.rows, d.ruled + d.judged);
            let stem = path.rsplit('/').next().unwrap().replace('.', "_");
            insta::assert_snapshot!(format!("{stem}-{}", i + 1), d.text);
        }
    }
}
