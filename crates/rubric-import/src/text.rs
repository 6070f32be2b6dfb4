//! The text of a Word table as extraction leaves it: a cell starts with a tab at the start of a
//! line (after any spaces), its text may go on over the following lines, an empty line ends a row
//! once it has as many cells as the header, a tab alone is an empty cell, and header rows repeat
//! at page breaks. Lines outside the rows are the loose text (title, preamble); a line of a page
//! number (`— 5 —`) is dropped.

use crate::columns::{header_roles, starts_header};
use crate::error::{Budget, ImportError};
use crate::limits::Limits;
use crate::table::{Cell, Document, Row, Table};

/// Reads the text of a document with tables.
pub fn read_text(text: &str, limits: &Limits) -> Result<Document, ImportError> {
    let mut r =
        Reader { limits, doc: Document::default(), table: None, row: None, expected: None, loose: Vec::new(), rows: 0 };
    for (i, line) in text.lines().enumerate() {
        r.line(i + 1, line)?;
    }
    r.end_row()?;
    r.end_table();
    let mut doc = r.doc;
    doc.trailing = r.loose;
    if doc.tables.is_empty() {
        return Err(ImportError::NoTable);
    }
    Ok(doc)
}

/// The reader's state.
struct Reader<'a> {
    limits: &'a Limits,
    doc: Document,
    table: Option<Table>,
    /// The row being read: its first line and its cells' raw text.
    row: Option<(usize, Vec<String>)>,
    /// The number of cells of the last header row.
    expected: Option<usize>,
    /// Loose lines not yet placed.
    loose: Vec<String>,
    rows: usize,
}

impl Reader<'_> {
    fn line(&mut self, n: usize, line: &str) -> Result<(), ImportError> {
        let start = line.trim_start_matches([' ', '\u{3000}']);
        if let Some(rest) = start.strip_prefix('\t') {
            return self.cell(n, rest);
        }
        if line.trim().is_empty() {
            let Some((_, cells)) = &mut self.row else { return Ok(()) };
            let header = cells.first().is_some_and(|c| starts_header(c));
            match self.expected {
                Some(e) if cells.len() < e && !header => {
                    if let Some(last) = cells.last_mut() {
                        last.push('\n');
                    }
                }
                _ => self.end_row()?,
            }
            return Ok(());
        }
        match &mut self.row {
            Some((_, cells)) => {
                if let Some(last) = cells.last_mut() {
                    if last.len() + line.len() > self.limits.max_cell_bytes {
                        return Err(too_large("a cell's text", self.limits.max_cell_bytes));
                    }
                    last.push('\n');
                    last.push_str(line);
                }
            }
            None if is_page_number(line) => {}
            None => self.loose.push(line.trim().to_string()),
        }
        Ok(())
    }

    /// A line that starts a cell.
    fn cell(&mut self, n: usize, rest: &str) -> Result<(), ImportError> {
        if let Some((_, cells)) = &self.row {
            let full = self.expected.is_some_and(|e| cells.len() >= e);
            if full || (starts_header(rest) && !cells.is_empty()) {
                self.end_row()?;
            }
        }
        if self.row.is_none() {
            if self.table.is_some() && !self.loose.is_empty() {
                self.end_table();
            }
            if self.table.is_none() {
                self.table =
                    Some(Table { before: std::mem::take(&mut self.loose), rows: Vec::new(), merges_known: false });
                self.expected = None;
            }
            self.row = Some((n, Vec::new()));
        }
        if let Some((_, cells)) = &mut self.row {
            if cells.len() >= self.limits.max_columns {
                return Err(too_large("cells in a row", self.limits.max_columns));
            }
            cells.push(rest.to_string());
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), ImportError> {
        let Some((line, cells)) = self.row.take() else { return Ok(()) };
        self.rows += 1;
        if self.rows > self.limits.max_rows {
            return Err(too_large("rows", self.limits.max_rows));
        }
        let tidy: Vec<String> = cells.iter().map(|c| crate::table::tidy(c)).collect();
        if header_roles(&tidy).is_some() {
            self.expected = Some(cells.len());
        }
        let row = Row { line, cells: cells.iter().map(|c| Cell::new(c)).collect() };
        if let Some(t) = &mut self.table {
            t.rows.push(row);
        }
        Ok(())
    }

    fn end_table(&mut self) {
        if let Some(t) = self.table.take() {
            self.doc.tables.push(t);
        }
    }
}

fn too_large(what: &str, max: usize) -> ImportError {
    ImportError::TableTooLarge(Budget { what: what.to_string(), max })
}

/// A line of a page number: dashes, digits and spaces only (`— 5 —`, `-12-`).
fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '—' | '-' | '–' | '－'))
}
