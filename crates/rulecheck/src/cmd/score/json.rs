//! The units of a JSON facts file, for `score`, `eval` and the passes over a file: a thread of
//! its own cuts the file into its units' bytes (`rubric::facts::json_cut`), the pool parses
//! them, and they are admitted in order; from the first unit the cut cannot promise to read as
//! the stream does (an error, an unusual shape), the stream (`json_stream`) reads the file
//! again, the units before it skipped, for its own units and error. A pipe is read by the
//! stream alone.

use crate::ui::Ui;
use rayon::prelude::*;
use rubric::facts::FactsLimits;
use rubric::facts::json_cut::{self, Admit, Cut, RawUnits};
use rubric::{FactsError, UnitFacts};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread::Scope;

/// Units cut at a time: enough to share among the threads, few enough that the bytes in flight
/// (some 3 KB a unit of the seed-000 rubric) stay small beside the units parsed.
const RAW: usize = 512;

/// Batches of units read by the stream, then its error, if any.
type Batches = Receiver<Result<Vec<UnitFacts>, FactsError>>;

/// Reads a JSON facts file unit by unit on a thread of its own, `size` units at a time, and
/// hands the units (then the file's error, if any) to `consume` as they come: memory is the
/// batches in flight, not the file. False (reported) when the file cannot be opened.
pub(crate) fn json_units(
    ui: &Ui,
    path: &str,
    size: usize,
    consume: impl FnOnce(&mut dyn Iterator<Item = Result<UnitFacts, FactsError>>) -> bool,
) -> bool {
    let Some((file, limits)) = super::opened(ui, path) else { return false };
    let size = size.max(1);
    let regular = file.metadata().is_ok_and(|m| m.is_file());
    std::thread::scope(|s| {
        let mut units = Units {
            scope: s,
            ui,
            path,
            limits,
            size,
            raw: None,
            ready: Vec::new().into_iter(),
            admit: Admit::default(),
            slow: None,
            failed: false,
        };
        if regular {
            let (tx, rx) = sync_channel::<Option<RawUnits>>(2);
            s.spawn(move || {
                let cut = json_cut::cut(file, &limits, size.min(RAW), |raw| tx.send(Some(raw)).is_ok());
                if cut == Cut::Other {
                    let _ = tx.send(None);
                }
            });
            units.raw = Some(rx);
        } else {
            units.slow = Some(serial(s, file, path, limits, size, 0));
        }
        let ok = consume(&mut units);
        let failed = units.failed;
        drop(units);
        ok && !failed
    })
}

/// The units of a JSON file as they come: cut and parsed on the pool, then (from the first
/// unit the cut cannot promise) read by the stream.
struct Units<'s, 'e> {
    scope: &'s Scope<'s, 'e>,
    ui: &'e Ui,
    path: &'e str,
    limits: FactsLimits,
    size: usize,
    /// The units' bytes from the cutting thread; `None` when it stopped at something to read
    /// by the stream.
    raw: Option<Receiver<Option<RawUnits>>>,
    ready: std::vec::IntoIter<UnitFacts>,
    admit: Admit,
    slow: Option<Batches>,
    /// The file could not be opened again for the stream (reported).
    failed: bool,
}

impl Iterator for Units<'_, '_> {
    type Item = Result<UnitFacts, FactsError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(u) = self.ready.next() {
                return Some(Ok(u));
            }
            if let Some(rx) = &self.slow {
                match rx.recv() {
                    Ok(Ok(units)) => self.ready = units.into_iter(),
                    Ok(Err(e)) => {
                        self.slow = None;
                        return Some(Err(e));
                    }
                    Err(_) => {
                        self.slow = None;
                        return None;
                    }
                }
                continue;
            }
            match self.raw.as_ref()?.recv() {
                Ok(Some(raw)) => self.parse(&raw),
                Ok(None) => self.again(),
                Err(_) => {
                    self.raw = None;
                    return None;
                }
            }
        }
    }
}

impl Units<'_, '_> {
    /// A batch's units parsed on the pool and admitted in order, up to the first the stream
    /// must read.
    fn parse(&mut self, raw: &RawUnits) {
        let limits = self.limits;
        let parsed: Vec<Option<UnitFacts>> = (0..raw.len()).into_par_iter().map(|i| raw.parse(i, &limits)).collect();
        let mut ready = Vec::with_capacity(parsed.len());
        let mut whole = true;
        for u in parsed {
            match u {
                Some(u) if self.admit.admit(&u) => ready.push(u),
                _ => {
                    whole = false;
                    break;
                }
            }
        }
        self.ready = ready.into_iter();
        if !whole {
            self.again();
        }
    }

    /// The rest of the file read by the stream, from the first unit not admitted.
    fn again(&mut self) {
        // The cutting thread stops at its next batch.
        self.raw = None;
        match super::opened(self.ui, self.path) {
            Some((f, _)) => {
                self.slow = Some(serial(self.scope, f, self.path, self.limits, self.size, self.admit.count()));
            }
            None => self.failed = true,
        }
    }
}

/// Reads a JSON facts file by the stream on a thread of its own, `size` units at a time, the
/// first `skip` units read and not handed on; then the file's error, if any.
fn serial<'s, 'e>(
    s: &'s Scope<'s, 'e>,
    file: std::fs::File,
    path: &'e str,
    limits: FactsLimits,
    size: usize,
    skip: usize,
) -> Batches {
    let (tx, rx) = sync_channel::<Result<Vec<UnitFacts>, FactsError>>(2);
    s.spawn(move || {
        let mut batch = Vec::with_capacity(size);
        let mut index = 0usize;
        let read = rubric::facts::json_stream::read(file, &limits, |u| {
            index += 1;
            if index <= skip {
                return true;
            }
            batch.push(u);
            batch.len() < size || tx.send(Ok(std::mem::take(&mut batch))).is_ok()
        });
        let _ = tx.send(Ok(batch));
        if let Err(e) = read {
            let _ = tx.send(Err(whole_json_error(path, &limits, e)));
        }
    });
    rx
}

/// The error of a JSON file read as a stream, as the whole file gives it when it is within the
/// budget: serde_json's reader of bytes may count one column more than its reader of text.
fn whole_json_error(path: &str, limits: &FactsLimits, e: FactsError) -> FactsError {
    if !matches!(e, FactsError::Json(_)) || std::fs::metadata(path).map_or(true, |m| m.len() > limits.max_bytes as u64)
    {
        return e;
    }
    let whole = std::fs::read(path)
        .ok()
        .and_then(|b| rubric::facts::decode_utf8(&b).and_then(|t| rubric::facts::from_json_with(t, limits)).err());
    whole.unwrap_or(e)
}
