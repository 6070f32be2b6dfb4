//! The OpenAPI document is equal to the router: every route documented, nothing documented that
//! is not routed (each documented operation is answered by a route, not by the fallback).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::*;

#[test]
fn the_document_is_the_router() {
    let r = shipped();
    let (s, doc) = get_json(&r, "/openapi.json");
    assert_eq!(s, 200);
    assert_eq!(doc, rubric_serve::openapi());
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            assert_ne!(op["summary"], "undocumented", "{method} {path}");
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    let mut routed: Vec<(String, String)> =
        rubric_serve::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed);
    // Each is answered by its route: never the fallback's `no-route`, never 405.
    let c = client();
    for (method, path) in &routed {
        let url = r.url(&path.replace("{id}", "wushen-2024").replace("{file}", "index.html"));
        let req = match method.as_str() {
            "GET" => c.get(&url),
            _ => c.post(&url).header("Content-Type", "application/json").body(wushen_facts()),
        };
        let res = req.send().unwrap();
        let status = res.status().as_u16();
        let body = res.text().unwrap();
        assert_ne!(status, 405, "{method} {path}");
        assert!(!body.contains("\"no-route\""), "{method} {path}: {body}");
    }
}
