//! Facts: the values each unit supplies, read exactly from JSON (or built in code) and bound to slots.

mod bad;
pub mod compact;
pub mod csv;
pub mod csv_chunks;
pub(crate) mod error;
pub mod json_cut;
pub mod json_lines_cut;
pub mod json_stream;
pub mod list_cut;
pub mod list_step;
pub mod list_stream;
pub mod list_table;
pub(crate) mod na;
pub mod packed;
pub(crate) mod read;
pub mod records;
mod seen;
pub mod text;
pub mod toml;
pub(crate) mod words;

pub use bad::BadFact;
pub use error::{BadValue, FactProblem, FactsError};

use crate::facts::error::{BudgetError, JsonError, JsonLineError, ShapeError};
pub use crate::facts::read::{FactsLimits, decode_utf8};
use crate::value::{Value, parse_decimal};
use chrono::NaiveDate;
use read::Seen;
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use words::Given;

/// A value as supplied, before it is read against the fact's declared type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Raw {
    /// A number, kept as its exact text (`87.5`, `0.1`).
    Number(String),
    /// Text: `"87.5%"`, `"是"`, `"2024-07-31"`.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// An empty value.
    Null,
    /// The records of a list fact, each its fields' names and values in the order given.
    Records(Vec<records::RawRecord>),
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Number(n) => write!(f, "{n}"),
            Raw::Text(t) => write!(f, "\"{}\"", rubric_syntax::clean(t)),
            Raw::Bool(b) => write!(f, "{b}"),
            Raw::Null => f.write_str("null"),
            Raw::Records(rs) => write!(f, "a list of {} records", rs.len()),
        }
    }
}

/// The facts of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct UnitFacts {
    /// The unit's name.
    pub unit: String,
    /// The period these facts are for, in a rubric with periods (`"period": "平时"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Fact name and value pairs, in the order given.
    pub values: Vec<(String, Raw)>,
    /// Where each value was read, parallel to `values` (empty when built in code).
    #[serde(skip)]
    pub places: Vec<Option<Place>>,
}

/// Where a value was read in a facts file, for messages: a cell of a table (CSV) or of a
/// workbook's sheet, or a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based row (CSV, a sheet) or line (TOML).
    pub row: usize,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The sheet of a workbook (`rubric-xlsx`); none for a file of one table.
    #[serde(skip)]
    pub sheet: Option<std::sync::Arc<str>>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.column, &self.sheet) {
            (Some(c), Some(sheet)) => {
                write!(f, "sheet {}, cell {}{}", rubric_syntax::clean(sheet), column_letters(c), self.row)
            }
            (Some(c), None) => write!(f, "row {}, column {}", self.row, column_letters(c)),
            (None, _) => write!(f, "line {}", self.row),
        }
    }
}

impl Place {
    /// The place in Chinese: `工作表 事实 的 C2 单元格`, `第 3 行 C 列`, `第 3 行`.
    pub fn zh(&self) -> String {
        match (self.column, &self.sheet) {
            (Some(c), Some(sheet)) => {
                format!("工作表 {} 的 {}{} 单元格", rubric_syntax::clean(sheet), column_letters(c), self.row)
            }
            (Some(c), None) => format!("第 {} 行 {} 列", self.row, column_letters(c)),
            (None, _) => format!("第 {} 行", self.row),
        }
    }
}

/// A 1-based column number as Excel names it: 1 → `A`, 27 → `AA`.
pub fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(r).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

impl UnitFacts {
    /// A unit with no facts yet.
    pub fn new(unit: impl Into<String>) -> Self {
        UnitFacts { unit: unit.into(), period: None, values: Vec::new(), places: Vec::new() }
    }

    /// The same facts, for a period of a rubric with periods.
    pub fn in_period(mut self, period: impl Into<String>) -> Self {
        self.period = Some(period.into());
        self
    }

    /// Adds a fact with a raw value, read against the fact's declared type when the unit is
    /// scored: `Raw::Number("180")`, `Raw::Text("2024-07-31")` for a date, `Raw::Text("是")`
    /// for yes, `Raw::Null` for no value. Numbers are given as text so they are read exactly.
    pub fn with(mut self, name: impl Into<String>, value: Raw) -> Self {
        self.values.push((name.into(), value));
        self
    }

