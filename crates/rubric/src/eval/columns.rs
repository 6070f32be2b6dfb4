//! A CSV facts table bound by column: its header resolved once against the rubric (each column
//! to its fact's slot, the unit's column, notes and undeclared columns set aside), then each row's
//! cells read straight into the slots a [`Bound`] unit holds, with no
//! [`UnitFacts`](crate::facts::UnitFacts) and no name looked up.
//!
//! This is a fast path, never a second set of rules: each cell is read as the table reader makes
//! it a value ([`crate::facts::csv::TableRows`]: trimmed, unguarded, a number kept as its text)
//! and bound by the one reader of a value ([`bind_value`], which [`Rubric::bind`] uses too). A
//! row with any problem at all (a bad or missing value, a cell with no heading, too few cells, an
//! error value for its unit) is [`Slow`]: the caller then reads the chunk as before, so that
//! every error is today's, with its unit, row and column. A table this path cannot promise to
//! bind as [`Rubric::bind`] does (a rubric in periods, a fact declared but without a column and
//! read by the rules, a fact in two columns) has no [`Columns`].
//!
//! ```
//! use rubric::columns::Columns;
//! use rubric::facts::csv_chunks::Chunks;
//!
//! let rules = r#"rubric "r" { fact 次数: count  fact 按时: bool
//!   item a "t" max 2 { award 1 when 次数 > 0  award 1 when 按时 } }"#;
//! let rubric = rubric::load("r.rubric", &rubric::MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
//! let rows: String = (0..400).map(|i| format!("单位{i},{},是,x\n", i % 3 + 1)).collect();
//! let text = format!("单位,次数,按时,备注\n{rows}");
//! let mut chunks = Chunks::new(text.as_bytes(), &Default::default(), 4096);
//! let (rows, _first) = chunks.start().unwrap();
//! let columns = Columns::new(&rubric, rows.names()).unwrap();
//! let chunk = chunks.next_chunk().unwrap().unwrap();
//! let units = columns.read(&rubric, &rows, &chunk).unwrap();
//! let bound = rubric.bind_row(units[0].clone(), &[], Vec::new(), &columns).unwrap();
//! assert_eq!(rubric.score(&bound)?.total().to_string(), "2");
//! # Ok::<(), rubric::EvalError>(())
//! ```

use crate::eval::bind::bind_value;
use crate::eval::fast::Form;
use crate::eval::{Bound, Rubric};
use crate::facts::csv::{cell_text, raw_with};
use crate::facts::csv_chunks::{Chunk, Rows, Slow};
use crate::facts::{Raw, is_error_value};
use crate::value::Value;
use rubric_syntax::ast::FactType;
use std::sync::Arc;

/// The records of one list, each record's values in the order of the list's fields.
pub use crate::eval::list_records::ListRecords;

/// What a column of the table is to the rubric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    /// A declared fact's column: its slot, the fast form of its cells, and whether its range
    /// (or a percent's 0%–100%) may refuse a value.
    Fact { slot: usize, form: Form, ranged: bool },
    /// A list fact's column, which its own table fills: its cells must be empty.
    List,
    /// A column without a heading: its cells must be empty.
    Blank,
    /// A notes column or one the rubric does not declare: set aside, never read.
    Aside,
}

/// A table's header resolved against a rubric, to read its chunks' rows by column.
#[derive(Debug)]
pub struct Columns {
    /// Each column after the unit's.
    cols: Vec<Col>,
    /// The list facts with a column in the table, by slot.
    list_columns: Vec<usize>,
    /// Every list fact of the rubric, by slot.
    lists: Vec<usize>,
    /// The rubric's facts, for the slots' size.
    facts: usize,
}

/// A unit's name read from a table, shared with the [`Bound`] unit made of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// One unit of a row read by column: its name and its facts by slot, its lists not yet given.
#[derive(Debug, Clone)]
pub struct ColumnRow {
    /// The unit's name, as the table reader reads it.
    pub unit: Name,
    slots: Arc<[Option<Value>]>,
}

impl Columns {
    /// The columns of a table headed `names` (the unit's column first) bound to `rubric`'s facts;
    /// none when binding by column could differ from [`Rubric::bind`]: the rubric has periods,
    /// the second column is a period, a fact is in two columns, or a fact the rules read (not a
    /// list, which its own table gives) has no column.
    pub fn new(rubric: &Rubric, names: &[String]) -> Option<Columns> {
        if rubric.has_periods() || names.get(1).is_some_and(|n| n == "考核期" || n.eq_ignore_ascii_case("period")) {
            return None;
        }
        let mut cols = Vec::with_capacity(names.len().saturating_sub(1));
        let mut given = vec![false; rubric.facts.len()];
        let mut list_columns = Vec::new();
        for name in names.iter().skip(1) {
            if name.is_empty() {
                cols.push(Col::Blank);
                continue;
            }
            let Some(slot) = rubric.facts.iter().position(|f| &f.name == name) else {
                cols.push(Col::Aside);
                continue;
            };
            let seen = given.get_mut(slot)?;
            if std::mem::replace(seen, true) {
                return None;
            }
            let def = rubric.facts.get(slot)?;
            if def.ty == FactType::List {
                list_columns.push(slot);
                cols.push(Col::List);
            } else {
                // As `out_of_range` reads it: only a range, or a percent's, refuses a value.
                let ranged = def.range.is_some() || def.ty == FactType::Percent;
                cols.push(Col::Fact { slot, form: Form::of(def), ranged });
            }
        }
        let unread = rubric.facts.iter().zip(&given).any(|(f, g)| f.used && !g && f.ty != FactType::List);
        if unread {
            return None;
        }
        let lists = rubric.facts.iter().enumerate().filter(|(_, f)| f.ty == FactType::List).map(|(s, _)| s).collect();
        Some(Columns { cols, list_columns, lists, facts: rubric.facts.len() })
    }

