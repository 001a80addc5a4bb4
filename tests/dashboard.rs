//! The dashboard's state, driven by key and mouse events on a real store, and what it draws
//! (TestBackend + insta snapshots at fixed sizes and a fixed today).

use oversight::domain::fields::Field;
use std::path::Path;

use oversight::domain::fields::{self, Value};
use oversight::domain::ids::{ItemId, Kind};
use oversight::store::{Count, ListQuery, Store};
use oversight::tui::app::{App, Mode};
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};

mod dashboard_common;
use dashboard_common::*;

/// History lines carry the real time of the change; snapshots must not.
fn snapshot(name: &str, screen: &str) {
    insta::with_settings!({filters => vec![(r"\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d [A-Z]{3}", "[time]               ")]}, {
        insta::assert_snapshot!(name, screen);
    });
}

fn open_recs_in_order(store: &Store) -> Vec<ItemId> {
    let q = ListQuery {
        open_only: true,
        ..ListQuery::default()
    };
    store
        .list(Kind::Recommendation, &q, ctx().today)
        .unwrap()
        .into_iter()
        .map(|l| l.item.id)
        .collect()
}

// ---------------------------------------------------------------- focus, selection, modes

#[test]
fn tab_number_keys_and_shift_tab_move_focus() {
    let mut app = demo(120, 40);
    assert_eq!(app.focus, 0);
    keys(&mut app, "\t");
    assert_eq!(app.focus, 1);
    assert_eq!(app.pane().spec.id, "replies");
    keys(&mut app, "3");
    assert_eq!(app.focus, 2);
    send(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.focus, 1);
    keys(&mut app, "1");
    assert_eq!(app.focus, 0);
}

#[test]
fn rows_come_most_overdue_first_and_j_k_g_g_move_through_them() {
    let mut app = demo(120, 40);
    let order = open_recs_in_order(&app.store);
    assert_eq!(selected(&app), order[0]);
    keys(&mut app, "jj");
    assert_eq!(selected(&app), order[2]);
    keys(&mut app, "k");
    assert_eq!(selected(&app), order[1]);
    keys(&mut app, "G");
    assert_eq!(selected(&app), *order.last().unwrap());
    send(&mut app, KeyCode::Home, KeyModifiers::NONE);
    assert_eq!(selected(&app), order[0]);
    // The first row is the most overdue.
    let first = app.store.get(order[0]).unwrap();
    let most = order
        .iter()
        .map(|id| app.store.get(*id).unwrap().days_overdue(ctx().today))
        .max()
        .unwrap();
    assert_eq!(first.days_overdue(ctx().today), most);
}

