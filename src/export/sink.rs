//! Writers of rows: CSV (RFC 4180, UTF-8), JSON Lines and Parquet (Apache arrow-rs, typed
//! columns, Snappy, streamed in row groups). Every writer takes the same rows of [`Field`]s,
//! so the three formats hold the same values.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, Date32Builder, Decimal128Builder, Int16Builder, Int64Builder, StringBuilder,
    StringDictionaryBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, RecordBatch};
use arrow_schema::{DataType, Field as ArrowField, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use super::columns::{Column, ColumnType, DATASET_VERSION, DECIMAL_PRECISION, DECIMAL_SCALE};

/// One value of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    Null,
    Int(i64),
    /// A decimal as written in the document (digits, at most one point).
    Decimal(&'a str),
    Text(&'a str),
    /// `YYYY-MM-DD`.
    Date(&'a str),
}

impl<'a> Field<'a> {
    pub fn text(value: Option<&'a str>) -> Field<'a> {
        value.map_or(Field::Null, Field::Text)
    }
}

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }

    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Rows go in; `finish` completes the file.
pub trait RowSink {
    fn row(&mut self, fields: &[Field]) -> std::io::Result<()>;
    /// Bytes held in memory for the file (Parquet's row group in progress).
    fn buffered(&self) -> usize {
        0
    }
    /// Ends the row group in progress early (Parquet), to give memory back.
    fn flush_group(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// What a sink needs besides its file.
#[derive(Debug, Clone, Copy)]
pub struct SinkOptions<'a> {
    pub format: Format,
    /// A UTF-8 byte order mark at the start of CSV, for Excel.
    pub excel_bom: bool,
    /// The layout's name, kept in Parquet metadata.
    pub layout: &'a str,
}

/// A sink of `format` writing `columns` into `file`.
pub fn open(
    file: File,
    columns: &[Column],
    options: SinkOptions,
) -> std::io::Result<Box<dyn RowSink>> {
    Ok(match options.format {
        Format::Csv => Box::new(CsvSink::new(file, columns, options.excel_bom)?),
        Format::Jsonl => Box::new(JsonlSink::new(file, columns)),
        Format::Parquet => Box::new(ParquetSink::new(file, columns, options.layout)?),
    })
}

struct CsvSink {
    writer: csv::Writer<BufWriter<File>>,
    record: csv::ByteRecord,
    number: itoa_buffer::Buffer,
}

impl CsvSink {
    fn new(file: File, columns: &[Column], bom: bool) -> std::io::Result<CsvSink> {
        let mut buffered = BufWriter::with_capacity(1 << 16, file);
        if bom {
            buffered.write_all("\u{feff}".as_bytes())?;
        }
        // RFC 4180: CRLF line ends, fields quoted where they must be.
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(buffered);
        writer.write_record(columns.iter().map(|c| c.name.as_str()))?;
        Ok(CsvSink {
            writer,
            record: csv::ByteRecord::new(),
            number: itoa_buffer::Buffer::default(),
        })
    }
}

impl RowSink for CsvSink {
    fn row(&mut self, fields: &[Field]) -> std::io::Result<()> {
        self.record.clear();
        for field in fields {
            match field {
                Field::Null => self.record.push_field(b""),
                Field::Int(n) => self.record.push_field(self.number.format(*n)),
                Field::Decimal(s) | Field::Text(s) | Field::Date(s) => {
                    self.record.push_field(s.as_bytes())
                }
            }
        }
        self.writer.write_byte_record(&self.record)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let inner = self
            .writer
            .into_inner()
            .map_err(|e| std::io::Error::new(e.error().kind(), e.error().to_string()))?;
        finish_file(inner)
    }
}

/// Writes out what is buffered. As for `import --out`, the data is not synced to the disk.
fn finish_file(writer: BufWriter<File>) -> std::io::Result<()> {
    writer.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

/// A small integer formatter (no allocation per value).
mod itoa_buffer {
    use std::io::Write;

    #[derive(Default)]
    pub struct Buffer([u8; 24], usize);

    impl Buffer {
        pub fn format(&mut self, n: i64) -> &[u8] {
            let mut cursor = std::io::Cursor::new(&mut self.0[..]);
            write!(cursor, "{n}").expect("an i64 fits in 24 bytes");
            self.1 = cursor.position() as usize;
            &self.0[..self.1]
        }
    }
}

struct JsonlSink {
    out: BufWriter<File>,
    /// `"name":` for each column, escaped once.
    keys: Vec<Vec<u8>>,
}

impl JsonlSink {
    fn new(file: File, columns: &[Column]) -> JsonlSink {
        let keys = columns
            .iter()
            .map(|c| {
                let mut key = serde_json::to_vec(&c.name).expect("a string serializes");
                key.push(b':');
                key
            })
            .collect();
        JsonlSink {
            out: BufWriter::with_capacity(1 << 16, file),
            keys,
        }
    }
}

impl RowSink for JsonlSink {
    fn row(&mut self, fields: &[Field]) -> std::io::Result<()> {
        self.out.write_all(b"{")?;
        for (i, (key, field)) in self.keys.iter().zip(fields).enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            self.out.write_all(key)?;
            match field {
                Field::Null => self.out.write_all(b"null")?,
                Field::Int(n) => write!(self.out, "{n}")?,
                // Decimals stay strings: a JSON number would be read as a binary float.
                Field::Decimal(s) | Field::Text(s) | Field::Date(s) => {
                    serde_json::to_writer(&mut self.out, s)?
                }
            }
        }
        self.out.write_all(b"}\n")
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        finish_file(self.out)
    }
}

/// Rows per Arrow record batch handed to the Parquet writer.
const BATCH_ROWS: usize = 1 << 13;
/// Rows per Parquet row group (the writer's default is 1,048,576).
const ROW_GROUP_ROWS: usize = 1 << 19;

/// A dictionary column that takes runs of one value at once: a report's metadata repeats on
/// each of its ~200 rows, and a row label on each of its columns, so most appends compare two
/// short texts instead of hashing into the dictionary.
#[derive(Default)]
struct LabelBuilder {
    dictionary: StringDictionaryBuilder<Int32Type>,
    /// The value of the run not yet appended (None: a run of nulls), and its length.
    run: Option<(Option<String>, usize)>,
}

impl LabelBuilder {
    fn append(&mut self, value: Option<&str>) {
        if let Some((current, count)) = &mut self.run
            && current.as_deref() == value
        {
            *count += 1;
            return;
        }
        self.flush_run();
        self.run = Some((value.map(str::to_owned), 1));
    }

    fn flush_run(&mut self) {
        match self.run.take() {
            Some((Some(value), count)) => self.dictionary.append_values(value, count),
            Some((None, count)) => self.dictionary.append_nulls(count),
            None => {}
        }
    }

    fn finish(&mut self) -> DictionaryArray<Int32Type> {
        self.flush_run();
        self.dictionary.finish()
    }

    fn len(&self) -> usize {
        self.dictionary.len() + self.run.as_ref().map_or(0, |(_, count)| *count)
    }
}

enum Builder {
    Int64(Int64Builder),
    Int16(Int16Builder),
    Decimal(Decimal128Builder),
    Label(LabelBuilder),
    Text(StringBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(ty: ColumnType) -> Builder {
        match ty {
            ColumnType::Int64 => Builder::Int64(Int64Builder::new()),
            ColumnType::Int16 => Builder::Int16(Int16Builder::new()),
            ColumnType::Decimal => Builder::Decimal(
                Decimal128Builder::new()
                    .with_precision_and_scale(DECIMAL_PRECISION, DECIMAL_SCALE)
                    .expect("a valid decimal type"),
            ),
            ColumnType::Label => Builder::Label(LabelBuilder::default()),
            ColumnType::Text => Builder::Text(StringBuilder::new()),
            ColumnType::Date => Builder::Date(Date32Builder::new()),
        }
    }

    fn append(&mut self, field: &Field) -> std::io::Result<()> {
        match (self, field) {
            (Builder::Int64(b), Field::Int(n)) => b.append_value(*n),
            (Builder::Int64(b), Field::Null) => b.append_null(),
            (Builder::Int16(b), Field::Int(n)) => b.append_value(
                i16::try_from(*n).map_err(|_| invalid(format!("{n} does not fit int16")))?,
            ),
            (Builder::Int16(b), Field::Null) => b.append_null(),
            (Builder::Decimal(b), Field::Decimal(s)) => b.append_value(
                scaled_decimal(s)
                    .ok_or_else(|| invalid(format!("{s} does not fit decimal(38,10)")))?,
            ),
            (Builder::Decimal(b), Field::Null) => b.append_null(),
            (Builder::Label(b), Field::Text(s)) => b.append(Some(s)),
            (Builder::Label(b), Field::Null) => b.append(None),
            (Builder::Text(b), Field::Text(s)) => b.append_value(s),
            (Builder::Text(b), Field::Null) => b.append_null(),
            (Builder::Date(b), Field::Date(s)) => b.append_value(
                days_since_epoch(s).ok_or_else(|| invalid(format!("{s} is not a date")))?,
            ),
            (Builder::Date(b), Field::Null) => b.append_null(),
            (_, field) => return Err(invalid(format!("{field:?} in a column of another type"))),
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Int64(b) => Arc::new(b.finish()),
            Builder::Int16(b) => Arc::new(b.finish()),
            Builder::Decimal(b) => Arc::new(b.finish()),
            Builder::Label(b) => Arc::new(b.finish()),
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Builder::Int64(b) => b.len(),
            Builder::Int16(b) => b.len(),
            Builder::Decimal(b) => b.len(),
            Builder::Label(b) => b.len(),
            Builder::Text(b) => b.len(),
            Builder::Date(b) => b.len(),
        }
    }
}

fn invalid(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}

/// The Arrow type of a column.
pub fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Int64 => DataType::Int64,
        ColumnType::Int16 => DataType::Int16,
        ColumnType::Decimal => DataType::Decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        ColumnType::Label => {
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
        }
        ColumnType::Text => DataType::Utf8,
        ColumnType::Date => DataType::Date32,
    }
}

/// A decimal string as an integer of ten-thousand-millionths (scale 10), when it fits
/// decimal(38,10) exactly.
pub fn scaled_decimal(text: &str) -> Option<i128> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_ok(whole) || !digits_ok(fraction) {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    let whole = whole.trim_start_matches('0');
    let scale = DECIMAL_SCALE as usize;
    if fraction.len() > scale || whole.len() + scale > DECIMAL_PRECISION as usize {
        return None;
    }
    let mut value: i128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        value = value * 10 + i128::from(b - b'0');
    }
    Some(value * 10i128.pow((scale - fraction.len()) as u32))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (H. Hinnant's days-from-civil).
pub fn days_since_epoch(date: &str) -> Option<i32> {
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    i32::try_from(era * 146_097 + day_of_era - 719_468).ok()
}

struct ParquetSink {
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    builders: Vec<Builder>,
}

impl ParquetSink {
    fn new(file: File, columns: &[Column], layout: &str) -> std::io::Result<ParquetSink> {
        let schema: SchemaRef = Arc::new(Schema::new(
            columns
                .iter()
                .map(|c| ArrowField::new(&c.name, arrow_type(c.ty), true))
                .collect::<Vec<_>>(),
        ));
        let metadata = vec![
            KeyValue::new(
                "xxgk.dataset_version".to_owned(),
                DATASET_VERSION.to_owned(),
            ),
            KeyValue::new("xxgk.layout".to_owned(), layout.to_owned()),
        ];
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("xxgk {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(metadata))
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties))
            .map_err(std::io::Error::other)?;
        let builders = columns.iter().map(|c| Builder::new(c.ty)).collect();
        Ok(ParquetSink {
            writer,
            schema,
            builders,
        })
    }

    fn write_batch(&mut self) -> std::io::Result<()> {
        if self.builders.first().is_none_or(|b| b.len() == 0) {
            return Ok(());
        }
        let arrays = self.builders.iter_mut().map(Builder::finish).collect();
        let batch =
            RecordBatch::try_new(self.schema.clone(), arrays).map_err(std::io::Error::other)?;
        self.writer.write(&batch).map_err(std::io::Error::other)
    }
}

impl RowSink for ParquetSink {
    fn row(&mut self, fields: &[Field]) -> std::io::Result<()> {
        for (builder, field) in self.builders.iter_mut().zip(fields) {
            builder.append(field)?;
        }
        if self.builders[0].len() >= BATCH_ROWS {
            self.write_batch()?;
        }
        Ok(())
    }

    fn buffered(&self) -> usize {
        self.writer.in_progress_size()
    }

    fn flush_group(&mut self) -> std::io::Result<()> {
        self.write_batch()?;
        self.writer.flush().map_err(std::io::Error::other)
    }

    fn finish(mut self: Box<Self>) -> std::io::Result<()> {
        self.write_batch()?;
        self.writer.into_inner().map_err(std::io::Error::other)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_scaled_exactly() {
        assert_eq!(scaled_decimal("125.36"), Some(1_253_600_000_000));
        assert_eq!(scaled_decimal("0"), Some(0));
        assert_eq!(scaled_decimal("0.0000000001"), Some(1));
        assert_eq!(scaled_decimal("0.00000000001"), None);
        assert_eq!(scaled_decimal("1.50000000000000"), Some(15_000_000_000));
        assert_eq!(
            scaled_decimal(&"9".repeat(28)),
            Some(10i128.pow(38) - 10i128.pow(10))
        );
        assert_eq!(scaled_decimal(&"9".repeat(29)), None);
        assert_eq!(scaled_decimal("1e5"), None);
        assert_eq!(scaled_decimal(""), None);
    }

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2000-03-01"), Some(11_017));
        assert_eq!(days_since_epoch("2024-12-31"), Some(20_088));
        assert_eq!(days_since_epoch("2024-13-01"), None);
    }
}
