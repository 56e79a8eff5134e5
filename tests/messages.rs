//! Every `{placeholder}` of a rule's zh and en message is filled by the arguments the code gives
//! it: checked on every diagnostic of every conformance case (with its previous year) and of
//! every import of the fixtures and the real corpus, checked after import.

mod common;

use std::collections::BTreeSet;

use xxgk::check::{Options, check_value};
use xxgk::conformance::{BuiltIn, Suite};
use xxgk::diagnostics::{CATALOG, Diagnostic, Rule};

/// The `{name}`s of a template.
fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// Each unfilled placeholder of `diagnostic`, as `code {name}` (`where` names the input).
fn unfilled(diagnostic: &Diagnostic, place: &str, out: &mut BTreeSet<String>) {
    let info = diagnostic.info();
    for template in [info.message_zh, info.message_en] {
        for name in placeholders(template) {
            if !diagnostic.args.contains_key(name) {
                out.insert(format!("{} {{{name}}} ({place})", info.code));
            }
        }
    }
}

#[test]
fn every_placeholder_is_filled_by_the_args_the_code_gives() {
    let options = Options { current_year: 2026 };
    let mut missing = BTreeSet::new();
    let mut fired = BTreeSet::new();

    let suite = Suite::load(&common::repo_root().join("conformance")).unwrap();
    let built_in = BuiltIn::new(options);
    for (_, case) in &suite.cases {
        let input = suite.case_input(case).unwrap();
        let checked = built_in.check(&input.input);
        let cross_year = match &input.previous {
            Some(previous) => built_in.cross_year(previous, &input.input, &checked),
            None => Vec::new(),
        };
        for diagnostic in checked.diagnostics.iter().chain(&cross_year) {
            fired.insert(diagnostic.rule);
            unfilled(diagnostic, &case.id.to_string(), &mut missing);
        }
    }

    let root = common::repo_root();
    let mut inputs = common::list_data(&root.join("tests/fixtures/import"));
    inputs.extend(common::list_data(&root.join("tests/corpus/raw")));
    for path in inputs.iter().filter(|p| p.is_file()) {
        let imported = xxgk::import::import(&common::read_data(path), &path.display().to_string());
        let checked = if imported.document.is_null() {
            Vec::new()
        } else {
            check_value(&imported.document, &options).diagnostics
        };
        for diagnostic in imported.diagnostics.iter().chain(&checked) {
            fired.insert(diagnostic.rule);
            unfilled(diagnostic, &path.display().to_string(), &mut missing);
        }
    }

    assert!(
        missing.is_empty(),
        "placeholders left unfilled: {missing:#?}"
    );
    // The inputs exercise most of the catalog (so the test means something).
    assert!(
        fired.len() * 2 > CATALOG.len(),
        "only {} rules fired",
        fired.len()
    );
    assert!(fired.contains(&Rule::Table3Balance));
}

#[test]
fn every_placeholder_is_a_plain_name() {
    for info in CATALOG {
        for template in [info.message_zh, info.message_en] {
            for name in placeholders(template) {
                assert!(
                    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{}: placeholder {{{name}}} in {template:?}",
                    info.code
                );
            }
        }
    }
}
