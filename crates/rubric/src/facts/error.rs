//! Errors of reading facts: the file as a whole, or one unit's values.

use miette::Diagnostic;
use thiserror::Error;

/// A problem with facts: the file as a whole, or one unit's values.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum FactsError {
    /// The facts file is not valid JSON.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Json(JsonError),
    /// A line of a JSON-lines facts stream is not a unit in JSON.
    #[error(transparent)]
    #[diagnostic(transparent)]
    JsonLine(JsonLineError),
    /// The facts file has the wrong shape.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Shape(ShapeError),
    /// The facts file is not text in an encoding it may have: UTF-8 for JSON and TOML; for a
    /// table also UTF-16 with a byte-order mark and GB18030 (GBK), as Excel's plain "CSV" writes it.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Encoding(EncodingError),
    /// The facts table (CSV) is not laid out as a facts table.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Csv(CsvError),
    /// The TOML facts file is not valid TOML, or not laid out as a facts file.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Toml(TomlError),
    /// A facts file beyond one of the budgets of [`crate::facts::FactsLimits`]: its size, a row
    /// or line of a stream, or the nesting of its values.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Budget(BudgetError),
    /// A unit given twice in one facts file (twice for one period, in a rubric with periods),
    /// in any format, whole file or stream.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateUnit(DuplicateUnitError),
    /// A column of a facts table whose heading the rubric does not declare as a fact: reported
    /// once for the table ([`crate::facts::text::UnknownColumns`]), not once per unit.
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownColumn(UnknownColumnError),
    /// Some of a unit's facts are missing or unreadable.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Unit(UnitFactsError),
    /// A row of a list's table (one record per row, `--list 事故=事故台账.csv`) for a unit the
    /// facts do not have, or with a value its field cannot read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    ListRow(Box<crate::facts::list_table::ListRowError>),
}

/// The facts file is not valid JSON.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("the facts file is not valid JSON at line {line}, column {column}: {message}")]
#[diagnostic(
    code("rubric::facts-json"),
    help("a facts file looks like {{\"units\": [{{\"unit\": \"乌审旗\", \"facts\": {{\"核查完成数\": 175}}}}]}}")
)]
pub struct JsonError {
    /// serde_json's message.
    pub message: crate::facts::words::Words,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A line of a JSON-lines facts stream is not a unit in JSON.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("line {line} of the facts stream is not valid JSON at column {column}: {message}")]
#[diagnostic(
    code("rubric::facts-jsonl"),
    help(
        "a JSON-lines facts file has one unit per line: {{\"unit\": \"乌审旗\", \"facts\": {{\"核查完成数\": 175}}}}"
    )
)]
pub struct JsonLineError {
    /// serde_json's message.
    pub message: crate::facts::words::Words,
    /// 1-based line of the stream.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The facts file has the wrong shape.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code("rubric::facts-shape"), help("give each fact a single number, string or true/false"))]
pub struct ShapeError {
    /// What is wrong.
    pub message: crate::facts::words::Words,
}

/// The facts file is not text in an encoding it may have: UTF-8 for JSON and TOML; for a
/// table also UTF-16 with a byte-order mark and GB18030 (GBK), as Excel's plain "CSV" writes it.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("the facts file is not UTF-8 text: {message}")]
#[diagnostic(
    code("rubric::facts-encoding"),
    help(
        "in Excel choose 文件 › 另存为 and the type \"CSV UTF-8 (逗号分隔)(*.csv)\"; in WPS or a text editor, save with the encoding UTF-8"
    )
)]
pub struct EncodingError {
    /// What is wrong, naming the byte offset.
    pub message: crate::facts::words::Words,
    /// 0-based offset of the first byte that is not UTF-8.
    pub offset: usize,
}

/// The facts table (CSV) is not laid out as a facts table.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("facts table, {}: {message}", crate::facts::Place { row: self.row, column: Some(self.column), sheet: None })]
#[diagnostic(
    code("rubric::facts-csv"),
    help("a facts table has a header row `单位,FACT,FACT,…` and then one row per unit with one cell per column")
)]
pub struct CsvError {
    /// What is wrong.
    pub message: crate::facts::words::Words,
    /// 1-based row, counting the header row as row 1.
    pub row: usize,
    /// 1-based column.
    pub column: usize,
}

