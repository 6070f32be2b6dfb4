//! The records of a list fact (`fact 事故: list { 等级: kind 一般/较大/重大 … }`): read from a JSON
//! array of objects or a TOML array of tables, held as raw values ([`Raw::Records`]) until the
//! unit is scored, then read field by field against the list's declaration, every problem at
//! once. A second table of a CSV or workbook (one row per event, with a unit column) fills the
//! same lists through [`UnitFacts::push_record`].

use crate::facts::error::{BudgetError, ShapeError};
use crate::facts::{BadFact, FactsError, FactsLimits, Raw, UnitFacts};
use crate::plan::FactDef;
use crate::value::Value;

/// One record as given: field names and raw values, in the order given.
pub type RawRecord = Vec<(String, Raw)>;

impl UnitFacts {
    /// Adds a record to the list fact `list`, making the list if it was not given yet: the entry
    /// point of a reader that gives a list one record (one row of a table) at a time.
    pub fn push_record(&mut self, list: &str, record: RawRecord) {
        for (name, raw) in &mut self.values {
            if name == list
                && let Raw::Records(rs) = raw
            {
                rs.push(record);
                return;
            }
        }
        self.values.push((list.to_string(), Raw::Records(vec![record])));
        if !self.places.is_empty() {
            self.places.push(None);
        }
    }
}

/// Refuses a list of more records than the budget holds.
pub(crate) fn check_count(n: usize, fact: &str, unit: &str, limits: &FactsLimits) -> Result<(), FactsError> {
    if n > limits.max_records {
        return Err(FactsError::Budget(BudgetError {
            message: format!(
                "list `{}` of unit `{}` has {n} records, beyond the budget `max_records` of {}",
                rubric_syntax::clean(fact),
                rubric_syntax::clean(unit.trim()),
                limits.max_records
            ),
        }));
    }
    Ok(())
}

/// A JSON array given for a fact: a list of records, each an object of single values.
pub(crate) fn from_json(
    fact: &str,
    unit: &str,
    items: Vec<serde_json::Value>,
    limits: &FactsLimits,
) -> Result<Raw, FactsError> {
    check_count(items.len(), fact, unit, limits)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let shape = |what: &str| {
            FactsError::Shape(ShapeError {
                message: format!(
                    "record {} of list `{}` of unit `{}` {what}; a record is an object of single values: {{\"等级\": \"一般\", \"发生日期\": \"2024-03-01\"}}",
                    i + 1,
                    rubric_syntax::clean(fact),
                    rubric_syntax::clean(unit.trim())
                ),
            })
        };
        let serde_json::Value::Object(map) = item else { return Err(shape("is not an object")) };
        let mut record = Vec::with_capacity(map.len());
        for (k, v) in map {
            let raw = match v {
                serde_json::Value::Number(n) => Raw::Number(n.to_string()),
                serde_json::Value::String(s) => Raw::Text(s),
                serde_json::Value::Bool(b) => Raw::Bool(b),
                serde_json::Value::Null => Raw::Null,
                _ => {
                    return Err(shape(&format!("has field `{}` that is not a single value", rubric_syntax::clean(&k))));
                }
            };
            record.push((k, raw));
        }
        out.push(record);
    }
    Ok(Raw::Records(out))
}

/// Reads a list fact's records against its fields: every record's problems, each naming the
/// record (1-based), the field and the value.
pub(crate) fn read(def: &FactDef, raw: &Raw) -> Result<Vec<Box<[Value]>>, Vec<BadFact>> {
    let Raw::Records(records) = raw else {
        return Err(vec![BadFact::ValueNotList { found: raw.to_string() }]);
    };
    let mut out = Vec::with_capacity(records.len());
    let mut bad = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let record = i + 1;
        let mut values: Vec<Option<Value>> = vec![None; def.fields.len()];
        for (name, raw) in r {
            let Some((k, field)) = def.fields.iter().enumerate().find(|(_, f)| f.name == *name) else {
                let near = crate::diag::closest(name, def.fields.iter().map(|f| f.name.as_str()), 0.5);
                bad.push(BadFact::UnknownField { record, field: name.clone(), near: near.map(str::to_string) });
                continue;
            };
            if values.get(k).is_some_and(Option::is_some) {
                bad.push(BadFact::InRecord { record, field: name.clone(), why: Box::new(BadFact::FieldTwice) });
                continue;
            }
            let read = match raw {
                Raw::Null => Err(BadFact::NoValue),
                Raw::Records(rs) => Err(BadFact::ListNotValue { records: rs.len() }),
                _ => field.read(raw).and_then(|v| in_range(field, v)),
            };
            match read {
                Ok(v) => {
                    if let Some(slot) = values.get_mut(k) {
                        *slot = Some(v);
                    }
                }
                Err(why) => bad.push(BadFact::InRecord { record, field: name.clone(), why: Box::new(why) }),
            }
        }
        let mut full = Vec::with_capacity(values.len());
        for (v, f) in values.into_iter().zip(&def.fields) {
            match v {
                Some(v) => full.push(v),
                None if r.iter().any(|(n, _)| *n == f.name) => {}
                None => bad.push(BadFact::MissingField { record, field: f.name.clone() }),
            }
        }
        if full.len() == def.fields.len() {
            out.push(full.into_boxed_slice());
        }
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}

/// A field's value within its declared range (a percent within 0%–100% unless declared).
fn in_range(field: &FactDef, v: Value) -> Result<Value, BadFact> {
    let ok = match (&field.range, field.ty) {
        (Some(r), _) => r.contains(v),
        (None, rubric_syntax::ast::FactType::Percent) => {
            v.num().is_some_and(|n| n >= rust_decimal::Decimal::ZERO && n <= rust_decimal::Decimal::ONE)
        }
        _ => true,
    };
    if ok {
        return Ok(v);
    }
    let shown = v.show(field.value_ty());
    Err(match &field.range {
        Some(r) => BadFact::OutsideRange { shown, range: r.text.clone() },
        None => BadFact::NotARate { shown },
    })
}
