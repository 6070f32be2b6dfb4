//! What the browser tests share: headless Chromium driven over WebDriver (Debian's `chromium`
//! and `chromium-driver`, with `fantoccini`), a profile and a download folder of its own, and
//! waits that give up with what the page showed.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A program on PATH (or in /usr/bin), or a failure that says how to install it: a missing
/// browser fails the test, it never skips it.
fn program(names: &[&str], install: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]).collect();
    names
        .iter()
        .find_map(|n| dirs.iter().map(|d| d.join(n)).find(|p| p.is_file()))
        .unwrap_or_else(|| panic!("the browser tests need {}: install it (`{install}` on Debian)", names.join(" or ")))
}

/// A free port on loopback.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Headless Chromium under chromedriver, for one test.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    /// Where the browser saves what the page downloads.
    pub downloads: PathBuf,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a session of headless Chromium (window `width` × `height`).
    pub async fn start(width: u32, height: u32) -> Browser {
        let chromium =
            program(&["chromium", "chromium-browser", "google-chrome"], "apt-get install chromium fonts-wqy-zenhei");
        let chromedriver = program(&["chromedriver"], "apt-get install chromium-driver");
        let profile = tempfile::tempdir().unwrap();
        let downloads = profile.path().join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not listen on {url}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--lang=zh-CN",
        ]
        .map(String::from)
        .into_iter()
        .chain([
            format!("--user-data-dir={}", profile.path().join("profile").display()),
            format!("--window-size={width},{height}"),
        ])
        .collect::<Vec<_>>();
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": args,
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false,
                },
            },
        });
        let Value::Object(caps) = caps else { unreachable!() };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector).capabilities(caps).connect(&url).await;
        let client = client.unwrap_or_else(|e| panic!("chromium did not start under chromedriver: {e}"));
        Browser { client, driver, downloads, _profile: profile }
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Waits until `script` returns a true value, failing with the page's text after `secs`.
    pub async fn until(&self, what: &str, script: &str, secs: u64) {
        let started = Instant::now();
        loop {
            let v = self.js(script, vec![]).await;
            if v.as_bool() == Some(true) {
                return;
            }
            if started.elapsed() > Duration::from_secs(secs) {
                let text = self.js("return document.body.innerText", vec![]).await;
                panic!("waited {secs} s for {what}; the page shows:\n{}", text.as_str().unwrap_or_default());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the element `css`.
    pub async fn click(&self, css: &str) {
        let e = self.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(css)).await;
        e.unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Gives the file input `css` the file at `path`, as a user choosing it.
    pub async fn upload(&self, css: &str, path: &Path) {
        let input = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no element {css}: {e}"));
        let path = path.canonicalize().unwrap();
        input.send_keys(&path.display().to_string()).await.unwrap_or_else(|e| panic!("upload {}: {e}", path.display()));
    }

    /// The text of every cell of the table `css`'s rows that match `rows`.
    pub async fn cells(&self, css: &str) -> Vec<Vec<String>> {
        let v = self
            .js(
                "return [...document.querySelectorAll(arguments[0])].map(tr => [...tr.cells].map(c => c.textContent))",
                vec![json!(css)],
            )
            .await;
        serde_json::from_value(v).unwrap()
    }

    /// Waits for the download `name` to be complete in the download folder and returns its path.
    pub async fn downloaded(&self, name: &str) -> PathBuf {
        let path = self.downloads.join(name);
        let started = Instant::now();
        loop {
            let partial = std::fs::read_dir(&self.downloads)
                .unwrap()
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "crdownload"));
            if path.is_file() && !partial {
                return path;
            }
            let seen: Vec<_> = std::fs::read_dir(&self.downloads).unwrap().flatten().map(|e| e.file_name()).collect();
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no download {name} after 30 s; the folder has {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The service, started in the test on a port of its own on loopback.
pub struct Service {
    server: Option<rubric_serve::Server>,
    base: String,
}

impl Service {
    /// Serves the rules folder `rules`.
    pub async fn start(rules: &Path) -> Service {
        Service::start_with(rules, None).await
    }

    /// Serves the rules folder `rules`, asking for `token` when one is given.
    pub async fn start_with(rules: &Path, token: Option<&str>) -> Service {
        let mut config = rubric_serve::Config::new(rules);
        config.token = token.map(String::from);
        config.addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        config.log = rubric_serve::LogFormat::Off;
        let server = rubric_serve::start(config).unwrap_or_else(|e| panic!("the service did not start: {e}"));
        let base = format!("http://{}", server.addr());
        Service { server: Some(server), base }
    }

    /// The address of `path` on the service.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the service's `eval` answers for `unit` of the workbook `facts`.
    pub async fn eval(&self, id: &str, unit: &str, facts: &Path) -> Value {
        let url = self.url(&format!("/api/rubrics/{id}/eval"));
        let (unit, body) = (unit.to_string(), std::fs::read(facts).unwrap());
        tokio::task::spawn_blocking(move || {
            let res = reqwest::blocking::Client::new()
                .post(url)
                .query(&[("unit", unit.as_str())])
                .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .body(body)
                .send()
                .unwrap();
            assert!(res.status().is_success(), "{}", res.status());
            res.json::<Value>().unwrap()
        })
        .await
        .unwrap()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            let _ = s.stop();
        }
    }
}
