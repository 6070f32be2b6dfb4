//! `rulecheck explain`: one unit's score row by row — facts, bands and why the others were not
//! chosen, deductions, caps — and what would raise it.

use crate::cli::{EvalFormat, ExplainArgs};
use crate::files::{pick, read_facts, rubric_for_scoring, score_picked};
use crate::tree;
use crate::ui::{BAD_INPUT, OK, Ui};
use rubric::breakdown::{NodeScore, Step};
use rubric::explain::{Hint, hints};
use rubric::plan::{Kind, Rubric, RuleDef, Value2};
use rubric::value::{Ty, Value, show_num, show_percent};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

/// Runs the command.
pub fn run(ui: &Ui, args: &ExplainArgs) -> u8 {
    let rubric = match rubric_for_scoring(ui, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some(units) = read_facts(ui, &args.facts) else { return BAD_INPUT };
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
            "{}\n单位 {}    总分 {} / {}\n",
            rubric.title,
            score.unit,
            show_num(score.score),
            show_num(score.max)
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
            out.push_str("  无：每一行都已满分，或失分无法由事实的改变挽回。\n");
        }
        if rubric.is_cohort() {
            out.push_str(
                "  （与其他单位比较的行——rank、best、worst、average、ratio——随其他单位的数值变化，不在此给出建议。）\n",
            );
        }
        for h in &hints {
            out.push_str(&format!("  {} {}\n", h.node, h));
        }
    }
    Ok((out, doc))
}

/// The full account of one row.
fn detail(rubric: &Rubric, n: &NodeScore, hints: &[&Hint]) -> String {
    let mut lines: Vec<(String, String)> = Vec::new();
    let def = rubric.node(&n.id);
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
            Step::Full { points } => lines.push(("起点".into(), format!("满分 {} 起算", show_num(*points)))),
            Step::Sum { points } => lines.push(("合计".into(), format!("下级得分之和 {}", show_num(*points)))),
            Step::Band { subject, value, points, facts, number, index, .. } => {
                let band = def.and_then(|d| {
                    d.rules.iter().filter_map(|r| if let RuleDef::Band(b) = r { Some(b) } else { None }).nth(band_k)
                });
                band_k += 1;
                let f = facts
                    .iter()
                    .filter(|f| &f.name != subject)
                    .map(|f| format!("{} = {}", f.name, f.value))
                    .collect::<Vec<_>>()
                    .join("，");
                lines.push((
                    "分档".into(),
                    format!("{subject} = {value}{}", if f.is_empty() { String::new() } else { format!("（{f}）") }),
                ));
                if let (Some(b), Some(v)) = (band, number) {
                    let w = b.arms.iter().map(|a| a.range.text.width()).max().unwrap_or(0);
                    for (j, a) in b.arms.iter().enumerate() {
                        let mark = if j == *index { "▶" } else { " " };
                        let why = if j == *index {
                            format!("{value} 在此档")
                        } else {
                            why_not(&a.range, *v, b.subject.ty)
                        };
                        let pad = " ".repeat(w.saturating_sub(a.range.text.width()));
                        lines.push((
                            String::new(),
                            format!("{mark} {}{pad} => {:<4} {why}", a.range.text, a.points_text),
                        ));
                    }
                }
                lines.push(("".into(), format!("得 {} 分", show_num(*points))));
            }
            Step::Award(a) => {
                let what = a.label.clone().or_else(|| a.condition.clone()).unwrap_or_default();
                let f = facts(&a.facts);
                if a.applied {
                    lines.push(("得分".into(), format!("+{} {what}{f}", show_num(a.points))));
                } else {
                    lines.push(("未得".into(), format!("{} 分：未做到「{what}」{f}", show_num(a.amount))));
                }
            }
            Step::Score { expr, points, facts: fs } => {
                lines.push(("计算".into(), format!("{expr} = {}{}", show_num(*points), facts(fs))))
            }
            Step::Judged { fact, points } => lines.push(("评定".into(), format!("{fact} = {}", show_num(*points)))),
            Step::Deduct(a) => {
                let what = a.label.clone().or_else(|| a.condition.clone()).unwrap_or_default();
                if a.applied && !a.points.is_zero() {
                    let how = match (a.per, &a.per_text) {
                        (Some(q), Some(t)) if t.chars().any(|c| " +-*/(".contains(c)) => {
                            format!("{} × ({t}) = {}", show_num(a.amount), show_num(q))
                        }
                        (Some(q), Some(t)) => format!("{} × {t} {}", show_num(a.amount), show_num(q)),
                        _ => show_num(a.amount),
                    };
                    lines.push(("扣分".into(), format!("−{}（{how}）{what}{}", show_num(a.points), facts(&a.facts))));
                } else {
                    lines.push(("未扣".into(), format!("{what}{}", facts(&a.facts))));
                }
            }
            Step::Bonus(a) if a.applied => {
                let free = if a.uncapped { "（加分不设上限）" } else { "" };
                lines.push((
                    "加分".into(),
                    format!("+{} {}{free}", show_num(a.points), a.label.clone().unwrap_or_default()),
                ))
            }
            Step::Bonus(_) => {}
            Step::Floor { before, after } => {
                lines.push(("下限".into(), format!("{} → {}（扣完为止）", show_num(*before), show_num(*after))))
            }
            Step::Cap { before, after } => {
                lines.push(("封顶".into(), format!("{} → {}", show_num(*before), show_num(*after))))
            }
            Step::BonusCap { before, after } => {
                lines.push(("加分封顶".into(), format!("{} → {}", show_num(*before), show_num(*after))))
            }
            Step::Zero(z) => lines.push((
                "不得分".into(),
                format!(
                    "{}{}（原为 {}）",
                    z.label.clone().unwrap_or_else(|| z.condition.clone()),
                    facts(&z.facts),
                    show_num(z.before)
                ),
            )),
            Step::Veto(z) => lines.push((
                "一票否决".into(),
                format!(
                    "{}{}（原为 {}）",
                    z.label.clone().unwrap_or_else(|| z.condition.clone()),
                    facts(&z.facts),
                    show_num(z.before)
                ),
            )),
            Step::Round { before, after, places, mode } => lines
                .push(("舍入".into(), format!("{mode}保留 {places} 位：{} → {}", show_num(*before), show_num(*after)))),
        }
    }
    for h in hints.iter().filter(|h| h.node == n.id) {
        lines.push(("提升".into(), h.to_string()));
    }
    let name = if n.id == n.title { n.id.clone() } else { format!("{} {}", n.id, n.title) };
    let mut out = format!("{name}    {} / {}\n", show_num(n.score), show_num(n.max));
    let w = lines.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in lines {
        let line = format!("  {}{}  {v}", k, " ".repeat(w.saturating_sub(k.width())));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn facts(fs: &[rubric::breakdown::FactUse]) -> String {
    if fs.is_empty() {
        return String::new();
    }
    format!("（{}）", fs.iter().map(|f| format!("{} = {}", f.name, f.value)).collect::<Vec<_>>().join("，"))
}

/// Why a value is not in a band: which bound it misses.
fn why_not(r: &rubric::plan::Range, v: Decimal, ty: Ty) -> String {
    let num = |x: Value2| match x {
        Value2::Num(n) => n,
        Value2::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(&d)),
    };
    let show = |x: Decimal| match ty {
        Ty::Percent => show_percent(x),
        Ty::Date => rust_decimal::prelude::ToPrimitive::to_i32(&x)
            .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
            .map(|d| Value::Date(d).show(Ty::Date))
            .unwrap_or_else(|| show_num(x)),
        _ => show_num(x),
    };
    let value = show(v);
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
