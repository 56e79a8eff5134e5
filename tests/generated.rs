//! Generated artefacts (schema/, SPEC.md's label table) must match the code.

mod common;

use xxgk::generated;

#[test]
fn committed_generated_files_match_the_code() {
    let outcomes = generated::sync(&common::repo_root(), false).expect("generated files readable");
    let stale: Vec<_> = outcomes
        .iter()
        .filter(|o| !o.up_to_date)
        .map(|o| o.path.display().to_string())
        .collect();
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `cargo xtask regenerate` and review the diff"
    );
}

#[test]
fn schema_is_valid_against_the_2020_12_meta_schema() {
    let schema = xxgk::schema::report_schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("schema invalid under the 2020-12 meta-schema: {error}");
    }
}

#[test]
fn schema_id_carries_the_format_version() {
    let schema = xxgk::schema::report_schema();
    assert_eq!(schema["$id"], "urn:xxgk:schema:1.0:report");
    assert_eq!(
        xxgk::schema::report_schema_path(),
        std::path::Path::new("1.0/report.schema.json")
    );
}

#[test]
fn patterns_use_ascii_digit_classes() {
    let text = xxgk::schema::report_schema_text();
    assert!(
        !text.contains("\\\\d"),
        "a pattern uses \\d, which validators read differently"
    );
}

/// Every object in a schema, with its JSON Pointer.
fn schema_objects(
    value: &serde_json::Value,
) -> Vec<(String, &serde_json::Map<String, serde_json::Value>)> {
    fn visit<'a>(
        value: &'a serde_json::Value,
        path: String,
        found: &mut Vec<(String, &'a serde_json::Map<String, serde_json::Value>)>,
    ) {
        match value {
            serde_json::Value::Object(object) => {
                for (key, child) in object {
                    visit(child, format!("{path}/{key}"), found);
                }
                found.push((path, object));
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    visit(child, format!("{path}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    visit(value, String::new(), &mut found);
    found
}

#[test]
fn every_integer_has_both_bounds_and_no_custom_format() {
    let schema = xxgk::schema::report_schema();
    let mut problems = Vec::new();
    for (path, object) in schema_objects(&schema) {
        let is_integer = match &object.get("type") {
            Some(serde_json::Value::String(t)) => t == "integer",
            Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
            _ => false,
        };
        if is_integer && !(object.contains_key("minimum") && object.contains_key("maximum")) {
            problems.push(format!("{path}: integer without both bounds"));
        }
        if object
            .get("format")
            .is_some_and(|f| f.as_str().is_some_and(|f| f.contains("int")))
        {
            problems.push(format!("{path}: non-standard integer format"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn spec_region_replacement_keeps_the_hand_written_text() {
    let text = "intro\n<!-- BEGIN GENERATED t -->\nold\n<!-- END GENERATED t -->\noutro\n";
    let replaced = generated::replace_region(text, "t", "new").unwrap();
    assert_eq!(
        replaced,
        "intro\n<!-- BEGIN GENERATED t -->\nnew\n<!-- END GENERATED t -->\noutro\n"
    );
    assert!(generated::replace_region("no markers", "t", "x").is_err());
}

#[test]
fn edition_union_carries_a_discriminator_each_branch_can_satisfy() {
    let schema = xxgk::schema::report_schema();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["discriminator"]["propertyName"], "edition");
    for branch in schema["oneOf"].as_array().unwrap() {
        let name = branch["$ref"]
            .as_str()
            .unwrap()
            .trim_start_matches("#/$defs/");
        let definition = &schema["$defs"][name];
        // What ajv's discriminator requires of every branch: the tag required and constant.
        assert!(
            definition["properties"]["edition"]["const"].is_string(),
            "{name}"
        );
        let required = definition["required"].as_array().unwrap();
        assert!(required.iter().any(|r| r == "edition"), "{name}");
    }
}

/// Draft-07 ignores the siblings of a `$ref`, so the rendering is lossless only while they are
/// annotations.
#[test]
fn only_annotations_stand_beside_a_ref() {
    let schema = xxgk::schema::report_schema();
    let mut problems = Vec::new();
    for (path, object) in schema_objects(&schema) {
        if object.contains_key("$ref") {
            let not_annotations = object
                .keys()
                .filter(|k| !["$ref", "title", "description", "default"].contains(&k.as_str()));
            problems.extend(not_annotations.map(|k| format!("{path}: {k} beside $ref")));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn draft07_rendering_is_valid_and_judges_like_the_2020_12_schema() {
    let draft07 = xxgk::schema::report_schema_draft07();
    assert_eq!(
        draft07["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
    assert!(draft07.get("$defs").is_none());
    assert!(!xxgk::schema::pretty(&draft07).contains("#/$defs/"));
    if let Err(error) = jsonschema::draft7::meta::validate(&draft07) {
        panic!("draft-07 rendering invalid under the draft-07 meta-schema: {error}");
    }
    let modern = jsonschema::draft202012::new(&xxgk::schema::report_schema()).unwrap();
    let older = jsonschema::draft7::new(&draft07).unwrap();
    let suite = xxgk::conformance::Suite::load(&common::repo_root().join("conformance")).unwrap();
    let (mut compared, mut rejected) = (0, 0);
    for (_, case) in &suite.cases {
        let xxgk::conformance::protocol::Payload::Document(document) =
            suite.case_input(case).unwrap().input
        else {
            continue;
        };
        let verdict = modern.is_valid(&document);
        assert_eq!(verdict, older.is_valid(&document), "{}", case.id.as_str());
        compared += 1;
        rejected += usize::from(!verdict);
    }
    assert!(
        compared > 100 && rejected > 20,
        "{compared} compared, {rejected} rejected"
    );
}
