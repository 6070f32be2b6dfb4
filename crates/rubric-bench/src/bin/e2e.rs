//! The end-to-end benchmark (issue 21): `rulecheck score` and `eval` on generated facts files against bare reading passes, as markdown tables.
//!
//! `e2e [--sizes 10000,100000,1000000] [--json-sizes …] [--jsonl-sizes …] [--runs 3] [--big-runs N]
//! [--eval-units 100000] [--min-free-gb 15] [--dir DIR] [--bin target/release]
//! [--rules rules/wushen-2024.rubric] [--criterion DIR] [--log FILE] [--keep]`
//!
//! For each size, writes seed 000 units ([`rubric_bench::write`]) as CSV (with its list table),
//! as JSON (and as JSON Lines for `--jsonl-sizes`, none by default) into `--dir`, then times,
//! `--runs` times each and interleaved, under `peak` (wall and CPU time and the kernel's peak
//! resident set): the bare pass (`bare_csv`, `bare_json`), `rulecheck score RULES FILE --threads
//! 1` and `--threads 2` (output thrown away). A file that would leave less than `--min-free-gb`
//! free on the disk is not written, and the report says so. Then `rulecheck eval RULES FILE
//! --format json --threads 1` and `--threads 2` on `--eval-units` units (CSV), per unit, against the hand-written rubric's time
//! a unit from criterion's `seed000` results (`bench/run` makes them just before). Medians are
//! shown, then issue 21's measures with their targets ([`rubric_bench::e2e::summary`]); the
//! measured commands' standard error goes to `--log` (default `DIR/e2e-stderr.log`). Each file is
//! deleted once measured unless `--keep`. Times are measurements (floating point); no score passes
//! through here.

use rubric_bench::e2e::{Criterion, EvalRun, Report, Row, Run, Skipped, median, name};
use rubric_bench::write::{Format, list_table_path, lists, write_file};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// The seed of the criterion benches' units.
const SEED: u64 = 0x5EED_0000;

struct Args {
    sizes: Vec<usize>,
    json_sizes: Vec<usize>,
    /// JSON Lines files (none by default).
    jsonl_sizes: Vec<usize>,
    /// GiB that must stay free on the disk after a file is written.
    min_free_gb: u64,
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
        jsonl_sizes: Vec::new(),
        min_free_gb: 15,
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
            "--jsonl-sizes" => a.jsonl_sizes = sizes(&v)?,
            "--min-free-gb" => a.min_free_gb = v.parse().map_err(|e| format!("--min-free-gb: {e}"))?,
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

/// Bytes a unit of a generated file, rounded up from what `gen` writes (CSV: the units' table
/// and its list table, about 660 bytes; JSON and JSON Lines about 3,030).
fn bytes_a_unit(format: Format) -> u64 {
    match format {
        Format::Csv => 700,
        Format::Json | Format::Jsonl => 3_200,
    }
}

/// Why a file of `units` units cannot be written into the folder, if it cannot: it would leave
/// less than `--min-free-gb` free on the disk.
fn no_room(a: &Args, format: Format, units: usize) -> Result<Option<String>, String> {
    let fs = nix::sys::statvfs::statvfs(&a.dir).map_err(|e| format!("{}: {e}", a.dir.display()))?;
    let free = fs.blocks_available().saturating_mul(fs.fragment_size());
    let need = bytes_a_unit(format).saturating_mul(units as u64);
    let keep = a.min_free_gb.saturating_mul(1 << 30);
    let gb = |b: u64| format!("{:.1} GB", b as f64 / f64::from(1u32 << 30));
    Ok((free < need.saturating_add(keep)).then(|| {
        format!(
            "the file needs about {}, {} is free on the disk of `{}` and {} must stay free (`--min-free-gb`)",
            gb(need),
            gb(free),
            a.dir.display(),
            gb(keep)
        )
    }))
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

/// `rulecheck eval --format json` on `--eval-units` units from CSV: the median run.
fn eval(a: &Args, rubric: &rubric::Rubric, log: &Path) -> Result<EvalRun, String> {
    let files = generate(a, rubric, Format::Csv, a.eval_units)?;
    let main = files.first().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    let exe = a.bin.join("rulecheck").to_string_lossy().into_owned();
    let cmd = |threads: &str| -> Vec<String> {
        [
            exe.clone(),
            "--max-facts-mib".into(),
            "4096".into(),
            "eval".into(),
            a.rules.clone(),
            main.clone(),
            "--format".into(),
            "json".into(),
            "--threads".into(),
            threads.into(),
        ]
        .into()
    };
    let (one, two) = (cmd("1"), cmd("2"));
    let (mut ones, mut twos) = (Vec::new(), Vec::new());
    for _ in 0..a.runs {
        ones.push(measure(&a.bin, &one, log)?);
        twos.push(measure(&a.bin, &two, log)?);
    }
    remove(a, &files);
    let run = median(&ones).ok_or("no runs")?;
    Ok(EvalRun { units: a.eval_units, run, two: median(&twos) })
}

fn run(out: &mut impl Write) -> Result<(), String> {
    let a = args()?;
    let rubric = rubric_bench::seed000()?;
    std::fs::create_dir_all(&a.dir).map_err(|e| format!("{}: {e}", a.dir.display()))?;
    let log = a.log.clone().unwrap_or_else(|| a.dir.join("e2e-stderr.log"));
    let _ = std::fs::remove_file(&log);
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim().to_string();
    let mut report = Report { load: (load(), String::new()), log: log.display().to_string(), ..Report::default() };
    for (format, sizes) in [(Format::Csv, &a.sizes), (Format::Json, &a.json_sizes), (Format::Jsonl, &a.jsonl_sizes)] {
        for &units in sizes {
            if let Some(why) = no_room(&a, format, units)? {
                let _ = writeln!(std::io::stderr(), "e2e: {} {units}: not measured: {why}", name(format));
                report.skipped.push(Skipped { format, units, why });
                continue;
            }
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
            report.rows.push(r);
        }
    }
    if a.eval_units > 0 {
        report.eval = Some(eval(&a, &rubric, &log)?);
    }
    report.criterion = Criterion::read(&a.criterion);
    report.load.1 = load();
    report.write(out).map_err(|e| e.to_string())
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
