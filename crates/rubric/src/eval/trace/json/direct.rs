//! A row's steps written straight from its trace, without making them into [`Step`] values:
//! the common kinds (`full`, `sum`, `award`, `deduct`, `bonus`, `floor`, `cap`) field by field,
//! their rule's texts copied as made once per rubric ([`super::pieces`]), their numbers written
//! from the exact values and each fact's value made into JSON once per unit ([`Slots`]). A step of
//! another kind, and a fact with something said beside it, are made as the tree makes them and
//! written as it writes them (`steps.rs`): the bytes are the same either way.

use super::pieces::{AdjustJson, StepsJson};
use super::values::Lit;
use super::{Indent, Writer};
use crate::eval::EvalError;
use crate::eval::trace::reads::LineReads;
use crate::eval::trace::reads::Shown;
use crate::eval::trace::{Ev, Trace};
use crate::plan::exact::Q;
use crate::plan::{CExpr, NodeDef, RuleDef, cohort_read};
use crate::report::breakdown::{FactUse, Step};

/// Each slot's value as JSON, made once per unit (written straight from the slot,
/// `values.rs`).
#[derive(Default)]
pub(super) struct Slots {
    /// By slot: 0 until asked, [`NONE`] when it lists nothing, otherwise 1 + its place in `made`.
    at: Vec<u32>,
    made: Vec<Made>,
    /// The JSON strings of the values and texts made.
    bytes: Vec<u8>,
}

/// A slot without a value, in [`Slots::at`].
const NONE: u32 = u32::MAX;

/// A slot's value as listed: its `value` and, when it differs, its `text` as JSON strings
/// (ranges of [`Slots::bytes`]), or the use itself when something is said beside it.
enum Made {
    Json { value: (usize, usize), text: Option<(usize, usize)> },
    Use(FactUse),
}

impl Slots {
    pub(super) fn new(slots: usize) -> Slots {
        Slots { at: vec![0; slots], made: Vec::new(), bytes: Vec::with_capacity(16 * slots) }
    }
}

impl Indent<'_> {
    /// A decimal field's value from its exact value, in quotes.
    pub(super) fn q(&mut self, q: Q) {
        self.buf.push(b'"');
        self.q_raw(q);
        self.buf.push(b'"');
    }

    /// An exact value's digits as [`Indent::dec`] writes its decimal: a decimal of a few places
    /// from its mantissa, two digits at a time, any other through `Decimal`
    /// ([`super::values::write_q`]).
    #[inline]
    pub(super) fn q_raw(&mut self, q: Q) {
        super::values::write_q(self.buf, q);
    }

    fn q_field(&mut self, key: &str, q: Q) {
        self.key(false, key);
        self.q(q);
    }

    /// A field whose value is a JSON string made beforehand.
    pub(super) fn json_field(&mut self, key: &str, json: Option<&[u8]>) {
        if let Some(j) = json {
            self.key(false, key);
            self.buf.extend_from_slice(j);
        }
    }

    /// Before an element of a list being written: `[` before the first, `,` before any other,
    /// and its line.
    #[inline]
    pub(super) fn element(&mut self, first: &mut bool) {
        if *first {
            self.buf.push(b'[');
            self.pad += 4;
            *first = false;
        } else {
            self.buf.push(b',');
        }
        self.newline();
    }

    /// After the elements: `]` on its line, or `[]` when there were none.
    #[inline]
    pub(super) fn end_list(&mut self, first: bool) {
        if first {
            self.buf.extend_from_slice(b"[]");
            return;
        }
        self.pad -= 2;
        self.newline();
        self.buf.push(b']');
        self.pad -= 2;
    }
}

