//! A unit's explained breakdown written as JSON straight from its trace: byte for byte what
//! `serde_json::to_string_pretty` writes of the [`UnitScore`](crate::UnitScore) that
//! [`Trace::render`] gives, with its hidden characters escaped as
//! [`rubric_syntax::hidden::escape_json`] escapes them, without making that tree. Rows and their fields are written here;
//! each step, metadata and grade is serialised as it is in the tree, into the same buffer.

use super::Trace;
use super::reads::Memo;
use crate::eval::grades::Graded;
use crate::eval::{EvalError, NodeVal, Rubric};
use crate::plan::NodeDef;
use crate::report::breakdown::Step;
use rubric_syntax::hidden;
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Write;

mod direct;
mod pieces;
mod steps;
mod values;

/// The output and what the rows' steps need, for one unit.
struct Writer<'a> {
    trace: &'a Trace,
    rubric: &'a Rubric,
    memo: Memo,
    /// For each node, its steps' range in the trace.
    ranges: Vec<(usize, usize)>,
    /// The graded nodes, with their grades before quotas.
    grades: Vec<Graded>,
    /// The rows' JSON that does not change from unit to unit.
    frags: &'a Frags,
    /// Each slot's value as JSON, made once.
    slots: direct::Slots,
    out: Indent<'a>,
}

/// The JSON of each row that does not change from unit to unit, at its indentation in a unit
/// written `pad` spaces in: its id, title and kind, and its metadata.
#[derive(Debug)]
pub(crate) struct Frags {
    pad: usize,
    /// Written with no whitespace (`serde_json::to_string`'s layout), not pretty.
    compact: bool,
    /// By node (none for the rubric's own row, which is the unit).
    nodes: Vec<NodeFrag>,
    /// The rules' texts and the slots' names as JSON strings.
    pieces: pieces::Pieces,
}

/// A row's fixed JSON: `{` with its `id`, `title` and `kind` and the key of its `score` up to the
/// number's quote; `,` and its `meta` (empty when it has none).
#[derive(Debug, Default)]
struct NodeFrag {
    head: Vec<u8>,
    meta: Vec<u8>,
    /// After the score's number, for a row as most are (its own maximum, no bonus, nothing
    /// zeroed, vetoed or left out, no grade): its quote, `max`, `meta` and the key of `steps`.
    plain: Vec<u8>,
    /// After its steps, for a row without children: `"children": []` and its end.
    leaf: Vec<u8>,
    /// Its maximum, and as written (quoted) when nothing moves into it.
    max: Decimal,
    max_json: Vec<u8>,
}

impl Frags {
    /// The rows of `rubric` as written in a unit `pad` spaces in (a row is 4 spaces in from its
    /// parent: its parent's `children` and the list's element), or `compact` (the spaces are then
    /// only counted, never written).
    fn of(rubric: &Rubric, pad: usize, compact: bool) -> Result<Frags, serde_json::Error> {
        let texts = &rubric.render_tables().texts;
        let mut pads = vec![pad; rubric.nodes.len()];
        let mut nodes = Vec::with_capacity(rubric.nodes.len());
        // Parents come before their children.
        for (idx, n) in rubric.nodes.iter().enumerate() {
            let here = pads.get(idx).copied().unwrap_or(pad);
            for &c in &n.children {
                if let Some(p) = pads.get_mut(c) {
                    *p = here + 4;
                }
            }
            let Some(x) = texts.node(idx) else {
                nodes.push(NodeFrag::default());
                continue;
            };
            let (mut head, mut meta) = (Vec::new(), Vec::new());
            let mut o = Indent { buf: &mut head, pad: here, compact };
            o.key(true, "id");
            o.str(&x.id)?;
            o.key(false, "title");
            o.str(&x.title)?;
            o.key(false, "kind");
            o.value(&n.kind)?;
            if !x.meta.is_empty() {
                let mut o = Indent { buf: &mut meta, pad: here, compact };
                o.key(false, "meta");
                o.value(&*x.meta)?;
            }
            let mut max_json = Vec::new();
            Indent::plain(&mut max_json).dec(n.max);
            let (mut plain, mut leaf) = (vec![b'"'], Vec::new());
            let mut o = Indent { buf: &mut head, pad: here, compact };
            o.key(false, "score");
            o.buf.push(b'"');
            let mut o = Indent { buf: &mut plain, pad: here, compact };
            o.key(false, "max");
            o.buf.extend_from_slice(&max_json);
            o.buf.extend_from_slice(&meta);
            o.key(false, "steps");
            let mut o = Indent { buf: &mut leaf, pad: here, compact };
            o.key(false, "children");
            o.buf.extend_from_slice(b"[]");
            o.close();
            nodes.push(NodeFrag { head, meta, plain, leaf, max: n.max, max_json });
        }
        Ok(Frags { pad, compact, nodes, pieces: pieces::Pieces::of(rubric, &pads, compact)? })
    }
}

