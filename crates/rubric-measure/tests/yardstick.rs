//! The yardstick measured on itself: a file against itself and a renamed copy scores 100%; copies
//! with one band edge moved, one (含) swapped, one point changed, one threshold moved differ in
//! exactly that row (`tests/measure/yardstick/`).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::print_stdout)] // test code: failing loudly is the point

use rubric_measure::{Measure, Side, Verdict, load_side_as, measure};
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn side(path: &str) -> Side {
    load_side_as(&repo(path), path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn differing(m: &Measure) -> Vec<&str> {
    m.ids(|v| !matches!(v, Verdict::Identical { .. }))
}

const DIR: &str = "tests/measure/yardstick";

#[test]
fn a_file_against_itself_is_identical() {
    let hand = side(&format!("{DIR}/hand.rubric"));
    let m = measure(&hand, &hand, 512);
    println!("{}", m.table());
    assert_eq!(m.identical(), (6, 6));
    assert_eq!(m.share().unwrap().to_string(), "100");
}

#[test]
fn the_seed_rubric_against_itself_is_identical() {
    for file in ["rules/wushen-2024.rubric", "rules/county-2021/service-center.rubric"] {
        let hand = side(file);
        let m = measure(&hand, &hand, 64);
        println!("{}", m.table());
        assert_eq!(differing(&m), Vec::<&str>::new(), "{file}");
        assert!(m.identical().1 > 5);
    }
}

#[test]
fn renamed_facts_and_rates_given_as_percents_are_identical() {
    let (hand, draft) = (side(&format!("{DIR}/hand.rubric")), side(&format!("{DIR}/renamed.rubric")));
    let m = measure(&draft, &hand, 512);
    println!("{}", m.table());
    assert_eq!(differing(&m), Vec::<&str>::new());
    assert_eq!(m.share().unwrap().to_string(), "100");
}

#[test]
fn one_change_makes_exactly_its_row_differ() {
    let hand = side(&format!("{DIR}/hand.rubric"));
    for (file, row) in [
        ("edge-moved", "六.2.4"),
        ("incl-swapped", "六.2.4"),
        ("point-changed", "六.1.4"),
        ("threshold-moved", "六.2.2"),
    ] {
        let draft = side(&format!("{DIR}/{file}.rubric"));
        let m = measure(&draft, &hand, 512);
        println!("{}", m.table());
        assert_eq!(differing(&m), [row], "{file}");
        let r = m.rows.iter().find(|r| r.id == row).unwrap();
        assert!(matches!(r.verdict, Verdict::Differs(rubric_measure::Why::Sample { .. })), "{file}: {:?}", r.verdict);
    }
}

#[test]
fn a_ledger_stands_for_the_count_it_gives() {
    let hand = side(&format!("{DIR}/ledger-hand.rubric"));
    let m = measure(&side(&format!("{DIR}/ledger-draft.rubric")), &hand, 512);
    println!("{}", m.table());
    assert_eq!(differing(&m), Vec::<&str>::new());
    let m = measure(&side(&format!("{DIR}/ledger-draft-moved.rubric")), &hand, 512);
    println!("{}", m.table());
    assert_eq!(differing(&m), ["六.2.2"]);
}

#[test]
fn a_draft_item_is_compared_with_the_hand_group_of_its_id() {
    let hand = side(&format!("{DIR}/group-hand.rubric"));
    let m = measure(&side(&format!("{DIR}/group-draft.rubric")), &hand, 512);
    println!("{}", m.table());
    assert_eq!(m.identical(), (3, 3));
    assert!(m.rows.iter().all(|r| r.via.as_deref() == Some("三.4.3")));
    let m = measure(&side(&format!("{DIR}/group-draft-loose.rubric")), &hand, 512);
    println!("{}", m.table());
    assert_eq!(differing(&m), ["三.4.3.1", "三.4.3.2", "三.4.3.3"]);
}
