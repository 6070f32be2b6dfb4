//! Scoring units against each other: ranks with ties, best, worst, average and ratio over the
//! units scored together, a cohort of one, and a unit scored alone.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric::{MemoryLoader, Rubric, UnitFacts};

const RULES: &str = r#"
rubric "排名" {
  fact 率: percent
  fact 次数: count
  section 一 "一" {
    item 一.1 "排名" max 3 { deduct 0.5 per rank(率) - 1 }
    item 一.2 "最少" max 1 { deduct 0.2 per rank(次数, lowest) - 1 }
    item 一.3 "比值" max 4 { score ratio(率) * 4
      round 2 }
    item 一.4 "平均" max 2 { zero when 率 < average(率) }
    item 一.5 "最差" max 1 { deduct 1 when 率 == worst(率) }
    item 一.6 "最好" max 1 { zero when 率 < best(率) }
  }
}
"#;

fn rubric(text: &str) -> rubric::Load {
    rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", text))
}

fn load() -> Rubric {
    let l = rubric(RULES);
    assert!(l.report.diagnostics.is_empty(), "{:?}", l.report.diagnostics);
    l.into_rubric().unwrap()
}

fn unit(name: &str, rate: &str, count: &str) -> UnitFacts {
    UnitFacts::new(name).num("率", rate).num("次数", count)
}

/// Every unit's score of one row, in input order.
fn row(r: &Rubric, units: &[UnitFacts], id: &str) -> Vec<String> {
    r.evaluate_all(units).into_iter().map(|s| s.unwrap().node(id).unwrap().score.to_string()).collect()
}

fn four() -> Vec<UnitFacts> {
    vec![unit("甲", "97.4%", "0"), unit("乙", "92.1%", "2"), unit("丙", "92.1%", "2"), unit("丁", "80%", "5")]
}

#[test]
fn tied_units_share_the_better_place_and_the_next_is_skipped() {
    // Places 1, 2, 2, 4: 0, 0.5, 0.5 and 1.5 deducted.
    assert_eq!(row(&load(), &four(), "一.1"), ["3", "2.5", "2.5", "1.5"]);
    // Lowest first: 0 complaints is first; the two with 2 share second; 5 is fourth.
    assert_eq!(row(&load(), &four(), "一.2"), ["1", "0.8", "0.8", "0.4"]);
}

#[test]
fn ratio_average_worst_and_best_are_exact() {
    let r = load();
    // 92.1 / 97.4 × 4 = 3.7823… → 3.78; 80 / 97.4 × 4 = 3.2854… → 3.29.
    assert_eq!(row(&r, &four(), "一.3"), ["4", "3.78", "3.78", "3.29"]);
    // The average is (97.4 + 92.1 + 92.1 + 80) / 4 = 90.4%: only 丁 is below.
    assert_eq!(row(&r, &four(), "一.4"), ["2", "2", "2", "0"]);
    assert_eq!(row(&r, &four(), "一.5"), ["1", "1", "1", "0"]);
    assert_eq!(row(&r, &four(), "一.6"), ["1", "0", "0", "0"]);
}

#[test]
fn a_unit_scored_against_an_empty_cohort_is_scored_alone() {
    let r = load();
    let bound = r.bind(&four()[0]).unwrap();
    let e = r.score_in(&bound, &r.cohort(&[])).unwrap_err();
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::cohort-alone", "{e}");
}

#[test]
fn score_only_and_explained_agree_in_a_cohort() {
    let r = load();
    let units = four();
    let explained = r.evaluate_all(&units);
    let scored = r.score_units(&units);
    for (e, s) in explained.iter().zip(&scored) {
        assert_eq!(e.as_ref().unwrap().score, s.as_ref().unwrap().total());
    }
    let bound: Vec<_> = units.iter().map(|u| r.bind(u).unwrap()).collect();
    let cohort = r.cohort(&bound);
    assert_eq!(cohort.size(), 4);
    assert_eq!(r.score_in(&bound[3], &cohort).unwrap().total(), explained[3].as_ref().unwrap().score);
}

#[test]
fn a_cohort_of_one_is_first_best_and_average() {
    let r = load();
    let s = r.evaluate_all(&[unit("甲", "61%", "4")]).pop().unwrap().unwrap();
    // Rank 1, ratio 100%, not below its own average; but it is also the worst value.
    assert_eq!(s.score.to_string(), "11");
    assert_eq!(s.node("一.5").unwrap().score.to_string(), "0");
}

#[test]
fn a_unit_scored_alone_is_an_error_not_a_number() {
    let r = load();
    let err = r.evaluate(&unit("甲", "61%", "4")).unwrap_err();
    assert_eq!(miette::Diagnostic::code(&err).unwrap().to_string(), "rubric::cohort-alone");
    assert_eq!(err.to_string(), "unit `甲`: `best(率)` compares units with each other, but the unit was scored alone");
    let b = r.bind(&unit("甲", "61%", "4")).unwrap();
    assert!(matches!(r.score(&b), Err(rubric::EvalError::CohortAlone(_))));
}

