//! The rubric back as the document's table (原文对照, `rulecheck show`): each row's id, title,
//! original wording beside its rules in canonical words, its points and the document's columns.
//! The data ([`ShowDoc`]) is made by `rubric-out::show`, which also writes it as Markdown and a
//! workbook; this is its HTML page, a `maud` template with every value escaped.

use maud::{DOCTYPE, PreEscaped, html};
use rubric::Lang;

/// The page's style: the report's, with a wide table for A4 landscape.
const CSS: &str = include_str!("page.css");
const WIDE: &str = "@page { size: A4 landscape; } body { max-width: 1400px; } td.rules div + div { margin-top: 2px; } \
                    tr.section td { background: #f4f4f4; font-weight: 600; } tr.group td { background: #fafafa; } \
                    tr.total td { font-weight: 600; border-top: 2px solid #999; } .text { white-space: pre-wrap; }";

/// What a row of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowKind {
    /// 一级指标: a section.
    Section,
    /// A group of rows.
    Group,
    /// A scoring row (评分标准).
    Item,
    /// The total, with the rubric's own rules.
    Total,
}

/// One row of the table, every value as text.
#[derive(Debug, Clone)]
pub struct ShowRow {
    /// What the row is.
    pub kind: RowKind,
    /// 序号: the node's id.
    pub id: String,
    /// 评分任务/内容: the title.
    pub title: String,
    /// 原文: the row's `text`, if written.
    pub text: Option<String>,
    /// 规则: the rules in canonical words, one line each.
    pub rules: Vec<String>,
    /// 分值: the maximum, or its cases.
    pub max: String,
    /// 完成时限.
    pub due: String,
    /// 牵头领导.
    pub lead: String,
    /// 责任股室.
    pub office: String,
    /// 责任人.
    pub owner: String,
}

/// The document: the rubric's title, the headings and the rows, the total last.
#[derive(Debug, Clone)]
pub struct ShowDoc {
    /// The rubric's title.
    pub title: String,
    /// The language of the headings and the rules.
    pub lang: Lang,
    /// The nine headings, in the order of [`ShowRow`]'s fields.
    pub headings: [&'static str; 9],
    /// The rows, sections first with their parts under them, the total last.
    pub rows: Vec<ShowRow>,
}

/// The headings of the table in `lang`.
pub fn headings(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => ["序号", "评分任务/内容", "原文", "规则", "分值", "完成时限", "牵头领导", "责任股室", "责任人"],
        _ => ["No.", "Task", "Original text", "Rules", "Points", "Due", "Lead", "Office", "Person"],
    }
}

/// The page as HTML text: a standalone page, inline CSS, no script.
pub fn page(doc: &ShowDoc) -> String {
    let lang = if doc.lang == Lang::Zh { "zh-CN" } else { "en" };
    let note = match doc.lang {
        Lang::Zh => "原文对照：每行的原文与规则文件所写规则并列，供核对签字。",
        _ => "Side by side: each row's original text beside the rules the rule file writes, to sign off.",
    };
    let markup = html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (doc.title) }
                style { (PreEscaped(CSS)) (PreEscaped(WIDE)) }
            }
            body {
                header { h1 { (doc.title) } p.note { (note) } }
                table.show {
                    thead { tr { @for h in &doc.headings { th { (h) } } } }
                    tbody {
                        @for r in &doc.rows {
                            tr class=(class(r.kind)) {
                                td { (r.id) }
                                td { (r.title) }
                                td.text { (r.text.as_deref().unwrap_or("")) }
                                td.rules { @for line in &r.rules { div { (line) } } }
                                td.num { (r.max) }
                                td { (r.due) }
                                td { (r.lead) }
                                td { (r.office) }
                                td { (r.owner) }
                            }
                        }
                    }
                }
            }
        }
    };
    markup.into_string()
}

/// The class of a row's `tr`.
fn class(k: RowKind) -> &'static str {
    match k {
        RowKind::Section => "section",
        RowKind::Group => "group",
        RowKind::Item => "item",
        RowKind::Total => "total",
    }
}
