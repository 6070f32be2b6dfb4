//! Units for a rubric that compares units, `gen_cohort --units N [-o FILE]`: a CSV table of
//! `rules/ordos-2024/ranking.rubric`'s facts (核查完成率, 就业率, 满意度 as percents to one decimal,
//! 投诉件数 a count), one row a unit, from a fixed seed, written a row at a time (nothing kept),
//! so that `rank` and `score` of a cohort can be measured on 100,000 units and more.

use std::io::Write;
use std::process::ExitCode;

/// A small fixed-seed generator (splitmix64): the same file for the same count.
struct Seq(u64);

impl Seq {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A percent from 60.0% to 100.0%, to one decimal.
    fn percent(&mut self) -> String {
        let tenths = 600 + self.next() % 401;
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut units: u64 = 100_000;
    let mut out: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--units" => units = it.next().and_then(|n| n.parse().ok()).unwrap_or(units),
            "-o" => out = it.next().cloned(),
            _ => {
                let _ = writeln!(std::io::stderr(), "usage: gen_cohort [--units N] [-o FILE]");
                return ExitCode::from(2);
            }
        }
    }
    let sink: Box<dyn Write> = match &out {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "gen_cohort: {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, sink);
    let mut seq = Seq(2024);
    let mut write = || -> std::io::Result<()> {
        writeln!(w, "单位,核查完成率,就业率,满意度,投诉件数")?;
        for i in 0..units {
            let (a, b, c) = (seq.percent(), seq.percent(), seq.percent());
            writeln!(w, "旗区{i:07},{a},{b},{c},{}", seq.next() % 15)?;
        }
        w.flush()
    };
    match write() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "gen_cohort: {e}");
            ExitCode::from(2)
        }
    }
}
