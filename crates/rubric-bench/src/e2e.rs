//! The figures and tables of the end-to-end benchmark (`src/bin/e2e.rs`, issue 21), apart from measuring them.
//!
//! The driver measures commands under `peak` and fills a [`Report`]; [`Report::write`] prints
//! it as markdown: `rulecheck score` against the bare passes, growth with units, `eval --format
//! json` against criterion's `hand`, and a summary of issue 21's measures, each with its target
//! and whether it is met ([`summary`]), so docs/performance.md can take the output as it is.
//! Keeping the tables here lets `tests/e2e_report.rs` check them on made-up figures, with
//! nothing timed. Times are measurements (floating point); no score passes through here.

pub mod summary;

use crate::write::Format;
use std::io::{self, Write};
use std::path::Path;

/// One measured run of a command.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Run {
    /// Wall time, seconds.
    pub secs: f64,
    /// Peak resident set, KiB.
    pub kib: u64,
    /// Exit code (-1: ended by a signal).
    pub code: i32,
    /// CPU time, user and system, of all threads, seconds.
    pub cpu: f64,
}

impl Run {
    /// Whether the command succeeded.
    pub fn ok(&self) -> bool {
        self.code == 0
    }
}

/// The median of some runs (of one run, that run): time, CPU time and peak memory each their own median, the worst exit code.
pub fn median(runs: &[Run]) -> Option<Run> {
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let secs = mid(runs.iter().map(|r| r.secs).collect())?;
    let mut kib: Vec<u64> = runs.iter().map(|r| r.kib).collect();
    kib.sort_unstable();
    let kib = kib.get(kib.len() / 2).copied()?;
    let code = runs.iter().map(|r| r.code).find(|c| *c != 0).unwrap_or(0);
    let cpu = mid(runs.iter().map(|r| r.cpu).collect())?;
    Some(Run { secs, kib, code, cpu })
}

/// One facts file's figures: its bare pass and `rulecheck score` on 1 and 2 threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The file's format.
    pub format: Format,
    /// Units in the file.
    pub units: usize,
    /// Bytes of the file (with its list tables).
    pub bytes: u64,
    /// The bare pass (`bare_csv`, `bare_json`).
    pub base: Run,
    /// `score --threads 1`.
    pub one: Run,
    /// `score --threads 2`.
    pub two: Run,
}

impl Row {
    /// Wall time a unit on 1 thread, µs.
    fn us(&self, run: &Run) -> f64 {
        run.secs * 1e6 / self.units.max(1) as f64
    }

    /// CPU time a unit, µs.
    fn cpu_us(&self, run: &Run) -> f64 {
        run.cpu * 1e6 / self.units.max(1) as f64
    }

    /// Whether every command of the row succeeded.
    pub fn ok(&self) -> bool {
        self.base.ok() && self.one.ok() && self.two.ok()
    }
}

/// A file that was not measured, and why (e.g. not enough free disk).
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// The file's format.
    pub format: Format,
    /// Units it would have held.
    pub units: usize,
    /// Why it was not measured.
    pub why: String,
}

/// Criterion's medians a unit (ns) from the `seed000` group of the same `bench/run`, where found.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Criterion {
    /// `seed000/hand`: the rubric written by hand in Rust.
    pub hand: Option<f64>,
    /// `seed000/score_only`.
    pub score_only: Option<f64>,
    /// `seed000/eval_json`: a unit's JSON explanation, in process.
    pub eval_json: Option<f64>,
}

impl Criterion {
    /// Reads `seed000/{hand,score_only,eval_json}` under criterion's folder (`target/criterion`).
    pub fn read(dir: &Path) -> Self {
        Self {
            hand: criterion_per_unit(dir, "hand"),
            score_only: criterion_per_unit(dir, "score_only"),
            eval_json: criterion_per_unit(dir, "eval_json"),
        }
    }

    /// `x` ÷ `hand`, where both are known.
    pub fn ratio(&self, x: Option<f64>) -> Option<f64> {
        match (x, self.hand) {
            (Some(x), Some(h)) if h > 0.0 => Some(x / h),
            _ => None,
        }
    }
}

