//! Items through the command line: add, set, show, list (with filters and formats), complete,
//! note, chase, delete and history.

mod common;

use chrono::NaiveDate;
use serde_json::Value;

use common::{ACTOR, Db, TODAY, lines};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    date(TODAY)
}

/// Each kind's own fields, in the order `fields.rs` declares them (the JSON and CSV order).
fn own_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "reports" => &[
            "title",
            "source",
            "force",
            "published_on",
            "due_on_by_hand",
            "response_letter_id",
            "link",
        ],
        "recommendations" => &[
            "report_id",
            "ref",
            "kind",
            "text",
            "owner",
            "original_due_on",
            "completed_on",
            "evidence",
            "rag",
        ],
        "letters" => &[
            "reference",
            "direction",
            "dated_on",
            "received_on",
            "sender",
            "recipient",
            "cc",
            "subject",
            "body",
            "owner",
            "due_on_by_hand",
            "replied_on",
            "reply_letter_id",
            "report_id",
        ],
        "asks" => &["letter_id", "number", "text", "answer"],
        "boards" => &["name", "chair"],
        "meetings" => &["board_id", "held_on"],
        "actions" => &[
            "board_id",
            "meeting_id",
            "text",
            "owner",
            "original_due_on",
            "done_on",
            "recommendation_id",
        ],
        "notes" => &[
            "item_id",
            "kind",
            "noted_on",
            "author",
            "text",
            "chased",
            "chase_method",
        ],
        other => panic!("no kind {other}"),
    }
}

fn prefix(kind: &str) -> &'static str {
    match kind {
        "reports" => "RPT-",
        "recommendations" => "REC-",
        "letters" => "LET-",
        "asks" => "ASK-",
        "boards" => "BRD-",
        "meetings" => "MTG-",
        "actions" => "ACT-",
        "notes" => "NOTE-",
        other => panic!("no kind {other}"),
    }
}

/// The statuses that mean finished (never overdue).
fn finished(kind: &str) -> &'static [&'static str] {
    match kind {
        "reports" => &["responded", "closed"],
        "recommendations" => &["complete", "superseded", "not_accepted", "withdrawn"],
        "letters" => &["replied", "no_reply_needed"],
        "asks" => &["answered", "declined"],
        "boards" => &["closed"],
        "meetings" => &["held", "cancelled"],
        "actions" => &["done", "dropped"],
        _ => &[],
    }
}

const KINDS: [&str; 8] = [
    "reports",
    "recommendations",
    "letters",
    "asks",
    "boards",
    "meetings",
    "actions",
    "notes",
];

fn is_open(kind: &str, item: &Value) -> bool {
    !finished(kind).contains(&item["status"].as_str().unwrap_or(""))
}

fn due(item: &Value) -> Option<NaiveDate> {
    item["due_on"].as_str().map(date)
}

// ---------------------------------------------------------------------------------------
// List JSON shape and filters, on the demo database.

#[test]
fn list_json_is_an_array_of_objects_with_the_common_keys_then_the_fields() {
    let db = Db::demo();
    for kind in KINDS {
        let items = db.list(kind, &[]);
        assert!(!items.is_empty(), "the demo has {kind}");
        for item in &items {
            let obj = item.as_object().expect("each item is an object");
            let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            assert_eq!(
                &keys[..6],
                &[
                    "id",
                    "status",
                    "due_on",
                    "overdue",
                    "days_overdue",
                    "version"
                ],
                "{kind}: {item}"
            );
            assert_eq!(
                &keys[keys.len() - 3..],
                &["chases", "last_chased_on", "days_since_chase"],
                "{kind}: {item}"
            );
            for field in own_fields(kind) {
                assert!(obj.contains_key(*field), "{kind} lacks {field}: {item}");
            }
            let id = item["id"].as_str().expect("id is text");
            assert!(id.starts_with(prefix(kind)), "{kind}: {id}");
            assert!(item["version"].as_i64().unwrap() >= 1);
            if kind == "notes" {
                assert!(item["status"].is_null());
            } else {
                assert!(item["status"].is_string(), "{item}");
            }
            match &item["due_on"] {
                Value::Null => {}
                Value::String(s) => {
                    assert!(NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(), "{s}")
                }
                other => panic!("due_on must be a string or null: {other}"),
            }
            let overdue = item["overdue"].as_bool().expect("overdue is a bool");
            let days = item["days_overdue"]
                .as_i64()
                .expect("days_overdue is an integer");
            let expected = match due(item) {
                Some(d) if is_open(kind, item) && d < today() => (today() - d).num_days(),
                _ => 0,
            };
            assert_eq!(days, expected, "{item}");
            assert_eq!(overdue, expected > 0, "{item}");
            let chases = item["chases"].as_i64().expect("chases is an integer");
            match &item["days_since_chase"] {
                Value::Null => assert_eq!(chases, 0, "{item}"),
                Value::Number(n) => {
                    assert!(chases > 0);
                    let last = date(item["last_chased_on"].as_str().unwrap());
                    assert_eq!(n.as_i64().unwrap(), (today() - last).num_days());
                }
                other => panic!("days_since_chase: {other}"),
            }
        }
    }
}

