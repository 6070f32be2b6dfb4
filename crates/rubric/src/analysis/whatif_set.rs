//! Sets of values of one fact: unions of intervals whose ends are exact rationals.

use crate::plan::exact::Q as Exact;
use crate::plan::interval::{self, Interval, hi_cmp, lo_cmp};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// An exact rational `n / d` with `d > 0`, so that `x > 2 / 3` is held without rounding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Q {
    n: Decimal,
    d: Decimal,
}

impl Q {
    /// The decimal itself.
    pub(crate) fn of(n: Decimal) -> Q {
        Q { n, d: Decimal::ONE }
    }

    /// `n / d`, or `None` when `d` is zero.
    pub(crate) fn new(n: Decimal, d: Decimal) -> Option<Q> {
        if d.is_zero() {
            None
        } else if d.is_sign_negative() {
            Some(Q { n: -n, d: -d })
        } else {
            Some(Q { n, d })
        }
    }

    /// The value as a decimal, when it is one exactly.
    pub(crate) fn exact(self) -> Option<Decimal> {
        if self.d == Decimal::ONE {
            return Some(self.n);
        }
        let v = self.exact_q()?;
        v.is_decimal().then(|| v.to_dec().normalize())
    }

    /// The value, rounded at the 28th place when it is not a decimal (for choosing, never shown).
    pub(crate) fn approx(self) -> Decimal {
        self.n.checked_div(self.d).unwrap_or(if self.n.is_sign_negative() { Decimal::MIN } else { Decimal::MAX })
    }

    /// Compares with another rational, exactly (as `crate::plan::exact` does) unless a value is
    /// beyond what it computes.
    pub(crate) fn cmp(self, o: Q) -> Ordering {
        match (self.exact_q(), o.exact_q()) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.approx().cmp(&o.approx()),
        }
    }

    /// The value as an exact number of the evaluators.
    fn exact_q(self) -> Option<Exact> {
        Exact::dec(self.n).div(Exact::dec(self.d))?.ok()
    }

    /// The least whole number ≥ the value.
    pub(crate) fn ceil(self) -> Option<Decimal> {
        let mut v = self.n.checked_div(self.d)?.floor();
        while Q::of(v).cmp(self) == Ordering::Less {
            v = v.checked_add(Decimal::ONE)?;
        }
        Some(v)
    }

    /// The greatest whole number ≤ the value.
    pub(crate) fn floor(self) -> Option<Decimal> {
        let mut v = self.n.checked_div(self.d)?.ceil();
        while Q::of(v).cmp(self) == Ordering::Greater {
            v = v.checked_sub(Decimal::ONE)?;
        }
        Some(v)
    }
}

// The shared ordering of `Q` makes it an end of the one interval type; it is exact where
// `crate::plan::exact` computes, and by the 28-place approximation beyond.
impl PartialEq for Q {
    fn eq(&self, o: &Q) -> bool {
        Q::cmp(*self, *o) == Ordering::Equal
    }
}

impl Eq for Q {}

impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Q) -> Option<Ordering> {
        Some(Ord::cmp(self, o))
    }
}

impl Ord for Q {
    fn cmp(&self, o: &Q) -> Ordering {
        Q::cmp(*self, *o)
    }
}

/// One end of an interval: the value and whether it is included.
pub(crate) type End = interval::End<Q>;

/// An interval of the fact's values; `None` ends are unbounded.
pub(crate) type Iv = Interval<Q>;

/// Whether the decimal lies in the interval.
pub(crate) fn holds(i: &Iv, x: Decimal) -> bool {
    i.contains(&Q::of(x))
}

/// A union of disjoint intervals, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Set(pub(crate) Vec<Iv>);

impl Set {
    /// Every value.
    pub(crate) fn all() -> Set {
        Set(vec![Interval::ALL])
    }

    /// One interval (empty when its ends cross).
    pub(crate) fn iv(lo: End, hi: End) -> Set {
        Set::from_ivs(vec![Iv { lo, hi }])
    }

