//! What-if: for each row below its max, the smallest change of each fact it reads that raises
//! the row, derived exactly from the rules (bands, thresholds, per-incident deductions, limits,
//! zeroing), with the points the row and the total would gain.
//!
//! The row's score is worked out as a function of the one fact, the others held
//! (`whatif_rules`): every expression becomes pieces over the fact's values (`whatif_sym`),
//! comparisons and band intervals cut them at exact rational bounds (`whatif_set`), and the
//! values where the row scores more than now are read off. The nearest of those values (the next whole number for counts and dates, the bound
//! itself when it is included, a strict bound "> 90%" when it is not) is the suggestion. Nothing
//! is probed: the unit is scored once per suggestion, with the fact changed, only to give the
//! exact consequence for the total (a parent's cap may take the row's gain away) and to confirm
//! the derivation.

use crate::analysis::whatif_rules::{Cx, Pick, number};
use crate::analysis::whatif_set::{Q, Set};
use crate::analysis::whatif_sym::Why;
pub use crate::analysis::whatif_why::Underived;
use crate::eval::bind_needed;
use crate::eval::error::InternalPlanError;
use crate::eval::{EvalError, Rubric};
use crate::facts::{Raw, UnitFacts};
use crate::plan::{Kind, Loc, NodeDef, RuleDef};
use crate::report::breakdown::{NodeScore, Step, UnitScore};
use crate::value::{Ty, Value, show_num, show_percent, text_num, text_percent};
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;
use serde::Serialize;

/// The suggestions for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// The unit.
    pub unit: String,
    /// Its total now.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub score: Decimal,
    /// The rubric's maximum.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub max: Decimal,
    /// Whether the whole assessment is vetoed (then only the veto's facts are looked at).
    pub vetoed: bool,
    /// The suggestions, most points for the total first, then in the document's order.
    pub suggestions: Vec<Suggestion>,
    /// Facts of rows below their max for which no exact change can be derived, and why.
    pub not_derived: Vec<NotDerived>,
}

/// The smallest change of one fact that raises one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The row's id (empty for the rubric itself).
    pub node: String,
    /// The row's title.
    pub title: String,
    /// The fact to change.
    pub fact: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Ty,
    /// Its value now, as a person reads it.
    pub now: String,
    /// The value to reach, or the strict bound to pass.
    pub to: Target,
    /// The change: `+1`, `−2`, `是→否`, `+25个百分点以上`, `提前 3 天`.
    pub change: String,
    /// The change as data, for a renderer to say in any language.
    #[serde(skip)]
    pub delta: Delta,
    /// The value the unit was scored with to give the consequences (the target itself, or a
    /// value just past a strict bound).
    pub scored_with: String,
    /// The row's score now.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub row_before: Decimal,
    /// The row's score after the change.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub row_after: Decimal,
    /// The row's gain.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub row_gain: Decimal,
    /// The total after the change.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub total_after: Decimal,
    /// The total's gain (less than the row's when a parent's cap takes it, different when the
    /// fact also counts in other rows).
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub total_gain: Decimal,
    /// The rules of the row whose outcome changes, as written.
    pub rules: Vec<Because>,
    /// `now`, `to` and `scored_with` as text shows them (rounded and marked `≈` when long).
    #[serde(skip)]
    text: [String; 3],
}

impl Suggestion {
    /// `now`, `to` and `scored_with` as text shows them.
    pub(crate) fn texts(&self) -> [&str; 3] {
        let [a, b, c] = &self.text;
        [a, b, c]
    }
}

/// The value a suggestion asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Target {
    /// Exactly this value.
    Exactly(String),
    /// Any value above this one (it has no least value: "above 90%").
    Above(String),
    /// Any value below this one.
    Below(String),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Exactly(v) => f.write_str(v),
            Target::Above(v) => write!(f, "> {v}"),
            Target::Below(v) => write!(f, "< {v}"),
        }
    }
}

