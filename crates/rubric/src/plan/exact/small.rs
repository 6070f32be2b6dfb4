//! Exact numbers that fit in 64 bits, without 128-bit division or a gcd: a decimal of at most 18
//! places made into a fraction in lowest terms by counting the 2s and 5s it shares with its power
//! of ten, and a fraction whose denominator is `2^a · 5^b` made back into its digits. The same
//! values as the general paths of `exact.rs` (tested against them below), found faster: every
//! row's score and every number of an explanation passes here.

use super::Q;

/// 5^k for `k ≤ 18`.
const POW5: [u64; 19] = [
    1,
    5,
    25,
    125,
    625,
    3125,
    15625,
    78125,
    390625,
    1953125,
    9765625,
    48828125,
    244140625,
    1220703125,
    6103515625,
    30517578125,
    152587890625,
    762939453125,
    3814697265625,
];

/// The most places handled here: 10^18 fits in 64 bits.
const MOST: u32 = 18;

/// 5^k (`k ≤ 18`).
#[inline]
fn pow5(k: u32) -> u64 {
    POW5.get(k as usize).copied().unwrap_or(u64::MAX)
}

impl Q {
    /// `m × 10^-s` in lowest terms, when `s ≤ 18` (else `None`, for the general path): the
    /// common factor of `m` and `10^s` is `2^min(twos, s) · 5^min(fives, s)`, so it is divided
    /// out without a gcd. What `Q::dec` of the decimal gives.
    #[inline]
    pub(crate) fn scaled(m: i64, s: u32) -> Option<Q> {
        if m == 0 || s == 0 {
            return Some(Q { n: i128::from(m), d: 1 });
        }
        if s > MOST {
            return None;
        }
        let a = m.unsigned_abs();
        let twos = a.trailing_zeros().min(s);
        let mut a = a >> twos;
        let mut fives = 0;
        while fives < s && a % 5 == 0 {
            a /= 5;
            fives += 1;
        }
        // 2^(s − twos) · 5^(s − fives) divides 10^s ≤ 10^18: no overflow.
        let d = (1u64 << (s - twos)) * pow5(s - fives);
        let n = if m < 0 { -i128::from(a) } else { i128::from(a) };
        Some(Q { n, d: i128::from(d) })
    }

    /// `(m, places)`: the value is `m` × 10^−`places`, `m` without trailing zeros (lowest terms),
    /// for a finite decimal of at most 18 places whose `m` fits in 64 bits (writing's fast path).
    /// The places are read off the denominator (`2^a · 5^b` needs `max(a, b)`), not searched.
    #[inline]
    pub(crate) fn small_decimal(self) -> Option<(i64, u32)> {
        let (n, d) = (i64::try_from(self.n).ok()?, u64::try_from(self.d).ok()?);
        if d == 1 {
            return Some((n, 0));
        }
        let twos = d.trailing_zeros();
        let (mut r, mut fives) = (d >> twos, 0u32);
        while r % 5 == 0 && fives <= MOST {
            r /= 5;
            fives += 1;
        }
        let places = twos.max(fives);
        if r != 1 || places > MOST {
            return None;
        }
        // 10^places / d, at most 10^18.
        let times = (1u64 << (places - twos)).checked_mul(pow5(places - fives))?;
        Some((n.checked_mul(i64::try_from(times).ok()?)?, places))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::super::pow10;
    use super::*;
    use rust_decimal::Decimal;

    /// `Q::dec` as it was: the gcd of the mantissa and the power of ten.
    fn by_gcd(m: i128, s: u32) -> Q {
        if s == 0 || m == 0 {
            return Q { n: m, d: 1 };
        }
        let d = pow10(s);
        let g = super::super::gcd(m.unsigned_abs(), d.unsigned_abs()) as i128;
        Q { n: m / g, d: d / g }
    }

    /// `small_decimal` as it was: the places searched one by one.
    fn by_search(q: Q) -> Option<(i64, u32)> {
        let (n, d, mut p, mut places) = (i64::try_from(q.n).ok()?, u64::try_from(q.d).ok()?, 1u64, 0u32);
        while p % d != 0 && places < 18 {
            (p, places) = (p * 10, places + 1);
        }
        if p % d != 0 {
            return None;
        }
        Some((n.checked_mul(i64::try_from(p / d).ok()?)?, places))
    }

    fn mantissas() -> Vec<i64> {
        let mut ms = vec![0, 1, -1, 2, 5, 10, 25, 100, 125, 1000, 1024, 3125, 390625, 999_999, 1_000_000];
        ms.extend([i64::MAX, i64::MIN, i64::MIN + 1, 1 << 62, 5i64.pow(27), 10i64.pow(18), -(10i64.pow(18))]);
        ms.extend([7, 13, 64, 80, 12_500, 2_000_000_000, 123_456_789_012_345_678]);
        let neg: Vec<i64> = ms.iter().filter_map(|m| m.checked_neg()).collect();
        ms.extend(neg);
        ms
    }

    #[test]
    fn decimals_of_64_bits_are_the_fractions_the_gcd_gives() {
        for m in mantissas() {
            for s in 0..=28 {
                let q = Q::dec(Decimal::from_i128_with_scale(i128::from(m), s));
                assert_eq!(q, by_gcd(i128::from(m), s), "{m}e-{s}");
                if let Some(x) = Q::scaled(m, s) {
                    assert_eq!(x, q, "{m}e-{s}");
                }
            }
        }
        assert_eq!(Q::scaled(5, 19), None);
    }

    #[test]
    fn digits_read_off_the_denominator_are_those_searched() {
        let mut qs = Vec::new();
        for m in mantissas() {
            for s in 0..=28 {
                qs.push(by_gcd(i128::from(m), s));
            }
        }
        for (n, d) in [(1, 3), (2, 7), (-1, 6), (1, 1 << 60), (3, 5i128.pow(19)), (1, 5i128.pow(18)), (7, 1 << 18)] {
            qs.push(Q { n, d });
        }
        qs.push(Q { n: 1 << 70, d: 1 });
        qs.push(Q { n: 1, d: 1 << 70 });
        for q in qs {
            assert_eq!(q.small_decimal(), by_search(q), "{q:?}");
            if let Some((m, places)) = q.small_decimal() {
                assert_eq!(Decimal::new(m, places), q.to_dec(), "{q:?}");
            }
        }
    }
}
