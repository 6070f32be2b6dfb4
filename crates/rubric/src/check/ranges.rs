//! The values an expression can take, worked out from the facts' types and declared ranges:
//! an interval that holds every value (it may hold more), for the checker's questions — can a
//! derived rate exceed 100%, can a rank be 0, is a quantity bounded above, can a `per` quantity
//! be negative where its line applies.

use crate::plan::interval::Interval;
use crate::plan::{CExpr, CohortDef, Plan};
use crate::value::{Ty, Value};
use rubric_syntax::ast::{BinOp, Func, UnOp};
use rust_decimal::Decimal;

/// An interval of decimals, ends included; `None` for no bound on that side.
///
/// Kept apart from [`Interval`]: its ends are always closed and its arithmetic over-approximates
/// (a sum or product that overflows a decimal becomes no bound), which no other interval wants;
/// where it meets the others (a band's domain in `check/lint`) it becomes one ([`Extent::interval`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Extent {
    pub(crate) lo: Option<Decimal>,
    pub(crate) hi: Option<Decimal>,
}

impl Extent {
    /// Every value.
    pub(crate) const ALL: Extent = Extent { lo: None, hi: None };

    fn point(v: Decimal) -> Extent {
        Extent { lo: Some(v), hi: Some(v) }
    }

    fn nonneg(self) -> bool {
        self.lo.is_some_and(|l| !l.is_sign_negative() || l.is_zero())
    }

    /// The same values, as the one interval type.
    pub(crate) fn interval(self) -> Interval<Decimal> {
        Interval::closed(self.lo, self.hi)
    }

    /// Both intervals in one.
    fn union(self, o: Extent) -> Extent {
        Extent { lo: self.lo.zip(o.lo).map(|(a, b)| a.min(b)), hi: self.hi.zip(o.hi).map(|(a, b)| a.max(b)) }
    }

    /// The values in both.
    pub(crate) fn meet(self, o: Extent) -> Extent {
        let lo = match (self.lo, o.lo) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let hi = match (self.hi, o.hi) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Extent { lo, hi }
    }
}

/// The values of a node's figure: its score is at most its points (and the bonus it may get), at
/// least 0 when its floor is; what its deductions took and its bonus are at least 0.
fn node_ref(r: &Plan, d: &crate::plan::refs::RefDef) -> Extent {
    use rubric_syntax::ast::NodeRead;
    let Some(n) = r.nodes.get(d.node) else { return Extent::ALL };
    // The bonus of the node and of every node below it.
    let mut bonus = Some(Decimal::ZERO);
    let mut stack = vec![d.node];
    while let Some(i) = stack.pop() {
        let Some(x) = r.nodes.get(i) else { continue };
        if x.rules.iter().any(|rule| matches!(rule, crate::plan::RuleDef::Bonus(_))) {
            bonus = None;
        }
        stack.extend(x.children.iter().copied());
    }
    let bonus = n.bonus_cap.or(bonus);
    match d.read {
        NodeRead::Points => Extent {
            lo: matches!(n.floor, crate::plan::Floor::At(f) if !f.is_sign_negative()).then_some(Decimal::ZERO),
            hi: bonus.and_then(|b| n.max.checked_add(b)),
        },
        NodeRead::Deducted => Extent { lo: Some(Decimal::ZERO), hi: None },
        NodeRead::Bonused => Extent { lo: Some(Decimal::ZERO), hi: bonus },
    }
}

/// The values of every derived value, in evaluation order (each reads only earlier ones, so no
/// recursion over them is needed).
pub(crate) struct Ranges<'a> {
    r: &'a Plan,
    lets: Vec<Extent>,
    /// The list fact whose records an aggregate's value is being read over (its fields' ranges).
    record: std::cell::Cell<Option<usize>>,
}

