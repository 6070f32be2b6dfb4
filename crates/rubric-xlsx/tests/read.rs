//! Facts read from workbooks made by a real spreadsheet program (LibreOffice, `tests/xlsx/make.sh`)
//! and from workbooks written as Excel writes them (rust_xlsxwriter: 17-digit doubles, a
//! formula's saved result), each read exactly: every unit's values as text, the notes, the
//! scores; and every refusal located by sheet and cell.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric::{MemoryLoader, Raw, Rubric, UnitFacts};
use rubric_xlsx::{FactsRead, WorkbookLimits, read_facts};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/xlsx").join(name)).unwrap()
}

fn rules() -> Rubric {
    let text = std::fs::read_to_string(root().join("tests/xlsx/facts.rubric")).unwrap();
    let load = rubric::load("facts.rubric", &MemoryLoader::new().with("facts.rubric", text));
    load.rubric.unwrap()
}

/// Every unit as `unit: fact=value (place), …`, then its score or its errors, then the notes.
fn shown(read: &FactsRead) -> String {
    let rubric = rules();
    let mut out = String::new();
    for u in &read.units {
        out.push_str(&format!("{}\n", u.unit));
        for (i, (name, raw)) in u.values.iter().enumerate() {
            let value = match raw {
                Raw::Number(n) => n.clone(),
                Raw::Text(t) => format!("{t:?}"),
                Raw::Bool(b) => b.to_string(),
                Raw::Null => "—".into(),
            };
            let at = u.places.get(i).cloned().flatten().map(|p| p.to_string()).unwrap_or_default();
            out.push_str(&format!("  {name} = {value}  ({at})\n"));
        }
        out.push_str(&score(&rubric, u));
    }
    for n in &read.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

fn score(rubric: &Rubric, u: &UnitFacts) -> String {
    let mut u = u.clone();
    let mut check = rubric::facts_text::UnknownColumns::default();
    let mut out = String::new();
    for e in check.set_aside(rubric, &mut u) {
        out.push_str(&format!("  column: {e}\n"));
    }
    match rubric.evaluate(&u) {
        Ok(s) => out.push_str(&format!("  score {}\n", s.score)),
        Err(e) => {
            out.push_str(&format!("  error: {e}\n"));
            for p in miette::Diagnostic::related(&e).into_iter().flatten() {
                out.push_str(&format!("    {p}\n"));
            }
        }
    }
    out
}

fn check(bytes: &[u8], expect: &str) {
    let got = match read_facts(bytes, &WorkbookLimits::default()) {
        Ok(read) => shown(&read),
        Err(e) => {
            format!("error: {e}\n{}", miette::Diagnostic::help(&e).map(|h| format!("help: {h}\n")).unwrap_or_default())
        }
    };
    assert_eq!(got, expect, "\n--- got ---\n{got}");
}

#[test]
fn a_libreoffice_workbook_reads_as_the_sheet_shows_it() {
    let expect = r#"乌审旗
  核查完成数 = 175  (sheet 事实, cell B3)
  应核查数 = 200  (sheet 事实, cell C3)
  参训率 = "87.5%"  (sheet 事实, cell D3)
  按时上报 = "是"  (sheet 事实, cell E3)
  发放日期 = "2024-07-31"  (sheet 事实, cell F3)
  补助金额 = 1234.5  (sheet 事实, cell G3)
  联系人 = "张三"  (sheet 事实, cell H3)
  备注 = "按时"  (sheet 事实, cell I3)
  column: sheet 事实, column H, `联系人`, is not a fact of the rubric; its cells are not read
  score 8
杭锦旗
  核查完成数 = 130  (sheet 事实, cell B4)
  应核查数 = 200  (sheet 事实, cell C4)
  参训率 = "79.5%"  (sheet 事实, cell D4)
  按时上报 = "否"  (sheet 事实, cell E4)
  发放日期 = "2024-08-15"  (sheet 事实, cell F4)
  补助金额 = 0.3  (sheet 事实, cell G4)
  联系人 = "李四"  (sheet 事实, cell H4)
  备注 = —  (sheet 事实, cell I4)
  column: sheet 事实, column H, `联系人`, is not a fact of the rubric; its cells are not read
  score 2
鄂托克旗
  核查完成数 = 190  (sheet 事实, cell B5)
  应核查数 = 200  (sheet 事实, cell C5)
  参训率 = "100%"  (sheet 事实, cell D5)
  按时上报 = "√"  (sheet 事实, cell E5)
  发放日期 = "2024-07-01"  (sheet 事实, cell F5)
  补助金额 = 12345678.9  (sheet 事实, cell G5)
  联系人 = "王五"  (sheet 事实, cell H5)
  备注 = —  (sheet 事实, cell I5)
  column: sheet 事实, column H, `联系人`, is not a fact of the rubric; its cells are not read
  score 9
note: the facts are read from the sheet `事实`, the first; the workbook's other sheets (`说明`) are not read
note: 2 cells of sheet 事实 hold a formula (B4; G4): read by the value last calculated and saved with the workbook, not calculated again
note: cells whose format shows fewer decimals than they hold are read by the value held: D4 shows 80%, holds 79.5%
note: sheet 事实 has hidden rows 5 and columns H: they are read like the others, as a spreadsheet saves them to CSV
note: column I, `备注`, holds notes and is not read
"#;
    check(&fixture("units.xlsx"), expect);
}

#[test]
fn the_same_workbook_as_ods_reads_the_same_values_but_its_percents_as_fractions() {
    let read = read_facts(&fixture("units.ods"), &WorkbookLimits::default()).unwrap();
    let xlsx = read_facts(&fixture("units.xlsx"), &WorkbookLimits::default()).unwrap();
    assert_eq!(read.units.len(), xlsx.units.len());
    for (o, x) in read.units.iter().zip(&xlsx.units) {
        for ((name, a), (_, b)) in o.values.iter().zip(&x.values) {
            if name == "参训率" {
                // An .ods cell does not say it is a percent through calamine: its fraction.
                assert!(matches!(a, Raw::Number(_)), "{a:?}");
            } else {
                assert_eq!(a, b, "{} {name}", o.unit);
            }
        }
    }
}
