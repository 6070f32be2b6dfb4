//! Name resolution and type checking of expressions, producing compiled expressions.

use crate::diag::Report;
use crate::diag::codes::{Arg, Code, Draft, Phrase, Said};
use crate::plan::{CExpr, COHORT, CohortDef, ExprRule, Loc};
use crate::source::FileId;
use crate::value::{Ty, Value};
use rubric_syntax::ast::{BinOp, Expr, ExprKind, Func, LitValue, UnOp};
use std::collections::HashMap;

/// A name in scope: its slot and type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sym {
    pub slot: usize,
    pub ty: Ty,
    /// Whether the value reads a cohort figure (directly or through derived values).
    pub cohort: bool,
}

/// The names in scope while compiling expressions.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub syms: &'a HashMap<String, Sym>,
    /// Names declared but not usable here (e.g. a derived value on a cycle).
    pub all_names: &'a [String],
    pub file: FileId,
    pub src: &'a str,
    /// The cohort figures found so far (shared by every expression of the rubric).
    pub cohorts: &'a std::cell::RefCell<Vec<CohortDef>>,
    /// The slots of the derived ratios the rubric treats as percents (compared with a percent,
    /// added to one, banded by percent bounds): shown as percents.
    pub percent: &'a std::cell::RefCell<Vec<usize>>,
    /// The facts declared so far (a `kind` fact's names, for `==`, `!=` and `in [...]`).
    pub facts: &'a [crate::plan::FactDef],
    /// The tables looked up by fields of a list (read where a record is).
    pub record_tables: &'a crate::check::lists::RecordTables,
    /// The slot of the list whose record is read here (inside an aggregate), if any.
    pub record: Option<usize>,
    /// Whether the rubric declares a calendar of working days (for `workday` and its kin).
    pub calendar: bool,
    /// The node references found so far (resolved once the whole tree is known).
    pub refs: &'a std::cell::RefCell<Vec<crate::plan::refs::RefDef>>,
}

