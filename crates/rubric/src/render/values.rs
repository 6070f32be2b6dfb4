//! Why a fact's value cannot be read ([`BadFact`]) and why what-if derives no change for a fact
//! ([`Underived`]), in the renderer's language.

use super::renderer::Render;
use crate::analysis::whatif::Underived;
use crate::diag::Lang;
use crate::facts::BadFact;

impl Render<'_> {
    /// Why a fact's value cannot be read, in the renderer's language.
    ///
    /// ```
    /// use rubric::facts::BadFact;
    /// use rubric::render::{Lang, Render};
    ///
    /// let bad = BadFact::NotNumber { found: "\"很好\"".into() };
    /// assert_eq!(Render::new(Lang::Zh).bad_fact(&bad), "应为数字，实为 \"很好\"");
    /// assert_eq!(Render::new(Lang::En).bad_fact(&bad), "expected a number, found \"很好\"");
    /// ```
    pub fn bad_fact(&self, b: &BadFact) -> String {
        let (en, zh) = b.both();
        if self.lang() == Lang::Zh { zh } else { en }
    }

    /// Why what-if derives no change for a fact, in the renderer's language (JSON keeps the
    /// Chinese, `NotDerived::reason`).
    pub fn underived(&self, u: &Underived) -> String {
        let (en, zh) = u.both();
        if self.lang() == Lang::Zh { zh } else { en }
    }
}
