//! A rule line against its own label: points, per-case amount, `max`, threshold, band edges.

use super::{Cx, Words, as_written, comparison, literal, same, show};
use crate::diag::codes::{Arg, Code};
use rubric_syntax::ast::{self, BinOp, Bound};
use rubric_text::{Claim, Compare, Condition, Edge, Limit, Op, Stated, Unit};
use rust_decimal::Decimal;

/// The verb of a line.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Award,
    Deduct,
    Bonus,
}

/// The points a claim of this verb states, and its condition.
fn points_of(verb: Verb, c: &Stated) -> Option<(Decimal, Option<Condition>)> {
    match (verb, &c.kind) {
        (Verb::Award, Claim::Earn(a)) | (Verb::Deduct, Claim::Deduct(a)) | (Verb::Bonus, Claim::Bonus(a)) => {
            Some((a.points, a.condition))
        }
        (Verb::Award, Claim::EarnPer(p)) | (Verb::Deduct, Claim::DeductPer(p)) | (Verb::Bonus, Claim::BonusPer(p)) => {
            Some((p.points, None))
        }
        _ => None,
    }
}

fn op_text(op: BinOp) -> &'static str {
    match op {
        BinOp::Lt => "<",
        BinOp::Le => "<=",
        BinOp::Gt => ">",
        _ => ">=",
    }
}

fn text_op(op: Op) -> BinOp {
    match op {
        Op::Ge => BinOp::Ge,
        Op::Gt => BinOp::Gt,
        Op::Le => BinOp::Le,
        Op::Lt => BinOp::Lt,
    }
}

fn unit_text(u: Unit) -> &'static str {
    if u == Unit::Percent { "%" } else { "" }
}

