//! A list fact from a second table (`事故台账.csv`): a unit column (`单位`), then one column per
//! field of the list, one row per record, as offices keep a 台账. It is read by the rules of the
//! facts table ([`crate::facts::csv`]: encodings, notes columns, note rows, trimmed cells), except
//! that a unit has as many rows as it has records. Each row is added to its unit's list
//! ([`UnitFacts::push_record`]); a unit with no rows has an empty list, since a 台账 lists only
//! events; a row for a unit not in the facts is an error naming it.

use crate::facts::records::check_count;
use crate::facts::{BadFact, FactsError, FactsLimits, Raw, UnitFacts, column_letters};
use miette::Diagnostic;
use thiserror::Error;

/// A row of a list's table that cannot be read: for a unit the facts do not have, or with a value
/// its field cannot read. It names the list, the row and column (as a spreadsheet shows them) and
/// the unit.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("the table of list `{list}`, row {row}, column {}: {}", column_letters(*.column), self.said().0)]
#[diagnostic(code("rubric::facts-list"), help("{}", self.said().2))]
pub struct ListRowError {
    /// The list fact.
    pub list: String,
    /// The row, 1-based, the header being row 1.
    pub row: usize,
    /// The column, 1-based.
    pub column: usize,
    /// The unit of the row.
    pub unit: String,
    /// What is wrong.
    pub what: ListRowProblem,
}

/// What is wrong with a row of a list's table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListRowProblem {
    /// The unit (for the period) is not in the facts.
    NotAUnit {
        /// The row's period, in a rubric with periods.
        period: Option<String>,
        /// The unit of the facts closest to it.
        near: Option<String>,
    },
    /// A field's value cannot be read, a field is missing, or a column is no field.
    Field(BadFact),
}

impl ListRowError {
    /// Message (English, Chinese) and help (English, Chinese): one place says both.
    fn said(&self) -> (String, String, String, String) {
        let unit = rubric_syntax::clean(&self.unit);
        let list = rubric_syntax::clean(&self.list);
        match &self.what {
            ListRowProblem::NotAUnit { period, near } => {
                let p = period.as_deref().map(rubric_syntax::clean);
                let (en_p, zh_p) =
                    p.map(|p| (format!(" for period `{p}`"), format!("（考核期 `{p}`）"))).unwrap_or_default();
                let n = near.as_deref().map(rubric_syntax::clean);
                let (en_n, zh_n) =
                    n.map(|n| (format!(" (did you mean `{n}`?)"), format!("（是不是 `{n}`？）"))).unwrap_or_default();
                (
                    format!("unit `{unit}`{en_p} is not in the facts file{en_n}"),
                    format!("单位 `{unit}`{zh_p} 不在事实文件中{zh_n}"),
                    "every row of a list's table is a record of a unit of the facts file: correct the unit's name, or add the unit to the facts file".into(),
                    "台账的每一行是事实文件中某个单位的一条记录：请改正单位名称，或在事实文件中加上该单位".into(),
                )
            }
            ListRowProblem::Field(bad) => {
                let (en, zh) = match bad {
                    BadFact::InRecord { field, why, .. } => {
                        let (en, zh) = why.both();
                        let f = rubric_syntax::clean(field);
                        (format!("unit `{unit}`, field `{f}`: {en}"), format!("单位 `{unit}` 的字段 `{f}`：{zh}"))
                    }
                    BadFact::MissingField { field, .. } => {
                        let f = rubric_syntax::clean(field);
                        (format!("the table has no column for field `{f}`"), format!("台账缺少字段 `{f}` 这一列"))
                    }
                    BadFact::UnknownField { field, near, .. } => {
                        let f = rubric_syntax::clean(field);
                        let n = near.as_deref().map(rubric_syntax::clean);
                        let (en_n, zh_n) = n
                            .map(|n| (format!(" (did you mean `{n}`?)"), format!("（是不是 `{n}`？）")))
                            .unwrap_or_default();
                        (
                            format!("column `{f}` is not a field of `{list}`{en_n}"),
                            format!("`{f}` 这一列不是 `{list}` 的字段{zh_n}"),
                        )
                    }
                    other => {
                        let (en, zh) = other.both();
                        (format!("unit `{unit}`: {en}"), format!("单位 `{unit}`：{zh}"))
                    }
                };
                (
                    en,
                    zh,
                    format!(
                        "a list's table has a unit column `单位`, then one column per field of `{list}`, one row per record"
                    ),
                    format!("台账先是单位列 `单位`，再是 `{list}` 的每个字段一列，每条记录一行"),
                )
            }
        }
    }

    /// Message and help in Chinese ([`crate::render::Render::facts_error`]).
    pub fn zh(&self) -> (String, String) {
        let (_, zh, _, help) = self.said();
        (
            format!(
                "`{}` 的台账第 {} 行第 {} 列：{zh}",
                rubric_syntax::clean(&self.list),
                self.row,
                column_letters(self.column)
            ),
            help,
        )
    }
}

