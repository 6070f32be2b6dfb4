//! Two versions of a rubric compared: rule changes by row and each unit's score under both (`rubric::analysis::diff`).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::analysis::diff::{RowChange, Sign, Status, compare, compare_unit, facts_for};
use rubric::facts::from_json;
use rubric::{MemoryLoader, Rubric, UnitFacts};
use rust_decimal::Decimal;

fn file(path: &str) -> Rubric {
    let load = rubric::load(path, &common::Fs);
    let shown = common::render(&load);
    load.into_rubric().unwrap_or_else(|| panic!("{path} does not check:\n{shown}"))
}

fn text(name: &str, rules: &str) -> Rubric {
    let load = rubric::load(name, &MemoryLoader::new().with(name, rules));
    let shown = common::render(&load);
    load.into_rubric().unwrap_or_else(|| panic!("{name} does not check:\n{shown}"))
}

fn units() -> Vec<UnitFacts> {
    from_json(&std::fs::read_to_string(common::root().join("rules/wushen-2024.facts.json")).unwrap()).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn row<'a>(rows: &'a [RowChange], id: &str) -> &'a RowChange {
    rows.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no row {id}"))
}

fn lines(r: &RowChange) -> Vec<String> {
    r.lines.iter().map(|l| format!("{} {}", l.sign.as_str(), l.text)).collect()
}

#[test]
fn the_2023_and_2024_rule_changes_as_json() {
    let (old, new) = (file("rules/wushen-2023.rubric"), file("rules/wushen-2024.rubric"));
    let diff = compare(&old, &new).unwrap();
    let changed: Vec<&RowChange> = diff.rows.iter().filter(|r| r.status != Status::Unchanged).collect();
    let doc = serde_json::json!({"old": diff.old, "new": diff.new, "rows": changed,
        "root": diff.root, "declarations": diff.declarations, "facts_only_old": diff.facts_only_old, "facts_only_new": diff.facts_only_new});
    insta::assert_snapshot!("wushen_2023_2024_rules", serde_json::to_string_pretty(&doc).unwrap());
}

#[test]
fn the_2023_and_2024_scores_of_the_shipped_units_as_json() {
    let (old, new) = (file("rules/wushen-2023.rubric"), file("rules/wushen-2024.rubric"));
    let diff = compare(&old, &new).unwrap();
    let mut out = Vec::new();
    for u in units() {
        let mut s = compare_unit(&diff, &old, &new, &u).unwrap();
        s.rows.retain(|r| r.old != r.new);
        out.push(s);
    }
    insta::assert_snapshot!("wushen_2023_2024_units", serde_json::to_string_pretty(&out).unwrap());
}