    /// Adds a numeric fact from its text: a count or number (`"180"`, `"12.5"`), points, or a
    /// percent as `"87.5%"` (with its `%`: a bare `"0.875"` is refused, as it could be either
    /// 87.5% or 0.875%; only `"0"` needs none). The text is read exactly when the unit is
    /// scored; one that is not a number gives `rubric::bad-fact` then.
    pub fn num(self, name: impl Into<String>, text: &str) -> Self {
        let raw = if text.ends_with('%') { Raw::Text(text.into()) } else { Raw::Number(text.into()) };
        self.with(name, raw)
    }

    /// Adds a yes/no fact.
    pub fn flag(self, name: impl Into<String>, value: bool) -> Self {
        self.with(name, Raw::Bool(value))
    }
}

/// Reads a JSON facts file: `{"units": [{"unit": "…", "facts": {"name": value, …}}, …]}`.
/// Numbers are read from their text, never through floating point; a leading byte-order mark
/// and a top-level `"rubric"` entry (as [`crate::template_json`] writes) are allowed. A fact
/// given twice for a unit is kept twice, so that scoring reports it (`rubric::duplicate-fact`);
/// a unit given twice is refused. The budgets are [`FactsLimits::default`].
///
/// ```
/// let units = rubric::facts::from_json(r#"{"units": [{"unit": "乌审旗", "facts": {"完成率": "87.5%", "次数": 3}}]}"#)?;
/// assert_eq!(units[0].unit, "乌审旗");
/// assert_eq!(units[0].values.len(), 2);
/// # Ok::<(), rubric::FactsError>(())
/// ```
pub fn from_json(text: &str) -> Result<Vec<UnitFacts>, FactsError> {
    from_json_with(text, &FactsLimits::default())
}

/// [`from_json`] within the given budgets: a text beyond `max_bytes`, or nested beyond
/// `max_depth`, is refused (`rubric::facts-budget`) before it is parsed.
pub fn from_json_with(text: &str, limits: &FactsLimits) -> Result<Vec<UnitFacts>, FactsError> {
    limits.check_size(text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(at) = read::too_deep(read::json_brackets(text), limits.max_depth) {
        let (line, column) = read::line_col(text, at);
        return Err(read::too_deep_message(line, column, limits.max_depth));
    }
    let file: FileJson = serde_json::from_str(text)
        .map_err(|e| FactsError::Json(JsonError { message: words::json(&e), line: e.line(), column: e.column() }))?;
    let mut seen = Seen::default();
    let mut out = Vec::with_capacity(file.units.len());
    for (i, u) in file.units.into_iter().enumerate() {
        let unit = unit_of(u, limits).map_err(|e| match e {
            Bad::Shape(e) => e,
            Bad::NoName => FactsError::Shape(ShapeError {
                message: words::no_name(Some(place(text, &unit_starts(text), i, false))),
            }),
        })?;
        if let Some(first) = seen.admit(&unit, i) {
            let starts = unit_starts(text);
            // Two units on one line are told apart by their columns.
            let (a, b) = (place(text, &starts, first, false), place(text, &starts, i, false));
            let columns = matches!((a, b), (Given::Entry(Some(x), _), Given::Entry(Some(y), _)) if x == y);
            let (a, b) = (place(text, &starts, first, columns), place(text, &starts, i, columns));
            return Err(read::twice(&unit, a, b));
        }
        out.push(unit);
    }
    Ok(out)
}

/// Where the unit at `index` of a JSON file's `units` starts: its line, and its column when
/// `column` (two units on one line are told apart by their columns).
fn place(text: &str, starts: &[usize], index: usize, column: bool) -> Given {
    match starts.get(index) {
        Some(&at) => {
            let (line, c) = read::line_col(text, at);
            Given::Entry(Some((line, column.then_some(c))), index + 1)
        }
        None => Given::Entry(None, index + 1),
    }
}

/// Where each unit of a JSON facts file starts: every `{` opened inside the top-level array
/// (a file that parsed has one, `units`).
fn unit_starts(text: &str) -> Vec<usize> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (at, open) in read::json_brackets(text) {
        if open {
            depth += 1;
            if depth == 3 && text.as_bytes().get(at) == Some(&b'{') {
                out.push(at);
            }
        } else {
            depth = depth.saturating_sub(1);
        }
    }
    out
}

