//! Block parameters: the arguments of `use NAME(…)` checked and substituted into a copy of the block.

use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Phrase};
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

fn kind_name(percent: bool) -> Arg {
    if percent { Arg::word("a percent", "百分数") } else { Arg::word("a number", "数") }
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
    let mut ps = declared(b, bf, report);
    arguments(&mut ps, b, u, uf, report);
    missing(&mut ps, b, bf, u, uf, library, report);
    bind(&ps, b, bf, u, report)
}

/// A block's parameters as checked: the value of each (a default, an argument or a stand-in),
/// whether each is a percent, and where each was declared.
struct Params<'b> {
    values: HashMap<String, Literal>,
    kinds: HashMap<&'b str, bool>,
    declared: HashMap<&'b str, &'b Spanned<String>>,
}

/// The block's parameters, each once, with their kinds and defaults.
fn declared<'b>(b: &'b Container, bf: FileId, report: &mut Report) -> Params<'b> {
    let mut values: HashMap<String, Literal> = HashMap::new();
    let mut kinds: HashMap<&str, bool> = HashMap::new();
    let mut declared: HashMap<&str, &Spanned<String>> = HashMap::new();
    let body_names: HashSet<&str> = b
        .body
        .iter()
        .filter_map(|s| match &s.kind {
            StmtKind::Fact(f) => Some(f.name.value.as_str()),
            StmtKind::Let(l) => Some(l.name.value.as_str()),
            StmtKind::Table(t) => Some(t.name.value.as_str()),
            _ => None,
        })
        .collect();
    for p in &b.params {
        if let Some(prev) = declared.get(p.name.value.as_str()) {
            report.push(Code::DuplicateParam.at(bf, p.name.span).arg(&p.name.value).note(
                bf,
                prev.span,
                Phrase::FirstDeclared,
                [],
            ));
            continue;
        }
        if body_names.contains(p.name.value.as_str()) {
            report.push(Code::ParamNameTaken.at(bf, p.name.span).arg(&p.name.value));
            continue;
        }
        declared.insert(&p.name.value, &p.name);
        let percent = match (&p.ty, &p.default) {
            (Some(t), Some(d)) if is_percent(t.value) != lit_percent(d) => {
                report.push(
                    Code::TypeParamDefault
                        .at(bf, d.span)
                        .arg(&p.name.value)
                        .put(kind_name(is_percent(t.value)))
                        .arg(&d.text)
                        .put(kind_name(lit_percent(d)))
                        .hint(
                            if is_percent(t.value) { Phrase::DefaultAsPercent } else { Phrase::DefaultAsNumber },
                            [Arg::text(&d.text)],
                        ),
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
    Params { values, kinds, declared }
}

/// The arguments of `use NAME(…)`: each once, a parameter of the block, of its kind.
fn arguments(ps: &mut Params<'_>, b: &Container, u: &UseStmt, uf: FileId, report: &mut Report) {
    let mut given: HashMap<&str, &Spanned<String>> = HashMap::new();
    for a in &u.args {
        if let Some(prev) = given.get(a.name.value.as_str()) {
            report.push(Code::DuplicateArg.at(uf, a.name.span).arg(&a.name.value).note(
                uf,
                prev.span,
                Phrase::FirstGiven,
                [],
            ));
            continue;
        }
        given.insert(&a.name.value, &a.name);
        let Some(&percent) = ps.kinds.get(a.name.value.as_str()) else {
            let names: Vec<&str> = b.params.iter().map(|p| p.name.value.as_str()).collect();
            let d = Code::UnknownParam.at(uf, a.name.span).arg(&u.name.value).arg(&a.name.value);
            let block = Arg::text(&u.name.value);
            report.push(match crate::diag::closest(&a.name.value, names.iter().copied(), 0.4) {
                Some(best) => d.hint(Phrase::DidYouMean, [Arg::text(best)]),
                None if names.is_empty() => d.hint(Phrase::NoParams, [block]),
                None => d.hint(Phrase::ParamsAre, [block, Arg::text(names.join(", "))]),
            });
            continue;
        };
        if lit_percent(&a.value) != percent {
            report.push(
                Code::TypeArg
                    .at(uf, a.value.span)
                    .arg(&a.name.value)
                    .put(kind_name(percent))
                    .arg(&a.value.text)
                    .put(kind_name(lit_percent(&a.value)))
                    .hint(if percent { Phrase::ArgAsPercent } else { Phrase::ArgAsNumber }, [Arg::text(&a.value.text)]),
            );
            continue;
        }
        ps.values.insert(a.name.value.clone(), a.value.clone());
    }
}

/// A parameter without a value: `rubric::missing-arg` (not for a library), and a stand-in.
fn missing(
    ps: &mut Params<'_>,
    b: &Container,
    bf: FileId,
    u: &UseStmt,
    uf: FileId,
    library: bool,
    report: &mut Report,
) {
    for p in &b.params {
        if ps.values.contains_key(&p.name.value) || !ps.declared.contains_key(p.name.value.as_str()) {
            continue;
        }
        // Every declared parameter has a kind; a plain number if it somehow had none.
        let percent = ps.kinds.get(p.name.value.as_str()).copied().unwrap_or(false);
        if !library {
            report.push(
                Code::MissingArg
                    .at(uf, u.name.span)
                    .arg(&u.name.value)
                    .arg(&p.name.value)
                    .arg(if percent { "…%" } else { "…" })
                    .note(bf, p.name.span, Phrase::NoDefault, []),
            );
        }
        // A stand-in so that the rest of the block is still checked.
        ps.values.insert(p.name.value.clone(), stand_in(percent, p.name.span));
    }
}

/// The block with every parameter replaced by its value, its title showing the arguments;
/// a parameter the block never reads is `rubric::unused-param`.
fn bind(ps: &Params<'_>, b: &Container, bf: FileId, u: &UseStmt, report: &mut Report) -> Container {
    let Params { values, declared, .. } = ps;
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
    substitute(&mut out.body, values, &mut used);
    for p in &b.params {
        if !used.contains(&p.name.value) && declared.get(p.name.value.as_str()).is_some_and(|d| d.span == p.name.span) {
            report.push(Code::UnusedParam.at(bf, p.name.span).arg(&p.name.value).arg(&u.name.value));
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
                StmtKind::Table(t) => exprs.extend(t.cells.iter_mut().map(|c| &mut c.value)),
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
                other => rule_exprs(other, &mut exprs),
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
                    ExprKind::Lit(_) | ExprKind::Bool(_) | ExprKind::Error | ExprKind::NodeRef(..) => {}
                    ExprKind::Agg(a) => {
                        let rubric_syntax::ast::Agg { list, arg, default, .. } = &mut **a;
                        exprs.extend(list.filter.as_deref_mut());
                        exprs.extend(arg.as_deref_mut());
                        exprs.extend(default.as_deref_mut());
                    }
                    ExprKind::List(l) => exprs.extend(l.filter.as_deref_mut()),
                }
            }
        }
    }
}

/// The expressions of a scoring line (`award`, `deduct`, `bonus`, `score`, `zero`, `veto`,
/// `cap … when`), for the passes that rewrite a block's names; other statements add none.
pub(crate) fn rule_exprs<'a>(kind: &'a mut StmtKind, exprs: &mut Vec<&'a mut Expr>) {
    match kind {
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
}
