//! What `synchronous=FULL` costs against NORMAL (RELIABILITY.md, "Durability"): single-change
//! writes through the store (each its own transaction and commit, as every command and
//! dashboard save is), on a file in target/, then the same single changes as command-line
//! processes (FULL, as shipped), for the cost a person or script sees.
//! Run: `cargo bench --bench durability` (OVERSIGHT_BENCH_WRITES sets the count, default 1000).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use oversight::domain::calendar::HolidayCalendar;
use oversight::domain::deadline::DeadlineSettings;
use oversight::domain::fields::{self, Value};
use oversight::domain::ids::Kind;
use oversight::domain::rules::Context;
use oversight::store::Store;

fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "bench".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

fn fresh(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

/// `n` single-change writes through the store; the time per write.
fn store_writes(path: &Path, n: usize, normal: bool) -> Duration {
    let mut store = Store::open(path).unwrap();
    if normal {
        store.set_synchronous_normal_for_benchmark().unwrap();
    }
    let c = ctx();
    let title = fields::field(Kind::Report, "title").unwrap();
    let id = store
        .create(Kind::Report, &[(title, Value::Text("R".into()))], &c)
        .unwrap()
        .item
        .id;
    let start = Instant::now();
    for i in 0..n {
        store
            .update(
                id,
                None,
                &[(title, Value::Text(format!("R {i}")))],
                None,
                &c,
            )
            .unwrap();
    }
    start.elapsed() / n as u32
}

fn main() {
    let n: usize = std::env::var("OVERSIGHT_BENCH_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/durability-bench");
    std::fs::create_dir_all(&dir).unwrap();
    println!("{n} single-change writes through the store, each its own commit:");
    // Alternated, twice each, so a busy disk does not favour one.
    let mut full = Vec::new();
    let mut normal = Vec::new();
    for round in 0..2 {
        full.push(store_writes(
            &fresh(&dir, &format!("full{round}.sqlite")),
            n,
            false,
        ));
        normal.push(store_writes(
            &fresh(&dir, &format!("normal{round}.sqlite")),
            n,
            true,
        ));
    }
    let best = |v: &[Duration]| *v.iter().min().unwrap();
    let (f, m) = (best(&full), best(&normal));
    println!(
        "  synchronous=FULL   {:>8.3} ms a write (best of 2)",
        f.as_secs_f64() * 1e3
    );
    println!(
        "  synchronous=NORMAL {:>8.3} ms a write (best of 2)",
        m.as_secs_f64() * 1e3
    );
    println!(
        "  FULL costs {:.3} ms more a write",
        (f.as_secs_f64() - m.as_secs_f64()) * 1e3
    );

    let cli_n = (n / 5).max(1);
    let db = fresh(&dir, "cli.sqlite");
    let bin = env!("CARGO_BIN_EXE_oversight");
    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .args(["--db", db.to_str().unwrap(), "--actor", "bench"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["add", "report", "title=R"]);
    let start = Instant::now();
    for i in 0..cli_n {
        run(&["set", "RPT-1", &format!("title=R {i}")]);
    }
    let each = start.elapsed() / cli_n as u32;
    println!(
        "{cli_n} `oversight set` processes (FULL, as shipped): {:.2} ms each",
        each.as_secs_f64() * 1e3
    );
}
