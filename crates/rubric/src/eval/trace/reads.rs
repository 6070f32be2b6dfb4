//! What an explained step read — facts, derived values, cohort figures, working-day calls, node
//! figures and aggregates — with their values for the unit. Each value is made into text once
//! per rendering ([`Memo`]), and what a derived value reads is worked out once per rubric where
//! no `if` makes it depend on the unit ([`Tables`]).

use super::Trace;
use crate::eval::{Meter, Rubric};
use crate::plan::exact::V;
use crate::plan::{CExpr, COHORT, Plan, cohort_read};
use crate::report::breakdown::{Aside, FactUse, Text};
use crate::value::Value;

/// What is worked out once per rubric for rendering its explanations (`Rubric::render_tables`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    /// For each derived value whose expression has no `if`, the slots it reads, as
    /// [`Trace::read`] lists them: the same for every unit.
    let_reads: Vec<Option<Vec<usize>>>,
    /// For each derived value, whether a working-day function is called in it or in a value it
    /// reads, where [`Trace::day_uses`] looks.
    calendar_lets: Vec<bool>,
    /// The rubric's texts, made once.
    pub(super) texts: super::texts::Texts,
    /// The rows' JSON that does not change from unit to unit, made on first use for the
    /// indentation first asked (`Trace::write_json`).
    pub(super) json: std::sync::OnceLock<std::sync::Arc<super::json::Frags>>,
    /// The same for the compact form (`Trace::write_json_compact`).
    pub(super) json_compact: std::sync::OnceLock<std::sync::Arc<super::json::Frags>>,
}

