//! The general evaluator over a unit's slots, without recursion over the tree, that either only
//! scores or also records a trace of indices and decimals (rendered on demand); and the one door
//! to scoring, `Rubric::run`, which tries the rubric's compiled program first (`program.rs`).

mod bind;
mod cases;
pub(crate) mod cohort;
pub mod columns;
pub mod columns_lists;
mod dates;
pub(crate) mod error;
mod fast;
pub(crate) mod fixed;
mod general;
pub(crate) mod grades;
pub(crate) mod layout;
mod lazy;
pub(crate) mod list_records;
pub(crate) mod lists;
pub(crate) mod machine;
mod meter;
pub(crate) mod moved;
pub(crate) mod na;
mod ops;
pub(crate) mod program;
mod reference;
mod rubric;
pub(crate) mod score;
mod scored;
pub(crate) mod strata;
pub(crate) mod trace;
pub(crate) mod view;
mod work;

pub(crate) use meter::Meter;
pub(crate) use ops::ordered;
use ops::{binary, compare};
pub(crate) use scored::{NodeVal, Scored};
pub(crate) use work::Work;

pub use crate::plan::whole::round;
pub use bind::UnknownColumns;
pub(crate) use bind::{bind_full, bind_needed};
pub use error::EvalError;
pub use rubric::{Load, Loaded, PeriodPlan, Rubric, load, load_with};

use crate::eval::cohort::Cohort;
use crate::eval::error::{
    CohortAloneError, OverflowError, PeriodsNeededError, PrecisionError, RatioZeroError, StepBudgetError,
    ZeroDenominatorError,
};
use crate::eval::general::Cx;
use crate::eval::trace::{Ev, Trace};
use crate::facts::UnitFacts;
use crate::plan::exact::{Inexact, V};
use crate::plan::reads::rule_reads;
use crate::plan::{CExpr, NodeDef};
use crate::value::Value;
use rubric_syntax::ast::{BinOp, Func, UnOp};

/// Which engine scores a unit. Every engine gives the same numbers, explanation and errors;
/// choosing one is for tests and for measuring them ([`Rubric::score_by`], [`Rubric::trace_by`],
/// [`Rubric::evaluate_by`]). Scoring without a choice is [`Engine::Auto`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Engine {
    /// The fastest that applies: the whole-number program, else the decimal program, else the
    /// general evaluator. A program that stops short (an error, a value it does not handle)
    /// hands the unit to the general evaluator, which says what went wrong.
    #[default]
    Auto,
    /// The general evaluator alone: it walks the plan and skips the floor and cap checks the
    /// rubric's layout says can never bind.
    General,
    /// The decimal program when the rubric has one, else (and when it stops short) the general
    /// evaluator.
    Compiled,
    /// The whole-number program when the rubric has one, else (and when it stops short) the
    /// general evaluator.
    Fixed,
    /// The reference evaluator: the order of docs/language.md straight from the plan, every
    /// check made, none of the analyses or programs of the other engines. The oracle of the
    /// differential tests; slower than the others.
    Reference,
}

