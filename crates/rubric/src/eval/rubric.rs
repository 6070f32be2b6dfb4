//! A checked rubric ready to score: the compiled plan with the engines worked out from it on
//! first use, and [`load`], which makes one from a rule file.

use crate::check::compile::{Options, check};
use crate::diag::Report;
use crate::eval::error::OtherRubricError;
use crate::eval::layout::Layout;
use crate::plan::Plan;
use crate::source::{Loader, Sources};
use std::sync::OnceLock;

/// A checked, compiled rubric, ready to score units: returned by [`load`] when the rule file
/// has no errors. It cannot be changed after loading, so what is worked out from it on first use
/// (how its nodes are scored) never goes stale.
#[derive(Debug, Clone)]
pub struct Rubric {
    plan: Plan,
    layout: OnceLock<Layout>,
    /// Tells this rubric's bound units and traces from another's.
    stamp: u64,
}

impl Rubric {
    pub(crate) fn new(plan: Plan) -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let stamp = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Rubric { plan, layout: OnceLock::new(), stamp }
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