impl Scope<'_> {
    /// Compiles an expression and checks that its type fits `want`.
    pub fn rule(&self, e: &Expr, want: Want, report: &mut Report, used: &mut Vec<usize>) -> Option<ExprRule> {
        let mut reads = Vec::new();
        let (expr, ty) = self.expr(e, report, &mut reads)?;
        if !want.accepts(ty) {
            report.push(Code::TypeExpected.at(self.file, e.span).put(want.word()).ty(ty).said(want.help(ty)));
            return None;
        }
        reads.sort_unstable();
        reads.dedup();
        used.extend(reads.iter().copied());
        Some(ExprRule {
            expr,
            ty,
            text: self.src.get(e.span.start..e.span.end).unwrap_or("").trim().to_string(),
            reads,
            loc: Loc { file: self.file, span: e.span },
        })
    }

    pub fn expr(&self, e: &Expr, report: &mut Report, reads: &mut Vec<usize>) -> Option<(CExpr, Ty)> {
        match &e.kind {
            ExprKind::Lit(l) => Some(match l.value {
                LitValue::Number(n) => (CExpr::Const(Value::Num(n)), Ty::Number),
                LitValue::Percent(p) => (CExpr::Const(Value::Num(p)), Ty::Percent),
                LitValue::Date(d) => (CExpr::Const(Value::Date(d)), Ty::Date),
            }),
            ExprKind::Bool(b) => Some((CExpr::Const(Value::Bool(*b)), Ty::Bool)),
            ExprKind::Name(_) if self.kind_of(e).is_some() => self.kind_alone(e, report),
            ExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne), l, r)
                if self.kind_of(l).is_some() || self.kind_of(r).is_some() =>
            {
                self.kind_compare(e, *op, l, r, report, reads)
            }
            ExprKind::In(x, names) => self.kind_in(e, x, names, report, reads),
            ExprKind::Name(n) if self.is_list_name(n) => self.list_name(e, n, report, reads),
            ExprKind::Agg(a) => self.agg(e, a, report, reads),
            ExprKind::List(l) => self.list_where(e, l, report, reads),
            ExprKind::Name(n) => match self.syms.get(n) {
                Some(s) => {
                    reads.push(s.slot);
                    Some((CExpr::Slot(s.slot), s.ty))
                }
                None => {
                    if !self.all_names.contains(n) {
                        report.push(self.unknown(n, e));
                    }
                    None
                }
            },
            ExprKind::Paren(inner) => self.expr(inner, report, reads),
            ExprKind::Unary(op, inner) => {
                let (c, t) = self.expr(inner, report, reads)?;
                let ok = match op {
                    UnOp::Not => t == Ty::Bool,
                    UnOp::Neg => t.is_quantity() || t == Ty::Percent,
                };
                if !ok {
                    let (sym, want) = if *op == UnOp::Not { ("not", Ty::Bool) } else { ("-", Ty::Number) };
                    report.push(Code::TypeUnary.at(self.file, inner.span).arg(sym).ty(want).ty(t));
                    return None;
                }
                Some((CExpr::Unary(*op, Box::new(c)), t))
            }
            ExprKind::Binary(op, l, r) => {
                let left = self.expr(l, report, reads);
                let right = self.expr(r, report, reads);
                let ((lc, lt), (rc, rt)) = (left?, right?);
                match binary_ty(*op, lt, rt) {
                    Ok(t) => {
                        if !matches!(op, BinOp::Mul | BinOp::Div) {
                            match (lt, rt) {
                                (Ty::Ratio, Ty::Percent) => self.as_percent(&lc),
                                (Ty::Percent, Ty::Ratio) => self.as_percent(&rc),
                                _ => {}
                            }
                        }
                        Some((CExpr::Binary(*op, Box::new(lc), Box::new(rc), e.span), t))
                    }
                    Err(help) => {
                        report.push(
                            Code::TypeBinary
                                .at(self.file, l.span)
                                .arg(op.symbol())
                                .ty(lt)
                                .ty(rt)
                                .note(self.file, r.span, Phrase::ThisIs, [Arg::ty(rt)])
                                .said(help),
                        );
                        None
                    }
                }
            }
            ExprKind::NodeRef(read, id) => {
                let mut refs = self.refs.borrow_mut();
                refs.push(crate::plan::refs::RefDef {
                    read: *read,
                    id: id.value.clone(),
                    node: 0,
                    from: None,
                    loc: Loc { file: self.file, span: e.span },
                });
                Some((CExpr::Node(refs.len() - 1), Ty::Points))
            }
            ExprKind::Call(f, args) if f.is_cohort() => self.cohort(e, *f, args, None, report, reads),
            ExprKind::Among(f, args, among) if f.is_cohort() => self.cohort(e, *f, args, Some(among), report, reads),
            ExprKind::Among(f, ..) => {
                report.push(Code::SubsetFunction.at(self.file, e.span).arg(f.name()));
                None
            }
            ExprKind::Call(f @ (Func::Max | Func::Min), args) if self.first_is_list(args) => {
                self.list_call(e, *f, args, report, reads)
            }
            ExprKind::Call(f, args) if f.is_date() => self.dates(e, *f, args, report, reads),
            ExprKind::Call(f @ (Func::Floor | Func::Ceil | Func::Round(_) | Func::Pow), args) => {
                self.whole(e, *f, args, report, reads)
            }
            ExprKind::Call(f, args) => {
                let mut parts = Vec::new();
                let mut tys = Vec::new();
                let mut failed = false;
                for a in args {
                    match self.expr(a, report, reads) {
                        Some((c, t)) => {
                            parts.push(c);
                            tys.push((t, a.span));
                        }
                        None => failed = true,
                    }
                }
                if failed {
                    return None;
                }
                let first = tys.first().map(|t| t.0)?;
                let arity_ok = match f {
                    Func::Abs => args.len() == 1,
                    _ => !args.is_empty(),
                };
                let bad = tys.iter().find(|(t, _)| {
                    !(t.same_family(first)
                        && (t.is_quantity() || *t == Ty::Percent || (*t == Ty::Date && *f != Func::Abs)))
                });
                if !arity_ok || bad.is_some() {
                    let span = bad.map(|b| b.1).unwrap_or(e.span);
                    report.push(Code::TypeArgs.at(self.file, span).arg(f.name()).put(if *f == Func::Abs {
                        Arg::word("one number", "一个数")
                    } else {
                        Arg::word("values of one kind", "同一种类的值")
                    }));
                    return None;
                }
                let ty = tys.iter().fold(first, |acc, (t, _)| unify(acc, *t));
                // `min(核查完成数 / 应核查数, 100%)`: the ratios are percents.
                if ty == Ty::Percent {
                    parts.iter().for_each(|p| self.as_percent(p));
                }
                Some((CExpr::Call(*f, parts), ty))
            }
            ExprKind::If(c, a, b) => {
                let cc = self.expr(c, report, reads);
                let ac = self.expr(a, report, reads);
                let bc = self.expr(b, report, reads);
                let ((cc, ct), (ac, at), (bc, bt)) = (cc?, ac?, bc?);
                if ct != Ty::Bool {
                    report.push(Code::TypeIfCondition.at(self.file, c.span).ty(ct));
                    return None;
                }
                if !at.same_family(bt) {
                    report.push(Code::TypeIfBranches.at(self.file, a.span).ty(at).ty(bt).note(
                        self.file,
                        b.span,
                        Phrase::ThisIs,
                        [Arg::ty(bt)],
                    ));
                    return None;
                }
                let ty = unify(at, bt);
                if ty == Ty::Percent {
                    self.as_percent(&ac);
                    self.as_percent(&bc);
                }
                Some((CExpr::If(Box::new(cc), Box::new(ac), Box::new(bc)), ty))
            }
            ExprKind::Error => None,
        }
    }

    /// Notes that a ratio is treated as a percent: a derived value is then shown as one.
    pub fn as_percent(&self, c: &CExpr) {
        if let CExpr::Slot(s) = c {
            self.percent.borrow_mut().push(*s);
        }
    }

    fn unknown(&self, name: &str, e: &Expr) -> Draft {
        // Inside a record, its fields are names too.
        let fields = self.record.and_then(|l| self.facts.get(l)).map(|f| f.fields.as_slice()).unwrap_or_default();
        let names = self.syms.keys().map(String::as_str).chain(fields.iter().map(|f| f.name.as_str()));
        let best = crate::diag::closest(name, names, 0.5);
        let d = Code::UnknownName.at(self.file, e.span).arg(name);
        match best {
            Some(k) => d.hint(Phrase::DidYouMean, [Arg::text(k)]),
            None => d,
        }
    }
}