/// How a fact changes ([`Suggestion::delta`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delta {
    /// Any value above (`above`) or below the value now: a strict bound at the value itself.
    Past {
        /// Above, or below.
        above: bool,
    },
    /// A yes/no fact turned, the values as shown.
    Turn {
        /// The value now.
        from: String,
        /// The value to give.
        to: String,
    },
    /// By a number (a count, an amount), negative for less; `past` when the value must go
    /// beyond it (a strict bound).
    Number {
        /// The change.
        by: Decimal,
        /// Whether the value must pass it.
        past: bool,
    },
    /// By percentage points.
    Percent {
        /// The change, in points (`25` for 25 points).
        points: Decimal,
        /// Whether the value must pass it.
        past: bool,
    },
    /// By days, negative for earlier.
    Days {
        /// The change, in days.
        by: Decimal,
        /// Whether the date must pass it.
        past: bool,
    },
}

/// A rule of the row whose outcome the change alters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Because {
    /// The rule (or band) as written in the rule file.
    pub rule: String,
    /// What changes: `核查完成率 65% → 65.5%，进入 (65%, 90%]`, `扣 0.3 → 0.2`.
    pub change: String,
    /// What changes, as data, for a renderer to say in any language.
    #[serde(skip)]
    pub what: Change,
}

/// What changes in a rule ([`Because::what`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// The value moves into another band.
    Band {
        /// What the band table reads.
        subject: String,
        /// Its value now, as shown.
        from: String,
        /// Its value after the change.
        to: String,
        /// The band it enters.
        band: String,
    },
    /// The points of an award, a score or a judged line; `met` names the part now done.
    Points {
        /// The part done (an award's label or condition).
        met: Option<String>,
        /// The points now.
        from: Decimal,
        /// The points after.
        to: Decimal,
    },
    /// The points a deduction takes (`deduct`) or a bonus gives.
    Adjust {
        /// A deduction, or a bonus.
        deduct: bool,
        /// The points now.
        from: Decimal,
        /// The points after.
        to: Decimal,
    },
    /// A zeroing (or a veto) that starts, or is `lifted`.
    Zero {
        /// A veto, or a row scoring 0.
        veto: bool,
        /// Whether the change lifts it.
        lifted: bool,
    },
}

/// A fact of a row for which no change can be derived exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotDerived {
    /// The row.
    pub node: String,
    /// The fact.
    pub fact: String,
    /// Why, in Chinese (as JSON gives it).
    pub reason: String,
    /// Why, as data, for a renderer to say in any language.
    #[serde(skip)]
    pub why: Underived,
}

