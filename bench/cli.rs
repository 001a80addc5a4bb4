//! How the command line copes with a large database: the release binary run as a process, as a
//! script runs it, against the sqlite3 command-line shell doing the same work (the floor).
//! Run: `cargo bench --bench cli`. OVERSIGHT_BENCH_ITEMS sets the number of recommendations
//! (default 1,000,000; letters and board actions are a fifth of that each); the database is
//! generated once and kept in target/ between runs. OVERSIGHT_BENCH_BIN times another build
//! of oversight (an older one, for a before-and-after). Results: BENCHMARKS.md.
//!
//! Peak memory is each process's maximum resident set as GNU time reports it (`/usr/bin/time
//! -f %M`), else as wait4(2) reports it when the process is reaped. GNU time comes first
//! because Linux starts a spawned process's peak at its parent's resident size (the
//! high-water mark carries through exec), so wait4 on a child of this process (which has the
//! generator's SQLite in it) over-reports a small peak; time, a small process in between,
//! does not. getrusage(RUSAGE_CHILDREN) is not used: it keeps the largest of all children so
//! far.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use oversight::domain::calendar::HolidayCalendar;
use oversight::domain::deadline::DeadlineSettings;
use oversight::domain::fields::{self, Value};
use oversight::domain::ids::Kind;
use oversight::domain::rules::Context;
use oversight::store::Store;

const TODAY: &str = "2026-11-23";

fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "bench".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

/// The same database as `bench/dashboard.rs` makes: the report and board through the store,
/// the bulk rows by SQL (30% finished, due dates two years either side of today, one in ten
/// undated, a chase for every fifth recommendation).
fn generate(path: &Path, recs: i64) {
    let mut store = Store::open(path).unwrap();
    let c = ctx();
    let spec = |k, n| fields::field(k, n).unwrap();
    store
        .create(
            Kind::Report,
            &[(spec(Kind::Report, "title"), Value::Text("PEEL 2026".into()))],
            &c,
        )
        .unwrap();
    store
        .create(
            Kind::Board,
            &[(
                spec(Kind::Board, "name"),
                Value::Text("Oversight board".into()),
            )],
            &c,
        )
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    let others = recs / 5;
    let due = "CASE WHEN i % 10 = 0 THEN NULL ELSE date('2026-11-23', ((i * 7919) % 1460 - 730) || ' days') END";
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {recs})
         INSERT INTO recommendation (report_id, ref, kind, text, owner, due_on, status)
         SELECT 1, 'R' || i, 'recommendation',
                'The force should improve how it handles case ' || i || ' of vulnerable victims',
                'Owner ' || (i % 500), {due},
                CASE WHEN i % 10 < 3 THEN 'complete' ELSE 'in_progress' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {others})
         INSERT INTO letter (direction, subject, sender, received_on, due_on, status)
         SELECT 'incoming', 'Question number ' || i || ' about stop and search', 'Councillor ' || (i % 300),
                '2026-01-01', {due},
                CASE WHEN i % 10 < 3 THEN 'replied' ELSE 'awaiting_reply' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {others})
         INSERT INTO board_action (board_id, text, owner, due_on, status)
         SELECT 1, 'Action ' || i || ': report back to the board', 'Lead ' || (i % 200), {due},
                CASE WHEN i % 10 < 3 THEN 'done' ELSE 'open' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {others})
         INSERT INTO note (item_id, kind, noted_on, author, text, chased, chase_method)
         SELECT 'REC-' || (i * 5), 'chase', '2026-11-01', 'bench', 'Chased', 'Owner', 'email' FROM n;
         COMMIT;
         ANALYZE;"
    ))
    .unwrap();
}

/// A finished process: how long it ran (or until the lines wanted were read), and its peak
/// resident memory.
struct Run {
    time: Duration,
    peak_kib: i64,
}

/// A command with the means to read its peak memory: the file GNU time writes it to, when
/// GNU time runs it.
struct Measured {
    cmd: Command,
    peak_file: Option<PathBuf>,
}

/// Makes [`Measured`] commands: each through `/usr/bin/time` when there is one.
struct Meter {
    dir: PathBuf,
    time: bool,
    made: std::cell::Cell<usize>,
}

impl Meter {
    fn new(dir: &Path) -> Meter {
        Meter {
            dir: dir.to_path_buf(),
            time: Path::new("/usr/bin/time").exists(),
            made: std::cell::Cell::new(0),
        }
    }

    fn command(&self, program: &std::ffi::OsStr) -> Measured {
        if !self.time {
            return Measured {
                cmd: Command::new(program),
                peak_file: None,
            };
        }
        self.made.set(self.made.get() + 1);
        let file = self.dir.join(format!("peak-{}.txt", self.made.get()));
        let mut cmd = Command::new("/usr/bin/time");
        cmd.args(["-f", "%M", "-o"]).arg(&file).arg(program);
        Measured {
            cmd,
            peak_file: Some(file),
        }
    }

