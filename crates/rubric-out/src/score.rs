//! A unit's line of `score --format jsonl` (the service's `score` answers an array of them):
//! its total and each column's figure (sections, every row, or periods), the bonus and veto
//! columns, the total's grade, or its error in English (programs read it).

use crate::rank::Extras;
use rubric::value::show_num;
use rubric::{Column, ColumnOf, EvalError, Outcome, Rubric, UnitFacts};

/// The name of the figures in a line: `nodes`, or `periods` for a rubric scored in periods.
pub fn key(columns: &[Column<'_>]) -> &'static str {
    match columns.first().map(|c| c.of) {
        Some(ColumnOf::Period(_)) => "periods",
        _ => "nodes",
    }
}

/// One unit's line.
pub fn line(
    rubric: &Rubric,
    columns: &[Column<'_>],
    unit: &str,
    r: &Result<Outcome, EvalError>,
    grade: Option<&rubric::Grade>,
) -> serde_json::Value {
    match r {
        Ok(s) => {
            let scores: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .map(|c| (c.id.to_string(), s.figure(c).map(show_num).unwrap_or_default().into()))
                .collect();
            let mut v = serde_json::Map::new();
            v.insert("unit".into(), unit.into());
            v.insert("score".into(), show_num(s.total()).into());
            Extras::of(rubric).json(&mut v, s.bonus(), s.vetoed(rubric).into_iter());
            if let Some(g) = grade {
                v.insert("grade".into(), serde_json::to_value(g).unwrap_or_default());
            }
            v.insert(key(columns).into(), scores.into());
            serde_json::Value::Object(v)
        }
        Err(e) => {
            let code = miette::Diagnostic::code(e).map(|c| c.to_string());
            serde_json::json!({ "unit": unit, "error": { "code": code, "message": message(e) } })
        }
    }
}

/// An error in one line, with every problem of a unit's facts: in English in JSON lines, which
/// programs read (a table's cell is in the language of results).
pub fn message(e: &EvalError) -> String {
    rubric::render::Render::new(rubric::Lang::En).error_line(e)
}

/// The lines of `units` scored together (numbers only), each with its total's grade after
/// quotas; with `rows`, every row's figure rather than the sections'.
pub fn lines(rubric: &Rubric, units: &[UnitFacts], rows: bool) -> Vec<serde_json::Value> {
    let columns = rubric.columns(rows);
    let mut scored = rubric.scoring().units(units);
    let grades: Vec<Option<rubric::Grade>> = if rubric.has_total_grade() {
        let graded = rubric.grade_batch(units, &mut scored);
        graded.into_iter().map(|g| g.into_iter().find(|(id, _)| id.is_empty()).map(|(_, g)| g)).collect()
    } else {
        Vec::new()
    };
    scored
        .iter()
        .enumerate()
        .map(|(k, s)| line(rubric, &columns, &s.unit, &s.outcome, grades.get(k).and_then(Option::as_ref)))
        .collect()
}