/// Why an expression could not be computed.
#[derive(Debug)]
pub(crate) enum Fail {
    /// A division by zero; the span of the division.
    Zero(rubric_syntax::Span),
    /// A result beyond what a decimal holds.
    Overflow,
    /// A result a decimal cannot hold exactly (more than 28 places or too many digits).
    Precision,
    /// A value that was not there (a missing fact or a failed derived value).
    Missing,
    /// The step budget ran out.
    Budget,
    /// Cohort figure `k` was read, but the unit is scored alone.
    Cohort(usize),
    /// Cohort figure `k` (a ratio) divides by a highest value of zero.
    CohortZero(usize),
    /// An invariant of the engines that did not hold (a bug in rubric).
    Internal(&'static str),
    /// `max`, `min` or `mean` over no records, without `else`: the aggregate as written.
    Empty(Box<str>),
    /// A date function gave no value: a date that does not exist, a day outside the calendars.
    Day(crate::plan::calendar::DayFail),
    /// Cohort figure `k` is over a subset no unit meets, and says nothing for that case.
    EmptySubset(usize),
    /// Slot `s` is 不适用 for the unit: the row reading it is not applicable.
    NotApplicable(usize),
    /// A fact not given or a derived value that failed was read: the error reading it gives.
    Unset(Box<EvalError>),
}

/// A unit's facts bound to the rubric's slots: read, type-checked and range-checked once, so
/// that scoring does no name lookups and no parsing. Made by [`Rubric::bind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The unit's name.
    pub unit: std::sync::Arc<str>,
    /// The facts' values by slot (`None` where not given), shared with the traces made of it.
    pub(crate) facts: std::sync::Arc<[Option<Value>]>,
    /// The rubric that bound it ([`Rubric::stamp`]).
    pub(crate) rubric: u64,
    /// The records of its list facts, by the list's slot.
    pub(crate) lists: lists::Lists,
    /// The facts the rules read that the unit does not give: an error only where read.
    pub(crate) missing: Option<std::sync::Arc<lazy::Missing>>,
}

impl Bound {
    /// The value bound to fact slot `slot`, if given.
    pub fn get(&self, slot: usize) -> Option<Value> {
        self.facts.get(slot).copied().flatten()
    }
}

/// Where an expression reads its values: the facts, the derived values computed so far.
#[derive(Clone, Copy)]
pub(crate) struct Env<'a> {
    pub(crate) facts: &'a [Option<Value>],
    pub(crate) lets: &'a [Option<V>],
    /// The cohort figures of the unit; `None` when it is scored alone.
    pub(crate) cohort: Option<&'a [Option<V>]>,
    pub(crate) meter: &'a Meter,
    pub(crate) lists: &'a lists::Records,
    /// The record whose fields are read (inside an aggregate over a list).
    pub(crate) record: Option<&'a [Value]>,
    /// The calendars of working days, for `workday` and its kin.
    pub(crate) cals: &'a crate::plan::calendar::Calendars,
    /// The nodes scored so far, for node references; `None` before nodes are scored.
    pub(crate) scored: Option<Scored<'a>>,
    /// Why a slot without a value has none (a fact not given, a derived value that failed).
    pub(crate) pending: lazy::Pending<'a>,
}

impl Env<'_> {
    #[inline]
    fn slot(&self, s: usize) -> Option<V> {
        match s.checked_sub(self.facts.len()) {
            None => self.facts.get(s).copied().flatten().map(V::of),
            Some(l) => self.lets.get(l).copied().flatten().or_else(|| self.field(s)),
        }
    }
}

/// Receives the steps of scoring as they happen; scoring alone ignores them.
pub(crate) trait Tracer {
    /// Whether the steps are kept (an explanation is made).
    const RECORDS: bool;
    /// Records one step of node `node`.
    fn step(&mut self, node: usize, ev: Ev);
    /// Forgets the steps recorded (scoring starts again).
    fn reset(&mut self);
    /// Forgets the steps of node `node`, the last recorded (it turned out not applicable).
    fn forget(&mut self, _node: usize) {}
    /// The unit is scored on the rubric of case `k` of the maxima that depend on it.
    fn case(&mut self, _k: usize) {}
}

/// The tracer of score-only evaluation: records nothing.
pub(crate) struct NoTrace;

impl Tracer for NoTrace {
    const RECORDS: bool = false;
    #[inline(always)]
    fn step(&mut self, _: usize, _: Ev) {}
    fn reset(&mut self) {}
}

