//! The date functions in the general and reference evaluators: `days`, `date` and the
//! working-day functions, computed by `plan::calendar`, and their errors for the unit.

use super::{Env, Fail, V, eval};
use crate::eval::error::{EvalError, NoSuchDateError, OutsideCalendarError};
use crate::plan::CExpr;
use crate::plan::calendar::{DayFail, DayVal};
use rubric_syntax::ast::Func;

/// Calls date function `f` on its arguments, each evaluated in `env`.
pub(super) fn call(f: Func, args: &[CExpr], env: Env<'_>) -> Result<V, Fail> {
    let mut vals = Vec::with_capacity(args.len());
    for a in args {
        vals.push(match eval(a, env)? {
            V::Num(q) => DayVal::Num(q),
            V::Date(d) => DayVal::Date(d),
            V::Bool(b) => DayVal::Bool(b),
            V::NotApplicable => return Err(Fail::Missing),
        });
    }
    let v = crate::plan::calendar::call(f, &vals, env.cals).ok_or(Fail::Internal("a call that is no date function"))?;
    Ok(match v.map_err(Fail::Day)? {
        DayVal::Num(q) => V::Num(q),
        DayVal::Date(d) => V::Date(d),
        DayVal::Bool(b) => V::Bool(b),
    })
}

/// The error for the unit of a date function that gave no value in `what`.
pub(super) fn error(unit: &str, what: &str, f: DayFail) -> EvalError {
    match f {
        DayFail::NoSuchDate([y, m, d]) => EvalError::NoSuchDate(NoSuchDateError {
            unit: unit.to_string(),
            what: what.to_string(),
            values: format!("{}, {}, {}", y.to_dec(), m.to_dec(), d.to_dec()),
        }),
        DayFail::Outside(day) => EvalError::OutsideCalendar(OutsideCalendarError {
            unit: unit.to_string(),
            what: what.to_string(),
            date: day.format("%Y-%m-%d").to_string(),
        }),
        DayFail::Args => EvalError::internal(unit.to_string(), "a date function given a value of another type"),
    }
}
