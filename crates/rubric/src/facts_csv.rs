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

use crate::error::FactsError;
use crate::facts::{Place, Raw, UnitFacts, column_letters, is_error_value, parse_decimal};

/// Reads a facts table from bytes: UTF-8, with or without a byte-order mark.
///
/// UTF-16 and other encodings (GBK, as Excel's plain "CSV (逗号分隔)" writes Chinese) are
/// refused with an error that names the first bad byte and says to save as "CSV UTF-8".
pub fn from_csv_bytes(bytes: &[u8]) -> Result<Vec<UnitFacts>, FactsError> {
    from_csv(decode_utf8(bytes)?)
}

/// Checks that bytes are UTF-8 text (a byte-order mark is allowed and removed).
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, FactsError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FactsError::Encoding {
            message: "the file is UTF-16, as Excel writes \"Unicode 文本\" (its bytes at offset 0 are a UTF-16 \
                      byte-order mark)"
                .into(),
            offset: 0,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(FactsError::Encoding {
            message: format!(
                "the byte at offset {offset} is 0x00; the file is probably UTF-16 without a byte-order mark"
            ),
            offset,
        });
    }
    let (bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, bytes),
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.valid_up_to();
            let offset = at + bom;
            let line = bytes.get(..at).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) + 1;
            let shown: Vec<String> =
                bytes.get(at..).unwrap_or_default().iter().take(2).map(|b| format!("0x{b:02X}")).collect();
            Err(FactsError::Encoding {
                message: format!(
                    "the byte at offset {offset} (line {line}: {}) is not UTF-8; the file is probably GBK (ANSI), \
                     as Excel writes plain \"CSV (逗号分隔)\"; save it as \"CSV UTF-8\"",
                    shown.join(" ")
                ),
                offset,
            })
        }
    }
}

/// Reads a facts table (CSV text): a header row `单位,FACT,…` (or `unit,FACT,…`), then one row
/// per unit. A leading byte-order mark is ignored; line ends may be `\n` or `\r\n`.
pub fn from_csv(text: &str) -> Result<Vec<UnitFacts>, FactsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut row = 0usize;
    let mut header: Option<Header> = None;
    let mut out: Vec<UnitFacts> = Vec::new();
    let mut unit_rows: std::collections::HashMap<(String, Option<String>), usize> = std::collections::HashMap::new();
    // Rows as a spreadsheet numbers them: blank lines are skipped by the reader but are rows to
    // whoever opens the file, and a line break inside a quoted cell does not start a new row.
    // The reader's position for a record is where the previous one ended, so the record's own
    // start is found by stepping over the line ends after it.
    let bytes = text.as_bytes();
    let (mut scanned, mut line_ends, mut quoted_breaks) = (0usize, 0usize, 0usize);
    loop {
        let more = reader.read_record(&mut record).map_err(|e| csv_error(&e, row + 1))?;
        if !more {
            break;
        }
        let mut start = record.position().map_or(scanned, |p| usize::try_from(p.byte()).unwrap_or(scanned));
        while bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        line_ends += bytes.get(scanned..start).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        scanned = scanned.max(start);
        row = (line_ends + 1).saturating_sub(quoted_breaks);
        quoted_breaks += record.iter().map(|c| c.matches('\n').count()).sum::<usize>();
        let cells: Vec<&str> = record.iter().map(|c| crate::safe::unguard(c.trim())).collect();
        error_unit(&cells, row)?;
        if cells.iter().all(|c| c.is_empty()) || cells.first().is_some_and(|c| c.starts_with('#')) {
            continue;
        }
        let Some(head) = &header else {
            header = Some(Header::read(&cells, row)?);
            continue;
        };
        let facts = head.unit(&cells, row)?;
        let key = (facts.unit.clone(), facts.period.clone());
        if let Some(&first) = unit_rows.get(&key) {
            let unit = &facts.unit;
            let (what, keep) = match &facts.period {
                Some(p) => (format!("unit `{unit}` is given twice for period `{p}`"), "unit and period"),
                None => (format!("unit `{unit}` is given twice"), "unit"),
            };
            return Err(FactsError::Csv {
                message: format!("{what}, in row {first} and in row {row}; keep one row per {keep}"),
                row,
                column: 1,
            });
        }
        unit_rows.insert(key, row);
        out.push(facts);
    }
    if header.is_none() {
        return Err(FactsError::Csv {
            message: "the table is empty: it needs a header row `单位,FACT,FACT,…`".into(),
            row: 1,
            column: 1,
        });
    }
    Ok(out)
}

/// Reads a facts table one unit at a time from a reader, so that memory does not grow with the
/// number of units: for tables of many thousands of rows. Rows are numbered by their line in
/// the file. Unlike [`from_csv`], a unit given twice is not detected (each row stands alone).
pub fn stream<R: std::io::Read>(reader: R) -> CsvUnits<R> {
    CsvUnits {
        reader: csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader),
        record: csv::StringRecord::new(),
        header: None,
        done: false,
    }
}

/// The units of a facts table read as a stream; made by [`stream`].
pub struct CsvUnits<R> {
    reader: csv::Reader<R>,
    record: csv::StringRecord,
    header: Option<Header>,
    done: bool,
}

