//! Scoring rules of an item: bands, awards, deductions and bonuses, scores, judged points, zero and veto.

use crate::check::compile::Compiler;
use crate::check::typeck::Want;
use crate::diag::codes::Code;
use crate::plan::*;
use crate::source::FileId;
use crate::value::Ty;
use rubric_syntax::Span;
use rubric_syntax::ast::{self};

impl Compiler {
    pub(super) fn adjust(&mut self, file: FileId, src: &str, a: &ast::Adjust, span: Span) -> Option<AdjustDef> {
        let scope = scope!(self, file, src);
        let amount = scope.rule(&a.amount, Want::Points, &mut self.report, &mut self.used);
        let per =
            a.per.as_ref().map(|p| scope.rule(&scope.per_list(p), Want::Quantity, &mut self.report, &mut self.used));
        let when = a.when.as_ref().map(|w| scope.rule(w, Want::Bool, &mut self.report, &mut self.used));
        let max = a.max.as_ref().map(|m| scope.rule(m, Want::Points, &mut self.report, &mut self.used));
        Some(AdjustDef {
            amount: amount?,
            per: per.map(|p| p.ok_or(())).transpose().ok()?,
            when: when.map(|p| p.ok_or(())).transpose().ok()?,
            max: max.map(|p| p.ok_or(())).transpose().ok()?,
            label: a.label.as_ref().map(|l| l.value.clone()),
            loc: Loc { file, span },
        })
    }

    pub(super) fn band(&mut self, file: FileId, src: &str, b: &ast::Band, span: Span) -> Option<BandDef> {
        let scope = scope!(self, file, src);
        let mut subject = scope.rule(&b.subject, Want::Bandable, &mut self.report, &mut self.used)?;
        // A ratio banded by percent bounds is a rate.
        let percent =
            |b: &ast::Bound| matches!(b, ast::Bound::Value(l) if matches!(l.value, ast::LitValue::Percent(_)));
        if subject.ty == Ty::Ratio && b.arms.iter().any(|a| percent(&a.interval.lo) || percent(&a.interval.hi)) {
            subject.ty = Ty::Percent;
            scope.as_percent(&subject.expr);
        }
        let mut arms = Vec::new();
        for arm in &b.arms {
            let range = self.range(file, &arm.interval, subject.ty);
            let scope = scope!(self, file, src);
            let points = scope.rule(&arm.points, Want::Points, &mut self.report, &mut self.used);
            if let (Some(range), Some(points)) = (range, points) {
                arms.push(ArmDef {
                    range,
                    points: points.expr,
                    points_text: points.text,
                    label: arm.label.as_ref().map(|l| l.value.clone()),
                    loc: Loc { file, span: arm.span },
                });
            }
        }
        if b.arms.is_empty() {
            self.report.push(Code::EmptyBand.at(file, span));
        }
        let complete = !arms.is_empty() && arms.len() == b.arms.len();
        Some(BandDef { subject, arms, complete, loc: Loc { file, span } })
    }

    /// `score EXPR`: points from an expression, its label shown after its text.
    pub(super) fn score(&mut self, file: FileId, src: &str, sc: &ast::ScoreStmt) -> Option<ExprRule> {
        let scope = scope!(self, file, src);
        let mut r = scope.rule(&sc.expr, Want::Points, &mut self.report, &mut self.used)?;
        if let Some(l) = &sc.label {
            r.text = format!("{}（{}）", r.text, l.value);
        }
        Some(r)
    }

    /// `judged FACT`: the points a reviewer gives, a `points` fact.
    pub(super) fn judged(&mut self, file: FileId, src: &str, j: &ast::Judged, span: Span) -> Option<JudgedDef> {
        match self.syms.get(&j.fact.value).copied() {
            Some(sym) if sym.slot < self.facts.len() && sym.ty == Ty::Points => {
                self.used.push(sym.slot);
                Some(JudgedDef {
                    slot: sym.slot,
                    name: j.fact.value.clone(),
                    label: j.label.as_ref().map(|l| l.value.clone()),
                    loc: Loc { file, span },
                })
            }
            Some(_) => {
                self.report.push(Code::TypeJudged.at(file, j.fact.span).arg(&j.fact.value));
                None
            }
            None => {
                // Not a name: reported as an expression naming it would be.
                let e = ast::Expr { kind: ast::ExprKind::Name(j.fact.value.clone()), span: j.fact.span };
                let scope = scope!(self, file, src);
                let _ = scope.expr(&e, &mut self.report, &mut Vec::new());
                None
            }
        }
    }

    /// `zero when COND` or `veto when COND`.
    pub(super) fn cond(&mut self, file: FileId, src: &str, c: &ast::Cond, span: Span) -> Option<CondDef> {
        let scope = scope!(self, file, src);
        let cond = scope.rule(&c.cond, Want::Bool, &mut self.report, &mut self.used)?;
        Some(CondDef { cond, label: c.label.as_ref().map(|l| l.value.clone()), loc: Loc { file, span } })
    }
}
