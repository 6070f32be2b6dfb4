//! A list's table cut in step with the chunks of the units' table (`rulecheck score`): once the
//! first pass ([`crate::facts::list_step::grouped`]) has read every row, checked every record
//! and found where each unit's group of rows ends, the rows of a chunk's units are cut from the
//! table as bytes on the reading thread ([`Cut::slice`]) and read on any thread with the units
//! ([`Slice::join`], or by column in `rubric::columns`), so that no row is read on one thread.
//!
//! Where the first pass packed the rows' values ([`crate::facts::packed`]), each slice carries
//! its rows' packed values as well, so that rows read by column are read once.
//!
//! It gives each unit what [`crate::facts::list_step::InStep::join`] gives it, and says
//! [`NotInStep`] wherever that would: a unit whose rows are not next in the table, though it has
//! rows. A slice whose rows are not the units' own, in their order, is [`NotInStep`] as well
//! (the caller then reads the tables whole, as it does for [`crate::facts::list_step`]).

use crate::facts::UnitFacts;
use crate::facts::csv_chunks::{Chunk, hash_of};
use crate::facts::list_step::{Groups, NotInStep};
use crate::facts::list_table::{give_list, without_notes};
use crate::facts::records::RawRecord;
use std::io::Read;

/// A list's table read a chunk of units at a time, from where the last chunk's rows ended.
pub struct Cut<R> {
    reader: R,
    /// The offset in the file of the next byte to read.
    offset: u64,
    /// The next group of rows not yet given.
    next: usize,
    /// The file of the rows' values packed by the first pass, and the offset of the next byte
    /// to read there (sought before each read: a handle shares its offset with its clones).
    packed: Option<(std::fs::File, u64)>,
}

/// The rows of a chunk's units, cut from a list's table.
#[derive(Debug)]
pub struct Slice {
    chunk: Option<Chunk>,
    /// The same rows' values as the first pass packed them, when it did.
    packed: Option<Vec<u8>>,
}

impl<R: Read> Cut<R> {
    /// Cuts the table read by `reader` from its start (the same bytes as its first pass read).
    pub fn new(mut reader: R, groups: &Groups) -> Result<Cut<R>, NotInStep> {
        let skip = groups.rows.as_ref().ok_or(NotInStep)?.header_end();
        let copied = std::io::copy(&mut (&mut reader).take(skip), &mut std::io::sink()).map_err(|_| NotInStep)?;
        if copied != skip {
            return Err(NotInStep);
        }
        let packed = groups.packed_reader().map(|f| (f, 0));
        Ok(Cut { reader, offset: skip, next: 0, packed })
    }

    /// The rows of the units `keys` (the hash of each unit's trimmed name and period,
    /// [`hash_of`], in the units' order): the groups next in the table that are theirs, in their
    /// order. [`NotInStep`] when a unit has rows but not next in the table.
    pub fn slice(&mut self, groups: &Groups, keys: &[u64]) -> Result<Slice, NotInStep> {
        let (end, packed) = self.groups(groups, keys)?;
        self.text(end, packed)
    }

    /// The groups of the units `keys` next in the table: where their rows end in it, and their
    /// packed values where the first pass packed them.
    fn groups(&mut self, groups: &Groups, keys: &[u64]) -> Result<(u64, Option<Vec<u8>>), NotInStep> {
        let (mut at, mut end) = (0usize, self.offset);
        let mut packed_end = self.packed.as_ref().map(|(_, o)| *o);
        let mut taken = vec![false; keys.len()];
        while let Some((k, e)) = groups.end(self.next) {
            let Some(p) = keys.get(at..).and_then(|rest| rest.iter().position(|&u| u == k)) else { break };
            at += p + 1;
            if let Some(t) = taken.get_mut(at - 1) {
                *t = true;
            }
            end = e;
            packed_end = packed_end.and(groups.packed_end(self.next));
            self.next += 1;
        }
        if keys.iter().zip(&taken).any(|(&k, &t)| !t && groups.has(k)) {
            return Err(NotInStep);
        }
        Ok((end, self.packed_slice(packed_end)))
    }

