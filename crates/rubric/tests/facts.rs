//! Facts from CSV (as Excel saves it) and TOML, exactly; blank facts templates that read back.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::facts::{Place, from_json};
use rubric::{FactsError, MemoryLoader, Raw, Rubric, UnitFacts, UnitScore, from_csv, from_csv_bytes, from_toml};

const RULES: &str = r#"rubric "r" max 10 {
  fact 核查完成数: count "已完成核查的人数"
  fact 应核查数: count "应核查的人数"
  fact 完成率: percent "任务完成率"
  fact 已召开: bool "是否召开了会议"
  fact 发放日期: date "补助金发放完成日期"
  let 核查完成率 = 核查完成数 / 应核查数 on zero => 100%
  item A "核查" max 2 { band 核查完成率 { [0, 50%) => 0  [50%, 90%] => 1  (90%, ..) => 2 } }
  item B "完成率" max 2 { band 完成率 { [0, 80%) => 0  [80%, 100%] => 2 } }
  item C "会议" max 3 { award 3 when 已召开 }
  item D "发放" max 3 { award 3 when 发放日期 <= 2024-07-31 }
}"#;

fn rules() -> Rubric {
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", RULES));
    load.rubric().cloned().unwrap_or_else(|| panic!("rules do not check: {:?}", load.report))
}

fn wushen() -> Rubric {
    rubric::load("rules/wushen-2024.rubric", &common::Fs).into_rubric().unwrap()
}

fn wushen_json() -> Vec<UnitFacts> {
    from_json(&std::fs::read_to_string(common::root().join("rules/wushen-2024.facts.json")).unwrap()).unwrap()
}

/// Each unit's total, or the error with every problem listed, one per line.
fn scores(rubric: &Rubric, units: &[UnitFacts]) -> String {
    let mut out = String::new();
    for u in units {
        match rubric.evaluate(u) {
            Ok(s) => out.push_str(&format!("{}: {}\n", u.unit, s.score.normalize())),
            Err(e) => {
                out.push_str(&format!("{}: error: {e}\n", u.unit));
                for p in miette::Diagnostic::related(&e).into_iter().flatten() {
                    out.push_str(&format!("  {p}\n"));
                }
            }
        }
    }
    out
}

/// Reads `text` with `read` and checks the scores of every unit against `rules` (or the error).
fn check(read: fn(&str) -> Result<Vec<UnitFacts>, FactsError>, text: &str, expect: &str) {
    let got = match read(text) {
        Ok(units) => scores(&rules(), &units),
        Err(e) => format!("file error: {e}\n"),
    };
    assert_eq!(got, expect, "reading:\n{text}");
}

fn csv_err(text: &str) -> String {
    from_csv(text).unwrap_err().to_string()
}

fn at(row: usize, column: usize) -> Option<Place> {
    Some(Place { row, column: Some(column), sheet: None })
}

fn num(s: &str) -> Raw {
    Raw::Number(s.into())
}

fn text(s: &str) -> Raw {
    Raw::Text(s.into())
}

// ------------------------------------------------------------------ CSV

const TABLE: &str = "单位,核查完成数,应核查数,完成率,已召开,发放日期
#类型,count（整数）,count（整数）,percent（如 87.5%）,bool（是/否）,date（2024-07-31）
乌审旗,175,200,87.5%,是,2024/7/31
鄂托克旗, 90 ,200,50%,否,2024-08-01

杭锦旗,0,0,100%,TRUE,2024年7月1日
";

#[test]
fn csv_cells_keep_their_text_type_and_place() {
    let units = from_csv(TABLE).unwrap();
    let names: Vec<&str> = units.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(names, ["乌审旗", "鄂托克旗", "杭锦旗"]);
    let first = &units[0];
    let names = ["核查完成数", "应核查数", "完成率", "已召开", "发放日期"];
    let values = [num("175"), num("200"), text("87.5%"), text("是"), text("2024/7/31")];
    assert_eq!(first.values, names.iter().map(|n| n.to_string()).zip(values).collect::<Vec<_>>());
    assert_eq!(first.places, (2..=6).map(|c| at(3, c)).collect::<Vec<_>>());
    // Cells are trimmed; the blank line is a row of its own, as Excel shows it.
    assert_eq!(units[1].values[0], ("核查完成数".to_string(), num("90")));
    assert_eq!(units[1].values[4], ("发放日期".to_string(), text("2024-08-01")));
    assert_eq!(units[2].places[0], at(6, 2));
    assert_eq!(units[2].values[3], ("已召开".to_string(), text("TRUE")));
}

#[test]
fn csv_scores_exactly_with_excel_spellings() {
    // 乌审旗: 87.5% checked → 1; 87.5% done → 2; 是 → 3; 2024/7/31 on time → 3.
    // 鄂托克旗: 45% → 0; 50% → 0; 否 → 0; 2024-08-01 late → 0.
    // 杭锦旗: 0 of 0 → 100% by policy → 2; 100% → 2; TRUE → 3; 2024年7月1日 → 3.
    check(from_csv, TABLE, "乌审旗: 9\n鄂托克旗: 0\n杭锦旗: 10\n");
}