#[test]
fn each_change_of_the_2023_file_is_found_and_classified() {
    let (old, new) = (file("rules/wushen-2023.rubric"), file("rules/wushen-2024.rubric"));
    let diff = compare(&old, &new).unwrap();

    // The moved band edge: two band lines out, two in.
    let r = row(&diff.rows, "六.2.4");
    assert_eq!(r.status, Status::Changed);
    assert_eq!(
        lines(r),
        [
            "- band 核查完成率 [50%, 60%] => 1 \"50%至60%(包含60%)，得1分\"",
            "- band 核查完成率 (60%, 90%] => 1.5 \"60%至90%(包含90%)，得1.5分\"",
            "+ band 核查完成率 [50%, 65%] => 1 \"50%至65%(包含65%)，得1分\"",
            "+ band 核查完成率 (65%, 90%] => 1.5 \"65%至90%(包含90%)，得1.5分\"",
        ]
    );
    assert!(r.rules_changed());

    // The per-case deduction: only the deduct line differs; the comment above it is not a rule.
    let r = row(&diff.rows, "三.4.3.2");
    assert_eq!(
        lines(r),
        [
            "- deduct 0.3 per 信访抽查不合格件数 \"每有1件评价结果为不合格的，扣除0.3分\"",
            "+ deduct 0.5 per 信访抽查不合格件数 \"每有1件评价结果为不合格的，扣除0.5分\"",
        ]
    );

    // Points rebalanced between two rows of 一; the section keeps 10.
    let (a, b) = (row(&diff.rows, "一.1"), row(&diff.rows, "一.5"));
    assert_eq!((a.old_max, a.new_max), (Some(d("2")), Some(d("3"))));
    assert_eq!((b.old_max, b.new_max), (Some(d("3")), Some(d("2"))));
    assert_eq!(row(&diff.rows, "一").old_max, row(&diff.rows, "一").new_max);

    // Added and removed rows.
    let r = row(&diff.rows, "七.2.7");
    assert_eq!((r.status, r.old_max, r.new_max), (Status::Added, None, Some(d("3"))));
    assert_eq!(lines(r), ["+ award 3 when 特色服务站数 >= 2"]);
    let r = row(&diff.rows, "三.4.5");
    assert_eq!((r.status, r.old_max, r.new_max), (Status::Removed, Some(d("1.5")), None));
    assert_eq!(lines(r), ["- award 1.5 when 交办办结率 >= 100%"]);
    // The removed row stands where it stood in 2023: right after 三.4.4.
    let at = |id: &str| diff.rows.iter().position(|r| r.id == id).unwrap();
    assert_eq!(at("三.4.5"), at("三.4.4") + 1);
    assert_eq!(row(&diff.rows, "三.4.4").old_title.as_deref(), Some("督办信访事项办结率"));

    // The owner change is reported at the section that sets it, not at each of its rows.
    let r = row(&diff.rows, "五");
    assert_eq!(r.meta.len(), 1);
    assert_eq!((r.meta[0].field, r.meta[0].old.as_str(), r.meta[0].new.as_str()), ("owner", "王玉", "赵静"));
    assert!(row(&diff.rows, "五.1").meta.is_empty());
    assert_eq!(row(&diff.rows, "五.1").status, Status::Unchanged);
    // The deadline of 五.3: metadata and the date in the rule.
    let r = row(&diff.rows, "五.3");
    assert!(r.meta.iter().any(|m| m.field == "due" && m.old == "2023-08-31" && m.new == "2024-07-31"));
    assert_eq!(
        lines(r),
        ["- award 3 when 补助金发放完成日期 <= 2024-08-31", "+ award 3 when 补助金发放完成日期 <= 2024-07-31"]
    );

    assert!(diff.facts_only_old.is_empty());
    assert_eq!(diff.facts_only_new, ["特色服务站数"]);
    assert_eq!(diff.rows.iter().filter(|r| r.status == Status::Moved).count(), 0);
}

#[test]
fn a_unit_at_63_percent_gets_1_5_in_2023_and_1_in_2024() {
    let (old, new) = (file("rules/wushen-2023.rubric"), file("rules/wushen-2024.rubric"));
    let diff = compare(&old, &new).unwrap();
    let mut unit = units().into_iter().find(|u| u.unit == "乌审旗").unwrap();
    for (name, raw) in &mut unit.values {
        if name == "核查完成数" {
            *raw = rubric::Raw::Number("126".into()); // of 200: 63%
        }
    }
    let s = compare_unit(&diff, &old, &new, &unit).unwrap();
    let r = s.row("六.2.4").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("1.5")), Some(d("1")), d("-0.5")));
    let r = s.row("六").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("14.5")), Some(d("14")), d("-0.5")));
}

