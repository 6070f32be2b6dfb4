//! The records of a list fact (`fact 事故: list { 等级: kind 一般/较大/重大 … }`): read from a JSON
//! array of objects or a TOML array of tables, held as raw values ([`Raw::Records`]) until the
//! unit is scored, then read field by field against the list's declaration, every problem at
//! once ([`crate::plan::FactDef::records`]). A second table of a CSV or workbook (one row per event, with a unit column) fills the
//! same lists through [`UnitFacts::push_record`].

use crate::facts::error::{BudgetError, ShapeError};
use crate::facts::{BadFact, FactsError, FactsLimits, Raw, UnitFacts};

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
            message: crate::facts::words::too_many_records(fact, unit, n, limits.max_records),
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
        let shape = |field: Option<&str>| {
            FactsError::Shape(ShapeError { message: crate::facts::words::bad_record(i + 1, fact, unit, field) })
        };
        let serde_json::Value::Object(map) = item else { return Err(shape(None)) };
        let mut record = Vec::with_capacity(map.len());
        for (k, v) in map {
            let raw = match v {
                serde_json::Value::Number(n) => Raw::Number(n.to_string()),
                serde_json::Value::String(s) => Raw::Text(s),
                serde_json::Value::Bool(b) => Raw::Bool(b),
                serde_json::Value::Null => Raw::Null,
                _ => {
                    return Err(shape(Some(&k)));
                }
            };
            record.push((k, raw));
        }
        out.push(record);
    }
    Ok(Raw::Records(out))
}

/// Why a raw value is not read as a kind or a list by the reader of single values: a kind is read
/// by its names and a list by its records ([`crate::plan::FactDef::read`]).
pub(crate) fn not_read(ty: rubric_syntax::ast::FactType, found: String) -> BadFact {
    match ty {
        rubric_syntax::ast::FactType::List => BadFact::ValueNotList { found },
        _ => BadFact::NotKindName { found, names: String::new(), near: None },
    }
}
