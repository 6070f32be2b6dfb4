//! `--format xlsx`: results as a workbook (a ranking sheet, then a sheet per unit with every row,
//! its points, its maximum and the reason `eval` prints), written by `rubric-xlsx`; a workbook
//! goes to the file of `-o`, or to stdout only when it is not a terminal.

use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::analysis::periods::PeriodScores;
use rubric::render::Phrase;
use rubric::{Rubric, UnitScore};
use rubric_xlsx::write::{Cell, Sheet, WriteError};
use std::io::{IsTerminal, Write};

/// Refuses, before any work, to write a workbook to a terminal, and `-o` with another format.
pub fn check_output(ui: &Ui, output: Option<&str>, xlsx: bool) -> Result<(), u8> {
    match (xlsx, output) {
        (true, None) if std::io::stdout().is_terminal() => {
            ui.report(&crate::problems::Problem::WorkbookToTerminal);
            Err(BAD_INPUT)
        }
        (false, Some(_)) => {
            ui.report(&crate::problems::Problem::OutputNeedsWorkbook);
            Err(BAD_INPUT)
        }
        _ => Ok(()),
    }
}

/// Writes a workbook to `output`, or to stdout.
pub fn save(ui: &Ui, output: Option<&str>, book: Result<Vec<u8>, WriteError>) -> u8 {
    let bytes = match book {
        Ok(b) => b,
        Err(e) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    let written = match output {
        Some(path) => std::fs::write(path, &bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes).and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) => OK,
        Err(e) => {
            ui.run_problem(crate::run_problems::Run::CannotWrite { path: output, why: crate::problems::Why::of(&e) });
            BAD_INPUT
        }
    }
}

/// The header of a unit's sheet.
fn unit_header() -> Vec<String> {
    [Phrase::Id, Phrase::Row, Phrase::Score, Phrase::Max, Phrase::Reason]
        .map(|p| words().phrase(p).to_string())
        .to_vec()
}

/// The rows of one breakdown: the total, then every node, indented by depth.
fn breakdown_rows(s: &UnitScore, label: &str) -> Vec<Vec<Cell>> {
    let mut rows = vec![vec![
        Cell::Blank,
        Cell::Text(label.to_string()),
        Cell::Number(s.score),
        Cell::Number(s.max),
        Cell::Text(total_reason(s)),
    ]];
    for (depth, n, reason) in tree::lines(s) {
        rows.push(vec![
            Cell::Text(n.id.to_string()),
            Cell::Text(format!("{}{}", "  ".repeat(depth), n.title)),
            Cell::Number(n.score),
            Cell::Number(n.max),
            Cell::Text(reason),
        ]);
    }
    rows
}

fn total_reason(s: &UnitScore) -> String {
    let mut r = tree::total_reason(s);
    if !s.bonus.is_zero() {
        let included = words().phrase(Phrase::BonusIncluded);
        let bonus = format!("{included} {}", rubric::value::text_num(s.bonus));
        r = if r.is_empty() { bonus } else { format!("{bonus}{}{r}", words().phrase(Phrase::Semicolon)) };
    }
    r
}

/// A unit's sheet: every row of its breakdown.
pub fn unit_sheet(rubric: &Rubric, s: &UnitScore) -> Sheet {
    Sheet {
        name: s.unit.to_string(),
        title: Some(format!("{}    {} {}", rubric.title(), words().phrase(Phrase::Unit), s.unit)),
        header: unit_header(),
        rows: breakdown_rows(s, words().phrase(Phrase::Total)),
        notes: Vec::new(),
    }
}

/// A unit's sheet in a rubric with periods: the weighted total, then each period's breakdown.
pub fn period_sheet(rubric: &Rubric, s: &PeriodScores) -> Sheet {
    let mut rows = vec![vec![
        Cell::Blank,
        Cell::Text(words().phrase(Phrase::Total).into()),
        Cell::Number(s.total),
        Cell::Number(s.max),
        Cell::Text(crate::cmd::periods::total_line(s)),
    ]];
    for p in &s.periods {
        rows.push(Vec::new());
        let weight = words().paren(&format!("{} {}", words().phrase(Phrase::Weight), p.weight_text));
        rows.extend(breakdown_rows(&p.score, &format!("{}{}{weight}", words().bracket(&p.period), p.title)));
    }
    Sheet {
        name: s.unit.clone(),
        title: Some(format!("{}    {} {}", rubric.title(), words().phrase(Phrase::Unit), s.unit)),
        header: unit_header(),
        rows,
        notes: Vec::new(),
    }
}