#[test]
fn the_explanation_shows_the_cohort_figures() {
    let r = load();
    let s = r.evaluate_all(&four()).remove(2).unwrap();
    // In JSON the figures are data; the renderer says them, in Chinese or English.
    let json = serde_json::to_string(&s.node("一.1").unwrap().steps).unwrap();
    assert!(
        json.contains(r#"{"name":"rank(率)","value":"2","aside":{"kind":"place","of":4,"own":"92.1%","top":"97.4%"}}"#),
        "{json}"
    );
    let (zh, en) = (rubric::render::Render::new(rubric::Lang::Zh), rubric::render::Render::new(rubric::Lang::En));
    let reason = |r: &rubric::render::Render<'_>, id: &str| r.reason(s.node(id).unwrap());
    assert!(reason(&zh, "一.1").contains("第 2 名 / 4（本单位 92.1%，第一名 97.4%）"), "{}", reason(&zh, "一.1"));
    assert!(reason(&en, "一.1").contains("place 2 of 4 (this unit 92.1%, first 97.4%)"), "{}", reason(&en, "一.1"));
    assert!(reason(&zh, "一.3").contains("（本单位 92.1% ÷ 最高 97.4%）"), "{}", reason(&zh, "一.3"));
    assert!(reason(&zh, "一.2").contains("第 2 名 / 4（本单位 2，最低 0）"), "{}", reason(&zh, "一.2"));
    assert!(reason(&en, "一.2").contains("place 2 of 4 (this unit 2, lowest 0)"), "{}", reason(&en, "一.2"));
}

#[test]
fn a_unit_whose_facts_do_not_bind_is_left_out_of_the_cohort() {
    let r = load();
    let mut units = four();
    units.insert(0, UnitFacts::new("戊").num("率", "100%"));
    let all = r.evaluate_all(&units);
    assert!(all[0].is_err());
    // 甲 stays first: 戊's 100% is not part of the cohort.
    assert_eq!(all[1].as_ref().unwrap().node("一.1").unwrap().score.to_string(), "3");
}

#[test]
fn a_ratio_to_a_best_of_zero_is_a_zero_denominator() {
    let r = load();
    let all = r.evaluate_all(&[unit("甲", "0%", "0"), unit("乙", "0%", "1")]);
    let err = all[0].as_ref().unwrap_err();
    assert_eq!(miette::Diagnostic::code(err).unwrap().to_string(), "rubric::zero-denominator");
}

#[test]
fn comparing_a_value_that_compares_units_is_refused() {
    let l = rubric(
        "rubric \"甲\" {\n fact 率: percent\n let 名次 = rank(率)\n item 一 \"一\" max 1 { deduct 0.1 per rank(名次) }\n}\n",
    );
    let codes: Vec<&str> = l.report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["rubric::cohort-nested"]);
    let l = rubric("rubric \"甲\" {\n fact 是否: bool\n item 一 \"一\" max 1 { zero when rank(是否) > 1 }\n}\n");
    let codes: Vec<&str> = l.report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["rubric::type"]);
}

/// Rules over subsets of the cohort (`among`): the units below target ranked among themselves,
/// an average over one kind of unit with and without `else`, a weighted average.
const SUBSETS: &str = r#"
rubric "子集" {
  fact 率: percent
  fact 达标: bool
  fact 类别: kind 城区/乡镇
  fact 人口: count
  section 一 "一" {
    item 一.1 "未达标排名" max 3 {
      deduct 1 per (if 达标 then 1 else rank(率 among 达标 == false)) - 1
    }
    item 一.2 "城区平均" max 2 { zero when 率 < average(率 among 类别 == 城区, else 0%) }
    item 一.3 "加权" max 2 { zero when 率 * cohort_sum(人口) < cohort_sum(率 * 人口) }
    item 一.4 "人数" max 9 { score cohort_count(among not 达标) }
    item 一.5 "否则" max 3 { deduct 1 per rank(率 among 达标 == false, else 1) - 1 }
  }
}
"#;

fn subsets() -> Rubric {
    let l = rubric(SUBSETS);
    assert!(l.report.diagnostics.is_empty(), "{:?}", l.report.diagnostics);
    l.into_rubric().unwrap()
}

fn town(name: &str, rate: &str, ok: bool, kind: &str, people: &str) -> UnitFacts {
    UnitFacts::new(name)
        .num("率", rate)
        .flag("达标", ok)
        .with("类别", rubric::Raw::Text(kind.into()))
        .num("人口", people)
}

