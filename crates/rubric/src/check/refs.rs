//! Node references checked once the whole tree is known: each id found (did-you-mean when not),
//! read only from a node's rules, from a node scored in the same periods, and no cycle among the
//! reads and the tree (the scoring order, `plan::refs::order`); and a parent's `score` against
//! its declared points.

use crate::check::compile::Compiler;
use crate::check::ranges::Ranges;
use crate::check::tree::half_width;
use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::refs::{RefDef, order};
use crate::plan::{CExpr, ExprRule, Kind, Loc, Nodes, PeriodDef, Plan, RuleDef};
use crate::value::{Ty, Value, show_num};
use rubric_syntax::ast::{BinOp, CombineHow, Func, NodeRead};
use rust_decimal::Decimal;

impl Compiler {
    /// The node references with their nodes found, and the scoring order; every problem reported.
    pub(super) fn resolve_refs(&mut self, nodes: &Nodes, periods: &[PeriodDef]) -> (Vec<RefDef>, Vec<usize>) {
        let mut refs = self.refs.take();
        let by_id: std::collections::HashMap<String, usize> =
            nodes.iter().enumerate().skip(1).map(|(i, n)| (half_width(&n.id), i)).collect();
        let mut ok = true;
        for r in &mut refs {
            let text = format!("{}({})", r.read.keyword(), r.id);
            if r.from.is_none() {
                self.report.push(Code::RefPlace.at(r.loc.file, r.loc.span).arg(&text));
                ok = false;
            }
            match by_id.get(&half_width(&r.id)) {
                Some(&i) => r.node = i,
                None => {
                    let best = crate::diag::closest(&r.id, nodes.iter().skip(1).map(|n| n.id.as_str()), 0.5);
                    let d = Code::RefUnknown.at(r.loc.file, r.loc.span).arg(&text).arg(&r.id);
                    self.report.push(match best {
                        Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                        None => d,
                    });
                    ok = false;
                }
            }
        }
        if !ok {
            return (refs, Vec::new());
        }
        self.ref_periods(&refs, nodes, periods);
        // Every ring is reported: each one found is broken at the reference reported, and the
        // order sought again (at most once per reference).
        let mut scratch = refs.clone();
        // A figure over rows' scores reads them in stratum 0, before the rows are scored: no
        // edge of the order (`plan::strata`).
        for c in self.cohorts.borrow().iter() {
            let mut read = Vec::new();
            crate::plan::strata::node_refs(&c.arg, &mut read);
            for k in read {
                if let Some(r) = scratch.get_mut(k) {
                    r.from = None;
                }
            }
        }
        let mut rings = 0;
        for _ in 0..=refs.len() {
            match order(nodes, &scratch) {
                Ok(o) if rings == 0 => return (refs, o),
                Ok(_) => break,
                Err(cycle) => {
                    rings += 1;
                    match self.ref_cycle(&scratch, nodes, &cycle) {
                        Some(k) => {
                            if let Some(r) = scratch.get_mut(k) {
                                r.from = None;
                            }
                        }
                        None => break,
                    }
                }
            }
        }
        (refs, Vec::new())
    }

    /// A node read from a node scored in a period it is not scored in.
    fn ref_periods(&mut self, refs: &[RefDef], nodes: &Nodes, periods: &[PeriodDef]) {
        for r in refs {
            let Some(from) = r.from else { continue };
            for p in periods {
                let on = |i: usize| i == 0 || p.nodes.get(i).copied().unwrap_or(false);
                if on(from) && !on(r.node) {
                    let name = |i: usize| nodes.get(i).map_or(String::new(), |n| n.id.clone());
                    let d = Code::RefPeriod.at(r.loc.file, r.loc.span).arg(name(from)).arg(name(r.node)).arg(&p.name);
                    self.report.push(d);
                    break;
                }
            }
        }
    }

    /// The cycle `cycle` (each node needs the next scored first), reported at a reference on it;
    /// the index of that reference.
    fn ref_cycle(&mut self, refs: &[RefDef], nodes: &Nodes, cycle: &[usize]) -> Option<usize> {
        let name = |i: usize| match nodes.get(i) {
            Some(n) if i == 0 => format!("the rubric “{}”", n.title),
            Some(n) => format!("`{}`", n.id),
            None => String::new(),
        };
        let mut path: Vec<String> = cycle.iter().map(|&i| name(i)).collect();
        if let Some(&first) = cycle.first() {
            path.push(name(first));
        }
        // A reference on the cycle: from one of its nodes to the next.
        let on = |r: &&RefDef| {
            cycle.iter().enumerate().any(|(k, &i)| {
                let next = cycle.get(k + 1).or(cycle.first()).copied();
                r.from == Some(i) && Some(r.node) == next
            })
        };
        // The tree alone has no cycle, so a reference is on it; else the first still read.
        let k = refs.iter().position(|r| on(&r)).or_else(|| refs.iter().position(|r| r.from.is_some()))?;
        let at = refs.get(k)?;
        self.report.push(Code::RefCycle.at(at.loc.file, at.loc.span).arg(path.join(" → ")));
        Some(k)
    }
}

