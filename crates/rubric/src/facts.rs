//! Facts: the values each unit supplies, read exactly from JSON (or built in code) and bound to slots.

use crate::error::{FactProblem, FactsError};
use crate::plan::Rubric;
use crate::value::Value;
use chrono::NaiveDate;
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

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
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Number(n) => write!(f, "{n}"),
            Raw::Text(t) => write!(f, "\"{}\"", rubric_syntax::clean(t)),
            Raw::Bool(b) => write!(f, "{b}"),
            Raw::Null => f.write_str("null"),
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

/// Where a value was read in a facts file, for messages: a CSV cell, or a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based row (CSV) or line (TOML).
    pub row: usize,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) => write!(f, "row {}, column {}", self.row, column_letters(c)),
            None => write!(f, "line {}", self.row),
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
/// given twice for a unit is kept twice, so that scoring reports it (`rubric::duplicate-fact`).
///
/// ```
/// let units = rubric::facts::from_json(r#"{"units": [{"unit": "乌审旗", "facts": {"完成率": "87.5%", "次数": 3}}]}"#)?;
/// assert_eq!(units[0].unit, "乌审旗");
/// assert_eq!(units[0].values.len(), 2);
/// # Ok::<(), rubric::FactsError>(())
/// ```
pub fn from_json(text: &str) -> Result<Vec<UnitFacts>, FactsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: FileJson = serde_json::from_str(text).map_err(|e| FactsError::Json {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    })?;
    file.units.into_iter().map(unit_of).collect()
}

/// Reads one line of a JSON-lines facts stream: `{"unit": "…", "facts": {"name": value, …}}`,
/// read exactly as [`from_json`] reads a unit. Blank lines are for the caller to skip; an
/// error gives line 1, for the caller to set to the line's number in the stream.
///
/// ```
/// let u = rubric::facts::from_json_line(r#"{"unit": "乌审旗", "facts": {"次数": 3}}"#)?;
/// assert_eq!((u.unit.as_str(), u.values.len()), ("乌审旗", 1));
/// # Ok::<(), rubric::FactsError>(())
/// ```
pub fn from_json_line(line: &str) -> Result<UnitFacts, FactsError> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let u: UnitJson = serde_json::from_str(line).map_err(|e| {
        // serde_json ends its message with the position, which the error gives on its own.
        let message = e.to_string();
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_string();
        // serde_json counts bytes; people count characters.
        let column = line.get(..e.column().saturating_sub(1)).map_or(e.column(), |b| b.chars().count() + 1);
        FactsError::JsonLine { message, line: 1, column }
    })?;
    unit_of(u)
}

/// A unit as read from JSON, its values kept as their text.
fn unit_of(u: UnitJson) -> Result<UnitFacts, FactsError> {
    let mut values = Vec::with_capacity(u.facts.0.len());
    for (k, v) in u.facts.0 {
        let raw = match v {
            serde_json::Value::Number(n) => Raw::Number(n.to_string()),
            serde_json::Value::String(s) => Raw::Text(s),
            serde_json::Value::Bool(b) => Raw::Bool(b),
            serde_json::Value::Null => Raw::Null,
            other => {
                return Err(FactsError::Shape {
                    message: format!("fact `{k}` of unit `{}` is {}, not a single value", u.unit, kind_of(&other)),
                });
            }
        };
        values.push((k, raw));
    }
    Ok(UnitFacts { unit: u.unit, period: u.period, values, places: Vec::new() })
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
        _ => "a value",
    }
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

/// Reads an exact decimal from text: plain (`87.5`) or scientific (`1.5e2`).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')) {
        return None;
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.contains(['e', 'E']) {
        let d = Decimal::from_scientific(t).ok()?;
        // Refuse anything the scientific reading could not hold exactly.
        let (mant, exp) = t.split_once(['e', 'E'])?;
        let exp: i64 = exp.parse().ok()?;
        let digits = mant.replace(['.', '-'], "");
        let frac = mant.split_once('.').map(|(_, f)| f.len() as i64).unwrap_or(0);
        if frac.saturating_sub(exp) > 28 || digits.trim_start_matches('0').len() > 28 {
            return None;
        }
        Some(d)
    } else {
        Decimal::from_str_exact(t).ok()
    }
}

/// Reads one raw value as a value of the given fact type. A date must have a four-digit year
/// within [`rubric_syntax::YEARS`]; [`read_fact`] reads one for a fact that declares its range.
pub fn read_value(ty: FactType, raw: &Raw) -> Result<Value, String> {
    read_fact(ty, raw, false)
}

