//! UK bank holidays and working-day counting.
//!
//! Holidays are computed from rules so the tracker works offline for any year; a gov.uk
//! bank-holidays.json file can add days announced after this code was written.
//!
//! The rules are the modern ones. Earlier years are approximate: only the starts of New Year's
//! Day in England and Wales (1974), Early May (1978) and St Andrew's Day (2007) are modelled,
//! not the Whit Monday and early-August holidays that came before 1971.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// How a deadline's days are counted.
///
/// The calendar clock skips nothing, but its holiday names and non-working reasons describe the
/// UK-wide days, so a calendar-day deadline can still warn that its last day is a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Every day counts.
    Calendar,
    /// Weekends and England & Wales bank holidays are skipped.
    EnglandWales,
    /// Weekends and any UK nation's bank holidays are skipped: the cautious choice for
    /// correspondence with bodies in Scotland or Northern Ireland.
    UkWide,
}

impl Clock {
    /// Reads a typed or stored clock name; the serde names are accepted too.
    pub fn parse(s: &str) -> Option<Clock> {
        let norm = s.trim().to_lowercase().replace(['_', ' '], "-");
        match norm.as_str() {
            "calendar" | "cal" | "calendar-days" => Some(Clock::Calendar),
            "ew" | "e&w" | "england-wales" | "england-and-wales" => Some(Clock::EnglandWales),
            "uk" | "uk-wide" | "ukwide" => Some(Clock::UkWide),
            _ => None,
        }
    }

    /// Short name for settings and command lines.
    pub fn code(self) -> &'static str {
        match self {
            Clock::Calendar => "calendar",
            Clock::EnglandWales => "ew",
            Clock::UkWide => "uk",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Clock::Calendar => "calendar days",
            Clock::EnglandWales => "England & Wales working days",
            Clock::UkWide => "UK-wide working days",
        }
    }

    /// The nations whose bank holidays this clock skips.
    fn nations(self) -> &'static [Nation] {
        match self {
            Clock::Calendar => &[],
            Clock::EnglandWales => &[Nation::EnglandWales],
            Clock::UkWide => &Nation::ALL,
        }
    }

    /// The clock whose days name a date: the calendar clock borrows the UK-wide names.
    fn naming(self) -> Clock {
        match self {
            Clock::Calendar => Clock::UkWide,
            other => other,
        }
    }
}

/// The three bank-holiday jurisdictions (gov.uk "divisions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nation {
    EnglandWales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub const ALL: [Nation; 3] = [
        Nation::EnglandWales,
        Nation::Scotland,
        Nation::NorthernIreland,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Nation::EnglandWales => "England and Wales",
            Nation::Scotland => "Scotland",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }

    /// The key of this nation in gov.uk's bank-holidays.json.
    fn govuk_division(self) -> &'static str {
        match self {
            Nation::EnglandWales => "england-and-wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern-ireland",
        }
    }
}

/// One day off, with the nations that have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
    pub nations: Vec<Nation>,
}

/// Why a gov.uk bank-holidays file could not be used; nothing is added when this is returned.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CalendarError {
    #[error("the bank holidays file is not valid JSON: {0}")]
    Json(String),
    #[error(
        "the bank holidays file has no england-and-wales, scotland or northern-ireland list: \
         use the file from https://www.gov.uk/bank-holidays.json"
    )]
    NoDivisions,
    #[error("the bank holidays file's {division} list has no events")]
    NoEvents { division: String },
    #[error(
        "the bank holidays file's {division} list has an event {index} without a title and date"
    )]
    BadEvent { division: String, index: usize },
    #[error(
        "the bank holidays file's {division} list has a bad date '{date}': dates must be YYYY-MM-DD"
    )]
    BadDate { division: String, date: String },
}

/// Bank holidays: rules for every year plus days loaded from a file.
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    /// Days from a gov.uk file that the rules do not produce, keyed by date and nation.
    extra: BTreeMap<(NaiveDate, Nation), String>,
}

