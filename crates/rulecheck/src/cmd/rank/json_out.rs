//! `rank --format json` written as it is serialized: the pretty text goes to stdout in pieces of
//! some 64 KiB, each escaped as [`Ui::json`] escapes the whole text (hidden characters as
//! `\uXXXX`, one character at a time, so that pieces cut between characters escape the same), so
//! the document's text is never held whole. The same bytes as [`Ui::json`] writes.

use crate::ui::Ui;
use std::io::Write;

/// How many bytes are gathered before a piece is written.
const PIECE: usize = 1 << 16;

/// Writes `doc` pretty-printed with its final newline; false (and said) when it cannot be
/// serialized, as [`Ui::json`] says it (what was written before stays written).
pub(crate) fn json(ui: &Ui, doc: &impl serde::Serialize) -> bool {
    let mut out = Pieces { ui, buf: Vec::with_capacity(PIECE * 2) };
    if let Err(e) = serde_json::to_writer_pretty(&mut out, doc) {
        ui.run_problem(crate::run_problems::Run::Json { why: e.to_string() });
        return false;
    }
    out.buf.push(b'\n');
    out.write_piece(out.buf.len());
    true
}

/// The text gathered and not yet written.
struct Pieces<'a> {
    ui: &'a Ui,
    buf: Vec<u8>,
}

impl Pieces<'_> {
    /// Writes the first `upto` bytes (or fewer: up to the last whole character, never right
    /// after a `\r`, whose escape depends on the character after it) and keeps the rest.
    fn write_piece(&mut self, upto: usize) {
        let head = self.buf.get(..upto).unwrap_or(&self.buf);
        let mut cut = match std::str::from_utf8(head) {
            Ok(_) => head.len(),
            Err(e) => e.valid_up_to(),
        };
        if cut < self.buf.len() && cut > 0 && self.buf.get(cut - 1) == Some(&b'\r') {
            cut -= 1;
        }
        let text = std::str::from_utf8(self.buf.get(..cut).unwrap_or_default()).unwrap_or_default();
        self.ui.out_json_escaped(rubric_syntax::hidden::escape_json(text).as_bytes());
        self.buf.drain(..cut);
    }
}

impl Write for Pieces<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= PIECE {
            self.write_piece(self.buf.len());
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
