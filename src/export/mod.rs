//! A dataset out of a corpus of reports (`xxgk export`): one table in CSV, JSON Lines or
//! Parquet, long (a row per report and cell) or wide (a row per report), optionally a table of
//! the checker's diagnostics, optionally partitioned into Hive-style folders.
//!
//! Reports are read on the thread pool, in chunks and in input order ([`batch::in_order`]);
//! rows are written by the calling thread as they come, so memory does not grow with the
//! corpus. Every file is written to a temporary name beside its target and takes the target's
//! name only once complete; an existing target is replaced only when asked to.

pub mod columns;
pub mod record;
pub mod sink;

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::batch::{self, Source};
use crate::check::{self};
use crate::diagnostics::{Diagnostic, Lang, Severity};
use crate::import::targets;
use crate::model::{Edition, PerEdition};
use crate::schema::cells::{CellKind, cells};

use columns::{Column, wide_cells};
use record::{CellRecord, Meta, ReportRecord};
pub use sink::{Field, Format};
use sink::{RowSink, SinkOptions};

/// One row per report and cell, or one row per report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Long,
    Wide,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Long => "long",
            Layout::Wide => "wide",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Layout::Long => columns::long(),
            Layout::Wide => columns::wide(),
        }
    }
}

/// A column the output can be split by, into Hive-style folders (`report_year=2021/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionKey {
    ReportYear,
    Province,
}

impl PartitionKey {
    pub fn column(self) -> &'static str {
        match self {
            PartitionKey::ReportYear => "report_year",
            PartitionKey::Province => "province",
        }
    }

    fn value(self, meta: &Meta) -> String {
        match self {
            PartitionKey::ReportYear => meta.report_year.to_string(),
            PartitionKey::Province => meta
                .province
                .clone()
                .unwrap_or_else(|| NULL_PARTITION.to_owned()),
        }
    }
}

/// The folder name Hive, Spark and DuckDB give a null partition value.
pub const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

/// What to write.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    pub layout: Layout,
    pub partition_by: Vec<PartitionKey>,
    /// A UTF-8 byte order mark at the start of CSV files (Excel on Chinese Windows otherwise
    /// reads them as GBK).
    pub excel: bool,
    /// Replace an existing output.
    pub force: bool,
    /// Also write one row per diagnostic of the checker here, in this format.
    pub diagnostics: Option<(PathBuf, Format)>,
    /// The language of messages in the diagnostics table.
    pub lang: Lang,
    pub check: check::Options,
    pub max_file_size: u64,
}

impl ExportOptions {
    /// Whether the checker runs on every report (the wide layout counts its findings).
    fn checks(&self) -> bool {
        self.layout == Layout::Wide || self.diagnostics.is_some()
    }
}

/// What became of one input.
#[derive(Debug, Clone)]
pub enum FileOutcome {
    /// Its rows are in the dataset.
    Exported { diagnostics: Vec<Diagnostic> },
    /// It is not in the dataset: unreadable, or not a structurally valid report (the checker's
    /// diagnostics say why), or a value the dataset's types cannot hold.
    Rejected {
        diagnostics: Vec<Diagnostic>,
        reason: Option<String>,
    },
}

impl FileOutcome {
    pub fn is_unreadable(&self) -> bool {
        matches!(self, FileOutcome::Rejected { diagnostics, .. }
            if diagnostics.iter().any(|d| d.rule.makes_unreadable()))
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    pub reports: u64,
    pub rows: u64,
    /// Inputs not exported: not readable as JSON.
    pub unreadable: u64,
    /// Inputs not exported: readable, but not a structurally valid report.
    pub rejected: u64,
    pub diagnostic_rows: u64,
    /// Files written (one, or one per partition).
    pub files: u64,
}

impl Exported {
    /// 0 every input exported, 1 some report rejected, 2 some file unreadable.
    pub fn exit_code(&self) -> u8 {
        if self.unreadable > 0 {
            2
        } else if self.rejected > 0 {
            1
        } else {
            0
        }
    }
}

/// Why nothing (or not everything) could be written.
#[derive(Debug)]
pub struct ExportError(pub String);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The lines that tell why an input was left out (none when it was exported).
pub fn rejection_lines(source: &Source, outcome: &FileOutcome, lang: Lang) -> Vec<String> {
    let left_out = match lang {
        Lang::Zh => "未导出",
        Lang::En => "not exported",
    };
    lines_left_out(source, outcome, lang, left_out)
}

/// The lines that tell why an input was left out of something, `left_out` saying of what.
pub fn lines_left_out(
    source: &Source,
    outcome: &FileOutcome,
    lang: Lang,
    left_out: &str,
) -> Vec<String> {
    let FileOutcome::Rejected {
        diagnostics,
        reason,
    } = outcome
    else {
        return Vec::new();
    };
    let file = source.display();
    let mut lines: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| {
            let at = if d.pointer.is_empty() {
                String::new()
            } else {
                format!(" {}", d.pointer)
            };
            format!("{file}: {left_out}: {}{at} {}", d.code(), d.message(lang))
        })
        .collect();
    if let Some(reason) = reason {
        lines.push(format!("{file}: {left_out}: {reason}"));
    }
    if lines.is_empty() {
        lines.push(format!("{file}: {left_out}"));
    }
    lines
}

