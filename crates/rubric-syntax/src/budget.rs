//! Budgets checked before parsing, without recursion: file size, lines, line length, bracket
//! depth and the length of one expression. They keep every later stage (pest's recursive
//! descent, the AST, type checking, evaluation, and dropping the tree) within a small stack.

use crate::error::{BudgetExceeded, SyntaxError};
use crate::keywords::{CLAUSE_WORDS, OPERATOR_WORDS, STATEMENT_WORDS};
use crate::span::Span;

/// Limits on what a rule file may hold. The defaults suit real rubrics with a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most bytes in one file.
    pub max_bytes: usize,
    /// Most lines in one file.
    pub max_lines: usize,
    /// Most characters on one line.
    pub max_line_chars: usize,
    /// Deepest nesting of `{`, `(` and `[`.
    pub max_depth: usize,
    /// Most operators (`+`, `and`, `not`, `if`, …) in one statement.
    pub max_expr_ops: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 1 << 20, max_lines: 50_000, max_line_chars: 4_000, max_depth: 10, max_expr_ops: 64 }
    }
}

/// Whether a word starts a statement (or a part of one that holds its own expression), resetting
/// the operator count.
fn is_statement_word(word: &str) -> bool {
    STATEMENT_WORDS.contains(&word) || CLAUSE_WORDS.contains(&word)
}

/// Whether the `-` at `at` is one of the two of a date literal `YYYY-M-D` (as the grammar's
/// `date`: four digits, one or two, one or two, no digit or word character around it).
fn in_date(bytes: &[u8], at: usize) -> bool {
    let digits = |from: usize| bytes.get(from..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
    let matches = |start: usize| {
        let before = start.checked_sub(1).and_then(|p| bytes.get(p));
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.' || !b.is_ascii()) {
            return None;
        }
        if digits(start) != 4 || bytes.get(start + 4) != Some(&b'-') {
            return None;
        }
        let m = digits(start + 5);
        let second = start + 5 + m;
        if !(1..=2).contains(&m) || bytes.get(second) != Some(&b'-') {
            return None;
        }
        let d = digits(second + 1);
        (1..=2).contains(&d).then_some((start + 4, second))
    };
    [4, 6, 7]
        .iter()
        .filter_map(|back| at.checked_sub(*back))
        .any(|s| matches(s).is_some_and(|(a, b)| a == at || b == at))
}

/// Whether a word is an operator.
fn is_operator_word(word: &str) -> bool {
    OPERATOR_WORDS.contains(&word)
}

