//! The steps of a row written as JSON by hand, field for field as serde writes a [`Step`] (its
//! `kind` first, fields in their order, the empty ones left out as the tree's attributes say);
//! a kind of step written rarely is serialised by serde itself.

use super::Indent;
use crate::report::breakdown::{Adjustment, Aside, FactUse, Step};
use rust_decimal::Decimal;

impl Indent<'_> {
    /// A list of steps as a field's value: `[]` when empty.
    pub(super) fn steps(&mut self, steps: &[Step]) -> Result<(), serde_json::Error> {
        self.list(steps, Self::step)
    }

    /// The elements of a list, each written by `each` one level in (2 spaces for the list, 2
    /// for the element).
    fn list<T>(
        &mut self,
        items: &[T],
        each: impl Fn(&mut Self, &T) -> Result<(), serde_json::Error>,
    ) -> Result<(), serde_json::Error> {
        if items.is_empty() {
            self.buf.extend_from_slice(b"[]");
            return Ok(());
        }
        self.buf.push(b'[');
        self.pad += 4;
        for (k, x) in items.iter().enumerate() {
            if k > 0 {
                self.buf.push(b',');
            }
            self.newline();
            each(self, x)?;
        }
        self.pad -= 2;
        self.newline();
        self.buf.push(b']');
        self.pad -= 2;
        Ok(())
    }

    /// `"kind": "…"`, the first field of a step.
    pub(super) fn kind(&mut self, kind: &str) {
        self.key(true, "kind");
        self.buf.push(b'"');
        self.buf.extend_from_slice(kind.as_bytes());
        self.buf.push(b'"');
    }

    fn dec_field(&mut self, key: &str, n: Decimal) {
        self.key(false, key);
        self.dec(n);
    }

    fn str_field(&mut self, key: &str, s: &str) -> Result<(), serde_json::Error> {
        self.key(false, key);
        self.str(s)
    }

    fn opt_str(&mut self, key: &str, s: Option<&str>) -> Result<(), serde_json::Error> {
        match s {
            Some(s) => self.str_field(key, s),
            None => Ok(()),
        }
    }

    /// One step, written at this indentation.
    pub(super) fn step(&mut self, step: &Step) -> Result<(), serde_json::Error> {
        match step {
            Step::Full { points } | Step::Sum { points } => {
                self.kind(if matches!(step, Step::Full { .. }) { "full" } else { "sum" });
                self.dec_field("points", *points);
            }
            Step::Award(a) => self.adjustment("award", a)?,
            Step::Deduct(a) => self.adjustment("deduct", a)?,
            Step::Bonus(a) => self.adjustment("bonus", a)?,
            Step::Band { subject, value, text, aside: None, band, label, points, facts, number, index } => {
                self.kind("band");
                self.str_field("subject", subject)?;
                self.str_field("value", value)?;
                self.str_field("text", text)?;
                self.str_field("band", band)?;
                self.opt_str("label", label.as_deref())?;
                self.dec_field("points", *points);
                self.key(false, "facts");
                self.list(facts, Self::fact)?;
                if let Some(n) = number {
                    self.dec_field("number", *n);
                }
                self.key(false, "index");
                self.buf.extend_from_slice(index.to_string().as_bytes());
            }
            Step::Judged { fact, points } => {
                self.kind("judged");
                self.str_field("fact", fact)?;
                self.dec_field("points", *points);
            }
            Step::Floor { before, after } | Step::Cap { before, after } => {
                self.kind(if matches!(step, Step::Floor { .. }) { "floor" } else { "cap" });
                self.dec_field("before", *before);
                self.dec_field("after", *after);
            }
            Step::Zero(z) | Step::Veto(z) => {
                self.kind(if matches!(step, Step::Zero(_)) { "zero" } else { "veto" });
                self.str_field("condition", &z.condition)?;
                self.opt_str("label", z.label.as_deref())?;
                self.dec_field("before", z.before);
                self.key(false, "facts");
                self.list(&z.facts, Self::fact)?;
            }
            // Written as serde writes it: a step of another kind is rare.
            other => return self.value_here(other),
        }
        self.close();
        Ok(())
    }

    /// An `award`, `deduct` or `bonus` line.
    fn adjustment(&mut self, kind: &str, a: &Adjustment) -> Result<(), serde_json::Error> {
        self.kind(kind);
        self.dec_field("points", a.points);
        self.key(false, "applied");
        self.buf.extend_from_slice(if a.applied { b"true" } else { b"false" });
        self.dec_field("amount", a.amount);
        if let Some(p) = a.per {
            self.dec_field("per", p);
        }
        self.opt_str("per_text", a.per_text.as_deref())?;
        self.opt_str("condition", a.condition.as_deref())?;
        if let Some(l) = a.limited_to {
            self.dec_field("limited_to", l);
        }
        if a.uncapped {
            self.key(false, "uncapped");
            self.buf.extend_from_slice(b"true");
        }
        self.opt_str("label", a.label.as_deref())?;
        self.key(false, "facts");
        self.list(&a.facts, Self::fact)
    }

    /// A fact read, as its wire form (`text` only when it is not the `value`, `aside` when
    /// something is said beside it: an `on zero` value by hand, any other as serde writes it).
    pub(super) fn fact(&mut self, f: &FactUse) -> Result<(), serde_json::Error> {
        let on_zero = match f.aside {
            None => false,
            Some(Aside::OnZero) => true,
            Some(_) => return self.value_here(f),
        };
        self.key(true, "name");
        self.str(&f.name)?;
        self.str_field("value", &f.value)?;
        if f.text != f.value {
            self.str_field("text", &f.text)?;
        }
        if on_zero {
            // `{"kind": "on_zero"}`, one level in.
            self.key(false, "aside");
            self.pad += 2;
            self.kind("on_zero");
            self.close();
            self.pad -= 2;
        }
        self.close();
        Ok(())
    }
}
