//! A unit's sheet of the results workbook (`rank`/`eval --format xlsx`, the service's
//! `results.xlsx`): every row of its breakdown with its points, its maximum and the reason the
//! text shows, in the language of the renderer.

use rubric::analysis::periods::PeriodScores;
use rubric::render::{Phrase, Render};
use rubric::report::breakdown::NodeScore;
use rubric::{Rubric, UnitScore};
use rubric_xlsx::write::{Cell, Sheet};

/// Every node of a breakdown in the document's order, with its depth and the reason the text
/// shows for it.
pub fn lines<'a>(s: &'a UnitScore, words: &Render<'_>) -> Vec<(usize, &'a NodeScore, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&NodeScore, usize)> = s.children.iter().rev().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        out.push((depth, n, words.reason(n)));
        stack.extend(n.children.iter().rev().map(|c| (c, depth + 1)));
    }
    out
}

/// The line of a unit scored in periods: `单位 甲    总分 …`.
pub fn period_total_line(s: &PeriodScores, words: &Render<'_>) -> String {
    format!("{} {}    {}", words.phrase(Phrase::Unit), s.unit, words.periods_total(s))
}

/// The header of a unit's sheet.
fn unit_header(words: &Render<'_>) -> Vec<String> {
    [Phrase::Id, Phrase::Row, Phrase::Score, Phrase::Max, Phrase::Reason].map(|p| words.phrase(p).to_string()).to_vec()
}

/// The rows of one breakdown: the total, then every node, indented by depth.
fn breakdown_rows(s: &UnitScore, label: &str, words: &Render<'_>) -> Vec<Vec<Cell>> {
    let mut rows = vec![vec![
        Cell::Blank,
        Cell::Text(label.to_string()),
        Cell::Number(s.score),
        Cell::Number(s.max),
        Cell::Text(total_reason(s, words)),
    ]];
    for (depth, n, reason) in lines(s, words) {
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

fn total_reason(s: &UnitScore, words: &Render<'_>) -> String {
    let mut r = words.total_reason(s);
    if !s.bonus.is_zero() {
        let included = words.phrase(Phrase::BonusIncluded);
        let bonus = format!("{included} {}", rubric::value::text_num(s.bonus));
        r = if r.is_empty() { bonus } else { format!("{bonus}{}{r}", words.phrase(Phrase::Semicolon)) };
    }
    r
}

/// A unit's sheet: every row of its breakdown.
pub fn unit_sheet(rubric: &Rubric, s: &UnitScore, words: &Render<'_>) -> Sheet {
    Sheet {
        name: s.unit.to_string(),
        title: Some(format!("{}    {} {}", rubric.title(), words.phrase(Phrase::Unit), s.unit)),
        header: unit_header(words),
        rows: breakdown_rows(s, words.phrase(Phrase::Total), words),
        notes: Vec::new(),
    }
}

/// A unit's sheet in a rubric with periods: the weighted total, then each period's breakdown.
pub fn period_sheet(rubric: &Rubric, s: &PeriodScores, words: &Render<'_>) -> Sheet {
    let mut rows = vec![vec![
        Cell::Blank,
        Cell::Text(words.phrase(Phrase::Total).into()),
        Cell::Number(s.total),
        Cell::Number(s.max),
        Cell::Text(period_total_line(s, words)),
    ]];
    for p in &s.periods {
        rows.push(Vec::new());
        let weight = words.paren(&format!("{} {}", words.phrase(Phrase::Weight), p.weight_text));
        rows.extend(breakdown_rows(&p.score, &format!("{}{}{weight}", words.bracket(&p.period), p.title), words));
    }
    Sheet {
        name: s.unit.to_string(),
        title: Some(format!("{}    {} {}", rubric.title(), words.phrase(Phrase::Unit), s.unit)),
        header: unit_header(words),
        rows,
        notes: Vec::new(),
    }
}
