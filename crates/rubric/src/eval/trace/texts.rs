//! The rubric's own texts as an explanation shows them — each row's id, title and metadata, each
//! rule's wording, condition, quantity and label, each band as written, each fact's and derived
//! value's name — made once per rubric and shared by every unit's breakdown.

use crate::plan::{Meta, NodeDef, Plan, RuleDef};
use crate::report::breakdown::Text;
use std::sync::Arc;

/// The texts of every node and slot, indexed as the plan's nodes and slots.
#[derive(Debug, Clone, Default)]
pub(crate) struct Texts {
    nodes: Vec<NodeTexts>,
    /// The names of the facts, then of the derived values.
    names: Vec<Text>,
}

/// A node's texts.
#[derive(Debug, Clone)]
pub(crate) struct NodeTexts {
    pub(crate) id: Text,
    pub(crate) title: Text,
    pub(crate) meta: Arc<Meta>,
    /// The label of its `combine` line.
    pub(crate) combine: Option<Text>,
    /// By rule, as the node's rules.
    pub(crate) rules: Vec<RuleTexts>,
}

/// A rule's texts; which are there depends on its kind.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleTexts {
    /// A band's subject, a `score` line's expression, a `judged` fact, a `zero`/`veto`/`cap when`
    /// condition; an `award`/`deduct`/`bonus` line's `when`.
    pub(crate) main: Option<Text>,
    /// The quantity of a line with `per`.
    pub(crate) per: Option<Text>,
    /// Its label.
    pub(crate) label: Option<Text>,
    /// A band table's bands as written, each with its label.
    pub(crate) arms: Vec<(Text, Option<Text>)>,
}

fn text(s: &str) -> Text {
    Text::from(s)
}

fn opt(s: Option<&String>) -> Option<Text> {
    s.map(|s| text(s))
}

impl Texts {
    pub(crate) fn of(plan: &Plan) -> Texts {
        let nodes = plan.nodes.iter().map(node).collect();
        let names = plan.facts.iter().map(|f| text(&f.name)).chain(plan.lets.iter().map(|l| text(&l.name))).collect();
        Texts { nodes, names }
    }

    /// Node `idx`'s texts.
    pub(crate) fn node(&self, idx: usize) -> Option<&NodeTexts> {
        self.nodes.get(idx)
    }

    /// The name of slot `s` (a fact or a derived value).
    pub(crate) fn name(&self, s: usize) -> Option<&Text> {
        self.names.get(s)
    }
}

impl NodeTexts {
    /// Rule `r`'s texts.
    pub(crate) fn rule(&self, r: u32) -> Option<&RuleTexts> {
        self.rules.get(r as usize)
    }
}

fn node(n: &NodeDef) -> NodeTexts {
    NodeTexts {
        id: text(&n.id),
        title: text(&n.title),
        meta: Arc::new(n.meta.clone()),
        combine: n.combine.as_ref().and_then(|c| opt(c.label.as_ref())),
        rules: n.rules.iter().map(rule).collect(),
    }
}

fn rule(r: &RuleDef) -> RuleTexts {
    match r {
        RuleDef::Band(b) => RuleTexts {
            main: Some(text(&b.subject.text)),
            arms: b.arms.iter().map(|a| (text(&a.range.text), opt(a.label.as_ref()))).collect(),
            ..RuleTexts::default()
        },
        RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a) => RuleTexts {
            main: a.when.as_ref().map(|w| text(&w.text)),
            per: a.per.as_ref().map(|p| text(&p.text)),
            label: opt(a.label.as_ref()),
            arms: Vec::new(),
        },
        RuleDef::Score(s) => RuleTexts { main: Some(text(&s.text)), ..RuleTexts::default() },
        RuleDef::Judged(j) => RuleTexts { main: Some(text(&j.name)), ..RuleTexts::default() },
        RuleDef::Zero(c) | RuleDef::Veto(c) => {
            RuleTexts { main: Some(text(&c.cond.text)), label: opt(c.label.as_ref()), ..RuleTexts::default() }
        }
        RuleDef::CapWhen(w) => {
            RuleTexts { main: Some(text(&w.cond.cond.text)), label: opt(w.cond.label.as_ref()), ..RuleTexts::default() }
        }
    }
}
