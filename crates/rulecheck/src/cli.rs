//! Command-line arguments: the commands of `rulecheck` and their options.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Check rubric rule files and score units, explaining every point.
#[derive(Parser, Debug)]
#[command(
    name = "rulecheck",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 success; 1 a test failed, a file is not formatted, or warnings under \
                  --deny-warnings; 2 bad input (rule files, facts files, command line).\n\
                  Results go to stdout, diagnostics to stderr. NO_COLOR=1 turns colour off."
)]
pub struct Cli {
    /// When to use colour in diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// How to write diagnostics on stderr: for people, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human, global = true)]
    pub error_format: ErrorFormat,
    /// The language of results and messages: English, or Chinese (中文). Without it, results
    /// (explanations, headings) are in Chinese and messages (diagnostics, errors, test lines)
    /// follow the locale: Chinese when LC_ALL, LC_MESSAGES or LANG (the first set) starts with
    /// `zh`, English otherwise.
    #[arg(long, value_enum, global = true)]
    pub lang: Option<Lang>,
    /// Largest facts file read whole, in MiB (`score` and `eval --format json` of every unit
    /// stream .csv, .json and .jsonl files: no budget for their size, 1 MiB for a row).
    #[arg(long, value_name = "MIB", default_value_t = 16, global = true,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=4096))]
    pub max_facts_mib: usize,
    /// A list fact's records from a second table, one row per record with a unit column:
    /// `--list 事故=事故台账.csv` (repeat for several lists). Without it, `FACTS.事故.csv` next to
    /// a `.csv` facts file is read when it exists.
    #[arg(long = "list", value_name = "LIST=FILE.csv", global = true)]
    pub lists: Vec<String>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How diagnostics are written.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ErrorFormat {
    /// Rendered with the source, labels and help.
    Human,
    /// One JSON object per line.
    Json,
}

/// A language of results and messages.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Chinese (中文).
    Zh,
}

