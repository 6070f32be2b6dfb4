//! The compiled rubric: facts resolved to slots, nodes in an arena, rules ready to evaluate.

pub(crate) mod calendar;
pub(crate) mod exact;
pub(crate) mod grades;
pub(crate) mod interval;
pub(crate) mod lists;
pub(crate) mod maxcase;
mod na;
pub(crate) mod order;
pub(crate) mod periods;
pub(crate) mod reads;
pub(crate) mod refs;
pub(crate) mod strata;
pub(crate) mod surely;
mod testdefs;
pub(crate) mod text;
mod view;
pub(crate) mod whole;

pub use na::NaDef;
pub use testdefs::{ExpectDef, Target, TestDef, TestPeriodDef, TestUnitDef};
pub use view::{FactRef, NodeRef, PeriodRef, Ratio};

use crate::source::{FileId, Sources};
use crate::value::{Ty, Value};
use chrono::NaiveDate;
use rubric_syntax::Span;
use rubric_syntax::ast::{BinOp, FactType, Func, NodeKind, RoundMode, UnOp};
use rust_decimal::Decimal;
use serde::Serialize;

/// Where something was written: a file and a span in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Loc {
    /// The file.
    pub file: FileId,
    /// The span.
    pub span: Span,
}

/// A checked, compiled rubric, ready to score units: returned by [`crate::load`] when the rule
/// file has no errors. Score a unit with [`Rubric::evaluate`], run the file's `test` blocks with
/// [`Rubric::run_tests`]. It holds no reference to the loader and is `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The rubric's title.
    pub(crate) title: String,
    /// The rubric's year, if declared.
    pub(crate) year: Option<u32>,
    /// The declared facts; a fact's index is its slot.
    pub(crate) facts: Vec<FactDef>,
    /// The derived values in evaluation order; `lets[i]` fills slot `facts.len() + i`.
    pub(crate) lets: Vec<LetDef>,
    /// The tree of nodes; `nodes[0]` is the rubric itself.
    pub(crate) nodes: Nodes,
    /// The most points a unit can get: the root's maximum, or with periods Σ weight × period
    /// maximum (set by the checker, which refuses periods whose sum a decimal does not hold).
    pub(crate) max: Decimal,
    /// The cohort figures the rules read (`rank`, `best`, `worst`, `average`, `ratio` of a
    /// value over the units scored together); `CExpr::Cohort(k)` reads `cohorts[k]`.
    pub(crate) cohorts: Vec<CohortDef>,
    /// The tests written in the rule file.
    pub(crate) tests: Vec<TestDef>,
    /// The files read.
    pub(crate) sources: Sources,
    /// The periods (checkpoints) the rubric is scored at; empty for a rubric scored once.
    pub(crate) periods: Vec<PeriodDef>,
    /// The grade tables (等次), one per graded node, in node order.
    pub(crate) grades: Vec<grades::GradeDef>,
    /// The declared calendars of working days (`calendar "…" { … }`), each year in at most one.
    pub(crate) calendars: std::sync::Arc<calendar::Calendars>,
    /// The node references the rules read; `CExpr::Node(k)` reads `refs[k]`.
    pub(crate) refs: Vec<refs::RefDef>,
    /// The order nodes are scored in: children and the nodes a rule reads first
    /// (`refs::order`); from the last node to the first when no rule reads a node.
    pub(crate) order: Vec<usize>,
    /// With maxima that depend on the unit, the plan of every other case (`plan::maxcase`).
    pub(crate) cases: Vec<Plan>,
}

/// The nodes of a plan, never empty: the root (the rubric itself) is the first, so a plan without
/// a root cannot be built. It derefs to a slice, which can change nodes but not remove one.
#[derive(Debug, Clone)]
pub(crate) struct Nodes(Vec<NodeDef>);

impl Nodes {
    /// The nodes with `root` first.
    pub(crate) fn new(root: NodeDef) -> Self {
        Nodes(vec![root])
    }

    /// The nodes, or `None` when there is none (no root).
    pub(crate) fn from_vec(nodes: Vec<NodeDef>) -> Option<Self> {
        (!nodes.is_empty()).then_some(Nodes(nodes))
    }

    /// Adds a node after the others.
    pub(crate) fn push(&mut self, node: NodeDef) {
        self.0.push(node);
    }

