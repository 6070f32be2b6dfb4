//! Proof that the benchmark compares like with like: on generated units, the score-only and trace paths, the hand-written rubric, zen and rhai give exactly the evaluator's total and row scores.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rubric::UnitFacts;
use rubric_bench::facts::Facts;
use rubric_bench::rhai::RhaiRubric;
use rubric_bench::zen::ZenRubric;
use rubric_bench::{
    ROW_IDS, ROWS, Scores, generate, hand, rhai, row_indices, rulegen, scores_of, scores_of_score_only,
    scores_of_trace, seed000, zen,
};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::str::FromStr;

const UNITS: usize = 500;
const SEED: u64 = 0x5EED_0000;

/// Fails with the engine, the unit, the row and both values on the first difference.
fn assert_same(engine: &str, unit: &UnitFacts, want: &Scores, got: &Scores) {
    for (i, id) in ROW_IDS.iter().enumerate() {
        if want.rows[i] != got.rows[i] {
            panic!(
                "{engine} disagrees with Rubric::evaluate on unit {} row {id}: evaluate {} vs {engine} {}\nfacts: {:?}",
                unit.unit, want.rows[i], got.rows[i], unit.values
            );
        }
    }
    if want.total != got.total {
        panic!(
            "{engine} disagrees with Rubric::evaluate on unit {} total: evaluate {} vs {engine} {}\nfacts: {:?}",
            unit.unit, want.total, got.total, unit.values
        );
    }
}

#[test]
fn score_only_trace_hand_zen_and_rhai_agree_with_evaluate_on_every_generated_unit() {
    let rubric = seed000().unwrap();
    let units = generate::units(&rubric, UNITS, SEED);
    assert_eq!(units.len(), UNITS);
    let rows = row_indices(&rubric).unwrap();
    let zen_rubric = ZenRubric::new().unwrap();
    let mut vm = zen_expression::vm::VM::new();
    let rhai_rubric = RhaiRubric::new().unwrap();
    let mut totals = BTreeSet::new();
    let mut row_values: Vec<BTreeSet<Decimal>> = vec![BTreeSet::new(); ROWS];
    for unit in &units {
        let explained = rubric.evaluate(unit).unwrap_or_else(|e| panic!("unit {}: {e}", unit.unit));
        let want = scores_of(&explained).unwrap();
        let bound = rubric.bind(unit).unwrap();
        let score_only = rubric.score(&bound).unwrap();
        assert_same("score-only", unit, &want, &scores_of_score_only(&score_only, &rows).unwrap());
        let trace = rubric.trace(&bound).unwrap();
        assert_same("trace", unit, &want, &scores_of_trace(&trace, &rows).unwrap());
        assert_eq!(
            trace.render(&rubric).ok().as_ref(),
            Some(&explained),
            "unit {}: the rendered trace is the breakdown",
            unit.unit
        );
        let facts = Facts::from_unit(unit).unwrap();
        assert_same("hand", unit, &want, &hand::score(&facts));
        let zen_scores = zen_rubric.score(&zen::context(&facts).unwrap(), &mut vm).unwrap();
        assert_same("zen", unit, &want, &zen_scores);
        let mut scope = rhai::scope(&facts);
        let before = scope.len();
        assert_same("rhai", unit, &want, &rhai_rubric.score(&mut scope).unwrap());
        assert_eq!(scope.len(), before, "the rhai script leaves the scope as it was");
        totals.insert(want.total);
        for (seen, v) in row_values.iter_mut().zip(want.rows) {
            seen.insert(v);
        }
    }
    // The units exercise the rubric: totals spread out, and every row scores in more than one way.
    assert!(totals.len() >= 40, "only {} distinct totals: {totals:?}", totals.len());
    for (id, seen) in ROW_IDS.iter().zip(&row_values) {
        assert!(seen.len() >= 2, "row {id} always scores {seen:?}");
    }
    // The band and the deduction rows reach every value the rule file gives them.
    let band = ROW_IDS.iter().position(|id| *id == "六.2.4").unwrap();
    let want: BTreeSet<Decimal> = ["0", "1", "1.5", "2"].iter().map(|s| Decimal::from_str(s).unwrap()).collect();
    assert_eq!(row_values[band], want, "六.2.4 reaches every band");
    let late = ROW_IDS.iter().position(|id| *id == "六.2.2").unwrap();
    assert!(row_values[late].len() >= 8, "六.2.2 takes many values: {:?}", row_values[late]);
}

fn count(unit: &UnitFacts, name: &str) -> u32 {
    let (_, raw) = unit.values.iter().find(|(k, _)| k == name).unwrap();
    match raw {
        rubric::Raw::Number(t) => t.parse().unwrap(),
        other => panic!("{name} is not a count: {other:?}"),
    }
}

