//! The harness protocol: newline-delimited JSON between the runner and an implementation under
//! test, over the implementation's stdin and stdout. `conformance/protocol.schema.json` is
//! generated from these types.
//!
//! `start` → the implementation describes itself and the rules it implements; `run` (repeated)
//! → diagnostics, or skipped, or errored; `stop` → the implementation exits. The runner sends the
//! resolved input only, never the expectation.

use base64::Engine;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::case::ExpectedDiagnostic;

/// The protocol version this runner speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// A message from the runner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "cmd", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// The first message. An implementation that does not speak `protocol` exits.
    Start { protocol: u32 },
    /// Check one input.
    Run {
        /// Opaque: echo it back unchanged.
        seq: u64,
        case: CaseInput,
    },
    /// The last message: exit.
    Stop,
}

/// What an implementation is given for one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    pub id: String,
    pub input: Payload,
    /// The same agency's report of the previous year, for cross-year rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Payload>,
}

/// A document, or raw bytes for inputs that are not JSON (or not UTF-8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Payload {
    Document(Value),
    Base64(String),
}

impl Payload {
    /// The bytes of the file this payload stands for (a document as compact JSON).
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        match self {
            Payload::Document(document) => {
                Ok(serde_json::to_vec(document).expect("documents serialize"))
            }
            Payload::Base64(text) => base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| e.to_string()),
        }
    }
}

/// The implementation's reply to `start`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Started {
    pub protocol: u32,
    pub implementation: Implementation,
}

/// Who the implementation is and what it implements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Implementation {
    pub name: String,
    pub version: String,
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// The rule codes implemented, or `"all"`. Cases about other rules are not applicable.
    pub rules: Declared,
}

/// The rules an implementation declares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Declared {
    All(AllRules),
    Some(Vec<String>),
}

/// The string `"all"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AllRules {
    All,
}

impl Declared {
    pub fn implements(&self, code: &str) -> bool {
        match self {
            Declared::All(_) => true,
            Declared::Some(codes) => codes.iter().any(|c| c == code),
        }
    }
}

/// The implementation's reply to `run`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RunReply {
    /// The diagnostics, compared by (code, pointer, severity).
    Diagnostics {
        seq: u64,
        diagnostics: Vec<ExpectedDiagnostic>,
    },
    /// The implementation declines the case (a known gap), with a reason.
    Skipped {
        seq: u64,
        skipped: bool,
        message: String,
    },
    /// The implementation failed on the case.
    Errored {
        seq: u64,
        errored: bool,
        context: Value,
    },
}

/// The JSON Schema of every protocol message, under `$defs`.
pub fn protocol_schema() -> Value {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    // Each call registers the type (and what it uses) under `$defs`.
    generator.subschema_for::<Request>();
    generator.subschema_for::<Started>();
    generator.subschema_for::<RunReply>();
    let definitions = generator.take_definitions(true);
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("urn:xxgk:conformance-protocol:{PROTOCOL_VERSION}"),
        "title": "xxgk conformance harness protocol",
        "description": "Newline-delimited JSON. Runner → implementation: Request. Implementation → runner: Started (after start), RunReply (after each run).",
        "anyOf": [
            { "$ref": "#/$defs/Request" },
            { "$ref": "#/$defs/Started" },
            { "$ref": "#/$defs/RunReply" },
        ],
        "$defs": definitions,
    })
}