impl Rubric {
    /// Reads a unit's facts against their declared types and binds them to slots, reporting
    /// every problem at once ([`EvalError::Facts`]); facts the rules read that the unit does not
    /// give are kept ([`Bound::not_given`]) and are an error only where read. Scoring a bound unit with [`Rubric::score`]
    /// or [`Rubric::trace`] does no name lookups and no parsing.
    pub fn bind(&self, unit: &UnitFacts) -> Result<Bound, EvalError> {
        // A rubric in periods is scored period by period, each on its own plan; scoring all of
        // its rows against one set of facts would be a wrong number.
        if !self.periods.is_empty() {
            let periods: Vec<&str> = self.periods.iter().map(|p| p.name.as_str()).collect();
            return Err(EvalError::PeriodsNeeded(PeriodsNeededError {
                unit: unit.unit.clone(),
                periods: periods.join("、"),
            }));
        }
        let ((mut facts, lists), missing) = bind_full(self, unit, None)?;
        facts.truncate(self.facts.len());
        Ok(Bound::of(unit, facts, lists, self.stamp()).missing(missing))
    }

    /// Scores one unit, explaining every point.
    ///
    /// The unit's facts are read against their declared types first, and all problems are
    /// returned at once as [`EvalError::Facts`]; a fact the rules read that is not given is an
    /// error (the same, naming every fact not given) only when a rule that is evaluated reads it,
    /// as is a derived value that cannot be computed. Derived
    /// values are then computed, and every node is scored after its children in the order of
    /// `docs/language.md` (base, deductions, floor and cap, bonus, zero and veto, rounding).
    /// A division by zero without `on zero`, a value in no band, judged points outside the
    /// item's range and overflow are the other errors; scoring one unit never affects another.
    ///
    /// This is [`Rubric::bind`], [`Rubric::trace`] and [`Trace::render`] in one call; use
    /// [`Rubric::score`] when only the numbers are needed.
    pub fn evaluate(&self, unit: &UnitFacts) -> Result<crate::report::breakdown::UnitScore, EvalError> {
        self.evaluate_with(unit, None)
    }

    /// Scores one unit within a budget of evaluation steps (one step per operation), for hosts
    /// that must bound the work done for input they do not control.
    pub fn evaluate_with(
        &self,
        unit: &UnitFacts,
        max_steps: Option<u64>,
    ) -> Result<crate::report::breakdown::UnitScore, EvalError> {
        let bound = self.bind(unit)?;
        let trace = self.trace_with(&bound, None, max_steps, None)?;
        trace.render(self)
    }

    /// [`Rubric::evaluate`] with a chosen engine ([`Engine`]): the same breakdown from each.
    pub fn evaluate_by(
        &self,
        unit: &UnitFacts,
        engine: Engine,
    ) -> Result<crate::report::breakdown::UnitScore, EvalError> {
        let bound = self.bind(unit)?;
        self.trace_by(&bound, engine)?.render(self)
    }

    /// [`Rubric::trace`] with a chosen engine ([`Engine`]): the same trace from each.
    pub fn trace_by(&self, unit: &Bound, engine: Engine) -> Result<Trace, EvalError> {
        let mut work = Work::default();
        let mut trace = Trace::new(unit, self.nodes.len());
        self.run_by(engine, unit, None, None, None, &mut work, &mut trace)?;
        trace.finish(self, work, None, None)?;
        Ok(trace)
    }

    /// Scores a bound unit and records how: every band, deduction, cap and zeroing as indices
    /// and decimals, rendered to a [`crate::report::breakdown::UnitScore`] only when asked ([`Trace::render`]).
    /// The numbers are those of [`Rubric::score`].
    pub fn trace(&self, unit: &Bound) -> Result<Trace, EvalError> {
        self.trace_with(unit, None, None, None)
    }

    /// Traces the nodes marked in `mask` (all when `None`) within an optional step budget.
    pub(crate) fn trace_with(
        &self,
        unit: &Bound,
        mask: Option<&[bool]>,
        max_steps: Option<u64>,
        cohort: Option<&Cohort>,
    ) -> Result<Trace, EvalError> {
        let mut work = Work::default();
        let mut trace = Trace::new(unit, self.nodes.len());
        self.run(unit, mask, max_steps, cohort, &mut work, &mut trace)?;
        trace.finish(self, work, mask, cohort)?;
        Ok(trace)
    }

