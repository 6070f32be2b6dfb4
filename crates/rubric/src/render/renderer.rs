//! The renderer's public face: the lines of an account, fixed phrases, and [`Render`], which
//! says a breakdown, a hint or a suggestion in words.

use super::sentences::{self, L};
use crate::analysis::explain::Hint;
use crate::analysis::periods::PeriodScores;
use crate::analysis::whatif::Suggestion;
use crate::diag::Lang;
use crate::eval::Rubric;
use crate::plan::Kind;
use crate::report::breakdown::{NodeScore, UnitScore};
use crate::value::{show_num, text_num};

/// One line of a row's account ([`Render::account`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A labelled line, e.g. `扣分` and `−0.5（0.5 × 重大隐患数 1）…`.
    Said {
        /// What the line is about (`分档`, `扣分`); empty for a line that goes on the one before.
        label: String,
        /// The sentence.
        text: String,
    },
    /// One band of a band table, shown under the line that names the value.
    Arm(Arm),
}

/// One band of a band table in a row's account: chosen or not, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arm {
    /// Whether the value fell in this band.
    pub chosen: bool,
    /// The interval as written.
    pub range: String,
    /// The points as written.
    pub points: String,
    /// `65% 在此档`, or which bound the value misses.
    pub why: String,
}

/// Fixed words and headings of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phrase {
    /// `单位`.
    Unit,
    /// `总分`: the total.
    Total,
    /// The heading of the rows that lost points.
    LostRows,
    /// The heading of the hints.
    Hints,
    /// No hint at all.
    NoHints,
    /// Rows that compare units get no hints.
    CohortHints,
    /// The heading of the suggestions of `whatif`.
    Suggestions,
    /// `当前`: the score now.
    Now,
    /// No suggestion at all.
    NoSuggestions,
    /// The heading of the facts for which no change can be derived.
    NotDerived,
    /// `依据`: the rule a suggestion rests on.
    Basis,
    /// The heading of a periods' total.
    Sum,
    /// A period's weight.
    Weight,
    /// A whole assessment vetoed.
    Vetoed,
    /// `含加分`: the bonus included in a total.
    BonusIncluded,
    /// `失分`: points lost.
    Lost,
    /// The heading of the points lost by office and person (`eval --by owner`).
    ByOwner,
    /// No row lost points.
    NoLostRows,
    /// A row with several responsible offices or people.
    Shared,
    /// How shared rows are counted.
    SharedNote,
    /// `名次`: a unit's place in a ranking.
    Place,
    /// `加分`: the heading of the bonus column.
    Bonus,
    /// `错误`: the heading of the column of a unit that could not be scored.
    Error,
    /// `排名`: the name of the ranking's sheet.
    Ranking,
    /// `得分`: the name of the scores' sheet, and the heading of a row's points.
    Score,
    /// `编号`: the heading of a row's id.
    Id,
    /// `项目`: the heading of a row's title.
    Row,
    /// `满分`: the heading of a row's maximum.
    Max,
    /// `说明`: the heading of a row's reason.
    Reason,
    /// A lost row with no responsible office.
    NoOffice,
    /// A lost row with no responsible person.
    NoOwner,
    /// The separator of a list of names: `、` or `, `.
    ListSep,
    /// The separator of clauses: `；` or `; `.
    Semicolon,
    /// The separator of the parts of a parenthesis: `，` or `, `.
    Comma,
    /// The separator of a label and what it says: `：` or `: `.
    Colon,
    /// `等次`: the heading of the grade column.
    Grade,
}

/// Says a breakdown in words, in one language.
///
/// ```
/// use rubric::render::{Lang, Line, Render};
/// use rubric::{MemoryLoader, UnitFacts};
///
/// let rules = r#"
/// rubric "考评" {
///   fact 未享受优待子女数: count
///   section 六 "拥军优抚" {
///     item 六.1.4 "子女入学入托优待" max 1 {
///       deduct 0.5 per 未享受优待子女数 "1名未享受优待扣除0.5分"
///     }
///   }
/// }
/// "#;
/// let load = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules));
/// let rubric = load.into_rubric().expect("the rules compile");
/// let score = rubric.evaluate(&UnitFacts::new("鄂托克旗").num("未享受优待子女数", "1"))?;
/// let row = score.node("六.1.4").expect("the row");
///
/// let zh = Render::new(Lang::Zh).with_rubric(&rubric);
/// assert_eq!(zh.reason(row), "扣 0.5分（0.5 × 未享受优待子女数 1）：1名未享受优待扣除0.5分");
/// assert_eq!(zh.total(&score), "总分 0.5 / 1");
/// let en = Render::new(Lang::En);
/// assert_eq!(en.reason(row), "deducted 0.5 pts (0.5 × 未享受优待子女数 1): 1名未享受优待扣除0.5分");
/// assert_eq!(en.total(&score), "total 0.5 / 1");
/// // An account: one line per step, each with its label.
/// let lines = zh.account(row, &[]);
/// assert!(matches!(&lines[..], [Line::Said { label, .. }, Line::Said { text, .. }]
///     if label == "起点" && text.starts_with("−0.5（0.5 × 未享受优待子女数 1）")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Render<'r> {
    pub(super) rubric: Option<&'r Rubric>,
    pub(super) lang: Lang,
}

