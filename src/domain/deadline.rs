//! Statutory and house deadlines, and how urgent an item is.
//!
//! Each rule follows its legal wording literally, because "56 days beginning with" and
//! "56 days of" land on different days, and a day early or late matters when a response is
//! published or challenged.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::calendar::{Clock, HolidayCalendar};
use crate::domain::dates::{format_date, format_long};

/// The deadline rules an item can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// PCC response to an HMICFRS inspection report (Police Act 1996 s55).
    S55,
    /// Response to an IOPC recommendation.
    Iopc,
    /// Response to a coroner's prevention of future deaths (Regulation 28) report.
    Pfd,
    /// Reply to an incoming letter.
    Letter,
}

impl Rule {
    pub const ALL: [Rule; 4] = [Rule::S55, Rule::Iopc, Rule::Pfd, Rule::Letter];

    /// Reads a rule code; a few everyday names are accepted too.
    pub fn parse(s: &str) -> Option<Rule> {
        let norm = s.trim().to_lowercase().replace(['_', ' '], "-");
        match norm.as_str() {
            "s55" | "s.55" | "section-55" | "hmicfrs" => Some(Rule::S55),
            "iopc" => Some(Rule::Iopc),
            "pfd" | "reg28" | "reg-28" | "regulation-28" | "coroner" => Some(Rule::Pfd),
            "letter" | "letters" => Some(Rule::Letter),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Rule::S55 => "s55",
            Rule::Iopc => "iopc",
            Rule::Pfd => "pfd",
            Rule::Letter => "letter",
        }
    }

    /// One line: the legal wording and how it is counted, so the analyst can check the reading.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::S55 => {
                "s55 Police Act 1996: publish a response \"before the end of the period of 56 days \
                 beginning with the day on which the report is published\"; publication day is \
                 day 1, so the last day is publication + 55 calendar days"
            }
            Rule::Iopc => {
                "IOPC recommendation: respond within 56 days beginning with the day it was made; \
                 that day is day 1, so the last day is the day made + 55 calendar days"
            }
            Rule::Pfd => {
                "Coroner Regulation 28 report: respond \"within 56 days of the date on which the \
                 report is sent\"; the day sent is not counted, so the last day is the day sent + \
                 56 calendar days"
            }
            Rule::Letter => {
                "Letter: reply within the set number of working days after receipt (default 20), \
                 counted from the day after the day received"
            }
        }
    }

    /// The clock the rule counts on: statutory periods run in calendar days.
    pub fn clock(self, settings: &DeadlineSettings) -> Clock {
        match self {
            Rule::S55 | Rule::Iopc | Rule::Pfd => Clock::Calendar,
            Rule::Letter => settings.letter_clock,
        }
    }
}

/// The Royal Assent of the Policing and Crime Act 2017, which added the 56-day limit to s55.
const ROYAL_ASSENT_PCA_2017: NaiveDate = match NaiveDate::from_ymd_opt(2017, 1, 31) {
    Some(d) => d,
    None => panic!("2017-01-31 is a date"),
};

/// The choices an office may make differently; missing fields take the defaults.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DeadlineSettings {
    /// Reports published before this day have no s55 time limit. The default is the Royal
    /// Assent of the Policing and Crime Act 2017 (2017-01-31); it is a setting because the
    /// day the amendment to s55 came into force should be confirmed by the user.
    pub s55_time_limit_from: NaiveDate,
    /// Working days allowed to reply to a letter.
    pub letter_reply_working_days: u32,
    /// Working days the office gives the recipient of its own letter with asks to answer,
    /// counted from the day after the letter's date.
    pub outgoing_reply_working_days: u32,
    /// Which bank holidays letter replies skip.
    pub letter_clock: Clock,
    /// How many days ahead a due date counts as "due soon".
    pub due_soon_days: i64,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        Self {
            s55_time_limit_from: ROYAL_ASSENT_PCA_2017,
            letter_reply_working_days: 20,
            outgoing_reply_working_days: 20,
            letter_clock: Clock::EnglandWales,
            due_soon_days: 14,
        }
    }
}

/// A computed last day, or none, with what the analyst should know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub last_day: Option<NaiveDate>,
    pub clock: Clock,
    pub warnings: Vec<String>,
}

