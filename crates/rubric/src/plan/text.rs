//! The wording of a derived value as written, kept for the rules said back in words
//! (`render/rules`: 原文对照).

/// A derived value as written.
#[derive(Debug, Clone, Default)]
pub struct LetText {
    /// The definition as written (`督办信访办结数 / 督办信访事项数`).
    pub expr: String,
    /// The `on zero` value as written (`100%`), if any.
    pub on_zero: Option<String>,
    /// The cells of a lookup table, when the value is one.
    pub table: Option<TableText>,
}

/// A lookup table as written: the kinds it is looked up by and its cells.
#[derive(Debug, Clone, Default)]
pub struct TableText {
    /// The kind facts, in the order of `by`.
    pub by: Vec<String>,
    /// Each cell: its names, one of each kind, and its value as written.
    pub cells: Vec<(Vec<String>, String)>,
}
