//! The units read so far, kept compactly: every reader refuses a unit given twice, and a stream of
//! a million units must not hold a million `String` pairs in a hash map to do so.
//!
//! Each unit's key (its name's length, the name, and its period) is written end to end into one
//! buffer; a map from the key's hash to the unit's entry finds it again, and the key itself is
//! compared, so two units are never taken for one: a different key whose hash another key has
//! (rare) is kept by the key itself.

use crate::facts::UnitFacts;
use std::collections::HashMap;
use std::collections::hash_map::{Entry, RandomState};
use std::hash::BuildHasher;

/// One unit read: where its key is in [`Seen::keys`], and where the unit was read.
#[derive(Debug, Clone, Copy)]
struct Read {
    start: usize,
    end: usize,
    at: usize,
}

/// The units read so far, by name and period, each with where it was read (a row or a line),
/// so that a unit given twice is refused on every path, whole file or stream.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    keys: String,
    units: Vec<Read>,
    by_hash: HashMap<u64, usize>,
    /// Units whose key's hash an earlier, different key has: by the key itself.
    more: HashMap<String, usize>,
    state: RandomState,
}

impl Seen {
    /// Records a unit read at `at`; when it was read before, the place it was first read.
    pub(crate) fn admit(&mut self, facts: &UnitFacts, at: usize) -> Option<usize> {
        let start = self.keys.len();
        push_key(&mut self.keys, &facts.unit, facts.period.as_deref());
        let key = self.keys.get(start..).unwrap_or_default();
        let hash = self.state.hash_one(key);
        match self.by_hash.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(self.units.len());
                self.units.push(Read { start, end: self.keys.len(), at });
                None
            }
            Entry::Occupied(e) => {
                let first = self.units.get(*e.get()).copied();
                let same = first.filter(|r| self.keys.get(r.start..r.end) == Some(key));
                let found = match same {
                    Some(r) => Some(r.at),
                    None => match self.more.entry(key.to_string()) {
                        Entry::Occupied(e) => Some(*e.get()),
                        Entry::Vacant(e) => {
                            e.insert(at);
                            None
                        }
                    },
                };
                self.keys.truncate(start);
                found
            }
        }
    }
}

/// Writes a unit's key: its name's length in bytes, `:`, the name, and `|` and the period when it
/// has one — so that no two names and periods give the same key.
fn push_key(keys: &mut String, unit: &str, period: Option<&str>) {
    use std::fmt::Write;
    let _ = write!(keys, "{}:{unit}", unit.len());
    if let Some(p) = period {
        keys.push('|');
        keys.push_str(p);
    }
}
