//! `oversight import` of letters from text, on the real binary: the dry run (exact JSON, writes
//! nothing), storing (letter, asks, report, recommendations, audit trail), duplicates, s55,
//! bad files, hostile text, and the three shared real letters when ../shared/letters exists.

mod common;

use std::path::{Path, PathBuf};

use common::{Db, assert_one_line_error, bare, stderr, stdout};
use serde_json::{Value, json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/letters")
        .join(name)
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `import --dry-run --format json FILE`: the one object printed.
fn dry_run(db: &Db, name: &str) -> Value {
    let f = fixture(name);
    let out = db.ok(&["import", "--dry-run", "--format", "json", arg(&f)]);
    assert_eq!(out.lines().count(), 1, "one object a line: {out}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn dry_run_prints_the_fields_and_writes_nothing() {
    let db = Db::empty();
    let before = db.snapshot();
    let mut got = dry_run(&db, "peel-response-late.txt");
    // Where each field was read, and how sure: the date from its own line in the header.
    let sources = got.as_object_mut().unwrap().remove("sources").unwrap();
    assert_eq!(
        sources["date"],
        json!({"line": 18, "confidence": "high", "how": "a date line in the header"})
    );
    for field in [
        "reference",
        "sender",
        "recipient",
        "subject",
        "report",
        "cc",
    ] {
        assert_eq!(sources[field]["confidence"], "high", "{field}: {sources}");
    }
    assert_eq!(
        got,
        json!({
            "date": "2019-05-24",
            "reference": "MOPAC080519-D2683",
            "received_on": "2019-05-08",
            "sender": "Sophie Linden, Deputy Mayor for Policing and Crime",
            "recipient": "Sir Thomas Winsor, HM Chief Inspector of Constabulary, HMICFRS, Globe House, 89 Eccleston Square, London SW1V 1PN",
            "cc": "Rt Hon Sajid Javid MP, Home Secretary",
            "subject": "PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Metropolitan Police Service",
            "salutation": "Dear Sir Thomas",
            "asks": [],
            "report": {
                "title": "PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – Metropolitan Police Service",
                "kind": "PEEL report",
                "inspectorate": "Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services",
                "published_on": "2019-03-28",
                "recommendations": [
                    {"ref": "R1", "kind": "recommendation",
                     "text": "The force should improve how it identifies vulnerable victims at first point of contact.",
                     "response": "The MPS has introduced a new vulnerability assessment framework in its contact centres and all call handlers have been trained in its use."},
                    {"ref": "R2", "kind": "recommendation",
                     "text": "The force should ensure that investigations are allocated to officers with the right skills.",
                     "response": "A new allocation policy was agreed in April 2019. Compliance will be reviewed at the Oversight Board."},
                    {"ref": "AFI 1", "kind": "area_for_improvement",
                     "text": "The force should improve its understanding of demand.",
                     "response": "The MPS demand review reports to MOPAC in the autumn."}
                ]
            },
            "s55": {"last_day": "2019-05-22", "late_by_days": 2},
            "warnings": []
        })
    );
    assert_eq!(before, db.snapshot(), "a dry run writes nothing");
}

#[test]
fn dry_run_never_creates_a_database() {
    let db = Db::unmade();
    let f = fixture("councillor-asks-bullets.txt");
    // Without a database (none named, no default one) the letter is read all the same.
    let out = common::bare()
        .args(["--today", common::TODAY, "import", "--dry-run", arg(&f)])
        .output()
        .unwrap();
    let out = common::success(&out, "import --dry-run without a database");
    assert!(out.contains("Knife crime in Newham town centre"), "{out}");
    assert!(out.contains("ask 3."), "{out}");
    // A database named with --db must exist: a mistyped path is caught, not made.
    let out = db.run(&["import", "--dry-run", arg(&f)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stderr(&out).contains("no database at"), "{out:?}");
    assert!(!db.path.exists(), "--dry-run created {}", db.path.display());
}

#[test]
fn dry_run_json_is_one_object_per_letter_in_file_order() {
    let db = Db::empty();
    let (a, b) = (
        fixture("latin1-windows.txt"),
        fixture("bom-curly-quotes.txt"),
    );
    let out = db.ok(&["import", "--dry-run", "--format", "json", arg(&a), arg(&b)]);
    let objects: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 2);
    assert_eq!(
        objects[0]["sender"],
        "Zoë Ågren, Secretary, Soho Traders’ Association"
    );
    assert_eq!(
        objects[0]["subject"],
        "Café licensing and late-night policing"
    );
    assert_eq!(objects[1]["subject"], "“Stop and search” data for Lambeth");
    assert_eq!(
        objects[1]["sender"],
        "Mark Lewis, Detective Chief Superindendent, Lambeth and Southwark BCU"
    );
    assert_eq!(objects[1]["date"], "2020-11-02");
    assert_eq!(objects[1]["asks"].as_array().unwrap().len(), 3);
}

#[test]
fn an_imported_letter_lists_shows_and_has_history() {
    let db = Db::empty();
    let f = fixture("councillor-asks-bullets.txt");
    let out = db.ok(&["import", arg(&f)]);
    assert!(
        out.starts_with(&format!(
            "{}: created LET-1 \"Knife crime in Newham town centre\" (incoming, 3 asks)",
            f.display()
        )),
        "{out}"
    );
    let letters = db.list("letters", &[]);
    assert_eq!(letters.len(), 1);
    let l = &letters[0];
    assert_eq!(l["id"], "LET-1");
    assert_eq!(l["direction"], "incoming");
    assert_eq!(l["status"], "awaiting_reply");
    assert_eq!(l["reference"], "MOPAC041022-D3001");
    assert_eq!(l["dated_on"], "2022-10-03");
    assert_eq!(l["received_on"], "2022-10-04");
    assert_eq!(
        l["sender"],
        "Cllr Amina Rahman, Chair, Community Safety Scrutiny Committee, London Borough of Newham"
    );
    // The reply is due by the letter rule from the day received (the reference's date).
    let due = common::bare_ok(&["deadline", "2022-10-04", "--rule", "letter"]);
    assert_eq!(l["due_on"], due.lines().next().unwrap());
    assert_eq!(
        l["body"],
        std::fs::read_to_string(&f).unwrap(),
        "the whole letter is kept as written"
    );
    let shown = db.show("LET-1");
    let asks = shown["asks"].as_array().unwrap();
    assert_eq!(asks.len(), 3);
    assert_eq!(asks[0]["number"], 1);
    assert_eq!(
        asks[1]["text"],
        "What funding has MOPAC provided to violence reduction projects in the borough since 2020?"
    );
    assert!(
        asks.iter()
            .all(|a| a["status"] == "open" && a["answer"].is_null())
    );
    let table = db.ok(&["show", "LET-1"]);
    assert!(
        table.contains("Knife crime in Newham town centre"),
        "{table}"
    );
    let history = db.history("LET-1");
    assert_eq!(history[0]["field"], "created");
    assert_eq!(history[0]["who"], common::ACTOR);
    assert!(
        history
            .iter()
            .any(|h| h["field"] == "reference" && h["new"] == "MOPAC041022-D3001")
    );
    // One change: undo takes back the letter and its asks together.
    let undone = db.ok(&["undo"]);
    assert!(
        undone.starts_with("Undid your import of LET-1 with"),
        "{undone}"
    );
    assert!(db.list("letters", &[]).is_empty());
    assert!(db.list("asks", &[]).is_empty());
}

#[test]
fn a_reply_stores_its_answers() {
    let db = Db::empty();
    let f = fixture("reply-lettered-answers.txt");
    db.ok(&["import", arg(&f)]);
    let l = db.show("LET-1");
    assert_eq!(l["direction"], "outgoing");
    assert_eq!(l["status"], "no_reply_needed");
    assert_eq!(l["received_on"], "2014-12-01", "DDMMYYYY reference");
    assert_eq!(l["cc"], "Chair, Police and Crime Committee");
    let asks = l["asks"].as_array().unwrap();
    assert_eq!(asks.len(), 3);
    assert_eq!(
        asks[1]["text"],
        "When will the new model be reviewed, and by whom?"
    );
    assert_eq!(
        asks[1]["answer"],
        "The model will be reviewed after twelve months by the MOPAC Evidence and Insight team.\n\nThe review will report to the Police and Crime Committee."
    );
    assert!(asks.iter().all(|a| a["status"] == "answered"));
}

#[test]
fn reimporting_a_letter_does_not_duplicate_it() {
    let db = Db::empty();
    let with_ref = fixture("councillor-asks-bullets.txt");
    let without_ref = fixture("latin1-windows.txt");
    db.ok(&["import", arg(&with_ref), arg(&without_ref)]);
    let before = db.snapshot();
    let out = db.ok(&["import", arg(&with_ref), arg(&without_ref)]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "{}: already stored as LET-1 (same reference): skipped",
                with_ref.display()
            ),
            format!(
                "{}: already stored as LET-2 (same date, sender and subject): skipped",
                without_ref.display()
            ),
        ]
    );
    assert_eq!(before, db.snapshot(), "nothing written for a duplicate");
    let dry = db.ok(&["import", "--dry-run", arg(&with_ref)]);
    assert!(dry.contains("already stored as LET-1"), "{dry}");
}

