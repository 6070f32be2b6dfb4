//! The words of an expression said back (原文对照): the expression as written, its operators and
//! keywords in the reader's language (`>=` → `≥`, `and` → `且`), a yes/no fact said as
//! `为“否”`, and a band's interval as `≥ 50% 且 ≤ 65%`.

use super::sentences::L;
use crate::plan::{Plan, Range};
use crate::value::Ty;

/// A token of an expression as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A name, number, percent, date or keyword.
    Word(String),
    /// An operator or a bracket.
    Op(&'static str),
}

const OPS: [&str; 15] = [">=", "<=", "==", "!=", ">", "<", "+", "-", "*", "/", "(", ")", "[", "]", ","];

/// The tokens of `text`; a character that is no operator and no space is part of a word.
fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // `2024-03-31`: a dash between digits of a date stays in its word.
        let in_date = c == '-'
            && !word.is_empty()
            && word.chars().all(|w| w.is_ascii_digit() || w == '-')
            && rest.chars().nth(1).is_some_and(|d| d.is_ascii_digit());
        let op = if in_date { None } else { OPS.iter().find(|o| rest.starts_with(**o)) };
        if c.is_whitespace() || op.is_some() {
            if !word.is_empty() {
                out.push(Tok::Word(std::mem::take(&mut word)));
            }
        } else {
            word.push(c);
        }
        let step = op.map_or(c.len_utf8(), |o| o.len());
        if let Some(o) = op {
            out.push(Tok::Op(o));
        }
        rest = rest.get(step..).unwrap_or("");
    }
    if !word.is_empty() {
        out.push(Tok::Word(word));
    }
    out
}

/// An operator in the reader's words.
fn op_word(o: &'static str) -> &'static str {
    match o {
        ">=" => "≥",
        "<=" => "≤",
        "==" => "=",
        "!=" => "≠",
        "*" => "×",
        "/" => "÷",
        _ => o,
    }
}

/// A keyword in the reader's words, or `None` for a name.
fn keyword(l: L, w: &str) -> Option<&'static str> {
    let (zh, en) = match w {
        "and" => ("且", "and"),
        "or" => ("或", "or"),
        "not" => ("非", "not"),
        "in" => ("属于", "in"),
        "true" => ("是", "yes"),
        "false" => ("否", "no"),
        "if" => ("若", "if"),
        "then" => ("则", "then"),
        "else" => ("否则", "else"),
        "where" => ("其中", "where"),
        "among" => ("限于", "among"),
        "by" => ("按", "by"),
        _ => return None,
    };
    Some(l.pick(zh, en))
}

/// `X 为“是”` or `X is yes`.
fn yes_no(l: L, name: &str, yes: bool) -> String {
    match (l.zh(), yes) {
        (true, true) => format!("{name} 为“是”"),
        (true, false) => format!("{name} 为“否”"),
        (false, true) => format!("{name} is yes"),
        (false, false) => format!("{name} is no"),
    }
}

/// Whether `name` is a yes/no fact or derived value of `plan`.
fn is_bool(plan: &Plan, name: &str) -> bool {
    plan.facts.iter().any(|f| f.name == name && f.value_ty() == Ty::Bool)
        || plan.lets.iter().any(|v| v.name == name && v.ty == Ty::Bool)
}

/// One operand of `and`/`or` said alone when it is a yes/no test: `X`, `not X`, `X == false`.
fn said_alone(l: L, plan: &Plan, part: &[Tok]) -> Option<String> {
    match part {
        [Tok::Word(n)] if is_bool(plan, n) => Some(yes_no(l, n, true)),
        [Tok::Word(k), Tok::Word(n)] if k == "not" && is_bool(plan, n) => Some(yes_no(l, n, false)),
        [Tok::Word(n), Tok::Op(o), Tok::Word(v)] if (*o == "==" || *o == "!=") && (v == "true" || v == "false") => {
            Some(yes_no(l, n, (v == "true") == (*o == "==")))
        }
        _ => None,
    }
}

