//! Budgets for reading a workbook, so that a hostile or mistaken file (a zip bomb, a sheet of a
//! million rows, a cell of 50 MB) is refused with a clear error before it fills memory.

use rubric::facts::FactsLimits;

/// Budgets for reading a workbook. The file itself is within `facts.max_bytes` (the host checks
/// its size before reading it, as for every facts file); the parts it unpacks to are checked in
/// the zip's directory before any is read, and the zip reader stops at each part's declared size,
/// so a part that claims less than it holds cannot unpack beyond it.
///
/// ```
/// let limits = rubric_xlsx::WorkbookLimits::from_facts(&Default::default());
/// assert_eq!(limits.max_unpacked_bytes, 8 * limits.facts.max_bytes as u64);
/// assert_eq!(limits.max_rows, 100_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkbookLimits {
    /// The budgets of every facts file: `max_bytes` for the workbook file, `max_row_bytes` for
    /// the text of one row of its facts sheet.
    pub facts: FactsLimits,
    /// Most bytes the workbook's parts (sheets, shared text, styles) unpack to, together.
    pub max_unpacked_bytes: u64,
    /// Most rows of the facts sheet, counting from row 1 to its last row.
    pub max_rows: usize,
}

impl WorkbookLimits {
    /// The budgets that go with a facts file's: eight times its size unpacked (an .xlsx packs its
    /// sheets some eight to twenty times), and 100,000 rows.
    pub fn from_facts(facts: &FactsLimits) -> Self {
        WorkbookLimits {
            facts: *facts,
            max_unpacked_bytes: (facts.max_bytes as u64).saturating_mul(8),
            max_rows: 100_000,
        }
    }
}

impl Default for WorkbookLimits {
    fn default() -> Self {
        WorkbookLimits::from_facts(&FactsLimits::default())
    }
}
