//! Generated units written as an .xlsx facts sheet, as an office keeps one: the CSV table
//! ([`crate::write::write_csv`]) written first beside it (its list tables stay there, as
//! `FILE.LIST.csv`, for `rulecheck --list LIST=FILE.LIST.csv`), then copied row by row into the
//! first sheet — its header and `#` rows and unit names as text, a number whose shortest
//! double reads back as the same text as a number, anything else as text — and the CSV deleted.
//! The sheet is written a row at a time (rust_xlsxwriter's low-memory mode: only the shared
//! texts are kept), so a million units take the memory of their distinct texts.

use rubric::{Rubric, UnitFacts};
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// Writes `units` as an .xlsx facts sheet to `path` (its list tables beside it); the number of
/// units written.
pub fn write_xlsx(rubric: &Rubric, units: impl Iterator<Item = UnitFacts>, path: &Path) -> Result<usize, String> {
    let csv_path = path.with_extension("csv");
    let n = crate::write::write_file(rubric, units, crate::write::Format::Csv, &csv_path)?;
    let said = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_low_memory().map_err(|e| said(&e))?;
    let mut table =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(&csv_path).map_err(|e| said(&e))?;
    for (r, record) in table.records().enumerate() {
        let record = record.map_err(|e| said(&e))?;
        let r = u32::try_from(r).map_err(|e| said(&e))?;
        let text_row = r < 3;
        for (c, cell) in record.iter().enumerate() {
            let (c, cell) = (u16::try_from(c).map_err(|e| said(&e))?, cell.trim_start_matches('\u{feff}'));
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(f) if !text_row && c > 0 && f.is_finite() && format!("{f}") == cell => {
                    sheet.write_number(r, c, f).map_err(|e| said(&e))?;
                }
                _ => {
                    sheet.write_string(r, c, cell).map_err(|e| said(&e))?;
                }
            }
        }
    }
    book.save(path).map_err(|e| said(&e))?;
    std::fs::remove_file(&csv_path).map_err(|e| format!("{}: {e}", csv_path.display()))?;
    Ok(n)
}
