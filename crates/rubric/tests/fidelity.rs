//! The fidelity check (issue 20): `tests/fidelity/` holds deliberately wrong edits of real rules
//! (a moved edge, a swapped (含), a changed point …); each must be caught by a `rubric::fidelity-*`
//! warning, shown with both spans. The shipped rules give none (`check.rs`, `shipped_rules_check_clean`).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::MemoryLoader;

#[test]
fn every_wrong_edit_is_caught() {
    let mut cases = 0;
    insta::glob!("../../../tests/fidelity", "*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let load = rubric::load(&name, &MemoryLoader::new().with(name.clone(), src));
        assert!(!load.report.has_errors(), "{name} should have no errors:\n{}", common::render(&load));
        assert!(
            load.report.warnings().any(|w| w.code.as_str().starts_with("rubric::fidelity-")),
            "{name} is not caught:\n{}",
            common::render(&load)
        );
        cases += 1;
        insta::assert_snapshot!(common::render(&load));
    });
    assert!(cases >= 10, "only {cases} wrong edits");
}

#[test]
fn warnings_carry_both_spans() {
    let path = common::root().join("tests/fidelity/per-case-amount.rubric");
    let src = std::fs::read_to_string(path).unwrap();
    let load = rubric::load("a.rubric", &MemoryLoader::new().with("a.rubric", src));
    let w = load.report.warnings().find(|w| w.code.as_str() == "rubric::fidelity-points").unwrap();
    let json = serde_json::to_value(w).unwrap();
    let text = json.to_string();
    assert!(text.contains("扣除0.5分"), "{text}");
    assert!(text.contains("0.3"), "{text}");
}
