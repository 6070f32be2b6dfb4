//! `rulecheck rank`: units ranked by total with each section's score, ties ranked equally.

use crate::cli::{RankArgs, TableFormat};
use crate::files::{read_facts_for, rubric_for_scoring};
use crate::table::{self, Extras};
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::render::Phrase;
use rubric::value::{show_num, text_num};
use rubric::{Column, ColumnOf, Outcome};
use rubric_xlsx::write::{Cell, Sheet};
use rust_decimal::Decimal;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

#[derive(Serialize)]
struct Ranked<'a> {
    rank: usize,
    unit: &'a str,
    #[serde(serialize_with = "rubric::value::ser_dec")]
    score: rust_decimal::Decimal,
    #[serde(serialize_with = "rubric::value::ser_dec")]
    max: rust_decimal::Decimal,
    /// The bonus in the total, and the ids of the nodes a veto zeroed (the rubric itself as the
    /// empty id): shown when the rubric has such rules ([`Extras`]).
    #[serde(skip)]
    bonus: rust_decimal::Decimal,
    #[serde(skip)]
    vetoed: Vec<&'a str>,
    /// The total's grade after quotas, when the rubric grades the total.
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<&'a rubric::Grade>,
    sections: Vec<Section<'a>>,
}

#[derive(Serialize)]
struct Section<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(serialize_with = "rubric::value::ser_dec")]
    score: rust_decimal::Decimal,
    #[serde(serialize_with = "rubric::value::ser_dec")]
    max: rust_decimal::Decimal,
    /// Always `[]`: the table stops at the sections.
    children: [(); 0],
}

/// A unit's row of the table: its total, its figure in each column (sections, or periods) and
/// what the bonus and veto columns show; small, so that a large file's rows stay small.
struct Row {
    unit: String,
    score: Decimal,
    max: Decimal,
    bonus: Decimal,
    vetoed: Vec<String>,
    figures: Vec<Decimal>,
    /// The unit's maximum of each column (with maxima that depend on the unit, its case's).
    maxima: Vec<Decimal>,
    grade: Option<rubric::Grade>,
}

/// The columns of a unit scored in periods, as the `periods` of its JSON: `id` is the period.
fn periods_json(sections: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Array(items) = sections else { return serde_json::Value::Array(Vec::new()) };
    let periods = items
        .into_iter()
        .map(|mut s| {
            if let Some(o) = s.as_object_mut() {
                if let Some(id) = o.remove("id") {
                    o.insert("period".into(), id);
                }
                o.remove("children");
            }
            s
        })
        .collect();
    serde_json::Value::Array(periods)
}

/// Runs the command.
pub fn run(ui: &Ui, args: &RankArgs) -> u8 {
    let xlsx = args.format == TableFormat::Xlsx;
    if let Err(code) = crate::xlsx::check_output(ui, args.output.as_deref(), xlsx) {
        return code;
    }
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(units) = read_facts_for(ui, &args.facts, &rubric) else { return BAD_INPUT };
    if xlsx {
        return workbook(ui, args.output.as_deref(), &rubric, &units, None);
    }
    let columns = rubric.columns(false);
    let mut scores: Vec<Row> = Vec::new();
    let mut failed = false;
    rubric.scoring().explained().units_each(&units, |s| match s.outcome {
        Ok(o) => match row_of(&rubric, &columns, &s.unit, &o) {
            Some(row) => scores.push(row),
            None => {
                failed = true;
                no_breakdown(ui, &s.unit);
            }
        },
        Err(e) => {
            failed = true;
            ui.error(&e);
        }
    });
    let grades = graded(ui, &rubric, &units, &mut failed);
    for r in &mut scores {
        r.grade = grades.get(&r.unit).cloned();
    }
    let ranked = rank(&scores, &columns);
    let extras = Extras::of(&rubric);
    let text = match args.format {
        TableFormat::Json => {
            let units: Vec<serde_json::Value> = ranked
                .iter()
                .map(|r| {
                    let mut v = serde_json::to_value(r).unwrap_or_default();
                    if let Some(obj) = v.as_object_mut() {
                        let sections = obj.remove("sections").unwrap_or_default();
                        extras.json(obj, r.bonus, r.vetoed.iter().copied());
                        // The shape of every score: the sections as `children`, or with periods
                        // `children: []` and the periods as `periods`.
                        let (children, periods) = split(sections, &columns);
                        obj.insert("children".into(), children);
                        if let Some(periods) = periods {
                            obj.insert("periods".into(), periods_json(periods));
                        }
                    }
                    v
                })
                .collect();
            let doc = serde_json::json!({ "rubric": rubric.title(), "max": show_num(rubric.max()), "units": units });
            return if ui.json(&doc) && !failed { OK } else { BAD_INPUT };
        }
        TableFormat::Csv => {
            ui.csv(&csv(&rubric, &ranked, extras));
            return if failed { BAD_INPUT } else { OK };
        }
        TableFormat::Markdown => markdown(&rubric, &ranked, extras),
        TableFormat::Text | TableFormat::Xlsx => text(&rubric, &ranked, extras),
    };
    ui.out(&text);
    if failed { BAD_INPUT } else { OK }
}

