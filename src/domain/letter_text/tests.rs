//! Extraction on whole letters written for these tests.

use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(super) fn read(text: &str) -> ExtractedLetter {
    let settings = DeadlineSettings::default();
    let calendar = HolidayCalendar::new();
    extract(
        text,
        ExtractOptions {
            today: d(2026, 11, 23),
            settings: &settings,
            calendar: &calendar,
        },
    )
}

#[test]
fn placeholder() {
    let l = read("Dear Sir\n\nHello.\n");
    assert_eq!(l.salutation.as_deref(), Some("Dear Sir"));
}

#[test]
#[ignore]
fn dump_shared() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/letters");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        let text = decode(&std::fs::read(&p).unwrap()).unwrap();
        let l = read(&text);
        println!("== {}\n{}\n{:?}", p.display(), serde_json::to_string_pretty(&l).unwrap(), l.direction);
    }
}
