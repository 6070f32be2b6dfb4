//! `rulecheck score` of a CSV table in chunks: the main thread cuts the file into chunks of
//! whole rows while the pool reads, scores and writes the lines of the chunks before them, in
//! input order. Anything the chunks cannot promise to read as the stream reads it ([`Slow`])
//! hands the rest of the table, from the first unit not written, to the stream.

use super::Output;
use super::cut::{Joined, Lists, Slices};
use crate::list_join::ListJoin;
use rayon::prelude::*;
use rubric::UnitFacts;
use rubric::columns::{ColumnRow, Columns};
use rubric::facts::csv_chunks::{Admitted, Chunk, Chunks, Rows, Slow, hash_of, name_hash};
use rubric::facts::{FactsLimits, Raw};

/// Bytes in a chunk: several hundred rows of a wide table (a unit read is some 20 times its
/// bytes in memory, and `2 × threads` chunks are read at once, twice that in flight).
const CHUNK_BYTES: usize = 1 << 18;

/// How the chunks ended.
pub(super) enum Ended {
    /// Every unit was read and written; the notes of the header to show.
    Read(Vec<rubric::errors::Words>),
    /// The stream must read the table from the unit at this index on (those before it are
    /// written).
    Slow(usize),
    /// A list table in step has its rows for the unit at this index elsewhere: the tables are
    /// to be read whole, and the units from the first read again (those before it are written).
    Again(usize),
    /// A list table could not be read (reported).
    Failed,
}

/// What the pool reads: the first chunk's units (read with the header), or a chunk.
pub(crate) enum Job {
    Units(Vec<UnitFacts>),
    Chunk(Chunk),
}

/// A chunk's units as read: bound by column (each with its lists' values once joined), or as
/// facts by name where binding by column could not promise today's reading.
pub(crate) enum Read {
    Facts(Vec<UnitFacts>),
    Columns(Vec<(ColumnRow, Vec<(String, Raw)>)>, Slices),
}

impl Read {
    /// The units' name hashes, to admit each unit once.
    pub(crate) fn hashes(&self) -> Vec<u64> {
        match self {
            Read::Facts(us) => us.iter().map(name_hash).collect(),
            Read::Columns(rs, _) => rs.iter().map(|(r, _)| hash_of(&r.unit, None)).collect(),
        }
    }
}

/// Reads, scores and writes the table at `path` in chunks, `wave` chunks at a time, each unit
/// given its records from the list tables (`lists`) as the stream gives them.
pub(super) fn run(
    out: &mut Output<'_>,
    path: &str,
    limits: &FactsLimits,
    wave: usize,
    lists: &mut Vec<ListJoin>,
) -> Ended {
    let mut lists = Lists::new(out.rubric, lists);
    let ended = read(out, path, limits, wave, &mut lists);
    match ended {
        // Once a table is cut, the stream cannot go on from where the chunks stopped.
        Ended::Slow(from) if lists.any_cut() => Ended::Again(from),
        Ended::Read(_) if !lists.finish(out.ui) => Ended::Failed,
        e => e,
    }
}

/// [`run`] with the list tables made ready. Waves overlap: while the pool scores the units of
/// one wave and writes their lines, this thread reads the next wave's chunks and the pool reads
/// their units; each unit is then admitted and given its records in order, once the wave before
/// is written (so that every message comes in the stream's order).
fn read(out: &mut Output<'_>, path: &str, limits: &FactsLimits, wave: usize, lists: &mut Lists<'_>) -> Ended {
    let Ok(file) = std::fs::File::open(path) else { return Ended::Slow(0) };
    let mut chunks = Chunks::new(file, limits, CHUNK_BYTES);
    let Ok((rows, first)) = chunks.start() else { return Ended::Slow(0) };
    // The columns the rubric does not declare, found once from the header.
    let mut header = rows.header_unit();
    let all: Vec<usize> = header.places.iter().flatten().filter_map(|p| p.column).collect();
    let _ = rubric::UnknownColumns::default().set_aside(out.rubric, &mut header);
    let kept: Vec<usize> = header.places.iter().flatten().filter_map(|p| p.column).collect();
    let unknown: Vec<usize> = all.into_iter().filter(|c| !kept.contains(c)).collect();
    // The header bound to the rubric's facts once, to read the cells by column (not with grades,
    // which are given from the facts by name).
    let by_column = !out.extras.grade && lists.by_column();
    let columns = if by_column { Columns::new(out.rubric, rows.names()) } else { None };
    let columns = columns.as_ref();
    let rubric = out.rubric;
    let parse = |jobs: &[Job]| -> Vec<Result<Read, Slow>> {
        jobs.par_iter().map(|j| units(rubric, &rows, j, &unknown, columns)).collect()
    };
    let Ok(more) = read_wave(&mut chunks, wave.saturating_sub(1)) else { return Ended::Slow(0) };
    let mut jobs = vec![Job::Units(first)];
    jobs.extend(more.into_iter().map(Job::Chunk));
    let parsed = parse(&jobs);
    let mut admitted = Admitted::default();
    let (mut ready, mut whole) = admit(out.ui, &mut admitted, lists, parsed);
    let mut written = 0usize;
    loop {
        let shared: &Output<'_> = out;
        let lists_ref: &Lists<'_> = lists;
        let ((next, parsed), done) = rayon::join(
            || match whole {
                Whole::Yes => match read_wave(&mut chunks, wave) {
                    Ok(next) => {
                        let jobs: Vec<Job> = next.into_iter().map(Job::Chunk).collect();
                        (Ok(jobs.len()), parse(&jobs))
                    }
                    Err(e) => (Err(e), Vec::new()),
                },
                _ => (Ok(0), Vec::new()),
            },
            || lines(shared, lists_ref, columns, ready),
        );
        for lines in done {
            // A unit bound by column whose lists its binding by name would read otherwise: read
            // again from it, every list table whole (those before it joined, not scored).
            let Some(lines) = lines else { return Ended::Again(written) };
            if written == 0 && lines.units > 0 {
                // Reported as the stream reports them: once, when the first unit is read.
                let mut header = rows.header_unit();
                crate::files::set_aside_unknown(
                    out.ui,
                    out.rubric,
                    &mut out.unknown,
                    std::slice::from_mut(&mut header),
                );
            }
            written += lines.units;
            out.write(lines);
        }
        match whole {
            Whole::Yes => {}
            Whole::Slow => return Ended::Slow(written),
            Whole::Again => return Ended::Again(written),
            Whole::Failed => return Ended::Failed,
        }
        match next {
            Err(Slow) => return Ended::Slow(written),
            Ok(0) => return Ended::Read(rows.notes()),
            Ok(_) => (ready, whole) = admit(out.ui, &mut admitted, lists, parsed),
        }
    }
}

