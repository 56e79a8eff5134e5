//! `xxgk serve` against a real running server (the binary, bound to a free port): the API's
//! answers are the library's, and hostile requests (huge, slow, malformed, zip bombs, too many at
//! once) get a JSON error while the server goes on serving; SIGTERM ends it after the request in
//! flight.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A server started for one test, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xxgk"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("xxgk starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .parse()
            .unwrap();
        Server { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream
    }

    /// Sends `head` (request line and headers, without the blank line) and `body`.
    fn request(&self, head: &str, body: &[u8]) -> Response {
        let mut stream = self.connect();
        write!(
            stream,
            "{head}\r\nhost: test\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .unwrap();
        stream.write_all(body).unwrap();
        read_response(&mut stream)
    }

    fn get(&self, path: &str) -> Response {
        let mut stream = self.connect();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nhost: test\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        read_response(&mut stream)
    }

    fn post_json(&self, path: &str, body: &[u8]) -> Response {
        self.request(
            &format!("POST {path} HTTP/1.1\r\ncontent-type: application/json"),
            body,
        )
    }

    fn assert_serving(&self) {
        let health = self.get("/healthz");
        assert_eq!(health.status, 200);
        assert_eq!(health.json()["status"], "ok");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The body is a JSON error with this status and code, in both languages.
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), Some("application/json"));
        let error = &self.json()["error"];
        assert_eq!(error["status"], status);
        assert_eq!(error["code"], code);
        assert!(!error["message_zh"].as_str().unwrap().is_empty());
        assert!(!error["message_en"].as_str().unwrap().is_empty());
    }
}

/// Reads a response to the end of the connection (every request says `connection: close`).
fn read_response(stream: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .expect("a response, not a reset");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v == "chunked");
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
}

fn seed_path() -> PathBuf {
    common::repo_root().join("conformance/documents/seed-wuhan-etdz-2020.json")
}

fn seed_bytes() -> Vec<u8> {
    common::read_data(&seed_path())
}

/// The seed report with 一、本年新收政府信息公开申请数量 › 总计 left blank.
fn blank_total() -> Vec<u8> {
    let mut document = common::seed_example();
    common::set(
        &mut document,
        "/applications/new_applications/total",
        Value::Null,
    );
    serde_json::to_vec(&document).unwrap()
}

