//! What a command run does, from its parsed arguments to its exit status: the orchestration of
//! `check` (filters, the previous year, cross-year findings), `import` (the batch, `--manifest`,
//! writing documents out), `conformance run` and `summary`.
//!
//! Nothing here prints on its own: the caller (`main.rs`) gives the writers output goes to, the
//! progress bar (hidden when there is no terminal) and what to do with a line for the user.

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;

use indicatif::ProgressBar;

use crate::batch::{self, BatchOptions, FileResult, Source};
use crate::check::{Options, input::DEFAULT_MAX_FILE_SIZE};
use crate::cli::{CheckArgs, ConformanceArgs, ImportArgs, SummaryArgs};
use crate::diagnostics::{Lang, Rule, Severity};
use crate::import::{Imported, Manifest, Supplied};
use crate::output::{self, FileView, Filter, Summary, counted};

/// Why a run ended before it could report its own exit status.
#[derive(Debug)]
pub enum Failure {
    /// A usage error, or a file that cannot be read or written: `xxgk: {message}`, exit
    /// status 2.
    Usage(String),
    /// Standard output failed; `status` is the exit status the run had otherwise.
    Output { error: io::Error, status: u8 },
}

impl<T: std::fmt::Display> From<T> for Failure {
    fn from(message: T) -> Self {
        Failure::Usage(message.to_string())
    }
}

/// Makes the progress bar of a run of so many files (hidden when there is no terminal or the
/// run is short).
pub type ProgressBars<'a> = &'a dyn Fn(usize) -> ProgressBar;

/// The exit status of a run, or why it failed.
pub type Outcome = Result<u8, Failure>;

/// `Failure::Output` after `written`, or the status.
fn status_after(written: io::Result<()>, status: u8) -> Outcome {
    written
        .map(|()| status)
        .map_err(|error| Failure::Output { error, status })
}

const NO_JSON_INPUTS: &str = "no input files (folders are searched for *.json)";

fn parse_rules(names: &[String]) -> Result<Vec<Rule>, String> {
    names
        .iter()
        .filter(|name| !name.is_empty())
        .map(|name| {
            Rule::find(name).ok_or_else(|| format!("unknown rule `{name}` (see `xxgk rules`)"))
        })
        .collect()
}

/// `xxgk check`: every file's findings, then the cross-year findings, then the summary, into
/// `out`.
pub fn check(args: &CheckArgs, out: Box<dyn Write + '_>, progress_bar: ProgressBars) -> Outcome {
    let filter = match (parse_rules(&args.select), parse_rules(&args.ignore)) {
        (Ok(select), Ok(ignore)) => Filter {
            select: (!select.is_empty()).then_some(select),
            ignore,
            max_per_file: args.max_diagnostics,
        },
        (Err(error), _) | (_, Err(error)) => return Err(error.into()),
    };
    let options = BatchOptions {
        check: Options {
            current_year: args.current_year.unwrap_or_else(crate::check::current_year),
        },
        max_file_size: args.max_file_size,
    };
    let previous = match &args.previous {
        Some(path) => Some(previous_year(path, &options)?),
        None => None,
    };

    let sources = batch::expand(&args.paths);
    if sources.is_empty() {
        return Err(NO_JSON_INPUTS.into());
    }
    let mut printer = output::printer(
        args.output.format.into(),
        args.output.lang.resolve(),
        args.output.verbosity(),
        output::Verdicts::Checked,
        out,
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
    let status = summary.exit_code();
    status_after(io_result.and_then(|()| printer.finish(&summary)), status)
}

fn previous_year(path: &Path, options: &BatchOptions) -> Result<batch::PreviousYear, String> {
    batch::PreviousYear::read(path, options).map_err(|diagnostics| {
        let reasons: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .map(|d| format!("{} {}", d.code(), d.message(Lang::En)))
            .collect();
        format!(
            "--previous {}: not a structurally valid report: {}",
            path.display(),
            reasons.join("; ")
        )
    })
}

/// One file's diagnostics. Output is buffered; while a progress bar is drawn, each file's lines
/// are written out with the bar lifted, so that the two never interleave on the terminal.
fn print_file(
    printer: &mut dyn output::Printer,
    progress: &ProgressBar,
    view: &FileView,
) -> io::Result<()> {
    if progress.is_hidden() {
        printer.file(view)
    } else {
        progress.suspend(|| printer.file(view).and_then(|()| printer.flush()))
    }
}

/// `xxgk conformance run`: a line per case into `out`, the records into `--report`.
pub fn conformance(args: &ConformanceArgs, out: &mut dyn Write) -> Outcome {
    use crate::conformance::protocol::{AllRules, Declared};
    use crate::conformance::{self, Adapter, BuiltIn, Harness, UnderTest, implementations::Limits};
    let suite = args.suite.load()?;
    let limits = match std::time::Duration::try_from_secs_f64(args.timeout) {
        Ok(timeout) if !timeout.is_zero() => Limits {
            timeout,
            ..Limits::default()
        },
        _ => return Err(format!("--timeout {}: not a number of seconds", args.timeout).into()),
    };
    let mut implementation: Box<dyn UnderTest> = match (&args.harness, &args.adapter) {
        (Some(command), _) => Box::new(Harness::start(command, limits)?),
        (None, Some(command)) => {
            let rules = if args.adapter_rules.iter().any(|r| r == "all") {
                Declared::All(AllRules::All)
            } else {
                Declared::Some(args.adapter_rules.clone())
            };
            Box::new(Adapter::new(command, rules, limits)?)
        }
        (None, None) => Box::new(BuiltIn::new(Options {
            current_year: crate::check::current_year(),
        })),
    };
    let mut report = match &args.report {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Some(io::BufWriter::new(file)),
            Err(error) => return Err(format!("{}: {error}", path.display()).into()),
        },
        None => None,
    };
    let mut report_written = Ok(());
    let mut out_written = Ok(());
    let tally = conformance::run(&suite, implementation.as_mut(), |record| {
        if let (Some(report), Ok(())) = (report.as_mut(), &report_written) {
            report_written = serde_json::to_writer(&mut *report, record)
                .map_err(io::Error::from)
                .and_then(|()| report.write_all(b"\n"));
        }
        if out_written.is_ok() {
            out_written = conformance::human::write_record(out, record, args.verbose);
        }
    });
    drop(implementation);
    if let Some(report) = report.as_mut() {
        report_written = report_written.and_then(|()| report.flush());
    }
    if let Err(error) = report_written {
        return Err(format!("cannot write the report: {error}").into());
    }
    let status = u8::from(tally.unsuccessful() > 0);
    status_after(out_written.and_then(|()| out.flush()), status)
}

