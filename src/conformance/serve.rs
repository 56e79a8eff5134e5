//! The built-in checker behind the harness protocol (`xxgk conformance serve`): the reference
//! harness, and a live example of the protocol for implementers.

use std::io::{self, BufRead, Write};

use super::protocol::{PROTOCOL_VERSION, Request, RunReply, Started};
use super::{Answer, UnderTest};

/// Answers protocol requests read from `input` until `stop` or the end of input.
pub fn serve(
    input: impl BufRead,
    mut output: impl Write,
    implementation: &mut dyn UnderTest,
) -> io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<Request>(&line) {
            Ok(Request::Start { protocol }) if protocol == PROTOCOL_VERSION => {
                let started = Started {
                    protocol: PROTOCOL_VERSION,
                    implementation: implementation.describe().clone(),
                };
                serde_json::to_value(started)?
            }
            Ok(Request::Start { protocol }) => {
                return Err(io::Error::other(format!(
                    "unsupported protocol version {protocol}"
                )));
            }
            Ok(Request::Run { seq, case }) => {
                serde_json::to_value(match implementation.run(&case) {
                    Answer::Diagnostics(diagnostics) => RunReply::Diagnostics { seq, diagnostics },
                    Answer::Skipped(message) => RunReply::Skipped {
                        seq,
                        skipped: true,
                        message,
                    },
                    Answer::Errored(message) => RunReply::Errored {
                        seq,
                        errored: true,
                        context: serde_json::json!({ "message": message }),
                    },
                })?
            }
            Ok(Request::Stop) => return Ok(()),
            Err(error) => return Err(io::Error::new(io::ErrorKind::InvalidData, error)),
        };
        serde_json::to_writer(&mut output, &reply)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(())
}
