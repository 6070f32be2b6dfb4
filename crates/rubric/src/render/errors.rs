//! Errors said in a language: [`Said`], a diagnostic with the code of the error it says, its
//! message, help and related problems in the renderer's language. Every scoring error
//! ([`super::scoring`]) and every error of a facts file (a unit's facts here, the file's own in
//! [`super::file_errors`]) has a Chinese form.

use super::renderer::Render;
use crate::diag::Lang;
use crate::eval::EvalError;
use crate::facts::error::UnitFactsError;
use crate::facts::{FactProblem, FactsError};
use std::fmt;

/// An error said in one language ([`Render::error`], [`Render::facts_error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The code of the error (`rubric::missing-fact`).
    pub code: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The problems it is made of (a unit's facts, one by one).
    pub related: Vec<Said>,
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Said {}

impl miette::Diagnostic for Said {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
    }
}

impl Said {
    /// Any diagnostic, as it is written.
    pub fn of(e: &dyn miette::Diagnostic) -> Self {
        Said {
            code: e.code().map(|c| c.to_string()),
            message: e.to_string(),
            help: e.help().map(|h| h.to_string()),
            related: e.related().map(|r| r.map(Said::of).collect()).unwrap_or_default(),
        }
    }
}

impl Render<'_> {
    /// A scoring error in the renderer's language.
    ///
    /// ```
    /// use rubric::render::{Lang, Render};
    /// use rubric::{MemoryLoader, UnitFacts};
    ///
    /// let rules = "rubric \"r\" {\n  fact 次数: count\n  item 一 \"一\" max 1 {\n    deduct 1 per 次数\n  }\n}\n";
    /// let rubric = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules))
    ///     .into_rubric()
    ///     .expect("the rules compile");
    /// let e = rubric.evaluate(&UnitFacts::new("甲")).expect_err("a fact is missing");
    /// let zh = Render::new(Lang::Zh).error(&e);
    /// assert_eq!(zh.message, "单位 `甲`：事实有 1 处问题");
    /// assert_eq!(zh.related[0].message, "缺少事实 `次数`（由 item `一` 读取）");
    /// assert_eq!(Render::new(Lang::En).error(&e).related[0].message, "missing fact `次数`, needed by item `一`");
    /// ```
    pub fn error(&self, e: &EvalError) -> Said {
        match (self.lang(), e) {
            (_, EvalError::Facts(f)) => self.facts_error(f),
            (Lang::Zh, _) => super::scoring::said(e).unwrap_or_else(|| Said::of(e)),
            _ => Said::of(e),
        }
    }

    /// A scoring error in one line, in the renderer's language: its message, and for a unit's
    /// facts each problem after it (`单位 `甲`：事实有 1 处问题：缺少事实 …`). `Display` stays
    /// English for embedders.
    ///
    /// ```
    /// use rubric::render::{Lang, Render};
    /// use rubric::{MemoryLoader, UnitFacts};
    ///
    /// let rules = "rubric \"r\" {\n  fact 次数: count\n  item 一 \"一\" max 1 {\n    deduct 1 per 次数\n  }\n}\n";
    /// let rubric = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules))
    ///     .into_rubric()
    ///     .expect("the rules compile");
    /// let e = rubric.evaluate(&UnitFacts::new("甲").num("次数", "-1")).expect_err("a count is not negative");
    /// assert_eq!(
    ///     Render::new(Lang::Zh).eval_error(&e),
    ///     "单位 `甲`：事实有 1 处问题：事实 `次数`：计数应为 0 或以上的整数，实为 -1"
    /// );
    /// ```
    pub fn eval_error(&self, e: &EvalError) -> String {
        let said = self.error(e);
        let zh = self.lang() == Lang::Zh;
        let mut line = said.message;
        for (i, r) in said.related.iter().enumerate() {
            let sep = match (zh, i) {
                (true, 0) => "：",
                (true, _) => "；",
                (false, 0) => ": ",
                (false, _) => "; ",
            };
            line.push_str(sep);
            line.push_str(&r.message);
        }
        line
    }

    /// An error of a facts file in the renderer's language.
    pub fn facts_error(&self, e: &FactsError) -> Said {
        match (self.lang(), e) {
            (Lang::Zh, FactsError::Unit(u)) => unit(u),
            (Lang::Zh, FactsError::ListRow(r)) => {
                let (message, help) = r.zh();
                Said { code: Some("rubric::facts-list".into()), message, help: Some(help), related: Vec::new() }
            }
            (Lang::Zh, e) => super::file_errors::zh(e).unwrap_or_else(|| Said::of(e)),
            _ => Said::of(e),
        }
    }
}

