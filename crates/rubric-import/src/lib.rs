//! Draft rule files from rubric documents (issue 20): the text of a Word table as the seeds give
//! it, or a `.docx` read directly, laid out as sections, groups and items with the document's
//! numbers as ids, each row's points, deadline, lead, office and people, and its scoring sentence.
//!
//! Readers (`text`, `docx`) produce one table model (`table`); `columns` recognises each column
//! by its header's words; `layout` builds the tree; `rules` drafts a row's sentence as rules from
//! the claims `rubric-text` reads; `draft` writes the rule file through the project's formatter. It is a crate of its own so that the core stays free of document formats
//! (zip, XML) and `rulecheck` alone depends on it.

pub mod columns;
mod counts;
pub mod docx;
pub mod draft;
pub mod error;
pub mod layout;
pub mod limits;
pub mod rules;
pub mod table;
pub mod text;
pub mod words;

pub use draft::{Draft, Origin};
pub use error::ImportError;
pub use limits::Limits;
pub use table::Document;

/// Reads a document: a .docx (by its name or its zip signature) or UTF-8 text.
pub fn read(name: &str, bytes: &[u8], limits: &Limits) -> Result<Document, ImportError> {
    let is_docx = name.to_lowercase().ends_with(".docx") || docx::looks_like_zip(bytes);
    let max = if is_docx { limits.max_docx_bytes } else { limits.max_bytes };
    if bytes.len() > max {
        return Err(ImportError::TooLarge(error::Size { bytes: bytes.len() as u64, max: max as u64 }));
    }
    if is_docx {
        return docx::read_docx(bytes, limits);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text =
        std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8(error::NotUtf8 { offset: e.valid_up_to() }))?;
    text::read_text(text, limits)
}

/// Imports a document: one draft per table (a document may hold the tables of several units).
pub fn import(name: &str, bytes: &[u8], origin: &Origin, limits: &Limits) -> Result<Vec<Draft>, ImportError> {
    let doc = read(name, bytes, limits)?;
    let mut drafts = Vec::new();
    for t in &doc.tables {
        let laid = layout::lay_out(t)?;
        if laid.sections.is_empty() {
            continue;
        }
        drafts.push(draft::write(&laid, origin)?);
    }
    if drafts.is_empty() {
        return Err(ImportError::NoTable);
    }
    Ok(drafts)
}
