//! Facts from a table (CSV) as Excel or WPS saves it: a header row of fact names, one row per unit.
//!
//! ```text
//! 单位,领导小组全体会议次数,按需召开专题会议,补助金发放完成日期,完成率
//! #类型,count（整数）,bool（是/否）,date（2024-07-31）,percent（如 87.5%）
//! 乌审旗,2,是,2024/7/31,87.5%
//! ```
//!
//! The first column is headed `单位` (or `unit`); every other column is a fact. Rows whose first
//! cell starts with `#` are comments, blank rows are skipped, cells are trimmed, and a `'` before
//! text that a spreadsheet would read as a formula (`'=1+2`, as `rulecheck` writes such text) is
//! removed. An empty cell is
//! no value ([`Raw::Null`]); a cell that reads as a number is kept as its text ([`Raw::Number`]);
//! anything else is text (`87.5%`, `是`, `2024/7/31`, `TRUE`) and is read against the fact's
//! declared type when the unit is scored. Every value keeps its row and column, so a bad value is
//! reported as "row 3, column E".

use crate::facts::FactsError;
use crate::facts::error::{BudgetError, CsvError, EncodingError};
pub use crate::facts::read::decode_utf8;
use crate::facts::read::{FactsLimits, Seen};
use crate::facts::text::{BadBytes, Decoded, is_note_column};
use crate::facts::words::{Given, table};
use crate::facts::{Place, Raw, UnitFacts, column_letters, is_error_value};
use crate::safe::unguard;
use crate::value::parse_decimal;
use std::io::Read;

/// Reads a facts table from bytes within the default budgets ([`FactsLimits::default`]): UTF-8
/// (with or without a byte-order mark), UTF-16 with its byte-order mark, or GB18030 (GBK, as
/// Excel's plain "CSV (逗号分隔)" writes Chinese) when the bytes are not UTF-8 and read as
/// GB18030 without an error ([`crate::facts::text::Encoding`]). Bytes that no encoding reads are
/// refused with an error naming the first of them. [`CsvUnits::notes`] says which encoding was read.
pub fn from_csv_bytes(bytes: &[u8]) -> Result<Vec<UnitFacts>, FactsError> {
    from_csv_with(bytes, &FactsLimits::default())
}

/// [`from_csv_bytes`] within the given budgets: a table beyond `max_bytes`, or with a row
/// beyond `max_row_bytes`, is refused (`rubric::facts-budget`).
pub fn from_csv_with(bytes: &[u8], limits: &FactsLimits) -> Result<Vec<UnitFacts>, FactsError> {
    limits.check_size(bytes.len())?;
    read_with(bytes, limits).collect()
}

/// The units of a table held whole: its encoding is decided from all its bytes. Collect the
/// units from it, then ask it for its [`CsvUnits::notes`].
///
/// ```
/// let (gbk, _, _) = encoding_rs::GBK.encode("单位,次数,备注\r\n乌审旗,\"1,234\",按时\r\n");
/// let mut table = rubric::facts::csv::read_with(&gbk, &Default::default());
/// let units: Vec<_> = (&mut table).collect::<Result<_, _>>()?;
/// assert_eq!(units[0].unit, "乌审旗");
/// assert_eq!(table.notes().len(), 2); // read as GB18030; column C holds notes
/// # Ok::<(), rubric::FactsError>(())
/// ```
pub fn read_with<'a>(bytes: &'a [u8], limits: &FactsLimits) -> CsvUnits<&'a [u8]> {
    stream_sniffing(bytes, limits, bytes.len().saturating_add(1))
}

/// Reads a facts table (CSV text): a header row `单位,FACT,…` (or `unit,FACT,…`), then one row
/// per unit. A leading byte-order mark is ignored; line ends may be `\n` or `\r\n`.
pub fn from_csv(text: &str) -> Result<Vec<UnitFacts>, FactsError> {
    from_csv_bytes(text.as_bytes())
}

/// Reads a facts table one unit at a time from a reader, so that memory does not grow with the
/// number of units: for tables of many thousands of rows. It is the reader of every table
/// ([`from_csv`] collects it), so a stream is read by the same rules as a whole file: rows
/// numbered as a spreadsheet shows them, the same encoding check, a unit given twice refused
/// (the stream keeps each unit's name for that). The first error ends the stream. Budgets
/// are [`FactsLimits::default`]'s `max_row_bytes`; a stream has no budget for its size.
pub fn stream<R: Read>(reader: R) -> CsvUnits<R> {
    stream_with(reader, &FactsLimits::default())
}

