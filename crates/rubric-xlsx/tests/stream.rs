//! A sheet read as a stream (`stream_facts`) gives what the whole read (`read_workbook`) gives:
//! the same units, values and places in the same order, then the same notes in the same order,
//! or the same error after the units of the rows before it; and a workbook it does not stream
//! (an .ods or .xls, a sheet named after a list, a damaged file) is left to the whole read,
//! nothing handed on. On every workbook of the repository, on workbooks written as Excel writes
//! them (17-digit doubles, formulas' saved results, merged ranges, hidden rows, a bad cell far
//! into a sheet of 3,000 rows), and on every workbook cut short or with a byte changed.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric_xlsx::{WorkbookLimits, read_workbook, stream_facts};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::io::Cursor;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a read gave: each unit (its Debug form), then the notes or the error.
#[derive(Debug, PartialEq)]
struct Read {
    units: Vec<String>,
    end: Result<Vec<String>, String>,
}

fn whole(bytes: &[u8], lists: &[&str]) -> Read {
    match read_workbook(bytes, &WorkbookLimits::default(), lists) {
        Ok(r) => Read {
            units: r.units.iter().map(|u| format!("{u:?}")).collect(),
            end: Ok(r.notes.iter().map(|n| format!("{} | {}", n.en(), n.zh())).collect()),
        },
        Err(e) => Read { units: Vec::new(), end: Err(format!("{e:?}")) },
    }
}

/// The streamed read, `None` when the workbook is left to the whole read.
fn streamed(bytes: &[u8], lists: &[&str]) -> Option<Read> {
    let mut units = Vec::new();
    let mut ready = false;
    let open = || Ok(Cursor::new(bytes));
    let end = stream_facts(
        open,
        &WorkbookLimits::default(),
        lists,
        || {
            ready = true;
            true
        },
        |u| {
            units.push(format!("{u:?}"));
            true
        },
    );
    let end = match end {
        Ok(Some(notes)) => Ok(notes.iter().map(|n| format!("{} | {}", n.en(), n.zh())).collect()),
        Ok(None) => {
            assert!(!ready && units.is_empty(), "stopped though never asked to");
            return None;
        }
        Err(e) => Err(format!("{e:?}")),
    };
    assert!(ready);
    Some(Read { units, end })
}

/// Streamed and whole reads agree: the same read, or (an error) the units before it handed on.
fn agree(name: &str, bytes: &[u8], lists: &[&str]) -> bool {
    let w = whole(bytes, lists);
    let Some(s) = streamed(bytes, lists) else { return false };
    match (&s.end, &w.end) {
        (Ok(_), _) => assert_eq!(s, w, "{name}"),
        (Err(se), Err(we)) => {
            assert_eq!(se, we, "{name}");
            assert!(w.units.is_empty());
        }
        (Err(se), Ok(_)) => panic!("{name}: the stream failed where the whole read did not: {se}"),
    }
    true
}

fn workbooks(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if !p.ends_with("target") && !p.ends_with(".git") {
                workbooks(&p, out);
            }
        } else if p.extension().is_some_and(|x| ["xlsx", "xlsm", "ods", "xls"].contains(&x.to_str().unwrap_or(""))) {
            out.push(p);
        }
    }
}

#[test]
fn every_workbook_of_the_repository_streams_as_it_reads_whole() {
    let mut found = Vec::new();
    workbooks(&root().join("tests"), &mut found);
    workbooks(&root().join("rules"), &mut found);
    assert!(found.len() >= 15, "{found:?}");
    let mut streamed = 0;
    for p in &found {
        let bytes = std::fs::read(p).unwrap();
        let name = p.display().to_string();
        let xlsx = p.extension().is_some_and(|x| x == "xlsx");
        for lists in [&[][..], &["事故", "抚恤发放", "核查记录"][..]] {
            let did = agree(&name, &bytes, lists);
            streamed += usize::from(did);
            // An .ods or .xls is read whole.
            assert!(xlsx || !did, "{name}");
        }
    }
    assert!(streamed >= 8, "{streamed} streamed");
}

