//! Extraction on letters written for these tests (the fixture files are read by the
//! integration tests), on the shared real letters when present, and on random input.

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
            known_titles: &[],
        },
    )
}

fn letter(head: &str, body: &str) -> String {
    format!(
        "{head}\n\nDear Chair\n\n{body}\n\nYours sincerely\n\nAlex Morgan\nHead of Oversight, Mayor's Office for Policing and Crime\n"
    )
}

#[test]
fn dates_in_the_forms_letters_use() {
    for (head, want) in [
        ("4 May 2016", d(2016, 5, 4)),
        ("15th December 2014", d(2014, 12, 15)),
        ("Date: Thursday 28 March 2019", d(2019, 3, 28)),
        ("March 28, 2019", d(2019, 3, 28)),
        ("1st of June 2020", d(2020, 6, 1)),
        ("28/03/2019", d(2019, 3, 28)),
        ("Sept. 7 2018", d(2018, 9, 7)),
    ] {
        let l = read(&letter(head, "Subject line\n\nText."));
        assert_eq!(l.date, Some(want), "{head}");
    }
    // A date inside a sentence of the header still counts when no line is only a date.
    let l = read(&letter(
        "Our letter, sent on 2 February 2022",
        "Heading\n\nText.",
    ));
    assert_eq!(l.date, Some(d(2022, 2, 2)));
    let l = read(&letter("No date here", "Heading\n\nText."));
    assert_eq!(l.date, None);
    assert!(l.warnings.contains(&"no date found".to_string()));
}

#[test]
fn references_carry_the_day_received() {
    for (r, want) in [
        ("MOPAC030516-22423", Some(d(2016, 5, 3))),
        ("MOPAC080519-D2683", Some(d(2019, 5, 8))),
        ("MOPAC06092018-D2188", Some(d(2018, 9, 6))),
        ("OPCC11112021-17", Some(d(2021, 11, 11))),
        ("MOPAC310219-1", None),
    ] {
        let l = read(&letter(&format!("1 March 2019\n\n{r}"), "Heading\n\nText."));
        assert_eq!(l.reference.as_deref(), Some(r));
        assert_eq!(l.received_on, want, "{r}");
    }
    let l = read(&letter(
        "1 March 2019\nOur ref: ABC/12/2019\nYour ref: MOPAC010119-1",
        "H\n\nT.",
    ));
    assert_eq!(
        l.reference.as_deref(),
        Some("ABC/12/2019"),
        "their reference is not ours"
    );
    assert_eq!(l.received_on, None);
    let l = read(&letter("1 March 2019", "Heading\n\nText."));
    assert_eq!(l.reference, None);
}

#[test]
fn numbered_lists_inside_answers_do_not_break_the_asks() {
    let body = "Written answers\n\nQ1. How many officers?\n\nThere are three teams:\n\n1. North\n2. South\n3. East\n\nQ2. When will it change?\n\nIn April.\n\nQ3. Who decides?\n\nThe Commissioner.";
    let l = read(&letter("1 March 2019", body));
    let numbers: Vec<u32> = l.asks.iter().map(|a| a.number).collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    assert_eq!(l.asks[0].text, "How many officers?");
    assert_eq!(
        l.asks[0].answer.as_deref(),
        Some("There are three teams:\n\n1. North\n2. South\n3. East")
    );
    assert_eq!(l.asks[2].answer.as_deref(), Some("The Commissioner."));
}

#[test]
fn a_request_letter_has_asks_without_answers() {
    let body = "Custody review\n\nPlease answer the following:\n\n(a) How many detainees waited over 24 hours?\n\n(b) What is the plan?\n\nI look forward to hearing from you.";
    let l = read(&letter("1 March 2019", body));
    assert_eq!(l.asks.len(), 2);
    assert!(l.asks.iter().all(|a| a.answer.is_none()), "{:?}", l.asks);
    assert_eq!(l.asks[1].number, 2, "(b) is the second ask");
}

#[test]
fn labelled_answers_and_page_marks() {
    let body = "Answers\n\n1. First question?\nAnswer: First answer, which runs\nCont.../2\nonto the next page.\n\n2. Second question?\n\nResponse: Second answer.";
    let l = read(&letter("1 March 2019", body));
    assert_eq!(l.asks.len(), 2);
    assert_eq!(
        l.asks[0].text,
        "First question? Answer: First answer, which runs onto the next page."
    );
    assert_eq!(l.asks[1].answer.as_deref(), Some("Second answer."));
}

