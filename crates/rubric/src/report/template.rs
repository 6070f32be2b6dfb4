//! Blank facts forms for a rubric: every fact its rules use, one row (or entry) per unit, to fill in.
//!
//! [`template_csv`] writes a table to open in Excel or WPS: a header row, a `#类型` row with each
//! fact's type, a `#说明` row with its description, and an empty row per unit. It reads back with
//! [`crate::facts::csv::from_csv`] once filled in. [`template_json`] writes the same form as a JSON
//! facts file with every value `null`, readable by [`crate::facts::from_json`].

use crate::plan::{FactDef, FactRef, Plan};
use rubric_syntax::ast::FactType;

/// The type of a fact as the `#类型` row shows it, with how to write a value.
pub fn type_label(ty: FactType) -> &'static str {
    match ty {
        FactType::Count => "count（整数）",
        FactType::Number => "number（数值）",
        FactType::Percent => "percent（如 87.5%）",
        FactType::Bool => "bool（是/否）",
        FactType::Date => "date（2024-07-31）",
        FactType::Points => "points（分值）",
        FactType::Kind => "kind（填名称）",
        FactType::List => "list（另表逐条填写）",
    }
}

/// The facts a blank form asks for, in declaration order: those the rubric's rules read (for a
/// rubric with periods, those read in any period). Every form — CSV here, a workbook in
/// `rubric-xlsx` — lists these.
pub fn form_facts(rubric: &Plan) -> Vec<FactRef<'_>> {
    form_defs(rubric).into_iter().map(FactRef::of).collect()
}

/// [`form_facts`], as the plan's declarations.
fn form_defs(rubric: &Plan) -> Vec<&FactDef> {
    if rubric.periods.is_empty() {
        return used(rubric).collect();
    }
    let reads: Vec<Vec<bool>> = rubric.periods.iter().map(|p| rubric.period_reads(p)).collect();
    rubric
        .facts
        .iter()
        .enumerate()
        .filter(|(i, _)| reads.iter().any(|r| r.get(*i).copied().unwrap_or(false)))
        .map(|(_, f)| f)
        .collect()
}

/// The facts the rubric's rules read, in declaration order.
fn used(rubric: &Plan) -> impl Iterator<Item = &FactDef> {
    rubric.facts.iter().filter(|f| f.used)
}

/// The unit names to list: those given, or one empty name.
fn unit_names(units: &[String]) -> Vec<&str> {
    if units.is_empty() { vec![""] } else { units.iter().map(String::as_str).collect() }
}

