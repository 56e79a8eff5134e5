//! A201–A207: the 勾稽关系 of tables 3 and 4.
//!
//! An equation with a null operand is not evaluated as an error: null is not 0. What the blanks
//! leave to say is said by warnings of their own:
//! - a null total whose parts are all stated and add up to more than 0 (A205, with the value);
//! - a null total with some parts blank and some stated non-zero (A206, with the stated sum);
//! - a stated relation that fails even when its blank operands are read as 0 (A207, both sides),
//!   since real reports often print a zero as a blank.
//!
//! Null is also what a cell absent from the source becomes (a truncated page, a row the importer
//! did not find), and a row absent looks like a row left blank altogether. So a blank is read as
//! 0, or a blank total reported, only in a row (table 4: a group) that states some value: a row
//! that states nothing says nothing. A sum is read with blanks as 0 only when its total and at
//! least one part are stated, the balance only when 一 and （七）总计 are stated. A blank that is
//! itself a total reported by A205 or A206 is known not to be 0: relations through it are left to
//! that warning.

use crate::check::layout::Sum;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;

use super::Context;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let layout = context.layout;
    // Most reports state every cell: then no blank needs a second look.
    let blanks = context
        .values
        .iter()
        .any(|v| v.is_null())
        .then(|| Blanks::of(context));
    let sums = Sums {
        context,
        blanks: blanks.as_ref(),
    };
    for sum in &layout.row_totals {
        sums.check(sum, Rule::Table3RowTotal, out, |d| {
            d.arg("row", context.row_label(sum.total))
        });
    }
    for sum in &layout.outcome_totals {
        sums.check(sum, Rule::Table3OutcomeTotal, out, |d| {
            d.arg("column", context.cells[sum.total].column_label())
        });
    }
    for sum in &layout.group_totals {
        sums.check(sum, Rule::Table4GroupTotal, out, |d| {
            d.arg("group", context.row_label(sum.total))
        });
    }
    for balance in &layout.balances {
        let [new, carried_over] = balance.left;
        let [outcome_total, carried_forward] = balance.right;
        let operands = [new, carried_over, outcome_total, carried_forward];
        let value = |i: usize| context.values[i].int();
        let side = |cells: [usize; 2]| Some(value(cells[0])? + value(cells[1])?);
        match (side(balance.left), side(balance.right), &blanks) {
            (Some(left), Some(right), _) if left != right => out.push(
                Diagnostic::new(Rule::Table3Balance, context.pointer(balance.anchor))
                    .related(operands.iter().map(|&i| context.pointer(i)))
                    .arg("column", context.cells[balance.anchor].column_label())
                    .arg("left", left)
                    .arg("right", right),
            ),
            (Some(_), Some(_), _) | (_, _, None) => {}
            (_, _, Some(blanks)) => {
                // 一 and （七）总计 stated; 二 and 四, the rows real reports leave blank for
                // "none", read as 0 where they can be.
                let readable = operands.iter().all(|&i| blanks.reads_as_zero(context, i));
                if value(new).is_none() || value(outcome_total).is_none() || !readable {
                    continue;
                }
                let as_zero = |cells: [usize; 2]| -> i64 {
                    cells.iter().map(|&i| value(i).unwrap_or(0)).sum()
                };
                let (left, right) = (as_zero(balance.left), as_zero(balance.right));
                if left != right {
                    let count = operands.iter().filter(|&&i| value(i).is_none()).count();
                    out.push(
                        blanks_as_zero(context, Rule::Table3Balance, balance.anchor, &operands)
                            .arg("left", left)
                            .arg("right", right)
                            .arg("blanks", count),
                    );
                }
            }
        }
    }
}

/// What the blanks of a report with some are: which rows state nothing, which blank totals are
/// known not to be 0.
struct Blanks {
    /// By cell index: the cell's row (table 4: group) of tables 3 and 4 states no value at all.
    silent_row: Vec<bool>,
    /// The blank totals A205/A206 report.
    known_not_zero: Vec<usize>,
}