/// The buffer and the indentation of the object being written: its fields are `pad` + 2 spaces
/// in. `compact`: no whitespace is written (the indentation is still counted).
struct Indent<'a> {
    buf: &'a mut Vec<u8>,
    pad: usize,
    compact: bool,
}

/// serde_json's pretty layout (two spaces a level) starting `base` spaces in, so that a value
/// serialised inside a field lines up with it, written straight into the buffer.
struct Pretty {
    base: usize,
    level: usize,
    has_value: bool,
}

impl Pretty {
    fn indent(&self, w: &mut (impl Write + ?Sized)) -> std::io::Result<()> {
        let mut n = self.base + 2 * self.level;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(SPACES.get(..k).unwrap_or_default())?;
            n -= k;
        }
        Ok(())
    }
}

/// `{` or `,`, a new line and spaces, for a key: [`Indent::key`] copies the first `pad` + 4
/// bytes.
const OPEN: &[u8; 66] = b"{\n                                                                ";
const NEXT: &[u8; 66] = b",\n                                                                ";

const SPACES: &[u8; 64] = b"                                                                ";

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl<'a> Indent<'a> {
    /// For a value written on its own (a string or a number: no layout).
    fn plain(buf: &'a mut Vec<u8>) -> Indent<'a> {
        Indent { buf, pad: 0, compact: false }
    }

    #[inline]
    fn newline(&mut self) {
        if self.compact {
            return;
        }
        self.buf.push(b'\n');
        match SPACES.get(..self.pad) {
            Some(pad) => self.buf.extend_from_slice(pad),
            None => self.buf.resize(self.buf.len() + self.pad, b' '),
        }
    }

    /// `"key": ` after the separator from the previous field (`first`: none), one level deeper.
    #[inline]
    fn key(&mut self, first: bool, key: &str) {
        if self.compact {
            self.buf.extend_from_slice(if first { b"{\"" } else { b",\"" });
            self.buf.extend_from_slice(key.as_bytes());
            self.buf.extend_from_slice(b"\":");
            return;
        }
        // `{` or `,`, the line and its spaces in one copy (all but the deepest lines).
        let lead = if first { OPEN } else { NEXT };
        match lead.get(..self.pad + 4) {
            Some(l) => self.buf.extend_from_slice(l),
            None => {
                self.buf.extend_from_slice(if first { b"{" } else { b"," });
                self.pad += 2;
                self.newline();
                self.pad -= 2;
            }
        }
        self.buf.push(b'"');
        self.buf.extend_from_slice(key.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }

    /// A string field's value, escaped as JSON and its hidden characters escaped too (copied
    /// as it is when it needs neither).
    fn str(&mut self, s: &str) -> Result<(), serde_json::Error> {
        if !plain(s) {
            let start = self.buf.len();
            serde_json::to_writer(&mut *self.buf, s)?;
            return self.escape_from(start);
        }
        self.buf.push(b'"');
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(b'"');
        Ok(())
    }

    /// The JSON written from `start` on with its hidden characters escaped
    /// ([`hidden::escape_json`]); serde_json writes them as they are.
    fn escape_from(&mut self, start: usize) -> Result<(), serde_json::Error> {
        let tail = self.buf.get(start..).unwrap_or_default();
        if !tail.iter().any(|&b| hidden::may_start_hidden(b)) {
            return Ok(());
        }
        let text = std::str::from_utf8(tail).map_err(|e| serde_json::Error::io(std::io::Error::other(e)))?;
        if let std::borrow::Cow::Owned(escaped) = hidden::escape_json(text) {
            self.buf.truncate(start);
            self.buf.extend_from_slice(escaped.as_bytes());
        }
        Ok(())
    }

    /// A decimal field's value, as `ser_dec` writes it (`show_num`: normalised, in quotes).
    fn dec(&mut self, n: Decimal) {
        self.buf.push(b'"');
        write_dec(self.buf, n);
        self.buf.push(b'"');
    }

    /// A value serialised as in the tree, lined up at the depth of the field it is in.
    fn value(&mut self, v: &impl Serialize) -> Result<(), serde_json::Error> {
        if self.compact {
            return self.compact_value(v);
        }
        let (pretty, start) = (Pretty { base: self.pad + 2, level: 0, has_value: false }, self.buf.len());
        v.serialize(&mut serde_json::Serializer::with_formatter(&mut *self.buf, pretty))?;
        self.escape_from(start)
    }

    /// A value serialised as in the tree, written at this indentation (an element of a list).
    fn value_here(&mut self, v: &impl Serialize) -> Result<(), serde_json::Error> {
        if self.compact {
            return self.compact_value(v);
        }
        let (pretty, start) = (Pretty { base: self.pad, level: 0, has_value: false }, self.buf.len());
        v.serialize(&mut serde_json::Serializer::with_formatter(&mut *self.buf, pretty))?;
        self.escape_from(start)
    }

    /// A value serialised as in the tree, with no whitespace.
    fn compact_value(&mut self, v: &impl Serialize) -> Result<(), serde_json::Error> {
        let start = self.buf.len();
        serde_json::to_writer(&mut *self.buf, v)?;
        self.escape_from(start)
    }

    /// The end of an object whose fields are written.
    #[inline]
    fn close(&mut self) {
        self.newline();
        self.buf.push(b'}');
    }
}

/// Whether `s` is its own JSON string's contents: nothing in it to escape, for JSON (a control
/// character, a quote, a backslash) or as hidden (a character is decoded only where one that is
/// hidden could start: `∈`, `≥` or `…` are not).
fn plain(s: &str) -> bool {
    s.bytes().enumerate().all(|(i, b)| {
        b >= 0x20
            && b != b'"'
            && b != b'\\'
            && !(hidden::may_start_hidden(b) && s.get(i..).and_then(|r| r.chars().next()).is_none_or(hidden::is_hidden))
    })
}

/// `n` as `Decimal`'s `Display` writes it once normalised (no trailing zeros, no `-0`):
/// [`values::write_dec`].
pub(super) fn write_dec(buf: &mut Vec<u8>, n: Decimal) {
    values::write_dec(buf, n);
}

impl Trace {
    /// The explained breakdown as pretty JSON, added to `out` with every line (the first too)
    /// indented by `pad` spaces: what `serde_json::to_string_pretty` writes of
    /// [`Trace::render`]'s breakdown, so indented and with its hidden characters escaped
    /// ([`rubric_syntax::hidden::escape_json`]), byte for byte, but written straight from the
    /// trace: text fit to show as it is. `rubric` must be the rubric that made the trace. On an error, `out` is left
    /// as it was.
    pub fn write_json(&self, rubric: &Rubric, pad: usize, out: &mut Vec<u8>) -> Result<(), EvalError> {
        self.write_json_as(rubric, (pad, false), out)
    }

    /// The same JSON value as [`Trace::write_json`] with no whitespace at all: what
    /// `serde_json::to_string` writes of [`Trace::render`]'s breakdown, its hidden characters
    /// escaped ([`rubric_syntax::hidden::escape_json`]), byte for byte, added to `out`. About 40%
    /// of the pretty form's bytes, for batches and machines. On an error, `out` is left as it was.
    pub fn write_json_compact(&self, rubric: &Rubric, out: &mut Vec<u8>) -> Result<(), EvalError> {
        self.write_json_as(rubric, (0, true), out)
    }

    fn write_json_as(&self, rubric: &Rubric, at: (usize, bool), out: &mut Vec<u8>) -> Result<(), EvalError> {
        let start = out.len();
        let done = self.write_json_into(rubric, at, out);
        if done.is_err() {
            out.truncate(start);
        }
        done
    }

    fn write_json_into(
        &self,
        rubric: &Rubric,
        (pad, compact): (usize, bool),
        out: &mut Vec<u8>,
    ) -> Result<(), EvalError> {
        rubric.owns(self.rubric, &self.unit)?;
        let rubric = rubric.for_case(self.case, &self.unit)?;
        let grades = self.graded(rubric)?;
        let json = |e: serde_json::Error| self.internal(if e.is_io() { "json not written" } else { "json refused" });
        // Made once for the indentation first asked (the document's), each time for another;
        // the compact form's once.
        let tables = rubric.render_tables();
        let cached = if compact { &tables.json_compact } else { &tables.json };
        let frags = match cached.get() {
            Some(f) if f.pad == pad => f.clone(),
            Some(_) => std::sync::Arc::new(Frags::of(rubric, pad, compact).map_err(json)?),
            None => {
                let made = std::sync::Arc::new(Frags::of(rubric, pad, compact).map_err(json)?);
                cached.get_or_init(|| made).clone()
            }
        };
        if frags.pad != pad || frags.compact != compact {
            return Err(self.internal("the rows' json made for another indentation"));
        }
        if !compact {
            out.resize(out.len() + pad, b' ');
        }
        let mut w = Writer {
            trace: self,
            rubric,
            memo: Memo::new(rubric),
            ranges: self.ranges(rubric.nodes.len()),
            grades,
            slots: direct::Slots::new(rubric.facts.len() + rubric.lets.len()),
            frags: &frags,
            out: Indent { buf: out, pad, compact },
        };
        w.unit()
    }

    /// For each of `nodes` nodes, the range of its steps in the trace (a node's steps are
    /// contiguous; `(0, 0)` for a node without steps).
    pub(super) fn ranges(&self, nodes: usize) -> Vec<(usize, usize)> {
        let mut ranges: Vec<(usize, usize)> = vec![(0, 0); nodes];
        let mut i = 0;
        while i < self.steps.len() {
            let node = self.steps.get(i).map_or(0, |s| s.0 as usize);
            let mut j = i;
            while self.steps.get(j).is_some_and(|s| s.0 as usize == node) {
                j += 1;
            }
            if let Some(r) = ranges.get_mut(node) {
                *r = (i, j);
            }
            i = j;
        }
        ranges
    }

    /// A scored node's maximum as its breakdown shows it: 0 for a row left out as not
    /// applicable (its parent is rescaled), grown by the points moved into it.
    pub(super) fn shown_max(&self, rubric: &Rubric, n: &NodeDef, v: &NodeVal) -> Decimal {
        match (v.left_out, n.takes.is_empty()) {
            (true, _) => Decimal::ZERO,
            // Nothing moves into a row that takes from none.
            (false, true) => n.max.normalize(),
            (false, false) => self.max_for(rubric, n).normalize(),
        }
    }
}

/// A row's maximum: as written once per rubric, or to write.
enum Max<'a> {
    Written(&'a [u8]),
    Value(Decimal),
}

/// A breakdown's JSON not written, as the internal error it is.
fn json_error(t: &Trace, e: &serde_json::Error) -> EvalError {
    t.internal(if e.is_io() { "a breakdown's json not written" } else { "a breakdown refused as json" })
}

impl Writer<'_> {
    fn json(&self, e: &serde_json::Error) -> EvalError {
        json_error(self.trace, e)
    }

    /// The unit: its total, and the rubric's own row's steps and children.
    fn unit(&mut self) -> Result<(), EvalError> {
        let t = self.trace;
        if !t.was_scored(0) {
            return Err(t.internal("the rubric's own row was not scored"));
        }
        let v = t.work.node(0).ok_or_else(|| t.internal("the rubric's own row without its value"))?;
        let n = self.rubric.nodes.first().ok_or_else(|| t.internal("a rubric without its own row"))?;
        self.out.key(true, "unit");
        self.out.str(&t.unit).map_err(|e| self.json(&e))?;
        self.totals(&v, t.shown_max(self.rubric, n, &v));
        if v.vetoed {
            self.out.key(false, "vetoed");
            self.out.buf.extend_from_slice(b"true");
        }
        self.grade(0)?;
        let mut steps = self.steps(0, n)?;
        steps.extend(t.not_given());
        self.list("steps", &steps)?;
        self.children(n)?;
        self.out.close();
        Ok(())
    }

    /// Scored row `idx` as an element of its parent's `children`.
    fn node(&mut self, idx: usize) -> Result<(), EvalError> {
        let t = self.trace;
        let n = self.rubric.nodes.get(idx).ok_or_else(|| t.internal("a row index outside the rubric"))?;
        let v = t.work.node(idx).ok_or_else(|| t.internal("a scored row without its value"))?;
        let frags = self.frags;
        let f =
            frags.nodes.get(idx).filter(|f| !f.plain.is_empty()).ok_or_else(|| t.internal("a row without its json"))?;
        self.out.buf.extend_from_slice(&f.head);
        self.out.q_raw(v.score);
        // A row's own maximum is written once per rubric (checked against the row's, which is
        // the case's: `for_case`).
        let own_max = !v.left_out && n.takes.is_empty() && f.max == n.max;
        let graded = self.grades.iter().any(|(i, _, _)| *i == idx);
        if own_max && v.bonus.is_zero() && !(v.zeroed || v.vetoed || v.na || graded) {
            // As most rows are: from the score's quote to the key of `steps` in one piece.
            self.out.buf.extend_from_slice(&f.plain);
            self.steps_of(idx, n)?;
        } else {
            self.out.buf.push(b'"');
            self.rest(idx, (n, &v), own_max)?;
        }
        if n.children.is_empty() {
            self.out.buf.extend_from_slice(&f.leaf);
            return Ok(());
        }
        self.children(n)?;
        self.out.close();
        Ok(())
    }

    /// Row `idx`'s fields after its score, as any row may have them (`own_max`: its maximum is
    /// its own, written once per rubric).
    fn rest(&mut self, idx: usize, (n, v): (&NodeDef, &NodeVal), own_max: bool) -> Result<(), EvalError> {
        let t = self.trace;
        let frags = self.frags;
        let f = frags.nodes.get(idx).ok_or_else(|| t.internal("a row without its json"))?;
        if own_max {
            self.max_bonus(v, Max::Written(&f.max_json));
        } else {
            self.max_bonus(v, Max::Value(t.shown_max(self.rubric, n, v)));
        }
        for (flag, key) in [(v.zeroed, "zeroed"), (v.vetoed, "vetoed")] {
            if flag {
                self.out.key(false, key);
                self.out.buf.extend_from_slice(b"true");
            }
        }
        self.out.buf.extend_from_slice(&f.meta);
        self.grade(idx)?;
        if v.na {
            self.out.key(false, "applicable");
            self.out.buf.extend_from_slice(b"false");
        }
        self.row_steps(idx, n)
    }

    /// `score`, `max` and, when not 0, `bonus`.
    fn totals(&mut self, v: &NodeVal, max: Decimal) {
        self.out.key(false, "score");
        self.out.q(v.score);
        self.max_bonus(v, Max::Value(max));
    }

    /// `max` (as written, or to write) and, when not 0, `bonus`.
    fn max_bonus(&mut self, v: &NodeVal, max: Max<'_>) {
        let o = &mut self.out;
        o.key(false, "max");
        match max {
            Max::Written(w) => o.buf.extend_from_slice(w),
            Max::Value(m) => o.dec(m),
        }
        let bonus = v.bonus.to_dec();
        if !bonus.is_zero() {
            o.key(false, "bonus");
            o.dec(bonus);
        }
    }

    /// Node `idx`'s grade, when it has one.
    fn grade(&mut self, idx: usize) -> Result<(), EvalError> {
        let Some((_, _, g)) = self.grades.iter().find(|(i, _, _)| *i == idx) else { return Ok(()) };
        self.out.key(false, "grade");
        let done = self.out.value(g);
        done.map_err(|e| self.json(&e))
    }

    /// Node `idx`'s steps, its maximum for the unit first when that depends on the unit.
    fn steps(&mut self, idx: usize, n: &NodeDef) -> Result<Vec<Step>, EvalError> {
        let t = self.trace;
        let (a, b) = self.ranges.get(idx).copied().ok_or_else(|| t.internal("a row without its steps"))?;
        let x = self.rubric.render_tables().texts.node(idx).ok_or_else(|| t.internal("a row without its texts"))?;
        // `uncapped` is empty when no row's bonus is uncapped: none is then.
        let free = self.frags.pieces.uncapped.get(idx).copied().unwrap_or(false);
        let evs = t.steps.get(a..b).ok_or_else(|| t.internal("a row's steps outside the trace"))?;
        let mut steps = Vec::with_capacity(evs.len() + 1);
        for (_, ev) in evs {
            steps.push(t.step(self.rubric, &mut self.memo, (n, x), *ev, free)?);
        }
        Ok(crate::report::breakdown::with_max_case(n, steps))
    }

    /// `steps`, written by hand (`steps.rs`).
    fn list(&mut self, key: &str, items: &[Step]) -> Result<(), EvalError> {
        self.out.key(false, key);
        let done = self.out.steps(items);
        done.map_err(|e| self.json(&e))
    }

    /// `children`: the node's scored children, each written in turn.
    fn children(&mut self, n: &NodeDef) -> Result<(), EvalError> {
        self.out.key(false, "children");
        let mut first = true;
        for &c in &n.children {
            if self.trace.was_scored(c) {
                self.out.element(&mut first);
                self.node(c)?;
            }
        }
        self.out.end_list(first);
        Ok(())
    }
}
