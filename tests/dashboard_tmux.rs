//! End to end: the real binary in a real pseudo-terminal (tmux), driven by keys as a user
//! would, then the command line shows what the dashboard changed. Skipped (with a message)
//! only where tmux is not installed; CI installs it.

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", &self.session, k]);
            sleep(Duration::from_millis(60));
        }
    }

    /// Types text literally (no key names).
    fn text(&self, s: &str) {
        self.run(&["send-keys", "-t", &self.session, "-l", s]);
        sleep(Duration::from_millis(100));
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.session])
    }

    /// Waits (up to 10 s) for the screen to show `what`.
    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("the screen never showed {what:?}; it shows:\n{s}");
            }
            sleep(Duration::from_millis(100));
        }
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "has-session", "-t", &self.session])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// Starts the dashboard on `db` in a 120x40 tmux session, in folder `cwd`. `None` when
/// tmux is not installed.
fn start(db: &common::Db, cwd: &std::path::Path) -> Option<Tmux> {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: skipping the end-to-end dashboard test");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("oversight");
    let command = format!(
        "env -u NO_COLOR TERM=xterm-256color {} --db {} --today {} --actor {}",
        bin.display(),
        db.path.display(),
        common::TODAY,
        common::ACTOR
    );
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let t = Tmux {
        socket: format!("oversight-e2e-{}-{n}", std::process::id()),
        session: "e2e".into(),
    };
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "120",
        "-y",
        "40",
        "-c",
        cwd.to_str().unwrap(),
        &command,
    ]);
    Some(t)
}

fn quit(t: &Tmux) {
    t.keys(&["q"]);
    let start = Instant::now();
    while t.alive() && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(100));
    }
    assert!(!t.alive(), "q quits the dashboard");
}

#[test]
fn open_the_demo_move_filter_edit_a_due_date_complete_quit_then_the_cli_sees_it() {
    let db = common::Db::demo();
    let Some(t) = start(&db, &std::env::temp_dir()) else {
        return;
    };
    let first = t.wait_for("Recommendations");
    assert!(first.contains("Replies owed") && first.contains("Board actions"));
    assert!(first.contains("20d overdue"), "{first}");

    // Move, then filter to one recommendation.
    t.keys(&["j", "j", "k"]);
    t.keys(&["/"]);
    t.text("pursuit");
    t.keys(&["Enter"]);
    let filtered = t.wait_for("filter “pursuit”");
    assert!(filtered.contains("REC-15"), "{filtered}");
    assert!(!filtered.contains("REC-11"), "{filtered}");

    // Edit the due date: a bad value first (shown, nothing saved), then a good one.
    t.keys(&["e"]);
    t.wait_for("Edit REC-15");
    t.keys(&["Tab", "Tab", "Tab", "C-u"]);
    t.text("31/02/2027");
    let bad = t.wait_for("✗");
    assert!(bad.contains("Due"), "{bad}");
    t.keys(&["Enter"]);
    t.wait_for("Nothing was saved");
    t.keys(&["C-u"]);
    t.text("30/06/2027");
    t.wait_for("Wed 30 Jun 2027");
    t.keys(&["Tab", "Tab", "Tab", "Tab"]);
    t.text("Waiting for the new IT system");
    t.keys(&["Enter"]);
    t.wait_for("Saved REC-15");

    // Mark it complete with evidence.
    t.keys(&["c"]);
    t.wait_for("Complete REC-15");
    t.text("Dip sample of 40 pursuits, all authorised");
    t.keys(&["Enter"]);
    t.wait_for("REC-15 is now complete");

    quit(&t);

    let rec = db.json(&["show", "REC-15", "--format", "json"]);
    assert_eq!(rec["status"], "complete");
    assert_eq!(rec["due_on"], "2027-06-30");
    assert_eq!(rec["completed_on"], common::TODAY);
    assert_eq!(rec["evidence"], "Dip sample of 40 pursuits, all authorised");
    let history = db.ok(&["history", "REC-15"]);
    assert!(
        history.contains("Waiting for the new IT system"),
        "{history}"
    );
    assert!(history.contains(common::ACTOR), "{history}");
}

#[test]
fn import_a_letter_with_a_completed_path_and_find_it_in_the_letters_pane() {
    let db = common::Db::demo();
    let letters = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letters");
    let Some(t) = start(&db, &letters) else {
        return;
    };
    t.wait_for("Replies owed");
    t.keys(&["i"]);
    t.wait_for("Import a letter");
    // A file that is not a letter: the reason, and the prompt stays for another path.
    t.text("binar");
    t.keys(&["Tab"]);
    t.wait_for("binary.txt");
    t.keys(&["Enter"]);
    t.wait_for("binary data");
    t.keys(&["C-u"]);
    t.text("counc");
    t.keys(&["Tab"]);
    t.wait_for("councillor-asks-bullets.txt");
    t.keys(&["Enter"]);
    // The preview of what was read; Enter stores it.
    t.wait_for("check, correct, Enter stores");
    t.keys(&["Enter"]);
    let done = t.wait_for("Imported LET-");
    assert!(done.contains("3 asks"), "{done}");
    // Selected in the letters pane, its asks in the detail.
    assert!(done.contains("Knife crime in Newha"), "{done}");
    assert!(done.contains("Asks (3)"), "{done}");
    quit(&t);

    let found = db.json(&["list", "letters", "--format", "json"]);
    let letter = found
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["subject"] == "Knife crime in Newham town centre")
        .expect("the imported letter is stored");
    let id = letter["id"].as_str().unwrap();
    let history = db.ok(&["history", id]);
    assert!(history.contains(common::ACTOR), "{history}");
}