impl HolidayCalendar {
    /// Rules only: right for every year up to when this code was written, and for later years
    /// unless the government adds or moves a day.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the days in a gov.uk bank-holidays JSON document, the shape of
    /// <https://www.gov.uk/bank-holidays.json>:
    /// `{"england-and-wales":{"division":"england-and-wales","events":[{"title":"New Year’s Day",
    /// "date":"2019-01-01","notes":"","bunting":true}]},"scotland":{..},"northern-ireland":{..}}`.
    /// This is how days announced after this code was written get into the count.
    ///
    /// Returns how many dates gained a day off that the rules and earlier files did not know.
    /// A file can only add days, never remove one. Titles get a straight apostrophe and
    /// "(substitute day)" from the notes so they read like the built-in names.
    pub fn extend_from_govuk_json(&mut self, json: &str) -> Result<usize, CalendarError> {
        let doc: serde_json::Value =
            serde_json::from_str(json).map_err(|e| CalendarError::Json(e.to_string()))?;
        let mut found: Vec<(NaiveDate, Nation, String)> = Vec::new();
        let mut any_division = false;
        for nation in Nation::ALL {
            let division = nation.govuk_division();
            let Some(list) = doc.get(division) else {
                continue;
            };
            any_division = true;
            let events = list
                .get("events")
                .and_then(|e| e.as_array())
                .ok_or_else(|| CalendarError::NoEvents {
                    division: division.to_string(),
                })?;
            for (index, event) in events.iter().enumerate() {
                let (Some(title), Some(date)) = (
                    event.get("title").and_then(|t| t.as_str()),
                    event.get("date").and_then(|d| d.as_str()),
                ) else {
                    return Err(CalendarError::BadEvent {
                        division: division.to_string(),
                        index: index + 1,
                    });
                };
                let day = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
                    CalendarError::BadDate {
                        division: division.to_string(),
                        date: date.chars().take(40).collect(),
                    }
                })?;
                let notes = event.get("notes").and_then(|n| n.as_str()).unwrap_or("");
                found.push((day, nation, govuk_title(title, notes)));
            }
        }
        if !any_division {
            return Err(CalendarError::NoDivisions);
        }
        let mut added = BTreeSet::new();
        for (date, nation, name) in found {
            let known = self.extra.contains_key(&(date, nation))
                || rule_days(date.year(), nation)
                    .iter()
                    .any(|(d, _)| *d == date);
            if !known {
                self.extra.insert((date, nation), name);
                added.insert(date);
            }
        }
        Ok(added.len())
    }

    /// The days the clock skips in a year, other than weekends, sorted by date. For UkWide it
    /// is the union of the nations, one entry per date, and the name says which nations when
    /// not all ("St Andrew's Day (Scotland)", "Easter Monday (not Scotland)"). The calendar
    /// clock skips nothing, so it has none.
    pub fn holidays(&self, year: i32, clock: Clock) -> Vec<Holiday> {
        let mut by_date: BTreeMap<NaiveDate, Vec<(Nation, String)>> = BTreeMap::new();
        for &nation in clock.nations() {
            for (date, name) in self.nation_days(year, nation) {
                by_date.entry(date).or_default().push((nation, name));
            }
        }
        by_date
            .into_iter()
            .map(|(date, entries)| combine(date, entries, clock))
            .collect()
    }

    /// The name of the holiday on a date, if the clock has one (the calendar clock reports the
    /// UK-wide name, for labelling).
    pub fn holiday_name(&self, date: NaiveDate, clock: Clock) -> Option<String> {
        let clock = clock.naming();
        let entries: Vec<(Nation, String)> = clock
            .nations()
            .iter()
            .filter_map(|&nation| self.nation_name(date, nation).map(|name| (nation, name)))
            .collect();
        if entries.is_empty() {
            None
        } else {
            Some(combine(date, entries, clock).name)
        }
    }

    /// Whether the day counts towards a working-day period. Calendar clock: every day is a
    /// working day.
    pub fn is_working_day(&self, date: NaiveDate, clock: Clock) -> bool {
        clock == Clock::Calendar
            || (!is_weekend(date)
                && clock
                    .nations()
                    .iter()
                    .all(|&nation| self.nation_name(date, nation).is_none()))
    }

    /// The date N working days after `from`, counting from the day after `from` (day 1 is the
    /// first working day after `from`, which is how "within 20 working days of receipt" is
    /// read). Calendar clock: from + n days. n == 0 returns `from`. Saturates at the last date
    /// chrono can hold rather than panicking.
    pub fn add_working_days(&self, from: NaiveDate, n: u32, clock: Clock) -> NaiveDate {
        self.checked_add_working_days(from, n, clock)
            .unwrap_or(NaiveDate::MAX)
    }

    /// As [`HolidayCalendar::add_working_days`], but None when the answer is past the last
    /// date chrono can hold, so callers can say so instead of showing a nonsense date.
    pub fn checked_add_working_days(
        &self,
        from: NaiveDate,
        n: u32,
        clock: Clock,
    ) -> Option<NaiveDate> {
        if n == 0 {
            return Some(from);
        }
        if clock == Clock::Calendar {
            return from.checked_add_days(Days::new(u64::from(n)));
        }
        let mut remaining = u64::from(n);
        // Even with no holidays the answer would be past chrono's last date: say so at once
        // rather than counting through a quarter of a million years.
        if remaining > weekdays_after(from, NaiveDate::MAX) {
            return None;
        }
        // The last day counted so far; whole years are skipped by counting, not stepping, so a
        // huge n finishes quickly.
        let mut cursor = from;
        loop {
            let year = cursor.succ_opt()?.year();
            let year_end = NaiveDate::from_ymd_opt(year, 12, 31)?;
            let mut off = self.skipped_weekdays(year, clock);
            off.retain(|date| *date > cursor);
            let available = weekdays_after(cursor, year_end) - off.len() as u64;
            if available < remaining {
                remaining -= available;
                cursor = year_end;
                continue;
            }
            let mut day = cursor;
            loop {
                day = day.succ_opt()?;
                if !is_weekend(day) && off.binary_search(&day).is_err() {
                    remaining -= 1;
                    if remaining == 0 {
                        return Some(day);
                    }
                }
            }
        }
    }

    /// Why a day is not a working day on the clock: "Saturday", "Sunday", "Christmas Day",
    /// "St Andrew's Day (Scotland)". None for an ordinary weekday. The calendar clock answers
    /// as UK-wide, because the question is asked to warn about calendar-day deadlines.
    pub fn non_working_reason(&self, date: NaiveDate, clock: Clock) -> Option<String> {
        match date.weekday() {
            Weekday::Sat => Some("Saturday".to_string()),
            Weekday::Sun => Some("Sunday".to_string()),
            _ => self.holiday_name(date, clock),
        }
    }

    /// The weekdays in a year that the clock skips, sorted and unique; cheaper than
    /// [`HolidayCalendar::holidays`] because counting needs no names.
    fn skipped_weekdays(&self, year: i32, clock: Clock) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = Vec::with_capacity(16);
        for &nation in clock.nations() {
            dates.extend(rule_days(year, nation).into_iter().map(|(date, _)| date));
            dates.extend(
                self.extra_in_year(year)
                    .filter(|(_, n, _)| *n == nation)
                    .map(|(date, _, _)| date),
            );
        }
        dates.retain(|date| !is_weekend(*date));
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// One nation's days off in a year: rules first, then file days on other dates.
    fn nation_days(&self, year: i32, nation: Nation) -> Vec<(NaiveDate, String)> {
        let mut days: BTreeMap<NaiveDate, String> = rule_days(year, nation)
            .into_iter()
            .map(|(date, name)| (date, name.to_string()))
            .collect();
        for (date, n, name) in self.extra_in_year(year) {
            if n == nation {
                days.entry(date).or_insert_with(|| name.clone());
            }
        }
        days.into_iter().collect()
    }

    /// File days dated in one year, in date order.
    fn extra_in_year(&self, year: i32) -> impl Iterator<Item = (NaiveDate, Nation, &String)> {
        NaiveDate::from_ymd_opt(year, 1, 1)
            .into_iter()
            .flat_map(move |start| {
                self.extra
                    .range((start, Nation::EnglandWales)..)
                    .take_while(move |((date, _), _)| date.year() == year)
            })
            .map(|((date, nation), name)| (*date, *nation, name))
    }

    fn nation_name(&self, date: NaiveDate, nation: Nation) -> Option<String> {
        rule_days(date.year(), nation)
            .into_iter()
            .find(|(d, _)| *d == date)
            .map(|(_, name)| name.to_string())
            .or_else(|| self.extra.get(&(date, nation)).cloned())
    }
}