/// The records `xxgk check --format json FILE` prints.
fn cli_records(path: &std::path::Path, lang: &str) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .args(["check", "--format", "json", "--lang", lang])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn check_answers_the_objects_of_check_format_json() {
    let server = Server::start(&[]);
    let dir = std::env::temp_dir().join(format!("xxgk-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(&broken, blank_total()).unwrap();
    for (path, lang) in [(seed_path(), "zh"), (broken.clone(), "en")] {
        let name = path.display().to_string();
        let response = server.post_json(
            &format!("/v1/check?lang={lang}&name={}", name.replace(' ', "%20")),
            &std::fs::read(&path).unwrap(),
        );
        assert_eq!(response.status, 200);
        let answer = response.json();
        let records = cli_records(&path, lang);
        let diagnostics: Vec<&Value> = records
            .iter()
            .filter(|r| r["type"] == "diagnostic")
            .map(|r| &r["data"])
            .collect();
        let end = &records.iter().find(|r| r["type"] == "end").unwrap()["data"];
        assert_eq!(&answer["verdict"], end);
        let answered: Vec<&Value> = answer["diagnostics"].as_array().unwrap().iter().collect();
        assert_eq!(answered, diagnostics);
    }
    // The broken one: a warning on the blank total, with its message in English.
    let response = server.post_json("/v1/check?lang=en", &blank_total());
    let answer = response.json();
    let blank = answer["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "A205")
        .expect("A205 on the blank total");
    assert_eq!(blank["pointer"], "/applications/new_applications/total");
    assert!(blank["message"].as_str().unwrap().contains("is blank"));
    let seed = server.post_json("/v1/check", &seed_bytes()).json();
    assert_eq!(seed["verdict"]["status"], "valid");
    assert_eq!(seed["verdict"]["edition"], "2019");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_answers_sarif_and_reports_what_is_not_a_report() {
    let server = Server::start(&[]);
    let sarif = server.post_json("/v1/check?format=sarif", &blank_total());
    assert_eq!(sarif.status, 200);
    assert_eq!(sarif.header("content-type"), Some("application/sarif+json"));
    let log = sarif.json();
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "A205")
    );
    // Not JSON at all: a finding (unreadable), as for `xxgk check`.
    let garbage = server.post_json("/v1/check", b"{ not json");
    assert_eq!(garbage.status, 200);
    assert_eq!(garbage.json()["verdict"]["status"], "unreadable");
    // Refusals.
    server
        .request("POST /v1/check HTTP/1.1\r\ncontent-type: text/plain", b"{}")
        .assert_error(415, "unsupported_media_type");
    server
        .post_json("/v1/check?lang=fr", &seed_bytes())
        .assert_error(422, "unprocessable");
    server
        .post_json("/v1/check?format=xml", &seed_bytes())
        .assert_error(422, "unprocessable");
    server.get("/v1/nothing").assert_error(404, "not_found");
    server
        .get("/v1/check")
        .assert_error(405, "method_not_allowed");
    server.assert_serving();
}

#[test]
fn the_catalogs_are_the_library_s() {
    let server = Server::start(&[]);
    let schema = server.get("/v1/schema");
    assert_eq!(schema.status, 200);
    assert_eq!(
        String::from_utf8(schema.body).unwrap(),
        xxgk::schema::report_schema_text()
    );
    let mut rules = Vec::new();
    xxgk::output::rules::write_json(&mut rules).unwrap();
    assert_eq!(server.get("/v1/rules").body, rules);
    let openapi = server.get("/v1/openapi.json");
    assert_eq!(
        String::from_utf8(openapi.body).unwrap(),
        common::read_text(&common::repo_root().join("schema/openapi.json"))
    );
    // Every cell of both editions, with the labels of the cell catalog.
    let cells = server.get("/v1/cells").json();
    for (edition, answered) in [xxgk::model::Edition::E2019, xxgk::model::Edition::E2021]
        .into_iter()
        .zip(cells["editions"].as_array().unwrap())
    {
        assert_eq!(answered["edition"], edition.tag());
        let listed: Vec<(String, Vec<String>)> = answered["tables"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["cells"].as_array().unwrap())
            .map(|c| {
                let labels = c["labels"].as_array().unwrap();
                (
                    c["pointer"].as_str().unwrap().to_owned(),
                    labels
                        .iter()
                        .map(|l| l.as_str().unwrap().to_owned())
                        .collect(),
                )
            })
            .collect();
        let catalog: Vec<(String, Vec<String>)> = xxgk::schema::cells::cells(edition)
            .iter()
            .map(|c| (c.pointer.clone(), c.labels.clone()))
            .collect();
        assert_eq!(listed, catalog);
    }
    assert_eq!(
        cells["editions"][0]["tables"][1]["title"],
        "三、收到和处理政府信息公开申请情况"
    );
    assert_eq!(cells["sections"][1]["title"], "一、总体情况");
    // The page and its assets, with no address outside this server.
    let page = server.get("/");
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body).unwrap();
    for asset in ["/assets/app.js", "/assets/app.css"] {
        assert!(html.contains(asset));
        let response = server.get(asset);
        assert_eq!(response.status, 200);
        let text = String::from_utf8(response.body).unwrap();
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{asset}"
        );
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn import_answers_the_document_and_both_sets_of_findings() {
    let server = Server::start(&[]);
    let page = common::read_data(&common::corpus_path("raw/101.html"));
    let mut body = Vec::new();
    body.extend_from_slice(
        b"--XB\r\ncontent-disposition: form-data; name=\"file\"; filename=\"101.html\"\r\ncontent-type: text/html\r\n\r\n",
    );
    body.extend_from_slice(&page);
    body.extend_from_slice(b"\r\n--XB--\r\n");
    let response = server.request(
        "POST /v1/import HTTP/1.1\r\ncontent-type: multipart/form-data; boundary=XB",
        &body,
    );
    assert_eq!(response.status, 200);
    let answer = response.json();
    let expected = xxgk::import::import(&page, "101.html");
    assert_eq!(answer["document"], expected.document);
    assert_eq!(answer["import"]["verdict"]["path"], "101.html");
    assert_eq!(
        answer["import"]["diagnostics"].as_array().unwrap().len(),
        expected.diagnostics.len()
    );
    assert_eq!(answer["check"]["verdict"]["edition"], "2019");
    // The same file as the body itself, named by the query.
    let raw = server.request(
        "POST /v1/import?name=101.html HTTP/1.1\r\ncontent-type: application/octet-stream",
        &page,
    );
    assert_eq!(raw.status, 200);
    assert_eq!(raw.json()["document"], expected.document);
    // Canonical JSON belongs to /v1/check.
    server
        .request(
            "POST /v1/import HTTP/1.1\r\ncontent-type: application/json",
            &seed_bytes(),
        )
        .assert_error(415, "unsupported_media_type");
}

#[test]
fn malformed_multipart_is_a_json_error() {
    let server = Server::start(&[]);
    let import = "POST /v1/import HTTP/1.1\r\ncontent-type: multipart/form-data";
    server
        .request(import, b"--XB\r\n")
        .assert_error(400, "bad_request");
    server
        .request(&format!("{import}; boundary=XB"), b"--XB\r\nnot a part")
        .assert_error(400, "bad_request");
    server
        .request(
            &format!("{import}; boundary=XB"),
            b"--XB\r\ncontent-disposition: form-data; name=\"other\"\r\n\r\nx\r\n--XB--\r\n",
        )
        .assert_error(422, "unprocessable");
    server.assert_serving();
}

#[test]
fn a_zip_bomb_through_import_is_refused_and_the_server_goes_on() {
    let server = Server::start(&[]);
    // A Word file whose document.xml inflates to 65 MiB, under 1 MiB on the wire.
    let mut bomb = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bomb);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("word/document.xml", options).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..65 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    let bomb = bomb.into_inner();
    assert!(bomb.len() < 1 << 20);
    let response = server.request(
        "POST /v1/import?name=bomb.docx HTTP/1.1\r\ncontent-type: application/octet-stream",
        &bomb,
    );
    assert_eq!(response.status, 422);
    let answer = response.json();
    assert!(answer["document"].is_null());
    assert_eq!(answer["import"]["verdict"]["status"], "unreadable");
    assert_eq!(answer["import"]["diagnostics"][0]["code"], "X006");
    assert!(answer["check"].is_null());
    server.assert_serving();
}

#[test]
fn a_body_over_the_limit_is_a_413_however_it_comes() {
    let server = Server::start(&["--max-body-size", "100000"]);
    let big = vec![b' '; 1_000_000];
    // Announced by its length, sent whole: the answer is read, not a reset connection.
    server
        .post_json("/v1/check", &big)
        .assert_error(413, "payload_too_large");
    // Announced, with `Expect: 100-continue`: refused before it is sent.
    let mut stream = server.connect();
    write!(
        stream,
        "POST /v1/check HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 1000000000\r\nexpect: 100-continue\r\n\r\n"
    )
    .unwrap();
    read_response(&mut stream).assert_error(413, "payload_too_large");
    // Chunked, its length unknown until it is too long.
    let mut stream = server.connect();
    write!(
        stream,
        "POST /v1/import?name=a.txt HTTP/1.1\r\nhost: t\r\ncontent-type: text/plain\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    .unwrap();
    for _ in 0..20 {
        write!(stream, "{:x}\r\n", 10_000).unwrap();
        stream.write_all(&big[..10_000]).unwrap();
        stream.write_all(b"\r\n").unwrap();
    }
    stream.write_all(b"0\r\n\r\n").unwrap();
    read_response(&mut stream).assert_error(413, "payload_too_large");
    // Just under the limit is read (and reported as not JSON).
    assert_eq!(server.post_json("/v1/check", &big[..99_999]).status, 200);
    server.assert_serving();
}

#[test]
fn a_slow_body_is_a_408_and_a_full_server_a_503() {
    let server = Server::start(&["--timeout", "1", "--max-concurrent", "1"]);
    let mut slow = server.connect();
    write!(
        slow,
        "POST /v1/check HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 100\r\n\r\n{{"
    )
    .unwrap();
    // The slow request holds the only permit: another is refused at once.
    std::thread::sleep(Duration::from_millis(200));
    let refused = server.get("/healthz");
    refused.assert_error(503, "busy");
    assert_eq!(refused.header("retry-after"), Some("1"));
    let started = Instant::now();
    read_response(&mut slow).assert_error(408, "request_timeout");
    assert!(started.elapsed() < Duration::from_secs(10));
    server.assert_serving();
}

#[test]
fn sigterm_ends_the_server_after_the_request_in_flight() {
    let mut server = Server::start(&[]);
    let body = seed_bytes();
    let mut stream = server.connect();
    write!(
        stream,
        "POST /v1/check HTTP/1.1\r\nhost: t\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body[..100]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(200));
    // The request in flight is finished...
    stream.write_all(&body[100..]).unwrap();
    let response = read_response(&mut stream);
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["verdict"]["status"], "valid");
    // ...new connections are not taken, and the process ends with status 0.
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    assert!(TcpStream::connect(server.addr).is_err());
}