#[test]
fn a_long_list_is_read_in_windows_the_size_of_the_screen() {
    let mut store = Store::open_in_memory().unwrap();
    let c = ctx();
    let spec = |k, n| fields::field(k, n).unwrap();
    let report = store
        .create(
            Kind::Report,
            &[(spec(Kind::Report, "title"), Value::Text("Big".into()))],
            &c,
        )
        .unwrap()
        .item
        .id;
    store
        .batch(&c, "many", |b| {
            for i in 0..300 {
                b.create(
                    Kind::Recommendation,
                    &[
                        (spec(Kind::Recommendation, "report_id"), Value::Link(report)),
                        (
                            spec(Kind::Recommendation, "text"),
                            Value::Text(format!("Recommendation {i}")),
                        ),
                        (
                            spec(Kind::Recommendation, "due_on"),
                            Value::Date(c.today + chrono::Duration::days((i * 7919) % 400 - 100)),
                        ),
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let order = open_recs_in_order(&store);
    let mut app = app_on(store, 80, 24);
    let height = app.pane().height;
    assert!(height < 20, "the window is the screen, not the table");
    for _ in 0..150 {
        keys(&mut app, "j");
    }
    assert_eq!(selected(&app), order[150]);
    assert_eq!(app.pane().position(), Some(150));
    assert!(app.pane().rows.len() <= height);
    send(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(selected(&app), order[150 + height]);
    send(&mut app, KeyCode::PageUp, KeyModifiers::NONE);
    send(&mut app, KeyCode::PageUp, KeyModifiers::NONE);
    assert_eq!(selected(&app), order[150 - height]);
    keys(&mut app, "G");
    assert_eq!(selected(&app), order[299]);
    assert_eq!(app.pane().position(), Some(299));
    for _ in 0..5 {
        keys(&mut app, "k");
    }
    assert_eq!(selected(&app), order[294]);
    keys(&mut app, "g");
    assert_eq!(selected(&app), order[0]);
    assert_eq!(total(&app), 300);
}

#[test]
fn typing_a_filter_narrows_the_pane_by_every_word_and_esc_clears_it() {
    let mut app = demo(120, 40);
    let all = total(&app);
    keys(&mut app, "/");
    assert!(matches!(app.mode, Mode::Filter(_)));
    keys(&mut app, "FORCE should");
    let narrowed = total(&app);
    assert!(narrowed > 0 && narrowed < all, "{narrowed} of {all}");
    for row in &app.pane().rows {
        let text = row.listed.item.headline().to_lowercase();
        assert!(text.contains("force") && text.contains("should"), "{text}");
    }
    keys(&mut app, " zzzz");
    assert_eq!(total(&app), 0);
    assert!(draw(&app, 120, 40).contains("Nothing here matches"));
    keys(&mut app, "\u{1b}");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(total(&app), all);
}

#[test]
fn enter_keeps_the_filter_and_esc_later_clears_it_after_closing_the_detail() {
    let mut app = demo(120, 40);
    keys(&mut app, "/vawg\n");
    assert!(matches!(app.mode, Mode::Normal));
    let narrowed = total(&app);
    keys(&mut app, "\n");
    assert!(app.detail_open);
    keys(&mut app, "\u{1b}");
    assert!(!app.detail_open, "Esc closes the detail first");
    assert_eq!(total(&app), narrowed);
    keys(&mut app, "\u{1b}");
    assert!(app.pane().filter_text.is_empty());
    assert!(app.running);
    keys(&mut app, "q");
    assert!(!app.running);
}

#[test]
fn o_shows_only_overdue_rows_and_s_cycles_the_order() {
    let mut app = demo(120, 40);
    keys(&mut app, "o");
    assert!(total(&app) > 0);
    for row in &app.pane().rows {
        assert!(row.listed.item.days_overdue(ctx().today) > 0);
    }
    keys(&mut app, "o");
    let before = app
        .pane()
        .rows
        .iter()
        .map(|r| r.key.item.num)
        .collect::<Vec<_>>();
    keys(&mut app, "S");
    let by_owner: Vec<String> = app
        .pane()
        .rows
        .iter()
        .map(|r| r.listed.item.owner().unwrap_or("~").to_lowercase())
        .collect();
    let mut sorted = by_owner.clone();
    sorted.sort();
    assert_eq!(by_owner, sorted);
    keys(&mut app, "SS");
    let after = app
        .pane()
        .rows
        .iter()
        .map(|r| r.key.item.num)
        .collect::<Vec<_>>();
    assert_eq!(
        before, after,
        "three presses come back to the due-date order"
    );
}

#[test]
fn help_lists_the_bindings_and_esc_closes_it() {
    let mut app = demo(120, 40);
    keys(&mut app, "?");
    let screen = draw(&app, 120, 40);
    for b in oversight::tui::keymap::BINDINGS
        .iter()
        .filter(|b| b.scope == oversight::tui::keymap::Scope::Normal)
        .take(20)
    {
        assert!(screen.contains(b.help), "help lacks {:?}", b.help);
    }
    keys(&mut app, "\u{1b}");
    assert!(matches!(app.mode, Mode::Normal));
}

// ---------------------------------------------------------------- changes

#[test]
fn an_invalid_due_date_is_shown_beside_the_field_and_nothing_is_written() {
    let mut app = demo(120, 40);
    let id = selected(&app);
    let before = app.store.get(id).unwrap();
    keys(&mut app, "e");
    find_edit_field(&mut app, "Due");
    clear_field(&mut app);
    keys(&mut app, "31/02/2027");
    assert!(
        form_error(&app, "Due").is_some(),
        "the error shows as typed"
    );
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("✗"), "{screen}");
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Form(_)), "the form stays open");
    assert_eq!(app.store.get(id).unwrap(), before, "nothing written");
    // A good date, but a revised due date needs a reason: the store says so, inline.
    clear_field(&mut app);
    keys(&mut app, "+3w\n");
    assert!(form_error(&app, "Reason").is_some());
    assert_eq!(app.store.get(id).unwrap(), before);
    find_edit_field(&mut app, "Reason");
    keys(&mut app, "Awaiting IT change\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let after = app.store.get(id).unwrap();
    assert_eq!(
        after.due_on(),
        Some(ctx().today + chrono::Duration::weeks(3))
    );
    let history = app.store.history(id).unwrap();
    assert!(history.iter().any(
        |h| h.touched.stored() == "due_on" && h.reason.as_deref() == Some("Awaiting IT change")
    ));
}

#[test]
fn esc_cancels_an_edit_and_writes_nothing() {
    let mut app = demo(120, 40);
    let id = selected(&app);
    let before = app.store.get(id).unwrap();
    keys(&mut app, "e");
    find_edit_field(&mut app, "Owner");
    keys(&mut app, " and deputy\u{1b}");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(app.store.get(id).unwrap(), before);
}

#[test]
fn completing_asks_for_evidence_then_the_store_and_history_have_it() {
    let mut app = demo(120, 40);
    let id = selected(&app);
    keys(&mut app, "c");
    // Evidence is required for a recommendation: Enter alone saves nothing.
    let Mode::Form(form) = &mut app.mode else {
        panic!("no form")
    };
    form.focus = 0;
    send(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "\n");
    assert!(form_error(&app, "Evidence").is_some());
    keys(
        &mut app,
        "Audit of 50 cases, all reviewed within 24 hours\n",
    );
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let item = app.store.get(id).unwrap();
    assert_eq!(item.status(), Some("complete"));
    assert_eq!(item.date(Field::CompletedOn), Some(ctx().today));
    let history = app.store.history(id).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.touched.stored() == "status" && h.new.as_deref() == Some("complete"))
    );
    assert_ne!(
        app.selected_id(),
        Some(id),
        "a completed item leaves the open pane"
    );
}

#[test]
fn s_picks_a_status_from_the_closed_list() {
    let mut app = demo(120, 40);
    keys(&mut app, "3");
    let id = selected(&app);
    keys(&mut app, "s");
    let Mode::Picker(p) = &app.mode else {
        panic!("no picker")
    };
    let target = p
        .choices
        .iter()
        .position(|(w, _)| *w == "in_progress")
        .unwrap();
    let from = p.cursor;
    let moves = if target >= from {
        "j".repeat(target - from)
    } else {
        "k".repeat(from - target)
    };
    keys(&mut app, &moves);
    keys(&mut app, "\n");
    assert_eq!(app.store.get(id).unwrap().status(), Some("in_progress"));
}

#[test]
fn notes_chases_adds_deletes_undo_and_redo_go_through_the_store() {
    let mut app = demo(120, 40);
    let id = selected(&app);
    keys(
        &mut app,
        "nPhoned the owner, evidence promised for Friday\n",
    );
    let notes = app.store.notes(id).unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.text(Field::Text) == Some("Phoned the owner, evidence promised for Friday"))
    );
    keys(&mut app, "C\n");
    let chases = app
        .store
        .notes(id)
        .unwrap()
        .into_iter()
        .filter(|n| n.text(Field::Kind) == Some("chase"))
        .count();
    assert!(chases >= 1);

    // Add a board action: the board comes from the selected action.
    keys(&mut app, "3a");
    let Mode::Form(form) = &mut app.mode else {
        panic!("no form")
    };
    form.focus = 2;
    keys(
        &mut app,
        "Publish the dip-sample results\tHead of Public Protection\tsometime\n",
    );
    assert!(
        form_error(&app, "Due").is_some(),
        "'sometime' is not a date form"
    );
    clear_field(&mut app);
    keys(&mut app, "+10d\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let msg = app.message.clone().unwrap().text;
    assert!(msg.starts_with("Added ACT-"), "{msg}");
    let added: ItemId = msg["Added ".len()..msg.len() - 1].parse().unwrap();
    assert_eq!(
        app.store.get(added).unwrap().text(Field::Text),
        Some("Publish the dip-sample results")
    );
    assert_eq!(selected(&app), added, "the new action is selected");

    // Delete asks first; n keeps it, y deletes; u brings it back; Ctrl-r deletes again.
    let target = selected(&app);
    keys(&mut app, "dn");
    assert!(!app.store.get(target).unwrap().deleted);
    keys(&mut app, "dy");
    assert!(app.store.get(target).unwrap().deleted);
    keys(&mut app, "u");
    assert!(!app.store.get(target).unwrap().deleted);
    send(&mut app, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert!(app.store.get(target).unwrap().deleted);
}

// ---------------------------------------------------------------- two windows

#[test]
fn another_process_commit_shows_at_the_next_tick_keeping_selection_and_typing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_demo(dir.path());
    let mut app = app_on(store, 120, 40);
    keys(&mut app, "jj");
    let chosen = selected(&app);
    keys(&mut app, "n");
    keys(&mut app, "half-typed");

    let mut other = Store::open(&path).unwrap();
    let spec = |n| fields::field(Kind::Recommendation, n).unwrap();
    let report = other.get(chosen).unwrap().get(Field::ReportId).clone();
    other
        .create(
            Kind::Recommendation,
            &[
                (spec("report_id"), report),
                (spec("text"), Value::Text("Added from the CLI".into())),
                (
                    spec("due_on"),
                    Value::Date(ctx().today - chrono::Duration::days(400)),
                ),
            ],
            &ctx(),
        )
        .unwrap();
    let before = total(&app);
    app.tick();
    app.settle();
    assert_eq!(total(&app), before + 1, "the new row is counted");
    assert_eq!(selected(&app), chosen, "the selection stays");
    let Mode::Form(form) = &app.mode else {
        panic!("the form was lost")
    };
    assert_eq!(form.fields[0].value(), "half-typed");
}

#[test]
fn saving_over_a_newer_change_is_refused_with_the_newer_value_then_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_demo(dir.path());
    let mut app = app_on(store, 120, 40);
    let id = selected(&app);
    keys(&mut app, "e");
    find_edit_field(&mut app, "Ref");
    clear_field(&mut app);
    keys(&mut app, "R9");

    let mut other = Store::open(&path).unwrap();
    let owner = fields::field(Kind::Recommendation, "owner").unwrap();
    other
        .update(
            id,
            None,
            &[(owner, Value::Text("Someone Else".into()))],
            None,
            &ctx(),
        )
        .unwrap();
    app.tick();
    app.settle();
    keys(&mut app, "\n");
    let Mode::Form(form) = &app.mode else {
        panic!("the form closed")
    };
    let err = form.error.clone().unwrap();
    assert!(err.contains("changed elsewhere"), "{err}");
    assert!(err.contains("Someone Else"), "shows the newer value: {err}");
    assert_eq!(
        app.store.get(id).unwrap().text(Field::Ref),
        Some("R1"),
        "nothing saved"
    );
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("changed elsewhere"));
    // Enter again saves knowingly; the other change (owner) is kept.
    keys(&mut app, "\n");
    let item = app.store.get(id).unwrap();
    assert_eq!(item.text(Field::Ref), Some("R9"));
    assert_eq!(item.text(Field::Owner), Some("Someone Else"));
}

