//! Reading files: rule files (and folders of them) and facts files by their extension.

use crate::ui::{BAD_INPUT, Ui};
use rubric::{Loader, UnitFacts};

/// Loads rule files from the file system.
pub struct FsLoader;

impl Loader for FsLoader {
    fn load(&self, path: &str) -> Result<String, String> {
        read_text(path)
    }

    fn readable_part(&self, path: &str) -> Option<String> {
        let bytes = read_bytes(path).ok()?;
        let e = std::str::from_utf8(&bytes).err()?;
        let part = bytes.get(..e.valid_up_to())?;
        std::str::from_utf8(part).ok().map(|t| t.strip_prefix('\u{feff}').unwrap_or(t).to_string())
    }
}

/// Reads a UTF-8 text file, saying plainly why it cannot be read.
pub fn read_text(path: &str) -> Result<String, String> {
    let bytes = read_bytes(path)?;
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
            Err(format!(
                "the file is not UTF-8 from line {line}, column {column} (the byte 0x{byte:02X} at offset {at}); if it \
                 was saved as GBK, save it as UTF-8"
            ))
        }
    }
}

fn read_bytes(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        _ => e.to_string().to_lowercase(),
    })
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

/// Reads a facts file by its extension (.json, .csv, .toml), reporting problems; `None` when it failed.
pub fn read_facts(ui: &Ui, path: &str) -> Option<Vec<UnitFacts>> {
    let ext = std::path::Path::new(path).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let result = match ext.as_str() {
        "csv" => match read_bytes(path) {
            Ok(b) => rubric::facts_csv::from_csv_bytes(&b),
            Err(why) => return cannot_read(ui, path, &why),
        },
        "toml" => match read_text(path) {
            Ok(t) => rubric::facts_toml::from_toml(&t),
            Err(why) => return cannot_read(ui, path, &why),
        },
        "json" => match read_text(path) {
            Ok(t) => rubric::facts::from_json(&t),
            Err(why) => return cannot_read(ui, path, &why),
        },
        _ => {
            ui.problem(&format!("cannot tell the format of `{path}`"), Some("facts files end in .json, .csv or .toml"));
            return None;
        }
    };
    match result {
        Ok(u) => Some(u),
        Err(e) => {
            ui.error(&e);
            None
        }
    }
}

fn cannot_read<T>(ui: &Ui, path: &str, why: &str) -> Option<T> {
    ui.problem(&format!("cannot read `{path}`: {why}"), None);
    None
}

/// Loads a rubric for scoring, reporting its diagnostics; `Err(exit code)` when it cannot be scored.
pub fn rubric_for_scoring(ui: &Ui, path: &str) -> Result<rubric::Rubric, u8> {
    let load = rubric::load(path, &FsLoader);
    ui.load_report(&load);
    match load.rubric {
        Some(r) => Ok(r),
        None if load.library => {
            ui.problem(&format!("`{path}` is a library of blocks"), Some("score the rubric that imports it"));
            Err(BAD_INPUT)
        }
        None => {
            ui.note(&format!("{path}: cannot score units until the rule file is fixed"));
            Err(BAD_INPUT)
        }
    }
}

/// The units to score: all, or the one named.
pub fn pick<'a>(ui: &Ui, units: &'a [UnitFacts], name: Option<&str>, facts_path: &str) -> Option<Vec<&'a UnitFacts>> {
    match name {
        None => Some(units.iter().collect()),
        Some(n) => {
            let found: Vec<&UnitFacts> = units.iter().filter(|u| u.unit == n).collect();
            if found.is_empty() {
                let names: Vec<&str> = rubric::periods::units(units);
                ui.problem(
                    &format!("no unit `{n}` in `{facts_path}`"),
                    Some(&format!("the units are: {}", names.join(", "))),
                );
                return None;
            }
            Some(found)
        }
    }
}

/// Scores the units picked, with full explanations, in their order. When the rules compare
/// units (`rank`, `best`, …) every unit of the facts file is the cohort, whichever are picked.
pub fn score_picked(
    rubric: &rubric::Rubric,
    all: &[UnitFacts],
    picked: &[&UnitFacts],
) -> Vec<Result<rubric::UnitScore, rubric::EvalError>> {
    if rubric.is_cohort() {
        let mut scored: Vec<Option<Result<rubric::UnitScore, rubric::EvalError>>> =
            rubric.evaluate_all(all).into_iter().map(Some).collect();
        picked
            .iter()
            .filter_map(|p| all.iter().position(|u| std::ptr::eq(u, *p)).and_then(|i| scored.get_mut(i)?.take()))
            .collect()
    } else {
        let units: Vec<UnitFacts> = picked.iter().map(|u| (*u).clone()).collect();
        rubric.evaluate_all(&units)
    }
}
