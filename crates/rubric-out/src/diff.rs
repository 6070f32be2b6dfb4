//! `diff --format json`: how two versions of a rubric differ, rule by rule, and what that does
//! to each unit's scores (the rows shown: those whose score or rules changed, under their
//! parents).

use rubric::analysis::diff::{RowChange, RubricDiff, Status, UnitDiff};

/// Keeps the rows whose score or rules changed (all rows with `all`), with the sections and
/// groups above them so that every row is shown under its own parent.
pub fn keep_rows(d: &RubricDiff, u: &mut UnitDiff, all: bool) {
    let depth = |id: &str| d.rows.iter().find(|c| c.id == id).map_or(1, |c| c.depth);
    let mut keep: Vec<bool> = u
        .rows
        .iter()
        .map(|r| all || r.old != r.new || d.rows.iter().find(|c| c.id == r.id).is_some_and(RowChange::rules_changed))
        .collect();
    // The rows are in document order: the open ancestors of a row are a stack by depth.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, r) in u.rows.iter().enumerate() {
        let dep = depth(&r.id);
        while open.last().is_some_and(|&(_, d)| d >= dep) {
            open.pop();
        }
        if keep.get(i).copied().unwrap_or(false) {
            for &(a, _) in &open {
                if let Some(k) = keep.get_mut(a) {
                    *k = true;
                }
            }
        }
        open.push((i, dep));
    }
    let mut i = 0;
    u.rows.retain(|_| {
        i += 1;
        keep.get(i - 1).copied().unwrap_or(false)
    });
}

/// The document: both versions, the rows that changed, the root, the declarations, the facts
/// only one version reads, and the units compared.
pub fn json(d: &RubricDiff, units: &[UnitDiff]) -> serde_json::Value {
    serde_json::json!({
        "old": d.old,
        "new": d.new,
        "rows": d.rows.iter().filter(|r| r.status != Status::Unchanged).collect::<Vec<_>>(),
        "root": d.root,
        "declarations": d.declarations,
        "facts_only_old": d.facts_only_old,
        "facts_only_new": d.facts_only_new,
        "units": units,
    })
}
