//! A loaded rubric's accessors: its title, rows, facts and periods as views.

use crate::eval::Rubric;
use crate::plan::CExpr;
use crate::plan::{FactRef, NodeRef, Ratio};
use rubric_syntax::ast::{BinOp, FactType};
use rust_decimal::Decimal;

impl Rubric {
    /// The rubric's title.
    pub fn title(&self) -> &str {
        &self.plan().title
    }

    /// The year the rubric declares, if any.
    pub fn year(&self) -> Option<u32> {
        self.plan().year
    }

    /// The root of the tree: the rubric itself.
    pub fn root(&self) -> NodeRef<'_> {
        NodeRef::root_of(self.plan())
    }

    /// The node with this id (`"六.2.4"`), if there is one.
    pub fn node(&self, id: &str) -> Option<NodeRef<'_>> {
        let index = self.plan().nodes.iter().position(|n| n.id == id)?;
        self.node_at(index)
    }

    /// Every node, parents before their children, in the order of the rule file.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef<'_>> {
        let plan = self.plan();
        (0..plan.nodes.len()).filter_map(move |index| NodeRef::at(plan, index))
    }

    /// The declared facts, in the order they are declared.
    pub fn facts(&self) -> impl Iterator<Item = FactRef<'_>> {
        self.plan().facts.iter().map(FactRef::of)
    }

    /// The fact with this name, if the rubric declares it.
    pub fn fact(&self, name: &str) -> Option<FactRef<'_>> {
        self.plan().fact(name).map(FactRef::of)
    }

    /// The derived values that divide one count fact by another, in the order declared.
    pub fn ratios(&self) -> impl Iterator<Item = Ratio<'_>> {
        let count = |slot: &usize| self.plan().facts.get(*slot).filter(|f| f.ty == FactType::Count);
        self.plan().lets.iter().filter_map(move |l| match &l.expr {
            CExpr::Binary(BinOp::Div, a, b, _) => match (a.as_ref(), b.as_ref()) {
                (CExpr::Slot(n), CExpr::Slot(d)) => Some(Ratio {
                    numerator: FactRef::of(count(n)?),
                    denominator: FactRef::of(count(d)?),
                    on_zero: l.on_zero.is_some(),
                }),
                _ => None,
            },
            _ => None,
        })
    }

    /// Whether the rubric is scored at several periods (checkpoints), each with its own facts.
    pub fn has_periods(&self) -> bool {
        !self.plan().periods.is_empty()
    }

    /// How a unit's score is made: from its facts alone, compared with the other units, or period
    /// by period. What a command can do with a unit depends on it (a what-if moves one unit's
    /// facts; it cannot move the others' or a period's alone).
    pub fn basis(&self) -> Basis {
        match (self.has_periods(), self.is_cohort()) {
            (true, _) => Basis::Periods,
            (false, true) => Basis::Cohort,
            (false, false) => Basis::Alone,
        }
    }

    /// The most points a unit can get: the root's maximum, or with periods Σ weight × period
    /// maximum.
    pub fn max(&self) -> Decimal {
        self.plan().max
    }

    /// Whether any row can give a bonus (加分): a result table then shows the bonus apart.
    pub fn gives_bonus(&self) -> bool {
        self.plan().nodes.iter().any(|n| n.rules.iter().any(|r| matches!(r, crate::plan::RuleDef::Bonus(_))))
    }

    /// Whether any rule is a veto (一票否决), which zeroes the whole rubric.
    pub fn can_veto(&self) -> bool {
        self.plan().nodes.iter().any(|n| n.rules.iter().any(|r| matches!(r, crate::plan::RuleDef::Veto(_))))
    }

    /// The names of the tests written in the rule file, in order.
    pub fn tests(&self) -> impl Iterator<Item = &str> {
        self.plan().tests.iter().map(|t| t.name.as_str())
    }

    /// The node at `index` ([`NodeRef::index`]): how [`Scores`](crate::Scores) number nodes.
    pub fn node_at(&self, index: usize) -> Option<NodeRef<'_>> {
        NodeRef::at(self.plan(), index)
    }
}

/// How a rubric scores a unit ([`Rubric::basis`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Basis {
    /// From the unit's facts alone.
    Alone,
    /// Compared with the other units scored with it (rank, best, worst, average, ratio).
    Cohort,
    /// Period by period, each from the unit's facts for that period, then weighted.
    Periods,
}
