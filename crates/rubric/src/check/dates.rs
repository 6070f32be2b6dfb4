//! The date functions in expressions: `days(a, b)`, `date(y, m, d)`, `workday(d)`,
//! `next_workday(d)` and `workdays(a, b)`, typed, and refused where they cannot work (no
//! calendar for a working-day function, a constant date that does not exist).

use crate::check::typeck::Scope;
use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Phrase};
use crate::plan::CExpr;
use crate::plan::exact::Q;
use crate::value::{Ty, Value};
use rubric_syntax::ast::{Expr, Func};

impl Scope<'_> {
    /// Compiles a call of a date function.
    pub(super) fn dates(
        &self,
        e: &Expr,
        f: Func,
        args: &[Expr],
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        let (want, out): (&[Ty], Ty) = match f {
            Func::Days => (&[Ty::Date, Ty::Date], Ty::Number),
            Func::Date => (&[Ty::Number, Ty::Number, Ty::Number], Ty::Date),
            Func::Workday => (&[Ty::Date], Ty::Bool),
            Func::NextWorkday => (&[Ty::Date], Ty::Date),
            _ => (&[Ty::Date, Ty::Date], Ty::Number),
        };
        let needs = match f {
            Func::Date => Arg::word("a year, a month and a day, as whole numbers", "年、月、日三个整数"),
            Func::Workday | Func::NextWorkday => Arg::word("one date", "一个日期"),
            _ => Arg::word("two dates", "两个日期"),
        };
        if f.is_calendar() && !self.calendar {
            report.push(Code::NoCalendar.at(self.file, e.span).arg(f.name()));
            return None;
        }
        if args.len() != want.len() {
            report.push(Code::TypeArgs.at(self.file, e.span).arg(f.name()).put(needs).hint(Phrase::DateArgs, []));
            return None;
        }
        let mut parts = Vec::with_capacity(args.len());
        let mut failed = false;
        for (a, w) in args.iter().zip(want) {
            let Some((c, t)) = self.expr(a, report, reads) else {
                failed = true;
                continue;
            };
            let fits = if *w == Ty::Date { t == Ty::Date } else { matches!(t, Ty::Count | Ty::Number | Ty::Ratio) };
            if !fits {
                report.push(
                    Code::TypeArgs.at(self.file, a.span).arg(f.name()).put(needs.clone()).hint(Phrase::DateArgs, []),
                );
                failed = true;
            }
            parts.push(c);
        }
        if failed {
            return None;
        }
        if f == Func::Date
            && let [CExpr::Const(Value::Num(y)), CExpr::Const(Value::Num(m)), CExpr::Const(Value::Num(d))] =
                parts.as_slice()
        {
            return match crate::plan::calendar::ymd(Q::dec(*y), Q::dec(*m), Q::dec(*d)) {
                Ok(day) => Some((CExpr::Const(Value::Date(day)), Ty::Date)),
                Err(_) => {
                    report.push(Code::NoSuchDate.at(self.file, e.span).arg(format!("{y}, {m}, {d}")));
                    None
                }
            };
        }
        Some((CExpr::Call(f, parts), out))
    }
}
