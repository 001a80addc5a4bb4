//! What people read: the history in words and local time, `show` with the long text last,
//! and tables that fit a terminal but never cut what a script reads.

mod common;

use common::{Db, Terminal, lines, shell_command};

/// A reason longer than any column used to be (the history cut it at 30 characters).
const REASON: &str = "The force's new case management system slipped by a quarter because the \
                      supplier missed two releases; the board agreed the new date on 19 November";

/// A recommendation whose status and due date moved for `REASON`.
fn moved() -> Db {
    let db = Db::with_recommendation();
    db.ok(&[
        "set",
        "REC-1",
        "status=in progress",
        "due_on=2027-03-31",
        "--reason",
        REASON,
    ]);
    db
}

fn history_piped(db: &Db, id: &str, tz: &str) -> String {
    let out = db
        .cmd()
        .env("TZ", tz)
        .args(["history", id])
        .output()
        .unwrap();
    common::success(&out, "history")
}

#[test]
fn history_reads_in_labels_words_and_local_time() {
    let db = moved();
    let table = history_piped(&db, "REC-1", "Europe/London");
    let rows = lines(&table);
    assert_eq!(
        rows[0].split_whitespace().collect::<Vec<_>>(),
        ["WHEN", "WHO", "CHANGE", "FIELD", "OLD", "NEW", "REASON"]
    );
    let time =
        regex::Regex::new(r"^\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d (GMT|BST)  tester  ").unwrap();
    for row in &rows[1..] {
        assert!(time.is_match(row), "local time with its zone: {row}");
    }
    assert!(rows[1].contains(" change  Created"), "{table}");
    let status = rows
        .iter()
        .find(|r| r.contains("Status  ") && r.ends_with(REASON));
    let status = status.expect("the status change");
    assert!(status.contains("not started  in progress"), "{status}");
    assert!(status.ends_with(REASON), "the reason whole: {status}");
    assert!(table.contains("Originally due  "), "{table}");
    assert!(
        table.contains("18 Jan 2027  31 Mar 2027"),
        "dates as people write them: {table}"
    );
    for column_name in [
        "original_due_on",
        "in_progress",
        "not_started",
        "due_on",
        "created",
    ] {
        assert!(!table.contains(column_name), "{column_name} in {table}");
    }
    // Another zone, the same moment.
    let utc = history_piped(&db, "REC-1", "UTC");
    assert!(lines(&utc)[1].contains(" UTC  tester"), "{utc}");

    // The JSON stays the stable machine form: column names, codes, UTC.
    let json = db.history("REC-1");
    let status = json
        .iter()
        .find(|e| e["field"] == "status" && !e["old"].is_null());
    let status = status.expect("status in JSON");
    assert_eq!(status["old"], "not_started");
    assert_eq!(status["new"], "in_progress");
    assert_eq!(status["reason"], REASON);
    assert!(status["at"].as_str().unwrap().ends_with('Z'), "{status}");
    assert_eq!(json[0]["field"], "created");
}

#[test]
fn deletion_and_restoring_read_as_words() {
    let db = Db::with_recommendation();
    db.ok(&["delete", "REC-1"]);
    db.ok(&["undo"]);
    let table = history_piped(&db, "REC-1", "UTC");
    let rows = lines(&table);
    assert!(rows[rows.len() - 2].contains(" change  Deleted"), "{table}");
    assert!(
        rows[rows.len() - 1].contains(" undo    Restored"),
        "{table}"
    );
    assert!(
        !table.contains("true") && !table.contains("false"),
        "{table}"
    );
}

#[test]
fn show_prints_the_short_fields_first_and_the_long_text_last() {
    let db = Db::empty();
    let body = format!(
        "Dear Deputy Mayor,\n\n{}\n\nYours sincerely",
        "Long paragraph. ".repeat(40)
    );
    db.ok(&[
        "add",
        "letter",
        "subject=Stop and search in Lambeth",
        "sender=Councillor Ade",
        "owner=Policy Officer",
        "received_on=2026-11-02",
        &format!("body={body}"),
    ]);
    db.ok(&[
        "add",
        "ask",
        "letter_id=LET-1",
        "number=1",
        "text=How many searches?",
    ]);
    db.ok(&["note", "LET-1", "Figures requested from the Met"]);
    let out = db.ok(&["show", "LET-1"]);
    let at = |what: &str| out.find(what).unwrap_or_else(|| panic!("{what} in {out}"));
    assert!(at("Owner:") < at("Body:"), "{out}");
    assert!(at("Reply due:") < at("Body:"), "{out}");
    assert!(at("Status:") < at("Body:"), "{out}");
    assert!(at("Asks:") < at("Body:"), "{out}");
    assert!(at("Notes:") < at("Body:"), "{out}");
    assert!(out.contains("\nBody:\n    Dear Deputy Mayor,\n"), "{out}");
    assert!(out.trim_end().ends_with("    Yours sincerely"), "{out}");

    let db = moved();
    db.ok(&["complete", "REC-1", "--evidence", "Audit of 40 cases"]);
    let out = db.ok(&["show", "REC-1"]);
    assert!(
        out.find("Status:").unwrap() < out.find("\nText:\n").unwrap(),
        "{out}"
    );
    assert!(out.contains("\nEvidence:\n    Audit of 40 cases"), "{out}");
}

