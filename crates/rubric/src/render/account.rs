//! The account of one row, line by line: standard, who answers for it, each step with every
//! band of a band table (and why the value is not in the others), and the hints for the row.

use super::renderer::{Arm, Line, Render};
use super::sentences::{L, en_pts, per, valued, what};
use crate::analysis::explain::Hint;
use crate::diag::Lang;
use crate::eval::Rubric;
use crate::plan::{BandDef, CExpr, Range, RuleDef};
use crate::report::breakdown::{Adjustment, FactUse, NodeScore, Step, Zeroing};
use crate::value::{Ty, Value, text_num, text_percent};
use rubric_syntax::ast::Func;
use rust_decimal::Decimal;

fn said(label: &str, text: String) -> Line {
    Line::Said { label: label.to_string(), text }
}

/// The lines of the account of `n`.
pub(super) fn lines(r: &Render<'_>, n: &NodeScore, hints: &[&Hint]) -> Vec<Line> {
    let l = L(r.lang);
    let mut out = who(l, n);
    let bands: Vec<&BandDef> = r
        .rubric
        .and_then(|x| x.nodes.iter().find(|d| *d.id == *n.id))
        .map(|d| d.rules.iter().filter_map(|x| if let RuleDef::Band(b) = x { Some(b) } else { None }).collect())
        .unwrap_or_default();
    let mut band_k = 0;
    for s in &n.steps {
        if let Step::Band { .. } = s {
            let def = r.rubric.zip(bands.get(band_k).copied());
            band(l, s, def, &mut out);
            band_k += 1;
        } else {
            out.extend(step(l, s));
        }
    }
    for h in hints.iter().filter(|h| *h.node == *n.id) {
        out.push(said(l.pick("提升", "raise"), super::sentences::hint(l, h)));
    }
    out
}

/// The scoring standard and who answers for the row.
fn who(l: L, n: &NodeScore) -> Vec<Line> {
    let mut out = Vec::new();
    if let Some(t) = &n.meta.text {
        out.push(said(l.pick("评分标准", "standard"), t.clone()));
    }
    let list = |v: &[String]| v.join(l.pick("、", ", "));
    let mut who = Vec::new();
    if !n.meta.lead.is_empty() {
        who.push(format!("{} {}", l.pick("牵头", "lead"), list(&n.meta.lead)));
    }
    if !n.meta.office.is_empty() {
        who.push(format!("{} {}", l.pick("股室", "office"), list(&n.meta.office)));
    }
    if !n.meta.owner.is_empty() {
        who.push(format!("{} {}", l.pick("责任人", "owner"), list(&n.meta.owner)));
    }
    if let Some(d) = &n.meta.due {
        who.push(format!("{} {d}", l.pick("完成时限", "due")));
    }
    if !who.is_empty() {
        out.push(said(l.pick("责任", "responsible"), who.join("    ")));
    }
    out
}

/// `（a = 1，b = 2）`.
fn facts(l: L, fs: &[FactUse]) -> String {
    if fs.is_empty() {
        return String::new();
    }
    l.paren(
        &fs.iter()
            .map(|f| format!("{} = {}", f.name, valued(l, &f.text, f.aside.as_ref())))
            .collect::<Vec<_>>()
            .join(l.comma()),
    )
}

/// The lines of a step other than a band.
fn step(l: L, s: &Step) -> Option<Line> {
    let zh = l.0 == Lang::Zh;
    let moved = |b: &Decimal, a: &Decimal| format!("{} → {}", text_num(*b), text_num(*a));
    Some(match s {
        Step::Full { points } => match zh {
            true => said("起点", format!("满分 {} 起算", text_num(*points))),
            false => said("start", format!("full marks {}", text_num(*points))),
        },
        Step::Sum { points } => match zh {
            true => said("合计", format!("下级得分之和 {}", text_num(*points))),
            false => said("sum", format!("sum of the rows below: {}", text_num(*points))),
        },
        Step::Band { .. } | Step::Bonus(_) => match s {
            Step::Bonus(a) if a.applied => {
                let free = if a.uncapped { l.pick("（加分不设上限）", " (bonus without limit)") } else { "" };
                let text = format!("+{} {}{free}", text_num(a.points), a.label.clone().unwrap_or_default());
                said(l.pick("加分", "bonus"), text)
            }
            _ => return None,
        },
        Step::Award(a) => award(l, a),
        Step::Score { expr, points, facts: fs } => {
            said(l.pick("计算", "computed"), format!("{expr} = {}{}", text_num(*points), facts(l, fs)))
        }
        Step::Judged { fact, points } => said(l.pick("评定", "judged"), format!("{fact} = {}", text_num(*points))),
        Step::Deduct(a) => deduct(l, a),
        Step::Floor { before, after } => said(
            l.pick("下限", "floor"),
            format!("{}{}", moved(before, after), l.paren(l.pick("扣完为止", "deductions stop here"))),
        ),
        Step::Cap { before, after } => said(l.pick("封顶", "cap"), moved(before, after)),
        Step::BonusCap { before, after } => said(l.pick("加分封顶", "bonus cap"), moved(before, after)),
        Step::Zero(z) => said(l.pick("不得分", "scores 0"), zeroing(l, z)),
        Step::Veto(z) => said(l.pick("一票否决", "vetoed"), zeroing(l, z)),
        Step::Combine(c) => said(l.pick("合成", "combined"), super::combine::combined(l, c)),
        Step::NotApplicable(n) => said(l.pick("不适用", "not_applicable"), super::na::not_applied(l, n)),
        Step::Rescaled { sum, applicable, max, points } => {
            said(l.pick("折算", "rescaled"), super::na::rescaled(l, *sum, *applicable, *max, *points))
        }
        Step::MovedIn(m) => said(l.pick("计入", "moved_in"), super::na::moved_in(l, m)),
        Step::NotGiven { facts } => said(l.pick("未提供", "not given"), super::lazy::not_given(l, facts)),
        Step::CapWhen(c) => {
            let what = c.label.clone().unwrap_or_else(|| c.condition.clone());
            let was = match l.0 {
                Lang::Zh => format!("：{} 分（原 {} 分）", text_num(c.after), text_num(c.before)),
                _ => format!(": {} (was {})", text_num(c.after), text_num(c.before)),
            };
            said(l.pick("条件封顶", "capped"), format!("{what}{}{was}", facts(l, &c.facts)))
        }
        Step::Round { before, after, places, mode } => match zh {
            true => said("舍入", format!("{mode}保留 {places} 位：{}", moved(before, after))),
            false => said("rounded", format!("{mode}, {places} places: {}", moved(before, after))),
        },
    })
}

