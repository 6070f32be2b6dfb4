//! The checker's diagnostics as one typed table: every fault's stable code, severity and text.
//!
//! A variant of [`Code`] is one fault the checker can find. Its [`Code::name`] is the stable
//! code users see (`rubric::unknown-name`), documented in `docs/diagnostics.md`. A few faults of
//! one family share a name, each with its own sentence: every type mismatch is `rubric::type`,
//! every exceeded budget `rubric::budget` ([`Code::FAMILIES`] lists them, and a test holds every
//! other name to one variant). Message, label and help are templates in English and Chinese;
//! `{0}`, `{1}`… stand for the arguments a site gives. Sites build a diagnostic from a code and
//! its arguments: `Code::UnknownBlock.at(file, span).arg(name)`.

use crate::diag::{Diagnostic, Label, Severity};
use crate::source::FileId;
use crate::value::Ty;
use rubric_syntax::Span;
use serde::{Serialize, Serializer};
use std::fmt;

/// A language diagnostics can be rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// Chinese (简体中文).
    Zh,
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            other => Err(format!("unknown language `{other}`; the languages are `en` and `zh`")),
        }
    }
}

/// One fault the checker can find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// A line that does not fit the grammar (text from `rubric-syntax`).
    Syntax,
    /// A number that cannot be held exactly (text from `rubric-syntax`).
    Number,
    /// A date that does not exist or is out of range (text from `rubric-syntax`).
    Date,
    /// An unknown escape in a string (text from `rubric-syntax`).
    Escape,
    /// A hidden character in a comment or string (text from `rubric-syntax`).
    ControlChar,
    /// A file beyond a budget checked before parsing (text from `rubric-syntax`).
    SourceBudget,
    /// The parser met a form it cannot read: a bug in rubric (text from `rubric-syntax`).
    Internal,
    /// A block's `max` parameter given a percent or a date, not points.
    TypeMax,
    /// The checker met a state it cannot be in: a bug in rubric; the load fails.
    CheckerInternal,
    /// A rule file larger than `max_bytes`.
    TooLarge,
    /// More files imported than `max_files`.
    TooManyFiles,
    /// More facts than `max_facts`.
    TooManyFacts,
    /// More nodes than `max_nodes`.
    TooManyNodes,
    /// Blocks used inside blocks deeper than `max_use_depth`.
    UseTooDeep,
    /// Nodes nested deeper than `max_tree_depth`.
    TreeTooDeep,
    /// More periods than a rubric may declare.
    TooManyPeriods,
    /// The entry file cannot be read.
    Read,
    /// An imported file cannot be read.
    Import,
    /// An import that is an absolute path.
    ImportAbsolute,
    /// An import that leads above the project root.
    ImportAboveRoot,
    /// A file with neither a rubric nor a block.
    NoRubric,
    /// A file with two rubrics.
    TwoRubrics,
    /// Two blocks of one name.
    DuplicateBlock,
    /// A block used twice.
    DuplicateUse,
    /// A `use` of a block that is not defined.
    UnknownBlock,
    /// A block that uses itself.
    UseCycle,
    /// A rule reads a name that is not declared.
    UnknownName,
    /// A test gives a fact that is not declared.
    UnknownTestFact,
    /// A test expects a row that does not exist.
    UnknownId,
    /// A test expects a row in a period it is not scored in.
    NotInPeriod,
    /// A fact or derived value declared twice.
    DuplicateName,
    /// A period declared twice.
    DuplicatePeriod,
    /// A parameter declared twice.
    DuplicateParam,
    /// A parameter named like a fact or derived value of its block.
    ParamNameTaken,
    /// Derived values defined from each other in a circle.
    Cycle,
    /// Two nodes with one id.
    DuplicateId,
    /// Two nodes whose ids differ only in full-width characters.
    DuplicateIdWidth,
    /// A value of the wrong kind where a kind is wanted.
    TypeExpected,
    /// `not` or `-` applied to the wrong kind.
    TypeUnary,
    /// An operator applied to kinds it does not join.
    TypeBinary,
    /// A function given values of different kinds.
    TypeArgs,
    /// An `if` whose condition is not yes/no.
    TypeIfCondition,
    /// An `if` whose branches differ in kind.
    TypeIfBranches,
    /// A cohort function given other than one value.
    TypeCohortArity,
    /// A cohort function given a value it cannot compare.
    TypeCohortValue,
    /// `on zero` giving a value of another kind than its derived value.
    TypeOnZero,
    /// A band bound of another kind than the banded value.
    TypeBound,
    /// `judged` on a fact that is not `points`.
    TypeJudged,
    /// A test value that does not fit its fact.
    TypeTestFact,
    /// A parameter's default of the other kind.
    TypeParamDefault,
    /// An argument of the other kind than its parameter.
    TypeArg,
    /// A statement where it has no meaning.
    Misplaced,
    /// An item without `max`.
    ItemMax,
    /// A node setting given twice.
    DuplicateSetting,
    /// A period given twice in one test.
    DuplicateTestPeriod,
    /// `round` to more than 10 places.
    Round,
    /// A band table without bands.
    EmptyBand,
    /// Declared points that differ from the sum of the parts.
    MaxMismatch,
    /// Declared points that differ from what the periods weigh.
    PeriodMaxMismatch,
    /// Periods that weigh more points than a number holds.
    PeriodMaxOverflow,
    /// A cohort function over a value that itself compares units.
    CohortNested,
    /// Values in no band.
    BandGap,
    /// Values in two bands.
    BandOverlap,
    /// A band giving more than its item is worth.
    BandPoints,
    /// An argument naming no parameter of its block.
    UnknownParam,
    /// A bound written as a name that is no parameter.
    UnknownParamBound,
    /// `max NAME` naming no parameter.
    UnknownParamMax,
    /// A required parameter not given.
    MissingArg,
    /// An argument given twice.
    DuplicateArg,
    /// A period that is not declared.
    UnknownPeriod,
    /// A test that expects nothing.
    EmptyTest,
    /// A test that does not give what its expected rows read.
    TestFacts,
    /// A test in a file of blocks.
    TestInLibrary,
    /// A section or group without items.
    Empty,
    /// A fact no rule reads.
    UnusedFact,
    /// A derived value no rule reads.
    UnusedValue,
    /// A band no value can reach.
    BandUnreachable,
    /// Bands that score a better value less.
    BandOrder,
    /// A bonus without limit.
    BonusCap,
    /// `bonus_cap` where nothing gives a bonus.
    UnusedBonusCap,
    /// An item that cannot reach its max.
    MaxUnreachable,
    /// A `per` quantity that can be negative.
    QuantitySign,
    /// A deadline year outside the years of rubrics.
    DeadlineRange,
    /// A deadline text that is neither a date nor a known phrase.
    DeadlineUnknown,
    /// A deadline after the rubric's year.
    DeadlineYear,
    /// A parameter nothing uses.
    UnusedParam,
    /// A node scored in no period.
    NeverScored,
    /// A kind compared with a name it does not list.
    KindName,
    /// A kind read other than by `==`, `!=` or `in [...]`, or `in [...]` on what is not a kind.
    KindUse,
    /// A `kind` fact that lists no names.
    KindNoNames,
    /// Names listed after a type that is not `kind`.
    KindNamesNotKind,
    /// A kind that lists a name twice.
    KindNameTwice,
    /// A kind with a declared range.
    KindRange,
    /// A lookup table without a cell for a combination of names.
    TableGap,
    /// A cell of a lookup table that does not name one name of each kind.
    TableCellShape,
    /// A cell of a lookup table given twice.
    TableCellTwice,
    /// A lookup table by something that is not a kind fact.
    TableBy,
    /// A list fact without fields.
    ListNoFields,
    /// A list that declares a field twice.
    ListFieldTwice,
    /// A field of a list named as a fact or derived value of the rubric.
    ListFieldShadows,
    /// A list fact read as a single value.
    ListAsValue,
    /// A field of a list read outside an aggregate over it.
    ListFieldOutside,
    /// An aggregate over something that is not a list fact.
    NotAList,
    /// An aggregate naming a field its list does not declare.
    ListUnknownField,
    /// An aggregate written with the wrong parts (`count(事故, 扣分)`, `sum(事故)`).
    ListAggShape,
    /// `use B as NAME` where NAME is a block's name.
    UseAsTaken,
    /// `expect rank` outside a `unit` block, or not a whole number from 1.
    TestRank,
    /// An `expect` outside every `unit` of a test of several units.
    TestUnitExpect,
    /// A test of several units in a rubric scored in periods.
    TestUnitsPeriods,
    /// A unit given twice in one test.
    TestUnitTwice,
    /// Scores of a graded node in no grade of its table.
    GradeGap,
    /// Scores of a graded node in two grades of its table.
    GradeOverlap,
    /// A grade named in `when`, `bar` or `quota` that the table does not give.
    GradeUnknown,
    /// A grade table that gives one name twice.
    GradeTwice,
    /// A quota over 100%.
    GradeQuota,
    /// Two grade tables on one node.
    GradeTables,
    /// A `bar` of the lowest grade: there is no grade below it.
    GradeBar,
    /// A grade table in a rubric scored in periods.
    GradePeriods,
    /// A day listed twice in one calendar (as a holiday and a workday, or twice alike).
    CalendarDayTwice,
    /// A range of days in a calendar whose end is before its start.
    CalendarRangeReversed,
    /// A year covered twice (by two calendars, or written twice in one).
    CalendarYearTwice,
    /// A range of days in a calendar longer than a year.
    CalendarRangeLong,
    /// A calendar that states no year it covers.
    CalendarNoYear,
    /// A working-day function in a rubric that declares no calendar.
    NoCalendar,
    /// A `workday` line naming a weekday, a working day anyway.
    CalendarWorkdayWeekday,
    /// `date(y, m, d)` of constants that name no day.
    NoSuchDate,
    /// A node reference (`points(三.2)`) to an id no node has.
    RefUnknown,
    /// Node references that read each other, or a node's own or its ancestor's score.
    RefCycle,
    /// A node reference outside a node's rules (in a `let`).
    RefPlace,
    /// A node's score read inside a function that compares units.
    RefCohort,
    /// A node reference to a node scored in periods its reader is not.
    RefPeriod,
    /// A parent's `score` whose most differs from its declared points.
    ScoreMax,
    /// `among` on a function that does not compare units.
    SubsetFunction,
    /// The condition of a subset is not a truth value, or reads a figure over units.
    SubsetCondition,
    /// The `else` of a subset is of another kind than the function's value.
    SubsetElse,
    /// A subset that can be empty, with no `else` to say what the function then gives.
    SubsetEmpty,
    /// `cohort_count` given a value: it counts units.
    TypeCohortCount,
    /// A row that can read a 不适用 value, with no `not_applicable =>` on it or above.
    NaUnstated,
    /// `not_applicable => rescale` on the rubric itself, which has no parent to rescale.
    NaRoot,
    /// `not_applicable => ID` naming no row of the same parent worth points.
    NaMoveUnknown,
    /// `not_applicable => ID` on a node with parts or on the rubric: only a row's points move.
    NaMovePlace,
    /// `not_applicable => ID` naming the row itself, or a row that moves its own points.
    NaMoveChain,
    /// `not_applicable => ID` on a part of a node scored by `combine`, which does not add its parts.
    NaMoveCombine,
    /// A maximum's case whose condition reads what depends on scoring or is not given.
    MaxCaseRead,
    /// A maximum's cases that leave out some units, without `else`.
    MaxCaseCover,
    /// A maximum that depends on the unit where it cannot be yet (a block, periods).
    MaxCasePlace,
    /// Maxima that depend on the unit in more cases than are compiled.
    MaxCaseMany,
    /// Points a rule gives that differ from the points its own text states (issue 20).
    FidelityPoints,
    /// A band edge or a threshold whose value or side differs from its own text (issue 20).
    FidelityEdge,
    /// A limit (`max` of a line, `floor`) that differs from its own text (issue 20).
    FidelityCap,
}

