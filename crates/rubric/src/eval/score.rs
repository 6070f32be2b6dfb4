//! Score-only evaluation: totals and row scores without an explanation, one unit or many in
//! parallel (rayon), results in input order.

use crate::eval::EvalError;
use crate::eval::Rubric;
use crate::eval::cohort::Cohort;
use crate::eval::{Bound, Engine, NoTrace, NodeVal, Work};
use crate::facts::UnitFacts;
use rayon::prelude::*;
use rust_decimal::Decimal;

/// The scores of one unit without their explanation: the total and every node's score, by the
/// node's index in [`Rubric::nodes`]. Made by [`Rubric::score`]; the numbers are those of the
/// explained breakdown ([`Rubric::evaluate`]).
///
/// Numbers only: the unit is the one given, and a batch's results are in the order of its
/// units. (Holding the unit's name, even shared, cost a batch a seventh of its time: sharing
/// and releasing it writes a count in memory that is seldom in cache.)
#[derive(Debug, Clone)]
pub struct Scores {
    nodes: Nodes,
    /// The case of the maxima that depend on the unit it was scored in (0 without cases).
    case: usize,
}

/// Every node's result: from the decimal program or the general evaluator, or in whole numbers
/// of `10^-scale` points from the fixed program (which has no bonus).
#[derive(Debug, Clone)]
enum Nodes {
    /// From the engine named (the decimal program, the general or the reference evaluator).
    Decimal(Vec<NodeVal>, Engine),
    /// `vetoed`: the nodes a `veto when` zeroed (seldom any: an empty list allocates nothing).
    Fixed { scale: u32, scores: Ints, vetoed: Box<[u32]> },
}

/// Whole-number node scores in the narrowest width that holds them all: a 100-point table
/// scored in tenths fits in `i16`, a quarter of the memory of `i64` — which matters when a
/// batch keeps the scores of 100,000 units.
#[derive(Debug, Clone)]
enum Ints {
    I16(Box<[i16]>),
    I32(Box<[i32]>),
    I64(Box<[i64]>),
}

impl Ints {
    fn of(v: &[i64]) -> Ints {
        // The bits the values need besides their sign, all at once: `x ^ (x >> 63)` is `x` when
        // `x >= 0` and `-x - 1` otherwise, and `x` fits in `iN` exactly when that is below
        // `2^(N-1)`. So the casts below never truncate.
        let bits = v.iter().fold(0u64, |acc, &x| acc | (x ^ (x >> 63)) as u64);
        if bits < 1 << 15 {
            Ints::I16(v.iter().map(|&x| x as i16).collect())
        } else if bits < 1 << 31 {
            Ints::I32(v.iter().map(|&x| x as i32).collect())
        } else {
            Ints::I64(v.into())
        }
    }

