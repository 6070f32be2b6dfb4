//! Rule-file sources: how files are found (the embedder's [`Loader`]) and kept for diagnostics.

use std::collections::HashMap;
use std::sync::Arc;

/// Supplies the text of rule files. The library does no I/O itself: the embedder
/// (or the CLI) decides where files come from — disk, a database, memory ([`MemoryLoader`]).
///
/// [`crate::load`] asks for the entry file by the path it was given, then for each `import`
/// by the path resolved against the importing file's folder (`import "shared/a.rubric"` in
/// `rules/x.rubric` asks for `rules/shared/a.rubric`). Each path is asked for once.
pub trait Loader {
    /// The text of the file at `path`, or a message saying why it cannot be read; the message
    /// is shown in the `rubric::read` (entry file) or `rubric::import` diagnostic.
    fn load(&self, path: &str) -> Result<String, String>;

    /// When [`Loader::load`] refused a file for its content (it is not UTF-8), the text before
    /// the first byte that cannot be read, so that the diagnostic points at that place (its
    /// line and column) instead of the start of the file. By default, nothing.
    fn readable_part(&self, path: &str) -> Option<String> {
        let _ = path;
        None
    }
}

/// A loader over files held in memory, keyed by path: for tests, and for hosts that keep
/// rule files as strings.
///
/// ```
/// let loader = rubric::MemoryLoader::new()
///     .with("main.rubric", "import \"shared/a.rubric\"\nrubric \"r\" { use 甲 }")
///     .with("shared/a.rubric", "block 甲 \"甲\" { item 甲.1 \"一\" max 1 { award 1 when true } }");
/// let load = rubric::load("main.rubric", &loader);
/// assert!(load.rubric.is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryLoader {
    files: HashMap<String, String>,
}

impl MemoryLoader {
    /// An empty set of files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file under `path`, replacing any file already there.
    pub fn with(mut self, path: impl Into<String>, text: impl Into<String>) -> Self {
        self.files.insert(path.into(), text.into());
        self
    }
}

impl Loader for MemoryLoader {
    fn load(&self, path: &str) -> Result<String, String> {
        self.files.get(path).cloned().ok_or_else(|| "no such file".to_string())
    }
}

/// One source file: its path and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path it was loaded from.
    pub name: String,
    /// Its text.
    pub text: Arc<str>,
    /// Byte offsets where lines start, computed once when first needed.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Byte offsets at which the lines of the text start (the first is 0).
    pub fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The 0-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let starts = self.line_starts();
        starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }
}

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// Every file read while loading a rubric, for rendering diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, name: &str, text: &str) -> FileId {
        self.files.push(SourceFile {
            name: name.to_string(),
            text: Arc::from(text),
            line_starts: std::sync::OnceLock::new(),
        });
        self.files.len() - 1
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id)
    }

    /// The id of the file with this path, if it was read.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files.iter().position(|f| f.name == name)
    }

    /// All files.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
}

/// Resolves `import "path"` written in file `from`: relative to `from`'s folder.
pub fn resolve_import(from: &str, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(p) if *p != ".." && !p.is_empty()) {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::resolve_import;

    #[test]
    fn imports_resolve_relative_to_the_importing_file() {
        assert_eq!(resolve_import("rules/a/x.rubric", "shared/b.rubric"), "rules/a/shared/b.rubric");
        assert_eq!(resolve_import("rules/a/x.rubric", "../b.rubric"), "rules/b.rubric");
        assert_eq!(resolve_import("x.rubric", "b.rubric"), "b.rubric");
        assert_eq!(resolve_import("x.rubric", "../b.rubric"), "../b.rubric");
    }
}
