//! Fonts of a PDF's text layer: how a shown string's bytes split into character codes, what
//! text each code stands for (the font's ToUnicode CMap first, then its encoding), and how far
//! each glyph advances.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::{MAX_STREAM, deref};

/// Most entries a CMap or a width array may give (a font has at most 65,536 glyphs).
const MAX_ENTRIES: usize = 1 << 17;

/// Code space ranges: (bytes, low code, high code).
type CodeSpace = Vec<(usize, u32, u32)>;

/// How the bytes of a string split into codes.
#[derive(Debug, Clone, PartialEq)]
enum Codes {
    /// One byte a code (simple fonts).
    One,
    /// Two bytes a code (Identity-H and the UCS-2 CMaps).
    Two,
    /// GBK: a lead byte 0x81–0xFE starts a two-byte code.
    Gbk,
    /// The code space ranges of an embedded CMap: (bytes, low, high).
    Ranges(CodeSpace),
}

/// What a code without a ToUnicode entry stands for.
#[derive(Debug, Clone, PartialEq)]
enum Fallback {
    /// A simple font: ASCII and Latin-1 codes as themselves, unless a `Differences` glyph
    /// name says otherwise.
    Latin(HashMap<u32, char>),
    /// The code is UTF-16 (UniGB-UCS2-H, UniGB-UTF16-H).
    Utf16,
    /// The code is GBK / GB18030 bytes.
    Gb18030,
    /// A CID font whose codes are glyph numbers: nothing can be told without ToUnicode.
    Unknown,
}

/// A font, as far as text extraction needs it.
#[derive(Debug, Clone)]
pub struct Font {
    codes: Codes,
    to_unicode: HashMap<u32, String>,
    fallback: Fallback,
    widths: HashMap<u32, f32>,
    default_width: f32,
}

impl Font {
    pub fn read(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let type0 = subtype == b"Type0";
        let encoding = dict.get(b"Encoding").ok().map(|o| deref(doc, o));
        let (codes, fallback) = if type0 {
            match encoding {
                Some(Object::Name(name)) => {
                    let name = String::from_utf8_lossy(name);
                    if name.starts_with("Identity") {
                        (Codes::Two, Fallback::Unknown)
                    } else if name.contains("UCS2") || name.contains("UTF16") {
                        (Codes::Two, Fallback::Utf16)
                    } else if name.starts_with("GB") {
                        (Codes::Gbk, Fallback::Gb18030)
                    } else {
                        (Codes::Two, Fallback::Unknown)
                    }
                }
                Some(Object::Stream(stream)) => {
                    let ranges = stream
                        .get_plain_content_with_limit(MAX_STREAM)
                        .map(|bytes| parse_cmap(&bytes).0)
                        .unwrap_or_default();
                    if ranges.is_empty() {
                        (Codes::Two, Fallback::Unknown)
                    } else {
                        (Codes::Ranges(ranges), Fallback::Unknown)
                    }
                }
                _ => (Codes::Two, Fallback::Unknown),
            }
        } else {
            (Codes::One, Fallback::Latin(differences(doc, encoding)))
        };
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| s.get_plain_content_with_limit(MAX_STREAM).ok())
            .map(|bytes| parse_cmap(&bytes).1)
            .unwrap_or_default();
        let (widths, default_width) = if type0 {
            cid_widths(doc, dict)
        } else {
            simple_widths(doc, dict)
        };
        Font {
            codes,
            to_unicode,
            fallback,
            widths,
            default_width,
        }
    }

    /// The codes of a shown string: (code, bytes it took).
    pub fn codes<'a>(&'a self, bytes: &'a [u8]) -> impl Iterator<Item = (u32, usize)> + 'a {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            let rest = &bytes[at..];
            let len = match &self.codes {
                Codes::One => 1,
                Codes::Two => 2,
                Codes::Gbk => {
                    if (0x81..=0xFE).contains(&rest[0]) {
                        2
                    } else {
                        1
                    }
                }
                Codes::Ranges(ranges) => (1..=4)
                    .find(|&n| {
                        n <= rest.len()
                            && ranges.iter().any(|&(len, lo, hi)| {
                                len == n && (lo..=hi).contains(&be(&rest[..n]))
                            })
                    })
                    .unwrap_or(1),
            }
            .min(rest.len());
            at += len;
            Some((be(&rest[..len]), len))
        })
    }

    /// The text a code stands for, pushed onto `out`; false when it cannot be told.
    pub fn decode(&self, code: u32, len: usize, out: &mut String) -> bool {
        if let Some(text) = self.to_unicode.get(&code) {
            out.push_str(text);
            return true;
        }
        match &self.fallback {
            Fallback::Latin(differences) => match differences.get(&code) {
                Some(&c) => out.push(c),
                None => match char::from_u32(code) {
                    Some(c) if code >= 0x20 => out.push(c),
                    _ => return false,
                },
            },
            Fallback::Utf16 => match char::from_u32(code) {
                Some(c) => out.push(c),
                None => return false,
            },
            Fallback::Gb18030 => {
                let bytes = code.to_be_bytes();
                let (text, _, errors) = encoding_rs::GB18030.decode(&bytes[4 - len..]);
                if errors {
                    return false;
                }
                out.push_str(&text);
            }
            Fallback::Unknown => return false,
        }
        true
    }

    /// The glyph's advance in thousandths of the font size.
    pub fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }

    /// Whether word spacing applies to this code (the single byte 32).
    pub fn is_word_space(&self, code: u32, len: usize) -> bool {
        code == 32 && len == 1
    }
}

