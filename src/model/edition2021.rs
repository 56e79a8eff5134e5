//! Edition 2021 (国办公开办函〔2021〕30号): governs report years from 2021.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::applications::ApplicantCounts;
use super::cell::{Cell, Count, Money};
use super::extra::ExtraRow;
use super::report::EditionReport;

/// A report that follows the 2021 edition of the template.
pub type Report2021 = EditionReport<ProactiveDisclosure2021, OtherHandling2021, 2021>;

/// Table 2 of the 2021 edition (10 cells).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProactiveDisclosure2021 {
    /// Table 2, block 第二十条第（一）项, row 规章: rules.
    #[schemars(title = "规章")]
    pub regulations: Documents2021,
    /// Table 2, block 第二十条第（一）项, row 行政规范性文件: administrative normative documents.
    #[schemars(title = "行政规范性文件")]
    pub normative_documents: Documents2021,
    /// Table 2, block 第二十条第（五）项, row 行政许可: administrative licensing.
    #[schemars(title = "行政许可")]
    pub administrative_licensing: Decisions2021,
    /// Table 2, block 第二十条第（六）项, row 行政处罚: administrative penalties.
    #[schemars(title = "行政处罚")]
    pub administrative_penalties: Decisions2021,
    /// Table 2, block 第二十条第（六）项, row 行政强制: administrative enforcement.
    #[schemars(title = "行政强制")]
    pub administrative_enforcement: Decisions2021,
    /// Table 2, block 第二十条第（八）项, row 行政事业性收费: administrative fees.
    #[schemars(title = "行政事业性收费")]
    pub administrative_fees: Fees2021,
    /// Rows a locality added to table 2, as printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub extra_rows: Vec<ExtraRow>,
}

/// Table 2 (2021), block 第二十条第（一）项: documents issued, repealed and in force.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Documents2021 {
    /// Table 2 (2021), column 本年制发件数: documents issued this year.
    #[schemars(title = "本年制发件数")]
    pub issued: Count,
    /// Table 2 (2021), column 本年废止件数: documents repealed this year.
    #[schemars(title = "本年废止件数")]
    pub repealed: Count,
    /// Table 2 (2021), column 现行有效件数: documents in force at the end of the year.
    #[schemars(title = "现行有效件数")]
    pub in_force: Count,
}

/// Table 2 (2021), blocks 第二十条第（五）项 and 第（六）项: decisions made.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decisions2021 {
    /// Table 2 (2021), column 本年处理决定数量: decisions made this year.
    #[schemars(title = "本年处理决定数量")]
    pub decisions: Count,
}

/// Table 2 (2021), block 第二十条第（八）项: fees collected.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fees2021 {
    /// Table 2 (2021), column 本年收费金额（单位：万元）: fees collected this year; the template's unit is 万元.
    #[schemars(title = "本年收费金额（单位：万元）")]
    pub amount: Cell<Money>,
}

/// Table 3 (2021), rows 三（六）1–3: other handling.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OtherHandling2021 {
    /// Table 3, row 三（六）1: the applicant did not amend the application in time without good reason.
    #[schemars(title = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")]
    pub amendment_overdue: ApplicantCounts,
    /// Table 3, row 三（六）2: the applicant did not pay the fee notified in time.
    #[schemars(title = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")]
    pub fee_unpaid: ApplicantCounts,
    /// Table 3, row 三（六）3: other handling.
    #[schemars(title = "3.其他")]
    pub other: ApplicantCounts,
}
