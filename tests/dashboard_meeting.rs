//! Meeting mode: a board's open actions walked one at a time, an outcome recorded for each
//! with a key, new actions raised without leaving, and a summary at the end.

use oversight::domain::fields::Field;
use oversight::domain::fields::{self, Value};
use oversight::domain::ids::{ItemId, Kind};
use oversight::tui::app::{App, Mode};
use oversight::tui::meeting::Outcome;
use oversight::tui::picker::PickFor;

mod dashboard_common;
use dashboard_common::*;

fn id(s: &str) -> ItemId {
    s.parse().unwrap()
}

/// Chooses `meeting` in the meeting picker.
fn hold(app: &mut App, meeting: &str) {
    keys(app, "M");
    let Mode::Picker(p) = &app.mode else {
        panic!("no meeting picker: {:?}", app.message)
    };
    let PickFor::Meeting { options } = &p.purpose else {
        panic!("not the meeting picker")
    };
    let at = options
        .iter()
        .position(|o| *o == Some(id(meeting)))
        .unwrap_or_else(|| panic!("{meeting} is not offered"));
    keys(app, &"j".repeat(at));
    keys(app, "\n");
    assert!(app.meeting.is_some(), "{:?}", app.message);
}

fn message(app: &App) -> String {
    app.message.clone().map(|m| m.text).unwrap_or_default()
}

/// A snapshot without the message line (it carries real times in some flows).
fn snapshot(name: &str, screen: &str) {
    insta::assert_snapshot!(name, screen);
}

#[test]
fn a_meeting_walks_the_boards_actions_and_records_each_outcome() {
    let mut app = demo(120, 40);
    // MTG-3, the child protection board's next meeting: it reviews the open actions raised
    // before it, ACT-1, ACT-4, ACT-3.
    hold(&mut app, "MTG-3");
    let m = app.meeting.as_ref().unwrap();
    assert_eq!(m.actions, [id("ACT-1"), id("ACT-4"), id("ACT-3")]);
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("Meeting MTG-3"), "{screen}");
    assert!(screen.contains("action 1 of 3"), "{screen}");

    // ACT-1: a progress note; the next action comes up.
    keys(
        &mut app,
        "pAudit sample drawn; report at the next meeting\n",
    );
    assert_eq!(app.meeting.as_ref().unwrap().selected(), Some(id("ACT-4")));
    let notes = app.store.notes(id("ACT-1")).unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.text(Field::Text) == Some("Audit sample drawn; report at the next meeting"))
    );
    // ACT-4: a new due date needs its reason.
    keys(&mut app, "m");
    clear_field(&mut app);
    keys(&mut app, "+3w\n");
    assert!(matches!(app.mode, Mode::Form(_)), "a reason is asked for");
    keys(&mut app, "Partners need more time\n");
    let history = app.store.history(id("ACT-4")).unwrap();
    assert!(history.iter().any(|h| h.touched.stored() == "due_on"
        && h.reason.as_deref() == Some("Partners need more time")));
    // ACT-3: done, today.
    keys(&mut app, "d\n");
    assert_eq!(app.store.get(id("ACT-3")).unwrap().status(), Some("done"));
    // Back to ACT-1: dropped with its reason, then a new owner for ACT-4.
    keys(&mut app, "kk");
    assert_eq!(app.meeting.as_ref().unwrap().selected(), Some(id("ACT-1")));
    keys(&mut app, "xOvertaken by the new audit programme\n");
    assert_eq!(
        app.store.get(id("ACT-1")).unwrap().status(),
        Some("dropped")
    );
    keys(&mut app, "o");
    clear_field(&mut app);
    keys(&mut app, "Head of Safeguarding Partnerships\n");
    assert_eq!(
        app.store.get(id("ACT-4")).unwrap().text(Field::Owner),
        Some("Head of Safeguarding Partnerships")
    );
    // A new action raised at the meeting: board and meeting filled in, due at the board's
    // next meeting.
    keys(&mut app, "a");
    find_edit_field(&mut app, "Action");
    keys(
        &mut app,
        "Circulate revised terms of reference\tBoard secretary\n",
    );
    let m = app.meeting.as_ref().unwrap();
    let raised = *m.actions.last().unwrap();
    let new = app.store.get(raised).unwrap();
    assert_eq!(new.get(Field::MeetingId).as_link(), Some(id("MTG-3")));
    assert_eq!(new.get(Field::BoardId).as_link(), Some(id("BRD-1")));
    let next = app.store.get(id("MTG-4")).unwrap().date(Field::HeldOn);
    assert_eq!(
        new.due_on(),
        next,
        "due at the board's meeting after this one"
    );
    snapshot("meeting_mode_120x40", &draw(&app, 120, 40));

    // Leaving says what was recorded.
    keys(&mut app, "\u{1b}");
    assert!(app.meeting.is_none());
    let said = message(&app);
    for part in [
        "1 done",
        "1 progress noted",
        "1 due date moved",
        "1 dropped",
        "1 new owner",
    ] {
        assert!(said.contains(part), "{part}: {said}");
    }
    assert!(said.contains(&format!("1 new ({raised})")), "{said}");
}