impl Writer<'_> {
    /// Row `idx`'s `steps`, its maximum for the unit first when that depends on the unit.
    pub(super) fn row_steps(&mut self, idx: usize, n: &NodeDef) -> Result<(), EvalError> {
        self.out.key(false, "steps");
        self.steps_of(idx, n)
    }

    /// Row `idx`'s steps, the value of `steps` (its key is written).
    pub(super) fn steps_of(&mut self, idx: usize, n: &NodeDef) -> Result<(), EvalError> {
        let t = self.trace;
        let (a, b) = self.ranges.get(idx).copied().ok_or_else(|| t.internal("a row without its steps"))?;
        let evs = t.steps.get(a..b).ok_or_else(|| t.internal("a row's steps outside the trace"))?;
        let mut first = true;
        if n.max_case.is_some() {
            for s in crate::report::breakdown::with_max_case(n, Vec::new()) {
                self.out.element(&mut first);
                self.step_as_tree(&s)?;
            }
        }
        for &(_, ev) in evs {
            self.out.element(&mut first);
            self.ev(idx, n, ev)?;
        }
        self.out.end_list(first);
        Ok(())
    }

    fn step_as_tree(&mut self, s: &Step) -> Result<(), EvalError> {
        let done = self.out.step(s);
        done.map_err(|e| self.json(&e))
    }

    /// One step of row `idx`, written at this indentation.
    fn ev(&mut self, idx: usize, n: &NodeDef, ev: Ev) -> Result<(), EvalError> {
        match ev {
            Ev::Full { points } | Ev::Sum { points } => {
                let frags = self.frags;
                let p = self.pieces_at(frags, idx)?;
                let o = &mut self.out;
                o.buf.extend_from_slice(if matches!(ev, Ev::Full { .. }) { &p.full } else { &p.sum });
                o.q_raw(points);
                o.buf.extend_from_slice(&p.close);
                return Ok(());
            }
            Ev::Floor { before, after } | Ev::Cap { before, after } => {
                let o = &mut self.out;
                o.kind(if matches!(ev, Ev::Floor { .. }) { "floor" } else { "cap" });
                o.q_field("before", before);
                o.q_field("after", after);
            }
            Ev::Adjust { rule, applied, amount, per, points, limited_to } => {
                let adj = Adjust { rule, applied, amount, per, points, limited_to };
                // Written with its end.
                return match self.adjust(idx, n, adj)? {
                    true => Ok(()),
                    false => self.as_tree(idx, n, ev),
                };
            }
            _ => return self.as_tree(idx, n, ev),
        }
        self.out.close();
        Ok(())
    }

    /// A step made as the tree makes it and written as it writes it.
    fn as_tree(&mut self, idx: usize, n: &NodeDef, ev: Ev) -> Result<(), EvalError> {
        let t = self.trace;
        let x = self.rubric.render_tables().texts.node(idx).ok_or_else(|| t.internal("a row without its texts"))?;
        // `uncapped` is empty when no row's bonus is uncapped: none is then.
        let free = self.frags.pieces.uncapped.get(idx).copied().unwrap_or(false);
        let s = t.step(self.rubric, &mut self.memo, (n, x), ev, free)?;
        self.step_as_tree(&s)
    }

    /// Row `idx`'s steps' fixed JSON, made for the indentation being written.
    fn pieces_at<'f>(&self, frags: &'f super::Frags, idx: usize) -> Result<&'f StepsJson, EvalError> {
        let t = self.trace;
        let p = frags.pieces.steps.get(idx).ok_or_else(|| t.internal("a row without its steps' json"))?;
        if p.pad != self.out.pad {
            return Err(t.internal("a row's steps' json made for another indentation"));
        }
        Ok(p)
    }

    /// An `award`, `deduct` or `bonus` line, with its end; false (nothing written) when the
    /// rule is of another kind, for `Trace::step` to say so.
    fn adjust(&mut self, idx: usize, n: &NodeDef, e: Adjust) -> Result<bool, EvalError> {
        let a = match n.rules.get(e.rule as usize) {
            Some(RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a)) => a,
            _ => return Ok(false),
        };
        let frags = self.frags;
        let p = self.pieces_at(frags, idx)?;
        let j = p
            .rules
            .get(e.rule as usize)
            .and_then(Option::as_ref)
            .ok_or_else(|| self.trace.internal("a line without its json"))?;
        let o = &mut self.out;
        o.buf.extend_from_slice(&j.head);
        o.q_raw(e.points);
        o.buf.extend_from_slice(if e.applied { &j.applied[1] } else { &j.applied[0] });
        o.q_raw(e.amount);
        if let Some(per) = e.per {
            o.buf.extend_from_slice(&j.per);
            o.q_raw(per);
        }
        o.buf.extend_from_slice(&j.mid);
        if let Some(l) = e.limited_to {
            o.buf.extend_from_slice(&j.limited);
            o.q_raw(l);
            o.buf.push(b'"');
        }
        o.buf.extend_from_slice(&j.tail);
        let (exprs, k) = AdjustJson::exprs(a, e.applied);
        let known = frags
            .pieces
            .reads
            .get(idx)
            .and_then(|r| r.get(e.rule as usize))
            .and_then(|r| r.get(usize::from(e.applied)));
        self.facts(exprs.get(..k).unwrap_or_default(), known.and_then(Option::as_ref), &p.facts_end)?;
        Ok(true)
    }

    /// The value of `facts` (its key is written) and the step's end: what the expressions read
    /// for this unit, as `Trace::facts_of` lists them; `known`: what they read, worked out once
    /// per rubric; `end`: the list's and the step's ends after a fact ([`StepsJson::facts_end`]).
    fn facts(&mut self, exprs: &[&CExpr], known: Option<&LineReads>, end: &[u8]) -> Result<(), EvalError> {
        let (t, rubric) = (self.trace, self.rubric);
        match known {
            Some(k) => t.slots_known(rubric, &mut self.memo, k),
            None => t.slots_of(rubric, &mut self.memo, exprs),
        }
        let order = std::mem::take(&mut self.memo.order);
        let mut first = true;
        let mut done = Ok(());
        for &s in &order {
            done = self.slot(s, &mut first);
            if done.is_err() {
                break;
            }
        }
        self.memo.order = order;
        done?;
        let others = if known.is_some_and(|k| !k.others) { Vec::new() } else { t.other_uses(rubric, exprs) };
        for f in others {
            self.out.element(&mut first);
            let done = self.out.fact(&f);
            done.map_err(|e| self.json(&e))?;
        }
        if first {
            self.out.end_list(first);
            self.out.close();
        } else {
            // Back to the step's indentation, as `end_list` goes, its ends in one piece.
            self.out.pad -= 4;
            self.out.buf.extend_from_slice(end);
        }
        Ok(())
    }

    /// Slot `s` as an element of `facts`, if it lists anything.
    fn slot(&mut self, s: usize, first: &mut bool) -> Result<(), EvalError> {
        let t = self.trace;
        if let Some(k) = cohort_read(s) {
            // A cohort figure is made each time, as `Trace::fact_use` makes it: it is rare.
            let Some(f) = t.figure(self.rubric, k) else { return Ok(()) };
            self.out.element(first);
            let done = self.out.fact(&f);
            return done.map_err(|e| self.json(&e));
        }
        let at = match self.slots.at.get(s).copied() {
            Some(0) => self.make(s)?,
            Some(i) => i,
            // A slot outside the rubric (none is) is looked up each time, as `fact_use` does.
            None => {
                let Some(f) = t.fact_use(self.rubric, &mut self.memo, s) else { return Ok(()) };
                self.out.element(first);
                let done = self.out.fact(&f);
                return done.map_err(|e| self.json(&e));
            }
        };
        if at == NONE {
            return Ok(());
        }
        let made = self.slots.made.get(at as usize - 1).ok_or_else(|| t.internal("a slot's json not made"))?;
        self.out.element(first);
        match made {
            Made::Use(f) => {
                let done = self.out.fact(f);
                done.map_err(|e| self.json(&e))
            }
            Made::Json { value, text } => {
                let pieces = &self.frags.pieces;
                let f = pieces.facts.get(self.out.pad).ok_or_else(|| t.internal("a fact listed too far in"))?;
                let bytes = &self.slots.bytes;
                let part = |(a, b): (usize, usize)| bytes.get(a..b).unwrap_or_default();
                let o = &mut self.out;
                // Its `{`, name and the key of its value in one piece where made for this
                // indentation (the rows' steps'), else in three.
                match pieces.named.get(o.pad).and_then(|n| n.get(s)) {
                    Some(head) => o.buf.extend_from_slice(head),
                    None => {
                        let name = pieces.names.get(s).ok_or_else(|| t.internal("a slot without its name"))?;
                        o.buf.extend_from_slice(&f.name);
                        o.buf.extend_from_slice(name);
                        o.buf.extend_from_slice(&f.value);
                    }
                }
                o.buf.extend_from_slice(part(*value));
                if let Some(x) = text {
                    o.buf.extend_from_slice(&f.text);
                    o.buf.extend_from_slice(part(*x));
                }
                o.buf.extend_from_slice(&f.close);
                Ok(())
            }
        }
    }

    /// Slot `s`'s listing, made and kept: its place in [`Slots::at`]. Its value is written
    /// straight from the slot ([`Lit`]); a value rounded in its text (or too large, or a year
    /// beyond 9999) as [`Trace::show_slot`] writes it.
    fn make(&mut self, s: usize) -> Result<u32, EvalError> {
        let t = self.trace;
        let made = match t.lit(self.rubric, s) {
            None => None,
            Some(Lit::Slow) => self.slow(s)?,
            // Said beside it: made as the tree makes it.
            Some(Lit::OnZero) => {
                let mut buf = std::mem::take(&mut self.memo.buf);
                let made = t.make_use(self.rubric, s, &mut buf).map(Made::Use);
                self.memo.buf = buf;
                made
            }
            Some(lit) => {
                let start = self.slots.bytes.len();
                lit.write(&mut self.slots.bytes).map_err(|e| self.json(&e))?;
                Some(Made::Json { value: (start, self.slots.bytes.len()), text: None })
            }
        };
        let at = match made {
            None => NONE,
            Some(m) => {
                self.slots.made.push(m);
                u32::try_from(self.slots.made.len()).map_err(|_| t.internal("too many slots"))?
            }
        };
        if let Some(x) = self.slots.at.get_mut(s) {
            *x = at;
        }
        Ok(at)
    }
}

