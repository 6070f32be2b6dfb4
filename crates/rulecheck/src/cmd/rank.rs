//! `rulecheck rank`: units ranked by total with each section's score, ties ranked equally.

use crate::cli::{RankArgs, TableFormat};
use crate::files::{read_facts_for, rubric_for_scoring};
use crate::table;
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::render::Phrase;
use rubric::value::{show_num, text_num};
use rubric_out::rank::{Extras, Failure, Ranked, rank};
use unicode_width::UnicodeWidthStr;

mod json_out;
pub(crate) mod stream;

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
    let columns = rubric.columns(false);
    // A table of units, JSON or JSON Lines is read a batch at a time (more than once when the
    // rules compare units); a workbook's sheets, and the workbook written, need every unit.
    let streamed = match !xlsx && stream::streams(&args.facts, &rubric) {
        true => stream::table(ui, &args.facts, &rubric),
        false => Err(()),
    };
    let scored = if let Ok(t) = streamed {
        let Some(t) = t else { return BAD_INPUT };
        t
    } else {
        let Some(units) = read_facts_for(ui, &args.facts, &rubric) else { return BAD_INPUT };
        if xlsx {
            return workbook(ui, args.output.as_deref(), &rubric, &units, None);
        }
        rubric_out::rank::table(&rubric, &units, None, None)
    };
    let failed = report(ui, &scored.failures);
    let ranked = rank(&scored.rows, &columns);
    let extras = Extras::of(&rubric);
    let text = match args.format {
        TableFormat::Json => {
            let doc = rubric_out::rank::json_doc(&rubric, &ranked, &columns);
            return if json_out::json(ui, &doc) && !failed { OK } else { BAD_INPUT };
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

/// Reports what went wrong while ranking, in the order met; true when anything did.
fn report(ui: &Ui, failures: &[Failure]) -> bool {
    for f in failures {
        match f {
            Failure::Eval(_, e) => ui.error(e),
            Failure::NoBreakdown(unit) => ui.run_problem(crate::run_problems::Run::NoBreakdown { unit: Some(unit) }),
        }
    }
    !failures.is_empty()
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
    let scored = rubric_out::rank::table(rubric, units, only, Some(&words()));
    let failed = report(ui, &scored.failures);
    let code = crate::xlsx::save(ui, output, rubric_out::rank::workbook(rubric, scored, &words()));
    if failed { BAD_INPUT } else { code }
}

/// `名次`, `单位`, `总分(max)`.
fn head3(max: String) -> Vec<String> {
    rubric_out::rank::head3(max, &words())
}

fn header(rubric: &rubric::Rubric, extras: Extras) -> Vec<String> {
    rubric_out::rank::header(rubric, extras, &words())
}

/// A row's cells; `number` writes a score (exactly for CSV, as text shows it for people), and
/// `text` a unit's name. Made one row at a time as the table is written, never all at once.
fn cells(
    r: &Ranked<'_>,
    extras: Extras,
    number: fn(rust_decimal::Decimal) -> String,
    text: fn(&str) -> String,
) -> Vec<String> {
    let mut row = vec![r.rank.to_string(), text(r.unit()), number(r.row.score)];
    row.extend(r.row.figures.iter().map(|s| number(*s)));
    row.extend(extras.cells(r.row.bonus, r.vetoed(), &words()));
    if extras.grade {
        row.push(text(r.grade().map_or("", |g| g.name.as_str())));
    }
    row
}

fn text(rubric: &rubric::Rubric, ranked: &[Ranked<'_>], extras: Extras) -> String {
    // Section ids in the header keep the table narrow; the titles follow as a legend.
    let mut head = head3(rubric_out::rank::maxima(rubric, Some(0), rubric.max(), text_num));
    let mut legend = Vec::new();
    for c in rubric.columns(false) {
        head.push(format!(
            "{}({})",
            c.id,
            rubric_out::rank::maxima(rubric, rubric_out::rank::node_of(&c), c.max, text_num)
        ));
        if c.id != c.title {
            legend.push(format!("{} {}", c.id, c.title));
        }
    }
    head.extend(extras.headings(&words()));
    // The widths from a first walk of the rows, each row's cells made again as it is written.
    let body = || ranked.iter().map(|r| cells(r, extras, text_num, str::to_string));
    let mut widths: Vec<usize> = head.iter().map(|s| s.width()).collect();
    for r in body() {
        for (w, s) in widths.iter_mut().zip(&r) {
            *w = (*w).max(s.width());
        }
    }
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
    for r in body() {
        out.push_str(&line(&r));
    }
    if !legend.is_empty() {
        out.push('\n');
        out.push_str(&legend.join(words().phrase(Phrase::Semicolon)));
        out.push('\n');
    }
    out.push_str(&table::quota_moves(ranked.iter().filter_map(|r| Some((r.unit(), r.grade()?)))));
    out
}

fn markdown(rubric: &rubric::Rubric, ranked: &[Ranked<'_>], extras: Extras) -> String {
    let head = header(rubric, extras);
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = format!("**{}**\n\n", esc(rubric.title()));
    out.push_str(&format!("| {} |\n", head.iter().map(|h| esc(h)).collect::<Vec<_>>().join(" | ")));
    let align: Vec<&str> = (0..head.len()).map(|i| if i == 1 { ":---" } else { "---:" }).collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for r in ranked.iter().map(|r| cells(r, extras, text_num, str::to_string)) {
        out.push_str(&format!("| {} |\n", r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

fn csv(rubric: &rubric::Rubric, ranked: &[Ranked<'_>], extras: Extras) -> String {
    // A BOM and CRLF line ends, so Excel opens the Chinese text correctly; exact numbers, and no
    // name that runs as a formula.
    let bom = "\u{feff}".as_bytes().to_vec();
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(bom);
    let head: Vec<String> = header(rubric, extras).iter().map(|h| table::text(h)).collect();
    for r in std::iter::once(head).chain(ranked.iter().map(|r| cells(r, extras, show_num, table::text))) {
        if w.write_record(&r).is_err() {
            return String::new();
        }
    }
    // The bytes are the text written (no copy), unless they are not UTF-8 (then as before).
    let bytes = w.into_inner().unwrap_or_else(|_| "\u{feff}".as_bytes().to_vec());
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
