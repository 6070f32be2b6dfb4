//! Aggregates over a list of records compiled in the program: `count(L [where C])`,
//! `count(L [where C] by F)`, `sum/mean/max/min(L [where C], E [, else D])`, `any(L [where C])`
//! and `all(L [where C], C2)`, the condition and value compiled over a record's fields like
//! any other expression of the program (a field read is `Num::Field`, `Cond::Field`,
//! `Date::Field`), run as one loop over the unit's records. `sum(L by F, max E)` is not
//! compiled: a derived value holding it stays with the general expression evaluator
//! (`program/lists.rs`).
//!
//! Exactness: the loop computes what `eval::lists::agg` computes, in the same arithmetic. Any
//! failure inside the aggregate (a field missing, an overflow, a division by zero in a
//! condition, `max` over no records without `else`) stops the program with [`Stop::Off`], and
//! the general evaluator scores the unit and says what went wrong; a division by zero is never
//! handed to the derived value's `on zero` from here.

use super::{Any, Cc, Cond, LetOp, ty_kind};
use crate::eval::machine::{Regs, S, Stop};
use crate::plan::exact::{Q, V, cmp_same};
use crate::plan::lists::AggDef;
use crate::plan::{LetDef, Plan};
use crate::value::Value;
use chrono::NaiveDate;
use rubric_syntax::ast::AggFunc;
use rust_decimal::Decimal;

/// A compiled aggregate.
#[derive(Debug, Clone)]
pub(crate) struct Agg {
    pub(crate) func: AggFunc,
    /// The list fact's slot.
    pub(crate) list: usize,
    pub(crate) filter: Option<Cond>,
    /// The field `count(L by F)` counts the distinct values of.
    pub(crate) by: Option<usize>,
    /// The value of a record (`sum`, `mean`, `max`, `min`) or the condition of `all`.
    pub(crate) arg: Option<Any>,
    /// The value over no records (`else`), read at the unit.
    pub(crate) default: Option<Any>,
}

/// Any failure inside an aggregate: the general evaluator scores the unit.
#[inline(always)]
fn off<T>(s: S<T>) -> S<T> {
    s.map_err(|_| Stop::Off)
}

impl Agg {
    /// The aggregate's value for the unit of `r`.
    pub(crate) fn eval(&self, r: Regs<'_>) -> S<V> {
        let records = r.lists.iter().find(|(s, _)| *s == self.list).map(|(_, rs)| rs).ok_or(Stop::Off)?;
        let taken = |rec: &[Value]| -> S<bool> {
            match &self.filter {
                Some(c) => off(c.eval(Regs { record: rec, ..r })),
                None => Ok(true),
            }
        };
        let value = |rec: &[Value]| -> S<V> {
            match &self.arg {
                Some(a) => off(a.eval(Regs { record: rec, ..r })),
                None => Err(Stop::Off),
            }
        };
        Ok(match self.func {
            AggFunc::Count => {
                let mut n: usize = 0;
                let mut groups = Groups::default();
                for rec in records {
                    if taken(rec)? {
                        n += 1;
                        if let Some(k) = self.by {
                            groups.add(rec.get(k).copied().ok_or(Stop::Off)?)?;
                        }
                    }
                }
                let n = if self.by.is_some() { groups.count() } else { n };
                V::Num(Q::int(i64::try_from(n).map_err(|_| Stop::Off)?))
            }
            // Every record's condition is worked out, as the general evaluator does.
            AggFunc::Any => {
                let mut any = false;
                for rec in records {
                    any |= taken(rec)?;
                }
                V::Bool(any)
            }
            AggFunc::All => {
                let mut all = true;
                for rec in records {
                    if taken(rec)? && all {
                        all = value(rec)?.bool().ok_or(Stop::Off)?;
                    }
                }
                V::Bool(all)
            }
            AggFunc::Sum | AggFunc::Mean => {
                let (mut sum, mut n) = (Q::ZERO, 0i64);
                for rec in records {
                    if taken(rec)? {
                        let v = value(rec)?.num().ok_or(Stop::Off)?;
                        sum = sum.add(v).map_err(|_| Stop::Off)?;
                        n = n.checked_add(1).ok_or(Stop::Off)?;
                    }
                }
                if self.func == AggFunc::Sum {
                    V::Num(sum)
                } else if n == 0 {
                    self.empty(r)?
                } else {
                    V::Num(sum.div(Q::int(n)).ok_or(Stop::Off)?.map_err(|_| Stop::Off)?)
                }
            }
            AggFunc::Max | AggFunc::Min => {
                let mut best: Option<V> = None;
                for rec in records {
                    if taken(rec)? {
                        let v = value(rec)?;
                        best = Some(match best {
                            None => v,
                            Some(b) => {
                                let o = cmp_same(&b, &v).ok_or(Stop::Off)?;
                                // The first of equal values stays, as in `eval::lists::agg`.
                                let keep = if self.func == AggFunc::Max { o.is_ge() } else { o.is_le() };
                                if keep { b } else { v }
                            }
                        });
                    }
                }
                match best {
                    Some(v) => v,
                    None => self.empty(r)?,
                }
            }
        })
    }

    /// The `else` value; without one, a stop (the general evaluator reports the empty list).
    fn empty(&self, r: Regs<'_>) -> S<V> {
        match &self.default {
            Some(d) => off(d.eval(r)),
            None => Err(Stop::Off),
        }
    }

    pub(crate) fn num(&self, r: Regs<'_>) -> S<Q> {
        self.eval(r)?.num().ok_or(Stop::Off)
    }