/// A blank facts table (CSV, UTF-8 with a byte-order mark so Excel shows Chinese, `\r\n` line
/// ends): header row `单位,FACT,…`, a `#类型` row, a `#说明` row, then one row per unit with
/// empty cells (one row with an empty unit name when no units are given). Text that a
/// spreadsheet would run as a formula (a unit named `=1+2`) is written `'=1+2`
/// ([`crate::safe::spreadsheet_text`]); reading the table back removes the `'`.
///
/// For a rubric with periods, the second column is `period` and each unit has one row per period;
/// the facts are those read in any period (a cell for a fact its period does not read may stay
/// empty).
pub fn template_csv(rubric: &Plan, units: &[String]) -> String {
    let periods = &rubric.periods;
    let facts = form_defs(rubric);
    let period_col: Vec<String> = if periods.is_empty() { Vec::new() } else { vec!["period".to_string()] };
    let blank: Vec<String> = period_col.iter().map(|_| String::new()).collect();
    let mut out = String::from('\u{feff}');
    let mut line = |cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(&crate::safe::spreadsheet_text(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(
        std::iter::once("单位".to_string())
            .chain(period_col.iter().cloned())
            .chain(facts.iter().map(|f| f.name.clone()))
            .collect(),
    );
    line(
        std::iter::once("#类型".to_string())
            .chain(blank.iter().cloned())
            .chain(facts.iter().map(|f| type_of(f)))
            .collect(),
    );
    line(
        std::iter::once("#说明".to_string())
            .chain(blank.iter().cloned())
            .chain(facts.iter().map(|f| f.desc.clone().unwrap_or_default()))
            .collect(),
    );
    for unit in unit_names(units) {
        if periods.is_empty() {
            line(std::iter::once(unit.to_string()).chain(facts.iter().map(|_| String::new())).collect());
        }
        for p in periods {
            line([unit.to_string(), p.name.clone()].into_iter().chain(facts.iter().map(|_| String::new())).collect());
        }
    }
    out
}

/// A cell quoted as CSV requires: in double quotes, with quotes doubled, when it holds a comma,
/// a quote, a line break or leading or trailing spaces.
fn csv_cell(cell: &str) -> String {
    let quote = cell.contains([',', '"', '\n', '\r']) || cell.trim() != cell;
    if quote { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.to_string() }
}

/// The blank value of a fact in a JSON form: `null`, or for a list one record of blank fields
/// (`[{"等级": null, "发生日期": null}]`), to copy once a record.
fn blank_value(f: &FactDef) -> serde_json::Value {
    use serde_json::{Map, Value};
    if f.ty != FactType::List {
        return Value::Null;
    }
    let record: Map<String, Value> = f.fields.iter().map(|x| (x.name.clone(), Value::Null)).collect();
    Value::Array(vec![Value::Object(record)])
}

/// A blank JSON facts file: `{"rubric": TITLE, "units": [{"unit": NAME, "facts": {FACT: null, …}}]}`,
/// one unit per name given (one with an empty name when none are given).
///
/// For a rubric with periods, each unit has one entry per period, with `"period"` and the facts
/// that period reads.
pub fn template_json(rubric: &Plan, units: &[String]) -> String {
    use serde_json::{Map, Value};
    let blank = |read: &dyn Fn(usize, &FactDef) -> bool| -> Map<String, Value> {
        let facts = rubric.facts.iter().enumerate().filter(|(i, f)| read(*i, f));
        facts.map(|(_, f)| (f.name.clone(), blank_value(f))).collect()
    };
    let periods = &rubric.periods;
    let mut list: Vec<Value> = Vec::new();
    for u in unit_names(units) {
        let entry = |period: Option<&str>, facts: Map<String, Value>| {
            let mut unit = Map::new();
            unit.insert("unit".into(), Value::String(u.to_string()));
            if let Some(p) = period {
                unit.insert("period".into(), Value::String(p.to_string()));
            }
            unit.insert("facts".into(), Value::Object(facts));
            Value::Object(unit)
        };
        if periods.is_empty() {
            list.push(entry(None, blank(&|_, f| f.used)));
        }
        for p in periods {
            let reads = rubric.period_reads(p);
            list.push(entry(Some(&p.name), blank(&|i, _| reads.get(i).copied().unwrap_or(false))));
        }
    }
    let mut file = Map::new();
    file.insert("rubric".into(), Value::String(rubric.title.clone()));
    file.insert("units".into(), Value::Array(list));
    format!("{:#}\n", Value::Object(file))
}

/// A fact's cell in a form's `#类型` row: its type, with its range, a kind's names, or a list's
/// fields.
pub fn type_text(f: &FactRef<'_>) -> String {
    type_of(f.def)
}

fn type_of(f: &FactDef) -> String {
    match &f.range {
        Some(r) => format!("{} 范围 {}", type_label(f.ty), r.text),
        // `kind（城区/郊区/山区）`: the names a cell may hold, as the document lists them.
        None if f.ty == FactType::Kind => format!("kind（{}）", f.names.join("/")),
        // A list is one row a record in a table of its own, which this form does not hold.
        None if f.ty == FactType::List => {
            let fields: Vec<&str> = f.fields.iter().map(|x| x.name.as_str()).collect();
            format!("list（另表逐条填写：{}）", fields.join("、"))
        }
        None => type_label(f.ty).to_string(),
    }
}
