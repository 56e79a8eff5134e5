//! `xxgk check` as a user runs it: exit codes, formats, bad input.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

/// Runs xxgk; `check` runs get a fixed current year so results do not depend on the clock.
fn xxgk(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command.args(args);
    if args.first() == Some(&"check") {
        command.args(["--current-year", "2026"]);
    }
    command.output().expect("xxgk runs")
}

fn xxgk_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xxgk runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn seed_path() -> String {
    common::repo_root()
        .join("conformance/documents/seed-wuhan-etdz-2020.json")
        .display()
        .to_string()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, bytes: &[u8]) -> String {
    std::fs::write(path, bytes).unwrap();
    path.display().to_string()
}

fn seed_with(pointer: &str, value: Value) -> Vec<u8> {
    let mut document = common::seed_example();
    common::set(&mut document, pointer, value);
    serde_json::to_vec_pretty(&document).unwrap()
}

fn json_records(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[test]
fn the_seed_checks_clean_with_exit_0() {
    let output = xxgk(&["check", &seed_path()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "共 1 个文件：有效 1，无效 0，无法读取 0；错误 0，警告 0，提示 0\n"
    );
}

#[test]
fn a_broken_sum_exits_1_with_the_rule_and_pointer() {
    let dir = scratch("broken-sum");
    let file = write(
        &dir.join("r.json"),
        &seed_with("/appeals/administrative_review/pending", json!(1)),
    );
    let output = xxgk(&["check", "--lang", "en", &file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error A204 /appeals/administrative_review/total"),
        "{text}"
    );
    assert!(
        text.contains("table 4, 行政复议: 总计 states 0, the results sum to 1"),
        "{text}"
    );
}

#[test]
fn warnings_alone_keep_exit_0() {
    let dir = scratch("warnings");
    let file = write(
        &dir.join("r.json"),
        &seed_with("/applications/outcomes/disclosed/total", Value::Null),
    );
    let output = xxgk(&["check", &file]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("警告 A205"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let bytes = std::fs::read(seed_path()).unwrap();
    let output = xxgk_with_stdin(
        &["check", "--current-year", "2026", "--format", "json", "-"],
        &bytes,
    );
    assert_eq!(output.status.code(), Some(0));
    let records = json_records(&output);
    assert_eq!(
        records[0],
        json!({"type": "begin", "data": {"path": "<stdin>"}})
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = scratch("bom");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(seed_path()).unwrap());
    let file = write(&dir.join("bom.json"), &bytes);
    assert_eq!(xxgk(&["check", &file]).status.code(), Some(0));
}

/// Each class of bad input: exit 2, the input rule, and a message that says what is wrong.
#[test]
fn bad_input_gives_a_diagnostic_and_exit_2() {
    let dir = scratch("bad-input");
    let mut gbk = b"{\"agency\": \"".to_vec();
    gbk.extend_from_slice(&[0xCE, 0xE4, 0xBA, 0xBA, 0xCA, 0xD0]); // 武汉市 in GBK
    gbk.extend_from_slice(b"\"}");
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "malformed.json",
            b"{\n  \"edition\": \"2019\",\n  oops\n}".to_vec(),
            "X003",
            "line 3, column 3",
        ),
        (
            "deep.json",
            "[".repeat(100_000).into_bytes(),
            "X003",
            "recursion limit exceeded",
        ),
        (
            "huge-number.json",
            format!("{{\"report_year\": {}}}", "9".repeat(1_000_000)).into_bytes(),
            "X003",
            "number out of range",
        ),
        (
            "latin1.json",
            b"{\"a\": \"caf\xE9\"}".to_vec(),
            "X002",
            "invalid from byte 10",
        ),
        ("gbk.json", gbk, "X002", "GBK/GB18030"),
        ("junk.json", junk, "X002", "not UTF-8"),
        ("empty.json", Vec::new(), "X003", "EOF while parsing"),
    ];
    for (name, bytes, code, message) in cases {
        let file = write(&dir.join(name), &bytes);
        let output = xxgk(&["check", "--lang", "en", &file]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stdout(&output));
        let text = stdout(&output);
        assert!(text.contains(&format!("error {code} /")), "{name}: {text}");
        assert!(text.contains(message), "{name}: {text}");
        assert!(text.contains("1 unreadable"), "{name}: {text}");
    }
}

#[test]
fn a_file_beyond_the_size_limit_is_refused_without_reading_it() {
    let dir = scratch("huge");
    let path = dir.join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1 << 30).unwrap(); // a sparse 1 GiB file
    let output = xxgk(&["check", "--lang", "en", &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("the file has 1073741824 bytes, more than the limit of 67108864")
    );
}

#[test]
fn a_100_mb_page_to_import_is_refused_with_a_diagnostic() {
    let dir = scratch("huge-import");
    let path = dir.join("page.html");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 << 20).unwrap(); // sparse: the size is refused before any byte is read
    let out = dir.join("out");
    let output = xxgk(&[
        "import",
        "--lang",
        "en",
        &path.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    // Import diagnostics go to standard error: standard output may carry a document.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the file has 104857600 bytes, more than the limit of 67108864"),
        "{stderr}"
    );
    assert!(!out.join("page.json").exists());
}

#[test]
fn imports_that_would_overwrite_each_other_are_refused() {
    let dir = scratch("colliding-imports");
    let seed_text = common::repo_root().join("../shared/seeds/000_baa04b3ed7a09fb6.txt");
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::copy(&seed_text, dir.join(folder).join("report.txt")).unwrap();
    }
    let out = dir.join("out");
    let output = xxgk(&[
        "import",
        &dir.join("a").display().to_string(),
        &dir.join("b").display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("would both be written to"), "{stderr}");
    assert!(!out.join("report.json").exists());
}

/// A document that cannot be written ends the run with exit 2 and the path, not a silent gap.
#[test]
fn an_import_that_cannot_be_written_fails_with_the_path() {
    let dir = scratch("unwritable-import");
    let seed_text = common::repo_root().join("../shared/seeds/000_baa04b3ed7a09fb6.txt");
    std::fs::copy(&seed_text, dir.join("report.txt")).unwrap();
    let out = dir.join("out");
    // A folder where the document should go: writing the file fails on any user, even root.
    std::fs::create_dir_all(out.join("report.json")).unwrap();
    let output = xxgk(&[
        "import",
        &dir.join("report.txt").display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&out.join("report.json").display().to_string()),
        "{stderr}"
    );
}

#[test]
fn a_folder_run_goes_past_unreadable_files_and_reports_them() {
    let dir = scratch("folder");
    write(
        &dir.join("a-valid.json"),
        &std::fs::read(seed_path()).unwrap(),
    );
    write(&dir.join("b-broken.json"), b"{");
    std::os::unix::fs::symlink(dir.join("missing-target"), dir.join("c-dangling.json")).unwrap();
    std::fs::create_dir(dir.join("d")).unwrap();
    write(
        &dir.join("d/e-invalid.json"),
        &seed_with("/applications/carried_over/total", json!(5)),
    );
    write(&dir.join("notes.txt"), b"not a report");
    let output = xxgk(&["check", "--format", "json", &dir.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    let records = json_records(&output);
    let ends: Vec<(String, String)> = records
        .iter()
        .filter(|r| r["type"] == "end")
        .map(|r| {
            let path = r["data"]["path"].as_str().unwrap();
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, r["data"]["status"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected = [
        ("a-valid.json", "valid"),
        ("b-broken.json", "unreadable"),
        ("c-dangling.json", "unreadable"),
        ("e-invalid.json", "invalid"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(ends, expected);
    let summary = records.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["data"]["files"], 4);
    assert_eq!(summary["data"]["unreadable"], 2);
}

#[test]
fn json_lines_output_matches_the_committed_output_schema() {
    let dir = scratch("jsonl");
    let invalid = write(
        &dir.join("invalid.json"),
        &seed_with("/applications/new_applications/total", json!(25)),
    );
    let broken = write(&dir.join("broken.json"), b"[1,");
    let output = xxgk(&["check", "--format", "json", &seed_path(), &invalid, &broken]);
    let schema_path = common::repo_root().join("schema/check-output-v1.schema.json");
    let schema = common::read_json(&schema_path);
    let validator = jsonschema::validator_for(&schema).unwrap();
    let records = json_records(&output);
    assert_eq!(records.iter().filter(|r| r["type"] == "begin").count(), 3);
    for record in &records {
        let errors: Vec<String> = validator
            .iter_errors(record)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{record}: {errors:?}");
        serde_json::from_value::<xxgk::output::jsonl::Record>(record.clone()).unwrap();
    }
    assert_eq!(records.last().unwrap()["data"]["invalid"], 1);
}

#[test]
fn select_ignore_and_max_diagnostics() {
    let dir = scratch("filters");
    let file = write(
        &dir.join("r.json"),
        &seed_with("/applications/new_applications/total", json!(27)),
    );
    let only_balance = xxgk(&["check", "--format", "json", "--select", "t3-balance", &file]);
    let codes: Vec<String> = json_records(&only_balance)
        .iter()
        .filter(|r| r["type"] == "diagnostic")
        .map(|r| r["data"]["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["A201"]);
    assert_eq!(only_balance.status.code(), Some(1));

    let ignored = xxgk(&["check", "--ignore", "A201,A203", &file]);
    assert_eq!(
        ignored.status.code(),
        Some(0),
        "ignored rules do not make a report invalid"
    );

    let capped = xxgk(&["check", "--format", "json", "--max-diagnostics", "1", &file]);
    let records = json_records(&capped);
    assert_eq!(
        records.iter().filter(|r| r["type"] == "diagnostic").count(),
        1
    );
    let end = records.iter().find(|r| r["type"] == "end").unwrap();
    assert_eq!(end["data"]["omitted"], 1);
    assert_eq!(end["data"]["counts"]["error"], 2);

    let unknown = xxgk(&["check", "--select", "Z999", &file]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown rule `Z999`"));
}

#[test]
fn previous_year_is_compared_with_previous_flag() {
    let dir = scratch("previous");
    let mut later = common::seed_example();
    common::set(&mut later, "/report_year", json!(2021));
    common::set(&mut later, "/edition", json!("2019"));
    common::set(
        &mut later,
        "/period",
        json!({"start": "2021-01-01", "end": "2021-12-31"}),
    );
    let later = write(&dir.join("2021.json"), &serde_json::to_vec(&later).unwrap());
    let output = xxgk(&[
        "check",
        "--format",
        "json",
        "--select",
        "Y601",
        "--previous",
        &seed_path(),
        &later,
    ]);
    let codes: Vec<(String, String)> = json_records(&output)
        .iter()
        .filter(|r| r["type"] == "diagnostic")
        .map(|r| {
            (
                r["data"]["code"].as_str().unwrap().into(),
                r["data"]["pointer"].as_str().unwrap().into(),
            )
        })
        .collect();
    // 2020 carried 1 forward (其他, 总计); the copy claims 0 carried over.
    assert_eq!(
        codes,
        [
            (
                "Y601".to_owned(),
                "/applications/carried_over/other_organizations".to_owned()
            ),
            (
                "Y601".to_owned(),
                "/applications/carried_over/total".to_owned()
            ),
        ]
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "cross-year findings are warnings"
    );
}

#[test]
fn rules_lists_every_rule_of_the_catalog() {
    let output = xxgk(&["rules", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), xxgk::check::CATALOG.len());
    for info in xxgk::check::CATALOG {
        assert!(
            text.contains(info.code) && text.contains(info.title_en),
            "{}",
            info.code
        );
    }
}

#[test]
fn catalog_codes_and_names_are_unique_and_indexed_by_rule() {
    let mut codes = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    for (index, info) in xxgk::check::CATALOG.iter().enumerate() {
        assert_eq!(info.rule as usize, index, "{} out of place", info.code);
        assert!(
            codes.insert(info.code) && names.insert(info.name),
            "{}",
            info.code
        );
        assert_eq!(xxgk::check::Rule::find(info.code), Some(info.rule));
        assert_eq!(xxgk::check::Rule::find(info.name), Some(info.rule));
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(xxgk(&["check"]).status.code(), Some(2));
    assert_eq!(
        xxgk(&["check", "--format", "xml", &seed_path()])
            .status
            .code(),
        Some(2)
    );
    let missing_previous = xxgk(&["check", "--previous", "/nonexistent.json", &seed_path()]);
    assert_eq!(missing_previous.status.code(), Some(2));
}
