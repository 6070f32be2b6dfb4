//! Seed 000's row 六.2.2 scored from the ledger of payment dates (`fact 抚恤发放: list …`, `let
//! 抚恤逾期发放次数 = count(… where 发放日期 > next_workday(date(2024, 月份, 20))) + the months with no
//! record`) keeps the old form's result: the rubric written with the count fact `抚恤逾期发放次数`
//! (made from the shipped file by replacing the list and its `let`) gives the same total and row
//! scores wherever the dates give that count. The count is worked out here by hand, from the
//! twelve 2024 deadlines written out, not with the rubric's calendar.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use chrono::NaiveDate;
use rubric::facts::from_json;
use rubric::{Engine, MemoryLoader, Raw, Rubric, UnitFacts};

/// The last on-time day of each month of 2024: the 20th, or the first working day after it
/// when the 20th is a weekend or a holiday (20 January and 20 April and 20 July are Saturdays,
/// 20 October a Sunday).
const DEADLINES: [(u32, u32); 12] =
    [(1, 22), (2, 20), (3, 20), (4, 22), (5, 20), (6, 20), (7, 22), (8, 20), (9, 20), (10, 21), (11, 20), (12, 20)];

fn deadline(month: u32) -> NaiveDate {
    let (m, d) = DEADLINES[month as usize - 1];
    NaiveDate::from_ymd_opt(2024, m, d).unwrap()
}

/// The number of late payments, as the document counts them: each record paid after its
/// month's deadline, and each month with no record.
fn late(records: &[(u32, NaiveDate)]) -> usize {
    let paid: std::collections::BTreeSet<u32> = records.iter().map(|r| r.0).collect();
    records.iter().filter(|(m, d)| *d > deadline(*m)).count() + (12 - paid.len())
}

const NEW: &str = "rules/wushen-2024.rubric";
const CALENDAR: &str = "rules/calendars/cn-2024.rubric";

fn read(path: &str) -> String {
    std::fs::read_to_string(common::root().join(path)).unwrap()
}

fn load(text: String) -> Rubric {
    let loader = MemoryLoader::new().with(NEW, text).with(CALENDAR, read(CALENDAR));
    let load = rubric::load(NEW, &loader);
    let shown = common::render(&load);
    load.into_rubric().unwrap_or_else(|| panic!("does not check:\n{shown}"))
}

/// The shipped rubric, and the old form: the count fact in place of the list and its `let`.
fn both() -> (Rubric, Rubric) {
    let text = read(NEW);
    let from = text.find("  // 六.2.2 is scored from the ledger").unwrap();
    let let_at = text.find("  let 抚恤逾期发放次数 = ").unwrap();
    let to = let_at + text[let_at..].find('\n').unwrap() + 1;
    let old = format!(
        "{}  fact 抚恤逾期发放次数: count \"未在每月20日前(20日为节假日的，节假日完成后顺延一天)发放优抚对象优待抚恤补助资金的次数\"\n{}",
        &text[..from],
        &text[to..]
    );
    // Its tests give the list: the old form is scored on units, not tested.
    let old = old.split("\ntest \"").next().unwrap().to_string();
    (load(text), load(old))
}

fn units() -> Vec<UnitFacts> {
    from_json(&read("rules/wushen-2024.facts.json")).unwrap()
}

fn records(u: &UnitFacts) -> Vec<(u32, NaiveDate)> {
    let Some((_, Raw::Records(rs))) = u.values.iter().find(|(n, _)| n == "抚恤发放") else { panic!("no list") };
    rs.iter()
        .map(|r| {
            let field = |f: &str| &r.iter().find(|(n, _)| n == f).unwrap().1;
            let Raw::Number(m) = field("月份") else { panic!("月份") };
            let Raw::Text(d) = field("发放日期") else { panic!("发放日期") };
            (m.parse().unwrap(), d.parse().unwrap())
        })
        .collect()
}

