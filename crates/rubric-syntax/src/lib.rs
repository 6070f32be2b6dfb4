//! Parser for the rubric rule language: the pest grammar in `grammar/` to an AST with spans.
//!
//! ```
//! let parsed = rubric_syntax::parse(r#"rubric "示例" { item 一 "行" max 1 { award 1 when 完成 } }"#);
//! assert!(parsed.is_ok());
//! ```

pub mod ast;
pub mod budget;
pub mod error;
pub mod fmt;
pub mod hidden;
pub mod keywords;
mod messages;
mod parser;
pub mod scan;
pub mod span;

pub use budget::Limits;
pub use error::{SyntaxError, YEARS};
pub use fmt::format;
pub use hidden::is_hidden;
pub use keywords::KEYWORDS;
pub use messages::clean;
pub use parser::{Parsed, parse, parse_with};
pub use span::{Span, Spanned};
