//! The sentences of not applicable (不适用) steps: "不适用（危化品企业数 = 不适用）：本项得满分 2 分",
//! "按比例折算：得分 7 ÷ 适用项满分 8 × 10 = 8.75", "三.1 不适用，其分值 2 分计入 三.2：三.2 得分
//! 3 × (4 + 2) ÷ 4 = 4.5", in Chinese or English.

use super::sentences::L;
use crate::diag::Lang;
use crate::report::breakdown::{MovedIn, NotApplied};
use crate::value::text_num;
use rust_decimal::Decimal;

/// What a not-applicable step says: why, and what the row's points became.
pub(super) fn not_applied(l: L, n: &NotApplied) -> String {
    let zh = l.0 == Lang::Zh;
    let why = match (&n.value, zh) {
        (Some(v), true) => format!("{v} = 不适用"),
        (Some(v), false) => format!("{v} is 不适用"),
        (None, true) => "其各项均不适用".to_string(),
        (None, false) => "all its parts are not applicable".to_string(),
    };
    let max = text_num(n.max);
    let to = n.to.as_deref().unwrap_or_default();
    let what = match (n.how.as_str(), zh) {
        ("full", true) => format!("本项得满分 {max} 分"),
        ("full", false) => format!("full marks, {max}"),
        ("move", true) => format!("其分值 {max} 分计入 {to}"),
        ("move", false) => format!("its {max} points go to {to}"),
        (_, true) => format!("本项 {max} 分不计入，上级按比例折算"),
        (_, false) => format!("its {max} points are left out and the part above is rescaled"),
    };
    let label = n.label.as_ref().map(|s| format!("{}{s}", l.colon())).unwrap_or_default();
    if zh { format!("不适用（{why}）：{what}{label}") } else { format!("not applicable ({why}): {what}{label}") }
}

/// What a rescaled parent says: the applicable parts' points over their maxima, times its maximum.
pub(super) fn rescaled(l: L, sum: Decimal, applicable: Decimal, max: Decimal, points: Decimal) -> String {
    let (s, a, m, p) = (text_num(sum), text_num(applicable), text_num(max), text_num(points));
    match l.0 {
        Lang::Zh => format!("按比例折算：得分 {s} ÷ 适用项满分 {a} × {m} = {p}"),
        _ => format!("rescaled: {s} ÷ applicable maxima {a} × {m} = {p}"),
    }
}

/// What a row that took the points of rows not applicable says: "三.1 不适用，其分值 2 分计入
/// 三.2：三.2 得分 3 × (4 + 2) ÷ 4 = 4.5".
pub(super) fn moved_in(l: L, m: &MovedIn) -> String {
    let (moved, max, before, after) = (text_num(m.moved), text_num(m.max), text_num(m.before), text_num(m.after));
    let to = &m.to;
    match l.0 {
        Lang::Zh => {
            let from = m.from.join("、");
            format!(
                "{from} 不适用，其分值 {moved} 分计入 {to}：{to} 得分 {before} × ({max} + {moved}) ÷ {max} = {after}"
            )
        }
        _ => {
            let from = m.from.join(", ");
            let verb = if m.from.len() == 1 { "is" } else { "are" };
            format!(
                "{from} {verb} not applicable, its {moved} points go to {to}: {to} scores {before} × ({max} + {moved}) ÷ {max} = {after}"
            )
        }
    }
}
