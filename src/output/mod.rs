//! Rendering check results: human text, JSON Lines and SARIF 2.1.0.
//!
//! Renderers write into any `io::Write` the caller gives them; the library never prints.

pub mod human;
pub mod jsonl;
pub mod rules;
pub mod sarif;

use std::io;

use serde::{Deserialize, Serialize};

use crate::batch::{FileResult, Source};
use crate::diagnostics::{Diagnostic, Family, Lang, Rule, Severity};

/// Which diagnostics are shown and count towards a file's verdict.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these rules (all when `None`).
    pub select: Option<Vec<Rule>>,
    /// Never these rules.
    pub ignore: Vec<Rule>,
    /// At most this many diagnostics shown per file; the rest are counted, not shown.
    pub max_per_file: Option<usize>,
}

impl Filter {
    /// Whether a diagnostic is kept. Input errors are always kept: an unreadable file is never
    /// silently skipped.
    pub fn keeps(&self, diagnostic: &Diagnostic) -> bool {
        let rule = diagnostic.rule;
        rule.info().family == Family::Input
            || (self.select.as_ref().is_none_or(|s| s.contains(&rule))
                && !self.ignore.contains(&rule))
    }
}

/// A file's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Valid,
    Invalid,
    Unreadable,
}

/// Diagnostics per severity.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Counts {
    pub error: u64,
    pub warning: u64,
    pub info: u64,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }

    pub fn merge(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
    }
}

/// One file's result after filtering: what is shown and what it adds up to.
#[derive(Debug, Clone)]
pub struct FileView<'a> {
    pub path: String,
    pub edition: Option<&'static str>,
    pub status: Status,
    pub counts: Counts,
    pub shown: Vec<&'a Diagnostic>,
    /// Kept diagnostics beyond `max_per_file`.
    pub omitted: usize,
}

impl<'a> FileView<'a> {
    pub fn new(result: &'a FileResult, filter: &Filter) -> Self {
        let kept: Vec<&Diagnostic> = result
            .checked
            .diagnostics
            .iter()
            .filter(|d| filter.keeps(d))
            .collect();
        let mut counts = Counts::default();
        kept.iter().for_each(|d| counts.add(d.severity()));
        let status = if kept.iter().any(|d| d.rule.makes_unreadable()) {
            Status::Unreadable
        } else if counts.error > 0 {
            Status::Invalid
        } else {
            Status::Valid
        };
        let limit = filter.max_per_file.unwrap_or(usize::MAX);
        let omitted = kept.len().saturating_sub(limit);
        FileView {
            path: result.source.display(),
            edition: result.checked.edition.map(|e| e.tag()),
            status,
            counts,
            shown: kept.into_iter().take(limit).collect(),
            omitted,
        }
    }
}

/// Totals over a run.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Summary {
    pub files: u64,
    pub valid: u64,
    pub invalid: u64,
    pub unreadable: u64,
    pub counts: Counts,
}

impl Summary {
    pub fn add(&mut self, view: &FileView) {
        self.files += 1;
        match view.status {
            Status::Valid => self.valid += 1,
            Status::Invalid => self.invalid += 1,
            Status::Unreadable => self.unreadable += 1,
        }
        self.counts.merge(view.counts);
    }

    /// The process exit status: 2 if a file was unreadable, 1 if a report was invalid, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.unreadable > 0 {
            2
        } else if self.invalid > 0 {
            1
        } else {
            0
        }
    }
}

/// A count with its English noun: `1 error`, `2 errors`, `0 files`.
pub fn counted(count: u64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// A renderer of check results.
pub trait Printer {
    /// One file, in input order.
    fn file(&mut self, view: &FileView) -> io::Result<()>;
    /// Cross-year findings about a file, after all files.
    fn cross_year(&mut self, source: &Source, diagnostics: &[&Diagnostic]) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
    /// Hand what has been rendered so far to the writer's destination (before a progress bar is
    /// drawn over the same terminal, for instance).
    fn flush(&mut self) -> io::Result<()>;
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

/// How much the human format prints; the machine formats always carry everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors and the summary only.
    Quiet,
    /// Files with findings, and the summary.
    #[default]
    Normal,
    /// A line for every file, valid ones included.
    Verbose,
}

/// A printer of `format` writing to `out`.
/// What a run's verdicts mean: a checker's (valid/invalid), or an importer's that did not check
/// what it wrote (imported/incomplete) — an unchecked document is never called valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdicts {
    Checked,
    Imported,
}

pub fn printer<'w>(
    format: Format,
    lang: Lang,
    verbosity: Verbosity,
    verdicts: Verdicts,
    out: Box<dyn io::Write + 'w>,
) -> Box<dyn Printer + 'w> {
    match format {
        Format::Human => Box::new(human::Human::new(out, lang, verbosity, verdicts)),
        Format::Json => Box::new(jsonl::JsonLines::new(out, lang)),
        Format::Sarif => Box::new(sarif::Sarif::new(out, lang)),
    }
}
