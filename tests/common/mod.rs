//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod gold;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The complete example documents under conformance/documents/.
pub fn example_documents() -> Vec<(PathBuf, Value)> {
    let dir = repo_root().join("conformance/documents");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("conformance/documents exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| (path.clone(), read_json(&path)))
        .collect()
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
