//! `xxgk serve`: the checker and the importer over HTTP, and a page at `/` that shows a report's
//! tables with their findings.
//!
//! The service is a thin layer over the library: `/v1/check` answers with the records of
//! `check --format json` (or the SARIF log), `/v1/import` with the importer's document and both
//! sets of findings, `/v1/schema`, `/v1/rules` and `/v1/cells` with the published schema, the rule
//! catalog and the cell catalog (the page takes every label from there). Its API is described by
//! an OpenAPI 3.1 document generated here ([`openapi`]) and committed as `schema/openapi.json`.
//!
//! Every refusal is a JSON error ([`error`]): a body too large (413), the wrong media type (415),
//! a request that cannot be processed (422), too many requests at once or work past the time limit
//! (503), a body sent too slowly (408). Work runs on the blocking pool, so a panic in the library
//! is a 500 for that request only; the server stops on SIGTERM or SIGINT after the requests in
//! flight. Nothing here prints: [`run`] hands the bound address to its caller.

mod api;
mod body;
pub mod error;
pub mod openapi;
mod page;

use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;

use crate::check::input::DEFAULT_MAX_FILE_SIZE;
use error::ApiError;

/// The service's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Request bodies longer than this are refused (413).
    pub max_body: u64,
    /// Time a request may take: its body must arrive within it (else 408), and the work must end
    /// within what is left (else 503).
    pub timeout: Duration,
    /// Requests handled at once; one more is refused at once (503), not queued.
    pub max_concurrent: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body: DEFAULT_MAX_FILE_SIZE,
            timeout: Duration::from_secs(30),
            max_concurrent: 64,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
struct Shared {
    config: Config,
    permits: Arc<Semaphore>,
}

/// The service: every route, the admission of requests and the JSON answers for what is not
/// routed.
pub fn router(config: Config) -> Router {
    admitted(routes(), config)
}

fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(page::index))
        .route("/assets/{name}", get(page::asset))
        .route("/healthz", get(api::healthz))
        .route("/v1/check", post(api::check))
        .route("/v1/import", post(api::import))
        .route("/v1/schema", get(api::schema))
        .route("/v1/rules", get(api::rules))
        .route("/v1/cells", get(api::cells))
        .route("/v1/openapi.json", get(api::openapi))
}

/// `routes` behind the admission of requests, with JSON answers for unknown paths and methods.
fn admitted(routes: Router<Shared>, config: Config) -> Router {
    let shared = Shared {
        config,
        permits: Arc::new(Semaphore::new(config.max_concurrent.max(1))),
    };
    routes
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(middleware::from_fn_with_state(shared.clone(), admit))
        // Bodies are read by `body::read`, under the configured limit, with a JSON refusal.
        .layer(DefaultBodyLimit::disable())
        .with_state(shared)
}

/// Admits a request when a permit is free (else 503 at once), and turns a panic while handling
/// it into a 500 for that request: the connection gets an answer and the server goes on.
async fn admit(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let Ok(_permit) = shared.permits.clone().try_acquire_owned() else {
        return ApiError::busy().into_response();
    };
    match CatchUnwind(Box::pin(next.run(request))).await {
        Ok(response) => response,
        Err(()) => ApiError::internal().into_response(),
    }
}

/// A future whose panic is caught and returned as `Err(())`.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(context))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

/// Listens on `addr`, calls `ready` with the address bound (port 0 picks a free port), and
/// serves until SIGTERM or SIGINT; then the requests in flight are finished.
pub fn run(addr: &str, config: Config, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    // The work is CPU-bound: a few threads per core keep every core busy, while one per request
    // in flight (tokio's default allows 512) only adds switching, and each thread's allocator
    // heap (RSS went from 30 MB to 450 MB under load with 32 connections).
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads((2 * cores).max(4))
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        serve(listener, router(config), shutdown_signal()).await
    })
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on SIGTERM or SIGINT (Ctrl-C).
#[cfg(unix)]
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut terminate), Ok(mut interrupt)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        // Without signal handling the server runs until it is killed.
        return std::future::pending().await;
    };
    tokio::select! {
        _ = terminate.recv() => {}
        _ = interrupt.recv() => {}
    }
}

/// Completes on Ctrl-C.
#[cfg(not(unix))]
async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use axum::routing::get;

    use super::{Config, admitted, routes};

    /// A GET over a fresh connection; the status line and the body.
    fn get_path(addr: std::net::SocketAddr, path: &str) -> (String, String) {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        (head.lines().next().unwrap().to_owned(), body.to_owned())
    }

    async fn panics() -> axum::response::Response {
        panic!("a handler panics")
    }

    /// A panic in a handler, or in work on the blocking pool, answers that request with a JSON
    /// 500; the connection is not dropped and the server goes on.
    #[test]
    fn a_panic_is_a_500_for_that_request_only() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let routes = routes().route("/panic", get(panics)).route(
                "/panic-blocking",
                get(|| async { super::api::panic_on_blocking_pool().await }),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let server = tokio::spawn(super::serve(
                listener,
                admitted(routes, Config::default()),
                std::future::pending(),
            ));
            let answers = tokio::task::spawn_blocking(move || {
                ["/panic", "/panic-blocking", "/healthz"].map(|path| get_path(addr, path))
            })
            .await
            .unwrap();
            for (status, body) in &answers[..2] {
                assert_eq!(status, "HTTP/1.1 500 Internal Server Error");
                assert!(body.contains(r#""code":"internal""#), "{body}");
            }
            assert_eq!(answers[2].0, "HTTP/1.1 200 OK");
            server.abort();
        });
    }
}
