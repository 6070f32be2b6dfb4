//! The endpoints that score the facts of the body: `rank`, `eval`, `explain`, `whatif`, `score`,
//! `results.xlsx` and `report`. Each answers with the JSON (or workbook, or page) of the command
//! of the same name, made by the same code (`rubric-out`); the work runs on a blocking thread so
//! that the time limit can answer while it runs.

use crate::api::{Answer, attachment};
use crate::catalog::Entry;
use crate::error::ApiError;
use crate::facts::problem;
use crate::params::Params;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use rubric::analysis::explain::hints;
use rubric::render::Render;
use rubric::{Basis, Lang, Outcome, Rubric, UnitFacts};
use std::sync::Arc;

/// Runs `action` on the facts of `body` on a blocking thread.
pub async fn run(entry: Arc<Entry>, action: &'static str, p: Params, headers: HeaderMap, body: Bytes) -> Answer {
    let work = tokio::task::spawn_blocking(move || {
        let r = &entry.rubric;
        let units = crate::facts::read(&headers, &body, r, p.lang)?;
        match action {
            "rank" => rank(r, &units, p.lang),
            "eval" => eval(r, &units, &p),
            "explain" => explain(r, &units, &p),
            "whatif" => whatif(r, &units, &p),
            "score" => score(r, &units, &p),
            "results.xlsx" => results(r, &units, &p, &entry.id),
            "report" => crate::report::page(r, &units, &p),
            _ => Err(ApiError::not_found(action)),
        }
    });
    work.await.map_err(|e| ApiError::internal(format!("the work stopped: {e}")))?
}

/// The units' errors as `failed`: `[{"unit", "error": {…}}]`.
fn failed(failures: Vec<(Option<String>, serde_json::Value)>) -> serde_json::Value {
    failures.into_iter().map(|(unit, error)| serde_json::json!({ "unit": unit, "error": error })).collect()
}

/// The unit named by `unit=`, or the only unit; a 404 naming the units there are otherwise.
pub fn pick<'a>(units: &'a [UnitFacts], p: &Params) -> Result<&'a UnitFacts, ApiError> {
    match (p.unit(), units) {
        (None, [one]) => Ok(one),
        (None, _) => {
            Err(ApiError::bad_request("several units: say which with `unit=NAME`", "有多个单位：请用 `unit=名称` 指定"))
        }
        (Some(name), _) => units.iter().find(|u| u.unit == name.trim()).ok_or_else(|| {
            let names: Vec<&str> = units.iter().take(20).map(|u| u.unit.as_str()).collect();
            let mut e = ApiError::not_found(name);
            e.problems.push(serde_json::json!({ "units": names }));
            e
        }),
    }
}

fn json(doc: serde_json::Value) -> Answer {
    Ok(axum::Json(doc).into_response())
}

/// `rank --format json`, with the units that failed.
fn rank(r: &Rubric, units: &[UnitFacts], lang: Lang) -> Answer {
    let columns = r.columns(false);
    let table = rubric_out::rank::table(r, units, None, None);
    let fails = failures(&table.failures, lang);
    let ranked = rubric_out::rank::rank(&table.rows, &columns);
    let mut doc = rubric_out::rank::json(r, &ranked, &columns);
    if let Some(o) = doc.as_object_mut() {
        o.insert("failed".into(), failed(fails));
    }
    json(doc)
}

fn failures(f: &[rubric_out::rank::Failure], lang: Lang) -> Vec<(Option<String>, serde_json::Value)> {
    f.iter()
        .map(|f| match f {
            rubric_out::rank::Failure::Eval(unit, e) => (unit.clone(), problem(e, lang)),
            rubric_out::rank::Failure::NoBreakdown(u) => {
                (Some(u.clone()), serde_json::json!({"code": "rubric::internal", "message": "no breakdown"}))
            }
        })
        .collect()
}

/// `eval --format json`: every unit's breakdown (or the one `unit=` names), with the units that
/// failed.
fn eval(r: &Rubric, units: &[UnitFacts], p: &Params) -> Answer {
    let only = match p.unit() {
        Some(_) => Some(pick(units, p)?.unit.clone()),
        None => None,
    };
    let scoring = r.scoring().explained();
    let scoring = match &only {
        Some(u) => scoring.only(u),
        None => scoring,
    };
    let (mut scored, mut fails) = (Vec::new(), Vec::new());
    let words = Render::new(p.lang);
    scoring.units_each(units, |s| {
        if only.as_ref().is_some_and(|u| *u != s.unit) {
            return;
        }
        match s.outcome {
            Ok(Outcome::Explained(e)) => scored.push(with_reasons(&e, &words)),
            Ok(Outcome::Periods(ps)) => scored.push(serde_json::to_value(ps).unwrap_or_default()),
            Ok(_) => {
                fails.push((Some(s.unit), serde_json::json!({"code": "rubric::internal", "message": "no breakdown"})))
            }
            Err(e) => fails.push((Some(s.unit), problem(&e, p.lang))),
        }
    });
    json(serde_json::json!({ "rubric": r.title(), "units": scored, "failed": failed(fails) }))
}

/// A unit's breakdown (as `eval --format json`) with `reasons`: the sentence `eval` prints for
/// each row, by id, in the request's language (the rubric's own as the empty id).
fn with_reasons(s: &rubric::UnitScore, words: &Render<'_>) -> serde_json::Value {
    let mut v = serde_json::to_value(s).unwrap_or_default();
    let mut reasons = serde_json::Map::new();
    reasons.insert(String::new(), words.total_reason(s).into());
    for (_, n, reason) in rubric_out::sheets::lines(s, words) {
        reasons.insert(n.id.to_string(), reason.into());
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("reasons".into(), reasons.into());
    }
    v
}

