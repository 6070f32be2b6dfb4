//! The words of the language, in one place: every keyword, and the sets of them that start a
//! statement, a clause or an operator. The grammar (`grammar/rubric.pest`) cannot read Rust, so
//! its `keyword` rule is the one other copy; `tests/keywords.rs` checks every list here against it.

/// Every keyword and type name of the language, for "did you mean" hints: the grammar's
/// `keyword` and `fact_type` rules (a test keeps them the same).
pub const KEYWORDS: &[&str] = &[
    "import",
    "rubric",
    "block",
    "section",
    "group",
    "item",
    "use",
    "fact",
    "let",
    "year",
    "lead",
    "office",
    "owner",
    "due",
    "text",
    "band",
    "award",
    "score",
    "judged",
    "deduct",
    "bonus",
    "bonus_cap",
    "zero",
    "veto",
    "floor",
    "cap",
    "round",
    "per",
    "when",
    "max",
    "min",
    "none",
    "in",
    "on",
    "error",
    "and",
    "or",
    "not",
    "if",
    "then",
    "else",
    "true",
    "false",
    "count",
    "number",
    "percent",
    "bool",
    "date",
    "points",
    "kind",
    "period",
    "weight",
    "only",
    "abs",
    "test",
    "given",
    "expect",
    "total",
    "table",
    "by",
    "as",
    "unit",
    "grade",
    "bar",
    "quota",
    "calendar",
    "combine",
];

/// The words that start a top-level item, a statement of a body or a line of a test:
/// `import`, `rubric`, `section`, `award`, `period`, `given` ….
pub const STATEMENT_WORDS: &[&str] = &[
    "import",
    "rubric",
    "block",
    "test",
    "section",
    "group",
    "item",
    "use",
    "fact",
    "let",
    "year",
    "lead",
    "office",
    "owner",
    "due",
    "text",
    "band",
    "award",
    "score",
    "judged",
    "deduct",
    "bonus",
    "bonus_cap",
    "zero",
    "veto",
    "floor",
    "cap",
    "round",
    "period",
    "only",
    "given",
    "expect",
    "table",
    "unit",
    "grade",
    "calendar",
    "combine",
];

/// The words inside a statement that start a part of it holding an expression of its own:
/// `award 2 per 次数 when 完成 max 6`.
pub const CLAUSE_WORDS: &[&str] = &["per", "when", "max"];

/// The words that are operators of an expression.
pub const OPERATOR_WORDS: &[&str] = &["and", "or", "not", "if", "then", "else"];

/// The words that, first on a line, continue the statement of the line before rather than start
/// one: its clauses, a binary operator or a branch of an `if` that runs on, and the `on zero` of
/// a `let`. (Not `not` or `if`: they start an expression, which no line starts on its own.)
pub const CONTINUATION_WORDS: &[&str] = &["per", "when", "max", "and", "or", "then", "else", "on"];
