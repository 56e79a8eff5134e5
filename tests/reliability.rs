//! Reliability of the command line (issue 18): no crash, no hang, bounded output, failed writes
//! reported, files written whole. Every run here has a deadline: a test that would hang fails.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Longer than any run here takes; a run still going then is a hang.
const DEADLINE: Duration = Duration::from_secs(60);

fn xxgk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    for variable in ["XXGK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(variable);
    }
    command.env("XXGK_LANG", "en");
    command
}

/// Waits for a child, killing it and failing the test at the deadline.
fn finish(mut child: Child, what: &str) -> Output {
    let started = Instant::now();
    while child
        .try_wait()
        .expect("the child can be waited for")
        .is_none()
    {
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("{what}: still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("the output is read")
}

/// Runs xxgk with `args`, standard input closed, both outputs captured.
fn run(args: &[&str]) -> Output {
    let child = xxgk()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xxgk runs");
    finish(child, &args.join(" "))
}

/// Runs xxgk with standard output going to `stdout`.
fn run_into(args: &[&str], stdout: Stdio) -> Output {
    let child = xxgk()
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("xxgk runs");
    finish(child, &args.join(" "))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("reliability")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

fn seed_json() -> PathBuf {
    common::repo_root().join("conformance/documents/seed-wuhan-etdz-2020.json")
}

/// A Word file whose `word/document.xml` is `xml`.
fn docx(path: &Path, xml: &str) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
}

const WORD: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The reproducer of the issue: 10,000 nested content controls aborted the process with a stack
/// overflow (exit 134), and a folder run with it died without its summary.
#[test]
fn a_deeply_nested_word_file_imports_without_a_crash() {
    let dir = scratch("deep-docx");
    let depth = 10_000;
    let xml = format!(
        r#"<w:document xmlns:w="{WORD}"><w:body>{}<w:p><w:r><w:t>深处</w:t></w:r></w:p>{}</w:body></w:document>"#,
        "<w:sdt>".repeat(depth),
        "</w:sdt>".repeat(depth)
    );
    docx(&dir.join("deep.docx"), &xml);
    std::fs::copy(common::seed_text_path(), dir.join("seed.txt")).unwrap();
    let out = dir.join("out");
    let output = run(&[
        "import",
        "--format",
        "json",
        &text(&dir),
        "--out",
        &text(&out),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let summary = stderr(&output).lines().last().map(str::to_owned).unwrap();
    let summary: Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["type"], "summary", "{summary}");
    assert_eq!(summary["data"]["files"], 2);
    assert!(out.join("deep.json").exists() && out.join("seed.json").exists());
}

/// A Word file whose document.xml says it inflates to more than 64 MiB is refused before
/// anything is inflated (it was read up to 256 MiB).
#[test]
fn a_word_file_inflating_past_the_limit_is_refused() {
    let dir = scratch("zip-bomb");
    let path = dir.join("bomb.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..65 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let output = run(&["import", &text(&path)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "the inflated size of word/document.xml in bytes is over the limit of 67108864"
        ),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}

/// Every command that prints: into a full disk, a failure reported with exit status 2 (they
/// panicked with 101 or exited 0 with nothing said); into a closed pipe, a quiet end with the
/// status the command would have had, as tools not killed by SIGPIPE do.
#[test]
fn output_that_cannot_be_written_is_reported_and_a_closed_pipe_ends_quietly() {
    let seed = text(&seed_json());
    let commands: [&[&str]; 8] = [
        &["schema"],
        &["rules"],
        &["rules", "--format", "json"],
        &["--help"],
        &["--version"],
        &["completions", "bash"],
        &["conformance", "run"],
        &["check", "--verbose", &seed],
    ];
    for args in commands {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = run_into(args, Stdio::from(full));
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("cannot write output: No space left on device"),
            "{args:?}: {}",
            stderr(&output)
        );

        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = run_into(args, Stdio::from(writer));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

#[test]
fn a_document_that_cannot_be_written_to_standard_output_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let seed_text = text(&common::seed_text_path());
    let output = run_into(&["import", "-q", &seed_text], Stdio::from(full));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot write output"),
        "{}",
        stderr(&output)
    );
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

/// A FIFO blocked every command for ever; it and devices are reported (X005) and skipped. Only
/// regular files (and standard input) are read.
#[test]
fn fifos_and_devices_are_reported_and_skipped_never_read() {
    let dir = scratch("fifo");
    let fifo = dir.join("pipe.json");
    mkfifo(&fifo);
    let seed = text(&seed_json());
    let output = run(&["check", &text(&fifo), &seed]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("X005") && stdout(&output).contains("not a regular file (a FIFO)"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("2 files: 1 valid"),
        "{}",
        stdout(&output)
    );

    // Found in a folder, too: named like a report, it is reported, not passed over.
    let output = run(&["check", &text(&dir)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).contains("a FIFO"), "{}", stdout(&output));

    let output = run(&["check", "--previous", &text(&fifo), &seed]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a regular file (a FIFO)"),
        "{}",
        stderr(&output)
    );

    let text_fifo = dir.join("report.txt");
    mkfifo(&text_fifo);
    let output = run(&["import", &text(&text_fifo)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a regular file (a FIFO)"),
        "{}",
        stderr(&output)
    );

    // /dev/zero never ends: it was read until memory ran out with a large --max-file-size.
    let output = run(&["check", "--max-file-size", "100000000000", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("not a regular file (a character device)"),
        "{}",
        stdout(&output)
    );
    let output = run(&["import", "--carrier", "text", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a character device"),
        "{}",
        stderr(&output)
    );
}

/// Standard input is read whatever it is, but never past the size limit.
#[test]
fn standard_input_is_read_up_to_the_limit() {
    let child = xxgk()
        .args(["check", "--max-file-size", "1000", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = finish(child, "check - < /dev/zero");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("the file has 1001 bytes, more than the limit of 1000"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_symlink_loop_gives_the_reason_in_import_as_in_check() {
    let dir = scratch("symlink-loop");
    let link = dir.join("loop.txt");
    std::os::unix::fs::symlink(&link, &link).unwrap();
    for command in ["check", "import"] {
        let output = run(&[command, &text(&link)]);
        assert_eq!(output.status.code(), Some(2));
        let said = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            said.contains("Too many levels of symbolic links"),
            "{command}: {said}"
        );
    }
}

/// A suite folder holding only the cases of `valid.json` (five), for runs that are slow by
/// design.
fn small_suite(name: &str) -> PathBuf {
    let dir = scratch(name);
    let output = run(&["conformance", "export", "--out", &text(&dir)]);
    assert!(output.status.success(), "{}", stderr(&output));
    for entry in std::fs::read_dir(dir.join("cases")).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "valid.json" {
            std::fs::remove_file(path).unwrap();
        }
    }
    dir
}

/// `--impl` and `--adapter` get a time per case and an output limit: `sleep 1000` and
/// `cat /dev/zero` waited for ever or grew without bound.
#[test]
fn conformance_implementations_are_stopped_at_the_timeout_and_the_output_limit() {
    let suite = small_suite("slow-suite");
    let suite = text(&suite);
    let started = Instant::now();
    let output = run(&[
        "conformance",
        "run",
        "--suite",
        &suite,
        "--adapter",
        "sleep 1000; :",
        "--timeout",
        "0.2",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("no answer within 0.2 s")
            && stdout(&output).contains("0 passed, 0 failed, 5 errored"),
        "{}",
        stdout(&output)
    );

    // A harness that answers `start`, then never again: stopped at its first case, and every
    // later case errors at once.
    let harness = r#"read line; echo '{"protocol":1,"implementation":{"name":"slow","version":"0","language":"sh","rules":"all"}}'; sleep 1000"#;
    let output = run(&[
        "conformance",
        "run",
        "--suite",
        &suite,
        "--impl",
        harness,
        "--timeout",
        "0.5",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("no reply within 0.5 s")
            && stdout(&output).contains("0 passed, 0 failed, 5 errored"),
        "{}",
        stdout(&output)
    );
    assert!(started.elapsed() < Duration::from_secs(20));

    let output = run(&[
        "conformance",
        "run",
        "--suite",
        &suite,
        "--adapter",
        "cat /dev/zero; :",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("more than 16777216 bytes of output"),
        "{}",
        stdout(&output)
    );
    let output = run(&[
        "conformance",
        "run",
        "--suite",
        &suite,
        "--impl",
        "cat /dev/zero",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a reply of more than 16777216 bytes"),
        "{}",
        stderr(&output)
    );
}

/// An output folder holding the document of `report.txt` (the seed text).
fn imported_once(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let input = dir.join("report.txt");
    std::fs::copy(common::seed_text_path(), &input).unwrap();
    let out = dir.join("out");
    let output = run(&["import", "-q", &text(&input), "--out", &text(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    (input, out)
}

#[test]
fn import_does_not_replace_existing_files_unless_forced() {
    let (input, out) = imported_once("no-overwrite");
    let target = out.join("report.json");
    std::fs::write(&target, "mine").unwrap();
    let output = run(&["import", &text(&input), "--out", &text(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("report.json exists (--force replaces existing documents)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "mine");

    let output = run(&[
        "import",
        "-q",
        &text(&input),
        "--out",
        &text(&out),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(document["edition"], "2019");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

/// `out/report.json -> ../victim.txt` overwrote victim.txt.
#[test]
fn import_never_writes_through_a_link() {
    let (input, out) = imported_once("symlink-target");
    let victim = out.parent().unwrap().join("victim.txt");
    std::fs::write(&victim, "victim").unwrap();
    let target = out.join("report.json");
    std::fs::remove_file(&target).unwrap();
    std::os::unix::fs::symlink(&victim, &target).unwrap();

    let output = run(&["import", &text(&input), "--out", &text(&out)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("exists"), "{}", stderr(&output));

    let output = run(&[
        "import",
        "-q",
        &text(&input),
        "--out",
        &text(&out),
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");
    assert!(
        !std::fs::symlink_metadata(&target)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// `xxgk import dir/report.json --out dir` replaced its own input.
#[test]
fn import_never_writes_over_an_input() {
    let dir = scratch("over-input");
    let input = dir.join("report.json");
    std::fs::copy(common::seed_text_path(), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    for force in [false, true] {
        let mut args = vec!["import", "--carrier", "text"];
        let (input, dir) = (text(&input), text(&dir));
        args.extend([input.as_str(), "--out", dir.as_str()]);
        if force {
            args.push("--force");
        }
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains("would be written over an input"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

/// Killed with SIGKILL at random moments, `import --out` leaves every output either absent or
/// whole: files were left empty or cut at 32,768 bytes, and good files of an earlier run
/// emptied.
#[test]
fn a_killed_import_leaves_every_document_absent_or_whole() {
    let dir = scratch("killed");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = common::read_data(&common::seed_text_path());
    let count = 150;
    for n in 0..count {
        std::fs::write(inputs.join(format!("r{n:03}.txt")), &seed).unwrap();
    }
    let out = dir.join("out");
    let import = |force: bool| {
        let mut command = xxgk();
        command.args(["import", "-q", &text(&inputs), "--out", &text(&out)]);
        if force {
            command.arg("--force");
        }
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // A complete run takes a few hundred milliseconds to seconds: kills land throughout it.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ u64::from(std::process::id());
    let mut random = move |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    let mut whole_before = 0;
    for round in 0..20 {
        // The first rounds start from an empty folder; later ones replace (--force) what
        // earlier rounds wrote.
        let mut child = import(round >= 5);
        std::thread::sleep(Duration::from_millis(random(600)));
        let _ = child.kill();
        let _ = child.wait();
        let mut whole = 0;
        for entry in std::fs::read_dir(&out).into_iter().flatten() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".tmp") {
                continue; // a temporary file of the killed run, never a document's name
            }
            let bytes = std::fs::read(&path).unwrap();
            let document: Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("round {round}: {name} is not whole ({e})"));
            assert!(document["edition"].is_string(), "round {round}: {name}");
            whole += 1;
        }
        if round >= 5 {
            assert!(
                whole >= whole_before,
                "round {round}: {whole} < {whole_before}"
            );
        }
        whole_before = whole;
        if round == 4 {
            // From here on the folder holds a complete earlier run.
            let _ = std::fs::remove_dir_all(&out);
            let finished = finish(import(false), "import");
            assert_eq!(finished.status.code(), Some(0));
            whole_before = count;
        }
    }
}

/// The seed report with `member` (a JSON member, `"name": value`) added after `"edition"`.
fn seed_with_member(member: &str) -> String {
    let seed = std::fs::read_to_string(seed_json()).unwrap();
    seed.replacen(
        "\"edition\": \"2019\",",
        &format!("\"edition\": \"2019\", {member},"),
        1,
    )
}

fn check_json_records(dir: &Path, name: &str, document: &str) -> Vec<Value> {
    let path = dir.join(name);
    std::fs::write(&path, document).unwrap();
    let output = run(&[
        "check",
        "--current-year",
        "2026",
        "--format",
        "json",
        &text(&path),
    ]);
    stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn diagnostics(records: &[Value]) -> Vec<&Value> {
    records
        .iter()
        .filter(|r| r["type"] == "diagnostic")
        .map(|r| &r["data"])
        .collect()
}

/// Duplicate member names inside `extensions` were accepted (S104 everywhere else); a
/// duplicated `report_year` was reported with the message of an unrelated range error.
#[test]
fn duplicate_member_names_are_s104_everywhere_with_their_own_message() {
    let dir = scratch("duplicates");
    let cases = [
        (
            "extensions",
            r#""extensions": {"x.note": 1, "x.note": 2}"#,
            "x.note",
            2,
        ),
        (
            "nested",
            r#""extensions": {"x.note": [{"a": 1, "a": 2}]}"#,
            "a",
            2,
        ),
        // The second `report_year` (the seed's own, 2020) is on line 4.
        ("report-year", r#""report_year": 1999"#, "report_year", 4),
    ];
    for (name, member, duplicated, line) in cases {
        let records = check_json_records(&dir, &format!("{name}.json"), &seed_with_member(member));
        let found = diagnostics(&records);
        let [diagnostic] = found.as_slice() else {
            panic!("{name}: {found:?}")
        };
        assert_eq!(diagnostic["code"], "S104", "{name}: {diagnostic}");
        let message = diagnostic["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("duplicate field `{duplicated}`"))
                && message.contains(&format!("line {line},")),
            "{name}: {message}"
        );
        assert!(
            !message.contains("1999") && !message.contains("range"),
            "{name}: {message}"
        );
    }
    // Distinct names in `extensions` stay valid.
    let records = check_json_records(
        &dir,
        "distinct.json",
        &seed_with_member(r#""extensions": {"x.note": {"a": 1, "b": [1, {"a": 2}]}}"#),
    );
    assert!(
        diagnostics(&records)
            .iter()
            .all(|d| d["severity"] != "error")
    );
}

/// A bad value of 5 MiB is quoted by its start in every format (a 60 MiB value was echoed in
/// full: 60 MiB of human output, 120 MiB of JSON or SARIF).
#[test]
fn a_huge_bad_value_is_quoted_by_its_start() {
    let dir = scratch("huge-value");
    let path = dir.join("huge.json");
    let document = std::fs::read_to_string(seed_json()).unwrap().replacen(
        "\"report_year\": 2020",
        &format!("\"report_year\": \"{}\"", "年".repeat(5 << 20)),
        1,
    );
    std::fs::write(&path, document).unwrap();
    for format in ["human", "json", "sarif"] {
        let output = run(&["check", "--format", format, &text(&path)]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(
            stdout(&output).contains("年年…"),
            "{format}: no quoted start"
        );
        assert!(
            output.stdout.len() < 200_000,
            "{format}: {} bytes",
            output.stdout.len()
        );
    }
}

/// SARIF `artifactLocation.uri` percent-encodes `#`, `?` and line breaks, and keeps a backslash
/// as a character of the name instead of turning it into `/`.
#[test]
fn sarif_uris_percent_encode_the_path() {
    let dir = scratch("sarif-uri");
    let path = dir.join("a#1?\nb\\c 报.json");
    std::fs::write(&path, "{").unwrap();
    let output = run(&["check", "--format", "sarif", &text(&path)]);
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(uri.ends_with("/a%231%3F%0Ab%5Cc%20%E6%8A%A5.json"), "{uri}");
}

/// A line of 1,000 cells is cut to its first 256, with I713.
#[test]
fn a_line_of_too_many_cells_is_cut_and_reported() {
    let dir = scratch("long-line");
    let mut seed = std::fs::read_to_string(common::seed_text_path()).unwrap();
    seed.push_str(&format!("附表 |{}\n", " 1 |".repeat(999)));
    let path = dir.join("report.txt");
    std::fs::write(&path, seed).unwrap();
    let output = run(&["import", "-q", "--format", "json", &text(&path)]);
    let said = stderr(&output);
    assert!(
        said.contains("I713") && said.contains("has 1000 cells, more than the limit of 256"),
        "{said}"
    );
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["edition"], "2019");
}

/// 64 MiB of nested `<table>` took 781 MB: tables may nest 256 deep, past that the page is
/// refused (X006).
#[test]
fn html_tables_nested_past_the_limit_are_refused() {
    let dir = scratch("nested-tables");
    let path = dir.join("tables.html");
    std::fs::write(&path, "<table><tr><td>1".repeat(257)).unwrap();
    let output = run(&["import", &text(&path)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the nesting depth of HTML tables is over the limit of 256"),
        "{}",
        stderr(&output)
    );
    std::fs::write(&path, "<table><tr><td>1".repeat(256)).unwrap();
    assert_eq!(run(&["import", &text(&path)]).status.code(), Some(1));
}

/// Found by fuzzing (import_html): without the heading of section 二, a 第二十条 block after the
/// heading of section 三 made table 2's region end before it started, and the import panicked
/// (exit 101).
#[test]
fn a_table_block_after_the_next_heading_imports_without_a_panic() {
    let dir = scratch("reversed-region");
    let path = dir.join("report.txt");
    std::fs::write(
        &path,
        "一、总体情况\n三、收到和处理政府信息公开申请情况\n本机关\n第二十条第（一）项 | 1 |\n规章 | 0 | 0 |\n",
    )
    .unwrap();
    let output = run(&["import", &text(&path)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // No year and no header: the edition is not invented (the tables are still looked for).
    assert!(stderr(&output).contains("I716"), "{}", stderr(&output));
}
