//! An item's past, rebuilt from its audit trail: which day a change was made on, and what an
//! item looked like at the end of a given day. The board pack's trend and the minutes' action
//! log both read the trail through here; nothing here knows about SQL.
//!
//! **Days are UK civil days.** The trail stores instants in UTC (RFC 3339). The office works
//! in London, so "the meeting's day" and "the end of October" are days in UK time (GMT, or
//! BST in summer): a change made at 00:30 BST on 1 Nov belongs to 1 Nov, though it is stored
//! as 23:30 on 31 Oct UTC. The rule is written out (the POSIX form of Europe/London) rather
//! than read from the system's zone, so the same database gives the same days on every
//! machine, whatever its `TZ`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jiff::tz::TimeZone;

use super::fields;
use super::ids::Kind;

/// UK civil time: GMT, and BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on
/// the last Sunday of October.
const UK_RULE: &str = "GMT0BST,M3.5.0/1,M10.5.0";

fn uk() -> TimeZone {
    TimeZone::posix(UK_RULE).expect("the UK rule is a valid POSIX time zone")
}

/// The UK day on which an instant of the audit trail (RFC 3339) fell; `None` when it does
/// not read as one.
pub fn uk_day(at: &str) -> Option<NaiveDate> {
    let t: jiff::Timestamp = at.parse().ok()?;
    let d = t.to_zoned_datetime(uk()).date();
    NaiveDate::from_ymd_opt(d.year() as i32, d.month() as u32, d.day() as u32)
}

/// A reader of many instants: the zone is built once.
#[derive(Debug, Clone)]
pub struct UkDays {
    zone: TimeZone,
}

impl Default for UkDays {
    fn default() -> Self {
        UkDays { zone: uk() }
    }
}

impl UkDays {
    /// As [`uk_day`].
    pub fn day(&self, at: &str) -> Option<NaiveDate> {
        let t: jiff::Timestamp = at.parse().ok()?;
        let d = t.to_zoned_datetime(self.zone.clone()).date();
        NaiveDate::from_ymd_opt(d.year() as i32, d.month() as u32, d.day() as u32)
    }
}

/// The few facts of an item that say whether it was open, and overdue, at a moment: kept
/// up to date by replaying its events (`created`, then each change of a field) in order,
/// or taken back from how it is now by undoing its events newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tracked {
    /// Its creation is in the trail.
    pub created: bool,
    pub deleted: bool,
    pub status: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// A report's publication day is known (only a published report is owed a response).
    pub published: bool,
    /// A board action's board (its number).
    pub board: Option<i64>,
}

impl Tracked {
    /// The fields whose events [`apply`](Tracked::apply) reads; the others change nothing
    /// that open or overdue depend on.
    pub const FIELDS: [&'static str; 6] = [
        "created",
        "deleted",
        "status",
        "due_on",
        "published_on",
        "board_id",
    ];

    /// One event: `field` is a column name or `created` / `deleted`, `new` its canonical new
    /// value. A `deleted` event of `false` is a restore (an undone deletion).
    pub fn apply(&mut self, field: &str, new: Option<&str>) {
        match field {
            "created" => self.created = true,
            "deleted" => self.deleted = new == Some("true"),
            "status" => self.status = new.map(str::to_string),
            "due_on" => {
                self.due_on = new.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            }
            "published_on" => self.published = new.is_some(),
            // A link's canonical form is its typed ID: "BRD-2".
            "board_id" => {
                self.board = new
                    .and_then(|b| b.parse::<super::ids::ItemId>().ok())
                    .map(|id| id.num)
            }
            _ => {}
        }
    }

    /// One event taken back, newest first: `old` is the value before it. Taking back a
    /// `created` event leaves an item that did not exist yet.
    pub fn undo(&mut self, field: &str, old: Option<&str>) {
        match field {
            "created" => *self = Tracked::default(),
            _ => self.apply(field, old),
        }
    }

    /// Open as the dashboard counts it: created, not deleted, and not finished (a report:
    /// published and awaiting its response).
    pub fn is_open(&self, kind: Kind) -> bool {
        if !self.created || self.deleted {
            return false;
        }
        let status = self.status.as_deref().unwrap_or_default();
        match kind {
            Kind::Report => self.published && status == "awaiting_response",
            _ => fields::status_vocab(kind).is_some_and(|v| !v.is_finished(status)),
        }
    }

    /// Open and due before `day`.
    pub fn is_overdue(&self, kind: Kind, day: NaiveDate) -> bool {
        self.is_open(kind) && self.due_on.is_some_and(|due| due < day)
    }
}

/// One stored event of an item's trail, as [`fields_at`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step<'a> {
    /// When (RFC 3339, UTC).
    pub at: &'a str,
    /// A column name, or `created` / `deleted`.
    pub field: &'a str,
    pub new: Option<&'a str>,
}

