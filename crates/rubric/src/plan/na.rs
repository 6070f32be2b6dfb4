//! What a not-applicable node's points become (不适用, issues 16 and 17): full marks, left out
//! and its parent rescaled, or moved to a row of the same parent (计入).

/// What a not-applicable node's points become, and where that was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NaDef {
    /// Full marks, left out and its parent rescaled, or moved to another row.
    pub how: rubric_syntax::ast::NaHow,
    /// The label written with it.
    pub label: Option<String>,
    /// The node that states it (its index).
    pub stated_on: usize,
    /// `not_applicable => ID`: the id of the row of the same parent the points go to (计入).
    pub to: Option<String>,
    /// Where that id was written.
    pub to_at: Option<rubric_syntax::Span>,
}
