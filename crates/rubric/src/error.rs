//! Errors of scoring a unit: bad or missing facts, and values the rules cannot score.

use miette::Diagnostic;
use thiserror::Error;

/// A problem with facts: the file as a whole, or one unit's values.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum FactsError {
    /// The facts file is not valid JSON.
    #[error("the facts file is not valid JSON at line {line}, column {column}: {message}")]
    #[diagnostic(
        code("rubric::facts-json"),
        help("a facts file looks like {{\"units\": [{{\"unit\": \"乌审旗\", \"facts\": {{\"核查完成数\": 175}}}}]}}")
    )]
    Json {
        /// serde_json's message.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A line of a JSON-lines facts stream is not a unit in JSON.
    #[error("line {line} of the facts stream is not valid JSON at column {column}: {message}")]
    #[diagnostic(
        code("rubric::facts-jsonl"),
        help(
            "a JSON-lines facts file has one unit per line: {{\"unit\": \"乌审旗\", \"facts\": {{\"核查完成数\": 175}}}}"
        )
    )]
    JsonLine {
        /// serde_json's message.
        message: String,
        /// 1-based line of the stream.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The facts file has the wrong shape.
    #[error("{message}")]
    #[diagnostic(code("rubric::facts-shape"), help("give each fact a single number, string or true/false"))]
    Shape {
        /// What is wrong.
        message: String,
    },
    /// The facts file is not text in an encoding it may have: UTF-8 for JSON and TOML; for a
    /// table also UTF-16 with a byte-order mark and GB18030 (GBK), as Excel's plain "CSV" writes it.
    #[error("the facts file is not UTF-8 text: {message}")]
    #[diagnostic(
        code("rubric::facts-encoding"),
        help(
            "in Excel choose 文件 › 另存为 and the type \"CSV UTF-8 (逗号分隔)(*.csv)\"; in WPS or a text editor, save with the encoding UTF-8"
        )
    )]
    Encoding {
        /// What is wrong, naming the byte offset.
        message: String,
        /// 0-based offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// The facts table (CSV) is not laid out as a facts table.
    #[error("facts table, {}: {message}", crate::facts::Place { row: *row, column: Some(*column), sheet: None })]
    #[diagnostic(
        code("rubric::facts-csv"),
        help("a facts table has a header row `单位,FACT,FACT,…` and then one row per unit with one cell per column")
    )]
    Csv {
        /// What is wrong.
        message: String,
        /// 1-based row, counting the header row as row 1.
        row: usize,
        /// 1-based column.
        column: usize,
    },
    /// The TOML facts file is not valid TOML, or not laid out as a facts file.
    #[error("the facts file, line {line}, column {column}: {message}")]
    #[diagnostic(
        code("rubric::facts-toml"),
        help(
            "a TOML facts file has one `[[units]]` table per unit: `unit = \"乌审旗\"`, then `[units.facts]` with one `NAME = VALUE` line per fact"
        )
    )]
    Toml {
        /// What is wrong.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
    },
    /// A facts file beyond one of the budgets of [`crate::facts::FactsLimits`]: its size, a row
    /// or line of a stream, or the nesting of its values.
    #[error("{message}")]
    #[diagnostic(
        code("rubric::facts-budget"),
        help(
            "a facts file this large or deeply nested is not one office's units: split it, or score many units with `rulecheck score` from a .csv or .jsonl file, which is read a row at a time (the budgets are set with `--max-facts-mib`, in code with `FactsLimits`)"
        )
    )]
    Budget {
        /// What is beyond which budget, and where.
        message: String,
    },
    /// A unit given twice in one facts file (twice for one period, in a rubric with periods),
    /// in any format, whole file or stream.
    #[error("{message}")]
    #[diagnostic(
        code("rubric::duplicate-unit"),
        help(
            "a facts file gives each unit once (once per period, in a rubric with periods): merge the two, or remove the one that is wrong; names are compared with the spaces around them trimmed"
        )
    )]
    DuplicateUnit {
        /// The unit, as read (trimmed).
        unit: String,
        /// Which unit, where it was first given and where again.
        message: String,
    },
    /// A column of a facts table whose heading the rubric does not declare as a fact: reported
    /// once for the table ([`crate::facts_text::UnknownColumns`]), not once per unit.
    #[error("{message}")]
    #[diagnostic(
        code("rubric::unknown-column"),
        help(
            "head the column with a fact's name as the rubric declares it (`rulecheck template` writes them all), remove it, or head it `备注` to keep notes in the table unread"
        )
    )]
    UnknownColumn {
        /// Which column, where, and the closest declared name.
        message: String,
    },
    /// Some of a unit's facts are missing or unreadable.
    #[error("unit `{unit}`: {} problem{} with its facts", problems.len(), if problems.len() == 1 { "" } else { "s" })]
    #[diagnostic(code("rubric::facts"))]
    Unit {
        /// The unit.
        unit: String,
        /// Every problem found.
        #[related]
        problems: Vec<FactProblem>,
    },
}

