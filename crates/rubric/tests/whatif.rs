//! What-if suggestions, exactly: the smallest change of each fact that raises a row, derived from
//! the rules, with the points the row and the total gain.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric::analysis::whatif::{Target, WhatIf, whatif};
use rubric::{MemoryLoader, Raw, UnitFacts};

fn run(rules: &str, facts: &[(&str, &str)]) -> WhatIf {
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
    let score = rubric.evaluate(&unit).unwrap();
    whatif(&rubric, &unit, &score).unwrap()
}

/// Each suggestion on one line: `row fact now→to (change) row a→b total +g`.
fn lines(w: &WhatIf) -> Vec<String> {
    w.suggestions
        .iter()
        .map(|s| {
            let to = match &s.to {
                Target::Exactly(v) => v.clone(),
                Target::Above(v) => format!(">{v}"),
                Target::Below(v) => format!("<{v}"),
            };
            format!(
                "{} {} {}→{} ({}) row {}→{} total +{}",
                s.node, s.fact, s.now, to, s.change, s.row_before, s.row_after, s.total_gain
            )
        })
        .collect()
}

const RATE: &str = r#"rubric "r" {
  fact 核查完成数: count
  fact 应核查数: count
  let 核查完成率 = 核查完成数 / 应核查数 on zero => 100%
  item 六.2.4 "核查" max 2 {
    band 核查完成率 { [0, 50%) => 0  [50%, 65%] => 1  (65%, 90%] => 1.5  (90%, ..) => 2 }
  }
}"#;

#[test]
fn a_rate_band_is_reached_through_the_numerator_at_the_next_whole_count() {
    // 130 / 200 = 65% is in [50%, 65%]; (65%, 90%] needs more than 130 done: 131.
    // Fewer to check also raises the rate: 130 / 199 > 65%.
    let w = run(RATE, &[("核查完成数", "130"), ("应核查数", "200")]);
    assert_eq!(
        lines(&w),
        ["六.2.4 核查完成数 130→131 (+1) row 1→1.5 total +0.5", "六.2.4 应核查数 200→199 (−1) row 1→1.5 total +0.5",]
    );
    let s = &w.suggestions[0];
    assert_eq!(s.rules[0].rule, "(65%, 90%] => 1.5");
    assert_eq!(s.rules[0].change, "核查完成率 65% → 65.5%，进入 (65%, 90%]");
    assert!(w.not_derived.is_empty(), "{:?}", w.not_derived);
}

#[test]
fn a_closed_bound_of_a_rate_is_reached_exactly() {
    // 99 / 200 = 49.5%; [50%, 65%] includes 50%: 100 done is enough, and 198 to check is not
    // (99 / 198 = 50%): that is exactly enough too.
    let w = run(RATE, &[("核查完成数", "99"), ("应核查数", "200")]);
    assert_eq!(
        lines(&w),
        ["六.2.4 核查完成数 99→100 (+1) row 0→1 total +1", "六.2.4 应核查数 200→198 (−2) row 0→1 total +1",]
    );
}

const PERCENT: &str = r#"rubric "r" {
  fact 完成率: percent
  item 一 "完成率" max 2 {
    band 完成率 { [0, 50%) => 0  [50%, 65%] => 1  (65%, 90%] => 1.5  (90%, ..) => 2 }
  }
  item 二 "达标率" max 1 {
    band 完成率 { [0, 90%) => 0  [90%, ..) => 1 }
  }
}"#;

#[test]
fn a_percent_at_an_open_edge_has_a_strict_bound_and_just_above_it_no_suggestion() {
    // Exactly 90% is in (65%, 90%]: any value above 90% gives 2; there is no least one.
    let w = run(PERCENT, &[("完成率", "90%")]);
    assert_eq!(lines(&w), ["一 完成率 90%→>90% (高于现值即可) row 1.5→2 total +0.5"]);
    assert_eq!(w.suggestions[0].scored_with, "90.01%");
    // 90.01% is in (90%, ..): both rows are at their max, nothing to suggest.
    let w = run(PERCENT, &[("完成率", "90.01%")]);
    assert!(w.suggestions.is_empty() && w.not_derived.is_empty(), "{w:?}");
}

