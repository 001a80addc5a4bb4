//! `oversight pack`: the board pack for a meeting, as one self-contained HTML file that
//! prints on A4, or as Markdown. Every figure is read from the store at `--today`
//! (`store::summary` for the aggregates, the panes' sources for the lists of items).

use crate::domain::fields::Field;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, bail};
use chrono::{Datelike, Duration, NaiveDate};

use super::doc::{Block, Chart, ChartKind, Doc, Section, Table};
use super::{clean, days, uk, uk_or, write_output};
use crate::cli::args::DocFormat;
use crate::domain::calendar::Clock;
use crate::domain::dates::parse_date;
use crate::domain::filter::{PaneFilter, Sort};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::rules::{Context, completion_status};
use crate::domain::vocab;
use crate::store::summary::{AgeBuckets, Scope, Stream, total};
use crate::store::{EVERY_OPEN_PART, ListQuery, Part, Rows, Source, Store};

/// Every open item that can be overdue, in the owner order (a report's response has none).
const OPEN: Source = Source {
    id: "pack-open",
    parts: EVERY_OPEN_PART,
};

/// Every reply the office owes: letters awaiting reply and reports' responses.
const REPLIES: Source = Source {
    id: "pack-replies",
    parts: &[
        Part {
            kind: Kind::Letter,
            rows: Rows::Open,
        },
        Part {
            kind: Kind::Report,
            rows: Rows::ResponseOwed,
        },
    ],
};

/// The most owners and reports the charts show (the rest are added up in a note).
const TOP: usize = 10;
/// Months in the trend, this one included.
const MONTHS: u32 = 12;

pub struct PackArgs {
    pub board: Option<String>,
    pub meeting: Option<String>,
    pub since: Option<String>,
    pub format: DocFormat,
    pub output: Option<PathBuf>,
}

/// An ID of the kind an option needs, naming the option when it is not one.
pub fn id_of(kind: Kind, text: &str, option: &str) -> anyhow::Result<ItemId> {
    let id: ItemId = text.parse()?;
    if id.kind != kind {
        bail!(
            "{option} takes a {}'s ID ({}-n), not {id}",
            kind.singular(),
            kind.prefix()
        );
    }
    Ok(id)
}

/// A live item, or why not.
pub fn live(store: &Store, id: ItemId) -> anyhow::Result<Item> {
    let item = store.get(id)?;
    if item.deleted {
        return Err(crate::store::StoreError::Deleted(id).into());
    }
    Ok(item)
}

/// A board's meetings: the latest held on or before today, and the next scheduled.
pub fn meetings(store: &Store, board: ItemId, today: NaiveDate) -> anyhow::Result<Vec<Item>> {
    let q = ListQuery {
        parent: Some(board),
        ..ListQuery::default()
    };
    Ok(store
        .list(Kind::Meeting, &q, today)?
        .into_iter()
        .map(|l| l.item)
        .collect())
}

fn held_on(m: &Item) -> NaiveDate {
    m.date(Field::HeldOn).unwrap_or(NaiveDate::MIN)
}

/// The latest note or chase about an item, in words: "20 Nov 2026: text (chase by email)".
pub fn latest_note(store: &Store, id: ItemId) -> anyhow::Result<String> {
    let notes = store.notes(id)?;
    Ok(notes.last().map(note_words).unwrap_or_default())
}

fn note_words(n: &Item) -> String {
    let mut words = format!(
        "{}: {}",
        uk_or(n.date(Field::NotedOn), "undated"),
        clean(n.text(Field::Text).unwrap_or_default())
    );
    if n.text(Field::Kind) == Some("chase") {
        let how = n
            .text(Field::ChaseMethod)
            .map(vocab::chase_how)
            .unwrap_or_default();
        words.push_str(&format!(" (chase {how})").replace("  ", " "));
    }
    words
}

/// The person an item waits on, as the owner order groups it.
fn owner_name(item: &Item) -> String {
    item.owner()
        .map(clean)
        .unwrap_or_else(|| "No owner named".into())
}

