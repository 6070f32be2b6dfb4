//! The page's files, built into the binary (no CDN: it works with no network): each with its
//! name under `/assets/` and its media type. `GET /` is `index.html`.

/// The files: name, media type, content.
pub const FILES: &[(&str, &str, &[u8])] =
    &[("index.html", "text/html; charset=utf-8", include_bytes!("../web/index.html"))];

/// A file by name.
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    FILES.iter().find(|(n, _, _)| *n == name).map(|(_, kind, bytes)| (*kind, *bytes))
}
