//! No single bad value makes the database unusable, and `check` finds it (issue 11, item 4).
//!
//! A restore applies the field rules of `set` to every value and refuses the whole file,
//! naming item, field and value (cut to 80 characters), with nothing written. A bad value
//! stored by another tool or a damaged disk is read anyway: the item lists, shows the raw
//! value marked invalid, exports flagged, and `set` (or `settings KEY=VALUE`) repairs it;
//! `check` names every such value and where the audit trail disagrees with the data.

mod common;

use common::{Db, assert_one_line_error, stderr, stdout, success};
use serde_json::{Value, json};

/// The demo's export, changed by `edit`, restored into a new empty database: refused, with
/// the message returned.
fn refused_restore(edit: impl FnOnce(&mut Value)) -> String {
    let demo = Db::demo();
    let mut export = demo.json(&["export"]);
    edit(&mut export);
    let file = demo.file("edited.json");
    std::fs::write(&file, serde_json::to_string(&export).unwrap()).unwrap();
    let target = Db::empty();
    target.refuse(&["import", file.to_str().unwrap()])
}

fn first<'a>(export: &'a mut Value, list: &str) -> &'a mut Value {
    &mut export[list][0]
}

#[test]
fn a_restore_refuses_a_setting_its_command_would_refuse() {
    let err = refused_restore(|e| e["settings"] = json!({"due_soon_days": "many"}));
    assert!(err.contains("due_soon_days"), "{err}");
    assert!(err.contains("'many'"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
}

#[test]
fn a_restore_refuses_a_deleted_flag_or_version_of_the_wrong_type() {
    let err = refused_restore(|e| first(e, "recommendations")["deleted"] = json!("yes"));
    assert!(err.contains("REC-1 deleted"), "{err}");
    assert!(err.contains("yes"), "{err}");
    for bad in [json!("abc"), json!(-5), json!(0)] {
        let shown = bad.to_string();
        let err = refused_restore(|e| first(e, "recommendations")["version"] = bad);
        assert!(err.contains("REC-1 version"), "{err}");
        assert!(err.contains(shown.trim_matches('"')), "{err}");
    }
}

#[test]
fn a_restore_refuses_a_note_or_link_to_an_item_that_does_not_exist() {
    let err = refused_restore(|e| first(e, "notes")["item_id"] = json!("REC-999"));
    assert!(err.contains("NOTE-1 item_id"), "{err}");
    assert!(err.contains("REC-999 does not exist"), "{err}");
    let err = refused_restore(|e| first(e, "recommendations")["report_id"] = json!("RPT-999"));
    assert!(err.contains("REC-1 report_id"), "{err}");
    assert!(err.contains("RPT-999"), "{err}");
}

#[test]
fn a_restore_applies_the_rules_of_set_and_quotes_at_most_80_characters() {
    let err = refused_restore(|e| first(e, "recommendations")["due_on"] = json!("not a date"));
    assert!(err.contains("REC-1 due_on"), "{err}");
    assert!(err.contains("'not a date'"), "{err}");
    let err = refused_restore(|e| first(e, "recommendations")["due_on"] = json!("0000-01-01"));
    assert!(err.contains("REC-1 due_on"), "{err}");
    let err = refused_restore(|e| first(e, "recommendations")["status"] = json!("bogus"));
    assert!(err.contains("REC-1 status"), "{err}");
    assert!(err.contains("'bogus'"), "{err}");
    // A megabyte of owner: refused, the value cut to 80 characters in a short message.
    let err =
        refused_restore(|e| first(e, "recommendations")["owner"] = json!("x".repeat(1 << 20)));
    assert!(err.contains("REC-1 owner"), "{err}");
    assert!(err.contains(&format!("'{}…'", "x".repeat(79))), "{err}");
    assert!(err.len() < 400, "the message is short: {} bytes", err.len());
    // The audit trail is read as strictly.
    let err = refused_restore(|e| first(e, "events")["field"] = json!("no_such_field"));
    assert!(err.contains("no_such_field"), "{err}");
    let err = refused_restore(|e| first(e, "changesets")["undone"] = json!("maybe"));
    assert!(err.contains("undone"), "{err}");
}

/// A demo database with bad values written behind oversight's back, as another tool or a
/// damaged disk would leave them: a due date that is not one, text that is not UTF-8 in an
/// audit event, a setting that is not a number.
fn damaged() -> Db {
    let db = Db::demo();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch(
        "UPDATE recommendation SET due_on = 'not a date' WHERE id = 3;
         UPDATE event SET new = CAST(X'ff41' AS TEXT)
           WHERE id = (SELECT min(id) FROM event WHERE entity = 'recommendation' AND item_id = 5
                       AND field = 'owner');
         INSERT OR REPLACE INTO setting (key, value) VALUES ('due_soon_days', 'many');",
    )
    .unwrap();
    db
}

#[test]
fn a_bad_stored_value_is_listed_shown_marked_and_exported_flagged() {
    let db = damaged();
    let out = db.run(&["list", "recommendations"]);
    let listed = success(&out, "list");
    assert!(listed.contains("REC-3"), "{listed}");
    // The bad setting is named once, with the default used and the repair.
    let err = stderr(&out);
    assert!(err.contains("due_soon_days"), "{err}");
    assert!(err.contains("`oversight settings due_soon_days="), "{err}");

    let shown = db.ok(&["show", "REC-3"]);
    assert!(shown.contains("not a date [invalid]"), "{shown}");
    let json = db.show("REC-3");
    assert_eq!(json["due_on"], json!({"invalid": "not a date"}), "{json}");
    // The history of the item whose event is not UTF-8 still reads.
    let history = db.ok(&["history", "REC-5"]);
    assert!(history.contains('\u{fffd}'), "{history}");

    // Export: everything, the bad value as stored and flagged.
    let export = db.json(&["export"]);
    let rec3 = export["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "REC-3")
        .unwrap();
    assert_eq!(rec3["due_on"], json!({"invalid": "not a date"}));
    let csv = db.ok(&["export", "--format", "csv", "--kind", "recommendations"]);
    assert!(csv.contains("not a date"), "{csv}");
    // Undo still works, and dashboards' views still read.
    db.ok(&["list", "deadlines"]);
    db.ok(&["undo"]);
}

#[test]
fn a_flagged_export_is_refused_by_restore_naming_the_repair() {
    let db = damaged();
    db.ok(&["settings", "due_soon_days=14"]);
    let file = db.file("flagged.json");
    db.ok(&["export", "-o", file.to_str().unwrap()]);
    let target = Db::empty();
    let err = target.refuse(&["import", file.to_str().unwrap()]);
    assert!(err.contains("REC-3 due_on"), "{err}");
    assert!(err.contains("oversight set"), "{err}");
}

#[test]
fn check_names_each_bad_value_and_set_and_settings_repair_them() {
    let db = damaged();
    let out = db.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("REC-3 due_on: 'not a date' is not a YYYY-MM-DD date"),
        "{said}"
    );
    assert!(
        said.contains("`oversight set REC-3 due_on=…` repairs it"),
        "{said}"
    );
    assert!(said.contains("not valid UTF-8"), "{said}");
    assert!(said.contains("REC-5 owner is"), "{said}");
    assert!(said.contains("but its history says"), "{said}");
    assert!(said.contains("setting due_soon_days"), "{said}");
    let err = stderr(&out);
    assert!(err.contains("problem(s) found"), "{err}");

    // The way out works: settings and set, each repair recorded.
    db.ok(&["settings", "due_soon_days=10"]);
    db.ok(&["set", "REC-3", "due_on=2027-01-31", "--reason", "repair"]);
    let out = db.run(&["check"]);
    let said = stdout(&out);
    assert!(!said.contains("REC-3"), "{said}");
    assert!(!said.contains("due_soon_days"), "{said}");
    // What a person cannot retype, the damaged event, is still named.
    assert!(said.contains("not valid UTF-8"), "{said}");
    let out = db.run(&["list", "recommendations"]);
    assert_eq!(stderr(&out), "", "no warning once repaired");
}

#[test]
fn check_finds_the_audit_trail_disagreeing_with_the_data() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=Chief Constable"]);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute(
        "UPDATE recommendation SET owner = 'Someone Else' WHERE id = 1",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO event (changeset_id, entity, item_id, field, old, new)
         VALUES (1, 'recommendation', 77, 'owner', NULL, 'x')",
        [],
    )
    .unwrap();
    drop(conn);
    let out = db.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stdout(&out);
    assert!(
        said.contains("REC-1 owner is 'Someone Else' but its history says 'Chief Constable'"),
        "{said}"
    );
    assert!(said.contains("REC-77, which does not exist"), "{said}");
}

#[test]
fn a_version_stored_as_text_still_reads_and_check_names_it() {
    let db = Db::with_recommendation();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch("UPDATE recommendation SET version = 'abc' WHERE id = 1")
        .unwrap();
    drop(conn);
    db.ok(&["list", "recommendations"]);
    let said = stdout(&db.run(&["check"]));
    assert!(said.contains("REC-1 version: 'abc'"), "{said}");
    assert_one_line_error(&stderr(&db.run(&["check"])), "check");
    // `set` repairs it: the version goes on from what it reads as.
    db.ok(&["set", "REC-1", "owner=Chief Constable"]);
    let said = db.ok(&["check"]);
    assert!(said.starts_with("ok: "), "{said}");
}
