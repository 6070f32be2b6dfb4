//! The words of a comparison of two versions of a rubric (`rulecheck diff`): a row's status, what
//! changed about it, the summary of the rule changes and the headings.

use super::renderer::Render;
use super::sentences::L;
use crate::analysis::diff::{RowChange, Status};
use crate::diag::Lang;
use crate::value::show_num;

/// A fixed word of a comparison ([`Render::diff_word`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DiffWord {
    /// The heading of the rule lines of the total (a veto, a cap of the whole rubric).
    Root,
    /// The heading of the declarations of facts and derived values.
    Declarations,
    /// `修改`: something changed.
    Changed,
    /// A unit none of whose rows changed.
    NoRows,
    /// The heading of a row.
    Row,
    /// The heading of a title.
    Title,
    /// The heading of a change.
    Change,
    /// The heading of the explanation of a change.
    Note,
    /// The heading of the rule lines.
    Rules,
}

impl Render<'_> {
    /// A fixed word of a comparison.
    pub fn diff_word(&self, w: DiffWord) -> &'static str {
        let l = L(self.lang());
        match w {
            DiffWord::Root => l.pick("总分规则", "Rules of the total"),
            DiffWord::Declarations => l.pick("事实和派生值的声明", "Declarations of facts and derived values"),
            DiffWord::Changed => l.pick("修改", "changed"),
            DiffWord::NoRows => l.pick("（没有行变化）", "(no row changed)"),
            DiffWord::Row => l.pick("行", "row"),
            DiffWord::Title => l.pick("名称", "title"),
            DiffWord::Change => l.pick("变化", "change"),
            DiffWord::Note => l.pick("说明", "what changed"),
            DiffWord::Rules => l.pick("规则", "rules"),
        }
    }

    /// A row's status: `修改`, `新增`, ….
    pub fn diff_status(&self, s: Status) -> &'static str {
        let l = L(self.lang());
        match s {
            Status::Unchanged => l.pick("未变", "same"),
            Status::Changed => l.pick("修改", "changed"),
            Status::Moved => l.pick("移动", "moved"),
            Status::Added => l.pick("新增", "added"),
            Status::Removed => l.pick("删除", "removed"),
        }
    }

    /// `规则变化 2023 → 2024：修改 3 行，新增 1 行`: the rows changed, by status.
    pub fn diff_summary(&self, old: &str, new: &str, counts: &[(Status, usize)]) -> String {
        let zh = self.lang() == Lang::Zh;
        let parts: Vec<String> = counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|&(s, n)| match zh {
                true => format!("{} {n} 行", self.diff_status(s)),
                false => format!("{n} {}", self.diff_status(s)),
            })
            .collect();
        match (zh, parts.is_empty()) {
            (true, true) => format!("规则变化 {old} → {new}：无"),
            (true, false) => format!("规则变化 {old} → {new}：{}", parts.join("，")),
            (false, true) => format!("rule changes {old} → {new}: none"),
            (false, false) => format!("rule changes {old} → {new}: {} rows", parts.join(", ")),
        }
    }

    /// `只有 2023 的事实：甲、乙`: the facts only one version declares.
    pub fn facts_only(&self, version: &str, facts: &[String]) -> String {
        match self.lang() {
            Lang::Zh => format!("只有 {version} 的事实：{}", facts.join("、")),
            _ => format!("facts only in {version}: {}", facts.join(", ")),
        }
    }

    /// What changed about a row besides its rule lines, in one line: its points, title, parent,
    /// and the metadata (lead, office, owner, due, the standard's text).
    pub fn row_change(&self, r: &RowChange, old: &str, new: &str) -> String {
        let (l, zh) = (L(self.lang()), self.lang() == Lang::Zh);
        let none = |s: &str| if s.is_empty() { l.pick("（无）", "(none)").to_string() } else { s.to_string() };
        let mut parts = Vec::new();
        let (points, only) =
            (l.pick("分值", "points"), |v: &str| l.paren(&format!("{} {v}", l.pick("只在", "only in"))));
        match (r.old_max, r.new_max) {
            (Some(a), Some(b)) if a != b => parts.push(format!("{points} {} → {}", show_num(a), show_num(b))),
            (Some(a), None) => parts.push(format!("{points} {}{}", show_num(a), only(old))),
            (None, Some(b)) => parts.push(format!("{points} {}{}", show_num(b), only(new))),
            _ => {}
        }
        if let Some(t) = &r.old_title {
            parts.push(format!("{} {t} → {}", l.pick("名称", "title"), r.title));
        }
        if let Some((a, b)) = &r.moved {
            parts.push(format!("{} {} → {}", l.pick("上级", "parent"), none(a), none(b)));
        }
        for m in &r.meta {
            let field = match m.field {
                "lead" => l.pick("牵头领导", "lead"),
                "office" => l.pick("责任股室", "office"),
                "owner" => l.pick("责任人", "owner"),
                "due" => l.pick("完成时限", "due"),
                "text" => l.pick("评分标准原文", "the standard's text"),
                other => other,
            };
            parts.push(match (m.field, zh) {
                ("text", true) => format!("{field}有改动"),
                ("text", false) => format!("{field} changed"),
                _ => format!("{field} {} → {}", none(&m.old), none(&m.new)),
            });
        }
        parts.join(l.pick("；", "; "))
    }
}