/// One problem with one fact of a unit.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum FactProblem {
    /// A fact the rules need was not given.
    #[error("missing fact `{fact}`, needed by {}", needed_by.join(", "))]
    #[diagnostic(code("rubric::missing-fact"), help("add `{fact}` to this unit's facts"))]
    Missing {
        /// The fact.
        fact: String,
        /// The rules that read it.
        needed_by: Vec<String>,
    },
    /// A fact the rubric does not declare.
    #[error("unknown fact `{fact}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    #[diagnostic(code("rubric::unknown-fact"), help("use the names the rubric declares with `fact NAME: TYPE`"))]
    Unknown {
        /// The name given.
        fact: String,
        /// The closest declared name.
        suggestion: Option<String>,
    },
    /// A value that does not fit the fact's type or range.
    #[error("fact `{fact}`: {message}")]
    #[diagnostic(code("rubric::bad-fact"))]
    Invalid {
        /// The fact.
        fact: String,
        /// What is wrong.
        message: String,
    },
    /// A fact given twice for one unit.
    #[error("fact `{fact}` is given twice")]
    #[diagnostic(code("rubric::duplicate-fact"), help("keep one value per fact and unit"))]
    Duplicate {
        /// The fact.
        fact: String,
    },
}

/// Why a unit could not be scored.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum EvalError {
    /// The unit's facts are missing or unreadable.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Facts(#[from] FactsError),
    /// A division by zero in a derived value with no `on zero` policy.
    #[error("unit `{unit}`: `{value}` divides by zero (`{denominator}` is 0)")]
    #[diagnostic(
        code("rubric::zero-denominator"),
        help("add `on zero => VALUE` to `let {value}` to say what a zero denominator gives, or correct the facts")
    )]
    ZeroDenominator {
        /// The unit.
        unit: String,
        /// The derived value or rule.
        value: String,
        /// The denominator as written.
        denominator: String,
    },
    /// `ratio(x)` read by a rule, when the highest `x` among the units is 0.
    #[error("unit `{unit}`: `{call}` divides by zero (`{best}` is 0)")]
    #[diagnostic(
        code("rubric::zero-denominator"),
        help(
            "say what it gives then in a derived value: `let 比值 = {call} on zero => 100%`, and read `比值` in the rule"
        )
    )]
    RatioZero {
        /// The unit.
        unit: String,
        /// The call as written: `ratio(就业率)`.
        call: String,
        /// Its denominator: `best(就业率)`.
        best: String,
    },
    /// A value that falls in no band.
    #[error("unit `{unit}`: item `{item}`: {subject} = {value} falls in no band")]
    #[diagnostic(code("rubric::no-band"), help("add a band for this value, or correct the facts"))]
    NoBand {
        /// The unit.
        unit: String,
        /// The item.
        item: String,
        /// The value banded, as written.
        subject: String,
        /// Its value.
        value: String,
    },
    /// Assessor-judged points outside [0, max].
    #[error("unit `{unit}`: `{fact}` = {value} is outside [0, {max}] of item `{item}`")]
    #[diagnostic(code("rubric::judged-range"), help("the assessor's points must lie between 0 and the item's maximum"))]
    JudgedOutOfRange {
        /// The unit.
        unit: String,
        /// The fact.
        fact: String,
        /// The item.
        item: String,
        /// The value given.
        value: String,
        /// The item's maximum.
        max: String,
    },
    /// The evaluation step budget ran out.
    #[error("unit `{unit}`: scoring took more steps than its budget allows")]
    #[diagnostic(
        code("rubric::step-budget"),
        help("raise the step budget given to `Rubric::evaluate_with`, or simplify the rules")
    )]
    StepBudget {
        /// The unit.
        unit: String,
    },
    /// The rubric is scored in periods, but one set of facts was scored as the whole.
    #[error("unit `{unit}`: the rubric is scored in periods ({periods}), each with its own facts")]
    #[diagnostic(
        code("rubric::periods-needed"),
        help(
            "give the unit's facts for each period (a `period` next to `unit` in the facts file) and score it with `rulecheck eval` (in code, `Rubric::evaluate_periods`)"
        )
    )]
    PeriodsNeeded {
        /// The unit.
        unit: String,
        /// The periods, as declared.
        periods: String,
    },
    /// A rule compares units with each other, but the unit was scored alone.
    #[error("unit `{unit}`: `{call}` compares units with each other, but the unit was scored alone")]
    #[diagnostic(
        code("rubric::cohort-alone"),
        help(
            "score the units together: `rulecheck eval RULES FACTS` ranks over every unit of the facts file (in code, `Rubric::evaluate_all` or `Rubric::cohort` with `Rubric::score_in`)"
        )
    )]
    CohortAlone {
        /// The unit.
        unit: String,
        /// The cohort figure, as written.
        call: String,
    },
    /// Arithmetic beyond what a decimal holds.
    #[error("unit `{unit}`: `{what}` overflows")]
    #[diagnostic(code("rubric::overflow"), help("the figures are too large to compute exactly; check the facts"))]
    Overflow {
        /// The unit.
        unit: String,
        /// The expression or node.
        what: String,
    },
    /// Arithmetic whose exact result a decimal cannot hold: a finite decimal with more than 28
    /// places or more digits than fit (`1e-13 × 1e-17`, `0.5 × 79228162514264337593543950335`).
    #[error("unit `{unit}`: `{what}` has an exact result with more digits than a decimal holds")]
    #[diagnostic(
        code("rubric::precision"),
        help(
            "values are exact decimals of at most 28 places and about 28 digits, never rounded without a `round`; check the facts for a mistyped figure"
        )
    )]
    Precision {
        /// The unit.
        unit: String,
        /// The expression or node.
        what: String,
    },
    /// A line that applies with a negative `per` quantity, which would turn a deduction into
    /// points given (or an award into points taken).
    #[error("unit `{unit}`: item `{item}`: the quantity `{quantity}` of a `{line} … per` line is {value}, below 0")]
    #[diagnostic(
        code("rubric::negative-quantity"),
        help(
            "a `per` quantity counts something and is never negative; if a surplus counts as none, write `max({quantity}, 0)`, else correct the facts"
        )
    )]
    NegativeQuantity {
        /// The unit.
        unit: String,
        /// The row.
        item: String,
        /// `deduct`, `award` or `bonus`.
        line: &'static str,
        /// The quantity as written.
        quantity: String,
        /// Its value, with the values it was computed from: `-2 (要求次数 = 3, 实际次数 = 5)`.
        value: String,
    },
    /// A rubric with periods, and a unit with no facts for some of them.
    #[error("unit `{unit}` has no facts for period {periods}")]
    #[diagnostic(
        code("rubric::period-missing"),
        help(
            "give the unit's facts for every period (`\"period\": \"…\"` next to `\"unit\"`); a period without facts is not scored as zero"
        )
    )]
    PeriodMissing {
        /// The unit.
        unit: String,
        /// The periods without facts, each in backticks.
        periods: String,
    },
    /// Facts that do not fit the rubric's periods.
    #[error("unit `{unit}`: {message}")]
    #[diagnostic(
        code("rubric::period-facts"),
        help(
            "give each unit's facts once per period the rubric declares, with `period` naming it; a rubric without periods takes facts without `period`"
        )
    )]
    PeriodFacts {
        /// The unit.
        unit: String,
        /// What is wrong.
        message: String,
    },
}
