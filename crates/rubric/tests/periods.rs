//! Periods and block parameters: exact totals, masks, missing periods, facts readers, tests.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric::{EvalError, MemoryLoader, Rubric, UnitFacts, from_csv, from_toml};

const WEIGHTED: &str = r#"rubric "加权考核" max 56 {
  period 平时 "平时考核（截至8月底）" weight 40% due 2021-08-31
  period 年底 "年底考核（截至12月底）" weight 60% due 2021-12-31
  fact 投诉次数: count "考核期内的投诉次数"
  fact 创新: bool "有创新成果"
  item 一 "服务质量" max 50 {
    deduct 5 per 投诉次数
  }
  item 二 "创新创优" max 10 {
    only 年底
    award 10 when 创新
  }
}"#;

fn load(text: &str) -> Rubric {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", text));
    assert!(load.report.diagnostics.is_empty(), "{:?}", load.report.diagnostics);
    load.into_rubric().unwrap()
}

fn records() -> Vec<UnitFacts> {
    vec![
        UnitFacts::new("甲").in_period("平时").num("投诉次数", "2"),
        UnitFacts::new("甲").in_period("年底").num("投诉次数", "0").flag("创新", true),
    ]
}

#[test]
fn each_period_s_rubric_is_built_once_with_its_rows_and_maxima() {
    let r = load(WEIGHTED);
    let plans: Vec<_> = r.periods().collect();
    let shape: Vec<(&str, String, usize)> =
        plans.iter().map(|p| (p.name(), p.max().to_string(), p.rubric().nodes().count())).collect();
    // 平时 scores the rubric and 一 (max 50); 年底 also 二 (max 60).
    assert_eq!(shape, [("平时", "50".into(), 2), ("年底", "60".into(), 3)]);
    let row = r.node("二").unwrap().index();
    assert_eq!(plans[0].index_of(row), None, "二 is `only 年底`");
    assert_eq!(plans[1].rubric().node_at(plans[1].index_of(row).unwrap()).unwrap().id(), "二");
    // The same rubric each time it is asked for: built when loaded, not per call.
    let again = r.periods().next().unwrap();
    assert!(std::ptr::eq(plans[0].rubric(), again.rubric()));
    // The table of units has a column per period, read from the outcome.
    let columns = r.columns(true);
    let ids: Vec<(&str, String)> = columns.iter().map(|c| (c.id, c.max.to_string())).collect();
    assert_eq!(ids, [("平时", "50".into()), ("年底", "60".into())]);
    let scored = r.scoring().units(&records());
    let outcome = scored[0].outcome.as_ref().unwrap();
    let figures: Vec<String> = columns.iter().map(|c| outcome.figure(c).unwrap().to_string()).collect();
    assert_eq!(figures, ["40", "60"]);
    assert_eq!((outcome.total().to_string(), outcome.max().unwrap().to_string()), ("52".into(), "56".into()));
    assert_eq!(r.basis(), rubric::Basis::Periods);
}

#[test]
fn weights_of_40_and_60_percent_combine_exactly() {
    let r = load(WEIGHTED);
    let s = r.evaluate_periods(&records(), "甲").unwrap();
    // 平时: 50 − 2 × 5 = 40 of 50; 年底: 50 + 10 = 60 of 60.
    let per: Vec<(String, String, String)> =
        s.periods.iter().map(|p| (p.period.clone(), p.score.score.to_string(), p.score.max.to_string())).collect();
    assert_eq!(per, [("平时".into(), "40".into(), "50".into()), ("年底".into(), "60".into(), "60".into())]);
    // 40% × 40 + 60% × 60 = 16 + 36 = 52; 40% × 50 + 60% × 60 = 20 + 36 = 56.
    assert_eq!(s.total.to_string(), "52");
    assert_eq!(s.max.to_string(), "56");
    assert_eq!(r.period_max().unwrap().to_string(), "56");
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["score"], "52");
    assert_eq!(json["children"], serde_json::json!([]));
    assert_eq!(json["periods"][0]["weight"], "0.4");
    assert_eq!(json["periods"][1]["score"], "60");
}

#[test]
fn a_row_limited_to_one_period_is_neither_scored_nor_counted_in_the_other() {
    let r = load(WEIGHTED);
    let s = r.evaluate_periods(&records(), "甲").unwrap();
    let ids = |i: usize| s.periods[i].score.nodes().iter().map(|n| n.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(0), ["一"]);
    assert_eq!(ids(1), ["一", "二"]);
    // 创新 is not needed in 平时: the 平时 record does not give it and scores.
    assert!(records()[0].values.iter().all(|(k, _)| k != "创新"));
}

