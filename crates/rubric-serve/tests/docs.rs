//! Every `curl` line in the `sh` blocks of `docs/service.md` is sent to a server over the shipped
//! `rules/` (the documented address replaced by the test server's), and must be answered 200:
//! a Java or Python developer following the page gets what it says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::*;

/// Splits a command line at spaces, keeping what is inside single quotes together.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The `curl` lines of the `sh` blocks.
fn curls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in text.lines() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            in_sh = !in_sh && info.trim() == "sh";
            continue;
        }
        if in_sh && line.starts_with("curl ") {
            out.push(line.to_string());
        }
    }
    out
}

#[test]
fn every_curl_example_is_answered() {
    let text = std::fs::read_to_string(root().join("docs/service.md")).unwrap();
    let lines = curls(&text);
    assert!(lines.len() >= 8, "the page has its examples: {lines:?}");
    let r = shipped();
    let c = client();
    for line in &lines {
        let w = words(line);
        let (mut method, mut headers, mut body, mut url) = ("GET".to_string(), Vec::new(), None, None);
        let mut i = 1;
        while i < w.len() {
            match w[i].as_str() {
                "-s" => {}
                "-X" => {
                    i += 1;
                    method = w[i].clone();
                }
                "-H" => {
                    i += 1;
                    let (k, v) = w[i].split_once(':').unwrap();
                    headers.push((k.trim().to_string(), v.trim().to_string()));
                }
                "--data-binary" => {
                    i += 1;
                    let file = w[i].strip_prefix('@').unwrap();
                    body = Some(std::fs::read(root().join(file)).unwrap());
                }
                "-o" => i += 1,
                u if u.starts_with("http://127.0.0.1:8080/") => {
                    url = Some(u.replacen("http://127.0.0.1:8080", &r.base, 1));
                }
                other => panic!("`{other}` in `{line}` is not understood by this test"),
            }
            i += 1;
        }
        let mut req = c.request(method.parse().unwrap(), url.expect(line));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        if let Some(b) = body {
            req = req.body(b);
        }
        let res = req.send().unwrap();
        assert_eq!(res.status(), 200, "{line}: {}", res.text().unwrap());
    }
}
