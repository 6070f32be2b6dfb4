//! The abstract syntax tree of a rule file, every part with its span.

use crate::span::{Span, Spanned};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// A name: a fact, a derived value or a block. May be Chinese.
pub type Ident = Spanned<String>;

/// A whole rule file.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct File {
    /// Imports, blocks and the rubric, in source order.
    pub items: Vec<Top>,
    /// Every `//` comment, in source order (for the formatter).
    pub comments: Vec<Comment>,
}

/// A `// …` comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The comment text including the leading `//`.
    pub text: String,
    /// Where it stands.
    pub span: Span,
}

/// A top-level item of a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Top {
    /// `import "path"`.
    Import(Import),
    /// `block NAME "title" { … }`.
    Block(Container),
    /// `rubric "title" { … }`.
    Rubric(Container),
    /// `test "name" { given … expect … }`.
    Test(TestBlock),
    /// `calendar "name" { year …  holiday …  workday … }`.
    Calendar(CalendarDecl),
}

/// `test "name" { given … expect … }`: facts given, scores expected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestBlock {
    /// The test's name.
    pub name: Spanned<String>,
    /// The facts given, in order.
    pub given: Vec<Given>,
    /// The results expected, in order.
    pub expect: Vec<Expect>,
    /// `period NAME { … }`: facts and results of one period, in order.
    pub periods: Vec<TestPeriod>,
    /// `unit NAME { … }`: the units the test scores together, each with its facts and results.
    pub units: Vec<TestUnit>,
    /// The whole test.
    pub span: Span,
}

/// `unit NAME { given … expect … }` inside a test: one of the units it scores together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestUnit {
    /// The unit's name (written as a name or a quoted string).
    pub name: Spanned<String>,
    /// Whether the name was quoted.
    pub quoted: bool,
    /// The unit's own facts (after the test's common `given`).
    pub given: Vec<Given>,
    /// The results expected for this unit.
    pub expect: Vec<Expect>,
    /// The whole block.
    pub span: Span,
}

/// `period NAME { given … expect … }` inside a test: the facts and results of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestPeriod {
    /// The period.
    pub name: Ident,
    /// The facts given for this period.
    pub given: Vec<Given>,
    /// The results expected in this period.
    pub expect: Vec<Expect>,
    /// The whole block.
    pub span: Span,
}

/// One `NAME = VALUE` of a `given` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Given {
    /// The fact.
    pub fact: Ident,
    /// The value.
    pub value: TestValue,
    /// Where the pair stands.
    pub span: Span,
    /// Whether this pair starts a new `given` line (for the formatter).
    pub line_start: bool,
}

/// A value given in a test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TestValue {
    /// A number, percent or date literal.
    Lit(Literal),
    /// `true` or `false`.
    Bool(bool),
    /// A quoted string, e.g. `"是"`.
    Text(String),
    /// `不适用` or `无此项`, unquoted: the value of an optional fact that does not apply.
    NotApplicable(String),
    /// `[{等级 = "一般", 发生日期 = 2024-03-01}, …]`: the records of a list fact.
    Records(Vec<TestRecord>),
}

/// One record of a list given in a test: `{等级 = "一般", 发生日期 = 2024-03-01}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestRecord {
    /// The fields given, in order (a field's value is never a list).
    pub fields: Vec<(Ident, TestValue)>,
    /// The whole record.
    pub span: Span,
}

/// One `expect` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expect {
    /// What is expected.
    pub kind: ExpectKind,
    /// The whole line.
    pub span: Span,
}

/// What an `expect` line expects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExpectKind {
    /// `expect total = N`.
    Total(Literal),
    /// `expect ID = N`.
    Node(Spanned<String>, Literal),
    /// `expect error "rubric::code"`.
    Error(Spanned<String>),
    /// `expect rank = N`: the unit's place among the test's units (ties share a place).
    Rank(Literal),
    /// `expect [ID] grade = "NAME"`: the grade of the total (no id) or of a node.
    Grade(Option<Spanned<String>>, Spanned<String>),
}

