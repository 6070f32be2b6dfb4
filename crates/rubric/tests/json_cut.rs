//! A JSON facts file cut into its units' bytes (`facts::json_cut`), the units parsed alone and
//! admitted in order, and the stream (`facts::json_stream`) reading the file again from the
//! first unit not taken (as `rulecheck` does): the same units handed on, in the same order, and
//! the same error, as the stream alone, on every JSON file of the repository, on hostile texts
//! and on files of many blocks cut at every place.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::facts::json_cut::{Admit, Cut, cut};
use rubric::facts::json_lines_cut::{LineAdmit, split};
use rubric::facts::{FactsLimits, json_stream};
use rubric::{FactsError, UnitFacts};

/// The units handed on and the error, as its words and every detail.
type Said = (Vec<UnitFacts>, Option<String>);

fn error(e: FactsError) -> String {
    format!("{e} {e:?}")
}

/// The stream alone, from the unit at `skip` on.
fn stream(bytes: &[u8], limits: &FactsLimits, skip: usize) -> Said {
    let (mut units, mut n) = (Vec::new(), 0);
    let r = json_stream::read(bytes, limits, |u| {
        n += 1;
        if n > skip {
            units.push(u);
        }
        true
    });
    (units, r.err().map(error))
}

/// The cut, then the stream from the first unit not taken; and whether the stream was needed.
fn cut_then_stream(bytes: &[u8], limits: &FactsLimits, size: usize) -> (Said, bool) {
    let (mut units, mut admit, mut whole) = (Vec::new(), Admit::default(), true);
    let ended = cut(bytes, limits, size, |raw| {
        for i in 0..raw.len() {
            match raw.parse(i, limits) {
                Some(u) if admit.admit(&u) => units.push(u),
                _ => {
                    whole = false;
                    return false;
                }
            }
        }
        true
    });
    if whole && ended == Cut::Whole {
        return ((units, None), false);
    }
    let (more, e) = stream(bytes, limits, admit.count());
    units.extend(more);
    ((units, e), true)
}

fn same(name: &str, bytes: &[u8], limits: &FactsLimits) -> bool {
    let want = stream(bytes, limits, 0);
    let mut slow = false;
    for size in [1, 3, 1000] {
        let (got, again) = cut_then_stream(bytes, limits, size);
        assert_eq!(got, want, "{name}, {size} at a time");
        slow |= again;
    }
    slow
}

#[test]
fn every_json_file_cuts_as_it_streams() {
    let root = common::root();
    let mut files = Vec::new();
    for dir in ["rules", "tests", "docs"] {
        common::json_files(&root.join(dir), &mut files);
    }
    files.extend(std::fs::read_dir(root.join("tests/hostile/facts")).unwrap().map(|e| e.unwrap().path()));
    assert!(files.len() > 30, "{files:?}");
    let small = FactsLimits { max_depth: 3, ..FactsLimits::default() };
    let mut fast = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        fast += usize::from(!same(&name, &bytes, &FactsLimits::default()));
        same(&format!("{name} (depth 3)"), &bytes, &small);
    }
    // Most files of units are read by the cut alone.
    assert!(fast > 10, "{fast} of {} files read without the stream", files.len());
}

#[test]
fn hostile_json_cuts_as_it_streams() {
    let cases = common::hostile_json();
    for (name, bytes) in &cases {
        same(name, bytes, &FactsLimits::default());
        same(name, bytes, &FactsLimits { max_depth: 4, ..FactsLimits::default() });
        same(name, bytes, &FactsLimits { max_depth: 1, ..FactsLimits::default() });
    }
}