fn be(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |acc, &b| (acc << 8) | u32::from(b))
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn simple_widths(doc: &Document, dict: &Dictionary) -> (HashMap<u32, f32>, f32) {
    let first = dict
        .get(b"FirstChar")
        .ok()
        .and_then(|o| number(deref(doc, o)))
        .unwrap_or(0.0) as u32;
    let mut widths = HashMap::new();
    if let Ok(Object::Array(array)) = dict.get(b"Widths").map(|o| deref(doc, o)) {
        for (i, w) in array.iter().take(256).enumerate() {
            if let Some(w) = number(deref(doc, w)) {
                widths.insert(first + i as u32, w);
            }
        }
    }
    let missing = dict
        .get(b"FontDescriptor")
        .ok()
        .and_then(|o| deref(doc, o).as_dict().ok())
        .and_then(|d| d.get(b"MissingWidth").ok())
        .and_then(|o| number(deref(doc, o)));
    // The standard 14 fonts come without widths: half an em is their typical glyph.
    (widths, missing.filter(|w| *w > 0.0).unwrap_or(500.0))
}

fn cid_widths(doc: &Document, dict: &Dictionary) -> (HashMap<u32, f32>, f32) {
    let mut widths = HashMap::new();
    let descendant = dict
        .get(b"DescendantFonts")
        .ok()
        .and_then(|o| deref(doc, o).as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| deref(doc, o).as_dict().ok());
    let Some(descendant) = descendant else {
        return (widths, 1000.0);
    };
    let default = descendant
        .get(b"DW")
        .ok()
        .and_then(|o| number(deref(doc, o)))
        .unwrap_or(1000.0);
    if let Ok(Object::Array(w)) = descendant.get(b"W").map(|o| deref(doc, o)) {
        let mut i = 0;
        while i + 1 < w.len() && widths.len() < MAX_ENTRIES {
            let Some(first) = number(deref(doc, &w[i])) else {
                break;
            };
            let first = first as u32;
            match deref(doc, &w[i + 1]) {
                Object::Array(list) => {
                    for (k, width) in list.iter().take(MAX_ENTRIES).enumerate() {
                        if let Some(width) = number(deref(doc, width)) {
                            widths.insert(first + k as u32, width);
                        }
                    }
                    i += 2;
                }
                last => {
                    let (Some(last), Some(width)) = (
                        number(last),
                        w.get(i + 2).and_then(|o| number(deref(doc, o))),
                    ) else {
                        break;
                    };
                    let last = (last as u32).min(first.saturating_add(MAX_ENTRIES as u32));
                    for code in first..=last {
                        widths.insert(code, width);
                    }
                    i += 3;
                }
            }
        }
    }
    (widths, default)
}

/// A simple font's `Differences`: codes renamed to glyphs whose names tell their character.
fn differences(doc: &Document, encoding: Option<&Object>) -> HashMap<u32, char> {
    let mut map = HashMap::new();
    let Some(Object::Dictionary(dict)) = encoding else {
        return map;
    };
    let Ok(Object::Array(list)) = dict.get(b"Differences").map(|o| deref(doc, o)) else {
        return map;
    };
    let mut code = 0u32;
    for item in list.iter().take(MAX_ENTRIES) {
        match item {
            Object::Integer(i) => code = (*i).clamp(0, 255) as u32,
            Object::Name(name) => {
                if let Some(c) = glyph_char(name) {
                    map.insert(code, c);
                }
                code += 1;
            }
            _ => {}
        }
    }
    map
}

/// The character of a glyph name: `uni4E00`, `u4E00`, a letter, or a common ASCII name.
fn glyph_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let hex = name
        .strip_prefix("uni")
        .filter(|h| h.len() == 4)
        .or_else(|| {
            name.strip_prefix('u')
                .filter(|h| (4..=6).contains(&h.len()))
        });
    if let Some(c) = hex
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
    {
        return Some(c);
    }
    const NAMES: [(&str, char); 21] = [
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("space", ' '),
        ("period", '.'),
        ("comma", ','),
        ("hyphen", '-'),
        ("minus", '-'),
        ("plus", '+'),
        ("percent", '%'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("slash", '/'),
        ("colon", ':'),
    ];
    if let Some(&(_, c)) = NAMES.iter().find(|(n, _)| *n == name) {
        return Some(c);
    }
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Some(c),
        _ => None,
    }
}