/// What an item is, in a row: a recommendation's report and ref, a report's response.
fn what(item: &Item) -> String {
    let text = clean(&item.headline());
    match item.kind() {
        Kind::Report => format!("{}: {text}", item.owed_response().unwrap_or("Response")),
        _ => text,
    }
}

fn status_words(item: &Item) -> String {
    item.status().map(vocab::label).unwrap_or_default()
}

fn rag_words(item: &Item) -> String {
    item.text(Field::Rag)
        .map(|r| {
            let mut c = r.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

pub fn run(store: &Store, ctx: &Context, a: &PackArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let today = ctx.today;
    let soon = ctx.settings.due_soon_days;
    let mut board = a
        .board
        .as_deref()
        .map(|b| id_of(Kind::Board, b, "--board"))
        .transpose()?;
    let chosen_meeting = a
        .meeting
        .as_deref()
        .map(|m| id_of(Kind::Meeting, m, "--meeting"))
        .transpose()?;
    let mut meeting = None;
    if let Some(m) = chosen_meeting {
        let item = live(store, m)?;
        let of = item
            .get(Field::BoardId)
            .as_link()
            .ok_or_else(|| anyhow!("{m} has no board"))?;
        if board.is_some_and(|b| b != of) {
            bail!(
                "{m} is a meeting of {of}, not of {}: give one of its meetings, or leave out --meeting",
                board.map(|b| b.to_string()).unwrap_or_default()
            );
        }
        board = Some(of);
        meeting = Some(item);
    }
    let board_item = board.map(|b| live(store, b)).transpose()?;
    let all_meetings = match board {
        Some(b) => meetings(store, b, today)?,
        None => Vec::new(),
    };
    if meeting.is_none() {
        meeting = all_meetings
            .iter()
            .filter(|m| m.status() == Some("held") && held_on(m) <= today)
            .max_by_key(|m| (held_on(m), m.id.num))
            .cloned();
    }
    let next = all_meetings
        .iter()
        .filter(|m| m.status() == Some("scheduled") && held_on(m) >= today)
        .min_by_key(|m| (held_on(m), m.id.num))
        .cloned();
    let since = match &a.since {
        Some(s) => parse_date(s, today).map_err(|e| anyhow!("--since: {e}"))?,
        None => match &meeting {
            Some(m) => held_on(m) + Duration::days(1),
            None => today - Duration::days(28),
        },
    };
    if since > today {
        bail!("--since {} is after today ({})", uk(since), uk(today));
    }
    let scope = Scope { board };
    let period_from = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .expect("the first of a month")
        .checked_sub_months(chrono::Months::new(MONTHS - 1))
        .expect("a year back");

    let mut doc = Doc {
        title: match &board_item {
            Some(b) => format!(
                "{}: board pack",
                clean(b.text(Field::Name).unwrap_or_default())
            ),
            None => "Oversight pack".into(),
        },
        ..Doc::default()
    };
    if let Some(m) = &next {
        doc.meta
            .push(format!("For the meeting on {} ({}).", uk(held_on(m)), m.id));
    }
    doc.meta.push(format!("Figures as at {}.", uk(today)));
    if let Some(b) = &board_item {
        doc.meta.push(format!(
            "Board actions are {}'s ({}); recommendations, letters and responses are the whole \
             office's.",
            clean(b.text(Field::Name).unwrap_or_default()),
            b.id
        ));
    }

    doc.sections.push(headline(store, scope, today, soon)?);
    doc.sections.push(loads(store, scope, today)?);
    doc.sections.push(trend(store, scope, today)?);
    doc.sections.push(replies(store, ctx, period_from, today)?);
    doc.sections.push(overdue(store, scope, today)?);
    doc.sections.push(finished(store, scope, since, today)?);
    if board.is_some() {
        doc.sections
            .push(meeting_actions(store, meeting.as_ref(), today)?);
    }
    doc.sections.push(rag(store)?);

    let text = match a.format {
        DocFormat::Html => doc.html(),
        DocFormat::Markdown => doc.markdown(),
    };
    write_output(a.output.as_deref(), text.as_bytes(), out)
}

fn headline(store: &Store, scope: Scope, today: NaiveDate, soon: i64) -> anyhow::Result<Section> {
    let buckets = store.age_buckets(scope, today, soon)?;
    let all = total(&buckets);
    let mut rows: Vec<Vec<String>> = buckets.iter().map(|(s, b)| row_of(s.label(), b)).collect();
    rows.push(row_of("All", &all));
    let over_90 = all.overdue_91_365 + all.overdue_over_365;
    let mut blocks = vec![Block::Para(format!(
        "{} open items; {} overdue, {} of them by more than 90 days; {} due within {soon} days.",
        all.open(),
        all.overdue(),
        over_90,
        all.due_soon
    ))];
    blocks.push(Block::Table(Table {
        caption: format!("Open items as at {}", uk(today)),
        head: vec![
            "Stream".into(),
            "Open".into(),
            "Overdue".into(),
            format!("Due within {soon} days"),
            "No due date".into(),
        ],
        rows,
        numeric: vec![1, 2, 3, 4],
        rag: None,
    }));
    let labels = AgeBuckets::labels(soon);
    blocks.push(Block::Chart(Chart {
        title: "Open items by age".into(),
        kind: ChartKind::StackedBars,
        category: "Age".into(),
        series: Stream::ALL.iter().map(|s| s.label().to_string()).collect(),
        rows: labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                (
                    label.clone(),
                    buckets.iter().map(|(_, b)| b.counts()[i]).collect(),
                )
            })
            .collect(),
        note: Some("Days overdue are whole days past the due date.".into()),
    }));
    Ok(Section {
        id: "headline",
        heading: "Headline figures".into(),
        blocks,
    })
}

fn row_of(label: &str, b: &AgeBuckets) -> Vec<String> {
    vec![
        label.to_string(),
        b.open().to_string(),
        b.overdue().to_string(),
        b.due_soon.to_string(),
        b.undated.to_string(),
    ]
}

fn loads(store: &Store, scope: Scope, today: NaiveDate) -> anyhow::Result<Section> {
    let owners = store.owner_loads(scope, today, TOP)?;
    let reports = store.report_loads(today, TOP)?;
    let series = vec!["Overdue".to_string(), "Open, not overdue".to_string()];
    let rest = |n: usize, open: usize, overdue: usize, who: &str| {
        (n > 0).then(|| format!("The other {n} {who} have {open} open items, {overdue} overdue.",))
    };
    let blocks = vec![
        Block::Chart(Chart {
            title: format!(
                "Open items by owner (the {} with most overdue)",
                owners.top.len()
            ),
            kind: ChartKind::StackedBars,
            category: "Owner".into(),
            series: series.clone(),
            rows: owners
                .top
                .iter()
                .map(|l| (clean(&l.name), vec![l.overdue, l.open - l.overdue]))
                .collect(),
            note: rest(
                owners.others,
                owners.others_open,
                owners.others_overdue,
                if owners.others == 1 {
                    "person"
                } else {
                    "people"
                },
            ),
        }),
        Block::Chart(Chart {
            title: format!(
                "Open recommendations by report (the {} with most overdue)",
                reports.top.len()
            ),
            kind: ChartKind::StackedBars,
            category: "Report".into(),
            series,
            rows: reports
                .top
                .iter()
                .map(|l| {
                    (
                        format!("{} {}", l.key, clean(&l.name)),
                        vec![l.overdue, l.open - l.overdue],
                    )
                })
                .collect(),
            note: rest(
                reports.others,
                reports.others_open,
                reports.others_overdue,
                if reports.others == 1 {
                    "report"
                } else {
                    "reports"
                },
            ),
        }),
    ];
    Ok(Section {
        id: "loads",
        heading: "Who has what".into(),
        blocks,
    })
}

fn trend(store: &Store, scope: Scope, today: NaiveDate) -> anyhow::Result<Section> {
    let t = store.trend(scope, today, MONTHS)?;
    let last = t.points.len().saturating_sub(1);
    let rows = t
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let label = if i == last {
                "Today".to_string()
            } else {
                p.on.format("%b %Y").to_string()
            };
            (label, vec![p.open, p.overdue])
        })
        .collect();
    let blocks = vec![Block::Chart(Chart {
        title: "Open and overdue items at each month's end".into(),
        kind: ChartKind::Lines,
        category: "Month".into(),
        series: vec!["Open".into(), "Overdue".into()],
        rows,
        note: Some(format!(
            "Rebuilt from the audit trail: today's figures ({}) with every change recorded \
             after each month's last day taken back ({} changes read).",
            uk(today),
            t.events
        )),
    })];
    Ok(Section {
        id: "trend",
        heading: "Twelve months".into(),
        blocks,
    })
}

