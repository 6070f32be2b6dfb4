//! A list's table bound by column, in step with the units bound by column
//! ([`crate::eval::columns`]): its header resolved once to the list's fields, and each row of a
//! chunk's units ([`Slice`], cut in step on the reading thread) read straight into the records
//! the evaluator reads, on any thread.
//!
//! As for the units' table this is never a second set of rules: each cell is read as the table
//! reader makes it a value and by the one reader of a field ([`read_field`], which binding a
//! list by name uses), and rows are given to units as
//! [`crate::facts::list_step::InStep::join`] gives them. Anything else (a row with a problem, a
//! unit whose rows are not next, a header with a column that is not a field) is [`Slow`].

use crate::eval::Rubric;
use crate::eval::columns::Cells;
use crate::eval::lists::ListRecords;
use crate::facts::Raw;
use crate::facts::csv::raw_with;
use crate::facts::csv_chunks::{Chunk, Rows, Slow, hash_of};
use crate::facts::list_cut::Slice;
use crate::facts::list_step::Groups;
use crate::facts::packed::{Packer, Unpacker};
use crate::facts::text::is_note_column;
use crate::plan::lists::read_field;
use crate::value::Value;
use rubric_syntax::ast::FactType;

/// What a column of a list's table is.
#[derive(Debug, Clone, Copy)]
enum Col {
    /// A field, by its index in the list's fields.
    Field(usize),
    /// A notes column, not read.
    Aside,
    /// A column without a heading: its cells must be empty.
    Blank,
}

/// A list's table's header resolved against the list's fields.
#[derive(Debug)]
pub struct ListColumns {
    slot: usize,
    cols: Vec<Col>,
}

impl ListColumns {
    /// The columns of the table of list `list` (its first pass made `groups`); none when a row
    /// could be read otherwise by name: a column that is not a field or a note, a field in two
    /// columns or in none.
    pub fn new(rubric: &Rubric, list: &str, groups: &Groups) -> Option<ListColumns> {
        ListColumns::of_header(rubric, list, groups.header()?)
    }

    /// [`ListColumns::new`] of the table's header row `names` (the unit's column first).
    pub fn of_header(rubric: &Rubric, list: &str, names: &[String]) -> Option<ListColumns> {
        let slot = rubric.facts.iter().position(|f| f.name == list)?;
        let def = rubric.facts.get(slot).filter(|d| d.ty == FactType::List)?;
        let mut seen = vec![false; def.fields.len()];
        let mut cols = Vec::with_capacity(names.len().saturating_sub(1));
        for name in names.iter().skip(1) {
            if name.is_empty() {
                cols.push(Col::Blank);
            } else if is_note_column(name) {
                cols.push(Col::Aside);
            } else {
                let k = def.fields.iter().position(|f| &f.name == name)?;
                if std::mem::replace(seen.get_mut(k)?, true) {
                    return None;
                }
                cols.push(Col::Field(k));
            }
        }
        seen.iter().all(|s| *s).then_some(ListColumns { slot, cols })
    }

    /// The list's slot.
    pub fn slot(&self) -> usize {
        self.slot
    }

    /// The records of each of `units` (their names, in their order) from their rows in `slice`.
    pub fn read(
        &self,
        rubric: &Rubric,
        groups: &Groups,
        slice: &Slice,
        units: &[&str],
    ) -> Result<Vec<ListRecords>, Slow> {
        let def = rubric.facts.get(self.slot).ok_or(Slow)?;
        let width = def.fields.len();
        if let Some(bytes) = slice.packed() {
            return read_packed(width, groups, bytes, units);
        }
        // The runs of rows of one unit, and every row's values in one buffer.
        let mut runs: Vec<(String, usize)> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if let Some(chunk) = slice.chunk() {
            let header = groups.rows().ok_or(Slow)?;
            let mut buf = String::new();
            // The fields' values of a row as its columns give them, in the fields' order after.
            let mut row: Vec<Option<Value>> = vec![None; width];
            header.records(chunk, |record, _, _| {
                let put = |k: usize, v: Value| -> Result<(), Slow> {
                    *row.get_mut(k).ok_or(Slow)? = Some(v);
                    Ok(())
                };
                if let Some(unit) = self.row(def, record, &mut buf, put)? {
                    match runs.last_mut() {
                        Some((name, n)) if name == unit => *n += 1,
                        _ => runs.push((unit.to_string(), 1)),
                    }
                    for v in &mut row {
                        values.push(v.take().ok_or(Slow)?);
                    }
                }
                Ok(())
            })?;
        }
        give(groups, &runs, values, width, units)
    }