#[test]
fn score_batch_gives_the_totals_of_evaluate_in_input_order() {
    let rubric = seed000().unwrap();
    let units = generate::units(&rubric, 200, SEED + 1);
    let bound: Vec<_> = units.iter().map(|u| rubric.bind(u).unwrap()).collect();
    let batch = rubric.score_batch(&bound);
    assert_eq!(batch.len(), units.len());
    let mut totals = std::collections::BTreeSet::new();
    for (unit, got) in units.iter().zip(batch) {
        let got = got.unwrap();
        assert_eq!(got.total(), rubric.evaluate(unit).unwrap().score, "unit {}", unit.unit);
        totals.insert(got.total());
    }
    // Results out of order would meet other units' totals.
    assert!(totals.len() > 20, "the units' totals differ ({} distinct)", totals.len());
}

#[test]
fn generated_units_hit_the_band_edges_zero_denominators_and_the_deadline() {
    let rubric = seed000().unwrap();
    let units = generate::units(&rubric, UNITS, SEED);
    let rates: Vec<(u32, u32)> = units.iter().map(|u| (count(u, "核查完成数"), count(u, "应核查数"))).collect();
    for pct in [50, 65, 90, 100] {
        assert!(rates.iter().any(|&(n, d)| d > 0 && n * 100 == d * pct), "some unit is exactly at {pct}%");
        assert!(rates.iter().any(|&(n, d)| d > 0 && n * 100 < d * pct && (n + 1) * 100 >= d * pct), "one below {pct}%");
    }
    assert!(rates.iter().any(|&(_, d)| d == 0), "some unit has nothing to check (on zero)");
    assert!(units.iter().any(|u| count(u, "督办信访事项数") == 0), "督办 on zero");
    let late = |u: &UnitFacts| Facts::from_unit(u).unwrap().late_payments.late();
    assert!(units.iter().any(|u| late(u) >= 6), "six or more late payments");
    assert!(units.iter().any(|u| late(u) == 5), "five late payments");
    assert!(units.iter().any(|u| late(u) <= 1), "at most one late payment");
    assert!(units.iter().any(|u| count(u, "未享受优待子女数") == 3), "three children");
    let on_deadline = units
        .iter()
        .filter(|u| {
            u.values.iter().any(|(k, v)| k == "补助金发放完成日期" && *v == rubric::Raw::Text("2024-07-31".into()))
        })
        .count();
    assert!(on_deadline > UNITS / 10, "many units pay exactly on the deadline: {on_deadline}");
    // Every declared fact is given to every unit.
    for u in &units {
        assert_eq!(u.values.len(), rubric.facts().count(), "unit {}", u.unit);
    }
}

#[test]
fn the_generator_is_deterministic() {
    let rubric = seed000().unwrap();
    assert_eq!(generate::units(&rubric, 50, 7), generate::units(&rubric, 50, 7));
    assert_ne!(generate::units(&rubric, 50, 7), generate::units(&rubric, 50, 8));
}

#[test]
fn the_example_facts_file_scores_the_same_everywhere() {
    let rubric = seed000().unwrap();
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/wushen-2024.facts.json")).unwrap();
    let units = rubric::facts::from_json(&text).unwrap();
    assert!(!units.is_empty());
    for unit in &units {
        let want = scores_of(&rubric.evaluate(unit).unwrap()).unwrap();
        let facts = Facts::from_unit(unit).unwrap();
        assert_same("hand", unit, &want, &hand::score(&facts));
    }
}

#[test]
fn a_wrong_fact_changes_the_hand_score() {
    // The comparison is not vacuous: one flipped fact moves the total by that row's points.
    let rubric = seed000().unwrap();
    let unit = &generate::units(&rubric, 1, SEED)[0];
    let mut facts = Facts::from_unit(unit).unwrap();
    facts.job_policies = true;
    let with = hand::score(&facts).total;
    facts.job_policies = false;
    assert_eq!(with - hand::score(&facts).total, Decimal::from(3), "四.1 is worth 3 points");
}

#[test]
fn the_generated_rule_files_load_without_errors() {
    for rows in [6, 120, 10_000] {
        let text = rulegen::rubric_text(rows);
        let options = rulegen::options(text.len(), rows);
        let load = rubric::load_with("gen.rubric", &rubric::MemoryLoader::new().with("gen.rubric", text), &options);
        let errors: Vec<_> = load.report.diagnostics.iter().filter(|d| d.severity == rubric::Severity::Error).collect();
        assert!(errors.is_empty(), "{rows} rows: {errors:?}");
        let rubric = load.rubric().unwrap();
        let items = rubric.nodes().filter(|n| n.kind() == rubric::NodeKind::Item).count();
        assert_eq!(items, rows);
        if rows >= 1_000 {
            let warnings: Vec<_> = load.report.diagnostics.iter().map(|d| &d.code).collect();
            assert!(warnings.is_empty(), "{rows} rows: {warnings:?}");
        }
        // Generated units score on it.
        for unit in generate::units(rubric, 20, SEED) {
            rubric.evaluate(&unit).unwrap_or_else(|e| panic!("{rows} rows, unit {}: {e}", unit.unit));
        }
    }
}

