//! The units of a JSON-lines facts file, for `score`, `eval` and the passes over a file: a
//! thread of its own only splits the lines (`rubric::facts::json_lines_cut`), the pool reads
//! them, and the units are admitted in order; the first error, in the order of the lines, ends
//! the units, as `rubric::facts::json_lines` ends them.

use crate::ui::Ui;
use rayon::prelude::*;
use rubric::facts::FactsLimits;
use rubric::facts::json_lines_cut::{self, LineAdmit, LineBatch};
use rubric::{FactsError, UnitFacts};
use std::sync::mpsc::{Receiver, sync_channel};

/// Reads a JSON-lines facts file on a thread of its own, `size` lines at a time, and hands the
/// units (then the first error, if any) to `consume` as they come: memory is the batches in
/// flight, not the file. False (reported) when the file cannot be opened.
pub(crate) fn jsonl_units(
    ui: &Ui,
    path: &str,
    size: usize,
    consume: impl FnOnce(&mut dyn Iterator<Item = Result<UnitFacts, FactsError>>) -> bool,
) -> bool {
    let Some((file, limits)) = super::opened(ui, path) else { return false };
    let size = size.max(1);
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Result<LineBatch, FactsError>>(2);
        s.spawn(move || {
            let end =
                json_lines_cut::split(std::io::BufReader::new(file), &limits, size, |lines| tx.send(Ok(lines)).is_ok());
            if let Some(e) = end {
                let _ = tx.send(Err(e));
            }
        });
        let mut units =
            Units { limits, rx: Some(rx), admit: LineAdmit::default(), ready: Vec::new().into_iter(), end: None };
        consume(&mut units)
    })
}

/// The units of the lines as they come, read on the pool.
struct Units {
    limits: FactsLimits,
    rx: Option<Receiver<Result<LineBatch, FactsError>>>,
    admit: LineAdmit,
    ready: std::vec::IntoIter<UnitFacts>,
    /// The first error, said after the units before it.
    end: Option<FactsError>,
}

impl Iterator for Units {
    type Item = Result<UnitFacts, FactsError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(u) = self.ready.next() {
                return Some(Ok(u));
            }
            if let Some(e) = self.end.take() {
                return Some(Err(e));
            }
            match self.rx.as_ref()?.recv() {
                Ok(Ok(lines)) => self.read(&lines),
                Ok(Err(e)) => {
                    self.rx = None;
                    return Some(Err(e));
                }
                Err(_) => {
                    self.rx = None;
                    return None;
                }
            }
        }
    }
}

impl Units {
    /// A batch's lines read on the pool, their units admitted in order up to the first error
    /// (after which nothing more is read).
    fn read(&mut self, lines: &LineBatch) {
        let limits = self.limits;
        let read: Vec<Option<Result<UnitFacts, FactsError>>> =
            (0..lines.len()).into_par_iter().map(|i| lines.read(i, &limits)).collect();
        let mut ready = Vec::with_capacity(read.len());
        for (i, u) in read.into_iter().enumerate() {
            match u.map(|u| u.and_then(|u| self.admit.admit(u, lines.line(i)))) {
                None => {}
                Some(Ok(u)) => ready.push(u),
                Some(Err(e)) => {
                    // The reading thread stops at its next batch.
                    self.rx = None;
                    self.end = Some(e);
                    break;
                }
            }
        }
        self.ready = ready.into_iter();
    }
}