/// The chunks of a wave up to the first the stream must read, each unit admitted once and given
/// its records, in order; and how the wave ended.
fn admit(
    ui: &crate::ui::Ui,
    admitted: &mut Admitted,
    lists: &mut Lists<'_>,
    parsed: Vec<Result<Read, Slow>>,
) -> (Vec<Read>, Whole) {
    let mut ready = Vec::with_capacity(parsed.len());
    for p in parsed {
        let us = p.and_then(|us| admitted.admit(&us.hashes()).map(|()| us));
        let Ok(mut us) = us else { return (ready, Whole::Slow) };
        let whole = join(ui, lists, &mut us);
        if whole != Whole::Yes {
            return (ready, whole);
        }
        ready.push(us);
    }
    (ready, Whole::Yes)
}

/// The lines of the chunks ready, scored on the pool, in order; none for a chunk with a unit
/// bound by column whose lists its binding by name would read otherwise.
fn lines(
    out: &Output<'_>,
    lists: &Lists<'_>,
    columns: Option<&Columns>,
    ready: Vec<Read>,
) -> Vec<Option<super::Lines>> {
    ready
        .into_par_iter()
        .map(|us| match (us, columns) {
            (Read::Facts(us), _) => Some(out.lines(&us)),
            (Read::Columns(rs, slices), Some(c)) => {
                let typed = lists.typed(out.rubric, &slices, &rs)?;
                out.lines_bound(rs, typed, c)
            }
            (Read::Columns(..), None) => None,
        })
        .collect()
}

/// How a wave's chunks were joined to the list tables.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Whole {
    /// Every chunk read and joined.
    Yes,
    /// A chunk the stream must read.
    Slow,
    /// A chunk with a unit whose rows a list table in step has elsewhere.
    Again,
    /// A list table could not be read (reported).
    Failed,
}

/// Gives each unit of a chunk its records from the list tables.
pub(crate) fn join(ui: &crate::ui::Ui, lists: &mut Lists<'_>, units: &mut Read) -> Whole {
    let joined = match units {
        Read::Facts(us) => lists.join_facts(ui, us),
        Read::Columns(rs, slices) => match lists.join_columns(ui, rs) {
            Ok(s) => {
                *slices = s;
                Joined::Yes
            }
            Err(j) => j,
        },
    };
    match joined {
        Joined::Yes => Whole::Yes,
        Joined::Again => Whole::Again,
        Joined::Failed => Whole::Failed,
    }
}

/// Up to `n` chunks; none at the end of the table.
pub(crate) fn read_wave<R: std::io::Read>(chunks: &mut Chunks<R>, n: usize) -> Result<Vec<Chunk>, Slow> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        match chunks.next_chunk()? {
            Some(c) => out.push(c),
            None => break,
        }
    }
    Ok(out)
}

/// A chunk's units read (on the pool): bound by column when it can be, else as facts, the
/// columns the rubric does not declare set aside.
pub(crate) fn units(
    rubric: &rubric::Rubric,
    rows: &Rows,
    job: &Job,
    unknown: &[usize],
    columns: Option<&Columns>,
) -> Result<Read, Slow> {
    let mut units = match job {
        Job::Units(units) => units.clone(),
        Job::Chunk(c) => {
            if let Some(read) = columns.and_then(|cols| cols.read(rubric, rows, c).ok()) {
                return Ok(Read::Columns(read.into_iter().map(|r| (r, Vec::new())).collect(), Vec::new()));
            }
            rows.units(c)?
        }
    };
    if !unknown.is_empty() {
        for u in &mut units {
            set_aside(u, unknown);
        }
    }
    Ok(Read::Facts(units))
}

/// Removes the values of the columns `unknown` from a unit read from a table.
fn set_aside(u: &mut UnitFacts, unknown: &[usize]) {
    let drop =
        |p: &Option<rubric::facts::Place>| p.as_ref().and_then(|p| p.column).is_some_and(|c| unknown.contains(&c));
    let keep: Vec<bool> = u.places.iter().map(|p| !drop(p)).collect();
    let mut k = keep.iter();
    u.values.retain(|_| k.next().copied().unwrap_or(true));
    u.places.retain(|p| !drop(p));
}