#[test]
fn piped_tables_cut_no_cell() {
    let db = Db::with_recommendation();
    let text = format!("Review {} end", "every risk assessment ".repeat(9));
    assert!(text.chars().count() > 200);
    let owner = "Detective Chief Superintendent, Public Protection and Safeguarding Command";
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-1",
        &format!("text={text}"),
        &format!("owner={owner}"),
    ]);
    // COLUMNS only matters on a terminal: a script gets whole values whatever it says.
    let out = db
        .cmd()
        .env("COLUMNS", "80")
        .args(["list", "recommendations"])
        .output()
        .unwrap();
    let out = common::success(&out, "list recommendations");
    assert!(out.contains(text.trim()), "{out}");
    assert!(out.contains(owner), "{out}");
    assert!(!out.contains('…'), "{out}");
    let report = db.ok(&["show", "RPT-1"]);
    assert!(
        report.contains(text.trim()),
        "the children's table too: {report}"
    );
    let out = db.ok(&["set", "REC-2", "status=in progress", "--reason", REASON]);
    assert!(out.starts_with("Updated REC-2"), "{out}");
    assert!(history_piped(&db, "REC-2", "UTC").contains(REASON));
}

/// The demo's recommendations listed in a terminal `cols` wide, `env` added.
fn list_in_terminal(db: &Db, cols: u16, env: &[&str]) -> Option<String> {
    let command = shell_command(db, env, &["list", "recommendations"]);
    Some(Terminal::start(cols, 50, db.dir.path(), &command)?.output())
}

#[test]
fn on_a_terminal_tables_fit_its_width_cutting_only_text() {
    let db = Db::demo();
    let piped = db.ok(&["list", "recommendations"]);
    assert!(
        lines(&piped).iter().any(|l| l.chars().count() > 120),
        "the demo has rows wider than the terminals below: {piped}"
    );
    // COLUMNS says how wide (as for ls), in a pane wider than that.
    let Some(screen) = list_in_terminal(&db, 200, &["COLUMNS=80"]) else {
        return;
    };
    let rows: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        rows.len(),
        lines(&piped).len(),
        "one line per row: {screen}"
    );
    for row in &rows {
        assert!(row.chars().count() <= 80, "wider than 80: {row:?}");
    }
    assert!(rows[1].starts_with("REC-11  "), "{screen}");
    assert!(rows[1].contains("d overdue  in progress"), "{screen}");
    assert!(rows[1].ends_with('…'), "the text gives way: {screen}");
    for (row, whole) in rows.iter().zip(lines(&piped)).skip(1) {
        let id = whole.split_whitespace().next().unwrap();
        assert!(row.starts_with(id), "the ID is never cut: {row}");
    }
    // Without COLUMNS, the terminal's own width (100): every row still on one line.
    let Some(screen) = list_in_terminal(&db, 100, &[]) else {
        return;
    };
    let rows: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        rows.len(),
        lines(&piped).len(),
        "one line per row: {screen}"
    );
    assert!(rows.iter().all(|r| r.chars().count() <= 100), "{screen}");
    assert!(
        rows[0].contains("OWNER"),
        "room for the owner at 100: {screen}"
    );
}

#[test]
fn on_a_terminal_the_history_wraps_the_whole_reason() {
    let db = moved();
    let command = shell_command(&db, &["TZ=Europe/London"], &["history", "REC-1"]);
    let Some(t) = Terminal::start(80, 50, db.dir.path(), &command) else {
        return;
    };
    let screen = t.output();
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");
    assert!(
        screen.contains("Status: not started → in progress"),
        "{screen}"
    );
    assert!(
        screen.contains("Due: 18 Jan 2027 → 31 Mar 2027"),
        "{screen}"
    );
    // Every word of the reason is there, wrapped under the change.
    let shown: Vec<&str> = screen.split_whitespace().collect();
    let words: Vec<&str> = REASON.split_whitespace().collect();
    assert!(
        shown
            .windows(words.len())
            .any(|w| w[1..] == words[1..] && w[0].ends_with(words[0])),
        "the whole reason: {screen}"
    );
}
