//! Errors of reading a workbook: one that cannot be read at all, one that is encrypted, and a
//! problem at a place in its facts sheet (named by sheet and cell, as Excel names them).

use miette::Diagnostic;
use rubric::errors::Words;
use rubric::render::{Lang, Render, Said};
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
    Sheet(Box<SheetError>),
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
    pub message: Words,
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
    pub at: Words,
    /// What is wrong.
    pub message: Words,
    /// How to fix it.
    #[help]
    pub help: Words,
}

impl WorkbookError {
    /// The error in a language: its message, help and place in Chinese or English (the facts
    /// errors through [`Render::facts_error`]).
    pub fn said(&self, render: &Render<'_>) -> Said {
        let zh = render.lang() == Lang::Zh;
        let said = |message: String, help: &str| Said {
            code: Some("rubric::facts-xlsx".into()),
            message,
            help: Some(help.into()),
            related: Vec::new(),
        };
        match (self, zh) {
            (WorkbookError::Facts(e), _) => render.facts_error(e),
            (WorkbookError::Unreadable(u), true) => said(
                format!("工作簿无法读取：{}", u.message.zh()),
                "用 Excel、WPS 或 LibreOffice 打开后重新保存为 Excel 工作簿（.xlsx）；下载或复制中断而不完整的文件无法读取",
            ),
            (WorkbookError::Encrypted(_), true) => said(
                "工作簿设有打开密码（已加密），无法读取单元格".into(),
                "在 Excel 中去掉密码（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码；WPS 中为 文件 › 文档加密），保存后再读取",
            ),
            (WorkbookError::Sheet(s), true) => said(format!("{}：{}", s.at.zh(), s.message.zh()), s.help.zh()),
            (other, false) => Said::of(other),
        }
    }
}
