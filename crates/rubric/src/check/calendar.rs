//! `calendar` declarations of every file read, into the plan's [`Calendars`]: each year covered
//! once, each day listed once, ranges that run forward, and `workday` lines on weekend days.

use crate::check::compile::Compiler;
use crate::diag::codes::Code;
use crate::plan::calendar::{Calendar, Calendars};
use crate::source::FileId;
use chrono::{Datelike, Weekday};
use rubric_syntax::ast::{self, CalendarDecl, CalendarLine, DayKind, Top};

/// The most days one range may hold: a holiday longer than a year is a typing error.
const MAX_RANGE_DAYS: i64 = 366;

impl Compiler {
    /// The calendars of every file, checked; the plan keeps those without errors in their years.
    pub(super) fn collect_calendars(&mut self, files: &[(FileId, ast::File)]) {
        let mut cals = Vec::new();
        for (file, f) in files {
            for item in &f.items {
                if let Top::Calendar(c) = item {
                    let cal = self.calendar(*file, c, &cals);
                    cals.push(cal);
                }
            }
        }
        self.calendars = Calendars(cals);
    }

    /// One calendar, checked against those before it.
    fn calendar(&mut self, file: FileId, c: &CalendarDecl, before: &[Calendar]) -> Calendar {
        let name = c.name.value.clone();
        let mut cal = Calendar { name: name.clone(), ..Calendar::default() };
        let mut stated = false;
        for line in &c.lines {
            match line {
                CalendarLine::Year(y) => {
                    stated = true;
                    let year = i32::try_from(y.value).unwrap_or(i32::MAX);
                    let other = before.iter().find(|o| o.years.contains(&year)).map(|o| o.name.clone());
                    if let Some(other) = other.or_else(|| cal.years.contains(&year).then(|| name.clone())) {
                        self.report.push(Code::CalendarYearTwice.at(file, y.span).arg(year).arg(other));
                    } else {
                        cal.years.insert(year);
                    }
                }
                CalendarLine::Days(d) => self.calendar_days(file, d, &mut cal),
            }
        }
        if !stated {
            self.report.push(Code::CalendarNoYear.at(file, c.name.span).arg(&name));
        }
        cal
    }

    /// A `holiday` or `workday` line: each of its days listed once.
    fn calendar_days(&mut self, file: FileId, d: &ast::CalendarDays, cal: &mut Calendar) {
        for s in &d.spans {
            let (from, to) = (s.from.value, s.to.as_ref().map_or(s.from.value, |t| t.value));
            let show = |x: chrono::NaiveDate| x.format("%Y-%m-%d").to_string();
            if to < from {
                let draft = Code::CalendarRangeReversed.at(file, s.span).arg(show(from)).arg(show(to)).arg(&cal.name);
                self.report.push(draft);
                continue;
            }
            if (to - from).num_days() >= MAX_RANGE_DAYS {
                let draft = Code::CalendarRangeLong.at(file, s.span).arg(show(from)).arg(show(to)).arg(&cal.name);
                self.report.push(draft);
                continue;
            }
            // One report of each kind for a span, however many of its days it concerns, and a span
            // read no further after a day listed twice: the days listed are at most the days of
            // the years a date may have, however long the file.
            let mut weekday = false;
            let mut day = from;
            loop {
                if cal.days.insert(day, d.kind).is_some() {
                    self.report.push(Code::CalendarDayTwice.at(file, s.span).arg(&cal.name).arg(show(day)));
                    break;
                }
                if d.kind == DayKind::Workday && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !weekday {
                    weekday = true;
                    let draft = Code::CalendarWorkdayWeekday.at(file, s.span).arg(show(day)).arg(&cal.name);
                    self.report.push(draft);
                }
                match day.succ_opt() {
                    Some(next) if next <= to => day = next,
                    _ => break,
                }
            }
        }
    }
}
