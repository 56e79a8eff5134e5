//! Generated documentation: the label table of SPEC.md, and the list of every generated file of
//! the repository (so one command regenerates them and one test catches drift).

use std::path::PathBuf;

use crate::model::Edition;
use crate::schema::cells::cells;

/// The specification file, relative to the repository root.
pub const SPEC_PATH: &str = "SPEC.md";
/// The name of the generated region of SPEC.md that holds the label table.
pub const LABEL_TABLE_REGION: &str = "cell-label-table";

/// A file the repository keeps in sync with the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generated {
    /// A file generated whole.
    File { path: PathBuf, content: String },
    /// A named region between markers inside a hand-written file.
    Region {
        path: PathBuf,
        region: &'static str,
        content: String,
    },
}

/// Every generated artefact of the repository, paths relative to its root.
pub fn generated() -> Vec<Generated> {
    let schema_files = crate::schema::schema_files()
        .into_iter()
        .map(|(path, content)| Generated::File {
            path: PathBuf::from("schema").join(path),
            content,
        });
    schema_files
        .chain([Generated::Region {
            path: PathBuf::from(SPEC_PATH),
            region: LABEL_TABLE_REGION,
            content: label_table(),
        }])
        .collect()
}

/// The Markdown table mapping every official cell to its JSON Pointer, per edition.
pub fn label_table() -> String {
    let mut out = String::new();
    for edition in Edition::ALL {
        let cells = cells(edition);
        out.push_str(&format!(
            "\n#### Edition {} ({}) — {} cells\n\n",
            edition.tag(),
            edition.instrument(),
            cells.len()
        ));
        out.push_str("| table | official labels (row › … › column) | JSON Pointer | kind |\n");
        out.push_str("|---|---|---|---|\n");
        for cell in cells {
            out.push_str(&format!(
                "| {} | {} | `{}` | {} |\n",
                cell.table,
                cell.label_path().replace('|', "\\|"),
                cell.pointer,
                cell.kind.name()
            ));
        }
    }
    out
}

/// Counts of cells per table for an edition, in table order.
pub fn cells_per_table(edition: Edition) -> Vec<(u8, usize)> {
    crate::schema::cells::TABLES
        .iter()
        .map(|(table, _)| {
            (
                *table,
                cells(edition).iter().filter(|c| c.table == *table).count(),
            )
        })
        .collect()
}

/// Replaces the content of the region `name` of `text`, between the markers
/// `<!-- BEGIN GENERATED name -->` and `<!-- END GENERATED name -->`.
pub fn replace_region(text: &str, name: &str, content: &str) -> Result<String, RegionError> {
    let begin = format!("<!-- BEGIN GENERATED {name} -->");
    let end = format!("<!-- END GENERATED {name} -->");
    let start = text
        .find(&begin)
        .ok_or(RegionError::MissingMarker(begin.clone()))?
        + begin.len();
    let stop = text[start..]
        .find(&end)
        .ok_or(RegionError::MissingMarker(end.clone()))?
        + start;
    Ok(format!(
        "{}\n{}\n{}",
        &text[..start],
        content.trim_matches('\n'),
        &text[stop..]
    ))
}

/// A generated region whose markers are missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionError {
    MissingMarker(String),
}

impl std::fmt::Display for RegionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegionError::MissingMarker(marker) => write!(f, "marker `{marker}` not found"),
        }
    }
}

impl std::error::Error for RegionError {}

impl Generated {
    /// The file's path relative to the repository root.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Generated::File { path, .. } | Generated::Region { path, .. } => path,
        }
    }

    /// What the file must contain, given its current content (`None` when it does not exist).
    pub fn expected(&self, current: Option<&str>) -> Result<String, RegionError> {
        match self {
            Generated::File { content, .. } => Ok(content.clone()),
            Generated::Region {
                region, content, ..
            } => replace_region(current.unwrap_or_default(), region, content),
        }
    }
}

/// Whether a generated file matched the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOutcome {
    pub path: PathBuf,
    pub up_to_date: bool,
}

/// Compares every generated artefact under `root` with the code and, when `write` is set,
/// rewrites the ones that differ.
pub fn sync(root: &std::path::Path, write: bool) -> Result<Vec<SyncOutcome>, SyncError> {
    let mut outcomes = Vec::new();
    for artefact in generated() {
        let path = root.join(artefact.path());
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(SyncError::Io(path, error)),
        };
        let expected = artefact
            .expected(current.as_deref())
            .map_err(|error| SyncError::Region(path.clone(), error))?;
        let up_to_date = current.as_deref() == Some(expected.as_str());
        if write && !up_to_date {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| SyncError::Io(parent.into(), e))?;
            }
            std::fs::write(&path, &expected).map_err(|e| SyncError::Io(path.clone(), e))?;
        }
        outcomes.push(SyncOutcome {
            path: artefact.path().to_path_buf(),
            up_to_date,
        });
    }
    Ok(outcomes)
}

/// Why generated files could not be compared or written.
#[derive(Debug)]
pub enum SyncError {
    Io(PathBuf, std::io::Error),
    Region(PathBuf, RegionError),
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            SyncError::Region(path, error) => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for SyncError {}