/// The closing line of a run.
pub fn totals_line(totals: &Exported, out: &Path, lang: Lang) -> String {
    let out = out.display();
    let left_out = totals.unreadable + totals.rejected;
    match lang {
        Lang::Zh => format!(
            "已导出 {} 份报告（{} 行，{} 个文件）到 {out}；诊断 {} 行；未导出 {left_out} 个文件（无法读取 {}，结构无效 {}）",
            totals.reports,
            totals.rows,
            totals.files,
            totals.diagnostic_rows,
            totals.unreadable,
            totals.rejected
        ),
        Lang::En => format!(
            "exported {} reports ({} rows, {} files) to {out}; {} diagnostic rows; {left_out} files not exported ({} unreadable, {} not valid reports)",
            totals.reports,
            totals.rows,
            totals.files,
            totals.diagnostic_rows,
            totals.unreadable,
            totals.rejected
        ),
    }
}

/// Refuses to write over an existing output without `force`, before any report is read.
pub fn refuse_overwrite(target: &Path, force: bool) -> Result<(), ExportError> {
    if !force && std::fs::symlink_metadata(target).is_ok() {
        return Err(ExportError(format!(
            "{} exists (--force replaces it)",
            target.display()
        )));
    }
    Ok(())
}

/// Exports `sources` into `out`, calling `each` with every input's outcome in input order.
pub fn export(
    sources: &[Source],
    out: &Path,
    options: &ExportOptions,
    mut each: impl FnMut(&Source, &FileOutcome),
) -> Result<Exported, ExportError> {
    refuse_overwrite(out, options.force)?;
    if let Some((path, _)) = &options.diagnostics {
        refuse_overwrite(path, options.force)?;
        if path == out {
            return Err(ExportError(
                "--diagnostics names the same file as --out".to_owned(),
            ));
        }
    }
    let mut table = Table::create(
        out,
        options.layout.columns(),
        options.layout.name(),
        &options.partition_by,
        options,
    )?;
    let mut diagnostics_table = match &options.diagnostics {
        Some((path, format)) => {
            let diagnostics_options = ExportOptions {
                format: *format,
                ..options.clone()
            };
            Some(Table::create(
                path,
                columns::diagnostics(),
                "diagnostics",
                &[],
                &diagnostics_options,
            )?)
        }
        None => None,
    };
    let mut totals = Exported::default();
    let mut failure: Option<ExportError> = None;
    let check_options = options.checks().then_some(&options.check);
    batch::in_order(
        sources,
        |source| read_source(source, options.max_file_size, check_options),
        |_, source, result| {
            let outcome = match result {
                Ok(report) => {
                    let written = table
                        .write_report(&report, options.layout)
                        .and_then(|rows| {
                            totals.rows += rows;
                            match diagnostics_table.as_mut() {
                                Some(t) => t.write_diagnostics(
                                    Some(&report.meta),
                                    &source.display(),
                                    &report.diagnostics,
                                    options.lang,
                                ),
                                None => Ok(0),
                            }
                        });
                    match written {
                        Ok(rows) => totals.diagnostic_rows += rows,
                        Err(error) => {
                            failure = Some(ExportError(format!("{}: {error}", table.display)));
                            return ControlFlow::Break(());
                        }
                    }
                    totals.reports += 1;
                    FileOutcome::Exported {
                        diagnostics: report.diagnostics,
                    }
                }
                Err(outcome) => {
                    if let (Some(t), FileOutcome::Rejected { diagnostics, .. }) =
                        (diagnostics_table.as_mut(), &outcome)
                    {
                        match t.write_diagnostics(
                            None,
                            &source.display(),
                            diagnostics,
                            options.lang,
                        ) {
                            Ok(rows) => totals.diagnostic_rows += rows,
                            Err(error) => {
                                failure = Some(ExportError(format!("{}: {error}", t.display)));
                                return ControlFlow::Break(());
                            }
                        }
                    }
                    if outcome.is_unreadable() {
                        totals.unreadable += 1;
                    } else {
                        totals.rejected += 1;
                    }
                    outcome
                }
            };
            each(source, &outcome);
            ControlFlow::Continue(())
        },
    );
    if let Some(error) = failure {
        table.abandon();
        if let Some(t) = diagnostics_table {
            t.abandon();
        }
        return Err(error);
    }
    totals.files = table.sinks.len() as u64;
    let published = table.finish().and_then(|()| match diagnostics_table {
        Some(t) => t.finish(),
        None => Ok(()),
    });
    published.map(|()| totals)
}