/// Checks a source text against the limits; every budget exceeded is reported once, at the
/// place where it was first exceeded.
pub fn check(src: &str, limits: &Limits) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let mut push = |budget: &'static str, limit: usize, span: Span, what: String| {
        errors.push(SyntaxError::Budget(BudgetExceeded { budget, limit, what, span: span.into() }));
    };
    if src.len() > limits.max_bytes {
        // The place where the budget runs out, not the megabytes after it.
        let mut at = limits.max_bytes;
        while at > 0 && !src.is_char_boundary(at) {
            at -= 1;
        }
        let end = src.get(at..).and_then(|r| r.chars().next()).map_or(at, |c| at + c.len_utf8());
        push("max_bytes", limits.max_bytes, Span::new(at, end), format!("the file is {} bytes", src.len()));
        // Nothing else is read from a file that is too large.
        return errors;
    }
    let (mut line, mut chars_on_line) = (1usize, 0usize);
    let (mut long_reported, mut lines_reported) = (false, false);
    // Open braces, and open parentheses and square brackets of the statement being read: a
    // closing bracket closes only one of its own kind (a `)` in an id such as `1)` closes no
    // brace), and a brace ends whatever parentheses a broken statement left open.
    let (mut braces, mut parens) = (0usize, 0usize);
    let mut depth_reported = false;
    let mut ops = 0usize;
    let mut ops_reported = false;
    // Strings and comments are followed here, in the one pass that counts everything, rather than
    // by `crate::scan`: they are read as it reads them (a string over line ends, a comment up to
    // a LF or CR).
    let mut in_string = false;
    let mut in_comment = false;
    // The start of the word being read; a word is `src[start..i]` when it ends at `i`.
    let mut word_start: Option<usize> = None;
    let bytes = src.as_bytes();
    let mut i = 0usize;
    while i < src.len() {
        if in_string || in_comment {
            // Inside a string or a comment only `"`, `\` and the end of the line do anything (and no
            // word is open): count the characters before the next of them at once.
            let rest = bytes.get(i..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| b == b'\n' || (in_string && (b == b'"' || b == b'\\')) || (in_comment && b == b'\r'))
                .unwrap_or(rest.len());
            if run > 0 {
                let n = rest.get(..run).unwrap_or_default().iter().filter(|&&b| !is_continuation(b)).count();
                if long_reported || chars_on_line + n <= limits.max_line_chars {
                    chars_on_line += n;
                    i += run;
                    continue;
                }
            }
        } else {
            // Elsewhere, spaces and tabs outside a word, or ASCII letters, digits and `_` inside
            // one, change nothing but the column: count a run of them at once.
            let rest = bytes.get(i..).unwrap_or_default();
            let run = if word_start.is_some() {
                rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count()
            } else {
                rest.iter().take_while(|b| **b == b' ' || **b == b'\t').count()
            };
            if run > 0 && (long_reported || chars_on_line + run <= limits.max_line_chars) {
                chars_on_line += run;
                i += run;
                continue;
            }
        }
        let Some(&b) = bytes.get(i) else { break };
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match src.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => c,
                None => break,
            }
        };
        let next_at = i + c.len_utf8();
        // The next character, when it matters (always an ASCII one but for an escape).
        let next = || src.get(next_at..).and_then(|r| r.chars().next());
        // Words (keywords, names) end at any other character.
        let is_word_char = !in_string
            && !in_comment
            && if b.is_ascii() { b.is_ascii_alphanumeric() || b == b'_' } else { c.is_alphanumeric() };
        if is_word_char {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else if let Some(start) = word_start.take() {
            let word = src.get(start..i).unwrap_or_default();
            // `max(` and `min(` are functions inside an expression, not the `max` of a statement.
            let call = src.get(i..).is_some_and(|rest| rest.trim_start().starts_with('('));
            if is_statement_word(word) && !call {
                ops = 0;
            } else if is_operator_word(word) {
                ops += 1;
                if ops > limits.max_expr_ops && !ops_reported {
                    ops_reported = true;
                    push("max_expr_ops", limits.max_expr_ops, Span::new(start, i), too_many_ops(limits));
                }
            }
        }
        i = next_at;
        if c == '\n' {
            line += 1;
            chars_on_line = 0;
            in_comment = false;
            if line > limits.max_lines && !lines_reported {
                lines_reported = true;
                let end = src.get(next_at..).and_then(|r| r.find('\n')).map_or(src.len(), |n| next_at + n);
                push(
                    "max_lines",
                    limits.max_lines,
                    Span::new(next_at, end),
                    format!("the file has more than {} lines", limits.max_lines),
                );
            }
            continue;
        }
        // A comment ends at a carriage return too, as in the grammar.
        if c == '\r' {
            in_comment = false;
        }
        chars_on_line += 1;
        if chars_on_line > limits.max_line_chars && !long_reported {
            long_reported = true;
            let at = next_at - c.len_utf8();
            let end = src.get(at..).and_then(|r| r.find('\n')).map_or(src.len(), |n| at + n);
            push(
                "max_line_chars",
                limits.max_line_chars,
                Span::new(at, end),
                format!("line {line} is longer than {} characters", limits.max_line_chars),
            );
        }
        if in_comment {
            continue;
        }
        if in_string {
            match c {
                // An escape takes the next character with it, whatever it is.
                '\\' => i += next().map_or(0, char::len_utf8),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if bytes.get(next_at) == Some(&b'/') => in_comment = true,
            '{' | '(' | '[' => {
                if c == '{' {
                    ops = 0;
                    braces += 1;
                    parens = 0;
                } else {
                    parens += 1;
                }
                if braces + parens > limits.max_depth && !depth_reported {
                    depth_reported = true;
                    let at = next_at - 1;
                    push(
                        "max_depth",
                        limits.max_depth,
                        Span::new(at, at + 1),
                        format!("brackets are nested more than {} deep", limits.max_depth),
                    );
                }
            }
            '}' => {
                braces = braces.saturating_sub(1);
                parens = 0;
                ops = 0;
            }
            ')' | ']' => parens = parens.saturating_sub(1),
            // The dashes of a date (`2024-02-10`, a calendar's lines) are no operators.
            '-' if in_date(bytes, next_at - 1) => {}
            '+' | '-' | '*' | '/' | '<' | '>' | '=' | '!' => {
                // `<=`, `==`, `=>` and `!=` count once; `=>` and `=` start a new expression.
                let next = bytes.get(next_at).copied();
                let two = next.is_some_and(|n| n == b'=' || (c == '=' && n == b'>'));
                if two {
                    i += 1;
                }
                if c == '=' && (next == Some(b'>') || !two) {
                    ops = 0;
                } else {
                    ops += 1;
                    if ops > limits.max_expr_ops && !ops_reported {
                        ops_reported = true;
                        let at = next_at - 1;
                        push("max_expr_ops", limits.max_expr_ops, Span::new(at, at + 1), too_many_ops(limits));
                    }
                }
            }
            _ => {}
        }
    }
    errors
}

/// Stack enough to parse any text within `limits`: pest and the lowering recurse a few frames for
/// each bracket and each operator of a statement. A debug build needs between 3.5 and 7 KiB a
/// level (the deepest shapes of `tests/stack.rs` overflow 256 KiB but fit in 512 KiB); this allows
/// 16 KiB, and a release build needs far less.
pub fn stack_needed(limits: &Limits) -> usize {
    const BASE: usize = 128 * 1024;
    const PER_LEVEL: usize = 16 * 1024;
    const MOST: usize = 1 << 30;
    limits.max_depth.saturating_add(limits.max_expr_ops).saturating_mul(PER_LEVEL).saturating_add(BASE).min(MOST)
}

/// Whether a byte continues a UTF-8 character rather than starting one.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

fn too_many_ops(limits: &Limits) -> String {
    format!("one statement has more than {} operators", limits.max_expr_ops)
}
