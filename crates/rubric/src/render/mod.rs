//! The sentences that explain a score, in Chinese or English, for any embedder: a row's reason,
//! the account of a row with every band of a band table, the hints and the suggestions. The CLI
//! only lays them out. The last stage: it says what the stages before it computed.

mod account;
mod combine;
mod diff;
mod errors;
mod file_errors;
mod grades;
mod lazy;
mod maxcase;
mod messages;
mod na;
mod records;
mod renderer;
mod rules;
mod rules_node;
mod rules_words;
mod scoring;
mod sentences;
mod values;

pub use crate::diag::Lang;
pub use diff::DiffWord;
pub use errors::Said;
pub use messages::Message;
pub use renderer::{Arm, Line, Phrase, Render};
