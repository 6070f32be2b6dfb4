//! The check that a `per` quantity cannot be negative: bounds of every expression from the
//! facts' types and declared ranges, so that `deduct 1 per 要求次数 - 实际次数` is pointed out
//! before a unit that did more than required is scored (where a negative quantity stops with
//! `rubric::negative-quantity`, since it would turn a deduction into points given).

use crate::diag::{Diagnostic, Report};
use crate::plan::{AdjustDef, CExpr, Rubric, RuleDef, Value2};
use crate::value::{Ty, Value};
use rubric_syntax::ast::{BinOp, Func, UnOp};
use rust_decimal::Decimal;

/// Bounds of a value: `None` is unbounded on that side. Saturating arithmetic: only a bound
/// is sought, and a bound beyond the largest decimal is as good as none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct B {
    lo: Option<Decimal>,
    hi: Option<Decimal>,
}

const ANY: B = B { lo: None, hi: None };

impl B {
    fn point(v: Decimal) -> B {
        B { lo: Some(v), hi: Some(v) }
    }

    fn at_least(v: Decimal) -> B {
        B { lo: Some(v), hi: None }
    }

    fn neg(self) -> B {
        B { lo: self.hi.map(|h| -h), hi: self.lo.map(|l| -l) }
    }

    fn add(self, o: B) -> B {
        let f = |a: Option<Decimal>, b: Option<Decimal>| Some(a?.saturating_add(b?));
        B { lo: f(self.lo, o.lo), hi: f(self.hi, o.hi) }
    }

    fn nonneg(self) -> bool {
        self.lo.is_some_and(|l| l >= Decimal::ZERO)
    }

    fn nonpos(self) -> bool {
        self.hi.is_some_and(|h| h <= Decimal::ZERO)
    }

    fn mul(self, o: B) -> B {
        if let (Some(a), Some(b), Some(c), Some(d)) = (self.lo, self.hi, o.lo, o.hi) {
            let p = [a.saturating_mul(c), a.saturating_mul(d), b.saturating_mul(c), b.saturating_mul(d)];
            let lo = p.iter().copied().fold(Decimal::MAX, Decimal::min);
            let hi = p.iter().copied().fold(Decimal::MIN, Decimal::max);
            return B { lo: Some(lo), hi: Some(hi) };
        }
        // With an unbounded side, only the sign is known.
        let same = (self.nonneg() && o.nonneg()) || (self.nonpos() && o.nonpos());
        let opposite = (self.nonneg() && o.nonpos()) || (self.nonpos() && o.nonneg());
        if same {
            B::at_least(Decimal::ZERO)
        } else if opposite {
            B { lo: None, hi: Some(Decimal::ZERO) }
        } else {
            ANY
        }
    }

    fn div(self, o: B) -> B {
        if (self.nonneg() && o.nonneg()) || (self.nonpos() && o.nonpos()) {
            B::at_least(Decimal::ZERO)
        } else if (self.nonneg() && o.nonpos()) || (self.nonpos() && o.nonneg()) {
            B { lo: None, hi: Some(Decimal::ZERO) }
        } else {
            ANY
        }
    }

    fn union(self, o: B) -> B {
        let lo = match (self.lo, o.lo) {
            (Some(a), Some(b)) => Some(a.min(b)),
            _ => None,
        };
        let hi = match (self.hi, o.hi) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
        B { lo, hi }
    }
}

/// The bounds of every derived value, in order (each reads only earlier ones).
struct Bounds<'r> {
    r: &'r Rubric,
    lets: Vec<B>,
}

impl<'r> Bounds<'r> {
    fn of(r: &'r Rubric) -> Self {
        let mut b = Bounds { r, lets: Vec::with_capacity(r.lets.len()) };
        for l in &r.lets {
            let mut v = b.expr(&l.expr);
            if let Some(z) = &l.on_zero {
                v = v.union(b.expr(z));
            }
            b.lets.push(v);
        }
        b
    }