/// `import "path"`: brings the blocks of another file into scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Import {
    /// The path as written, relative to the importing file.
    pub path: Spanned<String>,
    /// The whole line.
    pub span: Span,
}

/// A rubric or a shared block: a titled body of statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Container {
    /// The block's name (`None` for a rubric).
    pub name: Option<Ident>,
    /// The title.
    pub title: Spanned<String>,
    /// The declared maximum, if any.
    pub max: Option<Literal>,
    /// `max NAME`: the maximum is a block parameter.
    pub max_name: Option<Ident>,
    /// `max 2 when C, 3 when D else 4`: the maximum depends on the unit (`max` holds the first
    /// case's value).
    pub max_cases: Option<MaxCases>,
    /// The block's parameters (none for a rubric).
    pub params: Vec<Param>,
    /// The statements of the body.
    pub body: Vec<Stmt>,
    /// The keyword up to the opening brace.
    pub head: Span,
    /// The whole item.
    pub span: Span,
}

/// A block parameter: `NAME [: TYPE] [= DEFAULT]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The parameter's name.
    pub name: Ident,
    /// Its declared type (`number`, `percent` or `points`), if written.
    pub ty: Option<Spanned<FactType>>,
    /// Its default value; a parameter without one must be given.
    pub default: Option<Literal>,
    /// The whole parameter.
    pub span: Span,
}

/// `use BLOCK(NAME = VALUE, …) [only PERIOD, …]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UseStmt {
    /// The block.
    pub name: Ident,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// `as 一季度`: the block used under this id, its ids and facts named `一季度.…` (several
    /// uses of one block each with its own rows and facts).
    pub alias: Option<Ident>,
    /// `as 一季度 "一季度报表"`: the title of this use (else the block's).
    pub title: Option<Spanned<String>>,
    /// The periods the block is scored in (all when empty).
    pub only: Vec<Ident>,
}

/// One `NAME = VALUE` argument of `use`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arg {
    /// The parameter.
    pub name: Ident,
    /// The value.
    pub value: Literal,
    /// The whole argument.
    pub span: Span,
}

/// `period NAME "title" weight W [due DATE]`: a checkpoint of the assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodDecl {
    /// The period's name.
    pub name: Ident,
    /// Its title.
    pub title: Spanned<String>,
    /// Its weight in the total: a number or a percent.
    pub weight: Literal,
    /// The date its facts are taken at.
    pub due: Option<Spanned<NaiveDate>>,
}

/// A statement of a body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stmt {
    /// What the statement says.
    pub kind: StmtKind,
    /// The whole statement.
    pub span: Span,
}

/// The statements of the language. Which may stand where is the checker's business.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum StmtKind {
    /// `fact NAME: TYPE [in RANGE] ["description"]`.
    Fact(FactDecl),
    /// `let NAME = EXPR [on zero => …] ["description"]`.
    Let(LetDecl),
    /// `year 2024`.
    Year(Spanned<u32>),
    /// `section|group|item ID "title" [max N] { … }`.
    Node(Node),
    /// `use BLOCK[(NAME = VALUE, …)] [only PERIOD, …]`.
    Use(UseStmt),
    /// `period NAME "title" weight W [due DATE]`.
    Period(PeriodDecl),
    /// `only PERIOD, …`: the node is scored in these periods only.
    Only(Vec<Ident>),
    /// `lead "…", …` (牵头领导).
    Lead(Vec<Spanned<String>>),
    /// `office "…", …` (责任股室).
    Office(Vec<Spanned<String>>),
    /// `owner "…", …` (责任人).
    Owner(Vec<Spanned<String>>),
    /// `due DATE | "phrase"` (完成时限).
    Due(Due),
    /// `text "…"`: the scoring standard's original wording.
    Text(Spanned<String>),
    /// `band EXPR { INTERVAL => POINTS … }`.
    Band(Band),
    /// `table NAME by KIND[, KIND] ["description"] { NAME[, NAME] => POINTS … }`.
    Table(Table),
    /// `award P [per Q] [when C] ["label"]`.
    Award(Adjust),
    /// `score EXPR ["label"]`.
    Score(ScoreStmt),
    /// `judged FACT ["label"]`.
    Judged(Judged),
    /// `deduct P [per Q] [when C] [max M] ["label"]`.
    Deduct(Adjust),
    /// `bonus P [per Q] [when C] [max M] ["label"]`.
    Bonus(Adjust),
    /// `zero when C ["label"]`.
    Zero(Cond),
    /// `veto when C ["label"]`.
    Veto(Cond),
    /// `floor none | N`.
    Floor(Limit),
    /// `cap none | N`.
    Cap(Limit),
    /// `bonus_cap N`, or `bonus_cap none` (no limit, on purpose).
    BonusCap(Limit),
    /// `round N [mode]`.
    Round(Round),
    /// `grade { INTERVAL => NAME … }`: the grades (等次) of the node's score.
    Grade(Grade),
    /// `combine min|max|average|largest_loss ["label"]`.
    Combine(Combine),
    /// `cap N when C ["label"]`.
    CapWhen(CapWhen),
    /// `not_applicable => full | rescale ["label"]`: what a row reading a 不适用 value scores.
    NotApplicable(NotApplicable),
}