/// Where `xxgk import` sends what it produces.
pub struct ImportOutput<'a> {
    /// The diagnostics and verdicts (standard error).
    pub diagnostics: Box<dyn Write + 'a>,
    /// Writes one document, when there is no `--out` (standard output).
    pub document: &'a (dyn Fn(&[u8]) -> io::Result<()> + Sync),
    /// A line for the user (a warning about the manifest).
    pub say: &'a mut dyn FnMut(String),
}

/// `xxgk import`: every input (from the arguments or the `--manifest`) imported on the thread
/// pool, with its supplied metadata, checked with `--check`, written into `--out` or to
/// `document`; the diagnostics in input order.
pub fn import(args: &ImportArgs, output: ImportOutput<'_>, progress_bar: ProgressBars) -> Outcome {
    let ImportOutput {
        diagnostics,
        document,
        say,
    } = output;
    let manifest = args.manifest.as_deref().map(Manifest::read).transpose()?;
    let inputs = match &manifest {
        Some(manifest) if args.paths.is_empty() => manifest
            .files()
            .map(|file| Source::File(file.to_path_buf()))
            .collect(),
        _ => batch::expand_with(&args.paths, &crate::import::extensions()),
    };
    let single = args.supplied.supplied();
    if single.is_some() && inputs.len() > 1 {
        return Err(
            "--agency, --year, --published-on, --division-code and --url describe one input; \
             for several, give a --manifest"
                .into(),
        );
    }
    let given_with_paths = manifest.as_ref().filter(|_| !args.paths.is_empty());
    if let Some(line) = given_with_paths.and_then(|manifest| unmatched_rows(manifest, &inputs)) {
        say(line);
    }
    let supplied_for = |source: &Source| -> Supplied {
        let listed = match (source, &manifest) {
            (Source::File(path), Some(manifest)) => manifest.supplied_for(path),
            _ => None,
        };
        listed.or(single.as_ref()).cloned().unwrap_or_default()
    };
    if inputs.is_empty() {
        return Err(format!(
            "no input files (folders are searched for *.{})",
            crate::import::extensions().join(", *.")
        )
        .into());
    }
    if inputs.len() > 1 && args.out.is_none() {
        return Err("several inputs need --out DIR".into());
    }
    if let Some(dir) = &args.out {
        if let Some((first, second, target)) = crate::import::targets::colliding(&inputs, dir) {
            return Err(format!(
                "{first} and {second} would both be written to {}",
                target.display()
            )
            .into());
        }
        crate::import::targets::refuse_overwrites(&inputs, dir, args.force)?;
        if let Err(error) = std::fs::create_dir_all(dir) {
            return Err(format!("{}: {error}", dir.display()).into());
        }
    }
    let options = Options {
        current_year: crate::check::current_year(),
    };
    let progress = progress_bar(inputs.len());
    let mut summary = Summary::default();
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
        diagnostics,
    );
    let filter = Filter::default();
    let mut failure = None;
    // Each document is written, and freed, by the thread that imported it: only its
    // diagnostics come back to be printed in order.
    batch::in_order(
        &inputs,
        |source| {
            let imported = import_source(source, &supplied_for(source), args, &options);
            let written = write_imported(source, &imported, args, document);
            (imported.into_checked(), written)
        },
        |_, source, (checked, written)| {
            progress.inc(1);
            if let Err(error) = written {
                failure = Some(error);
                return ControlFlow::Break(());
            }
            let result = FileResult {
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
    let status = summary.exit_code();
    match failure {
        // A closed pipe ends the document on standard output quietly, as for `check`.
        Some(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Some(error) => {
            let _ = printer.flush();
            Err(error.into())
        }
        None => {
            let _ = printer.finish(&summary).and_then(|()| printer.flush());
            Ok(status)
        }
    }
}

/// The warning for the rows of a manifest that name none of the inputs given with it (their
/// metadata is not used).
fn unmatched_rows(manifest: &Manifest, inputs: &[Source]) -> Option<String> {
    let files: Vec<&Path> = inputs
        .iter()
        .filter_map(|source| match source {
            Source::File(path) => Some(path.as_path()),
            _ => None,
        })
        .collect();
    let unmatched = manifest.unmatched(&files);
    unmatched.first().map(|(line, file)| {
        format!(
            "warning: {} of the manifest name no input (first: line {line}, {})",
            counted(unmatched.len() as u64, "row", "rows"),
            file.display()
        )
    })
}

fn import_source(
    source: &Source,
    supplied: &Supplied,
    args: &ImportArgs,
    options: &Options,
) -> Imported {
    let mut imported = match batch::read_source(source, DEFAULT_MAX_FILE_SIZE) {
        Ok(bytes) => {
            let carrier = args.carrier.map_or_else(
                || crate::import::sniff_carrier(&bytes, &source.display()),
                Into::into,
            );
            crate::import::import_with(&bytes, carrier, supplied)
        }
        Err(diagnostic) => Imported {
            document: serde_json::Value::Null,
            diagnostics: vec![*diagnostic],
        },
    };
    if args.check && !imported.document.is_null() {
        imported
            .diagnostics
            .extend(crate::check::check_value(&imported.document, options).diagnostics);
    }
    imported
}

/// Writes an imported document: into its file in `--out`, whole, or through `document`. The
/// error names the file.
fn write_imported(
    source: &Source,
    imported: &Imported,
    args: &ImportArgs,
    document: &(dyn Fn(&[u8]) -> io::Result<()> + Sync),
) -> io::Result<()> {
    if imported.document.is_null() {
        return Ok(());
    }
    let mut text = serde_json::to_vec_pretty(&imported.document).expect("documents serialize");
    text.push(b'\n');
    match &args.out {
        Some(dir) => {
            let target = crate::import::targets::target_path(dir, source);
            crate::import::targets::write_whole(&target, &text, args.force)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))
        }
        None => document(&text)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write output: {e}"))),
    }
}

/// `xxgk summary`: the page written whole to `--out`; `say` gets the files left out and the
/// closing line.
pub fn summary(
    args: &SummaryArgs,
    progress_bar: ProgressBars,
    say: &mut dyn FnMut(String),
) -> Outcome {
    let lang = args.lang.resolve();
    let sources = batch::expand(&args.paths);
    if sources.is_empty() {
        return Err(NO_JSON_INPUTS.into());
    }
    crate::export::refuse_overwrite(&args.out, args.force)?;
    let options = Options {
        current_year: args.current_year.unwrap_or_else(crate::check::current_year),
    };
    let progress = progress_bar(sources.len());
    let corpus = crate::summary::collect(
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
                for line in crate::export::lines_left_out(source, outcome, lang, left_out) {
                    progress.suspend(|| say(line));
                }
            }
        },
    );
    progress.finish_and_clear();
    let page = crate::summary::page::render(&corpus, lang, &args.out);
    match crate::import::targets::write_whole(&args.out, page.as_bytes(), args.force) {
        Ok(()) => {
            say(format!(
                "wrote {} ({} files)",
                args.out.display(),
                corpus.files
            ));
            Ok(corpus.exit_code())
        }
        Err(error) => Err(format!("{}: {error}", args.out.display()).into()),
    }
}
