//! `xxgk check` as a user runs it: exit codes, formats, bad input.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

/// The variables that choose the language of messages: removed from every run, so that a test
/// sees the default (Chinese) whatever the locale of the machine running it.
const LANGUAGE_VARIABLES: [&str; 4] = ["XXGK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"];

/// xxgk, in an environment without language variables except `env`.
fn xxgk_command(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    for variable in LANGUAGE_VARIABLES {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    command
}

/// Runs xxgk; `check` runs get a fixed current year so results do not depend on the clock.
fn xxgk(args: &[&str]) -> Output {
    xxgk_in_env(args, &[])
}

fn xxgk_in_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = xxgk_command(env);
    command.args(args);
    if args.first() == Some(&"check") {
        command.args(["--current-year", "2026"]);
    }
    command.output().expect("xxgk runs")
}

fn xxgk_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = xxgk_command(&[])
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
    let bytes = common::read_data(Path::new(&seed_path()));
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
    bytes.extend(common::read_data(Path::new(&seed_path())));
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
    let seed_text = common::read_data(&common::seed_text_path());
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        write(&dir.join(folder).join("report.txt"), &seed_text);
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
    write(
        &dir.join("report.txt"),
        &common::read_data(&common::seed_text_path()),
    );
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
        &common::read_data(Path::new(&seed_path())),
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
fn copied_prose_is_found_with_previous_and_by_pairing_in_a_folder() {
    let dir = scratch("copied");
    let mut later = common::seed_example();
    common::set(&mut later, "/report_year", json!(2021));
    common::set(
        &mut later,
        "/period",
        json!({"start": "2021-01-01", "end": "2021-12-31"}),
    );
    // Section 五 is rewritten; every other long section is the 2020 text again.
    common::set(
        &mut later,
        "/sections/problems_and_improvements",
        json!(
            "2021年我区政务公开仍有不足：基层单位公开意识有待增强，部分栏目更新不及时，政策解读材料质量不高。下一步将加强督查考核，组织业务培训，完善信息发布审核机制，提高公开质量和时效。"
        ),
    );
    let folder = dir.join("reports");
    std::fs::create_dir_all(&folder).unwrap();
    let later = write(
        &folder.join("2021.json"),
        &serde_json::to_vec(&later).unwrap(),
    );
    std::fs::copy(seed_path(), folder.join("2020.json")).unwrap();
    let copied = |args: &[&str]| -> Vec<String> {
        let output = xxgk(&[&["check", "--format", "json", "--select", "Y604"], args].concat());
        assert_eq!(output.status.code(), Some(0), "copied text is a warning");
        json_records(&output)
            .iter()
            .filter(|r| r["type"] == "diagnostic")
            .map(|r| r["data"]["pointer"].as_str().unwrap().to_owned())
            .collect()
    };
    let expected = [
        "/sections/overview",
        "/sections/proactive_disclosure",
        "/sections/applications",
        "/sections/other_matters",
    ];
    assert_eq!(copied(&["--previous", &seed_path(), &later]), expected);
    assert_eq!(copied(&[folder.to_str().unwrap()]), expected);
}

