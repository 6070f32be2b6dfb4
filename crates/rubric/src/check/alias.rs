//! A block used `as` a part (`use 季报 as 一季度 "一季度报表"`): a copy of the block whose ids and
//! names are put under the part's id, so that one block gives several parts, each with its own
//! rows (`一季度.及时`) and its own facts (`一季度.报送日期`).

use rubric_syntax::Spanned;
use rubric_syntax::ast::{Container, Expr, ExprKind, Func, OnZero, Stmt, StmtKind};
use std::collections::HashMap;

/// The key under which a `use` finds its block: its `as` name, else the block's name.
pub(crate) fn key(u: &rubric_syntax::ast::UseStmt) -> &str {
    u.alias.as_ref().map_or(u.name.value.as_str(), |a| a.value.as_str())
}

/// `b` (the block `block`, its parameters already given) as the part `alias`: every node id under
/// `alias` (`季报.及时` → `一季度.及时`, an id without the block's name gets `一季度.` before it),
/// every fact, derived value and table the block declares named `一季度.NAME` wherever the block
/// writes it, the blocks it uses under `一季度.` too, and `title` for its title when given.
pub(crate) fn rename(b: &Container, block: &str, alias: &str, title: Option<&Spanned<String>>) -> Container {
    let mut out = b.clone();
    if let Some(t) = title {
        out.title = t.clone();
    }
    let names: HashMap<String, String> = out
        .body
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Fact(f) => Some(&f.name.value),
            StmtKind::Let(l) => Some(&l.name.value),
            StmtKind::Table(t) => Some(&t.name.value),
            _ => None,
        })
        .map(|n| (n.clone(), format!("{alias}.{n}")))
        .collect();
    // A fact's description says which part it is of: `第二季度：在规定时间内报送`.
    let part_title = out.title.clone();
    for s in &mut out.body {
        if let StmtKind::Fact(f) = &mut s.kind {
            let desc = f.desc.get_or_insert_with(|| Spanned::new(String::new(), part_title.span));
            desc.value = match desc.value.is_empty() {
                true => part_title.value.clone(),
                false => format!("{}：{}", part_title.value, desc.value),
            };
        }
    }
    // A list's fields are read by name inside its aggregates; they are not the part's names.
    let fields: HashMap<String, Vec<String>> = out
        .body
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Fact(f) if !f.fields.is_empty() => {
                Some((f.name.value.clone(), f.fields.iter().map(|x| x.name.value.clone()).collect()))
            }
            _ => None,
        })
        .collect();
    let part = Part { block, alias, names: &names, fields: &fields };
    let mut bodies: Vec<&mut [Stmt]> = vec![&mut out.body];
    while let Some(body) = bodies.pop() {
        for s in body.iter_mut() {
            match &mut s.kind {
                StmtKind::Node(n) => {
                    n.id.value = part.id(&n.id.value);
                    bodies.push(&mut n.body);
                }
                other => part.stmt(other),
            }
        }
    }
    out
}

/// What a renaming puts under the part's id.
struct Part<'a> {
    block: &'a str,
    alias: &'a str,
    names: &'a HashMap<String, String>,
    /// The fields of each list fact the block declares, by the list's name before renaming.
    fields: &'a HashMap<String, Vec<String>>,
}

