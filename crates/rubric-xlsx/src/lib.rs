//! Excel workbooks for rubric: facts read from `.xlsx` (and `.ods`, `.xls`) exactly as the
//! sheet shows them ([`read_facts`]), and blank facts forms and results written as `.xlsx` for
//! an office to open, fill in and print ([`write`]).
//!
//! A crate of its own, beside the library: embedders who do not need Excel do not build it (nor
//! calamine, rust_xlsxwriter and zip). It reads a sheet by the rules of the library's CSV tables
//! ([`rubric::facts::csv::TableRows`]) and the cell spellings of [`rubric::facts::text`], so that a
//! table reads the same from a workbook and from its CSV.
//!
//! ```
//! use rubric::MemoryLoader;
//!
//! let rules = r#"rubric "示例" { fact 参训率: percent  item a "培训" max 2 { band 参训率 { [0, 80%) => 0  [80%, ..) => 2 } } }"#;
//! let rubric = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
//! let template = rubric_xlsx::write::template(&rubric, &["乌审旗".to_string()])?;
//! // The blank form reads back: its unit, no values yet.
//! let read = rubric_xlsx::read_facts(&template, &Default::default())?;
//! assert_eq!(read.units[0].unit, "乌审旗");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod limits;
mod number;
mod read;
mod scan;
pub mod show;
mod stored;
mod stream;
mod words;
pub mod write;

pub use error::{EncryptedWorkbook, SheetError, UnreadableWorkbook, WorkbookError};
pub use limits::WorkbookLimits;
pub use read::{FactsRead, ListSheet, read_facts, read_workbook};
pub use stream::stream_facts;