// ---------------------------------------------------------------- mouse, screen

#[test]
fn a_click_selects_a_row_and_the_wheel_scrolls() {
    let mut app = demo(120, 40);
    let letters = app.screen().panes[1];
    let order: Vec<i64> = app.panes[1].rows.iter().map(|r| r.key.item.num).collect();
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
        column: letters.x + 5,
        row: letters.y + 3,
        modifiers: KeyModifiers::NONE,
    }));
    app.settle();
    assert_eq!(app.focus, 1);
    assert_eq!(selected(&app).num, order[1]);
    let recs = app.screen().panes[0];
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: recs.x + 5,
        row: recs.y + 3,
        modifiers: KeyModifiers::NONE,
    }));
    app.settle();
    assert_eq!(app.focus, 0);
    assert_eq!(app.pane().position(), Some(3));
}

#[test]
fn resizing_reflows_and_a_tiny_terminal_says_it_is_too_small() {
    let mut app = demo(120, 40);
    keys(&mut app, "jjjj");
    let chosen = selected(&app);
    app.handle_event(&Event::Resize(20, 5));
    let screen = draw(&app, 20, 5);
    assert!(screen.contains("too small"), "{screen}");
    app.handle_event(&Event::Resize(80, 24));
    assert_eq!(selected(&app), chosen, "the selection survives the resize");
    assert!(app.pane().rows.len() <= app.pane().height);
    let screen = draw(&app, 80, 24);
    assert!(screen.contains(&chosen.to_string()));
}

