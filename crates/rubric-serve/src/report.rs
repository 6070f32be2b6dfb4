//! `POST /api/rubrics/{id}/report?unit=U`: the unit's results page, as `rulecheck report` writes
//! it (`rubric_out::report`).

use crate::api::Answer;
use crate::error::ApiError;
use crate::facts::problem;
use crate::params::Params;
use axum::response::IntoResponse;
use rubric::{Rubric, UnitFacts};
use rubric_out::rank::Failure;
use rubric_out::report::PageError;

/// The page; a 422 when the unit cannot be scored, or when another unit cannot (the page would
/// rank the unit among fewer units than were sent).
pub fn page(r: &Rubric, units: &[UnitFacts], p: &Params) -> Answer {
    let unit = crate::scoring::pick(units, p)?;
    let (failures, page) = rubric_out::report::unit_page(r, units, unit, p.lang);
    if !failures.is_empty() || page.is_none() {
        let problems = failures
            .iter()
            .map(|f| match f {
                Failure::Eval(u, e) => serde_json::json!({ "unit": u, "error": problem(e, p.lang) }),
                Failure::NoBreakdown(u) => serde_json::json!({ "unit": u, "error": {"code": "rubric::internal"} }),
            })
            .collect();
        return Err(ApiError::unprocessable("unit-failed", problems));
    }
    match page {
        Some(Ok(html)) => Ok((crate::scoring::HTML, html).into_response()),
        Some(Err(PageError::Eval(e))) => Err(ApiError::unprocessable("unit-failed", vec![problem(&e, p.lang)])),
        Some(Err(PageError::Chart(why))) => Err(ApiError::internal(why)),
        None => Err(ApiError::not_found(&unit.unit)),
    }
}
