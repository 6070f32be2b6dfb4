//! What scoring reports: the explained breakdown and the sentences that explain it.
//!
//! [`breakdown`] holds the data ([`UnitScore`](breakdown::UnitScore) and the rest), which
//! serialises to JSON and reads back; [`Render`] turns it into sentences, in Chinese or English,
//! for any embedder (the CLI only lays them out).

mod account;
pub mod breakdown;
mod render;
mod sentences;

pub use render::{Arm, Lang, Line, Phrase, Render};

/// A hint in Chinese, for its `Display`.
pub(crate) fn hint_zh(h: &crate::explain::Hint) -> String {
    sentences::hint(sentences::L(Lang::Zh), h)
}

/// A suggestion in Chinese, for its `Display`.
pub(crate) fn suggestion_zh(s: &crate::whatif::Suggestion) -> String {
    sentences::suggestion(sentences::L(Lang::Zh), s)
}
