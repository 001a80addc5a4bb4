//! Undo and redo of each kind of change, and how they show in the history.

mod common;

use common::{ACTOR, Db, TODAY};

fn changes(db: &Db, id: &str) -> Vec<(String, String)> {
    db.history(id)
        .iter()
        .map(|e| {
            (
                e["change"].as_str().unwrap().to_string(),
                e["field"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn nothing_to_undo_or_redo_on_a_new_database() {
    let db = Db::empty();
    let before = db.snapshot();
    assert_eq!(db.ok(&["undo"]).trim_end(), "Nothing to undo.");
    assert_eq!(db.ok(&["redo"]).trim_end(), "Nothing to redo.");
    assert_eq!(
        before,
        db.snapshot(),
        "undo with nothing to undo writes nothing"
    );
}

#[test]
fn undo_of_a_creation_hides_the_item_and_redo_brings_it_back() {
    let db = Db::with_recommendation();
    db.ok(&["add", "board", "name=VAWG Oversight Board"]);
    let out = db.ok(&["undo"]);
    assert_eq!(out.trim_end(), "Undid your addition of BRD-1.");
    assert!(db.list("boards", &[]).is_empty());
    let board = db.show("BRD-1");
    assert_eq!(board["deleted"], true);
    assert_eq!(board["name"], "VAWG Oversight Board", "its values are kept");
    let out = db.ok(&["redo"]);
    assert_eq!(out.trim_end(), "Redid your addition of BRD-1.");
    assert_eq!(db.list_ids("boards", &[]), ["BRD-1"]);
    assert_eq!(db.show("BRD-1")["deleted"], false);
}

#[test]
fn undo_of_a_field_change_restores_the_old_value_and_redo_reapplies_it() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=Head of Public Protection", "rag=red"]);
    let out = db.ok(&["undo"]);
    assert_eq!(out.trim_end(), "Undid your change to REC-1 (Owner, RAG).");
    let rec = db.show("REC-1");
    assert_eq!(rec["owner"], "BCU Commander");
    assert!(rec["rag"].is_null());
    db.ok(&["redo"]);
    let rec = db.show("REC-1");
    assert_eq!(rec["owner"], "Head of Public Protection");
    assert_eq!(rec["rag"], "red");
}

#[test]
fn undo_of_a_due_date_move_restores_the_date_and_keeps_the_original() {
    let db = Db::with_recommendation();
    db.ok(&[
        "set",
        "REC-1",
        "due_on=2027-03-01",
        "--reason",
        "Supplier delay",
    ]);
    db.ok(&["undo"]);
    let rec = db.show("REC-1");
    assert_eq!(rec["due_on"], "2027-01-18");
    assert_eq!(rec["original_due_on"], "2027-01-18");
    db.ok(&["redo"]);
    assert_eq!(db.show("REC-1")["due_on"], "2027-03-01");
}

#[test]
fn undo_of_a_completion_reopens_and_clears_the_day_and_evidence() {
    let db = Db::with_recommendation();
    db.ok(&["complete", "REC-1", "--evidence", "Audit of 50 cases"]);
    let out = db.ok(&["undo"]);
    assert_eq!(
        out.trim_end(),
        "Undid your change to REC-1 (Status, Completed, Evidence)."
    );
    let rec = db.show("REC-1");
    assert_eq!(rec["status"], "not_started");
    assert!(rec["completed_on"].is_null());
    assert!(rec["evidence"].is_null());
    db.ok(&["redo"]);
    let rec = db.show("REC-1");
    assert_eq!(rec["status"], "complete");
    assert_eq!(rec["completed_on"], TODAY);
    assert_eq!(rec["evidence"], "Audit of 50 cases");
}

#[test]
fn undo_of_a_status_change_restores_the_status() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "status=in progress"]);
    db.ok(&["undo"]);
    assert_eq!(db.show("REC-1")["status"], "not_started");
}

#[test]
fn undo_of_a_derived_due_date_change_restores_both_dates() {
    let db = Db::with_recommendation();
    let before = db.show("RPT-1")["due_on"].clone();
    assert_eq!(before, "2026-11-25");
    db.ok(&["set", "RPT-1", "published_on=2026-10-20"]);
    assert_eq!(db.show("RPT-1")["due_on"], "2026-12-14");
    db.ok(&["undo"]);
    let report = db.show("RPT-1");
    assert_eq!(report["published_on"], "2026-10-01");
    assert_eq!(report["due_on"], before);
}

#[test]
fn undo_of_a_note_hides_it() {
    let db = Db::with_recommendation();
    db.ok(&["note", "REC-1", "Plan promised for the next board"]);
    db.ok(&["undo"]);
    assert!(db.show("REC-1")["notes"].as_array().unwrap().is_empty());
    assert!(db.list("notes", &[]).is_empty());
    let out = db.ok(&["show", "REC-1"]);
    assert!(!out.contains("Plan promised"), "{out}");
    db.ok(&["redo"]);
    assert_eq!(db.show("REC-1")["notes"].as_array().unwrap().len(), 1);
}

#[test]
fn undo_of_a_chase_takes_it_off_the_count() {
    let db = Db::with_recommendation();
    db.ok_on("2026-11-10", &["chase", "REC-1", "--to", "BCU Commander"]);
    db.ok_on("2026-11-20", &["chase", "REC-1", "--to", "BCU Commander"]);
    db.ok(&["undo"]);
    let rec = &db.list("recommendations", &[])[0];
    assert_eq!(rec["chases"], 1);
    assert_eq!(rec["last_chased_on"], "2026-11-10");
    assert_eq!(rec["days_since_chase"], 13);
    db.ok(&["redo"]);
    let rec = &db.list("recommendations", &[])[0];
    assert_eq!(rec["chases"], 2);
    assert_eq!(rec["days_since_chase"], 3);
}

#[test]
fn undo_of_a_delete_restores_the_item_and_redo_deletes_it_again() {
    let db = Db::with_recommendation();
    db.ok(&["delete", "REC-1"]);
    let out = db.ok(&["undo"]);
    assert_eq!(out.trim_end(), "Undid your deletion of REC-1.");
    assert_eq!(db.list_ids("recommendations", &[]), ["REC-1"]);
    assert_eq!(db.show("REC-1")["deleted"], false);
    let out = db.ok(&["redo"]);
    assert_eq!(out.trim_end(), "Redid your deletion of REC-1.");
    assert!(db.list("recommendations", &[]).is_empty());
    assert_eq!(db.show("REC-1")["deleted"], true);
    db.ok(&["undo"]);
    assert_eq!(db.show("REC-1")["deleted"], false);
    // Once restored it takes changes again.
    db.ok(&["set", "REC-1", "rag=green"]);
    assert_eq!(db.show("REC-1")["rag"], "green");
}

#[test]
fn undo_of_a_setting_restores_it_and_redo_reapplies_it() {
    let db = Db::with_recommendation();
    db.ok(&["settings", "due_soon_days=7"]);
    let out = db.ok(&["undo"]);
    assert_eq!(
        out.trim_end(),
        "Undid your settings change (due_soon_days)."
    );
    let out = db.ok(&["settings"]);
    assert!(out.contains("due_soon_days = 14"), "{out}");
    db.ok(&["redo"]);
    let out = db.ok(&["settings"]);
    assert!(out.contains("due_soon_days = 7"), "{out}");
}

#[test]

fn one_settings_command_is_undone_in_one_step() {
    let db = Db::with_recommendation();
    db.ok(&["settings", "due_soon_days=7", "letter_clock=uk"]);
    db.ok(&["undo"]);
    let out = db.ok(&["settings"]);
    assert!(out.contains("due_soon_days = 14"), "{out}");
    assert!(out.contains("letter_clock = ew"), "{out}");
}

#[test]
fn undo_twice_walks_back_two_changes_newest_first() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=First"]);
    db.ok(&["set", "REC-1", "owner=Second"]);
    db.ok(&["note", "REC-1", "Third"]);
    assert_eq!(db.ok(&["undo"]).trim_end(), "Undid your note on REC-1.");
    assert_eq!(db.show("REC-1")["owner"], "Second");
    assert_eq!(
        db.ok(&["undo"]).trim_end(),
        "Undid your change to REC-1 (Owner)."
    );
    assert_eq!(db.show("REC-1")["owner"], "First");
    assert_eq!(
        db.ok(&["undo"]).trim_end(),
        "Undid your change to REC-1 (Owner)."
    );
    assert_eq!(db.show("REC-1")["owner"], "BCU Commander");
    // And redo walks forward again, oldest undo last.
    db.ok(&["redo"]);
    assert_eq!(db.show("REC-1")["owner"], "First");
    db.ok(&["redo"]);
    assert_eq!(db.show("REC-1")["owner"], "Second");
    db.ok(&["redo"]);
    assert_eq!(db.show("REC-1")["notes"].as_array().unwrap().len(), 1);
    assert_eq!(db.ok(&["redo"]).trim_end(), "Nothing to redo.");
}

