//! Lists of records (`fact 事故: list { 等级: kind 一般/较大/重大 … }`) in the compiled form: an
//! aggregate over a list (`count(事故 where 等级 == 一般)`, `sum(表彰 by 工作项目, max 加分)`) and the
//! reads of a record's fields. A list fact's slot holds its number of records; its records are
//! bound beside the slots (`eval::lists`).

use crate::plan::CExpr;
use crate::value::Ty;
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