/// The text of a code or phrase in one language: message, label, help (`""` for none).
type Text = [&'static str; 3];

/// One row of the table.
struct Entry {
    name: &'static str,
    severity: Severity,
    en: Text,
    zh: Text,
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

/// The text of the codes whose words come from `rubric-syntax`: passed through.
const PASS: Text = ["{0}", "{1}", "{2}"];

/// The help of a refused import, with the project root as `{1}`.
const OUTSIDE_EN: &str = "imports are read only from the folder of the rule file being loaded (`{1}`) and the folders below it: write the path relative to the importing file, with `/` between folders, and copy a shared file into that folder";
const OUTSIDE_ZH: &str = "只读取所加载细则文件所在文件夹（`{1}`）及其下级文件夹中的文件：按相对于导入它的文件写路径，文件夹之间用 `/`，共用的文件请复制到该文件夹中";

impl Code {
    /// Every code, in the order of the table.
    pub const ALL: &'static [Code] = &[
        Code::Syntax,
        Code::Number,
        Code::Date,
        Code::Escape,
        Code::ControlChar,
        Code::SourceBudget,
        Code::Internal,
        Code::CheckerInternal,
        Code::TypeMax,
        Code::TooLarge,
        Code::TooManyFiles,
        Code::TooManyFacts,
        Code::TooManyNodes,
        Code::UseTooDeep,
        Code::TreeTooDeep,
        Code::TooManyPeriods,
        Code::Read,
        Code::Import,
        Code::ImportAbsolute,
        Code::ImportAboveRoot,
        Code::NoRubric,
        Code::TwoRubrics,
        Code::DuplicateBlock,
        Code::DuplicateUse,
        Code::UnknownBlock,
        Code::UseCycle,
        Code::UnknownName,
        Code::UnknownTestFact,
        Code::UnknownId,
        Code::NotInPeriod,
        Code::DuplicateName,
        Code::DuplicatePeriod,
        Code::DuplicateParam,
        Code::ParamNameTaken,
        Code::Cycle,
        Code::DuplicateId,
        Code::DuplicateIdWidth,
        Code::TypeExpected,
        Code::TypeUnary,
        Code::TypeBinary,
        Code::TypeArgs,
        Code::TypeIfCondition,
        Code::TypeIfBranches,
        Code::TypeCohortArity,
        Code::TypeCohortValue,
        Code::TypeOnZero,
        Code::TypeBound,
        Code::TypeJudged,
        Code::TypeTestFact,
        Code::TypeParamDefault,
        Code::TypeArg,
        Code::Misplaced,
        Code::ItemMax,
        Code::DuplicateSetting,
        Code::DuplicateTestPeriod,
        Code::Round,
        Code::EmptyBand,
        Code::MaxMismatch,
        Code::PeriodMaxMismatch,
        Code::PeriodMaxOverflow,
        Code::CohortNested,
        Code::BandGap,
        Code::BandOverlap,
        Code::BandPoints,
        Code::UnknownParam,
        Code::UnknownParamBound,
        Code::UnknownParamMax,
        Code::MissingArg,
        Code::DuplicateArg,
        Code::UnknownPeriod,
        Code::EmptyTest,
        Code::TestFacts,
        Code::TestInLibrary,
        Code::Empty,
        Code::UnusedFact,
        Code::UnusedValue,
        Code::BandUnreachable,
        Code::BandOrder,
        Code::BonusCap,
        Code::UnusedBonusCap,
        Code::MaxUnreachable,
        Code::QuantitySign,
        Code::DeadlineRange,
        Code::DeadlineUnknown,
        Code::DeadlineYear,
        Code::UnusedParam,
        Code::NeverScored,
        Code::KindName,
        Code::KindUse,
        Code::KindNoNames,
        Code::KindNamesNotKind,
        Code::KindNameTwice,
        Code::KindRange,
        Code::TableGap,
        Code::TableCellShape,
        Code::TableCellTwice,
        Code::TableBy,
        Code::ListNoFields,
        Code::ListFieldTwice,
        Code::ListFieldShadows,
        Code::ListAsValue,
        Code::ListFieldOutside,
        Code::NotAList,
        Code::ListUnknownField,
        Code::ListAggShape,
        Code::UseAsTaken,
        Code::TestRank,
        Code::TestUnitExpect,
        Code::TestUnitsPeriods,
        Code::TestUnitTwice,
        Code::GradeGap,
        Code::GradeOverlap,
        Code::GradeUnknown,
        Code::GradeTwice,
        Code::GradeQuota,
        Code::GradeTables,
        Code::GradeBar,
        Code::GradePeriods,
        Code::CalendarDayTwice,
        Code::CalendarRangeReversed,
        Code::CalendarYearTwice,
        Code::CalendarRangeLong,
        Code::CalendarNoYear,
        Code::NoCalendar,
        Code::CalendarWorkdayWeekday,
        Code::NoSuchDate,
        Code::RefUnknown,
        Code::RefCycle,
        Code::RefPlace,
        Code::RefCohort,
        Code::RefPeriod,
        Code::ScoreMax,
        Code::SubsetFunction,
        Code::SubsetCondition,
        Code::SubsetElse,
        Code::SubsetEmpty,
        Code::TypeCohortCount,
        Code::NaUnstated,
        Code::NaRoot,
        Code::NaMoveUnknown,
        Code::NaMovePlace,
        Code::NaMoveChain,
        Code::NaMoveCombine,
        Code::MaxCaseRead,
        Code::MaxCaseCover,
        Code::MaxCasePlace,
        Code::MaxCaseMany,
        Code::FidelityPoints,
        Code::FidelityEdge,
        Code::FidelityCap,
    ];

    /// The names that several variants share, each a family of one fault told in several
    /// sentences. Every other name belongs to one variant.
    pub const FAMILIES: &'static [&'static str] = &[
        "rubric::budget",
        "rubric::internal",
        "rubric::type",
        "rubric::import-outside",
        "rubric::duplicate-name",
        "rubric::duplicate-id",
        "rubric::duplicate-setting",
        "rubric::unknown-name",
        "rubric::unknown-param",
        "rubric::max-mismatch",
        "rubric::deadline",
        "rubric::kind-decl",
        "rubric::table-cell",
        "rubric::list-decl",
        "rubric::list-use",
        "rubric::calendar",
        "rubric::na-move",
    ];

    /// The stable code users see, such as `rubric::unknown-name`.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The stable code, as `str` (for comparisons with text).
    pub fn as_str(self) -> &'static str {
        self.name()
    }

    /// Error or warning.
    pub fn severity(self) -> Severity {
        self.entry().severity
    }

    /// The templates of message, label and help in `lang` (`{0}`… stand for the arguments;
    /// an empty help means none).
    pub fn templates(self, lang: Lang) -> [&'static str; 3] {
        let e = self.entry();
        match lang {
            Lang::Zh => e.zh,
            _ => e.en,
        }
    }

    /// Starts a diagnostic of this code at `span` of `file`.
    pub(crate) fn at(self, file: FileId, span: Span) -> Draft {
        Draft { code: self, file, span, args: Vec::new(), label: None, help: None, notes: Vec::new() }
    }

    /// The table: name, severity and text of every code.
    fn entry(self) -> Entry {
        use Code::*;
        let (name, severity, en, zh): (&str, Severity, Text, Text) = match self {
            Syntax => ("rubric::syntax", E, PASS, PASS),
            Number => ("rubric::number", E, PASS, PASS),
            Date => ("rubric::date", E, PASS, PASS),
            Escape => ("rubric::escape", E, PASS, PASS),
            ControlChar => ("rubric::control-char", E, PASS, PASS),
            SourceBudget => ("rubric::budget", E, PASS, PASS),
            Internal => ("rubric::internal", E, PASS, PASS),
            CheckerInternal => (
                "rubric::internal",
                E,
                [
                    "internal error: the checker found {0}",
                    "here",
                    "this is a bug in rubric, not a fault of the file; please report it with the file",
                ],
                ["内部错误：检查器发现{0}", "此处", "这是 rubric 的缺陷，不是文件的错误；请连同文件一并报告"],
            ),
            TooLarge => (
                "rubric::budget",
                E,
                [
                    "`{0}` is {1}, beyond the budget `max_bytes` of {2}",
                    "",
                    "a rule file this large is not a rubric, and it is not read; split it, or raise `Limits::max_bytes` if you embed the library",
                ],
                [
                    "`{0}` 有{1}，超出预算 `max_bytes`（{2}）",
                    "",
                    "这么大的规则文件不会是细则，不予读取；请拆分它，或在嵌入本库时调高 `Limits::max_bytes`",
                ],
            ),
            TooManyFiles => (
                "rubric::budget",
                E,
                [
                    "more than {0} files are imported, beyond the budget `max_files`",
                    "one import too many",
                    "a rubric imports a few shared files; check for imports that pull in whole folders",
                ],
                [
                    "导入的文件超过 {0} 个，超出预算 `max_files`",
                    "多出的导入",
                    "一份细则只导入少数共用文件；检查是否有导入拉进了整个文件夹",
                ],
            ),
            TooManyFacts => (
                "rubric::budget",
                E,
                [
                    "more than {0} facts, beyond the budget `max_facts`",
                    "one fact too many",
                    "raise `Options::max_facts` if you embed the library",
                ],
                ["事实超过 {0} 个，超出预算 `max_facts`", "多出的事实", "嵌入本库时可调高 `Options::max_facts`"],
            ),
            TooManyNodes => (
                "rubric::budget",
                E,
                [
                    "more than {0} nodes, beyond the budget `max_nodes`",
                    "one node too many",
                    "a rubric has at most a few hundred rows; raise `Options::max_nodes` if you embed the library",
                ],
                [
                    "节点超过 {0} 个，超出预算 `max_nodes`",
                    "多出的节点",
                    "一份细则至多几百行；嵌入本库时可调高 `Options::max_nodes`",
                ],
            ),
            UseTooDeep => (
                "rubric::budget",
                E,
                [
                    "blocks are used inside each other more than {0} deep, beyond the budget `max_use_depth`",
                    "one level too deep",
                    "a shared block rarely uses another; flatten the chain of blocks",
                ],
                [
                    "块的相互引用超过 {0} 层，超出预算 `max_use_depth`",
                    "多出的一层",
                    "共用块很少引用别的块；请把这串块展平",
                ],
            ),
            TreeTooDeep => (
                "rubric::budget",
                E,
                [
                    "sections, groups and blocks are nested more than {0} levels deep, beyond the budget `max_tree_depth`",
                    "one level too deep",
                    "a rubric has a few levels (section, group, item); flatten the nesting",
                ],
                [
                    "部分、组和块嵌套超过 {0} 层，超出预算 `max_tree_depth`",
                    "多出的一层",
                    "细则只有几层（部分、组、条目）；请减少嵌套",
                ],
            ),
            TooManyPeriods => (
                "rubric::budget",
                E,
                [
                    "more than {0} periods",
                    "one period too many",
                    "an assessment has a few checkpoints (平时, 年底); merge the periods",
                ],
                ["考核期超过 {0} 个", "多出的考核期", "一次考核只有几个节点（平时、年底）；请合并考核期"],
            ),
            Read => ("rubric::read", E, ["cannot read `{0}`: {1}", "", ""], ["无法读取 `{0}`：{1}", "", ""]),
            Import => (
                "rubric::import",
                E,
                ["cannot read `{0}`: {1}", "imported here", "check the path; it is relative to the importing file"],
                ["无法读取 `{0}`：{1}", "在此导入", "检查路径；路径相对于导入它的文件"],
            ),
            ImportAbsolute => (
                "rubric::import-outside",
                E,
                ["import `{0}` is not a relative path", "not a relative path", OUTSIDE_EN],
                ["导入 `{0}` 不是相对路径", "不是相对路径", OUTSIDE_ZH],
            ),
            ImportAboveRoot => (
                "rubric::import-outside",
                E,
                ["import `{0}` leads outside the project root `{1}`", "outside the project root", OUTSIDE_EN],
                ["导入 `{0}` 指向项目根目录 `{1}` 之外", "在项目根目录之外", OUTSIDE_ZH],
            ),
            NoRubric => (
                "rubric::no-rubric",
                E,
                [
                    "this file holds no rubric",
                    "",
                    "a rule file needs `rubric \"title\" { … }`; a file of blocks is imported by one",
                ],
                ["此文件中没有细则", "", "规则文件需要 `rubric \"标题\" { … }`；只有块的文件由规则文件导入"],
            ),
            TwoRubrics => (
                "rubric::two-rubrics",
                E,
                ["a file holds one rubric", "a second rubric", "put each rubric in a file of its own"],
                ["一个文件只能有一份细则", "第二份细则", "把每份细则放进单独的文件"],
            ),
            DuplicateBlock => (
                "rubric::duplicate-block",
                E,
                ["block `{0}` is defined twice", "defined again here", "rename one of the blocks"],
                ["块 `{0}` 定义了两次", "在此再次定义", "给其中一个块改名"],
            ),
            DuplicateUse => (
                "rubric::duplicate-use",
                E,
                [
                    "block `{0}` is used twice",
                    "used again here",
                    "a block becomes one section: to use it again, give each use its own id with `as`: `use {0} as 二季度`",
                ],
                [
                    "块 `{0}` 使用了两次",
                    "在此再次使用",
                    "一个块成为一个部分；要再次使用，用 `as` 给每次使用一个编号：`use {0} as 二季度`",
                ],
            ),
            UnknownBlock => (
                "rubric::unknown-block",
                E,
                [
                    "unknown block `{0}`",
                    "no block of this name",
                    "import the file that defines it: `import \"shared/….rubric\"`",
                ],
                ["未知的块 `{0}`", "没有这个名字的块", "导入定义它的文件：`import \"shared/….rubric\"`"],
            ),
            UseCycle => (
                "rubric::use-cycle",
                E,
                [
                    "block `{0}` uses itself",
                    "used inside itself",
                    "a block cannot contain itself, directly or through another block",
                ],
                ["块 `{0}` 使用了自己", "在自身内部使用", "块不能包含自己，无论直接还是经由别的块"],
            ),
            UnknownName => (
                "rubric::unknown-name",
                E,
                [
                    "unknown name `{0}`",
                    "not a declared fact or derived value",
                    "declare it at the top of the rubric, e.g. `fact {0}: count`",
                ],
                ["未知的名字 `{0}`", "不是已声明的事实或派生值", "在细则开头声明它，例如 `fact {0}: count`"],
            ),
            UnknownTestFact => (
                "rubric::unknown-name",
                E,
                ["unknown fact `{0}`", "not a declared fact", "a test gives values to the rubric's declared facts"],
                ["未知的事实 `{0}`", "不是已声明的事实", "测试只给细则已声明的事实赋值"],
            ),
            UnknownId => (
                "rubric::unknown-id",
                E,
                [
                    "no node has the id `{0}`",
                    "no such row",
                    "expect the id of a section, group or item of this rubric, or `total`",
                ],
                ["没有编号为 `{0}` 的节点", "没有这一行", "请 expect 本细则中某个部分、组或条目的编号，或 `total`"],
            ),
            NotInPeriod => (
                "rubric::not-in-period",
                E,
                [
                    "row `{0}` is not scored in period `{1}`",
                    "not in this period",
                    "expect it in a period it is scored in (see its `only`)",
                ],
                ["行 `{0}` 在考核期 `{1}` 中不计分", "不在这个考核期", "在它计分的考核期中 expect 它（见它的 `only`）"],
            ),
            DuplicateName => (
                "rubric::duplicate-name",
                E,
                ["`{0}` is declared twice", "declared again here", "give each fact and derived value its own name"],
                ["`{0}` 声明了两次", "在此再次声明", "每个事实和派生值各用一个名字"],
            ),
            DuplicatePeriod => (
                "rubric::duplicate-name",
                E,
                ["period `{0}` is declared twice", "declared again here", "give each period its own name"],
                ["考核期 `{0}` 声明了两次", "在此再次声明", "每个考核期各用一个名字"],
            ),
            DuplicateParam => (
                "rubric::duplicate-name",
                E,
                ["parameter `{0}` is declared twice", "declared again here", "give each parameter its own name"],
                ["参数 `{0}` 声明了两次", "在此再次声明", "每个参数各用一个名字"],
            ),
            ParamNameTaken => (
                "rubric::duplicate-name",
                E,
                [
                    "parameter `{0}` has the name of a fact or derived value of the block",
                    "also declared in the block",
                    "give the parameter a name of its own",
                ],
                ["参数 `{0}` 与块中的事实或派生值同名", "块中也声明了它", "给参数另起一个名字"],
            ),
            Cycle => (
                "rubric::cycle",
                E,
                [
                    "derived values depend on each other in a circle: {0}",
                    "part of the circle",
                    "define at least one of them from facts only",
                ],
                ["派生值相互依赖成环：{0}", "环的一部分", "至少让其中一个只由事实算出"],
            ),
            DuplicateId => (
                "rubric::duplicate-id",
                E,
                [
                    "node id `{0}` is used twice",
                    "used again here",
                    "ids follow the document's numbering and must be unique; write them with half-width digits and `.`",
                ],
                ["节点编号 `{0}` 用了两次", "在此再次使用", "编号按文件的序号写，且不能重复；用半角数字和 `.` 书写"],
            ),
            DuplicateIdWidth => (
                "rubric::duplicate-id",
                E,
                [
                    "node id `{0}` is the same as `{1}` apart from full-width characters",
                    "used again here",
                    "ids follow the document's numbering and must be unique; write them with half-width digits and `.`",
                ],
                [
                    "节点编号 `{0}` 与 `{1}` 只差全角字符",
                    "在此再次使用",
                    "编号按文件的序号写，且不能重复；用半角数字和 `.` 书写",
                ],
            ),
            TypeExpected => (
                "rubric::type",
                E,
                ["expected {0}, found {1}", "this is {1}", ""],
                ["这里应为{0}，实为{1}", "这是{1}", ""],
            ),
            TypeUnary => (
                "rubric::type",
                E,
                ["`{0}` needs {1}, found {2}", "this is {2}", "apply `{0}` to {1}"],
                ["`{0}` 需要{1}，实为{2}", "这是{2}", "对{1}使用 `{0}`"],
            ),
            TypeBinary => (
                "rubric::type",
                E,
                ["cannot use `{0}` on {1} and {2}", "this is {1}", ""],
                ["不能对{1}和{2}使用 `{0}`", "这是{1}", ""],
            ),
            TypeArgs => (
                "rubric::type",
                E,
                ["`{0}` needs {1}", "does not fit", "give numbers, percents or dates, all of one kind"],
                ["`{0}` 需要{1}", "不相符", "给出同一种类的数、百分数或日期"],
            ),
            TypeIfCondition => (
                "rubric::type",
                E,
                [
                    "`if` needs a yes/no condition, found {0}",
                    "not a condition",
                    "write a comparison such as `完成数 >= 2`",
                ],
                ["`if` 需要是非条件，实为{0}", "不是条件", "写一个比较，例如 `完成数 >= 2`"],
            ),
            TypeIfBranches => (
                "rubric::type",
                E,
                [
                    "the branches of `if` differ: {0} and {1}",
                    "this is {0}",
                    "both branches must give values of one kind",
                ],
                ["`if` 的两个分支种类不同：{0}和{1}", "这是{0}", "两个分支必须给出同一种类的值"],
            ),
            TypeCohortArity => (
                "rubric::type",
                E,
                ["`{0}` takes one value, found {1}", "one value here", "write `{0}(VALUE)`{2}"],
                ["`{0}` 只接受一个值，实有 {1} 个", "这里只写一个值", "写成 `{0}(值)`{2}"],
            ),
            TypeCohortValue => (
                "rubric::type",
                E,
                [
                    "`{0}` needs a number, count, percent or points, found {1}",
                    "this is {1}",
                    "compare units on a quantity, e.g. a completion rate or a count",
                ],
                ["`{0}` 需要数、计数、百分数或分数，实为{1}", "这是{1}", "按某个数量比较各单位，例如完成率或件数"],
            ),
            TypeOnZero => (
                "rubric::type",
                E,
                ["`on zero` gives {0}, but `{1}` is {2}", "this is {0}", "give {2} here"],
                ["`on zero` 给出{0}，但 `{1}` 是{2}", "这是{0}", "这里给出{2}"],
            ),
            TypeBound => (
                "rubric::type",
                E,
                ["bound `{0}` is {1}, but the value is {2}", "this is {1}", ""],
                ["界限 `{0}` 是{1}，但取值是{2}", "这是{1}", ""],
            ),
            TypeMax => (
                "rubric::type",
                E,
                [
                    "the maximum of `{0}` is `{1}`, which is not a number of points",
                    "not a number",
                    "a maximum is a number of points: give the block's parameter a number, or write `max N`",
                ],
                ["`{0}` 的满分是 `{1}`，不是分数", "不是数字", "满分须是分数：请给区块参数一个数字，或写 `max N`"],
            ),
            TypeJudged => (
                "rubric::type",
                E,
                [
                    "`judged` needs a `points` fact, but `{0}` is not one",
                    "not a points fact",
                    "declare it as `fact {0}: points`",
                ],
                ["`judged` 需要 `points` 事实，但 `{0}` 不是", "不是分数事实", "把它声明为 `fact {0}: points`"],
            ),
            TypeTestFact => (
                "rubric::type",
                E,
                ["`{0}` is a {1} fact: {2}", "does not fit the fact", "give a {1} value"],
                ["`{0}` 是 {1} 事实：{2}", "与事实不符", "给出 {1} 值"],
            ),
            TypeParamDefault => (
                "rubric::type",
                E,
                ["parameter `{0}` is {1}, but its default `{2}` is {3}", "this is {3}", ""],
                ["参数 `{0}` 是{1}，但默认值 `{2}` 是{3}", "这是{3}", ""],
            ),
            TypeArg => (
                "rubric::type",
                E,
                ["parameter `{0}` is {1}, but `{2}` is {3}", "this is {3}", ""],
                ["参数 `{0}` 是{1}，但 `{2}` 是{3}", "这是{3}", ""],
            ),
            Misplaced => (
                "rubric::misplaced",
                E,
                ["`{0}` cannot stand in {1}", "not allowed here", ""],
                ["`{0}` 不能放在{1}中", "此处不允许", ""],
            ),
            ItemMax => (
                "rubric::item-max",
                E,
                [
                    "item `{0}` has no `max`",
                    "needs `max N`",
                    "write the row's points, e.g. `item 一.1 \"…\" max 3 { … }`",
                ],
                ["条目 `{0}` 没有 `max`", "需要 `max N`", "写出该行的分值，例如 `item 一.1 \"…\" max 3 { … }`"],
            ),
            DuplicateSetting => (
                "rubric::duplicate-setting",
                E,
                ["`{0}` is set twice", "set again here", "keep one of them"],
                ["`{0}` 设置了两次", "在此再次设置", "只保留其中一个"],
            ),
            DuplicateTestPeriod => (
                "rubric::duplicate-setting",
                E,
                ["period `{0}` is given twice in this test", "given again here", "write one `period` block per period"],
                ["本测试两次给出考核期 `{0}`", "在此再次给出", "每个考核期只写一个 `period` 块"],
            ),
            Round => (
                "rubric::round",
                E,
                ["rounding to {0} places", "too many places", "scores are rounded to at most 10 decimal places"],
                ["保留 {0} 位小数", "位数太多", "分数至多保留 10 位小数"],
            ),
            EmptyBand => (
                "rubric::empty-band",
                E,
                ["this band table has no bands", "no bands", "add bands such as `[50%, 65%] => 1`"],
                ["这个分档表没有分档", "没有分档", "加上分档，例如 `[50%, 65%] => 1`"],
            ),
            MaxMismatch => (
                "rubric::max-mismatch",
                E,
                [
                    "`{0}` is worth {1} points, but its parts add up to {2}",
                    "declared {1}",
                    "correct the points so they add up, or write `cap N` if the document caps the total",
                ],
                [
                    "`{0}` 分值为 {1} 分，但各部分合计 {2} 分",
                    "声明为 {1}",
                    "改正分值使其相符，若文件规定了总分上限，写 `cap N`",
                ],
            ),
            PeriodMaxMismatch => (
                "rubric::max-mismatch",
                E,
                [
                    "the rubric is worth {0} points, but its periods weigh up to {1} ({2})",
                    "declared {0}",
                    "with periods the total is Σ weight × period maximum; correct the points or the weights",
                ],
                [
                    "细则分值为 {0} 分，但各考核期加权合计最多 {1} 分（{2}）",
                    "声明为 {0}",
                    "有考核期时，总分为 Σ 权重 × 该期满分；请改正分值或权重",
                ],
            ),
            PeriodMaxOverflow => (
                "rubric::max-overflow",
                E,
                [
                    "the periods weigh more points than a number holds ({0})",
                    "the rubric",
                    "with periods the total is Σ weight × period maximum, and it must stay within 79228162514264337593543950335; lower the weights or the points",
                ],
                [
                    "各考核期加权合计的分值超出了数值范围（{0}）",
                    "此细则",
                    "有考核期时，总分为 Σ 权重 × 该期满分，须在 79228162514264337593543950335 以内；请调低权重或分值",
                ],
            ),
            CohortNested => (
                "rubric::cohort-nested",
                E,
                [
                    "`{0}` compares a value that itself compares units",
                    "this reads a rank, best, worst, average or ratio",
                    "compare a unit's own value: a fact, or a value derived from facts only",
                ],
                [
                    "`{0}` 比较的值本身就在比较各单位",
                    "这里读取了名次、最好、最差、平均或占比",
                    "比较单位自身的值：一个事实，或只由事实算出的值",
                ],
            ),
            BandGap => (
                "rubric::band-gap",
                E,
                [
                    "{0} {1} in no band of item `{2}`",
                    "{0}: no band",
                    "add a band for these values, or move a neighbouring band's end with `[`/`]` so it includes them",
                ],
                [
                    "{0}不在条目 `{2}` 的任何分档中",
                    "{0}：没有分档",
                    "为这些值加一个分档，或用 `[`/`]` 移动相邻分档的端点把它们包括进去",
                ],
            ),
            BandOverlap => (
                "rubric::band-overlap",
                E,
                [
                    "{0} {1} in {2} bands of item `{3}`",
                    "includes {0}",
                    "decide which band the boundary belongs to: `]` includes it, `)` leaves it to the next band",
                ],
                [
                    "{0}同时落在条目 `{3}` 的 {2} 个分档中",
                    "包括{0}",
                    "确定边界值属于哪一档：`]` 包括它，`)` 把它留给下一档",
                ],
            ),
            BandPoints => (
                "rubric::band-points",
                E,
                [
                    "band `{0}` gives {1} points, more than item `{2}` is worth ({3})",
                    "{1} > {3}",
                    "check the points against the document; the item's max is the most a band can give",
                ],
                [
                    "分档 `{0}` 给 {1} 分，超过条目 `{2}` 的分值（{3}）",
                    "{1} > {3}",
                    "对照文件核对分数；条目的 max 是一档最多能给的分",
                ],
            ),
            UnknownParam => (
                "rubric::unknown-param",
                E,
                ["block `{0}` has no parameter `{1}`", "no parameter of this name", ""],
                ["块 `{0}` 没有参数 `{1}`", "没有这个名字的参数", ""],
            ),
            UnknownParamBound => (
                "rubric::unknown-param",
                E,
                [
                    "bound `{0}` is not a parameter of the block",
                    "not a number",
                    "a bound is a number, percent or date, or a parameter of the block it stands in",
                ],
                ["界限 `{0}` 不是块的参数", "不是数", "界限是数、百分数或日期，或所在块的参数"],
            ),
            UnknownParamMax => (
                "rubric::unknown-param",
                E,
                [
                    "`max {0}` names no parameter of the block",
                    "not a parameter",
                    "write the points as a number, or declare the parameter: `block NAME \"title\" (分值 = 10) { … }`",
                ],
                [
                    "`max {0}` 指的不是块的参数",
                    "不是参数",
                    "把分值写成数，或声明该参数：`block 名字 \"标题\" (分值 = 10) { … }`",
                ],
            ),
            MissingArg => (
                "rubric::missing-arg",
                E,
                ["block `{0}` needs the parameter `{1}`", "`{1}` not given", "give it: `use {0}({1} = {2})`"],
                ["块 `{0}` 需要参数 `{1}`", "没有给出 `{1}`", "给出它：`use {0}({1} = {2})`"],
            ),
            DuplicateArg => (
                "rubric::duplicate-arg",
                E,
                ["argument `{0}` is given twice", "given again here", "give each parameter once"],
                ["参数 `{0}` 给了两次", "在此再次给出", "每个参数只给一次"],
            ),
            UnknownPeriod => (
                "rubric::unknown-period",
                E,
                ["unknown period `{0}`", "not a declared period", ""],
                ["未知的考核期 `{0}`", "不是已声明的考核期", ""],
            ),
            EmptyTest => (
                "rubric::empty-test",
                W,
                [
                    "test `{0}` expects nothing",
                    "no `expect`",
                    "add `expect ID = POINTS`, `expect total = POINTS`, or `expect error` with the code scoring should fail with",
                ],
                [
                    "测试 `{0}` 没有任何预期",
                    "没有 `expect`",
                    "加上 `expect 编号 = 分数`、`expect total = 分数`，或 `expect error` 及评分应报的代码",
                ],
            ),
            TestFacts => (
                "rubric::test-facts",
                W,
                [
                    "test `{0}` does not give {1}, which the rows it expects read",
                    "no {1}",
                    "add them to its `given` lines: {2}",
                ],
                ["测试 `{0}` 没有给出 {1}，而它所预期的行要读取", "没有 {1}", "把它们加到 `given` 行中：{2}"],
            ),
            TestInLibrary => (
                "rubric::test-in-library",
                W,
                [
                    "test `{0}` is in a file of blocks and is not run",
                    "not run",
                    "move the test into a rule file that uses the block; `rulecheck test` runs the tests of rubrics",
                ],
                [
                    "测试 `{0}` 在只有块的文件中，不会运行",
                    "不运行",
                    "把测试移到使用该块的规则文件中；`rulecheck test` 运行细则中的测试",
                ],
            ),
            Empty => (
                "rubric::empty",
                W,
                ["`{0}` has no items", "nothing to score", "add its items, or make it an `item` with scoring rules"],
                ["`{0}` 没有条目", "没有可计分的内容", "加上它的条目，或把它改为带计分规则的 `item`"],
            ),
            UnusedFact => (
                "rubric::unused-fact",
                W,
                [
                    "fact `{0}` is declared but no rule reads it",
                    "never read",
                    "use it in a rule, or remove the declaration so units are not asked for it",
                ],
                ["事实 `{0}` 已声明，但没有规则读取它", "从未读取", "在规则中使用它，或删去声明，免得向各单位索要它"],
            ),
            UnusedValue => (
                "rubric::unused-value",
                W,
                ["derived value `{0}` is never used", "never read", "use it in a rule, or remove it"],
                ["派生值 `{0}` 从未使用", "从未读取", "在规则中使用它，或删去它"],
            ),
            BandUnreachable => (
                "rubric::band-unreachable",
                W,
                [
                    "band `{0}` of item `{1}` can never be reached",
                    "no possible value falls here",
                    "the value lies in {2}; remove this band or correct its bounds",
                ],
                [
                    "条目 `{1}` 的分档 `{0}` 永远达不到",
                    "没有可能的值落在这里",
                    "取值在{2}之内；删去这一档或改正它的界限",
                ],
            ),
            BandOrder => (
                "rubric::band-order",
                W,
                [
                    "the bands of item `{0}` are not in order: a better value scores less",
                    "gives {1}",
                    "real rubrics give more points the better the value; check these points against the document",
                ],
                [
                    "条目 `{0}` 的分档顺序不对：更好的值得分反而更少",
                    "给 {1}",
                    "真实的细则值越好给分越多；请对照文件核对这些分数",
                ],
            ),
            BonusCap => (
                "rubric::bonus-cap",
                W,
                [
                    "this bonus can add points without limit",
                    "no limit",
                    "give the line a `max`, or set `bonus_cap N` on this node or one above it (加分最高N分); if the document sets no limit, say so with `bonus_cap none`",
                ],
                [
                    "这项加分可以无限加分",
                    "没有上限",
                    "给这一行写 `max`，或在此节点或上级节点设 `bonus_cap N`（加分最高N分）；若文件未设上限，写 `bonus_cap none` 说明",
                ],
            ),
            UnusedBonusCap => (
                "rubric::unused-bonus-cap",
                W,
                [
                    "`bonus_cap` is set on {0} but nothing below it gives a bonus",
                    "no bonus here",
                    "remove `bonus_cap`, or add the `bonus` lines it limits",
                ],
                [
                    "{0}设了 `bonus_cap`，但其下没有加分",
                    "这里没有加分",
                    "删去 `bonus_cap`，或加上它所限制的 `bonus` 行",
                ],
            ),
            MaxUnreachable => (
                "rubric::max-unreachable",
                W,
                [
                    "item `{0}` can score at most {1} but is worth {2}",
                    "max {2}",
                    "check the points of its bands or awards against the document's row points",
                ],
                ["条目 `{0}` 最多得 {1} 分，但分值为 {2}", "max {2}", "对照文件该行的分值核对分档或加分的分数"],
            ),
            QuantitySign => (
                "rubric::quantity-sign",
                W,
                [
                    "the quantity `{0}` of this `{1} … per` line can be negative",
                    "can be below 0",
                    "a unit whose quantity is negative is not scored (`rubric::negative-quantity`): it would turn the line's points around; if a surplus counts as none, write `max({0}, 0)`",
                ],
                [
                    "这一 `{1} … per` 行的数量 `{0}` 可能为负",
                    "可能小于 0",
                    "数量为负的单位不予计分（`rubric::negative-quantity`）：否则这一行的分数会反过来；若超出部分按零计，写 `max({0}, 0)`",
                ],
            ),
            DeadlineRange => (
                "rubric::deadline",
                W,
                [
                    "deadline `{0}` has the year {1}, outside {2}–{3}",
                    "year {1}",
                    "write the year with four digits, e.g. `due \"2024年12月31日\"`",
                ],
                [
                    "期限 `{0}` 的年份 {1} 不在 {2}–{3} 之内",
                    "{1} 年",
                    "用四位数字写年份，例如 `due \"2024年12月31日\"`",
                ],
            ),
            DeadlineUnknown => (
                "rubric::deadline",
                W,
                [
                    "deadline `{0}` is neither a date nor a known phrase",
                    "not a deadline",
                    "write a date (`due 2024-12-31`) or one of: {1}",
                ],
                ["期限 `{0}` 既不是日期也不是常用说法", "不是期限", "写一个日期（`due 2024-12-31`）或下列之一：{1}"],
            ),
            DeadlineYear => (
                "rubric::deadline-year",
                W,
                [
                    "deadline {0} is after the rubric's year {1}",
                    "after the assessment year",
                    "check the date against the document, or the rubric's `year {1}`",
                ],
                ["期限 {0} 晚于细则的年度 {1}", "在考核年度之后", "对照文件核对日期，或核对细则的 `year {1}`"],
            ),
            UnusedParam => (
                "rubric::unused-param",
                W,
                [
                    "parameter `{0}` of block `{1}` is never used",
                    "declared but never used",
                    "use it where the block's number should vary, or remove it",
                ],
                ["块 `{1}` 的参数 `{0}` 从未使用", "已声明但从未使用", "在块中应可变的数处使用它，或删去它"],
            ),
            NeverScored => (
                "rubric::never-scored",
                W,
                [
                    "`{0}` is scored in no period",
                    "in no period",
                    "its `only` names no period that the node around it is scored in; name one of those",
                ],
                [
                    "`{0}` 在任何考核期都不计分",
                    "不在任何考核期",
                    "它的 `only` 没有指出外层节点计分的考核期；请指出其中之一",
                ],
            ),
            KindName => (
                "rubric::kind-name",
                E,
                [
                    "`{0}` is not a name of the kind `{1}`",
                    "not one of {2}",
                    "write one of the names the kind declares: {2}",
                ],
                ["`{0}` 不是类别 `{1}` 的名称", "不在 {2} 之中", "写类别声明的名称之一：{2}"],
            ),
            KindUse => (
                "rubric::kind-use",
                E,
                [
                    "`{0}` is a kind: it is compared by name",
                    "read here as a value",
                    "compare it with one of its names (`{0} == {1}`) or test a list (`{0} in [{1}]`)",
                ],
                [
                    "`{0}` 是类别：只能按名称比较",
                    "这里当作数值读取",
                    "与它的名称比较（`{0} == {1}`）或判断是否在列表中（`{0} in [{1}]`）",
                ],
            ),
            KindNoNames => (
                "rubric::kind-decl",
                E,
                ["the kind `{0}` lists no names", "no names", "list its names after `kind`: `fact {0}: kind 甲/乙`"],
                ["类别 `{0}` 没有列出名称", "没有名称", "在 `kind` 后列出名称：`fact {0}: kind 甲/乙`"],
            ),
            KindNamesNotKind => (
                "rubric::kind-decl",
                E,
                [
                    "`{0}` is declared `{1}`, not `kind`, but lists names",
                    "names of a kind",
                    "declare it `kind`, or remove the names",
                ],
                ["`{0}` 声明为 `{1}` 而不是 `kind`，却列出了名称", "类别的名称", "把它声明为 `kind`，或删去名称"],
            ),
            KindNameTwice => (
                "rubric::kind-decl",
                E,
                ["the kind `{0}` lists `{1}` twice", "listed again", "list each name once"],
                ["类别 `{0}` 两次列出 `{1}`", "重复列出", "每个名称只列一次"],
            ),
            KindRange => (
                "rubric::kind-decl",
                E,
                [
                    "the kind `{0}` declares a range",
                    "a kind has names, not a range",
                    "remove the range: the names are its values",
                ],
                ["类别 `{0}` 声明了范围", "类别只有名称，没有范围", "删去范围：名称就是它的取值"],
            ),
            GradeGap => (
                "rubric::grade-gap",
                E,
                [
                    "the score of {1} can be {0}, which is in no grade",
                    "{0}: no grade",
                    "add a grade for these scores, or move a neighbouring grade's end with `[`/`]` so it includes them",
                ],
                [
                    "{1}的得分可能是{0}，不在任何等次中",
                    "{0}：没有等次",
                    "为这些分数加一个等次，或用 `[`/`]` 移动相邻等次的端点把它们包括进去",
                ],
            ),
            GradeOverlap => (
                "rubric::grade-overlap",
                E,
                [
                    "{2}: a score of {0} is in {1} grades",
                    "includes {0}",
                    "decide which grade the boundary belongs to: `]` includes it, `)` leaves it to the next grade",
                ],
                [
                    "{2}的得分{0}同时落在 {1} 个等次中",
                    "包括{0}",
                    "确定边界分数属于哪一等次：`]` 包括它，`)` 把它留给下一等次",
                ],
            ),
            GradeUnknown => (
                "rubric::grade-unknown",
                E,
                ["`{0}` is not a grade of this table", "not one of {1}", "name one of the grades the table gives: {1}"],
                ["`{0}` 不是本等次表的等次", "不在 {1} 之中", "写等次表给出的等次之一：{1}"],
            ),
            GradeTwice => (
                "rubric::grade-twice",
                E,
                [
                    "the grade `{0}` is given by two intervals",
                    "`{0}` again",
                    "give each grade one interval: join the two, or name the second grade differently",
                ],
                [
                    "等次 `{0}` 对应了两个区间",
                    "又一个 `{0}`",
                    "每个等次只对应一个区间：合并两个区间，或给第二个等次换个名称",
                ],
            ),
            GradeQuota => (
                "rubric::grade-quota",
                E,
                [
                    "the quota of `{0}` is {1}, more than every unit",
                    "over 100%",
                    "a quota is a share of the units scored together, at most 100%",
                ],
                ["等次 `{0}` 的比例为 {1}，超过全部单位", "超过 100%", "等次比例是参评单位的一个比例，最多 100%"],
            ),
            GradeTables => (
                "rubric::grade-tables",
                E,
                [
                    "{0} has a second grade table",
                    "second `grade`",
                    "write every grade of the node in one `grade { … }` table",
                ],
                ["{0}有第二个等次表", "第二个 `grade`", "把该节点的所有等次写在一个 `grade { … }` 表里"],
            ),
            GradeBar => (
                "rubric::grade-bar",
                E,
                [
                    "`{0}` is the lowest grade: barring it leaves no grade",
                    "nothing below `{0}`",
                    "bar the grade the document names (`不得评为优秀` bars `优秀`), or fix the grade with `{0} when …`",
                ],
                [
                    "`{0}` 是最低等次：不得评为它就没有等次可评",
                    "`{0}` 之下没有等次",
                    "写文件所说不得评的等次（“不得评为优秀”即 `bar 优秀`），或用 `{0} when …` 直接评定",
                ],
            ),
            GradePeriods => (
                "rubric::grade-periods",
                E,
                [
                    "grades of a rubric scored in periods are not supported",
                    "in a rubric with periods",
                    "grade the total of a rubric scored once, or leave the grade to the report",
                ],
                ["分阶段考核的细则暂不支持等次", "细则有考核阶段", "对一次性考核的细则评定等次，或在报告中另行评定"],
            ),
            TableGap => (
                "rubric::table-gap",
                E,
                [
                    "the table `{0}` has no cell for `{1}`",
                    "no cell for `{1}`",
                    "add the line `{1} => …` with its points",
                ],
                ["查找表 `{0}` 缺少 `{1}` 的格", "缺少 `{1}`", "补上一行 `{1} => …` 及其分值"],
            ),
            TableCellShape => (
                "rubric::table-cell",
                E,
                [
                    "a cell of the table `{0}` names {1} name(s), but the table is looked up by {2}",
                    "one name of each kind",
                    "name one name of each kind, in the order of `by`: `{3} => …`",
                ],
                [
                    "查找表 `{0}` 的格写了 {1} 个名称，但表按 {2} 查找",
                    "每个类别写一个名称",
                    "按 `by` 的顺序每个类别写一个名称：`{3} => …`",
                ],
            ),
            TableCellTwice => (
                "rubric::table-cell",
                E,
                ["the table `{0}` gives the cell `{1}` twice", "given again", "keep one line for each cell"],
                ["查找表 `{0}` 两次给出 `{1}` 格", "重复给出", "每个格只保留一行"],
            ),
            TableBy => (
                "rubric::table-by",
                E,
                [
                    "the table `{0}` is looked up by `{1}`, which is not a kind",
                    "not a kind",
                    "look it up by facts declared `kind`: `fact {1}: kind 甲/乙`",
                ],
                [
                    "查找表 `{0}` 按 `{1}` 查找，但它不是类别",
                    "不是类别",
                    "按声明为 `kind` 的事实查找：`fact {1}: kind 甲/乙`",
                ],
            ),
            ListNoFields => (
                "rubric::list-decl",
                E,
                [
                    "the list `{0}` declares no fields",
                    "no fields",
                    "declare its fields, one a line: `等级: kind 一般/较大`",
                ],
                ["列表 `{0}` 没有声明字段", "没有字段", "逐行声明它的字段：`等级: kind 一般/较大`"],
            ),
            ListFieldTwice => (
                "rubric::list-decl",
                E,
                ["the list `{0}` declares the field `{1}` twice", "declared again", "declare each field once"],
                ["列表 `{0}` 两次声明字段 `{1}`", "重复声明", "每个字段只声明一次"],
            ),
            ListFieldShadows => (
                "rubric::list-decl",
                E,
                [
                    "the field `{1}` of the list `{0}` has the name of a fact or derived value of the rubric",
                    "also a name of the rubric",
                    "rename the field or the other name, so that a record's field is never taken for it",
                ],
                [
                    "列表 `{0}` 的字段 `{1}` 与细则的事实或派生值同名",
                    "与细则中的名字相同",
                    "改掉字段名或另一个名字，免得把记录的字段误认作它",
                ],
            ),
            ListAsValue => (
                "rubric::list-use",
                E,
                [
                    "`{0}` is a list of records, not a single value",
                    "a list",
                    "take an aggregate over it: `count({0})`, `sum({0}, …)`, `any({0})`",
                ],
                ["`{0}` 是记录的列表，不是单个值", "是列表", "对它取汇总值：`count({0})`、`sum({0}, …)`、`any({0})`"],
            ),
            ListFieldOutside => (
                "rubric::list-use",
                E,
                [
                    "`{0}` is a field of the list `{1}`, read outside an aggregate over it",
                    "a field of `{1}`",
                    "read it inside an aggregate over the list: `sum({1}, {0})`, `count({1} where {0} …)`",
                ],
                [
                    "`{0}` 是列表 `{1}` 的字段，却在对该列表的汇总之外读取",
                    "是 `{1}` 的字段",
                    "在对该列表的汇总中读取：`sum({1}, {0})`、`count({1} where {0} …)`",
                ],
            ),
            NotAList => (
                "rubric::list-use",
                E,
                [
                    "`{0}(…)` is taken over a list, and `{1}` is not a list fact",
                    "not a list",
                    "name a fact declared `list` with its fields: `fact 事故: list`",
                ],
                [
                    "`{0}(…)` 对列表取值，而 `{1}` 不是列表事实",
                    "不是列表",
                    "写声明为 `list` 并列出字段的事实：`fact 事故: list`",
                ],
            ),
            ListUnknownField => (
                "rubric::list-field",
                E,
                ["the list `{0}` has no field `{1}`", "not a field of `{0}`", "write one of its fields: {2}"],
                ["列表 `{0}` 没有字段 `{1}`", "不是 `{0}` 的字段", "写它的字段之一：{2}"],
            ),
            ListAggShape => (
                "rubric::list-aggregate",
                E,
                ["`{0}(…)` is written `{1}`", "not the form of `{0}`", "write it `{1}`"],
                ["`{0}(…)` 的写法是 `{1}`", "不是 `{0}` 的写法", "写成 `{1}`"],
            ),
            UseAsTaken => (
                "rubric::use-as-taken",
                E,
                [
                    "`as {0}` names the part with the name of a block",
                    "already a block's name",
                    "give the part a name no block has, such as the document's number of the part",
                ],
                [
                    "`as {0}` 用块的名字给部分命名",
                    "已是块的名字",
                    "给这个部分起一个没有块使用的名字，例如文件中该部分的编号",
                ],
            ),
            TestRank => (
                "rubric::test-rank",
                E,
                ["`expect rank = {0}`: {1}", "this expectation", "{2}"],
                ["`expect rank = {0}`：{1}", "此处的期望", "{2}"],
            ),
            TestUnitExpect => (
                "rubric::test-unit-expect",
                E,
                [
                    "the test `{0}` scores several units, but this `expect` is outside every `unit`",
                    "which unit?",
                    "put it inside the `unit … { … }` block of the unit it is about",
                ],
                [
                    "测试 `{0}` 同时评分多个单位，但这条 `expect` 不在任何 `unit` 中",
                    "是哪个单位？",
                    "把它放进所说单位的 `unit … { … }` 块中",
                ],
            ),
            TestUnitsPeriods => (
                "rubric::test-units-periods",
                E,
                [
                    "the test `{0}` gives several units, but the rubric is scored in periods",
                    "several units",
                    "test each unit in a test of its own, with its `period` blocks",
                ],
                [
                    "测试 `{0}` 给出了多个单位，但细则分考核期评分",
                    "多个单位",
                    "每个单位单独写一个测试，附上各考核期的 `period` 块",
                ],
            ),
            TestUnitTwice => (
                "rubric::test-unit-twice",
                E,
                ["the test gives the unit `{0}` twice", "given again", "give each unit once, with all its facts"],
                ["测试两次给出单位 `{0}`", "再次给出", "每个单位只给一次，写全它的事实"],
            ),
            CalendarDayTwice => (
                "rubric::calendar",
                E,
                [
                    "the calendar `{0}` lists {1} twice",
                    "listed again",
                    "list each day once: as a `holiday` (a rest day) or a `workday` (a weekend day worked)",
                ],
                [
                    "日历 `{0}` 两次列出 {1}",
                    "重复列出",
                    "每天只列一次：`holiday`（休息日）或 `workday`（调休上班的周末）",
                ],
            ),
            CalendarRangeReversed => (
                "rubric::calendar",
                E,
                [
                    "the range {0} .. {1} of the calendar `{2}` ends before it starts",
                    "ends before it starts",
                    "write the first day first: `{1} .. {0}`",
                ],
                ["日历 `{2}` 的区间 {0} .. {1} 的结束早于开始", "结束早于开始", "先写第一天：`{1} .. {0}`"],
            ),
            CalendarYearTwice => (
                "rubric::calendar",
                E,
                [
                    "the year {0} is covered twice (by the calendar `{1}`)",
                    "covered again",
                    "let one calendar cover each year: keep one `year {0}`",
                ],
                ["{0} 年被覆盖了两次（日历 `{1}`）", "再次覆盖", "每年只由一个日历覆盖：只保留一个 `year {0}`"],
            ),
            CalendarRangeLong => (
                "rubric::calendar",
                E,
                [
                    "the range {0} .. {1} of the calendar `{2}` is longer than a year",
                    "longer than a year",
                    "check the dates: a holiday runs for days, not years",
                ],
                ["日历 `{2}` 的区间 {0} .. {1} 长于一年", "长于一年", "请核对日期：假期以天计，不会长达一年"],
            ),
            CalendarNoYear => (
                "rubric::calendar",
                E,
                [
                    "the calendar `{0}` states no year it covers",
                    "no `year` line",
                    "add the years it covers, such as `year 2024`: a working-day function never guesses a year it does not know",
                ],
                [
                    "日历 `{0}` 没有写明覆盖的年份",
                    "没有 `year` 行",
                    "写上它覆盖的年份，如 `year 2024`：工作日函数不猜测未知年份的安排",
                ],
            ),
            NoCalendar => (
                "rubric::no-calendar",
                E,
                [
                    "`{0}()` needs a calendar of working days, and the rubric declares none",
                    "needs a calendar",
                    "import a calendar (`import \"calendars/cn-2024.rubric\"`) or declare one: `calendar \"…\" { year 2024  holiday 2024-10-01 .. 2024-10-07 }`",
                ],
                [
                    "`{0}()` 需要工作日日历，但本规则没有声明日历",
                    "需要日历",
                    "导入日历（`import \"calendars/cn-2024.rubric\"`）或声明一个：`calendar \"…\" { year 2024  holiday 2024-10-01 .. 2024-10-07 }`",
                ],
            ),
            CalendarWorkdayWeekday => (
                "rubric::calendar-workday",
                W,
                [
                    "`workday {0}` in the calendar `{1}` names a weekday, a working day anyway",
                    "a weekday",
                    "list as `workday` only the Saturdays and Sundays worked (调休上班); check the date",
                ],
                [
                    "日历 `{1}` 中的 `workday {0}` 是周一至周五，本来就是工作日",
                    "周一至周五",
                    "`workday` 只列调休上班的周六、周日；请核对日期",
                ],
            ),
            NoSuchDate => (
                "rubric::no-such-date",
                E,
                [
                    "`date({0})` is no date",
                    "no such day",
                    "a date is a year from 1900 to 2200, a month 1–12 and a day of that month",
                ],
                ["`date({0})` 不是一个日期", "没有这一天", "日期的年份在 1900 至 2200 之间，月为 1–12，日为该月的一天"],
            ),
            RefUnknown => (
                "rubric::ref-unknown",
                E,
                [
                    "`{0}` reads the node `{1}`, but no node has that id",
                    "no such node",
                    "write the id of a section, group or item of this rubric",
                ],
                ["`{0}` 读取节点 `{1}`，但没有这个编号的节点", "没有这个节点", "请写本细则中某个部分、组或条目的编号"],
            ),
            RefCycle => (
                "rubric::ref-cycle",
                E,
                [
                    "the scores read form a cycle: {0}",
                    "read here",
                    "a node can read its parts and other nodes, never its own score or a node above it: read the parts instead",
                ],
                [
                    "读取的得分构成循环：{0}",
                    "在此读取",
                    "节点可以读取其下各部分和其他节点的得分，不能读取自身或其上级的得分：请改为读取各部分",
                ],
            ),
            RefCohort => (
                "rubric::ref-cohort",
                E,
                [
                    "`{0}` compares a row's score across units, but row `{1}`, scored before it, reads such a comparison in turn",
                    "a row's score compared across units",
                    "the rows a comparison of scores reads are scored for every unit first, so they cannot read one: score the compared row from facts, and read the comparison in another row (such as its parent's `score`)",
                ],
                [
                    "`{0}` 在单位之间比较行的得分，但先于它计分的行 `{1}` 又读取了这种比较",
                    "在单位之间比较的行得分",
                    "被比较的行要先为所有单位计分，它们不能再读取这种比较：被比较的行由事实计分，在另一行（如其上级的 `score`）读取比较结果",
                ],
            ),
            RefPlace => (
                "rubric::ref-place",
                E,
                [
                    "`{0}` reads a node's score outside a node's rules",
                    "not in a row's rules",
                    "a derived value is worked out before any node is scored: read the node in the rule that needs it",
                ],
                [
                    "`{0}` 在节点的规则之外读取节点得分",
                    "不在规则中",
                    "派生值在计分之前算出：请在需要它的规则中读取该节点",
                ],
            ),
            RefPeriod => (
                "rubric::ref-period",
                E,
                [
                    "`{0}` is scored in period `{2}`, but the node `{1}` it reads is not",
                    "not scored in `{2}`",
                    "read a node scored in the same periods, or give both the same `only`",
                ],
                [
                    "`{0}` 在考核期 `{2}` 中计分，但它读取的节点 `{1}` 不在该期计分",
                    "不在 `{2}` 中计分",
                    "请读取在相同考核期计分的节点，或给两者相同的 `only`",
                ],
            ),
            ScoreMax => (
                "rubric::score-max",
                E,
                [
                    "`{0}` is worth {1} points, but its score can reach {2}",
                    "declared {1}",
                    "declare the most its score gives on its parts' maxima: `max {2}`",
                ],
                [
                    "`{0}` 分值为 {1} 分，但其得分最高可达 {2} 分",
                    "声明为 {1}",
                    "请声明其得分在各部分满分时的值：`max {2}`",
                ],
            ),
            SubsetFunction => (
                "rubric::subset-function",
                E,
                [
                    "`{0}` does not compare units, so it takes no `among`",
                    "not a function over units",
                    "`among` goes with `rank`, `best`, `worst`, `average`, `ratio`, `cohort_sum` and `cohort_count`",
                ],
                [
                    "`{0}` 不比较各单位，不能带 `among`",
                    "不是对各单位的函数",
                    "`among` 只用于 `rank`、`best`、`worst`、`average`、`ratio`、`cohort_sum` 和 `cohort_count`",
                ],
            ),
            SubsetCondition => (
                "rubric::subset-condition",
                E,
                [
                    "the condition of `{0}` {1}",
                    "the units compared are those that meet it",
                    "write a condition on each unit's own facts, such as `among 达标 == false`",
                ],
                [
                    "`{0}` 的条件{1}",
                    "参与比较的是满足此条件的单位",
                    "请写出对每个单位自身事实的条件，如 `among 达标 == false`",
                ],
            ),
            SubsetElse => (
                "rubric::subset-else",
                E,
                [
                    "the `else` of `{0}` is {1}, but the function gives {2}",
                    "what it gives when no unit meets the condition",
                    "give a value of the function's kind, or one that reads no figure over units",
                ],
                [
                    "`{0}` 的 `else` 为{1}，而该函数的值为{2}",
                    "无单位满足条件时的取值",
                    "请给出与函数值同类、且不读取对各单位统计值的值",
                ],
            ),
            TypeCohortCount => (
                "rubric::type",
                E,
                [
                    "`cohort_count` counts units and takes no value, found {0}",
                    "no value here",
                    "write `cohort_count()`, or `cohort_count(among CONDITION)` for the units that meet it",
                ],
                [
                    "`cohort_count` 计单位个数，不接受值，实有 {0} 个",
                    "这里不写值",
                    "写成 `cohort_count()`，或用 `cohort_count(among 条件)` 计满足条件的单位",
                ],
            ),
            SubsetEmpty => (
                "rubric::subset-empty",
                W,
                [
                    "`{0}` has no value when no unit meets its condition",
                    "no `else`",
                    "say what it gives then: `{1}(… among …, else VALUE)`; without it, scoring fails for the units with `rubric::empty-subset`",
                ],
                [
                    "无单位满足条件时，`{0}` 没有取值",
                    "没有 `else`",
                    "请写明此时的取值：`{1}(… among …, else 值)`；否则评分时各单位报 `rubric::empty-subset`",
                ],
            ),
            NaUnstated => (
                "rubric::na-unstated",
                E,
                [
                    "`{0}` reads `{1}`, which can be 不适用, but nothing says what the row scores then",
                    "can be not applicable",
                    "write what the document says on the row or a part above it: `not_applicable => full` (该项得满分) or `not_applicable => rescale` (按比例折算)",
                ],
                [
                    "`{0}` 读取的 `{1}` 可能为不适用，但没有说明此时该行如何计分",
                    "可能不适用",
                    "按细则在该行或其上级写明：`not_applicable => full`（该项得满分）或 `not_applicable => rescale`（按比例折算）",
                ],
            ),
            NaRoot => (
                "rubric::na-root",
                E,
                [
                    "`not_applicable => rescale` on the rubric itself: the total has no part above it to be rescaled in",
                    "on the rubric",
                    "write `not_applicable => rescale` on the sections or groups whose rows can be not applicable, or `not_applicable => full`",
                ],
                [
                    "细则本身写了 `not_applicable => rescale`：总分没有上级可供折算",
                    "写在细则上",
                    "请把 `not_applicable => rescale` 写在其行可能不适用的一级或二级指标上，或写 `not_applicable => full`",
                ],
            ),
            NaMoveUnknown => (
                "rubric::na-move",
                E,
                [
                    "`{0}` moves its points to `{1}`, which is no row worth points under the same part",
                    "no such row here",
                    "name a row of the same part (计入第X项 names a neighbouring row), one of: {2}",
                ],
                [
                    "`{0}` 的分值计入 `{1}`，但同一上级下没有这个有分值的项",
                    "此处无此项",
                    "请写同一上级下的一项（计入第X项指相邻的项），可选：{2}",
                ],
            ),
            NaMovePlace => (
                "rubric::na-move",
                E,
                [
                    "`{0}` moves its points to `{1}`, but only a row without parts can move its points",
                    "not a row",
                    "write `not_applicable => {1}` on each row whose points move, or `not_applicable => rescale` here",
                ],
                [
                    "`{0}` 的分值计入 `{1}`，但只有不含下级的项才能把分值计入他项",
                    "不是一项",
                    "请在分值计入的各项上写 `not_applicable => {1}`，或在此写 `not_applicable => rescale`",
                ],
            ),
            NaMoveChain => (
                "rubric::na-move",
                E,
                [
                    "`{0}` moves its points to `{1}`, which is itself or moves its own points: the points would have no row to stay in",
                    "moved again",
                    "move the points to a row that keeps its own (`not_applicable => full` or `rescale`, or none)",
                ],
                [
                    "`{0}` 的分值计入 `{1}`，而 `{1}` 就是本项或又把自己的分值计入他项：分值没有落脚的项",
                    "再次计入",
                    "请计入一个自己不再计入他项的项（`not_applicable => full`、`rescale` 或不写）",
                ],
            ),
            NaMoveCombine => (
                "rubric::na-move",
                E,
                [
                    "`{0}` moves its points to `{1}`, but their part is scored by `combine`, not by adding its parts' points",
                    "in a combined part",
                    "moved points need a part that adds its parts: write `not_applicable => full` or `rescale` here",
                ],
                [
                    "`{0}` 的分值计入 `{1}`，但其上级按 `combine` 合成得分，而不是各项相加",
                    "上级按 combine 合成",
                    "分值计入要求上级为各项相加：请在此写 `not_applicable => full` 或 `rescale`",
                ],
            ),
            MaxCaseRead => (
                "rubric::max-case-read",
                E,
                [
                    "the maximum of `{0}` depends on {1}, which is not a fact given to the unit",
                    "not a given fact",
                    "a maximum may depend only on what the unit is given: a kind (`fact 地区类别: kind 城区/郊区`), a yes/no fact, or a fact declared `given`; never on scores, derived values or figures over the units",
                ],
                [
                    "`{0}` 的满分取决于{1}，而它不是单位给定的事实",
                    "不是给定的事实",
                    "满分只能取决于单位给定的情况：类别（`fact 地区类别: kind 城区/郊区`）、是否类事实或声明为 `given` 的事实；不能取决于得分、派生值或参评单位间的比较值",
                ],
            ),
            MaxCaseCover => (
                "rubric::max-case-cover",
                E,
                [
                    "the maximum of `{0}` has no case for units where {1}",
                    "no case for some units",
                    "add `else N` for the other units (其他N分), or a case for these units",
                ],
                [
                    "`{0}` 的满分没有适用于{1}的单位的情形",
                    "部分单位没有满分",
                    "请加上 `else N` 给其他单位（其他N分），或为这些单位写一种情形",
                ],
            ),
            MaxCasePlace => (
                "rubric::max-case-place",
                E,
                [
                    "the maximum of `{0}` depends on the unit in {1}, which is not supported",
                    "maximum by unit here",
                    "write the cases on the rubric's own rows, not inside a block or a rubric scored in periods, or give each kind of unit its own rubric file",
                ],
                [
                    "`{0}` 的满分随单位而定，但位于{1}，暂不支持",
                    "此处不能按单位定满分",
                    "请把按单位确定的满分写在细则自身的条目上，不要写在区块或分期考核的细则中；或为每类单位各写一个细则文件",
                ],
            ),
            MaxCaseMany => (
                "rubric::max-case-many",
                E,
                [
                    "the maxima that depend on the unit make {0} cases, more than {1}",
                    "too many cases",
                    "let the maxima depend on fewer facts (one kind, such as 地区类别, is the usual case), or split the rubric by kind of unit",
                ],
                [
                    "按单位确定的满分共有 {0} 种情形，超过 {1} 种",
                    "情形过多",
                    "请让满分取决于更少的事实（通常只按一个类别，如地区类别），或按单位类别拆分细则",
                ],
            ),
            FidelityPoints => (
                "rubric::fidelity-points",
                W,
                [
                    "`{0}`: the text states {1}, the rule gives {2}",
                    "the rule gives {2}",
                    "write the points the text states, or correct the text if the document says otherwise",
                ],
                ["`{0}`：原文为{1}分，规则为{2}分", "此处为{2}分", "按原文写分值；如文件本身另有规定，请改正原文"],
            ),
            FidelityEdge => (
                "rubric::fidelity-edge",
                W,
                [
                    "`{0}`: the text reads {1}, the rule says {2}",
                    "the rule: {2}",
                    "write the edge as the text reads it: an explicit (含)/(不含) wins, and a number belongs to one band only (docs/reading-guide.md)",
                ],
                [
                    "`{0}`：原文读作{1}，规则为{2}",
                    "规则：{2}",
                    "按原文写端点：明确的（含）/（不含）优先，一个数只属于一个分档（见 docs/reading-guide.md）",
                ],
            ),
            FidelityCap => (
                "rubric::fidelity-cap",
                W,
                [
                    "`{0}`: the text says {1}, the rule has {2}",
                    "the rule: {2}",
                    "write the limit the text states (`max N` on the line, `floor` on the row), or correct the text",
                ],
                [
                    "`{0}`：原文为{1}，规则为{2}",
                    "规则：{2}",
                    "按原文写上限或下限（该行的 `max N`、条目的 `floor`），或改正原文",
                ],
            ),
        };
        Entry { name, severity, en, zh }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl PartialEq<String> for Code {
    fn eq(&self, other: &String) -> bool {
        self.name() == other
    }
}

/// A sentence or phrase used by several codes: an alternative help, or the text of a further
/// label. Templates as in [`Code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phrase {
    /// A suggestion of the closest name.
    DidYouMean,
    /// A block takes no parameters.
    NoParams,
    /// The parameters of a block.
    ParamsAre,
    /// The declared periods.
    PeriodsAre,
    /// No periods are declared.
    DeclarePeriods,
    /// Where something was first declared.
    FirstDeclared,
    /// Where something was first defined.
    FirstDefined,
    /// Where something was first used.
    FirstUsed,
    /// Where something was first set.
    FirstSet,
    /// Where something was first given.
    FirstGiven,
    /// A parameter declared without a default.
    NoDefault,
    /// A member of a circle of derived values.
    PartOfCircle,
    /// A band beside a gap.
    NextToGap,
    /// A further band of an overlap.
    AlsoIncludes,
    /// The points a band gives.
    Gives,
    /// The kind of a value.
    ThisIs,
    /// An import line.
    ImportedHere,
    /// The first byte of a file that is not UTF-8.
    FirstBadByte,
    /// Help: facts, lets and the year go at the top.
    PlaceDecl,
    /// Help: an item holds rules.
    PlaceInItem,
    /// Help: sections stand in the rubric.
    PlaceSection,
    /// Help: where to use a block.
    PlaceUse,
    /// Help: where to declare periods.
    PlacePeriod,
    /// Help: where `only` goes.
    PlaceOnly,
    /// Help: scoring rules go in items.
    PlaceRule,
    /// Help: a parameter's default as a percent.
    DefaultAsPercent,
    /// Help: a parameter's default as a number.
    DefaultAsNumber,
    /// Help: an argument as a percent.
    ArgAsPercent,
    /// Help: an argument as a number.
    ArgAsNumber,
    /// Help: multiply a rate by points.
    MultiplyRate,
    /// Help: compare to make a condition.
    CompareForCondition,
    /// Help: write a value of a kind.
    WriteKind,
    /// Help: write a bound as a percent.
    BoundAsPercent,
    /// Help: a bound that is a percent for a value that is not.
    BoundNotPercent,
    /// Help: `and`/`or` join conditions.
    JoinsConditions,
    /// Help: a yes/no value in a comparison.
    BoolDirectly,
    /// Help: compare values of one kind.
    CompareOneKind,
    /// Help: a percent against a plain number.
    PercentWithPercent,
    /// Help: rates with percents, other quantities with numbers.
    RateWithPercent,
    /// Help: add numbers of one kind.
    AddOneKind,
    /// Help: what can be multiplied.
    MultiplyNumbers,
    /// Help: what can be divided.
    DivideCounts,
    /// How to write the places of `round(x, places)`.
    RoundPlaces,
    /// How to write the values of `floor`, `ceil`, `round` and `pow`.
    WholeArgs,
    /// Which kinds a derived value may be declared.
    DeclaredKind,
    /// What the date functions take.
    DateArgs,
    /// A further label: what the rule's own text says (fidelity checks).
    TextSays,
}

