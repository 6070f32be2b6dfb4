//! Lowering of lists of records: `fact 事故: list { … }`, aggregates over a list
//! (`count(事故 where 等级 == 一般)`, `sum(表彰 by 工作项目, max 加分)`), `per 事故 where …` and the
//! records a test gives (`given 事故 = [{等级 = "一般"}, …]`).

use super::{Cx, Rule, ident, span};
use crate::ast::*;
use pest::iterators::Pair;

impl Cx<'_> {
    /// `fact NAME: list ["description"] { FIELD: TYPE … }`.
    pub(super) fn list_fact(&mut self, kids: Vec<Pair<'_, Rule>>) -> Option<StmtKind> {
        let mut name = None;
        let mut ty = None;
        let mut desc = None;
        let mut fields = Vec::new();
        for k in kids {
            match k.as_rule() {
                Rule::ident => name = Some(ident(&k)),
                Rule::kw_list => ty = Some(crate::span::Spanned::new(FactType::List, span(&k))),
                Rule::string => desc = Some(self.string(k)),
                Rule::list_field => {
                    let before = self.errors.len();
                    let kids = self.kids(k.clone());
                    let field = match self.fact(kids) {
                        Some(StmtKind::Fact(f)) => Some(f),
                        _ => None,
                    };
                    if let Some(f) = self.needed(field, before, &k) {
                        fields.push(f);
                    }
                }
                Rule::bad_arm => self.reparse(&k, Rule::field_alone),
                _ => self.skip(&k),
            }
        }
        Some(StmtKind::Fact(FactDecl {
            name: name?,
            ty: ty?,
            range: None,
            desc,
            given: false,
            names: Vec::new(),
            fields,
            optional: false,
        }))
    }

    /// `per EXPR` or `per LIST where COND`.
    pub(super) fn per(&mut self, p: Pair<'_, Rule>) -> Option<Expr> {
        let before = self.errors.len();
        let k = self.kids(p.clone()).into_iter().find(|k| matches!(k.as_rule(), Rule::expr | Rule::list_where));
        let k = self.needed(k, before, &p)?;
        if k.as_rule() == Rule::expr {
            return Some(self.expr(k));
        }
        let sp = span(&k);
        let list = self.list_expr(k)?;
        Some(Expr { kind: ExprKind::List(Box::new(list)), span: sp })
    }

    /// `LIST [where COND] [by FIELD]` (or `LIST where COND` of `per`).
    fn list_expr(&mut self, p: Pair<'_, Rule>) -> Option<ListExpr> {
        let sp = span(&p);
        let before = self.errors.len();
        let mut name = None;
        let mut filter = None;
        let mut by = None;
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::ident if name.is_none() => name = Some(ident(&k)),
                Rule::ident => by = Some(ident(&k)),
                Rule::expr => filter = Some(Box::new(self.expr(k))),
                _ => self.skip(&k),
            }
        }
        let name = self.needed(name, before, &p)?;
        Some(ListExpr { name, filter, by, span: sp })
    }

    /// `FUNC(LIST [, [max|min] EXPR] [, else EXPR])`.
    pub(super) fn aggregate(&mut self, p: Pair<'_, Rule>) -> ExprKind {
        let before = self.errors.len();
        let mut func = None;
        let mut list = None;
        let mut pick = None;
        let mut arg = None;
        let mut default = None;
        let mut after_else = false;
        for k in self.kids(p.clone()) {
            match k.as_rule() {
                Rule::agg_func => func = self.word(&k, "aggregate", agg_func),
                Rule::list_expr => list = self.list_expr(k),
                Rule::agg_pick => pick = self.word(&k, "choice in a group", agg_pick),
                Rule::kw_else => after_else = true,
                Rule::expr if after_else => default = Some(Box::new(self.expr(k))),
                Rule::expr => arg = Some(Box::new(self.expr(k))),
                _ => self.skip(&k),
            }
        }
        match self.needed(func.zip(list), before, &p) {
            // `max(a, b)` and `min(a, b)`: the calls, whose first value the checker may find is a
            // list (`max(表彰, 加分)`), as a block parameter may replace it.
            Some((func @ (AggFunc::Max | AggFunc::Min), list))
                if list.filter.is_none() && list.by.is_none() && pick.is_none() && default.is_none() =>
            {
                let f = if func == AggFunc::Max { Func::Max } else { Func::Min };
                let first = Expr { kind: ExprKind::Name(list.name.value), span: list.name.span };
                ExprKind::Call(f, std::iter::once(first).chain(arg.map(|a| *a)).collect())
            }
            Some((func, list)) => ExprKind::Agg(Box::new(Agg { func, list, pick, arg, default })),
            None => ExprKind::Error,
        }
    }

    /// `[{FIELD = VALUE, …}, …]`.
    pub(super) fn records(&mut self, p: Pair<'_, Rule>) -> Option<Vec<TestRecord>> {
        let mut out = Vec::new();
        for r in self.kids(p) {
            if r.as_rule() != Rule::record {
                self.skip(&r);
                continue;
            }
            let sp = span(&r);
            let mut fields = Vec::new();
            for f in self.kids(r) {
                if f.as_rule() != Rule::field_value {
                    self.skip(&f);
                    continue;
                }
                let before = self.errors.len();
                let mut name = None;
                let mut value = None;
                for x in self.kids(f.clone()) {
                    match x.as_rule() {
                        Rule::ident => name = Some(ident(&x)),
                        Rule::assign => {}
                        Rule::boolean => value = self.word(&x, "truth value", super::boolean).map(TestValue::Bool),
                        Rule::string => value = Some(TestValue::Text(self.string(x).value)),
                        _ => value = self.literal(x).map(TestValue::Lit),
                    }
                }
                if let Some(pair) = self.needed(name.zip(value), before, &f) {
                    fields.push(pair);
                }
            }
            out.push(TestRecord { fields, span: sp });
        }
        Some(out)
    }
}

/// The words of the grammar's `agg_func`.
fn agg_func(word: &str) -> Option<AggFunc> {
    Some(match word {
        "count" => AggFunc::Count,
        "any" => AggFunc::Any,
        "all" => AggFunc::All,
        "sum" => AggFunc::Sum,
        "max" => AggFunc::Max,
        "min" => AggFunc::Min,
        "mean" => AggFunc::Mean,
        _ => return None,
    })
}

/// The words of the grammar's `agg_pick`.
fn agg_pick(word: &str) -> Option<AggPick> {
    match word.trim() {
        "max" => Some(AggPick::Max),
        "min" => Some(AggPick::Min),
        _ => None,
    }
}
