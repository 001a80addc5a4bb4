//! How fast the dashboard is at a million items: startup, each kind of keystroke, a commit
//! from another process, and drawing. Run: `cargo bench --bench dashboard` (release build).
//! OVERSIGHT_BENCH_ITEMS sets the number of recommendations (default 1,000,000; letters and
//! board actions are a fifth of that each). The database is generated once and kept in
//! target/ between runs. Results and targets: BENCHMARKS.md.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use oversight::domain::calendar::HolidayCalendar;
use oversight::domain::deadline::DeadlineSettings;
use oversight::domain::fields::{self, Value};
use oversight::domain::ids::Kind;
use oversight::domain::rules::Context;
use oversight::store::Store;
use oversight::tui::app::App;
use oversight::tui::ui::{self, text::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "bench".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

/// Builds the database: the report and board through the store, then the bulk rows by SQL
/// (going through the store for a million rows would time the audit trail, not the panes).
fn generate(path: &PathBuf, recs: i64) {
    let mut store = Store::open(path).unwrap();
    let c = ctx();
    let spec = |k, n| fields::field(k, n).unwrap();
    store
        .create(
            Kind::Report,
            &[(spec(Kind::Report, "title"), Value::Text("PEEL 2026".into()))],
            &c,
        )
        .unwrap();
    store
        .create(
            Kind::Board,
            &[(
                spec(Kind::Board, "name"),
                Value::Text("Oversight board".into()),
            )],
            &c,
        )
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(path).unwrap();
    let others = recs / 5;
    // A report for every thousand recommendations, published over the last two years (some
    // responses owed, some sent), so the Reports view and the replies owed have rows.
    let reports = (recs / 1000).max(1);
    // Due dates spread two years either side of today; one in ten undated; 30% finished.
    let due = "CASE WHEN i % 10 = 0 THEN NULL ELSE date('2026-11-23', ((i * 7919) % 1460 - 730) || ' days') END";
    conn.execute_batch(&format!(
        "BEGIN;
         WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < {reports})
         INSERT INTO report (title, source, published_on, due_on, status)
         SELECT 'Inspection ' || i, 'hmicfrs', date('2026-11-23', (-(i * 37) % 730) || ' days'),
                date('2026-11-23', (55 - (i * 37) % 730) || ' days'),
                CASE WHEN i % 3 = 0 THEN 'awaiting_response' ELSE 'responded' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {recs})
         INSERT INTO recommendation (report_id, ref, kind, text, owner, due_on, status)
         SELECT 1 + i % {reports}, 'R' || i, 'recommendation',
                'The force should improve how it handles case ' || i || ' of vulnerable victims',
                'Owner ' || (i % 500), {due},
                CASE WHEN i % 10 < 3 THEN 'complete' ELSE 'in_progress' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {others})
         INSERT INTO letter (direction, subject, sender, received_on, due_on, status)
         SELECT 'incoming', 'Question number ' || i || ' about stop and search', 'Councillor ' || (i % 300),
                '2026-01-01', {due},
                CASE WHEN i % 10 < 3 THEN 'replied' ELSE 'awaiting_reply' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {others})
         INSERT INTO board_action (board_id, text, owner, due_on, status)
         SELECT 1, 'Action ' || i || ': report back to the board', 'Lead ' || (i % 200), {due},
                CASE WHEN i % 10 < 3 THEN 'done' ELSE 'open' END FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {others})
         INSERT INTO note (item_id, kind, noted_on, author, text, chased, chase_method)
         SELECT 'REC-' || (i * 5), 'chase', '2026-11-01', 'bench', 'Chased',
                'Owner ' || ((i * 5) % 500), 'email' FROM n;
         COMMIT;
         ANALYZE;"
    ))
    .unwrap();
}

struct Timing {
    name: &'static str,
    samples: Vec<Duration>,
    target: Duration,
}

fn measure(name: &'static str, target_ms: u64, runs: usize, mut f: impl FnMut()) -> Timing {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f();
        samples.push(start.elapsed());
    }
    samples.sort();
    Timing {
        name,
        samples,
        target: Duration::from_millis(target_ms),
    }
}

/// Times `f` on the app, then lets the app count what it owes between keys (untimed: the
/// dashboard does it while the user is not typing).
fn measure_app(
    app: &mut App,
    name: &'static str,
    target_ms: u64,
    runs: usize,
    mut f: impl FnMut(&mut App),
) -> Timing {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f(app);
        samples.push(start.elapsed());
        app.settle();
    }
    samples.sort();
    Timing {
        name,
        samples,
        target: Duration::from_millis(target_ms),
    }
}

