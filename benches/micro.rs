//! Micro-benchmarks (divan): the per-report costs that regress quietly. `cargo bench --bench micro`.
//! The end-to-end comparisons are `bench/run.sh` (check: ajv, check-jsonschema, a parse floor)
//! and `bench/import.sh` (import: pandas.read_html, lxml).

use std::path::PathBuf;

use xxgk::check::{Options, check_bytes};

// The same allocator as `xxgk`, so that these are the costs the command line pays.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn repo(path: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const OPTIONS: Options = Options { current_year: 2026 };

/// Structure and every rule on one complete report (the seed: 15 KB, 2019 edition).
#[divan::bench]
fn check_seed(bencher: divan::Bencher) {
    let bytes = repo("conformance/documents/seed-wuhan-etdz-2020.json");
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| check_bytes(divan::black_box(&bytes), &OPTIONS));
}

/// A report with a broken sum: the path that also renders nothing but collects diagnostics.
#[divan::bench]
fn check_invalid_structure(bencher: divan::Bencher) {
    let text = String::from_utf8(repo("conformance/documents/city-bureau-2022.json")).unwrap();
    let bytes = text
        .replacen("\"natural_persons\": 152", "\"natural_persons\": -152", 1)
        .into_bytes();
    bencher.bench(|| check_bytes(divan::black_box(&bytes), &OPTIONS));
}

/// Importing extracted text (the seed report).
#[divan::bench]
fn import_text(bencher: divan::Bencher) {
    let bytes = repo("tests/corpus/seeds/000_baa04b3ed7a09fb6.txt");
    bencher.bench(|| xxgk::import::import(divan::black_box(&bytes), "seed.txt"));
}

/// Importing a Word-pasted HTML page (147 KB, 70% of it inline `style` attributes).
#[divan::bench]
fn import_html(bencher: divan::Bencher) {
    let bytes = repo("tests/fixtures/import/html-2021-word-pasted.html");
    bencher.bench(|| xxgk::import::import(divan::black_box(&bytes), "page.html"));
}

/// Importing a GBK-encoded HTML page (60 KB): decoding, then the same path.
#[divan::bench]
fn import_html_gbk(bencher: divan::Bencher) {
    let bytes = repo("tests/fixtures/import/html-2019-gbk.html");
    bencher.bench(|| xxgk::import::import(divan::black_box(&bytes), "page.html"));
}
