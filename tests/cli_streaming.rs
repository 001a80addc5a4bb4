//! The command line at any size: `list` (with `--limit`), `export` and restore are written and
//! read a row at a time, in the same bytes as ever. Memory is checked, not time (the machines
//! that run tests are shared): each process's peak resident memory, read with wait4(2) when it
//! is reaped, must stay far below what holding the rows would take. (Linux starts a child's
//! peak at its parent's resident size, so the figure is an upper bound: this test process is
//! a few MiB.)

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use common::{ACTOR, Db, TODAY};

/// Rows in the large database: enough that holding them (as the command line did) takes
/// hundreds of MiB, few enough to make in a few seconds.
const LARGE: i64 = 100_000;

/// A process streaming that many rows stays under this, whatever the size (about 12 MiB is
/// usual: the program, SQLite's 2 MiB page cache, a 64 KiB output buffer).
const FLAT_MIB: i64 = 100;

/// A database of report RPT-1 and `recs` recommendations made by SQL (30% finished, due
/// dates two years either side of TODAY, one in ten undated, a chase for every tenth).
fn generate(db: &Db, recs: i64) {
    db.ok(&["add", "report", "title=PEEL 2026"]);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let due = "CASE WHEN i % 10 = 0 THEN NULL \
               ELSE date('2026-11-23', ((i * 7919) % 1460 - 730) || ' days') END";
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {recs})
         INSERT INTO recommendation (report_id, ref, kind, text, owner, due_on, status)
         SELECT 1, 'R' || i, 'recommendation', 'Case ' || i, 'Owner ' || (i % 500), {due},
                CASE WHEN i % 10 < 3 THEN 'complete' ELSE 'in_progress' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {recs} / 10)
         INSERT INTO note (item_id, kind, noted_on, author, text, chased, chase_method)
         SELECT 'REC-' || (i * 10), 'chase', '2026-11-01', 'bench', 'Chased', 'Owner', 'email'
         FROM n;
         COMMIT;"
    ))
    .unwrap();
}

/// The binary on `db` (as the common helpers run it), for a process of our own.
fn oversight(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("oversight"));
    for var in [
        "OVERSIGHT_DB",
        "OVERSIGHT_TODAY",
        "OVERSIGHT_ACTOR",
        "COLUMNS",
    ] {
        cmd.env_remove(var);
    }
    cmd.args([
        "--db",
        db.to_str().unwrap(),
        "--today",
        TODAY,
        "--actor",
        ACTOR,
    ])
    .args(args)
    .stdin(Stdio::null())
    .stderr(Stdio::piped());
    cmd
}

/// What a finished process left: whether it succeeded, its stderr, its peak memory in MiB.
struct Finished {
    success: bool,
    stderr: String,
    peak_mib: i64,
}

/// Reaps `child` with wait4 for its own peak resident memory (`ru_maxrss`, KiB on Linux).
fn reap(mut child: std::process::Child) -> Finished {
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr).unwrap();
    }
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped; status and usage outlive the call.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4");
    Finished {
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        stderr,
        peak_mib: usage.ru_maxrss / 1024,
    }
}

/// Runs `args` on `db` as `oversight ARGS | head -c BYTES`: returns the bytes read and how
/// the process ended once the pipe was closed.
fn head(db: &Path, args: &[&str], bytes: u64) -> (Vec<u8>, Finished) {
    let mut child = oversight(db, args).stdout(Stdio::piped()).spawn().unwrap();
    let mut first = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .take(bytes)
        .read_to_end(&mut first)
        .unwrap();
    // The pipe is closed here: the rest of the list meets a reader that has gone.
    (first, reap(child))
}

/// Runs `args` on `db` to the end, its output discarded.
fn run_quietly(db: &Path, args: &[&str]) -> Finished {
    reap(oversight(db, args).stdout(Stdio::null()).spawn().unwrap())
}

// ---------------------------------------------------------------------------------------
// Memory stays flat.

/// One database of [`LARGE`] rows for the checks that need one (made once: it takes
/// seconds).
#[cfg(unix)]
#[test]
fn a_hundred_thousand_rows_stream_through_list_and_export() {
    let db = Db::empty();
    generate(&db, LARGE);
    listing_into_head_holds_no_rows(&db);
    exporting_holds_no_rows(&db);
    a_table_longer_than_a_page_keeps_its_columns(&db);
}

