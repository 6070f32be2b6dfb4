//! Facts from a workbook: the first visible sheet is a facts table, read by the rules of a CSV
//! table ([`rubric::facts::csv::TableRows`]: the header row `单位 | FACT | …`, `#` note rows,
//! notes columns, each unit once), each cell as the sheet shows it.
//!
//! - A number is read as Excel shows it: 15 significant digits, so `=0.1+0.2` is 0.3 (with a
//!   note), read in an .xlsx from the text the cell stores, never through a double
//!   ([`crate::number::stored`]); a number of more than 15
//!   digits in its whole part is refused (its last digits are already lost).
//! - A cell formatted as a percent (`0.0%`) is its percent: 0.875 shown as 87.5% is `87.5%`.
//!   When the format shows fewer decimals than the cell holds (`0%` shows 88%), the value held is
//!   read, with a note.
//! - A date cell is its day (`2026-06-15`), counted as Excel counts (its 1900-02-29 refused); a
//!   time of day other than midnight is refused for a date fact.
//! - A formula is read by the value last calculated and saved with the file (a note says so); an
//!   error value (`#DIV/0!`, `#N/A`) is refused, naming the cell.
//! - A range merged down one column (a unit's name over its two period rows) gives its value to
//!   every cell of it, with a note; a range merged across columns in a row that is read is
//!   refused, naming it.
//! - Hidden rows and columns are read like the others (as a spreadsheet saves them to CSV), with
//!   a note naming them; other sheets are not read (a note names them).
//!
//! `.ods` and `.xls` workbooks are read through the same rules, with less from the file: a
//! percent cell is read as its fraction (0.875, then refused for a percent fact as a bare number
//! is), and hidden and merged cells are not told apart.

use crate::error::WorkbookError;
use crate::limits::WorkbookLimits;
use crate::number::{self, Format};
use crate::scan::{self, Scan, a1};
use crate::words::{self, budget, cell, note, unreadable};
use calamine::{Data, Reader};
use rubric::errors::Words;
use rubric::facts::csv::TableRows;
use rubric::{FactsError, UnitFacts};
use std::io::Cursor;
use std::sync::Arc;

/// The facts of a workbook, with what its reader should be told once (float noise removed,
/// formulas read by their saved values, hidden rows, other sheets, notes columns).
#[derive(Debug, Clone, Default)]
pub struct FactsRead {
    /// The units, in the order of the sheet.
    pub units: Vec<UnitFacts>,
    /// Notes for the reader, each a sentence.
    pub notes: Vec<Words>,
    /// The sheets read as lists' tables ([`read_workbook`]): one row per record, with its unit.
    pub lists: Vec<ListSheet>,
}

/// A sheet named after a list fact, read as its table: a unit column, then one column per field,
/// one row per record (as a 台账 is kept). Join the rows to the units with
/// [`rubric::facts::list_table::join_rows`].
#[derive(Debug, Clone, Default)]
pub struct ListSheet {
    /// The list fact (and the sheet's name).
    pub list: String,
    /// Its rows, each a record of the unit it names, placed by sheet, row and column.
    pub rows: Vec<UnitFacts>,
}

/// Most cells named in one note.
const NAMED: usize = 8;

/// Reads the facts of a workbook (.xlsx, .ods or .xls, told apart by their content) within the
/// budgets.
///
/// ```
/// let e = rubric_xlsx::read_facts(b"\xD0\xCF\x11\xE0 not really", &Default::default()).unwrap_err();
/// assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::facts-xlsx");
/// ```
pub fn read_facts(bytes: &[u8], limits: &WorkbookLimits) -> Result<FactsRead, WorkbookError> {
    read_workbook(bytes, limits, &[])
}

