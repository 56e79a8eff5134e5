//! M401–M407: report metadata — edition against year, the year itself, agency identifiers, dates
//! and the publication deadline.

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Rule;
use crate::model::Edition;
use crate::model::metadata::{Agency, AgencyLevel, CreditCode, Date, DivisionCode, ReportKind};

use super::Context;

pub fn check(context: &Context, out: &mut Vec<Diagnostic>) {
    let common = context.report.common();
    let year = common.report_year.get();

    let prescribed = Edition::prescribed_for(common.report_year);
    if prescribed != context.edition {
        out.push(
            Diagnostic::new(Rule::EditionYearMismatch, "/edition")
                .related(["/report_year"])
                .arg("year", year)
                .arg("expected", prescribed.tag())
                .arg("instrument", prescribed.instrument())
                .arg("edition", context.edition.tag()),
        );
    }
    if year > context.current_year {
        out.push(
            Diagnostic::new(Rule::FutureYear, "/report_year")
                .arg("year", year)
                .arg("current", context.current_year),
        );
    }
    if let Some(code) = &common.agency.credit_code {
        check_credit_code(code, out);
    }
    if let Some(code) = &common.agency.division_code {
        check_division_code(code, out);
    }

    let mut dates_exist = true;
    let dates = [
        ("/published_on", common.published_on),
        ("/period/start", common.period.map(|p| &p.start)),
        ("/period/end", common.period.map(|p| &p.end)),
    ];
    for (pointer, date) in dates {
        if let Some(date) = date
            && calendar_date(date).is_none()
        {
            dates_exist = false;
            out.push(Diagnostic::new(Rule::InvalidDate, pointer).arg("date", date.as_str()));
        }
    }
    if let Some(published) = common.published_on.and_then(calendar_date) {
        check_deadline(common.agency, year, published, out);
    }
    if let Some(period) = common.period
        && dates_exist
    {
        let (start, end) = (calendar_date(&period.start), calendar_date(&period.end));
        let within = |d: Option<(u16, u8, u8)>| d.is_some_and(|(y, _, _)| y == year);
        if !(within(start) && within(end) && start <= end) {
            out.push(
                Diagnostic::new(Rule::PeriodOutsideYear, "/period")
                    .related(["/report_year"])
                    .arg("start", period.start.as_str())
                    .arg("end", period.end.as_str())
                    .arg("year", year),
            );
        }
    }
}

/// (year, month, day) if the date exists in the Gregorian calendar.
fn calendar_date(date: &Date) -> Option<(u16, u8, u8)> {
    let text = date.as_str();
    let year: u16 = text.get(0..4)?.parse().ok()?;
    let month: u8 = text.get(5..7)?.parse().ok()?;
    let day: u8 = text.get(8..10)?.parse().ok()?;
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&day)
        .then_some((year, month, day))
}

/// The publication deadline 条例 第四十九条 sets, as (month, day) of the year after the report
/// year, with who it applies to: a department of a people's government at or above county level
/// by 1月31日, the 本级政府 report of a local people's government at or above county level by
/// 3月31日. None when the article does not govern the report or the kind is unknown: a township
/// (乡镇、街道) is not 县级以上, and a government whose level is unknown may be one.
fn deadline(agency: &Agency) -> Option<((u8, u8), &'static str, &'static str)> {
    match (agency.kind?, agency.level) {
        (_, Some(AgencyLevel::Township)) => None,
        (ReportKind::Department, _) => Some((
            (1, 31),
            "县级以上人民政府部门：每年1月31日前",
            "a department of a people's government at or above county level (by 31 January)",
        )),
        (ReportKind::Government, Some(_)) => Some((
            (3, 31),
            "县级以上地方人民政府本级报告：每年3月31日前",
            "the own report of a local people's government at or above county level (by 31 March)",
        )),
        (ReportKind::Government, None) => None,
    }
}