/// A facts sheet of `rows` units as Excel writes it, with `edit` applied.
fn sheet_of(rows: u32, edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("事实").unwrap();
    for (c, h) in ["单位", "核查完成数", "应核查数", "参训率", "按时上报", "发放日期", "补助金额"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let pct = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for r in 1..=rows {
        sheet.write_string(r, 0, format!("单位{r:05}")).unwrap();
        sheet.write_number(r, 1, f64::from(r % 200)).unwrap();
        sheet.write_number(r, 2, 200).unwrap();
        sheet.write_number_with_format(r, 3, 0.1 + f64::from(r % 9) / 10.0, &pct).unwrap();
        sheet.write_boolean(r, 4, r % 3 == 0).unwrap();
        sheet.write_number_with_format(r, 5, 45504.0 + f64::from(r % 30), &date).unwrap();
        sheet.write_formula(r, 6, Formula::new("=0.1+0.2").set_result("0.30000000000000004")).unwrap();
    }
    edit(sheet);
    book.save_to_buffer().unwrap()
}

#[test]
fn sheets_as_excel_writes_them_stream_as_they_read_whole() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("plain", sheet_of(3_000, |_| {})),
        (
            "a bad value far in",
            sheet_of(3_000, |s| {
                s.write_string(2_801, 1, "两次").unwrap();
            }),
        ),
        (
            "an error value far in",
            sheet_of(3_000, |s| {
                s.write_formula(2_801, 2, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
            }),
        ),
        (
            "a unit given twice far in",
            sheet_of(3_000, |s| {
                s.write_string(2_801, 0, "单位00007").unwrap();
            }),
        ),
        (
            "a cell beyond the header far in",
            sheet_of(3_000, |s| {
                s.write_string(2_801, 9, "多余").unwrap();
            }),
        ),
        (
            "a long number far in",
            sheet_of(3_000, |s| {
                s.write_number(2_801, 1, 12_345_678_901_234_567.0).unwrap();
            }),
        ),
        (
            "merged down a column",
            sheet_of(300, |s| {
                s.merge_range(20, 2, 23, 2, "", &Format::new()).unwrap();
            }),
        ),
        (
            "merged across far in",
            sheet_of(3_000, |s| {
                s.merge_range(2_801, 1, 2_801, 2, "", &Format::new()).unwrap();
            }),
        ),
        (
            "hidden rows and a note row",
            sheet_of(300, |s| {
                s.set_row_hidden(5).unwrap();
                s.write_string(7, 0, "# 备注").unwrap();
            }),
        ),
        (
            "a bad cell in the first row",
            sheet_of(3_000, |s| {
                s.write_formula(1, 1, Formula::new("=1/0").set_result("#N/A")).unwrap();
            }),
        ),
    ];
    for (name, bytes) in &cases {
        assert!(agree(name, bytes, &[]), "{name}: not streamed");
    }
}

#[test]
fn a_workbook_cut_short_or_with_a_byte_changed_is_read_whole_or_fails_as_it_does() {
    let whole = std::fs::read(root().join("tests/xlsx/units.xlsx")).unwrap();
    for cut in [0, 4, 100, whole.len() / 2, whole.len() - 22, whole.len() - 1] {
        let _ = agree(&format!("cut at {cut}"), &whole[..cut], &[]);
    }
    for at in (0..whole.len()).step_by(13) {
        let mut bad = whole.clone();
        bad[at] ^= 0x5A;
        let w = whole_or_panic(&bad);
        if let Some(s) = streamed(&bad, &[]) {
            // A part damaged deep in the zip may be found by either reader first; the stream never
            // reads what the whole read refuses.
            if s.end.is_ok() {
                assert_eq!(s, w, "byte {at}");
            } else {
                assert!(w.end.is_err(), "byte {at}: {:?}", s.end);
            }
        }
    }
}

fn whole_or_panic(bytes: &[u8]) -> Read {
    whole(bytes, &[])
}