impl Render<'static> {
    /// A renderer in `lang`. It needs no rubric but for the bands of a band table in an
    /// account ([`Render::with_rubric`]): a breakdown read back from JSON can be said as well.
    pub const fn new(lang: Lang) -> Self {
        Render { rubric: None, lang }
    }
}

impl<'r> Render<'r> {
    /// The same renderer, with the rubric (or the period's plan) that scored the breakdowns,
    /// so that an account shows every band of a band table and why the value is not in it.
    pub fn with_rubric<'a>(self, rubric: &'a Rubric) -> Render<'a> {
        Render { rubric: Some(rubric), lang: self.lang }
    }

    /// Why a row scored what it did, in one sentence: the band, the deductions, the cap; `满分`
    /// for an item at its maximum with nothing to say; empty for a parent with nothing to say.
    pub fn reason(&self, n: &NodeScore) -> String {
        let r = sentences::steps(L(self.lang), &n.steps);
        if n.kind == Kind::Item && r.is_empty() && n.score == n.max { L(self.lang).full().into() } else { r }
    }

    /// What happened to the whole rubric (a veto, a cap), or nothing.
    pub fn total_reason(&self, s: &UnitScore) -> String {
        sentences::steps(L(self.lang), &s.steps)
    }

    /// `总分 87 / 100（含加分 2）`.
    pub fn total(&self, s: &UnitScore) -> String {
        let l = L(self.lang);
        let mut out = format!("{} {} / {}", l.total(), text_num(s.score), text_num(s.max));
        if !s.bonus.is_zero() {
            out.push_str(&l.bonus_in(&text_num(s.bonus)));
        }
        out
    }

    /// `总分 119 / 160（平时 62 × 1 + 年底 57 × 1）`: a total over periods.
    pub fn periods_total(&self, s: &PeriodScores) -> String {
        let parts: Vec<String> =
            s.periods.iter().map(|p| format!("{} {} × {}", p.period, show_num(p.score.score), p.weight_text)).collect();
        let l = L(self.lang);
        format!("{} {} / {}{}", l.total(), show_num(s.total), show_num(s.max), l.paren(&parts.join(" + ")))
    }

    /// The account of one row, line by line: its standard and who answers for it, each step
    /// (every band of a band table, chosen or not and why), and the `hints` for the row.
    pub fn account(&self, n: &NodeScore, hints: &[&Hint]) -> Vec<Line> {
        super::account::lines(self, n, hints)
    }

    /// A change that would raise a row: `做到「…」可得 1 分`.
    pub fn hint(&self, h: &Hint) -> String {
        sentences::hint(L(self.lang), h)
    }

    /// A suggestion of `whatif`: `核查完成数 130 → 131（+1；…；本行 1 → 1.5 分）`.
    pub fn suggestion(&self, s: &Suggestion) -> String {
        sentences::suggestion(L(self.lang), s)
    }

    /// `（s）` or ` (s)`: a remark after what it is about.
    pub fn paren(&self, s: &str) -> String {
        L(self.lang).paren(s)
    }

    /// `【s】` or `[s]`: the name of a period before its title.
    pub fn bracket(&self, s: &str) -> String {
        match self.lang {
            Lang::Zh => format!("【{s}】"),
            _ => format!("[{s}] "),
        }
    }

    /// A fixed word or heading.
    pub fn phrase(&self, p: Phrase) -> &'static str {
        L(self.lang).phrase(p)
    }

    /// The rules of a node said back in canonical words, one line a rule (原文对照): each band
    /// (`完成率 ≥ 50% 且 ≤ 65%：得1分`), award, deduction (`每件 不合格件数 扣0.5分，最多扣1.5分`),
    /// bonus, `score`, `judged`, `zero` and `veto` line, then what is said on the node (its floor,
    /// cap, bonus limit, rounding, combine, not applicable, periods, grades) and the derived
    /// values its rules read (`督办办结率 = 督办信访办结数 ÷ 督办信访事项数，分母为 0 时为 100%`).
    ///
    /// ```
    /// use rubric::render::{Lang, Render};
    /// use rubric::MemoryLoader;
    ///
    /// let rules = r#"
    /// rubric "考评" {
    ///   fact 不合格件数: count
    ///   item 三.4 "规范办理" max 1.5 {
    ///     deduct 0.5 per 不合格件数 max 1.5
    ///   }
    /// }
    /// "#;
    /// let rubric = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules)).into_rubric().expect("checks");
    /// let row = rubric.node("三.4").expect("the row");
    /// assert_eq!(Render::new(Lang::Zh).rules(row), ["每件 不合格件数 扣0.5分，最多扣1.5分", "得分下限 0（扣完为止）"]);
    /// assert_eq!(Render::new(Lang::En).rules(row)[0], "deduct 0.5 pts per 不合格件数, at most 1.5 pts");
    /// ```
    pub fn rules(&self, node: crate::plan::NodeRef<'_>) -> Vec<String> {
        super::rules::node_rules(L(self.lang), node.plan(), node.index())
    }

    /// A node's maximum as the document's 分值 column shows it: `2`, or its cases when it
    /// depends on the unit (`2（地区类别 = 城区）；4（其他）`).
    pub fn max_text(&self, node: crate::plan::NodeRef<'_>) -> String {
        node.plan()
            .nodes
            .get(node.index())
            .map(|n| super::rules_node::max_text(L(self.lang), node.plan(), n))
            .unwrap_or_default()
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}