/// Merges the nations' entries for one date into one holiday, naming the nations when the day
/// is not UK-wide so an England-based analyst can see a Scottish-only day for what it is.
fn combine(date: NaiveDate, mut entries: Vec<(Nation, String)>, clock: Clock) -> Holiday {
    entries.sort();
    let nations: Vec<Nation> = entries.iter().map(|(n, _)| *n).collect();
    let mut names: Vec<(&str, Vec<Nation>)> = Vec::new();
    for (nation, name) in &entries {
        match names.iter_mut().find(|(existing, _)| existing == name) {
            Some((_, list)) => list.push(*nation),
            None => names.push((name.as_str(), vec![*nation])),
        }
    }
    let name = if clock != Clock::UkWide || (names.len() == 1 && nations.len() == Nation::ALL.len())
    {
        names
            .first()
            .map(|(name, _)| name.to_string())
            .unwrap_or_default()
    } else if names.len() == 1 {
        format!("{} ({})", names[0].0, which_nations(&nations))
    } else {
        names
            .iter()
            .map(|(name, list)| {
                let list: Vec<&str> = list.iter().map(|n| n.label()).collect();
                format!("{name} ({})", list.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    Holiday {
        date,
        name,
        nations,
    }
}

/// "Scotland", or "not Scotland" when two of the three have it: shorter than listing both.
fn which_nations(nations: &[Nation]) -> String {
    match nations {
        [one] => one.label().to_string(),
        _ => match Nation::ALL.iter().find(|n| !nations.contains(n)) {
            Some(missing) => format!("not {}", missing.label()),
            None => String::new(),
        },
    }
}

/// gov.uk titles use a curly apostrophe and keep "Substitute day" in the notes.
fn govuk_title(title: &str, notes: &str) -> String {
    let mut name = title.trim().replace('\u{2019}', "'");
    if name.is_empty() {
        name = "Bank holiday".to_string();
    }
    if notes.to_lowercase().contains("substitute") && !name.to_lowercase().contains("substitute") {
        name.push_str(" (substitute day)");
    }
    name
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday to Friday days in (after, last].
fn weekdays_after(after: NaiveDate, last: NaiveDate) -> u64 {
    let span = u64::try_from((last - after).num_days()).unwrap_or(0);
    let first = u64::from(after.weekday().num_days_from_monday()) + 1;
    let partial = (0..span % 7).filter(|i| (first + i) % 7 < 5).count() as u64;
    span / 7 * 5 + partial
}

/// One-off days proclaimed for a single year, with the nations that had them.
const ONE_OFF: &[(i32, u32, u32, &str, &[Nation])] = &[
    (1999, 12, 31, "Millennium bank holiday", &Nation::ALL),
    (2002, 6, 3, "Golden Jubilee bank holiday", &Nation::ALL),
    (2011, 4, 29, "Royal wedding bank holiday", &Nation::ALL),
    (2012, 6, 5, "Queen's Diamond Jubilee", &Nation::ALL),
    (2022, 6, 3, "Platinum Jubilee bank holiday", &Nation::ALL),
    (
        2022,
        9,
        19,
        "Bank Holiday for the State Funeral of Queen Elizabeth II",
        &Nation::ALL,
    ),
    (
        2023,
        5,
        8,
        "Bank holiday for the coronation of King Charles III",
        &Nation::ALL,
    ),
    // Proclaimed 4 Feb 2026 for Scotland's first men's World Cup match since 1998.
    (2026, 6, 15, "World Cup bank holiday", &[Nation::Scotland]),
];

const NEW_YEAR: &str = "New Year's Day";
const NEW_YEAR_SUB: &str = "New Year's Day (substitute day)";
const CHRISTMAS: &str = "Christmas Day";
const CHRISTMAS_SUB: &str = "Christmas Day (substitute day)";
const BOXING: &str = "Boxing Day";
const BOXING_SUB: &str = "Boxing Day (substitute day)";

/// The rule-made days off for one nation, sorted; empty when a date cannot be represented.
fn rule_days(year: i32, nation: Nation) -> Vec<(NaiveDate, &'static str)> {
    let mut days = rule_days_opt(year, nation).unwrap_or_default();
    days.sort();
    days
}

fn rule_days_opt(year: i32, nation: Nation) -> Option<Vec<(NaiveDate, &'static str)>> {
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let mut days: Vec<(NaiveDate, &'static str)> = Vec::with_capacity(14);

    if nation == Nation::Scotland {
        observe(&mut days, ymd(1, 1)?, NEW_YEAR, NEW_YEAR_SUB)?;
        observe(
            &mut days,
            ymd(1, 2)?,
            "2nd January",
            "2nd January (substitute day)",
        )?;
    } else if year >= 1974 {
        observe(&mut days, ymd(1, 1)?, NEW_YEAR, NEW_YEAR_SUB)?;
    }

    if nation == Nation::NorthernIreland {
        observe(
            &mut days,
            ymd(3, 17)?,
            "St Patrick's Day",
            "St Patrick's Day (substitute day)",
        )?;
    }

    let easter = easter_sunday(year)?;
    days.push((easter.checked_sub_days(Days::new(2))?, "Good Friday"));
    if nation != Nation::Scotland {
        days.push((easter.checked_add_days(Days::new(1))?, "Easter Monday"));
    }

    if year >= 1978 {
        // Moved to VE Day for its 50th and 75th anniversaries.
        match year {
            1995 | 2020 => days.push((ymd(5, 8)?, "Early May bank holiday (VE day)")),
            _ => days.push((nth_monday(year, 5, 1)?, "Early May bank holiday")),
        }
    }

    // Moved to sit beside the Golden, Diamond and Platinum Jubilee days.
    let spring = match year {
        2002 | 2012 => ymd(6, 4)?,
        2022 => ymd(6, 2)?,
        _ => last_monday(year, 5)?,
    };
    days.push((spring, "Spring bank holiday"));

    if nation == Nation::NorthernIreland {
        observe(
            &mut days,
            ymd(7, 12)?,
            "Battle of the Boyne (Orangemen's Day)",
            "Battle of the Boyne (Orangemen's Day) (substitute day)",
        )?;
    }

    let summer = if nation == Nation::Scotland {
        nth_monday(year, 8, 1)?
    } else {
        last_monday(year, 8)?
    };
    days.push((summer, "Summer bank holiday"));

    if nation == Nation::Scotland && year >= 2007 {
        observe(
            &mut days,
            ymd(11, 30)?,
            "St Andrew's Day",
            "St Andrew's Day (substitute day)",
        )?;
    }

    // gov.uk names the days this way: when Christmas is a Sunday, Boxing Day keeps Monday 26th
    // and Christmas moves to Tuesday 27th.
    let christmas = ymd(12, 25)?;
    let (c, b) = match christmas.weekday() {
        Weekday::Fri => ((25, CHRISTMAS), (28, BOXING_SUB)),
        Weekday::Sat => ((27, CHRISTMAS_SUB), (28, BOXING_SUB)),
        Weekday::Sun => ((27, CHRISTMAS_SUB), (26, BOXING)),
        _ => ((25, CHRISTMAS), (26, BOXING)),
    };
    days.push((ymd(12, c.0)?, c.1));
    days.push((ymd(12, b.0)?, b.1));

    for &(y, m, d, name, nations) in ONE_OFF {
        if y == year && nations.contains(&nation) {
            days.push((ymd(m, d)?, name));
        }
    }
    Some(days)
}

/// Adds a fixed-date holiday, or its substitute: the next weekday not already a holiday.
fn observe(
    days: &mut Vec<(NaiveDate, &'static str)>,
    date: NaiveDate,
    name: &'static str,
    substitute: &'static str,
) -> Option<()> {
    let taken = |d: NaiveDate, days: &[(NaiveDate, &str)]| days.iter().any(|(x, _)| *x == d);
    if !is_weekend(date) && !taken(date, days) {
        days.push((date, name));
        return Some(());
    }
    let mut day = date;
    loop {
        day = day.succ_opt()?;
        if !is_weekend(day) && !taken(day, days) {
            days.push((day, substitute));
            return Some(());
        }
    }
}

fn nth_monday(year: i32, month: u32, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n)
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    let last = if month == 12 {
        NaiveDate::from_ymd_opt(year, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()?
    };
    let back = u64::from(last.weekday().num_days_from_monday());
    last.checked_sub_days(Days::new(back))
}

/// Gregorian Easter Sunday by the anonymous (Meeus/Jones/Butcher) algorithm; floor division
/// keeps it right for negative years too.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn iso(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn listed(cal: &HolidayCalendar, year: i32, clock: Clock) -> Vec<(String, String)> {
        cal.holidays(year, clock)
            .into_iter()
            .map(|h| (h.date.format("%Y-%m-%d").to_string(), h.name))
            .collect()
    }

    fn expect(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(d, n)| (d.to_string(), n.to_string()))
            .collect()
    }

    fn nation_list(year: i32, nation: Nation) -> Vec<(String, String)> {
        rule_days(year, nation)
            .into_iter()
            .map(|(date, name)| (date.format("%Y-%m-%d").to_string(), name.to_string()))
            .collect()
    }

    #[test]
    fn easter_known_years() {
        for (year, date) in [
            (1900, "1900-04-15"),
            (1943, "1943-04-25"),
            (1961, "1961-04-02"),
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2011, "2011-04-24"),
            (2016, "2016-03-27"),
            (2019, "2019-04-21"),
            (2020, "2020-04-12"),
            (2022, "2022-04-17"),
            (2023, "2023-04-09"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(year), Some(iso(date)), "{year}");
        }
    }

    #[test]
    fn england_wales_2016() {
        let cal = HolidayCalendar::new();
        assert_eq!(
            listed(&cal, 2016, Clock::EnglandWales),
            expect(&[
                ("2016-01-01", "New Year's Day"),
                ("2016-03-25", "Good Friday"),
                ("2016-03-28", "Easter Monday"),
                ("2016-05-02", "Early May bank holiday"),
                ("2016-05-30", "Spring bank holiday"),
                ("2016-08-29", "Summer bank holiday"),
                ("2016-12-26", "Boxing Day"),
                ("2016-12-27", "Christmas Day (substitute day)"),
            ])
        );
    }

    #[test]
    fn england_wales_2019() {
        let cal = HolidayCalendar::new();
        assert_eq!(
            listed(&cal, 2019, Clock::EnglandWales),
            expect(&[
                ("2019-01-01", "New Year's Day"),
                ("2019-04-19", "Good Friday"),
                ("2019-04-22", "Easter Monday"),
                ("2019-05-06", "Early May bank holiday"),
                ("2019-05-27", "Spring bank holiday"),
                ("2019-08-26", "Summer bank holiday"),
                ("2019-12-25", "Christmas Day"),
                ("2019-12-26", "Boxing Day"),
            ])
        );
    }

    #[test]
    fn england_wales_2020_ve_day() {
        let cal = HolidayCalendar::new();
        assert_eq!(
            listed(&cal, 2020, Clock::EnglandWales),
            expect(&[
                ("2020-01-01", "New Year's Day"),
                ("2020-04-10", "Good Friday"),
                ("2020-04-13", "Easter Monday"),
                ("2020-05-08", "Early May bank holiday (VE day)"),
                ("2020-05-25", "Spring bank holiday"),
                ("2020-08-31", "Summer bank holiday"),
                ("2020-12-25", "Christmas Day"),
                ("2020-12-28", "Boxing Day (substitute day)"),
            ])
        );
        assert!(cal.is_working_day(d(2020, 5, 4), Clock::EnglandWales));
    }

    #[test]
    fn england_wales_2021_christmas_on_saturday() {
        let cal = HolidayCalendar::new();
        let list = listed(&cal, 2021, Clock::EnglandWales);
        assert_eq!(
            &list[list.len() - 2..],
            expect(&[
                ("2021-12-27", "Christmas Day (substitute day)"),
                ("2021-12-28", "Boxing Day (substitute day)"),
            ])
        );
    }

    #[test]
    fn england_wales_2022_jubilee_and_funeral() {
        let cal = HolidayCalendar::new();
        assert_eq!(
            listed(&cal, 2022, Clock::EnglandWales),
            expect(&[
                ("2022-01-03", "New Year's Day (substitute day)"),
                ("2022-04-15", "Good Friday"),
                ("2022-04-18", "Easter Monday"),
                ("2022-05-02", "Early May bank holiday"),
                ("2022-06-02", "Spring bank holiday"),
                ("2022-06-03", "Platinum Jubilee bank holiday"),
                ("2022-08-29", "Summer bank holiday"),
                (
                    "2022-09-19",
                    "Bank Holiday for the State Funeral of Queen Elizabeth II"
                ),
                ("2022-12-26", "Boxing Day"),
                ("2022-12-27", "Christmas Day (substitute day)"),
            ])
        );
        assert!(cal.is_working_day(d(2022, 5, 30), Clock::EnglandWales));
    }

    #[test]
    fn england_wales_2023_coronation() {
        let cal = HolidayCalendar::new();
        assert_eq!(
            listed(&cal, 2023, Clock::EnglandWales),
            expect(&[
                ("2023-01-02", "New Year's Day (substitute day)"),
                ("2023-04-07", "Good Friday"),
                ("2023-04-10", "Easter Monday"),
                ("2023-05-01", "Early May bank holiday"),
                (
                    "2023-05-08",
                    "Bank holiday for the coronation of King Charles III"
                ),
                ("2023-05-29", "Spring bank holiday"),
                ("2023-08-28", "Summer bank holiday"),
                ("2023-12-25", "Christmas Day"),
                ("2023-12-26", "Boxing Day"),
            ])
        );
    }

    #[test]
    fn england_wales_2025() {
        let cal = HolidayCalendar::new();
        assert_eq!(
            listed(&cal, 2025, Clock::EnglandWales),
            expect(&[
                ("2025-01-01", "New Year's Day"),
                ("2025-04-18", "Good Friday"),
                ("2025-04-21", "Easter Monday"),
                ("2025-05-05", "Early May bank holiday"),
                ("2025-05-26", "Spring bank holiday"),
                ("2025-08-25", "Summer bank holiday"),
                ("2025-12-25", "Christmas Day"),
                ("2025-12-26", "Boxing Day"),
            ])
        );
    }

    #[test]
    fn england_wales_2026() {
        let cal = HolidayCalendar::new();
        assert_eq!(
            listed(&cal, 2026, Clock::EnglandWales),
            expect(&[
                ("2026-01-01", "New Year's Day"),
                ("2026-04-03", "Good Friday"),
                ("2026-04-06", "Easter Monday"),
                ("2026-05-04", "Early May bank holiday"),
                ("2026-05-25", "Spring bank holiday"),
                ("2026-08-31", "Summer bank holiday"),
                ("2026-12-25", "Christmas Day"),
                ("2026-12-28", "Boxing Day (substitute day)"),
            ])
        );
    }

    #[test]
    fn england_wales_dates_2012_to_2027_match_govuk() {
        // Dates from gov.uk's published lists, one string per year.
        let govuk = [
            (
                2012,
                "01-02 04-06 04-09 05-07 06-04 06-05 08-27 12-25 12-26",
            ),
            (2013, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"),
            (2014, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"),
            (2015, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"),
            (2017, "01-02 04-14 04-17 05-01 05-29 08-28 12-25 12-26"),
            (2018, "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26"),
            (2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"),
            (2024, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"),
            (2027, "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28"),
        ];
        let cal = HolidayCalendar::new();
        for (year, dates) in govuk {
            let got: Vec<String> = cal
                .holidays(year, Clock::EnglandWales)
                .iter()
                .map(|h| h.date.format("%m-%d").to_string())
                .collect();
            assert_eq!(got.join(" "), dates, "{year}");
        }
    }

    #[test]
    fn historic_moves_and_one_offs() {
        let cal = HolidayCalendar::new();
        let ew = Clock::EnglandWales;
        let name = |y, m, day| cal.holiday_name(d(y, m, day), ew);
        assert_eq!(
            name(1995, 5, 8).as_deref(),
            Some("Early May bank holiday (VE day)")
        );
        assert_eq!(name(1995, 5, 1), None);
        assert_eq!(
            name(1999, 12, 31).as_deref(),
            Some("Millennium bank holiday")
        );
        assert_eq!(
            name(2000, 1, 3).as_deref(),
            Some("New Year's Day (substitute day)")
        );
        assert_eq!(
            name(2002, 6, 3).as_deref(),
            Some("Golden Jubilee bank holiday")
        );
        assert_eq!(name(2002, 6, 4).as_deref(), Some("Spring bank holiday"));
        assert_eq!(name(2002, 5, 27), None);
        assert_eq!(
            name(2011, 4, 29).as_deref(),
            Some("Royal wedding bank holiday")
        );
        assert_eq!(name(2012, 6, 4).as_deref(), Some("Spring bank holiday"));
        assert_eq!(name(2012, 6, 5).as_deref(), Some("Queen's Diamond Jubilee"));
        assert_eq!(name(2012, 5, 28), None);
        // New Year's Day became an English bank holiday in 1974, Early May in 1978.
        assert_eq!(name(1973, 1, 1), None);
        assert_eq!(name(1974, 1, 1).as_deref(), Some("New Year's Day"));
        assert_eq!(name(1977, 5, 2), None);
        assert_eq!(name(1978, 5, 1).as_deref(), Some("Early May bank holiday"));
    }

    #[test]
    fn scotland_2022() {
        assert_eq!(
            nation_list(2022, Nation::Scotland),
            expect(&[
                ("2022-01-03", "New Year's Day (substitute day)"),
                ("2022-01-04", "2nd January (substitute day)"),
                ("2022-04-15", "Good Friday"),
                ("2022-05-02", "Early May bank holiday"),
                ("2022-06-02", "Spring bank holiday"),
                ("2022-06-03", "Platinum Jubilee bank holiday"),
                ("2022-08-01", "Summer bank holiday"),
                (
                    "2022-09-19",
                    "Bank Holiday for the State Funeral of Queen Elizabeth II"
                ),
                ("2022-11-30", "St Andrew's Day"),
                ("2022-12-26", "Boxing Day"),
                ("2022-12-27", "Christmas Day (substitute day)"),
            ])
        );
    }

    #[test]
    fn scotland_2026() {
        assert_eq!(
            nation_list(2026, Nation::Scotland),
            expect(&[
                ("2026-01-01", "New Year's Day"),
                ("2026-01-02", "2nd January"),
                ("2026-04-03", "Good Friday"),
                ("2026-05-04", "Early May bank holiday"),
                ("2026-05-25", "Spring bank holiday"),
                ("2026-06-15", "World Cup bank holiday"),
                ("2026-08-03", "Summer bank holiday"),
                ("2026-11-30", "St Andrew's Day"),
                ("2026-12-25", "Christmas Day"),
                ("2026-12-28", "Boxing Day (substitute day)"),
            ])
        );
    }

    #[test]
    fn scotland_substitutes_match_govuk() {
        let scot = |y| -> Vec<String> {
            rule_days(y, Nation::Scotland)
                .iter()
                .map(|(date, _)| date.format("%m-%d").to_string())
                .collect()
        };
        // 1 Jan on a Sunday: 2nd and 3rd; on a Friday: 1st and Monday 4th.
        assert_eq!(scot(2023)[..2], ["01-02", "01-03"]);
        assert_eq!(
            nation_list(2023, Nation::Scotland)[..2],
            expect(&[
                ("2023-01-02", "New Year's Day (substitute day)"),
                ("2023-01-03", "2nd January (substitute day)"),
            ])
        );
        assert_eq!(scot(2016)[..2], ["01-01", "01-04"]);
        assert_eq!(scot(2021)[..2], ["01-01", "01-04"]);
        // St Andrew's Day on a weekend moves to Monday.
        assert!(scot(2019).contains(&"12-02".to_string()));
        assert!(scot(2024).contains(&"12-02".to_string()));
        assert!(scot(2025).contains(&"12-01".to_string()));
        assert!(scot(2013).contains(&"12-02".to_string()));
        assert!(
            !scot(2006)
                .iter()
                .any(|d| d.starts_with("11-") || d == "12-01")
        );
        assert_eq!(
            scot(2016).join(" "),
            "01-01 01-04 03-25 05-02 05-30 08-01 11-30 12-26 12-27"
        );
        assert_eq!(
            scot(2019).join(" "),
            "01-01 01-02 04-19 05-06 05-27 08-05 12-02 12-25 12-26"
        );
        assert_eq!(
            scot(2020).join(" "),
            "01-01 01-02 04-10 05-08 05-25 08-03 11-30 12-25 12-28"
        );
        assert_eq!(
            scot(2023).join(" "),
            "01-02 01-03 04-07 05-01 05-08 05-29 08-07 11-30 12-25 12-26"
        );
        assert_eq!(
            scot(2027).join(" "),
            "01-01 01-04 03-26 05-03 05-31 08-02 11-30 12-27 12-28"
        );
        assert_eq!(
            scot(2012).join(" "),
            "01-02 01-03 04-06 05-07 06-04 06-05 08-06 11-30 12-25 12-26"
        );
    }

    #[test]
    fn northern_ireland_2022() {
        assert_eq!(
            nation_list(2022, Nation::NorthernIreland),
            expect(&[
                ("2022-01-03", "New Year's Day (substitute day)"),
                ("2022-03-17", "St Patrick's Day"),
                ("2022-04-15", "Good Friday"),
                ("2022-04-18", "Easter Monday"),
                ("2022-05-02", "Early May bank holiday"),
                ("2022-06-02", "Spring bank holiday"),
                ("2022-06-03", "Platinum Jubilee bank holiday"),
                ("2022-07-12", "Battle of the Boyne (Orangemen's Day)"),
                ("2022-08-29", "Summer bank holiday"),
                (
                    "2022-09-19",
                    "Bank Holiday for the State Funeral of Queen Elizabeth II"
                ),
                ("2022-12-26", "Boxing Day"),
                ("2022-12-27", "Christmas Day (substitute day)"),
            ])
        );
    }

    #[test]
    fn northern_ireland_2026() {
        assert_eq!(
            nation_list(2026, Nation::NorthernIreland),
            expect(&[
                ("2026-01-01", "New Year's Day"),
                ("2026-03-17", "St Patrick's Day"),
                ("2026-04-03", "Good Friday"),
                ("2026-04-06", "Easter Monday"),
                ("2026-05-04", "Early May bank holiday"),
                ("2026-05-25", "Spring bank holiday"),
                (
                    "2026-07-13",
                    "Battle of the Boyne (Orangemen's Day) (substitute day)"
                ),
                ("2026-08-31", "Summer bank holiday"),
                ("2026-12-25", "Christmas Day"),
                ("2026-12-28", "Boxing Day (substitute day)"),
            ])
        );
    }

    #[test]
    fn northern_ireland_substitutes_match_govuk() {
        let ni = |y| -> Vec<String> {
            rule_days(y, Nation::NorthernIreland)
                .iter()
                .map(|(date, _)| date.format("%Y-%m-%d").to_string())
                .collect()
        };
        for (year, day) in [
            (2012, "2012-03-19"),
            (2013, "2013-03-18"),
            (2019, "2019-03-18"),
            (2024, "2024-03-18"),
            (2014, "2014-07-14"),
            (2020, "2020-07-13"),
            (2025, "2025-07-14"),
        ] {
            assert!(ni(year).contains(&day.to_string()), "{day}");
        }
        assert!(!ni(2020).contains(&"2020-07-12".to_string()));
    }

    #[test]
    fn uk_wide_union_names_the_nations() {
        let cal = HolidayCalendar::new();
        let list = listed(&cal, 2022, Clock::UkWide);
        assert_eq!(
            list,
            expect(&[
                ("2022-01-03", "New Year's Day (substitute day)"),
                ("2022-01-04", "2nd January (substitute day) (Scotland)"),
                ("2022-03-17", "St Patrick's Day (Northern Ireland)"),
                ("2022-04-15", "Good Friday"),
                ("2022-04-18", "Easter Monday (not Scotland)"),
                ("2022-05-02", "Early May bank holiday"),
                ("2022-06-02", "Spring bank holiday"),
                ("2022-06-03", "Platinum Jubilee bank holiday"),
                (
                    "2022-07-12",
                    "Battle of the Boyne (Orangemen's Day) (Northern Ireland)"
                ),
                ("2022-08-01", "Summer bank holiday (Scotland)"),
                ("2022-08-29", "Summer bank holiday (not Scotland)"),
                (
                    "2022-09-19",
                    "Bank Holiday for the State Funeral of Queen Elizabeth II"
                ),
                ("2022-11-30", "St Andrew's Day (Scotland)"),
                ("2022-12-26", "Boxing Day"),
                ("2022-12-27", "Christmas Day (substitute day)"),
            ])
        );
        let h = cal.holidays(2022, Clock::UkWide);
        assert_eq!(h[1].nations, vec![Nation::Scotland]);
        assert_eq!(
            h[4].nations,
            vec![Nation::EnglandWales, Nation::NorthernIreland]
        );
        assert_eq!(h[3].nations, Nation::ALL.to_vec());
        assert_eq!(
            cal.holidays(2022, Clock::EnglandWales)[0].nations,
            vec![Nation::EnglandWales]
        );
    }

    #[test]
    fn calendar_clock_skips_nothing_but_still_names_days() {
        let cal = HolidayCalendar::new();
        assert!(cal.holidays(2025, Clock::Calendar).is_empty());
        assert!(cal.is_working_day(d(2025, 12, 25), Clock::Calendar));
        assert!(cal.is_working_day(d(2025, 12, 27), Clock::Calendar));
        assert_eq!(
            cal.holiday_name(d(2025, 12, 25), Clock::Calendar)
                .as_deref(),
            Some("Christmas Day")
        );
        assert_eq!(
            cal.non_working_reason(d(2025, 12, 1), Clock::Calendar)
                .as_deref(),
            Some("St Andrew's Day (substitute day) (Scotland)")
        );
    }

    #[test]
    fn working_days_and_reasons() {
        let cal = HolidayCalendar::new();
        let (ew, uk) = (Clock::EnglandWales, Clock::UkWide);
        assert!(cal.is_working_day(d(2026, 1, 2), ew));
        assert!(!cal.is_working_day(d(2026, 1, 2), uk));
        assert!(!cal.is_working_day(d(2026, 1, 3), ew));
        assert!(!cal.is_working_day(d(2025, 12, 25), ew));
        assert!(cal.is_working_day(d(2025, 12, 24), uk));
        assert_eq!(
            cal.non_working_reason(d(2026, 1, 3), ew).as_deref(),
            Some("Saturday")
        );
        assert_eq!(
            cal.non_working_reason(d(2026, 1, 4), ew).as_deref(),
            Some("Sunday")
        );
        assert_eq!(
            cal.non_working_reason(d(2025, 12, 25), ew).as_deref(),
            Some("Christmas Day")
        );
        assert_eq!(cal.non_working_reason(d(2026, 1, 2), ew), None);
        assert_eq!(
            cal.non_working_reason(d(2026, 1, 2), uk).as_deref(),
            Some("2nd January (Scotland)")
        );
        assert_eq!(cal.non_working_reason(d(2026, 1, 5), uk), None);
        // Christmas on a Sunday: the weekday, not the feast, is the reason the day is off.
        assert_eq!(
            cal.non_working_reason(d(2022, 12, 25), uk).as_deref(),
            Some("Sunday")
        );
    }

    #[test]
    fn add_working_days_examples() {
        let cal = HolidayCalendar::new();
        let received = d(2025, 12, 12);
        assert_eq!(
            cal.add_working_days(received, 20, Clock::EnglandWales),
            d(2026, 1, 14)
        );
        assert_eq!(
            cal.add_working_days(received, 20, Clock::UkWide),
            d(2026, 1, 15)
        );
        assert_eq!(
            cal.add_working_days(received, 20, Clock::Calendar),
            d(2026, 1, 1)
        );
        assert_eq!(
            cal.add_working_days(received, 0, Clock::EnglandWales),
            received
        );
        // Day 1 is the first working day after `from`, even when `from` is a weekend.
        assert_eq!(
            cal.add_working_days(d(2026, 1, 3), 1, Clock::EnglandWales),
            d(2026, 1, 5)
        );
        assert_eq!(
            cal.add_working_days(d(2026, 1, 2), 1, Clock::EnglandWales),
            d(2026, 1, 5)
        );
        // Over Easter 2016: Good Friday and Easter Monday are skipped.
        assert_eq!(
            cal.add_working_days(d(2016, 3, 24), 1, Clock::EnglandWales),
            d(2016, 3, 29)
        );
        assert_eq!(
            cal.add_working_days(d(2016, 3, 24), 1, Clock::UkWide),
            d(2016, 3, 29)
        );
    }

    #[test]
    fn add_working_days_matches_stepping_one_day_at_a_time() {
        let cal = HolidayCalendar::new();
        for clock in [Clock::EnglandWales, Clock::UkWide] {
            let mut from = d(2019, 11, 1);
            while from < d(2023, 2, 1) {
                let mut day = from;
                for n in 1..=70u32 {
                    day = day.succ_opt().unwrap();
                    while !cal.is_working_day(day, clock) {
                        day = day.succ_opt().unwrap();
                    }
                    if n % 7 == 1 || n == 20 || n == 70 {
                        assert_eq!(cal.add_working_days(from, n, clock), day, "{from} {n}");
                    }
                }
                from = from.checked_add_days(Days::new(5)).unwrap();
            }
        }
    }

    #[test]
    fn a_year_of_working_days() {
        let cal = HolidayCalendar::new();
        // 2025 has 261 weekdays, 8 of them England & Wales bank holidays.
        assert_eq!(
            cal.add_working_days(d(2024, 12, 31), 253, Clock::EnglandWales),
            d(2025, 12, 31)
        );
        assert_eq!(
            cal.add_working_days(d(2024, 12, 31), 254, Clock::EnglandWales),
            d(2026, 1, 2)
        );
        assert_eq!(weekdays_after(d(2024, 12, 31), d(2025, 12, 31)), 261);
        assert_eq!(weekdays_after(d(2025, 12, 31), d(2025, 12, 31)), 0);
    }

    #[test]
    fn huge_counts_saturate_instead_of_panicking() {
        let cal = HolidayCalendar::new();
        for clock in [Clock::Calendar, Clock::EnglandWales, Clock::UkWide] {
            assert_eq!(
                cal.add_working_days(d(2025, 1, 1), u32::MAX, clock),
                NaiveDate::MAX
            );
            assert_eq!(
                cal.checked_add_working_days(d(2025, 1, 1), u32::MAX, clock),
                None
            );
            assert_eq!(
                cal.add_working_days(NaiveDate::MAX, 1, clock),
                NaiveDate::MAX
            );
            let _ = cal.add_working_days(NaiveDate::MIN, 10, clock);
        }
        // A million working days is about 3,800 years, well inside chrono's range.
        let far = cal.add_working_days(d(2025, 1, 1), 1_000_000, Clock::EnglandWales);
        assert!(far.year() > 5000 && far.year() < 7000);
        assert!(cal.is_working_day(far, Clock::EnglandWales));
    }

    #[test]
    fn every_year_computes_without_panic() {
        let cal = HolidayCalendar::new();
        for year in 1900..=2200 {
            for clock in [Clock::EnglandWales, Clock::UkWide] {
                let list = cal.holidays(year, clock);
                assert!(list.len() >= 6, "{year}");
                assert!(list.windows(2).all(|w| w[0].date < w[1].date), "{year}");
                assert!(list.iter().all(|h| h.date.year() == year), "{year}");
                assert!(
                    list.iter().all(|h| !is_weekend(h.date)),
                    "{year}: a holiday on a weekend"
                );
            }
            for nation in Nation::ALL {
                let days = rule_days(year, nation);
                let unique: BTreeSet<_> = days.iter().map(|(d, _)| *d).collect();
                assert_eq!(
                    unique.len(),
                    days.len(),
                    "{year} {nation:?}: two on one day"
                );
            }
        }
        let extremes = [
            i32::MIN,
            i32::MIN + 1,
            -262_145,
            -262_144,
            -262_143,
            -1,
            0,
            1,
            262_142,
            262_143,
            262_144,
            i32::MAX - 1,
            i32::MAX,
        ];
        for year in extremes {
            for clock in [Clock::Calendar, Clock::EnglandWales, Clock::UkWide] {
                let _ = cal.holidays(year, clock);
            }
        }
        assert!(cal.holidays(i32::MAX, Clock::UkWide).is_empty());
        assert!(cal.holidays(i32::MIN, Clock::UkWide).is_empty());
        assert!(!cal.holidays(0, Clock::UkWide).is_empty());
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            for clock in [Clock::Calendar, Clock::EnglandWales, Clock::UkWide] {
                let _ = cal.is_working_day(date, clock);
                let _ = cal.holiday_name(date, clock);
                let _ = cal.non_working_reason(date, clock);
            }
        }
    }

    const SAMPLE: &str = r#"{
      "england-and-wales": {"division": "england-and-wales", "events": [
        {"title": "New Year’s Day", "date": "2019-01-01", "notes": "", "bunting": true},
        {"title": "Boxing Day", "date": "2020-12-28", "notes": "Substitute day", "bunting": true},
        {"title": "Extra bank holiday", "date": "2031-06-06", "notes": "Extra bank holiday", "bunting": true}
      ]},
      "scotland": {"division": "scotland", "events": [
        {"title": "St Andrew’s Day", "date": "2019-12-02", "notes": "Substitute day", "bunting": true},
        {"title": "Extra bank holiday", "date": "2031-06-06", "notes": "", "bunting": true},
        {"title": "St Andrew’s Day", "date": "2031-12-01", "notes": "Substitute day", "bunting": true}
      ]},
      "northern-ireland": {"division": "northern-ireland", "events": [
        {"title": "Extra bank holiday", "date": "2031-06-06", "notes": "", "bunting": true}
      ]}
    }"#;

    #[test]
    fn govuk_file_adds_only_unknown_days() {
        let mut cal = HolidayCalendar::new();
        // 2031-06-06 is new (one date, three nations); 2031-12-01 is the rules' own substitute.
        assert_eq!(cal.extend_from_govuk_json(SAMPLE), Ok(1));
        assert_eq!(cal.extend_from_govuk_json(SAMPLE), Ok(0));
        let day = d(2031, 6, 6);
        assert!(!cal.is_working_day(day, Clock::EnglandWales));
        assert_eq!(
            cal.holiday_name(day, Clock::UkWide).as_deref(),
            Some("Extra bank holiday")
        );
        assert!(
            cal.holidays(2031, Clock::EnglandWales)
                .iter()
                .any(|h| h.date == day)
        );
        assert_eq!(
            cal.add_working_days(d(2031, 6, 5), 1, Clock::EnglandWales),
            d(2031, 6, 9)
        );
        assert!(HolidayCalendar::new().is_working_day(day, Clock::EnglandWales));
    }

    #[test]
    fn govuk_file_scottish_only_day() {
        let mut cal = HolidayCalendar::new();
        let json = r#"{"scotland": {"division": "scotland", "events": [
            {"title": "Scotland’s extra day", "date": "2030-09-02", "notes": "", "bunting": true}
        ]}}"#;
        assert_eq!(cal.extend_from_govuk_json(json), Ok(1));
        let day = d(2030, 9, 2);
        assert!(cal.is_working_day(day, Clock::EnglandWales));
        assert!(!cal.is_working_day(day, Clock::UkWide));
        assert_eq!(
            cal.non_working_reason(day, Clock::UkWide).as_deref(),
            Some("Scotland's extra day (Scotland)")
        );
    }

    #[test]
    fn govuk_titles_are_normalised() {
        assert_eq!(govuk_title("New Year’s Day", ""), "New Year's Day");
        assert_eq!(
            govuk_title("Boxing Day", "Substitute day"),
            "Boxing Day (substitute day)"
        );
        assert_eq!(
            govuk_title("Boxing Day (substitute day)", "Substitute day"),
            "Boxing Day (substitute day)"
        );
        assert_eq!(govuk_title("  ", ""), "Bank holiday");
    }

    #[test]
    fn bad_govuk_files_are_refused_whole() {
        let mut cal = HolidayCalendar::new();
        assert!(matches!(
            cal.extend_from_govuk_json("not json"),
            Err(CalendarError::Json(_))
        ));
        assert_eq!(
            cal.extend_from_govuk_json("{}"),
            Err(CalendarError::NoDivisions)
        );
        assert_eq!(
            cal.extend_from_govuk_json("[1,2]"),
            Err(CalendarError::NoDivisions)
        );
        assert_eq!(
            cal.extend_from_govuk_json(r#"{"scotland": {"division": "scotland"}}"#),
            Err(CalendarError::NoEvents {
                division: "scotland".into()
            })
        );
        let bad_date = r#"{"england-and-wales": {"events": [
            {"title": "Extra", "date": "2031-06-07"},
            {"title": "Oops", "date": "07/06/2031"}
        ]}}"#;
        assert_eq!(
            cal.extend_from_govuk_json(bad_date),
            Err(CalendarError::BadDate {
                division: "england-and-wales".into(),
                date: "07/06/2031".into()
            })
        );
        assert!(
            cal.is_working_day(d(2031, 6, 9), Clock::EnglandWales),
            "nothing added"
        );
        assert_eq!(
            cal.extend_from_govuk_json(
                r#"{"england-and-wales": {"events": [{"date": "2031-06-07"}]}}"#
            ),
            Err(CalendarError::BadEvent {
                division: "england-and-wales".into(),
                index: 1
            })
        );
        for err in [
            CalendarError::Json("x".into()),
            CalendarError::NoDivisions,
            CalendarError::BadDate {
                division: "scotland".into(),
                date: "x".into(),
            },
        ] {
            assert!(!err.to_string().contains('\n'));
        }
    }

    #[test]
    fn clock_names() {
        for (s, clock) in [
            ("calendar", Clock::Calendar),
            ("ew", Clock::EnglandWales),
            ("england-wales", Clock::EnglandWales),
            ("England_Wales", Clock::EnglandWales),
            ("uk", Clock::UkWide),
            ("uk-wide", Clock::UkWide),
            (" UK_WIDE ", Clock::UkWide),
        ] {
            assert_eq!(Clock::parse(s), Some(clock), "{s}");
        }
        assert_eq!(Clock::parse("scotland"), None);
        assert_eq!(Clock::parse(""), None);
        for clock in [Clock::Calendar, Clock::EnglandWales, Clock::UkWide] {
            assert_eq!(Clock::parse(clock.code()), Some(clock));
            assert!(!clock.label().is_empty());
            let json = serde_json::to_string(&clock).unwrap();
            assert_eq!(serde_json::from_str::<Clock>(&json).unwrap(), clock);
            assert_eq!(Clock::parse(json.trim_matches('"')), Some(clock));
        }
        assert_eq!(
            serde_json::to_string(&Clock::EnglandWales).unwrap(),
            "\"england_wales\""
        );
        assert_eq!(Clock::EnglandWales.code(), "ew");
        assert_eq!(Clock::UkWide.code(), "uk");
    }
}
