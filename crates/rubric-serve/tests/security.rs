//! Each security point over real HTTP on loopback: loopback unless a token is given, the token,
//! the body budget (a 100 MB body refused before it is read), the time limit, no path outside
//! the rules folder, and the security headers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::*;
use std::io::{Read, Write};

#[test]
fn another_address_needs_a_token() {
    let mut c = config(&root().join("rules"));
    c.addr = "0.0.0.0:0".parse().unwrap();
    let e = rubric_serve::start(c.clone()).err().unwrap();
    assert!(matches!(e, rubric_serve::ServeError::NeedsToken { .. }), "{e}");
    assert!(e.to_string().contains("without a token"));
    c.token = Some("  ".into());
    assert!(matches!(rubric_serve::start(c).err().unwrap(), rubric_serve::ServeError::EmptyToken));
}

#[test]
fn the_token_is_required_on_the_api() {
    let mut c = config(&root().join("rules"));
    c.token = Some("s3cret-token-for-tests".into());
    let r = start(c);
    let cl = client();
    let res = cl.get(r.url("/api/rubrics")).send().unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let e: serde_json::Value = res.json().unwrap();
    assert_eq!(e["error"]["code"], "unauthorized");
    assert_eq!(cl.get(r.url("/api/rubrics")).bearer_auth("wrong").send().unwrap().status(), 401);
    assert_eq!(cl.get(r.url("/api/rubrics")).bearer_auth("s3cret-token-for-tests").send().unwrap().status(), 200);
    // The health check and the page need none.
    assert_eq!(cl.get(r.url("/health")).send().unwrap().status(), 200);
    assert_eq!(cl.get(r.url("/")).send().unwrap().status(), 200);
}

#[test]
fn a_body_over_the_budget_is_413() {
    let mut c = config(&root().join("rules"));
    c.max_body = 1 << 20;
    let r = start(c);
    let big = vec![b' '; (1 << 20) + 10];
    let res = client()
        .post(r.url("/api/rubrics/wushen-2024/rank"))
        .header("Content-Type", "application/json")
        .body(big)
        .send()
        .unwrap();
    assert_eq!(res.status(), 413);
}

/// A request that says it has 100 MB is answered 413 from its headers alone: nothing of the
/// body is sent, and the answer comes anyway.
#[test]
fn a_100_mb_body_is_refused_without_reading_it() {
    let r = shipped();
    let addr = r.base.trim_start_matches("http://").to_string();
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    let head = format!(
        "POST /api/rubrics/wushen-2024/rank HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        100 * 1024 * 1024
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).unwrap();
    let line = String::from_utf8_lossy(&buf[..n]);
    assert!(line.starts_with("HTTP/1.1 413"), "{line}");
}

#[test]
fn a_request_over_the_time_limit_is_408() {
    let mut c = config(&root().join("rules"));
    c.timeout = std::time::Duration::ZERO;
    let r = start(c);
    let res = client()
        .post(r.url("/api/rubrics/wushen-2024/rank"))
        .header("Content-Type", "application/json")
        .body(wushen_facts())
        .send()
        .unwrap();
    assert_eq!(res.status(), 408);
}

#[test]
fn no_path_leads_outside_the_rules_folder() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    let clerk = std::fs::read_to_string(root().join("tests/cli/clerk.rubric")).unwrap();
    std::fs::write(rules.join("in.rubric"), &clerk).unwrap();
    std::fs::write(dir.path().join("outside.rubric"), &clerk).unwrap();
    std::fs::write(dir.path().join("secret.facts.json"), "{\"units\":[]}").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("outside.rubric"), rules.join("link.rubric")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.facts.json"), rules.join("in.facts.json")).unwrap();
        std::os::unix::fs::symlink(dir.path(), rules.join("up")).unwrap();
    }
    let r = start(config(&rules));
    let (_, list) = get_json(&r, "/api/rubrics");
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["in"], "a link out of the folder is not served");
    let cl = client();
    for path in [
        "/api/rubrics/link",
        "/api/rubrics/up/outside",
        "/api/rubrics/..%2Foutside",
        "/api/rubrics/%2E%2E/outside",
        "/api/rubrics/%2Fetc%2Fpasswd",
        "/api/rubrics/..%5Coutside",
        "/api/rubrics/in/example",
        "/assets/..%2F..%2FCargo.toml",
    ] {
        assert_eq!(cl.get(r.url(path)).send().unwrap().status(), 404, "{path}");
    }
    // An encoded slash never joins two segments of an id.
    let shipped = shipped();
    assert_eq!(cl.get(shipped.url("/api/rubrics/ordos-2024/ranking")).send().unwrap().status(), 200);
    assert_eq!(cl.get(shipped.url("/api/rubrics/ordos-2024%2Franking")).send().unwrap().status(), 404);
    // A rule file sent to be checked cannot import a file of the server's.
    let text = format!("import \"{}\"\n{clerk}", dir.path().join("outside.rubric").display());
    let res: serde_json::Value = cl.post(r.url("/api/check?lang=en")).body(text).send().unwrap().json().unwrap();
    assert_eq!(res["ok"], false, "{res}");
}

#[test]
fn answers_carry_the_security_headers() {
    let r = shipped();
    for path in ["/", "/health", "/api/rubrics", "/api/rubrics/none"] {
        let res = client().get(r.url(path)).send().unwrap();
        let h = res.headers();
        assert!(h["content-security-policy"].to_str().unwrap().starts_with("default-src 'self'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
    }
}