#[test]
fn exact_totals_and_row_changes_of_the_shipped_units() {
    let (old, new) = (file("rules/wushen-2023.rubric"), file("rules/wushen-2024.rubric"));
    let diff = compare(&old, &new).unwrap();
    let scored: Vec<_> = units().iter().map(|u| compare_unit(&diff, &old, &new, u).unwrap()).collect();
    let totals: Vec<(&str, String, String, String)> =
        scored.iter().map(|s| (s.unit.as_str(), s.old.to_string(), s.new.to_string(), s.delta.to_string())).collect();
    // The 2024 totals are the hand-computed ones of rules/README.md.
    assert_eq!(
        totals,
        [
            ("乌审旗", "99.2".into(), "99".into(), "-0.2".into()),
            ("鄂托克旗", "87.5".into(), "82.7".into(), "-4.8".into()),
            ("杭锦旗", "89.6".into(), "86.6".into(), "-3.0".into()),
            ("准格尔旗", "80.5".into(), "83.5".into(), "3.0".into()),
            ("达拉特旗", "58.7".into(), "58.3".into(), "-0.4".into()),
        ]
    );
    let e = &scored[1]; // 鄂托克旗
    // 65% of 核查: 1.5 under the 60% edge, 1 under the 65% edge.
    let r = e.row("六.2.4").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("1.5")), Some(d("1")), d("-0.5")));
    // 4 failed cases: 1.5 − 4 × 0.3 = 0.3 in 2023; 1.5 − 4 × 0.5 floors at 0 in 2024.
    let r = e.row("三.4.3.2").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("0.3")), Some(d("0")), d("-0.3")));
    // Paid 2024-08-15: before the end of August, after the end of July.
    let r = e.row("五.3").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("3")), Some(d("0")), d("-3")));
    // A row only one version has counts as 0 in the other.
    let r = e.row("七.2.7").unwrap();
    assert_eq!((r.old, r.new, r.delta), (None, Some(d("3")), d("3")));
    let r = e.row("三.4.5").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("1.5")), None, d("-1.5")));
    // Unchanged rules and facts: no change.
    let r = e.row("六.2.2").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("0.2")), Some(d("0.2")), d("0")));
}

#[test]
fn identical_rubrics_give_no_changes() {
    let (a, b) = (file("rules/wushen-2024.rubric"), file("rules/wushen-2024.rubric"));
    let diff = compare(&a, &b).unwrap();
    assert!(diff.rows.iter().all(|r| r.status == Status::Unchanged && r.lines.is_empty() && r.meta.is_empty()));
    assert_eq!(diff.rows.len(), a.nodes().count() - 1);
    assert!(diff.facts_only_old.is_empty() && diff.facts_only_new.is_empty());
    for u in units() {
        let s = compare_unit(&diff, &a, &b, &u).unwrap();
        assert!(s.delta.is_zero());
        assert!(s.rows.iter().all(|r| r.delta.is_zero() && r.old == r.new));
    }
}

