//! The list benchmark's rubric (`tests/program/events.rubric`) written by hand in plain Rust: the practical limit the evaluator is measured against on 1,000-event ledgers.
//!
//! One pass over the events gathers every aggregate the rows read (counts, sums, the least
//! date, the largest delay and loss, and the distinct enterprises and days in two bit sets),
//! then the rows are scored from them with exact decimals. Rates and means are compared as
//! whole numbers (`fixed × 100 >= 98 × count` for `整改率 >= 98%`), which is exact. Caps that
//! cannot bind are left out (each section's rows add up to exactly its `max`), as a careful
//! engineer writing this one rubric would; the agreement test (`tests/agree.rs`) shows that this
//! changes no score. The only allocation is the enterprises' bit set.

use crate::events::{Event, Level, ROWS, Scores, Type, Unit, YEAR_START};
use chrono::NaiveDate;
use rust_decimal::Decimal;

const ZERO: Decimal = Decimal::ZERO;

/// 二.4's and 三.5's year end.
const YEAR_END: NaiveDate = match NaiveDate::from_ymd_opt(2024, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// 五.1's half-year.
const JULY: NaiveDate = match NaiveDate::from_ymd_opt(2024, 7, 1) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// 五.3's fourth quarter.
const OCTOBER: NaiveDate = match NaiveDate::from_ymd_opt(2024, 10, 1) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// `d(n, s)` is `n / 10^s`.
const fn d(n: i64, scale: u32) -> Decimal {
    Decimal::from_parts(n as u32, 0, 0, false, scale)
}

/// Everything the rows read, gathered in one pass.
#[derive(Default)]
struct Sums {
    count: i64,
    fixed: i64,
    large: i64,
    major: i64,
    large_traffic: i64,
    serious_unfixed: bool,
    unfixed_loss: Decimal,
    first_unfixed: Option<NaiveDate>,
    late: i64,
    late_days: i64,
    delay_sum: i64,
    max_delay: Option<i64>,
    cross_year: bool,
    costly_fires: i64,
    max_loss: Option<Decimal>,
    loss_sum: Decimal,
    second_half: i64,
    q4_production: i64,
    firms: i64,
    days: i64,
}

/// A set of small numbers, one bit each.
struct Bits(Vec<u64>);

impl Bits {
    /// Adds `n`; whether it was new.
    fn insert(&mut self, n: usize) -> bool {
        let (word, bit) = (n / 64, 1u64 << (n % 64));
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        match self.0.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
    }
}

/// The distinct days: a bit per day from [`YEAR_START`], grown as needed (dates before the
/// year are kept apart, sorted out once at the end).
struct DaySet {
    bits: Bits,
    before: Vec<i64>,
}

impl DaySet {
    fn insert(&mut self, day: NaiveDate) -> bool {
        let n = (day - YEAR_START).num_days();
        match usize::try_from(n) {
            Ok(i) => self.bits.insert(i),
            Err(_) => {
                self.before.push(n);
                false
            }
        }
    }

    /// The distinct days before the year.
    fn before(&mut self) -> i64 {
        self.before.sort_unstable();
        self.before.dedup();
        i64::try_from(self.before.len()).unwrap_or(i64::MAX)
    }
}

fn gather(events: &[Event]) -> Sums {
    let mut s = Sums::default();
    let mut firms = Bits(Vec::new());
    let mut days = DaySet { bits: Bits(vec![0; 6]), before: Vec::new() };
    for e in events {
        s.count += 1;
        let serious = e.level != Level::General;
        if e.fixed {
            s.fixed += 1;
        } else {
            s.serious_unfixed |= serious;
            s.unfixed_loss += e.loss;
            s.first_unfixed = Some(s.first_unfixed.map_or(e.occurred, |d| d.min(e.occurred)));
        }
        match e.level {
            Level::Large => s.large += 1,
            Level::Major => s.major += 1,
            Level::General => {}
        }
        s.large_traffic += i64::from(serious && e.kind == Type::Traffic);
        let delay = (e.reported - e.occurred).num_days();
        s.late += i64::from(delay > 1);
        s.late_days += (delay - 1).max(0);
        s.delay_sum += delay;
        s.max_delay = Some(s.max_delay.map_or(delay, |m| m.max(delay)));
        s.cross_year |= e.reported > YEAR_END;
        s.costly_fires += i64::from(e.kind == Type::Fire && e.loss >= d(100_000, 0));
        s.max_loss = Some(s.max_loss.map_or(e.loss, |m| m.max(e.loss)));
        s.loss_sum += e.loss;
        s.second_half += i64::from(e.occurred >= JULY);
        s.q4_production += i64::from(e.kind == Type::Production && e.occurred >= OCTOBER);
        s.firms += i64::from(firms.insert(usize::try_from(e.firm).unwrap_or(usize::MAX)));
        s.days += i64::from(days.insert(e.occurred));
    }
    s.days += days.before();
    s
}

/// `points × n`, at most `cap`.
fn per(points: Decimal, n: i64, cap: Decimal) -> Decimal {
    (points * Decimal::from(n)).min(cap)
}

/// `max − deduction`, at least 0.
fn less(max: Decimal, deduction: Decimal) -> Decimal {
    (max - deduction).max(ZERO)
}

/// `points` when `cond` holds.
fn award(cond: bool, points: Decimal) -> Decimal {
    if cond { points } else { ZERO }
}

/// Scores one unit: the total and every row, exactly as the rule file does.
pub fn score(u: &Unit) -> Scores {
    let s = gather(&u.events);
    let (p1, p3, p4, p5, p6, p7, p8, p10) = (d(1, 0), d(3, 0), d(4, 0), d(5, 0), d(6, 0), d(7, 0), d(8, 0), d(10, 0));
    let million = d(1_000_000, 0);

    // ---- 一 事故控制 (30)
    let r1_1 = less(p8, per(d(1, 1), (s.count - i64::from(u.target)).max(0), p8));
    let r1_2 = less(p8, per(d(2, 0), s.large, p8));
    let r1_3 = less(p6, award(s.major > 0, p6));
    let table = d(1, 3) * Decimal::from(s.count - s.large - s.major)
        + d(5, 1) * Decimal::from(s.large)
        + d(2, 0) * Decimal::from(s.major);
    let r1_4 = less(p5, table.min(p5));
    let r1_5 = less(p3, per(d(5, 1), s.large_traffic, p3));

    // ---- 二 隐患整改 (25): 整改率 = fixed / count, 100% when there are no events.
    let rate_at_least = |pct: i64| s.count == 0 || s.fixed * 100 >= pct * s.count;
    let r2_1 = if rate_at_least(98) {
        p10
    } else if rate_at_least(95) {
        p8
    } else if rate_at_least(90) {
        p5
    } else {
        ZERO
    };
    let r2_2 = award(!s.serious_unfixed, p5);
    let r2_3 = less(p7, (s.unfixed_loss / million).min(p7));
    let first = s.first_unfixed.unwrap_or(YEAR_END);
    let r2_4 = less(p3, per(d(1, 2), (YEAR_END - first).num_days().max(0), p3));

    // ---- 三 信息报送 (20)
    let r3_1 = less(p8, per(d(1, 1), s.late, p8));
    let r3_2 = less(p5, (Decimal::from(s.late_days) / d(50, 0)).min(p5));
    let r3_3 = less(p3, award(s.max_delay.unwrap_or(0) > 30, p3));
    // mean(days) <= 1 (else 0 when no events).
    let r3_4 = award(s.delay_sum <= s.count, p3);
    let r3_5 = less(p1, award(s.cross_year, p1));

    // ---- 四 事故分布 (15): 涉事企业占比 = distinct enterprises / 企业总数.
    let firms = i64::from(u.firms);
    let r4_1 = if s.firms * 100 < 20 * firms {
        p5
    } else if s.firms * 100 < 40 * firms {
        p3
    } else if s.firms * 100 < 60 * firms {
        p1
    } else {
        ZERO
    };
    let r4_2 = less(p4, per(d(5, 1), s.costly_fires, p4));
    let r4_3 = less(p3, (s.max_loss.unwrap_or(ZERO) / million).min(p3));
    // mean(损失金额) < 50000 (else 0 when no events).
    let r4_4 = award(s.count == 0 || s.loss_sum < d(50_000, 0) * Decimal::from(s.count), p3);

    // ---- 五 年度趋势 (10)
    let r5_1 = award(s.second_half <= s.count - s.second_half, p4);
    let r5_2 = per(d(1, 1), (366 - s.days).max(0), p3);
    let r5_3 = less(p3, per(d(2, 2), s.q4_production, p3));

    let rows: [Decimal; ROWS] = [
        r1_1, r1_2, r1_3, r1_4, r1_5, r2_1, r2_2, r2_3, r2_4, r3_1, r3_2, r3_3, r3_4, r3_5, r4_1, r4_2, r4_3, r4_4,
        r5_1, r5_2, r5_3,
    ];
    Scores { total: rows.iter().sum(), rows }
}
