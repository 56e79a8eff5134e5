//! The API under `/v1`: check, import, the schema, the rule catalog, the cell catalog.

use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::time::{Instant, timeout_at};

use super::Shared;
use super::body;
use super::error::ApiError;
use crate::batch::{FileResult, Source};
use crate::check::{Checked, Options};
use crate::diagnostics::Lang;
use crate::model::Edition;
use crate::output::jsonl::{DiagnosticRecord, End, file_records};
use crate::output::{FileView, Filter, Printer, Summary};

/// One document's findings: the `diagnostic` records and the `end` record (the verdict) of
/// `xxgk check --format json`, the same objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckResponse {
    /// The verdict: edition, status and counts (the `end` record's data).
    pub verdict: End,
    /// Every finding, in the order the checker reports them (the `diagnostic` records' data).
    pub diagnostics: Vec<DiagnosticRecord>,
}

impl CheckResponse {
    fn of(view: &FileView, lang: Lang) -> Self {
        let (diagnostics, verdict) = file_records(view, lang);
        CheckResponse {
            verdict,
            diagnostics,
        }
    }
}

/// What `/v1/import` answers: the canonical document, what the importer found, and what the
/// checker finds in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportResponse {
    /// The canonical document (`urn:xxgk:schema:1.0:report`, with provenance in
    /// `extensions["xxgk.import"]`), or null when nothing could be imported (status 422).
    pub document: Value,
    /// The importer's findings (`I…` and `X…` codes) and their verdict.
    pub import: CheckResponse,
    /// The checker's findings on the document; null when there is no document.
    pub check: Option<CheckResponse>,
}

/// `/healthz`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// Always `ok` while the server answers.
    pub status: String,
    /// The version of xxgk.
    pub version: String,
}

/// The cell catalog: every cell of every edition with its official labels, and the prose
/// sections with their titles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellCatalog {
    pub editions: Vec<EditionCells>,
    /// The members of `sections`, in order, with their official titles (the preamble has none).
    pub sections: Vec<SectionInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionCells {
    /// `2019` or `2021`.
    pub edition: String,
    pub tables: Vec<TableCells>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableCells {
    /// The table's number in the template: 2, 3 or 4.
    pub table: u8,
    /// The report property that holds it.
    pub property: String,
    /// Its official title.
    pub title: String,
    /// Its cells in template order.
    pub cells: Vec<CellEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellEntry {
    /// RFC 6901 pointer of the cell in a report.
    pub pointer: String,
    /// Official labels from the row down to the column.
    pub labels: Vec<String>,
    /// `count`, `change` (signed) or `money`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionInfo {
    /// The member of `sections`.
    pub key: String,
    /// Its official title; null for the preamble.
    pub title: Option<String>,
}

/// A JSON body with `status`.
pub(super) fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let bytes = serde_json::to_vec(value).expect("responses serialize");
    with_type(status, "application/json", bytes)
}

fn with_type(status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = (status, bytes).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A fixed body built once.
fn cached(
    cell: &'static OnceLock<Vec<u8>>,
    content_type: &'static str,
    build: fn() -> Vec<u8>,
) -> Response {
    with_type(
        StatusCode::OK,
        content_type,
        cell.get_or_init(build).clone(),
    )
}

pub async fn healthz() -> Response {
    json_response(
        StatusCode::OK,
        &Health {
            status: "ok".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
    )
}

pub async fn schema() -> Response {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    cached(&BODY, "application/schema+json", || {
        crate::schema::report_schema_text().into_bytes()
    })
}

pub async fn rules() -> Response {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    cached(&BODY, "application/json", || {
        let mut out = Vec::new();
        crate::output::rules::write_json(&mut out).expect("writing into memory does not fail");
        out
    })
}

pub async fn cells() -> Response {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    cached(&BODY, "application/json", || {
        serde_json::to_vec(&cell_catalog()).expect("the catalog serializes")
    })
}

pub async fn openapi() -> Response {
    static BODY: OnceLock<Vec<u8>> = OnceLock::new();
    cached(&BODY, "application/json", || {
        super::openapi::openapi_text().into_bytes()
    })
}

/// The cell catalog of both editions, from the schema's titles (`crate::schema::cells`).
pub fn cell_catalog() -> CellCatalog {
    let schema = crate::schema::report_schema();
    let editions = Edition::ALL
        .into_iter()
        .map(|edition| {
            let cells = crate::schema::cells::cells(edition);
            let tables = crate::schema::cells::table_titles(&schema, edition)
                .into_iter()
                .map(|(table, property, title)| TableCells {
                    table,
                    property: property.to_owned(),
                    title,
                    cells: cells
                        .iter()
                        .filter(|cell| cell.table == table)
                        .map(|cell| CellEntry {
                            pointer: cell.pointer.clone(),
                            labels: cell.labels.clone(),
                            kind: cell.kind.name().to_owned(),
                        })
                        .collect(),
                })
                .collect();
            EditionCells {
                edition: edition.tag().to_owned(),
                tables,
            }
        })
        .collect();
    let sections = schema["$defs"]["Sections"]["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, property)| SectionInfo {
            key: key.clone(),
            title: property["title"].as_str().map(str::to_owned),
        })
        .collect();
    CellCatalog { editions, sections }
}

/// How findings are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Sarif,
}

/// The query parameters of `/v1/check` and `/v1/import`.
#[derive(Debug, Clone)]
struct Params {
    format: Format,
    lang: Lang,
    name: Option<String>,
}

impl Params {
    /// Reads the query; unknown parameters are ignored, a bad value of a known one is 422.
    fn read(query: Option<&str>) -> Result<Params, ApiError> {
        let mut params = Params {
            format: Format::Json,
            lang: Lang::Zh,
            name: None,
        };
        for pair in query.unwrap_or_default().split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value);
            match (percent_decode(key).as_str(), value.as_str()) {
                ("format", "json") => params.format = Format::Json,
                ("format", "sarif") => params.format = Format::Sarif,
                ("lang", "zh") => params.lang = Lang::Zh,
                ("lang", "en") => params.lang = Lang::En,
                ("name", _) if !value.is_empty() => params.name = Some(value.clone()),
                (key @ ("format" | "lang"), value) => {
                    let expected = if key == "format" {
                        "json, sarif"
                    } else {
                        "zh, en"
                    };
                    return Err(ApiError::unprocessable(
                        format!("参数 {key} 的值「{value}」无效，应为 {expected}"),
                        format!("`{key}={value}` is not accepted; {key} is one of {expected}"),
                    ));
                }
                _ => {}
            }
        }
        Ok(params)
    }
}

