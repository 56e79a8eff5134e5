//! The `xxgk` command line: parses arguments, calls the library, prints.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use xxgk::batch;
use xxgk::check::Options;
use xxgk::cli::{
    Cli, Command, ConformanceCommand, GenerateArgs, RulesArgs, RulesFormat, ServeArgs,
};
use xxgk::output::{self, counted};
use xxgk::run;

// Checking a corpus allocates many short-lived strings on every thread; glibc's allocator
// spent an eighth of the run in malloc/free and their locks (perf, 150,000 reports).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status for usage errors and unreadable files.
const EXIT_USAGE: u8 = 2;

/// mimalloc's `mi_option_purge_delay` (the same in its v2 and v3 headers).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed pages are kept rather than given back after 10 ms: `export` frees each chunk of
    // records on another thread than the one that made them, and the kernel zeroing the same
    // pages again was 29% of its profile (30% less CPU without it). Memory stays at its peak.
    // SAFETY: sets a number in mimalloc's option table; no pointer is involved.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help, the version and usage errors, printed here so that a failed write is reported
        // instead of passing unnoticed.
        Err(error) => {
            let status = ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_USAGE));
            let printed = error.print().and_then(|()| std::io::stdout().flush());
            return printed.map_or_else(|e| output_failed(&e, status), |()| status);
        }
    };
    match cli.command {
        Command::Check(args) => {
            let stdout = std::io::BufWriter::new(std::io::stdout().lock());
            finished(run::check(&args, Box::new(stdout), &progress_bar))
        }
        Command::Import(args) => {
            let document = |text: &[u8]| {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(text).and_then(|()| stdout.flush())
            };
            let output = run::ImportOutput {
                diagnostics: Box::new(std::io::BufWriter::new(std::io::stderr())),
                document: &document,
                say: &mut |line| say(line),
            };
            finished(run::import(&args, output, &progress_bar))
        }
        Command::Conformance(ConformanceCommand::Run(args)) => {
            finished(run::conformance(&args, &mut std::io::stdout().lock()))
        }
        Command::Conformance(ConformanceCommand::Serve) => serve(),
        Command::Conformance(ConformanceCommand::Inputs { suite, out }) => {
            let written = suite
                .load()
                .map_err(|e| e.to_string())
                .and_then(|suite| suite.write_inputs(&out));
            wrote(written, &out, |n| {
                format!("the inputs of {}", counted(n, "case", "cases"))
            })
        }
        Command::Conformance(ConformanceCommand::Export { out }) => {
            let written = xxgk::conformance::embedded::export(&out);
            wrote(written, &out, |n| {
                format!("{} of the suite", counted(n, "file", "files"))
            })
        }
        Command::Serve(args) => serve_http(&args),
        Command::Rules(args) => rules(&args),
        Command::Schema { write: None } => emit(xxgk::schema::report_schema_text().as_bytes()),
        Command::Schema { write: Some(dir) } => write_schema(&dir),
        Command::Generate(args) => generate(&args),
        Command::Export(args) => export(&args),
        Command::Summary(args) => finished(run::summary(&args, &progress_bar, &mut |line| {
            say(line);
        })),
        Command::Completions { shell } => {
            let mut command = xxgk::cli::command();
            // Generated into memory: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "xxgk", &mut script);
            emit(&script)
        }
    }
}

/// Writes `bytes` to standard output.
fn emit(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output_failed(&error, ExitCode::SUCCESS),
    }
}

/// The exit status after standard output failed: a closed pipe (`xxgk schema | head`) ends
/// the output quietly with the status the command would have had otherwise, as tools do that
/// are not killed by SIGPIPE (Rust ignores it); any other failure (a full disk, `/dev/full`)
/// is reported, with exit status 2.
fn output_failed(error: &std::io::Error, status: ExitCode) -> ExitCode {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        status
    } else {
        usage_error(format!("cannot write output: {error}"))
    }
}

