//! A signal from outside (kill, a closed terminal) never leaves the terminal broken: raw
//! mode off, the alternate screen and mouse reporting off, the cursor shown; the exit code
//! is the shell's 128 + the signal; what was being typed is said to be lost.

#![cfg(unix)]

mod common;

fn stopped_by(signal: &str, number: i32, typing: bool) {
    let db = common::Db::demo();
    let command = format!(
        "{}; echo EXIT=$?; stty -a",
        common::shell_command(&db, &[], &[])
    );
    let Some(t) = common::Terminal::start(100, 30, db.dir.path(), &command) else {
        return;
    };
    t.wait_for("Replies owed");
    assert_eq!(t.pane_state("#{alternate_on}"), "1", "the dashboard is up");
    if typing {
        t.key("e");
        t.wait_for("Edit REC-");
        t.key("x");
    }
    let pid = t.command_pid().expect("the dashboard's process");
    let killed = std::process::Command::new("kill")
        .args(["-s", signal, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let out = t.wait_for("EXIT=");
    assert!(
        out.contains(&format!("EXIT={}", 128 + number)),
        "{signal}: exit code 128 + {number}:\n{out}"
    );
    let stty = t.output();
    assert!(
        stty.contains(" icanon") && !stty.contains("-icanon"),
        "{signal}: raw mode left on:\n{stty}"
    );
    assert!(
        stty.contains(" echo ") && !stty.contains("-echo "),
        "{signal}: echo left off:\n{stty}"
    );
    assert_eq!(
        t.pane_state("#{alternate_on}"),
        "0",
        "{signal}: alternate screen left on"
    );
    assert_eq!(
        t.pane_state("#{mouse_any_flag}"),
        "0",
        "{signal}: mouse reporting left on"
    );
    assert_eq!(
        t.pane_state("#{cursor_flag}"),
        "1",
        "{signal}: cursor left hidden"
    );
    let said = if typing {
        "was not saved"
    } else {
        "every change made before was saved"
    };
    assert!(out.contains(said), "{signal}: {out}");
}

#[test]
fn sigterm_restores_the_terminal_and_says_the_typing_was_not_saved() {
    stopped_by("TERM", 15, true);
}

#[test]
fn sigint_restores_the_terminal() {
    stopped_by("INT", 2, false);
}

#[test]
fn sighup_restores_the_terminal_and_says_the_typing_was_not_saved() {
    stopped_by("HUP", 1, true);
}

#[test]
fn sigquit_restores_the_terminal() {
    stopped_by("QUIT", 3, false);
}

/// A closed terminal ends the dashboard: crossterm's poll would otherwise read end-of-file
/// forever and never return, leaving a process spinning at full CPU that ignores SIGTERM.
#[test]
fn a_closed_terminal_ends_the_dashboard() {
    let db = common::Db::demo();
    let Some(t) = common::Terminal::start(
        100,
        30,
        db.dir.path(),
        &common::shell_command(&db, &[], &[]),
    ) else {
        return;
    };
    t.wait_for("Replies owed");
    let pid = t.command_pid().expect("the dashboard's process");
    t.close();
    let start = std::time::Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists()
        && std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| !s.contains(") Z "))
            .unwrap_or(false)
    {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the dashboard still runs 10 s after its terminal was closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
