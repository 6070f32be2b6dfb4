//! Benchmarks of the rubric evaluator: generated facts, a hand-written baseline and two peer engines.
//!
//! The subject is the seed 000 rule file `rules/wushen-2024.rubric` (乌审旗 2024, 7 sections,
//! 55 rows, 100 points). [`hand`], [`zen`] and [`rhai`] score the same rubric written by hand in
//! Rust, in zen-expression and in rhai; `tests/agree.rs` proves that all of them give exactly the
//! totals and row scores of [`rubric::Rubric::evaluate`] on generated units ([`generate`]), so the
//! benches in `benches/` compare like with like.
//!
//! Run everything with `bench/run` (about 3 minutes on 2 cores; `bench/run --quick` for a rough
//! figure): criterion's groups `seed000` (per unit: hand, score-only, bind and score, trace,
//! explained, zen, rhai — 1,000 units per iteration), `batch` (`Rubric::score_batch` on 10,000,
//! 50,000 and 100,000 units, 1 and 2 threads) and `parse_check` (`rubric::load` of the seed file
//! and of a generated 10,000-row file, [`rulegen`]), then a markdown table of ratios to `hand`,
//! then the end-to-end benchmark of issue 21 (`bench/e2e`: `rulecheck` on generated facts files,
//! [`e2e`] prints its tables and the measures against their targets).
//!
//! The list benchmark (issue 16) is the group `events`: `tests/program/events.rubric`, a
//! 安全生产 event ledger of 1,000 events a unit ([`events`]), scored by hand ([`events_hand`]),
//! score-only and bound and scored.

pub mod calendar;
pub mod e2e;
pub mod events;
pub mod events_hand;
pub mod facts;
/// `gen` is a reserved word in edition 2024, so the generator's module is `generate`.
#[path = "gen.rs"]
pub mod generate;
pub mod hand;
pub mod rhai;
pub mod rulegen;
pub mod write;
pub mod write_xlsx;
pub mod zen;

use rubric::NodeKind as Kind;
use rubric::{MemoryLoader, Rubric, UnitScore};
use rust_decimal::Decimal;

/// The seed 000 rule file's text.
pub const SEED000: &str = include_str!("../../../rules/wushen-2024.rubric");

/// The 2024 holiday calendar the seed 000 rule file imports (六.2.2's payment deadlines).
pub const CALENDAR: &str = include_str!("../../../rules/calendars/cn-2024.rubric");

/// The name the seed 000 rule file imports the calendar by.
pub const CALENDAR_NAME: &str = "calendars/cn-2024.rubric";

/// The file name the seed 000 rubric is loaded under.
pub const SEED000_NAME: &str = "wushen-2024.rubric";

/// How many rows (items) the seed 000 rubric has.
pub const ROWS: usize = 55;

/// The seed 000 rows, in the order of the rule file.
pub const ROW_IDS: [&str; ROWS] = [
    "一.1",
    "一.2",
    "一.3",
    "一.4",
    "一.5",
    "一.6",
    "一.7",
    "一.8", //
    "二.1.1",
    "二.2.1",
    "二.3.1", //
    "三.1.1",
    "三.2.1",
    "三.2.2",
    "三.3.1",
    "三.4.1",
    "三.4.2",
    "三.4.3.1",
    "三.4.3.2",
    "三.4.3.3",
    "三.4.4", //
    "四.1",
    "四.2",
    "四.3",
    "四.4",
    "四.5",
    "四.6",
    "四.7",
    "四.8", //
    "五.1",
    "五.2",
    "五.3",
    "五.4",
    "五.5",
    "五.6", //
    "六.1.1",
    "六.1.2",
    "六.1.3",
    "六.1.4",
    "六.1.5",
    "六.2.1",
    "六.2.2",
    "六.2.3",
    "六.2.4",
    "六.3.1",
    "六.3.2",
    "六.3.3", //
    "七.1.1",
    "七.2.1",
    "七.2.2",
    "七.2.3",
    "七.2.4",
    "七.2.5",
    "七.2.6",
    "七.2.7",
];