    /// The root node.
    #[expect(clippy::indexing_slicing, reason = "a Nodes is built from its root and never shrinks")]
    pub(crate) fn root(&self) -> &NodeDef {
        &self.0[0]
    }
}

impl std::ops::Deref for Nodes {
    type Target = [NodeDef];
    fn deref(&self) -> &[NodeDef] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Nodes {
    type Item = &'a NodeDef;
    type IntoIter = std::slice::Iter<'a, NodeDef>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl std::ops::DerefMut for Nodes {
    fn deref_mut(&mut self) -> &mut [NodeDef] {
        &mut self.0
    }
}

/// `period NAME "title" weight W [due DATE]`: a checkpoint scored with its own facts.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodDef {
    /// Its name, as facts files and `only` name it.
    pub name: String,
    /// Its title.
    pub title: String,
    /// Its weight in the total (a percent as its fraction).
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub weight: Decimal,
    /// The weight as written (`1`, `40%`).
    pub weight_text: String,
    /// The date its facts are taken at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Which nodes (indexed like `Rubric::nodes`) are scored in this period.
    #[serde(skip)]
    pub nodes: Vec<bool>,
}

impl Plan {
    /// The root node (the rubric itself).
    pub fn root(&self) -> &NodeDef {
        self.nodes.root()
    }

    /// Whether the rules compare units with each other, so that units must be scored together
    /// ([`Rubric::evaluate_all`], [`Rubric::cohort`]).
    pub fn is_cohort(&self) -> bool {
        !self.cohorts.is_empty()
    }

    /// The fact with this name.
    pub fn fact(&self, name: &str) -> Option<&FactDef> {
        self.facts.iter().find(|f| f.name == name)
    }

    /// Marks node `idx` and every node below it, in `mask` (indexed like `nodes`).
    pub(crate) fn mark_subtree(&self, idx: usize, mask: &mut [bool]) {
        let mut stack = vec![idx];
        while let Some(i) = stack.pop() {
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
            if let Some(n) = self.nodes.get(i) {
                stack.extend(n.children.iter().copied());
            }
        }
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&NodeDef> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// A declared fact.
#[derive(Debug, Clone, Serialize)]
pub struct FactDef {
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: FactType,
    /// Its description.
    pub desc: Option<String>,
    /// Its allowed range.
    pub range: Option<Range>,
    /// Where it was declared.
    #[serde(skip)]
    pub loc: Loc,
    /// Whether any rule reads it.
    pub used: bool,
    /// Declared `given`: the unit does not choose the value; `whatif` and `explain` never move it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub given: bool,
    /// The names of a `kind` fact, in declared order (a value is held as its index).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// The fields of a `list` fact, in declared order (a record's values are held in this
    /// order); empty for other types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FactDef>,
    /// Declared `optional`: a unit may give 不适用 for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

impl FactDef {
    /// The type of the fact's values in expressions.
    pub fn value_ty(&self) -> Ty {
        fact_ty(self.ty)
    }

    /// Reads one raw value for this fact: a kind by its names, any other by its type.
    pub(crate) fn read(&self, raw: &crate::facts::Raw) -> Result<Value, crate::facts::BadFact> {
        if let Some(na) = crate::facts::na::na_word(raw, self.optional, true) {
            return na.map(|()| Value::NotApplicable);
        }
        if let crate::facts::Raw::Records(rs) = raw {
            return Err(crate::facts::BadFact::ListNotValue { records: rs.len() });
        }
        if self.ty == FactType::Kind {
            return crate::facts::read_kind(&self.names, raw);
        }
        crate::facts::read_fact(self.ty, raw, self.range.is_some())
    }

    /// The name a kind fact's value stands for (its index), if it is a kind and the index is one.
    pub fn kind_name(&self, v: Decimal) -> Option<&str> {
        if self.ty != FactType::Kind {
            return None;
        }
        let i = rust_decimal::prelude::ToPrimitive::to_usize(&v)?;
        self.names.get(i).map(String::as_str)
    }
}

/// The expression type of a fact type.
pub fn fact_ty(t: FactType) -> Ty {
    match t {
        FactType::Count => Ty::Count,
        FactType::Number => Ty::Number,
        FactType::Percent => Ty::Percent,
        FactType::Bool => Ty::Bool,
        FactType::Date => Ty::Date,
        FactType::Points => Ty::Points,
        // A kind is held as the index of its name; only `==`, `!=` and `in` read it.
        FactType::Kind => Ty::Count,
        // A list's slot holds its number of records; only aggregates and `per` read the list.
        FactType::List => Ty::Count,
    }
}

/// A derived value.
#[derive(Debug, Clone)]
pub struct LetDef {
    /// Its name.
    pub name: String,
    /// Its definition (its wording is `text`).
    pub expr: CExpr,
    /// Its type.
    pub ty: Ty,
    /// The value to use when a denominator is zero; `None` makes it an error.
    pub on_zero: Option<CExpr>,
    /// The slots its definition reads.
    pub reads: Vec<usize>,
    /// Where it was declared.
    pub loc: Loc,
    /// Whether it reads a cohort figure, directly or through other derived values.
    pub cohort: bool,
    /// `on zero => 不适用`: a zero denominator makes it not applicable.
    pub na_on_zero: bool,
    /// Its wording as written, for the rules said back in words.
    pub text: text::LetText,
}

/// An interval with explicit ends, as decimal or date bounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Range {
    /// The lower end, if any.
    pub lo: Option<Value2>,
    /// Whether the lower end is included.
    pub lo_closed: bool,
    /// The upper end, if any.
    pub hi: Option<Value2>,
    /// Whether the upper end is included.
    pub hi_closed: bool,
    /// The interval as written.
    pub text: String,
}

/// A bound value: a decimal (percents as fractions) or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Value2 {
    /// A decimal.
    Num(#[serde(serialize_with = "crate::value::ser_dec")] Decimal),
    /// A date.
    Date(NaiveDate),
}

impl Value2 {
    /// The value as a number: a date as its day number (days from 1 January of year 1).
    pub(crate) fn number(self) -> Decimal {
        match self {
            Value2::Num(n) => n,
            Value2::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(&d)),
        }
    }
}

impl Range {
    /// The interval as an [`Interval`](interval::Interval) of its bounds.
    pub(crate) fn bounds(&self) -> interval::Interval<Value2> {
        interval::Interval { lo: self.lo.map(|v| (v, self.lo_closed)), hi: self.hi.map(|v| (v, self.hi_closed)) }
    }