#[test]
fn links_read_as_ids_in_json() {
    let db = Db::demo();
    for rec in db.list("recommendations", &[]) {
        let report = rec["report_id"].as_str().expect("report_id is an ID");
        assert!(report.starts_with("RPT-"), "{report}");
    }
}

#[test]
fn list_puts_unfinished_first_most_overdue_first() {
    let db = Db::demo();
    let items = db.list("recommendations", &[]);
    let first_done = items
        .iter()
        .position(|i| !is_open("recommendations", i))
        .expect("the demo has finished recommendations");
    assert!(
        items[first_done..]
            .iter()
            .all(|i| !is_open("recommendations", i)),
        "finished items come after all unfinished ones"
    );
    let open_due: Vec<NaiveDate> = items[..first_done].iter().filter_map(due).collect();
    let mut sorted = open_due.clone();
    sorted.sort();
    assert_eq!(open_due, sorted, "most overdue first, then soonest due");
    assert_eq!(items[0]["id"], "REC-11");
    assert_eq!(items[0]["days_overdue"], 20);
}

#[test]
fn overdue_filter_lists_exactly_the_overdue_items() {
    let db = Db::demo();
    for kind in ["recommendations", "letters", "actions", "reports"] {
        let all = db.list(kind, &[]);
        let expected: Vec<&Value> = all.iter().filter(|i| i["overdue"] == true).collect();
        let got = db.list(kind, &["--overdue"]);
        assert_eq!(got.iter().collect::<Vec<_>>(), expected, "{kind} --overdue");
    }
    assert_eq!(
        db.list_ids("recommendations", &["--overdue"]),
        ["REC-11", "REC-6", "REC-15", "REC-9"]
    );
    assert_eq!(db.list_ids("letters", &["--overdue"]), ["LET-5"]);
    assert_eq!(db.list_ids("actions", &["--overdue"]), ["ACT-1", "ACT-5"]);
    assert_eq!(db.list_ids("reports", &["--overdue"]), ["RPT-4", "RPT-6"]);
}

#[test]
fn due_within_lists_unfinished_items_due_by_then_overdue_included() {
    let db = Db::demo();
    let limit = today() + chrono::Duration::days(9);
    let all = db.list("recommendations", &[]);
    let expected: Vec<String> = all
        .iter()
        .filter(|i| is_open("recommendations", i) && due(i).is_some_and(|d| d <= limit))
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let got = db.list_ids("recommendations", &["--due-within", "9"]);
    assert_eq!(got, expected);
    assert_eq!(
        got,
        ["REC-11", "REC-6", "REC-15", "REC-9", "REC-12", "REC-7"]
    );
    // Negative windows reach back: only items at least 4 days late.
    assert_eq!(
        db.list_ids("recommendations", &["--due-within=-4"]),
        ["REC-11", "REC-6", "REC-15"]
    );
}

#[test]
fn status_filter_takes_the_words_however_typed() {
    let db = Db::demo();
    let complete = db.list("recommendations", &["--status", "complete"]);
    assert_eq!(complete.len(), 5);
    assert!(complete.iter().all(|i| i["status"] == "complete"));
    let pending = db.list_ids("recommendations", &["--status", "Pending sign-off"]);
    assert_eq!(pending, ["REC-9"]);
    assert_eq!(
        db.list_ids("recommendations", &["--status", "in_progress"]),
        db.list_ids("recommendations", &["--status", "in progress"])
    );
}

#[test]
fn open_filter_drops_finished_items() {
    let db = Db::demo();
    let open = db.list("recommendations", &["--open"]);
    assert_eq!(open.len(), 9);
    assert!(open.iter().all(|i| is_open("recommendations", i)));
}