/// `not_applicable => HOW ["label"]`, on a row or an ancestor of rows that can be not applicable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotApplicable {
    /// What the row's points become.
    pub how: Spanned<NaHow>,
    /// A label for the explanation.
    pub label: Option<Spanned<String>>,
    /// `not_applicable => 三.2`: the row its points go to (计入), with `how` [`NaHow::Move`].
    pub to: Option<Spanned<String>>,
}

/// What a not-applicable row's points become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NaHow {
    /// The row scores its maximum (该项得满分).
    Full,
    /// The row is left out of its parent, whose score is scaled to its maximum (按比例折算).
    Rescale,
    /// The row's points go to a named row of the same parent (计入第X项), whose score is scaled
    /// to its maximum grown by them.
    Move,
}

impl NaHow {
    /// The word written in a rule file.
    pub fn keyword(self) -> &'static str {
        match self {
            NaHow::Full => "full",
            NaHow::Rescale => "rescale",
            NaHow::Move => "move",
        }
    }
}

/// `combine HOW ["label"]`: a parent's score from its parts other than their sum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Combine {
    /// How the parts are combined.
    pub how: Spanned<CombineHow>,
    /// A label for the explanation.
    pub label: Option<Spanned<String>>,
}

/// How `combine` takes a parent's score from its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CombineHow {
    /// The lowest part's score (就低).
    Min,
    /// The highest part's score.
    Max,
    /// The parts' average.
    Average,
    /// The parent's points less only the largest loss among its parts (只扣减分最多的一项).
    LargestLoss,
}

impl CombineHow {
    /// The word written in a rule file.
    pub fn keyword(self) -> &'static str {
        match self {
            CombineHow::Min => "min",
            CombineHow::Max => "max",
            CombineHow::Average => "average",
            CombineHow::LargestLoss => "largest_loss",
        }
    }
}

/// `cap N when C ["label"]`: the total is at most N when C holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapWhen {
    /// The cap.
    pub points: Literal,
    /// The condition.
    pub cond: Expr,
    /// A label for the explanation.
    pub label: Option<Spanned<String>>,
}

impl StmtKind {
    /// The keyword the statement starts with (a node's kind for a node).
    pub fn keyword(&self) -> &'static str {
        match self {
            StmtKind::Fact(_) => "fact",
            StmtKind::Let(_) => "let",
            StmtKind::Year(_) => "year",
            StmtKind::Node(n) => n.kind.value.keyword(),
            StmtKind::Use(_) => "use",
            StmtKind::Period(_) => "period",
            StmtKind::Only(_) => "only",
            StmtKind::Lead(_) => "lead",
            StmtKind::Office(_) => "office",
            StmtKind::Owner(_) => "owner",
            StmtKind::Due(_) => "due",
            StmtKind::Text(_) => "text",
            StmtKind::Band(_) => "band",
            StmtKind::Table(_) => "table",
            StmtKind::Award(_) => "award",
            StmtKind::Score(_) => "score",
            StmtKind::Judged(_) => "judged",
            StmtKind::Deduct(_) => "deduct",
            StmtKind::Bonus(_) => "bonus",
            StmtKind::Zero(_) => "zero",
            StmtKind::Veto(_) => "veto",
            StmtKind::Floor(_) => "floor",
            StmtKind::Cap(_) => "cap",
            StmtKind::BonusCap(_) => "bonus_cap",
            StmtKind::Round(_) => "round",
            StmtKind::Grade(_) => "grade",
            StmtKind::Combine(_) => "combine",
            StmtKind::CapWhen(_) => "cap",
            StmtKind::NotApplicable(_) => "not_applicable",
        }
    }
}