fn replies(
    store: &Store,
    ctx: &Context,
    from: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<Section> {
    let perf = store.reply_performance(from, today)?;
    let sent = store.responses_sent(from, today)?;
    let sent_late = sent
        .iter()
        .filter(|r| r.days_late.is_some_and(|d| d > 0))
        .count();
    let sent_unjudged = sent.iter().filter(|r| r.days_late.is_none()).count();
    let sent_on_time = sent.len() - sent_late - sent_unjudged;
    let period = format!("{} to {}", uk(from), uk(today));
    let mut blocks = vec![Block::Chart(Chart {
        title: format!("Replies and responses sent, {period}"),
        kind: ChartKind::StackedBars,
        category: "Replies".into(),
        series: vec!["On time".into(), "Late".into(), "No due date".into()],
        rows: vec![
            (
                "Replies by the office".into(),
                vec![
                    perf.by_office.on_time,
                    perf.by_office.late,
                    perf.by_office.not_judged,
                ],
            ),
            (
                "Answers to the office's letters".into(),
                vec![
                    perf.to_office.on_time,
                    perf.to_office.late,
                    perf.to_office.not_judged,
                ],
            ),
            (
                "Statutory responses".into(),
                vec![sent_on_time, sent_late, sent_unjudged],
            ),
        ],
        note: None,
    })];
    let median = |m: Option<f64>| match m {
        Some(d) if d.fract() == 0.0 => days(d as i64),
        Some(d) => format!("{d:.1} days"),
        None => "none replied".into(),
    };
    blocks.push(Block::Para(format!(
        "Median time to reply: {} for the office's replies (from receipt), {} for answers to \
         the office's letters (from their date).",
        median(perf.by_office.median_days),
        median(perf.to_office.median_days)
    )));
    if sent.is_empty() {
        blocks.push(Block::Para(format!(
            "No response to a report was sent between {period}."
        )));
    } else {
        blocks.push(Block::Table(Table {
            caption: format!("Responses to reports sent, {period}"),
            head: [
                "Report",
                "Title",
                "Rule",
                "Last day",
                "Sent",
                "Days late",
                "Letter",
            ]
            .map(String::from)
            .to_vec(),
            rows: sent
                .iter()
                .map(|r| {
                    vec![
                        r.report.to_string(),
                        clean(&r.title),
                        rule_name(&r.source).into(),
                        uk_or(r.last_day, "none"),
                        uk(r.sent_on),
                        r.days_late.map(|d| d.to_string()).unwrap_or_default(),
                        r.letter.to_string(),
                    ]
                })
                .collect(),
            numeric: vec![5],
            rag: None,
        }));
    }
    // Every reply owed now, with its last day.
    let mut rows = Vec::new();
    store.each_row(&REPLIES, &PaneFilter::default(), today, None, |row| {
        let item = &row.listed.item;
        let due = item.due_on();
        let when = match due {
            Some(d) if d < today => format!("{} overdue", days((today - d).num_days())),
            Some(d) if d == today => "due today".into(),
            Some(d) => format!("{} left", days((d - today).num_days())),
            None => String::new(),
        };
        let warning = match (item.kind(), due) {
            (Kind::Report, Some(d)) => ctx
                .calendar
                .non_working_reason(d, Clock::Calendar)
                .map(|why| format!("the last day is a {why} and does not move"))
                .unwrap_or_default(),
            _ => String::new(),
        };
        rows.push(vec![
            item.id.to_string(),
            what(item),
            clean(&item.waits_on()),
            uk_or(due, "none"),
            when,
            warning,
        ]);
        Ok(true)
    })?;
    blocks.push(Block::Sub("Replies owed and their last days".into()));
    if rows.is_empty() {
        blocks.push(Block::Para("No reply is owed.".into()));
    } else {
        blocks.push(Block::Table(Table {
            caption: format!(
                "Letters awaiting reply and responses owed to reports (s55, IOPC, Reg 28), as at {}",
                uk(today)
            ),
            head: ["ID", "What", "From / to", "Last day", "Days", "Note"]
                .map(String::from)
                .to_vec(),
            rows,
            numeric: vec![],
            rag: None,
        }));
    }
    Ok(Section {
        id: "replies",
        heading: "Replies and statutory responses".into(),
        blocks,
    })
}

fn rule_name(source: &str) -> &'static str {
    match source {
        "hmicfrs" => "s55",
        "iopc" => "IOPC",
        "coroner" => "Reg 28",
        _ => "set by hand",
    }
}

