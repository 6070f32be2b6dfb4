//! Lists of records (`tests/program/lists.rubric`): bad records said in Chinese and English, the
//! explanation of an aggregate in both languages, `max` over no records without `else`, and
//! what-if saying it does not move records.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::analysis::whatif::whatif;
use rubric::facts::from_json;
use rubric::render::{Lang, Render};
use rubric::{MemoryLoader, Rubric};

fn rubric() -> Rubric {
    rubric::load("tests/program/lists.rubric", &common::Fs).into_rubric().unwrap()
}

const JSON: &str = r#"{"units": [{"unit": "甲", "facts": {
  "事故": [{"等级": "一般", "发生日期": "2024-03-01", "损失金额": 12000}, {"等级": "较大", "发生日期": "2024-05-02", "损失金额": 50000}],
  "表彰": [{"工作项目": "党建", "级别": "县级", "加分": 1}, {"工作项目": "党建", "级别": "市级", "加分": 2}],
  "案卷": [{"卷号": 3, "问题": 1}, {"卷号": 3, "问题": 2}]
}}]}"#;

/// Every problem of the records, said in each language, each naming the list, the record, the
/// field and the value.
#[test]
fn bad_records_are_said_in_both_languages() {
    let json = r#"{"units": [{"unit": "丙", "facts": {"表彰": [], "案卷": [], "事故": [
      {"等级": "一班", "发生日期": "2024-03-01", "损失金额": 1},
      {"等级": "较大", "发生日期": "2024-03-01"}
    ]}}]}"#;
    let e = rubric().evaluate(&from_json(json).unwrap()[0]).unwrap_err();
    let lines = |lang| {
        let said = Render::new(lang).error(&e);
        said.related.iter().map(|r| r.message.clone()).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(
        lines(Lang::Zh),
        "事实 `事故`：第 1 条记录的 `等级`：`一班` 不是 `一般`, `较大`, `重大` 之一（是否想写 `一般`？）\n事实 `事故`：第 2 条记录缺少字段 `损失金额`"
    );
    assert_eq!(
        lines(Lang::En),
        "fact `事故`: record 1, field `等级`: `一班` is not one of the names `一般`, `较大`, `重大` (did you mean `一般`?)\nfact `事故`: record 2 has no field `损失金额`"
    );
}

/// A step shows each aggregate it read with what it was taken over, in both languages, and keeps
/// it as data.
#[test]
fn the_explanation_says_what_an_aggregate_was_taken_over() {
    let r = rubric();
    let score = r.evaluate(&from_json(JSON).unwrap()[0]).unwrap();
    let zh = Render::new(Lang::Zh).with_rubric(&r);
    let en = Render::new(Lang::En).with_rubric(&r);
    let two = serde_json::to_string(score.node("二").unwrap()).unwrap();
    let data = r#""name":"sum(表彰 by 工作项目, max 加分)","value":"2","aside":{"kind":"records","func":"sum","by":"工作项目","pick":"max","of":"加分","records":2}"#;
    assert!(two.contains(data), "{two}");
    let four = zh.reason(score.node("四").unwrap());
    assert!(four.contains("max(事故, 损失金额, else 0)=50000（2 条记录中 损失金额 最高）"), "{four}");
    let four = en.reason(score.node("四").unwrap());
    assert!(four.contains("max(事故, 损失金额, else 0)=50000 (the highest 损失金额 of 2 records)"), "{four}");
    let three = zh.reason(score.node("三").unwrap());
    assert!(three.contains("count(案卷 by 卷号)=1 个不同的 卷号（共 2 条记录）"), "{three}");
    let one = zh.reason(score.node("一").unwrap());
    assert!(one.contains("事故 where 等级 == 一般=1 起"), "{one}");
}

/// `max` over no records without `else` is an error for the unit, in both languages; with
/// `else` it is that value.
#[test]
fn max_over_no_records_needs_else() {
    let rules = r#"rubric "r" max 5 {
  fact 事故: list { 损失金额: number }
  item 一 "损失" max 5 { deduct max(事故, 损失金额) / 100000 max 5 }
}"#;
    let r = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
    let unit = from_json(r#"{"units": [{"unit": "甲", "facts": {"事故": []}}]}"#).unwrap().remove(0);
    let e = r.evaluate(&unit).unwrap_err();
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::empty-list");
    assert_eq!(e.to_string(), "unit `甲`: `max(事故, 损失金额)` is taken over no records");
    assert_eq!(Render::new(Lang::Zh).error(&e).message, "单位 `甲`：`max(事故, 损失金额)` 没有可取值的记录");
    let with_else = rules.replace("损失金额) / 100000", "损失金额, else 0) / 100000");
    let r = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", &with_else)).into_rubric().unwrap();
    assert_eq!(r.evaluate(&unit).unwrap().score.to_string(), "5");
}

/// What-if suggests no change for a row that reads a list, and says why.
#[test]
fn whatif_does_not_move_records() {
    let r = rubric();
    let unit = from_json(JSON).unwrap().remove(0);
    let score = r.evaluate(&unit).unwrap();
    let w = whatif(&r, &unit, &score).unwrap();
    assert!(w.suggestions.is_empty(), "{:?}", w.suggestions);
    assert!(
        w.not_derived.iter().any(|n| n.fact == "事故" && n.reason == "它读取记录列表 `事故`：whatif 不增删或改动记录")
    );
}
