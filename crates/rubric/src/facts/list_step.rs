//! A list's table read in step with a streamed units' table (`rulecheck score`): when the
//! table's rows come grouped by unit, in the units' order (as `rulecheck template` lays them out),
//! only the rows of the unit being read are held, so memory does not grow with the table.
//!
//! It takes two passes over the table. The first ([`grouped`]) reads every row by the rules of
//! the whole read ([`crate::facts::list_stream::read_by_unit`]), checks each record, and keeps
//! only a hash of each group's unit (8 bytes a unit): it says the table is not grouped (a unit's
//! rows split by another unit's), or any row refused, by giving up ([`NotInStep`]), and the
//! caller then reads the table whole, for that read's exact errors. The second ([`InStep`])
//! reads the rows again as the units come: a unit takes the rows at the head of the table that
//! are its own. A unit whose rows are elsewhere in the table (the table is in another order than
//! the units) is never given an empty list: [`InStep::join`] says [`NotInStep`] before the unit
//! is scored, and the caller reads the table whole from there. Rows left when the units end are
//! for units the facts file does not have ([`InStep::left`]).
//!
//! ```
//! use rubric::facts::list_step::{InStep, grouped};
//! let table = "单位,等级\n乌审旗,一般\n乌审旗,较大\n杭锦旗,较大\n";
//! let groups = grouped(table.as_bytes(), &Default::default(), |_| Vec::new()).unwrap();
//! let mut lists = InStep::new(table.as_bytes(), "事故", &Default::default(), groups);
//! let (mut a, mut b, mut c) = (rubric::UnitFacts::new("乌审旗"), rubric::UnitFacts::new("准格尔旗"), rubric::UnitFacts::new("杭锦旗"));
//! for u in [&mut a, &mut b, &mut c] {
//!     lists.join(u).unwrap();
//! }
//! assert_eq!(a.values[0].1.to_string(), "a list of 2 records");
//! assert_eq!(b.values[0].1.to_string(), "a list of 0 records");
//! assert_eq!(c.values[0].1.to_string(), "a list of 1 records");
//! assert!(lists.left().unwrap().is_none());
//! // 杭锦旗 before 乌审旗: the table is in another order than the units.
//! let mut lists = InStep::new(table.as_bytes(), "事故", &Default::default(), grouped(table.as_bytes(), &Default::default(), |_| Vec::new()).unwrap());
//! assert!(lists.join(&mut rubric::UnitFacts::new("杭锦旗")).is_err());
//! ```

use crate::facts::compact::{Index, Offsets};
use crate::facts::csv::CsvUnits;
use crate::facts::csv_chunks::{Chunk, Chunks, Rows, Slow};
use crate::facts::list_table::{give_list, without_notes};
use crate::facts::packed::{Packer, Spill};
use crate::facts::records::RawRecord;
use crate::facts::{BadFact, FactsError, FactsLimits, UnitFacts};
use std::io::Read;

/// The table cannot be read in step with the units: read it whole
/// ([`crate::facts::list_stream::read_by_unit`]), which says why when it is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotInStep;

/// What [`InStep::join`] can meet.
#[derive(Debug)]
pub enum Joined {
    /// The unit's rows are not at the head of the table: read the table whole from this unit on.
    NotInStep,
    /// The table could not be read again as its first pass read it (it changed in between).
    Error(FactsError),
}

/// The groups of a list's table that is grouped by unit, each unit's rows together: a hash of
/// each group's unit and period, and where its rows end (some 20 bytes a group: the hashes in
/// the table's order, an [`Index`] of them, offsets in 4 bytes while the files are under 4 GiB).
#[derive(Default)]
pub struct Groups {
    /// Each group's hash (SipHash's, [`crate::facts::csv_chunks::hash_of`]), in the table's order.
    hashes: Vec<u64>,
    /// Each group's place in `hashes`, by its hash; made once the first pass has read them all.
    index: Index,
    notes: Vec<crate::facts::words::Words>,
    /// The offset in the file where each group's last row ends, in the order of `hashes`, to cut
    /// the table in step with the units' chunks ([`crate::facts::list_cut`]).
    ends: Offsets,
    /// The table's header, to read the rows cut from it.
    pub(crate) rows: Option<Rows>,
    /// Where each group's rows end in the file of their packed values, in the order of `hashes`
    /// (empty when they are not packed).
    packed_ends: Offsets,
    /// The file of the rows' values packed by the first pass ([`crate::facts::packed`]).
    packed: Option<std::fs::File>,
}