/// A line on standard error. Nothing is left to tell when standard error itself fails, so a
/// failure is ignored (`eprintln!` would panic).
fn say(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Reports what a command wrote into a folder (`what` names the count), or why it could not.
fn wrote(written: Result<usize, String>, out: &Path, what: impl Fn(u64) -> String) -> ExitCode {
    match written {
        Ok(count) => {
            say(format_args!(
                "wrote {} to {}",
                what(count as u64),
                out.display()
            ));
            ExitCode::SUCCESS
        }
        Err(error) => usage_error(error),
    }
}

fn generate(args: &GenerateArgs) -> ExitCode {
    let spec = xxgk::synthetic::Spec {
        seed: args.seed,
        invalid_share: args.invalid_share,
    };
    match xxgk::synthetic::write_corpus(&args.out, &spec, args.count) {
        Ok(w) => {
            say(format_args!(
                "wrote {} to {}: {} with a broken relation, {} structurally invalid, {} with 1.0 for an integer",
                counted(w.reports, "report", "reports"),
                args.out.display(),
                w.broken_relation,
                w.broken_structure,
                w.integral_float
            ));
            ExitCode::SUCCESS
        }
        Err(error) => usage_error(format!("{}: {error}", args.out.display())),
    }
}

fn export(args: &xxgk::cli::ExportArgs) -> ExitCode {
    let options = match args.options() {
        Ok(options) => options,
        Err(error) => return usage_error(error),
    };
    let sources = batch::expand(&args.paths);
    if sources.is_empty() {
        return usage_error("no input files (folders are searched for *.json)");
    }
    let progress = progress_bar(sources.len());
    let exported = xxgk::export::export(&sources, &args.out, &options, |source, outcome| {
        progress.inc(1);
        for line in xxgk::export::rejection_lines(source, outcome, options.lang) {
            progress.suspend(|| say(line));
        }
    });
    progress.finish_and_clear();
    match exported {
        Ok(totals) => {
            say(xxgk::export::totals_line(&totals, &args.out, options.lang));
            ExitCode::from(totals.exit_code())
        }
        Err(error) => usage_error(error),
    }
}

/// The exit status of a run the library did, after reporting why it failed.
fn finished(outcome: run::Outcome) -> ExitCode {
    match outcome {
        Ok(status) => ExitCode::from(status),
        Err(run::Failure::Usage(message)) => usage_error(message),
        Err(run::Failure::Output { error, status }) => {
            output_failed(&error, ExitCode::from(status))
        }
    }
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    say(format_args!("xxgk: {message}"));
    ExitCode::from(EXIT_USAGE)
}

fn serve() -> ExitCode {
    let mut built_in = xxgk::conformance::BuiltIn::new(Options {
        current_year: xxgk::check::current_year(),
    });
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    match xxgk::conformance::serve::serve(stdin, stdout, &mut built_in) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => usage_error(error),
    }
}

/// `xxgk serve`: the address goes to standard output once bound, then the library serves.
fn serve_http(args: &ServeArgs) -> ExitCode {
    let timeout = match std::time::Duration::try_from_secs_f64(args.timeout) {
        Ok(timeout) if !timeout.is_zero() => timeout,
        _ => {
            return usage_error(format!(
                "--timeout {}: not a number of seconds",
                args.timeout
            ));
        }
    };
    let config = xxgk::serve::Config {
        max_body: args.max_body_size,
        timeout,
        max_concurrent: args.max_concurrent,
    };
    let served = xxgk::serve::run(&args.addr, config, |addr| {
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "listening on http://{addr}").and_then(|()| stdout.flush());
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => usage_error(format!("serve {}: {error}", args.addr)),
    }
}

/// A progress bar on standard error, when it is a terminal and the run is long enough to need one.
fn progress_bar(files: usize) -> ProgressBar {
    if files < 200 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, ETA {eta}")
        .expect("a valid progress template");
    bar.set_style(style);
    bar
}

fn rules(args: &RulesArgs) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        RulesFormat::Human => output::rules::write_table(&mut out, args.lang.resolve()),
        RulesFormat::Json => output::rules::write_json(&mut out),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output_failed(&error, ExitCode::SUCCESS),
    }
}

fn write_schema(dir: &Path) -> ExitCode {
    for (path, content) in xxgk::generated::schema_files() {
        let path = dir.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, content));
        if let Err(error) = written {
            return usage_error(format!("cannot write {}: {error}", path.display()));
        }
        say(format_args!("wrote {}", path.display()));
    }
    ExitCode::SUCCESS
}
