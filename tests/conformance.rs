//! The conformance suite: its files, its coverage, and the built-in checker passing it through
//! every way the runner reaches an implementation.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use xxgk::check::Options;
use xxgk::conformance::{BuiltIn, ReportRecord, Status, Suite, Tally, run};
use xxgk::diagnostics::{CATALOG, Rule};

/// Rules no case file can express: an I/O failure, a file beyond the size limit, a path that is
/// not a regular file and an input over a reading limit are properties of the file system or of
/// reading, not of a document (tests/cli.rs and tests/reliability.rs cover them); the importer's
/// findings are about published texts, not canonical documents (tests/import.rs covers them).
fn expressible(rule: Rule) -> bool {
    ![
        Rule::IoError,
        Rule::TooLarge,
        Rule::NotAFile,
        Rule::OverLimit,
    ]
    .contains(&rule)
        && rule.info().family != xxgk::diagnostics::Family::Import
}

fn suite() -> Suite {
    Suite::load(&common::repo_root().join("conformance")).unwrap_or_else(|e| panic!("{e}"))
}

fn built_in() -> BuiltIn {
    BuiltIn::new(Options { current_year: 2026 })
}

#[test]
fn every_case_passes_with_the_built_in_checker() {
    let suite = suite();
    let mut failures = Vec::new();
    let tally = run(&suite, &mut built_in(), |record| {
        if let ReportRecord::Result(result) = record
            && result.status != Status::Passed
        {
            failures.push(format!("{result:?}"));
        }
    });
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(tally.passed, suite.cases.len() as u64);
}

#[test]
fn every_rule_has_a_case_where_it_fires_and_a_boundary_where_it_does_not() {
    let suite = suite();
    let mut fires: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut quiet: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, case) in &suite.cases {
        let expected: BTreeSet<&str> = case
            .expect
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        for code in &case.rules {
            if expected.contains(code.as_str()) {
                fires.entry(code).or_default().push(case.id.as_str());
            } else if case.boundary {
                quiet.entry(code).or_default().push(case.id.as_str());
            }
        }
    }
    let missing: Vec<String> = CATALOG
        .iter()
        .filter(|info| expressible(info.rule))
        .flat_map(|info| {
            let mut gaps = Vec::new();
            if !fires.contains_key(info.code) {
                gaps.push(format!("{} never fires", info.code));
            }
            if !quiet.contains_key(info.code) {
                gaps.push(format!("{} has no boundary case", info.code));
            }
            gaps
        })
        .collect();
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn both_editions_are_exercised() {
    let suite = suite();
    let mut editions = BTreeSet::new();
    for (_, case) in &suite.cases {
        if let Ok(xxgk::conformance::protocol::Payload::Document(document)) =
            suite.resolve(&case.input)
            && let Some(edition) = document["edition"].as_str()
        {
            editions.insert(edition.to_owned());
        }
    }
    assert!(
        editions.contains("2019") && editions.contains("2021"),
        "{editions:?}"
    );
}

#[test]
fn case_files_are_valid_against_the_committed_case_schema() {
    let root = common::repo_root().join("conformance");
    let schema = common::read_json(&root.join("case.schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("the case schema compiles");
    let mut files = 0;
    for path in common::list_data(&root.join("cases")) {
        let errors: Vec<String> = validator
            .iter_errors(&common::read_json(&path))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        files += 1;
    }
    assert!(files >= 1);
}

#[test]
fn a_wrong_expectation_fails_and_says_why() {
    let mut suite = suite();
    let (_, case) = suite
        .cases
        .iter_mut()
        .find(|(_, c)| !c.expect.diagnostics.is_empty())
        .expect("a case with expected diagnostics");
    case.expect.diagnostics[0].pointer.push_str("/nowhere");
    let id = case.id.as_str().to_owned();
    let mut failed = Vec::new();
    run(&suite, &mut built_in(), |record| {
        if let ReportRecord::Result(result) = record
            && result.status == Status::Failed
        {
            failed.push((result.id.clone(), result.message.clone()));
        }
    });
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].0, id);
    assert!(failed[0].1.is_some());
}

/// Runs `xxgk conformance run ARGS`, checks its report against the report schema, and returns the
/// exit status and the footer's counts. `name` keeps concurrent tests' reports apart.
fn run_binary(name: &str, args: &[&str]) -> (Option<i32>, Tally) {
    let report =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.jsonl"));
    let output = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .current_dir(common::repo_root())
        .args(["conformance", "run", "--report"])
        .arg(&report)
        .args(args)
        .output()
        .expect("xxgk runs");
    let text = std::fs::read_to_string(&report).expect("a report was written");
    let _ = std::fs::remove_file(&report);
    let schema = common::read_json(&common::repo_root().join("conformance/report.schema.json"));
    let validator = jsonschema::validator_for(&schema).unwrap();
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for record in &records {
        assert!(validator.is_valid(record), "{record}");
    }
    assert_eq!(records[0]["type"], "header");
    let footer = records.last().unwrap();
    assert_eq!(footer["type"], "footer");
    (
        output.status.code(),
        serde_json::from_value(footer["data"].clone()).unwrap(),
    )
}

