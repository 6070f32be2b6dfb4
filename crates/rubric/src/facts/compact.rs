//! Compact tables of what a streamed read keeps per unit, so that memory stays flat in units:
//! [`Hashes`], a set of 64-bit hashes in small shards (each grows alone, by a quarter: never the
//! whole set held twice while it grows); [`Index`], the groups of a list's table found by their
//! hash, built once their number is known (4 bytes a slot, the hashes kept in order beside it);
//! and [`Offsets`], offsets in a file kept in 4 bytes while they fit, in 8 from the first that
//! does not (checked, never cut short).
//!
//! ```
//! use rubric::facts::compact::{Hashes, Index, Offsets};
//! let mut seen = Hashes::default();
//! assert!(seen.insert(7) && seen.insert(0) && !seen.insert(7));
//! assert!(seen.contains(0) && !seen.contains(8));
//! let keys = [5u64, 9, 1 << 63];
//! let index = Index::new(&keys).unwrap();
//! assert_eq!(index.find(9, &keys), Some(1));
//! assert_eq!(index.find(6, &keys), None);
//! assert!(Index::new(&[5, 9, 5]).is_none());
//! let mut ends = Offsets::default();
//! ends.push(10);
//! ends.push(u64::from(u32::MAX) + 1);
//! ends.set_last(u64::MAX);
//! assert_eq!((ends.get(0), ends.get(1), ends.len()), (Some(10), Some(u64::MAX), 2));
//! ```

/// Shards of [`Hashes`], by a hash's top bits.
const SHARD_BITS: u32 = 8;

/// A shard's slots are at most this share full (in eighths) before it grows.
const FULL_EIGHTHS: usize = 6;

/// The slot of `h` among `n` slots, from its bits below the shard's (hashes are SipHash's:
/// every bit is as good as another).
fn home(h: u64, n: usize) -> usize {
    (((h << SHARD_BITS) as u128 * n as u128) >> 64) as usize
}

/// A set of 64-bit hashes (exact: a hash is either in it or not), some 8 bytes a hash and a
/// third more for empty slots.
#[derive(Debug)]
pub struct Hashes {
    /// Each shard's slots, `0` for an empty slot (the hash `0` is kept apart, in `zero`).
    shards: Vec<Vec<u64>>,
    /// How many hashes each shard holds.
    lens: Vec<usize>,
    zero: bool,
}

impl Default for Hashes {
    fn default() -> Hashes {
        Hashes { shards: vec![Vec::new(); 1 << SHARD_BITS], lens: vec![0; 1 << SHARD_BITS], zero: false }
    }
}

impl Hashes {
    /// Adds `h`; false when it was in the set already.
    pub fn insert(&mut self, h: u64) -> bool {
        if h == 0 {
            return !std::mem::replace(&mut self.zero, true);
        }
        let s = (h >> (64 - SHARD_BITS)) as usize;
        let (Some(slots), Some(len)) = (self.shards.get_mut(s), self.lens.get_mut(s)) else { return false };
        if (*len + 1) * 8 > slots.len() * FULL_EIGHTHS {
            let grown = (slots.len() + slots.len() / 4).max(16);
            let old = std::mem::replace(slots, vec![0; grown]);
            for k in old.into_iter().filter(|&k| k != 0) {
                put(slots, k);
            }
        }
        let new = put(slots, h);
        *len += usize::from(new);
        new
    }

    /// Whether `h` is in the set.
    pub fn contains(&self, h: u64) -> bool {
        if h == 0 {
            return self.zero;
        }
        let Some(slots) = self.shards.get((h >> (64 - SHARD_BITS)) as usize) else { return false };
        let n = slots.len();
        let mut at = home(h, n);
        for _ in 0..n {
            match slots.get(at) {
                Some(&k) if k == h => return true,
                Some(&0) | None => return false,
                Some(_) => at = if at + 1 == n { 0 } else { at + 1 },
            }
        }
        false
    }
}

/// Puts `h` (not `0`) in the first free slot from its own on, unless it is there; false when it
/// was. The slots are never full ([`Hashes::insert`] grows them first).
fn put(slots: &mut [u64], h: u64) -> bool {
    let n = slots.len();
    let mut at = home(h, n);
    for _ in 0..n {
        match slots.get_mut(at) {
            Some(k) if *k == h => return false,
            Some(k) if *k == 0 => {
                *k = h;
                return true;
            }
            _ => at = if at + 1 == n { 0 } else { at + 1 },
        }
    }
    false
}

/// The place of each of a list of hashes, found by its hash: slots of 4 bytes holding where the
/// hash is in the list (kept by the caller), a third of them empty.
#[derive(Debug, Default)]
pub struct Index {
    slots: Vec<u32>,
}

/// An empty slot of an [`Index`].
const EMPTY: u32 = u32::MAX;

