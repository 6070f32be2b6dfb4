//! Per-unit scoring of the list benchmark (`tests/program/events.rubric`, 1,000 events a unit): the evaluator (score-only, bind and score) against the same rubric by hand.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr,
    missing_docs
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rubric_bench::{events, events_hand};
use std::hint::black_box;
use std::time::Duration;

/// Units scored per iteration; the report divides by it (criterion's throughput) for per-unit times.
const UNITS: usize = 20;
const SEED: u64 = 0x5EED_0016;

fn bench_events(c: &mut Criterion) {
    let rubric = events::rubric().unwrap();
    let units = events::units(UNITS, events::EVENTS, SEED);
    // Everything each engine needs per unit is built here, outside the timed loops.
    let facts: Vec<_> = units.iter().map(events::Unit::facts).collect();
    let bound: Vec<_> = facts.iter().map(|u| rubric.bind(u).unwrap()).collect();
    // Which engine `Rubric::score` picks for this rubric (a row that reads a list directly is
    // scored by the general evaluator unless a compiled program handles list aggregates).
    let engine = rubric.score(&bound[0]).unwrap().engine();
    eprintln!("events: Rubric::score is scored by {engine:?} ({} events a unit)", events::EVENTS);

    let mut g = c.benchmark_group("events");
    g.throughput(Throughput::Elements(UNITS as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));

    g.bench_function("hand", |b| {
        b.iter(|| {
            for u in &units {
                black_box(events_hand::score(black_box(u)));
            }
        })
    });
    // Facts resolved to slots once (`Rubric::bind`, above); the total and every node's score:
    // the API the seed000 group's score_only uses.
    g.bench_function("score_only", |b| {
        b.iter(|| {
            for u in &bound {
                black_box(rubric.score(black_box(u)).unwrap());
            }
        })
    });
    // The same from the facts as given (text): binding the 1,000 records included.
    g.bench_function("bind_and_score", |b| {
        b.iter(|| {
            for u in &facts {
                black_box(rubric.score(&rubric.bind(black_box(u)).unwrap()).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench_events);
criterion_main!(benches);
