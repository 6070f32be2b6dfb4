//! `rulecheck serve`: the rubrics of a folder served over HTTP — JSON endpoints for what the
//! command line does (with the same JSON, made by `rubric-out`), the page, and the OpenAPI
//! document. Bound to loopback unless a token is given; bodies, rule files and facts within
//! budgets; a time limit per request; nothing read outside the rules folder.

mod api;
mod assets;
mod catalog;
mod error;
mod facts;
mod located;
mod log;
mod openapi;
mod params;
mod reload;
mod report;
mod routes;
mod rules;
mod scoring;
mod security;
mod start;
mod state;

pub use error::ServeError;
pub use openapi::document as openapi;
pub use routes::ROUTES;
pub use start::{Config, LogFormat, Server, start};
