//! `rulecheck eval --format json` of every unit, streamed: the units are read as a stream,
//! scored and rendered in parallel a batch at a time, and each unit's JSON written in input
//! order and dropped, so memory is the batch in flight, not the file. The document is the one
//! `serde_json::to_string_pretty` writes of the whole (`Doc`), byte for byte.

use super::chunks::Ended;
use super::{Json, json};
use crate::cmd::score::{cannot_open, json_units, jsonl_units};
use crate::files::{Format, format_of, open_stream};
use crate::list_join::ListJoin;
use crate::run_problems::Run;
use crate::ui::{BAD_INPUT, OK, Ui};
use rayon::prelude::*;
use rubric::{Basis, EvalError, FactsError, Outcome, Rubric, UnitFacts};

/// Units scored and rendered at once, for each thread of the pool: a unit's breakdown is large
/// (about 1 MB), so a batch is small.
const PER_THREAD: usize = 8;

/// Writes the JSON of every unit of `facts` as a stream, when it can be: each unit scored from
/// its own facts (no cohort, no periods) and a facts file read as a stream (CSV, JSON, JSON
/// Lines). `None` when it cannot, for the caller to read the whole file.
/// `compact`: the document without whitespace (`--compact`).
pub(super) fn run(ui: &Ui, facts: &str, rubric: &Rubric, (by, compact): (bool, bool)) -> Option<u8> {
    if format_of(facts) == Some(Format::Workbook) {
        return workbook(ui, facts, rubric, (by, compact));
    }
    let format = format_of(facts).filter(|f| matches!(f, Format::Csv | Format::Json | Format::JsonLines))?;
    if rubric.basis() != Basis::Alone {
        return None;
    }
    // A list table grouped by unit is read in step with a CSV table of units (`score`'s join),
    // else whole first.
    let in_step = format == Format::Csv && std::fs::metadata(facts).is_ok_and(|m| m.is_file());
    let Some(mut lists) = crate::list_tables::for_stream(ui, facts, rubric, in_step, false) else {
        return Some(BAD_INPUT);
    };
    let size = PER_THREAD * rayon::current_num_threads().max(1);
    let mut out =
        Out { ui, rubric, by, compact, unknown: rubric::UnknownColumns::default(), started: false, failed: false };
    let read = match format {
        Format::Json => json_units(ui, facts, size, |units| whole_only(ui, out.units(units, size, &mut lists))),
        Format::JsonLines => jsonl_units(ui, facts, size, |units| whole_only(ui, out.units(units, size, &mut lists))),
        // A table in a file of its own, each unit's breakdown: read in chunks on the pool, as
        // `score` reads it, from where the chunks stop as a stream.
        _ if !by && in_step => {
            match super::chunks::run(&mut out, facts, 2 * rayon::current_num_threads(), size, &mut lists) {
                Ended::Stream => csv(&mut out, facts, size, &mut lists),
                Ended::Read => true,
                Ended::Slow(from) => from_unit(&mut out, facts, from, false, size, &mut lists),
                Ended::Again(from) => again(&mut out, facts, from, size, &mut lists),
                Ended::Failed => false,
            }
        }
        _ => csv(&mut out, facts, size, &mut lists),
    };
    let ended = read && crate::list_join::unclaimed(ui, facts, &mut lists) && out.end();
    Some(if ended && !out.failed { OK } else { BAD_INPUT })
}

/// [`run`] of an .xlsx facts sheet, read row by row on a thread of its own (`xlsx_units`); `None`
/// when it is not streamed (nothing said), for the caller to read it whole.
fn workbook(ui: &Ui, facts: &str, rubric: &Rubric, (by, compact): (bool, bool)) -> Option<u8> {
    if rubric.basis() != Basis::Alone {
        return None;
    }
    let size = PER_THREAD * rayon::current_num_threads().max(1);
    let mut out =
        Out { ui, rubric, by, compact, unknown: rubric::UnknownColumns::default(), started: false, failed: false };
    let names = rubric_out::lists::list_names(rubric);
    let (done, read) = crate::cmd::score::xlsx_units(ui, facts, size, &names, |units| {
        let mut lists = crate::list_tables::for_stream(ui, facts, rubric, false, false)?;
        Some((whole_only(ui, out.units(units, size, &mut lists)), lists))
    })?;
    let ended = match done {
        Some((written, mut lists)) => {
            read && written && crate::list_join::unclaimed(ui, facts, &mut lists) && out.end()
        }
        None => false,
    };
    Some(if ended && !out.failed { OK } else { BAD_INPUT })
}