/// `fact NAME: TYPE [in RANGE] ["description"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactDecl {
    /// The fact's name.
    pub name: Ident,
    /// Its type.
    pub ty: Spanned<FactType>,
    /// Its allowed range, if declared.
    pub range: Option<Interval>,
    /// Its description.
    pub desc: Option<Spanned<String>>,
    /// `given`: the unit does not choose its value (a workload assigned to it, what an inspection
    /// found), so no explanation suggests changing it.
    pub given: bool,
    /// The names of a `kind` fact (`城区/郊区/山区`), in the written order; empty for other types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<Ident>,
    /// The fields of a `list` fact (`fact 事故: list { 等级: kind 一般/较大  发生日期: date }`), in
    /// the written order; empty for other types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FactDecl>,
    /// `optional`: a unit may give 不适用 (not applicable) for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// The type of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactType {
    /// A whole number ≥ 0.
    Count,
    /// Any decimal.
    Number,
    /// A rate; `87.5%` is stored as 0.875.
    Percent,
    /// True or false.
    Bool,
    /// A calendar date.
    Date,
    /// Points judged by the assessor.
    Points,
    /// One of a list of names (`事故等级: kind 一般/较大/重大`), held as its index.
    Kind,
    /// A list of records with typed fields (`事故: list { 等级: kind 一般/较大  发生日期: date }`).
    List,
}

impl FactType {
    /// The keyword that names this type.
    pub fn keyword(self) -> &'static str {
        match self {
            FactType::Count => "count",
            FactType::Number => "number",
            FactType::Percent => "percent",
            FactType::Bool => "bool",
            FactType::Date => "date",
            FactType::Points => "points",
            FactType::Kind => "kind",
            FactType::List => "list",
        }
    }
}

/// `let NAME = EXPR [on zero => …] ["description"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetDecl {
    /// The derived value's name.
    pub name: Ident,
    /// Its declared kind (`number`, `percent` or `points`), if written: `let 核查率: percent = …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<Spanned<FactType>>,
    /// Its definition.
    pub expr: Expr,
    /// What a zero denominator gives.
    pub on_zero: Option<OnZero>,
    /// Its description.
    pub desc: Option<Spanned<String>>,
}

/// The zero-denominator policy of a derived value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum OnZero {
    /// `on zero => error`: the unit cannot be scored.
    Error(Span),
    /// `on zero => EXPR`: the derived value is this instead.
    Value(Expr),
    /// `on zero => 不适用`: the derived value does not apply; a row reading it is not applicable.
    NotApplicable(Span),
}

/// `due …`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Due {
    /// A calendar date.
    Date(Spanned<NaiveDate>),
    /// A phrase such as "持续推进".
    Text(Spanned<String>),
}

/// The kind of a tree node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// 一级指标.
    Section,
    /// 二级指标 / 任务.
    Group,
    /// 评分标准 row.
    Item,
}

impl NodeKind {
    /// The keyword that introduces this kind.
    pub fn keyword(self) -> &'static str {
        match self {
            NodeKind::Section => "section",
            NodeKind::Group => "group",
            NodeKind::Item => "item",
        }
    }
}