/// [`stream`] with the given budget for one row (`max_row_bytes`). The encoding is decided from
/// the first `max_row_bytes` of the stream.
pub fn stream_with<R: Read>(reader: R, limits: &FactsLimits) -> CsvUnits<R> {
    stream_sniffing(reader, limits, limits.max_row_bytes)
}

fn stream_sniffing<R: Read>(reader: R, limits: &FactsLimits, sniff: usize) -> CsvUnits<R> {
    let inner = Decoded::new(reader, sniff);
    let window = Window { inner, buf: Vec::new(), head: 0, start: 0, cap: limits.max_row_bytes + BUFFER };
    CsvUnits {
        reader: csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(BUFFER).from_reader(window),
        record: csv::ByteRecord::new(),
        table: TableRows::default(),
        done: false,
        max_row: limits.max_row_bytes,
        counted: 0,
        line_ends: 0,
        quoted_breaks: 0,
    }
}

/// The CSV reader's buffer.
const BUFFER: usize = 8 * 1024;

/// The units of a facts table read as a stream; made by [`stream`].
pub struct CsvUnits<R> {
    reader: csv::Reader<Window<Decoded<R>>>,
    record: csv::ByteRecord,
    table: TableRows,
    done: bool,
    max_row: usize,
    /// Rows as a spreadsheet numbers them: blank lines are skipped by the reader but are rows to
    /// whoever opens the file, and a line break inside a quoted cell does not start a new row.
    /// The line ends before `counted` (an offset in the file) are `line_ends`; those inside the
    /// cells of the rows read, `quoted_breaks`.
    counted: u64,
    line_ends: usize,
    quoted_breaks: usize,
}

/// The bytes under the CSV reader, kept from the start of the row being read: to find where a
/// row starts (the reader's position for a record is where the previous one ended), to count
/// line ends, to name the first byte that is not UTF-8, and to stop a row beyond its budget
/// before it fills memory.
struct Window<R> {
    inner: R,
    buf: Vec<u8>,
    /// The first byte of `buf` still kept.
    head: usize,
    /// The offset in the file of `buf[0]`.
    start: u64,
    /// Most bytes kept: a row's budget and what the reader reads ahead.
    cap: usize,
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.buf.len() - self.head > self.cap {
            return Err(std::io::Error::other(RowTooLong));
        }
        let n = self.inner.read(out)?;
        self.buf.extend_from_slice(out.get(..n).unwrap_or_default());
        Ok(n)
    }
}

impl<R> Window<R> {
    /// The bytes from offset `from` to `to` of the file, as far as they are kept.
    fn slice(&self, from: u64, to: u64) -> &[u8] {
        let at = |o: u64| usize::try_from(o.saturating_sub(self.start)).unwrap_or(usize::MAX).min(self.buf.len());
        self.buf.get(at(from).max(self.head)..at(to)).unwrap_or_default()
    }

    /// Forgets the bytes before offset `at`.
    fn forget_before(&mut self, at: u64) {
        let k = usize::try_from(at.saturating_sub(self.start)).unwrap_or(usize::MAX).min(self.buf.len());
        self.head = self.head.max(k);
        // Move the kept bytes down once the forgotten ones are the larger part.
        if self.head > BUFFER && self.head * 2 > self.buf.len() {
            self.buf.drain(..self.head);
            self.start += self.head as u64;
            self.head = 0;
        }
    }
}

/// The error [`Window`] gives the CSV reader for a row beyond its budget.
#[derive(Debug)]
struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a row beyond its budget")
    }
}

impl std::error::Error for RowTooLong {}

impl<R: Read> CsvUnits<R> {
    /// The row that starts at the first byte that is not a line end from offset `from` (where
    /// the reader's record starts), with that byte's offset; counts the line ends before it.
    fn row_from(&mut self, from: u64) -> (usize, u64) {
        let window = self.reader.get_ref();
        let before = window.slice(self.counted, from);
        self.line_ends += before.iter().filter(|&&c| c == b'\n').count();
        let after = window.slice(from, u64::MAX);
        let skip = after.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        self.line_ends += after.iter().take(skip).filter(|&&c| c == b'\n').count();
        self.counted = from.max(self.counted) + skip as u64;
        ((self.line_ends + 1).saturating_sub(self.quoted_breaks), self.counted)
    }

