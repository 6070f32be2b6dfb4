//! The rules of a node said back in canonical words, one line a rule (原文对照, issue 20):
//! `完成率 ≥ 50% 且 ≤ 65%：得1分`, `每件 不合格件数 扣0.5分，最多扣1.5分`, so that an office can
//! sign off that the rule file says what the document says. Every front end says the same.

use super::rules_words::{cond, expr, interval};
use super::sentences::L;
use crate::plan::{AdjustDef, BandDef, CondDef, NodeDef, Plan, RuleDef};
use crate::value::show_num;
use rust_decimal::Decimal;

/// Which way an adjusting line moves the points.
#[derive(Clone, Copy)]
enum Way {
    Award,
    Deduct,
    Bonus,
}

impl Way {
    /// `得`, `扣`, `加`.
    fn verb(self, l: L) -> &'static str {
        match self {
            Way::Award => l.pick("得", "award"),
            Way::Deduct => l.pick("扣", "deduct"),
            Way::Bonus => l.pick("加", "bonus"),
        }
    }
}

/// Points as written: `1.5分`, `1.5 pts`; an expression in brackets.
pub(super) fn pts(l: L, text: &str) -> String {
    let t = text.trim();
    let shown = match (t.parse::<Decimal>().is_ok(), l.zh()) {
        (true, _) => t.to_string(),
        (false, true) => format!("（{}）", expr(l, t)),
        (false, false) => format!("({})", expr(l, t)),
    };
    if l.zh() { format!("{shown}分") } else { super::sentences::en_pts(&shown) }
}

/// `得1分`, `扣0.5分`, `award 1 pt`.
fn verb_pts(l: L, way: Way, text: &str) -> String {
    let v = way.verb(l);
    if l.zh() { format!("{v}{}", pts(l, text)) } else { format!("{v} {}", pts(l, text)) }
}

/// `条件：得N分` / `C: award N pts`: a sentence after its condition, if any.
pub(super) fn when(l: L, plan: &Plan, c: Option<&str>, then: String) -> String {
    match c.map(str::trim) {
        Some(c) if c != "true" => format!("{}{}{then}", cond(l, plan, c), l.colon()),
        _ => then,
    }
}

/// An `award`, `deduct` or `bonus` line.
fn adjust(l: L, plan: &Plan, way: Way, a: &AdjustDef) -> String {
    let mut s = match &a.per {
        // `per 不合格件数`, `per 事故 where 等级 == 一般`: a count of things, each one.
        Some(q) if counted(&q.text) && l.zh() => {
            format!("每件 {} {}", expr(l, &q.text), verb_pts(l, way, &a.amount.text))
        }
        Some(q) if counted(&q.text) => format!("{} per {}", verb_pts(l, way, &a.amount.text), expr(l, &q.text)),
        // `per max(4 - 次数, 0)`: a quantity worked out.
        Some(q) if l.zh() => format!("{} × （{}）", verb_pts(l, way, &a.amount.text), expr(l, &q.text)),
        Some(q) => format!("{} × ({})", verb_pts(l, way, &a.amount.text), expr(l, &q.text)),
        None => verb_pts(l, way, &a.amount.text),
    };
    if let Some(m) = &a.max {
        if l.zh() {
            s.push_str(&format!("，最多{}", verb_pts(l, way, &m.text)));
        } else {
            s.push_str(&format!(", at most {}", pts(l, &m.text)));
        }
    }
    when(l, plan, a.when.as_ref().map(|w| w.text.as_str()), s)
}

/// Whether a `per` quantity names what is counted (a fact, or a list's records `where` …)
/// rather than works a number out.
fn counted(text: &str) -> bool {
    let name = text.split(" where ").next().unwrap_or(text).trim();
    !name.is_empty() && !name.contains(['(', ')', ' ', '+', '-', '*', '/'])
}

/// Each band of a band table: `完成率 ≥ 50% 且 ≤ 65%：得1分`, `完成率 < 50%：0分`.
fn band(l: L, b: &BandDef, out: &mut Vec<String>) {
    let subject = expr(l, &b.subject.text);
    for arm in &b.arms {
        let zero = arm.points_text.trim().parse::<Decimal>().is_ok_and(|p| p.is_zero());
        let then = if zero { pts(l, &arm.points_text) } else { verb_pts(l, Way::Award, &arm.points_text) };
        out.push(format!("{subject} {}{}{then}", interval(l, &arm.range), l.colon()));
    }
}

/// `zero when`, `veto when`.
fn zero_or_veto(l: L, plan: &Plan, c: &CondDef, veto: bool) -> String {
    let said = cond(l, plan, &c.cond.text);
    match (veto, l.zh()) {
        (false, true) => format!("{said}：本项不得分"),
        (false, false) => format!("{said}: the row scores 0"),
        (true, true) => format!("一票否决：{said}"),
        (true, false) => format!("vetoed: {said}"),
    }
}

/// The lines of one rule of `n` (the `score` line a `combine` stands for says nothing: the
/// node's lines say the combine).
fn rule(l: L, plan: &Plan, n: &NodeDef, i: usize, r: &RuleDef, out: &mut Vec<String>) {
    match r {
        RuleDef::Band(b) => band(l, b, out),
        RuleDef::Award(a) => out.push(adjust(l, plan, Way::Award, a)),
        RuleDef::Deduct(a) => out.push(adjust(l, plan, Way::Deduct, a)),
        RuleDef::Bonus(a) => out.push(adjust(l, plan, Way::Bonus, a)),
        RuleDef::Score(_) if n.combine.as_ref().is_some_and(|c| c.rule == i) => {}
        RuleDef::Score(s) => out.push(format!("{} = {}", l.pick("得分", "score"), expr(l, &s.text))),
        RuleDef::Judged(j) => {
            let max = show_num(n.max);
            out.push(if l.zh() {
                format!("评审给分（{}，0–{max}分）", j.name)
            } else {
                format!("judged ({}, 0–{})", j.name, super::sentences::en_pts(&max))
            });
        }
        RuleDef::Zero(c) => out.push(zero_or_veto(l, plan, c, false)),
        RuleDef::Veto(c) => out.push(zero_or_veto(l, plan, c, true)),
        RuleDef::CapWhen(c) => {
            let cap = pts(l, &show_num(c.cap));
            let then = if l.zh() { format!("最高{cap}") } else { format!("at most {cap}") };
            out.push(when(l, plan, Some(&c.cond.cond.text), then));
        }
    }
}

/// The rules of node `index` of `plan` in words: its maximum's cases, each rule, what is said
/// on the node (floor, cap, bonus limit, rounding, combine, not applicable, periods, grades) and
/// the derived values its rules read.
pub(super) fn node_rules(l: L, plan: &Plan, index: usize) -> Vec<String> {
    let mut out = Vec::new();
    let Some(n) = plan.nodes.get(index) else { return out };
    for (i, r) in n.rules.iter().enumerate() {
        rule(l, plan, n, i, r, &mut out);
    }
    super::rules_node::lines(l, plan, index, n, &mut out);
    out
}
