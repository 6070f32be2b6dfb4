//! Workbooks written for an office to open, fill in and print: a blank facts form
//! ([`template`]) and tables of results ([`workbook`] of [`Sheet`]s: a ranking, a sheet per unit).
//!
//! What every sheet written keeps:
//! - **Exact numbers.** A score is written as a number when it has at most 15 significant digits
//!   (Excel keeps 15, so the cell shows, sums and reads back as the same decimal), with a number
//!   format of exactly its decimals (`0.00` for 3.39); a longer one — a third of a point to 28
//!   places — is written as text, so that no digit is lost.
//! - **No text runs as a formula**: text starting with `=`, `+`, `-` or `@` gets a leading `'`
//!   ([`rubric::safe::spreadsheet_text`], as the CSV writers do), and hidden characters (controls,
//!   bidi controls) are written as visible escapes.
//! - **Frozen headers**, widths that fit Chinese (a CJK character counts two), long text wrapped.

use rubric::FactRef;
use rubric::Rubric;
use rubric_syntax::ast::FactType;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use thiserror::Error;
use unicode_width::UnicodeWidthStr;

/// A workbook could not be written.
#[derive(Debug, Error, miette::Diagnostic)]
#[error("the workbook cannot be written: {0}")]
#[diagnostic(code("rubric::xlsx-write"), help("this is a fault of the tool; please report it with the rule file"))]
pub struct WriteError(String);

impl From<XlsxError> for WriteError {
    fn from(e: XlsxError) -> Self {
        WriteError(e.to_string())
    }
}

/// One cell of a results sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written as text (made safe).
    Text(String),
    /// A number, written exactly (see the module's notes).
    Number(Decimal),
    /// Nothing.
    Blank,
}

/// One sheet of results: a header row (frozen), rows, and lines of text below the table (a
/// legend of section titles).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name, made valid for Excel (at most 31 characters, no `[]:*?/\`, unique).
    pub name: String,
    /// A line above the header (the rubric's title, the unit and its total), or none.
    pub title: Option<String>,
    /// The header row.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
    /// Lines below the table.
    pub notes: Vec<String>,
}

/// Most characters Excel holds in a cell.
const CELL_MAX: usize = 32_767;
/// Widest column, in characters of `0`; longer text wraps.
const WIDE: usize = 60;

/// Text as it is written into a cell: no formula, no hidden character, within Excel's limit.
pub(crate) fn safe(text: &str) -> String {
    let text = rubric_syntax::hidden::escape(&rubric::safe::spreadsheet_text(text)).into_owned();
    if text.chars().count() <= CELL_MAX {
        return text;
    }
    let mut cut: String = text.chars().take(CELL_MAX - 1).collect();
    cut.push('…');
    cut
}

/// A valid, unique sheet name for `wanted`.
fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String = rubric_syntax::hidden::escape(wanted)
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        format!("表{}", taken.len() + 1)
    } else {
        clean.chars().take(31).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        let suffix = format!("({n})");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.chars().count()).collect::<String>());
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// Significant digits of a decimal.
fn significant(d: Decimal) -> usize {
    let digits = d.normalize().abs().mantissa().to_string();
    digits.trim_end_matches('0').len().max(1)
}

/// Whether a decimal is written as a number: at most 15 significant digits.
pub fn as_number(d: Decimal) -> bool {
    significant(d) <= 15
}

/// The number format that shows exactly the decimals of `d`.
fn number_format(d: Decimal) -> String {
    match d.normalize().scale() {
        0 => "0".into(),
        n => format!("0.{}", "0".repeat(n as usize)),
    }
}

/// Widths of columns that fit their text (a CJK character counts two).
fn fit(widths: &mut Vec<usize>, col: usize, text: &str) {
    if widths.len() <= col {
        widths.resize(col + 1, 0);
    }
    let w = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    if let Some(x) = widths.get_mut(col) {
        *x = (*x).max(w);
    }
}

fn set_widths(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), (*w + 2).clamp(6, WIDE + 2) as f64)?;
    }
    Ok(())
}

pub(crate) fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

