//! Why what-if derives no change for a fact ([`Underived`]), as data, and its words in English
//! and Chinese: one `match` arm gives both, so a reason without its translation does not compile.

/// Why no exact change of a fact can be derived ([`crate::analysis::whatif::NotDerived::why`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Underived {
    /// A value beyond what a decimal holds.
    OutOfRange,
    /// A value beyond what a decimal holds, or not held exactly.
    Inexact,
    /// The fact is in a denominator and elsewhere: not a simple monotone form.
    NotMonotone,
    /// Two quantities that hold the fact are multiplied.
    NotLinear,
    /// The fact is in a denominator within a denominator.
    NestedDenominator,
    /// The score has too many pieces to follow.
    TooManyPieces,
    /// Values of different kinds met.
    Kinds,
    /// The value goes through `floor`, `ceil`, `round` or `pow`, and so moves in steps.
    Steps {
        /// The function.
        func: &'static str,
        /// `pow`, rather than a rounding.
        power: bool,
    },
    /// A function that is not a rounding or a power, where one was expected.
    NotWholeFunction {
        /// The function.
        func: &'static str,
    },
    /// A derived value that is not known.
    UnknownLet,
    /// A fact with no value.
    MissingFact,
    /// A call without its arguments.
    MissingArgument,
    /// The row compares units with each other, so it moves with the other units.
    Cohort,
    /// The score follows the fact continuously: there is no least change.
    Continuous,
    /// The score derived disagrees with the score computed.
    Disagrees,
    /// A rounding of negative points.
    NegativeRounding,
    /// A bound that is not a finite decimal.
    NotFinite,
    /// A part's floor, which follows its rows.
    PartFloor,
    /// A line of another phase among the base lines of a row.
    OtherPhase,
    /// With the fact changed, the unit cannot be scored.
    Unscorable {
        /// The value tried.
        value: String,
        /// The error met, as its `Display` says it.
        error: String,
    },
    /// With the fact changed, the row is not found.
    RowLost,
    /// The change derived does not raise the score.
    NoGain,
    /// The fact is a kind: one of some names, not a quantity to raise or lower.
    Kind {
        /// Its names: `城区/郊区/山区`.
        names: String,
    },
    /// The row reads a list of records (a count, a sum, …): what-if does not add, remove or
    /// change records.
    List {
        /// The list.
        list: String,
    },
    /// The value goes through `date()` or a working-day function, which follows the calendar.
    Dates {
        /// The function.
        func: &'static str,
    },
    /// The row has a conditional cap (`cap N when C`), which what-if does not follow.
    CondCap,
    /// The row reads another node's score (`points(三.2)`), which moves with that node's rows.
    NodeRef,
    /// The row reads a value that is 不适用 for the unit: it is not applicable, and a 不适用
    /// value is never suggested to change.
    NotApplicable,
    /// The fact decides a maximum that depends on the unit (城区2分，其他4分): changing it
    /// moves the unit to another case, which what-if does not do.
    MaxCase,
}