    fn read(&mut self) -> Option<Result<UnitFacts, FactsError>> {
        loop {
            let from = self.reader.position().byte();
            let more = self.reader.read_byte_record(&mut self.record);
            let from = self.record.position().map_or(from, csv::Position::byte);
            let (row, start) = self.row_from(from);
            match more {
                Ok(true) => {}
                Ok(false) if !self.table.has_header() => {
                    return Some(Err(FactsError::Csv(CsvError { message: table::empty(), row: 1, column: 1 })));
                }
                Ok(false) => return None,
                Err(e) => {
                    let inner = match e.kind() {
                        csv::ErrorKind::Io(io) => io.get_ref(),
                        _ => None,
                    };
                    if let Some(BadBytes(bad)) = inner.and_then(|i| i.downcast_ref::<BadBytes>()) {
                        return Some(Err(bad.clone()));
                    }
                    let too_long = inner.is_some_and(|i| i.is::<RowTooLong>());
                    return Some(Err(if too_long { self.too_long(row) } else { csv_error(&e, row) }));
                }
            }
            let end = self.reader.position().byte();
            let raw = self.reader.get_ref().slice(start, end);
            if raw.len() > self.max_row {
                return Some(Err(self.too_long(row)));
            }
            let line = self.line_ends + 1;
            if let Err(e) = crate::facts::read::check_utf8(raw, usize::try_from(start).unwrap_or(usize::MAX), line) {
                return Some(Err(e));
            }
            self.line_ends += raw.iter().filter(|&&c| c == b'\n').count();
            self.counted = end.max(self.counted);
            self.reader.get_mut().forget_before(end);
            self.quoted_breaks += self.record.iter().map(|c| c.iter().filter(|&&b| b == b'\n').count()).sum::<usize>();
            // Checked above: a cell that is not UTF-8 after all is that error, never an empty cell.
            let cells: Result<Vec<&str>, _> = self.record.iter().map(|c| std::str::from_utf8(c)).collect();
            let cells = match cells {
                Ok(cells) => cells,
                Err(e) => {
                    let offset = usize::try_from(start).unwrap_or(usize::MAX);
                    return Some(Err(FactsError::Encoding(EncodingError {
                        message: crate::facts::words::bad_text(line, &e),
                        offset,
                    })));
                }
            };
            match self.table.row(&cells, row) {
                Ok(Some(facts)) => return Some(Ok(facts)),
                Ok(None) => continue,
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// What a reader of the table should be told, once: the encoding it was read in when that is
    /// not UTF-8, and the notes columns ([`crate::facts::text::NOTE_COLUMNS`]) that are not read.
    pub fn notes(&self) -> Vec<crate::facts::words::Words> {
        let encoding = self.reader.get_ref().inner.encoding().and_then(crate::facts::text::Encoding::note);
        encoding.into_iter().chain(self.table.notes().iter().cloned()).collect()
    }

    /// This table read as a list's table: a unit may have many rows ([`TableRows::records`]).
    pub fn records(mut self) -> Self {
        self.table = TableRows::records();
        self
    }

    fn too_long(&self, row: usize) -> FactsError {
        FactsError::Budget(BudgetError { message: crate::facts::words::row_too_long(row, self.max_row) })
    }
}

impl<R: Read> Iterator for CsvUnits<R> {
    type Item = Result<UnitFacts, FactsError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.read();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// The rows of a facts table, one at a time, read by the rules of this module: the first row
/// that is not blank or a note (`#…`) is the header, each later one a unit, each unit given once.
/// Every table reader uses it — [`CsvUnits`] here, and a workbook's sheet in `rubric-xlsx` — so
/// that a table reads the same from any file.
///
/// ```
/// let mut table = rubric::facts::csv::TableRows::default();
/// assert!(table.row(&["单位", "次数", "备注"], 1)?.is_none());
/// assert!(table.row(&["#类型", "count", ""], 2)?.is_none());
/// let unit = table.row(&[" 乌审旗", "'=3", "按时"], 3)?.unwrap();
/// assert_eq!((unit.unit.as_str(), unit.values.len()), ("乌审旗", 2));
/// assert_eq!(table.notes()[0].en(), "column C, `备注`, holds notes and is not read");
/// assert_eq!(table.notes()[0].zh(), "C 列（`备注`）是备注，不读取");
/// # Ok::<(), rubric::FactsError>(())
/// ```
#[derive(Default)]
pub struct TableRows {
    header: Option<Header>,
    seen: Seen,
    notes: Vec<crate::facts::words::Words>,
    /// Whether a unit may have many rows: a list's table, one row per record ([`crate::facts::list_table`]).
    records: bool,
    /// Whether the units are left to the caller to admit once each: a chunk of a table read on
    /// its own ([`crate::facts::csv_chunks`]), whose caller sees every chunk's units in order.
    unadmitted: bool,
}

impl TableRows {
    /// Reads the cells of one row (`row` as the spreadsheet numbers it): the header when none was
    /// read yet, else a unit; none for a blank row, a note row and the header. Cells are trimmed
    /// and the `'` guard before formula-like text is removed.
    pub fn row(&mut self, cells: &[&str], row: usize) -> Result<Option<UnitFacts>, FactsError> {
        let cells: Vec<&str> = cells.iter().map(|c| cell_text(c)).collect();
        error_unit(&cells, row)?;
        if cells.iter().all(|c| c.is_empty()) || cells.first().is_some_and(|c| c.starts_with('#')) {
            return Ok(None);
        }
        let Some(head) = &self.header else {
            let head = Header::read(&cells, row)?;
            for (i, name) in head.names.iter().enumerate().filter(|(_, n)| is_note_column(n)) {
                self.notes.push(crate::facts::words::table::notes_column(&column_letters(i + 1), name));
            }
            self.header = Some(head);
            return Ok(None);
        };
        let facts = head.unit(&cells, row)?;
        if self.records || self.unadmitted {
            return Ok(Some(facts));
        }
        if let Some(first) = self.seen.admit(&facts, row) {
            return Err(super::read::twice(&facts, Given::Row(first), Given::Row(row)));
        }
        Ok(Some(facts))
    }

    /// The rows of a list's table: a unit may have many rows, one per record.
    pub fn records() -> TableRows {
        TableRows { records: true, ..TableRows::default() }
    }

    /// A table whose units the caller admits once each, for the first chunk of a table cut
    /// into chunks ([`crate::facts::csv_chunks`]).
    pub(crate) fn unadmitted() -> TableRows {
        TableRows { unadmitted: true, ..TableRows::default() }
    }

    /// The rows after this table's header, read with its header by another reader (a chunk of
    /// the table on another thread), units left to the caller to admit; none before the header.
    pub(crate) fn continuing(&self) -> Option<TableRows> {
        let header = self.header.clone()?;
        Some(TableRows { header: Some(header), unadmitted: true, ..TableRows::default() })
    }

    /// The header's column names, in order (empty before the header is read).
    pub(crate) fn names(&self) -> &[String] {
        self.header.as_ref().map_or(&[], |h| h.names.as_slice())
    }

    /// Whether the header's second column is the period of each row.
    pub(crate) fn has_period(&self) -> bool {
        self.header.as_ref().is_some_and(|h| h.period)
    }

    /// Whether the header row has been read.
    pub fn has_header(&self) -> bool {
        self.header.is_some()
    }

    /// The notes columns of the header, each as a note to show once.
    pub fn notes(&self) -> &[crate::facts::words::Words] {
        &self.notes
    }
}

impl Header {
    /// The unit of a data row, its values placed by row and column.
    fn unit(&self, cells: &[&str], row: usize) -> Result<UnitFacts, FactsError> {
        let head = self;
        if cells.len() != head.names.len() {
            let column = cells.len().min(head.names.len()) + 1;
            return Err(FactsError::Csv(CsvError {
                message: table::cells(cells.len(), head.names.len()),
                row,
                column,
            }));
        }
        let unit = cells.first().copied().unwrap_or_default();
        if unit.is_empty() {
            return Err(FactsError::Csv(CsvError { message: table::no_unit(), row, column: 1 }));
        }
        let period = if head.period { cells.get(1).copied().filter(|c| !c.is_empty()) } else { None };
        let mut facts = UnitFacts::new(unit);
        facts.period = period.map(str::to_string);
        let skip = if head.period { 2 } else { 1 };
        for (i, (name, cell)) in head.names.iter().zip(cells).enumerate().skip(skip) {
            let column = i + 1;
            if name.is_empty() {
                if !cell.is_empty() {
                    return Err(FactsError::Csv(CsvError {
                        message: table::no_heading(&column_letters(column), cell, head.row),
                        row,
                        column,
                    }));
                }
                continue;
            }
            facts.values.push(((*name).to_string(), raw_of(cell)));
            facts.places.push(Some(Place { row, column: Some(column), sheet: None }));
        }
        Ok(facts)
    }
}

/// A row whose unit cell holds a spreadsheet's error value (`#N/A`, `#REF!` …) is an error
/// naming the cell: it starts with `#` like a note row, but skipping it would lose a unit.
fn error_unit(cells: &[&str], row: usize) -> Result<(), FactsError> {
    match cells.first() {
        Some(cell) if is_error_value(cell) => {
            Err(FactsError::Csv(CsvError { message: table::error_value(cell), row, column: 1 }))
        }
        _ => Ok(()),
    }
}

/// The raw value of a trimmed cell. A number in scientific notation (`1.23457E+17`) is how a
/// spreadsheet shows a long number, not its digits: it is kept as text and refused when read.
fn raw_of(cell: &str) -> Raw {
    raw_with(cell, String::new())
}

/// [`raw_of`] a trimmed cell, its text written into `buf` (cleared first) rather than a new
/// string, so that a reader of many cells reuses one buffer; `Raw::Null` drops `buf`.
pub(crate) fn raw_with(cell: &str, mut buf: String) -> Raw {
    if cell.is_empty() {
        return Raw::Null;
    }
    buf.clear();
    buf.push_str(cell);
    if parse_decimal(cell).is_some() && !cell.contains(['e', 'E']) { Raw::Number(buf) } else { Raw::Text(buf) }
}

/// A cell as every table reader reads it: trimmed, the `'` guard before formula-like text removed.
pub(crate) fn cell_text(cell: &str) -> &str {
    // A cell that starts with a printable ASCII character other than the guard `'`, or with the
    // lead byte of a character that is never white space (white space past ASCII starts with
    // 0xC2, 0xE1, 0xE2 or 0xE3), and ends with a character that is not white space, has nothing
    // to trim or unguard: most cells (`12`, `是`), read without trimming.
    let plain_start = |b: u8| (b.is_ascii_graphic() && b != b'\'') || (b >= 0xC4 && !matches!(b, 0xE1..=0xE3));
    let plain_end = |s: &str| s.chars().next_back().is_some_and(|c| !c.is_whitespace());
    match cell.as_bytes().first() {
        Some(&a) if plain_start(a) && plain_end(cell) => cell,
        _ => unguard(cell.trim()),
    }
}

/// The header row: the unit column, then fact names (empty for a column with no name).
#[derive(Clone)]
struct Header {
    names: Vec<String>,
    row: usize,
    /// Whether the second column is headed `period` (or `考核期`): the period of the row's facts.
    period: bool,
}

impl Header {
    fn read(cells: &[&str], row: usize) -> Result<Header, FactsError> {
        let first = cells.first().copied().unwrap_or_default();
        if !(first == "单位" || first.eq_ignore_ascii_case("unit")) {
            // Excel in some locales separates cells with `;`; a tab means a TSV file.
            let separator = [';', '\t'].into_iter().find(|c| first.contains(*c));
            if let Some(c) = separator {
                return Err(FactsError::Csv(CsvError { message: table::separator(c == ';'), row, column: 1 }));
            }
            return Err(FactsError::Csv(CsvError { message: table::first_heading(first), row, column: 1 }));
        }
        let mut names: Vec<String> = Vec::with_capacity(cells.len());
        for (i, name) in cells.iter().enumerate() {
            let earlier = if i > 0 && !name.is_empty() && !is_note_column(name) {
                names.iter().position(|n| n == name)
            } else {
                None
            };
            if let Some(j) = earlier {
                return Err(FactsError::Csv(CsvError {
                    message: table::two_columns(name, &column_letters(j + 1), &column_letters(i + 1)),
                    row,
                    column: i + 1,
                }));
            }
            names.push((*name).to_string());
        }
        let period = names.get(1).is_some_and(|n| n == "考核期" || n.eq_ignore_ascii_case("period"));
        Ok(Header { names, row, period })
    }
}

fn csv_error(e: &csv::Error, row: usize) -> FactsError {
    FactsError::Csv(CsvError { message: table::unreadable(e), row, column: 1 })
}