pub(crate) fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// Writes results as a workbook: one sheet each, in order.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, WriteError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#DDEBF7").set_border_bottom(FormatBorder::Thin);
    let title = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut taken = Vec::new();
    let mut formats: Vec<(String, Format)> = Vec::new();
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&s.name, &mut taken))?;
        let mut widths = Vec::new();
        let mut r = 0;
        if let Some(t) = &s.title {
            sheet.write_string_with_format(0, 0, safe(t), &title)?;
            r = 1;
        }
        for (c, h) in s.header.iter().enumerate() {
            sheet.write_string_with_format(row(r), col(c), safe(h), &head)?;
            fit(&mut widths, c, h);
        }
        sheet.set_freeze_panes(row(r + 1), 0)?;
        for cells in &s.rows {
            r += 1;
            for (c, cell) in cells.iter().enumerate() {
                match cell {
                    Cell::Blank => {}
                    Cell::Text(t) => {
                        let t = safe(t);
                        fit(&mut widths, c, &t);
                        if t.width() > WIDE {
                            sheet.write_string_with_format(row(r), col(c), t, &wrap)?;
                        } else {
                            sheet.write_string(row(r), col(c), t)?;
                        }
                    }
                    Cell::Number(d) if as_number(*d) => {
                        let code = number_format(*d);
                        let format = match formats.iter().find(|(k, _)| *k == code) {
                            Some((_, f)) => f.clone(),
                            None => {
                                let f = Format::new().set_num_format(&code);
                                formats.push((code, f.clone()));
                                f
                            }
                        };
                        let text = d.normalize().to_string();
                        fit(&mut widths, c, &text);
                        let value: f64 = text.parse().map_err(|_| WriteError(format!("`{text}` is not a number")))?;
                        sheet.write_number_with_format(row(r), col(c), value, &format)?;
                    }
                    Cell::Number(d) => {
                        let text = d.normalize().to_string();
                        fit(&mut widths, c, &text);
                        sheet.write_string(row(r), col(c), text)?;
                    }
                }
            }
        }
        r += 1;
        for n in &s.notes {
            r += 1;
            sheet.write_string(row(r), 0, safe(n))?;
        }
        set_widths(sheet, &widths)?;
    }
    if sheets.is_empty() {
        book.add_worksheet();
    }
    Ok(book.save_to_buffer()?)
}

/// The number format of a fact's column: what the clerk types is shown as the type reads it.
fn fact_format(ty: FactType) -> Format {
    match ty {
        FactType::Count => Format::new().set_num_format("0"),
        FactType::Percent => Format::new().set_num_format("0.0%"),
        FactType::Date => Format::new().set_num_format("yyyy-mm-dd"),
        FactType::Bool => Format::new().set_align(FormatAlign::Center),
        FactType::Kind | FactType::List => Format::new().set_num_format("@"),
        FactType::Number | FactType::Points => Format::new().set_num_format("General"),
    }
}

/// Rows of the form below its header that take drop-downs and formats: the units given, and
/// room for more.
const FORM_ROWS: usize = 1_000;

/// A blank facts form as a workbook: one sheet `事实` with a header row `单位 | FACT | …` (and
/// `period` for a rubric with periods), a `#类型` row with each fact's type and a `#说明` row
/// with its description (both notes, skipped when read), then one row per unit (and period);
/// and a sheet per list fact, named after it, headed `单位 | FIELD | …`, for its records, one row
/// a record (a 台账). Yes/no columns have a drop-down of `是`/`否`, kinds of their names; each
/// column is formatted for its type (a percent `0.0%`, a date `yyyy-mm-dd`, the unit column as
/// text); the three top rows and the unit column are frozen; widths fit the Chinese. Filled in,
/// it reads back with [`crate::read_workbook`].
pub fn template(rubric: &Rubric, units: &[String]) -> Result<Vec<u8>, WriteError> {
    // A list's column stays in the units' sheet, blank (as in the CSV form); its records go on
    // its own sheet.
    let facts = rubric::report::template::form_facts(rubric);
    let lists: Vec<&FactRef<'_>> = facts.iter().filter(|f| f.ty() == FactType::List).collect();
    let lead: usize = if rubric.has_periods() { 2 } else { 1 };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("事实")?;
    let mut header = vec!["单位".to_string()];
    if lead == 2 {
        header.push("period".into());
    }
    header.extend(facts.iter().map(|f| f.name().to_string()));
    let mut widths = form_head(sheet, &header, &facts, lead)?;
    let text = Format::new().set_num_format("@");
    let names: Vec<&str> = if units.is_empty() { vec![""] } else { units.iter().map(String::as_str).collect() };
    let mut r: u32 = 3;
    for unit in names {
        let periods: Vec<Option<&str>> =
            if rubric.has_periods() { rubric.periods().map(|p| Some(p.name())).collect() } else { vec![None] };
        for p in periods {
            sheet.write_string_with_format(r, 0, safe(unit), &text)?;
            fit(&mut widths, 0, unit);
            if let Some(p) = p {
                sheet.write_string_with_format(r, 1, safe(p), &text)?;
                fit(&mut widths, 1, p);
            }
            r += 1;
        }
    }
    form_columns(sheet, &facts, lead, (r as usize).max(3 + FORM_ROWS))?;
    set_widths(sheet, &widths)?;
    let mut taken = vec!["事实".to_string()];
    for list in lists {
        list_sheet(&mut book, list, units, &mut taken)?;
    }
    Ok(book.save_to_buffer()?)
}

