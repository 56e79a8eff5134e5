//! Metadata a user supplies to `xxgk import` (`--agency`, `--year`, …, `--manifest`): written
//! ahead of what the page prints, recorded as supplied, every disagreement reported, nothing
//! overridden silently.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn xxgk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(args)
        .env("XXGK_LANG", "en")
        .output()
        .expect("xxgk runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh folder holding copies of real reports from the corpus.
fn folder_with(name: &str, reports: &[&str]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgk-supplied-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for report in reports {
        let from = common::repo_root().join("tests/corpus/raw").join(report);
        std::fs::copy(from, dir.join(report)).unwrap();
    }
    dir
}

fn document(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("a JSON document on standard output")
}

/// The JSON Lines records on standard error (the document is on standard output).
fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// 101.html prints its agency (平潭综合实验区) and year (2019) in its title.
#[test]
fn supplied_values_are_written_recorded_and_every_disagreement_reported() {
    let dir = folder_with("one", &["101.html"]);
    let page = path(&dir, "101.html");
    let agency = "平潭综合实验区管理委员会";
    let url = "https://www.pingtan.gov.cn/report?id=1#top";
    let output = xxgk(&[
        "import", &page, "--agency", agency, "--year", "2019", "--url", url,
    ]);
    let document = document(&output);
    assert_eq!(document["agency"]["name"], agency);
    assert_eq!(document["report_year"], 2019);
    assert_eq!(document["source"]["url"], url);
    let metadata = &document["extensions"]["xxgk.import"]["metadata"];
    assert_eq!(metadata["/agency/name"]["taken_from"], "supplied");
    // Both values are kept: the supplied one in the document, the printed one beside it.
    assert_eq!(metadata["/agency/name"]["stated"]["supplied"], agency);
    assert_eq!(
        metadata["/agency/name"]["stated"]["title"],
        "平潭综合实验区"
    );
    assert_eq!(metadata["/report_year"]["taken_from"], "supplied");
    assert_eq!(metadata["/report_year"]["stated"]["title"], "2019");
    assert_eq!(metadata["/source/url"]["taken_from"], "supplied");
    // What the page prints is not supplied.
    assert_eq!(metadata["/published_on"]["taken_from"], "page");
    let said = stderr(&output);
    assert!(
        said.contains("I712") && said.contains(agency) && said.contains("平潭综合实验区"),
        "{said}"
    );
    // The supplied year agrees with the page: no disagreement about it.
    assert!(!said.contains("/report_year"), "{said}");
}

#[test]
fn without_supplied_metadata_everything_is_taken_from_the_page() {
    let dir = folder_with("none", &["101.html"]);
    let document = document(&xxgk(&["import", &path(&dir, "101.html")]));
    let metadata = &document["extensions"]["xxgk.import"]["metadata"];
    assert_eq!(document["agency"]["name"], "平潭综合实验区");
    assert_eq!(metadata["/agency/name"]["taken_from"], "title");
    assert_eq!(metadata["/report_year"]["stated"]["period"], "2019");
    assert!(document["source"].get("url").is_none());
    assert!(metadata.get("/source/url").is_none());
}

/// 002.txt is a department's page head that names no agency: without one the document is
/// incomplete, and the checker's rules cannot run on it.
#[test]
fn a_supplied_agency_completes_a_page_that_names_none() {
    let dir = folder_with("complete", &["002.txt"]);
    let page = path(&dir, "002.txt");
    let alone = xxgk(&["import", &page, "--check", "--format", "json"]);
    let codes = |output: &Output| -> Vec<String> {
        json_lines(output)
            .iter()
            .filter(|record| record["type"] == "diagnostic")
            .map(|record| record["data"]["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        codes(&alone).contains(&"I709".to_owned()),
        "{:?}",
        codes(&alone)
    );
    let completed = xxgk(&[
        "import",
        &page,
        "--check",
        "--format",
        "json",
        "--agency",
        "武汉市汉阳区人民政府办公室",
        "--division-code",
        "420105",
    ]);
    let codes = codes(&completed);
    assert!(!codes.contains(&"I709".to_owned()), "{codes:?}");
    assert!(!codes.iter().any(|code| code.starts_with('S')), "{codes:?}");
}

#[test]
fn a_manifest_supplies_each_file_its_own_metadata() {
    let dir = folder_with("manifest", &["101.html", "002.txt"]);
    std::fs::write(
        dir.join("listing.csv"),
        "path,agency,report_year,published_on,division_code,url\n\
         101.html,,2019,,,https://example.org/101\n\
         002.txt,武汉市汉阳区人民政府办公室,2022,2023-01-19,420105,\n",
    )
    .unwrap();
    let out = dir.join("out");
    let output = xxgk(&[
        "import",
        "--manifest",
        &path(&dir, "listing.csv"),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(
        output.status.code().is_some_and(|code| code < 2),
        "{}",
        stderr(&output)
    );
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(out.join(name)).unwrap()).unwrap()
    };
    let pingtan = read("101.json");
    assert_eq!(pingtan["source"]["url"], "https://example.org/101");
    assert_eq!(pingtan["agency"]["name"], "平潭综合实验区");
    let hanyang = read("002.json");
    assert_eq!(hanyang["agency"]["name"], "武汉市汉阳区人民政府办公室");
    assert_eq!(hanyang["agency"]["division_code"], "420105");
    assert_eq!(hanyang["published_on"], "2023-01-19");
    assert_eq!(hanyang["report_year"], 2022);
}

#[test]
fn a_manifest_row_naming_a_missing_file_is_an_error_not_a_skip() {
    let dir = folder_with("missing", &["101.html"]);
    std::fs::write(
        dir.join("listing.jsonl"),
        "{\"path\": \"101.html\"}\n{\"path\": \"gone.html\", \"report_year\": 2020}\n",
    )
    .unwrap();
    let out = dir.join("out").display().to_string();
    let output = xxgk(&[
        "import",
        "--manifest",
        &path(&dir, "listing.jsonl"),
        "--out",
        &out,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("gone.html"), "{}", stderr(&output));
}

#[test]
fn a_bad_manifest_or_bad_value_is_refused_with_its_place() {
    let dir = folder_with("bad", &["101.html"]);
    std::fs::write(dir.join("bad.csv"), "path,report_year\n101.html,2018\n").unwrap();
    let output = xxgk(&["import", "--manifest", &path(&dir, "bad.csv")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("line 2"), "{}", stderr(&output));

    let page = path(&dir, "101.html");
    for (flag, value) in [
        ("--year", "2018"),
        ("--published-on", "2023/01/19"),
        ("--division-code", "42010"),
        ("--agency", " "),
    ] {
        let output = xxgk(&["import", &page, flag, value]);
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        assert!(
            stderr(&output).contains(flag),
            "{flag}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn metadata_for_one_input_is_refused_for_several() {
    let dir = folder_with("several", &["101.html", "002.txt"]);
    let out = dir.join("out").display().to_string();
    let output = xxgk(&[
        "import",
        &dir.display().to_string(),
        "--out",
        &out,
        "--year",
        "2020",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--manifest"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("out").exists());
}