#[test]
fn csv_with_and_without_bom_and_crlf_reads_the_same() {
    let plain = from_csv(TABLE).unwrap();
    let crlf = TABLE.replace('\n', "\r\n");
    for variant in [format!("\u{feff}{TABLE}"), crlf.clone(), format!("\u{feff}{crlf}")] {
        assert_eq!(from_csv(&variant).unwrap(), plain);
        assert_eq!(from_csv_bytes(variant.as_bytes()).unwrap(), plain);
    }
    assert_eq!(from_csv_bytes(TABLE.as_bytes()).unwrap(), plain);
}

#[test]
fn csv_header_may_say_unit_and_cells_may_be_quoted() {
    let units = from_csv("# exported 2024-12-01\nUnit,核查完成数,完成率\n\"乌审旗\",\"100\",\" 87.5% \"\n").unwrap();
    assert_eq!(units[0].unit, "乌审旗");
    assert_eq!(units[0].values, vec![("核查完成数".to_string(), num("100")), ("完成率".to_string(), text("87.5%"))]);
    assert_eq!(units[0].places, vec![at(3, 2), at(3, 3)]);
}

#[test]
fn a_quoted_line_break_stays_in_one_row() {
    let units = from_csv("单位,说明,核查完成数\n乌审旗,\"两行\n说明\",1\n鄂托克旗,,2\n").unwrap();
    assert_eq!(units[0].values[0], ("说明".to_string(), text("两行\n说明")));
    assert_eq!(units[1].places[1], at(3, 3));
}

#[test]
fn rows_are_counted_as_a_spreadsheet_shows_them() {
    // Row 1 header, 2 blank (CRLF), 3 a comment, 4 乌审旗 (its second cell spans two lines),
    // 5 blank, 6 a row of empty cells, 7 鄂托克旗.
    let t = "单位,说明,核查完成数\r\n\r\n#类型,,\r\n乌审旗,\"两行\r\n说明\",1\r\n\r\n,,\r\n鄂托克旗,,x\r\n";
    let units = from_csv(t).unwrap();
    assert_eq!(units[0].places, vec![at(4, 2), at(4, 3)]);
    assert_eq!(units[0].values[0], ("说明".to_string(), text("两行\r\n说明")));
    assert_eq!(units[1].places, vec![at(7, 2), at(7, 3)]);
    assert_eq!(
        csv_err(&t.replace(",,x", ",x")),
        "facts table, row 7, column C: this row has 2 cells, fewer than the 3 of the header row; every row needs one cell per column"
    );
}

#[test]
fn an_empty_cell_is_no_value_and_names_its_place() {
    let t = "单位,核查完成数,应核查数,完成率,已召开,发放日期\n乌审旗,175,,87.5%,是,2024-07-31\n";
    assert_eq!(from_csv(t).unwrap()[0].values[1], ("应核查数".to_string(), Raw::Null));
    check(
        from_csv,
        t,
        "乌审旗: error: unit `乌审旗`: 1 problem with its facts\n  fact `应核查数 (row 2, column C)`: no value given\n",
    );
}

#[test]
fn a_bad_cell_is_named_by_row_and_column() {
    let t = "单位,核查完成数,应核查数,完成率,已召开,发放日期
#说明,已完成核查的人数,应核查的人数,任务完成率,是否召开了会议,补助金发放完成日期
乌审旗,abc,200,87.5,也许,2024-13-01
";
    check(
        from_csv,
        t,
        "乌审旗: error: unit `乌审旗`: 4 problems with its facts
  fact `核查完成数 (row 3, column B)`: expected a number, found \"abc\"
  fact `完成率 (row 3, column D)`: 87.5 has no `%`, so it could mean 87.5% or, read as a fraction, 8750%; write the percent with its `%` (`87.5%` or `8750%`)
  fact `已召开 (row 3, column E)`: expected yes or no (是/否, true/false), found \"也许\"
  fact `发放日期 (row 3, column F)`: expected a date such as \"2024-07-31\", found \"2024-13-01\"
",
    );
}

#[test]
fn ragged_rows_are_refused_with_their_place() {
    assert_eq!(
        csv_err("单位,核查完成数,应核查数\n乌审旗,1,2\n鄂托克旗,1\n"),
        "facts table, row 3, column C: this row has 2 cells, fewer than the 3 of the header row; every row needs one cell per column"
    );
    assert_eq!(
        csv_err("单位,核查完成数,应核查数\r\n乌审旗,1,2,3\r\n"),
        "facts table, row 2, column D: this row has 4 cells, more than the 3 of the header row; every row needs one cell per column"
    );
}

#[test]
fn duplicate_units_and_columns_are_refused() {
    assert_eq!(
        csv_err("单位,核查完成数\n乌审旗,1\n鄂托克旗,2\n乌审旗,3\n"),
        "unit `乌审旗` is given twice, in row 2 and in row 4; keep one row per unit"
    );
    assert_eq!(
        csv_err("单位,核查完成数,应核查数,核查完成数\n乌审旗,1,2,3\n"),
        "facts table, row 1, column D: fact `核查完成数` heads two columns, B and D; keep one column per fact"
    );
}

#[test]
fn a_row_needs_a_unit_name_and_the_header_a_unit_column() {
    assert_eq!(
        csv_err("单位,核查完成数\n乌审旗,1\n,2\n"),
        "facts table, row 3, column A: this row has values but no unit name in its first cell"
    );
    assert_eq!(
        csv_err("核查完成数,应核查数\n1,2\n"),
        "facts table, row 1, column A: the first column must be headed `单位` (or `unit`), found `核查完成数`; the header row names the unit column and then each fact"
    );
}

