//! `rulecheck serve --log-format json` as an operator runs it: every line on stderr is one JSON
//! object, and each request answered gives one line with its method, path, status and
//! milliseconds — the path without its query (which may name a unit).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use insta_cmd::get_cargo_bin;
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One HTTP/1.1 request over a plain socket; the status of the answer.
fn request(addr: &str, method: &str, path: &str, body: &[u8]) -> u16 {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("not HTTP: {answer}"))
}

#[test]
fn json_logs_give_one_object_per_request() {
    let mut child = Command::new(get_cargo_bin("rulecheck"))
        .current_dir(root())
        .args(["serve", "--rules", "rules", "--addr", "127.0.0.1:0", "--log-format", "json"])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    // The address the system chose, from the `listening` line (a guard, not a timed test: a
    // server that never says it listens fails here instead of hanging).
    let addr = loop {
        let line = rx.recv_timeout(Duration::from_secs(120)).expect("the server says where it listens");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        lines.push(v.clone());
        if v["message"] == "listening" {
            break v["addr"].as_str().unwrap().to_string();
        }
    };
    let facts = std::fs::read(root().join("rules/wushen-2024.facts.json")).unwrap();
    assert_eq!(request(&addr, "GET", "/health", b""), 200);
    assert_eq!(request(&addr, "GET", "/api/rubrics/no-such", b""), 404);
    assert_eq!(request(&addr, "POST", "/api/rubrics/wushen-2024/eval?unit=%E4%B9%8C%E5%AE%A1%E6%97%97", &facts), 200);
    // Each request's line is written before its answer is sent: all three are there now.
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    for line in rx.try_iter() {
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        lines.push(v);
    }
    assert!(lines.iter().all(serde_json::Value::is_object));
    let requests: Vec<&serde_json::Value> = lines.iter().filter(|v| v["message"] == "request").collect();
    let seen: Vec<(&str, &str, u64)> = requests
        .iter()
        .map(|v| (v["method"].as_str().unwrap(), v["path"].as_str().unwrap(), v["status"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [("GET", "/health", 200), ("GET", "/api/rubrics/no-such", 404), ("POST", "/api/rubrics/wushen-2024/eval", 200)],
        "{lines:#?}"
    );
    for v in requests {
        assert!(v["ms"].is_u64(), "{v}");
        assert_eq!(v["level"], "INFO", "{v}");
        assert!(v["timestamp"].is_string(), "{v}");
    }
    // The query is left out: no line names the unit asked for.
    assert!(!lines.iter().any(|v| v.to_string().contains("乌审旗") || v.to_string().contains("%E4")), "{lines:#?}");
}