/// `application/x-www-form-urlencoded` decoding of a query component: `+` is a space, `%XX` a
/// byte; what is not valid UTF-8 afterwards is replaced.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The media type of a request, lower case, without parameters; None when it has none.
fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    Some(
        text.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

fn seconds(timeout: Duration) -> f64 {
    timeout.as_secs_f64()
}

/// Runs `work` on the blocking pool, within the request's time limit; a panic there is a 500
/// for this request only.
async fn on_blocking_pool<T: Send + 'static>(
    deadline: Instant,
    timeout: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    match timeout_at(deadline, tokio::task::spawn_blocking(work)).await {
        Err(_) => Err(ApiError::time_limit(seconds(timeout))),
        Ok(Err(_)) => Err(ApiError::internal()),
        Ok(Ok(value)) => Ok(value),
    }
}

/// Work that panics, run as every handler runs its work (for the test that a panic there is a
/// 500).
#[cfg(test)]
pub(super) async fn panic_on_blocking_pool() -> Result<Response, ApiError> {
    let deadline = Instant::now() + Duration::from_secs(5);
    on_blocking_pool(deadline, Duration::from_secs(5), || -> Response {
        panic!("work on the blocking pool panics")
    })
    .await
}

fn options() -> Options {
    Options {
        current_year: crate::check::current_year(),
    }
}

/// The view of one document's result, all findings kept.
fn view_of(name: &str, checked: Checked) -> FileResult {
    FileResult {
        source: Source::File(name.into()),
        checked,
    }
}

/// `POST /v1/check`: a canonical JSON document in the body.
pub async fn check(State(shared): State<Shared>, request: Request) -> Result<Response, ApiError> {
    let config = shared.config;
    let deadline = Instant::now() + config.timeout;
    let params = Params::read(request.uri().query())?;
    if let Some(media) = media_type(request.headers())
        && media != "application/json"
        && !media.ends_with("+json")
    {
        return Err(ApiError::media_type(&media, "application/json"));
    }
    let (parts, request_body) = request.into_parts();
    let secs = seconds(config.timeout);
    let bytes = body::read(
        &parts.headers,
        request_body,
        config.max_body,
        deadline,
        secs,
    )
    .await?;
    on_blocking_pool(deadline, config.timeout, move || {
        check_bytes(&bytes, &params)
    })
    .await
}

