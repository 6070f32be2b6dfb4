//! Not applicable (不适用): optional facts read from JSON, CSV and TOML, a fact that is not
//! optional given 不适用, an empty cell that is never 不适用, and the explained breakdown.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)] // test code

use rubric::facts::from_json;
use rubric::{MemoryLoader, Rubric, UnitFacts, from_csv, from_toml};

const RULES: &str = r#"rubric "不适用" {
  fact 企业数: optional count "辖区企业数（无则填不适用）"
  fact 检查数: count "检查数"
  fact 问题数: count "问题数"
  let 检查率 = 检查数 / 企业数 on zero => 不适用
  section 一 "检查" max 4 {
    not_applicable => full "无企业的，该项得满分"
    item 一.1 "覆盖" max 4 { band 检查率 { [100%, ..) => 4  [0, 100%) => 1 } }
  }
  section 二 "专项" max 10 {
    not_applicable => rescale
    item 二.1 "企业" max 2 { deduct 1 when 企业数 > 5 }
    item 二.2 "问题" max 8 { deduct 1 per 问题数 }
  }
}"#;

fn rules() -> Rubric {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", RULES));
    load.rubric().cloned().unwrap_or_else(|| panic!("rules do not check: {:?}", load.report))
}

/// Each unit's total and section 二, or its error.
fn scores(units: &[UnitFacts]) -> Vec<String> {
    let r = rules();
    units
        .iter()
        .map(|u| match r.evaluate(u) {
            Ok(s) => format!("{}: {} {}", u.unit, s.score.normalize(), s.children[1].score.normalize()),
            Err(e) => {
                let related: Vec<String> =
                    miette::Diagnostic::related(&e).into_iter().flatten().map(|p| p.to_string()).collect();
                format!("{}: {e}: {}", u.unit, related.join("; "))
            }
        })
        .collect()
}

// 甲: 不适用 → 一 full (4), 二.1 left out: 二 = 6 ÷ 8 × 10 (问题数 2). 乙: all apply.
const EXPECT: [&str; 2] = ["甲: 11.5 7.5", "乙: 13 9"];

#[test]
fn json_csv_and_toml_read_不适用_alike() {
    let json = r#"{"units": [{"unit": "甲", "facts": {"企业数": "不适用", "检查数": 0, "问题数": 2}},
        {"unit": "乙", "facts": {"企业数": 4, "检查数": 4, "问题数": 1}}]}"#;
    assert_eq!(scores(&from_json(json).unwrap()), EXPECT);
    let null = json.replace("\"不适用\"", "null");
    assert_eq!(scores(&from_json(&null).unwrap()), EXPECT);
    let csv = "单位,企业数,检查数,问题数\n甲,无此项,0,2\n乙,4,4,1\n";
    assert_eq!(scores(&from_csv(csv).unwrap()), EXPECT);
    let toml = "[[units]]\nunit = \"甲\"\n[units.facts]\n企业数 = \"N/A\"\n检查数 = 0\n问题数 = 2\n\n\
                [[units]]\nunit = \"乙\"\n[units.facts]\n企业数 = 4\n检查数 = 4\n问题数 = 1\n";
    assert_eq!(scores(&from_toml(toml).unwrap()), EXPECT);
}

#[test]
fn an_empty_cell_is_no_value_and_a_fact_not_optional_refuses_不适用() {
    let csv = "单位,企业数,检查数,问题数\n甲,,0,2\n乙,4,不适用,1\n";
    let got = scores(&from_csv(csv).unwrap());
    assert!(got[0].contains("企业数") && got[0].contains("no value"), "{}", got[0]);
    assert!(got[1].contains("检查数") && got[1].contains("not declared `optional`"), "{}", got[1]);
    // An optional fact left out is missing, never 不适用.
    let json = r#"{"units": [{"unit": "丙", "facts": {"检查数": 0, "问题数": 2}}]}"#;
    let got = scores(&from_json(json).unwrap());
    assert!(got[0].contains("企业数") && got[0].contains("missing"), "{}", got[0]);
}

#[test]
fn the_breakdown_marks_a_row_not_applicable_with_what_it_is_worth() {
    let json = r#"{"units": [{"unit": "甲", "facts": {"企业数": "不适用", "检查数": 0, "问题数": 2}}]}"#;
    let s = rules().evaluate(&from_json(json).unwrap()[0]).unwrap();
    let full = &s.children[0].children[0];
    assert!(!full.applicable);
    assert_eq!(full.max.normalize().to_string(), "4");
    let out = &s.children[1].children[0];
    assert!(!out.applicable);
    assert_eq!(out.max.normalize().to_string(), "0");
    assert!(s.children[1].applicable);
    let value = serde_json::to_value(&s).unwrap();
    assert_eq!(value["children"][1]["children"][0]["applicable"], serde_json::json!(false));
    assert!(value["children"][1]["children"][1].get("applicable").is_none());
}

const MOVED: &str = r#"rubric "计入" {
  fact 企业数: optional count "辖区企业数（无则填不适用）"
  fact 问题数: count "问题数"
  section 三 "专项" max 6 {
    item 三.1 "企业" max 2 {
      not_applicable => 三.2 "无此项任务的，该项分值计入第2项"
      deduct 1 when 企业数 > 5
    }
    item 三.2 "问题" max 4 { deduct 1 per 问题数 }
  }
}"#;

/// A row's points moved to another (计入): the receiver's maximum as scored in the breakdown and
/// its JSON, and the sentence of each side in Chinese and English.
#[test]
fn points_moved_to_a_row_are_in_its_maximum_and_said_in_both_languages() {
    let load = rubric::load("m.rubric", &MemoryLoader::new().with("m.rubric", MOVED));
    let r = load.rubric().cloned().unwrap_or_else(|| panic!("rules do not check: {:?}", load.report));
    let json = r#"{"units": [{"unit": "甲", "facts": {"企业数": "不适用", "问题数": 1}}]}"#;
    let s = r.evaluate(&from_json(json).unwrap()[0]).unwrap();
    let (out, into) = (&s.children[0].children[0], &s.children[0].children[1]);
    assert_eq!((out.applicable, out.max.normalize().to_string()), (false, "0".to_string()));
    assert_eq!((into.score.normalize().to_string(), into.max.normalize().to_string()), ("4.5".into(), "6".into()));
    let value = serde_json::to_value(&s).unwrap();
    assert_eq!(value["children"][0]["children"][1]["max"], serde_json::json!("6"));
    let (zh, en) =
        (rubric::render::Render::new(rubric::render::Lang::Zh), rubric::render::Render::new(rubric::render::Lang::En));
    assert!(zh.reason(out).contains("其分值 2 分计入 三.2"), "{}", zh.reason(out));
    assert!(
        zh.reason(into).contains("三.1 不适用，其分值 2 分计入 三.2：三.2 得分 3 × (4 + 2) ÷ 4 = 4.5"),
        "{}",
        zh.reason(into)
    );
    assert!(en.reason(out).contains("its 2 points go to 三.2"), "{}", en.reason(out));
    assert!(en.reason(into).contains("三.2 scores 3 × (4 + 2) ÷ 4 = 4.5"), "{}", en.reason(into));
}