#[test]
fn hostile_text_is_drawn_as_visible_markers() {
    let mut store = Store::open_in_memory().unwrap();
    let c = ctx();
    let spec = |n| fields::field(Kind::Letter, n).unwrap();
    store
        .create(
            Kind::Letter,
            &[
                (
                    spec("subject"),
                    Value::Text("Hi\u{1b}]0;pwned\u{7}\u{1b}[2J \u{202e}evil".into()),
                ),
                (spec("sender"), Value::Text("Mallory\u{1b}[31m".into())),
                (spec("received_on"), Value::Date(c.today)),
            ],
            &c,
        )
        .unwrap();
    let mut app = app_on(store, 120, 40);
    keys(&mut app, "2\n");
    let screen = draw(&app, 120, 40);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "{screen}"
    );
    assert!(screen.contains('␛'), "{screen}");
    assert!(screen.contains("<U+202E>"), "{screen}");
}

#[test]
fn an_empty_database_says_how_to_start() {
    let app = app_on(Store::open_in_memory().unwrap(), 80, 24);
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("oversight demo"), "{screen}");
    assert!(screen.contains("press a"), "{screen}");
}

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshot_80x24() {
    let app = demo(80, 24);
    snapshot("demo_80x24", &draw(&app, 80, 24));
}

