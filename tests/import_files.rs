//! Letters as they arrive: PDFs (made here with lopdf from the text fixtures, a two-column
//! letterhead among them) and emails (.eml with the letter in the body or attached as a
//! PDF), read by `oversight import` exactly as the text letters are; and files that are not
//! letters or cannot be read (encrypted, cut short, no pages, a scan, a zip named .pdf, an
//! Outlook .msg, a 50 MB attachment) refused with one line, nothing written. Last, the
//! reader fed mangled PDFs and emails never panics.

mod common;

use std::path::{Path, PathBuf};

use common::Db;
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use proptest::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/letters")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Text as Windows-1252 bytes (the PDF's WinAnsiEncoding).
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '’' => 0x92,
            '‘' => 0x91,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            '…' => 0x85,
            c if (c as u32) < 256 => c as u8,
            _ => b'?',
        })
        .collect()
}

/// One piece of text at (x, y) from the page's top left, in points.
struct Placed {
    x: f64,
    y: f64,
    text: String,
}

/// A one-font A4 PDF of pages of placed text.
fn pdf(pages: &[Vec<Placed>]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::new();
    for page in pages {
        let mut ops = Vec::new();
        for p in page {
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), 11.into()]));
            ops.push(Operation::new(
                "Td",
                vec![(p.x as f32).into(), ((842.0 - p.y) as f32).into()],
            ));
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(
                    win_ansi(&p.text),
                    lopdf::StringFormat::Literal,
                )],
            ));
            ops.push(Operation::new("ET", vec![]));
        }
        let content = Content { operations: ops };
        let stream = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => stream,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A text letter set as a PDF: a line a line, 14 points apart, 52 lines a page.
fn pdf_of_text(text: &str) -> Vec<u8> {
    let mut pages = vec![Vec::new()];
    let mut row = 0;
    for line in text.lines() {
        if row == 52 {
            pages.push(Vec::new());
            row = 0;
        }
        if !line.trim().is_empty() {
            pages.last_mut().unwrap().push(Placed {
                x: 60.0,
                y: 60.0 + 14.0 * row as f64,
                text: line.trim().to_string(),
            });
        }
        row += 1;
    }
    pdf(&pages)
}