/// The CSV table `facts` read as a stream from its first unit.
fn csv(out: &mut Out<'_>, facts: &str, size: usize, lists: &mut Vec<ListJoin>) -> bool {
    let ui = out.ui;
    match open_stream(facts) {
        Ok(f) => {
            let mut table = rubric::facts::csv::stream_with(std::io::BufReader::new(f), &crate::files::facts_limits());
            // The notes of the table (its encoding, its notes columns) are known once its
            // first unit is read, and said then, before anything else, as for a whole file.
            let first = table.next();
            for words in &table.notes() {
                ui.say(&crate::run_problems::Note::Read { path: facts, words });
            }
            match out.units(&mut first.into_iter().chain(&mut table), size, lists) {
                Ok(read) => read,
                Err(from) => again(out, facts, from, size, lists),
            }
        }
        Err(why) => cannot_open(ui, facts, why),
    }
}

/// The units of the CSV table `facts` from index `from` on, with every list table read whole (a
/// table in step was found out of the units' order at that unit): the units before it, already
/// written, are read again and joined, not written.
fn again(out: &mut Out<'_>, facts: &str, from: usize, size: usize, lists: &mut Vec<ListJoin>) -> bool {
    let Some(whole) = crate::list_join::whole(out.ui, out.rubric, lists) else { return false };
    *lists = whole;
    from_unit(out, facts, from, true, size, lists)
}

/// The units of the CSV table `facts` from index `from` on (its notes said), those before it
/// read again and, when `rejoin`, joined to the list tables (read whole), not written.
fn from_unit(out: &mut Out<'_>, facts: &str, from: usize, rejoin: bool, size: usize, lists: &mut [ListJoin]) -> bool {
    let file = match open_stream(facts) {
        Ok(f) => f,
        Err(why) => return cannot_open(out.ui, facts, why),
    };
    let mut table = rubric::facts::csv::stream_with(std::io::BufReader::new(file), &crate::files::facts_limits());
    for _ in 0..from {
        match table.next() {
            Some(Ok(mut u)) if rejoin => {
                if crate::list_join::join(out.ui, lists, &mut u).is_err() {
                    return whole_only(out.ui, Ok(false));
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                out.ui.error(&e);
                return false;
            }
            None => break,
        }
    }
    whole_only(out.ui, out.units(&mut table, size, lists))
}

/// The result of a read whose list tables are all read whole, which never says `NotInStep`: if
/// one does, that is a bug, reported as one.
fn whole_only(ui: &Ui, r: Result<bool, usize>) -> bool {
    r.unwrap_or_else(|_| {
        ui.note("internal error: a list table read whole was found out of step; please report this");
        false
    })
}

/// The document being written.
pub(super) struct Out<'a> {
    pub(super) ui: &'a Ui,
    pub(super) rubric: &'a Rubric,
    /// `--by`: the points lost by owner, not the breakdown.
    by: bool,
    /// `--compact`: no whitespace.
    pub(super) compact: bool,
    /// Columns of a table the rubric does not declare, reported once.
    pub(super) unknown: rubric::UnknownColumns,
    /// Whether the document's head (and so a unit) has been written.
    pub(super) started: bool,
    /// Whether a unit could not be scored.
    pub(super) failed: bool,
}

/// A unit of a batch: its JSON (indented as in the document, its hidden characters escaped), or
/// why it has none.
enum Done {
    Text(Vec<u8>),
    Error(EvalError),
    NoBreakdown,
    NotJson(String),
}