fn check_deadline(agency: &Agency, year: u16, published: (u16, u8, u8), out: &mut Vec<Diagnostic>) {
    let Some(((month, day), who_zh, who_en)) = deadline(agency) else {
        return;
    };
    let due = (year + 1, month, day);
    if published <= due {
        return;
    }
    let days_late = days_since_epoch(published) - days_since_epoch(due);
    let (y, m, d) = published;
    out.push(
        Diagnostic::new(Rule::LatePublication, "/published_on")
            .related(["/report_year", "/agency/kind"])
            .arg("year", year)
            .arg("published", format!("{y:04}-{m:02}-{d:02}"))
            .arg("due", format!("{:04}-{month:02}-{day:02}", due.0))
            .arg("days_late", days_late)
            .arg("who_zh", who_zh)
            .arg("who_en", who_en),
    );
}

/// Days from 1970-01-01 to a Gregorian date (H. Hinnant's days-from-civil).
fn days_since_epoch((year, month, day): (u16, u8, u8)) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The 31 characters of GB 32100, in value order.
const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The check character GB 32100 prescribes for the first 17 characters of `code`.
pub fn credit_code_check_character(code: &str) -> Option<char> {
    let mut weight = 1u32;
    let mut sum = 0u32;
    for byte in code.bytes().take(17) {
        let value = CREDIT_ALPHABET.iter().position(|&c| c == byte)? as u32;
        sum += value * weight;
        weight = weight * 3 % 31;
    }
    // When the sum is ≡ 0 (mod 31) the check value is 0, not 31.
    let check = (31 - sum % 31) % 31;
    Some(char::from(CREDIT_ALPHABET[check as usize]))
}

fn check_credit_code(code: &CreditCode, out: &mut Vec<Diagnostic>) {
    let text = code.as_str();
    let Some(expected) = credit_code_check_character(text) else {
        return;
    };
    let found = text.chars().last().unwrap_or_default();
    if expected != found {
        out.push(
            Diagnostic::new(Rule::CreditCodeCheck, "/agency/credit_code")
                .arg("code", text)
                .arg("expected", expected.to_string())
                .arg("found", found.to_string()),
        );
    }
}

/// Province-level codes of GB/T 2260 (including 71 台湾, 81 香港, 82 澳门).
const PROVINCES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

fn check_division_code(code: &DivisionCode, out: &mut Vec<Diagnostic>) {
    let province = &code.as_str()[..2];
    if !PROVINCES.contains(&province) {
        out.push(
            Diagnostic::new(Rule::DivisionCodeProvince, "/agency/division_code")
                .arg("code", code.as_str())
                .arg("province", province),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{credit_code_check_character, days_since_epoch};

    #[test]
    fn days_since_epoch_at_known_dates() {
        assert_eq!(days_since_epoch((1970, 1, 1)), 0);
        assert_eq!(days_since_epoch((2024, 12, 31)), 20_088);
        assert_eq!(days_since_epoch((2025, 1, 1)), 20_089);
        // 2024 is a leap year: 1 March is 60 days after 31 December 2023.
        assert_eq!(
            days_since_epoch((2024, 3, 1)) - days_since_epoch((2023, 12, 31)),
            61
        );
    }

    #[test]
    fn check_character_of_published_codes() {
        // The example of GB 32100-2015 and two codes from public registration records.
        assert_eq!(credit_code_check_character("91350100M000100Y4"), Some('3'));
        assert_eq!(credit_code_check_character("91440300192203821"), Some('6'));
        assert_eq!(credit_code_check_character("91110000802100433"), Some('B'));
    }

    #[test]
    fn a_sum_divisible_by_31_gives_zero() {
        // 9·1 + 1·3 + 4·9 + 2·27 + 1·26 + 21(M)·20 + 11(B)·29 + 10(A)·28 = 1147 = 37·31.
        assert_eq!(credit_code_check_character("91420100MB000000A"), Some('0'));
        assert_eq!(credit_code_check_character("00000000000000000"), Some('0'));
    }

    #[test]
    fn characters_outside_the_alphabet_have_no_check() {
        assert_eq!(credit_code_check_character("9135010IM000100Y4"), None);
    }
}