#[test]
fn undo_after_redo_undoes_the_redo() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=First"]);
    db.ok(&["undo"]);
    db.ok(&["redo"]);
    db.ok(&["undo"]);
    assert_eq!(db.show("REC-1")["owner"], "BCU Commander");
    db.ok(&["redo"]);
    assert_eq!(db.show("REC-1")["owner"], "First");
}

#[test]
fn a_new_change_after_undo_ends_redo() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=First"]);
    db.ok(&["undo"]);
    db.ok(&["set", "REC-1", "rag=amber"]);
    let before = db.snapshot();
    assert_eq!(db.ok(&["redo"]).trim_end(), "Nothing to redo.");
    assert_eq!(before, db.snapshot());
    let rec = db.show("REC-1");
    assert_eq!(rec["owner"], "BCU Commander");
    assert_eq!(rec["rag"], "amber");
}

#[test]
fn undo_and_redo_are_in_the_history() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=First"]);
    db.ok(&["undo"]);
    db.ok(&["redo"]);
    let history = db.history("REC-1");
    let tail: Vec<_> = changes(&db, "REC-1").into_iter().rev().take(3).collect();
    assert_eq!(
        tail,
        [
            ("redo".to_string(), "owner".to_string()),
            ("undo".to_string(), "owner".to_string()),
            ("change".to_string(), "owner".to_string()),
        ]
    );
    let undo = &history[history.len() - 2];
    assert_eq!(undo["old"], "First");
    assert_eq!(undo["new"], "BCU Commander");
    assert_eq!(undo["who"], ACTOR);
    let table = db.ok(&["history", "REC-1"]);
    assert!(table.contains("undo"), "{table}");
    assert!(table.contains("redo"), "{table}");
}