fn five() -> Vec<UnitFacts> {
    vec![
        town("甲", "97%", true, "城区", "10"),
        town("乙", "80%", false, "乡镇", "2"),
        town("丙", "80%", false, "乡镇", "3"),
        town("丁", "60%", false, "城区", "5"),
        town("戊", "99%", true, "乡镇", "1"),
    ]
}

#[test]
fn a_rank_among_a_subset_counts_only_its_units_with_ties() {
    let r = subsets();
    // 乙 and 丙 tie first among the three below target; 丁 is third. 甲 and 戊 are not ranked.
    assert_eq!(row(&r, &five(), "一.1"), ["3", "3", "3", "1", "3"]);
    assert_eq!(row(&r, &five(), "一.5"), ["3", "3", "3", "1", "3"]);
    assert_eq!(row(&r, &five(), "一.4"), ["3", "3", "3", "3", "3"]);
}

#[test]
fn an_average_over_a_subset_is_exact_and_its_else_answers_an_empty_one() {
    let r = subsets();
    // 城区: 甲 97% and 丁 60%, average 78.5%: 丁 alone is below.
    assert_eq!(row(&r, &five(), "一.2"), ["2", "2", "2", "0", "2"]);
    // No 城区 unit: the average is the `else` value, 0%, and no unit is below it.
    let towns: Vec<UnitFacts> = five().into_iter().filter(|u| u.unit != "甲" && u.unit != "丁").collect();
    assert_eq!(row(&r, &towns, "一.2"), ["2", "2", "2"]);
    // Weighted by 人口: (97×10 + 80×2 + 80×3 + 60×5 + 99×1) / 21 = 84.238…%: 乙, 丙 and 丁 are below.
    assert_eq!(row(&r, &five(), "一.3"), ["2", "0", "0", "0", "2"]);
}

#[test]
fn an_empty_subset_without_else_is_an_error_for_the_unit() {
    let l = rubric(&SUBSETS.replace(", else 0%", ""));
    let codes: Vec<&str> = l.report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["rubric::subset-empty"]);
    let r = l.into_rubric().unwrap();
    let towns = vec![town("乙", "80%", false, "乡镇", "2")];
    let e = r.evaluate_all(&towns).pop().unwrap().unwrap_err();
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::empty-subset", "{e}");
    assert_eq!(
        e.to_string(),
        "unit `乙`: no unit meets the condition `类别 == 城区` of `average(率 among 类别 == 城区)`"
    );
    assert!(r.score_units(&towns).pop().unwrap().is_err());
}

#[test]
fn a_rank_read_outside_its_subset_is_an_error_for_the_unit() {
    let r =
        rubric(&SUBSETS.replace("(if 达标 then 1 else rank(率 among 达标 == false))", "rank(率 among 达标 == false)"))
            .into_rubric()
            .unwrap();
    let all = r.evaluate_all(&five());
    let e = all.first().unwrap().as_ref().unwrap_err();
    assert_eq!(miette::Diagnostic::code(e).unwrap().to_string(), "rubric::outside-subset", "{e}");
    assert_eq!(all.get(1).unwrap().as_ref().unwrap().node("一.1").unwrap().score.to_string(), "3");
    let scored = r.score_units(&five());
    assert_eq!(scored.first().unwrap().as_ref().unwrap_err().to_string(), e.to_string());
}

#[test]
fn the_explanation_names_the_subset_and_its_size() {
    let r = subsets();
    let s = r.evaluate_all(&five()).remove(3).unwrap();
    let (zh, en) = (rubric::render::Render::new(rubric::Lang::Zh), rubric::render::Render::new(rubric::Lang::En));
    let reason = |r: &rubric::render::Render<'_>, id: &str| r.reason(s.node(id).unwrap());
    let said = reason(&zh, "一.1");
    assert!(said.contains("第 3 名 / 3（本单位 60%，第一名 80%）（限满足 达标 == false 的单位）"), "{said}");
    let said = reason(&en, "一.1");
    assert!(said.contains("place 3 of 3 (this unit 60%, first 80%) (units where 达标 == false)"), "{said}");
    let said = reason(&zh, "一.2");
    assert!(said.contains("2 个单位的平均值）（限满足 类别 == 城区 的单位）"), "{said}");
    // The `else` value is said to be one (here 100%, so that the row is zeroed and explained).
    let r = rubric(&SUBSETS.replace(", else 0%", ", else 100%")).into_rubric().unwrap();
    let towns: Vec<UnitFacts> = five().into_iter().filter(|u| u.unit != "甲" && u.unit != "丁").collect();
    let s = r.evaluate_all(&towns).remove(0).unwrap();
    let said = zh.reason(s.node("一.2").unwrap());
    assert!(said.contains("没有满足 类别 == 城区 的单位，取 else 值"), "{said}");
}

