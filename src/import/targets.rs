//! Where `xxgk import --out DIR` writes each document, `DIR/<file stem>.json` (`DIR/stdin.json`
//! for standard input), and how: whole or not at all, never over an existing file unless asked
//! to, never through a link, never over an input.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Why documents cannot be written to `dir`, checked before anything is imported: a document
/// would replace an input (never allowed), or an existing file (allowed with `replace`, as
/// `--force`).
pub fn refuse_overwrites(inputs: &[Source], dir: &Path, replace: bool) -> Result<(), String> {
    // Inputs by their real path (links resolved), listed once a target is found to exist.
    let mut input_paths: Option<HashSet<PathBuf>> = None;
    for source in inputs {
        let target = target_path(dir, source);
        if std::fs::symlink_metadata(&target).is_err() {
            continue;
        }
        let inputs = input_paths.get_or_insert_with(|| {
            inputs
                .iter()
                .filter_map(|s| match s {
                    Source::File(path) => std::fs::canonicalize(path).ok(),
                    _ => None,
                })
                .collect()
        });
        if std::fs::canonicalize(&target).is_ok_and(|real| inputs.contains(&real)) {
            return Err(format!(
                "the document of {} would be written over an input, {}",
                source.display(),
                target.display()
            ));
        }
        if !replace {
            return Err(format!(
                "{} exists (--force replaces existing documents)",
                target.display()
            ));
        }
    }
    Ok(())
}

/// Writes `bytes` to `target` so that the file is at no moment partly written: they go to a new
/// temporary file in the same folder, which then takes the target's name. Without `replace`, an
/// existing target (a file, a link, anything) is an error and is left as it was; with it, the
/// target's name is given to the new file, so that a link there is replaced, never written
/// through.
///
/// A process killed meanwhile leaves the target absent (or as it was) and at most a temporary
/// file, `.<name>.<process>.<n>.tmp`. The data is not synced to the disk: this guards against
/// the process ending, not the machine.
pub fn write_whole(target: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let (temporary, mut file) = create_temporary(target)?;
    let published = file
        .write_all(bytes)
        .and_then(|()| file.flush())
        .and_then(|()| {
            drop(file);
            publish(&temporary, target, replace)
        });
    let _ = std::fs::remove_file(&temporary);
    published
}

/// A new temporary file beside `target` (same folder, so that it can take the target's name):
/// `.<name>.<process>.<n>.tmp`, created where nothing exists (a link there is not followed).
pub fn create_temporary(target: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?
        .to_string_lossy();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        // `create_new` fails on anything already there, a link included: nothing is followed.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
}

/// Gives the complete file `temporary` the name `target`: without `replace`, only where nothing
/// has that name (else `AlreadyExists`, the target left as it was); with it, over whatever is
/// there (a link is replaced, not written through).
pub fn publish(temporary: &Path, target: &Path, replace: bool) -> std::io::Result<()> {
    if replace {
        std::fs::rename(temporary, target)
    } else {
        publish_new(temporary, target)
    }
}

/// Gives `temporary` the name `target` if nothing has that name: a hard link is made only where
/// no name exists, atomically. Where links cannot be made (some file systems), the name is
/// checked and the file renamed.
fn publish_new(temporary: &Path, target: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(temporary, target) {
        Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => {
            if std::fs::symlink_metadata(target).is_ok() {
                return Err(std::io::ErrorKind::AlreadyExists.into());
            }
            std::fs::rename(temporary, target)
        }
        linked => linked,
    }
}