fn listing_into_head_holds_no_rows(db: &Db) {
    for format in ["json", "csv", "table"] {
        let (first, done) = head(
            &db.path,
            &["list", "recommendations", "--format", format],
            1000,
        );
        assert_eq!(first.len(), 1000, "{format}: a full first kilobyte");
        assert!(
            done.success,
            "{format}: a reader that stops early is not an error: {}",
            done.stderr
        );
        assert!(
            done.peak_mib < FLAT_MIB,
            "{format}: peak {} MiB for {LARGE} rows: rows are being held",
            done.peak_mib
        );
        let text = String::from_utf8_lossy(&first);
        let start = match format {
            "json" => "[\n  {\n    \"id\": \"REC-",
            "csv" => "id,status,due_on,overdue,days_overdue,version,report_id,",
            _ => "ID ",
        };
        assert!(text.starts_with(start), "{format}: {text}");
    }
    // The most overdue first: the overdue list reads only the overdue.
    let (first, done) = head(
        &db.path,
        &["list", "recommendations", "--overdue", "--format", "json"],
        300,
    );
    assert!(
        done.success && done.peak_mib < FLAT_MIB,
        "{}",
        done.peak_mib
    );
    assert!(String::from_utf8_lossy(&first).contains("\"overdue\": true"));
}

fn exporting_holds_no_rows(db: &Db) {
    let done = run_quietly(&db.path, &["export", "--format", "json"]);
    assert!(done.success, "{}", done.stderr);
    assert!(
        done.peak_mib < FLAT_MIB,
        "JSON export: {} MiB",
        done.peak_mib
    );
    let folder = db.file("csv-export");
    let done = run_quietly(
        &db.path,
        &["export", "--format", "csv", "-o", folder.to_str().unwrap()],
    );
    assert!(done.success, "{}", done.stderr);
    assert!(
        done.peak_mib < FLAT_MIB,
        "CSV export: {} MiB",
        done.peak_mib
    );
    let csv = std::fs::read_to_string(folder.join("recommendations.csv")).unwrap();
    assert_eq!(
        csv.lines().count() as i64,
        LARGE + 1,
        "the header and every row"
    );
}

