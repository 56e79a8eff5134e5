//! The whole report: metadata, prose, and the three tables of its edition.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::appeals::Appeals;
use super::applications::ApplicantCounts;
use super::applications::Applications;
pub use super::edition::Edition;
use super::edition::PerEdition;
use super::edition2019::{ProactiveDisclosure2019, Report2019};
use super::edition2021::{OtherHandling2021, ProactiveDisclosure2021, Report2021};
use super::metadata::{Agency, Date, FormatVersion, Period, ReportYear, Sections, Source};

/// A 政府信息公开工作年度报告 in canonical form, tagged by the template edition its tables follow.
///
/// The edition is a fact of the report, not derived from its year: real reports for 2022 that
/// use the 2019 tables exist.
///
/// Each edition's type carries its own `edition` property, so the union is a plain `oneOf` of
/// named types in the schema, and a document is read without buffering when `edition` comes first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Report {
    /// Tables of 国办公开办函〔2019〕60号 (report years 2019–2020).
    Edition2019(Report2019),
    /// Tables of 国办公开办函〔2021〕30号 (report years from 2021).
    Edition2021(Report2021),
}

impl JsonSchema for Report {
    fn schema_name() -> Cow<'static, str> {
        "Report".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A 政府信息公开工作年度报告 in canonical form. `edition` names the template its tables follow (a fact of the report, not derived from its year).",
            "oneOf": [
                generator.subschema_for::<Report2019>(),
                generator.subschema_for::<Report2021>(),
            ],
        })
    }
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ReportVisitor)
    }
}

/// Reads members until `edition`, keeping the ones before it, then hands the whole object to the
/// edition's type. A canonical document writes `edition` first, so nothing is kept.
struct ReportVisitor;

impl<'de> Visitor<'de> for ReportVisitor {
    type Value = Report;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a report object with an `edition`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Report, A::Error> {
        let mut before: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key != "edition" {
                before.push((key, map.next_value()?));
                continue;
            }
            let tag: String = map.next_value()?;
            let Some(edition) = Edition::from_tag(&tag) else {
                return Err(de::Error::unknown_variant(&tag, &Edition::TAGS));
            };
            before.push((key, Value::String(tag)));
            let rest = Replay {
                before: before.into_iter(),
                pending: None,
                live: map,
            };
            let whole = de::value::MapAccessDeserializer::new(rest);
            return match edition {
                Edition::E2019 => Report2019::deserialize(whole).map(Report::Edition2019),
                Edition::E2021 => Report2021::deserialize(whole).map(Report::Edition2021),
            };
        }
        Err(de::Error::missing_field("edition"))
    }
}

/// A map that yields the members read before `edition`, then the rest of the live map.
struct Replay<A> {
    before: std::vec::IntoIter<(String, Value)>,
    pending: Option<Value>,
    live: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.before.next() {
            Some((key, value)) => {
                self.pending = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => self.live.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.live.next_value_seed(seed),
        }
    }
}

/// The `edition` property of one edition's type: always the string `EDITION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EditionTag<const EDITION: u16>;

impl<const EDITION: u16> EditionTag<EDITION> {
    fn tag() -> String {
        EDITION.to_string()
    }
}

impl<const EDITION: u16> Serialize for EditionTag<EDITION> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&Self::tag())
    }
}

impl<'de, const EDITION: u16> Deserialize<'de> for EditionTag<EDITION> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = Cow::<str>::deserialize(deserializer)?;
        if tag == Self::tag() {
            Ok(EditionTag)
        } else {
            Err(de::Error::invalid_value(
                de::Unexpected::Str(&tag),
                &"the edition of this type",
            ))
        }
    }
}

impl<const EDITION: u16> JsonSchema for EditionTag<EDITION> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("Edition{EDITION}").into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({ "type": "string", "const": Self::tag() })
    }
}

impl Report {
    pub fn edition(&self) -> Edition {
        match self {
            Report::Edition2019(_) => Edition::E2019,
            Report::Edition2021(_) => Edition::E2021,
        }
    }

    /// The metadata common to every edition.
    pub fn common(&self) -> Common<'_> {
        match self {
            Report::Edition2019(report) => report.common(),
            Report::Edition2021(report) => report.common(),
        }
    }
}

/// A report of one edition: `T2` is the edition's table 2 and `O` its table 3 row （六）其他处理.
/// `EDITION` only names the schema definition (`Report2019`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    rename = "Report{EDITION}",
    description = "A report whose tables follow the template edition named by `edition`."
)]
pub struct EditionReport<T2, O, const EDITION: u16> {
    /// The template edition the tables follow.
    pub edition: EditionTag<EDITION>,
    /// The version of this document format the document follows.
    pub format_version: FormatVersion,
    /// The calendar year the report covers.
    #[schemars(title = "报告年度")]
    pub report_year: ReportYear,
    /// The agency that publishes the report.
    pub agency: Agency,
    /// The date the report was published, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<Date>,
    /// Where this document was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The statistical period the report states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The prose of the six sections.
    #[serde(default)]
    pub sections: Sections,
    /// Table 2: proactive disclosure.
    #[schemars(title = "二、主动公开政府信息情况")]
    pub proactive_disclosure: T2,
    /// Table 3: applications received and how they were handled.
    #[schemars(title = "三、收到和处理政府信息公开申请情况")]
    pub applications: Applications<O, EDITION>,
    /// Table 4: administrative reviews and lawsuits.
    #[schemars(title = "四、政府信息公开行政复议、行政诉讼情况")]
    pub appeals: Appeals,
    /// The one place for data outside this format. Keys should carry a namespace of their
    /// owner (e.g. `"hubei.review_note"`); their content is not constrained.
    // Read with no object naming a member twice, as everywhere else (S104).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::distinct::extensions"
    )]
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Borrowed view of the metadata every edition shares.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    pub format_version: FormatVersion,
    pub report_year: ReportYear,
    pub agency: &'a Agency,
    pub published_on: Option<&'a Date>,
    pub period: Option<&'a Period>,
    pub sections: &'a Sections,
}

impl<T2, O, const EDITION: u16> EditionReport<T2, O, EDITION> {
    pub fn common(&self) -> Common<'_> {
        Common {
            format_version: self.format_version,
            report_year: self.report_year,
            agency: &self.agency,
            published_on: self.published_on.as_ref(),
            period: self.period.as_ref(),
            sections: &self.sections,
        }
    }
}

/// The three tables of an edition with every cell present and stating nothing, as a JSON object
/// `{proactive_disclosure, applications, appeals}`: where an importer or a generator starts.
pub fn unstated_tables(edition: Edition) -> Value {
    fn tables<T2: Default + Serialize, O: Default + Serialize, const E: u16>() -> Value {
        serde_json::json!({
            "proactive_disclosure": T2::default(),
            "applications": Applications::<O, E>::default(),
            "appeals": Appeals::default(),
        })
    }
    // Serializing the typed tables costs more than copying the result: built once per process.
    static TABLES: PerEdition<Value> = PerEdition::new();
    TABLES
        .get(edition, |edition| match edition {
            Edition::E2019 => tables::<ProactiveDisclosure2019, ApplicantCounts, 2019>(),
            Edition::E2021 => tables::<ProactiveDisclosure2021, OtherHandling2021, 2021>(),
        })
        .clone()
}
