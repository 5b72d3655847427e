//! Normalized messages per second, full pipeline (normalize + group + transform).

use criterion::{Criterion, criterion_group, criterion_main};

fn pipeline(c: &mut Criterion) {
    c.bench_function("placeholder", |b| b.iter(|| 1 + 1));
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