impl std::fmt::Debug for Groups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Groups").field("groups", &self.hashes.len()).finish()
    }
}

impl Groups {
    /// How many groups (units with rows) the table has.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The table's notes (its notes columns), to show once.
    pub fn notes(&self) -> &[crate::facts::words::Words] {
        &self.notes
    }

    /// Whether a unit (by [`crate::facts::csv_chunks::hash_of`] of its trimmed name and period)
    /// has rows in the table.
    pub(crate) fn has(&self, key: u64) -> bool {
        self.index.find(key, &self.hashes).is_some()
    }

    /// The group at `i` in the table's order: its hash and the offset where its last row ends.
    pub(crate) fn end(&self, i: usize) -> Option<(u64, u64)> {
        Some((*self.hashes.get(i)?, self.ends.get(i)?))
    }

    /// Where the packed values of the group at `i` end, if the rows are packed.
    pub(crate) fn packed_end(&self, i: usize) -> Option<u64> {
        self.packed_ends.get(i)
    }

    /// The table's header row, the unit's column first.
    pub fn header(&self) -> Option<&[String]> {
        self.rows.as_ref().map(Rows::names)
    }

    /// The table's header, to read the rows cut from it.
    pub(crate) fn rows(&self) -> Option<&Rows> {
        self.rows.as_ref()
    }

    /// Whether the first pass packed every row's values (the second pass reads them back).
    pub fn packed(&self) -> bool {
        self.packed.is_some()
    }

    /// The file of the rows' packed values (a handle of its own, its offset shared), if the
    /// first pass packed them.
    pub(crate) fn packed_reader(&self) -> Option<std::fs::File> {
        self.packed.as_ref()?.try_clone().ok()
    }
}

/// The hash of a unit's (trimmed) name and period, as [`Groups`] keeps it.
fn key(unit: &str, period: Option<&str>) -> u64 {
    crate::facts::csv_chunks::hash_of(unit, period)
}

/// The first pass over a list's table: every row read (in chunks, on the pool) and its record
/// checked by `check`, each unit's rows together and within `limits.max_records`. [`NotInStep`]
/// for a table that is not UTF-8, has a period column, is not grouped by unit, or has any row
/// the whole read would refuse or read otherwise.
pub fn grouped(
    reader: impl Read + Send,
    limits: &FactsLimits,
    check: impl Fn(&RawRecord) -> Vec<BadFact> + Sync,
) -> Result<Groups, NotInStep> {
    grouped_with(reader, limits, check, |_| None, None)
}

/// A first pass's reader of a chunk's rows by column: each row's group key (the hash of its
/// unit, [`crate::facts::csv_chunks::hash_of`]) and the offset where it ends, with the rows'
/// values packed ([`Packer`]), only where every row is one that `check` and the table reader
/// find no fault with; [`Slow`] to read the chunk by name.
pub type ByColumn<'a> = Box<dyn Fn(&Rows, &Chunk) -> Result<(Vec<(u64, u64)>, Packer), Slow> + Sync + 'a>;

/// A chunk's rows as the first pass read them: each row's group key and end, and their values
/// packed when read by column.
type ChunkKeys = Result<(Vec<(u64, u64)>, Option<Packer>), Slow>;