#[test]
fn added_removed_and_moved_rows_in_a_small_rubric() {
    let old = text(
        "old.rubric",
        r#"rubric "r" max 4 {
  fact 甲: bool "甲"
  fact 乙: count "乙"
  section 一 "一" {
    item 一.1 "会议" max 2 { award 2 when 甲  band 乙 { [0, 1) => 0 [1, ..) => 0 } }
    item 一.2 "报送" max 1 { deduct 0.5 per 乙 }
  }
  section 二 "二" {
    item 二.1 "旧行" max 1 { award 1 when 甲 }
  }
}"#,
    );
    let new = text(
        "new.rubric",
        r#"rubric "r" max 4 {
  fact 甲: bool "甲"
  fact 乙: count "乙"
  fact 丙: bool "丙"
  section 一 "一" {
    item 一.1 "会议" max 2 {
      award 2   when 甲   // same rule, other spacing and a comment
      band 乙 { [0,1)=>0  [1, ..) => 0 }
    }
  }
  section 二 "二" {
    item 一.2 "报送" max 1 { deduct 0.5 per 乙 }
    item 二.2 "新行" max 1 { award 1 when 丙 }
  }
}"#,
    );
    let diff = compare(&old, &new).unwrap();
    let got: Vec<(&str, Status)> = diff.rows.iter().map(|r| (r.id.as_str(), r.status)).collect();
    assert_eq!(
        got,
        [
            ("一", Status::Changed),
            ("一.1", Status::Unchanged),
            ("二", Status::Changed),
            ("二.1", Status::Removed),
            ("一.2", Status::Moved),
            ("二.2", Status::Added),
        ]
    );
    assert_eq!(row(&diff.rows, "一.2").moved, Some(("一".to_string(), "二".to_string())));
    assert!(row(&diff.rows, "一.2").lines.is_empty());
    assert_eq!(row(&diff.rows, "二.2").lines[0].sign, Sign::New);
    assert_eq!((row(&diff.rows, "一").old_max, row(&diff.rows, "一").new_max), (Some(d("3")), Some(d("2"))));
    assert_eq!(diff.facts_only_new, ["丙"]);

    // One facts file for both: 丙 is left out for the old version, which does not declare it.
    let unit = UnitFacts::new("甲单位").flag("甲", true).num("乙", "1").flag("丙", true);
    let (for_old, left_out) = facts_for(&old, &new, &unit);
    assert_eq!(left_out, ["丙"]);
    assert_eq!(for_old.values.len(), 2);
    let s = compare_unit(&diff, &old, &new, &unit).unwrap();
    assert_eq!((s.old, s.new, s.delta), (d("3.5"), d("3.5"), d("0")));
    let r = s.row("二.2").unwrap();
    assert_eq!((r.old, r.new, r.delta), (None, Some(d("1")), d("1")));
    let r = s.row("二.1").unwrap();
    assert_eq!((r.old, r.new, r.delta), (Some(d("1")), None, d("-1")));

    // A fact neither version declares is still an error, reported for the old version first.
    let unit = UnitFacts::new("乙单位").flag("甲", true).num("乙", "0").flag("丁", true);
    let e = compare_unit(&diff, &old, &new, &unit).unwrap_err();
    assert_eq!(e.side, rubric::analysis::diff::Side::Old);
    assert!(e.error.to_string().contains("乙单位"), "{}", e.error);
}

#[test]
fn a_changed_derived_value_and_a_rubric_wide_veto_are_listed_apart_from_the_rows() {
    let old = text(
        "old.rubric",
        r#"rubric "r" max 2 {
  fact 完成数: count "完成数"
  fact 应完成数: count "应完成数"
  fact 违纪: bool "违纪"
  let 完成率 = 完成数 / 应完成数 on zero => 100%
  item 一 "完成率" max 2 {
    band 完成率 { [0, 50%) => 0  [50%, ..) => 2 }
  }
}"#,
    );
    let new = text(
        "new.rubric",
        r#"rubric "r" max 2 {
  fact 完成数: count "完成数"
  fact 应完成数: count "应完成数"
  fact 违纪: bool "违纪"
  let 完成率 = 完成数 / 应完成数 on zero => 0%
  item 一 "完成率" max 2 {
    band 完成率 { [0, 50%) => 0  [50%, ..) => 2 }
  }
  veto when 违纪 "一票否决"
}"#,
    );
    let diff = compare(&old, &new).unwrap();
    assert_eq!(row(&diff.rows, "一").status, Status::Unchanged);
    let shown: Vec<String> = diff.declarations.iter().map(|l| format!("{} {}", l.sign.as_str(), l.text)).collect();
    assert_eq!(
        shown,
        ["- let 完成率 = 完成数 / 应完成数 on zero => 100%", "+ let 完成率 = 完成数 / 应完成数 on zero => 0%"]
    );
    let root: Vec<String> = diff.root.iter().map(|l| format!("{} {}", l.sign.as_str(), l.text)).collect();
    assert_eq!(root, ["+ veto when 违纪 \"一票否决\""]);
    // 0/0: 100% (2 points) under the old definition, 0% (0 points) under the new one.
    let unit = UnitFacts::new("甲").num("完成数", "0").num("应完成数", "0").flag("违纪", false);
    let s = compare_unit(&diff, &old, &new, &unit).unwrap();
    assert_eq!((s.old, s.new, s.delta), (d("2"), d("0"), d("-2")));
}
