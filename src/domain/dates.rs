//! Reading and writing dates the way analysts type them.
//!
//! Input is forgiving (UK day-first, written months, relative offsets, "26 Jan" without a year,
//! weekday names) because dates are typed in a hurry from letters and reports; output is always
//! ISO so stored values sort and compare.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The forms named in every "not a date" message, so the fix is on the same line as the error.
const FORMS: &str = "2024-06-30, 30/06/2024, 30 Jun 2024, 15th December 2014, 26 Jan, Jan 26, \
                     friday, next mon, last fri, today, tomorrow, yesterday, +14d, +2w, -3d, +1m";

/// Longest piece of the input echoed back, so a pasted paragraph cannot swamp the message.
const ECHO_LIMIT: usize = 40;

/// Why a typed date was refused; each message is one line and says what would work.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum DateError {
    #[error("no date given: use {FORMS}")]
    Empty,
    #[error("'{input}' is not a date: use {FORMS}")]
    Unrecognised { input: String },
    #[error("'{input}' is not a date (there is no month {month})")]
    NoSuchMonth { input: String, month: u32 },
    #[error("'{input}' is not a date (day {day} of {} {year} does not exist)", month_full(*month))]
    NoSuchDay {
        input: String,
        day: u32,
        month: u32,
        year: i32,
    },
    /// A day and month without a year that no year near today has ("31 Apr").
    #[error("'{input}' is not a date ({} has no day {day})", month_full(*month))]
    NoSuchDayInMonth { input: String, day: u32, month: u32 },
    /// Nearly a date: what is wrong with it, then the forms that work.
    #[error("'{input}' is not a date ({hint}): use {FORMS}")]
    NearMiss { input: String, hint: String },
    #[error("'{input}' is not a date ({} is a {}, not a {})",
        format_day(*date), weekday_full(date.weekday()), weekday_full(*named))]
    WrongWeekday {
        input: String,
        date: NaiveDate,
        named: Weekday,
    },
    #[error("'{input}' is too far from today to be a date")]
    OutOfRange { input: String },
    /// A real date, but not one a tracker of this kind holds (a typo, a sum gone wrong).
    #[error("'{input}' would be {}: dates from {FIRST_YEAR} to {LAST_YEAR} only", format_day(*date))]
    OutsideYears { input: String, date: NaiveDate },
}

/// The years a date may fall in: anything else is a typo (`+55000000d`, `0000-01-01`).
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// Whether a date is one the tracker holds (1900 to 2200).
pub fn within_years(d: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year())
}

/// Parses a date typed by a person; `today` anchors today/tomorrow/yesterday, offsets, weekday
/// names and dates written without a year.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DateError::Empty);
    }
    let lower = trimmed.to_lowercase();
    let found = match lower.as_str() {
        "today" => Some(Ok(today)),
        "tomorrow" => Some(today.succ_opt().ok_or(Problem::OutOfRange)),
        "yesterday" => Some(today.pred_opt().ok_or(Problem::OutOfRange)),
        _ => None,
    }
    .or_else(|| parse_relative(&lower, today))
    .or_else(|| parse_numeric(&lower))
    .or_else(|| parse_words(&lower, today));
    match found {
        Some(Ok(date)) if !within_years(date) => Err(DateError::OutsideYears {
            input: echo(trimmed),
            date,
        }),
        Some(Ok(date)) => Ok(date),
        Some(Err(problem)) => Err(problem.into_error(echo(trimmed))),
        None => Err(match near_miss(&lower) {
            Some(hint) => DateError::NearMiss {
                input: echo(trimmed),
                hint,
            },
            None => DateError::Unrecognised {
                input: echo(trimmed),
            },
        }),
    }
}

/// ISO form, the one stored and exported, because it sorts as text.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// "Thu 28 Mar 2019": the weekday is shown because deadlines on weekends matter.
pub fn format_long(d: NaiveDate) -> String {
    format!("{} {}", weekday_name(d.weekday()), format_day(d))
}

