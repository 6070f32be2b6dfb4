//! Why a fact's value cannot be read ([`BadFact`]), in the renderer's language.

use super::renderer::Render;
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
}
