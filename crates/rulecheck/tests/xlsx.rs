//! Workbooks as an office uses them, with a real spreadsheet program: what `rulecheck` writes
//! (`--format xlsx`) is opened by LibreOffice (headless, Debian's `libreoffice-calc-nogui`,
//! installed by `.ci/run`) and saved as CSV, and must show exactly what the CSV formats show;
//! tables LibreOffice saves as .xlsx must score as the CSV they came from.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "xlsx-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs rulecheck from the repository's root; (exit code, stdout, stderr).
fn rulecheck(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rulecheck"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap().trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

/// Runs LibreOffice headless in `dir`, with a profile of its own there.
fn soffice(dir: &Path, args: &[&str]) {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let status =
        Command::new("soffice").arg(profile).arg("--headless").args(args).current_dir(dir).output().unwrap_or_else(
            |e| panic!("LibreOffice (soffice) is needed by this test (apt-get install libreoffice-calc-nogui): {e}"),
        );
    assert!(status.status.success(), "soffice {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}

/// Every sheet of a workbook as CSV text (UTF-8, values as shown), by sheet name.
fn sheets_as_csv(dir: &Path, book: &str) -> Vec<(String, String)> {
    soffice(
        dir,
        &["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", book],
    );
    let stem = book.trim_end_matches(".xlsx");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(sheet) = name.strip_prefix(&format!("{stem}-")).and_then(|n| n.strip_suffix(".csv")) {
            out.push((sheet.to_string(), std::fs::read_to_string(dir.join(&name)).unwrap().replace("\r\n", "\n")));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "LibreOffice wrote no CSV for {book}");
    out
}

fn sheet<'a>(sheets: &'a [(String, String)], name: &str) -> &'a str {
    &sheets.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name} in {sheets:?}")).1
}

/// The text of a sheet without its first line (the title above the header).
fn body(csv: &str) -> String {
    csv.split_once('\n').unwrap().1.to_string()
}

const RANKED: [(&str, &str); 4] = [
    ("rules/ordos-2024/ranking.rubric", "rules/ordos-2024/ranking.facts.json"),
    ("tests/cli/clerk.rubric", "tests/cli/clerk.facts.json"),
    ("docs/tutorial/step3.rubric", "docs/tutorial/units.facts.json"),
    ("rules/county-2021/service-center.rubric", "rules/county-2021/service-center.facts.json"),
];

#[test]
fn the_ranking_rulecheck_writes_opens_in_libreoffice_as_rank_csv_shows_it() {
    for (rules, facts) in RANKED {
        let dir = folder("rank");
        let book = dir.join("rank.xlsx");
        let (code, _, err) = rulecheck(&["rank", rules, facts, "--format", "xlsx", "-o", book.to_str().unwrap()]);
        assert_eq!(code, 0, "{rules}: {err}");
        let (_, csv, _) = rulecheck(&["rank", rules, facts, "--format", "csv"]);
        let sheets = sheets_as_csv(&dir, "rank.xlsx");
        assert_eq!(body(sheet(&sheets, "排名")), text_of(csv), "{rules}");
        // A sheet per unit, and every score of its rows as `score --rows` gives it, exactly.
        let (_, jsonl, _) = rulecheck(&["score", rules, facts, "--rows", "--format", "jsonl"]);
        for line in text_of(jsonl).lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let unit = v["unit"].as_str().unwrap();
            let rows = body(sheet(&sheets, unit));
            let mut lines = rows.lines().skip(1);
            let total: Vec<&str> = lines.next().unwrap().split(',').collect();
            assert_eq!(total[2], v["score"].as_str().unwrap(), "{rules} {unit} total");
            let Some(nodes) = v["nodes"].as_object() else { continue }; // a rubric with periods
            let mut seen = 0;
            for l in lines {
                let cells: Vec<&str> = l.splitn(4, ',').collect();
                if let Some(want) = nodes.get(cells[0]) {
                    assert_eq!(cells[2], want.as_str().unwrap(), "{rules} {unit} {}", cells[0]);
                    seen += 1;
                }
            }
            assert_eq!(seen, nodes.len(), "{rules} {unit}: rows shown");
        }
    }
}

