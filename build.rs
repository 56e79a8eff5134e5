//! Embeds the conformance suite in the library: writes the list of the files under
//! `conformance/`, each as `include_bytes!`, so that `xxgk conformance run` works from any folder
//! after `cargo install` (see `src/conformance/embedded.rs`).

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let suite = manifest.join("conformance");
    // A folder is scanned whole: a case file added, changed or removed rebuilds the list.
    println!("cargo::rerun-if-changed=conformance");
    let mut files = Vec::new();
    collect(&suite, &mut files);
    files.sort();
    let mut list = String::from("&[\n");
    for path in &files {
        let relative = path.strip_prefix(&suite).expect("under the suite");
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        list.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            name.join("/"),
            path.display().to_string()
        ));
    }
    list.push_str("]\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("conformance_files.rs"), list).expect("OUT_DIR is writable");
}

/// Every file under `dir`, except hidden ones and Python's byte-code caches (not part of the
/// suite, and not committed).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') || name == "__pycache__" {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
