//! Reading files: rule files (and folders of them) and facts files by their extension. Every
//! read is bounded before it happens: the file's kind and size are checked first (rule files
//! and imports must be regular files; a facts file may also be a pipe), and at most the budget
//! and one byte more is read.

use crate::problems::{Problem, Why};
use crate::run_problems::Note;
use crate::ui::{BAD_INPUT, Ui};
use rubric::facts::FactsLimits;
use rubric::{LoadError, Loader, UnitFacts};
use std::io::Read;
use std::path::PathBuf;

/// The budgets for facts files, from the command line (`--max-facts-mib`); set once, in `main`.
static FACTS_LIMITS: std::sync::OnceLock<FactsLimits> = std::sync::OnceLock::new();

/// Sets the budgets for facts files.
pub fn set_facts_limits(limits: FactsLimits) {
    let _ = FACTS_LIMITS.set(limits);
}

/// The budgets for facts files.
pub fn facts_limits() -> FactsLimits {
    FACTS_LIMITS.get().copied().unwrap_or_default()
}

/// Loads rule files from the file system for one entry file: only regular files, within the
/// size budget, and for imports only files whose real path (links followed) is inside the
/// project root, the entry file's folder. (The library has already refused an import whose
/// path leads out of the root; a link inside the root may still point out of it.)
pub struct FsLoader {
    entry: String,
    /// The project root with every link resolved, when it exists.
    root: Option<PathBuf>,
}

impl FsLoader {
    /// A loader for the rubric whose entry file is `entry`.
    pub fn for_entry(entry: &str) -> Self {
        let root = std::fs::canonicalize(rubric::source::project_root(entry)).ok();
        FsLoader { entry: entry.to_string(), root }
    }
}

impl Loader for FsLoader {
    fn load(&self, path: &str, max_bytes: usize) -> Result<String, LoadError> {
        if path != self.entry {
            let real = std::fs::canonicalize(path).map_err(|e| LoadError::Unreadable(Why::of(&e).to_string()))?;
            if !self.root.as_ref().is_some_and(|r| real.starts_with(r)) {
                return Err("it is a link that leads outside the project root".into());
            }
        }
        let bytes = read_bounded(path, max_bytes, false).map_err(|r| match r {
            Refusal::TooLarge(size) => LoadError::TooLarge { size },
            Refusal::Why(why) => LoadError::Unreadable(why.to_string()),
        })?;
        rule_text(bytes)
    }
}

/// Why a file is not read.
pub enum Refusal {
    /// It is larger than the budget: its size when known.
    TooLarge(Option<u64>),
    /// Any other reason, in words.
    Why(Why),
}

/// Reads at most `limit` bytes of a file, refusing a larger one before reading it when its
/// size is known, and anything that is not a regular file (a folder, a device such as
/// `/dev/zero`, a socket) or, unless `pipes`, a pipe: a pipe may never end, and a read from one
/// with no writer waits forever. A file that grows while it is read stops at `limit + 1` bytes.
pub fn read_bounded(path: &str, limit: usize, pipes: bool) -> Result<Vec<u8>, Refusal> {
    let meta = std::fs::metadata(path).map_err(|e| Refusal::Why(Why::of(&e)))?;
    kind_ok(&meta, pipes).map_err(Refusal::Why)?;
    let size = meta.is_file().then_some(meta.len());
    if size.is_some_and(|n| n > limit as u64) {
        return Err(Refusal::TooLarge(size));
    }
    let file = std::fs::File::open(path).map_err(|e| Refusal::Why(Why::of(&e)))?;
    let mut bytes = Vec::with_capacity(size.map_or(0, |n| usize::try_from(n).unwrap_or(0)).min(limit) + 1);
    file.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(|e| Refusal::Why(Why::of(&e)))?;
    if bytes.len() > limit {
        return Err(Refusal::TooLarge(None));
    }
    Ok(bytes)
}

/// Opens a file to be read as a stream (a facts table or JSON lines for `score`): a regular
/// file or a pipe, never a folder or a device.
pub fn open_stream(path: &str) -> Result<std::fs::File, Why> {
    let meta = std::fs::metadata(path).map_err(|e| Why::of(&e))?;
    kind_ok(&meta, true)?;
    std::fs::File::open(path).map_err(|e| Why::of(&e))
}

/// Whether a file of this kind may be read: a regular file, or a pipe when `pipes`.
fn kind_ok(meta: &std::fs::Metadata, pipes: bool) -> Result<(), Why> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    if t.is_dir() {
        return Err(Why::Folder);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return if pipes { Ok(()) } else { Err(Why::Pipe) };
        }
        if t.is_char_device() || t.is_block_device() {
            return Err(Why::Device);
        }
    }
    let _ = pipes;
    Err(Why::NotRegular)
}

