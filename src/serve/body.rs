//! Reading a request body under the service's limits: its size and the time it may take.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use http_body_util::BodyExt;
use tokio::time::{Instant, timeout_at};

use super::error::ApiError;

/// The whole body, at most `limit` bytes, arrived before `deadline`.
///
/// A body announced or found too large is refused with 413 — after reading the rest of it and
/// throwing it away (until the deadline), so that the client, still sending, reads the answer
/// instead of a reset connection. A client that asked to `Expect: 100-continue` is answered
/// before it sends anything.
pub async fn read(
    headers: &HeaderMap,
    body: Body,
    limit: u64,
    deadline: Instant,
    seconds: f64,
) -> Result<Bytes, ApiError> {
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let expects_continue = headers
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if announced.is_some_and(|length| length > limit) && expects_continue {
        return Err(ApiError::too_large(limit));
    }
    let mut body = body;
    let mut bytes = Vec::new();
    let mut too_large = announced.is_some_and(|length| length > limit);
    loop {
        let frame = match timeout_at(deadline, body.frame()).await {
            Err(_) if too_large => return Err(ApiError::too_large(limit)),
            Err(_) => return Err(ApiError::slow_body(seconds)),
            Ok(None) => break,
            Ok(Some(Err(error))) => {
                return Err(ApiError::bad_request(
                    format!("请求体读取失败：{error}"),
                    format!("the request body could not be read: {error}"),
                ));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if too_large {
            continue;
        }
        if (bytes.len() + data.len()) as u64 > limit {
            too_large = true;
            bytes = Vec::new();
            continue;
        }
        bytes.extend_from_slice(&data);
    }
    if too_large {
        return Err(ApiError::too_large(limit));
    }
    Ok(Bytes::from(bytes))
}
