//! The end-to-end benchmark (issue 21): `rulecheck score` and `eval` on generated facts files against bare reading passes, as markdown tables.
//!
//! `e2e [--sizes 10000,100000,1000000] [--json-sizes …] [--runs 3] [--big-runs N] [--eval-units 100000]
//! [--dir DIR] [--bin target/release] [--rules rules/wushen-2024.rubric] [--criterion DIR]
//! [--log FILE] [--keep]`
//!
//! For each size, writes seed 000 units ([`rubric_bench::write`]) as CSV (with its list table)
//! and as JSON into `--dir`, then times, `--runs` times each and interleaved, under `peak`
//! (wall time and the kernel's peak resident set): the bare pass (`bare_csv`, `bare_json`),
//! `rulecheck score RULES FILE --threads 1` and `--threads 2` (output thrown away). Then
//! `rulecheck eval RULES FILE --format json` on `--eval-units` units (CSV), per unit, against the
//! hand-written rubric's per-unit time from criterion's `seed000` results (`bench/run` makes them).
//! Medians are shown; the measured commands' standard error goes to `--log` (default
//! `DIR/e2e-stderr.log`). Each file is deleted once measured unless `--keep`. Times are measurements
//! (floating point); no score passes through here.

use rubric_bench::write::{Format, list_table_path, lists, write_file};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// The seed of the criterion benches' units.
const SEED: u64 = 0x5EED_0000;

struct Args {
    sizes: Vec<usize>,
    json_sizes: Vec<usize>,
    runs: usize,
    /// Runs of a file of 1,000,000 units or more (default `runs`).
    big_runs: Option<usize>,
    eval_units: usize,
    dir: PathBuf,
    bin: PathBuf,
    rules: String,
    criterion: PathBuf,
    log: Option<PathBuf>,
    keep: bool,
}

fn sizes(text: &str) -> Result<Vec<usize>, String> {
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().map_err(|e| format!("`{s}`: {e}")))
        .collect()
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        sizes: vec![10_000, 100_000, 1_000_000],
        json_sizes: Vec::new(),
        runs: 3,
        big_runs: None,
        eval_units: 100_000,
        dir: std::env::temp_dir().join("rubric-e2e"),
        bin: PathBuf::from("target/release"),
        rules: "rules/wushen-2024.rubric".into(),
        criterion: PathBuf::from("target/criterion"),
        log: None,
        keep: false,
    };
    let mut json_sizes = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--keep" {
            a.keep = true;
            continue;
        }
        let v = it.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
        match flag.as_str() {
            "--sizes" => a.sizes = sizes(&v)?,
            "--json-sizes" => json_sizes = Some(sizes(&v)?),
            "--runs" => a.runs = v.parse::<usize>().map_err(|e| format!("--runs: {e}"))?.max(1),
            "--big-runs" => a.big_runs = Some(v.parse::<usize>().map_err(|e| format!("--big-runs: {e}"))?.max(1)),
            "--eval-units" => a.eval_units = v.parse().map_err(|e| format!("--eval-units: {e}"))?,
            "--dir" => a.dir = PathBuf::from(v),
            "--bin" => a.bin = PathBuf::from(v),
            "--rules" => a.rules = v,
            "--criterion" => a.criterion = PathBuf::from(v),
            "--log" => a.log = Some(PathBuf::from(v)),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    a.json_sizes = json_sizes.unwrap_or_else(|| a.sizes.clone());
    Ok(a)
}

/// One measured run.
#[derive(Debug, Clone, Copy)]
struct Run {
    secs: f64,
    kib: u64,
    code: i32,
    /// CPU time, user and system, of all threads.
    cpu: f64,
}

/// The median of some runs (of one run, that run): time and peak memory each their own median, the worst exit code.
fn median(runs: &[Run]) -> Option<Run> {
    let mid = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    };
    let secs = mid(runs.iter().map(|r| r.secs).collect())?;
    let kib = mid(runs.iter().map(|r| r.kib as f64).collect())? as u64;
    let code = runs.iter().map(|r| r.code).find(|c| *c != 0).unwrap_or(0);
    let cpu = mid(runs.iter().map(|r| r.cpu).collect())?;
    Some(Run { secs, kib, code, cpu })
}

/// Runs `cmd` once under `peak`, its standard error appended to `log`.
fn measure(bin: &Path, cmd: &[String], log: &Path) -> Result<Run, String> {
    let err = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let out = Command::new(bin.join("peak"))
        .args(cmd)
        .stderr(Stdio::from(err))
        .output()
        .map_err(|e| format!("peak: {e} (build it: cargo build --release -p rubric-bench --bins)"))?;
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    let mut parts = line.split_whitespace();
    let mut next = || parts.next().ok_or_else(|| format!("peak printed `{}` for {cmd:?}", line.trim()));
    let secs = next()?.parse().map_err(|e| format!("peak's time: {e}"))?;
    let kib = next()?.parse().map_err(|e| format!("peak's memory: {e}"))?;
    let code = next()?.parse().map_err(|e| format!("peak's exit code: {e}"))?;
    let cpu = next()?.parse().map_err(|e| format!("peak's CPU time: {e}"))?;
    Ok(Run { secs, kib, code, cpu })
}