#[test]
fn a_unit_s_sheet_gives_every_row_its_points_and_the_reason_eval_prints() {
    let dir = folder("eval");
    let book = dir.join("eval.xlsx");
    let args = ["docs/tutorial/step3.rubric", "docs/tutorial/units.facts.json", "--unit", "鄂托克旗"];
    let (code, _, err) =
        rulecheck(&[&["eval"], &args[..], &["--format", "xlsx", "-o", book.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    let sheets = sheets_as_csv(&dir, "eval.xlsx");
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["排名", "鄂托克旗"]);
    let (_, text, _) = rulecheck(&[&["eval"], &args[..]].concat());
    let text = text_of(text);
    let unit = body(sheet(&sheets, "鄂托克旗"));
    assert!(unit.starts_with("编号,项目,得分,满分,说明\n,总分,2,4,\n一,领导小组办公室作用发挥,1,1,\n"), "{unit}");
    // Each row's reason is the one `eval` prints.
    for l in unit.lines().skip(3) {
        let mut cells = csv::ReaderBuilder::new().has_headers(false).from_reader(l.as_bytes());
        let record = cells.records().next().unwrap().unwrap();
        let reason = record.get(4).unwrap();
        assert!(text.contains(reason), "`{reason}` is not in eval's text:\n{text}");
    }
    assert!(unit.contains("核查完成率 65% ∈ [50%, 65%] → 1分（核查完成数=130，应核查数=200）"), "{unit}");
}

#[test]
fn the_template_opens_in_libreoffice_as_the_csv_template_reads() {
    for rules in ["rules/wushen-2024.rubric", "rules/county-2021/service-center.rubric", "docs/cli/formats.rubric"] {
        let dir = folder("template");
        let book = dir.join("form.xlsx");
        let units = ["--unit", "乌审旗", "--unit", "=HYPERLINK(\"x\")"];
        let (code, _, err) = rulecheck(
            &[&["template", rules], &units[..], &["--format", "xlsx", "-o", book.to_str().unwrap()]].concat(),
        );
        assert_eq!(code, 0, "{err}");
        let (_, csv, _) = rulecheck(&[&["template", rules], &units[..]].concat());
        let sheets = sheets_as_csv(&dir, "form.xlsx");
        assert_eq!(sheet(&sheets, "事实"), text_of(csv), "{rules}");
        // Saved again by LibreOffice (as a clerk's program saves it), the form reads back: its
        // units, with every value still to give.
        soffice(&dir, &["--convert-to", "ods", "form.xlsx"]);
        std::fs::rename(dir.join("form.ods"), dir.join("again.ods")).unwrap();
        soffice(&dir, &["--convert-to", "xlsx", "again.ods"]);
        let again = dir.join("again.xlsx");
        let (code, _, err) = rulecheck(&["eval", rules, again.to_str().unwrap()]);
        assert_eq!(code, 2, "{rules}: {err}");
        assert!(err.contains("unit `乌审旗`") && err.contains("no value given"), "{rules}: {err}");
        assert!(err.contains("unit `=HYPERLINK(\"x\")`"), "{rules}: the guarded name reads back: {err}");
    }
}

#[test]
fn tables_libreoffice_saves_as_xlsx_score_as_the_csv_they_came_from() {
    for (rules, table) in
        [("docs/cli/formats.rubric", "docs/cli/units.csv"), ("rules/wushen-2024.rubric", "tests/facts/wushen-2024.csv")]
    {
        let dir = folder("table");
        std::fs::copy(root().join(table), dir.join("units.csv")).unwrap();
        // Typed in by LibreOffice as a clerk types them: percents and numbers become numbers.
        soffice(&dir, &["--infilter=CSV:44,34,76,1,,0,false,true", "--convert-to", "xlsx", "units.csv"]);
        let book = dir.join("units.xlsx");
        // A list's own table (六.2.2's payments) is named for the workbook, read beside the CSV.
        let list = table.replace(".csv", ".抚恤发放.csv");
        let lists: Vec<String> = if root().join(&list).is_file() {
            vec!["--list".into(), format!("抚恤发放={}", root().join(&list).display())]
        } else {
            Vec::new()
        };
        let lists: Vec<&str> = lists.iter().map(String::as_str).collect();
        let (code, from_book, err) =
            rulecheck(&[&["score", rules, book.to_str().unwrap(), "--rows"][..], &lists[..]].concat());
        assert_eq!(code, 0, "{table}: {err}");
        let (_, from_csv, _) = rulecheck(&["score", rules, table, "--rows"]);
        assert_eq!(text_of(from_book), text_of(from_csv), "{table}");
    }
}

#[test]
fn a_workbook_s_list_sheets_score_as_the_csv_list_tables_and_the_template_has_a_sheet_per_list() {
    // tests/xlsx/lists.xlsx and .ods: made by LibreOffice from tests/xlsx/src/lists.fods, the
    // units' sheet and one sheet per list, as tests/cli/lists.csv and its three tables.
    let rules = "tests/program/lists.rubric";
    let (code, from_csv, err) = rulecheck(&["eval", rules, "tests/cli/lists.csv"]);
    assert_eq!(code, 0, "{err}");
    for book in ["tests/xlsx/lists.xlsx", "tests/xlsx/lists.ods"] {
        let (code, out, err) = rulecheck(&["eval", rules, book]);
        assert_eq!(code, 0, "{book}: {err}");
        assert_eq!(text_of(out), text_of(from_csv.clone()), "{book}");
        assert!(err.contains("list `事故` is read from the sheet `事故`, one record a row (3 rows)"), "{book}: {err}");
        assert!(err.contains("other sheets (`说明`) are not read"), "{book}: {err}");
    }
    let dir = folder("list-template");
    let book = dir.join("form.xlsx");
    let units = ["--unit", "甲", "--unit", "乙"];
    let (code, _, err) =
        rulecheck(&[&["template", rules], &units[..], &["--format", "xlsx", "-o", book.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{err}");
    let (_, csv, notes) = rulecheck(&[&["template", rules], &units[..]].concat());
    let sheets = sheets_as_csv(&dir, "form.xlsx");
    assert_eq!(sheet(&sheets, "事实"), text_of(csv));
    // Each list's sheet is headed as the CSV form's note says its table is.
    for (list, header) in
        [("事故", "单位,等级,发生日期,损失金额"), ("表彰", "单位,工作项目,级别,加分"), ("案卷", "单位,卷号,问题")]
    {
        assert!(notes.contains(&format!("headed `{header}`")), "{notes}");
        let text = sheet(&sheets, list);
        assert!(text.starts_with(&format!("{header}\n#类型,")), "{list}: {text}");
    }
    assert!(sheet(&sheets, "事故").contains("kind（一般/较大/重大）"), "{sheets:?}");
}