#[test]
fn owner_filter_matches_part_of_the_owner_in_any_case() {
    let db = Db::demo();
    assert_eq!(
        db.list_ids("recommendations", &["--owner", "force crime"]),
        ["REC-5", "REC-3", "REC-4"]
    );
    // A letter's sender and a board's chair count as its owner.
    assert_eq!(db.list_ids("letters", &["--owner", "caroline"]), ["LET-5"]);
    assert_eq!(
        db.list_ids("boards", &["--owner", "deputy mayor"]),
        ["BRD-1"]
    );
    assert!(
        db.list("recommendations", &["--owner", "nobody"])
            .is_empty()
    );
}

#[test]
fn search_needs_every_word() {
    let db = Db::demo();
    assert_eq!(
        db.list_ids("recommendations", &["--search", "VAWG plan"]),
        ["REC-12"]
    );
    assert!(
        db.list("recommendations", &["--search", "VAWG zebra"])
            .is_empty()
    );
    // The ID is searchable too.
    assert_eq!(
        db.list_ids("recommendations", &["--search", "REC-12"]),
        ["REC-12"]
    );
}

#[test]
fn filters_combine() {
    let db = Db::demo();
    assert_eq!(
        db.list_ids("recommendations", &["--overdue", "--owner", "victim"]),
        ["REC-9"]
    );
    assert!(
        db.list("recommendations", &["--overdue", "--status", "complete"])
            .is_empty()
    );
}

#[test]
fn search_takes_percent_and_underscore_literally() {
    let db = Db::empty();
    db.ok(&["add", "board", "name=Plan 50% done"]);
    db.ok(&["add", "board", "name=Plan 50 done"]);
    db.ok(&["add", "board", "name=code a_c"]);
    db.ok(&["add", "board", "name=code abc"]);
    assert_eq!(db.list_ids("boards", &["--search", "50%"]), ["BRD-1"]);
    assert_eq!(db.list_ids("boards", &["--search", "a_c"]), ["BRD-3"]);
}

#[test]

fn overdue_filters_on_kinds_without_due_dates_list_nothing() {
    let db = Db::demo();
    for kind in ["boards", "asks", "meetings", "notes"] {
        assert!(db.list(kind, &["--overdue"]).is_empty(), "{kind}");
        assert!(db.list(kind, &["--due-within", "7"]).is_empty(), "{kind}");
    }
}

#[test]
fn list_table_reads_like_a_table() {
    let db = Db::demo();
    let out = db.ok(&["list", "recommendations", "--overdue"]);
    let rows = lines(&out);
    assert!(rows[0].starts_with("ID"), "{out}");
    for col in ["DUE", "STATUS", "OWNER", "CHASED", "TEXT"] {
        assert!(rows[0].contains(col), "{out}");
    }
    assert_eq!(rows.len(), 5, "header and four overdue rows: {out}");
    assert!(rows[1].starts_with("REC-11"), "{out}");
    assert!(rows[1].contains("20d overdue"), "{out}");
    assert!(rows[1].contains("1x, 6d ago"), "{out}");
    assert!(
        rows.iter().all(|l| l == &l.trim_end()),
        "no trailing blanks"
    );
    let none = db.ok(&["list", "recommendations", "--search", "zebra"]);
    assert_eq!(none.trim_end(), "No recommendations match.");
}

#[test]
fn list_csv_has_the_json_columns() {
    let db = Db::demo();
    let out = db.ok(&["list", "letters", "--overdue", "--format", "csv"]);
    let rows = lines(&out);
    let mut header = vec![
        "id",
        "status",
        "due_on",
        "overdue",
        "days_overdue",
        "version",
    ];
    header.extend(own_fields("letters"));
    header.extend(["chases", "last_chased_on", "days_since_chase"]);
    assert_eq!(rows[0], header.join(","));
    assert_eq!(rows.len(), 2, "{out}");
    assert!(
        rows[1].starts_with("LET-5,awaiting_reply,2026-11-20,true,3,"),
        "{out}"
    );
    assert!(rows[1].ends_with(",1,2026-11-19,4"), "{out}");
}

// ---------------------------------------------------------------------------------------
// Adding, changing and showing.

