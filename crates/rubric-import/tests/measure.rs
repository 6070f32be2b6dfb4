//! The metadata measure of issue 20: the seeds imported and compared, row by row (matched by id),
//! with the hand-written files in `rules/`: the share of rows whose points, 完成时限, 牵头领导,
//! 责任股室 and 责任人 equal the hand file's. Prints the table and asserts the shares measured, so
//! that they cannot fall.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::print_stdout)] // test code: failing loudly is the point

use rubric::{LoadError, Loader, Rubric};
use rubric_import::{Limits, Origin};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads rule files from `rules/` of the repository.
struct Rules;

impl Loader for Rules {
    fn load(&self, path: &str, _max_bytes: usize) -> Result<String, LoadError> {
        std::fs::read_to_string(root().join("rules").join(path)).map_err(|e| e.to_string().into())
    }
}

fn hand(path: &str) -> Rubric {
    let load = rubric::load(path, &Rules);
    load.into_rubric().unwrap_or_else(|| panic!("{path} does not load"))
}

fn draft(text: &str) -> Rubric {
    let load = rubric::load("draft.rubric", &rubric::MemoryLoader::new().with("draft.rubric", text));
    load.into_rubric().unwrap()
}

/// Fields compared, in the table's order.
const FIELDS: [&str; 5] = ["points", "due", "lead", "office", "owner"];

/// Counts of rows right per field, and rows compared, for one draft against its hand file.
fn compare(draft: &Rubric, hand: &Rubric, label: &str, misses: &mut Vec<String>) -> ([usize; 5], usize) {
    let mut right = [0usize; 5];
    let mut rows = 0;
    for d in draft.nodes().filter(|n| n.kind() == rubric::NodeKind::Item) {
        rows += 1;
        let Some(h) = hand.node(d.id()) else {
            misses.push(format!("{label} {}: no such id in the hand file", d.id()));
            continue;
        };
        let (dm, hm) = (d.meta(), h.meta());
        let same =
            [d.max() == h.max(), dm.due == hm.due, dm.lead == hm.lead, dm.office == hm.office, dm.owner == hm.owner];
        for (i, ok) in same.iter().enumerate() {
            if *ok {
                right[i] += 1;
            } else {
                let (a, b) = match i {
                    0 => (d.max().to_string(), h.max().to_string()),
                    1 => (format!("{:?}", dm.due), format!("{:?}", hm.due)),
                    2 => (format!("{:?}", dm.lead), format!("{:?}", hm.lead)),
                    3 => (format!("{:?}", dm.office), format!("{:?}", hm.office)),
                    _ => (format!("{:?}", dm.owner), format!("{:?}", hm.owner)),
                };
                misses.push(format!("{label} {} {}: draft {a}, hand {b}", d.id(), FIELDS[i]));
            }
        }
    }
    (right, rows)
}

#[test]
fn metadata_of_the_seeds_matches_the_hand_files() {
    let pairs: &[(&str, usize, &str)] = &[
        ("tests/import/seeds/000_daf00672e0fc8c79.txt", 0, "wushen-2024.rubric"),
        ("tests/import/seeds/002_1e2b8b03e63d5aa8.txt", 0, "county-2021/service-center.rubric"),
        ("tests/import/seeds/002_1e2b8b03e63d5aa8.txt", 1, "county-2021/cemetery.rubric"),
        ("tests/import/seeds/002_1e2b8b03e63d5aa8.txt", 2, "county-2021/retired-cadres.rubric"),
    ];
    let origin = Origin { source: "seed".into(), date: "2026-12-07".into() };
    let (mut right, mut rows, mut misses) = ([0usize; 5], 0usize, Vec::new());
    println!("| draft | rows | {} |", FIELDS.join(" | "));
    println!("| --- | ---: |{}", " ---: |".repeat(5));
    for (doc, table, hand_path) in pairs {
        let bytes = std::fs::read(root().join(doc)).unwrap();
        let drafts = rubric_import::import(doc, &bytes, &origin, &Limits::default()).unwrap();
        let d = draft(&drafts[*table].text);
        let (r, n) = compare(&d, &hand(hand_path), hand_path, &mut misses);
        println!("| {hand_path} | {n} | {} |", r.map(|x| x.to_string()).join(" | "));
        for i in 0..5 {
            right[i] += r[i];
        }
        rows += n;
    }
    let shares = right.map(|r| r * 1000 / rows.max(1));
    println!("| all | {rows} | {} |", shares.map(|s| format!("{}.{}%", s / 10, s % 10)).join(" | "));
    for m in &misses {
        println!("miss: {m}");
    }
    // The shares measured (per mille, rounded down): they may rise, never fall.
    let floor = [1000, 976, 1000, 1000, 1000];
    for i in 0..5 {
        assert!(shares[i] >= floor[i], "{} share fell to {} ‰ (was {} ‰)", FIELDS[i], shares[i], floor[i]);
    }
}
