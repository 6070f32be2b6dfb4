//! A unit's facts bound to a rubric's slots, checked against the rubric's declarations: every
//! problem at once, and table columns the rubric does not declare set aside.

use crate::eval::Rubric;
use crate::eval::lazy::Missing;
use crate::facts::error::{DuplicateFact, MissingFact, UnitFactsError, UnknownColumnError, UnknownFact};
use crate::facts::text::is_note_column;
use crate::facts::{BadFact, FactProblem, FactsError, Place, Raw, UnitFacts, column_letters};
use crate::plan::Plan;
use crate::value::Value;
use rubric_syntax::ast::FactType;
use std::collections::HashSet;

/// Binds a unit's facts to the rubric's slots, reporting every problem at once; with `needed`,
/// only the facts whose slot is marked must be given. A fact not given is no problem by itself
/// (its slot is empty): see [`bind_full`].
pub(crate) fn bind_needed(
    rubric: &Plan,
    unit: &UnitFacts,
    needed: Option<&[bool]>,
) -> Result<Vec<Option<Value>>, FactsError> {
    bind_full(rubric, unit, needed).map(|((slots, _), _)| slots)
}

/// [`bind_needed`], with the records of the unit's list facts (a list's slot holds its number
/// of records) and the facts the rules read that the unit does not give. Those are reported
/// with the other problems when there are any; alone, they are kept, and reading one is the
/// error listing them all (issue 16: a fact read only on a branch not taken need not be given).
pub(crate) fn bind_full(
    rubric: &Plan,
    unit: &UnitFacts,
    needed: Option<&[bool]>,
) -> Result<(super::lists::BoundFacts, Option<Missing>), FactsError> {
    let mut lists = Vec::new();
    let mut slots: Vec<Option<Value>> = vec![None; rubric.facts.len() + rubric.lets.len()];
    let mut problems = Vec::new();
    // Which slots were given, and the unknown names given (for duplicates): no quadratic search.
    let mut given = vec![false; rubric.facts.len()];
    let mut unknown: Vec<&str> = Vec::new();
    for (i, (name, raw)) in unit.values.iter().enumerate() {
        let at = || unit.places.get(i).cloned().flatten();
        // Facts usually come in the order declared (as `template` writes them): try that first.
        let found = match rubric.facts.get(i) {
            Some(f) if &f.name == name => Some((i, f)),
            _ => rubric.facts.iter().enumerate().find(|(_, f)| &f.name == name),
        };
        let repeated = match found {
            // `given` has a mark for every fact, and `s` is a fact's index.
            Some((s, _)) => given.get_mut(s).map(|g| std::mem::replace(g, true)).unwrap_or(false),
            None if unknown.contains(&name.as_str()) => true,
            None => {
                unknown.push(name);
                false
            }
        };
        if repeated {
            problems.push(FactProblem::Duplicate(DuplicateFact { fact: name.clone(), place: at() }));
            continue;
        }
        let Some((slot, def)) = found else {
            // A notes column of a table (`备注`) that the rubric does not declare is not a fact.
            if crate::facts::text::is_note_column(name)
                && unit.places.get(i).cloned().flatten().is_some_and(|p| p.column.is_some())
            {
                continue;
            }
            problems.push(unknown_fact(rubric, name, at()));
            continue;
        };
        let from_table = unit.places.get(i).cloned().flatten().is_some_and(|p| p.column.is_some());
        let must = needed.map_or(def.used, |m| m.get(slot).copied().unwrap_or(false));
        let bad = bind_value(def, slot, raw, from_table, must, &mut slots, &mut lists);
        problems.extend(bad.into_iter().map(|w| FactProblem::invalid(name.clone(), at(), w)));
    }
    let (missing, absent) = not_given(rubric, needed, &slots, &given);
    if problems.is_empty() {
        let missing = (!missing.is_empty()).then(|| Missing::new(&unit.unit, missing, absent));
        Ok(((slots, lists), missing))
    } else {
        problems.extend(absent.into_iter().map(FactProblem::Missing));
        Err(FactsError::Unit(UnitFactsError { unit: unit.unit.clone(), problems }))
    }
}

