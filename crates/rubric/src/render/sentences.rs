//! The words of the reports in each language, and the one-line sentences: a row's reason, a
//! hint, a suggestion.

use super::renderer::Phrase;
use crate::analysis::explain::{Direction, Hint, HintKind};
use crate::analysis::whatif::{Suggestion, Target};
use crate::diag::Lang;
use crate::report::breakdown::{Adjustment, Aside, FactUse, Over, Step};
use crate::value::{Ty, text_num};

/// A language, with its words.
#[derive(Clone, Copy)]
pub(super) struct L(pub(super) Lang);

impl L {
    pub(super) fn zh(self) -> bool {
        self.0 == Lang::Zh
    }

    /// Chinese or English.
    pub(super) fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh() { zh } else { en }
    }

    pub(super) fn full(self) -> &'static str {
        self.pick("满分", "full marks")
    }

    pub(super) fn total(self) -> &'static str {
        self.pick("总分", "total")
    }

    /// `（含加分 2）`.
    pub(super) fn bonus_in(self, b: &str) -> String {
        if self.zh() { format!("（含加分 {b}）") } else { format!(" (bonus {b} included)") }
    }

    /// `（…）` or ` (…)`.
    pub(super) fn paren(self, s: &str) -> String {
        if self.zh() { format!("（{s}）") } else { format!(" ({s})") }
    }

    /// The separator of a list: `，` or `, `.
    pub(super) fn comma(self) -> &'static str {
        self.pick("，", ", ")
    }

    /// The separator of a label and what it says: `：` or `: `.
    pub(super) fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    /// `3分` or `3 pts`.
    pub(super) fn pts(self, n: rust_decimal::Decimal) -> String {
        if self.zh() { format!("{}分", text_num(n)) } else { en_pts(&text_num(n)) }
    }

    pub(super) fn phrase(self, p: Phrase) -> &'static str {
        match p {
            Phrase::Unit => self.pick("单位", "unit"),
            Phrase::Total => self.total(),
            Phrase::LostRows => self.pick("失分的行", "Rows that lost points"),
            Phrase::Hints => self.pick("提升建议（按可得分数排列）", "How to raise the score (most points first)"),
            Phrase::NoHints => self.pick(
                "无：每一行都已满分，或没有一项本单位可改变的事实能挽回失分。",
                "None: every row has full marks, or no fact the unit can change wins points back.",
            ),
            Phrase::CohortHints => self.pick(
                "（与其他单位比较的行——rank、best、worst、average、ratio——随其他单位的数值变化，不在此给出建议。）",
                "(Rows that compare units — rank, best, worst, average, ratio — change with the other units' \
                 figures and get no hints here.)",
            ),
            Phrase::Suggestions => self.pick("提分建议", "Suggestions"),
            Phrase::Now => self.pick("当前", "now"),
            Phrase::NoSuggestions => self.pick(
                "无：每一行都已满分，或没有一项本单位可改变的事实能提高得分。",
                "None: every row has full marks, or no fact the unit can change raises the score.",
            ),
            Phrase::NotDerived => self.pick("无法精确推导", "Not derived exactly"),
            Phrase::Basis => self.pick("依据", "by"),
            Phrase::Sum => self.pick("合计", "Total"),
            Phrase::Weight => self.pick("权重", "weight"),
            Phrase::Vetoed => self.pick("一票否决", "vetoed"),
            Phrase::BonusIncluded => self.pick("含加分", "bonus included"),
            Phrase::Lost => self.pick("失分", "lost"),
            Phrase::ByOwner => self.pick("失分按责任股室、责任人", "points lost by office and person"),
            Phrase::NoLostRows => self.pick("没有失分的行。", "No row lost points."),
            Phrase::Shared => self.pick("（共同负责）", " (shared)"),
            Phrase::SharedNote => self.pick(
                "共同负责的行在每位负责人下都全额列出。",
                "A shared row is listed in full under each of its owners.",
            ),
            Phrase::Place => self.pick("名次", "place"),
            Phrase::Grade => self.pick("等次", "grade"),
            Phrase::Bonus => self.pick("加分", "bonus"),
            Phrase::Error => self.pick("错误", "error"),
            Phrase::Ranking => self.pick("排名", "ranking"),
            Phrase::Score => self.pick("得分", "score"),
            Phrase::Id => self.pick("编号", "id"),
            Phrase::Row => self.pick("项目", "row"),
            Phrase::Max => self.pick("满分", "max"),
            Phrase::Reason => self.pick("说明", "why"),
            Phrase::NoOffice => self.pick("（未注明股室）", "(no office given)"),
            Phrase::NoOwner => self.pick("（未注明责任人）", "(no person given)"),
            Phrase::ListSep => self.pick("、", ", "),
            Phrase::Semicolon => self.pick("；", "; "),
            Phrase::Comma => self.comma(),
            Phrase::Colon => self.colon(),
        }
    }
}

