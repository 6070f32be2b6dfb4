//! The documents of `explain --format json` and `whatif --format json`.

use rubric::Rubric;
use rubric::analysis::explain::Hint;
use rubric::analysis::whatif::WhatIf;
use rubric::render::Render;
use rubric::report::breakdown::NodeScore;
use rubric::value::show_num;

/// The rows an explanation shows and the hints about them: with `item`, that row and the rows
/// under it; without, every row. `Err(ids like it)` when there is no row `item`.
pub fn select<'a>(
    score: &'a rubric::UnitScore,
    hints: &'a [Hint],
    item: Option<&str>,
) -> Result<(Vec<&'a NodeScore>, Vec<&'a Hint>), Vec<&'a str>> {
    let Some(id) = item else { return Ok((score.nodes(), hints.iter().collect())) };
    let Some(node) = score.node(id) else {
        let ids: Vec<&str> = score
            .nodes()
            .iter()
            .map(|n| &*n.id)
            .filter(|i| i.starts_with(id.chars().next().unwrap_or(' ')))
            .take(12)
            .collect();
        return Err(ids);
    };
    let below: Vec<&NodeScore> = node.walk();
    let ids: Vec<&str> = below.iter().map(|n| &*n.id).collect();
    let hints = hints.iter().filter(|h| ids.contains(&h.node.as_str())).collect();
    Ok((below, hints))
}

/// `explain --format json`: the unit's total, the rows (the items, or with `item` the row and
/// those under it), the hints in `words`' language, and the total's grade before quotas.
pub fn explain_json(
    rubric: &Rubric,
    score: &rubric::UnitScore,
    nodes: &[&NodeScore],
    hints: &[&Hint],
    item: bool,
    words: &Render<'_>,
) -> serde_json::Value {
    let doc = serde_json::json!({
        "rubric": rubric.title(),
        "unit": score.unit,
        "score": show_num(score.score),
        "max": show_num(score.max),
        "nodes": nodes.iter().filter(|n| item || n.kind == rubric::NodeKind::Item).collect::<Vec<_>>(),
        "hints": hints.iter().map(|h| serde_json::json!({"node": h.node, "gain": show_num(h.gain), "text": words.hint(h), "change": h.kind})).collect::<Vec<_>>(),
    });
    with_grade(doc, score.grade.as_deref())
}

/// `whatif --format json`: the suggestions, the rubric's title and the unit's grade.
pub fn whatif_json(rubric: &Rubric, w: &WhatIf, score: &rubric::UnitScore) -> Result<serde_json::Value, String> {
    let mut doc = serde_json::to_value(w).map_err(|e| e.to_string())?;
    if let Some(o) = doc.as_object_mut() {
        o.insert("rubric".into(), serde_json::Value::String(rubric.title().to_string()));
    }
    Ok(with_grade(doc, score.grade.as_deref()))
}

fn with_grade(doc: serde_json::Value, grade: Option<&rubric::Grade>) -> serde_json::Value {
    match (doc, grade) {
        (serde_json::Value::Object(mut o), Some(g)) => {
            o.insert("grade".into(), serde_json::to_value(g).unwrap_or_default());
            serde_json::Value::Object(o)
        }
        (doc, _) => doc,
    }
}

/// A period's entry in `explain --format json` of a rubric scored in periods: the account of the
/// unit in that period (as [`explain_json`] gives it), with the period's name and weight.
pub fn period_entry(p: &rubric::PeriodScore, account: serde_json::Value) -> serde_json::Value {
    let mut entry = serde_json::json!({
        "period": p.period, "title": p.title, "weight": show_num(p.weight), "weight_text": p.weight_text,
    });
    if let (Some(e), serde_json::Value::Object(account)) = (entry.as_object_mut(), account) {
        e.extend(account.into_iter().filter(|(k, _)| k != "rubric"));
    }
    entry
}

/// `explain --format json` of a unit scored in periods: the weighted total, and each period's
/// entry ([`period_entry`]) in `periods`.
pub fn periods_json(
    rubric: &Rubric,
    scores: &rubric::PeriodScores,
    periods: Vec<serde_json::Value>,
) -> serde_json::Value {
    serde_json::json!({
        "rubric": rubric.title(),
        "unit": scores.unit,
        "score": show_num(scores.total),
        "max": show_num(scores.max),
        "nodes": [],
        "hints": [],
        "periods": periods,
    })
}
