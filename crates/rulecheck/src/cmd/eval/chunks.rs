//! `rulecheck eval --format json` of a CSV table in chunks, as `score` reads one
//! (`cmd/score/chunks`): the main thread cuts the file into chunks of whole rows while the pool
//! reads each chunk's units (bound by column where it can, the list tables cut in step), traces
//! them and writes their JSON into the chunk's buffer; the buffers are written in input order by
//! this thread. Units are written `size` at a time, the batches of the stream
//! (`eval/stream.rs`), so that where the chunks hand the rest of the table to the stream (a bad
//! cell, a list table out of order) the document written is the stream's, byte for byte.

use super::stream::{Out, head};
use crate::cmd::score::chunks::{Job, Read, Whole, join, read_wave, units};
use crate::cmd::score::cut::Lists;
use crate::list_join::ListJoin;
use rayon::prelude::*;
use rubric::columns::{ColumnRow, Columns, ListRecords};
use rubric::facts::Raw;
use rubric::facts::csv_chunks::{Admitted, Chunks, Slow};
use rubric::{EvalError, Rubric, UnitFacts};
use std::collections::VecDeque;

/// Bytes in a chunk: some 50 rows of the generated tables. A unit's JSON is large (about
/// 100 KB), and `2 × threads` chunks are written at once.
const CHUNK_BYTES: usize = 1 << 14;

/// How the chunks ended.
pub(super) enum Ended {
    /// Nothing was read (the table cannot be read in chunks): the stream reads it all.
    Stream,
    /// Every unit was read and written.
    Read,
    /// The stream must read the table from the unit at this index on (those before it are
    /// written; the notes of the table are said).
    Slow(usize),
    /// Every list table is to be read whole, and the units read from the first (those before
    /// the unit at this index are written, and are joined again, not written).
    Again(usize),
    /// A list table could not be read (reported).
    Failed,
}

/// A chunk's units written on the pool: each unit's JSON one after the other, each preceded by
/// `,\n` (the separator of the document's `units`; `,` in the compact form), and for each unit
/// where its JSON ends in `text`, or why it has none.
struct Written {
    text: Vec<u8>,
    units: Vec<Result<usize, EvalError>>,
    /// `--compact`: no whitespace.
    compact: bool,
}

impl Written {
    /// Written into `text`, a buffer of a chunk written before (its memory is used again, not
    /// given back and asked again: pages new to the process cost more than the writing).
    fn new(units: usize, mut text: Vec<u8>, compact: bool) -> Written {
        text.clear();
        // About a unit's JSON of the generated tables a unit, up to a few chunks' worth.
        text.reserve(units.min(256) << 17);
        Written { text, units: Vec::with_capacity(units), compact }
    }

    /// Adds a unit, its trace written as JSON (`text` left as it was on an error).
    fn unit(&mut self, rubric: &Rubric, trace: Result<rubric::Trace, EvalError>) {
        let start = self.text.len();
        self.text.extend_from_slice(if self.compact { b"," } else { b",\n" });
        let written = trace.and_then(|t| match self.compact {
            true => t.write_json_compact(rubric, &mut self.text),
            false => t.write_json(rubric, 4, &mut self.text),
        });
        match written {
            Ok(()) => self.units.push(Ok(self.text.len())),
            Err(e) => {
                self.text.truncate(start);
                self.units.push(Err(e));
            }
        }
    }
}

/// Units read by name, each traced and written as the stream writes it.
fn by_name(rubric: &Rubric, units: &[UnitFacts], text: Vec<u8>, compact: bool) -> Written {
    let mut w = Written::new(units.len(), text, compact);
    for u in units {
        w.unit(rubric, rubric.bind(u).and_then(|b| rubric.trace(&b)));
    }
    w
}

