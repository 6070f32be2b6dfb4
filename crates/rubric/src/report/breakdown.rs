//! The explained result of scoring a unit: a tree of nodes, each with its score and the steps behind it.

use crate::plan::{Kind, Meta};
use crate::value::{de_dec, de_opt_dec, ser_dec, ser_opt_dec};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Text of a breakdown: shared, not copied, between the units a rubric explains (a rule's
/// wording, a row's title and id, a fact's name are made once per rubric) and between the places
/// of one unit that show the same value. Serialised as a string.
pub type Text = Arc<str>;

/// The score of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitScore {
    /// The unit's name.
    pub unit: Text,
    /// The total score.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub score: Decimal,
    /// The rubric's maximum.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub max: Decimal,
    /// Bonus points included in the score.
    #[serde(
        serialize_with = "ser_dec",
        deserialize_with = "de_dec",
        default,
        skip_serializing_if = "Decimal::is_zero"
    )]
    pub bonus: Decimal,
    /// Whether a rubric-level veto applied.
    #[serde(default, skip_serializing_if = "is_false")]
    pub vetoed: bool,
    /// The total's grade (等次), when the rubric has a grade table; before quotas when the unit
    /// is scored alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Box<crate::report::grades::Grade>>,
    /// How the total was reached.
    pub steps: Vec<Step>,
    /// The sections.
    pub children: Vec<NodeScore>,
}

/// The score of one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeScore {
    /// The node's id.
    pub id: Text,
    /// Its title.
    pub title: Text,
    /// Section, group or item.
    pub kind: Kind,
    /// Its score.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub score: Decimal,
    /// Its maximum.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub max: Decimal,
    /// Bonus points included in the score.
    #[serde(
        serialize_with = "ser_dec",
        deserialize_with = "de_dec",
        default,
        skip_serializing_if = "Decimal::is_zero"
    )]
    pub bonus: Decimal,
    /// Whether a `zero when` applied.
    #[serde(default, skip_serializing_if = "is_false")]
    pub zeroed: bool,
    /// Whether a `veto when` applied.
    #[serde(default, skip_serializing_if = "is_false")]
    pub vetoed: bool,
    /// The document's metadata in force for the node.
    #[serde(default, skip_serializing_if = "no_meta")]
    pub meta: Arc<Meta>,
    /// The node's grade (等次), when it has a grade table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Box<crate::report::grades::Grade>>,
    /// `false` when the node is not applicable for the unit (it read a 不适用 value); its `max`
    /// is then what it is worth for the unit: its points with `full`, 0 when left out of a
    /// rescaled parent.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub applicable: bool,
    /// How the score was reached.
    pub steps: Vec<Step>,
    /// The node's children (`[]` for a row).
    pub children: Vec<NodeScore>,
}

fn no_meta(m: &Arc<Meta>) -> bool {
    m.is_empty()
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl NodeScore {
    /// This node and every node below it, depth first.
    pub fn walk(&self) -> Vec<&NodeScore> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(n.children.iter().rev());
        }
        out
    }
}

