//! A maximum that depends on the unit (城区2分，其他4分, issue 17): every engine scores a unit on
//! its case's rubric (the compiled programs too), score-only and explained scoring agree, each
//! case's maxima are known, and a rubric's cases are checked one by one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)] // test code

use rubric::facts::from_json;
use rubric::{Engine, MemoryLoader, Rubric};
use rust_decimal::Decimal;

const RULES: &str = r#"rubric "城乡分类考核" {
  fact 地区类别: kind 城区/郊区/山区 "地区类别"
  fact 重点乡镇: bool "是否重点乡镇"
  fact 问题数: count "发现问题数"

  section 一 "基础工作" {
    item 一.1 "人居环境整治" max 2 when 地区类别 == 城区 else 4 {
      deduct 0.5 per 问题数
    }
    item 一.2 "档案管理" max 3 when 重点乡镇 else 2 {
      deduct 1 per 问题数
    }
  }
}
"#;

const FACTS: &str = r#"{"units": [
  {"unit": "城关街道", "facts": {"地区类别": "城区", "重点乡镇": false, "问题数": 1}},
  {"unit": "新城镇", "facts": {"地区类别": "郊区", "重点乡镇": true, "问题数": 1}},
  {"unit": "河口乡", "facts": {"地区类别": "山区", "重点乡镇": false, "问题数": 5}}
]}"#;

fn load(text: &str) -> rubric::Load {
    rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", text))
}

fn rubric() -> Rubric {
    let l = load(RULES);
    assert!(l.report.diagnostics.is_empty(), "{:?}", l.report);
    l.into_rubric().unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn every_engine_scores_each_unit_on_its_case() {
    let r = rubric();
    let units = from_json(FACTS).unwrap();
    // 城区: 2 − 0.5 + 2 − 1; 郊区 重点: 4 − 0.5 + 3 − 1; 山区: 4 − 2.5 + 0 (扣完为止).
    let want = [d("2.5"), d("5.5"), d("1.5")];
    for (u, want) in units.iter().zip(want) {
        let bound = r.bind(u).unwrap();
        for engine in [Engine::Auto, Engine::General, Engine::Compiled, Engine::Fixed, Engine::Reference] {
            let s = r.score_by(&bound, engine).unwrap();
            assert_eq!(s.total(), want, "{} by {engine:?}", u.unit);
            let explained = r.evaluate_by(u, engine).unwrap();
            assert_eq!(explained.score, want, "{} explained by {engine:?}", u.unit);
        }
        // The whole-number program of the unit's case scores it, not the general evaluator.
        assert_eq!(r.score_by(&bound, Engine::Fixed).unwrap().engine(), Engine::Fixed, "{}", u.unit);
    }
    let maxima: Vec<Decimal> = units.iter().map(|u| r.evaluate(u).unwrap().max).collect();
    assert_eq!(maxima, [d("4"), d("7"), d("6")]);
    let scoring = r.scoring();
    let outcomes: Vec<Decimal> = units.iter().map(|u| scoring.unit(u).unwrap().max_in(&r).unwrap()).collect();
    assert_eq!(outcomes, maxima, "score-only outcomes know the unit's maximum");
}

#[test]
fn each_case_maxima_are_listed() {
    let r = rubric();
    let total: Vec<Decimal> = r.case_maxima(0);
    assert_eq!(total, [d("4"), d("5"), d("6"), d("7")]);
    let row = r.nodes().find(|n| n.id() == "一.1").unwrap();
    assert_eq!(r.case_maxima(row.index()), [d("2"), d("4")]);
}

#[test]
fn a_case_without_else_covers_every_name_of_the_kind() {
    let l = load(
        r#"rubric "r" {
  fact 地区类别: kind 城区/郊区 "地区类别"
  fact 问题数: count
  item 一 "整治" max 2 when 地区类别 == 城区, 4 when 地区类别 == 郊区 {
    deduct 0.5 per 问题数
  }
}"#,
    );
    assert!(l.report.diagnostics.is_empty(), "{:?}", l.report);
    assert_eq!(l.rubric().unwrap().case_maxima(0), [d("2"), d("4")]);
}

#[test]
fn a_rubric_in_periods_refuses_a_maximum_by_unit() {
    let l = load(
        r#"rubric "r" {
  period 平时 "平时" weight 40%
  period 年底 "年底" weight 60%
  fact 地区类别: kind 城区/郊区 "地区类别"
  fact 问题数: count
  item 一 "整治" max 2 when 地区类别 == 城区 else 4 {
    deduct 0.5 per 问题数
  }
}"#,
    );
    let codes: Vec<&str> = l.report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"rubric::max-case-place"), "{codes:?}");
    assert!(l.rubric().is_none());
}
