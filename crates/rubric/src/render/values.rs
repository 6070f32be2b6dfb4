//! Why a fact's value cannot be read ([`BadFact`]), in English and Chinese: one `match` arm
//! gives both, so a problem without its translation does not compile.

use super::renderer::Render;
use crate::diag::Lang;
use crate::facts::BadFact;

/// A bad value in English and in Chinese.
pub(crate) fn bad_fact(b: &BadFact) -> (String, String) {
    let years = rubric_syntax::YEARS;
    let (first, last) = (years.start(), years.end());
    match b {
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
        BadFact::PercentDigits { found } => {
            (format!("{found} has more digits than can be held exactly"), format!("{found} 的位数多于能精确保存的位数"))
        }
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
            format!("\"{text}\" has a time of day ({time}); a date fact is a day: give the date alone, e.g. \"{day}\""),
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
        BadFact::NoValue => ("no value given".into(), "未填写数值".into()),
    }
}

impl Render<'_> {
    /// Why a fact's value cannot be read, in the renderer's language.
    ///
    /// ```
    /// use rubric::facts::BadFact;
    /// use rubric::render::{Lang, Render};
    ///
    /// let bad = BadFact::NotNumber { found: "\"很好\"".into() };
    /// assert_eq!(Render::new(Lang::Zh).bad_fact(&bad), "应为数字，实为 \"很好\"");
    /// assert_eq!(Render::new(Lang::En).bad_fact(&bad), "expected a number, found \"很好\"");
    /// ```
    pub fn bad_fact(&self, b: &BadFact) -> String {
        let (en, zh) = bad_fact(b);
        if self.lang() == Lang::Zh { zh } else { en }
    }
}

impl BadFact {
    /// The argument of a diagnostic that says it, in both languages.
    pub(crate) fn said(&self) -> crate::diag::codes::Arg {
        let (en, zh) = bad_fact(self);
        crate::diag::codes::Arg::word(en, zh)
    }
}