/// Reads, checks (when asked) and flattens one input, on a worker thread.
pub fn read_source(
    source: &Source,
    limit: u64,
    check_options: Option<&check::Options>,
) -> Result<ReportRecord, FileOutcome> {
    let rejected = |diagnostics| FileOutcome::Rejected {
        diagnostics,
        reason: None,
    };
    let bytes = batch::read_source(source, limit).map_err(|d| rejected(vec![*d]))?;
    let report = record::read_report(&bytes, source.display(), check_options).map_err(rejected)?;
    // Every amount must fit the dataset's decimal type exactly, in every format alike.
    if let Some(cell) = report.cells.iter().find(|c| {
        c.amount
            .as_deref()
            .is_some_and(|a| sink::scaled_decimal(a).is_none())
    }) {
        return Err(FileOutcome::Rejected {
            diagnostics: Vec::new(),
            reason: Some(format!(
                "{} {}: the amount {} does not fit decimal({},{})",
                cell.pointer,
                cell.row_label,
                cell.amount.as_deref().unwrap_or_default(),
                columns::DECIMAL_PRECISION,
                columns::DECIMAL_SCALE
            )),
        });
    }
    Ok(report)
}

/// Memory the Parquet files of a partitioned output may hold in row groups in progress before
/// the largest is cut short.
const PARTITION_BUFFER_BUDGET: usize = 96 << 20;

/// One output table: a file, or a folder of partition files, written under temporary names.
struct Table<'o> {
    /// The target, as named.
    target: PathBuf,
    display: String,
    /// Where files are written until the table is complete: a temporary file beside the
    /// target, or a temporary folder beside it.
    staging: PathBuf,
    partitioned: bool,
    partition_by: Vec<PartitionKey>,
    /// The columns the files hold (partition columns are in the folder names).
    columns: Vec<Column>,
    /// Positions of those columns among the layout's.
    keep: Vec<usize>,
    sinks: BTreeMap<PathBuf, Box<dyn RowSink>>,
    options: SinkOptions<'o>,
    force: bool,
    reports_since_budget: usize,
}

