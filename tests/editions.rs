//! Every table kept per edition has an entry for each edition of `Edition::ALL`: the guard of
//! ARCHITECTURE.md's "add an edition" recipe. A place the compiler cannot name (a list, a cache,
//! a schema branch, a message) fails here when a new edition is missed.

mod common;

use xxgk::check::{Options, check_value, layout::layout};
use xxgk::diagnostics::{CATALOG, Lang, Rule};
use xxgk::import::tables::row_specs;
use xxgk::model::report::unstated_tables;
use xxgk::model::{Edition, ReportYear};
use xxgk::schema::cells::cells;

#[test]
fn every_edition_has_its_tables_cells_rows_and_layout() {
    for edition in Edition::ALL {
        let catalog = cells(edition);
        assert!(!catalog.is_empty(), "{edition:?}: no cells");
        assert!(
            catalog.iter().all(|cell| cell.pointer.starts_with('/')),
            "{edition:?}: a cell without a pointer"
        );
        assert!(
            !row_specs(edition).is_empty(),
            "{edition:?}: no importer rows"
        );
        let _ = layout(edition);
        let tables = unstated_tables(edition);
        for table in ["proactive_disclosure", "applications", "appeals"] {
            assert!(tables.get(table).is_some(), "{edition:?}: no {table}");
        }
    }
}

#[test]
fn every_edition_is_a_branch_of_the_schema_and_named_by_its_messages() {
    let schema = xxgk::schema::report_schema();
    let branches = schema["oneOf"].as_array().expect("the report is a oneOf");
    assert_eq!(branches.len(), Edition::COUNT);
    let info = Rule::UnknownEdition.info();
    for (index, edition) in Edition::ALL.into_iter().enumerate() {
        assert_eq!(edition.index(), index);
        assert_eq!(Edition::from_tag(edition.tag()), Some(edition));
        let quoted = format!("\"{}\"", edition.tag());
        assert!(
            info.message_zh.contains(&quoted),
            "S103 (zh) omits {quoted}"
        );
        assert!(
            info.message_en.contains(&quoted),
            "S103 (en) omits {quoted}"
        );
        assert!(
            (2019..=2100)
                .any(|year| Edition::prescribed_for(ReportYear::new(year).unwrap()) == edition),
            "{edition:?} is prescribed for no year"
        );
    }
    // Rules for every edition name all of them.
    for info in CATALOG {
        assert!(
            !info.editions.is_empty(),
            "{} applies to no edition",
            info.code
        );
        assert!(info.editions.iter().all(|e| Edition::ALL.contains(e)));
    }
}

#[test]
fn every_edition_has_a_complete_example_that_checks_valid() {
    for edition in Edition::ALL {
        let document = common::complete_example(edition);
        let checked = check_value(&document, &Options { current_year: 2026 });
        assert_eq!(checked.edition, Some(edition));
        assert!(
            checked.is_valid(),
            "{edition:?}: {:?}",
            checked
                .diagnostics
                .iter()
                .map(|d| d.message(Lang::En))
                .collect::<Vec<_>>()
        );
    }
}