#[test]
fn a_percent_below_a_closed_edge_is_raised_to_it_exactly() {
    // 89.5%: row 二 needs [90%, ..) — exactly 90%, which also keeps row 一 at 1.5.
    let w = run(PERCENT, &[("完成率", "89.5%")]);
    assert_eq!(
        lines(&w),
        [
            "一 完成率 89.5%→>90% (+0.5个百分点以上) row 1.5→2 total +1.5",
            "二 完成率 89.5%→90% (+0.5个百分点) row 0→1 total +1",
        ]
    );
}

const DEDUCT: &str = r#"rubric "r" {
  fact 逾期次数: count
  fact 不合格件数: count
  item 一 "每次扣分" max 2 {
    deduct 0.5 per 逾期次数 "每次扣0.5分"
  }
  item 二 "最多扣1.5分" max 2 {
    deduct 0.5 per 不合格件数 max 1.5 "每件扣0.5分，最多扣1.5分"
  }
}"#;

#[test]
fn per_incident_deductions_with_and_without_a_limit() {
    // 一: 2 − 0.5 × 3 = 0.5; one incident fewer gives 1.
    // 二: 10 incidents take the whole 1.5; the count must fall until 0.5 × N < 1.5: N = 2.
    let w = run(DEDUCT, &[("逾期次数", "3"), ("不合格件数", "10")]);
    assert_eq!(
        lines(&w),
        ["一 逾期次数 3→2 (−1) row 0.5→1 total +0.5", "二 不合格件数 10→2 (−8) row 0.5→1 total +0.5"]
    );
    assert_eq!(w.suggestions[1].rules[0].rule, "deduct 0.5 per 不合格件数 max 1.5 \"每件扣0.5分，最多扣1.5分\"");
    assert_eq!(w.suggestions[1].rules[0].change, "扣 1.5 → 1 分");
}

#[test]
fn a_deduction_below_the_floor_must_shrink_until_it_leaves_the_floor() {
    // 2 − 0.5 × 6 = −1 → 0 (扣完为止); 5 incidents still give 0, 3 give 0.5.
    let w = run(DEDUCT, &[("逾期次数", "6"), ("不合格件数", "0")]);
    assert_eq!(lines(&w), ["一 逾期次数 6→3 (−3) row 0→0.5 total +0.5"]);
}

const ZERO: &str = r#"rubric "r" {
  fact 未享受优待子女数: count
  fact 越级上访次数: count
  item 六.1.4 "子女入学入托优待" max 1 {
    deduct 0.5 per 未享受优待子女数 "1名未享受优待扣除0.5分"
    zero when 未享受优待子女数 >= 3 "3名及以上未享受优待本项不得分"
  }
  item 二 "不发生越级上访" max 1 {
    zero when 越级上访次数 >= 2 "2次及以上不得分"
  }
}"#;

#[test]
fn a_zero_when_threshold_gives_its_boundary_unless_a_deduction_still_takes_everything() {
    // 二: zeroed from 2 on: 1 is the boundary. 六.1.4: below 3 the deduction of 0.5 × 2 still
    // takes the whole point, so the first count that gains is 1.
    let w = run(ZERO, &[("未享受优待子女数", "3"), ("越级上访次数", "4")]);
    assert_eq!(
        lines(&w),
        ["二 越级上访次数 4→1 (−3) row 0→1 total +1", "六.1.4 未享受优待子女数 3→1 (−2) row 0→0.5 total +0.5",]
    );
    let changes: Vec<&str> = w.suggestions[1].rules.iter().map(|r| r.change.as_str()).collect();
    assert_eq!(changes, ["扣 1.5 → 0.5 分", "解除「本项不得分」"]);
}