    /// The values a fact can take: its declared range, else its type's domain.
    fn fact(&self, s: usize) -> B {
        let Some(f) = self.r.facts.get(s) else { return ANY };
        if let Some(range) = &f.range {
            let n = |v: Option<Value2>| match v {
                Some(Value2::Num(d)) => Some(d),
                _ => None,
            };
            return B { lo: n(range.lo), hi: n(range.hi) };
        }
        match f.value_ty() {
            Ty::Count | Ty::Points => B::at_least(Decimal::ZERO),
            Ty::Percent => B { lo: Some(Decimal::ZERO), hi: Some(Decimal::ONE) },
            _ => ANY,
        }
    }

    fn expr(&self, e: &CExpr) -> B {
        match e {
            CExpr::Const(Value::Num(d)) => B::point(*d),
            CExpr::Const(_) => ANY,
            CExpr::Slot(s) => match s.checked_sub(self.r.facts.len()) {
                None => self.fact(*s),
                Some(l) => self.lets.get(l).copied().unwrap_or(ANY),
            },
            CExpr::Unary(UnOp::Neg, a) => self.expr(a).neg(),
            CExpr::Unary(UnOp::Not, _) => ANY,
            CExpr::Binary(op, a, b, _) => {
                let (a, b) = (self.expr(a), self.expr(b));
                match op {
                    BinOp::Add => a.add(b),
                    BinOp::Sub => a.add(b.neg()),
                    BinOp::Mul => a.mul(b),
                    BinOp::Div => a.div(b),
                    _ => ANY,
                }
            }
            CExpr::Call(f, args) => {
                let mut it = args.iter().map(|a| self.expr(a));
                let Some(first) = it.next() else { return ANY };
                // Both sides known: the lesser (greater); one known: a `min` is at most any
                // argument, a `max` at least any.
                let both = |a: Option<Decimal>, b: Option<Decimal>, f: fn(Decimal, Decimal) -> Decimal| Some(f(a?, b?));
                let either = |a: Option<Decimal>, b: Option<Decimal>, f: fn(Decimal, Decimal) -> Decimal| match (a, b) {
                    (Some(a), Some(b)) => Some(f(a, b)),
                    (x, None) | (None, x) => x,
                };
                match f {
                    Func::Min => it.fold(first, |acc, b| B {
                        lo: both(acc.lo, b.lo, Decimal::min),
                        hi: either(acc.hi, b.hi, Decimal::min),
                    }),
                    Func::Max => it.fold(first, |acc, b| B {
                        lo: either(acc.lo, b.lo, Decimal::max),
                        hi: both(acc.hi, b.hi, Decimal::max),
                    }),
                    Func::Abs => B::at_least(Decimal::ZERO),
                    _ => ANY,
                }
            }
            CExpr::Cohort(k) => {
                let Some(c) = self.r.cohorts.get(*k) else { return ANY };
                let arg = self.expr(&c.arg);
                match c.func {
                    Func::Rank | Func::RankLowest => B::at_least(Decimal::ONE),
                    Func::Best | Func::Worst | Func::Average => arg,
                    Func::Ratio if arg.nonneg() => B::at_least(Decimal::ZERO),
                    _ => ANY,
                }
            }
            CExpr::If(_, a, b) => self.expr(a).union(self.expr(b)),
        }
    }
}

/// Warns of every `award`, `deduct` or `bonus … per` line whose quantity can be negative.
pub(crate) fn quantities(r: &Rubric, report: &mut Report) {
    let bounds = Bounds::of(r);
    for n in &r.nodes {
        for rule in &n.rules {
            let (a, line): (&AdjustDef, &str) = match rule {
                RuleDef::Award(a) => (a, "award"),
                RuleDef::Deduct(a) => (a, "deduct"),
                RuleDef::Bonus(a) => (a, "bonus"),
                _ => continue,
            };
            let Some(per) = &a.per else { continue };
            if bounds.expr(&per.expr).nonneg() {
                continue;
            }
            report.push(
                Diagnostic::warning(
                    "rubric::quantity-sign",
                    format!("the quantity `{}` of this `{line} … per` line can be negative", per.text),
                    per.loc.file,
                    per.loc.span,
                    "can be below 0",
                )
                .with_help(format!(
                    "a unit whose quantity is negative is not scored (`rubric::negative-quantity`): it would turn the line's points around; if a surplus counts as none, write `max({}, 0)`",
                    per.text
                )),
            );
        }
    }
}
