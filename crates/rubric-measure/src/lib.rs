//! The importer's yardstick: how many scoring rows of a drafted rule file score exactly as the
//! hand-written file's rows of the same id, over the same generated facts.
//!
//! Each row is a function of the values it reads. For every row id in both files, the draft row's
//! inputs are matched to the hand row's (facts by type; a hand `let` dividing one count by another
//! stands for a draft's percent fact) by every type-compatible bijection, and each is tried on
//! samples that sit on, just above and just below every number, percent and date the rows mention,
//! with 0 and a large value. A row is identical when one correspondence gives the same exact
//! score on every sample. Only the public API of `rubric` is used.

pub mod compare;
pub mod error;
pub mod side;
pub mod table;
pub mod values;

pub use compare::{Verdict, Why, compare_row};
pub use error::MeasureError;
pub use side::Side;
pub use table::{Measure, RowReport};

use rubric::{LoadError, Loader};
use std::path::{Path, PathBuf};

/// The samples tried per correspondence of a row unless told otherwise.
pub const DEFAULT_SAMPLES: usize = 512;

/// Compares every row of `draft` with the row of the same id in `hand`; a hand row missing from
/// the draft whose group or section is a draft row is compared as that group (each of its rows
/// gets the group's verdict).
pub fn measure(draft: &Side, hand: &Side, samples: usize) -> Measure {
    let mut rows = Vec::new();
    let mut groups: Vec<(String, Verdict)> = Vec::new();
    for h in &hand.rows {
        let (verdict, via) = match draft.rows.iter().find(|d| d.id == h.id) {
            Some(d) => (compare_row(draft, d, hand, h, samples), None),
            None => {
                match hand.groups.iter().find(|g| g.covers.contains(&h.id) && draft.rows.iter().any(|d| d.id == g.id)) {
                    Some(g) => {
                        let verdict = match groups.iter().find(|(id, _)| *id == g.id) {
                            Some((_, v)) => v.clone(),
                            None => {
                                let d = draft.rows.iter().find(|d| d.id == g.id);
                                let v = d.map_or(Verdict::MissingInDraft, |d| compare_row(draft, d, hand, g, samples));
                                groups.push((g.id.clone(), v.clone()));
                                v
                            }
                        };
                        (verdict, Some(g.id.clone()))
                    }
                    None => (Verdict::MissingInDraft, None),
                }
            }
        };
        rows.push(RowReport { id: h.id.clone(), title: h.title.clone(), verdict, via });
    }
    let matched = |id: &str| hand.rows.iter().any(|h| h.id == id) || groups.iter().any(|(g, _)| g == id);
    for d in draft.rows.iter().filter(|d| !matched(&d.id)) {
        rows.push(RowReport { id: d.id.clone(), title: d.title.clone(), verdict: Verdict::MissingInHand, via: None });
    }
    Measure { draft: draft.name.clone(), hand: hand.name.clone(), rows }
}

/// Reads rule files from a folder (the entry file's), only regular files below it.
#[derive(Debug)]
pub struct FolderLoader {
    root: PathBuf,
}

impl Loader for FolderLoader {
    fn load(&self, path: &str, max_bytes: usize) -> Result<String, LoadError> {
        let full = self.root.join(path);
        let meta = std::fs::metadata(&full).map_err(|e| LoadError::from(e.to_string()))?;
        if !meta.is_file() {
            return Err("not a regular file".to_string().into());
        }
        if usize::try_from(meta.len()).map_or(true, |n| n > max_bytes) {
            return Err(LoadError::TooLarge { size: Some(meta.len()) });
        }
        std::fs::read_to_string(&full).map_err(|e| LoadError::from(e.to_string()))
    }
}

/// Loads the rule file at `path` (its imports from its folder) as one side.
pub fn load_side(path: &Path) -> Result<Side, MeasureError> {
    load_side_as(path, &path.display().to_string())
}

/// Loads the rule file at `path` as one side shown as `shown`.
pub fn load_side_as(path: &Path, shown: &str) -> Result<Side, MeasureError> {
    let shown = shown.to_string();
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let Some(entry) = path.file_name().and_then(|n| n.to_str()) else {
        return Err(MeasureError::Read { file: shown, message: "not a file name".into() });
    };
    if !path.is_file() {
        return Err(MeasureError::Read { file: shown, message: "no such file".into() });
    }
    let load = rubric::load(entry, &FolderLoader { root });
    Side::from_load(&shown, load)
}