/// Tables are laid out a page (1,000 rows) at a time.
fn a_table_longer_than_a_page_keeps_its_columns(db: &Db) {
    let out = db.ok(&["list", "recommendations", "--overdue", "--limit", "2500"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2501, "the header once and a line per row");
    assert!(lines[0].starts_with("ID "), "{}", lines[0]);
    assert!(!lines[1..].iter().any(|l| l.starts_with("ID ")));
    // Each row's due date starts where its page's column does, never left of the last.
    let due: Vec<usize> = lines[1..]
        .iter()
        .map(|l| {
            let id_end = l.find(' ').unwrap();
            id_end + l[id_end..].find(|c: char| c != ' ').unwrap()
        })
        .collect();
    assert!(
        due.windows(2).all(|w| w[0] <= w[1]),
        "columns never move left"
    );
    assert!(
        due[..1000].iter().all(|&d| d == due[0]),
        "one page, one layout"
    );
    let first: Vec<String> = db
        .list("recommendations", &["--overdue", "--limit", "2500"])
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let shown: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(shown, first, "the same rows in the same order as JSON");
}

#[cfg(unix)]
#[test]
fn a_restore_reads_the_export_as_it_goes() {
    // 30,000 rows make a 20 MB export, which read whole (as before) took about 100 MiB.
    let source = Db::empty();
    generate(&source, 30_000);
    let file = source.file("export.json");
    source.ok(&["export", "-o", file.to_str().unwrap()]);
    let fresh = Db::unmade();
    let done = reap(
        oversight(&fresh.path, &["import", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    assert!(done.success, "{}", done.stderr);
    assert!(done.peak_mib < 48, "restore: {} MiB", done.peak_mib);
    assert_eq!(
        fresh.ok(&["export", "--format", "json"]),
        std::fs::read_to_string(&file).unwrap(),
        "restored, it exports the same bytes"
    );
    // The search index was rebuilt once, whole: SQLite's own check agrees with the table.
    assert!(fresh.ok(&["check"]).starts_with("ok:"));
}

// ---------------------------------------------------------------------------------------
// --limit.

#[test]
fn limit_gives_the_first_rows_of_the_list() {
    let db = Db::demo();
    let all = db.list_ids("recommendations", &[]);
    assert!(all.len() > 5);
    assert_eq!(
        db.list_ids("recommendations", &["--limit", "3"]),
        all[..3],
        "the first three, in the list's order"
    );
    let overdue = db.list_ids("recommendations", &["--overdue"]);
    assert!(overdue.len() >= 2);
    assert_eq!(
        db.list_ids("recommendations", &["--overdue", "--limit", "2"]),
        overdue[..2]
    );
    assert_eq!(
        db.list_ids("recommendations", &["--limit", "100000"]),
        all,
        "more than there are: all of them"
    );
    let csv = db.ok(&["list", "letters", "--limit", "1", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2, "the header and one row: {csv}");
    let table = db.ok(&["list", "actions", "--limit", "2"]);
    assert_eq!(table.lines().count(), 3, "the header and two rows: {table}");
}

#[test]
fn limit_must_be_a_whole_number_of_rows() {
    let db = Db::demo();
    for bad in ["0", "-1", "two", "1.5"] {
        let err = db.usage_error(&["list", "recommendations", "--limit", bad]);
        assert!(
            err.contains("--limit") && err.contains("1 or more"),
            "{bad}: {err}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The same bytes as before streaming: serde_json's pretty layout, a table laid out by page.

/// The pretty printer's bytes for the same document, and a final newline.
fn pretty(text: &str) -> String {
    let doc: Value = serde_json::from_str(text).expect("JSON");
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

#[test]
fn streamed_json_is_the_pretty_printers_layout_byte_for_byte() {
    let db = Db::demo();
    db.ok(&["chase", "REC-3", "--to", "BCU Commander"]);
    for kind in [
        "recommendations",
        "letters",
        "actions",
        "reports",
        "boards",
        "asks",
        "meetings",
        "notes",
    ] {
        for filters in [&[][..], &["--overdue"], &["--limit", "1"]] {
            let mut args = vec!["list", kind];
            args.extend_from_slice(filters);
            args.extend_from_slice(&["--format", "json"]);
            let out = db.ok(&args);
            assert_eq!(out, pretty(&out), "{}", args.join(" "));
        }
    }
    let export = db.ok(&["export", "--format", "json"]);
    assert_eq!(export, pretty(&export));
    assert_eq!(
        db.ok(&["list", "boards", "--overdue", "--format", "json"]),
        "[]\n",
        "no rows: an empty array"
    );
}

#[test]
fn owner_of_a_kind_without_owners_matches_nothing() {
    // Asks and meetings have no owner: the filter used to fail with a SQLite error.
    let db = Db::demo();
    assert_eq!(
        db.ok(&["list", "asks", "--owner", "x", "--format", "json"]),
        "[]\n"
    );
    assert_eq!(
        db.ok(&["list", "meetings", "--owner", "x"]),
        "No meetings match.\n"
    );
}

// ---------------------------------------------------------------------------------------
// A failed restore writes nothing, search triggers included.

#[test]
fn a_truncated_export_restores_nothing_and_leaves_the_search_index_working() {
    let source = Db::demo();
    let export = source.ok(&["export", "--format", "json"]);
    let db = Db::empty();
    let cut = db.file("cut.json");
    std::fs::write(&cut, &export[..export.len() * 2 / 3]).unwrap();
    let err = db.refuse(&["import", cut.to_str().unwrap()]);
    assert!(err.contains("not a JSON export of oversight"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    // The search index's triggers were set aside inside the failed transaction: they are
    // back, so what is added now is indexed and the check passes.
    db.ok(&["add", "report", "title=After"]);
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-1",
        "text=Indexed custody text",
    ]);
    let check = db.ok(&["check"]);
    assert!(check.starts_with("ok:"), "{check}");
    let triggers: i64 = rusqlite::Connection::open(&db.path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_search_insert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 3);
}

#[test]
fn an_export_with_a_list_missing_or_given_twice_restores_nothing() {
    let source = Db::demo();
    let export = source.ok(&["export", "--format", "json"]);
    let db = Db::empty();
    let mut doc: Value = serde_json::from_str(&export).unwrap();
    doc.as_object_mut().unwrap().remove("events");
    let missing = db.file("missing.json");
    std::fs::write(&missing, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let err = db.refuse(&["import", missing.to_str().unwrap()]);
    assert!(err.contains("no \"events\" list"), "{err}");
    let twice = db.file("twice.json");
    std::fs::write(
        &twice,
        export.replacen("\"settings\"", "\"boards\": [],\n  \"settings\"", 1),
    )
    .unwrap();
    let err = db.refuse(&["import", twice.to_str().unwrap()]);
    assert!(err.contains("\"boards\" twice"), "{err}");
}