/// One value of a unit bound to fact `def`'s slot `slot` (`from_table`: read from a table's
/// cell; `must`: the fact must have a value): the value's problems, none when it is bound. The
/// one reading of a value, by name ([`bind_full`]) or by column (`eval::columns`).
pub(crate) fn bind_value(
    def: &crate::plan::FactDef,
    slot: usize,
    raw: &Raw,
    from_table: bool,
    must: bool,
    slots: &mut [Option<Value>],
    lists: &mut Vec<(usize, super::lists::ListRecords)>,
) -> Vec<BadFact> {
    if *raw == Raw::Null && crate::facts::na::na_word(raw, def.optional, from_table).is_some() {
        if let Some(s) = slots.get_mut(slot) {
            *s = Some(Value::NotApplicable);
        }
        return Vec::new();
    }
    if *raw == Raw::Null {
        return if must { vec![BadFact::NoValue] } else { Vec::new() };
    }
    if def.ty == FactType::List {
        return super::lists::bind(def, raw, slot, slots, lists);
    }
    // A value outside the fact's range (a percent outside 0%–100% unless declared) is refused.
    match def.read(raw) {
        Ok(v) => {
            if let Some(message) = out_of_range(def, v) {
                return vec![message];
            }
            if let Some(s) = slots.get_mut(slot) {
                *s = Some(v);
            }
            Vec::new()
        }
        Err(message) => vec![message],
    }
}

/// The facts needed (those the rules read, or those marked in `needed`) that the unit does not
/// give: their slots, and each as a missing fact naming what reads it.
fn not_given(
    rubric: &Plan,
    needed: Option<&[bool]>,
    slots: &[Option<Value>],
    given: &[bool],
) -> (Vec<usize>, Vec<MissingFact>) {
    let (mut missing, mut absent) = (Vec::new(), Vec::new());
    for (slot, def) in rubric.facts.iter().enumerate() {
        // A slot outside the mask is not needed: the fact is then not reported missing, and a rule
        // that reads it fails to score (an error, never a number).
        let must = match needed {
            Some(mask) => mask.get(slot).copied().unwrap_or(false),
            None => def.used,
        };
        if must && slots.get(slot).is_some_and(Option::is_none) && !given.get(slot).copied().unwrap_or(false) {
            missing.push(slot);
            absent.push(MissingFact { fact: def.name.clone(), needed_by: needed_by(rubric, slot) });
        }
    }
    (missing, absent)
}

/// Why value `v` is outside its fact's range (a percent without one: 0%–100%); 不适用 never is.
pub(crate) fn out_of_range(def: &crate::plan::FactDef, v: Value) -> Option<BadFact> {
    let range_ok = v == Value::NotApplicable
        || match (&def.range, def.ty) {
            (Some(r), _) => r.contains(v),
            (None, FactType::Percent) => {
                v.num().is_some_and(|n| n >= rust_decimal::Decimal::ZERO && n <= rust_decimal::Decimal::ONE)
            }
            _ => true,
        };
    if range_ok {
        return None;
    }
    let shown = v.show(def.value_ty());
    Some(match (&def.range, def.ty) {
        (Some(r), _) => BadFact::OutsideRange { shown, range: r.text.clone() },
        _ => BadFact::NotARate { shown },
    })
}

/// A fact the rubric does not declare, with the closest declared name.
fn unknown_fact(rubric: &Plan, name: &str, place: Option<crate::facts::Place>) -> FactProblem {
    let best = crate::diag::closest(name, rubric.facts.iter().map(|f| f.name.as_str()), 0.5);
    FactProblem::Unknown(UnknownFact { fact: name.to_string(), suggestion: best.map(str::to_string), place })
}