    /// Scores only the nodes marked in `mask` (with everything below them), needing only the
    /// facts they read, and traces them.
    pub(crate) fn trace_nodes(&self, unit: &UnitFacts, mask: &[bool]) -> Result<Trace, EvalError> {
        let needed = self.slots_read(self.marked(&unit.unit, &self.with_stratum(mask))?.flat_map(rule_reads));
        let ((mut facts, lists), missing) = bind_full(self, unit, Some(&needed))?;
        facts.truncate(self.facts.len());
        let bound = Bound::of(unit, facts, lists, self.stamp()).missing(missing);
        // A `test` gives one unit: rules that compare units see a cohort of that unit alone.
        let cohort = self.is_cohort().then(|| self.cohort(std::slice::from_ref(&bound)));
        self.trace_with(&bound, Some(mask), None, cohort.as_ref())
    }

    /// Scores only the nodes marked in `mask` (with everything below them), needing only the
    /// facts they read; each marked node's breakdown by index, with its children.
    pub(crate) fn evaluate_nodes(
        &self,
        unit: &UnitFacts,
        mask: &[bool],
    ) -> Result<Vec<Option<crate::report::breakdown::NodeScore>>, EvalError> {
        self.trace_nodes(unit, mask)?.render_nodes(self, true)
    }

    /// Scores a unit: with the rubric's compiled program when it has one (all nodes, no step
    /// budget, units scored alone), else — and whenever the program stops short, to say why —
    /// with the general evaluator ([`Rubric::interpret`]). Both give the same result.
    pub(crate) fn run<T: Tracer>(
        &self,
        unit: &Bound,
        mask: Option<&[bool]>,
        max_steps: Option<u64>,
        cohort: Option<&Cohort>,
        work: &mut Work,
        tracer: &mut T,
    ) -> Result<(), EvalError> {
        self.run_by(Engine::Auto, unit, mask, max_steps, cohort, work, tracer)
    }

    /// [`Rubric::run_by`] on the rubric of the unit's case.
    #[allow(clippy::too_many_arguments)] // the request's parts, passed through from `run_by`
    pub(crate) fn run_case<T: Tracer>(
        &self,
        engine: Engine,
        unit: &Bound,
        mask: Option<&[bool]>,
        max_steps: Option<u64>,
        cohort: Option<&Cohort>,
        work: &mut Work,
        tracer: &mut T,
    ) -> Result<(), EvalError> {
        work.fixed = None;
        work::touch(&unit.facts);
        // A plan always has its root (`plan::Nodes`).
        if unit.facts.len() != self.facts.len() {
            return Err(EvalError::internal(unit.unit.to_string(), "a unit of another length"));
        }
        if engine == Engine::Reference && mask.is_none() {
            work.engine = Engine::Reference;
            return self.reference(unit, max_steps, cohort, work, tracer);
        }
        // A unit without some facts is scored by the general evaluator, which says when one is read.
        if mask.is_none()
            && max_steps.is_none()
            && cohort.is_none()
            && unit.missing.is_none()
            && let Some(program) = &self.layout().program
        {
            // Whole numbers when every point is a constant, else decimals.
            if matches!(engine, Engine::Auto | Engine::Fixed)
                && let Some(fixed) = &self.layout().fixed
                && program.lets(unit, work).is_ok()
            {
                let regs = crate::eval::machine::Regs::of(unit, &work.lets);
                work.zeroings.clear();
                if fixed.run(regs, &mut work.ints, &mut work.zeroings, tracer).is_ok() {
                    work.fixed = Some(fixed.scale);
                    work.engine = Engine::Fixed;
                    work.nodes.clear();
                    return Ok(());
                }
                tracer.reset();
            }
            if matches!(engine, Engine::Auto | Engine::Compiled) && program.run(unit, work, tracer).is_ok() {
                work.engine = Engine::Compiled;
                return Ok(());
            }
            tracer.reset();
        }
        work.engine = Engine::General;
        self.interpret(unit, mask, max_steps, cohort, work, tracer)
    }

