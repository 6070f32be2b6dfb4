//! Date functions in the compiled program: a call of `days`, `date` or a working-day function,
//! its arguments compiled by kind, computed by `plan::calendar` with the rubric's calendars. A
//! date that does not exist or a day outside the calendars stops the program, and the general
//! evaluator scores the unit and says what went wrong.

use super::Any;
use crate::eval::machine::{Regs, S, Stop};
use crate::plan::calendar::{Calendars, DayVal};
use crate::plan::exact::{Q, V};
use chrono::NaiveDate;
use rubric_syntax::ast::Func;
use std::sync::Arc;

/// A call of a date function.
#[derive(Debug, Clone)]
pub(crate) struct DayCall {
    pub(crate) f: Func,
    pub(crate) args: Box<[Any]>,
    pub(crate) cals: Arc<Calendars>,
}

impl DayCall {
    fn eval(&self, r: Regs<'_>) -> S<DayVal> {
        let mut vals = Vec::with_capacity(self.args.len());
        for a in &self.args {
            vals.push(match a.eval(r)? {
                V::Num(q) => DayVal::Num(q),
                V::Date(d) => DayVal::Date(d),
                V::Bool(b) => DayVal::Bool(b),
                V::NotApplicable => return Err(Stop::Off),
            });
        }
        match crate::plan::calendar::call(self.f, &vals, &self.cals) {
            Some(Ok(v)) => Ok(v),
            _ => Err(Stop::Off),
        }
    }

    /// The call's value as a number.
    pub(crate) fn num(&self, r: Regs<'_>) -> S<Q> {
        match self.eval(r)? {
            DayVal::Num(q) => Ok(q),
            _ => Err(Stop::Off),
        }
    }

    /// The call's value as yes or no.
    pub(crate) fn cond(&self, r: Regs<'_>) -> S<bool> {
        match self.eval(r)? {
            DayVal::Bool(b) => Ok(b),
            _ => Err(Stop::Off),
        }
    }

    /// The call's value as a date.
    pub(crate) fn date(&self, r: Regs<'_>) -> S<NaiveDate> {
        match self.eval(r)? {
            DayVal::Date(d) => Ok(d),
            _ => Err(Stop::Off),
        }
    }
}
