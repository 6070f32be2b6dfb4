//! What every facts reader shares, whole file or stream, so that one set of rules holds on every
//! path: the budgets ([`FactsLimits`]), the one check that the bytes are UTF-8 text, unit names
//! and periods trimmed, each unit (and period) given once, and the bracket depth checked before
//! a JSON or TOML parser (which recurses) sees the text.

use crate::facts::FactsError;
use crate::facts::UnitFacts;
use crate::facts::error::{BudgetError, DuplicateUnitError, EncodingError};
use crate::facts::words;

/// Budgets for reading facts. A facts file beyond one is refused with `rubric::facts-budget`
/// before it is parsed; a host reading from disk or a network should also refuse a file larger
/// than `max_bytes` before reading it (as `rulecheck` does). The defaults are far above any
/// real facts file: 16 MiB holds some ten thousand units of a hundred facts.
///
/// ```
/// use rubric::facts::FactsLimits;
///
/// let small = FactsLimits { max_bytes: 64, ..FactsLimits::default() };
/// let json = r#"{"units": [{"unit": "乌审旗", "facts": {"核查完成数": 175, "应核查数": 200}}]}"#;
/// let e = rubric::facts::from_json_with(json, &small).unwrap_err();
/// assert_eq!(miette::Diagnostic::code(&e).unwrap().to_string(), "rubric::facts-budget");
/// assert!(rubric::facts::from_json_with(json, &FactsLimits::default()).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactsLimits {
    /// Most bytes in a facts file read whole (JSON, TOML, or a table read at once).
    pub max_bytes: usize,
    /// Most bytes in one row of a table or one line of a JSON-lines stream. A stream has no
    /// budget for its whole size (it is read one row at a time), only this one.
    pub max_row_bytes: usize,
    /// Deepest nesting of `[` and `{` in a JSON or TOML file (a facts file needs 4).
    pub max_depth: usize,
    /// Most records in one list fact of one unit (`"事故": [{…}, …]`); a list beyond it is
    /// refused with `rubric::facts-budget` when it is read.
    pub max_records: usize,
}

impl Default for FactsLimits {
    fn default() -> Self {
        FactsLimits { max_bytes: 16 << 20, max_row_bytes: 1 << 20, max_depth: 16, max_records: 100_000 }
    }
}

impl FactsLimits {
    /// Refuses a file of `len` bytes beyond `max_bytes`.
    pub(crate) fn check_size(&self, len: usize) -> Result<(), FactsError> {
        if len > self.max_bytes {
            return Err(self.too_large(Some(len as u64)));
        }
        Ok(())
    }

    /// The error for a facts file beyond `max_bytes`, for a host that refuses it before
    /// reading it: `size` when it is known (a file on disk), none when reading stopped at the
    /// budget (a pipe).
    pub fn too_large(&self, size: Option<u64>) -> FactsError {
        FactsError::Budget(BudgetError { message: words::too_large(size, self.max_bytes) })
    }
}

/// Checks that bytes are UTF-8 text (a byte-order mark is allowed and removed): the one check
/// of every facts reader, so that every path names GBK and UTF-16 the same way.
///
/// UTF-16 and other encodings (GBK, as Excel's plain "CSV (逗号分隔)" writes Chinese) are
/// refused with `rubric::facts-encoding`, naming the first bad byte and saying to save as UTF-8.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, FactsError> {
    check_utf8(bytes, 0, 1)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map_err(|_| FactsError::Encoding(EncodingError { message: words::not_utf8(), offset: 0 }))
}

/// Checks a part of a file that starts at byte `offset` of the file, on line `line`: a UTF-16
/// byte-order mark (at offset 0), a zero byte (UTF-16 without a mark), or bytes that are not
/// UTF-8 (GBK). The messages count offsets and lines from the file's start.
pub(crate) fn check_utf8(bytes: &[u8], offset: usize, line: usize) -> Result<(), FactsError> {
    if offset == 0 && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])) {
        return Err(FactsError::Encoding(EncodingError { message: words::utf16_mark(), offset: 0 }));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let offset = offset + at;
        return Err(FactsError::Encoding(EncodingError { message: words::zero_byte(offset), offset }));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let line = line + bytes.get(..at).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        let shown: Vec<String> =
            bytes.get(at..).unwrap_or_default().iter().take(2).map(|b| format!("0x{b:02X}")).collect();
        let offset = offset + at;
        return Err(FactsError::Encoding(EncodingError {
            message: words::gbk_in_utf8(offset, line, &shown.join(" ")),
            offset,
        }));
    }
    Ok(())
}

/// A unit's name and period as every reader keeps them: surrounding white space (the full-width
/// space `　` too) trimmed, and a blank period the same as none. False when the name is blank,
/// which every reader refuses.
pub(crate) fn tidy(facts: &mut UnitFacts) -> bool {
    let name = facts.unit.trim();
    if name.is_empty() {
        return false;
    }
    if name.len() != facts.unit.len() {
        facts.unit = name.to_string();
    }
    facts.period = match facts.period.take() {
        Some(p) if p.trim().is_empty() => None,
        Some(p) if p.trim().len() != p.len() => Some(p.trim().to_string()),
        other => other,
    };
    true
}

pub(crate) use crate::facts::seen::Seen;

/// "unit `甲` is given twice, in row 2 and in row 4; keep one row per unit": the places as the
/// format names them.
pub(crate) fn twice(facts: &UnitFacts, first: words::Given, again: words::Given) -> FactsError {
    let message = words::twice(&facts.unit, facts.period.as_deref(), first, again);
    FactsError::DuplicateUnit(DuplicateUnitError { unit: facts.unit.clone(), message })
}

/// A bracket nested beyond `max_depth`: its byte offset, or none. `opens` and `closes` walk
/// the text's brackets outside strings, in order (the caller's lexer knows the strings).
pub(crate) fn too_deep(brackets: impl Iterator<Item = (usize, bool)>, max_depth: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, open) in brackets {
        if open {
            depth += 1;
            if depth > max_depth {
                return Some(at);
            }
        } else {
            depth = depth.saturating_sub(1);
        }
    }
    None
}

/// The brackets of a JSON text outside its strings, as (offset, is an opening bracket).
pub(crate) fn json_brackets(text: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    let mut in_string = false;
    let mut escaped = false;
    text.bytes().enumerate().filter_map(move |(i, b)| {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            return None;
        }
        match b {
            b'"' => {
                in_string = true;
                None
            }
            b'[' | b'{' => Some((i, true)),
            b']' | b'}' => Some((i, false)),
            _ => None,
        }
    })
}

/// The message for nesting beyond the budget, at a line and column.
pub(crate) fn too_deep_message(line: usize, column: usize, max_depth: usize) -> FactsError {
    FactsError::Budget(BudgetError { message: words::too_deep(line, column, max_depth) })
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = text.get(..at).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_do_not_count() {
        let t = r#"{"a": "[[[[\"[[", "b": [[1]]}"#;
        assert_eq!(too_deep(json_brackets(t), 3), None);
        assert_eq!(too_deep(json_brackets(t), 2), Some(24));
    }

    #[test]
    fn names_are_trimmed_and_a_blank_period_is_none() {
        let mut u = UnitFacts::new(" 甲\u{3000}").in_period(" ");
        assert!(tidy(&mut u));
        assert_eq!((u.unit.as_str(), u.period), ("甲", None));
        assert!(!tidy(&mut UnitFacts::new(" \t")));
    }
}
