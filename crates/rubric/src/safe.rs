//! Making text safe to show: no control characters, ANSI escapes, bidi controls or invisible
//! characters from user input ([`rubric_syntax::is_hidden`], the one set) reach a terminal;
//! overlong lines of a diagnostic are cut to a window around the labels (miette cannot render a
//! label past column 65,535); and no text cell of a table a spreadsheet opens reads as a formula.

use miette::{Diagnostic, LabeledSpan, Severity};
use rubric_syntax::Span;
use std::fmt;

/// Lines longer than this many bytes are shown as a window around their labels.
const LONG_LINE: usize = 400;
/// Bytes shown before a label on a long line.
const BEFORE: usize = 120;
/// Bytes shown from a label onwards on a long line.
const AFTER: usize = 240;

use rubric_syntax::is_hidden;
use std::borrow::Cow;

/// The text with every hidden character ([`is_hidden`]) replaced by a placeholder of the same
/// byte length, so all spans stay valid; only the carriage return of a CRLF stays (a carriage
/// return alone would send the terminal back over the line).
pub fn neutralize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        if crlf || !is_hidden(c) {
            out.push(c);
        } else if c.len_utf8() == 3 {
            out.push('\u{FFFD}');
        } else {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        }
    }
    out
}

/// A source made safe to render, with the spans moved to match it.
pub fn safe_source(text: &str, spans: &mut [Span]) -> String {
    let text = neutralize(text);
    let mut out = String::with_capacity(text.len().min(1 << 16));
    // (old start, old end, new start, window start, window end, prefix length) per line.
    let mut lines: Vec<(usize, usize, usize, usize, usize, usize)> = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        let body_end = start + piece.trim_end_matches(['\n', '\r']).len();
        let new_start = out.len();
        if body_end - start <= LONG_LINE {
            out.push_str(piece);
            lines.push((start, end, new_start, start, end, 0));
        } else {
            let anchor = spans.iter().map(|s| s.start).filter(|&s| s >= start && s < end).min().unwrap_or(start);
            let mut ws = anchor.saturating_sub(BEFORE).max(start);
            let mut we = (anchor + AFTER).min(body_end);
            while ws > start && !text.is_char_boundary(ws) {
                ws -= 1;
            }
            while we < body_end && !text.is_char_boundary(we) {
                we += 1;
            }
            let prefix = if ws > start { "…" } else { "" };
            out.push_str(prefix);
            out.push_str(text.get(ws..we).unwrap_or(""));
            if we < body_end {
                out.push('…');
            }
            out.push_str(text.get(body_end..end).unwrap_or(""));
            lines.push((start, end, new_start, ws, we, prefix.len()));
        }
        start = end;
    }
    let map = |off: usize| -> usize {
        let off = off.min(text.len());
        match lines.iter().find(|l| off >= l.0 && off < l.1).or(lines.last()) {
            Some(&(ls, le, ns, ws, we, pre)) => {
                if ws == ls && we == le {
                    ns + (off - ls)
                } else if off < ws {
                    ns
                } else if off <= we {
                    ns + pre + (off - ws)
                } else {
                    ns + pre + (we - ws)
                }
            }
            None => 0,
        }
    };
    for s in spans.iter_mut() {
        let a = map(s.start);
        let b = map(s.end.max(s.start)).max(a);
        *s = Span::new(a, b.min(out.len()));
    }
    out
}

/// Any diagnostic, with its message, help and labels cleaned of control characters, for
/// rendering errors that carry no source (facts, scoring).
#[derive(Debug)]
pub struct Safe {
    message: String,
    code: Option<String>,
    help: Option<String>,
    severity: Option<Severity>,
    labels: Vec<LabeledSpan>,
    related: Vec<Safe>,
    source: Option<Window>,
}

/// Some lines of a file, shown with their true line numbers.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    first_line: usize,
    /// Where the main label starts in `text`, and its true 0-based column in the file, in
    /// characters (an overlong line is shown cut, so the window's own column is not it).
    primary: Option<(usize, usize)>,
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let c = self.text.read_span(span, before, after)?;
        // The column of the header `[file:line:column]` (a read of the main label alone) is in
        // characters, as everywhere else; miette would count bytes.
        let column = match self.primary {
            Some((at, col)) if before == 0 && after == 0 && span.offset() == at => col,
            _ if before == 0 && after == 0 => char_column(&self.text, span.offset()),
            _ => c.column(),
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line().saturating_add(self.first_line),
            column,
            c.line_count(),
        )))
    }
}