/// The unit with the list's records replaced.
fn with_records(u: &UnitFacts, records: &[(u32, NaiveDate)]) -> UnitFacts {
    let mut u = u.clone();
    let list: Vec<Vec<(String, Raw)>> = records
        .iter()
        .map(|(m, d)| vec![("月份".into(), Raw::Number(m.to_string())), ("发放日期".into(), Raw::Text(d.to_string()))])
        .collect();
    for (n, v) in &mut u.values {
        if n == "抚恤发放" {
            *v = Raw::Records(list.clone());
        }
    }
    u
}

/// The unit in the old form: the count in place of the list.
fn with_count(u: &UnitFacts) -> UnitFacts {
    let mut old = u.clone();
    let n = late(&records(u));
    old.values.retain(|(n, _)| n != "抚恤发放");
    old.values.push(("抚恤逾期发放次数".into(), Raw::Number(n.to_string())));
    old
}

/// Both forms give the unit the same total and the same score on every row.
fn same(new: &Rubric, old: &Rubric, u: &UnitFacts) {
    let a = new.bind(u).and_then(|b| new.score(&b)).unwrap();
    let b = old.bind(&with_count(u)).and_then(|b| old.score(&b)).unwrap();
    assert_eq!(a.total(), b.total(), "{}: {:?}", u.unit, records(u));
    assert_eq!(new.nodes().count(), old.nodes().count());
    for i in 0..new.nodes().count() {
        assert_eq!(a.node(i), b.node(i), "{}: node {i}", u.unit);
    }
}

#[test]
fn the_shipped_units_score_as_with_the_count() {
    let (new, old) = both();
    let counts: Vec<(String, usize)> = units().iter().map(|u| (u.unit.clone(), late(&records(u)))).collect();
    // The counts the facts file gave before it held the dates.
    let want = [("乌审旗", 0), ("鄂托克旗", 3), ("杭锦旗", 6), ("准格尔旗", 5), ("达拉特旗", 2)];
    assert_eq!(counts, want.map(|(u, n)| (u.to_string(), n)));
    for u in units() {
        same(&new, &old, &u);
    }
    let totals: Vec<String> =
        units().iter().map(|u| new.bind(u).and_then(|b| new.score(&b)).unwrap().total().to_string()).collect();
    assert_eq!(totals, ["99", "82.7", "86.6", "83.5", "58.3"]);
}

/// A small random-number generator (xorshift), so failures can be replayed from the seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self, m: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % m
    }
}

#[test]
fn generated_ledgers_score_as_with_their_count() {
    let (new, old) = both();
    let base = units();
    let mut counts = std::collections::BTreeSet::new();
    for seed in 0..300u64 {
        let mut g = Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        // Mostly one record a month, near its deadline; now and then a month left out or paid twice.
        let mut recs = Vec::new();
        for m in 1..=12u32 {
            let times = match g.next(10) {
                0 => 0,
                1 => 2,
                _ => 1,
            };
            for _ in 0..times {
                // A quarter of the payments late, by 1 to 7 days; the others on the deadline or
                // up to a week before.
                let day = if g.next(4) == 0 {
                    deadline(m) + chrono::Days::new(1 + g.next(7))
                } else {
                    deadline(m) - chrono::Days::new(g.next(8))
                };
                recs.push((m, day));
            }
        }
        counts.insert(late(&recs));
        let u = with_records(&base[(seed % 5) as usize], &recs);
        same(&new, &old, &u);
    }
    // Both sides of the 6-times edge are reached.
    assert!((0..=7).all(|c| counts.contains(&c)), "{counts:?}");
}

#[test]
fn the_seed_with_its_ledger_is_scored_by_the_compiled_programs() {
    let (new, _) = both();
    assert!(new.is_compiled());
    assert!(new.has_engine(Engine::Fixed));
    for u in units() {
        let s = new.bind(&u).and_then(|b| new.score(&b)).unwrap();
        assert_eq!(s.engine(), Engine::Fixed, "{}", u.unit);
    }
}
