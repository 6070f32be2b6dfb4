//! Diagnostics as data: every problem found in a rule file, with a stable code, a span and help.

pub mod codes;

pub use codes::{Code, Lang};

use crate::source::{FileId, Sources};
use codes::Texts;
use miette::{LabeledSpan, Severity as MSeverity};
use rubric_syntax::Span;
use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rubric cannot be used.
    Error,
    /// The rubric can be used, but something looks wrong.
    Warning,
}

/// A labelled span in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The file.
    pub file: FileId,
    /// The span in it.
    pub span: Span,
    /// What the label says.
    pub text: String,
}

/// One problem with a rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The fault; serialised as its stable code such as `rubric::unknown-name`.
    pub code: Code,
    /// What is wrong, in one line.
    pub message: String,
    /// The main label; further labels follow in `related`.
    pub label: Label,
    /// Further labels (e.g. the other side of a type mismatch).
    pub related: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// The same words in Chinese, when the diagnostic was made from the table of codes.
    #[serde(skip)]
    pub(crate) zh: Option<Box<Texts>>,
}

impl Diagnostic {
    /// The same diagnostic in `lang`: message, labels and help in that language. A syntax
    /// error's words come from `rubric-syntax` and stay English.
    pub fn in_lang(&self, lang: Lang) -> Diagnostic {
        let mut d = self.clone();
        if let (Lang::Zh, Some(zh)) = (lang, &self.zh) {
            d.message.clone_from(&zh.message);
            d.label.text.clone_from(&zh.label);
            for (l, t) in d.related.iter_mut().zip(&zh.related) {
                l.text.clone_from(t);
            }
            d.help.clone_from(&zh.help);
        }
        d
    }

    /// The same diagnostic said of some cases only of the maxima that depend on the unit
    /// (`check/cases`): its message names the units it is about.
    pub(crate) fn in_case(mut self, en: &str, zh: &str) -> Self {
        self.message = crate::safe::clip(format!("{} (for units where {en})", self.message));
        if let Some(t) = self.zh.as_mut() {
            t.message = crate::safe::clip(format!("{}（适用于{zh}的单位）", t.message));
        }
        self
    }

    /// Converts a syntax error of file `file`.
    pub fn from_syntax(e: &rubric_syntax::SyntaxError, file: FileId) -> Self {
        use miette::Diagnostic as _;
        use rubric_syntax::SyntaxError as S;
        let code = match e {
            S::Unexpected(_) => Code::Syntax,
            S::BadNumber(_) => Code::Number,
            S::BadDate(_) | S::DateYear(_) => Code::Date,
            S::BadEscape(_) => Code::Escape,
            S::Budget(_) => Code::SourceBudget,
            S::Hidden(_) => Code::ControlChar,
            S::Internal(_) => Code::Internal,
        };
        let mut labels = e.labels().into_iter().flatten();
        let (span, text) = match labels.next() {
            Some(l) => (Span::new(l.offset(), l.offset() + l.len()), l.label().unwrap_or_default().to_string()),
            None => (Span::new(e.span().offset(), e.span().offset() + e.span().len()), String::new()),
        };
        Diagnostic {
            severity: code.severity(),
            code,
            message: crate::safe::clip(e.to_string()),
            label: Label { file, span, text: crate::safe::clip(text) },
            related: Vec::new(),
            help: e.help().map(|h| crate::safe::clip(h.to_string())),
            zh: None,
        }
    }

    /// A self-contained report with the source attached, for rendering with miette. The source
    /// is made safe first: control, ANSI and bidi characters never reach the terminal, and
    /// overlong lines are cut to a window around the labels.
    pub fn to_report(&self, sources: &Sources) -> miette::Report {
        let source = sources.get(self.label.file);
        let name = source.map(|f| f.name.clone()).unwrap_or_else(|| "<unknown>".into());
        let mut shown = self.clone();
        shown.related.retain(|l| l.file == self.label.file);
        let mut spans: Vec<Span> =
            std::iter::once(shown.label.span).chain(shown.related.iter().map(|l| l.span)).collect();
        // A label underlines at most a few lines from where it starts: a whole broken block
        // of a damaged file is not copied into its report.
        if let Some(f) = source {
            let starts = f.line_starts();
            for s in &mut spans {
                let last = starts.get(f.line_of(s.start) + LABEL_LINES).copied().unwrap_or(f.text.len());
                *s = Span::new(s.start, s.end.min(last.saturating_sub(1)).max(s.start));
            }
        }
        // Only the lines around the labels are copied and shown, so reporting many problems in
        // a large file costs each report its own few lines, not the whole file.
        // The main label's true column, in characters of its line.
        let column = source.map_or(0, |f| crate::safe::char_column(&f.text, self.label.span.start));
        let (window, first_line) = match source {
            Some(f) => {
                let len = f.text.len();
                let lo = spans.iter().map(|s| s.start).min().unwrap_or(0).min(len);
                let hi = spans.iter().map(|s| s.end).max().unwrap_or(0).clamp(lo, len);
                let starts = f.line_starts();
                let first = f.line_of(lo).saturating_sub(CONTEXT);
                let last = f.line_of(hi).saturating_add(CONTEXT + 1);
                let from = starts.get(first).copied().unwrap_or(0);
                let to = starts.get(last).copied().unwrap_or(len);
                for s in &mut spans {
                    let start = s.start.clamp(from, to) - from;
                    *s = Span::new(start, s.end.clamp(from, to).saturating_sub(from).max(start));
                }
                (f.text.get(from..to).unwrap_or("").to_string(), first)
            }
            None => (String::new(), 0),
        };
        let safe = crate::safe::safe_source(&window, &mut spans);
        let mut it = spans.into_iter();
        if let Some(s) = it.next() {
            shown.label.span = s;
        }
        for (l, s) in shown.related.iter_mut().zip(it) {
            l.span = s;
        }
        let labels: Vec<LabeledSpan> = miette::Diagnostic::labels(&shown).map(|l| l.collect()).unwrap_or_default();
        let safe_diag = crate::safe::Safe::new(&shown)
            .with_window(&name, safe, first_line, labels)
            .with_column(shown.label.span.start, column);
        miette::Report::new(safe_diag)
    }
}

/// Lines of context kept around a diagnostic's labels.
const CONTEXT: usize = 3;

/// Lines a label may underline.
const LABEL_LINES: usize = 20;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<MSeverity> {
        Some(match self.severity {
            Severity::Error => MSeverity::Error,
            Severity::Warning => MSeverity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let main = std::iter::once(&self.label).chain(self.related.iter());
        Some(Box::new(main.enumerate().map(|(i, l)| {
            let text = (!l.text.is_empty()).then(|| l.text.clone());
            if i == 0 {
                LabeledSpan::new_primary_with_span(text, l.span)
            } else {
                LabeledSpan::new_with_span(text, l.span)
            }
        })))
    }
}

/// All diagnostics of a load, errors and warnings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Every diagnostic, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning)
    }

    pub(crate) fn push(&mut self, d: impl Into<Diagnostic>) {
        self.diagnostics.push(d.into());
    }
}

/// The declared name closest to `name`, if close enough to suggest ("did you mean …?"); among
/// equally close names the first in sort order, so the suggestion never depends on the order
/// the candidates come in (some are the keys of a hash map). Every did-you-mean uses it.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>, threshold: f64) -> Option<&'a str> {
    candidates
        .map(|k| (strsim::normalized_levenshtein(name, k), k))
        .filter(|(s, _)| *s >= threshold)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}
