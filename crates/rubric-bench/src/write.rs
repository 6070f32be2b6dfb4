//! Generated units written as facts files in `rulecheck`'s formats (CSV with its list tables, JSON, JSON Lines), one unit at a time.
//!
//! - **CSV**: the header, `#类型` and `#说明` rows of `rulecheck template --format csv`
//!   ([`rubric::report::template::template_csv`]), then one row a unit (yes/no as `是`/`否`, a
//!   list's cell left blank), and for each list fact a second table `FILE.LIST.csv` (`单位`, then
//!   the list's fields; one row a record), which `rulecheck` reads next to `FILE.csv`.
//! - **JSON**: `{"rubric": TITLE, "units": [{"unit": NAME, "facts": {…}}, …]}`, one unit a line,
//!   lists as arrays of objects, numbers as their exact text.
//! - **JSON Lines**: one `{"unit": NAME, "facts": {…}}` a line.
//!
//! Nothing is held but the unit being written, so a million units take the memory of one.

use rubric::{Raw, Rubric, UnitFacts};
use rubric_syntax::ast::FactType;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The formats a facts file can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table, with a second table for each list fact.
    Csv,
    /// One JSON document with a `units` array.
    Json,
    /// One JSON object a line.
    Jsonl,
}

impl Format {
    /// The format named `name` (`csv`, `json`, `jsonl`).
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            _ => None,
        }
    }

    /// The file extension `rulecheck` reads the format by.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }
}

/// The list table of `list` next to the CSV facts file `path` (`FILE.csv` → `FILE.LIST.csv`), as
/// `rulecheck` looks for it.
pub fn list_table_path(path: &Path, list: &str) -> PathBuf {
    let stem = path.to_string_lossy();
    let stem = stem.strip_suffix(".csv").unwrap_or(&stem);
    PathBuf::from(format!("{stem}.{list}.csv"))
}

/// The list facts of `rubric`, by name, with their fields' names in order.
pub fn lists(rubric: &Rubric) -> Vec<(String, Vec<String>)> {
    rubric
        .facts()
        .filter(|f| f.ty() == FactType::List)
        .map(|f| (f.name().to_string(), f.fields().map(|x| x.name().to_string()).collect()))
        .collect()
}

