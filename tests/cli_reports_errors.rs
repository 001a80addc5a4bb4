//! The documents that leave the tool (`pack`, `minutes`, `digest`, `calendar`), one bad input
//! per test: each is refused with exit 1 and one line on stderr saying what is wrong and
//! what to do, nothing printed, nothing written to the database, and no file left behind.

mod common;

use common::Db;

fn refused_with(db: &Db, args: &[&str], says: &str) {
    let err = db.refuse(args);
    assert!(err.contains(says), "`{}`: {err}", args.join(" "));
}

#[test]
fn minutes_of_a_meeting_that_does_not_exist_are_refused() {
    refused_with(&Db::demo(), &["minutes", "MTG-99"], "MTG-99 does not exist");
}

#[test]
fn minutes_of_something_that_is_not_an_id_are_refused() {
    refused_with(&Db::demo(), &["minutes", "last week"], "is not an item ID");
}

#[test]
fn minutes_never_replace_a_file() {
    let db = Db::demo();
    let path = db.file("minutes.md");
    std::fs::write(&path, "the analyst's own notes").unwrap();
    refused_with(
        &db,
        &["minutes", "MTG-2", "-o", path.to_str().unwrap()],
        "already exists",
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "the analyst's own notes"
    );
}

#[test]
fn a_pack_for_a_board_that_does_not_exist_is_refused() {
    refused_with(
        &Db::demo(),
        &["pack", "--board", "BRD-99"],
        "BRD-99 does not exist",
    );
}

#[test]
fn a_pack_for_a_meeting_that_does_not_exist_is_refused() {
    refused_with(
        &Db::demo(),
        &["pack", "--meeting", "MTG-99"],
        "MTG-99 does not exist",
    );
}

#[test]
fn a_pack_with_meeting_given_something_else_is_refused() {
    refused_with(&Db::demo(), &["pack", "--meeting", "ACT-1"], "MTG-n");
}

#[test]
fn a_pack_since_something_that_is_not_a_date_is_refused() {
    refused_with(
        &Db::demo(),
        &["pack", "--since", "the last meeting"],
        "is not a date",
    );
}

#[test]
fn a_pack_into_a_folder_that_does_not_exist_is_refused() {
    let db = Db::demo();
    let path = db.file("no-such-folder/pack.html");
    refused_with(
        &db,
        &["pack", "-o", path.to_str().unwrap()],
        "does not exist",
    );
    assert!(!path.parent().unwrap().exists());
}

#[test]
fn eml_drafts_without_a_folder_are_refused() {
    refused_with(&Db::demo(), &["digest", "--format", "eml"], "-o DIR");
}

#[test]
fn a_digest_folder_for_a_printed_format_is_refused() {
    let db = Db::demo();
    let dir = db.file("drafts");
    refused_with(
        &db,
        &["digest", "--format", "json", "-o", dir.to_str().unwrap()],
        "-o DIR is for --format eml",
    );
    assert!(!dir.exists());
}

#[test]
fn eml_drafts_into_a_folder_that_does_not_exist_are_refused() {
    let db = Db::demo();
    let dir = db.file("drafts");
    refused_with(
        &db,
        &["digest", "--format", "eml", "-o", dir.to_str().unwrap()],
        "is not a folder",
    );
    assert!(!dir.exists());
}

#[test]
fn a_digest_within_negative_days_is_refused() {
    refused_with(&Db::demo(), &["digest", "--within", "-3"], "0 or more");
}

#[test]
fn a_digest_with_chases_refused_records_none() {
    // The drafts cannot be written, so no chase is recorded either (refuse() checks the
    // database is unchanged).
    refused_with(
        &Db::demo(),
        &["digest", "--format", "eml", "--record-chase"],
        "-o DIR",
    );
}

#[test]
fn a_calendar_never_replaces_a_file() {
    let db = Db::demo();
    let path = db.file("deadlines.ics");
    std::fs::write(&path, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap();
    refused_with(
        &db,
        &["calendar", "-o", path.to_str().unwrap()],
        "already exists",
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    );
}
