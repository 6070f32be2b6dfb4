//! Grade tables (`grade { [90, ..) => 优秀 … }`): each grade named once, conditions yes/no, the
//! names of `when`, `bar` and `quota` lines found in the table (with did-you-mean), quotas at most
//! 100%, one table a node. Coverage of the node's scores is proven in `check/lint` (`grade_cover`).

use crate::check::compile::Compiler;
use crate::check::typeck::Want;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::Loc;
use crate::plan::grades::{GradeArm, GradeCond, GradeDef, QuotaDef, Share};
use crate::source::FileId;
use crate::value::Ty;
use rubric_syntax::Span;
use rubric_syntax::ast::{self, GradeLineKind, LitValue};
use rust_decimal::Decimal;

impl Compiler {
    /// Compiles the grade table of node `node`; a second table on the node is reported.
    pub(super) fn grade(&mut self, file: FileId, src: &str, node: usize, g: &ast::Grade, span: Span) {
        // Faults of the whole table point at its keyword.
        let head = Span::new(span.start, span.start.saturating_add("grade".len()));
        if !self.periods.is_empty() {
            self.report.push(Code::GradePeriods.at(file, head));
            return;
        }
        if self.grades.iter().any(|d| d.node == node) {
            let id = self.nodes.get(node).map(|n| n.id.clone()).unwrap_or_default();
            let (en, zh) = crate::check::lint::node_words(&id);
            self.report.push(Code::GradeTables.at(file, head).word(en, zh));
            return;
        }
        let mut ok = true;
        let mut arms: Vec<GradeArm> = Vec::new();
        for l in &g.lines {
            let GradeLineKind::Arm(iv) = &l.kind else { continue };
            if arms.iter().any(|a| a.name == l.name.value) {
                self.report.push(Code::GradeTwice.at(file, l.name.span).arg(&l.name.value));
                ok = false;
                continue;
            }
            match self.range(file, iv, Ty::Points) {
                Some(range) => arms.push(GradeArm {
                    name: l.name.value.clone(),
                    range,
                    label: l.label.as_ref().map(|x| x.value.clone()),
                    loc: Loc { file, span: l.span },
                }),
                None => ok = false,
            }
        }
        // Best first: the highest lower end first (no lower end is the lowest).
        arms.sort_by(|a, b| b.range.numbers().lo.map(|x| x.0).cmp(&a.range.numbers().lo.map(|x| x.0)));
        let mut def =
            GradeDef { node, arms, fixes: Vec::new(), bars: Vec::new(), quotas: Vec::new(), loc: Loc { file, span } };
        for l in &g.lines {
            let grade = match &l.kind {
                GradeLineKind::Arm(_) => continue,
                _ => self.grade_name(file, &def, &l.name),
            };
            let label = l.label.as_ref().map(|x| x.value.clone());
            match (&l.kind, grade) {
                (GradeLineKind::Fix(c) | GradeLineKind::Bar(c), grade) => {
                    let scope = scope!(self, file, src);
                    let cond = scope.rule(c, Want::Bool, &mut self.report, &mut self.used);
                    match (cond, grade) {
                        (Some(_), Some(grade))
                            if matches!(l.kind, GradeLineKind::Bar(_)) && grade + 1 >= def.arms.len() =>
                        {
                            self.report.push(Code::GradeBar.at(file, l.name.span).arg(&l.name.value));
                            ok = false;
                        }
                        (Some(cond), Some(grade)) => {
                            let line = GradeCond { grade, cond, label };
                            if matches!(l.kind, GradeLineKind::Bar(_)) {
                                def.bars.push(line)
                            } else {
                                def.fixes.push(line)
                            }
                        }
                        _ => ok = false,
                    }
                }
                (GradeLineKind::Quota(q), grade) => match (self.share(file, &l.name, q), grade) {
                    (Some(share), Some(grade)) => {
                        def.quotas.push(QuotaDef { grade, share, text: q.text.clone(), label })
                    }
                    _ => ok = false,
                },
                (GradeLineKind::Arm(_), _) => {}
            }
        }
        if ok {
            self.grades.push(def);
        }
    }

    /// The place of a grade named in a `when`, `bar` or `quota` line; a name the table does not
    /// give is reported with the nearest.
    fn grade_name(&mut self, file: FileId, def: &GradeDef, name: &ast::Ident) -> Option<usize> {
        if let Some(i) = def.arms.iter().position(|a| a.name == name.value) {
            return Some(i);
        }
        let listed = def.arms.iter().map(|a| format!("`{}`", a.name)).collect::<Vec<_>>().join("、");
        let near = crate::diag::closest(&name.value, def.arms.iter().map(|a| a.name.as_str()), 0.5);
        let d = Code::GradeUnknown.at(file, name.span).arg(&name.value).arg(listed);
        self.report.push(match near {
            Some(n) => d.hint(Phrase::DidYouMean, [Arg::text(n)]),
            None => d,
        });
        None
    }

    /// The share of a quota: a percent at most 100%, or a whole number of units.
    fn share(&mut self, file: FileId, name: &ast::Ident, q: &ast::Literal) -> Option<Share> {
        match q.value {
            LitValue::Percent(p) if p > Decimal::ONE => {
                self.report.push(Code::GradeQuota.at(file, q.span).arg(&name.value).arg(&q.text));
                None
            }
            LitValue::Percent(p) => Some(Share::Percent(p)),
            LitValue::Number(n) => rust_decimal::prelude::ToPrimitive::to_u64(&n).map(Share::Count),
            LitValue::Date(_) => {
                self.report.push(Code::CheckerInternal.at(file, q.span).arg("a date where the grammar allows a quota"));
                None
            }
        }
    }
}
