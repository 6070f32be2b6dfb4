//! The checker: a parsed rule file (and its imports) to a compiled [`Rubric`], with every problem reported.

use crate::check::typeck::{Scope, Sym, Want, names};
use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Draft, Phrase};
use crate::plan::*;
use crate::source::{FileId, LoadError, Loader, Outside, Sources, project_root, resolve_import};
use crate::value::{Ty, show_num};
use rubric_syntax::Span;
use rubric_syntax::ast::{self, Bound, Container, Due, LitValue, Stmt, StmtKind, Top};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet, VecDeque};

/// What the checker made of a rule file: the plan when there were no errors, every diagnostic,
/// and the files read.
pub(crate) struct Checked {
    /// The compiled plan, if there were no errors.
    pub(crate) plan: Option<Plan>,
    /// Every error and warning.
    pub(crate) report: Report,
    /// The files read, for rendering the diagnostics.
    pub(crate) sources: Sources,
    /// Whether the file is a library of blocks (checked, but not a rubric to score).
    pub(crate) library: bool,
}

/// Budgets for loading a rubric; the defaults suit real rubrics with a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Budgets checked on each file before it is parsed.
    pub limits: rubric_syntax::Limits,
    /// Most files read (the entry file and its imports).
    pub max_files: usize,
    /// Most sections, groups and items.
    pub max_nodes: usize,
    /// Most facts and derived values.
    pub max_facts: usize,
    /// Deepest chain of blocks used inside blocks.
    pub max_use_depth: usize,
    /// Deepest tree of sections, groups, items and used blocks, counted through `use`.
    pub max_tree_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: rubric_syntax::Limits::default(),
            max_files: 64,
            max_nodes: 20_000,
            max_facts: 10_000,
            max_use_depth: 8,
            max_tree_depth: 16,
        }
    }
}

/// Reads, parses and checks the rule file at `entry` and the files it imports.
pub(crate) fn check(entry: &str, loader: &dyn Loader, options: &Options) -> Checked {
    let mut c = Compiler { options: *options, ..Compiler::default() };
    c.read_all(entry, loader);
    if c.report.has_errors() && c.over_budget {
        let report = std::mem::take(&mut c.report);
        return Checked { plan: None, report, sources: c.sources, library: false };
    }
    let rubric = c.compile();
    let mut report = std::mem::take(&mut c.report);
    if let Some(r) = &rubric {
        crate::check::lint::lint(r, &mut report);
    }
    let rubric = if report.has_errors() || c.library { None } else { rubric };
    Checked { plan: rubric, report, sources: c.sources, library: c.library }
}

/// The error for an import that may not be read: absolute, or outside the project root. It
/// shows the path as written and the root, never anything of the file it names (the file is
/// not asked for).
fn outside(entry: &str, path: &str, loc: Loc, why: Outside) -> Draft {
    let code = match why {
        Outside::Absolute => Code::ImportAbsolute,
        Outside::AboveRoot => Code::ImportAboveRoot,
    };
    code.at(loc.file, loc.span).arg(rubric_syntax::clean(path)).arg(rubric_syntax::clean(&project_root(entry)))
}

#[derive(Default)]
struct Compiler {
    sources: Sources,
    report: Report,
    files: Vec<(FileId, ast::File)>,
    blocks: HashMap<String, (FileId, Container)>,
    facts: Vec<FactDef>,
    syms: HashMap<String, Sym>,
    /// The cohort figures the rules read.
    cohorts: std::cell::RefCell<Vec<crate::plan::CohortDef>>,
    all_names: Vec<String>,
    lets: Vec<LetDef>,
    nodes: Vec<NodeDef>,
    ids: HashMap<String, (String, Loc)>,
    used: Vec<usize>,
    library: bool,
    year: Option<u32>,
    options: Options,
    over_budget: bool,
    used_blocks: HashMap<String, Loc>,
    depth: usize,
    too_deep: bool,
    /// The periods declared by the rubric.
    periods: Vec<PeriodDef>,
    /// `only` of a node (by index): the periods it is scored in.
    only: HashMap<usize, Vec<usize>>,
}

impl Compiler {
    /// Reads the entry file and every file it imports (without recursion). An import that
    /// leads outside the project root is refused without asking the loader, and every file is
    /// asked for within the size budget.
    fn read_all(&mut self, entry: &str, loader: &dyn Loader) {
        let mut queue: VecDeque<(String, Option<Loc>)> = VecDeque::from([(entry.to_string(), None)]);
        let mut seen = HashSet::new();
        while let Some((path, from)) = queue.pop_front() {
            if !seen.insert(path.clone()) {
                continue;
            }
            let max_bytes = self.options.limits.max_bytes;
            let text = match loader.load(&path, max_bytes) {
                Ok(t) => t,
                Err(why) => {
                    self.unreadable(&path, from, why);
                    continue;
                }
            };
            let id = self.sources.add(&path, &text);
            if self.sources.iter().count() >= self.options.max_files {
                let (file, span) = from.map_or((0, Span::default()), |l| (l.file, l.span));
                self.report.push(Code::TooManyFiles.at(file, span).arg(self.options.max_files));
                self.over_budget = true;
                break;
            }
            let parsed = rubric_syntax::parse_with(&text, &self.options.limits);
            if parsed.errors.iter().any(|e| matches!(e, rubric_syntax::SyntaxError::Budget(_))) {
                self.over_budget = true;
            }
            for e in &parsed.errors {
                self.report.push(crate::diag::Diagnostic::from_syntax(e, id));
            }
            for item in &parsed.file.items {
                if let Top::Import(i) = item {
                    let loc = Loc { file: id, span: i.path.span };
                    match resolve_import(entry, &path, &i.path.value) {
                        Ok(target) => queue.push_back((target, Some(loc))),
                        Err(why) => self.report.push(outside(entry, &i.path.value, loc, why)),
                    }
                }
            }
            self.files.push((id, parsed.file));
        }
    }