#[test]
fn snapshot_120x40_with_detail() {
    let mut app = demo(120, 40);
    keys(&mut app, "2\n");
    snapshot("demo_120x40_letter_detail", &draw(&app, 120, 40));
}

#[test]
fn snapshot_120x40() {
    let app = demo(120, 40);
    snapshot("demo_120x40", &draw(&app, 120, 40));
}

#[test]
fn snapshot_20x5() {
    let app = demo(20, 5);
    snapshot("demo_20x5", &draw(&app, 20, 5));
}

#[test]
fn snapshot_edit_form_with_an_error() {
    let mut app = demo(80, 24);
    keys(&mut app, "e");
    find_edit_field(&mut app, "Due");
    clear_field(&mut app);
    keys(&mut app, "next week");
    snapshot("edit_form_error_80x24", &draw(&app, 80, 24));
}

#[test]
fn snapshot_help_80x24() {
    let mut app = demo(80, 24);
    keys(&mut app, "?");
    snapshot("help_80x24", &draw(&app, 80, 24));
}

#[test]
fn with_a_filter_delay_the_pane_is_re_read_once_typing_pauses() {
    let mut app = demo(120, 40);
    app.filter_delay = std::time::Duration::from_millis(30);
    let all = total(&app);
    keys(&mut app, "/pursuit");
    assert_eq!(
        app.pane().filter_text,
        "pursuit",
        "what was typed shows at once"
    );
    assert_eq!(total(&app), all, "the query waits for the pause");
    std::thread::sleep(std::time::Duration::from_millis(40));
    app.idle();
    assert_eq!(total(&app), 1);
    // Enter applies a filter still waiting.
    keys(&mut app, "\u{1b}/vawg\n");
    assert!(total(&app) >= 1 && total(&app) < all);
}

/// A filter most rows match (more than 20,000 here) is not counted to the end: the title
/// says "1000+", and a position past where counting stopped is not made up.
#[test]
fn a_broad_filter_shows_a_floor_for_its_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.sqlite");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO report (title, source, status) VALUES ('R', 'hmicfrs', 'awaiting_response');
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20050)
             INSERT INTO recommendation (report_id, kind, text, owner, status)
             SELECT 1, 'recommendation', 'Case ' || i || ' of victims', 'Owner', 'in_progress' FROM n;",
        )
        .unwrap();
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    keys(&mut app, "/victims\n");
    assert_eq!(app.pane().total, Count::AtLeast(1000));
    assert!(draw(&app, 120, 40).contains("1/1000+"));
    keys(&mut app, "G");
    assert_eq!(app.pane().position(), None);
    assert!(draw(&app, 120, 40).contains("1000+ matches"));
    // Back at the top, positions are known again; a rare word is counted exactly.
    keys(&mut app, "g");
    assert_eq!(app.pane().position(), Some(0));
    keys(&mut app, "/\u{1b}/case 20049\n");
    assert_eq!(app.pane().total, Count::Exact(1));
    assert!(draw(&app, 120, 40).contains("1/1"));
}