impl Tables {
    pub(crate) fn of(plan: &Plan) -> Tables {
        let let_reads = plan
            .lets
            .iter()
            .map(|l| {
                (!has_if(&l.expr)).then(|| {
                    let mut out = Vec::new();
                    walk(plan, &l.expr, &|_| None, &mut out);
                    out.sort_unstable();
                    out.dedup();
                    out
                })
            })
            .collect();
        // A value reading a value that calls one calls one: marked until nothing changes (each
        // pass marks at least one more value, so there are at most as many passes as values).
        let mut calendar_lets = vec![false; plan.lets.len()];
        loop {
            let mut changed = false;
            for (i, l) in plan.lets.iter().enumerate() {
                if !calendar_lets.get(i).copied().unwrap_or(true) && calls_calendar(plan, &l.expr, &calendar_lets) {
                    if let Some(c) = calendar_lets.get_mut(i) {
                        *c = true;
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Tables {
            let_reads,
            calendar_lets,
            texts: super::texts::Texts::of(plan),
            json: std::sync::OnceLock::new(),
            json_compact: std::sync::OnceLock::new(),
        }
    }

    /// Whether derived value `l` (by its index among the values) may show a working-day call.
    pub(super) fn calendar_let(&self, l: usize) -> bool {
        // A value outside the table is looked into: the walk decides.
        self.calendar_lets.get(l).copied().unwrap_or(true)
    }
}

/// Whether `e`, read as [`Trace::day_uses`] reads it, calls a working-day function (in a derived
/// value marked in `lets`, too).
/// (Recursive, as [`walk`]: the operator budget bounds the depth of an expression.)
pub(super) fn calls_calendar(plan: &Plan, e: &CExpr, lets: &[bool]) -> bool {
    match e {
        CExpr::Slot(s) => s.checked_sub(plan.facts.len()).is_some_and(|l| lets.get(l).copied().unwrap_or(true)),
        CExpr::Call(f, args) => f.is_calendar() || args.iter().any(|a| calls_calendar(plan, a, lets)),
        CExpr::Unary(_, a) => calls_calendar(plan, a, lets),
        CExpr::Binary(_, a, b, _) => calls_calendar(plan, a, lets) || calls_calendar(plan, b, lets),
        CExpr::If(c, a, b) => [c, a, b].into_iter().any(|x| calls_calendar(plan, x, lets)),
        CExpr::Agg(a) => a.default.as_ref().is_some_and(|d| calls_calendar(plan, d, lets)),
        CExpr::Const(_) | CExpr::Cohort(_) | CExpr::Node(_) => false,
    }
}

/// Whether `e` has an `if` where [`walk`] looks: what it reads then depends on the unit.
fn has_if(e: &CExpr) -> bool {
    match e {
        CExpr::If(..) => true,
        CExpr::Unary(_, a) => has_if(a),
        CExpr::Binary(_, a, b, _) => has_if(a) || has_if(b),
        CExpr::Call(_, args) => args.iter().any(has_if),
        CExpr::Const(_) | CExpr::Slot(_) | CExpr::Cohort(_) | CExpr::Node(_) | CExpr::Agg(_) => false,
    }
}

/// Whether `e` holds an aggregate over a list, where [`crate::eval::lists::found`] looks.
fn has_agg(e: &CExpr) -> bool {
    match e {
        CExpr::Agg(_) => true,
        CExpr::Unary(_, a) => has_agg(a),
        CExpr::Binary(_, a, b, _) => has_agg(a) || has_agg(b),
        CExpr::Call(_, args) => args.iter().any(has_agg),
        CExpr::If(c, a, b) => has_agg(c) || has_agg(a) || has_agg(b),
        CExpr::Const(_) | CExpr::Slot(_) | CExpr::Cohort(_) | CExpr::Node(_) => false,
    }
}

/// The slots `e` reads: all it names, but of an `if` only the condition and the branch `holds`
/// says was taken (both when it cannot say). (Every operand of `and` and `or` is listed: to
/// hold, a condition needs all of them, not only the one that decided it.)
fn walk(plan: &Plan, e: &CExpr, holds: &dyn Fn(&CExpr) -> Option<bool>, out: &mut Vec<usize>) {
    match e {
        CExpr::Const(_) => {}
        CExpr::Slot(s) => out.push(*s),
        // A figure is listed after the unit's own facts it compares.
        CExpr::Cohort(k) => {
            // The compiler numbers figures from `cohorts`; a figure not there lists no facts
            // (an explanation's list, never a number).
            out.extend(plan.cohorts.get(*k).map(|c| c.reads.as_slice()).unwrap_or(&[]));
            // and after the facts its subset's condition reads.
            out.extend(plan.cohorts.get(*k).and_then(|c| c.among.as_ref()).map(|s| s.reads.as_slice()).unwrap_or(&[]));
            out.push(COHORT | *k);
        }
        // A node's score is shown on its own row, not among the facts.
        CExpr::Node(_) => {}
        CExpr::Unary(_, a) => walk(plan, a, holds, out),
        CExpr::Binary(_, a, b, _) => {
            walk(plan, a, holds, out);
            walk(plan, b, holds, out);
        }
        CExpr::Call(_, args) => args.iter().for_each(|a| walk(plan, a, holds, out)),
        // The list and the unit's values its condition and value read.
        CExpr::Agg(a) => out.extend(a.reads.iter().copied()),
        CExpr::If(c, a, b) => {
            walk(plan, c, holds, out);
            match holds(c) {
                Some(true) => walk(plan, a, holds, out),
                Some(false) => walk(plan, b, holds, out),
                None => {
                    walk(plan, a, holds, out);
                    walk(plan, b, holds, out);
                }
            }
        }
    }
}

/// What one rendering has already made: each slot's listed value, made into text once.
pub(super) struct Memo {
    /// By slot (facts, then derived values): 0 until asked, [`NONE`] when the unit has no value
    /// there, otherwise 1 + the value's place in `made`.
    index: Vec<u32>,
    made: Vec<FactUse>,
    /// Lists of slots reused from step to step: what a step's expressions read, the slots
    /// still to visit, the slots in the order listed.
    reads: Vec<usize>,
    stack: Vec<usize>,
    pub(super) order: Vec<usize>,
    /// A value written as text before it is shared.
    pub(super) buf: String,
}

/// A slot without a value, in [`Memo::index`].
const NONE: u32 = u32::MAX;

impl Memo {
    pub(super) fn new(rubric: &Rubric) -> Memo {
        let slots = rubric.facts.len() + rubric.lets.len();
        Memo {
            index: vec![0; slots],
            made: Vec::new(),
            reads: Vec::new(),
            stack: Vec::new(),
            order: Vec::new(),
            buf: String::new(),
        }
    }
}

impl Trace {
    /// The value of a slot.
    fn slot(&self, s: usize) -> Option<Value> {
        match s.checked_sub(self.facts.len()) {
            None => self.facts.get(s).copied().flatten(),
            Some(l) => self.work.lets.get(l).copied().flatten().map(V::value),
        }
    }

    /// The facts and derived values the expressions read for this unit, directly or through
    /// derived values, with their values: of an `if`, only the branch taken.
    pub(super) fn facts_of(&self, rubric: &Rubric, memo: &mut Memo, exprs: &[&CExpr]) -> Vec<FactUse> {
        self.slots_of(rubric, memo, exprs);
        let order = std::mem::take(&mut memo.order);
        let mut uses = Vec::with_capacity(order.len());
        uses.extend(order.iter().filter_map(|&s| self.fact_use(rubric, memo, s)));
        memo.order = order;
        uses.extend(self.other_uses(rubric, exprs));
        uses
    }

    /// The slots the expressions read for this unit, as [`Trace::facts_of`] lists them (a slot
    /// without a value too), left in `memo.order`.
    pub(super) fn slots_of(&self, rubric: &Rubric, memo: &mut Memo, exprs: &[&CExpr]) {
        let mut reads = std::mem::take(&mut memo.reads);
        reads.clear();
        for e in exprs {
            self.read_into(rubric, e, &mut reads);
        }
        self.order(rubric, memo, &reads);
        memo.reads = reads;
    }

    /// What [`Trace::facts_of`] lists after the slots: working-day calls, nodes' figures and
    /// aggregates over lists (none, and nothing allocated, for most expressions).
    pub(super) fn other_uses(&self, rubric: &Rubric, exprs: &[&CExpr]) -> Vec<FactUse> {
        let mut uses = Vec::new();
        let tables = rubric.render_tables();
        if !rubric.calendars.is_empty() && exprs.iter().any(|e| calls_calendar(rubric, e, &tables.calendar_lets)) {
            uses.extend(self.day_uses(rubric, exprs));
        }
        // The nodes' figures read, listed as facts are: `points(三.2) = 4.5`.
        if !rubric.refs.is_empty() {
            for e in exprs {
                self.node_uses(rubric, e, &mut uses);
            }
        }
        uses.extend(exprs.iter().flat_map(|e| self.aggregates(rubric, e)));
        uses
    }

    /// The aggregates over lists an expression reads, each with its value and what it was taken
    /// over (`count(事故 where 等级 == 一般) = 2 起`).
    fn aggregates(&self, rubric: &Rubric, e: &CExpr) -> Vec<FactUse> {
        if !has_agg(e) {
            return Vec::new();
        }
        let found = crate::eval::lists::found(e);
        let meter = Meter::new(None);
        let env = self.place(rubric, &meter);
        found
            .into_iter()
            .filter_map(|a| {
                let v = crate::eval::lists::agg(a, env).ok()?.value();
                let records = crate::eval::lists::taken(a, env)?;
                let aside = Aside::Records {
                    func: a.func.name().to_string(),
                    by: a.by_name.clone(),
                    pick: a.pick.map(|p| if p == rubric_syntax::ast::AggPick::Max { "max" } else { "min" }.to_string()),
                    of: a.of.clone(),
                    records,
                };
                let (value, text) = shared(v.show_and_text(a.ty));
                Some(FactUse { name: a.text.as_str().into(), value, text, aside: Some(aside) })
            })
            .collect()
    }

    /// The slots `e` read for this unit, in slot order (cohort figures last), as
    /// [`crate::plan::ExprRule::reads`] lists them for every unit: all it names, but of an `if`
    /// only the condition and the branch taken.
    fn read(&self, rubric: &Rubric, e: &CExpr) -> Vec<usize> {
        let mut out = Vec::new();
        self.read_into(rubric, e, &mut out);
        out
    }

    /// [`Trace::read`] added to the end of `out`.
    fn read_into(&self, rubric: &Rubric, e: &CExpr, out: &mut Vec<usize>) {
        if has_if(e) {
            let start = out.len();
            let meter = Meter::new(None);
            let env = self.place(rubric, &meter);
            let holds = |c: &CExpr| crate::eval::eval(c, env).ok().and_then(V::bool);
            walk(rubric, e, &holds, out);
            sorted_tail(out, start);
        } else {
            // Nothing to decide: no value of the unit is read to list the slots.
            static_reads(rubric, e, out);
        }
    }

    /// [`Trace::slots_of`] of expressions whose reads are known beforehand
    /// ([`line_reads`]), left in `memo.order`: their order as worked out once per rubric
    /// ([`LineReads::order`]) when no derived value it follows took its `on zero` value for
    /// this unit (which reads its whole expression), else followed for the unit.
    pub(super) fn slots_known(&self, rubric: &Rubric, memo: &mut Memo, k: &LineReads) {
        let by_policy = |l: &usize| self.work.by_policy.get(*l).copied().unwrap_or(true);
        match &k.order {
            Some(o) if !o.lets.iter().any(by_policy) => {
                memo.order.clear();
                memo.order.extend_from_slice(&o.slots);
            }
            _ => self.order(rubric, memo, &k.reads),
        }
    }

    /// The facts and derived values of `reads`, and those the derived values read, in the order
    /// listed, left in `memo.order`.
    fn order(&self, rubric: &Rubric, memo: &mut Memo, reads: &[usize]) {
        let base = rubric.facts.len();
        let tables = rubric.render_tables();
        let (mut order, mut stack) = (std::mem::take(&mut memo.order), std::mem::take(&mut memo.stack));
        order.clear();
        stack.clear();
        stack.extend(reads.iter().rev());
        while let Some(s) = stack.pop() {
            if order.contains(&s) {
                continue;
            }
            order.push(s);
            if s >= base
                && let Some(l) = rubric.lets.get(s - base)
            {
                // A value that took its `on zero` value read its whole expression.
                if self.work.by_policy.get(s - base).copied().unwrap_or(false) {
                    stack.extend(l.reads.iter().rev());
                } else if let Some(Some(read)) = tables.let_reads.get(s - base) {
                    stack.extend(read.iter().rev());
                } else {
                    stack.extend(self.read(rubric, &l.expr).iter().rev());
                }
            }
        }
        (memo.order, memo.stack) = (order, stack);
    }

    /// Slot `s` as listed among the facts a step read, with its value for this unit; made once
    /// per rendering (a cohort figure each time: it is rare).
    pub(super) fn fact_use(&self, rubric: &Rubric, memo: &mut Memo, s: usize) -> Option<FactUse> {
        if let Some(k) = cohort_read(s) {
            return self.figure(rubric, k);
        }
        match memo.index.get(s).copied() {
            // A slot outside the memo (none is) is made each time.
            None => self.make_use(rubric, s, &mut memo.buf),
            Some(NONE) => None,
            Some(0) => {
                let made = self.make_use(rubric, s, &mut memo.buf);
                let at = match &made {
                    Some(u) => {
                        memo.made.push(u.clone());
                        u32::try_from(memo.made.len()).unwrap_or(NONE)
                    }
                    None => NONE,
                };
                if let Some(i) = memo.index.get_mut(s) {
                    *i = at;
                }
                made
            }
            // `i` was set just after its value was pushed, so `made` holds it (an explanation's
            // list, never a number, as `Trace::figure`'s).
            Some(i) => memo.made.get(i as usize - 1).cloned(),
        }
    }

    /// Slot `s` (a fact or derived value, not a cohort figure) with its value for this unit.
    pub(super) fn make_use(&self, rubric: &Rubric, s: usize, buf: &mut String) -> Option<FactUse> {
        let name = rubric.render_tables().texts.name(s)?.clone();
        let shown = self.show_slot(rubric, s, buf)?;
        if let Shown::Kind(k) = shown {
            let k = Text::from(k);
            return Some(FactUse { name, value: k.clone(), text: k, aside: None });
        }
        let Shown::Written { text, on_zero } = shown else { return None };
        // Written once into the buffer and copied once into the shared text.
        let value = Text::from(buf.as_str());
        let text = text.map_or_else(|| value.clone(), Text::from);
        Some(FactUse { name, value, text, aside: on_zero.then_some(Aside::OnZero) })
    }

    /// How slot `s` (a fact or derived value, not a cohort figure) is listed for this unit: a
    /// kind by its name, any other value written into `buf`; none when it has no value (or no
    /// name).
    pub(super) fn show_slot<'r>(&self, rubric: &'r Rubric, s: usize, buf: &mut String) -> Option<Shown<'r>> {
        let base = rubric.facts.len();
        rubric.render_tables().texts.name(s)?;
        let (ty, zero) = if s < base {
            (rubric.facts.get(s)?.value_ty(), false)
        } else {
            let l = rubric.lets.get(s - base)?;
            (l.ty, self.work.by_policy.get(s - base).copied().unwrap_or(false))
        };
        let v = self.slot(s)?;
        // A kind is shown by its name (`地区类别 = 郊区`), not the index it is held as.
        let kind = rubric.facts.get(s).filter(|_| s < base).and_then(|f| v.num().and_then(|x| f.kind_name(x)));
        if let Some(k) = kind {
            return Some(Shown::Kind(k));
        }
        buf.clear();
        show_into(v, ty, buf);
        let text = v.rounded_in_text(ty).then(|| v.text(ty));
        Some(Shown::Written { text, on_zero: zero })
    }
}

/// `v` as [`Value::write_show`] writes it into the empty `buf`: a number's digits (of its
/// percent, for a percent) written without `Decimal`'s `Display`, any other value by it.
fn show_into(v: Value, ty: crate::value::Ty, buf: &mut String) {
    let n = match v {
        Value::Num(n) if ty != crate::value::Ty::Percent => Some((n, false)),
        Value::Num(n) => n.checked_mul(rust_decimal::Decimal::ONE_HUNDRED).map(|p| (p, true)),
        _ => None,
    };
    let Some((n, percent)) = n else { return v.write_show(ty, buf) };
    let mut bytes = std::mem::take(buf).into_bytes();
    super::json::write_dec(&mut bytes, n);
    if percent {
        bytes.push(b'%');
    }
    match String::from_utf8(bytes) {
        Ok(s) => *buf = s,
        // Digits are text: never, but then as `write_show` writes it.
        Err(_) => v.write_show(ty, buf),
    }
}

/// How a slot's value is listed ([`Trace::show_slot`]).
pub(super) enum Shown<'r> {
    /// A kind, by its name: its value and its text.
    Kind(&'r str),
    /// The value as written into the buffer given, its text when it is worked out apart (it
    /// may still be the same), and whether the value took its `on zero` value.
    Written { text: Option<String>, on_zero: bool },
}

/// A value and its text as shared texts: one text when they are the same.
pub(super) fn shared((value, text): (String, String)) -> (Text, Text) {
    let value = Text::from(value);
    let text = if *text == *value { value.clone() } else { Text::from(text) };
    (value, text)
}

/// Sorts the slots of `out` from `start` on and drops the repeats, in place.
fn sorted_tail(out: &mut Vec<usize>, start: usize) {
    if let Some(tail) = out.get_mut(start..) {
        tail.sort_unstable();
    }
    // The tail without repeats, in place.
    let (mut kept, mut last) = (start, None);
    for i in start..out.len() {
        let Some(x) = out.get(i).copied() else { break };
        if last != Some(x) {
            if let Some(k) = out.get_mut(kept) {
                *k = x;
            }
            kept += 1;
            last = Some(x);
        }
    }
    out.truncate(kept);
}

/// The slots `e` (without an `if`) reads, sorted and without repeats, added to `out`: the same
/// for every unit.
fn static_reads(plan: &Plan, e: &CExpr, out: &mut Vec<usize>) {
    let start = out.len();
    walk(plan, e, &|_| None, out);
    sorted_tail(out, start);
}

/// What a step's expressions read, worked out once per rubric when no `if` in them decides it
/// for the unit (`None` otherwise).
#[derive(Debug, Default)]
pub(super) struct LineReads {
    /// The slots they read, as [`Trace::slots_of`] gathers them before following derived values.
    pub(super) reads: Box<[usize]>,
    /// Whether they may read anything [`Trace::other_uses`] lists (a working-day call, a node's
    /// figure, an aggregate): when not, it lists nothing for any unit.
    pub(super) others: bool,
    /// The slots listed, derived values followed as [`Trace::order`] follows them when none
    /// took its `on zero` value: none when a derived value followed has an `if`.
    pub(super) order: Option<StaticOrder>,
}

/// A line's slots in the order listed, the same for every unit where none of `lets` took its
/// `on zero` value.
#[derive(Debug, Default)]
pub(super) struct StaticOrder {
    slots: Box<[usize]>,
    /// The derived values followed, by index among the values.
    lets: Box<[usize]>,
}

/// [`Trace::order`] of `reads` for a unit where no derived value took its `on zero` value:
/// none when one followed has an `if` (what it reads then depends on the unit).
fn static_order(rubric: &Rubric, reads: &[usize]) -> Option<StaticOrder> {
    let base = rubric.facts.len();
    let tables = rubric.render_tables();
    let (mut order, mut lets, mut stack): (Vec<usize>, Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new(), Vec::new());
    stack.extend(reads.iter().rev());
    while let Some(s) = stack.pop() {
        if order.contains(&s) {
            continue;
        }
        order.push(s);
        if s >= base && rubric.lets.get(s - base).is_some() {
            lets.push(s - base);
            let read: &Option<Vec<usize>> = tables.let_reads.get(s - base)?;
            stack.extend(read.as_ref()?.iter().rev());
        }
    }
    Some(StaticOrder { slots: order.into_boxed_slice(), lets: lets.into_boxed_slice() })
}

/// [`LineReads`] of `exprs`: none when one of them has an `if`.
pub(super) fn line_reads(rubric: &Rubric, exprs: &[&CExpr]) -> Option<LineReads> {
    if exprs.iter().any(|e| has_if(e)) {
        return None;
    }
    let mut reads = Vec::new();
    for e in exprs {
        static_reads(rubric, e, &mut reads);
    }
    let tables = rubric.render_tables();
    let calendar =
        !rubric.calendars.is_empty() && exprs.iter().any(|e| calls_calendar(rubric, e, &tables.calendar_lets));
    let others = calendar || !rubric.refs.is_empty() || exprs.iter().any(|e| has_agg(e));
    let order = static_order(rubric, &reads);
    Some(LineReads { reads: reads.into_boxed_slice(), others, order })
}
