//! Periods: their declarations, the names `only` and tests give, and the rubric's maximum
//! against the weighted periods.

use crate::check::compile::Compiler;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::*;
use crate::source::FileId;
use crate::value::show_num;
use rubric_syntax::Span;
use rubric_syntax::ast::{Container, Stmt, StmtKind};
use std::collections::{HashMap, HashSet};

/// Most periods a rubric may declare.
const MAX_PERIODS: usize = 24;

impl Compiler {
    /// Collects the `period` declarations of the rubric body.
    pub(super) fn period_decls(&mut self, file: FileId, body: &[Stmt]) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        for s in body {
            let StmtKind::Period(p) = &s.kind else { continue };
            if self.periods.len() == MAX_PERIODS {
                // Each period is scored on its own copy of the plan: keep the copies few.
                self.report.push(Code::TooManyPeriods.at(file, p.name.span).arg(MAX_PERIODS));
                return;
            }
            if let Some(prev) = seen.get(&p.name.value) {
                self.report.push(Code::DuplicatePeriod.at(file, p.name.span).arg(&p.name.value).note(
                    file,
                    *prev,
                    Phrase::FirstDeclared,
                    [],
                ));
                continue;
            }
            seen.insert(p.name.value.clone(), p.name.span);
            let Some(weight) = self.lit_num(file, &p.weight) else { continue };
            let due = p.due.as_ref().map(|d| {
                self.deadline_year(
                    file,
                    d.span,
                    chrono::Datelike::year(&d.value),
                    &d.value.format("%Y-%m-%d").to_string(),
                );
                d.value.format("%Y-%m-%d").to_string()
            });
            self.periods.push(PeriodDef {
                name: p.name.value.clone(),
                title: p.title.value.clone(),
                weight,
                weight_text: p.weight.text.clone(),
                due,
                nodes: Vec::new(),
            });
        }
    }

    /// The indices of the periods named, reporting names that are not declared periods.
    pub(super) fn period_names(&mut self, file: FileId, names: &[rubric_syntax::Spanned<String>]) -> Vec<usize> {
        let mut out = Vec::new();
        for n in names {
            match self.periods.iter().position(|p| p.name == n.value) {
                Some(i) => out.push(i),
                None => {
                    let d = Code::UnknownPeriod.at(file, n.span).arg(&n.value);
                    let best = crate::diag::closest(&n.value, self.periods.iter().map(|p| p.name.as_str()), 0.4);
                    self.report.push(match best {
                        Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                        None if self.periods.is_empty() => d.hint(Phrase::DeclarePeriods, []),
                        None => d.hint(
                            Phrase::PeriodsAre,
                            [Arg::text(self.periods.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "))],
                        ),
                    });
                }
            }
        }
        out
    }

    /// `max NAME` where NAME is not a parameter of the block.
    pub(super) fn unknown_param(&mut self, file: FileId, m: &rubric_syntax::Spanned<String>) {
        self.report.push(Code::UnknownParamMax.at(file, m.span).arg(&m.value));
    }

    /// Gives every used block its arguments: each `use` reached from `body` (and from the blocks
    /// it uses) replaces its block by a copy with the parameters substituted.
    pub(super) fn bind_uses(&mut self, entry: FileId, body: &[Stmt], library: bool) {
        let mut done: HashSet<String> = HashSet::new();
        // Each use starts from the block as written, not from a copy another use made of it.
        let written = self.blocks.clone();
        // The entry's body is only read: borrowed, not copied; blocks are copied out of `self`.
        // Each body carries the blocks it was copied out of: a block met again inside its own copy
        // is a cycle (`rubric::use-cycle`, reported by `check/tree`), never copied again — renamed
        // copies (`use … as`) would otherwise nest without end.
        type Work<'b> = (FileId, std::borrow::Cow<'b, [Stmt]>, Vec<String>);
        let mut work: Vec<Work<'_>> = vec![(entry, std::borrow::Cow::Borrowed(body), Vec::new())];
        while let Some((file, body, within)) = work.pop() {
            let mut found = Vec::new();
            let mut stack: Vec<&[Stmt]> = vec![&body];
            while let Some(b) = stack.pop() {
                for s in b {
                    match &s.kind {
                        StmtKind::Node(n) => stack.push(&n.body),
                        StmtKind::Use(u) => found.push(u.clone()),
                        _ => {}
                    }
                }
            }
            for u in found {
                if within.contains(&u.name.value) {
                    continue;
                }
                let key = crate::check::alias::key(&u).to_string();
                if !done.insert(key.clone()) {
                    continue;
                }
                if let Some(a) = &u.alias
                    && let Some((bf, b)) = written.get(&a.value)
                {
                    let at = b.name.as_ref().map_or(b.head, |n| n.span);
                    self.report.push(Code::UseAsTaken.at(file, a.span).arg(&a.value).note(
                        *bf,
                        at,
                        Phrase::FirstDefined,
                        [],
                    ));
                    continue;
                }
                // An unknown block is reported where it is used (`check/tree`).
                let Some((bf, b)) = written.get(&u.name.value).cloned() else { continue };
                let plain = b.params.is_empty() && u.args.is_empty() && b.max_name.is_none();
                let inner: Vec<String> = within.iter().cloned().chain([u.name.value.clone()]).collect();
                if plain && u.alias.is_none() {
                    work.push((bf, std::borrow::Cow::Owned(b.body), inner));
                    continue;
                }
                let mut inst = if plain {
                    b
                } else {
                    crate::check::params::instantiate(&b, bf, &u, file, library, &mut self.report)
                };
                if let Some(a) = &u.alias {
                    inst = crate::check::alias::rename(&inst, &u.name.value, &a.value, u.title.as_ref());
                }
                work.push((bf, std::borrow::Cow::Owned(inst.body.clone()), inner));
                self.blocks.insert(key, (bf, inst));
            }
        }
    }

    /// With periods, the rubric's declared maximum is the weighted sum of the periods' maxima.
    /// Sets the plan's maximum to it, or reports one that overflows.
    pub(super) fn check_period_max(&mut self, file: FileId, rubric: &Container, r: &mut Plan) {
        if r.periods.is_empty() || self.report.has_errors() {
            return;
        }
        let mut parent = vec![None; r.nodes.len()];
        for (i, n) in r.nodes.iter().enumerate() {
            for &c in &n.children {
                if let Some(p) = parent.get_mut(c) {
                    *p = Some(i);
                }
            }
        }
        let scored = |i: usize| r.periods.iter().any(|p| p.nodes.get(i).copied().unwrap_or(false));
        for (i, n) in r.nodes.iter().enumerate().skip(1) {
            if scored(i) || parent.get(i).copied().flatten().is_some_and(|p| !scored(p)) {
                continue;
            }
            self.report.push(Code::NeverScored.at(n.loc.file, n.loc.span).arg(&n.id));
        }
        let shown = |r: &Plan| -> Vec<String> {
            r.periods.iter().map(|p| format!("{} × {}", show_num(r.period_root_max(p)), p.weight_text)).collect()
        };
        // `None` only on overflow, as there are periods.
        let Some(combined) = r.period_max() else {
            self.report.push(Code::PeriodMaxOverflow.at(file, rubric.head).arg(shown(r).join(" + ")));
            return;
        };
        r.max = combined;
        let root = r.root();
        if root.max_declared && root.max != combined {
            let shown = shown(r);
            self.report.push(
                Code::PeriodMaxMismatch
                    .at(file, rubric.head)
                    .arg(show_num(root.max))
                    .arg(show_num(combined))
                    .arg(shown.join(" + ")),
            );
        }
    }
}
