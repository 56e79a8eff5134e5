//! The conformance suite: loading its case files, running them against an implementation, and
//! judging the answers.
//!
//! The suite itself is data under `conformance/`, usable without Rust, and built into the library
//! ([`embedded`]); this module is the reference runner. Implementations are reached in-process (the built-in checker), through the
//! harness protocol ([`protocol`]), or in adapter mode (`CMD FILE`, diagnostics on stdout).

pub mod case;
pub mod embedded;
pub mod human;
pub mod implementations;
pub mod protocol;
pub mod serve;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use base64::Engine;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::{Family, Rule};

use case::{Case, CaseFile, ExpectedDiagnostic, Input, MatchMode};
use protocol::{CaseInput, Declared, Implementation, Payload};

/// The version of the suite's content and format (SemVer: new cases → minor, corrected
/// expectation → patch, layout or format change → major).
pub const SUITE_VERSION: &str = "1.1.0";

/// The case files' folder, relative to the suite root.
pub const CASES_DIR: &str = "cases";
/// The base documents' folder, relative to the suite root.
pub const DOCUMENTS_DIR: &str = "documents";

/// A loaded suite: every case, with the file it came from, and the base documents by name.
#[derive(Debug, Clone)]
pub struct Suite {
    pub cases: Vec<(String, Case)>,
    documents: BTreeMap<String, String>,
}

/// Why a suite cannot be used.
#[derive(Debug)]
pub enum SuiteError {
    Io(PathBuf, std::io::Error),
    Format(PathBuf, String),
    Invalid(Vec<String>),
}

impl std::fmt::Display for SuiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SuiteError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            SuiteError::Format(path, error) => write!(f, "{}: {error}", path.display()),
            SuiteError::Invalid(problems) => {
                write!(f, "invalid suite:\n  {}", problems.join("\n  "))
            }
        }
    }
}

impl std::error::Error for SuiteError {}

impl Suite {
    /// The suite built into the library (the repository's `conformance/`).
    pub fn embedded() -> Result<Suite, SuiteError> {
        let text = |(name, bytes): (&str, &[u8])| {
            let text = std::str::from_utf8(bytes)
                .map_err(|e| SuiteError::Format(PathBuf::from(name), e.to_string()))?;
            Ok((file_name(Path::new(name)), text.to_owned()))
        };
        let cases = embedded::json_files(CASES_DIR)
            .map(text)
            .collect::<Result<_, _>>()?;
        let documents = embedded::json_files(DOCUMENTS_DIR)
            .map(text)
            .collect::<Result<_, _>>()?;
        Suite::from_texts(cases, documents)
    }

    /// Loads the suite at `root`: every `cases/*.json`, and the base documents
    /// `documents/*.json`.
    pub fn load(root: &Path) -> Result<Suite, SuiteError> {
        let cases = read_json_files(&root.join(CASES_DIR))?;
        let documents = read_json_files(&root.join(DOCUMENTS_DIR))?;
        Suite::from_texts(cases, documents.into_iter().collect())
    }

    /// Parses the case files (named, in order) and checks the suite's own invariants: unique
    /// ids, known rule codes, existing base documents, patches that apply.
    fn from_texts(
        case_files: Vec<(String, String)>,
        documents: BTreeMap<String, String>,
    ) -> Result<Suite, SuiteError> {
        let mut cases = Vec::new();
        for (name, text) in case_files {
            let file: CaseFile = serde_json::from_str(&text)
                .map_err(|e| SuiteError::Format(Path::new(CASES_DIR).join(&name), e.to_string()))?;
            cases.extend(file.cases.into_iter().map(|case| (name.clone(), case)));
        }
        let suite = Suite { cases, documents };
        let problems = suite.problems();
        if problems.is_empty() {
            Ok(suite)
        } else {
            Err(SuiteError::Invalid(problems))
        }
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = BTreeSet::new();
        let mut descriptions = BTreeSet::new();
        for (file, case) in &self.cases {
            let id = case.id.as_str();
            if !ids.insert(id) {
                problems.push(format!("{file}: duplicate id {id}"));
            }
            if !descriptions.insert(case.description.as_str()) {
                problems.push(format!("{file}: {id}: description used twice"));
            }
            let codes = case
                .rules
                .iter()
                .chain(&case.expect.scope)
                .chain(case.expect.diagnostics.iter().map(|d| &d.code));
            for code in codes {
                if Rule::find(code).is_none_or(|rule| rule.info().code != code) {
                    problems.push(format!("{file}: {id}: unknown rule code {code}"));
                }
            }
            problems.extend(
                self.expectation_problems(case)
                    .into_iter()
                    .map(|p| format!("{file}: {id}: {p}")),
            );
            for input in std::iter::once(&case.input).chain(&case.previous) {
                if let Err(error) = self.resolve(input) {
                    problems.push(format!("{file}: {id}: {error}"));
                }
            }
        }
        problems
    }