    /// The interval over numbers, a date bound as its day number.
    pub(crate) fn numbers(&self) -> interval::Interval<Decimal> {
        self.bounds().map(Value2::number)
    }

    /// Whether the value lies in the interval.
    pub fn contains(&self, v: Value) -> bool {
        let v = match v {
            Value::Num(n) => Value2::Num(n),
            Value::Date(d) => Value2::Date(d),
            Value::Bool(_) | Value::NotApplicable => return false,
        };
        self.bounds().contains(&v)
    }
}

/// A node of the tree: the rubric, a section, a group or an item.
#[derive(Debug, Clone)]
pub struct NodeDef {
    /// The id, following the document's numbering.
    pub id: String,
    /// The title.
    pub title: String,
    /// Rubric, section, group or item.
    pub kind: Kind,
    /// The maximum points.
    pub max: Decimal,
    /// Whether the maximum was declared (rather than summed from the children).
    pub max_declared: bool,
    /// Child nodes, by index.
    pub children: Vec<usize>,
    /// The scoring rules, in source order.
    pub rules: Vec<RuleDef>,
    /// The floor.
    pub floor: Floor,
    /// The cap: `None` for `cap none`.
    pub cap: Option<Decimal>,
    /// The limit on the node's total bonus.
    pub bonus_cap: Option<Decimal>,
    /// Whether the node says its bonus has no limit on purpose (`bonus_cap none`).
    pub bonus_uncapped: bool,
    /// Declared rounding.
    pub round: Option<(u32, RoundMode)>,
    /// The metadata in force (inherited where not restated).
    pub meta: Meta,
    /// Where the node was written.
    pub loc: Loc,
    /// `combine HOW`: how and by which of its `score` lines its parts are combined.
    pub combine: Option<refs::CombineDef>,
    /// `not_applicable => HOW` in force for the node (its own, else its nearest ancestor's).
    pub na: Option<NaDef>,
    /// The ids of the rows of the same parent whose points move to this node when they are not
    /// applicable (`not_applicable => ID` on them, 计入), in the order of the tree.
    pub takes: Vec<String>,
    /// `max 2 when C else 4`: the maximum depends on the unit; `max` is this plan's case's.
    pub max_case: Option<Box<maxcase::MaxCaseDef>>,
}

/// The lowest score a node keeps before its bonus (step 3 of scoring).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Floor {
    /// `floor N`, or the default 0 (扣完为止).
    At(Decimal),
    /// `floor none`: no limit below.
    None,
    /// The default of a section, group or rubric with a part that may score below 0 (a row
    /// with a negative floor or `floor none`, or a part holding one): the lower of 0 and the
    /// sum of its parts. The negative score of a part reaches the total, and the node's own
    /// deductions still stop at 0 (扣完为止).
    Children,
}

