//! The text breakdown: a tree of nodes with score / max and the reason for each row,
//! aligned by display width (a CJK character is two columns).

use rubric::Rubric;
use rubric::plan::Kind;
use rubric::report::breakdown::{Adjustment, FactUse, NodeScore, Step, UnitScore};
use rubric::value::text_num;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const LABEL_MAX: usize = 46;

struct Row {
    label: String,
    score: String,
    reason: String,
}

/// Renders one unit's breakdown.
pub fn render(rubric: &Rubric, s: &UnitScore) -> String {
    let mut rows = Vec::new();
    let mut stack: Vec<(&NodeScore, usize)> = s.children.iter().rev().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        let name = if n.id == n.title { n.id.clone() } else { format!("{} {}", n.id, n.title) };
        let label = format!("{}{name}", "  ".repeat(depth));
        rows.push(Row {
            label: truncate(&label, LABEL_MAX),
            score: format!("{} / {}", text_num(n.score), text_num(n.max)),
            reason: reason(n),
        });
        stack.extend(n.children.iter().rev().map(|c| (c, depth + 1)));
    }
    let lw = rows.iter().map(|r| r.label.width()).max().unwrap_or(0);
    let sw = rows.iter().map(|r| r.score.width()).max().unwrap_or(0);
    let mut out = String::new();
    out.push_str(&format!("{}\n", rubric.title));
    let mut total = format!("单位 {}    总分 {} / {}", s.unit, text_num(s.score), text_num(s.max));
    if !s.bonus.is_zero() {
        total.push_str(&format!("（含加分 {}）", text_num(s.bonus)));
    }
    let root_reason = steps_reason(&s.steps);
    if !root_reason.is_empty() {
        total.push_str(&format!("    {root_reason}"));
    }
    out.push_str(&total);
    out.push_str("\n\n");
    for r in rows {
        let line = format!("{}  {}  {}", pad_right(&r.label, lw), pad_left(&r.score, sw), r.reason);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Every node of a breakdown in the document's order, with its depth and the reason the text
/// shows for it (for a workbook's sheet of the unit).
pub fn lines(s: &UnitScore) -> Vec<(usize, &NodeScore, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(&NodeScore, usize)> = s.children.iter().rev().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        out.push((depth, n, reason(n)));
        stack.extend(n.children.iter().rev().map(|c| (c, depth + 1)));
    }
    out
}

/// The reason the text shows for the whole rubric (a veto, a cap), or nothing.
pub fn total_reason(s: &UnitScore) -> String {
    steps_reason(&s.steps)
}

fn reason(n: &NodeScore) -> String {
    let item = n.kind == Kind::Item;
    let r = steps_reason(&n.steps);
    if item && r.is_empty() && n.score == n.max { "满分".into() } else { r }
}

fn steps_reason(steps: &[Step]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for s in steps {
        match s {
            Step::Full { .. } | Step::Sum { .. } => {}
            Step::Band { subject, text, band, points, facts, .. } => {
                let f = facts_text(facts, Some(subject));
                parts.push(format!("{subject} {text} ∈ {band} → {}分{f}", text_num(*points)));
            }
            Step::Award(a) if !a.applied => {
                parts.push(format!("未得 {}分：未满足 {}{}", text_num(a.amount), what(a), facts_text(&a.facts, None)));
            }
            Step::Award(a) if a.per.is_some() => {
                parts.push(format!("得 {}分（{} × {}）", text_num(a.points), text_num(a.amount), per(a)));
            }
            Step::Award(_) => {}
            Step::Score { expr, points, facts } => {
                parts.push(format!("{expr} = {}分{}", text_num(*points), facts_text(facts, None)))
            }
            Step::Judged { fact, points } => parts.push(format!("评定 {}分（{fact}）", text_num(*points))),
            Step::Deduct(a) | Step::Bonus(a) if a.applied && !a.points.is_zero() => {
                let verb = if matches!(s, Step::Deduct(_)) { "扣" } else { "加" };
                let body = if a.per.is_some() {
                    let label = a.label.as_ref().map(|l| format!("：{l}")).unwrap_or_default();
                    // Cohort figures (`rank(…)`) are shown with the place and the first.
                    let figures: Vec<FactUse> = a.facts.iter().filter(|f| f.name.contains('(')).cloned().collect();
                    format!(
                        "{verb} {}分（{} × {}）{label}{}",
                        text_num(a.points),
                        text_num(a.amount),
                        per(a),
                        facts_text(&figures, None)
                    )
                } else {
                    format!("{verb} {}分：{}{}", text_num(a.points), what(a), facts_text(&a.facts, None))
                };
                let limit = a.limited_to.map(|l| format!("，本项最多{}分", text_num(l))).unwrap_or_default();
                let free = if a.uncapped { "，加分不设上限" } else { "" };
                parts.push(format!("{body}{limit}{free}"));
            }
            Step::Deduct(_) | Step::Bonus(_) => {}
            Step::Floor { after, .. } => parts.push(format!("扣完为止（不低于 {}）", text_num(*after))),
            Step::Cap { after, .. } => parts.push(format!("封顶 {}", text_num(*after))),
            Step::BonusCap { after, .. } => parts.push(format!("加分封顶 {}", text_num(*after))),
            Step::Zero(z) | Step::Veto(z) => {
                let head = if matches!(s, Step::Veto(_)) { "一票否决" } else { "不得分" };
                let what = z.label.clone().unwrap_or_else(|| z.condition.clone());
                parts.push(format!("{head}：{what}{}", facts_text(&z.facts, None)));
            }
            Step::Round { before, after, places, mode } => {
                parts.push(format!("{mode}保留{places}位 {} → {}", text_num(*before), text_num(*after)))
            }
        }
    }
    parts.join("；")
}