fn fixture_letters() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letters")
}

fn letter_count(app: &App) -> usize {
    app.store
        .list(Kind::Letter, &ListQuery::default(), ctx().today)
        .unwrap()
        .len()
}

/// `i`, a path typed with Tab completion, Enter: the letter is stored, selected in the
/// letters pane, and the detail shows its asks.
#[test]
fn importing_a_letter_selects_it_with_its_asks_in_the_detail() {
    let mut app = demo(120, 40);
    app.cwd = fixture_letters();
    let before = letter_count(&app);
    keys(&mut app, "i");
    assert!(matches!(app.mode, Mode::Import(_)));
    keys(&mut app, "counc\t");
    let Mode::Import(p) = &app.mode else {
        panic!("the prompt stays open after Tab");
    };
    assert_eq!(p.input.value(), "councillor-asks-bullets.txt");
    keys(&mut app, "\n");
    // The preview: what was read, nothing written yet; Enter stores it.
    assert!(matches!(app.mode, Mode::Form(_)), "{:?}", app.message);
    assert_eq!(letter_count(&app), before);
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(letter_count(&app), before + 1);
    assert_eq!(app.focus, 1, "the letters pane is focused");
    let id = selected(&app);
    assert_eq!(id.kind, Kind::Letter);
    assert!(app.detail_open);
    let detail = app.detail.as_ref().expect("the detail is loaded");
    assert_eq!(detail.item.id, id);
    let asks = detail
        .children
        .iter()
        .find(|(k, _)| *k == Kind::Ask)
        .map(|(_, v)| v.len());
    assert_eq!(asks, Some(3));
    let message = app.message.clone().unwrap();
    assert!(!message.error, "{message:?}");
    assert!(
        message.text.starts_with(&format!("Imported {id}")),
        "{message:?}"
    );
    assert!(draw(&app, 120, 40).contains("Asks (3)"));

    // One change: u takes the whole import back.
    keys(&mut app, "u");
    assert_eq!(letter_count(&app), before);

    // Imported again after the undo, then a second time: recognised, not duplicated.
    keys(&mut app, "icouncillor-asks-bullets.txt\n\n");
    keys(&mut app, "icouncillor-asks-bullets.txt\n");
    // The preview says it is stored already.
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("already stored as LET-"), "{screen}");
    keys(&mut app, "\n");
    assert_eq!(letter_count(&app), before + 1);
    let message = app.message.clone().unwrap();
    assert!(message.text.contains("Already stored as"), "{message:?}");
}

/// The import preview: every field read, weak readings marked with how they were read;
/// Esc writes nothing; a field corrected in place is stored as corrected.
#[test]
fn the_import_preview_shows_what_was_read_and_stores_corrections() {
    let mut app = demo(120, 40);
    app.cwd = fixture_letters();
    let before = letter_count(&app);
    keys(&mut app, "icouncillor-asks-bullets.txt\n");
    let Mode::Form(form) = &app.mode else {
        panic!("no preview: {:?}", app.message)
    };
    let labels: Vec<&str> = form.fields.iter().map(|f| f.label.as_str()).collect();
    for want in ["Dated", "Reference", "From", "Subject", "Direction"] {
        assert!(
            labels.iter().any(|l| l.trim_end_matches(" ?") == want),
            "{want} missing: {labels:?}"
        );
    }
    // A reading in doubt is marked, with how it was read.
    for f in &form.fields {
        if f.doubt.is_some() {
            assert!(f.label.ends_with(" ?"), "{}", f.label);
            assert!(
                f.hint.as_deref().unwrap_or("").starts_with("? "),
                "{:?}",
                f.hint
            );
        }
    }
    // Esc: nothing written.
    keys(&mut app, "\u{1b}");
    assert!(matches!(app.mode, Mode::Normal));
    assert_eq!(letter_count(&app), before);

    // Again, correcting the subject and the date.
    keys(&mut app, "icouncillor-asks-bullets.txt\n");
    let subject = {
        let Mode::Form(form) = &app.mode else {
            panic!()
        };
        form.fields
            .iter()
            .find(|f| f.label.trim_end_matches(" ?") == "Subject")
            .unwrap()
            .label
            .clone()
    };
    find_edit_field(&mut app, &subject);
    clear_field(&mut app);
    keys(&mut app, "Knife crime answers for the committee");
    let dated = {
        let Mode::Form(form) = &app.mode else {
            panic!()
        };
        form.fields
            .iter()
            .find(|f| f.label.trim_end_matches(" ?") == "Dated")
            .unwrap()
            .label
            .clone()
    };
    find_edit_field(&mut app, &dated);
    clear_field(&mut app);
    keys(&mut app, "not a date");
    // A wrong value is said beside the field and nothing is stored.
    assert!(form_error(&app, &dated).is_some());
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Form(_)));
    assert_eq!(letter_count(&app), before);
    clear_field(&mut app);
    keys(&mut app, "2026-11-02");
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    assert_eq!(letter_count(&app), before + 1);
    let id = selected(&app);
    let letter = app.store.get(id).unwrap();
    assert_eq!(
        letter.text(Field::Subject),
        Some("Knife crime answers for the committee")
    );
    assert_eq!(
        letter.date(Field::DatedOn),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
    );
}

