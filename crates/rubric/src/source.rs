//! Rule-file sources: how files are found (the embedder's [`Loader`]), where imports may lead
//! (the project root), and the files read, kept for diagnostics.

use std::collections::HashMap;
use std::sync::Arc;

/// Supplies the text of rule files. The library does no I/O itself: the embedder
/// (or the CLI) decides where files come from — disk, a database, memory ([`MemoryLoader`]).
///
/// [`crate::load`] asks for the entry file by the path it was given, then for each `import`
/// by the path resolved against the importing file's folder (`import "shared/a.rubric"` in
/// `rules/x.rubric` asks for `rules/shared/a.rubric`). Each path is asked for once. An import
/// that leads outside the project root — the entry file's folder ([`project_root`]) — is
/// refused by the library (`rubric::import-outside`) without asking the loader, so a loader is
/// only ever asked for the entry file and for paths inside its folder, written with `/`.
///
/// `max_bytes` is the budget for one file (`Limits::max_bytes`, 1 MiB by default). A loader
/// that reads from disk or a network should refuse a larger file before reading it
/// ([`LoadError::TooLarge`]) and never read more than `max_bytes + 1` bytes of it; a text
/// longer than the budget is refused by the library in any case (`rubric::budget`). A loader
/// over a file system should also read only regular files (no device, pipe or `/proc` file)
/// and refuse a link that leads out of the root: `rulecheck`'s loader does both.
pub trait Loader {
    /// The text of the file at `path`, or why it cannot be read: the message of
    /// [`LoadError::Unreadable`] is shown in the `rubric::read` (entry file) or `rubric::import`
    /// diagnostic, so it must not hold the file's content.
    fn load(&self, path: &str, max_bytes: usize) -> Result<String, LoadError>;
}

/// Why a [`Loader`] gives no text for a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The file is larger than the budget it was asked within: its size in bytes when known
    /// (none when reading stopped at the budget).
    TooLarge {
        /// The file's size.
        size: Option<u64>,
    },
    /// The file is not UTF-8 text: why, and the text before the first byte that is not, so
    /// that the `rubric::read` diagnostic of an entry file points at that place (its line and
    /// column) instead of the start of the file.
    NotText {
        /// Why, in words.
        why: String,
        /// The text before the first byte that is not UTF-8.
        readable: String,
    },
    /// Any other reason, in words: "no such file".
    Unreadable(String),
}

impl From<String> for LoadError {
    fn from(why: String) -> Self {
        LoadError::Unreadable(why)
    }
}

impl From<&str> for LoadError {
    fn from(why: &str) -> Self {
        LoadError::Unreadable(why.to_string())
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
/// assert!(load.rubric().is_some());
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
    /// The text held under `path`. It is in memory already, so the budget is left to the
    /// check before parsing, which locates the excess (`rubric::budget`).
    fn load(&self, path: &str, _max_bytes: usize) -> Result<String, LoadError> {
        self.files.get(path).cloned().ok_or_else(|| "no such file".into())
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

/// A path split into its folders, with `.` and `..` resolved as far as the path allows: an
/// absolute path keeps no `..`; a relative one keeps only leading `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts<'a> {
    absolute: bool,
    segs: Vec<&'a str>,
}

impl<'a> Parts<'a> {
    fn of(path: &'a str) -> Self {
        let mut p = Parts { absolute: path.starts_with('/'), segs: Vec::new() };
        p.push(path);
        p
    }

    /// Appends a relative path.
    fn push(&mut self, path: &'a str) {
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => match self.segs.last() {
                    Some(&last) if last != ".." => {
                        self.segs.pop();
                    }
                    _ if self.absolute => {}
                    _ => self.segs.push(".."),
                },
                s => self.segs.push(s),
            }
        }
    }

    /// The folder holding this path.
    fn folder(mut self) -> Self {
        match self.segs.last() {
            Some(&last) if last != ".." => {
                self.segs.pop();
            }
            _ => self.segs.push(".."),
        }
        self
    }

    /// Whether `self` is below `root`.
    fn is_below(&self, root: &Parts<'_>) -> bool {
        self.absolute == root.absolute
            && self.segs.len() > root.segs.len()
            && self.segs.starts_with(&root.segs)
            && self.segs.get(root.segs.len()..).is_some_and(|rest| !rest.contains(&".."))
    }

    fn join(&self) -> String {
        let body = self.segs.join("/");
        match (self.absolute, body.is_empty()) {
            (true, _) => format!("/{body}"),
            (false, true) => ".".to_string(),
            (false, false) => body,
        }
    }
}

