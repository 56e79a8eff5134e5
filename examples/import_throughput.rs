//! Import throughput in process, for `bench/import.py` and for profiling: reads the files
//! `xxgk import DIR` would read into memory first, then imports them all ROUNDS times on the calling thread and prints
//! `{"files": …, "bytes": …, "seconds": …, "diagnostics": …}` on one line. Only the import is
//! timed; `xxgk import DIR --out` adds reading, serializing and writing the documents.
//!
//! `cargo run --release --example import_throughput -- DIR [ROUNDS]`

use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Instant;
use xxgk::batch::Source;

// The same allocator as `xxgk`, so that the figure is the one the command line would give.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), rounds) = (args.next(), args.next()) else {
        eprintln!("usage: import_throughput DIR [ROUNDS]");
        return ExitCode::from(2);
    };
    let Some(rounds) = rounds.map_or(Some(1), |r| r.to_str()?.parse::<u32>().ok()) else {
        eprintln!("ROUNDS must be a whole number");
        return ExitCode::from(2);
    };
    let inputs = match read_inputs(PathBuf::from(dir)) {
        Ok(inputs) => inputs,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    // Counted, so the import cannot be optimised away and an input that stops importing shows.
    let mut diagnostics = 0usize;
    for _ in 0..rounds {
        for (name, bytes) in &inputs {
            diagnostics += xxgk::import::import(bytes, name).diagnostics.len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let files = inputs.len() * rounds as usize;
    let bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum::<usize>() * rounds as usize;
    println!(
        r#"{{"files": {files}, "bytes": {bytes}, "seconds": {seconds:.6}, "diagnostics": {diagnostics}}}"#
    );
    ExitCode::SUCCESS
}

/// The files `xxgk import dir` reads (the same walk), with their contents.
fn read_inputs(dir: PathBuf) -> Result<Vec<(String, Vec<u8>)>, String> {
    xxgk::batch::expand_with(&[dir], &xxgk::import::extensions())
        .into_iter()
        .map(|source| match source {
            Source::File(path) => std::fs::read(&path)
                .map(|bytes| (path.display().to_string(), bytes))
                .map_err(|e| format!("{}: {e}", path.display())),
            other => Err(format!("{}: not a readable file", other.display())),
        })
        .collect()
}
