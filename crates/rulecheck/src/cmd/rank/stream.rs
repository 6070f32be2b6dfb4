//! `rank` of a facts file read a batch at a time (CSV, JSON or JSON Lines; not a workbook's
//! sheets): when the rules compare units, a first read gathers the cohort's figures (a second
//! for figures over rows' scores), then a last read scores each batch in that cohort into the
//! table's rows and grades before quotas, the quotas applied at the end. Each unit's row is
//! kept (the ranking is sorted), never its facts. A pipe is read once, so a rubric that compares
//! units reads a piped file whole, as before.

use crate::passes;
use crate::ui::Ui;
use rubric::{Basis, Cohort, Rubric};
use rubric_out::rank::{Failure, GradesGathered, Table, add_rows};

/// Units scored (and graded) a batch at a time.
const BATCH: usize = 1024;
/// Units gathered into the cohort a batch at a time.
const GATHER: usize = 4096;

/// Whether `rank` reads the facts file at `path` a batch at a time for `rubric` (rather than whole).
pub(crate) fn streams(path: &str, rubric: &Rubric) -> bool {
    !rubric.has_periods() && passes::streamable(path, rubric.basis() == Basis::Cohort)
}

/// The ranking's table of the file at `path`: the rows, failures in the order met, grades after
/// quotas, as [`rubric_out::rank::table`] makes it of the whole file. `Err(())` when the cohort
/// could not be gathered (nothing said: the caller reads the file whole, which says why);
/// `Ok(None)` when the file cannot be read (reported).
pub(crate) fn table(ui: &Ui, path: &str, rubric: &Rubric) -> Result<Option<Table>, ()> {
    let cohort = cohort(ui, path, rubric).ok_or(())?;
    struct State {
        table: Table,
        grades: GradesGathered,
    }
    let init = || State {
        table: Table { rows: Vec::new(), sheets: Vec::new(), failures: Vec::new() },
        grades: GradesGathered::default(),
    };
    let Some(state) = passes::read(ui, path, rubric, BATCH, true, init, |st, units| {
        // A row is read from the numbers alone, no breakdown made (the same figures:
        // `crates/rubric/tests/program.rs` holds them so on the whole corpus), but where rows
        // may be 不适用: their points move, and only the breakdown has the maxima.
        let scoring = match rubric.has_na() {
            true => rubric.scoring().explained(),
            false => rubric.scoring(),
        };
        let scoring = match &cohort {
            Some(c) => scoring.in_cohort(c),
            None => scoring,
        };
        add_rows(rubric, scoring, units, None, &mut st.table);
        st.grades.add(rubric, units, cohort.as_ref());
    }) else {
        return Ok(None);
    };
    // The cohort is read no more: its values go before the grades after quotas are made.
    drop(cohort);
    let mut table = state.table;
    let errors = state.grades.finish_into(rubric, &mut table.rows);
    table.failures.extend(errors.into_iter().map(|e| Failure::Eval(None, e)));
    Ok(Some(table))
}

/// The cohort of the file at `path`, gathered by reading it once (twice for figures over rows'
/// scores) in silence; `Some(None)` when the rules compare no units (nothing read). `None` when
/// the file cannot be read to its end: the caller reads it whole, which says why.
pub(crate) fn cohort(ui: &Ui, path: &str, rubric: &Rubric) -> Option<Option<Cohort>> {
    if rubric.basis() != Basis::Cohort {
        return Some(None);
    }
    let ui = &ui.silent();
    let mut gather = passes::read(ui, path, rubric, GATHER, false, || rubric.gather_cohort(), |g, units| g.add(units))?;
    if gather.again() {
        gather.next_pass();
        let base = gather;
        gather = passes::read(ui, path, rubric, GATHER, false, || base.clone(), |g, units| g.add(units))?;
    }
    Some(Some(gather.finish()))
}
