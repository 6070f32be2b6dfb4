//! One module per command.

pub mod check;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod rank;
pub mod score;
pub mod template;
pub mod test;
