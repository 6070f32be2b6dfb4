//! Expressions of one unknown fact `x`, the other facts held: each value is a list of pieces,
//! a set of `x` and what the expression is there — `(p·x + q) / (r·x + s)`, yes or no, or an
//! error (a zero denominator, a value in no band). Comparisons split the pieces exactly, so the
//! values of `x` where a condition holds or a band applies are read off the rules, not probed.

use crate::analysis::whatif_set::{Q, Rel, Set, linear};
use crate::plan::exact::Q as Exact;
use crate::value::Value;
use rust_decimal::Decimal;

/// Why a change cannot be derived exactly (shown to the user).
pub(crate) type Why = Underived;
pub(crate) use crate::analysis::whatif_why::Underived;

/// The most pieces one value may split into.
const MAX_PIECES: usize = 1024;

/// The most pairs of pieces one operation may combine.
const MAX_PAIRS: usize = 16384;

/// `(p·x + q) / (r·x + s)`; when `r` is zero, `s` is positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct F {
    p: Decimal,
    q: Decimal,
    r: Decimal,
    s: Decimal,
}

/// `a × b`, exactly as the evaluators compute it (`crate::plan::exact`), or why not.
fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Why> {
    Exact::dec(a).mul(Exact::dec(b)).map(Exact::to_dec).map_err(|_| Underived::Inexact)
}

/// `a + b`, exactly, or why not.
fn add(a: Decimal, b: Decimal) -> Result<Decimal, Why> {
    Exact::dec(a).add(Exact::dec(b)).map(Exact::to_dec).map_err(|_| Underived::Inexact)
}

impl F {
    pub(crate) fn constant(c: Decimal) -> F {
        F { p: Decimal::ZERO, q: c, r: Decimal::ZERO, s: Decimal::ONE }
    }

    fn x() -> F {
        F { p: Decimal::ONE, q: Decimal::ZERO, r: Decimal::ZERO, s: Decimal::ONE }
    }

    /// The value, exactly, when it does not depend on `x`.
    fn value(&self) -> Option<Exact> {
        if !self.is_const() {
            return None;
        }
        Exact::dec(self.q).div(Exact::dec(self.s))?.ok()
    }

    /// Whether the value does not depend on `x`.
    pub(crate) fn is_const(&self) -> bool {
        self.p.is_zero() && self.r.is_zero()
    }

    fn norm(self) -> F {
        if self.r.is_zero() && self.s.is_sign_negative() {
            F { p: -self.p, q: -self.q, r: self.r, s: -self.s }
        } else {
            self
        }
    }

    fn neg(self) -> F {
        F { p: -self.p, q: -self.q, ..self }
    }

    fn add(a: F, b: F) -> Result<F, Why> {
        if a.r.is_zero() && b.r.is_zero() {
            if a.s == b.s {
                return Ok(F { p: add(a.p, b.p)?, q: add(a.q, b.q)?, ..a });
            }
            return Ok(F {
                p: add(mul(a.p, b.s)?, mul(b.p, a.s)?)?,
                q: add(mul(a.q, b.s)?, mul(b.q, a.s)?)?,
                r: Decimal::ZERO,
                s: mul(a.s, b.s)?,
            });
        }
        let (f, c) = if b.is_const() {
            (a, b)
        } else if a.is_const() {
            (b, a)
        } else {
            return Err(Underived::NotMonotone);
        };
        // f + q/s = (f.p·s + q·f.r)·x + (f.q·s + q·f.s)) / (f.r·s·x + f.s·s)
        Ok(F {
            p: add(mul(f.p, c.s)?, mul(c.q, f.r)?)?,
            q: add(mul(f.q, c.s)?, mul(c.q, f.s)?)?,
            r: mul(f.r, c.s)?,
            s: mul(f.s, c.s)?,
        }
        .norm())
    }

