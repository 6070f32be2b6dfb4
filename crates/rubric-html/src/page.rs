//! The page: a `maud` template, every interpolation escaped.

use crate::chart::{self, ChartError};
use crate::rank::Rank;
use crate::words::Words;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rubric::analysis::whatif::WhatIf;
use rubric::render::{Phrase, Render};
use rubric::value::text_num;
use rubric::{Lang, NodeKind, NodeScore, PeriodScores, Rubric, UnitScore};
use rust_decimal::Decimal;

/// The page's only style sheet, inlined.
const CSS: &str = include_str!("page.css");

/// What a page shows.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The rubric that scored the unit.
    pub rubric: &'a Rubric,
    /// The unit's score, explained (with its steps: the reasons come from them).
    pub scored: Scored<'a>,
    /// Its place among the units scored with it, if they were ranked.
    pub rank: Option<Rank>,
    /// The language of the page (Chinese by default in `rulecheck`).
    pub lang: Lang,
}

/// A unit's explained score: once, or in periods.
#[derive(Debug, Clone)]
pub enum Scored<'a> {
    /// A rubric scored once, and what would raise the score.
    Once(&'a UnitScore, Raise<'a>),
    /// A rubric scored in periods: the weighted total and each period's breakdown, with what
    /// would raise each period's score (one [`Raise`] per period, in order).
    Periods(&'a PeriodScores, Vec<Raise<'a>>),
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
    let say = Render::new(page.lang);
    let (unit, score, max) = match &page.scored {
        Scored::Once(s, _) => (&*s.unit, s.score, s.max),
        Scored::Periods(p, _) => (p.unit.as_str(), p.total, p.max),
    };
    let bars: Vec<(String, Decimal)> = match &page.scored {
        Scored::Once(s, _) => lost_by_section(s, None),
        Scored::Periods(p, _) => p.periods.iter().flat_map(|q| lost_by_section(&q.score, Some(&q.period))).collect(),
    };
    let chart = if bars.is_empty() { None } else { Some(chart::lost_by_section(&bars)?) };
    let markup = html! {
        (DOCTYPE)
        html lang=(w.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (unit) " · " (w.feedback()) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (unit) " " (w.feedback()) }
                    p.rubric { (page.rubric.title()) }
                    dl.summary {
                        div #total { dt { (say.phrase(Phrase::Total)) } dd { (text_num(score)) " / " (text_num(max)) } }
                        @if let Some(r) = page.rank {
                            div #rank { dt { (say.phrase(Phrase::Place)) } dd { (w.rank(r.place, r.of)) } }
                        }
                        (grade(page))
                    }
                    @match &page.scored {
                        Scored::Once(s, _) => (total_notes(s, &say)),
                        Scored::Periods(p, _) => p.note { (say.periods_total(p)) },
                    }
                }
                @if let Some(svg) = &chart {
                    section #chart {
                        h2 { (w.chart()) }
                        figure role="img" aria-label=(w.chart()) { (PreEscaped(svg)) }
                    }
                }
                @match &page.scored {
                    Scored::Once(s, raise) => (part(s, *raise, false, w, &say)),
                    Scored::Periods(p, raises) => {
                        @for (q, raise) in p.periods.iter().zip(raises.iter().copied().chain(std::iter::repeat(Raise::None))) {
                            section.period id=(format!("period-{}", q.period)) {
                                h2 { "【" (q.period) "】" (q.title) "　" (say.phrase(Phrase::Weight)) " " (q.weight_text) }
                                p.note { (say.total(&q.score)) }
                                (total_notes(&q.score, &say))
                                (part(&q.score, raise, true, w, &say))
                            }
                        }
                    }
                }
                footer { p { (w.exact()) } }
            }
        }
    };
    Ok(markup.into_string())
}

/// The grade (等次) of the total: the one place it goes in the summary, with why and the points
/// to the next grade; nothing when the rubric has no grade of the total.
fn grade(page: &Page<'_>) -> Markup {
    let Scored::Once(s, _) = &page.scored else { return html! {} };
    let Some(g) = s.grade.as_deref() else { return html! {} };
    let say = Render::new(page.lang);
    html! {
        div #grade {
            dt { (say.phrase(Phrase::Grade)) }
            dd { (g.name) }
            dd.why { (say.grade_why(g)) }
            @if let Some(next) = say.grade_next(g) { dd.next { (next) } }
        }
    }
}