#[test]
fn add_reports_the_new_id_and_version() {
    let db = Db::empty();
    let out = db.ok(&[
        "add",
        "board",
        "name=VAWG Oversight Board",
        "chair=Director",
    ]);
    assert_eq!(
        out.trim_end(),
        "Added BRD-1 (version 1): VAWG Oversight Board"
    );
    let out = db.ok(&["add", "board", "name=Second board"]);
    assert!(out.starts_with("Added BRD-2 (version 1)"), "{out}");
    let board = db.show("BRD-1");
    assert_eq!(board["chair"], "Director");
    assert_eq!(board["status"], "active", "a new board starts active");
}

#[test]
fn add_takes_name_value_and_flag_forms_alike() {
    let db = Db::empty();
    db.ok(&["add", "report", "title=PEEL"]);
    db.ok(&[
        "add",
        "recommendation",
        "report_id=RPT-1",
        "--text",
        "Do the thing",
        "--owner=BCU Commander",
        "due-on=30/06/2027",
    ]);
    let rec = db.show("REC-1");
    assert_eq!(rec["text"], "Do the thing");
    assert_eq!(rec["owner"], "BCU Commander");
    assert_eq!(rec["due_on"], "2027-06-30");
    assert_eq!(rec["original_due_on"], "2027-06-30");
    assert_eq!(rec["status"], "not_started");
    assert_eq!(rec["kind"], "recommendation");
}

#[test]
fn dates_are_read_in_the_forms_analysts_type() {
    let db = Db::empty();
    db.ok(&["add", "board", "name=B"]);
    for (typed, iso) in [
        ("2027-06-30", "2027-06-30"),
        ("30/06/2027", "2027-06-30"),
        ("30 Jun 2027", "2027-06-30"),
        ("15th December 2027", "2027-12-15"),
        ("tomorrow", "2026-11-24"),
        ("+14d", "2026-12-07"),
        ("+2w", "2026-12-07"),
    ] {
        let out = db.ok(&[
            "add",
            "meeting",
            "board_id=BRD-1",
            &format!("held_on={typed}"),
        ]);
        let id = out.split_whitespace().nth(1).unwrap().to_string();
        assert_eq!(db.show(&id)["held_on"], iso, "{typed}");
    }
}

#[test]
fn set_changes_fields_bumps_the_version_and_clears_empty_ones() {
    let db = Db::with_recommendation();
    let out = db.ok(&["set", "REC-1", "owner=Head of Public Protection", "rag=Red"]);
    assert!(out.starts_with("Updated REC-1 (version 2)"), "{out}");
    let rec = db.show("REC-1");
    assert_eq!(rec["owner"], "Head of Public Protection");
    assert_eq!(rec["rag"], "red");
    assert_eq!(rec["version"], 2);
    db.ok(&["set", "REC-1", "rag="]);
    let rec = db.show("REC-1");
    assert!(rec["rag"].is_null());
    assert_eq!(rec["version"], 3);
}

#[test]
fn status_words_are_typed_with_spaces_hyphens_or_capitals() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "status=Pending sign-off"]);
    assert_eq!(db.show("REC-1")["status"], "pending_signoff");
    db.ok(&["set", "REC-1", "status=in-progress"]);
    assert_eq!(db.show("REC-1")["status"], "in_progress");
}

#[test]
fn text_at_the_limit_fits_counted_in_characters() {
    let db = Db::with_recommendation();
    let owner = format!("owner={}", "é".repeat(120));
    db.ok(&["set", "REC-1", &owner]);
    assert_eq!(
        db.show("REC-1")["owner"].as_str().unwrap().chars().count(),
        120
    );
}

#[test]
fn moving_a_due_date_with_a_reason_keeps_the_original_and_the_reason() {
    let db = Db::with_recommendation();
    db.ok(&[
        "set",
        "REC-1",
        "due_on=2027-03-01",
        "--reason",
        "Supplier delay",
    ]);
    let rec = db.show("REC-1");
    assert_eq!(rec["due_on"], "2027-03-01");
    assert_eq!(rec["original_due_on"], "2027-01-18");
    let history = db.history("REC-1");
    let moved = history
        .iter()
        .find(|e| e["field"] == "due_on" && e["new"] == "2027-03-01")
        .expect("the move is in the history");
    assert_eq!(moved["old"], "2027-01-18");
    assert_eq!(moved["reason"], "Supplier delay");
    assert_eq!(moved["who"], ACTOR);
}

