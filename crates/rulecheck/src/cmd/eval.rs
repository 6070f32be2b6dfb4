//! `rulecheck eval`: score units and show the breakdown, or the points lost by owner.

use crate::cli::{EvalArgs, EvalOutput};
use crate::files::{pick, read_facts_for, rubric_for_scoring, score_picked};
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui};

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
    if crate::cmd::periods::stray(ui, &rubric, &all) {
        return BAD_INPUT;
    }
    if args.format == EvalOutput::Xlsx {
        if pick(ui, &all, args.unit.as_deref(), &args.facts).is_none() {
            return BAD_INPUT;
        }
        return crate::cmd::rank::workbook(ui, args.output.as_deref(), &rubric, &all, args.unit.as_deref());
    }
    if !rubric.periods.is_empty() {
        if pick(ui, &all, args.unit.as_deref(), &args.facts).is_none() {
            return BAD_INPUT;
        }
        return crate::cmd::periods::eval(ui, args, &rubric, &all);
    }
    let Some(picked) = pick(ui, &all, args.unit.as_deref(), &args.facts) else { return BAD_INPUT };
    let mut scores = Vec::new();
    let mut failed = false;
    for r in score_picked(&rubric, &all, &picked) {
        match r {
            Ok(s) => scores.push(s),
            Err(e) => {
                failed = true;
                ui.error(&e);
            }
        }
    }
    match (args.format, args.by) {
        (EvalOutput::Json, by) => {
            let doc = match by {
                None => serde_json::json!({ "rubric": rubric.title, "units": scores }),
                Some(_) => serde_json::json!({ "rubric": rubric.title, "units": scores.iter().map(|s| {
                    serde_json::json!({
                        "unit": s.unit,
                        "score": rubric::value::show_num(s.score),
                        "max": rubric::value::show_num(s.max),
                        "lost": tree::owners(s),
                    })
                }).collect::<Vec<_>>() }),
            };
            if !ui.json(&doc) {
                return BAD_INPUT;
            }
        }
        (EvalOutput::Text | EvalOutput::Xlsx, by) => {
            let mut text = String::new();
            for (i, s) in scores.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str(&match by {
                    None => tree::render(&rubric, s),
                    Some(_) => tree::render_owners(&rubric, s),
                });
            }
            ui.out(&text);
        }
    }
    if failed { BAD_INPUT } else { OK }
}
