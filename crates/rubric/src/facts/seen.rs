//! The units read so far, kept compactly: every reader refuses a unit given twice, and a stream of
//! a million units must not hold a million `String`s, or a map of wide entries, to do so.
//!
//! Each unit is written end to end into one arena of bytes, with no allocation of its own: its
//! key (the name's length, the name, then `0`, or the period's length plus one and the period),
//! then where it was read, the numbers as variable-length integers (LEB128). A hash table
//! ([`hashbrown::HashTable`]) holds only where each unit starts in the arena — 4 bytes while the
//! arena is within 4 GiB, 8 beyond — and a unit is found by its key's hash, then **its key
//! compared byte for byte** with the key kept, so two units are never taken for one on a hash
//! alone. The keys are prefix-free (each length says where its part ends), so a kept key that
//! begins with the bytes of the key sought is that key. A seed-000 unit (`单位00000`, 11 bytes)
//! takes 17 bytes in the arena and 5 to 10 in the table, where a pair of `String`s in a map took
//! some 100.

use crate::facts::UnitFacts;
use hashbrown::HashTable;
use std::hash::{BuildHasher, RandomState};

/// The units read so far, by name and period, each with where it was read (a row or a line),
/// so that a unit given twice is refused on every path, whole file or stream.
#[derive(Debug)]
pub(crate) struct Seen {
    /// Each unit's key, then its place, end to end.
    arena: Vec<u8>,
    /// Where each unit starts in `arena`, by its key's hash.
    table: Table,
    state: RandomState,
    /// The last offset the narrow table holds: `u32::MAX`, less in a test of the wide table.
    narrow: usize,
}

/// The units' offsets in the arena: 4 bytes each until an offset does not fit.
#[derive(Debug)]
enum Table {
    Narrow(HashTable<u32>),
    Wide(HashTable<usize>),
}

impl Default for Seen {
    fn default() -> Seen {
        Seen::with_narrow(u32::MAX as usize)
    }
}

impl Seen {
    /// No unit read; offsets up to `narrow` kept in 4 bytes.
    fn with_narrow(narrow: usize) -> Seen {
        Seen { arena: Vec::new(), table: Table::Narrow(HashTable::new()), state: RandomState::new(), narrow }
    }

    /// Records a unit read at `at`; when it was read before, the place it was first read.
    pub(crate) fn admit(&mut self, facts: &UnitFacts, at: usize) -> Option<usize> {
        let start = self.arena.len();
        push_key(&mut self.arena, &facts.unit, facts.period.as_deref());
        let Seen { arena, table, state, narrow } = self;
        let key = arena.get(start..).unwrap_or_default();
        let hash = state.hash_one(key);
        let same = |o: usize| arena.get(o..o.saturating_add(key.len())) == Some(key);
        let found = match table {
            Table::Narrow(t) => t.find(hash, |&o| same(o as usize)).map(|&o| o as usize),
            Table::Wide(t) => t.find(hash, |&o| same(o)).copied(),
        };
        if let Some(o) = found {
            // The place kept after the key. It is always there (the arena is written here alone);
            // if it could not be read, the unit is still refused, at its own place.
            let first =
                o.checked_add(key.len()).and_then(|p| arena.get(p..)).and_then(|b| read_number(b).map(|(n, _)| n));
            arena.truncate(start);
            return Some(first.unwrap_or(at));
        }
        push_number(arena, at);
        let rehash = |o: usize| state.hash_one(key_at(arena, o));
        match (&mut *table, u32::try_from(start).ok().filter(|_| start <= *narrow)) {
            (Table::Narrow(t), Some(o)) => {
                t.insert_unique(hash, o, |&o| rehash(o as usize));
            }
            (Table::Narrow(t), None) => {
                let mut wide = HashTable::with_capacity(t.len() + 1);
                for o in t.drain() {
                    let o = o as usize;
                    wide.insert_unique(rehash(o), o, |&o| rehash(o));
                }
                wide.insert_unique(hash, start, |&o| rehash(o));
                *table = Table::Wide(wide);
            }
            (Table::Wide(t), _) => {
                t.insert_unique(hash, start, |&o| rehash(o));
            }
        }
        None
    }
}