/// "28 Mar 2019": a date as people write it, without the weekday.
pub fn format_day(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

fn weekday_full(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn month_name(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    m.checked_sub(1)
        .and_then(|i| NAMES.get(i as usize))
        .copied()
        .unwrap_or("?")
}

fn month_full(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    m.checked_sub(1)
        .and_then(|i| NAMES.get(i as usize))
        .copied()
        .unwrap_or("?")
}

/// What went wrong before the input is attached, so sub-parsers stay simple.
enum Problem {
    NoSuchMonth(u32),
    NoSuchDay { day: u32, month: u32, year: i32 },
    NoSuchDayInMonth { day: u32, month: u32 },
    WrongWeekday { date: NaiveDate, named: Weekday },
    OutOfRange,
}

impl Problem {
    fn into_error(self, input: String) -> DateError {
        match self {
            Problem::NoSuchMonth(month) => DateError::NoSuchMonth { input, month },
            Problem::NoSuchDay { day, month, year } => DateError::NoSuchDay {
                input,
                day,
                month,
                year,
            },
            Problem::NoSuchDayInMonth { day, month } => {
                DateError::NoSuchDayInMonth { input, day, month }
            }
            Problem::WrongWeekday { date, named } => DateError::WrongWeekday { input, date, named },
            Problem::OutOfRange => DateError::OutOfRange { input },
        }
    }
}

/// Keeps error messages on one short line whatever was pasted in.
fn echo(input: &str) -> String {
    let mut out: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(ECHO_LIMIT)
        .collect();
    if input.chars().count() > ECHO_LIMIT {
        out.push('…');
    }
    out
}

type Parsed = Option<Result<NaiveDate, Problem>>;

/// `+14d`, `-3d`, `+2w`, `+1m`, `14d`, `+2 weeks`: None when the input is not of this shape.
fn parse_relative(s: &str, today: NaiveDate) -> Parsed {
    let (sign, rest) = match s.strip_prefix('+') {
        Some(rest) => (1, rest),
        None => match s.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, s),
        },
    };
    let rest = rest.trim_start();
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, unit) = rest.split_at(digits_end);
    if digits.is_empty() {
        return None;
    }
    let unit = match unit.trim() {
        "d" | "day" | "days" => Unit::Days,
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Weeks,
        "m" | "mo" | "mon" | "month" | "months" => Unit::Months,
        _ => return None,
    };
    Some(offset(today, sign, digits, unit).ok_or(Problem::OutOfRange))
}

enum Unit {
    Days,
    Weeks,
    Months,
}

fn offset(today: NaiveDate, sign: i8, digits: &str, unit: Unit) -> Option<NaiveDate> {
    let n: u64 = digits.parse().ok()?;
    match unit {
        Unit::Days | Unit::Weeks => {
            let days = if matches!(unit, Unit::Weeks) {
                n.checked_mul(7)?
            } else {
                n
            };
            if sign < 0 {
                today.checked_sub_days(Days::new(days))
            } else {
                today.checked_add_days(Days::new(days))
            }
        }
        Unit::Months => {
            let months = Months::new(u32::try_from(n).ok()?);
            if sign < 0 {
                today.checked_sub_months(months)
            } else {
                today.checked_add_months(months)
            }
        }
    }
}

/// All-digit forms: ISO year-first, or UK day-first with `/`, `-` or `.` and a 2- or 4-digit year.
fn parse_numeric(s: &str) -> Parsed {
    let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if parts[0].len() == 4 && parts[1].len() <= 2 && parts[2].len() <= 2 {
        (parts[0], parts[1], parts[2])
    } else if parts[0].len() <= 2 && parts[1].len() <= 2 && matches!(parts[2].len(), 2 | 4) {
        (parts[2], parts[1], parts[0])
    } else {
        return None;
    };
    let year = year_from(y)?;
    Some(build(year, m.parse().ok()?, d.parse().ok()?))
}

/// A 4-digit year as written, or a 2-digit one read as 2000 + yy (analysts' dates are recent).
fn year_from(s: &str) -> Option<i32> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = s.parse().ok()?;
    match s.len() {
        4 => Some(n),
        2 => Some(2000 + n),
        _ => None,
    }
}