mod events_agree {
    //! The list benchmark: the hand-written baseline and the score-only path give exactly the
    //! evaluator's totals and row scores on generated 1,000-event ledgers.
    use rubric_bench::events::{self, ROW_IDS, ROWS, Scores};
    use rubric_bench::events_hand;
    use rust_decimal::Decimal;
    use std::collections::BTreeSet;

    const SEED: u64 = 0x5EED_0016;

    fn assert_same(engine: &str, unit: &str, want: &Scores, got: &Scores) {
        for (i, id) in ROW_IDS.iter().enumerate() {
            assert_eq!(want.rows[i], got.rows[i], "{engine} disagrees with Rubric::evaluate on unit {unit} row {id}");
        }
        assert_eq!(want.total, got.total, "{engine} disagrees with Rubric::evaluate on unit {unit}: total");
    }

    /// Scores `units` every way and checks they agree; the distinct totals and each row's values.
    fn agree(units: &[events::Unit]) -> (BTreeSet<Decimal>, Vec<BTreeSet<Decimal>>) {
        let rubric = events::rubric().unwrap();
        let rows = events::row_indices(&rubric).unwrap();
        let mut totals = BTreeSet::new();
        let mut row_values: Vec<BTreeSet<Decimal>> = vec![BTreeSet::new(); ROWS];
        for unit in units {
            let facts = unit.facts();
            let explained = rubric.evaluate(&facts).unwrap_or_else(|e| panic!("unit {}: {e}", unit.name));
            let want = events::scores_of(&explained).unwrap();
            let bound = rubric.bind(&facts).unwrap();
            for engine in [rubric::Engine::Auto, rubric::Engine::General, rubric::Engine::Reference] {
                let got = rubric.score_by(&bound, engine).unwrap();
                assert_same(
                    &format!("{engine:?}"),
                    &unit.name,
                    &want,
                    &events::scores_of_score_only(&got, &rows).unwrap(),
                );
            }
            assert_same("hand", &unit.name, &want, &events_hand::score(unit));
            totals.insert(want.total);
            for (seen, v) in row_values.iter_mut().zip(want.rows) {
                seen.insert(v);
            }
        }
        (totals, row_values)
    }

    #[test]
    fn hand_and_score_only_agree_with_evaluate_on_generated_ledgers_of_1000_events() {
        let units = events::units(120, events::EVENTS, SEED);
        assert!(units.iter().all(|u| u.events.len() == events::EVENTS));
        let (totals, row_values) = agree(&units);
        // The units exercise the rubric: totals spread out, and every row scores in more than one way.
        assert!(totals.len() >= 60, "only {} distinct totals: {totals:?}", totals.len());
        for (id, seen) in ROW_IDS.iter().zip(&row_values) {
            assert!(seen.len() >= 2, "row {id} always scores {seen:?}");
        }
        // The 整改率 band reaches every value it gives.
        let band = ROW_IDS.iter().position(|id| *id == "二.1").unwrap();
        let want: BTreeSet<Decimal> = [0, 5, 8, 10].into_iter().map(Decimal::from).collect();
        assert_eq!(row_values[band], want, "二.1 reaches every band");
    }

    #[test]
    fn hand_and_score_only_agree_on_small_and_empty_ledgers() {
        // Few events: the `else` values, the empty ledger and `all` over no records.
        for n in [0, 1, 3, 20] {
            agree(&events::units(40, n, SEED + n as u64));
        }
    }

    #[test]
    fn the_events_generator_is_deterministic_and_a_wrong_event_changes_the_hand_score() {
        assert_eq!(events::units(3, 50, 7), events::units(3, 50, 7));
        assert_ne!(events::units(3, 50, 7), events::units(3, 50, 8));
        // One more 较大 event costs 一.2 two points when that row is not yet at its cap.
        let mut units = events::units(30, 100, SEED);
        let unit = units.iter_mut().find(|u| u.events.iter().all(|e| e.level == events::Level::General)).unwrap();
        let before = events_hand::score(unit);
        unit.events[0].level = events::Level::Large;
        let row = ROW_IDS.iter().position(|id| *id == "一.2").unwrap();
        assert_eq!(before.rows[row] - events_hand::score(unit).rows[row], Decimal::from(2));
    }
}
