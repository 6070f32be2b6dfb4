//! Lists of records in the checker: a list fact's fields (`fact 事故: list { 等级: kind 一般/较大 … }`),
//! the names read inside a record (a field, a table looked up by fields), and the aggregates over a
//! list (`count(事故 where 等级 == 一般)`, `sum(表彰 by 工作项目, max 加分)`, `per 事故 where …`),
//! compiled into [`AggDef`]s.

use crate::check::compile::Compiler;
use crate::check::typeck::{Scope, unify};
use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::lists::{AggDef, FIELD, field_read};
use crate::plan::{CExpr, FactDef, Loc, fact_ty};
use crate::source::FileId;
use crate::value::Ty;
use rubric_syntax::ast::{self, Agg, AggFunc, Expr, ExprKind, FactType, ListExpr};
use std::collections::HashMap;

/// The tables looked up by fields of a list: name → (the list's slot, the table's expression).
pub(crate) type RecordTables = HashMap<String, (usize, Expr)>;

impl Compiler {
    /// The fields of a list fact, each once; none for other facts.
    pub(super) fn list_fields(&mut self, file: FileId, f: &ast::FactDecl) -> Vec<FactDef> {
        if f.ty.value != FactType::List {
            return Vec::new();
        }
        if f.fields.is_empty() {
            self.report.push(Code::ListNoFields.at(file, f.name.span).arg(&f.name.value));
        }
        let mut out: Vec<FactDef> = Vec::new();
        for x in &f.fields {
            if out.iter().any(|o| o.name == x.name.value) {
                self.report.push(Code::ListFieldTwice.at(file, x.name.span).arg(&f.name.value).arg(&x.name.value));
                continue;
            }
            let range = x.range.as_ref().and_then(|r| self.range(file, r, fact_ty(x.ty.value)));
            let names = self.kind_names(file, x);
            out.push(FactDef {
                name: x.name.value.clone(),
                ty: x.ty.value,
                desc: x.desc.as_ref().map(|d| d.value.clone()),
                range,
                loc: Loc { file, span: x.name.span },
                used: false,
                given: false,
                names,
                fields: Vec::new(),
                // A field of a record is never 不适用 (only a fact declared `optional` is).
                optional: false,
            });
        }
        out
    }

    /// A field named as a fact or derived value of the rubric is reported: inside a record the
    /// field would hide it. In a block used `as` a part (`一.1.事故`), so is a field named as one
    /// of the part's own names (`一.1.损失`), as it is when the block is used without `as`.
    pub(super) fn field_names(&mut self) {
        for f in &self.facts {
            let part = f.name.rsplit_once('.').map(|(p, _)| p);
            for x in &f.fields {
                let in_part = part.is_some_and(|p| self.all_names.contains(&format!("{p}.{}", x.name)));
                if in_part || self.all_names.contains(&x.name) {
                    self.report.push(Code::ListFieldShadows.at(x.loc.file, x.loc.span).arg(&f.name).arg(&x.name));
                }
            }
        }
    }

    /// The slot of the list whose fields a table is looked up by, when none of them is a fact.
    pub(super) fn record_list(&self, t: &ast::Table) -> Option<usize> {
        if t.by.iter().any(|k| self.syms.contains_key(&k.value)) {
            return None;
        }
        self.facts.iter().position(|f| t.by.iter().all(|k| f.fields.iter().any(|x| x.name == k.value)))
    }

    /// A table looked up by fields of a list: checked as any table, and kept to be compiled where
    /// a record of the list is read.
    pub(super) fn record_table(&mut self, file: FileId, t: &ast::Table, list: usize) {
        let Some(def) = self.facts.get(list) else { return };
        let mut kinds = Vec::new();
        for k in &t.by {
            match def.fields.iter().find(|x| x.name == k.value) {
                Some(x) if x.ty == FactType::Kind => kinds.push(x.clone()),
                _ => {
                    self.report.push(Code::TableBy.at(file, k.span).arg(&t.name.value).arg(&k.value));
                    return;
                }
            }
        }
        if let Some(expr) = self.table_expr(file, t, &kinds) {
            self.record_tables.insert(t.name.value.clone(), (list, expr));
        }
    }
}