    fn how(&self) -> &'static str {
        if self.time {
            "peak memory by GNU time"
        } else {
            "peak memory by wait4 (no /usr/bin/time: small peaks read high, see bench/cli.rs)"
        }
    }
}

/// Reaps the child with wait4; returns its wait status and peak memory in KiB.
fn reap(child: Child, peak_file: Option<&Path>, what: &str) -> (i32, i64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own unreaped child; status and usage outlive the call.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 for {what}");
    let peak = match peak_file {
        // GNU time's last line is the figure ("Command terminated by signal 13" may precede).
        Some(file) => std::fs::read_to_string(file)
            .ok()
            .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
            .unwrap_or_else(|| panic!("{what}: no peak memory from GNU time")),
        None => usage.ru_maxrss,
    };
    (status, peak)
}

/// Whether a process ended well: exit 0, or ended by a reader that stopped early (sqlite3 is
/// killed by SIGPIPE; GNU time then exits 128 + 13; oversight itself exits 0).
fn ended_well(status: i32) -> bool {
    libc::WIFEXITED(status) && matches!(libc::WEXITSTATUS(status), 0 | 141)
        || libc::WIFSIGNALED(status) && libc::WTERMSIG(status) == libc::SIGPIPE
}

/// sqlite3 reading back its own dump: the dump holds ANALYZE's sqlite_stat4 rows, which a
/// sqlite3 built without STAT4 (Debian's) cannot write back; those errors, and only those,
/// are let pass.
fn reload(m: Measured, what: &str) -> Run {
    let Measured { mut cmd, peak_file } = m;
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let (status, peak_kib) = reap(child, peak_file.as_deref(), what);
    let time = start.elapsed();
    let other: Vec<&str> = err
        .lines()
        .filter(|l| !l.contains("sqlite_stat4"))
        .collect();
    assert!(
        libc::WIFEXITED(status) && other.is_empty(),
        "{what} failed: {}",
        other.join("\n")
    );
    Run { time, peak_kib }
}

/// Runs a command to the end, its output discarded (or written where its arguments say).
fn run(m: Measured, what: &str) -> Run {
    let Measured { mut cmd, peak_file } = m;
    let start = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let (status, peak_kib) = reap(child, peak_file.as_deref(), what);
    assert!(ended_well(status), "{what} failed (wait status {status})");
    Run {
        time: start.elapsed(),
        peak_kib,
    }
}

/// Runs a command until it has printed `lines` lines, as `| head -n LINES` would, then closes
/// the pipe: the time is to the last line read.
fn first_lines(m: Measured, lines: usize, what: &str) -> Run {
    let Measured { mut cmd, peak_file } = m;
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = Vec::new();
    for n in 0..lines {
        line.clear();
        let read = out.read_until(b'\n', &mut line).unwrap();
        assert!(read > 0, "{what} printed only {n} lines");
    }
    let time = start.elapsed();
    drop(out);
    let (status, peak_kib) = reap(child, peak_file.as_deref(), what);
    assert!(ended_well(status), "{what} failed (wait status {status})");
    Run { time, peak_kib }
}

/// The median of a few runs (by time), for the operations quick enough to repeat.
fn median(runs: usize, mut f: impl FnMut() -> Run) -> Run {
    let mut all: Vec<Run> = (0..runs).map(|_| f()).collect();
    all.sort_by_key(|r| r.time);
    all.swap_remove(runs / 2)
}

