//! `oversight delete` of an item others point at: it names them first, refuses in a script
//! without --yes (nothing written), takes them with it with --yes, and one `undo` restores
//! the whole. On a terminal it asks (driven through `script`, a pseudo-terminal).

mod common;

use common::{Db, bare, stdout};

/// RPT-1 (PEEL 2026) with REC-1 and REC-2, LET-1 about it, BRD-1 with MTG-1 and ACT-1
/// (raised at MTG-1, on REC-1).
fn tracker() -> Db {
    let db = Db::with_recommendation();
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-1",
        "text=Publish stop and search data monthly",
    ]);
    db.ok(&[
        "add",
        "letter",
        "subject=PEEL 2026: the Commissioner's update",
        "report_id=RPT-1",
        "received_on=2026-11-02",
    ]);
    db.ok(&["add", "board", "name=Stop and search board"]);
    db.ok(&["add", "meeting", "board_id=BRD-1", "held_on=2026-12-03"]);
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "meeting_id=MTG-1",
        "recommendation_id=REC-1",
        "text=Check the risk assessments",
    ]);
    db
}

#[test]
fn a_report_others_need_is_not_deleted_by_a_script_without_yes() {
    let db = tracker();
    let err = db.refuse(&["delete", "RPT-1"]);
    assert_eq!(
        err,
        "error: RPT-1 has 2 recommendations (REC-1, REC-2) that would be deleted with it, and \
         LET-1 whose report link would be cleared, and ACT-1 whose recommendation link would \
         be cleared: nothing deleted; give --yes to delete them too (`oversight undo` restores \
         it all)"
    );
    assert_eq!(db.list_ids("reports", &[]), ["RPT-1"]);
    assert_eq!(db.list_ids("recommendations", &[]), ["REC-1", "REC-2"]);
}

#[test]
fn with_yes_the_whole_goes_and_one_undo_restores_it() {
    let db = tracker();
    let out = db.ok(&["delete", "RPT-1", "--yes"]);
    assert_eq!(
        out.trim_end(),
        "Deleted RPT-1 with 2 recommendations (REC-1, REC-2), and the report link of LET-1 \
         cleared, and the recommendation link of ACT-1 cleared (`oversight undo` restores it \
         all)."
    );
    assert!(db.list("reports", &[]).is_empty());
    assert!(db.list("recommendations", &[]).is_empty());
    let letter = db.show("LET-1");
    assert_eq!(letter["report_id"], serde_json::Value::Null);
    assert_eq!(letter["deleted"], false);
    let action = db.show("ACT-1");
    assert_eq!(action["recommendation_id"], serde_json::Value::Null);
    assert_eq!(action["meeting_id"], "MTG-1", "other links stay");
    // The letter is no longer tied to a deleted report: it can be edited.
    db.ok(&["set", "LET-1", "owner=Head of Oversight"]);
    db.ok(&["undo"]);
    let undone = db.ok(&["undo"]);
    assert!(
        undone.starts_with("Undid your deletion of RPT-1 with"),
        "{undone}"
    );
    assert_eq!(db.list_ids("reports", &[]), ["RPT-1"]);
    assert_eq!(db.list_ids("recommendations", &[]), ["REC-1", "REC-2"]);
    assert_eq!(db.show("LET-1")["report_id"], "RPT-1");
    assert_eq!(db.show("ACT-1")["recommendation_id"], "REC-1");
    assert_eq!(db.ok(&["check"]).lines().count(), 1, "check is clean");
    // Redo deletes it all again.
    db.ok(&["redo"]);
    assert!(db.list("recommendations", &[]).is_empty());
    assert_eq!(db.show("LET-1")["report_id"], serde_json::Value::Null);
}

