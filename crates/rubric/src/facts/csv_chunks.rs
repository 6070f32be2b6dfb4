//! A CSV facts table cut into chunks of whole rows, so that its rows can be read (and its units
//! scored) on several threads at once, with the rows numbered as [`crate::facts::csv::stream`]
//! numbers them.
//!
//! This is a fast path, never a second set of rules: a chunk is read by the same
//! [`TableRows`](crate::facts::csv::TableRows) as the stream, and whenever it meets anything the
//! stream could read or refuse differently (an error of any kind, a unit given twice, text that is
//! not UTF-8, a lone carriage return, a row near its budget, a table with a period column), it
//! says [`Slow`] and the caller reads the table again with the stream, from the unit where the
//! fast path stopped, so that every message (and its row and column) is the stream's.
//!
//! ```
//! use rubric::facts::csv_chunks::Chunks;
//!
//! let text = "单位,次数\n甲,1\n\"乙\n丙\",2\n丁,3\n";
//! let mut chunks = Chunks::new(text.as_bytes(), &Default::default(), 8);
//! let (rows, first) = chunks.start().unwrap();
//! let mut units = first;
//! while let Some(chunk) = chunks.next_chunk().unwrap() {
//!     units.extend(rows.units(&chunk).unwrap());
//! }
//! let names: Vec<&str> = units.iter().map(|u| u.unit.as_str()).collect();
//! assert_eq!(names, ["甲", "乙\n丙", "丁"]);
//! // Rows as a spreadsheet numbers them: the line break in a quoted cell starts no row.
//! assert_eq!(units[2].places[0].as_ref().unwrap().row, 4);
//! ```

use crate::facts::csv::TableRows;
use crate::facts::read::FactsLimits;
use crate::facts::{Place, Raw, UnitFacts};
use std::hash::{Hash, Hasher};
use std::io::Read;

/// The fast path cannot promise to read the table as the stream reads it: read it with
/// [`crate::facts::csv::stream_with`] instead (skipping the units already read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slow;

/// A table's header read, with its first chunk's units (each with the offset where its row
/// ends) and the chunk itself.
pub(crate) type Started = (Rows, Vec<(UnitFacts, u64)>, Chunk);

/// Whole rows of a table, cut from its bytes; read with [`Rows::units`].
#[derive(Debug)]
pub struct Chunk {
    bytes: Vec<u8>,
    /// The row (as a spreadsheet numbers it) of the chunk's first line.
    first_row: usize,
    /// Line ends outside quoted cells in the chunk; none for rows cut elsewhere
    /// ([`Chunk::detached`]), counted (and the rows found whole) where they are read.
    lines: Option<usize>,
    /// Whether the chunk starts the file (a byte-order mark is allowed there).
    first: bool,
    /// The offset in the file of the chunk's first byte.
    offset: u64,
}

impl Chunk {
    /// The chunk's size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the chunk holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Whole rows cut from a table elsewhere (at offset `offset` of the file, not its start),
    /// their rows numbered from `first_row`. They are found to end at a row's end where they are
    /// read (on any thread): else they are [`Slow`] there.
    pub(crate) fn detached(bytes: Vec<u8>, offset: u64, first_row: usize) -> Chunk {
        Chunk { bytes, first_row, lines: None, first: false, offset }
    }

    /// The rows of the chunk after the offset `from` in the file (where its header ends), apart
    /// (found whole where they are read); none when `from` is not in the chunk.
    pub(crate) fn after(&self, from: u64) -> Option<Chunk> {
        let at = usize::try_from(from.checked_sub(self.offset)?).ok()?;
        Some(Chunk::detached(self.bytes.get(at..)?.to_vec(), from, 0))
    }

    /// The chunk's line ends outside quoted cells; [`Slow`] for rows cut elsewhere that do not
    /// end at a row's end.
    fn lines(&self) -> Result<usize, Slow> {
        match self.lines {
            Some(n) => Ok(n),
            None => match cut(&self.bytes, true) {
                Some((len, n)) if len == self.bytes.len() => Ok(n),
                _ => Err(Slow),
            },
        }
    }
}

/// A table's bytes cut into chunks of whole rows, read from `reader`.
pub struct Chunks<R> {
    reader: R,
    pending: Vec<u8>,
    next_row: usize,
    eof: bool,
    size: usize,
    limits: FactsLimits,
    started: bool,
    /// The offset in the file of the first pending byte.
    offset: u64,
}

