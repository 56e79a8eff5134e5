//! The semantic rules, one family per file. Each family reads a [`Context`] and appends
//! diagnostics; none of them prints or fails.

mod arithmetic;
pub mod cross_year;
mod metadata;
mod nulls;
mod prose;
mod table2;

use crate::model::{Edition, Report};
use crate::schema::cells::{CellInfo, cells};

use super::layout::{Layout, layout};
use super::values::{CellValue, cell_values};
use crate::diagnostics::Diagnostic;

/// Everything a rule may read about one structurally valid report.
pub struct Context<'a> {
    pub report: &'a Report,
    pub edition: Edition,
    pub cells: &'static [CellInfo],
    pub values: Vec<CellValue>,
    pub layout: &'static Layout,
    /// The current calendar year, for "report year in the future".
    pub current_year: u16,
}

impl<'a> Context<'a> {
    pub fn new(report: &'a Report, current_year: u16) -> Self {
        let edition = report.edition();
        Context {
            report,
            edition,
            cells: cells(edition),
            values: cell_values(report),
            layout: layout(edition),
            current_year,
        }
    }

    pub fn pointer(&self, index: usize) -> &'static str {
        &self.cells[index].pointer
    }

    /// The labels of the row a cell sits in, e.g. `（三）不予公开 › 1.属于国家秘密`.
    pub fn row_label(&self, index: usize) -> String {
        let labels = &self.cells[index].labels;
        labels[..labels.len().saturating_sub(1)].join(" › ")
    }
}

/// Runs every single-report rule.
pub fn run(context: &Context, out: &mut Vec<Diagnostic>) {
    arithmetic::check(context, out);
    nulls::check(context, out);
    metadata::check(context, out);
    table2::check(context, out);
    prose::check(context, out);
}