impl<'a> Ranges<'a> {
    /// The ranges of a rubric's derived values.
    pub(crate) fn of(r: &'a Plan) -> Ranges<'a> {
        let mut out = Ranges { r, lets: Vec::with_capacity(r.lets.len()), record: std::cell::Cell::new(None) };
        for l in &r.lets {
            let mut s = out.expr(&l.expr);
            // A zero denominator gives the `on zero` value instead.
            if let Some(z) = &l.on_zero {
                s = s.union(out.expr(z));
            }
            out.lets.push(s);
        }
        out
    }

    /// The values of a fact of this type with no declared range.
    pub(crate) fn of_type(ty: Ty) -> Extent {
        let zero = Some(Decimal::ZERO);
        match ty {
            Ty::Count | Ty::Points => Extent { lo: zero, hi: None },
            Ty::Percent => Extent { lo: zero, hi: Some(Decimal::ONE) },
            _ => Extent::ALL,
        }
    }

    /// The values of fact or derived value `slot`.
    fn slot(&self, s: usize) -> Extent {
        if let Some(i) = crate::plan::lists::field_read(s) {
            // A field of the records an aggregate reads: its declared range, as a fact's.
            let field = self.record.get().and_then(|l| self.r.facts.get(l)).and_then(|f| f.fields.get(i));
            return field.map_or(Extent::ALL, Self::fact_extent);
        }
        match s.checked_sub(self.r.facts.len()) {
            None => match self.r.facts.get(s) {
                Some(f) => Self::fact_extent(f),
                None => Extent::ALL,
            },
            Some(l) => self.lets.get(l).copied().unwrap_or(Extent::ALL),
        }
    }

    /// The values a fact (or a record's field) can take: its type's, within its declared range.
    fn fact_extent(f: &crate::plan::FactDef) -> Extent {
        match &f.range {
            Some(range) => {
                let num = |v: Option<crate::plan::Value2>| match v {
                    Some(crate::plan::Value2::Num(n)) => Some(n),
                    _ => None,
                };
                Extent { lo: num(range.lo), hi: num(range.hi) }.meet(Ranges::of_type(f.value_ty()))
            }
            None => Ranges::of_type(f.value_ty()),
        }
    }

    /// The day numbers a date expression can take (days from 1 January of year 1): a constant,
    /// a date fact's declared range, or the years every date is read in; every value otherwise.
    fn day_number(&self, e: &CExpr) -> Extent {
        let number = |d: chrono::NaiveDate| Decimal::from(chrono::Datelike::num_days_from_ce(&d));
        let years = || {
            let first = chrono::NaiveDate::from_ymd_opt(*rubric_syntax::YEARS.start(), 1, 1);
            let last = chrono::NaiveDate::from_ymd_opt(*rubric_syntax::YEARS.end(), 12, 31);
            Extent { lo: first.map(number), hi: last.map(number) }
        };
        match e {
            CExpr::Const(Value::Date(d)) => Extent::point(number(*d)),
            CExpr::Slot(s) => match self.r.facts.get(*s) {
                Some(f) if f.value_ty() == crate::value::Ty::Date => match &f.range {
                    Some(range) => {
                        let num = |v: Option<crate::plan::Value2>| v.map(crate::plan::Value2::number);
                        Extent { lo: num(range.lo), hi: num(range.hi) }
                    }
                    None => years(),
                },
                _ => Extent::ALL,
            },
            CExpr::Call(Func::Date, _) => years(),
            _ => Extent::ALL,
        }
    }

    /// The values an expression can take (dates and yes/no values: every value).
    pub(crate) fn expr(&self, e: &CExpr) -> Extent {
        match e {
            CExpr::Const(Value::Num(n)) => Extent::point(*n),
            CExpr::Const(_) => Extent::ALL,
            CExpr::Slot(s) => self.slot(*s),
            CExpr::Unary(UnOp::Neg, a) => {
                let a = self.expr(a);
                Extent { lo: a.hi.map(|h| -h), hi: a.lo.map(|l| -l) }
            }
            CExpr::Unary(UnOp::Not, _) => Extent::ALL,
            CExpr::Binary(op, a, b, _) => self.binary(*op, self.expr(a), self.expr(b)),
            CExpr::Call(Func::Days, args) => match args.as_slice() {
                [a, b] => self.binary(BinOp::Sub, self.day_number(b), self.day_number(a)),
                _ => Extent::ALL,
            },
            // As many working days as days at most, of the same sign.
            CExpr::Call(Func::Workdays, args) => match args.as_slice() {
                [a, b] => {
                    let days = self.binary(BinOp::Sub, self.day_number(b), self.day_number(a));
                    Extent { lo: days.lo.map(|l| l.min(Decimal::ZERO)), hi: days.hi.map(|h| h.max(Decimal::ZERO)) }
                }
                _ => Extent::ALL,
            },
            CExpr::Call(f, args) => {
                let mut spans = args.iter().map(|a| self.expr(a));
                let Some(first) = spans.next() else { return Extent::ALL };
                match f {
                    Func::Min => spans.fold(first, |m, s| Extent {
                        lo: m.lo.zip(s.lo).map(|(a, b)| a.min(b)),
                        hi: match (m.hi, s.hi) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            (a, b) => a.or(b),
                        },
                    }),
                    Func::Max => spans.fold(first, |m, s| Extent {
                        lo: match (m.lo, s.lo) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            (a, b) => a.or(b),
                        },
                        hi: m.hi.zip(s.hi).map(|(a, b)| a.max(b)),
                    }),
                    Func::Abs => {
                        let hi = first.lo.zip(first.hi).map(|(l, h)| l.abs().max(h.abs()));
                        let lo = if first.nonneg() { first.lo } else { Some(Decimal::ZERO) };
                        Extent { lo, hi }
                    }
                    // Rounding moves a value at most to the next whole number around it.
                    Func::Floor | Func::Ceil | Func::Round(_) => {
                        Extent { lo: first.lo.map(|x| x.floor()), hi: first.hi.map(|x| x.ceil()) }
                    }
                    // A base of at least 1 to a power of at least 0 is at least 1.
                    Func::Pow => {
                        let power = spans.next().unwrap_or(Extent::ALL);
                        let lo = match (first.lo, power.lo) {
                            (Some(b), Some(n)) if b >= Decimal::ONE && !n.is_sign_negative() => Some(Decimal::ONE),
                            (Some(b), _) if !b.is_sign_negative() => Some(Decimal::ZERO),
                            _ => None,
                        };
                        Extent { lo, hi: None }
                    }
                    _ => Extent::ALL,
                }
            }
            CExpr::If(_, a, b) => self.expr(a).union(self.expr(b)),
            CExpr::Cohort(k) => self.r.cohorts.get(*k).map_or(Extent::ALL, |d| self.cohort(d)),
            CExpr::Node(k) => self.r.refs.get(*k).map_or(Extent::ALL, |d| node_ref(self.r, d)),
            CExpr::Agg(a) => self.agg(a),
        }
    }

    /// The values of an aggregate over a list (a record's field: any value, unless its sign is
    /// known from the value's extent): a count is at least 0, a sum of values of one sign keeps it.
    fn agg(&self, a: &crate::plan::lists::AggDef) -> Extent {
        use rubric_syntax::ast::AggFunc;
        let outer = self.record.replace(Some(a.list));
        let arg = a.arg.as_ref().map_or(Extent::ALL, |x| self.expr(x));
        self.record.set(outer);
        let zero = Some(Decimal::ZERO);
        match a.func {
            AggFunc::Count => Extent { lo: zero, hi: None },
            AggFunc::Any | AggFunc::All => Extent::ALL,
            AggFunc::Sum if arg.nonneg() => Extent { lo: zero, hi: None },
            AggFunc::Sum if arg.hi.is_some_and(|h| h <= Decimal::ZERO) => Extent { lo: None, hi: zero },
            AggFunc::Sum => Extent::ALL,
            AggFunc::Max | AggFunc::Min | AggFunc::Mean => match &a.default {
                Some(d) => arg.union(self.expr(d)),
                None => arg,
            },
        }
    }

    /// The values of a figure that compares units.
    fn cohort(&self, d: &CohortDef) -> Extent {
        let own = self.expr(&d.arg);
        let figure = match d.func {
            // Places are whole numbers from 1.
            Func::Rank | Func::RankLowest => Extent { lo: Some(Decimal::ONE), hi: None },
            Func::Best | Func::Worst | Func::Average => own,
            // The unit's value over the highest: at most 1 when no value is negative.
            Func::Ratio if own.nonneg() => Extent { lo: Some(Decimal::ZERO), hi: Some(Decimal::ONE) },
            Func::CohortCount => Extent { lo: Some(Decimal::ZERO), hi: None },
            _ => Extent::ALL,
        };
        // `else V`: the figure may be `V` instead.
        match d.among.as_ref().and_then(|s| s.or_else.as_ref()) {
            Some(v) => figure.union(self.expr(v)),
            None => figure,
        }
    }

    fn binary(&self, op: BinOp, a: Extent, b: Extent) -> Extent {
        let add = |x: Option<Decimal>, y: Option<Decimal>| x.zip(y).and_then(|(x, y)| x.checked_add(y));
        let sub = |x: Option<Decimal>, y: Option<Decimal>| x.zip(y).and_then(|(x, y)| x.checked_sub(y));
        match op {
            BinOp::Add => Extent { lo: add(a.lo, b.lo), hi: add(a.hi, b.hi) },
            BinOp::Sub => Extent { lo: sub(a.lo, b.hi), hi: sub(a.hi, b.lo) },
            BinOp::Mul => a.mul(b),
            // A zero denominator is an error, or the `on zero` value of its derived value: only
            // the sign of a quotient is known.
            BinOp::Div => a.sign_of_quotient(b),
            _ => Extent::ALL,
        }
    }
}

