//! Fusing the operations of the commonest nodes of a rubric without bonus rules into one
//! operation each (`Op::Row`, `Op::Rows`, `Op::Sum`).

use super::{Cond, Op};
use crate::plan::exact::Q;

/// Makes the operations of the node just compiled (from its `Start` to its `EndPlain`) one,
/// for the most common nodes of a rubric without bonus rules: an item of `award P when C`
/// lines alone, and a parent with nothing to apply after summing its children.
pub(super) fn fuse(ops: &mut Vec<Op>) {
    let Some(start) = ops.iter().rposition(|o| matches!(o, Op::Start(_) | Op::Full(..))) else { return };
    let Some(body) = ops.get(start..) else { return };
    let fused = match body {
        [Op::Start(node), Op::KidsPlain(from, to), Op::EndPlain(_)] => Op::Sum { node: *node, from: *from, to: *to },
        [Op::Start(node), Op::AwardIf { rule, cond, points }, Op::EndPlain(_)] => {
            Op::Row { node: *node, rule: *rule, cond: cond.clone(), points: *points }
        }
        [Op::Start(node), awards @ .., Op::EndPlain(_)] if !awards.is_empty() => {
            let parts: Option<Vec<(u32, Cond, Q)>> = awards
                .iter()
                .map(|o| match o {
                    Op::AwardIf { rule, cond, points } => Some((*rule, cond.clone(), *points)),
                    _ => None,
                })
                .collect();
            let Some(parts) = parts else { return };
            Op::Rows { node: *node, parts: parts.into_boxed_slice() }
        }
        _ => return,
    };
    ops.truncate(start);
    ops.push(fused);
}
