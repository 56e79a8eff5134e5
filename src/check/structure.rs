//! Structural validation against the published schema, then into the typed model.
//!
//! The schema is the file in `schema/`, embedded at build time: the checker enforces exactly what
//! is published. The edition is read from the document first and the document is validated
//! against that edition's branch, so errors are those of the branch the author meant instead of
//! "not valid under any of the schemas listed in 'oneOf'".

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use crate::model::{Edition, Report, Report2019, Report2021};

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;

/// The published report schema of the current format version.
pub const PUBLISHED_SCHEMA: &str = include_str!("../../schema/1.0/report.schema.json");

struct Validators {
    by_edition: Vec<(Edition, jsonschema::Validator)>,
}

fn validators() -> &'static Validators {
    static VALIDATORS: OnceLock<Validators> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(PUBLISHED_SCHEMA).expect("the published schema is JSON");
        let by_edition = Edition::ALL
            .into_iter()
            .map(|edition| {
                let branch = edition_branch(&schema, edition);
                let validator = jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .build(&branch)
                    .expect("the published schema compiles");
                (edition, validator)
            })
            .collect();
        Validators { by_edition }
    })
}

/// The published schema restricted to one edition: a reference to its branch of the `oneOf`,
/// with the shared `$defs`.
pub fn edition_branch(schema: &Value, edition: Edition) -> Value {
    let branch = schema["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|b| {
            let name = b["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .unwrap_or_default();
            schema["$defs"][name]["properties"]["edition"]["const"] == edition.tag()
        })
        .expect("the published schema has a branch per edition");
    serde_json::json!({
        "$schema": schema["$schema"],
        "$id": schema["$id"],
        "$ref": branch["$ref"],
        "$defs": schema["$defs"],
    })
}

/// The edition a document declares, or the diagnostic explaining why there is none.
pub fn declared_edition(document: &Value) -> Result<Edition, Box<Diagnostic>> {
    let Some(object) = document.as_object() else {
        let not_an_object = format!("a report is a JSON object, not {}", kind_of(document));
        return Err(Box::new(
            Diagnostic::new(Rule::SchemaViolation, "")
                .arg("keyword", "type")
                .arg("detail", not_an_object),
        ));
    };
    let unknown = |pointer: &str, found: String| {
        Box::new(Diagnostic::new(Rule::UnknownEdition, pointer).arg("found", found))
    };
    match object.get("edition") {
        Some(Value::String(tag)) => {
            Edition::from_tag(tag).ok_or_else(|| unknown("/edition", format!("\"{tag}\"")))
        }
        Some(other) => Err(unknown("/edition", other.to_string())),
        None => Err(unknown("", "missing".to_owned())),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Validates a document against its edition's branch of the published schema.
pub fn schema_errors(document: &Value, edition: Edition) -> Vec<Diagnostic> {
    let validator = &validators()
        .by_edition
        .iter()
        .find(|(e, _)| *e == edition)
        .expect("a validator per edition")
        .1;
    let mut diagnostics = Vec::new();
    for error in validator.iter_errors(document) {
        explain(&error, &mut diagnostics);
    }
    diagnostics
}

/// Maps a validation error to diagnostics. A nullable cell is `anyOf [value, null]`: when the
/// value is not null, the errors of the value branch say what is wrong, not "valid under none".
fn explain(error: &jsonschema::ValidationError<'_>, out: &mut Vec<Diagnostic>) {
    use jsonschema::error::{TypeKind, ValidationErrorKind};
    let rejects_only_null = |branch: &Vec<jsonschema::ValidationError<'static>>| {
        matches!(
            branch.as_slice(),
            [e] if matches!(e.kind(), ValidationErrorKind::Type { kind: TypeKind::Single(jsonschema::JsonType::Null) })
        )
    };
    if let ValidationErrorKind::AnyOf { context } = error.kind() {
        let informative: Vec<_> = context.iter().filter(|b| !rejects_only_null(b)).collect();
        if let [branch] = informative.as_slice() {
            branch.iter().for_each(|e| explain(e, out));
            return;
        }
    }
    out.push(
        Diagnostic::new(Rule::SchemaViolation, error.instance_path().to_string())
            .arg("keyword", error.kind().keyword())
            .arg("detail", error.to_string()),
    );
}

/// Whether a document is valid against the published schema (all editions).
pub fn is_schema_valid(document: &Value) -> bool {
    declared_edition(document).is_ok_and(|edition| schema_errors(document, edition).is_empty())
}

/// Reads a schema-valid document into the model. What the schema accepts but the model refuses
/// (`1.0` for an integer) is a structural error at the value's pointer.
pub fn into_model(document: &Value, edition: Edition) -> Result<Report, Box<Diagnostic>> {
    Report::deserialize(document).map_err(|_| Box::new(locate_model_error(document, edition)))
}

/// Finds where the model refuses a document, reading the edition's own type with path tracking.
fn locate_model_error(document: &Value, edition: Edition) -> Diagnostic {
    let error = match edition {
        Edition::E2019 => serde_path_to_error::deserialize::<_, Report2019>(document).err(),
        Edition::E2021 => serde_path_to_error::deserialize::<_, Report2021>(document).err(),
    };
    match error {
        Some(error) => Diagnostic::new(Rule::ModelViolation, pointer_of(error.path()))
            .arg("detail", error.inner().to_string()),
        None => Diagnostic::new(Rule::ModelViolation, "")
            .arg("detail", "the document does not fit the model"),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}