    fn mul(a: F, b: F) -> Result<F, Why> {
        let (f, c) = if b.is_const() {
            (a, b)
        } else if a.is_const() {
            (b, a)
        } else {
            return Err(Underived::NotLinear);
        };
        Ok(F { p: mul(f.p, c.q)?, q: mul(f.q, c.q)?, r: mul(f.r, c.s)?, s: mul(f.s, c.s)? }.norm())
    }

    /// `a / b`, or `None` for the values of `x` where `b` is zero (they are cut out by the caller).
    fn div(a: F, b: F) -> Result<F, Why> {
        if b.is_const() {
            // a / (q/s) = a·s / q
            return Ok(F { p: mul(a.p, b.s)?, q: mul(a.q, b.s)?, r: mul(a.r, b.q)?, s: mul(a.s, b.q)? }.norm());
        }
        if a.r.is_zero() && b.r.is_zero() {
            // ((a.p·x + a.q)/a.s) / ((b.p·x + b.q)/b.s)
            return Ok(F { p: mul(a.p, b.s)?, q: mul(a.q, b.s)?, r: mul(b.p, a.s)?, s: mul(b.q, a.s)? }.norm());
        }
        Err(Underived::NestedDenominator)
    }

    /// The numerator `p·x + q` over the values where the denominator is non-zero, as the sets
    /// where the value is positive, zero and negative.
    fn signs(&self) -> [Set; 3] {
        let (p, q) = (self.p, self.q);
        if self.r.is_zero() {
            return [linear(p, q, Rel::Gt), linear(p, q, Rel::Eq), linear(p, q, Rel::Lt)];
        }
        let up = linear(self.r, self.s, Rel::Gt);
        let down = linear(self.r, self.s, Rel::Lt);
        let pos = up.intersect(&linear(p, q, Rel::Gt)).union(&down.intersect(&linear(p, q, Rel::Lt)));
        let neg = up.intersect(&linear(p, q, Rel::Lt)).union(&down.intersect(&linear(p, q, Rel::Gt)));
        [pos, linear(p, q, Rel::Eq).intersect(&up.union(&down)), neg]
    }

    /// Where `self REL 0` holds (within the values where it is defined).
    pub(crate) fn holds(&self, rel: Rel) -> Set {
        let [pos, zero, neg] = self.signs();
        match rel {
            Rel::Gt => pos,
            Rel::Ge => pos.union(&zero),
            Rel::Eq => zero,
            Rel::Ne => pos.union(&neg),
            Rel::Le => neg.union(&zero),
            Rel::Lt => neg,
        }
    }

    /// The value at `x`.
    pub(crate) fn at(&self, x: Decimal) -> Option<Decimal> {
        let num = self.p.checked_mul(x)?.checked_add(self.q)?;
        if self.r.is_zero() && self.s == Decimal::ONE {
            return Some(num);
        }
        num.checked_div(self.r.checked_mul(x)?.checked_add(self.s)?)
    }
}

/// What an expression is on one piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum P {
    Num(F),
    Bool(bool),
    /// A division by zero (an `on zero` value may stand in).
    ZeroDiv,
    /// Another error: no band, judged points out of range.
    Fail,
}

/// A value of `x`: pieces with disjoint sets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sym(pub(crate) Vec<(Set, P)>);

impl Sym {
    /// The value, when every piece is the same constant (a date as its day number): what a
    /// date function reads when its arguments do not move with the fact.
    pub(crate) fn constant_num(&self) -> Option<Decimal> {
        let mut out = None;
        for (_, p) in &self.0 {
            let P::Num(f) = p else { return None };
            if !f.is_const() {
                return None;
            }
            let v = f.q.checked_div(f.s)?;
            if out.is_some_and(|o| o != v) {
                return None;
            }
            out = Some(v);
        }
        out
    }

    pub(crate) fn on(set: Set, p: P) -> Sym {
        if set.is_empty() { Sym(Vec::new()) } else { Sym(vec![(set, p)]) }
    }

    pub(crate) fn constant(v: Value) -> Result<Sym, Why> {
        Ok(Sym::on(Set::all(), value_piece(v).ok_or(Underived::NotApplicable)?))
    }