const FLAGS: &str = r#"rubric "r" {
  fact 按时上报: bool
  fact 发生越级上访: bool
  fact 完成日期: date
  item 一 "按时上报" max 1 {
    award 1 when 按时上报
  }
  item 二 "不发生越级上访" max 1.5 {
    award 1.5 when not 发生越级上访
  }
  item 三 "按期完成" max 3 {
    award 3 when 完成日期 <= 2024-07-31
  }
}"#;

#[test]
fn yes_no_facts_flip_and_dates_move_to_the_deadline() {
    let w = run(FLAGS, &[("按时上报", "false"), ("发生越级上访", "true"), ("完成日期", "2024-08-15")]);
    assert_eq!(
        lines(&w),
        [
            "三 完成日期 2024-08-15→2024-07-31 (提前 15 天) row 0→3 total +3",
            "二 发生越级上访 是→否 (是→否) row 0→1.5 total +1.5",
            "一 按时上报 否→是 (否→是) row 0→1 total +1",
        ]
    );
}

#[test]
fn a_row_at_its_max_has_no_suggestions() {
    let w = run(FLAGS, &[("按时上报", "true"), ("发生越级上访", "false"), ("完成日期", "2024-07-31")]);
    assert!(w.suggestions.is_empty() && w.not_derived.is_empty(), "{w:?}");
}

const CAPPED: &str = r#"rubric "r" {
  fact 篇数: count
  fact 按时上报: bool
  section 一 "信息报送（本项最高3分）" max 3 {
    cap 3
    item 一.1 "经验做法类" max 2 {
      award 0.5 per 篇数 max 2
    }
    item 一.2 "按时上报" max 2 {
      award 2 when 按时上报
    }
  }
}"#;

#[test]
fn a_parents_cap_limits_what_the_total_gains() {
    // 一.1 has 1 of 2; one more report gives it 1.5, but 一 is already at its cap of 3.
    let w = run(CAPPED, &[("篇数", "2"), ("按时上报", "true")]);
    assert_eq!(lines(&w), ["一.1 篇数 2→3 (+1) row 1→1.5 total +0"]);
    // Without the second row the section has room: the total gains what the row gains.
    let w = run(CAPPED, &[("篇数", "2"), ("按时上报", "false")]);
    assert_eq!(lines(&w), ["一.2 按时上报 否→是 (否→是) row 0→2 total +2", "一.1 篇数 2→3 (+1) row 1→1.5 total +0.5"]);
}

#[test]
fn a_value_the_score_follows_continuously_is_reported_as_not_derived() {
    let rules = r#"rubric "r" {
  fact 评分: points
  item 一 "评委评分" max 2 {
    judged 评分
  }
}"#;
    let w = run(rules, &[("评分", "1.5")]);
    assert!(w.suggestions.is_empty());
    assert_eq!(w.not_derived.len(), 1);
    assert_eq!(w.not_derived[0].reason, "得分随该事实连续变化，没有最小的改变量");
}

#[test]
fn a_rounded_row_needs_the_value_that_rounds_up() {
    // 0.2 × 完成数 rounded to whole points, half up: 6 done gives 1.2 → 1; 1.5 → 2 needs 8.
    let rules = r#"rubric "r" {
  fact 完成数: count
  item 一 "按比例" max 2 {
    score 0.2 * 完成数
    round 0
  }
}"#;
    let w = run(rules, &[("完成数", "6")]);
    assert_eq!(lines(&w), ["一 完成数 6→8 (+2) row 1→2 total +1"]);
}

