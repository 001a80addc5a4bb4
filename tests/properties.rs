//! Property tests (proptest) for what reads text from people and files: the date parser, the
//! pane filter, the letter reader and restore. Bounded for CI (a few seconds in all);
//! `PROPTEST_CASES=N` runs N cases of each (the long runs in RELIABILITY.md).

use std::io::Cursor;

use chrono::{Datelike, NaiveDate};
use oversight::domain::calendar::HolidayCalendar;
use oversight::domain::dates::{self, FIRST_YEAR, LAST_YEAR};
use oversight::domain::deadline::DeadlineSettings;
use oversight::domain::fields;
use oversight::domain::filter::PaneFilter;
use oversight::domain::ids::Kind;
use oversight::domain::letter_text::{self, ExtractOptions};
use oversight::domain::rules::Context;
use oversight::store::{Anchor, Part, Rows, Source, Store};
use proptest::prelude::*;
use serde_json::{Value as Json, json};

fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn ctx() -> Context {
    Context {
        today: today(),
        actor: "prop".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

/// Any day from 1900 to 2200.
fn a_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap();
    (0..=(last - first).num_days()).prop_map(move |d| first + chrono::Days::new(d as u64))
}

/// Text as people and files bring it: words, digits, punctuation, controls, any Unicode.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 /.,+-]{0,24}",
        "[0-9]{1,4}[/ .-][0-9]{1,2}[/ .-][0-9]{1,9}",
        "[+-]?[0-9]{1,12}[dwmy]?",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_typed_date_is_a_day_from_1900_to_2200_or_a_one_line_refusal(input in typed()) {
        match dates::parse_date(&input, today()) {
            Ok(d) => prop_assert!(dates::within_years(d), "{input:?} gave {d}"),
            Err(e) => {
                let message = e.to_string();
                prop_assert!(!message.contains('\n'), "{message:?}");
                prop_assert!(message.chars().count() < 400, "{message:?}");
            }
        }
    }

    #[test]
    fn every_day_reads_back_from_its_written_forms(d in a_date()) {
        prop_assert_eq!(dates::parse_date(&dates::format_date(d), today()), Ok(d));
        let uk = format!("{:02}/{:02}/{}", d.day(), d.month(), d.year());
        prop_assert_eq!(dates::parse_date(&uk, today()), Ok(d));
        let long = d.format("%-d %B %Y").to_string();
        prop_assert_eq!(dates::parse_date(&long, today()), Ok(d));
    }

    #[test]
    fn the_letter_reader_never_fails_on_any_text_or_bytes(
        text in any::<String>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let settings = DeadlineSettings::default();
        let calendar = HolidayCalendar::new();
        let opts = ExtractOptions { today: today(), settings: &settings, calendar: &calendar, known_titles: &[] };
        let _ = letter_text::extract(&text, opts);
        if let Ok(decoded) = letter_text::decode(&bytes) {
            let _ = letter_text::extract(&decoded, opts);
        }
    }
}

// ---- The pane filter ----------------------------------------------------------------------

const RECS: Source = Source {
    id: "recs",
    parts: &[Part {
        kind: Kind::Recommendation,
        rows: Rows::Open,
    }],
};

