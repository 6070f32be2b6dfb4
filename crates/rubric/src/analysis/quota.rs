//! Grade quotas (等次比例): at most ⌊P × units⌋ (or N) units scored together get a grade; the
//! units beyond it, lowest scores first, move down one grade, and a tie that straddles the cut
//! moves all the tied units (a quota is never exceeded). Quotas are applied best grade first, so
//! a unit moved into a grade with a quota of its own may move again.

use crate::eval::grades::Graded;
use crate::plan::grades::GradeDef;
use crate::report::grades::{Grade, GradeWhy};
use rust_decimal::Decimal;

/// Applies the quotas of table `g` to every unit's grades.
pub(crate) fn apply(g: &GradeDef, all: &mut [Option<Vec<Graded>>]) {
    let of = all.iter().filter(|u| u.is_some()).count();
    let scores: Vec<Decimal> = all.iter().flatten().filter_map(|u| find(u, g.node).map(|x| x.1)).collect();
    let mut quotas: Vec<&crate::plan::grades::QuotaDef> = g.quotas.iter().collect();
    quotas.sort_by_key(|q| q.grade);
    for q in quotas {
        let Some(from) = g.arms.get(q.grade) else { continue };
        let Some(to) = g.arms.get(q.grade.saturating_add(1)) else { continue };
        let allowed = q.share.allowed(of);
        let holders: Vec<Decimal> = all
            .iter()
            .flatten()
            .filter_map(|u| find(u, g.node))
            .filter(|x| x.2.name == from.name)
            .map(|x| x.1)
            .collect();
        if holders.len() <= allowed {
            continue;
        }
        for u in all.iter_mut().flatten() {
            let Some(entry) = u.iter_mut().find(|x| x.0 == g.node) else { continue };
            if entry.2.name != from.name {
                continue;
            }
            let s = entry.1;
            let higher = holders.iter().filter(|&&h| h > s).count();
            let tied = holders.iter().filter(|&&h| h == s).count();
            if higher.saturating_add(tied) <= allowed {
                continue;
            }
            let place = scores.iter().filter(|&&h| h > s).count().saturating_add(1);
            let why = GradeWhy::Quota {
                from: from.name.clone(),
                quota: q.text.clone(),
                allowed,
                of,
                place,
                tied,
                label: q.label.clone(),
            };
            entry.2 = Grade { name: to.name.clone(), why, next: None };
        }
    }
}

fn find(u: &[Graded], node: usize) -> Option<&Graded> {
    u.iter().find(|x| x.0 == node)
}
