//! The service's refusals: every one a JSON body with a stable code and a message in Chinese and
//! in English, never a dropped connection or a plain-text page.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    /// The HTTP status code, repeated.
    pub status: u16,
    /// A stable code: `payload_too_large`, `unsupported_media_type`, `unprocessable`,
    /// `bad_request`, `request_timeout`, `busy`, `time_limit`, `not_found`,
    /// `method_not_allowed`, `internal`.
    pub code: String,
    /// The reason, in Chinese.
    pub message_zh: String,
    /// The reason, in English.
    pub message_en: String,
}

/// A refusal: a status, a code and the reason in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, zh: String, en: String) -> Self {
        ApiError {
            status,
            code,
            zh,
            en,
        }
    }

    pub fn too_large(limit: u64) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("请求体超过 {limit} 字节的上限"),
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    }

    pub fn media_type(got: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("不接受的内容类型「{got}」，应为 {expected}"),
            format!("media type `{got}` is not accepted here; send {expected}"),
        )
    }

    pub fn unprocessable(zh: String, en: String) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable", zh, en)
    }

    pub fn bad_request(zh: String, en: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", zh, en)
    }

    pub fn slow_body(seconds: f64) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!("请求体未在 {seconds} 秒内传完"),
            format!("the request body did not arrive within {seconds} s"),
        )
    }

    pub fn busy() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "同时处理的请求已达上限，请稍后重试".to_owned(),
            "the server is handling as many requests as it may; retry shortly".to_owned(),
        )
    }

    pub fn time_limit(seconds: f64) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "time_limit",
            format!("处理未在 {seconds} 秒的时限内完成"),
            format!("the work did not end within the time limit of {seconds} s"),
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这个地址（接口见 /v1/openapi.json）".to_owned(),
            "no such path (the API is described at /v1/openapi.json)".to_owned(),
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "此地址不接受该请求方法".to_owned(),
            "this path does not take that method".to_owned(),
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "处理此请求时出现内部错误；服务仍在运行".to_owned(),
            "an internal error ended this request; the server goes on".to_owned(),
        )
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                status: self.status.as_u16(),
                code: self.code.to_owned(),
                message_zh: self.zh.clone(),
                message_en: self.en.clone(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = super::api::json_response(self.status, &self.body());
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