/// `1 pt`, `0.5 pts`, `3 pts`: points in English, of a number as shown.
pub(super) fn en_pts(n: &str) -> String {
    if n == "1" { "1 pt".into() } else { format!("{n} pts") }
}

/// The reason a breakdown gives for a row or the rubric: its steps that say something, joined.
pub(super) fn steps(l: L, steps: &[Step]) -> String {
    let parts: Vec<String> = steps.iter().filter_map(|s| step(l, s)).collect();
    parts.join(l.pick("；", "; "))
}

fn step(l: L, s: &Step) -> Option<String> {
    Some(match s {
        Step::Full { .. } | Step::Sum { .. } => return None,
        Step::Band { subject, text, aside, band, points, facts, .. } => {
            let text = valued(l, text, aside.as_ref());
            format!("{subject} {text} ∈ {band} → {}{}", l.pts(*points), facts_text(l, facts, Some(subject)))
        }
        Step::Award(a) if !a.applied => {
            let (head, met) = (l.pick("未得", "not awarded"), l.pick("未满足 ", "not met: "));
            format!("{head} {}{}{met}{}{}", l.pts(a.amount), l.colon(), what(a), facts_text(l, &a.facts, None))
        }
        Step::Award(a) if a.per.is_some() => {
            let how = format!("{} × {}", text_num(a.amount), per(l, a));
            format!("{} {}{}", l.pick("得", "awarded"), l.pts(a.points), l.paren(&how))
        }
        Step::Award(_) => return None,
        Step::Score { expr, points, facts } => format!("{expr} = {}{}", l.pts(*points), facts_text(l, facts, None)),
        Step::Judged { fact, points } => format!("{} {}{}", l.pick("评定", "judged"), l.pts(*points), l.paren(fact)),
        Step::Deduct(a) | Step::Bonus(a) if a.applied && !a.points.is_zero() => {
            adjustment(l, a, matches!(s, Step::Deduct(_)))
        }
        Step::Deduct(_) | Step::Bonus(_) => return None,
        Step::Floor { after, .. } => match l.0 {
            Lang::Zh => format!("扣完为止（不低于 {}）", text_num(*after)),
            _ => format!("deductions stop at {}", text_num(*after)),
        },
        Step::Cap { after, .. } => format!("{} {}", l.pick("封顶", "capped at"), text_num(*after)),
        Step::BonusCap { after, .. } => format!("{} {}", l.pick("加分封顶", "bonus capped at"), text_num(*after)),
        Step::Zero(z) | Step::Veto(z) => {
            let head = match s {
                Step::Veto(_) => l.pick("一票否决", "vetoed"),
                _ => l.pick("不得分", "scores 0"),
            };
            let what = z.label.clone().unwrap_or_else(|| z.condition.clone());
            format!("{head}{}{what}{}", l.colon(), facts_text(l, &z.facts, None))
        }
        Step::Combine(c) => super::combine::combined(l, c),
        Step::NotApplicable(n) => super::na::not_applied(l, n),
        Step::Rescaled { sum, applicable, max, points } => super::na::rescaled(l, *sum, *applicable, *max, *points),
        Step::MovedIn(m) => super::na::moved_in(l, m),
        Step::NotGiven { facts } => super::lazy::not_given(l, facts),
        Step::CapWhen(c) => {
            let what = c.label.clone().unwrap_or_else(|| c.condition.clone());
            let facts = facts_text(l, &c.facts, None);
            match l.0 {
                Lang::Zh => format!("{what}{facts}（原 {} 分）", text_num(c.before)),
                _ => format!("{what}{facts}: capped at {} (was {})", text_num(c.after), text_num(c.before)),
            }
        }
        Step::Round { before, after, places, mode } => match l.0 {
            Lang::Zh => format!("{mode}保留{places}位 {} → {}", text_num(*before), text_num(*after)),
            _ => format!("rounded ({mode}) to {places} places {} → {}", text_num(*before), text_num(*after)),
        },
    })
}

/// A deduction or bonus that took or gave points.
fn adjustment(l: L, a: &Adjustment, deduct: bool) -> String {
    let verb = if deduct { l.pick("扣", "deducted") } else { l.pick("加", "bonus") };
    let body = if a.per.is_some() {
        let label = a.label.as_ref().map(|x| format!("{}{x}", l.colon())).unwrap_or_default();
        // Cohort figures (`rank(…)`) are shown with the place and the first.
        let figures: Vec<FactUse> =
            a.facts.iter().filter(|f| f.aside.as_ref().is_some_and(|x| *x != Aside::OnZero)).cloned().collect();
        let how = l.paren(&format!("{} × {}", text_num(a.amount), per(l, a)));
        format!("{verb} {}{how}{label}{}", l.pts(a.points), facts_text(l, &figures, None))
    } else {
        format!("{verb} {}{}{}{}", l.pts(a.points), l.colon(), what(a), facts_text(l, &a.facts, None))
    };
    let limit = match (a.limited_to, l.0) {
        (None, _) => String::new(),
        (Some(x), Lang::Zh) => format!("，本项最多{}分", text_num(x)),
        (Some(x), _) => format!(", at most {} on this line", en_pts(&text_num(x))),
    };
    let free = if a.uncapped { l.pick("，加分不设上限", ", bonus without limit") } else { "" };
    format!("{body}{limit}{free}")
}