    pub(crate) fn cond(&self, r: Regs<'_>) -> S<bool> {
        self.eval(r)?.bool().ok_or(Stop::Off)
    }

    pub(crate) fn date(&self, r: Regs<'_>) -> S<NaiveDate> {
        match self.eval(r)? {
            V::Date(d) => Ok(d),
            _ => Err(Stop::Off),
        }
    }
}

/// The distinct values of a field, as `eval::lists::agg` tells them apart (numbers by value,
/// `1.0` and `1` alike): whole numbers 0 to 63 (months, counts, kinds) in a bitset, others in
/// a short list, sorted at the end; nothing allocated for the first.
#[derive(Default)]
struct Groups {
    small: u64,
    more: Vec<(u8, Decimal)>,
}

impl Groups {
    fn add(&mut self, v: Value) -> S<()> {
        let key = match v {
            Value::Num(n) => {
                let n = if n.scale() == 0 { n } else { n.normalize() };
                if n.scale() == 0
                    && let Ok(i) = u32::try_from(n.mantissa())
                    && i < 64
                {
                    self.small |= 1u64 << i;
                    return Ok(());
                }
                (0, n)
            }
            Value::Date(d) => (1, Decimal::from(chrono::Datelike::num_days_from_ce(&d))),
            Value::Bool(b) => (2, Decimal::from(u8::from(b))),
            Value::NotApplicable => return Err(Stop::Off),
        };
        self.more.push(key);
        Ok(())
    }

    fn count(mut self) -> usize {
        self.more.sort_unstable();
        self.more.dedup();
        self.small.count_ones() as usize + self.more.len()
    }
}

/// A derived value that reads a list, compiled with its aggregates; `None` when some part is
/// not compiled (it then stays with the general expression evaluator, `program/lists.rs`).
pub(crate) fn of(r: &Plan, l: &LetDef) -> Option<LetOp> {
    let cc = Cc { r, fields: None, aggs: true };
    let k = ty_kind(l.ty);
    let on_zero = match &l.on_zero {
        Some(z) => Some(cc.any(z, k)?),
        None => None,
    };
    Some(LetOp::Compiled { expr: cc.any(&l.expr, k)?, on_zero })
}

impl Cc<'_> {
    /// The field of the record read, if `s` reads one (in an aggregate's condition or value).
    pub(super) fn field(&self, s: usize) -> Option<u32> {
        self.fields?;
        u32::try_from(crate::plan::lists::field_read(s)?).ok()
    }

    /// An aggregate, its condition and value compiled over the list's fields.
    pub(super) fn agg(&self, a: &AggDef) -> Option<Agg> {
        // Not inside a record, not in rows, not `sum(L by F, max E)`.
        if !self.aggs || self.fields.is_some() || a.pick.is_some() {
            return None;
        }
        let fields = self.r.facts.get(a.list)?.fields.as_slice();
        if fields.is_empty() {
            return None;
        }
        let rec = Cc { r: self.r, fields: Some(fields), aggs: false };
        let filter = match &a.filter {
            Some(f) => Some(rec.cond(f)?),
            None => None,
        };
        let arg = match (a.func, &a.arg) {
            (AggFunc::Count | AggFunc::Any, None) => None,
            (AggFunc::All, Some(c)) => Some(Any::Cond(rec.cond(c)?)),
            (AggFunc::Sum | AggFunc::Mean, Some(e)) => Some(Any::Num(rec.num(e)?)),
            (AggFunc::Max | AggFunc::Min, Some(e)) => Some(rec.any(e, rec.kind(e)?)?),
            _ => return None,
        };
        let by = match (a.func, a.by) {
            (_, None) => None,
            (AggFunc::Count, Some(k)) if k < fields.len() => Some(k),
            _ => return None,
        };
        let default = match (a.func, &a.default) {
            (AggFunc::Max | AggFunc::Min | AggFunc::Mean, Some(d)) => Some(self.any(d, self.kind(d)?)?),
            (_, _) => None,
        };
        Some(Agg { func: a.func, list: a.list, filter, by, arg, default })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
    use crate::eval::program::LetOp;

    const RULES: &str = include_str!("../../../../../tests/program/list-lets.rubric");

    /// Every derived value over a list is compiled but `sum(L by F, max E)`, which stays with
    /// the general expression evaluator.
    #[test]
    fn list_lets_are_compiled_but_the_best_per_group() {
        let load = crate::load("r.rubric", &crate::MemoryLoader::new().with("r.rubric", RULES));
        let r = load.into_rubric().expect("tests/program/list-lets.rubric loads");
        let program = r.layout().program.as_ref().expect("a compiled program");
        let general: Vec<&str> = r
            .lets
            .iter()
            .zip(&program.lets)
            .filter(|(_, op)| matches!(op, LetOp::List(_)))
            .map(|(l, _)| l.name.as_str())
            .collect();
        assert_eq!(general, ["分月最高"]);
    }

    /// Seed 000's count of late payments is compiled, and scored by the whole-number program.
    #[test]
    fn seed_000_lets_are_compiled() {
        let loader = crate::MemoryLoader::new()
            .with("rules/wushen-2024.rubric", include_str!("../../../../../rules/wushen-2024.rubric"))
            .with("rules/calendars/cn-2024.rubric", include_str!("../../../../../rules/calendars/cn-2024.rubric"));
        let r = crate::load("rules/wushen-2024.rubric", &loader).into_rubric().expect("seed 000 loads");
        let program = r.layout().program.as_ref().expect("a compiled program");
        assert!(program.lets.iter().all(|op| matches!(op, LetOp::Compiled { .. })));
        assert!(r.layout().fixed.is_some(), "the whole-number program is made");
    }
}
