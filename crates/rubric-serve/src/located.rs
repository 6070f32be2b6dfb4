//! Where a facts problem is, as data beside its words: the unit, the fact, the row and column
//! (number and letter) and the sheet, from the library's errors and their
//! [`rubric::facts::Place`], so that a client need not read them out of the message.

use rubric::errors::{InvalidFact, UnitFactsError};
use rubric::facts::Place;
use rubric::render::Render;
use rubric::{EvalError, FactProblem, FactsError, Lang};
use serde_json::{Map, Value};

/// The facts error inside an error of a request's input (a scoring error, a facts file's, a
/// workbook's), if it is one.
fn facts_of(any: &dyn std::any::Any) -> Option<&FactsError> {
    if let Some(EvalError::Facts(f)) = any.downcast_ref::<EvalError>() {
        return Some(f);
    }
    if let Some(f) = any.downcast_ref::<FactsError>() {
        return Some(f);
    }
    match any.downcast_ref::<rubric_xlsx::WorkbookError>() {
        Some(rubric_xlsx::WorkbookError::Facts(f)) => Some(f),
        _ => None,
    }
}

/// Adds the located fields to `v`, a problem as JSON made from `any` (whose `related` are the
/// problems of a unit's facts, in order): `unit`, and for each fact's problem `unit`, `fact`,
/// `row`, `column`, `column_letter`, `sheet`, `place`/`place_zh` and the message in both
/// languages; for a table or a file as a whole, the row (or line) and column it names.
pub fn add(v: &mut Value, any: &dyn std::any::Any) {
    let (Some(f), Some(o)) = (facts_of(any), v.as_object_mut()) else { return };
    match f {
        FactsError::Unit(u) => unit(o, f, u),
        FactsError::Csv(c) => place(o, &Place { row: c.row, column: Some(c.column), sheet: None }),
        FactsError::Json(j) => line(o, j.line, j.column),
        FactsError::JsonLine(j) => line(o, j.line, j.column),
        FactsError::Toml(t) => line(o, t.line, t.column),
        FactsError::DuplicateUnit(d) => {
            o.insert("unit".into(), d.unit.clone().into());
        }
        FactsError::ListRow(r) => {
            o.insert("unit".into(), r.unit.clone().into());
            o.insert("fact".into(), r.list.clone().into());
            place(o, &Place { row: r.row, column: Some(r.column), sheet: None });
        }
        _ => {}
    }
}

/// A unit's facts: the unit, and each of its problems located.
fn unit(o: &mut Map<String, Value>, f: &FactsError, u: &UnitFactsError) {
    o.insert("unit".into(), u.unit.clone().into());
    let zh = Render::new(Lang::Zh).facts_error(f);
    let Some(Value::Array(related)) = o.get_mut("related") else { return };
    for (i, (r, p)) in related.iter_mut().zip(&u.problems).enumerate() {
        let Some(r) = r.as_object_mut() else { continue };
        r.insert("unit".into(), u.unit.clone().into());
        r.insert("message_en".into(), rubric::safe::clip(p.to_string()).into());
        if let Some(said) = zh.related.get(i) {
            r.insert("message_zh".into(), said.message.clone().into());
        }
        let (fact, at) = match p {
            FactProblem::Missing(m) => (&m.fact, None),
            FactProblem::Unknown(k) => (&k.fact, k.place.as_ref()),
            FactProblem::Invalid(InvalidFact { fact, place, .. }) => (fact, place.as_ref()),
            FactProblem::Duplicate(d) => (&d.fact, d.place.as_ref()),
            _ => continue,
        };
        r.insert("fact".into(), fact.clone().into());
        if let Some(at) = at {
            place(r, at);
        }
    }
}

/// A place: `row`, `column` and `column_letter` (a cell), `sheet` (a workbook's), and the place
/// in words in both languages.
fn place(o: &mut Map<String, Value>, p: &Place) {
    o.insert("row".into(), p.row.into());
    if let Some(c) = p.column {
        o.insert("column".into(), c.into());
        o.insert("column_letter".into(), rubric::facts::column_letters(c).into());
    }
    if let Some(sheet) = &p.sheet {
        o.insert("sheet".into(), rubric_syntax::clean(sheet).into());
    }
    o.insert("place".into(), p.to_string().into());
    o.insert("place_zh".into(), p.zh().into());
}

/// A line and column of a text file (JSON, TOML).
fn line(o: &mut Map<String, Value>, line: usize, column: usize) {
    o.insert("line".into(), line.into());
    o.insert("column".into(), column.into());
}
