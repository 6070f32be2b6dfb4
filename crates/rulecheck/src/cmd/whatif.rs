//! `rulecheck whatif`: for each row below its max, the smallest change of each fact that raises
//! it and the points the row and the total would gain, derived from the rules.

use crate::cli::{EvalFormat, WhatifArgs};
use crate::files::{pick, read_facts_for, rubric_for_scoring};
use crate::run_problems::Run;
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::Basis;
use rubric::analysis::whatif::whatif;
use rubric::render::Phrase;
use rubric::value::text_num;
use unicode_width::UnicodeWidthStr;

/// Runs the command.
pub fn run(ui: &Ui, args: &WhatifArgs) -> u8 {
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // What-if moves one unit's facts: it cannot say what a unit needs when its score also
    // depends on the other units, or on its facts for each period.
    let why = match rubric.basis() {
        Basis::Periods => Some(Run::WhatifPeriods { rules: &args.rules }),
        Basis::Cohort => Some(Run::WhatifCohort { rules: &args.rules }),
        _ => None,
    };
    if let Some(why) = why {
        ui.run_problem(why);
        return BAD_INPUT;
    }
    let Some(units) = read_facts_for(ui, &args.facts, &rubric) else { return BAD_INPUT };
    let unit = match (&args.unit, units.as_slice()) {
        (Some(u), _) => match pick(ui, &units, Some(u), &args.facts).and_then(|p| p.first().copied()) {
            Some(u) => u,
            None => return BAD_INPUT,
        },
        (None, [only]) => only,
        (None, _) => {
            let names: Vec<&str> = units.iter().map(|u| u.unit.as_str()).collect();
            ui.report(&crate::problems::Problem::ManyUnits { facts: &args.facts, units: &names });
            return BAD_INPUT;
        }
    };
    let score = match rubric.evaluate(unit) {
        Ok(s) => s,
        Err(e) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    let mut w = match whatif(&rubric, unit, &score) {
        Ok(w) => w,
        Err(e) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    let none = w.suggestions.is_empty();
    if let Some(n) = args.limit {
        w.suggestions.truncate(n);
    }
    if args.format == EvalFormat::Json {
        let doc = match rubric_out::explain::whatif_json(&rubric, &w, &score) {
            Ok(d) => d,
            Err(why) => {
                ui.run_problem(Run::Json { why });
                return BAD_INPUT;
            }
        };
        return if ui.json(&doc) { OK } else { BAD_INPUT };
    }
    let (z, comma) = (words(), words().phrase(Phrase::Comma));
    let vetoed = if w.vetoed { format!("{comma}{}", z.phrase(Phrase::Vetoed)) } else { String::new() };
    let (head, now) = (z.phrase(Phrase::Suggestions), z.phrase(Phrase::Now));
    let state = format!("{}{comma}{now} {} / {}{vetoed}", w.unit, text_num(w.score), text_num(w.max));
    let mut out = format!("{head}{}\n", z.paren(&state));
    // The grade, and the points to the next one (none for the best grade, nor for a grade a line
    // fixed or barred: the grade's reason says why).
    for line in crate::tree::grade_lines(&rubric, score.grade.as_deref()).lines() {
        out.push_str(&format!("  {line}\n"));
    }
    if none {
        out.push_str(&format!("  {}\n", z.phrase(Phrase::NoSuggestions)));
    }
    let rows: Vec<(String, String, String, Vec<String>)> = w
        .suggestions
        .iter()
        .map(|s| {
            let gain = format!("{}{}", if s.total_gain.is_sign_negative() { "" } else { "+" }, text_num(s.total_gain));
            let row = if s.node.is_empty() { s.title.clone() } else { format!("{} {}", s.node, s.title) };
            let basis = s.rules.iter().map(|r| format!("{} {}", z.phrase(Phrase::Basis), r.rule)).collect();
            (gain, row, z.suggestion(s), basis)
        })
        .collect();
    let gw = rows.iter().map(|r| r.0.width()).max().unwrap_or(0);
    let rw = rows.iter().map(|r| r.1.width()).max().unwrap_or(0);
    for (gain, row, what, basis) in rows {
        let g = format!("{}{gain}", " ".repeat(gw.saturating_sub(gain.width())));
        let r = format!("{row}{}", " ".repeat(rw.saturating_sub(row.width())));
        out.push_str(&format!("  {g}  {r}  {what}\n"));
        for b in basis {
            out.push_str(&format!("  {}  {}  {b}\n", " ".repeat(gw), " ".repeat(rw)));
        }
    }
    if !w.not_derived.is_empty() {
        out.push_str(&format!("\n{}\n", z.phrase(Phrase::NotDerived)));
        for n in &w.not_derived {
            out.push_str(&format!("  {} {}{}{}\n", n.node, n.fact, z.phrase(Phrase::Colon), z.underived(&n.why)));
        }
    }
    ui.out(&out);
    OK
}