fn key(app: &mut App, code: KeyCode) {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    app.handle_event(&Event::Key(KeyEvent::new(code, modifiers)));
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would too: only run when benched.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let recs: i64 = std::env::var("OVERSIGHT_BENCH_ITEMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    // v2: reports, chases naming their owners (the views have something to show).
    let path = dir.join(format!("bench-v2-{recs}.sqlite"));
    if !path.exists() {
        let start = Instant::now();
        generate(&path, recs);
        eprintln!("generated {} in {:.1?}", path.display(), start.elapsed());
    }
    let total = recs + 2 * (recs / 5);
    println!("{total} items ({recs} recommendations); 120x40 terminal\n");

    let mut results = Vec::new();
    // Upgrading a database of an older schema happens once, before anything is timed.
    drop(Store::open(&path).unwrap());
    let mut first_frame = Terminal::new(TestBackend::new(120, 40)).unwrap();
    results.push(measure(
        "open the dashboard: the first frame drawn",
        100,
        5,
        || {
            let store = Store::open(&path).unwrap();
            let app = App::new(store, ctx(), "bench".into(), Rect::new(0, 0, 120, 40)).unwrap();
            first_frame
                .draw(|f| ui::render(&app, f, Theme { color: false }))
                .unwrap();
        },
    ));
    results.push(measure(
        "then every count filled in (between keys)",
        1000,
        5,
        || {
            let store = Store::open(&path).unwrap();
            let mut app = App::new(store, ctx(), "bench".into(), Rect::new(0, 0, 120, 40)).unwrap();
            app.settle();
        },
    ));
    let store = Store::open(&path).unwrap();
    let mut app = App::new(store, ctx(), "bench".into(), Rect::new(0, 0, 120, 40)).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let theme = Theme { color: false };

    results.push(measure_app(
        &mut app,
        "j / k (scrolling past the window edge)",
        16,
        400,
        |app| key(app, KeyCode::Char('j')),
    ));
    results.push(measure_app(&mut app, "PgDn", 16, 200, |app| {
        key(app, KeyCode::PageDown)
    }));
    results.push(measure_app(
        &mut app,
        "G (last row) then g (first)",
        16,
        50,
        |app| {
            key(app, KeyCode::Char('G'));
            key(app, KeyCode::Char('g'));
        },
    ));
    results.push(measure_app(
        &mut app,
        "Tab (focus; panes resize and re-read)",
        50,
        60,
        |app| key(app, KeyCode::Tab),
    ));
    results.push(measure_app(
        &mut app,
        "Enter twice (detail open, close)",
        16,
        50,
        |app| {
            key(app, KeyCode::Enter);
            key(app, KeyCode::Enter);
        },
    ));
    results.push(measure("draw a frame (120x40)", 16, 200, || {
        terminal.draw(|f| ui::render(&app, f, theme)).unwrap();
    }));
    results.push(measure("tick with no outside change", 2, 200, || {
        app.tick()
    }));
    results.push(measure_app(
        &mut app,
        "o (overdue only, toggled twice)",
        200,
        20,
        |app| {
            key(app, KeyCode::Char('o'));
            key(app, KeyCode::Char('o'));
        },
    ));
    results.push(measure_app(
        &mut app,
        "S (cycle sort, three orders)",
        300,
        10,
        |app| {
            for _ in 0..3 {
                key(app, KeyCode::Char('S'));
            }
        },
    ));
    results.push(measure_app(
        &mut app,
        "f (finished items shown, then hidden)",
        50,
        20,
        |app| {
            key(app, KeyCode::Char('f'));
            key(app, KeyCode::Char('f'));
        },
    ));
    key(&mut app, KeyCode::Char('f'));
    results.push(measure_app(
        &mut app,
        "j with finished items shown",
        16,
        200,
        |app| key(app, KeyCode::Char('j')),
    ));
    key(&mut app, KeyCode::Char('f'));
    // The views: each opened for the first time, then moved through.
    results.push(measure_app(
        &mut app,
        "F2 Reports view, first opened",
        100,
        1,
        |app| key(app, KeyCode::F(2)),
    ));
    results.push(measure_app(
        &mut app,
        "j in Reports (its recommendations follow)",
        50,
        100,
        |app| key(app, KeyCode::Char('j')),
    ));
    results.push(measure_app(
        &mut app,
        "F3 Owners view, first opened",
        200,
        1,
        |app| key(app, KeyCode::F(3)),
    ));
    results.push(measure_app(
        &mut app,
        "j in the owners list (their items follow)",
        50,
        100,
        |app| key(app, KeyCode::Char('j')),
    ));
    results.push(measure_app(
        &mut app,
        "F4 Deadlines view, first opened",
        100,
        1,
        |app| key(app, KeyCode::F(4)),
    ));
    results.push(measure_app(&mut app, "PgDn in Deadlines", 16, 50, |app| {
        key(app, KeyCode::PageDown)
    }));
    results.push(measure_app(
        &mut app,
        "F1..F4 back and forth (kept panes)",
        50,
        20,
        |app| {
            key(app, KeyCode::F(1));
            key(app, KeyCode::F(4));
        },
    ));
    key(&mut app, KeyCode::F(1));
    // The Summary view: the view is up at once; its figures are counted on a thread
    // (aggregates over the open items and the year's audit trail) and fill in as ready.
    results.push(measure(
        "F5 Summary view, first opened (figures counted on a thread)",
        100,
        1,
        || key(&mut app, KeyCode::F(5)),
    ));
    results.push(measure(
        "Summary: every figure counted (on its thread; keys never wait)",
        5000,
        1,
        || {
            app.settle();
        },
    ));
    results.push(measure_app(
        &mut app,
        "l in the age chart (the bar's items follow)",
        50,
        6,
        |app| key(app, KeyCode::Char('l')),
    ));
    key(&mut app, KeyCode::F(1));
    results.push(measure(
        "counts after a change (one pane, between keys)",
        300,
        10,
        || {
            for p in app.panes.iter_mut() {
                p.pending.counts = true;
            }
            app.idle();
        },
    ));
    app.settle();
    // Each key below applies the filter (the dashboard waits for a pause in typing; the
    // benchmark does not), and starts again with Esc / at the end of the text.
    for (name, text) in [
        ("filter: typing a word every row holds", "victims "),
        ("filter: typing a rare number", "case 4217"),
        ("filter: typing an owner", "owner 42"),
        ("filter: typing a row's ID", "rec-4217"),
        // The known slow case: short words have no index, and few rows hold these.
        ("filter: typing short words few rows hold", "zq"),
    ] {
        key(&mut app, KeyCode::Char('/'));
        let mut typed = 0;
        results.push(measure_app(&mut app, name, 100, 3 * text.len(), |app| {
            if typed == text.len() {
                key(app, KeyCode::Esc);
                key(app, KeyCode::Char('/'));
                typed = 0;
            }
            key(app, KeyCode::Char(text.as_bytes()[typed] as char));
            typed += 1;
        }));
        key(&mut app, KeyCode::Esc);
    }
    // Moving through a filtered pane reads the copied matches, not the table.
    key(&mut app, KeyCode::Char('/'));
    for c in "case 421".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    results.push(measure_app(
        &mut app,
        "j in a filtered pane",
        16,
        200,
        |app| key(app, KeyCode::Char('j')),
    ));
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Esc);
    // Another process commits: the dashboard re-reads counts and windows.
    let mut other = Store::open(&path).unwrap();
    let owner = fields::field(Kind::Recommendation, "owner").unwrap();
    let id = app.selected_id().unwrap();
    let mut n = 0;
    results.push(measure(
        "refresh after another process's commit",
        500,
        10,
        || {
            n += 1;
            other
                .update(
                    id,
                    None,
                    &[(owner, Value::Text(format!("Owner {n}")))],
                    None,
                    &ctx(),
                )
                .unwrap();
            app.tick();
        },
    ));

    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>8}",
        "operation", "median", "p95", "max", "target"
    );
    let mut failed = false;
    for t in &results {
        let med = t.samples[t.samples.len() / 2];
        let p95 = t.samples[(t.samples.len() * 95 / 100).min(t.samples.len() - 1)];
        let max = *t.samples.last().unwrap();
        let ok = med <= t.target;
        failed |= !ok;
        println!(
            "{:<44} {:>9.2?} {:>9.2?} {:>9.2?} {:>6}ms {}",
            t.name,
            med,
            p95,
            max,
            t.target.as_millis(),
            if ok { "" } else { "  <-- over target" }
        );
    }
    if failed {
        println!("\nSome medians are over their targets.");
    }
}
