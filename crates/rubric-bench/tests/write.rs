//! Proof that the generator's facts files are what `rulecheck` reads: generated units written as CSV (with the list table), JSON and JSON Lines, read back by the library's readers, score exactly as the units themselves.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rubric::facts::FactsLimits;
use rubric::{Rubric, UnitFacts};
use rubric_bench::write::{ListTable, lists, write_csv, write_json, write_jsonl};
use rubric_bench::{Scores, generate, row_indices, scores_of_score_only, seed000};

const UNITS: usize = 120;
const SEED: u64 = 0x5EED_0000;

fn scores(rubric: &Rubric, units: &[UnitFacts]) -> Vec<(String, Scores)> {
    let rows = row_indices(rubric).unwrap();
    units
        .iter()
        .map(|u| {
            let bound = rubric.bind(u).unwrap_or_else(|e| panic!("{}: {e:?}", u.unit));
            (u.unit.clone(), scores_of_score_only(&rubric.score(&bound).unwrap(), &rows).unwrap())
        })
        .collect()
}

#[test]
fn the_stream_gives_the_units_of_the_benches() {
    let rubric = seed000().unwrap();
    let streamed: Vec<UnitFacts> = generate::stream(&rubric, SEED).take(UNITS).collect();
    assert_eq!(streamed, generate::units(&rubric, UNITS, SEED));
}

#[test]
fn every_format_reads_back_to_the_same_scores() {
    let rubric = seed000().unwrap();
    let units = generate::units(&rubric, UNITS, SEED);
    let want = scores(&rubric, &units);
    // Every unit has its ledger, so the list table is exercised.
    assert!(units.iter().all(|u| u.values.iter().any(|(k, _)| k == "抚恤发放")));

    let mut tables: Vec<ListTable<Vec<u8>>> =
        lists(&rubric).into_iter().map(|(l, f)| ListTable::new(l, f, Vec::new()).unwrap()).collect();
    let mut csv = Vec::new();
    assert_eq!(write_csv(&rubric, units.iter().cloned(), &mut csv, &mut tables).unwrap(), UNITS);
    let text = String::from_utf8(csv.clone()).unwrap();
    let template = rubric::report::template::template_csv(&rubric, &[]);
    let head: String = template.split_inclusive("\r\n").take(3).collect();
    assert!(text.starts_with(&head), "the CSV opens with the template's three rows");
    let mut read = rubric::facts::csv::from_csv_bytes(&csv).unwrap();
    let mut in_step = read.clone();
    for t in tables {
        let list = lists(&rubric).into_iter().next().unwrap().0;
        let bytes = t.finish().unwrap();
        let (mut by, _) =
            rubric::facts::list_stream::read_by_unit(&bytes, &list, &FactsLimits::default(), |_| Vec::new()).unwrap();
        read.iter_mut().for_each(|u| by.join(u));
        by.finish().unwrap();
        // The table as written is grouped by unit in the units' order: `score` reads it in step.
        let limits = FactsLimits::default();
        let groups = rubric::facts::list_step::grouped(bytes.as_slice(), &limits, |_| Vec::new()).unwrap();
        assert_eq!(groups.len(), UNITS);
        let mut step = rubric::facts::list_step::InStep::new(bytes.as_slice(), &list, &limits, groups);
        in_step.iter_mut().for_each(|u| step.join(u).unwrap());
        assert!(step.left().unwrap().is_none());
    }
    assert_eq!(scores(&rubric, &read), want, "CSV");
    assert_eq!(scores(&rubric, &in_step), want, "CSV, the list table in step");

    let mut json = Vec::new();
    write_json(&rubric, units.iter().cloned(), &mut json).unwrap();
    let read = rubric::facts::from_json(std::str::from_utf8(&json).unwrap()).unwrap();
    assert_eq!(scores(&rubric, &read), want, "JSON");

    let mut jsonl = Vec::new();
    write_jsonl(units.iter().cloned(), &mut jsonl).unwrap();
    let read: Vec<UnitFacts> =
        rubric::facts::json_lines(jsonl.as_slice(), &FactsLimits::default()).collect::<Result<_, _>>().unwrap();
    assert_eq!(scores(&rubric, &read), want, "JSON Lines");
}