/// A section, group or rubric scored by `score` lines: the most they give on the parts' maxima
/// must be its points, as a sum must be.
pub(super) fn score_max(r: &Plan, ranges: &Ranges<'_>, report: &mut Report) {
    for n in r.nodes.iter().filter(|n| n.kind != Kind::Item) {
        let mut most = Some(Decimal::ZERO);
        let mut any = false;
        for rule in &n.rules {
            if let RuleDef::Score(e) = rule {
                any = true;
                most = most.zip(ranges.expr(&e.expr).hi).and_then(|(a, b)| a.checked_add(b));
            }
        }
        if let (true, Some(most)) = (any, most)
            && most != n.max
        {
            let name = if n.id.is_empty() { Arg::word("the rubric", "细则") } else { Arg::text(&n.id) };
            let d = Code::ScoreMax.at(n.loc.file, n.loc.span).put(name).arg(show_num(n.max)).arg(show_num(most));
            report.push(d);
        }
    }
}

impl Compiler {
    /// `combine HOW` of node `idx`: the `score` line it stands for, reading each part, and the
    /// most it gives on the parts' maxima. `None` when the node has no parts (reported apart).
    pub(super) fn combine(
        &mut self,
        idx: usize,
        file: crate::source::FileId,
        children: &[usize],
        how: CombineHow,
        label: Option<String>,
        span: rubric_syntax::Span,
    ) -> Option<(RuleDef, Decimal)> {
        let loc = Loc { file, span };
        let mut parts = Vec::new();
        let mut maxima = Vec::new();
        let mut ids = Vec::new();
        for &c in children {
            let n = self.nodes.get(c)?;
            let mut refs = self.refs.borrow_mut();
            refs.push(RefDef { read: NodeRead::Points, id: n.id.clone(), node: c, from: Some(idx), loc });
            parts.push(CExpr::Node(refs.len() - 1));
            maxima.push(n.max);
            ids.push(format!("points({})", n.id));
        }
        let count = Decimal::from(parts.len());
        let (first, rest) = maxima.split_first()?;
        let sum = rest.iter().try_fold(*first, |a, m| a.checked_add(*m));
        let call = |f: Func, args: Vec<CExpr>| CExpr::Call(f, args);
        let add = |a: CExpr, b: CExpr| CExpr::Binary(BinOp::Add, Box::new(a), Box::new(b), span);
        let (expr, most, text) = match how {
            CombineHow::Min => {
                (call(Func::Min, parts), rest.iter().fold(*first, |a, m| a.min(*m)), format!("min({})", ids.join(", ")))
            }
            CombineHow::Max => {
                (call(Func::Max, parts), rest.iter().fold(*first, |a, m| a.max(*m)), format!("max({})", ids.join(", ")))
            }
            CombineHow::Average => {
                let total = parts.into_iter().reduce(add)?;
                let most = sum?.checked_div(count)?;
                let expr = CExpr::Binary(BinOp::Div, Box::new(total), Box::new(CExpr::Const(Value::Num(count))), span);
                (expr, most, format!("({}) / {}", ids.join(" + "), count))
            }
            CombineHow::LargestLoss => {
                // The parts' points less the largest loss among them (max − score of each).
                let total = sum?;
                let losses: Vec<CExpr> = parts
                    .into_iter()
                    .zip(&maxima)
                    .map(|(p, m)| CExpr::Binary(BinOp::Sub, Box::new(CExpr::Const(Value::Num(*m))), Box::new(p), span))
                    .collect();
                let expr = CExpr::Binary(
                    BinOp::Sub,
                    Box::new(CExpr::Const(Value::Num(total))),
                    Box::new(call(Func::Max, losses)),
                    span,
                );
                let each: Vec<String> =
                    ids.iter().zip(&maxima).map(|(id, m)| format!("{} - {id}", show_num(*m))).collect();
                (expr, total, format!("{} - max({})", show_num(total), each.join(", ")))
            }
        };
        let text = match label {
            Some(l) => format!("combine {}: {text}（{l}）", how.keyword()),
            None => format!("combine {}: {text}", how.keyword()),
        };
        let rule = ExprRule { expr, ty: Ty::Points, text, reads: Vec::new(), loc };
        Some((RuleDef::Score(rule), most))
    }
}