/// The type wanted of an expression in a given place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// Points or another plain quantity.
    Points,
    /// A count or number to multiply by.
    Quantity,
    /// A condition.
    Bool,
    /// Something a band can be taken over.
    Bandable,
    /// Any value.
    Any,
}

impl Want {
    fn accepts(self, t: Ty) -> bool {
        match self {
            Want::Points | Want::Quantity => t.is_quantity(),
            Want::Bool => t == Ty::Bool,
            Want::Bandable => t != Ty::Bool,
            Want::Any => true,
        }
    }

    fn word(self) -> Arg {
        match self {
            Want::Points => Arg::word("points", "分数"),
            Want::Quantity => Arg::word("a count or number", "计数或数"),
            Want::Bool => Arg::word("a yes/no condition", "是非条件"),
            Want::Bandable => Arg::word("a number, percent or date", "数、百分数或日期"),
            Want::Any => Arg::word("a value", "值"),
        }
    }

    fn help(self, found: Ty) -> Said {
        match (self, found) {
            (Want::Points, Ty::Percent) => Said::new(Phrase::MultiplyRate, []),
            (Want::Bool, t) if t.is_quantity() || t == Ty::Percent => Said::new(Phrase::CompareForCondition, []),
            _ => Said::new(Phrase::WriteKind, [self.word()]),
        }
    }
}