/// What a line is about: its label, or its condition.
pub(super) fn what(a: &Adjustment) -> String {
    a.label.as_deref().or(a.condition.as_deref()).unwrap_or_default().to_string()
}

/// The quantity of a `per` line after `amount ×`: `重大隐患数 2` for a fact or derived value,
/// and for an expression its value first, then what it is — `0.5，其中 本单位平均年龄 - 40 = 0.5` —
/// so that no figure reads as the product.
pub(super) fn per(l: L, a: &Adjustment) -> String {
    let q = a.per.map(text_num).unwrap_or_default();
    match &a.per_text {
        Some(t) if t.chars().any(|c| " +-*/(".contains(c)) => {
            format!("{q}{}{t} = {q}", l.pick("，其中 ", ", where "))
        }
        Some(t) => format!("{t} {q}"),
        None => q,
    }
}

/// `（a=1，b=2）`: the facts read, but the one named `skip`.
fn facts_text(l: L, facts: &[FactUse], skip: Option<&str>) -> String {
    let shown: Vec<String> = facts
        .iter()
        .filter(|f| Some(&*f.name) != skip)
        .map(|f| format!("{}={}", f.name, valued(l, &f.text, f.aside.as_ref())))
        .collect();
    if shown.is_empty() { String::new() } else { l.paren(&shown.join(l.comma())) }
}

/// A change that would raise a row.
pub(super) fn hint(l: L, h: &Hint) -> String {
    let gain = text_num(h.gain);
    let zh = l.zh();
    match &h.kind {
        HintKind::Band { subject, text, threshold, direction, inclusive, points, .. } => {
            let target = match (direction, inclusive) {
                (Direction::Above, true) => l.pick("达到", "reach"),
                (Direction::Above, false) => l.pick("超过", "exceed"),
                (Direction::Below, true) => l.pick("不超过", "stay at or below"),
                (Direction::Below, false) => l.pick("低于", "go below"),
            };
            if zh {
                format!("{subject} {text}：{target} {threshold} 可得 {} 分（+{gain}）", text_num(*points))
            } else {
                format!("{subject} {text}: {target} {threshold} to get {} (+{gain})", en_pts(&text_num(*points)))
            }
        }
        HintKind::Fewer { quantity, now, to, label } => {
            let lab = label.as_ref().map(|x| l.paren(x)).unwrap_or_default();
            if zh {
                format!("{quantity} {now}：减少到 {to} 可得回 {gain} 分{lab}")
            } else {
                format!("{quantity} {now}: down to {to} wins back {}{lab}", en_pts(&gain))
            }
        }
        HintKind::Avoid { condition } => match zh {
            true => format!("避免「{condition}」可得回 {gain} 分"),
            false => format!("avoiding “{condition}” wins back {}", en_pts(&gain)),
        },
        HintKind::Meet { condition } => match zh {
            true => format!("做到「{condition}」可得 {gain} 分"),
            false => format!("meeting “{condition}” gains {}", en_pts(&gain)),
        },
        HintKind::Unzero { condition } => match zh {
            true => format!("「{condition}」使本项不得分；该条件不成立时可得 {gain} 分"),
            false => format!("“{condition}” scores the row 0; without it the row gains {}", en_pts(&gain)),
        },
        HintKind::Unveto { condition } => match zh {
            true => format!("「{condition}」一票否决；该条件不成立时可得回 {gain} 分"),
            false => format!("“{condition}” vetoes; without it the score wins back {}", en_pts(&gain)),
        },
    }
}

