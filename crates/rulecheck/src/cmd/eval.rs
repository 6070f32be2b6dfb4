//! `rulecheck eval`: score units and show the breakdown, or the points lost by owner.

use crate::cli::{EvalArgs, EvalOutput};
use crate::files::{pick, read_facts_for, rubric_for_scoring, score_picked};
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui};
use rubric::Outcome;

/// Runs the command.
pub fn run(ui: &Ui, args: &EvalArgs) -> u8 {
    if let Err(code) = crate::xlsx::check_output(ui, args.output.as_deref(), args.format == EvalOutput::Xlsx) {
        return code;
    }
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(all) = read_facts_for(ui, &args.facts, &rubric) else { return BAD_INPUT };
    if args.format == EvalOutput::Xlsx {
        if pick(ui, &all, args.unit.as_deref(), &args.facts).is_none() {
            return BAD_INPUT;
        }
        return crate::cmd::rank::workbook(ui, args.output.as_deref(), &rubric, &all, args.unit.as_deref());
    }
    let Some(picked) = pick(ui, &all, args.unit.as_deref(), &args.facts) else { return BAD_INPUT };
    let mut scores = Vec::new();
    let mut failed = false;
    for r in score_picked(&rubric, &all, &picked) {
        match r {
            Ok(s @ (Outcome::Explained(_) | Outcome::Periods(_))) => scores.push(s),
            Ok(_) => {
                failed = true;
                ui.run_problem(crate::run_problems::Run::NoBreakdown { unit: None });
            }
            Err(e) => {
                failed = true;
                ui.error(&e);
            }
        }
    }
    match args.format {
        EvalOutput::Json => {
            let units: Vec<serde_json::Value> = scores.iter().map(|s| json(s, args.by.is_some())).collect();
            if !ui.json(&serde_json::json!({ "rubric": rubric.title(), "units": units })) {
                return BAD_INPUT;
            }
        }
        EvalOutput::Text | EvalOutput::Xlsx => {
            let mut text = String::new();
            for (i, s) in scores.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str(&match (s, args.by) {
                    (Outcome::Periods(p), by) => crate::cmd::periods::text(&rubric, p, by.is_some()),
                    (Outcome::Explained(s), None) => tree::render(&rubric, s),
                    (Outcome::Explained(s), Some(_)) => tree::render_owners(&rubric, s),
                    _ => String::new(),
                });
            }
            ui.out(&text);
        }
    }
    if failed { BAD_INPUT } else { OK }
}

/// A unit's score in JSON: its breakdown, or with `by` the points lost by owner.
fn json(s: &Outcome, by: bool) -> serde_json::Value {
    match (s, by) {
        (Outcome::Periods(p), false) => serde_json::to_value(p).unwrap_or_default(),
        (Outcome::Periods(p), true) => crate::cmd::periods::owners_json(p),
        (Outcome::Explained(s), false) => serde_json::to_value(s).unwrap_or_default(),
        (Outcome::Explained(s), true) => serde_json::json!({
            "unit": s.unit,
            "score": rubric::value::show_num(s.score),
            "max": rubric::value::show_num(s.max),
            "lost": tree::owners(s),
        }),
        _ => serde_json::Value::Null,
    }
}
