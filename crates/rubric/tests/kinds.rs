//! Kinds and lookup tables (`tests/program/kinds.rubric`): read by name, exactly alike from JSON,
//! CSV and TOML; an unknown name in facts is an error naming the unit, the fact and the names;
//! the template lists the names; what-if says it does not move a kind.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::analysis::whatif::whatif;
use rubric::facts::from_json;
use rubric::{FactsError, Rubric, UnitFacts, from_csv, from_toml};

fn rubric() -> Rubric {
    rubric::load("tests/program/kinds.rubric", &common::Fs).into_rubric().unwrap()
}

/// Each unit's total, or the error with every problem listed, one per line.
fn scores(units: Result<Vec<UnitFacts>, FactsError>) -> String {
    let r = rubric();
    let mut out = String::new();
    for u in units.unwrap() {
        match r.evaluate(&u) {
            Ok(s) => out.push_str(&format!("{}: {}\n", u.unit, s.score.normalize())),
            Err(e) => {
                out.push_str(&format!("{}: error: {e}\n", u.unit));
                for p in miette::Diagnostic::related(&e).into_iter().flatten() {
                    out.push_str(&format!("  {p}\n"));
                }
            }
        }
    }
    out
}

const JSON: &str = r#"{"units": [
  {"unit": "甲", "facts": {"地区类别": "郊区", "事故等级": "一般", "事故起数": 2, "事故类型": "交通"}},
  {"unit": "乙", "facts": {"地区类别": " 山区 ", "事故等级": "无", "事故起数": 0, "事故类型": "火灾"}},
  {"unit": "丙", "facts": {"地区类别": "县城", "事故等级": "较大事故", "事故起数": 1, "事故类型": 1}}
]}"#;

const CSV: &str = "单位,地区类别,事故等级,事故起数,事故类型\n\
                   甲,郊区,一般,2,交通\n\
                   乙, 山区 ,无,0,火灾\n\
                   丙,县城,较大事故,1,1\n";

const TOML: &str = "[[units]]\nunit = \"甲\"\n[units.facts]\n地区类别 = \"郊区\"\n事故等级 = \"一般\"\n事故起数 = 2\n事故类型 = \"交通\"\n\
                    [[units]]\nunit = \"乙\"\n[units.facts]\n地区类别 = \" 山区 \"\n事故等级 = \"无\"\n事故起数 = 0\n事故类型 = \"火灾\"\n\
                    [[units]]\nunit = \"丙\"\n[units.facts]\n地区类别 = \"县城\"\n事故等级 = \"较大事故\"\n事故起数 = 1\n事故类型 = 1\n";

#[test]
fn a_kind_is_read_by_its_name_alike_from_json_csv_and_toml() {
    let json = scores(from_json(JSON));
    // The formats say where a value stands differently (a row and column, a line): compare the
    // scores; the errors are compared in the next test.
    let head = |s: &str| s.lines().take(2).collect::<Vec<_>>().join("\n");
    assert_eq!(head(&json), head(&scores(from_csv(CSV))));
    assert_eq!(head(&json), head(&scores(from_toml(TOML))));
    assert!(json.starts_with("甲: 15.5\n乙: 23\n"), "{json}");
}

#[test]
fn an_unknown_name_in_facts_names_the_unit_the_fact_and_the_names() {
    for text in [scores(from_json(JSON)), scores(from_csv(CSV)), scores(from_toml(TOML))] {
        let err = text.lines().skip(2).collect::<Vec<_>>().join("\n");
        assert!(err.contains("丙"), "{err}");
        assert!(
            err.contains("地区类别") && err.contains("`县城` is not one of the names `城区`, `郊区`, `山区`"),
            "{err}"
        );
        assert!(err.contains("(did you mean `较大`?)"), "{err}");
        assert!(err.contains("事故类型") && err.contains("1 is not one of the names `火灾`, `交通`"), "{err}");
    }
}

#[test]
fn the_template_lists_the_names_of_each_kind() {
    let t = rubric::template_csv(&rubric(), &[]);
    let types = t.lines().nth(1).unwrap();
    assert!(types.contains("kind（城区/郊区/山区）") && types.contains("kind（火灾/交通）"), "{types}");
}

#[test]
fn what_if_says_it_does_not_move_a_kind() {
    let r = rubric();
    let unit = from_json(JSON).unwrap().remove(0);
    let score = r.evaluate(&unit).unwrap();
    let w = whatif(&r, &unit, &score).unwrap();
    assert!(w.suggestions.iter().all(|s| !["地区类别", "事故等级", "事故类型"].contains(&s.fact.as_str())));
    let kinds: Vec<&str> = w.not_derived.iter().map(|n| n.fact.as_str()).collect();
    assert!(kinds.contains(&"地区类别") && kinds.contains(&"事故等级"), "{kinds:?}");
    assert!(w.not_derived.iter().all(|n| n.reason.contains("whatif 不改变类别")));
}

#[test]
fn the_explanation_names_the_kind_and_the_cell_of_the_table() {
    use rubric::render::{Lang, Render};
    let r = rubric();
    let unit = from_json(JSON).unwrap().remove(0);
    let score = r.evaluate(&unit).unwrap();
    let zh = Render::new(Lang::Zh).with_rubric(&r);
    let kind = zh.reason(score.node("一").unwrap());
    assert_eq!(kind, "未得 2分：未满足 山区加2分（地区类别=郊区）");
    let cell = zh.reason(score.node("四").unwrap());
    assert_eq!(cell, "5 - 事故扣分 = 4.5分（事故扣分=0.5，事故等级=一般，事故类型=交通）");
}