fn overdue(store: &Store, scope: Scope, today: NaiveDate) -> anyhow::Result<Section> {
    let filter = PaneFilter {
        overdue_only: true,
        sort: Sort::Owner,
        ..PaneFilter::default()
    };
    // (owner's name, rows) in the owner order.
    let mut groups: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    let mut last_key: Option<String> = None;
    let mut items = Vec::new();
    store.each_row(&OPEN, &filter, today, None, |row| {
        let item = &row.listed.item;
        if item.kind() == Kind::Action
            && scope
                .board
                .is_some_and(|b| item.get(Field::BoardId).as_link() != Some(b))
        {
            return Ok(true);
        }
        items.push(item.clone());
        Ok(true)
    })?;
    for item in &items {
        let key = item.owner().map(str::to_lowercase);
        if last_key.as_ref() != Some(&key.clone().unwrap_or_default()) || groups.is_empty() {
            groups.push((owner_name(item), Vec::new()));
            last_key = Some(key.unwrap_or_default());
        }
        let row = vec![
            item.id.to_string(),
            what(item),
            uk_or(item.due_on(), ""),
            item.days_overdue(today).to_string(),
            rag_words(item),
            latest_note(store, item.id)?,
        ];
        groups.last_mut().expect("a group").1.push(row);
    }
    let mut blocks = Vec::new();
    if groups.is_empty() {
        blocks.push(Block::Para("Nothing is overdue.".into()));
    } else {
        blocks.push(Block::Para(format!(
            "{} overdue items, {} owners, each owner's most overdue first.",
            items.len(),
            groups.len()
        )));
    }
    for (name, rows) in groups {
        blocks.push(Block::Sub(format!("{name}: {} overdue", rows.len())));
        blocks.push(Block::Table(Table {
            caption: format!("Overdue items of {name}"),
            head: ["ID", "What", "Due", "Days overdue", "RAG", "Latest note"]
                .map(String::from)
                .to_vec(),
            rows,
            numeric: vec![3],
            rag: Some(4),
        }));
    }
    Ok(Section {
        id: "overdue",
        heading: "Overdue items by owner".into(),
        blocks,
    })
}

