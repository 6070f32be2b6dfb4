//! What is said on a node beside its rules, in canonical words (原文对照): its floor, cap,
//! bonus limit, rounding, how its parts combine, not applicable, the periods it is scored in,
//! its grades, the derived values its rules read and its maximum's cases.

use super::rules::{pts, when};
use super::rules_words::{cond, expr, interval};
use super::sentences::L;
use crate::plan::{Floor, NodeDef, Plan, RuleDef};
use crate::value::show_num;
use rubric_syntax::ast::{CombineHow, NaHow, RoundMode};

/// The lines said on node `index` (`n`) after its rules.
pub(super) fn lines(l: L, plan: &Plan, index: usize, n: &NodeDef, out: &mut Vec<String>) {
    if let Some(c) = &n.combine {
        out.push(combine(l, c.how).to_string());
    }
    floor(l, n, out);
    if let Some(c) = n.cap.filter(|c| *c != n.max) {
        out.push(if l.zh() {
            format!("本项最高{}", pts(l, &show_num(c)))
        } else {
            format!("capped at {}", pts(l, &show_num(c)))
        });
    }
    if n.cap.is_none() {
        out.push(l.pick("本项不设上限", "no cap").to_string());
    }
    if let Some(b) = n.bonus_cap {
        let b = pts(l, &show_num(b));
        out.push(if l.zh() { format!("加分合计最多{b}") } else { format!("bonus at most {b} in all") });
    } else if n.bonus_uncapped {
        out.push(l.pick("加分不设上限", "no limit on the bonus").to_string());
    }
    if let Some((places, mode)) = n.round {
        out.push(round(l, places, mode));
    }
    not_applicable(l, index, n, out);
    periods(l, plan, index, out);
    grades(l, plan, index, out);
    derived(l, plan, n, out);
}

/// `取各部分的最低分` and the others.
fn combine(l: L, how: CombineHow) -> &'static str {
    match how {
        CombineHow::Min => l.pick("取各部分的最低分（就低）", "the lowest of its parts"),
        CombineHow::Max => l.pick("取各部分的最高分", "the highest of its parts"),
        CombineHow::Average => l.pick("取各部分的平均分", "the average of its parts"),
        CombineHow::LargestLoss => l.pick("只扣失分最多的一项", "only the largest loss of its parts is taken"),
    }
}

/// `得分下限 0（扣完为止）` for a row that deducts, or any other floor said.
fn floor(l: L, n: &NodeDef, out: &mut Vec<String>) {
    let deducts = n.rules.iter().any(|r| matches!(r, RuleDef::Deduct(_)));
    match n.floor {
        Floor::At(f) if f.is_zero() && deducts => {
            out.push(l.pick("得分下限 0（扣完为止）", "floor 0 (deductions stop at 0)").to_string());
        }
        Floor::At(f) if f.is_zero() => {}
        Floor::At(f) => out.push(if l.zh() {
            format!("得分下限 {}（可倒扣）", show_num(f))
        } else {
            format!("floor {} (may go below 0)", show_num(f))
        }),
        Floor::None => {
            out.push(l.pick("不设得分下限（倒扣不设下限）", "no floor (may go below 0 without limit)").to_string())
        }
        Floor::Children => {}
    }
}

/// `保留2位小数（四舍五入）`.
fn round(l: L, places: u32, mode: RoundMode) -> String {
    let how = match mode {
        RoundMode::HalfUp => l.pick("四舍五入", "half up"),
        RoundMode::HalfEven => l.pick("四舍六入五成双", "half to even"),
        RoundMode::Down => l.pick("去尾", "down"),
        RoundMode::Up => l.pick("进一", "up"),
    };
    if l.zh() { format!("保留{places}位小数（{how}）") } else { format!("rounded to {places} places ({how})") }
}

/// `不适用时：本项得满分`, said on the node that states it, and the points a row takes (计入).
fn not_applicable(l: L, index: usize, n: &NodeDef, out: &mut Vec<String>) {
    if let Some(na) = n.na.as_ref().filter(|na| na.stated_on == index) {
        let to = na.to.as_deref().unwrap_or("");
        out.push(match (na.how, l.zh()) {
            (NaHow::Full, true) => "不适用时：本项得满分".to_string(),
            (NaHow::Full, false) => "not applicable: full marks".to_string(),
            (NaHow::Rescale, true) => "不适用的部分不计，按比例折算".to_string(),
            (NaHow::Rescale, false) => "parts not applicable are left out, the rest rescaled".to_string(),
            (NaHow::Move, true) => format!("不适用时：分值计入 {to}"),
            (NaHow::Move, false) => format!("not applicable: its points go to {to}"),
        });
    }
    if !n.takes.is_empty() {
        let from = n.takes.join(l.pick("、", ", "));
        out.push(if l.zh() {
            format!("{from} 不适用时，其分值计入本项")
        } else {
            format!("takes the points of {from} when not applicable")
        });
    }
}

