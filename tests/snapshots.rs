//! Snapshots (insta) of what a user sees: `xxgk check` output, human and JSON Lines, for every
//! conformance case, and the rule catalog. Review changes with `cargo insta review`.

mod common;

use std::path::PathBuf;

use xxgk::batch::{FileResult, Source};
use xxgk::check::Options;
use xxgk::conformance::protocol::CaseInput;
use xxgk::conformance::{BuiltIn, Suite};
use xxgk::diagnostics::Lang;
use xxgk::output::{FileView, Filter, Format, Summary, Verbosity, Verdicts, printer};

const OPTIONS: Options = Options { current_year: 2026 };

/// The output of `xxgk check --format FORMAT` for one case's input (and its previous year).
fn render(case: &CaseInput, format: Format) -> String {
    let built_in = BuiltIn::new(OPTIONS);
    let checked = built_in.check(&case.input);
    let cross_year = match &case.previous {
        Some(previous) => built_in.cross_year(previous, &case.input, &checked),
        None => Vec::new(),
    };
    let source = Source::File(PathBuf::from(format!("{}.json", case.id)));
    let result = FileResult {
        source: source.clone(),
        checked,
    };
    let mut out = Vec::new();
    {
        let mut printer = printer(
            format,
            Lang::Zh,
            Verbosity::Normal,
            Verdicts::Checked,
            Box::new(&mut out),
        );
        let filter = Filter::default();
        let view = FileView::new(&result, &filter);
        let mut summary = Summary::default();
        summary.add(&view);
        printer.file(&view).unwrap();
        if !cross_year.is_empty() {
            cross_year
                .iter()
                .for_each(|d| summary.counts.add(d.severity()));
            printer
                .cross_year(&source, &cross_year.iter().collect::<Vec<_>>())
                .unwrap();
        }
        printer.finish(&summary).unwrap();
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn check_output_for_every_conformance_case() {
    let suite = Suite::load(&common::repo_root().join("conformance")).unwrap();
    for (_, case) in &suite.cases {
        let input = suite.case_input(case).unwrap();
        let human = render(&input, Format::Human);
        let json = render(&input, Format::Json);
        let snapshot = format!(
            "# {}\n\n## human\n{human}\n## json\n{json}",
            case.description
        );
        insta::assert_snapshot!(format!("case-{}", case.id), snapshot);
    }
}

#[test]
fn rule_catalog() {
    insta::assert_snapshot!("rules", xxgk::docs::rules_markdown());
}