impl Phrase {
    /// Every phrase.
    pub const ALL: &'static [Phrase] = &[
        Phrase::DidYouMean,
        Phrase::NoParams,
        Phrase::ParamsAre,
        Phrase::PeriodsAre,
        Phrase::DeclarePeriods,
        Phrase::FirstDeclared,
        Phrase::FirstDefined,
        Phrase::FirstUsed,
        Phrase::FirstSet,
        Phrase::FirstGiven,
        Phrase::NoDefault,
        Phrase::PartOfCircle,
        Phrase::NextToGap,
        Phrase::AlsoIncludes,
        Phrase::Gives,
        Phrase::ThisIs,
        Phrase::ImportedHere,
        Phrase::FirstBadByte,
        Phrase::PlaceDecl,
        Phrase::PlaceInItem,
        Phrase::PlaceSection,
        Phrase::PlaceUse,
        Phrase::PlacePeriod,
        Phrase::PlaceOnly,
        Phrase::PlaceRule,
        Phrase::DefaultAsPercent,
        Phrase::DefaultAsNumber,
        Phrase::ArgAsPercent,
        Phrase::ArgAsNumber,
        Phrase::MultiplyRate,
        Phrase::CompareForCondition,
        Phrase::WriteKind,
        Phrase::BoundAsPercent,
        Phrase::BoundNotPercent,
        Phrase::JoinsConditions,
        Phrase::BoolDirectly,
        Phrase::CompareOneKind,
        Phrase::PercentWithPercent,
        Phrase::RateWithPercent,
        Phrase::AddOneKind,
        Phrase::MultiplyNumbers,
        Phrase::DivideCounts,
        Phrase::RoundPlaces,
        Phrase::WholeArgs,
        Phrase::DeclaredKind,
        Phrase::DateArgs,
        Phrase::TextSays,
    ];

    /// The template of the phrase in `lang`.
    pub fn template(self, lang: Lang) -> &'static str {
        let [en, zh] = self.text();
        if lang == Lang::Zh { zh } else { en }
    }

    fn text(self) -> [&'static str; 2] {
        use Phrase::*;
        match self {
            DidYouMean => ["did you mean `{0}`?", "是不是 `{0}`？"],
            NoParams => ["block `{0}` takes no parameters; write `use {0}`", "块 `{0}` 没有参数；写 `use {0}`"],
            ParamsAre => ["the parameters of `{0}` are: {1}", "`{0}` 的参数有：{1}"],
            PeriodsAre => ["the periods are: {0}", "考核期有：{0}"],
            DeclarePeriods => [
                "declare the periods at the top of the rubric: `period 年底 \"年底考核\" weight 1`",
                "在细则开头声明考核期：`period 年底 \"年底考核\" weight 1`",
            ],
            FirstDeclared => ["first declared here", "首次在此声明"],
            FirstDefined => ["first defined here", "首次在此定义"],
            FirstUsed => ["first used here", "首次在此使用"],
            FirstSet => ["first set here", "首次在此设置"],
            FirstGiven => ["first given here", "首次在此给出"],
            NoDefault => ["declared without a default here", "在此声明，没有默认值"],
            PartOfCircle => ["part of the circle", "环的一部分"],
            NextToGap => ["next to the gap", "与空缺相邻"],
            AlsoIncludes => ["also includes {0}", "也包括{0}"],
            Gives => ["gives {0}", "给 {0}"],
            ThisIs => ["this is {0}", "这是{0}"],
            ImportedHere => ["imported here", "在此导入"],
            FirstBadByte => ["the first byte that is not UTF-8", "第一个不是 UTF-8 的字节"],
            PlaceDecl => [
                "declare facts, derived values and the year at the top of the rubric or block",
                "在细则或块的开头声明事实、派生值和年度",
            ],
            PlaceInItem => [
                "an item holds scoring rules; make this item a `group` to give it parts",
                "条目里放计分规则；要分成几部分，请把这个条目改为 `group`",
            ],
            PlaceSection => [
                "sections stand directly in the rubric; use `group` inside a section",
                "部分（section）直接放在细则中；部分之内用 `group`",
            ],
            PlaceUse => ["use a block in the rubric or in a section", "在细则或部分中使用块"],
            PlacePeriod => ["declare the periods at the top of the rubric", "在细则开头声明考核期"],
            PlaceOnly => [
                "write `only` in the section, group or item that is scored in some periods only",
                "把 `only` 写在只在部分考核期计分的部分、组或条目中",
            ],
            PlaceRule => [
                "scoring rules that give points belong in an `item`; sections and groups add up their items",
                "给分的计分规则属于 `item`；部分和组把它们的条目相加",
            ],
            DefaultAsPercent => ["write the default as a percent, e.g. `{0}%`", "把默认值写成百分数，例如 `{0}%`"],
            DefaultAsNumber => ["write the default as a plain number", "把默认值写成普通的数"],
            ArgAsPercent => ["write a percent, e.g. `{0}%`", "写百分数，例如 `{0}%`"],
            ArgAsNumber => ["write a plain number, without `%`", "写普通的数，不带 `%`"],
            MultiplyRate => ["multiply the rate by the points, e.g. `2 * 完成率`", "用比率乘以分数，例如 `2 * 完成率`"],
            CompareForCondition => {
                ["compare it to make a condition, e.g. `次数 >= 1`", "把它写成比较才是条件，例如 `次数 >= 1`"]
            }
            WriteKind => ["write {0} here", "这里写{0}"],
            BoundAsPercent => ["write the bound as a percent, e.g. `{0}%`", "把界限写成百分数，例如 `{0}%`"],
            BoundNotPercent => ["the value is not a percent: write a plain number", "取值不是百分数：写普通的数"],
            JoinsConditions => {
                ["`{0}` joins two conditions, such as `a >= 1 {0} b`", "`{0}` 连接两个条件，例如 `a >= 1 {0} b`"]
            }
            BoolDirectly => ["use a yes/no value directly, or `not` it", "直接使用是非值，或对它用 `not`"],
            CompareOneKind => ["compare values of one kind", "比较同一种类的值"],
            PercentWithPercent => [
                "a percent is compared with a percent: write `65%`, not `65` or `0.65`",
                "百分数要与百分数比较：写 `65%`，不要写 `65` 或 `0.65`",
            ],
            RateWithPercent => [
                "compare a rate with a percent (`完成率 >= 65%`) and {0} with a plain number (`次数 >= 3`)",
                "比率与百分数比较（`完成率 >= 65%`），{0}与普通的数比较（`次数 >= 3`）",
            ],
            AddOneKind => ["add and subtract numbers of one kind", "只对同一种类的数做加减"],
            MultiplyNumbers => ["multiply numbers, or a percent by a number", "数与数相乘，或百分数乘以数"],
            DivideCounts => [
                "divide a count, number, points or percent by a count or number, points by points, a percent by a percent",
                "计数、数、分数或百分数除以计数或数，分数除以分数，百分数除以百分数",
            ],
            RoundPlaces => [
                "write the decimal places as a whole number from 0 to 12, then the mode if not 四舍五入: `round(完成率, 0)`, `round(x, 2, half_even)`",
                "位数写成0到12的整数，不是四舍五入时再写方式：`round(完成率, 0)`、`round(x, 2, half_even)`",
            ],
            WholeArgs => [
                "give `floor`, `ceil` and `round` one count, number, points or percent (`floor(金额 / 50000)`), `pow` a count or number and a whole power (`pow(2, 次数 - 1)`)",
                "`floor`、`ceil`、`round` 给一个计数、数、分数或百分数（`floor(金额 / 50000)`），`pow` 给计数或数和整数次方（`pow(2, 次数 - 1)`）",
            ],
            DeclaredKind => [
                "declare `percent` for a percent or a quotient, `number` for a count, number or quotient, `points` for any of them; a percent as a number is `完成率 / 100%`",
                "百分数或商可声明为 `percent`，计数、数或商可声明为 `number`，它们都可声明为 `points`；百分数当作数写成 `完成率 / 100%`",
            ],
            DateArgs => [
                "`days(a, b)` and `workdays(a, b)` take two dates, `workday(d)` and `next_workday(d)` one date, `date(y, m, d)` a year, a month and a day as whole numbers (`date(2024, 月份, 20)`)",
                "`days(a, b)` 和 `workdays(a, b)` 取两个日期，`workday(d)` 和 `next_workday(d)` 取一个日期，`date(y, m, d)` 取年、月、日三个整数（`date(2024, 月份, 20)`）",
            ],
            TextSays => ["the text says {0}", "原文为{0}"],
        }
    }
}