    /// The nodes marked in `mask`, which has one mark per node.
    fn marked<'a>(&'a self, unit: &str, mask: &'a [bool]) -> Result<impl Iterator<Item = &'a NodeDef>, EvalError> {
        if mask.len() != self.nodes.len() {
            return Err(EvalError::internal(unit.to_string(), "a mask of another length than the nodes"));
        }
        Ok(self.nodes.iter().zip(mask).filter(|(_, m)| **m).map(|(n, _)| n))
    }

    /// The general evaluator: computes derived values, then scores nodes from the last to the
    /// first, so that every child is scored before its parent: no recursion over the tree.
    /// With a mask, only the marked nodes are scored and only the derived values they need are
    /// computed.
    pub(crate) fn interpret<T: Tracer>(
        &self,
        unit: &Bound,
        mask: Option<&[bool]>,
        max_steps: Option<u64>,
        cohort: Option<&Cohort>,
        work: &mut Work,
        tracer: &mut T,
    ) -> Result<(), EvalError> {
        // Without a budget the count is never read: `limited` is false.
        let meter = Meter::new(max_steps);
        let needed = match mask {
            Some(m) => Some(self.slots_read(self.marked(&unit.unit, &self.with_stratum(m))?.flat_map(rule_reads))),
            None => None,
        };
        work.reset(self);
        // Values that compare units need the unit's own values first: derived values that do
        // not, then the cohort figures, then derived values that read them.
        self.lets_of(unit, needed.as_deref(), false, false, &meter, work)?;
        if let Some(c) = cohort {
            self.figures(unit, c, &meter, work)?;
        }
        if self.is_cohort() {
            self.lets_of(unit, needed.as_deref(), true, cohort.is_some(), &meter, work)?;
        }
        if let Some(c) = cohort {
            self.late_figures(unit, c, false, &meter, work)?;
        }
        let cohort_values = cohort.map(|_| work.cohort.as_slice());
        let done = std::cell::Cell::from_mut(work.nodes.as_mut_slice()).as_slice_of_cells();
        let scored = Some(Scored::Live(&self.refs, done));
        let env = unit.env(&work.lets, cohort_values, &meter, scored, &self.calendars).failing(&work.failed);
        let mut cx = Cx { rubric: self, env, unit: &unit.unit, by_policy: &work.by_policy, tracer };
        for idx in self.scoring_order(&unit.unit)? {
            // A mask has one mark per node (`marked` checked it above).
            if let Some(m) = mask
                && !m.get(idx).copied().ok_or_else(|| *cx.internal("a mask shorter than the nodes"))?
            {
                continue;
            }
            let node = self.nodes.get(idx).ok_or_else(|| *cx.internal("a node in the order outside the plan"))?;
            let v = match cx.node(idx, node, done) {
                Ok(v) => v,
                Err(e) => cx.or_not_applicable(idx, node, e, done).map_err(|e| *e)?,
            };
            done.get(idx).ok_or_else(|| *cx.internal("a node without a place for its score"))?.set(v);
        }
        Ok(())
    }

