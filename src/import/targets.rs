//! Where `xxgk import --out DIR` writes each document: `DIR/<file stem>.json`, `DIR/stdin.json`
//! for standard input.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::batch::Source;

/// The file the document imported from `source` is written to in `dir`.
pub fn target_path(dir: &Path, source: &Source) -> PathBuf {
    let stem = match source {
        Source::File(path) | Source::Unlistable(path, _) => path
            .file_stem()
            .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned()),
        Source::Stdin => "stdin".to_owned(),
    };
    dir.join(format!("{stem}.json"))
}

/// Two inputs whose documents would be written to the same file (`a/x.html`, `b/x.txt`): one
/// would silently replace the other. Returns them with that file.
pub fn colliding(inputs: &[Source], dir: &Path) -> Option<(String, String, PathBuf)> {
    let mut seen: HashMap<PathBuf, &Source> = HashMap::new();
    inputs.iter().find_map(|source| {
        let target = target_path(dir, source);
        seen.insert(target.clone(), source)
            .map(|earlier| (earlier.display(), source.display(), target))
    })
}
