//! The importer on Word files. Bytes that start as a zip archive are read as a .docx file
//! themselves (the archive layer); any others become the `word/document.xml` of a .docx built
//! around them (the XML walk, which random archives would rarely reach).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use xxgk::model::metadata::Carrier;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK\x03\x04") {
        let _ = xxgk::import::import_as(data, Carrier::Docx);
        return;
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", stored)
        .expect("an entry");
    zip.write_all(data).expect("written to memory");
    let docx = zip.finish().expect("an archive").into_inner();
    let _ = xxgk::import::import_as(&docx, Carrier::Docx);
});
