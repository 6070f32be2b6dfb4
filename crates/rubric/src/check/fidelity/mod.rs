//! The fidelity check (issue 20): each rule compared with its own words — a line's label, an
//! item's `text` — as `rubric-text` reads them. Only what the words state unambiguously is
//! compared; words that were not read are never warned about. All findings are warnings.

mod lines;
mod text;

use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::source::{FileId, Sources};
use rubric_syntax::Span;
use rubric_syntax::ast::{self, BinOp, ExprKind, LitValue, StmtKind, Top};
use rubric_text::{Reading, Unit};
use rust_decimal::Decimal;

/// Runs the fidelity check on every rubric and block of the files read.
pub(crate) fn check(files: &[(FileId, ast::File)], sources: &Sources, report: &mut Report) {
    for (file, f) in files {
        let Some(src) = sources.get(*file).map(|s| s.text.clone()) else { continue };
        let mut cx = Cx { file: *file, src: &src, report };
        for item in &f.items {
            if let Top::Rubric(c) | Top::Block(c) = item {
                cx.body(&c.body);
            }
        }
    }
}

/// Where the findings go, and the source they point into.
pub(super) struct Cx<'a> {
    pub(super) file: FileId,
    pub(super) src: &'a str,
    pub(super) report: &'a mut Report,
}

/// A string of the source (a label or a `text`) and its reading.
pub(super) struct Words {
    pub(super) text: String,
    pub(super) reading: Reading,
    /// Where the string's first byte stands in the source, when it is written there as is.
    base: Option<usize>,
    /// The whole string literal.
    whole: Span,
}

impl Words {
    /// The source span of a span of the reading (the whole string when escapes moved it).
    pub(super) fn span(&self, s: rubric_text::Span) -> Span {
        match self.base {
            Some(b) => Span { start: b + s.start, end: b + s.end },
            None => self.whole,
        }
    }

    /// The words of a span of the reading.
    pub(super) fn say(&self, s: rubric_text::Span) -> String {
        s.text(&self.text).to_string()
    }
}

impl Cx<'_> {
    fn body(&mut self, body: &[ast::Stmt]) {
        for s in body {
            if let StmtKind::Node(n) = &s.kind {
                self.node(n);
                self.body(&n.body);
            }
        }
    }

    fn node(&mut self, n: &ast::Node) {
        for s in &n.body {
            match &s.kind {
                StmtKind::Award(a) => self.adjust(&n.id.value, lines::Verb::Award, a),
                StmtKind::Deduct(a) => self.adjust(&n.id.value, lines::Verb::Deduct, a),
                StmtKind::Bonus(a) => self.adjust(&n.id.value, lines::Verb::Bonus, a),
                StmtKind::Zero(c) | StmtKind::Veto(c) => self.cond(&n.id.value, c),
                StmtKind::Band(b) => self.band(&n.id.value, b),
                StmtKind::Text(t) => self.text(n, t),
                _ => {}
            }
        }
    }

    /// Reads a string literal of the source.
    pub(super) fn words(&self, s: &rubric_syntax::Spanned<String>) -> Words {
        let inner = self.src.get(s.span.start + 1..s.span.end.saturating_sub(1));
        let base = (inner == Some(s.value.as_str())).then_some(s.span.start + 1);
        Words { text: s.value.clone(), reading: rubric_text::read(&s.value), base, whole: s.span }
    }

    /// A finding: `code` at the rule's `at`, with a second label on the words.
    pub(super) fn warn(&mut self, code: Code, at: Span, said: (Span, String), args: [Arg; 3]) {
        let [a, b, c] = args;
        let d = Code::at(code, self.file, at).put(a).put(b).put(c).note(
            self.file,
            said.0,
            Phrase::TextSays,
            [Arg::text(format!("“{}”", said.1))],
        );
        self.report.push(d);
    }
}

/// The value of a plain number literal (`Some(false)`: a percent, as a fraction).
pub(super) fn literal(e: &ast::Expr) -> Option<(Decimal, bool)> {
    match &e.kind {
        ExprKind::Lit(l) => match l.value {
            LitValue::Number(d) => Some((d, false)),
            LitValue::Percent(d) => Some((d, true)),
            _ => None,
        },
        ExprKind::Paren(inner) => literal(inner),
        _ => None,
    }
}

/// The value of a bound or literal as the text writes it: 0.65 as a percent is 65.
pub(super) fn as_written((v, percent): (Decimal, bool)) -> Decimal {
    if percent { (v * Decimal::ONE_HUNDRED).normalize() } else { v.normalize() }
}

/// Whether a literal and a number of the text are the same value (`None`: not comparable).
pub(super) fn same(lit: (Decimal, bool), text: Decimal, unit: Unit) -> Option<bool> {
    let percent = unit == Unit::Percent;
    if lit.1 != percent && !(lit.0.is_zero() && text.is_zero()) {
        return None;
    }
    Some(as_written(lit) == text.normalize())
}

/// `X op LIT` (or `LIT op X`, turned round): the comparison of a simple condition.
pub(super) fn comparison(e: &ast::Expr) -> Option<(BinOp, (Decimal, bool), Span)> {
    match &e.kind {
        ExprKind::Paren(inner) => comparison(inner),
        ExprKind::Binary(op, l, r) => {
            let flip = |op: &BinOp| match op {
                BinOp::Lt => Some(BinOp::Gt),
                BinOp::Le => Some(BinOp::Ge),
                BinOp::Gt => Some(BinOp::Lt),
                BinOp::Ge => Some(BinOp::Le),
                _ => None,
            };
            flip(op)?;
            match (literal(l), literal(r)) {
                (None, Some(v)) => Some((*op, v, e.span)),
                (Some(v), None) => Some((flip(op)?, v, e.span)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A decimal as the documents write it.
pub(super) fn show(d: Decimal) -> String {
    d.normalize().to_string()
}