/// The type of `l op r`, or a help line saying why it is not allowed.
pub(crate) fn binary_ty(op: BinOp, l: Ty, r: Ty) -> Result<Ty, Said> {
    use BinOp::*;
    let pct_help = if l == Ty::Percent && r == Ty::Number || r == Ty::Percent && l == Ty::Number {
        Said::new(Phrase::PercentWithPercent, [])
    } else {
        let other = if l == Ty::Percent { r } else { l };
        Said::new(Phrase::RateWithPercent, [Arg::ty(other)])
    };
    match op {
        Or | And => {
            if l == Ty::Bool && r == Ty::Bool {
                Ok(Ty::Bool)
            } else {
                Err(Said::new(Phrase::JoinsConditions, [Arg::text(op.symbol())]))
            }
        }
        Eq | Ne | Lt | Le | Gt | Ge => {
            if matches!(op, Eq | Ne) && l == Ty::Bool && r == Ty::Bool {
                return Ok(Ty::Bool);
            }
            if l == Ty::Bool || r == Ty::Bool {
                return Err(Said::new(Phrase::BoolDirectly, []));
            }
            if l.same_family(r) {
                Ok(Ty::Bool)
            } else if l == Ty::Percent || r == Ty::Percent {
                Err(pct_help)
            } else {
                Err(Said::new(Phrase::CompareOneKind, []))
            }
        }
        Add | Sub => {
            if l == Ty::Percent && r == Ty::Percent {
                Ok(Ty::Percent)
            } else if l == Ty::Ratio || r == Ty::Ratio {
                // `1 - 完成数 / 应完成数`, `完成数 / 应完成数 - 5%`.
                if l.same_family(r) { Ok(unify(l, r)) } else { Err(Said::new(Phrase::AddOneKind, [])) }
            } else if l.is_quantity() && r.is_quantity() {
                // A difference of counts can be negative, so it is a number, not a count.
                Ok(if op == Sub && join(l, r) == Ty::Count { Ty::Number } else { join(l, r) })
            } else if l == Ty::Percent || r == Ty::Percent {
                Err(pct_help)
            } else {
                Err(Said::new(Phrase::AddOneKind, []))
            }
        }
        Mul => match (l, r) {
            // Points times points is no kind a rubric counts in (and `a * b / c` would not be
            // `a / c * b`).
            (Ty::Points, Ty::Points) => Err(Said::new(Phrase::MultiplyNumbers, [])),
            (Ty::Points, t) | (t, Ty::Points) if t.is_quantity() || t == Ty::Percent => Ok(Ty::Points),
            // A ratio times anything but points stays a ratio, so that `a * b / c` and `a / c * b`
            // have one kind.
            (Ty::Ratio, t) | (t, Ty::Ratio) if t.is_quantity() || t == Ty::Percent => Ok(Ty::Ratio),
            (Ty::Percent, t) | (t, Ty::Percent) if t.is_quantity() => Ok(t),
            (Ty::Percent, Ty::Percent) => Ok(Ty::Percent),
            (a, b) if a.is_quantity() && b.is_quantity() => Ok(join(a, b)),
            _ => Err(Said::new(Phrase::MultiplyNumbers, [])),
        },
        Div => match (l, r) {
            (Ty::Percent, Ty::Percent) => Ok(Ty::Number),
            // A share of points (`得分 / 满分`) is a ratio; points over anything else stay points
            // (`总分 / 项数`, `得分 / 2`).
            (Ty::Points, Ty::Points) => Ok(Ty::Ratio),
            (Ty::Points, b) if b.is_quantity() => Ok(Ty::Points),
            // Any other quotient is a ratio: a rate (`核查完成数 / 应核查数`) or a plain number
            // (`金额 / 100000`, `(甲 + 乙 + 丙) / 3`), as the rubric uses it.
            (a, b) if (a.is_quantity() || a == Ty::Percent) && b.is_quantity() && b != Ty::Points => Ok(Ty::Ratio),
            _ => Err(Said::new(Phrase::DivideCounts, [])),
        },
    }
}

