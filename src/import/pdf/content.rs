//! The operations of a content stream, decoded by hand; and the objects of a file (load.rs).
//!
//! lopdf's nom grammar (`Content::decode_iter`) was a quarter of the time of importing the
//! fixture PDFs (perf). This decoder reads lopdf 0.47's grammar, quirks included, so that a
//! stream gives the same operations and ends where lopdf's ends: at the first thing it cannot
//! read. The tests compare the two. Its [`Cursor`] reads the objects of a file for load.rs, with
//! lopdf's grammar for them (references, comments inside arrays and dictionaries).

use lopdf::content::Operation;
use lopdf::{Dictionary, Object, StringFormat};

/// Deepest nesting of arrays and dictionaries (lopdf's `MAX_NESTING_DEPTH`).
pub(super) const MAX_NESTING: usize = 100;
/// Deepest nesting of parentheses in a literal string (lopdf's `MAX_BRACKET`).
const MAX_BRACKET: usize = 100;

/// The operations of `content`, up to the first one that cannot be read.
pub fn operations(content: &[u8]) -> Operations<'_> {
    let mut cursor = Cursor::new(content, 0);
    cursor.white();
    Operations {
        cursor,
        done: false,
    }
}

pub struct Operations<'a> {
    cursor: Cursor<'a>,
    done: bool,
}

impl Iterator for Operations<'_> {
    type Item = Operation;

    fn next(&mut self) -> Option<Operation> {
        if self.done {
            return None;
        }
        let operation = self.cursor.operation();
        self.done = operation.is_none();
        operation
    }
}

fn is_white(c: u8) -> bool {
    b" \t\n\r\0\x0C".contains(&c)
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !b"()<>[]{}/%".contains(&c)
}

