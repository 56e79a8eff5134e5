//! The ways the runner reaches an implementation: in process, through the harness protocol, or
//! by running a command on a file.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

use crate::check::{self, Options};

use super::case::ExpectedDiagnostic;
use super::protocol::{
    self, AllRules, CaseInput, Declared, Implementation, Payload, Request, RunReply, Started,
};
use super::{Answer, UnderTest};

/// How long an external implementation may take for one answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

fn as_expected(diagnostics: &[check::Diagnostic]) -> Vec<ExpectedDiagnostic> {
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
    ) -> Vec<check::Diagnostic> {
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
    stdin: ChildStdin,
    lines: Receiver<std::io::Result<String>>,
    described: Implementation,
    seq: u64,
}

impl Harness {
    /// Starts `command` (run by `sh -c`) and performs the `start` exchange.
    pub fn start(command: &str) -> Result<Harness, String> {
        let mut child = Command::new("sh")
            .args(["-c", command])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start `{command}`: {e}"))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut harness = Harness {
            child,
            stdin,
            lines,
            described: Implementation {
                name: command.into(),
                version: String::new(),
                language: String::new(),
                homepage: None,
                rules: Declared::Some(Vec::new()),
            },
            seq: 0,
        };
        let reply = harness.exchange(&Request::Start {
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
        harness.described = started.implementation;
        Ok(harness)
    }

    fn exchange(&mut self, request: &Request) -> Result<Value, String> {
        let mut line = serde_json::to_string(request).expect("requests serialize");
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot write to the implementation: {e}"))?;
        match self.lines.recv_timeout(ANSWER_TIMEOUT) {
            Ok(Ok(line)) => {
                serde_json::from_str(&line).map_err(|e| format!("reply is not JSON ({e}): {line}"))
            }
            Ok(Err(error)) => Err(format!("cannot read the implementation's reply: {error}")),
            Err(RecvTimeoutError::Timeout) => {
                Err(format!("no reply within {} s", ANSWER_TIMEOUT.as_secs()))
            }
            Err(RecvTimeoutError::Disconnected) => Err("the implementation exited".into()),
        }
    }
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
        let _ = writeln!(
            self.stdin,
            "{}",
            serde_json::to_string(&Request::Stop).expect("serializes")
        );
        let _ = self.stdin.flush();
        // Give it a moment to exit on its own, then make sure it is gone.
        for _ in 0..50 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Adapter mode: `COMMAND FILE` per case; diagnostics read from stdout, either as a JSON array of
/// `{code, pointer, severity}` or as `xxgk check --format json` records.
pub struct Adapter {
    command: String,
    scratch: std::path::PathBuf,
    described: Implementation,
}

impl Adapter {
    pub fn new(command: &str, rules: Declared) -> Result<Adapter, String> {
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
        })
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
        let output = Command::new("sh")
            .args(["-c", &format!("{} \"$1\"", self.command), "sh"])
            .arg(&path)
            .stdin(Stdio::null())
            .output();
        let _ = std::fs::remove_file(&path);
        match output {
            Ok(output) if matches!(output.status.code(), Some(0..=2)) => {
                parse_adapter_output(&String::from_utf8_lossy(&output.stdout))
            }
            Ok(output) => Answer::Errored(format!(
                "exit status {:?}: {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            )),
            Err(error) => Answer::Errored(format!("cannot run `{}`: {error}", self.command)),
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
            Err(error) => return Answer::Errored(format!("output is not JSON ({error}): {line}")),
        };
        if record["type"] == "diagnostic" {
            match serde_json::from_value::<ExpectedDiagnostic>(slim(&record["data"])) {
                Ok(diagnostic) => diagnostics.push(diagnostic),
                Err(error) => {
                    return Answer::Errored(format!("bad diagnostic record ({error}): {line}"));
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
