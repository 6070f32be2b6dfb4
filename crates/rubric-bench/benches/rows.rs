//! How scoring grows with the size of a rubric: score-only for generated rubrics of 100, 1,000 and 10,000 rows, 20 generated units each.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rubric::MemoryLoader;
use rubric_bench::{generate, rulegen};
use std::hint::black_box;
use std::time::Duration;

const UNITS: usize = 20;
const SEED: u64 = 0x0505_0000;

fn bench_rows(c: &mut Criterion) {
    let mut g = c.benchmark_group("rows");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    for rows in [100, 1_000, 10_000] {
        let text = rulegen::rubric_text(rows);
        let options = rulegen::options(text.len(), rows);
        let loader = MemoryLoader::new().with("generated.rubric", text);
        let rubric = rubric::load_with("generated.rubric", &loader, &options).into_rubric().unwrap();
        let bound: Vec<_> = generate::units(&rubric, UNITS, SEED).iter().map(|u| rubric.bind(u).unwrap()).collect();
        // Elements are rows scored, so the report gives the time per row.
        g.throughput(Throughput::Elements((rows * UNITS) as u64));
        g.bench_function(format!("score_only_{rows}_rows"), |b| {
            b.iter(|| {
                for u in &bound {
                    black_box(rubric.score(black_box(u)).unwrap());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_rows);
criterion_main!(benches);