impl<'o> Table<'o> {
    fn create(
        target: &Path,
        layout_columns: &[Column],
        layout: &'o str,
        partition_by: &[PartitionKey],
        options: &ExportOptions,
    ) -> Result<Table<'o>, ExportError> {
        let display = target.display().to_string();
        let failed = |e: std::io::Error| ExportError(format!("{display}: {e}"));
        let partitioned = !partition_by.is_empty();
        let keep: Vec<usize> = (0..layout_columns.len())
            .filter(|&i| {
                !partition_by
                    .iter()
                    .any(|k| k.column() == layout_columns[i].name)
            })
            .collect();
        let columns = keep.iter().map(|&i| layout_columns[i].clone()).collect();
        let sink_options = SinkOptions {
            format: options.format,
            excel_bom: options.excel,
            layout,
        };
        let mut table = Table {
            target: target.to_path_buf(),
            display: display.clone(),
            staging: PathBuf::new(),
            partitioned,
            partition_by: partition_by.to_vec(),
            columns,
            keep,
            sinks: BTreeMap::new(),
            options: sink_options,
            force: options.force,
            reports_since_budget: 0,
        };
        if partitioned {
            let (placeholder, file) = targets::create_temporary(target).map_err(failed)?;
            drop(file);
            // The staging folder takes the temporary file's unique name.
            std::fs::remove_file(&placeholder).map_err(failed)?;
            std::fs::create_dir(&placeholder).map_err(failed)?;
            table.staging = placeholder;
        } else {
            let (temporary, file) = targets::create_temporary(target).map_err(failed)?;
            table.staging = temporary;
            let sink = sink::open(file, &table.columns, sink_options).map_err(failed)?;
            table.sinks.insert(PathBuf::new(), sink);
        }
        Ok(table)
    }

    /// The sink of a report's partition, opened on first use.
    fn sink(&mut self, meta: Option<&Meta>) -> std::io::Result<&mut Box<dyn RowSink>> {
        let key = match (self.partitioned, meta) {
            (false, _) => PathBuf::new(),
            (true, Some(meta)) => self
                .partition_by
                .iter()
                .map(|k| format!("{}={}", k.column(), k.value(meta)))
                .collect(),
            (true, None) => unreachable!("rows of a partitioned table belong to a report"),
        };
        if !self.sinks.contains_key(&key) {
            let dir = self.staging.join(&key);
            std::fs::create_dir_all(&dir)?;
            let name = format!("part-0.{}", self.options.format.extension());
            let file = std::fs::File::create_new(dir.join(name))?;
            let sink = sink::open(file, &self.columns, self.options)?;
            self.sinks.insert(key.clone(), sink);
        }
        Ok(self.sinks.get_mut(&key).expect("just inserted"))
    }

    fn put(&mut self, meta: Option<&Meta>, fields: &[Field]) -> std::io::Result<()> {
        let projected: Vec<Field>;
        let fields = if self.keep.len() == fields.len() {
            fields
        } else {
            projected = self.keep.iter().map(|&i| fields[i]).collect();
            &projected
        };
        self.sink(meta)?.row(fields)
    }

    /// Keeps the row groups in progress of many partition files within the budget.
    fn within_budget(&mut self) -> std::io::Result<()> {
        self.reports_since_budget += 1;
        if self.sinks.len() < 2 || self.reports_since_budget < 64 {
            return Ok(());
        }
        self.reports_since_budget = 0;
        let total: usize = self.sinks.values().map(|s| s.buffered()).sum();
        if total > PARTITION_BUFFER_BUDGET
            && let Some(largest) = self.sinks.values_mut().max_by_key(|s| s.buffered())
        {
            largest.flush_group()?;
        }
        Ok(())
    }

    fn write_report(&mut self, report: &ReportRecord, layout: Layout) -> std::io::Result<u64> {
        let rows = match layout {
            Layout::Long => {
                for cell in &report.cells {
                    let fields = long_row(&report.meta, cell);
                    self.put(Some(&report.meta), &fields)?;
                }
                report.cells.len() as u64
            }
            Layout::Wide => {
                let fields = wide_row(report);
                self.put(Some(&report.meta), &fields)?;
                1
            }
        };
        self.within_budget()?;
        Ok(rows)
    }

    fn write_diagnostics(
        &mut self,
        meta: Option<&Meta>,
        file: &str,
        diagnostics: &[Diagnostic],
        lang: Lang,
    ) -> std::io::Result<u64> {
        for diagnostic in diagnostics {
            let message = diagnostic.message(lang);
            let year = meta.map_or(Field::Null, |m| Field::Int(i64::from(m.report_year)));
            let pointer = diagnostic.pointer.as_str();
            let fields = [
                Field::text(meta.map(|m| m.report_id.as_str())),
                Field::Text(file),
                year,
                Field::Text(diagnostic.code()),
                Field::Text(diagnostic.info().name),
                Field::Text(diagnostic.severity().name()),
                Field::text((!pointer.is_empty()).then_some(pointer)),
                Field::Text(&message),
            ];
            self.put(None, &fields)?;
        }
        Ok(diagnostics.len() as u64)
    }

    /// Completes every file and gives the table its target's name.
    fn finish(mut self) -> Result<(), ExportError> {
        let display = self.display.clone();
        let failed = |e: std::io::Error| ExportError(format!("{display}: {e}"));
        let sinks = std::mem::take(&mut self.sinks);
        for (_, sink) in sinks {
            if let Err(error) = sink.finish() {
                self.abandon();
                return Err(failed(error));
            }
        }
        let published = if self.partitioned {
            publish_folder(&self.staging, &self.target, self.force)
        } else {
            let published = targets::publish(&self.staging, &self.target, self.force);
            let _ = std::fs::remove_file(&self.staging);
            published
        };
        published.map_err(|error| {
            self.abandon();
            failed(error)
        })
    }

    /// Removes what was written.
    fn abandon(&self) {
        if self.partitioned {
            let _ = std::fs::remove_dir_all(&self.staging);
        } else {
            let _ = std::fs::remove_file(&self.staging);
        }
    }
}

