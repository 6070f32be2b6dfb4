//! The units of an .xlsx facts sheet, for `score` and `eval`: a thread of its own reads the
//! sheet row by row (`rubric_xlsx::stream_facts`) and hands its units on in batches while the
//! pool scores the batches before, so memory is the batches in flight, not the sheet. The
//! workbook's notes are known once its last row is read: they are said after the units, in the
//! whole read's words and order. A read that fails hands on the whole batches before its error
//! (not the units read since), then the error is said, as the whole read says it. A workbook
//! that is not streamed (an .ods or .xls, a sheet named after a list, one that cannot be opened
//! as an .xlsx) is left to the whole read: nothing is said or consumed.

use super::{Output, stream_units, whole_only};
use crate::list_join::ListJoin;
use crate::ui::Ui;
use rubric::{FactsError, UnitFacts};
use std::sync::mpsc::{Receiver, sync_channel};

/// `score` of an .xlsx facts sheet streamed, a batch of `chunk` units at a time: whether it was
/// read and scored to its end (everything reported), or `None` when it is not streamed (nothing
/// said: read it whole). A workbook's sheets named after lists are not read by `score`.
pub(super) fn streamed(out: &mut Output<'_>, path: &str, chunk: usize, lists: &mut [ListJoin]) -> Option<bool> {
    let ui = out.ui;
    let (scored, read) =
        xlsx_units(ui, path, chunk.min(4096), &[], |units| whole_only(ui, stream_units(out, units, chunk, lists)))?;
    Some(scored && read && crate::list_join::unclaimed(ui, path, lists))
}

/// What the reading thread hands on.
enum Msg {
    /// The workbook is streamed: units follow.
    Ready,
    /// A batch of units, in the sheet's order.
    Units(Vec<UnitFacts>),
}

/// Reads the .xlsx facts sheet at `path` on a thread of its own, `size` units a batch, and
/// hands the units to `consume` as they come; then says the workbook's notes, or its error.
/// `lists`: the list facts whose sheets the whole read would read (a workbook with one is not
/// streamed). `None` when the file is not streamed (nothing said: read it whole); else what
/// `consume` returned, and whether the sheet was read to its end.
pub(crate) fn xlsx_units<T>(
    ui: &Ui,
    path: &str,
    size: usize,
    lists: &[&str],
    consume: impl FnOnce(&mut dyn Iterator<Item = Result<UnitFacts, FactsError>>) -> T,
) -> Option<(T, bool)> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let limits = rubric_xlsx::WorkbookLimits::from_facts(&crate::files::facts_limits());
    let size = size.max(1);
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Msg>(2);
        let reader = s.spawn(move || {
            let mut batch = Vec::with_capacity(size);
            let open = || std::fs::File::open(path);
            let read = rubric_xlsx::stream_facts(
                open,
                &limits,
                lists,
                || tx.send(Msg::Ready).is_ok(),
                |u| {
                    batch.push(u);
                    batch.len() < size
                        || tx.send(Msg::Units(std::mem::replace(&mut batch, Vec::with_capacity(size)))).is_ok()
                },
            );
            // The units read since the last batch are handed on only when the sheet is read
            // to its end.
            if matches!(read, Ok(Some(_))) && !batch.is_empty() {
                let _ = tx.send(Msg::Units(batch));
            }
            read
        });
        let streamed = matches!(rx.recv(), Ok(Msg::Ready));
        let consumed = streamed.then(|| {
            let mut units = Units { rx: Some(rx), ready: Vec::new().into_iter() };
            consume(&mut units)
        });
        let read = reader.join();
        let consumed = consumed?;
        let ok = match read {
            Ok(Ok(Some(notes))) => {
                for words in &notes {
                    ui.say(&crate::run_problems::Note::Read { path, words });
                }
                true
            }
            // Stopped by `consume`, which has said why.
            Ok(Ok(None)) => true,
            Ok(Err(e)) => {
                ui.error(&e);
                false
            }
            Err(_) => {
                ui.note("internal error: the thread reading the workbook stopped; please report this");
                false
            }
        };
        Some((consumed, ok))
    })
}

/// The units of the batches as they come.
struct Units {
    rx: Option<Receiver<Msg>>,
    ready: std::vec::IntoIter<UnitFacts>,
}

impl Iterator for Units {
    type Item = Result<UnitFacts, FactsError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(u) = self.ready.next() {
                return Some(Ok(u));
            }
            match self.rx.as_ref()?.recv() {
                Ok(Msg::Units(units)) => self.ready = units.into_iter(),
                Ok(Msg::Ready) => {}
                Err(_) => {
                    self.rx = None;
                    return None;
                }
            }
        }
    }
}
