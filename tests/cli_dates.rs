//! Dates as people type them, through the real binary: without a year, weekday names, and the
//! message for a near miss. Today is Thursday 26 November 2026 in these tests.

mod common;

use common::Db;

const THURSDAY: &str = "2026-11-26";

#[test]
fn dates_without_a_year_and_weekday_names_are_understood() {
    let db = Db::with_recommendation();
    db.ok_on(
        THURSDAY,
        &["set", "REC-1", "due_on=26 Jan", "--reason", "x"],
    );
    assert_eq!(db.show("REC-1")["due_on"], "2027-01-26");
    db.ok_on(
        THURSDAY,
        &["set", "REC-1", "due_on=friday", "--reason", "x"],
    );
    assert_eq!(db.show("REC-1")["due_on"], "2026-11-27");
    db.ok_on(
        THURSDAY,
        &["set", "REC-1", "due_on=next monday", "--reason", "x"],
    );
    assert_eq!(db.show("REC-1")["due_on"], "2026-11-30");
    db.ok_on(
        THURSDAY,
        &["complete", "REC-1", "--evidence", "e", "--on", "last fri"],
    );
    assert_eq!(db.show("REC-1")["completed_on"], "2026-11-20");
    db.ok_on(THURSDAY, &["add", "board", "name=Board"]);
    db.ok_on(
        THURSDAY,
        &["add", "meeting", "board_id=BRD-1", "held_on=Nov 10"],
    );
    assert_eq!(db.show("MTG-1")["held_on"], "2026-11-10");
}

#[test]
fn a_near_miss_says_what_is_wrong_and_lists_the_forms() {
    let db = Db::with_recommendation();
    let before = db.snapshot();
    let out = db.run_on(
        THURSDAY,
        &["set", "REC-1", "due_on=26 Janaury", "--reason", "x"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    common::assert_one_line_error(&err, "set due_on=26 Janaury");
    assert!(err.contains("did you mean january?"), "{err}");
    assert!(
        err.contains("26 Jan, Jan 26, friday, next mon, last fri"),
        "{err}"
    );
    let out = db.run_on(
        THURSDAY,
        &["set", "REC-1", "due_on=next week", "--reason", "x"],
    );
    let err = common::stderr(&out);
    assert!(err.contains("after 'next' give a day of the week"), "{err}");
    assert_eq!(before, db.snapshot());
}