#[test]
fn an_empty_table_has_no_header_but_a_header_alone_has_no_units() {
    assert_eq!(
        csv_err("\u{feff}"),
        "facts table, row 1, column A: the table is empty: it needs a header row `单位,FACT,FACT,…`"
    );
    assert_eq!(
        csv_err("#类型\n\n"),
        "facts table, row 1, column A: the table is empty: it needs a header row `单位,FACT,FACT,…`"
    );
    assert_eq!(from_csv("单位,核查完成数\r\n#类型,count\r\n,\r\n").unwrap(), vec![]);
}

#[test]
fn a_column_without_a_name_may_only_be_empty() {
    let units = from_csv("单位,核查完成数,\n乌审旗,1,\n").unwrap();
    assert_eq!(units[0].values, vec![("核查完成数".to_string(), num("1"))]);
    assert_eq!(
        csv_err("单位,核查完成数,\n乌审旗,1,x\n"),
        "facts table, row 2, column C: column C has a value, `x`, but no fact name in the header row (row 1)"
    );
}

#[test]
fn an_unknown_header_is_reported_when_scoring() {
    let t = "单位,核查完成数,应核查数,完成率,已召开,发放日期,完成律\n乌审旗,1,1,1,是,2024-07-31,1\n";
    let got = scores(&rules(), &from_csv(t).unwrap());
    assert!(got.contains("unknown fact `完成律 (row 2, column G)`; did you mean `完成率`?"), "{got}");
}

#[test]
fn gbk_gb18030_and_utf16_tables_are_read_and_bytes_no_encoding_reads_are_named() {
    // As Excel's plain "CSV (逗号分隔)" writes it on a Chinese Windows: GBK, read exactly, with a
    // note. GB18030's four-byte characters (𠀀, a name outside GBK) too.
    let text = "单位,核查完成数,应核查数,完成率,已召开,发放日期\r\n乌审旗,175,200,87.5%,是,2024/7/31\r\n𠀀镇,1,1,100%,否,2024-08-01\r\n";
    let (gb, _, lossy) = encoding_rs::GB18030.encode(text);
    assert!(!lossy);
    let mut table = rubric::facts::csv::read_with(&gb, &Default::default());
    let units: Vec<UnitFacts> = (&mut table).collect::<Result<_, _>>().unwrap();
    assert_eq!(units, from_csv(text).unwrap());
    assert_eq!(units[1].unit, "𠀀镇");
    let notes: Vec<String> = table.notes().iter().map(|n| n.en().to_string()).collect();
    assert_eq!(
        notes,
        ["the table was read as GB18030 (GBK), as Excel and WPS save plain \"CSV (逗号分隔)\" on Chinese Windows"]
    );
    assert_eq!(
        table.notes()[0].zh(),
        "表按 GB18030（GBK）编码读取：中文 Windows 上的 Excel 和 WPS 保存普通“CSV (逗号分隔)”时用这种编码"
    );
    assert_eq!(scores(&rules(), &units), "乌审旗: 9\n𠀀镇: 4\n");
    // UTF-16 with its byte-order mark (little- or big-endian) reads the same.
    for le in [true, false] {
        let mark: [u8; 2] = if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] };
        let utf16: Vec<u8> = mark
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }))
            .collect();
        let mut table = rubric::facts::csv::read_with(&utf16, &Default::default());
        assert_eq!((&mut table).collect::<Result<Vec<_>, _>>().unwrap(), units);
        assert!(table.notes()[0].en().contains("UTF-16"), "{:?}", table.notes());
    }
    // A byte that neither UTF-8 nor GB18030 reads is named, with its line.
    let mut bad = gb.to_vec();
    bad.extend_from_slice(b"\xFF\xFF,1\r\n");
    let e = from_csv_bytes(&bad).unwrap_err();
    assert!(
        matches!(e, FactsError::Encoding(rubric::errors::EncodingError { offset, .. }) if offset == gb.len()),
        "{e:?}"
    );
    assert!(e.to_string().contains("(line 4: 0xFF 0xFF) is neither UTF-8 nor GB18030 (GBK) text"), "{e}");
    // After a UTF-8 byte-order mark the file is UTF-8: GBK after it is named as not UTF-8.
    let mut late = b"\xEF\xBB\xBFunit,x\n".to_vec();
    late.extend_from_slice(&[0xD2, 0xD2, b',', b'1', b'\n']);
    let e = from_csv_bytes(&late).unwrap_err();
    assert!(matches!(e, FactsError::Encoding(rubric::errors::EncodingError { offset: 10, .. })), "{e:?}");
    assert!(e.to_string().contains("offset 10 (line 2: 0xD2 0xD2)"), "{e}");
    // UTF-16 without its mark has zero bytes, which no table has.
    let utf16: Vec<u8> = "单位,x".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let e = from_csv_bytes(&utf16).unwrap_err();
    assert!(matches!(e, FactsError::Encoding(rubric::errors::EncodingError { offset: 5, .. })), "{e:?}");
    let help = miette::Diagnostic::help(&e).unwrap().to_string();
    assert!(help.contains("CSV UTF-8"), "{help}");
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::facts-encoding");
}

