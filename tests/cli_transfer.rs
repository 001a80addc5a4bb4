//! Export, import, backup and check: the JSON export is a restore (export → import → export is
//! byte-identical), CSV is for spreadsheets, a backup opens and lists the same.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{Db, minimal_export};

const KINDS: [&str; 8] = [
    "reports",
    "recommendations",
    "letters",
    "asks",
    "boards",
    "meetings",
    "actions",
    "notes",
];

fn export(db: &Db) -> String {
    db.ok(&["export", "--format", "json"])
}

fn write_json(path: &Path, doc: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
}

/// Exports `db`, imports that into a fresh database, and returns (first, second) exports.
fn round_trip(db: &Db) -> (String, String, Db) {
    let first = export(db);
    let file = db.file("export.json");
    std::fs::write(&file, &first).unwrap();
    let fresh = Db::unmade();
    let out = fresh.ok(&["import", file.to_str().unwrap()]);
    assert!(out.starts_with("Imported "), "{out}");
    let second = export(&fresh);
    (first, second, fresh)
}

fn all_lists(db: &Db) -> Vec<Vec<Value>> {
    KINDS.iter().map(|k| db.list(k, &[])).collect()
}

// ---------------------------------------------------------------------------------------
// The JSON export.

#[test]

fn the_json_export_holds_the_whole_database() {
    let db = Db::demo();
    let doc: Value = serde_json::from_str(&export(&db)).expect("the export is JSON");
    assert_eq!(doc["format"], "oversight-export");
    assert_eq!(doc["schema_version"], oversight::store::schema_version());
    assert!(doc["settings"].is_object());
    for kind in KINDS {
        let items = doc[kind]
            .as_array()
            .unwrap_or_else(|| panic!("{kind} list"));
        assert_eq!(items.len(), db.list(kind, &[]).len(), "{kind}");
    }
    assert!(!doc["changesets"].as_array().unwrap().is_empty());
    assert!(!doc["events"].as_array().unwrap().is_empty());
}

#[test]

fn export_import_export_is_byte_identical_on_the_demo() {
    let db = Db::demo();
    let (first, second, fresh) = round_trip(&db);
    assert_eq!(first, second);
    assert_eq!(all_lists(&db), all_lists(&fresh));
}

#[test]

fn export_import_export_is_byte_identical_after_undo_delete_notes_and_settings() {
    let db = Db::with_recommendation();
    db.ok(&["note", "REC-1", "Plan promised"]);
    db.ok(&["chase", "REC-1", "--to", "BCU Commander", "--by", "phone"]);
    db.ok(&["set", "REC-1", "owner=First"]);
    db.ok(&["undo"]);
    db.ok(&["add", "board", "name=Board"]);
    db.ok(&["delete", "BRD-1"]);
    db.ok(&["settings", "due_soon_days=7"]);
    db.ok(&[
        "set",
        "REC-1",
        "due_on=2027-03-01",
        "--reason",
        "Supplier delay",
    ]);
    let (first, second, fresh) = round_trip(&db);
    assert_eq!(first, second);
    // The restored database behaves the same: deleted items stay deleted, history stays.
    assert_eq!(fresh.show("BRD-1")["deleted"], true);
    assert_eq!(fresh.show("REC-1")["chases"], 1);
    assert_eq!(db.history("REC-1"), fresh.history("REC-1"));
    assert!(fresh.ok(&["settings"]).contains("due_soon_days = 7"));
}

#[test]

fn a_restore_keeps_the_reasons_for_moved_due_dates() {
    let db = Db::with_recommendation();
    db.ok(&[
        "set",
        "REC-1",
        "due_on=2027-03-01",
        "--reason",
        "Supplier delay",
    ]);
    let (_, _, fresh) = round_trip(&db);
    let history = fresh.history("REC-1");
    assert!(
        history
            .iter()
            .any(|e| e["field"] == "due_on" && e["reason"] == "Supplier delay"),
        "{history:?}"
    );
}

#[test]

fn undo_works_after_a_restore() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=First"]);
    let (_, _, fresh) = round_trip(&db);
    assert_eq!(
        fresh.ok(&["undo"]).trim_end(),
        "Undid your change to REC-1 (Owner)."
    );
    assert_eq!(fresh.show("REC-1")["owner"], "BCU Commander");
}

#[cfg(unix)]
#[test]