/// Reads one raw value as a value of a fact of the given type; `ranged` says whether the fact
/// declares its range (`in [..]`), which then decides the years a date may have.
pub(crate) fn read_fact(ty: FactType, raw: &Raw, ranged: bool) -> Result<Value, String> {
    if let Raw::Text(t) = raw {
        let t = t.trim();
        if is_error_value(t) {
            return Err(format!(
                "`{t}` is a spreadsheet's error value (a formula that failed), not a value; correct the formula or type the value"
            ));
        }
        let digits = t.trim_end_matches(['%', '％']).trim_end();
        if ty != FactType::Date
            && ty != FactType::Bool
            && digits.contains(['e', 'E'])
            && parse_decimal(digits).is_some()
        {
            return Err(format!(
                "`{t}` is a number in scientific notation, as a spreadsheet shows a long number: its digits are lost; format the cell as a number with all its digits (or as text) and save again"
            ));
        }
    }
    match ty {
        FactType::Bool => match raw {
            Raw::Bool(b) => Ok(Value::Bool(*b)),
            Raw::Text(t) => match t.trim().to_lowercase().as_str() {
                "是" | "true" | "yes" | "y" | "对" | "√" | "✓" => Ok(Value::Bool(true)),
                "否" | "false" | "no" | "n" | "×" | "✗" => Ok(Value::Bool(false)),
                _ => Err(format!("expected yes or no (是/否, true/false), found {raw}")),
            },
            _ => Err(format!("expected yes or no (是/否, true/false), found {raw}")),
        },
        FactType::Date => match raw {
            Raw::Text(t) => date_value(t, raw, ranged),
            _ => Err(format!("expected a date such as \"2024-07-31\", found {raw}")),
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
                _ => return Err(format!("expected a percent such as \"87.5%\", found {raw}")),
            };
            let n = parse_decimal(text).ok_or_else(|| format!("expected a percent such as \"87.5%\", found {raw}"))?;
            // A bare number is read as neither 87.5% nor 0.875 by guessing: only 0 means one thing.
            if !pct && !n.is_zero() {
                let shown = n.normalize();
                return Err(match n.checked_mul(Decimal::ONE_HUNDRED) {
                    Some(p) => format!(
                        "{raw} has no `%`, so it could mean {shown}% or, read as a fraction, {}%; write the percent with its `%` (`{shown}%` or `{}%`)",
                        p.normalize(),
                        p.normalize()
                    ),
                    None => format!("{raw} has no `%`; write the percent with its `%`, e.g. `{shown}%`"),
                });
            }
            if pct {
                let v = n.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| format!("{raw} is out of range"))?;
                if v.checked_mul(Decimal::ONE_HUNDRED) != Some(n) {
                    return Err(format!("{raw} has more digits than can be held exactly"));
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
                _ => return Err(format!("expected a number, found {raw}")),
            };
            let n = parse_decimal(text).ok_or_else(|| format!("expected a number, found {raw}"))?;
            if ty == FactType::Count && (n.is_sign_negative() && !n.is_zero() || n.scale() != 0 && !n.fract().is_zero())
            {
                return Err(format!("a count is a whole number of 0 or more, found {raw}"));
            }
            if ty == FactType::Points && n.is_sign_negative() && !n.is_zero() {
                return Err(format!("points cannot be negative, found {raw}"));
            }
            Ok(Value::Num(n))
        }
    }
}

