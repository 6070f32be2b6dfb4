//! Why a document cannot be imported: each error says where (a line of the text, a row of the
//! .docx table) and how to fix it, in English and in Chinese.

use miette::Diagnostic;
use rubric::Lang;
use thiserror::Error;

/// A document the importer cannot read or lay out.
#[derive(Debug, Clone, PartialEq, Eq, Error, Diagnostic)]
pub enum ImportError {
    /// The document is larger than the importer reads.
    #[error("the document is {} bytes, more than the {} bytes the importer reads", .0.bytes, .0.max)]
    #[diagnostic(code(rubric_import::too_large), help("split the document, or import the part with the table"))]
    TooLarge(Size),
    /// The text is not UTF-8.
    #[error("the text is not UTF-8 (byte {})", .0.offset)]
    #[diagnostic(code(rubric_import::not_utf8), help("save the text as UTF-8, or import the .docx itself"))]
    NotUtf8(NotUtf8),
    /// No table was found.
    #[error("no table found: no line starts a cell with a tab, and no `w:tbl` in a .docx")]
    #[diagnostic(
        code(rubric_import::no_table),
        help(
            "give the text of a Word table (each cell on a line starting with a tab, rows ended by an empty line) or the .docx"
        )
    )]
    NoTable,
    /// A table without a header row the importer recognises.
    #[error("the table at line {} has no header row naming its columns (序号, 评分标准, 分值, 责任人 …)", .0.line)]
    #[diagnostic(
        code(rubric_import::no_header),
        help(
            "add the table's header row: at least three cells such as `序号`, `评分标准`, `分值`, `完成时限`, `责任人`"
        )
    )]
    NoHeader(At),
    /// A row that cannot be placed in the rubric's tree.
    #[error("row at line {} cannot be placed: {}", .0.line, .0.why)]
    #[diagnostic(
        code(rubric_import::broken_row),
        help("give the row its 序号 (or 一级指标), or join it to the row above")
    )]
    BrokenRow(Broken),
    /// More rows, cells or text than a rubric document has.
    #[error("the table is too large: {} (at most {})", .0.what, .0.max)]
    #[diagnostic(code(rubric_import::table_too_large), help("import a document of one rubric's table"))]
    TableTooLarge(Budget),
    /// A file named .docx that is not one.
    #[error("not a .docx: {}", .0.why)]
    #[diagnostic(
        code(rubric_import::not_docx),
        help("save the document from Word or LibreOffice as .docx, or give its text")
    )]
    NotDocx(NotDocx),
    /// A draft the formatter refuses: a bug of the importer, never of the document.
    #[error("the draft does not parse ({}): a bug of the importer", .0.why)]
    #[diagnostic(code(rubric::internal), help("report this with the document; meanwhile write the rule file by hand"))]
    Internal(NotDocx),
}

/// The error of a draft the formatter refuses.
pub(crate) fn internal(_draft: &str, errors: &[rubric_syntax::SyntaxError]) -> ImportError {
    let why = errors.first().map(|e| e.to_string()).unwrap_or_default();
    ImportError::Internal(NotDocx { why: why.clone(), why_zh: why })
}

/// A size and the budget it exceeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    /// The size.
    pub bytes: u64,
    /// The budget.
    pub max: u64,
}

/// Where UTF-8 breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The first byte that is not valid UTF-8.
    pub offset: usize,
}

/// A place in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// The 1-based line (text) or row (.docx).
    pub line: usize,
}

/// A row that cannot be placed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The 1-based line (text) or row (.docx).
    pub line: usize,
    /// Why, in English.
    pub why: String,
    /// Why, in Chinese.
    pub why_zh: String,
}

/// A budget exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    /// What went over it, in English.
    pub what: String,
    /// The budget.
    pub max: usize,
}

/// Why a file is not a .docx.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotDocx {
    /// In English.
    pub why: String,
    /// In Chinese.
    pub why_zh: String,
}

impl ImportError {
    /// The message and its help, in `lang`.
    pub fn said(&self, lang: Lang) -> (String, String) {
        let en = (self.to_string(), miette::Diagnostic::help(self).map(|h| h.to_string()).unwrap_or_default());
        if lang == Lang::En {
            return en;
        }
        let (m, h) = match self {
            ImportError::TooLarge(s) => (
                format!("文档有 {} 字节，超过导入能读的 {} 字节", s.bytes, s.max),
                "拆分文档，或只导入含表格的部分".to_string(),
            ),
            ImportError::NotUtf8(n) => (
                format!("文本不是 UTF-8 编码（第 {} 字节）", n.offset),
                "把文本另存为 UTF-8，或直接导入 .docx".to_string(),
            ),
            ImportError::NoTable => (
                "没有找到表格：没有以制表符开始单元格的行，.docx 中也没有 `w:tbl`".to_string(),
                "提供 Word 表格的文本（每个单元格一行、以制表符开头，行以空行结束）或 .docx 文件".to_string(),
            ),
            ImportError::NoHeader(a) => (
                format!("第 {} 行的表格没有可识别的表头行（序号、评分标准、分值、责任人…）", a.line),
                "加上表头行：至少三个单元格，如 `序号`、`评分标准`、`分值`、`完成时限`、`责任人`".to_string(),
            ),
            ImportError::BrokenRow(b) => (
                format!("第 {} 行无法归入考评结构：{}", b.line, b.why_zh),
                "给该行填上序号（或一级指标），或并入上一行".to_string(),
            ),
            ImportError::TableTooLarge(b) => {
                (format!("表格过大：{}（最多 {}）", b.what, b.max), "只导入一个考评细则的表格".to_string())
            }
            ImportError::Internal(n) => (
                format!("导入生成的草稿无法解析（{}）：这是导入程序的缺陷", n.why_zh),
                "请附上文档报告此问题；同时可手写规则文件".to_string(),
            ),
            ImportError::NotDocx(n) => (
                format!("不是 .docx 文件：{}", n.why_zh),
                "用 Word 或 LibreOffice 另存为 .docx，或提供其文本".to_string(),
            ),
        };
        (m, h)
    }
}
