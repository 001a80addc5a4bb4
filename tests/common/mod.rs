//! Shared helpers for the CLI integration tests: a private temporary database per test, the
//! real binary run with a fixed day and actor, and checks for refusals (exit code, one-line
//! message, nothing written).
//!
//! Every command runs with `--db` pointing into the test's own temporary folder, the
//! `OVERSIGHT_*` variables removed and `HOME`/`XDG_DATA_HOME` pointing away from the real home
//! folder, so no test can touch a real database.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// The day every test takes as today.
pub const TODAY: &str = "2026-11-23";
/// Who the audit trail records.
pub const ACTOR: &str = "tester";

/// Where HOME points for commands run without a database of their own: never created.
const NO_HOME: &str = "/nonexistent/oversight-tests-home";

/// The binary with a clean environment and no database chosen.
pub fn bare() -> Command {
    let mut cmd = Command::cargo_bin("oversight").expect("the oversight binary is built");
    for var in [
        "OVERSIGHT_DB",
        "OVERSIGHT_TODAY",
        "OVERSIGHT_ACTOR",
        "OVERSIGHT_HOLIDAYS",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", NO_HOME).env("XDG_DATA_HOME", NO_HOME);
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts a command succeeded and returns its standard output.
pub fn success(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "`{what}` failed with {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// Asserts stderr is one line `error: ...`, without panic text or internal SQL errors.
pub fn assert_one_line_error(err: &str, what: &str) {
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "`{what}` panicked: {err}"
    );
    let lines: Vec<&str> = err.trim_end().lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "`{what}`: the error should be one line, got: {err:?}"
    );
    assert!(
        lines[0].starts_with("error: "),
        "`{what}`: the error line should start with 'error: ', got: {err:?}"
    );
    assert!(
        !err.contains("database error") && !err.contains("SQL logic error"),
        "`{what}`: an internal SQLite error is not a message for people: {err}"
    );
}

/// A test's own database in its own temporary folder.
pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    /// A database file that does not exist yet.
    pub fn unmade() -> Db {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("oversight.sqlite");
        Db { dir, path }
    }

    /// An empty database (created with `init`).
    pub fn empty() -> Db {
        let db = Db::unmade();
        db.ok(&["init"]);
        db
    }

    /// The demo database, as of [`TODAY`].
    pub fn demo() -> Db {
        let db = Db::unmade();
        let out = db.ok(&["demo"]);
        assert!(out.contains("Demo database with"), "{out}");
        db
    }

    /// A database with one report (RPT-1, HMICFRS, published 2026-10-01) and one
    /// recommendation on it (REC-1, owner "BCU Commander", due 2027-01-18, version 1).
    pub fn with_recommendation() -> Db {
        let db = Db::empty();
        db.ok(&[
            "add",
            "report",
            "title=PEEL 2026",
            "published_on=2026-10-01",
        ]);
        db.ok(&[
            "add",
            "recommendation",
            "report_id=RPT-1",
            "text=Review every domestic abuse risk assessment within 24 hours",
            "owner=BCU Commander",
            "due_on=2027-01-18",
        ]);
        db
    }

    /// A path inside the test's temporary folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db_arg(&self) -> &str {
        self.path.to_str().expect("utf-8 temp path")
    }

    /// The binary on this database, today being `today`.
    pub fn cmd_on(&self, today: &str) -> Command {
        let mut cmd = bare();
        cmd.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path())
            .args(["--db", self.db_arg(), "--today", today, "--actor", ACTOR]);
        cmd
    }

    /// The binary on this database, today being [`TODAY`].
    pub fn cmd(&self) -> Command {
        self.cmd_on(TODAY)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run oversight")
    }

    pub fn run_on(&self, today: &str, args: &[&str]) -> Output {
        self.cmd_on(today)
            .args(args)
            .output()
            .expect("run oversight")
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        success(&self.run(args), &args.join(" "))
    }

    pub fn ok_on(&self, today: &str, args: &[&str]) -> String {
        success(&self.run_on(today, args), &args.join(" "))
    }

    /// Runs a command that must succeed and print JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("`{}` did not print JSON ({e}): {out}", args.join(" ")))
    }

    /// `list KIND --format json` plus filters, as the array's objects.
    pub fn list(&self, kind: &str, filters: &[&str]) -> Vec<Value> {
        let mut args = vec!["list", kind];
        args.extend_from_slice(filters);
        args.extend_from_slice(&["--format", "json"]);
        match self.json(&args) {
            Value::Array(items) => items,
            other => panic!("list should print an array, got {other}"),
        }
    }

    pub fn list_ids(&self, kind: &str, filters: &[&str]) -> Vec<String> {
        self.list(kind, filters)
            .iter()
            .map(|o| o["id"].as_str().expect("id is text").to_string())
            .collect()
    }

    /// `show ID --format json`.
    pub fn show(&self, id: &str) -> Value {
        self.json(&["show", id, "--format", "json"])
    }

    /// `history ID --format json`.
    pub fn history(&self, id: &str) -> Vec<Value> {
        match self.json(&["history", id, "--format", "json"]) {
            Value::Array(a) => a,
            other => panic!("history should print an array, got {other}"),
        }
    }

    /// Everything the database holds, for "nothing was written" checks.
    pub fn snapshot(&self) -> Snapshot {
        let out = self.run(&["export", "--format", "json"]);
        Snapshot {
            tables: dump(&self.path),
            export: (out.status.code(), stdout(&out), stderr(&out)),
        }
    }

    /// Runs a command that must be refused: exit 1, a one-line `error: ...` on stderr, nothing
    /// on stdout, and nothing written. Returns the message.
    pub fn refuse(&self, args: &[&str]) -> String {
        assert!(self.path.exists(), "refuse() needs a database to compare");
        let before = self.snapshot();
        let out = self.run(args);
        let what = args.join(" ");
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "`{what}` should be refused with exit 1\nstdout: {}\nstderr: {err}",
            stdout(&out)
        );
        assert_one_line_error(&err, &what);
        assert_eq!(
            stdout(&out),
            "",
            "`{what}` was refused but printed to stdout"
        );
        assert_eq!(
            before,
            self.snapshot(),
            "`{what}` was refused but changed the database"
        );
        err.trim_end().to_string()
    }

    /// Runs a command line clap must reject: exit 2, no panic, nothing written.
    pub fn usage_error(&self, args: &[&str]) -> String {
        let before = self.snapshot();
        let out = self.run(args);
        let what = args.join(" ");
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "`{what}` is a usage error (exit 2)\nstdout: {}\nstderr: {err}",
            stdout(&out)
        );
        assert!(!err.contains("panicked"), "`{what}` panicked: {err}");
        assert!(err.contains("error:"), "`{what}`: {err}");
        assert!(
            err.contains("Usage:") || err.contains("--help"),
            "`{what}`: a usage error points at the usage: {err}"
        );
        assert_eq!(before, self.snapshot(), "`{what}` changed the database");
        err
    }
}