/// [`read_facts`], and each visible sheet named after one of `lists` read as that list's table
/// ([`FactsRead::lists`]), as `rulecheck template --format xlsx` writes them.
///
/// ```
/// let e = rubric_xlsx::read_workbook(b"", &Default::default(), &["事故"]).unwrap_err();
/// assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::facts-xlsx");
/// ```
pub fn read_workbook(bytes: &[u8], limits: &WorkbookLimits, lists: &[&str]) -> Result<FactsRead, WorkbookError> {
    if bytes.len() > limits.facts.max_bytes {
        return Err(limits.facts.too_large(Some(bytes.len() as u64)).into());
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut zip = scan::open_zip(bytes, limits)?;
        if zip.by_name("xl/workbook.xml").is_ok() {
            return read_xlsx(bytes, &mut zip, limits, lists);
        }
        if zip.by_name("content.xml").is_ok() {
            let book = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
            return read_range(book, limits, lists);
        }
        return Err(WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message: unreadable::other_zip() }));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An old .xls, or an .xlsx encrypted with a password (kept in the same container).
        if let Err(calamine::XlsxError::Password) = calamine::Xlsx::new(Cursor::new(bytes)) {
            return Err(WorkbookError::Encrypted(crate::error::EncryptedWorkbook));
        }
        let book = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => WorkbookError::Encrypted(crate::error::EncryptedWorkbook),
            other => unreadable(&other),
        })?;
        return read_range(book, limits, lists);
    }
    let start = String::from_utf8_lossy(bytes.get(..bytes.len().min(40)).unwrap_or_default()).into_owned();
    let text = std::str::from_utf8(bytes.get(..bytes.len().min(512)).unwrap_or_default()).is_ok();
    Err(WorkbookError::Unreadable(crate::error::UnreadableWorkbook {
        message: if text && !bytes.is_empty() {
            unreadable::text(start.trim_start_matches('\u{feff}').lines().next().unwrap_or_default())
        } else if bytes.is_empty() {
            unreadable::empty()
        } else {
            unreadable::not_a_workbook()
        },
    }))
}

pub(crate) fn unreadable(e: &dyn std::fmt::Display) -> WorkbookError {
    let message = e.to_string();
    let lower = message.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return WorkbookError::Encrypted(crate::error::EncryptedWorkbook);
    }
    WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message: unreadable::said(&lower) })
}

/// The sheets of a workbook to read: the first visible worksheet (the units), the visible sheets
/// named after a list (its records), and a note naming the sheets not read.
pub(crate) struct Picked {
    pub(crate) units: String,
    pub(crate) lists: Vec<String>,
    pub(crate) note: Option<Words>,
}

pub(crate) fn pick_sheets(sheets: &[calamine::Sheet], lists: &[&str]) -> Result<Picked, WorkbookError> {
    let visible =
        |s: &&calamine::Sheet| s.typ == calamine::SheetType::WorkSheet && s.visible == calamine::SheetVisible::Visible;
    let Some(first) = sheets.iter().find(visible) else {
        return Err(WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message: unreadable::no_sheet() }));
    };
    let is_list = |s: &&calamine::Sheet| s.name != first.name && lists.contains(&s.name.trim());
    let list_sheets: Vec<String> = sheets.iter().filter(visible).filter(is_list).map(|s| s.name.clone()).collect();
    let others: Vec<String> = sheets
        .iter()
        .filter(|s| s.name != first.name && !list_sheets.contains(&s.name))
        .map(|s| format!("`{}`", rubric_syntax::clean(&s.name)))
        .collect();
    let note = (!others.is_empty()).then(|| note::other_sheets(&first.name, &others.join(", ")));
    Ok(Picked { units: first.name.clone(), lists: list_sheets, note })
}

