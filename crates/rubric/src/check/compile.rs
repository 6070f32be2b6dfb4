//! The checker: a parsed rule file (and its imports) to a compiled [`Rubric`], with every problem reported.

use crate::check::typeck::Sym;
use crate::diag::Report;
use crate::diag::codes::{Code, Phrase};
use crate::plan::*;
use crate::source::{FileId, Loader, Sources};
use rubric_syntax::Span;
use rubric_syntax::ast::{self, Container, LitValue, Stmt, StmtKind, Top};
use rust_decimal::Decimal;
use std::collections::HashMap;

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
    // With maxima that depend on the unit, each case is compiled again from the files read.
    let base = crate::check::cases::any(&c.files).then(|| c.clone());
    // Each rule against its own words, once for the files read (not once per case).
    let mut fidelity = Report::default();
    crate::check::fidelity::check(&c.files, &c.sources, &mut fidelity);
    let (rubric, report) = c.run();
    let (rubric, mut report) = match &base {
        Some(b) if !c.library => crate::check::cases::each(b, rubric, report),
        _ => (rubric, report),
    };
    report.diagnostics.extend(fidelity.diagnostics);
    let rubric = if report.has_errors() || c.library { None } else { rubric };
    Checked { plan: rubric, report, sources: c.sources, library: c.library }
}

#[derive(Default, Clone)]
pub(super) struct Compiler {
    pub(super) sources: Sources,
    pub(super) report: Report,
    pub(super) files: Vec<(FileId, ast::File)>,
    pub(super) blocks: HashMap<String, (FileId, Container)>,
    pub(super) facts: Vec<FactDef>,
    pub(super) syms: HashMap<String, Sym>,
    /// The cohort figures the rules read.
    pub(super) cohorts: std::cell::RefCell<Vec<crate::plan::CohortDef>>,
    /// The node references the rules read (`points(三.2)`).
    pub(super) refs: std::cell::RefCell<Vec<crate::plan::refs::RefDef>>,
    /// The slots of the derived ratios treated as percents ([`super::typeck::Scope::percent`]).
    pub(super) percent: std::cell::RefCell<Vec<usize>>,
    pub(super) all_names: Vec<String>,
    pub(super) lets: Vec<LetDef>,
    pub(super) nodes: Vec<NodeDef>,
    pub(super) ids: HashMap<String, (String, Loc)>,
    pub(super) used: Vec<usize>,
    pub(super) library: bool,
    pub(super) year: Option<u32>,
    pub(super) options: Options,
    pub(super) over_budget: bool,
    pub(super) used_blocks: HashMap<String, Loc>,
    pub(super) depth: usize,
    pub(super) too_deep: bool,
    /// The periods declared by the rubric.
    pub(super) periods: Vec<PeriodDef>,
    /// `only` of a node (by index): the periods it is scored in.
    pub(super) only: HashMap<usize, Vec<usize>>,
    /// The tables looked up by fields of a list, compiled where a record is read.
    pub(super) record_tables: super::lists::RecordTables,
    /// The grade tables compiled so far, and where each node's was written.
    pub(super) grades: Vec<crate::plan::grades::GradeDef>,
    /// The calendars of working days declared in every file read.
    pub(super) calendars: crate::plan::calendar::Calendars,
    /// The case being compiled of the maxima that depend on the unit: each such node's case
    /// (an arm, or `None` for `else`), by node index (`check/cases`).
    pub(super) max_choice: Option<HashMap<usize, Option<usize>>>,
    /// The cells of each lookup table by its name, as written, kept with its derived value.
    pub(super) table_texts: HashMap<String, crate::plan::text::TableText>,
}

impl Compiler {
    /// The passes and the checks on the compiled rubric: the plan (also when there are errors)
    /// and the report.
    pub(super) fn run(&mut self) -> (Option<Plan>, Report) {
        let rubric = self.compile();
        let mut report = std::mem::take(&mut self.report);
        if let Some(r) = &rubric {
            crate::check::lint::lint(r, &mut report);
            // On a sound tree only: a reference not found reads no row.
            if !report.has_errors() {
                crate::check::strata::check(r, &mut report);
            }
        }
        (rubric, report)
    }

    pub(super) fn src(&self, file: FileId) -> std::sync::Arc<str> {
        self.sources.get(file).map(|f| f.text.clone()).unwrap_or_else(|| std::sync::Arc::from(""))
    }