/// An argument of a template: text shown as it is in every language (a name, a number, a
/// path), or a word with its English and Chinese forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is.
    Text(String),
    /// A word in each language.
    Word {
        /// English.
        en: String,
        /// Chinese.
        zh: String,
    },
}

impl Arg {
    /// Text shown as it is.
    pub fn text(t: impl fmt::Display) -> Arg {
        Arg::Text(t.to_string())
    }

    /// A word in English and Chinese.
    pub fn word(en: impl Into<String>, zh: impl Into<String>) -> Arg {
        Arg::Word { en: en.into(), zh: zh.into() }
    }

    /// The name of a type of value, e.g. "a percent" (百分数).
    pub fn ty(t: Ty) -> Arg {
        Arg::word(t.describe(), ty_zh(t))
    }

    fn get(&self, lang: Lang) -> &str {
        match (self, lang) {
            (Arg::Text(t), _) => t,
            (Arg::Word { zh, .. }, Lang::Zh) => zh,
            (Arg::Word { en, .. }, _) => en,
        }
    }
}

/// The Chinese name of a type of value.
fn ty_zh(t: Ty) -> &'static str {
    match t {
        Ty::Count => "计数",
        Ty::Number => "数",
        Ty::Percent => "百分数",
        Ty::Points => "分数",
        Ty::Ratio => "比值",
        Ty::Bool => "是非值",
        Ty::Date => "日期",
    }
}