/// Reads the table of list `list` from `bytes` into `units`, the units of the facts file: every
/// unit gets the list (empty when it has no rows). Returns the table's notes (its encoding, its
/// notes columns), to show once.
///
/// ```
/// let mut units = vec![rubric::UnitFacts::new("乌审旗"), rubric::UnitFacts::new("杭锦旗")];
/// let table = "单位,等级,发生日期\n乌审旗,一般,2024-03-01\n乌审旗,较大,2024-05-02\n";
/// rubric::facts::list_table::read_list(table.as_bytes(), "事故", &mut units, &Default::default())?;
/// assert_eq!(units[0].values[0].1.to_string(), "a list of 2 records");
/// assert_eq!(units[1].values[0].1.to_string(), "a list of 0 records");
/// # Ok::<(), rubric::FactsError>(())
/// ```
pub fn read_list(
    bytes: &[u8],
    list: &str,
    units: &mut [UnitFacts],
    limits: &FactsLimits,
) -> Result<Vec<crate::facts::words::Words>, FactsError> {
    read_list_checked(bytes, list, units, limits, |_| Vec::new())
}

/// [`read_list`], each record checked by `check` as its row is read (with
/// [`crate::plan::FactRef::record_problems`] of the list): the first problem is an error naming
/// its row and column.
pub fn read_list_checked(
    bytes: &[u8],
    list: &str,
    units: &mut [UnitFacts],
    limits: &FactsLimits,
    check: impl Fn(&crate::facts::records::RawRecord) -> Vec<BadFact>,
) -> Result<Vec<crate::facts::words::Words>, FactsError> {
    limits.check_size(bytes.len())?;
    let mut table = crate::facts::csv::read_with(bytes, limits).records();
    join_rows(&mut table, list, units, limits, check)?;
    Ok(table.notes())
}

/// Adds the rows of a list's table, read by any reader (a CSV table, a workbook's sheet named
/// after the list), to `units`, the units of the facts file: every unit gets the list (empty when
/// it has no rows); a row for a unit not in the facts, or whose record `check` finds a problem
/// with, is an error naming its row and column.
pub fn join_rows(
    rows: impl IntoIterator<Item = Result<UnitFacts, FactsError>>,
    list: &str,
    units: &mut [UnitFacts],
    limits: &FactsLimits,
    check: impl Fn(&crate::facts::records::RawRecord) -> Vec<BadFact>,
) -> Result<(), FactsError> {
    for unit in units.iter_mut() {
        give_list(unit, list);
    }
    for row in rows {
        let mut row = row?;
        let at = without_notes(&mut row);
        let Some(unit) = units.iter_mut().find(|u| u.unit.trim() == row.unit && u.period == row.period) else {
            return Err(stray(list, &row, at, units));
        };
        if let Some(bad) = check(&row.values).into_iter().next() {
            return Err(bad_field(list, &row, at, bad));
        }
        unit.push_record(list, row.values);
        let n = unit.values.iter().find_map(|(name, raw)| match raw {
            Raw::Records(rs) if name == list => Some(rs.len()),
            _ => None,
        });
        check_count(n.unwrap_or_default(), list, &row.unit, limits)?;
    }
    Ok(())
}

/// Gives `unit` the list, empty, unless it has it: a blank cell of the list's column in the
/// units' table (as `rulecheck template` writes it) gives no value, the list is this table's.
pub(crate) fn give_list(unit: &mut UnitFacts, list: &str) {
    for (name, raw) in &mut unit.values {
        if name == list && matches!(raw, Raw::Null) {
            *raw = Raw::Records(Vec::new());
        }
    }
    if !unit.values.iter().any(|(name, _)| name == list) {
        unit.values.push((list.to_string(), Raw::Records(Vec::new())));
        if !unit.places.is_empty() {
            unit.places.push(None);
        }
    }
}

/// Leaves out a row's notes columns (`备注`), which are not read, as in the units' table; the
/// row's number in the table.
pub(crate) fn without_notes(row: &mut UnitFacts) -> usize {
    let keep: Vec<bool> = row.values.iter().map(|(name, _)| !crate::facts::text::is_note_column(name)).collect();
    let mut k = keep.iter();
    row.values.retain(|_| k.next().copied().unwrap_or(true));
    let mut k = keep.iter();
    row.places.retain(|_| k.next().copied().unwrap_or(true));
    row.places.iter().flatten().next().map_or(0, |p| p.row)
}

/// A row for a unit (or a unit's period) that the facts do not have.
pub(crate) fn stray(list: &str, row: &UnitFacts, at: usize, units: &[UnitFacts]) -> FactsError {
    let near = crate::diag::closest(&row.unit, units.iter().map(|u| u.unit.trim()), 0.5).map(str::to_string);
    FactsError::ListRow(Box::new(ListRowError {
        list: list.to_string(),
        row: at,
        column: 1,
        unit: row.unit.clone(),
        what: ListRowProblem::NotAUnit { period: row.period.clone(), near },
    }))
}

/// A row whose field cannot be read, at the field's column (the unit's column when the field
/// has none: a field missing from the header).
pub(crate) fn bad_field(list: &str, row: &UnitFacts, at: usize, bad: BadFact) -> FactsError {
    let field = match &bad {
        BadFact::InRecord { field, .. } | BadFact::MissingField { field, .. } | BadFact::UnknownField { field, .. } => {
            Some(field.as_str())
        }
        _ => None,
    };
    let place = row.values.iter().zip(&row.places).find(|((name, _), _)| Some(name.as_str()) == field);
    let column = place.and_then(|(_, p)| p.as_ref()).and_then(|p| p.column).unwrap_or(1);
    FactsError::ListRow(Box::new(ListRowError {
        list: list.to_string(),
        row: at,
        column,
        unit: row.unit.clone(),
        what: ListRowProblem::Field(bad),
    }))
}
