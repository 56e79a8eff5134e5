//! The case-file format of the conformance suite. `conformance/case.schema.json` is generated
//! from these types.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostics::Severity;
use crate::model::text::pattern_string;

/// One file of `conformance/cases/`: a topic and its cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// What the cases of this file have in common.
    pub description: String,
    pub cases: Vec<Case>,
}

pattern_string!(
    /// A case id: stable, unique across the suite, never derived from the description and never
    /// reused for another case.
    CaseId,
    pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
    max_length = 64,
    expecting = "a case id of lowercase letters, digits and hyphens"
);

/// One conformance case: an input and what a conforming checker reports about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: CaseId,
    /// A short statement of what the case shows (not an assertion about an implementation).
    pub description: String,
    /// The SPEC.md sections the case exercises, e.g. `"§4.3"`.
    pub spec: Vec<String>,
    /// The rules under test, by code. An implementation that does not implement all of them gets
    /// "not applicable" for this case. Empty for cases about the whole document (valid examples).
    pub rules: Vec<String>,
    /// True when the input sits just at the edge of the rules under test and they must stay quiet
    /// (a sum exactly right, a null operand, a value at its bound).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub boundary: bool,
    pub input: Input,
    /// The same agency's report of the year before, for cross-year rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Input>,
    pub expect: Expect,
}

/// Where a case's document comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Input {
    /// A complete JSON document, inline.
    Document(Value),
    /// A document of `conformance/documents/` changed by an RFC 6902 JSON Patch, so that each case
    /// changes one thing and unrelated rules stay quiet.
    Derived(Derived),
    /// Raw text, for inputs that are not JSON.
    Text(String),
    /// Raw bytes in base64, for inputs that are not UTF-8.
    Base64(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// File name in `conformance/documents/`.
    pub base: String,
    pub patch: Vec<PatchOperation>,
}

/// One RFC 6902 operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchOperation {
    pub op: PatchOp,
    /// RFC 6901 pointer of the target.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The value for `add`, `replace` and `test` (may be null).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "explicit_null"
    )]
    #[schemars(with = "Value")]
    pub value: Option<Value>,
}

/// `value: null` is a value; only an absent `value` is none.
mod explicit_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::Value;

    pub fn serialize<S: Serializer>(value: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
        value.as_ref().unwrap_or(&Value::Null).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
        Value::deserialize(d).map(Some)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PatchOp {
    Add,
    Remove,
    Replace,
    Move,
    Copy,
    Test,
}

/// What a conforming checker reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// Whether the document is valid: no diagnostic of severity error.
    pub valid: bool,
    #[serde(rename = "match")]
    pub mode: MatchMode,
    /// For `scoped`: the only codes compared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// The expected diagnostics (for `structural`: none; see `under`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<ExpectedDiagnostic>,
    /// For `structural`: a structural diagnostic must point at or under this pointer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under: Option<String>,
}

/// How reported diagnostics are compared with the expected ones. Messages are never compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// The reported set of (code, pointer, severity) equals the expected set.
    Exact,
    /// Equal sets once both are restricted to the codes of `scope`.
    Scoped,
    /// Every expected diagnostic is reported; others may be too.
    Contains,
    /// At least one structural diagnostic (family `structure`) at or under `under`; schema
    /// validators legitimately differ in how many errors they report, and where.
    Structural,
}

/// A diagnostic as the suite compares it: never by message.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct ExpectedDiagnostic {
    pub code: String,
    pub pointer: String,
    pub severity: Severity,
}
