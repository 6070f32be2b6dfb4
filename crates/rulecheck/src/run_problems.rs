//! The problems rulecheck meets while it runs (a file it cannot write, threads it cannot start, a
//! PDF it cannot print, a bug) and the notes it adds to an error, in English and Chinese: one
//! `match` arm gives both languages.

use crate::problems::Why;
use rubric::Lang;

/// A problem met while running ([`crate::problems::Problem::Run`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run<'a> {
    /// A unit scored without its breakdown: a bug, never a row left out in silence.
    NoBreakdown {
        /// The unit, when known.
        unit: Option<&'a str>,
    },
    /// A part of rulecheck that failed where it cannot: a bug, in its own words.
    Bug {
        /// What failed.
        what: String,
    },
    /// A file that cannot be written (none: standard output).
    CannotWrite {
        /// The path.
        path: Option<&'a str>,
        /// Why.
        why: Why,
    },
    /// JSON that cannot be written.
    Json {
        /// Why, as serde says it.
        why: String,
    },
    /// The pool of threads cannot start.
    Threads {
        /// How many were asked for.
        threads: usize,
        /// Why, as the system says it.
        why: String,
    },
    /// A PDF that cannot be printed.
    Pdf {
        /// The PDF asked for.
        pdf: &'a str,
        /// Why.
        why: Pdf,
    },
    /// `whatif` on a rubric scored in periods.
    WhatifPeriods {
        /// The rule file.
        rules: &'a str,
    },
    /// `whatif` on a rubric that compares units.
    WhatifCohort {
        /// The rule file.
        rules: &'a str,
    },
}

/// Why a PDF cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pdf {
    /// No Chromium on PATH.
    NoBrowser,
    /// The scratch folder cannot be made.
    Scratch(String),
    /// The page to print cannot be written.
    Page(String),
    /// The page to print cannot be found.
    NoPage,
    /// The browser cannot start: the browser, why.
    Start(String, String),
    /// The browser failed.
    Failed(String),
    /// The browser wrote no PDF.
    Empty(String),
    /// The browser did not finish in time (seconds).
    Timeout(u64),
    /// Waiting for the browser failed.
    Wait(String),
}

const BUG: (&str, &str) = ("this is a bug in rulecheck; please report it", "这是 rulecheck 的缺陷，请报告");

impl Run<'_> {
    /// Its message and help, in English and in Chinese.
    pub(crate) fn both(&self) -> [(String, Option<String>); 2] {
        let bug = || [Some(BUG.0.to_string()), Some(BUG.1.to_string())];
        let (en, zh, [h_en, h_zh]) = match self {
            Run::NoBreakdown { unit: Some(u) } => (
                format!("internal error: unit `{u}` was scored without its breakdown"),
                format!("内部错误：单位 `{u}` 评分后没有得分明细"),
                bug(),
            ),
            Run::NoBreakdown { unit: None } => (
                "internal error: a unit was scored without its breakdown".into(),
                "内部错误：有单位评分后没有得分明细".into(),
                bug(),
            ),
            Run::Bug { what } => (what.clone(), format!("内部错误：{what}"), bug()),
            Run::CannotWrite { path, why } => {
                let (why, why_zh) = why.both();
                match path {
                    Some(p) => (format!("cannot write `{p}`: {why}"), format!("无法写入 `{p}`：{why_zh}"), [None, None]),
                    None => (format!("cannot write the output: {why}"), format!("无法写出结果：{why_zh}"), [None, None]),
                }
            }
            Run::Json { why } => (format!("cannot write JSON: {why}"), format!("无法写出 JSON：{why}"), [None, None]),
            Run::Threads { threads, why } => (
                format!("cannot start {threads} threads: {why}"),
                format!("无法启动 {threads} 个线程：{why}"),
                [Some("give fewer with --threads".into()), Some("用 --threads 指定更少的线程".into())],
            ),
            Run::Pdf { pdf, why } => pdf_both(pdf, why),
            Run::WhatifPeriods { rules } => (
                format!("`{rules}` is scored in periods, each with its own facts"),
                format!("`{rules}` 按考核期评分，每期有各自的事实"),
                [
                    Some("`whatif` works on one set of facts; `rulecheck explain` shows each period's account, and its hints say what would raise each row".into()),
                    Some("`whatif` 只针对一组事实；`rulecheck explain` 列出每一期的得分明细，其中的提示说明怎样提高每一行的得分".into()),
                ],
            ),
            Run::WhatifCohort { rules } => (
                format!("`{rules}` scores units against each other (rank, best, worst, average, ratio)"),
                format!("`{rules}` 的得分取决于单位之间的比较（排名、最高、最低、平均、比值）"),
                [
                    Some("what one unit must change depends on the other units too, so `whatif` gives no suggestions for such rubrics; `rulecheck explain` shows each cohort figure used".into()),
                    Some("一个单位需要改变什么还取决于其他单位，所以 `whatif` 对这样的规则不给建议；`rulecheck explain` 列出所用的每个比较数值".into()),
                ],
            ),
        };
        [(en, h_en), (zh, h_zh)]
    }
}

