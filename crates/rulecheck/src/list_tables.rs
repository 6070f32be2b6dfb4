//! List facts from second tables (`--list 事故=事故台账.csv`, or `FACTS.事故.csv` next to a `.csv`
//! facts file): one row per record, with a unit column, read into the units' lists
//! ([`rubric::facts::list_table::read_list`]).

use crate::files::{Refusal, facts_limits, list_tables, read_bounded};
use crate::problems::Problem;
use crate::ui::Ui;
use rubric::UnitFacts;
use rubric::facts::list_stream::ByUnit;
use rubric_syntax::ast::FactType;

/// Reads the list tables for the facts file `path` into `units`; false (after reporting) when one
/// cannot be read.
pub fn read_lists(ui: &Ui, path: &str, rubric: &rubric::Rubric, units: &mut [UnitFacts]) -> bool {
    let Some(tables) = tables(ui, path, rubric) else { return false };
    tables.iter().all(|(list, file)| read_one(ui, rubric, list, file, units))
}

/// The list tables for the facts file `path`, which is streamed (`score`): each read in step
/// with the units when `in_step` and its rows are grouped by unit, else read whole first
/// ([`whole`]); `quiet` leaves out the tables' notes (said before). `None` (after
/// reporting) when one cannot be read.
pub fn for_stream(
    ui: &Ui,
    path: &str,
    rubric: &rubric::Rubric,
    in_step: bool,
    quiet: bool,
) -> Option<Vec<crate::list_join::ListJoin>> {
    let mut out = Vec::new();
    for (list, file) in tables(ui, path, rubric)? {
        let step = if in_step { crate::list_join::step(ui, rubric, &list, &file) } else { None };
        match step {
            Some(s) => out.push(s),
            None => out.push(crate::list_join::ListJoin::Whole(whole(ui, rubric, &list, &file, quiet)?, list, file)),
        }
    }
    Some(out)
}

/// The table of `list`, `file`, read whole, its records by unit; `None` (after reporting) when
/// it cannot be read.
pub fn whole(ui: &Ui, rubric: &rubric::Rubric, list: &str, file: &str, quiet: bool) -> Option<ByUnit> {
    let bytes = bytes_of(ui, list, file)?;
    let def = rubric.facts().find(|f| f.name() == list);
    let check = |r: &rubric::facts::records::RawRecord| def.map(|d| d.record_problems(r)).unwrap_or_default();
    match rubric::facts::list_stream::read_by_unit(&bytes, list, &facts_limits(), check) {
        Ok((by, notes)) => {
            for words in notes.iter().filter(|_| !quiet) {
                ui.say(&crate::run_problems::Note::Read { path: file, words });
            }
            Some(by)
        }
        Err(e) => {
            ui.error(&e);
            while_reading(ui, list, file);
            None
        }
    }
}

/// The list tables of the facts file `path`, as (list, file): the `--list` options, then
/// `FACTS.LIST.csv` next to a `.csv` facts file for each list not named; `None` (after
/// reporting) when an option is wrong.
fn tables(ui: &Ui, path: &str, rubric: &rubric::Rubric) -> Option<Vec<(String, String)>> {
    let lists: Vec<&str> = rubric.facts().filter(|f| f.ty() == FactType::List).map(|f| f.name()).collect();
    let mut tables: Vec<(String, String)> = Vec::new();
    for given in list_tables() {
        let Some((list, file)) = given.split_once('=').filter(|(l, f)| !l.trim().is_empty() && !f.trim().is_empty())
        else {
            ui.report(&Problem::ListOption { given });
            return None;
        };
        let list = list.trim();
        if !lists.contains(&list) {
            ui.report(&Problem::NotAList { list, lists: &lists });
            return None;
        }
        tables.push((list.to_string(), file.trim().to_string()));
    }
    if let Some(stem) = path.strip_suffix(".csv").or_else(|| path.strip_suffix(".CSV")) {
        let rest: Vec<&str> = lists.iter().copied().filter(|l| !tables.iter().any(|(t, _)| t == l)).collect();
        for list in rest {
            let file = format!("{stem}.{list}.csv");
            if std::path::Path::new(&file).is_file() {
                ui.note(&if ui.lang() == rubric::Lang::Zh {
                    format!("注意：列表 `{list}` 读自 `{path}` 旁的 `{file}`（另用台账请写 --list {list}=文件.csv）")
                } else {
                    format!("note: list `{list}` is read from `{file}`, next to `{path}` (name another table with --list {list}=FILE.csv)")
                });
                tables.push((list.to_string(), file));
            }
        }
    }
    Some(tables)
}