#[test]
fn the_built_in_checker_passes_over_the_harness_protocol() {
    let serve = format!("{} conformance serve", env!("CARGO_BIN_EXE_xxgk"));
    let (status, tally) = run_binary("protocol", &["--impl", &serve]);
    assert_eq!(status, Some(0));
    assert_eq!((tally.failed, tally.errored, tally.skipped), (0, 0, 0));
    assert_eq!(tally.passed, suite().cases.len() as u64);
}

#[test]
fn xxgk_check_passes_in_adapter_mode_except_cross_year_cases() {
    let adapter = format!(
        "{} check --format json --current-year 2026",
        env!("CARGO_BIN_EXE_xxgk")
    );
    let (status, tally) = run_binary("adapter", &["--adapter", &adapter]);
    let with_previous = suite()
        .cases
        .iter()
        .filter(|(_, c)| c.previous.is_some())
        .count() as u64;
    assert_eq!(status, Some(0));
    assert_eq!((tally.failed, tally.errored), (0, 0));
    assert_eq!(
        tally.skipped, with_previous,
        "adapter mode cannot pass a previous year"
    );
}

#[test]
fn an_implementation_declaring_few_rules_gets_not_applicable() {
    let adapter = format!(
        "{} check --format json --current-year 2026",
        env!("CARGO_BIN_EXE_xxgk")
    );
    let (status, tally) = run_binary(
        "adapter-a204",
        &["--adapter", &adapter, "--adapter-rules", "A204"],
    );
    assert_eq!(status, Some(0));
    let suite = suite();
    let applicable = suite
        .cases
        .iter()
        .filter(|(_, c)| c.rules.iter().all(|r| r == "A204"))
        .count() as u64;
    assert_eq!(tally.not_applicable, suite.cases.len() as u64 - applicable);
    assert_eq!(tally.passed + tally.skipped, applicable);
}

/// A fresh folder under the test target's scratch space.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs xxgk in `dir`, returning its exit status and standard output.
fn xxgk_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("xxgk runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    (output.status.code(), format!("{stdout}{stderr}"))
}

/// Every file of a folder below it (`/`-separated) with its bytes, leaving out what the suite
/// leaves out: hidden files and Python's caches.
fn files_below(root: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for path in common::list_data(&folder) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "__pycache__" {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                let key: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.insert(key.join("/"), common::read_data(&path));
            }
        }
    }
    files
}

/// After `cargo install`, the suite runs from any folder: it is built into the binary.
#[test]
fn the_built_in_suite_runs_from_a_folder_without_the_repository() {
    let elsewhere = scratch("no-suite-here");
    let (status, output) = xxgk_in(&elsewhere, &["conformance", "run"]);
    assert_eq!(status, Some(0), "{output}");
    let cases = suite().cases.len();
    assert!(
        output.contains(&format!("({cases} cases)"))
            && output.contains(&format!("{cases} passed, 0 failed, 0 errored")),
        "{output}"
    );
    let inputs = elsewhere.join("inputs");
    let (status, output) = xxgk_in(&elsewhere, &["conformance", "inputs", "--out", "inputs"]);
    assert_eq!(status, Some(0), "{output}");
    assert!(common::list_data(&inputs).len() >= cases);
}

/// The built-in suite is the repository's `conformance/`, file for file, byte for byte: cases,
/// documents, the schemas, the rule catalog and the example harness.
#[test]
fn the_built_in_suite_is_the_repository_folder() {
    let out = scratch("exported-suite");
    let (status, output) = xxgk_in(
        &out,
        &["conformance", "export", "--out", &out.display().to_string()],
    );
    assert_eq!(status, Some(0), "{output}");
    let exported = files_below(&out);
    let committed = files_below(&common::repo_root().join("conformance"));
    assert_eq!(
        exported.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &committed {
        assert!(exported[name] == *bytes, "{name} differs");
    }
    for schema in ["case", "protocol", "report"] {
        assert!(exported.contains_key(&format!("{schema}.schema.json")));
    }
}

/// `--suite DIR` runs that copy, not the built-in one.
#[test]
fn another_copy_of_the_suite_runs_with_suite_dir() {
    let copy = scratch("suite-copy");
    let (status, _) = xxgk_in(
        &copy,
        &[
            "conformance",
            "export",
            "--out",
            &copy.display().to_string(),
        ],
    );
    assert_eq!(status, Some(0));
    for path in common::list_data(&copy.join("cases")) {
        if path.file_name().is_some_and(|n| n != "valid.json") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let kept = Suite::load(&copy).unwrap().cases.len();
    assert!(kept > 0 && kept < suite().cases.len());
    let dir = copy.display().to_string();
    let (status, output) = xxgk_in(&copy, &["conformance", "run", "--suite", &dir]);
    assert_eq!(status, Some(0), "{output}");
    assert!(output.contains(&format!("({kept} cases)")), "{output}");
    let (status, output) = xxgk_in(&copy, &["conformance", "run", "--suite", "/nonexistent"]);
    assert_eq!(status, Some(2));
    assert!(output.contains("/nonexistent/cases"), "{output}");
}
