//! Human-readable output: files with findings, grouped, then a summary line.

use std::io::{self, Write};

use crate::batch::Source;
use crate::check::{Diagnostic, Lang, Severity};

use super::{FileView, Printer, Status, Summary};

pub struct Human<W: Write> {
    out: W,
    lang: Lang,
}

impl<W: Write> Human<W> {
    pub fn new(out: W, lang: Lang) -> Self {
        Human { out, lang }
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
        let edition = edition.unwrap_or("?");
        match (self.lang, status) {
            (Lang::Zh, Status::Valid) => format!("有效（{edition} 版式）"),
            (Lang::Zh, Status::Invalid) => format!("无效（{edition} 版式）"),
            (Lang::Zh, Status::Unreadable) => "无法读取".to_owned(),
            (Lang::En, Status::Valid) => format!("valid ({edition} edition)"),
            (Lang::En, Status::Invalid) => format!("invalid ({edition} edition)"),
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
        if view.shown.is_empty() && view.omitted == 0 {
            return Ok(());
        }
        let status = self.status(view.status, view.edition);
        writeln!(self.out, "{}: {status}", view.path)?;
        for diagnostic in &view.shown {
            self.diagnostic(diagnostic)?;
        }
        if view.omitted > 0 {
            match self.lang {
                Lang::Zh => writeln!(
                    self.out,
                    "  …另有 {} 条未显示（--max-diagnostics）",
                    view.omitted
                )?,
                Lang::En => writeln!(
                    self.out,
                    "  … {} more not shown (--max-diagnostics)",
                    view.omitted
                )?,
            }
        }
        Ok(())
    }

    fn cross_year(&mut self, source: &Source, diagnostics: &[&Diagnostic]) -> io::Result<()> {
        let heading = match self.lang {
            Lang::Zh => "与上一年度报告比对",
            Lang::En => "compared with the previous year's report",
        };
        writeln!(self.out, "{}: {heading}", source.display())?;
        for diagnostic in diagnostics {
            self.diagnostic(diagnostic)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self, s: &Summary) -> io::Result<()> {
        let c = s.counts;
        match self.lang {
            Lang::Zh => writeln!(
                self.out,
                "共 {} 个文件：有效 {}，无效 {}，无法读取 {}；错误 {}，警告 {}，提示 {}",
                s.files, s.valid, s.invalid, s.unreadable, c.error, c.warning, c.info
            ),
            Lang::En => writeln!(
                self.out,
                "{} {}: {} valid, {} invalid, {} unreadable; {} errors, {} warnings, {} info",
                s.files,
                if s.files == 1 { "file" } else { "files" },
                s.valid,
                s.invalid,
                s.unreadable,
                c.error,
                c.warning,
                c.info
            ),
        }?;
        self.out.flush()
    }
}
