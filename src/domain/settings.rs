//! The analyst's settings: how deadlines are counted and what "due soon" means. Stored in
//! the database so everyone on one tracker counts the same way.

use chrono::NaiveDate;

use super::calendar::Clock;
use super::deadline::DeadlineSettings;

/// Every setting: key, what it means.
pub const KEYS: &[(&str, &str)] = &[
    (
        "due_soon_days",
        "items due within this many days count as due soon (default 14)",
    ),
    (
        "letter_reply_working_days",
        "an incoming letter's reply is due this many working days after receipt (default 20)",
    ),
    (
        "outgoing_reply_working_days",
        "an answer to the office's own letter with asks is due this many working days after \
         the letter's date (default 20)",
    ),
    (
        "letter_clock",
        "the working-day clock for letter replies: ew (England & Wales) or uk (UK-wide) (default ew)",
    ),
    (
        "s55_time_limit_from",
        "reports published before this day have no s55 deadline (default 2017-01-31, Royal \
         Assent of the Policing and Crime Act 2017; set the commencement date your office uses)",
    ),
];

/// Applies one stored or typed setting; the error says what is accepted.
pub fn apply(settings: &mut DeadlineSettings, key: &str, value: &str) -> Result<(), String> {
    let value = value.trim();
    let shown = super::fields::quoted(value);
    let number = |max: i64| {
        value
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=max).contains(n))
            .ok_or_else(|| format!("{key} must be a whole number from 0 to {max}, not {shown}"))
    };
    match key {
        "due_soon_days" => settings.due_soon_days = number(366)?,
        "letter_reply_working_days" => settings.letter_reply_working_days = number(366)? as u32,
        "outgoing_reply_working_days" => settings.outgoing_reply_working_days = number(366)? as u32,
        "letter_clock" => {
            settings.letter_clock = Clock::parse(value)
                .ok_or_else(|| format!("letter_clock must be ew, uk or calendar, not {shown}"))?
        }
        "s55_time_limit_from" => {
            settings.s55_time_limit_from =
                NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
                    format!("s55_time_limit_from must be a YYYY-MM-DD date, not {shown}")
                })?
        }
        _ => {
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            return Err(format!(
                "there is no setting '{key}'; the settings are: {}",
                known.join(", ")
            ));
        }
    }
    Ok(())
}

/// The current value of each setting, as stored text.
pub fn values(settings: &DeadlineSettings) -> Vec<(&'static str, String)> {
    vec![
        ("due_soon_days", settings.due_soon_days.to_string()),
        (
            "letter_reply_working_days",
            settings.letter_reply_working_days.to_string(),
        ),
        (
            "outgoing_reply_working_days",
            settings.outgoing_reply_working_days.to_string(),
        ),
        ("letter_clock", settings.letter_clock.code().to_string()),
        (
            "s55_time_limit_from",
            settings.s55_time_limit_from.format("%Y-%m-%d").to_string(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_back_what_they_write() {
        let mut s = DeadlineSettings::default();
        for (key, value) in values(&DeadlineSettings::default()) {
            apply(&mut s, key, &value).unwrap();
        }
        assert_eq!(s, DeadlineSettings::default());
        apply(&mut s, "due_soon_days", "7").unwrap();
        assert_eq!(s.due_soon_days, 7);
        apply(&mut s, "outgoing_reply_working_days", "10").unwrap();
        assert_eq!(s.outgoing_reply_working_days, 10);
        assert!(apply(&mut s, "outgoing_reply_working_days", "ten").is_err());
        assert!(apply(&mut s, "due_soon_days", "-1").is_err());
        assert!(apply(&mut s, "letter_clock", "mars").is_err());
        assert!(
            apply(&mut s, "colour", "red")
                .unwrap_err()
                .contains("due_soon_days")
        );
    }
}
