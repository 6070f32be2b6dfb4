//! The text breakdown: a tree of nodes with score / max and the reason for each row,
//! aligned by display width (a CJK character is two columns).

use crate::ui::words;
use rubric::NodeKind as Kind;
use rubric::Rubric;
use rubric::render::Phrase;
use rubric::report::breakdown::{NodeScore, UnitScore};
use rubric::value::text_num;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const LABEL_MAX: usize = 46;

struct Row {
    label: String,
    score: String,
    reason: String,
}

/// Renders one unit's breakdown.
pub fn render(rubric: &Rubric, s: &UnitScore) -> String {
    let mut rows = Vec::new();
    let mut stack: Vec<(&NodeScore, usize)> = s.children.iter().rev().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        let name = if n.id == n.title { n.id.to_string() } else { format!("{} {}", n.id, n.title) };
        let label = format!("{}{name}", "  ".repeat(depth));
        rows.push(Row {
            label: truncate(&label, LABEL_MAX),
            score: format!("{} / {}", text_num(n.score), text_num(n.max)),
            reason: with_grade(reason(n), n.grade.as_deref()),
        });
        stack.extend(n.children.iter().rev().map(|c| (c, depth + 1)));
    }
    let lw = rows.iter().map(|r| r.label.width()).max().unwrap_or(0);
    let sw = rows.iter().map(|r| r.score.width()).max().unwrap_or(0);
    let mut out = String::new();
    out.push_str(&format!("{}\n", rubric.title()));
    let mut total = format!("{} {}    {}", words().phrase(Phrase::Unit), s.unit, words().total(s));
    let root_reason = words().total_reason(s);
    if !root_reason.is_empty() {
        total.push_str(&format!("    {root_reason}"));
    }
    out.push_str(&total);
    out.push('\n');
    out.push_str(&grade_lines(rubric, s.grade.as_deref()));
    out.push('\n');
    for r in rows {
        let line = format!("{}  {}  {}", pad_right(&r.label, lw), pad_left(&r.score, sw), r.reason);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The total's grade, the points to the next grade and, when a grade has a quota, that quotas
/// apply only to units scored together: a line each.
pub fn grade_lines(rubric: &Rubric, g: Option<&rubric::Grade>) -> String {
    let Some(g) = g else { return String::new() };
    let mut out = format!("{}\n", words().grade(g));
    if let Some(next) = words().grade_next(g) {
        out.push_str(&format!("{next}\n"));
    }
    if rubric.has_quotas() && !matches!(g.why, rubric::GradeWhy::Quota { .. }) {
        out.push_str(&format!("{}\n", words().quota_note()));
    }
    out
}

/// A row's reason with its grade after it, when it is graded.
fn with_grade(reason: String, g: Option<&rubric::Grade>) -> String {
    match g {
        Some(g) if reason.is_empty() => words().grade(g),
        Some(g) => format!("{reason}{}{}", words().phrase(Phrase::Semicolon), words().grade(g)),
        None => reason,
    }
}

fn reason(n: &NodeScore) -> String {
    words().reason(n)
}

/// `s` cut to `max` columns of display width, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `s` padded with spaces to `w` columns of display width.
pub fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

/// `s` right-aligned in `w` columns of display width.
pub fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

/// Points lost by one responsible office and person.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OwnerLoss {
    /// 责任股室.
    pub office: String,
    /// 责任人.
    pub person: String,
    /// Points lost on their rows.
    #[serde(serialize_with = "rubric::value::ser_dec")]
    pub lost: rust_decimal::Decimal,
    /// The rows that lost points.
    pub rows: Vec<LostRow>,
}

/// A row that lost points.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LostRow {
    /// The row's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Points lost (max − score).
    #[serde(serialize_with = "rubric::value::ser_dec")]
    pub lost: rust_decimal::Decimal,
    /// Why, in words.
    pub reason: String,
    /// Whether the row has several responsible offices or people.
    pub shared: bool,
}

/// The points lost on rows, grouped by responsible office and person, most lost first.
pub fn owners(s: &UnitScore) -> Vec<OwnerLoss> {
    let mut groups: Vec<OwnerLoss> = Vec::new();
    for n in s.nodes() {
        if n.kind != Kind::Item || n.score >= n.max {
            continue;
        }
        let lost = n.max.saturating_sub(n.score);
        let offices: Vec<String> = if n.meta.office.is_empty() {
            vec![words().phrase(Phrase::NoOffice).into()]
        } else {
            n.meta.office.clone()
        };
        let people: Vec<String> =
            if n.meta.owner.is_empty() { vec![words().phrase(Phrase::NoOwner).into()] } else { n.meta.owner.clone() };
        let shared = offices.len() * people.len() > 1;
        for office in &offices {
            for person in &people {
                let row = LostRow { id: n.id.to_string(), title: n.title.to_string(), lost, reason: reason(n), shared };
                match groups.iter_mut().find(|g| &g.office == office && &g.person == person) {
                    Some(g) => {
                        g.lost = g.lost.saturating_add(lost);
                        g.rows.push(row);
                    }
                    None => {
                        groups.push(OwnerLoss { office: office.clone(), person: person.clone(), lost, rows: vec![row] })
                    }
                }
            }
        }
    }
    groups.sort_by(|a, b| {
        b.lost.cmp(&a.lost).then_with(|| a.office.cmp(&b.office)).then_with(|| a.person.cmp(&b.person))
    });
    groups
}

/// Renders the points lost by office and person.
pub fn render_owners(rubric: &Rubric, s: &UnitScore) -> String {
    let groups = owners(s);
    let mut out = format!("{}\n", rubric.title());
    let (unit, total, by) =
        (words().phrase(Phrase::Unit), words().phrase(Phrase::Total), words().phrase(Phrase::ByOwner));
    let (score, max) = (text_num(s.score), text_num(s.max));
    out.push_str(&format!("{unit} {}    {total} {score} / {max}    {by}\n\n", s.unit));
    if groups.is_empty() {
        out.push_str(&format!("{}\n", words().phrase(Phrase::NoLostRows)));
        return out;
    }
    let mut rows: Vec<Row> = Vec::new();
    for g in &groups {
        rows.push(Row {
            label: format!("{} / {}", g.office, g.person),
            score: format!("{} {}", words().phrase(Phrase::Lost), text_num(g.lost)),
            reason: String::new(),
        });
        for r in &g.rows {
            let label = truncate(&format!("  {} {}", r.id, r.title), LABEL_MAX);
            let shared = if r.shared { words().phrase(Phrase::Shared) } else { "" };
            rows.push(Row {
                label, score: format!("−{}", text_num(r.lost)), reason: format!("{}{shared}", r.reason)
            });
        }
    }
    let lw = rows.iter().map(|r| r.label.width()).max().unwrap_or(0);
    let sw = rows.iter().map(|r| r.score.width()).max().unwrap_or(0);
    for r in rows {
        let line = format!("{}  {}  {}", pad_right(&r.label, lw), pad_left(&r.score, sw), r.reason);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("\n{}\n", words().phrase(Phrase::SharedNote)));
    out
}
