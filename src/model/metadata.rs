//! What a report is about and where it came from: everything outside the three tables.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, de};

use super::text::{Text, pattern_string};

/// The version of this document format. Every document states the version it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
pub enum FormatVersion {
    #[default]
    #[serde(rename = "1.0")]
    V1_0,
}

impl FormatVersion {
    /// The version this build writes.
    pub const CURRENT: FormatVersion = FormatVersion::V1_0;

    pub fn as_str(self) -> &'static str {
        match self {
            FormatVersion::V1_0 => "1.0",
        }
    }
}

/// A report year: the calendar year the report covers (2019 or later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ReportYear(u16);

impl ReportYear {
    /// The first year the national format applies to.
    pub const FIRST: u16 = 2019;
    pub const LAST: u16 = 9999;

    pub fn new(year: u16) -> Option<Self> {
        (Self::FIRST..=Self::LAST)
            .contains(&year)
            .then_some(ReportYear(year))
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

impl<'de> Deserialize<'de> for ReportYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let year = u16::deserialize(deserializer)?;
        ReportYear::new(year).ok_or_else(|| {
            de::Error::custom(format_args!(
                "a report year is between {} and {}, not {year}",
                Self::FIRST,
                Self::LAST
            ))
        })
    }
}

impl JsonSchema for ReportYear {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "ReportYear".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": Self::FIRST,
            "maximum": Self::LAST,
        })
    }
}

pattern_string!(
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    max_length = 10,
    expecting = "a date written YYYY-MM-DD"
);

pattern_string!(
    /// An instant in RFC 3339 form with an explicit offset, e.g. `2026-11-26T08:00:00Z`.
    Timestamp,
    pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
    max_length = 35,
    expecting = "a timestamp written YYYY-MM-DDThh:mm:ss with Z or an offset"
);

pattern_string!(
    /// A 行政区划代码 (GB/T 2260): six digits.
    DivisionCode,
    pattern = r"^[0-9]{6}$",
    max_length = 6,
    expecting = "a 6-digit 行政区划代码"
);

pattern_string!(
    /// A 统一社会信用代码 (GB 32100): 18 characters over `0-9` and the capital letters without
    /// I, O, S, V and Z. The check character is verified by the checker, not the schema.
    CreditCode,
    pattern = r"^[0-9A-HJ-NP-RTUW-Y]{18}$",
    max_length = 18,
    expecting = "an 18-character 统一社会信用代码"
);

/// The agency that publishes the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// The publishing agency's name as the report (or its publisher's page) gives it.
    pub name: Text,
    /// The 行政区划代码 of the agency's area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "行政区划代码")]
    pub division_code: Option<DivisionCode>,
    /// The agency's 统一社会信用代码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "统一社会信用代码")]
    pub credit_code: Option<CreditCode>,
    /// The administrative level the agency belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<AgencyLevel>,
    /// Whether this is a department's own report or a government's 本级政府 report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ReportKind>,
}

/// Administrative level: `national` 国家级, `provincial` 省级, `prefectural` 地市级,
/// `county` 县级, `township` 乡镇（街道）级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgencyLevel {
    National,
    Provincial,
    Prefectural,
    County,
    Township,
}

/// Kind of report: `department` for a 部门 (a government department's own report),
/// `government` for a 本级政府 report of a people's government as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Department,
    Government,
}

/// Where the canonical document was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Address of the published report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Text>,
    /// When the source was retrieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved_at: Option<Timestamp>,
    /// The form the report was published in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<Carrier>,
}

/// Publication form: `html` web page, `pdf`, `docx` or `doc` Word file, `image` scanned or
/// photographed pages, `text` plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    Html,
    Pdf,
    Docx,
    Doc,
    Image,
    Text,
}

/// The statistical period the report states, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day of the period.
    pub start: Date,
    /// Last day of the period.
    pub end: Date,
}

/// The prose of the report's six sections, as published (tables excluded).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sections {
    /// The introduction before section 一 (legal basis, structure, statistical period, contact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preamble: Option<String>,
    /// Section 一: overview of the year's disclosure work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "一、总体情况")]
    pub overview: Option<String>,
    /// Section 二: prose around table 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "二、主动公开政府信息情况")]
    pub proactive_disclosure: Option<String>,
    /// Section 三: prose around table 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "三、收到和处理政府信息公开申请情况")]
    pub applications: Option<String>,
    /// Section 四: prose around table 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "四、政府信息公开行政复议、行政诉讼情况")]
    pub appeals: Option<String>,
    /// Section 五: main problems and how they were addressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "五、存在的主要问题及改进情况")]
    pub problems_and_improvements: Option<String>,
    /// Section 六: other matters to report (e.g. 信息处理费 collected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "六、其他需要报告的事项")]
    pub other_matters: Option<String>,
}

impl Sections {
    /// The six numbered sections (the preamble excluded), by member name, in report order.
    pub fn numbered(&self) -> [(&'static str, Option<&str>); 6] {
        [
            ("overview", self.overview.as_deref()),
            ("proactive_disclosure", self.proactive_disclosure.as_deref()),
            ("applications", self.applications.as_deref()),
            ("appeals", self.appeals.as_deref()),
            (
                "problems_and_improvements",
                self.problems_and_improvements.as_deref(),
            ),
            ("other_matters", self.other_matters.as_deref()),
        ]
    }
}
