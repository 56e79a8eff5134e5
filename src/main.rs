//! The `xxgk` command line: parses arguments, calls the library, prints.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use xxgk::batch::{self, BatchOptions, Source};
use xxgk::check::{Options, input::DEFAULT_MAX_FILE_SIZE};
use xxgk::cli::{
    CheckArgs, Cli, Command, ConformanceArgs, ConformanceCommand, GenerateArgs, ImportArgs,
    RulesArgs, RulesFormat, ServeArgs,
};
use xxgk::diagnostics::{Lang, Rule};
use xxgk::import::{Manifest, Supplied};
use xxgk::output::{self, FileView, Filter, Summary, counted};

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
        Command::Check(args) => check(args),
        Command::Import(args) => import(args),
        Command::Conformance(ConformanceCommand::Run(args)) => conformance(args),
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
        Command::Summary(args) => summary(&args),
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
    let spec = xxgk::generate::Spec {
        seed: args.seed,
        invalid_share: args.invalid_share,
    };
    match xxgk::generate::write_corpus(&args.out, &spec, args.count) {
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

fn summary(args: &xxgk::cli::SummaryArgs) -> ExitCode {
    let lang = args.lang.resolve();
    let sources = batch::expand(&args.paths);
    if sources.is_empty() {
        return usage_error("no input files (folders are searched for *.json)");
    }
    if let Err(error) = xxgk::export::refuse_overwrite(&args.out, args.force) {
        return usage_error(error);
    }
    let options = Options {
        current_year: args.current_year.unwrap_or_else(xxgk::check::current_year),
    };
    let progress = progress_bar(sources.len());
    let corpus = xxgk::summary::collect(
        &sources,
        &options,
        args.max_file_size,
        |source, left_out| {
            progress.inc(1);
            if let Some(outcome) = left_out {
                let left_out = match lang {
                    Lang::Zh => "未计入概览",
                    Lang::En => "not summarized as a report",
                };
                for line in xxgk::export::lines_left_out(source, outcome, lang, left_out) {
                    progress.suspend(|| say(line));
                }
            }
        },
    );
    progress.finish_and_clear();
    let page = xxgk::summary::page::render(&corpus, lang, &args.out);
    match xxgk::import::targets::write_whole(&args.out, page.as_bytes(), args.force) {
        Ok(()) => {
            say(format_args!(
                "wrote {} ({} files)",
                args.out.display(),
                corpus.files
            ));
            ExitCode::from(corpus.exit_code())
        }
        Err(error) => usage_error(format!("{}: {error}", args.out.display())),
    }
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    say(format_args!("xxgk: {message}"));
    ExitCode::from(EXIT_USAGE)
}

fn parse_rules(names: &[String]) -> Result<Vec<Rule>, String> {
    names
        .iter()
        .filter(|name| !name.is_empty())
        .map(|name| {
            Rule::find(name).ok_or_else(|| format!("unknown rule `{name}` (see `xxgk rules`)"))
        })
        .collect()
}

fn check(args: CheckArgs) -> ExitCode {
    let filter = match (parse_rules(&args.select), parse_rules(&args.ignore)) {
        (Ok(select), Ok(ignore)) => Filter {
            select: (!select.is_empty()).then_some(select),
            ignore,
            max_per_file: args.max_diagnostics,
        },
        (Err(error), _) | (_, Err(error)) => return usage_error(error),
    };
    let options = BatchOptions {
        check: Options {
            current_year: args.current_year.unwrap_or_else(xxgk::check::current_year),
        },
        max_file_size: args.max_file_size,
    };
    let previous = match &args.previous {
        Some(path) => match previous_year(path, &options) {
            Ok(previous) => Some(previous),
            Err(error) => return usage_error(error),
        },
        None => None,
    };

    let sources = batch::expand(&args.paths);
    if sources.is_empty() {
        return usage_error("no input files (folders are searched for *.json)");
    }
    let stdout = std::io::stdout().lock();
    let mut printer = output::printer(
        args.output.format.into(),
        args.output.lang.resolve(),
        args.output.verbosity(),
        output::Verdicts::Checked,
        Box::new(std::io::BufWriter::new(stdout)),
    );
    let progress = progress_bar(sources.len());
    let mut summary = Summary::default();
    let mut io_result = Ok(());
    let cross_year = batch::run(&sources, &options, previous.as_ref(), |_, result| {
        let view = FileView::new(&result, &filter);
        summary.add(&view);
        progress.inc(1);
        if io_result.is_ok() {
            io_result = print_file(printer.as_mut(), &progress, &view);
        }
    });
    progress.finish_and_clear();
    for (_, source, diagnostics) in &cross_year {
        let kept: Vec<_> = diagnostics.iter().filter(|d| filter.keeps(d)).collect();
        kept.iter().for_each(|d| summary.counts.add(d.severity()));
        if io_result.is_ok() && !kept.is_empty() {
            io_result = printer.cross_year(source, &kept);
        }
    }
    let status = ExitCode::from(summary.exit_code());
    match io_result.and_then(|()| printer.finish(&summary)) {
        Ok(()) => status,
        Err(error) => output_failed(&error, status),
    }
}

fn conformance(args: ConformanceArgs) -> ExitCode {
    use xxgk::conformance::{self, Adapter, BuiltIn, Harness, UnderTest, implementations::Limits};
    let suite = match args.suite.load() {
        Ok(suite) => suite,
        Err(error) => return usage_error(error),
    };
    let limits = match std::time::Duration::try_from_secs_f64(args.timeout) {
        Ok(timeout) if !timeout.is_zero() => Limits {
            timeout,
            ..Limits::default()
        },
        _ => {
            return usage_error(format!(
                "--timeout {}: not a number of seconds",
                args.timeout
            ));
        }
    };
    let mut implementation: Box<dyn UnderTest> = match (&args.harness, &args.adapter) {
        (Some(command), _) => match Harness::start(command, limits) {
            Ok(harness) => Box::new(harness),
            Err(error) => return usage_error(error),
        },
        (None, Some(command)) => {
            let rules = if args.adapter_rules.iter().any(|r| r == "all") {
                conformance::protocol::Declared::All(conformance::protocol::AllRules::All)
            } else {
                conformance::protocol::Declared::Some(args.adapter_rules.clone())
            };
            match Adapter::new(command, rules, limits) {
                Ok(adapter) => Box::new(adapter),
                Err(error) => return usage_error(error),
            }
        }
        (None, None) => Box::new(BuiltIn::new(Options {
            current_year: xxgk::check::current_year(),
        })),
    };
    let mut report = match &args.report {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Some(std::io::BufWriter::new(file)),
            Err(error) => return usage_error(format!("{}: {error}", path.display())),
        },
        None => None,
    };
    let mut out = std::io::stdout().lock();
    let mut report_written = Ok(());
    let mut out_written = Ok(());
    let tally = conformance::run(&suite, implementation.as_mut(), |record| {
        if let (Some(report), Ok(())) = (report.as_mut(), &report_written) {
            report_written = serde_json::to_writer(&mut *report, record)
                .map_err(std::io::Error::from)
                .and_then(|()| report.write_all(b"\n"));
        }
        if out_written.is_ok() {
            out_written = conformance::human::write_record(&mut out, record, args.verbose);
        }
    });
    drop(implementation);
    if let Some(report) = report.as_mut() {
        report_written = report_written.and_then(|()| report.flush());
    }
    if let Err(error) = report_written {
        return usage_error(format!("cannot write the report: {error}"));
    }
    let status = ExitCode::from(u8::from(tally.unsuccessful() > 0));
    match out_written.and_then(|()| out.flush()) {
        Ok(()) => status,
        Err(error) => output_failed(&error, status),
    }
}

