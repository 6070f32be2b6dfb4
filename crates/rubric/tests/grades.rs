//! Grades (等次): quotas across units scored together (a tie at the cut, a cascade into a grade
//! with its own quota), the worst of several fixing lines, a bar, a section's grade, the points to
//! the next grade, and an `expect grade` that fails saying what it got.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric::{GradeWhy, MemoryLoader, Outcome, Rubric, UnitFacts};

fn load(text: &str) -> Rubric {
    let l = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", text));
    assert!(!l.report.has_errors(), "{:?}", l.report.diagnostics);
    l.into_rubric().unwrap()
}

const RULES: &str = r#"
rubric "等次" {
  fact 得分: points
  fact 事故: bool
  fact 否决: bool
  fact 批评: bool
  section 一 "实绩" {
    item 一.1 "实绩" max 100 { judged 得分 }
    grade {
      [50, ..) => 高
      [0, 50)  => 低
    }
  }
  grade {
    [90, ..) => 优秀
    [75, 90) => 良好
    [60, 75) => 合格
    [0, 60)  => 不合格
    合格 when 事故
    不合格 when 否决
    bar 优秀 when 批评
    quota 优秀 1
    quota 良好 1
  }
}
"#;

fn unit(name: &str, score: &str) -> UnitFacts {
    facts(name, score, [false; 3])
}

/// A unit's facts: its score, and 事故, 否决, 批评.
fn facts(name: &str, score: &str, [accident, veto, criticised]: [bool; 3]) -> UnitFacts {
    UnitFacts::new(name).num("得分", score).flag("事故", accident).flag("否决", veto).flag("批评", criticised)
}

/// Each unit's total grade after quotas, by name, and why.
fn batch(r: &Rubric, units: &[UnitFacts]) -> Vec<(String, String, GradeWhy)> {
    let mut scored = r.scoring().units(units);
    let grades = r.grade_batch(units, &mut scored);
    scored
        .iter()
        .zip(grades)
        .map(|(s, g)| {
            let (_, g) = g.into_iter().find(|(id, _)| id.is_empty()).unwrap();
            (s.unit.clone(), g.name, g.why)
        })
        .collect()
}