    /// The first pass's reading of a chunk of the table ([`crate::facts::list_step::ByColumn`]):
    /// each row's group key and where it ends, every record read as binding reads it.
    pub fn keys(&self, rubric: &Rubric, rows: &Rows, chunk: &Chunk) -> Result<(Vec<(u64, u64)>, Packer), Slow> {
        let def = rubric.facts.get(self.slot).ok_or(Slow)?;
        let mut out = Vec::new();
        let mut buf = String::new();
        // The last row's unit and its hash: a group's rows hash their unit once.
        let mut last: Option<(String, u64)> = None;
        let mut packer = Packer::default();
        let mut values: Vec<Option<Value>> = vec![None; def.fields.len()];
        let mut record: Vec<Value> = Vec::with_capacity(def.fields.len());
        rows.records(chunk, |row, _, end| {
            // Every value read and checked as the second pass reads it, and packed for it.
            let put = |k: usize, v: Value| -> Result<(), Slow> {
                *values.get_mut(k).ok_or(Slow)? = Some(v);
                Ok(())
            };
            if let Some(unit) = self.row(def, row, &mut buf, put)? {
                record.clear();
                for v in &mut values {
                    record.push(v.take().ok_or(Slow)?);
                }
                packer.row(unit, &record);
                let key = match &mut last {
                    Some((name, key)) if name == unit => *key,
                    _ => {
                        let key = hash_of(unit, None);
                        last = Some((unit.to_string(), key));
                        key
                    }
                };
                out.push((key, end));
            }
            Ok(())
        })?;
        Ok((out, packer))
    }

    /// One row's unit, each field's value handed to `put` with the field's index (every field
    /// has one column: [`ListColumns::of_header`]); none for a blank or note row.
    fn row<'r>(
        &self,
        def: &crate::plan::FactDef,
        record: &'r csv::ByteRecord,
        buf: &mut String,
        mut put: impl FnMut(usize, Value) -> Result<(), Slow>,
    ) -> Result<Option<&'r str>, Slow> {
        let Some((cells, unit)) = Cells::of(record, self.cols.len() + 1)? else { return Ok(None) };
        let cell = |i: usize| cells.get(i);
        for (i, col) in self.cols.iter().enumerate() {
            match *col {
                Col::Aside => {}
                Col::Blank => {
                    if !cell(i + 1)?.is_empty() {
                        return Err(Slow);
                    }
                }
                Col::Field(k) => {
                    let field = def.fields.get(k).ok_or(Slow)?;
                    let text = cell(i + 1)?;
                    if let Some(v) = crate::eval::fast::read(field, text) {
                        put(k, crate::plan::lists::in_range(field, v).map_err(|_| Slow)?)?;
                        continue;
                    }
                    let raw = raw_with(text, std::mem::take(buf));
                    let v = read_field(field, &raw).map_err(|_| Slow)?;
                    if let Raw::Number(s) | Raw::Text(s) = raw {
                        *buf = s;
                    }
                    put(k, v)?;
                }
            }
        }
        Ok(Some(unit))
    }
}

/// [`ListColumns::read`] of rows whose values the first pass packed: the same rows, each
/// record's values as the first pass read them (by [`ListColumns::keys`]), unpacked straight
/// into the chunk's buffer.
fn read_packed(width: usize, groups: &Groups, bytes: &[u8], units: &[&str]) -> Result<Vec<ListRecords>, Slow> {
    let mut runs: Vec<(&str, usize)> = Vec::new();
    // A value packs into 5 or 6 bytes (a month, a day), never fewer than 1.
    let mut values: Vec<Value> = Vec::with_capacity(bytes.len() / 5);
    let mut packed = Unpacker::new(bytes);
    while let Some(row) = packed.row_into(width, &mut values) {
        let unit = row.map_err(|_| Slow)?;
        match runs.last_mut() {
            Some((name, n)) if *name == unit => *n += 1,
            _ => runs.push((unit, 1)),
        }
    }
    give(groups, &runs, values, width, units)
}

/// Each of `units` given its records: the run of rows (`runs`: a unit and its number of rows,
/// whose `width` values each are in `values` one after another, in order) next in order if it
/// is its own, as [`crate::facts::list_step::InStep::join`] gives them; [`Slow`] for a unit
/// with rows elsewhere, or rows left over. The units' records share `values`.
fn give<N: AsRef<str>>(
    groups: &Groups,
    runs: &[(N, usize)],
    values: Vec<Value>,
    width: usize,
    units: &[&str],
) -> Result<Vec<ListRecords>, Slow> {
    let values = std::sync::Arc::new(values);
    let mut runs = runs.iter().peekable();
    let mut at = 0usize;
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        let name = unit.trim();
        // Runs are of different units one after the next: a unit's rows are one run.
        let rows = runs.next_if(|(n, _)| n.as_ref() == name).map_or(0, |(_, r)| *r);
        if rows == 0 && groups.has(hash_of(name, None)) {
            return Err(Slow);
        }
        out.push(ListRecords::of(values.clone(), at, rows, width).ok_or(Slow)?);
        at = rows.checked_mul(width).and_then(|n| n.checked_add(at)).ok_or(Slow)?;
    }
    // Every value given: a unit's rows and no more.
    if runs.next().is_some() || at != values.len() { Err(Slow) } else { Ok(out) }
}
