//! Prints the layout text xxgk reads from each PDF named on the command line (a form feed
//! between pages), the way `pdftotext -layout` prints its own.
//!
//!     cargo run --release --example pdf_text -- report.pdf

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        match xxgk::import::pdf_layout_text(&bytes) {
            Ok(text) => print!("{text}"),
            Err(reason) => eprintln!("{path}: {reason}"),
        }
    }
}
