//! `rulecheck score`: totals (and section or row scores) of many units, scored in parallel and
//! streamed, so that memory does not grow with the number of units.

use crate::cli::{ScoreArgs, ScoreFormat};
use crate::files::{Format, format_of, open_stream, read_facts, rubric_for_scoring};
use crate::list_join::{ListJoin, NotInStep};
use crate::run_problems::Run;
use crate::table;
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::render::{Message, Phrase};
use rubric::value::show_num;
use rubric::{Basis, Column, EvalError, FactsError, Outcome, Rubric, UnitFacts};
use rubric_out::rank::Extras;
use rubric_xlsx::write::{Cell, Sheet};

pub(crate) mod chunks;
pub(crate) mod cut;
mod given;
mod json;
mod lines;
mod xlsx;

pub(crate) use json::json_units;
pub(crate) use lines::jsonl_units;
pub(crate) use xlsx::xlsx_units;

/// Runs the command.
pub fn run(ui: &Ui, args: &ScoreArgs) -> u8 {
    let xlsx = args.format == ScoreFormat::Xlsx;
    if let Err(code) = crate::xlsx::check_output(ui, args.output.as_deref(), xlsx) {
        return code;
    }
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => {
            ui.run_problem(Run::Threads { threads: args.threads.unwrap_or(0), why: e.to_string() });
            return BAD_INPUT;
        }
    };
    let columns = rubric.columns(args.rows);
    let extras = Extras::of(&rubric);
    let mut out = Output {
        ui,
        rubric: &rubric,
        columns: &columns,
        extras,
        format: args.format,
        failed: 0,
        units: 0,
        unknown: rubric::UnknownColumns::default(),
        sheet: Vec::new(),
        given: None,
    };
    // A unit scored from more than its own record needs the whole file at once: rules that
    // compare units (the cohort is the file), or a unit's records for each period.
    // Grade quotas are shares of all the units scored together: the whole file too.
    let chunk = match rubric.basis() {
        Basis::Alone if !rubric.has_quotas() => args.chunk.max(1),
        _ => usize::MAX,
    };
    // A regular file is read first for what the units are compared by (the cohort's figures,
    // the grades after quotas), then a batch at a time.
    let chunk = match chunk == usize::MAX && !rubric.has_periods() && crate::passes::streamable(&args.facts, true) {
        true => match given::given(ui, &args.facts, &rubric, extras.grade) {
            Some(g) => {
                out.given = Some(g);
                args.chunk.max(1)
            }
            None => chunk,
        },
        false => chunk,
    };
    // List tables are read in step with a CSV table of units when their rows are grouped by
    // unit, else whole first, then joined to each unit as the facts are streamed.
    // (In step only when units are scored alone: a cohort is never scored in two parts.)
    let in_step = chunk != usize::MAX && format_of(&args.facts) == Some(Format::Csv) && regular(&args.facts);
    let limits = crate::files::facts_limits();
    // Everything on the pool, the first pass over a list table too: `--threads N` is N threads
    // of work.
    let ok = pool.install(|| {
        let mut lists = crate::list_tables::for_stream(ui, &args.facts, &rubric, in_step, false)?;
        out.header();
        Some(read_units(&mut out, args, chunk, &limits, &mut lists))
    });
    let Some(ok) = ok else { return BAD_INPUT };
    finish(ui, &mut out, args, ok)
}

