//! Never act on the wrong database: a mistyped `--db` is caught (commands that read never
//! create a database, and no command makes the folders of a typed path), the dashboard asks
//! before making one, and `demo` only ever replaces a demo nobody has changed, in place.

mod common;

use std::path::Path;

use common::{Db, Terminal, assert_one_line_error, bare, shell_command, stderr, stdout};
use oversight::store::Store;

/// Commands that only read (and `import --dry-run`, `deadline`, which read settings).
fn read_commands(letter: &str) -> Vec<Vec<String>> {
    [
        vec!["list", "letters"],
        vec!["show", "REC-1"],
        vec!["history", "REC-1"],
        vec!["export"],
        vec!["export", "--format", "csv", "--kind", "letters"],
        vec!["check"],
        vec!["backup", "copy.sqlite"],
        vec!["settings"],
        vec!["import", "--dry-run", letter],
        vec!["deadline", "2026-11-02", "--rule", "letter"],
    ]
    .into_iter()
    .map(|a| a.into_iter().map(String::from).collect())
    .collect()
}

/// Commands that change items, which must already be there.
const ITEM_COMMANDS: &[&[&str]] = &[
    &["set", "REC-1", "owner=x"],
    &["complete", "REC-1", "--evidence", "e"],
    &["note", "REC-1", "a note"],
    &["chase", "REC-1", "--to", "Owner"],
    &["delete", "REC-1"],
    &["undo"],
    &["redo"],
];

fn letter() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/letters/councillor-asks-bullets.txt")
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs `args` on the database file `db_path` (in `home`); asserts a one-line refusal with
/// exit 1 and nothing on stdout; returns the message.
fn refused_on(home: &Path, db_path: &Path, args: &[&str]) -> String {
    let out = bare()
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .args(["--db", db_path.to_str().unwrap(), "--today", common::TODAY])
        .args(args)
        .output()
        .unwrap();
    let what = args.join(" ");
    assert_eq!(out.status.code(), Some(1), "`{what}`: {out:?}");
    let err = stderr(&out);
    assert_one_line_error(&err, &what);
    assert_eq!(stdout(&out), "", "`{what}`");
    err.trim_end().to_string()
}

#[test]
fn a_mistyped_db_in_a_missing_folder_is_caught_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("nodir/sub/x.sqlite");
    let letter = letter();
    for args in read_commands(&letter) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = refused_on(dir.path(), &typo, &args);
        assert!(err.contains("no database at"), "{args:?}: {err}");
        assert!(
            err.contains("the folder") && err.contains("nodir/sub does not exist"),
            "{args:?}: {err}"
        );
    }
    for args in ITEM_COMMANDS {
        let err = refused_on(dir.path(), &typo, args);
        assert!(err.contains("no database at"), "{args:?}: {err}");
    }
    // Commands that write say the folder is missing; none makes it.
    for args in [
        vec!["init"],
        vec!["init", "--demo"],
        vec!["add", "board", "name=Board"],
        vec!["settings", "due_soon_days=7"],
        vec!["import", letter.as_str()],
        vec!["demo"],
    ] {
        let err = refused_on(dir.path(), &typo, &args);
        assert!(
            err.contains("the folder") && err.contains("nodir/sub does not exist"),
            "{args:?}: {err}"
        );
    }
    assert!(!dir.path().join("nodir").exists(), "a folder was made");
    assert!(!dir.path().join("copy.sqlite").exists());
}

#[test]
fn commands_that_read_never_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("tracker.sqlite");
    let letter = letter();
    for args in read_commands(&letter) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = refused_on(dir.path(), &missing, &args);
        assert_eq!(
            err,
            format!(
                "error: no database at {0}; `oversight init --db {0}` creates one",
                missing.display()
            ),
            "{args:?}"
        );
    }
    for args in ITEM_COMMANDS {
        refused_on(dir.path(), &missing, args);
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "files were made: {left:?}");
    // A command that writes makes it, in a folder that exists.
    let db = Db::unmade();
    db.ok(&["add", "board", "name=Board"]);
    assert_eq!(db.list_ids("boards", &[]), ["BRD-1"]);
}

#[test]
fn the_default_database_is_made_only_by_a_command_that_writes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        bare()
            .env("XDG_DATA_HOME", &data)
            .args(["--today", common::TODAY, "--actor", common::ACTOR])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["list", "recommendations"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_one_line_error(&err, "list on no default database");
    assert!(
        err.contains("no database at") && err.contains("yet; `oversight init` creates one"),
        "{err}"
    );
    assert!(!data.exists(), "a read made the data folder");
    let out = run(&["init"]);
    assert!(out.status.success(), "{out:?}");
    assert!(data.join("oversight/oversight.sqlite").exists());
    let out = run(&["list", "recommendations"]);
    assert_eq!(stdout(&out).trim_end(), "No recommendations match.");
}

#[test]
fn an_empty_file_is_not_made_into_a_database_by_a_read() {
    let db = Db::unmade();
    std::fs::write(&db.path, b"").unwrap();
    let err = refused_on(db.dir.path(), &db.path, &["list", "letters"]);
    assert!(
        err.contains("is an empty file, not yet an oversight database"),
        "{err}"
    );
    assert!(err.contains("oversight init --db"), "{err}");
    assert_eq!(std::fs::metadata(&db.path).unwrap().len(), 0);
    db.ok(&["init"]);
    assert!(db.list("letters", &[]).is_empty());
}