/// Writes a unit's key: its name's length in bytes and the name, then `0` when it has no period,
/// or the period's length plus one and the period — so that no two names and periods give the
/// same key, and no key begins another.
fn push_key(arena: &mut Vec<u8>, unit: &str, period: Option<&str>) {
    push_number(arena, unit.len());
    arena.extend_from_slice(unit.as_bytes());
    match period {
        None => push_number(arena, 0),
        Some(p) => {
            push_number(arena, p.len().saturating_add(1));
            arena.extend_from_slice(p.as_bytes());
        }
    }
}

/// The key kept at `o` (empty where none is: the arena is written here alone, so never).
fn key_at(arena: &[u8], o: usize) -> &[u8] {
    let len = || -> Option<usize> {
        let rest = arena.get(o..)?;
        let (name, a) = read_number(rest)?;
        let after = a.checked_add(name)?;
        let (period, b) = read_number(rest.get(after..)?)?;
        after.checked_add(b)?.checked_add(period.saturating_sub(1))
    };
    len().and_then(|n| arena.get(o..o.checked_add(n)?)).unwrap_or_default()
}

/// Writes `n` as LEB128: seven bits a byte, the low ones first, the high bit set on all but the last.
fn push_number(arena: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        arena.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    arena.push(n as u8);
}

/// Reads a number [`push_number`] wrote at the start of `bytes`: the number and how many bytes it
/// took; none when `bytes` ends before it does or it does not fit.
fn read_number(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut n = 0usize;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        let bits = usize::from(b & 0x7f).checked_shl(u32::try_from(7 * i).ok()?)?;
        n |= bits;
        if b & 0x80 == 0 {
            return Some((n, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn unit(name: &str, period: Option<&str>) -> UnitFacts {
        let mut u = UnitFacts::new(name);
        u.period = period.map(str::to_string);
        u
    }

    /// Names and periods that a careless key would run together, and places of every width.
    fn check(mut seen: Seen) {
        let names = ["甲", "甲乙", "", "1", "1:甲", "a|b", "a", "\u{0}", "\u{80}"];
        let periods = [None, Some(""), Some("b"), Some("|b"), Some("2024"), Some("乙")];
        let places = [0usize, 1, 127, 128, 16_383, 16_384, usize::MAX >> 1, usize::MAX];
        let mut at = 0;
        let mut all = Vec::new();
        for n in names {
            for p in periods {
                let place = places[at % places.len()].wrapping_add(at / places.len());
                assert_eq!(seen.admit(&unit(n, p), place), None, "{n:?} {p:?}");
                all.push((n, p, place));
                at += 1;
            }
        }
        for many in 0..3000 {
            assert_eq!(seen.admit(&unit(&format!("单位{many:05}"), None), many), None);
        }
        for (n, p, place) in all {
            assert_eq!(seen.admit(&unit(n, p), 7), Some(place), "{n:?} {p:?}");
        }
        assert_eq!(seen.admit(&unit("单位02999", None), 9), Some(2999));
        assert_eq!(seen.admit(&unit("单位03000", None), 9), None);
    }

    #[test]
    fn every_unit_given_twice_names_its_first_place() {
        check(Seen::default());
        // Offsets past a small limit: the table made wide on the way, every unit still found.
        check(Seen::with_narrow(100));
        check(Seen::with_narrow(0));
    }

    #[test]
    fn numbers_read_back_as_written() {
        for n in [0usize, 1, 127, 128, 300, 16_384, u32::MAX as usize, usize::MAX] {
            let mut b = Vec::new();
            push_number(&mut b, n);
            assert_eq!(read_number(&b), Some((n, b.len())));
            assert_eq!(read_number(&b[..b.len() - 1]), None);
        }
    }
}
