//! A unit's place among the units scored with it.

use rust_decimal::Decimal;

/// A unit's place: `第3名 / 12个单位`. Equal totals share a place and the next one skips
/// (1, 2, 2, 4), as `rulecheck rank` ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    /// The place, from 1.
    pub place: usize,
    /// How many units were ranked.
    pub of: usize,
}

impl Rank {
    /// The place of `total` among `totals` (which hold it): one more than the totals above it.
    pub fn among(totals: &[Decimal], total: Decimal) -> Rank {
        Rank { place: 1 + totals.iter().filter(|t| **t > total).count(), of: totals.len() }
    }
}

#[cfg(test)]
mod tests {
    use super::Rank;
    use rust_decimal::Decimal;

    #[test]
    fn ties_share_a_place_and_the_next_skips() {
        let totals: Vec<Decimal> = [90, 85, 85, 70].into_iter().map(Decimal::from).collect();
        let places: Vec<usize> = totals.iter().map(|t| Rank::among(&totals, *t).place).collect();
        assert_eq!(places, [1, 2, 2, 4]);
        assert_eq!(Rank::among(&totals, Decimal::from(70)).of, 4);
    }
}