/// Units read by column, bound with their lists' values; none when one of them would be bound
/// otherwise by name (the table is then read again, from the first unit not written).
fn by_column(
    rubric: &Rubric,
    rows: Vec<(ColumnRow, Vec<(String, Raw)>)>,
    typed: Vec<Vec<(usize, ListRecords)>>,
    columns: &Columns,
    (text, compact): (Vec<u8>, bool),
) -> Option<Written> {
    let mut w = Written::new(rows.len(), text, compact);
    for ((row, given), typed) in rows.into_iter().zip(typed) {
        let bound = rubric.bind_row(row, &given, typed, columns).ok()?;
        w.unit(rubric, rubric.trace(&bound));
    }
    Some(w)
}

/// The units written on the pool and not yet to stdout: written `size` at a time, as the
/// stream's batches, the last batch once the table is read to its end.
struct Pending {
    /// Chunks, each with its first unit and byte not yet written.
    chunks: VecDeque<(Written, usize, usize)>,
    /// Units in `chunks` not yet written.
    units: usize,
    /// Units written.
    written: usize,
    /// The buffers of the chunks written, to write others into.
    spare: Vec<Vec<u8>>,
    /// The header as a unit, to report the columns the rubric does not declare with the first
    /// batch, as the stream does.
    header: UnitFacts,
}

impl Pending {
    fn push(&mut self, out: &mut Out<'_>, w: Written, size: usize) {
        self.units += w.units.len();
        self.chunks.push_back((w, 0, 0));
        while self.units >= size {
            self.batch(out, size);
        }
    }

    /// Writes the next `n` units (at most those pending): their errors reported, then their JSON.
    fn batch(&mut self, out: &mut Out<'_>, n: usize) {
        let n = n.min(self.units);
        if n == 0 {
            return;
        }
        if self.written == 0 {
            crate::files::set_aside_unknown(
                out.ui,
                out.rubric,
                &mut out.unknown,
                std::slice::from_mut(&mut self.header),
            );
        }
        // Each chunk's part of the batch: its bytes, then where the next part starts.
        let mut parts: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut left = n;
        for (c, (w, unit, byte)) in self.chunks.iter().enumerate() {
            if left == 0 {
                break;
            }
            let take = left.min(w.units.len() - *unit);
            let mut end = *byte;
            for r in w.units.iter().skip(*unit).take(take) {
                match r {
                    Ok(e) => end = *e,
                    Err(e) => {
                        out.failed = true;
                        out.ui.error(e);
                    }
                }
            }
            parts.push((c, *byte, end, unit + take));
            left -= take;
        }
        for &(c, from, to, _) in &parts {
            let Some((w, ..)) = self.chunks.get(c) else { continue };
            let Some(mut bytes) = w.text.get(from..to) else { continue };
            if bytes.is_empty() {
                continue;
            }
            if !out.started {
                // The document's head, then its first unit on a line of its own (no comma).
                out.started = true;
                out.ui.out_json_escaped(head(out.rubric.title(), out.compact).as_bytes());
                bytes = bytes.get(1..).unwrap_or_default();
            }
            out.ui.out_json_escaped(bytes);
        }
        for &(c, _, to, next) in &parts {
            if let Some((_, unit, byte)) = self.chunks.get_mut(c) {
                (*unit, *byte) = (next, to);
            }
        }
        while self.chunks.front().is_some_and(|(w, unit, _)| *unit >= w.units.len()) {
            if let Some((w, ..)) = self.chunks.pop_front() {
                self.spare.push(w.text);
            }
        }
        self.units -= n;
        self.written += n;
    }
}

/// Reads, traces and writes the table at `path` in chunks, `wave` chunks at a time, each unit
/// given its records from the list tables (`lists`) as the stream gives them.
pub(super) fn run(out: &mut Out<'_>, path: &str, wave: usize, size: usize, lists: &mut Vec<ListJoin>) -> Ended {
    let mut lists = Lists::new(out.rubric, lists);
    let ended = read(out, path, wave, size.max(1), &mut lists);
    match ended {
        // The units not written were given their records: the tables are read again.
        Ended::Slow(from) if !lists.joins.is_empty() => Ended::Again(from),
        Ended::Read if !lists.finish(out.ui) => Ended::Failed,
        e => e,
    }
}

