//! A morning's work in the dashboard: the item acted on is the item shown, nothing is lost,
//! every change says what it did and whose it was (the issue "Daily use").

use oversight::domain::fields::Field;
use std::path::Path;

use chrono::Duration;
use oversight::domain::fields::{self, Value};
use oversight::domain::ids::{ItemId, Kind};
use oversight::domain::rules::Context;
use oversight::store::Store;
use oversight::tui::app::{App, Mode};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

mod dashboard_common;
use dashboard_common::*;

fn id(s: &str) -> ItemId {
    s.parse().unwrap()
}

/// Moves the focused pane's selection onto `target` (from the top, row by row).
fn select(app: &mut App, target: ItemId) {
    keys(app, "g");
    for _ in 0..500 {
        if app.selected_id() == Some(target) {
            return;
        }
        keys(app, "j");
    }
    panic!("{target} is not in the focused pane");
}

/// In the open picker, moves to the choice `code` and takes it.
fn choose(app: &mut App, code: &str) {
    let Mode::Picker(p) = &app.mode else {
        panic!("no picker: {:?}", app.message)
    };
    let to = p
        .choices
        .iter()
        .position(|(c, _)| *c == code)
        .unwrap_or_else(|| panic!("no choice {code}"));
    let moves = if to >= p.cursor {
        "j".repeat(to - p.cursor)
    } else {
        "k".repeat(p.cursor - to)
    };
    keys(app, &moves);
    keys(app, "\n");
}

fn field_value(app: &App, label: &str) -> Option<String> {
    let Mode::Form(form) = &app.mode else {
        return None;
    };
    form.fields
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value().to_string())
}

fn focused_label(app: &App) -> String {
    let Mode::Form(form) = &app.mode else {
        panic!("no form open: {:?}", app.message)
    };
    form.fields[form.focus].label.clone()
}

fn message(app: &App) -> String {
    app.message.clone().map(|m| m.text).unwrap_or_default()
}

fn file_store(dir: &Path) -> (Store, std::path::PathBuf) {
    let path = dir.join("shared.sqlite");
    let mut store = Store::open(&path).unwrap();
    oversight::demo::load(&mut store, &ctx()).unwrap();
    (store, path)
}

fn as_actor(actor: &str) -> Context {
    Context {
        actor: actor.into(),
        ..ctx()
    }
}

// ---------------------------------------------------------------- the ID on screen

