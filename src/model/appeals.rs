//! Table 4 — 四、政府信息公开行政复议、行政诉讼情况 (both editions): one data row of 15 cells.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cell::Count;
use super::extra::ExtraRow;

/// Table 4: administrative reviews and lawsuits about the agency's information disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appeals {
    /// Table 4, column group 行政复议: administrative reviews.
    #[schemars(title = "行政复议")]
    pub administrative_review: AppealResults,
    /// Table 4, column group 行政诉讼 / 未经复议直接起诉: lawsuits filed without prior review.
    #[schemars(title = "未经复议直接起诉")]
    pub litigation_without_review: AppealResults,
    /// Table 4, column group 行政诉讼 / 复议后起诉: lawsuits filed after an administrative review.
    #[schemars(title = "复议后起诉")]
    pub litigation_after_review: AppealResults,
    /// Rows a locality added to table 4, as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub extra_rows: Vec<ExtraRow>,
}

/// The five columns of one table 4 group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealResults {
    /// Table 4, column 结果维持: the agency's handling was upheld.
    #[schemars(title = "结果维持")]
    pub upheld: Count,
    /// Table 4, column 结果纠正: the agency's handling was corrected.
    #[schemars(title = "结果纠正")]
    pub corrected: Count,
    /// Table 4, column 其他结果: concluded with another result.
    #[schemars(title = "其他结果")]
    pub other: Count,
    /// Table 4, column 尚未审结: not yet concluded.
    #[schemars(title = "尚未审结")]
    pub pending: Count,
    /// Table 4, column 总计: all cases of the group, as the report states it.
    #[schemars(title = "总计")]
    pub total: Count,
}
