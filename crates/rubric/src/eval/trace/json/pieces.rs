//! What the steps' JSON copies from the rubric, made once per rubric with the rows' JSON
//! ([`super::Frags`]): every rule's wording, quantity and label and every fact's and derived
//! value's name as JSON strings, escaped (hidden characters too) and quoted, so that a unit's
//! steps copy them instead of checking and escaping them again.

use super::Indent;
use crate::eval::Rubric;
use crate::eval::trace::texts::RuleTexts;

/// A text as its JSON string: quoted and escaped.
pub(super) type Json = Box<[u8]>;

/// The rubric's texts as JSON strings.
#[derive(Debug, Default)]
pub(super) struct Pieces {
    /// By node, by rule.
    pub(super) rules: Vec<Vec<RuleJson>>,
    /// By slot (facts, then derived values): its name.
    pub(super) names: Vec<Json>,
    /// For each node, whether its bonus has no limit on purpose (empty when none has).
    pub(super) uncapped: Vec<bool>,
}

/// A rule's texts as JSON strings (those its kind has).
#[derive(Debug, Default)]
pub(super) struct RuleJson {
    pub(super) main: Option<Json>,
    pub(super) per: Option<Json>,
    pub(super) label: Option<Json>,
}

/// `s` as a JSON string, as [`Indent::str`] writes it.
fn json(s: &str) -> Result<Json, serde_json::Error> {
    let mut buf = Vec::with_capacity(s.len() + 2);
    Indent { buf: &mut buf, pad: 0 }.str(s)?;
    Ok(buf.into_boxed_slice())
}

fn opt(s: Option<&crate::report::breakdown::Text>) -> Result<Option<Json>, serde_json::Error> {
    s.map(|s| json(s)).transpose()
}

impl Pieces {
    pub(super) fn of(rubric: &Rubric) -> Result<Pieces, serde_json::Error> {
        let texts = &rubric.render_tables().texts;
        let mut rules = Vec::with_capacity(rubric.nodes.len());
        for idx in 0..rubric.nodes.len() {
            let made = match texts.node(idx) {
                Some(t) => t.rules.iter().map(rule).collect::<Result<Vec<_>, _>>()?,
                None => Vec::new(),
            };
            rules.push(made);
        }
        let slots = rubric.facts.len() + rubric.lets.len();
        let mut names = Vec::with_capacity(slots);
        for s in 0..slots {
            // A slot without a name (none is) is never written by name: `make_use` gives it no use.
            names.push(match texts.name(s) {
                Some(n) => json(n)?,
                None => Json::default(),
            });
        }
        Ok(Pieces { rules, names, uncapped: crate::eval::trace::uncapped(rubric) })
    }
}

fn rule(r: &RuleTexts) -> Result<RuleJson, serde_json::Error> {
    Ok(RuleJson { main: opt(r.main.as_ref())?, per: opt(r.per.as_ref())?, label: opt(r.label.as_ref())? })
}