/// The suggestions for a unit already scored (`score` is `rubric.evaluate(unit)`).
///
/// # Errors
///
/// The error of binding the unit's facts (which `evaluate` would have met first), or
/// [`EvalError::InternalPlan`] when the rubric's slots do not match its facts (a bug in rubric).
pub fn whatif(rubric: &Rubric, unit: &UnitFacts, score: &UnitScore) -> Result<WhatIf, EvalError> {
    let internal = |what| EvalError::InternalPlan(InternalPlanError { what });
    let mut out = WhatIf {
        unit: unit.unit.clone(),
        score: score.score,
        max: score.max,
        vetoed: score.vetoed,
        suggestions: Vec::new(),
        not_derived: Vec::new(),
    };
    let slots = bind_needed(rubric, unit, None)?;
    // The unit's records, for the aggregates over them (which what-if holds).
    let bound = rubric.bind(unit).ok();
    let mut found: Vec<(usize, usize, Suggestion)> = Vec::new();
    // Rows below their max, and sections or groups a veto zeroed (only their vetoes are looked
    // at); when the whole assessment is vetoed, only its vetoes.
    let rows: Vec<(usize, &NodeDef, Decimal, Option<&NodeScore>, bool)> = if score.vetoed {
        rubric.nodes.first().map(|n| (0, n, score.score, None, true)).into_iter().collect()
    } else {
        let scored = score.nodes();
        rubric
            .nodes
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(i, n)| {
                // A row the score does not list was not scored: there is nothing of it to raise.
                let ns = scored.iter().find(|s| *s.id == *n.id)?;
                let veto = n.kind != Kind::Item && ns.vetoed;
                (veto || (n.kind == Kind::Item && ns.score < ns.max)).then_some((i, n, ns.score, Some(*ns), veto))
            })
            .collect()
    };
    // One symbolic context per fact, shared by the rows that read it.
    let mut contexts: Vec<Option<Cx>> = (0..rubric.facts.len()).map(|_| None).collect();
    for (idx, node, now, ns, veto_only) in rows {
        // A node's score the row reads moves with that node's facts: said plainly, per node.
        for r in rubric.refs.iter().filter(|r| r.from == Some(idx)) {
            let fact = format!("{}({})", r.read.keyword(), r.id);
            if !out.not_derived.iter().any(|d| d.node == node.id && d.fact == fact) {
                let why = Underived::NodeRef;
                out.not_derived.push(NotDerived { node: node.id.clone(), fact, reason: why.both().1, why });
            }
        }
        let reads = rubric.slots_read(crate::plan::reads::rule_reads(node).into_iter());
        for (slot, fact) in rubric.facts.iter().enumerate() {
            // A fact declared `given` is not the unit's to change: never a suggestion.
            let read = reads.get(slot).copied().ok_or_else(|| internal("a fact outside the slots read"))?;
            if fact.given || !read {
                continue;
            }
            // A kind is not a quantity to raise or lower: said plainly, not searched.
            if matches!(fact.ty, FactType::Kind | FactType::List) {
                let why = match fact.ty {
                    FactType::List => Underived::List { list: fact.name.clone() },
                    _ => Underived::Kind { names: fact.names.join("/") },
                };
                let reason = why.both().1;
                out.not_derived.push(NotDerived { node: node.id.clone(), fact: fact.name.clone(), reason, why });
                continue;
            }
            // A fact the unit left out has no value to move from.
            let Some(x0) = slots.get(slot).copied().ok_or_else(|| internal("a fact without its slot"))? else {
                continue;
            };
            let entry = contexts.get_mut(slot).ok_or_else(|| internal("a fact without its context"))?;
            let cx = entry.get_or_insert_with(|| Cx::new(rubric, &slots, slot, bound.as_ref()));
            let result = cx
                .target(node, now, x0, veto_only)
                .and_then(|t| t.map(|t| consequence(rubric, unit, score, node, ns, fact, x0, t)).transpose());
            match result {
                Ok(Some(s)) => found.push((idx, slot, s)),
                Ok(None) => {}
                Err(reason) => out.not_derived.push(NotDerived {
                    node: node.id.clone(),
                    fact: fact.name.clone(),
                    reason: reason.both().1,
                    why: reason,
                }),
            }
        }
    }
    found.sort_by(|a, b| b.2.total_gain.cmp(&a.2.total_gain).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    out.suggestions = found.into_iter().map(|(_, _, s)| s).collect();
    Ok(out)
}

/// For `explain`: the highest value of a whole-number fact below its current one at which the
/// item scores more than `now` (its score), derived from the rules; `None` when there is none
/// or it cannot be derived exactly.
pub(crate) fn fewer(rubric: &Rubric, unit: &UnitFacts, node: &NodeDef, slot: usize, now: Decimal) -> Option<Decimal> {
    let slots = bind_needed(rubric, unit, None).ok()?;
    let x0 = number(slots.get(slot).copied().flatten()?).ok()?;
    let bound = rubric.bind(unit).ok();
    let cx = Cx::new(rubric, &slots, slot, bound.as_ref());
    if !cx.whole {
        return None;
    }
    let (better, _) = cx.better(node, now, x0, false).ok()?;
    let below = better.intersect(&Set::iv(None, Some((Q::of(x0), false))));
    let (hi, closed) = below.0.last()?.hi?;
    let n = if closed { hi.floor()? } else { hi.ceil()?.checked_sub(Decimal::ONE)? };
    below.contains(n).then_some(n)
}

/// A value of the fact, exactly.
fn show(ty: FactType, v: Decimal) -> String {
    match ty {
        FactType::Percent => show_percent(v),
        FactType::Bool => if v.is_zero() { "否" } else { "是" }.to_string(),
        FactType::Date => day(v).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| show_num(v)),
        _ => show_num(v),
    }
}

/// A value of the fact as text shows it (rounded and marked `≈` when long).
fn text(ty: FactType, v: Decimal) -> String {
    match ty {
        FactType::Percent => text_percent(v),
        FactType::Count | FactType::Number | FactType::Points => text_num(v),
        FactType::Bool | FactType::Date | FactType::Kind | FactType::List => show(ty, v),
    }
}

fn day(v: Decimal) -> Option<chrono::NaiveDate> {
    rust_decimal::prelude::ToPrimitive::to_i32(&v).and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
}

/// The value as a facts file gives it.
fn raw(ty: FactType, v: Decimal) -> Raw {
    match ty {
        FactType::Bool => Raw::Bool(!v.is_zero()),
        FactType::Percent | FactType::Date => Raw::Text(show(ty, v)),
        _ => Raw::Number(show_num(v)),
    }
}

