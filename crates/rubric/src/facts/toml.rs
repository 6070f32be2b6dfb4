//! Facts from a TOML file: one `[[units]]` table per unit, its facts under `[units.facts]`.
//!
//! ```toml
//! [[units]]
//! unit = "乌审旗"
//! [units.facts]
//! 核查完成数 = 175
//! 完成率 = "87.5%"
//! 已召开 = true
//! 发放日期 = 2024-07-31
//! ```
//!
//! Numbers are read from their text in the file, never through floating point: `0.1` is exactly
//! 0.1, and a number that cannot be held exactly is an error, not rounded. Every value keeps its
//! line for messages. `facts = { … }` inline tables and `units = [{ … }]` work too.
//!
//! One departure from TOML: a key may be written bare in Chinese (`核查完成数 = 175`), as people
//! write fact names. TOML allows only `A-Za-z0-9_-` in a bare key, so such keys are quoted before
//! the file is parsed; `"核查完成数" = 175` means the same.

use crate::facts::FactsError;
use crate::facts::error::TomlError;
use crate::facts::read::{FactsLimits, Seen, line_col};
use crate::facts::words::table::{self, Toml as T};
use crate::facts::words::{Given, Words};
use crate::facts::{Place, Raw, UnitFacts};
use crate::value::parse_decimal;
use std::ops::Range;
use toml_edit::{Document, Item, TableLike, Value};

/// Reads a TOML facts file within the default budgets ([`FactsLimits::default`]). A leading
/// byte-order mark is ignored.
pub fn from_toml(text: &str) -> Result<Vec<UnitFacts>, FactsError> {
    from_toml_with(text, &FactsLimits::default())
}

/// [`from_toml`] within the given budgets: a text beyond `max_bytes`, or nested beyond
/// `max_depth`, is refused (`rubric::facts-budget`) before it is parsed: the TOML parsers
/// recurse once per level of nesting.
pub fn from_toml_with(text: &str, limits: &FactsLimits) -> Result<Vec<UnitFacts>, FactsError> {
    limits.check_size(text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(at) = super::read::too_deep(brackets(text), limits.max_depth) {
        let (line, column) = line_col(text, at);
        return Err(super::read::too_deep_message(line, column, limits.max_depth));
    }
    let (quoted, added) = quote_bare_keys(text);
    let doc = Document::parse(quoted.as_str()).map_err(|e| {
        let at = e.span().map_or(0, |s| original_offset(s.start, &added));
        let found = e.span().and_then(|s| quoted.get(s)).map(|k| k.trim_matches(['"', '\'']));
        err(text, at, table::toml(e.message().trim_end(), found))
    })?;
    let root = doc.as_table();
    let r = Reader { original: text, text: quoted.as_str(), added: &added, limits };
    for (key, item) in root.iter() {
        match key {
            "units" => {}
            "rubric" => {
                if item.as_str().is_none() {
                    return Err(r.at(item.span(), T::RubricNotText));
                }
            }
            other => {
                let span = root.key(other).and_then(|k| k.span());
                return Err(r.at(span, T::UnknownKey(other)));
            }
        }
    }
    let tables: Vec<(&dyn TableLike, Option<Range<usize>>)> = match root.get("units") {
        None => return Err(r.at(None, T::NoUnits)),
        Some(Item::ArrayOfTables(a)) => a.iter().map(|t| (t as &dyn TableLike, t.span())).collect(),
        Some(Item::Value(Value::Array(a))) => {
            let mut v = Vec::with_capacity(a.len());
            for item in a.iter() {
                match item.as_inline_table() {
                    Some(t) => v.push((t as &dyn TableLike, t.span())),
                    None => return Err(r.at(item.span(), T::EntryNotTable)),
                }
            }
            v
        }
        Some(other) => {
            return Err(r.at(other.span(), T::UnitsNotArray));
        }
    };
    let mut out: Vec<UnitFacts> = Vec::with_capacity(tables.len());
    let mut seen = Seen::default();
    for (table, span) in tables {
        let unit = r.unit(table, span.clone())?;
        let line = r.line_of(span.map_or(0, |s| s.start));
        if let Some(first) = seen.admit(&unit, line) {
            return Err(super::read::twice(&unit, Given::Table(first), Given::Table(line)));
        }
        out.push(unit);
    }
    Ok(out)
}

/// The brackets of a TOML text outside its strings and comments, as (offset, is an opening
/// bracket), from `toml_parser`'s lexer, which does not recurse.
fn brackets(text: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    use toml_parser::lexer::TokenKind;
    toml_parser::Source::new(text).lex().filter_map(|t| match t.kind() {
        TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => Some((t.span().start(), true)),
        TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => Some((t.span().start(), false)),
        _ => None,
    })
}

/// Reads the parsed document; spans are in `text` (with quotes added), messages point into `original`.
struct Reader<'t> {
    original: &'t str,
    text: &'t str,
    added: &'t [usize],
    limits: &'t FactsLimits,
}

