//! The subsets of figures that compare units: `rank(x among C, else V)` — the condition, a truth
//! value of each unit's own facts, and the `else` value, of the figure's kind.

use crate::check::typeck::Scope;
use crate::diag::{Code, Report};
use crate::plan::cohort_read;
use crate::value::Ty;
use rubric_syntax::ast::Func;

/// Whether a compiled expression reads a row's score.
fn reads_row(e: &crate::plan::CExpr) -> bool {
    let mut refs = Vec::new();
    crate::plan::strata::node_refs(e, &mut refs);
    !refs.is_empty()
}

impl Scope<'_> {
    /// Whether reads include a figure that compares units (directly or through a derived value).
    pub(super) fn compares(&self, reads: &[usize]) -> bool {
        reads.iter().any(|&r| cohort_read(r).is_some() || self.syms.values().any(|y| y.slot == r && y.cohort))
    }

    /// The subset of a cohort figure `text` of type `ty`: its condition, a truth value of each
    /// unit's own facts, and its `else`, a value of the figure's kind.
    pub(super) fn subset(
        &self,
        text: &str,
        f: Func,
        ty: Ty,
        a: &rubric_syntax::ast::Among,
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<crate::plan::Subset> {
        let mut cond_reads = Vec::new();
        let (cond, ct) = self.expr(&a.cond, report, &mut cond_reads)?;
        let why = if ct != Ty::Bool {
            Some(("is not a truth value", "不是真假值"))
        } else if self.compares(&cond_reads) {
            Some(("reads a figure over units", "读取了对各单位的统计值"))
        } else if reads_row(&cond) {
            // The subset is known before any row is scored.
            Some(("reads a row's score", "读取了行的得分"))
        } else {
            None
        };
        if let Some((en, zh)) = why {
            report.push(Code::SubsetCondition.at(self.file, a.cond.span).arg(text).word(en, zh));
            return None;
        }
        let or_else = match &a.or_else {
            Some(x) => {
                let mut else_reads = Vec::new();
                let (c, et) = self.expr(x, report, &mut else_reads)?;
                if reads_row(&c) {
                    let d = Code::SubsetCondition.at(self.file, x.span).arg(text);
                    report.push(d.word("has an `else` that reads a row's score", "的 `else` 读取了行的得分"));
                    return None;
                }
                if !et.same_family(ty) || self.compares(&else_reads) {
                    report.push(Code::SubsetElse.at(self.file, x.span).arg(text).ty(et).ty(ty));
                    return None;
                }
                reads.extend(else_reads);
                Some((c, self.src.get(x.span.start..x.span.end).unwrap_or("").trim().to_string()))
            }
            None => {
                if matches!(f, Func::Best | Func::Worst | Func::Average | Func::Ratio) {
                    report.push(Code::SubsetEmpty.at(self.file, a.cond.span).arg(text).arg(f.name()));
                }
                None
            }
        };
        let mut r = cond_reads.clone();
        r.sort_unstable();
        r.dedup();
        reads.extend(cond_reads);
        let (or_else, else_text) = or_else.map_or((None, None), |(c, t)| (Some(c), Some(t)));
        Some(crate::plan::Subset {
            cond,
            text: self.src.get(a.cond.span.start..a.cond.span.end).unwrap_or("").trim().to_string(),
            or_else,
            else_text,
            reads: r,
        })
    }
}