/// An edit that moves the item in the order keeps it selected and in the detail; a change
/// made from the CLI by someone else is left alone by `u`, which undoes the user's own.
#[test]
fn an_edit_keeps_the_item_in_view_and_u_leaves_a_colleagues_change_alone() {
    let db = common::Db::demo();
    let Some(t) = start(&db, &std::env::temp_dir()) else {
        return;
    };
    t.wait_for("Board actions");
    // ACT-5 is the second board action (2 days overdue); its due date moves a month on.
    t.keys(&["3", "j", "Enter"]);
    t.wait_for("ACT-5 board action");
    t.keys(&["e"]);
    t.wait_for("Edit ACT-5");
    t.keys(&["Tab", "Tab", "C-u"]);
    t.text("+30d");
    t.keys(&["Enter"]);
    // Enter goes to the reason a moved due date needs.
    t.wait_for("required when the due date moves");
    t.text("Waiting for the quarterly figures");
    t.keys(&["Enter"]);
    let saved = t.wait_for("Saved ACT-5: Due");
    assert!(
        saved.contains("ACT-5 board action"),
        "the detail still shows ACT-5:\n{saved}"
    );

    // Priya records a chase from the command line; the dashboard shows it (↻1).
    let out = common::bare()
        .args([
            "--db",
            db.db_arg(),
            "--today",
            common::TODAY,
            "--actor",
            "priya",
        ])
        .args(["chase", "ACT-3", "--to", "Custody lead", "--by", "email"])
        .args(["--note", "Custody figures promised for Friday"])
        .output()
        .unwrap();
    common::success(&out, "chase");
    t.wait_for("↻1 Report the");
    t.keys(&["u"]);
    let undone = t.wait_for("Undid your change to ACT-5");
    assert!(!undone.contains("priya"), "{undone}");
    quit(&t);

    let notes = db.json(&["show", "ACT-3", "--format", "json"])["notes"].clone();
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["text"] == "Custody figures promised for Friday"),
        "Priya's note is still there: {notes}"
    );
    assert_eq!(db.show("ACT-5")["due_on"], "2026-11-21");
}

/// The whole picture: the overdue s55 response is on the first screen; in the Reports view
/// RPT-4's recommendations are below it, one is completed there; back on the dashboard `f`
/// shows it complete, with its evidence in the detail.
#[test]
fn the_overdue_s55_response_then_reports_then_finished_items() {
    let db = common::Db::demo();
    // RPT-4's recommendations in the pane's order (due date, then ID), and the first open one.
    let recs = db.json(&["list", "recommendations", "--format", "json"]);
    let mut mine: Vec<(String, i64, bool)> = recs
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["report_id"] == "RPT-4")
        .map(|r| {
            let id = r["id"].as_str().unwrap().to_string();
            let num = id[4..].parse().unwrap();
            let due = r["due_on"].as_str().unwrap_or("9999-12-31").to_string();
            let open = !matches!(
                r["status"].as_str(),
                Some("complete" | "superseded" | "not_accepted" | "withdrawn")
            );
            (due, num, open)
        })
        .collect();
    mine.sort();
    let at = mine
        .iter()
        .position(|(_, _, open)| *open)
        .expect("an open one");
    let target = format!("REC-{}", mine[at].1);

    let Some(t) = start(&db, &std::env::temp_dir()) else {
        return;
    };
    let first = t.wait_for("Replies owed");
    let line = first
        .lines()
        .find(|l| l.contains("RPT-4"))
        .unwrap_or_else(|| panic!("the s55 response is not on the first screen:\n{first}"));
    assert!(
        line.contains("s55 response") && line.contains("d overdue"),
        "{line}"
    );

    // Reports: RPT-4 is the second report; its recommendations are below.
    t.keys(&["F2"]);
    t.wait_for("Response");
    t.keys(&["j"]);
    t.wait_for("RPT-4 recommendations");
    t.keys(&["Tab"]);
    for _ in 0..at {
        t.keys(&["j"]);
    }
    t.keys(&["c"]);
    t.wait_for(&format!("Complete {target}"));
    t.text("Action plan published on the MPS website");
    t.keys(&["Enter"]);
    t.wait_for(&format!("{target} is now complete"));

    // Back on the dashboard it has left the open list; f shows it, marked done.
    t.keys(&["F1"]);
    t.wait_for("Replies owed");
    t.keys(&["1", "f"]);
    let shown = t.wait_for("with finished");
    let row = shown
        .lines()
        .find(|l| l.contains(&format!("{target} ")))
        .unwrap_or_else(|| panic!("{target} not listed with finished items:\n{shown}"));
    assert!(row.contains("✓") && row.contains("done 23 Nov"), "{row}");
    // Its evidence, in the detail.
    t.keys(&["/"]);
    t.text(&target);
    t.keys(&["Enter", "Enter"]);
    t.wait_for("Action plan published on the MPS website");
    quit(&t);

    let rec = db.show(&target);
    assert_eq!(rec["status"], "complete");
    assert_eq!(rec["evidence"], "Action plan published on the MPS website");
}
