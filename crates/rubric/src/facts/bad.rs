//! Why a raw value is not a value of its fact: [`BadFact`], typed data, and its words in English
//! and Chinese. One `match` arm gives both languages, so a problem without its translation does
//! not compile; the renderer says it in its language ([`crate::render::Render::bad_fact`]).

use std::fmt;

/// Why a value given for a fact cannot be read: what the fact expects and what was found. Each
/// `found` is the value as given (`"很好"`, `4.5`); [`fmt::Display`] says it in English.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BadFact {
    /// A spreadsheet's error value (`#N/A`, `#DIV/0!`): a formula that failed.
    ErrorValue {
        /// The cell, trimmed.
        text: String,
    },
    /// A number in scientific notation, as a spreadsheet shows a long number.
    Scientific {
        /// The cell, trimmed.
        text: String,
    },
    /// A yes/no fact given something else.
    NotYesNo {
        /// The value.
        found: String,
    },
    /// A date fact given something that is not a date.
    NotDate {
        /// The value.
        found: String,
    },
    /// A percent fact given something that is not a percent.
    NotPercent {
        /// The value.
        found: String,
    },
    /// A percent given without its `%`.
    NoPercentSign {
        /// The value.
        found: String,
        /// It read as a percent: `87.5`.
        shown: String,
        /// It read as a fraction, as a percent: `8750`; none when that is beyond a decimal.
        fraction: Option<String>,
    },
    /// A percent beyond what a decimal holds.
    PercentOutOfRange {
        /// The value.
        found: String,
    },
    /// A percent with more digits than a decimal holds exactly.
    PercentDigits {
        /// The value.
        found: String,
    },
    /// A number fact given something that is not a number.
    NotNumber {
        /// The value.
        found: String,
    },
    /// A number written with a decimal comma (`1,5`).
    DecimalComma {
        /// The value.
        found: String,
    },
    /// A number fact given a date (a cell formatted as a date by mistake).
    DateForNumber {
        /// The value.
        found: String,
    },
    /// A count that is negative or not whole.
    NotCount {
        /// The value.
        found: String,
    },
    /// Negative points.
    NegativePoints {
        /// The value.
        found: String,
    },
    /// A date with a time of day other than midnight.
    TimeOfDay {
        /// The value as written.
        text: String,
        /// The time.
        time: String,
        /// The date alone.
        day: String,
    },
    /// A date whose year has not four digits.
    ShortYear {
        /// The value.
        found: String,
        /// How many digits the year has.
        digits: usize,
        /// The date with a year of four digits, when the year had two: `2024-07-31`.
        example: Option<String>,
    },
    /// A date outside [`rubric_syntax::YEARS`], in a fact that declares no range.
    YearOutside {
        /// The value.
        found: String,
        /// Its year.
        year: i32,
    },
    /// A value outside the range the fact declares.
    OutsideRange {
        /// The value, as shown.
        shown: String,
        /// The range as written: `[0, 100]`.
        range: String,
    },
    /// A percent outside 0%–100%, in a fact that declares no range.
    NotARate {
        /// The value, as shown.
        shown: String,
    },
    /// A kind fact given something that is not one of its names.
    NotKindName {
        /// The value.
        found: String,
        /// The names it may take, each in backticks: `` `城区`, `郊区`, `山区` ``.
        names: String,
        /// The closest name, if one is close.
        near: Option<String>,
    },
    /// An empty value for a fact the rules read.
    NoValue,
    /// A single value given for a list fact.
    ValueNotList {
        /// The value.
        found: String,
    },
    /// A list of records given where a single value is expected.
    ListNotValue {
        /// How many records the list has.
        records: usize,
    },
    /// A record of a list without a field the list declares.
    MissingField {
        /// The record's number, from 1.
        record: usize,
        /// The field.
        field: String,
    },
    /// A record of a list with a field the list does not declare.
    UnknownField {
        /// The record's number, from 1.
        record: usize,
        /// The field as given.
        field: String,
        /// The closest declared field, if one is close.
        near: Option<String>,
    },
    /// A field of a record given twice.
    FieldTwice,
    /// A field of a record whose value cannot be read.
    InRecord {
        /// The record's number, from 1.
        record: usize,
        /// The field.
        field: String,
        /// Why its value cannot be read.
        why: Box<BadFact>,
    },
    /// 不适用 (or `N/A`, `无此项`, JSON `null`) for a fact not declared `optional`.
    NotOptional {
        /// The value.
        found: String,
    },
}