/// Reads a UTF-8 rule file within the budget of one rule file, saying plainly why it cannot
/// be read.
pub fn read_text(path: &str) -> Result<String, String> {
    let limit = rubric_syntax::Limits::default().max_bytes;
    match read_bounded(path, limit, false) {
        Ok(bytes) => rule_text(bytes).map_err(|e| match e {
            LoadError::NotText { why, .. } | LoadError::Unreadable(why) => why,
            LoadError::TooLarge { .. } => "the file is too large".into(),
            other => format!("{other:?}"),
        }),
        Err(Refusal::TooLarge(size)) => Err(format!(
            "the file is {}, beyond the budget `max_bytes` of {limit}; a rule file this large is not a rubric",
            size.map_or_else(|| format!("more than {limit} bytes"), |n| format!("{n} bytes"))
        )),
        Err(Refusal::Why(why)) => Err(why.to_string()),
    }
}

/// The text of a rule file's bytes, saying plainly why they are not UTF-8 text; the text before
/// the first byte that is not, so that the diagnostic can point at it.
fn rule_text(bytes: Vec<u8>) -> Result<String, LoadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16; save it as UTF-8".into());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => {
            // Where the first byte that is not UTF-8 stands: line and column (in characters).
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let before = std::str::from_utf8(bytes.get(..at).unwrap_or_default()).unwrap_or_default();
            let before = before.strip_prefix('\u{feff}').unwrap_or(before);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let byte = bytes.get(at).copied().unwrap_or_default();
            Err(LoadError::NotText {
                why: format!(
                    "the file is not UTF-8 from line {line}, column {column} (the byte 0x{byte:02X} at offset {at}); \
                     if it was saved as GBK, save it as UTF-8"
                ),
                readable: before.to_string(),
            })
        }
    }
}

/// The rule files named, with folders expanded to the `.rubric` files below them, sorted.
pub fn rule_files(paths: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paths {
        let path = std::path::Path::new(p);
        if !path.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut stack = vec![path.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rubric") {
                    found.push(p.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        found.sort();
        out.extend(found);
    }
    out
}

/// The formats of facts files, by extension.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`
    Json,
    /// `.jsonl` or `.ndjson`: one unit a line
    JsonLines,
    /// `.csv`
    Csv,
    /// `.toml`
    Toml,
    /// `.xlsx`, `.xlsm`, `.ods` or `.xls`: a workbook, read by `rubric-xlsx`
    Workbook,
}

/// The format of a facts file, by its extension.
pub fn format_of(path: &str) -> Option<Format> {
    let ext = std::path::Path::new(path).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "json" => Some(Format::Json),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "csv" => Some(Format::Csv),
        "toml" => Some(Format::Toml),
        "xlsx" | "xlsm" | "ods" | "xls" => Some(Format::Workbook),
        _ => None,
    }
}

/// Reads a facts file whole, by its extension (.json, .jsonl, .csv, .toml, .xlsx, .ods, .xls),
/// within the facts budgets, reporting problems and writing the reader's notes (the encoding of a
/// table, float noise removed from a workbook) to stderr; `None` when it failed.
pub fn read_facts(ui: &Ui, path: &str) -> Option<Vec<UnitFacts>> {
    read_facts_with(ui, path, &[]).map(|(units, _)| units)
}

/// [`read_facts`], and from a workbook the sheets named after one of `lists`, each a list's table.
pub fn read_facts_with(ui: &Ui, path: &str, lists: &[&str]) -> Option<(Vec<UnitFacts>, Vec<rubric_xlsx::ListSheet>)> {
    let Some(format) = format_of(path) else {
        ui.report(&Problem::UnknownFormat { path });
        return None;
    };
    let limits = facts_limits();
    let bytes = match read_bounded(path, limits.max_bytes, true) {
        Ok(b) => b,
        Err(Refusal::TooLarge(size)) => {
            ui.error(&limits.too_large(size));
            ui.say(&Note::WhileReading { path });
            return None;
        }
        Err(Refusal::Why(why)) => return cannot_read(ui, path, why),
    };
    let mut notes = Vec::new();
    let mut sheets = Vec::new();
    let result = match format {
        Format::Csv => {
            let mut table = rubric::facts::csv::read_with(&bytes, &limits);
            let units = (&mut table).collect();
            notes = table.notes();
            units
        }
        Format::Workbook => {
            match rubric_xlsx::read_workbook(&bytes, &rubric_xlsx::WorkbookLimits::from_facts(&limits), lists) {
                Ok(read) => {
                    notes = read.notes;
                    sheets = read.lists;
                    Ok(read.units)
                }
                Err(e) => {
                    ui.error(&e);
                    return None;
                }
            }
        }
        Format::Toml => {
            rubric::facts::decode_utf8(&bytes).and_then(|t| rubric::facts::toml::from_toml_with(t, &limits))
        }
        Format::Json => rubric::facts::decode_utf8(&bytes).and_then(|t| rubric::facts::from_json_with(t, &limits)),
        Format::JsonLines => rubric::facts::json_lines(bytes.as_slice(), &limits).collect(),
    };
    for words in &notes {
        ui.say(&Note::Read { path, words });
    }
    match result {
        Ok(u) => Some((u, sheets)),
        Err(e) => {
            ui.error(&e);
            None
        }
    }
}