/// A PDF that cannot be printed, in both languages.
fn pdf_both(pdf: &str, why: &Pdf) -> (String, String, [Option<String>; 2]) {
    let print = [
        Some("run the same command with `--output page.html` and open the page in a browser to print it".to_string()),
        Some("改用 `--output 页面.html` 运行同一命令，在浏览器中打开页面后打印".to_string()),
    ];
    let (en, zh, help) = match why {
        Pdf::NoBrowser => (
            "no Chromium on PATH to print the page with".to_string(),
            "PATH 中没有可用于打印页面的 Chromium".to_string(),
            [
                Some("install Chromium (`apt-get install chromium` on Debian, `chromium-browser` on Ubuntu) or Google Chrome so that `chromium`, `chromium-browser` or `google-chrome` is on PATH; or leave out --pdf and print the HTML page from any browser".into()),
                Some("安装 Chromium（Debian 上 `apt-get install chromium`，Ubuntu 上 `chromium-browser`）或 Google Chrome，使 `chromium`、`chromium-browser` 或 `google-chrome` 在 PATH 中；或去掉 --pdf，在任意浏览器中打印 HTML 页面".into()),
            ],
        ),
        Pdf::Scratch(e) => (format!("cannot make a scratch folder: {e}"), format!("无法创建临时文件夹（{e}）"), [None, None]),
        Pdf::Page(e) => (format!("cannot write the page to print: {e}"), format!("无法写出要打印的页面（{e}）"), [None, None]),
        Pdf::NoPage => ("cannot find the page to print".into(), "找不到要打印的页面".into(), [None, None]),
        Pdf::Start(b, e) => (format!("cannot start `{b}`: {e}"), format!("无法启动 `{b}`（{e}）"), print.clone()),
        Pdf::Failed(b) => (format!("`{b}` failed to print the page"), format!("`{b}` 打印页面失败"), print.clone()),
        Pdf::Empty(b) => (format!("`{b}` wrote no PDF"), format!("`{b}` 没有写出 PDF"), print.clone()),
        Pdf::Timeout(s) => (
            format!("the browser did not finish within {s} s"),
            format!("浏览器未在 {s} 秒内完成"),
            print.clone(),
        ),
        Pdf::Wait(e) => (e.clone(), format!("等待浏览器时出错（{e}）"), print),
    };
    (format!("cannot write `{pdf}`: {en}"), format!("无法写入 `{pdf}`：{zh}"), help)
}

/// A note rulecheck adds to what it reports.
#[derive(Debug, Clone)]
pub enum Note<'a> {
    /// After an error met while reading a file.
    WhileReading {
        /// The file.
        path: &'a str,
    },
    /// A rule file that does not check: no unit is scored.
    UntilFixed {
        /// The rule file.
        path: &'a str,
    },
    /// Units that could not be scored have no rank.
    LeftOutOfRank,
    /// After an error met while scoring a unit under one of two rule files.
    WhileScoring {
        /// The unit.
        unit: &'a str,
        /// The side (`old`, `new`, or its label).
        label: &'a str,
        /// The rule file.
        file: &'a str,
    },
    /// What a facts reader says once (an encoding, a notes column, a formula's saved value).
    Read {
        /// The file read.
        path: &'a str,
        /// What it says.
        words: &'a rubric::errors::Words,
    },
}

impl Note<'_> {
    /// The note in a language.
    pub fn said(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Note::WhileReading { path } if zh => format!("（读取 `{path}` 时）"),
            Note::WhileReading { path } => format!("(while reading `{path}`)"),
            Note::UntilFixed { path } if zh => format!("{path}：规则文件改正之前无法为单位评分"),
            Note::UntilFixed { path } => format!("{path}: cannot score units until the rule file is fixed"),
            Note::LeftOutOfRank if zh => "注意：无法评分的单位不参加排名".into(),
            Note::LeftOutOfRank => "note: the units that could not be scored are left out of the rank".into(),
            Note::WhileScoring { unit, label, file } if zh => format!("（按{label} `{file}` 为单位 `{unit}` 评分时）"),
            Note::WhileScoring { unit, label, file } => {
                format!("(while scoring unit `{unit}` under {label}, `{file}`)")
            }
            Note::Read { path, words } if zh => format!("注意：{path}：{}", words.zh()),
            Note::Read { path, words } => format!("note: {path}: {}", words.en()),
        }
    }
}
