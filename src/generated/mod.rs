//! Generated documentation: the label table of SPEC.md, the man pages, and the list of every
//! generated file of the repository (so that `cargo xtask regenerate` rewrites them and one test
//! catches drift).

use std::path::PathBuf;

use crate::diagnostics::CATALOG;
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

/// The dataset document (`xxgk export`), relative to the repository root.
pub const DATASET_PATH: &str = "DATASET.md";
/// The name of the generated region of DATASET.md that lists the columns.
pub const DATASET_REGION: &str = "dataset-columns";

/// The rules document, relative to the repository root.
pub const RULES_PATH: &str = "conformance/RULES.md";
/// The man pages' folder, relative to the repository root.
pub const MAN_DIR: &str = "man";

/// Every file of `schema/`, as (path relative to `schema/`, content): the report schema (both
/// drafts) and the schema of the checker's JSON Lines output. Here, above both `schema` and
/// `output`, so that neither layer uses the other.
pub fn schema_files() -> Vec<(PathBuf, String)> {
    use crate::schema::{
        pretty, report_schema_draft07, report_schema_draft07_path, report_schema_path,
        report_schema_text,
    };
    vec![
        (report_schema_path(), report_schema_text()),
        (
            report_schema_draft07_path(),
            pretty(&report_schema_draft07()),
        ),
        (
            PathBuf::from(crate::output::jsonl::OUTPUT_SCHEMA_FILE),
            pretty(&crate::output::jsonl::output_schema()),
        ),
    ]
}

/// Every generated artefact of the repository, paths relative to its root.
pub fn generated() -> Vec<Generated> {
    let schema_files = schema_files()
        .into_iter()
        .map(|(path, content)| Generated::File {
            path: PathBuf::from("schema").join(path),
            content,
        });
    let documents = [
        Generated::Region {
            path: PathBuf::from(SPEC_PATH),
            region: LABEL_TABLE_REGION,
            content: label_table(),
        },
        Generated::File {
            path: PathBuf::from(RULES_PATH),
            content: rules_markdown(),
        },
        Generated::Region {
            path: PathBuf::from(DATASET_PATH),
            region: DATASET_REGION,
            content: dataset_columns(),
        },
        Generated::File {
            path: PathBuf::from("conformance/case.schema.json"),
            content: crate::schema::pretty(&crate::conformance::case_schema()),
        },
        Generated::File {
            path: PathBuf::from("conformance/protocol.schema.json"),
            content: crate::schema::pretty(&crate::conformance::protocol::protocol_schema()),
        },
        Generated::File {
            path: PathBuf::from("conformance/report.schema.json"),
            content: crate::schema::pretty(&crate::conformance::report_schema()),
        },
        Generated::File {
            path: PathBuf::from(crate::serve::openapi::OPENAPI_PATH),
            content: crate::serve::openapi::openapi_text(),
        },
    ];
    let man_pages = man_pages()
        .into_iter()
        .map(|(name, content)| Generated::File {
            path: PathBuf::from(MAN_DIR).join(name),
            content,
        });
    schema_files.chain(documents).chain(man_pages).collect()
}

/// The man pages, rendered from the command line's definition: `xxgk.1`, and one per command
/// (`xxgk-check.1`, `xxgk-conformance-run.1`, …), as (file name, roff text).
pub fn man_pages() -> Vec<(String, String)> {
    let mut command = crate::cli::command().disable_help_subcommand(true);
    // Building gives each command its full name (`xxgk-check`), which names its page.
    command.build();
    let mut pages = Vec::new();
    add_man_pages(&command, &mut pages);
    pages
}

fn add_man_pages(command: &clap::Command, pages: &mut Vec<(String, String)>) {
    let source = format!("xxgk {}", env!("CARGO_PKG_VERSION"));
    let man = clap_mangen::Man::new(command.clone()).source(source);
    let mut roff = Vec::new();
    man.render(&mut roff)
        .expect("rendering into memory does not fail");
    let text = String::from_utf8(roff).expect("clap_mangen writes UTF-8");
    pages.push((man.get_filename(), text));
    for subcommand in command.get_subcommands() {
        add_man_pages(subcommand, pages);
    }
}

/// The rule catalog as Markdown.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# xxgk rule catalog\n\n\
         Generated by `cargo xtask regenerate` from the checker's catalog (`src/check/catalog.rs`); do not \
         edit by hand. Codes are stable and opaque: a code is never reused or renumbered.\n\n\
         Severity `error` makes a report invalid (exit status 1); family `input` makes a file \
         unreadable (exit status 2); `warning` and `info` never change the exit status.\n\n\
         | code | name | family | severity | editions | title |\n|---|---|---|---|---|---|\n",
    );
    for info in CATALOG {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{name}` | {family} | {severity} | {editions} | {zh} |\n",
            code = info.code,
            anchor = info.code.to_lowercase(),
            name = info.name,
            family = info.family.name(),
            severity = info.severity.name(),
            editions = editions(info),
            zh = info.title_zh,
        ));
    }
    for info in CATALOG {
        out.push_str(&format!(
            "\n## {code}\n\n**{zh}** — {en}\n\n\
             - name: `{name}`; family: {family}; severity: {severity}; editions: {editions}\n\
             - message (zh): {mzh}\n\
             - message (en): {men}\n\
             - reference: {reference}\n",
            code = info.code,
            zh = info.title_zh,
            en = info.title_en,
            name = info.name,
            family = info.family.name(),
            severity = info.severity.name(),
            editions = editions(info),
            mzh = info.message_zh,
            men = info.message_en,
            reference = info.reference,
        ));
    }
    out
}

fn editions(info: &crate::diagnostics::RuleInfo) -> String {
    let tags: Vec<&str> = info.editions.iter().map(|e| e.tag()).collect();
    tags.join(", ")
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

/// The column sets of `xxgk export` (long, wide, diagnostics) as Markdown tables.
pub fn dataset_columns() -> String {
    use crate::export::columns;
    let table = |title: &str, columns: &[columns::Column]| {
        let mut out = format!("\n### {title} — {} columns\n\n", columns.len());
        out.push_str("| # | column | type | what it holds |\n|---|---|---|---|\n");
        for (i, column) in columns.iter().enumerate() {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} |\n",
                i + 1,
                column.name,
                column.ty.name(),
                column.doc.replace('|', "\\|")
            ));
        }
        out
    };
    let mut out = format!("\nDataset version **{}**.\n", columns::DATASET_VERSION);
    out.push_str(&table(
        "Long layout (`--layout long`, the default)",
        columns::long(),
    ));
    out.push_str(&table(
        "Diagnostics (`--diagnostics FILE`)",
        columns::diagnostics(),
    ));
    out.push_str(&table("Wide layout (`--layout wide`)", columns::wide()));
    out.push_str("\n### Wide cell columns and their official labels\n\n");
    out.push_str("| column |");
    for edition in Edition::ALL {
        out.push_str(&format!(" {} edition labels |", edition.tag()));
    }
    out.push_str(&format!("\n|---|{}\n", "---|".repeat(Edition::COUNT)));
    for cell in columns::wide_cells() {
        out.push_str(&format!("| `{}` |", columns::wide_name(&cell.pointer)));
        for edition in Edition::ALL {
            let label = cell
                .labels
                .iter()
                .find(|(e, _)| *e == edition)
                .map_or("—".to_owned(), |(_, l)| l.replace('|', "\\|"));
            out.push_str(&format!(" {label} |"));
        }
        out.push('\n');
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
