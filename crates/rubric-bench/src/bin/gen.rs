//! Writes generated seed 000 units as a facts file: `gen --units N --format csv|json|jsonl|xlsx -o FILE [--seed S]`.
//!
//! The units are those of the criterion benches ([`rubric_bench::generate`], seed `0x5EED0000`
//! unless `--seed` is given), written one at a time in `rulecheck`'s formats
//! ([`rubric_bench::write`]): a CSV file also gets its list table `FILE.抚恤发放.csv`, and so does
//! an .xlsx sheet ([`rubric_bench::write_xlsx`]: the table's rows in its first sheet).

use rubric_bench::write::{Format, write_file};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The seed of the criterion benches' units.
const SEED: u64 = 0x5EED_0000;

struct Args {
    units: usize,
    /// `None`: xlsx.
    format: Option<Format>,
    output: PathBuf,
    seed: u64,
}

fn args() -> Result<Args, String> {
    let (mut units, mut format, mut output, mut seed) = (None, None, None, SEED);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("`{a}` needs a value"));
        match a.as_str() {
            "--units" => units = Some(value()?.parse::<usize>().map_err(|e| format!("--units: {e}"))?),
            "--format" => {
                let v = value()?;
                format = match v.as_str() {
                    "xlsx" => Some(None),
                    _ => Some(Some(
                        Format::parse(&v).ok_or_else(|| format!("--format `{v}`: csv, json, jsonl or xlsx"))?,
                    )),
                };
            }
            "-o" | "--output" => output = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse::<u64>().map_err(|e| format!("--seed: {e}"))?,
            _ => return Err(format!("unknown argument `{a}`")),
        }
    }
    Ok(Args {
        units: units.ok_or("--units N is needed")?,
        format: format.ok_or("--format csv|json|jsonl|xlsx is needed")?,
        output: output.ok_or("-o FILE is needed")?,
        seed,
    })
}

fn run() -> Result<usize, String> {
    let args =
        args().map_err(|e| format!("{e}\nusage: gen --units N --format csv|json|jsonl|xlsx -o FILE [--seed S]"))?;
    let rubric = rubric_bench::seed000()?;
    let units = rubric_bench::generate::stream(&rubric, args.seed).take(args.units);
    match args.format {
        Some(format) => write_file(&rubric, units, format, &args.output),
        None => rubric_bench::write_xlsx::write_xlsx(&rubric, units, &args.output),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "gen: {e}");
            ExitCode::from(2)
        }
    }
}