#[test]
fn rules_prints_every_rule_in_an_aligned_table_with_a_header() {
    let output = xxgk(&["rules", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + xxgk::diagnostics::CATALOG.len());
    let header = lines[0];
    assert!(header.starts_with("code  name "), "{header}");
    // Every column starts where its header does.
    let starts: Vec<usize> = ["name", "severity", "family", "editions", "title"]
        .iter()
        .map(|h| header.find(h).unwrap())
        .collect();
    for (line, info) in lines[1..].iter().zip(xxgk::diagnostics::CATALOG) {
        let editions: Vec<&str> = info.editions.iter().map(|e| e.tag()).collect();
        let cells = [
            info.name,
            info.severity.name(),
            info.family.name(),
            &editions.join(","),
            info.title_en,
        ];
        for (start, cell) in starts.iter().zip(cells) {
            assert!(line[*start..].starts_with(cell), "{line}");
        }
        assert!(line.starts_with(info.code), "{line}");
    }
    let chinese = stdout(&xxgk(&["rules"]));
    assert!(chinese.starts_with("代码  "), "{chinese}");
}

#[test]
fn rules_as_json_carry_every_field_of_the_catalog() {
    let output = xxgk(&["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<Value> = serde_json::from_slice(&output.stdout).expect("a JSON array");
    assert_eq!(rules.len(), xxgk::diagnostics::CATALOG.len());
    for (rule, info) in rules.iter().zip(xxgk::diagnostics::CATALOG) {
        assert_eq!(rule["code"], info.code);
        assert_eq!(rule["name"], info.name);
        assert_eq!(rule["severity"], info.severity.name());
        assert_eq!(rule["family"], info.family.name());
        assert_eq!(rule["title_zh"], info.title_zh);
        assert_eq!(rule["message_en"], info.message_en);
        assert_eq!(rule["reference"], info.reference);
        assert!(rule["editions"].as_array().is_some_and(|e| !e.is_empty()));
    }
}

#[test]
fn catalog_codes_and_names_are_unique_and_indexed_by_rule() {
    let mut codes = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    for (index, info) in xxgk::diagnostics::CATALOG.iter().enumerate() {
        assert_eq!(info.rule as usize, index, "{} out of place", info.code);
        assert!(
            codes.insert(info.code) && names.insert(info.name),
            "{}",
            info.code
        );
        assert_eq!(xxgk::diagnostics::Rule::find(info.code), Some(info.rule));
        assert_eq!(xxgk::diagnostics::Rule::find(info.name), Some(info.rule));
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

#[test]
fn english_counts_take_the_singular_for_one() {
    let output = xxgk_with_stdin(&["check", "--lang", "en", "-"], b"{\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output)
            .ends_with("1 file: 0 valid, 0 invalid, 1 unreadable; 1 error, 0 warnings, 0 info\n"),
        "{}",
        stdout(&output)
    );
    let dir = scratch("plurals");
    let first = write(&dir.join("a.json"), b"{");
    let second = write(&dir.join("b.json"), b"[");
    let output = xxgk(&["check", "--lang", "en", &first, &second]);
    assert!(
        stdout(&output)
            .ends_with("2 files: 0 valid, 0 invalid, 2 unreadable; 2 errors, 0 warnings, 0 info\n"),
        "{}",
        stdout(&output)
    );
}

/// JSON syntax errors are located as an editor counts: lines and columns from 1, columns in
/// characters (serde_json counts bytes, and column 0 at the start of a line).
#[test]
fn json_syntax_errors_give_1_based_character_columns() {
    let column = |bytes: &[u8]| {
        let output = xxgk_with_stdin(&["check", "--format", "json", "-"], bytes);
        let records = json_records(&output);
        let diagnostic = records
            .iter()
            .find(|r| r["type"] == "diagnostic")
            .expect("a diagnostic");
        assert_eq!(diagnostic["data"]["code"], "X003");
        let args = &diagnostic["data"]["args"];
        (
            args["line"].as_u64().unwrap(),
            args["column"].as_u64().unwrap(),
        )
    };
    // What `echo '{' | xxgk check -` gives: the end of the input, at the start of line 2.
    assert_eq!(column(b"{\n"), (2, 1));
    assert_eq!(column(b"{"), (1, 1));
    // `x` is the 12th character of its line, and its 16th byte.
    assert_eq!(column("{\"a\": \"中文\" x}".as_bytes()), (1, 12));
    assert_eq!(column("[1,\n \"中\",\n  oops]".as_bytes()), (3, 3));
    let output = xxgk_with_stdin(&["check", "--lang", "en", "-"], b"{\n");
    assert!(
        stdout(&output).contains("not valid JSON at line 2, column 1"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_language_comes_from_the_flag_then_xxgk_lang_then_the_locale() {
    let dir = scratch("language");
    let file = write(
        &dir.join("r.json"),
        &seed_with("/applications/outcomes/disclosed/total", Value::Null),
    );
    let speaks = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        all.push(&file);
        let text = stdout(&xxgk_in_env(&all, env));
        match (text.contains("warning A205"), text.contains("警告 A205")) {
            (true, false) => "en",
            (false, true) => "zh",
            _ => panic!("{text}"),
        }
    };
    assert_eq!(speaks(&[], &[]), "zh", "no variable at all");
    assert_eq!(speaks(&[], &[("LANG", "en_US.UTF-8")]), "en");
    assert_eq!(speaks(&[], &[("LANG", "zh_CN.UTF-8")]), "zh");
    assert_eq!(speaks(&[], &[("LANG", "fr_FR.UTF-8")]), "zh", "else zh");
    assert_eq!(speaks(&[], &[("LANG", "C.UTF-8")]), "zh");
    assert_eq!(
        speaks(
            &[],
            &[("LC_MESSAGES", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")]
        ),
        "en"
    );
    assert_eq!(
        speaks(&[], &[("LC_ALL", "zh_TW.UTF-8"), ("LC_MESSAGES", "en_US")]),
        "zh",
        "LC_ALL decides"
    );
    assert_eq!(
        speaks(&[], &[("LC_ALL", ""), ("LANG", "en_US.UTF-8")]),
        "en",
        "an empty variable is not set"
    );
    assert_eq!(
        speaks(&[], &[("XXGK_LANG", "en"), ("LC_ALL", "zh_CN.UTF-8")]),
        "en"
    );
    assert_eq!(
        speaks(&["--lang", "zh"], &[("XXGK_LANG", "en"), ("LANG", "en_US")]),
        "zh"
    );
    let unknown = xxgk_in_env(&["check", &file], &[("XXGK_LANG", "fr")]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("invalid value 'fr'"));
    let rules = stdout(&xxgk_in_env(&["rules"], &[("LANG", "en_US.UTF-8")]));
    assert!(rules.starts_with("code  "), "{rules}");
}

/// A valid report, one with a warning, one with an error: what each verbosity prints.
#[test]
fn quiet_prints_errors_only_and_verbose_every_file() {
    let dir = scratch("verbosity");
    write(
        &dir.join("a-valid.json"),
        &common::read_data(Path::new(&seed_path())),
    );
    write(
        &dir.join("b-warning.json"),
        &seed_with("/applications/outcomes/disclosed/total", Value::Null),
    );
    write(
        &dir.join("c-error.json"),
        &seed_with("/appeals/administrative_review/pending", json!(1)),
    );
    let folder = dir.display().to_string();
    let run = |flag: Option<&str>| {
        let mut args = vec!["check", "--lang", "en", folder.as_str()];
        args.extend(flag);
        let output = xxgk(&args);
        assert_eq!(output.status.code(), Some(1));
        stdout(&output)
    };
    let files_named = |text: &str| -> Vec<&str> {
        ["a-valid", "b-warning", "c-error"]
            .into_iter()
            .filter(|name| text.contains(&format!("{name}.json: ")))
            .collect()
    };
    let summary = "3 files: 2 valid, 1 invalid, 0 unreadable; 1 error, 1 warning, 1 info\n";

    let normal = run(None);
    assert_eq!(files_named(&normal), ["b-warning", "c-error"], "{normal}");
    assert!(
        normal.contains("warning A205") && normal.ends_with(summary),
        "{normal}"
    );

    let quiet = run(Some("--quiet"));
    assert_eq!(files_named(&quiet), ["c-error"], "{quiet}");
    assert!(
        !quiet.contains("A205") && quiet.contains("error A204"),
        "{quiet}"
    );
    assert!(quiet.ends_with(summary), "{quiet}");
    assert_eq!(run(Some("-q")), quiet);

    let verbose = run(Some("--verbose"));
    assert_eq!(files_named(&verbose), ["a-valid", "b-warning", "c-error"]);
    assert!(
        verbose.contains("a-valid.json: valid (2019 edition)\n"),
        "{verbose}"
    );
    assert!(verbose.ends_with(summary), "{verbose}");

    let both = xxgk(&["check", "-q", "-v", &folder]);
    assert_eq!(
        both.status.code(),
        Some(2),
        "--quiet and --verbose conflict"
    );
}

#[test]
fn naming_no_report_at_all_is_a_usage_error() {
    let dir = scratch("no-inputs");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    write(&dir.join("notes.md"), b"not a report");
    let folder = dir.display().to_string();
    for command in ["check", "import"] {
        let output = xxgk(&[command, &folder]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("no input files"),
            "{command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.stdout.is_empty(), "{command}: no summary of 0 files");
    }
}

#[test]
fn import_reads_standard_input_sniffing_the_carrier_or_as_told() {
    let seed = common::read_data(&common::seed_text_path());
    let from_file = xxgk(&["import", &common::seed_text_path().display().to_string()]);
    let from_stdin = xxgk_with_stdin(&["import", "-"], &seed);
    assert_eq!(from_stdin.status.code(), from_file.status.code());
    let document: Value = serde_json::from_slice(&from_stdin.stdout).expect("a document");
    let expected: Value = serde_json::from_slice(&from_file.stdout).unwrap();
    assert_eq!(document["applications"], expected["applications"]);
    assert_eq!(document["source"]["carrier"], "text");

    let page =
        common::read_data(&common::repo_root().join("tests/fixtures/import/html-2019-gbk.html"));
    let carrier = |args: &[&str]| {
        let output = xxgk_with_stdin(args, &page);
        let document: Value = serde_json::from_slice(&output.stdout).expect("a document");
        document["source"]["carrier"].clone()
    };
    assert_eq!(carrier(&["import", "-"]), "html", "sniffed from the bytes");
    assert_eq!(carrier(&["import", "--carrier", "text", "-"]), "text");

    let out = scratch("import-stdin").join("out");
    let output = xxgk_with_stdin(&["import", "-", "--out", &out.display().to_string()], &seed);
    assert_eq!(output.status.code(), from_file.status.code());
    assert!(output.stdout.is_empty());
    let written = common::read_json(&out.join("stdin.json"));
    assert_eq!(written["applications"], expected["applications"]);
}

#[test]
fn import_diagnostics_come_in_every_format() {
    let seed = common::seed_text_path().display().to_string();
    let mirror_damage = xxgk::diagnostics::Rule::MirrorDamage.info().code;
    let human = xxgk(&["import", "--lang", "en", &seed]);
    let text = String::from_utf8_lossy(&human.stderr);
    assert!(
        text.contains(&format!("warning {mirror_damage} ")),
        "{text}"
    );

    let json = xxgk(&["import", "--format", "json", &seed]);
    let records: Vec<Value> = String::from_utf8(json.stderr)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let codes: Vec<&str> = records
        .iter()
        .filter(|r| r["type"] == "diagnostic")
        .map(|r| r["data"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == mirror_damage).count(),
        3,
        "{codes:?}"
    );
    assert_eq!(records.last().unwrap()["type"], "summary");
    // The document still goes to standard output, apart from the diagnostics.
    let document: Value = serde_json::from_slice(&json.stdout).expect("a document");
    assert_eq!(document["edition"], "2019");

    let sarif = xxgk(&["import", "--format", "sarif", &seed]);
    let log: Value = serde_json::from_slice(&sarif.stderr).expect("one SARIF log");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), codes.len());
}

#[test]
fn help_lists_user_commands_only() {
    let help = stdout(&xxgk(&["--help"]));
    for command in [
        "check",
        "import",
        "conformance",
        "rules",
        "schema",
        "generate",
        "completions",
    ] {
        assert!(help.contains(&format!("  {command} ")), "{command}: {help}");
    }
    assert!(!help.contains("regenerate"), "{help}");
    assert_eq!(xxgk(&["regenerate"]).status.code(), Some(2));
}

#[test]
fn completion_scripts_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = xxgk(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = stdout(&output);
        for word in ["conformance", "max-diagnostics", "carrier"] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
    // bash sources the script and then completes xxgk.
    let script = scratch("completions").join("xxgk.bash");
    std::fs::write(&script, xxgk(&["completions", "bash"]).stdout).unwrap();
    let sourced = Command::new("bash")
        .args([
            "-c",
            &format!("source '{}' && complete -p xxgk", script.display()),
        ])
        .output()
        .expect("bash runs");
    assert_eq!(sourced.status.code(), Some(0), "{sourced:?}");
    assert!(stdout(&sourced).contains("xxgk"), "{sourced:?}");
}

/// An import that did not run the checker never calls its document valid; with `--check` the
/// checker's verdict is printed.
#[test]
fn an_unchecked_import_is_never_called_valid() {
    let page = common::repo_root()
        .join("tests/fixtures/import/html-2019-year-first-title.html")
        .display()
        .to_string();
    let out = scratch("unchecked-import");
    let unchecked = xxgk(&["import", &page, "--out", &out.display().to_string()]);
    let said = String::from_utf8_lossy(&unchecked.stderr).into_owned();
    assert!(said.contains("已导入（2019 版式，未经检查）"), "{said}");
    assert!(!said.contains("有效"), "{said}");
    let english = xxgk_in_env(&["import", &page], &[("LANG", "en_US.UTF-8")]);
    let said = String::from_utf8_lossy(&english.stderr).into_owned();
    assert!(
        said.contains("1 imported, 0 incomplete") && !said.contains("valid"),
        "{said}"
    );
    let checked = xxgk(&["import", "--check", &page]);
    let said = String::from_utf8_lossy(&checked.stderr).into_owned();
    assert!(said.contains("有效（2019 版式）"), "{said}");
}
