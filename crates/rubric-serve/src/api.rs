//! The JSON endpoints that read no facts: health, the list of rubrics and of rule files that do
//! not check, a rubric's details (enough to generate a form), its facts template and its
//! example facts, and `/api/rubrics/…` dispatched by its raw path to the scoring endpoints.

use crate::catalog::Entry;
use crate::error::{ApiError, InLang};
use crate::params::{Params, rubric_path};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rubric::value::show_num;
use rubric::{Basis, Lang, Rubric};
use std::sync::Arc;

/// The answer to a request, or an error said in the request's language.
pub type Answer = Result<Response, ApiError>;

/// The query of a request, or a 400.
pub fn params(uri: &axum::http::Uri) -> Result<Params, InLang> {
    Params::parse(uri.query()).map_err(|why| InLang(ApiError::bad_request(why.clone(), why), Lang::Zh))
}

/// `GET /health`.
pub async fn health(State(s): State<AppState>) -> Response {
    axum::Json(serde_json::json!({ "status": "ok", "rubrics": s.catalog().entries.len() })).into_response()
}

/// `GET /api/rubrics`.
pub async fn rubrics(State(s): State<AppState>) -> Response {
    let list: Vec<serde_json::Value> = s.catalog().entries.values().map(|e| summary(e)).collect();
    axum::Json(list).into_response()
}

/// `GET /api/problems`.
pub async fn problems(State(s): State<AppState>, uri: axum::http::Uri) -> Response {
    let p = match params(&uri) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let list: Vec<serde_json::Value> = s.catalog().problems.iter().map(|p2| p2.json(p.lang)).collect();
    axum::Json(list).into_response()
}

fn basis(r: &Rubric) -> &'static str {
    match r.basis() {
        Basis::Cohort => "cohort",
        Basis::Periods => "periods",
        _ => "alone",
    }
}

/// A rubric in the list.
fn summary(e: &Entry) -> serde_json::Value {
    let r = &e.rubric;
    serde_json::json!({
        "id": e.id,
        "title": r.title(),
        "file": e.file,
        "max": show_num(r.max()),
        "units_example": e.example.is_some(),
        "grades": r.total_grades(),
        "basis": basis(r),
    })
}

/// A node and the nodes under it: id, title, kind, max. The tree's depth is bounded by the
/// checker's nesting budget.
fn tree(n: rubric::NodeRef<'_>) -> serde_json::Value {
    serde_json::json!({
        "id": n.id(),
        "title": n.title(),
        "kind": n.kind(),
        "max": show_num(n.max()),
        "children": n.children().map(tree).collect::<Vec<_>>(),
    })
}

/// A fact the form asks for.
fn fact(f: &rubric::FactRef<'_>) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = f.fields().map(|g| fact(&g)).collect();
    serde_json::json!({
        "name": f.name(),
        "type": rubric::report::template::type_label(f.ty()),
        "label": rubric::report::template::type_text(f),
        "description": f.description(),
        "kinds": if f.names().is_empty() { None } else { Some(f.names()) },
        "optional": f.is_optional(),
        "range": f.range(),
        "fields": if fields.is_empty() { None } else { Some(fields) },
    })
}

/// `GET /api/rubrics/{id}`: the summary, the tree and the facts of the form.
fn details(e: &Entry) -> Answer {
    let mut doc = summary(e);
    let r = &e.rubric;
    if let Some(o) = doc.as_object_mut() {
        o.insert("tree".into(), tree(r.root()));
        let facts: Vec<serde_json::Value> = rubric::report::template::form_facts(r).iter().map(fact).collect();
        o.insert("facts".into(), facts.into());
        let periods: Vec<serde_json::Value> = r
            .periods()
            .map(|p| serde_json::json!({"name": p.name(), "title": p.title(), "weight": p.weight_text(), "max": show_num(p.max())}))
            .collect();
        o.insert("periods".into(), periods.into());
    }
    Ok(axum::Json(doc).into_response())
}

