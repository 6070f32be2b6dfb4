//! The 2024 calendar of working days written by hand (as `rules/calendars/cn-2024.rubric`
//! declares it), for the hand-written baseline of 六.2.2: the deadline of each month's payment.

use chrono::{Datelike, NaiveDate, Weekday};

/// The holidays of 2024 (国务院办公厅通知), as (month, first day, last day).
const HOLIDAYS: [(u32, u32, u32); 7] =
    [(1, 1, 1), (2, 10, 17), (4, 4, 6), (5, 1, 5), (6, 10, 10), (9, 15, 17), (10, 1, 7)];

/// The weekend days worked instead (调休上班), as (month, day).
const WORKDAYS: [(u32, u32); 8] = [(2, 4), (2, 18), (4, 7), (4, 28), (5, 11), (9, 14), (9, 29), (10, 12)];

/// Whether `d` is a working day of 2024.
pub fn workday(d: NaiveDate) -> bool {
    let (m, day) = (d.month(), d.day());
    if WORKDAYS.contains(&(m, day)) {
        return true;
    }
    let holiday = HOLIDAYS.iter().any(|&(hm, a, b)| hm == m && (a..=b).contains(&day));
    !holiday && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `d`, or the first working day after it.
pub fn next_workday(d: NaiveDate) -> Option<NaiveDate> {
    let mut d = d;
    for _ in 0..30 {
        if workday(d) {
            return Some(d);
        }
        d = d.succ_opt()?;
    }
    None
}

/// The last on-time day of month `m`'s payment: the 20th, or the first working day after it.
pub fn deadline(m: u32) -> Option<NaiveDate> {
    next_workday(NaiveDate::from_ymd_opt(2024, m, 20)?)
}
