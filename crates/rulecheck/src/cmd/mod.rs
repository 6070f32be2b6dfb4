//! One module per command.

pub mod check;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod import;
pub mod periods;
pub mod rank;
pub mod report;
pub mod score;
pub mod serve;
pub mod show;
pub mod template;
pub mod test;
pub mod whatif;
