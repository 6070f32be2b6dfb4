//! Exact values of every scoring form at its edges, through one `check(rules, facts, expect)` helper.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric::{MemoryLoader, Raw, UnitFacts};

/// Scores `facts` against `rules` and compares the total (or the error code) with `expect`.
fn check(rules: &str, facts: &[(&str, &str)], expect: &str) {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", rules));
    let rubric = load.rubric().cloned().unwrap_or_else(|| panic!("rules do not check: {:?}", load.report));
    let mut unit = UnitFacts::new("单位");
    for (k, v) in facts {
        let raw = match *v {
            "true" | "false" => Raw::Bool(*v == "true"),
            v if v.ends_with('%') || v.contains('-') && v.len() == 10 => Raw::Text(v.into()),
            v => Raw::Number(v.into()),
        };
        unit = unit.with(*k, raw);
    }
    let got = match rubric.evaluate(&unit) {
        Ok(s) => s.score.normalize().to_string(),
        Err(e) => format!("error: {}", miette::Diagnostic::code(&e).map(|c| c.to_string()).unwrap_or_default()),
    };
    assert_eq!(got, expect, "facts {facts:?}");
}

const BAND: &str = r#"rubric "r" {
  fact 核查完成数: count
  fact 应核查数: count
  let 核查完成率 = 核查完成数 / 应核查数
  item 六.2.4 "核查" max 2 {
    band 核查完成率 { [0, 50%) => 0  [50%, 65%] => 1  (65%, 90%] => 1.5  (90%, ..) => 2 }
  }
}"#;

#[test]
fn band_edges_follow_the_documents_inclusive_and_exclusive_bounds() {
    let cases = [
        ("0", "0"),
        ("499999", "0"),   // 49.9999%
        ("500000", "1"),   // exactly 50%: 50%至65% includes 50%
        ("650000", "1"),   // exactly 65% (包含65%)
        ("650001", "1.5"), // 65.0001%
        ("900000", "1.5"), // exactly 90% (包含90%)
        ("900001", "2"),   // 90.0001%: 90%以上
        ("1000000", "2"),
    ];
    for (done, expect) in cases {
        check(BAND, &[("核查完成数", done), ("应核查数", "1000000")], expect);
    }
}

#[test]
fn a_zero_denominator_is_an_error_unless_the_file_states_a_policy() {
    check(BAND, &[("核查完成数", "0"), ("应核查数", "0")], "error: rubric::zero-denominator");
    let with_policy = BAND.replace("应核查数\n", "应核查数 on zero => 100%\n");
    check(&with_policy, &[("核查完成数", "0"), ("应核查数", "0")], "2");
}

#[test]
fn per_person_deduction_with_zeroing_at_three() {
    let rules = r#"rubric "r" {
      fact 未享受优待子女数: count
      item 六.1.4 "子女入学入托优待" max 1 {
        deduct 0.5 per 未享受优待子女数
        zero when 未享受优待子女数 >= 3
      }
    }"#;
    for (n, expect) in [("0", "1"), ("1", "0.5"), ("2", "0"), ("3", "0"), ("4", "0")] {
        check(rules, &[("未享受优待子女数", n)], expect);
    }
}

#[test]
fn late_months_cost_a_tenth_each_and_six_cost_the_point() {
    let rules = r#"rubric "r" {
      fact 逾期发放次数: count
      fact 低于国家标准: bool
      item 六.2.2 "抚恤补助资金" max 1 {
        deduct 0.5 when 低于国家标准
        deduct 0.1 per 逾期发放次数 when 逾期发放次数 < 6
        deduct 1 when 逾期发放次数 >= 6
      }
    }"#;
    for (n, expect) in [("0", "1"), ("1", "0.9"), ("5", "0.5"), ("6", "0"), ("12", "0")] {
        check(rules, &[("逾期发放次数", n), ("低于国家标准", "false")], expect);
    }
    // Deductions that would push below zero stop at the floor of 0 (扣完为止).
    check(rules, &[("逾期发放次数", "5"), ("低于国家标准", "true")], "0");
    check(rules, &[("逾期发放次数", "4"), ("低于国家标准", "true")], "0.1");
}

#[test]
fn tenths_add_up_exactly() {
    let rules = r#"rubric "r" {
      fact 次数: count
      item 一 "行" max 1 { score 0.1 * 次数 }
    }"#;
    check(rules, &[("次数", "3")], "0.3");
    let parts = r#"rubric "r" {
      fact a: bool
      fact b: bool
      fact c: bool
      item 一 "行" max 1 { award 0.1 when a  award 0.1 when b  award 0.1 when c }
    }"#;
    check(parts, &[("a", "true"), ("b", "true"), ("c", "true")], "0.3");
}

