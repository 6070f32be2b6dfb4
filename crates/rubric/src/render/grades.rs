//! A grade (等次) in words: `等次：良好（75分（含）至90分）`, why a line fixed or barred it, a
//! quota's move (`并列第3名的2个单位均调整为良好：优秀名额为2个`), and the points to the next grade
//! (`再得 2.5 分可评为优秀`), in Chinese or English, each sentence one `match` arm with both.

use crate::render::Render;
use crate::render::sentences::L;
use crate::report::grades::{Grade, GradeBound, GradeWhy};
use crate::value::text_num;

impl Render<'_> {
    /// `等次：良好（75分（含）至90分）`: the grade and why.
    pub fn grade(&self, g: &Grade) -> String {
        let l = L(self.lang);
        let head = match l.zh() {
            true => format!("等次：{}", g.name),
            false => format!("grade: {}", g.name),
        };
        format!("{head}{}", l.paren(&self.grade_why(g)))
    }

    /// Why a node has its grade, without the grade's name.
    pub fn grade_why(&self, g: &Grade) -> String {
        let zh = L(self.lang).zh();
        let with = |s: String, label: &Option<String>| match (label, zh) {
            (Some(t), true) => format!("{s}：{t}"),
            (Some(t), false) => format!("{s}: {t}"),
            (None, _) => s,
        };
        match &g.why {
            // The document's wording of an interval says the interval again: the JSON keeps it.
            GradeWhy::Band { lo, hi, band, .. } => self.grade_range(*lo, *hi).unwrap_or_else(|| band.clone()),
            GradeWhy::Fixed { when, label } => match zh {
                true => with(format!("因「{when}」评定为{}，得分不变", g.name), label),
                false => with(format!("set to {} by \"{when}\", the score unchanged", g.name), label),
            },
            GradeWhy::Barred { from, barred, when, label } => match zh {
                true => with(format!("按得分为{from}，因「{when}」不得评为{barred}，得分不变"), label),
                false => with(format!("{from} by the score, but \"{when}\" bars {barred}; the score unchanged"), label),
            },
            GradeWhy::Quota { from, quota, allowed, of, place, tied, label } => {
                let moved = match (zh, *tied > 1) {
                    (true, true) => format!("并列第{place}名的{tied}个单位均调整为{}", g.name),
                    (true, false) => format!("第{place}名调整为{}", g.name),
                    (false, true) => format!("the {tied} units tied at place {place} all moved to {}", g.name),
                    (false, false) => format!("place {place} moved to {}", g.name),
                };
                let limit = match zh {
                    true => format!("{from}名额为{allowed}个（{quota}，共{of}个单位）"),
                    false => format!("{from} is limited to {allowed} of {of} units ({quota})"),
                };
                let s = if zh { format!("{moved}：{limit}") } else { format!("{moved}: {limit}") };
                match label {
                    Some(t) if zh => format!("{s}；{t}"),
                    Some(t) => format!("{s}; {t}"),
                    None => s,
                }
            }
        }
    }

    /// `75分（含）至90分`, `90分及以上`, `60分以下`.
    fn grade_range(&self, lo: Option<GradeBound>, hi: Option<GradeBound>) -> Option<String> {
        let zh = L(self.lang).zh();
        let n = |b: GradeBound| text_num(b.points);
        Some(match (lo, hi, zh) {
            (Some(a), None, true) => format!("{}分{}", n(a), if a.closed { "及以上" } else { "以上" }),
            (Some(a), None, false) => {
                format!("{} pts {}", n(a), if a.closed { "and above" } else { "exclusive and above" })
            }
            (None, Some(b), true) => format!("{}分{}", n(b), if b.closed { "及以下" } else { "以下" }),
            (None, Some(b), false) => format!("below {} pts{}", n(b), if b.closed { " inclusive" } else { "" }),
            (Some(a), Some(b), true) => {
                let inc = |c: bool| if c { "（含）" } else { "" };
                format!("{}分{}至{}分{}", n(a), inc(a.closed), n(b), inc(b.closed))
            }
            (Some(a), Some(b), false) => {
                let inc = |c: bool| if c { " (incl.)" } else { "" };
                format!("{}{} to {} pts{}", n(a), inc(a.closed), n(b), inc(b.closed))
            }
            (None, None, _) => return None,
        })
    }

    /// `再得 2.5 分可评为优秀`: the points to the next grade; `None` for the best grade, or a grade
    /// a line fixed, barred or a quota moved (the score alone does not decide it).
    pub fn grade_next(&self, g: &Grade) -> Option<String> {
        let next = g.next.as_ref()?;
        let p = text_num(next.points);
        Some(match (L(self.lang).zh(), next.open) {
            (true, false) => format!("再得 {p} 分可评为{}", next.name),
            (true, true) => format!("再得超过 {p} 分可评为{}", next.name),
            (false, false) => format!("{p} more points would give {}", next.name),
            (false, true) => format!("more than {p} more points would give {}", next.name),
        })
    }

    /// Said by `eval` and `explain` of one unit when a grade table has a quota.
    pub fn quota_note(&self) -> &'static str {
        L(self.lang).pick(
            "未计等次比例：等次比例在多个单位一起评分（rank、score）时才适用",
            "before quotas: grade quotas apply only when units are scored together (rank, score)",
        )
    }
}
