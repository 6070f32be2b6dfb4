//! The per-row table of a comparison and the share of identical rows.

use crate::compare::{Verdict, Why};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// One row's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct RowReport {
    /// The row's id.
    pub id: String,
    /// Its title (the hand file's when both have it).
    pub title: String,
    /// What was found.
    pub verdict: Verdict,
    /// The hand file's group compared with the draft's row of its id, when the draft has one row
    /// where the hand file has several.
    pub via: Option<String>,
}

/// Every row of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The draft file.
    pub draft: String,
    /// The hand-written file.
    pub hand: String,
    /// The hand file's rows in its order, then the draft's rows the hand file lacks.
    pub rows: Vec<RowReport>,
}

impl Measure {
    /// Rows identical, and the hand file's scoring rows.
    pub fn identical(&self) -> (usize, usize) {
        let scoring = self.rows.iter().filter(|r| r.verdict != Verdict::MissingInHand).count();
        let same = self.rows.iter().filter(|r| matches!(r.verdict, Verdict::Identical { .. })).count();
        (same, scoring)
    }

    /// The share of the hand file's scoring rows that are identical, as an exact percent
    /// (`None` when the hand file has no rows).
    pub fn share(&self) -> Option<Decimal> {
        let (same, all) = self.identical();
        (all > 0).then(|| Decimal::from(same) * Decimal::ONE_HUNDRED / Decimal::from(all))
    }

    /// The ids of the rows with `verdict`'s kind.
    pub fn ids(&self, pick: fn(&Verdict) -> bool) -> Vec<&str> {
        self.rows.iter().filter(|r| pick(&r.verdict)).map(|r| r.id.as_str()).collect()
    }

    /// The table as text: one line a row, then the share.
    pub fn table(&self) -> String {
        let mut out = format!("draft: {}\nhand:  {}\n", self.draft, self.hand);
        for r in &self.rows {
            let via = r.via.as_ref().map_or(String::new(), |g| format!(" (as the draft's {g})"));
            let _ = writeln!(out, "{}\t{}{via}\t{}", r.id, word(&r.verdict), detail(&r.verdict));
        }
        let (same, all) = self.identical();
        let share = self.share().map_or("-".to_string(), |s| format!("{}%", s.round_dp(1).normalize()));
        let _ = writeln!(out, "identical: {same} / {all} scoring rows ({share})");
        out
    }
}

/// The verdict in one word.
fn word(v: &Verdict) -> &'static str {
    match v {
        Verdict::Identical { .. } => "identical",
        Verdict::Differs(_) => "differs",
        Verdict::Judged => "judged in the draft",
        Verdict::MissingInDraft => "missing in the draft",
        Verdict::MissingInHand => "missing in the hand file",
    }
}

/// What a verdict rests on: the correspondence, or a counterexample.
fn detail(v: &Verdict) -> String {
    match v {
        Verdict::Identical { pairs, samples } => {
            let p: Vec<String> = pairs.iter().filter(|(d, h)| d != h).map(|(d, h)| format!("{d}↔{h}")).collect();
            format!("{samples} samples{}", if p.is_empty() { String::new() } else { format!("; {}", p.join(", ")) })
        }
        Verdict::Differs(Why::Inputs { draft, hand }) => {
            format!("inputs do not correspond: draft [{}], hand [{}]", draft.join(", "), hand.join(", "))
        }
        Verdict::Differs(Why::TooMany(k)) => format!("reads {k} inputs, more than are searched"),
        Verdict::Differs(Why::Unscored(e)) => format!("the hand row scored on no sample: {e}"),
        Verdict::Differs(Why::Sample { given, draft, hand, agreed }) => {
            let g: Vec<String> = given
                .iter()
                .map(|g| {
                    let mut v = g.value.as_ref().map_or("(base)".to_string(), ToString::to_string);
                    if let Some(dv) = &g.draft_value {
                        v = format!("{v} → {dv}");
                    }
                    if g.draft == g.hand { format!("{}={v}", g.hand) } else { format!("{}={v} ({})", g.hand, g.draft) }
                })
                .collect();
            let s = |x: &crate::side::Score| {
                x.as_ref().map_or_else(|e| format!("error: {e}"), |d| d.normalize().to_string())
            };
            format!("{}: draft {}, hand {} (after {agreed} agreeing samples)", g.join(", "), s(draft), s(hand))
        }
        Verdict::Judged | Verdict::MissingInDraft | Verdict::MissingInHand => String::new(),
    }
}
