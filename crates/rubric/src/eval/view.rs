//! Read-only views of a loaded rubric for embedders: its title, rows, facts and periods, without
//! the compiled form behind them.

use crate::eval::Rubric;
use crate::plan::{FactDef, Kind, Meta, NodeDef, PeriodDef};
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;

/// What a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NodeKind {
    /// The rubric itself, the root.
    Rubric,
    /// 一级指标.
    Section,
    /// 二级指标 / 任务.
    Group,
    /// 评分标准: a row scored by rules.
    Item,
}

/// A node of a rubric's tree (the rubric, a section, a group or an item), borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'r> {
    rubric: &'r Rubric,
    index: usize,
    def: &'r NodeDef,
}

/// A declared fact, borrowed from its rubric.
#[derive(Debug, Clone, Copy)]
pub struct FactRef<'r> {
    def: &'r FactDef,
}

/// A period (checkpoint) of a rubric scored at several, borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct PeriodRef<'r> {
    def: &'r PeriodDef,
}

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
        self.node_at(0).unwrap_or_else(|| NodeRef { rubric: self, index: 0, def: self.plan().root() })
    }

    /// The node with this id (`"六.2.4"`), if there is one.
    pub fn node(&self, id: &str) -> Option<NodeRef<'_>> {
        let index = self.plan().nodes.iter().position(|n| n.id == id)?;
        self.node_at(index)
    }

    /// Every node, parents before their children, in the order of the rule file.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef<'_>> {
        self.plan().nodes.iter().enumerate().map(move |(index, def)| NodeRef { rubric: self, index, def })
    }

    /// The declared facts, in the order they are declared.
    pub fn facts(&self) -> impl Iterator<Item = FactRef<'_>> {
        self.plan().facts.iter().map(|def| FactRef { def })
    }

    /// The fact with this name, if the rubric declares it.
    pub fn fact(&self, name: &str) -> Option<FactRef<'_>> {
        self.plan().fact(name).map(|def| FactRef { def })
    }

    /// The periods the rubric is scored at, in the order declared; none for a rubric scored once.
    pub fn periods(&self) -> impl Iterator<Item = PeriodRef<'_>> {
        self.plan().periods.iter().map(|def| PeriodRef { def })
    }

    /// The most points a unit can get: the root's maximum, or with periods Σ weight × period
    /// maximum.
    pub fn max(&self) -> Decimal {
        self.plan().period_max().unwrap_or(self.plan().root().max)
    }

    pub(crate) fn node_at(&self, index: usize) -> Option<NodeRef<'_>> {
        self.plan().nodes.get(index).map(|def| NodeRef { rubric: self, index, def })
    }
}

impl<'r> NodeRef<'r> {
    /// The id, following the document's numbering (empty for the rubric itself).
    pub fn id(&self) -> &'r str {
        &self.def.id
    }

    /// The title.
    pub fn title(&self) -> &'r str {
        &self.def.title
    }

    /// What the node is.
    pub fn kind(&self) -> NodeKind {
        match self.def.kind {
            Kind::Rubric => NodeKind::Rubric,
            Kind::Section => NodeKind::Section,
            Kind::Group => NodeKind::Group,
            Kind::Item => NodeKind::Item,
        }
    }

    /// The most points the node gives.
    pub fn max(&self) -> Decimal {
        self.def.max
    }

    /// The nodes directly below it, in order.
    pub fn children(&self) -> impl Iterator<Item = NodeRef<'r>> + 'r {
        let rubric = self.rubric;
        self.def.children.iter().filter_map(move |&c| rubric.node_at(c))
    }

    /// 牵头领导, 责任股室, 责任人, 完成时限 and the scoring standard's wording, as declared or
    /// inherited.
    pub fn meta(&self) -> &'r Meta {
        &self.def.meta
    }

    /// The scoring standard's wording (`text "…"`), if given.
    pub fn text(&self) -> Option<&'r str> {
        self.def.meta.text.as_deref()
    }

    /// Its position in the tree, parents before children: the index of its score in
    /// [`Scores`](crate::Scores).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The periods the node is scored in (all of them when it has no `only`); none for a
    /// rubric without periods.
    pub fn periods(&self) -> impl Iterator<Item = PeriodRef<'r>> + 'r {
        let index = self.index;
        self.rubric
            .plan()
            .periods
            .iter()
            .filter(move |p| p.nodes.get(index).copied().unwrap_or(false))
            .map(|def| PeriodRef { def })
    }
}

impl<'r> FactRef<'r> {
    /// Its name, as facts files give it.
    pub fn name(&self) -> &'r str {
        &self.def.name
    }

    /// Its declared type.
    pub fn ty(&self) -> FactType {
        self.def.ty
    }

    /// Its description, if declared.
    pub fn description(&self) -> Option<&'r str> {
        self.def.desc.as_deref()
    }

    /// Its declared range as written (`[0, 100]`), if any.
    pub fn range(&self) -> Option<&'r str> {
        self.def.range.as_ref().map(|r| r.text.as_str())
    }

    /// Whether a rule reads it: a facts form asks only for the facts that are read.
    pub fn is_used(&self) -> bool {
        self.def.used
    }

    /// Whether it is declared `given`: the unit does not choose it, and no explanation suggests
    /// changing it.
    pub fn is_given(&self) -> bool {
        self.def.given
    }
}

impl<'r> PeriodRef<'r> {
    /// Its name, as facts files and `only` give it.
    pub fn name(&self) -> &'r str {
        &self.def.name
    }

    /// Its title.
    pub fn title(&self) -> &'r str {
        &self.def.title
    }

    /// Its weight in the total (a percent as its fraction).
    pub fn weight(&self) -> Decimal {
        self.def.weight
    }

    /// The weight as written (`1`, `40%`).
    pub fn weight_text(&self) -> &'r str {
        &self.def.weight_text
    }

    /// The date its facts are taken at, if declared.
    pub fn due(&self) -> Option<&'r str> {
        self.def.due.as_deref()
    }
}