    /// The unknown itself, over its domain; a yes/no fact is 0 (否) or 1 (是).
    pub(crate) fn unknown(domain: &Set, boolean: bool) -> Sym {
        if boolean {
            let no = Set::point(Q::of(Decimal::ZERO));
            let yes = Set::point(Q::of(Decimal::ONE));
            let mut s = Sym::on(no, P::Bool(false));
            s.0.extend(Sym::on(yes, P::Bool(true)).0);
            return s;
        }
        Sym::on(domain.clone(), P::Num(F::x()))
    }

    fn push(&mut self, set: Set, p: P) -> Result<(), Why> {
        if set.is_empty() {
            return Ok(());
        }
        if self.0.len() >= MAX_PIECES {
            return Err(Underived::TooManyPieces);
        }
        self.0.push((set, p));
        Ok(())
    }

    /// The pieces within `set`.
    pub(crate) fn within(&self, set: &Set) -> Sym {
        Sym(self.0.iter().map(|(s, p)| (s.intersect(set), *p)).filter(|(s, _)| !s.is_empty()).collect())
    }

    /// Joins two values defined on disjoint sets.
    pub(crate) fn join(mut self, other: Sym) -> Sym {
        self.0.extend(other.0);
        self
    }

    /// Applies `f` to the pieces of two values where both are defined; errors come from the left first.
    pub(crate) fn zip(&self, o: &Sym, f: impl Fn(&Set, P, P) -> Result<Sym, Why>) -> Result<Sym, Why> {
        if self.0.len().saturating_mul(o.0.len()) > MAX_PAIRS {
            return Err(Underived::TooManyPieces);
        }
        let mut out = Sym::default();
        for (sa, pa) in &self.0 {
            for (sb, pb) in &o.0 {
                let set = sa.intersect(sb);
                if set.is_empty() {
                    continue;
                }
                let part = match (pa, pb) {
                    (P::ZeroDiv | P::Fail, _) => Sym::on(set, *pa),
                    (_, P::ZeroDiv | P::Fail) => Sym::on(set, *pb),
                    _ => f(&set, *pa, *pb)?,
                };
                for (s, p) in part.0 {
                    out.push(s, p)?;
                }
            }
        }
        Ok(out.merged())
    }

    /// The same value with pieces that are the same expression joined into one.
    fn merged(self) -> Sym {
        let mut out: Vec<(Set, P)> = Vec::with_capacity(self.0.len());
        for (s, p) in self.0 {
            match out.iter_mut().find(|(_, q)| *q == p) {
                Some((set, _)) => *set = set.union(&s),
                None => out.push((s, p)),
            }
        }
        Sym(out)
    }

    /// Applies `f` to each defined piece.
    pub(crate) fn map(&self, f: impl Fn(&Set, P) -> Result<Sym, Why>) -> Result<Sym, Why> {
        self.zip(&Sym::on(Set::all(), P::Bool(true)), |s, a, _| f(s, a))
    }

    /// `floor`, `ceil`, `round` or `pow` (`crate::plan::exact::call`) where both values are
    /// constants; where they move with the fact, what-if says it cannot follow the steps.
    pub(crate) fn call(&self, o: &Sym, f: rubric_syntax::ast::Func) -> Result<Sym, Why> {
        self.zip(o, |set, a, b| {
            let (P::Num(a), P::Num(b)) = (a, b) else { return Err(Underived::Kinds) };
            let (Some(x), Some(y)) = (a.value(), b.value()) else {
                return Err(Underived::Steps { func: f.name(), power: f == rubric_syntax::ast::Func::Pow });
            };
            let v = crate::plan::whole::call(f, x, y)
                .ok_or(Underived::NotWholeFunction { func: f.name() })?
                .map_err(|_| Underived::Inexact)?;
            Ok(Sym::on(set.clone(), P::Num(F::constant(v.to_dec()))))
        })
    }