/// Reads, scores and writes the units of the facts file (on the pool), each given its records
/// from the list tables `lists`; false when they could not all be read.
fn read_units(
    out: &mut Output<'_>,
    args: &ScoreArgs,
    chunk: usize,
    limits: &rubric::facts::FactsLimits,
    lists: &mut Vec<ListJoin>,
) -> bool {
    let ui = out.ui;
    let xlsx = args.format == ScoreFormat::Xlsx;
    match format_of(&args.facts) {
        // Tables and JSON lines are streamed, read by the same rules as a whole file.
        Some(Format::Csv) => {
            // Cut into chunks read on the pool, when each unit is scored alone and written as a
            // line: else (and from where the chunks cannot go on) read as a stream.
            let plain = chunk != usize::MAX && !xlsx && regular(&args.facts) && out.given.is_none();
            let ended = if plain {
                chunks::run(out, &args.facts, limits, 2 * rayon::current_num_threads(), lists)
            } else {
                chunks::Ended::Slow(0)
            };
            match ended {
                chunks::Ended::Read(notes) => {
                    for words in &notes {
                        ui.say(&crate::run_problems::Note::Read { path: &args.facts, words });
                    }
                    crate::list_join::unclaimed(ui, &args.facts, lists)
                }
                chunks::Ended::Slow(from) => read_csv(out, &args.facts, from, chunk, lists),
                chunks::Ended::Again(from) => again(out, &args.facts, from, chunk, lists),
                chunks::Ended::Failed => false,
            }
        }
        Some(Format::JsonLines) => jsonl_units(ui, &args.facts, chunk.min(4096), |units| {
            whole_only(ui, stream(out, units, chunk, lists, &args.facts))
        }),
        Some(Format::Json) => read_json(out, &args.facts, chunk, lists),
        // An .xlsx sheet read row by row while the pool scores (else read whole).
        Some(Format::Workbook) if chunk != usize::MAX => match xlsx::streamed(out, &args.facts, chunk, lists) {
            Some(ok) => ok,
            None => read_whole(out, &args.facts, chunk, lists),
        },
        _ => read_whole(out, &args.facts, chunk, lists),
    }
}

/// Reads the facts file whole, then scores it a chunk at a time.
fn read_whole(out: &mut Output<'_>, path: &str, chunk: usize, lists: &mut [ListJoin]) -> bool {
    match read_facts(out.ui, path) {
        Some(units) => whole_only(out.ui, stream(out, units.into_iter().map(Ok), chunk, lists, path)),
        None => false,
    }
}

/// Says how many units could not be scored, and writes the workbook.
fn finish(ui: &Ui, out: &mut Output<'_>, args: &ScoreArgs, ok: bool) -> u8 {
    if out.failed > 0 {
        ui.note(&ui.says().message(Message::Unscored { failed: out.failed, units: out.units }));
    }
    let xlsx = args.format == ScoreFormat::Xlsx;
    let code = if xlsx { out.save(args.output.as_deref()) } else { OK };
    if ok && out.failed == 0 { code } else { BAD_INPUT }
}