impl Render<'_> {
    /// What a test got instead of a score, in the renderer's language: the error, with every
    /// problem of the unit's facts named (`错误：缺少事实 `次数`（由 item `一` 读取）`).
    pub fn got_error(&self, e: &EvalError) -> String {
        match self.lang() {
            Lang::Zh => format!("错误：{}", self.error_line(e)),
            _ => crate::analysis::testing::failure(e),
        }
    }

    /// A scoring error in one line, for a cell of a table: every problem of a unit's facts
    /// (the unit is in the row), or the error.
    pub fn error_line(&self, e: &EvalError) -> String {
        match e {
            EvalError::Facts(FactsError::Unit(u)) if !u.problems.is_empty() => match self.lang() {
                Lang::Zh => u.problems.iter().map(|p| problem(p).message).collect::<Vec<_>>().join("；"),
                _ => u.problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
            },
            other => self.eval_error(other),
        }
    }

    /// What a test's check got, in the renderer's language: the score, or the error instead.
    pub fn got(&self, c: &crate::analysis::testing::CheckOutcome) -> String {
        match &c.error {
            Some(e) => self.got_error(&e.0),
            None => c.actual.clone(),
        }
    }
}

/// A unit's facts, in Chinese.
fn unit(u: &UnitFactsError) -> Said {
    Said {
        code: Some("rubric::facts".into()),
        message: format!("单位 `{}`：事实有 {} 处问题", u.unit, u.problems.len()),
        help: None,
        related: u.problems.iter().map(problem).collect(),
    }
}

/// One problem with a fact, in Chinese.
fn problem(p: &FactProblem) -> Said {
    let said = |code: &str, message: String, help: Option<String>| Said {
        code: Some(code.into()),
        message,
        help,
        related: Vec::new(),
    };
    match p {
        FactProblem::Missing(m) => said(
            "rubric::missing-fact",
            format!("缺少事实 `{}`（由 {} 读取）", m.fact, m.needed_by.join("、")),
            Some(format!("在本单位的事实中加上 `{}`", m.fact)),
        ),
        FactProblem::Unknown(u) => said(
            "rubric::unknown-fact",
            match &u.suggestion {
                Some(s) => format!("未知的事实 `{}`{}；是不是 `{s}`？", u.fact, zh_at(&u.place)),
                None => format!("未知的事实 `{}`{}", u.fact, zh_at(&u.place)),
            },
            Some("使用规则文件以 `fact 名称: 类型` 声明的名称".into()),
        ),
        FactProblem::Invalid(i) => {
            said("rubric::bad-fact", format!("事实 `{}`{}：{}", i.fact, zh_at(&i.place), i.why.both().1), None)
        }
        FactProblem::Duplicate(d) => said(
            "rubric::duplicate-fact",
            format!("事实 `{}`{} 给出了两次", d.fact, zh_at(&d.place)),
            Some("每个单位的每项事实只保留一个值".into()),
        ),
    }
}

/// `（工作表 事实 的 C2 单元格）` after a fact's name, or nothing.
fn zh_at(place: &Option<crate::facts::Place>) -> String {
    place.as_ref().map(|p| format!("（{}）", p.zh())).unwrap_or_default()
}
