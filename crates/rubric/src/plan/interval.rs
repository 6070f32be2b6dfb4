//! Intervals of ordered values with open or closed ends, and their one set of operations.

use std::cmp::Ordering;

/// One end of an interval: its value and whether it is included; `None` for no bound on that side.
pub(crate) type End<T> = Option<(T, bool)>;

/// The values between two ends. Band tables and declared ranges (`plan::Range`, as written, as
/// numbers or as exact numbers), the checker's band domains and what-if's sets of values are all
/// this type over their own kind of value, so each end is compared in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interval<T> {
    /// The lower end.
    pub(crate) lo: End<T>,
    /// The upper end.
    pub(crate) hi: End<T>,
}

impl<T: Ord> Interval<T> {
    /// Every value.
    pub(crate) const ALL: Interval<T> = Interval { lo: None, hi: None };

    /// The interval with both ends included (`None`: no bound on that side).
    pub(crate) fn closed(lo: Option<T>, hi: Option<T>) -> Interval<T> {
        Interval { lo: lo.map(|v| (v, true)), hi: hi.map(|v| (v, true)) }
    }

    /// Whether `x` is not below the lower end.
    pub(crate) fn above_lo(&self, x: &T) -> bool {
        self.lo.as_ref().is_none_or(|(a, closed)| match x.cmp(a) {
            Ordering::Greater => true,
            Ordering::Equal => *closed,
            Ordering::Less => false,
        })
    }

    /// Whether `x` is not above the upper end.
    pub(crate) fn below_hi(&self, x: &T) -> bool {
        self.hi.as_ref().is_none_or(|(b, closed)| match x.cmp(b) {
            Ordering::Less => true,
            Ordering::Equal => *closed,
            Ordering::Greater => false,
        })
    }

    /// Whether `x` lies in the interval.
    pub(crate) fn contains(&self, x: &T) -> bool {
        self.above_lo(x) && self.below_hi(x)
    }

    /// Whether no value lies in it (its ends cross, or meet with one of them open).
    pub(crate) fn is_empty(&self) -> bool {
        match (&self.lo, &self.hi) {
            (Some((a, ac)), Some((b, bc))) => match a.cmp(b) {
                Ordering::Greater => true,
                Ordering::Equal => !(*ac && *bc),
                Ordering::Less => false,
            },
            _ => false,
        }
    }
}

impl<T: Ord + Copy> Interval<T> {
    /// The values in both; where two ends are the same, the end of `o` is kept.
    pub(crate) fn intersect(self, o: Interval<T>) -> Interval<T> {
        let lo = if lo_cmp(&self.lo, &o.lo) == Ordering::Greater { self.lo } else { o.lo };
        let hi = if hi_cmp(&self.hi, &o.hi) == Ordering::Less { self.hi } else { o.hi };
        Interval { lo, hi }
    }
}

impl<T> Interval<T> {
    /// The same ends, each value changed by `f`.
    pub(crate) fn map<U>(self, f: impl Fn(T) -> U) -> Interval<U> {
        Interval { lo: self.lo.map(|(v, c)| (f(v), c)), hi: self.hi.map(|(v, c)| (f(v), c)) }
    }

    /// The same ends, each value changed by `f`, or `None` when `f` fails on one.
    pub(crate) fn try_map<U>(self, f: impl Fn(T) -> Option<U>) -> Option<Interval<U>> {
        let end = |e: End<T>| match e {
            None => Some(None),
            Some((v, c)) => f(v).map(|v| Some((v, c))),
        };
        Some(Interval { lo: end(self.lo)?, hi: end(self.hi)? })
    }
}

/// Orders lower ends: unbounded first, then by value, a closed end before an open one.
pub(crate) fn lo_cmp<T: Ord>(a: &End<T>, b: &End<T>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some((x, xc)), Some((y, yc))) => x.cmp(y).then(yc.cmp(xc)),
    }
}

/// Orders upper ends: by value, an open end before a closed one, unbounded last.
pub(crate) fn hi_cmp<T: Ord>(a: &End<T>, b: &End<T>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some((x, xc)), Some((y, yc))) => x.cmp(y).then(xc.cmp(yc)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(lo: End<i32>, hi: End<i32>) -> Interval<i32> {
        Interval { lo, hi }
    }

    #[test]
    fn ends_open_or_closed_decide_membership() {
        let half_open = iv(Some((60, true)), Some((80, false)));
        let cases = [(59, false), (60, true), (79, true), (80, false)];
        for (x, inside) in cases {
            assert_eq!(half_open.contains(&x), inside, "{x}");
        }
        assert!(Interval::<i32>::ALL.contains(&i32::MIN));
        assert!(!half_open.below_hi(&80) && half_open.above_lo(&80));
    }

    #[test]
    fn empty_when_ends_cross_or_meet_open() {
        assert!(iv(Some((3, true)), Some((2, true))).is_empty());
        assert!(iv(Some((2, true)), Some((2, false))).is_empty());
        assert!(!iv(Some((2, true)), Some((2, true))).is_empty());
        assert!(!iv(None, Some((2, false))).is_empty());
    }

    #[test]
    fn intersection_keeps_the_tighter_ends() {
        let a = iv(Some((1, true)), Some((5, true)));
        let b = iv(Some((1, false)), None);
        assert_eq!(a.intersect(b), iv(Some((1, false)), Some((5, true))));
        assert_eq!(Interval::closed(Some(2), None).intersect(a), iv(Some((2, true)), Some((5, true))));
        assert!(iv(None, Some((1, false))).intersect(iv(Some((1, true)), None)).is_empty());
    }

    #[test]
    fn ends_are_ordered_by_value_then_openness() {
        assert_eq!(lo_cmp(&Some((1, true)), &Some((1, false))), Ordering::Less);
        assert_eq!(hi_cmp(&Some((1, false)), &Some((1, true))), Ordering::Less);
        assert_eq!(lo_cmp::<i32>(&None, &Some((i32::MIN, true))), Ordering::Less);
        assert_eq!(hi_cmp::<i32>(&None, &Some((i32::MAX, true))), Ordering::Greater);
    }
}
