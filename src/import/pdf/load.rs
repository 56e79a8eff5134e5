//! Loading a PDF: only the objects the text layer reads.
//!
//! lopdf's `Document::load_mem` parses every object of a file. The Chromium prints hold some
//! 1,700 objects, most of them the structure tree of a tagged PDF, and 400–600 KB font programs:
//! the text layer reads none of them, and parsing and freeing them was two fifths of the
//! import's time (perf). Here the cross-reference table is read, and only the objects reached
//! from the catalog through the keys the reader looks at ([`READ`]) are parsed, with lopdf's
//! object grammar (content.rs) into lopdf's own `Document`, so the text is the same.
//!
//! Anything out of the ordinary — a cross-reference stream or a hybrid file, encryption, an
//! object that is not where the table says, a stream whose length is off, an object missing —
//! and the file is loaded by lopdf as before, which repairs what it can.

use std::collections::btree_map::Entry;
use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use super::content::{Cursor, MAX_NESTING};

/// The keys whose values the reader (and the lopdf functions it calls) reads: the page tree,
/// pages, resources, fonts, form XObjects (their matrix and clipping box) and stream filters. Resource dictionaries (`Font`,
/// `XObject`) are followed whole: their keys are the names the content streams use.
const READ: [&[u8]; 26] = [
    b"Pages",
    b"Kids",
    b"Parent",
    b"Type",
    b"Count",
    b"Resources",
    b"Contents",
    b"Rotate",
    b"Font",
    b"XObject",
    b"Subtype",
    b"Matrix",
    b"BBox",
    b"Encoding",
    b"ToUnicode",
    b"FirstChar",
    b"Widths",
    b"FontDescriptor",
    b"MissingWidth",
    b"DescendantFonts",
    b"DW",
    b"W",
    b"Differences",
    b"Length",
    b"Filter",
    b"DecodeParms",
];

/// Cross-reference sections followed through `/Prev` (incremental updates).
const MAX_SECTIONS: usize = 64;

/// The document, as far as the text layer reads it.
pub fn load(bytes: &[u8], options: LoadOptions) -> lopdf::Result<Document> {
    match Loader::new(bytes).and_then(Loader::load) {
        Some(doc) => Ok(doc),
        None => Document::load_mem_with_options(bytes, options),
    }
}

/// Where an object is: its offset and generation, or nothing for a free entry.
type Place = Option<(usize, u16)>;

struct Loader<'a> {
    /// The file from its `%PDF-` header, where the table's offsets count from.
    file: &'a [u8],
    table: HashMap<u32, Place>,
    trailer: Dictionary,
    /// Stream bytes copied so far: no more than the file holds, however objects overlap.
    copied: usize,
}

impl<'a> Loader<'a> {
    fn new(bytes: &'a [u8]) -> Option<Self> {
        let start = bytes.windows(5).position(|w| w == b"%PDF-")?;
        let file = &bytes[start..];
        // lopdf's header needs its line ended.
        file.iter().position(|&b| b == b'\r' || b == b'\n')?;
        let (table, trailer) = cross_reference(file)?;
        if trailer.has(b"Encrypt") {
            return None;
        }
        Some(Loader {
            file,
            table,
            trailer,
            copied: 0,
        })
    }

    fn load(mut self) -> Option<Document> {
        let root = self.trailer.get(b"Root").ok()?.as_reference().ok()?;
        let mut doc = Document::new();
        // (object, whether it is a resource dictionary whose keys are all followed)
        let mut pending = vec![(root, false)];
        let mut walked = HashSet::new();
        while let Some((id, names)) = pending.pop() {
            if !walked.insert((id, names)) {
                continue;
            }
            let object = match doc.objects.entry(id) {
                Entry::Occupied(parsed) => parsed.into_mut(),
                Entry::Vacant(place) => place.insert(self.object(id, true)?),
            };
            references(object, names, &mut pending);
        }
        doc.trailer = self.trailer;
        page_tree_loaded(&doc).then_some(doc)
    }

