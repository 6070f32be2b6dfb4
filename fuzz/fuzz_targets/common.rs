//! Helpers shared by the fuzz targets (included with `#[path]`, not a crate).
#![allow(dead_code)]

use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::{Load, LoadError, Loader, MemoryLoader};

/// Path of the rule file under test in the in-memory loader.
pub const MAIN: &str = "main.rubric";

/// The real shared block of the county-2021 rubrics, importable as `shared/innovation.rubric`
/// (seeds from rules/county-2021 import it by that path).
pub const INNOVATION: &str = include_str!("../../rules/county-2021/shared/innovation.rubric");

/// A small importable library with one block of every fact type, importable as
/// `shared/lib.rubric` or `lib.rubric`; `use 库` pulls it in.
pub const LIB: &str = r#"
// A library of blocks for fuzzing.
block 库 "共享库" max 10 {
  fact 库次数: count "次数"
  fact 库金额: number in [0, 1000]
  fact 库比率: percent
  fact 库完成: bool
  fact 库日期: date
  fact 库评分: points
  let 库人均 = 库金额 / 库次数 on zero => 0
  item 库.1 "带" max 4 {
    band 库比率 { [0%, 60%) => 0  [60%, 90%) => 2 "中"  [90%, 100%] => 4 }
  }
  item 库.2 "扣" max 3 {
    due 2024-12-31
    award 3 when 库完成 and 库日期 <= 2024-07-31
    deduct 0.5 per 库次数 max 3 "每次扣0.5分"
    round 1 四舍五入
  }
  item 库.3 "评" max 3 {
    score min(3, 库人均 / 100 + 库评分)
  }
}
block 新式 "新式" max 6 {
  fact 新类别: kind 城区/郊区/山区
  fact 新事故: list { 等级: kind 一般/较大/重大  日期: date  损失: number in [0, ..] }
  table 新分 by 新类别 { 城区 => 1  郊区 => 1.5  山区 => 2 }
  item 新.1 "类" max 2 { score 新分 }
  item 新.2 "事" max 2 {
    deduct 0.5 per 新事故 where 等级 == 一般 and days(日期, 2024-12-31) < 200
    zero when any(新事故 where 等级 in [较大, 重大])
  }
  item 新.3 "引" max 2 { score min(2, points(新.1) + max(新事故, 损失, else 0) / 100000) }
  grade { [5, ..) => 好  [0, 5) => 差 }
}
block 评定 "评定" max 2 {
  fact 评定分: points
  item 评定.1 "评定" max 2 { judged 评定分 }
}
"#;

/// A loader with the rule file under test and the importable shared files.
pub fn loader(main: &str) -> MemoryLoader {
    MemoryLoader::new()
        .with(MAIN, main)
        .with("shared/innovation.rubric", INNOVATION)
        .with("shared/lib.rubric", LIB)
        .with("lib.rubric", LIB)
        .with("shared/none.rubric", "")
}

/// A marker in files outside the project root of `main.rubric` (the folder `.`): no import may
/// read them, so no diagnostic may show it.
pub const SECRET: &str = "SECRET-7f3a";

/// Paths outside the project root, each holding a broken rule file with [`SECRET`] in it (a
/// file that did not parse would be shown by its diagnostics).
pub const OUTSIDE: &[&str] = &["../secret.rubric", "../shared/lib.rubric", "/etc/passwd", "/proc/self/environ"];

/// The loader of [`loader`] with files outside the project root, which asserts that it is asked
/// only for the entry file or a path inside the root, and always with the budget of one file.
pub struct Guarded(pub MemoryLoader);

impl Loader for Guarded {
    fn load(&self, path: &str, max_bytes: usize) -> Result<String, LoadError> {
        let inside = path == MAIN
            || (!path.starts_with('/')
                && !path.contains('\\')
                && path.split('/').all(|s| !matches!(s, "" | "." | "..")));
        assert!(inside, "the loader was asked for `{path}`, outside the project root");
        assert_eq!(max_bytes, rubric_syntax::Limits::default().max_bytes, "the loader was asked without the budget");
        self.0.load(path, max_bytes)
    }
}

/// Loads `text` as `main.rubric` with the shared files available, and files outside the
/// project root that must never be read.
pub fn load(text: &str) -> Load {
    let mut files = loader(text);
    for p in OUTSIDE {
        files = files.with(*p, format!("{SECRET} root:x:0:0\nrubric \"{SECRET}\" {{ ??? }}"));
    }
    let load = rubric::load(MAIN, &Guarded(files));
    assert!(load.sources.iter().all(|f| !f.text.contains(SECRET)), "a file outside the project root was read");
    load
}

/// The graphical handler as `rulecheck` uses it (unicode, no colour), at a width.
pub fn handler(width: usize) -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(width).with_links(false)
}

/// Renders any miette diagnostic into a String. A `fmt::Error` from miette is not a crash
/// (rulecheck falls back to plain Display); a panic is.
pub fn render(d: &dyn miette::Diagnostic, width: usize) -> String {
    let mut out = String::new();
    if handler(width).render_report(&mut out, d).is_err() {
        out = d.to_string();
    }
    out
}

/// The first raw control (other than newline, tab, CR) or bidi control in rendered text: the
/// library promises none reaches a terminal (`rubric::safe`, `crates/rubric/tests/hostile.rs`).
pub fn raw_control(rendered: &str) -> Option<char> {
    rendered.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Renders and asserts that the output is free of raw control characters.
pub fn render_clean(d: &dyn miette::Diagnostic, width: usize) -> String {
    let out = render(d, width);
    if let Some(c) = raw_control(&out) {
        panic!("raw control character {c:?} in a rendered diagnostic:\n{out}");
    }
    out
}

/// Renders every diagnostic of a load through `to_report`, checking the output is clean.
/// (All of them: finding render-1 was that rendering N diagnostics of an S-byte file cost
/// O(N × S); each report now costs only its own lines.)
pub fn render_load(load: &Load, widths: &[usize]) -> usize {
    let mut n = 0;
    for d in &load.report.diagnostics {
        let report = d.to_report(&load.sources);
        for &w in widths {
            let out = render_clean(report.as_ref(), w);
            assert!(!out.contains(SECRET), "a diagnostic shows a file outside the project root:\n{out}");
            n += out.len();
        }
    }
    n
}

/// Renders an error without source (facts, scoring) as is (must not panic) and through
/// `rubric::safe::Safe`, as rulecheck shows it (must be clean).
pub fn render_error(e: &dyn miette::Diagnostic) {
    let _ = render(e, 100);
    let _ = render_clean(&rubric::safe::Safe::new(e), 100);
}
