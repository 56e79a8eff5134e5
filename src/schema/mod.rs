//! The published JSON Schema, generated from the model.
//!
//! `schema/` in the repository holds the generated files; a test fails when they drift from what
//! this module generates. Released files are immutable (SPEC.md, "Versioning").

pub mod cells;

use std::path::PathBuf;

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use crate::model::{FormatVersion, Report};

/// The `$id` of the report schema of the current format version.
pub fn report_schema_id() -> String {
    format!("urn:xxgk:schema:{}:report", FormatVersion::CURRENT.as_str())
}

/// Where the report schema of the current format version lives, relative to `schema/`.
pub fn report_schema_path() -> PathBuf {
    PathBuf::from(FormatVersion::CURRENT.as_str()).join("report.schema.json")
}

/// The report schema (draft 2020-12) as a JSON value.
pub fn report_schema() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(bound_integer_formats))
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Report>();
    name_definitions(&mut schema);
    let mut schema = schema.to_value();
    if let Value::Object(root) = &mut schema {
        root.insert("$id".into(), Value::String(report_schema_id()));
        // Both branches are objects; saying so at the root is what lets ajv's strict mode
        // accept the discriminator.
        root.insert("type".into(), Value::String("object".into()));
        root.insert("discriminator".into(), edition_discriminator());
    }
    order_keywords(&mut schema);
    schema
}

/// The title of each prose section (`sections` member → title, e.g. `overview` → `一、总体情况`),
/// read from the schema like every other label. The preamble has no title.
pub fn section_title(key: &str) -> Option<&'static str> {
    static TITLES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let titles = TITLES.get_or_init(|| {
        let schema = report_schema();
        schema["$defs"]["Sections"]["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(key, property)| {
                Some((key.clone(), property["title"].as_str()?.to_owned()))
            })
            .collect()
    });
    titles
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, title)| title.as_str())
}

/// The OpenAPI-style hint that the editions' `oneOf` is a union tagged by `edition`: validators
/// ignore it (ajv reads it with `discriminator: true`), code generators build a tagged union.
/// Without `mapping`, which ajv does not accept: each branch's `edition` const names it.
fn edition_discriminator() -> Value {
    serde_json::json!({ "propertyName": "edition" })
}

/// `$schema` of the draft-07 rendering.
const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// The report schema rendered for draft-07 tools: the same constraints, with `definitions` for
/// `$defs`. Nothing is lost, because the 2020-12 schema uses no keyword draft-07 lacks and puts
/// only annotations (`title`, `description`, `default`) beside a `$ref`, which draft-07 ignores
/// there (a test checks both).
pub fn report_schema_draft07() -> Value {
    let mut schema = report_schema();
    if let Value::Object(root) = &mut schema {
        root.insert("$schema".into(), Value::String(DRAFT_07.into()));
        root.insert(
            "$id".into(),
            Value::String(format!("{}:draft-07", report_schema_id())),
        );
        if let Some(definitions) = root.shift_remove("$defs") {
            root.insert("definitions".into(), definitions);
        }
    }
    point_refs_at_definitions(&mut schema);
    schema
}

fn point_refs_at_definitions(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            for (keyword, value) in object.iter_mut() {
                match (keyword.as_str(), value) {
                    ("$ref", Value::String(target)) => {
                        if let Some(name) = target.strip_prefix("#/$defs/") {
                            *target = format!("#/definitions/{name}");
                        }
                    }
                    (_, value) => point_refs_at_definitions(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(point_refs_at_definitions),
        _ => {}
    }
}

/// Where the draft-07 rendering lives, relative to `schema/`.
pub fn report_schema_draft07_path() -> PathBuf {
    PathBuf::from(FormatVersion::CURRENT.as_str()).join("report.draft-07.schema.json")
}

/// The report schema as published: pretty JSON with a final newline.
pub fn report_schema_text() -> String {
    pretty(&report_schema())
}

/// The draft 2020-12 schema of `T` with `id` as its `$id`: how the auxiliary schemas (check
/// output, conformance cases, protocol reports) are published.
pub fn with_id<T: schemars::JsonSchema>(id: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Value::Object(root) = &mut schema {
        root.insert("$id".into(), Value::String(id.into()));
    }
    schema
}

/// Pretty JSON with a final newline, as every generated JSON file is written.
pub fn pretty(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema serializes");
    text.push('\n');
    text
}

/// Replaces schemars' non-standard integer `format`s (`uint32`, `int32`, …) by the `minimum` and
/// `maximum` of the Rust type, which every validator enforces the same way.
fn bound_integer_formats(schema: &mut Schema) {
    let bounds: (i128, i128) = match schema.get("format").and_then(Value::as_str) {
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64") => (0, u64::MAX.into()),
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("int64") => (i64::MIN.into(), i64::MAX.into()),
        _ => return,
    };
    let object = schema.ensure_object();
    // `shift_remove` keeps the published key order (plain `remove` swaps the last key in).
    object.shift_remove("format");
    let tighter_minimum = object
        .get("minimum")
        .and_then(Value::as_i64)
        .map(i128::from);
    let tighter_maximum = object
        .get("maximum")
        .and_then(Value::as_i64)
        .map(i128::from);
    let minimum = tighter_minimum.map_or(bounds.0, |m| m.max(bounds.0));
    let maximum = tighter_maximum.map_or(bounds.1, |m| m.min(bounds.1));
    object.insert("minimum".into(), integer_value(minimum));
    object.insert("maximum".into(), integer_value(maximum));
}

fn integer_value(n: i128) -> Value {
    if let Ok(n) = i64::try_from(n) {
        Value::from(n)
    } else {
        Value::from(u64::try_from(n).expect("integer bounds fit in u64 or i64"))
    }
}

/// Gives every definition a `title` equal to its name, so code generators name types after the
/// model rather than after the first property that uses them.
fn name_definitions(schema: &mut Schema) {
    if let Some(Value::Object(definitions)) = schema.get_mut("$defs") {
        for (name, definition) in definitions.iter_mut() {
            if let Value::Object(definition) = definition {
                definition.insert("title".into(), Value::String(name.clone()));
            }
        }
    }
}

/// The order keywords are published in; keywords not listed keep their place after these.
const KEYWORD_ORDER: &[&str] = &[
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "$ref",
    "oneOf",
    "discriminator",
    "anyOf",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "default",
];

/// Sorts the keywords of every schema object by [`KEYWORD_ORDER`], keeping property order, so the
/// published file reads the same whatever order schemars built it in.
fn order_keywords(schema: &mut Value) {
    let Value::Object(object) = schema else {
        return;
    };
    let rank = |key: &str| {
        KEYWORD_ORDER
            .iter()
            .position(|k| *k == key)
            .unwrap_or(usize::MAX)
    };
    let mut entries: Vec<(String, Value)> = std::mem::take(object).into_iter().collect();
    entries.sort_by_key(|(key, _)| rank(key));
    object.extend(entries);
    for (keyword, value) in object.iter_mut() {
        match (keyword.as_str(), value) {
            ("properties" | "$defs", Value::Object(named)) => {
                named.values_mut().for_each(order_keywords)
            }
            ("oneOf" | "anyOf" | "allOf" | "prefixItems", Value::Array(branches)) => {
                branches.iter_mut().for_each(order_keywords)
            }
            ("items" | "additionalProperties" | "not", subschema) => order_keywords(subschema),
            _ => {}
        }
    }
}