#[test]
fn an_id_of_four_digits_is_never_cut() {
    let mut store = Store::open_in_memory().unwrap();
    let c = ctx();
    store
        .batch(&c, "many", |b| {
            let title = fields::field(Kind::Report, "title").unwrap();
            let report = b.create(Kind::Report, &[(title, Value::Text("PEEL".into()))])?;
            let spec = |n| fields::field(Kind::Recommendation, n).unwrap();
            for n in 0..1010 {
                b.create(
                    Kind::Recommendation,
                    &[
                        (spec("report_id"), Value::Link(report.item.id)),
                        (
                            spec("text"),
                            Value::Text(format!("Recommendation number {n}")),
                        ),
                        (spec("owner"), Value::Text("BCU Commander".into())),
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let mut app = app_on(store, 80, 24);
    keys(&mut app, "G");
    let screen = draw(&app, 80, 24);
    for row in &app.pane().rows {
        let shown = format!("{} ", row.listed.item.id);
        assert!(screen.contains(&shown), "{shown} is cut:\n{screen}");
    }
    assert!(screen.contains("REC-1010 "), "{screen}");
}

// ---------------------------------------------------------------- the selection follows the item

#[test]
fn after_an_edit_moves_the_item_the_selection_and_detail_stay_on_it() {
    let mut app = demo(120, 40);
    keys(&mut app, "3");
    select(&mut app, id("ACT-5"));
    keys(&mut app, "\n");
    keys(&mut app, "e");
    find_edit_field(&mut app, "Due");
    clear_field(&mut app);
    keys(&mut app, "+30d");
    find_edit_field(&mut app, "Reason");
    keys(&mut app, "Waiting for the quarterly figures\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    // Says what it did, to which item, in the history's words.
    let said = message(&app);
    assert!(
        said.starts_with("Saved ACT-5: Due: ") && said.ends_with("(reason kept in the history)."),
        "{said}"
    );
    assert_eq!(
        selected(&app),
        id("ACT-5"),
        "the selection followed the item"
    );
    assert_eq!(app.detail.as_ref().unwrap().item.id, id("ACT-5"));
    let row = app.pane().cursor;
    assert_ne!(row, 1, "ACT-5 moved down the order");
}

#[test]
fn undo_of_a_delete_selects_the_restored_item() {
    let mut app = demo(120, 40);
    select(&mut app, id("REC-15"));
    keys(&mut app, "dy");
    assert_ne!(selected(&app), id("REC-15"));
    keys(&mut app, "u");
    assert_eq!(selected(&app), id("REC-15"), "{:?}", app.message);
    assert_eq!(
        message(&app),
        "Undid your deletion of REC-15 (u undoes, Ctrl-r redoes)."
    );
    // s now acts on REC-15, the item on screen.
    keys(&mut app, "s");
    let Mode::Picker(p) = &app.mode else {
        panic!("no picker")
    };
    assert_eq!(p.title, "Status of REC-15");
}

#[test]
fn an_item_deleted_elsewhere_is_named_and_the_detail_does_not_switch() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_store(dir.path());
    let mut app = app_on(store, 120, 40);
    keys(&mut app, "3");
    select(&mut app, id("ACT-4"));
    keys(&mut app, "\n");
    let mut other = Store::open(&path).unwrap();
    other.delete(id("ACT-4"), None, &as_actor("priya")).unwrap();
    app.tick();
    app.settle();
    assert!(
        message(&app).contains("ACT-4 was deleted elsewhere"),
        "{:?}",
        app.message
    );
    assert_eq!(
        app.detail.as_ref().unwrap().item.id,
        id("ACT-4"),
        "the detail keeps the item it showed"
    );
    assert_ne!(selected(&app), id("ACT-4"));
    // Moving on shows the selected item again.
    keys(&mut app, "j");
    assert_eq!(app.detail.as_ref().unwrap().item.id, selected(&app));
}

#[test]
fn an_item_completed_elsewhere_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_store(dir.path());
    let mut app = app_on(store, 120, 40);
    let chosen = selected(&app);
    let mut other = Store::open(&path).unwrap();
    let changes =
        oversight::domain::rules::completion(chosen.kind, Some("Audit seen"), None).unwrap();
    other
        .update(chosen, None, &changes, None, &as_actor("priya"))
        .unwrap();
    app.tick();
    app.settle();
    assert!(
        message(&app).contains(&format!("{chosen} is now complete")),
        "{:?}",
        app.message
    );
}

// ---------------------------------------------------------------- undo is yours

#[test]
fn u_leaves_a_colleagues_change_alone_and_asks_before_undoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_store(dir.path());
    let mut app = app_on(store, 120, 40);
    let rec = selected(&app);
    let mut other = Store::open(&path).unwrap();
    let note =
        oversight::domain::rules::note(rec, "From the CLI", None, None, ctx().today).unwrap();
    let saved = other.create(Kind::Note, &note, &as_actor("priya")).unwrap();
    app.tick();
    app.settle();
    // The analyst's own newest change is older than Priya's note: u undoes the analyst's.
    keys(&mut app, "nMine\n");
    let other_note = oversight::domain::rules::note(rec, "Later", None, None, ctx().today).unwrap();
    let later = other
        .create(Kind::Note, &other_note, &as_actor("priya"))
        .unwrap();
    app.tick();
    app.settle();
    keys(&mut app, "u");
    assert!(
        message(&app).starts_with("Undid your note on"),
        "{:?}",
        app.message
    );
    for n in [saved.item.id, later.item.id] {
        assert!(
            !app.store.get(n).unwrap().deleted,
            "Priya's notes are left alone"
        );
    }
}

#[test]
fn with_nothing_of_yours_to_undo_u_asks_and_names_whose_change_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite");
    // The database and everything in it made by Priya.
    let mut store = Store::open(&path).unwrap();
    oversight::demo::load(&mut store, &as_actor("priya")).unwrap();
    let rec = id("REC-7");
    let note = oversight::domain::rules::note(rec, "Chased", None, None, ctx().today).unwrap();
    let saved = store.create(Kind::Note, &note, &as_actor("priya")).unwrap();
    let mut app = app_on(store, 120, 40);
    keys(&mut app, "u");
    let Mode::Confirm(c) = &app.mode else {
        panic!("no question: {:?}", app.message)
    };
    assert!(
        c.question.contains("priya's note on REC-7"),
        "{}",
        c.question
    );
    keys(&mut app, "n");
    assert!(!app.store.get(saved.item.id).unwrap().deleted);
    assert_eq!(message(&app), "Nothing undone.");
    keys(&mut app, "uy");
    assert!(app.store.get(saved.item.id).unwrap().deleted);
    assert!(message(&app).starts_with("Undid priya's note on REC-7"));
    assert_eq!(
        selected(&app),
        rec,
        "the item the note was about is selected"
    );
}

// ---------------------------------------------------------------- what the panes show

#[test]
fn the_letters_pane_shows_the_sender_and_the_owner_apart() {
    let app = demo(120, 40);
    let screen = draw(&app, 120, 40);
    let line = screen
        .lines()
        .find(|l| l.contains("LET-5 "))
        .expect("LET-5 on screen");
    assert!(line.contains("Caroline Russell AM"), "{line}");
    assert!(line.contains("Technology and Da"), "{line}");
}

#[test]
fn overdue_rows_scrolled_below_a_pane_are_counted_under_it() {
    let mut app = demo(80, 24);
    // Focusing the letters pane leaves the recommendations pane a row or two.
    keys(&mut app, "2");
    let recs = &app.panes[0];
    assert!(recs.rows.len() < recs.counts.overdue, "{}", recs.rows.len());
    let below = recs.counts.overdue - recs.rows.len();
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains(&format!("↓ {below} more overdue")),
        "{screen}"
    );
}

#[test]
fn at_50x16_the_edit_form_shows_the_field_that_needs_filling() {
    let mut app = demo(50, 16);
    keys(&mut app, "e");
    find_edit_field(&mut app, "Due");
    clear_field(&mut app);
    keys(&mut app, "+9w\n");
    assert_eq!(
        focused_label(&app),
        "Reason",
        "Enter went to the missing reason"
    );
    let screen = draw(&app, 50, 16);
    assert!(screen.contains("Reason"), "{screen}");
    assert!(screen.contains("required when the due"), "{screen}");
}

// ---------------------------------------------------------------- forms

#[test]
fn enter_goes_to_the_owner_before_a_board_action_is_added() {
    let mut app = demo(120, 40);
    keys(&mut app, "3a");
    find_edit_field(&mut app, "Action");
    keys(&mut app, "Publish the dip-sample results\n");
    assert_eq!(focused_label(&app), "Owner", "the owner is asked for");
    keys(&mut app, "Head of Public Protection\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let added = selected(&app);
    assert_eq!(
        app.store.get(added).unwrap().text(Field::Owner),
        Some("Head of Public Protection")
    );
}

#[test]
fn a_refs_kind_is_read_and_a_duplicate_ref_warns_before_adding() {
    let mut app = demo(120, 40);
    let like = app.store.get(selected(&app)).unwrap();
    let existing = like.text(Field::Ref).unwrap().to_string();
    keys(&mut app, "a");
    find_edit_field(&mut app, "Ref");
    keys(&mut app, &existing);
    find_edit_field(&mut app, "Text");
    keys(
        &mut app,
        "A second recommendation with the same ref\tVictim Care Lead\n",
    );
    let Mode::Form(form) = &app.mode else {
        panic!("saved without a warning: {:?}", app.message)
    };
    let warning = form.error.clone().unwrap();
    assert!(warning.contains("already has"), "{warning}");
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);

    keys(&mut app, "a");
    find_edit_field(&mut app, "Ref");
    keys(&mut app, "AFI 9");
    find_edit_field(&mut app, "Text");
    keys(&mut app, "Improve supervision\tVictim Care Lead\n");
    let added = selected(&app);
    assert_eq!(
        app.store.get(added).unwrap().text(Field::Kind),
        Some("area_for_improvement")
    );
}

#[test]
fn closing_as_withdrawn_asks_why_and_the_history_keeps_it() {
    let mut app = demo(120, 40);
    let rec = selected(&app);
    keys(&mut app, "s");
    choose(&mut app, "withdrawn");
    assert_eq!(focused_label(&app), "Why withdrawn");
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Form(_)), "no reason, no save");
    assert_ne!(app.store.get(rec).unwrap().status(), Some("withdrawn"));
    keys(&mut app, "Superseded by the 2026 PEEL report\n");
    assert_eq!(app.store.get(rec).unwrap().status(), Some("withdrawn"));
    let history = app.store.history(rec).unwrap();
    assert!(history.iter().any(|h| h.touched.stored() == "status"
        && h.reason.as_deref() == Some("Superseded by the 2026 PEEL report")));
}