#[test]
fn a_form_closed_unsaved_in_a_meeting_records_nothing() {
    let mut app = demo(80, 24);
    hold(&mut app, "MTG-3");
    keys(&mut app, "d\u{1b}");
    let m = app.meeting.as_ref().unwrap();
    assert!(m.recorded.is_empty());
    assert_eq!(m.selected(), Some(id("ACT-1")), "still on the first action");
    snapshot("meeting_mode_80x24", &draw(&app, 80, 24));
}

#[test]
fn a_new_meeting_can_be_added_and_held_at_once() {
    let mut app = demo(120, 40);
    keys(&mut app, "M");
    let Mode::Picker(p) = &app.mode else {
        panic!("no picker")
    };
    let last = p.choices.len() - 1;
    keys(&mut app, &"j".repeat(last));
    keys(&mut app, "\n");
    let Mode::Form(form) = &app.mode else {
        panic!("no form: {:?}", app.message)
    };
    assert_eq!(form.title, "Add a meeting");
    find_edit_field(&mut app, "Date");
    keys(&mut app, "today\n");
    let m = app.meeting.as_ref().expect("held at once");
    assert_eq!(m.meeting.id.kind, Kind::Meeting);
    assert!(!m.actions.is_empty());
}

/// Notes of a meeting are often typed up days after it. What meeting mode records is kept
/// with the meeting (and dated its day), so `minutes` for that meeting carries it whatever
/// day it was typed: here MTG-2 of 9 Nov, walked on the (real) day the test runs.
#[test]
fn the_minutes_of_a_meeting_walked_after_its_day_carry_what_was_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_demo(dir.path());
    drop(store);
    // The demo as if loaded in October, before the meeting (its trail says when).
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE changeset SET at = '2026-10-01T09:00:00Z'", [])
        .unwrap();
    let mut app = app_on(oversight::store::Store::open(&path).unwrap(), 120, 40);
    hold(&mut app, "MTG-2");
    let held = app
        .store
        .get(id("MTG-2"))
        .unwrap()
        .date(Field::HeldOn)
        .unwrap();
    assert!(held < ctx().today);
    // MTG-2 reviews ACT-1; ACT-3 and ACT-4 were raised at it: its new actions, listed after
    // and marked so.
    let m = app.meeting.as_ref().unwrap();
    assert_eq!(m.actions[0], id("ACT-1"));
    for raised in ["ACT-3", "ACT-4"] {
        assert!(m.actions.contains(&id(raised)), "{:?}", m.actions);
        assert_eq!(m.outcomes(id(raised)), [Outcome::Raised]);
    }
    // ACT-1: progress, a new due date with its reason, then done.
    keys(&mut app, "pAudit sample drawn\n");
    keys(&mut app, "k"); // each outcome moves on: back to ACT-1
    keys(&mut app, "m");
    clear_field(&mut app);
    keys(&mut app, "+3w\nPartners need more time\n");
    let history = app.store.history(id("ACT-1")).unwrap();
    assert_eq!(history.last().unwrap().meeting, Some(id("MTG-2")));
    // Done on the meeting's day, as reported there.
    keys(&mut app, "k");
    assert_eq!(app.meeting.as_ref().unwrap().selected(), Some(id("ACT-1")));
    keys(&mut app, "d\n");
    assert_eq!(
        app.store.get(id("ACT-1")).unwrap().date(Field::DoneOn),
        Some(held)
    );
    keys(&mut app, "\u{1b}");
    assert!(app.meeting.is_none());
    drop(app);

    let out = assert_cmd::Command::cargo_bin("oversight")
        .unwrap()
        .args(["--db", path.to_str().unwrap(), "minutes", "MTG-2"])
        .output()
        .unwrap();
    let minutes = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let act1 = minutes
        .lines()
        .find(|l| l.contains("Action 1 "))
        .unwrap_or_else(|| panic!("no Action 1 in\n{minutes}"));
    assert!(act1.contains("progress: Audit sample drawn"), "{act1}");
    assert!(
        act1.contains("new due date") && act1.contains("(Partners need more time)"),
        "{act1}"
    );
    let day = held.format("%-d %b %Y").to_string();
    assert!(act1.contains(&format!("done {day}")), "{act1}");
    // Its history says where the change was recorded.
    let out = assert_cmd::Command::cargo_bin("oversight")
        .unwrap()
        .args(["--db", path.to_str().unwrap(), "history", "ACT-1"])
        .output()
        .unwrap();
    let history = String::from_utf8_lossy(&out.stdout);
    let moved = history
        .lines()
        .find(|l| l.contains("Partners need more time"))
        .unwrap_or_default();
    assert!(moved.contains("change at MTG-2"), "{history}");
}