impl Index {
    /// The index of `keys`; none when a hash is there twice, or there are more than 4 bytes
    /// can count.
    pub fn new(keys: &[u64]) -> Option<Index> {
        let n = keys.len() + keys.len() / 2 + 1;
        u32::try_from(n).ok().filter(|&n| n < EMPTY)?;
        let mut slots = vec![EMPTY; n];
        for (i, &k) in keys.iter().enumerate() {
            let mut at = home(k, n);
            loop {
                let slot = slots.get_mut(at)?;
                if *slot == EMPTY {
                    *slot = u32::try_from(i).ok()?;
                    break;
                }
                if keys.get(*slot as usize) == Some(&k) {
                    return None;
                }
                at = if at + 1 == n { 0 } else { at + 1 };
            }
        }
        Some(Index { slots })
    }

    /// Where `key` is in `keys` (the list the index was made of).
    pub fn find(&self, key: u64, keys: &[u64]) -> Option<usize> {
        let n = self.slots.len();
        let mut at = home(key, n.max(1));
        for _ in 0..n {
            let i = *self.slots.get(at)?;
            if i == EMPTY {
                return None;
            }
            if keys.get(i as usize) == Some(&key) {
                return Some(i as usize);
            }
            at = if at + 1 == n { 0 } else { at + 1 };
        }
        None
    }
}

/// Offsets in a file, in the order pushed: 4 bytes each while every one fits, 8 from the first
/// that does not.
#[derive(Debug)]
pub enum Offsets {
    /// Every offset so far fits in 4 bytes.
    Narrow(Vec<u32>),
    /// One did not: 8 bytes each.
    Wide(Vec<u64>),
}

impl Default for Offsets {
    fn default() -> Offsets {
        Offsets::Narrow(Vec::new())
    }
}

impl Offsets {
    /// Adds an offset at the end.
    pub fn push(&mut self, offset: u64) {
        match self {
            Offsets::Narrow(v) => match u32::try_from(offset) {
                Ok(o) => v.push(o),
                Err(_) => {
                    let mut wide: Vec<u64> = v.iter().map(|&o| u64::from(o)).collect();
                    wide.push(offset);
                    *self = Offsets::Wide(wide);
                }
            },
            Offsets::Wide(v) => v.push(offset),
        }
    }

    /// Sets the last offset (none is set when there is none).
    pub fn set_last(&mut self, offset: u64) {
        if let Offsets::Narrow(v) = self {
            match (v.last_mut(), u32::try_from(offset)) {
                (Some(last), Ok(o)) => *last = o,
                (None, _) => {}
                (Some(_), Err(_)) => {
                    v.pop();
                    self.push(offset);
                }
            }
        } else if let Offsets::Wide(v) = self {
            if let Some(last) = v.last_mut() {
                *last = offset;
            }
        }
    }

    /// The offset at `i`.
    pub fn get(&self, i: usize) -> Option<u64> {
        match self {
            Offsets::Narrow(v) => v.get(i).map(|&o| u64::from(o)),
            Offsets::Wide(v) => v.get(i).copied(),
        }
    }

    /// How many offsets there are.
    pub fn len(&self) -> usize {
        match self {
            Offsets::Narrow(v) => v.len(),
            Offsets::Wide(v) => v.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// Hashes as SipHash gives them, and some made to fall in one shard and one slot.
    fn hashes(n: u64) -> Vec<u64> {
        use std::hash::{Hash, Hasher};
        let mut out: Vec<u64> = (0..n)
            .map(|i| {
                let mut h = std::hash::DefaultHasher::new();
                i.hash(&mut h);
                h.finish()
            })
            .collect();
        out.extend((1..200u64).map(|i| (7 << 56) | i));
        out.extend([0, 1, u64::MAX, 1 << 63]);
        out
    }

    #[test]
    fn every_hash_once() {
        let keys = hashes(50_000);
        let mut set = Hashes::default();
        let mut std = std::collections::HashSet::new();
        for &k in &keys {
            assert_eq!(set.insert(k), std.insert(k));
        }
        for &k in &keys {
            assert!(set.contains(k));
            assert!(!set.insert(k));
        }
        for k in hashes(60_000).into_iter().skip(50_000).take(9_000) {
            assert_eq!(set.contains(k), std.contains(&k));
        }
    }

    #[test]
    fn index_finds_each_and_refuses_twice() {
        let keys = hashes(20_000);
        let index = Index::new(&keys).unwrap();
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(index.find(k, &keys), Some(i));
        }
        for k in hashes(30_000).into_iter().skip(20_000).take(9_000) {
            assert_eq!(index.find(k, &keys), None);
        }
        let mut twice = keys.clone();
        twice.push(keys[12_345]);
        assert!(Index::new(&twice).is_none());
        assert_eq!(Index::new(&[]).unwrap().find(3, &[]), None);
    }

    #[test]
    fn offsets_widen_when_one_does_not_fit() {
        let mut o = Offsets::default();
        for i in 0..10u64 {
            o.push(i * 1000);
        }
        o.set_last(u64::from(u32::MAX));
        assert!(matches!(o, Offsets::Narrow(_)));
        o.set_last(u64::from(u32::MAX) + 5);
        assert!(matches!(o, Offsets::Wide(_)));
        o.push(7);
        assert_eq!(o.len(), 11);
        assert_eq!(o.get(0), Some(0));
        assert_eq!(o.get(8), Some(8000));
        assert_eq!(o.get(9), Some(u64::from(u32::MAX) + 5));
        assert_eq!(o.get(10), Some(7));
        assert_eq!(o.get(11), None);
    }
}
