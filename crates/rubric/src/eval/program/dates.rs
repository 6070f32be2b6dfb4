//! Date functions in the compiled program: a call of `days`, `date` or a working-day function,
//! its arguments compiled by kind, computed by `plan::calendar` with the rubric's calendars. A
//! date that does not exist or a day outside the calendars stops the program, and the general
//! evaluator scores the unit and says what went wrong.

use super::{Any, Cc, K, Num};
use crate::eval::machine::{Regs, S, Stop};
use crate::plan::CExpr;
use crate::plan::calendar::{Calendars, DayVal, call as call_day};
use crate::plan::exact::{Q, V};
use crate::value::Value;
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
        // A date function takes at most three arguments: no allocation.
        let mut vals = [DayVal::Bool(false); 3];
        for (a, slot) in self.args.iter().zip(vals.iter_mut()) {
            *slot = match a.eval(r)? {
                V::Num(q) => DayVal::Num(q),
                V::Date(d) => DayVal::Date(d),
                V::Bool(b) => DayVal::Bool(b),
                V::NotApplicable => return Err(Stop::Off),
            };
        }
        let vals = vals.get(..self.args.len()).ok_or(Stop::Off)?;
        match crate::plan::calendar::call(self.f, vals, &self.cals) {
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

/// `next_workday(date(Y, m, D))` with a constant year `Y` and day `D`: the answer for each
/// month 1 to 12 worked out once, when the rubric is compiled. A month outside 1–12 (or not
/// whole), or one whose date or next working day is no answer, is computed by the call itself,
/// which stops as it would.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    month: Any,
    dates: [Option<NaiveDate>; 12],
    call: DayCall,
}

impl Table {
    #[inline]
    pub(crate) fn date(&self, r: Regs<'_>) -> S<NaiveDate> {
        // The month a whole-number field of the record (`date(2024, 月份, 20)`): read as written.
        if let Any::Num(Num::Field(j)) = &self.month
            && let Some(Value::Num(m)) = r.record.get(*j as usize)
            && m.scale() == 0
            && let Some(i) = m.mantissa().checked_sub(1).and_then(|i| usize::try_from(i).ok())
            && let Some(Some(d)) = self.dates.get(i)
        {
            return Ok(*d);
        }
        if let V::Num(m) = self.month.eval(r)?
            && let Some(m) = m.integer()
            && let Some(i) = m.checked_sub(1).and_then(|i| usize::try_from(i).ok())
            && let Some(Some(d)) = self.dates.get(i)
        {
            return Ok(*d);
        }
        self.call.date(r)
    }
}

impl Cc<'_> {
    /// The table of `next_workday(date(Y, m, D))`, when the call has that form.
    pub(super) fn table(&self, args: &[CExpr]) -> Option<Table> {
        let [CExpr::Call(Func::Date, ymd)] = args else { return None };
        let [CExpr::Const(Value::Num(y)), m, CExpr::Const(Value::Num(d))] = ymd.as_slice() else { return None };
        if self.kind(m)? != K::Num {
            return None;
        }
        let month = Any::Num(self.num(m)?);
        let call = *self.day_call(Func::NextWorkday, args)?;
        let cals = &self.r.calendars;
        let mut dates = [None; 12];
        for (m, slot) in (1i64..).zip(dates.iter_mut()) {
            let day = [DayVal::Num(Q::dec(*y)), DayVal::Num(Q::int(m)), DayVal::Num(Q::dec(*d))];
            let Some(Ok(DayVal::Date(day))) = call_day(Func::Date, &day, cals) else { continue };
            if let Some(Ok(DayVal::Date(next))) = call_day(Func::NextWorkday, &[DayVal::Date(day)], cals) {
                *slot = Some(next);
            }
        }
        Some(Table { month, dates, call })
    }
}
