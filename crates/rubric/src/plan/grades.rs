//! Grades (等次) of a node's score, compiled: the grade table's intervals best first, the lines
//! that fix or bar a grade, and the quotas applied when units are scored together.

use crate::plan::{ExprRule, Loc, Range};
use rust_decimal::Decimal;

/// `grade { … }` of one node.
#[derive(Debug, Clone)]
pub(crate) struct GradeDef {
    /// The node graded (0 for the total).
    pub(crate) node: usize,
    /// The grades, best first (the highest interval first).
    pub(crate) arms: Vec<GradeArm>,
    /// `NAME when COND`: fixes the grade; several that apply: the worst wins.
    pub(crate) fixes: Vec<GradeCond>,
    /// `bar NAME when COND`: the unit gets at most the grade below NAME.
    pub(crate) bars: Vec<GradeCond>,
    /// `quota NAME P%` / `quota NAME N`: applied when units are scored together.
    pub(crate) quotas: Vec<QuotaDef>,
    /// The `grade` statement.
    pub(crate) loc: Loc,
}

/// `INTERVAL => NAME ["label"]`.
#[derive(Debug, Clone)]
pub(crate) struct GradeArm {
    /// The grade's name.
    pub(crate) name: String,
    /// The node's scores that get it.
    pub(crate) range: Range,
    /// The document's wording.
    pub(crate) label: Option<String>,
    /// Where written.
    pub(crate) loc: Loc,
}

/// A `NAME when COND` or `bar NAME when COND` line.
#[derive(Debug, Clone)]
pub(crate) struct GradeCond {
    /// The grade named, by its place in `arms`.
    pub(crate) grade: usize,
    /// The condition.
    pub(crate) cond: ExprRule,
    /// The document's wording.
    pub(crate) label: Option<String>,
}

/// How many units may get a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Share {
    /// At most ⌊P × the number of units scored together⌋ (向下取整).
    Percent(Decimal),
    /// At most this many units.
    Count(u64),
}

/// `quota NAME P%`.
#[derive(Debug, Clone)]
pub(crate) struct QuotaDef {
    /// The grade, by its place in `arms`.
    pub(crate) grade: usize,
    /// How many may get it.
    pub(crate) share: Share,
    /// The quota as written (`20%`).
    pub(crate) text: String,
    /// The document's wording.
    pub(crate) label: Option<String>,
}

impl Share {
    /// How many of `units` units may get the grade: ⌊P × units⌋ for a percent (向下取整).
    pub(crate) fn allowed(self, units: usize) -> usize {
        match self {
            Share::Count(n) => usize::try_from(n).unwrap_or(usize::MAX),
            Share::Percent(p) => {
                let n = Decimal::from(units).checked_mul(p).map(|v| v.floor()).unwrap_or(Decimal::MAX);
                rust_decimal::prelude::ToPrimitive::to_usize(&n).unwrap_or(usize::MAX)
            }
        }
    }
}

/// The facts and derived values the `when` and `bar` lines of every grade table read, by slot.
pub(crate) fn grade_reads(grades: &[GradeDef]) -> Vec<usize> {
    grades.iter().flat_map(|g| g.fixes.iter().chain(&g.bars)).flat_map(|c| c.cond.reads.iter().copied()).collect()
}