/// Whether `path` is a regular file, which can be read twice (a pipe cannot).
fn regular(path: &str) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Reads a CSV table as a stream and scores it, from the unit at index `from` on (those before
/// it are read again, not scored: an error among them is still the stream's error). A list
/// table in step found out of the units' order is read whole, and the units read again.
fn read_csv(out: &mut Output<'_>, path: &str, from: usize, chunk: usize, lists: &mut Vec<ListJoin>) -> bool {
    match read_csv_from(out, path, from, false, chunk, lists) {
        Ok(ok) => ok,
        Err(NotInStep(at)) => again(out, path, at, chunk, lists),
    }
}

/// The units from index `from` on scored with every list table read whole (a table in step
/// was found out of the units' order at that unit): the units before it are read again and
/// joined, not scored.
fn again(out: &mut Output<'_>, path: &str, from: usize, chunk: usize, lists: &mut Vec<ListJoin>) -> bool {
    let Some(whole) = crate::list_join::whole(out.ui, out.rubric, lists) else { return false };
    *lists = whole;
    // Tables read whole never say `NotInStep`.
    read_csv_from(out, path, from, true, chunk, lists).unwrap_or_else(|_| whole_only(out.ui, Ok(false)))
}

/// [`read_csv`], the units before `from` joined to the list tables again when `rejoin` (the
/// tables were read whole again), not scored.
fn read_csv_from(
    out: &mut Output<'_>,
    path: &str,
    from: usize,
    rejoin: bool,
    chunk: usize,
    lists: &mut [ListJoin],
) -> Result<bool, NotInStep> {
    let limits = crate::files::facts_limits();
    let f = match open_stream(path) {
        Ok(f) => f,
        Err(why) => return Ok(cannot_open(out.ui, path, why)),
    };
    let mut table = rubric::facts::csv::stream_with(std::io::BufReader::new(f), &limits);
    for _ in 0..from {
        match table.next() {
            Some(Ok(mut u)) if rejoin => {
                if crate::list_join::join(out.ui, lists, &mut u).is_err() {
                    return Ok(whole_only(out.ui, Ok(false)));
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                out.ui.error(&e);
                return Ok(false);
            }
            None => break,
        }
    }
    let ok = stream(out, &mut table, chunk, lists, path).map_err(|at| NotInStep(from + at))?;
    for words in &table.notes() {
        out.ui.say(&crate::run_problems::Note::Read { path, words });
    }
    Ok(ok)
}

/// The result of a stream whose list tables are all read whole, which never says
/// `NotInStep`: if one does, that is a bug, reported as one.
fn whole_only(ui: &Ui, r: Result<bool, usize>) -> bool {
    r.unwrap_or_else(|_| {
        ui.note("internal error: a list table read whole was found out of step; please report this");
        false
    })
}

/// Reads a JSON facts file unit by unit on a thread of its own, while the pool scores the
/// chunks read before: memory is the chunks in flight, not the file.
fn read_json(out: &mut Output<'_>, path: &str, chunk: usize, lists: &mut [ListJoin]) -> bool {
    let ui = out.ui;
    json_units(ui, path, chunk.min(4096), |units| whole_only(ui, stream(out, units, chunk, lists, path)))
}

pub(crate) fn cannot_open(ui: &Ui, path: &str, why: crate::problems::Why) -> bool {
    ui.report(&crate::problems::Problem::CannotRead { path, why });
    false
}

/// The facts file at `path` opened to be read as a stream, with the facts' limits; `None`
/// (reported) when it cannot be opened.
fn opened(ui: &Ui, path: &str) -> Option<(std::fs::File, rubric::facts::FactsLimits)> {
    match crate::files::open_stream(path) {
        Ok(f) => Some((f, crate::files::facts_limits())),
        Err(why) => {
            cannot_open(ui, path, why);
            None
        }
    }
}

/// Scores units chunk by chunk: each chunk in parallel, written in input order before the next
/// is read, each unit given its records from the list tables (`lists`). Returns false when the
/// input could not be read to its end, or a list table has rows for a unit it did not give
/// (`path`: the facts file, read again for the closest name); the index of the unit, among
/// `units`, that a list table in step has its rows elsewhere for (the units before it are
/// written).
fn stream(
    out: &mut Output<'_>,
    units: impl Iterator<Item = Result<UnitFacts, FactsError>>,
    chunk: usize,
    lists: &mut [ListJoin],
    path: &str,
) -> Result<bool, usize> {
    Ok(stream_units(out, units, chunk, lists)? && crate::list_join::unclaimed(out.ui, path, lists))
}

fn stream_units(
    out: &mut Output<'_>,
    units: impl Iterator<Item = Result<UnitFacts, FactsError>>,
    chunk: usize,
    lists: &mut [ListJoin],
) -> Result<bool, usize> {
    let mut batch: Vec<UnitFacts> = Vec::with_capacity(chunk.min(65_536));
    for (i, u) in units.enumerate() {
        match u {
            // Facts for a period, for a rubric without periods: refused as `eval` refuses them.
            Ok(u) if crate::files::stray(out.ui, out.rubric, std::slice::from_ref(&u)) => {
                out.flush(&mut batch);
                return Ok(false);
            }
            Ok(mut u) => {
                if let Err(again) = crate::list_join::join(out.ui, lists, &mut u) {
                    out.flush(&mut batch);
                    return if again { Err(i) } else { Ok(false) };
                }
                crate::files::set_aside_unknown(out.ui, out.rubric, &mut out.unknown, std::slice::from_mut(&mut u));
                batch.push(u);
            }
            Err(e) => {
                out.flush(&mut batch);
                out.ui.error(&e);
                return Ok(false);
            }
        }
        if batch.len() >= chunk {
            out.flush(&mut batch);
        }
    }
    out.flush(&mut batch);
    Ok(true)
}

/// Units scored as one part of a chunk bound by column ([`Output::lines_bound`]): enough for a
/// part to cost much more than its hand-over between threads, few enough that a chunk is
/// several parts.
const UNITS_A_PART: usize = 64;

/// A batch's lines of CSV or JSON, with the errors of its units that could not be scored.
pub(crate) struct Lines {
    pub text: String,
    pub errors: Vec<EvalError>,
    pub units: usize,
}

pub(crate) struct Output<'a> {
    ui: &'a Ui,
    rubric: &'a Rubric,
    columns: &'a [Column<'a>],
    extras: Extras,
    format: ScoreFormat,
    failed: usize,
    units: usize,
    /// Columns of a table the rubric does not declare, reported once.
    unknown: rubric::UnknownColumns,
    /// The rows of `--format xlsx`, written at the end.
    sheet: Vec<Vec<Cell>>,
    /// The cohort and grades the units are scored with, gathered from the whole file first.
    given: Option<given::Given>,
}

