//! A JSON-lines facts stream split into its lines by one reader ([`split`]), for the pool to read
//! each line alone ([`LineBatch::read`]) and admit the units in order ([`LineAdmit`]): the units
//! and the first error (its words, line and offset) of [`crate::facts::json_lines`], which reads
//! each line with the same [`line_unit`].
//!
//! ```
//! use rubric::facts::json_lines_cut::{LineAdmit, split};
//! let text = "{\"unit\": \"甲\", \"facts\": {\"次数\": 3}}\n\n{\"unit\": \" 甲 \", \"facts\": {}}\n";
//! let limits = Default::default();
//! let (mut read, mut admit) = (Vec::new(), LineAdmit::default());
//! let end = split(text.as_bytes(), &limits, 10, |lines| {
//!     for i in 0..lines.len() {
//!         if let Some(unit) = lines.read(i, &limits) {
//!             read.push(unit.and_then(|u| admit.admit(u, lines.line(i))));
//!         }
//!     }
//!     true
//! });
//! assert!(end.is_none());
//! assert_eq!(read[0].as_ref().unwrap().unit, "甲");
//! assert_eq!(read[1].as_ref().unwrap_err().to_string(), "unit `甲` is given twice, on line 1 and on line 3; keep one line per unit");
//! ```

use crate::facts::error::{BudgetError, EncodingError, ShapeError};
use crate::facts::read::{self, FactsLimits, Seen};
use crate::facts::words::{self, Given};
use crate::facts::{FactsError, UnitFacts, json_line_with};

/// Lines of a stream end to end (without their `\n`), each with its number and the offset of
/// its first byte in the stream.
#[derive(Debug, Default)]
pub struct LineBatch {
    bytes: Vec<u8>,
    /// Each line's end in `bytes`, its number, its offset.
    lines: Vec<(usize, usize, usize)>,
}

impl LineBatch {
    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The number of the line at `i` in the stream (from 1).
    pub fn line(&self, i: usize) -> usize {
        self.lines.get(i).map_or(0, |l| l.1)
    }

    /// The line at `i` read as [`crate::facts::json_lines`] reads it (before a unit given twice
    /// is refused, [`LineAdmit`]); none for a blank line.
    pub fn read(&self, i: usize, limits: &FactsLimits) -> Option<Result<UnitFacts, FactsError>> {
        let &(end, line, offset) = self.lines.get(i)?;
        let start = i.checked_sub(1).and_then(|b| self.lines.get(b)).map_or(0, |l| l.0);
        line_unit(self.bytes.get(start..end).unwrap_or_default(), line, offset, limits)
    }
}

/// The units read, admitted in order once each, as [`crate::facts::json_lines`] admits them.
#[derive(Debug, Default)]
pub struct LineAdmit {
    seen: Seen,
}

impl LineAdmit {
    /// Admits the unit read on `line`; a unit given before is refused with both lines.
    pub fn admit(&mut self, unit: UnitFacts, line: usize) -> Result<UnitFacts, FactsError> {
        match self.seen.admit(&unit, line) {
            Some(first) => Err(read::twice(&unit, Given::Line(first), Given::Line(line))),
            None => Ok(unit),
        }
    }
}

/// Splits the lines of `reader`, each within `max_row_bytes`, handing them on `size` at a time
/// (fewer at the end) until `each` returns false; then the error of the line that could not be
/// read (too long, or the reader's), which follows the lines handed on.
pub fn split<R: std::io::BufRead>(
    mut reader: R,
    limits: &FactsLimits,
    size: usize,
    mut each: impl FnMut(LineBatch) -> bool,
) -> Option<FactsError> {
    use std::io::{BufRead, Read};
    let limit = limits.max_row_bytes;
    let (mut line, mut offset) = (0usize, 0usize);
    let mut batch = LineBatch::default();
    let mut buf = Vec::new();
    let end = loop {
        buf.clear();
        let n = match (&mut reader).take(limit as u64 + 1).read_until(b'\n', &mut buf) {
            Ok(0) => break None,
            Ok(n) => n,
            Err(e) => {
                break Some(FactsError::Shape(ShapeError { message: words::line_unreadable(line + 1, &e) }));
            }
        };
        line += 1;
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if bytes.len() > limit {
            break Some(FactsError::Budget(BudgetError { message: words::line_too_long(line, limit) }));
        }
        batch.bytes.extend_from_slice(bytes);
        batch.lines.push((batch.bytes.len(), line, offset));
        offset += n;
        if batch.len() >= size.max(1) && !each(std::mem::take(&mut batch)) {
            return None;
        }
    };
    if !batch.is_empty() && !each(batch) {
        return None;
    }
    end
}

/// One line of a JSON-lines stream (`bytes`, without its `\n`, the `line`th, at `offset`) read
/// as a unit: checked as UTF-8 as every facts file is, read as
/// [`crate::facts::from_json_line`] reads it; none for a blank line.
pub(crate) fn line_unit(
    bytes: &[u8],
    line: usize,
    offset: usize,
    limits: &FactsLimits,
) -> Option<Result<UnitFacts, FactsError>> {
    if let Err(e) = read::check_utf8(bytes, offset, line) {
        return Some(Err(e));
    }
    // Checked above: a line that is not UTF-8 after all is that error, never a blank line.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return Some(Err(FactsError::Encoding(EncodingError { message: words::bad_text(line, &e), offset }))),
    };
    if text.trim().is_empty() {
        return None;
    }
    Some(json_line_with(text, limits, line).map_err(|e| match e {
        FactsError::Shape(ShapeError { message }) => FactsError::Shape(ShapeError { message: message.at_line(line) }),
        other => other,
    }))
}
