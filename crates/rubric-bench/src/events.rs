//! The list benchmark (issue 16): a county's 安全生产 event ledger, a generator of units with N events each, and the rubric's rows.
//!
//! The subject is `tests/program/events.rubric` (21 rows, 100 points), whose rows read the list
//! `事故` directly through aggregates: `count(L where …)`, `count(L by F)`, `sum(L, E where …)`,
//! `max/min/mean(L, E, else 0)`, `any/all`, `per 事故 where …` with a cap, `days(…)` on fields and
//! a lookup table by a record's kind. [`units`] makes units of plain Rust records ([`Unit`]),
//! which [`Unit::facts`] turns into the facts a facts file would give; the hand-written baseline
//! ([`crate::events_hand`]) scores the plain records, and `tests/agree.rs` proves it gives exactly
//! the totals and row scores of [`Rubric::evaluate`].
//!
//! Each unit draws its own profile (how many events are 较大 or 重大, how many are left
//! 未整改, how often and how late events are reported, how large losses run, how many
//! enterprises), so the rows that turn on a rate or a mean over the whole ledger score
//! differently from unit to unit even with 1,000 events each. Same seed, same units.

use crate::generate::Rng;
use chrono::{Datelike, Days, NaiveDate};
use rubric::{MemoryLoader, Raw, Rubric, UnitFacts, UnitScore};
use rust_decimal::Decimal;

/// The rule file's text.
pub const RULES: &str = include_str!("../../../tests/program/events.rubric");

/// The file name the rubric is loaded under.
pub const RULES_NAME: &str = "events.rubric";

/// Events per unit in the benchmark (issue 16: "1,000 events a unit").
pub const EVENTS: usize = 1_000;

/// How many rows (items) the rubric has.
pub const ROWS: usize = 21;

/// The rows, in the order of the rule file.
pub const ROW_IDS: [&str; ROWS] = [
    "一.1", "一.2", "一.3", "一.4", "一.5", //
    "二.1", "二.2", "二.3", "二.4", //
    "三.1", "三.2", "三.3", "三.4", "三.5", //
    "四.1", "四.2", "四.3", "四.4", //
    "五.1", "五.2", "五.3",
];

/// The first day of the ledger's year.
pub const YEAR_START: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A unit's total and the score of every row, in [`ROW_IDS`] order.
pub type Scores = crate::Scores<ROWS>;

/// 事故等级.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 一般.
    General,
    /// 较大.
    Large,
    /// 重大.
    Major,
}

/// 事故类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// 生产.
    Production,
    /// 交通.
    Traffic,
    /// 火灾.
    Fire,
    /// 其他.
    Other,
}

/// One record of the ledger, as plain Rust values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// 等级.
    pub level: Level,
    /// 类型.
    pub kind: Type,
    /// 企业 (the enterprise's number).
    pub firm: u32,
    /// 发生日期.
    pub occurred: NaiveDate,
    /// 报告日期.
    pub reported: NaiveDate,
    /// 损失金额 (yuan, two decimals).
    pub loss: Decimal,
    /// 已整改.
    pub fixed: bool,
}

/// A unit: its ledger and its two single facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The unit's name.
    pub name: String,
    /// 事故.
    pub events: Vec<Event>,
    /// 控制指标.
    pub target: u32,
    /// 企业总数 (at least 1).
    pub firms: u32,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::General => "一般",
            Level::Large => "较大",
            Level::Major => "重大",
        }
    }
}

impl Type {
    fn name(self) -> &'static str {
        match self {
            Type::Production => "生产",
            Type::Traffic => "交通",
            Type::Fire => "火灾",
            Type::Other => "其他",
        }
    }
}

