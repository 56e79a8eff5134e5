//! The checker reads text straight into the typed model and consults the schema only to explain a
//! rejection. That is sound only if the model accepts exactly what the published schema accepts:
//! this test compares the two verdicts on every conformance input and on a generated corpus that
//! includes structurally broken reports.

mod common;

use serde_json::Value;
use xxgk::check::structure::is_schema_valid;
use xxgk::conformance::Suite;
use xxgk::conformance::protocol::Payload;
use xxgk::model::Report;
use xxgk::synthetic::{Breakage, Spec, report};

/// The fast path's verdict on a text, and the slow path's: the published schema, then the model
/// (which refuses only `1.0` for an integer beyond the schema, by design).
fn verdicts(text: &str) -> (bool, bool) {
    let fast = serde_json::from_str::<Report>(text).is_ok();
    let slow = match serde_json::from_str::<Value>(text) {
        Ok(value) => is_schema_valid(&value) && serde_json::from_value::<Report>(value).is_ok(),
        Err(_) => false,
    };
    (fast, slow)
}

#[test]
fn fast_path_and_schema_agree_on_every_conformance_input() {
    let suite = Suite::load(&common::repo_root().join("conformance")).unwrap();
    let mut compared = 0;
    for (_, case) in &suite.cases {
        let text = match suite.case_input(case).unwrap().input {
            Payload::Document(document) => serde_json::to_string(&document).unwrap(),
            Payload::Base64(_) => continue, // not JSON, or not UTF-8: neither path applies
        };
        let (fast, slow) = verdicts(&text);
        assert_eq!(
            fast,
            slow,
            "{}: fast {fast}, schema+model {slow}",
            case.id.as_str()
        );
        compared += 1;
    }
    assert!(compared > 100, "{compared} inputs compared");
}

#[test]
fn fast_path_and_schema_agree_on_a_generated_corpus_with_broken_reports() {
    let spec = Spec {
        seed: 20_261_126,
        invalid_share: 0.3,
    };
    let mut broken = [0usize; 4];
    for index in 0..1500 {
        let (document, breakage) = report(&spec, index);
        let text = serde_json::to_string(&document).unwrap();
        let (fast, slow) = verdicts(&text);
        assert_eq!(fast, slow, "report {index} ({breakage:?})");
        let structurally_fine = !matches!(breakage, Breakage::Structure | Breakage::IntegralFloat);
        assert_eq!(fast, structurally_fine, "report {index} ({breakage:?})");
        broken[breakage as usize] += 1;
    }
    assert!(
        broken.iter().all(|&n| n > 10),
        "every kind of report is represented: {broken:?}"
    );
}
