//! `rulecheck eval --format json` of every unit, streamed: the units are read as a stream,
//! scored and rendered in parallel a batch at a time, and each unit's JSON written in input
//! order and dropped, so memory is the batch in flight, not the file. The document is the one
//! `serde_json::to_string_pretty` writes of the whole (`Doc`), byte for byte.

use super::{Json, json};
use crate::cmd::score::{cannot_open, json_units};
use crate::files::{Format, format_of, open_stream};
use crate::run_problems::Run;
use crate::ui::{BAD_INPUT, OK, Ui};
use rayon::prelude::*;
use rubric::facts::list_stream::ByUnit;
use rubric::{Basis, EvalError, FactsError, Outcome, Rubric, UnitFacts};

/// Units scored and rendered at once, for each thread of the pool: a unit's breakdown is large
/// (about 1 MB), so a batch is small.
const PER_THREAD: usize = 8;

/// Writes the JSON of every unit of `facts` as a stream, when it can be: each unit scored from
/// its own facts (no cohort, no periods) and a facts file read as a stream (CSV, JSON, JSON
/// Lines). `None` when it cannot, for the caller to read the whole file.
pub(super) fn run(ui: &Ui, facts: &str, rubric: &Rubric, by: bool) -> Option<u8> {
    let format = format_of(facts).filter(|f| matches!(f, Format::Csv | Format::Json | Format::JsonLines))?;
    if rubric.basis() != Basis::Alone {
        return None;
    }
    let Some(mut lists) = crate::list_tables::read_by_unit(ui, facts, rubric) else { return Some(BAD_INPUT) };
    let size = PER_THREAD * rayon::current_num_threads().max(1);
    let mut out = Out { ui, rubric, by, unknown: rubric::UnknownColumns::default(), started: false, failed: false };
    let limits = crate::files::facts_limits();
    let read = match format {
        Format::Json => json_units(ui, facts, size, |units| out.units(units, size, &mut lists)),
        Format::JsonLines => match open_stream(facts) {
            Ok(f) => {
                let mut units = rubric::facts::json_lines(std::io::BufReader::new(f), &limits);
                out.units(&mut units, size, &mut lists)
            }
            Err(why) => cannot_open(ui, facts, why),
        },
        _ => match open_stream(facts) {
            Ok(f) => {
                let mut table = rubric::facts::csv::stream_with(std::io::BufReader::new(f), &limits);
                // The notes of the table (its encoding, its notes columns) are known once its
                // first unit is read, and said then, before anything else, as for a whole file.
                let first = table.next();
                for words in &table.notes() {
                    ui.say(&crate::run_problems::Note::Read { path: facts, words });
                }
                out.units(&mut first.into_iter().chain(&mut table), size, &mut lists)
            }
            Err(why) => cannot_open(ui, facts, why),
        },
    };
    let ended = read && unclaimed(ui, &lists) && out.end();
    Some(if ended && !out.failed { OK } else { BAD_INPUT })
}

/// False, reported, when a row of a list table has a unit the facts never gave.
fn unclaimed(ui: &Ui, lists: &[ByUnit]) -> bool {
    for by in lists {
        if let Err(e) = by.finish() {
            ui.error(&e);
            return false;
        }
    }
    true
}

/// The document being written.
struct Out<'a> {
    ui: &'a Ui,
    rubric: &'a Rubric,
    /// `--by`: the points lost by owner, not the breakdown.
    by: bool,
    /// Columns of a table the rubric does not declare, reported once.
    unknown: rubric::UnknownColumns,
    /// Whether the document's head (and so a unit) has been written.
    started: bool,
    /// Whether a unit could not be scored.
    failed: bool,
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
    fn units(
        &mut self,
        units: &mut dyn Iterator<Item = Result<UnitFacts, FactsError>>,
        size: usize,
        lists: &mut [ByUnit],
    ) -> bool {
        let mut batch: Vec<UnitFacts> = Vec::with_capacity(size);
        for u in units {
            match u {
                Ok(u) => batch.push(u),
                Err(e) => {
                    self.ui.error(&e);
                    return false;
                }
            }
            if batch.len() >= size && !self.take(&mut batch, lists) {
                return false;
            }
        }
        self.take(&mut batch, lists)
    }

    /// Checks and writes a batch read whole, in the order a whole file is: facts for a period
    /// (for a rubric without periods) refused, the records of the list tables joined, the
    /// columns the rubric does not declare set aside; false (reported) when it cannot be.
    fn take(&mut self, batch: &mut Vec<UnitFacts>, lists: &mut [ByUnit]) -> bool {
        if crate::files::stray(self.ui, self.rubric, batch) {
            return false;
        }
        for u in batch.iter_mut() {
            for by in lists.iter_mut() {
                by.join(u);
            }
        }
        crate::files::set_aside_unknown(self.ui, self.rubric, &mut self.unknown, batch);
        self.flush(batch)
    }

    /// Scores and renders a batch in parallel, then reports its errors and writes its units in
    /// input order; false (reported) when a unit's JSON could not be made.
    fn flush(&mut self, batch: &mut Vec<UnitFacts>) -> bool {
        let scoring = self.rubric.scoring().explained();
        let (by, rubric) = (self.by, self.rubric);
        let done: Vec<Done> = batch
            .par_iter()
            .map(|u| {
                if !by {
                    // The breakdown's JSON written straight from the trace.
                    return written(rubric, u);
                }
                match scoring.unit(u) {
                    Ok(s @ (Outcome::Explained(_) | Outcome::Periods(_))) => unit_text(&json(&s, by)),
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
                        text.extend_from_slice(head(self.rubric.title()).as_bytes());
                    } else {
                        text.push(b',');
                    }
                    text.push(b'\n');
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
        if self.started {
            self.ui.out_json("\n  ]\n}\n");
        } else {
            self.ui.out_json(&format!("{}]\n}}\n", head(self.rubric.title())));
        }
        true
    }
}

/// The document up to its first unit: `{"rubric": …, "units": [` as pretty JSON writes it, its
/// hidden characters escaped.
fn head(title: &str) -> String {
    let title = serde_json::Value::String(title.to_string());
    rubric_syntax::hidden::escape_json(&format!("{{\n  \"rubric\": {title},\n  \"units\": [")).into_owned()
}

/// A unit's explained breakdown as pretty JSON, each line indented as an element of the
/// document's `units`: what [`unit_text`] makes of its breakdown, written from its trace, its
/// hidden characters escaped.
fn written(rubric: &Rubric, u: &UnitFacts) -> Done {
    let mut out = Vec::with_capacity(1 << 17);
    match rubric.bind(u).and_then(|b| rubric.trace(&b)).and_then(|t| t.write_json(rubric, 4, &mut out)) {
        Ok(()) => Done::Text(out),
        Err(e) => Done::Error(e),
    }
}

/// A unit's pretty JSON, each line indented as an element of the document's `units` (a string
/// in JSON holds no line break, so every line break is the layout's), its hidden characters
/// escaped.
fn unit_text(unit: &Json<'_>) -> Done {
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