impl Scope<'_> {
    /// The field `n` of the record read here, with its index.
    pub(super) fn field(&self, n: &str) -> Option<(usize, &FactDef)> {
        let list = self.facts.get(self.record?)?;
        list.fields.iter().enumerate().find(|(_, f)| f.name == n)
    }

    /// The slot of the list fact `n`, if it is one.
    fn list_slot(&self, n: &str) -> Option<usize> {
        let slot = self.syms.get(n)?.slot;
        self.facts.get(slot).filter(|f| f.ty == FactType::List && f.name == n).map(|_| slot)
    }

    /// Whether the name is one of the lists' (a field, a table by fields, a list fact).
    pub(super) fn is_list_name(&self, n: &str) -> bool {
        self.field(n).is_some()
            || self.record_tables.contains_key(n)
            || self.list_slot(n).is_some()
            || (!self.syms.contains_key(n) && self.facts.iter().any(|f| f.fields.iter().any(|x| x.name == n)))
    }

    /// A name of the lists read as a value: a field of the record, a table by its fields; a list
    /// or a field outside its record is reported.
    pub(super) fn list_name(
        &self,
        e: &Expr,
        n: &str,
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        if let Some((i, f)) = self.field(n) {
            reads.push(FIELD | i);
            return Some((CExpr::Slot(FIELD | i), f.value_ty()));
        }
        if let Some((list, expr)) = self.record_tables.get(n) {
            if self.record == Some(*list) {
                return self.expr(expr, report, reads);
            }
            let list = self.facts.get(*list).map(|f| f.name.as_str()).unwrap_or_default();
            report.push(Code::ListFieldOutside.at(self.file, e.span).arg(n).arg(list));
            return None;
        }
        if self.list_slot(n).is_some() {
            report.push(Code::ListAsValue.at(self.file, e.span).arg(n));
            return None;
        }
        let list = self.facts.iter().find(|f| f.fields.iter().any(|x| x.name == n)).map(|f| f.name.as_str());
        report.push(Code::ListFieldOutside.at(self.file, e.span).arg(n).arg(list.unwrap_or_default()));
        None
    }

    /// `per 事故`: the number of records of a list (any other `per` as written).
    pub(super) fn per_list(&self, p: &Expr) -> Expr {
        match &p.kind {
            ExprKind::Name(n) if self.list_slot(n).is_some() => {
                let name = rubric_syntax::Spanned::new(n.clone(), p.span);
                let list = ListExpr { name, filter: None, by: None, span: p.span };
                Expr { kind: ExprKind::List(Box::new(list)), span: p.span }
            }
            _ => p.clone(),
        }
    }

    /// `per 事故 where 等级 == 一般`: the number of records that meet the condition.
    pub(super) fn list_where(
        &self,
        e: &Expr,
        l: &ListExpr,
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        let a = Agg { func: AggFunc::Count, list: l.clone(), pick: None, arg: None, default: None };
        self.agg(e, &a, report, reads)
    }

    /// Whether a call of two arguments names a list first: `max(表彰, 加分)`.
    pub(super) fn first_is_list(&self, args: &[Expr]) -> bool {
        matches!(args, [first, _] if matches!(&first.kind, ExprKind::Name(n) if self.list_slot(n).is_some()))
    }

    /// `max(L, E)` and `min(L, E)` over a list (the parser reads them as the calls of two values).
    pub(super) fn list_call(
        &self,
        e: &Expr,
        f: ast::Func,
        args: &[Expr],
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        let [first, arg] = args else { return None };
        let ExprKind::Name(n) = &first.kind else { return None };
        let list = ListExpr {
            name: rubric_syntax::Spanned::new(n.clone(), first.span),
            filter: None,
            by: None,
            span: first.span,
        };
        let func = if f == ast::Func::Max { AggFunc::Max } else { AggFunc::Min };
        self.agg(e, &Agg { func, list, pick: None, arg: Some(Box::new(arg.clone())), default: None }, report, reads)
    }

    /// An aggregate over a list.
    pub(super) fn agg(&self, e: &Expr, a: &Agg, report: &mut Report, reads: &mut Vec<usize>) -> Option<(CExpr, Ty)> {
        let name = &a.list.name;
        let Some(slot) = self.list_slot(&name.value) else {
            if self.syms.contains_key(&name.value) {
                report.push(Code::NotAList.at(self.file, name.span).arg(a.func.name()).arg(&name.value));
            } else {
                let first = Expr { kind: ExprKind::Name(name.value.clone()), span: name.span };
                self.expr(&first, report, reads);
            }
            return None;
        };
        if !self.shape_ok(e, a, report) {
            return None;
        }
        let list = self.facts.get(slot)?;
        let inner = Scope { record: Some(slot), ..*self };
        let mut inner_reads = Vec::new();
        let filter = match &a.list.filter {
            Some(c) => Some(inner.typed(c, Some(Ty::Bool), report, &mut inner_reads)?.0),
            None => None,
        };
        let by = match &a.list.by {
            Some(b) => Some(self.by_field(list, b, report)?),
            None => None,
        };
        let want = if a.func == AggFunc::All { Some(Ty::Bool) } else { None };
        let arg = match &a.arg {
            Some(x) => Some(inner.typed(x, want, report, &mut inner_reads)?),
            None => None,
        };
        if let (Some((_, t)), true) = (&arg, want.is_none()) {
            self.value_ty(e, a, *t, report)?;
        }
        let default = match (&a.default, &arg) {
            (Some(d), Some((_, t))) => Some(self.default(d, *t, report, &mut inner_reads)?),
            _ => None,
        };
        let ty = match (a.func, &arg) {
            (AggFunc::Count, _) => Ty::Count,
            (AggFunc::Any | AggFunc::All, _) => Ty::Bool,
            (AggFunc::Mean, Some((_, Ty::Count))) => Ty::Number,
            (_, Some((_, t))) => default.as_ref().map_or(*t, |(_, d)| unify(*t, *d)),
            (_, None) => Ty::Number,
        };
        let mut own: Vec<usize> = vec![slot];
        own.extend(inner_reads.iter().copied().filter(|r| field_read(*r).is_none()));
        own.dedup();
        reads.extend(own.iter().copied());
        let text = |span: rubric_syntax::Span| self.src.get(span.start..span.end).unwrap_or("").trim().to_string();
        Some((
            CExpr::Agg(Box::new(AggDef {
                func: a.func,
                list: slot,
                filter,
                by,
                pick: a.pick,
                arg: arg.map(|x| x.0),
                default: default.map(|x| x.0),
                ty,
                text: text(e.span),
                over: text(a.list.span),
                reads: own,
                by_name: a.list.by.as_ref().map(|b| b.value.clone()),
                of: a.arg.as_deref().map(|x| text(x.span)),
            })),
            ty,
        ))
    }

    /// The value of a record an aggregate takes: a number, points or a percent (or a date, for
    /// `max` and `min`); reported when it is not.
    fn value_ty(&self, e: &Expr, a: &Agg, t: Ty, report: &mut Report) -> Option<()> {
        let date_ok = matches!(a.func, AggFunc::Max | AggFunc::Min) && t == Ty::Date;
        if t.is_quantity() || t == Ty::Percent || date_ok {
            return Some(());
        }
        let x = a.arg.as_deref().map_or(e.span, |x| x.span);
        let want = Arg::word("a number, points or percent", "数、分数或百分数");
        report.push(Code::TypeExpected.at(self.file, x).put(want).ty(t));
        None
    }

    /// The `else` value of an aggregate, of the kind of its value `t`.
    fn default(&self, d: &Expr, t: Ty, report: &mut Report, reads: &mut Vec<usize>) -> Option<(CExpr, Ty)> {
        let (c, dt) = self.expr(d, report, reads)?;
        if !dt.same_family(t) {
            report.push(Code::TypeExpected.at(self.file, d.span).put(Arg::ty(t)).ty(dt));
            return None;
        }
        Some((c, dt))
    }

    /// An expression of a record, of the type wanted when one is.
    fn typed(&self, x: &Expr, want: Option<Ty>, report: &mut Report, reads: &mut Vec<usize>) -> Option<(CExpr, Ty)> {
        let (c, t) = self.expr(x, report, reads)?;
        if let Some(w) = want
            && t != w
        {
            report
                .push(Code::TypeExpected.at(self.file, x.span).put(Arg::word("a yes/no condition", "是非条件")).ty(t));
            return None;
        }
        Some((c, t))
    }

    /// The field a list is grouped by.
    fn by_field(&self, list: &FactDef, b: &ast::Ident, report: &mut Report) -> Option<usize> {
        if let Some(i) = list.fields.iter().position(|x| x.name == b.value) {
            return Some(i);
        }
        let listed = list.fields.iter().map(|x| format!("`{}`", x.name)).collect::<Vec<_>>().join("、");
        let d = Code::ListUnknownField.at(self.file, b.span).arg(&list.name).arg(&b.value).arg(listed);
        let near = crate::diag::closest(&b.value, list.fields.iter().map(|x| x.name.as_str()), 0.5);
        report.push(match near {
            Some(n) => d.hint(Phrase::DidYouMean, [Arg::text(n)]),
            None => d,
        });
        None
    }

    /// Whether the aggregate has the parts its function takes; reported when not.
    fn shape_ok(&self, e: &Expr, a: &Agg, report: &mut Report) -> bool {
        let (by, pick, arg, default) = (a.list.by.is_some(), a.pick.is_some(), a.arg.is_some(), a.default.is_some());
        let (ok, form) = match a.func {
            AggFunc::Count => (!arg && !pick && !default, "count(LIST [where COND] [by FIELD])"),
            AggFunc::Any => (!by && !arg && !pick && !default, "any(LIST [where COND])"),
            AggFunc::All => (!by && arg && !pick && !default, "all(LIST, COND)"),
            AggFunc::Sum => (arg && by == pick && !default, "sum(LIST, VALUE) or sum(LIST by FIELD, max VALUE)"),
            AggFunc::Max | AggFunc::Min | AggFunc::Mean => (!by && arg && !pick, "max(LIST, VALUE [, else VALUE])"),
        };
        if !ok {
            let form = match a.func {
                AggFunc::Min => form.replace("max(", "min("),
                AggFunc::Mean => form.replace("max(", "mean("),
                _ => form.to_string(),
            };
            report.push(Code::ListAggShape.at(self.file, e.span).arg(a.func.name()).arg(form));
        }
        ok
    }
}
