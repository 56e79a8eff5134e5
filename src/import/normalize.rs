//! Text as mirror sites and extractors damage it, made comparable with the official labels:
//! traditional characters, pinyin injected after characters, full-width forms, stray spaces.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// Traditional (or wrongly converted) characters seen in copies of the reports, with the
/// simplified form of the template. Only characters that occur in labels and headings matter.
const TRADITIONAL: &[(char, char)] = &[
    ('條', '条'),
    ('項', '项'),
    ('規', '规'),
    ('範', '范'),
    ('許', '许'),
    ('處', '处'),
    ('罰', '罚'),
    ('強', '强'),
    ('製', '制'),
    ('發', '发'),
    ('廢', '废'),
    ('現', '现'),
    ('數', '数'),
    ('決', '决'),
    ('開', '开'),
    ('請', '请'),
    ('結', '结'),
    ('轉', '转'),
    ('審', '审'),
    ('議', '议'),
    ('訟', '讼'),
    ('複', '复'),
    ('復', '复'),
    ('維', '维'),
    ('糾', '纠'),
    ('業', '业'),
    ('費', '费'),
    ('總', '总'),
    ('計', '计'),
    ('機', '机'),
    ('關', '关'),
    ('資', '资'),
    ('訊', '讯'),
    ('與', '与'),
    ('內', '内'),
    ('務', '务'),
    ('類', '类'),
    ('過', '过'),
    ('執', '执'),
    ('檔', '档'),
    ('詢', '询'),
    ('補', '补'),
    ('確', '确'),
    ('認', '认'),
    ('獲', '获'),
    ('訪', '访'),
    ('報', '报'),
    ('擾', '扰'),
    ('護', '护'),
    ('權', '权'),
    ('險', '险'),
    ('穩', '稳'),
    ('國', '国'),
    ('實', '实'),
    ('體', '体'),
    ('團', '团'),
    ('織', '织'),
    ('組', '组'),
    ('會', '会'),
    ('構', '构'),
    ('員', '员'),
    ('應', '应'),
    ('訴', '诉'),
    ('繳', '缴'),
    ('納', '纳'),
    ('給', '给'),
    ('號', '号'),
    ('單', '单'),
    ('門', '门'),
    ('產', '产'),
    ('個', '个'),
    ('於', '于'),
    ('為', '为'),
    ('無', '无'),
    ('況', '况'),
    ('動', '动'),
    ('統', '统'),
    ('額', '额'),
    ('萬', '万'),
    ('購', '购'),
    ('採', '采'),
    ('聯', '联'),
    ('題', '题'),
    ('進', '进'),
    ('須', '须'),
    ('們', '们'),
    ('歸', '归'),
    ('專', '专'),
    ('舉', '举'),
    ('淨', '净'),
    ('據', '据'),
    ('從', '从'),
    ('編', '编'),
    ('續', '续'),
    ('辦', '办'),
    ('營', '营'),
    ('區', '区'),
    ('縣', '县'),
    ('鎮', '镇'),
    ('鄉', '乡'),
    ('衛', '卫'),
    ('屬', '属'),
    ('億', '亿'),
    ('樣', '样'),
    ('屆', '届'),
    ('間', '间'),
    ('時', '时'),
    ('長', '长'),
    ('場', '场'),
    ('監', '监'),
    ('稅', '税'),
    ('輿', '舆'),
    ('臺', '台'),
    ('書', '书'),
    ('級', '级'),
    ('設', '设'),
    ('責', '责'),
    ('財', '财'),
    ('預', '预'),
    ('戶', '户'),
    ('網', '网'),
];

/// [`TRADITIONAL`] sorted by the traditional character, for binary search.
fn simplified_of() -> &'static [(char, char)] {
    static SORTED: OnceLock<Vec<(char, char)>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut sorted = TRADITIONAL.to_vec();
        sorted.sort_unstable();
        sorted
    })
}

/// Whether a character is one of [`TRADITIONAL`]: one bit per Basic Multilingual Plane code
/// point, because nearly every character of a report is looked up and nearly none is found.
fn is_traditional(c: char) -> bool {
    static BITS: OnceLock<Vec<u64>> = OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for (traditional, _) in TRADITIONAL {
            let code = *traditional as usize;
            bits[code / 64] |= 1 << (code % 64);
        }
        bits
    });
    let code = c as usize;
    bits.get(code / 64)
        .is_some_and(|word| word & (1 << (code % 64)) != 0)
}

/// Pinyin in parentheses, e.g. the `(guī)` of `規(guī)定`: spam mirrors inject it after CJK
/// characters. The pattern starts at the parenthesis, so that the search can skip to the next
/// one; the character before it is checked by [`is_cjk_ideograph`].
fn pinyin_injection() -> &'static Regex {
    static PINYIN: OnceLock<Regex> = OnceLock::new();
    PINYIN.get_or_init(|| {
        Regex::new(r"[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6})[)）]").expect("a valid pattern")
    })
}

/// CJK Unified Ideographs, with extension A and the compatibility block: the characters pinyin
/// is injected after.
fn is_cjk_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// What normalizing a text changed, for the import diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Repairs {
    pub traditional: usize,
    pub pinyin: usize,
}

