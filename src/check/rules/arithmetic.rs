//! A201–A205: the 勾稽关系 of tables 3 and 4.
//!
//! An equation with a null operand is not evaluated: null is not 0. A null total whose parts are
//! all stated and add up to more than 0 gets its own warning (A205) with the computed value.

use crate::check::catalog::Rule;
use crate::check::diagnostic::Diagnostic;
use crate::check::layout::Sum;

use super::Context;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let layout = context.layout;
    for sum in &layout.row_totals {
        check_sum(context, sum, Rule::Table3RowTotal, out, |d| {
            d.arg("row", context.row_label(sum.total))
        });
    }
    for sum in &layout.outcome_totals {
        check_sum(context, sum, Rule::Table3OutcomeTotal, out, |d| {
            d.arg("column", context.cells[sum.total].column_label())
        });
    }
    for sum in &layout.group_totals {
        check_sum(context, sum, Rule::Table4GroupTotal, out, |d| {
            d.arg("group", context.row_label(sum.total))
        });
    }
    for balance in &layout.balances {
        let side = |cells: [usize; 2]| -> Option<i64> {
            Some(context.values[cells[0]].int()? + context.values[cells[1]].int()?)
        };
        if let (Some(left), Some(right)) = (side(balance.left), side(balance.right))
            && left != right
        {
            let operands = balance.left.iter().chain(&balance.right);
            out.push(
                Diagnostic::new(Rule::Table3Balance, context.pointer(balance.anchor))
                    .related(operands.map(|&i| context.pointer(i)))
                    .arg("column", context.cells[balance.anchor].column_label())
                    .arg("left", left)
                    .arg("right", right),
            );
        }
    }
}

fn check_sum(
    context: &Context,
    sum: &Sum,
    rule: Rule,
    out: &mut Vec<Diagnostic>,
    describe: impl Fn(Diagnostic) -> Diagnostic,
) {
    let parts: Option<i64> = sum.parts.iter().map(|&i| context.values[i].int()).sum();
    let Some(computed) = parts else {
        return;
    };
    let total = context.values[sum.total];
    let diagnostic = match total.int() {
        Some(reported) if reported != computed => {
            describe(Diagnostic::new(rule, context.pointer(sum.total)))
                .arg("reported", reported)
                .arg("computed", computed)
        }
        None if total.is_null() && computed > 0 => {
            Diagnostic::new(Rule::BlankTotal, context.pointer(sum.total))
                .arg("label", context.cells[sum.total].label_path())
                .arg("computed", computed)
        }
        _ => return,
    };
    out.push(diagnostic.related(sum.parts.iter().map(|&i| context.pointer(i))));
}
