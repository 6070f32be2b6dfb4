//! What calamine does not tell of a sheet, read in one pass over its XML: hidden rows and
//! columns, cells with formulas, merged ranges. And the budget of a zip: the sizes its directory
//! declares, checked before any part is unpacked.

use crate::error::WorkbookError;
use crate::limits::WorkbookLimits;
use crate::words::unreadable;
use quick_xml::events::{BytesStart, Event};
use rubric::errors::Words;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read, Seek};
use zip::ZipArchive;

/// Most places kept of each kind, for the notes: the counts are kept whole.
const KEPT: usize = 8;

/// A zip workbook (xlsx, ods) whose parts unpack within the budget.
pub(crate) fn open_zip<'a>(
    bytes: &'a [u8],
    limits: &WorkbookLimits,
) -> Result<ZipArchive<Cursor<&'a [u8]>>, WorkbookError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message: unreadable::not_complete(&e) })
    })?;
    let mut total: u64 = 0;
    let mut largest: (u64, String) = (0, String::new());
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).map_err(|e| {
            WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message: unreadable::damaged(i + 1, &e) })
        })?;
        if file.encrypted() {
            return Err(WorkbookError::Encrypted(crate::error::EncryptedWorkbook));
        }
        total = total.saturating_add(file.size());
        if file.size() > largest.0 {
            largest = (file.size(), file.name().map(|n| n.into_owned()).unwrap_or_default());
        }
    }
    if total > limits.max_unpacked_bytes {
        return Err(rubric::FactsError::Budget(rubric::errors::BudgetError {
            message: crate::words::budget::unpacked(total, &largest.1, largest.0, limits.max_unpacked_bytes),
        })
        .into());
    }
    Ok(zip)
}

/// The path in the zip of an .xlsx worksheet, from the workbook's list of sheets and its
/// relationships.
pub(crate) fn sheet_path<R: Read + Seek>(zip: &mut ZipArchive<R>, sheet: &str) -> Option<String> {
    let mut id = None;
    each_element(zip, "xl/workbook.xml", |e| {
        if e.local_name().into_inner() == "sheet" && attr(e, "name").as_deref() == Some(sheet) {
            id = attr(e, "id");
        }
    })
    .ok()?;
    let id = id?;
    let mut target = None;
    each_element(zip, "xl/_rels/workbook.xml.rels", |e| {
        if e.local_name().into_inner() == "Relationship" && attr(e, "Id").as_deref() == Some(id.as_str()) {
            target = attr(e, "Target");
        }
    })
    .ok()?;
    let target = target?;
    Some(match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{target}"),
    })
}

/// An attribute's value, unescaped, by its local name.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.local_name().into_inner() == name)?;
    quick_xml::escape::unescape(&a.value).ok().map(|v| v.into_owned())
}

/// Calls `f` on every element (start or empty) of a part of the zip, in order.
fn each_element<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    path: &str,
    mut f: impl FnMut(&BytesStart<'_>),
) -> Result<(), Words> {
    each_event(zip, path, |event| {
        if let Event::Start(e) | Event::Empty(e) = event {
            f(e);
        }
    })
}

/// Calls `f` on every event of a part of the zip, in order, until its end.
fn each_event<R: Read + Seek>(zip: &mut ZipArchive<R>, path: &str, mut f: impl FnMut(&Event<'_>)) -> Result<(), Words> {
    let part = zip.by_name(path).map_err(|e| unreadable::damaged_part(path, &e))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => return Ok(()),
            Ok(event) => f(&event),
            Err(e) => return Err(unreadable::bad_xml(path, &e)),
        }
    }
}

/// What one pass over a sheet's XML found. Rows and columns are 0-based.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub hidden_rows: (usize, Vec<u32>),
    pub hidden_columns: (usize, Vec<(u32, u32)>),
    pub formulas: (usize, Vec<(u32, u32)>),
    /// Merged ranges: (first row, first column, last row, last column).
    pub merges: Vec<(u32, u32, u32, u32)>,
    /// The stored text of each number cell (`<v>` of a cell without a type or of type `n`), by
    /// (row, column): the number as the file holds it, read without a binary double.
    pub numbers: HashMap<(u32, u32), String>,
}

