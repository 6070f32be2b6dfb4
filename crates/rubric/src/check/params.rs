//! Block parameters: the arguments of `use NAME(…)` checked and substituted into a copy of the block.

use crate::diag::{Diagnostic, Report};
use crate::source::FileId;
use rubric_syntax::Spanned;
use rubric_syntax::ast::{
    Bound, Container, Expr, ExprKind, FactType, LitValue, Literal, OnZero, Stmt, StmtKind, UseStmt,
};
use std::collections::{HashMap, HashSet};

/// The kind of a parameter's value: a plain number (points) or a percent.
fn is_percent(ty: FactType) -> bool {
    ty == FactType::Percent
}

fn lit_percent(l: &Literal) -> bool {
    matches!(l.value, LitValue::Percent(_))
}

fn kind_name(percent: bool) -> &'static str {
    if percent { "a percent" } else { "a number" }
}

/// A value of the right kind for a parameter whose own value is missing or wrong (an error
/// has been reported, or the block is checked as a library).
fn stand_in(percent: bool, span: rubric_syntax::Span) -> Literal {
    let (value, text) = if percent {
        (LitValue::Percent(rust_decimal::Decimal::ONE), "100%")
    } else {
        (LitValue::Number(rust_decimal::Decimal::ONE), "1")
    };
    Literal { value, text: text.to_string(), span }
}

/// Checks the arguments of `u` against the parameters of block `b` (defined in `bf`, used in
/// `uf`) and returns the block with every parameter replaced by its value. With `library`, the
/// block is checked on its own: a parameter without default takes a stand-in value silently.
pub(crate) fn instantiate(
    b: &Container,
    bf: FileId,
    u: &UseStmt,
    uf: FileId,
    library: bool,
    report: &mut Report,
) -> Container {
    let mut values: HashMap<String, Literal> = HashMap::new();
    let mut kinds: HashMap<&str, bool> = HashMap::new();
    let mut declared: HashMap<&str, &Spanned<String>> = HashMap::new();
    let body_names: HashSet<&str> = b
        .body
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Fact(f) => Some(f.name.value.as_str()),
            StmtKind::Let(l) => Some(l.name.value.as_str()),
            _ => None,
        })
        .collect();
    for p in &b.params {
        if let Some(prev) = declared.get(p.name.value.as_str()) {
            report.push(
                Diagnostic::error(
                    "rubric::duplicate-name",
                    format!("parameter `{}` is declared twice", p.name.value),
                    bf,
                    p.name.span,
                    "declared again here",
                )
                .with_label(bf, prev.span, "first declared here")
                .with_help("give each parameter its own name"),
            );
            continue;
        }
        if body_names.contains(p.name.value.as_str()) {
            report.push(
                Diagnostic::error(
                    "rubric::duplicate-name",
                    format!("parameter `{}` has the name of a fact or derived value of the block", p.name.value),
                    bf,
                    p.name.span,
                    "also declared in the block",
                )
                .with_help("give the parameter a name of its own"),
            );
            continue;
        }
        declared.insert(&p.name.value, &p.name);
        let percent = match (&p.ty, &p.default) {
            (Some(t), Some(d)) if is_percent(t.value) != lit_percent(d) => {
                report.push(
                    Diagnostic::error(
                        "rubric::type",
                        format!(
                            "parameter `{}` is {}, but its default `{}` is {}",
                            p.name.value,
                            kind_name(is_percent(t.value)),
                            d.text,
                            kind_name(lit_percent(d))
                        ),
                        bf,
                        d.span,
                        format!("this is {}", kind_name(lit_percent(d))),
                    )
                    .with_help(if is_percent(t.value) {
                        format!("write the default as a percent, e.g. `{}%`", d.text)
                    } else {
                        "write the default as a plain number".to_string()
                    }),
                );
                // A stand-in of the declared kind, so that the block is checked without cascades.
                values.insert(p.name.value.clone(), stand_in(is_percent(t.value), p.name.span));
                kinds.insert(&p.name.value, is_percent(t.value));
                continue;
            }
            (Some(t), _) => is_percent(t.value),
            (None, Some(d)) => lit_percent(d),
            (None, None) => false,
        };
        kinds.insert(&p.name.value, percent);
        if let Some(d) = &p.default {
            values.insert(p.name.value.clone(), d.clone());
        }
    }
    let mut given: HashMap<&str, &Spanned<String>> = HashMap::new();
    for a in &u.args {
        if let Some(prev) = given.get(a.name.value.as_str()) {
            report.push(
                Diagnostic::error(
                    "rubric::duplicate-arg",
                    format!("argument `{}` is given twice", a.name.value),
                    uf,
                    a.name.span,
                    "given again here",
                )
                .with_label(uf, prev.span, "first given here")
                .with_help("give each parameter once"),
            );
            continue;
        }
        given.insert(&a.name.value, &a.name);
        let Some(&percent) = kinds.get(a.name.value.as_str()) else {
            let names: Vec<&str> = b.params.iter().map(|p| p.name.value.as_str()).collect();
            let d = Diagnostic::error(
                "rubric::unknown-param",
                format!("block `{}` has no parameter `{}`", u.name.value, a.name.value),
                uf,
                a.name.span,
                "no parameter of this name",
            );
            report.push(match crate::diag::closest(&a.name.value, names.iter().copied(), 0.4) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None if names.is_empty() => {
                    d.with_help(format!("block `{}` takes no parameters; write `use {}`", u.name.value, u.name.value))
                }
                None => d.with_help(format!("the parameters of `{}` are: {}", u.name.value, names.join(", "))),
            });
            continue;
        };
        if lit_percent(&a.value) != percent {
            report.push(
                Diagnostic::error(
                    "rubric::type",
                    format!(
                        "parameter `{}` is {}, but `{}` is {}",
                        a.name.value,
                        kind_name(percent),
                        a.value.text,
                        kind_name(lit_percent(&a.value))
                    ),
                    uf,
                    a.value.span,
                    format!("this is {}", kind_name(lit_percent(&a.value))),
                )
                .with_help(if percent {
                    format!("write a percent, e.g. `{}%`", a.value.text)
                } else {
                    "write a plain number, without `%`".to_string()
                }),
            );
            continue;
        }
        values.insert(a.name.value.clone(), a.value.clone());
    }
    for p in &b.params {
        if values.contains_key(&p.name.value) || !declared.contains_key(p.name.value.as_str()) {
            continue;
        }
        let percent = kinds.get(p.name.value.as_str()).copied().unwrap_or(false);
        if !library {
            report.push(
                Diagnostic::error(
                    "rubric::missing-arg",
                    format!("block `{}` needs the parameter `{}`", u.name.value, p.name.value),
                    uf,
                    u.name.span,
                    format!("`{}` not given", p.name.value),
                )
                .with_label(bf, p.name.span, "declared without a default here")
                .with_help(format!(
                    "give it: `use {}({} = {})`",
                    u.name.value,
                    p.name.value,
                    if percent { "…%" } else { "…" }
                )),
            );
        }
        // A stand-in so that the rest of the block is still checked.
        values.insert(p.name.value.clone(), stand_in(percent, p.name.span));
    }
    let mut out = b.clone();
    out.params = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    if let Some(m) = out.max_name.take() {
        match values.get(&m.value) {
            Some(v) => {
                used.insert(m.value.clone());
                out.max = Some(Literal { span: m.span, ..v.clone() });
            }
            None => out.max_name = Some(m),
        }
    }
    substitute(&mut out.body, &values, &mut used);
    for p in &b.params {
        if !used.contains(&p.name.value) && declared.get(p.name.value.as_str()).is_some_and(|d| d.span == p.name.span) {
            report.push(
                Diagnostic::warning(
                    "rubric::unused-param",
                    format!("parameter `{}` of block `{}` is never used", p.name.value, u.name.value),
                    bf,
                    p.name.span,
                    "declared but never used",
                )
                .with_help("use it where the block's number should vary, or remove it"),
            );
        }
    }
    if !u.args.is_empty() {
        let shown: Vec<String> = u
            .args
            .iter()
            .filter(|a| values.get(&a.name.value).is_some_and(|v| v.span == a.value.span))
            .map(|a| format!("{} = {}", a.name.value, a.value.text))
            .collect();
        if !shown.is_empty() {
            out.title.value = format!("{}（{}）", out.title.value, shown.join("，"));
        }
    }
    out
}

