//! Lookup tables (`table 事故扣分 by 事故等级, 事故类型 { 一般, 火灾 => 2 … }`): checked for a cell
//! of every combination of names, each once, and lowered to a derived value that picks its cell
//! with `==` on the kinds, so every engine, explanation and what-if reads it as any `let`.

use crate::check::compile::Compiler;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::FactDef;
use crate::source::FileId;
use rubric_syntax::Span;
use rubric_syntax::ast::{self, BinOp, Expr, ExprKind, FactType, LetDecl};

impl Compiler {
    /// The derived value a table defines, or `None` after reporting why it cannot be one.
    pub(super) fn table(&mut self, file: FileId, t: &ast::Table) -> Option<LetDecl> {
        if let Some(list) = self.record_list(t) {
            self.record_table(file, t, list);
            return None;
        }
        let kinds: Vec<Option<FactDef>> = t.by.iter().map(|k| self.table_kind(file, t, k)).collect();
        let kinds: Vec<FactDef> = kinds.into_iter().collect::<Option<_>>()?;
        let expr = self.table_expr(file, t, &kinds)?;
        let src = self.src(file);
        let cells = t.cells.iter().map(|c| {
            let names = c.names.iter().map(|n| n.value.clone()).collect();
            (names, src.get(c.value.span.start..c.value.span.end).unwrap_or("").trim().to_string())
        });
        let said =
            crate::plan::text::TableText { by: t.by.iter().map(|b| b.value.clone()).collect(), cells: cells.collect() };
        self.table_texts.insert(t.name.value.clone(), said);
        Some(LetDecl { name: t.name.clone(), ty: None, expr, on_zero: None, desc: t.desc.clone() })
    }

    /// The expression of a table by `kinds` (facts, or fields of a list), every combination
    /// checked; `None` after reporting a gap or a bad cell.
    pub(super) fn table_expr(&mut self, file: FileId, t: &ast::Table, kinds: &[FactDef]) -> Option<Expr> {
        let mut cells: Vec<(Vec<usize>, &ast::TableCell)> = Vec::new();
        let mut ok = true;
        for c in &t.cells {
            match self.cell_key(file, t, kinds, c) {
                Some(key) if cells.iter().any(|(k, _)| *k == key) => {
                    let shown = c.names.iter().map(|n| n.value.as_str()).collect::<Vec<_>>().join(", ");
                    self.report.push(Code::TableCellTwice.at(file, c.span).arg(&t.name.value).arg(shown));
                    ok = false;
                }
                Some(key) => cells.push((key, c)),
                None => ok = false,
            }
        }
        let combos = combinations(kinds);
        for key in &combos {
            if !cells.iter().any(|(k, _)| k == key) {
                let shown = key_names(kinds, key).join(", ");
                self.report.push(Code::TableGap.at(file, t.name.span).arg(&t.name.value).arg(shown));
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        lower(t, kinds, &combos, &cells)
    }

    /// The kind fact a table is looked up by; anything else is reported.
    fn table_kind(&mut self, file: FileId, t: &ast::Table, k: &ast::Ident) -> Option<FactDef> {
        let fact = self.syms.get(&k.value).and_then(|s| self.facts.get(s.slot)).filter(|f| f.name == k.value);
        match fact {
            Some(f) if f.ty == FactType::Kind => Some(f.clone()),
            _ => {
                self.report.push(Code::TableBy.at(file, k.span).arg(&t.name.value).arg(&k.value));
                None
            }
        }
    }

    /// The indexes of a cell's names, one of each kind; a cell of the wrong shape or a name a kind
    /// does not list is reported.
    fn cell_key(&mut self, file: FileId, t: &ast::Table, kinds: &[FactDef], c: &ast::TableCell) -> Option<Vec<usize>> {
        if c.names.len() != kinds.len() {
            let example = kinds.iter().filter_map(|k| k.names.first().cloned()).collect::<Vec<_>>().join(", ");
            self.report.push(
                Code::TableCellShape
                    .at(file, c.span)
                    .arg(&t.name.value)
                    .arg(c.names.len())
                    .arg(kinds.len())
                    .arg(example),
            );
            return None;
        }
        let mut key = Vec::new();
        for (n, k) in c.names.iter().zip(kinds) {
            match k.names.iter().position(|x| *x == n.value) {
                Some(i) => key.push(i),
                None => {
                    let listed = k.names.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join("、");
                    let near = crate::diag::closest(&n.value, k.names.iter().map(String::as_str), 0.5);
                    let d = Code::KindName.at(file, n.span).arg(&n.value).arg(&k.name).arg(listed);
                    self.report.push(match near {
                        Some(x) => d.hint(Phrase::DidYouMean, [Arg::text(x)]),
                        None => d,
                    });
                    return None;
                }
            }
        }
        Some(key)
    }
}

/// Every combination of the kinds' names (as indexes), the first kind slowest.
fn combinations(kinds: &[FactDef]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    for k in kinds {
        out = out
            .into_iter()
            .flat_map(|prefix| (0..k.names.len()).map(move |i| [prefix.clone(), vec![i]].concat()))
            .collect();
    }
    out
}

/// The names of a combination.
fn key_names<'k>(kinds: &'k [FactDef], key: &[usize]) -> Vec<&'k str> {
    kinds.iter().zip(key).filter_map(|(k, i)| k.names.get(*i).map(String::as_str)).collect()
}

/// `if 事故等级 == 一般 and 事故类型 == 火灾 then 2 else if … else LAST`: the cells in the order of
/// the combinations, the last one without a test.
fn lower(
    t: &ast::Table,
    kinds: &[FactDef],
    combos: &[Vec<usize>],
    cells: &[(Vec<usize>, &ast::TableCell)],
) -> Option<Expr> {
    let cell = |key: &Vec<usize>| cells.iter().find(|(k, _)| k == key).map(|(_, c)| *c);
    let (last, rest) = combos.split_last()?;
    let mut expr = cell(last)?.value.clone();
    let whole = t.cells.iter().fold(t.name.span, |s, c| s.join(c.span));
    for key in rest.iter().rev() {
        let c = cell(key)?;
        let tests = kinds.iter().zip(&t.by).zip(&c.names).map(|((_, by), n)| {
            let name = |v: &str, span: Span| Expr { kind: ExprKind::Name(v.to_string()), span };
            let eq = ExprKind::Binary(BinOp::Eq, Box::new(name(&by.value, c.span)), Box::new(name(&n.value, n.span)));
            Expr { kind: eq, span: c.span }
        });
        let cond =
            tests.reduce(|a, b| Expr { kind: ExprKind::Binary(BinOp::And, Box::new(a), Box::new(b)), span: c.span })?;
        let span = c.span;
        expr = Expr { kind: ExprKind::If(Box::new(cond), Box::new(c.value.clone()), Box::new(expr)), span };
    }
    // The derived value's text (in explanations) is the whole table.
    expr.span = whole;
    Some(expr)
}
