//! The ways the runner reaches an implementation: in process, through the harness protocol, or
//! by running a command on a file.
//!
//! An external implementation is given [`Limits`]: a time for each answer and a size for its
//! output. One that goes past them is stopped, with every process it started (they share a
//! process group), and the case is reported as errored.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;

use crate::check::{self, Options};

use super::case::ExpectedDiagnostic;
use super::protocol::{
    self, AllRules, CaseInput, Declared, Implementation, Payload, Request, RunReply, Started,
};
use super::{Answer, UnderTest};

/// What an external implementation may take for one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time for one answer (a reply of the harness, a run of the adapter's command).
    pub timeout: Duration,
    /// Bytes of one answer (a reply line, an adapter's standard output).
    pub max_output: usize,
}

impl Limits {
    /// Ten times what an answer of the suite needs: 16 MiB.
    pub const MAX_OUTPUT: usize = 16 << 20;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(60),
            max_output: Limits::MAX_OUTPUT,
        }
    }
}

/// Starts `sh -c <command> [args]` in a process group of its own, so that it can be stopped
/// with everything it started.
fn spawn(command: &str, args: &[&std::ffi::OsStr], stdin: Stdio) -> std::io::Result<Child> {
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg(command)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut sh, 0);
    sh.spawn()
}

/// Stops a child started by [`spawn`] and every process of its group, and reaps it.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        let group = rustix::process::Pid::from_child(child);
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// What [`collect`] read: at most its limit of bytes, and whether more came.
type Collected = std::io::Result<(Vec<u8>, bool)>;

/// Reads `reader` to its end on a thread of its own, keeping at most `limit` bytes and telling
/// whether more came. The rest is read and dropped, so that the writer never blocks on a full
/// pipe.
fn collect(reader: impl Read + Send + 'static, limit: usize) -> Receiver<Collected> {
    let (sender, result) = sync_channel(1);
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut reader = reader;
        let read = (&mut reader).take(limit as u64).read_to_end(&mut kept);
        let outcome = read.and_then(|_| {
            let mut probe = [0u8; 1];
            let more = reader.read(&mut probe)? > 0;
            Ok((kept, more))
        });
        let more = matches!(outcome, Ok((_, true)));
        let _ = sender.send(outcome);
        if more {
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        }
    });
    result
}

fn as_expected(diagnostics: &[crate::diagnostics::Diagnostic]) -> Vec<ExpectedDiagnostic> {
    diagnostics
        .iter()
        .map(|d| ExpectedDiagnostic {
            code: d.code().to_owned(),
            pointer: d.pointer.clone(),
            severity: d.severity(),
        })
        .collect()
}

/// The reference checker, in process.
pub struct BuiltIn {
    described: Implementation,
    options: Options,
}

impl BuiltIn {
    pub fn new(options: Options) -> Self {
        BuiltIn {
            described: Implementation {
                name: "xxgk".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                language: "rust".into(),
                homepage: None,
                rules: Declared::All(AllRules::All),
            },
            options,
        }
    }

    /// The cross-year diagnostics of `current` (already checked as `checked`) against the same
    /// agency's `previous` year, as `xxgk check --previous` reports them.
    pub fn cross_year(
        &self,
        previous: &Payload,
        current: &Payload,
        checked: &check::Checked,
    ) -> Vec<crate::diagnostics::Diagnostic> {
        let earlier = self.check(previous);
        let (Some(earlier), Some(later)) = (&earlier.facts, &checked.facts) else {
            return Vec::new();
        };
        let mut diagnostics = check::check_pair(earlier, later);
        let sections = |payload: &Payload| check::read_sections(&payload.to_bytes().ok()?);
        if let (Some(before), Some(now)) = (sections(previous), sections(current)) {
            diagnostics.extend(check::copied_sections(earlier.year, &before, &now));
        }
        diagnostics
    }

    /// Checks one payload as the reference checker does.
    pub fn check(&self, payload: &Payload) -> check::Checked {
        match payload {
            Payload::Document(document) => check::check_value(document, &self.options),
            Payload::Base64(text) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .unwrap_or_default();
                check::check_bytes(&bytes, &self.options)
            }
        }
    }
}

impl UnderTest for BuiltIn {
    fn describe(&self) -> &Implementation {
        &self.described
    }

    fn run(&mut self, case: &CaseInput) -> Answer {
        let current = self.check(&case.input);
        let mut diagnostics = current.diagnostics.clone();
        if let Some(previous) = &case.previous {
            diagnostics.extend(self.cross_year(previous, &case.input, &current));
        }
        Answer::Diagnostics(as_expected(&diagnostics))
    }
}

/// An implementation speaking the harness protocol on its stdin and stdout.
pub struct Harness {
    child: Child,
    /// Requests, written by a thread of their own: a harness that does not read them cannot
    /// block the runner.
    requests: Option<SyncSender<Vec<u8>>>,
    lines: Receiver<Result<String, String>>,
    described: Implementation,
    seq: u64,
    limits: Limits,
    /// Why the harness was stopped (no reply in time, a reply too long), for every later case.
    stopped: Option<String>,
}

