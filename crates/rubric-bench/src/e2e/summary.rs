//! Issue 21's measures against one run's figures: a table "measure | target | figure | met?".
//!
//! Each measure is taken where the issue takes it: `score` at 1,000,000 units (or, when that
//! size was not run, at the largest measured, and the verdict says so), `eval --format json` on
//! 100,000 units. "Time linear" and "memory flat" need a definition to be decided: the CPU time a
//! unit (1 thread) at the largest size is at most [`LINEAR`] times that at the smallest, and the
//! peak memory (the larger of 1 and 2 threads) at the largest size at most [`FLAT`] times that at
//! the smallest. A command that failed makes its measure "no", never a figure.

use super::{Report, Row, mb, name, ns, thousands};
use crate::write::Format;
use std::io::{self, Write};

/// `score` ÷ the bare pass, at most (CSV and JSON).
pub const BARE: f64 = 3.0;
/// 2 threads ÷ 1, at least (CSV).
pub const THREADS: f64 = 1.7;
/// Peak memory, MB (MiB), under.
pub const PEAK_MB: u64 = 300;
/// `eval --format json` a unit ÷ `hand`, at most.
pub const EVAL_HAND: f64 = 12.0;
/// CPU a unit at the largest size ÷ at the smallest, at most ("time linear in units").
pub const LINEAR: f64 = 1.5;
/// Peak memory at the largest size ÷ at the smallest, at most ("memory flat in units").
pub const FLAT: f64 = 2.0;
/// The units `score`'s measures are taken at.
pub const SCORE_UNITS: usize = 1_000_000;
/// The units `eval`'s measure is taken at.
pub const EVAL_UNITS: usize = 100_000;

/// One line of the summary.
struct Line {
    measure: String,
    target: String,
    figure: String,
    met: String,
}

/// `yes`/`no`, with where it was taken when that is not where the issue takes it.
fn verdict(ok: bool, units: usize, wanted: usize) -> String {
    let v = if ok { "yes" } else { "no" };
    if units == wanted {
        v.into()
    } else {
        format!("{v}, at {} units ({} not run)", thousands(units), thousands(wanted))
    }
}

/// The verdict of a row whose commands failed.
fn failed(r: &Row) -> Option<String> {
    let code = [r.base, r.one, r.two].iter().map(|x| x.code).find(|c| *c != 0)?;
    Some(format!("no: a command failed (exit {code}), see the log"))
}

/// The rows of a format, in order of units.
fn rows_of(report: &Report, format: Format) -> Vec<&Row> {
    let mut rows: Vec<&Row> = report.rows.iter().filter(|r| r.format == format).collect();
    rows.sort_by_key(|r| r.units);
    rows
}

fn not_measured(measure: String, target: String, why: &str) -> Line {
    Line { measure, target, figure: "–".into(), met: format!("not measured ({why})") }
}

/// `score` ÷ the bare pass at the largest size, and (CSV) 2 threads ÷ 1.
fn against_bare(rows: &[&Row], format: Format, bare: &str, out: &mut Vec<Line>) {
    let measure = format!("`score`, {} units, {} ÷ {bare}", thousands(SCORE_UNITS), name(format));
    let target = format!("≤ {BARE}×");
    let Some(r) = rows.last() else {
        return out.push(not_measured(measure, target, "no file"));
    };
    let (one, two) = (r.one.secs / r.base.secs, r.two.secs / r.base.secs);
    out.push(Line {
        measure,
        target,
        figure: format!(
            "{one:.1}× (1 thread), {two:.1}× (2 threads) in wall time; {:.1}× in CPU time (1 thread)",
            r.one.cpu / r.base.cpu
        ),
        met: failed(r).unwrap_or_else(|| verdict(one.min(two) <= BARE, r.units, SCORE_UNITS)),
    });
    if format == Format::Csv {
        let gain = r.one.secs / r.two.secs;
        out.push(Line {
            measure: "`score`, CSV, 2 threads ÷ 1 thread".into(),
            target: format!("≥ {THREADS}×"),
            figure: format!("{gain:.2}× in wall time"),
            met: failed(r).unwrap_or_else(|| verdict(gain >= THREADS, r.units, SCORE_UNITS)),
        });
    }
}

