//! The page: a `maud` template, every interpolation escaped.

use crate::chart::{self, ChartError};
use crate::rank::Rank;
use crate::words::Words;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rubric::analysis::whatif::WhatIf;
use rubric::render::{Phrase, Render};
use rubric::value::text_num;
use rubric::{Lang, NodeKind, NodeScore, Rubric, UnitScore};
use rust_decimal::Decimal;

/// The page's only style sheet, inlined.
const CSS: &str = include_str!("page.css");

/// What a page shows.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// The rubric that scored the unit.
    pub rubric: &'a Rubric,
    /// The unit's score, explained (with its steps: the reasons come from them).
    pub score: &'a UnitScore,
    /// Its place among the units scored with it, if they were ranked.
    pub rank: Option<Rank>,
    /// What would raise the score.
    pub raise: Raise<'a>,
    /// The language of the page (Chinese by default in `rulecheck`).
    pub lang: Lang,
}

/// What would raise the score, as the library works it out.
#[derive(Debug, Clone, Copy)]
pub enum Raise<'a> {
    /// The what-if suggestions ([`rubric::analysis::whatif::whatif`]).
    Suggestions(&'a WhatIf),
    /// The rubric compares units (rank, best, …): what one unit must change depends on the
    /// others, and the page says so.
    Cohort,
    /// No section on it.
    None,
}

/// The page as HTML text.
///
/// # Errors
///
/// [`ChartError`] when the chart cannot be drawn.
pub fn render(page: &Page<'_>) -> Result<String, ChartError> {
    let w = Words(page.lang);
    let say = Render::new(page.lang).with_rubric(page.rubric);
    let s = page.score;
    let title = format!("{} · {}", s.unit, w.feedback());
    let sections: Vec<&NodeScore> = s.children.iter().collect();
    let bars: Vec<(String, Decimal)> =
        sections.iter().filter(|n| n.score < n.max).map(|n| (name(n), n.max - n.score)).collect();
    let chart = if bars.is_empty() { None } else { Some(chart::lost_by_section(&bars)?) };
    let lost: Vec<&NodeScore> = s.nodes().into_iter().filter(|n| n.kind == NodeKind::Item && n.score < n.max).collect();
    let total_reason = say.total_reason(s);
    let markup = html! {
        (DOCTYPE)
        html lang=(w.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (s.unit) " " (w.feedback()) }
                    p.rubric { (page.rubric.title()) }
                    dl.summary {
                        div #total { dt { (say.phrase(Phrase::Total)) } dd { (text_num(s.score)) " / " (text_num(s.max)) } }
                        @if let Some(r) = page.rank {
                            div #rank { dt { (w.rank_label()) } dd { (w.rank(r.place, r.of)) } }
                        }
                        (grade(page))
                    }
                    @if !s.bonus.is_zero() { p.note { (say.total(s)) } }
                    @if s.vetoed { p.vetoed { (say.phrase(Phrase::Vetoed)) } }
                    @if !total_reason.is_empty() { p.note { (total_reason) } }
                }
                section #sections {
                    h2 { (w.sections()) }
                    table {
                        thead { tr { th { (w.section()) } th.num { (w.score()) } th.num { (w.max()) } th.num { (say.phrase(Phrase::Lost)) } } }
                        tbody {
                            @for n in &sections {
                                tr class=[(n.score < n.max).then_some("lost")] {
                                    td { (name(n)) @if n.vetoed { " " span.vetoed { (say.phrase(Phrase::Vetoed)) } } }
                                    td.num { (text_num(n.score)) }
                                    td.num { (text_num(n.max)) }
                                    td.num { @if n.score < n.max { (text_num(n.max - n.score)) } }
                                }
                            }
                        }
                    }
                }
                @if let Some(svg) = &chart {
                    section #chart {
                        h2 { (w.chart()) }
                        figure role="img" aria-label=(w.chart()) { (PreEscaped(svg)) }
                    }
                }
                section #lost {
                    h2 { (say.phrase(Phrase::LostRows)) }
                    @if lost.is_empty() { p { (say.phrase(Phrase::NoLostRows)) } }
                    @for n in &lost { (row(n, w, &say)) }
                }
                (raise(page, w, &say))
                footer { p { (w.exact()) } }
            }
        }
    };
    Ok(markup.into_string())
}

/// The grade (等次) of the total: the one place it goes in the summary. Rubrics have no grades
/// yet (issue 17 adds them); until then nothing is shown.
fn grade(_page: &Page<'_>) -> Markup {
    html! {}
}

/// `六.1.4 子女入学入托优待`, or the id alone when it is the title.
fn name(n: &NodeScore) -> String {
    if n.id == n.title || n.title.is_empty() { n.id.clone() } else { format!("{} {}", n.id, n.title) }
}

/// One row that lost points: why, the standard's wording and who answers for it.
fn row(n: &NodeScore, w: Words, say: &Render<'_>) -> Markup {
    let m = &n.meta;
    let joined = |v: &[String]| v.join("、");
    html! {
        div.row id=(format!("row-{}", n.id)) {
            h3 { span { (name(n)) } span.lost { (w.lost_points(&text_num(n.max - n.score), &text_num(n.score), &text_num(n.max))) } }
            dl {
                dt { (w.reason()) } dd.reason { (say.reason(n)) }
                @if let Some(t) = &m.text { dt { (w.standard()) } dd { (t) } }
                @if !m.office.is_empty() { dt { (w.office()) } dd.office { (joined(&m.office)) } }
                @if !m.owner.is_empty() { dt { (w.owner()) } dd { (joined(&m.owner)) } }
                @if let Some(d) = &m.due { dt { (w.due()) } dd { (d) } }
            }
        }
    }
}

/// What would raise the score: the what-if suggestions, most points for the total first.
fn raise(page: &Page<'_>, w: Words, say: &Render<'_>) -> Markup {
    html! {
        @match page.raise {
            Raise::None => {}
            Raise::Cohort => section #raise { h2 { (say.phrase(Phrase::Hints)) } p { (say.phrase(Phrase::CohortHints)) } },
            Raise::Suggestions(wi) => section #raise {
                h2 { (say.phrase(Phrase::Hints)) }
                @if wi.suggestions.is_empty() { p { (say.phrase(Phrase::NoSuggestions)) } } @else {
                    table {
                        thead { tr { th.num { (w.total_gain()) } th { (w.row()) } th { (w.change()) } } }
                        tbody {
                            @for s in &wi.suggestions {
                                tr {
                                    td.num { @if !s.total_gain.is_sign_negative() { "+" } (text_num(s.total_gain)) }
                                    td { @if !s.node.is_empty() { (s.node) " " } (s.title) }
                                    td {
                                        (say.suggestion(s))
                                        @if !s.rules.is_empty() {
                                            ul.basis { @for r in &s.rules { li { (say.phrase(Phrase::Basis)) " " (r.rule) } } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if !wi.not_derived.is_empty() {
                    p.note { (say.phrase(Phrase::NotDerived)) }
                    ul.basis { @for n in &wi.not_derived { li { (n.node) " " (n.fact) "：" (n.reason) } } }
                }
            },
        }
    }
}
