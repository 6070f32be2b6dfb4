//! What a request says besides its body: the query (`lang`, `unit` — repeatable for a template —,
//! `item`, `format`, `rows`) and, for `/api/rubrics/…`, the rubric's id and the action, read from
//! the raw path so that an encoded slash (`%2F`) or backslash never joins two segments.

use percent_encoding::percent_decode_str;
use rubric::Lang;

/// The query of a request.
#[derive(Debug, Default, Clone)]
pub struct Params {
    /// `lang=zh|en`: the language of text (Chinese by default).
    pub lang: Lang,
    /// `unit=U`, as often as given.
    pub units: Vec<String>,
    /// `item=ID`.
    pub item: Option<String>,
    /// `format=…`.
    pub format: Option<String>,
    /// `rows=true`.
    pub rows: bool,
}

impl Params {
    /// Reads a query string; an unknown `lang` is an error.
    pub fn parse(query: Option<&str>) -> Result<Params, String> {
        let mut p = Params { lang: Lang::Zh, ..Params::default() };
        for pair in query.unwrap_or("").split('&').filter(|s| !s.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(&v.replace('+', " ")).ok_or_else(|| format!("`{k}` is not UTF-8"))?;
            match k {
                "lang" => {
                    p.lang = match v.as_str() {
                        "zh" => Lang::Zh,
                        "en" => Lang::En,
                        _ => return Err(format!("`lang` is `zh` or `en`, not `{v}`")),
                    }
                }
                "unit" => p.units.push(v),
                "item" => p.item = Some(v),
                "format" => p.format = Some(v),
                "rows" => p.rows = v == "true" || v == "1",
                _ => {}
            }
        }
        Ok(p)
    }

    /// The one unit asked for, if any.
    pub fn unit(&self) -> Option<&str> {
        self.units.first().map(String::as_str)
    }
}

fn decode(s: &str) -> Option<String> {
    percent_decode_str(s).decode_utf8().ok().map(|c| c.into_owned())
}

/// The actions on a rubric, after its id.
pub const ACTIONS: [&str; 11] =
    ["template", "example", "show", "rank", "eval", "explain", "whatif", "score", "results.xlsx", "report", ""];

/// The id and the action of a raw path after `/api/rubrics/`: each segment decoded alone, and a
/// segment that decodes to a slash, a backslash, `.` or `..`, or is empty, refused (`None`).
pub fn rubric_path(raw: &str) -> Option<(String, &'static str)> {
    let mut segs: Vec<String> = Vec::new();
    for s in raw.split('/') {
        let d = decode(s)?;
        if d.is_empty() || d == "." || d == ".." || d.contains(['/', '\\', '\0']) {
            return None;
        }
        segs.push(d);
    }
    let last = segs.last()?.clone();
    match ACTIONS.iter().find(|a| !a.is_empty() && **a == last) {
        Some(a) if segs.len() > 1 => {
            segs.pop();
            Some((segs.join("/"), a))
        }
        _ => Some((segs.join("/"), "")),
    }
}