/// [`run`] with the list tables made ready.
fn read(out: &mut Out<'_>, path: &str, wave: usize, size: usize, lists: &mut Lists<'_>) -> Ended {
    let limits = crate::files::facts_limits();
    let Ok(file) = std::fs::File::open(path) else { return Ended::Stream };
    let mut chunks = Chunks::new(file, &limits, CHUNK_BYTES);
    let Ok((rows, first)) = chunks.start() else { return Ended::Stream };
    // Said once the first unit is read, before anything else, as the stream says them.
    for words in &rows.notes() {
        out.ui.say(&crate::run_problems::Note::Read { path, words });
    }
    // The columns the rubric does not declare, found once from the header.
    let mut header = rows.header_unit();
    let all: Vec<usize> = header.places.iter().flatten().filter_map(|p| p.column).collect();
    let _ = rubric::UnknownColumns::default().set_aside(out.rubric, &mut header);
    let kept: Vec<usize> = header.places.iter().flatten().filter_map(|p| p.column).collect();
    let unknown: Vec<usize> = all.into_iter().filter(|c| !kept.contains(c)).collect();
    let columns = if lists.by_column() { Columns::new(out.rubric, rows.names()) } else { None };
    let columns = columns.as_ref();
    let mut pending =
        Pending { chunks: VecDeque::new(), units: 0, written: 0, spare: Vec::new(), header: rows.header_unit() };
    let mut admitted = Admitted::default();
    let mut jobs = vec![Job::Units(first)];
    let mut next = read_wave(&mut chunks, wave.saturating_sub(1));
    loop {
        let Ok(more) = next else { return Ended::Slow(pending.written) };
        jobs.extend(more.into_iter().map(Job::Chunk));
        if jobs.is_empty() {
            pending.batch(out, size);
            return Ended::Read;
        }
        let (rubric, ui, compact) = (out.rubric, out.ui, out.compact);
        let spare = &mut pending.spare;
        let (read, (done, whole)) = rayon::join(
            || read_wave(&mut chunks, wave),
            || {
                let parsed: Vec<Result<Read, Slow>> =
                    jobs.par_iter().map(|j| units(rubric, &rows, j, &unknown, columns)).collect();
                // The chunks up to the first the stream must read, each unit admitted once and
                // given its records, in order.
                let mut ready = Vec::with_capacity(parsed.len());
                let mut whole = Whole::Yes;
                for p in parsed {
                    let us = p.and_then(|us| admitted.admit(&us.hashes()).map(|()| us));
                    let Ok(mut us) = us else {
                        whole = Whole::Slow;
                        break;
                    };
                    whole = join(ui, lists, &mut us);
                    if whole != Whole::Yes {
                        break;
                    }
                    ready.push(us);
                }
                let lists_ref: &Lists<'_> = lists;
                let texts: Vec<Vec<u8>> = ready.iter().map(|_| spare.pop().unwrap_or_default()).collect();
                let done: Vec<Option<Written>> = ready
                    .into_par_iter()
                    .zip(texts)
                    .map(|(us, text)| match (us, columns) {
                        (Read::Facts(us), _) => Some(by_name(rubric, &us, text, compact)),
                        (Read::Columns(rs, slices), Some(c)) => {
                            let typed = lists_ref.typed(rubric, &slices, &rs)?;
                            by_column(rubric, rs, typed, c, (text, compact))
                        }
                        (Read::Columns(..), None) => None,
                    })
                    .collect();
                (done, whole)
            },
        );
        for w in done {
            // A unit bound by column whose lists its binding by name would read otherwise: read
            // again from the first unit not written, every list table whole.
            let Some(w) = w else { return Ended::Again(pending.written) };
            pending.push(out, w, size);
        }
        match whole {
            Whole::Yes => {}
            Whole::Slow => return Ended::Slow(pending.written),
            Whole::Again => return Ended::Again(pending.written),
            Whole::Failed => return Ended::Failed,
        }
        jobs.clear();
        next = read;
    }
}