#[test]
fn letterhead_lines_mid_body_are_dropped() {
    let body = "Heading\n\nFirst paragraph.\n\n1. Ask one?\n\nAnswer one.\nMAYOR OF LONDON\nCity Hall, Kamal Chunchie Way, London E16 1ZE\nTel: 020 7983 4000\nwww.london.gov.uk\nStill answer one.\n\n2. Ask two?\n\nAnswer two.";
    let l = read(&letter("1 March 2019", body));
    assert_eq!(
        l.asks[0].answer.as_deref(),
        Some("Answer one. Still answer one.")
    );
}

#[test]
fn the_signature_is_not_the_name() {
    let text = "1 May 2020\n\nDear Sir\n\nHeading\n\nText.\n\nYours faithfully,\n\nDave huder\nDavid Hunter\nDetective Chief Superindendent\nBCU Commander, Central West\nExpue hunder\n\ncc. Borough Commander\nChief Executive, Westminster City Council\n";
    let l = read(text);
    assert_eq!(
        l.sender.as_deref(),
        Some("David Hunter, Detective Chief Superindendent, BCU Commander, Central West")
    );
    assert_eq!(
        l.cc.as_deref(),
        Some("Borough Commander, Chief Executive, Westminster City Council")
    );
}

#[test]
fn the_senders_letterhead_is_not_the_recipient() {
    let text = "Chief Constable Jo Bloggs\nExample Constabulary\nHeadquarters, Example EX1 1AA\n\n3 June 2021\n\nDear Police and Crime Commissioner,\n\nThank you for your letter of last week about our plans for the year ahead, which I have read with care.\n\nYours sincerely\n\nJo Bloggs\nChief Constable\n";
    let l = read(text);
    assert_eq!(
        l.recipient.as_deref(),
        Some("Police and Crime Commissioner")
    );
    assert_eq!(l.subject, None);
    assert_eq!(l.direction, Direction::Incoming);
}

#[test]
fn a_report_response_is_checked_against_s55() {
    let body =
        "PEEL 2019\n\nI write in response to the report published by HMICFRS on 28 March 2019.";
    let late = read(&letter("24 May 2019", body));
    let r = late.report.as_ref().expect("a report");
    assert_eq!(r.published_on, Some(d(2019, 3, 28)));
    assert_eq!(r.inspectorate.as_deref(), Some("HMICFRS"));
    assert_eq!(
        late.s55,
        Some(S55 {
            last_day: d(2019, 5, 22),
            late_by_days: Some(2)
        })
    );
    assert_eq!(late.direction, Direction::Outgoing, "signed for MOPAC");
    let on_time = read(&letter("22 May 2019", body));
    assert_eq!(on_time.s55.unwrap().late_by_days, Some(0));
    let undated = read(&letter("no date", body));
    assert_eq!(undated.s55.unwrap().late_by_days, None);
}

#[test]
fn crlf_bom_and_curly_quotes_read_like_plain_text() {
    let plain = letter("4 May 2016", "“The report”\n\nI write about the report.");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(plain.replace('\n', "\r\n").into_bytes());
    let decoded = decode(&bytes).unwrap();
    assert_eq!(read(&decoded), read(&plain));
    assert_eq!(read(&plain).subject.as_deref(), Some("“The report”"));
}

#[test]
fn json_has_exactly_the_documented_fields() {
    let l = read(&letter(
        "4 May 2016",
        "Heading\n\n1. One?\n\nYes.\n\n2. Two?\n\nNo.",
    ));
    let json = serde_json::to_value(&l).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "date",
            "reference",
            "received_on",
            "sender",
            "recipient",
            "cc",
            "subject",
            "salutation",
            "asks",
            "report",
            "s55",
            "warnings",
            "sources"
        ]
    );
    assert_eq!(json["date"], "2016-05-04");
    assert_eq!(
        json["asks"][1],
        serde_json::json!({"number": 2, "text": "Two?", "answer": "No."})
    );
}