/// An item's fields (canonical text, by name; `deleted` as "true"/"false") at the end of UK
/// day `day`, from its events oldest first. `None` when the trail does not show it created
/// by then.
pub fn fields_at<'a>(
    steps: impl IntoIterator<Item = Step<'a>>,
    day: NaiveDate,
) -> Option<BTreeMap<String, Option<String>>> {
    let days = UkDays::default();
    let mut state: Option<BTreeMap<String, Option<String>>> = None;
    for step in steps {
        if days.day(step.at).is_none_or(|d| d > day) {
            // Events are in the order they were made; later ones are later still (the
            // clock of one machine), so the rest are past the day too.
            break;
        }
        match (step.field, &mut state) {
            ("created", _) => {
                let mut fresh = BTreeMap::new();
                fresh.insert("deleted".to_string(), Some("false".to_string()));
                state = Some(fresh);
            }
            (field, Some(fields)) => {
                fields.insert(field.to_string(), step.new.map(str::to_string));
            }
            (_, None) => {}
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn days_are_uk_days_in_summer_and_winter() {
        // 23:30 UTC in BST is 00:30 the next day in London.
        assert_eq!(uk_day("2026-10-14T23:30:00Z"), Some(d(2026, 10, 15)));
        // In GMT the UTC day is the UK day.
        assert_eq!(uk_day("2026-11-14T23:30:00Z"), Some(d(2026, 11, 14)));
        // Offsets other than Z read too.
        assert_eq!(uk_day("2026-11-14T23:30:00-02:00"), Some(d(2026, 11, 15)));
        assert_eq!(uk_day("yesterday"), None);
    }

    #[test]
    fn tracked_state_follows_creation_changes_deletion_and_restore() {
        let mut t = Tracked::default();
        assert!(!t.is_open(Kind::Recommendation), "not created yet");
        t.apply("created", None);
        t.apply("status", Some("not_started"));
        t.apply("due_on", Some("2026-10-01"));
        assert!(t.is_open(Kind::Recommendation));
        assert!(t.is_overdue(Kind::Recommendation, d(2026, 10, 2)));
        assert!(!t.is_overdue(Kind::Recommendation, d(2026, 10, 1)));
        t.apply("deleted", Some("true"));
        assert!(!t.is_open(Kind::Recommendation));
        t.apply("deleted", Some("false"));
        assert!(t.is_open(Kind::Recommendation));
        t.apply("status", Some("complete"));
        assert!(!t.is_open(Kind::Recommendation));
        let mut r = Tracked::default();
        r.apply("created", None);
        r.apply("status", Some("awaiting_response"));
        assert!(!r.is_open(Kind::Report), "unpublished reports owe nothing");
        r.apply("published_on", Some("2026-09-01"));
        assert!(r.is_open(Kind::Report));
        let mut a = Tracked::default();
        a.apply("board_id", Some("BRD-3"));
        assert_eq!(a.board, Some(3));
    }

    #[test]
    fn undoing_events_newest_first_gives_the_earlier_state() {
        // Now: complete, due 1 Oct. Taken back: the completion, then a due-date move, then
        // the creation.
        let mut t = Tracked {
            created: true,
            status: Some("complete".into()),
            due_on: Some(d(2026, 10, 1)),
            ..Tracked::default()
        };
        t.undo("status", Some("in_progress"));
        assert!(t.is_overdue(Kind::Recommendation, d(2026, 10, 2)));
        t.undo("due_on", Some("2026-12-01"));
        assert!(!t.is_overdue(Kind::Recommendation, d(2026, 10, 2)));
        assert!(t.is_open(Kind::Recommendation));
        t.undo("deleted", Some("true"));
        assert!(
            !t.is_open(Kind::Recommendation),
            "deleted before it was restored"
        );
        t.undo("created", None);
        assert_eq!(t, Tracked::default());
    }

    #[test]
    fn fields_at_the_end_of_a_day() {
        let steps = [
            Step {
                at: "2026-09-03T09:00:00Z",
                field: "created",
                new: None,
            },
            Step {
                at: "2026-09-03T09:00:00Z",
                field: "status",
                new: Some("open"),
            },
            Step {
                at: "2026-10-29T10:00:00Z",
                field: "status",
                new: Some("done"),
            },
        ];
        assert_eq!(fields_at(steps.clone(), d(2026, 9, 2)), None);
        let sept = fields_at(steps.clone(), d(2026, 10, 28)).unwrap();
        assert_eq!(sept["status"].as_deref(), Some("open"));
        let oct = fields_at(steps, d(2026, 10, 29)).unwrap();
        assert_eq!(oct["status"].as_deref(), Some("done"));
        assert_eq!(oct["deleted"].as_deref(), Some("false"));
    }
}
