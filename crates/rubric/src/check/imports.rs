//! Reading the entry file and the files it imports: a work queue, the loader's refusals, the budgets on files.

use crate::check::compile::Compiler;
use crate::diag::codes::{Arg, Code, Draft, Phrase};
use crate::plan::*;
use crate::source::{LoadError, Loader, Outside, project_root, resolve_import};
use rubric_syntax::Span;
use rubric_syntax::ast::Top;
use std::collections::{HashSet, VecDeque};

/// The error for an import that may not be read: absolute, or outside the project root. It
/// shows the path as written and the root, never anything of the file it names (the file is
/// not asked for).
pub(super) fn outside(entry: &str, path: &str, loc: Loc, why: Outside) -> Draft {
    let code = match why {
        Outside::Absolute => Code::ImportAbsolute,
        Outside::AboveRoot => Code::ImportAboveRoot,
    };
    code.at(loc.file, loc.span).arg(rubric_syntax::clean(path)).arg(rubric_syntax::clean(&project_root(entry)))
}

impl Compiler {
    /// Reads the entry file and every file it imports (without recursion). An import that
    /// leads outside the project root is refused without asking the loader, and every file is
    /// asked for within the size budget.
    pub(super) fn read_all(&mut self, entry: &str, loader: &dyn Loader) {
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
    pub(super) fn unreadable(&mut self, path: &str, from: Option<Loc>, why: LoadError) {
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
}
