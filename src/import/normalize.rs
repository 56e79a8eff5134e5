//! Text as mirror sites and extractors damage it, made comparable with the official labels:
//! traditional characters, pinyin injected after characters, full-width forms, stray spaces.

use std::ops::Range;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use regex::Regex;

/// Traditional characters that tell a copy converted by a mirror site (they occur in the labels,
/// headings and prose of every report, and never in a simplified one): their presence is what
/// sends a text through the conversion back.
const TELLING_TRADITIONAL: [&str; 4] = [
    "條項規範許處罰強製發廢現數決開請結轉審議訟複復維糾業費總計機關資訊與內務類過執檔",
    "詢補確認獲訪報擾護權險穩國實體團織組會構員應訴繳納給號單門產個於為無況動統額萬購",
    "採聯題進須們歸專舉淨據從編續辦營區縣鎮鄉衛屬億樣屆間時長場監稅輿臺書級設責財預戶",
    "網",
];

/// Whether a character is one of [`TELLING_TRADITIONAL`]: one bit per Basic Multilingual Plane
/// code point, because nearly every character of a report is looked up and nearly none is found.
fn is_traditional(c: char) -> bool {
    static BITS: OnceLock<Vec<u64>> = OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for code in TELLING_TRADITIONAL.concat().chars().map(|c| c as usize) {
            bits[code / 64] |= 1 << (code % 64);
        }
        bits
    });
    let code = c as usize;
    bits.get(code / 64)
        .is_some_and(|word| word & (1 << (code % 64)) != 0)
}

/// The template's words that a Taiwan-phrasing conversion (OpenCC's s2twp, used by mirror
/// sites) replaces, as they read once their characters are simplified, with the template's word:
/// found by converting every official label and heading with s2twp and back with t2s. OpenCC's
/// own way back (tw2sp) is not used: it also turns the template's 查询 into 查找.
const TAIWAN_PHRASES: [(&str, &str); 5] = [
    ("资讯", "信息"),
    ("专案", "项目"),
    ("程式码", "代码"),
    ("释出", "发布"),
    ("档案", "文件"),
];

/// What 档案 is before these characters: the archives (市档案馆, 档案局), not a document.
const ARCHIVES: [char; 3] = ['馆', '局', '室'];

/// A text converted to traditional characters, and perhaps Taiwan phrasing, read back: OpenCC's
/// traditional → simplified characters, then the template's words.
fn to_simplified(text: &str) -> String {
    static CONVERTER: OnceLock<Option<OpenCC>> = OnceLock::new();
    // The dictionaries are built into the crate: loading them fails only if the crate is broken,
    // and then the text is read as printed rather than not at all.
    let simplified = match CONVERTER.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok()) {
        Some(converter) => converter.convert(text),
        None => text.to_owned(),
    };
    TAIWAN_PHRASES
        .iter()
        .fold(simplified, |text, (taiwan, template)| {
            if text.contains(taiwan) {
                replace_phrase(&text, taiwan, template)
            } else {
                text
            }
        })
}

fn replace_phrase(text: &str, taiwan: &str, template: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(taiwan) {
        let after = &rest[at + taiwan.len()..];
        let archives = taiwan == "档案" && after.starts_with(ARCHIVES);
        out.push_str(&rest[..at]);
        out.push_str(if archives { taiwan } else { template });
        rest = after;
    }
    out.push_str(rest);
    out
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
    let simplified = to_simplified(&without_pinyin);
    repairs.traditional = characters_changed(&without_pinyin, &simplified);
    (simplified, repairs)
}

/// How many characters a conversion changed, compared line by line (conversion keeps lines; a
/// phrase of another length counts the rest of its line).
fn characters_changed(before: &str, after: &str) -> usize {
    before
        .lines()
        .zip(after.lines())
        .map(|(was, is)| {
            let mut was = was.chars();
            let mut is = is.chars();
            let mut changed = 0;
            loop {
                match (was.next(), is.next()) {
                    (None, None) => return changed,
                    (a, b) if a == b => {}
                    _ => changed += 1,
                }
            }
        })
        .sum()
}

/// Full-width ASCII forms (digits, letters, punctuation) and the ideographic space as ASCII.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{A0}' => ' ',
        '—' | '–' | '⸺' | '⸻' => '-',
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
    fn taiwan_phrasing_is_read_as_the_template_words() {
        let (mirror, repairs) = repair("（二）規範性檔案\n二、主動公開政府資訊情況");
        assert_eq!(mirror, "（二）规范性文件\n二、主动公开政府信息情况");
        assert_eq!(repairs.traditional, 9);
        // The template's words that s2twp leaves alone stay, and so do the archives.
        let (mirror, _) = repair("8.屬於行政查詢事項\n示例市檔案館；上一年專案數量");
        assert_eq!(mirror, "8.属于行政查询事项\n示例市档案馆；上一年项目数量");
        // A simplified text is left as it is, 档案 included.
        let (simplified, repairs) = repair("市档案局（二）规范性文件");
        assert_eq!(simplified, "市档案局（二）规范性文件");
        assert_eq!(repairs.traditional, 0);
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
