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

/// A unit of `tests/program/dates.rubric`: due on Sunday 2024-10-20, done on 2024-10-23.
fn late_unit() -> (rubric::Rubric, rubric::UnitFacts, rubric::UnitScore) {
    let r = rubric::load("tests/program/dates.rubric", &common::Fs).into_rubric().unwrap();
    let json = r#"{"units": [{"unit": "甲", "facts": {"应办日": "2024-10-20", "办结日": "2024-10-23"}}]}"#;
    let unit = rubric::facts::from_json(json).unwrap().remove(0);
    let score = r.evaluate(&unit).unwrap();
    (r, unit, score)
}

/// An explanation shows each working-day value with the calendar that decided it, in Chinese and
/// in English.
#[test]
fn explanations_name_the_working_days_and_their_calendar() {
    use rubric::render::{Lang, Render};
    let (_, _, score) = late_unit();
    let (zh, en) = (Render::new(Lang::Zh), Render::new(Lang::En));
    let said = |id: &str| (zh.reason(score.node(id).unwrap()), en.reason(score.node(id).unwrap()));
    let (z, e) = said("一.3");
    assert!(z.contains("next_workday(应办日)=2024-10-21（2024年节假日：2024-10-20 当天或其后第一个工作日）"), "{z}");
    assert!(e.contains("the first working day on or after 2024-10-20 in 2024年节假日"), "{e}");
    let (z, e) = said("一.2");
    assert!(z.contains("2024-10-20 不是工作日"), "{z}");
    assert!(e.contains("2024-10-20 is not a working day in 2024年节假日"), "{e}");
    let (z, e) = said("一.4");
    assert!(z.contains("workdays(应办日, 办结日)=3（2024年节假日：2024-10-20 之后至 2024-10-23 的工作日天数）"), "{z}");
    assert!(e.contains("working days after 2024-10-20 up to 2024-10-23"), "{e}");
}

/// What-if moves a date through `days` and past a working day that does not move with it, and
/// says plainly that it cannot follow a working-day function of the fact it changes.
#[test]
fn whatif_follows_days_and_says_when_the_calendar_moves() {
    use rubric::analysis::whatif::{Underived, whatif};
    let (r, unit, score) = late_unit();
    let w = whatif(&r, &unit, &score).unwrap();
    let on_time = w.suggestions.iter().find(|s| s.node == "一.3" && s.fact == "办结日").unwrap();
    assert_eq!(on_time.scored_with, "2024-10-21", "{on_time:?}");
    let early = w.suggestions.iter().find(|s| s.node == "一.1" && s.fact == "办结日").unwrap();
    assert_eq!(early.scored_with, "2024-10-19", "{early:?}");
    let moved = w.not_derived.iter().find(|n| n.node == "一.3" && n.fact == "应办日").unwrap();
    assert_eq!(moved.why, Underived::Dates { func: "next_workday" });
    let (en, zh) = moved.why.both();
    assert!(en.contains("next_workday()") && zh.contains("随工作日日历跳变"), "{en} / {zh}");
    assert!(!w.not_derived.iter().any(|n| n.node == "一.3" && n.fact == "办结日"), "{:?}", w.not_derived);
}

/// Scoring a day of a year no calendar covers, or a date made of numbers that name no day, is an
/// error for the unit in every engine, never a guess.
#[test]
fn days_outside_the_calendars_and_dates_that_do_not_exist_are_errors() {
    let r = rubric::load("tests/program/dates.rubric", &common::Fs).into_rubric().unwrap();
    let json = r#"{"units": [{"unit": "乙", "facts": {"应办日": "2025-01-20", "办结日": "2025-01-21"}}]}"#;
    let unit = rubric::facts::from_json(json).unwrap().remove(0);
    for engine in [rubric::Engine::General, rubric::Engine::Reference, rubric::Engine::Auto] {
        let e = r.evaluate_by(&unit, engine).unwrap_err();
        assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::calendar-range", "{engine:?}");
        assert!(e.to_string().contains("a year no calendar covers"), "{e}");
    }
    let src = "rubric \"甲\" max 1 {\n  fact 年: count\n  item 一 \"闰日\" max 1 {\n    award 1 when date(年, 2, 29) > 2000-01-01\n  }\n}\n";
    let r = rubric::load("x.rubric", &rubric::MemoryLoader::new().with("x.rubric", src)).into_rubric().unwrap();
    let facts = |y: &str| {
        rubric::facts::from_json(&format!(r#"{{"units": [{{"unit": "丙", "facts": {{"年": {y}}}}}]}}"#))
            .unwrap()
            .remove(0)
    };
    assert_eq!(r.evaluate(&facts("2024")).unwrap().score.to_string(), "1");
    let e = r.evaluate(&facts("2023")).unwrap_err();
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::no-such-date");
    assert!(e.to_string().contains("date(2023, 2, 29)"), "{e}");
}

/// Days between two dates of declared ranges are bounded (`check/ranges`): both dates in 2024,
/// so a band from 400 days on can never be reached, and the lint says so with the bounds.
#[test]
fn days_between_dates_of_declared_ranges_are_bounded() {
    let src = r#"rubric "办理时限" max 2 {
  fact 受理日期: date in [2024-01-01, 2024-12-31] "受理日期"
  fact 办结日期: date in [2024-01-01, 2024-12-31] "办结日期"
  item 一 "办理用时" max 2 {
    band days(受理日期, 办结日期) {
      [.., 30]   => 2 "30天内办结"
      (30, 400)  => 1 "超过30天"
      [400, ..)  => 0 "超过400天"
    }
  }
}
"#;
    let load = rubric::load("x.rubric", &rubric::MemoryLoader::new().with("x.rubric", src));
    let shown = common::render(&load);
    assert!(!load.report.has_errors(), "{shown}");
    let warnings: Vec<_> = load.report.warnings().map(|w| w.code.to_string()).collect();
    assert_eq!(warnings, ["rubric::band-unreachable"], "{shown}");
    assert!(shown.contains("[-365, 365]"), "{shown}");
}