    /// The passes, in order: blocks of every file, then the entry file's rubric (or its blocks,
    /// for a library): periods, block arguments, declarations, the tree, the periods' maximum,
    /// and last its tests against the plan.
    pub(super) fn compile(&mut self) -> Option<Plan> {
        let files = std::mem::take(&mut self.files);
        self.collect_blocks(&files);
        self.collect_calendars(&files);
        // No file read: the entry file could not be read, and that was reported.
        let (entry, entry_file) = files.first()?;
        let mut rubrics = entry_file.items.iter().filter_map(|i| match i {
            Top::Rubric(r) => Some(r),
            _ => None,
        });
        let Some(rubric) = rubrics.next() else {
            return self.library(*entry, entry_file);
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
        if root != 0 {
            self.report
                .push(Code::CheckerInternal.at(*entry, rubric.head).arg(format!("the rubric at node {root}, not 0")));
        }
        let mut r = self.finish(*entry, rubric.title.value.clone(), self.year)?;
        self.check_period_max(*entry, rubric, &mut r);
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

    /// The blocks of every file, by name; a name defined twice is reported.
    fn collect_blocks(&mut self, files: &[(FileId, ast::File)]) {
        for (file, f) in files {
            for item in &f.items {
                let Top::Block(b) = item else { continue };
                let Some(name) = &b.name else {
                    // The grammar gives every block a name.
                    self.report.push(Code::CheckerInternal.at(*file, b.head).arg("a block without a name"));
                    continue;
                };
                if let Some((pf, prev)) = self.blocks.get(&name.value) {
                    // Where the first was named; its head if it had no name.
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

    /// An entry file without a rubric: a library of blocks, each checked as if a rubric used
    /// it (no plan to score), or a file with neither (`rubric::no-rubric`).
    fn library(&mut self, entry: FileId, entry_file: &ast::File) -> Option<Plan> {
        let body: Vec<Stmt> = entry_file
            .items
            .iter()
            .filter_map(|i| match i {
                Top::Block(b) => b.name.clone(),
                _ => None,
            })
            .map(|n| Stmt {
                span: n.span,
                kind: StmtKind::Use(ast::UseStmt {
                    name: n,
                    args: Vec::new(),
                    alias: None,
                    title: None,
                    only: Vec::new(),
                }),
            })
            .collect();
        if body.is_empty() && !self.calendars.is_empty() {
            // A file of calendars alone: a library to import, with nothing to score.
            self.library = true;
            return None;
        }
        if body.is_empty() {
            if !self.report.has_errors() {
                self.report.push(Code::NoRubric.at(entry, Span::default()));
            }
            return None;
        }
        let library = Container {
            name: None,
            title: rubric_syntax::Spanned::new(String::new(), Span::default()),
            max: None,
            max_name: None,
            max_cases: None,
            params: Vec::new(),
            body,
            head: Span::default(),
            span: Span::default(),
        };
        self.bind_uses(entry, &library.body, true);
        self.declarations(entry, &library);
        self.container(entry, &library, Kind::Rubric, String::new(), &Meta::default(), &mut Vec::new());
        self.library = true;
        for item in &entry_file.items {
            if let Top::Test(t) = item {
                self.report.push(Code::TestInLibrary.at(entry, t.name.span).arg(&t.name.value));
            }
        }
        self.finish(entry, String::new(), None)
    }

    /// The plan; `None`, with an internal error reported, when the tree has no root.
    pub(super) fn finish(&mut self, entry: FileId, title: String, year: Option<u32>) -> Option<Plan> {
        for slot in std::mem::take(&mut self.used) {
            if let Some(f) = self.facts.get_mut(slot) {
                f.used = true;
            }
        }
        self.not_applicable();
        self.moved_points();
        let Some(nodes) = Nodes::from_vec(std::mem::take(&mut self.nodes)) else {
            self.report.push(Code::CheckerInternal.at(entry, Span::default()).arg("a rubric without a root node"));
            return None;
        };
        self.show_percents();
        let periods = crate::plan::periods::masks(std::mem::take(&mut self.periods), &nodes, &self.only);
        let (refs, order) = self.resolve_refs(&nodes, &periods);
        Some(Plan {
            title,
            year,
            facts: std::mem::take(&mut self.facts),
            lets: std::mem::take(&mut self.lets),
            max: nodes.root().max,
            nodes,
            cohorts: self.cohorts.take(),
            tests: Vec::new(),
            sources: self.sources.clone(),
            periods,
            grades: std::mem::take(&mut self.grades),
            calendars: std::sync::Arc::new(std::mem::take(&mut self.calendars)),
            refs,
            order,
            cases: Vec::new(),
        })
    }
}

impl Compiler {
    /// The number of a literal the grammar allows only a number or a percent in (a period's
    /// weight, a test's expected score); a date there is an internal error, never 0.
    pub(super) fn lit_num(&mut self, file: FileId, l: &ast::Literal) -> Option<Decimal> {
        match l.value {
            LitValue::Number(n) | LitValue::Percent(n) => Some(n),
            LitValue::Date(_) => {
                self.report
                    .push(Code::CheckerInternal.at(file, l.span).arg("a date where the grammar allows a number"));
                None
            }
        }
    }
}

impl Compiler {
    /// Shows as percents the derived ratios the rubric treats as percents.
    fn show_percents(&mut self) {
        let base = self.facts.len();
        let marked = self.percent.take();
        for (i, l) in self.lets.iter_mut().enumerate() {
            if l.ty == crate::value::Ty::Ratio && marked.contains(&(base + i)) {
                l.ty = crate::value::Ty::Percent;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_without_a_root_is_an_internal_error_not_a_plan() {
        let mut c = Compiler::default();
        assert!(c.finish(0, String::new(), None).is_none());
        assert!(c.report.errors().any(|d| d.code == Code::CheckerInternal), "{:?}", c.report);
    }
}