#[test]
fn a_table_streamed_reads_as_the_whole_file_reads() {
    // `score` streams a table; `eval` reads it whole. The same rows, places and errors.
    let mut gbk = b"\xEF\xBB\xBF\xE5\x8D\x95\xE4\xBD\x8D,x\r\n".to_vec();
    gbk.extend_from_slice(&[0xB5, 0xA5, b',', b'1', b'\r', b'\n']);
    let tables: Vec<Vec<u8>> = vec![
        TABLE.replace('\n', "\r\n").into_bytes(),
        format!("\u{feff}{}", TABLE.replace('\n', "\r\n")).into_bytes(),
        "单位,说明,核查完成数\r\n\r\n#类型,,\r\n乌审旗,\"两行\r\n说明\",1\r\n\r\n,,\r\n鄂托克旗,,x\r\n".into(),
        "单位,核查完成数\r\n乌审旗,1\r\n鄂托克旗,2\r\n 乌审旗 ,3\r\n".into(),
        "单位,核查完成数\r\n乌审旗,1,2\r\n".into(),
        gbk,
    ];
    for bytes in tables {
        let whole = format!("{:?}", from_csv_bytes(&bytes));
        let streamed: Result<Vec<UnitFacts>, FactsError> = rubric::facts::csv::stream(bytes.as_slice()).collect();
        assert_eq!(format!("{streamed:?}"), whole, "{}", String::from_utf8_lossy(&bytes));
    }
    // A bad cell on the row after the header of a CRLF table is on row 2, as Excel shows it.
    let units =
        rubric::facts::csv::stream("\u{feff}单位,核查完成数\r\n乌审旗,x\r\n".as_bytes()).next().unwrap().unwrap();
    assert_eq!(units.places, vec![at(2, 2)]);
}

