//! Human-readable output: files with findings, grouped, then a summary line.

use std::io::{self, Write};

use crate::batch::Source;
use crate::diagnostics::{Diagnostic, Lang, Severity};

use super::{FileView, Printer, Status, Summary, Verbosity, Verdicts, counted};

pub struct Human<W: Write> {
    out: W,
    lang: Lang,
    verbosity: Verbosity,
    verdicts: Verdicts,
}

impl<W: Write> Human<W> {
    pub fn new(out: W, lang: Lang, verbosity: Verbosity, verdicts: Verdicts) -> Self {
        Human {
            out,
            lang,
            verbosity,
            verdicts,
        }
    }

    /// Whether a diagnostic is printed: all of them, except that quiet output keeps errors only.
    fn prints(&self, diagnostic: &Diagnostic) -> bool {
        self.verbosity != Verbosity::Quiet || diagnostic.severity() == Severity::Error
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match (self.lang, severity) {
            (Lang::Zh, Severity::Error) => "错误",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::Zh, Severity::Info) => "提示",
            (Lang::En, severity) => severity.name(),
        }
    }

    fn status(&self, status: Status, edition: Option<&str>) -> String {
        let edition = match (self.lang, edition) {
            (Lang::Zh, Some(edition)) => format!("{edition} 版式"),
            (Lang::Zh, None) => "版式未知".to_owned(),
            (Lang::En, Some(edition)) => format!("{edition} edition"),
            (Lang::En, None) => "edition unknown".to_owned(),
        };
        if self.verdicts == Verdicts::Imported {
            return match (self.lang, status) {
                (Lang::Zh, Status::Valid) => format!("已导入（{edition}，未经检查）"),
                (Lang::Zh, Status::Invalid) => format!("已导入，不完整（{edition}）"),
                (Lang::Zh, Status::Unreadable) => "无法导入".to_owned(),
                (Lang::En, Status::Valid) => format!("imported ({edition}, not checked)"),
                (Lang::En, Status::Invalid) => format!("imported, incomplete ({edition})"),
                (Lang::En, Status::Unreadable) => "not imported".to_owned(),
            };
        }
        match (self.lang, status) {
            (Lang::Zh, Status::Valid) => format!("有效（{edition}）"),
            (Lang::Zh, Status::Invalid) => format!("无效（{edition}）"),
            (Lang::Zh, Status::Unreadable) => "无法读取".to_owned(),
            (Lang::En, Status::Valid) => format!("valid ({edition})"),
            (Lang::En, Status::Invalid) => format!("invalid ({edition})"),
            (Lang::En, Status::Unreadable) => "unreadable".to_owned(),
        }
    }

    fn diagnostic(&mut self, diagnostic: &Diagnostic) -> io::Result<()> {
        let pointer = if diagnostic.pointer.is_empty() {
            "/"
        } else {
            &diagnostic.pointer
        };
        writeln!(
            self.out,
            "  {} {} {}\n      {}",
            self.severity(diagnostic.severity()),
            diagnostic.code(),
            pointer,
            diagnostic.message(self.lang)
        )
    }
}

impl<W: Write> Printer for Human<W> {
    fn file(&mut self, view: &FileView) -> io::Result<()> {
        let printed: Vec<&Diagnostic> = view
            .shown
            .iter()
            .copied()
            .filter(|d| self.prints(d))
            .collect();
        let omitted = view.omitted;
        if printed.is_empty() && omitted == 0 && self.verbosity != Verbosity::Verbose {
            return Ok(());
        }
        let status = self.status(view.status, view.edition);
        writeln!(self.out, "{}: {status}", view.path)?;
        for diagnostic in printed {
            self.diagnostic(diagnostic)?;
        }
        if omitted > 0 {
            match self.lang {
                Lang::Zh => writeln!(self.out, "  …另有 {omitted} 条未显示（--max-diagnostics）")?,
                Lang::En => writeln!(self.out, "  … {omitted} more not shown (--max-diagnostics)")?,
            }
        }
        Ok(())
    }

    fn cross_year(&mut self, source: &Source, diagnostics: &[&Diagnostic]) -> io::Result<()> {
        let printed: Vec<&Diagnostic> = diagnostics
            .iter()
            .copied()
            .filter(|d| self.prints(d))
            .collect();
        if printed.is_empty() {
            return Ok(());
        }
        let heading = match self.lang {
            Lang::Zh => "与上一年度报告比对",
            Lang::En => "compared with the previous year's report",
        };
        writeln!(self.out, "{}: {heading}", source.display())?;
        for diagnostic in printed {
            self.diagnostic(diagnostic)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let c = s.counts;
        // The three outcomes, worded for what was done: imported, or checked.
        let imported = self.verdicts == Verdicts::Imported;
        match self.lang {
            Lang::Zh => {
                let [valid, invalid, unreadable] = if imported {
                    ["已导入", "不完整", "无法导入"]
                } else {
                    ["有效", "无效", "无法读取"]
                };
                writeln!(
                    self.out,
                    "共 {} 个文件：{valid} {}，{invalid} {}，{unreadable} {}；错误 {}，警告 {}，提示 {}",
                    s.files, s.valid, s.invalid, s.unreadable, c.error, c.warning, c.info
                )
            }
            Lang::En => {
                let [valid, invalid, unreadable] = if imported {
                    ["imported", "incomplete", "not imported"]
                } else {
                    ["valid", "invalid", "unreadable"]
                };
                writeln!(
                    self.out,
                    "{}: {} {valid}, {} {invalid}, {} {unreadable}; {}, {}, {} info",
                    counted(s.files, "file", "files"),
                    s.valid,
                    s.invalid,
                    s.unreadable,
                    counted(c.error, "error", "errors"),
                    counted(c.warning, "warning", "warnings"),
                    c.info
                )
            }
        }?;
        self.out.flush()
    }
}
