//! A bad cell's problem carries where it is as data — unit, fact, row, column (number and
//! letter), sheet — beside the message in both languages, for a CSV body and a workbook body,
//! over real HTTP on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;
use common::*;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A server over the workbook fixtures' rubric, as `xlsx`.
fn over_the_fixtures() -> (tempfile::TempDir, Running) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("tests/xlsx/facts.rubric"), dir.path().join("xlsx.rubric")).unwrap();
    let r = start(config(dir.path()));
    (dir, r)
}

fn post(r: &Running, path: &str, kind: &str, body: Vec<u8>) -> (u16, serde_json::Value) {
    let res = client().post(r.url(path)).header("Content-Type", kind).body(body).send().unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap())
}

#[test]
fn a_bad_cell_of_a_csv_body_is_located() {
    let (_dir, r) = over_the_fixtures();
    let csv = "单位,核查完成数,应核查数,参训率,按时上报,发放日期,补助金额\n\
               甲,180,200,87.5%,是,2024-07-31,1\n\
               乙,很多,200,87.5%,是,2024-07-31,1\n";
    let (s, e) = post(&r, "/api/rubrics/xlsx/explain?unit=乙", "text/csv", csv.as_bytes().to_vec());
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["code"], "unit-failed");
    let p = &e["error"]["problems"][0];
    assert_eq!(p["unit"], "乙", "{p}");
    assert!(p["message"].as_str().unwrap().contains('乙'), "{p}");
    assert!(p["message_en"].as_str().unwrap().starts_with("unit `乙`"), "{p}");
    let cell = &p["related"][0];
    assert_eq!(cell["unit"], "乙", "{cell}");
    assert_eq!(cell["fact"], "核查完成数");
    assert_eq!(cell["row"], 3);
    assert_eq!(cell["column"], 2);
    assert_eq!(cell["column_letter"], "B");
    assert!(cell.get("sheet").is_none(), "a CSV has no sheet: {cell}");
    assert_eq!(cell["place"], "row 3, column B");
    assert_eq!(cell["place_zh"], "第 3 行 B 列");
    assert!(cell["message_zh"].as_str().unwrap().contains("核查完成数"), "{cell}");
    assert!(cell["message_en"].as_str().unwrap().contains("row 3, column B"), "the text stays: {cell}");
    // In English the message is English, and the Chinese is still beside it.
    let (s, e) = post(&r, "/api/rubrics/xlsx/whatif?unit=乙&lang=en", "text/csv", csv.as_bytes().to_vec());
    assert_eq!(s, 422, "{e}");
    let p = &e["error"]["problems"][0];
    assert_eq!(p["message"], p["message_en"]);
    assert!(p["message_zh"].is_string(), "{p}");
    assert_eq!(p["related"][0]["column_letter"], "B");
    // A ranking and `eval` list the unit that failed with the same located error.
    for path in ["/api/rubrics/xlsx/rank", "/api/rubrics/xlsx/eval"] {
        let (s, answer) = post(&r, path, "text/csv", csv.as_bytes().to_vec());
        assert_eq!(s, 200, "{answer}");
        let failed = &answer["failed"][0];
        assert_eq!(failed["unit"], "乙");
        assert_eq!(failed["error"]["unit"], "乙");
        assert_eq!(failed["error"]["related"][0]["row"], 3, "{failed}");
        assert_eq!(failed["error"]["related"][0]["column_letter"], "B", "{failed}");
    }
}

#[test]
fn a_bad_cell_of_a_workbook_body_is_located() {
    let (_dir, r) = over_the_fixtures();
    // tests/xlsx/src/errors.fods: 杭锦旗's 核查完成数 (cell B3 of sheet 事实) is a date.
    let book = std::fs::read(root().join("tests/xlsx/errors.xlsx")).unwrap();
    let (s, e) = post(&r, "/api/rubrics/xlsx/explain?unit=杭锦旗", XLSX, book);
    assert_eq!(s, 422, "{e}");
    let p = &e["error"]["problems"][0];
    assert_eq!(p["unit"], "杭锦旗", "{p}");
    let cell = &p["related"][0];
    assert_eq!(cell["fact"], "核查完成数", "{cell}");
    assert_eq!(cell["sheet"], "事实");
    assert_eq!(cell["row"], 3);
    assert_eq!(cell["column"], 2);
    assert_eq!(cell["column_letter"], "B");
    assert_eq!(cell["place"], "sheet 事实, cell B3");
    assert_eq!(cell["place_zh"], "工作表 事实 的 B3 单元格");
}

#[test]
fn a_table_that_is_not_a_table_is_located() {
    let (_dir, r) = over_the_fixtures();
    // A row with more cells than the header: the CSV reader's error names row and column.
    let csv = "单位,核查完成数\n甲,1,2,3\n";
    let (s, e) = post(&r, "/api/rubrics/xlsx/rank", "text/csv", csv.as_bytes().to_vec());
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["code"], "bad-facts");
    let p = &e["error"]["problems"][0];
    assert_eq!(p["row"], 2, "{p}");
    assert!(p["column"].is_u64(), "{p}");
    // JSON that is not JSON: its line and column.
    let (s, e) = post(&r, "/api/rubrics/xlsx/rank", "application/json", b"{\n  \"units\": [".to_vec());
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["problems"][0]["line"], 2, "{e}");
}