impl Harness {
    /// Starts `command` (run by `sh -c`) and performs the `start` exchange.
    pub fn start(command: &str, limits: Limits) -> Result<Harness, String> {
        let mut child = spawn(command, &[], Stdio::piped())
            .map_err(|e| format!("cannot start `{command}`: {e}"))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        // The harness's own messages go where the runner's go.
        let stderr = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut BufReader::new(stderr), &mut std::io::stderr());
        });
        let harness = Harness {
            child,
            requests: Some(write_requests(stdin)),
            lines: read_lines(stdout, limits.max_output),
            described: Implementation {
                name: command.into(),
                version: String::new(),
                language: String::new(),
                homepage: None,
                rules: Declared::Some(Vec::new()),
            },
            seq: 0,
            limits,
            stopped: None,
        };
        harness.started()
    }

    fn started(mut self) -> Result<Harness, String> {
        let reply = self.exchange(&Request::Start {
            protocol: protocol::PROTOCOL_VERSION,
        })?;
        let started: Started =
            serde_json::from_value(reply).map_err(|e| format!("bad reply to start: {e}"))?;
        if started.protocol != protocol::PROTOCOL_VERSION {
            return Err(format!(
                "the implementation speaks protocol {}",
                started.protocol
            ));
        }
        self.described = started.implementation;
        Ok(self)
    }

    fn exchange(&mut self, request: &Request) -> Result<Value, String> {
        if let Some(reason) = &self.stopped {
            return Err(format!("the implementation was stopped: {reason}"));
        }
        let mut line = serde_json::to_vec(request).expect("requests serialize");
        line.push(b'\n');
        let sent = self.requests.as_ref().is_some_and(|r| r.send(line).is_ok());
        if !sent {
            return Err("cannot write to the implementation: it exited".into());
        }
        let failure = match self.lines.recv_timeout(self.limits.timeout) {
            Ok(Ok(line)) => {
                return serde_json::from_str(&line)
                    .map_err(|e| format!("reply is not JSON ({e}): {}", quoted(&line)));
            }
            Ok(Err(error)) => error,
            Err(RecvTimeoutError::Timeout) => {
                format!("no reply within {} s", self.limits.timeout.as_secs_f64())
            }
            Err(RecvTimeoutError::Disconnected) => return Err("the implementation exited".into()),
        };
        // Its next reply could not be told from a late one: the harness is not asked again.
        stop(&mut self.child);
        self.stopped = Some(failure.clone());
        Err(failure)
    }
}

/// A thread writing each request to the harness's standard input.
fn write_requests(mut stdin: ChildStdin) -> SyncSender<Vec<u8>> {
    let (sender, requests) = sync_channel::<Vec<u8>>(1);
    std::thread::spawn(move || {
        for request in requests {
            if stdin
                .write_all(&request)
                .and_then(|()| stdin.flush())
                .is_err()
            {
                break;
            }
        }
    });
    sender
}

/// A thread reading the harness's replies, one a line, each of at most `limit` bytes. It waits
/// for each line to be taken before reading the next: a harness that writes without end costs
/// one line.
fn read_lines(
    stdout: impl Read + Send + 'static,
    limit: usize,
) -> Receiver<Result<String, String>> {
    let (sender, lines) = sync_channel(1);
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut line = Vec::new();
            let read = (&mut reader)
                .take(limit as u64 + 1)
                .read_until(b'\n', &mut line);
            let reply = match read {
                Ok(0) => break,
                Ok(_) if line.len() > limit => Err(format!("a reply of more than {limit} bytes")),
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line);
                    Ok(text.trim_end_matches(['\n', '\r']).to_owned())
                }
                Err(error) => Err(format!("cannot read the implementation's reply: {error}")),
            };
            let last = reply.is_err();
            if sender.send(reply).is_err() || last {
                break;
            }
        }
    });
    lines
}