/// A phrase with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    phrase: Phrase,
    args: Vec<Arg>,
}

impl Said {
    pub(crate) fn new(phrase: Phrase, args: impl IntoIterator<Item = Arg>) -> Said {
        Said { phrase, args: args.into_iter().collect() }
    }

    fn render(&self, lang: Lang) -> String {
        fill(self.phrase.template(lang), &self.args, lang)
    }
}

/// A diagnostic being built: a code, where, and its arguments.
#[derive(Debug, Clone)]
#[must_use]
pub(crate) struct Draft {
    code: Code,
    file: FileId,
    span: Span,
    args: Vec<Arg>,
    label: Option<Said>,
    help: Option<Said>,
    notes: Vec<(FileId, Span, Said)>,
}

impl Draft {
    /// The next argument, shown as it is.
    pub(crate) fn arg(mut self, a: impl fmt::Display) -> Self {
        self.args.push(Arg::text(a));
        self
    }

    /// The next argument, a word in each language.
    pub(crate) fn word(mut self, en: impl Into<String>, zh: impl Into<String>) -> Self {
        self.args.push(Arg::word(en, zh));
        self
    }

    /// The next argument, made already.
    pub(crate) fn put(mut self, a: Arg) -> Self {
        self.args.push(a);
        self
    }

