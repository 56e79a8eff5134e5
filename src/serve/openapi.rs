//! The OpenAPI 3.1 description of `xxgk serve`'s API, generated from the response types
//! (schemars) and committed as `schema/openapi.json` (a test fails when it drifts).

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::api::{CellCatalog, CheckResponse, Health, IMPORT_MEDIA_TYPES, ImportResponse};
use super::error::ErrorBody;

/// Where the description is committed, relative to the repository root.
pub const OPENAPI_PATH: &str = "schema/openapi.json";

/// The description as a JSON value.
pub fn openapi() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|settings| settings.definitions_path = "/components/schemas".into())
        .into_generator();
    // Each named type lands in the definitions, under its name, with the types it uses.
    let _ = generator.subschema_for::<CheckResponse>();
    let _ = generator.subschema_for::<ImportResponse>();
    let _ = generator.subschema_for::<Health>();
    let _ = generator.subschema_for::<CellCatalog>();
    let _ = generator.subschema_for::<ErrorBody>();
    let mut schemas = generator.take_definitions(true);
    schemas.insert("Rule".to_owned(), rule_schema());

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xxgk serve",
            "version": env!("CARGO_PKG_VERSION"),
            "summary": "Check and import 政府信息公开工作年度报告 (annual government-information-disclosure reports)",
            "description": "The reference checker and importer of xxgk over HTTP. Findings are the \
                objects of `xxgk check --format json` (schema/check-output-v1.schema.json); documents \
                follow the published report schema (GET /v1/schema). Every refusal is a JSON `Error`.",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" }
        },
        "paths": {
            "/v1/check": { "post": check_operation() },
            "/v1/import": { "post": import_operation() },
            "/v1/schema": { "get": {
                "operationId": "schema",
                "summary": "The published report schema (JSON Schema draft 2020-12)",
                "responses": {
                    "200": { "description": "The schema", "content": {
                        "application/schema+json": { "schema": { "type": "object" } } } }
                }
            }},
            "/v1/rules": { "get": {
                "operationId": "rules",
                "summary": "The rule catalog: codes, names, severities, messages in Chinese and English",
                "responses": {
                    "200": { "description": "Every rule, in code order", "content": {
                        "application/json": { "schema": {
                            "type": "array", "items": { "$ref": "#/components/schemas/Rule" } } } } }
                }
            }},
            "/v1/cells": { "get": {
                "operationId": "cells",
                "summary": "The cell catalog: every cell of both editions with its official labels, and the prose sections' titles",
                "responses": {
                    "200": { "description": "The catalog", "content": {
                        "application/json": { "schema": { "$ref": "#/components/schemas/CellCatalog" } } } }
                }
            }},
            "/v1/openapi.json": { "get": {
                "operationId": "openapi",
                "summary": "This description",
                "responses": {
                    "200": { "description": "OpenAPI 3.1", "content": {
                        "application/json": { "schema": { "type": "object" } } } }
                }
            }},
            "/healthz": { "get": {
                "operationId": "health",
                "summary": "Whether the server answers",
                "responses": {
                    "200": { "description": "It does", "content": {
                        "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } }
                }
            }}
        },
        "components": {
            "schemas": schemas,
            "parameters": {
                "lang": {
                    "name": "lang", "in": "query", "required": false,
                    "description": "The language of the findings' messages",
                    "schema": { "type": "string", "enum": ["zh", "en"], "default": "zh" }
                },
                "name": {
                    "name": "name", "in": "query", "required": false,
                    "description": "The name the document is reported under (`path` of the records); for /v1/import with a raw body, its extension also helps tell the carrier",
                    "schema": { "type": "string" }
                }
            },
            "responses": refusals()
        }
    })
}

/// The description as committed: pretty JSON with a final newline.
pub fn openapi_text() -> String {
    crate::schema::pretty(&openapi())
}

fn error_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}

/// The refusals every operation that reads a body may answer with.
fn refusals() -> Value {
    let error = |description: &str| {
        json!({
            "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } }
        })
    };
    json!({
        "BadRequest": error("The body could not be read (a malformed multipart body, a broken stream)"),
        "RequestTimeout": error("The body did not arrive within the time limit"),
        "PayloadTooLarge": error("The body is larger than the limit (64 MiB unless configured)"),
        "UnsupportedMediaType": error("The body's media type is not accepted here"),
        "Unprocessable": error("A parameter has a value not accepted, or the request lacks what is needed"),
        "Unavailable": error("Too many requests at once, or the work took longer than the time limit; retry later (Retry-After)"),
        "Internal": error("An internal error ended this request (the server goes on)")
    })
}