/// `section|group|item ID "title" [max N] { … }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// Section, group or item.
    pub kind: Spanned<NodeKind>,
    /// The id, following the document's numbering.
    pub id: Spanned<String>,
    /// The title.
    pub title: Spanned<String>,
    /// The declared maximum.
    pub max: Option<Literal>,
    /// `max NAME`: the maximum is a block parameter.
    pub max_name: Option<Ident>,
    /// `max 2 when C, 3 when D else 4`: the maximum depends on the unit (`max` holds the first
    /// case's value).
    pub max_cases: Option<MaxCases>,
    /// The statements of the body.
    pub body: Vec<Stmt>,
    /// The keyword up to the opening brace.
    pub head: Span,
}

/// `band EXPR { … }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// The value being banded.
    pub subject: Expr,
    /// The bands in source order.
    pub arms: Vec<BandArm>,
}

/// A lookup table of points by one or two kinds: `table 事故扣分 by 事故等级, 事故类型 { … }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The derived value it defines.
    pub name: Ident,
    /// The kind facts it is looked up by (one or two).
    pub by: Vec<Ident>,
    /// Its description.
    pub desc: Option<Spanned<String>>,
    /// The cells in source order.
    pub cells: Vec<TableCell>,
}

/// One cell: `NAME[, NAME] => POINTS`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    /// The names, one of each kind, in the order of `by`.
    pub names: Vec<Ident>,
    /// The value of the cell.
    pub value: Expr,
    /// The whole cell.
    pub span: Span,
}

/// One band: `INTERVAL => POINTS ["label"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandArm {
    /// The interval of values.
    pub interval: Interval,
    /// The points awarded for a value in it.
    pub points: Expr,
    /// An optional label.
    pub label: Option<Spanned<String>>,
    /// The whole arm.
    pub span: Span,
}

/// `grade { … }`: a grade table, its lines in source order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// The lines.
    pub lines: Vec<GradeLine>,
}

/// One line of a grade table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeLine {
    /// What the line says.
    pub kind: GradeLineKind,
    /// The grade it names.
    pub name: Ident,
    /// The document's wording.
    pub label: Option<Spanned<String>>,
    /// The whole line.
    pub span: Span,
}

/// The kinds of line of a grade table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum GradeLineKind {
    /// `INTERVAL => NAME`: a score in the interval gets the grade.
    Arm(Interval),
    /// `NAME when COND`: the condition fixes the grade (一票否决 → 不合格).
    Fix(Expr),
    /// `bar NAME when COND`: the condition bars the grade and those above it (不得评为优秀).
    Bar(Expr),
    /// `quota NAME P%` or `quota NAME N`: at most this share or number of the units scored
    /// together get the grade.
    Quota(Literal),
}

/// An interval with explicit open or closed ends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interval {
    /// The lower end.
    pub lo: Bound,
    /// Whether the lower end is included (`[`).
    pub lo_closed: bool,
    /// The upper end.
    pub hi: Bound,
    /// Whether the upper end is included (`]`).
    pub hi_closed: bool,
    /// The whole interval.
    pub span: Span,
}

/// An end of an interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Bound {
    /// `..`: no bound on this side.
    Unbounded(Span),
    /// A literal bound.
    Value(Literal),
    /// A block parameter, replaced by its value when the block is used.
    Name(Ident),
}

/// `award`, `deduct` and `bonus`: points, optionally per a quantity and under a condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjust {
    /// The points (per unit of `per`, if given).
    pub amount: Expr,
    /// The quantity the points are multiplied by.
    pub per: Option<Expr>,
    /// The condition under which the line applies.
    pub when: Option<Expr>,
    /// The most this line may add or take.
    pub max: Option<Expr>,
    /// A label for the explanation.
    pub label: Option<Spanned<String>>,
}

/// `score EXPR ["label"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreStmt {
    /// The points.
    pub expr: Expr,
    /// A label for the explanation.
    pub label: Option<Spanned<String>>,
}

/// `judged FACT ["label"]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged {
    /// The `points` fact holding the assessor's score.
    pub fact: Ident,
    /// A label for the explanation.
    pub label: Option<Spanned<String>>,
}

/// `zero when C` and `veto when C`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cond {
    /// The condition.
    pub cond: Expr,
    /// A label for the explanation.
    pub label: Option<Spanned<String>>,
}