impl Cx<'_> {
    pub(super) fn adjust(&mut self, id: &str, verb: Verb, a: &ast::Adjust) {
        let Some(label) = &a.label else { return };
        let w = self.words(label);
        let mut found: Vec<_> = w.reading.claims().iter().filter_map(|c| points_of(verb, c).map(|p| (c, p))).collect();
        if found.is_empty() && verb == Verb::Award {
            // `award 1 when C "…(1分)"`: the part's points in the label.
            found = w
                .reading
                .claims()
                .iter()
                .filter_map(|c| match c.kind {
                    Claim::RowPoints(p) | Claim::PartPoints(p) => Some((c, (p.points, None))),
                    _ => None,
                })
                .collect();
        }
        if let [(claim, (points, condition))] = found.as_slice() {
            if let Some(amount) = literal(&a.amount).filter(|l| !l.1) {
                if amount.0 != *points {
                    let args = [Arg::text(id), Arg::text(show(*points)), Arg::text(show(amount.0))];
                    let said = (w.span(claim.span), w.say(claim.span));
                    self.warn(Code::FidelityPoints, a.amount.span, said, args);
                }
            }
            if let (Some(cond), Some(when)) = (condition, &a.when) {
                self.threshold(id, &w, cond, when);
            }
        }
        self.line_max(id, verb, a, &w);
    }

    /// `最多扣N分`, `最高加N分`, `最高N分` in a label against the line's `max`.
    fn line_max(&mut self, id: &str, verb: Verb, a: &ast::Adjust, w: &Words) {
        let limits: Vec<_> = w
            .reading
            .claims()
            .iter()
            .filter_map(|c| match (verb, c.kind) {
                (Verb::Deduct, Claim::Limit(Limit::DeductMax(n)))
                | (Verb::Bonus, Claim::Limit(Limit::BonusMax(n)))
                | (Verb::Award, Claim::Limit(Limit::Most(n))) => Some((c.span, n)),
                _ => None,
            })
            .collect();
        let [(span, n)] = limits.as_slice() else { return };
        let rule = match &a.max {
            None => None,
            Some(m) => match literal(m).filter(|l| !l.1) {
                Some(l) => Some((l.0, m.span)),
                None => return,
            },
        };
        if rule.is_some_and(|r| r.0 == *n) {
            return;
        }
        let (shown, at) = match rule {
            Some((v, at)) => (Arg::text(format!("max {}", show(v))), at),
            None => (Arg::word("no `max`", "没有 `max`"), a.amount.span),
        };
        let said = (w.span(*span), w.say(*span));
        self.warn(Code::FidelityCap, at, said.clone(), [Arg::text(id), Arg::text(format!("“{}”", said.1)), shown]);
    }

    /// A comparison the words state against the line's `when X op N`.
    fn threshold(&mut self, id: &str, w: &Words, cond: &Condition, when: &ast::Expr) {
        let (Some(cmp), Some((op, lit, at))) = (cond.compare, comparison(when)) else { return };
        let Some(same_value) = same(lit, cmp.value, cmp.unit) else { return };
        if same_value && text_op(cmp.op) == op {
            return;
        }
        let text = format!("{} {}{}", op_text(text_op(cmp.op)), show(cmp.value), unit_text(cmp.unit));
        let rule = format!("{} {}{}", op_text(op), show(as_written(lit)), unit_text(cmp.unit));
        let said = (w.span(cmp.span), w.say(cmp.span));
        self.warn(Code::FidelityEdge, at, said, [Arg::text(id), Arg::text(text), Arg::text(rule)]);
    }

    pub(super) fn cond(&mut self, id: &str, c: &ast::Cond) {
        let Some(label) = &c.label else { return };
        let w = self.words(label);
        let conds: Vec<Condition> = w
            .reading
            .claims()
            .iter()
            .filter_map(|s| match s.kind {
                Claim::Zero(z) | Claim::Veto(z) => z.condition,
                _ => None,
            })
            .collect();
        if let [cond] = conds.as_slice() {
            self.threshold(id, &w, cond, &c.cond);
        }
    }

    /// The labels of a band's lines, read together so rule 2 (a number in one band) applies.
    pub(super) fn band(&mut self, id: &str, b: &ast::Band) {
        let mut joined = String::new();
        let mut at = Vec::new();
        for (i, arm) in b.arms.iter().enumerate() {
            if let Some(l) = &arm.label {
                let w = self.words(l);
                at.push((i, joined.len(), w));
                joined.push_str(&l.value);
                joined.push('；');
            }
        }
        let reading = rubric_text::read(&joined);
        for (i, start, w) in &at {
            let end = start + w.text.len();
            let mine: Vec<_> =
                reading.claims().iter().filter(|c| c.span.start >= *start && c.span.end <= end).collect();
            let [claim] = mine.as_slice() else { continue };
            let Some(arm) = b.arms.get(*i) else { continue };
            let shift = |s: rubric_text::Span| rubric_text::Span { start: s.start - start, end: s.end - start };
            let (low, high, points) = match claim.kind {
                Claim::Band(band) => (band.low, band.high, band.points),
                Claim::Earn(a) => (edges_of(a.condition).0, edges_of(a.condition).1, a.points),
                Claim::Zero(z) => (edges_of(z.condition).0, edges_of(z.condition).1, Decimal::ZERO),
                _ => continue,
            };
            if let Some(p) = literal(&arm.points).filter(|l| !l.1) {
                if p.0 != points {
                    let args = [Arg::text(id), Arg::text(show(points)), Arg::text(show(p.0))];
                    let span = shift(claim.span);
                    self.warn(Code::FidelityPoints, arm.points.span, (w.span(span), w.say(span)), args);
                }
            }
            let iv = &arm.interval;
            for (edge, bound, closed, low_side) in
                [(low, &iv.lo, iv.lo_closed, true), (high, &iv.hi, iv.hi_closed, false)]
            {
                let Some(mut e) = edge else { continue };
                e.span = shift(e.span);
                self.edge(id, w, &e, (bound, closed, low_side));
            }
        }
    }

    fn edge(&mut self, id: &str, w: &Words, e: &Edge, (bound, closed, low): (&Bound, bool, bool)) {
        if e.binding == rubric_text::Binding::Ambiguous {
            return;
        }
        let (rule, at) = match bound {
            Bound::Value(l) => match l.value {
                ast::LitValue::Number(d) => ((d, false), l.span),
                ast::LitValue::Percent(d) => ((d, true), l.span),
                _ => return,
            },
            // A side the rule leaves open (`..`) is the domain's end: nothing to compare.
            Bound::Unbounded(_) | Bound::Name(_) => return,
        };
        let Some(same_value) = same(rule, e.value, e.unit) else { return };
        // An end of 至 with no note is closed only unless a neighbour the words may not state has
        // it: its side is not compared, its value is.
        if same_value && (closed == e.closed || e.binding == rubric_text::Binding::Range) {
            return;
        }
        let text = show_edge(e.value, e.unit, e.closed, low);
        let shown = show_edge(as_written(rule), e.unit, closed, low);
        let said = (w.span(e.span), w.say(e.span));
        self.warn(Code::FidelityEdge, at, said, [Arg::text(id), Arg::text(text), Arg::text(shown)]);
    }
}

/// The band edges a single comparison makes: `>= N` is `[N, ..)`.
fn edges_of(c: Option<Condition>) -> (Option<Edge>, Option<Edge>) {
    let Some(Compare { op, value, unit, span }) = c.and_then(|c| c.compare) else { return (None, None) };
    let edge = |closed| Edge { value, unit, closed, binding: rubric_text::Binding::Word, span };
    match op {
        Op::Ge => (Some(edge(true)), None),
        Op::Gt => (Some(edge(false)), None),
        Op::Le => (None, Some(edge(true))),
        Op::Lt => (None, Some(edge(false))),
    }
}

fn show_edge(v: Decimal, u: Unit, closed: bool, low: bool) -> String {
    let n = format!("{}{}", show(v), unit_text(u));
    match (low, closed) {
        (true, true) => format!("[{n}"),
        (true, false) => format!("({n}"),
        (false, true) => format!("{n}]"),
        (false, false) => format!("{n})"),
    }
}