/// Units of every length, so that the blocks of the reader (64 KiB) end at every place of a
/// unit; with a zero byte, a byte that is not UTF-8 or a unit given twice far in.
#[test]
fn many_blocks_cut_as_they_stream() {
    let mut text = String::from("{\"rubric\": \"规则\", \"units\": [\n");
    for i in 0..3000 {
        let pad = "x".repeat(i % 97);
        text.push_str(&format!(
            "{}{{\"unit\": \"单位{i}\", \"facts\": {{\"说明\": \"{pad}\\\"{{[\", \"次数\": {i}, \"l\": [{{\"x\": {i}}}]}}}}",
            if i == 0 { "" } else { ",\n" }
        ));
    }
    text.push_str("\n]}\n");
    let limits = FactsLimits::default();
    for shift in 0..40 {
        let shifted = format!("{}{text}", " ".repeat(shift));
        assert!(!same(&format!("shift {shift}"), shifted.as_bytes(), &limits), "shift {shift} read again");
    }
    let bytes = text.as_bytes();
    for at in [70_000, 140_003, 200_001] {
        let mut zero = bytes.to_vec();
        zero[at] = 0;
        same(&format!("a zero byte at {at}"), &zero, &limits);
        let mut bad = bytes.to_vec();
        bad[at] = 0xFF;
        same(&format!("a bad byte at {at}"), &bad, &limits);
    }
    let twice = text.replace("\"单位2500\"", "\"单位2\"");
    assert!(same("a unit twice", twice.as_bytes(), &limits));
}

/// The lines split (`facts::json_lines_cut`), read alone and admitted in order: the units and
/// the first error of `facts::json_lines`, a batch of any size.
#[test]
fn json_lines_split_as_they_stream() {
    let unit = |n: &str| format!(r#"{{"unit": "{n}", "facts": {{"次数": 1}}}}"#);
    let mut many = String::new();
    for i in 0..2000 {
        many.push_str(&unit(&format!("单位{i}")));
        many.push_str(if i % 5 == 0 { "\r\n\n" } else { "\n" });
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", b"".to_vec()),
        ("many", many.clone().into_bytes()),
        ("no last newline", format!("{}\n{}", unit("甲"), unit("乙")).into_bytes()),
        ("a mark", format!("\u{feff}{}\n", unit("甲")).into_bytes()),
        ("UTF-16", b"\xFF\xFE{\x00}\x00".to_vec()),
        ("a zero byte", format!("{}\n{}\0\n", unit("甲"), unit("乙")).into_bytes()),
        ("twice", format!("{}\n\n{}\n", unit("甲"), unit(" 甲 ")).into_bytes()),
        ("bad JSON", format!("{}\n{{\"unit\": \n{}\n", unit("甲"), unit("乙")).into_bytes()),
        ("no name", format!("{}\n{}\n", unit("甲"), unit("  ")).into_bytes()),
        (
            "deep",
            format!(
                "{}\n{{\"unit\": \"乙\", \"facts\": {{\"x\": {}1{}}}}}\n",
                unit("甲"),
                "[".repeat(40),
                "]".repeat(40)
            )
            .into_bytes(),
        ),
        ("GBK", encoding_rs::GBK.encode(&format!("{}\n{}\n", unit("甲"), unit("乌审旗"))).0.into_owned()),
        ("too long", format!("{}\n{}\n", unit("甲"), unit(&"长".repeat(400_000))).into_bytes()),
        ("twice far", format!("{many}{}\n", unit("单位1999")).into_bytes()),
    ];
    let limits = FactsLimits::default();
    for (name, bytes) in &cases {
        let want: Vec<String> = rubric::facts::json_lines(&bytes[..], &limits).map(|r| format!("{r:?}")).collect();
        for size in [1, 7, 4096] {
            let (mut got, mut admit, mut stop) = (Vec::new(), LineAdmit::default(), false);
            let end = split(&bytes[..], &limits, size, |lines| {
                for i in 0..lines.len() {
                    if let Some(u) = lines.read(i, &limits) {
                        let u = u.and_then(|u| admit.admit(u, lines.line(i)));
                        stop = u.is_err();
                        got.push(format!("{u:?}"));
                        if stop {
                            return false;
                        }
                    }
                }
                true
            });
            if let (false, Some(e)) = (stop, end) {
                got.push(format!("{:?}", Err::<UnitFacts, _>(e)));
            }
            assert_eq!(got, want, "{name}, {size} at a time");
        }
    }
}
