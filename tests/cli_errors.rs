//! One bad input per test: each is refused with exit 1 (2 for a wrong command line), one line
//! on stderr that says what is wrong and what to do, no panic, and nothing written.

mod common;

use common::{Db, TODAY, bare, dump, stderr};

#[test]
fn an_unknown_id_is_refused_by_every_command() {
    let db = Db::with_recommendation();
    for args in [
        vec!["show", "REC-999"],
        vec!["set", "REC-999", "owner=Someone"],
        vec!["complete", "REC-999", "--evidence", "done"],
        vec!["delete", "REC-999"],
        vec!["history", "REC-999"],
        vec!["note", "REC-999", "a note"],
        vec!["chase", "REC-999", "--to", "Someone"],
    ] {
        let err = db.refuse(&args);
        assert!(err.contains("REC-999"), "{args:?}: {err}");
        assert!(err.contains("does not exist"), "{args:?}: {err}");
    }
}

#[test]

fn an_unknown_id_message_says_how_to_find_the_right_one() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["show", "REC-999"]);
    assert!(
        err.contains("oversight list"),
        "the message should point to `oversight list recommendations`: {err}"
    );
}

#[test]
fn a_malformed_id_is_refused_with_the_id_forms() {
    let db = Db::with_recommendation();
    for bad in ["RECX-1", "REC-0", "REC-abc", "12", "REC-1.5"] {
        let err = db.refuse(&["set", bad, "owner=Someone"]);
        assert!(err.contains(&format!("'{bad}'")), "{err}");
        assert!(err.contains("IDs look like"), "{err}");
        assert!(err.contains("REC-12"), "{err}");
    }
}

#[test]
fn an_unknown_field_is_refused_naming_the_real_fields() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "colour=red"]);
    assert!(err.contains("no field 'colour'"), "{err}");
    assert!(
        err.contains("owner") && err.contains("due_on") && err.contains("rag"),
        "{err}"
    );
    assert!(
        !err.contains("original_due_on"),
        "derived fields cannot be typed, so are not offered: {err}"
    );
    let err = db.refuse(&[
        "add",
        "recommendation",
        "report_id=RPT-1",
        "text=x",
        "colour=red",
    ]);
    assert!(err.contains("no field 'colour'"), "{err}");
}

#[test]
fn a_field_that_is_not_name_value_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "owner"]);
    assert!(err.contains("is not FIELD=VALUE"), "{err}");
    assert!(err.contains("owner=\"BCU Commander\""), "{err}");
}

#[test]
fn a_bad_status_word_is_refused_listing_the_words() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "status=done"]);
    assert!(
        err.contains("'done' is not a recommendation status"),
        "{err}"
    );
    assert!(
        err.contains("in progress") && err.contains("pending sign-off"),
        "{err}"
    );
    let err = db.refuse(&["list", "recommendations", "--status", "done"]);
    assert!(err.contains("--status"), "{err}");
    assert!(err.contains("use one of"), "{err}");
}

#[test]
fn a_status_filter_on_a_kind_without_status_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["list", "notes", "--status", "open"]);
    assert!(err.contains("notes have no status"), "{err}");
}

#[test]
fn a_bad_date_is_refused_with_the_date_forms() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "due_on=someday", "--reason", "why"]);
    assert!(err.contains("due_on"), "{err}");
    assert!(err.contains("'someday' is not a date"), "{err}");
    assert!(err.contains("2024-06-30") && err.contains("+14d"), "{err}");
}

#[test]
fn an_impossible_day_is_refused_saying_why() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "due_on=31/02/2027", "--reason", "why"]);
    assert!(
        err.contains("day 31 of February 2027 does not exist"),
        "{err}"
    );
}