fn import(args: ImportArgs) -> ExitCode {
    let manifest = match args.manifest.as_deref().map(Manifest::read).transpose() {
        Ok(manifest) => manifest,
        Err(error) => return usage_error(error),
    };
    let inputs = match &manifest {
        Some(manifest) if args.paths.is_empty() => manifest
            .files()
            .map(|file| Source::File(file.to_path_buf()))
            .collect(),
        _ => xxgk::batch::expand_with(&args.paths, &xxgk::import::EXTENSIONS),
    };
    let single = args.supplied.supplied();
    if single.is_some() && inputs.len() > 1 {
        return usage_error(
            "--agency, --year, --published-on, --division-code and --url describe one input; \
             for several, give a --manifest",
        );
    }
    if let Some(manifest) = manifest.as_ref().filter(|_| !args.paths.is_empty()) {
        warn_of_unmatched_rows(manifest, &inputs);
    }
    let supplied_for = |source: &Source| -> Supplied {
        let listed = match (source, &manifest) {
            (Source::File(path), Some(manifest)) => manifest.supplied_for(path),
            _ => None,
        };
        listed.or(single.as_ref()).cloned().unwrap_or_default()
    };
    if inputs.is_empty() {
        return usage_error(format!(
            "no input files (folders are searched for *.{})",
            xxgk::import::EXTENSIONS.join(", *.")
        ));
    }
    if inputs.len() > 1 && args.out.is_none() {
        return usage_error("several inputs need --out DIR");
    }
    if let Some(dir) = &args.out {
        if let Some((first, second, target)) = xxgk::import::targets::colliding(&inputs, dir) {
            return usage_error(format!(
                "{first} and {second} would both be written to {}",
                target.display()
            ));
        }
        if let Err(error) = xxgk::import::targets::refuse_overwrites(&inputs, dir, args.force) {
            return usage_error(error);
        }
        if let Err(error) = std::fs::create_dir_all(dir) {
            return usage_error(format!("{}: {error}", dir.display()));
        }
    }
    let options = Options {
        current_year: xxgk::check::current_year(),
    };
    let progress = progress_bar(inputs.len());
    let mut summary = Summary::default();
    let stderr = std::io::BufWriter::new(std::io::stderr());
    let verdicts = if args.check {
        output::Verdicts::Checked
    } else {
        output::Verdicts::Imported
    };
    let mut printer = output::printer(
        args.output.format.into(),
        args.output.lang.resolve(),
        args.output.verbosity(),
        verdicts,
        Box::new(stderr),
    );
    let filter = Filter::default();
    let mut failure = None;
    // Each document is written, and freed, by the thread that imported it: only its
    // diagnostics come back to be printed in order.
    batch::in_order(
        &inputs,
        |source| {
            let imported = import_source(source, &supplied_for(source), &args, &options);
            let written = write_imported(source, &imported, &args);
            (imported.into_checked(), written)
        },
        |_, source, (checked, written)| {
            progress.inc(1);
            if let Err(error) = written {
                failure = Some(error);
                return ControlFlow::Break(());
            }
            let result = xxgk::batch::FileResult {
                source: source.clone(),
                checked,
            };
            let view = FileView::new(&result, &filter);
            summary.add(&view);
            let _ = print_file(printer.as_mut(), &progress, &view);
            ControlFlow::Continue(())
        },
    );
    progress.finish_and_clear();
    let status = ExitCode::from(summary.exit_code());
    match failure {
        // A closed pipe ends the document on standard output quietly, as for `check`.
        Some(error) if error.kind() == std::io::ErrorKind::BrokenPipe => status,
        Some(error) => {
            let _ = printer.flush();
            usage_error(error)
        }
        None => {
            let _ = printer.finish(&summary).and_then(|()| printer.flush());
            status
        }
    }
}

