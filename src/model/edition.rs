//! The template editions and what is kept per edition.
//!
//! Everything that exists once per edition is reached through [`Edition::ALL`] and
//! [`Edition::index`]: a cache is a [`PerEdition`], a list of editions is `Edition::ALL`, and a
//! `match` on an edition is exhaustive, so adding a variant here makes the compiler name every
//! place that must learn about it.

use std::sync::OnceLock;

use super::metadata::ReportYear;

/// The template editions, by the year of the notice that set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    E2019,
    E2021,
}

impl Edition {
    /// Every edition, in order: `Edition::ALL[e.index()] == e`.
    pub const ALL: [Edition; Edition::COUNT] = [Edition::E2019, Edition::E2021];

    /// How many editions there are.
    pub const COUNT: usize = 2;

    /// The value of the `edition` property of every edition, in the order of [`Edition::ALL`].
    pub const TAGS: [&'static str; Edition::COUNT] = {
        let mut tags = [""; Edition::COUNT];
        let mut i = 0;
        while i < Edition::COUNT {
            tags[i] = Edition::ALL[i].tag();
            i += 1;
        }
        tags
    };

    /// The position of the edition in [`Edition::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The value of the `edition` property.
    pub const fn tag(self) -> &'static str {
        match self {
            Edition::E2019 => "2019",
            Edition::E2021 => "2021",
        }
    }

    /// The edition whose tag is `tag`.
    pub fn from_tag(tag: &str) -> Option<Edition> {
        Edition::ALL
            .into_iter()
            .find(|edition| edition.tag() == tag)
    }

    /// The notice that set the edition.
    pub fn instrument(self) -> &'static str {
        match self {
            Edition::E2019 => "国办公开办函〔2019〕60号",
            Edition::E2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// The edition the national rules prescribe for a report year.
    pub fn prescribed_for(year: ReportYear) -> Edition {
        if year.get() <= 2020 {
            Edition::E2019
        } else {
            Edition::E2021
        }
    }
}

/// A value per edition, computed once per process on first use: the one way caches per edition
/// are written (`static ROWS: PerEdition<Vec<RowSpec>> = PerEdition::new();`).
pub struct PerEdition<T>(OnceLock<[T; Edition::COUNT]>);

impl<T> PerEdition<T> {
    pub const fn new() -> Self {
        PerEdition(OnceLock::new())
    }

    /// The value of `edition`; on first use, `init` computes the value of every edition.
    pub fn get(&self, edition: Edition, init: impl FnMut(Edition) -> T) -> &T {
        &self.all(init)[edition.index()]
    }

    /// The values of every edition, in the order of [`Edition::ALL`].
    pub fn all(&self, init: impl FnMut(Edition) -> T) -> &[T; Edition::COUNT] {
        self.0.get_or_init(|| Edition::ALL.map(init))
    }
}

impl<T> Default for PerEdition<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The length of [`edition_tags`]`(before, separator, after)`.
pub const fn edition_tags_len(before: &str, separator: &str, after: &str) -> usize {
    let mut len = before.len() + after.len();
    let mut i = 0;
    while i < Edition::COUNT {
        if i > 0 {
            len += separator.len();
        }
        len += Edition::TAGS[i].len() + 2;
        i += 1;
    }
    len
}

/// `before`, every edition's tag in double quotes joined by `separator`, then `after`, as bytes
/// (at compile time: catalog messages name the editions from [`Edition::ALL`]; see
/// [`editions_message!`](crate::editions_message)).
pub const fn edition_tags<const N: usize>(before: &str, separator: &str, after: &str) -> [u8; N] {
    const fn put<const N: usize>(out: &mut [u8; N], at: usize, text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            out[at + i] = bytes[i];
            i += 1;
        }
        at + bytes.len()
    }
    let mut out = [0u8; N];
    let mut at = put(&mut out, 0, before);
    let mut i = 0;
    while i < Edition::COUNT {
        if i > 0 {
            at = put(&mut out, at, separator);
        }
        at = put(&mut out, at, "\"");
        at = put(&mut out, at, Edition::TAGS[i]);
        at = put(&mut out, at, "\"");
        i += 1;
    }
    at = put(&mut out, at, after);
    assert!(at == N, "the length of the edition list");
    out
}

/// A `&'static str`: `before`, the tags of [`Edition::ALL`] quoted and joined by `separator`,
/// `after` — built at compile time, e.g. `expected "2019" or "2021"`.
#[macro_export]
macro_rules! editions_message {
    ($before:expr, $separator:expr, $after:expr) => {{
        const LEN: usize = $crate::model::edition::edition_tags_len($before, $separator, $after);
        const BYTES: [u8; LEN] =
            $crate::model::edition::edition_tags::<LEN>($before, $separator, $after);
        match ::std::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("edition tags are UTF-8"),
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_indexed_in_order() {
        for (index, edition) in Edition::ALL.into_iter().enumerate() {
            assert_eq!(edition.index(), index);
            assert_eq!(Edition::TAGS[index], edition.tag());
            assert_eq!(Edition::from_tag(edition.tag()), Some(edition));
        }
    }

    #[test]
    fn tags_are_listed_at_compile_time() {
        const TEXT: &str = editions_message!("expected ", " or ", "!");
        assert_eq!(TEXT, "expected \"2019\" or \"2021\"!");
    }

    #[test]
    fn per_edition_computes_each_edition_once() {
        static SEEN: PerEdition<String> = PerEdition::new();
        let mut calls = 0;
        for edition in Edition::ALL {
            let value = SEEN.get(edition, |e| {
                calls += 1;
                e.tag().to_owned()
            });
            assert_eq!(value, edition.tag());
        }
        assert_eq!(calls, Edition::COUNT);
    }
}