/// A CMap's code space ranges and its code → text entries (bfchar, bfrange).
fn parse_cmap(bytes: &[u8]) -> (CodeSpace, HashMap<u32, String>) {
    let tokens = cmap_tokens(bytes);
    let mut ranges = Vec::new();
    let mut map = HashMap::new();
    let mut i = 0;
    let hex = |t: Option<&CmapToken>| match t {
        Some(CmapToken::Hex(h)) => Some(h.clone()),
        _ => None,
    };
    while i < tokens.len() && map.len() < MAX_ENTRIES {
        match &tokens[i] {
            CmapToken::Word(w) if w == "begincodespacerange" => {
                i += 1;
                while let (Some(lo), Some(hi)) = (hex(tokens.get(i)), hex(tokens.get(i + 1))) {
                    if !lo.is_empty() && lo.len() <= 4 {
                        ranges.push((lo.len(), be(&lo), be(&hi)));
                    }
                    i += 2;
                }
            }
            CmapToken::Word(w) if w == "beginbfchar" => {
                i += 1;
                while let Some(src) = hex(tokens.get(i)) {
                    match tokens.get(i + 1) {
                        Some(CmapToken::Hex(dst)) => {
                            map.insert(be(&src), utf16(dst));
                        }
                        Some(CmapToken::Name(name)) => {
                            if let Some(c) = glyph_char(name.as_bytes()) {
                                map.insert(be(&src), c.to_string());
                            }
                        }
                        _ => {}
                    }
                    i += 2;
                }
            }
            CmapToken::Word(w) if w == "beginbfrange" => {
                i += 1;
                while let (Some(lo), Some(hi)) = (hex(tokens.get(i)), hex(tokens.get(i + 1))) {
                    let (lo, hi) = (be(&lo), be(&hi));
                    let hi = hi.min(lo.saturating_add(0xFFFF));
                    match tokens.get(i + 2) {
                        Some(CmapToken::Hex(dst)) => {
                            for (k, code) in (lo..=hi).enumerate() {
                                let mut units = utf16_units(dst);
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(k as u16);
                                }
                                map.insert(code, String::from_utf16_lossy(&units));
                            }
                            i += 3;
                        }
                        Some(CmapToken::Open) => {
                            let mut k = i + 3;
                            let mut code = lo;
                            while let Some(dst) = hex(tokens.get(k)) {
                                if code <= hi {
                                    map.insert(code, utf16(&dst));
                                }
                                code += 1;
                                k += 1;
                            }
                            i = k + 1; // past `]`
                        }
                        _ => i += 3,
                    }
                    if map.len() >= MAX_ENTRIES {
                        break;
                    }
                }
            }
            _ => i += 1,
        }
    }
    (ranges, map)
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| match p {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

#[derive(Debug, Clone, PartialEq)]
enum CmapToken {
    Hex(Vec<u8>),
    Name(String),
    Word(String),
    Open,
    Close,
}

fn cmap_tokens(bytes: &[u8]) -> Vec<CmapToken> {
    let mut tokens = Vec::new();
    let mut i = 0;
    let is_delimiter = |b: u8| b.is_ascii_whitespace() || b"<>[]/()%".contains(&b);
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => i += 2,
            b'>' => i += 1,
            b'<' => {
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |p| start + p);
                let digits: Vec<u8> = bytes[start..end]
                    .iter()
                    .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
                    .collect();
                let mut value: Vec<u8> = digits
                    .chunks(2)
                    .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
                    .collect();
                value.truncate(512);
                tokens.push(CmapToken::Hex(value));
                i = end + 1;
            }
            b'[' => {
                tokens.push(CmapToken::Open);
                i += 1;
            }
            b']' => {
                tokens.push(CmapToken::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings (registry names) carry nothing we read.
                while i < bytes.len() && bytes[i] != b')' {
                    i += 1;
                }
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            b => {
                let start = if b == b'/' { i + 1 } else { i };
                let mut end = start;
                while end < bytes.len() && !is_delimiter(bytes[end]) {
                    end += 1;
                }
                let word = String::from_utf8_lossy(&bytes[start..end]).into_owned();
                tokens.push(if b == b'/' {
                    CmapToken::Name(word)
                } else {
                    CmapToken::Word(word)
                });
                i = end.max(i + 1);
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmaps_map_chars_and_ranges() {
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <0102> <4E00> endbfchar\n\
            2 beginbfrange <0010> <0012> <0030> <0020> <0021> [<6570> <D840DC00>] endbfrange";
        let (ranges, map) = parse_cmap(cmap);
        assert_eq!(ranges, [(2, 0, 0xFFFF)]);
        assert_eq!(map[&3], " ");
        assert_eq!(map[&0x102], "一");
        assert_eq!(map[&0x12], "2");
        assert_eq!(map[&0x20], "数");
        assert_eq!(map[&0x21], "\u{20000}");
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_char(b"uni4E00"), Some('一'));
        assert_eq!(glyph_char(b"seven"), Some('7'));
        assert_eq!(glyph_char(b"g123"), None);
    }
}
