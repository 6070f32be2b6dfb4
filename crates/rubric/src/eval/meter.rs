//! The step budget of an evaluation (`Meter`): a host may bound the work a unit takes.

use super::Fail;

/// Counts evaluation steps against an optional budget.
pub(crate) struct Meter {
    left: std::cell::Cell<u64>,
    pub(crate) limited: bool,
}

impl Meter {
    pub(crate) fn new(budget: Option<u64>) -> Self {
        Meter { left: std::cell::Cell::new(budget.unwrap_or(0)), limited: budget.is_some() }
    }

    #[inline(always)]
    pub(super) fn tick(&self) -> Result<(), Fail> {
        if !self.limited {
            return Ok(());
        }
        match self.left.get().checked_sub(1) {
            Some(n) => {
                self.left.set(n);
                Ok(())
            }
            None => Err(Fail::Budget),
        }
    }
}