#[test]
fn wushen_csv_export_scores_as_the_json_file() {
    let rubric = wushen();
    let json = wushen_json();
    let bytes = std::fs::read(common::root().join("tests/facts/wushen-2024.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && bytes.windows(2).any(|w| w == b"\r\n"), "an Excel-style export");
    let mut csv = from_csv_bytes(&bytes).unwrap();
    // The payments of 六.2.2 are a list: its own table, one row a payment.
    let list = std::fs::read(common::root().join("tests/facts/wushen-2024.抚恤发放.csv")).unwrap();
    rubric::facts::list_table::read_list(&list, "抚恤发放", &mut csv, &rubric::facts::FactsLimits::default()).unwrap();
    assert_eq!(csv.len(), json.len());
    let mut totals = Vec::new();
    for (c, j) in csv.iter().zip(&json) {
        assert_eq!(c.unit, j.unit);
        let (c, j): (UnitScore, UnitScore) = (rubric.evaluate(c).unwrap(), rubric.evaluate(j).unwrap());
        assert_eq!(c, j, "unit {}", j.unit);
        totals.push(format!("{} {}", c.unit, c.score.normalize()));
    }
    assert_eq!(totals.len(), 5);
}

// ------------------------------------------------------------------ templates

#[test]
fn csv_template_lists_used_facts_with_types_and_descriptions() {
    let t = rubric::template_csv(&rules(), &["乌审旗".to_string(), "鄂托克旗".to_string()]);
    assert_eq!(
        t,
        "\u{feff}单位,核查完成数,应核查数,完成率,已召开,发放日期\r\n\
         #类型,count（整数）,count（整数）,percent（如 87.5%）,bool（是/否）,date（2024-07-31）\r\n\
         #说明,已完成核查的人数,应核查的人数,任务完成率,是否召开了会议,补助金发放完成日期\r\n\
         乌审旗,,,,,\r\n\
         鄂托克旗,,,,,\r\n"
    );
    let blank = rubric::template_csv(&rules(), &[]);
    assert!(blank.ends_with("补助金发放完成日期\r\n,,,,,\r\n"), "{blank}");
    // Read back unfilled: every needed fact says "no value given" at its cell.
    let units = from_csv(&t).unwrap();
    assert_eq!(units[1].places[0], at(5, 2));
    assert!(units.iter().all(|u| u.values.iter().all(|(_, v)| *v == Raw::Null)));
}

#[test]
fn csv_template_quotes_cells_and_shows_ranges_and_skips_unused_facts() {
    let rules = r#"rubric "r" max 1 {
  fact 评分: points "评委打分，满分 1 分, 含 \"加分\""
  fact 未用: count "没有规则读它"
  fact 比例: number in [0, 10] "比例"
  item A "a" max 1 { award 1 when 评分 > 0.5 and 比例 > 1 }
}"#;
    let load = rubric::load("t.rubric", &MemoryLoader::new().with("t.rubric", rules));
    let Some(r) = load.rubric().cloned() else { panic!("{:?}", load.report) };
    let t = rubric::template_csv(&r, &["A, B 旗".to_string()]);
    let lines: Vec<&str> = t.split("\r\n").collect();
    assert_eq!(lines[0], "\u{feff}单位,评分,比例");
    assert_eq!(lines[1], "#类型,points（分值）,\"number（数值） 范围 [0, 10]\"");
    assert_eq!(lines[2], "#说明,\"评委打分，满分 1 分, 含 \"\"加分\"\"\",比例");
    assert_eq!(lines[3], "\"A, B 旗\",,");
    let filled = t.replace("\"A, B 旗\",,", "\"A, B 旗\",0.75,2");
    let units = from_csv(&filled).unwrap();
    assert_eq!(units[0].unit, "A, B 旗");
    assert_eq!(r.evaluate(&units[0]).unwrap().score.to_string(), "1");
}

/// A JSON value as a person types it into a cell.
fn cell(v: &Raw, excel: bool) -> String {
    match v {
        Raw::Number(n) => n.clone(),
        Raw::Bool(b) => if *b { "是" } else { "否" }.into(),
        Raw::Text(t) if excel => t.replace('-', "/"),
        Raw::Text(t) => t.clone(),
        Raw::Null => String::new(),
        Raw::Records(rs) => format!("{} records", rs.len()),
    }
}

#[test]
fn the_filled_csv_template_reads_back_and_scores_as_the_json_file() {
    let rubric = wushen();
    let json = wushen_json();
    let names: Vec<String> = json.iter().map(|u| u.unit.clone()).collect();
    let template = rubric::template_csv(&rubric, &names);
    let blank = from_csv(&template).unwrap();
    assert_eq!(blank.len(), 5);
    let used = rubric.facts().filter(|f| f.is_used()).count();
    assert_eq!(blank[0].values.len(), used);
    // Fill in every unit row's cells, in the template's column order, keeping its first three rows.
    let mut filled: String = template.split_inclusive("\r\n").take(3).collect();
    for (n, (b, j)) in blank.iter().zip(&json).enumerate() {
        let mut row = vec![b.unit.clone()];
        for (name, _) in &b.values {
            let v = j.values.iter().find(|(k, _)| k == name).map(|(_, v)| v).unwrap();
            row.push(cell(v, n % 2 == 1));
        }
        filled.push_str(&row.join(","));
        filled.push_str("\r\n");
    }
    let mut back = from_csv(&filled).unwrap();
    // A list's column is left blank (its records are a table of their own): the JSON file's.
    for (c, j) in back.iter_mut().zip(&json) {
        for (name, v) in &mut c.values {
            if let Some((_, r @ Raw::Records(_))) = j.values.iter().find(|(k, _)| k == name) {
                *v = r.clone();
            }
        }
    }
    for (c, j) in back.iter().zip(&json) {
        assert_eq!(rubric.evaluate(c).unwrap(), rubric.evaluate(j).unwrap(), "unit {}", j.unit);
    }
    assert!(rubric.evaluate(&back[0]).unwrap().score > rust_decimal::Decimal::ZERO);
}

#[test]
fn json_template_reads_back_with_every_value_null() {
    let t = rubric::template_json(&rules(), &["乌审旗".to_string()]);
    assert_eq!(
        t,
        r#"{
  "rubric": "r",
  "units": [
    {
      "unit": "乌审旗",
      "facts": {
        "核查完成数": null,
        "应核查数": null,
        "完成率": null,
        "已召开": null,
        "发放日期": null
      }
    }
  ]
}
"#
    );
    let units = from_json(&t).unwrap();
    assert_eq!(units[0].values.len(), 5);
    assert!(units[0].values.iter().all(|(_, v)| *v == Raw::Null));
    let got = scores(&rules(), &units);
    assert!(got.starts_with("乌审旗: error: unit `乌审旗`: 5 problems with its facts\n"), "{got}");
    // A blank form has a unit without a name: filled in, it has one; unfilled, it is refused.
    assert_eq!(
        from_json(&rubric::template_json(&rules(), &[])).unwrap_err().to_string(),
        "the unit at line 4 has no name; give `\"unit\": \"NAME\"`"
    );
}

// ------------------------------------------------------------------ TOML

const TOML: &str = r#"rubric = "r"

[[units]]
unit = "乌审旗"
[units.facts]
核查完成数 = 175
应核查数 = 2_00
完成率 = "87.5%"
已召开 = true
发放日期 = 2024-07-31      # a TOML date

[[units]]
unit = "鄂托克旗"
facts = { 核查完成数 = 90, 应核查数 = 200, 完成率 = "50%", 已召开 = "否", "发放日期" = "2024/8/1" }
"#;

#[test]
fn toml_values_keep_their_text_and_line() {
    let units = from_toml(TOML).unwrap();
    let names = ["核查完成数", "应核查数", "完成率", "已召开", "发放日期"];
    let first = [num("175"), num("200"), text("87.5%"), Raw::Bool(true), text("2024-07-31")];
    assert_eq!(units[0].values, names.iter().map(|n| n.to_string()).zip(first).collect::<Vec<_>>());
    let lines: Vec<Option<Place>> = (6..=10).map(|row| Some(Place { row, column: None, sheet: None })).collect();
    assert_eq!(units[0].places, lines);
    let second = [num("90"), num("200"), text("50%"), text("否"), text("2024/8/1")];
    assert_eq!(units[1].values, names.iter().map(|n| n.to_string()).zip(second).collect::<Vec<_>>());
    assert_eq!(units[1].places[4], Some(Place { row: 14, column: None, sheet: None }));
    check(from_toml, TOML, "乌审旗: 9\n鄂托克旗: 0\n");
}

