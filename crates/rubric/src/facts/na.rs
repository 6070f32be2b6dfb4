//! 不适用 in a facts file or a test: the words that say it, read for an optional fact only.

use crate::facts::{BadFact, Raw};

/// The words a facts file or a test may give for an optional fact that does not apply.
pub const NA_WORDS: &[&str] = &["不适用", "无此项", "N/A", "n/a"];

/// Whether `raw` says 不适用: `Some(Ok)` for an optional fact, `Some(Err)` for a fact that is not
/// optional, `None` when it is a value. JSON `null` is 不适用 only for an optional fact and only
/// outside a table (`from_table`): an empty cell is never read as 不适用, so a forgotten value is
/// not taken for one.
pub(crate) fn na_word(raw: &Raw, optional: bool, from_table: bool) -> Option<Result<(), BadFact>> {
    match raw {
        Raw::Null if optional && !from_table => Some(Ok(())),
        Raw::Text(t) if NA_WORDS.contains(&t.trim()) => {
            if optional {
                Some(Ok(()))
            } else {
                Some(Err(BadFact::NotOptional { found: format!("`{}`", rubric_syntax::clean(t.trim())) }))
            }
        }
        _ => None,
    }
}
