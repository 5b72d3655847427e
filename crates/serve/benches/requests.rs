//! Requests per second of `hcsim serve` over loopback HTTPS (one keep-alive connection): the
//! create/get/list/delete mix the clients benchmark runs against moto_server. `cargo xtask
//! bench` runs it with the others; each iteration is 4 requests.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufReader, Write};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn mix(c: &mut Criterion) {
    let s = common::serve();
    let token = s.owner();
    let mut conn = BufReader::new(s.connect());
    let mut n: u64 = 0;
    let mut send = |method: &str, path: &str, body: Option<&str>| {
        conn.get_mut()
            .write_all(&common::request_bytes(
                method,
                path,
                Some(&token),
                body,
                false,
            ))
            .expect("write");
        common::read_answer(&mut conn, false)
            .expect("answer")
            .status
    };
    let list = s.sub("/resourcegroups?api-version=2024-11-01");
    let mut group = c.benchmark_group("serve");
    group.throughput(Throughput::Elements(4));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("create_get_list_delete", |b| {
        b.iter(|| {
            n += 1;
            let rg = s.sub(&format!("/resourcegroups/bench{n}?api-version=2024-11-01"));
            assert!(send("PUT", &rg, Some(r#"{"location":"eastus"}"#)) < 300);
            assert_eq!(send("GET", &rg, None), 200);
            assert_eq!(send("GET", &list, None), 200);
            assert!(send("DELETE", &rg, None) < 300);
        })
    });
    group.finish();
}

criterion_group!(benches, mix);
criterion_main!(benches);