    fn len(&self) -> usize {
        match self {
            Ints::I16(v) => v.len(),
            Ints::I32(v) => v.len(),
            Ints::I64(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> Option<i64> {
        match self {
            Ints::I16(v) => v.get(i).map(|&x| x.into()),
            Ints::I32(v) => v.get(i).map(|&x| x.into()),
            Ints::I64(v) => v.get(i).copied(),
        }
    }
}

impl PartialEq for Scores {
    /// The same scores, bonus and vetoes, however they were worked out.
    fn eq(&self, other: &Self) -> bool {
        let n = self.len();
        n == other.len()
            && (0..n).all(|i| {
                self.node(i) == other.node(i) && self.bonus(i) == other.bonus(i) && self.vetoed(i) == other.vetoed(i)
            })
    }
}

impl Eq for Scores {}

thread_local! {
    /// Each thread's buffers for derived values, reused from unit to unit.
    static SCRATCH: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
}

impl Scores {
    /// Scores a unit, alone or as a member of a cohort.
    pub(crate) fn of(
        rubric: &Rubric,
        engine: Engine,
        unit: &Bound,
        cohort: Option<&Cohort>,
    ) -> Result<Scores, EvalError> {
        let run = |work: &mut Work| -> Result<Nodes, EvalError> {
            rubric.run_by(engine, unit, None, None, cohort, work, &mut NoTrace)?;
            // Whole-number scores are kept as they are, converted only when read.
            Ok(match work.fixed {
                Some(scale) => Nodes::Fixed {
                    scale,
                    scores: Ints::of(&work.ints),
                    vetoed: work.zeroings.iter().filter(|z| z.1).map(|z| z.0).collect(),
                },
                None => Nodes::Decimal(std::mem::take(&mut work.nodes), work.engine),
            })
        };
        // The thread's buffers when free (scoring does not call itself, but be safe).
        let nodes = SCRATCH
            .try_with(|w| match w.try_borrow_mut() {
                Ok(mut w) => run(&mut w),
                Err(_) => run(&mut Work::default()),
            })
            .unwrap_or_else(|_| run(&mut Work::default()))?;
        // The case is read again only for a rubric with cases (`eval/cases`).
        let case = match rubric.case_rubrics().is_empty() {
            true => rubric.case_index(),
            false => rubric.case_of(unit)?.0,
        };
        let scores = Scores { nodes, case };
        // One score per node, the root's first, so that `total` and `node` read what was scored.
        if scores.len() != rubric.nodes.len() {
            return Err(EvalError::internal(unit.unit.to_string(), "scores for another number of nodes"));
        }
        Ok(scores)
    }

    /// The case of the maxima that depend on the unit it was scored in.
    pub(crate) fn case(&self) -> usize {
        self.case
    }

    fn len(&self) -> usize {
        match &self.nodes {
            Nodes::Decimal(n, _) => n.len(),
            Nodes::Fixed { scores, .. } => scores.len(),
        }
    }

    /// The total score.
    pub fn total(&self) -> Decimal {
        // Unreachable default: `Scores::of` refuses scores without one per node, and a plan
        // always has its root (`plan::Nodes`).
        self.node(0).unwrap_or(Decimal::ZERO)
    }

    /// The score of node `idx` (its index in [`Rubric::nodes`]), bonus included.
    pub fn node(&self, idx: usize) -> Option<Decimal> {
        match &self.nodes {
            Nodes::Decimal(n, _) => n.get(idx).map(|n| n.score.to_dec().normalize()),
            Nodes::Fixed { scale, scores, .. } => scores.get(idx).map(|v| Decimal::new(v, *scale).normalize()),
        }
    }

    /// The bonus included in node `idx`'s score.
    pub fn bonus(&self, idx: usize) -> Option<Decimal> {
        match &self.nodes {
            Nodes::Decimal(n, _) => n.get(idx).map(|n| n.bonus.to_dec().normalize()),
            Nodes::Fixed { scores, .. } => (idx < scores.len()).then_some(Decimal::ZERO),
        }
    }

    /// Whether a `veto when` (一票否决) zeroed node `idx`; node 0 is the rubric itself.
    pub fn vetoed(&self, idx: usize) -> bool {
        match &self.nodes {
            Nodes::Decimal(n, _) => n.get(idx).is_some_and(|n| n.vetoed),
            Nodes::Fixed { vetoed, .. } => vetoed.iter().any(|&v| v as usize == idx),
        }
    }

    /// The engine that gave these numbers: [`Engine::Fixed`], [`Engine::Compiled`],
    /// [`Engine::General`] or [`Engine::Reference`] (a program that stopped short handed the unit
    /// to the general evaluator).
    pub fn engine(&self) -> Engine {
        match &self.nodes {
            Nodes::Decimal(_, e) => *e,
            Nodes::Fixed { .. } => Engine::Fixed,
        }
    }

    /// Every node's score, by index.
    pub fn nodes(&self) -> impl Iterator<Item = Decimal> + '_ {
        (0..self.len()).filter_map(|i| self.node(i))
    }
}

impl Rubric {
    /// Scores a bound unit ([`Rubric::bind`]): the total and every node's score, with the same
    /// numbers and errors as [`Rubric::evaluate`] but no explanation — no text is made and no
    /// name is looked up.
    ///
    /// ```
    /// # let rules = "rubric \"甲\" { fact 次数: count\n item 一 \"一\" max 1 { deduct 0.1 per 次数 } }";
    /// # let rubric = rubric::load("a.rubric", &rubric::MemoryLoader::new().with("a.rubric", rules)).into_rubric().unwrap();
    /// let unit = rubric.bind(&rubric::UnitFacts::new("乙").num("次数", "3"))?;
    /// let scores = rubric.score(&unit)?;
    /// assert_eq!(scores.total().to_string(), "0.7");
    /// assert_eq!(scores.total(), rubric.evaluate(&rubric::UnitFacts::new("乙").num("次数", "3"))?.score);
    /// # Ok::<(), rubric::EvalError>(())
    /// ```
    pub fn score(&self, unit: &Bound) -> Result<Scores, EvalError> {
        Scores::of(self, Engine::Auto, unit, None)
    }

    /// [`Rubric::score`] with a chosen engine ([`Engine`]): the same numbers from each
    /// ([`Scores::engine`] says which one scored).
    pub fn score_by(&self, unit: &Bound, engine: Engine) -> Result<Scores, EvalError> {
        Scores::of(self, engine, unit, None)
    }

    /// Scores many bound units in parallel on rayon's current thread pool, results in input
    /// order. Run it inside `ThreadPool::install` to choose the number of threads. When the
    /// rules compare units (`rank`, `best`, …), the units given are the cohort.
    pub fn score_batch(&self, units: &[Bound]) -> Vec<Result<Scores, EvalError>> {
        let cohort = self.is_cohort().then(|| self.cohort(units));
        units.par_iter().map(|u| Scores::of(self, Engine::Auto, u, cohort.as_ref())).collect()
    }

    /// Binds and scores many units in parallel, results in input order: a unit whose facts do
    /// not bind gets its [`EvalError::Facts`] (and is left out of the cohort), the others are
    /// scored.
    pub fn score_units(&self, units: &[UnitFacts]) -> Vec<Result<Scores, EvalError>> {
        let (bound, cohort) = self.bind_all(units);
        bound.into_par_iter().map(|b| Scores::of(self, Engine::Auto, &b?, cohort.as_ref())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Ints;

    /// The width chosen, and every value read back as it was.
    fn check(v: &[i64], width: &str) {
        let ints = Ints::of(v);
        let got = match ints {
            Ints::I16(_) => "i16",
            Ints::I32(_) => "i32",
            Ints::I64(_) => "i64",
        };
        assert_eq!(got, width, "{v:?}");
        assert_eq!(ints.len(), v.len());
        assert_eq!(
            (0..v.len()).map(|i| ints.get(i)).collect::<Vec<_>>(),
            v.iter().map(|&x| Some(x)).collect::<Vec<_>>()
        );
        assert_eq!(ints.get(v.len()), None);
    }

    #[test]
    fn whole_scores_are_kept_in_the_narrowest_width_that_holds_them() {
        check(&[], "i16");
        check(&[0, 1000, -1000], "i16");
        check(&[i16::MAX.into(), i16::MIN.into()], "i16");
        check(&[i64::from(i16::MAX) + 1], "i32");
        check(&[0, i64::from(i16::MIN) - 1], "i32");
        check(&[i32::MAX.into(), i32::MIN.into()], "i32");
        check(&[i64::from(i32::MAX) + 1], "i64");
        check(&[7, i64::from(i32::MIN) - 1], "i64");
        check(&[i64::MAX, i64::MIN, 0], "i64");
    }
}