#[test]
fn toml_numbers_are_exact_or_refused() {
    let one = |v: &str| {
        from_toml(&format!("[[units]]\nunit = \"u\"\n[units.facts]\nx = {v}\n")).map(|u| u[0].values[0].1.clone())
    };
    assert_eq!(one("0.1").unwrap(), num("0.1"));
    let exact = rubric::value::parse_decimal(&cell(&one("0.1").unwrap(), false)).unwrap();
    assert_eq!(exact, rust_decimal::Decimal::new(1, 1));
    assert_eq!(one("1_000.000_1").unwrap(), num("1000.0001"));
    assert_eq!(one("1e2").unwrap(), num("1e2"));
    assert_eq!(one("0x1F").unwrap(), num("31"));
    assert_eq!(one("-0.25").unwrap(), num("-0.25"));
    assert_eq!(one("99999999999999999999.99999999").unwrap(), num("99999999999999999999.99999999"));
    assert_eq!(
        one("100.0000000000000000000000000001").unwrap_err().to_string(),
        "the facts file, line 4, column 5: fact `x` of unit `u`: 100.0000000000000000000000000001 cannot be held \
         exactly (at most 28 significant digits); it is not rounded"
    );
    assert_eq!(
        one("nan").unwrap_err().to_string(),
        "the facts file, line 4, column 5: fact `x` of unit `u`: nan is not a number that can be scored"
    );
}

#[test]
fn toml_syntax_errors_and_duplicate_keys_give_line_and_column() {
    let dup = "[[units]]\nunit = \"乌审旗\"\n[units.facts]\n核查完成数 = 1\n核查完成数 = 2\n";
    let e = from_toml(dup).unwrap_err();
    let FactsError::Toml(rubric::errors::TomlError { line, column, message }) = &e else { panic!("{e:?}") };
    assert_eq!((*line, *column), (5, 1), "{message}");
    assert_eq!(message.en(), "`核查完成数` is given twice; a key may stand only once in a table");
    assert_eq!(message.zh(), "`核查完成数` 给出了两次；同一个表中每个键只能出现一次");
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::facts-toml");
    let e = from_toml("[[units]]\nunit = \"乌审旗\"\n[units.facts]\n核查完成数 = \n").unwrap_err();
    assert!(matches!(e, FactsError::Toml(rubric::errors::TomlError { line: 4, .. })), "{e:?}");
}

#[test]
fn toml_layout_problems_are_named() {
    let err = |t: &str| from_toml(t).unwrap_err().to_string();
    assert_eq!(
        err("title = \"x\"\n"),
        "the facts file, line 1, column 1: unknown key `title`; a facts file has `[[units]]` tables (and may name its `rubric`)"
    );
    assert_eq!(err(""), "the facts file, line 1, column 1: no `[[units]]` tables: give one `[[units]]` table per unit");
    assert_eq!(
        err("[[units]]\nname = \"a\"\n"),
        "the facts file, line 2, column 1: unknown key `name` in a unit; a unit has `unit = \"NAME\"` and `[units.facts]`"
    );
    assert_eq!(
        err("[[units]]\nunit = \"a\"\n"),
        "the facts file, line 1, column 1: unit `a` has no `[units.facts]` table"
    );
    assert_eq!(
        err("[[units]]\nunit = \"a\"\nfacts = {}\n[[units]]\nunit = \"a\"\nfacts = {}\n"),
        "unit `a` is given twice, in the table at line 1 and in the table at line 4; keep one table per unit"
    );
    assert_eq!(
        err("[[units]]\nunit = \"a\"\n[units.facts]\nx = [1, 2]\n"),
        "the facts file, line 4, column 5: fact `x` of unit `a` is a list, not a single value; give one number, string, date or true/false"
    );
    assert_eq!(
        err("[[units]]\nunit = \"a\"\n[units.facts]\n完成.率 = 1\n"),
        "the facts file, line 4, column 1: fact `完成` of unit `a` is a table, not a single value (is there a `.` in its name? then quote the name)"
    );
}

#[test]
fn bare_chinese_keys_are_read_and_columns_point_into_the_file_as_written() {
    let err = |t: &str| from_toml(t).unwrap_err().to_string();
    assert_eq!(
        err("[[units]]\nunit = \"a\"\nfacts = { 核查完成数 = 90, 应核查数 = [1] }\n"),
        "the facts file, line 3, column 30: fact `应核查数` of unit `a` is a list, not a single value; give one number, string, date or true/false"
    );
    // Quoted and bare keys name the same fact; values are never quoted for you.
    let e = from_toml("[[units]]\nunit = \"a\"\n[units.facts]\n\"核查完成数\" = 1\n核查完成数 = 2\n").unwrap_err();
    assert!(matches!(e, FactsError::Toml(rubric::errors::TomlError { line: 5, column: 1, .. })), "{e:?}");
    let e = from_toml("[[units]]\nunit = \"a\"\n[units.facts]\n已召开 = 是\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the facts file, line 4, column 7: string values must be quoted, expected literal string"
    );
}

