//! The values a row is tried on: every number, percent and date its rules and text mention (each
//! band edge and per-incident threshold), exactly on it and just either side, with 0 and a large one.

use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The class of an input: two inputs can stand for each other only when their classes are equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Yes/no.
    Bool,
    /// A whole number of things.
    Count,
    /// A decimal number.
    Number,
    /// A rate, 0%–100% (a percent fact, or a derived value dividing one count by another).
    Percent,
    /// A date.
    Date,
    /// An assessor's points.
    Points,
    /// One of these names.
    Kind(Vec<String>),
    /// A list of records, sampled as ledgers ([`Val::Ledger`]); it stands for a draft's count
    /// through the derived value the hand row shows for it (issue 20's 六.2.2: late payments).
    List,
}

impl Class {
    /// The class in a word, as the table shows it.
    pub fn word(&self) -> &'static str {
        match self {
            Class::Bool => "yes/no",
            Class::Count => "count",
            Class::Number => "number",
            Class::Percent => "percent",
            Class::Date => "date",
            Class::Points => "points",
            Class::Kind(_) => "kind",
            Class::List => "list",
        }
    }
}

/// One value of an input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Val {
    /// Yes or no.
    Bool(bool),
    /// A count, number or points.
    Num(Decimal),
    /// A rate as a fraction (0.65 for 65%).
    Pct(Decimal),
    /// A date, `YYYY-MM-DD`.
    Date(String),
    /// A kind's name.
    Kind(String),
    /// A year's ledger for a list fact: one record a month, on the month's 5th, and this many
    /// more records dated the 28th of months 1, 2, … (late under any deadline before the 28th).
    Ledger(u32),
}

impl std::fmt::Display for Val {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Bool(b) => write!(f, "{}", if *b { "是" } else { "否" }),
            Val::Num(d) => write!(f, "{}", d.normalize()),
            Val::Pct(p) => write!(f, "{}%", (p * Decimal::ONE_HUNDRED).normalize()),
            Val::Date(d) | Val::Kind(d) => write!(f, "{d}"),
            Val::Ledger(k) => write!(f, "台账（每月5日1条，另{k}条28日）"),
        }
    }
}

/// The literals found in a piece of rule text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Literals {
    /// Plain numbers.
    pub numbers: BTreeSet<Decimal>,
    /// Percents, as fractions.
    pub percents: BTreeSet<Decimal>,
    /// Dates, `YYYY-MM-DD`.
    pub dates: BTreeSet<String>,
}

impl Literals {
    /// Adds the literals of `text`.
    pub fn scan(&mut self, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let digits = |from: usize| chars.iter().skip(from).take_while(|c| c.is_ascii_digit()).count();
            let at = |k: usize| chars.get(k).copied();
            let starts =
                at(i).is_some_and(|c| c.is_ascii_digit()) && (i == 0 || !at(i - 1).is_some_and(|c| c.is_ascii_digit()));
            if !starts {
                i += 1;
                continue;
            }
            let whole = digits(i);
            // A date: 4 digits, '-', 2 digits, '-', 2 digits.
            if whole == 4
                && at(i + 4) == Some('-')
                && digits(i + 5) == 2
                && at(i + 7) == Some('-')
                && digits(i + 8) == 2
            {
                self.dates.insert(chars.iter().skip(i).take(10).collect());
                i += 10;
                continue;
            }
            let mut end = i + whole;
            if at(end) == Some('.') && digits(end + 1) > 0 {
                end += 1 + digits(end + 1);
            }
            let text: String = chars.iter().skip(i).take(end - i).collect();
            if let Ok(d) = text.parse::<Decimal>() {
                if matches!(at(end), Some('%' | '％')) {
                    self.percents.insert(d / Decimal::ONE_HUNDRED);
                    end += 1;
                } else {
                    self.numbers.insert(d);
                }
            }
            i = end;
        }
    }

    /// The union of two sets of literals.
    pub fn with(mut self, other: &Literals) -> Literals {
        self.numbers.extend(other.numbers.iter().copied());
        self.percents.extend(other.percents.iter().copied());
        self.dates.extend(other.dates.iter().cloned());
        self
    }
}

/// A count or number larger than any threshold of the seeds.
const LARGE: i64 = 100;

/// The values an input of `class` is tried on, from the literals of both rows.
pub fn candidates(class: &Class, lits: &Literals, year: Option<u32>) -> Vec<Val> {
    let hundredth = Decimal::new(1, 2);
    let mut out: BTreeSet<Val> = BTreeSet::new();
    match class {
        Class::Bool => {
            out.insert(Val::Bool(false));
            out.insert(Val::Bool(true));
        }
        Class::Count => {
            let mut add = |d: Decimal| {
                if d >= Decimal::ZERO && d.fract().is_zero() && d <= Decimal::from(10_000) {
                    out.insert(Val::Num(d.normalize()));
                }
            };
            for d in [0, 1, 2, 3, LARGE] {
                add(Decimal::from(d));
            }
            for n in &lits.numbers {
                for d in [n - Decimal::ONE, *n, n + Decimal::ONE] {
                    add(d);
                }
            }
        }
        Class::Number | Class::Points => {
            let mut add = |d: Decimal| {
                if d >= Decimal::ZERO && d <= Decimal::from(10_000) {
                    out.insert(Val::Num(d.normalize()));
                }
            };
            for d in [0, 1, 2, LARGE] {
                add(Decimal::from(d));
            }
            for n in &lits.numbers {
                for d in [n - hundredth, *n, n + hundredth] {
                    add(d);
                }
            }
        }
        Class::Percent => {
            let step = Decimal::new(1, 4); // 0.01%
            let mut add = |d: Decimal| {
                if d >= Decimal::ZERO && d <= Decimal::ONE {
                    out.insert(Val::Pct(d.normalize()));
                }
            };
            for d in [Decimal::ZERO, Decimal::ONE, Decimal::new(5, 1)] {
                add(d);
            }
            for p in &lits.percents {
                for d in [p - step, *p, p + step] {
                    add(d);
                }
            }
        }
        Class::Date => {
            let base = format!("{}-06-30", year.unwrap_or(2024));
            out.insert(Val::Date(base));
            for d in &lits.dates {
                for s in around(d) {
                    out.insert(Val::Date(s));
                }
            }
        }
        Class::Kind(names) => out.extend(names.iter().cloned().map(Val::Kind)),
        Class::List => out.extend((0..=12).map(Val::Ledger)),
    }
    out.into_iter().collect()
}

/// A date, the day before and the day after (without a calendar library: days 1–28 are safe,
/// month ends step within the month).
fn around(date: &str) -> Vec<String> {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts.as_slice() else { return vec![date.to_string()] };
    let mut out = vec![date.to_string()];
    if *d > 1 {
        out.push(format!("{y:04}-{m:02}-{:02}", d - 1));
    } else if *m > 1 {
        out.push(format!("{y:04}-{:02}-28", m - 1));
    }
    if *d < 28 {
        out.push(format!("{y:04}-{m:02}-{:02}", d + 1));
    } else if *m < 12 {
        out.push(format!("{y:04}-{:02}-01", m + 1));
    } else {
        out.push(format!("{:04}-01-01", y + 1));
    }
    out
}
