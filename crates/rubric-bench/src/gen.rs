//! A deterministic generator of unit facts, read from a loaded rubric's declared facts and derived rates.
//!
//! Values are plausible and exercise the rules' edges: counts mostly 0..3 (the thresholds and
//! per-incident deductions) and up to 10; yes/no facts mostly yes; dates around the 2024-07-31
//! deadline, often exactly on it; and for a derived value `a / b` of two counts, pairs that
//! land exactly on the 50%, 65%, 90% and 100% band edges, one off them, anywhere, or — when the
//! value has an `on zero` — on a zero denominator. A fact with a declared range only gets values
//! in it. Same seed, same units.

use chrono::{Days, NaiveDate};
use rubric::{Raw, Rubric, UnitFacts};
use rubric_syntax::ast::FactType;

/// The date the generated dates cluster around: 五.3's deadline.
const DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(2024, 7, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The rates the band tables and `>= 100%` conditions turn on, in percent.
const EDGES: [u32; 4] = [50, 65, 90, 100];

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u32) -> u32 {
        if n == 0 { 0 } else { u32::try_from(self.next_u64() % u64::from(n)).unwrap_or(0) }
    }

    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (the default when empty).
    pub fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        let i = usize::try_from(self.below(u32::try_from(items.len()).unwrap_or(u32::MAX))).unwrap_or(0);
        items.get(i).copied().unwrap_or_default()
    }
}

/// A derived value `numerator / denominator` over two count facts.
#[derive(Debug, Clone, Copy)]
struct Ratio {
    num: usize,
    den: usize,
    on_zero: bool,
}

/// The derived values of `rubric` that divide one count fact by another, by fact slot.
fn ratios(rubric: &Rubric) -> Vec<Ratio> {
    let slot = |name: &str| rubric.facts().position(|f| f.name() == name);
    rubric
        .ratios()
        .filter_map(|r| {
            let (num, den) = (slot(r.numerator.name())?, slot(r.denominator.name())?);
            Some(Ratio { num, den, on_zero: r.on_zero })
        })
        .collect()
}

/// A (numerator, denominator) pair of counts.
fn ratio_pair(rng: &mut Rng, on_zero: bool) -> (u32, u32) {
    match rng.below(10) {
        0 | 1 if on_zero => (0, 0),
        0..=5 => {
            let den = rng.pick(&[20, 40, 100, 200]);
            let num = den * rng.pick(&EDGES) / 100;
            match rng.below(3) {
                0 => (num, den),
                1 => (num.saturating_sub(1), den),
                _ => ((num + 1).min(den), den),
            }
        }
        _ => {
            let den = 1 + rng.below(300);
            (rng.below(den + 1), den)
        }
    }
}

/// A count: mostly around the thresholds (0..3), sometimes up to 10.
fn count(rng: &mut Rng) -> u32 {
    if rng.chance(60) { rng.below(4) } else { rng.below(11) }
}

/// A value of type `ty` as a facts file would give it (`names`: a kind's names).
fn value(rng: &mut Rng, ty: FactType, names: &[String]) -> Raw {
    match ty {
        // Lists are made with their fields (`records`); here, none.
        FactType::List => Raw::Records(Vec::new()),
        FactType::Kind => names
            .get(rng.below(u32::try_from(names.len()).unwrap_or(0)) as usize)
            .map_or(Raw::Null, |n| Raw::Text(n.clone())),
        FactType::Count => Raw::Number(count(rng).to_string()),
        FactType::Bool => Raw::Bool(rng.chance(80)),
        FactType::Date => {
            // Exactly on the deadline 30% of the time, else up to 10 days either side of it.
            let offset = if rng.chance(30) { 10 } else { rng.below(21) };
            let d = DEADLINE
                .checked_sub_days(Days::new(10))
                .and_then(|d| d.checked_add_days(Days::new(u64::from(offset))))
                .unwrap_or(DEADLINE);
            Raw::Text(d.format("%Y-%m-%d").to_string())
        }
        FactType::Percent => {
            if rng.chance(50) {
                Raw::Text(format!("{}%", rng.pick(&[0, 50, 65, 90, 100])))
            } else {
                let tenths = rng.below(1001);
                Raw::Text(format!("{}.{}%", tenths / 10, tenths % 10))
            }
        }
        FactType::Number => {
            let hundredths = rng.below(10_001);
            Raw::Number(format!("{}.{:02}", hundredths / 100, hundredths % 100))
        }
        FactType::Points => {
            let halves = rng.below(5);
            Raw::Number(if halves % 2 == 0 { (halves / 2).to_string() } else { format!("{}.5", halves / 2) })
        }
    }
}

