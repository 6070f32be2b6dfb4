//! The one scanner of a rule file's text outside the parser: where its `//` comments and its
//! strings are, read as the grammar reads them. The formatter, the parser's list of comments and
//! its messages use it; a test checks it against the grammar's `COMMENT` rule.

use crate::ast::Comment;
use crate::span::Span;

/// What starts at a byte of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A `//` comment, which runs up to (not over) the next line feed or carriage return.
    Comment {
        /// The offset just past it.
        end: usize,
    },
    /// A string: from `"` to the next `"` that no `\` escapes, over line ends as in the grammar.
    String {
        /// The offset just past it (the end of the text when it is not closed).
        end: usize,
        /// Whether its closing `"` is there.
        closed: bool,
    },
    /// Anything else: one byte of code.
    Code,
}

/// What starts at byte `i` of `bytes`.
pub(crate) fn piece(bytes: &[u8], i: usize) -> Piece {
    match bytes.get(i) {
        Some(b'/') if bytes.get(i + 1) == Some(&b'/') => {
            let len = bytes.iter().skip(i).position(|&b| b == b'\n' || b == b'\r');
            Piece::Comment { end: len.map_or(bytes.len(), |n| i + n) }
        }
        Some(b'"') => {
            let mut j = i + 1;
            while let Some(&b) = bytes.get(j) {
                match b {
                    b'\\' => j += 2,
                    b'"' => return Piece::String { end: j + 1, closed: true },
                    _ => j += 1,
                }
            }
            Piece::String { end: bytes.len(), closed: false }
        }
        _ => Piece::Code,
    }
}

/// The pieces of `src` from byte `from` on that are not code, with their starts; code is
/// passed over a byte at a time.
fn pieces(src: &str, from: usize) -> impl Iterator<Item = (usize, Piece)> + '_ {
    let bytes = src.as_bytes();
    let mut i = from;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let at = i;
            match piece(bytes, i) {
                Piece::Code => i += 1,
                p @ (Piece::Comment { end } | Piece::String { end, .. }) => {
                    i = end.max(at + 1);
                    return Some((at, p));
                }
            }
        }
        None
    })
}

/// Every `//` comment of a text, in order, without the blanks at its end. In a file that
/// parses these are exactly the grammar's comments; in a broken file, those of a scanner that
/// reads strings and comments only.
pub fn comments(src: &str) -> Vec<Comment> {
    pieces(src, 0)
        .filter_map(|(at, p)| match p {
            Piece::Comment { end } => {
                let text = src.get(at..end).unwrap_or_default().trim_end();
                Some(Comment { text: text.to_string(), span: Span::new(at, at + text.len()) })
            }
            _ => None,
        })
        .collect()
}

/// The offset of a `"` whose string is still open at the end of `src`.
pub(crate) fn open_string(src: &str) -> Option<usize> {
    pieces(src, 0).find_map(|(at, p)| matches!(p, Piece::String { closed: false, .. }).then_some(at))
}

/// The offset of the first byte `b` at or after `from` that stands in code, outside comments and
/// strings.
pub(crate) fn code_byte(src: &str, from: usize, b: u8) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(&c) = bytes.get(i) {
        match piece(bytes, i) {
            Piece::Code if c == b => return Some(i),
            Piece::Code => i += 1,
            Piece::Comment { end } | Piece::String { end, .. } => i = end.max(i + 1),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_strings_and_code_are_told_apart() {
        let src = "a // one\r\n\"// no \\\" // no\" b //two  \n\"open // no";
        let texts: Vec<String> = comments(src).into_iter().map(|c| c.text).collect();
        assert_eq!(texts, ["// one", "//two"]);
        assert_eq!(comments(src).first().map(|c| c.span), Some(Span::new(2, 8)));
        assert_eq!(open_string(src), src.rfind('"'));
        assert_eq!(open_string("\"a\" // \"b"), None, "a quote in a comment opens no string");
        assert_eq!(code_byte("\"{\" // {\n {", 0, b'{'), Some(10));
        assert_eq!(code_byte("x", 0, b'{'), None);
        assert_eq!(piece(b"\"a\\", 0), Piece::String { end: 3, closed: false });
    }
}