impl Reader<'_> {
    fn line_of(&self, at: usize) -> usize {
        line_col(self.original, original_offset(at, self.added)).0
    }

    fn at(&self, span: Option<Range<usize>>, fault: T<'_>) -> FactsError {
        err(self.original, span.map_or(0, |s| original_offset(s.start, self.added)), fault.words())
    }

    fn unit(&self, table: &dyn TableLike, span: Option<Range<usize>>) -> Result<UnitFacts, FactsError> {
        for (key, _) in table.iter() {
            if key != "unit" && key != "facts" && key != "period" {
                return Err(self.at(table.key(key).and_then(|k| k.span()), T::UnknownUnitKey(key)));
            }
        }
        let unit = match table.get("unit") {
            None => return Err(self.at(span, T::NoName)),
            Some(item) => match item.as_str() {
                Some(s) if !s.trim().is_empty() => s.trim().to_string(),
                Some(_) => return Err(self.at(item.span(), T::EmptyName)),
                None => return Err(self.at(item.span(), T::NameNotText)),
            },
        };
        let period = match table.get("period") {
            None => None,
            Some(item) => match item.as_str() {
                Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Some(_) => None,
                _ => {
                    return Err(self.at(item.span(), T::PeriodNotText));
                }
            },
        };
        let facts = match table.get("facts") {
            None => return Err(self.at(span, T::NoFacts(&unit))),
            Some(item) => match item.as_table_like() {
                Some(t) => t,
                None => return Err(self.at(item.span(), T::FactsNotTable(&unit))),
            },
        };
        let mut out = UnitFacts::new(unit.clone());
        out.period = period;
        for (name, item) in facts.iter() {
            let key_span = facts.key(name).and_then(|k| k.span());
            if let Some(records) = self.records(name, &unit, item)? {
                let line = self.line_of(item.span().or(key_span).map_or(0, |s| s.start));
                out.values.push((name.to_string(), records));
                out.places.push(Some(Place { row: line, column: None, sheet: None }));
                continue;
            }
            let Item::Value(value) = item else {
                return Err(self.at(key_span, T::FactIsTable(name, &unit)));
            };
            let raw = self.raw(name, &unit, value)?;
            let line = self.line_of(value.span().or(key_span).map_or(0, |s| s.start));
            out.values.push((name.to_string(), raw));
            out.places.push(Some(Place { row: line, column: None, sheet: None }));
        }
        Ok(out)
    }

    /// The records of a list fact: an array of tables (`[[units.facts.事故]]`) or an array of
    /// inline tables (`事故 = [{等级 = "一般"}, …]`); `None` for any other value.
    fn records(&self, name: &str, unit: &str, item: &Item) -> Result<Option<Raw>, FactsError> {
        let tables: Vec<&dyn TableLike> = match item {
            Item::ArrayOfTables(a) => a.iter().map(|t| t as &dyn TableLike).collect(),
            Item::Value(Value::Array(a)) if a.iter().all(Value::is_inline_table) => {
                a.iter().filter_map(Value::as_inline_table).map(|t| t as &dyn TableLike).collect()
            }
            _ => return Ok(None),
        };
        crate::facts::records::check_count(tables.len(), name, unit, self.limits)?;
        let mut out = Vec::with_capacity(tables.len());
        for (i, t) in tables.into_iter().enumerate() {
            let mut record = Vec::new();
            for (field, v) in t.iter() {
                let Item::Value(v) = v else {
                    return Err(self.at(v.span(), T::FieldNotSingle(i + 1, name, unit, field)));
                };
                record.push((field.to_string(), self.raw(&format!("{name}.{field}"), unit, v)?));
            }
            out.push(record);
        }
        Ok(Some(Raw::Records(out)))
    }

    fn raw(&self, name: &str, unit: &str, value: &Value) -> Result<Raw, FactsError> {
        let source = value.span().and_then(|s| self.text.get(s));
        Ok(match value {
            Value::String(s) => Raw::Text(s.value().clone()),
            Value::Boolean(b) => Raw::Bool(*b.value()),
            Value::Integer(i) => Raw::Number(i.value().to_string()),
            Value::Float(_) => {
                let Some(src) = source else {
                    return Err(self.at(value.span(), T::NoNumber(name, unit)));
                };
                let digits = src.replace('_', "");
                if parse_decimal(&digits).is_none() {
                    let infinite = digits.contains(['i', 'n']);
                    return Err(self.at(value.span(), T::Inexact(name, unit, src, infinite)));
                }
                Raw::Number(digits)
            }
            // A date, as written: `2024-07-31`; a date with a time is passed on as text and
            // refused when read as a date.
            Value::Datetime(d) => Raw::Text(source.map_or_else(|| d.value().to_string(), str::to_string)),
            Value::Array(_) | Value::InlineTable(_) => {
                return Err(self.at(value.span(), T::NotSingle(name, unit, value.is_array())));
            }
        })
    }
}