fn finished(
    store: &Store,
    scope: Scope,
    since: NaiveDate,
    today: NaiveDate,
) -> anyhow::Result<Section> {
    let items = store.finished_between(scope, since, today)?;
    let mut rows = Vec::new();
    for item in &items {
        let evidence = match item.kind() {
            Kind::Recommendation => clean(item.text(Field::Evidence).unwrap_or_default()),
            Kind::Letter => item
                .get(Field::ReplyLetterId)
                .as_link()
                .map(|l| format!("Reply {l}"))
                .unwrap_or_default(),
            _ => latest_note(store, item.id)?,
        };
        rows.push(vec![
            item.id.to_string(),
            what(item),
            uk_or(item.finished_on(), ""),
            item.owner().map(clean).unwrap_or_default(),
            evidence,
        ]);
    }
    let heading = format!("Completed since {}", uk(since));
    let blocks = if rows.is_empty() {
        vec![Block::Para(format!(
            "Nothing was completed, replied to or done between {} and {}.",
            uk(since),
            uk(today)
        ))]
    } else {
        vec![Block::Table(Table {
            caption: format!(
                "Recommendations completed, letters replied to and actions done, {} to {}",
                uk(since),
                uk(today)
            ),
            head: ["ID", "What", "Completed", "Owner", "Evidence"]
                .map(String::from)
                .to_vec(),
            rows,
            numeric: vec![],
            rag: None,
        })]
    };
    Ok(Section {
        id: "completed",
        heading,
        blocks,
    })
}

