//! Byte spans into a rule file's source text.

use serde::Serialize;

/// A half-open byte range `start..end` into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        miette::SourceSpan::new(s.start.into(), s.len())
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(s: pest::Span<'_>) -> Self {
        Span::new(s.start(), s.end())
    }
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the source.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The 0-based column, in characters, of a byte offset of a text: columns count characters
/// everywhere (`一` is one column, as an editor shows it), never bytes.
pub fn char_column(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = text.get(..at).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before.get(line_start..).map_or(0, |l| l.chars().count())
}

/// A named source text to render syntax errors with miette, the column of the header
/// `[name:line:column]` in characters (miette's own sources count bytes).
///
/// ```
/// let text = "rubric \"考评\" { item 一 \"行\" max 1 { award 1 when 完成 > } }";
/// let err = rubric_syntax::parse(text).errors.remove(0);
/// let report = miette::Report::new(err).with_source_code(rubric_syntax::span::NamedText::new("a.rubric", text));
/// let mut out = String::new();
/// miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
///     .render_report(&mut out, report.as_ref())
///     .unwrap();
/// assert!(out.contains("[a.rubric:1:50]"), "{out}");
/// ```
#[derive(Debug, Clone)]
pub struct NamedText {
    name: String,
    text: String,
}

impl NamedText {
    /// A source text and its name.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        // A carriage return alone would send a terminal back over the line it shows: it is
        // shown as `?` (one byte, so every span stays where it was).
        let text: String = text.into();
        let bytes = text.as_bytes();
        let lone = |i: usize| bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) != Some(&b'\n');
        let text = if (0..bytes.len()).any(lone) {
            text.char_indices().map(|(i, c)| if lone(i) { '?' } else { c }).collect()
        } else {
            text
        };
        NamedText { name: name.into(), text }
    }
}

impl miette::SourceCode for NamedText {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let c = self.text.read_span(span, before, after)?;
        // A read of one span alone is the header's: its column in characters.
        let column = if before == 0 && after == 0 { char_column(&self.text, span.offset()) } else { c.column() };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line(),
            column,
            c.line_count(),
        )))
    }
}
