//! `POST /api/check` (a rule file's text → its diagnostics, as `check --format json`) and
//! `POST /api/diff` (`{old, new, facts?}` → `diff --format json`). The text is held in memory
//! and never written; it cannot import a file (there is none beside it).

use crate::api::params;
use crate::error::{ApiError, InLang};
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rubric::{Lang, Rubric};

/// The name a rule file sent in a body is known by.
const NAME: &str = "input.rubric";

/// The rule-file budget: the parser's own size budget.
fn max_rule_bytes() -> usize {
    rubric_syntax::budget::Limits::default().max_bytes
}

fn too_large(n: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        format!("a rule file may have at most {n} bytes"),
        format!("规则文件最多 {n} 字节"),
    )
}

/// Loads a rule file's text.
fn load(text: &str) -> rubric::Load {
    rubric::load(NAME, &rubric::MemoryLoader::new().with(NAME, text))
}

fn diagnostics(load: &rubric::Load, lang: Lang) -> Vec<serde_json::Value> {
    let r = &load.report;
    r.errors()
        .chain(r.warnings())
        .take(1_000)
        .map(|d| rubric_out::diag::rule_json(&d.in_lang(lang), &load.sources))
        .collect()
}

fn text(body: &[u8]) -> Result<&str, ApiError> {
    if body.len() > max_rule_bytes() {
        return Err(too_large(max_rule_bytes()));
    }
    std::str::from_utf8(body)
        .map_err(|_| ApiError::bad_request("the rule file is not UTF-8 text", "规则文件不是 UTF-8 文本"))
}

/// `POST /api/check`.
pub async fn check(uri: axum::http::Uri, body: Bytes) -> Response {
    let p = match params(&uri) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let work = tokio::task::spawn_blocking(move || -> Result<serde_json::Value, ApiError> {
        let load = load(text(&body)?);
        let errors = load.report.errors().count();
        let title = load.rubric().map(|r| r.title().to_string());
        Ok(serde_json::json!({
            "ok": errors == 0,
            "library": load.is_library(),
            "title": title,
            "errors": errors,
            "warnings": load.report.warnings().count(),
            "diagnostics": diagnostics(&load, p.lang),
        }))
    });
    match work.await {
        Ok(Ok(doc)) => axum::Json(doc).into_response(),
        Ok(Err(e)) => InLang(e, p.lang).into_response(),
        Err(e) => InLang(ApiError::internal(e.to_string()), p.lang).into_response(),
    }
}

/// The body of `POST /api/diff`.
#[derive(serde::Deserialize)]
struct DiffBody {
    old: String,
    new: String,
    /// Facts, as a facts `.json` file holds them.
    facts: Option<serde_json::Value>,
}

/// A version that checks, or a 422 with its diagnostics.
fn version(text: &str, which: &str, lang: Lang) -> Result<Rubric, ApiError> {
    if text.len() > max_rule_bytes() {
        return Err(too_large(max_rule_bytes()));
    }
    let l = load(text);
    let diags = diagnostics(&l, lang);
    match l.loaded {
        rubric::Loaded::Rubric(r) => Ok(*r),
        _ => Err(ApiError::unprocessable(
            "bad-rules",
            vec![serde_json::json!({ "version": which, "diagnostics": diags })],
        )),
    }
}

fn diff_doc(body: &[u8], lang: Lang) -> Result<serde_json::Value, ApiError> {
    let b: DiffBody = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(
            format!("the body is `{{\"old\": RULES, \"new\": RULES, \"facts\"?: FACTS}}`: {e}"),
            format!("请求体应为 `{{\"old\": 规则, \"new\": 规则, \"facts\"?: 事实}}`：{e}"),
        )
    })?;
    let (old, new) = (version(&b.old, "old", lang)?, version(&b.new, "new", lang)?);
    let bad = |e: &rubric::EvalError| ApiError::unprocessable("unit-failed", vec![crate::facts::problem(e, lang)]);
    let d = rubric::analysis::diff::compare(&old, &new).map_err(|e| bad(&e))?;
    let mut units = Vec::new();
    if let Some(facts) = b.facts {
        let limits = rubric::facts::FactsLimits::default();
        let all = rubric::facts::from_json_with(&facts.to_string(), &limits)
            .map_err(|e| ApiError::unprocessable("bad-facts", vec![crate::facts::problem(&e, lang)]))?;
        for u in &all {
            let mut s = rubric::analysis::diff::compare_unit(&d, &old, &new, u).map_err(|e| bad(&e.error))?;
            rubric_out::diff::keep_rows(&d, &mut s, false);
            units.push(s);
        }
    }
    Ok(rubric_out::diff::json(&d, &units))
}

/// `POST /api/diff`.
pub async fn diff(uri: axum::http::Uri, body: Bytes) -> Response {
    let p = match params(&uri) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    match tokio::task::spawn_blocking(move || diff_doc(&body, p.lang)).await {
        Ok(Ok(doc)) => axum::Json(doc).into_response(),
        Ok(Err(e)) => InLang(e, p.lang).into_response(),
        Err(e) => InLang(ApiError::internal(e.to_string()), p.lang).into_response(),
    }
}
