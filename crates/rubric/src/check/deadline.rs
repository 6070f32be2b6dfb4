//! Deadlines: a `due` date or phrase checked against the rubric's year and the phrases the
//! documents use.

use crate::check::compile::Compiler;
use crate::diag::codes::Code;
use crate::source::FileId;
use rubric_syntax::Span;

impl Compiler {
    pub(super) fn deadline_year(&mut self, file: FileId, span: Span, year: i32, shown: &str) {
        if let Some(y) = self.year
            && i64::from(year) > i64::from(y)
        {
            self.report.push(Code::DeadlineYear.at(file, span).arg(shown).arg(y));
        }
    }

    pub(super) fn deadline_text(&mut self, file: FileId, t: &rubric_syntax::Spanned<String>) {
        let text = t.value.trim();
        if let Some(d) = find_date(text).or_else(|| month_end(text, self.year)) {
            let year = chrono::Datelike::year(&d);
            let years = rubric_syntax::YEARS;
            if !years.contains(&year) {
                self.report
                    .push(Code::DeadlineRange.at(file, t.span).arg(text).arg(year).arg(years.start()).arg(years.end()));
                return;
            }
            self.deadline_year(file, t.span, year, &format!("`{text}`"));
            return;
        }
        if !KNOWN_DEADLINES.iter().any(|k| text.contains(k)) {
            self.report.push(Code::DeadlineUnknown.at(file, t.span).arg(text).arg(KNOWN_DEADLINES.join("、")));
        }
    }
}

/// Deadline phrases the documents use instead of a date.
const KNOWN_DEADLINES: &[&str] =
    &["持续推进", "持续跟进", "按规定时间节点完成", "长期坚持", "常态化", "年底前", "按上级要求"];

/// The first date written in a deadline phrase: `2024年9月30日`, `2024-09-30`, `2024/9/30`.
fn find_date(text: &str) -> Option<chrono::NaiveDate> {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        if start > 0 && chars.get(start - 1).is_some_and(char::is_ascii_digit) {
            continue;
        }
        let rest: String = chars.get(start..).map(|c| c.iter().collect()).unwrap_or_default();
        let mut parts = rest.split(|c: char| !c.is_ascii_digit());
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if y.len() != 4 {
            continue;
        }
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse())
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y, m, d)
        {
            return Some(date);
        }
    }
    None
}

/// A month-end deadline: `2024年12月底` or, with the rubric's year, `9月底前`.
fn month_end(text: &str, rubric_year: Option<u32>) -> Option<chrono::NaiveDate> {
    let (head, _) = text.split_once("月底")?;
    let month_digits: String =
        head.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    let month: u32 = month_digits.parse().ok()?;
    let before = head.get(..head.len() - month_digits.len())?;
    let year: i32 = match before.strip_suffix('年') {
        Some(y) => {
            let digits: String =
                y.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
            if digits.len() != 4 {
                return None;
            }
            digits.parse().ok()?
        }
        None => i32::try_from(rubric_year?).ok()?,
    };
    let first_of_next = if month == 12 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    first_of_next.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::{find_date, month_end};
    use chrono::NaiveDate;

    #[test]
    fn deadline_phrases_with_dates_are_read() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(find_date("清明节 2024年9月30日"), d(2024, 9, 30));
        assert_eq!(find_date("2024-07-31前"), d(2024, 7, 31));
        assert_eq!(find_date("持续推进"), None);
        assert_eq!(month_end("2024年12月底", None), d(2024, 12, 31));
        assert_eq!(month_end("2024年2月底", None), d(2024, 2, 29));
        assert_eq!(month_end("9月底前", Some(2024)), d(2024, 9, 30));
        assert_eq!(month_end("9月底前", None), None);
        assert_eq!(month_end("尽快", Some(2024)), None);
    }
}