/// The TOML facts file is not valid TOML, or not laid out as a facts file.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("the facts file, line {line}, column {column}: {message}")]
#[diagnostic(
    code("rubric::facts-toml"),
    help(
        "a TOML facts file has one `[[units]]` table per unit: `unit = \"乌审旗\"`, then `[units.facts]` with one `NAME = VALUE` line per fact"
    )
)]
pub struct TomlError {
    /// What is wrong.
    pub message: crate::facts::words::Words,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

/// A facts file beyond one of the budgets of [`crate::facts::FactsLimits`]: its size, a row
/// or line of a stream, or the nesting of its values.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(
    code("rubric::facts-budget"),
    help(
        "a facts file this large or deeply nested is not one office's units: split it, or score many units with `rulecheck score` from a .csv or .jsonl file, which is read a row at a time (the budgets are set with `--max-facts-mib`, in code with `FactsLimits`)"
    )
)]
pub struct BudgetError {
    /// What is beyond which budget, and where.
    pub message: crate::facts::words::Words,
}

/// A unit given twice in one facts file (twice for one period, in a rubric with periods),
/// in any format, whole file or stream.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(
    code("rubric::duplicate-unit"),
    help(
        "a facts file gives each unit once (once per period, in a rubric with periods): merge the two, or remove the one that is wrong; names are compared with the spaces around them trimmed"
    )
)]
pub struct DuplicateUnitError {
    /// The unit, as read (trimmed).
    pub unit: String,
    /// Which unit, where it was first given and where again.
    pub message: crate::facts::words::Words,
}

/// A column of a facts table whose heading the rubric does not declare as a fact: reported
/// once for the table ([`crate::facts::text::UnknownColumns`]), not once per unit.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(
    code("rubric::unknown-column"),
    help(
        "head the column with a fact's name as the rubric declares it (`rulecheck template` writes them all), remove it, or head it `备注` to keep notes in the table unread"
    )
)]
pub struct UnknownColumnError {
    /// Which column, where, and the closest declared name.
    pub message: crate::facts::words::Words,
}

/// Some of a unit's facts are missing or unreadable.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: {} problem{} with its facts", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
#[diagnostic(code("rubric::facts"))]
pub struct UnitFactsError {
    /// The unit.
    pub unit: String,
    /// Every problem found.
    #[related]
    pub problems: Vec<FactProblem>,
}

/// One problem with one fact of a unit.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum FactProblem {
    /// A fact the rules need was not given.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Missing(MissingFact),
    /// A fact the rubric does not declare.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Unknown(UnknownFact),
    /// A value that does not fit the fact's type or range.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(InvalidFact),
    /// A fact given twice for one unit.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Duplicate(DuplicateFact),
}

/// A fact the rules need was not given.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("missing fact `{fact}`, needed by {}", .needed_by.join(", "))]
#[diagnostic(code("rubric::missing-fact"), help("add `{fact}` to this unit's facts"))]
pub struct MissingFact {
    /// The fact.
    pub fact: String,
    /// The rules that read it.
    pub needed_by: Vec<String>,
}

/// A fact the rubric does not declare.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unknown fact `{fact}{}`{}", at(.place), .suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
#[diagnostic(code("rubric::unknown-fact"), help("use the names the rubric declares with `fact NAME: TYPE`"))]
pub struct UnknownFact {
    /// The name given.
    pub fact: String,
    /// The closest declared name.
    pub suggestion: Option<String>,
    /// Where it was given (a table's cell, a line), when the reader knows.
    pub place: Option<crate::facts::Place>,
}

/// A value that does not fit the fact's type or range.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("fact `{fact}{}`: {why}", at(.place))]
#[diagnostic(code("rubric::bad-fact"))]
pub struct InvalidFact {
    /// The fact.
    pub fact: String,
    /// What is wrong.
    pub why: crate::facts::BadFact,
    /// Where it was given (a table's cell, a line), when the reader knows.
    pub place: Option<crate::facts::Place>,
}

/// A fact given twice for one unit.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("fact `{fact}{}` is given twice", at(.place))]
#[diagnostic(code("rubric::duplicate-fact"), help("keep one value per fact and unit"))]
pub struct DuplicateFact {
    /// The fact.
    pub fact: String,
    /// Where it was given again (a table's cell, a line), when the reader knows.
    pub place: Option<crate::facts::Place>,
}

/// ` (sheet 事实, cell C2)` after a fact's name, or nothing.
fn at(place: &Option<crate::facts::Place>) -> String {
    place.as_ref().map(|p| format!(" ({p})")).unwrap_or_default()
}

/// A raw value that is not a value of the fact type it was read as: the error of
/// [`crate::facts::read_value`]. Its message says what was found and how to write it instead.
#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
#[error("{why}")]
#[diagnostic(code("rubric::bad-fact"))]
pub struct BadValue {
    /// The fact type the value was read as.
    pub expected: rubric_syntax::ast::FactType,
    /// What is wrong, and how to write the value.
    pub why: crate::facts::BadFact,
}

impl FactProblem {
    /// A value that does not fit the fact.
    pub(crate) fn invalid(fact: String, place: Option<crate::facts::Place>, why: crate::facts::BadFact) -> Self {
        FactProblem::Invalid(InvalidFact { fact, why, place })
    }
}