impl Floor {
    /// The floor for a node whose parts add up to `base`; `None` when there is none.
    #[inline]
    pub fn at(self, base: Decimal) -> Option<Decimal> {
        match self {
            Floor::At(f) => Some(f),
            Floor::None => None,
            Floor::Children => Some(base.min(Decimal::ZERO)),
        }
    }

    /// [`Floor::at`] over an exact value.
    #[inline]
    pub(crate) fn at_q(self, base: crate::plan::exact::Q) -> Option<crate::plan::exact::Q> {
        match self {
            Floor::At(f) => Some(crate::plan::exact::Q::dec(f)),
            Floor::None => None,
            Floor::Children => Some(base.min(crate::plan::exact::Q::ZERO)),
        }
    }

    /// Whether a node with this floor may score below 0 (and so pass a negative score up).
    pub fn allows_negative(self) -> bool {
        match self {
            Floor::At(f) => f.is_sign_negative() && !f.is_zero(),
            Floor::None | Floor::Children => true,
        }
    }
}

/// The kind of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Kind {
    /// The rubric itself.
    Rubric,
    /// 一级指标.
    Section,
    /// 二级指标 / 任务.
    Group,
    /// 评分标准 row.
    Item,
}

impl From<NodeKind> for Kind {
    fn from(k: NodeKind) -> Self {
        match k {
            NodeKind::Section => Kind::Section,
            NodeKind::Group => Kind::Group,
            NodeKind::Item => Kind::Item,
        }
    }
}

/// A node's metadata: the document's columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Meta {
    /// 牵头领导.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<String>,
    /// 责任股室.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub office: Vec<String>,
    /// 责任人.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owner: Vec<String>,
    /// 完成时限.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// The scoring standard's wording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A scoring rule of a node.
#[derive(Debug, Clone)]
pub enum RuleDef {
    /// Points from the band containing a value.
    Band(BandDef),
    /// Points when a condition holds (per a quantity).
    Award(AdjustDef),
    /// Points from an expression.
    Score(ExprRule),
    /// The assessor's points from a fact.
    Judged(JudgedDef),
    /// Points taken off.
    Deduct(AdjustDef),
    /// Points added on top.
    Bonus(AdjustDef),
    /// The node scores 0 when a condition holds.
    Zero(CondDef),
    /// 一票否决: the node scores 0 when a condition holds.
    Veto(CondDef),
    /// `cap N when C`: the node's total is at most N when a condition holds.
    CapWhen(CapWhenDef),
}

/// `cap N when C ["label"]`.
#[derive(Debug, Clone)]
pub struct CapWhenDef {
    /// The cap.
    pub cap: Decimal,
    /// The condition and its label.
    pub cond: CondDef,
}

impl RuleDef {
    /// Whether the rule contributes to the base score.
    pub fn is_base(&self) -> bool {
        order::Phase::of(self) == order::Phase::Base
    }
}

/// A band table.
#[derive(Debug, Clone)]
pub struct BandDef {
    /// The value banded.
    pub subject: ExprRule,
    /// The bands.
    pub arms: Vec<ArmDef>,
    /// Whether every band of the table checked (none was dropped for an error).
    pub complete: bool,
    /// Where written.
    pub loc: Loc,
}

/// One band.
#[derive(Debug, Clone)]
pub struct ArmDef {
    /// The interval.
    pub range: Range,
    /// The points.
    pub points: CExpr,
    /// The points as written.
    pub points_text: String,
    /// An optional label.
    pub label: Option<String>,
    /// Where written.
    pub loc: Loc,
}

/// `award`, `deduct`, `bonus`.
#[derive(Debug, Clone)]
pub struct AdjustDef {
    /// The points (per unit).
    pub amount: ExprRule,
    /// The quantity.
    pub per: Option<ExprRule>,
    /// The condition.
    pub when: Option<ExprRule>,
    /// The most this line gives or takes.
    pub max: Option<ExprRule>,
    /// The label.
    pub label: Option<String>,
    /// Where written.
    pub loc: Loc,
}

