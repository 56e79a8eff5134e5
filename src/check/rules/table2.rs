//! P501–P502: plausibility of table 2 in the 2019 edition.

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;
use crate::model::{Change, Count, Report};
use crate::schema::cells::cell_at;

use super::Context;

const TABLE: &str = "/proactive_disclosure";

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let Report::Edition2019(report) = context.report else {
        return;
    };
    let table = &report.proactive_disclosure;
    let documents = [
        ("regulations", &table.regulations),
        ("normative_documents", &table.normative_documents),
    ];
    for (row, cells) in documents {
        published_within_total(context, row, cells.published, cells.total_published, out);
    }
    let matters = [
        (
            "administrative_licensing",
            &table.administrative_licensing.previous_items,
            &table.administrative_licensing.change,
        ),
        (
            "other_administrative_services",
            &table.other_administrative_services.previous_items,
            &table.other_administrative_services.change,
        ),
        (
            "administrative_penalties",
            &table.administrative_penalties.previous_items,
            &table.administrative_penalties.change,
        ),
        (
            "administrative_enforcement",
            &table.administrative_enforcement.previous_items,
            &table.administrative_enforcement.change,
        ),
        (
            "administrative_fees",
            &table.administrative_fees.previous_items,
            &table.administrative_fees.change,
        ),
    ];
    for (row, previous, change) in matters {
        items_not_negative(context, row, *previous, *change, out);
    }
}

/// The printed label of a table 2 row.
fn row_label(context: &Context, pointer: &str) -> String {
    cell_at(context.edition, pointer)
        .map(|cell| cell.labels[0].clone())
        .unwrap_or_default()
}

fn published_within_total(
    context: &Context,
    row: &str,
    published: Count,
    total: Count,
    out: &mut Vec<Diagnostic>,
) {
    if let (Some(published), Some(total)) = (published.get(), total.get())
        && published > total
    {
        let pointer = format!("{TABLE}/{row}/published");
        out.push(
            Diagnostic::new(Rule::PublishedExceedsTotal, &pointer)
                .related([format!("{TABLE}/{row}/total_published")])
                .arg("row", row_label(context, &pointer))
                .arg("published", published)
                .arg("total", total),
        );
    }
}

fn items_not_negative(
    context: &Context,
    row: &str,
    previous: Count,
    change: Change,
    out: &mut Vec<Diagnostic>,
) {
    if let (Some(previous), Some(change)) = (previous.get(), change.get()) {
        let computed = i64::from(previous) + i64::from(change);
        if computed < 0 {
            let pointer = format!("{TABLE}/{row}/change");
            out.push(
                Diagnostic::new(Rule::NegativeItemCount, &pointer)
                    .related([format!("{TABLE}/{row}/previous_items")])
                    .arg("row", row_label(context, &pointer))
                    .arg("previous", previous)
                    .arg("change", change)
                    .arg("computed", computed),
            );
        }
    }
}