    /// The slice of the rows up to `end` in the table, with their text.
    fn text(&mut self, end: u64, packed: Option<Vec<u8>>) -> Result<Slice, NotInStep> {
        let len = usize::try_from(end.checked_sub(self.offset).ok_or(NotInStep)?).map_err(|_| NotInStep)?;
        if len == 0 {
            return Ok(Slice { chunk: None, packed });
        }
        let mut bytes = vec![0u8; len];
        self.reader.read_exact(&mut bytes).map_err(|_| NotInStep)?;
        // Found to end at a row's end where it is read, on the pool.
        let chunk = Chunk::detached(bytes, self.offset, 0);
        self.offset = end;
        Ok(Slice { chunk: Some(chunk), packed })
    }

    /// The packed values of the rows up to `end` in the packed file; none (and none from now
    /// on) when it cannot be read.
    fn packed_slice(&mut self, end: Option<u64>) -> Option<Vec<u8>> {
        let read = |(file, offset): &mut (std::fs::File, u64)| -> Option<Vec<u8>> {
            use std::io::Seek;
            let len = usize::try_from(end?.checked_sub(*offset)?).ok()?;
            let mut bytes = vec![0u8; len];
            file.seek(std::io::SeekFrom::Start(*offset)).ok()?;
            file.read_exact(&mut bytes).ok()?;
            *offset += len as u64;
            Some(bytes)
        };
        let bytes = self.packed.as_mut().and_then(read);
        if bytes.is_none() {
            self.packed = None;
        }
        bytes
    }

    /// Whether every group of the table was given to a unit (else the rows left are for units
    /// the facts do not have: the caller reads the table whole, for that read's error).
    pub fn done(&self, groups: &Groups) -> bool {
        self.next >= groups.len()
    }

    /// How many groups were given to units.
    pub fn given(&self) -> usize {
        self.next
    }
}

impl<R: Read + std::io::Seek> Cut<R> {
    /// [`Cut::slice`] of units read by column: where the first pass packed the rows' values,
    /// the slice has those alone and the rows' text is passed over, not read ([`Slice::chunk`]
    /// is none; a slice for units read by name is cut by [`Cut::slice`]).
    pub fn slice_packed(&mut self, groups: &Groups, keys: &[u64]) -> Result<Slice, NotInStep> {
        let (end, packed) = self.groups(groups, keys)?;
        if packed.is_none() {
            return self.text(end, packed);
        }
        let len = end.checked_sub(self.offset).ok_or(NotInStep)?;
        if len > 0 {
            let len = i64::try_from(len).map_err(|_| NotInStep)?;
            self.reader.seek(std::io::SeekFrom::Current(len)).map_err(|_| NotInStep)?;
            self.offset = end;
        }
        Ok(Slice { chunk: None, packed })
    }
}

impl Slice {
    /// The bytes of the rows, if any (none in a slice cut by [`Cut::slice_packed`] whose rows
    /// were packed).
    pub fn chunk(&self) -> Option<&Chunk> {
        self.chunk.as_ref()
    }

    /// The rows' values as the first pass packed them ([`crate::facts::packed`]), if it did.
    pub fn packed(&self) -> Option<&[u8]> {
        self.packed.as_deref()
    }

    /// Gives each of `units` its records of list `list` from the slice, as
    /// [`crate::facts::list_step::InStep::join`] gives them: the rows of each unit in order.
    pub fn join(&self, groups: &Groups, list: &str, units: &mut [UnitFacts]) -> Result<(), NotInStep> {
        let rows = match &self.chunk {
            Some(c) => groups.rows.as_ref().ok_or(NotInStep)?.units_at(c).map_err(|_| NotInStep)?,
            None => Vec::new(),
        };
        let mut rows = rows.into_iter().map(|(mut r, _)| {
            without_notes(&mut r);
            r
        });
        let mut next = rows.next();
        for unit in units.iter_mut() {
            let name = unit.unit.trim();
            let mut taken: Vec<RawRecord> = Vec::new();
            while let Some(r) = next.take_if(|r| r.unit == name && r.period == unit.period) {
                taken.push(r.values);
                next = rows.next();
            }
            if taken.is_empty() && groups.has(hash_of(name, unit.period.as_deref())) {
                return Err(NotInStep);
            }
            give_list(unit, list);
            for r in taken {
                unit.push_record(list, r);
            }
        }
        if next.is_some() { Err(NotInStep) } else { Ok(()) }
    }
}