fn keep<T>(list: &mut (usize, Vec<T>), item: T) {
    list.0 += 1;
    if list.1.len() < KEPT {
        list.1.push(item);
    }
}

/// Scans a worksheet's XML (`path` in the zip), keeping the stored text of every number cell
/// (`numbers`), or not (a sheet streamed reads them in step with its cells: [`crate::stored`]).
pub(crate) fn scan_sheet<R: Read + Seek>(zip: &mut ZipArchive<R>, path: &str, numbers: bool) -> Result<Scan, Words> {
    let mut at = At { numbers, ..At::default() };
    each_event(zip, path, |event| match event {
        Event::Start(e) => at.element(e, false),
        Event::Empty(e) => at.element(e, true),
        Event::Text(t) if at.in_value => at.value.push_str(t),
        Event::End(e) if e.local_name().into_inner() == "v" => at.end_value(),
        _ => {}
    })?;
    Ok(at.scan)
}

/// Where the scan of a sheet is: the cell it is in, and the text of its value so far.
#[derive(Default)]
struct At {
    scan: Scan,
    row: u32,
    col: u32,
    next: u32,
    /// The cell holds a number (no type, or type `n`).
    number: bool,
    /// Inside a number cell's `<v>`.
    in_value: bool,
    value: String,
    /// Whether the numbers' stored texts are kept.
    numbers: bool,
}

impl At {
    fn element(&mut self, e: &BytesStart<'_>, empty: bool) {
        match e.local_name().into_inner() {
            "row" => {
                if let Some(r) = attr(e, "r").and_then(|r| r.parse::<u32>().ok()) {
                    self.row = r.saturating_sub(1);
                }
                if attr(e, "hidden").is_some_and(|h| h == "1" || h == "true") {
                    keep(&mut self.scan.hidden_rows, self.row);
                }
                self.next = 0;
            }
            "c" => {
                match attr(e, "r").and_then(|r| cell_ref(&r)) {
                    Some((r, c)) => (self.row, self.col) = (r, c),
                    None => self.col = self.next,
                }
                self.next = self.col.saturating_add(1);
                self.number = attr(e, "t").is_none_or(|t| t == "n");
            }
            "v" => {
                self.in_value = self.numbers && self.number && !empty;
                self.value.clear();
            }
            "f" => keep(&mut self.scan.formulas, (self.row, self.col)),
            "col" => {
                let n = |k: &str| attr(e, k).and_then(|v| v.parse::<u32>().ok());
                if attr(e, "hidden").is_some_and(|h| h == "1" || h == "true")
                    && let (Some(min), Some(max)) = (n("min"), n("max"))
                {
                    keep(&mut self.scan.hidden_columns, (min.saturating_sub(1), max.saturating_sub(1)));
                }
            }
            "mergeCell" => {
                if let Some((a, b)) = attr(e, "ref").as_deref().and_then(|r| r.split_once(':'))
                    && let (Some(a), Some(b)) = (cell_ref(a), cell_ref(b))
                {
                    self.scan.merges.push((a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)));
                }
            }
            _ => {}
        }
    }

    fn end_value(&mut self) {
        if self.in_value {
            self.scan.numbers.insert((self.row, self.col), self.value.trim().to_string());
        }
        self.in_value = false;
    }
}

/// `C3` → (2, 2): 0-based row and column.
pub(crate) fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let r = r.trim_start_matches('$');
    let letters = r.chars().take_while(char::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    let row: u32 = row.trim_start_matches('$').parse().ok()?;
    let mut c: u32 = 0;
    for ch in col.chars() {
        c = c.checked_mul(26)?.checked_add(u32::from(ch.to_ascii_uppercase()) - u32::from('A') + 1)?;
    }
    (letters > 0 && row > 0).then(|| (row - 1, c - 1))
}

/// `(2, 2)` → `C3`.
pub(crate) fn a1(row: u32, col: u32) -> String {
    format!("{}{}", rubric::facts::column_letters(col as usize + 1), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_both_ways() {
        assert_eq!(cell_ref("C3"), Some((2, 2)));
        assert_eq!(cell_ref("$AA$10"), Some((9, 26)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(a1(9, 26), "AA10");
    }
}