#[test]
fn rounding_is_half_up_by_default_and_only_where_declared() {
    let rules = |round: &str| {
        format!(
            r#"rubric "r" {{
              fact x: number
              item 一 "行" max 10 {{ score x {round} }}
            }}"#
        )
    };
    check(&rules("round 2"), &[("x", "2.345")], "2.35");
    check(&rules("round 0"), &[("x", "2.5")], "3");
    check(&rules("round 0 half_even"), &[("x", "2.5")], "2");
    check(&rules("round 2 去尾"), &[("x", "2.349")], "2.34");
    check(&rules("round 0 进一"), &[("x", "2.1")], "3");
    check(&rules(""), &[("x", "2.345")], "2.345");
}

#[test]
fn sum_of_parts_with_a_condition_that_zeroes_the_item() {
    let rules = r#"rubric "r" {
      fact 录入: bool
      fact 计划: bool
      fact 落实: bool
      item 三.2 "常态化联系" max 1 {
        award 0.5 when 录入
        award 0.5 when 计划
        zero when not 落实 "未按要求落实，分数全部扣除"
      }
    }"#;
    check(rules, &[("录入", "true"), ("计划", "false"), ("落实", "true")], "0.5");
    check(rules, &[("录入", "true"), ("计划", "true"), ("落实", "false")], "0");
}

#[test]
fn proportional_scoring_and_caps() {
    let rules = r#"rubric "r" {
      fact 完成率: percent in [0%, 200%]
      item 一 "行" max 4 { score 4 * 完成率 }
    }"#;
    check(rules, &[("完成率", "87.5%")], "3.5");
    check(rules, &[("完成率", "150%")], "4"); // capped at the item's max
    // Over the max only where the file says so, on the item and on every node above it.
    let item_only = rules.replace("score 4 * 完成率", "score 4 * 完成率\n cap none");
    check(&item_only, &[("完成率", "150%")], "4");
    let uncapped = item_only.replace("in [0%, 200%]", "in [0%, 200%]\n cap none");
    check(&uncapped, &[("完成率", "150%")], "6");
}

#[test]
fn negative_scores_only_where_the_file_allows_them() {
    // The row says 可倒扣 once; its negative score reaches the total through every parent.
    let item_only = r#"rubric "r" {
      fact 次数: count
      section 甲 "部分" {
        item 一 "行" max 1 { deduct 1 per 次数 floor -2 }
        item 二 "行" max 1 { award 1 when 次数 < 5 }
      }
    }"#;
    check(item_only, &[("次数", "2")], "0"); // −1 + 1
    check(item_only, &[("次数", "3")], "-1"); // −2 + 1
    check(item_only, &[("次数", "9")], "-2"); // −2 + 0
    // A parent that states its floor keeps it.
    let stated = item_only.replace("section 甲 \"部分\" {", "section 甲 \"部分\" {\n floor 0");
    check(&stated, &[("次数", "9")], "0");
    let none = item_only.replace("fact 次数: count", "fact 次数: count\n floor none");
    check(&none, &[("次数", "9")], "-2");
    // Without a row that may go below 0, a part's own deductions stop at 0 (扣完为止), and
    // with one, at the lower of 0 and its rows' sum.
    let own = r#"rubric "r" {
      fact 次数: count
      fact 通报: count
      section 甲 "部分" {
        deduct 1 per 通报
        item 一 "行" max 1 { deduct 1 per 次数 floor -2 }
        item 二 "行" max 1 { award 1 when true }
      }
    }"#;
    check(own, &[("次数", "0"), ("通报", "5")], "0");
    check(own, &[("次数", "3"), ("通报", "5")], "-1");
    let plain = own.replace(" floor -2", "");
    check(&plain, &[("次数", "3"), ("通报", "5")], "0");
}

#[test]
fn bonus_is_added_outside_the_cap_and_limited_by_its_own_cap() {
    let rules = r#"rubric "r" max 2 {
      fact 获奖: count
      bonus 0.5 per 获奖
      bonus_cap 1
      item 一 "行" max 2 { award 2 when true }
    }"#;
    check(rules, &[("获奖", "1")], "2.5");
    check(rules, &[("获奖", "5")], "3");
}

