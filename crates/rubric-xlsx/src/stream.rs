//! Facts from an .xlsx workbook read as a stream of units: the facts sheet's cells in row order
//! (calamine's cell reader), each unit handed on as soon as its row is read, so memory is the
//! row in flight and the workbook's shared texts and styles, not the sheet. The rules are
//! [`crate::read_facts`]'s, cell for cell (the same `SheetReader`): what changes a value (a
//! range merged down a column) is known before the first row, from a first pass over the sheet's
//! XML ([`crate::scan`]); each number's stored text is read in step with its cell
//! ([`crate::stored`]), never through a double. The notes are known once the last row is read.
//!
//! Only a plain .xlsx is streamed, and only when it has no sheet named after a list fact (such
//! a sheet is read whole, with the units, by [`crate::read_workbook`]); anything else — an .ods
//! or .xls, an encrypted, damaged or truncated workbook, shared texts or styles beyond the
//! budget of unpacked bytes — is left to the whole read, which says why it cannot be read.

use crate::error::WorkbookError;
use crate::limits::WorkbookLimits;
use crate::number::{self, Format};
use crate::read::{SheetReader, pick_sheets, unreadable};
use crate::scan;
use crate::stored::Stored;
use calamine::{Data, DataRef, Reader};
use rubric::UnitFacts;
use rubric::errors::Words;
use std::io::{BufReader, Read, Seek};

/// Reads the facts sheet of the .xlsx workbook that `open` opens (each call a reader of its own,
/// from the start: the sheet's XML is read twice, and by calamine), handing each unit to `each`
/// in the order of the sheet (reading stops when `each` says false). `ready` is called once the
/// workbook is found to be streamed, before any unit (reading stops when it says false).
///
/// `Ok(None)`: not streamed (nothing handed on): read it whole with [`crate::read_workbook`],
/// which reads it or says why it cannot; or stopped by `ready` or `each`. `Ok(Some(notes))`:
/// every unit handed on, then the notes [`crate::read_workbook`] would give, in its order.
/// `Err`: the error the whole read gives, once the units of the rows before it are handed on.
///
/// The budgets are the whole read's, but for the rows (`max_rows`, a budget of memory that a
/// stream does not spend) and the facts sheet's XML, which is not counted in the unpacked bytes
/// (it is read a row at a time: each row within `max_row_bytes`).
///
/// ```
/// let book = rubric_xlsx::write::workbook(&[rubric_xlsx::write::Sheet {
///     name: "事实".into(),
///     title: None,
///     header: vec!["单位".into(), "人数".into()],
///     rows: vec![vec![rubric_xlsx::write::Cell::Text("乌审旗".into()), rubric_xlsx::write::Cell::Number(3.into())]],
///     notes: Vec::new(),
/// }])?;
/// let mut units = Vec::new();
/// let open = || Ok(std::io::Cursor::new(book.clone()));
/// let notes = rubric_xlsx::stream_facts(open, &Default::default(), &[], || true, |u| {
///     units.push(u);
///     true
/// })?;
/// assert_eq!(notes.map(|n| n.len()), Some(0));
/// assert_eq!(units[0].unit, "乌审旗");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stream_facts<R: Read + Seek>(
    open: impl Fn() -> std::io::Result<R>,
    limits: &WorkbookLimits,
    lists: &[&str],
    ready: impl FnOnce() -> bool,
    mut each: impl FnMut(UnitFacts) -> bool,
) -> Result<Option<Vec<Words>>, WorkbookError> {
    let Some((mut zip, mut book, picked, path)) = opened(&open, limits, lists) else { return Ok(None) };
    if !ready() {
        return Ok(None);
    }
    let mut cells = book.worksheet_cells_reader(&picked.units).map_err(|e| unreadable(&e))?;
    let found = scan::scan_sheet(&mut zip, &path, false)
        .map_err(|message| WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message }))?;
    // No budget of rows: a stream holds a row at a time.
    let limits = WorkbookLimits { max_rows: usize::MAX, ..*limits };
    let mut sheet = SheetReader::new(&picked.units, &limits, found, false);
    let styles: Vec<Format> = cells
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().map(|f| number::format_of(&f.format_code)).unwrap_or_default())
        .collect();
    let part = zip.by_name(&path).map_err(|e| {
        WorkbookError::Unreadable(crate::error::UnreadableWorkbook {
            message: crate::words::unreadable::damaged_part(&path, &e),
        })
    })?;
    let mut stored = Stored::new(part, &path);
    while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(|e| unreadable(&e))? {
        let (row, col) = cell.get_position();
        // The cell's stored text, met in step (calamine and the reader meet the same cells).
        let met = stored
            .next_cell()
            .map_err(|message| WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message }))?;
        if let (DataRef::Float(_), Some((at, Some(text)))) = (cell.get_value(), met)
            && at == (row, col)
        {
            sheet.scan.numbers.insert(at, text);
        }
        let format = styles.get(style).copied().unwrap_or_default();
        let value: Data = cell.get_value().clone().into();
        sheet.cell(row, col, &value, format)?;
        // A number's text not taken (a cell that did not read as a number) is not kept.
        sheet.scan.numbers.clear();
        for u in sheet.units.drain(..) {
            if !each(u) {
                return Ok(None);
            }
        }
    }
    let read = sheet.finish()?;
    for u in read.units {
        if !each(u) {
            return Ok(None);
        }
    }
    let mut notes: Vec<Words> = picked.note.into_iter().collect();
    notes.extend(read.notes);
    Ok(Some(notes))
}

/// The workbook `open` opens, when it is streamed: its zip (for the scans), calamine's reader,
/// the sheets picked and the facts sheet's path in the zip.
type Opened<R> = (zip::ZipArchive<BufReader<R>>, calamine::Xlsx<BufReader<R>>, crate::read::Picked, String);

/// [`stream_facts`]'s workbook opened, or `None` when it is read whole.
fn opened<R: Read + Seek>(
    open: &impl Fn() -> std::io::Result<R>,
    limits: &WorkbookLimits,
    lists: &[&str],
) -> Option<Opened<R>> {
    let mut file = open().ok()?;
    let mut head = [0u8; 4];
    file.read_exact(&mut head).ok()?;
    if &head != b"PK\x03\x04" {
        return None;
    }
    file.rewind().ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    zip.by_name("xl/workbook.xml").ok()?;
    // What calamine unpacks whole (shared texts, styles, the workbook's lists) within the
    // budget; the worksheets are read as streams, and only the facts sheet.
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let file = zip.by_index_raw(i).ok()?;
        if file.encrypted() {
            return None;
        }
        if !file.name().is_ok_and(|n| n.starts_with("xl/worksheets/")) {
            total = total.saturating_add(file.size());
        }
    }
    if total > limits.max_unpacked_bytes {
        return None;
    }
    let book = calamine::Xlsx::new(BufReader::new(open().ok()?)).ok()?;
    let picked = pick_sheets(book.sheets_metadata(), lists).ok()?;
    if !picked.lists.is_empty() {
        return None;
    }
    let path = scan::sheet_path(&mut zip, &picked.units)?;
    path.starts_with("xl/worksheets/").then_some((zip, book, picked, path))
}