impl Out<'_> {
    /// Reads the units, `size` at a time, each given its records from the list tables; false
    /// (reported) when the input could not be read to its end. A batch is written only once it
    /// is whole: when the input fails, the units read since the last batch are not written, and
    /// when nothing was written yet stdout stays empty, as when the whole file is read first.
    /// `Err(i)`: the unit at index `i` (among `units`) met a list table in step whose rows for it
    /// are elsewhere; the units before it are written.
    fn units(
        &mut self,
        units: &mut dyn Iterator<Item = Result<UnitFacts, FactsError>>,
        size: usize,
        lists: &mut [ListJoin],
    ) -> Result<bool, usize> {
        let mut batch: Vec<UnitFacts> = Vec::with_capacity(size);
        let mut taken = 0;
        for u in units {
            match u {
                Ok(u) => batch.push(u),
                Err(e) => {
                    self.ui.error(&e);
                    return Ok(false);
                }
            }
            if batch.len() >= size {
                let n = batch.len();
                if !self.take(&mut batch, lists, taken)? {
                    return Ok(false);
                }
                taken += n;
            }
        }
        self.take(&mut batch, lists, taken)
    }

    /// Checks and writes a batch read whole, in the order a whole file is: facts for a period
    /// (for a rubric without periods) refused, the records of the list tables joined, the
    /// columns the rubric does not declare set aside; false (reported) when it cannot be.
    /// `Err(i)`: the unit at index `at + j`, the batch's `j`th, met a list table in step whose
    /// rows for it are elsewhere; the units of the batch before it are written.
    fn take(&mut self, batch: &mut Vec<UnitFacts>, lists: &mut [ListJoin], at: usize) -> Result<bool, usize> {
        if crate::files::stray(self.ui, self.rubric, batch) {
            return Ok(false);
        }
        let mut out_of_step = None;
        for (j, u) in batch.iter_mut().enumerate() {
            match crate::list_join::join(self.ui, lists, u) {
                Ok(()) => {}
                Err(true) => {
                    out_of_step = Some(j);
                    break;
                }
                Err(false) => return Ok(false),
            }
        }
        if let Some(j) = out_of_step {
            batch.truncate(j);
        }
        crate::files::set_aside_unknown(self.ui, self.rubric, &mut self.unknown, batch);
        let written = self.flush(batch);
        match out_of_step {
            Some(j) if written => Err(at + j),
            _ => Ok(written),
        }
    }

    /// Scores and renders a batch in parallel, then reports its errors and writes its units in
    /// input order; false (reported) when a unit's JSON could not be made.
    fn flush(&mut self, batch: &mut Vec<UnitFacts>) -> bool {
        let scoring = self.rubric.scoring().explained();
        let (by, compact, rubric) = (self.by, self.compact, self.rubric);
        let done: Vec<Done> = batch
            .par_iter()
            .map(|u| {
                if !by {
                    // The breakdown's JSON written straight from the trace.
                    return written(rubric, u, compact);
                }
                match scoring.unit(u) {
                    Ok(s @ (Outcome::Explained(_) | Outcome::Periods(_))) => unit_text(&json(&s, by), compact),
                    Ok(_) => Done::NoBreakdown,
                    Err(e) => Done::Error(e),
                }
            })
            .collect();
        batch.clear();
        let mut text: Vec<u8> = Vec::new();
        for d in done {
            match d {
                Done::Text(t) => {
                    if !self.started {
                        self.started = true;
                        text.extend_from_slice(head(self.rubric.title(), self.compact).as_bytes());
                    } else {
                        text.push(b',');
                    }
                    if !self.compact {
                        text.push(b'\n');
                    }
                    text.extend_from_slice(&t);
                }
                Done::Error(e) => {
                    self.failed = true;
                    self.ui.error(&e);
                }
                Done::NoBreakdown => {
                    self.failed = true;
                    self.ui.run_problem(Run::NoBreakdown { unit: None });
                }
                Done::NotJson(why) => {
                    self.ui.out_json_escaped(&text);
                    self.ui.run_problem(Run::Json { why });
                    return false;
                }
            }
        }
        self.ui.out_json_escaped(&text);
        true
    }

    /// Writes the end of the document (all of it when no unit was written); true.
    fn end(&mut self) -> bool {
        let end = if self.compact { "]}\n" } else { "\n  ]\n}\n" };
        if self.started {
            self.ui.out_json(end);
        } else {
            let end = if self.compact { end } else { "]\n}\n" };
            self.ui.out_json(&format!("{}{end}", head(self.rubric.title(), self.compact)));
        }
        true
    }
}

/// The document up to its first unit: `{"rubric": …, "units": [` as pretty JSON writes it (or
/// compact JSON), its hidden characters escaped.
pub(super) fn head(title: &str, compact: bool) -> String {
    let title = serde_json::Value::String(title.to_string());
    let head = if compact {
        format!("{{\"rubric\":{title},\"units\":[")
    } else {
        format!("{{\n  \"rubric\": {title},\n  \"units\": [")
    };
    rubric_syntax::hidden::escape_json(&head).into_owned()
}

/// A unit's explained breakdown as pretty JSON, each line indented as an element of the
/// document's `units` (or compact JSON): what [`unit_text`] makes of its breakdown, written from
/// its trace, its hidden characters escaped.
fn written(rubric: &Rubric, u: &UnitFacts, compact: bool) -> Done {
    let mut out = Vec::with_capacity(1 << 17);
    let write = |t: rubric::Trace, out: &mut Vec<u8>| match compact {
        true => t.write_json_compact(rubric, out),
        false => t.write_json(rubric, 4, out),
    };
    match rubric.bind(u).and_then(|b| rubric.trace(&b)).and_then(|t| write(t, &mut out)) {
        Ok(()) => Done::Text(out),
        Err(e) => Done::Error(e),
    }
}

/// A unit's pretty JSON, each line indented as an element of the document's `units` (a string
/// in JSON holds no line break, so every line break is the layout's), its hidden characters
/// escaped.
fn unit_text(unit: &Json<'_>, compact: bool) -> Done {
    if compact {
        return match serde_json::to_string(unit) {
            Ok(s) => Done::Text(rubric_syntax::hidden::escape_json(&s).into_owned().into_bytes()),
            Err(e) => Done::NotJson(e.to_string()),
        };
    }
    match serde_json::to_string_pretty(unit) {
        Ok(s) => {
            let mut out = String::with_capacity(s.len() + s.len() / 8);
            for (i, line) in s.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str("    ");
                out.push_str(line);
            }
            Done::Text(rubric_syntax::hidden::escape_json(&out).into_owned().into_bytes())
        }
        Err(e) => Done::NotJson(e.to_string()),
    }
}
