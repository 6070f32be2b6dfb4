//! `rulecheck explain`: one unit's score row by row — facts, bands and why the others were not
//! chosen, deductions, caps — and what would raise it.

use crate::cli::{EvalFormat, ExplainArgs};
use crate::files::{pick, read_facts_for, rubric_for_scoring, score_picked};
use crate::problems::Problem;
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::NodeKind as Kind;
use rubric::analysis::explain::{Hint, hints};
use rubric::render::{Arm, Line, Phrase};
use rubric::report::breakdown::NodeScore;
use rubric::value::text_num;
use rubric::{Basis, Outcome, Rubric};
use unicode_width::UnicodeWidthStr;

/// Runs the command.
pub fn run(ui: &Ui, args: &ExplainArgs) -> u8 {
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(units) = read_facts_for(ui, &args.facts, &rubric) else { return BAD_INPUT };
    let Some(picked) = pick(ui, &units, Some(&args.unit), &args.facts) else { return BAD_INPUT };
    let Some(unit) = picked.first() else { return BAD_INPUT };
    let score = match score_picked(&rubric, &units, &[unit]).pop() {
        Some(Ok(Outcome::Explained(s))) => s,
        // A rubric in periods: each period's account, then the weighted total.
        Some(Ok(Outcome::Periods(p))) => return crate::cmd::periods::explain(ui, args, &rubric, &units, &p),
        Some(Ok(_)) => {
            ui.run_problem(crate::run_problems::Run::NoBreakdown { unit: Some(&unit.unit) });
            return BAD_INPUT;
        }
        None => return BAD_INPUT,
        Some(Err(e)) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    match account(ui, &rubric, unit, &score, args) {
        Ok((text, json)) => {
            if args.format != EvalFormat::Json {
                ui.out(&text);
            } else if !ui.json(&json) {
                return BAD_INPUT;
            }
            OK
        }
        Err((message, help)) => {
            ui.problem(&message, help.as_deref());
            BAD_INPUT
        }
    }
}

/// One unit's account as text and as JSON, or the problem with `--item`.
pub(crate) fn account(
    ui: &Ui,
    rubric: &Rubric,
    unit: &rubric::UnitFacts,
    score: &rubric::UnitScore,
    args: &ExplainArgs,
) -> Result<(String, serde_json::Value), (String, Option<String>)> {
    let all_hints = hints(rubric, unit, score).map_err(|e| {
        let said = ui.says().error(&e);
        (said.message, said.help)
    })?;
    let (nodes, hints) = match rubric_out::explain::select(score, &all_hints, args.item.as_deref()) {
        Ok(picked) => picked,
        Err(ids) => {
            let row = args.item.as_deref().unwrap_or_default();
            return Err(Problem::NoRow { row, rules: &args.rules, like: &ids }.said(ui.says().lang()));
        }
    };
    let doc = rubric_out::explain::explain_json(rubric, score, &nodes, &hints, args.item.is_some(), &words());
    let mut out = String::new();
    if args.item.is_none() {
        out.push_str(&tree::render(rubric, score));
        out.push_str(&format!("\n{}\n", words().phrase(Phrase::LostRows)));
    } else {
        let vetoed = if score.vetoed { words().paren(words().phrase(Phrase::Vetoed)) } else { String::new() };
        let unit = words().phrase(Phrase::Unit);
        out.push_str(&format!("{}\n{unit} {}    {}{vetoed}\n", rubric.title(), score.unit, words().total(score)));
    }
    let shown: Vec<&&NodeScore> =
        nodes.iter().filter(|n| args.item.is_some() || (n.kind == Kind::Item && n.score < n.max)).collect();
    for n in shown {
        out.push('\n');
        out.push_str(&detail(rubric, n, &hints));
    }
    if args.item.is_none() {
        out.push_str(&format!("\n\n{}\n", words().phrase(Phrase::Hints)));
        if hints.is_empty() {
            out.push_str(&format!("  {}\n", words().phrase(Phrase::NoHints)));
        }
        if rubric.basis() == Basis::Cohort {
            out.push_str(&format!("  {}\n", words().phrase(Phrase::CohortHints)));
        }
        for h in &hints {
            // A hint for the whole rubric (a veto) has no row id.
            let node = if h.node.is_empty() { String::new() } else { format!("{} ", h.node) };
            out.push_str(&format!("  {node}{}\n", words().hint(h)));
        }
    }
    Ok((out, doc))
}

/// The full account of one row: its heading, then the lines of [`rubric::render::Render::account`] with their
/// labels aligned and every band of a band table in a column.
fn detail(rubric: &Rubric, n: &NodeScore, hints: &[&Hint]) -> String {
    let lines = words().with_rubric(rubric).account(n, hints);
    let arms: Vec<&Arm> = lines.iter().filter_map(|l| if let Line::Arm(a) = l { Some(a) } else { None }).collect();
    let aw = arms.iter().map(|a| a.range.width()).max().unwrap_or(0);
    let w = lines.iter().map(|l| if let Line::Said { label, .. } = l { label.width() } else { 0 }).max().unwrap_or(0);
    let name = if n.id == n.title { n.id.to_string() } else { format!("{} {}", n.id, n.title) };
    let mut out = format!("{name}    {} / {}\n", text_num(n.score), text_num(n.max));
    for l in lines {
        let (k, v) = match l {
            Line::Said { label, text } => (label, text),
            Line::Arm(a) => {
                let mark = if a.chosen { "▶" } else { " " };
                let pad = " ".repeat(aw.saturating_sub(a.range.width()));
                (String::new(), format!("{mark} {}{pad} => {:<4} {}", a.range, a.points, a.why))
            }
        };
        let line = format!("  {}{}  {v}", k, " ".repeat(w.saturating_sub(k.width())));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