#[test]
fn reading_leaves_the_file_as_it_was() {
    let db = Db::with_recommendation();
    let before = std::fs::read(&db.path).unwrap();
    let letter = letter();
    for args in read_commands(&letter) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if args[0] == "backup" {
            continue;
        }
        db.ok(&args);
        assert_eq!(before, std::fs::read(&db.path).unwrap(), "{args:?} wrote");
    }
}

#[test]
fn the_dashboard_without_a_terminal_creates_nothing() {
    let db = Db::unmade();
    let out = db.run(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("needs a terminal"), "{out:?}");
    assert!(!db.path.exists());
}

#[test]
fn the_dashboard_asks_before_creating_a_named_database() {
    let db = Db::unmade();
    let command = shell_command(&db, &[], &[]);
    let Some(t) = Terminal::start(100, 30, db.dir.path(), &command) else {
        return;
    };
    t.wait_for("Create it? [y/N]");
    let screen = t.screen();
    assert!(
        screen.contains(&format!(
            "No database at {}. Create it? [y/N]",
            db.path.display()
        )),
        "{screen}"
    );
    t.type_line("n");
    let said = t.output();
    assert!(
        said.contains("Nothing created: there is still no database at"),
        "{said}"
    );
    assert!(!db.path.exists());
    drop(t);

    let Some(t) = Terminal::start(100, 30, db.dir.path(), &command) else {
        return;
    };
    t.wait_for("Create it? [y/N]");
    t.type_line("y");
    t.wait_for("Replies owed");
    t.key("q");
    t.output();
    assert!(db.path.exists());
    #[cfg(unix)]
    assert_eq!(common::mode(&db.path), 0o600);
    assert!(db.list("recommendations", &[]).is_empty());
}

// ---------------------------------------------------------------------------------------
// demo

#[test]
fn a_demo_someone_has_changed_is_refused_and_left_as_it_is() {
    let db = Db::demo();
    db.ok(&["note", "REC-1", "Chased the owner by phone"]);
    let err = db.refuse(&["demo"]);
    assert!(
        err.starts_with(&format!(
            "error: {} is a demo database with 1 change made since it was loaded (the latest by \
             tester on ",
            db.db_arg()
        )),
        "{err}"
    );
    assert!(
        err.ends_with(
            "): oversight will not replace it; give the demo another file with --db, or remove \
             that file yourself"
        ),
        "{err}"
    );
    // Undoing the change is a change too: the demo is still not the one loaded.
    db.ok(&["undo"]);
    let err = db.refuse(&["demo"]);
    assert!(
        err.contains("with 2 changes made since it was loaded"),
        "{err}"
    );
    assert_eq!(db.show("REC-1")["notes"].as_array().unwrap().len(), 0);
}

#[test]
fn real_data_is_refused_and_left_as_it_is() {
    let db = Db::with_recommendation();
    let err = db.refuse(&["demo"]);
    assert!(
        err.starts_with(&format!(
            "error: {} holds data that is not the demo (2 items; the latest change by tester on ",
            db.db_arg()
        )),
        "{err}"
    );
    assert!(
        err.contains("give the demo another file with --db"),
        "{err}"
    );
    let err = db.refuse(&["init", "--demo"]);
    assert!(err.contains("already holds data"), "{err}");
    // A file that is not an oversight database at all.
    let other = db.file("notes.sqlite");
    std::fs::write(&other, "shopping list").unwrap();
    let err = refused_on(db.dir.path(), &other, &["demo"]);
    assert!(err.contains("is not an oversight database"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), b"shopping list");
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[test]
fn a_pristine_demo_is_reset_in_place_under_an_open_reader() {
    let db = Db::demo();
    let before = db.show("REC-11");
    // A dashboard (here: a connection) open on the demo while it is replaced.
    let open = Store::open_existing(&db.path).unwrap();
    let version = open.data_version().unwrap();
    #[cfg(unix)]
    let file = inode(&db.path);

    // A day later: the fresh demo's dates move with today.
    let out = db.ok_on("2026-11-24", &["demo"]);
    assert!(out.contains("Demo database with 57 items"), "{out}");
    #[cfg(unix)]
    assert_eq!(inode(&db.path), file, "the same file, not a new one");
    assert_ne!(
        open.data_version().unwrap(),
        version,
        "the reader sees a commit"
    );
    let contents = open.contents().unwrap();
    assert_eq!(contents.items, 57);
    assert_eq!(contents.changes_since_first, 0, "one change: the load");
    assert_eq!(contents.first_change.as_deref(), Some("load the demo data"));
    let after = db.show("REC-11");
    let day = |v: &serde_json::Value| {
        chrono::NaiveDate::parse_from_str(v["due_on"].as_str().unwrap(), "%Y-%m-%d").unwrap()
    };
    assert_eq!(
        (day(&after) - day(&before)).num_days(),
        1,
        "{before}\n{after}"
    );
    assert_eq!(
        db.history("REC-11")
            .iter()
            .filter(|e| e["field"] == "created")
            .count(),
        1,
        "the old history went with the old demo"
    );
    db.ok(&["check"]);
}

#[test]
fn demo_makes_a_new_file_and_fills_an_empty_database() {
    let db = Db::unmade();
    let out = db.ok(&["demo"]);
    assert!(out.contains("Demo database with 57 items"), "{out}");
    let empty = Db::empty();
    let out = empty.ok(&["demo"]);
    assert!(out.contains("Demo database with 57 items"), "{out}");
    assert_eq!(empty.list("recommendations", &[]).len(), 15);
}
