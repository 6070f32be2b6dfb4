//! An item's `text "…"` against the item: the row's points `(N分)` against its `max`, part
//! points against one award per part, the amounts of its deductions, `扣完为止` / `最多扣N分`
//! against its floor and its deduction's `max`.

use super::{Cx, Words, literal, show};
use crate::diag::codes::{Arg, Code};
use rubric_syntax::Spanned;
use rubric_syntax::ast::{self, Limit as AstLimit, StmtKind};
use rubric_text::{Claim, Limit};
use rust_decimal::Decimal;

/// The lines of a node's own body, by kind.
#[derive(Default)]
struct Lines<'a> {
    awards: Vec<&'a ast::Adjust>,
    deducts: Vec<&'a ast::Adjust>,
    bonuses: Vec<&'a ast::Adjust>,
    bonus_cap: Option<&'a AstLimit>,
    /// A band, `score` or `judged`: the parts are not one award each.
    other: bool,
    floor: Option<&'a AstLimit>,
}

fn lines(n: &ast::Node) -> Lines<'_> {
    let mut l = Lines::default();
    for s in &n.body {
        match &s.kind {
            StmtKind::Award(a) => l.awards.push(a),
            StmtKind::Deduct(a) => l.deducts.push(a),
            StmtKind::Bonus(a) => l.bonuses.push(a),
            StmtKind::BonusCap(c) => l.bonus_cap = Some(c),
            StmtKind::Band(_) | StmtKind::Score(_) | StmtKind::Judged(_) | StmtKind::Table(_) => l.other = true,
            StmtKind::Floor(f) => l.floor = Some(f),
            _ => {}
        }
    }
    l
}

