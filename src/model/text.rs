//! String types constrained by a regular expression.
//!
//! Each type publishes its pattern in the schema and enforces the very same pattern when it is
//! deserialized, so the schema and the Rust model accept exactly the same strings.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;
use schemars::Schema;
use serde::Deserializer;
use serde::de::{self, Visitor};

/// A string newtype whose values must match [`Pattern::PATTERN`] and be at most
/// [`Pattern::MAX_LENGTH`] characters long.
pub trait Pattern: Sized {
    /// The anchored regular expression, written with `[0-9]` (never `\d`) so that every
    /// JSON Schema validator reads it the same way.
    const PATTERN: &'static str;
    /// The longest accepted value, in characters.
    const MAX_LENGTH: usize;
    /// What a value looks like, for error messages.
    const EXPECTING: &'static str;

    fn wrap(text: String) -> Self;

    /// The compiled pattern.
    fn regex() -> &'static Regex;

    /// Accepts `text` if it matches the pattern and length.
    fn parse(text: &str) -> Result<Self, PatternError> {
        if text.chars().count() > Self::MAX_LENGTH {
            Err(PatternError::TooLong {
                max: Self::MAX_LENGTH,
            })
        } else if !Self::regex().is_match(text) {
            Err(PatternError::Mismatch {
                expecting: Self::EXPECTING,
            })
        } else {
            Ok(Self::wrap(text.to_owned()))
        }
    }
}

/// Why a string was refused by a [`Pattern`] type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    TooLong { max: usize },
    Mismatch { expecting: &'static str },
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::TooLong { max } => write!(f, "at most {max} characters are allowed"),
            PatternError::Mismatch { expecting } => write!(f, "expected {expecting}"),
        }
    }
}

impl std::error::Error for PatternError {}

pub(crate) fn compile(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("built-in patterns compile"))
}

pub(crate) fn deserialize_pattern<'de, T: Pattern, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct PatternVisitor<T>(std::marker::PhantomData<T>);
    impl<T: Pattern> Visitor<'_> for PatternVisitor<T> {
        type Value = T;
        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str(T::EXPECTING)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            T::parse(v).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(PatternVisitor(std::marker::PhantomData))
}

pub(crate) fn pattern_schema<T: Pattern>() -> Schema {
    schemars::json_schema!({
        "type": "string",
        "pattern": T::PATTERN,
        "maxLength": T::MAX_LENGTH,
    })
}

/// Declares a string newtype checked against a pattern.
macro_rules! pattern_string {
    ($(#[$doc:meta])* $name:ident, pattern = $pattern:literal, max_length = $max:literal,
     expecting = $expecting:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The value as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl $crate::model::text::Pattern for $name {
            const PATTERN: &'static str = $pattern;
            const MAX_LENGTH: usize = $max;
            const EXPECTING: &'static str = $expecting;
            fn wrap(text: String) -> Self {
                $name(text)
            }
            fn regex() -> &'static regex::Regex {
                static REGEX: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
                $crate::model::text::compile(&REGEX, $pattern)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::model::text::deserialize_pattern(deserializer)
            }
        }

        impl schemars::JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $crate::model::text::pattern_schema::<Self>()
            }
        }
    };
}
pub(crate) use pattern_string;

pattern_string!(
    /// Free text that is not blank, e.g. an agency name or a printed label. The blank characters
    /// are listed literally (tab, line feed, carriage return, space, no-break space, ideographic
    /// space) because engines disagree on what `\s` matches.
    Text,
    pattern = "[^\t\n\r \u{a0}\u{3000}]",
    max_length = 1000,
    expecting = "a text that is not blank"
);