#[test]
fn a_tie_at_the_cut_moves_every_tied_unit_and_moves_cascade() {
    let r = load(RULES);
    let units = [unit("甲", "95"), unit("乙", "92"), unit("丙", "92"), unit("丁", "80")];
    let got = batch(&r, &units);
    let names: Vec<(&str, &str)> = got.iter().map(|(u, g, _)| (u.as_str(), g.as_str())).collect();
    // 优秀 1: 乙 and 丙 tie at the cut and both move to 良好; 良好 1: 乙, 丙 (92) and 丁 (80) hold
    // it, the tie of 乙 and 丙 straddles the cut again, so all three move to 合格.
    assert_eq!(names, [("甲", "优秀"), ("乙", "合格"), ("丙", "合格"), ("丁", "合格")]);
    match &got[1].2 {
        GradeWhy::Quota { from, allowed, of, place, tied, .. } => {
            assert_eq!((from.as_str(), *allowed, *of, *place, *tied), ("良好", 1, 4, 2, 2));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_quota_keeps_the_best_and_moves_the_rest_lowest_first() {
    let r = load(RULES);
    let units = [unit("甲", "91"), unit("乙", "95"), unit("丙", "80"), unit("丁", "50")];
    let got: Vec<(String, String)> = batch(&r, &units).into_iter().map(|(u, g, _)| (u, g)).collect();
    let want = [("甲", "良好"), ("乙", "优秀"), ("丙", "合格"), ("丁", "不合格")];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn the_worst_fixing_line_wins_and_a_bar_keeps_the_score() {
    let r = load(RULES);
    let both = facts("甲", "95", [true, true, false]);
    let Outcome::Explained(s) = r.scoring().explained().unit(&both).unwrap() else { panic!() };
    assert_eq!((s.score.to_string().as_str(), s.grade.as_ref().unwrap().name.as_str()), ("95", "不合格"));
    let barred = facts("乙", "95", [false, false, true]);
    let Outcome::Explained(s) = r.scoring().explained().unit(&barred).unwrap() else { panic!() };
    let g = s.grade.unwrap();
    assert_eq!(g.name, "良好");
    assert!(matches!(g.why, GradeWhy::Barred { ref from, ref barred, .. } if from == "优秀" && barred == "优秀"));
    assert!(g.next.is_none(), "a barred grade has no distance to the next");
}

#[test]
fn no_distance_is_shown_to_a_grade_a_bar_rules_out() {
    let r = load(RULES);
    let barred = facts("丙", "80", [false, false, true]);
    let Outcome::Explained(s) = r.scoring().explained().unit(&barred).unwrap() else { panic!() };
    let g = s.grade.unwrap();
    assert_eq!(g.name, "良好");
    assert!(g.next.is_none(), "优秀 is barred: no \"再得 10 分可评为优秀\"");
    let free = unit("丁", "80");
    let Outcome::Explained(s) = r.scoring().explained().unit(&free).unwrap() else { panic!() };
    assert_eq!(s.grade.unwrap().next.unwrap().points.to_string(), "10");
}

#[test]
fn a_section_has_its_grade_and_the_distance_to_the_next_is_exact() {
    let r = load(RULES);
    let Outcome::Explained(s) = r.scoring().explained().unit(&unit("甲", "89.75")).unwrap() else { panic!() };
    assert_eq!(s.node("一").unwrap().grade.as_ref().unwrap().name, "高");
    let g = s.grade.unwrap();
    let next = g.next.clone().unwrap();
    assert_eq!((g.name.as_str(), next.name.as_str(), next.points.to_string().as_str()), ("良好", "优秀", "0.25"));
    let zh = rubric::render::Render::new(rubric::Lang::Zh);
    assert_eq!(zh.grade(&g), "等次：良好（75分（含）至90分）");
    assert_eq!(zh.grade_next(&g).unwrap(), "再得 0.25 分可评为优秀");
}

#[test]
fn a_wrong_expect_grade_fails_and_says_what_it_got() {
    let text = format!(
        "{RULES}\ntest \"t\" {{\n  given 得分 = 80, 事故 = false, 否决 = false, 批评 = false\n  expect grade = \"优秀\"\n}}\n"
    );
    let r = load(&text);
    let out = r.run_tests();
    let check = &out[0].checks[0];
    assert!(!check.passed);
    assert_eq!((check.target.as_str(), check.expected.as_str(), check.actual.as_str()), ("grade", "优秀", "良好"));
}

/// In a test of several units the quotas apply among them (`quota 优秀 1`): the second unit of
/// 优秀 by score is 良好, and a check expecting 优秀 says the quota moved it.
#[test]
fn a_test_of_several_units_applies_the_quotas_and_says_so() {
    let text = format!(
        "{RULES}\ntest \"t\" {{\n  given 事故 = false, 否决 = false, 批评 = false\n  unit 甲 {{\n    given 得分 = 95\n    expect grade = \"优秀\"\n  }}\n  unit 乙 {{\n    given 得分 = 92\n    expect grade = \"优秀\"\n  }}\n  unit 丙 {{\n    given 得分 = 40\n    expect grade = \"不合格\"\n  }}\n}}\n"
    );
    let r = load(&text);
    let out = r.run_tests();
    let checks = &out[0].checks;
    assert_eq!(checks.iter().map(|c| c.passed).collect::<Vec<_>>(), [true, false, true]);
    let moved = &checks[1];
    assert_eq!(moved.target, "乙: grade");
    assert!(moved.actual.starts_with("良好 (a quota moved it from 优秀"), "{}", moved.actual);
}