/// The one kind of two values of one family (`min`, `max`, `if`, `on zero`, `+`): points over
/// other quantities, a percent over a ratio, a ratio over a count or number, a number over a
/// count.
pub(crate) fn unify(a: Ty, b: Ty) -> Ty {
    match (a, b) {
        _ if a == b => a,
        (Ty::Points, _) | (_, Ty::Points) => Ty::Points,
        (Ty::Percent, _) | (_, Ty::Percent) => Ty::Percent,
        (Ty::Ratio, _) | (_, Ty::Ratio) => Ty::Ratio,
        _ => Ty::Number,
    }
}

fn join(a: Ty, b: Ty) -> Ty {
    match (a, b) {
        (Ty::Count, Ty::Count) => Ty::Count,
        (Ty::Points, _) | (_, Ty::Points) => Ty::Points,
        _ => Ty::Number,
    }
}

/// The most decimal places `round(x, places)` takes.
const MAX_PLACES: u32 = 12;

impl Scope<'_> {
    /// Compiles `floor(x)`, `ceil(x)`, `round(x[, places[, mode]])` and `pow(b, n)`. The
    /// rounding functions compile to the value and its places (those of the percent for a
    /// percent: `round(87.56%, 0)` is 88%); a ratio is rounded as the plain number it is.
    fn whole(
        &self,
        e: &Expr,
        f: Func,
        args: &[Expr],
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        let needs = match f {
            Func::Pow => Arg::word("a number and a whole power", "一个数和整数次方"),
            Func::Round(_) => Arg::word("a value and its decimal places", "一个值和保留的位数"),
            _ => Arg::word("one count, number, points or percent", "一个计数、数、分数或百分数"),
        };
        let bad = |span, phrase| Code::TypeArgs.at(self.file, span).arg(f.name()).put(needs.clone()).hint(phrase, []);
        if f == Func::Pow {
            let [base, power] = args else {
                report.push(bad(e.span, Phrase::WholeArgs));
                return None;
            };
            let b = self.expr(base, report, reads);
            let n = self.expr(power, report, reads);
            let ((bc, bt), (nc, nt)) = (b?, n?);
            let plain = |t: Ty| matches!(t, Ty::Count | Ty::Number | Ty::Ratio);
            if let Some(span) = [(bt, base.span), (nt, power.span)].iter().find(|(t, _)| !plain(*t)).map(|x| x.1) {
                report.push(bad(span, Phrase::WholeArgs));
                return None;
            }
            let ty = if bt == Ty::Count && nt == Ty::Count { Ty::Count } else { Ty::Number };
            return Some((CExpr::Call(f, vec![bc, nc]), ty));
        }
        let (value, places) = match (f, args) {
            (Func::Round(_), [value, places]) => (value, Some(places)),
            (_, [value]) => (value, None),
            _ => {
                let phrase = if matches!(f, Func::Round(_)) { Phrase::RoundPlaces } else { Phrase::WholeArgs };
                report.push(bad(e.span, phrase));
                return None;
            }
        };
        let (c, t) = self.expr(value, report, reads)?;
        if !(t.is_quantity() || t == Ty::Percent) {
            report.push(bad(value.span, Phrase::WholeArgs));
            return None;
        }
        let n = match places.map(|p| &p.kind) {
            None => 0,
            Some(ExprKind::Lit(l)) => match l.value {
                LitValue::Number(n) if n.fract().is_zero() => {
                    rust_decimal::prelude::ToPrimitive::to_u32(&n).unwrap_or(MAX_PLACES + 1)
                }
                _ => MAX_PLACES + 1,
            },
            Some(_) => MAX_PLACES + 1,
        };
        if n > MAX_PLACES {
            report.push(bad(places.map_or(e.span, |p| p.span), Phrase::RoundPlaces));
            return None;
        }
        let (n, ty) = match t {
            Ty::Percent => (n + 2, Ty::Percent),
            Ty::Ratio => (n, Ty::Number),
            _ => (n, t),
        };
        Some((CExpr::Call(f, vec![c, CExpr::Const(Value::Num(n.into()))]), ty))
    }

    /// Compiles a cohort figure: `rank(x)`, `best(x)`, … of one value over the units scored
    /// together, or over those of them that meet a condition (`rank(x among C, else V)`).
    #[allow(clippy::too_many_arguments)]
    fn cohort(
        &self,
        e: &Expr,
        f: Func,
        args: &[Expr],
        among: Option<&rubric_syntax::ast::Among>,
        report: &mut Report,
        reads: &mut Vec<usize>,
    ) -> Option<(CExpr, Ty)> {
        let text = self.src.get(e.span.start..e.span.end).unwrap_or("").trim().to_string();
        let mut arg_reads = Vec::new();
        let (c, t, arg_text) = match (f, args) {
            // `cohort_count()`: every unit counts one.
            (Func::CohortCount, []) => (CExpr::Const(Value::Num(1.into())), Ty::Count, ""),
            (Func::CohortCount, _) => {
                report.push(Code::TypeCohortCount.at(self.file, e.span).arg(args.len()));
                return None;
            }
            (_, []) | (_, [_, _, ..]) => {
                report.push(Code::TypeCohortArity.at(self.file, e.span).arg(f.name()).arg(args.len()).word(
                    if f == Func::Rank { " or `rank(VALUE, lowest)`" } else { "" },
                    if f == Func::Rank { "或 `rank(值, lowest)`" } else { "" },
                ));
                return None;
            }
            (_, [arg]) => {
                let (c, t) = self.expr(arg, report, &mut arg_reads)?;
                if self.compares(&arg_reads) {
                    report.push(Code::CohortNested.at(self.file, arg.span).arg(&text));
                    return None;
                }
                (c, t, self.src.get(arg.span.start..arg.span.end).unwrap_or("").trim())
            }
        };
        let ok = match f {
            Func::Rank | Func::RankLowest | Func::Best | Func::Worst => {
                t.is_quantity() || t == Ty::Percent || t == Ty::Date
            }
            Func::CohortSum | Func::CohortCount => t.is_quantity() || t == Ty::Percent,
            _ => t.is_quantity() || t == Ty::Percent,
        };
        if !ok {
            let span = args.first().map_or(e.span, |a| a.span);
            report.push(Code::TypeCohortValue.at(self.file, span).arg(f.name()).ty(t));
            return None;
        }
        let ty = match f {
            Func::Rank | Func::RankLowest | Func::CohortCount => Ty::Count,
            Func::Ratio => Ty::Percent,
            Func::Average if t == Ty::Count => Ty::Number,
            _ => t,
        };
        let subset = match among {
            Some(a) => Some(self.subset(&text, f, ty, a, report, reads)?),
            None => None,
        };
        let subset_text = subset.as_ref().map(|s| (s.text.clone(), s.else_text.clone()));
        let mut cohorts = self.cohorts.borrow_mut();
        let same = |d: &CohortDef| {
            d.func == f
                && d.text.split_once('(').is_some_and(|(_, rest)| rest.trim_start().starts_with(arg_text))
                && d.among.as_ref().map(|s| (s.text.clone(), s.else_text.clone())) == subset_text
        };
        let mut r = arg_reads.clone();
        r.sort_unstable();
        r.dedup();
        let k = match cohorts.iter().position(|d| same(d) && d.reads == r) {
            Some(k) => k,
            None => {
                cohorts.push(CohortDef { func: f, arg: c, arg_ty: t, text, reads: r, file: self.file, among: subset });
                cohorts.len() - 1
            }
        };
        reads.extend(arg_reads);
        reads.push(COHORT | k);
        Some((CExpr::Cohort(k), ty))
    }
}

