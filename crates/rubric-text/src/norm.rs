//! The sentence normalised for reading: full-width forms folded, spaces dropped, byte map kept.

use crate::types::Span;

/// The normalised text and, for each of its byte positions, the byte in the original sentence.
pub(crate) struct Norm {
    pub(crate) text: String,
    /// Original start byte of the char starting at each normalised byte (len + 1 entries).
    start: Vec<usize>,
    /// Original end byte of the char ending at each normalised byte (len + 1 entries).
    end: Vec<usize>,
}

fn fold(c: char) -> Option<char> {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        '％' => Some('%'),
        '（' => Some('('),
        '）' => Some(')'),
        '．' => Some('.'),
        ',' => Some('，'),
        ';' | '；' => Some('；'),
        ':' => Some('：'),
        '～' => Some('~'),
        c if c.is_whitespace() => None,
        c => Some(c),
    }
}

impl Norm {
    pub(crate) fn new(sentence: &str) -> Norm {
        let mut text = String::with_capacity(sentence.len());
        let mut start = Vec::with_capacity(sentence.len() + 1);
        let mut end = Vec::with_capacity(sentence.len() + 1);
        end.push(0);
        for (at, c) in sentence.char_indices() {
            if let Some(f) = fold(c) {
                let after = at + c.len_utf8();
                for _ in 0..f.len_utf8() {
                    start.push(at);
                }
                for _ in 0..f.len_utf8() - 1 {
                    end.push(at);
                }
                end.push(after);
                text.push(f);
            }
        }
        start.push(sentence.len());
        Norm { text, start, end }
    }

    /// The original span of the normalised byte range `a..b`.
    pub(crate) fn span(&self, a: usize, b: usize) -> Span {
        let s = self.start.get(a).copied().unwrap_or(0);
        if b <= a {
            return Span { start: s, end: s };
        }
        let e = self.end.get(b).copied().unwrap_or(s).max(s);
        Span { start: s, end: e }
    }

    /// The normalised text of `a..b` (empty when out of range).
    pub(crate) fn get(&self, a: usize, b: usize) -> &str {
        self.text.get(a..b).unwrap_or("")
    }
}
