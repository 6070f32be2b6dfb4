//! A JSON facts file (`{"units": […]}`) read unit by unit from a reader, so that memory is the
//! units in flight, not the file: the same units, and the same first error with the same line
//! and column, as [`crate::facts::from_json_with`] gives for the whole text (after the UTF-8
//! check of [`crate::facts::decode_utf8`]).
//!
//! The bytes pass through one checker on their way to `serde_json`: it checks them as UTF-8,
//! counts the depth of brackets outside strings, and notes where each unit starts. The whole
//! file's checks come before its parse, and its parse before its units, so when anything is
//! wrong the rest of the file is still read (not parsed into units) to find the error the whole
//! file would give first: a zero byte, then a byte that is not UTF-8, then nesting beyond the
//! budget, then the JSON's own error, then the first unit refused. One difference remains:
//! serde_json's reader of bytes counts the byte it looked ahead at, so the column of a JSON
//! error found after a look-ahead (a field given twice, a value of the wrong type) may be one
//! more than the whole text's (`rulecheck score` reads a file within the budget whole again
//! for that error).
//!
//! ```
//! let text = r#"{"units": [{"unit": "甲", "facts": {"次数": 3}}, {"unit": "乙", "facts": {}}]}"#;
//! let mut names = Vec::new();
//! rubric::facts::json_stream::read(text.as_bytes(), &Default::default(), |u| {
//!     names.push(u.unit);
//!     true
//! })?;
//! assert_eq!(names, ["甲", "乙"]);
//! # Ok::<(), rubric::FactsError>(())
//! ```

use crate::facts::error::{EncodingError, JsonError, ShapeError};
use crate::facts::read::{FactsLimits, Seen, too_deep_message};
use crate::facts::words::{self, Given};
use crate::facts::{Bad, UnitFacts, UnitJson, unit_of};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::io::Read;

/// Reads the units of a JSON facts file from `reader`, handing each to `each` in order until it
/// returns false. The first error (as [`crate::facts::from_json_with`] would give it for the
/// whole file) ends the reading; the units before it have been handed on.
pub fn read<R: Read>(
    reader: R,
    limits: &FactsLimits,
    each: impl FnMut(UnitFacts) -> bool,
) -> Result<(), crate::facts::FactsError> {
    let mut checked = Checked::new(reader, limits.max_depth);
    let mut units = Units { each, limits: *limits, seen: Seen::default(), index: 0, refused: None, stopped: false };
    let parsed = {
        let mut de = serde_json::Deserializer::from_reader(&mut checked);
        de.deserialize_struct("FileJson", FIELDS, FileVisitor { units: &mut units }).and_then(|()| de.end())
    };
    if units.stopped {
        return Ok(());
    }
    // What the whole file would say first: its bytes, its nesting, its JSON, then its units.
    if parsed.is_err() || units.refused.is_some() {
        checked.drain();
    }
    if let Some(e) = checked.fail.take() {
        return Err(e);
    }
    if let Err(e) = parsed {
        return Err(crate::facts::FactsError::Json(JsonError {
            message: words::json(&e),
            line: e.line(),
            column: e.column(),
        }));
    }
    match units.refused.take() {
        Some(refused) => Err(refused.error(&checked.starts)),
        None => Ok(()),
    }
}

/// Why a unit was refused, to say once the whole file is known to parse.
enum Refused {
    Shape(crate::facts::FactsError),
    NoName(usize),
    Twice { unit: UnitFacts, first: usize, again: usize },
}

impl Refused {
    fn error(self, starts: &[(usize, usize)]) -> crate::facts::FactsError {
        let place = |i: usize, column: bool| match starts.get(i) {
            Some(&(line, c)) => Given::Entry(Some((line, column.then_some(c))), i + 1),
            None => Given::Entry(None, i + 1),
        };
        match self {
            Refused::Shape(e) => e,
            Refused::NoName(i) => {
                crate::facts::FactsError::Shape(ShapeError { message: words::no_name(Some(place(i, false))) })
            }
            Refused::Twice { unit, first, again } => {
                let same_line = matches!((starts.get(first), starts.get(again)), (Some(a), Some(b)) if a.0 == b.0);
                crate::facts::read::twice(&unit, place(first, same_line), place(again, same_line))
            }
        }
    }
}

/// The units as they are parsed: each read, admitted once and handed on.
struct Units<F> {
    each: F,
    limits: FactsLimits,
    seen: Seen,
    index: usize,
    refused: Option<Refused>,
    stopped: bool,
}

