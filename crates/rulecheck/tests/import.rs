//! `rulecheck import` as a user runs it: snapshots of stdout, stderr and the exit code, in English
//! and Chinese, for the seeds, a .docx, a second table, `-o` and bad documents.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rulecheck() -> Command {
    let mut c = Command::new(get_cargo_bin("rulecheck"));
    c.current_dir(root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1796601600")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .arg("--color")
        .arg("never");
    c
}

#[test]
fn import_a_seed() {
    assert_cmd_snapshot!(rulecheck().args(["import", "tests/import/seeds/000_daf00672e0fc8c79.txt"]));
}

#[test]
fn import_the_second_table_in_chinese() {
    assert_cmd_snapshot!(rulecheck().args([
        "--lang",
        "zh",
        "import",
        "tests/import/seeds/002_1e2b8b03e63d5aa8.txt",
        "--table",
        "2"
    ]));
}

#[test]
fn import_a_docx() {
    assert_cmd_snapshot!(rulecheck().args(["import", "tests/import/docx/wushen-excerpt.docx"]));
}

#[test]
fn import_a_table_the_document_does_not_have() {
    assert_cmd_snapshot!(rulecheck().args(["import", "tests/import/docx/county-excerpt.docx", "--table", "3"]));
}

#[test]
fn import_to_a_file_that_then_checks_and_is_formatted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.rubric");
    let out = out.to_str().unwrap();
    let status =
        rulecheck().args(["import", "tests/import/seeds/000_daf00672e0fc8c79.txt", "-o", out]).status().unwrap();
    assert!(status.success());
    assert!(rulecheck().args(["check", out]).status().unwrap().success());
    assert!(rulecheck().args(["fmt", "--check", out]).status().unwrap().success());
}

#[test]
fn import_bad_documents() {
    for (lang, file) in [
        ("en", "tests/import/bad/no-table.txt"),
        ("zh", "tests/import/bad/no-table.txt"),
        ("en", "tests/import/bad/random-bytes.docx"),
        ("zh", "tests/import/bad/no-document-xml.docx"),
        ("en", "tests/import/bad/row-before-section.txt"),
        ("en", "tests/import/bad/missing.txt"),
    ] {
        let name = format!("import_bad_{lang}_{}", file.rsplit('/').next().unwrap().replace('.', "_"));
        assert_cmd_snapshot!(name, rulecheck().args(["--lang", lang, "import", file]));
    }
}