fn is_operator_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"*'\"".contains(&c)
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// A position in the stream. A reading method that fails may leave the position anywhere: its
/// caller puts it back where the failed alternative began, as nom backtracks.
pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(bytes: &'a [u8], at: usize) -> Self {
        Cursor { bytes, at }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    pub(super) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }

    pub(super) fn eat(&mut self, tag: &[u8]) -> bool {
        let found = self.rest().starts_with(tag);
        if found {
            self.at += tag.len();
        }
        found
    }

    /// Runs `read`; where it fails, the position is put back.
    fn attempt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let start = self.at;
        let value = read(self);
        if value.is_none() {
            self.at = start;
        }
        value
    }

    pub(super) fn white(&mut self) {
        while self.peek().is_some_and(is_white) {
            self.at += 1;
        }
    }

    pub(super) fn eol(&mut self) -> bool {
        self.eat(b"\r\n") || self.eat(b"\n") || self.eat(b"\r")
    }

    /// A comment, with the end of line it needs.
    fn comment(&mut self) -> bool {
        self.attempt(|c| {
            if !c.eat(b"%") {
                return None;
            }
            while c.peek().is_some_and(|b| b != b'\r' && b != b'\n') {
                c.at += 1;
            }
            c.eol().then_some(())
        })
        .is_some()
    }

    /// White space and comments (inside arrays and dictionaries).
    pub(super) fn space(&mut self) {
        loop {
            self.white();
            if !self.comment() {
                return;
            }
        }
    }

    fn operation(&mut self) -> Option<Operation> {
        while self.comment() {
            self.white();
        }
        if self.rest().starts_with(b"BI") {
            return self.inline_image();
        }
        let mut operands = Vec::new();
        while let Some(operand) = self.attempt(Cursor::operand) {
            operands.push(operand);
            self.white();
        }
        let start = self.at;
        while self.peek().is_some_and(is_operator_byte) {
            self.at += 1;
        }
        let operator = &self.bytes[start..self.at];
        if operator.first().is_none_or(u8::is_ascii_digit) {
            return None;
        }
        let operator = String::from_utf8_lossy(operator).into_owned();
        self.white();
        Some(Operation { operator, operands })
    }

    /// An operand: what lopdf's content grammar takes, which has no references.
    fn operand(&mut self) -> Option<Object> {
        match self.peek()? {
            b'n' | b't' | b'f' => self.keyword(),
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            b'/' => self.name().map(Object::Name),
            b'(' => self.literal().map(Object::string_literal),
            b'<' => self.angled(MAX_NESTING),
            b'[' => self.array(MAX_NESTING).map(Object::Array),
            _ => None,
        }
    }

    /// `null`, `true` or `false` (lopdf takes them as prefixes: `truex` is `true` and `x`).
    fn keyword(&mut self) -> Option<Object> {
        if self.eat(b"null") {
            Some(Object::Null)
        } else if self.eat(b"true") {
            Some(Object::Boolean(true))
        } else if self.eat(b"false") {
            Some(Object::Boolean(false))
        } else {
            None
        }
    }

    fn sign(&mut self) -> bool {
        if self.eat(b"-") {
            return true;
        }
        self.eat(b"+");
        false
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    /// A real, else an integer.
    fn number(&mut self) -> Option<Object> {
        self.attempt(Cursor::real)
            .map(Object::Real)
            .or_else(|| self.attempt(Cursor::integer).map(Object::Integer))
    }

    /// `1.5`, `-.5`, `1.`; a minus sign inside the fraction (`0.00-41`) is dropped, as lopdf
    /// (and pdf.js and Poppler) do.
    fn real(&mut self) -> Option<f32> {
        let start = self.at;
        self.sign();
        if self.digits() > 0 {
            if !self.eat(b".") {
                return None;
            }
        } else if !(self.eat(b".") && self.digits() > 0) {
            return None;
        }
        let fraction = self.at;
        while self.peek().is_some_and(|b| b == b'-' || b.is_ascii_digit()) {
            self.at += 1;
        }
        let text = &self.bytes[start..self.at];
        let parsed = if self.bytes[fraction..self.at].contains(&b'-') {
            let mut kept = vec![text[0]];
            kept.extend(text[1..].iter().filter(|&&b| b != b'-'));
            std::str::from_utf8(&kept).ok()?.parse()
        } else {
            std::str::from_utf8(text).ok()?.parse()
        };
        parsed.ok()
    }

    fn integer(&mut self) -> Option<i64> {
        let negative = self.sign();
        let magnitude = self.unsigned()?;
        if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        }
    }

    /// A run of digits, if there is one and it fits in a u64.
    pub(super) fn unsigned(&mut self) -> Option<u64> {
        let start = self.at;
        if self.digits() == 0 {
            return None;
        }
        self.bytes[start..self.at]
            .iter()
            .try_fold(0u64, |value, &d| {
                value.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            })
    }

    /// `/Name`, its `#xx` escapes decoded; a `#` without two hex digits ends it.
    fn name(&mut self) -> Option<Vec<u8>> {
        if !self.eat(b"/") {
            return None;
        }
        let mut name = Vec::new();
        loop {
            let start = self.at;
            while self.peek().is_some_and(|b| b != b'#' && is_regular(b)) {
                self.at += 1;
            }
            name.extend_from_slice(&self.bytes[start..self.at]);
            let escaped = match self.rest() {
                [b'#', high, low, ..] => hex_value(*high).zip(hex_value(*low)),
                _ => None,
            };
            match escaped {
                Some((high, low)) => {
                    name.push(high << 4 | low);
                    self.at += 3;
                }
                None => return Some(name),
            }
        }
    }

    fn literal(&mut self) -> Option<Vec<u8>> {
        if !self.eat(b"(") {
            return None;
        }
        let mut text = Vec::new();
        self.literal_inner(MAX_BRACKET, &mut text);
        self.eat(b")").then_some(text)
    }

    /// The inside of a literal string, up to what it cannot take (its closing parenthesis,
    /// normally).
    fn literal_inner(&mut self, depth: usize, out: &mut Vec<u8>) {
        while let Some(b) = self.peek() {
            match b {
                b')' => return,
                b'\\' => {
                    if !self.escape(out) {
                        return;
                    }
                }
                b'\r' | b'\n' => {
                    self.eol();
                    out.push(b'\n');
                }
                b'(' => {
                    if depth == 0 {
                        return;
                    }
                    let start = self.at;
                    self.at += 1;
                    let mut nested = vec![b'('];
                    self.literal_inner(depth - 1, &mut nested);
                    if !self.eat(b")") {
                        self.at = start;
                        return;
                    }
                    nested.push(b')');
                    out.extend_from_slice(&nested);
                }
                _ => {
                    let start = self.at;
                    while self.peek().is_some_and(|b| !b"()\\\r\n".contains(&b)) {
                        self.at += 1;
                    }
                    out.extend_from_slice(&self.bytes[start..self.at]);
                }
            }
        }
    }

    /// A backslash escape; false (and nothing taken) when the stream ends after the backslash.
    fn escape(&mut self, out: &mut Vec<u8>) -> bool {
        let Some(&b) = self.bytes.get(self.at + 1) else {
            return false;
        };
        self.at += 1;
        if (b'0'..=b'7').contains(&b) {
            let mut value = 0u16;
            for _ in 0..3 {
                match self.peek() {
                    Some(d @ b'0'..=b'7') => {
                        value = value * 8 + u16::from(d - b'0');
                        self.at += 1;
                    }
                    _ => break,
                }
            }
            // Overflow is ignored, as the specification says.
            out.push(value as u8);
        } else if !self.eol() {
            // (A backslash before an end of line only continues the string on the next line.)
            self.at += 1;
            out.push(match b {
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                b'b' => 0x08,
                b'f' => 0x0C,
                other => other,
            });
        }
        true
    }

    /// What starts with `<`: a hexadecimal string, else a dictionary.
    fn angled(&mut self, depth: usize) -> Option<Object> {
        self.attempt(Cursor::hex)
            .or_else(|| self.dictionary(depth).map(Object::Dictionary))
    }

    fn hex(&mut self) -> Option<Object> {
        if !self.eat(b"<") {
            return None;
        }
        let mut bytes = Vec::new();
        let mut high = true;
        loop {
            self.white();
            let Some(d) = self.peek().and_then(hex_value) else {
                break;
            };
            self.at += 1;
            match bytes.last_mut() {
                Some(last) if !high => *last |= d,
                _ => bytes.push(d << 4),
            }
            high = !high;
        }
        self.eat(b">")
            .then_some(Object::String(bytes, StringFormat::Hexadecimal))
    }

    pub(super) fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        if !self.eat(b"<<") {
            return None;
        }
        self.space();
        let dict = self.entries(depth);
        self.eat(b">>").then_some(dict)
    }

    /// Name and value pairs, as many as can be read; a later key replaces an earlier one.
    fn entries(&mut self, depth: usize) -> Dictionary {
        let mut dict = Dictionary::new();
        while let Some((key, value)) = self.attempt(|c| {
            let key = c.name()?;
            c.space();
            Some((key, c.direct_object(depth)?))
        }) {
            dict.set(key, value);
        }
        dict
    }

    fn array(&mut self, depth: usize) -> Option<Vec<Object>> {
        if !self.eat(b"[") {
            return None;
        }
        self.space();
        let mut items = Vec::new();
        while let Some(item) = self.attempt(|c| c.direct_object(depth)) {
            items.push(item);
        }
        self.eat(b"]").then_some(items)
    }

    /// An object inside an array or a dictionary (where references may stand), and the space
    /// after it.
    pub(super) fn direct_object(&mut self, depth: usize) -> Option<Object> {
        if depth == 0 {
            return None;
        }
        let depth = depth - 1;
        let object = match self.peek()? {
            b'n' | b't' | b'f' => self.keyword(),
            b'0'..=b'9' => self.attempt(Cursor::reference).or_else(|| self.number()),
            b'+' | b'-' | b'.' => self.number(),
            b'/' => self.name().map(Object::Name),
            b'(' => self.literal().map(Object::string_literal),
            b'<' => self.angled(depth),
            b'[' => self.array(depth).map(Object::Array),
            _ => None,
        }?;
        self.space();
        Some(object)
    }

    fn reference(&mut self) -> Option<Object> {
        let number = u32::try_from(self.unsigned()?).ok()?;
        self.space();
        let generation = u16::try_from(self.unsigned()?).ok()?;
        self.space();
        self.eat(b"R")
            .then_some(Object::Reference((number, generation)))
    }

    /// `BI` … `ID` data `EI`, read as one operation `BI` without operands (the text layer needs
    /// none). The data's length comes from its dictionary as lopdf reckons it; where it cannot,
    /// the data ends at the first `EI` between white space.
    fn inline_image(&mut self) -> Option<Operation> {
        self.at += 2;
        self.white();
        let dict = self.entries(MAX_NESTING);
        if !self.eat(b"ID") {
            return None;
        }
        if !self.eol() && self.peek().is_some_and(is_white) {
            self.at += 1;
        }
        match image_length(&dict).filter(|&n| n <= self.rest().len()) {
            Some(length) => {
                self.at += length;
                self.white();
                if !self.eat(b"EI") {
                    return None;
                }
            }
            None => {
                let rest = self.rest();
                let end = rest.windows(3).enumerate().position(|(i, w)| {
                    is_white(w[0])
                        && &w[1..] == b"EI"
                        && rest.get(i + 3).is_none_or(|&c| is_white(c))
                })?;
                self.at += end + 3;
            }
        }
        self.white();
        Some(Operation {
            operator: "BI".to_owned(),
            operands: Vec::new(),
        })
    }
}

