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
    load.into_rubric().unwrap()
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
                Raw::Records(rs) => format!("{} records", rs.len()),
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
    let mut check = rubric::UnknownColumns::default();
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
note: sheet 事实 has hidden row 5 and column H: they are read like the others, as a spreadsheet saves them to CSV
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

/// The values of every unit, one line each: `unit: fact=value, …` (values as text).
fn values(read: &FactsRead) -> String {
    read.units
        .iter()
        .map(|u| {
            let v: Vec<String> = u
                .values
                .iter()
                .map(|(n, r)| match r {
                    Raw::Number(x) => format!("{n}={x}"),
                    Raw::Text(t) => format!("{n}={t}"),
                    Raw::Bool(b) => format!("{n}={b}"),
                    Raw::Null => format!("{n}=—"),
                    Raw::Records(rs) => format!("{n}={} records", rs.len()),
                })
                .collect();
            format!("{}: {}\n", u.unit, v.join(", "))
        })
        .collect()
}

fn error_of(bytes: &[u8]) -> String {
    let e = read_facts(bytes, &WorkbookLimits::default()).unwrap_err();
    let code = miette::Diagnostic::code(&e).map(|c| c.to_string()).unwrap_or_default();
    let help = miette::Diagnostic::help(&e).map(|h| h.to_string()).unwrap_or_default();
    format!("{code}: {e}\nhelp: {help}")
}

#[test]
fn a_value_merged_down_two_rows_is_each_unit_s_with_a_note() {
    let read = read_facts(&fixture("merged.xlsx"), &WorkbookLimits::default()).unwrap();
    assert_eq!(
        values(&read),
        "乌审旗: 核查完成数=175, 应核查数=200, 参训率=87.5%, 按时上报=是, 发放日期=2024-07-31, 补助金额=1\n\
         杭锦旗: 核查完成数=130, 应核查数=200, 参训率=90%, 按时上报=否, 发放日期=2024-07-31, 补助金额=1\n"
    );
    assert_eq!(en_notes(&read), ["merged cells give their value to every row they span: C2:C3"]);
    assert_eq!(read.notes[0].zh(), "合并单元格的值用于其跨越的每一行：C2:C3");
}

#[test]
fn cells_merged_across_columns_are_refused_naming_the_range() {
    assert_eq!(
        error_of(&fixture("merged-across.xlsx")),
        "rubric::facts-xlsx: sheet 事实, cells B2:C2: the cells are merged across columns, but a facts table has one value in each cell\n\
         help: unmerge the cells (开始 › 合并后居中 › 取消单元格合并) and give each column its own value"
    );
}

#[test]
fn a_formula_error_and_a_date_where_a_count_belongs_name_their_cells() {
    let date_for_count = "fact `核查完成数 (sheet 事实, cell B3)`: expected a number, found \"2024-03-05\", a date: if the cell shows a date by mistake, format it as a number (常规) and type the number again\n";
    let div0 = "fact `应核查数 (sheet 事实, cell C2)`: `#DIV/0!` is a spreadsheet's error value (a formula that failed), not a value; correct the formula or type the value\n";
    let read = read_facts(&fixture("errors.xlsx"), &WorkbookLimits::default()).unwrap();
    let got = score(&rules(), &read.units[0]) + &score(&rules(), &read.units[1]);
    assert_eq!(
        got,
        format!(
            "  error: unit `乌审旗`: 1 problem with its facts\n    {div0}  error: unit `杭锦旗`: 1 problem with its facts\n    {date_for_count}"
        )
    );
    // The same cells of the .ods file are named the same way (its percent cells are fractions).
    let read = read_facts(&fixture("errors.ods"), &WorkbookLimits::default()).unwrap();
    let got = score(&rules(), &read.units[0]) + &score(&rules(), &read.units[1]);
    assert!(got.contains(div0) && got.contains(date_for_count), "{got}");
}

#[test]
fn a_workbook_with_a_password_is_refused_with_how_to_remove_it() {
    assert_eq!(
        error_of(&fixture("encrypted.xlsx")),
        "rubric::facts-xlsx: the workbook is protected with a password (encrypted), so its cells cannot be read\n\
         help: open it in Excel and remove the password (文件 › 信息 › 保护工作簿 › 用密码进行加密, clear the password; in WPS 文件 › 文档加密), save it and read it again"
    );
}