/// Writes `units` in `format` to `path` (and, for CSV, each list's table beside it); the number of
/// units written.
pub fn write_file(
    rubric: &Rubric,
    units: impl Iterator<Item = UnitFacts>,
    format: Format,
    path: &Path,
) -> Result<usize, String> {
    let create = |p: &Path| {
        std::fs::File::create(p)
            .map(|f| std::io::BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let mut out = create(path)?;
    let n = match format {
        Format::Csv => {
            let mut tables = Vec::new();
            for (list, fields) in lists(rubric) {
                let file = list_table_path(path, &list);
                tables.push(
                    ListTable::new(list, fields, create(&file)?).map_err(|e| format!("{}: {e}", file.display()))?,
                );
            }
            let n = write_csv(rubric, units, &mut out, &mut tables).map_err(|e| format!("{}: {e}", path.display()))?;
            for t in tables {
                t.finish().map_err(|e| format!("a list table of {}: {e}", path.display()))?;
            }
            n
        }
        Format::Json => write_json(rubric, units, &mut out).map_err(|e| format!("{}: {e}", path.display()))?,
        Format::Jsonl => write_jsonl(units, &mut out).map_err(|e| format!("{}: {e}", path.display()))?,
    };
    out.flush().map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(n)
}

/// The table of one list fact being written: a row a record.
pub struct ListTable<W: Write> {
    list: String,
    fields: Vec<String>,
    out: csv::Writer<W>,
}

impl<W: Write> ListTable<W> {
    /// A table of `list`'s records with the given fields, its header written to `out`.
    pub fn new(list: String, fields: Vec<String>, out: W) -> csv::Result<Self> {
        let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        out.write_record(std::iter::once("单位").chain(fields.iter().map(String::as_str)))?;
        Ok(ListTable { list, fields, out })
    }

    /// Writes the records `unit` gives this list.
    fn unit(&mut self, unit: &UnitFacts) -> csv::Result<()> {
        let Some((_, Raw::Records(records))) = unit.values.iter().find(|(k, _)| *k == self.list) else { return Ok(()) };
        for record in records {
            let cells = self.fields.iter().map(|f| record.iter().find(|(k, _)| k == f).map_or("", |(_, v)| cell(v)));
            self.out.write_record(std::iter::once(unit.unit.as_str()).chain(cells))?;
        }
        Ok(())
    }

    /// Flushes the table; its writer back.
    pub fn finish(self) -> Result<W, String> {
        self.out.into_inner().map_err(|e| e.to_string())
    }
}

/// A value as a cell of a table: yes/no as `是`/`否`, a list (given in its own table) blank.
fn cell(raw: &Raw) -> &str {
    match raw {
        Raw::Number(t) | Raw::Text(t) => t,
        Raw::Bool(true) => "是",
        Raw::Bool(false) => "否",
        Raw::Null | Raw::Records(_) => "",
    }
}

/// Writes `units` as a CSV facts table to `out` (the header rows of `rulecheck template`), and the
/// records of each list to its table in `tables`; the number of units written.
pub fn write_csv<W: Write, L: Write>(
    rubric: &Rubric,
    units: impl Iterator<Item = UnitFacts>,
    out: W,
    tables: &mut [ListTable<L>],
) -> Result<usize, String> {
    let template = rubric::report::template::template_csv(rubric, &[]);
    // The header, `#类型` and `#说明` rows, as the template writes them; its blank unit row is left out.
    let head: Vec<&str> = template.split_inclusive("\r\n").take(3).collect();
    let header = head.first().ok_or("the template has no header row")?;
    let columns: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(header.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .next()
        .ok_or("the template's header row cannot be read")?
        .map_err(|e| e.to_string())?
        .iter()
        .skip(1)
        .map(str::to_string)
        .collect();
    let mut out = out;
    out.write_all(head.concat().as_bytes()).map_err(|e| e.to_string())?;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    let mut n = 0;
    for unit in units {
        let given: HashMap<&str, &Raw> = unit.values.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let cells = columns.iter().map(|c| given.get(c.as_str()).map_or("", |v| cell(v)));
        w.write_record(std::iter::once(unit.unit.as_str()).chain(cells)).map_err(|e| e.to_string())?;
        for t in tables.iter_mut() {
            t.unit(&unit).map_err(|e| e.to_string())?;
        }
        n += 1;
    }
    w.flush().map_err(|e| e.to_string())?;
    Ok(n)
}

/// Writes `units` as one JSON facts document to `out`, one unit a line; the number written.
pub fn write_json(
    rubric: &Rubric,
    units: impl Iterator<Item = UnitFacts>,
    mut out: impl Write,
) -> std::io::Result<usize> {
    write!(out, "{{\"rubric\": {}, \"units\": [", string(rubric.title()))?;
    let mut n = 0;
    for unit in units {
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        write_unit(&unit, &mut out)?;
        n += 1;
    }
    out.write_all(b"\n]}\n")?;
    Ok(n)
}

/// Writes `units` as JSON Lines to `out`; the number written.
pub fn write_jsonl(units: impl Iterator<Item = UnitFacts>, mut out: impl Write) -> std::io::Result<usize> {
    let mut n = 0;
    for unit in units {
        write_unit(&unit, &mut out)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    Ok(n)
}

/// One unit as a JSON object: `{"unit": NAME, "facts": {…}}`.
fn write_unit(unit: &UnitFacts, out: &mut impl Write) -> std::io::Result<()> {
    write!(out, "{{\"unit\":{},\"facts\":", string(&unit.unit))?;
    object(&unit.values, out)?;
    out.write_all(b"}")
}

/// Names and values as a JSON object.
fn object(values: &[(String, Raw)], out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(b"{")?;
    for (i, (name, raw)) in values.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(out, "{}:", string(name))?;
        match raw {
            // The generator writes numbers as plain decimal text: valid JSON numbers as they are.
            Raw::Number(t) => out.write_all(t.as_bytes())?,
            Raw::Text(t) => out.write_all(string(t).as_bytes())?,
            Raw::Bool(b) => write!(out, "{b}")?,
            Raw::Null => out.write_all(b"null")?,
            Raw::Records(records) => {
                out.write_all(b"[")?;
                for (j, r) in records.iter().enumerate() {
                    if j > 0 {
                        out.write_all(b",")?;
                    }
                    object(r, out)?;
                }
                out.write_all(b"]")?;
            }
        }
    }
    out.write_all(b"}")
}

/// Text as a JSON string.
fn string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}
