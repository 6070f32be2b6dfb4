//! The check that a `per` quantity cannot be negative where its line applies (the values of
//! expressions are worked out in [`crate::check::ranges`]), so that `deduct 1 per 要求次数 - 实际次数` is pointed out
//! before a unit that did more than required is scored (where a negative quantity stops with
//! `rubric::negative-quantity`, since it would turn a deduction into points given).

use crate::check::ranges::Ranges;
use crate::diag::Report;
use crate::diag::codes::Code;
use crate::plan::{AdjustDef, Plan, RuleDef};

/// Warns of every `award`, `deduct` or `bonus … per` line whose quantity can be negative.
pub(crate) fn quantities(r: &Plan, report: &mut Report) {
    let ranges = Ranges::of(r);
    for n in &r.nodes {
        for rule in &n.rules {
            let (a, line): (&AdjustDef, &str) = match rule {
                RuleDef::Award(a) => (a, "award"),
                RuleDef::Deduct(a) => (a, "deduct"),
                RuleDef::Bonus(a) => (a, "bonus"),
                _ => continue,
            };
            let Some(per) = &a.per else { continue };
            if ranges.expr_given(&per.expr, a.when.as_ref().map(|w| &w.expr)).is_nonneg() {
                continue;
            }
            report.push(Code::QuantitySign.at(per.loc.file, per.loc.span).arg(&per.text).arg(line));
        }
    }
}