#[test]
fn toml_datetime_with_a_time_is_refused_as_a_date() {
    let t = "[[units]]\nunit = \"乌审旗\"\n[units.facts]\n核查完成数 = 1\n应核查数 = 1\n完成率 = \"100%\"\n已召开 = false\n发放日期 = 2024-07-31T10:00:00\n";
    check(
        from_toml,
        t,
        "乌审旗: error: unit `乌审旗`: 1 problem with its facts\n  fact `发放日期 (line 8)`: \"2024-07-31T10:00:00\" has a time of day (10:00:00); a date fact is a day: give the date alone, e.g. \"2024-07-31\"\n",
    );
}

#[test]
fn wushen_as_toml_scores_as_the_json_file() {
    let rubric = wushen();
    let json = wushen_json();
    let mut t = String::from("rubric = \"乌审旗退役军人事务局2024年度市对旗重点业务工作绩效考评\"\n");
    for u in &json {
        t.push_str(&format!("\n[[units]]\nunit = \"{}\"\n[units.facts]\n", u.unit));
        for (k, v) in &u.values {
            let v = match v {
                Raw::Text(s) => s.clone(), // dates, as TOML dates
                // A list, as an array of inline tables: `[{月份 = 1, 发放日期 = 2024-01-19}, …]`.
                Raw::Records(rs) => {
                    let record = |r: &Vec<(String, Raw)>| {
                        let fields: Vec<String> = r
                            .iter()
                            .map(|(f, v)| match v {
                                Raw::Text(t) => format!("{f} = {t}"),
                                other => format!("{f} = {other}"),
                            })
                            .collect();
                        format!("{{{}}}", fields.join(", "))
                    };
                    format!("[{}]", rs.iter().map(record).collect::<Vec<_>>().join(", "))
                }
                other => other.to_string(),
            };
            t.push_str(&format!("{k} = {v}\n"));
        }
    }
    let toml = from_toml(&t).unwrap();
    assert_eq!(toml.len(), json.len());
    for (a, b) in toml.iter().zip(&json) {
        assert_eq!(a.values, b.values);
        assert_eq!(rubric.evaluate(a).unwrap(), rubric.evaluate(b).unwrap(), "unit {}", b.unit);
    }
}

// ------------------------------------------------------------------ CSV injection (issue 22)

#[test]
fn no_template_cell_runs_as_a_formula_and_the_names_read_back_unchanged() {
    let names: Vec<String> =
        ["=1+2", "@SUM(A1)", "+86 10 1234", "-1+cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"点此\")", "-2", "甲"]
            .map(String::from)
            .to_vec();
    let t = rubric::template_csv(&rules(), &names);
    let firsts: Vec<&str> = t.lines().skip(3).map(|l| l.rsplitn(6, ',').last().unwrap()).collect();
    assert_eq!(
        firsts,
        [
            "'=1+2",
            "'@SUM(A1)",
            "'+86 10 1234",
            "'-1+cmd|' /C calc'!A0",
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"点此\"\")\"",
            "-2",
            "甲"
        ],
        "{t}"
    );
    let read: Vec<String> = from_csv(&t).unwrap().into_iter().map(|u| u.unit).collect();
    assert_eq!(read, names);
    assert_eq!(rubric::safe::spreadsheet_text("-10%"), "-10%");
    assert_eq!(rubric::safe::spreadsheet_text("\t=1"), "'\t=1");
}

/// A percent without its `%` is refused in every format — `0.5` is 50% to one clerk and 0.5% to
/// another — and so is a two-digit year; only `0` needs no `%`.
#[test]
fn a_percent_without_its_sign_and_a_two_digit_year_are_refused_in_every_format() {
    let refused = "乌审旗: error: unit `乌审旗`: 2 problems with its facts
  fact `完成率 (PLACE)`: 0.5 has no `%`, so it could mean 0.5% or, read as a fraction, 50%; write the percent with its `%` (`0.5%` or `50%`)
  fact `发放日期 (DATE)`: \"24/7/31\" has a 2-digit year; write the year with four digits, e.g. \"2024-07-31\"
";
    let csv = "单位,核查完成数,应核查数,完成率,已召开,发放日期\n乌审旗,1,1,0.5,是,24/7/31\n";
    check(from_csv, csv, &refused.replace("PLACE", "row 2, column D").replace("DATE", "row 2, column F"));
    let toml = "[[units]]\nunit = \"乌审旗\"\n[units.facts]\n核查完成数 = 1\n应核查数 = 1\n完成率 = 0.5\n已召开 = true\n发放日期 = \"24/7/31\"\n";
    check(from_toml, toml, &refused.replace("PLACE", "line 6").replace("DATE", "line 8"));
    let json = r#"{"units": [{"unit": "乌审旗", "facts": {"核查完成数": 1, "应核查数": 1, "完成率": 0.5, "已召开": true, "发放日期": "24/7/31"}}]}"#;
    check(from_json, json, &refused.replace(" (PLACE)", "").replace(" (DATE)", ""));
    let zero = "单位,核查完成数,应核查数,完成率,已召开,发放日期\n乌审旗,1,1,0,是,2024/7/31\n";
    check(from_csv, zero, "乌审旗: 8\n");
}

