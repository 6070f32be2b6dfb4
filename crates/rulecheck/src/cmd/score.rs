//! `rulecheck score`: totals (and section or row scores) of many units, scored in parallel and
//! streamed, so that memory does not grow with the number of units.

use crate::cli::{ScoreArgs, ScoreFormat};
use crate::files::{Format, format_of, open_stream, read_facts, rubric_for_scoring};
use crate::table::{self, Extras};
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::render::{Message, Phrase};
use rubric::value::show_num;
use rubric::{EvalError, FactsError, Rubric, Scores, UnitFacts};
use rubric_xlsx::write::{Cell, Sheet};

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
            ui.problem(&format!("cannot start {} threads: {e}", args.threads.unwrap_or(0)), None);
            return BAD_INPUT;
        }
    };
    if rubric.has_periods() {
        return pool.install(|| periods(ui, args, &rubric));
    }
    let columns = columns(&rubric, args.rows);
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
    };
    out.header();
    // Rules that compare units need every unit at once: the cohort is the whole file.
    let chunk = if rubric.is_cohort() { usize::MAX } else { args.chunk.max(1) };
    let limits = crate::files::facts_limits();
    let ok = pool.install(|| match format_of(&args.facts) {
        // Tables and JSON lines are streamed, read by the same rules as a whole file.
        Some(Format::Csv) => match open_stream(&args.facts) {
            Ok(f) => {
                let mut table = rubric::facts::csv::stream_with(std::io::BufReader::new(f), &limits);
                let ok = stream(&mut out, &mut table, chunk);
                for n in table.notes() {
                    ui.note(&format!("note: {}: {n}", args.facts));
                }
                ok
            }
            Err(why) => cannot_open(ui, &args.facts, &why),
        },
        Some(Format::JsonLines) => match open_stream(&args.facts) {
            Ok(f) => stream(&mut out, rubric::facts::json_lines(std::io::BufReader::new(f), &limits), chunk),
            Err(why) => cannot_open(ui, &args.facts, &why),
        },
        _ => match read_facts(ui, &args.facts) {
            Some(units) => stream(&mut out, units.into_iter().map(Ok), chunk),
            None => false,
        },
    });
    if out.failed > 0 {
        ui.note(&ui.says().message(Message::Unscored { failed: out.failed, units: out.units }));
    }
    let code = if xlsx { out.save(args.output.as_deref()) } else { OK };
    if ok && out.failed == 0 { code } else { BAD_INPUT }
}

fn cannot_open(ui: &Ui, path: &str, why: &str) -> bool {
    ui.problem(&format!("cannot read `{path}`: {why}"), None);
    false
}

/// Scores units chunk by chunk: each chunk in parallel, written in input order before the next
/// is read. Returns false when the input could not be read to its end.
fn stream(out: &mut Output<'_>, units: impl Iterator<Item = Result<UnitFacts, FactsError>>, chunk: usize) -> bool {
    let mut batch: Vec<UnitFacts> = Vec::with_capacity(chunk.min(65_536));
    for u in units {
        match u {
            // Facts for a period, for a rubric without periods: refused as `eval` refuses them.
            Ok(u) if crate::cmd::periods::stray(out.ui, out.rubric, std::slice::from_ref(&u)) => {
                out.flush(&mut batch);
                return false;
            }
            Ok(mut u) => {
                crate::files::set_aside_unknown(out.ui, out.rubric, &mut out.unknown, std::slice::from_mut(&mut u));
                batch.push(u);
            }
            Err(e) => {
                out.flush(&mut batch);
                out.ui.error(&e);
                return false;
            }
        }
        if batch.len() >= chunk {
            out.flush(&mut batch);
        }
    }
    out.flush(&mut batch);
    true
}

/// The nodes shown as columns: the sections, or with `--rows` every node, in the document's order.
fn columns(rubric: &Rubric, rows: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> =
        rubric.root().children().map(|n| n.index()).collect::<Vec<_>>().into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        out.push(i);
        if rows && let Some(n) = rubric.node_at(i) {
            stack.extend(n.children().map(|c| c.index()).collect::<Vec<_>>().into_iter().rev());
        }
    }
    out
}

struct Output<'a> {
    ui: &'a Ui,
    rubric: &'a Rubric,
    columns: &'a [usize],
    extras: Extras,
    format: ScoreFormat,
    failed: usize,
    units: usize,
    /// Columns of a table the rubric does not declare, reported once.
    unknown: rubric::UnknownColumns,
    /// The rows of `--format xlsx`, written at the end.
    sheet: Vec<Vec<Cell>>,
}