#[test]
fn under_a_veto_of_the_whole_assessment_only_the_vetos_facts_are_looked_at() {
    let rules = r#"rubric "一票否决示例" {
  fact 领导小组会议次数: count
  fact 重大安全事故起数: count
  section 一 "领导小组" {
    item 一.1 "领导小组会议" max 3 {
      award 3 when 领导小组会议次数 >= 2
    }
  }
  veto when 重大安全事故起数 >= 1 "发生重大安全责任事故的，实行一票否决"
}"#;
    // The veto holds from 1 on: 0 lifts it, and the total is then the rows' 3.
    let w = run(rules, &[("领导小组会议次数", "2"), ("重大安全事故起数", "2")]);
    assert!(w.vetoed);
    assert_eq!(lines(&w), [" 重大安全事故起数 2→0 (−2) row 0→3 total +3"]);
    // Lifting the veto is reported even when the rows then score nothing.
    let w = run(rules, &[("领导小组会议次数", "1"), ("重大安全事故起数", "1")]);
    assert_eq!(lines(&w), [" 重大安全事故起数 1→0 (−1) row 0→0 total +0"]);
}

mod common;

/// The unit with one fact set to a new value.
fn with_fact(unit: &UnitFacts, fact: &str, raw: Raw) -> UnitFacts {
    let mut u = unit.clone();
    for (name, v) in &mut u.values {
        if name == fact {
            *v = raw.clone();
        }
    }
    u
}