fn date_text(d: NaiveDate) -> Raw {
    Raw::Text(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
}

impl Unit {
    /// The unit's facts as a facts file gives them (kinds by name, dates and numbers as text).
    pub fn facts(&self) -> UnitFacts {
        let records = self
            .events
            .iter()
            .map(|e| {
                vec![
                    ("等级".to_string(), Raw::Text(e.level.name().to_string())),
                    ("类型".to_string(), Raw::Text(e.kind.name().to_string())),
                    ("企业".to_string(), Raw::Number(e.firm.to_string())),
                    ("发生日期".to_string(), date_text(e.occurred)),
                    ("报告日期".to_string(), date_text(e.reported)),
                    ("损失金额".to_string(), Raw::Number(e.loss.to_string())),
                    ("已整改".to_string(), Raw::Bool(e.fixed)),
                ]
            })
            .collect();
        UnitFacts::new(self.name.clone())
            .with("事故", Raw::Records(records))
            .with("控制指标", Raw::Number(self.target.to_string()))
            .with("企业总数", Raw::Number(self.firms.to_string()))
    }
}

/// Loads and checks the list benchmark's rubric.
pub fn rubric() -> Result<Rubric, String> {
    let loader = MemoryLoader::new().with(RULES_NAME, RULES);
    let load = rubric::load(RULES_NAME, &loader);
    let problems = format!("{RULES_NAME} does not load: {:?}", load.report.diagnostics);
    load.into_rubric().ok_or(problems)
}

/// One unit's profile: the chances (in tenths of a percent, ‰) its events are drawn with.
struct Profile {
    large: u32,
    major: u32,
    unfixed_recent: u32,
    unfixed_old: u32,
    late: u32,
    very_late: u32,
    costly: u32,
    pool: u32,
}

impl Profile {
    fn draw(rng: &mut Rng) -> Self {
        Profile {
            large: rng.below(6),
            major: if rng.chance(60) { 0 } else { rng.below(3) },
            unfixed_recent: rng.below(500),
            unfixed_old: rng.pick(&[0, 0, 1, 5, 20]),
            late: rng.below(160),
            very_late: if rng.chance(50) { 0 } else { rng.below(3) },
            costly: rng.below(200),
            pool: 100 + rng.below(1_400),
        }
    }
}

/// A day of 2024 plus `days` (the year's start when out of range, which cannot happen here).
fn day(days: u32) -> NaiveDate {
    YEAR_START.checked_add_days(Days::new(u64::from(days))).unwrap_or(YEAR_START)
}

/// An amount of yuan in `[from, from + span)`, to the fen.
fn yuan(rng: &mut Rng, from: u32, span: u32) -> Decimal {
    let fen = i64::from(from) * 100 + i64::from(rng.below(span.saturating_mul(100)));
    Decimal::new(fen, 2)
}

fn event(rng: &mut Rng, p: &Profile) -> Event {
    let level = match rng.below(1_000) {
        x if x < p.major => Level::Major,
        x if x < p.major + p.large => Level::Large,
        _ => Level::General,
    };
    let kind = match rng.below(100) {
        0..40 => Type::Production,
        40..70 => Type::Traffic,
        70..85 => Type::Fire,
        _ => Type::Other,
    };
    let occurred_day = rng.below(366);
    let delay = if rng.below(1_000) < p.very_late {
        31 + rng.below(10)
    } else if rng.below(1_000) < p.late {
        2 + rng.below(9)
    } else {
        rng.below(2)
    };
    let loss = match level {
        Level::Major => yuan(rng, 1_000_000, 5_000_000),
        Level::Large => yuan(rng, 100_000, 2_000_000),
        Level::General if rng.below(1_000) < p.costly => yuan(rng, 50_000, 250_000),
        Level::General => yuan(rng, 0, 50_000),
    };
    // Events of the last two months are more often still being put right.
    let unfixed = if occurred_day >= 306 { p.unfixed_recent } else { p.unfixed_old };
    Event {
        level,
        kind,
        firm: 1 + rng.below(p.pool),
        occurred: day(occurred_day),
        reported: day(occurred_day + delay),
        loss,
        fixed: rng.below(1_000) >= unfixed,
    }
}

/// `n` units of `events` events each, from `seed`.
pub fn units(n: usize, events: usize, seed: u64) -> Vec<Unit> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let p = Profile::draw(&mut rng);
            let events: Vec<Event> = (0..events).map(|_| event(&mut rng, &p)).collect();
            // About the number of events, so that a unit is over its target by 0 to 100 or under.
            let scale = u32::try_from(events.len()).unwrap_or(u32::MAX);
            let target = scale.saturating_mul(9) / 10 + rng.below(scale / 5 + 1);
            let firms = p.pool + rng.below(p.pool.saturating_mul(3));
            Unit { name: format!("单位{i:05}"), events, target, firms }
        })
        .collect()
}

/// The total and row scores of an explained result, checking that its rows are the rubric's.
pub fn scores_of(score: &UnitScore) -> Result<Scores, String> {
    crate::rows_of(score, &ROW_IDS)
}

/// The index in [`Rubric::nodes`] of every row, in [`ROW_IDS`] order.
pub fn row_indices(rubric: &Rubric) -> Result<[usize; ROWS], String> {
    crate::indices_of(rubric, &ROW_IDS)
}

/// The total and row scores of a score-only result ([`Rubric::score`]), rows found by `rows`.
pub fn scores_of_score_only(score: &rubric::Scores, rows: &[usize; ROWS]) -> Result<Scores, String> {
    crate::score_only_rows(score, rows, &ROW_IDS)
}