#[test]
fn a_first_due_date_needs_no_reason() {
    let db = Db::empty();
    db.ok(&["add", "report", "title=PEEL"]);
    db.ok(&["add", "recommendation", "report_id=RPT-1", "text=Do"]);
    db.ok(&["set", "REC-1", "due_on=2027-01-18"]);
    let rec = db.show("REC-1");
    assert_eq!(rec["due_on"], "2027-01-18");
    assert_eq!(rec["original_due_on"], "2027-01-18");
}

#[test]
fn an_hmicfrs_report_is_due_on_the_s55_last_day_unless_set_by_hand() {
    let db = Db::empty();
    let out = db.ok(&[
        "add",
        "report",
        "title=PEEL 2019",
        "published_on=28 Mar 2019",
    ]);
    assert!(!out.contains("warning"), "{out}");
    assert_eq!(db.show("RPT-1")["due_on"], "2019-05-22");
    assert_eq!(db.show("RPT-1")["due_on_by_hand"], false);
    // Moving the publication day moves the deadline.
    db.ok(&["set", "RPT-1", "published_on=2019-04-01"]);
    assert_eq!(db.show("RPT-1")["due_on"], "2019-05-26");
    // A date typed by hand wins; clearing it hands it back to the rule.
    db.ok(&[
        "set",
        "RPT-1",
        "due_on=2019-06-30",
        "--reason",
        "Extension agreed",
    ]);
    assert_eq!(db.show("RPT-1")["due_on"], "2019-06-30");
    assert_eq!(db.show("RPT-1")["due_on_by_hand"], true);
    db.ok(&["set", "RPT-1", "due_on="]);
    assert_eq!(db.show("RPT-1")["due_on"], "2019-05-26");
    assert_eq!(db.show("RPT-1")["due_on_by_hand"], false);
}

#[test]
fn a_report_before_2017_has_no_s55_deadline_and_says_so() {
    let db = Db::empty();
    let out = db.ok(&[
        "add",
        "report",
        "title=Dishonour",
        "published_on=1 December 2015",
    ]);
    assert!(out.contains("warning:"), "{out}");
    assert!(out.contains("2017-01-31"), "{out}");
    assert!(db.show("RPT-1")["due_on"].is_null());
}

#[test]
fn an_incoming_letter_is_due_twenty_working_days_after_receipt() {
    let db = Db::empty();
    db.ok(&["add", "letter", "subject=VAWG", "received_on=2025-12-12"]);
    let letter = db.show("LET-1");
    assert_eq!(letter["due_on"], "2026-01-14");
    assert_eq!(letter["direction"], "incoming");
    assert_eq!(letter["status"], "awaiting_reply");
    db.ok(&["add", "letter", "subject=Our reply", "direction=outgoing"]);
    let out = db.show("LET-2");
    assert_eq!(out["status"], "no_reply_needed");
    assert!(out["due_on"].is_null());
}

#[test]
fn the_letter_reply_setting_changes_new_letters_due_dates() {
    let db = Db::empty();
    db.ok(&["add", "letter", "subject=Before", "received_on=2025-12-24"]);
    assert_eq!(db.show("LET-1")["due_on"], "2026-01-26");
    db.ok(&["settings", "letter_reply_working_days=5", "letter_clock=uk"]);
    db.ok(&["add", "letter", "subject=After", "received_on=2025-12-24"]);
    // 5 working days UK-wide: Christmas, Boxing Day, New Year's Day and 2 January (a
    // Scottish bank holiday) are skipped: 29, 30, 31 Dec, 5 and 6 Jan.
    assert_eq!(db.show("LET-2")["due_on"], "2026-01-06");
}

#[test]
fn a_new_board_action_is_due_at_the_boards_next_meeting() {
    let db = Db::empty();
    db.ok(&["add", "board", "name=Board"]);
    db.ok(&[
        "add",
        "meeting",
        "board_id=BRD-1",
        "held_on=2026-11-01",
        "status=held",
    ]);
    db.ok(&["add", "meeting", "board_id=BRD-1", "held_on=2027-01-11"]);
    db.ok(&["add", "meeting", "board_id=BRD-1", "held_on=2026-12-14"]);
    db.ok(&["add", "action", "board_id=BRD-1", "text=Report back"]);
    let action = db.show("ACT-1");
    assert_eq!(action["due_on"], "2026-12-14");
    assert_eq!(action["status"], "open");
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "text=Other",
        "due_on=2027-02-01",
    ]);
    assert_eq!(db.show("ACT-2")["due_on"], "2027-02-01");
}