impl Writer<'_> {
    /// Slot `s`'s listing as [`Trace::show_slot`] writes it (not said beside it).
    fn slow(&mut self, s: usize) -> Result<Option<Made>, EvalError> {
        let t = self.trace;
        let mut buf = std::mem::take(&mut self.memo.buf);
        let made = match t.show_slot(self.rubric, s, &mut buf) {
            None => Ok(None),
            Some(Shown::Kind(k)) => self.slots.json(t, k, None).map(Some),
            Some(Shown::Written { text, on_zero: false }) => {
                self.slots.json(t, &buf, text.as_deref().filter(|x| **x != *buf)).map(Some)
            }
            Some(Shown::Written { on_zero: true, .. }) => Ok(t.make_use(self.rubric, s, &mut buf).map(Made::Use)),
        };
        self.memo.buf = buf;
        made
    }
}

impl Slots {
    /// A value and, when it differs, its text, as JSON strings kept in [`Slots::bytes`].
    fn json(&mut self, t: &Trace, value: &str, text: Option<&str>) -> Result<Made, EvalError> {
        let mut put = |s: &str| {
            let start = self.bytes.len();
            Indent::plain(&mut self.bytes).str(s).map_err(|e| super::json_error(t, &e))?;
            Ok::<_, EvalError>((start, self.bytes.len()))
        };
        let value = put(value)?;
        let text = text.map(put).transpose()?;
        Ok(Made::Json { value, text })
    }
}

/// An `award`, `deduct` or `bonus` step's figures.
struct Adjust {
    rule: u32,
    applied: bool,
    amount: Q,
    per: Option<Q>,
    points: Q,
    limited_to: Option<Q>,
}