/// Criterion's median per unit (ns) of `seed000/NAME`, when `bench/run` has measured it.
fn criterion_per_unit(dir: &Path, name: &str) -> Option<f64> {
    let read = |f: &str| -> Option<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(dir.join("seed000").join(name).join("new").join(f)).ok()?).ok()
    };
    let median = read("estimates.json")?.get("median")?.get("point_estimate")?.as_f64()?;
    let units = read("benchmark.json")?.get("throughput")?.get("Elements")?.as_u64()?;
    (units > 0).then(|| median / units as f64)
}

/// `rulecheck eval RULES FILE --format json` on a CSV file of `units` units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EvalRun {
    /// Units in the file.
    pub units: usize,
    /// The median run (`--threads 1`).
    pub run: Run,
    /// The median run on `--threads 2`, when measured.
    pub two: Option<Run>,
}

impl EvalRun {
    /// Wall time a unit, ns.
    pub fn per_unit_ns(&self) -> f64 {
        self.run.secs * 1e9 / self.units.max(1) as f64
    }
}

/// Everything one run of the driver measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// The measured files, CSV first, in order of size.
    pub rows: Vec<Row>,
    /// The files not measured.
    pub skipped: Vec<Skipped>,
    /// `eval --format json`, when asked for.
    pub eval: Option<EvalRun>,
    /// Criterion's figures of the same run.
    pub criterion: Criterion,
    /// `/proc/loadavg` before and after.
    pub load: (String, String),
    /// Where the measured commands' standard error went.
    pub log: String,
}

impl Report {
    /// The whole report as markdown: the tables, then the summary against issue 21's measures.
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        score_table(&self.rows, w)?;
        growth_table(&self.rows, w)?;
        for s in &self.skipped {
            writeln!(w, "Not measured: {} of {} units: {}.\n", name(s.format), thousands(s.units), s.why)?;
        }
        criterion_table(&self.criterion, w)?;
        if let Some(ev) = &self.eval {
            eval_table(ev, &self.criterion, w)?;
        }
        summary::write(self, w)?;
        writeln!(
            w,
            "Load average (1, 5, 15 min, from `/proc/loadavg`) before: `{}`, after: `{}`.\n",
            self.load.0, self.load.1
        )?;
        writeln!(w, "Standard error of the measured commands: `{}`.", self.log)
    }
}

/// Peak memory in MB (MiB), rounded.
pub fn mb(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

/// A wall time, with the exit code when the command failed.
pub fn secs(r: &Run) -> String {
    let t = if r.secs < 1.0 { format!("{:.0} ms", r.secs * 1e3) } else { format!("{:.2} s", r.secs) };
    if r.ok() { t } else { format!("{t} (exit {})", r.code) }
}

/// A CPU time.
fn cpu(r: &Run) -> String {
    if r.cpu < 1.0 { format!("{:.0} ms", r.cpu * 1e3) } else { format!("{:.2} s", r.cpu) }
}

/// A time in ns, in the unit that reads best.
pub fn ns(t: f64) -> String {
    if t < 1e3 {
        format!("{t:.0} ns")
    } else if t < 1e6 {
        format!("{:.2} µs", t / 1e3)
    } else {
        format!("{:.2} ms", t / 1e6)
    }
}

/// The format's name in the tables.
pub fn name(f: Format) -> &'static str {
    match f {
        Format::Csv => "CSV",
        Format::Json => "JSON",
        Format::Jsonl => "JSON Lines",
    }
}

/// `n` with thousands separators.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `a ÷ b` as `1.2×`, or `–` when `b` is not positive.
pub fn times(a: f64, b: f64) -> String {
    if b > 0.0 { format!("{:.1}×", a / b) } else { "–".into() }
}

