//! The rubric back as the document's table in a workbook (原文对照, `rulecheck show --format
//! xlsx`): a title row, a frozen header row repeated on every printed page, section rows merged
//! across the columns they leave empty, wrapped text, set column widths, A4 landscape.

use crate::write::{WriteError, col, row, safe};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

/// What a row of the table is, for its format and merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Level {
    /// A section: bold, shaded; its title merged over the empty cells after it.
    Section,
    /// A group: shaded.
    Group,
    /// A scoring row.
    Item,
    /// The total: bold.
    Total,
}

/// One row of the table: its level and its cells as text, in the order of the headings.
#[derive(Debug, Clone)]
pub struct ShowLine {
    /// What the row is.
    pub level: Level,
    /// The cells, one per heading.
    pub cells: Vec<String>,
}

/// Column widths in characters of `0`: 序号, 评分任务/内容, 原文, 规则, 分值, then the
/// document's columns.
const WIDTHS: [f64; 9] = [9.0, 22.0, 48.0, 48.0, 9.0, 12.0, 10.0, 12.0, 10.0];

/// A4 in Excel's paper sizes.
const A4: u8 = 9;

/// The workbook of one sheet named `sheet`: `title` above the `headings` and the rows.
///
/// # Errors
///
/// [`WriteError`] when the writer fails (a fault of the tool).
pub fn workbook(sheet_name: &str, title: &str, headings: &[&str], lines: &[ShowLine]) -> Result<Vec<u8>, WriteError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let head = cell.clone().set_bold().set_background_color("#F2F2F2").set_align(FormatAlign::Center);
    let section = cell.clone().set_bold().set_background_color("#E7EEF7");
    let group = cell.clone().set_background_color("#F7F9FC");
    let total = cell.clone().set_bold();
    let big = Format::new().set_bold().set_font_size(14);
    sheet.write_string_with_format(0, 0, safe(title), &big)?;
    let last = col(headings.len().saturating_sub(1));
    if last > 0 {
        sheet.merge_range(0, 0, 0, last, &safe(title), &big)?;
    }
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(1, col(c), safe(h), &head)?;
    }
    for (c, w) in WIDTHS.iter().enumerate().take(headings.len()) {
        sheet.set_column_width(col(c), *w)?;
    }
    for (i, line) in lines.iter().enumerate() {
        let r = row(i + 2);
        let f = match line.level {
            Level::Section => &section,
            Level::Group => &group,
            Level::Item => &cell,
            Level::Total => &total,
        };
        for (c, text) in line.cells.iter().enumerate() {
            sheet.write_string_with_format(r, col(c), safe(text), f)?;
        }
        // A section's or the total's title over the empty cells after it (原文, 规则).
        if matches!(line.level, Level::Section | Level::Total) {
            let empty = line.cells.iter().skip(2).take_while(|t| t.is_empty()).count();
            if empty > 0 {
                let text = line.cells.get(1).map(String::as_str).unwrap_or("");
                sheet.merge_range(r, 1, r, col(1 + empty), &safe(text), f)?;
            }
        }
    }
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_repeat_rows(1, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(book.save_to_buffer()?)
}
