//! A CSV facts table bound by column (`rubric::columns`) binds every unit it reads exactly as the
//! table read by name and bound with `Rubric::bind` does: the same name, the same value in every
//! slot, the same scores; anything else it must leave to the old path (`Slow`). Checked for
//! arbitrary cell texts under every fact of every rubric of the corpus, and on every shipped CSV
//! facts file under every rubric.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use proptest::prelude::*;
use rubric::Rubric;
use rubric::columns::Columns;
use rubric::facts::csv_chunks::Chunks;
use rubric_syntax::ast::FactType;

/// Every rule file that loads as a rubric without periods, loaded once.
fn corpus() -> &'static [(String, Rubric)] {
    static CORPUS: std::sync::OnceLock<Vec<(String, Rubric)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(load_corpus)
}

fn load_corpus() -> Vec<(String, Rubric)> {
    common::corpus_rubrics().into_iter().filter(|(_, r)| !r.has_periods()).collect()
}

/// The table with note rows after its header, so that its first chunk (read with the header,
/// by name) holds no unit and every unit is in a chunk read by column.
fn padded(text: &str) -> Option<String> {
    let head = text.find('\n')?;
    let notes = "#填充，不读\n".repeat(400);
    Some(format!("{}{notes}{}", &text[..=head], &text[head + 1..]))
}

/// Reads `bytes` both ways under `r`: how many units read by column were compared, each found
/// the same as read by name.
fn same_both_ways(file: &str, r: &Rubric, bytes: &[u8]) -> usize {
    let limits = rubric::facts::FactsLimits::default();
    let by_name: Vec<Result<rubric::UnitFacts, rubric::FactsError>> =
        rubric::facts::csv::read_with(bytes, &limits).collect();
    let mut chunks = Chunks::new(bytes, &limits, 4096);
    let Ok((rows, first)) = chunks.start() else { return 0 };
    assert!(first.is_empty(), "{file}: units in the first chunk");
    let Some(columns) = Columns::new(r, rows.names()) else { return 0 };
    let (mut at, mut compared) = (0usize, 0usize);
    let mut seen = std::collections::HashSet::new();
    while let Ok(Some(chunk)) = chunks.next_chunk() {
        let read = columns.read(r, &rows, &chunk);
        let Ok(units) = read else {
            // Left to the old path: as many units as it reads there.
            match rows.units(&chunk) {
                Ok(us) => at += us.len(),
                Err(_) => break,
            }
            continue;
        };
        for unit in units {
            let name = unit.unit.clone();
            // A unit given twice is not admitted (`Admitted`): the stream reads on from there.
            if !seen.insert(name.clone()) {
                return compared;
            }
            let fast = r.bind_row(unit, &[], Vec::new(), &columns);
            let Some(Ok(facts)) = by_name.get(at) else {
                assert!(fast.is_err(), "{file}: unit {name} bound by column, not read by name");
                at += 1;
                continue;
            };
            assert_eq!(facts.unit, name, "{file}: unit {at}");
            if let Ok(b) = fast {
                // As `score` reads a table: the columns the rubric does not declare set aside.
                let mut facts = facts.clone();
                let _ = rubric::UnknownColumns::default().set_aside(r, &mut facts);
                let slow =
                    r.bind(&facts).unwrap_or_else(|e| panic!("{file}: {name} bound by column, not by name: {e}"));
                for slot in 0..r.facts().count() {
                    assert_eq!(b.get(slot), slow.get(slot), "{file}: {name}, fact {slot}");
                }
                assert_eq!(format!("{:?}", r.score(&b)), format!("{:?}", r.score(&slow)), "{file}: {name}");
                compared += 1;
            }
            at += 1;
        }
    }
    compared
}

#[test]
fn every_shipped_csv_facts_file_binds_by_column_as_by_name() {
    let corpus = corpus();
    let mut files = Vec::new();
    for dir in ["rules", "tests"] {
        let mut stack = vec![common::root().join(dir)];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "csv") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    assert!(files.len() > 20, "{} CSV files", files.len());
    let mut compared = 0;
    for p in &files {
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        let Some(text) = padded(&text) else { continue };
        for (f, r) in corpus {
            compared += same_both_ways(&format!("{} under {f}", p.display()), r, text.as_bytes());
        }
    }
    // The seed 000 units of tests/facts/wushen-2024.csv at least.
    assert!(compared > 10, "{compared} units compared");
}

/// A cell as offices type them: numbers, rates, yes and no, dates, kinds' names, 不适用, and
/// anything else.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,6}(\\.[0-9]{0,4})?",
        " ?[0-9]{1,3}(\\.[0-9]{1,2})? ?[%％]? ?",
        "是|否|对|错|有|无|yes|No|Y|TRUE|false| 是 |√|×",
        "20[0-9]{2}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?( 0:00| 12:30)?",
        "[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}",
        "不适用|无此项|N/A|n/a|#N/A|#DIV/0!|1e3|1.2E+5|1,234|１２|'=1|'-3|",
        "城区|郊区|山区|一般|较大|重大|火灾|交通|无",
        ".{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// Any cells under any rubric's facts: a unit bound by column is bound as by name.
    #[test]
    fn any_cell_binds_by_column_as_by_name(pick in 0usize..1000, cells in prop::collection::vec(cell(), 1..40)) {
        let corpus = corpus();
        let (file, r) = &corpus[pick % corpus.len()];
        let facts: Vec<_> = r.facts().filter(|f| f.ty() != FactType::List).collect();
        let names: Vec<String> = facts.iter().map(|f| f.name().to_string()).collect();
        // Each fact's cell: the first of the cells (from its own place on) that the fact takes,
        // so that many units are whole and bound by column, else the cell at its place.
        let pick_cell = |i: usize| -> String {
            let at = |j: usize| cells[(i + j) % cells.len()].clone();
            (0..cells.len())
                .map(at)
                .find(|c| facts[i].accepts(&rubric::Raw::Text(c.trim().to_string())))
                .unwrap_or_else(|| at(0))
        };
        // One table a row (a chunk with one row refused is read by name whole): the cells
        // each fact takes, then cells as they come.
        for k in 0..3 {
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
            let header: Vec<&str> = std::iter::once("单位").chain(names.iter().map(String::as_str)).collect();
            w.write_record(&header).unwrap();
            let row: Vec<String> = std::iter::once(format!("单位{k}"))
                .chain((0..names.len()).map(|i| if k == 0 { pick_cell(i) } else { cells[(i + k) % cells.len()].clone() }))
                .collect();
            w.write_record(&row).unwrap();
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            same_both_ways(file, r, padded(&text).unwrap().as_bytes());
        }
    }
}
