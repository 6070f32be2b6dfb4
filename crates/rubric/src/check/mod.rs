//! The checker: a parsed rule file (and its imports) to a compiled plan and every problem found.

/// The scope an expression of `file` (text `src`) is checked in: the compiler's names, cohort
/// figures, percents and facts. A macro, not a method, so that the compiler's report and
/// used-names marks stay free to borrow mutably beside it.
macro_rules! scope {
    ($c:expr, $file:expr, $src:expr) => {
        $crate::check::typeck::Scope {
            syms: &$c.syms,
            all_names: &$c.all_names,
            cohorts: &$c.cohorts,
            percent: &$c.percent,
            facts: &$c.facts,
            record_tables: &$c.record_tables,
            record: None,
            calendar: !$c.calendars.is_empty(),
            refs: &$c.refs,
            file: $file,
            src: $src,
        }
    };
}

mod alias;
mod calendar;
mod cases;
pub mod compile;
mod dates;
mod deadline;
mod decls;
mod fidelity;
mod grades;
mod imports;
mod kinds;
pub(super) mod lint;
pub(crate) mod lists;
mod maxcase;
mod moved;
mod na;
mod params;
mod periods;
mod quantity;
pub(crate) mod ranges;
mod refs;
mod rules;
mod strata;
mod subsets;
mod tables;
mod tests;
mod tree;
mod typeck;
