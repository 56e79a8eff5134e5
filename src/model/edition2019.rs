//! Edition 2019 (国办公开办函〔2019〕60号): governs report years 2019 and 2020.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::applications::ApplicantCounts;
use super::cell::{Cell, Change, Count, Money};
use super::extra::ExtraRow;
use super::report::EditionReport;

/// A report that follows the 2019 edition of the template.
pub type Report2019 = EditionReport<ProactiveDisclosure2019, ApplicantCounts, 2019>;

/// Table 2 of the 2019 edition (22 cells).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProactiveDisclosure2019 {
    /// Table 2, block 第二十条第（一）项, row 规章: rules.
    #[schemars(title = "规章")]
    pub regulations: Documents2019,
    /// Table 2, block 第二十条第（一）项, row 规范性文件: normative documents.
    #[schemars(title = "规范性文件")]
    pub normative_documents: Documents2019,
    /// Table 2, block 第二十条第（五）项, row 行政许可: administrative licensing.
    #[schemars(title = "行政许可")]
    pub administrative_licensing: Matters2019,
    /// Table 2, block 第二十条第（五）项, row 其他对外管理服务事项: other external management and service matters.
    #[schemars(title = "其他对外管理服务事项")]
    pub other_administrative_services: Matters2019,
    /// Table 2, block 第二十条第（六）项, row 行政处罚: administrative penalties.
    #[schemars(title = "行政处罚")]
    pub administrative_penalties: Matters2019,
    /// Table 2, block 第二十条第（六）项, row 行政强制: administrative enforcement.
    #[schemars(title = "行政强制")]
    pub administrative_enforcement: Matters2019,
    /// Table 2, block 第二十条第（八）项, row 行政事业性收费: administrative fees.
    #[schemars(title = "行政事业性收费")]
    pub administrative_fees: FeeItems2019,
    /// Table 2, block 第二十条第（九）项, row 政府集中采购: centralized government procurement.
    #[schemars(title = "政府集中采购")]
    pub centralized_procurement: Procurement2019,
    /// Rows a locality added to table 2 (e.g. Hubei's 其他主动公开文件), as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub extra_rows: Vec<ExtraRow>,
}

/// Table 2 (2019), block 第二十条第（一）项: documents made and published.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Documents2019 {
    /// Table 2 (2019), column 本年新制作数量: documents newly made this year.
    #[schemars(title = "本年新制作数量")]
    pub made: Count,
    /// Table 2 (2019), column 本年新公开数量: documents newly published this year.
    #[schemars(title = "本年新公开数量")]
    pub published: Count,
    /// Table 2 (2019), column 对外公开总数量: all documents published to date.
    #[schemars(title = "对外公开总数量")]
    pub total_published: Count,
}

/// Table 2 (2019), blocks 第二十条第（五）项 and 第（六）项: matters and decisions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matters2019 {
    /// Table 2 (2019), column 上一年项目数量: matters listed at the end of the previous year.
    #[schemars(title = "上一年项目数量")]
    pub previous_items: Count,
    /// Table 2 (2019), column 本年增/减: change in the number of matters this year (negative for a decrease).
    #[schemars(title = "本年增/减")]
    pub change: Change,
    /// Table 2 (2019), column 处理决定数量: decisions made this year.
    #[schemars(title = "处理决定数量")]
    pub decisions: Count,
}

/// Table 2 (2019), block 第二十条第（八）项: fee items.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeItems2019 {
    /// Table 2 (2019), column 上一年项目数量: fee items listed at the end of the previous year.
    #[schemars(title = "上一年项目数量")]
    pub previous_items: Count,
    /// Table 2 (2019), column 本年增/减: change in the number of fee items this year (negative for a decrease).
    #[schemars(title = "本年增/减")]
    pub change: Change,
}

/// Table 2 (2019), block 第二十条第（九）项: centralized procurement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Procurement2019 {
    /// Table 2 (2019), column 采购项目数量: projects bought through centralized procurement.
    #[schemars(title = "采购项目数量")]
    pub projects: Count,
    /// Table 2 (2019), column 采购总金额: total amount paid, in the unit the report states.
    #[schemars(title = "采购总金额")]
    pub total_amount: Cell<Money>,
}
