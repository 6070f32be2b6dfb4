//! The page's files, built into the binary (no CDN: it works with no network): each with its
//! name under `/assets/` and its media type. `GET /` is `index.html`.

/// The files: name, media type, content.
pub const FILES: &[(&str, &str, &[u8])] = &[
    ("index.html", "text/html; charset=utf-8", include_bytes!("../web/index.html")),
    ("style.css", "text/css; charset=utf-8", include_bytes!("../web/style.css")),
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("../web/app.js")),
    ("api.js", "text/javascript; charset=utf-8", include_bytes!("../web/api.js")),
    ("dom.js", "text/javascript; charset=utf-8", include_bytes!("../web/dom.js")),
    ("form.js", "text/javascript; charset=utf-8", include_bytes!("../web/form.js")),
    ("i18n.js", "text/javascript; charset=utf-8", include_bytes!("../web/i18n.js")),
    ("view.js", "text/javascript; charset=utf-8", include_bytes!("../web/view.js")),
];

/// A file by name.
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    FILES.iter().find(|(n, _, _)| *n == name).map(|(_, kind, bytes)| (*kind, *bytes))
}