/// The units' sheet read, then each list's sheet, into one [`FactsRead`].
fn read_sheets(
    picked: Picked,
    mut read: impl FnMut(&str, bool) -> Result<FactsRead, WorkbookError>,
) -> Result<FactsRead, WorkbookError> {
    let mut out = read(&picked.units, false)?;
    out.notes.splice(0..0, picked.note);
    for name in picked.lists {
        let sheet = read(&name, true)?;
        out.notes.push(note::list_sheet(&name, sheet.units.len()));
        out.notes.extend(sheet.notes);
        out.lists.push(ListSheet { list: name.trim().to_string(), rows: sheet.units });
    }
    Ok(out)
}

fn read_xlsx(
    bytes: &[u8],
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &WorkbookLimits,
    lists: &[&str],
) -> Result<FactsRead, WorkbookError> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => WorkbookError::Encrypted(crate::error::EncryptedWorkbook),
        other => unreadable(&other),
    })?;
    let picked = pick_sheets(book.sheets_metadata(), lists)?;
    read_sheets(picked, |name, records| read_xlsx_sheet(&mut book, zip, name, limits, records))
}

/// One sheet of an .xlsx, cell by cell: the units' table, or a list's (`records`).
fn read_xlsx_sheet(
    book: &mut calamine::Xlsx<Cursor<&[u8]>>,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &WorkbookLimits,
    records: bool,
) -> Result<FactsRead, WorkbookError> {
    let mut sheet = SheetReader::new(name, limits, Scan::default(), records);
    let mut cells = book.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
    // A sheet that declares more rows than the budget is refused before a row is read.
    sheet.check_rows(cells.dimensions().end.0)?;
    if let Some(path) = scan::sheet_path(zip, name) {
        sheet.scan = scan::scan_sheet(zip, &path, true)
            .map_err(|message| WorkbookError::Unreadable(crate::error::UnreadableWorkbook { message }))?;
    }
    let styles: Vec<Format> = cells
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().map(|f| number::format_of(&f.format_code)).unwrap_or_default())
        .collect();
    while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(|e| unreadable(&e))? {
        let (row, col) = cell.get_position();
        let format = styles.get(style).copied().unwrap_or_default();
        let value: Data = cell.get_value().clone().into();
        sheet.cell(row, col, &value, format)?;
    }
    sheet.finish()
}

/// An .ods or .xls workbook: calamine reads the sheet whole.
fn read_range<R, B>(mut book: B, limits: &WorkbookLimits, lists: &[&str]) -> Result<FactsRead, WorkbookError>
where
    R: std::io::Read + std::io::Seek,
    B: Reader<R>,
    B::Error: std::fmt::Display,
{
    let picked = pick_sheets(book.sheets_metadata(), lists)?;
    read_sheets(picked, |name, records| read_range_sheet(&mut book, name, limits, records))
}

/// One sheet of an .ods or .xls, read whole: the units' table, or a list's (`records`).
fn read_range_sheet<R, B>(
    book: &mut B,
    name: &str,
    limits: &WorkbookLimits,
    records: bool,
) -> Result<FactsRead, WorkbookError>
where
    R: std::io::Read + std::io::Seek,
    B: Reader<R>,
    B::Error: std::fmt::Display,
{
    let range = book.worksheet_range(name).map_err(|e| unreadable(&e))?;
    let mut found = Scan::default();
    if let Ok(formulas) = book.worksheet_formula(name) {
        let (r0, c0) = formulas.start().unwrap_or_default();
        for (i, row) in formulas.rows().enumerate() {
            for (j, f) in row.iter().enumerate() {
                if !f.is_empty() {
                    found.formulas.0 += 1;
                    if found.formulas.1.len() < NAMED {
                        found.formulas.1.push((r0 + i as u32, c0 + j as u32));
                    }
                }
            }
        }
    }
    let mut sheet = SheetReader::new(name, limits, found, records);
    let (r0, c0) = range.start().unwrap_or_default();
    sheet.check_rows(r0 + range.height() as u32)?;
    for (i, row) in range.rows().enumerate() {
        for (j, value) in row.iter().enumerate() {
            if !matches!(value, Data::Empty) {
                sheet.cell(r0 + i as u32, c0 + j as u32, value, Format::default())?;
            }
        }
    }
    sheet.finish()
}

