//! From bytes to a JSON value: encoding, byte order mark, syntax and size. Anything that fails
//! here makes the file unreadable (exit status 2), with a diagnostic that says why and where.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;

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
/// many files can reuse one buffer. Only a regular file is read: a FIFO would block until some
/// writer came, and a device (`/dev/zero`) never ends.
pub fn read_limited_into(
    path: &Path,
    limit: u64,
    bytes: &mut Vec<u8>,
) -> Result<(), Box<Diagnostic>> {
    bytes.clear();
    let file = open_regular(path)?;
    // The announced size decides early and sizes the buffer once; the read itself is still
    // capped, as a file may grow after it was measured.
    let announced = file.metadata().map_or(0, |m| m.len());
    if announced > limit {
        return Err(Box::new(too_large(announced, limit)));
    }
    read_bounded(file, limit, announced, bytes)
}

/// Reads at most `limit` bytes of `reader` into `bytes`, `expected` of them announced (0 for
/// a stream). A stream that does not end is refused once it has sent `limit` bytes and one
/// more, without having held more than the limit.
///
/// The buffer is allocated once, for the announced size or, for a stream, for the limit (up to
/// [`STREAM_RESERVE`]): the reservation is address space, which the system backs only as bytes
/// arrive, whereas growing a buffer step by step copied it and left every smaller copy to the
/// allocator (220 MB to refuse `/dev/zero` on standard input at 64 MiB). Only a limit raised
/// past the reservation grows the buffer, by doubling.
pub fn read_bounded(
    mut reader: impl Read,
    limit: u64,
    expected: u64,
    bytes: &mut Vec<u8>,
) -> Result<(), Box<Diagnostic>> {
    let as_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    let failed = |error: std::io::Error| Box::new(io_error(&error));
    let reserve = if expected > 0 {
        expected.min(limit)
    } else {
        limit.min(STREAM_RESERVE)
    };
    // And a byte to see the end.
    bytes.reserve_exact(as_usize(reserve.saturating_add(1)));
    loop {
        let held = bytes.len() as u64;
        if held > limit {
            return Err(Box::new(too_large(held, limit)));
        }
        if held == limit {
            // Full: one more byte tells a file of exactly the limit from a larger one.
            let mut probe = [0u8; 1];
            let more = loop {
                match reader.read(&mut probe) {
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                    other => break other.map_err(failed)?,
                }
            };
            if more > 0 {
                return Err(Box::new(too_large(held + more as u64, limit)));
            }
            return Ok(());
        }
        if bytes.len() == bytes.capacity() {
            // Doubling, but never past the limit.
            bytes.reserve_exact(as_usize(held.min(limit - held)));
        }
        let room = (bytes.capacity() - bytes.len()) as u64;
        // `read_to_end` fills the spare capacity without zeroing it first; `take` keeps it from
        // growing the buffer on its own.
        if (&mut reader)
            .take(room)
            .read_to_end(bytes)
            .map_err(failed)?
            == 0
        {
            return Ok(());
        }
    }
}

/// The most a stream of unknown length is given at once (see [`read_bounded`]): the default
/// limit, and more than a report needs.
pub const STREAM_RESERVE: u64 = DEFAULT_MAX_FILE_SIZE;

/// The diagnostic of a failed read.
pub fn io_error(error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(Rule::IoError, "").arg("detail", error.to_string())
}

/// Opens a file for reading if it is a regular file (after following links). The type is
/// checked before opening, so that a device is never opened, and again on the opened file,
/// which is opened without blocking: a file replaced by a FIFO in between is refused too.
fn open_regular(path: &Path) -> Result<std::fs::File, Box<Diagnostic>> {
    let regular = |metadata: std::fs::Metadata| {
        if metadata.is_file() {
            Ok(())
        } else {
            Err(Box::new(not_a_file(metadata.file_type())))
        }
    };
    regular(std::fs::metadata(path).map_err(|e| Box::new(io_error(&e)))?)?;
    let file = open_nonblocking(path).map_err(|e| Box::new(io_error(&e)))?;
    regular(file.metadata().map_err(|e| Box::new(io_error(&e)))?)?;
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Reads of a regular file ignore the flag; opening a FIFO with it does not wait for a writer.
    let nonblocking = rustix::fs::OFlags::NONBLOCK.bits() as i32;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nonblocking)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The diagnostic for something that is not a regular file, naming what it is.
pub fn not_a_file(file_type: std::fs::FileType) -> Diagnostic {
    let (kind_zh, kind_en) = describe(file_type);
    Diagnostic::new(Rule::NotAFile, "")
        .arg("kind_zh", kind_zh)
        .arg("kind_en", kind_en)
}

fn describe(file_type: std::fs::FileType) -> (&'static str, &'static str) {
    if file_type.is_dir() {
        return ("文件夹", "a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return ("命名管道", "a FIFO");
        } else if file_type.is_char_device() {
            return ("字符设备", "a character device");
        } else if file_type.is_block_device() {
            return ("块设备", "a block device");
        } else if file_type.is_socket() {
            return ("套接字", "a socket");
        }
    }
    ("特殊文件", "a special file")
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

/// The first member name given twice in an object of `text` (JSON), as S104 with its line and
/// column; `None` when every object names its members once.
pub fn duplicate_member(text: &str) -> Option<Diagnostic> {
    use serde::de::DeserializeSeed;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let error = crate::model::distinct::DistinctValue
        .deserialize(&mut deserializer)
        .err()?;
    Some(located(
        Diagnostic::new(Rule::DuplicateKey, ""),
        &error,
        text,
    ))
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
