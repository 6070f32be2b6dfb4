//! Read-only views of the compiled form for embedders: a rubric's rows, facts and periods, without
//! the structs behind them.

use crate::facts::Raw;
use crate::plan::{FactDef, Kind, Meta, NodeDef, PeriodDef, Plan};
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;

/// A node of a rubric's tree (the rubric, a section, a group or an item), borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'r> {
    plan: &'r Plan,
    index: usize,
    def: &'r NodeDef,
}

/// A declared fact, borrowed from its rubric.
#[derive(Debug, Clone, Copy)]
pub struct FactRef<'r> {
    pub(crate) def: &'r FactDef,
}

/// A derived value that divides one count fact by another (`完成率 = 完成数 / 应完成数`): the
/// pair a facts form, or a generator of test data, keeps consistent.
#[derive(Debug, Clone, Copy)]
pub struct Ratio<'r> {
    /// The fact divided.
    pub numerator: FactRef<'r>,
    /// The fact it is divided by.
    pub denominator: FactRef<'r>,
    /// Whether the value says what a zero denominator gives (`on zero => …`).
    pub on_zero: bool,
}

/// A period (checkpoint) of a rubric scored at several, borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct PeriodRef<'r> {
    def: &'r PeriodDef,
}

impl<'r> NodeRef<'r> {
    /// The root of `plan`: the rubric itself.
    pub(crate) fn root_of(plan: &'r Plan) -> Self {
        NodeRef { plan, index: 0, def: plan.root() }
    }

    /// Node `index` of `plan`, if there is one.
    pub(crate) fn at(plan: &'r Plan, index: usize) -> Option<Self> {
        plan.nodes.get(index).map(|def| NodeRef { plan, index, def })
    }

    /// The plan it is a node of.
    pub(crate) fn plan(&self) -> &'r Plan {
        self.plan
    }

    /// The id, following the document's numbering (empty for the rubric itself).
    pub fn id(&self) -> &'r str {
        &self.def.id
    }

    /// The title.
    pub fn title(&self) -> &'r str {
        &self.def.title
    }

    /// What the node is.
    pub fn kind(&self) -> Kind {
        self.def.kind
    }

    /// The most points the node gives (with maxima that depend on the unit, in the first case:
    /// [`Rubric::case_maxima`](crate::Rubric::case_maxima) lists each case's).
    pub fn max(&self) -> Decimal {
        self.def.max
    }

    /// The nodes directly below it, in order.
    pub fn children(&self) -> impl Iterator<Item = NodeRef<'r>> + 'r {
        let plan = self.plan;
        self.def.children.iter().filter_map(move |&c| NodeRef::at(plan, c))
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
        self.plan.periods.iter().filter(move |p| p.nodes.get(index).copied().unwrap_or(false)).map(PeriodRef::of)
    }
}

impl<'r> FactRef<'r> {
    pub(crate) fn of(def: &'r FactDef) -> Self {
        FactRef { def }
    }

    /// Its name, as facts files give it.
    pub fn name(&self) -> &'r str {
        &self.def.name
    }

    /// Its declared type.
    pub fn ty(&self) -> FactType {
        self.def.ty
    }

    /// The type of the value read for it (a `count` fact reads as a whole number ≥ 0).
    pub fn value_ty(&self) -> crate::value::Ty {
        crate::plan::fact_ty(self.def.ty)
    }

    /// The names a `kind` fact may take, in declared order; empty for other types.
    pub fn names(&self) -> &'r [String] {
        &self.def.names
    }

    /// The fields of a `list` fact, in declared order; empty for other types.
    pub fn fields(&self) -> impl Iterator<Item = FactRef<'r>> + use<'r> {
        self.def.fields.iter().map(FactRef::of)
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

    /// Whether it is declared `optional`: a unit may give 不适用 for it.
    pub fn is_optional(&self) -> bool {
        self.def.optional
    }

    /// Whether it is declared `given`: the unit does not choose it, and no explanation suggests
    /// changing it.
    pub fn is_given(&self) -> bool {
        self.def.given
    }

    /// For a list fact, what is wrong with one record (every problem, each a
    /// [`crate::facts::BadFact::InRecord`], `MissingField` or `UnknownField` of record 1): for a
    /// reader that checks a list one record at a time, as its rows are read.
    pub fn record_problems(&self, record: &crate::facts::records::RawRecord) -> Vec<crate::facts::BadFact> {
        self.def.records(&Raw::Records(vec![record.clone()])).err().unwrap_or_default()
    }

    /// Whether `raw` would be read for this fact: a value of its type, within its declared range.
    pub fn accepts(&self, raw: &Raw) -> bool {
        self.def.read(raw).is_ok_and(|v| self.def.range.as_ref().is_none_or(|r| r.contains(v)))
    }
}

impl<'r> PeriodRef<'r> {
    pub(crate) fn of(def: &'r PeriodDef) -> Self {
        PeriodRef { def }
    }

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