/// A unit's total and the score of every row, in the order of a rubric's row ids ([`ROW_IDS`]
/// for seed 000, [`events::ROW_IDS`] for the list rubric).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores<const N: usize = ROWS> {
    /// The total.
    pub total: Decimal,
    /// The rows' scores.
    pub rows: [Decimal; N],
}

/// Loads and checks the seed 000 rubric.
pub fn seed000() -> Result<Rubric, String> {
    let loader = MemoryLoader::new().with(SEED000_NAME, SEED000).with(CALENDAR_NAME, CALENDAR);
    let load = rubric::load(SEED000_NAME, &loader);
    let problems = format!("{SEED000_NAME} does not load: {:?}", load.report.diagnostics);
    load.into_rubric().ok_or(problems)
}

/// The total and row scores of an explained result, checking that its rows are the seed 000 rows.
pub fn scores_of(score: &UnitScore) -> Result<Scores, String> {
    rows_of(score, &ROW_IDS)
}

/// The index in [`Rubric::nodes`] of every seed 000 row, in [`ROW_IDS`] order.
pub fn row_indices(rubric: &Rubric) -> Result<[usize; ROWS], String> {
    indices_of(rubric, &ROW_IDS)
}

/// The total and row scores of a score-only result ([`Rubric::score`]), rows found by `rows`
/// ([`row_indices`]).
pub fn scores_of_score_only(score: &rubric::Scores, rows: &[usize; ROWS]) -> Result<Scores, String> {
    score_only_rows(score, rows, &ROW_IDS)
}

/// The total and row scores of an explained result, checking that its items are the rows `ids`.
pub fn rows_of<const N: usize>(score: &UnitScore, ids: &[&str; N]) -> Result<Scores<N>, String> {
    let mut rows = [Decimal::ZERO; N];
    let items: Vec<_> = score.nodes().into_iter().filter(|n| n.kind == Kind::Item).collect();
    if items.len() != N {
        return Err(format!("{} rows in the breakdown, not {N}", items.len()));
    }
    for ((slot, node), id) in rows.iter_mut().zip(items).zip(ids) {
        if &*node.id != *id {
            return Err(format!("row `{}` where `{id}` was expected", node.id));
        }
        *slot = node.score;
    }
    Ok(Scores { total: score.score, rows })
}

/// The index in [`Rubric::nodes`] of every row of `ids`, in their order.
pub fn indices_of<const N: usize>(rubric: &Rubric, ids: &[&str; N]) -> Result<[usize; N], String> {
    let mut out = [0; N];
    for (slot, id) in out.iter_mut().zip(ids) {
        *slot = rubric.node(id).map(|n| n.index()).ok_or_else(|| format!("no row `{id}`"))?;
    }
    Ok(out)
}

/// The total and row scores of a score-only result, the rows `ids` found at `rows` ([`indices_of`]).
pub fn score_only_rows<const N: usize>(
    score: &rubric::Scores,
    rows: &[usize; N],
    ids: &[&str; N],
) -> Result<Scores<N>, String> {
    let mut out = [Decimal::ZERO; N];
    for ((slot, idx), id) in out.iter_mut().zip(rows).zip(ids) {
        *slot = score.node(*idx).ok_or_else(|| format!("row `{id}` has no score"))?;
    }
    Ok(Scores { total: score.total(), rows: out })
}

/// The total and row scores of a trace ([`Rubric::trace`]), rows found by `rows`
/// ([`row_indices`]).
pub fn scores_of_trace(trace: &rubric::Trace, rows: &[usize; ROWS]) -> Result<Scores, String> {
    let mut out = [Decimal::ZERO; ROWS];
    for ((slot, idx), id) in out.iter_mut().zip(rows).zip(ROW_IDS) {
        *slot = trace.node_score(*idx).ok_or_else(|| format!("row `{id}` was not scored"))?;
    }
    Ok(Scores { total: trace.total(), rows: out })
}