    /// Reports a file the loader gave no text for: the entry file (`rubric::read`) or an
    /// import (`rubric::import`), or either beyond the size budget (`rubric::budget`).
    fn unreadable(&mut self, path: &str, from: Option<Loc>, why: LoadError) {
        let (file, span, label) = match (from, &why) {
            (Some(loc), _) => (loc.file, loc.span, Some(Phrase::ImportedHere)),
            // An entry file that is not UTF-8 is shown up to its first bad byte, and the label
            // stands there: the true line and column.
            (None, LoadError::NotText { readable, .. }) => {
                let at = readable.len();
                (self.sources.add(path, readable), Span::new(at, at), Some(Phrase::FirstBadByte))
            }
            (None, _) => (self.sources.add(path, ""), Span::default(), None),
        };
        let labelled = |d: Draft| match label {
            Some(p) => d.label(p, []),
            None => d,
        };
        let shown = rubric_syntax::clean(path);
        let d = match why {
            LoadError::TooLarge { size } => {
                self.over_budget = true;
                let limit = self.options.limits.max_bytes;
                let what = size.map_or_else(
                    || Arg::word(format!("more than {limit} bytes"), format!("超过 {limit} 字节")),
                    |n| Arg::word(format!("{n} bytes"), format!(" {n} 字节")),
                );
                labelled(Code::TooLarge.at(file, span).arg(&shown).put(what).arg(limit))
            }
            LoadError::Unreadable(why) | LoadError::NotText { why, .. } if from.is_some() => {
                labelled(Code::Import.at(file, span).arg(&shown).arg(why))
            }
            LoadError::Unreadable(why) | LoadError::NotText { why, .. } => {
                labelled(Code::Read.at(file, span).arg(&shown).arg(why))
            }
        };
        self.report.push(d);
    }

    fn src(&self, file: FileId) -> std::sync::Arc<str> {
        self.sources.get(file).map(|f| f.text.clone()).unwrap_or_else(|| std::sync::Arc::from(""))
    }

    fn compile(&mut self) -> Option<Plan> {
        let files = std::mem::take(&mut self.files);
        // Blocks from every file.
        for (file, f) in &files {
            for item in &f.items {
                if let Top::Block(b) = item {
                    let Some(name) = &b.name else { continue };
                    if let Some((pf, prev)) = self.blocks.get(&name.value) {
                        let prev_span = prev.name.as_ref().map(|n| n.span).unwrap_or(prev.head);
                        self.report.push(Code::DuplicateBlock.at(*file, name.span).arg(&name.value).note(
                            *pf,
                            prev_span,
                            Phrase::FirstDefined,
                            [],
                        ));
                        continue;
                    }
                    self.blocks.insert(name.value.clone(), (*file, b.clone()));
                }
            }
        }
        // The rubric of the entry file.
        let (entry, entry_file) = files.first()?;
        let mut rubrics = entry_file.items.iter().filter_map(|i| match i {
            Top::Rubric(r) => Some(r),
            _ => None,
        });
        let Some(rubric) = rubrics.next() else {
            let own_blocks: Vec<&Container> = entry_file
                .items
                .iter()
                .filter_map(|i| match i {
                    Top::Block(b) => Some(b),
                    _ => None,
                })
                .collect();
            if own_blocks.is_empty() {
                if !self.report.has_errors() {
                    self.report.push(Code::NoRubric.at(*entry, Span::default()));
                }
            } else {
                // A library of blocks: check every block as if a rubric used it.
                let body = own_blocks
                    .iter()
                    .filter_map(|b| b.name.clone())
                    .map(|n| Stmt {
                        span: n.span,
                        kind: StmtKind::Use(ast::UseStmt { name: n, args: Vec::new(), only: Vec::new() }),
                    })
                    .collect();
                let library = Container {
                    name: None,
                    title: rubric_syntax::Spanned::new(String::new(), Span::default()),
                    max: None,
                    max_name: None,
                    params: Vec::new(),
                    body,
                    head: Span::default(),
                    span: Span::default(),
                };
                self.bind_uses(*entry, &library.body, true);
                self.declarations(*entry, &library);
                self.container(*entry, &library, Kind::Rubric, String::new(), &Meta::default(), &mut Vec::new());
                self.library = true;
                for item in &entry_file.items {
                    if let Top::Test(t) = item {
                        self.report.push(Code::TestInLibrary.at(*entry, t.name.span).arg(&t.name.value));
                    }
                }
                return Some(self.finish(String::new(), None));
            }
            return None;
        };
        for extra in rubrics {
            self.report.push(Code::TwoRubrics.at(*entry, extra.head));
        }
        let rubric: &Container = rubric;
        self.year = rubric.body.iter().find_map(|s| match &s.kind {
            StmtKind::Year(y) => Some(y.value),
            _ => None,
        });
        self.period_decls(*entry, &rubric.body);
        self.bind_uses(*entry, &rubric.body, false);
        self.declarations(*entry, rubric);
        let root = self.container(*entry, rubric, Kind::Rubric, String::new(), &Meta::default(), &mut Vec::new());
        debug_assert_eq!(root, 0);
        let mut r = self.finish(rubric.title.value.clone(), self.year);
        self.check_period_max(*entry, rubric, &r);
        let tests: Vec<&ast::TestBlock> = entry_file
            .items
            .iter()
            .filter_map(|i| match i {
                Top::Test(t) => Some(t),
                _ => None,
            })
            .collect();
        r.tests = tests.into_iter().filter_map(|t| self.test(*entry, t, &r)).collect();
        Some(r)
    }

    /// Checks a `test` block against the rubric: its facts exist and fit their types, its ids exist.
    fn test(&mut self, file: FileId, t: &ast::TestBlock, r: &Plan) -> Option<TestDef> {
        let (facts, mut ok) = self.test_given(file, &t.given, r, &t.name.value);
        let (expects, e_ok) = self.test_expect(file, &t.expect, r, None);
        ok &= e_ok;
        let mut periods: Vec<crate::plan::TestPeriodDef> = Vec::new();
        for tp in &t.periods {
            let set = self.period_in(file, r, &tp.name);
            let (pf, g_ok) = self.test_given(file, &tp.given, r, &t.name.value);
            let (pe, e_ok) = self.test_expect(file, &tp.expect, r, set);
            ok &= g_ok && e_ok && set.is_some();
            if let Some(period) = set {
                if periods.iter().any(|p| p.period == period) {
                    self.report.push(Code::DuplicateTestPeriod.at(file, tp.name.span).arg(&tp.name.value));
                    ok = false;
                }
                periods.push(crate::plan::TestPeriodDef { period, facts: pf, expects: pe });
            }
        }
        let expects_nothing = expects.is_empty() && periods.iter().all(|p| p.expects.is_empty());
        // A line of the test that could not be read was reported; its `expect` may be that line.
        let broken = self.report.errors().any(|d| {
            d.code == Code::Syntax
                && d.label.file == file
                && t.span.start <= d.label.span.start
                && d.label.span.start < t.span.end
        });
        if expects_nothing && ok && !broken {
            self.report.push(Code::EmptyTest.at(file, t.name.span).arg(&t.name.value));
        }
        let def = TestDef { name: t.name.value.clone(), facts, expects, periods, loc: Loc { file, span: t.span } };
        if ok {
            self.test_facts(file, t, &def, r);
        }
        ok.then_some(def)
    }