/// Reads one line of a JSON-lines facts stream: `{"unit": "…", "facts": {"name": value, …}}`,
/// read exactly as [`from_json`] reads a unit. Blank lines are for the caller to skip; an
/// error gives line 1, for the caller to set to the line's number in the stream. [`json_lines`]
/// reads a whole stream.
///
/// ```
/// let u = rubric::facts::from_json_line(r#"{"unit": "乌审旗", "facts": {"次数": 3}}"#)?;
/// assert_eq!((u.unit.as_str(), u.values.len()), ("乌审旗", 1));
/// # Ok::<(), rubric::FactsError>(())
/// ```
pub fn from_json_line(line: &str) -> Result<UnitFacts, FactsError> {
    json_line_with(line, &FactsLimits::default(), 1)
}

/// [`from_json_line`] within the given budget of nesting.
fn json_line_with(line: &str, limits: &FactsLimits, at_line: usize) -> Result<UnitFacts, FactsError> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if let Some(at) = read::too_deep(read::json_brackets(line), limits.max_depth) {
        return Err(read::too_deep_message(at_line, column_of(line, at + 1), limits.max_depth));
    }
    let u: UnitJson = serde_json::from_str(line).map_err(|e| {
        FactsError::JsonLine(JsonLineError {
            message: words::json(&e),
            line: at_line,
            column: column_of(line, e.column()),
        })
    })?;
    unit_of(u, limits).map_err(|e| match e {
        Bad::Shape(e) => e,
        Bad::NoName => FactsError::Shape(ShapeError { message: words::no_name(None) }),
    })
}

/// serde_json counts bytes; people count characters.
fn column_of(line: &str, byte_column: usize) -> usize {
    line.get(..byte_column.saturating_sub(1)).map_or(byte_column, |b| b.chars().count() + 1)
}

/// Reads a JSON-lines facts stream one unit at a time (one unit a line, blank lines skipped),
/// so that memory does not grow with the number of units: each line is read within
/// `max_row_bytes`, checked as UTF-8 as every facts file is, read as [`from_json_line`] reads
/// it, and a unit given twice is refused with both lines, as [`from_json`] refuses it. The
/// first error ends the stream.
///
/// ```
/// let text = "{\"unit\": \"甲\", \"facts\": {\"次数\": 3}}\n\n{\"unit\": \" 甲 \", \"facts\": {\"次数\": 1}}\n";
/// let read: Vec<_> = rubric::facts::json_lines(text.as_bytes(), &Default::default()).collect();
/// assert_eq!(read[0].as_ref().unwrap().unit, "甲");
/// assert_eq!(read[1].as_ref().unwrap_err().to_string(), "unit `甲` is given twice, on line 1 and on line 3; keep one line per unit");
/// ```
pub fn json_lines<R: std::io::BufRead>(reader: R, limits: &FactsLimits) -> JsonLines<R> {
    JsonLines { reader, limits: *limits, line: 0, offset: 0, seen: Seen::default(), buf: Vec::new(), done: false }
}

/// The units of a JSON-lines stream; made by [`json_lines`].
pub struct JsonLines<R> {
    reader: R,
    limits: FactsLimits,
    line: usize,
    offset: usize,
    seen: Seen,
    buf: Vec<u8>,
    done: bool,
}

impl<R: std::io::BufRead> JsonLines<R> {
    fn read(&mut self) -> Option<Result<UnitFacts, FactsError>> {
        use std::io::{BufRead, Read};
        loop {
            self.buf.clear();
            let limit = self.limits.max_row_bytes;
            let read = (&mut self.reader).take(limit as u64 + 1).read_until(b'\n', &mut self.buf);
            let n = match read {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => {
                    return Some(Err(FactsError::Shape(ShapeError {
                        message: words::line_unreadable(self.line + 1, &e),
                    })));
                }
            };
            self.line += 1;
            let line = self.line;
            let bytes = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
            if bytes.len() > limit {
                return Some(Err(FactsError::Budget(BudgetError { message: words::line_too_long(line, limit) })));
            }
            let start = self.offset;
            self.offset += n;
            let unit = match json_lines_cut::line_unit(bytes, line, start, &self.limits) {
                Some(Ok(u)) => u,
                Some(Err(e)) => return Some(Err(e)),
                None => continue,
            };
            return Some(match self.seen.admit(&unit, line) {
                Some(first) => Err(read::twice(&unit, Given::Line(first), Given::Line(line))),
                None => Ok(unit),
            });
        }
    }
}