/// The header of a table cut into chunks, to read each chunk's rows with (on any thread).
pub struct Rows {
    table: TableRows,
    max_row: usize,
    /// The offset in the file where the header row ends.
    header_end: u64,
}

impl<R: Read> Chunks<R> {
    /// Chunks of about `size` bytes (at least 4 KiB), each ending at a row's end; a row may not
    /// be near `limits.max_row_bytes` (the stream then says why).
    pub fn new(reader: R, limits: &FactsLimits, size: usize) -> Chunks<R> {
        Chunks {
            reader,
            pending: Vec::new(),
            next_row: 1,
            eof: false,
            size: size.max(4096),
            limits: *limits,
            started: false,
            offset: 0,
        }
    }

    /// Reads the first chunk, which must hold the header, and its units (the header's reader
    /// is then handed to every other chunk). The encoding must be UTF-8, decided from the first
    /// `max_row_bytes` as the stream decides it.
    pub fn start(&mut self) -> Result<(Rows, Vec<UnitFacts>), Slow> {
        let (rows, units, _) = self.start_with(TableRows::unadmitted())?;
        Ok((rows, units.into_iter().map(|(u, _)| u).collect()))
    }

    /// [`Chunks::start`] for a list's table, whose units may have many rows: each row with the
    /// offset in the file where it ends.
    pub(crate) fn start_records(&mut self) -> Result<(Rows, Vec<(UnitFacts, u64)>), Slow> {
        let (rows, units, _) = self.start_with(TableRows::records())?;
        Ok((rows, units))
    }

    /// [`Chunks::start_records`], with the first chunk (to read its rows again by column).
    pub(crate) fn start_records_chunk(&mut self) -> Result<Started, Slow> {
        self.start_with(TableRows::records())
    }

    fn start_with(&mut self, mut table: TableRows) -> Result<Started, Slow> {
        if self.started {
            return Err(Slow);
        }
        self.fill(self.size.max(self.limits.max_row_bytes).max(4096))?;
        if !utf8_start(&self.pending, self.eof) {
            return Err(Slow);
        }
        let chunk = self.next_chunk()?.ok_or(Slow)?;
        let max_row = self.limits.max_row_bytes / 2;
        let mut header_end = 0;
        let units = read_rows_header(&mut table, &chunk, max_row, &mut header_end)?;
        if !table.has_header() || table.has_period() {
            return Err(Slow);
        }
        Ok((Rows { table, max_row, header_end }, units, chunk))
    }

    /// The next chunk of whole rows, or none at the end of the table.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>, Slow> {
        let mut want = self.size;
        loop {
            self.fill(want)?;
            if self.pending.is_empty() {
                return Ok(None);
            }
            // The first fill reads a row's budget ahead (for the encoding): cut within `want`.
            let window = self.pending.get(..want).unwrap_or(&self.pending);
            let eof = self.eof && window.len() == self.pending.len();
            if let Some((len, lines)) = cut(window, eof) {
                let rest = self.pending.split_off(len);
                let bytes = std::mem::replace(&mut self.pending, rest);
                let offset = self.offset;
                self.offset += bytes.len() as u64;
                let chunk = Chunk { bytes, first_row: self.next_row, lines: Some(lines), first: !self.started, offset };
                self.started = true;
                self.next_row += lines;
                return Ok(Some(chunk));
            }
            if window.len() > self.limits.max_row_bytes / 2 {
                return Err(Slow);
            }
            want = window.len() + self.size;
        }
    }

    fn fill(&mut self, want: usize) -> Result<(), Slow> {
        let mut block = vec![0u8; 64 * 1024];
        while !self.eof && self.pending.len() < want {
            match self.reader.read(&mut block) {
                Ok(0) => self.eof = true,
                Ok(n) => self.pending.extend_from_slice(block.get(..n).ok_or(Slow)?),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Slow),
            }
        }
        Ok(())
    }
}

impl Rows {
    /// The units of a chunk's rows, each value placed by its row and column; [`Slow`] when the
    /// stream should read them.
    pub fn units(&self, chunk: &Chunk) -> Result<Vec<UnitFacts>, Slow> {
        Ok(self.units_at(chunk)?.into_iter().map(|(u, _)| u).collect())
    }

