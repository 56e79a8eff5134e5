//! Checking many files: walking folders, parallel checks in a deterministic order, and pairing
//! consecutive years of the same agency.
//!
//! Files are checked in chunks: each chunk in parallel, then handed to the caller in input order,
//! so output streams while memory stays bounded by the chunk size (plus one small
//! [`YearFacts`] per report for the cross-year rules).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::{self, Checked, Options, YearFacts, check_pair, copied_sections};
use crate::diagnostics::{Diagnostic, Rule};
use crate::model::metadata::Sections;

/// How many files are checked in parallel before their results are handed over.
const CHUNK: usize = 512;

/// One input: a file on disk, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
    /// A path that could not be listed (e.g. an unreadable folder), with the reason.
    Unlistable(PathBuf, String),
}

impl Source {
    /// How the source is named in output.
    pub fn display(&self) -> String {
        match self {
            Source::File(path) | Source::Unlistable(path, _) => path.display().to_string(),
            Source::Stdin => "<stdin>".to_owned(),
        }
    }
}

/// Expands the command-line paths: files as given, folders walked recursively (their `*.json`
/// files, sorted by name), `-` for standard input.
pub fn expand(paths: &[PathBuf]) -> Vec<Source> {
    expand_with(paths, &["json"])
}

/// Like [`expand`], walking folders for files with one of `extensions`.
pub fn expand_with(paths: &[PathBuf], extensions: &[&str]) -> Vec<Source> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            walk(path, extensions, &mut sources);
        } else {
            sources.push(Source::File(path.clone()));
        }
    }
    sources
}

fn walk(dir: &Path, extensions: &[&str], sources: &mut Vec<Source>) {
    // Links are followed so that a dangling one is reported, not silently passed over.
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in entries {
        match entry {
            // Anything but a folder is listed, so that a FIFO or a device named like a report is
            // reported (and not read), not silently passed over.
            Ok(entry) if !entry.file_type().is_dir() && has_extension(entry.path(), extensions) => {
                sources.push(Source::File(entry.into_path()));
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                sources.push(Source::Unlistable(path, error.to_string()));
            }
        }
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// What the batch needs besides the checker's options.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    pub check: Options,
    pub max_file_size: u64,
}

/// The result for one input.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub source: Source,
    pub checked: Checked,
}

/// Checks one source.
pub fn check_source(source: &Source, options: &BatchOptions) -> Checked {
    match source {
        Source::File(path) => with_buffer(|buffer| {
            match check::input::read_limited_into(path, options.max_file_size, buffer) {
                Ok(()) => check::check_bytes(buffer, &options.check),
                Err(diagnostic) => unreadable(*diagnostic),
            }
        }),
        Source::Stdin => match read_stdin(options.max_file_size) {
            Ok(bytes) => check::check_bytes(&bytes, &options.check),
            Err(diagnostic) => unreadable(*diagnostic),
        },
        Source::Unlistable(_, reason) => {
            unreadable(Diagnostic::new(Rule::IoError, "").arg("detail", reason.clone()))
        }
    }
}

/// The bytes of one source, at most `limit` of them.
pub fn read_source(source: &Source, limit: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    match source {
        Source::File(path) => check::input::read_limited(path, limit),
        Source::Stdin => read_stdin(limit),
        Source::Unlistable(_, reason) => Err(Box::new(
            Diagnostic::new(Rule::IoError, "").arg("detail", reason.clone()),
        )),
    }
}

fn unreadable(diagnostic: Diagnostic) -> Checked {
    Checked {
        edition: None,
        diagnostics: vec![diagnostic],
        facts: None,
    }
}

/// A buffer kept per thread: reading a corpus then allocates (and the kernel zeroes) no fresh
/// memory per file. A buffer grown by an unusually large file is given back.
fn with_buffer<R>(read_and_check: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    const KEPT_CAPACITY: usize = 1 << 20;
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        let result = read_and_check(buffer);
        if buffer.capacity() > KEPT_CAPACITY {
            *buffer = Vec::new();
        }
        result
    })
}

fn read_stdin(limit: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    let mut bytes = Vec::new();
    check::input::read_bounded(std::io::stdin().lock(), limit, 0, &mut bytes)?;
    Ok(bytes)
}

/// The previous year's report given on its own (`xxgk check --previous FILE`).
#[derive(Debug, Clone)]
pub struct PreviousYear {
    pub facts: YearFacts,
    /// Its prose, for the copied-text rule (Y604).
    pub sections: Option<Sections>,
}

