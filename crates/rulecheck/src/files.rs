//! Reading rule and facts files from disk.

use rubric::Loader;

/// Loads rule files from the file system.
pub struct FsLoader;

impl Loader for FsLoader {
    fn load(&self, path: &str) -> Result<String, String> {
        read_text(path)
    }
}

/// Reads a UTF-8 text file, saying plainly why it cannot be read.
pub fn read_text(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => e.to_string().to_lowercase(),
    })?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16; save it as UTF-8".into());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => Err(format!(
            "the file is not UTF-8 (invalid byte at offset {}); if it was saved as GBK, save it as UTF-8",
            e.utf8_error().valid_up_to()
        )),
    }
}