#[test]
fn a_bad_today_is_refused() {
    let db = Db::with_recommendation();
    let before = db.snapshot();
    let out = db.run_on("2026-13-01", &["list", "recommendations"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "--today 2026-13-01");
    assert!(
        err.contains("--today") && err.contains("no month 13"),
        "{err}"
    );
    assert_eq!(before, db.snapshot());
}

#[test]
fn text_too_long_is_refused_saying_the_limit() {
    let db = Db::with_recommendation();
    let owner = format!("owner={}", "x".repeat(121));
    let err = db.refuse(&["set", "REC-1", &owner]);
    assert!(err.contains("owner"), "{err}");
    assert!(
        err.contains("121 characters") && err.contains("at most 120"),
        "{err}"
    );
    assert!(err.contains("shorten it"), "{err}");
}

#[test]
fn clearing_a_required_field_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "text="]);
    assert!(err.contains("text") && err.contains("required"), "{err}");
}

#[test]
fn adding_without_a_required_field_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["add", "recommendation", "text=Something"]);
    assert!(
        err.contains("report_id") && err.contains("required"),
        "{err}"
    );
    let err = db.refuse(&["add", "recommendation"]);
    assert!(err.contains("name=value"), "{err}");
}

#[test]
fn a_link_to_a_missing_item_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["add", "recommendation", "report_id=RPT-99", "text=x"]);
    assert!(err.contains("report_id") && err.contains("RPT-99"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    let err = db.refuse(&["add", "action", "board_id=BRD-1", "text=x"]);
    assert!(err.contains("BRD-1 does not exist"), "{err}");
}

#[test]
fn a_link_to_the_wrong_kind_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["add", "recommendation", "report_id=LET-1", "text=x"]);
    assert!(err.contains("LET-1 is a letter"), "{err}");
    assert!(err.contains("RPT-N"), "{err}");
}

#[test]
fn a_link_to_a_deleted_item_is_refused() {
    let db = Db::with_recommendation();
    db.ok(&["add", "report", "title=Old report"]);
    db.ok(&["delete", "RPT-2"]);
    let err = db.refuse(&["add", "recommendation", "report_id=RPT-2", "text=x"]);
    assert!(err.contains("RPT-2 is deleted"), "{err}");
}

#[test]
fn changing_a_deleted_item_is_refused() {
    let db = Db::with_recommendation();
    db.ok(&["delete", "REC-1"]);
    let err = db.refuse(&["set", "REC-1", "owner=Someone"]);
    assert!(err.contains("REC-1 is deleted"), "{err}");
    assert!(err.contains("undo"), "{err}");
    db.refuse(&["delete", "REC-1"]);
    db.refuse(&["note", "REC-1", "about a deleted item"]);
}