    /// Parses an object where the table puts it; a stream only if `streams`.
    fn object(&mut self, id: ObjectId, streams: bool) -> Option<Object> {
        let (offset, generation) = (*self.table.get(&id.0)?)?;
        if generation != id.1 {
            return None;
        }
        let mut c = Cursor::new(self.file, offset.min(self.file.len()));
        c.space();
        let number = u32::try_from(c.unsigned()?).ok()?;
        c.space();
        let found = u16::try_from(c.unsigned()?).ok()?;
        c.space();
        if (number, found) != id || !c.eat(b"obj") {
            return None;
        }
        c.space();
        if !c.rest().starts_with(b"<<") {
            // lopdf reads an object that is no dictionary one level shallower than a value.
            return c.direct_object(MAX_NESTING + 1);
        }
        let dict = c.dictionary(MAX_NESTING)?;
        if !stream_keyword(&mut c) {
            return Some(Object::Dictionary(dict));
        }
        if !streams {
            return None;
        }
        let length = match dict.get(b"Length").ok()? {
            Object::Integer(n) => *n,
            Object::Reference(r) => self.object(*r, false)?.as_i64().ok()?,
            _ => return None,
        };
        // lopdf reads an empty stream again another way.
        let length = usize::try_from(length).ok().filter(|&n| n > 0)?;
        let data = c.rest().get(..length)?;
        c.at += length;
        c.eol();
        if !c.eat(b"endstream") {
            return None;
        }
        self.copied += length;
        if self.copied > self.file.len() {
            return None;
        }
        Some(Object::Stream(Stream::new(dict, data.to_vec())))
    }
}

/// `stream` and its end of line after a stream's dictionary (spaces and tabs may come before
/// the end of line).
fn stream_keyword(c: &mut Cursor) -> bool {
    let start = c.at;
    c.space();
    if c.eat(b"stream") {
        while c.peek().is_some_and(|b| b == b' ' || b == b'\t') {
            c.at += 1;
        }
        if c.eol() {
            return true;
        }
    }
    c.at = start;
    false
}

/// The objects `object` refers to through the keys the reader reads, to `out`; `names` when it
/// is a resource dictionary.
fn references(object: &Object, names: bool, out: &mut Vec<(ObjectId, bool)>) {
    match object {
        Object::Reference(id) => out.push((*id, names)),
        Object::Array(items) => {
            for item in items {
                references(item, false, out);
            }
        }
        Object::Dictionary(dict) => dict_references(dict, names, out),
        Object::Stream(stream) => dict_references(&stream.dict, false, out),
        _ => {}
    }
}

fn dict_references(dict: &Dictionary, names: bool, out: &mut Vec<(ObjectId, bool)>) {
    for (key, value) in dict.iter() {
        let key = key.as_slice();
        if names || READ.contains(&key) {
            let resources = !names && (key == b"Font" || key == b"XObject");
            references(value, resources, out);
        }
    }
}

/// Whether the catalog leads to the root of a page tree, as lopdf checks before it rebuilds a
/// damaged table.
fn page_tree_loaded(doc: &Document) -> bool {
    doc.catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|root| doc.get_dictionary(root))
        .and_then(|root| root.get_deref(b"Kids", doc))
        .and_then(Object::as_array)
        .is_ok()
}

/// The cross-reference table (its newest entry for each object) and the newest trailer, read
/// from `startxref` back through `/Prev`: classic tables only.
fn cross_reference(file: &[u8]) -> Option<(HashMap<u32, Place>, Dictionary)> {
    let tail = file.len().saturating_sub(1024);
    let keyword = file[tail..].windows(9).rposition(|w| w == b"startxref")?;
    let mut c = Cursor::new(file, tail + keyword + 9);
    c.space();
    let mut offset = usize::try_from(c.unsigned()?).ok()?;
    let mut table = HashMap::new();
    let mut newest = None;
    let mut seen = Vec::new();
    loop {
        if seen.contains(&offset) || seen.len() >= MAX_SECTIONS {
            return None;
        }
        seen.push(offset);
        let trailer = section(file, offset, &mut table)?;
        if trailer.has(b"XRefStm") {
            return None;
        }
        let previous = trailer.get(b"Prev").ok().map(Object::as_i64);
        newest.get_or_insert(trailer);
        match previous {
            None => break,
            Some(previous) => offset = usize::try_from(previous.ok()?).ok()?,
        }
    }
    let mut trailer = newest?;
    trailer.remove(b"Prev");
    Some((table, trailer))
}

