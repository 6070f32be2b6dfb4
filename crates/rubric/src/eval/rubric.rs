//! A checked rubric ready to score: the compiled plan with the engines worked out from it on
//! first use and, for a rubric in periods, the rubric of each period; and [`load`], which makes
//! one from a rule file.

use crate::check::compile::{Options, check};
use crate::diag::Report;
use crate::eval::error::OtherRubricError;
use crate::eval::layout::Layout;
use crate::plan::{PeriodDef, Plan};
use crate::source::{Loader, Sources};
use rust_decimal::Decimal;
use std::sync::OnceLock;

/// A checked, compiled rubric, ready to score units: returned by [`load`] when the rule file
/// has no errors. It cannot be changed after loading, so what is worked out from it on first use
/// (how its nodes are scored) never goes stale.
#[derive(Debug, Clone)]
pub struct Rubric {
    plan: Plan,
    /// Each period with the rubric it is scored on, built once, here; none without periods.
    parts: Vec<PeriodPart>,
    layout: OnceLock<Layout>,
    /// The strata of a rubric with figures over rows' scores, worked out on first use.
    strata: OnceLock<Option<crate::eval::strata::Strata>>,
    /// What rendering an explanation reads of the rubric, worked out on first use.
    tables: OnceLock<crate::eval::trace::Tables>,
    /// Tells this rubric's bound units and traces from another's.
    stamp: u64,
}

impl Rubric {
    pub(crate) fn new(plan: Plan) -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let stamp = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let parts = plan
            .periods
            .iter()
            .map(|def| {
                // A period's plan has no periods of its own: this builds one level only.
                let (sub, index) = plan.period_plan(def);
                PeriodPart { def: def.clone(), rubric: Rubric::new(sub), index }
            })
            .collect();
        Rubric { plan, parts, layout: OnceLock::new(), strata: OnceLock::new(), tables: OnceLock::new(), stamp }
    }

    /// The periods the rubric is scored at, in the order declared, each with the rubric it is
    /// scored on; none for a rubric scored once.
    pub fn periods(&self) -> impl ExactSizeIterator<Item = PeriodPlan<'_>> {
        self.parts.iter().map(|part| PeriodPlan { part })
    }

    /// Refuses a unit bound by another rubric.
    pub(crate) fn owns(&self, stamp: u64, unit: &str) -> Result<(), crate::eval::EvalError> {
        if stamp == self.stamp {
            Ok(())
        } else {
            Err(crate::eval::EvalError::OtherRubric(OtherRubricError { unit: unit.to_string() }))
        }
    }

    /// What tells this rubric's bound units and traces from another's.
    pub(crate) fn stamp(&self) -> u64 {
        self.stamp
    }

    /// The compiled plan.
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// How the nodes are scored, worked out on first use.
    pub(crate) fn layout(&self) -> &Layout {
        self.layout.get_or_init(|| Layout::of(&self.plan))
    }

    /// What rendering an explanation reads of the rubric, worked out on first use.
    pub(crate) fn render_tables(&self) -> &crate::eval::trace::Tables {
        self.tables.get_or_init(|| crate::eval::trace::Tables::of(&self.plan))
    }

    /// The strata of a rubric with figures over rows' scores (`None` without), worked out on
    /// first use.
    pub(crate) fn strata(&self) -> Option<&crate::eval::strata::Strata> {
        self.strata.get_or_init(|| crate::eval::strata::Strata::of(&self.plan)).as_ref()
    }
}

/// A period of a rubric with the copy of the rubric it is scored on.
#[derive(Debug, Clone)]
struct PeriodPart {
    def: PeriodDef,
    /// Only the rows of this period; non-item maxima are the sums of their rows in the period.
    rubric: Rubric,
    /// For each node of the whole rubric, its index in `rubric`, if it is scored in the period.
    index: Vec<Option<usize>>,
}

/// A period of a loaded rubric ([`Rubric::periods`]): its name, title and weight, and the rubric
/// holding only its rows that it is scored on, built once when the rubric was loaded.
#[derive(Debug, Clone, Copy)]
pub struct PeriodPlan<'r> {
    part: &'r PeriodPart,
}

impl<'r> PeriodPlan<'r> {
    /// Its name, as facts files and `only` give it.
    pub fn name(&self) -> &'r str {
        &self.part.def.name
    }

    /// Its title.
    pub fn title(&self) -> &'r str {
        &self.part.def.title
    }

    /// Its weight in the total (a percent as its fraction).
    pub fn weight(&self) -> Decimal {
        self.part.def.weight
    }

    /// The weight as written (`1`, `40%`).
    pub fn weight_text(&self) -> &'r str {
        &self.part.def.weight_text
    }

    /// The date its facts are taken at, if declared.
    pub fn due(&self) -> Option<&'r str> {
        self.part.def.due.as_deref()
    }

    /// The most a unit can get in the period: the sum of its rows.
    pub fn max(&self) -> Decimal {
        self.part.rubric.plan.root().max
    }

    /// The rubric the period is scored on: only its rows, each group's maximum the sum of its
    /// rows in the period.
    pub fn rubric(&self) -> &'r Rubric {
        &self.part.rubric
    }

    /// The index in [`rubric`](PeriodPlan::rubric) of node `index` of the whole rubric
    /// ([`NodeRef::index`](crate::NodeRef::index)), if the node is scored in the period.
    pub fn index_of(&self, index: usize) -> Option<usize> {
        self.part.index.get(index).copied().flatten()
    }
}

impl std::ops::Deref for Rubric {
    type Target = Plan;

    fn deref(&self) -> &Plan {
        &self.plan
    }
}

/// The outcome of loading a rule file: what it is, every diagnostic, and the files read (for
/// rendering the diagnostics).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Load {
    /// A rubric ready to score, a library of blocks, or neither because of errors.
    pub loaded: Loaded,
    /// Every error and warning.
    pub report: Report,
    /// The files read, for rendering the diagnostics.
    pub sources: Sources,
}

/// What a rule file turned out to be.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Loaded {
    /// A rubric without errors, ready to score.
    Rubric(Box<Rubric>),
    /// A library of blocks for other files to import: checked, but not a rubric to score.
    Library,
    /// The file has errors (in [`Load::report`]); nothing can be scored.
    Failed,
}

impl Load {
    /// The rubric, when the file is one without errors.
    pub fn rubric(&self) -> Option<&Rubric> {
        match &self.loaded {
            Loaded::Rubric(r) => Some(r),
            _ => None,
        }
    }

    /// The rubric, when the file is one without errors, taken out of the outcome.
    pub fn into_rubric(self) -> Option<Rubric> {
        match self.loaded {
            Loaded::Rubric(r) => Some(*r),
            _ => None,
        }
    }

    /// Whether the file is a library of blocks without errors.
    pub fn is_library(&self) -> bool {
        matches!(self.loaded, Loaded::Library)
    }
}

/// Loads, parses and checks the rule file at `entry` and the files it imports.
pub fn load(entry: &str, loader: &dyn Loader) -> Load {
    load_with(entry, loader, &Options::default())
}

/// Loads, parses and checks a rule file within the given budgets.
pub fn load_with(entry: &str, loader: &dyn Loader, options: &Options) -> Load {
    let checked = check(entry, loader, options);
    let loaded = match checked.plan {
        Some(plan) => Loaded::Rubric(Box::new(Rubric::new(plan))),
        None if checked.library && !checked.report.has_errors() => Loaded::Library,
        None => Loaded::Failed,
    };
    Load { loaded, report: checked.report, sources: checked.sources }
}