/// The three real letters in ../shared/letters (skipped when that folder is absent).
#[test]
fn the_shared_letters_read_right() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/letters");
    let read_file = |name: &str| -> Option<ExtractedLetter> {
        let bytes = std::fs::read(dir.join(name)).ok()?;
        Some(read(&decode(&bytes).unwrap()))
    };
    if let Some(l) = read_file("2016-05-04-depths-of-dishonour-response.txt") {
        assert_eq!(l.date, Some(d(2016, 5, 4)));
        assert_eq!(l.reference.as_deref(), Some("MOPAC030516-22423"));
        assert_eq!(l.received_on, Some(d(2016, 5, 3)));
        assert_eq!(
            l.sender.as_deref(),
            Some("Helen Bailey, Chief Operating Officer, Mayor's Office for Policing and Crime")
        );
        assert_eq!(
            l.recipient.as_deref(),
            Some("Rt Hon Theresa May MP, Home Secretary, 2 Marsham Street, London, SW1P 4DF")
        );
        assert_eq!(l.cc.as_deref(), Some("PCC@hmic.gsi.gov.uk"));
        assert_eq!(
            l.subject.as_deref(),
            Some("The depths of dishonour: Hidden voices and shameful crimes")
        );
        assert_eq!(l.salutation.as_deref(), Some("Dear Home Secretary"));
        assert!(l.asks.is_empty());
        let r = l.report.as_ref().unwrap();
        assert_eq!(
            r.title,
            "The depths of dishonour: Hidden voices and shameful crimes"
        );
        assert_eq!(
            r.inspectorate.as_deref(),
            Some("Her Majesty's Inspectorate of Constabulary")
        );
        assert_eq!(
            (r.published_on, r.published_month),
            (None, Some((2015, 12)))
        );
        assert_eq!(l.s55, None, "published before the 2017 amendment");
        assert_eq!(l.direction, Direction::Outgoing);
    }
    if let Some(l) = read_file("2018-09-07-crime-data-integrity-response.txt") {
        assert_eq!(l.date, Some(d(2018, 9, 7)));
        assert_eq!(l.reference.as_deref(), Some("MOPAC06092018-D2188"));
        assert_eq!(l.received_on, Some(d(2018, 9, 6)));
        assert_eq!(
            l.sender.as_deref(),
            Some("Sophie Linden, Deputy Mayor for Policing and Crime")
        );
        assert_eq!(
            l.recipient.as_deref(),
            Some("Rt Hon Sajid Javid MP, Home Secretary, 2 Marsham Street, London SW1P 4DF")
        );
        assert_eq!(l.cc.as_deref(), Some("PCC@hmic.gsi.gov.uk"));
        assert_eq!(
            l.subject.as_deref(),
            Some("Force report for the Crime Data Integrity inspection")
        );
        assert_eq!(l.salutation.as_deref(), Some("Dear Sajid"));
        let r = l.report.as_ref().unwrap();
        assert_eq!(r.title, "Crime Data Integrity inspection");
        assert_eq!(r.kind.as_deref(), Some("Force report"));
        assert_eq!(
            r.inspectorate.as_deref(),
            Some("Her Majesty's Inspectorate of Constabulary, Fire & Rescue")
        );
        assert_eq!(r.published_on, Some(d(2018, 7, 17)));
        assert_eq!(
            l.s55,
            Some(S55 {
                last_day: d(2018, 9, 10),
                late_by_days: Some(0)
            })
        );
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }
    if let Some(l) = read_file("2021-10-20-vawg-reply-to-councillors.txt") {
        assert_eq!(l.date, Some(d(2021, 10, 20)));
        assert_eq!((l.reference, l.received_on), (None, None));
        assert_eq!(l.sender.as_deref(), Some("Cressida Dick, Commissioner"));
        assert_eq!(
            l.recipient.as_deref(),
            Some("Councillors and Assembly Members")
        );
        assert_eq!(l.cc, None);
        assert_eq!(l.subject, None, "the letter has no heading");
        assert_eq!(
            l.salutation.as_deref(),
            Some("Dear Councillors and Assembly Members")
        );
        assert_eq!(l.asks.len(), 10);
        assert_eq!(
            l.asks.iter().map(|a| a.number).collect::<Vec<_>>(),
            (1..=10).collect::<Vec<_>>()
        );
        assert!(l.asks.iter().all(|a| a.answer.is_some()));
        assert!(
            l.asks[2]
                .answer
                .as_deref()
                .unwrap()
                .ends_with("would not be lawful.")
        );
        assert!(
            l.asks[7]
                .answer
                .as_deref()
                .unwrap()
                .contains("- table 2.1 provides")
        );
        assert!(l.asks[9].text.starts_with("Task your Borough Commanders"));
        assert_eq!(l.report, None);
        assert_eq!(l.direction, Direction::Incoming);
    }
}