#[test]
fn picking_complete_opens_the_completion_form() {
    let mut app = demo(120, 40);
    keys(&mut app, "s");
    choose(&mut app, "complete");
    assert_eq!(focused_label(&app), "Evidence");
}

#[test]
fn a_reply_offers_to_mark_the_letters_open_asks_answered() {
    let mut app = demo(120, 40);
    keys(&mut app, "2");
    select(&mut app, id("LET-5"));
    keys(&mut app, "c");
    assert_eq!(
        field_value(&app, "Its 2 open asks answered?").as_deref(),
        Some("yes")
    );
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    assert!(message(&app).contains("Its 2 open asks are marked answered"));
    let asks = app.store.children(id("LET-5"), ctx().today).unwrap();
    let statuses: Vec<_> = asks
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|r| r.item.status().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["answered", "answered"]);
    // One change: one undo reopens the letter and its asks.
    keys(&mut app, "u");
    assert_eq!(
        app.store.get(id("LET-5")).unwrap().status(),
        Some("awaiting_reply")
    );
    assert_eq!(app.store.get(id("ASK-6")).unwrap().status(), Some("open"));
}

#[test]
fn on_an_empty_tracker_a_report_comes_first_then_its_recommendations() {
    let mut app = app_on(Store::open_in_memory().unwrap(), 120, 40);
    keys(&mut app, "a");
    let Mode::Form(form) = &app.mode else {
        panic!("no form")
    };
    assert_eq!(form.title, "Add a report");
    assert!(message(&app).contains("add the report first"));
    keys(&mut app, "PEEL 2026\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    keys(&mut app, "a");
    assert_eq!(field_value(&app, "Report").as_deref(), Some("RPT-1"));

    keys(&mut app, "\u{1b}A");
    choose(&mut app, "boards");
    keys(&mut app, "Child protection improvement board\n");
    assert_eq!(
        app.store.get(id("BRD-1")).unwrap().text(Field::Name),
        Some("Child protection improvement board")
    );
}

#[test]
fn a_board_actions_meeting_must_be_one_of_its_boards() {
    let mut app = demo(120, 40);
    // MTG-1 is a meeting of BRD-1; BRD-2 is another board.
    let board = app
        .store
        .get(id("MTG-1"))
        .unwrap()
        .get(Field::BoardId)
        .as_link();
    let other = if board == Some(id("BRD-1")) {
        "BRD-2"
    } else {
        "BRD-1"
    };
    keys(&mut app, "3a");
    find_edit_field(&mut app, "Board");
    clear_field(&mut app);
    keys(&mut app, other);
    find_edit_field(&mut app, "Raised at");
    clear_field(&mut app);
    keys(&mut app, "MTG-1");
    let error = form_error(&app, "Raised at").unwrap_or_default();
    assert!(error.contains("is a meeting of"), "{error}");
    // The store refuses it too, whoever asks.
    let spec = |n| fields::field(Kind::Action, n).unwrap();
    let refused = app.store.create(
        Kind::Action,
        &[
            (spec("board_id"), Value::Link(id(other))),
            (spec("meeting_id"), Value::Link(id("MTG-1"))),
            (spec("text"), Value::Text("x".into())),
        ],
        &ctx(),
    );
    assert!(refused.unwrap_err().to_string().contains("meeting_id"));
}

#[test]
fn notes_can_be_back_dated_but_not_dated_ahead() {
    let mut app = demo(120, 40);
    let rec = selected(&app);
    keys(&mut app, "nPhoned on Friday\t");
    clear_field(&mut app);
    keys(&mut app, "-3d\n");
    let notes = app.store.notes(rec).unwrap();
    let note = notes.last().unwrap();
    assert_eq!(
        note.date(Field::NotedOn),
        Some(ctx().today - Duration::days(3))
    );
    keys(&mut app, "nNext week\t");
    clear_field(&mut app);
    keys(&mut app, "+3d\n");
    assert!(
        matches!(app.mode, Mode::Form(_)),
        "a note from the future is refused"
    );
}

// ---------------------------------------------------------------- staying current

#[test]
fn a_setting_changed_elsewhere_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_store(dir.path());
    let mut app = app_on(store, 120, 40);
    assert_eq!(app.ctx.settings.due_soon_days, 14);
    let soon_before = app.panes[0].counts.due_soon;
    let mut other = Store::open(&path).unwrap();
    other
        .set_settings(&[("due_soon_days", "3".into())], &as_actor("priya"))
        .unwrap();
    app.tick();
    app.settle();
    assert_eq!(app.ctx.settings.due_soon_days, 3);
    assert!(app.panes[0].counts.due_soon < soon_before);
}

