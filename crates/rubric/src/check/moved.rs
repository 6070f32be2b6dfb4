//! Points that move (计入, issue 17): `not_applicable => 三.2` on a row sends its points, when
//! it is not applicable, to the row named, a row of the same parent worth points that keeps its
//! own (`rubric::na-move`: no such row, a node with parts, a part of a `combine`, the row itself
//! or a row that moves its points again). Each receiving row learns which rows it takes from
//! (`NodeDef::takes`).

use super::compile::Compiler;
use crate::check::tree::half_width;
use crate::diag::codes::Code;
use crate::plan::{Kind, NodeDef};
use rubric_syntax::ast::NaHow;

impl Compiler {
    /// Finds the row each `not_applicable => ID` names and reports every move that cannot be.
    pub(super) fn moved_points(&mut self) {
        let mut takes: Vec<(usize, String)> = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            let Some(to) = moves(n, i) else { continue };
            let id = n.id.clone();
            let span = n.na.as_ref().and_then(|d| d.to_at).unwrap_or(n.loc.span);
            let at = |code: Code| code.at(n.loc.file, span).arg(&id).arg(to);
            if n.kind != Kind::Item || !n.children.is_empty() {
                self.report.push(at(Code::NaMovePlace));
                continue;
            }
            let parent = self.nodes.iter().find(|p| p.children.contains(&i));
            if parent.is_some_and(|p| p.combine.is_some()) {
                self.report.push(at(Code::NaMoveCombine));
                continue;
            }
            let siblings: &[usize] = parent.map_or(&[][..], |p| p.children.as_slice());
            let key = half_width(to);
            let found = siblings.iter().copied().find(|&s| self.nodes.get(s).is_some_and(|m| half_width(&m.id) == key));
            let Some(t) = found.filter(|&t| self.nodes.get(t).is_some_and(|m| !m.max.is_zero())) else {
                let names: Vec<String> = siblings
                    .iter()
                    .filter(|&&s| s != i)
                    .filter_map(|&s| self.nodes.get(s).map(|m| format!("`{}`", m.id)))
                    .collect();
                self.report.push(at(Code::NaMoveUnknown).arg(names.join(", ")));
                continue;
            };
            if t == i || self.nodes.get(t).is_some_and(|m| moves(m, t).is_some()) {
                self.report.push(at(Code::NaMoveChain));
                continue;
            }
            takes.push((t, id));
        }
        for (t, id) in takes {
            if let Some(n) = self.nodes.get_mut(t) {
                n.takes.push(id);
            }
        }
    }
}

/// The id node `i` sends its points to, when it states `not_applicable => ID` itself.
pub(crate) fn moves(n: &NodeDef, i: usize) -> Option<&str> {
    n.na.as_ref().filter(|d| d.stated_on == i && d.how == NaHow::Move).and_then(|d| d.to.as_deref())
}
