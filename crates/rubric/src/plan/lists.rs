//! Lists of records (`fact 事故: list { 等级: kind 一般/较大/重大 … }`) in the compiled form: an
//! aggregate over a list (`count(事故 where 等级 == 一般)`, `sum(表彰 by 工作项目, max 加分)`) and the
//! reads of a record's fields. A list fact's slot holds its number of records; its records are
//! bound beside the slots (`eval::lists`).

use crate::facts::{BadFact, Raw};
use crate::plan::{CExpr, FactDef};
use crate::value::{Ty, Value};
use rubric_syntax::ast::{AggFunc, AggPick};

/// Marks a field of the record being read among the slots an expression reads: `FIELD | i` is
/// field `i` of the record (only inside an aggregate's condition or value).
pub const FIELD: usize = 1 << (usize::BITS - 2);

/// The field a read names, if it names one of the record being read.
pub fn field_read(read: usize) -> Option<usize> {
    (read & FIELD != 0 && read & crate::plan::COHORT == 0).then_some(read & !FIELD)
}

/// An aggregate over a list fact's records.
#[derive(Debug, Clone)]
pub struct AggDef {
    /// `count`, `any`, `all`, `sum`, `max`, `min` or `mean`.
    pub func: AggFunc,
    /// The list fact's slot.
    pub list: usize,
    /// The condition a record must meet to be taken (`where`).
    pub filter: Option<CExpr>,
    /// The field the records are grouped by (`by`): `count` counts its distinct values, `sum`
    /// adds the value `pick` takes in each group.
    pub by: Option<usize>,
    /// The value taken in each group of `sum(L by F, max E)`.
    pub pick: Option<AggPick>,
    /// The value of a record (`sum`, `max`, `min`, `mean`) or the condition of `all`.
    pub arg: Option<CExpr>,
    /// The value of `max`, `min` or `mean` over no records (`else`).
    pub default: Option<CExpr>,
    /// The type of the result.
    pub ty: Ty,
    /// The call as written: `count(事故 where 等级 == 一般)`.
    pub text: String,
    /// The list as written with its condition and group: `事故 where 等级 == 一般`.
    pub over: String,
    /// The facts and derived values of the unit it reads (the list's slot first).
    pub reads: Vec<usize>,
    /// The name of the field of `by`, if any.
    pub by_name: Option<String>,
    /// The value of a record as written (`加分`), if any.
    pub of: Option<String>,
}

impl AggDef {
    /// The sub-expressions evaluated for a record or for the unit.
    pub fn parts(&self) -> impl Iterator<Item = &CExpr> {
        self.filter.iter().chain(self.arg.iter()).chain(self.default.iter())
    }
}

impl FactDef {
    /// Reads a list fact's records against its fields: every record's problems, each naming the
    /// record (from 1), the field and the value. The records' values one record after another
    /// (each a value of every field, in the fields' order), and how many records.
    pub(crate) fn records(&self, raw: &Raw) -> Result<(Vec<Value>, usize), Vec<BadFact>> {
        read(self, raw)
    }
}

/// The values of every record, one record after another, and how many records.
fn read(def: &FactDef, raw: &Raw) -> Result<(Vec<Value>, usize), Vec<BadFact>> {
    let Raw::Records(records) = raw else {
        return Err(vec![BadFact::ValueNotList { found: raw.to_string() }]);
    };
    let mut out = Vec::with_capacity(records.len() * def.fields.len());
    let mut count = 0usize;
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
            let read = read_field(field, raw);
            match read {
                Ok(v) => {
                    if let Some(slot) = values.get_mut(k) {
                        *slot = Some(v);
                    }
                }
                Err(why) => bad.push(BadFact::InRecord { record, field: name.clone(), why: Box::new(why) }),
            }
        }
        let mut full = true;
        for (v, f) in values.iter().zip(&def.fields) {
            match v {
                Some(_) => {}
                None if r.iter().any(|(n, _)| *n == f.name) => full = false,
                None => {
                    full = false;
                    bad.push(BadFact::MissingField { record, field: f.name.clone() });
                }
            }
        }
        // Whole records only: a value for each field, in the fields' order.
        if full && values.len() == def.fields.len() {
            out.extend(values.into_iter().flatten());
            count += 1;
        }
    }
    if bad.is_empty() { Ok((out, count)) } else { Err(bad) }
}

/// One field's value of a record: read by its type, within its declared range.
pub(crate) fn read_field(field: &FactDef, raw: &Raw) -> Result<Value, BadFact> {
    match raw {
        Raw::Null => Err(BadFact::NoValue),
        Raw::Records(rs) => Err(BadFact::ListNotValue { records: rs.len() }),
        _ => field.read(raw).and_then(|v| in_range(field, v)),
    }
}

/// A field's value within its declared range (a percent within 0%–100% unless declared).
pub(crate) fn in_range(field: &FactDef, v: Value) -> Result<Value, BadFact> {
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