impl From<Lang> for rubric::Lang {
    fn from(l: Lang) -> Self {
        match l {
            Lang::En => rubric::Lang::En,
            Lang::Zh => rubric::Lang::Zh,
        }
    }
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and check rule files; report every problem at once.
    #[command(
        after_help = "Examples:\n  rulecheck check rules/wushen-2024.rubric\n  rulecheck check --deny-warnings rules/"
    )]
    Check(CheckArgs),
    /// Score the units of a facts file and show where every point went.
    #[command(after_help = "Examples:\n  rulecheck eval rules/wushen-2024.rubric rules/wushen-2024.facts.json\n  \
                            rulecheck eval rules/wushen-2024.rubric facts.csv --unit 乌审旗 --format json\n  \
                            rulecheck eval rules/wushen-2024.rubric rules/wushen-2024.facts.json --by owner")]
    Eval(EvalArgs),
    /// Score many units in parallel: totals and section scores as CSV or JSON lines, streamed
    ///
    /// .csv and .jsonl facts are read, scored and written a chunk at a time, so memory does not
    /// grow with the number of units; results keep the input order. Rules that compare units
    /// (rank, best, …) read the whole file first: every unit of it is the cohort.
    #[command(after_help = "Examples:\n  rulecheck score rules/wushen-2024.rubric units.csv > scores.csv\n  \
                            rulecheck score rules/wushen-2024.rubric units.jsonl --rows --format jsonl --threads 2")]
    Score(ScoreArgs),
    /// Explain one unit's score row by row: facts, bands, deductions and what would raise it.
    #[command(
        after_help = "Examples:\n  rulecheck explain rules/wushen-2024.rubric rules/wushen-2024.facts.json --unit 鄂托克旗\n  \
                            rulecheck explain rules/wushen-2024.rubric rules/wushen-2024.facts.json --unit 鄂托克旗 --item 六.2.4"
    )]
    Explain(ExplainArgs),
    /// Rank the units of a facts file by total, with each section's score.
    #[command(after_help = "Examples:\n  rulecheck rank rules/wushen-2024.rubric rules/wushen-2024.facts.json\n  \
                            rulecheck rank rules/wushen-2024.rubric units.csv --format markdown\n  \
                            rulecheck rank rules/wushen-2024.rubric units.xlsx --format xlsx -o 排名.xlsx")]
    Rank(RankArgs),
    /// Run the `test` blocks of rule files (files or folders).
    #[command(after_help = "Examples:\n  rulecheck test rules/\n  rulecheck test rules/wushen-2024.rubric")]
    Test(TestArgs),
    /// Write rule files in the canonical layout, keeping every comment.
    #[command(after_help = "Examples:\n  rulecheck fmt rules/wushen-2024.rubric\n  rulecheck fmt --check rules/")]
    Fmt(FmtArgs),
    /// Write a blank facts form for a rubric, to fill in (e.g. in Excel).
    #[command(after_help = "Examples:\n  rulecheck template rules/wushen-2024.rubric > 2024.csv\n  \
                            rulecheck template rules/wushen-2024.rubric --unit 乌审旗 --unit 杭锦旗 --format json\n  \
                            rulecheck template rules/wushen-2024.rubric --unit 乌审旗 --format xlsx -o 2024.xlsx")]
    Template(TemplateArgs),
    /// Compare two versions of a rubric, row by row, and score the same facts under both.
    #[command(
        after_help = "Examples:\n  rulecheck diff rules/wushen-2023.rubric rules/wushen-2024.rubric rules/wushen-2024.facts.json\n  \
                            rulecheck diff rules/wushen-2023.rubric rules/wushen-2024.rubric rules/wushen-2024.facts.json --unit 乌审旗 --all\n  \
                            rulecheck diff rules/wushen-2023.rubric rules/wushen-2024.rubric"
    )]
    Diff(DiffArgs),
    /// Show the rubric as the document's table: each row's original text beside its rules (原文对照).
    #[command(after_help = "Examples:\n  rulecheck show rules/wushen-2024.rubric > 原文对照.md\n  \
                            rulecheck show rules/wushen-2024.rubric --format html -o 原文对照.html\n  \
                            rulecheck show rules/wushen-2024.rubric --format xlsx -o 原文对照.xlsx\n  \
                            rulecheck --lang en show rules/county-2021/cemetery.rubric")]
    Show(ShowArgs),
    /// For each row below its max, the smallest change of each fact that raises it, with the points gained.
    #[command(
        after_help = "Examples:\n  rulecheck whatif rules/wushen-2024.rubric rules/wushen-2024.facts.json --unit 鄂托克旗\n  \
                            rulecheck whatif rules/wushen-2024.rubric rules/wushen-2024.facts.json --unit 乌审旗 --limit 5 --format json"
    )]
    Whatif(WhatifArgs),
    /// Write one unit's results as an HTML page to hand it (考核结果反馈), and a PDF with Chromium.
    #[command(
        after_help = "Examples:\n  rulecheck report rules/wushen-2024.rubric tests/facts/wushen-2024.csv --unit 鄂托克旗 -o 鄂托克旗.html\n  \
                            rulecheck report rules/wushen-2024.rubric units.xlsx --unit 乌审旗 --pdf 乌审旗.pdf"
    )]
    Report(crate::cmd::report::ReportArgs),
    /// Serve the rubrics of a folder over HTTP: the JSON of these commands, a page, OpenAPI.
    ///
    /// Listens on 127.0.0.1:8080 by default; any other address needs --token (clients send
    /// `Authorization: Bearer TOKEN`). Rule files are loaded again when they change; one that
    /// fails to check keeps its last good version served. Stop with Ctrl-C (SIGINT) or SIGTERM.
    #[command(after_help = "Examples:\n  rulecheck serve --rules rules/\n  \
                            rulecheck serve --rules rules/ --addr 0.0.0.0:8080 --token \"$TOKEN\" --log-format json\n  \
                            curl http://127.0.0.1:8080/api/rubrics")]
    Serve(crate::cmd::serve::ServeArgs),
    /// Draft a rule file from a rubric document's table: the text of a Word table, or a .docx.
    ///
    /// Sections, groups and items follow the document's numbering; each row gets its points,
    /// 完成时限, 牵头领导, 责任股室 and 责任人, and its sentence in `text`. The draft checks and is
    /// formatted; rows whose sentence is not read into rules are assessor-judged, with a comment.
    #[command(after_help = "Examples:\n  rulecheck import 细则.docx -o rules/draft.rubric\n  \
                            rulecheck import tests/import/seeds/002_1e2b8b03e63d5aa8.txt --table 2")]
    Import(crate::cmd::import::ImportArgs),
}

/// Arguments of `check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Rule files or folders to check.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Fail (exit 1) when there are warnings.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Arguments of `eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// The rule file.
    pub rules: String,
    /// The facts file: .json, .csv (as Excel or WPS saves it), .xlsx (.ods, .xls) or .toml.
    pub facts: String,
    /// Score only this unit.
    #[arg(long)]
    pub unit: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalOutput::Text)]
    pub format: EvalOutput,
    /// Group the points lost by responsible office and person.
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// The file to write the workbook to (with --format xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Threads to score with, at most 256 (default, or 0: one per core).
    #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_THREADS as u64))]
    pub threads: Option<usize>,
    /// With --format json: the whole document on one line, without whitespace (for batches and
    /// machines; about 40% of the bytes).
    #[arg(long)]
    pub compact: bool,
}

/// Output formats of `eval`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum EvalOutput {
    /// A tree aligned for the terminal, in Chinese (English with `--lang en`).
    Text,
    /// JSON, with decimals as strings.
    Json,
    /// An Excel workbook (-o FILE): a sheet of units with their totals and sections, and a sheet
    /// per unit with every row, its points and why.
    Xlsx,
}