/// A database's whole content: every table's rows (the audit trail included) and the
/// `export --format json` result.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub tables: String,
    pub export: (Option<i32>, String, String),
}

/// Every row of every table, the schema version and application id, as text.
pub fn dump(path: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap_or_else(|e| panic!("open {} read-only: {e}", path.display()));
    let mut out = String::new();
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .pragma_query_value(None, pragma, |r| r.get(0))
            .expect("pragma");
        out.push_str(&format!("{pragma} = {v}\n"));
    }
    let names: Vec<String> = conn
        // Ordinary tables only: the search index (virtual and shadow tables) is derived.
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .expect("list tables")
        .query_map([], |r| r.get(0))
        .expect("list tables")
        .collect::<Result<_, _>>()
        .expect("table names");
    for name in names {
        out.push_str(&format!("== {name}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
            .expect("select");
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("query");
        while let Some(row) = rows.next().expect("row") {
            let cells: Vec<String> = (0..n)
                .map(|i| cell(row.get_ref(i).expect("cell")))
                .collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}

fn cell(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("blob{b:?}"),
    }
}

/// Runs the binary without a database (deadline, holidays); returns stdout, asserting success.
pub fn bare_ok(args: &[&str]) -> String {
    let out = bare().args(args).output().expect("run oversight");
    success(&out, &args.join(" "))
}

/// The lines of a command's output.
pub fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The file's permission bits (unix).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// A minimal valid JSON export (schema version 1) with one report and one setting, written
/// by hand so import can be tested on its own.
pub fn minimal_export() -> Value {
    serde_json::json!({
        "format": "oversight-export",
        "schema_version": 1,
        "settings": {"due_soon_days": "7"},
        "reports": [{
            "id": "RPT-1", "version": 1, "deleted": false, "title": "Imported report",
            "source": "other", "force": null, "published_on": null, "due_on": "2027-01-04",
            "due_on_by_hand": true, "status": "awaiting_response", "response_letter_id": null,
            "link": null
        }],
        "letters": [], "recommendations": [], "asks": [], "boards": [], "meetings": [],
        "actions": [], "notes": [], "changesets": [], "events": []
    })
}

/// A command run in a real terminal (a tmux pane of `cols` x `rows`), for what only a terminal
/// shows: tables fitted to its width, the dashboard's questions. `None` (with a message) where
/// tmux is not installed; CI installs it.
pub struct Terminal {
    socket: String,
}

impl Terminal {
    /// Starts `command` (a shell command line) in a new pane; after it ends the pane stays, so
    /// what it printed can still be read.
    pub fn start(cols: u16, rows: u16, cwd: &Path, command: &str) -> Option<Terminal> {
        if std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_err()
        {
            eprintln!("tmux is not installed: skipping a test that needs a terminal");
            return None;
        }
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let t = Terminal {
            socket: format!("oversight-term-{}-{n}", std::process::id()),
        };
        let (cols, rows) = (cols.to_string(), rows.to_string());
        let shell = format!("{command}; echo '<<ended>>'; sleep 60");
        t.tmux(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &cols,
            "-y",
            &rows,
            "-c",
            cwd.to_str().expect("utf-8 path"),
            "sh",
            "-c",
            &shell,
        ]);
        Some(t)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What the pane shows now, one line per screen row (trailing blanks removed).
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// Waits (up to 10 s) for the screen to show `what`; returns the screen.
    pub fn wait_for(&self, what: &str) -> String {
        let start = std::time::Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > std::time::Duration::from_secs(10) {
                panic!("the terminal never showed {what:?}; it shows:\n{s}");
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Waits for the command to end; returns what it printed (the screen up to the end mark).
    pub fn output(&self) -> String {
        let screen = self.wait_for("<<ended>>");
        screen[..screen.find("<<ended>>").expect("the mark")].to_string()
    }

    /// Types text and presses Enter.
    pub fn type_line(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
        self.tmux(&["send-keys", "-t", "t", "Enter"]);
    }

    /// Presses one key (tmux key name: "q", "Enter", "Escape").
    pub fn key(&self, key: &str) {
        self.tmux(&["send-keys", "-t", "t", key]);
    }

    /// A tmux format about the pane ("#{alternate_on}", "#{mouse_any_flag}").
    pub fn pane_state(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "t", format])
            .trim()
            .to_string()
    }

    /// Closes the terminal (its window gone, as when a terminal emulator is closed).
    pub fn close(&self) {
        self.tmux(&["kill-server"]);
    }

    /// The process the pane's shell started (the command), by its parent's PID.
    pub fn command_pid(&self) -> Option<u32> {
        let shell: u32 = self.pane_state("#{pane_pid}").parse().ok()?;
        std::fs::read_dir("/proc").ok()?.find_map(|e| {
            let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // pid (comm) state ppid ...: the name may hold spaces, so read after the ')'.
            let ppid: u32 = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (ppid == shell).then_some(pid)
        })
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// A shell command line running the oversight binary on `db` as the tests do (fixed day and
/// actor, no OVERSIGHT_* or COLUMNS from outside), with `env` (NAME=value words) first.
pub fn shell_command(db: &Db, env: &[&str], args: &[&str]) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut words =
        vec![
        "env".to_string(),
        "-u OVERSIGHT_DB -u OVERSIGHT_TODAY -u OVERSIGHT_ACTOR -u OVERSIGHT_HOLIDAYS -u COLUMNS"
            .to_string(),
        format!("HOME={}", quote(db.dir.path().to_str().expect("utf-8 path"))),
        format!("XDG_DATA_HOME={}", quote(db.dir.path().to_str().expect("utf-8 path"))),
        "TERM=xterm-256color".to_string(),
    ];
    words.extend(env.iter().map(|e| e.to_string()));
    words.push(quote(
        assert_cmd::cargo::cargo_bin("oversight")
            .to_str()
            .expect("utf-8 path"),
    ));
    for a in ["--db", db.db_arg(), "--today", TODAY, "--actor", ACTOR] {
        words.push(quote(a));
    }
    words.extend(args.iter().map(|a| quote(a)));
    words.join(" ")
}