#[test]
fn undo_of_a_creation_shows_as_a_delete_in_the_history() {
    let db = Db::with_recommendation();
    db.ok(&["add", "board", "name=Board"]);
    db.ok(&["undo"]);
    let history = db.history("BRD-1");
    let last = history.last().unwrap();
    assert_eq!(last["change"], "undo");
    assert_eq!(last["field"], "deleted");
    assert_eq!(last["old"], "false");
    assert_eq!(last["new"], "true");
}

#[test]
fn undo_changes_the_version_so_stale_copies_are_refused() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=First"]); // version 2
    db.ok(&["undo"]); // version 3
    assert_eq!(db.show("REC-1")["version"], 3);
    let err = db.refuse(&["set", "REC-1", "rag=red", "--if-version", "2"]);
    assert!(err.contains("changed since you loaded it"), "{err}");
}

#[test]
fn undo_of_the_demo_load_hides_everything_at_once() {
    let db = Db::demo();
    let out = db.ok(&["undo"]);
    assert_eq!(
        out.trim_end(),
        "Undid your loading of the demo data (57 items)."
    );
    for kind in [
        "recommendations",
        "letters",
        "actions",
        "reports",
        "boards",
        "notes",
    ] {
        assert!(db.list(kind, &[]).is_empty(), "{kind}");
    }
    db.ok(&["redo"]);
    assert_eq!(db.list("recommendations", &[]).len(), 15);
}

