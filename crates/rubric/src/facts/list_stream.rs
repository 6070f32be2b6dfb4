//! A list's table for a units' table that is streamed (`rulecheck score`): the list's table is
//! read whole first, its records grouped by unit (and period), and each unit streamed gets its
//! records as it is read ([`ByUnit::join`]), as [`crate::facts::list_table::read_list`] gives
//! them to the units of a whole file. A row for a unit the stream never gave is reported when the
//! stream ends ([`ByUnit::finish`]), with the error `read_list` gives it.

use crate::facts::list_table::{bad_field, give_list, stray, without_notes};
use crate::facts::records::{RawRecord, check_count};
use crate::facts::{BadFact, FactsError, FactsLimits, UnitFacts};
use std::collections::HashMap;

/// The records of one list's table, by unit, waiting for their units.
#[derive(Debug, Default)]
pub struct ByUnit {
    list: String,
    /// Each unit's (and period's) records, in the order of their first row.
    groups: Vec<Group>,
    index: HashMap<(String, Option<String>), usize>,
    /// The names of the units joined, for the did-you-mean of a row no unit claimed.
    seen: Vec<UnitFacts>,
    /// The groups no unit has claimed yet.
    waiting: usize,
}

#[derive(Debug)]
struct Group {
    /// The group's first row, as read (its unit, period and places), and its row number.
    first: UnitFacts,
    at: usize,
    records: Vec<RawRecord>,
    joined: bool,
}

/// Reads the table of list `list` from `bytes`, each record checked by `check` as its row is
/// read (the first problem is an error naming its row and column), grouped by unit. Returns the
/// table's notes too (its encoding, its notes columns), to show once.
///
/// ```
/// use rubric::facts::list_stream::read_by_unit;
/// let table = "单位,等级\n乌审旗,一般\n杭锦旗,较大\n乌审旗,较大\n";
/// let (mut lists, _) = read_by_unit(table.as_bytes(), "事故", &Default::default(), |_| Vec::new())?;
/// let mut unit = rubric::UnitFacts::new("乌审旗");
/// lists.join(&mut unit);
/// assert_eq!(unit.values[0].1.to_string(), "a list of 2 records");
/// // 杭锦旗's row was never claimed by a unit.
/// assert!(lists.finish().unwrap_err().to_string().contains("unit `杭锦旗` is not in the facts file"));
/// # Ok::<(), rubric::FactsError>(())
/// ```
pub fn read_by_unit(
    bytes: &[u8],
    list: &str,
    limits: &FactsLimits,
    check: impl Fn(&RawRecord) -> Vec<BadFact> + Sync,
) -> Result<(ByUnit, Vec<crate::facts::words::Words>), FactsError> {
    limits.check_size(bytes.len())?;
    if let Ok(read) = in_chunks(bytes, list, limits, &check) {
        return Ok(read);
    }
    let mut table = crate::facts::csv::read_with(bytes, limits).records();
    let mut by = ByUnit { list: list.to_string(), ..ByUnit::default() };
    for row in &mut table {
        let mut row = row?;
        let at = without_notes(&mut row);
        if let Some(bad) = check(&row.values).into_iter().next() {
            return Err(bad_field(list, &row, at, bad));
        }
        by.add(row, at, limits)?;
    }
    Ok((by, table.notes()))
}

/// [`read_by_unit`] with the table cut into chunks read and checked on the pool
/// ([`crate::facts::csv_chunks`]), grouped in order; `Slow` (the table is then read as one
/// stream, for its exact error) on anything the stream could read otherwise, or a row refused.
fn in_chunks(
    bytes: &[u8],
    list: &str,
    limits: &FactsLimits,
    check: &(impl Fn(&RawRecord) -> Vec<BadFact> + Sync),
) -> Result<(ByUnit, Vec<crate::facts::words::Words>), crate::facts::csv_chunks::Slow> {
    use crate::facts::csv_chunks::{Chunks, Slow};
    use rayon::prelude::*;
    let mut chunks = Chunks::new(bytes, limits, 1 << 20);
    let (rows, first) = chunks.start_records()?;
    let mut by = ByUnit { list: list.to_string(), ..ByUnit::default() };
    let read = |mut units: Vec<UnitFacts>| -> Result<Vec<(UnitFacts, usize)>, Slow> {
        let mut out = Vec::with_capacity(units.len());
        for mut row in units.drain(..) {
            let at = without_notes(&mut row);
            if !check(&row.values).is_empty() {
                return Err(Slow);
            }
            out.push((row, at));
        }
        Ok(out)
    };
    for (row, at) in read(first.into_iter().map(|(u, _)| u).collect())? {
        by.add(row, at, limits).map_err(|_| Slow)?;
    }
    loop {
        let mut wave = Vec::new();
        while wave.len() < 2 * rayon::current_num_threads() {
            match chunks.next_chunk()? {
                Some(c) => wave.push(c),
                None => break,
            }
        }
        if wave.is_empty() {
            return Ok((by, rows.notes()));
        }
        let done: Vec<Result<Vec<(UnitFacts, usize)>, Slow>> =
            wave.par_iter().map(|c| rows.units(c).and_then(&read)).collect();
        for rows in done {
            for (row, at) in rows? {
                by.add(row, at, limits).map_err(|_| Slow)?;
            }
        }
    }
}

impl ByUnit {
    /// Adds a row of the list's table (`at`: its row) to its unit's group.
    fn add(&mut self, row: UnitFacts, at: usize, limits: &FactsLimits) -> Result<(), FactsError> {
        let by = self;
        let key = (row.unit.clone(), row.period.clone());
        let i = match by.index.get(&key) {
            Some(&i) => i,
            None => {
                let first = UnitFacts { values: Vec::new(), ..row.clone() };
                by.groups.push(Group { first, at, records: Vec::new(), joined: false });
                by.waiting += 1;
                by.index.insert(key, by.groups.len() - 1);
                by.groups.len() - 1
            }
        };
        if let Some(g) = by.groups.get_mut(i) {
            g.records.push(row.values);
            check_count(g.records.len(), &by.list, &row.unit, limits)?;
        }
        Ok(())
    }
}

impl ByUnit {
    /// Gives `unit` its records (an empty list when the table has none for it).
    pub fn join(&mut self, unit: &mut UnitFacts) {
        give_list(unit, &self.list);
        let key = (unit.unit.trim().to_string(), unit.period.clone());
        if let Some(g) = self.index.get(&key).and_then(|&i| self.groups.get_mut(i))
            && !g.joined
        {
            g.joined = true;
            self.waiting = self.waiting.saturating_sub(1);
            for r in std::mem::take(&mut g.records) {
                unit.push_record(&self.list, r);
            }
        }
        if self.waiting > 0 {
            self.seen.push(UnitFacts { unit: unit.unit.clone(), period: unit.period.clone(), ..UnitFacts::default() });
        }
    }

    /// The error of the first row whose unit the stream did not give, if any.
    pub fn finish(&self) -> Result<(), FactsError> {
        match self.groups.iter().filter(|g| !g.joined).min_by_key(|g| g.at) {
            Some(g) => Err(stray(&self.list, &g.first, g.at, &self.seen)),
            None => Ok(()),
        }
    }
}