/// A store with a report and recommendations whose texts and owners are `texts`.
fn store_with(texts: &[(String, String)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let c = ctx();
    let f = |k, n| fields::field(k, n).unwrap();
    let parse = |k, n, v: &str| (f(k, n), f(k, n).parse(v, c.today).unwrap());
    store
        .create(Kind::Report, &[parse(Kind::Report, "title", "Report")], &c)
        .unwrap();
    for (text, owner) in texts {
        let r = Kind::Recommendation;
        store
            .create(
                r,
                &[
                    parse(r, "report_id", "RPT-1"),
                    parse(r, "text", text),
                    parse(r, "owner", owner),
                ],
                &c,
            )
            .unwrap();
    }
    store
}

/// Filter text as typed, with what a search engine or SQL would read as syntax.
fn filter_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Zé0-9]{1,6}",
        Just("\"".to_string()),
        Just("*".to_string()),
        Just("NEAR(".to_string()),
        Just("AND".to_string()),
        Just("OR NOT".to_string()),
        Just("'; DROP TABLE recommendation; --".to_string()),
        Just("^col:".to_string()),
        Just("%_".to_string()),
        Just("REC-1".to_string()),
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..5).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(cases(32))]

    #[test]
    fn any_filter_reads_and_every_row_it_keeps_holds_every_word(
        texts in proptest::collection::vec(("[a-zA-Zé ]{1,30}", "[A-Za-z ]{1,12}"), 1..8),
        typed in filter_text(),
    ) {
        let texts: Vec<(String, String)> = texts
            .into_iter()
            .filter(|(t, o)| !t.trim().is_empty() && !o.trim().is_empty())
            .collect();
        let store = store_with(&texts);
        let mut filter = PaneFilter::default();
        filter.set_words(&typed);
        let rows = store.window(&RECS, &filter, today(), &Anchor::First, 100);
        prop_assert!(rows.is_ok(), "{typed:?}: {:?}", rows.err());
        let all = store.window(&RECS, &PaneFilter::default(), today(), &Anchor::First, 100).unwrap();
        for row in rows.unwrap() {
            let item = &row.listed.item;
            prop_assert!(all.iter().any(|r| r.listed.item.id == item.id));
            let mut hay = item.id.to_string();
            for (spec, value) in item.specs().iter().zip(&item.values) {
                hay.push(' ');
                hay.push_str(&value.canonical().unwrap_or_default());
                hay.push(' ');
                hay.push_str(&spec.display(value));
            }
            for word in &filter.words {
                prop_assert!(
                    oversight::domain::filter::holds_word(&hay, word),
                    "{} kept for {typed:?} but does not hold {word:?}", item.id
                );
            }
        }
    }
}

// ---- Restore ------------------------------------------------------------------------------

/// A small export made by oversight itself.
fn an_export() -> Json {
    let store = store_with(&[
        ("Review risk assessments".into(), "BCU Commander".into()),
        ("Train call handlers".into(), "Head of Contact".into()),
    ]);
    let mut out = Vec::new();
    store.export_json_to(&mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

/// Any JSON value a hand-edited or damaged file could hold.
fn a_json_value() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(|f| json!(f)),
        any::<String>().prop_map(Json::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Json::from),
        "(REC|RPT|LET)-[0-9]{1,3}".prop_map(Json::from),
        Just(json!({"invalid": "x"})),
        Just(json!([1, 2])),
    ]
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn a_restore_of_any_edited_export_is_whole_and_sound_or_refused_with_nothing_written(
        list in prop_oneof![
            Just("recommendations"), Just("reports"), Just("notes"),
            Just("changesets"), Just("events"), Just("settings"),
        ],
        row in 0usize..3,
        field in prop_oneof![
            Just("id"), Just("version"), Just("deleted"), Just("text"), Just("owner"),
            Just("due_on"), Just("status"), Just("report_id"), Just("title"),
            Just("item_id"), Just("field"), Just("kind"), Just("undone"),
            Just("due_soon_days"), Just("letter_clock"),
        ],
        value in a_json_value(),
    ) {
        let mut export = an_export();
        match &mut export[list] {
            Json::Array(rows) if !rows.is_empty() => {
                let n = rows.len();
                rows[row % n][field] = value;
            }
            Json::Object(settings) => {
                settings.insert(field.to_string(), value);
            }
            _ => {}
        }
        let bytes = serde_json::to_vec(&export).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        match store.restore_json(|| Ok(Cursor::new(bytes.clone()))) {
            Ok(_) => {
                // Every value meets its rules. An edited value may disagree with the audit
                // trail the export carries: `check` names that, and restore allows it (an
                // export may be corrected by hand).
                let problems: Vec<String> = store
                    .check()
                    .unwrap()
                    .into_iter()
                    .filter(|p| !p.contains("but its history says"))
                    .collect();
                prop_assert!(problems.is_empty(), "restored but check says {problems:?}");
                // Every restored item reads.
                prop_assert!(store.window(&RECS, &PaneFilter::default(), today(), &Anchor::First, 10).is_ok());
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(!message.contains('\n'), "{message:?}");
                prop_assert!(message.chars().count() < 600, "{} chars", message.chars().count());
                prop_assert!(store.is_empty().unwrap(), "refused but wrote: {message}");
            }
        }
    }
}
