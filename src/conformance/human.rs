//! The run as people read it (`xxgk conformance run`): the suite and the implementation, the
//! cases that did not pass (all of them when verbose), and the counts.

use std::io::{self, Write};

use super::{ReportRecord, Status};
use crate::output::counted;

/// Writes one record of a run.
pub fn write_record(out: &mut dyn Write, record: &ReportRecord, verbose: bool) -> io::Result<()> {
    match record {
        ReportRecord::Header(header) => writeln!(
            out,
            "suite {} ({}) against {} {}",
            header.suite_version,
            counted(header.cases, "case", "cases"),
            header.implementation.name,
            header.implementation.version
        ),
        ReportRecord::Result(result) => {
            if !verbose && matches!(result.status, Status::Passed | Status::NotApplicable) {
                return Ok(());
            }
            let status = serde_json::to_value(result.status).unwrap_or_default();
            writeln!(
                out,
                "  {:<15} {} ({}) {}",
                status.as_str().unwrap_or("?"),
                result.id,
                result.file,
                result.message.as_deref().unwrap_or_default()
            )?;
            if result.status == Status::Failed {
                writeln!(
                    out,
                    "      expected {:?}\n      actual   {:?}",
                    result.expected, result.actual
                )?;
            }
            Ok(())
        }
        ReportRecord::Footer(t) => writeln!(
            out,
            "{} passed, {} failed, {} errored, {} skipped, {} not applicable",
            t.passed, t.failed, t.errored, t.skipped, t.not_applicable
        ),
    }
}
