//! The Summary view (F5): its figures agree with the items counted independently here, a
//! bar's items fill the panes, and it looks as it should (snapshots).

use chrono::NaiveDate;
use oversight::domain::fields::Field;
use oversight::domain::ids::{ItemId, Kind};
use oversight::store::ListQuery;
use oversight::store::summary::AgeBuckets;
use oversight::tui::summary::Chart;
use oversight::tui::views::View;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

mod dashboard_common;
use dashboard_common::*;

/// The age bucket of an open item due on `due` (None: no due date), as the issue defines
/// them: not yet due, due within the window, 1–30, 31–90, 91–365, over 365 days overdue.
fn bucket(due: Option<NaiveDate>, today: NaiveDate, soon: i64) -> usize {
    let Some(due) = due else { return 6 };
    let late = (today - due).num_days();
    match late {
        l if l > 365 => 5,
        l if l > 90 => 4,
        l if l > 30 => 3,
        l if l > 0 => 2,
        l if -l <= soon => 1,
        _ => 0,
    }
}

/// Open items by bucket, counted from plain lists of each kind.
fn expected_buckets(app: &oversight::tui::app::App) -> [usize; 7] {
    let today = ctx().today;
    let soon = app.ctx.settings.due_soon_days;
    let mut counts = [0; 7];
    let open = ListQuery {
        open_only: true,
        ..ListQuery::default()
    };
    for kind in [Kind::Recommendation, Kind::Letter, Kind::Action] {
        for l in app.store.list(kind, &open, today).unwrap() {
            counts[bucket(l.item.due_on(), today, soon)] += 1;
        }
    }
    // Reports owe a response from publication until a response letter is recorded.
    for l in app
        .store
        .list(Kind::Report, &ListQuery::default(), today)
        .unwrap()
    {
        let r = &l.item;
        let owed = r.date(Field::PublishedOn).is_some_and(|p| p <= today)
            && r.get(Field::ResponseLetterId).is_null();
        if owed {
            counts[bucket(r.due_on(), today, soon)] += 1;
        }
    }
    counts
}

fn summary(app: &mut oversight::tui::app::App) {
    send(app, KeyCode::F(5), KeyModifiers::NONE);
    assert_eq!(app.view, View::Summary);
}

#[test]
fn the_age_bars_count_every_open_item_by_how_late_it_is() {
    let mut app = demo(120, 40);
    summary(&mut app);
    let age = app.summary.figures.age.clone().expect("counted");
    let shown = oversight::store::summary::total(&age).counts();
    assert_eq!(shown, expected_buckets(&app));
    // The chart says the chosen bar's figure in its title.
    let screen = draw(&app, 120, 40);
    let labels = AgeBuckets::labels(app.ctx.settings.due_soon_days);
    let chosen = app.summary.selected_bar(Chart::Age);
    assert!(
        screen.contains(&format!("{}: {}", labels[chosen], shown[chosen])),
        "{screen}"
    );
}

#[test]
fn choosing_an_age_bar_lists_exactly_its_items_below() {
    let mut app = demo(120, 40);
    summary(&mut app);
    let today = ctx().today;
    let soon = app.ctx.settings.due_soon_days;
    let expected = expected_buckets(&app);
    for (bar, expected) in expected.iter().enumerate() {
        keys(&mut app, "g");
        keys(&mut app, &"l".repeat(bar));
        assert_eq!(app.summary.selected_bar(Chart::Age), bar);
        let mut listed = 0;
        for pane in &app.panes {
            listed += pane.total.exact().unwrap();
            for row in &pane.rows {
                let item = &row.listed.item;
                assert_eq!(
                    bucket(item.due_on(), today, soon),
                    bar,
                    "{} (due {:?}) listed under bar {bar}",
                    item.id,
                    item.due_on()
                );
            }
        }
        assert_eq!(listed, *expected, "bar {bar}");
    }
}

#[test]
fn an_owners_bar_shows_that_persons_items_and_enter_moves_into_them() {
    let mut app = demo(120, 40);
    summary(&mut app);
    keys(&mut app, "\t");
    assert_eq!(app.summary.chart, Chart::Owners);
    let owners = app.summary.figures.owners.clone().expect("counted");
    let top = &owners.top[0];
    // Its figures, from the lists: every open item the person is to act on.
    let today = ctx().today;
    let mut open = 0;
    let mut overdue = 0;
    let q = ListQuery {
        open_only: true,
        ..ListQuery::default()
    };
    for kind in [Kind::Recommendation, Kind::Letter, Kind::Action] {
        for l in app.store.list(kind, &q, today).unwrap() {
            if l.item.waits_on().to_lowercase() == top.key {
                open += 1;
                if l.item.due_on().is_some_and(|d| d < today) {
                    overdue += 1;
                }
            }
        }
    }
    assert_eq!((top.open, top.overdue), (open, overdue), "{top:?}");
    let listed: usize = app.panes.iter().map(|p| p.total.exact().unwrap()).sum();
    assert_eq!(listed, top.open);
    // No item is acted on from the charts: Enter moves into the items first.
    assert_eq!(app.selected_id(), None);
    keys(&mut app, "\n");
    let id: ItemId = selected(&app);
    assert_eq!(
        app.store.get(id).unwrap().waits_on().to_lowercase(),
        top.key
    );
    // Esc goes back to the charts.
    keys(&mut app, "\u{1b}");
    assert!(app.summary.focused);
}

