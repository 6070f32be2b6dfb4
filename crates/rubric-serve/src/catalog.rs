//! The rubrics of the rules folder: every `.rubric` file that checks is served under its id (its
//! path under the folder without `.rubric`, `/`-separated); one that does not is listed with its
//! diagnostics. Nothing is read outside the folder: files are found by walking it (links that
//! lead out are passed over), and every file the loader is asked for, imports included, must
//! have its real path inside it. A request names a rubric only by id, looked up here, never as
//! a path.

use rubric::{LoadError, Loader, Rubric};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Deepest folder walked under the rules folder.
const MAX_DEPTH: usize = 8;
/// Most files looked at under the rules folder.
const MAX_FILES: usize = 10_000;

/// A rubric being served.
pub struct Entry {
    /// Its id: `wushen-2024`, `ordos-2024/ranking`.
    pub id: String,
    /// Its rule file, relative to the rules folder, `/`-separated.
    pub file: String,
    /// The checked rubric.
    pub rubric: Arc<Rubric>,
    /// The example facts shipped next to it (`ID.facts.json`), read when it was loaded.
    pub example: Option<Arc<[u8]>>,
}

/// A rule file that does not check: its file and its diagnostics (kept to be said in either
/// language).
pub struct Problem {
    /// The rule file, relative to the rules folder.
    pub file: String,
    /// The report and the files read, to render the diagnostics.
    pub load: rubric::Load,
}

impl Problem {
    /// `{"file", "diagnostics":[…]}`, the diagnostics as `check --format json` writes them.
    pub fn json(&self, lang: rubric::Lang) -> serde_json::Value {
        let r = &self.load.report;
        let diags: Vec<serde_json::Value> = r
            .errors()
            .chain(r.warnings())
            .take(1_000)
            .map(|d| rubric_out::diag::rule_json(&d.in_lang(lang), &self.load.sources))
            .collect();
        serde_json::json!({ "file": self.file, "diagnostics": diags })
    }
}

/// Every file under the folder with its size and time of change: the catalog is loaded again
/// when this changes.
pub type Stamp = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// The rubrics served and the rule files that fail to check.
#[derive(Default)]
pub struct Catalog {
    /// By id.
    pub entries: BTreeMap<String, Arc<Entry>>,
    /// In the order of their files.
    pub problems: Vec<Problem>,
    /// What the folder held when this was loaded.
    pub stamp: Stamp,
}

/// Walks the rules folder: every regular file (links followed only when they stay inside).
pub fn walk(root: &Path) -> std::io::Result<Stamp> {
    let mut out = Stamp::new();
    let mut todo = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = todo.pop() {
        for e in std::fs::read_dir(&dir)? {
            let path = e?.path();
            let Ok(real) = std::fs::canonicalize(&path) else { continue };
            if !real.starts_with(root) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&real) else { continue };
            if meta.is_dir() && depth < MAX_DEPTH {
                todo.push((path, depth + 1));
            } else if meta.is_file() && out.len() < MAX_FILES {
                out.insert(path, (meta.len(), meta.modified().ok()));
            }
        }
    }
    Ok(out)
}

/// The id of a rule file: its path under `root` without `.rubric`, `/`-separated.
fn id_of(root: &Path, path: &Path) -> Option<(String, String)> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel.components().map(|c| c.as_os_str().to_str()).collect::<Option<_>>()?;
    let file = parts.join("/");
    let id = file.strip_suffix(".rubric")?.to_string();
    Some((id, file))
}

/// Loads every rubric of the folder (`root` is its real path). A rule file that fails keeps
/// the entry of `last` with its id, if there is one.
pub fn load(root: &Path, last: Option<&Catalog>, facts: &rubric::facts::FactsLimits) -> std::io::Result<Catalog> {
    let stamp = walk(root)?;
    let loader = DirLoader { root: root.to_path_buf() };
    let mut out = Catalog::default();
    for path in stamp.keys() {
        let Some((id, file)) = id_of(root, path) else { continue };
        let Some(entry) = path.to_str() else { continue };
        let loaded = rubric::load(entry, &loader);
        match loaded.loaded {
            rubric::Loaded::Rubric(r) => {
                // Only a file the walk found: a link next to the rule file that leads out is not read.
                let beside = path.with_extension("facts.json");
                let example = stamp
                    .contains_key(&beside)
                    .then(|| read_bounded(&beside, facts.max_bytes).ok().map(Arc::from))
                    .flatten();
                out.entries.insert(id.clone(), Arc::new(Entry { id, file, rubric: Arc::from(r), example }));
            }
            rubric::Loaded::Library => {}
            _ => {
                if let Some(old) = last.and_then(|l| l.entries.get(&id)) {
                    out.entries.insert(id, Arc::clone(old));
                }
                out.problems.push(Problem { file, load: loaded });
            }
        }
    }
    out.stamp = stamp;
    Ok(out)
}

/// Reads rule files for the library: only regular files whose real path is inside the rules
/// folder, within the size budget the library asks with.
struct DirLoader {
    root: PathBuf,
}

impl Loader for DirLoader {
    fn load(&self, path: &str, max_bytes: usize) -> Result<String, LoadError> {
        let real = std::fs::canonicalize(path).map_err(|e| LoadError::Unreadable(e.kind().to_string()))?;
        if !real.starts_with(&self.root) {
            return Err("it leads outside the rules folder".into());
        }
        let bytes = read_bounded(&real, max_bytes).map_err(|e| match e {
            Refused::TooLarge(size) => LoadError::TooLarge { size: Some(size) },
            Refused::Io(why) => LoadError::Unreadable(why),
        })?;
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        String::from_utf8(bytes.to_vec()).map_err(|_| "it is not UTF-8 text; save it as UTF-8".into())
    }
}

enum Refused {
    TooLarge(u64),
    Io(String),
}

/// At most `limit` bytes of a regular file, refused before reading when it is larger.
fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, Refused> {
    let meta = std::fs::metadata(path).map_err(|e| Refused::Io(e.kind().to_string()))?;
    if !meta.is_file() {
        return Err(Refused::Io("not a regular file".into()));
    }
    if meta.len() > limit as u64 {
        return Err(Refused::TooLarge(meta.len()));
    }
    let f = std::fs::File::open(path).map_err(|e| Refused::Io(e.kind().to_string()))?;
    let mut out = Vec::new();
    f.take(limit as u64 + 1).read_to_end(&mut out).map_err(|e| Refused::Io(e.kind().to_string()))?;
    if out.len() > limit {
        return Err(Refused::TooLarge(out.len() as u64));
    }
    Ok(out)
}