/// The explained score of one unit, scored among all the units given.
fn one(r: &Rubric, units: &[UnitFacts], unit: &UnitFacts, lang: Lang) -> Result<Outcome, ApiError> {
    let mut out = None;
    r.scoring().explained().only(&unit.unit).units_each(units, |s| {
        if s.unit == unit.unit && out.is_none() {
            out = Some(s.outcome);
        }
    });
    match out {
        Some(Ok(o)) => Ok(o),
        Some(Err(e)) => Err(ApiError::unprocessable("unit-failed", vec![problem(&e, lang)])),
        None => Err(ApiError::not_found(&unit.unit)),
    }
}

/// `explain --format json`.
fn explain(r: &Rubric, units: &[UnitFacts], p: &Params) -> Answer {
    let unit = pick(units, p)?;
    match one(r, units, unit, p.lang)? {
        Outcome::Explained(s) => json(account(r, unit, &s, p)?),
        Outcome::Periods(ps) => json(periods_explain(r, units, &ps, p)?),
        _ => Err(ApiError::internal("no breakdown")),
    }
}

/// A unit's account, as `explain --format json` gives it: its rows (or row `item` and those under
/// it) and the hints about them.
fn account(r: &Rubric, unit: &UnitFacts, score: &rubric::UnitScore, p: &Params) -> Result<serde_json::Value, ApiError> {
    let all = hints(r, unit, score).map_err(|e| ApiError::unprocessable("unit-failed", vec![problem(&e, p.lang)]))?;
    let (nodes, hs) = rubric_out::explain::select(score, &all, p.item.as_deref()).map_err(|like| {
        let mut e = ApiError::not_found(p.item.as_deref().unwrap_or_default());
        e.problems.push(serde_json::json!({ "rows": like }));
        e
    })?;
    Ok(rubric_out::explain::explain_json(r, score, &nodes, &hs, p.item.is_some(), &Render::new(p.lang)))
}

/// `explain --format json` of a unit scored in periods, as the CLI gives it: each period's account
/// (the periods without row `item` left out), then the weighted total.
fn periods_explain(
    r: &Rubric,
    units: &[UnitFacts],
    ps: &rubric::PeriodScores,
    p: &Params,
) -> Result<serde_json::Value, ApiError> {
    let by_period = r
        .period_records(units, &ps.unit)
        .map_err(|e| ApiError::unprocessable("unit-failed", vec![problem(&e, p.lang)]))?;
    let mut periods = Vec::new();
    for ((period, plan), facts) in ps.periods.iter().zip(r.periods()).zip(by_period) {
        if p.item.as_deref().is_some_and(|id| plan.rubric().node(id).is_none()) {
            continue;
        }
        periods.push(rubric_out::explain::period_entry(period, account(plan.rubric(), facts, &period.score, p)?));
    }
    if periods.is_empty() {
        return Err(ApiError::not_found(p.item.as_deref().unwrap_or_default()));
    }
    Ok(rubric_out::explain::periods_json(r, ps, periods))
}

/// `whatif --format json`.
fn whatif(r: &Rubric, units: &[UnitFacts], p: &Params) -> Answer {
    let why = match r.basis() {
        Basis::Periods => Some(("the rubric is scored in periods", "该细则分阶段计分")),
        Basis::Cohort => Some(("the rubric compares units with each other", "该细则在单位之间比较计分")),
        _ => None,
    };
    if let Some((en, zh)) = why {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "whatif-basis",
            format!("what-if moves one unit's facts; {en}, so it cannot say what one unit needs"),
            format!("假设分析只改变一个单位的事实；{zh}，无法单独给出"),
        ));
    }
    let unit = pick(units, p)?;
    let bad = |e: rubric::EvalError| ApiError::unprocessable("unit-failed", vec![problem(&e, p.lang)]);
    let score = r.evaluate(unit).map_err(bad)?;
    let w = rubric::analysis::whatif::whatif(r, unit, &score).map_err(bad)?;
    json(rubric_out::explain::whatif_json(r, &w, &score).map_err(ApiError::internal)?)
}

/// `score --format jsonl`, as an array: each unit's total and its sections (with `rows=true`,
/// every row), or its error.
fn score(r: &Rubric, units: &[UnitFacts], p: &Params) -> Answer {
    let lines = rubric_out::score::lines(r, units, p.rows);
    json(serde_json::Value::Array(lines))
}

/// `rank --format xlsx`: the ranking sheet and a sheet per unit (all, or the one `unit=` names).
fn results(r: &Rubric, units: &[UnitFacts], p: &Params, id: &str) -> Answer {
    let only = match p.unit() {
        Some(_) => Some(pick(units, p)?.unit.clone()),
        None => None,
    };
    let words = Render::new(p.lang);
    let table = rubric_out::rank::table(r, units, only.as_deref(), Some(&words));
    if !table.failures.is_empty() {
        let problems = failed(failures(&table.failures, p.lang));
        return Err(ApiError::unprocessable("unit-failed", problems.as_array().cloned().unwrap_or_default()));
    }
    let book = rubric_out::rank::workbook(r, table, &words).map_err(|e| ApiError::internal(e.to_string()))?;
    let name = id.rsplit('/').next().unwrap_or("results");
    Ok(attachment(book, crate::facts::XLSX, &format!("{name}.results.xlsx")))
}

/// A header value for an HTML page.
pub const HTML: [(header::HeaderName, &str); 1] = [(header::CONTENT_TYPE, "text/html; charset=utf-8")];