/// The nodes and derived values that read a slot, directly or through derived values.
fn needed_by(rubric: &Plan, slot: usize) -> Vec<String> {
    let base = rubric.facts.len();
    let mut hit: Vec<usize> = vec![slot];
    let mut out = Vec::new();
    for (i, l) in rubric.lets.iter().enumerate() {
        if l.reads.iter().any(|r| hit.contains(r)) {
            hit.push(base + i);
            out.push(format!("`{}`", l.name));
        }
    }
    for n in &rubric.nodes {
        let reads = crate::plan::reads::rule_reads(n);
        if reads.iter().any(|r| hit.contains(r)) {
            out.push(if n.id.is_empty() { "the rubric".to_string() } else { format!("item `{}`", n.id) });
        }
    }
    out
}

/// Columns of a table that the rubric does not declare, each reported once for the whole table
/// rather than once per unit, and set aside so that the units can still be scored: a unit that
/// then lacks a fact a rule it evaluates reads is still refused for it (`rubric::missing-fact`). Notes
/// columns ([`NOTE_COLUMNS`]) are set aside without a report. Only values read from a table
/// (their place has a column) are looked at; JSON and TOML facts are left to scoring, which
/// reports an unknown name per unit.
///
/// ```
/// let rules = r#"rubric "r" { fact 次数: count  item a "t" max 1 { award 1 when 次数 > 0 } }"#;
/// let rubric = rubric::load("r.rubric", &rubric::MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
/// let mut units = rubric::from_csv("单位,次数,联系人\n甲,1,张三\n乙,2,李四\n")?;
/// let mut check = rubric::UnknownColumns::default();
/// let reported: Vec<String> = units.iter_mut().flat_map(|u| check.set_aside(&rubric, u)).map(|e| e.to_string()).collect();
/// assert_eq!(reported, ["the table's column C, `联系人`, is not a fact of the rubric; its cells are not read"]);
/// assert!(rubric.evaluate(&units[1]).is_ok());
/// # Ok::<(), rubric::FactsError>(())
/// ```
#[derive(Debug, Default)]
pub struct UnknownColumns {
    reported: HashSet<String>,
}

impl UnknownColumns {
    /// Removes from `unit` the table values whose names the rubric does not declare; returns
    /// one error for each such column not reported before.
    pub fn set_aside(&mut self, rubric: &Rubric, unit: &mut UnitFacts) -> Vec<FactsError> {
        let declared = |name: &str| rubric.facts.iter().any(|f| f.name == name);
        let in_table = |p: Option<&Option<Place>>| p.and_then(Option::as_ref).is_some_and(|p| p.column.is_some());
        let mut out = Vec::new();
        let mut keep = vec![true; unit.values.len()];
        for (i, (name, _)) in unit.values.iter().enumerate() {
            if !in_table(unit.places.get(i)) || declared(name) {
                continue;
            }
            if let Some(k) = keep.get_mut(i) {
                *k = false;
            }
            if is_note_column(name) || !self.reported.insert(name.clone()) {
                continue;
            }
            let place = unit.places.get(i).cloned().flatten();
            let column = place.as_ref().and_then(|p| p.column).map(column_letters).unwrap_or_default();
            let sheet = place.and_then(|p| p.sheet);
            let suggestion = crate::diag::closest(name, rubric.facts.iter().map(|f| f.name.as_str()), 0.5);
            let message = crate::facts::words::unknown_column(sheet.as_deref(), &column, name, suggestion);
            out.push(FactsError::UnknownColumn(UnknownColumnError { message }));
        }
        if keep.iter().any(|k| !k) {
            // `keep` has one mark per value (made from them); a place without one is kept.
            let mut k = keep.iter();
            unit.values.retain(|_| k.next().copied().unwrap_or(true));
            if !unit.places.is_empty() {
                let mut k = keep.iter();
                unit.places.retain(|_| k.next().copied().unwrap_or(true));
            }
        }
        out
    }
}