/// The commands measured on one file, by name.
fn commands(a: &Args, format: Format, files: &[PathBuf]) -> Vec<(&'static str, Vec<String>)> {
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let exe = |name: &str| s(&a.bin.join(name));
    let main = files.first().map(|p| s(p)).unwrap_or_default();
    let base = match format {
        Format::Csv => std::iter::once(exe("bare_csv")).chain(files.iter().map(|p| s(p))).collect(),
        Format::Json | Format::Jsonl => vec![exe("bare_json"), main.clone()],
    };
    let score = |threads: &str| {
        [exe("rulecheck"), "--max-facts-mib".into(), "4096".into(), "score".into(), a.rules.clone(), main.clone()]
            .into_iter()
            .chain(["--threads".to_string(), threads.to_string()])
            .collect()
    };
    vec![("baseline", base), ("threads1", score("1")), ("threads2", score("2"))]
}

/// One file's figures: the baseline and scoring on 1 and 2 threads.
struct Row {
    format: Format,
    units: usize,
    bytes: u64,
    base: Run,
    one: Run,
    two: Run,
}

/// Writes `units` units in `format` into the folder; the files (the facts, then any list tables).
fn generate(a: &Args, rubric: &rubric::Rubric, format: Format, units: usize) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(&a.dir).map_err(|e| format!("{}: {e}", a.dir.display()))?;
    let path = a.dir.join(format!("units-{units}.{}", format.extension()));
    write_file(rubric, rubric_bench::generate::stream(rubric, SEED).take(units), format, &path)?;
    let mut files = vec![path.clone()];
    if format == Format::Csv {
        files.extend(lists(rubric).iter().map(|(l, _)| list_table_path(&path, l)));
    }
    Ok(files)
}

fn remove(a: &Args, files: &[PathBuf]) {
    if !a.keep {
        for f in files {
            let _ = std::fs::remove_file(f);
        }
    }
}

/// Generates and measures one file.
fn row(a: &Args, rubric: &rubric::Rubric, format: Format, units: usize, log: &Path) -> Result<Row, String> {
    let files = generate(a, rubric, format, units)?;
    let bytes = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let cmds = commands(a, format, &files);
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); cmds.len()];
    let n = if units >= 1_000_000 { a.big_runs.unwrap_or(a.runs) } else { a.runs };
    for _ in 0..n {
        for ((_, cmd), out) in cmds.iter().zip(runs.iter_mut()) {
            out.push(measure(&a.bin, cmd, log)?);
        }
    }
    remove(a, &files);
    let m = |i: usize| runs.get(i).and_then(|r| median(r)).ok_or("no runs");
    Ok(Row { format, units, bytes, base: m(0)?, one: m(1)?, two: m(2)? })
}

