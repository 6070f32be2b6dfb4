//! What `rulecheck` and `rulecheck serve` give out alike, so that a command's `--format json`
//! and the service's answer have one shape, and its workbook one layout:
//!
//! - [`diag`]: diagnostics as JSON;
//! - [`diff`]: the differences of two versions;
//! - [`explain`]: the explanation's and what-if's documents;
//! - [`facts`]: facts for periods a rubric does not have;
//! - [`lists`]: a workbook's list sheets joined to its units;
//! - [`rank`]: the ranking, its document and the results workbook;
//! - [`report`]: a unit's page;
//! - [`score`]: a unit's line of `score`;
//! - [`sheets`]: a unit's sheet of the results workbook.

pub mod diag;
pub mod diff;
pub mod explain;
pub mod facts;
pub mod lists;
pub mod rank;
pub mod report;
pub mod score;
pub mod sheets;
pub mod show;