#[test]
fn a_period_without_facts_is_an_error_not_a_zero() {
    let r = load(WEIGHTED);
    let only_first = vec![records()[0].clone()];
    let e = r.evaluate_periods(&only_first, "甲").unwrap_err();
    assert!(matches!(e, EvalError::PeriodMissing(_)), "{e:?}");
    assert_eq!(e.to_string(), "unit `甲` has no facts for period `年底`");
    let none = r.evaluate_periods(&[], "乙").unwrap_err();
    assert_eq!(none.to_string(), "unit `乙` has no facts for period `平时`, `年底`");
}

#[test]
fn facts_that_do_not_fit_the_periods_are_refused() {
    let r = load(WEIGHTED);
    let no_period = vec![UnitFacts::new("甲").num("投诉次数", "0")];
    let e = r.evaluate_periods(&no_period, "甲").unwrap_err();
    assert_eq!(e.to_string(), "unit `甲`: facts without a period, but the rubric is scored in periods (平时, 年底)");
    let unknown = vec![UnitFacts::new("甲").in_period("年终").num("投诉次数", "0")];
    let e = r.evaluate_periods(&unknown, "甲").unwrap_err();
    assert_eq!(e.to_string(), "unit `甲`: facts for `年终`, which is not a period of the rubric (平时, 年底)");
    let mut twice = records();
    twice.push(records()[0].clone());
    let e = r.evaluate_periods(&twice, "甲").unwrap_err();
    assert_eq!(e.to_string(), "unit `甲`: facts for period `平时` are given twice");
}

#[test]
fn csv_and_toml_facts_carry_the_period() {
    let r = load(WEIGHTED);
    let csv = "单位,period,投诉次数,创新\n甲,平时,2,\n甲,年底,0,是\n";
    let units = from_csv(csv).unwrap();
    assert_eq!(units[1].period.as_deref(), Some("年底"));
    assert_eq!(r.evaluate_periods(&units, "甲").unwrap().total.to_string(), "52");
    let dup = from_csv("单位,考核期,投诉次数\n甲,平时,2\n甲,平时,1\n").unwrap_err();
    assert!(dup.to_string().contains("unit `甲` is given twice for period `平时`"), "{dup}");
    let toml = "[[units]]\nunit = \"甲\"\nperiod = \"平时\"\n[units.facts]\n投诉次数 = 2\n\n\
                [[units]]\nunit = \"甲\"\nperiod = \"年底\"\n[units.facts]\n投诉次数 = 0\n创新 = true\n";
    let units = from_toml(toml).unwrap();
    assert_eq!(r.evaluate_periods(&units, "甲").unwrap().total.to_string(), "52");
    let json = r#"{"units": [{"unit": "甲", "period": "平时", "facts": {"投诉次数": 2}},
                             {"unit": "甲", "period": "年底", "facts": {"投诉次数": 0, "创新": true}}]}"#;
    let units = rubric::facts::from_json(json).unwrap();
    assert_eq!(r.evaluate_periods(&units, "甲").unwrap().total.to_string(), "52");
}

#[test]
fn tests_give_facts_per_period_and_expect_weighted_sums() {
    let text = format!(
        "{WEIGHTED}\n{}",
        r#"test "两期" {
  period 平时 {
    given 投诉次数 = 2
    expect 一 = 40
    expect total = 40
  }
  period 年底 {
    given 投诉次数 = 0, 创新 = true
    expect total = 60
  }
  expect 一 = 46
  expect 二 = 6
  expect total = 52
}

test "错的期望" {
  period 平时 {
    given 投诉次数 = 1
    expect 一 = 50
  }
}

test "缺年底" {
  period 平时 {
    given 投诉次数 = 1
  }
  expect error "rubric::period-missing"
}"#
    );
    let r = load(&text);
    let out = r.run_tests();
    assert!(out[0].passed(), "{:?}", out[0]);
    assert_eq!(out[0].checks.len(), 6);
    assert!(!out[1].passed());
    let c = &out[1].checks[0];
    assert_eq!((c.target.as_str(), c.expected.as_str(), c.actual.as_str()), ("平时 一", "50", "45"));
    assert!(out[2].passed(), "{:?}", out[2]);
}

