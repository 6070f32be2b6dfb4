//! Lists of records when scoring: a unit's records bound beside its slots ([`Lists`]), and the
//! aggregates over them (`count`, `any`, `all`, `sum`, `max`, `min`, `mean`, with `where` and
//! `by`), each record's fields read through [`Env::record`], every step metered, exactly.

use crate::eval::{Env, Fail, eval, inexact, ordered};
use crate::plan::CExpr;
use crate::plan::exact::{Q, V};
use crate::plan::lists::AggDef;
use crate::value::Value;
use rubric_syntax::ast::{AggFunc, AggPick};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The records of a unit's list facts: each list's slot and its records, a record's values in
/// the order of the list's fields.
pub(crate) type Records = [(usize, ListRecords)];

/// The records of one list: each record's values in the order of the list's fields.
pub(crate) use crate::eval::list_records::ListRecords;

/// A unit's facts by slot, and its lists' records, as binding gives them.
pub(crate) type BoundFacts = (Vec<Option<Value>>, Vec<(usize, ListRecords)>);

/// [`Records`], shared by a bound unit and the traces made of it.
pub(crate) type Lists = std::sync::Arc<Records>;

/// The value of an aggregate for the unit of `env`.
pub(crate) fn agg(a: &AggDef, env: Env<'_>) -> Result<V, Fail> {
    let records = env.lists.iter().find(|(s, _)| *s == a.list).map(|(_, r)| r).ok_or_else(|| env.unset(a.list))?;
    let mut taken: Vec<&[Value]> = Vec::with_capacity(records.len());
    for r in records {
        env.meter.tick()?;
        if let Some(f) = &a.filter
            && !eval(f, Env { record: Some(r), ..env })?.bool().ok_or(Fail::Missing)?
        {
            continue;
        }
        taken.push(r);
    }
    let value = |r: &[Value]| -> Result<V, Fail> {
        let arg = a.arg.as_ref().ok_or(Fail::Internal("an aggregate without its value"))?;
        eval(arg, Env { record: Some(r), ..env })
    };
    let num = |r: &[Value]| -> Result<Q, Fail> { value(r)?.num().ok_or(Fail::Missing) };
    Ok(match a.func {
        AggFunc::Count => {
            let n = match a.by {
                Some(k) => taken.iter().map(|r| key(r, k)).collect::<Result<BTreeSet<_>, _>>()?.len(),
                None => taken.len(),
            };
            V::Num(whole(n)?)
        }
        AggFunc::Any => V::Bool(!taken.is_empty()),
        AggFunc::All => {
            for r in &taken {
                if !value(r)?.bool().ok_or(Fail::Missing)? {
                    return Ok(V::Bool(false));
                }
            }
            V::Bool(true)
        }
        AggFunc::Sum => match (a.by, a.pick) {
            (Some(k), Some(pick)) => best_per_group(&taken, k, pick, value)?,
            _ => {
                let mut sum = Q::ZERO;
                for r in &taken {
                    sum = sum.add(num(r)?).map_err(inexact)?;
                }
                V::Num(sum)
            }
        },
        AggFunc::Max | AggFunc::Min => {
            let mut best: Option<V> = None;
            for r in &taken {
                let v = value(r)?;
                best = Some(match best {
                    None => v,
                    Some(b) => {
                        let keep =
                            if a.func == AggFunc::Max { ordered(&b, &v)?.is_ge() } else { ordered(&b, &v)?.is_le() };
                        if keep { b } else { v }
                    }
                });
            }
            match best {
                Some(v) => v,
                None => empty(a, env)?,
            }
        }
        AggFunc::Mean => {
            if taken.is_empty() {
                return empty(a, env);
            }
            let mut sum = Q::ZERO;
            for r in &taken {
                sum = sum.add(num(r)?).map_err(inexact)?;
            }
            let n = whole(taken.len())?;
            V::Num(sum.div(n).ok_or(Fail::Internal("a mean of no records"))?.map_err(inexact)?)
        }
    })
}

/// `sum(L by F, max E)`: in each group of records with one value of field `k`, the greatest `E`
/// (the least for `min`), those summed.
fn best_per_group(
    taken: &[&[Value]],
    k: usize,
    pick: AggPick,
    value: impl Fn(&[Value]) -> Result<V, Fail>,
) -> Result<V, Fail> {
    let mut best: BTreeMap<(u8, Decimal), V> = BTreeMap::new();
    for r in taken {
        let v = value(r)?;
        let slot = best.entry(key(r, k)?).or_insert(v);
        let better = match pick {
            AggPick::Max => ordered(&v, slot)?.is_gt(),
            AggPick::Min => ordered(&v, slot)?.is_lt(),
        };
        if better {
            *slot = v;
        }
    }
    let mut sum = Q::ZERO;
    for v in best.values() {
        sum = sum.add(v.num().ok_or(Fail::Missing)?).map_err(inexact)?;
    }
    Ok(V::Num(sum))
}