/// One `xref` section: its entries join `table` where a newer section has none; its trailer.
fn section(file: &[u8], offset: usize, table: &mut HashMap<u32, Place>) -> Option<Dictionary> {
    let mut c = Cursor::new(file, offset.min(file.len()));
    if !c.eat(b"xref") {
        return None;
    }
    c.space();
    while c.peek().is_some_and(|b| b.is_ascii_digit()) {
        let first = u32::try_from(c.unsigned()?).ok()?;
        c.white();
        let count = u32::try_from(c.unsigned()?).ok()?;
        c.white();
        for k in 0..count {
            let position = usize::try_from(c.unsigned()?).ok()?;
            c.white();
            let generation = u16::try_from(c.unsigned()?).ok()?;
            c.white();
            let entry = match c.peek()? {
                b'n' => Some((position, generation)),
                b'f' => None,
                _ => return None,
            };
            c.at += 1;
            c.white();
            table.entry(first.checked_add(k)?).or_insert(entry);
        }
    }
    if !c.eat(b"trailer") {
        return None;
    }
    c.space();
    c.dictionary(MAX_NESTING)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each fixture loads without lopdf's full parse, and its pages read as they do from
    /// lopdf's full load.
    #[test]
    fn fixtures_load_lazily_with_the_objects_the_text_needs() {
        for path in super::super::fixture_pdfs() {
            let bytes = std::fs::read(&path).unwrap();
            let lazy = Loader::new(&bytes).and_then(Loader::load);
            let lazy = lazy.unwrap_or_else(|| panic!("{} not loaded lazily", path.display()));
            let full = Document::load_mem(&bytes).unwrap();
            assert!(lazy.objects.len() < full.objects.len());
            for (id, object) in &lazy.objects {
                assert!(full.objects[id] == *object, "{} {id:?}", path.display());
            }
        }
    }

    proptest::proptest! {
        /// A damaged copy of a fixture (bytes overwritten in its objects or its table, or the
        /// file cut short) reads or is refused, without a panic.
        #[test]
        fn damaged_files_do_not_panic(
            cut in proptest::option::of(0.5f64..1.0),
            damage in proptest::collection::vec((0.0f64..1.0, proptest::prelude::any::<u8>()), 0..8),
        ) {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf/lo-department-2019-values-top.pdf");
            let mut bytes = std::fs::read(path).unwrap();
            for (at, byte) in damage {
                let at = (at * bytes.len() as f64) as usize;
                bytes[at] = byte;
            }
            if let Some(cut) = cut {
                bytes.truncate((cut * bytes.len() as f64) as usize);
            }
            let _ = super::super::to_text(&bytes);
        }
    }

    #[test]
    fn odd_files_are_left_to_lopdf() {
        assert!(Loader::new(b"%PDF-1.4\nno table").is_none());
        // A file on one line: its table reads, its header does not.
        let one_line =
            b"%PDF-1.4 xref 0 1 0000000000 65535 f trailer << /Root 1 0 R >> startxref 9";
        assert!(Loader::new(one_line).is_none());
        let encrypted = b"%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R /Encrypt 2 0 R >>\nstartxref\n9\n%%EOF";
        assert!(Loader::new(encrypted).is_none());
        let plain = b"%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF";
        // The table reads, but the catalog is missing.
        assert!(Loader::new(plain).and_then(Loader::load).is_none());
    }
}
