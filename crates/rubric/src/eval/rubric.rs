//! A checked rubric ready to score: the compiled plan with the engines worked out from it on
//! first use, and [`load`], which makes one from a rule file.

use crate::check::compile::{Options, check};
use crate::diag::Report;
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
}

impl Rubric {
    pub(crate) fn new(plan: Plan) -> Self {
        Rubric { plan, layout: OnceLock::new() }
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

/// The outcome of loading a rubric: the compiled rubric when there were no errors,
/// every diagnostic, and the files read.
#[derive(Debug, Clone)]
pub struct Load {
    /// The compiled rubric, if there were no errors.
    pub rubric: Option<Rubric>,
    /// Every error and warning.
    pub report: Report,
    /// The files read, for rendering the diagnostics.
    pub sources: Sources,
    /// Whether the file is a library of blocks (checked, but not a rubric to score).
    pub library: bool,
}

/// Loads, parses and checks the rule file at `entry` and the files it imports.
pub fn load(entry: &str, loader: &dyn Loader) -> Load {
    load_with(entry, loader, &Options::default())
}

/// Loads, parses and checks a rule file within the given budgets.
pub fn load_with(entry: &str, loader: &dyn Loader, options: &Options) -> Load {
    let checked = check(entry, loader, options);
    Load {
        rubric: checked.plan.map(Rubric::new),
        report: checked.report,
        sources: checked.sources,
        library: checked.library,
    }
}