#[test]

fn a_set_that_changes_nothing_does_not_absorb_the_next_undo() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=Head of Public Protection"]);
    db.ok(&["set", "REC-1", "owner=Head of Public Protection"]);
    db.ok(&["undo"]);
    assert_eq!(
        db.show("REC-1")["owner"],
        "BCU Commander",
        "undo should revert the last change that changed something"
    );
}

/// Runs a command as another person (the actor the audit trail records).
fn as_actor(db: &Db, actor: &str, args: &[&str]) -> String {
    let out = common::bare()
        .args(["--db", db.db_arg(), "--today", TODAY, "--actor", actor])
        .args(args)
        .output()
        .expect("run oversight");
    common::success(&out, &args.join(" "))
}

#[test]
fn undo_takes_back_only_your_own_change_unless_told_any() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=Mine"]);
    as_actor(&db, "priya", &["note", "REC-1", "Spoke to the BCU"]);
    // The newest change is Priya's; mine is the one before. Undo leaves hers alone.
    let out = db.ok(&["undo"]);
    assert_eq!(out.trim_end(), "Undid your change to REC-1 (Owner).");
    assert_eq!(db.show("REC-1")["owner"], "BCU Commander");
    assert_eq!(db.show("REC-1")["notes"].as_array().unwrap().len(), 1);

    // Priya has nothing to undo of her own after undoing her note; someone else's
    // needs --any, and the message says whose it is.
    let out = as_actor(&db, "priya", &["undo"]);
    assert_eq!(out.trim_end(), "Undid your note on REC-1.");
    let before = db.snapshot();
    let out = as_actor(&db, "priya", &["undo"]);
    assert!(
        out.starts_with("Nothing of yours to undo (you are priya). The newest change is"),
        "{out}"
    );
    assert!(out.contains(&format!("{ACTOR}'s")), "{out}");
    assert!(out.contains("oversight undo --any"), "{out}");
    assert_eq!(before, db.snapshot(), "nothing was undone");
    let out = as_actor(&db, "priya", &["undo", "--any"]);
    assert_eq!(
        out.trim_end(),
        format!("Undid {ACTOR}'s addition of REC-1.")
    );
    assert!(db.show("REC-1")["deleted"].as_bool().unwrap());
}

#[test]
fn a_reply_can_answer_the_letters_open_asks_in_one_change() {
    let db = Db::demo();
    let out = db.ok(&["complete", "LET-5"]);
    assert!(
        out.contains("Its asks ASK-6, ASK-7 are still open"),
        "{out}"
    );
    assert_eq!(db.show("ASK-6")["status"], "open");
    db.ok(&["undo"]);
    let out = db.ok(&["complete", "LET-5", "--asks-answered"]);
    assert!(
        out.contains("Its open asks ASK-6, ASK-7 are marked answered"),
        "{out}"
    );
    assert_eq!(db.show("LET-5")["status"], "replied");
    assert_eq!(db.show("ASK-7")["status"], "answered");
    // One change: one undo reopens the letter and its asks.
    db.ok(&["undo"]);
    assert_eq!(db.show("LET-5")["status"], "awaiting_reply");
    assert_eq!(db.show("ASK-6")["status"], "open");
    let refused = db.run(&["complete", "REC-1", "--evidence", "x", "--asks-answered"]);
    assert!(!refused.status.success());
}