/// The ID on screen is never cut, at any width: the board's name, the owner and what was
/// recorded give way first; every action shows its due date.
#[test]
fn meeting_mode_keeps_ids_and_dates_whole_when_narrow() {
    for (w, h) in [(60, 24), (90, 30), (120, 40)] {
        let mut app = demo(w, h);
        hold(&mut app, "MTG-3");
        let screen = draw(&app, w, h);
        let title = screen.lines().nth(2).unwrap_or_default();
        assert!(title.contains("Meeting MTG-3"), "{w}: {title}");
        assert!(title.contains("7 Dec 2026"), "{w}: {title}");
        assert!(title.contains("action 1 of 3"), "{w}: {title}");
        let m = app.meeting.as_ref().unwrap();
        for item in &m.items {
            let row = screen
                .lines()
                .find(|l| l.contains(&format!(" {} ", item.id)))
                .unwrap_or_else(|| panic!("{w}: {} cut or missing:\n{screen}", item.id));
            let due = item.due_on().unwrap();
            let shown = row.contains("overdue")
                || row.contains("due in")
                || row.contains(&due.format("%-d %b %Y").to_string());
            assert!(shown, "{w}: no due date for {}: {row}", item.id);
        }
    }
}

/// A form saved without a change records no outcome: the action stays where it was,
/// unmarked, and the meeting's summary does not count it.
#[test]
fn an_outcome_form_saved_unchanged_records_nothing() {
    let mut app = demo(120, 40);
    hold(&mut app, "MTG-3");
    keys(&mut app, "m\n");
    assert_eq!(message(&app), "Nothing changed.");
    keys(&mut app, "o\n");
    let m = app.meeting.as_ref().unwrap();
    assert!(m.recorded.is_empty(), "{:?}", m.recorded);
    assert_eq!(m.selected(), Some(id("ACT-1")));
    keys(&mut app, "\u{1b}");
    assert!(
        message(&app).contains("nothing recorded"),
        "{}",
        message(&app)
    );
}

/// Held again, a meeting shows what its trail already records for each action (✓), less
/// what was undone; ending a meeting whose day has come marks it held.
#[test]
fn a_meeting_held_again_marks_what_was_recorded_and_ends_held() {
    let mut app = demo(120, 40);
    hold(&mut app, "MTG-3");
    keys(&mut app, "pAudit sample drawn\n"); // ACT-1
    keys(&mut app, "d\n"); // ACT-4
    keys(&mut app, "d\n"); // ACT-3
    keys(&mut app, "\u{1b}");
    keys(&mut app, "u"); // takes back ACT-3's completion
    hold(&mut app, "MTG-3");
    let m = app.meeting.as_ref().unwrap();
    // ACT-4, done at the first sitting, is still the meeting's (closed since).
    assert_eq!(m.actions, [id("ACT-1"), id("ACT-4"), id("ACT-3")]);
    assert_eq!(m.outcomes(id("ACT-1")), [Outcome::Progress]);
    assert_eq!(m.outcomes(id("ACT-4")), [Outcome::Done]);
    assert!(m.outcomes(id("ACT-3")).is_empty(), "{:?}", m.recorded);
    keys(&mut app, "\u{1b}");

    // A meeting on today's date, scheduled: walked, it is held.
    let spec = |n| fields::field(Kind::Meeting, n).unwrap();
    let today = ctx().today;
    let added = app
        .store
        .create(
            Kind::Meeting,
            &[
                (spec("board_id"), Value::Link(id("BRD-1"))),
                (spec("held_on"), Value::Date(today)),
            ],
            &ctx(),
        )
        .unwrap()
        .item
        .id;
    hold(&mut app, &added.to_string());
    keys(&mut app, "pDiscussed\n");
    keys(&mut app, "\u{1b}");
    assert!(
        message(&app).contains(&format!("{added} is marked held")),
        "{}",
        message(&app)
    );
    assert_eq!(app.store.get(added).unwrap().status(), Some("held"));
}
