//! What a printed cell states: nothing, a signed integer, or an amount of money with its unit.

use crate::model::text::Pattern;
use crate::model::{Decimal, MoneyUnit};

/// The reading of one printed cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    /// Blank, "/", "-", "—", "无": the report states no value.
    Blank,
    /// A whole number; `explicit_sign` when the cell wrote `+`, `-`, `增` or `减`.
    Integer { value: i64, explicit_sign: bool },
    /// A decimal with an optional unit written in the cell ("1424.4万元", "16359.26412(万元)").
    Amount {
        amount: Decimal,
        unit: Option<MoneyUnit>,
    },
    /// Several numbers in one cell ("9 9", "9<br>9" read as "9 9", "53，274", a footnote mark
    /// after its number, "1,23"): the cell states something, but which number is not certain.
    Several,
    /// Not a value: a label, prose, or something unreadable.
    Text,
}

impl Printed {
    pub fn is_value(&self) -> bool {
        !matches!(self, Printed::Text)
    }
}

/// No printed value is longer (in bytes, spaces included): `16359.26412(万元)` is 20. Longer
/// cells are prose and are not scanned character by character.
const LONGEST_VALUE: usize = 96;

/// Reads a cell's text (full-width digits and signs read as ASCII).
pub fn read(cell: &str) -> Printed {
    if cell.len() > LONGEST_VALUE || !may_be_value(cell) {
        return Printed::Text;
    }
    if let Some(value) = plain_integer(cell) {
        return Printed::Integer {
            value,
            explicit_sign: false,
        };
    }
    if numbers_apart(cell) {
        return Printed::Several;
    }
    let text: String = cell
        .chars()
        .map(super::normalize::half_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    if matches!(text.as_str(), "" | "/" | "-" | "--" | "无" | "\\") {
        return Printed::Blank;
    }
    let (body, unit) = split_unit(&text);
    let (sign, digits, explicit_sign) = split_sign(body);
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Printed::Text;
    }
    if digits.contains(',') && !grouped_by_thousands(digits) {
        return Printed::Several;
    }
    let digits: String = digits.chars().filter(|&c| c != ',').collect();
    if unit.is_none()
        && !digits.contains('.')
        && let Ok(value) = digits.parse::<i64>()
    {
        return Printed::Integer {
            value: sign * value,
            explicit_sign,
        };
    }
    if sign < 0 {
        return Printed::Text;
    }
    match Decimal::parse(&canonical_decimal(&digits)) {
        Ok(amount) => Printed::Amount { amount, unit },
        Err(_) => Printed::Text,
    }
}

/// Whether two digits of a cell stand apart: spaces (a line break or a paragraph between
/// them in the page), or punctuation that separates numbers in Chinese text (，、；).
fn numbers_apart(cell: &str) -> bool {
    let mut after_digit = false;
    let mut gap = false;
    // The full-width comma is looked at before it is read as ASCII: it separates, never groups.
    for c in cell.chars() {
        if super::normalize::half_width(c).is_ascii_digit() {
            if after_digit && gap {
                return true;
            }
            after_digit = true;
            gap = false;
        } else if c.is_whitespace() || matches!(c, '，' | '、' | ';' | '；') {
            gap = after_digit;
        } else {
            after_digit = false;
            gap = false;
        }
    }
    false
}

/// `1,234` and `1,234,567.5`: groups of exactly three digits after the first; `1,23` is no number.
fn grouped_by_thousands(digits: &str) -> bool {
    let whole = digits.split('.').next().unwrap_or_default();
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3) && !digits.contains(".,")
}

/// Whether a cell could state a value, from its first character: most cells are labels and
/// prose, and are turned away before any copy is made.
fn may_be_value(cell: &str) -> bool {
    cell.trim_start().chars().next().is_none_or(|first| {
        matches!(
            super::normalize::half_width(first),
            '0'..='9' | '+' | '-' | '/' | '\\' | '.' | '无' | '增' | '减'
        )
    })
}

/// The commonest value, digits alone, read without normalizing the text first.
fn plain_integer(cell: &str) -> Option<i64> {
    if cell.is_empty() || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cell.parse().ok()
}

/// The decimal as the schema writes it: no leading zeros (but `0.5`, not `.5`).
fn canonical_decimal(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

fn split_unit(text: &str) -> (&str, Option<MoneyUnit>) {
    for (suffix, unit) in [
        ("(万元)", MoneyUnit::WanYuan),
        ("万元", MoneyUnit::WanYuan),
        ("(元)", MoneyUnit::Yuan),
        ("元", MoneyUnit::Yuan),
    ] {
        if let Some(body) = text.strip_suffix(suffix) {
            return (body, Some(unit));
        }
    }
    (text, None)
}

fn split_sign(text: &str) -> (i64, &str, bool) {
    for (prefix, sign) in [
        ("+", 1),
        ("增", 1),
        ("增加", 1),
        ("-", -1),
        ("减", -1),
        ("减少", -1),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (sign, rest, true);
        }
    }
    (1, text, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn integer(value: i64, explicit_sign: bool) -> Printed {
        Printed::Integer {
            value,
            explicit_sign,
        }
    }

    fn amount(text: &str, unit: Option<MoneyUnit>) -> Printed {
        let amount = Decimal::parse(text).unwrap();
        Printed::Amount { amount, unit }
    }

    #[test]
    fn blanks_are_not_zero() {
        // `⸺` is the two-em dash a PDF's font may print for `——`.
        for blank in ["", " ", "/", "-", "无", "--", "——", "⸺"] {
            assert_eq!(read(blank), Printed::Blank, "{blank:?}");
        }
        assert_eq!(read("0"), integer(0, false));
    }

    #[test]
    fn signed_changes() {
        assert_eq!(read("-257"), integer(-257, true));
        assert_eq!(read("+164"), integer(164, true));
        assert_eq!(read("减4"), integer(-4, true));
        assert_eq!(read("增2"), integer(2, true));
        assert_eq!(read("1,234"), integer(1234, false));
    }

    #[test]
    fn money_keeps_its_digits_and_unit() {
        assert_eq!(
            read("16359.26412(万元)"),
            amount("16359.26412", Some(MoneyUnit::WanYuan))
        );
        assert_eq!(
            read("1424.4万元"),
            amount("1424.4", Some(MoneyUnit::WanYuan))
        );
        assert_eq!(read("251000元"), amount("251000", Some(MoneyUnit::Yuan)));
        assert_eq!(read("2.02"), amount("2.02", None));
        assert_eq!(read("0.50"), amount("0.50", None));
    }

    /// Issue 15: a number the source does not state is never written.
    #[test]
    fn numbers_printed_apart_are_never_joined() {
        for cell in [
            "9 9", "9\u{a0}9", "1 0", "53，274", "5、3", "9 1", "1,23", "12,3456", "1,234,56",
        ] {
            assert_eq!(read(cell), Printed::Several, "{cell:?}");
        }
        assert_eq!(read("1,234,567"), integer(1_234_567, false));
        assert_eq!(
            read("1424.4 万元"),
            amount("1424.4", Some(MoneyUnit::WanYuan))
        );
        assert_eq!(read("+ 3"), integer(3, true));
        assert_eq!(read("１２３"), integer(123, false));
    }

    #[test]
    fn text_is_not_a_value() {
        for text in ["规章", "若干", "12件", "-1.5", "1.2.3"] {
            assert_eq!(read(text), Printed::Text, "{text:?}");
        }
    }
}
