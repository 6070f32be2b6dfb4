//! What `rulecheck` and `rulecheck serve` give out alike, so that a command's `--format json`
//! and the service's answer have one shape, and its workbook one layout: diagnostics as JSON
//! ([`diag`]), the differences of two versions ([`diff`]), the explanation's and what-if's documents ([`explain`]), a workbook's list sheets ([`lists`]), the ranking ([`rank`]), a unit's line of `score` ([`score`]), a unit's page ([`report`])
//! and the sheets of the results workbook ([`sheets`]).

pub mod diag;
pub mod diff;
pub mod explain;
pub mod lists;
pub mod rank;
pub mod report;
pub mod score;
pub mod sheets;
