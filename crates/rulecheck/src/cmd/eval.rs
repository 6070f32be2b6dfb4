//! `rulecheck eval`: score units and show the breakdown, or the points lost by owner.

use crate::cli::{EvalArgs, EvalOutput};
use crate::files::{pick, read_facts_for, rubric_for_scoring, score_picked};
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui};
use rubric::Outcome;

mod chunks;
mod stream;

/// Runs the command.
pub fn run(ui: &Ui, args: &EvalArgs) -> u8 {
    if let Err(code) = crate::xlsx::check_output(ui, args.output.as_deref(), args.format == EvalOutput::Xlsx) {
        return code;
    }
    if args.compact && args.format != EvalOutput::Json {
        ui.report(&crate::problems::Problem::CompactNeedsJson);
        return BAD_INPUT;
    }
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => {
            ui.run_problem(crate::run_problems::Run::Threads {
                threads: args.threads.unwrap_or(0),
                why: e.to_string(),
            });
            return BAD_INPUT;
        }
    };
    pool.install(|| scored(ui, args, &rubric))
}

/// [`run`] with the rubric loaded, on the pool.
fn scored(ui: &Ui, args: &EvalArgs, rubric: &rubric::Rubric) -> u8 {
    // Every unit as JSON: streamed when each unit is scored alone from a file read as a stream.
    if args.format == EvalOutput::Json && args.unit.is_none() {
        if let Some(code) = stream::run(ui, &args.facts, rubric, (args.by.is_some(), args.compact)) {
            return code;
        }
    }
    let Some(all) = read_facts_for(ui, &args.facts, rubric) else { return BAD_INPUT };
    if args.format == EvalOutput::Xlsx {
        if pick(ui, &all, args.unit.as_deref(), &args.facts).is_none() {
            return BAD_INPUT;
        }
        return crate::cmd::rank::workbook(ui, args.output.as_deref(), rubric, &all, args.unit.as_deref());
    }
    let Some(picked) = pick(ui, &all, args.unit.as_deref(), &args.facts) else { return BAD_INPUT };
    let mut scores = Vec::new();
    let mut failed = false;
    for r in score_picked(rubric, &all, &picked) {
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
            // Serialised straight from each breakdown: no `serde_json::Value` in between.
            let units: Vec<Json<'_>> = scores.iter().map(|s| json(s, args.by.is_some())).collect();
            if !ui.json_as(&Doc { rubric: rubric.title(), units }, args.compact) {
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
                    (Outcome::Periods(p), by) => crate::cmd::periods::text(rubric, p, by.is_some()),
                    (Outcome::Explained(s), None) => tree::render(rubric, s),
                    (Outcome::Explained(s), Some(_)) => tree::render_owners(rubric, s),
                    _ => String::new(),
                });
            }
            ui.out(&text);
        }
    }
    if failed { BAD_INPUT } else { OK }
}

/// The JSON of `eval`: the rubric's title and each unit.
#[derive(serde::Serialize)]
struct Doc<'a> {
    rubric: &'a str,
    units: Vec<Json<'a>>,
}

/// A unit in the JSON of `eval`, written as what it holds.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Json<'a> {
    /// A unit's explained breakdown.
    Explained(&'a rubric::report::breakdown::UnitScore),
    /// A unit's scores in periods.
    Periods(&'a rubric::PeriodScores),
    /// The points lost by owner, or nothing (`null`) for an outcome without a breakdown.
    Value(serde_json::Value),
}

/// A unit's score in JSON: its breakdown, or with `by` the points lost by owner.
fn json(s: &Outcome, by: bool) -> Json<'_> {
    match (s, by) {
        (Outcome::Periods(p), false) => Json::Periods(p),
        (Outcome::Periods(p), true) => Json::Value(crate::cmd::periods::owners_json(p)),
        (Outcome::Explained(s), false) => Json::Explained(s),
        (Outcome::Explained(s), true) => Json::Value(serde_json::json!({
            "unit": s.unit,
            "score": rubric::value::show_num(s.score),
            "max": rubric::value::show_num(s.max),
            "lost": tree::owners(s),
        })),
        _ => Json::Value(serde_json::Value::Null),
    }
}