/// A sheet read cell by cell, in order, a row at a time.
pub(crate) struct SheetReader<'a> {
    name: Arc<str>,
    limits: &'a WorkbookLimits,
    pub(crate) scan: Scan,
    table: TableRows,
    pub(crate) units: Vec<UnitFacts>,
    notes: Vec<Words>,
    /// The row being read: its number and cells by column.
    row: Option<u32>,
    cells: Vec<String>,
    bytes: usize,
    /// Cells whose float noise was removed, shown values that round, merged ranges filled down.
    noise: (usize, Vec<String>),
    rounded: (usize, Vec<String>),
    filled: Vec<(u32, u32, u32, u32)>,
    /// The value of each merged range filled down, by its first row, column.
    merged: Vec<((u32, u32), String)>,
    /// The header row's width, once read.
    width: Option<usize>,
}

impl<'a> SheetReader<'a> {
    pub(crate) fn new(name: &str, limits: &'a WorkbookLimits, scan: Scan, records: bool) -> Self {
        SheetReader {
            name: Arc::from(name),
            limits,
            scan,
            table: if records { TableRows::records() } else { TableRows::default() },
            units: Vec::new(),
            notes: Vec::new(),
            row: None,
            cells: Vec::new(),
            bytes: 0,
            noise: (0, Vec::new()),
            rounded: (0, Vec::new()),
            filled: Vec::new(),
            merged: Vec::new(),
            width: None,
        }
    }

    fn at(&self, row: u32, col: u32) -> Words {
        words::cell(&self.name, &a1(row, col))
    }

    /// Refuses a sheet whose last row (0-based) is beyond the budget of rows.
    fn check_rows(&self, last: u32) -> Result<(), WorkbookError> {
        if last as usize >= self.limits.max_rows {
            return Err(FactsError::Budget(rubric::errors::BudgetError {
                message: budget::rows(&self.name, u64::from(last) + 1, self.limits.max_rows),
            })
            .into());
        }
        Ok(())
    }

    pub(crate) fn cell(&mut self, row: u32, col: u32, value: &Data, format: Format) -> Result<(), WorkbookError> {
        if self.row != Some(row) {
            self.end_row()?;
            self.check_rows(row)?;
            self.row = Some(row);
        }
        let text = self.text(row, col, value, format).map_err(|message| {
            WorkbookError::Sheet(Box::new(crate::error::SheetError {
                at: self.at(row, col),
                message,
                help: cell::help(),
            }))
        })?;
        self.bytes = self.bytes.saturating_add(text.len());
        if self.bytes > self.limits.facts.max_row_bytes {
            return Err(FactsError::Budget(rubric::errors::BudgetError {
                message: budget::row_bytes(&self.name, row + 1, self.limits.facts.max_row_bytes, &a1(row, col)),
            })
            .into());
        }
        let col = col as usize;
        if self.cells.len() <= col {
            self.cells.resize(col + 1, String::new());
        }
        if let Some(c) = self.cells.get_mut(col) {
            *c = text;
        }
        Ok(())
    }

    /// A cell's text, as the sheet shows it.
    fn text(&mut self, row: u32, col: u32, value: &Data, format: Format) -> Result<String, Words> {
        Ok(match value {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Data::Int(i) => self.number(row, col, rust_decimal::Decimal::from(*i), None, format),
            Data::Float(f) => {
                // An .xlsx cell's stored text when the sheet's XML gave it; the double only for
                // .xls (which holds nothing else) and .ods.
                let shown = match self.scan.numbers.remove(&(row, col)) {
                    Some(text) => number::stored(&text)?,
                    None => number::shown(*f)?,
                };
                self.number(row, col, shown.value, shown.noise, format)
            }
            Data::DateTime(d) if d.is_datetime() => {
                if d.as_f64() < 0.0 || d.as_f64() >= 2_958_466.0 {
                    return Err(cell::serial(&d.as_f64()));
                }
                let (y, m, day, h, min, s, ms) = d.to_ymd_hms_milli();
                let date = number::day(y, m, day)?;
                if (h, min, s, ms) == (0, 0, 0, 0) { date } else { format!("{date} {h:02}:{min:02}:{s:02}") }
            }
            Data::DateTime(_) | Data::DurationIso(_) => {
                return Err(cell::duration());
            }
            Data::DateTimeIso(s) => s.clone(),
            Data::Error(e) => e.to_string(),
        })
    }