fn check_bytes(bytes: &[u8], params: &Params) -> Response {
    let name = params.name.as_deref().unwrap_or("request.json");
    let result = view_of(name, crate::check::check_bytes(bytes, &options()));
    let view = FileView::new(&result, &Filter::default());
    match params.format {
        Format::Json => json_response(StatusCode::OK, &CheckResponse::of(&view, params.lang)),
        Format::Sarif => {
            let mut out = Vec::new();
            let mut summary = Summary::default();
            summary.add(&view);
            let mut printer = crate::output::sarif::Sarif::new(&mut out, params.lang);
            printer
                .file(&view)
                .and_then(|()| printer.finish(&summary))
                .expect("writing into memory does not fail");
            with_type(StatusCode::OK, "application/sarif+json", out)
        }
    }
}

/// Media types `/v1/import` reads as the file itself (besides `multipart/form-data`).
pub const IMPORT_MEDIA_TYPES: [&str; 7] = [
    "application/octet-stream",
    "text/plain",
    "text/html",
    "application/xhtml+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/pdf",
    "multipart/form-data",
];

/// `POST /v1/import`: a published report, as a `file` part of `multipart/form-data` or as the
/// body itself (named by `?name=`, whose extension helps tell the carrier).
pub async fn import(State(shared): State<Shared>, request: Request) -> Result<Response, ApiError> {
    let config = shared.config;
    let deadline = Instant::now() + config.timeout;
    let params = Params::read(request.uri().query())?;
    let media = media_type(request.headers());
    if let Some(media) = &media
        && !IMPORT_MEDIA_TYPES.contains(&media.as_str())
    {
        return Err(ApiError::media_type(
            media,
            "multipart/form-data (a `file` part), or the file as application/octet-stream, \
             text/plain, text/html, .docx or application/pdf (canonical JSON goes to /v1/check)",
        ));
    }
    let (parts, request_body) = request.into_parts();
    let secs = seconds(config.timeout);
    let bytes = body::read(
        &parts.headers,
        request_body,
        config.max_body,
        deadline,
        secs,
    )
    .await?;
    let (name, bytes) = if media.as_deref() == Some("multipart/form-data") {
        let request = Request::from_parts(parts, axum::body::Body::from(bytes));
        file_part(request).await?
    } else {
        let name = params.name.clone().unwrap_or_else(|| "upload".to_owned());
        (name, bytes)
    };
    on_blocking_pool(deadline, config.timeout, move || {
        import_bytes(&bytes, &name, params.lang)
    })
    .await
}

/// The `file` part of a multipart body: its file name (else `upload`) and its bytes.
async fn file_part(request: Request) -> Result<(String, Bytes), ApiError> {
    let malformed = |error: &dyn std::fmt::Display| {
        ApiError::bad_request(
            format!("multipart/form-data 请求体格式错误：{error}"),
            format!("the multipart/form-data body is malformed: {error}"),
        )
    };
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| malformed(&rejection.body_text()))?;
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|error| malformed(&error.body_text()))?;
        let Some(field) = field else {
            return Err(ApiError::unprocessable(
                "请求中没有名为 file 的文件部分".to_owned(),
                "the request has no part named `file`".to_owned(),
            ));
        };
        if field.name() == Some("file") {
            let name = field
                .file_name()
                .filter(|n| !n.is_empty())
                .unwrap_or("upload")
                .to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|error| malformed(&error.body_text()))?;
            return Ok((name, bytes));
        }
    }
}

fn import_bytes(bytes: &[u8], name: &str, lang: Lang) -> Response {
    let imported = crate::import::import(bytes, name);
    let document = imported.document.clone();
    let import_result = view_of(name, imported.into_checked());
    let import = CheckResponse::of(&FileView::new(&import_result, &Filter::default()), lang);
    let check = (!document.is_null()).then(|| {
        let result = view_of(name, crate::check::check_value(&document, &options()));
        CheckResponse::of(&FileView::new(&result, &Filter::default()), lang)
    });
    let status = if document.is_null() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    json_response(
        status,
        &ImportResponse {
            document,
            import,
            check,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(percent_decode("a+b%20c"), "a b c");
        assert_eq!(percent_decode("%E6%8A%A5%E5%91%8A.html"), "报告.html");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
