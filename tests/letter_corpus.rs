//! The importer scored on real public letters (tests/fixtures/corpus, sources in its
//! README): each letter's expected fields beside it as JSON, the reading compared field by
//! field, the accuracy per field printed (`cargo test --test letter_corpus -- --nocapture`).
//!
//! `tuning/` holds the letters the reading rules were worked out on; `held-out/` letters
//! that were set aside and only scored, to estimate accuracy on letters nobody here has seen.
//! The whole corpus must reach 95%.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use oversight::domain::calendar::HolidayCalendar;
use oversight::domain::deadline::DeadlineSettings;
use oversight::domain::letter_text::ExtractedLetter;
use oversight::domain::rules::Context;
use serde_json::Value;

/// The fields scored, in the order printed.
const FIELDS: &[&str] = &[
    "date",
    "reference",
    "sender",
    "recipient",
    "cc",
    "subject",
    "salutation",
    "asks",
    "report_title",
    "report_published_on",
];

fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "tester".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

/// Text compared as a reader would: case, spacing, curly quotes and closing punctuation
/// aside.
fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '‘' | '’' | '`' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            c => c,
        })
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ',', ':', ';'])
        .to_lowercase()
}

/// What the importer read for one field, as the expected JSON writes it.
fn got(l: &ExtractedLetter, field: &str) -> Value {
    let text = |v: &Option<String>| v.as_deref().map_or(Value::Null, |s| Value::from(norm(s)));
    let day = |d: Option<NaiveDate>| {
        d.map_or(Value::Null, |d| {
            Value::from(d.format("%Y-%m-%d").to_string())
        })
    };
    match field {
        "date" => day(l.date),
        "reference" => text(&l.reference),
        "sender" => text(&l.sender),
        "recipient" => text(&l.recipient),
        "cc" => text(&l.cc),
        "subject" => text(&l.subject),
        "salutation" => text(&l.salutation),
        "asks" => Value::from(l.asks.len()),
        // A report read without its title is no title.
        "report_title" => l
            .report
            .as_ref()
            .filter(|r| !r.title.ends_with("(title not found)"))
            .map_or(Value::Null, |r| Value::from(norm(&r.title))),
        "report_published_on" => day(l.report.as_ref().and_then(|r| r.published_on)),
        other => panic!("no field {other}"),
    }
}

fn want(expected: &Value, field: &str) -> Value {
    match &expected[field] {
        Value::String(s) if !matches!(field, "date" | "report_published_on") => {
            Value::from(norm(s))
        }
        v => v.clone(),
    }
}

struct Score {
    right: BTreeMap<&'static str, usize>,
    letters: usize,
    misses: Vec<String>,
}

fn score(dir: &Path) -> Score {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let ctx = ctx();
    let mut s = Score {
        right: FIELDS.iter().map(|f| (*f, 0)).collect(),
        letters: 0,
        misses: Vec::new(),
    };
    for json in files {
        let expected: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let letter = ["txt", "eml", "pdf"]
            .iter()
            .map(|e| json.with_extension(e))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no letter beside {}", json.display()));
        let reading = oversight::import::read_file(&letter, None, &ctx)
            .unwrap_or_else(|e| panic!("{}: {e}", letter.display()));
        let l = &reading.letters[0].letter;
        s.letters += 1;
        for field in FIELDS {
            let (g, w) = (got(l, field), want(&expected["expected"], field));
            if g == w {
                *s.right.get_mut(field).unwrap() += 1;
            } else {
                let name = letter.file_name().unwrap().to_string_lossy();
                s.misses.push(format!("{name}: {field}: got {g}, want {w}"));
            }
        }
    }
    s
}

fn print(title: &str, s: &Score) -> f64 {
    let total: usize = s.right.values().sum();
    let all = s.letters * FIELDS.len();
    let accuracy = 100.0 * total as f64 / all.max(1) as f64;
    println!(
        "{title}: {} letters, {total}/{all} fields right: {accuracy:.1}%",
        s.letters
    );
    for field in FIELDS {
        println!("  {field:<20} {:>3}/{}", s.right[field], s.letters);
    }
    for m in &s.misses {
        println!("  miss: {m}");
    }
    accuracy
}

#[test]
fn the_corpus_of_real_letters_reads_at_95_percent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let tuning = score(&root.join("tuning"));
    let held = score(&root.join("held-out"));
    print("tuning", &tuning);
    print("held-out", &held);
    let mut both = Score {
        right: tuning.right.clone(),
        letters: tuning.letters + held.letters,
        misses: Vec::new(),
    };
    for (f, n) in &held.right {
        *both.right.get_mut(f).unwrap() += n;
    }
    let accuracy = print("whole corpus", &both);
    assert!(both.letters >= 15, "at least 15 letters: {}", both.letters);
    assert!(accuracy >= 95.0, "accuracy {accuracy:.1}% is under 95%");
}