struct Row {
    name: &'static str,
    ours: Run,
    floor: Run,
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would not: only run when benched.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let recs: i64 = std::env::var("OVERSIGHT_BENCH_ITEMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let bin = std::env::var_os("OVERSIGHT_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_oversight")));
    if Command::new("sqlite3").arg("-version").output().is_err() {
        eprintln!(
            "the sqlite3 shell is not installed: it is the floor this benchmark compares with"
        );
        std::process::exit(1);
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let db = dir.join(format!("cli-{recs}.sqlite"));
    if !db.exists() {
        let start = Instant::now();
        generate(&db, recs);
        eprintln!("generated {} in {:.1?}", db.display(), start.elapsed());
    }
    let work = tempfile::tempdir_in(&dir).unwrap();
    let file = |name: &str| work.path().join(name);
    let meter = Meter::new(work.path());
    let oversight_on = |db: &Path, args: &[&str]| {
        let mut m = meter.command(bin.as_os_str());
        m.cmd
            .env_remove("OVERSIGHT_DB")
            .env("COLUMNS", "120")
            .args([
                "--db",
                db.to_str().unwrap(),
                "--today",
                TODAY,
                "--actor",
                "bench",
            ])
            .args(args);
        m
    };
    let oversight = |args: &[&str]| oversight_on(&db, args);
    let sqlite3 = |db: &Path, commands: &[&str]| {
        let mut m = meter.command("sqlite3".as_ref());
        m.cmd.arg("-batch").arg(db).args(commands);
        m
    };
    let total = recs + 2 * (recs / 5);
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "{total} items ({recs} recommendations), {} MB; oversight: {}\n",
        size / 1_000_000,
        bin.display()
    );

    // The rows and order `list recommendations` gives, with the same chase look-ups: the
    // overdue ones read from the same index; the whole list as one sorted SELECT, which is
    // how sqlite3 answers it.
    let cols = "t.*, (SELECT count(*) FROM note n WHERE n.item_id = 'REC-' || t.id AND \
                n.kind = 'chase' AND n.deleted = 0) AS chases, (SELECT max(n.noted_on) FROM note n \
                WHERE n.item_id = 'REC-' || t.id AND n.kind = 'chase' AND n.deleted = 0) AS last";
    let finished = "'complete', 'superseded', 'not_accepted', 'withdrawn'";
    let overdue_sql = format!(
        "SELECT {cols} FROM recommendation t INDEXED BY recommendation_open_by_due \
         WHERE t.deleted = 0 AND t.status NOT IN ({finished}) AND t.due_on < '{TODAY}' \
         AND coalesce(t.due_on, '9999-12-31') < '{TODAY}' \
         ORDER BY coalesce(t.due_on, '9999-12-31'), t.id;"
    );
    let all_sql = format!(
        "SELECT {cols} FROM recommendation t WHERE t.deleted = 0 \
         ORDER BY t.status IN ({finished}), t.due_on IS NULL, t.due_on, t.id;"
    );

    let mut rows = Vec::new();
    rows.push(Row {
        name: "list recommendations --overdue --format json | head -40",
        ours: median(5, || {
            first_lines(
                oversight(&["list", "recommendations", "--overdue", "--format", "json"]),
                40,
                "oversight list --overdue",
            )
        }),
        floor: median(5, || {
            first_lines(
                sqlite3(&db, &[".mode json", &overdue_sql]),
                40,
                "sqlite3 overdue SELECT",
            )
        }),
    });
    rows.push(Row {
        name: "list recommendations --format json > /dev/null",
        ours: run(
            oversight(&["list", "recommendations", "--format", "json"]),
            "oversight list",
        ),
        floor: run(sqlite3(&db, &[".mode json", &all_sql]), "sqlite3 SELECT"),
    });
    let export = file("export.json");
    let dump = file("dump.sql");
    rows.push(Row {
        name: "export --format json -o FILE (sqlite3: .dump)",
        ours: run(
            oversight(&["export", "--format", "json", "-o", export.to_str().unwrap()]),
            "oversight export",
        ),
        floor: run(
            sqlite3(&db, &[&format!(".output {}", dump.display()), ".dump"]),
            "sqlite3 .dump",
        ),
    });
    let restored = file("restored.sqlite");
    let reloaded = file("reloaded.sqlite");
    rows.push(Row {
        name: "import EXPORT into a new file (sqlite3: .read dump)",
        ours: run(
            oversight_on(&restored, &["import", export.to_str().unwrap()]),
            "oversight import",
        ),
        floor: reload(
            sqlite3(&reloaded, &[&format!(".read {}", dump.display())]),
            "sqlite3 .read",
        ),
    });
    let copy = file("backup.sqlite");
    let copy2 = file("backup2.sqlite");
    rows.push(Row {
        name: "backup FILE (sqlite3: .backup)",
        ours: run(
            oversight(&["backup", copy.to_str().unwrap()]),
            "oversight backup",
        ),
        floor: run(
            sqlite3(&db, &[&format!(".backup {}", copy2.display())]),
            "sqlite3 .backup",
        ),
    });
    let mib = |kib: i64| kib as f64 / 1024.0;
    let export_mb = std::fs::metadata(&export).map(|m| m.len()).unwrap_or(0) / 1_000_000;
    println!(
        "{:<56} {:>10} {:>10} {:>6} {:>9} {:>9}",
        "operation", "oversight", "sqlite3", "ratio", "peak MiB", "sqlite3"
    );
    for r in &rows {
        println!(
            "{:<56} {:>10.2?} {:>10.2?} {:>5.1}x {:>9.1} {:>9.1}",
            r.name,
            r.ours.time,
            r.floor.time,
            r.ours.time.as_secs_f64() / r.floor.time.as_secs_f64(),
            mib(r.ours.peak_kib),
            mib(r.floor.peak_kib),
        );
    }
    println!(
        "\n({}; the export is {export_mb} MB of JSON; the work files are removed now)",
        meter.how()
    );
}