/// What the user sees of a database: every live item with its values, and the settings.
/// Versions, deleted rows and the audit trail are left out: those differ after an undo by
/// design (`undo --help`, RELIABILITY.md).
fn visible(db: &Db) -> serde_json::Value {
    let mut export = db.json(&["export"]);
    let obj = export.as_object_mut().unwrap();
    obj.remove("changesets");
    obj.remove("events");
    for (_, list) in obj.iter_mut() {
        if let Some(rows) = list.as_array_mut() {
            rows.retain(|r| r["deleted"] != true);
            for r in rows {
                r.as_object_mut().unwrap().remove("version");
                r.as_object_mut().unwrap().remove("deleted");
            }
        }
    }
    export
}

#[test]
fn thirty_changes_then_thirty_undos_give_back_exactly_what_the_user_saw() {
    let db = Db::demo();
    let before = visible(&db);
    let versions_before = db.show("REC-6")["version"].clone();
    let changes: Vec<Vec<&str>> = vec![
        vec!["set", "REC-6", "owner=Chief Constable"],
        vec![
            "set",
            "REC-6",
            "due_on=2027-03-31",
            "--reason",
            "agreed extension",
        ],
        vec!["note", "REC-6", "Met the lead; plan due next month"],
        vec!["chase", "REC-6", "--to", "the owner", "--by", "email"],
        vec!["set", "REC-9", "status=in_progress"],
        vec!["set", "REC-11", "owner=Someone New"],
        vec!["settings", "due_soon_days=7"],
        vec!["delete", "REC-15", "--yes"],
        vec![
            "add",
            "report",
            "title=Undo test report",
            "published_on=2026-10-01",
        ],
        vec!["set", "LET-1", "owner=Head of Oversight"],
        vec!["note", "LET-1", "Reply drafted"],
        vec!["chase", "LET-2", "--to", "the sender", "--by", "phone"],
        vec!["set", "REC-6", "owner=Deputy Chief Constable"],
        vec!["settings", "letter_clock=uk"],
        vec!["set", "ACT-1", "owner=Board Secretary"],
        vec!["note", "ACT-1", "On the next agenda"],
        vec!["set", "REC-9", "owner=Victim Care Manager"],
        vec!["chase", "REC-9", "--to", "the owner", "--by", "email"],
        vec!["set", "REC-11", "due_on=2027-02-28", "--reason", "new plan"],
        vec!["note", "REC-11", "New plan received"],
        vec!["settings", "due_soon_days=21"],
        vec!["set", "LET-1", "owner=Director"],
        vec!["chase", "ACT-1", "--to", "the owner", "--by", "email"],
        vec!["note", "REC-9", "Update promised"],
        vec!["set", "REC-6", "owner=ACC Crime"],
        vec![
            "add",
            "report",
            "title=Second report",
            "published_on=2026-11-01",
        ],
        vec!["set", "REC-11", "owner=Another Owner"],
        vec!["note", "REC-6", "Evidence awaited"],
        vec!["settings", "due_soon_days=3"],
        vec!["set", "REC-9", "owner=Final Owner"],
    ];
    assert_eq!(changes.len(), 30);
    for c in &changes {
        db.ok(c);
    }
    assert_ne!(before, visible(&db));
    for _ in 0..30 {
        db.ok(&["undo"]);
    }
    assert_eq!(
        before,
        visible(&db),
        "the data the user sees is back exactly"
    );
    // What differs by design: versions count on, the trail keeps it all, an undone
    // addition is a deleted row.
    assert_ne!(db.show("REC-6")["version"], versions_before);
    let export = db.json(&["export"]);
    let undone = export["changesets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "undo")
        .count();
    assert_eq!(undone, 30);
    let reports = export["reports"].as_array().unwrap();
    let added = reports
        .iter()
        .find(|r| r["title"] == "Undo test report")
        .expect("an undone addition is kept");
    assert_eq!(added["deleted"], true);
    db.ok(&["check"]);
}
