//! Many units at once: 100,000 generated units of the seed 000 rubric on 1 and 2 threads, and 10,000 and 50,000 on 1 thread to show linear growth.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use rubric::UnitFacts;
use rubric_bench::{generate, seed000};
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 0xBA7C_0000;
const MOST: usize = 100_000;

/// Scores `units` on the current rayon pool, keeping only the totals.
// TODO(score-only): when `Rubric::bind` and `Rubric::score_batch` land on main, bind the units
// once outside the timed loop and call `rubric.score_batch(&bound)` here instead.
fn score_all(rubric: &rubric::Rubric, units: &[UnitFacts]) -> usize {
    let totals: Vec<_> = units.par_iter().map(|u| rubric.evaluate(u).map(|s| s.score)).collect();
    totals.iter().filter(|t| t.is_ok()).count()
}

fn bench_batch(c: &mut Criterion) {
    let rubric = seed000().unwrap();
    let units = generate::units(&rubric, MOST, SEED);
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let two = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();

    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(5));
    for (threads, pool, n) in [(1, &one, 10_000), (1, &one, 50_000), (1, &one, MOST), (2, &two, MOST)] {
        let slice = &units[..n];
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("evaluate_{threads}thread_{n}"), |b| {
            b.iter(|| {
                let ok = pool.install(|| score_all(&rubric, black_box(slice)));
                assert_eq!(ok, n);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_batch);
criterion_main!(benches);
