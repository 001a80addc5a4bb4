//! `deadline` and `holidays`: statutory last days, working-day clocks, bank holidays, and
//! extra holidays from a gov.uk file.

mod common;

use common::{Db, bare, bare_ok, lines, stderr};

/// A gov.uk bank-holidays.json document with the given England & Wales days.
fn govuk(days: &[(&str, &str)]) -> String {
    let events: Vec<serde_json::Value> = days
        .iter()
        .map(|(date, title)| {
            serde_json::json!({"title": title, "date": date, "notes": "", "bunting": true})
        })
        .collect();
    serde_json::json!({
        "england-and-wales": {"division": "england-and-wales", "events": events},
        "scotland": {"division": "scotland", "events": []},
        "northern-ireland": {"division": "northern-ireland", "events": []}
    })
    .to_string()
}

#[test]
fn twenty_working_days_in_england_and_wales() {
    let out = bare_ok(&["deadline", "2025-12-12", "--working-days", "20"]);
    assert_eq!(lines(&out)[0], "2026-01-14");
}

#[test]
fn twenty_working_days_uk_wide_skip_the_scottish_2_january() {
    let out = bare_ok(&[
        "deadline",
        "2025-12-12",
        "--working-days",
        "20",
        "--clock",
        "uk",
    ]);
    assert_eq!(lines(&out)[0], "2026-01-15");
}

#[test]
fn calendar_days_count_every_day() {
    let out = bare_ok(&[
        "deadline",
        "2025-12-12",
        "--working-days",
        "20",
        "--clock",
        "calendar",
    ]);
    assert_eq!(lines(&out)[0], "2026-01-01");
}

#[test]
fn s55_is_publication_day_plus_55() {
    let out = bare_ok(&["deadline", "28 Mar 2019", "--rule", "s55"]);
    assert_eq!(out, "2019-05-22\n", "a weekday deadline has no warning");
    // The same day typed other ways.
    for typed in ["2019-03-28", "28/03/2019", "28th March 2019"] {
        let out = bare_ok(&["deadline", typed, "--rule", "s55"]);
        assert_eq!(lines(&out)[0], "2019-05-22", "{typed}");
    }
}

#[test]
fn iopc_pfd_and_letter_rules() {
    assert_eq!(
        lines(&bare_ok(&["deadline", "2026-01-01", "--rule", "iopc"]))[0],
        "2026-02-25"
    );
    assert_eq!(
        lines(&bare_ok(&["deadline", "2026-01-01", "--rule", "pfd"]))[0],
        "2026-02-26"
    );
    // New Year's Day itself is not counted: 20 working days from 2 January.
    assert_eq!(
        lines(&bare_ok(&["deadline", "2026-01-01", "--rule", "letter"]))[0],
        "2026-01-29"
    );
}

#[test]
fn a_last_day_on_a_weekend_prints_a_warning() {
    let out = bare_ok(&["deadline", "2026-06-28", "--rule", "s55"]);
    let rows = lines(&out);
    assert_eq!(rows[0], "2026-08-22");
    assert_eq!(rows.len(), 2, "{out}");
    assert!(rows[1].starts_with("warning: "), "{out}");
    assert!(rows[1].contains("Saturday"), "{out}");
    assert!(rows[1].contains("does not move"), "{out}");
}

#[test]
fn a_last_day_on_a_bank_holiday_prints_a_warning() {
    let out = bare_ok(&["deadline", "2026-10-31", "--rule", "s55"]);
    let rows = lines(&out);
    assert_eq!(rows[0], "2026-12-25");
    assert!(rows[1].starts_with("warning: "), "{out}");
    assert!(rows[1].contains("Christmas Day"), "{out}");
    let out = bare_ok(&["deadline", "2026-07-07", "--rule", "s55"]);
    let rows = lines(&out);
    assert_eq!(rows[0], "2026-08-31");
    assert!(rows[1].contains("Summer bank holiday"), "{out}");
}

#[test]
fn an_s55_report_before_2017_has_no_deadline_and_a_warning() {
    let out = bare_ok(&["deadline", "2015-12-01", "--rule", "s55"]);
    let rows = lines(&out);
    assert_eq!(rows[0], "none");
    assert!(rows[1].starts_with("warning: "), "{out}");
    assert!(rows[1].contains("2017-01-31"), "{out}");
    assert!(rows[1].contains("s55_time_limit_from"), "{out}");
}

#[test]
fn deadline_uses_the_databases_settings() {
    let db = Db::empty();
    db.ok(&[
        "settings",
        "s55_time_limit_from=2015-01-01",
        "letter_reply_working_days=5",
    ]);
    let out = db.ok(&["deadline", "2015-12-01", "--rule", "s55"]);
    assert_eq!(lines(&out)[0], "2016-01-25");
    let out = db.ok(&["deadline", "2026-01-01", "--rule", "letter"]);
    assert_eq!(lines(&out)[0], "2026-01-08");
}

