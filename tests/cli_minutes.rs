//! `oversight minutes MTG-n`: a board's action log as minutes are written, from the data and
//! the audit trail. The board's actions are set up on 3 Sep 2026 and the meeting of 29 Oct
//! 2026 records its outcomes through ordinary changes and notes dated that day (the trail's
//! times are set to those days, as if the work had been done then). Every outcome is checked
//! against `list`, `show` and `history` as JSON.

mod common;
mod reports_common;

use chrono::NaiveDate;
use common::Db;
use reports_common::{added, date, date_changes, last_change, s, uk};
use scraper::{Html, Selector};
use serde_json::Value;

struct Log {
    db: Db,
    /// action name -> ID
    ids: Vec<(&'static str, String)>,
}

impl Log {
    fn id(&self, name: &str) -> &str {
        &self.ids.iter().find(|(n, _)| *n == name).unwrap().1
    }
}

/// BRD-1's two meetings, both held: MTG-1 on 3 Sep 2026, MTG-2 on 29 Oct 2026.
fn held_meetings(db: &Db) {
    for held in ["2026-09-03", "2026-10-29"] {
        let on = format!("held_on={held}");
        db.ok(&["add", "meeting", "board_id=BRD-1", &on, "status=held"]);
    }
}

fn setup() -> Log {
    let db = Db::empty();
    db.ok(&["add", "board", "name=Child Protection Board", "chair=DMPC"]);
    held_meetings(&db);
    let mut ids = Vec::new();
    for (name, text, owner, due) in [
        (
            "done",
            "Share the dip-sample audit with the board",
            "MPS",
            "2026-10-15",
        ),
        (
            "moved",
            "Report custody figures by borough",
            "Custody Lead",
            "2026-10-20",
        ),
        (
            "dropped",
            "Draft a data-sharing agreement",
            "Head of IG",
            "2026-10-28",
        ),
        (
            "owner",
            "Publish named leads in every BCU",
            "Frontline Commander",
            "2026-11-30",
        ),
        (
            "progress",
            "Set out the missing-children timetable",
            "Missing Persons Lead",
            "2026-10-01",
        ),
        (
            "quiet",
            "Review the referral backlog",
            "Safeguarding Lead",
            "2026-10-01",
        ),
        (
            "closed",
            "Circulate the terms of reference",
            "Board Secretary",
            "2026-09-30",
        ),
    ] {
        let out = db.ok(&[
            "add",
            "action",
            "board_id=BRD-1",
            "meeting_id=MTG-1",
            &format!("text={text}"),
            &format!("owner={owner}"),
            &format!("due_on={due}"),
        ]);
        ids.push((name, added(&out)));
    }
    let log = Log { db, ids };
    date_changes(&log.db.path, 0, "2026-09-03T10:00:00Z");
    // Done before the meeting: not on its log.
    let before = last_change(&log.db.path);
    log.db.ok_on(
        "2026-10-01",
        &["complete", log.id("closed"), "--on", "2026-10-01"],
    );
    date_changes(&log.db.path, before, "2026-10-01T09:00:00Z");
    // At the meeting.
    let before = last_change(&log.db.path);
    let db = &log.db;
    let on = "2026-10-29";
    db.ok_on(on, &["complete", log.id("done"), "--on", on]);
    db.ok_on(
        on,
        &[
            "set",
            log.id("moved"),
            "due_on=2026-12-15",
            "--reason",
            "figures for Q3 not yet published",
        ],
    );
    db.ok_on(
        on,
        &[
            "set",
            log.id("dropped"),
            "status=dropped",
            "--reason",
            "superseded by the national agreement",
        ],
    );
    db.ok_on(on, &["set", log.id("owner"), "owner=Commander South"]);
    db.ok_on(
        on,
        &[
            "note",
            log.id("progress"),
            "Timetable drafted; consultation ends 30 Nov",
        ],
    );
    let new = added(&db.ok_on(
        on,
        &[
            "add",
            "action",
            "board_id=BRD-1",
            "meeting_id=MTG-2",
            "text=Bring the audit's findings to the next meeting",
            "owner=Detective Superintendent",
            "due_on=2026-12-10",
        ],
    ));
    date_changes(&db.path, before, "2026-10-29T14:00:00Z");
    // After the meeting: not the meeting's.
    let before = last_change(&db.path);
    db.ok(&["set", log.id("quiet"), "owner=Someone Later"]);
    date_changes(&db.path, before, "2026-11-10T09:00:00Z");
    let mut log = log;
    log.ids.push(("new", new));
    log
}

fn item(items: &[Value], id: &str) -> Value {
    items.iter().find(|i| i["id"] == id).unwrap().clone()
}

#[test]
fn the_action_log_says_what_the_meeting_did_with_each_action() {
    let log = setup();
    let db = &log.db;
    let md = db.ok(&["minutes", "MTG-2"]);
    let actions = db.list("actions", &[]);
    let meeting = date(&item(&db.list("meetings", &[]), "MTG-2")["held_on"]).unwrap();
    let raised = uk(date(&item(&db.list("meetings", &[]), "MTG-1")["held_on"]).unwrap());
    let num = |name: &str| log.id(name).trim_start_matches("ACT-").to_string();
    let line = |name: &str| {
        let prefix = format!("- Action {} (from {raised}): ", num(name));
        md.lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no line for {name} ({prefix}) in\n{md}"))
            .to_string()
    };
    // Done, with the day it was done.
    let done = item(&actions, log.id("done"));
    assert_eq!(done["status"], "done");
    assert!(
        line("done").ends_with(&format!(
            "Share the dip-sample audit with the board (MPS) — done {}",
            uk(date(&done["done_on"]).unwrap())
        )),
        "{}",
        line("done")
    );
    // A new due date, with the reason the history recorded.
    let moved = item(&actions, log.id("moved"));
    let history = db.history(log.id("moved"));
    let reason = history
        .iter()
        .rev()
        .find(|h| h["field"] == "due_on")
        .map(|h| s(h, "reason").to_string())
        .unwrap();
    assert!(line("moved").ends_with(&format!(
        "— new due date {} ({reason})",
        uk(date(&moved["due_on"]).unwrap())
    )));
    // Dropped, with its reason.
    let history = db.history(log.id("dropped"));
    let reason = history
        .iter()
        .rev()
        .find(|h| h["field"] == "status")
        .map(|h| s(h, "reason").to_string())
        .unwrap();
    assert!(
        line("dropped").ends_with(&format!("— dropped: {reason}")),
        "{}",
        line("dropped")
    );
    // The owner changed; named as they were when the meeting began.
    let owner = item(&actions, log.id("owner"));
    assert!(line("owner").contains("(Frontline Commander)"));
    assert!(line("owner").ends_with(&format!(
        "— owner now {} (was Frontline Commander)",
        s(&owner, "owner")
    )));
    // Progress: the note dated the meeting's day.
    let show = db.show(log.id("progress"));
    let note = show["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| date(&n["noted_on"]) == Some(meeting))
        .unwrap();
    assert!(line("progress").ends_with(&format!("— progress: {}", s(note, "text"))));
    // Nothing recorded that day; a change made later is not the meeting's.
    assert!(
        line("quiet").ends_with("(Safeguarding Lead) — no update recorded; still open, due 1 Oct 2026 (28 days overdue at the meeting)"),
        "{}",
        line("quiet")
    );
    // Finished before the meeting: not on the log.
    assert!(!md.contains(&format!("Action {} ", num("closed"))));
    assert!(!md.contains(&format!("Action {}:", num("closed"))));
    // New actions, with owner and due date.
    let new = item(&actions, log.id("new"));
    let new_line = format!(
        "- Action {}: Bring the audit's findings to the next meeting — owner {}, due {}",
        num("new"),
        s(&new, "owner"),
        uk(date(&new["due_on"]).unwrap())
    );
    let new_section = md.split("## New actions").nth(1).unwrap();
    assert!(new_section.contains(&new_line), "{md}");
    assert_eq!(
        md.lines().filter(|l| l.starts_with("- Action")).count(),
        7,
        "six reviewed, one new:\n{md}"
    );
    assert!(md.starts_with("# Child Protection Board: action log, 29 Oct 2026\n"));
    // Reproducible, and the same in HTML.
    assert_eq!(md, db.ok(&["minutes", "MTG-2"]));
    let html = db.ok(&["minutes", "MTG-2", "--format", "html"]);
    let doc = Html::parse_document(&html);
    let items: Vec<String> = doc
        .select(&Selector::parse("ul.log li").unwrap())
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(items.len(), 7);
    assert!(items.iter().any(|i| md.contains(&format!("- {i}"))));
}

#[test]
fn the_first_meeting_has_no_open_actions_and_all_new_ones() {
    let log = setup();
    let md = log.db.ok(&["minutes", "MTG-1"]);
    assert!(md.contains("No action of the board was open when the meeting began."));
    // Every action raised at MTG-1, as it stood at the end of that day.
    let new: Vec<&str> = md.lines().filter(|l| l.starts_with("- Action")).collect();
    assert_eq!(new.len(), 7, "{md}");
    assert!(
        md.contains(
            "Publish named leads in every BCU — owner Frontline Commander, due 30 Nov 2026"
        )
    );
    let err = log.db.refuse(&["minutes", "BRD-1"]);
    assert!(err.contains("minutes takes a meeting's ID"), "{err}");
    let _ = NaiveDate::MIN;
}

/// A board's action log brought into oversight after a meeting (entered today, raised at an
/// earlier meeting): its actions were open at that meeting, and the minutes review them,
/// rather than saying no action was open because the trail starts today.
#[test]
fn actions_entered_after_a_meeting_but_raised_before_it_are_reviewed() {
    let db = Db::empty();
    db.ok(&["add", "board", "name=Child Protection Board"]);
    held_meetings(&db);
    // Entered today (the trail says so), raised at the September meeting.
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "meeting_id=MTG-1",
        "text=Share the dip-sample audit",
        "owner=MPS",
        "due_on=2026-10-15",
    ]);
    // Entered today, raised at no meeting: its trail is all there is to go on.
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "text=Publish named leads",
        "due_on=2026-12-01",
    ]);
    let md = db.ok(&["minutes", "MTG-2"]);
    let reviewed: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("## Actions reviewed"))
        .take_while(|l| !l.starts_with("## New actions"))
        .filter(|l| l.starts_with("- Action"))
        .collect();
    assert_eq!(reviewed.len(), 1, "{md}");
    assert!(
        reviewed[0].starts_with("- Action 1 (from 3 Sep 2026): Share the dip-sample audit (MPS)")
            && reviewed[0].contains("no update recorded; still open, due 15 Oct 2026"),
        "{md}"
    );
    // The meeting it was raised at still lists it as new, as it stood then (not as
    // changed since).
    db.ok(&["set", "ACT-1", "owner=Someone Else"]);
    let first = db.ok(&["minutes", "MTG-1"]);
    assert!(first.contains("No action of the board was open"), "{first}");
    assert!(
        first.contains("- Action 1: Share the dip-sample audit — owner MPS, due 15 Oct 2026"),
        "{first}"
    );
}

