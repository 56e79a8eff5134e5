//! From bytes to a JSON value: encoding, byte order mark, syntax and size. Anything that fails
//! here makes the file unreadable (exit status 2), with a diagnostic that says why and where.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::catalog::Rule;
use super::diagnostic::Diagnostic;

/// Files larger than this are not read unless the caller raises the limit: a report is well
/// under a megabyte, and a gigabyte of JSON is a mistake, not a report.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    let mut bytes = Vec::new();
    read_limited_into(path, limit, &mut bytes)?;
    Ok(bytes)
}

/// Reads a file of at most `limit` bytes into `bytes` (cleared first), so that a caller reading
/// many files can reuse one buffer.
pub fn read_limited_into(
    path: &Path,
    limit: u64,
    bytes: &mut Vec<u8>,
) -> Result<(), Box<Diagnostic>> {
    let io_error =
        |error: std::io::Error| Diagnostic::new(Rule::IoError, "").arg("detail", error.to_string());
    bytes.clear();
    let file = std::fs::File::open(path).map_err(io_error)?;
    // The announced size decides early and sizes the buffer once; the read itself is still
    // capped, as a file may grow (or not be a regular file) after it was measured.
    let announced = file.metadata().map_or(0, |m| m.len());
    if announced > limit {
        return Err(Box::new(too_large(announced, limit)));
    }
    bytes.reserve(announced as usize + 1);
    file.take(limit.saturating_add(1))
        .read_to_end(bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(Box::new(too_large(bytes.len() as u64, limit)));
    }
    Ok(())
}

pub fn too_large(size: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(Rule::TooLarge, "")
        .arg("size", size)
        .arg("limit", limit)
}

/// Parses a document: UTF-8 (a leading byte order mark is ignored), then JSON.
pub fn parse(bytes: &[u8]) -> Result<Value, Box<Diagnostic>> {
    parse_json(decode(bytes)?)
}

/// The text of a document: UTF-8, without a leading byte order mark.
pub fn decode(bytes: &[u8]) -> Result<&str, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    // Reports are mostly Chinese prose, where the standard library's validation goes byte by
    // byte; the SIMD validator is many times faster and reports where invalid bytes start.
    simdutf8::compat::from_utf8(bytes)
        .map_err(|error| Box::new(not_utf8(bytes, error.valid_up_to())))
}

/// The JSON value of a text.
pub fn parse_json(text: &str) -> Result<Value, Box<Diagnostic>> {
    serde_json::from_str(text).map_err(|error| Box::new(invalid_json(&error, text)))
}

fn not_utf8(bytes: &[u8], offset: usize) -> Diagnostic {
    let (hint_zh, hint_en) = encoding_hint(bytes);
    Diagnostic::new(Rule::NotUtf8, "")
        .arg("offset", offset)
        .arg("hint_zh", hint_zh)
        .arg("hint_en", hint_en)
}

/// A guess at what the bytes are, for the message.
fn encoding_hint(bytes: &[u8]) -> (&'static str, &'static str) {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return ("；看起来是 UTF-16 编码", "; it looks like UTF-16");
    }
    let (_, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if !had_errors {
        (
            "；看起来是 GBK/GB18030 编码，请转换为 UTF-8",
            "; it looks like GBK/GB18030: convert it to UTF-8",
        )
    } else {
        ("", "")
    }
}

fn invalid_json(error: &serde_json::Error, text: &str) -> Diagnostic {
    located(Diagnostic::new(Rule::InvalidJson, ""), error, text)
}

/// Adds serde_json's message, line and column to a diagnostic about `text`.
pub fn located(diagnostic: Diagnostic, error: &serde_json::Error, text: &str) -> Diagnostic {
    let message = error.to_string();
    // serde_json appends " at line L column C"; line and column are arguments of their own.
    let detail = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(d, _)| d);
    diagnostic
        .arg("line", error.line())
        .arg("column", char_column(text, error.line(), error.column()))
        .arg("detail", detail)
}

/// The column an editor shows, counted in characters from 1. serde_json counts bytes (three per
/// Chinese character), and says 0 at the start of a line (`{` and a newline, then the end).
pub fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let line_text = text
        .split('\n')
        .nth(line.saturating_sub(1))
        .unwrap_or_default();
    let mut end = byte_column.min(line_text.len());
    // A column inside a character counts that character.
    while !line_text.is_char_boundary(end) {
        end += 1;
    }
    line_text[..end].chars().count().max(1)
}