impl Extent {
    fn nonpos(self) -> bool {
        self.hi.is_some_and(|h| h.is_sign_negative() || h.is_zero())
    }

    /// The products of a value of each: from the ends when neither is negative or both are
    /// bounded, else only their sign.
    fn mul(self, o: Extent) -> Extent {
        if self.nonneg() && o.nonneg() {
            let mul = |x: Option<Decimal>, y: Option<Decimal>| x.zip(y).and_then(|(x, y)| x.checked_mul(y));
            return Extent { lo: mul(self.lo, o.lo), hi: mul(self.hi, o.hi) };
        }
        if let (Some(a), Some(b), Some(c), Some(d)) = (self.lo, self.hi, o.lo, o.hi) {
            let p: Option<Vec<Decimal>> =
                [(a, c), (a, d), (b, c), (b, d)].iter().map(|(x, y)| x.checked_mul(*y)).collect();
            if let Some(p) = p {
                let lo = p.iter().copied().min();
                let hi = p.iter().copied().max();
                return Extent { lo, hi };
            }
        }
        self.sign_of_quotient(o)
    }

    /// The sign of a product or a quotient of a value of each.
    fn sign_of_quotient(self, o: Extent) -> Extent {
        if (self.nonneg() && o.nonneg()) || (self.nonpos() && o.nonpos()) {
            Extent { lo: Some(Decimal::ZERO), hi: None }
        } else if (self.nonneg() && o.nonpos()) || (self.nonpos() && o.nonneg()) {
            Extent { lo: None, hi: Some(Decimal::ZERO) }
        } else {
            Extent::ALL
        }
    }

