//! A JSON facts file (`{"units": […]}`) cut into its units' bytes by one reader, for the units
//! to be parsed on many threads ([`RawUnits::parse`]) and admitted in order ([`Admit`]): the same
//! units as [`crate::facts::json_stream::read`] hands on, and no error of its own.
//!
//! The reader only finds where each unit's object starts and ends (strings, escapes and
//! nesting followed); its bytes pass the same checks, in the same blocks, as the stream's (a
//! zero byte, a byte that is not UTF-8), and brackets are counted against the same budget. Any
//! problem, and any shape it does not read as plainly as the stream does (a key other than
//! `units` and `rubric`, a `rubric` that is not a plain string or `null`, a list of fields, a
//! unit that is not an object), stops it at the first unit the stream would not hand on: the
//! units before are handed on, and the caller reads the file again with the stream from the
//! first unit not taken, for the stream's own units and error, unchanged. A unit's bytes are a
//! whole JSON object when they parse, so a unit parses alone exactly as in the stream.
//!
//! ```
//! use rubric::facts::json_cut::{Admit, Cut, cut};
//! let text = r#"{"units": [{"unit": "甲", "facts": {"次数": 3}}, {"unit": "乙", "facts": {}}]}"#;
//! let limits = Default::default();
//! let (mut names, mut admit) = (Vec::new(), Admit::default());
//! let ended = cut(text.as_bytes(), &limits, 10, |raw| {
//!     for i in 0..raw.len() {
//!         let unit = raw.parse(i, &limits).unwrap();
//!         assert!(admit.admit(&unit));
//!         names.push(unit.unit);
//!     }
//!     true
//! });
//! assert_eq!((ended, names), (Cut::Whole, vec!["甲".to_string(), "乙".to_string()]));
//! ```

use crate::facts::json_stream::Checked;
use crate::facts::read::{FactsLimits, Seen};
use crate::facts::{UnitFacts, UnitJson, unit_of};
use std::io::Read;

/// Units' bytes end to end, each a JSON object as the file gives it, in the file's order.
#[derive(Debug, Default)]
pub struct RawUnits {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl RawUnits {
    /// The number of units.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes of the unit at `i`.
    pub fn bytes(&self, i: usize) -> &[u8] {
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or_default()
    }

    /// The whole units, the bytes of a unit begun and not ended kept.
    fn take_done(&mut self) -> RawUnits {
        let done = self.ends.last().copied().unwrap_or(0);
        let begun = self.bytes.get(done..).unwrap_or_default().to_vec();
        self.bytes.truncate(done);
        RawUnits { bytes: std::mem::replace(&mut self.bytes, begun), ends: std::mem::take(&mut self.ends) }
    }

    /// The unit at `i` read as the stream reads it; none when the stream would not hand it on
    /// (not JSON, not a unit, refused): the file is then read by the stream from it.
    pub fn parse(&self, i: usize, limits: &FactsLimits) -> Option<UnitFacts> {
        let u: UnitJson = serde_json::from_slice(self.bytes(i)).ok()?;
        unit_of(u, limits).ok()
    }
}

/// How the cutting ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Every unit was handed on, and the file ends as the stream reads one.
    Whole,
    /// The reader of the units stopped (`each` returned false).
    Stopped,
    /// Something not read here as the stream reads it: the units handed on are among those the
    /// stream hands on; from the next, the stream is to read the file.
    Other,
}

/// The units parsed, admitted in the file's order once each, as the stream admits them.
#[derive(Debug, Default)]
pub struct Admit {
    seen: Seen,
    index: usize,
}

impl Admit {
    /// Admits the next unit; false when it was given before (the stream refuses it: from it,
    /// the stream is to read the file).
    pub fn admit(&mut self, unit: &UnitFacts) -> bool {
        let fresh = self.seen.admit(unit, self.index).is_none();
        if fresh {
            self.index += 1;
        }
        fresh
    }

    /// The number of units admitted.
    pub fn count(&self) -> usize {
        self.index
    }
}

/// Reads the units of a JSON facts file from `reader`, handing them to `each`, `size` at a time
/// (fewer at the end), until it returns false.
pub fn cut<R: Read>(reader: R, limits: &FactsLimits, size: usize, mut each: impl FnMut(RawUnits) -> bool) -> Cut {
    let mut checked = Checked::lean(reader);
    let mut cutter = Cutter { max_depth: limits.max_depth, ..Cutter::default() };
    let mut buf = vec![0u8; 64 * 1024];
    let mut batch = RawUnits::default();
    let ended = loop {
        let n = match checked.read(&mut buf) {
            Ok(0) if cutter.state == State::End => break Cut::Whole,
            Ok(n) if n > 0 => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            _ => break Cut::Other,
        };
        let fed = cutter.feed(buf.get(..n).unwrap_or_default(), &mut batch);
        if batch.len() >= size.max(1) && !each(batch.take_done()) {
            return Cut::Stopped;
        }
        if !fed {
            break Cut::Other;
        }
    };
    if !batch.is_empty() && !each(batch.take_done()) {
        return Cut::Stopped;
    }
    ended
}