/// Marks the changes after `after` as recorded at meeting `num` (as meeting mode does).
fn at_meeting(db: &Db, after: i64, num: i64) {
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute(
        "UPDATE changeset SET meeting_id = ?1 WHERE id > ?2",
        rusqlite::params![num, after],
    )
    .unwrap();
}

/// Changes recorded at a meeting count on that meeting's day, in the order they were made:
/// a later meeting's minutes see an earlier meeting's outcomes typed up after it, and a
/// correction made after a meeting outcome on the same day wins over it.
#[test]
fn each_meeting_s_outcomes_count_on_its_own_day_in_the_order_made() {
    let db = Db::empty();
    db.ok(&["add", "board", "name=Child Protection Board"]);
    held_meetings(&db);
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "meeting_id=MTG-1",
        "text=Share the dip-sample audit",
        "owner=MPS",
        "due_on=2026-10-15",
    ]);
    date_changes(&db.path, 0, "2026-09-01T09:00:00Z");

    // MTG-1's outcome, typed up on 5 Nov (after MTG-2): a new owner.
    let before = last_change(&db.path);
    db.ok(&["set", "ACT-1", "owner=Custody Lead"]);
    date_changes(&db.path, before, "2026-11-05T09:00:00Z");
    at_meeting(&db, before, 1);

    // At MTG-2, in the room: a new due date; that afternoon, corrected by hand.
    let before = last_change(&db.path);
    db.ok(&[
        "set",
        "ACT-1",
        "due_on=2026-12-01",
        "--reason",
        "Partners asked",
    ]);
    date_changes(&db.path, before, "2026-10-29T10:00:00Z");
    at_meeting(&db, before, 2);
    let before = last_change(&db.path);
    db.ok(&[
        "set",
        "ACT-1",
        "due_on=2026-12-15",
        "--reason",
        "Chair agreed mid-December",
    ]);
    date_changes(&db.path, before, "2026-10-29T15:00:00Z");

    let md = db.ok(&["minutes", "MTG-2"]);
    let line = md
        .lines()
        .find(|l| l.starts_with("- Action 1 "))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        line.contains("(Custody Lead)") && !line.contains("owner now"),
        "MTG-1's new owner stood before MTG-2: {line}"
    );
    assert!(
        line.contains("new due date 15 Dec 2026 (Chair agreed mid-December)"),
        "{line}"
    );
    let first = db.ok(&["minutes", "MTG-1"]);
    assert!(
        first.contains("Share the dip-sample audit — owner Custody Lead"),
        "{first}"
    );

    // Undoing a meeting's outcome is the meeting's too.
    db.ok(&["undo"]);
    let history = db.history("ACT-1");
    let last = history.last().unwrap();
    assert_eq!(last["change"], "undo");
    assert_eq!(
        last["meeting"],
        Value::Null,
        "the correction was not the meeting's"
    );
    db.ok(&["undo"]);
    let history = db.history("ACT-1");
    let last = history.last().unwrap();
    assert_eq!(last["meeting"], "MTG-2", "{last}");
}

/// Outcomes recorded in meeting mode ahead of the meeting's date (a meeting misdated, or
/// notes prepared) still count on the meeting's day.
#[test]
fn outcomes_recorded_for_a_later_meeting_count_on_its_day() {
    let db = Db::empty();
    db.ok(&["add", "board", "name=Child Protection Board"]);
    db.ok(&["add", "meeting", "board_id=BRD-1", "held_on=2099-01-15"]);
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "text=Share the dip-sample audit",
        "owner=MPS",
        "due_on=2098-12-01",
    ]);
    let before = last_change(&db.path);
    db.ok(&["complete", "ACT-1"]);
    at_meeting(&db, before, 1);
    let md = db.ok(&["minutes", "MTG-1"]);
    let line = md
        .lines()
        .find(|l| l.starts_with("- Action 1"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(line.contains("— done "), "{line}");
}