/// How the fact changes.
fn delta(ty: FactType, x0: Decimal, pick: Pick) -> Delta {
    let (to, past) = match pick {
        Pick::Exactly(v) => (v, false),
        Pick::Above(b, _) | Pick::Below(b, _) => (b, true),
    };
    let by = to.saturating_sub(x0);
    if past && by.is_zero() {
        return Delta::Past { above: matches!(pick, Pick::Above(..)) };
    }
    match ty {
        FactType::Bool => Delta::Turn { from: show(ty, x0), to: show(ty, to) },
        FactType::Percent => Delta::Percent { points: by.saturating_mul(Decimal::ONE_HUNDRED), past },
        FactType::Date => Delta::Days { by, past },
        _ => Delta::Number { by, past },
    }
}

impl Because {
    fn new(rule: String, what: Change) -> Self {
        Because { rule, change: what.both().1, what }
    }
}

/// Scores the unit with the fact changed, once, for the exact consequence.
#[allow(clippy::too_many_arguments)]
fn consequence(
    rubric: &Rubric,
    unit: &UnitFacts,
    score: &UnitScore,
    node: &NodeDef,
    ns: Option<&NodeScore>,
    fact: &crate::plan::FactDef,
    x0: Value,
    pick: Pick,
) -> Result<Suggestion, Why> {
    let x0 = number(x0)?;
    let at = pick.scored_with();
    let mut changed = unit.clone();
    for (name, value) in &mut changed.values {
        if *name == fact.name {
            *value = raw(fact.ty, at);
        }
    }
    let after = rubric
        .evaluate(&changed)
        .map_err(|e| Underived::Unscorable { value: show(fact.ty, at), error: e.to_string() })?;
    let (row_before, row_after, rules) = match ns {
        Some(ns) => {
            let Some(na) = after.node(&node.id) else { return Err(Underived::RowLost) };
            (ns.score, na.score, because(rubric, node, ns, na))
        }
        None => {
            let rules = node
                .rules
                .iter()
                .filter_map(|r| if let RuleDef::Veto(c) = r { Some(c) } else { None })
                .filter(|c| score.steps.iter().any(|s| matches!(s, Step::Veto(z) if *z.condition == *c.cond.text)))
                .map(|c| Because::new(written(rubric, c.loc), Change::Zero { veto: true, lifted: true }))
                .collect();
            (score.score, after.score, rules)
        }
    };
    let raised = if ns.is_some() { row_after > row_before } else { !after.vetoed };
    if !raised {
        return Err(Underived::NoGain);
    }
    let (to, to_text) = match pick {
        Pick::Exactly(v) => (Target::Exactly(show(fact.ty, v)), text(fact.ty, v)),
        Pick::Above(b, _) => (Target::Above(show(fact.ty, b)), text(fact.ty, b)),
        Pick::Below(b, _) => (Target::Below(show(fact.ty, b)), text(fact.ty, b)),
    };
    Ok(Suggestion {
        node: node.id.clone(),
        title: node.title.clone(),
        fact: fact.name.clone(),
        ty: fact.value_ty(),
        now: show(fact.ty, x0),
        to,
        change: delta(fact.ty, x0, pick).both().1,
        delta: delta(fact.ty, x0, pick),
        scored_with: show(fact.ty, at),
        row_before,
        row_after,
        row_gain: row_after.saturating_sub(row_before).normalize(),
        total_after: after.score,
        total_gain: after.score.saturating_sub(score.score).normalize(),
        rules,
        text: [text(fact.ty, x0), to_text, text(fact.ty, at)],
    })
}