const DUTY: &str = r#"block 履职 "履行职责" (业务开展分值 = 50, 质量扣分 = 3, 达标率: percent = 90%) {
  fact 业务完成: bool "完成了业务开展工作"
  fact 投诉次数: count "受到服务质量投诉的次数"
  fact 办结率: percent "按时办结率"
  item 履职.业务开展 "业务开展" max 业务开展分值 {
    award 业务开展分值 when 业务完成
  }
  item 履职.服务质量 "服务质量" max 10 {
    deduct 质量扣分 per 投诉次数 "受到服务质量投诉的扣分"
  }
  item 履职.办结 "办结" max 2 {
    band 办结率 {
      [0, 达标率)    => 0
      [达标率, 100%] => 2
    }
  }
}"#;

fn with_use(use_line: &str) -> Rubric {
    let main = format!("import \"shared/duty.rubric\"\nrubric \"r\" {{\n  {use_line}\n}}\n");
    let loader = MemoryLoader::new().with("shared/duty.rubric", DUTY).with("main.rubric", main);
    let load = rubric::load("main.rubric", &loader);
    assert!(load.report.diagnostics.is_empty(), "{:?}", load.report.diagnostics);
    load.into_rubric().unwrap()
}

fn unit() -> UnitFacts {
    UnitFacts::new("甲").flag("业务完成", true).num("投诉次数", "2").num("办结率", "85%")
}

#[test]
fn arguments_override_the_max_the_deduction_and_a_band_bound() {
    let r = with_use("use 履职(业务开展分值 = 40, 质量扣分 = 4, 达标率 = 80%)");
    assert_eq!(r.node("履职.业务开展").unwrap().max().to_string(), "40");
    let s = r.evaluate(&unit()).unwrap();
    assert_eq!(s.node("履职.业务开展").unwrap().score.to_string(), "40");
    assert_eq!(s.node("履职.服务质量").unwrap().score.to_string(), "2"); // 10 − 2 × 4
    assert_eq!(s.node("履职.办结").unwrap().score.to_string(), "2"); // 85% ≥ 80%
    assert_eq!((s.score.to_string(), s.max.to_string()), ("44".to_string(), "52".to_string()));
    // The used block's title shows the arguments given.
    assert_eq!(&*s.children[0].title, "履行职责（业务开展分值 = 40，质量扣分 = 4，达标率 = 80%）");
}

#[test]
fn omitted_parameters_take_their_defaults() {
    let r = with_use("use 履职(质量扣分 = 2.5)");
    let s = r.evaluate(&unit()).unwrap();
    assert_eq!(s.node("履职.业务开展").unwrap().max.to_string(), "50");
    assert_eq!(s.node("履职.服务质量").unwrap().score.to_string(), "5"); // 10 − 2 × 2.5
    assert_eq!(s.node("履职.办结").unwrap().score.to_string(), "0"); // 85% < 90%
    assert_eq!(&*s.children[0].title, "履行职责（质量扣分 = 2.5）");
    let plain = with_use("use 履职");
    assert_eq!(&*plain.evaluate(&unit()).unwrap().children[0].title, "履行职责");
}

#[test]
fn templates_of_a_rubric_with_periods_have_one_record_per_period() {
    let r = load(WEIGHTED);
    let csv = rubric::template_csv(&r, &["甲".to_string()]);
    let units = from_csv(&csv).unwrap();
    let got: Vec<(String, Option<String>, usize)> =
        units.iter().map(|u| (u.unit.clone(), u.period.clone(), u.values.len())).collect();
    assert_eq!(got, [("甲".into(), Some("平时".into()), 2), ("甲".into(), Some("年底".into()), 2)]);
    let json = rubric::template_json(&r, &["甲".to_string()]);
    let units = rubric::facts::from_json(&json).unwrap();
    // 平时 reads only 投诉次数; 年底 reads 投诉次数 and 创新.
    let got: Vec<(Option<String>, usize)> = units.iter().map(|u| (u.period.clone(), u.values.len())).collect();
    assert_eq!(got, [(Some("平时".into()), 1), (Some("年底".into()), 2)]);
}

#[test]
fn a_period_block_overrides_a_fact_given_for_every_period() {
    let text = format!(
        "{WEIGHTED}\n{}",
        r#"test "共同事实，年底另给投诉次数" {
  given 投诉次数 = 1, 创新 = false
  period 年底 {
    given 投诉次数 = 0
  }
  expect 一 = 48
  expect total = 48
}"#
    );
    // 一: 平时 45 (one complaint), 年底 50: 40% × 45 + 60% × 50 = 18 + 30 = 48; 二 is 0.
    let out = load(&text).run_tests();
    assert!(out[0].passed(), "{:?}", out[0]);
}