/// The text with pinyin injections removed and traditional characters simplified: the repairs
/// a mirror's damage calls for. Punctuation and widths stay as printed (labels and values are
/// compared through [`label_key`] and [`half_width`]). Line structure is kept.
pub fn repair(text: &str) -> (String, Repairs) {
    let mut repairs = Repairs::default();
    let without_pinyin = pinyin_injection().replace_all(text, |caps: &regex::Captures| {
        let whole = caps.get(0).expect("the whole match");
        let after_ideograph = text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(is_cjk_ideograph);
        if after_ideograph {
            repairs.pinyin += 1;
            String::new()
        } else {
            caps[0].to_owned()
        }
    });
    if !without_pinyin.chars().any(is_traditional) {
        return (without_pinyin.into_owned(), repairs);
    }
    let simplified = simplified_of();
    let mut out = String::with_capacity(without_pinyin.len());
    for c in without_pinyin.chars() {
        if is_traditional(c) {
            let found = simplified
                .binary_search_by_key(&c, |(traditional, _)| *traditional)
                .expect("a traditional character has its simplified form");
            repairs.traditional += 1;
            out.push(simplified[found].1);
        } else {
            out.push(c);
        }
    }
    (out, repairs)
}

/// Full-width ASCII forms (digits, letters, punctuation) and the ideographic space as ASCII.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        '—' | '–' => '-',
        _ => c,
    }
}

/// A label reduced for comparison: no spaces, no quotes, ASCII parentheses and punctuation.
pub fn label_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    // Nearly every character is kept as it is: runs of them are copied whole.
    let mut kept_from = 0;
    for (at, c) in text.char_indices() {
        let mapped = key_char(c);
        if mapped == Some(c) {
            continue;
        }
        key.push_str(&text[kept_from..at]);
        kept_from = at + c.len_utf8();
        key.extend(mapped);
    }
    key.push_str(&text[kept_from..]);
    key
}

/// What a character is in a label key: half-width, `、` as `,`, and nothing for spaces and
/// quotes.
fn key_char(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(c);
    }
    match half_width(c) {
        c if c.is_whitespace() => None,
        '“' | '”' | '"' | '\'' | '‘' | '’' => None,
        '、' => Some(','),
        c => Some(c),
    }
}

/// The core of a label: its numbering (`一、`, `(三)`, `1.`) and a trailing parenthetical remark
/// removed, e.g. `(二)部分公开(区分处理的…)` → `部分公开`.
pub fn label_core(label: &str) -> String {
    let key = label_key(label);
    key[core_span(&key)].to_owned()
}

/// Where a label key's core lies (see [`label_core`]).
pub fn core_span(key: &str) -> Range<usize> {
    let mut rest = key;
    loop {
        let stripped = strip_numbering(rest);
        if stripped.len() == rest.len() {
            break;
        }
        rest = stripped;
    }
    let start = key.len() - rest.len();
    match rest.find('(') {
        Some(open) if open > 0 => start..start + open,
        _ => start..key.len(),
    }
}

fn strip_numbering(text: &str) -> &str {
    const CHINESE: &str = "一二三四五六七八九十";
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, '(')) => match text.find(')') {
            Some(close) if text[1..close].chars().all(|c| CHINESE.contains(c)) && close > 1 => {
                &text[close + 1..]
            }
            _ => text,
        },
        Some((_, c)) if CHINESE.contains(c) => match chars.next() {
            Some((i, ',' | '.')) => &text[i + 1..],
            _ => text,
        },
        Some((_, c)) if c.is_ascii_digit() => match chars.next() {
            Some((i, '.' | ',' | ')')) => &text[i + 1..],
            _ => text,
        },
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_injections_are_removed() {
        let (text, repairs) = repair("按照有关規(guī)定办理，依(yī)法公开");
        assert_eq!(text, "按照有关规定办理，依法公开");
        assert_eq!(repairs.pinyin, 2);
    }

    #[test]
    fn parenthesised_words_that_are_not_pinyin_stay() {
        let (text, _) = repair("采购总金额(万元)、汉南区(区政府)");
        assert_eq!(text, "采购总金额(万元)、汉南区(区政府)");
        // Latin letters in parentheses after anything but an ideograph are not an injection.
        let (text, repairs) = repair("版本v2(beta)、（app）、第(yī)条");
        assert_eq!(text, "版本v2(beta)、（app）、第条");
        assert_eq!(repairs.pinyin, 1);
    }

    #[test]
    fn traditional_characters_are_simplified_and_widths_kept() {
        let (text, repairs) = repair("第二十條 第（一）項：行政許可　１２");
        assert_eq!(text, "第二十条 第（一）项：行政许可　１２");
        assert_eq!(repairs.traditional, 3);
        assert_eq!(label_key(&text), "第二十条第(一)项:行政许可12");
    }

    proptest::proptest! {
        #[test]
        fn label_keys_map_each_character(text in "[ -~\u{a0}\u{2013}\u{2014}\u{2018}\u{2019}\u{201c}\u{201d}\u{3000}-\u{3003}\u{4e00}-\u{4e20}\u{ff01}-\u{ff5e}]{0,40}") {
            let expected: String = text
                .chars()
                .map(half_width)
                .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’'))
                .map(|c| if c == '、' { ',' } else { c })
                .collect();
            proptest::prop_assert_eq!(label_key(&text), expected);
        }
    }

    #[test]
    fn label_cores() {
        assert_eq!(
            label_core("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            "部分公开"
        );
        assert_eq!(label_core("三、本年度办理结果"), "本年度办理结果");
        assert_eq!(label_core("1.属于国家秘密"), "属于国家秘密");
        assert_eq!(label_core("3.危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(label_core("商业 企业"), "商业企业");
        assert_eq!(
            label_core("规章(设区的市、自治州人民政府应提供相关数据)"),
            "规章"
        );
    }
}