/// Whether a column of a facts table was reported as not a fact: the run then exits with 2,
/// after the units are scored without it.
static UNKNOWN_COLUMNS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether [`set_aside_unknown`] reported a column.
pub fn unknown_columns() -> bool {
    UNKNOWN_COLUMNS.load(std::sync::atomic::Ordering::Relaxed)
}

/// Sets aside the columns of a table that the rubric does not declare, reporting each once
/// (`rubric::unknown-column`) rather than once per unit.
pub fn set_aside_unknown(
    ui: &Ui,
    rubric: &rubric::Rubric,
    check: &mut rubric::UnknownColumns,
    units: &mut [UnitFacts],
) {
    for u in units {
        report_unknown(ui, &check.set_aside(rubric, u));
    }
}

/// Reports the columns [`rubric::UnknownColumns::set_aside`] found: the run then exits with 2.
pub fn report_unknown(ui: &Ui, errors: &[rubric::FactsError]) {
    for e in errors {
        UNKNOWN_COLUMNS.store(true, std::sync::atomic::Ordering::Relaxed);
        ui.error(e);
    }
}

/// [`read_facts`], then the columns the rubric does not declare set aside ([`set_aside_unknown`]).
pub fn read_facts_for(ui: &Ui, path: &str, rubric: &rubric::Rubric) -> Option<Vec<UnitFacts>> {
    let lists = rubric_out::lists::list_names(rubric);
    let (mut units, sheets) = read_facts_with(ui, path, &lists)?;
    // Facts for a period, for a rubric without periods, are refused before anything is scored.
    if stray(ui, rubric, &units) {
        return None;
    }
    if !crate::list_tables::join_sheets(ui, path, rubric, sheets, &mut units)
        || !crate::list_tables::read_lists(ui, path, rubric, &mut units)
    {
        return None;
    }
    set_aside_unknown(ui, rubric, &mut rubric::UnknownColumns::default(), &mut units);
    Some(units)
}

/// The `--list LIST=FILE` options, set once, in `main`.
static LIST_TABLES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// Sets the `--list` options.
pub fn set_list_tables(lists: Vec<String>) {
    let _ = LIST_TABLES.set(lists);
}

/// The `--list` options.
pub fn list_tables() -> &'static [String] {
    LIST_TABLES.get().map(Vec::as_slice).unwrap_or_default()
}

fn cannot_read<T>(ui: &Ui, path: &str, why: Why) -> Option<T> {
    ui.report(&Problem::CannotRead { path, why });
    None
}

/// Loads a rubric for scoring, reporting its diagnostics; `Err(exit code)` when it cannot be scored.
pub fn rubric_for_scoring(ui: &Ui, path: &str) -> Result<rubric::Rubric, u8> {
    let load = rubric::load(path, &FsLoader::for_entry(path));
    ui.load_report(&load);
    match load.loaded {
        rubric::Loaded::Rubric(r) => Ok(*r),
        rubric::Loaded::Library => {
            ui.report(&Problem::Library { path });
            Err(BAD_INPUT)
        }
        _ => {
            ui.say(&Note::UntilFixed { path });
            Err(BAD_INPUT)
        }
    }
}

/// The units to score: all, or the one named.
pub fn pick<'a>(ui: &Ui, units: &'a [UnitFacts], name: Option<&str>, facts_path: &str) -> Option<Vec<&'a UnitFacts>> {
    match name {
        None => Some(units.iter().collect()),
        Some(n) => {
            // Unit names are read trimmed, so the name asked for is too.
            let n = n.trim();
            let found: Vec<&UnitFacts> = units.iter().filter(|u| u.unit == n).collect();
            if found.is_empty() {
                let names: Vec<&str> = rubric::analysis::periods::units(units);
                ui.report(&Problem::NoUnit { unit: n, facts: facts_path, units: &names });
                return None;
            }
            Some(found)
        }
    }
}

/// Scores the units picked, with full explanations, in the order of the facts file. When the
/// rules compare units (`rank`, `best`, …) every unit of the facts file is the cohort, whichever
/// are picked: one scoring request says so for every command. A unit of a rubric in periods is
/// scored from its records for every period.
pub fn score_picked(
    rubric: &rubric::Rubric,
    all: &[UnitFacts],
    picked: &[&UnitFacts],
) -> Vec<Result<rubric::Outcome, rubric::EvalError>> {
    let names: std::collections::HashSet<&str> = picked.iter().map(|u| u.unit.as_str()).collect();
    let scoring = rubric.scoring().explained();
    let scoring = match picked {
        [one] => scoring.only(&one.unit),
        _ => scoring,
    };
    let mut out = Vec::with_capacity(picked.len());
    scoring.units_each(all, |s| {
        if names.contains(s.unit.as_str()) {
            out.push(s.outcome);
        }
    });
    out
}

/// Reports facts that name a period when the rubric has none; true when there are such facts.
pub fn stray(ui: &Ui, rubric: &rubric::Rubric, records: &[UnitFacts]) -> bool {
    match rubric_out::facts::stray_period(rubric, records) {
        Some(e) => {
            ui.error(&e);
            true
        }
        None => false,
    }
}
