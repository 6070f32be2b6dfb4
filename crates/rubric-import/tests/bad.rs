//! Hostile documents (`tests/import/bad/`, and inputs too large to keep, built here): each gives
//! its error, with a message and a help in English and in Chinese, and never a panic.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use miette::Diagnostic;
use rubric_import::{ImportError, Limits, Origin};
use std::io::Write;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn import(name: &str, bytes: &[u8]) -> Result<Vec<rubric_import::Draft>, ImportError> {
    let origin = Origin { source: name.into(), date: "2026-12-07".into() };
    rubric_import::import(name, bytes, &origin, &Limits::default())
}

fn code(e: &ImportError) -> String {
    e.code().map(|c| c.to_string()).unwrap_or_default()
}

/// The error of a document, with both languages' words checked.
fn error_of(name: &str, bytes: &[u8]) -> String {
    let e = match import(name, bytes) {
        Ok(_) => panic!("{name}: imported"),
        Err(e) => e,
    };
    for lang in [rubric::Lang::En, rubric::Lang::Zh] {
        let (m, h) = e.said(lang);
        assert!(!m.is_empty() && !h.is_empty(), "{name}: {m} / {h}");
        assert!(!m.ends_with('.') && !m.ends_with('。'), "{name}: {m}");
    }
    assert!(e.help().is_some());
    code(&e)
}

#[test]
fn the_corpus_gives_its_errors() {
    let cases = [
        ("no-table.txt", "rubric_import::no_table"),
        ("no-header.txt", "rubric_import::no_header"),
        ("row-before-section.txt", "rubric_import::broken_row"),
        ("gbk.txt", "rubric_import::not_utf8"),
        ("random-bytes.docx", "rubric_import::not_docx"),
        ("no-document-xml.docx", "rubric_import::not_docx"),
        ("bad-xml.docx", "rubric_import::not_docx"),
        ("no-table.docx", "rubric_import::no_table"),
        ("truncated.docx", "rubric_import::not_docx"),
    ];
    for (file, want) in cases {
        let bytes = std::fs::read(root().join("tests/import/bad").join(file)).unwrap();
        assert_eq!(error_of(file, &bytes), want, "{file}");
    }
}

/// Found by the fuzz target `import`: a document whose 序号 repeats (`按规定时间节点完成` as a
/// section twice); the draft renames the second (`-2`) and checks.
#[test]
fn a_repeated_number_is_renamed_and_the_draft_checks() {
    let bytes = std::fs::read(root().join("tests/import/bad/fuzz-duplicate-section.txt")).unwrap();
    for d in import("fuzz-duplicate-section.txt", &bytes).unwrap() {
        let load = rubric::load("d.rubric", &rubric::MemoryLoader::new().with("d.rubric", d.text.clone()));
        assert!(!load.report.has_errors(), "{:#?}\n{}", load.report.diagnostics, d.text);
        assert!(d.text.contains("renamed here (review)"));
    }
}

#[test]
fn ten_megabytes_of_text_are_refused_by_size() {
    let text = "考核细则文字，没有表格。\n".repeat(10 << 20 >> 5);
    assert!(text.len() > 9 << 20);
    assert_eq!(error_of("big.txt", text.as_bytes()), "rubric_import::too_large");
}

#[test]
fn a_table_of_too_many_rows_or_too_long_a_cell_is_refused() {
    let mut text = String::from("\t序号\n\t评分任务\n\t评分标准\n\t分值\n\n");
    for i in 0..5000 {
        text.push_str(&format!("\t{i}\n\t任务\n\t标准(1分)\n\t1\n\n"));
    }
    assert_eq!(error_of("rows.txt", text.as_bytes()), "rubric_import::table_too_large");
    let cell = format!("\t序号\n\t评分任务\n\t评分标准\n\t分值\n\n\t一\n\t任务\n\t{}\n", "很长的文字\n".repeat(20_000));
    assert_eq!(error_of("cell.txt", cell.as_bytes()), "rubric_import::table_too_large");
}

fn zip_of(xml: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file("word/document.xml", zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
    z.write_all(xml).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn hostile_docx_parts_are_refused() {
    // Tables nested 10,000 deep: read without recursion; no header anywhere.
    let deep = format!(
        "<w:document><w:body>{}{}</w:body></w:document>",
        "<w:tbl><w:tr><w:tc>".repeat(10_000),
        "</w:tc></w:tr></w:tbl>".repeat(10_000)
    );
    assert_eq!(
        error_of("deep.docx", &zip_of(deep.as_bytes(), zip::CompressionMethod::Stored)),
        "rubric_import::no_header"
    );
    // A zip bomb: 64 MB of spaces packed into a few KB.
    let bomb = vec![b' '; 64 << 20];
    let packed = zip_of(&bomb, zip::CompressionMethod::Deflated);
    assert!(packed.len() < 1 << 20);
    assert_eq!(error_of("bomb.docx", &packed), "rubric_import::table_too_large");
}

/// A .docx of more than the text budget, for a picture in it (a seal, a logo), is read: only its
/// `word/document.xml` is unpacked. Over its own budget it is refused.
#[test]
fn a_docx_with_a_large_picture_is_read_and_a_larger_one_refused() {
    let shipped = std::fs::read(root().join("tests/import/docx/wushen-excerpt.docx")).unwrap();
    let with_picture = |picture_bytes: usize| {
        let mut source = zip::ZipArchive::new(std::io::Cursor::new(shipped.clone())).unwrap();
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        for i in 0..source.len() {
            z.raw_copy_file(source.by_index_raw(i).unwrap()).unwrap();
        }
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(picture_bytes > u32::MAX as usize);
        z.start_file("word/media/image1.png", stored).unwrap();
        // Bytes that do not compress, as a picture's.
        let mut x: u32 = 12345;
        let picture: Vec<u8> = (0..picture_bytes)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        z.write_all(&picture).unwrap();
        z.finish().unwrap();
        buf.into_inner()
    };
    let six = with_picture(6 << 20);
    assert!(six.len() > Limits::default().max_bytes);
    let drafts = import("seal.docx", &six).unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].text.contains("item 一.1 "), "{}", drafts[0].text);
    assert_eq!(error_of("huge.docx", &with_picture(65 << 20)), "rubric_import::too_large");
}
