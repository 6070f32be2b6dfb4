//! One log line per request: method, path, status and milliseconds, as `tracing` fields (plain
//! text or JSON lines, `--log-format`). The query is left out: it may name a unit.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Logs the request once it is answered.
pub async fn line(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let start = std::time::Instant::now();
    let res = next.run(req).await;
    let ms = start.elapsed().as_millis() as u64;
    tracing::info!(method = %method, path = %path, status = res.status().as_u16(), ms, "request");
    res
}

/// Sets up the log once per process, as text or JSON lines on stderr.
pub fn init(format: crate::LogFormat) {
    use std::io::IsTerminal;
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).with_ansi(ansi);
    let _ = match format {
        crate::LogFormat::Text => builder.try_init(),
        crate::LogFormat::Json => builder.json().flatten_event(true).try_init(),
        crate::LogFormat::Off => Ok(()),
    };
}
