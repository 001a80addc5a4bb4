//! A database made by an older oversight must open and upgrade. `fixtures/v1.sql` is a
//! version-1 database (made with: add report, recommendation with a revised due date,
//! letter, ask, board, meeting, action; a chase, a note, a delete and its undo, a setting
//! and a completion). When a migration is added, this test proves it upgrades real data.

use std::path::Path;

use assert_cmd::Command;
use oversight::domain::filter::PaneFilter;
use oversight::domain::ids::Kind;
use oversight::store::{Anchor, Store, schema_version};

fn v1_database(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("old.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/v1.sql")).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the fixture is a version-1 database");
    path
}

fn oversight(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("oversight").unwrap();
    cmd.env_remove("OVERSIGHT_DB").args([
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2024-03-01",
        "--actor",
        "upgrader",
    ]);
    cmd
}

#[test]
fn a_version_1_database_opens_upgrades_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = v1_database(dir.path());
    {
        let store = Store::open(&db).unwrap();
        let conn = rusqlite::Connection::open(&db).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema_version());
        assert!(store.check().unwrap().is_empty());
        // Migration 3 indexed the rows already there for the dashboard's filter.
        let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        for (kind, typed) in [
            (Kind::Recommendation, "CALL handling"),
            (Kind::Letter, "stop search"),
        ] {
            let mut f = PaneFilter::default();
            f.set_words(typed);
            let source = oversight::tui::panes::PANES
                .iter()
                .find(|p| p.source.parts[0].kind == kind)
                .unwrap()
                .source;
            let rows = store
                .window(&source, &f, today, &Anchor::First, 10)
                .unwrap();
            assert_eq!(rows.len(), 1, "{typed}");
            assert_eq!(rows[0].listed.item.id.num, 1, "{typed}");
        }
    }
    let out = oversight(&db)
        .args(["show", "REC-1", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["due_on"], "2024-09-30");
    assert_eq!(rec["original_due_on"], "2024-06-30");
    assert_eq!(rec["chases"], 1);

    let history = oversight(&db)
        .args(["history", "REC-1", "--format", "json"])
        .output()
        .unwrap();
    let history: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["reason"] == "supplier delay" && e["new"] == "2024-09-30")
    );

    // The restored ask is live, the completed action done, the setting kept.
    let asks = oversight(&db)
        .args(["list", "asks", "--format", "json"])
        .output()
        .unwrap();
    let asks: serde_json::Value = serde_json::from_slice(&asks.stdout).unwrap();
    assert_eq!(asks.as_array().unwrap().len(), 1);
    let act = oversight(&db)
        .args(["show", "ACT-1", "--format", "json"])
        .output()
        .unwrap();
    let act: serde_json::Value = serde_json::from_slice(&act.stdout).unwrap();
    assert_eq!(act["status"], "done");
    oversight(&db)
        .arg("settings")
        .assert()
        .success()
        .stdout(predicates::str::contains("due_soon_days = 10"));

    // And it takes new changes, undo included.
    oversight(&db)
        .args(["note", "REC-1", "after the upgrade"])
        .assert()
        .success();
    oversight(&db).arg("undo").assert().success();
    oversight(&db).arg("check").assert().success();
}

#[test]
fn after_the_upgrade_a_chase_in_person_or_on_teams_is_recorded_and_old_notes_keep_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let db = v1_database(dir.path());
    // Version 1's CHECK on note.chase_method knew only email, phone, letter and meeting.
    let out = oversight(&db)
        .args(["chase", "REC-1", "--to", "Commander", "--by", "in-person"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Recorded chase NOTE-3 of REC-1"));
    oversight(&db)
        .args(["chase", "LET-1", "--to", "Private office", "--by", "teams"])
        .assert()
        .success();
    let rec: serde_json::Value = serde_json::from_slice(
        &oversight(&db)
            .args(["show", "REC-1", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let notes = rec["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[0]["id"], "NOTE-1", "the fixture's chase kept its id");
    assert_eq!(notes[0]["chase_method"], "phone");
    assert_eq!(notes[1]["id"], "NOTE-3");
    assert_eq!(notes[1]["chase_method"], "in_person");
    assert_eq!(notes[1]["text"], "Chased Commander in person");
    let table = String::from_utf8(
        oversight(&db)
            .args(["show", "LET-1"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(table.contains("Drafting"), "the fixture's note: {table}");
    assert!(table.contains("chased Private office on Teams"), "{table}");

    // The rebuilt table still has its index, and the schema still rejects an unknown method.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'note_by_item' \
             AND tbl_name = 'note'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
    assert!(
        conn.execute(
            "INSERT INTO note (item_id, kind, text, chase_method) VALUES ('REC-1', 'chase', 'x', 'fax')",
            [],
        )
        .is_err()
    );
    drop(conn);
    oversight(&db).arg("check").assert().success();

    // An export of the upgraded database restores into a new one, the new methods included.
    let export = oversight(&db).arg("export").output().unwrap();
    assert!(export.status.success());
    let file = dir.path().join("export.json");
    std::fs::write(&file, &export.stdout).unwrap();
    let copy = dir.path().join("copy.sqlite");
    oversight(&copy).arg("init").assert().success();
    oversight(&copy)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success();
    let again = oversight(&copy).arg("export").output().unwrap();
    assert_eq!(again.stdout, export.stdout, "export → import → export");
}