/// from = publication day (s55), day made (iopc), day sent (pfd), day received (letter).
pub fn deadline(
    rule: Rule,
    from: NaiveDate,
    cal: &HolidayCalendar,
    settings: &DeadlineSettings,
) -> Deadline {
    let clock = rule.clock(settings);
    let days_after = match rule {
        Rule::S55 if from < settings.s55_time_limit_from => {
            return Deadline {
                last_day: None,
                clock,
                warnings: vec![format!(
                    "published before {}, when the 56-day limit began: no statutory deadline \
                     (setting s55_time_limit_from)",
                    format_date(settings.s55_time_limit_from)
                )],
            };
        }
        // "56 days beginning with" day X: X is day 1.
        Rule::S55 | Rule::Iopc => 55,
        // "56 days of" day X: X is day 0.
        Rule::Pfd => 56,
        Rule::Letter => {
            return working_days_after(from, settings.letter_reply_working_days, clock, cal);
        }
    };
    working_days_after(from, days_after, Clock::Calendar, cal)
}

/// N working (or calendar) days after `from`, counted from the day after. Warns when the last
/// day is a weekend or holiday (UK-wide for the calendar clock, whose deadlines do not move),
/// and when an England & Wales last day is a holiday elsewhere in the UK.
pub fn working_days_after(
    from: NaiveDate,
    n: u32,
    clock: Clock,
    cal: &HolidayCalendar,
) -> Deadline {
    let Some(last) = cal.checked_add_working_days(from, n, clock) else {
        return Deadline {
            last_day: None,
            clock,
            warnings: vec![format!(
                "{n} days after {} is past the last date this program can hold: no deadline",
                format_date(from)
            )],
        };
    };
    let mut warnings = Vec::new();
    if let Some(reason) = off_reason(last, clock, cal) {
        warnings.push(format!(
            "the last day, {}, is {reason}: the deadline does not move, so send it by the \
             working day before",
            format_long(last)
        ));
    } else if let Some(name) = elsewhere_holiday(last, clock, cal) {
        warnings.push(format!(
            "the last day, {}, is {name}: a working day in England and Wales but not \
             everywhere in the UK",
            format_long(last)
        ));
    }
    Deadline {
        last_day: Some(last),
        clock,
        warnings,
    }
}

/// Why the last day is a day off on the clock that matters: UK-wide for calendar days (the
/// clock itself skips nothing), otherwise the clock's own days.
fn off_reason(day: NaiveDate, clock: Clock, cal: &HolidayCalendar) -> Option<String> {
    match day.weekday() {
        Weekday::Sat => Some("a Saturday".to_string()),
        Weekday::Sun => Some("a Sunday".to_string()),
        _ => cal.holiday_name(day, clock),
    }
}

/// A holiday elsewhere in the UK on a day the England & Wales clock counts as working, so
/// letters to Scotland or Northern Ireland are not expected back that day.
fn elsewhere_holiday(day: NaiveDate, clock: Clock, cal: &HolidayCalendar) -> Option<String> {
    if clock == Clock::EnglandWales {
        cal.holiday_name(day, Clock::UkWide)
    } else {
        None
    }
}

/// Where an item stands, for sorting and colouring lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    DueSoon,
    OnTrack,
    NoDueDate,
    Finished,
}

/// Overdue = not finished and due before today; due soon = due today..=today+window.
/// Finished wins over everything, so closed items never nag; a negative window counts as 0.
pub fn urgency(
    due_on: Option<NaiveDate>,
    finished: bool,
    today: NaiveDate,
    due_soon_days: i64,
) -> Urgency {
    if finished {
        return Urgency::Finished;
    }
    let Some(due) = due_on else {
        return Urgency::NoDueDate;
    };
    let ahead = (due - today).num_days();
    if ahead < 0 {
        Urgency::Overdue
    } else if ahead <= due_soon_days.max(0) {
        Urgency::DueSoon
    } else {
        Urgency::OnTrack
    }
}

/// Whole days past the due date; 0 unless overdue.
/// Whether a response sent on `sent` met its last day `due`, in words: "on time, 3 days
/// before the last day", "on time, on the last day", "LATE by 5 days".
pub fn timeliness(due: NaiveDate, sent: NaiveDate) -> String {
    match (due - sent).num_days() {
        0 => "on time, on the last day".into(),
        1 => "on time, 1 day before the last day".into(),
        d if d > 0 => format!("on time, {d} days before the last day"),
        -1 => "LATE by 1 day".into(),
        d => format!("LATE by {} days", -d),
    }
}

