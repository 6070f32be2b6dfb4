//! The words of a what-if change in English and Chinese, side by side: how a fact changes
//! ([`Delta`]) and what changes in a rule ([`Change`]). One `match` arm gives both languages, so
//! a change without its translation does not compile. JSON keeps the Chinese (`change`).

use crate::analysis::whatif::{Change, Delta};
use crate::value::{show_num, text_num};
use rust_decimal::Decimal;

/// `+1`, `−2`.
fn signed(n: &Decimal) -> String {
    format!("{}{}", if n.is_sign_negative() { "−" } else { "+" }, text_num(n.abs()))
}

/// `1 pt`, `2 pts`.
fn pts(n: &Decimal) -> String {
    let n = text_num(*n);
    if n == "1" { "1 pt".into() } else { format!("{n} pts") }
}

/// `1 day`, `2 days`.
fn unit(n: &Decimal, one: &str, many: &str) -> String {
    if n.abs() == Decimal::ONE { one.to_string() } else { many.to_string() }
}

impl Delta {
    /// How the fact changes, in English and in Chinese: `+1`, `+25 percentage points or more`,
    /// `15 days earlier`; `+1`, `+25个百分点以上`, `提前 15 天`.
    pub fn both(&self) -> (String, String) {
        let more = |past: bool| if past { " or more" } else { "" };
        let more_zh = |n: &Decimal, past: bool| match (past, n.is_sign_negative()) {
            (false, _) => "",
            (true, true) => "以下",
            (true, false) => "以上",
        };
        match self {
            Delta::Past { above: true } => ("anything above the value now".into(), "高于现值即可".into()),
            Delta::Past { above: false } => ("anything below the value now".into(), "低于现值即可".into()),
            Delta::Turn { from, to } => (format!("{from} → {to}"), format!("{from}→{to}")),
            Delta::Number { by, past } => {
                (format!("{}{}", signed(by), more(*past)), format!("{}{}", signed(by), more_zh(by, *past)))
            }
            Delta::Percent { points, past } => (
                format!("{} {}{}", signed(points), unit(points, "percentage point", "percentage points"), more(*past)),
                format!("{}个百分点{}", signed(points), more_zh(points, *past)),
            ),
            Delta::Days { by, past } => {
                let (when, when_zh) = if by.is_sign_negative() { ("earlier", "提前") } else { ("later", "推迟") };
                (
                    format!("{} {} {when}{}", text_num(by.abs()), unit(by, "day", "days"), more(*past)),
                    format!("{when_zh} {} 天{}", show_num(by.abs()), more_zh(by, *past)),
                )
            }
        }
    }
}

impl Change {
    /// What changes in a rule, in English and in Chinese: `核查完成率 65% → 65.5%, into (65%, 90%]`,
    /// `核查完成率 65% → 65.5%，进入 (65%, 90%]`.
    pub fn both(&self) -> (String, String) {
        let moved = |a: &Decimal, b: &Decimal| format!("{} → {}", text_num(*a), pts(b));
        let moved_zh = |a: &Decimal, b: &Decimal| format!("{} → {} 分", text_num(*a), text_num(*b));
        match self {
            Change::Band { subject, from, to, band } => {
                (format!("{subject} {from} → {to}, into {band}"), format!("{subject} {from} → {to}，进入 {band}"))
            }
            Change::Points { met: Some(m), from, to } => {
                (format!("meeting “{m}”: {}", moved(from, to)), format!("做到「{m}」：{}", moved_zh(from, to)))
            }
            Change::Points { met: None, from, to } => {
                (format!("points {}", moved(from, to)), format!("得分：{}", moved_zh(from, to)))
            }
            Change::Adjust { deduct: true, from, to } => {
                (format!("deduction {}", moved(from, to)), format!("扣 {}", moved_zh(from, to)))
            }
            Change::Adjust { deduct: false, from, to } => {
                (format!("bonus {}", moved(from, to)), format!("加 {}", moved_zh(from, to)))
            }
            Change::Zero { veto: true, lifted: true } => ("the veto lifted".into(), "解除「一票否决」".into()),
            Change::Zero { veto: true, lifted: false } => ("vetoed".into(), "一票否决".into()),
            Change::Zero { veto: false, lifted: true } => {
                ("the row no longer scores 0".into(), "解除「本项不得分」".into())
            }
            Change::Zero { veto: false, lifted: false } => ("the row scores 0".into(), "本项不得分".into()),
        }
    }
}