/// `rulecheck eval --format json` on `units` units: the median run.
fn eval(a: &Args, rubric: &rubric::Rubric, log: &Path) -> Result<Run, String> {
    let files = generate(a, rubric, Format::Csv, a.eval_units)?;
    let main = files.first().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    let exe = a.bin.join("rulecheck").to_string_lossy().into_owned();
    let cmd: Vec<String> = [
        exe,
        "--max-facts-mib".into(),
        "4096".into(),
        "eval".into(),
        a.rules.clone(),
        main,
        "--format".into(),
        "json".into(),
    ]
    .into();
    let mut runs = Vec::new();
    for _ in 0..a.runs {
        runs.push(measure(&a.bin, &cmd, log)?);
    }
    remove(a, &files);
    median(&runs).ok_or_else(|| "no runs".into())
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

fn mb(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

fn secs(r: &Run) -> String {
    let t = if r.secs < 1.0 { format!("{:.0} ms", r.secs * 1e3) } else { format!("{:.2} s", r.secs) };
    if r.code == 0 { t } else { format!("{t} (exit {})", r.code) }
}

fn name(f: Format) -> &'static str {
    match f {
        Format::Csv => "CSV",
        Format::Json => "JSON",
        Format::Jsonl => "JSON Lines",
    }
}

fn thousands(n: usize) -> String {
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

/// The table of times and memory, each as a ratio to its file's bare pass.
fn score_table(rows: &[Row], w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "### `rulecheck score` against a bare pass over the same file (median of runs)\n")?;
    writeln!(
        w,
        "| input | units | MB | bare pass | score, 1 thread | × bare | × bare, CPU time | score, 2 threads | × bare | 2 threads ÷ 1 | peak MB, 1 / 2 threads | bare peak MB |"
    )?;
    writeln!(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")?;
    for r in rows {
        writeln!(
            w,
            "| {} | {} | {:.0} | {} | {} | {:.1}× | {:.1}× | {} | {:.1}× | {:.2}× | {} / {} | {} |",
            name(r.format),
            thousands(r.units),
            r.bytes as f64 / 1e6,
            secs(&r.base),
            secs(&r.one),
            r.one.secs / r.base.secs,
            r.one.cpu / r.base.cpu,
            secs(&r.two),
            r.two.secs / r.base.secs,
            r.one.secs / r.two.secs,
            mb(r.one.kib),
            mb(r.two.kib),
            mb(r.base.kib),
        )?;
    }
    writeln!(w)
}

/// Time per unit and memory across sizes, for each input.
fn growth_table(rows: &[Row], w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "### Growth with units: time per unit and peak memory\n")?;
    writeln!(
        w,
        "| input | units | µs a unit, 1 thread | CPU µs a unit, 1 thread | µs a unit, 2 threads | µs a unit, bare | peak MB, 1 thread | peak MB, 2 threads |"
    )?;
    writeln!(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")?;
    for r in rows {
        let us = |run: &Run| run.secs * 1e6 / r.units.max(1) as f64;
        writeln!(
            w,
            "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} |",
            name(r.format),
            thousands(r.units),
            us(&r.one),
            r.one.cpu * 1e6 / r.units.max(1) as f64,
            us(&r.two),
            us(&r.base),
            mb(r.one.kib),
            mb(r.two.kib),
        )?;
    }
    writeln!(w)
}

/// `eval --format json` per unit against the hand-written rubric.
fn eval_table(a: &Args, run: &Run, w: &mut impl Write) -> std::io::Result<()> {
    let per_unit = run.secs * 1e9 / a.eval_units.max(1) as f64;
    let hand = criterion_per_unit(&a.criterion, "hand");
    let explained = criterion_per_unit(&a.criterion, "evaluate_explained");
    let ratio = |x: Option<f64>| match (x, hand) {
        (Some(x), Some(h)) if h > 0.0 => format!("{:.0}×", x / h),
        _ => "– (no criterion results: run bench/run)".into(),
    };
    writeln!(w, "### `rulecheck eval --format json` against the hand-written rubric, per unit\n")?;
    writeln!(
        w,
        "| units | wall | CPU | peak MB | per unit | hand per unit (criterion) | eval ÷ hand | criterion `evaluate_explained` ÷ hand |"
    )?;
    writeln!(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")?;
    writeln!(
        w,
        "| {} | {} | {:.2} s | {} | {:.1} µs | {} | {} | {} |\n",
        thousands(a.eval_units),
        secs(run),
        run.cpu,
        mb(run.kib),
        per_unit / 1e3,
        hand.map_or("–".into(), |h| format!("{:.2} µs", h / 1e3)),
        ratio(Some(per_unit)),
        ratio(explained),
    )
}

fn run(out: &mut impl Write) -> Result<(), String> {
    let a = args()?;
    let rubric = rubric_bench::seed000()?;
    std::fs::create_dir_all(&a.dir).map_err(|e| format!("{}: {e}", a.dir.display()))?;
    let log = a.log.clone().unwrap_or_else(|| a.dir.join("e2e-stderr.log"));
    let _ = std::fs::remove_file(&log);
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim().to_string();
    let load_before = load();
    let mut rows = Vec::new();
    for (format, sizes) in [(Format::Csv, &a.sizes), (Format::Json, &a.json_sizes)] {
        for &units in sizes {
            let r = row(&a, &rubric, format, units, &log)?;
            // Each file's figures as soon as they are measured, so a run cut short keeps them.
            let _ = writeln!(
                std::io::stderr(),
                "e2e: {} {units}: bare {:?}, 1 thread {:?}, 2 threads {:?}",
                name(format),
                r.base,
                r.one,
                r.two
            );
            rows.push(r);
        }
    }
    let ev = if a.eval_units > 0 { Some(eval(&a, &rubric, &log)?) } else { None };
    let io = |e: std::io::Error| e.to_string();
    score_table(&rows, out).map_err(io)?;
    growth_table(&rows, out).map_err(io)?;
    if let Some(ev) = ev {
        eval_table(&a, &ev, out).map_err(io)?;
    }
    writeln!(out, "Load average (1, 5, 15 min, from `/proc/loadavg`) before: `{load_before}`, after: `{}`.\n", load())
        .map_err(io)?;
    writeln!(out, "Standard error of the measured commands: `{}`.", log.display()).map_err(io)?;
    Ok(())
}

fn main() -> ExitCode {
    match run(&mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "e2e: {e}");
            ExitCode::from(2)
        }
    }
}
