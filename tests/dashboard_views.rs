//! The whole picture: replies owed (statutory responses included), finished items, panes
//! described as data (the issue "The whole picture").

use oversight::domain::fields::Field;
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
    assert_eq!(report.get(Field::ResponseLetterId).as_link(), Some(letter));
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
    assert!(history.iter().any(|h| h.touched.stored() == "due_on"
        && h.reason.as_deref() == Some("Extension agreed with HMICFRS")));
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
    assert!(line.contains("done 23 Nov"), "{line}");
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

// ---------------------------------------------------------------- the views

use oversight::tui::views::View;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn f_key(app: &mut App, n: u8) {
    send(app, KeyCode::F(n), KeyModifiers::NONE);
}

/// History lines carry the real time of the change; snapshots must not.
fn snapshot(name: &str, screen: &str) {
    insta::with_settings!({filters => vec![
        (r"\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d [A-Z]{3,4}", "[time]"),
    ]}, {
        insta::assert_snapshot!(name, screen);
    });
}

#[test]
fn reports_show_response_and_progress_and_the_selected_reports_recommendations() {
    let mut app = demo(120, 40);
    f_key(&mut app, 2);
    assert_eq!(app.view, View::Reports);
    let screen = draw(&app, 120, 40);
    let line = screen.lines().find(|l| l.contains("RPT-4 ")).unwrap();
    assert!(line.contains("owed, 15d late"), "{line}");
    assert!(line.contains("1/3 done, 1 late"), "{line}");
    let line = screen.lines().find(|l| l.contains("RPT-2 ")).unwrap();
    assert!(line.contains("sent, on time"), "{line}");
    // Below: the selected report's recommendations, finished ones too.
    select(&mut app, id("RPT-4"));
    let recs: Vec<ItemId> = app.panes[1].rows.iter().map(|r| r.key.item).collect();
    assert_eq!(recs.len(), 3, "{recs:?}");
    for r in &recs {
        let report = app.store.get(*r).unwrap().get(Field::ReportId).as_link();
        assert_eq!(report, Some(id("RPT-4")));
    }
    assert!(app.panes[1].title().starts_with("RPT-4"));
    // Tab into them; complete one with the same keys as anywhere.
    keys(&mut app, "\t");
    let open = app.panes[1]
        .rows
        .iter()
        .find(|r| !r.listed.item.is_finished())
        .unwrap()
        .key
        .item;
    select(&mut app, open);
    keys(&mut app, "cAction plan published on the MPS website\n");
    assert!(
        app.store.get(open).unwrap().is_finished(),
        "{:?}",
        app.message
    );
    assert!(
        app.panes[1].rows.iter().any(|r| r.key.item == open),
        "finished ones stay listed here"
    );
    // Back on the dashboard it has left the open list; f shows it, with its evidence.
    f_key(&mut app, 1);
    assert_eq!(app.view, View::Dashboard);
    assert!(!app.panes[0].rows.iter().any(|r| r.key.item == open));
    keys(&mut app, "1f");
    select(&mut app, open);
    keys(&mut app, "\n");
    let screen = draw(&app, 120, 40);
    assert!(
        screen.contains("Action plan published on the MPS website"),
        "{screen}"
    );
}

#[test]
fn owners_list_people_with_their_counts_and_show_their_items() {
    let mut app = demo(120, 40);
    f_key(&mut app, 3);
    assert_eq!(app.view, View::Owners);
    assert!(app.owners.focused);
    let screen = draw(&app, 120, 40);
    let line = screen
        .lines()
        .find(|l| l.contains("Public Protection Commander"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("REC-11, 20d"), "{line}");
    assert!(line.contains("6d ago"), "last chased: {line}");
    // Moving to a person shows their items across kinds below.
    for _ in 0..100 {
        if app.owners.selected().and_then(|o| o.name.as_deref()) == Some("VAWG policy lead") {
            break;
        }
        keys(&mut app, "j");
    }
    assert_eq!(
        app.owners
            .selected()
            .and_then(|o| o.name.clone())
            .as_deref(),
        Some("VAWG policy lead"),
        "found by moving down the list, read a screen at a time"
    );
    let theirs: Vec<ItemId> = app
        .panes
        .iter()
        .flat_map(|p| p.rows.iter().map(|r| r.key.item))
        .collect();
    assert!(
        theirs.contains(&id("REC-12")) && theirs.contains(&id("ACT-5")),
        "{theirs:?}"
    );
    for item in &theirs {
        let owner = app.store.get(*item).unwrap().owner().map(str::to_string);
        assert_eq!(owner.as_deref(), Some("VAWG policy lead"), "{item}");
    }
    // Item keys wait for an item; Enter moves into the items, Esc back to the people.
    keys(&mut app, "e");
    assert!(matches!(app.mode, Mode::Normal));
    keys(&mut app, "\n");
    assert!(!app.owners.focused);
    assert!(app.selected_id().is_some());
    keys(&mut app, "\u{1b}");
    assert!(app.owners.focused);
}

#[test]
fn deadlines_list_overdue_first_then_the_coming_weeks_by_week_and_day() {
    let mut app = demo(120, 40);
    f_key(&mut app, 4);
    assert_eq!(app.view, View::Deadlines);
    let rows = &app.pane().rows;
    let today = ctx().today;
    let horizon = today + chrono::Duration::weeks(8);
    let dues: Vec<_> = rows
        .iter()
        .map(|r| r.listed.item.due_on().unwrap())
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    assert!(dues.iter().all(|d| *d <= horizon));
    let kinds: std::collections::HashSet<Kind> = rows.iter().map(|r| r.key.item.kind).collect();
    assert_eq!(kinds.len(), 4, "every kind with a deadline: {kinds:?}");
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("Overdue"), "{screen}");
    assert!(screen.contains("(w/e)"), "a weekend is marked: {screen}");
    assert!(screen.contains("w/c 30 Nov"), "{screen}");
}