#[test]
fn a_response_links_to_the_stored_report_and_adds_its_recommendations() {
    let db = Db::empty();
    db.ok(&[
        "add",
        "report",
        "title=PEEL: Police effectiveness, efficiency and legitimacy 2018/19",
        "published_on=28 March 2019",
    ]);
    let f = fixture("peel-response-late.txt");
    let out = db.ok(&["import", arg(&f)]);
    assert!(out.contains("linked to report RPT-1"), "{out}");
    assert!(
        out.contains("s55 last day 2019-05-22: LATE by 2 days"),
        "{out}"
    );
    assert_eq!(db.list_ids("reports", &[]), ["RPT-1"], "no second report");
    let report = db.show("RPT-1");
    assert_eq!(report["response_letter_id"], "LET-1");
    assert_eq!(report["status"], "responded");
    assert_eq!(report["due_on"], "2019-05-22");
    let recs = report["recommendations"].as_array().unwrap();
    let refs: Vec<&str> = recs.iter().map(|r| r["ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["R1", "R2", "AFI 1"]);
    assert_eq!(recs[2]["kind"], "area_for_improvement");
    let letter = db.show("LET-1");
    assert_eq!(letter["report_id"], "RPT-1");
    assert_eq!(letter["direction"], "outgoing");
    let notes = db.show(recs[0]["id"].as_str().unwrap())["notes"].clone();
    assert!(
        notes[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Response in LET-1: The MPS has introduced"),
        "{notes}"
    );
    let shown = db.ok(&["show", "RPT-1"]);
    assert!(
        shown.contains("LET-1 dated 2019-05-24: LATE by 2 days"),
        "{shown}"
    );
}

#[test]
fn a_report_named_in_two_letters_is_created_once() {
    let db = Db::empty();
    let f = fixture("pre-2017-report.txt");
    let out = db.ok(&["import", arg(&f)]);
    assert!(out.contains("report RPT-1 created"), "{out}");
    assert!(out.contains("no statutory deadline"), "{out}");
    // A second letter about the same report (another reference) links to it.
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("MOPAC101016-30001", "MOPAC111016-30002");
    let second = db.file("second.txt");
    std::fs::write(&second, text).unwrap();
    let out = db.ok(&["import", arg(&second)]);
    assert!(out.contains("linked to report RPT-1"), "{out}");
    assert_eq!(db.list_ids("reports", &[]), ["RPT-1"]);
    let report = db.show("RPT-1");
    assert_eq!(report["title"], "Missing children: who cares?");
    assert_eq!(report["published_on"], "2016-03-22");
    assert!(report["due_on"].is_null(), "no s55 deadline before 2017");
    assert_eq!(
        report["response_letter_id"], "LET-1",
        "the first response stays"
    );
}

#[test]
fn bad_files_are_refused_with_one_line_and_nothing_written() {
    let db = Db::empty();
    for (name, says) in [
        ("empty.txt", "the file is empty"),
        ("binary.txt", "binary data"),
        ("word-document.docx.txt", "zip archive"),
    ] {
        let f = fixture(name);
        for dry in [false, true] {
            let mut args = vec!["import"];
            if dry {
                args.push("--dry-run");
            }
            args.push(arg(&f));
            let err = db.refuse(&args);
            assert!(err.contains(name) && err.contains(says), "{err}");
            assert!(err.contains("nothing imported"), "{err}");
        }
    }
    let blank = db.file("blank.txt");
    std::fs::write(&blank, " \r\n\r\n\t\n").unwrap();
    assert!(
        db.refuse(&["import", arg(&blank)])
            .contains("only blank lines")
    );
    assert!(
        db.refuse(&["import", arg(&db.file("missing.txt"))])
            .contains("missing.txt")
    );
}

#[test]
fn one_bad_file_among_good_ones_fails_alone() {
    let db = Db::empty();
    let good = fixture("latin1-windows.txt");
    let bad = fixture("binary.txt");
    let out = db.run(&["import", arg(&bad), arg(&good)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_one_line_error(&err, "import binary + good");
    assert!(err.contains("binary.txt"), "{err}");
    assert!(stdout(&out).contains("created LET-1"), "{}", stdout(&out));
    assert_eq!(db.list_ids("letters", &[]), ["LET-1"]);
}

#[test]
fn hostile_text_is_stored_as_written_and_never_printed_raw() {
    let db = Db::empty();
    let f = fixture("hostile-escapes.txt");
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\u{202e}') || s.contains('\u{7}');
    for format in ["table", "json"] {
        let out = db.ok(&["import", "--dry-run", "--format", format, arg(&f)]);
        assert!(!raw(&out), "dry run {format} printed raw controls: {out:?}");
    }
    let out = db.ok(&["import", arg(&f)]);
    assert!(!raw(&out), "{out:?}");
    for args in [
        vec!["list", "letters"],
        vec!["list", "asks"],
        vec!["show", "LET-1"],
        vec!["history", "LET-1"],
    ] {
        let out = db.ok(&args);
        assert!(!raw(&out), "{args:?} printed raw controls: {out:?}");
        assert!(out.contains('␛'), "{args:?} shows the escape: {out}");
    }
    let letter = db.show("LET-1");
    assert_eq!(
        letter["subject"],
        "Request about \u{1b}]0;pwned\u{7}custody \u{1b}[2Jrecords \u{202e}txt.exe",
        "stored as written"
    );
    assert_eq!(
        letter["sender"],
        "Mallory \u{1b}[1mEvil\u{1b}[0m, Director, Campaign for \u{202e}Transparency"
    );
}

#[test]
fn a_json_export_still_restores_and_is_refused_by_dry_run() {
    let source = Db::with_recommendation();
    let export = source.file("export.json");
    source.ok(&["export", "-o", arg(&export)]);
    let db = Db::empty();
    let err = db.refuse(&["import", "--dry-run", arg(&export)]);
    assert!(err.contains("JSON export"), "{err}");
    let out = db.ok(&["import", arg(&export)]);
    assert!(out.starts_with("Imported 2 items"), "{out}");
    // An export under another name is recognised by its content.
    let renamed = db.file("export.txt");
    std::fs::copy(&export, &renamed).unwrap();
    let fresh = Db::empty();
    assert!(
        fresh
            .ok(&["import", arg(&renamed)])
            .starts_with("Imported 2 items")
    );
}

#[test]
fn import_json_output_names_what_was_made() {
    let db = Db::empty();
    let f = fixture("peel-response-late.txt");
    let out = db.ok(&["import", "--format", "json", arg(&f)]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["outcome"], "created");
    assert_eq!(v["letter_id"], "LET-1");
    assert_eq!(v["report_id"], "RPT-1");
    assert_eq!(v["report"], "created");
    assert_eq!(v["recommendation_ids"], json!(["REC-1", "REC-2", "REC-3"]));
    assert_eq!(
        v["s55"],
        json!({"last_day": "2019-05-22", "late_by_days": 2})
    );
}

#[test]
fn import_needs_a_file() {
    let db = Db::empty();
    db.usage_error(&["import"]);
    let out = bare().args(["import", "--help"]).output().unwrap();
    assert!(stdout(&out).contains("--dry-run"));
}

/// The three real letters, when ../shared/letters is there (CI may run without it).
#[test]
fn the_shared_letters_import_with_every_field_right() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/letters");
    let names = [
        "2016-05-04-depths-of-dishonour-response.txt",
        "2018-09-07-crime-data-integrity-response.txt",
        "2021-10-20-vawg-reply-to-councillors.txt",
    ];
    if !names.iter().all(|n| dir.join(n).is_file()) {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let db = Db::empty();
    let files: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    let dry: Vec<Value> = {
        let mut args = vec!["import", "--dry-run", "--format", "json"];
        args.extend(files.iter().map(|p| arg(p)));
        db.ok(&args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    assert_eq!(dry[0]["date"], "2016-05-04");
    assert_eq!(dry[0]["reference"], "MOPAC030516-22423");
    assert_eq!(dry[0]["received_on"], "2016-05-03");
    assert_eq!(
        dry[0]["sender"],
        "Helen Bailey, Chief Operating Officer, Mayor's Office for Policing and Crime"
    );
    assert_eq!(
        dry[0]["recipient"],
        "Rt Hon Theresa May MP, Home Secretary, 2 Marsham Street, London, SW1P 4DF"
    );
    assert_eq!(dry[0]["cc"], "PCC@hmic.gsi.gov.uk");
    assert_eq!(
        dry[0]["subject"],
        "The depths of dishonour: Hidden voices and shameful crimes"
    );
    assert_eq!(dry[0]["salutation"], "Dear Home Secretary");
    assert_eq!(dry[0]["asks"], json!([]));
    assert_eq!(
        dry[0]["report"]["inspectorate"],
        "Her Majesty's Inspectorate of Constabulary"
    );
    assert_eq!(
        dry[0]["report"]["published_on"],
        Value::Null,
        "only the month is given"
    );
    assert_eq!(dry[0]["s55"], Value::Null);

    assert_eq!(dry[1]["date"], "2018-09-07");
    assert_eq!(dry[1]["reference"], "MOPAC06092018-D2188");
    assert_eq!(dry[1]["received_on"], "2018-09-06");
    assert_eq!(
        dry[1]["sender"],
        "Sophie Linden, Deputy Mayor for Policing and Crime"
    );
    assert_eq!(
        dry[1]["recipient"],
        "Rt Hon Sajid Javid MP, Home Secretary, 2 Marsham Street, London SW1P 4DF"
    );
    assert_eq!(dry[1]["cc"], "PCC@hmic.gsi.gov.uk");
    assert_eq!(
        dry[1]["subject"],
        "Force report for the Crime Data Integrity inspection"
    );
    assert_eq!(dry[1]["salutation"], "Dear Sajid");
    assert_eq!(dry[1]["report"]["published_on"], "2018-07-17");
    assert_eq!(
        dry[1]["s55"],
        json!({"last_day": "2018-09-10", "late_by_days": 0})
    );
    assert_eq!(dry[1]["warnings"], json!([]));

    assert_eq!(dry[2]["date"], "2021-10-20");
    assert_eq!(dry[2]["reference"], Value::Null);
    assert_eq!(dry[2]["sender"], "Cressida Dick, Commissioner");
    assert_eq!(dry[2]["recipient"], "Councillors and Assembly Members");
    assert_eq!(
        dry[2]["salutation"],
        "Dear Councillors and Assembly Members"
    );
    assert_eq!(dry[2]["asks"].as_array().unwrap().len(), 10);
    assert!(
        dry[2]["asks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["answer"].is_string())
    );

    let mut args = vec!["import"];
    args.extend(files.iter().map(|p| arg(p)));
    let out = db.ok(&args);
    assert_eq!(out.matches(": created LET-").count(), 3, "{out}");
    let cdi = db.show("LET-2");
    assert_eq!(cdi["report_id"], "RPT-2");
    let report = db.show("RPT-2");
    assert_eq!(report["published_on"], "2018-07-17");
    assert_eq!(report["due_on"], "2018-09-10");
    assert_eq!(report["response_letter_id"], "LET-2");
    let vawg = db.show("LET-3");
    assert_eq!(vawg["asks"].as_array().unwrap().len(), 10);
    assert_eq!(
        vawg["status"], "no_reply_needed",
        "a reply answering every ask"
    );
    // Again: nothing new.
    let again = db.ok(&args);
    assert_eq!(again.matches("already stored as").count(), 3, "{again}");
}

#[test]
fn an_outgoing_letter_with_asks_awaits_the_answers() {
    let db = Db::empty();
    let dry = dry_run(&db, "outgoing-asks-to-bcu.txt");
    assert_eq!(
        dry["sender"],
        "Sophie Linden, Deputy Mayor for Policing and Crime"
    );
    assert_eq!(dry["asks"].as_array().unwrap().len(), 2);
    assert!(
        dry["asks"][1]["text"]
            .as_str()
            .unwrap()
            .contains("the HMICFRS report said"),
        "the ask mentions a report in passing"
    );
    assert_eq!(dry["report"], Value::Null, "a passing mention is no report");
    assert_eq!(
        dry["warnings"],
        json!(["mentions an inspection report but names no title and date: not linked"])
    );

    let f = fixture("outgoing-asks-to-bcu.txt");
    let out = db.ok(&["import", arg(&f)]);
    // 20 working days (England & Wales) after the letter's date.
    let due = common::bare_ok(&["deadline", "2026-11-02", "--working-days", "20"]);
    let due = due.lines().next().unwrap();
    assert_eq!(due, "2026-11-30");
    assert!(
        out.contains(&format!(
            "created LET-1 \"Stop and search in Harrow and Brent\" (outgoing, 2 asks); reply due {due}"
        )),
        "{out}"
    );
    assert!(db.list("reports", &[]).is_empty(), "no report invented");
    let letters = db.list("letters", &["--open"]);
    assert_eq!(letters.len(), 1, "the letters pane lists it");
    let l = &letters[0];
    assert_eq!(l["direction"], "outgoing");
    assert_eq!(l["status"], "awaiting_reply");
    assert_eq!(l["due_on"], due);
    assert_eq!(l["report_id"], Value::Null);
    // The recipient owes the answer.
    assert_eq!(
        db.list_ids("letters", &["--owner", "priya khanna"]),
        ["LET-1"]
    );
    assert!(
        db.ok(&["list", "letters"])
            .contains("Detective Chief Super"),
        "the owner column names the recipient"
    );
    // It is chased like any other letter, and overdue once the day has passed.
    db.ok(&["chase", "LET-1", "--to", "DCS Khanna"]);
    let late = db.ok_on("2026-12-01", &["list", "letters", "--overdue"]);
    assert!(
        late.contains("LET-1") && late.contains("1d overdue"),
        "{late}"
    );
}

#[test]
fn the_outgoing_reply_days_are_a_setting_and_a_response_without_asks_needs_none() {
    let db = Db::empty();
    db.ok(&["settings", "outgoing_reply_working_days=10"]);
    assert!(
        db.ok(&["settings"])
            .contains("outgoing_reply_working_days = 10"),
        "the settings list shows it"
    );
    let f = fixture("outgoing-asks-to-bcu.txt");
    let out = db.ok(&["import", "--format", "json", arg(&f)]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let due = common::bare_ok(&["deadline", "2026-11-02", "--working-days", "10"]);
    assert_eq!(v["status"], "awaiting_reply");
    assert_eq!(v["due_on"], due.lines().next().unwrap());
    assert_eq!(v["report_id"], Value::Null);
    // A date typed by hand wins over the rule.
    db.ok(&["set", "LET-1", "due_on=2026-12-18"]);
    assert_eq!(db.show("LET-1")["due_on"], "2026-12-18");

    let peel = fixture("peel-response-late.txt");
    let v: Value =
        serde_json::from_str(&db.ok(&["import", "--format", "json", arg(&peel)])).unwrap();
    assert_eq!(
        v["status"], "no_reply_needed",
        "an s55 response asks nothing"
    );
    assert_eq!(v["due_on"], Value::Null);
    assert_eq!(db.show("LET-2")["status"], "no_reply_needed");
    assert_eq!(db.list_ids("letters", &["--open"]), ["LET-1"]);
}

#[test]
fn an_incoming_letter_without_a_received_date_is_due_from_its_own_date() {
    let db = Db::empty();
    let dry = dry_run(&db, "incoming-no-received-date.txt");
    assert_eq!(dry["reference"], "LA/PCC/2026/117");
    assert_eq!(dry["date"], "2026-11-03");
    assert_eq!(dry["received_on"], "2026-11-03");
    assert_eq!(
        dry["warnings"],
        json!(["received date not found: taken as the letter's date 3 Nov 2026; check it"])
    );

    let f = fixture("incoming-no-received-date.txt");
    let out = db.ok(&["import", "--format", "json", arg(&f)]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let due = common::bare_ok(&["deadline", "2026-11-03", "--rule", "letter"]);
    let due = due.lines().next().unwrap();
    assert_eq!(v["status"], "awaiting_reply");
    assert_eq!(v["due_on"], due);
    assert_eq!(
        v["warnings"],
        json!(["received date not found: taken as the letter's date 3 Nov 2026; check it"])
    );
    let l = db.show("LET-1");
    assert_eq!(l["received_on"], "2026-11-03");
    assert_eq!(l["due_on"], due);
    assert_eq!(l["status"], "awaiting_reply");

    // Without a date at all: the day of import, said as such.
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("3 November 2026\n", "")
        .replace("LA/PCC/2026/117", "LA/PCC/2026/118");
    let undated = db.file("undated.txt");
    std::fs::write(&undated, text).unwrap();
    let out = db.ok(&["import", arg(&undated)]);
    assert!(
        out.contains(
            "warning: received date not found: taken as today, the day of import, 23 Nov 2026; \
             check it"
        ),
        "{out}"
    );
    let l = db.show("LET-2");
    assert_eq!(l["dated_on"], Value::Null);
    assert_eq!(l["received_on"], common::TODAY);
    let due = common::bare_ok(&["deadline", common::TODAY, "--rule", "letter"]);
    assert_eq!(l["due_on"], due.lines().next().unwrap());
}
