//! `rulecheck explain`: one unit's score row by row — facts, bands and why the others were not
//! chosen, deductions, caps — and what would raise it.

use crate::cli::{EvalFormat, ExplainArgs};
use crate::files::{pick, read_facts_for, rubric_for_scoring, score_picked};
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui};
use rubric::Rubric;
use rubric::analysis::explain::{Hint, hints};
use rubric::plan::{CExpr, Kind, RuleDef, Value2};
use rubric::report::breakdown::{NodeScore, Step};
use rubric::value::{Ty, Value, show_num, text_num, text_percent};
use rubric_syntax::ast::Func;
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

/// Runs the command.
pub fn run(ui: &Ui, args: &ExplainArgs) -> u8 {
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(units) = read_facts_for(ui, &args.facts, &rubric) else { return BAD_INPUT };
    let Some(picked) = pick(ui, &units, Some(&args.unit), &args.facts) else { return BAD_INPUT };
    let Some(unit) = picked.first() else { return BAD_INPUT };
    if crate::cmd::periods::stray(ui, &rubric, &units) {
        return BAD_INPUT;
    }
    if !rubric.periods.is_empty() {
        return crate::cmd::periods::explain(ui, args, &rubric, &units);
    }
    let score = match score_picked(&rubric, &units, &[unit]).pop() {
        Some(Ok(s)) => s,
        None => return BAD_INPUT,
        Some(Err(e)) => {
            ui.error(&e);
            return BAD_INPUT;
        }
    };
    match account(&rubric, unit, &score, args) {
        Ok((text, json)) => {
            if args.format != EvalFormat::Json {
                ui.out(&text);
            } else if !ui.json(&json) {
                return BAD_INPUT;
            }
            OK
        }
        Err((message, help)) => {
            ui.problem(&message, help.as_deref());
            BAD_INPUT
        }
    }
}

/// One unit's account as text and as JSON, or the problem with `--item`.
pub(crate) fn account(
    rubric: &Rubric,
    unit: &rubric::UnitFacts,
    score: &rubric::UnitScore,
    args: &ExplainArgs,
) -> Result<(String, serde_json::Value), (String, Option<String>)> {
    let all_hints = hints(rubric, unit, score);
    let (nodes, hints): (Vec<&NodeScore>, Vec<&Hint>) = match &args.item {
        Some(id) => {
            let Some(node) = score.node(id) else {
                let ids: Vec<&str> = score
                    .nodes()
                    .iter()
                    .map(|n| n.id.as_str())
                    .filter(|i| i.starts_with(id.chars().next().unwrap_or(' ')))
                    .take(12)
                    .collect();
                return Err((
                    format!("no row `{id}` in `{}`", args.rules),
                    (!ids.is_empty()).then(|| format!("rows like it: {}", ids.join(", "))),
                ));
            };
            let below: Vec<&NodeScore> = node.walk();
            let ids: Vec<&str> = below.iter().map(|n| n.id.as_str()).collect();
            (below.clone(), all_hints.iter().filter(|h| ids.contains(&h.node.as_str())).collect())
        }
        None => (score.nodes(), all_hints.iter().collect()),
    };
    let doc = {
        serde_json::json!({
            "rubric": rubric.title,
            "unit": score.unit,
            "score": show_num(score.score),
            "max": show_num(score.max),
            "nodes": nodes.iter().filter(|n| args.item.is_some() || n.kind == Kind::Item).collect::<Vec<_>>(),
            "hints": hints.iter().map(|h| serde_json::json!({"node": h.node, "gain": show_num(h.gain), "text": h.to_string(), "change": h.kind})).collect::<Vec<_>>(),
        })
    };
    let mut out = String::new();
    if args.item.is_none() {
        out.push_str(&tree::render(rubric, score));
        out.push_str("\n失分的行\n");
    } else {
        out.push_str(&format!(
            "{}\n单位 {}    总分 {} / {}{}{}\n",
            rubric.title,
            score.unit,
            text_num(score.score),
            text_num(score.max),
            if score.bonus.is_zero() { String::new() } else { format!("（含加分 {}）", text_num(score.bonus)) },
            if score.vetoed { "（一票否决）" } else { "" }
        ));
    }
    let shown: Vec<&&NodeScore> =
        nodes.iter().filter(|n| args.item.is_some() || (n.kind == Kind::Item && n.score < n.max)).collect();
    for n in shown {
        out.push('\n');
        out.push_str(&detail(rubric, n, &hints));
    }
    if args.item.is_none() {
        out.push_str("\n\n提升建议（按可得分数排列）\n");
        if hints.is_empty() {
            out.push_str("  无：每一行都已满分，或没有一项本单位可改变的事实能挽回失分。\n");
        }
        if rubric.is_cohort() {
            out.push_str(
                "  （与其他单位比较的行——rank、best、worst、average、ratio——随其他单位的数值变化，不在此给出建议。）\n",
            );
        }
        for h in &hints {
            // A hint for the whole rubric (a veto) has no row id.
            let node = if h.node.is_empty() { String::new() } else { format!("{} ", h.node) };
            out.push_str(&format!("  {node}{h}\n"));
        }
    }
    Ok((out, doc))
}

