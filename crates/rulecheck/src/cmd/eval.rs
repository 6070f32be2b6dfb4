//! `rulecheck eval`: score units and show the breakdown, or the points lost by owner.

use crate::cli::{EvalArgs, EvalFormat};
use crate::files::{pick, read_facts, rubric_for_scoring, score_picked};
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui};

/// Runs the command.
pub fn run(ui: &Ui, args: &EvalArgs) -> u8 {
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(all) = read_facts(ui, &args.facts) else { return BAD_INPUT };
    if crate::cmd::periods::stray(ui, &rubric, &all) {
        return BAD_INPUT;
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
        (EvalFormat::Json, by) => {
            let doc = match by {
                None => serde_json::json!({ "rubric": rubric.title, "units": scores }),
                Some(_) => serde_json::json!({ "rubric": rubric.title, "units": scores.iter().map(|s| {
                    serde_json::json!({"unit": s.unit, "score": rubric::value::show_num(s.score), "lost": tree::owners(s)})
                }).collect::<Vec<_>>() }),
            };
            if !ui.json(&doc) {
                return BAD_INPUT;
            }
        }
        (EvalFormat::Text, by) => {
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
