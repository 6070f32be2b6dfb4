//! `measure DRAFT HAND [--samples N]`: the per-row scoring comparison of two rule files, as a table.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut files = Vec::new();
    let mut samples = rubric_measure::DEFAULT_SAMPLES;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--samples" {
            match it.next().and_then(|n| n.parse().ok()) {
                Some(n) => samples = n,
                None => {
                    eprintln!("error: `--samples` needs a whole number; help: `--samples 512`");
                    return ExitCode::from(2);
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    let [draft, hand] = files.as_slice() else {
        eprintln!("usage: measure DRAFT HAND [--samples N]");
        return ExitCode::from(2);
    };
    let sides =
        rubric_measure::load_side(Path::new(draft)).and_then(|d| Ok((d, rubric_measure::load_side(Path::new(hand))?)));
    match sides {
        Ok((d, h)) => {
            print!("{}", rubric_measure::measure(&d, &h, samples).table());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