    fn expectation_problems(&self, case: &Case) -> Vec<String> {
        let expect = &case.expect;
        let mut problems = Vec::new();
        match expect.mode {
            MatchMode::Structural if expect.under.is_none() || !expect.diagnostics.is_empty() => {
                problems.push("a structural expectation has `under` and no diagnostics".into())
            }
            MatchMode::Scoped if expect.scope.is_empty() => {
                problems.push("a scoped expectation needs a scope".into())
            }
            _ => {}
        }
        let expected_error = expect
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error);
        if expect.mode == MatchMode::Exact && expected_error == expect.valid {
            problems.push("`valid` contradicts the severities of the expected diagnostics".into());
        }
        for diagnostic in &expect.diagnostics {
            if let Some(rule) = Rule::find(&diagnostic.code)
                && rule.info().severity != diagnostic.severity
            {
                problems.push(format!(
                    "{} has severity {}",
                    diagnostic.code,
                    rule.info().severity.name()
                ));
            }
        }
        problems
    }

    /// The payload an implementation is given for an input.
    pub fn resolve(&self, input: &Input) -> Result<Payload, String> {
        match input {
            Input::Document(document) => Ok(Payload::Document(document.clone())),
            Input::Text(text) => Ok(Payload::Base64(
                base64::engine::general_purpose::STANDARD.encode(text),
            )),
            Input::Base64(bytes) => base64::engine::general_purpose::STANDARD
                .decode(bytes)
                .map(|_| Payload::Base64(bytes.clone()))
                .map_err(|e| format!("invalid base64: {e}")),
            Input::Derived(derived) => {
                let base = &derived.base;
                let text = self
                    .documents
                    .get(base)
                    .ok_or_else(|| format!("no base document {DOCUMENTS_DIR}/{base}"))?;
                let mut document: Value = serde_json::from_str(text)
                    .map_err(|e| format!("{DOCUMENTS_DIR}/{base}: {e}"))?;
                let operations =
                    serde_json::to_value(&derived.patch).expect("patch operations serialize");
                let patch: json_patch::Patch =
                    serde_json::from_value(operations).map_err(|e| format!("patch: {e}"))?;
                json_patch::patch(&mut document, &patch)
                    .map_err(|e| format!("patch does not apply: {e}"))?;
                Ok(Payload::Document(document))
            }
        }
    }

    /// Writes every case's input into `dir` as `<id>.json` (and its previous year's document as
    /// `<id>.previous.json`), byte for byte what an implementation is given, for tools that read
    /// files rather than speak the protocol. Returns how many cases were written.
    pub fn write_inputs(&self, dir: &Path) -> Result<usize, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (_, case) in &self.cases {
            let input = self.case_input(case)?;
            let mut files = vec![(format!("{}.json", input.id), &input.input)];
            if let Some(previous) = &input.previous {
                files.push((format!("{}.previous.json", input.id), previous));
            }
            for (name, payload) in files {
                let path = dir.join(name);
                std::fs::write(&path, payload.to_bytes()?)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        Ok(self.cases.len())
    }

    /// What an implementation is sent for a case.
    pub fn case_input(&self, case: &Case) -> Result<CaseInput, String> {
        Ok(CaseInput {
            id: case.id.as_str().to_owned(),
            input: self.resolve(&case.input)?,
            previous: case
                .previous
                .as_ref()
                .map(|p| self.resolve(p))
                .transpose()?,
        })
    }
}

/// The `*.json` files of a folder, sorted by name: (file name, text).
fn read_json_files(dir: &Path) -> Result<Vec<(String, String)>, SuiteError> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| SuiteError::Io(dir.to_path_buf(), e))?
        .map(|entry| {
            entry
                .map(|e| e.path())
                .map_err(|e| SuiteError::Io(dir.to_path_buf(), e))
        })
        .collect::<Result<_, _>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    paths
        .into_iter()
        .map(|path| match std::fs::read_to_string(&path) {
            Ok(text) => Ok((file_name(&path), text)),
            Err(error) => Err(SuiteError::Io(path, error)),
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What an implementation answered for one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Diagnostics(Vec<ExpectedDiagnostic>),
    Skipped(String),
    Errored(String),
}

/// Something the suite can be run against.
pub trait UnderTest {
    fn describe(&self) -> &Implementation;
    fn run(&mut self, case: &CaseInput) -> Answer;
}

/// The outcome of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Failed,
    Errored,
    Skipped,
    /// The case is about rules the implementation does not declare.
    NotApplicable,
}

/// One line of the run report for a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CaseResult {
    pub id: String,
    pub file: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Vec<ExpectedDiagnostic>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Vec<ExpectedDiagnostic>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Counts of results per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    pub errored: u64,
    pub skipped: u64,
    pub not_applicable: u64,
}

impl Tally {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Passed => self.passed += 1,
            Status::Failed => self.failed += 1,
            Status::Errored => self.errored += 1,
            Status::Skipped => self.skipped += 1,
            Status::NotApplicable => self.not_applicable += 1,
        }
    }

    /// Failed plus errored.
    pub fn unsuccessful(&self) -> u64 {
        self.failed + self.errored
    }
}

/// Whether an implementation declares every rule a case is about.
pub fn applies(case: &Case, declared: &Declared) -> bool {
    case.rules.iter().all(|code| declared.implements(code))
}

