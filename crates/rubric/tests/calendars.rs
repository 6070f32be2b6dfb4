//! The shipped calendars (`rules/calendars/`) are the State Council's schedules: every holiday
//! and exchanged working day of each notice, each on the weekday it must fall on, the year's
//! count of working days as published, and the copies in `tests/program/` the same days.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use chrono::{Datelike, NaiveDate, Weekday};
use rubric_syntax::ast::{CalendarLine, DayKind, Top};
use std::collections::BTreeMap;

/// The days a file's calendars list, by day, and the years they cover.
fn days_of(path: &str) -> (Vec<u32>, BTreeMap<NaiveDate, DayKind>) {
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    let parsed = rubric_syntax::parse(&text);
    assert!(parsed.errors.is_empty(), "{path}: {:?}", parsed.errors);
    let (mut years, mut days) = (Vec::new(), BTreeMap::new());
    for item in &parsed.file.items {
        let Top::Calendar(c) = item else { continue };
        for line in &c.lines {
            match line {
                CalendarLine::Year(y) => years.push(y.value),
                CalendarLine::Days(d) => {
                    for s in &d.spans {
                        let mut day = s.from.value;
                        let last = s.to.as_ref().map_or(day, |t| t.value);
                        while day <= last {
                            assert!(days.insert(day, d.kind).is_none(), "{path}: {day} twice");
                            day = day.succ_opt().unwrap();
                        }
                    }
                }
            }
        }
    }
    (years, days)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Each notice: (first day, last day, weekday of the first, weekday of the last) of every
/// holiday, then every exchanged working day with its weekday, then the year's working days.
type Notice =
    (&'static str, &'static [(&'static str, &'static str, Weekday, Weekday)], &'static [(&'static str, Weekday)], u32);

const NOTICES: &[Notice] = {
    use Weekday::*;
    &[
        (
            "rules/calendars/cn-2023.rubric",
            &[
                ("2023-01-01", "2023-01-02", Sun, Mon),
                ("2023-01-21", "2023-01-27", Sat, Fri),
                ("2023-04-05", "2023-04-05", Wed, Wed),
                ("2023-04-29", "2023-05-03", Sat, Wed),
                ("2023-06-22", "2023-06-24", Thu, Sat),
                ("2023-09-29", "2023-10-06", Fri, Fri),
            ],
            &[
                ("2023-01-28", Sat),
                ("2023-01-29", Sun),
                ("2023-04-23", Sun),
                ("2023-05-06", Sat),
                ("2023-06-25", Sun),
                ("2023-10-07", Sat),
                ("2023-10-08", Sun),
            ],
            249,
        ),
        (
            "rules/calendars/cn-2024.rubric",
            &[
                ("2024-01-01", "2024-01-01", Mon, Mon),
                ("2024-02-10", "2024-02-17", Sat, Sat),
                ("2024-04-04", "2024-04-06", Thu, Sat),
                ("2024-05-01", "2024-05-05", Wed, Sun),
                ("2024-06-10", "2024-06-10", Mon, Mon),
                ("2024-09-15", "2024-09-17", Sun, Tue),
                ("2024-10-01", "2024-10-07", Tue, Mon),
            ],
            &[
                ("2024-02-04", Sun),
                ("2024-02-18", Sun),
                ("2024-04-07", Sun),
                ("2024-04-28", Sun),
                ("2024-05-11", Sat),
                ("2024-09-14", Sat),
                ("2024-09-29", Sun),
                ("2024-10-12", Sat),
            ],
            251,
        ),
        (
            "rules/calendars/cn-2025.rubric",
            &[
                ("2025-01-01", "2025-01-01", Wed, Wed),
                ("2025-01-28", "2025-02-04", Tue, Tue),
                ("2025-04-04", "2025-04-06", Fri, Sun),
                ("2025-05-01", "2025-05-05", Thu, Mon),
                ("2025-05-31", "2025-06-02", Sat, Mon),
                ("2025-10-01", "2025-10-08", Wed, Wed),
            ],
            &[("2025-01-26", Sun), ("2025-02-08", Sat), ("2025-04-27", Sun), ("2025-09-28", Sun), ("2025-10-11", Sat)],
            248,
        ),
    ]
};

#[test]
fn the_shipped_calendars_are_the_notices_on_their_weekdays() {
    for (path, holidays, workdays, working_days) in NOTICES {
        let (years, days) = days_of(path);
        let year = years.first().copied().unwrap();
        assert_eq!(years, vec![year], "{path}");
        let mut want = BTreeMap::new();
        for (from, to, first, last) in *holidays {
            let (from, to) = (day(from), day(to));
            assert_eq!((from.weekday(), to.weekday()), (*first, *last), "{path}: {from} .. {to}");
            let mut d = from;
            while d <= to {
                want.insert(d, DayKind::Holiday);
                d = d.succ_opt().unwrap();
            }
        }
        for (d, wd) in *workdays {
            let d = day(d);
            assert_eq!(d.weekday(), *wd, "{path}: {d}");
            assert!(matches!(wd, Weekday::Sat | Weekday::Sun), "{path}: {d} is an exchanged weekend day");
            want.insert(d, DayKind::Workday);
        }
        assert_eq!(days, want, "{path}");
        // The year's working days, as the notices' readers count them.
        let mut count = 0;
        let mut d = NaiveDate::from_ymd_opt(i32::try_from(year).unwrap(), 1, 1).unwrap();
        while d.year() == i32::try_from(year).unwrap() {
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            let working = match days.get(&d) {
                Some(DayKind::Workday) => true,
                Some(DayKind::Holiday) => false,
                None => !weekend,
            };
            count += u32::from(working);
            d = d.succ_opt().unwrap();
        }
        assert_eq!(count, *working_days, "{path}");
        let load = rubric::load(path, &common::Fs);
        assert!(load.is_library() && load.report.diagnostics.is_empty(), "{path}");
    }
}

/// The calendars the differential corpus declares inline are the shipped ones.
#[test]
fn the_copies_in_the_tests_are_the_shipped_calendars() {
    let (_, y2023) = days_of("rules/calendars/cn-2023.rubric");
    let (_, y2024) = days_of("rules/calendars/cn-2024.rubric");
    let (years, days) = days_of("tests/program/dates.rubric");
    assert_eq!(years, vec![2023, 2024]);
    assert_eq!(days, y2023.into_iter().chain(y2024.clone()).collect::<BTreeMap<_, _>>());
    let (years, days) = days_of("tests/program/payment-dates.rubric");
    assert_eq!((years, days), (vec![2024], y2024));
}
