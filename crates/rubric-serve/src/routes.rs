//! The router: every route the service answers, listed once in [`ROUTES`] (the OpenAPI
//! document is made from the same list, and a test holds the router to it), with the layers
//! every request passes: the token, the body budget, the time limit, security headers and the
//! log line.

use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use std::time::Duration;

/// Every route: method and path, as the OpenAPI document writes it. `{id}` may hold `/`.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/assets/{file}"),
    ("GET", "/health"),
    ("GET", "/openapi.json"),
    ("GET", "/api/rubrics"),
    ("GET", "/api/problems"),
    ("GET", "/api/rubrics/{id}"),
    ("GET", "/api/rubrics/{id}/template"),
    ("GET", "/api/rubrics/{id}/example"),
    ("GET", "/api/rubrics/{id}/show"),
    ("POST", "/api/rubrics/{id}/rank"),
    ("POST", "/api/rubrics/{id}/eval"),
    ("POST", "/api/rubrics/{id}/explain"),
    ("POST", "/api/rubrics/{id}/whatif"),
    ("POST", "/api/rubrics/{id}/score"),
    ("POST", "/api/rubrics/{id}/results.xlsx"),
    ("POST", "/api/rubrics/{id}/report"),
    ("POST", "/api/check"),
    ("POST", "/api/diff"),
];

/// The budgets of a request.
#[derive(Debug, Clone, Copy)]
pub struct Budgets {
    /// Most bytes in a request's body; a larger one is refused (413) before it is read when it
    /// says its length, and as soon as it passes the budget otherwise.
    pub max_body: usize,
    /// Longest a request may take (408).
    pub timeout: Duration,
}

/// The router with its layers.
pub fn router(state: AppState, budgets: Budgets) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/assets/{file}", get(asset))
        .route("/health", get(crate::api::health))
        .route("/openapi.json", get(openapi))
        .route("/api/rubrics", get(crate::api::rubrics))
        .route("/api/problems", get(crate::api::problems))
        .route("/api/rubrics/{*rest}", any(crate::api::rubric))
        .route("/api/check", post(crate::rules::check))
        .route("/api/diff", post(crate::rules::diff))
        .fallback(no_route)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::security::token))
        .layer(DefaultBodyLimit::max(budgets.max_body))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(budgets.max_body))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, budgets.timeout))
        .layer(axum::middleware::from_fn(crate::security::headers))
        .layer(axum::middleware::from_fn(crate::log::line))
        .with_state(state)
}

async fn page() -> Response {
    asset_named("index.html")
}

async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    asset_named(&file)
}

fn asset_named(name: &str) -> Response {
    match crate::assets::get(name) {
        Some((kind, bytes)) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
        None => crate::error::ApiError::not_found(name).into_response(),
    }
}

async fn openapi() -> Response {
    axum::Json(crate::openapi::document()).into_response()
}

/// The answer to a path no route serves.
async fn no_route(uri: axum::http::Uri) -> Response {
    let mut e = crate::error::ApiError::not_found(uri.path());
    e.code = "no-route";
    e.into_response()
}
