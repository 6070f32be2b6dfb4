//! Figures over rows' scores checked on the compiled rubric: the rows such a figure reads (and
//! everything they need) are scored for every unit first, so none of them may read a figure
//! over rows' scores in turn (`rubric::ref-cohort`, the ring named).

use crate::diag::{Code, Report};
use crate::plan::Plan;

/// Reports every ring across units: a row a figure over rows' scores reads, which reads that figure
/// (or another such figure), directly or through the rows it needs.
pub(crate) fn check(r: &Plan, report: &mut Report) {
    let refs = r.figure_refs();
    for (row, k) in r.stratum_rings() {
        let Some(def) = r.cohorts.get(k) else { continue };
        let id = r.nodes.get(row).map_or("", |n| n.id.as_str());
        // Where the figure reads a row: the reference in its value.
        let Some(at) = refs.iter().find(|(f, _)| *f == k).and_then(|(_, i)| r.refs.get(*i)) else { continue };
        report.push(Code::RefCohort.at(at.loc.file, at.loc.span).arg(&def.text).arg(id));
    }
}
