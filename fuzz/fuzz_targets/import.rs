#![no_main]
//! Bytes → `rubric_import::import`, as text and as a .docx (the bytes as a zip, and the bytes
//! as the `word/document.xml` of a zip built here), within small budgets: never a panic or a
//! hang, and every draft it writes checks without an error and is already formatted.

use libfuzzer_sys::fuzz_target;
use rubric_import::{Limits, Origin};
use std::io::Write;

fn limits() -> Limits {
    Limits { max_bytes: 1 << 20, max_docx_bytes: 1 << 20, max_xml_bytes: 1 << 20, max_rows: 300, max_columns: 24, max_cell_bytes: 4096 }
}

fn check(name: &str, bytes: &[u8]) {
    let origin = Origin { source: "fuzz".into(), date: "2026-12-07".into() };
    let Ok(drafts) = rubric_import::import(name, bytes, &origin, &limits()) else { return };
    for d in drafts {
        let load = rubric::load("d.rubric", &rubric::MemoryLoader::new().with("d.rubric", d.text.clone()));
        let errors: Vec<String> = load
            .report
            .diagnostics
            .iter()
            .filter(|x| x.severity == rubric::Severity::Error)
            .map(|x| format!("{:?}: {}", x.code, x.message))
            .collect();
        assert!(errors.is_empty(), "draft does not check: {errors:?}\n{}", d.text);
        assert_eq!(rubric_syntax::format(&d.text).ok().as_deref(), Some(d.text.as_str()), "draft not formatted");
    }
}

fn zip_of(xml: &[u8]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    if z.start_file("word/document.xml", opts).is_ok() {
        let _ = z.write_all(xml);
    }
    let _ = z.finish();
    buf.into_inner()
}

fuzz_target!(|data: &[u8]| {
    check("doc.txt", data);
    check("doc.docx", data);
    check("doc.docx", &zip_of(data));
});