#[test]
fn a_board_takes_its_meetings_and_actions_and_a_meeting_only_unlinks() {
    let db = tracker();
    let err = db.refuse(&["delete", "MTG-1"]);
    assert!(
        err.contains("MTG-1 is linked from ACT-1 whose meeting link would be cleared"),
        "{err}"
    );
    let err = db.refuse(&["delete", "BRD-1"]);
    assert!(
        err.contains(
            "BRD-1 has 1 meeting (MTG-1) and 1 board action (ACT-1) that would be deleted"
        ),
        "{err}"
    );
    db.ok(&["delete", "BRD-1", "-y"]);
    assert!(db.list("actions", &[]).is_empty());
    assert!(db.list("meetings", &[]).is_empty());
    db.ok(&["undo"]);
    assert_eq!(db.list_ids("actions", &[]), ["ACT-1"]);
    assert_eq!(db.list_ids("meetings", &[]), ["MTG-1"]);
}

#[test]
fn an_item_nothing_points_at_is_deleted_at_once() {
    let db = tracker();
    let out = db.ok(&["delete", "ACT-1"]);
    assert_eq!(
        out.trim_end(),
        "Deleted ACT-1 (`oversight undo` restores it)."
    );
    let out = db.ok(&["delete", "REC-2"]);
    assert!(out.starts_with("Deleted REC-2 ("), "{out}");
    db.refuse(&["delete", "ACT-1"]);
}

#[test]
fn the_help_says_what_goes_with_it() {
    let out = bare().args(["delete", "--help"]).output().unwrap();
    let help = stdout(&out);
    assert!(help.contains("--yes"), "{help}");
    assert!(help.contains("Delete them too? [y/N]"), "{help}");
    assert!(help.contains("One `undo` restores all"), "{help}");
}

/// Runs `oversight ARGS` on a pseudo-terminal (util-linux `script`), typing `answer`.
/// `None` where `script` is not installed.
fn on_terminal(db: &Db, args: &[&str], answer: &str) -> Option<(i32, String)> {
    let probe = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("script (util-linux) is not installed: skipping the terminal prompt test");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("oversight");
    let mut line = vec![
        bin.display().to_string(),
        "--db".into(),
        db.db_arg().into(),
        "--today".into(),
        common::TODAY.into(),
        "--actor".into(),
        common::ACTOR.into(),
    ];
    line.extend(args.iter().map(|a| a.to_string()));
    let quoted: Vec<String> = line
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    // The answer is typed once the prompt is up; `script` gives the command a terminal.
    let shell = format!(
        "sleep 0.5; printf '{answer}\\n'",
        answer = answer.replace('\'', "")
    );
    let mut feeder = std::process::Command::new("sh")
        .args(["-c", &shell])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sh runs");
    let out = std::process::Command::new("script")
        .args(["-qefc", &quoted.join(" "), "/dev/null"])
        .env_remove("OVERSIGHT_DB")
        .env("HOME", db.dir.path())
        .stdin(feeder.stdout.take().expect("piped"))
        .output()
        .expect("script runs");
    feeder.wait().expect("the typing ends");
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

#[test]
fn on_a_terminal_it_asks_and_only_yes_deletes() {
    let db = tracker();
    let before = db.snapshot();
    let Some((code, screen)) = on_terminal(&db, &["delete", "RPT-1"], "n") else {
        return;
    };
    assert!(
        screen.contains("REC-1 Review every domestic abuse"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "LET-1 PEEL 2026: the Commissioner's update (its report link to RPT-1 cleared)"
        ),
        "{screen}"
    );
    assert!(screen.contains("Delete them too? [y/N]"), "{screen}");
    assert!(screen.contains("not deleted"), "{screen}");
    assert_eq!(code, 1, "{screen}");
    assert_eq!(before, db.snapshot(), "nothing written after no");
    let (code, screen) = on_terminal(&db, &["delete", "RPT-1"], "y").unwrap();
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Deleted RPT-1 with 2 recommendations"),
        "{screen}"
    );
    assert!(db.list("recommendations", &[]).is_empty());
}
