//! The parse floor for `bench/compare.py`: walks a directory the way `xxgk check` does (walkdir,
//! links followed, sorted by file name, `*.json`), then reads and parses every file into a
//! `serde_json::Value`, on one thread. `floor time / xxgk time` compares the checker with what
//! a validator working on a JSON value pays before it validates anything.
//!
//! `cargo run --release --example parse_floor -- DIR`

use std::process::ExitCode;

// The same allocator as `xxgk`, so that the floor measures parsing, not allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_floor DIR");
        return ExitCode::from(2);
    };
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    let (mut parsed, mut failed) = (0u64, 0u64);
    for entry in walk {
        let entry = entry.expect("walk the directory");
        let is_json = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if !entry.file_type().is_file() || !is_json {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read a file");
        // Counted, so the parse cannot be optimised away and a broken corpus shows.
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(_) => parsed += 1,
            Err(_) => failed += 1,
        }
    }
    println!("files {} parsed {parsed} failed {failed}", parsed + failed);
    ExitCode::SUCCESS
}
