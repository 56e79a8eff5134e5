//! Sentence banks for generated prose, so generated reports weigh what real ones weigh.

use serde_json::{Value, json};

use super::Rng;

pub const PLACES: &[&str] = &[
    "示例市",
    "示例市东城区",
    "示例县",
    "示例市开发区",
    "示例州",
    "示例市北湖区",
    "示例县城关镇",
];

pub const AGENCIES: &[&str] = &[
    "人民政府办公室",
    "市场监督管理局",
    "自然资源和规划局",
    "人力资源和社会保障局",
    "教育局",
    "卫生健康委员会",
    "住房和城乡建设局",
    "交通运输局",
    "生态环境局",
    "财政局",
    "司法局",
];

const OVERVIEW: &[&str] = &[
    "坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。",
    "严格落实《中华人民共和国政府信息公开条例》，健全政府信息公开工作机制。",
    "围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置等信息。",
    "依托政府门户网站政府信息公开专栏，规范设置栏目，做到应公开尽公开。",
    "加强政策解读，采用图文、视频、问答等多种形式，提高政策知晓度。",
    "规范依申请公开办理流程，严格按照法定时限答复，确保答复内容准确、程序合法。",
    "建立健全政府信息公开属性源头认定机制，在公文拟制环节明确公开属性。",
    "加强政府信息管理，定期清理过时失效信息，确保信息准确、及时、完整。",
    "强化监督保障，将政府信息公开工作纳入年度绩效考核，开展业务培训。",
    "通过政务新媒体、公示栏、新闻发布会等渠道扩大信息传播覆盖面。",
];

const PROBLEMS: &[&str] = &[
    "部分栏目信息更新不够及时，内容有待进一步丰富。",
    "政策解读形式较为单一，解读深度和针对性仍需加强。",
    "工作人员业务能力有待提升，对条例的理解和把握还不够准确。",
    "下一步将加强培训指导，完善考核机制，提升公开质效。",
    "进一步规范依申请公开答复文书，提高答复质量。",
];

/// Between `min` and `min + spread - 1` sentences drawn from `bank`.
fn paragraph(rng: &mut Rng, bank: &[&str], min: u64, spread: u64) -> String {
    let sentences = min + rng.below(spread);
    (0..sentences).map(|_| *rng.pick(bank)).collect()
}

/// The prose of the six sections of a generated report.
pub fn sections(rng: &mut Rng, agency: &str, year: u16) -> Value {
    let preamble = format!(
        "本报告根据《中华人民共和国政府信息公开条例》编制，由{agency}负责编写。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    );
    let paragraphs = 4 + rng.below(6);
    let overview: Vec<String> = (0..paragraphs)
        .map(|_| paragraph(rng, OVERVIEW, 3, 5))
        .collect();
    json!({
        "preamble": preamble,
        "overview": overview.join("\n"),
        "proactive_disclosure": paragraph(rng, OVERVIEW, 2, 3),
        "applications": paragraph(rng, OVERVIEW, 1, 3),
        "appeals": format!("{year}年，本机关因政府信息公开工作被申请行政复议、提起行政诉讼的情况见下表。"),
        "problems_and_improvements": paragraph(rng, PROBLEMS, 3, 4),
        "other_matters": "本年度未收取信息处理费。",
    })
}