/// The value of `floor` and `cap`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Limit {
    /// `none`: no limit on this side.
    None(Span),
    /// A number.
    Value(Literal),
}

/// `round N [mode]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    /// Decimal places.
    pub places: Spanned<u32>,
    /// The mode; 四舍五入 when not given.
    pub mode: Option<Spanned<RoundMode>>,
}

/// How to round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RoundMode {
    /// 四舍五入: half away from zero.
    #[default]
    HalfUp,
    /// Half to even (banker's rounding).
    HalfEven,
    /// 去尾: towards zero.
    Down,
    /// 进一: away from zero.
    Up,
}

impl RoundMode {
    /// The canonical keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            RoundMode::HalfUp => "half_up",
            RoundMode::HalfEven => "half_even",
            RoundMode::Down => "down",
            RoundMode::Up => "up",
        }
    }

    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            RoundMode::HalfUp => "四舍五入",
            RoundMode::HalfEven => "银行家舍入",
            RoundMode::Down => "去尾",
            RoundMode::Up => "进一",
        }
    }
}

/// A literal number, percent or date, with its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Literal {
    /// The value.
    pub value: LitValue,
    /// The text as written.
    pub text: String,
    /// Where it stands.
    pub span: Span,
}

/// The value of a literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LitValue {
    /// A plain number.
    Number(Decimal),
    /// A percent, as a fraction: `65%` is 0.65.
    Percent(Decimal),
    /// A date.
    Date(NaiveDate),
}

/// An expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it stands.
    pub span: Span,
}

/// The forms of expressions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExprKind {
    /// A number, percent or date.
    Lit(Literal),
    /// `true` or `false`.
    Bool(bool),
    /// A fact or derived value.
    Name(String),
    /// `not x`, `-x`.
    Unary(UnOp, Box<Expr>),
    /// `事故等级 in [较大, 重大]`: a kind is one of these names.
    In(Box<Expr>, Vec<Ident>),
    /// `a OP b`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `min(…)`, `max(…)`, `abs(…)`.
    Call(Func, Vec<Expr>),
    /// `if C then A else B`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `( e )`, kept so the formatter can write it back.
    Paren(Box<Expr>),
    /// A part that could not be read; an error was reported for it.
    Error,
    /// `count(事故 where 等级 == 一般)`, `sum(事故, 扣分)`, `max(表彰, 加分, else 0)`: an aggregate
    /// over a list of records. (`max(a, b)` is the call of two values; the checker reads it over
    /// a list when `a` names one.)
    Agg(Box<Agg>),
    /// `事故 where 等级 == 一般` after `per`: the records of a list that meet a condition.
    List(Box<ListExpr>),
    /// `points(三.2)`, `deducted(三.2)`, `bonused(三.2)`: a figure of another node, by its id.
    NodeRef(NodeRead, Ident),
    /// `rank(完成率 among 达标 == false)`, `average(x among C, else 0)`: a comparing function over
    /// the units that meet a condition, and what it gives when none does.
    Among(Func, Vec<Expr>, Box<Among>),
}

/// The subset of a comparing function: `among C, else E`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Among {
    /// The condition each unit is tested on, on its own facts.
    pub cond: Expr,
    /// What the function gives when no unit meets the condition.
    pub or_else: Option<Expr>,
}

/// An aggregate over a list: `FUNC(LIST [, [max|min] EXPR] [, else EXPR])`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agg {
    /// `count`, `any`, `all`, `sum`, `max`, `min` or `mean`.
    pub func: AggFunc,
    /// The records it is taken over.
    pub list: ListExpr,
    /// `sum(表彰 by 工作项目, max 加分)`: the value taken in each group.
    pub pick: Option<AggPick>,
    /// The expression over a record's fields (the condition of `all`).
    pub arg: Option<Box<Expr>>,
    /// `else EXPR`: the value of `max`, `min` or `mean` over no records.
    pub default: Option<Box<Expr>>,
}