impl fmt::Display for BadFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.both().0)
    }
}

impl BadFact {
    /// What is wrong, in English and in Chinese.
    pub fn both(&self) -> (String, String) {
        let years = rubric_syntax::YEARS;
        let (first, last) = (years.start(), years.end());
        match self {
            BadFact::ErrorValue { text } => (
                format!(
                    "`{text}` is a spreadsheet's error value (a formula that failed), not a value; correct the formula or type the value"
                ),
                format!("`{text}` 是电子表格的错误值（公式出错），不是数值；请改正公式，或直接填入数值"),
            ),
            BadFact::Scientific { text } => (
                format!(
                    "`{text}` is a number in scientific notation, as a spreadsheet shows a long number: its digits are lost; format the cell as a number with all its digits (or as text) and save again"
                ),
                format!(
                    "`{text}` 是科学记数法的数（电子表格这样显示长数字），后面的位数已丢失；请把单元格设为显示全部位数的数值（或文本）后重新保存"
                ),
            ),
            BadFact::NotYesNo { found } => (
                format!("expected yes or no (是/否, true/false), found {found}"),
                format!("应为是或否（是/否、true/false），实为 {found}"),
            ),
            BadFact::NotDate { found } => (
                format!("expected a date such as \"2024-07-31\", found {found}"),
                format!("应为日期，如 \"2024-07-31\"，实为 {found}"),
            ),
            BadFact::NotPercent { found } => (
                format!("expected a percent such as \"87.5%\", found {found}"),
                format!("应为百分数，如 \"87.5%\"，实为 {found}"),
            ),
            BadFact::NoPercentSign { found, shown, fraction: Some(p) } => (
                format!(
                    "{found} has no `%`, so it could mean {shown}% or, read as a fraction, {p}%; write the percent with its `%` (`{shown}%` or `{p}%`)"
                ),
                format!(
                    "{found} 没有 `%`，可理解为 {shown}%，也可按小数理解为 {p}%；请带 `%` 填写百分数（`{shown}%` 或 `{p}%`）"
                ),
            ),
            BadFact::NoPercentSign { found, shown, fraction: None } => (
                format!("{found} has no `%`; write the percent with its `%`, e.g. `{shown}%`"),
                format!("{found} 没有 `%`；请带 `%` 填写百分数，如 `{shown}%`"),
            ),
            BadFact::PercentOutOfRange { found } => {
                (format!("{found} is out of range"), format!("{found} 超出可表示的范围"))
            }
            BadFact::PercentDigits { found } => (
                format!("{found} has more digits than can be held exactly"),
                format!("{found} 的位数多于能精确保存的位数"),
            ),
            BadFact::NotNumber { found } => {
                (format!("expected a number, found {found}"), format!("应为数字，实为 {found}"))
            }
            BadFact::DecimalComma { found } => (
                format!(
                    "expected a number, found {found}: a comma is read only between groups of three digits (`1,234`); write a decimal with a point (`1.5`)"
                ),
                format!("应为数字，实为 {found}：逗号只用于每三位分节（`1,234`）；小数请用小数点（`1.5`）"),
            ),
            BadFact::DateForNumber { found } => (
                format!(
                    "expected a number, found {found}, a date: if the cell shows a date by mistake, format it as a number (常规) and type the number again"
                ),
                format!("应为数字，实为日期 {found}：如果单元格误显示为日期，请把单元格格式设为数值（常规）后重新填入"),
            ),
            BadFact::NotCount { found } => (
                format!("a count is a whole number of 0 or more, found {found}"),
                format!("计数应为 0 或以上的整数，实为 {found}"),
            ),
            BadFact::NegativePoints { found } => {
                (format!("points cannot be negative, found {found}"), format!("分数不能为负，实为 {found}"))
            }
            BadFact::TimeOfDay { text, time, day } => (
                format!(
                    "\"{text}\" has a time of day ({time}); a date fact is a day: give the date alone, e.g. \"{day}\""
                ),
                format!("\"{text}\" 带有时刻（{time}）；日期事实只填日期，如 \"{day}\""),
            ),
            BadFact::ShortYear { found, digits, example } => (
                format!(
                    "{found} has a {digits}-digit year; write the year with four digits{}",
                    example.as_ref().map(|e| format!(", e.g. \"{e}\"")).unwrap_or_default()
                ),
                format!(
                    "{found} 的年份只有 {digits} 位；请写四位年份{}",
                    example.as_ref().map(|e| format!("，如 \"{e}\"")).unwrap_or_default()
                ),
            ),
            BadFact::YearOutside { found, year } => (
                format!(
                    "{found} has the year {year}, outside {first}–{last}; correct the year, or declare the fact's range (`in [..]`) if such dates are real"
                ),
                format!(
                    "{found} 的年份 {year} 不在 {first}–{last} 之间；请改正年份；如确有这样的日期，请声明事实的范围（`in [..]`）"
                ),
            ),
            BadFact::OutsideRange { shown, range } => {
                (format!("{shown} is outside the allowed range {range}"), format!("{shown} 超出允许的范围 {range}"))
            }
            BadFact::NotARate { shown } => (
                format!(
                    "{shown} is not between 0% and 100%; correct the value, or declare the fact's range if a rate can be higher (`in [0, 150%]`)"
                ),
                format!(
                    "{shown} 不在 0% 到 100% 之间；请改正数值；如比率可以超过 100%，请声明事实的范围（`in [0, 150%]`）"
                ),
            ),
            BadFact::NotKindName { found, names, near } => (
                format!(
                    "{found} is not one of the names {names}{}",
                    near.as_ref().map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default()
                ),
                format!(
                    "{found} 不是 {names} 之一{}",
                    near.as_ref().map(|n| format!("（是否想写 `{n}`？）")).unwrap_or_default()
                ),
            ),
            BadFact::NoValue => ("no value given".into(), "未填写数值".into()),
            BadFact::ValueNotList { found } => (
                format!("expected a list of records (`[{{\"等级\": \"一般\"}}, …]`), found {found}"),
                format!("应为记录的列表（`[{{\"等级\": \"一般\"}}, …]`），实为 {found}"),
            ),
            BadFact::ListNotValue { records } => (
                format!("expected a single value, found a list of {records} records"),
                format!("应为单个值，实为 {records} 条记录的列表"),
            ),
            BadFact::MissingField { record, field } => {
                (format!("record {record} has no field `{field}`"), format!("第 {record} 条记录缺少字段 `{field}`"))
            }
            BadFact::UnknownField { record, field, near } => (
                format!(
                    "record {record} has the field `{field}`, which the list does not declare{}",
                    near.as_ref().map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default()
                ),
                format!(
                    "第 {record} 条记录的字段 `{field}` 不是该列表声明的字段{}",
                    near.as_ref().map(|n| format!("（是否想写 `{n}`？）")).unwrap_or_default()
                ),
            ),
            BadFact::FieldTwice => ("the field is given twice".into(), "该字段填写了两次".into()),
            BadFact::InRecord { record, field, why } => {
                let (en, zh) = why.both();
                (format!("record {record}, field `{field}`: {en}"), format!("第 {record} 条记录的 `{field}`：{zh}"))
            }
            BadFact::NotOptional { found } => (
                format!(
                    "{found} means not applicable, but the fact is not declared `optional`; give its value, or declare it `optional` in the rubric if the document allows 不适用"
                ),
                format!(
                    "{found} 表示不适用，但该事实未声明为 `optional`；请填写数值，如细则允许不适用，请在细则中声明 `optional`"
                ),
            ),
        }
    }

    /// The argument of a diagnostic that says it, in both languages.
    pub(crate) fn said(&self) -> crate::diag::codes::Arg {
        let (en, zh) = self.both();
        crate::diag::codes::Arg::word(en, zh)
    }
}
