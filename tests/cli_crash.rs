//! Crashes and concurrent writers (issue 11, items 12 and 15; RELIABILITY.md). Bounded for
//! CI; `OVERSIGHT_TEST_ROUNDS=N` raises the rounds of each (the long runs in RELIABILITY.md).
//!
//! - A process killed with SIGKILL during a write leaves a database that passes `check`,
//!   holding the change whole or not at all: an edit is the old value or the new, a restore
//!   is everything or nothing (and can then be run again).
//! - Several processes writing at once queue: every change each was told was made is there.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{ACTOR, Db, TODAY, stderr, success};
use serde_json::json;

fn rounds(default: usize) -> usize {
    std::env::var("OVERSIGHT_TEST_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn oversight(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("oversight"));
    for var in ["OVERSIGHT_DB", "OVERSIGHT_TODAY", "OVERSIGHT_ACTOR"] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", "/nonexistent/oversight-tests-home")
        .args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            TODAY,
            "--actor",
            ACTOR,
        ])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Starts the command, kills it with SIGKILL after `after`, and says whether it had ended
/// by itself first.
fn kill_after(mut cmd: Command, after: Duration) -> bool {
    let mut child = cmd.spawn().expect("start oversight");
    std::thread::sleep(after);
    let ended = matches!(child.try_wait(), Ok(Some(_)));
    let _ = child.kill();
    let _ = child.wait();
    ended
}

fn assert_checks_ok(db: &Path, round: usize) {
    let out = oversight(db, &["check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "round {round}: check failed after a kill: {}{}",
        common::stdout(&out),
        stderr(&out)
    );
}

#[test]
fn an_edit_killed_midway_leaves_the_old_value_or_the_new_and_a_sound_database() {
    let db = Db::with_recommendation();
    let (mut killed, mut finished, mut landed) = (0, 0, 0);
    let mut current = "BCU Commander".to_string();
    for round in 0..rounds(20) {
        let new = format!("Owner {round}");
        // Spread over the life of the process: from before it opens the file to after.
        let after = Duration::from_millis(2 + (round as u64 * 7) % 80);
        let set = oversight(&db.path, &["set", "REC-1", &format!("owner={new}")]);
        if kill_after(set, after) {
            finished += 1;
        } else {
            killed += 1;
        }
        assert_checks_ok(&db.path, round);
        let owner = db.show("REC-1")["owner"].as_str().unwrap().to_string();
        assert!(
            owner == current || owner == new,
            "round {round}: the owner is {owner:?}, neither {current:?} nor {new:?}"
        );
        landed += usize::from(owner == new);
        current = owner;
    }
    eprintln!(
        "edits: {killed} killed, {finished} finished first, {landed} changes made; all sound"
    );
    assert!(killed > 0, "no process was killed midway: lower the delays");
}

/// The demo's export with `extra` more recommendations: big enough that a restore takes a
/// while to kill.
fn big_export(dir: &Path, extra: usize) -> std::path::PathBuf {
    let demo = Db::demo();
    let mut export = demo.json(&["export"]);
    let recs = export["recommendations"].as_array_mut().unwrap();
    let template = recs[0].clone();
    for i in 0..extra {
        let mut r = template.clone();
        r["id"] = json!(format!("REC-{}", 1000 + i));
        r["ref"] = json!(format!("X {i}"));
        r["text"] = json!(format!("Bulk recommendation {i} for the crash test"));
        recs.push(r);
    }
    let file = dir.join("big.json");
    std::fs::write(&file, serde_json::to_string(&export).unwrap()).unwrap();
    file
}

#[test]
fn a_restore_killed_midway_leaves_everything_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_export(dir.path(), 1000);
    let complete = {
        let db = Db::empty();
        success(
            &oversight(&db.path, &["import", file.to_str().unwrap()])
                .stderr(Stdio::piped())
                .output()
                .unwrap(),
            "import",
        );
        db.list("recommendations", &[]).len()
    };
    let (mut killed, mut finished, mut whole, mut again) = (0, 0, 0, false);
    for round in 0..rounds(8) {
        let db = Db::empty();
        let after = Duration::from_millis(20 + (round as u64 * 71) % 500);
        let import = oversight(&db.path, &["import", file.to_str().unwrap()]);
        if kill_after(import, after) {
            finished += 1;
        } else {
            killed += 1;
        }
        assert_checks_ok(&db.path, round);
        let listed = db.list("recommendations", &[]).len();
        assert!(
            listed == 0 || listed == complete,
            "round {round}: {listed} of {complete} recommendations restored"
        );
        whole += usize::from(listed == complete);
        if listed == 0 && !again {
            // Nothing was written: the restore runs again.
            db.ok(&["import", file.to_str().unwrap()]);
            assert_eq!(db.list("recommendations", &[]).len(), complete);
            again = true;
        }
    }
    eprintln!("restores: {killed} killed, {finished} finished first, {whole} complete; all sound");
    assert!(killed > 0, "no restore was killed midway: raise the delays");
}

#[test]
fn writers_at_once_lose_nothing() {
    let db = Db::with_recommendation();
    let writers = 4;
    let each = rounds(10);
    std::thread::scope(|s| {
        for w in 0..writers {
            let path = db.path.clone();
            s.spawn(move || {
                for i in 0..each {
                    let out = oversight(&path, &["note", "REC-1", &format!("writer {w} note {i}")])
                        .stderr(Stdio::piped())
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "writer {w}, note {i}: {}",
                        stderr(&out)
                    );
                }
            });
        }
        // A reader alongside, as the dashboard would be.
        let path = db.path.clone();
        s.spawn(move || {
            for _ in 0..each {
                let out = oversight(&path, &["list", "recommendations"])
                    .output()
                    .unwrap();
                assert!(out.status.success());
            }
        });
    });
    let notes = db.list("notes", &[]);
    for w in 0..writers {
        for i in 0..each {
            let text = format!("writer {w} note {i}");
            assert!(
                notes.iter().any(|n| n["text"] == text.as_str()),
                "{text:?} was lost"
            );
        }
    }
    assert_eq!(notes.len(), writers * each);
    db.ok(&["check"]);
    eprintln!("{writers} writers x {each} changes: none lost");
}
