//! Prints criterion's results of the rubric benches as markdown tables, as ratios to the hand-written baseline of the same run.
//!
//! Usage: `report [CRITERION_DIR]` (default `$CARGO_TARGET_DIR/criterion` or `target/criterion`).
//! Reads `<group>/<bench>/new/benchmark.json` (ids, throughput) and `new/estimates.json` (times
//! in ns) for every bench, and reports the median of the samples. Timing statistics are
//! floating point by nature; no score passes through here.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One benchmark's result. Times are criterion's floating-point nanosecond estimates, read from
/// its JSON and shown rounded: measurements, never points, rates or money, which stay decimal.
#[derive(Debug, Clone)]
struct Bench {
    group: String,
    name: String,
    /// Median time per iteration, ns.
    median: f64,
    /// Median absolute deviation, ns.
    mad: f64,
    /// Elements (units) per iteration.
    elements: Option<u64>,
    /// Bytes per iteration.
    bytes: Option<u64>,
}

impl Bench {
    /// Median time per unit, ns.
    fn per_unit(&self) -> Option<f64> {
        self.elements.filter(|n| *n > 0).map(|n| self.median / n as f64)
    }
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn estimate(v: &Value, key: &str) -> Option<f64> {
    v.get(key)?.get("point_estimate")?.as_f64()
}

/// Every `…/new/benchmark.json` under `dir`, with its estimates.
fn collect(dir: &Path, out: &mut Vec<Bench>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let meta = path.join("new").join("benchmark.json");
        if meta.is_file() {
            let m = read_json(&meta)?;
            let e = read_json(&path.join("new").join("estimates.json"))?;
            let text = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            let throughput = m.get("throughput");
            let count = |k: &str| throughput.and_then(|t| t.get(k)).and_then(Value::as_u64);
            out.push(Bench {
                group: text("group_id"),
                name: text("function_id"),
                median: estimate(&e, "median").ok_or_else(|| format!("{}: no median", path.display()))?,
                mad: estimate(&e, "median_abs_dev").unwrap_or(0.0),
                elements: count("Elements"),
                bytes: count("Bytes").or_else(|| count("BytesDecimal")),
            });
        } else if path.file_name().is_some_and(|n| n != "report") {
            collect(&path, out)?;
        }
    }
    Ok(())
}

/// A duration in ns, in the unit that reads best.
fn time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// A rate with thousands separators.
fn per_second(n: f64) -> String {
    let whole = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ratio(x: Option<f64>, base: Option<f64>) -> String {
    match (x, base) {
        (Some(x), Some(b)) if b > 0.0 => format!("{:.1}×", x / b),
        _ => "–".into(),
    }
}

/// The order rows are shown in within the seed000 group.
const SEED000_ORDER: [&str; 9] = [
    "hand",
    "score_only",
    "bind_and_score",
    "explained_trace",
    "evaluate_explained",
    "eval_json",
    "eval_json_tree",
    "zen",
    "rhai",
];

/// The order rows are shown in within the events group.
const EVENTS_ORDER: [&str; 3] = ["hand", "score_only", "bind_and_score"];

/// The list benchmark (group `events`): per unit of 1,000 events, as ratios to that group's own
/// hand-written baseline.
fn events_table(benches: &[Bench], w: &mut impl Write) -> std::io::Result<()> {
    let mut events: Vec<&Bench> = benches.iter().filter(|b| b.group == "events").collect();
    if events.is_empty() {
        return Ok(());
    }
    events.sort_by_key(|b| {
        (EVENTS_ORDER.iter().position(|n| *n == b.name).unwrap_or(EVENTS_ORDER.len()), b.name.clone())
    });
    let hand = events.iter().find(|b| b.name == "hand").and_then(|b| b.per_unit());
    let units = events.first().and_then(|b| b.elements).unwrap_or(0);
    writeln!(
        w,
        "### Per unit: list rubric (tests/program/events.rubric, 21 rows, 1,000 events a unit), {units} units per iteration\n"
    )?;
    writeln!(w, "Ratios here are to this group's own `hand`: the list rubric written by hand in Rust.\n")?;
    per_unit_table(&events, hand, w)
}

/// A table of benches per unit, each with its ratio to `hand`, and a blank line after it.
fn per_unit_table(benches: &[&Bench], hand: Option<f64>, w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "| engine | per unit | ± | units/s | × hand |")?;
    writeln!(w, "| --- | ---: | ---: | ---: | ---: |")?;
    for b in benches {
        let n = b.elements.unwrap_or(1).max(1) as f64;
        let pu = b.median / n;
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            b.name,
            time(pu),
            time(b.mad / n),
            per_second(1e9 / pu),
            ratio(Some(pu), hand)
        )?;
    }
    writeln!(w)
}