    /// The one value `x`.
    pub(crate) fn point(x: Q) -> Set {
        Set::iv(Some((x, true)), Some((x, true)))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the decimal lies in the set.
    pub(crate) fn contains(&self, x: Decimal) -> bool {
        self.0.iter().any(|i| holds(i, x))
    }

    /// Sorts and merges intervals into a union of disjoint ones.
    fn from_ivs(mut ivs: Vec<Iv>) -> Set {
        ivs.retain(|i| !i.is_empty());
        ivs.sort_by(|a, b| lo_cmp(&a.lo, &b.lo));
        let mut out: Vec<Iv> = Vec::with_capacity(ivs.len());
        for i in ivs {
            if let Some(last) = out.last_mut() {
                let touches = match (last.hi, i.lo) {
                    (None, _) | (_, None) => true,
                    (Some((h, hc)), Some((l, lc))) => match l.cmp(h) {
                        Ordering::Less => true,
                        Ordering::Equal => hc || lc,
                        Ordering::Greater => false,
                    },
                };
                if touches {
                    if hi_cmp(&i.hi, &last.hi) == Ordering::Greater {
                        last.hi = i.hi;
                    }
                    continue;
                }
            }
            out.push(i);
        }
        Set(out)
    }

    pub(crate) fn union(&self, o: &Set) -> Set {
        Set::from_ivs(self.0.iter().chain(o.0.iter()).copied().collect())
    }

    pub(crate) fn intersect(&self, o: &Set) -> Set {
        let mut out = Vec::new();
        for a in &self.0 {
            for b in &o.0 {
                out.push(a.intersect(*b));
            }
        }
        Set::from_ivs(out)
    }

    pub(crate) fn complement(&self) -> Set {
        let mut out = Vec::new();
        let mut lo: End = None;
        let mut open_start = true;
        for i in &self.0 {
            match i.lo {
                None => {}
                Some((a, c)) => out.push(Iv { lo: if open_start { None } else { lo }, hi: Some((a, !c)) }),
            }
            open_start = false;
            match i.hi {
                None => return Set::from_ivs(out),
                Some((b, c)) => lo = Some((b, !c)),
            }
        }
        out.push(Iv { lo: if open_start { None } else { lo }, hi: None });
        Set::from_ivs(out)
    }

    pub(crate) fn minus(&self, o: &Set) -> Set {
        self.intersect(&o.complement())
    }
}

/// A comparison of a linear form with zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Rel {
    fn flip(self) -> Rel {
        match self {
            Rel::Lt => Rel::Gt,
            Rel::Le => Rel::Ge,
            Rel::Ge => Rel::Le,
            Rel::Gt => Rel::Lt,
            r => r,
        }
    }

    /// Whether `v REL 0` holds.
    fn holds(self, v: Decimal) -> bool {
        self.of(v.cmp(&Decimal::ZERO))
    }

    /// Whether the relation holds for two values that compare as `o`.
    pub(crate) fn of(self, o: std::cmp::Ordering) -> bool {
        match self {
            Rel::Lt => o.is_lt(),
            Rel::Le => o.is_le(),
            Rel::Eq => o.is_eq(),
            Rel::Ne => o.is_ne(),
            Rel::Ge => o.is_ge(),
            Rel::Gt => o.is_gt(),
        }
    }
}

/// The values `x` with `a·x + b REL 0`.
pub(crate) fn linear(a: Decimal, b: Decimal, rel: Rel) -> Set {
    if a.is_zero() {
        return if rel.holds(b) { Set::all() } else { Set::default() };
    }
    // a·x + b REL 0  ⇔  x REL' −b / a, flipped when a < 0.
    let Some(t) = Q::new(-b, a) else { return Set::default() };
    let rel = if a.is_sign_negative() { rel.flip() } else { rel };
    match rel {
        Rel::Lt => Set::iv(None, Some((t, false))),
        Rel::Le => Set::iv(None, Some((t, true))),
        Rel::Gt => Set::iv(Some((t, false)), None),
        Rel::Ge => Set::iv(Some((t, true)), None),
        Rel::Eq => Set::point(t),
        Rel::Ne => Set::point(t).complement(),
    }
}
