//! Per-unit scoring of the seed 000 rubric: the evaluator (score-only, trace, explained) against the same rubric by hand, in zen-expression and in rhai, in one criterion group.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rubric_bench::facts::Facts;
use rubric_bench::rhai::RhaiRubric;
use rubric_bench::zen::ZenRubric;
use rubric_bench::{generate, hand, rhai, seed000, zen};
use std::hint::black_box;
use std::time::Duration;

/// Units scored per iteration; the report divides by it (criterion's throughput) for per-unit times.
const UNITS: usize = 1_000;
const SEED: u64 = 0x5EED_0000;

fn bench_seed000(c: &mut Criterion) {
    let rubric = seed000().unwrap();
    let units = generate::units(&rubric, UNITS, SEED);
    // Everything each engine needs per unit is built here, outside the timed loops.
    let bound: Vec<_> = units.iter().map(|u| rubric.bind(u).unwrap()).collect();
    let facts: Vec<Facts> = units.iter().map(|u| Facts::from_unit(u).unwrap()).collect();
    let zen_rubric = ZenRubric::new().unwrap();
    let zen_units: Vec<_> = facts.iter().map(|f| zen::context(f).unwrap()).collect();
    let mut vm = zen_expression::vm::VM::new();
    let rhai_rubric = RhaiRubric::new().unwrap();
    let mut rhai_units: Vec<_> = facts.iter().map(rhai::scope).collect();

    let mut g = c.benchmark_group("seed000");
    g.throughput(Throughput::Elements(UNITS as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    // The slowest engines take about 0.1 s per iteration (1,000 units): 55 iterations make 10
    // linear samples.
    g.measurement_time(Duration::from_secs(8));

    g.bench_function("hand", |b| {
        b.iter(|| {
            for f in &facts {
                black_box(hand::score(black_box(f)));
            }
        })
    });
    // Facts resolved to slots once (`Rubric::bind`, above); the total and every node's score.
    g.bench_function("score_only", |b| {
        b.iter(|| {
            for u in &bound {
                black_box(rubric.score(black_box(u)).unwrap());
            }
        })
    });
    // The same from the facts as given (text): binding included, as `Rubric::score_units` does.
    g.bench_function("bind_and_score", |b| {
        b.iter(|| {
            for u in &units {
                black_box(rubric.score(&rubric.bind(black_box(u)).unwrap()).unwrap());
            }
        })
    });
    // The explanation as structured data: every step as rule and band indices, no text.
    g.bench_function("explained_trace", |b| {
        b.iter(|| {
            for u in &bound {
                black_box(rubric.trace(black_box(u)).unwrap());
            }
        })
    });
    // The full breakdown with its text (`Rubric::evaluate`, facts read from text each time).
    g.bench_function("evaluate_explained", |b| {
        b.iter(|| {
            for u in &units {
                black_box(rubric.evaluate(black_box(u)).unwrap());
            }
        })
    });
    // What `eval --format json` does for one unit, in process: bound, scored with its trace,
    // and its breakdown's JSON (indented as an element of the document's `units`) written
    // straight from the trace into one reused buffer, hidden characters escaped, as `rulecheck`
    // writes it to stdout.
    let mut out: Vec<u8> = Vec::with_capacity(1 << 20);
    g.bench_function("eval_json", |b| {
        b.iter(|| {
            for u in &units {
                out.clear();
                let trace = rubric.trace(&rubric.bind(black_box(u)).unwrap()).unwrap();
                trace.write_json(&rubric, 4, &mut out).unwrap();
                black_box(&out);
            }
        })
    });
    // The rendering alone, from units already bound (binding is reading's cost, measured
    // elsewhere): the trace and its pretty JSON as `eval --format json` writes it.
    g.bench_function("eval_json_bound", |b| {
        b.iter(|| {
            for u in &bound {
                out.clear();
                rubric.trace(black_box(u)).unwrap().write_json(&rubric, 4, &mut out).unwrap();
                black_box(&out);
            }
        })
    });
    // The same in the compact form (`eval --format json --compact`: no whitespace).
    g.bench_function("eval_json_compact", |b| {
        b.iter(|| {
            for u in &bound {
                out.clear();
                rubric.trace(black_box(u)).unwrap().write_json_compact(&rubric, &mut out).unwrap();
                black_box(&out);
            }
        })
    });
    // The floor of `eval_json`: each unit's JSON, written beforehand, only copied into the
    // buffer (about 100 KB a unit), as writing it can at best do.
    let written: Vec<Vec<u8>> = units
        .iter()
        .map(|u| {
            let mut one = Vec::new();
            rubric.trace(&rubric.bind(u).unwrap()).unwrap().write_json(&rubric, 4, &mut one).unwrap();
            one
        })
        .collect();
    g.bench_function("eval_json_copy", |b| {
        b.iter(|| {
            for w in &written {
                out.clear();
                out.extend_from_slice(black_box(w));
                black_box(&out);
            }
        })
    });
    // The same JSON as `eval --format json` made it before: the breakdown rendered as a tree
    // (`evaluate`), serialised by serde_json, hidden characters escaped (now a byte-by-byte
    // scan: it was a char-by-char one) and indented line by line.
    g.bench_function("eval_json_tree", |b| {
        b.iter(|| {
            for u in &units {
                out.clear();
                let s = rubric.evaluate(black_box(u)).unwrap();
                let text = serde_json::to_string_pretty(&s).unwrap();
                let text = rubric_syntax::hidden::escape_json(&text);
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.push(b'\n');
                    }
                    out.extend_from_slice(b"    ");
                    out.extend_from_slice(line.as_bytes());
                }
                black_box(&out);
            }
        })
    });
    g.bench_function("zen", |b| {
        b.iter(|| {
            for u in &zen_units {
                black_box(zen_rubric.score(black_box(u), &mut vm).unwrap());
            }
        })
    });
    g.bench_function("rhai", |b| {
        b.iter(|| {
            for s in rhai_units.iter_mut() {
                black_box(rhai_rubric.score(black_box(s)).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench_seed000);
criterion_main!(benches);
