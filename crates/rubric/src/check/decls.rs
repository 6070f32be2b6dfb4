//! Declarations: facts and derived values of the rubric and the blocks it uses, derived values
//! ordered by what they read (Kahn's algorithm), and the ranges of facts and bands.

use crate::check::compile::Compiler;
use crate::check::typeck::{Sym, Want, names};
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::*;
use crate::source::FileId;
use crate::value::Ty;
use rubric_syntax::ast::{self, Bound, Container, LitValue, Stmt, StmtKind};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet, VecDeque};

impl Compiler {
    /// Collects facts and derived values of the rubric and of every block it uses,
    /// then orders the derived values by dependency.
    pub(super) fn declarations(&mut self, entry: FileId, rubric: &Container) {
        let mut bodies: Vec<(FileId, &[Stmt])> = vec![(entry, &rubric.body)];
        let mut seen_blocks: HashSet<String> = HashSet::new();
        let mut work: Vec<(FileId, &[Stmt])> = vec![(entry, &rubric.body)];
        let blocks = self.blocks.clone();
        while let Some((file, body)) = work.pop() {
            for s in body {
                match &s.kind {
                    StmtKind::Node(n) => work.push((file, &n.body)),
                    StmtKind::Use(u) => {
                        let key = crate::check::alias::key(u);
                        if let Some((bf, b)) = blocks.get(key)
                            && seen_blocks.insert(key.to_string())
                        {
                            bodies.push((*bf, &b.body));
                            work.push((*bf, &b.body));
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut let_decls: Vec<(FileId, ast::LetDecl)> = Vec::new();
        let mut tables: Vec<(FileId, &ast::Table)> = Vec::new();
        let mut declared: HashMap<String, Loc> = HashMap::new();
        for (file, body) in &bodies {
            for s in body.iter() {
                // Only facts and derived values are declarations.
                let (name, fact, derived) = match &s.kind {
                    StmtKind::Fact(f) => (&f.name, Some(f), None),
                    StmtKind::Let(l) => (&l.name, None, Some(l)),
                    StmtKind::Table(t) => {
                        tables.push((*file, t));
                        (&t.name, None, None)
                    }
                    _ => continue,
                };
                if let Some(prev) = declared.get(&name.value) {
                    self.report.push(Code::DuplicateName.at(*file, name.span).arg(&name.value).note(
                        prev.file,
                        prev.span,
                        Phrase::FirstDeclared,
                        [],
                    ));
                    continue;
                }
                declared.insert(name.value.clone(), Loc { file: *file, span: name.span });
                self.all_names.push(name.value.clone());
                if let Some(f) = fact {
                    self.fact(*file, f);
                }
                if let Some(l) = derived {
                    let_decls.push((*file, l.clone()));
                }
            }
        }
        // A table is read once every fact is declared: it is looked up by kinds.
        for (file, t) in tables {
            if let Some(l) = self.table(file, t) {
                let_decls.push((file, l));
            }
        }
        drop(blocks);
        self.order_lets(let_decls);
        self.field_names();
    }

    pub(super) fn fact(&mut self, file: FileId, f: &ast::FactDecl) {
        if self.facts.len() == self.options.max_facts {
            self.report.push(Code::TooManyFacts.at(file, f.name.span).arg(self.options.max_facts));
        }
        let range = f.range.as_ref().and_then(|r| self.range(file, r, crate::plan::fact_ty(f.ty.value)));
        let slot = self.facts.len();
        let names = self.kind_names(file, f);
        let fields = self.list_fields(file, f);
        self.syms.insert(f.name.value.clone(), Sym { slot, ty: crate::plan::fact_ty(f.ty.value), cohort: false });
        self.facts.push(FactDef {
            name: f.name.value.clone(),
            ty: f.ty.value,
            desc: f.desc.as_ref().map(|d| d.value.clone()),
            range,
            loc: Loc { file, span: f.name.span },
            used: false,
            given: f.given,
            names,
            fields,
            optional: f.optional,
        });
    }

    /// The names of a `kind` fact, each once; a kind without names, or names on another type, is
    /// reported.
    pub(super) fn kind_names(&mut self, file: FileId, f: &ast::FactDecl) -> Vec<String> {
        let name = &f.name.value;
        if f.ty.value != ast::FactType::Kind {
            if let Some(first) = f.names.first() {
                self.report.push(Code::KindNamesNotKind.at(file, first.span).arg(name).arg(f.ty.value.keyword()));
            }
            return Vec::new();
        }
        if f.names.is_empty() {
            self.report.push(Code::KindNoNames.at(file, f.ty.span).arg(name));
        }
        if let Some(r) = &f.range {
            self.report.push(Code::KindRange.at(file, r.span).arg(name));
        }
        let mut out: Vec<String> = Vec::new();
        for n in &f.names {
            if out.contains(&n.value) {
                self.report.push(Code::KindNameTwice.at(file, n.span).arg(name).arg(&n.value));
            } else {
                out.push(n.value.clone());
            }
        }
        out
    }

    /// Orders derived values so each comes after the values it uses (Kahn's algorithm),
    /// reports cycles, and compiles them.
    pub(super) fn order_lets(&mut self, decls: Vec<(FileId, ast::LetDecl)>) {
        let order = kahn(&decls);
        if order.len() < decls.len() {
            let on_cycle: Vec<usize> = (0..decls.len()).filter(|i| !order.contains(i)).collect();
            self.cycle(&decls, &on_cycle);
        }
        let base = self.facts.len();
        for i in order {
            let Some((file, l)) = decls.get(i) else {
                let at = decls.first().map_or((0, rubric_syntax::Span::default()), |(f, l)| (*f, l.name.span));
                self.report.push(
                    Code::CheckerInternal.at(at.0, at.1).arg(format!("derived value {i} ordered but not declared")),
                );
                continue;
            };
            self.derived(*file, l, base);
        }
    }

    /// Reports the derived values on a cycle, at the first, with a note at each other.
    fn cycle(&mut self, decls: &[(FileId, ast::LetDecl)], on_cycle: &[usize]) {
        let names_on: Vec<String> =
            on_cycle.iter().filter_map(|&i| decls.get(i)).map(|(_, l)| format!("`{}`", l.name.value)).collect();
        if let Some((file, first)) = on_cycle.first().and_then(|&i| decls.get(i)) {
            let mut d = Code::Cycle.at(*file, first.name.span).arg(names_on.join(", "));
            for &i in on_cycle.iter().skip(1) {
                if let Some((f, l)) = decls.get(i) {
                    d = d.note(*f, l.name.span, Phrase::PartOfCircle, []);
                }
            }
            self.report.push(d);
        }
    }

    /// Compiles one derived value, after the values it reads, into the next slot after the
    /// facts (`base`). One whose expression does not check was reported and gets no slot.
    fn derived(&mut self, file: FileId, l: &ast::LetDecl, base: usize) {
        let src = self.src(file);
        let slot = base + self.lets.len();
        let mut used = Vec::new();
        let scope = scope!(self, file, &src);
        let Some(rule) = scope.rule(&l.expr, Want::Any, &mut self.report, &mut used) else { return };
        let mut ty = rule.ty;
        let mut zero_text = None;
        let on_zero = match &l.on_zero {
            Some(ast::OnZero::Value(v)) => {
                let Some(z) = scope.rule(v, Want::Any, &mut self.report, &mut used) else { return };
                if !z.ty.same_family(rule.ty) {
                    self.report.push(Code::TypeOnZero.at(file, v.span).ty(z.ty).arg(&l.name.value).ty(rule.ty));
                    return;
                }
                // `完成数 / 应完成数 on zero => 100%`: a rate.
                if rule.ty == Ty::Ratio && z.ty == Ty::Percent {
                    ty = Ty::Percent;
                }
                zero_text = Some(z.text);
                Some(z.expr)
            }
            // `on zero => error`, or none: a zero divisor fails the unit; `on zero => 不适用`
            // marks it not applicable (`na_on_zero`).
            Some(ast::OnZero::Error(_) | ast::OnZero::NotApplicable(_)) | None => None,
        };
        if let Some(declared) = &l.ty {
            let Some(t) = declared_kind(declared.value, ty) else {
                let want = crate::plan::fact_ty(declared.value);
                self.report
                    .push(Code::TypeExpected.at(file, l.expr.span).ty(want).ty(ty).hint(Phrase::DeclaredKind, []));
                return;
            };
            ty = t;
        }
        self.used.extend(used.iter().copied());
        let cohort = used
            .iter()
            .any(|&r| crate::plan::cohort_read(r).is_some() || self.syms.values().any(|y| y.slot == r && y.cohort));
        self.syms.insert(l.name.value.clone(), Sym { slot, ty, cohort });
        let mut reads = rule.reads.clone();
        reads.extend(used.iter().copied());
        reads.sort_unstable();
        reads.dedup();
        self.lets.push(LetDef {
            reads,
            name: l.name.value.clone(),
            expr: rule.expr,
            ty,
            on_zero,
            loc: Loc { file, span: l.name.span },
            cohort,
            na_on_zero: matches!(l.on_zero, Some(ast::OnZero::NotApplicable(_))),
            text: crate::plan::text::LetText {
                table: self.table_texts.remove(&l.name.value),
                expr: rule.text,
                on_zero: zero_text,
            },
        });
    }

    pub(super) fn range(&mut self, file: FileId, r: &ast::Interval, ty: Ty) -> Option<Range> {
        let src = self.src(file);
        let mut bound = |b: &Bound| -> Result<Option<Value2>, ()> {
            match b {
                Bound::Unbounded(_) => Ok(None),
                Bound::Name(n) => {
                    self.report.push(Code::UnknownParamBound.at(file, n.span).arg(&n.value));
                    Err(())
                }
                Bound::Value(l) => {
                    let (v, lty) = match l.value {
                        LitValue::Number(n) => (Value2::Num(n), Ty::Number),
                        LitValue::Percent(p) => (Value2::Num(p), Ty::Percent),
                        LitValue::Date(d) => (Value2::Date(d), Ty::Date),
                    };
                    let zero_as_percent = ty == Ty::Percent && l.value == LitValue::Number(Decimal::ZERO);
                    if lty.same_family(ty) || zero_as_percent {
                        Ok(Some(v))
                    } else {
                        let (help, arg) = if ty == Ty::Percent {
                            (Phrase::BoundAsPercent, Arg::text(&l.text))
                        } else if lty == Ty::Percent {
                            (Phrase::BoundNotPercent, Arg::text(""))
                        } else {
                            (Phrase::WriteKind, Arg::ty(ty))
                        };
                        self.report
                            .push(Code::TypeBound.at(file, l.span).arg(&l.text).ty(lty).ty(ty).hint(help, [arg]));
                        Err(())
                    }
                }
            }
        };
        let lo = bound(&r.lo);
        let hi = bound(&r.hi);
        let (Ok(lo), Ok(hi)) = (lo, hi) else { return None };
        // A bound that is a block parameter shows its name and value: `[0, 达标率=90%)`.
        let substituted = |b: &Bound| match b {
            Bound::Value(l) => {
                src.get(l.span.start..l.span.end).filter(|t| *t != l.text).map(|t| format!("{t}={}", l.text))
            }
            _ => None,
        };
        let text = match (substituted(&r.lo), substituted(&r.hi)) {
            (None, None) => src.get(r.span.start..r.span.end).unwrap_or("").to_string(),
            (l, h) => {
                let plain = |b: &Bound| match b {
                    Bound::Value(l) => l.text.clone(),
                    _ => "..".to_string(),
                };
                format!(
                    "{}{}, {}{}",
                    if r.lo_closed { '[' } else { '(' },
                    l.unwrap_or_else(|| plain(&r.lo)),
                    h.unwrap_or_else(|| plain(&r.hi)),
                    if r.hi_closed { ']' } else { ')' }
                )
            }
        };
        Some(Range { lo, lo_closed: r.lo_closed, hi, hi_closed: r.hi_closed, text })
    }
}

/// The derived values in an order where each comes after those it reads (Kahn's algorithm).
/// Those on a cycle are left out: the caller reports them, so an index lost here would be
/// reported as a cycle too, never compiled out of order.
fn kahn(decls: &[(FileId, ast::LetDecl)]) -> Vec<usize> {
    let index: HashMap<&str, usize> = decls.iter().enumerate().map(|(i, (_, l))| (l.name.value.as_str(), i)).collect();
    let mut deps: Vec<Vec<usize>> = Vec::with_capacity(decls.len());
    for (_, l) in decls {
        let mut ns = Vec::new();
        names(&l.expr, &mut ns);
        if let Some(ast::OnZero::Value(v)) = &l.on_zero {
            names(v, &mut ns);
        }
        let mut d: Vec<usize> = ns.iter().filter_map(|n| index.get(n.as_str()).copied()).collect();
        d.sort_unstable();
        d.dedup();
        deps.push(d);
    }
    let mut indegree: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); decls.len()];
    for (i, d) in deps.iter().enumerate() {
        for &j in d {
            if let Some(u) = users.get_mut(j) {
                u.push(i);
            }
        }
    }
    let mut ready: VecDeque<usize> = (0..decls.len()).filter(|&i| indegree.get(i) == Some(&0)).collect();
    let mut order = Vec::with_capacity(decls.len());
    while let Some(i) = ready.pop_front() {
        order.push(i);
        for &u in users.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(d) = indegree.get_mut(u) {
                *d -= 1;
                if *d == 0 {
                    ready.push_back(u);
                }
            }
        }
    }
    order
}

/// The kind of a derived value declared `let NAME: KIND = …` whose expression is of kind `found`:
/// a ratio or a percent may be declared a percent, a ratio, count or number a number, any
/// quantity points; `None` when the declaration does not fit.
fn declared_kind(declared: ast::FactType, found: Ty) -> Option<Ty> {
    match declared {
        ast::FactType::Percent if matches!(found, Ty::Percent | Ty::Ratio) => Some(Ty::Percent),
        ast::FactType::Number if matches!(found, Ty::Count | Ty::Number | Ty::Ratio) => Some(Ty::Number),
        ast::FactType::Points if found.is_quantity() => Some(Ty::Points),
        _ => None,
    }
}