impl<F: FnMut(UnitFacts) -> bool> Units<F> {
    /// Takes the next unit parsed; false when the reader of the units stopped.
    fn take(&mut self, u: UnitJson) -> bool {
        let i = self.index;
        self.index += 1;
        if self.refused.is_some() {
            return true;
        }
        let unit = match unit_of(u, &self.limits) {
            Ok(unit) => unit,
            Err(Bad::Shape(e)) => {
                self.refused = Some(Refused::Shape(e));
                return true;
            }
            Err(Bad::NoName) => {
                self.refused = Some(Refused::NoName(i));
                return true;
            }
        };
        if let Some(first) = self.seen.admit(&unit, i) {
            self.refused = Some(Refused::Twice { unit, first, again: i });
            return true;
        }
        if !(self.each)(unit) {
            self.stopped = true;
            return false;
        }
        true
    }
}

/// The top-level object: `rubric` (ignored) and `units`, as `FileJson` reads it.
struct FileVisitor<'u, F> {
    units: &'u mut Units<F>,
}

const FIELDS: &[&str] = &["rubric", "units"];

impl<'de, F: FnMut(UnitFacts) -> bool> Visitor<'de> for FileVisitor<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct FileJson")
    }

    /// A list of the fields' values in order, as `FileJson` reads one.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        const EXPECTED: &str = "struct FileJson with 2 elements";
        if seq.next_element::<Option<String>>()?.is_none() {
            return Err(A::Error::invalid_length(0, &EXPECTED));
        }
        if seq.next_element_seed(UnitsSeed { units: &mut *self.units })?.is_none() {
            return Err(A::Error::invalid_length(1, &EXPECTED));
        }
        if self.units.stopped {
            return Err(A::Error::custom("stopped"));
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut rubric, mut units) = (false, false);
        while let Some(key) = map.next_key::<Field>()? {
            match key {
                Field::Rubric if rubric => return Err(A::Error::duplicate_field("rubric")),
                Field::Rubric => {
                    rubric = true;
                    map.next_value::<Option<String>>()?;
                }
                Field::Units if units => return Err(A::Error::duplicate_field("units")),
                Field::Units => {
                    units = true;
                    map.next_value_seed(UnitsSeed { units: &mut *self.units })?;
                    if self.units.stopped {
                        return Err(A::Error::custom("stopped"));
                    }
                }
            }
        }
        if !units {
            return Err(A::Error::missing_field("units"));
        }
        Ok(())
    }
}

/// A key of the top-level object, refused unless it is one of [`FIELDS`].
enum Field {
    Rubric,
    Units,
}

impl<'de> serde::Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("field identifier")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field, E> {
                match v {
                    "rubric" => Ok(Field::Rubric),
                    "units" => Ok(Field::Units),
                    _ => Err(E::unknown_field(v, FIELDS)),
                }
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The `units` array, each element parsed and handed on as it is read.
struct UnitsSeed<'u, F> {
    units: &'u mut Units<F>,
}