#[test]
fn a_reports_bar_lists_that_reports_open_recommendations() {
    let mut app = demo(120, 40);
    summary(&mut app);
    keys(&mut app, "\t\t");
    assert_eq!(app.summary.chart, Chart::Reports);
    let reports = app.summary.figures.reports.clone().expect("counted");
    let top = &reports.top[0];
    let report: ItemId = top.key.parse().unwrap();
    let q = ListQuery {
        open_only: true,
        parent: Some(report),
        ..ListQuery::default()
    };
    let recs = app
        .store
        .list(Kind::Recommendation, &q, ctx().today)
        .unwrap();
    assert_eq!(top.open, recs.len());
    assert_eq!(app.panes[0].total.exact(), Some(recs.len()));
    // Letters and actions belong to no report.
    assert_eq!(app.panes[1].total.exact(), Some(0));
    assert_eq!(app.panes[2].total.exact(), Some(0));
}

#[test]
fn the_trend_ends_today_with_the_open_and_overdue_counts() {
    let mut app = demo(120, 40);
    summary(&mut app);
    let trend = app.summary.figures.trend.clone().expect("counted");
    assert_eq!(trend.points.len(), 12);
    let now = trend.points.last().unwrap();
    assert_eq!(now.on, ctx().today);
    let expected = expected_buckets(&app);
    assert_eq!(now.open, expected.iter().sum::<usize>());
    assert_eq!(now.overdue, expected[2..6].iter().sum::<usize>());
}

#[test]
fn the_summary_follows_a_change() {
    let mut app = demo(120, 40);
    summary(&mut app);
    let before = oversight::store::summary::total(app.summary.figures.age.as_ref().unwrap());
    // Into the first bar's items, and complete one.
    keys(&mut app, "g\n");
    let id = selected(&app);
    let item = app.store.get(id).unwrap();
    assert!(!item.is_finished());
    keys(&mut app, "c");
    // A recommendation needs evidence.
    if id.kind == Kind::Recommendation {
        keys(&mut app, "Closure report seen");
    }
    keys(&mut app, "\n");
    assert!(
        app.store.get(id).unwrap().is_finished(),
        "{:?}",
        app.message
    );
    let after = oversight::store::summary::total(app.summary.figures.age.as_ref().unwrap());
    assert_eq!(after.open() + 1, before.open());
}

#[test]
fn summary_view_120x40() {
    let mut app = demo(120, 40);
    summary(&mut app);
    keys(&mut app, "ll");
    insta::assert_snapshot!("summary_120x40", draw(&app, 120, 40));
}

#[test]
fn summary_view_80x24() {
    let mut app = demo(80, 24);
    summary(&mut app);
    keys(&mut app, "\t");
    insta::assert_snapshot!("summary_80x24", draw(&app, 80, 24));
}

/// On a database in a file the figures are counted on a thread with its own connection;
/// a change from another process is counted again (one count at a time).
#[test]
fn on_a_file_the_figures_come_from_a_thread_and_follow_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_demo(dir.path());
    let mut app = app_on(store, 120, 40);
    summary(&mut app);
    let before = oversight::store::summary::total(app.summary.figures.age.as_ref().unwrap());
    // Another process completes an open action.
    let mut other = oversight::store::Store::open(&path).unwrap();
    let id: ItemId = "ACT-5".parse().unwrap();
    let action = other.get(id).unwrap();
    assert!(!action.is_finished());
    let done = oversight::domain::fields::field(Kind::Action, "status").unwrap();
    other
        .update(
            id,
            Some(action.version),
            &[(done, oversight::domain::fields::Value::Text("done".into()))],
            None,
            &ctx(),
        )
        .unwrap();
    app.tick();
    app.settle();
    let after = oversight::store::summary::total(app.summary.figures.age.as_ref().unwrap());
    assert_eq!(after.open() + 1, before.open());
    assert!(!app.summary.counting());
}