#[test]
fn v_cycles_the_views_and_each_keeps_its_selection() {
    let mut app = demo(120, 40);
    keys(&mut app, "3");
    select(&mut app, id("ACT-5"));
    for expect in [
        View::Reports,
        View::Owners,
        View::Deadlines,
        View::Summary,
        View::Dashboard,
    ] {
        keys(&mut app, "v");
        assert_eq!(app.view, expect);
    }
    assert_eq!(selected(&app), id("ACT-5"));
    let screen = draw(&app, 120, 40);
    assert!(
        screen.contains("F1 Dashboard") && screen.contains("F4 Deadlines"),
        "{screen}"
    );
}

#[test]
fn snapshots_of_each_view() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut app = demo(w, h);
        for (n, view) in View::ALL.iter().enumerate() {
            f_key(&mut app, n as u8 + 1);
            assert_eq!(app.view, *view);
            app.message = None;
            let name = format!("view_{}_{w}x{h}", view.title().to_lowercase());
            snapshot(&name, &draw(&app, w, h));
        }
    }
}

/// Counting grows with the table; rows do not. The first frame shows the rows, and the
/// counts follow between keys.
#[test]
fn the_first_screen_is_drawn_before_anything_is_counted() {
    use ratatui::layout::Rect;
    let mut app = App::new(
        demo_store(),
        ctx(),
        "demo.sqlite".into(),
        Rect::new(0, 0, 120, 40),
    )
    .unwrap();
    assert!(app.panes.iter().all(|p| p.pending.any()));
    let first = draw(&app, 120, 40);
    assert!(first.contains("REC-11 "), "rows are there: {first}");
    assert!(first.contains("Recommendations …"), "{first}");
    // One pane is counted each time the dashboard waits for a key.
    app.idle();
    assert!(!app.panes[0].pending.any());
    app.idle();
    app.idle();
    let counted = draw(&app, 120, 40);
    assert!(counted.contains("Recommendations 1/9"), "{counted}");
    assert!(counted.contains("Recs ! 4 overdue"), "{counted}");
}

/// An idle dashboard does no work: nothing to draw, nothing read, with a long letter open.
#[test]
fn idle_is_idle_with_a_long_letter_open() {
    let mut store = demo_store();
    let spec = |n| fields::field(Kind::Letter, n).unwrap();
    let body = "A paragraph of the letter, repeated at length. ".repeat(20_000);
    store
        .create(
            Kind::Letter,
            &[
                (spec("subject"), Value::Text("A very long letter".into())),
                (spec("body"), Value::Text(body)),
                (spec("due_on"), Value::Date(ctx().today)),
            ],
            &ctx(),
        )
        .unwrap();
    let mut app = app_on(store, 120, 40);
    keys(&mut app, "2");
    select(&mut app, id("LET-9"));
    keys(&mut app, "\n");
    draw(&app, 120, 40);
    app.needs_draw = false;
    let generation = app.detail_generation;
    for _ in 0..20 {
        app.idle();
        app.tick();
    }
    assert!(!app.needs_draw, "nothing changed: nothing to draw");
    assert_eq!(
        app.detail_generation, generation,
        "the detail was not read again"
    );
    // Scrolling draws from the wrapped lines kept since the detail was read.
    keys(&mut app, "JJJ");
    assert_eq!(app.detail_generation, generation);
    let screen = draw(&app, 120, 40);
    assert!(screen.contains("repeated at length"), "{screen}");
    assert!(app.detail_scroll_max.get() > 1000);
}

/// More people than fit: the border says more are below (or above), and moving down reads
/// the next screen, the selected person always on screen.
#[test]
fn the_owners_list_says_when_more_are_below_and_scrolls() {
    let mut app = demo(120, 26);
    f_key(&mut app, 3);
    let screen = draw(&app, 120, 26);
    assert!(screen.contains("↓ more below"), "{screen}");
    assert!(!screen.contains("more above"), "{screen}");
    // Down to the last person.
    let mut last = None;
    for _ in 0..50 {
        keys(&mut app, "j");
        let now = app.owners.selected().and_then(|o| o.name.clone());
        if now == last {
            break;
        }
        last = now;
    }
    let last = last.unwrap();
    let screen = draw(&app, 120, 26);
    assert!(screen.contains("↑ more above"), "{screen}");
    assert!(!screen.contains("more below"), "{screen}");
    let shown: String = last.chars().take(30).collect();
    assert!(screen.contains(&shown), "{last} is off screen:\n{screen}");
}
