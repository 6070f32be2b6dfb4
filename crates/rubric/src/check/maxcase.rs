//! A maximum that depends on the unit (`max 2 when 地区类别 == 城区 else 4`, 城区2分，其他4分):
//! each node's cases compiled with the checks on what their conditions read, and the cases of
//! the whole rubric found and each compiled into its own plan (`check/cases`).

use crate::check::compile::Compiler;
use crate::check::typeck::Want;
use crate::diag::codes::{Arg, Code};
use crate::plan::maxcase::{MaxArm, MaxCaseDef};
use crate::plan::{CExpr, Kind};
use crate::source::FileId;
use rubric_syntax::ast::FactType;
use rubric_syntax::ast::{self, LitValue};
use rust_decimal::Decimal;

/// Where the node with cases stands: what the checker needs to compile them.
pub(super) struct CaseSite<'a> {
    pub(super) file: FileId,
    pub(super) idx: usize,
    pub(super) id: &'a str,
    pub(super) kind: Kind,
    /// Inside a block used by the rubric (`using` not empty).
    pub(super) in_block: bool,
}

impl Compiler {
    /// The cases of a node's maximum and the maximum of the case being compiled
    /// (`Compiler::max_choice`; without one, `else`, or the last case when there is no `else`).
    pub(super) fn max_case(&mut self, at: &CaseSite<'_>, cases: &ast::MaxCases) -> Option<(Decimal, MaxCaseDef)> {
        let shown = if at.kind == Kind::Rubric { Arg::word("the rubric", "细则") } else { Arg::text(at.id) };
        if at.in_block || !self.periods.is_empty() {
            let place = match at.in_block {
                true => Arg::word("a block", "区块（block）中"),
                false => Arg::word("a rubric scored in periods", "分期考核的细则中"),
            };
            self.report.push(Code::MaxCasePlace.at(at.file, cases.span).put(shown).put(place));
            return None;
        }
        let src = self.src(at.file);
        let mut arms = Vec::new();
        for arm in &cases.cases {
            let max = self.case_points(at, &arm.value)?;
            let scope = scope!(self, at.file, &src);
            let cond = scope.rule(&arm.when, Want::Bool, &mut self.report, &mut self.used)?;
            if let Some(what) = self.scored_read(&cond.expr, &cond.reads) {
                self.report.push(Code::MaxCaseRead.at(at.file, arm.when.span).put(shown.clone()).put(what));
                return None;
            }
            arms.push(MaxArm { max, cond });
        }
        let otherwise = match &cases.otherwise {
            Some(o) => Some(self.case_points(at, o)?),
            None => None,
        };
        let chosen = match self.max_choice.as_ref().and_then(|m| m.get(&at.idx)) {
            Some(c) => *c,
            None if otherwise.is_some() => None,
            None => arms.len().checked_sub(1),
        };
        let def = MaxCaseDef { arms, otherwise, chosen };
        let Some(max) = def.max_of(chosen) else {
            let d = Code::CheckerInternal.at(at.file, cases.span).arg("a case of a maximum that is not written");
            self.report.push(d);
            return None;
        };
        Some((max, def))
    }

    /// The points of one case, a number.
    fn case_points(&mut self, at: &CaseSite<'_>, l: &ast::Literal) -> Option<Decimal> {
        match l.value {
            LitValue::Number(n) => Some(n),
            // The grammar allows only a number here.
            LitValue::Percent(_) | LitValue::Date(_) => {
                self.report.push(Code::TypeMax.at(at.file, l.span).arg(at.id).arg(&l.text));
                None
            }
        }
    }

    /// What a case's condition reads that depends on scoring or is not given to the unit: a
    /// derived value, a node's score, a figure over units, a list; a fact that is not a kind, a
    /// yes/no or a `given` fact. `None` when it reads only such facts.
    fn scored_read(&self, e: &CExpr, reads: &[usize]) -> Option<Arg> {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match e {
                CExpr::Const(_) | CExpr::Slot(_) => {}
                CExpr::Unary(_, a) => stack.push(a),
                CExpr::Binary(_, a, b, _) => stack.extend([a.as_ref(), b.as_ref()]),
                CExpr::If(a, b, c) => stack.extend([a.as_ref(), b.as_ref(), c.as_ref()]),
                CExpr::Call(_, args) => stack.extend(args.iter()),
                CExpr::Cohort(_) => return Some(Arg::word("a figure over the units", "参评单位间的比较值")),
                CExpr::Node(_) => return Some(Arg::word("a node's score", "某项得分")),
                CExpr::Agg(_) => return Some(Arg::word("a list of records", "记录清单")),
            }
        }
        for &slot in reads {
            let Some(f) = self.facts.get(slot) else {
                let name = slot.checked_sub(self.facts.len()).and_then(|l| self.lets.get(l)).map(|l| l.name.clone());
                let name = name.unwrap_or_default();
                return Some(Arg::word(format!("the derived value `{name}`"), format!("派生值 `{name}`")));
            };
            let plain = matches!(f.ty, FactType::Kind | FactType::Bool) || f.given;
            if !plain || f.optional {
                return Some(Arg::word(format!("the fact `{}`", f.name), format!("事实 `{}`", f.name)));
            }
        }
        None
    }
}
