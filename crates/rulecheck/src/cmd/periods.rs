//! `eval` and `explain` of a rubric with periods: each period's breakdown, then the weighted total.

use crate::cli::{EvalFormat, ExplainArgs};
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui, words};
use rubric::analysis::periods::PeriodScores;
use rubric::render::Phrase;
use rubric::value::show_num;
use rubric::{Rubric, UnitFacts};

/// `单位 甲    总分 119 / 160（平时 62 × 1 + 年底 57 × 1）`.
pub fn total_line(s: &PeriodScores) -> String {
    rubric_out::sheets::period_total_line(s, &words())
}

/// The heading of one period's part.
fn period_head(p: &rubric::PeriodScore) -> String {
    format!("{}{}    {} {}", words().bracket(&p.period), p.title, words().phrase(Phrase::Weight), p.weight_text)
}

/// The text after the first line (the rubric title) of a rendering.
fn without_title(text: &str) -> &str {
    text.split_once('\n').map_or("", |(_, rest)| rest)
}

/// `rulecheck eval`'s text of a unit scored in periods: the total, then each period's breakdown
/// (with `by`, the points lost by owner).
pub fn text(rubric: &Rubric, s: &PeriodScores, by: bool) -> String {
    let mut text = format!("{}\n{}\n", rubric.title(), total_line(s));
    for (p, plan) in s.periods.iter().zip(rubric.periods()) {
        text.push_str(&format!("\n{}\n", period_head(p)));
        let body =
            if by { tree::render_owners(plan.rubric(), &p.score) } else { tree::render(plan.rubric(), &p.score) };
        text.push_str(without_title(&body));
    }
    text
}

/// `rulecheck eval --by owner`'s JSON of a unit scored in periods: the points lost by owner in
/// each period.
pub fn owners_json(s: &PeriodScores) -> serde_json::Value {
    serde_json::json!({
        "unit": s.unit,
        "score": show_num(s.total),
        "max": show_num(s.max),
        "lost": [],
        "periods": s.periods.iter().map(|p| serde_json::json!({
            "period": p.period,
            "score": show_num(p.score.score),
            "max": show_num(p.score.max),
            "lost": tree::owners(&p.score),
        })).collect::<Vec<_>>(),
    })
}

/// `rulecheck explain` of a rubric with periods: each period's account, then the total.
pub fn explain(ui: &Ui, args: &ExplainArgs, rubric: &Rubric, records: &[UnitFacts], scores: &PeriodScores) -> u8 {
    let by_period = match rubric.period_records(records, &args.unit) {
        Ok(r) => r,
        Err(e) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    let mut text = format!("{}\n{}\n", rubric.title(), total_line(scores));
    let mut json = Vec::new();
    let mut shown = 0usize;
    let mut problem = None;
    for ((p, plan), facts) in scores.periods.iter().zip(rubric.periods()).zip(by_period) {
        if let Some(id) = &args.item
            && plan.rubric().node(id).is_none()
        {
            continue;
        }
        match crate::cmd::explain::account(ui, plan.rubric(), facts, &p.score, args) {
            Ok((t, j)) => {
                shown += 1;
                text.push_str(&format!("\n{}\n", period_head(p)));
                text.push_str(without_title(&t));
                // A period's account is the account of a unit, with the period's name beside it.
                json.push(rubric_out::explain::period_entry(p, j));
            }
            Err(e) => problem = Some(e),
        }
    }
    if shown == 0 {
        let (message, help) = problem.unwrap_or_else(|| {
            let row = args.item.as_deref().unwrap_or_default();
            crate::problems::Problem::NoRow { row, rules: &args.rules, like: &[] }.said(ui.says().lang())
        });
        ui.problem(&message, help.as_deref());
        return BAD_INPUT;
    }
    let parts: Vec<String> = scores
        .periods
        .iter()
        .map(|p| format!("{} {} × {}", p.period, show_num(p.score.score), p.weight_text))
        .collect();
    text.push_str(&format!(
        "\n{}\n  {} = {} / {}\n",
        words().phrase(Phrase::Sum),
        parts.join(" + "),
        show_num(scores.total),
        show_num(scores.max)
    ));
    if args.format == EvalFormat::Json {
        let doc = rubric_out::explain::periods_json(rubric, scores, json);
        if !ui.json(&doc) {
            return BAD_INPUT;
        }
    } else {
        ui.out(&text);
    }
    OK
}