#[test]
fn csv_reads_the_spellings_offices_write() {
    // Before issue 18 every one of these rows was refused: thousands separators, full-width
    // digits and percent, 对/错/有/无, dates with a midnight time or dots.
    let t = "单位,核查完成数,应核查数,完成率,已召开,发放日期\n\
             甲,\"1,234\",\"1,300\",８７．５％,对,2024-07-31 0:00\n\
             乙,１２,20,90 ％,错,2024.7.31\n\
             丙,0,0,100%,有,２０２４年７月３１日\n\
             丁,5,10,50%,无,2024/7/31 00:00:00\n";
    check(from_csv, t, "甲: 10\n乙: 6\n丙: 10\n丁: 4\n");
    // A decimal comma and a time of day are refused, never guessed.
    let t = "单位,核查完成数,应核查数,完成率,已召开,发放日期\n甲,\"1,5\",2,50%,是,2024-07-31 14:30\n";
    check(
        from_csv,
        t,
        "甲: error: unit `甲`: 2 problems with its facts\n  fact `核查完成数 (row 2, column B)`: expected a number, found \"1,5\": a comma is read only between groups of three digits (`1,234`); write a decimal with a point (`1.5`)\n  fact `发放日期 (row 2, column F)`: \"2024-07-31 14:30\" has a time of day (14:30); a date fact is a day: give the date alone, e.g. \"2024-07-31\"\n",
    );
}

const LIST_RULES: &str = r#"rubric "列表" max 10 {
  fact 事故: list "安全生产事故台账" {
    等级: kind 一般/较大/重大
    发生日期: date
    损失金额: number in [0, ..]
  }
  fact 考核次数: count
  item 一 "事故" max 10 {
    deduct 2 per 事故 where 等级 == 一般
    deduct 5 per 事故 where 等级 == 较大
    deduct max(事故, 损失金额, else 0) / 100000
    deduct 0 per 考核次数
  }
}"#;

fn list_rules() -> Rubric {
    let load = rubric::load("l.rubric", &MemoryLoader::new().with("l.rubric", LIST_RULES));
    load.rubric().cloned().unwrap_or_else(|| panic!("rules do not check: {:?}", load.report))
}

/// A list fact is read from a JSON array of objects, from a TOML array of tables and from an
/// array of inline tables, numbers from their text; each scores as the rules say.
#[test]
fn lists_are_read_from_json_and_toml() {
    let json = r#"{"units": [
      {"unit": "甲", "facts": {"考核次数": 1, "事故": [{"等级": "一般", "发生日期": "2024-03-01", "损失金额": 12000.50}, {"等级": "较大", "发生日期": "2024-05-02", "损失金额": 0}]}},
      {"unit": "乙", "facts": {"考核次数": 1, "事故": []}}
    ]}"#;
    let toml = r#"
[[units]]
unit = "甲"
[units.facts]
考核次数 = 1
[[units.facts.事故]]
等级 = "一般"
发生日期 = 2024-03-01
损失金额 = 12000.50
[[units.facts.事故]]
等级 = "较大"
发生日期 = 2024-05-02
损失金额 = 0

[[units]]
unit = "乙"
[units.facts]
考核次数 = 1
事故 = [{等级 = "一般", 发生日期 = 2024-03-01, 损失金额 = 1}]
"#;
    let r = list_rules();
    assert_eq!(scores(&r, &from_json(json).unwrap()), "甲: 2.879995\n乙: 10\n");
    assert_eq!(scores(&r, &from_toml(toml).unwrap()), "甲: 2.879995\n乙: 7.99999\n");
}

/// Every problem of a unit's records at once, each naming the list, the record, the field and
/// the value; a list where a value is expected and the reverse.
#[test]
fn bad_records_are_all_reported() {
    let json = r#"{"units": [{"unit": "丙", "facts": {"考核次数": [{"次": 1}], "事故": [
      {"等级": "一班", "发生日期": "2024-13-01", "损失": 5},
      {"等级": "较大", "损失金额": -1}
    ]}}, {"unit": "丁", "facts": {"考核次数": 1, "事故": 3}}]}"#;
    let got = scores(&list_rules(), &from_json(json).unwrap());
    insta::assert_snapshot!(got);
}

/// A list of more records than `max_records` is refused when it is read.
#[test]
fn a_list_beyond_the_budget_is_refused() {
    let small = rubric::facts::FactsLimits { max_records: 2, ..rubric::facts::FactsLimits::default() };
    let json = r#"{"units": [{"unit": "甲", "facts": {"事故": [{}, {}, {}]}}]}"#;
    let e = rubric::facts::from_json_with(json, &small).unwrap_err();
    assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::facts-budget");
    assert!(e.to_string().contains("3 records"), "{e}");
    let toml = "[[units]]\nunit = \"甲\"\n[units.facts]\n事故 = [{a = 1}, {a = 2}, {a = 3}]\n";
    assert!(rubric::facts::toml::from_toml_with(toml, &small).is_err());
}

/// `push_record` fills a list one record at a time, as a second table of events will.
#[test]
fn records_can_be_pushed_one_at_a_time() {
    let mut u = UnitFacts::new("甲").num("考核次数", "0");
    for (level, day) in [("一般", "2024-01-02"), ("一般", "2024-02-03")] {
        u.push_record(
            "事故",
            vec![
                ("等级".into(), Raw::Text(level.into())),
                ("发生日期".into(), Raw::Text(day.into())),
                ("损失金额".into(), Raw::Number("0".into())),
            ],
        );
    }
    assert_eq!(scores(&list_rules(), &[u]), "甲: 6\n");
}