/// The bytes of a list's table; `None` (after reporting) when it cannot be read.
fn bytes_of(ui: &Ui, list: &str, file: &str) -> Option<Vec<u8>> {
    let limits = facts_limits();
    match read_bounded(file, limits.max_bytes, true) {
        Ok(b) => Some(b),
        Err(Refusal::TooLarge(size)) => {
            ui.error(&limits.too_large(size));
            while_reading(ui, list, file);
            None
        }
        Err(Refusal::Why(why)) => {
            ui.report(&Problem::CannotRead { path: file, why });
            None
        }
    }
}

/// Adds the records of the workbook's list sheets ([`rubric_xlsx::ListSheet`]) to `units`, each
/// row checked as a CSV list table's is; a list a `--list` option names is read from that table
/// instead. False (after reporting) when a row cannot be read.
pub fn join_sheets(
    ui: &Ui,
    path: &str,
    rubric: &rubric::Rubric,
    sheets: Vec<rubric_xlsx::ListSheet>,
    units: &mut [UnitFacts],
) -> bool {
    let limits = facts_limits();
    for sheet in sheets {
        let named = list_tables().iter().any(|g| g.split_once('=').is_some_and(|(l, _)| l.trim() == sheet.list));
        if named {
            continue;
        }
        let list = sheet.list.clone();
        if let Err(e) = rubric_out::lists::join_sheet(rubric, sheet, units, &limits) {
            ui.error(&e);
            while_reading(ui, &list, &format!("{path} › {list}"));
            return false;
        }
    }
    true
}

fn read_one(ui: &Ui, rubric: &rubric::Rubric, list: &str, file: &str, units: &mut [UnitFacts]) -> bool {
    let limits = facts_limits();
    let Some(bytes) = bytes_of(ui, list, file) else { return false };
    let def = rubric.facts().find(|f| f.name() == list);
    let check = |r: &rubric::facts::records::RawRecord| def.map(|d| d.record_problems(r)).unwrap_or_default();
    match rubric::facts::list_table::read_list_checked(&bytes, list, units, &limits, check) {
        Ok(notes) => {
            for words in &notes {
                ui.say(&crate::run_problems::Note::Read { path: file, words });
            }
            true
        }
        Err(e) => {
            ui.error(&e);
            while_reading(ui, list, file);
            false
        }
    }
}

/// Names the table an error was found in.
pub fn while_reading(ui: &Ui, list: &str, file: &str) {
    ui.note(&if ui.lang() == rubric::Lang::Zh {
        format!("（读取列表 `{list}` 的台账 `{file}` 时）")
    } else {
        format!("(while reading `{file}`, the table of list `{list}`)")
    });
}

/// Says, for each list fact, the header of its own table (`rulecheck template`): the units' table
/// leaves the list's column blank.
pub fn say_headers(ui: &Ui, rubric: &rubric::Rubric) {
    for list in rubric.facts().filter(|f| f.ty() == FactType::List) {
        let name = list.name();
        let header: Vec<&str> = std::iter::once("单位").chain(list.fields().map(|f| f.name())).collect();
        let header = header.join(",");
        ui.note(&if ui.lang() == rubric::Lang::Zh {
            format!("注意：列表 `{name}` 另表逐条填写（每条记录一行），表头为 `{header}`；存为事实文件旁的 `事实.{name}.csv`，或用 --list {name}=文件.csv 指定")
        } else {
            format!("note: list `{name}` is given in its own table, one row a record, headed `{header}`; save it as `FACTS.{name}.csv` next to the facts file, or name it with --list {name}=FILE.csv")
        });
    }
}
