//! Diagnosis speed: a typical paste, a long traceback, and a megabyte of log; and loading the
//! built-in knowledge that every command starts with.
//! Run with `cargo bench --bench diagnose`; figures are recorded in README.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use oauth_triage::diagnose::Diagnoser;
use oauth_triage::kb;

/// About 200 bytes: one error as copied from a sign-in page.
const PASTE: &str = "AADSTS50011: The redirect URI 'https://connect.example-corp.com/__oauth__/integrations/callback' specified in the request does not match the redirect URIs configured for the application.";

/// About 10 KB: a Python traceback with timestamped frames, ending in a Connect error.
fn traceback() -> String {
    let frame = "2025/02/11 09:14:03.512897342   File \"/opt/rstudio-connect/mnt/app/python/env/lib/python3.11/site-packages/requests/sessions.py\", line 589, in request\n2025/02/11 09:14:03.512914653     resp = self.send(prep, **send_kwargs)\n";
    let mut text = String::from("Traceback (most recent call last):\n");
    while text.len() < 10_000 {
        text.push_str(frame);
    }
    text.push_str("posit.connect.errors.ClientError: {\"error_code\": 215, \"error_message\": \"Invalid subject_token\", \"http_status\": 400}");
    text
}

/// About 1 MB: a server log with no known error in it (the worst case: nothing ends early).
fn megabyte() -> String {
    let line = "time=\"2025-03-04T15:22:09.112Z\" level=info msg=\"request served\" path=/content/3f2a9c/ status=200 duration_ms=12 user=jdoe\n";
    line.repeat(1_000_000 / line.len() + 1)
}

fn bench(c: &mut Criterion) {
    let kb = kb::builtin().expect("built-in flows load");
    let diagnoser = Diagnoser::new(&kb);
    let traceback = traceback();
    let megabyte = megabyte();

    // Start-up of every command: the knowledge base build.rs prepared, deserialised.
    c.bench_function("load built-in knowledge", |b| b.iter(kb::builtin));
    c.bench_function("build index (built-in flows)", |b| {
        b.iter(|| Diagnoser::new(black_box(&kb)))
    });
    c.bench_function("diagnose 200-byte paste", |b| {
        b.iter(|| diagnoser.diagnose(black_box(PASTE)))
    });
    c.bench_function("diagnose 10 KB traceback", |b| {
        b.iter(|| diagnoser.diagnose(black_box(&traceback)))
    });
    let mut slow = c.benchmark_group("large");
    slow.sample_size(20);
    slow.bench_function("diagnose 1 MB log", |b| {
        b.iter(|| diagnoser.diagnose(black_box(&megabyte)))
    });
    slow.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
