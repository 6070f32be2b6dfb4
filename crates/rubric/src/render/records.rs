//! An aggregate over a list of records in words ([`Aside::Records`]): `2 起`, `5（按 工作项目
//! 分组取最高 加分 之和，共 3 条记录）`, or in English `2 records`, `5 (the sum over groups of
//! 工作项目 of the highest 加分, 3 records)`. One `match` arm says each form in both languages.

use super::sentences::L;
use crate::diag::Lang;
use crate::report::breakdown::Aside;

/// The value of an aggregate with what it was taken over.
pub(super) fn valued(l: L, text: &str, aside: &Aside) -> String {
    let Aside::Records { func, by, pick, of, records } = aside else { return text.to_string() };
    let zh = l.0 == Lang::Zh;
    let of = of.as_deref().unwrap_or_default();
    let by = by.as_deref().unwrap_or_default();
    let highest = pick.as_deref() != Some("min");
    match (func.as_str(), by.is_empty(), zh) {
        ("count", true, true) => format!("{text} 起"),
        ("count", true, false) => format!("{text} records"),
        ("count", false, true) => format!("{text} 个不同的 {by}（共 {records} 条记录）"),
        ("count", false, false) => format!("{text} distinct {by} ({records} records)"),
        ("sum", false, true) => {
            format!("{text}（按 {by} 分组取{} {of} 之和，共 {records} 条记录）", if highest { "最高" } else { "最低" })
        }
        ("sum", false, false) => format!(
            "{text} (the sum over groups of {by} of the {} {of}, {records} records)",
            if highest { "highest" } else { "lowest" }
        ),
        ("sum", _, true) => format!("{text}（{records} 条记录的 {of} 之和）"),
        ("sum", _, false) => format!("{text} (the sum of {of} over {records} records)"),
        ("max", _, true) => format!("{text}（{records} 条记录中 {of} 最高）"),
        ("max", _, false) => format!("{text} (the highest {of} of {records} records)"),
        ("min", _, true) => format!("{text}（{records} 条记录中 {of} 最低）"),
        ("min", _, false) => format!("{text} (the lowest {of} of {records} records)"),
        ("mean", _, true) => format!("{text}（{records} 条记录的 {of} 平均值）"),
        ("mean", _, false) => format!("{text} (the mean {of} of {records} records)"),
        (_, _, true) => format!("{text}（{records} 条记录）"),
        (_, _, false) => format!("{text} ({records} records)"),
    }
}
