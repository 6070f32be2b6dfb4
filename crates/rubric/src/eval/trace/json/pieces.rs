//! What the steps' JSON copies from the rubric, made once per rubric with the rows' JSON
//! ([`super::Frags`]): every rule's wording, quantity and label and every fact's and derived
//! value's name as JSON strings, escaped (hidden characters too) and quoted, so that a unit's
//! steps copy them instead of checking and escaping them again.

use super::Indent;
use crate::eval::Rubric;
use crate::eval::trace::texts::RuleTexts;
use crate::plan::RuleDef;

/// A text as its JSON string: quoted and escaped.
pub(super) type Json = Box<[u8]>;

/// The rubric's texts as JSON strings.
#[derive(Debug, Default)]
pub(super) struct Pieces {
    /// By slot (facts, then derived values): its name.
    pub(super) names: Vec<Json>,
    /// For each node, whether its bonus has no limit on purpose (empty when none has).
    pub(super) uncapped: Vec<bool>,
    /// By node: its steps' fixed JSON, at its indentation.
    pub(super) steps: Vec<StepsJson>,
    /// By indentation: the fixed JSON of a fact listed that far in.
    pub(super) facts: Vec<FactJson>,
}

/// A row's steps' fixed JSON, as written `pad` spaces in (the steps' own indentation: the row's
/// + 4): each piece runs from the end of one number to the start of the next.
#[derive(Debug, Default)]
pub(super) struct StepsJson {
    pub(super) pad: usize,
    /// `{`, `"kind": "full"` and the key of its `points` up to the number's quote.
    pub(super) full: Vec<u8>,
    pub(super) sum: Vec<u8>,
    /// The quote after a number, and the end of the step.
    pub(super) close: Vec<u8>,
    /// By rule: the pieces of an `award`, `deduct` or `bonus` line.
    pub(super) rules: Vec<Option<AdjustJson>>,
}

/// An `award`, `deduct` or `bonus` line's fixed JSON, between its numbers.
#[derive(Debug, Default)]
pub(super) struct AdjustJson {
    /// Up to `points`' number.
    pub(super) head: Vec<u8>,
    /// After `points`, up to `amount`'s number: not applied, applied.
    pub(super) applied: [Vec<u8>; 2],
    /// After `amount`, up to `per`'s number.
    pub(super) per: Vec<u8>,
    /// After the last number so far: its quote, `per_text` and `condition`.
    pub(super) mid: Vec<u8>,
    /// Up to `limited_to`'s number.
    pub(super) limited: Vec<u8>,
    /// After the last field so far: `uncapped`, `label` and the key of `facts`.
    pub(super) tail: Vec<u8>,
}

/// A fact's fixed JSON as listed `pad` spaces in: `{` up to its name, the keys of its value and
/// text, and its end.
#[derive(Debug, Default)]
pub(super) struct FactJson {
    pub(super) name: Vec<u8>,
    pub(super) value: Vec<u8>,
    pub(super) text: Vec<u8>,
    pub(super) close: Vec<u8>,
}

/// A rule's texts as JSON strings (those its kind has), made into the pieces.
#[derive(Debug, Default)]
struct RuleJson {
    main: Option<Json>,
    per: Option<Json>,
    label: Option<Json>,
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
    /// `pads`: each row's indentation in the unit.
    pub(super) fn of(rubric: &Rubric, pads: &[usize]) -> Result<Pieces, serde_json::Error> {
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
        let uncapped = crate::eval::trace::uncapped(rubric);
        let mut steps = Vec::with_capacity(rubric.nodes.len());
        for (idx, n) in rubric.nodes.iter().enumerate() {
            let pad = pads.get(idx).copied().unwrap_or_default() + 4;
            let free = uncapped.get(idx).copied().unwrap_or(false);
            let said = rules.get(idx).map(Vec::as_slice).unwrap_or_default();
            steps.push(StepsJson::of(n, pad, said, free));
        }
        // Facts are listed 4 spaces in from their step.
        let deepest = pads.iter().copied().max().unwrap_or_default() + 8;
        let facts = (0..=deepest).map(FactJson::at).collect();
        Ok(Pieces { names, uncapped, steps, facts })
    }
}

/// Bytes written by `f` into an indentation `pad` spaces in.
fn piece(pad: usize, f: impl FnOnce(&mut Indent<'_>)) -> Vec<u8> {
    let mut buf = Vec::new();
    f(&mut Indent { buf: &mut buf, pad });
    buf
}

impl StepsJson {
    fn of(n: &crate::plan::NodeDef, pad: usize, said: &[RuleJson], uncapped: bool) -> StepsJson {
        let head = |kind: &'static str, key: &'static str| {
            piece(pad, |o| {
                o.kind(kind);
                o.key(false, key);
                o.buf.push(b'"');
            })
        };
        let rules = n
            .rules
            .iter()
            .zip(said)
            .map(|(r, t)| {
                let (a, kind, bonus) = match r {
                    RuleDef::Award(a) => (a, "award", false),
                    RuleDef::Deduct(a) => (a, "deduct", false),
                    RuleDef::Bonus(a) => (a, "bonus", true),
                    _ => return None,
                };
                let applied = |yes: bool| {
                    piece(pad, |o| {
                        o.buf.push(b'"');
                        o.key(false, "applied");
                        o.buf.extend_from_slice(if yes { b"true" } else { b"false" });
                        o.key(false, "amount");
                        o.buf.push(b'"');
                    })
                };
                Some(AdjustJson {
                    head: head(kind, "points"),
                    applied: [applied(false), applied(true)],
                    per: piece(pad, |o| {
                        o.buf.push(b'"');
                        o.key(false, "per");
                        o.buf.push(b'"');
                    }),
                    mid: piece(pad, |o| {
                        o.buf.push(b'"');
                        o.json_field("per_text", t.per.as_deref());
                        o.json_field("condition", t.main.as_deref());
                    }),
                    limited: piece(pad, |o| {
                        o.key(false, "limited_to");
                        o.buf.push(b'"');
                    }),
                    tail: piece(pad, |o| {
                        if bonus && uncapped && a.max.is_none() {
                            o.key(false, "uncapped");
                            o.buf.extend_from_slice(b"true");
                        }
                        o.json_field("label", t.label.as_deref());
                        o.key(false, "facts");
                    }),
                })
            })
            .collect();
        StepsJson {
            pad,
            full: head("full", "points"),
            sum: head("sum", "points"),
            close: piece(pad, |o| {
                o.buf.push(b'"');
                o.close();
            }),
            rules,
        }
    }
}

impl FactJson {
    fn at(pad: usize) -> FactJson {
        FactJson {
            name: piece(pad, |o| o.key(true, "name")),
            value: piece(pad, |o| o.key(false, "value")),
            text: piece(pad, |o| o.key(false, "text")),
            close: piece(pad, |o| o.close()),
        }
    }
}

fn rule(r: &RuleTexts) -> Result<RuleJson, serde_json::Error> {
    Ok(RuleJson { main: opt(r.main.as_ref())?, per: opt(r.per.as_ref())?, label: opt(r.label.as_ref())? })
}