/// Gives the complete folder `staging` the name `target`. An existing target is replaced only
/// with `replace`: it is first renamed aside, then removed once the new folder has its name.
fn publish_folder(staging: &Path, target: &Path, replace: bool) -> std::io::Result<()> {
    match std::fs::symlink_metadata(target) {
        Err(_) => std::fs::rename(staging, target),
        Ok(_) if !replace => Err(std::io::ErrorKind::AlreadyExists.into()),
        Ok(metadata) => {
            let aside = staging.with_extension("old");
            std::fs::rename(target, &aside)?;
            std::fs::rename(staging, target)?;
            if metadata.is_dir() {
                std::fs::remove_dir_all(&aside)
            } else {
                std::fs::remove_file(&aside)
            }
        }
    }
}

fn meta_fields(meta: &Meta) -> [Field<'_>; 11] {
    [
        Field::Text(&meta.report_id),
        Field::Text(&meta.file),
        Field::Text(&meta.agency),
        Field::text(meta.credit_code.as_deref()),
        Field::text(meta.division_code.as_deref()),
        Field::text(meta.province.as_deref()),
        Field::text(meta.level.as_deref()),
        Field::text(meta.kind.as_deref()),
        Field::Int(i64::from(meta.report_year)),
        Field::Text(meta.edition.tag()),
        meta.published_on
            .as_deref()
            .map_or(Field::Null, Field::Date),
    ]
}

fn long_row<'a>(meta: &'a Meta, cell: &'a CellRecord) -> [Field<'a>; 21] {
    let [a, b, c, d, e, f, g, h, i, j, k] = meta_fields(meta);
    let raw = cell.raw.as_deref().filter(|r| !r.trim().is_empty());
    [
        a,
        b,
        c,
        d,
        e,
        f,
        g,
        h,
        i,
        j,
        k,
        Field::Int(i64::from(cell.table)),
        Field::Text(&cell.pointer),
        Field::Text(&cell.row_label),
        Field::Text(&cell.column_label),
        Field::Text(cell.kind),
        cell.value.map_or(Field::Null, Field::Int),
        cell.amount.as_deref().map_or(Field::Null, Field::Decimal),
        Field::text(cell.unit.as_deref()),
        Field::Text(cell.state.name()),
        Field::text(raw),
    ]
}

/// For each cell of the wide layout, its position in an edition's catalog.
fn wide_positions(edition: Edition) -> &'static [Option<usize>] {
    static POSITIONS: PerEdition<Vec<Option<usize>>> = PerEdition::new();
    POSITIONS.get(edition, |edition| {
        let catalog = cells(edition);
        wide_cells()
            .iter()
            .map(|w| catalog.iter().position(|c| c.pointer == w.pointer))
            .collect()
    })
}

fn wide_row(report: &ReportRecord) -> Vec<Field<'_>> {
    let meta = &report.meta;
    let mut fields: Vec<Field> = Vec::with_capacity(columns::wide().len());
    fields.extend(meta_fields(meta));
    let count = |severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count() as i64
    };
    fields.extend([
        Field::text(meta.carrier.as_deref()),
        Field::Int(count(Severity::Error)),
        Field::Int(count(Severity::Warning)),
        Field::Int(count(Severity::Info)),
        Field::Int(report.extra_rows as i64),
    ]);
    for (wide, position) in wide_cells().iter().zip(wide_positions(meta.edition)) {
        let cell = position.map(|p| &report.cells[p]);
        match wide.kind {
            CellKind::Money => {
                fields.push(
                    cell.and_then(|c| c.amount.as_deref())
                        .map_or(Field::Null, Field::Decimal),
                );
                fields.push(Field::text(cell.and_then(|c| c.unit.as_deref())));
            }
            _ => fields.push(cell.and_then(|c| c.value).map_or(Field::Null, Field::Int)),
        }
    }
    fields
}
