//! The whole picture: replies owed (statutory responses included), finished items, panes
//! described as data (the issue "The whole picture").

use oversight::domain::fields::{self, Value};
use oversight::domain::ids::{ItemId, Kind};
use oversight::store::Store;
use oversight::tui::app::{App, Mode};

mod dashboard_common;
use dashboard_common::*;

fn id(s: &str) -> ItemId {
    s.parse().unwrap()
}

fn message(app: &App) -> String {
    app.message.clone().map(|m| m.text).unwrap_or_default()
}

fn select(app: &mut App, target: ItemId) {
    keys(app, "g");
    for _ in 0..200 {
        if app.selected_id() == Some(target) {
            return;
        }
        keys(app, "j");
    }
    panic!("{target} is not in the focused pane");
}

#[test]
fn the_overdue_s55_response_is_on_the_first_screen_and_in_the_header() {
    let app = demo(120, 40);
    let screen = draw(&app, 120, 40);
    let line = screen
        .lines()
        .find(|l| l.contains("RPT-4 "))
        .unwrap_or_else(|| panic!("RPT-4 is not on the first screen:\n{screen}"));
    assert!(line.contains("s55 response"), "{line}");
    assert!(line.contains("HMICFRS"), "{line}");
    assert!(line.contains("d overdue"), "{line}");
    assert!(line.starts_with("│!"), "marked overdue: {line}");
    // The header counts it with the letters.
    let replies = &app.panes[1];
    assert_eq!(replies.spec.title, "Replies owed");
    assert!(screen.contains(&format!("Replies ! {} overdue", replies.counts.overdue)));
    assert!(replies.counts.overdue >= 3, "{:?}", replies.counts);
}

#[test]
fn a_report_row_records_its_response_and_says_whether_it_was_on_time() {
    let mut app = demo(120, 40);
    keys(&mut app, "2");
    select(&mut app, id("RPT-4"));
    // The response letter, dated today, after the last day.
    let spec = |n| fields::field(Kind::Letter, n).unwrap();
    let letter = app
        .store
        .create(
            Kind::Letter,
            &[
                (
                    spec("subject"),
                    Value::Text("Response to the VAWG inspection".into()),
                ),
                (spec("direction"), Value::Text("outgoing".into())),
                (spec("dated_on"), Value::Date(ctx().today)),
            ],
            &ctx(),
        )
        .unwrap()
        .item
        .id;
    keys(&mut app, "c");
    let Mode::Form(form) = &app.mode else {
        panic!("no form: {:?}", app.message)
    };
    assert!(form.title.starts_with("Response to RPT-4"));
    keys(&mut app, &format!("{letter}\n"));
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let said = message(&app);
    assert!(said.starts_with("RPT-4 is now responded"), "{said}");
    assert!(said.contains("LATE by 15 days"), "{said}");
    let report = app.store.get(id("RPT-4")).unwrap();
    assert_eq!(report.status(), Some("responded"));
    assert_eq!(report.get("response_letter_id").as_link(), Some(letter));
    assert_ne!(selected(&app), id("RPT-4"), "it is no longer owed");
}

#[test]
fn a_reports_last_day_set_by_hand_needs_a_reason() {
    let mut app = demo(120, 40);
    keys(&mut app, "2");
    select(&mut app, id("RPT-4"));
    keys(&mut app, "e");
    find_edit_field(&mut app, "Response due");
    clear_field(&mut app);
    keys(&mut app, "+14d\n");
    assert!(form_error(&app, "Reason").is_some(), "{:?}", app.mode);
    keys(&mut app, "Extension agreed with HMICFRS\n");
    assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
    let history = app.store.history(id("RPT-4")).unwrap();
    assert!(history.iter().any(
        |h| h.field == "due_on" && h.reason.as_deref() == Some("Extension agreed with HMICFRS")
    ));
    assert_eq!(selected(&app), id("RPT-4"), "still owed, still selected");
}

#[test]
fn f_shows_finished_items_marked_with_their_day_and_hides_them_again() {
    let mut app = demo(120, 40);
    let rec = selected(&app);
    keys(&mut app, "c");
    keys(&mut app, "Dip sample of 40 files\n");
    assert!(app.store.get(rec).unwrap().is_finished());
    assert!(!app.pane().rows.iter().any(|r| r.key.item == rec));
    keys(&mut app, "f");
    assert!(app.pane().filter.finished);
    let screen = draw(&app, 120, 40);
    let line = screen
        .lines()
        .find(|l| l.contains(&format!("{rec} ")))
        .unwrap_or_else(|| panic!("{rec} not shown:\n{screen}"));
    assert!(line.starts_with("│✓"), "{line}");
    assert!(line.contains("complete 23 Nov"), "{line}");
    assert!(screen.contains("· with finished"), "{screen}");
    // Its evidence is in the detail.
    select(&mut app, rec);
    keys(&mut app, "\n");
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("Dip sample of 40 files"), "{screen}");
    keys(&mut app, "\u{1b}f");
    assert!(!app.pane().filter.finished);
    assert!(!app.pane().rows.iter().any(|r| r.key.item == rec));
}

#[test]
fn panes_come_from_the_table_and_lay_out_however_many_there_are() {
    let app = demo(120, 40);
    let titles: Vec<&str> = app.panes.iter().map(|p| p.spec.title).collect();
    assert_eq!(titles, ["Recommendations", "Replies owed", "Board actions"]);
    let screen = app.screen();
    assert_eq!(screen.panes.len(), app.panes.len());
    let s = draw(&app, 120, 40);
    for p in &app.panes {
        assert!(s.contains(p.spec.title), "{}", p.spec.title);
    }
    // The number keys are the table's.
    let mut app = app;
    for p in oversight::tui::panes::PANES.iter().rev() {
        keys(&mut app, &p.key.to_string());
        assert_eq!(app.pane().spec.id, p.id);
    }
}

#[test]
fn an_empty_tracker_says_how_to_start_in_each_pane() {
    let app = app_on(Store::open_in_memory().unwrap(), 120, 40);
    let s = draw(&app, 120, 40);
    for p in oversight::tui::panes::PANES {
        let start: String = p.first_use.chars().take(20).collect();
        assert!(s.contains(&start), "{start}:\n{s}");
    }
}
