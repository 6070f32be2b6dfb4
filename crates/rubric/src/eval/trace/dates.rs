//! The working-day functions an explained step used, with their values and the calendar that
//! decided them (`next_workday(应办日)=2024-10-21（2024年节假日：2024-10-20 当天或其后第一个工作日）`).

use super::Trace;
use crate::eval::{Env, Meter, Rubric, eval};
use crate::plan::CExpr;
use crate::plan::exact::V;
use crate::report::breakdown::{Aside, FactUse};
use crate::value::{Ty, Value};
use rubric_syntax::ast::Func;

impl Trace {
    /// Each call of a working-day function in `exprs`, and in the derived values they read,
    /// with its value for this unit; a call that gives no value is left out (its error is the
    /// unit's).
    pub(super) fn day_uses(&self, rubric: &Rubric, exprs: &[&CExpr]) -> Vec<FactUse> {
        let meter = Meter::new(None);
        let env = Env {
            facts: &self.facts,
            lets: &self.work.lets,
            cohort: Some(&self.work.cohort),
            meter: &meter,
            cals: &rubric.calendars,
            pending: crate::eval::lazy::Pending::default(),
            scored: Some(crate::eval::Scored::Done(&rubric.refs, &self.work.nodes)),
            lists: &self.lists,
            record: None,
        };
        let base = rubric.facts.len();
        let tables = rubric.render_tables();
        let mut out: Vec<FactUse> = Vec::new();
        let mut seen_lets = Vec::new();
        let mut stack: Vec<&CExpr> = exprs.iter().rev().copied().collect();
        while let Some(e) = stack.pop() {
            match e {
                // A value that calls no working-day function, nor reads one that does, shows
                // none: not looked into.
                CExpr::Slot(s) if *s >= base && !seen_lets.contains(s) && tables.calendar_let(s - base) => {
                    seen_lets.push(*s);
                    if let Some(l) = rubric.lets.get(s - base) {
                        stack.push(&l.expr);
                    }
                }
                CExpr::Call(f, args) => {
                    if f.is_calendar()
                        && let Some(u) = use_of(rubric, *f, args, e, env)
                        && !out.contains(&u)
                    {
                        out.push(u);
                    }
                    stack.extend(args.iter().rev());
                }
                CExpr::Unary(_, a) => stack.push(a),
                CExpr::Binary(_, a, b, _) => stack.extend([b.as_ref(), a.as_ref()]),
                CExpr::If(c, a, b) => stack.extend([b.as_ref(), a.as_ref(), c.as_ref()]),
                // Inside an aggregate a call has a value for each record, not one: only its
                // `else` value is read once.
                CExpr::Agg(a) => stack.extend(a.default.as_ref()),
                CExpr::Const(_) | CExpr::Slot(_) | CExpr::Cohort(_) | CExpr::Node(_) => {}
            }
        }
        out
    }
}

/// One call's value and what is said beside it.
fn use_of(rubric: &Rubric, f: Func, args: &[CExpr], call: &CExpr, env: Env<'_>) -> Option<FactUse> {
    let day = |i: usize| match eval(args.get(i)?, env).ok()? {
        V::Date(d) => Some(d),
        _ => None,
    };
    let show = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let first = day(0)?;
    let value = eval(call, env).ok()?.value();
    let aside = match f {
        Func::Workday => {
            let calendar = rubric.calendars.name_for(first)?.to_string();
            Aside::Workday { day: show(first), working: matches!(value, Value::Bool(true)), calendar }
        }
        Func::NextWorkday => {
            let calendar = rubric.calendars.name_for(first)?.to_string();
            Aside::NextWorkday { day: show(first), calendar }
        }
        _ => {
            let last = day(1)?;
            let calendar = rubric.calendars.name_for(last.max(first))?.to_string();
            Aside::Workdays { from: show(first), to: show(last), calendar }
        }
    };
    let ty = match value {
        Value::Num(_) => Ty::Number,
        Value::Bool(_) => Ty::Bool,
        Value::Date(_) | Value::NotApplicable => Ty::Date,
    };
    let name = format!("{}({})", f.name(), args.iter().map(|a| arg_text(rubric, a)).collect::<Vec<_>>().join(", "));
    let (value, text) = super::reads::shared(value.show_and_text(ty));
    Some(FactUse { name: name.into(), value, text, aside: Some(aside) })
}

/// An argument as written, where it is a name or a constant; `…` for anything longer.
fn arg_text(rubric: &Rubric, a: &CExpr) -> String {
    let base = rubric.facts.len();
    match a {
        CExpr::Slot(s) if *s < base => rubric.facts.get(*s).map_or("…".into(), |f| f.name.clone()),
        CExpr::Slot(s) => rubric.lets.get(s - base).map_or("…".into(), |l| l.name.clone()),
        CExpr::Const(v) => v.show(match v {
            Value::Num(_) => Ty::Number,
            Value::Bool(_) => Ty::Bool,
            Value::Date(_) | Value::NotApplicable => Ty::Date,
        }),
        _ => "…".into(),
    }
}