/// `zero when` and `veto when`.
#[derive(Debug, Clone)]
pub struct CondDef {
    /// The condition.
    pub cond: ExprRule,
    /// The label.
    pub label: Option<String>,
    /// Where written.
    pub loc: Loc,
}

/// `judged FACT`.
#[derive(Debug, Clone)]
pub struct JudgedDef {
    /// The fact's slot.
    pub slot: usize,
    /// The fact's name.
    pub name: String,
    /// The label.
    pub label: Option<String>,
    /// Where written.
    pub loc: Loc,
}

/// An expression with its source text and the slots it reads.
#[derive(Debug, Clone)]
pub struct ExprRule {
    /// The compiled expression.
    pub expr: CExpr,
    /// Its type.
    pub ty: Ty,
    /// The text as written, for explanations.
    pub text: String,
    /// The facts and derived values it reads (directly), by slot.
    pub reads: Vec<usize>,
    /// Where written.
    pub loc: Loc,
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub enum CExpr {
    /// A constant.
    Const(Value),
    /// A fact or derived value.
    Slot(usize),
    /// A prefix operation.
    Unary(UnOp, Box<CExpr>),
    /// An infix operation, with its span for errors.
    Binary(BinOp, Box<CExpr>, Box<CExpr>, Span),
    /// A function call.
    Call(Func, Vec<CExpr>),
    /// `if c then a else b`.
    If(Box<CExpr>, Box<CExpr>, Box<CExpr>),
    /// A cohort figure: [`Rubric::cohorts`]`[k]` for the unit scored.
    Cohort(usize),
    /// An aggregate over a list fact's records.
    Agg(Box<lists::AggDef>),
    /// A figure of another node: `Plan::refs[k]`, read once that node is scored.
    Node(usize),
}

/// A cohort figure: a function of one value over the units scored together.
#[derive(Debug, Clone)]
pub struct CohortDef {
    /// `rank`, `best`, `worst`, `average` or `ratio`.
    pub func: Func,
    /// The value compared, for each unit.
    pub arg: CExpr,
    /// Its type.
    pub arg_ty: Ty,
    /// The call as written: `rank(完成率)`.
    pub text: String,
    /// The facts and derived values the value reads.
    pub reads: Vec<usize>,
    /// The file it was written in.
    pub file: FileId,
    /// `among C, else V`: the units compared are those that meet `C`.
    pub among: Option<Subset>,
}

/// The subset of a cohort figure: `rank(x among 达标 == false)`, `average(x among C, else 0)`.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The condition, on each unit's own facts and derived values.
    pub cond: CExpr,
    /// The condition as written: `达标 == false`.
    pub text: String,
    /// The figure when it has none: no unit meets the condition, or (`rank`) the unit does not.
    pub or_else: Option<CExpr>,
    /// The `else` value as written.
    pub else_text: Option<String>,
    /// The facts and derived values the condition reads.
    pub reads: Vec<usize>,
}

/// Marks a cohort figure among the slots read: `COHORT | k` is [`Rubric::cohorts`]`[k]`.
pub const COHORT: usize = 1 << (usize::BITS - 1);

/// The cohort figure a read names, if it names one.
pub fn cohort_read(read: usize) -> Option<usize> {
    (read & COHORT != 0).then_some(read & !COHORT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str) -> NodeDef {
        NodeDef {
            id: id.to_string(),
            title: String::new(),
            kind: Kind::Rubric,
            max: Decimal::ONE,
            max_declared: false,
            children: Vec::new(),
            rules: Vec::new(),
            floor: Floor::At(Decimal::ZERO),
            cap: None,
            bonus_cap: None,
            bonus_uncapped: false,
            round: None,
            meta: Meta::default(),
            loc: Loc { file: 0, span: Span::default() },
            combine: None,
            na: None,
            takes: Vec::new(),
            max_case: None,
        }
    }

    #[test]
    fn nodes_have_a_root_or_are_not_made() {
        assert!(Nodes::from_vec(Vec::new()).is_none());
        let mut nodes = Nodes::new(node("root"));
        nodes.push(node("1"));
        assert_eq!((nodes.root().id.as_str(), nodes.len()), ("root", 2));
        assert_eq!(Nodes::from_vec(vec![node("a"), node("b")]).map(|n| n.root().id.clone()), Some("a".to_string()));
    }
}
