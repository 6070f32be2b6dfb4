//! A facts file read a batch at a time, once or more, for a command that must see every unit
//! before it writes (`rank`, and `score` of a rubric whose rules compare units or whose grades
//! have quotas): a first read gathers what the units are compared by (the cohort's figures, the
//! grades before quotas), a last read scores. Only the batch in flight is held, never the file.
//! Each unit is given its list tables' records and has the columns the rubric does not declare
//! set aside, as a whole read does; the errors are those of a whole read, said once the file is
//! read (a file that cannot be read reports nothing else).

use crate::files::{Format, facts_limits, format_of, open_stream};
use crate::list_join::ListJoin;
use crate::ui::Ui;
use rubric::{FactsError, Rubric, UnitFacts, UnknownColumns};
use std::io::BufReader;

/// Whether the facts file at `path` can be read by [`read`]: a CSV, JSON or JSON Lines file and,
/// when it is to be read more than once (`again`), a regular file (a pipe is read once).
pub fn streamable(path: &str, again: bool) -> bool {
    matches!(format_of(path), Some(Format::Csv | Format::Json | Format::JsonLines))
        && (!again || std::fs::metadata(path).is_ok_and(|m| m.is_file()))
}

/// Reads the facts file at `path` in batches of `size` units, handing each batch in order to
/// `each` with the state `init` made. `first`: the first read of the file, which says the
/// reader's notes and reports the columns the rubric does not declare. `None` when the file or
/// a list table cannot be read (reported). A list table read in step whose rows are found out of
/// the units' order is read whole, and the file read again from the first with a fresh state.
pub fn read<S>(
    ui: &Ui,
    path: &str,
    rubric: &Rubric,
    size: usize,
    first: bool,
    init: impl Fn() -> S,
    each: impl Fn(&mut S, &[UnitFacts]),
) -> Option<S> {
    let in_step = format_of(path) == Some(Format::Csv) && streamable(path, true);
    let mut state = init();
    match read_once(ui, path, rubric, size, Say { notes: first, unknown: first }, in_step, &mut state, &each) {
        Once::Done => Some(state),
        Once::Failed => None,
        Once::NotInStep => {
            let mut state = init();
            let say = Say { notes: false, unknown: first };
            matches!(read_once(ui, path, rubric, size, say, false, &mut state, &each), Once::Done).then_some(state)
        }
    }
}

/// What a read says besides errors: the reader's notes, the columns not declared.
#[derive(Clone, Copy)]
struct Say {
    notes: bool,
    unknown: bool,
}

/// How one read of the file ended.
enum Once {
    Done,
    Failed,
    NotInStep,
}

#[allow(clippy::too_many_arguments)] // the file, the rubric, and the reader's settings
fn read_once<S>(
    ui: &Ui,
    path: &str,
    rubric: &Rubric,
    size: usize,
    say: Say,
    in_step: bool,
    state: &mut S,
    each: &impl Fn(&mut S, &[UnitFacts]),
) -> Once {
    let Some(lists) = crate::list_tables::for_stream(ui, path, rubric, in_step, !say.notes) else {
        return Once::Failed;
    };
    let limits = facts_limits();
    let mut feed = Feed {
        ui,
        rubric,
        lists,
        size: size.max(1),
        unknown: UnknownColumns::default(),
        said: Vec::new(),
        error: None,
    };
    let open = |ui: &Ui| match open_stream(path) {
        Ok(f) => Some(f),
        Err(why) => {
            crate::cmd::score::cannot_open(ui, path, why);
            None
        }
    };
    let ended = match format_of(path) {
        Some(Format::Csv) => {
            let Some(f) = open(ui) else { return Once::Failed };
            let mut table = rubric::facts::csv::stream_with(BufReader::new(f), &limits);
            let ended = feed.all(&mut table, state, each);
            if say.notes {
                for words in &table.notes() {
                    ui.say(&crate::run_problems::Note::Read { path, words });
                }
            }
            ended
        }
        // JSON lines and JSON: cut on a thread of their own, read on the pool (as `score` reads them).
        Some(Format::JsonLines) => {
            let mut ended = Once::Failed;
            crate::cmd::score::jsonl_units(ui, path, feed.size, |units| {
                ended = feed.all(units, state, each);
                true
            });
            ended
        }
        _ => {
            let mut ended = Once::Failed;
            crate::cmd::score::json_units(ui, path, feed.size, |units| {
                ended = feed.all(units, state, each);
                true
            });
            ended
        }
    };
    if let Some(e) = feed.error.take() {
        ui.error(&e);
    }
    if !matches!(ended, Once::Done) || !crate::list_join::unclaimed(ui, path, &mut feed.lists) {
        return if matches!(ended, Once::NotInStep) { Once::NotInStep } else { Once::Failed };
    }
    if say.unknown {
        crate::files::report_unknown(ui, &feed.said);
    }
    Once::Done
}

/// The units of one read on their way to the batches.
struct Feed<'a> {
    ui: &'a Ui,
    rubric: &'a Rubric,
    lists: Vec<ListJoin>,
    size: usize,
    unknown: UnknownColumns,
    /// The columns not declared, said once the file is read.
    said: Vec<FactsError>,
    /// The error that ended the read, said after the reader's notes.
    error: Option<FactsError>,
}

impl Feed<'_> {
    /// Every unit of `units` in batches to `each`; a read error ends the read (reported), and
    /// facts for a period of a rubric without periods are refused once the file is read.
    fn all<S>(
        &mut self,
        units: impl Iterator<Item = Result<UnitFacts, FactsError>>,
        state: &mut S,
        each: &impl Fn(&mut S, &[UnitFacts]),
    ) -> Once {
        let mut batch: Vec<UnitFacts> = Vec::with_capacity(self.size.min(65_536));
        let mut stray = None;
        for u in units {
            let mut u = match u {
                Ok(u) => u,
                Err(e) => {
                    self.error = Some(e);
                    return Once::Failed;
                }
            };
            if stray.is_some() {
                continue;
            }
            if let Some(e) = rubric_out::facts::stray_period(self.rubric, std::slice::from_ref(&u)) {
                stray = Some(e);
                continue;
            }
            if let Err(again) = crate::list_join::join(self.ui, &mut self.lists, &mut u) {
                return if again { Once::NotInStep } else { Once::Failed };
            }
            self.said.extend(self.unknown.set_aside(self.rubric, &mut u));
            batch.push(u);
            if batch.len() >= self.size {
                each(state, &batch);
                batch.clear();
            }
        }
        if let Some(e) = stray {
            self.ui.error(&e);
            return Once::Failed;
        }
        each(state, &batch);
        Once::Done
    }
}