    /// The units of a chunk's rows (after the header), each cell bound to its slot; [`Slow`] at
    /// the first row with any problem, or that the table reader could read otherwise.
    pub fn read(&self, rubric: &Rubric, rows: &Rows, chunk: &Chunk) -> Result<Vec<ColumnRow>, Slow> {
        let mut out = Vec::new();
        let mut buf = String::new();
        // One slot buffer for the chunk's rows: each unit's slots are copied out of it once.
        let mut slots: Vec<Option<Value>> = Vec::with_capacity(self.facts);
        rows.records(chunk, |record, _row, _end| {
            if let Some(unit) = self.row(rubric, record, &mut slots, &mut buf)? {
                out.push(unit);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// One record's unit; none for a blank or note row (skipped as the table reader skips them).
    /// Its fields are read in one pass, in column order: a field in its column's fast form
    /// straight from its bytes (such a field is valid UTF-8 and has nothing to trim), any other
    /// checked as UTF-8 and read as [`Cells::get`] gives it, as before.
    fn row(
        &self,
        rubric: &Rubric,
        record: &csv::ByteRecord,
        slots: &mut Vec<Option<Value>>,
        buf: &mut String,
    ) -> Result<Option<ColumnRow>, Slow> {
        let Some(unit) = self.unit(record)? else { return Ok(None) };
        slots.clear();
        slots.resize(self.facts, None);
        let mut no_lists = Vec::new();
        // `unit` found the record as wide as the header: every column has its field.
        for (col, field) in self.cols.iter().zip(record.iter().skip(1)) {
            match *col {
                Col::Aside => {
                    std::str::from_utf8(field).map_err(|_| Slow)?;
                }
                Col::Blank | Col::List => {
                    if !field.is_empty() && !text(field)?.is_empty() {
                        return Err(Slow);
                    }
                }
                Col::Fact { slot, form, ranged } => {
                    let (v, text) = match form.read(field) {
                        Some(v) => (Some(v), ""),
                        None => {
                            let text = text(field)?;
                            (form.read(text.as_bytes()), text)
                        }
                    };
                    if let Some(v) = v {
                        if ranged {
                            let def = rubric.facts.get(slot).ok_or(Slow)?;
                            if crate::eval::bind::out_of_range(def, v).is_some() {
                                return Err(Slow);
                            }
                        }
                        *slots.get_mut(slot).ok_or(Slow)? = Some(v);
                        continue;
                    }
                    let def = rubric.facts.get(slot).ok_or(Slow)?;
                    let raw = raw_with(text, std::mem::take(buf));
                    let bad = bind_value(def, slot, &raw, true, def.used, slots, &mut no_lists);
                    if let Raw::Number(s) | Raw::Text(s) = raw {
                        *buf = s;
                    }
                    if !bad.is_empty() {
                        return Err(Slow);
                    }
                }
            }
        }
        Ok(Some(ColumnRow { unit: Name(Arc::from(unit)), slots: Arc::from(slots.as_slice()) }))
    }

    /// A record's unit, when it is as wide as the header; none for a blank or note row, and
    /// [`Slow`] for any other row [`Cells::of`] refuses (those rows are read by it).
    fn unit<'r>(&self, record: &'r csv::ByteRecord) -> Result<Option<&'r str>, Slow> {
        let unit = text(record.get(0).ok_or(Slow)?)?;
        if unit.starts_with('#') || unit.is_empty() || record.len() != self.cols.len() + 1 {
            return Ok(Cells::of(record, self.cols.len() + 1)?.map(|(_, unit)| unit));
        }
        Ok(Some(unit))
    }
}

/// A field's text as the table reader makes it ([`Cells::get`]): UTF-8, trimmed, unguarded.
fn text(field: &[u8]) -> Result<&str, Slow> {
    std::str::from_utf8(field).map(cell_text).map_err(|_| Slow)
}

/// The slots of a row, this unit's own (copied when the row was cloned), to give its lists.
fn own(slots: &mut Arc<[Option<Value>]>) -> Result<&mut [Option<Value>], Slow> {
    if Arc::get_mut(slots).is_none() {
        *slots = Arc::from(slots.as_ref());
    }
    Arc::get_mut(slots).ok_or(Slow)
}

impl Rubric {
    /// A unit read by column ([`Columns::read`]) bound with its lists' records: `lists` are the
    /// values its list tables gave it (as they give a [`UnitFacts`](crate::facts::UnitFacts),
    /// each list's name and its records). [`Slow`] where [`Rubric::bind`] of the same unit would not bind it: a record
    /// it refuses, a list given twice or not at all though the rules read it.
    /// `typed` are the records of the lists read by column ([`crate::eval::columns_lists`]), by
    /// the list's slot.
    pub fn bind_row(
        &self,
        row: ColumnRow,
        lists: &[(String, Raw)],
        typed: Vec<(usize, ListRecords)>,
        columns: &Columns,
    ) -> Result<Bound, Slow> {
        let ColumnRow { unit, slots: mut shared } = row;
        if columns.facts != self.facts.len() || shared.len() != self.facts.len() {
            return Err(Slow);
        }
        let slots = own(&mut shared)?;
        // The typed lists' records, then those of `lists` bound: in `typed`'s own vector.
        let mut records = typed;
        // A list is given when its records are (from `typed`) or in `named` (from `lists`):
        // those are the lists given, and none is given twice.
        let mut named: Vec<usize> = Vec::new();
        let given = |records: &[(usize, ListRecords)], named: &[usize], slot: usize| {
            named.contains(&slot) || records.iter().any(|(s, _)| *s == slot)
        };
        for i in 0..records.len() {
            let (before, rest) = records.split_at(i);
            let (slot, rs) = rest.first().ok_or(Slow)?;
            let def = self.facts.get(*slot).ok_or(Slow)?;
            if def.ty != FactType::List || given(before, &named, *slot) {
                return Err(Slow);
            }
            // As a list's records bind (`lists::bind`): its slot holds their number.
            *slots.get_mut(*slot).ok_or(Slow)? = Some(Value::Num(rust_decimal::Decimal::from(rs.len())));
        }
        for (name, raw) in lists {
            let slot = self.facts.iter().position(|f| &f.name == name).ok_or(Slow)?;
            let def = self.facts.get(slot).ok_or(Slow)?;
            if def.ty != FactType::List || given(&records, &named, slot) {
                return Err(Slow);
            }
            named.push(slot);
            let from_table = columns.list_columns.contains(&slot);
            if !bind_value(def, slot, raw, from_table, def.used, slots, &mut records).is_empty() {
                return Err(Slow);
            }
        }
        for &slot in &columns.lists {
            if given(&records, &named, slot) {
                continue;
            }
            let def = self.facts.get(slot).ok_or(Slow)?;
            if columns.list_columns.contains(&slot) {
                // An empty cell and no table: read as the table reader's empty value.
                if !bind_value(def, slot, &Raw::Null, true, def.used, slots, &mut records).is_empty() {
                    return Err(Slow);
                }
            } else if def.used {
                return Err(Slow);
            }
        }
        // In the order binding by name gives them: the lists' columns first, then the tables'.
        records.sort_by_key(|(slot, _)| columns.list_columns.iter().position(|s| s == slot).unwrap_or(usize::MAX));
        Ok(Bound { unit: unit.0, facts: shared, rubric: self.stamp(), lists: records.into(), missing: None })
    }
}

/// A record's cells as the table reader makes their text, the record checked as UTF-8 once (a
/// cell not on a character's boundary is [`Slow`]). Shared by the units' and the lists' tables.
#[derive(Clone, Copy)]
pub(crate) struct Cells<'r> {
    record: &'r csv::ByteRecord,
    whole: &'r str,
}

impl<'r> Cells<'r> {
    /// A record's cells and its unit (the first cell), when it is `width` cells wide; none for a
    /// blank or note row (skipped as the table reader skips them); [`Slow`] for a row with cells
    /// but no unit, an error value as its unit, or another width.
    pub(crate) fn of(record: &'r csv::ByteRecord, width: usize) -> Result<Option<(Cells<'r>, &'r str)>, Slow> {
        let whole = std::str::from_utf8(record.as_slice()).map_err(|_| Slow)?;
        let cells = Cells { record, whole };
        let unit = cells.get(0)?;
        // Every error value starts with `#` (as the cell is trimmed): a note row otherwise.
        if unit.starts_with('#') {
            return if is_error_value(unit) { Err(Slow) } else { Ok(None) };
        }
        if unit.is_empty() {
            // A blank row is skipped; a row with cells but no unit is an error.
            for i in 1..record.len() {
                if !cells.get(i)?.is_empty() {
                    return Err(Slow);
                }
            }
            return Ok(None);
        }
        if record.len() != width {
            return Err(Slow);
        }
        Ok(Some((cells, unit)))
    }

    /// The cell at `i`.
    pub(crate) fn get(self, i: usize) -> Result<&'r str, Slow> {
        self.record.range(i).and_then(|r| self.whole.get(r)).map(cell_text).ok_or(Slow)
    }
}