/// A unit's row of the table, from any outcome; `None` for an outcome without a figure of a
/// column, which an explained request never gives.
fn row_of(rubric: &rubric::Rubric, columns: &[Column<'_>], unit: &str, outcome: &Outcome) -> Option<Row> {
    let figures = columns.iter().map(|c| outcome.figure(c)).collect::<Option<Vec<Decimal>>>()?;
    let maxima = columns.iter().map(|c| outcome.column_max(rubric, c).ok()).collect::<Option<Vec<Decimal>>>()?;
    Some(Row {
        unit: unit.to_string(),
        score: outcome.total(),
        max: outcome.max_in(rubric).ok()?,
        maxima,
        bonus: outcome.bonus(),
        vetoed: outcome.vetoed(rubric).into_iter().map(str::to_string).collect(),
        figures,
        grade: None,
    })
}

/// A row's columns in JSON: those of nodes as `children`, and those of periods, if the columns
/// are periods.
fn split(sections: serde_json::Value, columns: &[Column<'_>]) -> (serde_json::Value, Option<serde_json::Value>) {
    let serde_json::Value::Array(items) = sections else { return (sections, None) };
    let (nodes, periods): (Vec<_>, Vec<_>) =
        items.into_iter().zip(columns).partition(|(_, c)| matches!(c.of, ColumnOf::Node(_)));
    let values =
        |v: Vec<(serde_json::Value, &Column<'_>)>| serde_json::Value::Array(v.into_iter().map(|(s, _)| s).collect());
    let periods = (!periods.is_empty()).then(|| values(periods));
    (values(nodes), periods)
}

/// The total's grade of each unit after quotas; a unit that could not be graded is reported
/// (the units that could not be scored were reported already).
fn graded(
    ui: &Ui,
    rubric: &rubric::Rubric,
    units: &[rubric::UnitFacts],
    failed: &mut bool,
) -> std::collections::HashMap<String, rubric::Grade> {
    let (grades, errors) = table::grades(rubric, units);
    for e in &errors {
        *failed = true;
        ui.error(e);
    }
    grades
}

/// The error for an outcome without its breakdown: a bug, never a row left out in silence.
fn no_breakdown(ui: &Ui, unit: &str) {
    ui.run_problem(crate::run_problems::Run::NoBreakdown { unit: Some(unit) });
}

/// The workbook of `rank --format xlsx` and `eval --format xlsx`: the ranking sheet of the units
/// (all, or the one `only` names), then a sheet per unit, in the ranking's order, with every row
/// of its breakdown. Units that cannot be scored are reported and left out (exit 2).
pub fn workbook(
    ui: &Ui,
    output: Option<&str>,
    rubric: &rubric::Rubric,
    units: &[rubric::UnitFacts],
    only: Option<&str>,
) -> u8 {
    let mut failed = false;
    let columns = rubric.columns(false);
    let mut rows: Vec<Row> = Vec::new();
    let mut sheets: Vec<(String, Sheet)> = Vec::new();
    let scoring = rubric.scoring().explained();
    let scoring = match only {
        Some(unit) => scoring.only(unit),
        None => scoring,
    };
    scoring.units_each(units, |s| {
        let outcome = match s.outcome {
            Ok(o) => o,
            Err(e) => {
                failed = true;
                ui.error(&e);
                return;
            }
        };
        // Each unit's sheet is its whole breakdown: of the rubric, or of each period.
        let sheet = match &outcome {
            Outcome::Periods(p) => Some(crate::xlsx::period_sheet(rubric, p)),
            Outcome::Explained(full) => Some(crate::xlsx::unit_sheet(rubric, full)),
            _ => None,
        };
        match (sheet, row_of(rubric, &columns, &s.unit, &outcome)) {
            (Some(sheet), Some(row)) => {
                sheets.push((s.unit.clone(), sheet));
                rows.push(row);
            }
            _ => {
                failed = true;
                no_breakdown(ui, &s.unit);
            }
        }
    });
    let grades = graded(ui, rubric, units, &mut failed);
    for r in &mut rows {
        r.grade = grades.get(&r.unit).cloned();
    }
    let ranked = rank(&rows, &columns);
    let extras = Extras::of(rubric);
    let mut book = vec![ranking_sheet(rubric, &ranked, extras)];
    for r in &ranked {
        if let Some(i) = sheets.iter().position(|(u, _)| u == r.unit) {
            book.push(sheets.swap_remove(i).1);
        }
    }
    let code = crate::xlsx::save(ui, output, rubric_xlsx::write::workbook(&book));
    if failed { BAD_INPUT } else { code }
}

/// The ranking as a sheet: the columns of `rank --format csv`, scores as exact numbers.
fn ranking_sheet(rubric: &rubric::Rubric, ranked: &[Ranked<'_>], extras: Extras) -> Sheet {
    let rows = ranked
        .iter()
        .map(|r| {
            let mut row = vec![Cell::Number(r.rank.into()), Cell::Text(r.unit.to_string()), Cell::Number(r.score)];
            row.extend(r.sections.iter().map(|s| Cell::Number(s.score)));
            if extras.bonus {
                row.push(Cell::Number(r.bonus));
            }
            if extras.veto {
                let cells = Extras { bonus: false, veto: true, grade: false }.cells(r.bonus, r.vetoed.iter().copied());
                row.push(Cell::Text(cells.join("")));
            }
            if extras.grade {
                row.push(Cell::Text(r.grade.map(|g| g.name.clone()).unwrap_or_default()));
            }
            row
        })
        .collect();
    Sheet {
        name: words().phrase(Phrase::Ranking).into(),
        title: Some(rubric.title().to_string()),
        header: header(rubric, extras),
        rows,
        notes: Vec::new(),
    }
}

/// The rubric's maximum: with periods, Σ weight × period maximum.
/// The maxima a column has, `4` or, when it depends on the unit, each case's: `2/4`.
fn maxima(rubric: &rubric::Rubric, idx: Option<usize>, max: Decimal, show: fn(Decimal) -> String) -> String {
    let all = idx.map(|i| rubric.case_maxima(i)).unwrap_or_default();
    match all.len() > 1 {
        true => all.into_iter().map(show).collect::<Vec<_>>().join("/"),
        false => show(max),
    }
}

/// The node a column shows, if it is one (not a period).
fn node_of(c: &Column<'_>) -> Option<usize> {
    match c.of {
        ColumnOf::Node(i) => Some(i),
        _ => None,
    }
}

/// Competition ranking: equal totals share a rank, and the next rank skips (1, 2, 2, 4).
fn rank<'a>(scores: &'a [Row], columns: &'a [Column<'_>]) -> Vec<Ranked<'a>> {
    let mut order: Vec<&Row> = scores.iter().collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.score));
    let mut out: Vec<Ranked<'_>> = Vec::with_capacity(order.len());
    for (i, s) in order.iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.score == s.score => prev.rank,
            _ => i + 1,
        };
        let sections = columns
            .iter()
            .zip(s.figures.iter().zip(&s.maxima))
            .map(|(c, (score, max))| Section { id: c.id, title: c.title, score: *score, max: *max, children: [] })
            .collect();
        let vetoed = s.vetoed.iter().map(String::as_str).collect();
        let grade = s.grade.as_ref();
        out.push(Ranked { rank, unit: &s.unit, score: s.score, max: s.max, bonus: s.bonus, vetoed, grade, sections });
    }
    out
}