/// `GET /api/rubrics/{id}/template?format=xlsx|csv|json[&unit=U…]`.
fn template(e: &Entry, p: &Params) -> Answer {
    let r = &e.rubric;
    let name = e.id.rsplit('/').next().unwrap_or("template");
    match p.format.as_deref().unwrap_or("xlsx") {
        "csv" => Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            rubric::report::template::template_csv(r, &p.units),
        )
            .into_response()),
        "json" => {
            Ok(([(header::CONTENT_TYPE, "application/json")], rubric::report::template::template_json(r, &p.units))
                .into_response())
        }
        "xlsx" => {
            let book = rubric_xlsx::write::template(r, &p.units).map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(attachment(book, crate::facts::XLSX, &format!("{name}.facts.xlsx")))
        }
        other => Err(ApiError::bad_request(
            format!("`format` is `xlsx`, `csv` or `json`, not `{other}`"),
            format!("`format` 应为 `xlsx`、`csv` 或 `json`，而不是 `{other}`"),
        )),
    }
}

/// `GET /api/rubrics/{id}/show?format=md|html|xlsx&lang=`: the rubric as the document's table,
/// each row's original text beside its rules (原文对照, `rulecheck show`).
fn show(e: &Entry, p: &Params) -> Answer {
    let doc = rubric_out::show::document(&e.rubric, p.lang);
    let name = e.id.rsplit('/').next().unwrap_or("show");
    match p.format.as_deref().unwrap_or("md") {
        "md" => Ok(([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], rubric_out::show::markdown(&doc))
            .into_response()),
        "html" => {
            Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], rubric_out::show::html(&doc)).into_response())
        }
        "xlsx" => {
            let book = rubric_out::show::workbook(&doc).map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(attachment(book, crate::facts::XLSX, &format!("{name}.show.xlsx")))
        }
        other => Err(ApiError::bad_request(
            format!("`format` is `md`, `html` or `xlsx`, not `{other}`"),
            format!("`format` 应为 `md`、`html` 或 `xlsx`，而不是 `{other}`"),
        )),
    }
}

/// A download: the body, its type, and the file name to save it as (ASCII, from the id).
pub fn attachment(body: Vec<u8>, kind: &'static str, name: &str) -> Response {
    let name: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
}

/// `GET /api/rubrics/{id}/example`.
fn example(e: &Entry) -> Answer {
    match &e.example {
        Some(bytes) => Ok(([(header::CONTENT_TYPE, "application/json")], bytes.to_vec()).into_response()),
        None => Err(ApiError::not_found(&format!("{}.facts.json", e.id))),
    }
}

/// The rubric and the action of a path after `/api/rubrics/`: the id with the action, or the
/// whole path as an id (a rubric whose file is named like an action).
fn find(s: &AppState, raw: &str) -> Option<(Arc<Entry>, &'static str)> {
    let (id, action) = rubric_path(raw)?;
    let cat = s.catalog();
    if let Some(e) = cat.entries.get(&id) {
        return Some((Arc::clone(e), action));
    }
    if action.is_empty() {
        return None;
    }
    cat.entries.get(&format!("{id}/{action}")).map(|e| (Arc::clone(e), ""))
}

/// `/api/rubrics/{id}[/ACTION]`, GET or POST.
pub async fn rubric(
    State(s): State<AppState>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let p = match params(&uri) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let lang = p.lang;
    let raw = uri.path().strip_prefix("/api/rubrics/").unwrap_or("");
    let Some((entry, action)) = find(&s, raw) else {
        return InLang(ApiError::not_found(raw), lang).into_response();
    };
    let answer = match (method.as_str(), action) {
        ("GET", "") => details(&entry),
        ("GET", "template") => template(&entry, &p),
        ("GET", "example") => example(&entry),
        ("GET", "show") => show(&entry, &p),
        ("POST", "rank" | "eval" | "explain" | "whatif" | "score" | "results.xlsx" | "report") => {
            crate::scoring::run(entry, action, p, headers, body).await
        }
        _ => Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method",
            format!("`{method}` is not served on this path"),
            format!("此路径不支持 `{method}`"),
        )),
    };
    match answer {
        Ok(r) => r,
        Err(e) => InLang(e, lang).into_response(),
    }
}