/// Where the reader is in the file's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    /// Before the file's object.
    #[default]
    Start,
    /// Before a key of the file's object.
    Key,
    /// In a key.
    KeyText,
    /// Before the `:` after a key.
    Colon,
    /// Before the value of `units`.
    Units,
    /// Before the value of `rubric`.
    Rubric,
    /// In the string of `rubric`.
    RubricText,
    /// In the `null` of `rubric`, this many letters read.
    Null(u8),
    /// After a value of the file's object.
    AfterValue,
    /// After the `[` of `units`.
    First,
    /// After a `,` between units.
    Next,
    /// In a unit's object.
    Unit,
    /// After a unit.
    AfterUnit,
    /// After the file's object.
    End,
}

/// The reader's state between blocks.
#[derive(Debug, Default)]
struct Cutter {
    state: State,
    depth: usize,
    max_depth: usize,
    in_string: bool,
    escaped: bool,
    key: Vec<u8>,
    units_seen: bool,
    rubric_seen: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl Cutter {
    /// Reads a block (as the stream's checks give them), each unit ended in it added to `batch`:
    /// false at anything the stream reads otherwise (the units it hands on before are in `batch`).
    fn feed(&mut self, block: &[u8], batch: &mut RawUnits) -> bool {
        let kept = batch.ends.len();
        let fed = self.read(block, batch);
        // The stream stops at a bracket beyond the budget before it reads any of its block.
        if !fed && self.depth > self.max_depth {
            batch.ends.truncate(kept);
            batch.bytes.truncate(batch.ends.last().copied().unwrap_or(0));
        }
        fed
    }

    /// [`Cutter::feed`], the units of the block before a bracket beyond the budget kept.
    fn read(&mut self, block: &[u8], batch: &mut RawUnits) -> bool {
        let mut i = 0;
        let mut from = 0;
        while let Some(&b) = block.get(i) {
            if self.state == State::Unit {
                match self.unit_end(block, i) {
                    Some(Ok(end)) => {
                        batch.bytes.extend_from_slice(block.get(from..end).unwrap_or_default());
                        batch.ends.push(batch.bytes.len());
                        self.state = State::AfterUnit;
                        i = end;
                        continue;
                    }
                    Some(Err(())) => return false,
                    None => {
                        batch.bytes.extend_from_slice(block.get(from..).unwrap_or_default());
                        return true;
                    }
                }
            }
            if !self.step(b) {
                return false;
            }
            if self.state == State::Unit {
                from = i;
            }
            i += 1;
        }
        // A unit begun by the block's last byte.
        if self.state == State::Unit {
            batch.bytes.extend_from_slice(block.get(from..).unwrap_or_default());
        }
        true
    }

    /// The end (past its `}`) of the unit at `block[i..]`, its state kept when the block ends
    /// first (none); an error for nesting beyond the budget.
    fn unit_end(&mut self, block: &[u8], i: usize) -> Option<Result<usize, ()>> {
        let rest = block.get(i..).unwrap_or_default();
        for (k, &b) in rest.iter().enumerate() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        return Some(Err(()));
                    }
                }
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == 2 {
                        return Some(Ok(i + k + 1));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Reads one byte outside the units: false when the stream would read it otherwise.
    fn step(&mut self, b: u8) -> bool {
        use State::*;
        let space = is_space(b);
        self.state = match (self.state, b) {
            (Start | Key | Colon | Units | Rubric | AfterValue | First | Next | AfterUnit | End, _) if space => {
                return true;
            }
            (Start, b'{') => return self.open(Key),
            (Key, b'"') => {
                self.key.clear();
                KeyText
            }
            (KeyText, b'"') => match (self.key.as_slice(), self.units_seen, self.rubric_seen) {
                (b"units", false, _) => {
                    self.units_seen = true;
                    Colon
                }
                (b"rubric", _, false) => {
                    self.rubric_seen = true;
                    Colon
                }
                _ => return false,
            },
            (KeyText, b'\\') => return false,
            (KeyText, _) if self.key.len() < 8 => {
                self.key.push(b);
                KeyText
            }
            (Colon, b':') if self.key == b"units" => Units,
            (Colon, b':') => Rubric,
            (Units, b'[') => return self.open(First),
            (Rubric, b'"') => RubricText,
            (Rubric, b'n') => Null(1),
            (RubricText, b'"') => AfterValue,
            (RubricText, b'\\') => return false,
            (RubricText, _) if b >= 0x20 => RubricText,
            (Null(1), b'u') => Null(2),
            (Null(2), b'l') => Null(3),
            (Null(3), b'l') => AfterValue,
            (AfterValue, b',') => Key,
            (AfterValue, b'}') if self.units_seen => {
                self.depth -= 1;
                End
            }
            (First | Next, b'{') => {
                (self.in_string, self.escaped) = (false, false);
                return self.open(Unit);
            }
            (First | AfterUnit, b']') => {
                self.depth -= 1;
                AfterValue
            }
            (AfterUnit, b',') => Next,
            _ => return false,
        };
        true
    }

    /// A bracket opened, within the budget of nesting, into `state`.
    fn open(&mut self, state: State) -> bool {
        self.depth += 1;
        self.state = state;
        self.depth <= self.max_depth
    }
}
