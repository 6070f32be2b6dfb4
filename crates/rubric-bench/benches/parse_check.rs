//! Parse and check (`rubric::load`) of the seed 000 rule file and of a generated rule file of 10,000 rows, in bytes per second.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rubric::MemoryLoader;
use rubric_bench::{CALENDAR, CALENDAR_NAME, SEED000, SEED000_NAME, rulegen};
use std::hint::black_box;
use std::time::Duration;

const GENERATED_ROWS: usize = 10_000;

fn bench_parse_check(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_check");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));

    let seed = MemoryLoader::new().with(SEED000_NAME, SEED000).with(CALENDAR_NAME, CALENDAR);
    assert!(rubric::load(SEED000_NAME, &seed).rubric().is_some());
    g.throughput(Throughput::Bytes(SEED000.len() as u64));
    g.bench_function("seed000", |b| b.iter(|| black_box(rubric::load(black_box(SEED000_NAME), &seed))));

    let text = rulegen::rubric_text(GENERATED_ROWS);
    let bytes = text.len();
    let options = rulegen::options(bytes, GENERATED_ROWS);
    let generated = MemoryLoader::new().with("generated.rubric", text);
    let load = rubric::load_with("generated.rubric", &generated, &options);
    assert!(load.rubric().is_some() && load.report.diagnostics.is_empty(), "{:?}", load.report.diagnostics.first());
    g.throughput(Throughput::Bytes(bytes as u64));
    // About 0.45 s a load: ten of them.
    g.sampling_mode(SamplingMode::Flat);
    g.measurement_time(Duration::from_secs(6));
    g.bench_function("generated_10000_rows", |b| {
        b.iter(|| black_box(rubric::load_with(black_box("generated.rubric"), &generated, &options)))
    });
    g.finish();
}

criterion_group!(benches, bench_parse_check);
criterion_main!(benches);
