//! Tables of units (`score`, `rank`): the columns that show what the section scores do not — the
//! bonus in the total (加分) and where a veto (一票否决) zeroed a score — and CSV lines in which no
//! text reads as a formula.

use crate::ui::words;
use rubric::Rubric;
use rubric::render::Phrase;

/// Which of the two columns a rubric needs: 加分 when some node has a `bonus` line, 一票否决
/// when some node has a `veto when`. A rubric without them keeps the plain table.
#[derive(Debug, Clone, Copy)]
pub struct Extras {
    pub bonus: bool,
    pub veto: bool,
    /// 等次: the rubric grades its total (the column comes last, after quotas).
    pub grade: bool,
}

impl Extras {
    pub fn of(rubric: &Rubric) -> Self {
        Extras { bonus: rubric.shows_bonus(), veto: rubric.shows_veto(), grade: rubric.has_total_grade() }
    }

    /// The headings, in order.
    pub fn headings(self) -> Vec<String> {
        let mut out = Vec::new();
        if self.bonus {
            out.push(words().phrase(Phrase::Bonus).to_string());
        }
        if self.veto {
            out.push(words().phrase(Phrase::Vetoed).to_string());
        }
        if self.grade {
            out.push(words().phrase(Phrase::Grade).to_string());
        }
        out
    }

    /// The cells of one unit: its bonus and the vetoed nodes, by id (`vetoed` gives the ids,
    /// the rubric itself as the empty id), joined by `、`; the rubric itself is `总分` (as the
    /// total's column is headed; JSON says `total`, as a `test` block does: `expect total`).
    pub fn cells<'a>(self, bonus: rust_decimal::Decimal, vetoed: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut out = Vec::new();
        if self.bonus {
            out.push(rubric::value::show_num(bonus));
        }
        if self.veto {
            let (whole, sep) = (words().phrase(Phrase::Total), words().phrase(Phrase::ListSep));
            out.push(vetoed.map(|id| if id.is_empty() { whole } else { id }).collect::<Vec<_>>().join(sep));
        }
        out
    }

    /// The same as JSON fields: `"bonus": "3"` and `"vetoed": ["total", "三"]`.
    pub fn json<'a>(
        self,
        obj: &mut serde_json::Map<String, serde_json::Value>,
        bonus: rust_decimal::Decimal,
        vetoed: impl Iterator<Item = &'a str>,
    ) {
        if self.bonus {
            obj.insert("bonus".into(), rubric::value::show_num(bonus).into());
        }
        if self.veto {
            let ids: Vec<serde_json::Value> =
                vetoed.map(|id| if id.is_empty() { "total" } else { id }.into()).collect();
            obj.insert("vetoed".into(), serde_json::Value::Array(ids));
        }
    }
}

/// The total's grade of each unit, by name, with the quotas applied across all of `units`
/// (scored together once more, numbers only), and the units that could not be graded; empty when
/// the rubric has no grade of the total.
pub fn grades(
    rubric: &Rubric,
    units: &[rubric::UnitFacts],
) -> (std::collections::HashMap<String, rubric::Grade>, Vec<rubric::EvalError>) {
    if !rubric.has_total_grade() {
        return (std::collections::HashMap::new(), Vec::new());
    }
    let mut scored = rubric.scoring().units(units);
    // Units that could not be scored are reported by the caller's own scoring; only a unit that
    // scored and could not be graded is an error here.
    let scored_ok: Vec<bool> = scored.iter().map(|s| s.outcome.is_ok()).collect();
    let graded = rubric.grade_batch(units, &mut scored);
    let mut errors = Vec::new();
    let mut out = std::collections::HashMap::new();
    for ((s, g), ok) in scored.into_iter().zip(graded).zip(scored_ok) {
        match s.outcome {
            Ok(_) => {
                if let Some((_, g)) = g.into_iter().find(|(id, _)| id.is_empty()) {
                    out.insert(s.unit, g);
                }
            }
            Err(e) if ok => errors.push(e),
            Err(_) => {}
        }
    }
    (out, errors)
}

/// The lines after a table that say who a quota moved and why: `乙  等次：良好（…）`.
pub fn quota_moves<'a>(moves: impl Iterator<Item = (&'a str, &'a rubric::Grade)>) -> String {
    let lines: Vec<String> = moves
        .filter(|(_, g)| matches!(g.why, rubric::GradeWhy::Quota { .. }))
        .map(|(unit, g)| format!("{unit}  {}\n", words().grade(g)))
        .collect();
    if lines.is_empty() { String::new() } else { format!("\n{}", lines.concat()) }
}

/// A text cell for a spreadsheet: text that would run as a formula gets a leading `'`
/// ([`rubric::safe::spreadsheet_text`]). Numbers the tool writes are not passed here.
pub fn text(s: &str) -> String {
    rubric::safe::spreadsheet_text(s).into_owned()
}