/// The table of times and memory, each as a ratio to its file's bare pass.
fn score_table(rows: &[Row], w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "### `rulecheck score` against a bare pass over the same file\n")?;
    writeln!(
        w,
        "| input | units | MB | bare pass, wall / CPU | score, 1 thread, wall / CPU | × bare, wall / CPU | score, 2 threads, wall / CPU | × bare, wall / CPU | 2 threads ÷ 1, wall | peak MB, 1 / 2 threads | bare peak MB |"
    )?;
    writeln!(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")?;
    for r in rows {
        writeln!(
            w,
            "| {} | {} | {:.0} | {} / {} | {} / {} | {} / {} | {} / {} | {} / {} | {:.2}× | {} / {} | {} |",
            name(r.format),
            thousands(r.units),
            r.bytes as f64 / 1e6,
            secs(&r.base),
            cpu(&r.base),
            secs(&r.one),
            cpu(&r.one),
            times(r.one.secs, r.base.secs),
            times(r.one.cpu, r.base.cpu),
            secs(&r.two),
            cpu(&r.two),
            times(r.two.secs, r.base.secs),
            times(r.two.cpu, r.base.cpu),
            if r.two.secs > 0.0 { r.one.secs / r.two.secs } else { 0.0 },
            mb(r.one.kib),
            mb(r.two.kib),
            mb(r.base.kib),
        )?;
    }
    writeln!(w)
}

/// Time per unit and memory across sizes, for each input.
fn growth_table(rows: &[Row], w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "### Growth with units: time a unit and peak memory\n")?;
    writeln!(
        w,
        "| input | units | µs a unit, 1 thread, wall / CPU | µs a unit, 2 threads, wall / CPU | µs a unit, bare, wall / CPU | peak MB, 1 thread | peak MB, 2 threads |"
    )?;
    writeln!(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |")?;
    for r in rows {
        writeln!(
            w,
            "| {} | {} | {:.2} / {:.2} | {:.2} / {:.2} | {:.2} / {:.2} | {} | {} |",
            name(r.format),
            thousands(r.units),
            r.us(&r.one),
            r.cpu_us(&r.one),
            r.us(&r.two),
            r.cpu_us(&r.two),
            r.us(&r.base),
            r.cpu_us(&r.base),
            mb(r.one.kib),
            mb(r.two.kib),
        )?;
    }
    writeln!(w)
}

/// Criterion's `seed000` figures this report divides by.
fn criterion_table(c: &Criterion, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "### Criterion, `seed000`, a unit (this run)\n")?;
    writeln!(w, "| benchmark | a unit | ÷ hand |\n| --- | ---: | ---: |")?;
    for (bench, x) in [("hand", c.hand), ("score_only", c.score_only), ("eval_json", c.eval_json)] {
        let ratio = c.ratio(x).map_or("–".into(), |r| format!("{r:.1}×"));
        let t = x.map_or("– (no criterion result: run bench/run)".into(), ns);
        writeln!(w, "| {bench} | {t} | {ratio} |")?;
    }
    writeln!(w)
}

/// `eval --format json` per unit against the hand-written rubric.
fn eval_table(ev: &EvalRun, c: &Criterion, w: &mut impl Write) -> io::Result<()> {
    let ratio = |x: Option<f64>| c.ratio(x).map_or("–".into(), |r| format!("{r:.0}×"));
    writeln!(w, "### `rulecheck eval --format json` against the hand-written rubric, a unit\n")?;
    writeln!(
        w,
        "| units | wall | CPU | peak MB | a unit, wall | hand a unit (criterion) | eval ÷ hand | criterion `eval_json` ÷ hand |"
    )?;
    writeln!(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")?;
    let label = |threads: &str| match ev.two {
        Some(_) => format!("{} ({threads})", thousands(ev.units)),
        None => thousands(ev.units),
    };
    let two = ev.two.map(|r| (label("2 threads"), r));
    for (units, run) in std::iter::once((label("1 thread"), ev.run)).chain(two) {
        let per_unit = run.secs * 1e9 / ev.units.max(1) as f64;
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            units,
            secs(&run),
            cpu(&run),
            mb(run.kib),
            ns(per_unit),
            c.hand.map_or("–".into(), ns),
            ratio(Some(per_unit)),
            ratio(c.eval_json),
        )?;
    }
    writeln!(w)
}