/// A ledger of a year's monthly records (seed 000's `抚恤发放`): one record a month mostly, now
/// and then a month left out or recorded twice; a count field is the month, a date field a day
/// around the month's 20th (about a third of them after its deadline), any other field as a
/// fact of its type.
fn records(rng: &mut Rng, fact: &rubric::FactRef<'_>) -> Raw {
    let mut out = Vec::new();
    for month in 1..=12u32 {
        let times = match rng.below(20) {
            0 => 0,
            1 => 2,
            _ => 1,
        };
        for _ in 0..times {
            let record = fact
                .fields()
                .map(|f| {
                    let v = match f.ty() {
                        FactType::Count => Raw::Number(month.to_string()),
                        FactType::Date => {
                            let day = NaiveDate::from_ymd_opt(2024, month, 13 + rng.below(12)).unwrap_or(DEADLINE);
                            Raw::Text(day.format("%Y-%m-%d").to_string())
                        }
                        ty => value(rng, ty, f.names()),
                    };
                    (f.name().to_string(), v)
                })
                .collect();
            out.push(record);
        }
    }
    Raw::Records(out)
}

/// Whether `raw` fits the fact in `slot`: its type and declared range.
fn fits(rubric: &Rubric, slot: usize, raw: &Raw) -> bool {
    rubric.facts().nth(slot).is_some_and(|f| f.accepts(raw))
}

/// `n` units with a value for every fact `rubric` declares, from `seed`.
pub fn units(rubric: &Rubric, n: usize, seed: u64) -> Vec<UnitFacts> {
    stream(rubric, seed).take(n).collect()
}

/// The units of [`units`] one at a time, without end (take as many as wanted): the same units in
/// the same order for the same seed, none kept once given, so a file of a million units can be
/// written without holding them.
pub fn stream(rubric: &Rubric, seed: u64) -> Units<'_> {
    Units { rubric, rng: Rng::new(seed), ratios: ratios(rubric), next: 0 }
}

/// Generated units, one at a time ([`stream`]).
#[derive(Debug, Clone)]
pub struct Units<'a> {
    rubric: &'a Rubric,
    rng: Rng,
    ratios: Vec<Ratio>,
    next: usize,
}

impl Iterator for Units<'_> {
    type Item = UnitFacts;

    fn next(&mut self) -> Option<UnitFacts> {
        let (rubric, rng) = (self.rubric, &mut self.rng);
        let mut values: Vec<Option<Raw>> = vec![None; rubric.facts().count()];
        for r in &self.ratios {
            let (num, den) = ratio_pair(rng, r.on_zero);
            if let Some(v) = values.get_mut(r.num) {
                *v = Some(Raw::Number(num.to_string()));
            }
            if let Some(v) = values.get_mut(r.den) {
                *v = Some(Raw::Number(den.to_string()));
            }
        }
        let mut unit = UnitFacts::new(format!("单位{:05}", self.next));
        self.next += 1;
        for (slot, (fact, given)) in rubric.facts().zip(values).enumerate() {
            let given = given.or_else(|| (fact.ty() == FactType::List).then(|| records(rng, &fact)));
            let raw = given.unwrap_or_else(|| {
                // A declared range may refuse some values: try a few, then leave the fact
                // out (the unit is then reported, not silently scored on a made-up value).
                (0..16)
                    .map(|_| value(rng, fact.ty(), fact.names()))
                    .find(|v| fits(rubric, slot, v))
                    .unwrap_or(Raw::Null)
            });
            if raw != Raw::Null {
                unit = unit.with(fact.name().to_string(), raw);
            }
        }
        Some(unit)
    }
}
