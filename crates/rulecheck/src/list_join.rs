//! The list tables of a streamed facts file (`rulecheck score`): each read in step with the
//! units when its rows are grouped by unit ([`rubric::facts::list_step`]: only the current
//! unit's rows are held), else read whole first and joined to each unit as it comes
//! ([`rubric::facts::list_stream`]). A table found out of the units' order while in step
//! ([`NotInStep`]) is read whole, and the units read again from the first, so that no unit is
//! scored without its rows.

use crate::files::{facts_limits, open_stream};
use crate::ui::Ui;
use rubric::UnitFacts;
use rubric::facts::list_step::{InStep, Joined};
use rubric::facts::list_stream::ByUnit;
use std::io::BufReader;

/// A list's table in step with the units, or read whole.
pub enum ListJoin {
    /// In step: the table's file, read as the units come.
    Step(Box<InStep<BufReader<std::fs::File>>>, String),
    /// Read whole, its records by unit; the list and the table's file.
    Whole(ByUnit, String, String),
}

/// A unit met a list table in step whose rows for it are elsewhere: the tables must be read
/// whole, and the units from the first read again (those before the unit at this index are
/// written, and are joined again, not scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotInStep(pub usize);

/// Gives `unit` its records from every list table. `Err(true)` when a table in step has its rows
/// elsewhere (the unit is then to be read again, with the tables read whole); `Err(false)` when a
/// table in step could not be read (reported).
pub fn join(ui: &Ui, lists: &mut [ListJoin], unit: &mut UnitFacts) -> Result<(), bool> {
    for list in lists.iter_mut() {
        match list {
            ListJoin::Whole(by, ..) => by.join(unit),
            ListJoin::Step(step, file) => match step.join(unit) {
                Ok(()) => {}
                Err(Joined::NotInStep) => return Err(true),
                Err(Joined::Error(e)) => {
                    ui.error(&e);
                    crate::list_tables::while_reading(ui, step.list(), file);
                    return Err(false);
                }
            },
        }
    }
    Ok(())
}

/// False, reported, when a row of a list table has a unit the facts (the file at `path`, read
/// again for the closest name) never gave.
pub fn unclaimed(ui: &Ui, path: &str, lists: &mut [ListJoin]) -> bool {
    for list in lists.iter_mut() {
        let (e, table, file) = match list {
            ListJoin::Whole(by, table, file) => (by.finish().err(), table.as_str(), file.as_str()),
            ListJoin::Step(step, file) => {
                let e = match step.left() {
                    Ok(None) => None,
                    Ok(Some((row, at))) => Some(step.stray(&row, at, &names(path))),
                    Err(e) => Some(e),
                };
                (e, step.list(), file.as_str())
            }
        };
        if let Some(e) = e {
            ui.error(&e);
            // The row's table named, as for any other problem of a list's table.
            crate::list_tables::while_reading(ui, table, file);
            return false;
        }
    }
    true
}

/// The units of the CSV facts file at `path`, names and periods only, read again for the
/// did-you-mean of a row no unit claimed (up to the first row that cannot be read).
fn names(path: &str) -> Vec<UnitFacts> {
    let Ok(file) = open_stream(path) else { return Vec::new() };
    rubric::facts::csv::stream_with(BufReader::new(file), &facts_limits())
        .map_while(Result::ok)
        .map(|u| UnitFacts { unit: u.unit, period: u.period, ..UnitFacts::default() })
        .collect()
}

/// `list`'s table `file` in step with the units, when it is a regular file (read twice) grouped
/// by unit; `None` when it cannot be read in step (the caller reads it whole, for its errors).
pub fn step(ui: &Ui, rubric: &rubric::Rubric, list: &str, file: &str) -> Option<ListJoin> {
    if !std::fs::metadata(file).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let limits = facts_limits();
    let def = rubric.facts().find(|f| f.name() == list);
    let check = |r: &rubric::facts::records::RawRecord| def.map(|d| d.record_problems(r)).unwrap_or_default();
    let first = open_stream(file).ok()?;
    // Its rows read by column where they can be (`rubric::columns_lists`).
    let by_column = |names: &[String]| -> Option<rubric::facts::list_step::ByColumn<'_>> {
        let columns = rubric::columns_lists::ListColumns::of_header(rubric, list, names)?;
        Some(Box::new(move |rows, chunk| columns.keys(rubric, rows, chunk)))
    };
    // The rows' values packed in a file of their own as the first pass checks them, for the
    // second to read back (the table is read once); without one, read again from the table.
    let spill = tempfile::tempfile().ok();
    let groups = rubric::facts::list_step::grouped_with(first, &limits, check, by_column, spill).ok()?;
    let again = open_stream(file).ok()?;
    for words in groups.notes() {
        ui.say(&crate::run_problems::Note::Read { path: file, words });
    }
    let step = InStep::new(BufReader::new(again), list, &limits, groups);
    Some(ListJoin::Step(Box::new(step), file.to_string()))
}

/// Every table of `lists` read whole again, its notes not said again, to join the units read
/// again from the first; `None` (after reporting) when one cannot be read.
pub fn whole(ui: &Ui, rubric: &rubric::Rubric, lists: &[ListJoin]) -> Option<Vec<ListJoin>> {
    let mut out = Vec::with_capacity(lists.len());
    for list in lists {
        let (name, file) = match list {
            ListJoin::Step(step, file) => (step.list(), file.as_str()),
            ListJoin::Whole(_, name, file) => (name.as_str(), file.as_str()),
        };
        let by = crate::list_tables::whole(ui, rubric, name, file, true)?;
        out.push(ListJoin::Whole(by, name.to_string(), file.to_string()));
    }
    Some(out)
}
