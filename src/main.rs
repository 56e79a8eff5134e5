//! The `xxgk` command line: parses arguments, calls the library, prints.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use xxgk::batch::{self, BatchOptions, Source};
use xxgk::check::{CATALOG, Lang, Options, Rule, input::DEFAULT_MAX_FILE_SIZE};
use xxgk::output::{self, FileView, Filter, Format, Summary};

// Checking a corpus allocates many short-lived strings on every thread; glibc's allocator
// spent an eighth of the run in malloc/free and their locks (perf, 150,000 reports).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    about = "政府信息公开工作年度报告: canonical JSON, schema, checker"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports: structure against the published schema, then the template's rules.
    ///
    /// Exit status: 0 all valid (warnings allowed), 1 some report invalid, 2 usage error or some
    /// file unreadable.
    Check(CheckArgs),
    /// Run the conformance suite against the built-in checker or another implementation.
    #[command(subcommand)]
    Conformance(ConformanceCommand),
    /// Write a deterministic corpus of realistic reports (for benchmarks and agreement tests).
    Generate {
        /// How many reports.
        #[arg(long)]
        count: u64,
        /// The seed: the same seed gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The share of reports with one broken relation or structure.
        #[arg(long, default_value_t = 0.02)]
        invalid_share: f64,
        /// The folder to write into (a subfolder per thousand reports).
        #[arg(long)]
        out: PathBuf,
    },
    /// Import published reports (extracted text, HTML, Word .docx) into canonical JSON.
    ///
    /// With one input and no --out, the document goes to standard output; diagnostics go to
    /// standard error. Exit status as for `check`.
    Import(ImportArgs),
    /// Print the rule catalog.
    Rules {
        /// Language of titles.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Print the report JSON Schema, or write every schema file into a folder.
    Schema {
        /// Write the schema files under this folder (e.g. `schema/`) instead of printing.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// Regenerate every generated file of the repository (schema/, SPEC.md's label table,
    /// conformance/RULES.md).
    Regenerate {
        /// The repository root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only check: exit 1 when a generated file is out of date.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Subcommand)]
enum ConformanceCommand {
    /// Run every case; exit 1 when a case fails or errors.
    Run(ConformanceArgs),
    /// Serve the built-in checker over the harness protocol on stdin/stdout.
    Serve,
    /// Write every case's input as a file (`<id>.json`, `<id>.previous.json`).
    Inputs {
        /// The suite folder.
        #[arg(long, default_value = "conformance")]
        suite: PathBuf,
        /// The folder to write into.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct ConformanceArgs {
    /// The suite folder.
    #[arg(long, default_value = "conformance")]
    suite: PathBuf,
    /// An implementation speaking the harness protocol, started with `sh -c`.
    #[arg(long = "impl", value_name = "COMMAND", conflicts_with = "adapter")]
    harness: Option<String>,
    /// An implementation run as `COMMAND FILE` per case, printing diagnostics as JSON.
    #[arg(long, value_name = "COMMAND")]
    adapter: Option<String>,
    /// The rules the adapter implements (codes, comma-separated), or `all`.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "all",
        requires = "adapter"
    )]
    adapter_rules: Vec<String>,
    /// Write the JSON Lines report here (header, one result per case, footer).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Also list passed and not-applicable cases.
    #[arg(long)]
    verbose: bool,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// Files, or folders walked for *.txt, *.html, *.htm, *.shtml and *.docx.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write one `<name>.json` per input into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also run the checker on each imported document and report its findings.
    #[arg(long)]
    check: bool,
    /// Language of messages.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files, folders (walked recursively for *.json) or `-` for standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Language of messages.
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
    /// Report only these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Never report these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Show at most this many diagnostics per file (all are counted).
    #[arg(long, value_name = "N")]
    max_diagnostics: Option<usize>,
    /// The same agency's report of the previous year, compared with every input of the next year.
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// The current year (default: from the system clock); later report years are errors.
    #[arg(long, value_name = "YEAR")]
    current_year: Option<u16>,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// Exit status for usage errors and unreadable files.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Conformance(ConformanceCommand::Run(args)) => conformance(args),
        Command::Conformance(ConformanceCommand::Serve) => serve(),
        Command::Conformance(ConformanceCommand::Inputs { suite, out }) => {
            conformance_inputs(&suite, &out)
        }
        Command::Import(args) => import(args),
        Command::Rules { lang } => print_rules(lang.into()),
        Command::Generate {
            count,
            seed,
            invalid_share,
            out,
        } => {
            let spec = xxgk::generate::Spec {
                seed,
                invalid_share,
            };
            match xxgk::generate::write_corpus(&out, &spec, count) {
                Ok(w) => {
                    eprintln!(
                        "wrote {} reports to {}: {} with a broken relation, {} structurally invalid, {} with 1.0 for an integer",
                        w.reports,
                        out.display(),
                        w.broken_relation,
                        w.broken_structure,
                        w.integral_float
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => usage_error(format!("{}: {error}", out.display())),
            }
        }
        Command::Schema { write: None } => {
            print!("{}", xxgk::schema::report_schema_text());
            ExitCode::SUCCESS
        }
        Command::Schema { write: Some(dir) } => write_schema(&dir),
        Command::Regenerate { root, check } => regenerate(&root, check),
    }
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("xxgk: {message}");
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
        Some(path) => match previous_facts(path, &options) {
            Ok(facts) => Some(facts),
            Err(error) => return usage_error(error),
        },
        None => None,
    };

    let sources = batch::expand(&args.paths);
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
    };
    let stdout = std::io::stdout().lock();
    let mut printer = output::printer(
        format,
        args.lang.into(),
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
    if let Err(error) = io_result.and_then(|()| printer.finish(&summary)) {
        // A closed pipe (`xxgk check … | head`) is not a failure of the check.
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            return usage_error(format!("cannot write output: {error}"));
        }
    }
    ExitCode::from(summary.exit_code())
}

fn conformance(args: ConformanceArgs) -> ExitCode {
    use xxgk::conformance::{self, Adapter, BuiltIn, Harness, ReportRecord, Status, UnderTest};
    let suite = match conformance::Suite::load(&args.suite) {
        Ok(suite) => suite,
        Err(error) => return usage_error(error),
    };
    let mut implementation: Box<dyn UnderTest> = match (&args.harness, &args.adapter) {
        (Some(command), _) => match Harness::start(command) {
            Ok(harness) => Box::new(harness),
            Err(error) => return usage_error(error),
        },
        (None, Some(command)) => {
            let rules = if args.adapter_rules.iter().any(|r| r == "all") {
                conformance::protocol::Declared::All(conformance::protocol::AllRules::All)
            } else {
                conformance::protocol::Declared::Some(args.adapter_rules.clone())
            };
            match Adapter::new(command, rules) {
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
    let mut name = String::new();
    let tally = conformance::run(&suite, implementation.as_mut(), |record| {
        if let Some(report) = report.as_mut() {
            let _ = serde_json::to_writer(&mut *report, record).map(|()| report.write_all(b"\n"));
        }
        match record {
            ReportRecord::Header(header) => {
                name = format!(
                    "{} {}",
                    header.implementation.name, header.implementation.version
                );
                let _ = writeln!(
                    out,
                    "suite {} ({} cases) against {name}",
                    header.suite_version, header.cases
                );
            }
            ReportRecord::Result(result) => {
                let shown = args.verbose
                    || !matches!(result.status, Status::Passed | Status::NotApplicable);
                if shown {
                    let status = serde_json::to_value(result.status).unwrap_or_default();
                    let message = result.message.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {:<15} {} ({}) {message}",
                        status.as_str().unwrap_or("?"),
                        result.id,
                        result.file
                    );
                    if result.status == Status::Failed {
                        let _ = writeln!(
                            out,
                            "      expected {:?}\n      actual   {:?}",
                            result.expected, result.actual
                        );
                    }
                }
            }
            ReportRecord::Footer(t) => {
                let _ = writeln!(
                    out,
                    "{} passed, {} failed, {} errored, {} skipped, {} not applicable",
                    t.passed, t.failed, t.errored, t.skipped, t.not_applicable
                );
            }
        }
    });
    if let Some(mut report) = report
        && let Err(error) = report.flush()
    {
        return usage_error(format!("cannot write the report: {error}"));
    }
    drop(implementation);
    ExitCode::from(u8::from(tally.unsuccessful() > 0))
}

fn import(args: ImportArgs) -> ExitCode {
    let inputs = xxgk::batch::expand_with(&args.paths, &xxgk::import::EXTENSIONS);
    if inputs.len() > 1 && args.out.is_none() {
        return usage_error("several inputs need --out DIR");
    }
    if let Some(dir) = &args.out {
        if let Some((first, second)) = colliding_outputs(&inputs, dir) {
            return usage_error(format!(
                "{} and {} would both be written to {}",
                first.display(),
                second.display(),
                imported_path(dir, &second).display()
            ));
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
    let mut printer = output::printer(Format::Human, args.lang.into(), Box::new(stderr));
    let filter = Filter::default();
    let mut failure = None;
    // Each document is written, and freed, by the thread that imported it: only its
    // diagnostics come back to be printed in order.
    batch::in_order(
        &inputs,
        |source| {
            let imported = import_source(source, &args, &options);
            let written = write_imported(source, &imported, args.out.as_deref());
            (checked_of(imported), written)
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
    if let Some(error) = failure {
        let _ = printer.flush();
        return usage_error(error);
    }
    let _ = printer.finish(&summary).and_then(|()| printer.flush());
    ExitCode::from(summary.exit_code())
}

fn import_source(source: &Source, args: &ImportArgs, options: &Options) -> xxgk::import::Imported {
    let bytes = match source {
        Source::File(path) => xxgk::check::input::read_limited(path, DEFAULT_MAX_FILE_SIZE),
        Source::Stdin | Source::Unlistable(..) => Err(Box::new(
            xxgk::check::Diagnostic::new(Rule::IoError, "").arg("detail", "not a readable file"),
        )),
    };
    let mut imported = match bytes {
        Ok(bytes) => xxgk::import::import(&bytes, &source.display()),
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

/// An import's findings, in the form the printers take.
fn checked_of(imported: xxgk::import::Imported) -> xxgk::check::Checked {
    let edition = imported.document["edition"]
        .as_str()
        .and_then(xxgk::model::Edition::from_tag);
    xxgk::check::Checked {
        edition,
        diagnostics: imported.diagnostics,
        facts: None,
    }
}

/// Where the document imported from `path` is written in `dir`: its file stem, as `.json`.
fn imported_path(dir: &Path, path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    dir.join(format!("{stem}.json"))
}

/// Two inputs whose documents would be written to the same file (`a/x.html`, `b/x.txt`): one
/// would silently replace the other.
fn colliding_outputs(inputs: &[Source], dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut seen: std::collections::HashMap<PathBuf, &Path> = std::collections::HashMap::new();
    inputs.iter().find_map(|source| match source {
        Source::File(path) => seen
            .insert(imported_path(dir, path), path)
            .map(|earlier| (earlier.to_path_buf(), path.clone())),
        _ => None,
    })
}

fn write_imported(
    source: &Source,
    imported: &xxgk::import::Imported,
    out: Option<&Path>,
) -> Result<(), String> {
    if imported.document.is_null() {
        return Ok(());
    }
    let mut text = serde_json::to_string_pretty(&imported.document).expect("documents serialize");
    text.push('\n');
    match (out, source) {
        (Some(dir), Source::File(path)) => {
            let target = imported_path(dir, path);
            std::fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))
        }
        _ => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string()),
    }
}

fn conformance_inputs(suite: &Path, out: &Path) -> ExitCode {
    let written = xxgk::conformance::Suite::load(suite)
        .map_err(|e| e.to_string())
        .and_then(|suite| suite.write_inputs(out));
    match written {
        Ok(count) => {
            eprintln!("wrote the inputs of {count} cases to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(error) => usage_error(error),
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

fn previous_facts(path: &Path, options: &BatchOptions) -> Result<xxgk::check::YearFacts, String> {
    let checked = batch::check_source(&Source::File(path.to_path_buf()), options);
    checked.facts.ok_or_else(|| {
        let reasons: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity() == xxgk::check::Severity::Error)
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

fn print_rules(lang: Lang) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for info in CATALOG {
        let title = match lang {
            Lang::Zh => info.title_zh,
            Lang::En => info.title_en,
        };
        let editions: Vec<&str> = info.editions.iter().map(|e| e.tag()).collect();
        let line = writeln!(
            out,
            "{}  {:<24} {:<8} {:<12} {:<10} {}",
            info.code,
            info.name,
            info.severity.name(),
            info.family.name(),
            editions.join(","),
            title
        );
        if line.is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

fn write_schema(dir: &Path) -> ExitCode {
    for (path, content) in xxgk::schema::schema_files() {
        let path = dir.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, content));
        if let Err(error) = written {
            return usage_error(format!("cannot write {}: {error}", path.display()));
        }
        eprintln!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

fn regenerate(root: &Path, check: bool) -> ExitCode {
    match xxgk::docs::sync(root, !check) {
        Ok(outcomes) => {
            let stale: Vec<_> = outcomes.iter().filter(|o| !o.up_to_date).collect();
            for outcome in &stale {
                let verb = if check { "out of date" } else { "updated" };
                eprintln!("{verb}: {}", outcome.path.display());
            }
            if check && !stale.is_empty() {
                eprintln!("run `cargo run -- regenerate` to regenerate");
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => usage_error(error),
    }
}
