//! The checker on any bytes: `xxgk check` of a file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = xxgk::check::Options { current_year: 2026 };
    let checked = xxgk::check::check_bytes(data, &options);
    // Rendering is part of checking a file: every message of every diagnostic.
    for diagnostic in &checked.diagnostics {
        let _ = diagnostic.message(xxgk::diagnostics::Lang::Zh);
    }
});
