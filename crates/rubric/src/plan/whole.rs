//! `floor`, `ceil`, `round` and `pow` of exact numbers, as every evaluator and what-if compute
//! them (docs/language.md, "Whole units"): exact, and an error rather than a wrong number.

use crate::plan::exact::{Inexact, Q, X};
use rubric_syntax::ast::{Func, RoundMode};

/// Rounds a decimal to `places` decimal places in the given mode.
pub fn round(v: rust_decimal::Decimal, places: u32, mode: RoundMode) -> rust_decimal::Decimal {
    use rust_decimal::RoundingStrategy;
    let strategy = match mode {
        RoundMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundMode::Down => RoundingStrategy::ToZero,
        RoundMode::Up => RoundingStrategy::AwayFromZero,
    };
    v.round_dp_with_strategy(places, strategy)
}

/// The most decimal places a decimal has.
const MAX_SCALE: u32 = 28;

impl Q {
    /// Rounds to `places` decimal places towards minus infinity (`floor`).
    pub(crate) fn floor(self, places: u32) -> X {
        self.round(places, if self.is_negative() { RoundMode::Up } else { RoundMode::Down })
    }

    /// Rounds to `places` decimal places towards plus infinity (`ceil`).
    pub(crate) fn ceil(self, places: u32) -> X {
        self.round(places, if self.is_negative() { RoundMode::Down } else { RoundMode::Up })
    }

    /// `self` to the power `e`, which must be whole (a power that is not is a [`Inexact::Precision`]
    /// error, as no decimal holds `2^0.5`); a negative power divides, and zero to a negative
    /// power is an [`Inexact::Overflow`]. Each step is checked, so an overflow is an error.
    pub(crate) fn pow(self, e: Q) -> X {
        let n = e.integer().ok_or(Inexact::Precision)?;
        let mut base = if n < 0 { Q::int(1).div(self).ok_or(Inexact::Overflow)?? } else { self };
        let mut left = n.unsigned_abs();
        let mut acc = Q::int(1);
        while left > 0 {
            if left & 1 == 1 {
                acc = acc.mul(base)?;
            }
            left >>= 1;
            if left > 0 {
                base = base.mul(base)?;
            }
        }
        Ok(acc)
    }
}

/// `floor(x)`, `ceil(x)`, `round(x, places, mode)` and `pow(x, y)`: `y` is the power of `pow`,
/// else the decimal places the checker wrote (those of the percent for a percent, so at most
/// 14); `None` for any other function.
pub(crate) fn call(f: Func, x: Q, y: Q) -> Option<X> {
    let places =
        || y.integer().and_then(|p| u32::try_from(p).ok()).filter(|p| *p <= MAX_SCALE).ok_or(Inexact::Precision);
    Some(match f {
        Func::Floor => places().and_then(|p| x.floor(p)),
        Func::Ceil => places().and_then(|p| x.ceil(p)),
        Func::Round(mode) => places().and_then(|p| x.round(p, mode)),
        Func::Pow => x.pow(y),
        _ => return None,
    })
}
