//! A graceful stop: a request in flight when the server is told to stop is answered, then the
//! server stops.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::*;
use std::io::{Read, Write};

#[test]
fn a_request_in_flight_is_answered_before_the_server_stops() {
    let mut r = shipped();
    let addr = r.base.trim_start_matches("http://").to_string();
    let body = wushen_facts();
    let (first, rest) = body.split_at(body.len() / 2);
    let mut s = std::net::TcpStream::connect(&addr).unwrap();
    let head = format!(
        "POST /api/rubrics/wushen-2024/rank HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(first).unwrap();
    // Another request answered: the server is serving, and has the first one's headers.
    assert_eq!(client().get(r.url("/health")).send().unwrap().status(), 200);
    let server = r.server.take().unwrap();
    let stopping = std::thread::spawn(move || server.stop());
    s.write_all(rest).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{}", &answer[..answer.len().min(300)]);
    assert!(answer.contains("乌审旗"));
    stopping.join().unwrap().unwrap();
    // Stopped: no new connection is served.
    assert!(client().get(format!("http://{addr}/health")).send().is_err());
}