/// The tokens joined, each in the reader's words.
fn join(l: L, toks: &[Tok]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Tok> = None;
    for t in toks {
        let glue = match (prev, t) {
            (None, _) => "",
            (Some(Tok::Op("(" | "[")), _) | (_, Tok::Op(")" | "]" | ",")) => "",
            // `floor(x)`: a call keeps its bracket on its name.
            (Some(Tok::Word(w)), Tok::Op("(")) if keyword(l, w).is_none() => "",
            _ => " ",
        };
        out.push_str(glue);
        match t {
            Tok::Word(w) => out.push_str(keyword(l, w).unwrap_or(w)),
            Tok::Op(o) => out.push_str(op_word(o)),
        }
        prev = Some(t);
    }
    out
}

/// An expression as written, in the reader's words: `督办信访办结数 ÷ 督办信访事项数`.
pub(super) fn expr(l: L, text: &str) -> String {
    join(l, &tokens(text))
}

/// A condition as written, in the reader's words, a yes/no fact said `为“是”` or `为“否”`:
/// `举办双拥宣传活动 为“否”`, `完成率 ≥ 90% 且 按时报送 为“是”`.
pub(super) fn cond(l: L, plan: &Plan, text: &str) -> String {
    let toks = tokens(text);
    // The operands of `and`/`or` outside brackets, each said alone where it can be.
    let mut parts: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let cut = |start: usize, end: usize, parts: &mut Vec<String>| {
        let part = toks.get(start..end).unwrap_or(&[]);
        parts.push(said_alone(l, plan, part).unwrap_or_else(|| join(l, part)));
    };
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Op("(" | "[") => depth += 1,
            Tok::Op(")" | "]") => depth = depth.saturating_sub(1),
            Tok::Word(w) if depth == 0 && (w == "and" || w == "or") => {
                cut(start, i, &mut parts);
                parts.push(keyword(l, w).unwrap_or(w).to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    cut(start, toks.len(), &mut parts);
    parts.join(" ")
}

/// The ends of an interval as written: `[50%, 65%]` → `50%`, `65%`; `None` for `..`.
fn ends(range: &Range) -> (Option<&str>, Option<&str>) {
    let inner = range.text.trim().get(1..range.text.trim().len().saturating_sub(1)).unwrap_or("");
    let (lo, hi) = inner.split_once(',').unwrap_or((inner, ""));
    fn end(s: &str) -> Option<&str> {
        let s = s.trim();
        (!s.is_empty() && s != "..").then_some(s)
    }
    (end(lo), end(hi))
}

/// The values of a band, after what it bands: `≥ 50% 且 ≤ 65%`, `< 50%` (a lower end of 0
/// included says nothing), `= 3`.
pub(super) fn interval(l: L, range: &Range) -> String {
    let (lo, hi) = ends(range);
    let zero = range.lo.is_some_and(|v| v.number().is_zero()) && range.lo_closed;
    let lo = lo.filter(|_| !zero);
    let low = |s: &str| format!("{} {s}", if range.lo_closed { "≥" } else { ">" });
    let high = |s: &str| format!("{} {s}", if range.hi_closed { "≤" } else { "<" });
    match (lo, hi) {
        (Some(a), Some(b)) if a == b && range.lo_closed && range.hi_closed => format!("= {a}"),
        (Some(a), Some(b)) => format!("{} {} {}", low(a), l.pick("且", "and"), high(b)),
        (Some(a), None) => low(a),
        (None, Some(b)) => high(b),
        (None, None) if zero => "≥ 0".to_string(),
        (None, None) => l.pick("任意值", "any value").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_and_dates_are_tokens_apart() {
        let l = L(crate::diag::Lang::Zh);
        assert_eq!(expr(l, "a/b"), "a ÷ b");
        assert_eq!(expr(l, "floor(金额 / 50000)"), "floor(金额 ÷ 50000)");
        assert_eq!(expr(l, "日期 <= 2024-03-31"), "日期 ≤ 2024-03-31");
        assert_eq!(expr(l, "x - 1"), "x - 1");
        assert_eq!(expr(l, "等级 in [较大, 重大]"), "等级 属于 [较大, 重大]");
    }
}
