//! A table of units' scores, whatever the rubric: after each unit's total, a column per section
//! (or per row), or per period for a rubric in periods, each read from any [`Outcome`].

use crate::analysis::scoring::Outcome;
use crate::eval::Rubric;
use rust_decimal::Decimal;

/// A column of a table of units after the total: a node of the rubric, or a period of a rubric
/// in periods ([`Rubric::columns`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column<'r> {
    /// The node's id, or the period's name.
    pub id: &'r str,
    /// Its title.
    pub title: &'r str,
    /// The most points it gives.
    pub max: Decimal,
    /// What the column is of.
    pub of: ColumnOf,
}

/// What a [`Column`] is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnOf {
    /// The node at this index ([`NodeRef::index`](crate::NodeRef::index)).
    Node(usize),
    /// The period at this position, in the order declared.
    Period(usize),
}

impl Rubric {
    /// The columns of a table of units after the total: each section (with `rows`, every node
    /// below the rubric, parents before their children), or for a rubric in periods each period
    /// (its rows are scored in the periods).
    pub fn columns(&self, rows: bool) -> Vec<Column<'_>> {
        if self.has_periods() {
            let periods = self.periods().enumerate();
            return periods
                .map(|(i, p)| Column { id: p.name(), title: p.title(), max: p.max(), of: ColumnOf::Period(i) })
                .collect();
        }
        let mut out = Vec::new();
        let mut stack: Vec<_> = self.root().children().collect::<Vec<_>>().into_iter().rev().collect();
        while let Some(n) = stack.pop() {
            out.push(Column { id: n.id(), title: n.title(), max: n.max(), of: ColumnOf::Node(n.index()) });
            if rows {
                stack.extend(n.children().collect::<Vec<_>>().into_iter().rev());
            }
        }
        out
    }

    /// Whether a table of totals shows a bonus column (加分): when a row can give one, and the
    /// total is not a weighted sum of periods (each period's score holds its own).
    pub fn shows_bonus(&self) -> bool {
        !self.has_periods() && self.gives_bonus()
    }

    /// Whether a table of totals shows the nodes a veto zeroed (一票否决): when a rule can veto,
    /// and the total is not a weighted sum of periods (each period's score holds its own).
    pub fn shows_veto(&self) -> bool {
        !self.has_periods() && self.can_veto()
    }
}

impl Outcome {
    /// The most points the unit could get; `None` for numbers only ([`Rubric::max`] has it, or,
    /// with maxima that depend on the unit, [`Outcome::max_in`]).
    pub fn max(&self) -> Option<Decimal> {
        match self {
            Outcome::Scores(_) => None,
            Outcome::Explained(s) => Some(s.max),
            Outcome::Periods(p) => Some(p.max),
        }
    }

    /// The most points the unit could get in its rubric `rubric`: with maxima that depend on
    /// the unit, its case's. Numbers only cannot tell it for a rubric whose rows may be 不适用
    /// (their points move: only the breakdown has the maxima), and say so as an error.
    pub fn max_in(&self, rubric: &Rubric) -> Result<Decimal, crate::eval::EvalError> {
        match self {
            Outcome::Scores(_) if rubric.has_na() => Err(numbers_only_na()),
            Outcome::Scores(s) => Ok(rubric.for_case(s.case(), "")?.max),
            _ => Ok(self.max().unwrap_or(rubric.max)),
        }
    }

    /// The unit's maximum in a column of its rubric's table: the node's (its case's, with
    /// maxima that depend on the unit), or the period's. An error for numbers only of a rubric
    /// whose rows may be 不适用, as [`Outcome::max_in`].
    pub fn column_max(&self, rubric: &Rubric, column: &Column<'_>) -> Result<Decimal, crate::eval::EvalError> {
        match (self, column.of) {
            (Outcome::Scores(_), _) if rubric.has_na() => Err(numbers_only_na()),
            (Outcome::Scores(s), ColumnOf::Node(i)) => {
                let r = rubric.for_case(s.case(), "")?;
                let n = r
                    .nodes
                    .get(i)
                    .ok_or_else(|| crate::eval::EvalError::internal(String::new(), "a column outside the rubric"))?;
                Ok(n.max)
            }
            (Outcome::Explained(s), ColumnOf::Node(_)) => s.node(column.id).map(|n| n.max).ok_or_else(|| {
                crate::eval::EvalError::internal(s.unit.to_string(), "a column the breakdown does not have")
            }),
            _ => Ok(column.max),
        }
    }

    /// The unit's figure in a column of its rubric's table, if it has one: the node's score, or
    /// the period's score.
    pub fn figure(&self, column: &Column<'_>) -> Option<Decimal> {
        match (self, column.of) {
            (Outcome::Scores(s), ColumnOf::Node(i)) => s.node(i),
            (Outcome::Explained(s), ColumnOf::Node(_)) => s.node(column.id).map(|n| n.score),
            (Outcome::Periods(p), ColumnOf::Period(i)) => p.periods.get(i).map(|p| p.score.score),
            _ => None,
        }
    }

    /// The bonus in the unit's total (0 for a rubric in periods: each period's score holds its
    /// own).
    pub fn bonus(&self) -> Decimal {
        match self {
            Outcome::Scores(s) => s.bonus(0).unwrap_or_default(),
            Outcome::Explained(s) => s.bonus,
            Outcome::Periods(_) => Decimal::ZERO,
        }
    }

    /// The ids of the nodes a veto zeroed, the rubric itself as the empty id, in the document's
    /// order (none for a rubric in periods: each period's score holds its own). `rubric` is the
    /// rubric that scored the unit.
    pub fn vetoed<'a>(&'a self, rubric: &'a Rubric) -> Vec<&'a str> {
        match self {
            Outcome::Scores(s) => rubric.nodes().filter(|n| s.vetoed(n.index())).map(|n| n.id()).collect(),
            Outcome::Explained(s) => {
                let below = s.nodes().into_iter().filter(|n| n.vetoed).map(|n| &*n.id);
                s.vetoed.then_some("").into_iter().chain(below).collect()
            }
            Outcome::Periods(_) => Vec::new(),
        }
    }
}

/// Numbers only asked for a maximum that only the breakdown has.
fn numbers_only_na() -> crate::eval::EvalError {
    crate::eval::EvalError::internal(String::new(), "the maxima of a rubric with 不适用 rows read from numbers only")
}
