//! Many units at once (`Rubric::score_batch`): 100,000 generated units of the seed 000 rubric on 1 and 2 threads, and 10,000 and 50,000 on 1 thread to show linear growth.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rubric_bench::{generate, seed000};
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 0xBA7C_0000;
const MOST: usize = 100_000;
const CHUNK: usize = 10_000;

fn bench_batch(c: &mut Criterion) {
    let rubric = seed000().unwrap();
    // Generated and bound (facts resolved to slots) outside the timed loop, a chunk at a time so
    // that the facts' text is not all held at once.
    let bound: Vec<_> = (0..MOST / CHUNK)
        .flat_map(|i| generate::units(&rubric, CHUNK, SEED + i as u64))
        .map(|u| rubric.bind(&u).unwrap())
        .collect();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let two = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();

    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(500));
    for (threads, pool, n) in [(1, &one, 10_000), (1, &one, 50_000), (1, &one, MOST), (2, &two, MOST)] {
        let slice = &bound[..n];
        g.throughput(Throughput::Elements(n as u64));
        // Ten iterations at about 15 µs a unit on a busy 2-core machine, at least 2 s.
        g.measurement_time(Duration::from_millis((n as u64 * 15 / 100).max(2_000)));
        g.bench_function(format!("score_batch_{threads}thread_{n}"), |b| {
            b.iter(|| {
                let scores = pool.install(|| rubric.score_batch(black_box(slice)));
                assert!(scores.iter().all(Result::is_ok));
                scores
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_batch);
criterion_main!(benches);