#[test]
fn a_fixed_or_derived_field_cannot_be_set() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "original_due_on=2027-02-01"]);
    assert!(
        err.contains("original_due_on") && err.contains("cannot be changed"),
        "{err}"
    );
    db.ok(&[
        "add",
        "letter",
        "subject=Questions",
        "received_on=2026-11-02",
    ]);
    db.ok(&["add", "letter", "subject=Other letter"]);
    db.ok(&["add", "ask", "letter_id=LET-1", "text=How many?"]);
    let err = db.refuse(&["set", "ASK-1", "letter_id=LET-2"]);
    assert!(
        err.contains("letter_id") && err.contains("cannot be changed"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("random.bin");
    // Deterministic noise that is certainly not a SQLite header.
    let bytes: Vec<u8> = (0u32..8192)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let out = bare()
        .args(["--db", path.to_str().unwrap(), "--today", TODAY])
        .args(["list", "recommendations"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "list on random bytes");
    assert!(err.contains("not a SQLite database"), "{err}");
    assert!(err.contains("choose another file with --db"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no -wal or -shm files are left behind");
}

#[test]
fn a_folder_given_as_the_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare()
        .args(["--db", dir.path().to_str().unwrap(), "list", "reports"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "--db FOLDER");
    assert!(err.contains("it is a folder"), "{err}");
    assert!(err.contains("--db"), "{err}");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let db = Db::with_recommendation();
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&db.path).unwrap();
    let out = db.run(&["list", "recommendations"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "newer database");
    assert!(err.contains("newer oversight"), "{err}");
    assert!(err.contains("schema version 99"), "{err}");
    assert!(err.contains("upgrade oversight"), "{err}");
    // Writing commands are refused as well.
    let out = db.run(&["set", "REC-1", "owner=Someone"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&db.path).unwrap(),
        before,
        "the newer database was changed"
    );
}

#[test]

fn a_newer_database_in_rollback_mode_is_not_switched_to_wal() {
    let db = Db::with_recommendation();
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&db.path).unwrap();
    let out = db.run(&["list", "recommendations"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        std::fs::read(&db.path).unwrap() == before,
        "the refused file was rewritten"
    );
}

#[test]
fn a_sqlite_database_of_another_program_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO customer (name) VALUES ('Ada');",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let out = bare()
        .args(["--db", path.to_str().unwrap(), "--today", TODAY])
        .args(["add", "board", "name=Board"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "another program's database");
    assert!(err.contains("SQLite database of another program"), "{err}");
    assert!(err.contains("choose another file with --db"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was changed"
    );
    let content = dump(&path);
    assert!(content.contains("\"Ada\""), "{content}");
    assert!(
        !content.contains("== changeset"),
        "no oversight tables were added: {content}"
    );
}

#[test]
fn moving_a_due_date_without_a_reason_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["set", "REC-1", "due_on=2027-03-01"]);
    assert!(err.contains("due_on"), "{err}");
    assert!(err.contains("--reason"), "{err}");
    // A blank reason is no reason.
    db.refuse(&["set", "REC-1", "due_on=2027-03-01", "--reason", "  "]);
    // Board actions keep the same rule.
    db.ok(&["add", "board", "name=Board"]);
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "text=Do",
        "due_on=2026-12-01",
    ]);
    let err = db.refuse(&["set", "ACT-1", "due_on=2026-12-15"]);
    assert!(err.contains("--reason"), "{err}");
}

#[test]
fn completing_a_recommendation_without_evidence_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["complete", "REC-1"]);
    assert!(err.contains("evidence"), "{err}");
    assert!(err.contains("give the evidence"), "{err}");
    db.refuse(&["complete", "REC-1", "--evidence", "   "]);
    let err = db.refuse(&["set", "REC-1", "status=complete"]);
    assert!(err.contains("evidence"), "{err}");
}

#[test]
fn completing_in_the_future_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["complete", "REC-1", "--evidence", "Audit", "--on", "+3d"]);
    assert!(
        err.contains("completed_on") && err.contains("after today"),
        "{err}"
    );
    let err = db.refuse(&["complete", "REC-1", "--evidence", "Audit", "--on", "soon"]);
    assert!(
        err.contains("--on") && err.contains("is not a date"),
        "{err}"
    );
}

#[test]
fn completing_a_note_is_refused() {
    let db = Db::with_recommendation();
    db.ok(&["note", "REC-1", "Progress is slow"]);
    let err = db.refuse(&["complete", "NOTE-1"]);
    assert!(err.contains("cannot be completed"), "{err}");
}

#[test]
fn a_stale_if_version_is_refused() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=Head of Public Protection"]); // now version 2
    for args in [
        vec!["set", "REC-1", "rag=red", "--if-version", "1"],
        vec![
            "complete",
            "REC-1",
            "--evidence",
            "Audit",
            "--if-version",
            "1",
        ],
        vec!["delete", "REC-1", "--if-version", "1"],
    ] {
        let err = db.refuse(&args);
        assert!(err.contains("REC-1 changed since you loaded it"), "{err}");
        assert!(
            err.contains("version 1") && err.contains("version 2"),
            "{err}"
        );
        assert!(err.contains("nothing was saved"), "{err}");
    }
    // The current version is accepted.
    let out = db.ok(&["set", "REC-1", "rag=red", "--if-version", "2"]);
    assert!(out.contains("version 3"), "{out}");
}