#[test]
fn a_truncated_or_corrupt_workbook_is_refused_never_a_panic() {
    let whole = fixture("units.xlsx");
    for cut in [0, 4, 100, whole.len() / 2, whole.len() - 22, whole.len() - 1] {
        let e = error_of(&whole[..cut]);
        assert!(e.starts_with("rubric::facts-xlsx: the workbook cannot be read"), "cut at {cut}: {e}");
    }
    // Every byte flipped in turn, for the first 4 KiB: an error or a read, never a panic.
    for at in (0..whole.len().min(4096)).step_by(7) {
        let mut bad = whole.clone();
        bad[at] ^= 0x5A;
        let _ = read_facts(&bad, &WorkbookLimits::default());
    }
    assert!(
        error_of(b"\xEF\xBB\xBF\xE5\x8D\x95\xE4\xBD\x8D,x\n")
            .contains("it is text, not a workbook (it starts `单位,x`)")
    );
}

/// A workbook as Excel writes it: a double in 17 digits, a formula with its saved result.
fn excel_like(build: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("事实").unwrap();
    for (c, h) in ["单位", "核查完成数", "应核查数", "参训率", "按时上报", "发放日期", "补助金额"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    build(sheet);
    book.save_to_buffer().unwrap()
}

#[test]
fn float_noise_is_read_as_excel_shows_it_with_a_note() {
    let pct = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bytes = excel_like(|s| {
        s.write_string(1, 0, "乌审旗").unwrap();
        s.write_number(1, 1, 175).unwrap();
        s.write_number(1, 2, 200).unwrap();
        s.write_number_with_format(1, 3, 0.1 + 0.7, &pct).unwrap(); // 0.7999999999999999
        s.write_boolean(1, 4, true).unwrap();
        s.write_number_with_format(1, 5, 45504.0, &date).unwrap();
        s.write_formula(1, 6, Formula::new("=0.1+0.2").set_result("0.30000000000000004")).unwrap();
    });
    let read = read_facts(&bytes, &WorkbookLimits::default()).unwrap();
    assert_eq!(
        values(&read),
        "乌审旗: 核查完成数=175, 应核查数=200, 参训率=80%, 按时上报=TRUE, 发放日期=2024-07-31, 补助金额=0.3\n"
    );
    assert_eq!(
        en_notes(&read),
        [
            "1 cell of sheet 事实 holds a formula (G2): read by the value last calculated and saved with the workbook, not calculated again",
            "float noise removed, reading the numbers as the sheet shows them (15 significant digits): D2 0.7999999999999999 (as a fraction) → 80%; G2 0.30000000000000004 → 0.3",
        ]
    );
    assert_eq!(score(&rules(), &read.units[0]), "  score 8\n");
}

/// The number a cell stores is read from its text in the sheet's XML, never through a double:
/// `1.00000000000000000001` is a double's 1, and the text's 21 digits say that it was rounded.
#[test]
fn a_number_is_read_from_the_text_the_cell_stores_not_from_a_double() {
    let bytes = excel_like(|s| {
        s.write_string(1, 0, "乌审旗").unwrap();
        s.write_formula(1, 1, Formula::new("=175").set_result("175")).unwrap();
        s.write_number(1, 2, 200).unwrap();
        s.write_formula(1, 6, Formula::new("=1").set_result("1.00000000000000000001")).unwrap();
        s.write_formula(1, 3, Formula::new("=0.8").set_result("0.12345678901234549")).unwrap();
    });
    let read = read_facts(&bytes, &WorkbookLimits::default()).unwrap();
    assert!(values(&read).ends_with("补助金额=1\n"), "{}", values(&read));
    assert!(values(&read).contains("参训率=0.123456789012345,"), "{}", values(&read));
    assert_eq!(
        en_notes(&read).last().copied(),
        Some(
            "float noise removed, reading the numbers as the sheet shows them (15 significant digits): D2 0.12345678901234549 → 0.123456789012345; G2 1.00000000000000000001 → 1"
        )
    );
}

#[test]
fn dates_are_counted_as_excel_counts_them_with_its_1900_leap_day_refused() {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let read_date = |serial: f64| {
        let bytes = excel_like(|s| {
            s.write_string(1, 0, "甲").unwrap();
            s.write_number_with_format(1, 5, serial, &date).unwrap();
        });
        match read_facts(&bytes, &WorkbookLimits::default()) {
            Ok(r) => values(&r),
            Err(e) => e.to_string(),
        }
    };
    assert_eq!(read_date(1.0), "甲: 核查完成数=—, 应核查数=—, 参训率=—, 按时上报=—, 发放日期=1900-01-01, 补助金额=—\n");
    assert_eq!(
        read_date(59.0),
        "甲: 核查完成数=—, 应核查数=—, 参训率=—, 按时上报=—, 发放日期=1900-02-28, 补助金额=—\n"
    );
    assert_eq!(
        read_date(61.0),
        "甲: 核查完成数=—, 应核查数=—, 参训率=—, 按时上报=—, 发放日期=1900-03-01, 补助金额=—\n"
    );
    assert_eq!(
        read_date(60.0),
        "sheet 事实, cell F2: the cell holds the date 1900-02-29, a day that does not exist (a spreadsheet counts it, after an old Lotus bug); correct the date"
    );
    // A time of day is kept, so that a date fact refuses it.
    assert!(read_date(45504.5).contains("发放日期=2024-07-31 12:00:00"));
}

#[test]
fn a_long_number_is_refused_and_a_number_with_grouping_reads_whole() {
    let bytes = excel_like(|s| {
        s.write_string(1, 0, "甲").unwrap();
        s.write_number(1, 6, 12_345_678_901_234_567.0).unwrap();
    });
    assert!(error_of(&bytes).contains(
        "sheet 事实, cell G2: the cell holds 12345678901234568, a number of more than 15 digits, more than a spreadsheet keeps"
    ));
}

#[test]
fn the_gbk_csv_libreoffice_saves_reads_as_the_workbook_does() {
    let bytes = fixture("gbk.csv");
    let mut table = rubric::facts::csv::read_with(&bytes, &Default::default());
    let units: Vec<UnitFacts> = (&mut table).collect::<Result<_, _>>().unwrap();
    let read = FactsRead { units, notes: table.notes(), lists: Vec::new() };
    assert_eq!(
        values(&read),
        "乌审旗: 核查完成数=1,175, 应核查数=1,200, 参训率=87.5%, 按时上报=是, 发放日期=2024/7/31, 补助金额=1,234.50, 备注=按时报送\n\
         杭锦旗: 核查完成数=130, 应核查数=200, 参训率=79.5%, 按时上报=否, 发放日期=2024/8/15, 补助金额=0.3, 备注=—\n"
    );
    assert_eq!(
        en_notes(&read),
        [
            "the table was read as GB18030 (GBK), as Excel and WPS save plain \"CSV (逗号分隔)\" on Chinese Windows",
            "column H, `备注`, holds notes and is not read"
        ]
    );
    let rubric = rules();
    let scores: Vec<String> = read.units.iter().map(|u| score(&rubric, u)).collect();
    assert_eq!(scores, ["  score 9\n", "  score 2\n"]);
}

/// The notes of a read, in English.
fn en_notes(read: &FactsRead) -> Vec<&str> {
    read.notes.iter().map(|n| n.en()).collect()
}

#[test]
fn sheets_named_after_lists_are_read_as_their_tables_one_row_a_record() {
    for book in ["lists.xlsx", "lists.ods"] {
        let read =
            rubric_xlsx::read_workbook(&fixture(book), &WorkbookLimits::default(), &["事故", "表彰", "案卷", "无此表"])
                .unwrap();
        let units: Vec<&str> = read.units.iter().map(|u| u.unit.as_str()).collect();
        assert_eq!(units, ["甲", "乙", "丙"], "{book}");
        let lists: Vec<(&str, usize)> = read.lists.iter().map(|l| (l.list.as_str(), l.rows.len())).collect();
        assert_eq!(lists, [("事故", 3), ("表彰", 3), ("案卷", 2)], "{book}");
        // A value keeps its place on its sheet, for errors that name it (the note row 3 is skipped).
        let place = read.lists[0].rows[1].places.iter().flatten().next().unwrap().to_string();
        assert_eq!(place, "sheet 事故, cell B4", "{book}");
        // Without the lists asked for, the sheets are other sheets, not read.
        let plain = read_facts(&fixture(book), &WorkbookLimits::default()).unwrap();
        assert!(plain.lists.is_empty());
        assert!(plain.notes[0].en().contains("(`事故`, `表彰`, `案卷`, `说明`) are not read"), "{:?}", plain.notes);
    }
}
