//! The sentence of facts not given and not needed (issue 16): "未提供且未用到的事实：完成数、任务数",
//! in Chinese or English.

use super::sentences::L;
use crate::diag::Lang;

/// What the note of facts not given says: which facts, and that no rule evaluated read them.
pub(super) fn not_given(l: L, facts: &[String]) -> String {
    match l.0 {
        Lang::Zh => format!("未提供且未用到的事实：{}（读取它们的规则均未执行）", facts.join("、")),
        _ => format!("facts not given and not needed: {} (no rule that reads them was evaluated)", facts.join(", ")),
    }
}