fn common_refusals(responses: &mut Map<String, Value>) {
    for (status, name) in [
        ("400", "BadRequest"),
        ("408", "RequestTimeout"),
        ("413", "PayloadTooLarge"),
        ("415", "UnsupportedMediaType"),
        ("503", "Unavailable"),
    ] {
        responses.insert(status.to_owned(), error_ref(name));
    }
}

fn check_operation() -> Value {
    let mut responses = Map::new();
    responses.insert(
        "200".to_owned(),
        json!({
            "description": "The document's verdict and findings (whatever they are: an invalid or unreadable document is a finding, not an error)",
            "content": {
                "application/json": { "schema": { "$ref": "#/components/schemas/CheckResponse" } },
                "application/sarif+json": { "schema": {
                    "description": "A SARIF 2.1.0 log with one run (with ?format=sarif)", "type": "object" } }
            }
        }),
    );
    common_refusals(&mut responses);
    responses.insert("422".to_owned(), error_ref("Unprocessable"));
    json!({
        "operationId": "check",
        "summary": "Check a canonical JSON document",
        "description": "The body is read as `xxgk check` reads a file: its bytes may be anything; what is not a report is reported as findings (codes X… for unreadable input, S… for structure).",
        "parameters": [
            { "name": "format", "in": "query", "required": false,
              "description": "`json`: a CheckResponse; `sarif`: a SARIF 2.1.0 log",
              "schema": { "type": "string", "enum": ["json", "sarif"], "default": "json" } },
            { "$ref": "#/components/parameters/lang" },
            { "$ref": "#/components/parameters/name" }
        ],
        "requestBody": {
            "required": true,
            "description": "A report (urn:xxgk:schema:1.0:report, GET /v1/schema); any JSON text is accepted and checked",
            "content": { "application/json": { "schema": {} } }
        },
        "responses": responses
    })
}

fn import_operation() -> Value {
    let mut responses = Map::new();
    responses.insert(
        "200".to_owned(),
        json!({
            "description": "The canonical document, the importer's findings, and the checker's findings on the document",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ImportResponse" } } }
        }),
    );
    responses.insert(
        "422".to_owned(),
        json!({
            "description": "Nothing could be imported (the `import` findings say why: a file over a limit, an unreadable file), or a parameter or the `file` part is missing or wrong",
            "content": { "application/json": { "schema": { "oneOf": [
                { "$ref": "#/components/schemas/ImportResponse" },
                { "$ref": "#/components/schemas/ErrorBody" }
            ] } } }
        }),
    );
    common_refusals(&mut responses);
    let mut content = Map::new();
    content.insert(
        "multipart/form-data".to_owned(),
        json!({
            "schema": {
                "type": "object",
                "properties": { "file": {
                    "description": "The published report: HTML, Word .docx, PDF or extracted text",
                    "type": "string", "contentMediaType": "application/octet-stream" } },
                "required": ["file"]
            }
        }),
    );
    for media in IMPORT_MEDIA_TYPES
        .iter()
        .filter(|m| **m != "multipart/form-data")
    {
        content.insert(
            (*media).to_owned(),
            json!({ "schema": { "type": "string", "contentMediaType": media } }),
        );
    }
    json!({
        "operationId": "import",
        "summary": "Import a published report (HTML, .docx, PDF, text) into canonical JSON",
        "parameters": [
            { "$ref": "#/components/parameters/lang" },
            { "$ref": "#/components/parameters/name" }
        ],
        "requestBody": { "required": true, "content": content },
        "responses": responses
    })
}

/// One rule of `GET /v1/rules` (what `xxgk rules --format json` prints).
fn rule_schema() -> Value {
    let text = json!({ "type": "string" });
    json!({
        "type": "object",
        "properties": {
            "code": { "type": "string", "description": "Stable opaque code, e.g. A201" },
            "name": { "type": "string", "description": "Stable readable name" },
            "family": text,
            "severity": { "type": "string", "enum": ["error", "warning", "info"] },
            "editions": { "type": "array", "items": { "type": "string" } },
            "title_zh": text, "title_en": text,
            "message_zh": text, "message_en": text,
            "reference": text
        },
        "required": ["code", "name", "family", "severity", "editions", "title_zh", "title_en",
                     "message_zh", "message_en", "reference"],
        "additionalProperties": false
    })
}
