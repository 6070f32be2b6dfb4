//! The parse corpus: `tests/parse/ok` parses cleanly; `tests/parse/err` snapshots every diagnostic.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use miette::{GraphicalReportHandler, GraphicalTheme, Report};
use rubric_syntax::span::NamedText;

fn render(name: &str, src: &str) -> String {
    let parsed = rubric_syntax::parse(src);
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for e in parsed.errors {
        let report = Report::new(e).with_source_code(NamedText::new(name, src));
        handler.render_report(&mut out, report.as_ref()).unwrap();
        out.push('\n');
    }
    out
}

#[test]
fn ok_files_parse_without_errors() {
    insta::glob!("../../../tests/parse", "ok/*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert_eq!(render(&name, &src), "", "{name} should parse cleanly");
    });
}

#[test]
fn err_files_report_located_errors() {
    insta::glob!("../../../tests/parse", "err/*.rubric", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let out = render(&name, &src);
        assert!(!out.is_empty(), "{name} should not parse");
        assert!(
            !out.contains("kw_") && !out.contains("stmt") && !out.contains("Rule::"),
            "grammar rule names leaked: {out}"
        );
        insta::assert_snapshot!(out);
    });
}

#[test]
fn several_broken_lines_are_all_reported() {
    let src = std::fs::read_to_string("../../tests/parse/err/several-errors.rubric").unwrap();
    assert_eq!(rubric_syntax::parse(&src).errors.len(), 3);
}

#[test]
fn literals_are_read_exactly() {
    use rubric_syntax::ast::{Bound, LitValue, StmtKind, Top};
    let p =
        rubric_syntax::parse(r#"rubric "r" max 100.50 { item 一 "i" max 0.1 { band x { [65.0001%, ..) => 1.5 } } }"#);
    assert!(p.is_ok());
    let Top::Rubric(r) = &p.file.items[0] else { panic!("no rubric") };
    assert_eq!(r.max.as_ref().unwrap().value, LitValue::Number("100.50".parse().unwrap()));
    let StmtKind::Node(item) = &r.body[0].kind else { panic!("no item") };
    let StmtKind::Band(b) = &item.body[0].kind else { panic!("no band") };
    let Bound::Value(lo) = &b.arms[0].interval.lo else { panic!("unbounded") };
    assert_eq!(lo.value, LitValue::Percent("0.650001".parse().unwrap()));
    assert!(b.arms[0].interval.lo_closed && !b.arms[0].interval.hi_closed);
}
