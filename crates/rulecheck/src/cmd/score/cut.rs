//! The list tables of `score`'s chunks: a table in step is cut in step with the units' chunks
//! ([`rubric::facts::list_cut`]), its rows read with the chunk's units on the pool (by column for
//! units bound by column); any other table is joined unit by unit as the stream joins it.

use crate::list_join::ListJoin;
use rubric::UnitFacts;
use rubric::columns::ColumnRow;
use rubric::columns_lists::ListColumns;
use rubric::facts::Raw;
use rubric::facts::csv_chunks::hash_of;
use rubric::facts::list_cut::{Cut, Slice};
use rubric::facts::list_step::Groups;
use std::io::BufReader;

/// A list table in step, cut in step with the chunks.
pub(crate) struct CutList {
    cut: Cut<BufReader<std::fs::File>>,
    /// Its header resolved to the list's fields, to read its rows by column.
    columns: Option<ListColumns>,
}

/// The list tables of a table read in chunks: for each, cut, or joined as the stream joins it.
pub(crate) struct Lists<'a> {
    pub(crate) joins: &'a mut Vec<ListJoin>,
    cuts: Vec<Option<CutList>>,
}

/// How a chunk's units were joined to the list tables.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Joined {
    /// Every unit given its records.
    Yes,
    /// A table has rows for a unit elsewhere, or its rows are not the units' own.
    Again,
    /// A table could not be read (reported).
    Failed,
}

/// The rows of a chunk's units cut from each table cut in step, by the table's index.
pub(crate) type Slices = Vec<(usize, Slice)>;

