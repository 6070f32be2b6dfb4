//! The readings of counts, rates, deadlines, per-event and per-occasion deductions and numbered
//! tasks (`rubric_import::rules::rules_for_in`), and the sentences they leave alone.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric_import::rules::{Names, rules_for_in};
use rust_decimal::Decimal;

fn rules(text: &str, max: i64, year: Option<i32>) -> Vec<String> {
    rules_for_in(text, Decimal::from(max), "标题", &mut Names::new(), year).unwrap().rules
}

#[test]
fn counts_are_compared_with_the_number_per_year() {
    let r =
        rules("原则上每半年召开一次领导小组全体会议，根据工作需要召开专题会议，每年召开一次联络员会议。(3分)", 3, None);
    assert_eq!(r, ["award 3 when 领导小组全体会议次数 >= 2 and 根据工作需要召开专题会议 and 联络员会议次数 >= 1"]);
    let r = rules("围绕年度重点工作开展专题调研不少于2次。(1分)", 1, None);
    assert_eq!(r.len(), 1);
    assert!(r[0].ends_with(">= 2"), "{r:?}");
}

#[test]
fn a_rate_above_a_number_below_100_stays_strict() {
    let r = rules("督办事项办结率高于90%(1分)；交办事项办结率达到95%(1分)", 2, None);
    assert!(r.iter().any(|l| l.contains("> 90%")), "{r:?}");
    assert!(r.iter().any(|l| l.contains(">= 95%")), "{r:?}");
}

#[test]
fn a_deadline_needs_the_year() {
    let with = rules("7月底前完成补助金发放任务。(3分)", 3, Some(2024));
    assert_eq!(with, ["award 3 when 补助金发放完成日期 <= 2024-07-31"]);
    let without = rules("7月底前完成补助金发放任务。(3分)", 3, None);
    assert!(!without[0].contains("<="), "{without:?}");
}

#[test]
fn a_row_of_events_deducts_per_event() {
    let r = rules("受到服务质量投诉的扣3分。服务质量出现事故的扣4分。", 10, None);
    assert!(r[0].starts_with("//"));
    assert_eq!(&r[1..], ["deduct 3 per 服务质量投诉次数 \"扣3分\"", "deduct 4 per 服务质量出现事故次数 \"扣4分\""]);
}

#[test]
fn numbered_tasks_split_only_exactly() {
    let r = rules("1、走访慰问工作，春节期间走访。2、双拥工作，开展双拥活动。", 50, None);
    assert_eq!(r.len(), 3);
    assert!(r[1].starts_with("award 25 when"), "{r:?}");
    let three = rules_for_in("1、甲工作。2、乙工作。3、丙工作。", Decimal::from(10), "标题", &mut Names::new(), None);
    assert!(three.is_err(), "10 over 3 tasks is not exact: {three:?}");
}

#[test]
fn a_per_case_deduction_between_parts_stays_in_its_part() {
    let r = rules(
        "台账完善(1分)；规范办理信访事项(1.5分)；每有1件评价结果为不合格的，扣除0.5分；不发生越级上访(1.5分)。",
        4,
        None,
    );
    assert!(r.iter().any(|l| l.starts_with("award max(1.5 - 0.5 * 不合格件数, 0) when")), "{r:?}");
    assert!(!r.iter().any(|l| l.starts_with("deduct")), "{r:?}");
    // After the last part it may be the row's: left as a deduction of the row.
    let r = rules("台账完善(1分)；规范办理信访事项(1.5分)；每有1件评价结果为不合格的，扣除0.5分。", 2, None);
    assert!(r.iter().any(|l| l.starts_with("deduct 0.5 per")), "{r:?}");
}