    /// Warns of a test whose `given` lacks facts that the rows it expects read: it would fail
    /// with `rubric::missing-fact`. A test that expects an error may leave facts out on purpose.
    fn test_facts(&mut self, file: FileId, t: &ast::TestBlock, def: &TestDef, r: &Plan) {
        let all = std::iter::once(&def.expects).chain(def.periods.iter().map(|p| &p.expects));
        if all.flatten().any(|e| matches!(e.target, Target::Error(_))) {
            return;
        }
        let mask_of = |expects: &[ExpectDef], period: Option<&PeriodDef>| -> Vec<bool> {
            let whole = expects.iter().any(|e| matches!(e.target, Target::Total(_)));
            let mut mask = vec![whole; r.nodes.len()];
            for e in expects {
                if let Target::Node(i, _) = e.target {
                    r.mark_subtree(i, &mut mask);
                }
            }
            if let Some(p) = period {
                for (m, inside) in mask.iter_mut().zip(&p.nodes) {
                    *m &= *inside;
                }
            }
            mask
        };
        let names = |f: &crate::facts::UnitFacts| -> Vec<String> { f.values.iter().map(|(k, _)| k.clone()).collect() };
        // (facts given, rows scored, the period) for each scoring the test makes.
        let mut runs: Vec<(Vec<String>, Vec<bool>, Option<String>)> = Vec::new();
        if r.periods.is_empty() {
            runs.push((names(&def.facts), mask_of(&def.expects, None), None));
        } else {
            for (p, pd) in r.periods.iter().enumerate() {
                let block = def.periods.iter().find(|b| b.period == p);
                let mut given = names(&def.facts);
                if let Some(b) = block {
                    given.extend(names(&b.facts));
                }
                let mut expects: Vec<ExpectDef> = def.expects.clone();
                expects.extend(block.map(|b| b.expects.clone()).unwrap_or_default());
                runs.push((given, mask_of(&expects, Some(pd)), Some(pd.name.clone())));
            }
        }
        let mut missing: Vec<String> = Vec::new();
        let mut read_by: Vec<String> = Vec::new();
        let mut read_by_zh: Vec<String> = Vec::new();
        for (given, mask, period) in &runs {
            let given: Vec<&str> = given.iter().map(String::as_str).collect();
            for (slot, rows) in crate::plan::reads::not_given(r, &given, mask) {
                let Some(f) = r.facts.get(slot) else { continue };
                if missing.contains(&f.name) {
                    continue;
                }
                let mut ids: Vec<String> = rows.iter().filter_map(|&i| r.nodes.get(i)).map(node_name).take(3).collect();
                if rows.len() > 3 {
                    ids.push("…".into());
                }
                let within = period.as_ref().map(|p| format!(" in period `{p}`")).unwrap_or_default();
                read_by.push(format!("`{}` is read by {}{within}", f.name, ids.join(", ")));
                let within = period.as_ref().map(|p| format!("（考核期 `{p}`）")).unwrap_or_default();
                read_by_zh.push(format!("`{}` 由 {} 读取{within}", f.name, ids.join(", ")));
                missing.push(f.name.clone());
            }
        }
        if missing.is_empty() {
            return;
        }
        let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        self.report.push(
            Code::TestFacts
                .at(file, t.name.span)
                .arg(&t.name.value)
                .word(list.join(", "), list.join("、"))
                .word(read_by.join("; "), read_by_zh.join("；")),
        );
    }

    /// The index of the period a test's `period NAME` block names.
    fn period_in(&mut self, file: FileId, r: &Plan, name: &rubric_syntax::Spanned<String>) -> Option<usize> {
        let found = r.periods.iter().position(|p| p.name == name.value);
        if found.is_none() {
            let saved = std::mem::replace(&mut self.periods, r.periods.clone());
            self.period_names(file, std::slice::from_ref(name));
            self.periods = saved;
        }
        found
    }

    /// The facts of a test's `given` lines.
    fn test_given(
        &mut self,
        file: FileId,
        given: &[ast::Given],
        r: &Plan,
        name: &str,
    ) -> (crate::facts::UnitFacts, bool) {
        let mut facts = crate::facts::UnitFacts::new(name.to_string());
        let mut ok = true;
        for g in given {
            let Some(def) = r.fact(&g.fact.value) else {
                let best = crate::diag::closest(&g.fact.value, r.facts.iter().map(|f| f.name.as_str()), 0.5);
                let d = Code::UnknownTestFact.at(file, g.fact.span).arg(&g.fact.value);
                self.report.push(match best {
                    Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                    None => d,
                });
                ok = false;
                continue;
            };
            let raw = match &g.value {
                ast::TestValue::Bool(b) => crate::facts::Raw::Bool(*b),
                ast::TestValue::Text(t) => crate::facts::Raw::Text(t.clone()),
                ast::TestValue::Lit(l) => match l.value {
                    LitValue::Number(_) => crate::facts::Raw::Number(l.text.clone()),
                    _ => crate::facts::Raw::Text(l.text.clone()),
                },
            };
            if let Err(why) = crate::facts::read_fact(def.ty, &raw, def.range.is_some()) {
                self.report.push(Code::TypeTestFact.at(file, g.span).arg(&def.name).arg(def.ty.keyword()).arg(why));
                ok = false;
                continue;
            }
            facts = facts.with(g.fact.value.clone(), raw);
        }
        (facts, ok)
    }

