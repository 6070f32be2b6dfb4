//! Budgets checked before parsing, without recursion: file size, lines, line length, bracket
//! depth and the length of one expression. They keep every later stage (pest's recursive
//! descent, the AST, type checking, evaluation, and dropping the tree) within a small stack.

use crate::error::{BudgetExceeded, SyntaxError};
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

/// Words that start a statement (or a part of one that holds its own expression), resetting the
/// operator count.
const STATEMENT_WORDS: &[&str] = &[
    "import",
    "rubric",
    "block",
    "section",
    "group",
    "item",
    "use",
    "fact",
    "let",
    "year",
    "lead",
    "office",
    "owner",
    "due",
    "text",
    "band",
    "award",
    "score",
    "judged",
    "deduct",
    "bonus",
    "bonus_cap",
    "zero",
    "veto",
    "floor",
    "cap",
    "round",
    "per",
    "when",
    "max",
    "test",
    "given",
    "expect",
];

const OPERATOR_WORDS: &[&str] = &["and", "or", "not", "if", "then", "else"];

/// Checks a source text against the limits; every budget exceeded is reported once, at the
/// place where it was first exceeded.
pub fn check(src: &str, limits: &Limits) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    let mut push = |budget: &'static str, limit: usize, span: Span, what: String| {
        errors.push(SyntaxError::Budget(BudgetExceeded { budget, limit, what, span: span.into() }));
    };
    if src.len() > limits.max_bytes {
        push(
            "max_bytes",
            limits.max_bytes,
            Span::new(limits.max_bytes, src.len()),
            format!("the file is {} bytes", src.len()),
        );
        // Nothing else is read from a file that is too large.
        return errors;
    }
    let (mut line, mut line_start, mut chars_on_line) = (1usize, 0usize, 0usize);
    let (mut long_reported, mut lines_reported) = (false, false);
    let mut depth = 0usize;
    let mut depth_reported = false;
    let mut ops = 0usize;
    let mut ops_reported = false;
    let mut in_string = false;
    let mut in_comment = false;
    let mut word = String::new();
    let mut word_start = 0usize;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // Words (keywords, names) end at any other character.
        let is_word_char = c.is_alphanumeric() || c == '_';
        if !in_string && !in_comment && is_word_char {
            if word.is_empty() {
                word_start = i;
            }
            word.push(c);
        } else if !word.is_empty() {
            // `max(` and `min(` are functions inside an expression, not the `max` of a statement.
            let call = src.get(i..).is_some_and(|rest| rest.trim_start().starts_with('('));
            if STATEMENT_WORDS.contains(&word.as_str()) && !call {
                ops = 0;
            } else if OPERATOR_WORDS.contains(&word.as_str()) {
                ops += 1;
                if ops > limits.max_expr_ops && !ops_reported {
                    ops_reported = true;
                    push("max_expr_ops", limits.max_expr_ops, Span::new(word_start, i), too_many_ops(limits));
                }
            }
            word.clear();
        }
        if c == '\n' {
            line += 1;
            line_start = i + 1;
            chars_on_line = 0;
            in_comment = false;
            if line > limits.max_lines && !lines_reported {
                lines_reported = true;
                push(
                    "max_lines",
                    limits.max_lines,
                    Span::new(i + 1, src.len()),
                    format!("the file has more than {} lines", limits.max_lines),
                );
            }
            continue;
        }
        chars_on_line += 1;
        if chars_on_line > limits.max_line_chars && !long_reported {
            long_reported = true;
            let end = src.get(i..).and_then(|r| r.find('\n')).map_or(src.len(), |n| i + n);
            push(
                "max_line_chars",
                limits.max_line_chars,
                Span::new(i, end),
                format!("line {line} is longer than {} characters", limits.max_line_chars),
            );
            let _ = line_start;
        }
        if in_comment {
            continue;
        }
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => in_comment = true,
            '{' | '(' | '[' => {
                depth += 1;
                if c == '{' {
                    ops = 0;
                }
                if depth > limits.max_depth && !depth_reported {
                    depth_reported = true;
                    push(
                        "max_depth",
                        limits.max_depth,
                        Span::new(i, i + 1),
                        format!("brackets are nested more than {} deep", limits.max_depth),
                    );
                }
            }
            '}' | ')' | ']' => {
                depth = depth.saturating_sub(1);
                if c == '}' {
                    ops = 0;
                }
            }
            '+' | '-' | '*' | '/' | '<' | '>' | '=' | '!' => {
                // `<=`, `==`, `=>` and `!=` count once; `=>` and `=` start a new expression.
                let next = chars.peek().map(|(_, n)| *n);
                let two = next.is_some_and(|n| n == '=' || (c == '=' && n == '>'));
                if two {
                    chars.next();
                }
                if c == '=' && (next == Some('>') || !two) {
                    ops = 0;
                } else {
                    ops += 1;
                    if ops > limits.max_expr_ops && !ops_reported {
                        ops_reported = true;
                        push("max_expr_ops", limits.max_expr_ops, Span::new(i, i + c.len_utf8()), too_many_ops(limits));
                    }
                }
            }
            ',' => {}
            _ => {}
        }
    }
    errors
}

fn too_many_ops(limits: &Limits) -> String {
    format!("one statement has more than {} operators", limits.max_expr_ops)
}