fn export_to_a_file_is_private_and_never_replaces_a_file() {
    let db = Db::with_recommendation();
    let file = db.file("out.json");
    let out = db.ok(&["export", "-o", file.to_str().unwrap()]);
    assert_eq!(out, "");
    assert_eq!(common::mode(&file), 0o600);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), export(&db));
    let err = db.refuse(&["export", "-o", file.to_str().unwrap()]);
    assert!(err.contains("choose a new name"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Import (with a hand-written export, so it is tested apart from export).

#[test]
fn import_restores_a_hand_written_export_into_an_empty_database() {
    let db = Db::unmade();
    let file = db.file("minimal.json");
    write_json(&file, &minimal_export());
    let out = db.ok(&["import", file.to_str().unwrap()]);
    assert!(
        out.starts_with("Imported 1 items and 0 history events"),
        "{out}"
    );
    let report = db.show("RPT-1");
    assert_eq!(report["title"], "Imported report");
    assert_eq!(report["due_on"], "2027-01-04");
    assert_eq!(report["due_on_by_hand"], true);
    assert!(db.ok(&["settings"]).contains("due_soon_days = 7"));
    // And the restored database takes new changes.
    db.ok(&["add", "recommendation", "report_id=RPT-1", "text=Do"]);
    assert_eq!(db.list_ids("recommendations", &[]), ["REC-1"]);
}

#[test]
fn import_into_a_database_that_holds_data_is_refused() {
    let db = Db::demo();
    let file = db.file("minimal.json");
    write_json(&file, &minimal_export());
    let err = db.refuse(&["import", file.to_str().unwrap()]);
    assert!(err.contains("already holds data"), "{err}");
    assert!(err.contains("--db with a new file"), "{err}");
}

#[test]
fn import_into_a_database_with_only_a_setting_is_refused() {
    let db = Db::empty();
    db.ok(&["settings", "due_soon_days=10"]);
    let file = db.file("minimal.json");
    write_json(&file, &minimal_export());
    let err = db.refuse(&["import", file.to_str().unwrap()]);
    assert!(err.contains("already holds data"), "{err}");
}

#[test]
fn import_of_a_file_that_is_not_an_export_is_refused() {
    let db = Db::empty();
    let garbage = db.file("garbage.bin");
    std::fs::write(&garbage, [0xffu8, 0x00, 0x13, 0x37]).unwrap();
    let err = db.refuse(&["import", garbage.to_str().unwrap()]);
    assert!(err.contains("is not a JSON export of oversight"), "{err}");
    let other = db.file("other.json");
    std::fs::write(&other, r#"{"hello": "world"}"#).unwrap();
    let err = db.refuse(&["import", other.to_str().unwrap()]);
    assert!(err.contains("not an oversight export"), "{err}");
    let err = db.refuse(&["import", db.file("missing.json").to_str().unwrap()]);
    assert!(err.contains("missing.json"), "{err}");
}

#[test]
fn import_of_another_schema_version_is_refused() {
    let db = Db::empty();
    let mut doc = minimal_export();
    doc["schema_version"] = 99.into();
    let file = db.file("v99.json");
    write_json(&file, &doc);
    let err = db.refuse(&["import", file.to_str().unwrap()]);
    assert!(err.contains("schema version 99"), "{err}");
}

#[test]
fn a_bad_item_in_an_import_writes_nothing() {
    let db = Db::empty();
    let mut doc = minimal_export();
    doc["boards"] = serde_json::json!([{"id": "BRD-1", "name": "B", "status": "sleeping"}]);
    let file = db.file("bad.json");
    write_json(&file, &doc);
    let err = db.refuse(&["import", file.to_str().unwrap()]);
    assert!(err.contains("BRD-1") && err.contains("status"), "{err}");
    assert!(db.list("reports", &[]).is_empty(), "all or nothing");
}

// ---------------------------------------------------------------------------------------
// CSV export.

#[test]
fn csv_export_of_one_kind_has_every_live_item() {
    let db = Db::demo();
    db.ok(&["delete", "REC-1"]);
    for kind in KINDS {
        let out = db.ok(&["export", "--format", "csv", "--kind", kind]);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let listed = db.list(kind, &[]);
        let json_keys: Vec<String> = listed[0].as_object().unwrap().keys().cloned().collect();
        assert_eq!(header, json_keys, "{kind}: CSV columns are the JSON keys");
        let ids: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        let listed_ids: Vec<String> = listed
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, listed_ids, "{kind}");
    }
    let recs = db.ok(&["export", "--format", "csv", "--kind", "recommendations"]);
    assert!(
        !recs.contains("\nREC-1,"),
        "deleted items are not exported as CSV"
    );
}

#[test]
fn csv_export_and_list_csv_defuse_spreadsheet_formulas() {
    let db = Db::empty();
    db.ok(&[
        "add",
        "board",
        "name==HYPERLINK(\"http://x\")",
        "chair=+44 20 7000",
    ]);
    let out = db.ok(&["export", "--format", "csv", "--kind", "boards"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[6], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&row[7], "'+44 20 7000");
    // The one CSV writer (issue 11 item 2): a list is opened in a spreadsheet too.
    let listed = db.ok(&["list", "boards", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(listed.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[6], "'=HYPERLINK(\"http://x\")");
}

#[test]
fn csv_export_to_a_file_for_one_kind() {
    let db = Db::demo();
    let file = db.file("letters.csv");
    db.ok(&[
        "export",
        "--format",
        "csv",
        "--kind",
        "letters",
        "-o",
        file.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        db.ok(&["export", "--format", "csv", "--kind", "letters"])
    );
    let err = db.refuse(&[
        "export",
        "--format",
        "csv",
        "--kind",
        "letters",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(err.contains("choose a new name"), "{err}");
}

#[test]
fn csv_export_to_a_folder_writes_one_private_file_per_kind() {
    let db = Db::demo();
    let folder = db.file("csv");
    let out = db.ok(&["export", "--format", "csv", "-o", folder.to_str().unwrap()]);
    assert!(out.contains("one CSV file per kind"), "{out}");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = KINDS.iter().map(|k| format!("{k}.csv")).collect();
    expected.sort();
    assert_eq!(names, expected);
    for kind in KINDS {
        let path = folder.join(format!("{kind}.csv"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("id,status,due_on,overdue,days_overdue,version,"),
            "{kind}"
        );
        assert_eq!(
            text.lines().count(),
            db.list(kind, &[]).len() + 1,
            "{kind}: header and one line per item"
        );
        #[cfg(unix)]
        assert_eq!(common::mode(&path), 0o600, "{kind}");
    }
}

#[test]
fn csv_export_into_a_folder_that_has_the_files_is_refused() {
    let db = Db::demo();
    let folder = db.file("csv");
    db.ok(&["export", "--format", "csv", "-o", folder.to_str().unwrap()]);
    let before = std::fs::read_to_string(folder.join("reports.csv")).unwrap();
    db.ok(&["set", "RPT-1", "title=Changed"]);
    let err = db.refuse(&["export", "--format", "csv", "-o", folder.to_str().unwrap()]);
    assert!(err.contains("choose a new name"), "{err}");
    assert_eq!(
        std::fs::read_to_string(folder.join("reports.csv")).unwrap(),
        before,
        "existing files are never replaced"
    );
}

#[test]

fn csv_export_to_a_folder_writes_nothing_when_one_file_clashes() {
    let db = Db::demo();
    let folder = db.file("csv");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("notes.csv"), "mine\n").unwrap();
    db.refuse(&["export", "--format", "csv", "-o", folder.to_str().unwrap()]);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["notes.csv"], "only the file that was there");
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.csv")).unwrap(),
        "mine\n"
    );
}

// ---------------------------------------------------------------------------------------
// Backup and check.

#[test]
fn a_backup_opens_and_lists_the_same() {
    let db = Db::demo();
    db.ok(&["note", "REC-6", "After the board"]);
    db.ok(&["delete", "ACT-2"]);
    let copy = db.file("backup.sqlite");
    let out = db.ok(&["backup", copy.to_str().unwrap()]);
    assert!(out.starts_with("Backed up"), "{out}");
    assert!(out.contains(copy.to_str().unwrap()), "{out}");
    let restored = Db {
        dir: tempfile::tempdir().unwrap(),
        path: copy.clone(),
    };
    assert_eq!(all_lists(&db), all_lists(&restored));
    assert_eq!(db.history("REC-6"), restored.history("REC-6"));
    assert_eq!(common::dump(&db.path), common::dump(&copy));
    let check = restored.ok(&["check"]);
    assert!(check.starts_with("ok:"), "{check}");
    #[cfg(unix)]
    assert_eq!(common::mode(&copy), 0o600);
}

#[test]
fn a_backup_never_replaces_a_file() {
    let db = Db::demo();
    let copy = db.file("backup.sqlite");
    std::fs::write(&copy, "precious").unwrap();
    let err = db.refuse(&["backup", copy.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("choose a new file name"), "{err}");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "precious");
}

#[test]
fn check_says_ok() {
    let db = Db::with_recommendation();
    db.ok(&["note", "REC-1", "x"]);
    db.ok(&["undo"]);
    let out = db.ok(&["check"]);
    assert_eq!(
        out.trim_end(),
        format!(
            "ok: {} passes SQLite's integrity and foreign-key checks, every stored value \
             meets its field's rules and the audit trail agrees with the data",
            db.db_arg()
        )
    );
}