    /// A number's text: a percent when the format is one; noting float noise removed and
    /// digits the format does not show.
    fn number(
        &mut self,
        row: u32,
        col: u32,
        value: rust_decimal::Decimal,
        noise: Option<String>,
        format: Format,
    ) -> String {
        let value =
            if format.percent { value.saturating_mul(rust_decimal::Decimal::ONE_HUNDRED).normalize() } else { value };
        let text = if format.percent { format!("{value}%") } else { value.to_string() };
        if let Some(raw) = noise {
            let held = if format.percent { format!("{raw} (as a fraction)") } else { raw };
            push(&mut self.noise, format!("{} {held} → {text}", a1(row, col)));
        }
        if let Some(d) = format.decimals
            && value.scale() as usize > d
        {
            let mut shown =
                value.round_dp_with_strategy(d as u32, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            shown.rescale(d as u32);
            let pct = if format.percent { "%" } else { "" };
            push(&mut self.rounded, format!("{} shows {shown}{pct}, holds {text}", a1(row, col)));
        }
        text
    }

    /// Hands the row read to the table: merged ranges first.
    fn end_row(&mut self) -> Result<(), WorkbookError> {
        let Some(row) = self.row.take() else { return Ok(()) };
        let mut cells = std::mem::take(&mut self.cells);
        self.bytes = 0;
        let is_note = cells.first().is_some_and(|c| c.trim().starts_with('#'));
        let blank = cells.iter().all(|c| c.trim().is_empty());
        for &(r0, c0, r1, c1) in &self.scan.merges {
            if row < r0 || row > r1 {
                continue;
            }
            if c1 > c0 {
                if is_note || blank {
                    continue;
                }
                let (message, help) = cell::merged_across();
                let at = words::cells(&self.name, &a1(r0, c0), &a1(r1, c1));
                return Err(WorkbookError::Sheet(Box::new(crate::error::SheetError { at, message, help })));
            }
            let at = c0 as usize;
            if row == r0 {
                let value = cells.get(at).cloned().unwrap_or_default();
                self.merged.push(((r0, c0), value));
                if r1 > r0 && !self.filled.contains(&(r0, c0, r1, c1)) {
                    self.filled.push((r0, c0, r1, c1));
                }
            } else if let Some((_, value)) = self.merged.iter().find(|(k, _)| *k == (r0, c0)) {
                if cells.len() <= at {
                    cells.resize(at + 1, String::new());
                }
                if let Some(c) = cells.get_mut(at) {
                    c.clone_from(value);
                }
            }
        }
        // A sheet's rows are as wide as their last cell: a table's as wide as its header.
        while cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        if let Some(width) = self.width {
            if let Some((col, value)) = cells.iter().enumerate().skip(width).find(|(_, c)| !c.trim().is_empty()) {
                let (message, help) = cell::no_heading(value);
                return Err(WorkbookError::Sheet(Box::new(crate::error::SheetError {
                    at: self.at(row, col as u32),
                    message,
                    help,
                })));
            }
            cells.resize(width, String::new());
        }
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        let had_header = self.table.has_header();
        let unit = self.table.row(&refs, row as usize + 1).map_err(|e| self.table_error(e))?;
        if !had_header && self.table.has_header() {
            self.width = Some(cells.len());
        }
        if let Some(mut unit) = unit {
            for p in unit.places.iter_mut().flatten() {
                p.sheet = Some(self.name.clone());
            }
            self.units.push(unit);
        }
        Ok(())
    }

    /// A table's error, located in the sheet.
    fn table_error(&self, e: FactsError) -> WorkbookError {
        match e {
            FactsError::Csv(rubric::errors::CsvError { message, row, column }) => {
                WorkbookError::Sheet(Box::new(crate::error::SheetError {
                    at: words::cell(&self.name, &format!("{}{row}", rubric::facts::column_letters(column))),
                    message,
                    help: cell::table_help(),
                }))
            }
            FactsError::DuplicateUnit(rubric::errors::DuplicateUnitError { unit, message }) => {
                FactsError::DuplicateUnit(rubric::errors::DuplicateUnitError {
                    unit,
                    message: message.in_sheet(&self.name),
                })
                .into()
            }
            other => other.into(),
        }
    }

    pub(crate) fn finish(mut self) -> Result<FactsRead, WorkbookError> {
        self.end_row()?;
        if !self.table.has_header() {
            let (message, help) = cell::empty_sheet();
            return Err(WorkbookError::Sheet(Box::new(crate::error::SheetError {
                at: words::sheet(&self.name),
                message,
                help,
            })));
        }
        let mut notes = std::mem::take(&mut self.notes);
        let named = |list: &(usize, Vec<String>)| -> note::Named {
            let more = list.0.saturating_sub(list.1.len());
            let (en, zh) = if more > 0 {
                (format!(" and {more} more"), format!("等，另有 {more} 个"))
            } else {
                Default::default()
            };
            (format!("{}{en}", list.1.join("; ")), format!("{}{zh}", list.1.join("；")))
        };
        let places = |list: &(usize, Vec<(u32, u32)>)| {
            let cells: (usize, Vec<String>) = (list.0, list.1.iter().map(|&(r, c)| a1(r, c)).collect());
            named(&cells)
        };
        if self.scan.formulas.0 > 0 {
            notes.push(note::formulas(self.scan.formulas.0, &self.name, &places(&self.scan.formulas)));
        }
        if self.noise.0 > 0 {
            notes.push(note::noise(&named(&self.noise)));
        }
        if self.rounded.0 > 0 {
            notes.push(note::rounded(&named(&self.rounded)));
        }
        if !self.filled.is_empty() {
            let ranges: Vec<String> =
                self.filled.iter().map(|&(r0, c0, r1, c1)| format!("{}:{}", a1(r0, c0), a1(r1, c1))).collect();
            notes.push(note::merged(&ranges.join(", ")));
        }
        if self.scan.hidden_rows.0 > 0 || self.scan.hidden_columns.0 > 0 {
            let rows: Vec<String> = self.scan.hidden_rows.1.iter().map(|r| (r + 1).to_string()).collect();
            let cols: Vec<String> = self
                .scan
                .hidden_columns
                .1
                .iter()
                .map(|&(a, b)| {
                    let l = |c: u32| rubric::facts::column_letters(c as usize + 1);
                    if a == b { l(a) } else { format!("{}:{}", l(a), l(b)) }
                })
                .collect();
            let (nr, nc) = (self.scan.hidden_rows.0, self.scan.hidden_columns.0);
            let rows = (!rows.is_empty()).then(|| (nr, named(&(nr, rows))));
            let cols = (!cols.is_empty()).then(|| (nc, named(&(nc, cols))));
            notes.push(note::hidden(&self.name, rows, cols));
        }
        notes.extend(self.table.notes().iter().cloned());
        Ok(FactsRead { units: self.units, notes, lists: Vec::new() })
    }
}

fn push(list: &mut (usize, Vec<String>), item: String) {
    list.0 += 1;
    if list.1.len() < NAMED {
        list.1.push(item);
    }
}