/// The 0-based column, in characters, of a byte offset of a text.
pub fn char_column(text: &str, offset: usize) -> usize {
    rubric_syntax::span::char_column(text, offset)
}

/// Most characters of user input quoted in a message (between backticks).
const QUOTED: usize = 60;

/// Most characters of a message, a label or a help line.
const TEXT: usize = 1_000;

/// A message with the user input it quotes cut to a readable length: a name or a literal of
/// 100,000 characters is shown by its first characters and `…`, and so is the whole text
/// beyond 1,000 characters.
pub fn clip(text: String) -> String {
    if text.len() <= QUOTED {
        return text;
    }
    let mut out = String::with_capacity(text.len().min(TEXT * 4));
    let (mut quoted, mut run, mut shown) = (false, 0usize, 0usize);
    for c in text.chars() {
        if shown >= TEXT {
            out.push('…');
            return out;
        }
        if c == '`' {
            quoted = !quoted;
            run = 0;
        } else if quoted {
            run += 1;
            if run > QUOTED {
                if run == QUOTED + 1 {
                    out.push('…');
                    shown += 1;
                }
                continue;
            }
        }
        out.push(c);
        shown += 1;
    }
    out
}

/// Hidden characters ([`is_hidden`]) shown as escapes (`\u{1b}`), for text from user input
/// inside messages.
pub fn clean_text(s: &str) -> String {
    rubric_syntax::hidden::escape(s).into_owned()
}

/// Whether a spreadsheet (Excel, WPS, LibreOffice) reads a cell that starts so as a formula or a
/// command: `=`, `+`, `-`, `@`, a tab or a carriage return first.
fn formula_lead(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A text cell of a table a spreadsheet will open (CSV): text that would be read as a formula
/// (`=1+2`, `@SUM(A1)`, `=HYPERLINK(…)`, `-1+cmd|…`) gets a leading `'`, so it is shown as the
/// text it is and never run. A cell that is a plain number (`-2`, `+3.5`, `-10%`) is a number, not
/// a formula, and stays as it is; numbers the tool writes (scores) are never passed here. Reading
/// facts from CSV removes the `'` again ([`crate::facts::csv`]).
pub fn spreadsheet_text(s: &str) -> Cow<'_, str> {
    let number = crate::value::parse_decimal(s.strip_suffix(['%', '％']).unwrap_or(s)).is_some();
    if formula_lead(s) && !number { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// A CSV cell as read: `'` before text a spreadsheet would read as a formula is the guard
/// [`spreadsheet_text`] wrote, not part of the value.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_lead(rest) => rest,
        _ => cell,
    }
}

impl Safe {
    /// A cleaned copy of a diagnostic (and of those related to it).
    pub fn new(d: &dyn Diagnostic) -> Self {
        Safe {
            message: clean_text(&clip(d.to_string())),
            code: d.code().map(|c| clean_text(&c.to_string())),
            help: d.help().map(|h| clean_text(&clip(h.to_string()))),
            severity: d.severity(),
            labels: d
                .labels()
                .map(|ls| {
                    ls.map(|l| {
                        LabeledSpan::new(l.label().map(|t| clean_text(&clip(t.to_string()))), l.offset(), l.len())
                    })
                    .collect()
                })
                .unwrap_or_default(),
            related: d.related().map(|r| r.map(Safe::new).collect()).unwrap_or_default(),
            source: None,
        }
    }

    /// Attaches a source (already made safe, with labels moved to match).
    pub fn with_source(self, name: &str, text: String, labels: Vec<LabeledSpan>) -> Self {
        self.with_window(name, text, 0, labels)
    }

    /// Attaches some lines of a source that start at the 0-based line `first_line` (already made
    /// safe, with labels relative to them).
    pub fn with_window(mut self, name: &str, text: String, first_line: usize, labels: Vec<LabeledSpan>) -> Self {
        self.labels = labels;
        self.source = Some(Window { name: clean_text(name), text, first_line, primary: None });
        self
    }

    /// Says that the main label, at `offset` of the window, starts at the 0-based character
    /// column `column` of its line in the file.
    pub fn with_column(mut self, offset: usize, column: usize) -> Self {
        if let Some(w) = &mut self.source {
            w.primary = Some((offset, column));
        }
        self
    }
}

impl fmt::Display for Safe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Safe {}

impl Diagnostic for Safe {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<Severity> {
        self.severity
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() || self.source.is_none() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