/// The full account of one row.
fn detail(rubric: &Rubric, n: &NodeScore, hints: &[&Hint]) -> String {
    let mut lines: Vec<(String, String)> = Vec::new();
    let def = rubric.nodes.iter().find(|d| d.id == n.id);
    if let Some(t) = &n.meta.text {
        lines.push(("评分标准".into(), t.clone()));
    }
    let mut who = Vec::new();
    if !n.meta.lead.is_empty() {
        who.push(format!("牵头 {}", n.meta.lead.join("、")));
    }
    if !n.meta.office.is_empty() {
        who.push(format!("股室 {}", n.meta.office.join("、")));
    }
    if !n.meta.owner.is_empty() {
        who.push(format!("责任人 {}", n.meta.owner.join("、")));
    }
    if let Some(d) = &n.meta.due {
        who.push(format!("完成时限 {d}"));
    }
    if !who.is_empty() {
        lines.push(("责任".into(), who.join("    ")));
    }
    let mut band_k = 0;
    for s in &n.steps {
        match s {
            Step::Full { points } => lines.push(("起点".into(), format!("满分 {} 起算", text_num(*points)))),
            Step::Sum { points } => lines.push(("合计".into(), format!("下级得分之和 {}", text_num(*points)))),
            Step::Band { subject, text: value, points, facts, number, index, .. } => {
                let band = def.and_then(|d| {
                    d.rules.iter().filter_map(|r| if let RuleDef::Band(b) = r { Some(b) } else { None }).nth(band_k)
                });
                band_k += 1;
                let f = facts
                    .iter()
                    .filter(|f| &f.name != subject)
                    .map(|f| format!("{} = {}", f.name, f.text))
                    .collect::<Vec<_>>()
                    .join("，");
                lines.push((
                    "分档".into(),
                    format!("{subject} = {value}{}", if f.is_empty() { String::new() } else { format!("（{f}）") }),
                ));
                if let (Some(b), Some(v)) = (band, number) {
                    let w = b.arms.iter().map(|a| a.range.text.width()).max().unwrap_or(0);
                    // A place is said as every place is: `第 4 名`.
                    let rank = matches!(b.subject.expr, CExpr::Cohort(k)
                        if rubric.cohorts.get(k).is_some_and(|c| matches!(c.func, Func::Rank | Func::RankLowest)));
                    for (j, a) in b.arms.iter().enumerate() {
                        let mark = if j == *index { "▶" } else { " " };
                        let why = if j == *index {
                            let here = if rank { format!("第 {} 名", text_num(*v)) } else { value.clone() };
                            format!("{here} 在此档")
                        } else {
                            why_not(&a.range, *v, b.subject.ty, rank)
                        };
                        let pad = " ".repeat(w.saturating_sub(a.range.text.width()));
                        lines.push((
                            String::new(),
                            format!("{mark} {}{pad} => {:<4} {why}", a.range.text, a.points_text),
                        ));
                    }
                }
                lines.push(("".into(), format!("得 {} 分", text_num(*points))));
            }
            Step::Award(a) => {
                let what = a.label.clone().or_else(|| a.condition.clone()).unwrap_or_default();
                let f = facts(&a.facts);
                if a.applied {
                    lines.push(("得分".into(), format!("+{} {what}{f}", text_num(a.points))));
                } else {
                    lines.push(("未得".into(), format!("{} 分：未做到「{what}」{f}", text_num(a.amount))));
                }
            }
            Step::Score { expr, points, facts: fs } => {
                lines.push(("计算".into(), format!("{expr} = {}{}", text_num(*points), facts(fs))))
            }
            Step::Judged { fact, points } => lines.push(("评定".into(), format!("{fact} = {}", text_num(*points)))),
            Step::Deduct(a) => {
                let what = a.label.clone().or_else(|| a.condition.clone()).unwrap_or_default();
                if a.applied && !a.points.is_zero() {
                    let how = match a.per {
                        Some(_) => format!("{} × {}", text_num(a.amount), tree::per(a)),
                        None => text_num(a.amount),
                    };
                    lines.push(("扣分".into(), format!("−{}（{how}）{what}{}", text_num(a.points), facts(&a.facts))));
                } else {
                    lines.push(("未扣".into(), format!("{what}{}", facts(&a.facts))));
                }
            }
            Step::Bonus(a) if a.applied => {
                let free = if a.uncapped { "（加分不设上限）" } else { "" };
                lines.push((
                    "加分".into(),
                    format!("+{} {}{free}", text_num(a.points), a.label.clone().unwrap_or_default()),
                ))
            }
            Step::Bonus(_) => {}
            Step::Floor { before, after } => {
                lines.push(("下限".into(), format!("{} → {}（扣完为止）", text_num(*before), text_num(*after))))
            }
            Step::Cap { before, after } => {
                lines.push(("封顶".into(), format!("{} → {}", text_num(*before), text_num(*after))))
            }
            Step::BonusCap { before, after } => {
                lines.push(("加分封顶".into(), format!("{} → {}", text_num(*before), text_num(*after))))
            }
            Step::Zero(z) => lines.push((
                "不得分".into(),
                format!(
                    "{}{}（原为 {}）",
                    z.label.clone().unwrap_or_else(|| z.condition.clone()),
                    facts(&z.facts),
                    text_num(z.before)
                ),
            )),
            Step::Veto(z) => lines.push((
                "一票否决".into(),
                format!(
                    "{}{}（原为 {}）",
                    z.label.clone().unwrap_or_else(|| z.condition.clone()),
                    facts(&z.facts),
                    text_num(z.before)
                ),
            )),
            Step::Round { before, after, places, mode } => lines
                .push(("舍入".into(), format!("{mode}保留 {places} 位：{} → {}", text_num(*before), text_num(*after)))),
        }
    }
    for h in hints.iter().filter(|h| h.node == n.id) {
        lines.push(("提升".into(), h.to_string()));
    }
    let name = if n.id == n.title { n.id.clone() } else { format!("{} {}", n.id, n.title) };
    let mut out = format!("{name}    {} / {}\n", text_num(n.score), text_num(n.max));
    let w = lines.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in lines {
        let line = format!("  {}{}  {v}", k, " ".repeat(w.saturating_sub(k.width())));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn facts(fs: &[rubric::report::breakdown::FactUse]) -> String {
    if fs.is_empty() {
        return String::new();
    }
    format!("（{}）", fs.iter().map(|f| format!("{} = {}", f.name, f.text)).collect::<Vec<_>>().join("，"))
}

/// Why a value is not in a band: which bound it misses.
fn why_not(r: &rubric::plan::Range, v: Decimal, ty: Ty, rank: bool) -> String {
    let num = |x: Value2| match x {
        Value2::Num(n) => n,
        Value2::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(&d)),
    };
    let show = |x: Decimal| match ty {
        Ty::Percent => text_percent(x),
        Ty::Date => rust_decimal::prelude::ToPrimitive::to_i32(&x)
            .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
            .map(|d| Value::Date(d).show(Ty::Date))
            .unwrap_or_else(|| text_num(x)),
        _ => text_num(x),
    };
    let value = if rank { format!("第 {} 名", show(v)) } else { show(v) };
    if let Some(lo) = r.lo {
        let lo = num(lo);
        if v < lo || (v == lo && !r.lo_closed) {
            return format!("{value} 不在此档（需 {} {}）", if r.lo_closed { "≥" } else { ">" }, show(lo));
        }
    }
    if let Some(hi) = r.hi {
        let hi = num(hi);
        if v > hi || (v == hi && !r.hi_closed) {
            return format!("{value} 不在此档（需 {} {}）", if r.hi_closed { "≤" } else { "<" }, show(hi));
        }
    }
    format!("{value} 不在此档")
}