    /// The expectations of a test's `expect` lines; in a period, a row must be scored in it.
    fn test_expect(
        &mut self,
        file: FileId,
        expect: &[ast::Expect],
        r: &Plan,
        period: Option<usize>,
    ) -> (Vec<ExpectDef>, bool) {
        let mut ok = true;
        let mut expects = Vec::new();
        for e in expect {
            let loc = Loc { file, span: e.span };
            let target = match &e.kind {
                ast::ExpectKind::Total(n) => Target::Total(lit_num(n)),
                ast::ExpectKind::Error(code) => Target::Error(code.value.clone()),
                ast::ExpectKind::Node(id, n) => {
                    match r.nodes.iter().position(|x| x.id == id.value && x.kind != Kind::Rubric) {
                        Some(i) => {
                            let outside = period
                                .and_then(|p| r.periods.get(p))
                                .filter(|p| !p.nodes.get(i).copied().unwrap_or(false));
                            if let Some(p) = outside {
                                self.report.push(Code::NotInPeriod.at(file, id.span).arg(&id.value).arg(&p.name));
                                ok = false;
                                continue;
                            }
                            Target::Node(i, lit_num(n))
                        }
                        None => {
                            let best = crate::diag::closest(&id.value, r.nodes.iter().map(|x| x.id.as_str()), 0.5);
                            let d = Code::UnknownId.at(file, id.span).arg(&id.value);
                            self.report.push(match best {
                                Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                                None => d,
                            });
                            ok = false;
                            continue;
                        }
                    }
                }
            };
            expects.push(ExpectDef { target, loc });
        }
        (expects, ok)
    }

    fn finish(&mut self, title: String, year: Option<u32>) -> Plan {
        for slot in std::mem::take(&mut self.used) {
            if let Some(f) = self.facts.get_mut(slot) {
                f.used = true;
            }
        }
        let nodes = std::mem::take(&mut self.nodes);
        let periods = crate::plan::periods::masks(std::mem::take(&mut self.periods), &nodes, &self.only);
        Plan {
            title,
            year,
            facts: std::mem::take(&mut self.facts),
            lets: std::mem::take(&mut self.lets),
            nodes,
            cohorts: self.cohorts.take(),
            tests: Vec::new(),
            sources: self.sources.clone(),
            periods,
        }
    }