    /// [`Rows::units`], each with the offset in the file where its row ends.
    pub(crate) fn units_at(&self, chunk: &Chunk) -> Result<Vec<(UnitFacts, u64)>, Slow> {
        let mut table = self.table.continuing().ok_or(Slow)?;
        read_rows(&mut table, chunk, self.max_row)
    }

    /// Hands each record of a chunk after the header to `each`, with its row as the stream
    /// numbers it and the offset in the file where it ends; [`Slow`] when the stream should read
    /// them (or `each` says so).
    pub fn records(
        &self,
        chunk: &Chunk,
        each: impl FnMut(&csv::ByteRecord, usize, u64) -> Result<(), Slow>,
    ) -> Result<(), Slow> {
        if !self.table.has_header() || self.table.has_period() {
            return Err(Slow);
        }
        each_record(chunk, self.max_row, each)
    }

    /// The offset in the file where the header row ends.
    pub(crate) fn header_end(&self) -> u64 {
        self.header_end
    }

    /// The header's column names, in order (the unit's column first).
    pub fn names(&self) -> &[String] {
        self.table.names()
    }

    /// The notes of the header (its notes columns), to show once.
    pub fn notes(&self) -> Vec<crate::facts::words::Words> {
        self.table.notes().to_vec()
    }

    /// A unit holding an empty value for each named column of the header, placed in its column:
    /// to find the columns a rubric does not declare once, not in every unit.
    pub fn header_unit(&self) -> UnitFacts {
        let mut unit = UnitFacts::new("");
        for (i, name) in self.table.names().iter().enumerate().skip(1).filter(|(_, n)| !n.is_empty()) {
            unit.values.push((name.clone(), Raw::Null));
            unit.places.push(Some(Place { row: 1, column: Some(i + 1), sheet: None }));
        }
        unit
    }
}

/// Whether the first bytes of a table are read as UTF-8 by the stream ([`crate::facts::text`]'s
/// choice of encoding), and hold no zero byte.
fn utf8_start(bytes: &[u8], eof: bool) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0) {
        return false;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && !eof,
    }
}

/// Where the bytes end at a row's end: the length of the chunk and its line ends outside quoted
/// cells; none when no row ends in them (at the end of the file, all of them).
fn cut(bytes: &[u8], eof: bool) -> Option<(usize, usize)> {
    let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
    if !bytes.contains(&b'"') {
        if eof {
            return Some((bytes.len(), newlines(bytes)));
        }
        let at = bytes.iter().rposition(|&c| c == b'\n')?;
        return Some((at + 1, newlines(bytes.get(..at)?) + 1));
    }
    let (mut state, mut lines, mut last) = (Field::Start, 0usize, None);
    for (i, &b) in bytes.iter().enumerate() {
        state = match (state, b) {
            (Field::Quoted, b'"') => Field::QuoteEnd,
            (Field::Quoted, _) => Field::Quoted,
            (_, b'\n') => {
                lines += 1;
                last = Some((i + 1, lines));
                Field::Start
            }
            (Field::Start | Field::QuoteEnd, b'"') => Field::Quoted,
            (_, b',') => Field::Start,
            _ => Field::Unquoted,
        };
    }
    if eof { Some((bytes.len(), lines)) } else { last }
}

/// Where a byte stands in a CSV row, as the `csv` reader reads quotes: a quote opens a quoted
/// cell only at the start of a cell, and a doubled quote inside one is a quote.
#[derive(Clone, Copy)]
enum Field {
    Start,
    Unquoted,
    Quoted,
    QuoteEnd,
}

/// The units of a chunk read by `table`, rows numbered as the stream numbers them.
fn read_rows(table: &mut TableRows, chunk: &Chunk, max_row: usize) -> Result<Vec<(UnitFacts, u64)>, Slow> {
    read_rows_header(table, chunk, max_row, &mut 0)
}

/// [`read_rows`], setting `header_end` to the offset where the header row ends if it is read.
fn read_rows_header(
    table: &mut TableRows,
    chunk: &Chunk,
    max_row: usize,
    header_end: &mut u64,
) -> Result<Vec<(UnitFacts, u64)>, Slow> {
    let mut out = Vec::new();
    each_record(chunk, max_row, |record, row, end| {
        let cells: Vec<&str> = record.iter().map(std::str::from_utf8).collect::<Result<_, _>>().map_err(|_| Slow)?;
        let had = table.has_header();
        let unit = table.row(&cells, row).map_err(|_| Slow)?;
        if !had && table.has_header() {
            *header_end = end;
        }
        if let Some(unit) = unit {
            out.push((unit, end));
        }
        Ok(())
    })?;
    Ok(out)
}