impl Underived {
    /// In English and in Chinese.
    pub fn both(&self) -> (String, String) {
        let fixed = |en: &str, zh: &str| (en.to_string(), zh.to_string());
        match self {
            Underived::OutOfRange => fixed("a value is out of range", "数值超出范围"),
            Underived::Inexact => {
                fixed("a value is out of range or cannot be held exactly", "数值超出范围或无法精确表示")
            }
            Underived::NotMonotone => fixed(
                "the fact is both in a denominator and elsewhere, not a simple monotone form",
                "该事实同时出现在分母和其他项中，不是单调的简单形式",
            ),
            Underived::NotLinear => fixed(
                "the score is not linear in the fact (two quantities that hold it are multiplied)",
                "得分与该事实不是线性关系（两个含该事实的量相乘）",
            ),
            Underived::NestedDenominator => fixed(
                "the fact is in nested denominators, which cannot be solved exactly",
                "该事实出现在多重分母中，无法精确求解",
            ),
            Underived::TooManyPieces => fixed("too many pieces", "分段过多"),
            Underived::Kinds => fixed("values of different kinds", "类型不符"),
            Underived::Steps { func, power } => (
                format!(
                    "the value goes through {func}() ({}), so it jumps in steps as the fact changes; whatif cannot work it out",
                    if *power { "a power" } else { "a rounding" }
                ),
                format!("值经过 {func}() {}，随该事实成段跳变，whatif 无法推算", if *power { "乘方" } else { "取整" }),
            ),
            Underived::NotWholeFunction { func } => {
                (format!("{func}() is not a rounding or a power"), format!("{func}() 不是取整或乘方"))
            }
            Underived::UnknownLet => fixed("an unknown derived value", "未知的派生值"),
            Underived::MissingFact => fixed("a fact is missing", "缺少事实"),
            Underived::MissingArgument => fixed("an argument is missing", "缺少参数"),
            Underived::Cohort => fixed(
                "it compares units with each other, and moves with the other units",
                "与其他单位比较，随其他单位变化",
            ),
            Underived::Continuous => fixed(
                "the score follows the fact continuously: there is no least change",
                "得分随该事实连续变化，没有最小的改变量",
            ),
            Underived::Disagrees => fixed(
                "the score derived disagrees with the score computed; no suggestion given",
                "推导的得分与计分结果不一致，未给出建议",
            ),
            Underived::NegativeRounding => {
                fixed("a rounding of negative points cannot be solved exactly", "负分的舍入无法精确求解")
            }
            Underived::NotFinite => {
                fixed("a bound is not a finite decimal and cannot be given exactly", "边界不是有限小数，无法精确给出")
            }
            Underived::PartFloor => fixed("a part's floor follows its rows", "部分的最低分随其下各行而定"),
            Underived::OtherPhase => {
                fixed("a line of another phase among the base lines", "基础计分行中混有其他阶段的行")
            }
            Underived::Unscorable { value, error } => (
                format!("with {value}, the unit cannot be scored: {error}"),
                format!("改为 {value} 后无法计分：{error}"),
            ),
            Underived::RowLost => fixed("the row is not found after the change", "改变后找不到本行"),
            Underived::Kind { names } => (
                format!("it is a kind ({names}): what-if does not move a kind"),
                format!("它是类别（{names}）：whatif 不改变类别"),
            ),
            Underived::List { list } => (
                format!("it reads the list `{list}`: what-if does not add, remove or change records"),
                format!("它读取记录列表 `{list}`：whatif 不增删或改动记录"),
            ),
            Underived::Dates { func } => (
                format!(
                    "the value goes through {func}(), which moves by the calendar of working days, not in proportion to the fact; whatif cannot work it out"
                ),
                format!("值经过 {func}()，随工作日日历跳变，不与该事实成比例，whatif 无法推算"),
            ),
            Underived::CondCap => fixed(
                "the row has a conditional cap (cap … when …), which what-if does not follow",
                "本行有条件封顶（cap … when …），whatif 不推算",
            ),
            Underived::NodeRef => fixed(
                "it reads another row's score (points(…)), which moves with that row's facts: see that row",
                "它读取另一行的得分（points(…)），随那一行的事实变化：请看那一行",
            ),
            Underived::NotApplicable => fixed(
                "the row reads a value that is 不适用 (not applicable) for the unit; a 不适用 value is never to be changed",
                "本行读取的值对该单位不适用；不适用的值不应更改",
            ),
            Underived::NoGain => fixed(
                "the change derived does not raise the score; no suggestion given",
                "推导的改变没有提高得分，未给出建议",
            ),
            Underived::MaxCase => fixed(
                "it decides the unit's maximum (max … when …): what-if does not move a unit to another case",
                "它决定该单位的满分（max … when …）：whatif 不把单位改到另一种情形",
            ),
        }
    }
}