fn what(a: &Adjustment) -> String {
    a.label.clone().or_else(|| a.condition.clone()).unwrap_or_default()
}

/// The quantity of a `per` line after `amount ×`: `重大隐患数 2` for a fact or derived value,
/// and for an expression its value first, then what it is — `0.5，其中 本单位平均年龄 - 40 = 0.5` —
/// so that no figure reads as the product.
pub fn per(a: &Adjustment) -> String {
    let q = a.per.map(text_num).unwrap_or_default();
    match &a.per_text {
        Some(t) if t.chars().any(|c| " +-*/(".contains(c)) => format!("{q}，其中 {t} = {q}"),
        Some(t) => format!("{t} {q}"),
        None => q,
    }
}

fn facts_text(facts: &[FactUse], skip: Option<&str>) -> String {
    let shown: Vec<String> =
        facts.iter().filter(|f| Some(f.name.as_str()) != skip).map(|f| format!("{}={}", f.name, f.text)).collect();
    if shown.is_empty() { String::new() } else { format!("（{}）", shown.join("，")) }
}

/// `s` cut to `max` columns of display width, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `s` padded with spaces to `w` columns of display width.
pub fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

/// `s` right-aligned in `w` columns of display width.
pub fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

/// Points lost by one responsible office and person.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OwnerLoss {
    /// 责任股室.
    pub office: String,
    /// 责任人.
    pub person: String,
    /// Points lost on their rows.
    #[serde(serialize_with = "rubric::value::ser_dec")]
    pub lost: rust_decimal::Decimal,
    /// The rows that lost points.
    pub rows: Vec<LostRow>,
}

/// A row that lost points.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LostRow {
    /// The row's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Points lost (max − score).
    #[serde(serialize_with = "rubric::value::ser_dec")]
    pub lost: rust_decimal::Decimal,
    /// Why, in words.
    pub reason: String,
    /// Whether the row has several responsible offices or people.
    pub shared: bool,
}

const NO_OFFICE: &str = "（未注明股室）";
const NO_PERSON: &str = "（未注明责任人）";

/// The points lost on rows, grouped by responsible office and person, most lost first.
pub fn owners(s: &UnitScore) -> Vec<OwnerLoss> {
    let mut groups: Vec<OwnerLoss> = Vec::new();
    for n in s.nodes() {
        if n.kind != Kind::Item || n.score >= n.max {
            continue;
        }
        let lost = n.max.saturating_sub(n.score);
        let offices: Vec<String> =
            if n.meta.office.is_empty() { vec![NO_OFFICE.into()] } else { n.meta.office.clone() };
        let people: Vec<String> = if n.meta.owner.is_empty() { vec![NO_PERSON.into()] } else { n.meta.owner.clone() };
        let shared = offices.len() * people.len() > 1;
        for office in &offices {
            for person in &people {
                let row = LostRow { id: n.id.clone(), title: n.title.clone(), lost, reason: reason(n), shared };
                match groups.iter_mut().find(|g| &g.office == office && &g.person == person) {
                    Some(g) => {
                        g.lost = g.lost.saturating_add(lost);
                        g.rows.push(row);
                    }
                    None => {
                        groups.push(OwnerLoss { office: office.clone(), person: person.clone(), lost, rows: vec![row] })
                    }
                }
            }
        }
    }
    groups.sort_by(|a, b| {
        b.lost.cmp(&a.lost).then_with(|| a.office.cmp(&b.office)).then_with(|| a.person.cmp(&b.person))
    });
    groups
}

/// Renders the points lost by office and person.
pub fn render_owners(rubric: &Rubric, s: &UnitScore) -> String {
    let groups = owners(s);
    let mut out = format!("{}\n", rubric.title);
    out.push_str(&format!(
        "单位 {}    总分 {} / {}    失分按责任股室、责任人\n\n",
        s.unit,
        text_num(s.score),
        text_num(s.max)
    ));
    if groups.is_empty() {
        out.push_str("没有失分的行。\n");
        return out;
    }
    let mut rows: Vec<Row> = Vec::new();
    for g in &groups {
        rows.push(Row {
            label: format!("{} / {}", g.office, g.person),
            score: format!("失分 {}", text_num(g.lost)),
            reason: String::new(),
        });
        for r in &g.rows {
            let label = truncate(&format!("  {} {}", r.id, r.title), LABEL_MAX);
            let shared = if r.shared { "（共同负责）" } else { "" };
            rows.push(Row {
                label, score: format!("−{}", text_num(r.lost)), reason: format!("{}{shared}", r.reason)
            });
        }
    }
    let lw = rows.iter().map(|r| r.label.width()).max().unwrap_or(0);
    let sw = rows.iter().map(|r| r.score.width()).max().unwrap_or(0);
    for r in rows {
        let line = format!("{}  {}  {}", pad_right(&r.label, lw), pad_left(&r.score, sw), r.reason);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("\n共同负责的行在每位负责人下都全额列出。\n");
    out
}