/// Hands each record of a chunk to `each` with its row as the stream numbers it and the offset
/// in the file where it ends: the one
/// reading of a chunk's rows, for its units ([`Rows::units`]) and for its cells bound by column
/// (`rubric::eval::columns`). [`Slow`] wherever the stream could read the rows otherwise.
fn each_record(
    chunk: &Chunk,
    max_row: usize,
    each: impl FnMut(&csv::ByteRecord, usize, u64) -> Result<(), Slow>,
) -> Result<(), Slow> {
    if unfit(chunk) {
        return Err(Slow);
    }
    // Without a quote no cell holds a line end: the records' cells need not be counted.
    let quotes = chunk.bytes.contains(&b'"');
    if !quotes && !chunk.first {
        return each_line(chunk, max_row, each);
    }
    each_read(chunk, max_row, quotes, each)
}

/// Whether a chunk holds what the stream could read otherwise: a lone `\r`, a zero byte, a
/// byte-order mark but at the file's start.
fn unfit(chunk: &Chunk) -> bool {
    let bytes = chunk.bytes.as_slice();
    let lone_cr = bytes.contains(&b'\r')
        && bytes.iter().enumerate().any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    lone_cr || bytes.contains(&0) || (!chunk.first && bytes.starts_with(b"\xEF\xBB\xBF"))
}

/// [`each_record`] of a chunk found fit to read, by the `csv` reader.
fn each_read(
    chunk: &Chunk,
    max_row: usize,
    quotes: bool,
    mut each: impl FnMut(&csv::ByteRecord, usize, u64) -> Result<(), Slow>,
) -> Result<(), Slow> {
    let bytes = chunk.bytes.as_slice();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let (mut counted, mut line_ends, mut quoted) = (0usize, 0usize, 0usize);
    let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
    loop {
        let from = reader.position().byte();
        let more = reader.read_byte_record(&mut record).map_err(|_| Slow)?;
        let from = usize::try_from(record.position().map_or(from, csv::Position::byte)).map_err(|_| Slow)?;
        // The stream's count: line ends before the record, then the blank lines it skipped.
        line_ends += newlines(bytes.get(counted..from.max(counted)).ok_or(Slow)?);
        let skip = bytes.get(from..).ok_or(Slow)?.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        line_ends += newlines(bytes.get(from..from + skip).ok_or(Slow)?);
        counted = from.max(counted) + skip;
        if !more {
            break;
        }
        let row = (chunk.first_row + line_ends).checked_sub(quoted).ok_or(Slow)?;
        let end = usize::try_from(reader.position().byte()).map_err(|_| Slow)?;
        let raw = bytes.get(counted.min(end)..end).ok_or(Slow)?;
        if raw.len() > max_row {
            return Err(Slow);
        }
        line_ends += newlines(raw);
        counted = end.max(counted);
        if quotes {
            quoted += record.iter().map(newlines).sum::<usize>();
        }
        // The reader ends a record at a `\r`: its row ends after the `\n` that follows.
        let crlf = end > 0 && bytes.get(end - 1) == Some(&b'\r') && bytes.get(end) == Some(&b'\n');
        each(&record, row, chunk.offset + (end + usize::from(crlf)) as u64)?;
    }
    // The rows counted here must be the chunk's rows as it was cut, else the quotes were read
    // otherwise than the cut read them.
    if newlines(bytes).checked_sub(quoted) != Some(chunk.lines()?) {
        return Err(Slow);
    }
    Ok(())
}