impl Part<'_> {
    /// A node id under the part: the block's own name replaced, any other id prefixed.
    fn id(&self, id: &str) -> String {
        let rest = id.strip_prefix(self.block).and_then(|r| r.strip_prefix('.').or_else(|| r.strip_prefix('．')));
        match rest {
            Some(r) => format!("{}.{r}", self.alias),
            None if id == self.block => self.alias.to_string(),
            None => format!("{}.{id}", self.alias),
        }
    }

    fn name(&self, n: &mut String) {
        if let Some(new) = self.names.get(n.as_str()) {
            n.clone_from(new);
        }
    }

    /// The names of one statement that is not a node.
    fn stmt(&self, kind: &mut StmtKind) {
        let mut exprs: Vec<&mut Expr> = Vec::new();
        let mut scoped: Vec<(&mut Expr, Option<&[String]>)> = Vec::new();
        match kind {
            StmtKind::Fact(f) => self.name(&mut f.name.value),
            StmtKind::Let(l) => {
                self.name(&mut l.name.value);
                exprs.push(&mut l.expr);
                if let Some(OnZero::Value(v)) = &mut l.on_zero {
                    exprs.push(v);
                }
            }
            StmtKind::Table(t) => {
                self.name(&mut t.name.value);
                t.by.iter_mut().for_each(|k| self.name(&mut k.value));
                exprs.extend(t.cells.iter_mut().map(|c| &mut c.value));
            }
            StmtKind::Use(u) => {
                let inner = key(u).to_string();
                u.alias = Some(Spanned::new(format!("{}.{inner}", self.alias), u.name.span));
            }
            StmtKind::Judged(j) => self.name(&mut j.fact.value),
            StmtKind::Band(b) => {
                exprs.push(&mut b.subject);
                exprs.extend(b.arms.iter_mut().map(|a| &mut a.points));
            }
            other => crate::check::params::rule_exprs(other, &mut exprs),
        }
        scoped.extend(exprs.into_iter().map(|e| (e, None)));
        // Each expression with the fields of the record it is read over (inside an aggregate).
        while let Some((e, record)) = scoped.pop() {
            match &mut e.kind {
                ExprKind::Name(n) if record.is_some_and(|f| f.contains(n)) => {}
                ExprKind::Name(n) => self.name(n),
                ExprKind::Unary(_, a) | ExprKind::Paren(a) | ExprKind::In(a, _) => scoped.push((a, record)),
                ExprKind::Binary(_, a, b) => {
                    scoped.push((a, record));
                    scoped.push((b, record));
                }
                // `max(事故, 加分)` is read over the list `事故` when its first value names one.
                ExprKind::Call(Func::Max | Func::Min, args) => {
                    let inner = match args.first().map(|a| &a.kind) {
                        Some(ExprKind::Name(n)) => self.fields.get(n).map(Vec::as_slice),
                        _ => None,
                    };
                    let mut it = args.iter_mut();
                    scoped.extend(it.next().map(|a| (a, record)));
                    scoped.extend(it.map(|a| (a, inner.or(record))));
                }
                ExprKind::Call(_, args) => scoped.extend(args.iter_mut().map(|a| (a, record))),
                ExprKind::Among(_, args, among) => {
                    scoped.extend(args.iter_mut().map(|a| (a, record)));
                    scoped.push((&mut among.cond, record));
                    scoped.extend(among.or_else.as_mut().map(|e| (e, record)));
                }
                ExprKind::If(a, b, c) => {
                    scoped.push((a, record));
                    scoped.push((b, record));
                    scoped.push((c, record));
                }
                // A block's rule reads the block's own rows, which the part renames.
                ExprKind::NodeRef(_, id) => id.value = self.id(&id.value),
                // A list the block declares is renamed, not its fields read inside the aggregate.
                ExprKind::Agg(a) => {
                    let inner = self.fields.get(&a.list.name.value).map(Vec::as_slice);
                    self.name(&mut a.list.name.value);
                    let rubric_syntax::ast::Agg { list, arg, default, .. } = &mut **a;
                    scoped.extend(list.filter.as_deref_mut().map(|f| (f, inner)));
                    scoped.extend(arg.as_deref_mut().map(|x| (x, inner)));
                    scoped.extend(default.as_deref_mut().map(|d| (d, record)));
                }
                ExprKind::List(l) => {
                    let inner = self.fields.get(&l.name.value).map(Vec::as_slice);
                    self.name(&mut l.name.value);
                    scoped.extend(l.filter.as_deref_mut().map(|f| (f, inner)));
                }
                ExprKind::Lit(_) | ExprKind::Bool(_) | ExprKind::Error => {}
            }
        }
    }
}