    /// Computes the derived values that read cohort figures (`cohort`) or those that do not;
    /// `have_figures` says whether the unit's cohort figures are known (else reading one fails).
    /// A derived value that cannot be computed keeps its failure in `work.failed`: it is the
    /// error of whatever reads it, and no error when nothing evaluated does (issue 16).
    pub(crate) fn lets_of(
        &self,
        unit: &Bound,
        needed: Option<&[bool]>,
        cohort: bool,
        have_figures: bool,
        meter: &Meter,
        work: &mut Work,
    ) -> Result<(), EvalError> {
        let base = self.facts.len();
        if !cohort {
            work.failed.clear();
            work.failed.resize(self.lets.len(), None);
        }
        let figures = (cohort && have_figures).then_some(work.cohort.as_slice());
        for (i, l) in self.lets.iter().enumerate() {
            if l.cohort != cohort {
                continue;
            }
            if let Some(m) = needed {
                let internal = || EvalError::internal(unit.unit.to_string(), "a derived value not in the slots read");
                if !m.get(base + i).copied().ok_or_else(internal)? {
                    continue;
                }
            }
            let internal = || EvalError::internal(unit.unit.to_string(), "a derived value without a slot");
            let env = unit.env(&work.lets, figures, meter, None, &self.calendars).failing(&work.failed);
            let (v, by_policy) = self.let_value(unit, l, env);
            if by_policy {
                *work.by_policy.get_mut(i).ok_or_else(internal)? = true;
            }
            match v {
                Ok(v) => *work.lets.get_mut(i).ok_or_else(internal)? = Some(v),
                Err(e) if lazy::eager(&e) => return Err(e),
                Err(e) => *work.failed.get_mut(i).ok_or_else(internal)? = Some(lazy::Failed(Box::new(e))),
            }
        }
        Ok(())
    }

    /// Derived value `l` of a unit, or its error, and whether it took its `on zero` value.
    fn let_value(&self, unit: &Bound, l: &crate::plan::LetDef, env: Env<'_>) -> (Result<V, EvalError>, bool) {
        match eval(&l.expr, env) {
            Ok(v) => (Ok(v), false),
            Err(Fail::CohortZero(k)) if self.outside(k) => {
                (Err(self.fail(&unit.unit, &l.name, l.loc.file, Fail::CohortZero(k))), false)
            }
            // Not applicable, said when a row reads it.
            Err(Fail::NotApplicable(_)) => (Ok(V::NotApplicable), false),
            Err(Fail::Zero(_) | Fail::CohortZero(_)) if l.na_on_zero => (Ok(V::NotApplicable), true),
            Err(zero @ (Fail::Zero(_) | Fail::CohortZero(_))) => match &l.on_zero {
                Some(z) => (eval(z, env).map_err(|f| self.fail(&unit.unit, &l.name, l.loc.file, f)), true),
                None => (Err(self.zero_in_let(&unit.unit, l, zero)), false),
            },
            Err(f) => (Err(self.fail(&unit.unit, &l.name, l.loc.file, f)), false),
        }
    }

    /// The text of a source file, borrowed.
    pub(crate) fn sources_text(&self, file: usize) -> &str {
        self.sources.get(file).map_or("", |f| &f.text)
    }

    /// The denominator of the division at `span`, as written.
    fn denominator(&self, file: usize, span: rubric_syntax::Span) -> String {
        let text = self.sources_text(file).get(span.start..span.end).unwrap_or("");
        text.rsplit_once('/').map(|(_, d)| d.trim().to_string()).unwrap_or_else(|| text.to_string())
    }

