//! Issue 11 item 9: errors are one short line that says what to do. A quoted value is cut to
//! 80 characters (a restored text may be a million); SQLite's codes are said in words (a
//! full disk is "the disk is full", not "disk I/O error: Error code 4874"); a broken link in
//! a restore names the item, not "Error code 787".

mod common;

use common::{Db, assert_one_line_error, minimal_export, stderr};

/// The longest error line any of these may print.
const SHORT: usize = 400;

fn assert_short(err: &str, what: &str) {
    assert_one_line_error(err, what);
    assert!(
        err.len() < SHORT,
        "`{what}`: a {}-byte error line: {}…",
        err.len(),
        err.chars().take(300).collect::<String>()
    );
    assert!(!err.contains("Error code"), "`{what}`: {err}");
}

#[test]
fn restoring_a_million_character_text_gives_a_short_error() {
    let huge = "x".repeat(1_000_000);
    let db = Db::unmade();
    let mut export = minimal_export();
    export["reports"][0]["title"] = huge.clone().into();
    export["reports"][0]["source"] = huge.clone().into();
    let file = db.file("huge.json");
    std::fs::write(&file, export.to_string()).unwrap();
    let out = db.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_short(&err, "import huge.json");
    assert!(err.contains("RPT-1"), "names the item: {err}");
    assert!(err.contains("xxxxxxxx…"), "shows the start, cut: {err}");
}

#[test]
fn a_long_value_on_the_command_line_is_quoted_short() {
    let db = Db::with_recommendation();
    let long = "y".repeat(100_000);
    for args in [
        vec!["set".to_string(), "REC-1".into(), format!("status={long}")],
        vec!["set".to_string(), "REC-1".into(), format!("due_on={long}")],
        vec!["set".to_string(), "REC-1".into(), format!("{long}=1")],
        vec!["show".to_string(), format!("REC-{long}")],
        vec!["list".to_string(), long.clone()],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!(
            "{} {}…",
            args[0],
            args[1].chars().take(10).collect::<String>()
        );
        let err = db.refuse(&args);
        assert_short(&err, &what);
    }
}

/// A recommendation of a report the file does not hold: refused, the item named.
#[test]
fn a_broken_link_in_a_restore_names_the_item() {
    let db = Db::unmade();
    let mut export = minimal_export();
    export["recommendations"] = serde_json::json!([{
        "id": "REC-4", "version": 1, "deleted": false, "report_id": "RPT-9",
        "ref": null, "kind": "recommendation", "text": "Review it", "owner": null,
        "due_on": null, "original_due_on": null, "status": "not_started",
        "completed_on": null, "evidence": null, "rag": null
    }]);
    let file = db.file("broken.json");
    std::fs::write(&file, export.to_string()).unwrap();
    let out = db.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_short(&err, "import broken.json");
    assert!(
        err.contains("REC-4") && err.contains("RPT-9"),
        "names the item and what it links to: {err}"
    );
    assert!(
        !err.contains("787") && !err.contains("FOREIGN KEY"),
        "{err}"
    );
    // Nothing was written: the database holds no report either.
    assert!(db.list("reports", &[]).is_empty());
}

/// SQLite's shared-memory file cannot grow (its first page is past a file-size limit, as on
/// a full tmpfs): "disk I/O error: Error code 4874" before; now the disk is full.
#[cfg(unix)]
#[test]
fn a_database_on_a_full_disk_says_the_disk_is_full() {
    let db = Db::with_recommendation();
    let cmd = db.cmd();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .args(["list", "recommendations"])
        .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_short(&err, "list on a full disk");
    assert!(err.contains("the disk is full"), "{err}");
    assert!(err.contains(db.db_arg()), "names the database: {err}");
}