#[test]
fn an_unknown_kind_is_refused_listing_the_kinds() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["list", "widgets"]);
    assert!(err.contains("'widgets' is not a kind of item"), "{err}");
    assert!(err.contains("recommendations") && err.contains("letters"));
    db.refuse(&["add", "widget", "name=x"]);
}

#[test]
fn a_bad_setting_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["settings", "due_soon_days=-1"]);
    assert!(
        err.contains("due_soon_days must be a whole number"),
        "{err}"
    );
    let err = db.refuse(&["settings", "colour=red"]);
    assert!(err.contains("no setting 'colour'"), "{err}");
    assert!(err.contains("due_soon_days"), "{err}");
    // A bad second setting stops the good first one too.
    db.refuse(&["settings", "due_soon_days=7", "letter_clock=mars"]);
}

#[test]
fn a_bad_holidays_file_is_refused() {
    let db = Db::with_recommendation();
    let file = db.file("holidays.json");
    std::fs::write(&file, "{}").unwrap();
    let before = db.snapshot();
    let out = db
        .cmd()
        .args(["--holidays", file.to_str().unwrap(), "add", "letter"])
        .args(["subject=S", "received_on=2026-11-02"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "--holidays {}");
    assert!(err.contains("gov.uk/bank-holidays.json"), "{err}");
    assert_eq!(before, db.snapshot());
}

#[test]
fn the_demo_never_replaces_real_data() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["demo"]);
    assert!(err.contains("not the demo"), "{err}");
    assert!(err.contains("--db"), "{err}");
    let err = db.refuse(&["init", "--demo"]);
    assert!(err.contains("already holds data"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let db = Db::with_recommendation();
    for args in [
        vec!["frobnicate"],
        vec!["list"],
        vec!["undo", "--bogus"],
        vec!["set", "REC-1"],
        vec!["chase", "REC-1"],
        vec!["chase", "REC-1", "--to", "Someone", "--by", "fax"],
        vec!["list", "recommendations", "--format", "xml"],
        vec!["list", "recommendations", "--due-within", "soon"],
        vec!["deadline", "2025-12-12"],
        vec![
            "deadline",
            "2025-12-12",
            "--working-days",
            "5",
            "--rule",
            "s55",
        ],
        vec!["holidays", "next-year"],
        vec!["set", "REC-1", "owner=x", "--if-version", "two"],
    ] {
        db.usage_error(&args);
    }
}

#[test]

fn a_clock_without_working_days_is_a_usage_error() {
    let db = Db::with_recommendation();
    db.usage_error(&[
        "deadline",
        "2025-12-12",
        "--rule",
        "letter",
        "--clock",
        "uk",
    ]);
}

#[test]
fn export_json_with_a_kind_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["export", "--format", "json", "--kind", "letters"]);
    assert!(err.contains("--kind goes with --format csv"), "{err}");
}

#[test]
fn csv_export_without_a_kind_or_folder_is_refused() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["export", "--format", "csv"]);
    assert!(err.contains("--kind") && err.contains("-o FOLDER"), "{err}");
}

#[test]
fn the_dashboard_without_a_terminal_says_so_and_touches_nothing() {
    let db = Db::with_recommendation();
    let before = db.snapshot();
    let out = db.run(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(!err.contains("panicked"));
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(err.contains("oversight --help"), "{err}");
    assert_eq!(before, db.snapshot());
}

#[test]
fn the_nothing_written_check_sees_every_write() {
    // The refusal tests above rely on the snapshot noticing a change; prove it does, for a
    // field change, a note and a setting.
    let db = Db::with_recommendation();
    let mut last = db.snapshot();
    for args in [
        vec!["set", "REC-1", "rag=amber"],
        vec!["note", "REC-1", "Progress is slow"],
        vec!["settings", "due_soon_days=7"],
    ] {
        db.ok(&args);
        let now = db.snapshot();
        assert_ne!(last.tables, now.tables, "{args:?} went unnoticed");
        last = now;
    }
}
