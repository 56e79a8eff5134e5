//! The conformance suite built into the library: the files of `conformance/` (listed by
//! `build.rs`), so that the runner needs no copy of the repository.

use std::path::Path;

/// Every file of the suite: its path below the suite root (`/`-separated) and its bytes.
pub static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/conformance_files.rs"));

/// The built-in files under `folder` (e.g. `cases`) whose names end with `.json`, as text.
pub fn json_files(folder: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    FILES.iter().copied().filter(move |(path, _)| {
        path.strip_prefix(folder)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|name| !name.contains('/') && name.ends_with(".json"))
    })
}

/// Writes every file of the built-in suite under `dir` (cases, documents, schemas, rule
/// catalog, example harness): a copy to read, or to run with `--suite`. Returns how many files
/// were written.
pub fn export(dir: &Path) -> Result<usize, String> {
    for (name, bytes) in FILES {
        let path = dir.join(name);
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(FILES.len())
}