/// Replaces every parameter in a body by its value: names in expressions, band bounds and `max`.
fn substitute(body: &mut [Stmt], values: &HashMap<String, Literal>, used: &mut HashSet<String>) {
    let mut bodies: Vec<&mut [Stmt]> = vec![body];
    while let Some(body) = bodies.pop() {
        for s in body.iter_mut() {
            let mut exprs: Vec<&mut Expr> = Vec::new();
            match &mut s.kind {
                StmtKind::Node(n) => {
                    if let Some(m) = n.max_name.take() {
                        match values.get(&m.value) {
                            Some(v) => {
                                used.insert(m.value.clone());
                                n.max = Some(Literal { span: m.span, ..v.clone() });
                            }
                            None => n.max_name = Some(m),
                        }
                    }
                    bodies.push(&mut n.body);
                }
                StmtKind::Let(l) => {
                    exprs.push(&mut l.expr);
                    if let Some(OnZero::Value(v)) = &mut l.on_zero {
                        exprs.push(v);
                    }
                }
                StmtKind::Band(b) => {
                    exprs.push(&mut b.subject);
                    for arm in &mut b.arms {
                        for bound in [&mut arm.interval.lo, &mut arm.interval.hi] {
                            if let Bound::Name(n) = bound
                                && let Some(v) = values.get(&n.value)
                            {
                                used.insert(n.value.clone());
                                *bound = Bound::Value(Literal { span: n.span, ..v.clone() });
                            }
                        }
                        exprs.push(&mut arm.points);
                    }
                }
                StmtKind::Award(a) | StmtKind::Deduct(a) | StmtKind::Bonus(a) => {
                    exprs.push(&mut a.amount);
                    exprs.extend(a.per.as_mut());
                    exprs.extend(a.when.as_mut());
                    exprs.extend(a.max.as_mut());
                }
                StmtKind::Score(sc) => exprs.push(&mut sc.expr),
                StmtKind::Zero(c) | StmtKind::Veto(c) => exprs.push(&mut c.cond),
                _ => {}
            }
            while let Some(e) = exprs.pop() {
                if let ExprKind::Name(n) = &e.kind
                    && let Some(v) = values.get(n.as_str())
                {
                    used.insert(n.clone());
                    e.kind = ExprKind::Lit(Literal { span: e.span, ..v.clone() });
                    continue;
                }
                match &mut e.kind {
                    ExprKind::Name(_) => {}
                    ExprKind::Unary(_, a) | ExprKind::Paren(a) => exprs.push(a),
                    ExprKind::Binary(_, a, b) => {
                        exprs.push(a);
                        exprs.push(b);
                    }
                    ExprKind::Call(_, args) => exprs.extend(args.iter_mut()),
                    ExprKind::If(a, b, c) => {
                        exprs.push(a);
                        exprs.push(b);
                        exprs.push(c);
                    }
                    ExprKind::Lit(_) | ExprKind::Bool(_) | ExprKind::Error => {}
                }
            }
        }
    }
}
