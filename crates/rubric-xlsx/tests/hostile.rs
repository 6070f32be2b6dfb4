//! The workbook cases of the hostile corpus (`tests/hostile/cases.toml`, the cases with
//! `workbook` or a workbook under `facts/`): each runs on a thread with a 256 KiB stack and must
//! give exactly the stated outcome — a code with a message — with no panic and no raw control or
//! bidi character in the rendered diagnostic. Workbooks too large to keep (a million rows, a zip
//! bomb, a cell of 50 MB) are built here.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use miette::{GraphicalReportHandler, GraphicalTheme};
use rubric::MemoryLoader;
use std::io::Write;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile")
}

#[derive(Debug, Clone)]
struct Case {
    name: String,
    rules: String,
    facts: Option<String>,
    workbook: Option<String>,
    unit: Option<String>,
    expect: String,
    message: Option<String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(dir().join("cases.toml")).unwrap();
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    let s = |t: &toml_edit::Table, k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
    doc["case"]
        .as_array_of_tables()
        .unwrap()
        .iter()
        .filter(|t| t.contains_key("workbook") || s(t, "facts").is_some_and(|f| f.ends_with(".xlsx")))
        .map(|t| Case {
            name: s(t, "name").unwrap(),
            rules: s(t, "rules").unwrap(),
            facts: s(t, "facts"),
            workbook: s(t, "workbook"),
            unit: s(t, "unit"),
            expect: s(t, "expect").unwrap(),
            message: s(t, "message"),
        })
        .collect()
}

/// A minimal .xlsx: the parts Excel needs, with the sheet's XML and shared strings given.
fn xlsx(sheet: &[u8], shared: Option<&[u8]>, sheet_name: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_vec()),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#).into_bytes()),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec()),
        ("xl/worksheets/sheet1.xml", sheet.to_vec()),
        ("xl/sharedStrings.xml", shared.map_or_else(|| br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#.to_vec(), <[u8]>::to_vec)),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

fn header_row() -> String {
    r#"<row r="1"><c r="A1" t="inlineStr"><is><t>单位</t></is></c><c r="B1" t="inlineStr"><is><t>次数</t></is></c></row>"#.into()
}

fn rows(n: usize, dimension: bool) -> Vec<u8> {
    let mut s = String::from(SHEET_HEAD);
    if dimension {
        s.push_str(&format!(r#"<dimension ref="A1:B{}"/>"#, n + 1));
    }
    s.push_str("<sheetData>");
    s.push_str(&header_row());
    for r in 2..=n + 1 {
        s.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>单位{r}</t></is></c><c r="B{r}"><v>1</v></c></row>"#
        ));
    }
    s.push_str("</sheetData></worksheet>");
    s.into_bytes()
}

/// The zip's declared sizes of its largest part, patched to `size` in the local header and the
/// central directory: a part that claims less than it holds.
fn lie_about_sizes(mut bytes: Vec<u8>, part: &str, size: u32) -> Vec<u8> {
    let name = part.as_bytes();
    for (sig, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let mut i = 0;
        while let Some(p) = bytes[i..].windows(4).position(|w| w == sig) {
            let at = i + p;
            if bytes.get(at + name_at..at + name_at + name.len()) == Some(name) {
                bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i = at + 4;
        }
    }
    bytes
}

fn workbook(kind: &str) -> Vec<u8> {
    match kind {
        "million-rows" => xlsx(&rows(1_000_000, true), None, "事实"),
        "million-rows-undeclared" => xlsx(&rows(1_000_000, false), None, "事实"),
        "zip-bomb" | "zip-bomb-lying" => {
            let mut s = format!("{SHEET_HEAD}<sheetData>{}", header_row());
            s.push_str(&" ".repeat(300 << 20));
            s.push_str("</sheetData></worksheet>");
            let book = xlsx(s.as_bytes(), None, "事实");
            if kind == "zip-bomb" { book } else { lie_about_sizes(book, "xl/worksheets/sheet1.xml", 4096) }
        }
        "cell-50-mb" => {
            let shared = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#,
                "长".repeat((50 << 20) / 3)
            );
            let sheet = format!(
                r#"{SHEET_HEAD}<sheetData>{}<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
                header_row()
            );
            xlsx(sheet.as_bytes(), Some(shared.as_bytes()), "事实")
        }
        "bidi-sheet" => {
            let sheet = format!(
                r#"{SHEET_HEAD}<sheetData>{}<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2" t="inlineStr"><is><t>三次</t></is></c></row></sheetData></worksheet>"#,
                header_row()
            );
            xlsx(sheet.as_bytes(), None, "事\u{202e}实")
        }
        other => panic!("unknown workbook `{other}`"),
    }
}

fn render(d: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    let safe = rubric::safe::Safe::new(d);
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, &safe)
        .unwrap();
    out
}

fn codes(e: &dyn miette::Diagnostic) -> Vec<String> {
    let mut out: Vec<String> = e.code().map(|c| c.to_string()).into_iter().collect();
    for r in e.related().into_iter().flatten() {
        out.extend(codes(r));
    }
    out
}

fn run(case: &Case) -> Result<(), String> {
    let rules = std::fs::read_to_string(dir().join("rules").join(&case.rules)).unwrap();
    let rubric = rubric::load(&case.rules, &MemoryLoader::new().with(case.rules.clone(), rules)).into_rubric().unwrap();
    let bytes = match (&case.facts, &case.workbook) {
        (Some(f), _) => std::fs::read(dir().join("facts").join(f)).unwrap(),
        (None, Some(w)) => workbook(w),
        _ => return Err("no facts".into()),
    };
    let (rendered, found) = match rubric_xlsx::read_facts(&bytes, &Default::default()) {
        Err(e) => (render(&e), codes(&e)),
        Ok(read) => {
            let unit = match &case.unit {
                Some(n) => read.units.iter().find(|u| &u.unit == n).ok_or(format!("no unit {n}"))?,
                None => read.units.first().ok_or("no units")?,
            };
            match rubric.evaluate(unit) {
                Err(e) => (render(&e), codes(&e)),
                Ok(s) => return Err(format!("scored {}", s.score)),
            }
        }
    };
    if !found.contains(&case.expect) {
        return Err(format!("gave {found:?}, expected {}:\n{rendered}", case.expect));
    }
    if let Some(m) = &case.message
        && !rendered.contains(m.as_str())
    {
        return Err(format!("rendered diagnostics do not contain {m:?}:\n{rendered}"));
    }
    // The one set of hidden characters, listed in `rubric_syntax::hidden`'s tests.
    if let Some(c) = rendered.chars().find(|&c| rubric_syntax::is_hidden(c)) {
        return Err(format!("raw character {c:?} in rendered diagnostics"));
    }
    Ok(())
}

#[test]
fn every_workbook_case_gives_its_outcome_on_a_256_kib_stack() {
    let cases = cases();
    assert!(cases.len() >= 10, "only {} workbook cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case.name.clone();
        let handle = std::thread::Builder::new().stack_size(256 * 1024).spawn(move || run(&case)).unwrap();
        match handle.join() {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{name}: {why}")),
            Err(_) => failures.push(format!("{name}: panicked")),
        }
    }
    assert!(failures.is_empty(), "{} workbook cases failed:\n{}", failures.len(), failures.join("\n"));
}
