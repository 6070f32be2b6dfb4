//! The stored text of a sheet's number cells, read in step with calamine's cells: a second reader
//! of the sheet's XML meets the cells (`<c>` elements with content) in the order calamine's cell
//! reader hands them out, one for one, and gives each number cell's `<v>` text, so a sheet read
//! as a stream keeps no map of every number (the whole read's [`crate::scan::Scan::numbers`]).
//! A cell is placed as the scan places it (its `r`, or the column after the one before), so a
//! cell's text is the one the scan would have kept for it.

use crate::scan::{attr, cell_ref};
use crate::words::unreadable;
use quick_xml::events::{BytesStart, Event};
use rubric::errors::Words;
use std::io::{BufReader, Read};

/// A cell met: its place (0-based row, column) and, for a number cell (no type, or type `n`),
/// the text of its value.
pub(crate) type Met = ((u32, u32), Option<String>);

/// A reader of a sheet's XML, cell by cell.
pub(crate) struct Stored<R: Read> {
    reader: quick_xml::Reader<BufReader<R>>,
    buf: Vec<u8>,
    /// The part's path in the zip, for its errors.
    path: String,
    row: u32,
    next: u32,
}

impl<R: Read> Stored<R> {
    /// A reader of the sheet's XML `part` (at `path` in the zip).
    pub(crate) fn new(part: R, path: &str) -> Self {
        Stored {
            reader: quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, part)),
            buf: Vec::new(),
            path: path.to_string(),
            row: 0,
            next: 0,
        }
    }

    /// The next cell with content, as calamine's cell reader meets them; `None` at the end.
    pub(crate) fn next_cell(&mut self) -> Result<Option<Met>, Words> {
        loop {
            self.buf.clear();
            let event = self.reader.read_event_into(&mut self.buf).map_err(|e| unreadable::bad_xml(&self.path, &e))?;
            match event {
                Event::Eof => return Ok(None),
                Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "row" => {
                    if let Some(r) = attr(&e, "r").and_then(|r| r.parse::<u32>().ok()) {
                        self.row = r.saturating_sub(1);
                    }
                    self.next = 0;
                }
                Event::Empty(e) if e.local_name().into_inner() == "c" => {
                    place(&mut self.row, &mut self.next, &e);
                }
                Event::Start(e) if e.local_name().into_inner() == "c" => {
                    let at = place(&mut self.row, &mut self.next, &e);
                    let number = attr(&e, "t").is_none_or(|t| t == "n");
                    let text = self.content(number)?;
                    return Ok(Some((at, text)));
                }
                _ => {}
            }
        }
    }

    /// The rest of a cell, to its end: its `<v>` text when it is a number cell.
    fn content(&mut self, number: bool) -> Result<Option<String>, Words> {
        let mut text: Option<String> = None;
        let mut in_value = false;
        let mut value = String::new();
        loop {
            self.buf.clear();
            let event = self.reader.read_event_into(&mut self.buf).map_err(|e| unreadable::bad_xml(&self.path, &e))?;
            match event {
                Event::Eof => return Ok(text),
                Event::Start(e) if e.local_name().into_inner() == "v" => {
                    in_value = number;
                    value.clear();
                }
                Event::Empty(e) if e.local_name().into_inner() == "v" => in_value = false,
                Event::Text(t) if in_value => value.push_str(&t),
                Event::End(e) if e.local_name().into_inner() == "v" => {
                    if in_value {
                        text = Some(value.trim().to_string());
                    }
                    in_value = false;
                }
                Event::End(e) if e.local_name().into_inner() == "c" => return Ok(text),
                _ => {}
            }
        }
    }
}

/// Where a `<c>` element is, as the scan places it: the row and the next column move on.
fn place(row: &mut u32, next: &mut u32, e: &BytesStart<'_>) -> (u32, u32) {
    let col = match attr(e, "r").and_then(|r| cell_ref(&r)) {
        Some((r, c)) => {
            *row = r;
            c
        }
        None => *next,
    };
    *next = col.saturating_add(1);
    (*row, col)
}