/// Peak memory at every size, and its growth and the time's from the smallest to the largest.
fn growth(rows: &[&Row], format: Format, out: &mut Vec<Line>) {
    let peak = |r: &Row| r.one.kib.max(r.two.kib);
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else { return };
    let worst = rows.iter().copied().max_by_key(|r| peak(r)).unwrap_or(last);
    out.push(Line {
        measure: format!("peak memory, `score`, {}", name(format)),
        target: format!("< {PEAK_MB} MB"),
        figure: format!("{} MB at most (at {} units)", mb(peak(worst)), thousands(worst.units)),
        met: rows
            .iter()
            .find_map(|r| failed(r))
            .unwrap_or_else(|| verdict(peak(worst) < PEAK_MB * 1024, last.units, SCORE_UNITS)),
    });
    let (time, memory) =
        (format!("time linear in units, {}", name(format)), format!("memory flat in units, {}", name(format)));
    let linear = format!("CPU a unit (1 thread) at the largest ≤ {LINEAR}× at the smallest");
    let flat = format!("peak at the largest ≤ {FLAT}× at the smallest");
    if rows.len() < 2 {
        out.push(not_measured(time, linear, "one size"));
        return out.push(not_measured(memory, flat, "one size"));
    }
    let cpu = |r: &Row| r.one.cpu * 1e6 / r.units.max(1) as f64;
    let sizes = format!("{} → {} units", thousands(first.units), thousands(last.units));
    let t = cpu(last) / cpu(first);
    out.push(Line {
        measure: time,
        target: linear,
        figure: format!("{:.2} → {:.2} µs ({sizes}): {t:.2}×", cpu(first), cpu(last)),
        met: rows.iter().find_map(|r| failed(r)).unwrap_or_else(|| verdict(t <= LINEAR, last.units, SCORE_UNITS)),
    });
    let m = peak(last) as f64 / peak(first).max(1) as f64;
    out.push(Line {
        measure: memory,
        target: flat,
        figure: format!("{} → {} MB ({sizes}): {m:.2}×", mb(peak(first)), mb(peak(last))),
        met: rows.iter().find_map(|r| failed(r)).unwrap_or_else(|| verdict(m <= FLAT, last.units, SCORE_UNITS)),
    });
}

/// `eval --format json` a unit ÷ `hand`, and criterion's in-process `eval_json` beside it.
fn eval(report: &Report, out: &mut Vec<Line>) {
    let measure = format!("`eval --format json`, {} units, a unit ÷ `hand`", thousands(EVAL_UNITS));
    let target = format!("≤ {EVAL_HAND}×");
    match (&report.eval, report.criterion.hand) {
        (None, _) => out.push(not_measured(measure, target, "`--eval-units 0`")),
        (Some(_), None) => out.push(not_measured(measure, target, "no criterion `seed000/hand`: run bench/run")),
        (Some(ev), Some(hand)) => {
            let r = ev.per_unit_ns() / hand;
            let met = if ev.run.ok() {
                verdict(r <= EVAL_HAND, ev.units, EVAL_UNITS)
            } else {
                format!("no: `eval` failed (exit {}), see the log", ev.run.code)
            };
            let figure = format!("{r:.0}× ({} ÷ {} of criterion's `hand`, this run)", ns(ev.per_unit_ns()), ns(hand));
            out.push(Line { measure, target, figure, met });
        }
    }
    if let Some(r) = report.criterion.ratio(report.criterion.eval_json) {
        out.push(Line {
            measure: "criterion `seed000/eval_json` ÷ `hand` (in process, no file read or written)".into(),
            target: "– (beside the above)".into(),
            figure: format!("{r:.0}×"),
            met: "–".into(),
        });
    }
}

/// Writes the summary table.
pub fn write(report: &Report, w: &mut impl Write) -> io::Result<()> {
    let mut lines = Vec::new();
    let (csv, json) = (rows_of(report, Format::Csv), rows_of(report, Format::Json));
    against_bare(&csv, Format::Csv, "the bare `csv` pass", &mut lines);
    against_bare(&json, Format::Json, "the bare serde_json pass", &mut lines);
    growth(&csv, Format::Csv, &mut lines);
    growth(&json, Format::Json, &mut lines);
    eval(report, &mut lines);
    writeln!(w, "### Issue 21's measures, this run\n")?;
    writeln!(w, "| measure | target | figure | met? |\n| --- | --- | --- | --- |")?;
    for l in lines {
        writeln!(w, "| {} | {} | {} | {} |", l.measure, l.target, l.figure, l.met)?;
    }
    writeln!(w)
}