    /// The next argument, the name of a type.
    pub(crate) fn ty(mut self, t: Ty) -> Self {
        self.args.push(Arg::ty(t));
        self
    }

    /// A help other than the code's own.
    pub(crate) fn hint(mut self, phrase: Phrase, args: impl IntoIterator<Item = Arg>) -> Self {
        self.help = Some(Said::new(phrase, args));
        self
    }

    /// A help given as a phrase already made.
    pub(crate) fn said(mut self, help: Said) -> Self {
        self.help = Some(help);
        self
    }

    /// A main label other than the code's own.
    pub(crate) fn label(mut self, phrase: Phrase, args: impl IntoIterator<Item = Arg>) -> Self {
        self.label = Some(Said::new(phrase, args));
        self
    }

    /// A further label.
    pub(crate) fn note(
        mut self,
        file: FileId,
        span: Span,
        phrase: Phrase,
        args: impl IntoIterator<Item = Arg>,
    ) -> Self {
        self.notes.push((file, span, Said::new(phrase, args)));
        self
    }

    fn texts(&self, lang: Lang) -> Texts {
        let [message, label, help] = self.code.templates(lang);
        let label = match &self.label {
            Some(s) => s.render(lang),
            None => fill(label, &self.args, lang),
        };
        let help = match &self.help {
            Some(s) => Some(s.render(lang)),
            None if help.is_empty() => None,
            None => Some(fill(help, &self.args, lang)),
        };
        Texts {
            message: crate::safe::clip(fill(message, &self.args, lang)),
            label: crate::safe::clip(label),
            related: self.notes.iter().map(|(_, _, s)| crate::safe::clip(s.render(lang))).collect(),
            help: help.map(crate::safe::clip),
        }
    }
}