    /// Whether every value is at least 0.
    pub(crate) fn is_nonneg(self) -> bool {
        self.nonneg()
    }
}

impl Ranges<'_> {
    /// The values an expression can take where a condition holds: `a - b` is never negative
    /// where `a >= b` (or `a > b`, `b < a`, `b <= a`) is one of the conditions joined by `and`,
    /// and a fact compared with a constant keeps to that side of it.
    pub(crate) fn expr_given(&self, e: &CExpr, cond: Option<&CExpr>) -> Extent {
        let mut known = Vec::new();
        if let Some(c) = cond {
            facts_of(c, &mut known);
        }
        self.refined(e, &known)
    }

    fn refined(&self, e: &CExpr, known: &[(&CExpr, &CExpr)]) -> Extent {
        match e {
            CExpr::Binary(BinOp::Sub, a, b, _) => {
                let plain = self.binary(BinOp::Sub, self.refined(a, known), self.refined(b, known));
                if known.iter().any(|(x, y)| same(x, a) && same(y, b)) {
                    plain.meet(Extent { lo: Some(Decimal::ZERO), hi: None })
                } else {
                    plain
                }
            }
            CExpr::Binary(op @ (BinOp::Add | BinOp::Mul | BinOp::Div), a, b, _) => {
                self.binary(*op, self.refined(a, known), self.refined(b, known))
            }
            CExpr::Slot(_) => {
                let mut x = self.expr(e);
                for (hi, lo) in known {
                    // `e >= c`: at least c; `c >= e`: at most c.
                    if let (true, CExpr::Const(Value::Num(c))) = (same(hi, e), lo) {
                        x = x.meet(Extent { lo: Some(*c), hi: None });
                    }
                    if let (CExpr::Const(Value::Num(c)), true) = (hi, same(lo, e)) {
                        x = x.meet(Extent { lo: None, hi: Some(*c) });
                    }
                }
                x
            }
            _ => self.expr(e),
        }
    }
}