impl Output<'_> {
    /// The header row of the table.
    pub(crate) fn heading(&self) -> Vec<String> {
        let mut cells = vec![words().phrase(Phrase::Unit).to_string(), words().phrase(Phrase::Total).to_string()];
        cells.extend(self.columns.iter().map(|c| table::text(c.id)));
        cells.extend(self.extras.headings(&words()));
        cells.push(words().phrase(Phrase::Error).into());
        cells
    }

    /// Writes the workbook of `--format xlsx`: one sheet, the table of the CSV.
    fn save(&mut self, output: Option<&str>) -> u8 {
        let sheet = Sheet {
            name: words().phrase(Phrase::Score).into(),
            title: Some(self.rubric.title().to_string()),
            header: self.heading(),
            rows: std::mem::take(&mut self.sheet),
            notes: Vec::new(),
        };
        crate::xlsx::save(self.ui, output, rubric_xlsx::write::workbook(&[sheet]))
    }

    /// One unit's row of the workbook.
    fn cells(&self, unit: &str, r: &Result<Outcome, EvalError>, grade: Option<&rubric::Grade>) -> Vec<Cell> {
        let mut row = vec![Cell::Text(unit.to_string())];
        match r {
            Ok(s) => {
                row.push(Cell::Number(s.total()));
                row.extend(self.columns.iter().map(|c| s.figure(c).map_or(Cell::Blank, Cell::Number)));
                if self.extras.bonus {
                    row.push(Cell::Number(s.bonus()));
                }
                if self.extras.veto {
                    let vetoed = s.vetoed(self.rubric).into_iter();
                    let veto =
                        Extras { bonus: false, veto: true, grade: false }.cells(Default::default(), vetoed, &words());
                    row.push(Cell::Text(veto.join("")));
                }
                if self.extras.grade {
                    row.push(Cell::Text(grade.map(|g| g.name.clone()).unwrap_or_default()));
                }
            }
            Err(e) => {
                row.push(Cell::Blank);
                row.extend(self.columns.iter().map(|_| Cell::Blank));
                row.extend(self.extras.headings(&words()).iter().map(|_| Cell::Blank));
                row.push(Cell::Text(words().error_line(e)));
            }
        }
        row
    }

    fn header(&self) {
        if self.format != ScoreFormat::Csv {
            return;
        }
        let cells = self.heading();
        // A byte-order mark so that Excel reads the file as UTF-8 (not on a terminal).
        self.ui.csv(&format!("\u{feff}{}", csv_line(&cells)));
    }

    /// Scores a chunk in parallel and writes it in input order.
    fn flush(&mut self, batch: &mut Vec<UnitFacts>) {
        if batch.is_empty() {
            return;
        }
        if self.format == ScoreFormat::Xlsx {
            for (s, grade) in self.scored(batch) {
                self.units += 1;
                if let Err(e) = &s.outcome {
                    self.failed += 1;
                    self.ui.error(e);
                }
                let row = self.cells(&s.unit, &s.outcome, grade.as_ref());
                self.sheet.push(row);
            }
        } else {
            let lines = self.lines(batch);
            self.write(lines);
        }
        if let Some(g) = &mut self.given {
            g.advance(batch.len());
        }
        batch.clear();
    }

    /// Each unit of a batch scored (in parallel), in input order, with the total's grade.
    fn scored(&self, batch: &[UnitFacts]) -> Vec<(rubric::Scored, Option<rubric::Grade>)> {
        if let Some(g) = &self.given {
            return g.scored(self.rubric, batch, self.extras.grade);
        }
        // One outcome per unit, in the order the units first appear (with periods, a unit has a
        // record per period).
        let mut scored = self.rubric.scoring().units(batch);
        // The total's grade of each unit, quotas applied across the batch (the whole file when
        // a grade has a quota).
        let mut grades: Vec<Option<rubric::Grade>> = if self.extras.grade {
            let graded = self.rubric.grade_batch(batch, &mut scored);
            graded.into_iter().map(|g| g.into_iter().find(|(id, _)| id.is_empty()).map(|(_, g)| g)).collect()
        } else {
            Vec::new()
        };
        grades.resize(scored.len(), None);
        scored.into_iter().zip(grades).collect()
    }

    /// A batch scored and written as lines of CSV or JSON (not a workbook's rows), with the
    /// errors to report: on any thread, written in order by [`Output::write`].
    pub(crate) fn lines(&self, batch: &[UnitFacts]) -> Lines {
        let mut lines = Lines { text: String::new(), errors: Vec::new(), units: 0 };
        for (s, grade) in self.scored(batch) {
            lines.units += 1;
            self.line(&mut lines.text, &s.unit, &s.outcome, grade.as_ref());
            if let Err(e) = s.outcome {
                lines.errors.push(e);
            }
        }
        lines
    }

    /// [`Output::lines`] of units bound by column, each with its lists' values; none when one
    /// of them would be bound otherwise by name (the chunk is then read again). The units are
    /// scored in parts of [`UNITS_A_PART`] on the pool (a chunk is several hundred units: a
    /// thread left idle at the end of a wave takes a part of another's chunk), and their lines
    /// joined in order.
    pub(crate) fn lines_bound(
        &self,
        rows: Vec<(rubric::columns::ColumnRow, Vec<(String, rubric::facts::Raw)>)>,
        typed: Vec<Vec<(usize, rubric::columns::ListRecords)>>,
        columns: &rubric::columns::Columns,
    ) -> Option<Lines> {
        use rayon::prelude::*;
        let units: Vec<_> = rows.into_iter().zip(typed).collect();
        let parts: Vec<Option<Lines>> = units
            .into_par_iter()
            .with_min_len(UNITS_A_PART)
            .fold(
                || Some(Lines { text: String::new(), errors: Vec::new(), units: 0 }),
                |lines, ((row, given), typed)| {
                    let mut lines = lines?;
                    let bound = self.rubric.bind_row(row, &given, typed, columns).ok()?;
                    let outcome = self.rubric.score(&bound).map(Outcome::Scores);
                    lines.units += 1;
                    self.line(&mut lines.text, &bound.unit, &outcome, None);
                    if let Err(e) = outcome {
                        lines.errors.push(e);
                    }
                    Some(lines)
                },
            )
            .collect();
        let mut all = Lines { text: String::new(), errors: Vec::new(), units: 0 };
        for part in parts {
            let part = part?;
            if all.text.is_empty() {
                all.text = part.text;
            } else {
                all.text.push_str(&part.text);
            }
            all.errors.extend(part.errors);
            all.units += part.units;
        }
        Some(all)
    }

    /// Reports a batch's errors and writes its lines.
    pub(crate) fn write(&mut self, lines: Lines) {
        self.units += lines.units;
        self.failed += lines.errors.len();
        for e in &lines.errors {
            self.ui.error(e);
        }
        match self.format {
            ScoreFormat::Csv => self.ui.out(&lines.text),
            ScoreFormat::Jsonl => self.ui.out_json(&lines.text),
            ScoreFormat::Xlsx => {}
        }
    }

    /// Writes a unit's line to `text`.
    fn line(&self, text: &mut String, unit: &str, r: &Result<Outcome, EvalError>, grade: Option<&rubric::Grade>) {
        match (self.format, r) {
            (ScoreFormat::Csv | ScoreFormat::Xlsx, Ok(s)) if !self.extras.bonus && !self.extras.veto => {
                self.plain_line(text, unit, s, grade);
            }
            (ScoreFormat::Csv | ScoreFormat::Xlsx, Ok(s)) => {
                let mut cells = vec![table::text(unit), show_num(s.total())];
                cells.extend(self.columns.iter().map(|c| s.figure(c).map(show_num).unwrap_or_default()));
                cells.extend(self.extras.cells(s.bonus(), s.vetoed(self.rubric).into_iter(), &words()));
                if self.extras.grade {
                    cells.push(table::text(grade.map_or("", |g| g.name.as_str())));
                }
                cells.push(String::new());
                push_csv_line(text, &cells);
            }
            (ScoreFormat::Csv | ScoreFormat::Xlsx, Err(e)) => {
                let mut cells = vec![table::text(unit), String::new()];
                cells.extend(self.columns.iter().map(|_| String::new()));
                cells.extend(self.extras.headings(&words()).iter().map(|_| String::new()));
                cells.push(table::text(&words().error_line(e)));
                push_csv_line(text, &cells);
            }
            (ScoreFormat::Jsonl, r) => {
                text.push_str(&format!("{}\n", rubric_out::score::line(self.rubric, self.columns, unit, r, grade)));
            }
        }
    }
}

