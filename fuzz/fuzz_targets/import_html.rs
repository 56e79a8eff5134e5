//! The importer on any bytes read as an HTML page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgk::model::metadata::Carrier;

fuzz_target!(|data: &[u8]| {
    let _ = xxgk::import::import_as(data, Carrier::Html);
});