/// Every name an expression mentions.
pub(crate) fn names(e: &Expr, out: &mut Vec<String>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Name(n) => out.push(n.clone()),
            ExprKind::Unary(_, a) | ExprKind::Paren(a) | ExprKind::In(a, _) => stack.push(a),
            ExprKind::Binary(_, a, b) => {
                stack.push(a);
                stack.push(b);
            }
            ExprKind::Call(_, args) => stack.extend(args.iter()),
            ExprKind::Among(_, args, among) => {
                stack.extend(args.iter());
                stack.push(&among.cond);
                stack.extend(among.or_else.as_ref());
            }
            ExprKind::If(a, b, c) => {
                stack.push(a);
                stack.push(b);
                stack.push(c);
            }
            ExprKind::Lit(_) | ExprKind::Bool(_) | ExprKind::Error | ExprKind::NodeRef(..) => {}
            ExprKind::Agg(a) => {
                out.push(a.list.name.value.clone());
                stack.extend(a.list.filter.as_deref());
                stack.extend(a.arg.as_deref());
                stack.extend(a.default.as_deref());
            }
            ExprKind::List(l) => {
                out.push(l.name.value.clone());
                stack.extend(l.filter.as_deref());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [Ty; 5] = [Ty::Count, Ty::Number, Ty::Percent, Ty::Points, Ty::Ratio];

    fn kind(op: BinOp, l: Ty, r: Ty) -> Option<Ty> {
        binary_ty(op, l, r).ok()
    }

    /// `a * b / c` and `a / c * b` have one kind whenever both are allowed, for every kind of
    /// `a`, `b` and `c`.
    #[test]
    fn a_product_divided_has_the_kind_of_the_quotient_multiplied() {
        for a in KINDS {
            for b in KINDS {
                for c in KINDS {
                    let first = kind(BinOp::Mul, a, b).and_then(|ab| kind(BinOp::Div, ab, c));
                    let second = kind(BinOp::Div, a, c).and_then(|ac| kind(BinOp::Mul, ac, b));
                    if let (Some(x), Some(y)) = (first, second) {
                        assert_eq!(x, y, "{a:?} * {b:?} / {c:?} is {x:?}, {a:?} / {c:?} * {b:?} is {y:?}");
                    }
                }
            }
        }
    }

    /// The forms the documents write: `金额 / 100000` and `(甲 + 乙 + 丙) / 3` are ratios (plain
    /// numbers unless compared with percents), `得分 * 系数 / 项数` and `得分 / 2` are points, a
    /// share of points is a ratio, a rate compared with a percent is allowed and `1 - 完成率` is a
    /// ratio again.
    #[test]
    fn the_forms_the_documents_write_have_their_kinds() {
        use BinOp::*;
        let cases = [
            (Div, Ty::Number, Ty::Number, Some(Ty::Ratio)),
            (Div, Ty::Count, Ty::Number, Some(Ty::Ratio)),
            (Div, Ty::Count, Ty::Count, Some(Ty::Ratio)),
            (Div, Ty::Points, Ty::Count, Some(Ty::Points)),
            (Div, Ty::Points, Ty::Number, Some(Ty::Points)),
            (Div, Ty::Points, Ty::Points, Some(Ty::Ratio)),
            (Div, Ty::Percent, Ty::Percent, Some(Ty::Number)),
            (Div, Ty::Number, Ty::Points, None),
            (Div, Ty::Number, Ty::Percent, None),
            (Mul, Ty::Ratio, Ty::Points, Some(Ty::Points)),
            (Mul, Ty::Ratio, Ty::Number, Some(Ty::Ratio)),
            (Mul, Ty::Percent, Ty::Number, Some(Ty::Number)),
            (Mul, Ty::Points, Ty::Points, None),
            (Ge, Ty::Ratio, Ty::Percent, Some(Ty::Bool)),
            (Ge, Ty::Ratio, Ty::Number, Some(Ty::Bool)),
            (Ge, Ty::Count, Ty::Percent, None),
            (Sub, Ty::Number, Ty::Ratio, Some(Ty::Ratio)),
            (Sub, Ty::Ratio, Ty::Percent, Some(Ty::Percent)),
            (Add, Ty::Ratio, Ty::Points, Some(Ty::Points)),
            (Add, Ty::Ratio, Ty::Date, None),
        ];
        for (op, l, r, want) in cases {
            assert_eq!(kind(op, l, r), want, "{l:?} {} {r:?}", op.symbol());
        }
    }
}