impl UnitScore {
    /// Every node, depth first.
    pub fn nodes(&self) -> Vec<&NodeScore> {
        self.children.iter().flat_map(NodeScore::walk).collect()
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&NodeScore> {
        self.nodes().into_iter().find(|n| &*n.id == id)
    }
}

impl Meta {
    /// Whether no metadata is set.
    pub fn is_empty(&self) -> bool {
        self.lead.is_empty()
            && self.office.is_empty()
            && self.owner.is_empty()
            && self.due.is_none()
            && self.text.is_none()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A fact or derived value read by a step, with its value as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "FactWire", from = "FactWire")]
pub struct FactUse {
    /// Its name.
    pub name: Text,
    /// Its value, exactly: `87.5%`, `是`, `3`, `91.66666666666666666666666667%`.
    pub value: Text,
    /// Its value as an explanation shows it: a number with more than six decimal places is
    /// rounded and marked, `≈91.67%` ([`crate::value::Value::text`]). In JSON only when it
    /// differs from `value`.
    pub text: Text,
    /// What is said beside the value: the cohort's figures it comes from, or that it took its
    /// `on zero` value. In JSON only when there is one.
    pub aside: Option<Aside>,
}

/// What an explanation says beside a value, as data: the renderer says it in words
/// (`第 2 名 / 4（本单位 92.1%，第一名 97.4%）`, `place 2 of 4 (this unit 92.1%, first 97.4%)`).
/// Values are exact, as [`FactUse::value`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aside {
    /// `rank(x)` (`lowest`: `rank_lowest(x)`): the value is the unit's place among `of` units;
    /// `own` is its `x`, `top` the first's (the lowest's).
    Place {
        /// Counted from the lowest.
        #[serde(default, skip_serializing_if = "is_false")]
        lowest: bool,
        /// How many units are compared.
        of: usize,
        /// The unit's own value.
        own: String,
        /// The first unit's value.
        top: String,
    },
    /// `best(x)`, `worst(x)` or `average(x)` over `of` units.
    Over {
        /// Which figure.
        figure: Over,
        /// How many units are compared.
        of: usize,
    },
    /// `ratio(x)`: the unit's `own` ÷ the highest, `top`.
    Ratio {
        /// The unit's own value.
        own: String,
        /// The highest value.
        top: String,
    },
    /// A derived value whose denominator was 0 took its `on zero` value.
    OnZero,
    /// An aggregate over a list of records (`count(事故 where 等级 == 一般)`): what it was taken
    /// over. The value is a count, a sum, the highest … of `records` records.
    Records {
        /// `count`, `any`, `all`, `sum`, `max`, `min` or `mean`.
        func: String,
        /// The field the records were grouped by (`by`), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
        /// `max` or `min`: the value taken in each group, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pick: Option<String>,
        /// The value of a record it was taken of, as written (`加分`), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<String>,
        /// How many records it was taken over (those that met `where`).
        records: usize,
    },
    /// `workday(d)`: whether `day` is a working day of the calendar `calendar`.
    Workday {
        /// The day.
        day: String,
        /// Whether it is a working day.
        working: bool,
        /// The calendar that decides it.
        calendar: String,
    },
    /// `next_workday(d)`: the first working day on or after `day` in the calendar `calendar`.
    NextWorkday {
        /// The day counted from.
        day: String,
        /// The calendar that decides it.
        calendar: String,
    },
    /// `workdays(a, b)`: the working days after `from` up to and including `to`.
    Workdays {
        /// The day after which the count starts.
        from: String,
        /// The last day counted.
        to: String,
        /// The calendar that decides it.
        calendar: String,
    },
    /// A figure over the units that meet `among` (`rank(x among 达标 == false)`): `figure`
    /// says it over them.
    Among {
        /// The condition, as written.
        among: String,
        /// What is said of the figure over the subset.
        figure: Box<Aside>,
    },
    /// A figure over a subset that took its `else` value: no unit meets `among` (`empty`), or
    /// the unit is not among those it ranks.
    SubsetElse {
        /// The condition, as written.
        among: String,
        /// No unit meets it.
        empty: bool,
    },
}

/// Which figure over a cohort an [`Aside::Over`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Over {
    /// The highest value.
    Best,
    /// The lowest value.
    Worst,
    /// The average.
    Average,
    /// The sum (`cohort_sum`).
    Sum,
    /// How many units there are (`cohort_count`).
    Count,
}

/// A [`FactUse`] in JSON: `text` only when it is not the `value`, `aside` only when there is one.
#[derive(Serialize, Deserialize)]
struct FactWire {
    name: Text,
    value: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aside: Option<Aside>,
}

impl From<FactUse> for FactWire {
    fn from(f: FactUse) -> Self {
        let text = (f.text != f.value).then_some(f.text);
        FactWire { name: f.name, value: f.value, text, aside: f.aside }
    }
}

impl From<FactWire> for FactUse {
    fn from(f: FactWire) -> Self {
        let text = f.text.unwrap_or_else(|| f.value.clone());
        FactUse { name: f.name, value: f.value, text, aside: f.aside }
    }
}