fn award(l: L, a: &Adjustment) -> Line {
    let (what, f) = (what(a), facts(l, &a.facts));
    if a.applied {
        said(l.pick("得分", "awarded"), format!("+{} {what}{f}", text_num(a.points)))
    } else if l.0 == Lang::Zh {
        said("未得", format!("{} 分：未做到「{what}」{f}", text_num(a.amount)))
    } else {
        said("not awarded", format!("{}: not done: “{what}”{f}", en_pts(&text_num(a.amount))))
    }
}

fn deduct(l: L, a: &Adjustment) -> Line {
    let (what, f) = (what(a), facts(l, &a.facts));
    if a.applied && !a.points.is_zero() {
        let how = match a.per {
            Some(_) => format!("{} × {}", text_num(a.amount), per(l, a)),
            None => text_num(a.amount),
        };
        let how = if l.0 == Lang::Zh { format!("（{how}）") } else { format!(" ({how}) ") };
        said(l.pick("扣分", "deducted"), format!("−{}{how}{what}{f}", text_num(a.points)))
    } else {
        said(l.pick("未扣", "not deducted"), format!("{what}{f}"))
    }
}

fn zeroing(l: L, z: &Zeroing) -> String {
    let what = z.label.clone().unwrap_or_else(|| z.condition.clone());
    let was = match l.0 {
        Lang::Zh => format!("（原为 {}）", text_num(z.before)),
        _ => format!(" (was {})", text_num(z.before)),
    };
    format!("{what}{}{was}", facts(l, &z.facts))
}

/// A band step: the value, every band of the table (when the rule is known), the points.
fn band(l: L, s: &Step, def: Option<(&Rubric, &BandDef)>, out: &mut Vec<Line>) {
    let Step::Band { subject, text, aside, points, facts: fs, number, index, .. } = s else { return };
    let value = valued(l, text, aside.as_ref());
    let others: Vec<FactUse> = fs.iter().filter(|f| &f.name != subject).cloned().collect();
    out.push(said(l.pick("分档", "band"), format!("{subject} = {value}{}", facts(l, &others))));
    if let (Some((rubric, b)), Some(v)) = (def, number) {
        // A place is said as every place is: `第 4 名`.
        let rank = matches!(b.subject.expr, CExpr::Cohort(k)
            if rubric.cohorts.get(k).is_some_and(|c| matches!(c.func, Func::Rank | Func::RankLowest)));
        for (j, a) in b.arms.iter().enumerate() {
            let chosen = j == *index;
            let why = if chosen {
                let here = if rank { place(l, &text_num(*v)) } else { value.clone() };
                format!("{here} {}", l.pick("在此档", "is in this band"))
            } else {
                why_not(l, &a.range, *v, b.subject.ty, rank)
            };
            out.push(Line::Arm(Arm { chosen, range: a.range.text.clone(), points: a.points_text.clone(), why }));
        }
    }
    let got = match l.0 {
        Lang::Zh => format!("得 {} 分", text_num(*points)),
        _ => en_pts(&text_num(*points)),
    };
    out.push(said("", got));
}

/// `第 4 名` or `place 4`.
fn place(l: L, n: &str) -> String {
    if l.0 == Lang::Zh { format!("第 {n} 名") } else { format!("place {n}") }
}

/// Why a value is not in a band: which bound it misses.
fn why_not(l: L, r: &Range, v: Decimal, ty: Ty, rank: bool) -> String {
    let show = |x: Decimal| match ty {
        Ty::Percent => text_percent(x),
        Ty::Date => rust_decimal::prelude::ToPrimitive::to_i32(&x)
            .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
            .map(|d| Value::Date(d).show(Ty::Date))
            .unwrap_or_else(|| text_num(x)),
        _ => text_num(x),
    };
    let value = if rank { place(l, &show(v)) } else { show(v) };
    let not_here = l.pick("不在此档", "is not in this band");
    let needs = |op: &str, x: Decimal| match l.0 {
        Lang::Zh => format!("{value} {not_here}（需 {op} {}）", show(x)),
        _ => format!("{value} {not_here} (needs {op} {})", show(x)),
    };
    let iv = r.numbers();
    if let Some((lo, closed)) = iv.lo
        && !iv.above_lo(&v)
    {
        return needs(if closed { "≥" } else { ">" }, lo);
    }
    if let Some((hi, closed)) = iv.hi
        && !iv.below_hi(&v)
    {
        return needs(if closed { "≤" } else { "<" }, hi);
    }
    format!("{value} {not_here}")
}
