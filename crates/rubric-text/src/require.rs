//! The requirements of a sentence that states only the row's points, clause by clause: a count
//! the clause names (`不少于2次`, `至少2篇`, `每半年一次`, `开展1次`) or, for the other clauses,
//! words to be met (a yes/no). Clauses that say how (`采取…等方式`) or what for (`持续提升…`)
//! are not requirements of their own.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::clause::pieces;
use crate::norm::Norm;
use crate::num::{self, NUM};
use crate::types::{Claim, Span, Unit};

/// The period a count is stated for: `每季度至少一次` is at least one in each quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Period {
    /// No period, `全年` or `每年`: the count over the rubric's year.
    Year,
    /// `每半年`: in each half of the year.
    HalfYear,
    /// `每季度`: in each quarter.
    Quarter,
    /// `每月`: in each month.
    Month,
}

/// A count a clause requires: at least `count` (`unit`) in each `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needed {
    /// How many at least.
    pub count: Decimal,
    /// What is counted (次, 篇, 个 …).
    pub unit: Unit,
    /// Per what period.
    pub period: Period,
    /// The count's words (`至少2次`, `一次`).
    pub span: Span,
    /// The words of what is counted: after the count (`就业专场招聘会`), else before it.
    pub what: Span,
}

/// One requirement: a clause's words and the count it names, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// The clause (trimmed of punctuation and `原则上`).
    pub span: Span,
    /// The count the clause requires, if it names one.
    pub count: Option<Needed>,
}

/// `至少2次`, `不少于2次`, `报送至少2篇`, `召开一次`, `开展1次`: a number of times or things.
static COUNT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<min>至少|不少于|不低于)?(?P<verb>组织|召开|开展|报送|打造|举办|进行)?{NUM}(?P<unit>次|篇|个|场|期)"
    ))
    .ok()
});
static PERIOD: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"每(半年|年|季度|月)").ok());

/// Clauses that say how or what for, not what is required.
fn is_manner(clause: &str) -> bool {
    (clause.starts_with("采取") || clause.starts_with("通过")) && (clause.ends_with("方式") || clause.ends_with("形式"))
        || ["持续提升", "不断提升", "进一步提升", "提升", "持续提高", "不断提高"].iter().any(|h| clause.starts_with(h))
        || clause.contains("综合考虑实际情况")
}

/// The requirements of `sentence`, in order, leaving out a `(N分)` and clauses that say how or
/// what for. Empty when no clause names a count (the row is then one requirement as a whole), and
/// when the sentence states more than its points (得/扣/加 …, or words not read): its rules are
/// then the claims [`read`](crate::read) gives.
///
/// ```
/// use rubric_text::{requirements, Period};
/// let r = requirements("原则上每半年召开一次领导小组全体会议，根据工作需要召开专题会议。(3分)");
/// assert_eq!(r.len(), 2);
/// assert_eq!(r[0].count.map(|c| c.period), Some(Period::HalfYear));
/// assert!(r[1].count.is_none());
/// ```
pub fn requirements(sentence: &str) -> Vec<Requirement> {
    let reading = crate::clause::read(sentence);
    if !reading.unread().is_empty() || reading.claims().iter().any(|c| !matches!(c.kind, Claim::RowPoints(_))) {
        return Vec::new();
    }
    let norm = Norm::new(sentence);
    let mut out = Vec::new();
    for p in pieces(&norm.text) {
        let Some((a, b)) = clause(&norm, p.a, p.b) else { continue };
        out.push(Requirement { span: norm.span(a, b), count: count_in(&norm, a, b) });
    }
    if out.iter().all(|r| r.count.is_none()) {
        return Vec::new();
    }
    out
}

/// The clause `a..b` trimmed, or `None` when it is points, empty, or says how or what for.
fn clause(norm: &Norm, a: usize, b: usize) -> Option<(usize, usize)> {
    let words = norm.get(a, b);
    let words = match words.rfind('(') {
        Some(at) if words.ends_with("分)") => words.get(..at).unwrap_or(""),
        _ => words,
    };
    let start = words.len() - words.trim_start_matches("原则上").len();
    let rest = words.get(start..).unwrap_or("").trim_end_matches(['。', '；', '，', '.']);
    if rest.is_empty() || is_manner(rest) {
        return None;
    }
    Some((a + start, a + start + rest.len()))
}

/// The count the clause `a..b` requires: a minimum word, a period, or a verb of doing before the
/// number; `一次性`, `第一次` and `3个月` are not counts.
fn count_in(norm: &Norm, a: usize, b: usize) -> Option<Needed> {
    let words = norm.get(a, b);
    let period = PERIOD.as_ref()?.captures(words);
    for caps in COUNT.as_ref()?.captures_iter(words) {
        let m = caps.get(0)?;
        let rest = words.get(m.end()..).unwrap_or("");
        let before = words.get(..m.start()).unwrap_or("");
        if rest.starts_with(['性', '月']) || before.ends_with('第') {
            continue;
        }
        let at_period = period.as_ref().and_then(|c| c.get(0)).filter(|p| p.end() <= m.start());
        if caps.name("min").is_none() && caps.name("verb").is_none() && at_period.is_none() {
            continue;
        }
        let count = num::value(caps.get(3)?.as_str())?;
        let unit = num::unit(caps.name("unit").map(|u| u.as_str()));
        let period = match at_period.map(|p| p.as_str()) {
            Some("每半年") => Period::HalfYear,
            Some("每季度") => Period::Quarter,
            Some("每月") => Period::Month,
            _ => Period::Year,
        };
        let after = rest.trim_end_matches(['。', '；', '，']);
        let what = if after.chars().count() >= 2 {
            norm.span(a + m.end(), a + m.end() + after.len())
        } else {
            norm.span(a, a + m.start())
        };
        return Some(Needed { count, unit, period, span: norm.span(a + m.start(), a + m.end()), what });
    }
    None
}