/// Random text and bytes never make extraction panic.
#[test]
fn nothing_panics() {
    const PIECES: &[&str] = &[
        "Dear Sir",
        "\n",
        "\n\n",
        "Yours sincerely",
        "1.",
        "- 1.",
        "(a)",
        "Q1",
        "Recommendation 2:",
        "4 May 2016",
        "MOPAC030516-22423",
        "MOPACO3O516-1",
        "report published by HMICFRS on ",
        "*",
        "\"",
        "“",
        "’",
        "\u{1b}[2J",
        "\u{202e}",
        "\u{feff}",
        "é",
        "Cont.../2",
        "cc:",
        "Re:",
        "  ",
        "\t",
        "Sophie Linden",
        "Deputy Mayor",
        "SW1P 4DF",
        "?",
        ".",
        ",",
        ":",
        "🎉",
        "\r",
        "0",
        "99",
        "31/02/2019",
        "December 2015",
        "Page 2 of 3",
        "www.x.uk",
        "Answer:",
        "\u{0}",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let n = (next() % 80) as usize;
        let text: String = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let _ = read(&text);
        let bytes: Vec<u8> = (0..n * 3).map(|_| next() as u8).collect();
        if let Ok(t) = decode(&bytes) {
            let _ = read(&t);
        }
        let _ = decode(text.as_bytes()).map(|t| read(&t));
    }
}

#[test]
fn a_wrapped_letter_that_only_mentions_a_report() {
    let l = read(include_str!(
        "../../../tests/fixtures/letters/wrapped-request-mentions-report.txt"
    ));
    assert_eq!(
        l.reference.as_deref(),
        Some("MOPAC170323-D9912"),
        "not 'Your ref'"
    );
    assert_eq!(l.received_on, Some(d(2023, 3, 17)));
    assert_eq!(l.date, Some(d(2023, 3, 21)));
    assert_eq!(
        l.sender.as_deref(),
        Some("Kit Malthouse, Deputy Mayor for Policing and Crime")
    );
    assert_eq!(
        l.recipient.as_deref(),
        Some(
            "Chief Constable Sarah Crew, Avon and Somerset Constabulary, PO Box 37, Valley Road, Portishead BS20 8QJ"
        )
    );
    assert_eq!(
        l.subject.as_deref(),
        Some("JOINT INSPECTION OF CUSTODY PROVISION")
    );
    assert_eq!(
        l.asks[0].text,
        "Whether the force has reviewed its use of remote interviews for detainees under 18;"
    );
    assert_eq!(l.asks.len(), 3);
    let r = l.report.as_ref().unwrap();
    assert_eq!(r.title, "Custody services in a pandemic");
    assert_eq!(r.published_on, Some(d(2023, 2, 2)));
    assert!(
        !r.is_response,
        "a request to the force is not the s55 response"
    );
    assert_eq!(l.s55, None);
}

#[test]
fn an_organisations_letterhead_is_not_the_recipient() {
    let l = read(include_str!(
        "../../../tests/fixtures/letters/iopc-recommendations-to-pcc.txt"
    ));
    assert_eq!(l.recipient.as_deref(), Some("Ms Linden"));
    assert_eq!(
        l.sender.as_deref(),
        Some("Steve Noonan, Director of Operations (Major Investigations)")
    );
    assert_eq!(l.date, Some(d(2022, 8, 8)));
    assert_eq!(l.asks.len(), 2, "labelled recommendations without a report");
    assert!(l.asks[0].text.starts_with("R1: The MPS should review"));
    assert!(l.warnings.iter().any(|w| w.contains("read as asks")));
}

/// A letter from outside (signed by a councillor), so it is incoming.
fn from_councillor(head: &str, body: &str) -> String {
    format!(
        "{head}\n\nDear Deputy Mayor\n\n{body}\n\nYours sincerely\n\nCllr Jo Patel\nChair, Community Safety Committee, London Borough of Brent\n"
    )
}

