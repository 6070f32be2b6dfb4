//! Dates and working days: `days`, `date` and the working-day functions over the rubric's
//! declared calendars (docs/language.md, "Dates and working days"). Exact and checked: a date
//! that does not exist or a day outside every calendar's years is an error, never a guess.

use crate::plan::exact::Q;
use chrono::{Datelike, NaiveDate, Weekday};
use rubric_syntax::ast::{DayKind, Func};
use std::collections::{BTreeMap, BTreeSet};

/// A declared calendar: the years it covers and its listed days.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Its name, as the document gives it.
    pub(crate) name: String,
    /// The years it covers.
    pub(crate) years: BTreeSet<i32>,
    /// Its listed days: holidays (rest days) and workdays (weekend days worked).
    pub(crate) days: BTreeMap<NaiveDate, DayKind>,
}

/// The calendars of a rubric; each year is covered by at most one (the checker refuses two).
#[derive(Debug, Clone, Default)]
pub struct Calendars(pub(crate) Vec<Calendar>);

/// Why a date function gave no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayFail {
    /// `date(y, m, d)` of numbers that name no day (29 February of a common year, month 13, a
    /// year outside 1900–2200, a number that is not whole).
    NoSuchDate([Q; 3]),
    /// A working-day function read a day of a year no calendar covers.
    Outside(NaiveDate),
    /// An internal invariant (an argument of another type).
    Args,
}

impl Calendars {
    /// Whether a rubric declared no calendar.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The calendar that covers `d`'s year.
    pub(crate) fn covering(&self, d: NaiveDate) -> Result<&Calendar, DayFail> {
        self.0.iter().find(|c| c.years.contains(&d.year())).ok_or(DayFail::Outside(d))
    }

    /// Whether `d` is a working day: a listed workday, or a weekday that is not a listed holiday.
    pub(crate) fn is_workday(&self, d: NaiveDate) -> Result<bool, DayFail> {
        let cal = self.covering(d)?;
        Ok(match cal.days.get(&d) {
            Some(DayKind::Workday) => true,
            Some(DayKind::Holiday) => false,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    /// The first working day on or after `d`.
    pub(crate) fn next_workday(&self, d: NaiveDate) -> Result<NaiveDate, DayFail> {
        let mut day = d;
        // Each step stays in a covered year or fails, so the walk ends within the years covered.
        loop {
            if self.is_workday(day)? {
                return Ok(day);
            }
            day = day.succ_opt().ok_or(DayFail::Outside(day))?;
        }
    }

    /// The number of working days after `a` up to and including `b`; the negative of
    /// `workdays(b, a)` when `b` is earlier.
    pub(crate) fn workdays(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, DayFail> {
        let (from, to, sign) = if b >= a { (a, b, 1) } else { (b, a, -1) };
        let mut n = 0i64;
        let mut day = from;
        while day < to {
            day = day.succ_opt().ok_or(DayFail::Outside(day))?;
            if self.is_workday(day)? {
                n += 1;
            }
        }
        Ok(sign * n)
    }

    /// The calendar's name that decides `d`, for explanations.
    pub(crate) fn name_for(&self, d: NaiveDate) -> Option<&str> {
        self.covering(d).ok().map(|c| c.name.as_str())
    }
}

/// A value a date function takes or gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayVal {
    /// A number (a count of days, a year, month or day).
    Num(Q),
    /// A date.
    Date(NaiveDate),
    /// Yes or no.
    Bool(bool),
}

/// Calls date function `f` on its arguments; `None` when `f` is not a date function.
pub(crate) fn call(f: Func, args: &[DayVal], cals: &Calendars) -> Option<Result<DayVal, DayFail>> {
    let date = |i: usize| match args.get(i) {
        Some(DayVal::Date(d)) => Ok(*d),
        _ => Err(DayFail::Args),
    };
    Some(match f {
        Func::Days => (|| Ok(DayVal::Num(Q::int((date(1)? - date(0)?).num_days()))))(),
        Func::Date => match args {
            [DayVal::Num(y), DayVal::Num(m), DayVal::Num(d)] => ymd(*y, *m, *d).map(DayVal::Date),
            _ => Err(DayFail::Args),
        },
        Func::Workday => date(0).and_then(|d| cals.is_workday(d)).map(DayVal::Bool),
        Func::NextWorkday => date(0).and_then(|d| cals.next_workday(d)).map(DayVal::Date),
        Func::Workdays => (|| Ok(DayVal::Num(Q::int(cals.workdays(date(0)?, date(1)?)?))))(),
        _ => return None,
    })
}

/// The date of year `y`, month `m`, day `d`, each a whole number; a year outside 1900–2200 or a
/// day that does not exist is no date (never rolled over into the next month).
pub(crate) fn ymd(y: Q, m: Q, d: Q) -> Result<NaiveDate, DayFail> {
    let none = DayFail::NoSuchDate([y, m, d]);
    let whole = |q: Q| q.integer().and_then(|n| i32::try_from(n).ok()).ok_or(none);
    let (year, month, day) = (whole(y)?, whole(m)?, whole(d)?);
    if !rubric_syntax::YEARS.contains(&year) {
        return Err(none);
    }
    let (month, day) = (u32::try_from(month).map_err(|_| none)?, u32::try_from(day).map_err(|_| none)?);
    NaiveDate::from_ymd_opt(year, month, day).ok_or(none)
}
