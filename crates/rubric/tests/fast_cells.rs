//! The fast forms of a table cell (`eval/fast.rs`: a plain decimal, `87.5%`, `是`/`否`, an ISO
//! date) read exactly as the general reader reads them: for generated cells in those forms and
//! their near misses (leading zeros, `+1`, `1.`, `.5`, `1e3`, full-width digits, `是 `,
//! `2024-2-3`, `2024-02-30`, numbers beyond a `Decimal`, 29 places), under every fact and list
//! field of every rubric of the corpus, a cell read fast is the value (the same digits and scale)
//! the general reader gives it.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use proptest::prelude::*;
use rubric::FactRef;

/// Every fact and list field of every rule file that loads, and of a rubric with each type
/// ranged and not, loaded once.
fn facts() -> &'static [FactRef<'static>] {
    static RUBRICS: std::sync::OnceLock<Vec<rubric::Rubric>> = std::sync::OnceLock::new();
    static FACTS: std::sync::OnceLock<Vec<FactRef<'static>>> = std::sync::OnceLock::new();
    let rubrics = RUBRICS.get_or_init(|| {
        let mut out: Vec<rubric::Rubric> =
            common::rule_files().iter().filter_map(|f| rubric::load(f, &common::Fs).rubric().cloned()).collect();
        let own = r#"rubric "r" {
          fact 次数: count  fact 次数2: count in [1, 5]  fact 得分: points  fact 数: number
          fact 数2: number in [-10, 10]  fact 率: percent  fact 率2: percent in [0%, 200%]
          fact 按时: bool  fact 日期: date  fact 日期2: date in [0001-01-01, ..)
          item a "t" max 1 { award 1 when 次数 > 0 } }"#;
        let load = rubric::load("r.rubric", &rubric::MemoryLoader::new().with("r.rubric", own));
        out.push(load.rubric().cloned().expect("the rubric of every type loads"));
        out
    });
    FACTS.get_or_init(|| {
        rubrics.iter().flat_map(|r| r.facts().flat_map(|f| std::iter::once(f).chain(f.fields()))).collect()
    })
}

/// Cells in the fast forms and near them.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,20}(\\.[0-9]{0,12})?%?",
        "[+ ]?-?0[0-9]{0,3}(\\.[0-9]{0,3})?%? ?",
        "\\.[0-9]{1,3}|[0-9]{1,3}\\.|1e3|1E-2|-0|-0\\.0|0%|-0%|-0\\.00%|１２|12％|1,234|12 %|100%|200\\.5%|0\\.0",
        "-?[0-9]{27,31}(\\.[0-9]{0,30})?%?",
        "-?0\\.[0-9]{25,31}%?",
        "是|否| 是 |是 |否否|是否|'是|'-3|是\u{3000}|Y",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "(00|18|19|20|21|22|99)[0-9]{2}-(0[0-9]|1[0-3])-(0[0-9]|[12][0-9]|3[0-2])( 0:00|T00:00:00| 12:30)?",
        "20[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|２０２４-０２-０３",
        ".{0,8}",
    ]
}

/// The cell read fast, when it has a fast form, is what the general reader reads.
fn same(fact: &FactRef<'_>, cell: &str) -> bool {
    let (fast, general) = fact.cell_both_ways(cell);
    let Some(v) = fast else { return false };
    let Ok(g) = general else {
        panic!("`{cell}` under `{}`: fast {v:?}, the general reader refuses it: {general:?}", fact.name())
    };
    assert_eq!(format!("{v:?}"), format!("{g:?}"), "`{cell}` under `{}`", fact.name());
    assert_eq!(v, g, "`{cell}` under `{}`", fact.name());
    true
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    /// Any cell under every fact: read fast, it is read as the general reader reads it.
    #[test]
    fn a_fast_form_reads_as_the_general_reader(cell in cell()) {
        for f in facts() {
            same(f, &cell);
        }
    }
}

/// The fast forms are taken (the path is used), and the near misses are left to the general
/// reader.
#[test]
fn fast_forms_and_near_misses() {
    let of = |name: &str| facts().iter().find(|f| f.name() == name).unwrap();
    let fast = [
        ("次数", "12"),
        ("次数", "0"),
        ("数", "-3.5"),
        ("数", "0.25"),
        ("得分", "2.50"),
        ("率", "87.5%"),
        ("率", "0"),
        ("率", "0%"),
        ("按时", "是"),
        ("按时", "否"),
        ("按时", " 是 "),
        ("日期", "2024-02-29"),
        ("日期2", "0001-01-01"),
    ];
    for (fact, cell) in fast {
        assert!(same(of(fact), cell), "`{cell}` under `{fact}` is read fast");
    }
    let slow = [
        ("次数", "007"),
        ("次数", "+1"),
        ("次数", "1."),
        ("次数", "3.0"),
        ("数", ".5"),
        ("数", "-0"),
        ("数", "1e3"),
        ("数", "１２"),
        ("数", "1,234"),
        ("数", "1234567890123456789"),
        ("率", "0.875"),
        ("率", "87.5％"),
        ("按时", "是否"),
        ("日期", "2024-2-3"),
        ("日期", "2024-02-30"),
        ("日期", "0024-02-03"),
        ("日期", "2024-02-03 0:00"),
    ];
    for (fact, cell) in slow {
        assert!(!same(of(fact), cell), "`{cell}` under `{fact}` is left to the general reader");
    }
}