#[test]
fn a_passing_mention_of_a_report_makes_no_report() {
    for body in [
        // In an ask.
        "Stop and search in Brent\n\nI should be grateful for your answers to the following.\n\n1. How many searches were recorded on body-worn video?\n\n2. What has the force done about the HMICFRS report on the grounds for searches?",
        // In the opening, asking for someone else's response.
        "Stop and search in Brent\n\nI would be grateful for your response to the HMICFRS report on stop and search, which residents have raised with me.\n\nThey ask what will change.",
        // A title without a date.
        "Custody in Brent\n\nThe HMICFRS report \"Custody matters\" has worried residents.\n\nPlease tell me what the force is doing.",
    ] {
        let l = read(&from_councillor("2 November 2026", body));
        assert_eq!(l.report, None, "{body}");
        assert_eq!(l.s55, None);
        let said: Vec<&String> = l
            .warnings
            .iter()
            .filter(|w| w.contains("inspection report"))
            .collect();
        assert_eq!(
            said,
            ["mentions an inspection report but names no title and date: not linked"],
            "one warning, no noise about a title or inspectorate: {:?}",
            l.warnings
        );
        assert!(!l.warnings.iter().any(|w| w.contains("title was not found")));
    }
}

#[test]
fn a_report_is_kept_when_answered_or_named_with_title_and_date() {
    // Named by title and publication date, though only mentioned.
    let l = read(&from_councillor(
        "2 November 2026",
        "Custody in Brent\n\nThe HMICFRS report \"Custody matters\" published on 5 March 2026 has worried residents.\n\n1. What is the force doing?",
    ));
    let r = l.report.expect("named with title and date");
    assert_eq!(r.title, "Custody matters");
    assert_eq!(r.published_on, Some(d(2026, 3, 5)));
    assert!(!r.is_response);
    // Answered: the opening says so, though no title or date is given.
    let l = read(&letter(
        "2 November 2026",
        "Stop and search\n\nI write in response to the HMICFRS inspection of stop and search in the Metropolitan Police Service.\n\nThe MPS accepts its findings.",
    ));
    let r = l.report.expect("a response");
    assert_eq!(r.title, "Stop and search");
    assert!(r.is_response);
    // Recommendations listed with a response under each, the report named in passing.
    let l = read(&letter(
        "2 November 2026",
        "Update for the Police and Crime Committee\n\nThe HMICFRS report made two recommendations.\n\nRecommendation 1: Improve supervision.\n\nA new supervision policy is in place.\n\nRecommendation 2: Record grounds.\n\nBody-worn video is now checked monthly.",
    ));
    let r = l.report.expect("recommendations with responses");
    assert_eq!(r.recommendations.len(), 2);
    assert_eq!(
        r.recommendations[1].response.as_deref(),
        Some("Body-worn video is now checked monthly.")
    );
}

#[test]
fn an_incoming_letter_awaiting_reply_always_has_a_received_date() {
    let body = "Vacant posts\n\n1. How many posts are vacant?\n\n2. When will they be filled?";
    let dated = read(&from_councillor(
        "3 November 2026\nOur ref: LA/PCC/2026/117",
        body,
    ));
    assert_eq!(dated.direction, Direction::Incoming);
    assert_eq!(dated.received_on, Some(d(2026, 11, 3)));
    assert!(
        dated.warnings.contains(
            &"received date not found: taken as the letter's date 3 Nov 2026; check it".into()
        ),
        "{:?}",
        dated.warnings
    );
    let undated = read(&from_councillor("Our ref: LA/PCC/2026/117", body));
    assert_eq!(undated.received_on, Some(d(2026, 11, 23)), "the import day");
    assert!(
        undated.warnings.contains(
            &"received date not found: taken as today, the day of import, 23 Nov 2026; check it"
                .into()
        ),
        "{:?}",
        undated.warnings
    );
    // A dated reference still gives the day received, and a reply needs none.
    let referenced = read(&from_councillor("3 November 2026\n\nMOPAC051126-D1", body));
    assert_eq!(referenced.received_on, Some(d(2026, 11, 5)));
    assert!(!referenced.warnings.iter().any(|w| w.contains("received")));
    let reply = read(&from_councillor(
        "3 November 2026",
        "Answers\n\n1. How many?\n\nTwelve.\n\n2. When?\n\nIn April.",
    ));
    assert!(!reply.awaits_reply());
    assert_eq!(reply.received_on, None);
}