/// [`grouped`], the chunks read by the reader `by_column` makes from the header's names, if it
/// makes one (a chunk it says [`Slow`] for is read by name). With a file to `spill` to, the
/// values of the rows read by column are packed into it as they are checked, so that the
/// second pass takes them back ([`crate::facts::list_cut`]) and the table is read once; any
/// chunk read by name (or a write that fails) leaves the rows to be read again from the table.
pub fn grouped_with<'a>(
    reader: impl Read + Send,
    limits: &FactsLimits,
    check: impl Fn(&RawRecord) -> Vec<BadFact> + Sync,
    by_column: impl FnOnce(&[String]) -> Option<ByColumn<'a>>,
    spill: Option<std::fs::File>,
) -> Result<Groups, NotInStep> {
    use rayon::prelude::*;
    let mut chunks = Chunks::new(reader, limits, 1 << 18);
    let (rows, first, first_chunk) = chunks.start_records_chunk().map_err(|_| NotInStep)?;
    let fast = by_column(rows.names());
    let keys_of = |units: Vec<(UnitFacts, u64)>| -> Result<Vec<(u64, u64)>, Slow> {
        let mut out = Vec::with_capacity(units.len());
        for (mut row, end) in units {
            without_notes(&mut row);
            if !check(&row.values).is_empty() {
                return Err(Slow);
            }
            out.push((key(&row.unit, row.period.as_deref()), end));
        }
        Ok(out)
    };
    let mut pass = Pass {
        groups: Groups { notes: rows.notes(), ..Groups::default() },
        run: (None, 0),
        max_records: limits.max_records,
        spill: fast.as_ref().and(spill).map(Spill::new),
    };
    let first = keys_of(first).map_err(|_| NotInStep)?;
    // The first chunk's rows (after the header) read by column too, for their values: the
    // same rows, or none packed.
    let packed = first_chunk
        .after(rows.header_end())
        .and_then(|c| fast.as_ref().and_then(|f| f(&rows, &c).ok()))
        .filter(|(keys, _)| *keys == first)
        .map(|(_, p)| p);
    pass.chunk(first, packed)?;
    // Each wave of chunks read on this thread while the wave before is read on the pool.
    let read_wave = |chunks: &mut Chunks<_>| -> Result<Vec<Chunk>, NotInStep> {
        let mut wave = Vec::new();
        while wave.len() < 2 * rayon::current_num_threads() {
            match chunks.next_chunk().map_err(|_| NotInStep)? {
                Some(c) => wave.push(c),
                None => break,
            }
        }
        Ok(wave)
    };
    let mut wave = read_wave(&mut chunks)?;
    while !wave.is_empty() {
        let (next, done) = rayon::join(
            || read_wave(&mut chunks),
            || -> Vec<ChunkKeys> {
                wave.par_iter()
                    .map(|c| match fast.as_ref().and_then(|f| f(&rows, c).ok()) {
                        Some((keys, packed)) => Ok((keys, Some(packed))),
                        None => Ok((rows.units_at(c).and_then(&keys_of)?, None)),
                    })
                    .collect()
            },
        );
        for keys in done {
            let (keys, packed) = keys.map_err(|_| NotInStep)?;
            pass.chunk(keys, packed)?;
        }
        wave = next?;
    }
    let mut groups = pass.finish()?;
    groups.rows = Some(rows);
    Ok(groups)
}

/// The first pass's groups as they are found, chunk by chunk.
struct Pass {
    groups: Groups,
    /// The last group's key and its rows so far.
    run: (Option<u64>, usize),
    max_records: usize,
    /// Where the rows' values are packed, while every chunk so far was read by column.
    spill: Option<Spill>,
}

impl Pass {
    /// Adds a chunk's rows (each row's key and end), with their values packed if read so.
    fn chunk(&mut self, keys: Vec<(u64, u64)>, packed: Option<Packer>) -> Result<(), NotInStep> {
        let base = match (&mut self.spill, &packed) {
            (Some(s), Some(p)) => s.write(p),
            _ => None,
        };
        let ends = packed.as_ref().map(Packer::ends).filter(|e| e.len() == keys.len());
        let (base, ends) = match (base, ends) {
            (Some(b), Some(e)) => (b, e),
            // Not read by column, or not written: the rows are read again from the table.
            _ => {
                self.spill = None;
                (0, &[][..])
            }
        };
        for (i, (k, end)) in keys.into_iter().enumerate() {
            let packed_end = ends.get(i).map_or(0, |e| base + *e as u64);
            self.add(k, end, packed_end)?;
        }
        Ok(())
    }

    /// Adds a row: to the last group when it is that group's, else as a new group (a unit's
    /// rows split by another unit's are found once every group is read: [`Pass::finish`]).
    fn add(&mut self, k: u64, end: u64, packed_end: u64) -> Result<(), NotInStep> {
        let groups = &mut self.groups;
        if self.run.0 == Some(k) {
            self.run.1 += 1;
            groups.ends.set_last(end);
            groups.packed_ends.set_last(packed_end);
        } else {
            self.run = (Some(k), 1);
            groups.hashes.push(k);
            groups.ends.push(end);
            groups.packed_ends.push(packed_end);
        }
        if self.run.1 > self.max_records { Err(NotInStep) } else { Ok(()) }
    }