/// How many records an aggregate was taken over: those that meet its condition.
pub(crate) fn taken(a: &AggDef, env: Env<'_>) -> Option<usize> {
    let records = env.lists.iter().find(|(s, _)| *s == a.list).map(|(_, r)| r)?;
    let mut n = 0;
    for r in records {
        let keep = match &a.filter {
            Some(f) => eval(f, Env { record: Some(r), ..env }).ok()?.bool()?,
            None => true,
        };
        n += usize::from(keep);
    }
    Some(n)
}

/// The aggregates an expression holds (not those inside another aggregate).
pub(crate) fn found(e: &CExpr) -> Vec<&AggDef> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            CExpr::Agg(a) => out.push(&**a),
            CExpr::Unary(_, a) => stack.push(a),
            CExpr::Binary(_, a, b, _) => stack.extend([&**a, &**b]),
            CExpr::Call(_, args) => stack.extend(args.iter()),
            CExpr::If(c, a, b) => stack.extend([&**c, &**a, &**b]),
            CExpr::Const(_) | CExpr::Slot(_) | CExpr::Cohort(_) | CExpr::Node(_) => {}
        }
    }
    out.reverse();
    out
}

/// The `else` value of an aggregate over no records; without one, an error for the unit.
fn empty(a: &AggDef, env: Env<'_>) -> Result<V, Fail> {
    match &a.default {
        Some(d) => eval(d, env),
        None => Err(Fail::Empty(a.text.clone().into_boxed_str())),
    }
}

/// A number of records as an exact value.
fn whole(n: usize) -> Result<Q, Fail> {
    i64::try_from(n).map(Q::int).map_err(|_| Fail::Overflow)
}

/// The value of field `k` of a record as a key that orders and tells values apart.
fn key(r: &[Value], k: usize) -> Result<(u8, Decimal), Fail> {
    Ok(match r.get(k).ok_or(Fail::Internal("a record without a field its list declares"))? {
        Value::Num(n) => (0, *n),
        Value::Date(d) => (1, Decimal::from(chrono::Datelike::num_days_from_ce(d))),
        Value::Bool(b) => (2, Decimal::from(u8::from(*b))),
        // A field is never 不适用 (`check/lists` declares fields without `optional`).
        Value::NotApplicable => return Err(Fail::Internal("a record's field is 不适用")),
    })
}

/// Binds a list fact's records: its slot holds their number; the problems of its records, if any.
pub(crate) fn bind(
    def: &crate::plan::FactDef,
    raw: &crate::facts::Raw,
    slot: usize,
    slots: &mut [Option<Value>],
    lists: &mut Vec<(usize, ListRecords)>,
) -> Vec<crate::facts::BadFact> {
    match def.records(raw) {
        Ok((values, count)) => {
            let records = ListRecords::owned(values, count, def.fields.len());
            if let Some(s) = slots.get_mut(slot) {
                *s = Some(Value::Num(Decimal::from(records.len())));
            }
            lists.push((slot, records));
            Vec::new()
        }
        Err(bad) => bad,
    }
}

/// The error of an aggregate over no records without `else`.
pub(crate) fn empty_error(unit: &str, call: &str) -> crate::eval::EvalError {
    let e = crate::eval::error::EmptyListError { unit: unit.to_string(), call: call.to_string() };
    crate::eval::EvalError::EmptyList(e)
}

impl crate::eval::Bound {
    /// A unit's facts and records bound by the rubric of `stamp`.
    pub(crate) fn of(
        unit: &crate::facts::UnitFacts,
        facts: Vec<Option<Value>>,
        lists: Vec<(usize, ListRecords)>,
        stamp: u64,
    ) -> Self {
        crate::eval::Bound {
            unit: unit.unit.as_str().into(),
            facts: facts.into(),
            rubric: stamp,
            lists: lists.into(),
            missing: None,
        }
    }

    /// The place expressions of this unit read their values: its facts and records, the derived
    /// values computed so far, its cohort figures, the nodes scored so far, the calendars.
    pub(crate) fn env<'a>(
        &'a self,
        lets: &'a [Option<V>],
        cohort: Option<&'a [Option<V>]>,
        meter: &'a crate::eval::Meter,
        scored: Option<crate::eval::Scored<'a>>,
        cals: &'a crate::plan::calendar::Calendars,
    ) -> Env<'a> {
        let pending = crate::eval::lazy::Pending { missing: self.missing.as_deref(), lets: &[] };
        Env { facts: &self.facts, lets, cohort, meter, lists: &self.lists, record: None, scored, cals, pending }
    }
}

impl Env<'_> {
    /// Field `FIELD | i` of the record read, if there is one.
    #[inline(never)]
    pub(super) fn field(&self, s: usize) -> Option<V> {
        let i = crate::plan::lists::field_read(s)?;
        self.record?.get(i).copied().map(V::of)
    }
}
