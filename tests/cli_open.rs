//! Opening a database: race-free when several processes create or upgrade it at once (issue
//! 11, item 5); read-only for a user who may read but not write it (item 7); private (0600)
//! when others could read it, and a CSV export folder made 0700 (item 8).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{ACTOR, Db, TODAY, mode, shell_command, stderr, stdout, success};

/// The binary on `db` with the tests' fixed day and actor, as a plain process.
fn oversight(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("oversight"));
    for var in ["OVERSIGHT_DB", "OVERSIGHT_TODAY", "OVERSIGHT_ACTOR"] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", "/nonexistent/oversight-tests-home")
        .env("XDG_DATA_HOME", "/nonexistent/oversight-tests-home")
        .args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
            "--actor",
            ACTOR,
        ])
        .args(args);
    cmd
}

/// Starts every command at (nearly) the same moment: each waits in a shell for a line on its
/// standard input, and the lines are sent only once all have started. Returns the outputs.
fn all_at_once(commands: Vec<Command>) -> Vec<Output> {
    let mut children = Vec::new();
    for cmd in commands {
        let mut line = vec![format!("{:?}", cmd.get_program())];
        line.extend(cmd.get_args().map(|a| format!("{a:?}")));
        let mut shell = Command::new("sh");
        shell
            .arg("-c")
            .arg(format!("read go; exec {}", line.join(" ")))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => shell.env(k, v),
                None => shell.env_remove(k),
            };
        }
        children.push(shell.spawn().expect("start sh"));
    }
    for child in &mut children {
        let _ = child.stdin.take().unwrap().write_all(b"go\n");
    }
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait"))
        .collect()
}

fn rounds(default: usize) -> usize {
    std::env::var("OVERSIGHT_TEST_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn assert_all_succeeded(outs: &[Output], round: usize, what: &str) {
    for (i, out) in outs.iter().enumerate() {
        assert!(
            out.status.success(),
            "{what}, round {round}, process {i} failed: {}",
            stderr(out)
        );
    }
}

#[test]
fn eight_processes_creating_a_new_database_at_once_all_succeed() {
    for round in 0..rounds(20) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.sqlite");
        let commands = (0..8)
            .map(|i| {
                oversight(
                    &db,
                    &[
                        "add",
                        "report",
                        &format!("title=Report {i}"),
                        "published_on=2026-10-01",
                    ],
                )
            })
            .collect();
        let outs = all_at_once(commands);
        assert_all_succeeded(&outs, round, "creating");
        let listed = success(
            &oversight(&db, &["list", "reports"]).output().unwrap(),
            "list",
        );
        for i in 0..8 {
            assert!(listed.contains(&format!("Report {i}")), "{listed}");
        }
        success(&oversight(&db, &["check"]).output().unwrap(), "check");
    }
}

/// A version-1 database (tests/fixtures/v1.sql).
fn v1_database(dir: &Path) -> PathBuf {
    let path = dir.join("old.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("fixtures/v1.sql")).unwrap();
    path
}

#[test]
fn eight_processes_upgrading_an_old_database_at_once_all_succeed() {
    for round in 0..rounds(20) {
        let dir = tempfile::tempdir().unwrap();
        let db = v1_database(dir.path());
        // Half read, half write: both kinds of opening upgrade.
        let commands = (0..8)
            .map(|i| {
                if i % 2 == 0 {
                    oversight(&db, &["list", "recommendations"])
                } else {
                    oversight(
                        &db,
                        &[
                            "add",
                            "report",
                            &format!("title=Report {i}"),
                            "published_on=2026-10-01",
                        ],
                    )
                }
            })
            .collect();
        let outs = all_at_once(commands);
        assert_all_succeeded(&outs, round, "upgrading");
        let out = success(&oversight(&db, &["check"]).output().unwrap(), "check");
        assert!(out.starts_with("ok: "), "{out}");
    }
}

// ---- Read-only ---------------------------------------------------------------------------

/// The unprivileged user the read-only tests run as.
const NOBODY: &str = "65534";

/// Whether commands can be run as another user: the tests run as root and setpriv is there.
fn can_switch_user() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv {
        eprintln!(
            "skipping: running as another user needs root and setpriv (root: {root}, \
             setpriv: {setpriv})"
        );
    }
    root && setpriv
}

/// `oversight` run as uid/gid 65534 through setpriv.
fn as_nobody(db: &Path, args: &[&str]) -> Output {
    let plain = oversight(db, args);
    let mut cmd = Command::new("setpriv");
    cmd.args([
        &format!("--reuid={NOBODY}"),
        &format!("--regid={NOBODY}"),
        "--clear-groups",
    ])
    .arg(plain.get_program())
    .args(plain.get_args());
    for (k, v) in plain.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.output().expect("run setpriv")
}