impl Blanks {
    fn of(context: &Context) -> Self {
        let layout = context.layout;
        let mut silent_row = vec![false; context.values.len()];
        for row in layout.row_totals.iter().chain(&layout.group_totals) {
            let cells = || row.parts.iter().chain([&row.total]);
            if cells().all(|&i| context.values[i].is_null()) {
                cells().for_each(|&i| silent_row[i] = true);
            }
        }
        let mut blanks = Blanks {
            silent_row,
            known_not_zero: Vec::new(),
        };
        let sums = layout
            .row_totals
            .iter()
            .chain(&layout.outcome_totals)
            .chain(&layout.group_totals);
        blanks.known_not_zero = sums
            .filter(|sum| blanks.reports_total(context, sum))
            .map(|sum| sum.total)
            .collect();
        blanks
    }

    /// Whether the sum's total is a blank A205 or A206 reports: blank in a row that states
    /// something, its stated parts adding up to more than 0.
    fn reports_total(&self, context: &Context, sum: &Sum) -> bool {
        context.values[sum.total].is_null()
            && !self.silent_row[sum.total]
            && stated(context, sum).1 > 0
    }

    /// Whether the cell is stated, or a blank that may be read as 0: in a row that states
    /// something, and not a total known to be more than 0.
    fn reads_as_zero(&self, context: &Context, cell: usize) -> bool {
        !context.values[cell].is_null()
            || !(self.silent_row[cell] || self.known_not_zero.contains(&cell))
    }
}

/// The stated parts of a sum: how many are blank, and what the stated ones add up to.
fn stated(context: &Context, sum: &Sum) -> (usize, i64) {
    let mut blank = 0;
    let mut total = 0;
    for &part in &sum.parts {
        match context.values[part].int() {
            Some(value) => total += value,
            None => blank += 1,
        }
    }
    (blank, total)
}

struct Sums<'a, 'c> {
    context: &'a Context<'c>,
    /// None when the report states every cell.
    blanks: Option<&'a Blanks>,
}

impl Sums<'_, '_> {
    fn check(
        &self,
        sum: &Sum,
        rule: Rule,
        out: &mut Vec<Diagnostic>,
        describe: impl Fn(Diagnostic) -> Diagnostic,
    ) {
        let context = self.context;
        let (blank_parts, stated_sum) = stated(context, sum);
        let total = context.values[sum.total];
        let diagnostic = match (total.int(), blank_parts, self.blanks) {
            (Some(reported), 0, _) if reported == stated_sum => return,
            (Some(reported), 0, _) => describe(Diagnostic::new(rule, context.pointer(sum.total)))
                .arg("reported", reported)
                .arg("computed", stated_sum),
            (_, _, None) => return,
            (Some(reported), _, Some(blanks)) => {
                let some_stated = blank_parts < sum.parts.len();
                let readable = || sum.parts.iter().all(|&i| blanks.reads_as_zero(context, i));
                if some_stated && reported != stated_sum && readable() {
                    out.push(
                        blanks_as_zero(context, rule, sum.total, &sum.parts)
                            .arg("left", reported)
                            .arg("right", stated_sum)
                            .arg("blanks", blank_parts),
                    );
                }
                return;
            }
            (None, _, Some(blanks)) if !blanks.reports_total(context, sum) => return,
            (None, 0, _) => Diagnostic::new(Rule::BlankTotal, context.pointer(sum.total))
                .arg("label", context.cells[sum.total].label_path())
                .arg("computed", stated_sum),
            (None, _, _) => Diagnostic::new(Rule::BlankTotalPartial, context.pointer(sum.total))
                .arg("label", context.cells[sum.total].label_path())
                .arg("stated_sum", stated_sum)
                .arg("blank_parts", blank_parts),
        };
        out.push(diagnostic.related(sum.parts.iter().map(|&i| context.pointer(i))));
    }
}

/// An A207 warning at `anchor` about `relation`, which the blank operands suspended; the related
/// pointers are the blank operands, the cells read as 0.
fn blanks_as_zero(
    context: &Context,
    relation: Rule,
    anchor: usize,
    operands: &[usize],
) -> Diagnostic {
    let info = relation.info();
    let blanks = operands.iter().filter(|&&i| context.values[i].is_null());
    Diagnostic::new(Rule::RelationFailsBlanksAsZero, context.pointer(anchor))
        .related(blanks.map(|&i| context.pointer(i)))
        .arg("label", context.cells[anchor].label_path())
        .arg("relation", info.code)
        .arg("relation_zh", info.title_zh)
        .arg("relation_en", info.title_en)
}