#[test]
fn score_only_and_explained_agree_over_subsets() {
    let r = subsets();
    for units in [five(), five().into_iter().skip(1).collect()] {
        let explained = r.evaluate_all(&units);
        let scored = r.score_units(&units);
        for (e, s) in explained.iter().zip(&scored) {
            assert_eq!(e.as_ref().unwrap().score, s.as_ref().unwrap().total());
        }
    }
}

/// A row scored from the average of another row's scores over the units doing the work
/// ("未开展的按同类单位该项平均分计分"), and a place by a row's score.
const ROWS: &str = r#"
rubric "按同类单位平均分" {
  fact 开展: bool
  fact 率: percent
  section 三 "三" {
    group 三.2 "专项" max 5 {
      score if 开展 then points(三.2.1) else average(points(三.2.1) among 开展, else 0)
      item 三.2.1 "完成" max 5 {
        band 率 {
          [0, 60%) => 2
          [60%, 90%) => 4
          [90%, ..) => 5
        }
      }
    }
    item 三.3 "排名" max 3 { deduct 1 per rank(points(三.2.1)) - 1 }
  }
}
"#;

fn worker(name: &str, on: bool, rate: &str) -> UnitFacts {
    UnitFacts::new(name).flag("开展", on).num("率", rate)
}

#[test]
fn a_row_scored_from_the_average_of_other_units_row_scores() {
    let l = rubric(ROWS);
    assert!(l.report.diagnostics.is_empty(), "{:?}", l.report.diagnostics);
    let r = l.into_rubric().unwrap();
    let units =
        [worker("甲", true, "95%"), worker("乙", true, "70%"), worker("丙", false, "0%"), worker("丁", true, "10%")];
    assert_eq!(row(&r, &units, "三.2"), ["5", "4", "3.6666666666666666666666666667", "2"]);
    assert_eq!(row(&r, &units, "三.3"), ["3", "2", "1", "1"]);
    // Score-only agrees with the explanation, and the explanation names the subset and its size.
    let scored: Vec<String> = r.score_units(&units).into_iter().map(|s| s.unwrap().total().to_string()).collect();
    let explained: Vec<String> = r.evaluate_all(&units).into_iter().map(|s| s.unwrap().score.to_string()).collect();
    assert_eq!(scored, explained);
    let s = r.evaluate_all(&units).remove(2).unwrap();
    let said = rubric::render::Render::new(rubric::Lang::Zh).reason(s.node("三.2").unwrap());
    assert!(said.contains("3 个单位的平均值）（限满足 开展 的单位）"), "{said}");
    // Alone, a unit has no figure.
    let e = r.evaluate(&worker("甲", true, "95%")).unwrap_err();
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::cohort-alone", "{e}");
}

#[test]
fn an_empty_subset_of_row_scores_takes_else_or_is_an_error() {
    let r = rubric(ROWS).into_rubric().unwrap();
    let none = [worker("甲", false, "95%"), worker("乙", false, "30%")];
    assert_eq!(row(&r, &none, "三.2"), ["0", "0"]);
    let l = rubric(&ROWS.replace(", else 0)", ")"));
    let codes: Vec<&str> = l.report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["rubric::subset-empty"]);
    let r = l.into_rubric().unwrap();
    let e = r.evaluate_all(&none).remove(0).unwrap_err();
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::empty-subset", "{e}");
    assert!(r.score_units(&none).remove(1).is_err());
}

#[test]
fn a_row_compared_that_reads_the_comparison_is_a_ring() {
    let own = ROWS.replace(
        "score if 开展 then points(三.2.1) else average(points(三.2.1)",
        "score if 开展 then points(三.2.1) else average(points(三.2)",
    );
    let codes = |text: &str| -> Vec<String> {
        rubric(text).report.diagnostics.iter().map(|d| d.code.as_str().to_string()).collect()
    };
    assert_eq!(codes(&own), ["rubric::ref-cohort"]);
    // The part compared reads another row, which reads a comparison of rows' scores.
    let through =
        ROWS.replace("[90%, ..) => 5\n        }", "[90%, ..) => 5\n        }\n        zero when points(三.3) > 2");
    assert_eq!(codes(&through), ["rubric::ref-cohort"]);
    // A row that reads the row comparing is no ring.
    let after = ROWS.replace("max 3 { deduct 1 per rank(points(三.2.1)) - 1 }", "max 3 { deduct 1 per rank(points(三.2.1)) - 1 }\n    item 三.4 \"读\" max 1 { deduct 1 when points(三.3) < 3 }");
    assert!(codes(&after).is_empty(), "{:?}", codes(&after));
    // A subset chosen by a row's score is refused: the subset is known before any row is scored.
    let by_row = ROWS.replace("among 开展, else 0", "among points(三.3) > 1, else 0");
    assert_eq!(codes(&by_row), ["rubric::subset-condition"]);
}