fn report(benches: &[Bench], w: &mut impl Write) -> std::io::Result<()> {
    let hand = benches.iter().find(|b| b.group == "seed000" && b.name == "hand").and_then(Bench::per_unit);
    writeln!(w, "Median of criterion's samples; ± is the median absolute deviation. Ratios are to `hand`")?;
    writeln!(w, "(the seed 000 rubric written by hand in Rust) measured in the same run.\n")?;

    let mut seed: Vec<&Bench> = benches.iter().filter(|b| b.group == "seed000").collect();
    seed.sort_by_key(|b| {
        (SEED000_ORDER.iter().position(|n| *n == b.name).unwrap_or(SEED000_ORDER.len()), b.name.clone())
    });
    if !seed.is_empty() {
        let units = seed.first().and_then(|b| b.elements).unwrap_or(0);
        writeln!(w, "### Per unit: seed 000 rubric (乌审旗 2024, 55 rows), {units} units per iteration\n")?;
        per_unit_table(&seed, hand, w)?;
    }

    events_table(benches, w)?;

    let mut batch: Vec<&Bench> = benches.iter().filter(|b| b.group == "batch").collect();
    batch.sort_by_key(|b| (b.name.contains("2thread"), b.elements, b.name.clone()));
    if !batch.is_empty() {
        writeln!(w, "### Batch: seed 000 rubric, generated units\n")?;
        writeln!(w, "| benchmark | units | time | ± | per unit | units/s | × hand per unit |")?;
        writeln!(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")?;
        for b in batch {
            let pu = b.per_unit();
            writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} |",
                b.name,
                b.elements.map(|n| per_second(n as f64)).unwrap_or_default(),
                time(b.median),
                time(b.mad),
                pu.map(time).unwrap_or_default(),
                pu.map(|p| per_second(1e9 / p)).unwrap_or_default(),
                ratio(pu, hand)
            )?;
        }
        writeln!(w)?;
    }

    let parse: Vec<&Bench> = benches.iter().filter(|b| b.group == "parse_check").collect();
    if !parse.is_empty() {
        writeln!(w, "### Parse and check (`rubric::load`)\n")?;
        writeln!(w, "| file | bytes | time | ± | MB/s |")?;
        writeln!(w, "| --- | ---: | ---: | ---: | ---: |")?;
        for b in parse {
            let bytes = b.bytes.unwrap_or(0) as f64;
            let mbs = if b.median > 0.0 { format!("{:.1}", bytes / b.median * 1e3) } else { "–".into() };
            writeln!(w, "| {} | {} | {} | {} | {mbs} |", b.name, per_second(bytes), time(b.median), time(b.mad))?;
        }
        writeln!(w)?;
    }

    let mut rows: Vec<&Bench> = benches.iter().filter(|b| b.group == "rows").collect();
    rows.sort_by_key(|b| b.elements);
    if !rows.is_empty() {
        writeln!(w, "### Growth with rows: score-only, generated rubrics, {} units each\n", 20)?;
        writeln!(
            w,
            "| benchmark | rows scored per iteration | time | ± | per row |\n| --- | ---: | ---: | ---: | ---: |"
        )?;
        for b in rows {
            let per_row = b.per_unit().map(time).unwrap_or_else(|| "–".into());
            let n = b.elements.unwrap_or(0) as f64;
            writeln!(w, "| {} | {} | {} | {} | {per_row} |", b.name, per_second(n), time(b.median), time(b.mad))?;
        }
        writeln!(w)?;
    }

    let others: Vec<&Bench> = benches
        .iter()
        .filter(|b| !["seed000", "events", "batch", "parse_check", "rows"].contains(&b.group.as_str()))
        .collect();
    if !others.is_empty() {
        writeln!(w, "### Other\n\n| group | benchmark | time | ± |\n| --- | --- | ---: | ---: |")?;
        for b in others {
            writeln!(w, "| {} | {} | {} | {} |", b.group, b.name, time(b.median), time(b.mad))?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let dir = std::env::args_os().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target"));
        target.join("criterion")
    });
    let mut benches = Vec::new();
    let mut err = std::io::stderr();
    if let Err(e) = collect(&dir, &mut benches) {
        let _ = writeln!(err, "report: {e}");
        return ExitCode::from(2);
    }
    if benches.is_empty() {
        let _ = writeln!(err, "report: no criterion results under {}", dir.display());
        return ExitCode::from(1);
    }
    benches.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
    let mut out = std::io::stdout().lock();
    match report(&benches, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "report: {e}");
            ExitCode::from(2)
        }
    }
}
