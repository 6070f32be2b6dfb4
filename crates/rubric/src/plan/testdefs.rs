//! The `test` blocks of a rule file as the checker compiled them: facts given, results expected.

use super::Loc;
use rust_decimal::Decimal;

/// A `test` block: facts given and results expected.
#[derive(Debug, Clone)]
pub struct TestDef {
    /// The test's name.
    pub name: String,
    /// The facts given (the unit is named after the test).
    pub facts: crate::facts::UnitFacts,
    /// What is expected.
    pub expects: Vec<ExpectDef>,
    /// `period NAME { … }` blocks: facts and expectations of one period each.
    pub periods: Vec<TestPeriodDef>,
    /// `unit NAME { … }` blocks: the units scored together, each with its facts (the test's
    /// common facts and its own) and expectations. Empty for a test of one unit.
    pub units: Vec<TestUnitDef>,
    /// Where the test was written.
    pub loc: Loc,
}

/// `unit NAME { given … expect … }` inside a test.
#[derive(Debug, Clone)]
pub struct TestUnitDef {
    /// The unit's facts: the test's common `given` and its own, under its name.
    pub facts: crate::facts::UnitFacts,
    /// What is expected of this unit.
    pub expects: Vec<ExpectDef>,
}

/// `period NAME { given … expect … }` inside a test.
#[derive(Debug, Clone)]
pub struct TestPeriodDef {
    /// The period's index in `Rubric::periods`.
    pub period: usize,
    /// The facts given for this period (added to the test's common facts).
    pub facts: crate::facts::UnitFacts,
    /// What is expected in this period.
    pub expects: Vec<ExpectDef>,
}

/// One expected result of a test.
#[derive(Debug, Clone)]
pub struct ExpectDef {
    /// The total, a node, or an error.
    pub target: Target,
    /// Where the line was written.
    pub loc: Loc,
}

/// What a test expects.
#[derive(Debug, Clone)]
pub enum Target {
    /// The rubric's total.
    Total(Decimal),
    /// A node's score: its index and the expected points.
    Node(usize, Decimal),
    /// Scoring fails with this code.
    Error(String),
    /// The unit's place among the test's units by total (ties share a place): `expect rank = 2`.
    Rank(u32),
    /// A node's grade (0: the total's): its index and the grade's name.
    Grade(usize, String),
}
