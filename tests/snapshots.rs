//! Snapshots (insta) of what a user sees: the output of the `xxgk check` binary, human and JSON
//! Lines, for every conformance case, and the rule catalog. Review changes with
//! `cargo insta review`.
//!
//! The binary itself runs (its standard output is the snapshot), so what is snapshotted is what
//! `main.rs` and the library's `run` module print, not a copy of their logic.

mod common;

use std::path::Path;
use std::process::Command;

use xxgk::conformance::Suite;
use xxgk::conformance::protocol::CaseInput;

/// The standard output of `xxgk check --format FORMAT` run in `dir` on the case's input written
/// as `{id}.json` (and its previous year as `previous/{id}.json`).
fn render(dir: &Path, case: &CaseInput, format: &str) -> String {
    let input = format!("{}.json", case.id);
    std::fs::write(dir.join(&input), case.input.to_bytes().unwrap()).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command
        .current_dir(dir)
        .env_remove("XXGK_LANG")
        .args(["check", "--current-year", "2026", "--lang", "zh"])
        .args(["--format", format]);
    if let Some(previous) = &case.previous {
        let path = Path::new("previous").join(&input);
        std::fs::create_dir_all(dir.join("previous")).unwrap();
        std::fs::write(dir.join(&path), previous.to_bytes().unwrap()).unwrap();
        command.arg("--previous").arg(path);
    }
    let output = command.arg(&input).output().expect("xxgk runs");
    assert!(
        output.status.code().is_some_and(|code| code <= 2),
        "{}: {:?}",
        case.id,
        output.status
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn check_output_for_every_conformance_case() {
    let suite = Suite::load(&common::repo_root().join("conformance")).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snapshots-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (_, case) in &suite.cases {
        let input = suite.case_input(case).unwrap();
        let human = render(&dir, &input, "human");
        let json = render(&dir, &input, "json");
        let snapshot = format!(
            "# {}\n\n## human\n{human}\n## json\n{json}",
            case.description
        );
        insta::assert_snapshot!(format!("case-{}", case.id), snapshot);
    }
}

#[test]
fn rule_catalog() {
    insta::assert_snapshot!("rules", xxgk::generated::rules_markdown());
}