impl Cx<'_> {
    pub(super) fn text(&mut self, n: &ast::Node, t: &Spanned<String>) {
        let w = self.words(t);
        let id = n.id.value.as_str();
        let l = lines(n);
        let max = match (&n.max, &n.max_cases, &n.max_name) {
            (Some(m), None, None) => match m.value {
                ast::LitValue::Number(d) => Some((d, m.span)),
                _ => None,
            },
            _ => None,
        };
        if let Some(max) = max {
            self.row_points(id, &w, max);
        }
        self.parts(id, &w, &l);
        self.deduct_amounts(id, &w, &l);
        self.limits(id, &w, &l);
    }

    fn row_points(&mut self, id: &str, w: &Words, (max, at): (Decimal, rubric_syntax::Span)) {
        let parts: Vec<_> = w.reading.part_points().collect();
        let (said, stated) = if let Some((p, span)) = w.reading.row_points() {
            (span, p)
        } else if parts.len() >= 2 && w.reading.unread().is_empty() {
            let sum: Decimal = parts.iter().map(|p| p.0).sum();
            let span = rubric_text::Span {
                start: parts.first().map_or(0, |p| p.1.start),
                end: parts.last().map_or(0, |p| p.1.end),
            };
            (span, sum)
        } else {
            return;
        };
        if stated != max {
            let args = [Arg::text(id), Arg::text(show(stated)), Arg::text(show(max))];
            self.warn(Code::FidelityPoints, at, (w.span(said), w.say(said)), args);
        }
    }

    /// `…(0.5分)；…(0.5分)` against a row written as one award per part.
    fn parts(&mut self, id: &str, w: &Words, l: &Lines<'_>) {
        let parts: Vec<_> = w.reading.part_points().collect();
        if parts.len() < 2 || l.other || parts.len() != l.awards.len() {
            return;
        }
        let amounts: Option<Vec<(Decimal, rubric_syntax::Span)>> = l
            .awards
            .iter()
            .map(|a| {
                if a.per.is_some() {
                    return None;
                }
                literal(&a.amount).filter(|v| !v.1).map(|v| (v.0, a.amount.span))
            })
            .collect();
        let Some(amounts) = amounts else { return };
        let mut stated: Vec<Decimal> = parts.iter().map(|p| p.0).collect();
        let mut given: Vec<Decimal> = amounts.iter().map(|a| a.0).collect();
        stated.sort();
        given.sort();
        if stated == given {
            return;
        }
        // The first award, in order, that differs from its part.
        let Some(((p, span), (a, at))) = parts.iter().zip(&amounts).find(|(p, a)| p.0 != a.0) else { return };
        let args = [Arg::text(id), Arg::text(show(*p)), Arg::text(show(*a))];
        self.warn(Code::FidelityPoints, *at, (w.span(*span), w.say(*span)), args);
    }

    /// Every deduction line's amount is one the text states (a line with a label is checked
    /// against its label instead).
    fn deduct_amounts(&mut self, id: &str, w: &Words, l: &Lines<'_>) {
        let stated: Vec<(Decimal, rubric_text::Span)> = w
            .reading
            .claims()
            .iter()
            .filter_map(|c| match c.kind {
                Claim::Deduct(a) => Some((a.points, c.span)),
                Claim::DeductPer(p) => Some((p.points, c.span)),
                _ => None,
            })
            .collect();
        let Some(first) = stated.first() else { return };
        if !w.reading.unread().is_empty() {
            return;
        }
        for d in l.deducts.iter().filter(|d| d.label.is_none()) {
            let Some(v) = literal(&d.amount).filter(|v| !v.1) else { continue };
            if stated.iter().any(|s| s.0 == v.0) {
                continue;
            }
            let said = if stated.len() == 1 { first.1 } else { stated.iter().map(|s| s.1).fold(first.1, join) };
            let args = [Arg::text(id), Arg::text(show_all(&stated)), Arg::text(show(v.0))];
            self.warn(Code::FidelityPoints, d.amount.span, (w.span(said), w.say(said)), args);
        }
    }

    /// `扣完为止` against `floor`; `最多扣N分` against the one per-case deduction's `max`;
    /// `最高加N分` against the one bonus's `max` (or the row's `bonus_cap`).
    fn limits(&mut self, id: &str, w: &Words, l: &Lines<'_>) {
        for c in w.reading.claims() {
            let said = (w.span(c.span), w.say(c.span));
            match c.kind {
                Claim::Limit(Limit::FloorZero) => self.floor_zero(id, l, said),
                Claim::Limit(Limit::BonusMax(n)) => {
                    let [b] = l.bonuses.as_slice() else { continue };
                    let capped = matches!(l.bonus_cap, Some(AstLimit::Value(v)) if v.value == ast::LitValue::Number(n));
                    if capped || (l.bonus_cap.is_some() && b.max.is_none()) {
                        continue;
                    }
                    self.line_limit(id, b, n, said);
                }
                Claim::Limit(Limit::DeductMax(n)) => {
                    let per: Vec<_> = l.deducts.iter().filter(|d| d.per.is_some()).collect();
                    let [d] = per.as_slice() else { continue };
                    self.line_limit(id, d, n, said);
                }
                _ => {}
            }
        }
    }

    fn floor_zero(&mut self, id: &str, l: &Lines<'_>, said: (rubric_syntax::Span, String)) {
        let below = match l.floor {
            Some(AstLimit::None(s)) => Some((*s, "floor none".to_string())),
            Some(AstLimit::Value(v)) => match v.value {
                ast::LitValue::Number(d) if d < Decimal::ZERO => Some((v.span, format!("floor {}", show(d)))),
                _ => None,
            },
            _ => None,
        };
        if let Some((at, rule)) = below {
            let words = Arg::text(format!("“{}”", said.1));
            self.warn(Code::FidelityCap, at, said, [Arg::text(id), words, Arg::text(rule)]);
        }
    }

    /// The `max` of the one line a stated limit is about.
    fn line_limit(&mut self, id: &str, d: &ast::Adjust, n: Decimal, said: (rubric_syntax::Span, String)) {
        let rule = match &d.max {
            None => None,
            Some(m) => match literal(m).filter(|v| !v.1) {
                Some(v) => Some((v.0, m.span)),
                None => return,
            },
        };
        if rule.is_some_and(|r| r.0 == n) {
            return;
        }
        let (shown, at) = match rule {
            Some((v, at)) => (Arg::text(format!("max {}", show(v))), at),
            None => (Arg::word("no `max`", "没有 `max`"), d.amount.span),
        };
        let words = Arg::text(format!("“{}”", said.1));
        self.warn(Code::FidelityCap, at, said, [Arg::text(id), words, shown]);
    }
}

fn join(a: rubric_text::Span, b: rubric_text::Span) -> rubric_text::Span {
    rubric_text::Span { start: a.start.min(b.start), end: a.end.max(b.end) }
}

fn show_all(stated: &[(Decimal, rubric_text::Span)]) -> String {
    let mut v: Vec<Decimal> = stated.iter().map(|s| s.0).collect();
    v.sort();
    v.dedup();
    v.iter().map(|d| show(*d)).collect::<Vec<_>>().join("/")
}
