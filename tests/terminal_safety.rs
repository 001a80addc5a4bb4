//! Text from data (letters come from outside) never reaches the terminal raw: tables and
//! detail views show escapes and bidi overrides as visible markers; stored text is kept as
//! written (JSON returns it exactly).

use assert_cmd::Command;

fn oversight(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("oversight").unwrap();
    cmd.env_remove("OVERSIGHT_DB").args([
        "--db",
        db.to_str().unwrap(),
        "--today",
        "2026-11-23",
        "--actor",
        "tester",
    ]);
    cmd
}

#[test]
fn escape_sequences_and_bidi_overrides_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite");
    let hostile = "Reply\u{1b}]0;pwned\u{7}\u{1b}[2J due \u{202e}txt.exe";
    oversight(&db)
        .args([
            "add",
            "letter",
            &format!("subject={hostile}"),
            "sender=Evil\u{1b}[31m Corp",
        ])
        .assert()
        .success();
    for args in [
        vec!["list", "letters"],
        vec!["show", "LET-1"],
        vec!["history", "LET-1"],
    ] {
        let out = oversight(&db).args(&args).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}'),
            "{args:?} printed a raw escape: {text:?}"
        );
        assert!(
            !text.contains('\u{202e}'),
            "{args:?} printed a raw bidi override"
        );
        assert!(!text.contains('\u{7}'), "{args:?} printed a raw bell");
        assert!(
            text.contains("␛"),
            "{args:?} should show the escape as a marker: {text}"
        );
    }
    // JSON carries the text exactly, with what a terminal would obey written as \u escapes.
    for args in [
        vec!["show", "LET-1", "--format", "json"],
        vec!["list", "letters", "--format", "json"],
        vec!["history", "LET-1", "--format", "json"],
    ] {
        let out = oversight(&db).args(&args).output().unwrap();
        let text = String::from_utf8(out.stdout.clone()).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{args:?} printed raw control text: {text:?}"
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let subject = match &doc {
            serde_json::Value::Array(rows) if args[0] == "list" => rows[0]["subject"].clone(),
            serde_json::Value::Array(events) => events
                .iter()
                .find(|e| e["field"] == "subject")
                .map(|e| e["new"].clone())
                .unwrap_or_default(),
            obj => obj["subject"].clone(),
        };
        assert_eq!(subject, hostile, "{args:?}: the text is kept exactly");
    }
}