/// The bonus in a total, a veto of the whole assessment and what happened to the total.
fn total_notes(s: &UnitScore, say: &Render<'_>) -> Markup {
    let reason = say.total_reason(s);
    html! {
        @if !s.bonus.is_zero() { p.note { (say.total(s)) } }
        @if s.vetoed { p.vetoed { (say.phrase(Phrase::Vetoed)) } }
        @if !reason.is_empty() { p.note { (reason) } }
    }
}

/// The sections that lost points and how many, labelled with the period when there are periods.
fn lost_by_section(s: &UnitScore, period: Option<&str>) -> Vec<(String, Decimal)> {
    let label = |n: &NodeScore| match period {
        Some(p) => format!("{p} · {}", name(n)),
        None => name(n),
    };
    s.children.iter().filter(|n| n.score < n.max).map(|n| (label(n), n.max - n.score)).collect()
}

/// `六.1.4 子女入学入托优待`, or the id alone when it is the title.
fn name(n: &NodeScore) -> String {
    if n.id == n.title || n.title.is_empty() { n.id.to_string() } else { format!("{} {}", n.id, n.title) }
}

/// The row a suggestion raises: `六.2.4 优抚对象年度核查`, the id or the title alone when they are
/// the same, the rubric's title for a veto of the whole assessment.
fn suggested_row(s: &rubric::analysis::whatif::Suggestion) -> String {
    if s.node.is_empty() || s.node == s.title { s.title.clone() } else { format!("{} {}", s.node, s.title) }
}

/// A heading: `h2`, or `h3` inside a period.
fn heading(sub: bool, text: &str) -> Markup {
    html! { @if sub { h3.part { (text) } } @else { h2 { (text) } } }
}

/// One breakdown: its sections, the rows that lost points, and what would raise it.
fn part(s: &UnitScore, raise: Raise<'_>, sub: bool, w: Words, say: &Render<'_>) -> Markup {
    let lost: Vec<&NodeScore> = s.nodes().into_iter().filter(|n| n.kind == NodeKind::Item && n.score < n.max).collect();
    html! {
        section.sections {
            (heading(sub, w.sections()))
            table {
                thead { tr { th { (w.section()) } th.num { (say.phrase(Phrase::Score)) } th.num { (say.phrase(Phrase::Max)) } th.num { (say.phrase(Phrase::Lost)) } } }
                tbody {
                    @for n in &s.children {
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
        section.lost-rows {
            (heading(sub, say.phrase(Phrase::LostRows)))
            @if lost.is_empty() { p { (say.phrase(Phrase::NoLostRows)) } }
            @for n in &lost { (row(n, w, say)) }
        }
        (raise_part(raise, sub, w, say))
    }
}

/// One row that lost points: why, the standard's wording and who answers for it.
fn row(n: &NodeScore, w: Words, say: &Render<'_>) -> Markup {
    let m = &n.meta;
    let joined = |v: &[String]| v.join(say.phrase(Phrase::ListSep));
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
fn raise_part(raise: Raise<'_>, sub: bool, w: Words, say: &Render<'_>) -> Markup {
    let gain = if sub { w.period_gain() } else { w.total_gain() };
    html! {
        @match raise {
            Raise::None => {}
            Raise::Cohort => section.raise { (heading(sub, say.phrase(Phrase::Hints))) p { (say.phrase(Phrase::CohortHints)) } },
            Raise::Suggestions(wi) => section.raise {
                (heading(sub, say.phrase(Phrase::Hints)))
                @if wi.suggestions.is_empty() { p { (say.phrase(Phrase::NoSuggestions)) } } @else {
                    table {
                        thead { tr { th.num { (gain) } th { (w.row()) } th { (w.change()) } } }
                        tbody {
                            @for s in &wi.suggestions {
                                tr {
                                    td.num { @if !s.total_gain.is_sign_negative() { "+" } (text_num(s.total_gain)) }
                                    td { (suggested_row(s)) }
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