fn build(year: i32, month: u32, day: u32) -> Result<NaiveDate, Problem> {
    if !(1..=12).contains(&month) {
        return Err(Problem::NoSuchMonth(month));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(Problem::NoSuchDay { day, month, year })
}

/// Written months: "30 Jun 2024", "15th December 2014", "Thu, 28 Mar 2019", "March 28, 2019";
/// without a year ("26 Jan", "Jan 26"); weekdays ("friday", "next mon", "last fri").
fn parse_words(s: &str, today: NaiveDate) -> Parsed {
    let mut tokens = words(s);
    match tokens.as_slice() {
        // "next monday" is "monday": the first one after today, as people mean it.
        [w] | ["next", w] => return weekday_from(w).map(|day| after(today, day)),
        ["last", w] => return weekday_from(w).map(|day| before(today, day)),
        _ => {}
    }
    let named = tokens.first().and_then(|t| weekday_from(t));
    if named.is_some() {
        tokens.remove(0);
    }
    tokens.retain(|t| *t != "of");
    let (a, b, year) = match tokens.as_slice() {
        [a, b, c] => (*a, *b, Some(year_from(c)?)),
        [a, b] => (*a, *b, None),
        _ => return None,
    };
    let (day, month) = match (day_from(a), month_from(b)) {
        (Some(day), Some(month)) => (day, month),
        _ => (day_from(b)?, month_from(a)?),
    };
    let found = match year {
        Some(year) => build(year, month, day),
        None => nearest(today, month, day),
    };
    let date = match found {
        Ok(date) => date,
        Err(problem) => return Some(Err(problem)),
    };
    match named {
        Some(named) if named != date.weekday() => Some(Err(Problem::WrongWeekday { date, named })),
        _ => Some(Ok(date)),
    }
}

/// The words of a written date, lowercase, without the punctuation people put between them.
fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The first `day` after today (never today: "friday" said on a Friday means next week's).
fn after(today: NaiveDate, day: Weekday) -> Result<NaiveDate, Problem> {
    let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today
        .checked_add_days(Days::new(ahead.into()))
        .ok_or(Problem::OutOfRange)
}

/// The last `day` before today.
fn before(today: NaiveDate, day: Weekday) -> Result<NaiveDate, Problem> {
    let back = (7 + today.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    let back = if back == 0 { 7 } else { back };
    today
        .checked_sub_days(Days::new(back.into()))
        .ok_or(Problem::OutOfRange)
}

/// A day and month without a year: the occurrence nearest to today (on 26 Nov 2026, "26 Jan"
/// is 26 Jan 2027 and "10 Nov" is 10 Nov 2026); halfway between, the later one. A 29 February
/// looks up to four years each way for a leap year.
fn nearest(today: NaiveDate, month: u32, day: u32) -> Result<NaiveDate, Problem> {
    if !(1..=12).contains(&month) {
        return Err(Problem::NoSuchMonth(month));
    }
    let year = today.year();
    (year.saturating_sub(4)..=year.saturating_add(4))
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| ((*d - today).num_days().abs(), *d < today))
        .ok_or(Problem::NoSuchDayInMonth { day, month })
}

/// What is wrong with input that is nearly a date, or None when it is not close to one.
fn near_miss(s: &str) -> Option<String> {
    let tokens = words(s);
    let unknown = |t: &str| {
        t.chars().all(char::is_alphabetic)
            && month_from(t).is_none()
            && weekday_from(t).is_none()
            && !matches!(t, "next" | "last" | "of")
    };
    match tokens.as_slice() {
        ["next" | "last" | "this", rest @ ..]
            if rest.len() != 1 || weekday_from(rest[0]).is_none() =>
        {
            let said = rest.join(" ");
            Some(match suggest(&said) {
                Some(name) => format!("did you mean {} {name}?", tokens[0]),
                None => format!(
                    "after '{}' give a day of the week, such as monday or fri",
                    tokens[0]
                ),
            })
        }
        ["this", _] => Some(format!(
            "leave out 'this': '{}' alone is the next one after today",
            tokens[1]
        )),
        _ => {
            let odd = tokens.iter().copied().find(|t| unknown(t))?;
            if let Some(name) = suggest(odd) {
                return Some(format!(
                    "'{odd}' is not a month or day of the week: did you mean {name}?"
                ));
            }
            // A day number beside an unknown word: the word was meant as a month.
            tokens
                .iter()
                .any(|t| day_from(t).is_some())
                .then(|| format!("'{odd}' is not a month: use Jan to Dec or January to December"))
        }
    }
}

/// The month or weekday name a mistyped word was most likely meant to be.
fn suggest(word: &str) -> Option<&'static str> {
    const NAMES: [&str; 19] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if word.chars().count() < 3 {
        return None;
    }
    NAMES
        .iter()
        .map(|name| {
            // A short form ("fri") is judged against the same length of the name.
            let prefix: String = name.chars().take(word.chars().count().max(3)).collect();
            let distance = strsim::damerau_levenshtein(word, name)
                .min(strsim::damerau_levenshtein(word, &prefix));
            (distance, *name)
        })
        .filter(|(distance, _)| *distance <= if word.chars().count() <= 4 { 1 } else { 2 })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// "15", "15th", "1st", "2nd", "3rd".
fn day_from(s: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn month_from(s: &str) -> Option<u32> {
    Some(match s {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    })
}

fn weekday_from(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_1900_to_2200_are_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for typed in [
            "+55000000d",
            "0000-01-01",
            "1899-12-31",
            "2201-01-01",
            "31/12/9999",
        ] {
            let e = parse_date(typed, today).unwrap_err();
            assert!(e.to_string().contains("1900 to 2200"), "{typed}: {e}");
        }
        assert!(parse_date("1900-01-01", today).is_ok());
        assert!(parse_date("2200-12-31", today).is_ok());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2024, 6, 12)
    }

    fn p(s: &str) -> Result<NaiveDate, DateError> {
        parse_date(s, today())
    }

    #[test]
    fn iso_and_uk_numeric_forms() {
        for s in [
            "2024-06-30",
            "2024/06/30",
            "30/06/2024",
            "30-06-2024",
            "30.06.2024",
            "30/06/24",
            "30/6/2024",
            "  30/06/2024  ",
        ] {
            assert_eq!(p(s), Ok(d(2024, 6, 30)), "{s}");
        }
        assert_eq!(p("1/2/2019"), Ok(d(2019, 2, 1)), "day first, not US order");
        assert_eq!(p("2024-6-3"), Ok(d(2024, 6, 3)));
        assert_eq!(p("05/01/99"), Ok(d(2099, 1, 5)), "two-digit years are 20yy");
    }

    #[test]
    fn written_months() {
        assert_eq!(p("30 Jun 2024"), Ok(d(2024, 6, 30)));
        assert_eq!(p("30 June 2024"), Ok(d(2024, 6, 30)));
        assert_eq!(p("4 May 2016"), Ok(d(2016, 5, 4)));
        assert_eq!(p("15th December 2014"), Ok(d(2014, 12, 15)));
        assert_eq!(p("1st March 2019"), Ok(d(2019, 3, 1)));
        assert_eq!(p("2nd March 2019"), Ok(d(2019, 3, 2)));
        assert_eq!(p("3rd March 2019"), Ok(d(2019, 3, 3)));
        assert_eq!(p("21st March 2019"), Ok(d(2019, 3, 21)));
        assert_eq!(p("20th October 2021"), Ok(d(2021, 10, 20)));
        assert_eq!(p("28 March, 2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("28th of March 2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("12 Sept 2022"), Ok(d(2022, 9, 12)));
        assert_eq!(p("12 Sept. 2022"), Ok(d(2022, 9, 12)));
        assert_eq!(p("12 sep 2022"), Ok(d(2022, 9, 12)));
        assert_eq!(p("March 28, 2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("Mar 28 2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("28-Mar-2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("30 Jun 24"), Ok(d(2024, 6, 30)));
        assert_eq!(p("  30 JUNE 2024 "), Ok(d(2024, 6, 30)));
    }

    #[test]
    fn weekday_prefix_is_checked() {
        assert_eq!(p("Thursday 28 March 2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("Thu, 28 Mar 2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("thurs 28th march 2019"), Ok(d(2019, 3, 28)));
        assert_eq!(p("Thursday, March 28, 2019"), Ok(d(2019, 3, 28)));
        let err = p("Fri 28 Mar 2019").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'Fri 28 Mar 2019' is not a date (28 Mar 2019 is a Thursday, not a Friday)"
        );
    }

    #[test]
    fn words_and_offsets() {
        assert_eq!(p("today"), Ok(today()));
        assert_eq!(p("TODAY"), Ok(today()));
        assert_eq!(p("tomorrow"), Ok(d(2024, 6, 13)));
        assert_eq!(p("yesterday"), Ok(d(2024, 6, 11)));
        assert_eq!(p("+14d"), Ok(d(2024, 6, 26)));
        assert_eq!(p("14d"), Ok(d(2024, 6, 26)));
        assert_eq!(p("+2w"), Ok(d(2024, 6, 26)));
        assert_eq!(p("-3d"), Ok(d(2024, 6, 9)));
        assert_eq!(p("-1w"), Ok(d(2024, 6, 5)));
        assert_eq!(p("+0d"), Ok(today()));
        assert_eq!(p("+1m"), Ok(d(2024, 7, 12)));
        assert_eq!(p("-6m"), Ok(d(2023, 12, 12)));
        assert_eq!(p("+2 weeks"), Ok(d(2024, 6, 26)));
        assert_eq!(p("+ 3 days"), Ok(d(2024, 6, 15)));
        assert_eq!(p("+14D"), Ok(d(2024, 6, 26)));
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(parse_date("+1m", d(2024, 1, 31)), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("+1m", d(2023, 1, 31)), Ok(d(2023, 2, 28)));
        assert_eq!(parse_date("-1m", d(2024, 3, 31)), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("+12m", d(2024, 2, 29)), Ok(d(2025, 2, 28)));
    }

    #[test]
    fn impossible_days_name_the_problem() {
        assert_eq!(
            p("31/02/2024").unwrap_err().to_string(),
            "'31/02/2024' is not a date (day 31 of February 2024 does not exist)"
        );
        assert!(p("29/02/2024").is_ok(), "2024 is a leap year");
        assert!(matches!(
            p("29 February 2023"),
            Err(DateError::NoSuchDay {
                day: 29,
                month: 2,
                year: 2023,
                ..
            })
        ));
        assert!(matches!(
            p("0/06/2024"),
            Err(DateError::NoSuchDay { day: 0, .. })
        ));
        assert_eq!(
            p("30/13/2024").unwrap_err().to_string(),
            "'30/13/2024' is not a date (there is no month 13)"
        );
        assert!(matches!(
            p("2024-00-10"),
            Err(DateError::NoSuchMonth { month: 0, .. })
        ));
    }

    /// Thursday 26 November 2026, the day the examples were written on.
    fn thu() -> NaiveDate {
        d(2026, 11, 26)
    }

    #[test]
    fn a_day_and_month_without_a_year_is_the_nearest_one() {
        let on = |s: &str| parse_date(s, thu());
        assert_eq!(
            on("26 Jan"),
            Ok(d(2027, 1, 26)),
            "two months ahead, not ten back"
        );
        assert_eq!(on("26 January"), Ok(d(2027, 1, 26)));
        assert_eq!(on("Jan 26"), Ok(d(2027, 1, 26)));
        assert_eq!(on("January 26th"), Ok(d(2027, 1, 26)));
        assert_eq!(on("10 Nov"), Ok(d(2026, 11, 10)), "sixteen days back");
        assert_eq!(on("26 Nov"), Ok(thu()));
        assert_eq!(on("1st of December"), Ok(d(2026, 12, 1)));
        assert_eq!(on("31 May"), Ok(d(2026, 5, 31)), "179 days back, 186 ahead");
        assert_eq!(on("20 May"), Ok(d(2027, 5, 20)), "175 days ahead, 190 back");
        // Halfway (183 days each way from 1 Jan 2024, a leap year between): the later one.
        assert_eq!(parse_date("2 Jul", d(2024, 1, 1)), Ok(d(2024, 7, 2)));
        assert_eq!(parse_date("10 Jan", d(2026, 12, 30)), Ok(d(2027, 1, 10)));
        assert_eq!(parse_date("20 Dec", d(2027, 1, 3)), Ok(d(2026, 12, 20)));
        assert_eq!(on("29 Feb"), Ok(d(2028, 2, 29)), "the nearest leap day");
        assert_eq!(
            on("31 Apr").unwrap_err().to_string(),
            "'31 Apr' is not a date (April has no day 31)"
        );
        assert_eq!(on("Fri 27 Nov"), Ok(d(2026, 11, 27)));
        assert_eq!(
            on("Fri 28 Nov").unwrap_err().to_string(),
            "'Fri 28 Nov' is not a date (28 Nov 2026 is a Saturday, not a Friday)"
        );
    }

    #[test]
    fn weekday_names_count_from_today() {
        let on = |s: &str| parse_date(s, thu());
        assert_eq!(on("friday"), Ok(d(2026, 11, 27)));
        assert_eq!(on("Fri"), Ok(d(2026, 11, 27)));
        assert_eq!(on("monday"), Ok(d(2026, 11, 30)));
        assert_eq!(on("next monday"), Ok(d(2026, 11, 30)), "the same as monday");
        assert_eq!(on("next mon"), Ok(d(2026, 11, 30)));
        assert_eq!(on("thursday"), Ok(d(2026, 12, 3)), "a week on, never today");
        assert_eq!(on("next thursday"), Ok(d(2026, 12, 3)));
        assert_eq!(on("last friday"), Ok(d(2026, 11, 20)));
        assert_eq!(on("last wed"), Ok(d(2026, 11, 25)));
        assert_eq!(
            on("last thursday"),
            Ok(d(2026, 11, 19)),
            "a week back, never today"
        );
        assert_eq!(on("  NEXT  Tues "), Ok(d(2026, 12, 1)));
        assert!(matches!(
            parse_date("friday", NaiveDate::MAX),
            Err(DateError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("last friday", NaiveDate::MIN),
            Err(DateError::OutOfRange { .. })
        ));
    }

    #[test]
    fn near_misses_say_what_is_wrong_and_list_the_forms() {
        let msg = |s: &str| parse_date(s, thu()).unwrap_err().to_string();
        let forms = "use 2024-06-30, 30/06/2024, 30 Jun 2024, 15th December 2014, 26 Jan, \
                     Jan 26, friday, next mon, last fri, today, tomorrow, yesterday, +14d, +2w, \
                     -3d, +1m";
        assert_eq!(
            msg("next week"),
            format!(
                "'next week' is not a date (after 'next' give a day of the week, such as \
                 monday or fri): {forms}"
            )
        );
        assert_eq!(
            msg("26 Janaury"),
            format!(
                "'26 Janaury' is not a date ('janaury' is not a month or day of the week: \
                 did you mean january?): {forms}"
            )
        );
        assert!(
            msg("fridya").contains("did you mean friday?"),
            "{}",
            msg("fridya")
        );
        assert!(msg("last fridya").contains("did you mean last friday?"));
        assert!(msg("next").contains("after 'next' give a day of the week"));
        assert!(msg("this friday").contains("leave out 'this'"));
        assert!(
            msg("26 Smrch")
                .contains("'smrch' is not a month or day of the week: did you mean march?"),
            "{}",
            msg("26 Smrch")
        );
        assert!(msg("26 Foo").contains("'foo' is not a month: use Jan to Dec"));
        assert_eq!(
            msg("someday"),
            format!("'someday' is not a date: {forms}"),
            "nothing near a date: just the forms"
        );
    }

    #[test]
    fn unrecognised_input_lists_the_forms() {
        assert_eq!(
            p("soon").unwrap_err().to_string(),
            "'soon' is not a date: use 2024-06-30, 30/06/2024, 30 Jun 2024, 15th December 2014, \
             26 Jan, Jan 26, friday, next mon, last fri, today, tomorrow, yesterday, +14d, +2w, \
             -3d, +1m"
        );
        assert_eq!(p("").unwrap_err(), DateError::Empty);
        assert_eq!(p("   ").unwrap_err(), DateError::Empty);
        assert!(
            DateError::Empty
                .to_string()
                .starts_with("no date given: use 2024-06-30")
        );
    }

    #[test]
    fn messages_stay_on_one_short_line() {
        let long = format!("a\nb{}", "x".repeat(500));
        let msg = p(&long).unwrap_err().to_string();
        assert!(!msg.contains('\n'));
        assert!(msg.contains('…'));
        assert!(msg.len() < 250, "{msg}");
    }

    #[test]
    fn huge_offsets_are_errors_not_overflow() {
        for s in [
            "+99999999999d",
            "-99999999999d",
            "+99999999999999999999999999d",
            "+3000000000w",
            "+4294967296m",
            "+99999999m",
            "-99999999m",
            "+2635249153387078802w",
        ] {
            assert!(
                matches!(p(s), Err(DateError::OutOfRange { .. })),
                "{s}: {:?}",
                p(s)
            );
        }
        assert!(matches!(
            parse_date("tomorrow", NaiveDate::MAX),
            Err(DateError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("yesterday", NaiveDate::MIN),
            Err(DateError::OutOfRange { .. })
        ));
        assert!(matches!(
            parse_date("+1d", NaiveDate::MAX),
            Err(DateError::OutOfRange { .. })
        ));
    }

    #[test]
    fn odd_strings_never_panic() {
        let odd = [
            "",
            "0/0/0",
            "00/00/00",
            "0000-00-00",
            "9999-99-99",
            "99/99/9999",
            "+",
            "-",
            "+d",
            "d",
            "--3d",
            "+-3d",
            "1/2",
            "1/2/3/4",
            "/ /",
            "...",
            "2024--06-30",
            "30//06/2024",
            "31 Smarch 2024",
            "31st",
            "th March 2024",
            "999th March 2024",
            "March",
            "Thursday",
            "Thursday Thursday 1 May 2024",
            "日本語",
            "٣٠/٠٦/٢٠٢٤",
            "３０/０６/２０２４",
            "🎉 1 May 2024",
            "1 May 2024 🎉",
            "\u{0}",
            "\u{feff}2024-06-30",
            "İ",
            "ǅ",
            "+1٣d",
            "+99999999999d",
            "-99999999999w",
            "4294967295/4294967295/4294967295",
            "2147483648-01-01",
            "99999999999999999999 May 2024",
            "1 May 99999999999999999999",
        ];
        for s in odd {
            let _ = parse_date(s, today());
            let _ = parse_date(s, NaiveDate::MAX);
            let _ = parse_date(s, NaiveDate::MIN);
        }
        assert!(p("0/0/0").is_err());
        assert!(p("日本語").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format_date(d(2019, 3, 28)), "2019-03-28");
        assert_eq!(format_date(d(2024, 1, 5)), "2024-01-05");
        assert_eq!(format_long(d(2019, 3, 28)), "Thu 28 Mar 2019");
        assert_eq!(format_long(d(2022, 12, 25)), "Sun 25 Dec 2022");
        assert_eq!(format_long(d(2026, 1, 2)), "Fri 2 Jan 2026");
    }

    #[test]
    fn formatted_dates_read_back() {
        let mut day = d(2015, 12, 20);
        while day < d(2017, 1, 10) {
            assert_eq!(p(&format_date(day)), Ok(day));
            assert_eq!(p(&format_long(day)), Ok(day));
            day = day.succ_opt().unwrap();
        }
    }
}