    /// Arithmetic on numbers; a zero divisor gives a `ZeroDiv` piece.
    pub(crate) fn arith(&self, o: &Sym, op: Arith) -> Result<Sym, Why> {
        self.zip(o, |set, a, b| {
            let (P::Num(a), P::Num(b)) = (a, b) else { return Err(Underived::Kinds) };
            Ok(match op {
                Arith::Add => Sym::on(set.clone(), P::Num(F::add(a, b)?)),
                Arith::Sub => Sym::on(set.clone(), P::Num(F::add(a, b.neg())?)),
                Arith::Mul => Sym::on(set.clone(), P::Num(F::mul(a, b)?)),
                Arith::Div => {
                    let zero = set.intersect(&b.holds(Rel::Eq));
                    let rest = set.minus(&zero);
                    let mut s = Sym::on(zero, P::ZeroDiv);
                    if !rest.is_empty() {
                        s.0.push((rest, P::Num(F::div(a, b)?)));
                    }
                    s
                }
            })
        })
    }

    /// A comparison: yes/no pieces.
    pub(crate) fn compare(&self, o: &Sym, rel: Rel) -> Result<Sym, Why> {
        self.zip(o, |set, a, b| match (a, b) {
            (P::Num(a), P::Num(b)) => {
                let d = F::add(a, b.neg())?;
                let yes = set.intersect(&d.holds(rel));
                let no = set.minus(&yes);
                Ok(Sym::on(yes, P::Bool(true)).join(Sym::on(no, P::Bool(false))))
            }
            (P::Bool(a), P::Bool(b)) => Ok(Sym::on(set.clone(), P::Bool(rel.of(a.cmp(&b))))),
            _ => Err(Underived::Kinds),
        })
    }

    /// `if c then a else b`, piece by piece.
    pub(crate) fn choose(c: &Sym, a: &Sym, b: &Sym) -> Result<Sym, Why> {
        let mut out = Sym::default();
        for (set, p) in &c.0 {
            let part = match p {
                P::Bool(true) => a.within(set),
                P::Bool(false) => b.within(set),
                P::Num(_) => return Err(Underived::Kinds),
                _ => Sym::on(set.clone(), *p),
            };
            for (s, p) in part.0 {
                out.push(s, p)?;
            }
        }
        Ok(out)
    }

    /// The lesser (or greater) of two numbers.
    pub(crate) fn least(&self, o: &Sym, greatest: bool) -> Result<Sym, Why> {
        let c = self.compare(o, if greatest { Rel::Ge } else { Rel::Le })?;
        Sym::choose(&c, self, o)
    }

    /// Logical not.
    pub(crate) fn not(&self) -> Result<Sym, Why> {
        self.map(|s, p| match p {
            P::Bool(b) => Ok(Sym::on(s.clone(), P::Bool(!b))),
            _ => Err(Underived::Kinds),
        })
    }

    /// Negation.
    pub(crate) fn neg(&self) -> Result<Sym, Why> {
        self.map(|s, p| match p {
            P::Num(f) => Ok(Sym::on(s.clone(), P::Num(f.neg()))),
            _ => Err(Underived::Kinds),
        })
    }

    /// `a and b` / `a or b`, reading the left side first as the evaluator does.
    pub(crate) fn logic(&self, o: &Sym, and: bool) -> Result<Sym, Why> {
        let decided = Sym::on(Set::all(), P::Bool(!and));
        Sym::choose(self, if and { o } else { &decided }, if and { &decided } else { o })
    }
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

/// A constant as a piece; a date is its day number.
pub(crate) fn value_piece(v: Value) -> Option<P> {
    Some(match v {
        Value::Num(n) => P::Num(F::constant(n)),
        Value::Bool(b) => P::Bool(b),
        Value::Date(d) => P::Num(F::constant(Decimal::from(chrono::Datelike::num_days_from_ce(&d)))),
        // A 不适用 value is never a piece of a formula `whatif` moves.
        Value::NotApplicable => return None,
    })
}