/// A list's sheet of the form: `单位 | FIELD | …`, its types and descriptions, then room for
/// records, the unit column a drop-down of the units given (when they fit).
fn list_sheet(
    book: &mut Workbook,
    list: &FactRef<'_>,
    units: &[String],
    taken: &mut Vec<String>,
) -> Result<(), WriteError> {
    let fields: Vec<FactRef<'_>> = list.fields().collect();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(list.name(), taken))?;
    let header: Vec<String> =
        std::iter::once("单位".to_string()).chain(fields.iter().map(|f| f.name().to_string())).collect();
    let widths = form_head(sheet, &header, &fields, 1)?;
    form_columns(sheet, &fields, 1, 3 + FORM_ROWS)?;
    if !units.is_empty() && units.join(",").chars().count() <= 255 {
        let names: Vec<&str> = units.iter().map(String::as_str).collect();
        let choice = DataValidation::new().allow_list_strings(&names)?.set_error_message("请选择事实表中的单位。")?;
        sheet.add_data_validation(3, 0, row(3 + FORM_ROWS), 0, &choice)?;
    }
    set_widths(sheet, &widths)?;
    Ok(())
}

/// The three top rows of a form's sheet: the header, the `#类型` and `#说明` rows; the widths
/// they need.
fn form_head(
    sheet: &mut Worksheet,
    header: &[String],
    facts: &[FactRef<'_>],
    lead: usize,
) -> Result<Vec<usize>, WriteError> {
    let head = Format::new().set_bold().set_background_color("#DDEBF7").set_border_bottom(FormatBorder::Thin);
    let note = Format::new().set_font_color("#595959").set_text_wrap().set_align(FormatAlign::Top);
    let mut widths = Vec::new();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), safe(h), &head)?;
        fit(&mut widths, c, h);
    }
    sheet.write_string_with_format(1, 0, "#类型", &note)?;
    sheet.write_string_with_format(2, 0, "#说明", &note)?;
    for (i, f) in facts.iter().enumerate() {
        let c = col(lead + i);
        let ty = rubric::report::template::type_text(f);
        fit(&mut widths, lead + i, &ty);
        sheet.write_string_with_format(1, c, safe(&ty), &note)?;
        let desc = f.description().unwrap_or_default().to_string();
        // A description wraps within its column rather than widening it.
        fit(&mut widths, lead + i, &desc.chars().take(12).collect::<String>());
        sheet.write_string_with_format(2, c, safe(&desc), &note)?;
    }
    Ok(widths)
}

/// The formats and drop-downs of a form's columns, down to row `last`, and its frozen panes.
fn form_columns(sheet: &mut Worksheet, facts: &[FactRef<'_>], lead: usize, last: usize) -> Result<(), WriteError> {
    let text = Format::new().set_num_format("@");
    sheet.set_column_format(0, &text)?;
    if lead == 2 {
        sheet.set_column_format(1, &text)?;
    }
    for (i, f) in facts.iter().enumerate() {
        let c = col(lead + i);
        sheet.set_column_format(c, &fact_format(f.ty()))?;
        if f.ty() == FactType::Bool {
            let choice =
                DataValidation::new().allow_list_strings(&["是", "否"])?.set_error_message("请选择“是”或“否”。")?;
            sheet.add_data_validation(3, c, row(last), c, &choice)?;
        }
        // A kind's names as a drop-down, when they fit a list's 255 characters.
        if f.ty() == FactType::Kind && f.names().join(",").chars().count() <= 255 {
            let names: Vec<&str> = f.names().iter().map(String::as_str).collect();
            let choice = DataValidation::new()
                .allow_list_strings(&names)?
                .set_error_message(format!("请选择：{}。", f.names().join("/")))?;
            sheet.add_data_validation(3, c, row(last), c, &choice)?;
        }
    }
    sheet.set_freeze_panes(3, col(lead))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("排名", &mut taken), "排名");
        assert_eq!(sheet_name("乌审旗[1]/2", &mut taken), "乌审旗_1__2");
        assert_eq!(sheet_name("排名", &mut taken), "排名(2)");
        assert_eq!(sheet_name("'history'", &mut taken), "表4");
        assert_eq!(sheet_name(&"长".repeat(40), &mut taken).chars().count(), 31);
        assert_eq!(sheet_name("甲\u{202e}", &mut taken), "甲_u{202e}");
    }

    #[test]
    fn numbers_are_numbers_while_excel_keeps_every_digit() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert!(as_number(d("82.7")) && as_number(d("123456789012345")) && as_number(d("0.000000000000001")));
        assert!(!as_number(d("0.3333333333333333333333333333")) && !as_number(d("1234567890123456")));
        assert_eq!((number_format(d("3.390")), number_format(d("20"))), ("0.00".into(), "0".into()));
        assert_eq!(safe("=1+2"), "'=1+2");
        assert_eq!(safe("-2"), "-2");
    }
}
