//! `rulecheck show` (原文对照): the Markdown of every rubric under `rules/` and of the construct
//! files under `tests/show/`, read by eye in their snapshots (each row's rules beside its text);
//! the English form of one; the workbook read back (cells, merges); the page's escaping.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use calamine::{Data, Reader, Xlsx};
use rubric::{Lang, LoadError, Loader, Rubric};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads rule files from the repository, paths relative to its root.
struct Files;

impl Loader for Files {
    fn load(&self, path: &str, _budget: usize) -> Result<String, LoadError> {
        std::fs::read_to_string(root().join(path)).map_err(|e| LoadError::Unreadable(e.to_string()))
    }
}

fn rel(p: &Path) -> String {
    p.canonicalize().unwrap().strip_prefix(root().canonicalize().unwrap()).unwrap().to_string_lossy().replace('\\', "/")
}

/// The rubric of `path`, or `None` for a file of blocks (a library).
fn load(path: &str) -> Option<Rubric> {
    let load = rubric::load(path, &Files);
    assert!(!load.report.has_errors(), "{path}: {:?}", load.report.diagnostics);
    if load.is_library() {
        return None;
    }
    Some(load.into_rubric().unwrap())
}

fn md(path: &str, lang: Lang) -> Option<String> {
    load(path).map(|r| rubric_out::show::markdown(&rubric_out::show::document(&r, lang)))
}

#[test]
fn every_rubric_under_rules() {
    insta::glob!("../../../rules", "**/*.rubric", |path| {
        if let Some(text) = md(&rel(path), Lang::Zh) {
            insta::assert_snapshot!(text);
        }
    });
}

#[test]
fn every_construct() {
    insta::glob!("../../../tests/show", "*.rubric", |path| {
        insta::assert_snapshot!(md(&rel(path), Lang::Zh).unwrap());
    });
}

#[test]
fn in_english() {
    insta::assert_snapshot!(md("tests/show/constructs.rubric", Lang::En).unwrap());
}

#[test]
fn the_workbook_reads_back() {
    let r = load("tests/show/constructs.rubric").unwrap();
    let doc = rubric_out::show::document(&r, Lang::Zh);
    let bytes = rubric_out::show::workbook(&doc).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let merges: Vec<String> = book
        .merge_cells_by_sheet_name("原文对照")
        .unwrap()
        .iter()
        .map(|d| format!("{:?}-{:?}", d.start, d.end))
        .collect();
    let range = book.worksheet_range("原文对照").unwrap();
    let cell = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    };
    assert_eq!(cell(0, 0), "原文对照：每种规则");
    let head: Vec<String> = (0..9).map(|c| cell(1, c)).collect();
    assert_eq!(head, ["序号", "评分任务/内容", "原文", "规则", "分值", "完成时限", "牵头领导", "责任股室", "责任人"]);
    // The first section, then its first row with its text, rules, points and columns.
    assert_eq!((cell(2, 0), cell(2, 1)), ("一".to_string(), "基础工作".to_string()));
    assert_eq!(
        (cell(3, 0), cell(3, 1), cell(3, 4), cell(3, 5), cell(3, 6)),
        ("一.1".into(), "核查".into(), "2".into(), "12月底".into(), "张局长".into())
    );
    assert!(cell(3, 2).starts_with("完成率在50%(不含)以下本项不得分"));
    assert_eq!(cell(3, 3).lines().next(), Some("核查完成率 < 50%：0分"));
    assert!(cell(3, 3).contains("核查完成率 = 核查完成数 ÷ 应核查数，分母为 0 时为 100%"));
    // The title over the whole width; section 一's title over 原文 (it has no text and no rules).
    assert!(merges.contains(&"(0, 0)-(0, 8)".to_string()), "{merges:?}");
    assert!(merges.contains(&"(2, 1)-(2, 3)".to_string()), "{merges:?}");
    let last = range.end().unwrap().0;
    assert_eq!(cell(last, 1), "总分");
    assert!(cell(last, 3).contains("一票否决：发生重大事故 为“是”"));
}

#[test]
fn the_page_escapes_markup() {
    let rules = r#"
rubric "<script>alert(1)</script>" {
  fact 完成: bool
  item 一 "<b>标题</b>" max 1 {
    text "a < b & c"
    award 1 when 完成
  }
}
"#;
    let r = rubric::load("r.rubric", &rubric::MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
    let html = rubric_out::show::html(&rubric_out::show::document(&r, Lang::Zh));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;标题&lt;/b&gt;"));
    assert!(html.contains("a &lt; b &amp; c"));
    assert!(html.contains("完成 为“是”：得1分"));
}