pub fn days_overdue(due_on: Option<NaiveDate>, finished: bool, today: NaiveDate) -> i64 {
    match due_on {
        Some(due) if !finished && due < today => (today - due).num_days(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> HolidayCalendar {
        HolidayCalendar::new()
    }

    fn due(rule: Rule, from: NaiveDate) -> Deadline {
        deadline(rule, from, &cal(), &DeadlineSettings::default())
    }

    fn letter(from: NaiveDate, n: u32, clock: Clock) -> Option<NaiveDate> {
        working_days_after(from, n, clock, &cal()).last_day
    }

    #[test]
    fn s55_counts_publication_day_as_day_one() {
        let dl = due(Rule::S55, d(2019, 3, 28));
        assert_eq!(dl.last_day, Some(d(2019, 5, 22)));
        assert_eq!(dl.clock, Clock::Calendar);
        assert!(dl.warnings.is_empty(), "{:?}", dl.warnings);
        assert_eq!(due(Rule::S55, d(2024, 1, 1)).last_day, Some(d(2024, 2, 25)));
    }

    #[test]
    fn s55_before_the_time_limit_has_no_deadline() {
        let dl = due(Rule::S55, d(2016, 6, 30));
        assert_eq!(dl.last_day, None);
        assert_eq!(
            dl.warnings,
            vec![
                "published before 2017-01-31, when the 56-day limit began: no statutory \
                 deadline (setting s55_time_limit_from)"
                    .to_string()
            ]
        );
        assert!(due(Rule::S55, d(2017, 1, 30)).last_day.is_none());
        assert_eq!(
            due(Rule::S55, d(2017, 1, 31)).last_day,
            Some(d(2017, 3, 27))
        );
        let settings = DeadlineSettings {
            s55_time_limit_from: d(2017, 4, 3),
            ..DeadlineSettings::default()
        };
        let dl = deadline(Rule::S55, d(2017, 2, 1), &cal(), &settings);
        assert_eq!(dl.last_day, None);
        assert!(dl.warnings[0].starts_with("published before 2017-04-03,"));
    }

    #[test]
    fn iopc_and_pfd_read_their_wording() {
        assert_eq!(
            due(Rule::Iopc, d(2024, 3, 1)).last_day,
            Some(d(2024, 4, 25))
        );
        assert_eq!(due(Rule::Pfd, d(2024, 3, 1)).last_day, Some(d(2024, 4, 26)));
        assert_eq!(
            due(Rule::Iopc, d(2019, 3, 28)).last_day,
            Some(d(2019, 5, 22))
        );
        assert_eq!(
            due(Rule::Pfd, d(2019, 3, 28)).last_day,
            Some(d(2019, 5, 23))
        );
        // IOPC and PFD have no start date: old ones still get a deadline.
        assert_eq!(due(Rule::Pfd, d(2015, 1, 1)).last_day, Some(d(2015, 2, 26)));
    }

    #[test]
    fn last_day_on_a_weekend_or_bank_holiday_warns_but_does_not_move() {
        let dl = due(Rule::S55, d(2022, 10, 31));
        assert_eq!(dl.last_day, Some(d(2022, 12, 25)));
        assert_eq!(
            dl.warnings,
            vec![
                "the last day, Sun 25 Dec 2022, is a Sunday: the deadline does not move, so \
                 send it by the working day before"
                    .to_string()
            ]
        );
        let dl = due(Rule::S55, d(2019, 10, 31));
        assert_eq!(dl.last_day, Some(d(2019, 12, 25)));
        assert_eq!(
            dl.warnings,
            vec![
                "the last day, Wed 25 Dec 2019, is Christmas Day: the deadline does not move, \
                 so send it by the working day before"
                    .to_string()
            ]
        );
        // Easter Monday 2025 (21 April) is 55 days after 25 February.
        let dl = due(Rule::Iopc, d(2025, 2, 25));
        assert_eq!(dl.last_day, Some(d(2025, 4, 21)));
        assert!(dl.warnings[0].contains("is Easter Monday (not Scotland)"));
        // Saturday.
        let dl = due(Rule::Pfd, d(2025, 2, 1));
        assert_eq!(dl.last_day, Some(d(2025, 3, 29)));
        assert!(dl.warnings[0].contains("Sat 29 Mar 2025, is a Saturday"));
    }

    #[test]
    fn letter_example_from_december_2025() {
        let received = d(2025, 12, 12);
        let dl = due(Rule::Letter, received);
        assert_eq!(dl.last_day, Some(d(2026, 1, 14)));
        assert_eq!(dl.clock, Clock::EnglandWales);
        assert!(dl.warnings.is_empty());
        let uk = DeadlineSettings {
            letter_clock: Clock::UkWide,
            ..DeadlineSettings::default()
        };
        let dl = deadline(Rule::Letter, received, &cal(), &uk);
        assert_eq!(dl.last_day, Some(d(2026, 1, 15)));
        assert_eq!(dl.clock, Clock::UkWide);
        let ten = DeadlineSettings {
            letter_reply_working_days: 10,
            ..DeadlineSettings::default()
        };
        assert_eq!(
            deadline(Rule::Letter, received, &cal(), &ten).last_day,
            Some(d(2025, 12, 30))
        );
    }

    #[test]
    fn letters_over_easter_2016() {
        let received = d(2016, 3, 24);
        assert_eq!(
            letter(received, 20, Clock::EnglandWales),
            Some(d(2016, 4, 25))
        );
        assert_eq!(letter(received, 20, Clock::UkWide), Some(d(2016, 4, 25)));
        assert_eq!(letter(received, 20, Clock::Calendar), Some(d(2016, 4, 13)));
        assert_eq!(
            letter(received, 1, Clock::EnglandWales),
            Some(d(2016, 3, 29))
        );
    }

    #[test]
    fn letters_over_ve_day_2020() {
        let received = d(2020, 5, 1);
        assert_eq!(
            letter(received, 5, Clock::EnglandWales),
            Some(d(2020, 5, 11))
        );
        assert_eq!(
            letter(received, 20, Clock::EnglandWales),
            Some(d(2020, 6, 2))
        );
        assert_eq!(
            letter(received, 1, Clock::EnglandWales),
            Some(d(2020, 5, 4))
        );
    }

    #[test]
    fn letters_over_the_platinum_jubilee_2022() {
        let received = d(2022, 6, 1);
        assert_eq!(
            letter(received, 3, Clock::EnglandWales),
            Some(d(2022, 6, 8))
        );
        assert_eq!(
            letter(received, 20, Clock::EnglandWales),
            Some(d(2022, 7, 1))
        );
        assert_eq!(
            letter(d(2022, 5, 27), 1, Clock::EnglandWales),
            Some(d(2022, 5, 30))
        );
    }

    #[test]
    fn letters_over_the_state_funeral_2022() {
        let received = d(2022, 9, 15);
        assert_eq!(
            letter(received, 3, Clock::EnglandWales),
            Some(d(2022, 9, 21))
        );
        assert_eq!(
            letter(received, 20, Clock::EnglandWales),
            Some(d(2022, 10, 14))
        );
        assert_eq!(letter(received, 20, Clock::UkWide), Some(d(2022, 10, 14)));
    }

    #[test]
    fn letters_over_the_coronation_2023() {
        let received = d(2023, 4, 28);
        assert_eq!(
            letter(received, 20, Clock::EnglandWales),
            Some(d(2023, 5, 31))
        );
        assert_eq!(
            letter(received, 1, Clock::EnglandWales),
            Some(d(2023, 5, 2))
        );
        assert_eq!(
            letter(d(2023, 5, 5), 1, Clock::EnglandWales),
            Some(d(2023, 5, 9))
        );
    }

    #[test]
    fn england_wales_last_day_on_a_scottish_holiday_is_flagged() {
        let dl = working_days_after(d(2025, 12, 31), 1, Clock::EnglandWales, &cal());
        assert_eq!(dl.last_day, Some(d(2026, 1, 2)));
        assert_eq!(
            dl.warnings,
            vec![
                "the last day, Fri 2 Jan 2026, is 2nd January (Scotland): a working day in \
                 England and Wales but not everywhere in the UK"
                    .to_string()
            ]
        );
        let dl = working_days_after(d(2025, 12, 31), 1, Clock::UkWide, &cal());
        assert_eq!(dl.last_day, Some(d(2026, 1, 5)));
        assert!(dl.warnings.is_empty());
    }

    #[test]
    fn zero_days_and_calendar_clock_warn_about_the_day_itself() {
        let dl = working_days_after(d(2026, 1, 3), 0, Clock::EnglandWales, &cal());
        assert_eq!(dl.last_day, Some(d(2026, 1, 3)));
        assert!(dl.warnings[0].contains("is a Saturday"));
        let dl = working_days_after(d(2025, 12, 24), 1, Clock::Calendar, &cal());
        assert_eq!(dl.last_day, Some(d(2025, 12, 25)));
        assert!(dl.warnings[0].contains("Thu 25 Dec 2025, is Christmas Day"));
        let dl = working_days_after(d(2025, 11, 30), 1, Clock::Calendar, &cal());
        assert!(dl.warnings[0].contains("St Andrew's Day (substitute day) (Scotland)"));
    }

    #[test]
    fn deadlines_past_the_end_of_time_are_none_not_panics() {
        let dl = working_days_after(NaiveDate::MAX, 1, Clock::EnglandWales, &cal());
        assert_eq!(dl.last_day, None);
        assert_eq!(dl.warnings.len(), 1);
        for rule in Rule::ALL {
            let dl = deadline(rule, NaiveDate::MAX, &cal(), &DeadlineSettings::default());
            assert_eq!(dl.last_day, None, "{rule:?}");
            let _ = deadline(rule, NaiveDate::MIN, &cal(), &DeadlineSettings::default());
        }
        let huge = DeadlineSettings {
            letter_reply_working_days: u32::MAX,
            ..DeadlineSettings::default()
        };
        assert_eq!(
            deadline(Rule::Letter, d(2025, 1, 1), &cal(), &huge).last_day,
            None
        );
    }

    #[test]
    fn urgency_boundaries() {
        let today = d(2025, 6, 10);
        let yesterday = d(2025, 6, 9);
        assert_eq!(urgency(Some(today), false, today, 14), Urgency::DueSoon);
        assert_eq!(days_overdue(Some(today), false, today), 0);
        assert_eq!(urgency(Some(yesterday), false, today, 14), Urgency::Overdue);
        assert_eq!(days_overdue(Some(yesterday), false, today), 1);
        assert_eq!(days_overdue(Some(d(2025, 5, 10)), false, today), 31);
        assert_eq!(
            urgency(Some(d(2025, 6, 24)), false, today, 14),
            Urgency::DueSoon
        );
        assert_eq!(
            urgency(Some(d(2025, 6, 25)), false, today, 14),
            Urgency::OnTrack
        );
        assert_eq!(urgency(None, false, today, 14), Urgency::NoDueDate);
        assert_eq!(days_overdue(None, false, today), 0);
        assert_eq!(urgency(Some(yesterday), true, today, 14), Urgency::Finished);
        assert_eq!(urgency(None, true, today, 14), Urgency::Finished);
        assert_eq!(days_overdue(Some(yesterday), true, today), 0);
        assert_eq!(urgency(Some(today), false, today, 0), Urgency::DueSoon);
        assert_eq!(
            urgency(Some(d(2025, 6, 11)), false, today, 0),
            Urgency::OnTrack
        );
        assert_eq!(urgency(Some(today), false, today, -5), Urgency::DueSoon);
        assert_eq!(
            urgency(Some(NaiveDate::MAX), false, NaiveDate::MIN, i64::MAX),
            Urgency::DueSoon
        );
        assert_eq!(
            days_overdue(Some(NaiveDate::MIN), false, NaiveDate::MAX),
            (NaiveDate::MAX - NaiveDate::MIN).num_days()
        );
        assert_eq!(
            serde_json::to_string(&Urgency::DueSoon).unwrap(),
            "\"due_soon\""
        );
    }

    #[test]
    fn rule_names_and_clocks() {
        for rule in Rule::ALL {
            assert_eq!(Rule::parse(rule.code()), Some(rule));
            assert_eq!(
                serde_json::to_string(&rule).unwrap(),
                format!("\"{}\"", rule.code())
            );
            assert!(!rule.describe().contains('\n'));
        }
        assert_eq!(Rule::parse(" S55 "), Some(Rule::S55));
        assert_eq!(Rule::parse("Reg 28"), Some(Rule::Pfd));
        assert_eq!(Rule::parse("nonsense"), None);
        let settings = DeadlineSettings::default();
        assert_eq!(Rule::S55.clock(&settings), Clock::Calendar);
        assert_eq!(Rule::Pfd.clock(&settings), Clock::Calendar);
        assert_eq!(Rule::Letter.clock(&settings), Clock::EnglandWales);
        assert!(Rule::S55.describe().contains("56 days"));
    }

    #[test]
    fn settings_defaults_and_serde() {
        let s = DeadlineSettings::default();
        assert_eq!(s.s55_time_limit_from, d(2017, 1, 31));
        assert_eq!(s.letter_reply_working_days, 20);
        assert_eq!(s.outgoing_reply_working_days, 20);
        assert_eq!(s.letter_clock, Clock::EnglandWales);
        assert_eq!(s.due_soon_days, 14);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<DeadlineSettings>(&json).unwrap(), s);
        let partial: DeadlineSettings =
            serde_json::from_str(r#"{"letter_clock":"uk_wide"}"#).unwrap();
        assert_eq!(partial.letter_clock, Clock::UkWide);
        assert_eq!(partial.letter_reply_working_days, 20);
    }
}