impl From<Draft> for Diagnostic {
    fn from(d: Draft) -> Diagnostic {
        let en = d.texts(Lang::En);
        let zh = d.texts(Lang::Zh);
        let related = d
            .notes
            .iter()
            .zip(en.related)
            .map(|((file, span, _), text)| Label { file: *file, span: *span, text })
            .collect();
        Diagnostic {
            severity: d.code.severity(),
            code: d.code,
            message: en.message,
            label: Label { file: d.file, span: d.span, text: en.label },
            related,
            help: en.help,
            zh: Some(Box::new(zh)),
        }
    }
}

/// The words of a diagnostic in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Texts {
    pub(crate) message: String,
    pub(crate) label: String,
    pub(crate) related: Vec<String>,
    pub(crate) help: Option<String>,
}

/// Puts the arguments into a template: `{N}` becomes argument N (or stays as written when there
/// is no such argument); any other brace is text.
pub(crate) fn fill(template: &str, args: &[Arg], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let after = from.strip_prefix('{').unwrap_or(from);
        let digits = after.split(|c: char| !c.is_ascii_digit()).next().unwrap_or("");
        let tail = after.get(digits.len()..).and_then(|t| t.strip_prefix('}'));
        let arg = digits.parse::<usize>().ok().and_then(|n| args.get(n));
        match (tail, arg) {
            (Some(tail), Some(a)) if !digits.is_empty() => {
                out.push_str(a.get(lang));
                rest = tail;
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The number of arguments a template reads: one more than its highest `{N}`.
pub fn arity(template: &str) -> usize {
    let mut most = 0;
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let after = rest.get(at + 1..).unwrap_or("");
        let digits = after.split(|c: char| !c.is_ascii_digit()).next().unwrap_or("");
        if let (Ok(n), Some(true)) = (digits.parse::<usize>(), after.get(digits.len()..).map(|t| t.starts_with('}'))) {
            most = most.max(n + 1);
        }
        rest = after;
    }
    most
}

/// The arity check of the table, for tests: every code's and phrase's Chinese text reads the
/// arguments its English text reads, and no more (a Chinese sentence may drop a word English needs, as
/// `is`/`are`, but never needs an argument English does not give).
pub fn mismatched_arities() -> Vec<String> {
    let mut bad = Vec::new();
    for &c in Code::ALL {
        let [en, zh] = [c.templates(Lang::En), c.templates(Lang::Zh)];
        let most_en = en.iter().map(|t| arity(t)).max().unwrap_or(0);
        for (i, (e, z)) in en.iter().zip(zh.iter()).enumerate() {
            if arity(z) > most_en || e.is_empty() != z.is_empty() {
                bad.push(format!("{c:?} part {i}"));
            }
        }
    }
    for &p in Phrase::ALL {
        if arity(p.template(Lang::Zh)) > arity(p.template(Lang::En)) {
            bad.push(format!("{p:?}"));
        }
    }
    bad
}
