//! What the service's tests share: a server on a free loopback port over a rules folder, and a
//! blocking HTTP client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A server and its base URL.
pub struct Running {
    pub server: Option<rubric_serve::Server>,
    pub base: String,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop().unwrap();
        }
    }
}

/// A config over `rules` on 127.0.0.1:0, no log.
pub fn config(rules: &Path) -> rubric_serve::Config {
    let mut c = rubric_serve::Config::new(rules);
    c.addr = "127.0.0.1:0".parse().unwrap();
    c.log = rubric_serve::LogFormat::Off;
    c
}

/// Starts a server.
pub fn start(config: rubric_serve::Config) -> Running {
    let server = rubric_serve::start(config).unwrap();
    let base = format!("http://{}", server.addr());
    Running { server: Some(server), base }
}

/// A server over the shipped `rules/`.
pub fn shipped() -> Running {
    start(config(&root().join("rules")))
}

/// A blocking client that does not follow redirects.
pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The shipped example facts of wushen-2024.
pub fn wushen_facts() -> Vec<u8> {
    std::fs::read(root().join("rules/wushen-2024.facts.json")).unwrap()
}

/// POSTs JSON facts and returns status and body as JSON.
pub fn post_json(r: &Running, path: &str, body: Vec<u8>) -> (u16, serde_json::Value) {
    let res = client().post(r.url(path)).header("Content-Type", "application/json").body(body).send().unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap())
}

/// GETs JSON.
pub fn get_json(r: &Running, path: &str) -> (u16, serde_json::Value) {
    let res = client().get(r.url(path)).send().unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap())
}