/// Most threads `score` starts: more than the cores of any machine it is meant for (starting
/// 100,000 threads takes longer than the scoring).
pub const MAX_THREADS: usize = 256;

/// Arguments of `score`.
#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// The rule file.
    pub rules: String,
    /// The facts: .csv or .jsonl (one unit per line), read as a stream; or .json, .xlsx or .toml.
    pub facts: String,
    /// A column for every group and row, not only the sections (a rubric scored in periods has
    /// a column per period instead).
    #[arg(long)]
    pub rows: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Csv)]
    pub format: ScoreFormat,
    /// Threads to score with, at most 256 (default, or 0: one per core).
    #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_THREADS as u64))]
    pub threads: Option<usize>,
    /// Units read, scored and written at a time.
    #[arg(long, default_value_t = 4096)]
    pub chunk: usize,
    /// The file to write the workbook to (with --format xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
}

/// Output formats of `score`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ScoreFormat {
    /// CSV (UTF-8 with BOM, for Excel): unit, total, a column per node, error.
    Csv,
    /// One JSON object per unit and line, with decimals as strings.
    Jsonl,
    /// An Excel workbook (-o FILE) with the same table, held whole until it is written.
    Xlsx,
}

/// Output formats of `eval`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum EvalFormat {
    /// A tree aligned for the terminal, in Chinese (English with `--lang en`).
    Text,
    /// JSON, with decimals as strings.
    Json,
}

/// Groupings of `eval --by`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum By {
    /// Responsible office (责任股室) and person (责任人).
    Owner,
}

/// Arguments of `explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule file.
    pub rules: String,
    /// The facts file (.json, .csv, .xlsx or .toml).
    pub facts: String,
    /// The unit to explain.
    #[arg(long)]
    pub unit: String,
    /// Explain only this row (or section, or group).
    #[arg(long)]
    pub item: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
}

/// Arguments of `rank`.
#[derive(Args, Debug)]
pub struct RankArgs {
    /// The rule file.
    pub rules: String,
    /// The facts file (.json, .csv, .xlsx or .toml).
    pub facts: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
    /// The file to write the workbook to (with --format xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
}

/// Formats of tables.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TableFormat {
    /// Aligned by display width.
    Text,
    /// A Markdown table.
    Markdown,
    /// CSV (UTF-8 with BOM, for Excel).
    Csv,
    /// JSON, with decimals as strings.
    Json,
    /// An Excel workbook (-o FILE): the ranking, then a sheet per unit with every row, its
    /// points and why.
    Xlsx,
}

/// Arguments of `test`.
#[derive(Args, Debug)]
pub struct TestArgs {
    /// Rule files or folders.
    #[arg(required = true)]
    pub files: Vec<String>,
}

/// Arguments of `fmt`.
#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Rule files or folders.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Change nothing; exit 1 if a file is not formatted.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `template`.
#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// The rule file.
    pub rules: String,
    /// A unit to list (repeat for several); without it, one blank row.
    #[arg(long = "unit")]
    pub units: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TemplateFormat::Csv)]
    pub format: TemplateFormat,
    /// The file to write the workbook to (with --format xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
}

/// Formats of `template`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TemplateFormat {
    /// CSV with a type row and a description row, UTF-8 with BOM for Excel.
    Csv,
    /// JSON in the shape `eval` reads.
    Json,
    /// An Excel workbook (-o FILE): a type row, a description row, drop-downs for yes/no.
    Xlsx,
}

/// Arguments of `show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The rule file.
    pub rules: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Md)]
    pub format: ShowFormat,
    /// The file to write to (required for a workbook on a terminal); stdout without it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
}

/// Formats of `show`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    /// A Markdown table.
    Md,
    /// A standalone HTML page, A4 landscape when printed.
    Html,
    /// An Excel workbook (-o FILE): merged section rows, wrapped text, A4 landscape.
    Xlsx,
}

/// Arguments of `diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old version of the rule file.
    pub old: String,
    /// The new version of the rule file.
    pub new: String,
    /// The facts file (.json, .csv, .xlsx or .toml), scored under both; without it, only the rule changes.
    pub facts: Option<String>,
    /// Compare only this unit.
    #[arg(long)]
    pub unit: Option<String>,
    /// Also list the rows whose score and rules did not change.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    /// Aligned by display width.
    Text,
    /// Markdown tables.
    Markdown,
    /// JSON, with decimals as strings.
    Json,
}

/// Arguments of `whatif`.
#[derive(Args, Debug)]
pub struct WhatifArgs {
    /// The rule file.
    pub rules: String,
    /// The facts file (.json, .csv, .xlsx or .toml).
    pub facts: String,
    /// The unit (needed when the facts file has more than one).
    #[arg(long)]
    pub unit: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// Show at most this many suggestions.
    #[arg(long)]
    pub limit: Option<usize>,
}