#[test]
fn deadline_never_creates_a_database() {
    // A database named with --db must exist: a mistyped path would silently use the default
    // settings.
    let db = Db::unmade();
    let out = db.run(&["deadline", "2025-12-12", "--working-days", "20"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "deadline on a missing --db");
    assert!(err.contains("no database at"), "{err}");
    assert!(!db.path.exists(), "deadline made {}", db.path.display());
    // Without --db and without a default database, the default settings serve.
    let out = bare_ok(&["deadline", "2025-12-12", "--working-days", "20"]);
    assert_eq!(lines(&out)[0], "2026-01-14");
}

#[test]
fn a_bad_from_date_is_refused() {
    let out = bare()
        .args(["deadline", "notadate", "--rule", "s55"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "deadline notadate");
    assert!(
        err.contains("FROM") && err.contains("is not a date"),
        "{err}"
    );
    assert!(err.contains("2024-06-30"), "{err}");
}

#[test]
fn holidays_2022_include_the_jubilee_and_the_state_funeral() {
    let out = bare_ok(&["holidays", "2022"]);
    let rows = lines(&out);
    assert!(rows.contains(&"2022-06-02 Spring bank holiday"), "{out}");
    assert!(
        rows.contains(&"2022-06-03 Platinum Jubilee bank holiday"),
        "{out}"
    );
    assert!(
        rows.contains(&"2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II"),
        "{out}"
    );
    assert!(
        !out.contains("2022-05-30"),
        "the spring holiday moved that year: {out}"
    );
    assert_eq!(rows.len(), 10, "{out}");
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(rows, sorted, "one line a day, in date order");
}

#[test]
fn holidays_uk_wide_include_every_nations_days() {
    let out = bare_ok(&["holidays", "2026", "--clock", "uk"]);
    let rows = lines(&out);
    let day = |d: &str| rows.iter().find(|r| r.starts_with(d)).copied();
    let jan2 = day("2026-01-02").expect("2 January (Scotland)");
    assert!(jan2.contains("Scotland"), "{jan2}");
    let st_andrew = day("2026-11-30").expect("St Andrew's Day");
    assert!(st_andrew.contains("St Andrew's Day"), "{st_andrew}");
    assert!(day("2026-03-17").is_some(), "St Patrick's Day: {out}");
    // England and Wales alone have neither.
    let ew = bare_ok(&["holidays", "2026"]);
    assert!(!ew.contains("2026-01-02"), "{ew}");
    assert!(!ew.contains("2026-11-30"), "{ew}");
    assert!(
        ew.contains("2026-12-28 Boxing Day (substitute day)"),
        "{ew}"
    );
}

#[test]
fn the_calendar_clock_has_no_holidays() {
    assert_eq!(bare_ok(&["holidays", "2026", "--clock", "calendar"]), "");
}

#[test]
fn holidays_out_of_range_are_refused() {
    let out = bare().args(["holidays", "1800"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "holidays 1800");
    assert!(err.contains("1900 to 2200"), "{err}");
}

#[test]
fn a_holidays_file_adds_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bank-holidays.json");
    std::fs::write(
        &file,
        govuk(&[
            ("2027-06-07", "Extra bank holiday"),
            ("2027-01-01", "New Year’s Day"),
        ]),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = bare_ok(&["--holidays", path, "holidays", "2027"]);
    let rows = lines(&out);
    assert!(rows.contains(&"2027-06-07 Extra bank holiday"), "{out}");
    assert_eq!(
        rows.iter().filter(|r| r.starts_with("2027-01-01")).count(),
        1,
        "a day the rules know is not listed twice: {out}"
    );
    assert_eq!(rows.len(), lines(&bare_ok(&["holidays", "2027"])).len() + 1);
    // And the working-day count skips it.
    let without = bare_ok(&["deadline", "2027-06-04", "--working-days", "1"]);
    assert_eq!(lines(&without)[0], "2027-06-07");
    let with = bare_ok(&[
        "--holidays",
        path,
        "deadline",
        "2027-06-04",
        "--working-days",
        "1",
    ]);
    assert_eq!(lines(&with)[0], "2027-06-08");
    // OVERSIGHT_HOLIDAYS does the same.
    let out = bare()
        .env("OVERSIGHT_HOLIDAYS", path)
        .args(["holidays", "2027"])
        .output()
        .unwrap();
    assert!(common::stdout(&out).contains("2027-06-07 Extra bank holiday"));
}

#[test]
fn a_missing_or_wrong_holidays_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, r#"{"events": []}"#).unwrap();
    let out = bare()
        .args(["--holidays", wrong.to_str().unwrap(), "holidays", "2027"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "--holidays wrong.json");
    assert!(
        err.contains("https://www.gov.uk/bank-holidays.json"),
        "{err}"
    );
    let missing = dir.path().join("missing.json");
    let out = bare()
        .args(["--holidays", missing.to_str().unwrap(), "holidays", "2027"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    common::assert_one_line_error(&err, "--holidays missing.json");
    assert!(err.contains("missing.json"), "{err}");
}

#[test]
fn a_new_letters_due_date_agrees_with_the_letter_rule() {
    let db = Db::empty();
    for received in ["2025-12-12", "2026-03-27", "2026-12-18"] {
        db.ok(&[
            "add",
            "letter",
            "subject=S",
            &format!("received_on={received}"),
        ]);
        let expected = lines(&db.ok(&["deadline", received, "--rule", "letter"]))[0].to_string();
        let letters = db.list("letters", &[]);
        let letter = letters
            .iter()
            .find(|l| l["received_on"] == received)
            .unwrap();
        assert_eq!(letter["due_on"], expected.as_str(), "{received}");
    }
}