/// The aggregates over a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AggFunc {
    /// The number of records, or of distinct values of a field (`by`).
    Count,
    /// Whether there is a record.
    Any,
    /// Whether every record meets a condition (true of no records).
    All,
    /// The sum of a value over the records.
    Sum,
    /// The greatest value over the records.
    Max,
    /// The least value over the records.
    Min,
    /// The mean of a value over the records.
    Mean,
}

impl AggFunc {
    /// The name as written.
    pub fn name(self) -> &'static str {
        match self {
            AggFunc::Count => "count",
            AggFunc::Any => "any",
            AggFunc::All => "all",
            AggFunc::Sum => "sum",
            AggFunc::Max => "max",
            AggFunc::Min => "min",
            AggFunc::Mean => "mean",
        }
    }
}

/// The value taken in each group of `sum(L by F, max E)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AggPick {
    /// The greatest.
    Max,
    /// The least.
    Min,
}

/// `事故 [where COND] [by FIELD]`: records of a list fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListExpr {
    /// The list fact.
    pub name: Ident,
    /// The condition a record must meet.
    pub filter: Option<Box<Expr>>,
    /// The field the records are grouped by.
    pub by: Option<Ident>,
    /// The whole list expression.
    pub span: Span,
}

/// What a node reference reads of its node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NodeRead {
    /// `points(id)`: the node's score, bonus included.
    Points,
    /// `deducted(id)`: the points its deductions took (after its floor), at least 0.
    Deducted,
    /// `bonused(id)`: its bonus points, capped.
    Bonused,
}

/// Whether a node reference's id can be written without quotes: its parentheses pair up and it
/// holds nothing that ends a bare id.
pub fn ref_id_bare(id: &str) -> bool {
    let mut depth = 0usize;
    for c in id.chars() {
        match c {
            '(' => depth += 1,
            ')' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            '"' | '\\' | ',' => return false,
            c if c.is_whitespace() => return false,
            _ => {}
        }
    }
    depth == 0 && !id.is_empty()
}

impl NodeRead {
    /// The word written in a rule file.
    pub fn keyword(self) -> &'static str {
        match self {
            NodeRead::Points => "points",
            NodeRead::Deducted => "deducted",
            NodeRead::Bonused => "bonused",
        }
    }
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnOp {
    /// `not`.
    Not,
    /// `-`.
    Neg,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BinOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    /// Binding strength; higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 4,
            BinOp::Add | BinOp::Sub => 5,
            BinOp::Mul | BinOp::Div => 6,
        }
    }
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Func {
    /// The least of its arguments.
    Min,
    /// The greatest of its arguments.
    Max,
    /// Absolute value.
    Abs,
    /// `rank(x)`: the unit's place among the units scored together, 1 for the highest value;
    /// tied units share the better place and the next place is skipped (1, 2, 2, 4).
    Rank,
    /// `rank(x, lowest)`: as [`Func::Rank`], 1 for the lowest value.
    RankLowest,
    /// `best(x)`: the highest value among the units scored together.
    Best,
    /// `worst(x)`: the lowest value among the units scored together.
    Worst,
    /// `average(x)`: the mean of the value over the units scored together.
    Average,
    /// `ratio(x)`: the unit's value divided by the highest value among the units scored together.
    Ratio,
    /// `floor(x)`: the greatest whole number at most `x` ("每满5万元扣0.2分").
    Floor,
    /// `ceil(x)`: the least whole number at least `x` ("不足一次的按一次计").
    Ceil,
    /// `round(x)`, `round(x, places)`, `round(x, places, mode)`: `x` rounded to `places`
    /// decimal places (0 when not given), 四舍五入 unless another mode is written.
    Round(RoundMode),
    /// `pow(b, n)`: `b` to the whole power `n` ("第二次起每次扣分翻倍").
    Pow,
    /// `days(a, b)`: the number of days from date `a` to date `b` (negative when `b` is earlier).
    Days,
    /// `date(y, m, d)`: the date of a year, month and day given as whole numbers.
    Date,
    /// `workday(d)`: whether `d` is a working day of the rubric's calendar.
    Workday,
    /// `next_workday(d)`: the first working day on or after `d`.
    NextWorkday,
    /// `workdays(a, b)`: the number of working days after `a` up to and including `b`.
    Workdays,
    /// `cohort_sum(x)`: the sum of the value over the units scored together (not a list's `sum`).
    CohortSum,
    /// `cohort_count()`: how many units are scored together (not a list's `count`).
    CohortCount,
}

