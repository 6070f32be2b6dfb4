//! A block used `as` a part (`use 季报 as 一季度 "一季度报表"`): a copy of the block whose ids and
//! names are put under the part's id, so that one block gives several parts, each with its own
//! rows (`一季度.及时`) and its own facts (`一季度.报送日期`).

use rubric_syntax::Spanned;
use rubric_syntax::ast::{Container, Expr, ExprKind, OnZero, Stmt, StmtKind};
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
    let part = Part { block, alias, names: &names };
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
            StmtKind::Award(a) | StmtKind::Deduct(a) | StmtKind::Bonus(a) => {
                exprs.push(&mut a.amount);
                exprs.extend(a.per.as_mut());
                exprs.extend(a.when.as_mut());
                exprs.extend(a.max.as_mut());
            }
            StmtKind::Score(sc) => exprs.push(&mut sc.expr),
            StmtKind::Zero(c) | StmtKind::Veto(c) => exprs.push(&mut c.cond),
            StmtKind::CapWhen(c) => exprs.push(&mut c.cond),
            _ => {}
        }
        while let Some(e) = exprs.pop() {
            match &mut e.kind {
                ExprKind::Name(n) => self.name(n),
                ExprKind::Unary(_, a) | ExprKind::Paren(a) | ExprKind::In(a, _) => exprs.push(a),
                ExprKind::Binary(_, a, b) => {
                    exprs.push(a);
                    exprs.push(b);
                }
                ExprKind::Call(_, args) => exprs.extend(args.iter_mut()),
                ExprKind::Among(_, args, among) => {
                    exprs.extend(args.iter_mut());
                    exprs.push(&mut among.cond);
                    exprs.extend(among.or_else.as_mut());
                }
                ExprKind::If(a, b, c) => {
                    exprs.push(a);
                    exprs.push(b);
                    exprs.push(c);
                }
                // A block's rule reads the block's own rows, which the part renames.
                ExprKind::NodeRef(_, id) => id.value = self.id(&id.value),
                ExprKind::Lit(_) | ExprKind::Bool(_) | ExprKind::Error => {}
            }
        }
    }
}