    pub(crate) fn fail(&self, unit: &str, what: &str, file: usize, f: Fail) -> EvalError {
        match f {
            Fail::Zero(span) => EvalError::ZeroDenominator(ZeroDenominatorError {
                unit: unit.to_string(),
                value: what.to_string(),
                denominator: self.denominator(file, span),
            }),
            Fail::Overflow => EvalError::Overflow(OverflowError { unit: unit.to_string(), what: what.to_string() }),
            // A fact not given and a derived value that failed are read as `Fail::Unset` (their
            // error), and the checker types every expression: a value not there is a bug.
            Fail::Missing => EvalError::internal(unit.to_string(), "a value that was not there or of another type"),
            Fail::Precision => EvalError::Precision(PrecisionError { unit: unit.to_string(), what: what.to_string() }),
            Fail::Budget => EvalError::StepBudget(StepBudgetError { unit: unit.to_string() }),
            Fail::Internal(what) => EvalError::internal(unit.to_string(), what),
            Fail::Day(d) => crate::eval::dates::error(unit, what, d),
            Fail::NotApplicable(s) => self.na_error(unit, what, s),
            Fail::Unset(e) => *e,
            Fail::Cohort(k) => EvalError::CohortAlone(CohortAloneError {
                unit: unit.to_string(),
                call: self.cohorts.get(k).map(|c| c.text.clone()).unwrap_or_default(),
            }),
            Fail::EmptySubset(k) => {
                let def = self.cohorts.get(k);
                EvalError::EmptySubset(crate::eval::error::EmptySubsetError {
                    unit: unit.to_string(),
                    call: def.map(|c| c.text.clone()).unwrap_or_default(),
                    among: def.and_then(|c| c.among.as_ref()).map(|s| s.text.clone()).unwrap_or_default(),
                    func: def.map(|c| c.func.name().to_string()).unwrap_or_default(),
                })
            }
            // A rank has no figure only for a unit outside its subset (`Rubric::figures`).
            Fail::CohortZero(k) if self.outside(k) => {
                let def = self.cohorts.get(k);
                EvalError::OutsideSubset(crate::eval::error::OutsideSubsetError {
                    unit: unit.to_string(),
                    call: def.map(|c| c.text.clone()).unwrap_or_default(),
                    among: def.and_then(|c| c.among.as_ref()).map(|s| s.text.clone()).unwrap_or_default(),
                })
            }
            Fail::Empty(call) => lists::empty_error(unit, &call),
            Fail::CohortZero(k) => {
                let call = self.cohorts.get(k).map(|c| c.text.clone()).unwrap_or_default();
                EvalError::RatioZero(RatioZeroError { unit: unit.to_string(), best: best_of(&call), call })
            }
        }
    }

    /// Whether figure `k` is a rank over a subset: one with no figure is read by a unit outside it.
    fn outside(&self, k: usize) -> bool {
        self.cohorts.get(k).is_some_and(|c| c.among.is_some() && matches!(c.func, Func::Rank | Func::RankLowest))
    }

    /// A derived value without `on zero` that divides by zero: its `let` can say what it gives.
    fn zero_in_let(&self, unit: &str, l: &crate::plan::LetDef, f: Fail) -> EvalError {
        match f {
            Fail::CohortZero(k) => EvalError::ZeroDenominator(ZeroDenominatorError {
                unit: unit.to_string(),
                value: l.name.clone(),
                denominator: best_of(&self.cohorts.get(k).map(|c| c.text.clone()).unwrap_or_default()),
            }),
            f => self.fail(unit, &l.name, l.loc.file, f),
        }
    }
}

/// The denominator of `ratio(x)`: `best(x)`.
fn best_of(call: &str) -> String {
    match call.strip_prefix("ratio") {
        Some(rest) => format!("best{rest}"),
        None => call.to_string(),
    }
}

/// Evaluates a compiled expression with exact arithmetic. Constants and slots, most of what
/// rules read, are answered inline.
#[inline(always)]
pub(crate) fn eval(e: &CExpr, env: Env<'_>) -> Result<V, Fail> {
    env.meter.tick()?;
    match e {
        CExpr::Const(v) => Ok(V::of(*v)),
        CExpr::Slot(s) => na::read_slot(env, *s),
        _ => eval_op(e, env),
    }
}