fn err(text: &str, at: usize, message: Words) -> FactsError {
    let (line, column) = line_col(text, at);
    FactsError::Toml(TomlError { message, line, column })
}

/// Quotes bare keys that hold characters TOML does not allow bare (Chinese fact names), so that
/// `核查完成数 = 175` reads as `"核查完成数" = 175`. Returns the text and the offsets (in the
/// returned text) of the quotes added. Only keys are touched, never values; a key that cannot be
/// quoted simply is left for the parser to report.
fn quote_bare_keys(text: &str) -> (String, Vec<usize>) {
    use toml_parser::parser::{EventKind, parse_document};
    let source = toml_parser::Source::new(text);
    let tokens = source.lex().into_vec();
    let mut events: Vec<toml_parser::parser::Event> = Vec::new();
    let mut errors: Vec<toml_parser::ParseError> = Vec::new();
    parse_document(&tokens, &mut events, &mut errors);
    let mut out = String::with_capacity(text.len() + 16);
    let mut added = Vec::new();
    let mut done = 0;
    for e in events {
        if e.kind() != EventKind::SimpleKey || e.encoding().is_some() {
            continue;
        }
        let (start, end) = (e.span().start(), e.span().end());
        let Some(key) = text.get(start..end) else { continue };
        if key.is_ascii() || start < done || key.contains(['"', '\\']) || key.chars().any(char::is_control) {
            continue;
        }
        out.push_str(text.get(done..start).unwrap_or_default());
        added.push(out.len());
        out.push('"');
        out.push_str(key);
        added.push(out.len());
        out.push('"');
        done = end;
    }
    out.push_str(text.get(done..).unwrap_or_default());
    (out, added)
}

/// The offset in the original text of an offset in the text with quotes added.
fn original_offset(at: usize, added: &[usize]) -> usize {
    at.saturating_sub(added.iter().filter(|&&q| q < at).count())
}