/// The text of a rule as written, on one line.
fn written(rubric: &Rubric, loc: Loc) -> String {
    let text = rubric.sources.get(loc.file).and_then(|f| f.text.get(loc.span.start..loc.span.end)).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rules of the row whose outcome differs between the two scores.
fn because(rubric: &Rubric, n: &NodeDef, before: &NodeScore, after: &NodeScore) -> Vec<Because> {
    let mut out = Vec::new();
    let (mut band_k, mut base_k, mut deduct_k, mut bonus_k) = (0, 0, 0, 0);
    let bands =
        |s: &NodeScore| -> Vec<Step> { s.steps.iter().filter(|s| matches!(s, Step::Band { .. })).cloned().collect() };
    let base = |s: &NodeScore| -> Vec<Step> {
        s.steps
            .iter()
            .filter(|s| matches!(s, Step::Award(_) | Step::Score { .. } | Step::Judged { .. }))
            .cloned()
            .collect()
    };
    let deducts =
        |s: &NodeScore| -> Vec<Step> { s.steps.iter().filter(|s| matches!(s, Step::Deduct(_))).cloned().collect() };
    let bonuses =
        |s: &NodeScore| -> Vec<Step> { s.steps.iter().filter(|s| matches!(s, Step::Bonus(_))).cloned().collect() };
    let (b0, b1) = (bands(before), bands(after));
    let (a0, a1) = (base(before), base(after));
    let (d0, d1) = (deducts(before), deducts(after));
    let (o0, o1) = (bonuses(before), bonuses(after));
    for r in &n.rules {
        match r {
            RuleDef::Band(b) => {
                if let (
                    Some(Step::Band { subject, text: v0, band: k0, .. }),
                    Some(Step::Band { text: v1, band: k1, index, .. }),
                ) = (b0.get(band_k), b1.get(band_k))
                    && k0 != k1
                {
                    let rule = b.arms.get(*index).map(|a| written(rubric, a.loc)).unwrap_or_default();
                    let s = |t: &crate::report::breakdown::Text| t.to_string();
                    let band = Change::Band { subject: s(subject), from: s(v0), to: s(v1), band: s(k1) };
                    out.push(Because::new(rule, band));
                }
                band_k += 1;
            }
            RuleDef::Award(_) | RuleDef::Score(_) | RuleDef::Judged(_) => {
                let loc = match r {
                    RuleDef::Award(a) => a.loc,
                    RuleDef::Score(s) => s.loc,
                    RuleDef::Judged(j) => j.loc,
                    _ => continue,
                };
                let points = |s: Option<&Step>| match s {
                    Some(Step::Award(a)) => Some(a.points),
                    Some(Step::Score { points, .. } | Step::Judged { points, .. }) => Some(*points),
                    _ => None,
                };
                let (p0, p1) = (points(a0.get(base_k)), points(a1.get(base_k)));
                if p0 != p1 {
                    let was = matches!(a0.get(base_k), Some(Step::Award(a)) if a.applied && !a.points.is_zero());
                    let met = match a1.get(base_k) {
                        Some(Step::Award(a)) if !was && a.applied && !label(a).is_empty() => Some(label(a)),
                        _ => None,
                    };
                    let (from, to) = (p0.unwrap_or_default(), p1.unwrap_or_default());
                    out.push(Because::new(written(rubric, loc), Change::Points { met, from, to }));
                }
                base_k += 1;
            }
            RuleDef::Deduct(d) | RuleDef::Bonus(d) => {
                let is_deduct = matches!(r, RuleDef::Deduct(_));
                let (s0, s1, k) = if is_deduct { (&d0, &d1, &mut deduct_k) } else { (&o0, &o1, &mut bonus_k) };
                if let (Some(Step::Deduct(x) | Step::Bonus(x)), Some(Step::Deduct(y) | Step::Bonus(y))) =
                    (s0.get(*k), s1.get(*k))
                    && x.points != y.points
                {
                    let adjust = Change::Adjust { deduct: is_deduct, from: x.points, to: y.points };
                    out.push(Because::new(written(rubric, d.loc), adjust));
                }
                *k += 1;
            }
            RuleDef::Zero(c) | RuleDef::Veto(c) => {
                let hit = |s: &NodeScore| {
                    s.steps.iter().any(|s| matches!(s, Step::Zero(z) | Step::Veto(z) if *z.condition == *c.cond.text))
                };
                let (h0, h1) = (hit(before), hit(after));
                if h0 != h1 {
                    let zero = Change::Zero { veto: matches!(r, RuleDef::Veto(_)), lifted: h0 };
                    out.push(Because::new(written(rubric, c.loc), zero));
                }
            }
            // What-if does not move a row with a conditional cap (`Underived::CondCap`).
            RuleDef::CapWhen(_) => {}
        }
    }
    out
}

/// An adjustment line's label, else its condition (`""` without either).
fn label(a: &crate::report::breakdown::Adjustment) -> String {
    a.label.as_deref().or(a.condition.as_deref()).unwrap_or_default().to_string()
}