/// Judges an answer against a case's expectation, counting only declared rules.
pub fn judge(file: &str, case: &Case, declared: &Declared, answer: Answer) -> CaseResult {
    let result = |status, expected, actual, message| CaseResult {
        id: case.id.as_str().to_owned(),
        file: file.to_owned(),
        status,
        expected,
        actual,
        message,
    };
    let actual = match answer {
        Answer::Diagnostics(actual) => actual,
        Answer::Skipped(reason) => return result(Status::Skipped, None, None, Some(reason)),
        Answer::Errored(context) => return result(Status::Errored, None, None, Some(context)),
    };
    let declared_only = |list: &[ExpectedDiagnostic]| -> BTreeSet<ExpectedDiagnostic> {
        list.iter()
            .filter(|d| declared.implements(&d.code))
            .cloned()
            .collect()
    };
    let expect = &case.expect;
    let (expected_set, actual_set) = (declared_only(&expect.diagnostics), declared_only(&actual));
    let in_scope = |set: &BTreeSet<ExpectedDiagnostic>| -> BTreeSet<ExpectedDiagnostic> {
        set.iter()
            .filter(|d| expect.scope.contains(&d.code))
            .cloned()
            .collect()
    };
    let reported_valid = !actual_set
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    let (matches, why) = match expect.mode {
        MatchMode::Exact => (expected_set == actual_set, "reported set differs"),
        MatchMode::Scoped => (
            in_scope(&expected_set) == in_scope(&actual_set),
            "reported set differs within the scope",
        ),
        MatchMode::Contains => (
            expected_set.is_subset(&actual_set),
            "an expected diagnostic is missing",
        ),
        MatchMode::Structural => {
            let under = expect.under.as_deref().unwrap_or_default();
            let found = actual_set
                .iter()
                .any(|d| is_structural(&d.code) && is_at_or_under(&d.pointer, under));
            (found, "no structural diagnostic at or under the pointer")
        }
    };
    let verdict_ok = reported_valid == expect.valid;
    let status = if matches && verdict_ok {
        Status::Passed
    } else {
        Status::Failed
    };
    let message = match (matches, verdict_ok) {
        (true, true) => None,
        (false, _) => Some(why.to_owned()),
        (true, false) => Some(format!(
            "reported valid = {reported_valid}, expected {}",
            expect.valid
        )),
    };
    result(
        status,
        Some(expected_set.into_iter().collect()),
        Some(actual_set.into_iter().collect()),
        message,
    )
}

fn is_structural(code: &str) -> bool {
    Rule::find(code).is_some_and(|rule| rule.info().family == Family::Structure)
}

/// Whether `pointer` is `prefix` or below it (segment-wise, so `/a/bc` is not under `/a/b`).
pub fn is_at_or_under(pointer: &str, prefix: &str) -> bool {
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer[prefix.len()..].starts_with('/'))
        || prefix.is_empty()
}

/// The first line of a run report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Header {
    pub suite_version: String,
    pub runner_version: String,
    pub protocol: u32,
    pub implementation: Implementation,
    pub cases: u64,
}

/// One line of a run report (JSON Lines).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum ReportRecord {
    Header(Header),
    Result(CaseResult),
    Footer(Tally),
}

/// Runs every case against `implementation`, calling `each` with every report record in order.
pub fn run(
    suite: &Suite,
    implementation: &mut dyn UnderTest,
    mut each: impl FnMut(&ReportRecord),
) -> Tally {
    let described = implementation.describe().clone();
    each(&ReportRecord::Header(Header {
        suite_version: SUITE_VERSION.to_owned(),
        runner_version: env!("CARGO_PKG_VERSION").to_owned(),
        protocol: protocol::PROTOCOL_VERSION,
        implementation: described.clone(),
        cases: suite.cases.len() as u64,
    }));
    let mut tally = Tally::default();
    for (file, case) in &suite.cases {
        let result = if !applies(case, &described.rules) {
            CaseResult {
                id: case.id.as_str().to_owned(),
                file: file.clone(),
                status: Status::NotApplicable,
                expected: None,
                actual: None,
                message: None,
            }
        } else {
            let answer = match suite.case_input(case) {
                Ok(input) => implementation.run(&input),
                Err(error) => {
                    Answer::Errored(format!("the suite cannot resolve the case: {error}"))
                }
            };
            judge(file, case, &described.rules, answer)
        };
        tally.add(result.status);
        each(&ReportRecord::Result(result));
    }
    each(&ReportRecord::Footer(tally));
    tally
}

/// The JSON Schema of case files.
pub fn case_schema() -> Value {
    let major = SUITE_VERSION.split('.').next().unwrap_or("1");
    crate::schema::with_id::<CaseFile>(&format!("urn:xxgk:conformance-case:{major}"))
}

/// The JSON Schema of run reports (one line each).
pub fn report_schema() -> Value {
    crate::schema::with_id::<ReportRecord>("urn:xxgk:conformance-report:1")
}

pub use implementations::{Adapter, BuiltIn, Harness};