/// The bytes of an unfiltered inline image, from its width, height, bits and colours.
fn image_length(dict: &Dictionary) -> Option<usize> {
    let get = |short: &[u8], long: &[u8]| dict.get(short).or_else(|_| dict.get(long)).ok();
    let size = |short: &[u8], long: &[u8]| {
        get(short, long)
            .and_then(|o| o.as_i64().ok())
            .and_then(|n| usize::try_from(n).ok())
    };
    let width = size(b"W", b"Width")?;
    let height = size(b"H", b"Height")?;
    let mask = matches!(get(b"IM", b"ImageMask"), Some(Object::Boolean(true)));
    let bits = match get(b"BPC", b"BitsPerComponent") {
        None if mask => 1,
        _ => size(b"BPC", b"BitsPerComponent")?,
    };
    let colours = if mask {
        1
    } else {
        match get(b"CS", b"ColorSpace")? {
            Object::Array(a) if matches!(a.first(), Some(Object::Name(n)) if n == b"Indexed" || n == b"I") => {
                1
            }
            Object::Name(n) => match n.as_slice() {
                b"DeviceGray" | b"G" | b"Gray" => 1,
                b"DeviceRGB" | b"RGB" => 3,
                b"DeviceRGBA" | b"RGBA" | b"DeviceCMYK" | b"CMYK" => 4,
                _ => return None,
            },
            _ => return None,
        }
    };
    if get(b"F", b"Filter").is_some() {
        return None;
    }
    bits.checked_mul(colours)
        .and_then(|b| width.checked_mul(b))
        .and_then(|row| row.div_ceil(8).checked_mul(height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;
    use proptest::prelude::*;

    /// An operation to compare: `BI`'s operands (the image, for lopdf) are not read.
    fn compared(op: Operation) -> (String, Vec<Object>) {
        let operands = if op.operator == "BI" {
            Vec::new()
        } else {
            op.operands
        };
        (op.operator, operands)
    }

    /// lopdf's operations of `content`, up to its first error.
    fn lopdf_operations(content: &[u8]) -> Vec<(String, Vec<Object>)> {
        Content::decode_iter(content)
            .map_while(Result::ok)
            .map(compared)
            .collect()
    }

    fn ours(content: &[u8]) -> Vec<(String, Vec<Object>)> {
        operations(content).map(compared).collect()
    }

    fn same_as_lopdf(content: &[u8]) {
        assert_eq!(
            ours(content),
            lopdf_operations(content),
            "{:?}",
            String::from_utf8_lossy(content)
        );
    }

    #[test]
    fn reads_what_lopdf_reads() {
        for content in [
            &b"BT /F1 12 Tf 1 0 0 1 72 720 Tm (Hello \\(world\\) \\101\\n) Tj ET"[..],
            b"q 1 0 0 1 0 0 cm [(A) -250 (B) 1.5 <4E 0> ] TJ Q",
            b"%comment\n  BT%x\r\n/F1 9.5Tf T* ET",
            b"0.00-4142502 -.5 +3 1. Tc 99999999999999999999 Tw",
            b"/Na#41me#zz 1 Tz",
            b"<< /A [1 0 R 2 /B] /C << /D (x(y)z) >> >> BDC EMC",
            b"truex nullnull false Tj",
            b"(unterminated Tj",
            b"[1 2 Tj",
            b"(a\\\r\nb\rc\r\nd) Tj ((nested (deep)) ) Tj",
            b"BI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\x01\x02 EI Q",
            b"BI /W 1 /H 1 /F /AHx ID ab EI q",
            b"BI /W 1 /H 1 ID xx q",
            b"q 1 0 0 1 0 0 cm % trailing",
            b"1 2 % comment between operands\n m",
            b"d0 d1 ' \" *",
            b"<</A 1>> <4> <zz> Tj",
        ] {
            same_as_lopdf(content);
        }
    }

    #[test]
    fn reads_the_fixture_pages_as_lopdf_does() {
        for path in super::super::fixture_pdfs() {
            let doc = lopdf::Document::load(&path).unwrap();
            for page in doc.get_pages().into_values() {
                same_as_lopdf(&doc.get_page_content(page));
            }
        }
    }

    proptest! {
        #[test]
        fn token_soups_read_as_lopdf_reads(
            tokens in proptest::collection::vec(prop_oneof![
                Just(" "), Just("\n"), Just("\r"), Just("%c\n"), Just("%"), Just("("), Just(")"),
                Just("\\"), Just("\\1"), Just("<"), Just(">"), Just("<<"), Just(">>"), Just("["),
                Just("]"), Just("/N"), Just("#4"), Just("1"), Just("-"), Just("."), Just("0 R"),
                Just("true"), Just("null"), Just("Tj"), Just("q"), Just("BI"), Just("ID"),
                Just(" EI "), Just("/W 1 /H 1 /CS /G /BPC 8"), Just("a"), Just("*"), Just("{"),
            ], 0..40)
        ) {
            same_as_lopdf(tokens.concat().as_bytes());
        }
    }
}