/// Reads `2024-07-31`, `2024/7/31` or `2024年7月31日`: a day of the calendar with a year of four
/// digits (`24-1-5` is not read as the year 24).
pub fn read_date(t: &str) -> Option<NaiveDate> {
    let (y, m, d) = date_parts(t)?;
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
fn date_value(t: &str, raw: &Raw, ranged: bool) -> Result<Value, String> {
    if let Some((y, m, d)) = date_parts(t)
        && y.len() != 4
    {
        let example = if y.len() == 2 { format!(", e.g. \"20{y}-{m:0>2}-{d:0>2}\"") } else { String::new() };
        return Err(format!("{raw} has a {}-digit year; write the year with four digits{example}", y.len()));
    }
    let date = read_date(t).ok_or_else(|| format!("expected a date such as 2024-07-31, found {raw}"))?;
    let year = chrono::Datelike::year(&date);
    let years = rubric_syntax::YEARS;
    if !ranged && !years.contains(&year) {
        return Err(format!(
            "{raw} has the year {year}, outside {}–{}; correct the year, or declare the fact's range (`in [..]`) if such dates are real",
            years.start(),
            years.end()
        ));
    }
    Ok(Value::Date(date))
}

/// Binds a unit's facts to the rubric's slots, reporting every problem at once; with `needed`,
/// only the facts whose slot is marked must be given.
pub(crate) fn bind_needed(
    rubric: &Rubric,
    unit: &UnitFacts,
    needed: Option<&[bool]>,
) -> Result<Vec<Option<Value>>, FactsError> {
    let mut slots: Vec<Option<Value>> = vec![None; rubric.facts.len() + rubric.lets.len()];
    let mut problems = Vec::new();
    // Which slots were given, and the unknown names given (for duplicates): no quadratic search.
    let mut given = vec![false; rubric.facts.len()];
    let mut unknown: Vec<&str> = Vec::new();
    for (i, (name, raw)) in unit.values.iter().enumerate() {
        let at = || unit.places.get(i).cloned().flatten().map(|p| format!(" ({p})")).unwrap_or_default();
        // Facts usually come in the order declared (as `template` writes them): try that first.
        let slot = match rubric.facts.get(i) {
            Some(f) if &f.name == name => Some(i),
            _ => rubric.facts.iter().position(|f| &f.name == name),
        };
        let repeated = match slot {
            Some(s) => given.get_mut(s).map(|g| std::mem::replace(g, true)).unwrap_or(false),
            None if unknown.contains(&name.as_str()) => true,
            None => {
                unknown.push(name);
                false
            }
        };
        if repeated {
            problems.push(FactProblem::Duplicate { fact: format!("{name}{}", at()) });
            continue;
        }
        let Some(slot) = slot else {
            let best = crate::diag::closest(name, rubric.facts.iter().map(|f| f.name.as_str()), 0.5);
            problems
                .push(FactProblem::Unknown { fact: format!("{name}{}", at()), suggestion: best.map(str::to_string) });
            continue;
        };
        let Some(def) = rubric.facts.get(slot) else { continue };
        if *raw == Raw::Null {
            if needed.map_or(def.used, |m| m.get(slot).copied().unwrap_or(false)) {
                problems
                    .push(FactProblem::Invalid { fact: format!("{name}{}", at()), message: "no value given".into() });
            }
            continue;
        }
        match read_fact(def.ty, raw, def.range.is_some()) {
            Ok(v) => {
                let range_ok = match (&def.range, def.ty) {
                    (Some(r), _) => r.contains(v),
                    (None, FactType::Percent) => v.num().is_some_and(|n| n >= Decimal::ZERO && n <= Decimal::ONE),
                    _ => true,
                };
                if !range_ok {
                    let shown = v.show(def.value_ty());
                    let message = match (&def.range, def.ty) {
                        (Some(r), _) => format!("{shown} is outside the allowed range {}", r.text),
                        _ => format!(
                            "{shown} is not between 0% and 100%; correct the value, or declare the fact's range if a rate can be higher (`in [0, 150%]`)"
                        ),
                    };
                    problems.push(FactProblem::Invalid { fact: format!("{name}{}", at()), message });
                    continue;
                }
                if let Some(s) = slots.get_mut(slot) {
                    *s = Some(v);
                }
            }
            Err(message) => problems.push(FactProblem::Invalid { fact: format!("{name}{}", at()), message }),
        }
    }
    for (slot, def) in rubric.facts.iter().enumerate() {
        let must = match needed {
            Some(mask) => mask.get(slot).copied().unwrap_or(false),
            None => def.used,
        };
        if must && slots.get(slot).is_some_and(Option::is_none) && !given.get(slot).copied().unwrap_or(false) {
            problems.push(FactProblem::Missing { fact: def.name.clone(), needed_by: needed_by(rubric, slot) });
        }
    }
    if problems.is_empty() { Ok(slots) } else { Err(FactsError::Unit { unit: unit.unit.clone(), problems }) }
}

/// The nodes and derived values that read a slot, directly or through derived values.
fn needed_by(rubric: &Rubric, slot: usize) -> Vec<String> {
    let base = rubric.facts.len();
    let mut hit: Vec<usize> = vec![slot];
    let mut out = Vec::new();
    for (i, l) in rubric.lets.iter().enumerate() {
        if l.reads.iter().any(|r| hit.contains(r)) {
            hit.push(base + i);
            out.push(format!("`{}`", l.name));
        }
    }
    for n in &rubric.nodes {
        let reads = crate::eval::rule_reads(n);
        if reads.iter().any(|r| hit.contains(r)) {
            out.push(if n.id.is_empty() { "the rubric".to_string() } else { format!("item `{}`", n.id) });
        }
    }
    out
}

impl fmt::Display for UnitFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.unit)
    }
}