/// The project root of a rule file: the folder of the entry file (the file named on the
/// command line, or given to [`crate::load`]), written with `/` and with `.` and `..` resolved;
/// `.` for a file in the current folder. Imports are read only from the root and the folders
/// below it.
///
/// ```
/// use rubric::source::project_root;
/// assert_eq!(project_root("rules/county-2021/cemetery.rubric"), "rules/county-2021");
/// assert_eq!(project_root("./a/../rules/x.rubric"), "rules");
/// assert_eq!(project_root("x.rubric"), ".");
/// ```
pub fn project_root(entry: &str) -> String {
    Parts::of(entry).folder().join()
}

/// Why an import may not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// An absolute path (`/etc/passwd`), or one written for Windows (`C:`, `\`).
    Absolute,
    /// A path that leads out of the project root (`../../secret.txt`).
    AboveRoot,
}

/// Resolves `import "path"` written in file `from` (the entry file or a file it imports):
/// relative to `from`'s folder, and within the project root of `entry` ([`project_root`]).
///
/// ```
/// use rubric::source::{Outside, resolve_import};
/// let entry = "rules/county-2021/cemetery.rubric";
/// assert_eq!(
///     resolve_import(entry, entry, "shared/innovation.rubric").as_deref(),
///     Ok("rules/county-2021/shared/innovation.rubric")
/// );
/// assert_eq!(resolve_import(entry, entry, "../wushen-2024.rubric"), Err(Outside::AboveRoot));
/// assert_eq!(resolve_import(entry, entry, "/etc/passwd"), Err(Outside::Absolute));
/// ```
pub fn resolve_import(entry: &str, from: &str, path: &str) -> Result<String, Outside> {
    let drive = path.as_bytes().get(1) == Some(&b':');
    if path.starts_with('/') || path.contains('\\') || drive {
        return Err(Outside::Absolute);
    }
    let root = Parts::of(entry).folder();
    let mut target = Parts::of(from).folder();
    target.push(path);
    if !target.is_below(&root) {
        return Err(Outside::AboveRoot);
    }
    Ok(target.join())
}

#[cfg(test)]
mod tests {
    use super::{Outside, project_root, resolve_import};

    #[test]
    fn imports_resolve_relative_to_the_importing_file() {
        let e = "rules/a/x.rubric";
        assert_eq!(resolve_import(e, e, "shared/b.rubric").as_deref(), Ok("rules/a/shared/b.rubric"));
        assert_eq!(resolve_import(e, "rules/a/shared/b.rubric", "c.rubric").as_deref(), Ok("rules/a/shared/c.rubric"));
        assert_eq!(resolve_import(e, "rules/a/shared/b.rubric", "../c.rubric").as_deref(), Ok("rules/a/c.rubric"));
        assert_eq!(resolve_import("x.rubric", "x.rubric", "b.rubric").as_deref(), Ok("b.rubric"));
        assert_eq!(resolve_import("./x.rubric", "./x.rubric", "./s/../b.rubric").as_deref(), Ok("b.rubric"));
        assert_eq!(resolve_import("../p/x.rubric", "../p/x.rubric", "s/b.rubric").as_deref(), Ok("../p/s/b.rubric"));
        assert_eq!(resolve_import("/srv/r/x.rubric", "/srv/r/x.rubric", "b.rubric").as_deref(), Ok("/srv/r/b.rubric"));
    }

    #[test]
    fn imports_stay_inside_the_project_root() {
        let e = "rules/a/x.rubric";
        for path in ["../b.rubric", "../../secret.txt", "shared/../../b.rubric", "..", ".", "shared/..", ""] {
            assert_eq!(resolve_import(e, e, path), Err(Outside::AboveRoot), "{path}");
        }
        assert_eq!(resolve_import(e, "rules/a/shared/b.rubric", "../../c.rubric"), Err(Outside::AboveRoot));
        assert_eq!(resolve_import("x.rubric", "x.rubric", "../b.rubric"), Err(Outside::AboveRoot));
        assert_eq!(resolve_import("../x.rubric", "../x.rubric", "../b.rubric"), Err(Outside::AboveRoot));
        assert_eq!(resolve_import("/r/x.rubric", "/r/x.rubric", "../../../etc/passwd"), Err(Outside::AboveRoot));
        for path in ["/etc/passwd", "/proc/self/environ", "C:/x.rubric", "shared\\b.rubric", "\\\\server\\x"] {
            assert_eq!(resolve_import(e, e, path), Err(Outside::Absolute), "{path}");
        }
        assert_eq!(project_root("/x.rubric"), "/");
        assert_eq!(project_root("../../x.rubric"), "../..");
    }
}