fn dry_run_json(db: &Db, path: &Path) -> Vec<Value> {
    let out = db.ok(&["import", "--dry-run", "--format", "json", arg(path)]);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The fields compared between a letter's text and its PDF (where each was found differs).
fn fields(mut v: Value) -> Value {
    let o = v.as_object_mut().unwrap();
    o.remove("sources");
    o.remove("warnings");
    v
}

#[test]
fn a_pdf_letter_reads_like_its_text() {
    let db = Db::empty();
    for name in [
        "peel-response-late.txt",
        "reply-lettered-answers.txt",
        "councillor-asks-bullets.txt",
    ] {
        let text = fixture(name);
        let txt = db.file(name);
        std::fs::write(&txt, &text).unwrap();
        let pdf_path = db.file(&name.replace(".txt", ".pdf"));
        std::fs::write(&pdf_path, pdf_of_text(&text)).unwrap();
        let from_text = dry_run_json(&db, &txt);
        let from_pdf = dry_run_json(&db, &pdf_path);
        assert_eq!(from_pdf.len(), 1);
        assert_eq!(
            fields(from_pdf[0].clone()),
            fields(from_text[0].clone()),
            "{name}"
        );
    }
    // Stored like a text letter, one change in the history.
    let pdf_path = db.file("peel-response-late.pdf");
    let out = db.ok(&["import", arg(&pdf_path)]);
    assert!(out.contains("created LET-1"), "{out}");
    assert!(
        out.contains("s55 last day 2019-05-22: LATE by 2 days"),
        "{out}"
    );
    assert_eq!(
        db.show("LET-1")["sender"],
        "Sophie Linden, Deputy Mayor for Policing and Crime"
    );
}

/// The letterhead on the right, the addressee on the left, line for line: each read whole.
#[test]
fn a_two_column_letterhead_keeps_each_address_together() {
    let text = fixture("wrapped-request-mentions-report.txt");
    let rest: Vec<&str> = text.lines().skip(9).collect();
    let left = [
        "Chief Constable Sarah Crew",
        "Avon and Somerset Constabulary",
        "PO Box 37, Valley Road",
        "Portishead BS20 8QJ",
    ];
    let right = [
        "Mayor's Office for Policing and Crime",
        "169 Union Street",
        "London SE1 0LL",
    ];
    let mut page = Vec::new();
    for (i, l) in left.iter().enumerate() {
        page.push(Placed {
            x: 60.0,
            y: 60.0 + 14.0 * i as f64,
            text: l.to_string(),
        });
    }
    for (i, r) in right.iter().enumerate() {
        page.push(Placed {
            x: 340.0,
            y: 60.0 + 14.0 * i as f64,
            text: r.to_string(),
        });
    }
    for (i, l) in rest.iter().enumerate() {
        if !l.trim().is_empty() {
            page.push(Placed {
                x: 60.0,
                y: 130.0 + 14.0 * i as f64,
                text: l.trim().to_string(),
            });
        }
    }
    let db = Db::empty();
    let path = db.file("two-columns.pdf");
    std::fs::write(&path, pdf(&[page])).unwrap();
    let got = &dry_run_json(&db, &path)[0];
    assert_eq!(
        got["recipient"],
        "Chief Constable Sarah Crew, Avon and Somerset Constabulary, PO Box 37, Valley Road, Portishead BS20 8QJ"
    );
    assert_eq!(got["reference"], "MOPAC170323-D9912");
    assert_eq!(got["date"], "2023-03-21");
    assert_eq!(got["asks"].as_array().unwrap().len(), 3);
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (n, chunk) in bytes.chunks(3).enumerate() {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if n % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out
}

const EMAIL_HEAD: &str = "From: \"Jo Bloggs\" <jo.bloggs@anyshire-pcc.example>\r\nTo: Alex Morgan <alex.morgan@mopac.example>\r\nCc: Sam Lee <sam.lee@anyshire-pcc.example>\r\nDate: Tue, 3 Mar 2020 09:15:00 +0000\r\nSubject: RE: Custody review in Anyshire\r\nMessage-ID: <1@anyshire-pcc.example>\r\nMIME-Version: 1.0\r\n";

#[test]
fn an_email_is_the_letter_its_headers_filling_the_fields() {
    let body = "Dear Alex,\r\n\r\nThank you for your letter about custody.\r\n\r\n1. Will the review be published?\r\n\r\n2. Who will chair it?\r\n\r\nKind regards\r\n\r\nJo Bloggs\r\nPolice and Crime Commissioner for Anyshire\r\n";
    let eml = format!("{EMAIL_HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}");
    let db = Db::empty();
    let path = db.file("message.eml");
    std::fs::write(&path, eml).unwrap();
    let got = &dry_run_json(&db, &path)[0];
    assert_eq!(got["date"], "2020-03-03");
    assert_eq!(got["received_on"], "2020-03-03");
    assert_eq!(got["subject"], "Custody review in Anyshire");
    assert_eq!(got["recipient"], "Alex Morgan");
    assert_eq!(got["cc"], "Sam Lee");
    assert_eq!(
        got["sender"], "Jo Bloggs, Police and Crime Commissioner for Anyshire",
        "the sign-off names the same person and adds the role"
    );
    assert_eq!(got["asks"].as_array().unwrap().len(), 2);
    assert_eq!(
        got["sources"]["subject"]["how"],
        "the email's Subject header"
    );
    let out = db.ok(&["import", arg(&path)]);
    assert!(out.contains("created LET-1"), "{out}");
    assert_eq!(db.show("LET-1")["received_on"], "2020-03-03");
}

fn email_with_attachments(parts: &[(&str, &str, &[u8])]) -> String {
    let mut eml = format!(
        "{EMAIL_HEAD}Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\nPlease find our response attached.\r\n"
    );
    for (name, ctype, bytes) in parts {
        eml.push_str(&format!(
            "--XYZ\r\nContent-Type: {ctype}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64(bytes)
        ));
    }
    eml.push_str("--XYZ--\r\n");
    eml
}

#[test]
fn a_pdf_attached_to_an_email_is_the_letter_received_the_day_it_was_sent() {
    let letter = pdf_of_text(&fixture("peel-response-late.txt"));
    let eml = email_with_attachments(&[
        ("logo.png", "image/png", b"\x89PNG\r\n\x1a\nnot really"),
        ("response.pdf", "application/pdf", &letter),
    ]);
    let db = Db::empty();
    let path = db.file("forwarded.eml");
    std::fs::write(&path, eml).unwrap();
    let got = dry_run_json(&db, &path);
    assert_eq!(got.len(), 1, "the PDF is the letter, the logo nothing");
    assert_eq!(got[0]["date"], "2019-05-24", "the letter's own date");
    assert_eq!(
        got[0]["received_on"], "2020-03-03",
        "the day the email was sent"
    );
    assert_eq!(
        got[0]["sender"],
        "Sophie Linden, Deputy Mayor for Policing and Crime"
    );
    let table = db.ok(&["import", "--dry-run", arg(&path)]);
    assert!(
        table.contains("forwarded.eml: response.pdf (pdf)"),
        "{table}"
    );
    let out = db.ok(&["import", "--format", "json", arg(&path)]);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["source"], "forwarded.eml: response.pdf");
    assert_eq!(v["outcome"], "created");
}

/// A PDF whose trailer says it is encrypted (a password this test does not know).
fn encrypted_pdf() -> Vec<u8> {
    let mut doc = Document::load_mem(&pdf_of_text("Dear Sir\n\nText.\n")).unwrap();
    let encrypt = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 1, "R" => 2, "P" => -44,
        "O" => Object::String(vec![7; 32], lopdf::StringFormat::Hexadecimal),
        "U" => Object::String(vec![9; 32], lopdf::StringFormat::Hexadecimal),
    });
    doc.trailer.set("Encrypt", encrypt);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![1; 16], lopdf::StringFormat::Hexadecimal),
            Object::String(vec![1; 16], lopdf::StringFormat::Hexadecimal),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A page with a drawing and no text: what a scanner makes.