/// Says which rows of a manifest name none of the inputs given with it (their metadata is not
/// used).
fn warn_of_unmatched_rows(manifest: &Manifest, inputs: &[Source]) {
    let files: Vec<&Path> = inputs
        .iter()
        .filter_map(|source| match source {
            Source::File(path) => Some(path.as_path()),
            _ => None,
        })
        .collect();
    let unmatched = manifest.unmatched(&files);
    if let Some((line, file)) = unmatched.first() {
        eprintln!(
            "warning: {} of the manifest name no input (first: line {line}, {})",
            counted(unmatched.len() as u64, "row", "rows"),
            file.display()
        );
    }
}

fn import_source(
    source: &Source,
    supplied: &Supplied,
    args: &ImportArgs,
    options: &Options,
) -> xxgk::import::Imported {
    let mut imported = match batch::read_source(source, DEFAULT_MAX_FILE_SIZE) {
        Ok(bytes) => {
            let carrier = args.carrier.map_or_else(
                || xxgk::import::sniff_carrier(&bytes, &source.display()),
                Into::into,
            );
            xxgk::import::import_with(&bytes, carrier, supplied)
        }
        Err(diagnostic) => xxgk::import::Imported {
            document: serde_json::Value::Null,
            diagnostics: vec![*diagnostic],
        },
    };
    if args.check && !imported.document.is_null() {
        imported
            .diagnostics
            .extend(xxgk::check::check_value(&imported.document, options).diagnostics);
    }
    imported
}

/// Writes an imported document: into its file in `--out`, whole, or to standard output. The
/// error names the file.
fn write_imported(
    source: &Source,
    imported: &xxgk::import::Imported,
    args: &ImportArgs,
) -> Result<(), std::io::Error> {
    if imported.document.is_null() {
        return Ok(());
    }
    let mut text = serde_json::to_vec_pretty(&imported.document).expect("documents serialize");
    text.push(b'\n');
    match &args.out {
        Some(dir) => {
            let target = xxgk::import::targets::target_path(dir, source);
            xxgk::import::targets::write_whole(&target, &text, args.force)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", target.display())))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&text)
                .and_then(|()| stdout.flush())
                .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write output: {e}")))
        }
    }
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

fn previous_year(path: &Path, options: &BatchOptions) -> Result<batch::PreviousYear, String> {
    batch::PreviousYear::read(path, options).map_err(|diagnostics| {
        let reasons: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity() == xxgk::diagnostics::Severity::Error)
            .map(|d| format!("{} {}", d.code(), d.message(Lang::En)))
            .collect();
        format!(
            "--previous {}: not a structurally valid report: {}",
            path.display(),
            reasons.join("; ")
        )
    })
}

/// One file's diagnostics. Output is buffered; while a progress bar is drawn, each file's lines are
/// written out with the bar lifted, so that the two never interleave on the terminal.
fn print_file(
    printer: &mut dyn output::Printer,
    progress: &ProgressBar,
    view: &FileView,
) -> std::io::Result<()> {
    if progress.is_hidden() {
        printer.file(view)
    } else {
        progress.suspend(|| printer.file(view).and_then(|()| printer.flush()))
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
    for (path, content) in xxgk::docs::schema_files() {
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