/// One step in reaching a node's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Step {
    /// An item without base rules starts at its maximum.
    Full {
        /// The points.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        points: Decimal,
    },
    /// A parent's base is the sum of its children (without their bonus).
    Sum {
        /// The points.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        points: Decimal,
    },
    /// The band that a value fell in.
    Band {
        /// The value banded, as written.
        subject: Text,
        /// Its value, exactly.
        value: Text,
        /// Its value as an explanation shows it (rounded and marked `≈` when long).
        text: Text,
        /// What is said beside the value: the cohort's figures, or that it took its `on zero`
        /// value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        aside: Option<Aside>,
        /// The band it fell in, as written.
        band: Text,
        /// The band's label.
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<Text>,
        /// The points of the band.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        points: Decimal,
        /// The facts read.
        facts: Vec<FactUse>,
        /// The value as a number (dates as day numbers), for explanations.
        #[serde(
            serialize_with = "ser_opt_dec",
            deserialize_with = "de_opt_dec",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        number: Option<Decimal>,
        /// Which band of the table it fell in, counted from 0.
        index: usize,
    },
    /// An `award` line.
    Award(Adjustment),
    /// A `score` line.
    Score {
        /// The expression, as written.
        expr: Text,
        /// Its points.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        points: Decimal,
        /// The facts read.
        facts: Vec<FactUse>,
    },
    /// Points judged by the assessor.
    Judged {
        /// The fact.
        fact: Text,
        /// The points.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        points: Decimal,
    },
    /// A `deduct` line.
    Deduct(Adjustment),
    /// A `bonus` line.
    Bonus(Adjustment),
    /// The score was raised to the floor.
    Floor {
        /// Before.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        before: Decimal,
        /// After.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        after: Decimal,
    },
    /// The score was lowered to the cap.
    Cap {
        /// Before.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        before: Decimal,
        /// After.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        after: Decimal,
    },
    /// The bonus was lowered to the bonus cap.
    BonusCap {
        /// Before.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        before: Decimal,
        /// After.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        after: Decimal,
    },
    /// A `zero when` held: the node scores 0.
    Zero(Zeroing),
    /// A `veto when` held: the node scores 0 (一票否决).
    Veto(Zeroing),
    /// The score was rounded.
    Round {
        /// Before.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        before: Decimal,
        /// After.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        after: Decimal,
        /// Decimal places.
        places: u32,
        /// The mode, e.g. 四舍五入.
        mode: String,
    },
    /// A `cap N when C` that held and lowered the total.
    CapWhen(CondCap),
    /// `combine HOW`: the node's points from its parts' scores.
    Combine(Combined),
    /// The node read a 不适用 value: it is not applicable for the unit.
    NotApplicable(NotApplied),
    /// A parent with parts left out as not applicable, rescaled (按比例折算).
    Rescaled {
        /// The applicable parts' points.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        sum: Decimal,
        /// The applicable parts' maxima.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        applicable: Decimal,
        /// The node's maximum.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        max: Decimal,
        /// sum ÷ applicable × max.
        #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
        points: Decimal,
    },
    /// Points of rows not applicable moved into the node (计入): its score scaled to its grown
    /// maximum.
    MovedIn(MovedIn),
    /// Facts the rules read that the unit does not give: no rule that was evaluated read them
    /// (a fact read only on a branch not taken need not be given). Said once, at the total.
    NotGiven {
        /// The facts, in the order declared.
        facts: Vec<String>,
    },
}

/// The points of rows not applicable moved into a node (计入): `before` × (`max` + `moved`) ÷
/// `max` = `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedIn {
    /// The rows whose points moved, by id.
    pub from: Vec<String>,
    /// The node they moved to, by id.
    pub to: String,
    /// The points moved.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub moved: Decimal,
    /// The node's own maximum.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub max: Decimal,
    /// Its score before.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub before: Decimal,
    /// Its score after.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub after: Decimal,
}

/// A node that is not applicable for the unit, and what its points became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplied {
    /// The fact or derived value that is 不适用; none when all its parts are not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `full` (it scores its maximum), `rescale` (left out of its parent) or `move` (its points
    /// went to another row).
    pub how: String,
    /// The label of its `not_applicable =>` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Its maximum.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub max: Decimal,
    /// With `how` `move`: the row its points went to (计入).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// A node's points from its parts by `combine` (就低, 只扣减分最多的一项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Combined {
    /// How: `min`, `max`, `average` or `largest_loss`.
    pub how: String,
    /// The label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The points it gives.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub points: Decimal,
    /// Each part, in order.
    pub parts: Vec<PartScore>,
}

/// A part's score and points, as `combine` read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartScore {
    /// Its id.
    pub id: Text,
    /// Its title.
    pub title: Text,
    /// Its score.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub score: Decimal,
    /// Its points.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub max: Decimal,
}

/// A `cap N when C` that held and lowered the total ("存在…的，总分最高为85分").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CondCap {
    /// The condition as written.
    pub condition: Text,
    /// The label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The total before the cap.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub before: Decimal,
    /// The cap.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub after: Decimal,
    /// The facts read.
    pub facts: Vec<FactUse>,
}

/// An `award`, `deduct` or `bonus` line as applied to a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// The points given or taken (0 when the line did not apply).
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub points: Decimal,
    /// Whether the line's condition held.
    pub applied: bool,
    /// The points per unit of `per`, or the points.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub amount: Decimal,
    /// The quantity multiplied by, if any.
    #[serde(
        serialize_with = "ser_opt_dec",
        deserialize_with = "de_opt_dec",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub per: Option<Decimal>,
    /// The quantity as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_text: Option<Text>,
    /// The condition as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Text>,
    /// The line's own limit, when it cut the points.
    #[serde(
        serialize_with = "ser_opt_dec",
        deserialize_with = "de_opt_dec",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub limited_to: Option<Decimal>,
    /// A bonus line without a limit, under `bonus_cap none`: the document sets no limit.
    #[serde(default, skip_serializing_if = "is_false")]
    pub uncapped: bool,
    /// The label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The facts read.
    pub facts: Vec<FactUse>,
}

/// A `zero when` or `veto when` that held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zeroing {
    /// The condition as written.
    pub condition: Text,
    /// The label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The score before zeroing.
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub before: Decimal,
    /// The facts read.
    pub facts: Vec<FactUse>,
}