/// The pairs `(a, b)` with `a >= b` wherever `c` holds (from its comparisons joined by `and`).
fn facts_of<'e>(c: &'e CExpr, out: &mut Vec<(&'e CExpr, &'e CExpr)>) {
    if let CExpr::Binary(op, a, b, _) = c {
        match op {
            BinOp::And => {
                facts_of(a, out);
                facts_of(b, out);
            }
            BinOp::Gt | BinOp::Ge => out.push((a, b)),
            BinOp::Lt | BinOp::Le => out.push((b, a)),
            _ => {}
        }
    }
}

/// Whether two expressions are the same, their spans aside.
fn same(a: &CExpr, b: &CExpr) -> bool {
    match (a, b) {
        (CExpr::Const(x), CExpr::Const(y)) => x == y,
        (CExpr::Slot(x), CExpr::Slot(y)) | (CExpr::Cohort(x), CExpr::Cohort(y)) | (CExpr::Node(x), CExpr::Node(y)) => {
            x == y
        }
        (CExpr::Unary(o, x), CExpr::Unary(p, y)) => o == p && same(x, y),
        (CExpr::Binary(o, x1, x2, _), CExpr::Binary(p, y1, y2, _)) => o == p && same(x1, y1) && same(x2, y2),
        (CExpr::Call(f, xs), CExpr::Call(g, ys)) => {
            f == g && xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (CExpr::If(c, x, y), CExpr::If(d, u, v)) => same(c, d) && same(x, u) && same(y, v),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(src: &str) -> Vec<Extent> {
        let load = crate::load("t.rubric", &crate::MemoryLoader::new().with("t.rubric", src));
        load.into_rubric().map(|r| Ranges::of(&r).lets).unwrap_or_default()
    }

    #[test]
    fn quotients_of_counts_are_never_negative_and_may_exceed_one() {
        let lets = ranges(
            "rubric \"r\" { fact a: count fact b: count in [0, 10] let q = a / b on zero => 100% let d = b - 3 \
             let m = min(q, 100%) item 一 \"x\" max 1 { award 1 when q > 0% and d > 0 and m > 0% } }",
        );
        let n = |v: i64| Some(Decimal::from(v));
        assert_eq!(
            lets,
            [
                Extent { lo: n(0), hi: None },
                Extent { lo: n(-3), hi: n(7) },
                Extent { lo: n(0), hi: Some(Decimal::ONE) },
            ]
        );
    }
}