/// [`each_record`] of a chunk without a quote (and not the file's first, which may start with a
/// byte-order mark), where no cell holds a line end: its records are its lines that are not
/// empty, each cut at its commas, as the `csv` reader reads them (a `\n` or `\r\n` ends a
/// record, an empty line is none, a comma ends a cell), without its state machine. The rows,
/// the ends and the records given are the reader's (`each_line_reads_as_the_csv_reader`).
fn each_line(
    chunk: &Chunk,
    max_row: usize,
    mut each: impl FnMut(&csv::ByteRecord, usize, u64) -> Result<(), Slow>,
) -> Result<(), Slow> {
    let bytes = chunk.bytes.as_slice();
    let mut record = csv::ByteRecord::new();
    let (mut at, mut line) = (0usize, 0usize);
    while let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) {
        let (text, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(n) => (rest.get(..n).ok_or(Slow)?, at + n + 1),
            None => (rest, bytes.len()),
        };
        let ended = next > at + text.len();
        // A lone `\r` was refused before: one before a `\n` is the line end's.
        let cells = text.strip_suffix(b"\r").unwrap_or(text);
        if !cells.is_empty() {
            // The record as the reader ends it: its cells and the first byte of its line end.
            if cells.len() + usize::from(ended) > max_row {
                return Err(Slow);
            }
            record.clear();
            for cell in cells.split(|&b| b == b',') {
                record.push_field(cell);
            }
            each(&record, chunk.first_row + line, chunk.offset + next as u64)?;
        }
        line += 1;
        at = next;
    }
    if bytes.iter().filter(|&&c| c == b'\n').count() != chunk.lines()? {
        return Err(Slow);
    }
    Ok(())
}

/// The units of a table read by chunks, each admitted once: a name (and period) seen before is
/// [`Slow`] (the stream then refuses it, naming both rows). Names are kept as hashes, so that
/// memory is some 11 bytes a unit ([`crate::facts::compact::Hashes`]: never the whole set held
/// twice while it grows); two names with one hash are [`Slow`] too, never a unit refused.
#[derive(Debug, Default)]
pub struct Admitted {
    seen: crate::facts::compact::Hashes,
}

impl Admitted {
    /// Admits the units of a chunk, in order, by their [`name_hash`]es.
    pub fn admit(&mut self, names: &[u64]) -> Result<(), Slow> {
        for &name in names {
            if !self.seen.insert(name) {
                return Err(Slow);
            }
        }
        Ok(())
    }
}

/// The hash of a unit's name and period, the same on every thread and run.
pub fn name_hash(u: &UnitFacts) -> u64 {
    hash_of(&u.unit, u.period.as_deref())
}

/// [`name_hash`] of a unit's name and period given apart.
pub fn hash_of(unit: &str, period: Option<&str>) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    (unit, period).hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    /// Each record's cells, row and end.
    type Read = Vec<(Vec<Vec<u8>>, usize, u64)>;

    /// What a chunk's records are, as [`each_record`] hands them out: each record's cells, row
    /// and end; none when it is [`Slow`].
    fn records(chunk: &Chunk, max_row: usize) -> Option<Read> {
        let mut out = Vec::new();
        each_record(chunk, max_row, |r, row, end| {
            out.push((r.iter().map(<[u8]>::to_vec).collect(), row, end));
            Ok(())
        })
        .ok()?;
        Some(out)
    }

    /// The same records read by the `csv` reader ([`each_read`]), where [`each_record`] reads
    /// the chunk at all.
    fn by_reader(chunk: &Chunk, max_row: usize) -> Option<Read> {
        if unfit(chunk) {
            return None;
        }
        let mut out = Vec::new();
        each_read(chunk, max_row, false, |r, row, end| {
            out.push((r.iter().map(<[u8]>::to_vec).collect(), row, end));
            Ok(())
        })
        .ok()?;
        Some(out)
    }

    fn chunk(text: &[u8], first_row: usize, offset: u64, cut: bool) -> Chunk {
        let lines = cut.then(|| text.iter().filter(|&&c| c == b'\n').count());
        Chunk { bytes: text.to_vec(), first_row, lines, first: false, offset }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

        /// Lines of cells without quotes (empty lines, `\r\n`, empty cells, spaces, commas at
        /// either end, a last line without its end): read line by line as the `csv` reader reads
        /// them, the same records, rows and ends, and refused alike.
        #[test]
        fn each_line_reads_as_the_csv_reader(
            parts in prop::collection::vec(prop_oneof![
                Just("\n"), Just("\r\n"), Just(","), Just(""), Just(" "), Just("是"), Just("12"),
                Just("a"), Just("\r"), Just("\u{feff}"), Just("#x"),
            ], 0..40),
            first_row in 0usize..5,
            offset in 0u64..100,
            max_row in prop_oneof![Just(3usize), Just(8), Just(1 << 20)],
            cut in any::<bool>(),
        ) {
            let text: Vec<u8> = parts.concat().into_bytes();
            let c = chunk(&text, first_row, offset, cut);
            prop_assert_eq!(records(&c, max_row), by_reader(&c, max_row));
        }
    }
}