/// The start of a long text, for a message.
fn quoted(text: &str) -> &str {
    let mut end = text.len().min(200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl UnderTest for Harness {
    fn describe(&self) -> &Implementation {
        &self.described
    }

    fn run(&mut self, case: &CaseInput) -> Answer {
        self.seq += 1;
        let seq = self.seq;
        let reply = match self.exchange(&Request::Run {
            seq,
            case: case.clone(),
        }) {
            Ok(reply) => reply,
            Err(error) => return Answer::Errored(error),
        };
        match serde_json::from_value::<RunReply>(reply) {
            Ok(RunReply::Diagnostics {
                seq: s,
                diagnostics,
            }) if s == seq => Answer::Diagnostics(diagnostics),
            Ok(RunReply::Skipped {
                seq: s, message, ..
            }) if s == seq => Answer::Skipped(message),
            Ok(RunReply::Errored {
                seq: s, context, ..
            }) if s == seq => Answer::Errored(context.to_string()),
            Ok(_) => Answer::Errored(format!("reply for another seq than {seq}")),
            Err(error) => Answer::Errored(format!("reply does not follow the protocol: {error}")),
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if self.stopped.is_none()
            && let Some(requests) = &self.requests
        {
            let stop_request = serde_json::to_vec(&Request::Stop).expect("serializes");
            let _ = requests.send([stop_request, b"\n".to_vec()].concat());
        }
        // Closing standard input also tells the harness to end.
        self.requests = None;
        // Give it a moment to exit on its own, then make sure it is gone, with anything it
        // started.
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        stop(&mut self.child);
    }
}

/// Adapter mode: `COMMAND FILE` per case; diagnostics read from stdout, either as a JSON array of
/// `{code, pointer, severity}` or as `xxgk check --format json` records.
pub struct Adapter {
    command: String,
    scratch: std::path::PathBuf,
    described: Implementation,
    limits: Limits,
}

impl Adapter {
    pub fn new(command: &str, rules: Declared, limits: Limits) -> Result<Adapter, String> {
        let scratch = std::env::temp_dir().join(format!("xxgk-conformance-{}", std::process::id()));
        std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
        Ok(Adapter {
            command: command.into(),
            scratch,
            described: Implementation {
                name: command.into(),
                version: String::new(),
                language: "command".into(),
                homepage: None,
                rules,
            },
            limits,
        })
    }

    /// Runs the command on one file within the limits: its standard output, or why there is
    /// none.
    fn output_for(&self, path: &std::path::Path) -> Result<Vec<u8>, String> {
        let command = format!("{} \"$1\"", self.command);
        let mut child = spawn(&command, &["sh".as_ref(), path.as_os_str()], Stdio::null())
            .map_err(|e| format!("cannot run `{}`: {e}", self.command))?;
        let deadline = Instant::now() + self.limits.timeout;
        let stdout = collect(child.stdout.take().expect("piped"), self.limits.max_output);
        // Standard error only explains a failure: its start is enough.
        let stderr = collect(child.stderr.take().expect("piped"), 4096);
        let timed_out = || format!("no answer within {} s", self.limits.timeout.as_secs_f64());
        let output = match stdout.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Ok((output, false))) => output,
            Ok(Ok((_, true))) => {
                stop(&mut child);
                return Err(format!(
                    "more than {} bytes of output",
                    self.limits.max_output
                ));
            }
            Ok(Err(error)) => {
                stop(&mut child);
                return Err(format!("cannot read the output: {error}"));
            }
            Err(_) => {
                stop(&mut child);
                return Err(timed_out());
            }
        };
        // Its output is closed; it may still run.
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Ok(None) => {
                    stop(&mut child);
                    return Err(timed_out());
                }
                Err(error) => {
                    stop(&mut child);
                    return Err(format!("cannot wait for `{}`: {error}", self.command));
                }
            }
        };
        if matches!(status.code(), Some(0..=2)) {
            return Ok(output);
        }
        let stderr = stderr
            .recv_timeout(Duration::from_millis(100))
            .ok()
            .and_then(Result::ok)
            .map(|(start, _)| start)
            .unwrap_or_default();
        Err(format!(
            "exit status {:?}: {}",
            status.code(),
            String::from_utf8_lossy(&stderr)
        ))
    }

    fn write_input(&self, case: &CaseInput) -> Result<std::path::PathBuf, String> {
        let bytes = case.input.to_bytes()?;
        let path = self.scratch.join(format!("{}.json", case.id));
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }
}

impl UnderTest for Adapter {
    fn describe(&self) -> &Implementation {
        &self.described
    }

    fn run(&mut self, case: &CaseInput) -> Answer {
        if case.previous.is_some() {
            return Answer::Skipped("adapter mode passes one file, not the previous year's".into());
        }
        let path = match self.write_input(case) {
            Ok(path) => path,
            Err(error) => return Answer::Errored(error),
        };
        let output = self.output_for(&path);
        let _ = std::fs::remove_file(&path);
        match output {
            Ok(stdout) => parse_adapter_output(&String::from_utf8_lossy(&stdout)),
            Err(error) => Answer::Errored(error),
        }
    }
}

impl Drop for Adapter {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

fn parse_adapter_output(stdout: &str) -> Answer {
    if let Ok(list) = serde_json::from_str::<Vec<ExpectedDiagnostic>>(stdout) {
        return Answer::Diagnostics(list);
    }
    let mut diagnostics = Vec::new();
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        let record: Value = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                return Answer::Errored(format!("output is not JSON ({error}): {}", quoted(line)));
            }
        };
        if record["type"] == "diagnostic" {
            match serde_json::from_value::<ExpectedDiagnostic>(slim(&record["data"])) {
                Ok(diagnostic) => diagnostics.push(diagnostic),
                Err(error) => {
                    return Answer::Errored(format!(
                        "bad diagnostic record ({error}): {}",
                        quoted(line)
                    ));
                }
            }
        }
    }
    Answer::Diagnostics(diagnostics)
}

/// The (code, pointer, severity) of a diagnostic record.
fn slim(data: &Value) -> Value {
    serde_json::json!({ "code": data["code"], "pointer": data["pointer"], "severity": data["severity"] })
}
