//! The template's relations, as indices into the cell catalog of an edition.
//!
//! They are derived from the shape of the catalog, which follows the printed template: in table 3
//! the rows are 一, 二, the group 三 (whose last row is （七）总计) and 四, and the last column of
//! every row is 总计; in table 4 the last column of every group is 总计. A future edition with
//! the same shape gets its relations for free.

use crate::model::{Edition, PerEdition};
use crate::schema::cells::{CellInfo, cells};

/// `total = Σ parts`, by cell index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// `left[0] + left[1] = right[0] + right[1]` for one table 3 column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// The cell a failure is reported at: the column's （七）总计.
    pub anchor: usize,
    pub left: [usize; 2],
    pub right: [usize; 2],
}

/// Every relation of one edition.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Table 3: each row's 总计 over its six applicant columns.
    pub row_totals: Vec<Sum>,
    /// Table 3: each column's （七）总计 over the outcome rows.
    pub outcome_totals: Vec<Sum>,
    /// Table 3: 一 + 二 = （七）总计 + 四, per column.
    pub balances: Vec<Balance>,
    /// Table 4: each group's 总计 over its results.
    pub group_totals: Vec<Sum>,
    /// Table 3 rows 二 (carried over) and 四 (carried forward), by column.
    pub carried_over: Vec<usize>,
    pub carried_forward: Vec<usize>,
}

/// The relations of `edition`, computed once.
pub fn layout(edition: Edition) -> &'static Layout {
    static LAYOUTS: PerEdition<Layout> = PerEdition::new();
    LAYOUTS.get(edition, |edition| build(cells(edition)))
}

/// A row: the indices of its cells, in column order (the last is 总计).
type Row = Vec<usize>;

fn build(cells: &[CellInfo]) -> Layout {
    let table3 = rows_of_table(cells, 3);
    let table4 = rows_of_table(cells, 4);
    let mut layout = Layout::default();

    for row in table3.iter().map(|(_, row)| row) {
        layout.row_totals.push(total_of(row));
    }
    for row in &table4 {
        layout.group_totals.push(total_of(&row.1));
    }

    // Top-level rows of table 3 in template order: 一, 二, the outcome group 三, 四.
    let top: Vec<&str> = dedup(table3.iter().map(|(path, _)| top_row(path)));
    let [new, carried_over, outcomes, carried_forward] = top[..] else {
        panic!("table 3 has the rows 一, 二, 三 and 四, found {top:?}");
    };
    let single = |name: &str| -> &Row {
        &table3
            .iter()
            .find(|(path, _)| top_row(path) == name)
            .expect("row exists")
            .1
    };
    let outcome_rows: Vec<&Row> = table3
        .iter()
        .filter(|(path, _)| top_row(path) == outcomes)
        .map(|(_, row)| row)
        .collect();
    let (outcome_total, outcome_parts) = outcome_rows.split_last().expect("（七）总计 row");

    let columns = outcome_total.len();
    for column in 0..columns {
        layout.outcome_totals.push(Sum {
            total: outcome_total[column],
            parts: outcome_parts.iter().map(|row| row[column]).collect(),
        });
        layout.balances.push(Balance {
            anchor: outcome_total[column],
            left: [single(new)[column], single(carried_over)[column]],
            right: [outcome_total[column], single(carried_forward)[column]],
        });
    }
    layout.carried_over = single(carried_over).clone();
    layout.carried_forward = single(carried_forward).clone();
    layout
}

/// The rows of a table as (row pointer, cell indices), in catalog order.
fn rows_of_table(cells: &[CellInfo], table: u8) -> Vec<(String, Row)> {
    let mut rows: Vec<(String, Row)> = Vec::new();
    for (index, cell) in cells.iter().enumerate().filter(|(_, c)| c.table == table) {
        let (row, _column) = cell.pointer.rsplit_once('/').expect("a cell below a row");
        match rows.last_mut() {
            Some((last, indices)) if last == row => indices.push(index),
            _ => rows.push((row.to_owned(), vec![index])),
        }
    }
    rows
}

fn total_of(row: &Row) -> Sum {
    let (total, parts) = row.split_last().expect("a row has cells");
    Sum {
        total: *total,
        parts: parts.to_vec(),
    }
}

/// The top-level row a table 3 row belongs to: `/applications/outcomes/withheld/x` → `outcomes`.
fn top_row(path: &str) -> &str {
    path.split('/').nth(2).unwrap_or_default()
}

fn dedup<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if out.last() != Some(&item) {
            out.push(item);
        }
    }
    out
}