    /// Collects facts and derived values of the rubric and of every block it uses,
    /// then orders the derived values by dependency.
    fn declarations(&mut self, entry: FileId, rubric: &Container) {
        let mut bodies: Vec<(FileId, &[Stmt])> = vec![(entry, &rubric.body)];
        let mut seen_blocks: HashSet<String> = HashSet::new();
        let mut work: Vec<(FileId, &[Stmt])> = vec![(entry, &rubric.body)];
        let blocks = self.blocks.clone();
        while let Some((file, body)) = work.pop() {
            for s in body {
                match &s.kind {
                    StmtKind::Node(n) => work.push((file, &n.body)),
                    StmtKind::Use(u) => {
                        let name = &u.name;
                        if let Some((bf, b)) = blocks.get(&name.value)
                            && seen_blocks.insert(name.value.clone())
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
        let mut declared: HashMap<String, Loc> = HashMap::new();
        for (file, body) in &bodies {
            for s in body.iter() {
                let name = match &s.kind {
                    StmtKind::Fact(f) => &f.name,
                    StmtKind::Let(l) => &l.name,
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
                match &s.kind {
                    StmtKind::Fact(f) => self.fact(*file, f),
                    StmtKind::Let(l) => let_decls.push((*file, l.clone())),
                    _ => {}
                }
            }
        }
        drop(blocks);
        self.order_lets(let_decls);
    }

    fn fact(&mut self, file: FileId, f: &ast::FactDecl) {
        if self.facts.len() == self.options.max_facts {
            self.report.push(Code::TooManyFacts.at(file, f.name.span).arg(self.options.max_facts));
        }
        let range = f.range.as_ref().and_then(|r| self.range(file, r, crate::plan::fact_ty(f.ty.value)));
        let slot = self.facts.len();
        self.syms.insert(f.name.value.clone(), Sym { slot, ty: crate::plan::fact_ty(f.ty.value), cohort: false });
        self.facts.push(FactDef {
            name: f.name.value.clone(),
            ty: f.ty.value,
            desc: f.desc.as_ref().map(|d| d.value.clone()),
            range,
            loc: Loc { file, span: f.name.span },
            used: false,
            given: f.given,
        });
    }

    /// Orders derived values so each comes after the values it uses (Kahn's algorithm),
    /// reports cycles, and compiles them.
    fn order_lets(&mut self, decls: Vec<(FileId, ast::LetDecl)>) {
        let index: HashMap<&str, usize> =
            decls.iter().enumerate().map(|(i, (_, l))| (l.name.value.as_str(), i)).collect();
        let mut deps: Vec<Vec<usize>> = Vec::with_capacity(decls.len());
        for (_, l) in &decls {
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
        if order.len() < decls.len() {
            let on_cycle: Vec<usize> = (0..decls.len()).filter(|i| !order.contains(i)).collect();
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
        let base = self.facts.len();
        for i in order {
            let Some((file, l)) = decls.get(i) else { continue };
            let src = self.src(*file);
            let slot = base + self.lets.len();
            let mut used = Vec::new();
            let scope =
                Scope { syms: &self.syms, all_names: &self.all_names, cohorts: &self.cohorts, file: *file, src: &src };
            let Some(rule) = scope.rule(&l.expr, Want::Any, &mut self.report, &mut used) else { continue };
            let on_zero = match &l.on_zero {
                Some(ast::OnZero::Value(v)) => {
                    let Some(z) = scope.rule(v, Want::Any, &mut self.report, &mut used) else { continue };
                    if !z.ty.same_family(rule.ty) {
                        self.report.push(Code::TypeOnZero.at(*file, v.span).ty(z.ty).arg(&l.name.value).ty(rule.ty));
                        continue;
                    }
                    Some(z.expr)
                }
                _ => None,
            };
            self.used.extend(used.iter().copied());
            let cohort = used
                .iter()
                .any(|&r| crate::plan::cohort_read(r).is_some() || self.syms.values().any(|y| y.slot == r && y.cohort));
            self.syms.insert(l.name.value.clone(), Sym { slot, ty: rule.ty, cohort });
            let mut reads = rule.reads.clone();
            reads.extend(used.iter().copied());
            reads.sort_unstable();
            reads.dedup();
            self.lets.push(LetDef {
                reads,
                name: l.name.value.clone(),
                expr: rule.expr,
                ty: rule.ty,
                on_zero,
                desc: l.desc.as_ref().map(|d| d.value.clone()),
                loc: Loc { file: *file, span: l.name.span },
                cohort,
            });
        }
    }

    fn range(&mut self, file: FileId, r: &ast::Interval, ty: Ty) -> Option<Range> {
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

    /// Compiles a rubric, block or node body into a node and its subtree; returns its index.
    fn container(
        &mut self,
        file: FileId,
        c: &Container,
        kind: Kind,
        id: String,
        parent: &Meta,
        using: &mut Vec<String>,
    ) -> usize {
        if let Some(m) = &c.max_name {
            self.unknown_param(file, m);
        }
        let head =
            NodeHead { file, kind, id, title: c.title.value.clone(), max: c.max.clone(), head: c.head, decl_ok: true };
        self.node(head, &c.body, parent, using)
    }

    fn node(&mut self, h: NodeHead, body: &[Stmt], parent: &Meta, using: &mut Vec<String>) -> usize {
        let NodeHead { file, kind, id, title, max, head, decl_ok } = h;
        let idx = self.nodes.len();
        if idx == self.options.max_nodes + 1 {
            self.report.push(Code::TooManyNodes.at(file, head).arg(self.options.max_nodes));
        }
        let mut meta = Meta {
            lead: parent.lead.clone(),
            office: parent.office.clone(),
            owner: parent.owner.clone(),
            due: parent.due.clone(),
            text: None,
        };
        for s in body {
            match &s.kind {
                StmtKind::Lead(v) => meta.lead = strings(v),
                StmtKind::Office(v) => meta.office = strings(v),
                StmtKind::Owner(v) => meta.owner = strings(v),
                StmtKind::Due(Due::Date(d)) => {
                    self.deadline_year(
                        file,
                        d.span,
                        chrono::Datelike::year(&d.value),
                        &d.value.format("%Y-%m-%d").to_string(),
                    );
                    meta.due = Some(d.value.format("%Y-%m-%d").to_string());
                }
                StmtKind::Due(Due::Text(t)) => {
                    self.deadline_text(file, t);
                    meta.due = Some(t.value.clone());
                }
                StmtKind::Text(t) => meta.text = Some(t.value.clone()),
                _ => {}
            }
        }
        // What the children inherit; a node without children (every item) needs no copy.
        let inherit = if body.iter().any(|s| matches!(s.kind, StmtKind::Node(_) | StmtKind::Use(_))) {
            meta.clone()
        } else {
            Meta::default()
        };
        let max_value = max.as_ref().and_then(|m| match m.value {
            LitValue::Number(n) => Some(n),
            _ => None,
        });
        self.nodes.push(NodeDef {
            id: id.clone(),
            title,
            kind,
            max: max_value.unwrap_or_default(),
            max_declared: max_value.is_some(),
            children: Vec::new(),
            rules: Vec::new(),
            floor: Floor::At(Decimal::ZERO),
            cap: None,
            bonus_cap: None,
            bonus_uncapped: false,
            round: None,
            meta,
            loc: Loc { file, span: head },
        });
        if kind != Kind::Rubric {
            let key = half_width(&id);
            if let Some((prev_id, prev)) = self.ids.get(&key) {
                let code = if *prev_id == id { Code::DuplicateId } else { Code::DuplicateIdWidth };
                self.report.push(code.at(file, head).arg(&id).arg(prev_id).note(
                    prev.file,
                    prev.span,
                    Phrase::FirstUsed,
                    [],
                ));
            } else {
                self.ids.insert(key, (id.clone(), Loc { file, span: head }));
            }
        }
        if kind == Kind::Item && max.is_none() {
            self.report.push(Code::ItemMax.at(file, head).arg(&id));
        }
        let src = self.src(file);
        let mut children = Vec::new();
        let mut rules = Vec::new();
        let mut cap_set = false;
        // `floor` as declared: `None` when the node states none, so its default applies.
        let (mut floor, mut cap, mut bonus_cap, mut round) = (None, None, None, None);
        let mut bonus_uncapped = false;
        let mut seen_limits: HashMap<&'static str, Span> = HashMap::new();
        for s in body {
            let placed = |this: &mut Self, what: &str, help: Phrase| {
                this.report.push(Code::Misplaced.at(file, s.span).arg(what).put(describe_kind(kind)).hint(help, []));
            };
            let mut limit_once = |this: &mut Self, key: &'static str| -> bool {
                if let Some(prev) = seen_limits.get(key) {
                    this.report.push(Code::DuplicateSetting.at(file, s.span).arg(key).note(
                        file,
                        *prev,
                        Phrase::FirstSet,
                        [],
                    ));
                    false
                } else {
                    seen_limits.insert(key, s.span);
                    true
                }
            };
            match &s.kind {
                StmtKind::Fact(_) | StmtKind::Let(_) | StmtKind::Year(_) => {
                    if !decl_ok {
                        placed(self, s.kind.keyword(), Phrase::PlaceDecl);
                    }
                }
                StmtKind::Node(n) => {
                    if kind == Kind::Item {
                        placed(self, n.kind.value.keyword(), Phrase::PlaceInItem);
                        continue;
                    }
                    if n.kind.value == ast::NodeKind::Section && kind != Kind::Rubric {
                        placed(self, "section", Phrase::PlaceSection);
                    }
                    if !self.deeper(file, n.head) {
                        continue;
                    }
                    if let Some(m) = &n.max_name {
                        self.unknown_param(file, m);
                    }
                    let h = NodeHead {
                        file,
                        kind: n.kind.value.into(),
                        id: n.id.value.clone(),
                        title: n.title.value.clone(),
                        max: n.max.clone(),
                        head: n.head,
                        decl_ok: false,
                    };
                    children.push(self.node(h, &n.body, &inherit, using));
                    self.depth -= 1;
                }
                StmtKind::Use(u) => {
                    let name = &u.name;
                    if kind == Kind::Item {
                        placed(self, "use", Phrase::PlaceUse);
                        continue;
                    }
                    if using.len() >= self.options.max_use_depth {
                        self.report.push(Code::UseTooDeep.at(file, name.span).arg(self.options.max_use_depth));
                        continue;
                    }
                    if using.contains(&name.value) {
                        self.report.push(Code::UseCycle.at(file, name.span).arg(&name.value));
                        continue;
                    }
                    if let Some(first) = self.used_blocks.get(&name.value) {
                        self.report.push(Code::DuplicateUse.at(file, name.span).arg(&name.value).note(
                            first.file,
                            first.span,
                            Phrase::FirstUsed,
                            [],
                        ));
                        continue;
                    }
                    self.used_blocks.insert(name.value.clone(), Loc { file, span: name.span });
                    match self.blocks.get(&name.value).cloned() {
                        Some((bf, b)) => {
                            if !self.deeper(file, name.span) {
                                continue;
                            }
                            using.push(name.value.clone());
                            let child = self.container(bf, &b, Kind::Section, name.value.clone(), &inherit, using);
                            children.push(child);
                            if !u.only.is_empty() {
                                let set = self.period_names(file, &u.only);
                                self.only.insert(child, set);
                            }
                            using.pop();
                            self.depth -= 1;
                        }
                        None => {
                            // Among equally close names the first in order, so the help is the
                            // same from run to run (the blocks are a hash map).
                            let best = crate::diag::closest(&name.value, self.blocks.keys().map(String::as_str), 0.4)
                                .map(str::to_string);
                            let d = Code::UnknownBlock.at(file, name.span).arg(&name.value);
                            self.report.push(match best {
                                Some(k) => d.hint(Phrase::DidYouMean, [Arg::text(k)]),
                                None => d,
                            });
                        }
                    }
                }
                StmtKind::Lead(_) | StmtKind::Office(_) | StmtKind::Owner(_) | StmtKind::Due(_) | StmtKind::Text(_) => {
                }
                StmtKind::Period(_) => {
                    if kind != Kind::Rubric {
                        placed(self, "period", Phrase::PlacePeriod);
                    }
                }
                StmtKind::Only(v) => {
                    if kind == Kind::Rubric {
                        placed(self, "only", Phrase::PlaceOnly);
                    } else if limit_once(self, "only") {
                        let set = self.period_names(file, v);
                        self.only.insert(idx, set);
                    }
                }
                StmtKind::Band(_) | StmtKind::Award(_) | StmtKind::Score(_) | StmtKind::Judged(_)
                    if kind != Kind::Item =>
                {
                    placed(self, s.kind.keyword(), Phrase::PlaceRule);
                }
                StmtKind::Band(b) => {
                    if let Some(r) = self.band(file, &src, b, s.span) {
                        rules.push(RuleDef::Band(r));
                    }
                }
                StmtKind::Award(a) => {
                    if let Some(r) = self.adjust(file, &src, a, s.span) {
                        rules.push(RuleDef::Award(r));
                    }
                }
                StmtKind::Deduct(a) => {
                    if let Some(r) = self.adjust(file, &src, a, s.span) {
                        rules.push(RuleDef::Deduct(r));
                    }
                }
                StmtKind::Bonus(a) => {
                    if let Some(r) = self.adjust(file, &src, a, s.span) {
                        rules.push(RuleDef::Bonus(r));
                    }
                }
                StmtKind::Score(sc) => {
                    let scope =
                        Scope { syms: &self.syms, all_names: &self.all_names, cohorts: &self.cohorts, file, src: &src };
                    if let Some(mut r) = scope.rule(&sc.expr, Want::Points, &mut self.report, &mut self.used) {
                        if let Some(l) = &sc.label {
                            r.text = format!("{}（{}）", r.text, l.value);
                        }
                        rules.push(RuleDef::Score(r));
                    }
                }
                StmtKind::Judged(j) => match self.syms.get(&j.fact.value).copied() {
                    Some(sym) if sym.slot < self.facts.len() && sym.ty == Ty::Points => {
                        self.used.push(sym.slot);
                        rules.push(RuleDef::Judged(JudgedDef {
                            slot: sym.slot,
                            name: j.fact.value.clone(),
                            label: j.label.as_ref().map(|l| l.value.clone()),
                            loc: Loc { file, span: s.span },
                        }));
                    }
                    Some(_) => self.report.push(Code::TypeJudged.at(file, j.fact.span).arg(&j.fact.value)),
                    None => {
                        let e = ast::Expr { kind: ast::ExprKind::Name(j.fact.value.clone()), span: j.fact.span };
                        let scope = Scope {
                            syms: &self.syms,
                            all_names: &self.all_names,
                            cohorts: &self.cohorts,
                            file,
                            src: &src,
                        };
                        let _ = scope.expr(&e, &mut self.report, &mut Vec::new());
                    }
                },
                StmtKind::Zero(c) | StmtKind::Veto(c) => {
                    let scope =
                        Scope { syms: &self.syms, all_names: &self.all_names, cohorts: &self.cohorts, file, src: &src };
                    if let Some(cond) = scope.rule(&c.cond, Want::Bool, &mut self.report, &mut self.used) {
                        let d = CondDef {
                            cond,
                            label: c.label.as_ref().map(|l| l.value.clone()),
                            loc: Loc { file, span: s.span },
                        };
                        rules.push(if matches!(s.kind, StmtKind::Zero(_)) {
                            RuleDef::Zero(d)
                        } else {
                            RuleDef::Veto(d)
                        });
                    }
                }
                StmtKind::Floor(l) => {
                    if limit_once(self, "floor") {
                        floor = Some(limit(l).map_or(Floor::None, Floor::At));
                    }
                }
                StmtKind::Cap(l) => {
                    if limit_once(self, "cap") {
                        cap_set = true;
                        cap = limit(l);
                    }
                }
                StmtKind::BonusCap(l) => {
                    if limit_once(self, "bonus_cap") {
                        bonus_cap = limit(l);
                        bonus_uncapped = matches!(l, ast::Limit::None(_));
                    }
                }
                StmtKind::Round(r) => {
                    if limit_once(self, "round") {
                        if r.places.value > 10 {
                            self.report.push(Code::Round.at(file, r.places.span).arg(r.places.value));
                        } else {
                            round = Some((r.places.value, r.mode.as_ref().map(|m| m.value).unwrap_or_default()));
                        }
                    }
                }
            }
        }
        let child_sum: Decimal = children
            .iter()
            .filter_map(|&c| self.nodes.get(c))
            .map(|n| n.max)
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
        let Some(node) = self.nodes.get_mut(idx) else { return idx };
        let periods_decide = kind == Kind::Rubric && !self.periods.is_empty();
        if kind != Kind::Item {
            if !node.max_declared {
                node.max = child_sum;
            } else if node.max != child_sum && !cap_set && !children.is_empty() && !periods_decide {
                let name = if id.is_empty() { Arg::word("the rubric", "细则") } else { Arg::text(&id) };
                let d = Code::MaxMismatch.at(file, head).put(name).arg(show_num(node.max)).arg(show_num(child_sum));
                self.report.push(d);
            }
            if children.is_empty() && kind != Kind::Rubric {
                self.report.push(Code::Empty.at(file, head).arg(&id));
            }
        }
        // A part that may score below 0 passes its negative score up, unless the node states
        // its own floor: the document says 可倒扣 once, on the row.
        let negative_part = children.iter().any(|&c| self.nodes.get(c).is_some_and(|n| n.floor.allows_negative()));
        let floor = match floor {
            Some(f) => f,
            None if kind != Kind::Item && negative_part => Floor::Children,
            None => Floor::At(Decimal::ZERO),
        };
        if let Some(node) = self.nodes.get_mut(idx) {
            node.children = children;
            node.rules = rules;
            node.floor = floor;
            node.bonus_uncapped = bonus_uncapped;
            node.cap = if cap_set { cap } else { Some(node.max) };
            node.bonus_cap = bonus_cap;
            node.round = round;
        }
        idx
    }

    /// Goes one level deeper into the tree, or reports that the tree is too deep. Braces and
    /// `use` both nest the tree, so the depth is counted through both: the compiler recurses once
    /// per level and must stay within a small stack.
    fn deeper(&mut self, file: FileId, span: Span) -> bool {
        if self.depth >= self.options.max_tree_depth {
            if !self.too_deep {
                self.too_deep = true;
                self.report.push(Code::TreeTooDeep.at(file, span).arg(self.options.max_tree_depth));
            }
            return false;
        }
        self.depth += 1;
        true
    }

    fn deadline_year(&mut self, file: FileId, span: Span, year: i32, shown: &str) {
        if let Some(y) = self.year
            && i64::from(year) > i64::from(y)
        {
            self.report.push(Code::DeadlineYear.at(file, span).arg(shown).arg(y));
        }
    }

    fn deadline_text(&mut self, file: FileId, t: &rubric_syntax::Spanned<String>) {
        let text = t.value.trim();
        if let Some(d) = find_date(text).or_else(|| month_end(text, self.year)) {
            let year = chrono::Datelike::year(&d);
            let years = rubric_syntax::YEARS;
            if !years.contains(&year) {
                self.report
                    .push(Code::DeadlineRange.at(file, t.span).arg(text).arg(year).arg(years.start()).arg(years.end()));
                return;
            }
            self.deadline_year(file, t.span, year, &format!("`{text}`"));
            return;
        }
        if !KNOWN_DEADLINES.iter().any(|k| text.contains(k)) {
            self.report.push(Code::DeadlineUnknown.at(file, t.span).arg(text).arg(KNOWN_DEADLINES.join("、")));
        }
    }

    fn adjust(&mut self, file: FileId, src: &str, a: &ast::Adjust, span: Span) -> Option<AdjustDef> {
        let scope = Scope { syms: &self.syms, all_names: &self.all_names, cohorts: &self.cohorts, file, src };
        let amount = scope.rule(&a.amount, Want::Points, &mut self.report, &mut self.used);
        let per = a.per.as_ref().map(|p| scope.rule(p, Want::Quantity, &mut self.report, &mut self.used));
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

    fn band(&mut self, file: FileId, src: &str, b: &ast::Band, span: Span) -> Option<BandDef> {
        let scope = Scope { syms: &self.syms, all_names: &self.all_names, cohorts: &self.cohorts, file, src };
        let subject = scope.rule(&b.subject, Want::Bandable, &mut self.report, &mut self.used)?;
        let mut arms = Vec::new();
        for arm in &b.arms {
            let range = self.range(file, &arm.interval, subject.ty);
            let scope = Scope { syms: &self.syms, all_names: &self.all_names, cohorts: &self.cohorts, file, src };
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
}

/// Most periods a rubric may declare.
const MAX_PERIODS: usize = 24;

/// Periods and block parameters.
impl Compiler {
    /// Collects the `period` declarations of the rubric body.
    fn period_decls(&mut self, file: FileId, body: &[Stmt]) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        for s in body {
            let StmtKind::Period(p) = &s.kind else { continue };
            if self.periods.len() == MAX_PERIODS {
                // Each period is scored on its own copy of the plan: keep the copies few.
                self.report.push(Code::TooManyPeriods.at(file, p.name.span).arg(MAX_PERIODS));
                return;
            }
            if let Some(prev) = seen.get(&p.name.value) {
                self.report.push(Code::DuplicatePeriod.at(file, p.name.span).arg(&p.name.value).note(
                    file,
                    *prev,
                    Phrase::FirstDeclared,
                    [],
                ));
                continue;
            }
            seen.insert(p.name.value.clone(), p.name.span);
            let weight = lit_num(&p.weight);
            let due = p.due.as_ref().map(|d| {
                self.deadline_year(
                    file,
                    d.span,
                    chrono::Datelike::year(&d.value),
                    &d.value.format("%Y-%m-%d").to_string(),
                );
                d.value.format("%Y-%m-%d").to_string()
            });
            self.periods.push(PeriodDef {
                name: p.name.value.clone(),
                title: p.title.value.clone(),
                weight,
                weight_text: p.weight.text.clone(),
                due,
                nodes: Vec::new(),
                loc: Loc { file, span: p.name.span },
            });
        }
    }

    /// The indices of the periods named, reporting names that are not declared periods.
    fn period_names(&mut self, file: FileId, names: &[rubric_syntax::Spanned<String>]) -> Vec<usize> {
        let mut out = Vec::new();
        for n in names {
            match self.periods.iter().position(|p| p.name == n.value) {
                Some(i) => out.push(i),
                None => {
                    let d = Code::UnknownPeriod.at(file, n.span).arg(&n.value);
                    let best = crate::diag::closest(&n.value, self.periods.iter().map(|p| p.name.as_str()), 0.4);
                    self.report.push(match best {
                        Some(b) => d.hint(Phrase::DidYouMean, [Arg::text(b)]),
                        None if self.periods.is_empty() => d.hint(Phrase::DeclarePeriods, []),
                        None => d.hint(
                            Phrase::PeriodsAre,
                            [Arg::text(self.periods.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "))],
                        ),
                    });
                }
            }
        }
        out
    }

    /// `max NAME` where NAME is not a parameter of the block.
    fn unknown_param(&mut self, file: FileId, m: &rubric_syntax::Spanned<String>) {
        self.report.push(Code::UnknownParamMax.at(file, m.span).arg(&m.value));
    }

    /// Gives every used block its arguments: each `use` reached from `body` (and from the blocks
    /// it uses) replaces its block by a copy with the parameters substituted.
    fn bind_uses(&mut self, entry: FileId, body: &[Stmt], library: bool) {
        let mut done: HashSet<String> = HashSet::new();
        // The entry's body is only read: borrowed, not copied; blocks are copied out of `self`.
        let mut work: Vec<(FileId, std::borrow::Cow<'_, [Stmt]>)> = vec![(entry, std::borrow::Cow::Borrowed(body))];
        while let Some((file, body)) = work.pop() {
            let mut found = Vec::new();
            let mut stack: Vec<&[Stmt]> = vec![&body];
            while let Some(b) = stack.pop() {
                for s in b {
                    match &s.kind {
                        StmtKind::Node(n) => stack.push(&n.body),
                        StmtKind::Use(u) => found.push(u.clone()),
                        _ => {}
                    }
                }
            }
            for u in found {
                if !done.insert(u.name.value.clone()) {
                    continue;
                }
                let Some((bf, b)) = self.blocks.get(&u.name.value).cloned() else { continue };
                if b.params.is_empty() && u.args.is_empty() && b.max_name.is_none() {
                    work.push((bf, std::borrow::Cow::Owned(b.body)));
                    continue;
                }
                let inst = crate::check::params::instantiate(&b, bf, &u, file, library, &mut self.report);
                work.push((bf, std::borrow::Cow::Owned(inst.body.clone())));
                self.blocks.insert(u.name.value.clone(), (bf, inst));
            }
        }
    }

    /// With periods, the rubric's declared maximum is the weighted sum of the periods' maxima.
    fn check_period_max(&mut self, file: FileId, rubric: &Container, r: &Plan) {
        if r.periods.is_empty() || self.report.has_errors() {
            return;
        }
        let mut parent = vec![None; r.nodes.len()];
        for (i, n) in r.nodes.iter().enumerate() {
            for &c in &n.children {
                if let Some(p) = parent.get_mut(c) {
                    *p = Some(i);
                }
            }
        }
        let scored = |i: usize| r.periods.iter().any(|p| p.nodes.get(i).copied().unwrap_or(false));
        for (i, n) in r.nodes.iter().enumerate().skip(1) {
            if scored(i) || parent.get(i).copied().flatten().is_some_and(|p| !scored(p)) {
                continue;
            }
            self.report.push(Code::NeverScored.at(n.loc.file, n.loc.span).arg(&n.id));
        }
        let Some(combined) = r.period_max() else { return };
        let root = r.root();
        if root.max_declared && root.max != combined {
            let shown: Vec<String> = r
                .period_parts()
                .iter()
                .map(|p| format!("{} × {}", show_num(p.rubric.root().max), p.def.weight_text))
                .collect();
            self.report.push(
                Code::PeriodMaxMismatch
                    .at(file, rubric.head)
                    .arg(show_num(root.max))
                    .arg(show_num(combined))
                    .arg(shown.join(" + ")),
            );
        }
    }
}

fn lit_num(l: &ast::Literal) -> Decimal {
    match l.value {
        LitValue::Number(n) | LitValue::Percent(n) => n,
        LitValue::Date(_) => Decimal::ZERO,
    }
}

/// Deadline phrases the documents use instead of a date.
pub const KNOWN_DEADLINES: &[&str] =
    &["持续推进", "持续跟进", "按规定时间节点完成", "长期坚持", "常态化", "年底前", "按上级要求"];

/// The first date written in a deadline phrase: `2024年9月30日`, `2024-09-30`, `2024/9/30`.
fn find_date(text: &str) -> Option<chrono::NaiveDate> {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        if start > 0 && chars.get(start - 1).is_some_and(char::is_ascii_digit) {
            continue;
        }
        let rest: String = chars.get(start..).map(|c| c.iter().collect()).unwrap_or_default();
        let mut parts = rest.split(|c: char| !c.is_ascii_digit());
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if y.len() != 4 {
            continue;
        }
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse())
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d)
        {
            return Some(date);
        }
    }
    None
}

/// A month-end deadline: `2024年12月底` or, with the rubric's year, `9月底前`.
fn month_end(text: &str, rubric_year: Option<u32>) -> Option<chrono::NaiveDate> {
    let (head, _) = text.split_once("月底")?;
    let month_digits: String =
        head.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    let month: u32 = month_digits.parse().ok()?;
    let before = head.get(..head.len() - month_digits.len())?;
    let year: i32 = match before.strip_suffix('年') {
        Some(y) => {
            let digits: String =
                y.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
            if digits.len() != 4 {
                return None;
            }
            digits.parse().ok()?
        }
        None => i32::try_from(rubric_year?).ok()?,
    };
    let first_of_next = if month == 12 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    first_of_next.pred_opt()
}

/// An id with full-width ASCII characters (`１`, `．`) folded to half-width.
fn half_width(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            c => c,
        })
        .collect()
}

struct NodeHead {
    file: FileId,
    kind: Kind,
    id: String,
    title: String,
    max: Option<ast::Literal>,
    head: Span,
    /// Whether declarations may stand in this body (a rubric or a block).
    decl_ok: bool,
}

fn strings(v: &[rubric_syntax::Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.value.clone()).collect()
}

fn limit(l: &ast::Limit) -> Option<Decimal> {
    match l {
        ast::Limit::None(_) => None,
        ast::Limit::Value(v) => match v.value {
            LitValue::Number(n) => Some(n),
            _ => None,
        },
    }
}

fn describe_kind(k: Kind) -> Arg {
    match k {
        Kind::Rubric => Arg::word("the rubric body", "细则正文"),
        Kind::Section => Arg::word("a section", "部分（section）"),
        Kind::Group => Arg::word("a group", "组（group）"),
        Kind::Item => Arg::word("an item", "条目（item）"),
    }
}

/// A node as messages name it: `item `一.1``, `the rubric`.
fn node_name(n: &NodeDef) -> String {
    match n.kind {
        Kind::Rubric => "the rubric".into(),
        Kind::Section => format!("section `{}`", n.id),
        Kind::Group => format!("group `{}`", n.id),
        Kind::Item => format!("item `{}`", n.id),
    }
}

#[cfg(test)]
mod tests {
    use super::{find_date, half_width, month_end};
    use chrono::NaiveDate;

    #[test]
    fn deadline_phrases_with_dates_are_read() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(find_date("清明节 2024年9月30日"), d(2024, 9, 30));
        assert_eq!(find_date("2024-07-31前"), d(2024, 7, 31));
        assert_eq!(find_date("持续推进"), None);
        assert_eq!(month_end("2024年12月底", None), d(2024, 12, 31));
        assert_eq!(month_end("2024年2月底", None), d(2024, 2, 29));
        assert_eq!(month_end("9月底前", Some(2024)), d(2024, 9, 30));
        assert_eq!(month_end("9月底前", None), None);
        assert_eq!(month_end("尽快", Some(2024)), None);
    }

    #[test]
    fn full_width_ids_fold_to_half_width() {
        assert_eq!(half_width("六．2.１"), "六.2.1");
    }
}
