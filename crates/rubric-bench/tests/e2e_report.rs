//! The end-to-end benchmark's report (`rubric_bench::e2e`) on made-up figures: its tables and the verdicts of issue 21's measures, with nothing timed.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric_bench::e2e::{Criterion, EvalRun, Report, Row, Run, Skipped, median};
use rubric_bench::write::Format;

fn run(secs: f64, cpu: f64, mb: u64) -> Run {
    Run { secs, kib: mb * 1024, code: 0, cpu }
}

/// A row: bare pass, 1 thread, 2 threads as (wall s, CPU s, peak MB).
fn row(format: Format, units: usize, base: (f64, f64, u64), one: (f64, f64, u64), two: (f64, f64, u64)) -> Row {
    let r = |(s, c, m): (f64, f64, u64)| run(s, c, m);
    let per = if format == Format::Csv { 660 } else { 3_034 };
    Row { format, units, bytes: per * units as u64, base: r(base), one: r(one), two: r(two) }
}

fn text(report: &Report) -> String {
    let mut out = Vec::new();
    report.write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn criterion() -> Criterion {
    Criterion { hand: Some(735.0), score_only: Some(1_040.0), eval_json: Some(72_200.0) }
}

/// The figures of the quiet run of stop 30 (docs/performance.md), with the sizes it did not run made up.
fn full() -> Report {
    Report {
        rows: vec![
            row(Format::Csv, 10_000, (0.02, 0.02, 2), (0.5, 0.5, 63), (0.4, 0.55, 103)),
            row(Format::Csv, 100_000, (0.207, 0.19, 2), (4.56, 5.02, 81), (4.02, 5.3, 123)),
            row(Format::Csv, 1_000_000, (1.51, 1.5, 2), (51.39, 58.34, 124), (45.05, 60.1, 186)),
            row(Format::Json, 10_000, (0.26, 0.26, 2), (0.53, 0.76, 80), (0.51, 0.77, 77)),
            row(Format::Json, 100_000, (2.58, 2.6, 2), (5.27, 7.56, 98), (5.08, 7.6, 99)),
            row(Format::Json, 1_000_000, (25.8, 25.9, 2), (52.7, 75.6, 315), (50.8, 76.0, 280)),
        ],
        skipped: Vec::new(),
        eval: Some(EvalRun { units: 100_000, run: run(11.0, 16.5, 37), two: None }),
        criterion: criterion(),
        load: ("0.02 0.10 0.50 1/300 42".into(), "1.90 1.70 1.10 3/310 4242".into()),
        log: "target/e2e-stderr.log".into(),
    }
}

#[test]
fn a_full_run_prints_every_table_and_the_measures_against_their_targets() {
    insta::assert_snapshot!(text(&full()));
}

#[test]
fn a_small_run_says_where_each_measure_was_taken() {
    // `bench/e2e --sizes 1000 --json-sizes 1000 --eval-units 100`: one size, so growth is not
    // measured, and every verdict names the size it was taken at.
    let report = Report {
        rows: vec![
            row(Format::Csv, 1_000, (0.004, 0.004, 2), (0.011, 0.01, 20), (0.007, 0.012, 30)),
            row(Format::Json, 1_000, (0.03, 0.03, 2), (0.08, 0.08, 20), (0.06, 0.09, 21)),
        ],
        skipped: vec![Skipped {
            format: Format::Json,
            units: 1_000_000,
            why: "the file needs about 3.0 GB, 10.0 GB is free on the disk of `/tmp` and 15.0 GB must stay free (`--min-free-gb`)"
                .into(),
        }],
        eval: Some(EvalRun { units: 100, run: run(0.02, 0.02, 20), two: None }),
        ..full()
    };
    let out = text(&report);
    assert!(out.contains("| yes, at 1,000 units (1,000,000 not run) |"), "{out}");
    assert!(out.contains("| no, at 100 units (100,000 not run) |"), "{out}");
    assert!(out.contains("not measured (one size)"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_failed_command_or_a_missing_figure_is_never_a_verdict() {
    let mut report = full();
    report.rows[2].two.code = 2;
    report.eval = Some(EvalRun { units: 100_000, run: Run { code: 101, ..run(1.0, 1.0, 20) }, two: None });
    let out = text(&report);
    assert!(out.contains("45.05 s (exit 2)"), "{out}");
    let csv: Vec<&str> = out.lines().filter(|l| l.starts_with("| `score`, 1,000,000 units, CSV")).collect();
    assert_eq!(csv.len(), 1, "{out}");
    assert!(csv[0].ends_with("| no: a command failed (exit 2), see the log |"), "{out}");
    assert!(out.contains("| no: `eval` failed (exit 101), see the log |"), "{out}");

    let out = text(&Report { criterion: Criterion::default(), ..full() });
    assert!(out.contains("not measured (no criterion `seed000/hand`: run bench/run)"), "{out}");
    let out = text(&Report { eval: None, ..full() });
    assert!(out.contains("not measured (`--eval-units 0`)"), "{out}");
}

#[test]
fn the_median_takes_each_figure_apart_and_the_worst_exit_code() {
    let runs = [
        Run { secs: 3.0, kib: 10, code: 0, cpu: 1.0 },
        Run { secs: 1.0, kib: 30, code: 1, cpu: 3.0 },
        Run { secs: 2.0, kib: 20, code: 0, cpu: 2.0 },
    ];
    assert_eq!(median(&runs), Some(Run { secs: 2.0, kib: 20, code: 1, cpu: 2.0 }));
    assert_eq!(median(&[]), None);
}