/// A letter that needs no reply (an outgoing response) is in no pane: the detail shows it
/// on its own until the selection moves.
#[test]
fn an_imported_letter_that_needs_no_reply_is_shown_in_the_detail() {
    let mut app = demo(120, 40);
    app.cwd = fixture_letters();
    keys(&mut app, "ipeel-response-late.txt\n\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let pinned = app
        .detail_pinned
        .expect("the letter is pinned in the detail");
    assert_eq!(pinned.kind, Kind::Letter);
    assert_eq!(app.detail.as_ref().unwrap().item.id, pinned);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("needs no reply")
    );
    assert!(draw(&app, 120, 40).contains("in no pane"));
    keys(&mut app, "j");
    assert_eq!(app.detail_pinned, None);
    assert_eq!(app.detail.as_ref().unwrap().item.id, selected(&app));
}

/// A file that is not a letter: the reason in the prompt, which stays open; nothing written.
#[test]
fn a_file_that_is_not_a_letter_is_refused_in_the_prompt() {
    let mut app = demo(120, 40);
    app.cwd = fixture_letters();
    let everything = |app: &App| {
        [Kind::Report, Kind::Recommendation, Kind::Letter, Kind::Ask].map(|k| {
            app.store
                .list(k, &ListQuery::default(), ctx().today)
                .unwrap()
                .len()
        })
    };
    let before = everything(&app);
    for (typed, why) in [
        ("binary.txt", "binary data"),
        ("empty.txt", "empty"),
        ("no-such-file.txt", "cannot read it"),
        (".", "it is a folder"),
        ("", "type the path"),
    ] {
        keys(&mut app, "i");
        keys(&mut app, typed);
        keys(&mut app, "\n");
        let Mode::Import(p) = &app.mode else {
            panic!("{typed}: the prompt stays open");
        };
        let error = p.error.clone().unwrap_or_default();
        assert!(error.contains(why), "{typed}: {error}");
        keys(&mut app, "\u{1b}");
        assert!(matches!(app.mode, Mode::Normal));
    }
    assert_eq!(everything(&app), before, "nothing was written");
}

/// A filter that would hide the imported letter is cleared so the letter can be selected.
#[test]
fn importing_clears_a_filter_that_would_hide_the_letter() {
    let mut app = demo(120, 40);
    app.cwd = fixture_letters();
    keys(&mut app, "2/zzzz\n");
    assert_eq!(total(&app), 0);
    keys(&mut app, "icouncillor-asks-bullets.txt\n\n");
    assert_eq!(app.pane().filter_text, "");
    assert_eq!(selected(&app).kind, Kind::Letter);
    assert!(total(&app) > 1);
}

/// The prompt with names offered by Tab and a reason it could not import.
#[test]
fn snapshot_import_prompt_offering_names() {
    let mut app = demo(100, 30);
    app.cwd = fixture_letters();
    keys(&mut app, "ip\t");
    let mut settings = insta::Settings::clone_current();
    // The folder differs between machines, and so does the padding after it.
    settings.add_filter(r"from /.*?:\s+│", "from [folder]: │");
    settings.bind(|| insta::assert_snapshot!("import_prompt_100x30", draw(&app, 100, 30)));
}