impl<'a> Lists<'a> {
    /// Each table in step of `joins` cut in step, when its file can be opened again.
    pub(crate) fn new(rubric: &rubric::Rubric, joins: &'a mut Vec<ListJoin>) -> Lists<'a> {
        let cuts = joins
            .iter()
            .map(|j| match j {
                ListJoin::Step(step, file) => {
                    let f = std::fs::File::open(file).ok()?;
                    let cut = Cut::new(BufReader::new(f), step.groups()).ok()?;
                    let columns = ListColumns::new(rubric, step.list(), step.groups());
                    Some(CutList { cut, columns })
                }
                ListJoin::Whole(..) => None,
            })
            .collect();
        Lists { joins, cuts }
    }

    /// Whether every table cut has its rows read by column: units may be bound by column.
    pub(crate) fn by_column(&self) -> bool {
        self.cuts.iter().flatten().all(|c| c.columns.is_some())
    }

    /// Whether a table is cut: the stream cannot go on from where the chunks stopped.
    pub(crate) fn any_cut(&self) -> bool {
        self.cuts.iter().any(Option::is_some)
    }

    fn groups(&self, i: usize) -> Option<&Groups> {
        match self.joins.get(i)? {
            ListJoin::Step(step, _) => Some(step.groups()),
            ListJoin::Whole(..) => None,
        }
    }

    /// Gives units read as facts their records, in order.
    pub(crate) fn join_facts(&mut self, ui: &crate::ui::Ui, units: &mut [UnitFacts]) -> Joined {
        for i in 0..self.joins.len() {
            if self.cuts.get(i).is_some_and(Option::is_some) {
                let keys: Vec<u64> = units.iter().map(|u| hash_of(u.unit.trim(), u.period.as_deref())).collect();
                let Some(slice) = self.slice(i, &keys, false) else { return Joined::Again };
                let (Some(groups), Some(ListJoin::Step(step, _))) = (self.groups(i), self.joins.get(i)) else {
                    return Joined::Again;
                };
                if slice.join(groups, step.list(), units).is_err() {
                    return Joined::Again;
                }
                continue;
            }
            let Some(one) = self.joins.get_mut(i..=i) else { return Joined::Failed };
            for u in units.iter_mut() {
                match crate::list_join::join(ui, one, u) {
                    Ok(()) => {}
                    Err(true) => return Joined::Again,
                    Err(false) => return Joined::Failed,
                }
            }
        }
        Joined::Yes
    }

    /// Gives units bound by column the values of the tables not cut (as they give facts), and
    /// cuts the rows of the tables cut, to read on the pool.
    pub(crate) fn join_columns(
        &mut self,
        ui: &crate::ui::Ui,
        rows: &mut [(ColumnRow, Vec<(String, Raw)>)],
    ) -> Result<Slices, Joined> {
        let mut slices = Vec::new();
        for i in 0..self.joins.len() {
            if self.cuts.get(i).is_some_and(Option::is_some) {
                let keys: Vec<u64> = rows.iter().map(|(r, _)| hash_of(r.unit.trim(), None)).collect();
                slices.push((i, self.slice(i, &keys, true).ok_or(Joined::Again)?));
                continue;
            }
            let one = self.joins.get_mut(i..=i).ok_or(Joined::Failed)?;
            for (r, given) in rows.iter_mut() {
                let mut u = UnitFacts::new(r.unit.as_str());
                match crate::list_join::join(ui, one, &mut u) {
                    Ok(()) => given.extend(u.values),
                    Err(true) => return Err(Joined::Again),
                    Err(false) => return Err(Joined::Failed),
                }
            }
        }
        Ok(slices)
    }

    /// The rows of the units `keys` cut from table `i`: for units read by column (`by_column`)
    /// without the rows' text where their values are packed.
    fn slice(&mut self, i: usize, keys: &[u64], by_column: bool) -> Option<Slice> {
        let groups = match self.joins.get(i)? {
            ListJoin::Step(step, _) => step.groups(),
            ListJoin::Whole(..) => return None,
        };
        let cut = &mut self.cuts.get_mut(i)?.as_mut()?.cut;
        if by_column { cut.slice_packed(groups, keys).ok() } else { cut.slice(groups, keys).ok() }
    }

    /// The records of a chunk's units bound by column from their rows cut from each table, by
    /// the list's slot; none when a row is not read by column.
    pub(crate) fn typed(
        &self,
        rubric: &rubric::Rubric,
        slices: &Slices,
        rows: &[(ColumnRow, Vec<(String, Raw)>)],
    ) -> Option<Vec<Vec<(usize, rubric::columns::ListRecords)>>> {
        let units: Vec<&str> = rows.iter().map(|(r, _)| r.unit.as_str()).collect();
        let mut out: Vec<Vec<(usize, rubric::columns::ListRecords)>> = vec![Vec::new(); rows.len()];
        for (i, slice) in slices {
            let columns = self.cuts.get(*i)?.as_ref()?.columns.as_ref()?;
            let records = columns.read(rubric, self.groups(*i)?, slice, &units).ok()?;
            for (o, r) in out.iter_mut().zip(records) {
                o.push((columns.slot(), r));
            }
        }
        Some(out)
    }

    /// Once every unit is read: the tables cut that gave all their rows are left out (the
    /// stream's check of rows left is for the others); a table with rows left is passed over
    /// the rows given, for that check to name the first row left. False (reported) when it
    /// cannot be read again.
    pub(crate) fn finish(&mut self, ui: &crate::ui::Ui) -> bool {
        let mut keep = Vec::with_capacity(self.joins.len());
        for (i, join) in self.joins.iter_mut().enumerate() {
            let cut = self.cuts.get(i).and_then(Option::as_ref);
            match (cut, join) {
                (Some(c), ListJoin::Step(step, file)) => {
                    if c.cut.done(step.groups()) {
                        keep.push(false);
                        continue;
                    }
                    if let Err(e) = step.pass(c.cut.given()) {
                        ui.error(&e);
                        crate::list_tables::while_reading(ui, step.list(), file);
                        return false;
                    }
                    keep.push(true);
                }
                _ => keep.push(true),
            }
        }
        let mut k = keep.into_iter();
        self.joins.retain(|_| k.next().unwrap_or(true));
        true
    }
}
