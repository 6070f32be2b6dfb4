//! The page's own headings and labels in Chinese and English; every sentence about a score comes
//! from the library's renderer.

use rubric::Lang;

/// The words of the page in one language.
#[derive(Clone, Copy)]
pub(crate) struct Words(pub(crate) Lang);

impl Words {
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        if self.0 == Lang::En { en } else { zh }
    }

    /// The `lang` attribute of the page.
    pub(crate) fn html_lang(self) -> &'static str {
        self.pick("zh-CN", "en")
    }

    pub(crate) fn feedback(self) -> &'static str {
        self.pick("考核结果反馈", "Assessment feedback")
    }

    /// `第3名 / 12个单位`.
    pub(crate) fn rank(self, place: usize, of: usize) -> String {
        if self.0 == Lang::En { format!("{place} of {of} units") } else { format!("第{place}名 / {of}个单位") }
    }

    pub(crate) fn sections(self) -> &'static str {
        self.pick("各部分得分", "Sections")
    }

    pub(crate) fn section(self) -> &'static str {
        self.pick("部分", "Section")
    }

    pub(crate) fn chart(self) -> &'static str {
        self.pick("各部分失分", "Points lost by section")
    }

    pub(crate) fn reason(self) -> &'static str {
        self.pick("原因", "Why")
    }

    pub(crate) fn standard(self) -> &'static str {
        self.pick("评分标准", "Standard")
    }

    pub(crate) fn office(self) -> &'static str {
        self.pick("责任股室", "Office")
    }

    pub(crate) fn owner(self) -> &'static str {
        self.pick("责任人", "Person")
    }

    pub(crate) fn due(self) -> &'static str {
        self.pick("完成时限", "Due")
    }

    pub(crate) fn total_gain(self) -> &'static str {
        self.pick("总分可增", "Total gain")
    }

    pub(crate) fn period_gain(self) -> &'static str {
        self.pick("本期可增", "Period gain")
    }

    pub(crate) fn row(self) -> &'static str {
        self.pick("行", "Row")
    }

    pub(crate) fn change(self) -> &'static str {
        self.pick("做法", "Change")
    }

    /// `失 0.5 分（得 0.5 / 1）`.
    pub(crate) fn lost_points(self, lost: &str, score: &str, max: &str) -> String {
        if self.0 == Lang::En {
            format!("−{lost} pts ({score} / {max})")
        } else {
            format!("失 {lost} 分（得 {score} / {max}）")
        }
    }

    pub(crate) fn exact(self) -> &'static str {
        self.pick(
            "分数为评分规则算出的精确值；标有 ≈ 的数字为显示时的舍入。",
            "Scores are exact, as the rules give them; figures marked ≈ are rounded for display.",
        )
    }
}