fn meeting_actions(
    store: &Store,
    meeting: Option<&Item>,
    today: NaiveDate,
) -> anyhow::Result<Section> {
    let Some(m) = meeting else {
        return Ok(Section {
            id: "last-meeting",
            heading: "Actions from the last meeting".into(),
            blocks: vec![Block::Para("The board has no meeting held yet.".into())],
        });
    };
    let q = ListQuery {
        parent: Some(m.id),
        ..ListQuery::default()
    };
    let mut actions: Vec<Item> = store
        .list(Kind::Action, &q, today)?
        .into_iter()
        .map(|l| l.item)
        .collect();
    actions.sort_by_key(|a| a.id.num);
    let mut rows = Vec::new();
    for a in &actions {
        // Done, with the day it was done (by the one completion table).
        let status = match (a.status(), a.finished_on()) {
            (Some(s), Some(on)) if Some(s) == completion_status(Kind::Action) => {
                format!("{} {}", vocab::label(s), uk(on))
            }
            _ => {
                let mut s = status_words(a);
                let late = a.days_overdue(today);
                if late > 0 {
                    s.push_str(&format!(", {} overdue", days(late)));
                }
                s
            }
        };
        rows.push(vec![
            a.id.to_string(),
            clean(a.text(Field::Text).unwrap_or_default()),
            a.owner().map(clean).unwrap_or_default(),
            uk_or(a.due_on(), ""),
            status,
            latest_note(store, a.id)?,
        ]);
    }
    let date = uk(held_on(m));
    let blocks = if rows.is_empty() {
        vec![Block::Para(format!(
            "No action was raised at the meeting on {date}."
        ))]
    } else {
        vec![Block::Table(Table {
            caption: format!("Actions raised at the meeting on {date} ({})", m.id),
            head: ["ID", "Action", "Owner", "Due", "Status", "Latest update"]
                .map(String::from)
                .to_vec(),
            rows,
            numeric: vec![],
            rag: None,
        })]
    };
    Ok(Section {
        id: "last-meeting",
        heading: format!("Actions from the meeting on {date}"),
        blocks,
    })
}

fn rag(store: &Store) -> anyhow::Result<Section> {
    let rated = store.rag_rated()?;
    let blocks = if rated.is_empty() {
        vec![Block::Para("No recommendation has a RAG rating.".into())]
    } else {
        let count = |c: &str| {
            rated
                .iter()
                .filter(|r| r.text(Field::Rag) == Some(c))
                .count()
        };
        vec![
            Block::Para(format!(
                "{} red, {} amber, {} green.",
                count("red"),
                count("amber"),
                count("green")
            )),
            Block::Table(Table {
                caption: "Recommendations with a RAG rating, red first".into(),
                head: [
                    "ID",
                    "RAG",
                    "Report",
                    "Ref",
                    "Recommendation",
                    "Owner",
                    "Status",
                    "Due",
                ]
                .map(String::from)
                .to_vec(),
                rows: rated
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.to_string(),
                            rag_words(r),
                            r.get(Field::ReportId)
                                .as_link()
                                .map(|l| l.to_string())
                                .unwrap_or_default(),
                            clean(r.text(Field::Ref).unwrap_or_default()),
                            clean(r.text(Field::Text).unwrap_or_default()),
                            r.owner().map(clean).unwrap_or_default(),
                            status_words(r),
                            uk_or(r.due_on(), ""),
                        ]
                    })
                    .collect(),
                numeric: vec![],
                rag: Some(1),
            }),
        ]
    };
    Ok(Section {
        id: "rag",
        heading: "RAG ratings".into(),
        blocks,
    })
}