#[test]
fn an_outgoing_letter_awaits_the_answers_to_its_asks() {
    let asking = read(&letter(
        "2 November 2026",
        "Stop and search\n\n(a) How many searches were recorded?\n\n(b) Who reviews them?",
    ));
    assert_eq!(asking.direction, Direction::Outgoing);
    assert!(asking.awaits_reply());
    let response = read(&letter(
        "2 November 2026",
        "PEEL 2026\n\nI write in response to the report published by HMICFRS on 1 September 2026.",
    ));
    assert!(!response.awaits_reply(), "an s55 response asks nothing");
    let undated = read(&letter(
        "no date",
        "Stop and search\n\n(a) How many searches were recorded?\n\n(b) Who reviews them?",
    ));
    assert!(
        undated
            .warnings
            .iter()
            .any(|w| w.contains("no due date") && w.contains("set one by hand")),
        "{:?}",
        undated.warnings
    );
}

/// The layouts of issue 12, each in a small letter of its own.
#[test]
fn layouts_real_letters_come_in() {
    // A sign-off without a closing phrase: name and role on the last line.
    let l = read(
        "3 March 2020\n\nDear Chair\n\nThank you for your letter. We have reviewed the custody arrangements in full.\n\nJo Bloggs, Police and Crime Commissioner for Anyshire\n",
    );
    assert_eq!(
        l.sender.as_deref(),
        Some("Jo Bloggs, Police and Crime Commissioner for Anyshire")
    );
    assert_eq!(l.sources["sender"].confidence, Confidence::Medium);
    // A two-digit year.
    let l = read(
        "14th Mar 21\n\nDear Chair\n\nText of the letter.\n\nYours sincerely\n\nJo Bloggs\nChief Executive\n",
    );
    assert_eq!(l.date, Some(d(2021, 3, 14)));
    // From / To / Sent on / Cc blocks.
    let l = read(
        "From:\nJo Bloggs\nChief Inspector of Constabulary\n\nTo:\nThe Chair\nAnyshire Panel\n\nCc: Ann Other\n\nSent on:\n10 February 2022\n\nInspection standards\n\nThe standards are set by the College and we inspect against them in every force we visit.\n",
    );
    assert_eq!(
        l.sender.as_deref(),
        Some("Jo Bloggs, Chief Inspector of Constabulary")
    );
    assert_eq!(l.recipient.as_deref(), Some("The Chair, Anyshire Panel"));
    assert_eq!(l.cc.as_deref(), Some("Ann Other"));
    assert_eq!(l.date, Some(d(2022, 2, 10)));
    // "published today (March 3)": the year from the letter's date.
    let l = read(&letter(
        "3 March 2020",
        "Response to HMICFRS report: Custody in Anyshire\n\nI write in response to the HMICFRS report published today (March 3), which the force accepts in full.",
    ));
    let r = l.report.expect("a response");
    assert_eq!(r.published_on, Some(d(2020, 3, 3)));
    // An unquoted title after "report", with a colon in it.
    let l = read(&letter(
        "2 November 2026",
        "Our response\n\nI write in response to the HMICFRS report Core Business: An inspection into crime prevention published on 4 September 2014.",
    ));
    assert_eq!(
        l.report.expect("a response").title,
        "Core Business: An inspection into crime prevention"
    );
    // A title already stored, named without quotes.
    let settings = DeadlineSettings::default();
    let calendar = HolidayCalendar::new();
    let known = vec!["Custody matters in Anyshire".to_string()];
    let l = extract(
        &letter(
            "2 November 2026",
            "Our response\n\nI write in response to the HMICFRS inspection report on custody matters in Anyshire, which we welcome.",
        ),
        ExtractOptions {
            today: d(2026, 11, 23),
            settings: &settings,
            calendar: &calendar,
            known_titles: &known,
        },
    );
    assert_eq!(
        l.report.expect("a response").title,
        "Custody matters in Anyshire"
    );
    // A web statement naming its author only in the body, behind page chrome.
    let l = read(
        "Skip to main content\nHome > News > Statements\n\nPCC responds to inspection\n\nCommenting on the report, Anyshire’s Police and Crime Commissioner Jo Bloggs said:\n\n“The force has made real progress since the last inspection and I will hold the Chief Constable to account for the rest.”\n\nPosted on Tuesday 3rd March 2020\n",
    );
    assert_eq!(
        l.sender.as_deref(),
        Some("Jo Bloggs, Anyshire’s Police and Crime Commissioner")
    );
    assert_eq!(l.sources["sender"].confidence, Confidence::Low);
    assert!(
        l.warnings
            .iter()
            .any(|w| w.starts_with("sender read with low confidence")),
        "{:?}",
        l.warnings
    );
    assert_eq!(l.date, Some(d(2020, 3, 3)), "the date at the foot");
    assert_eq!(l.recipient, None, "no chrome as the recipient");
}
