//! `oversight calendar`: every open item's due date and each owed response's last day as
//! all-day events, read back with a real iCalendar parser (the `icalendar` crate) and
//! checked line by line against RFC 5545's rules (CRLF, 75-octet folding).

mod common;
mod reports_common;

use chrono::{Duration, NaiveDate};
use common::Db;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use reports_common::{date, s};

/// Every open dated item and owed response: (ID, due day).
fn deadlines(db: &Db) -> Vec<(String, NaiveDate)> {
    let mut all = Vec::new();
    for kind in ["recommendations", "letters", "actions"] {
        for i in db.list(kind, &["--open"]) {
            if let Some(due) = date(&i["due_on"]) {
                all.push((s(&i, "id").to_string(), due));
            }
        }
    }
    for r in db.list("responses", &[]) {
        if r["kind"] == "report" {
            if let Some(due) = date(&r["due_on"]) {
                all.push((s(&r, "id").to_string(), due));
            }
        }
    }
    all.sort();
    all
}

#[test]
fn every_deadline_is_an_all_day_event_with_a_stable_uid() {
    let db = Db::demo();
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-3",
        "text=Commas, semicolons; a back\\slash and a very long line that goes on well past \
         seventy-five octets so it must be folded — with “curly” quotes and é",
        "due_on=+10d",
    ]);
    let path = db.file("deadlines.ics");
    assert_eq!(db.ok(&["calendar", "-o", path.to_str().unwrap()]), "");
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    // CRLF only; no line longer than 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'));
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let cal: Calendar = text.parse().unwrap();
    let events: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let want = deadlines(&db);
    assert_eq!(events.len(), want.len());
    let mut got: Vec<(String, NaiveDate)> = Vec::new();
    for e in &events {
        let uid = e.get_uid().unwrap();
        let id = uid.strip_suffix("@oversight").unwrap().to_string();
        let start = match e.get_start().unwrap() {
            DatePerhapsTime::Date(d) => d,
            other => panic!("{id}: not an all-day event: {other:?}"),
        };
        let end = match e.get_end().unwrap() {
            DatePerhapsTime::Date(d) => d,
            other => panic!("{id}: {other:?}"),
        };
        assert_eq!(end, start + Duration::days(1), "{id} ends the next day");
        let summary = e.get_summary().unwrap();
        assert!(summary.starts_with(&format!("{id} ")), "{summary}");
        assert!(summary.contains(" due: "), "{summary}");
        got.push((id, start));
    }
    got.sort();
    assert_eq!(got, want);
    // Text escaped and folded comes back as written.
    let long = events
        .iter()
        .find(|e| e.get_summary().unwrap().contains("Commas"))
        .unwrap();
    assert!(
        long.get_summary().unwrap().ends_with(
            "due: Commas, semicolons; a back\\slash and a very long line that goes on well \
             past seventy-five octets so it must be folded — with “curly” quotes and é"
        ),
        "{:?}",
        long.get_summary()
    );
    // A report's statutory response says which.
    assert!(events.iter().any(|e| {
        e.get_summary()
            .unwrap()
            .starts_with("RPT-4 s55 response due: ")
    }));
    // Reproducible; --today is the stamp; a file is never replaced.
    assert!(text.contains("DTSTAMP:20261123T000000Z\r\n"));
    assert_eq!(db.ok(&["calendar"]).into_bytes(), bytes);
    let err = db.refuse(&["calendar", "-o", path.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
}