impl PreviousYear {
    /// Reads and checks the previous year's report; Err with its diagnostics when it is not a
    /// structurally valid report.
    pub fn read(path: &Path, options: &BatchOptions) -> Result<PreviousYear, Vec<Diagnostic>> {
        let source = Source::File(path.to_path_buf());
        let checked = check_source(&source, options);
        match checked.facts {
            Some(facts) => Ok(PreviousYear {
                facts,
                sections: sections_of(&source, options),
            }),
            None => Err(checked.diagnostics),
        }
    }
}

/// Checks every source, calling `each` with the results in input order, then returns the
/// cross-year findings: for each report whose agency's previous year is among the inputs (or is
/// `previous`), the diagnostics of [`check_pair`] and [`copied_sections`], keyed by the later
/// report's input position.
pub fn run(
    sources: &[Source],
    options: &BatchOptions,
    previous: Option<&PreviousYear>,
    mut each: impl FnMut(usize, FileResult),
) -> Vec<(usize, Source, Vec<Diagnostic>)> {
    let mut facts: Vec<(usize, YearFacts)> = Vec::new();
    in_order(
        sources,
        |source| check_source(source, options),
        |index, source, checked| {
            if let Some(year_facts) = &checked.facts {
                facts.push((index, year_facts.clone()));
            }
            each(
                index,
                FileResult {
                    source: source.clone(),
                    checked,
                },
            );
            ControlFlow::Continue(())
        },
    );
    cross_year(sources, options, &facts, previous)
}

/// The prose of a file, read again once its report is known to pair with another year's. A
/// report read from standard input cannot be read again: its prose is not compared.
fn sections_of(source: &Source, options: &BatchOptions) -> Option<Sections> {
    let Source::File(path) = source else {
        return None;
    };
    with_buffer(|buffer| {
        check::input::read_limited_into(path, options.max_file_size, buffer).ok()?;
        check::read_sections(buffer)
    })
}

/// Applies `work` to every source on the thread pool and hands each result to `each` in input
/// order, with its position. Chunks are worked on while the calling thread hands the previous
/// chunk over, so slow output does not leave the pool idle; at most two chunks wait, so memory
/// stays bounded. `each` may break off: no further result is handed over.
pub fn in_order<T: Send>(
    sources: &[Source],
    work: impl Fn(&Source) -> T + Sync,
    mut each: impl FnMut(usize, &Source, T) -> ControlFlow<()>,
) {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<T>>(2);
        let work = &work;
        scope.spawn(move || {
            for chunk in sources.chunks(CHUNK) {
                let results = chunk.par_iter().map(work).collect();
                if sender.send(results).is_err() {
                    return;
                }
            }
        });
        let chunks = sources.chunks(CHUNK).zip(receiver);
        for (chunk_index, (chunk, results)) in chunks.enumerate() {
            for (offset, (source, result)) in chunk.iter().zip(results).enumerate() {
                if each(chunk_index * CHUNK + offset, source, result).is_break() {
                    return;
                }
            }
        }
    });
}

fn cross_year(
    sources: &[Source],
    options: &BatchOptions,
    facts: &[(usize, YearFacts)],
    previous: Option<&PreviousYear>,
) -> Vec<(usize, Source, Vec<Diagnostic>)> {
    let mut by_agency_year: BTreeMap<(&str, u16), (usize, &YearFacts)> = BTreeMap::new();
    for (index, year_facts) in facts {
        by_agency_year
            .entry((year_facts.agency.as_str(), year_facts.year))
            .or_insert((*index, year_facts));
    }
    let mut findings = Vec::new();
    for (index, current) in facts {
        let last_year = current.year.checked_sub(1);
        let given = previous.filter(|p| Some(p.facts.year) == last_year);
        let in_batch =
            || last_year.and_then(|y| by_agency_year.get(&(current.agency.as_str(), y)).copied());
        let (earlier, earlier_sections) = match (given, in_batch()) {
            (Some(given), _) => (&given.facts, given.sections.clone()),
            (None, Some((earlier_index, earlier))) => {
                (earlier, sections_of(&sources[earlier_index], options))
            }
            (None, None) => continue,
        };
        let mut diagnostics = check_pair(earlier, current);
        if let (Some(before), Some(now)) =
            (earlier_sections, sections_of(&sources[*index], options))
        {
            diagnostics.extend(copied_sections(earlier.year, &before, &now));
        }
        if !diagnostics.is_empty() {
            findings.push((*index, sources[*index].clone(), diagnostics));
        }
    }
    findings
}