    /// The groups, with the file their rows' values are packed in if every row's are;
    /// [`NotInStep`] when a unit's rows are split by another unit's (a hash met in two groups:
    /// two names of one hash too, never a group taken for another), or there are more groups
    /// than an index holds.
    fn finish(mut self) -> Result<Groups, NotInStep> {
        self.groups.index = Index::new(&self.groups.hashes).ok_or(NotInStep)?;
        self.groups.hashes.shrink_to_fit();
        match self.spill.and_then(Spill::finish) {
            Some(file) => self.groups.packed = Some(file),
            None => self.groups.packed_ends = Offsets::default(),
        }
        Ok(self.groups)
    }
}

/// The second pass: a list's table read as the units come, each unit given the rows at the
/// head of the table that are its own (see the module's introduction).
pub struct InStep<R: Read> {
    list: String,
    rows: CsvUnits<R>,
    /// The next row, read ahead, and its row number.
    next: Option<(UnitFacts, usize)>,
    /// Whether the rows are all read.
    ended: bool,
    groups: Groups,
}

impl<R: Read> InStep<R> {
    /// Reads the table of list `list` from `reader` (the same bytes as the first pass read,
    /// which made `groups`), in step with the units.
    pub fn new(reader: R, list: &str, limits: &FactsLimits, groups: Groups) -> InStep<R> {
        let rows = crate::facts::csv::stream_with(reader, limits).records();
        InStep { list: list.to_string(), rows, next: None, ended: false, groups }
    }

    /// The list this table is of.
    pub fn list(&self) -> &str {
        &self.list
    }

    /// The groups of the table, as its first pass found them.
    pub fn groups(&self) -> &Groups {
        &self.groups
    }

    /// Reads the next row ahead, if none is.
    fn ahead(&mut self) -> Result<(), FactsError> {
        if self.next.is_none() && !self.ended {
            match self.rows.next() {
                Some(row) => {
                    let mut row = row?;
                    let at = without_notes(&mut row);
                    self.next = Some((row, at));
                }
                None => self.ended = true,
            }
        }
        Ok(())
    }

    /// Gives `unit` its records: the rows at the head of the table that are its own (an empty
    /// list when it has none in the table). [`Joined::NotInStep`] when it has rows elsewhere:
    /// the unit is then left as it was given.
    pub fn join(&mut self, unit: &mut UnitFacts) -> Result<(), Joined> {
        let name = unit.unit.trim();
        let mut taken: Vec<RawRecord> = Vec::new();
        loop {
            self.ahead().map_err(Joined::Error)?;
            match self.next.take() {
                Some((row, _)) if row.unit == name && row.period == unit.period => taken.push(row.values),
                other => {
                    self.next = other;
                    break;
                }
            }
        }
        if taken.is_empty() && self.groups.has(key(name, unit.period.as_deref())) {
            return Err(Joined::NotInStep);
        }
        give_list(unit, &self.list);
        for r in taken {
            unit.push_record(&self.list, r);
        }
        Ok(())
    }

    /// Passes over the rows of the table's first `n` groups (given to the units another way, cut
    /// in step: [`crate::facts::list_cut`]), so that [`InStep::left`] says the first row after
    /// them.
    pub fn pass(&mut self, n: usize) -> Result<(), FactsError> {
        let (mut passed, mut last) = (0usize, None);
        loop {
            self.ahead()?;
            let Some((row, _)) = &self.next else { return Ok(()) };
            let k = key(&row.unit, row.period.as_deref());
            if last != Some(k) {
                if passed == n {
                    return Ok(());
                }
                passed += 1;
                last = Some(k);
            }
            self.next = None;
        }
    }

    /// Once every unit is joined: the first row left (for a unit the facts do not have), with
    /// its row number, if any.
    pub fn left(&mut self) -> Result<Option<(UnitFacts, usize)>, FactsError> {
        self.ahead()?;
        Ok(self.next.take())
    }

    /// The error of a row left for a unit the facts do not have, with the closest of `units`
    /// (the units of the facts file, read again) as a suggestion, as the whole read says it.
    pub fn stray(&self, row: &UnitFacts, at: usize, units: &[UnitFacts]) -> FactsError {
        crate::facts::list_table::stray(&self.list, row, at, units)
    }
}