/// `仅在 平时 考核`: a node scored in some of the rubric's periods only.
fn periods(l: L, plan: &Plan, index: usize, out: &mut Vec<String>) {
    let of = |i: usize| -> Vec<&str> {
        plan.periods.iter().filter(|p| p.nodes.get(i).copied().unwrap_or(false)).map(|p| p.name.as_str()).collect()
    };
    let ins = of(index);
    // Said where it is stated: a part under a node scored in the same periods says nothing.
    let parent = plan.nodes.iter().position(|p| p.children.contains(&index));
    if index == 0 || parent.is_some_and(|p| of(p) == ins) || ins.len() == plan.periods.len() {
        return;
    }
    let names = ins.join(l.pick("、", ", "));
    out.push(if l.zh() { format!("仅在 {names} 考核") } else { format!("scored in {names} only") });
}

/// The grade table of the node: `得分 ≥ 90：优秀`, its fixing lines, bars and quotas.
fn grades(l: L, plan: &Plan, index: usize, out: &mut Vec<String>) {
    for g in plan.grades.iter().filter(|g| g.node == index) {
        let name = |i: usize| g.arms.get(i).map_or("", |a| a.name.as_str());
        for a in &g.arms {
            out.push(format!("{} {}{}{}", l.pick("得分", "score"), interval(l, &a.range), l.colon(), a.name));
        }
        for f in &g.fixes {
            let then = if l.zh() { format!("评为{}", name(f.grade)) } else { format!("graded {}", name(f.grade)) };
            out.push(when(l, plan, Some(&f.cond.text), then));
        }
        for b in &g.bars {
            let then =
                if l.zh() { format!("不得评为{}", name(b.grade)) } else { format!("not graded {}", name(b.grade)) };
            out.push(when(l, plan, Some(&b.cond.text), then));
        }
        for q in &g.quotas {
            out.push(if l.zh() {
                format!("{}不超过 {}", name(q.grade), q.text)
            } else {
                format!("{}: at most {} of the units", name(q.grade), q.text)
            });
        }
    }
}

/// The derived values the node's rules read, directly or through others, in evaluation order:
/// `督办办结率 = 督办信访办结数 ÷ 督办信访事项数，分母为 0 时为 100%`; a table by its cells.
fn derived(l: L, plan: &Plan, n: &NodeDef, out: &mut Vec<String>) {
    let read = plan.slots_read(crate::plan::reads::rule_reads(n).into_iter());
    let base = plan.facts.len();
    for (_, v) in plan.lets.iter().enumerate().filter(|(k, _)| read.get(base + k).copied().unwrap_or(false)) {
        let mut s = match &v.text.table {
            Some(t) => {
                let cells: Vec<String> = t
                    .cells
                    .iter()
                    .map(|(names, val)| format!("{} → {}", names.join(l.pick("、", ", ")), expr(l, val)))
                    .collect();
                let by = t.by.join(l.pick("、", ", "));
                if l.zh() {
                    format!("{} 按 {by} 查表：{}", v.name, cells.join("；"))
                } else {
                    format!("{} by {by}: {}", v.name, cells.join("; "))
                }
            }
            None => format!("{} = {}", v.name, expr(l, &v.text.expr)),
        };
        match (&v.text.on_zero, v.na_on_zero, l.zh()) {
            (Some(z), _, true) => s.push_str(&format!("，分母为 0 时为 {}", expr(l, z))),
            (Some(z), _, false) => s.push_str(&format!(", {} when the denominator is 0", expr(l, z))),
            (None, true, true) => s.push_str("，分母为 0 时不适用"),
            (None, true, false) => s.push_str(", not applicable when the denominator is 0"),
            (None, false, _) => {}
        }
        out.push(s);
    }
    let optional: Vec<&str> = plan
        .facts
        .iter()
        .enumerate()
        .filter(|(i, f)| f.optional && read.get(*i).copied().unwrap_or(false))
        .map(|(_, f)| f.name.as_str())
        .collect();
    if !optional.is_empty() {
        let names = optional.join(l.pick("、", ", "));
        out.push(if l.zh() {
            format!("{names} 可填“不适用”")
        } else {
            format!("{names} may be given as 不适用")
        });
    }
}

/// The node's maximum as the document's 分值 column shows it: `2`, or its cases
/// `2（地区类别 = 城区）；4（其他）`.
pub(super) fn max_text(l: L, plan: &Plan, n: &NodeDef) -> String {
    let Some(c) = &n.max_case else { return show_num(n.max) };
    let mut parts: Vec<String> =
        c.arms.iter().map(|a| format!("{}{}", show_num(a.max), l.paren(&cond(l, plan, &a.cond.text)))).collect();
    if let Some(o) = c.otherwise {
        parts.push(format!("{}{}", show_num(o), l.paren(l.pick("其他", "otherwise"))));
    }
    parts.join(l.pick("；", "; "))
}
