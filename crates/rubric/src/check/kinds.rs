//! Kinds (`fact 事故等级: kind 一般/较大/重大`): compared by name with `==`, `!=` and `in [...]`.
//! A kind's value is held as the index of its name, so every engine reads it as a whole number;
//! only these comparisons may read it, and a name it does not list is an error with did-you-mean.

use crate::check::typeck::Scope;
use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::{CExpr, FactDef};
use crate::value::{Ty, Value};
use rubric_syntax::ast::{BinOp, Expr, ExprKind, FactType, Ident};
use rust_decimal::Decimal;

impl Scope<'_> {
    /// The slot and declaration of the kind fact an expression names, if it names one.
    pub(super) fn kind_of(&self, e: &Expr) -> Option<(usize, &FactDef)> {
        let ExprKind::Name(n) = &e.kind else { return None };
        if let Some((i, f)) = self.field(n) {
            return (f.ty == FactType::Kind).then_some((crate::plan::lists::FIELD | i, f));
        }
        let slot = self.syms.get(n)?.slot;
        self.facts.get(slot).filter(|f| f.ty == FactType::Kind && f.name == *n).map(|f| (slot, f))
    }

    /// A kind read as a value (`事故等级 + 1`, `band 事故等级`): refused.
    pub(super) fn kind_alone(&self, e: &Expr, report: &mut Report) -> Option<(CExpr, Ty)> {
        let (_, f) = self.kind_of(e)?;
        let first = f.names.first().map(String::as_str).unwrap_or("甲");
        report.push(Code::KindUse.at(self.file, e.span).arg(&f.name).arg(first));
        None
    }

    /// `事故等级 == 重大` (either way round), `!=` alike: the kind's slot against its name's index.
    pub(super) fn kind_compare(
        &self,
        e: &Expr,
        op: BinOp,
        l: &Expr,
        r: &Expr,
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        let (kind, other) = if self.kind_of(l).is_some() { (l, r) } else { (r, l) };
        let (slot, f) = self.kind_of(kind)?;
        let name = match &other.kind {
            ExprKind::Name(n) => rubric_syntax::Spanned::new(n.clone(), other.span),
            _ => rubric_syntax::Spanned::new(self.text(other), other.span),
        };
        let index = self.kind_index(f, &name, report)?;
        reads.push(slot);
        let test = CExpr::Binary(op, Box::new(CExpr::Slot(slot)), Box::new(index), e.span);
        Some((test, Ty::Bool))
    }

    /// `事故等级 in [较大, 重大]`: the kind equals one of the names (an `or` of `==`).
    pub(super) fn kind_in(
        &self,
        e: &Expr,
        x: &Expr,
        names: &[Ident],
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        let Some((slot, f)) = self.kind_of(x) else {
            let (_, t) = self.expr(x, report, reads)?;
            report.push(Code::TypeExpected.at(self.file, x.span).put(Arg::word("a kind", "类别")).ty(t));
            return None;
        };
        let indexes: Vec<Option<CExpr>> = names.iter().map(|n| self.kind_index(f, n, report)).collect();
        let mut tests = indexes
            .into_iter()
            .map(|i| i.map(|i| CExpr::Binary(BinOp::Eq, Box::new(CExpr::Slot(slot)), Box::new(i), e.span)));
        let first = tests.next()??;
        let mut all = first;
        for t in tests {
            all = CExpr::Binary(BinOp::Or, Box::new(all), Box::new(t?), e.span);
        }
        reads.push(slot);
        Some((all, Ty::Bool))
    }

    /// The index of one of a kind's names, as a constant; a name it does not list is reported.
    fn kind_index(&self, f: &FactDef, name: &Ident, report: &mut Report) -> Option<CExpr> {
        if let Some(i) = f.names.iter().position(|n| *n == name.value) {
            return Some(CExpr::Const(Value::Num(Decimal::from(i))));
        }
        let listed = f.names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join("、");
        let near = crate::diag::closest(&name.value, f.names.iter().map(String::as_str), 0.5);
        let d = Code::KindName.at(self.file, name.span).arg(&name.value).arg(&f.name).arg(listed);
        report.push(match near {
            Some(n) => d.hint(Phrase::DidYouMean, [Arg::text(n)]),
            None => d,
        });
        None
    }

    /// The source text of an expression.
    fn text(&self, e: &Expr) -> String {
        self.src.get(e.span.start..e.span.end).unwrap_or("").trim().to_string()
    }
}
