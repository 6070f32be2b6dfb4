//! The streaming readers against the whole-file readers: a JSON facts file read unit by unit
//! (`facts::json_stream`) gives the units and the first error (its words, line and column) of
//! `decode_utf8` + `from_json_with`, on every JSON file of the repository and on hostile texts;
//! a CSV table cut into chunks (`facts::csv_chunks`) gives the units of the stream, or says
//! `Slow` where the stream must read it.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

mod common;

use rubric::facts::csv_chunks::{Chunks, Slow};
use rubric::facts::{FactsLimits, decode_utf8, from_json_with, json_stream};
use rubric::{FactsError, UnitFacts};
use std::io::Read;

/// What a reader gave: its units, or its error as its code, words and every detail.
fn said(r: Result<Vec<UnitFacts>, FactsError>) -> Result<Vec<UnitFacts>, (String, String, String)> {
    r.map_err(|e| {
        let code = miette::Diagnostic::code(&e).map(|c| c.to_string()).unwrap_or_default();
        (code, e.to_string(), format!("{e:?}"))
    })
}

fn whole(bytes: &[u8], limits: &FactsLimits) -> Result<Vec<UnitFacts>, FactsError> {
    decode_utf8(bytes).and_then(|t| from_json_with(t, limits))
}

/// A reader that gives `n` bytes at a time, so that characters and marks are cut by reads.
struct Dribble<'a>(&'a [u8], usize);

impl Read for Dribble<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(out.len()).min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

fn streamed(read: impl Read, limits: &FactsLimits) -> Result<Vec<UnitFacts>, FactsError> {
    let mut units = Vec::new();
    json_stream::read(read, limits, |u| {
        units.push(u);
        true
    })?;
    Ok(units)
}

/// The same units, or the same error; serde_json's reader of bytes counts the byte it looked
/// ahead at in the column of a JSON error (its reader of text does not), so that column may be
/// one more (`rulecheck score` reads a file within the budget whole again for that error).
fn same_json(name: &str, bytes: &[u8], limits: &FactsLimits) {
    let want = whole(bytes, limits);
    for (how, got) in [
        ("at once", streamed(bytes, limits)),
        ("a byte at a time", streamed(Dribble(bytes, 1), limits)),
        ("7 bytes at a time", streamed(Dribble(bytes, 7), limits)),
    ] {
        match (&got, &want) {
            (Err(FactsError::Json(a)), Err(FactsError::Json(b))) => {
                assert_eq!((&a.message, a.line), (&b.message, b.line), "{name}, {how}");
                assert!(a.column == b.column || a.column == b.column + 1, "{name}, {how}: {a:?} against {b:?}");
            }
            _ => assert_eq!(said(got), said(whole(bytes, limits)), "{name}, {how}"),
        }
    }
}

#[test]
fn every_json_file_streams_as_it_reads_whole() {
    let root = common::root();
    let mut files = Vec::new();
    for dir in ["rules", "tests", "docs"] {
        common::json_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 30, "{files:?}");
    let small = FactsLimits { max_depth: 3, ..FactsLimits::default() };
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        same_json(&name, &bytes, &FactsLimits::default());
        same_json(&format!("{name} (depth 3)"), &bytes, &small);
    }
}

#[test]
fn hostile_json_streams_as_it_reads_whole() {
    let cases = common::hostile_json();
    for (name, bytes) in &cases {
        same_json(name, bytes, &FactsLimits::default());
        same_json(name, bytes, &FactsLimits { max_depth: 4, ..FactsLimits::default() });
    }
    // Hostile facts files of the corpus.
    let dir = common::root().join("tests/hostile/facts");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        same_json(&p.display().to_string(), &bytes, &FactsLimits::default());
    }
}

#[test]
fn a_streamed_json_file_stops_when_asked() {
    let text = r#"{"units": [{"unit": "甲", "facts": {}}, {"unit": "乙", "facts": {}}, x]}"#;
    let mut n = 0;
    json_stream::read(text.as_bytes(), &FactsLimits::default(), |_| {
        n += 1;
        false
    })
    .unwrap();
    assert_eq!(n, 1);
}

/// The units of a table cut into chunks of `size` bytes, or `Slow`.
fn chunked(text: &[u8], size: usize) -> Result<Vec<UnitFacts>, Slow> {
    let mut chunks = Chunks::new(text, &FactsLimits::default(), size);
    let (rows, mut units) = chunks.start()?;
    while let Some(c) = chunks.next_chunk()? {
        units.extend(rows.units(&c)?);
    }
    Ok(units)
}

#[test]
fn a_table_in_chunks_reads_as_the_stream() {
    let mut text = String::from("\u{feff}单位,次数,说明\r\n#类型,count,\r\n");
    for i in 0..5000 {
        match i % 7 {
            0 => text.push_str(&format!("\"单位{i}\",{i},\"多\n行，\"\"引号\"\"\"\r\n")),
            1 => text.push_str("\r\n"),
            2 => text.push_str(&format!("# 注 {i}\n")),
            _ => text.push_str(&format!("单位{i}, {i} ,'=1\r\n")),
        }
    }
    let stream: Vec<UnitFacts> = rubric::facts::csv::stream(text.as_bytes()).collect::<Result<_, _>>().unwrap();
    for size in [4096, 10_000, 1 << 20] {
        let units = chunked(text.as_bytes(), size).unwrap();
        assert_eq!(units, stream, "chunks of {size} bytes");
        assert_eq!(
            units.iter().map(|u| &u.places).collect::<Vec<_>>(),
            stream.iter().map(|u| &u.places).collect::<Vec<_>>()
        );
    }
}

#[test]
fn what_the_stream_must_read_is_slow() {
    let head = "单位,次数\n";
    let row = |i: usize| format!("单位{i},{i}\n");
    let body: String = (0..2000).map(row).collect();
    for (name, text) in [
        ("a unit twice", format!("{head}{body}{}", row(5))),
        ("a short row", format!("{head}{body}甲\n")),
        ("a lone carriage return", format!("{head}{body}甲,1\r乙,2\n")),
        ("a period column", format!("单位,period,次数\n{body}")),
        ("no header", "#只有注\n".to_string()),
    ] {
        let mut chunks = Chunks::new(text.as_bytes(), &FactsLimits::default(), 4096);
        let slow = chunks.start().and_then(|(rows, first)| {
            let mut names: Vec<u64> = first.iter().map(rubric::facts::csv_chunks::name_hash).collect();
            while let Some(c) = chunks.next_chunk()? {
                names.extend(rows.units(&c)?.iter().map(rubric::facts::csv_chunks::name_hash));
            }
            rubric::facts::csv_chunks::Admitted::default().admit(&names)
        });
        assert_eq!(slow, Err(Slow), "{name}");
    }
    // GBK is read by the stream, never by the chunks.
    let gbk = encoding_rs::GBK.encode("单位,次数\n乌审旗,1\n").0.into_owned();
    assert_eq!(chunked(&gbk, 4096).err(), Some(Slow));
}

#[test]
fn a_bad_cell_on_row_500000_is_named() {
    let mut text = String::from("单位,次数\n");
    for i in 2..=600_000 {
        text.push_str(&format!("u{i},{}\n", if i == 500_000 { "x" } else { "1" }));
    }
    let units = chunked(text.as_bytes(), 1 << 20).unwrap();
    let u = units.iter().find(|u| u.unit == "u500000").unwrap();
    let place = u.places[0].as_ref().unwrap();
    assert_eq!((place.row, place.column), (500_000, Some(2)));
    assert_eq!(place.to_string(), "row 500000, column B");
}