#[test]
fn show_table_lists_fields_notes_and_chases() {
    let db = Db::with_recommendation();
    db.ok(&["note", "REC-1", "Plan promised for the next board"]);
    db.ok_on(
        "2026-11-20",
        &["chase", "REC-1", "--to", "BCU Commander", "--by", "phone"],
    );
    let out = db.ok(&["show", "REC-1"]);
    let rows = lines(&out);
    assert_eq!(rows[0], "REC-1  recommendation  version 1");
    assert!(out.contains("Owner:            BCU Commander"), "{out}");
    assert!(out.contains("Due:              2027-01-18"), "{out}");
    assert!(out.contains("Status:           not started"), "{out}");
    assert!(out.contains("Chased:"), "{out}");
    assert!(out.contains("last 3 days ago"), "{out}");
    assert!(out.contains("Notes:"), "{out}");
    assert!(
        out.contains("2026-11-23 tester (NOTE-1): Plan promised for the next board"),
        "{out}"
    );
    assert!(
        out.contains("2026-11-20 tester [chased BCU Commander by phone] (NOTE-2)"),
        "{out}"
    );
}

#[test]
fn show_json_has_the_children_and_notes() {
    let db = Db::demo();
    let report = db.show("RPT-2");
    assert_eq!(report["deleted"], false);
    let recs: Vec<&str> = report["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(recs, ["REC-5", "REC-3", "REC-4"]);
    assert_eq!(report["letters"][0]["id"], "LET-2");
    let letter = db.show("LET-3");
    assert_eq!(letter["asks"].as_array().unwrap().len(), 5);
    assert!(letter["notes"].as_array().unwrap().is_empty());
    let rec = db.show("REC-6");
    let notes = rec["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    for note in notes {
        assert_eq!(note["item_id"], "REC-6");
        assert!(note.get("overdue").is_none(), "notes have no deadline keys");
    }
}

#[test]
fn show_says_whether_a_report_response_was_on_time() {
    let db = Db::demo();
    let out = db.ok(&["show", "RPT-2"]);
    assert!(
        out.contains("LET-2 dated 2018-09-07: on time, 3 days before the last day"),
        "{out}"
    );
}

#[test]
fn tables_never_pass_terminal_escapes_but_json_keeps_the_text() {
    let db = Db::empty();
    let name = "Evil\u{1b}[31mRed\u{1b}[0m board";
    let out = db.ok(&["add", "board", &format!("name={name}")]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    for args in [vec!["list", "boards"], vec!["show", "BRD-1"]] {
        let out = db.ok(&args);
        assert!(!out.contains('\u{1b}'), "{args:?}: {out:?}");
        assert!(out.contains("Red"), "{out}");
    }
    assert_eq!(db.show("BRD-1")["name"], name);
}

// ---------------------------------------------------------------------------------------
// Completing, notes, chases, deleting and history.

#[test]
fn completing_a_recommendation_records_the_evidence_and_the_day() {
    let db = Db::with_recommendation();
    let out = db.ok(&["complete", "REC-1", "--evidence", "Audit of 50 cases"]);
    assert_eq!(out.trim_end(), "REC-1 is now complete.");
    let rec = db.show("REC-1");
    assert_eq!(rec["status"], "complete");
    assert_eq!(rec["evidence"], "Audit of 50 cases");
    assert_eq!(rec["completed_on"], TODAY);
    assert_eq!(rec["overdue"], false);
    // Reopening clears the completion day.
    db.ok(&["set", "REC-1", "status=in progress"]);
    assert!(db.show("REC-1")["completed_on"].is_null());
}

#[test]
fn completing_on_an_earlier_day() {
    let db = Db::with_recommendation();
    db.ok(&["complete", "REC-1", "--evidence", "Audit", "--on=-3d"]);
    assert_eq!(db.show("REC-1")["completed_on"], "2026-11-20");
}

#[test]
fn complete_means_the_right_word_for_each_kind() {
    let db = Db::empty();
    db.ok(&[
        "add",
        "letter",
        "subject=Questions",
        "received_on=2026-11-02",
    ]);
    db.ok(&[
        "add",
        "ask",
        "letter_id=LET-1",
        "number=1",
        "text=How many?",
    ]);
    db.ok(&["add", "board", "name=Board"]);
    db.ok(&[
        "add",
        "action",
        "board_id=BRD-1",
        "text=Do",
        "due_on=2026-12-01",
    ]);
    db.ok(&["add", "report", "title=PEEL", "published_on=2026-11-01"]);

    let out = db.ok(&["complete", "ASK-1", "--evidence", "Twelve"]);
    assert_eq!(out.trim_end(), "ASK-1 is now answered.");
    assert_eq!(db.show("ASK-1")["answer"], "Twelve");

    db.ok(&["complete", "LET-1", "--on", "2026-11-20"]);
    let letter = db.show("LET-1");
    assert_eq!(letter["status"], "replied");
    assert_eq!(letter["replied_on"], "2026-11-20");

    db.ok(&["complete", "ACT-1"]);
    let action = db.show("ACT-1");
    assert_eq!(action["status"], "done");
    assert_eq!(action["done_on"], TODAY);

    db.ok(&["complete", "RPT-1"]);
    assert_eq!(db.show("RPT-1")["status"], "responded");
}

#[test]
fn notes_are_dated_and_signed() {
    let db = Db::with_recommendation();
    let out = db.ok(&["note", "REC-1", "Plan promised for the next board"]);
    assert_eq!(out.trim_end(), "Added NOTE-1 to REC-1.");
    let note = db.show("NOTE-1");
    assert_eq!(note["item_id"], "REC-1");
    assert_eq!(note["kind"], "note");
    assert_eq!(note["noted_on"], TODAY);
    assert_eq!(note["author"], ACTOR);
    assert_eq!(note["text"], "Plan promised for the next board");
    // A note is not a chase.
    assert_eq!(db.show("REC-1")["chases"], 0);
    assert_eq!(db.list("notes", &[]).len(), 1);
}

#[test]
fn chases_are_counted_and_aged_in_lists() {
    let db = Db::with_recommendation();
    let out = db.ok_on("2026-11-10", &["chase", "REC-1", "--to", "BCU Commander"]);
    assert_eq!(out.trim_end(), "Recorded chase NOTE-1 of REC-1 (1 so far).");
    let out = db.ok_on(
        "2026-11-16",
        &[
            "chase",
            "REC-1",
            "--to",
            "Chief of Staff",
            "--by",
            "meeting",
            "--note",
            "Agreed a date",
        ],
    );
    assert_eq!(out.trim_end(), "Recorded chase NOTE-2 of REC-1 (2 so far).");
    let rec = &db.list("recommendations", &[])[0];
    assert_eq!(rec["chases"], 2);
    assert_eq!(rec["last_chased_on"], "2026-11-16");
    assert_eq!(rec["days_since_chase"], 7);
    let first = db.show("NOTE-1");
    assert_eq!(first["kind"], "chase");
    assert_eq!(first["chased"], "BCU Commander");
    assert_eq!(first["chase_method"], "email");
    assert_eq!(first["text"], "Chased BCU Commander by email");
    let second = db.show("NOTE-2");
    assert_eq!(second["chase_method"], "meeting");
    assert_eq!(second["text"], "Agreed a date");
}

#[test]
fn delete_hides_an_item_but_keeps_it() {
    let db = Db::with_recommendation();
    let out = db.ok(&["delete", "REC-1"]);
    assert!(out.contains("Deleted REC-1"), "{out}");
    assert!(out.contains("oversight undo"), "{out}");
    assert!(db.list("recommendations", &[]).is_empty());
    let rec = db.show("REC-1");
    assert_eq!(rec["deleted"], true);
    assert_eq!(
        rec["text"],
        "Review every domestic abuse risk assessment within 24 hours"
    );
    let table = db.ok(&["show", "REC-1"]);
    assert!(lines(&table)[0].contains("(deleted)"), "{table}");
    // The report no longer lists it.
    assert!(
        db.show("RPT-1")["recommendations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn deleting_with_the_current_version_works() {
    let db = Db::with_recommendation();
    db.ok(&["delete", "REC-1", "--if-version", "1"]);
    assert_eq!(db.show("REC-1")["deleted"], true);
}

#[test]
fn history_lists_every_change_in_order() {
    let db = Db::with_recommendation();
    db.ok(&["set", "REC-1", "owner=Head of Public Protection"]);
    db.ok(&["complete", "REC-1", "--evidence", "Audit"]);
    let history = db.history("REC-1");
    for e in &history {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "at", "who", "change", "field", "old", "new", "reason", "meeting"
            ]
        );
        assert_eq!(e["who"], ACTOR);
        assert_eq!(e["change"], "change");
    }
    let fields: Vec<&str> = history
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields[0], "created");
    let owner = history
        .iter()
        .find(|e| e["field"] == "owner" && !e["old"].is_null());
    let owner = owner.expect("the owner change");
    assert_eq!(owner["old"], "BCU Commander");
    assert_eq!(owner["new"], "Head of Public Protection");
    assert_eq!(
        &fields[fields.len() - 3..],
        ["status", "completed_on", "evidence"]
    );
    let table = db.ok(&["history", "REC-1"]);
    let rows = lines(&table);
    for col in ["WHEN", "WHO", "CHANGE", "FIELD", "OLD", "NEW", "REASON"] {
        assert!(rows[0].contains(col), "{table}");
    }
    assert_eq!(rows.len(), history.len() + 1, "{table}");
    assert!(table.contains("Head of Public Protection"), "{table}");
}

// ---------------------------------------------------------------------------------------
// Files and setup.

#[cfg(unix)]
#[test]
fn a_fresh_database_is_readable_by_its_owner_only() {
    // The default database: made on first use, its folders too (a path given with --db
    // must be in a folder that exists).
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("new/data");
    let out = common::bare()
        .env("XDG_DATA_HOME", &data)
        .args(["--today", TODAY])
        .args(["add", "board", "name=Board"])
        .output()
        .unwrap();
    common::success(&out, "add board on the default database");
    assert_eq!(
        common::mode(&data.join("oversight/oversight.sqlite")),
        0o600
    );
    assert_eq!(common::mode(&data.join("oversight")), 0o700);
    assert_eq!(common::mode(&data), 0o700);
    assert_eq!(common::mode(&dir.path().join("new")), 0o700);
}

#[cfg(unix)]
#[test]
fn init_creates_a_private_database_and_says_where() {
    let db = Db::unmade();
    let out = db.ok(&["init"]);
    assert!(out.contains("Database ready at"), "{out}");
    assert!(out.contains(db.db_arg()), "{out}");
    assert_eq!(common::mode(&db.path), 0o600);
    assert!(db.list("recommendations", &[]).is_empty());
}

#[test]
fn init_demo_fills_an_empty_database() {
    let db = Db::unmade();
    let out = db.ok(&["init", "--demo"]);
    assert!(out.contains("57 demo items"), "{out}");
    assert_eq!(db.list("recommendations", &[]).len(), 15);
}

#[test]
fn demo_replaces_an_earlier_demo() {
    // Only one nobody has changed since (tests/cli_db_and_demo.rs has the refusals).
    let db = Db::demo();
    let out = db.ok(&["demo"]);
    assert!(out.contains("Demo database with 57 items"), "{out}");
    assert!(out.contains(&format!("--db {}", db.db_arg())), "{out}");
    assert_eq!(
        db.list("recommendations", &[]).len(),
        15,
        "one demo, not two"
    );
}

#[test]
fn check_says_ok_on_a_sound_database() {
    let db = Db::demo();
    let out = db.ok(&["check"]);
    assert!(out.starts_with("ok:"), "{out}");
    assert!(out.contains("integrity"), "{out}");
}

#[test]

fn a_letter_turned_outgoing_loses_its_rule_made_reply_date() {
    let db = Db::empty();
    db.ok(&["add", "letter", "subject=Ours", "received_on=2026-10-01"]);
    assert_eq!(db.show("LET-1")["due_on"], "2026-10-29");
    db.ok(&["set", "LET-1", "direction=outgoing"]);
    assert!(
        db.show("LET-1")["due_on"].is_null(),
        "the reply date came from the incoming-letter rule, not from a person"
    );
    assert!(db.list("letters", &["--overdue"]).is_empty());
}

#[test]
fn a_report_due_date_follows_its_source() {
    let db = Db::empty();
    db.ok(&[
        "add",
        "report",
        "title=T",
        "published_on=2026-10-01",
        "source=other",
    ]);
    assert!(db.show("RPT-1")["due_on"].is_null(), "no rule for 'other'");
    db.ok(&["set", "RPT-1", "source=hmicfrs"]);
    assert_eq!(db.show("RPT-1")["due_on"], "2026-11-25");
    db.ok(&["set", "RPT-1", "source=coroner"]);
    assert_eq!(db.show("RPT-1")["due_on"], "2026-11-26");
}