#[test]
fn veto_zeroes_the_whole_rubric() {
    let rules = r#"rubric "r" max 2 {
      fact 重大事故: bool
      veto when 重大事故 "一票否决"
      item 一 "行" max 2 { award 2 when true }
    }"#;
    check(rules, &[("重大事故", "false")], "2");
    check(rules, &[("重大事故", "true")], "0");
}

#[test]
fn assessor_judged_points_must_lie_within_the_item() {
    let rules = r#"rubric "r" {
      fact 重点任务: points
      item 一 "重点任务" max 3 { judged 重点任务 }
    }"#;
    check(rules, &[("重点任务", "2.5")], "2.5");
    check(rules, &[("重点任务", "3.5")], "error: rubric::judged-range");
}

#[test]
fn missing_and_bad_facts_are_reported_together() {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", BAND));
    let r = load.into_rubric().unwrap();
    let unit =
        UnitFacts::new("甲").with("核查完成数", Raw::Number("1.5".into())).with("应核査数", Raw::Number("2".into()));
    let err = r.evaluate(&unit).unwrap_err().to_string();
    assert_eq!(err, "unit `甲`: 3 problems with its facts");
    let rubric::EvalError::Facts(rubric::FactsError::Unit(rubric::errors::UnitFactsError { problems, .. })) =
        r.evaluate(&unit).unwrap_err()
    else {
        panic!("not a facts error")
    };
    let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "fact `核查完成数`: a count is a whole number of 0 or more, found 1.5",
            "unknown fact `应核査数`; did you mean `应核查数`?",
            "missing fact `应核查数`, needed by `核查完成率`, item `六.2.4`",
        ]
    );
}

#[test]
fn percent_facts_need_their_percent_sign_and_stay_in_range() {
    let rules = r#"rubric "r" {
      fact 完成率: percent
      item 一 "行" max 2 { band 完成率 { [0, 90%] => 1  (90%, 100%] => 2 } }
    }"#;
    check(rules, &[("完成率", "90%")], "1");
    check(rules, &[("完成率", "90.5%")], "2");
    check(rules, &[("完成率", "0")], "1");
    // A bare number is 0.9% to one clerk and 90% to another: refused, never guessed.
    check(rules, &[("完成率", "0.9")], "error: rubric::facts");
    check(rules, &[("完成率", "87.5")], "error: rubric::facts");
    check(rules, &[("完成率", "150%")], "error: rubric::facts");
    // With an open range, `10` was read as 1000% without a word.
    let open = r#"rubric "r" {
      fact 完成率: percent in [0, ..)
      item 一 "行" max 2 { band 完成率 { [0, 100%] => 1  (100%, ..) => 2 } }
    }"#;
    check(open, &[("完成率", "10%")], "1");
    check(open, &[("完成率", "10")], "error: rubric::facts");
    check(open, &[("完成率", "1.2")], "error: rubric::facts");
}

#[test]
fn a_negative_quantity_is_an_error_not_points_given() {
    // The issue's row: a surplus of 2 deducted −2 and cancelled the other deduction (3 − (−2) − 2
    // = 3 instead of 1).
    let rules = r#"rubric "r" {
      fact 要求次数: count
      fact 实际次数: count
      fact 通报: bool
      item 一 "演练" max 3 {
        deduct 1 per 要求次数 - 实际次数 "每少一次扣1分"
        deduct 2 when 通报
      }
    }"#;
    fn facts(done: &str) -> [(&str, &str); 3] {
        [("要求次数", "3"), ("实际次数", done), ("通报", "true")]
    }
    check(rules, &facts("2"), "0");
    check(rules, &facts("3"), "1");
    check(rules, &facts("5"), "error: rubric::negative-quantity");
    // Only a line that applies: with its condition false, the quantity does not matter.
    let when = rules.replace("- 实际次数 \"每少一次扣1分\"", "- 实际次数 when not 通报");
    check(&when, &facts("5"), "1");
    // Bonus and award lines have the same hole.
    let bonus = r#"rubric "r" {
      fact 报道篇数: number
      item 一 "宣传" max 2 { award 1 per 报道篇数 max 2  bonus 0.5 per 报道篇数 - 1 max 1 }
    }"#;
    check(bonus, &[("报道篇数", "2")], "2.5");
    check(bonus, &[("报道篇数", "0.5")], "error: rubric::negative-quantity");
    check(bonus, &[("报道篇数", "-1")], "error: rubric::negative-quantity");
    // The guard the warning suggests.
    let guarded = rules.replace("per 要求次数 - 实际次数", "per max(要求次数 - 实际次数, 0)");
    check(&guarded, &facts("5"), "1");
}