impl Func {
    /// The function's name.
    pub fn name(self) -> &'static str {
        match self {
            Func::Min => "min",
            Func::Max => "max",
            Func::Abs => "abs",
            Func::Rank | Func::RankLowest => "rank",
            Func::Best => "best",
            Func::Worst => "worst",
            Func::Average => "average",
            Func::Ratio => "ratio",
            Func::Floor => "floor",
            Func::Ceil => "ceil",
            Func::Round(_) => "round",
            Func::Pow => "pow",
            Func::Days => "days",
            Func::Date => "date",
            Func::Workday => "workday",
            Func::NextWorkday => "next_workday",
            Func::Workdays => "workdays",
            Func::CohortSum => "cohort_sum",
            Func::CohortCount => "cohort_count",
        }
    }

    /// Whether the function reads the rubric's calendar of working days.
    pub fn is_calendar(self) -> bool {
        matches!(self, Func::Workday | Func::NextWorkday | Func::Workdays)
    }

    /// Whether the function works on dates (`days`, `date` and the calendar's functions).
    pub fn is_date(self) -> bool {
        matches!(self, Func::Days | Func::Date) || self.is_calendar()
    }

    /// Whether the function reads the whole set of units scored together (a cohort).
    pub fn is_cohort(self) -> bool {
        matches!(
            self,
            Func::Rank
                | Func::RankLowest
                | Func::Best
                | Func::Worst
                | Func::Average
                | Func::Ratio
                | Func::CohortSum
                | Func::CohortCount
        )
    }
}

/// `calendar "2024年节假日" { year 2024  holiday 2024-02-10 .. 2024-02-17 "春节"  workday 2024-02-04 }`:
/// the years a calendar covers, its holidays and the weekend days that are working days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarDecl {
    /// The calendar's name, as the document gives it.
    pub name: Spanned<String>,
    /// Its lines in source order.
    pub lines: Vec<CalendarLine>,
    /// The whole declaration.
    pub span: Span,
}

/// One line of a calendar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum CalendarLine {
    /// `year 2024`: a year the calendar covers.
    Year(Spanned<u32>),
    /// `holiday …` or `workday …`.
    Days(CalendarDays),
}

/// `holiday 2024-02-10 .. 2024-02-17 "春节"` or `workday 2024-02-04, 2024-02-18 "调休上班"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarDays {
    /// Whether the days are rest days or working days.
    pub kind: DayKind,
    /// The days, each one date or a range of dates.
    pub spans: Vec<DaySpan>,
    /// What the days are (`"春节"`).
    pub note: Option<Spanned<String>>,
    /// The whole line.
    pub span: Span,
}

/// Whether a calendar line lists rest days or working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DayKind {
    /// `holiday`: rest days.
    Holiday,
    /// `workday`: working days (a weekend day worked in exchange, 调休上班).
    Workday,
}

impl DayKind {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
}

/// One date, or the dates from `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DaySpan {
    /// The first day.
    pub from: Spanned<NaiveDate>,
    /// The last day of a range.
    pub to: Option<Spanned<NaiveDate>>,
    /// The whole span.
    pub span: Span,
}

/// `max 2 when 地区类别 == 城区, 3 when 地区类别 == 郊区 else 4`: a maximum that depends on the
/// unit (城区2分，其他4分).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaxCases {
    /// The cases in order: the first whose condition holds gives the maximum.
    pub cases: Vec<MaxCase>,
    /// `else N`: the maximum when no condition holds.
    pub otherwise: Option<Literal>,
    /// The whole clause after `max`.
    pub span: Span,
}

/// One case of a maximum that depends on the unit: `2 when 地区类别 == 城区`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaxCase {
    /// The maximum in this case.
    pub value: Literal,
    /// The condition.
    pub when: Expr,
}