/// `名次`, `单位`, `总分(max)`.
fn head3(max: String) -> Vec<String> {
    let w = words();
    vec![w.phrase(Phrase::Place).into(), w.phrase(Phrase::Unit).into(), format!("{}({max})", w.phrase(Phrase::Total))]
}

fn header(rubric: &rubric::Rubric, extras: Extras) -> Vec<String> {
    let mut h = head3(maxima(rubric, Some(0), rubric.max(), show_num));
    for c in rubric.columns(false) {
        let name = if c.id == c.title { c.id.to_string() } else { format!("{} {}", c.id, c.title) };
        h.push(format!("{name}({})", maxima(rubric, node_of(&c), c.max, show_num)));
    }
    h.extend(extras.headings());
    h
}

/// The rows; `number` writes a score (exactly for CSV, as text shows it for people), and
/// `text` a unit's name.
fn rows(
    ranked: &[Ranked<'_>],
    extras: Extras,
    number: fn(rust_decimal::Decimal) -> String,
    text: fn(&str) -> String,
) -> Vec<Vec<String>> {
    ranked
        .iter()
        .map(|r| {
            let mut row = vec![r.rank.to_string(), text(r.unit), number(r.score)];
            row.extend(r.sections.iter().map(|s| number(s.score)));
            row.extend(extras.cells(r.bonus, r.vetoed.iter().copied()));
            if extras.grade {
                row.push(text(r.grade.map_or("", |g| g.name.as_str())));
            }
            row
        })
        .collect()
}

fn text(rubric: &rubric::Rubric, ranked: &[Ranked<'_>], extras: Extras) -> String {
    // Section ids in the header keep the table narrow; the titles follow as a legend.
    let mut head = head3(maxima(rubric, Some(0), rubric.max(), text_num));
    let mut legend = Vec::new();
    for c in rubric.columns(false) {
        head.push(format!("{}({})", c.id, maxima(rubric, node_of(&c), c.max, text_num)));
        if c.id != c.title {
            legend.push(format!("{} {}", c.id, c.title));
        }
    }
    head.extend(extras.headings());
    let body = rows(ranked, extras, text_num, str::to_string);
    let cols = head.len();
    let widths: Vec<usize> = (0..cols)
        .map(|c| std::iter::once(&head).chain(&body).filter_map(|r| r.get(c)).map(|s| s.width()).max().unwrap_or(0))
        .collect();
    let line = |r: &Vec<String>| {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (s, w))| {
                let pad = " ".repeat(w.saturating_sub(s.width()));
                if i == 1 { format!("{s}{pad}") } else { format!("{pad}{s}") }
            })
            .collect();
        cells.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = format!("{}\n\n", rubric.title());
    out.push_str(&line(&head));
    for r in &body {
        out.push_str(&line(r));
    }
    if !legend.is_empty() {
        out.push('\n');
        out.push_str(&legend.join(words().phrase(Phrase::Semicolon)));
        out.push('\n');
    }
    out.push_str(&table::quota_moves(ranked.iter().filter_map(|r| Some((r.unit, r.grade?)))));
    out
}

fn markdown(rubric: &rubric::Rubric, ranked: &[Ranked<'_>], extras: Extras) -> String {
    let head = header(rubric, extras);
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = format!("**{}**\n\n", esc(rubric.title()));
    out.push_str(&format!("| {} |\n", head.iter().map(|h| esc(h)).collect::<Vec<_>>().join(" | ")));
    let align: Vec<&str> = (0..head.len()).map(|i| if i == 1 { ":---" } else { "---:" }).collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for r in rows(ranked, extras, text_num, str::to_string) {
        out.push_str(&format!("| {} |\n", r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

fn csv(rubric: &rubric::Rubric, ranked: &[Ranked<'_>], extras: Extras) -> String {
    // A BOM and CRLF line ends, so Excel opens the Chinese text correctly; exact numbers, and no
    // name that runs as a formula.
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let head: Vec<String> = header(rubric, extras).iter().map(|h| table::text(h)).collect();
    for r in std::iter::once(head).chain(rows(ranked, extras, show_num, table::text)) {
        if w.write_record(&r).is_err() {
            return String::new();
        }
    }
    let body = w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    format!("\u{feff}{body}")
}
