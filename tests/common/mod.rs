//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod gold;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder of the real-report test data (`tests/corpus/`, sources in its README).
pub fn corpus_path(relative: &str) -> PathBuf {
    repo_root().join("tests/corpus").join(relative)
}

/// The seed report as extracted text.
pub fn seed_text_path() -> PathBuf {
    corpus_path("seeds/000_baa04b3ed7a09fb6.txt")
}

/// The bytes of a test data file. A file that cannot be read fails the test with its path, not
/// with a bare `No such file or directory`.
pub fn read_data(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The text of a test data file (UTF-8); fails the test with the path, as [`read_data`].
pub fn read_text(path: &Path) -> String {
    String::from_utf8(read_data(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files of a test data folder, sorted; fails the test with the path when it cannot be
/// listed.
pub fn list_data(dir: &Path) -> Vec<PathBuf> {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .path()
        })
        .collect();
    paths.sort();
    paths
}

/// The complete example documents under conformance/documents/.
pub fn example_documents() -> Vec<(PathBuf, Value)> {
    list_data(&repo_root().join("conformance/documents"))
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| (path.clone(), read_json(&path)))
        .collect()
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&read_text(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The complete example of an edition: every cell stated, every relation holding.
pub fn complete_example(edition: xxgk::model::Edition) -> Value {
    let file = match edition {
        xxgk::model::Edition::E2019 => "seed-wuhan-etdz-2020.json",
        xxgk::model::Edition::E2021 => "city-bureau-2022.json",
    };
    read_json(&repo_root().join("conformance/documents").join(file))
}

pub fn seed_example() -> Value {
    read_json(&repo_root().join("conformance/documents/seed-wuhan-etdz-2020.json"))
}

/// Sets the value at `pointer`; its parent must exist (an object gains the key if needed).
pub fn set(document: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    document
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {parent}"))
        .insert(key.to_owned(), value);
}

/// Removes the property at `pointer` (which must exist).
pub fn remove(document: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    let removed = document
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .and_then(|object| object.remove(key));
    assert!(removed.is_some(), "no property at {pointer}");
}
