//! A workbook's list sheets joined to its units (`rulecheck` reading a workbook, the service
//! reading one as a body): each row a record of the unit it names, checked as a CSV list
//! table's row is.

use rubric::facts::FactsLimits;
use rubric::{FactsError, Rubric, UnitFacts};

/// The names of the rubric's list facts: the sheets a workbook may give them in.
pub fn list_names(rubric: &Rubric) -> Vec<&str> {
    rubric.facts().filter(|f| f.ty() == rubric_syntax::ast::FactType::List).map(|f| f.name()).collect()
}

/// Adds the records of one list sheet to `units`.
pub fn join_sheet(
    rubric: &Rubric,
    sheet: rubric_xlsx::ListSheet,
    units: &mut [UnitFacts],
    limits: &FactsLimits,
) -> Result<(), FactsError> {
    let def = rubric.facts().find(|f| f.name() == sheet.list);
    let check = |r: &rubric::facts::records::RawRecord| def.map(|d| d.record_problems(r)).unwrap_or_default();
    let rows = sheet.rows.into_iter().map(Ok);
    rubric::facts::list_table::join_rows(rows, &sheet.list, units, limits, check)
}
