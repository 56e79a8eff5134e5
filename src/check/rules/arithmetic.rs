//! A201–A207: the 勾稽关系 of tables 3 and 4.
//!
//! An equation with a null operand is not evaluated as an error: null is not 0. What the blanks
//! leave to say is said by warnings of their own:
//! - a null total whose parts are all stated and add up to more than 0 (A205, with the value);
//! - a null total with some parts blank and some stated non-zero (A206, with the stated sum);
//! - a stated relation that fails even when its blank operands are read as 0 (A207, both sides),
//!   since real reports often print a zero as a blank. A sum is read that way only when its total
//!   and at least one part are stated, and the balance only when 一 and （七）总计 are stated: a
//!   row left blank altogether says nothing about its relations. A blank that is itself a total
//!   reported by A205 or A206 is known not to be 0, so relations it takes part in are left to
//!   that warning.

use crate::check::catalog::Rule;
use crate::check::diagnostic::Diagnostic;
use crate::check::layout::Sum;

use super::Context;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let layout = context.layout;
    let sums = || {
        layout
            .row_totals
            .iter()
            .chain(&layout.outcome_totals)
            .chain(&layout.group_totals)
    };
    // The blank totals A205/A206 report: not zeros, whatever else they are. (Most reports state
    // every cell: no search then.)
    let any_blank = context.values.iter().any(|v| v.is_null());
    let blank_totals: Vec<usize> = sums()
        .filter(|sum| any_blank && context.values[sum.total].is_null())
        .filter(|sum| stated(context, sum).1 > 0)
        .map(|sum| sum.total)
        .collect();
    let sums = Sums {
        context,
        blank_totals: &blank_totals,
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
        let related = || operands.iter().map(|&i| context.pointer(i));
        let value = |i: usize| context.values[i].int();
        let side = |cells: [usize; 2]| Some(value(cells[0])? + value(cells[1])?);
        match (side(balance.left), side(balance.right)) {
            (Some(left), Some(right)) if left != right => out.push(
                Diagnostic::new(Rule::Table3Balance, context.pointer(balance.anchor))
                    .related(related())
                    .arg("column", context.cells[balance.anchor].column_label())
                    .arg("left", left)
                    .arg("right", right),
            ),
            (Some(_), Some(_)) => {}
            _ => {
                // 一 and （七）总计 stated; 二 and 四, the rows real reports leave blank for "none",
                // read as 0.
                let known_not_zero = operands.iter().any(|i| blank_totals.contains(i));
                if value(new).is_none() || value(outcome_total).is_none() || known_not_zero {
                    continue;
                }
                let as_zero = |cells: [usize; 2]| -> i64 {
                    cells.iter().map(|&i| value(i).unwrap_or(0)).sum()
                };
                let (left, right) = (as_zero(balance.left), as_zero(balance.right));
                if left != right {
                    let blanks = operands.iter().filter(|&&i| value(i).is_none()).count();
                    out.push(
                        blanks_as_zero(context, Rule::Table3Balance, balance.anchor, &operands)
                            .arg("left", left)
                            .arg("right", right)
                            .arg("blanks", blanks),
                    );
                }
            }
        }
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
    blank_totals: &'a [usize],
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
        let some_stated = blank_parts < sum.parts.len();
        let known_not_zero = || sum.parts.iter().any(|p| self.blank_totals.contains(p));
        let total = context.values[sum.total];
        let diagnostic = match (total.int(), blank_parts) {
            (Some(reported), 0) if reported == stated_sum => return,
            (Some(reported), 0) => describe(Diagnostic::new(rule, context.pointer(sum.total)))
                .arg("reported", reported)
                .arg("computed", stated_sum),
            (Some(reported), _) if some_stated && reported != stated_sum && !known_not_zero() => {
                out.push(
                    blanks_as_zero(context, rule, sum.total, &sum.parts)
                        .arg("left", reported)
                        .arg("right", stated_sum)
                        .arg("blanks", blank_parts),
                );
                return;
            }
            (None, 0) if total.is_null() && stated_sum > 0 => {
                Diagnostic::new(Rule::BlankTotal, context.pointer(sum.total))
                    .arg("label", context.cells[sum.total].label_path())
                    .arg("computed", stated_sum)
            }
            (None, _) if total.is_null() && stated_sum > 0 => {
                Diagnostic::new(Rule::BlankTotalPartial, context.pointer(sum.total))
                    .arg("label", context.cells[sum.total].label_path())
                    .arg("stated_sum", stated_sum)
                    .arg("blank_parts", blank_parts)
            }
            _ => return,
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
