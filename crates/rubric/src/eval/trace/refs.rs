//! The node figures an explained step read (`points(三.2) = 4.5`), listed as facts are.

use super::Trace;
use crate::eval::Rubric;
use crate::plan::CExpr;
use crate::report::breakdown::FactUse;
use crate::value::{Ty, Value};

impl Trace {
    /// The node figures `e` reads (`points(三.2)`), each once, with its value for this unit.
    pub(super) fn node_uses(&self, rubric: &Rubric, e: &CExpr, out: &mut Vec<FactUse>) {
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            match e {
                CExpr::Node(k) => {
                    let Some(r) = rubric.refs.get(*k) else { continue };
                    let name = format!("{}({})", r.read.keyword(), r.id);
                    let scored = crate::eval::Scored::Done(&rubric.refs, &self.work.nodes);
                    // A node read is scored before its reader; a value not there lists nothing
                    // (an explanation's list, never a number).
                    let Some(v) = scored.read(*k) else { continue };
                    if out.iter().any(|u| *u.name == *name) {
                        continue;
                    }
                    let (value, text) = super::reads::shared(Value::Num(v.to_dec()).show_and_text(Ty::Points));
                    out.push(FactUse { name: name.into(), value, text, aside: None });
                }
                // Pushed last first, so they are listed in the order written.
                CExpr::Unary(_, a) => stack.push(a),
                CExpr::Binary(_, a, b, _) => stack.extend([b.as_ref(), a.as_ref()]),
                CExpr::Call(_, args) => stack.extend(args.iter().rev()),
                CExpr::If(c, a, b) => stack.extend([b.as_ref(), a.as_ref(), c.as_ref()]),
                CExpr::Const(_) | CExpr::Slot(_) | CExpr::Cohort(_) | CExpr::Agg(_) => {}
            }
        }
    }
}
