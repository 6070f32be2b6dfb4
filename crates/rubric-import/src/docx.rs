//! A `.docx` read directly: the tables of `word/document.xml` (`w:tbl`, `w:tr`, `w:tc`), a cell's
//! paragraphs joined by line breaks, `w:gridSpan` for cells merged across and `w:vMerge` for
//! cells merged down; the paragraphs outside tables are the loose text. The zip's declared sizes
//! are checked before anything is unpacked, and unpacking stops at the budget.

use crate::error::{Budget, ImportError, NotDocx};
use crate::limits::Limits;
use crate::table::{Cell, Document, Row, Table, tidy};
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Whether the bytes start as a zip file does.
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Reads the tables of a .docx.
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, ImportError> {
    let xml = document_xml(bytes, limits)?;
    let doc = parse(&xml, limits)?;
    if doc.tables.is_empty() {
        return Err(ImportError::NoTable);
    }
    Ok(doc)
}

fn not_docx(why: &str, why_zh: &str) -> ImportError {
    ImportError::NotDocx(NotDocx { why: why.to_string(), why_zh: why_zh.to_string() })
}

/// The text of `word/document.xml`, unpacked within the budget.
fn document_xml(bytes: &[u8], limits: &Limits) -> Result<String, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| not_docx(&format!("not a readable zip file ({e})"), &format!("不是可读的 zip 文件（{e}）")))?;
    let part = zip
        .by_name("word/document.xml")
        .map_err(|_| not_docx("the zip has no `word/document.xml`", "zip 文件中没有 `word/document.xml`"))?;
    if part.encrypted() {
        return Err(not_docx("the document is encrypted", "文档已加密"));
    }
    if part.size() > limits.max_xml_bytes {
        return Err(ImportError::TableTooLarge(Budget {
            what: format!("`word/document.xml` unpacks to {} bytes", part.size()),
            max: usize::try_from(limits.max_xml_bytes).unwrap_or(usize::MAX),
        }));
    }
    let mut data = Vec::new();
    part.take(limits.max_xml_bytes.saturating_add(1)).read_to_end(&mut data).map_err(|e| {
        not_docx(&format!("`word/document.xml` is damaged ({e})"), &format!("`word/document.xml` 已损坏（{e}）"))
    })?;
    if data.len() as u64 > limits.max_xml_bytes {
        return Err(ImportError::TableTooLarge(Budget {
            what: "`word/document.xml` unpacks to more bytes than its zip entry declares".into(),
            max: usize::try_from(limits.max_xml_bytes).unwrap_or(usize::MAX),
        }));
    }
    String::from_utf8(data)
        .map_err(|_| not_docx("`word/document.xml` is not UTF-8", "`word/document.xml` 不是 UTF-8 编码"))
}

/// Where the parse is.
#[derive(Default)]
struct At {
    doc: Document,
    /// Nesting of tables (a table inside a cell is read as that cell's text).
    depth: usize,
    table: Option<Table>,
    row: Option<Row>,
    cell: Option<Cell>,
    /// The text of the paragraph being read.
    para: String,
    in_text: bool,
    loose: Vec<String>,
    rows: usize,
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val")?;
    quick_xml::escape::unescape(&a.value).ok().map(|v| v.into_owned())
}

/// Parses `word/document.xml`.
fn parse(xml: &str, limits: &Limits) -> Result<Document, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut at = At::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            let pos = reader.buffer_position();
            not_docx(
                &format!("`word/document.xml` is not well-formed XML at byte {pos} ({e})"),
                &format!("`word/document.xml` 在第 {pos} 字节处不是格式正确的 XML（{e}）"),
            )
        })?;
        match event {
            Event::Eof => break,
            Event::Start(e) => at.start(&e, false, limits)?,
            Event::Empty(e) => at.start(&e, true, limits)?,
            Event::End(e) => at.end(e.local_name().as_ref(), limits)?,
            Event::Text(t) if at.in_text => at.push(&t, limits)?,
            Event::GeneralRef(r) if at.in_text => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).unwrap_or_default().to_string(),
                };
                at.push(&s, limits)?;
            }
            _ => {}
        }
    }
    at.doc.trailing = at.loose;
    Ok(at.doc)
}

impl At {
    fn push(&mut self, s: &str, limits: &Limits) -> Result<(), ImportError> {
        if self.para.len() + s.len() > limits.max_cell_bytes {
            return Err(ImportError::TableTooLarge(Budget {
                what: "a paragraph's text".into(),
                max: limits.max_cell_bytes,
            }));
        }
        self.para.push_str(s);
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool, limits: &Limits) -> Result<(), ImportError> {
        match local(e).as_str() {
            "tbl" if !empty => {
                self.depth += 1;
                if self.depth == 1 {
                    self.table =
                        Some(Table { before: std::mem::take(&mut self.loose), rows: Vec::new(), merges_known: true });
                }
            }
            "tr" if self.depth == 1 && !empty => {
                self.rows += 1;
                if self.rows > limits.max_rows {
                    return Err(ImportError::TableTooLarge(Budget { what: "rows".into(), max: limits.max_rows }));
                }
                let line = self.table.as_ref().map_or(0, |t| t.rows.len()) + 1;
                self.row = Some(Row { line, cells: Vec::new() });
            }
            "tc" if self.depth == 1 => {
                self.cell = Some(Cell { text: String::new(), span: 1, merged_above: false });
                if empty {
                    self.end_cell(limits)?;
                }
            }
            "gridSpan" if self.depth == 1 => {
                if let Some(c) = &mut self.cell {
                    let n = val(e).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
                    c.span = n.clamp(1, limits.max_columns);
                }
            }
            "vMerge" if self.depth == 1 => {
                if let Some(c) = &mut self.cell {
                    c.merged_above = val(e).as_deref() != Some("restart");
                }
            }
            "t" if !empty => self.in_text = true,
            "tab" => self.para.push('\t'),
            "br" | "cr" => self.para.push('\n'),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str, limits: &Limits) -> Result<(), ImportError> {
        match name {
            "t" => self.in_text = false,
            "p" => {
                let p = std::mem::take(&mut self.para);
                match &mut self.cell {
                    Some(c) => {
                        if c.text.len() + p.len() > limits.max_cell_bytes {
                            return Err(ImportError::TableTooLarge(Budget {
                                what: "a cell's text".into(),
                                max: limits.max_cell_bytes,
                            }));
                        }
                        if !c.text.is_empty() {
                            c.text.push('\n');
                        }
                        c.text.push_str(&p);
                    }
                    None if !p.trim().is_empty() => self.loose.push(p.trim().to_string()),
                    None => {}
                }
            }
            "tc" if self.depth == 1 => self.end_cell(limits)?,
            "tr" if self.depth == 1 => {
                if let (Some(t), Some(r)) = (&mut self.table, self.row.take()) {
                    t.rows.push(r);
                }
            }
            "tbl" => {
                if self.depth == 1
                    && let Some(t) = self.table.take()
                {
                    self.doc.tables.push(t);
                }
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
        Ok(())
    }

    fn end_cell(&mut self, limits: &Limits) -> Result<(), ImportError> {
        if let (Some(r), Some(mut c)) = (&mut self.row, self.cell.take()) {
            if r.cells.len() >= limits.max_columns {
                return Err(ImportError::TableTooLarge(Budget {
                    what: "cells in a row".into(),
                    max: limits.max_columns,
                }));
            }
            c.text = tidy(&c.text);
            r.cells.push(c);
        }
        Ok(())
    }
}
