//! Values and their types: exact decimals, percents, booleans and dates.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ty {
    /// A whole number ≥ 0.
    Count,
    /// A decimal.
    Number,
    /// A rate (held as a fraction).
    Percent,
    /// Points.
    Points,
    /// True or false.
    Bool,
    /// A date.
    Date,
}

impl Ty {
    /// Whether the type is a plain quantity (count, number or points).
    pub fn is_quantity(self) -> bool {
        matches!(self, Ty::Count | Ty::Number | Ty::Points)
    }

    /// Whether values of the two types can be compared or added.
    pub fn same_family(self, other: Ty) -> bool {
        (self.is_quantity() && other.is_quantity()) || self == other
    }

    /// The name used in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Count => "a count",
            Ty::Number => "a number",
            Ty::Percent => "a percent",
            Ty::Points => "points",
            Ty::Bool => "a yes/no value",
            Ty::Date => "a date",
        }
    }
}

/// A value computed or read for a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A decimal; a percent is held as its fraction.
    Num(Decimal),
    /// True or false.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
}

impl Value {
    /// The decimal, if it is one.
    pub fn num(self) -> Option<Decimal> {
        match self {
            Value::Num(n) => Some(n),
            _ => None,
        }
    }

    /// The boolean, if it is one.
    pub fn bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The value as a person reads it, given its type: `87.5%`, `是`, `2024-07-31`, `3`.
    pub fn show(self, ty: Ty) -> String {
        match self {
            Value::Num(n) if ty == Ty::Percent => show_percent(n),
            Value::Num(n) => show_num(n),
            Value::Bool(true) => "是".into(),
            Value::Bool(false) => "否".into(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A decimal without trailing zeros: `2.50` → `2.5`, `2.0` → `2`.
pub fn show_num(n: Decimal) -> String {
    n.normalize().to_string()
}

/// A fraction as a percent: `0.875` → `87.5%`.
pub fn show_percent(n: Decimal) -> String {
    match n.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => format!("{} (fraction)", n.normalize()),
    }
}

/// Serializes a decimal as a string without trailing zeros, so nothing is lost.
pub fn ser_dec<S: Serializer>(n: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&show_num(*n))
}

/// Serializes an optional decimal as a string.
pub fn ser_opt_dec<S: Serializer>(n: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => s.serialize_str(&show_num(*n)),
        None => s.serialize_none(),
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}