impl<R: std::io::BufRead> Iterator for JsonLines<R> {
    type Item = Result<UnitFacts, FactsError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.read();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// Why a unit of a JSON file is refused.
enum Bad {
    Shape(FactsError),
    NoName,
}

/// A unit as read from JSON, its values kept as their text, its name and period tidied as
/// every reader tidies them.
fn unit_of(u: UnitJson, limits: &FactsLimits) -> Result<UnitFacts, Bad> {
    let mut values = Vec::with_capacity(u.facts.0.len());
    for (k, v) in u.facts.0 {
        let raw = match v {
            serde_json::Value::Number(n) => Raw::Number(n.to_string()),
            serde_json::Value::String(s) => Raw::Text(s),
            serde_json::Value::Bool(b) => Raw::Bool(b),
            serde_json::Value::Null => Raw::Null,
            serde_json::Value::Array(items) => records::from_json(&k, &u.unit, items, limits).map_err(Bad::Shape)?,
            other => {
                let object = matches!(other, serde_json::Value::Object(_));
                return Err(Bad::Shape(FactsError::Shape(ShapeError {
                    message: words::not_single(&k, &u.unit, object),
                })));
            }
        };
        values.push((k, raw));
    }
    let mut unit = UnitFacts { unit: u.unit, period: u.period, values, places: Vec::new() };
    if !read::tidy(&mut unit) {
        return Err(Bad::NoName);
    }
    Ok(unit)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileJson {
    #[serde(default)]
    #[allow(dead_code)]
    rubric: Option<String>,
    units: Vec<UnitJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitJson {
    unit: String,
    #[serde(default)]
    period: Option<String>,
    facts: FactMap,
}

/// A JSON object read as a list of pairs, so that duplicate keys are seen rather than dropped.
struct FactMap(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for FactMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FactMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of fact names and values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FactMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v));
                }
                Ok(FactMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Whether a cell holds a spreadsheet's error value, as Excel and WPS write them: `#N/A`,
/// `#DIV/0!`, `#VALUE!`, `#REF!`, `#NAME?`, `#NUM!`, `#NULL!` and the newer `#SPILL!` ….
pub fn is_error_value(t: &str) -> bool {
    const ERRORS: &[&str] = &[
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#GETTING_DATA",
        "#DATA!",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#EXTERNAL!",
        "#PYTHON!",
    ];
    let t = t.trim();
    ERRORS.iter().any(|e| e.eq_ignore_ascii_case(t))
}

/// Reads one raw value as a value of the given fact type. A date must have a four-digit year
/// within [`rubric_syntax::YEARS`]; [`read_fact`] reads one for a fact that declares its range.
pub fn read_value(ty: FactType, raw: &Raw) -> Result<Value, BadValue> {
    read_fact(ty, raw, false).map_err(|why| BadValue { expected: ty, why })
}

/// Reads the value of a `kind` fact: one of its `names`, as text, held as the name's index
/// ([`read_fact`] has no names, so no value is a kind's there).
pub(crate) fn read_kind(names: &[String], raw: &Raw) -> Result<Value, BadFact> {
    let allowed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let t = match raw {
        Raw::Text(t) => t.trim(),
        _ => "",
    };
    match names.iter().position(|n| n == t) {
        Some(i) => Ok(Value::Num(Decimal::from(i))),
        None => {
            let near = crate::diag::closest(t, names.iter().map(String::as_str), 0.5).map(str::to_string);
            let found = if matches!(raw, Raw::Text(_)) { format!("`{t}`") } else { raw.to_string() };
            Err(BadFact::NotKindName { found, names: allowed, near })
        }
    }
}

/// Reads one raw value as a value of a fact of the given type; `ranged` says whether the fact
/// declares its range (`in [..]`), which then decides the years a date may have.
pub(crate) fn read_fact(ty: FactType, raw: &Raw, ranged: bool) -> Result<Value, BadFact> {
    let found = || raw.to_string();
    if let Raw::Text(t) = raw {
        let t = t.trim();
        if is_error_value(t) {
            return Err(BadFact::ErrorValue { text: t.to_string() });
        }
        let digits = t.trim_end_matches(['%', '％']).trim_end();
        if ty != FactType::Date
            && ty != FactType::Bool
            && digits.contains(['e', 'E'])
            && parse_decimal(digits).is_some()
        {
            return Err(BadFact::Scientific { text: t.to_string() });
        }
    }
    match ty {
        FactType::Kind | FactType::List => Err(records::not_read(ty, found())),
        FactType::Bool => match raw {
            Raw::Bool(b) => Ok(Value::Bool(*b)),
            Raw::Text(t) => match crate::facts::text::bool_word(t) {
                Some(b) => Ok(Value::Bool(b)),
                None => Err(BadFact::NotYesNo { found: found() }),
            },
            _ => Err(BadFact::NotYesNo { found: found() }),
        },
        FactType::Date => match raw {
            Raw::Text(t) => date_value(t, raw, ranged),
            _ => Err(BadFact::NotDate { found: found() }),
        },
        FactType::Percent => {
            let (text, pct) = match raw {
                Raw::Number(n) => (n.as_str(), false),
                Raw::Text(t) => {
                    let t = t.trim();
                    match t.strip_suffix(['%', '％']) {
                        Some(n) => (n.trim(), true),
                        None => (t, false),
                    }
                }
                _ => return Err(BadFact::NotPercent { found: found() }),
            };
            let text = crate::facts::text::number_text(text).unwrap_or(Cow::Borrowed(text));
            let n = parse_decimal(&text).ok_or_else(|| BadFact::NotPercent { found: found() })?;
            // A bare number is read as neither 87.5% nor 0.875 by guessing: only 0 means one thing.
            if !pct && !n.is_zero() {
                let shown = n.normalize();
                return Err(BadFact::NoPercentSign {
                    found: found(),
                    shown: shown.to_string(),
                    fraction: n.checked_mul(Decimal::ONE_HUNDRED).map(|p| p.normalize().to_string()),
                });
            }
            if pct {
                let v =
                    n.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| BadFact::PercentOutOfRange { found: found() })?;
                if v.checked_mul(Decimal::ONE_HUNDRED) != Some(n) {
                    return Err(BadFact::PercentDigits { found: found() });
                }
                Ok(Value::Num(v))
            } else {
                Ok(Value::Num(n))
            }
        }
        FactType::Count | FactType::Number | FactType::Points => {
            let text = match raw {
                Raw::Number(n) => n.as_str(),
                Raw::Text(t) => t.trim(),
                _ => return Err(BadFact::NotNumber { found: found() }),
            };
            let n = crate::facts::text::number_text(text).and_then(|t| parse_decimal(&t)).ok_or_else(|| {
                if text.contains([',', '，']) {
                    BadFact::DecimalComma { found: found() }
                } else if read_date(text).is_some() {
                    BadFact::DateForNumber { found: found() }
                } else {
                    BadFact::NotNumber { found: found() }
                }
            })?;
            if ty == FactType::Count && (n.is_sign_negative() && !n.is_zero() || n.scale() != 0 && !n.fract().is_zero())
            {
                return Err(BadFact::NotCount { found: found() });
            }
            if ty == FactType::Points && n.is_sign_negative() && !n.is_zero() {
                return Err(BadFact::NegativePoints { found: found() });
            }
            Ok(Value::Num(n))
        }
    }
}

/// Reads `2024-07-31`, `2024/7/31` or `2024年7月31日`: a day of the calendar with a year of four
/// digits (`24-1-5` is not read as the year 24).
pub fn read_date(t: &str) -> Option<NaiveDate> {
    let t = crate::facts::text::date_text(t).ok()?;
    let (y, m, d) = date_parts(&t)?;
    if y.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The year, month and day of a date as written, if it has that shape.
fn date_parts(t: &str) -> Option<(&str, &str, &str)> {
    let t = t.trim().trim_end_matches('日');
    let mut parts = t.split(['-', '/', '.', '年', '月']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (parts.next().is_none() && digits(y) && digits(m) && digits(d)).then_some((y, m, d))
}

/// A date fact's value: a calendar day with a four-digit year, within [`rubric_syntax::YEARS`]
/// unless the fact declares its range.
fn date_value(t: &str, raw: &Raw, ranged: bool) -> Result<Value, BadFact> {
    let t = &crate::facts::text::date_text(t)?;
    if let Some((y, m, d)) = date_parts(t)
        && y.len() != 4
    {
        let example = (y.len() == 2).then(|| format!("20{y}-{m:0>2}-{d:0>2}"));
        return Err(BadFact::ShortYear { found: raw.to_string(), digits: y.len(), example });
    }
    let date = read_date(t).ok_or_else(|| BadFact::NotDate { found: raw.to_string() })?;
    let year = chrono::Datelike::year(&date);
    let years = rubric_syntax::YEARS;
    if !ranged && !years.contains(&year) {
        return Err(BadFact::YearOutside { found: raw.to_string(), year });
    }
    Ok(Value::Date(date))
}

impl fmt::Display for UnitFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.unit)
    }
}