impl Output<'_> {
    /// A scored unit's line without bonus or veto cells, written to `text` as [`push_csv_line`]
    /// writes its cells, the numbers (never quoted) without a string each.
    fn plain_line(&self, text: &mut String, unit: &str, s: &Outcome, grade: Option<&rubric::Grade>) {
        use std::fmt::Write;
        let name = table::text(unit);
        let grade = self.extras.grade.then(|| table::text(grade.map_or("", |g| g.name.as_str())));
        let quoted = |c: &str| c.contains([',', '"', '\r', '\n']);
        if quoted(&name) || grade.as_deref().is_some_and(quoted) {
            let mut cells = vec![name, show_num(s.total())];
            cells.extend(self.columns.iter().map(|c| s.figure(c).map(show_num).unwrap_or_default()));
            cells.extend(grade);
            cells.push(String::new());
            text.push_str(&csv_line(&cells));
            return;
        }
        text.push_str(&name);
        let _ = write!(text, ",{}", s.total().normalize());
        for c in self.columns {
            text.push(',');
            if let Some(n) = s.figure(c) {
                let _ = write!(text, "{}", n.normalize());
            }
        }
        if let Some(g) = grade {
            text.push(',');
            text.push_str(&g);
        }
        text.push_str(",\n");
    }
}

/// [`csv_line`] written to `text`: cells that need no quotes (none of `,`, `"`, `\r`, `\n`, the
/// bytes the `csv` writer quotes a cell for) joined as the writer joins them, without a writer.
fn push_csv_line(text: &mut String, cells: &[String]) {
    let plain = |c: &String| !c.contains([',', '"', '\r', '\n']);
    // The writer quotes a record of one empty cell, to tell it from no record.
    if cells.len() < 2 || !cells.iter().all(plain) {
        text.push_str(&csv_line(cells));
        return;
    }
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(c);
    }
    text.push('\n');
}

/// One CSV line, quoted where needed.
fn csv_line(cells: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(cells);
    w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}
