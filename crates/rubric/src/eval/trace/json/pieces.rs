//! What the steps' JSON copies from the rubric, made once per rubric with the rows' JSON
//! ([`super::Frags`]): every rule's wording, quantity and label and every fact's and derived
//! value's name as JSON strings, escaped (hidden characters too) and quoted, so that a unit's
//! steps copy them instead of checking and escaping them again.

use super::Indent;
use crate::eval::Rubric;
use crate::eval::trace::reads::{LineReads, line_reads};
use crate::eval::trace::texts::RuleTexts;
use crate::plan::{CExpr, RuleDef};

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
    /// By indentation (of the facts of the rows' steps; empty elsewhere), by slot: a fact's
    /// JSON from its `{` up to its value, its name in it, in one piece.
    pub(super) named: Vec<Vec<Json>>,
    /// By node, by rule: what an `award`, `deduct` or `bonus` line reads when its condition did
    /// not hold, and when it did ([`AdjustJson::exprs`]), where no `if` decides it.
    pub(super) reads: Vec<Vec<[Option<LineReads>; 2]>>,
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
    /// After the last fact of a line's `facts`: the list's end and the step's.
    pub(super) facts_end: Vec<u8>,
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
    Indent::plain(&mut buf).str(s)?;
    Ok(buf.into_boxed_slice())
}

fn opt(s: Option<&crate::report::breakdown::Text>) -> Result<Option<Json>, serde_json::Error> {
    s.map(|s| json(s)).transpose()
}

impl Pieces {
    /// `pads`: each row's indentation in the unit.
    pub(super) fn of(rubric: &Rubric, pads: &[usize], compact: bool) -> Result<Pieces, serde_json::Error> {
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
            steps.push(StepsJson::of(n, (pad, compact), said, free));
        }
        // Facts are listed 4 spaces in from their step.
        let deepest = pads.iter().copied().max().unwrap_or_default() + 8;
        let facts: Vec<FactJson> = (0..=deepest).map(|pad| FactJson::at(pad, compact)).collect();
        let named = named(&facts, &names, pads);
        let reads = rubric
            .nodes
            .iter()
            .map(|n| {
                let line = |r: &RuleDef, applied: bool| {
                    let (RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a)) = r else { return None };
                    let (exprs, k) = AdjustJson::exprs(a, applied);
                    line_reads(rubric, exprs.get(..k).unwrap_or_default())
                };
                n.rules.iter().map(|r| [line(r, false), line(r, true)]).collect()
            })
            .collect();
        Ok(Pieces { names, uncapped, steps, facts, named, reads })
    }
}

impl AdjustJson {
    /// The expressions an `award`, `deduct` or `bonus` line lists the facts of, and how many:
    /// a line whose condition did not hold read only its condition.
    pub(super) fn exprs(a: &crate::plan::AdjustDef, applied: bool) -> ([&CExpr; 3], usize) {
        let read: [Option<&CExpr>; 3] = match (&a.when, applied) {
            (Some(w), false) => [Some(&w.expr), None, None],
            _ => [Some(&a.amount.expr), a.per.as_ref().map(|p| &p.expr), a.when.as_ref().map(|w| &w.expr)],
        };
        let mut exprs: [&CExpr; 3] = [&a.amount.expr; 3];
        let mut k = 0;
        for (slot, e) in exprs.iter_mut().zip(read.into_iter().flatten()) {
            *slot = e;
            k += 1;
        }
        (exprs, k)
    }
}

/// Bytes written by `f` into an indentation `pad` spaces in (`compact`: no whitespace).
fn piece((pad, compact): (usize, bool), f: impl FnOnce(&mut Indent<'_>)) -> Vec<u8> {
    let mut buf = Vec::new();
    f(&mut Indent { buf: &mut buf, pad, compact });
    buf
}

impl StepsJson {
    fn of(n: &crate::plan::NodeDef, at: (usize, bool), said: &[RuleJson], uncapped: bool) -> StepsJson {
        let pad = at.0;
        let head = |kind: &'static str, key: &'static str| {
            piece(at, |o| {
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
                    piece(at, |o| {
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
                    per: piece(at, |o| {
                        o.buf.push(b'"');
                        o.key(false, "per");
                        o.buf.push(b'"');
                    }),
                    mid: piece(at, |o| {
                        o.buf.push(b'"');
                        o.json_field("per_text", t.per.as_deref());
                        o.json_field("condition", t.main.as_deref());
                    }),
                    limited: piece(at, |o| {
                        o.key(false, "limited_to");
                        o.buf.push(b'"');
                    }),
                    tail: piece(at, |o| {
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
            close: piece(at, |o| {
                o.buf.push(b'"');
                o.close();
            }),
            facts_end: piece(at, |o| {
                // As `element` leaves a list of facts, and `end_list` and `close` end it.
                o.pad += 4;
                o.end_list(false);
                o.close();
            }),
            rules,
        }
    }
}

impl FactJson {
    fn at(pad: usize, compact: bool) -> FactJson {
        let at = (pad, compact);
        FactJson {
            name: piece(at, |o| o.key(true, "name")),
            value: piece(at, |o| o.key(false, "value")),
            text: piece(at, |o| o.key(false, "text")),
            close: piece(at, |o| o.close()),
        }
    }
}

/// For each indentation the rows' steps list their facts at (the row's + 8), each slot's fact
/// from its `{` up to its value: [`FactJson::name`], the name, [`FactJson::value`].
fn named(facts: &[FactJson], names: &[Json], pads: &[usize]) -> Vec<Vec<Json>> {
    let mut named: Vec<Vec<Json>> = Vec::new();
    for &pad in pads {
        let at = pad + 8;
        let Some(f) = facts.get(at) else { continue };
        if named.len() <= at {
            named.resize(at + 1, Vec::new());
        }
        if let Some(list) = named.get_mut(at).filter(|l| l.is_empty()) {
            *list = names
                .iter()
                .map(|n| [f.name.as_slice(), n.as_ref(), f.value.as_slice()].concat().into_boxed_slice())
                .collect();
        }
    }
    named
}

fn rule(r: &RuleTexts) -> Result<RuleJson, serde_json::Error> {
    Ok(RuleJson { main: opt(r.main.as_ref())?, per: opt(r.per.as_ref())?, label: opt(r.label.as_ref())? })
}
