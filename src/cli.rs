//! The command line's definition: every command, argument and help text of `xxgk`. The binary
//! parses it and prints (`src/main.rs`); the man pages (`man/`) and the shell completions
//! (`xxgk completions`) are generated from the same definition.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::check::input::DEFAULT_MAX_FILE_SIZE;
use crate::conformance::{Suite, SuiteError};
use crate::diagnostics::Lang;
use crate::export::{ExportOptions, Format as ExportFormat, Layout, PartitionKey};
use crate::import::Supplied;
use crate::model::ReportYear;
use crate::model::metadata::{Carrier, Date, DivisionCode};
use crate::model::text::Text;
use crate::output::{Format, Verbosity};

#[derive(Parser)]
#[command(
    name = "xxgk",
    version,
    about = "政府信息公开工作年度报告: canonical JSON, schema, checker, importer",
    long_about = "政府信息公开工作年度报告 (annual government-information-disclosure reports): \
                  check reports in their canonical JSON form against the published schema and the \
                  template's rules, import published reports into that form, and run the \
                  conformance suite."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The definition as a `clap::Command`, for the man pages and shell completions.
pub fn command() -> clap::Command {
    Cli::command()
}

#[derive(Subcommand)]
pub enum Command {
    /// Check reports: structure against the published schema, then the template's rules.
    ///
    /// Exit status: 0 all valid (warnings allowed), 1 some report invalid, 2 usage error, no
    /// input file, or some file unreadable.
    Check(CheckArgs),
    /// Import published reports (extracted text, HTML, Word .docx, PDF) into canonical JSON.
    ///
    /// With one input and no --out, the document goes to standard output; diagnostics go to
    /// standard error. Exit status as for `check`.
    Import(ImportArgs),
    /// Run the conformance suite (built in) against the built-in checker or another
    /// implementation.
    #[command(subcommand)]
    Conformance(ConformanceCommand),
    /// Serve the checker, the importer and a page over HTTP: the API under /v1 (described by
    /// /v1/openapi.json), the page at /.
    ///
    /// Prints the address it listens on, then serves until SIGTERM or SIGINT (Ctrl-C), after
    /// which the requests in flight are finished. Not to be confused with `conformance serve`,
    /// the harness protocol on standard input and output.
    Serve(ServeArgs),
    /// Print the rule catalog.
    Rules(RulesArgs),
    /// Print the report JSON Schema, or write every schema file into a folder.
    Schema {
        /// Write the schema files under this folder (e.g. `schema/`) instead of printing.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// Write a dataset of reports: one table in CSV, JSON Lines or Parquet (DATASET.md).
    ///
    /// Long layout (default): a row per report and cell, with its official labels and state
    /// (stated, blank, absent, unreadable, not_stated). Wide: a row per report, a column per cell.
    /// Files that are unreadable or not structurally valid reports are reported and left out.
    /// Exit status: 0 every input exported, 1 some report left out, 2 usage error, no input,
    /// some file unreadable, or the output could not be written.
    Export(ExportArgs),
    /// Write a summary of a corpus: one self-contained HTML page with SVG charts.
    ///
    /// Verdicts, diagnostics per rule, the cells most often not stated, new applications,
    /// outcomes, reviews and lawsuits by level and year, and the reports with the most errors
    /// (linked to their files). Exit status as for `export`; the page is written in any case.
    Summary(SummaryArgs),
    /// Write a deterministic corpus of synthetic reports (for benchmarks and agreement tests).
    Generate(GenerateArgs),
    /// Print a shell completion script (e.g. `source <(xxgk completions bash)`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files, folders (walked recursively for *.json) or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Report only these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Never report these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Show at most this many diagnostics per file (all are counted).
    #[arg(long, value_name = "N")]
    pub max_diagnostics: Option<usize>,
    /// The same agency's report of the previous year, compared with every input of the next year.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// The current year (default: from the system clock); later report years are errors.
    #[arg(long, value_name = "YEAR")]
    pub current_year: Option<u16>,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Files, folders (walked for *.txt, *.html, *.htm, *.shtml, *.docx and *.pdf) or `-` for standard
    /// input. With --manifest and no PATH, the files the manifest names.
    #[arg(required_unless_present = "manifest")]
    pub paths: Vec<PathBuf>,
    /// Write one `<name>.json` per input into this folder (`stdin.json` for `-`). Each file is
    /// written whole or not at all (a temporary file, then renamed).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace documents already in --out (a link there is replaced, not written through; an
    /// input is never replaced).
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Read every input as this carrier (default: told from the bytes, then the file name).
    #[arg(long, value_enum)]
    pub carrier: Option<CarrierArg>,
    /// Also run the checker on each imported document and report its findings.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub supplied: SuppliedArgs,
    /// Metadata per input, as a crawler knows it from the listing page: a CSV file with a header
    /// row, or JSON Lines, with the columns path, agency, report_year, published_on,
    /// division_code, url (all but path may be blank). Paths are relative to the manifest's
    /// folder. Supplied values are written ahead of what the page prints, recorded as supplied,
    /// and every disagreement with the page is reported (I712).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Metadata supplied for a single input (`import`): written ahead of what the page prints,
/// recorded as supplied, and every disagreement with the page reported (I712).
#[derive(Args)]
pub struct SuppliedArgs {
    /// The publishing agency's name.
    #[arg(long, value_name = "NAME", value_parser = supplied_value::<Text>, conflicts_with = "manifest")]
    pub agency: Option<Text>,
    /// The report year.
    #[arg(long, value_name = "YEAR", value_parser = supplied_year, conflicts_with = "manifest")]
    pub year: Option<ReportYear>,
    /// The publication date, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = supplied_value::<Date>, conflicts_with = "manifest")]
    pub published_on: Option<Date>,
    /// The agency's 行政区划代码 (six digits).
    #[arg(long, value_name = "CODE", value_parser = supplied_value::<DivisionCode>, conflicts_with = "manifest")]
    pub division_code: Option<DivisionCode>,
    /// The address the report was published at.
    #[arg(long, value_name = "URL", value_parser = supplied_value::<Text>, conflicts_with = "manifest")]
    pub url: Option<Text>,
}

impl SuppliedArgs {
    /// The supplied metadata, `None` when nothing is supplied.
    pub fn supplied(&self) -> Option<Supplied> {
        let supplied = Supplied {
            agency: self.agency.clone(),
            report_year: self.year,
            published_on: self.published_on.clone(),
            division_code: self.division_code.clone(),
            url: self.url.clone(),
        };
        (supplied != Supplied::default()).then_some(supplied)
    }
}

/// A supplied text value, validated as the document's own.
fn supplied_value<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::from(text)).map_err(|e| e.to_string())
}

