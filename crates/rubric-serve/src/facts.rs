//! A request's facts: its body read by its `Content-Type` — JSON as a facts `.json` file, CSV as
//! a facts table, an Excel workbook as `rulecheck` reads one — within the facts budgets
//! ([`rubric::facts::FactsLimits`], the workbook's from them). Every problem becomes a 422 with
//! the problems said in both languages.

use crate::error::ApiError;
use axum::http::{HeaderMap, StatusCode, header};
use rubric::render::Render;
use rubric::{FactsError, Lang, Rubric, UnitFacts};

/// The media type of a workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One problem as JSON, in `lang`, with the message in English (`message_en`) and Chinese
/// (`message_zh`, when there is one) beside it, and where it is as data ([`crate::located`]).
pub fn problem<E: miette::Diagnostic + 'static>(e: &E, lang: Lang) -> serde_json::Value {
    let any: &dyn std::any::Any = e;
    let said = said(any, lang);
    let mut v = match &said {
        Some(s) => rubric_out::diag::plain_json(s),
        None => rubric_out::diag::plain_json(e),
    };
    if let Some(o) = v.as_object_mut() {
        o.insert("message_en".into(), rubric::safe::clip(e.to_string()).into());
        let zh = if lang == Lang::Zh { said } else { self::said(any, Lang::Zh) };
        if let Some(zh) = zh {
            o.insert("message_zh".into(), rubric::safe::clip(zh.message).into());
        }
    }
    crate::located::add(&mut v, any);
    v
}

/// The error said in `lang`, when it is one the renderer says.
fn said(any: &dyn std::any::Any, lang: Lang) -> Option<rubric::render::Said> {
    let render = Render::new(lang);
    match (any.downcast_ref::<rubric::EvalError>(), any.downcast_ref::<FactsError>()) {
        (Some(e), _) => Some(render.error(e)),
        (None, Some(e)) => Some(render.facts_error(e)),
        (None, None) => any.downcast_ref::<rubric_xlsx::WorkbookError>().map(|w| w.said(&render)),
    }
}

/// The units of the body, with the columns the rubric does not declare refused.
pub fn read(headers: &HeaderMap, body: &[u8], rubric: &Rubric, lang: Lang) -> Result<Vec<UnitFacts>, ApiError> {
    let limits = rubric::facts::FactsLimits::default();
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let kind = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let read: Result<Vec<UnitFacts>, ApiError> = match kind.as_str() {
        "application/json" => rubric::facts::decode_utf8(body)
            .and_then(|t| rubric::facts::from_json_with(t, &limits))
            .map_err(|e| bad(&e, lang)),
        "text/csv" => rubric::facts::csv::read_with(body, &limits).collect::<Result<_, _>>().map_err(|e| bad(&e, lang)),
        XLSX => workbook(body, rubric, &limits, lang),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "media-type",
            format!("facts must be sent as `application/json`, `text/csv` or `{XLSX}`, not `{kind}`"),
            format!("事实数据须以 `application/json`、`text/csv` 或 `{XLSX}` 发送，而不是 `{kind}`"),
        )),
    };
    let mut units = read?;
    if units.is_empty() {
        return Err(ApiError::bad_request("the facts hold no unit", "事实数据中没有单位"));
    }
    if let Some(e) = rubric_out::facts::stray_period(rubric, &units) {
        return Err(ApiError::unprocessable("bad-facts", vec![problem(&e, lang)]));
    }
    let mut check = rubric::UnknownColumns::default();
    let mut problems = Vec::new();
    for u in &mut units {
        problems.extend(check.set_aside(rubric, u).iter().map(|e| problem(e, lang)));
    }
    if problems.is_empty() { Ok(units) } else { Err(ApiError::unprocessable("bad-facts", problems)) }
}

/// A workbook's units, with the records of its list sheets.
fn workbook(
    body: &[u8],
    rubric: &Rubric,
    limits: &rubric::facts::FactsLimits,
    lang: Lang,
) -> Result<Vec<UnitFacts>, ApiError> {
    let lists = rubric_out::lists::list_names(rubric);
    let read = rubric_xlsx::read_workbook(body, &rubric_xlsx::WorkbookLimits::from_facts(limits), &lists)
        .map_err(|e| bad(&e, lang))?;
    let mut units = read.units;
    for sheet in read.lists {
        rubric_out::lists::join_sheet(rubric, sheet, &mut units, limits).map_err(|e| bad(&e, lang))?;
    }
    Ok(units)
}

fn bad<E: miette::Diagnostic + 'static>(e: &E, lang: Lang) -> ApiError {
    ApiError::unprocessable("bad-facts", vec![problem(e, lang)])
}