/// Evaluates an operation, a call or a choice.
#[inline(never)]
fn eval_op(e: &CExpr, env: Env<'_>) -> Result<V, Fail> {
    Ok(match e {
        CExpr::Const(v) => V::of(*v),
        CExpr::Slot(s) => na::read_slot(env, *s)?,
        CExpr::Unary(UnOp::Not, a) => V::Bool(!eval(a, env)?.bool().ok_or(Fail::Missing)?),
        CExpr::Unary(UnOp::Neg, a) => V::Num(eval(a, env)?.num().ok_or(Fail::Missing)?.neg()),
        CExpr::Binary(op, a, b, span) => {
            if matches!(op, BinOp::And | BinOp::Or) {
                let l = eval(a, env)?.bool().ok_or(Fail::Missing)?;
                if (*op == BinOp::And && !l) || (*op == BinOp::Or && l) {
                    return Ok(V::Bool(l));
                }
                return Ok(V::Bool(eval(b, env)?.bool().ok_or(Fail::Missing)?));
            }
            let l = eval(a, env)?;
            let r = eval(b, env)?;
            binary(*op, l, r, *span)?
        }
        CExpr::Call(f @ (Func::Floor | Func::Ceil | Func::Round(_) | Func::Pow), args) => {
            let n = |i: usize| args.get(i).map_or(Err(Fail::Missing), |a| eval(a, env)?.num().ok_or(Fail::Missing));
            let v = crate::plan::whole::call(*f, n(0)?, n(1)?).ok_or(Fail::Internal("a call that is no rounding"))?;
            V::Num(v.map_err(inexact)?)
        }
        CExpr::Call(f, args) if f.is_date() => crate::eval::dates::call(*f, args, env)?,
        CExpr::Call(f, args) => {
            let mut best: Option<V> = None;
            for a in args {
                let v = eval(a, env)?;
                best = Some(match (f, best) {
                    (_, None) => v,
                    // The first of equal values, as `std::cmp::min_by`; the last, as `max_by`.
                    (Func::Min, Some(b)) => {
                        if ordered(&b, &v)?.is_gt() {
                            v
                        } else {
                            b
                        }
                    }
                    (Func::Max, Some(b)) => {
                        if ordered(&b, &v)?.is_gt() {
                            b
                        } else {
                            v
                        }
                    }
                    (_, Some(b)) => b,
                });
            }
            let v = best.ok_or(Fail::Missing)?;
            match f {
                Func::Abs => V::Num(v.num().ok_or(Fail::Missing)?.abs()),
                // Cohort functions compile to `CExpr::Cohort`, never to a call.
                _ => v,
            }
        }
        // A unit's figures are all filled when it is scored in a cohort, but for a ratio over a
        // highest value of 0, which has none (`Rubric::figures`).
        CExpr::Cohort(k) => match env.cohort {
            Some(values) => values.get(*k).copied().flatten().ok_or(Fail::CohortZero(*k))?,
            None => return Err(Fail::Cohort(*k)),
        },
        CExpr::If(c, a, b) => {
            if eval(c, env)?.bool().ok_or(Fail::Missing)? {
                eval(a, env)?
            } else {
                eval(b, env)?
            }
        }
        CExpr::Agg(a) => lists::agg(a, env)?,
        CExpr::Node(k) => V::Num(Scored::value(env.scored, *k)?),
    })
}

/// The failure of an arithmetic result that cannot be held.
pub(crate) fn inexact(e: Inexact) -> Fail {
    match e {
        Inexact::Overflow => Fail::Overflow,
        Inexact::Precision => Fail::Precision,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::exact::Q;

    #[test]
    fn values_of_two_types_are_never_compared_but_still_sort() {
        let (n, b) = (V::Num(Q::ZERO), V::Bool(true));
        for op in [BinOp::Eq, BinOp::Ne, BinOp::Lt, BinOp::Le, BinOp::Gt, BinOp::Ge] {
            assert!(matches!(binary(op, n, b, rubric_syntax::Span::default()), Err(Fail::Internal(_))), "{op:?}");
        }
        assert!(matches!(binary(BinOp::Lt, n, V::Num(Q::int(1)), rubric_syntax::Span::default()), Ok(V::Bool(true))));
        assert_eq!(crate::plan::exact::cmp_v(&n, &b), std::cmp::Ordering::Less);
        assert_eq!(crate::plan::exact::cmp_v(&b, &n), std::cmp::Ordering::Greater);
    }
}