fn scanned_pdf() -> Vec<u8> {
    let mut doc = Document::load_mem(&pdf(&[vec![]])).unwrap();
    let ops = Content {
        operations: vec![
            Operation::new("re", vec![50.into(), 50.into(), 400.into(), 600.into()]),
            Operation::new("f", vec![]),
        ],
    };
    let stream = doc.add_object(Stream::new(dictionary! {}, ops.encode().unwrap()));
    let page = doc.get_pages().values().next().copied().unwrap();
    doc.get_object_mut(page)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Contents", stream);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn no_pages_pdf() -> Vec<u8> {
    pdf(&[])
}

#[test]
fn files_that_cannot_be_read_are_refused_in_one_line_and_write_nothing() {
    let db = Db::empty();
    let good = pdf_of_text(&fixture("peel-response-late.txt"));
    let big_eml = {
        let mut e = email_with_attachments(&[("scan.pdf", "application/pdf", b"%PDF-1.4\n")]);
        e.push_str(&"x".repeat(50 * 1024 * 1024));
        e
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("locked.pdf", encrypted_pdf(), "password-protected"),
        (
            "cut.pdf",
            good[..good.len() / 2].to_vec(),
            "not a readable PDF",
        ),
        ("empty-doc.pdf", no_pages_pdf(), "no pages"),
        ("scan.pdf", scanned_pdf(), "no text layer"),
        (
            "archive.pdf",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of a zip".to_vec(),
            "zip",
        ),
        ("nothing.pdf", Vec::new(), "empty"),
        (
            "mail.msg",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00".to_vec(),
            "save the message as .eml",
        ),
        (
            "huge.eml",
            big_eml.into_bytes(),
            "it is 50.0 MB; a letter file may be at most 20 MB",
        ),
        ("headless.eml", b"\r\n\r\njust text".to_vec(), ""),
    ];
    for (name, bytes, says) in cases {
        let path: PathBuf = db.file(name);
        std::fs::write(&path, bytes).unwrap();
        let err = db.refuse(&["import", arg(&path)]);
        assert!(err.contains(says), "{name}: {err}");
        assert!(err.contains("nothing imported from it"), "{name}: {err}");
        let out = db.run(&["import", "--dry-run", arg(&path)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        common::assert_one_line_error(&common::stderr(&out), name);
        std::fs::remove_file(&path).unwrap();
    }
}

fn ctx() -> oversight::domain::rules::Context {
    oversight::domain::rules::Context {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "tester".into(),
        settings: Default::default(),
        calendar: oversight::domain::calendar::HolidayCalendar::new(),
        meeting: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A real PDF with bytes changed, cut or inserted: read or refused, never a panic.
    #[test]
    fn mangled_pdfs_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = pdf_of_text(&fixture("reply-lettered-answers.txt"));
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let keep = cut.index(bytes.len()).max(bytes.len() / 2);
        bytes.truncate(keep + 1);
        let _ = oversight::import::read_bytes("x.pdf", &bytes, None, &ctx());
    }

    /// Email headers and MIME parts in any order and shape: read or refused, never a panic.
    #[test]
    fn mangled_emails_never_panic(
        pieces in proptest::collection::vec(prop::sample::select(vec![
            "From: a <a@b.c>\r\n", "To: x@y.z\r\n", "Date: Tue, 3 Mar 2020 09:15:00 +0000\r\n",
            "Subject: =?utf-8?B?w6k=?=\r\n", "Content-Type: multipart/mixed; boundary=\"B\"\r\n",
            "\r\n", "--B\r\n", "--B--\r\n", "Content-Transfer-Encoding: base64\r\n",
            "Content-Type: application/pdf; name=\"l.pdf\"\r\n", "JVBERi0xLjQK\r\n",
            "Dear Sir\r\n", "Yours faithfully\r\n", "1. Why?\r\n", "\u{0}\u{1b}[31m", "é",
            "Content-Disposition: attachment; filename=\"a.txt\"\r\n",
        ]), 0..40),
    ) {
        let bytes = pieces.concat().into_bytes();
        let _ = oversight::import::read_bytes("m.eml", &bytes, None, &ctx());
    }

    /// Any bytes at all under any of the names the reader tells formats by.
    #[test]
    fn any_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        name in prop::sample::select(vec!["a.pdf", "a.eml", "a.txt", "a.msg", "a"]),
        prefix in prop::sample::select(vec![&b""[..], b"%PDF-1.7\n", b"From: a@b.c\r\nTo: d@e.f\r\n"]),
    ) {
        let mut all = prefix.to_vec();
        all.extend(bytes);
        let _ = oversight::import::read_bytes(name, &all, None, &ctx());
    }
}