impl<R: std::io::Read> Iterator for CsvUnits<R> {
    type Item = Result<UnitFacts, FactsError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let row = usize::try_from(self.reader.position().line()).unwrap_or(0);
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    if self.header.is_none() {
                        return Some(Err(FactsError::Csv {
                            message: "the table is empty: it needs a header row `单位,FACT,FACT,…`".into(),
                            row: 1,
                            column: 1,
                        }));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(csv_error(&e, row.max(1))));
                }
            }
            let row = self.record.position().map_or(row, |p| usize::try_from(p.line()).unwrap_or(row));
            let mut cells: Vec<&str> = self.record.iter().map(|c| crate::safe::unguard(c.trim())).collect();
            if let Some(first) = cells.first_mut() {
                *first = first.trim_start_matches('\u{feff}');
            }
            if let Err(e) = error_unit(&cells, row) {
                self.done = true;
                return Some(Err(e));
            }
            if cells.iter().all(|c| c.is_empty()) || cells.first().is_some_and(|c| c.starts_with('#')) {
                continue;
            }
            let Some(head) = &self.header else {
                match Header::read(&cells, row) {
                    Ok(h) => self.header = Some(h),
                    Err(e) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                }
                continue;
            };
            return Some(head.unit(&cells, row));
        }
        None
    }
}

impl Header {
    /// The unit of a data row, its values placed by row and column.
    fn unit(&self, cells: &[&str], row: usize) -> Result<UnitFacts, FactsError> {
        let head = self;
        if cells.len() != head.names.len() {
            let (column, what) = if cells.len() < head.names.len() {
                (cells.len() + 1, "fewer")
            } else {
                (head.names.len() + 1, "more")
            };
            return Err(FactsError::Csv {
                message: format!(
                    "this row has {} cells, {what} than the {} of the header row; every row needs one cell per column",
                    cells.len(),
                    head.names.len()
                ),
                row,
                column,
            });
        }
        let unit = cells.first().copied().unwrap_or_default();
        if unit.is_empty() {
            return Err(FactsError::Csv {
                message: "this row has values but no unit name in its first cell".into(),
                row,
                column: 1,
            });
        }
        let period = if head.period { cells.get(1).copied().filter(|c| !c.is_empty()) } else { None };
        let mut facts = UnitFacts::new(unit);
        facts.period = period.map(str::to_string);
        let skip = if head.period { 2 } else { 1 };
        for (i, (name, cell)) in head.names.iter().zip(cells).enumerate().skip(skip) {
            let column = i + 1;
            if name.is_empty() {
                if !cell.is_empty() {
                    return Err(FactsError::Csv {
                        message: format!(
                            "column {} has a value, `{}`, but no fact name in the header row (row {})",
                            column_letters(column),
                            rubric_syntax::clean(cell),
                            head.row
                        ),
                        row,
                        column,
                    });
                }
                continue;
            }
            facts.values.push(((*name).to_string(), raw_of(cell)));
            facts.places.push(Some(Place { row, column: Some(column) }));
        }
        Ok(facts)
    }
}

/// A row whose unit cell holds a spreadsheet's error value (`#N/A`, `#REF!` …) is an error
/// naming the cell: it starts with `#` like a note row, but skipping it would lose a unit.
fn error_unit(cells: &[&str], row: usize) -> Result<(), FactsError> {
    match cells.first() {
        Some(cell) if is_error_value(cell) => Err(FactsError::Csv {
            message: format!(
                "the unit's cell holds `{cell}`, a spreadsheet's error value (a formula that failed), not a unit's name; correct the formula or type the name (a note row starts with `#` and a space or text, such as `# 说明`)"
            ),
            row,
            column: 1,
        }),
        _ => Ok(()),
    }
}

/// The raw value of a trimmed cell. A number in scientific notation (`1.23457E+17`) is how a
/// spreadsheet shows a long number, not its digits: it is kept as text and refused when read.
fn raw_of(cell: &str) -> Raw {
    if cell.is_empty() {
        Raw::Null
    } else if parse_decimal(cell).is_some() && !cell.contains(['e', 'E']) {
        Raw::Number(cell.to_string())
    } else {
        Raw::Text(cell.to_string())
    }
}

/// The header row: the unit column, then fact names (empty for a column with no name).
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
            let separator = [(';', "`;`"), ('\t', "tabs")].into_iter().find(|(c, _)| first.contains(*c));
            if let Some((_, name)) = separator {
                return Err(FactsError::Csv {
                    message: format!(
                        "the cells of this file are separated by {name}, not commas; save it as \"CSV UTF-8 (逗号分隔)\" \
                         (a comma-separated file)"
                    ),
                    row,
                    column: 1,
                });
            }
            return Err(FactsError::Csv {
                message: format!(
                    "the first column must be headed `单位` (or `unit`), found `{}`; the header row names the unit \
                     column and then each fact",
                    rubric_syntax::clean(first)
                ),
                row,
                column: 1,
            });
        }
        let mut names: Vec<String> = Vec::with_capacity(cells.len());
        for (i, name) in cells.iter().enumerate() {
            let earlier = if i > 0 && !name.is_empty() { names.iter().position(|n| n == name) } else { None };
            if let Some(j) = earlier {
                return Err(FactsError::Csv {
                    message: format!(
                        "fact `{name}` heads two columns, {} and {}; keep one column per fact",
                        column_letters(j + 1),
                        column_letters(i + 1)
                    ),
                    row,
                    column: i + 1,
                });
            }
            names.push((*name).to_string());
        }
        let period = names.get(1).is_some_and(|n| n == "考核期" || n.eq_ignore_ascii_case("period"));
        Ok(Header { names, row, period })
    }
}

fn csv_error(e: &csv::Error, row: usize) -> FactsError {
    FactsError::Csv { message: format!("the table cannot be read: {e}"), row, column: 1 }
}
