//! The dashboard. `App` holds the state; a key becomes an `Action` through the one binding
//! table (`keymap`); `App::update` carries it out with the same store calls as the CLI;
//! `ui::render` draws the state without touching the database.

pub mod action;
pub mod app;
pub mod confirm;
pub mod detail;
pub mod effect;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod meeting;
pub mod normal;
pub mod pane;
pub mod panes;
pub mod picker;
pub mod prompt;
pub mod summary;
pub mod ui;
pub mod views;

use std::io::stdout;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::domain::rules::Context;
use crate::store::Store;
use app::App;
use ui::text::Theme;

/// How often another process's commits are looked for.
const POLL: Duration = Duration::from_millis(250);
/// How long to wait for keys before doing idle work (a paused filter).
const WAIT: Duration = Duration::from_millis(40);
/// The pause in typing after which the filter is applied.
const FILTER_DELAY: Duration = Duration::from_millis(120);

/// How the dashboard ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A signal from outside (kill, the terminal closed) stopped it: its number, and what
    /// was being typed and is not saved.
    Signal { number: i32, lost: Option<String> },
}

/// The signals that stop the dashboard, restoring the terminal first.
#[cfg(unix)]
const STOPPING: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
];

/// Notes the first stopping signal that arrives (the loop looks every 40 ms).
fn watch_signals() -> std::io::Result<std::sync::Arc<std::sync::atomic::AtomicUsize>> {
    let got = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    #[cfg(unix)]
    for signal in STOPPING {
        signal_hook::flag::register_usize(signal, std::sync::Arc::clone(&got), signal as usize)?;
    }
    Ok(got)
}

/// How long the loop has to notice a stopping signal before the watcher ends the process.
const STUCK: Duration = Duration::from_millis(1500);

/// Ends the process when the loop cannot: once the terminal is gone, crossterm's poll reads
/// end-of-file forever and never returns (crossterm#793), so the loop would never see a
/// signal and the dashboard would spin at full CPU with nobody to see it. The watcher notices
/// a stopping signal the loop has not acknowledged within [`STUCK`], or a terminal that has
/// hung up (standard input no longer a terminal), restores what it can and exits with the
/// shell's 128 + the signal (SIGHUP for a terminal gone).
fn watch_for_a_stuck_loop(
    got: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    seen: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    use std::io::IsTerminal;
    use std::sync::atomic::Ordering;
    // Input comes from standard input when it is the terminal (else crossterm opens /dev/tty).
    let input_is_terminal = std::io::stdin().is_terminal();
    std::thread::spawn(move || {
        let mut signalled_at: Option<Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(250));
            if seen.load(Ordering::Relaxed) {
                return;
            }
            let terminal_gone = input_is_terminal && !std::io::stdin().is_terminal();
            let number = match got.load(Ordering::Relaxed) {
                0 if terminal_gone => 1,
                0 => continue,
                n => n as i32,
            };
            let since = *signalled_at.get_or_insert_with(Instant::now);
            if terminal_gone || since.elapsed() >= STUCK {
                let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
                ratatui::restore();
                std::process::exit(128 + number);
            }
        }
    });
}

/// Runs the dashboard until the user quits or a signal stops it. The terminal is restored
/// however this ends, a panic or a signal included (ratatui's hook restores the screen;
/// ours also releases the mouse). `follow_clock`: "today" moves on at midnight (false when
/// it was fixed with --today).
pub fn run(
    store: Store,
    ctx: Context,
    db_label: String,
    follow_clock: bool,
) -> anyhow::Result<Ended> {
    let signal = watch_signals()?;
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        hook(info);
    }));
    let mut terminal = ratatui::init();
    watch_for_a_stuck_loop(std::sync::Arc::clone(&signal), std::sync::Arc::clone(&seen));
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = (|| {
        let size = terminal.size()?;
        let mut app = App::new(
            store,
            ctx,
            db_label,
            Rect::new(0, 0, size.width, size.height),
        )?;
        app.filter_delay = FILTER_DELAY;
        app.follow_clock = follow_clock;
        let theme = Theme::from_env();
        let mut last_poll = Instant::now();
        while app.running {
            let number = signal.load(std::sync::atomic::Ordering::Relaxed);
            if number != 0 {
                seen.store(true, std::sync::atomic::Ordering::Relaxed);
                return Ok(Ended::Signal {
                    number: number as i32,
                    lost: app.half_typed(),
                });
            }
            // Only when something changed: an idle dashboard does nothing but wait.
            if app.needs_draw {
                terminal.draw(|frame| ui::render(&app, frame, theme))?;
                app.needs_draw = false;
            }
            if event::poll(WAIT)? {
                let ev = event::read()?;
                app.handle_event(&ev);
            } else {
                app.idle();
            }
            if last_poll.elapsed() >= POLL {
                app.tick();
                last_poll = Instant::now();
            }
        }
        Ok(Ended::Quit)
    })();
    seen.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}