/// Checks the derivation by brute force, on every unit of every shipped facts file: for each
/// whole-number or yes/no fact of each row below its max, the suggested value raises the row and
/// no value nearer to the current one does (counts within 60 either way, every day up to the
/// suggested date); a fact with no suggestion raises the row at no such value. The library never
/// searches like this; the test does, to prove the library did not need to.
#[test]
fn on_the_shipped_rules_each_suggestion_is_the_nearest_value_that_raises_its_row() {
    let mut checked = 0;
    for (rules, facts) in [
        ("rules/wushen-2024.rubric", "rules/wushen-2024.facts.json"),
        ("rules/county-2021/cemetery.rubric", "rules/county-2021/cemetery.facts.json"),
        ("rules/county-2021/retired-cadres.rubric", "rules/county-2021/retired-cadres.facts.json"),
    ] {
        let rubric = rubric::load(rules, &common::Fs).into_rubric().unwrap();
        let units = rubric::facts::from_json(&std::fs::read_to_string(common::root().join(facts)).unwrap()).unwrap();
        for unit in &units {
            let score = rubric.evaluate(unit).unwrap();
            let w = whatif(&rubric, unit, &score).unwrap();
            let row = |u: &UnitFacts, id: &str| rubric.evaluate(u).unwrap().node(id).unwrap().score;
            for ns in score.nodes().into_iter().filter(|n| n.kind == rubric::NodeKind::Item && n.score < n.max) {
                let read: Vec<&str> = ns
                    .steps
                    .iter()
                    .flat_map(|s| match s {
                        rubric::Step::Band { facts, .. } | rubric::Step::Score { facts, .. } => facts.iter().collect(),
                        rubric::Step::Award(a) | rubric::Step::Deduct(a) | rubric::Step::Bonus(a) => {
                            a.facts.iter().collect()
                        }
                        rubric::Step::Zero(z) | rubric::Step::Veto(z) => z.facts.iter().collect(),
                        _ => Vec::new(),
                    })
                    .map(|f| &*f.name)
                    .collect();
                for fact in rubric.facts().filter(|f| read.contains(&f.name())) {
                    if w.not_derived.iter().any(|d| *d.node == *ns.id && d.fact == fact.name()) {
                        continue;
                    }
                    let s = w.suggestions.iter().find(|s| *s.node == *ns.id && s.fact == fact.name());
                    // A fact the unit does not choose is never a suggestion, whatever it would raise.
                    if fact.is_given() {
                        assert!(s.is_none(), "{} {}: `given` fact {} suggested", unit.unit, ns.id, fact.name());
                        continue;
                    }
                    let now = unit.values.iter().find(|(n, _)| *n == fact.name()).unwrap().1.clone();
                    match fact.value_ty() {
                        rubric::Ty::Bool => {
                            let Raw::Bool(b) = now else { continue };
                            let flipped = row(&with_fact(unit, fact.name(), Raw::Bool(!b)), &ns.id);
                            assert_eq!(flipped > ns.score, s.is_some(), "{} {} {}", unit.unit, ns.id, fact.name());
                            checked += 1;
                        }
                        rubric::Ty::Count => {
                            let Raw::Number(n) = now else { continue };
                            let n: i64 = n.parse().unwrap();
                            let target: Option<i64> = s.map(|s| match &s.to {
                                Target::Exactly(v) => v.parse().unwrap(),
                                other => panic!("a count has an exact target, not {other:?}"),
                            });
                            let reach = target.map_or(60, |t| (t - n).abs());
                            for d in 1..=reach {
                                for v in [n - d, n + d] {
                                    if v < 0 || (Some(v) == target) {
                                        continue;
                                    }
                                    let r = row(&with_fact(unit, fact.name(), Raw::Number(v.to_string())), &ns.id);
                                    // Nearer values never raise the row; at the same distance only
                                    // the suggested side is required to.
                                    if d < reach || target.is_none() {
                                        assert!(
                                            r <= ns.score,
                                            "{} {} {}={v} raises the row",
                                            unit.unit,
                                            ns.id,
                                            fact.name()
                                        );
                                    }
                                }
                            }
                            if let Some(t) = target {
                                let r = row(&with_fact(unit, fact.name(), Raw::Number(t.to_string())), &ns.id);
                                assert!(r > ns.score, "{} {} {}={t}", unit.unit, ns.id, fact.name());
                            }
                            checked += 1;
                        }
                        rubric::Ty::Date => {
                            let Some(s) = s else { continue };
                            let Target::Exactly(t) = &s.to else { panic!("a date has an exact target") };
                            let (from, to) = (
                                chrono::NaiveDate::parse_from_str(&s.now, "%Y-%m-%d").unwrap(),
                                chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap(),
                            );
                            let step = if to < from { -1 } else { 1 };
                            let mut d = from + chrono::Duration::days(step);
                            while d != to {
                                let r = row(&with_fact(unit, fact.name(), Raw::Text(d.to_string())), &ns.id);
                                assert!(r <= ns.score, "{} {} {d} raises the row", unit.unit, ns.id);
                                d += chrono::Duration::days(step);
                            }
                            checked += 1;
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(checked >= 100, "only {checked} facts checked");
}

#[test]
fn min_max_if_and_sums_are_solved_and_a_square_is_not_derived() {
    // 缺口 = max(应建数 − 已建数, 0): 2 short gives 0.5; none short gives 1 — 已建数 5 → 7,
    // or 应建数 7 → 5. 调整分 = if 重点县 then 已建数 * 2 else 已建数: 已建数 also counts there.
    let rules = r#"rubric "r" {
  fact 应建数: count
  fact 已建数: count
  fact 重点县: bool
  fact 边长: number
  let 缺口 = max(应建数 - 已建数, 0)
  item 一 "建设" max 1 {
    band 缺口 { (.., 0] => 1  (0, 2] => 0.5  (2, ..) => 0 }
  }
  item 二 "调整" max 2 {
    award 2 when min(if 重点县 then 已建数 * 2 else 已建数, 20) >= 16
  }
  item 三 "面积" max 1 {
    award 1 when 边长 * 边长 >= 4
  }
}"#;
    let w = run(rules, &[("应建数", "7"), ("已建数", "5"), ("重点县", "true"), ("边长", "1.5")]);
    assert_eq!(
        lines(&w),
        [
            "二 已建数 5→8 (+3) row 0→2 total +2.5",
            "一 应建数 7→5 (−2) row 0.5→1 total +0.5",
            "一 已建数 5→7 (+2) row 0.5→1 total +0.5",
        ]
    );
    // 重点县 is already 是; 否 would halve the sum: no suggestion. The square is not derived.
    assert_eq!(w.not_derived.len(), 1);
    assert_eq!((w.not_derived[0].node.as_str(), w.not_derived[0].fact.as_str()), ("三", "边长"));
    assert_eq!(w.not_derived[0].reason, "得分与该事实不是线性关系（两个含该事实的量相乘）");
}

mod generated {
    //! Generated rubrics: every suggestion raises its row, and no nearer value does.
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn tenths(n: u32) -> String {
        Decimal::new(i64::from(n), 1).normalize().to_string()
    }

    /// One rule line of an item with the given max (tenths).
    fn rule(max: u32) -> impl Strategy<Value = String> {
        let pts = move |p: u32| tenths(p.min(max));
        prop_oneof![
            (prop::collection::btree_set(1u32..100, 1..4), prop::collection::vec(0u32..60, 4), any::<bool>()).prop_map(
                move |(b, p, rate)| {
                    let subject = if rate { "完成比" } else { "完成率" };
                    let mut arms = Vec::new();
                    let mut lo = "[0".to_string();
                    for (i, x) in b.iter().enumerate() {
                        // Alternate closed and open upper ends.
                        let (hi, next) = if i % 2 == 0 {
                            (format!("{x}%)"), format!("[{x}%"))
                        } else {
                            (format!("{x}%]"), format!("({x}%"))
                        };
                        arms.push(format!("{lo}, {hi} => {}", pts(p[i])));
                        lo = next;
                    }
                    arms.push(format!("{lo}, ..) => {}", pts(p[b.len()])));
                    format!("band {subject} {{ {} }}", arms.join("  "))
                }
            ),
            (1u32..40, 0usize..3, 0u32..6).prop_map(move |(p, k, n)| format!("award {} when 次数{k} >= {n}", pts(p))),
            (1u32..40, 0usize..3).prop_map(move |(p, k)| format!("award {} when 完成{k}", pts(p))),
            (1u32..20, 0usize..3, prop::option::of(1u32..40)).prop_map(|(p, k, m)| format!(
                "deduct {} per 次数{k}{}",
                tenths(p),
                m.map(|m| format!(" max {}", tenths(m))).unwrap_or_default()
            )),
            (1u32..30, 0usize..3).prop_map(|(p, k)| format!("deduct {} when not 完成{k}", tenths(p))),
            (0usize..3, 1u32..8).prop_map(|(k, n)| format!("zero when 次数{k} >= {n}")),
        ]
    }

    fn rubric_text() -> impl Strategy<Value = String> {
        let item = (1u32..60).prop_flat_map(|max| (Just(max), prop::collection::vec(rule(max), 0..4)));
        let section = (prop::collection::vec(item, 1..4), prop::option::of(1u32..80));
        prop::collection::vec(section, 1..3).prop_map(|sections| {
            let mut out = String::from(
                "rubric \"生成\" {\n  fact 完成率: percent\n  fact 完成数: count\n  fact 应完成数: count\n  let 完成比 = 完成数 / 应完成数 on zero => 100%\n",
            );
            for k in 0..3 {
                out.push_str(&format!("  fact 次数{k}: count\n  fact 完成{k}: bool\n"));
            }
            for (si, (items, cap)) in sections.iter().enumerate() {
                let sum: u32 = items.iter().map(|(m, _)| m).sum();
                let cap = cap.filter(|c| *c < sum);
                let head = cap.map(|c| format!(" max {}", tenths(c))).unwrap_or_default();
                out.push_str(&format!("  section s{si} \"部分{si}\"{head} {{\n"));
                if let Some(c) = cap {
                    out.push_str(&format!("    cap {}\n", tenths(c)));
                }
                for (ii, (max, rules)) in items.iter().enumerate() {
                    out.push_str(&format!("    item s{si}.{ii} \"行\" max {} {{\n", tenths(*max)));
                    for r in rules {
                        out.push_str(&format!("      {r}\n"));
                    }
                    out.push_str("    }\n");
                }
                out.push_str("  }\n");
            }
            out.push_str("}\n");
            out
        })
    }

    fn facts() -> impl Strategy<Value = Vec<(&'static str, String)>> {
        (0u32..=10000, 0u32..30, 1u32..30, prop::collection::vec(0u32..8, 3), prop::collection::vec(any::<bool>(), 3))
            .prop_map(|(p, done, due, counts, flags)| {
                let mut v = vec![
                    ("完成率", format!("{}%", Decimal::new(i64::from(p), 2).normalize())),
                    ("完成数", done.to_string()),
                    ("应完成数", due.to_string()),
                ];
                for (k, name) in ["次数0", "次数1", "次数2"].into_iter().enumerate() {
                    v.push((name, counts[k].to_string()));
                }
                for (k, name) in ["完成0", "完成1", "完成2"].into_iter().enumerate() {
                    v.push((name, flags[k].to_string()));
                }
                v
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

        #[test]
        fn suggestions_raise_their_row_and_no_nearer_value_does(text in rubric_text(), values in facts()) {
            let load = rubric::load("g.rubric", &MemoryLoader::new().with("g.rubric", &text));
            let Some(rubric) = load.into_rubric() else { return Ok(()) }; // e.g. a band table the checker refuses
            let facts: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let w = run(&text, &facts);
            prop_assert!(w.not_derived.is_empty(), "{:?}\n{text}", w.not_derived);
            let unit = {
                let mut u = UnitFacts::new("单位");
                for (k, v) in &facts {
                    u = u.with(*k, if *v == "true" || *v == "false" { Raw::Bool(*v == "true") } else if v.ends_with('%') { Raw::Text((*v).into()) } else { Raw::Number((*v).into()) });
                }
                u
            };
            let row = |fact: &str, raw: Raw, id: &str| rubric.evaluate(&with_fact(&unit, fact, raw)).unwrap().node(id).unwrap().score;
            for s in &w.suggestions {
                prop_assert!(s.row_after > s.row_before);
                let percent = |v: &str| Decimal::from_str_exact(v.trim_end_matches('%')).unwrap();
                match (s.fact.as_str(), &s.to) {
                    ("完成率", Target::Exactly(t)) => {
                        // One hundredth of a percent nearer to the current value does not raise the row.
                        let (now, t) = (percent(&s.now), percent(t));
                        let nearer = if t > now { t - Decimal::new(1, 2) } else { t + Decimal::new(1, 2) };
                        if nearer != now {
                            prop_assert!(row("完成率", Raw::Text(format!("{nearer}%")), &s.node) <= s.row_before, "{s:?}\n{text}");
                        }
                    }
                    ("完成率", Target::Above(b) | Target::Below(b)) => {
                        // The bound itself does not raise the row; just past it does.
                        prop_assert!(row("完成率", Raw::Text(b.clone()), &s.node) <= s.row_before, "{s:?}\n{text}");
                        prop_assert!(row("完成率", Raw::Text(s.scored_with.clone()), &s.node) > s.row_before);
                    }
                    (_, Target::Exactly(t)) if s.ty == rubric::Ty::Count => {
                        let (now, t): (i64, i64) = (s.now.parse().unwrap(), t.parse().unwrap());
                        for d in 1..(t - now).abs() {
                            for v in [now - d, now + d] {
                                if v >= 0 {
                                    prop_assert!(row(&s.fact, Raw::Number(v.to_string()), &s.node) <= s.row_before, "{} = {v}: {s:?}\n{text}", s.fact);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

// ------------------------------------------------------------------ what a clerk reads (issue 14)

/// `whatif` and `explain`'s hints for the same unit: the rows (or `total`) and facts each names.
fn both(rules: &str, facts: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", rules));
    let rubric = load.rubric().cloned().unwrap_or_else(|| panic!("rules do not check: {:?}", load.report));
    let mut unit = UnitFacts::new("单位");
    for (k, v) in facts {
        unit = unit
            .with(*k, if *v == "true" || *v == "false" { Raw::Bool(*v == "true") } else { Raw::Number((*v).into()) });
    }
    let score = rubric.evaluate(&unit).unwrap();
    let w = whatif(&rubric, &unit, &score).unwrap();
    let name = |n: &str| if n.is_empty() { "total".to_string() } else { n.to_string() };
    let suggested = w.suggestions.iter().map(|s| format!("{} {} +{}", name(&s.node), s.fact, s.total_gain)).collect();
    let hinted = rubric::analysis::explain::hints(&rubric, &unit, &score)
        .unwrap()
        .iter()
        .map(|h| format!("{} {}", name(&h.node), rubric::render::Render::new(rubric::Lang::Zh).hint(h)))
        .collect();
    (suggested, hinted)
}

const GIVEN: &str = r#"rubric "r" {
  fact 重大隐患数: given count "检查发现的重大隐患数"
  fact 督办事项数: given count "上级督办的事项数"
  fact 督办办结数: count
  fact 事故: bool
  fact 通报: given bool "被上级通报"
  let 办结率 = 督办办结数 / 督办事项数 on zero => 100%
  veto when 事故 "发生重大事故的一票否决"
  section 一 "安全" {
    veto when 通报 "被通报的本部分一票否决"
    item 一.1 "隐患" max 10 {
      deduct 2 per 重大隐患数 "每处重大隐患扣2分"
      zero when 重大隐患数 >= 5
    }
    item 一.2 "督办" max 4 {
      band 办结率 { [0, 100%) => 0  [100%, ..) => 4 }
    }
  }
}"#;

#[test]
fn a_given_fact_is_never_suggested_by_whatif_nor_hinted_by_explain() {
    // 重大隐患数 12 → 11 would not raise the row (zeroed until below 5), 5 → 4 would; neither is
    // suggested. 督办事项数 10 → 9 would raise 办结率 to 100%: not suggested, but 办结数 9 → 10 is.
    for hazards in ["12", "3"] {
        let (suggested, hinted) = both(
            GIVEN,
            &[("重大隐患数", hazards), ("督办事项数", "10"), ("督办办结数", "9"), ("事故", "false"), ("通报", "false")],
        );
        assert_eq!(suggested, ["一.2 督办办结数 +4"], "{hazards} hazards");
        assert_eq!(hinted, ["一.2 办结率 90%：达到 100% 可得 4 分（+4）"], "{hazards} hazards");
    }
}

#[test]
fn explain_and_whatif_agree_on_a_veto_the_unit_could_avoid_and_one_it_could_not() {
    // 事故 is the unit's own conduct: both say lifting the veto gives back the 10 points.
    let facts = [("重大隐患数", "0"), ("督办事项数", "2"), ("督办办结数", "2"), ("事故", "true"), ("通报", "false")];
    let (suggested, hinted) = both(GIVEN, &facts);
    assert_eq!(suggested, ["total 事故 +14"]);
    assert_eq!(hinted, ["total 「发生重大事故的一票否决」一票否决；该条件不成立时可得回 14 分"]);
    // 通报 is given: a section vetoed by it is not recoverable, and neither says otherwise.
    let facts = [("重大隐患数", "0"), ("督办事项数", "2"), ("督办办结数", "2"), ("事故", "false"), ("通报", "true")];
    assert_eq!(both(GIVEN, &facts), (Vec::<String>::new(), Vec::<String>::new()));
    // The same section veto on a fact the unit could change: both name it, for the section.
    let (suggested, hinted) = both(&GIVEN.replace("fact 通报: given bool", "fact 通报: bool"), &facts);
    assert_eq!(suggested, ["一 通报 +14"]);
    assert_eq!(hinted, ["一 「被通报的本部分一票否决」一票否决；该条件不成立时可得回 14 分"]);
}
