//! `xxgk summary`: one self-contained page (nothing fetched, no script) with its charts, labels
//! from the catalogs, counts that agree with `xxgk check`, links to the files, in Chinese by
//! default and in English with --lang en. (CI also opens it in headless Chromium:
//! tests/python/check_summary_page.py.)

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

fn xxgk(args: &[&str], lang: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xxgk"));
    command.args(args).env_remove("XXGK_LANG").env("LANG", "C");
    if let Some(lang) = lang {
        command.env("XXGK_LANG", lang);
    }
    command.output().expect("xxgk runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("summary-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A corpus: the example documents, a generated corpus and a file that is not JSON.
fn corpus(dir: &std::path::Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (path, _) in common::example_documents() {
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    let generated = corpus.join("generated");
    let output = xxgk(
        &[
            "generate",
            "--count",
            "120",
            "--seed",
            "4",
            "--out",
            generated.to_str().unwrap(),
        ],
        None,
    );
    assert!(output.status.success());
    std::fs::write(corpus.join("broken file.json"), b"{").unwrap();
    corpus
}

#[test]
fn the_page_is_self_contained_with_charts_and_chinese_labels() {
    let dir = scratch("zh");
    let corpus = corpus(&dir);
    let out = dir.join("pages").join("summary.html");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let output = xxgk(
        &[
            "summary",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    // An unreadable file: reported, exit 2, and the page is written all the same.
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken file.json"));
    let page = common::read_text(&out);
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<html lang=\"zh-CN\">"));
    for id in [
        "verdicts",
        "rules",
        "gaps",
        "new-applications",
        "outcomes",
        "appeals",
        "worst",
    ] {
        assert!(
            page.contains(&format!("<section id=\"{id}\">")),
            "section {id}"
        );
    }
    assert!(page.matches("<svg class=\"chart\"").count() >= 7, "charts");
    // Nothing is fetched and nothing runs: no scripts, links, images or external URLs.
    for forbidden in [
        "<script", "<link", "<img", "src=", "url(", "https://", "@import",
    ] {
        assert!(!page.contains(forbidden), "{forbidden}");
    }
    let without_namespace = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_namespace.contains("http://"));
    // Labels from the catalogs, in Chinese.
    assert!(page.contains("检查结论"));
    assert!(page.contains("一、本年新收政府信息公开申请数量"));
    assert!(page.contains("（一）予以公开"));
    assert!(page.contains("行政复议"));
    let info = xxgk::diagnostics::Rule::InvalidJson.info();
    assert!(page.contains(info.title_zh));
    // The unreadable file is listed with the reports with errors, linked relative to the page.
    assert!(
        page.contains("href=\"../corpus/broken%20file.json\""),
        "relative link"
    );
    // Every file counted once.
    let files = 1 + common::example_documents().len() + 120;
    assert!(page.contains(&format!("共 {files} 个文件")));
}

#[test]
fn verdict_counts_agree_with_check_and_english_is_asked_for() {
    let dir = scratch("en");
    let corpus = corpus(&dir);
    std::fs::remove_file(corpus.join("broken file.json")).unwrap();
    let out = dir.join("summary.html");
    let output = xxgk(
        &[
            "summary",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--lang",
            "en",
        ],
        None,
    );
    assert!(matches!(output.status.code(), Some(0 | 1)));
    let page = common::read_text(&out);
    assert!(page.contains("<html lang=\"en\">") && page.contains("Verdicts"));
    // `xxgk check` counts valid files the same way.
    let checked = xxgk(
        &["check", "--format", "json", corpus.to_str().unwrap()],
        None,
    );
    let summary_line = String::from_utf8_lossy(&checked.stdout)
        .lines()
        .last()
        .unwrap()
        .to_owned();
    let summary: serde_json::Value = serde_json::from_str(&summary_line).unwrap();
    let valid = summary["data"]["valid"].as_u64().unwrap();
    assert!(
        page.contains(&format!("<title>valid: {valid} (")),
        "{valid} valid"
    );
    // Refused without --force, replaced with it.
    let again = xxgk(
        &[
            "summary",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(2));
    let forced = xxgk(
        &[
            "summary",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--force",
        ],
        None,
    );
    assert!(matches!(forced.status.code(), Some(0 | 1)));
    assert!(
        common::read_text(&out).contains("<html lang=\"zh-CN\">"),
        "zh by default"
    );
}
