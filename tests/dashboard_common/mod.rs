//! Helpers shared by the dashboard tests: a demo store on a fixed day, the app driven by
//! keys, what it draws (TestBackend) and the open form's fields.

#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use oversight::domain::calendar::HolidayCalendar;
use oversight::domain::deadline::DeadlineSettings;
use oversight::domain::ids::ItemId;
use oversight::domain::rules::Context;
use oversight::store::Store;
use oversight::tui::app::{App, Mode};
use oversight::tui::ui::{self, text::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

pub fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "analyst".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

pub fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    oversight::demo::load(&mut store, &ctx()).unwrap();
    store
}

/// The app on `store`, its counts filled in (as the first pause after opening does).
pub fn app_on(store: Store, w: u16, h: u16) -> App {
    let mut app = App::new(store, ctx(), "demo.sqlite".into(), Rect::new(0, 0, w, h)).unwrap();
    app.settle();
    app
}

pub fn demo(w: u16, h: u16) -> App {
    app_on(demo_store(), w, h)
}

/// The focused pane's match count; these small databases are always counted exactly.
pub fn total(app: &App) -> usize {
    app.pane().total.exact().expect("an exact count")
}

/// A key, then a pause: the dashboard fills in what it counts between keys.
pub fn send(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_event(&Event::Key(KeyEvent::new(code, modifiers)));
    app.settle();
}

/// Presses each character as a key ("\n" is Enter, "\t" Tab, "\x1b" Esc).
pub fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        match c {
            '\n' => send(app, KeyCode::Enter, KeyModifiers::NONE),
            '\t' => send(app, KeyCode::Tab, KeyModifiers::NONE),
            '\u{1b}' => send(app, KeyCode::Esc, KeyModifiers::NONE),
            c if c.is_ascii_uppercase() => send(app, KeyCode::Char(c), KeyModifiers::SHIFT),
            c => send(app, KeyCode::Char(c), KeyModifiers::NONE),
        }
    }
}

pub fn selected(app: &App) -> ItemId {
    app.selected_id().expect("a row is selected")
}

pub fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| ui::render(app, f, Theme { color: false }))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

pub fn find_edit_field(app: &mut App, label: &str) {
    let Mode::Form(form) = &mut app.mode else {
        panic!("no form open")
    };
    form.focus = form
        .fields
        .iter()
        .position(|f| f.label == label)
        .unwrap_or_else(|| panic!("no field {label}"));
}

pub fn form_error(app: &App, label: &str) -> Option<String> {
    let Mode::Form(form) = &app.mode else {
        return None;
    };
    form.fields
        .iter()
        .find(|f| f.label == label)
        .and_then(|f| f.error.clone())
}

pub fn clear_field(app: &mut App) {
    send(app, KeyCode::Char('u'), KeyModifiers::CONTROL);
}

pub fn file_demo(dir: &Path) -> (Store, std::path::PathBuf) {
    let path = dir.join("shared.sqlite");
    let mut store = Store::open(&path).unwrap();
    oversight::demo::load(&mut store, &ctx()).unwrap();
    (store, path)
}
