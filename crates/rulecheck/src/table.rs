//! Tables of units (`score`, `rank`): the columns that show what the section scores do not — the
//! bonus in the total (加分) and where a veto (一票否决) zeroed a score — and CSV lines in which no
//! text reads as a formula.

use crate::ui::words;

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