fn supplied_year(text: &str) -> Result<ReportYear, String> {
    let year: u16 = text.parse().map_err(|_| format!("not a year: {text}"))?;
    ReportYear::new(year).ok_or_else(|| {
        format!(
            "a report year is between {} and {}",
            ReportYear::FIRST,
            ReportYear::LAST
        )
    })
}

/// How diagnostics are printed (`check`, `import`).
#[derive(Args)]
pub struct ExportArgs {
    /// Files, folders (walked recursively for *.json) or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The file to write (a folder with --partition-by). Written whole or not at all (a
    /// temporary name, then renamed).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The file format [default: from the extension of --out: .csv, .jsonl, .parquet].
    #[arg(long, value_enum)]
    pub format: Option<ExportFormatArg>,
    /// A row per report and cell (long), or a row per report with a column per cell (wide).
    #[arg(long, value_enum, default_value_t = LayoutArg::Long)]
    pub layout: LayoutArg,
    /// Also write the checker's diagnostics here, a row each (format from the extension, else
    /// that of --out).
    #[arg(long, value_name = "FILE")]
    pub diagnostics: Option<PathBuf>,
    /// Write a Hive-style partitioned folder (`report_year=2021/province=420000/part-0.parquet`)
    /// split by these columns (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "COLUMNS")]
    pub partition_by: Vec<PartitionArg>,
    /// Start CSV files with a UTF-8 byte order mark, so that Excel reads them as UTF-8.
    #[arg(long)]
    pub excel: bool,
    /// Replace --out and --diagnostics when they exist.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub lang: LangArgs,
    /// The current year for the checker (default: from the system clock).
    #[arg(long, value_name = "YEAR")]
    pub current_year: Option<u16>,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

impl ExportArgs {
    /// The export's options, or why the arguments do not make one.
    pub fn options(&self) -> Result<ExportOptions, String> {
        let format = match (self.format, ExportFormat::from_path(&self.out)) {
            (Some(format), _) => format.into(),
            (None, Some(format)) => format,
            (None, None) => {
                return Err(format!(
                    "--out {}: give --format (csv, jsonl or parquet), the extension does not tell",
                    self.out.display()
                ));
            }
        };
        let mut partition_by = Vec::new();
        for key in &self.partition_by {
            let key = PartitionKey::from(*key);
            if !partition_by.contains(&key) {
                partition_by.push(key);
            }
        }
        Ok(ExportOptions {
            format,
            layout: match self.layout {
                LayoutArg::Long => Layout::Long,
                LayoutArg::Wide => Layout::Wide,
            },
            partition_by,
            excel: self.excel,
            force: self.force,
            diagnostics: self.diagnostics.as_ref().map(|path| {
                (
                    path.clone(),
                    ExportFormat::from_path(path).unwrap_or(format),
                )
            }),
            lang: self.lang.resolve(),
            check: crate::check::Options {
                current_year: self.current_year.unwrap_or_else(crate::check::current_year),
            },
            max_file_size: self.max_file_size,
        })
    }
}

#[derive(Args)]
pub struct SummaryArgs {
    /// Files, folders (walked recursively for *.json) or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The HTML file to write (whole or not at all).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace --out when it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub lang: LangArgs,
    /// The current year for the checker (default: from the system clock).
    #[arg(long, value_name = "YEAR")]
    pub current_year: Option<u16>,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    /// RFC 4180 CSV, UTF-8, with a header; an empty field is null.
    Csv,
    /// JSON Lines: an object per row; decimals as strings.
    Jsonl,
    /// Apache Parquet: typed columns, Snappy, row groups.
    Parquet,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(format: ExportFormatArg) -> ExportFormat {
        match format {
            ExportFormatArg::Csv => ExportFormat::Csv,
            ExportFormatArg::Jsonl => ExportFormat::Jsonl,
            ExportFormatArg::Parquet => ExportFormat::Parquet,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LayoutArg {
    /// A row per report and cell.
    Long,
    /// A row per report, a column per cell of both editions.
    Wide,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PartitionArg {
    /// The report year.
    #[value(name = "report_year")]
    ReportYear,
    /// The province-level division (from the division code).
    Province,
}

impl From<PartitionArg> for PartitionKey {
    fn from(key: PartitionArg) -> PartitionKey {
        match key {
            PartitionArg::ReportYear => PartitionKey::ReportYear,
            PartitionArg::Province => PartitionKey::Province,
        }
    }
}

#[derive(Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    #[command(flatten)]
    pub lang: LangArgs,
    /// Print errors and the summary only (human format).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print a line for every file, valid ones included (human format).
    #[arg(short, long)]
    pub verbose: bool,
}

impl OutputArgs {
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

#[derive(Args)]
pub struct LangArgs {
    /// Language of messages [default: the locale's (LC_ALL, LC_MESSAGES, LANG): zh_* → zh,
    /// en_* → en; otherwise zh].
    #[arg(long, value_enum, env = "XXGK_LANG")]
    pub lang: Option<LangArg>,
}

impl LangArgs {
    /// `--lang`, else `XXGK_LANG` (read by clap), else the locale of the environment.
    pub fn resolve(&self) -> Lang {
        self.lang
            .map_or_else(|| locale_lang(|name| std::env::var(name).ok()), Lang::from)
    }
}

/// The language of the locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and
/// not empty (POSIX precedence) decides; `zh_*` is Chinese, `en_*` English, anything else (or
/// nothing) Chinese.
pub fn locale_lang(var: impl Fn(&str) -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    if locale == "en" || locale.starts_with("en_") {
        Lang::En
    } else {
        Lang::Zh
    }
}

#[derive(Subcommand)]
pub enum ConformanceCommand {
    /// Run every case; exit 1 when a case fails or errors.
    Run(ConformanceArgs),
    /// Serve the built-in checker over the harness protocol on stdin/stdout.
    Serve,
    /// Write every case's input as a file (`<id>.json`, `<id>.previous.json`).
    Inputs {
        #[command(flatten)]
        suite: SuiteArg,
        /// The folder to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Write the built-in suite into a folder: cases, documents, the case, protocol and report
    /// schemas, the rule catalog and the example harness.
    Export {
        /// The folder to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// Which copy of the suite is run.
#[derive(Args)]
pub struct SuiteArg {
    /// A suite folder (with `cases/` and `documents/`) to use instead of the built-in suite.
    #[arg(long, value_name = "DIR")]
    pub suite: Option<PathBuf>,
}

impl SuiteArg {
    pub fn load(&self) -> Result<Suite, SuiteError> {
        match &self.suite {
            Some(dir) => Suite::load(dir),
            None => Suite::embedded(),
        }
    }
}

#[derive(Args)]
pub struct ConformanceArgs {
    #[command(flatten)]
    pub suite: SuiteArg,
    /// An implementation speaking the harness protocol, started with `sh -c`.
    #[arg(long = "impl", value_name = "COMMAND", conflicts_with = "adapter")]
    pub harness: Option<String>,
    /// An implementation run as `COMMAND FILE` per case, printing diagnostics as JSON.
    #[arg(long, value_name = "COMMAND")]
    pub adapter: Option<String>,
    /// The rules the adapter implements (codes, comma-separated), or `all`.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "all",
        requires = "adapter"
    )]
    pub adapter_rules: Vec<String>,
    /// Seconds an implementation (--impl, --adapter) may take for one case; one that takes
    /// longer is stopped and the case errors. Its output for a case may not exceed 16 MiB.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub timeout: f64,
    /// Write the JSON Lines report here (header, one result per case, footer).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Also list passed and not-applicable cases.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0: a free port, printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Request bodies larger than this many bytes are refused (413).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_body_size: u64,
    /// Seconds a request may take: its body must arrive within them (else 408) and the work
    /// end (else 503).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Requests handled at once; one more is refused at once (503).
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_concurrent: usize,
}

#[derive(Args)]
pub struct RulesArgs {
    /// Output format: an aligned table, or a JSON array with every field of every rule.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
    #[command(flatten)]
    pub lang: LangArgs,
}

#[derive(Args)]
pub struct GenerateArgs {
    /// How many reports.
    #[arg(long)]
    pub count: u64,
    /// The seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The share of reports with one broken relation or structure.
    #[arg(long, default_value_t = 0.02)]
    pub invalid_share: f64,
    /// The folder to write into (a subfolder per thousand reports).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Text for people.
    Human,
    /// JSON Lines (schema/check-output-v1.schema.json).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table with a header.
    Human,
    /// A JSON array.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Chinese.
    Zh,
    /// English.
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

/// The carriers the importer reads.
#[derive(Clone, Copy, ValueEnum)]
pub enum CarrierArg {
    /// Extracted text (UTF-8 or GB18030).
    Text,
    /// An HTML page.
    Html,
    /// A Word .docx file.
    Docx,
    /// A PDF file (its text layer; scans are not read).
    Pdf,
}

impl From<CarrierArg> for Carrier {
    fn from(carrier: CarrierArg) -> Carrier {
        match carrier {
            CarrierArg::Text => Carrier::Text,
            CarrierArg::Html => Carrier::Html,
            CarrierArg::Docx => Carrier::Docx,
            CarrierArg::Pdf => Carrier::Pdf,
        }
    }
}