/// A demo database made by root, 0644, in a root-owned 0755 folder: readable by everyone,
/// writable by root only.
fn root_owned_demo() -> Db {
    use std::os::unix::fs::PermissionsExt;
    let db = Db::demo();
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    db
}

#[test]
fn a_database_the_user_may_only_read_opens_for_browsing() {
    if !can_switch_user() {
        return;
    }
    let db = root_owned_demo();
    let before = common::dump(&db.path);
    for args in [
        &["list", "recommendations"][..],
        &["list", "letters", "--format", "json"],
        &["list", "deadlines"],
        &["show", "REC-3"],
        &["history", "REC-3"],
        &["export"],
        &["export", "--format", "csv", "--kind", "letters"],
        &["settings"],
        &["check"],
    ] {
        let out = as_nobody(&db.path, args);
        assert!(
            out.status.success(),
            "`{}` as nobody failed: {}",
            args.join(" "),
            stderr(&out)
        );
        assert!(
            !stdout(&out).is_empty(),
            "`{}` printed nothing",
            args.join(" ")
        );
    }
    // A copy it may write, as the refusal advises.
    let mine = tempfile::tempdir().unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(mine.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let copy = mine.path().join("copy.sqlite");
    let out = as_nobody(&db.path, &["backup", copy.to_str().unwrap()]);
    assert!(out.status.success(), "backup as nobody: {}", stderr(&out));
    let out = as_nobody(&copy, &["set", "REC-3", "owner=Someone"]);
    assert!(
        out.status.success(),
        "the copy is theirs to change: {}",
        stderr(&out)
    );
    // Edits are refused up front, in one plain sentence naming what was not done and why.
    for (args, not_done) in [
        (
            &["set", "REC-3", "owner=Someone"][..],
            "REC-3 was not changed",
        ),
        (&["note", "REC-3", "a note"], "nothing was added to REC-3"),
        (&["add", "report", "title=X"], "nothing was added"),
        (&["undo"], "nothing was undone"),
        (
            &["settings", "due_soon_days=3"],
            "the settings were not changed",
        ),
    ] {
        let out = as_nobody(&db.path, args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        common::assert_one_line_error(&err, &args.join(" "));
        assert!(err.contains(not_done), "{err}");
        assert!(err.contains("is read-only for you (owner root)"), "{err}");
        assert!(err.contains("oversight backup"), "{err}");
        assert!(
            !err.contains("readonly database"),
            "not SQLite's wording: {err}"
        );
    }
    assert_eq!(before, common::dump(&db.path), "nothing was written");
    assert_eq!(
        mode(&db.path),
        0o644,
        "a file it may not write is left as it is"
    );
}

#[test]
fn the_dashboard_on_a_read_only_database_says_so_and_refuses_edits() {
    if !can_switch_user() {
        return;
    }
    let db = root_owned_demo();
    let command = format!(
        "setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups {}",
        shell_command(&db, &[], &[])
    );
    let Some(term) = common::Terminal::start(140, 40, Path::new("/"), &command) else {
        return;
    };
    let screen = term.wait_for("read-only");
    assert!(screen.contains("REC-"), "the items are listed:\n{screen}");
    term.key("e");
    let screen = term.wait_for("Nothing was changed");
    assert!(screen.contains("is read-only for you"), "{screen}");
    assert!(!screen.contains("Edit REC"), "no form opened:\n{screen}");
    term.key("q");
    term.output();
}

// ---- Permissions -------------------------------------------------------------------------

#[test]
fn a_database_others_could_read_is_made_private_when_opened() {
    use std::os::unix::fs::PermissionsExt;
    let db = Db::with_recommendation();
    let wal = PathBuf::from(format!("{}-wal", db.db_arg()));
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(&wal, b"").unwrap();
    std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o664)).unwrap();
    let out = db.run(&["set", "REC-1", "owner=Chief Constable"]);
    success(&out, "set");
    let err = stderr(&out);
    assert!(err.contains("made private (0600"), "{err}");
    assert!(err.contains("oversight.sqlite (644)"), "{err}");
    assert_eq!(mode(&db.path), 0o600);
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
    // Said once: the next command has nothing to say.
    let out = db.run(&["list", "recommendations"]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_database_that_cannot_be_made_private_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    if !can_switch_user() {
        return;
    }
    // Writable by everyone, owned by root: nobody may write it but not chmod it.
    let db = Db::with_recommendation();
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = as_nobody(&db.path, &["list", "recommendations"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning:"), "{err}");
    assert!(err.contains("can be read by others (mode 666)"), "{err}");
    assert!(err.contains("chmod 600"), "{err}");
}

#[test]
fn a_csv_export_folder_is_made_private() {
    let db = Db::with_recommendation();
    let folder = db.file("csv");
    db.ok(&["export", "--format", "csv", "-o", folder.to_str().unwrap()]);
    assert_eq!(mode(&folder), 0o700);
    assert!(folder.join("recommendations.csv").exists());
}