impl<'de, F: FnMut(UnitFacts) -> bool> DeserializeSeed<'de> for UnitsSeed<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(UnitFacts) -> bool> Visitor<'de> for UnitsSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(u) = seq.next_element::<UnitJson>()? {
            if !self.units.take(u) {
                return Err(A::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// The bytes on their way to the parser: checked as UTF-8 (a byte-order mark removed), brackets
/// counted outside strings, each unit's start noted. The first problem stops the bytes.
/// (Lean, for [`crate::facts::json_cut`]: the bytes only, neither brackets nor lines counted.)
pub(super) struct Checked<R> {
    inner: R,
    buf: Vec<u8>,
    /// `buf[at..ok]` is checked and not yet handed on; `buf[ok..end]` is a character cut by the
    /// end of the last read.
    at: usize,
    ok: usize,
    end: usize,
    /// The offset in the file of `buf[0]`.
    offset: usize,
    started: bool,
    eof: bool,
    max_depth: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    line: usize,
    column: usize,
    /// The line and column of each unit's `{` (a `{` at depth 3).
    starts: Vec<(usize, usize)>,
    /// The first problem of the bytes or their nesting; `zero` a zero byte seen after it.
    fail: Option<crate::facts::FactsError>,
    zero: bool,
    lean: bool,
}

const BLOCK: usize = 64 * 1024;

impl<R: Read> Checked<R> {
    fn new(inner: R, max_depth: usize) -> Self {
        Checked {
            inner,
            buf: vec![0; BLOCK],
            at: 0,
            ok: 0,
            end: 0,
            offset: 0,
            started: false,
            eof: false,
            max_depth,
            depth: 0,
            in_string: false,
            escaped: false,
            line: 1,
            column: 1,
            starts: Vec::new(),
            fail: None,
            zero: false,
            lean: false,
        }
    }

    /// The bytes checked as UTF-8 and for zero bytes, in the same blocks, stopped at the same
    /// first problem of its bytes (not of its nesting, which the reader counts): no line,
    /// column or bracket counted.
    pub(super) fn lean(inner: R) -> Self {
        Checked { lean: true, ..Checked::new(inner, usize::MAX) }
    }

    /// Reads the rest of the file through the checks, for the error the whole file gives first.
    fn drain(&mut self) {
        while !self.eof && !self.zero {
            self.at = self.ok;
            if self.refill().is_err() {
                return;
            }
        }
    }

    /// Reads the next block and checks it; an error only from the reader.
    fn refill(&mut self) -> std::io::Result<()> {
        self.buf.copy_within(self.ok..self.end, 0);
        self.offset += self.ok;
        self.end -= self.ok;
        (self.at, self.ok) = (0, 0);
        while self.end < BLOCK && !self.eof {
            let room = self.buf.get_mut(self.end..).unwrap_or_default();
            match self.inner.read(room) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let bytes = self.buf.get(..self.end).unwrap_or_default();
        if !self.started {
            self.started = true;
            if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                self.fail_with(words::utf16_mark(), 0);
                self.zero = true;
                return Ok(());
            }
            if bytes.starts_with(b"\xEF\xBB\xBF") {
                (self.at, self.ok) = (3, 3);
            }
        }
        // A zero byte anywhere is named before any other problem of the bytes.
        if let Some(z) = bytes.iter().position(|&b| b == 0) {
            let offset = self.offset + z;
            self.fail = None;
            self.fail_with(words::zero_byte(offset), offset);
            self.zero = true;
            return Ok(());
        }
        // Past a byte that is not UTF-8, only a zero byte can still come first.
        if matches!(self.fail, Some(crate::facts::FactsError::Encoding(_))) {
            self.ok = self.end;
            return Ok(());
        }
        let from = self.ok;
        let rest = bytes.get(from..).unwrap_or_default();
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), false),
            Err(e) if e.error_len().is_none() && !self.eof => (e.valid_up_to(), false),
            Err(e) => (e.valid_up_to(), true),
        };
        let walked = self.walk(from, from + valid);
        self.ok = from + walked;
        if bad && walked == valid {
            let at = from + valid;
            let shown: Vec<String> =
                self.buf.get(at..self.end).unwrap_or_default().iter().take(2).map(|b| format!("0x{b:02X}")).collect();
            let offset = self.offset + at;
            self.fail = None;
            self.fail_with(words::gbk_in_utf8(offset, self.line, &shown.join(" ")), offset);
            self.ok = self.end;
        }
        Ok(())
    }

    fn fail_with(&mut self, message: words::Words, offset: usize) {
        if self.fail.is_none() {
            self.fail = Some(crate::facts::FactsError::Encoding(EncodingError { message, offset }));
        }
    }

    /// Counts lines, columns and brackets over `buf[from..to]` (valid UTF-8), stopping after a
    /// bracket beyond the budget of nesting: the bytes walked.
    fn walk(&mut self, from: usize, to: usize) -> usize {
        if self.lean {
            return to - from;
        }
        let bytes = self.buf.get(from..to).unwrap_or_default();
        let mut walked = 0;
        for &b in bytes {
            walked += 1;
            let mut deep = false;
            if self.in_string {
                match (self.escaped, b) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
            } else {
                match b {
                    b'"' => self.in_string = true,
                    b'[' | b'{' => {
                        self.depth += 1;
                        if self.depth == 3 && b == b'{' {
                            self.starts.push((self.line, self.column));
                        }
                        if self.depth > self.max_depth && self.fail.is_none() {
                            self.fail = Some(too_deep_message(self.line, self.column, self.max_depth));
                            deep = true;
                        }
                    }
                    b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
            }
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
            if deep {
                break;
            }
        }
        walked
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.ok {
            if self.fail.is_some() || self.eof {
                return if self.fail.is_some() { Err(std::io::Error::other("stopped")) } else { Ok(0) };
            }
            self.refill()?;
            if self.fail.is_some() {
                return Err(std::io::Error::other("stopped"));
            }
        }
        let give = self.buf.get(self.at..self.ok).unwrap_or_default();
        let n = give.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), give.get(..n)) {
            to.copy_from_slice(from);
        }
        self.at += n;
        Ok(n)
    }
}