#[test]
fn today_moves_on_at_midnight_unless_fixed() {
    let mut app = demo(120, 40);
    app.tick();
    app.settle();
    assert_eq!(app.ctx.today, ctx().today, "fixed with --today: it stays");
    app.follow_clock = true;
    app.tick();
    app.settle();
    assert_eq!(app.ctx.today, chrono::Local::now().date_naive());
    assert!(message(&app).contains("A new day"));
}

// ---------------------------------------------------------------- small things

#[test]
fn j_in_the_detail_stops_at_its_last_line() {
    let mut app = demo(120, 40);
    keys(&mut app, "2\n");
    draw(&app, 120, 40);
    keys(&mut app, &"J".repeat(200));
    let most = app.detail_scroll_max.get();
    assert_eq!(app.detail_scroll, most);
    let screen = draw(&app, 120, 40);
    assert!(
        screen.contains("History ("),
        "the end is on screen:\n{screen}"
    );
    keys(&mut app, "K");
    assert_eq!(app.detail_scroll, most.saturating_sub(3));
}

#[test]
fn ctrl_c_quits_but_asks_first_when_typing_would_be_lost() {
    let mut app = demo(120, 40);
    keys(&mut app, "e");
    keys(&mut app, "half-typed");
    send(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(matches!(app.mode, Mode::Confirm(_)), "asks first");
    keys(&mut app, "n");
    let Mode::Form(form) = &app.mode else {
        panic!("back to the form")
    };
    assert!(form.fields[form.focus].value().ends_with("half-typed"));
    assert!(app.running);
    send(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    keys(&mut app, "y");
    assert!(!app.running);

    let mut app = demo(120, 40);
    send(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(!app.running, "nothing typed: quits at once");
}

#[test]
fn the_footer_at_120_columns_keeps_import_delete_and_undo() {
    let app = demo(120, 40);
    let screen = draw(&app, 120, 40);
    let footer = screen.lines().last().unwrap();
    for key in [
        "? help", "q quit", "u undo", "i import", "d delete", "e edit",
    ] {
        assert!(footer.contains(key), "{key} missing: {footer}");
    }
}

#[test]
fn the_next_import_starts_in_the_folder_without_the_quotes() {
    let mut app = demo(120, 40);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letters");
    keys(&mut app, "i");
    app.handle_event(&ratatui::crossterm::event::Event::Paste(format!(
        "'{}/councillor-asks-bullets.txt'",
        dir.display()
    )));
    keys(&mut app, "\n\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    keys(&mut app, "i");
    let Mode::Import(prompt) = &app.mode else {
        panic!("no prompt")
    };
    assert_eq!(prompt.input.value(), format!("{}/", dir.display()));
}

#[test]
fn deleting_a_letter_names_its_asks_first_and_undo_brings_all_back() {
    let mut app = demo(120, 40);
    keys(&mut app, "2");
    select(&mut app, id("LET-5"));
    keys(&mut app, "d");
    let Mode::Confirm(c) = &app.mode else {
        panic!("no question")
    };
    assert!(
        c.question
            .contains("LET-5 has 2 asks (ASK-6, ASK-7) that would be deleted with it"),
        "{}",
        c.question
    );
    keys(&mut app, "y");
    assert!(app.store.get(id("ASK-6")).unwrap().deleted);
    assert!(message(&app).contains("with 2 asks"), "{:?}", app.message);
    keys(&mut app, "u");
    for back in ["LET-5", "ASK-6", "ASK-7"] {
        assert!(!app.store.get(id(back)).unwrap().deleted, "{back}");
    }
    assert_eq!(selected(&app), id("LET-5"));
}
