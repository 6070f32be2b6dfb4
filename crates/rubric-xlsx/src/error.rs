//! Errors of reading a workbook: one that cannot be read at all, one that is encrypted, and a
//! problem at a place in its facts sheet (named by sheet and cell, as Excel names them).

use miette::Diagnostic;
use thiserror::Error;

/// A workbook whose facts cannot be read.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum WorkbookError {
    /// Not a workbook, or a damaged or truncated one.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Unreadable(UnreadableWorkbook),
    /// A workbook protected with a password to open: its contents are encrypted.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Encrypted(EncryptedWorkbook),
    /// A problem at a place of the facts sheet: the table's layout, a merged range, a cell whose
    /// value cannot be read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Sheet(SheetError),
    /// A problem every facts file can have: a budget, a unit given twice.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Facts(#[from] rubric::FactsError),
}

/// Not a workbook, or a damaged or truncated one.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("the workbook cannot be read: {message}")]
#[diagnostic(
    code("rubric::facts-xlsx"),
    help(
        "open it in Excel, WPS or LibreOffice and save it again as an Excel workbook (.xlsx); a file cut short by a download or a copy that stopped cannot be read"
    )
)]
pub struct UnreadableWorkbook {
    /// What is wrong, in words.
    pub message: String,
}

/// A workbook protected with a password to open: its contents are encrypted.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("the workbook is protected with a password (encrypted), so its cells cannot be read")]
#[diagnostic(
    code("rubric::facts-xlsx"),
    help(
        "open it in Excel and remove the password (文件 › 信息 › 保护工作簿 › 用密码进行加密, clear the password; in WPS 文件 › 文档加密), save it and read it again"
    )
)]
pub struct EncryptedWorkbook;

/// A problem at a place of the facts sheet: the table's layout, a merged range, a cell whose
/// value cannot be read.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{at}: {message}")]
#[diagnostic(code("rubric::facts-xlsx"))]
pub struct SheetError {
    /// Where: `sheet 事实, cell C3`, or `sheet 事实, cells B3:C3`.
    pub at: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[help]
    pub help: String,
}