/// A letter holding escape sequences and bidi overrides is stored as written, and the
/// screen shows them as visible markers.
#[test]
fn an_imported_hostile_letter_reaches_the_screen_only_through_the_sanitiser() {
    let mut app = demo(120, 40);
    app.cwd = fixture_letters();
    keys(&mut app, "ihostile-escapes.txt\n");
    // The preview shows what was read through the sanitiser too.
    assert!(matches!(app.mode, Mode::Form(_)), "{:?}", app.mode);
    let preview = draw(&app, 120, 40);
    assert!(
        !preview.contains('\u{1b}') && !preview.contains('\u{202e}'),
        "{preview}"
    );
    keys(&mut app, "\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.mode);
    let id = app.detail.as_ref().expect("the detail is open").item.id;
    let body = app
        .store
        .get(id)
        .unwrap()
        .text(Field::Body)
        .unwrap()
        .to_string();
    assert!(body.contains('\u{1b}'), "stored as written");
    let screen = draw(&app, 120, 40);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{202e}'),
        "{screen}"
    );
    assert!(screen.contains('␛'), "{screen}");
}

/// A deletion confirmed after someone else changed what it would do is refused as
/// "changed" (not a generic refusal): nothing is deleted, and the dashboard re-reads what
/// it shows at once, so the analyst sees the new state before trying again.
#[test]
fn a_deletion_whose_effects_changed_meanwhile_is_refused_and_the_panes_re_read() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_demo(dir.path());
    let mut app = app_on(store, 120, 40);
    let rec = selected(&app);
    assert_eq!(rec.kind, Kind::Recommendation);
    let header = |app: &App| {
        draw(app, 120, 40)
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_string()
    };
    let before = header(&app);
    keys(&mut app, "d");
    assert!(matches!(app.mode, Mode::Confirm(_)), "asks first");

    // Meanwhile, from elsewhere: an overdue board action on that recommendation, whose link
    // the deletion would now clear.
    let mut other = Store::open(&path).unwrap();
    let typed = |n: &str, v: &str| {
        let spec = fields::field(Kind::Action, n).unwrap();
        (spec, spec.parse(v, ctx().today).unwrap())
    };
    other
        .create(
            Kind::Action,
            &[
                typed("board_id", "BRD-1"),
                typed("text", "Raised elsewhere"),
                typed("owner", "Someone"),
                typed("due_on", "2026-11-20"),
                typed("recommendation_id", &rec.to_string()),
            ],
            &ctx(),
        )
        .unwrap();

    keys(&mut app, "y");
    app.settle();
    assert!(!app.store.get(rec).unwrap().deleted, "nothing deleted");
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("no longer what you were shown"), "{said}");
    let after = header(&app);
    assert_ne!(after, before);
    assert!(
        after.contains("Actions ! 3 overdue"),
        "the counts were re-read: {after}"
    );
}

/// The selection follows the item, not the row: sorting another way (and showing finished
/// items too) keeps it selected wherever it now is.
#[test]
fn sorting_keeps_the_selected_item_selected() {
    let mut app = demo(120, 40);
    keys(&mut app, "jjj");
    let chosen = selected(&app);
    for _ in 0..3 {
        keys(&mut app, "S");
        assert_eq!(selected(&app), chosen, "{:?}", app.pane().filter.sort);
    }
    keys(&mut app, "f");
    assert_eq!(selected(&app), chosen);
    keys(&mut app, "f");
    assert_eq!(selected(&app), chosen);
}

/// An edit that writes nothing (the same day typed another way) says so, and leaves the
/// item's version as it was.
#[test]
fn an_edit_to_the_values_it_has_says_nothing_changed() {
    let mut app = demo(120, 40);
    let id = selected(&app);
    let before = app.store.get(id).unwrap();
    let due = before.due_on().unwrap().format("%-d %b %Y").to_string();
    keys(&mut app, "e");
    find_edit_field(&mut app, "Due");
    clear_field(&mut app);
    keys(&mut app, &due);
    keys(&mut app, "\n");
    let said = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(said, "Nothing changed.");
    assert_eq!(app.store.get(id).unwrap().version, before.version);
}
