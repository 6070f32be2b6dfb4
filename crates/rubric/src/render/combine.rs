//! The sentence of a `combine` step: "取两部分的较低分：甲 42 分，乙 45 分",
//! "只扣减分最多的一项：三.2 扣 1.5 分", in Chinese or English.

use super::sentences::L;
use crate::diag::Lang;
use crate::report::breakdown::{Combined, PartScore};
use crate::value::text_num;
use rust_decimal::Decimal;

/// What a `combine` step says: its label (else how it combines), then the parts it read.
pub(super) fn combined(l: L, c: &Combined) -> String {
    let zh = l.0 == Lang::Zh;
    let how = match (c.how.as_str(), zh) {
        ("min", true) => "取各部分的较低分",
        ("min", false) => "the lowest of the parts",
        ("max", true) => "取各部分的较高分",
        ("max", false) => "the highest of the parts",
        ("average", true) => "取各部分的平均分",
        ("average", false) => "the average of the parts",
        (_, true) => "只扣减分最多的一项",
        (_, false) => "only the largest loss counts",
    };
    let head = c.label.as_deref().map_or_else(|| how.to_string(), str::to_string);
    let body = if c.how == "largest_loss" { largest_loss(zh, &c.parts) } else { scores(zh, &c.parts) };
    if zh { format!("{head}：{body}") } else { format!("{head}: {body}") }
}

/// Each part's score: "甲 42 分，乙 45 分".
fn scores(zh: bool, parts: &[PartScore]) -> String {
    let name = |p: &PartScore| if p.title.is_empty() { p.id.clone() } else { p.title.clone() };
    let each: Vec<String> = parts
        .iter()
        .map(|p| {
            if zh {
                format!("{} {} 分", name(p), text_num(p.score))
            } else {
                format!("{} {}", name(p), text_num(p.score))
            }
        })
        .collect();
    each.join(if zh { "，" } else { ", " })
}

/// The part that lost the most (the first of equal losses): "三.2 扣 1.5 分".
fn largest_loss(zh: bool, parts: &[PartScore]) -> String {
    let mut worst: Option<(&PartScore, Decimal)> = None;
    for p in parts {
        // A loss no decimal holds is not shown (text only, never a score).
        let Some(loss) = p.max.checked_sub(p.score) else { continue };
        if worst.is_none_or(|(_, w)| loss > w) {
            worst = Some((p, loss));
        }
    }
    match worst {
        Some((p, loss)) if loss > Decimal::ZERO => {
            if zh {
                format!("{} 扣 {} 分", p.id, text_num(loss))
            } else {
                format!("{} lost {}", p.id, text_num(loss))
            }
        }
        _ if zh => "各部分均未失分".to_string(),
        _ => "no part lost points".to_string(),
    }
}