/// A suggestion of `whatif`: `核查完成数 130 → 131（+1；核查完成率 65% → 65.5%，进入 (65%, 90%]；本行 1 → 1.5 分）`.
pub(super) fn suggestion(l: L, s: &Suggestion) -> String {
    let [now, to, scored_with] = s.texts();
    let to = match &s.to {
        Target::Exactly(_) => to.to_string(),
        Target::Above(_) => format!("{} {to}", l.pick("超过", "above")),
        Target::Below(_) => format!("{} {to}", l.pick("低于", "below")),
    };
    let mut parts = Vec::new();
    // Both languages side by side in the analysis's words (`Delta::both`, `Change::both`).
    let said = |(en, zh): (String, String)| if l.zh() { zh } else { en };
    if s.ty != Ty::Bool {
        parts.push(said(s.delta.both()));
    }
    parts.extend(s.rules.iter().map(|r| said(r.what.both())));
    let (before, after) = (text_num(s.row_before), text_num(s.row_after));
    parts.push(if l.zh() {
        format!("本行 {before} → {after} 分")
    } else {
        format!("row {before} → {}", en_pts(&after))
    });
    if s.total_gain != s.row_gain {
        let sign = if s.total_gain.is_sign_negative() { "" } else { "+" };
        parts.push(format!("{} {sign}{}", l.total(), text_num(s.total_gain)));
    }
    if !matches!(s.to, Target::Exactly(_)) {
        parts.push(if l.zh() { format!("按 {scored_with} 计算") } else { format!("scored with {scored_with}") });
    }
    format!("{} {now} → {to}{}", s.fact, l.paren(&parts.join(l.pick("；", "; "))))
}

/// A value with what is said beside it: `第 2 名 / 4（本单位 92.1%，第一名 97.4%）`,
/// `place 2 of 4 (this unit 92.1%, first 97.4%)`, `0%（分母为0，按 on zero 取值）`.
pub(super) fn valued(l: L, text: &str, aside: Option<&Aside>) -> String {
    let zh = l.zh();
    match aside {
        None => text.to_string(),
        Some(Aside::Place { lowest, of, own, top }) => match (zh, lowest) {
            (true, false) => format!("第 {text} 名 / {of}（本单位 {own}，第一名 {top}）"),
            (true, true) => format!("第 {text} 名 / {of}（本单位 {own}，最低 {top}）"),
            (false, false) => format!("place {text} of {of} (this unit {own}, first {top})"),
            (false, true) => format!("place {text} of {of} (this unit {own}, lowest {top})"),
        },
        Some(Aside::Over { figure, of }) => match (zh, figure) {
            (true, Over::Best) => format!("{text}（{of} 个单位中最高）"),
            (true, Over::Worst) => format!("{text}（{of} 个单位中最低）"),
            (true, Over::Sum) => format!("{text}（{of} 个单位之和）"),
            (true, Over::Count) => format!("{text}（共 {of} 个单位）"),
            (false, Over::Sum) => format!("{text} (the sum over {of} units)"),
            (false, Over::Count) => format!("{text} ({of} units)"),
            (true, _) => format!("{text}（{of} 个单位的平均值）"),
            (false, Over::Best) => format!("{text} (the highest of {of} units)"),
            (false, Over::Worst) => format!("{text} (the lowest of {of} units)"),
            (false, _) => format!("{text} (the average of {of} units)"),
        },
        Some(Aside::Ratio { own, top }) if zh => format!("{text}（本单位 {own} ÷ 最高 {top}）"),
        Some(Aside::Ratio { own, top }) => format!("{text} (this unit {own} ÷ the highest {top})"),
        Some(Aside::Among { among, figure }) => {
            let said = valued(l, text, Some(figure));
            if zh {
                format!("{said}（限满足 {among} 的单位）")
            } else {
                format!("{said} (units where {among})")
            }
        }
        Some(Aside::SubsetElse { among, empty }) => match (zh, empty) {
            (true, true) => format!("{text}（没有满足 {among} 的单位，取 else 值）"),
            (true, false) => format!("{text}（本单位不满足 {among}，取 else 值）"),
            (false, true) => format!("{text} (no unit where {among}: the else value)"),
            (false, false) => format!("{text} (this unit is not one where {among}: the else value)"),
        },
        Some(r @ Aside::Records { .. }) => super::records::valued(l, text, r),
        Some(Aside::OnZero) if zh => format!("{text}（分母为0，按 on zero 取值）"),
        Some(Aside::Workday { day, working, calendar }) => match (zh, working) {
            (true, true) => format!("{text}（{calendar}：{day} 是工作日）"),
            (true, false) => format!("{text}（{calendar}：{day} 不是工作日）"),
            (false, true) => format!("{text} ({day} is a working day in {calendar})"),
            (false, false) => format!("{text} ({day} is not a working day in {calendar})"),
        },
        Some(Aside::NextWorkday { day, calendar }) if zh => {
            format!("{text}（{calendar}：{day} 当天或其后第一个工作日）")
        }
        Some(Aside::NextWorkday { day, calendar }) => {
            format!("{text} (the first working day on or after {day} in {calendar})")
        }
        Some(Aside::Workdays { from, to, calendar }) if zh => {
            format!("{text}（{calendar}：{from} 之后至 {to} 的工作日天数）")
        }
        Some(Aside::Workdays { from, to, calendar }) => {
            format!("{text} (working days after {from} up to {to} in {calendar})")
        }
        Some(_) => format!("{text} (denominator 0: its `on zero` value)"),
    }
}
