//! The importer's budgets: what a rubric document holds at most, so that any input is read in
//! bounded time and memory.

/// Budgets of one import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest text document read, in bytes.
    pub max_bytes: usize,
    /// Largest .docx file read, in bytes: its pictures (a seal, a logo) count, while only
    /// `word/document.xml` is unpacked, up to `max_xml_bytes`.
    pub max_docx_bytes: usize,
    /// Largest `word/document.xml` unpacked from a .docx, in bytes.
    pub max_xml_bytes: u64,
    /// Most rows over all tables.
    pub max_rows: usize,
    /// Most cells in a row.
    pub max_columns: usize,
    /// Longest text of one cell, in bytes.
    pub max_cell_bytes: usize,
}

/// The default budgets: far above any rubric document (the seeds are 15 KB of 60 rows).
pub const DEFAULT: Limits = Limits {
    max_bytes: 4 << 20,
    max_docx_bytes: 64 << 20,
    max_xml_bytes: 32 << 20,
    max_rows: 2_000,
    max_columns: 40,
    max_cell_bytes: 64 << 10,
};

impl Default for Limits {
    fn default() -> Self {
        DEFAULT
    }
}