impl Output<'_> {
    /// The header row of the table.
    fn heading(&self) -> Vec<String> {
        let mut cells = vec![words().phrase(Phrase::Unit).to_string(), words().phrase(Phrase::Total).to_string()];
        cells.extend(self.columns.iter().filter_map(|&i| self.rubric.node_at(i)).map(|n| table::text(n.id())));
        cells.extend(self.extras.headings());
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
    fn cells(&self, unit: &str, r: &Result<Scores, EvalError>) -> Vec<Cell> {
        let mut row = vec![Cell::Text(unit.to_string())];
        match r {
            Ok(s) => {
                row.push(Cell::Number(s.total()));
                row.extend(self.columns.iter().map(|&i| s.node(i).map_or(Cell::Blank, Cell::Number)));
                if self.extras.bonus {
                    row.push(Cell::Number(s.bonus(0).unwrap_or_default()));
                }
                if self.extras.veto {
                    let veto = Extras { bonus: false, veto: true }.cells(Default::default(), self.vetoed(s));
                    row.push(Cell::Text(veto.join("")));
                }
            }
            Err(e) => {
                row.push(Cell::Blank);
                row.extend(self.columns.iter().map(|_| Cell::Blank));
                row.extend(self.extras.headings().iter().map(|_| Cell::Blank));
                row.push(Cell::Text(message(e)));
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
        let rubric = self.rubric;
        let results: Vec<Result<Scores, EvalError>> =
            rubric.scoring().units(batch).into_iter().map(|s| s.outcome.and_then(|o| scores_of(&s.unit, o))).collect();
        let mut text = String::new();
        for (u, r) in batch.iter().zip(&results) {
            self.units += 1;
            if let Err(e) = r {
                self.failed += 1;
                self.ui.error(e);
            }
            if self.format == ScoreFormat::Xlsx {
                let row = self.cells(&u.unit, r);
                self.sheet.push(row);
            } else {
                text.push_str(&self.line(&u.unit, r));
            }
        }
        match self.format {
            ScoreFormat::Csv => self.ui.out(&text),
            ScoreFormat::Jsonl => self.ui.out_json(&text),
            ScoreFormat::Xlsx => {}
        }
        batch.clear();
    }

    /// The ids of the nodes a veto zeroed (the rubric itself as the empty id).
    fn vetoed<'s>(&'s self, s: &'s Scores) -> impl Iterator<Item = &'s str> {
        self.rubric.nodes().filter(|n| s.vetoed(n.index())).map(|n| n.id())
    }

    fn line(&self, unit: &str, r: &Result<Scores, EvalError>) -> String {
        let nodes = self.columns.iter().filter_map(|&i| Some((self.rubric.node_at(i)?, i)));
        match (self.format, r) {
            (ScoreFormat::Csv | ScoreFormat::Xlsx, Ok(s)) => {
                let mut cells = vec![table::text(unit), show_num(s.total())];
                cells.extend(self.columns.iter().map(|&i| s.node(i).map(show_num).unwrap_or_default()));
                cells.extend(self.extras.cells(s.bonus(0).unwrap_or_default(), self.vetoed(s)));
                cells.push(String::new());
                csv_line(&cells)
            }
            (ScoreFormat::Csv | ScoreFormat::Xlsx, Err(e)) => {
                let mut cells = vec![table::text(unit), String::new()];
                cells.extend(self.columns.iter().map(|_| String::new()));
                cells.extend(self.extras.headings().iter().map(|_| String::new()));
                cells.push(table::text(&message(e)));
                csv_line(&cells)
            }
            (ScoreFormat::Jsonl, Ok(s)) => {
                let scores: serde_json::Map<String, serde_json::Value> = nodes
                    .map(|(n, i)| (n.id().to_string(), s.node(i).map(show_num).unwrap_or_default().into()))
                    .collect();
                let mut v = serde_json::Map::new();
                v.insert("unit".into(), unit.into());
                v.insert("score".into(), show_num(s.total()).into());
                self.extras.json(&mut v, s.bonus(0).unwrap_or_default(), self.vetoed(s));
                v.insert("nodes".into(), scores.into());
                format!("{}\n", serde_json::Value::Object(v))
            }
            (ScoreFormat::Jsonl, Err(e)) => {
                let code = miette::Diagnostic::code(e).map(|c| c.to_string());
                let v = serde_json::json!({ "unit": unit, "error": { "code": code, "message": message(e) } });
                format!("{v}\n")
            }
        }
    }
}

/// An error in one line, with every problem of a unit's facts.
fn message(e: &EvalError) -> String {
    match e {
        EvalError::Facts(FactsError::Unit(rubric::errors::UnitFactsError { problems, .. })) => {
            problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

/// One CSV line, quoted where needed.
fn csv_line(cells: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(cells);
    w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}

/// A rubric scored in periods: each unit's records (one per period) are read whole and grouped,
/// then every unit is scored in every period and the periods combined by their weights. The
/// columns are the total and each period's score.
fn periods(ui: &Ui, args: &ScoreArgs, rubric: &Rubric) -> u8 {
    let Some(records) = crate::files::read_facts_for(ui, &args.facts, rubric) else { return BAD_INPUT };
    let scored = rubric.scoring().units(&records);
    let names: Vec<&str> = scored.iter().map(|s| s.unit.as_str()).collect();
    let results: Vec<Result<rubric::PeriodScores, EvalError>> = scored
        .iter()
        .map(|s| match &s.outcome {
            Ok(rubric::Outcome::Periods(p)) => Ok(p.clone()),
            Ok(_) => Err(EvalError::Internal(rubric::errors::InternalError {
                unit: s.unit.clone(),
                what: "a rubric in periods gave no period scores",
            })),
            Err(e) => Err(e.clone()),
        })
        .collect();
    let mut text = String::new();
    if args.format == ScoreFormat::Csv {
        let mut cells = vec![words().phrase(Phrase::Unit).to_string(), words().phrase(Phrase::Total).to_string()];
        cells.extend(rubric.periods().map(|p| table::text(p.name())));
        cells.push(words().phrase(Phrase::Error).into());
        text.push('\u{feff}');
        text.push_str(&csv_line(&cells));
    }
    let mut failed = 0;
    let mut rows = Vec::new();
    for (unit, r) in names.iter().zip(&results) {
        if let Err(e) = r {
            failed += 1;
            ui.error(e);
        }
        if args.format == ScoreFormat::Xlsx {
            let mut row = vec![Cell::Text(unit.to_string())];
            match r {
                Ok(s) => {
                    row.push(Cell::Number(s.total));
                    row.extend(s.periods.iter().map(|p| Cell::Number(p.score.score)));
                }
                Err(e) => {
                    row.push(Cell::Blank);
                    row.extend(rubric.periods().map(|_| Cell::Blank));
                    row.push(Cell::Text(message(e)));
                }
            }
            rows.push(row);
            continue;
        }
        text.push_str(&match (args.format, r) {
            (ScoreFormat::Csv | ScoreFormat::Xlsx, Ok(s)) => {
                let mut cells = vec![table::text(unit), show_num(s.total)];
                cells.extend(s.periods.iter().map(|p| show_num(p.score.score)));
                cells.push(String::new());
                csv_line(&cells)
            }
            (ScoreFormat::Csv | ScoreFormat::Xlsx, Err(e)) => {
                let mut cells = vec![table::text(unit), String::new()];
                cells.extend(rubric.periods().map(|_| String::new()));
                cells.push(table::text(&message(e)));
                csv_line(&cells)
            }
            (ScoreFormat::Jsonl, Ok(s)) => {
                let periods: serde_json::Map<String, serde_json::Value> =
                    s.periods.iter().map(|p| (p.period.clone(), show_num(p.score.score).into())).collect();
                format!("{}\n", serde_json::json!({ "unit": unit, "score": show_num(s.total), "periods": periods }))
            }
            (ScoreFormat::Jsonl, Err(e)) => {
                let code = miette::Diagnostic::code(e).map(|c| c.to_string());
                format!("{}\n", serde_json::json!({ "unit": unit, "error": { "code": code, "message": message(e) } }))
            }
        });
    }
    let code = match args.format {
        ScoreFormat::Csv => {
            ui.csv(&text);
            OK
        }
        ScoreFormat::Jsonl => {
            ui.out_json(&text);
            OK
        }
        ScoreFormat::Xlsx => {
            let mut header = vec![words().phrase(Phrase::Unit).to_string(), words().phrase(Phrase::Total).to_string()];
            header.extend(rubric.periods().map(|p| p.name().to_string()));
            header.push(words().phrase(Phrase::Error).into());
            let sheet = Sheet {
                name: words().phrase(Phrase::Score).into(),
                title: Some(rubric.title().to_string()),
                header,
                rows,
                notes: Vec::new(),
            };
            crate::xlsx::save(ui, args.output.as_deref(), rubric_xlsx::write::workbook(&[sheet]))
        }
    };
    if failed > 0 {
        ui.note(&ui.says().message(Message::Unscored { failed, units: names.len() }));
        return BAD_INPUT;
    }
    code
}

/// The numbers of a unit's outcome; a numbers-only request gives nothing else.
fn scores_of(unit: &str, outcome: rubric::Outcome) -> Result<Scores, EvalError> {
    match outcome {
        rubric::Outcome::Scores(s) => Ok(s),
        _ => Err(EvalError::Internal(rubric::errors::InternalError {
            unit: unit.to_string(),
            what: "a numbers-only request gave no scores",
        })),
    }
}
