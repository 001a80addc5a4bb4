//! `oversight minutes MTG-n`: the action log as minutes are written. One line for each of
//! the board's actions that was open when the meeting began, saying what the meeting did
//! with it, then the actions raised at the meeting.
//!
//! Everything is derived from the data and the audit trail: an action's state when the
//! meeting's day began and when it ended (`domain::timeline::fields_at`, UK days), the
//! reasons recorded with the changes made that day, and the notes dated that day (the
//! dashboard's meeting mode records outcomes as ordinary audited changes and notes dated the
//! meeting's day, as a person at the command line would).

use crate::domain::fields::Field;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::anyhow;
use chrono::{Duration, NaiveDate};

use super::doc::{Block, Doc, Section};
use super::pack::{id_of, live};
use super::{clean, uk, uk_or, write_output};
use crate::cli::args::DocFormat;
use crate::domain::fields::status_vocab;
use crate::domain::history::Touched;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::domain::rules::{Context, completion_status};
use crate::domain::timeline::{Step, fields_at};
use crate::domain::vocab;
use crate::store::{HistoryEntry, ListQuery, Store};

type Fields = BTreeMap<String, Option<String>>;

fn get(f: &Fields, field: Field) -> Option<&str> {
    f.get(field.name()).and_then(|v| v.as_deref())
}

fn date(f: &Fields, field: Field) -> Option<NaiveDate> {
    get(f, field).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// Whether the replayed item was deleted (the trail's own entry, not a field).
fn deleted(f: &Fields) -> bool {
    f.get(Touched::Deleted.stored()).and_then(|v| v.as_deref()) == Some("true")
}

fn finished(status: Option<&str>) -> bool {
    let v = status_vocab(Kind::Action).expect("actions have statuses");
    status.is_some_and(|s| v.is_finished(s))
}

/// The reason recorded with the last change of `field` made on `day`.
fn reason_on(
    history: &[HistoryEntry],
    days: &[Option<NaiveDate>],
    field: Field,
    day: NaiveDate,
) -> Option<String> {
    history
        .iter()
        .zip(days)
        .rev()
        .filter(|(_, d)| **d == Some(day))
        .find(|(e, _)| e.touched == Touched::Field(field))
        .and_then(|(e, _)| e.reason.clone())
        .filter(|r| !r.trim().is_empty())
}

/// What the meeting did with an action, from its fields when the day began and ended.
fn outcome(
    store: &Store,
    action: &Item,
    (history, days): (&[HistoryEntry], &[Option<NaiveDate>]),
    (before, after): (&Fields, &Fields),
    day: NaiveDate,
) -> anyhow::Result<String> {
    let mut said = Vec::new();
    let (was, now) = (get(before, Field::Status), get(after, Field::Status));
    if deleted(after) {
        said.push("deleted from the log".to_string());
    } else if now == completion_status(Kind::Action) && was != now {
        let on = date(after, Field::DoneOn).or(action.date(Field::DoneOn));
        said.push(format!("done {}", uk_or(on, "(no date)")));
    } else if now == Some("dropped") && was != now {
        let why = reason_on(history, days, Field::Status, day)
            .map(|r| format!(": {}", clean(&r)))
            .unwrap_or_default();
        said.push(format!("dropped{why}"));
    } else if was != now {
        said.push(format!(
            "now {}",
            now.map(vocab::label).unwrap_or_else(|| "no status".into())
        ));
    }
    if get(before, Field::DueOn) != get(after, Field::DueOn) {
        let why = reason_on(history, days, Field::DueOn, day)
            .map(|r| format!(" ({})", clean(&r)))
            .unwrap_or_default();
        said.push(match date(after, Field::DueOn) {
            Some(d) => format!("new due date {}{why}", uk(d)),
            None => format!("due date removed{why}"),
        });
    }
    if get(before, Field::Owner) != get(after, Field::Owner) {
        said.push(
            match (get(after, Field::Owner), get(before, Field::Owner)) {
                (Some(new), Some(old)) => format!("owner now {} (was {})", clean(new), clean(old)),
                (Some(new), None) => format!("owner now {}", clean(new)),
                (None, _) => "owner removed".into(),
            },
        );
    }
    let notes = store.notes(action.id)?;
    if let Some(n) = notes
        .iter()
        .rev()
        .find(|n| n.date(Field::NotedOn) == Some(day))
    {
        let what = if n.text(Field::Kind) == Some("chase") {
            "chased"
        } else {
            "progress"
        };
        said.push(format!(
            "{what}: {}",
            clean(n.text(Field::Text).unwrap_or_default())
        ));
    }
    if said.is_empty() {
        let mut still = format!(
            "no update recorded; still {}",
            was.map(vocab::label).unwrap_or_else(|| "open".into())
        );
        if let Some(due) = date(after, Field::DueOn) {
            still.push_str(&format!(", due {}", uk(due)));
            if due < day {
                let late = (day - due).num_days();
                still.push_str(&format!(
                    " ({late} {} overdue at the meeting)",
                    if late == 1 { "day" } else { "days" }
                ));
            }
        }
        said.push(still);
    }
    Ok(said.join("; "))
}

/// The day each entry of an item's trail counts as made, for minutes (in trail order; `None`
/// for a time that does not read). A change recorded at a meeting (meeting mode) counts on
/// that meeting's day, whenever it was typed (notes of a meeting are often written up days
/// after it); the rest on the day they were made. `entered_late`: for an action raised at an
/// earlier meeting but entered into oversight after this one (a board's log brought in from
/// a spreadsheet), the day it was raised: the change that entered it counts from then.
fn effective_days(
    history: &[HistoryEntry],
    held_on: &mut impl FnMut(ItemId) -> Option<NaiveDate>,
    entered_late: Option<NaiveDate>,
) -> Vec<Option<NaiveDate>> {
    let entering = history.first().map(|e| e.changeset);
    history
        .iter()
        .map(|e| {
            let made = crate::domain::timeline::uk_day(&e.at);
            if let Some(raised) = entered_late.filter(|_| Some(e.changeset) == entering) {
                return Some(raised);
            }
            // Recorded at a meeting: on its day, typed before, on or after it.
            e.meeting.and_then(&mut *held_on).or(made)
        })
        .collect()
}

/// An item's fields at the end of `day`, replaying (in the order made) the entries that count
/// as made by then.
fn replay(history: &[HistoryEntry], days: &[Option<NaiveDate>], day: NaiveDate) -> Option<Fields> {
    let at = format!("{}T12:00:00Z", day.format("%Y-%m-%d"));
    let steps = history
        .iter()
        .zip(days)
        .filter(|(_, d)| d.is_some_and(|d| d <= day))
        .map(|(e, _)| Step {
            at: &at,
            field: e.touched.stored(),
            new: e.new.as_deref(),
        });
    fields_at(steps, day)
}

/// When an action was raised: its meeting's day, else the day its creation was recorded.
fn raised_on(store: &Store, action: &Item, history: &[HistoryEntry]) -> Option<NaiveDate> {
    action
        .get(Field::MeetingId)
        .as_link()
        .and_then(|m| store.get(m).ok())
        .and_then(|m| m.date(Field::HeldOn))
        .or_else(|| {
            history
                .iter()
                .find(|e| e.touched == Touched::Created)
                .and_then(|e| crate::domain::timeline::uk_day(&e.at))
        })
}

/// "Action 12": the number people say in a meeting (the ID is ACT-12).
fn named(id: ItemId) -> String {
    format!("Action {}", id.num)
}

pub fn run(
    store: &Store,
    ctx: &Context,
    meeting: &str,
    format: DocFormat,
    output: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let today = ctx.today;
    let id = id_of(Kind::Meeting, meeting, "minutes")?;
    let m = live(store, id)?;
    let day = m
        .date(Field::HeldOn)
        .ok_or_else(|| anyhow!("{id} has no date"))?;
    let board = m
        .get(Field::BoardId)
        .as_link()
        .ok_or_else(|| anyhow!("{id} has no board"))?;
    let board_item = live(store, board)?;
    // Each meeting's day, read once: changes recorded at a meeting count on it.
    let mut meetings: std::collections::HashMap<ItemId, Option<NaiveDate>> = Default::default();
    let mut held_on = |m: ItemId| {
        *meetings
            .entry(m)
            .or_insert_with(|| store.get(m).ok().and_then(|m| m.date(Field::HeldOn)))
    };
    let q = ListQuery {
        parent: Some(board),
        ..ListQuery::default()
    };
    let mut actions: Vec<Item> = store
        .list(Kind::Action, &q, today)?
        .into_iter()
        .map(|l| l.item)
        .collect();
    actions.sort_by_key(|a| a.id.num);
    let mut reviewed = Vec::new();
    let mut raised = Vec::new();
    for a in &actions {
        let history = store.history(a.id)?;
        let has_trail = history.iter().any(|e| e.touched == Touched::Created);
        let mut days = effective_days(&history, &mut held_on, None);
        let raised_day = raised_on(store, a, &history);
        // Entered after the meeting it was raised at (this one or an earlier one): it
        // stands, as entered, from its raising.
        let entered_late = match raised_day {
            Some(r) if r < day => replay(&history, &days, day - Duration::days(1)).is_none(),
            Some(r) if r == day => replay(&history, &days, day).is_none(),
            _ => false,
        };
        if has_trail && entered_late {
            days = effective_days(&history, &mut held_on, raised_day);
        }
        if a.get(Field::MeetingId).as_link() == Some(id) {
            let after = replay(&history, &days, day);
            let (text, owner, due) = match &after {
                Some(f) => (
                    get(f, Field::Text)
                        .unwrap_or(a.text(Field::Text).unwrap_or_default())
                        .to_string(),
                    get(f, Field::Owner).map(str::to_string),
                    date(f, Field::DueOn),
                ),
                None => (
                    a.text(Field::Text).unwrap_or_default().to_string(),
                    a.text(Field::Owner).map(str::to_string),
                    a.due_on(),
                ),
            };
            raised.push(format!(
                "{}: {} — owner {}, due {}",
                named(a.id),
                clean(&text),
                owner
                    .map(|o| clean(&o))
                    .unwrap_or_else(|| "not named".into()),
                uk_or(due, "not set")
            ));
            continue;
        }
        let (before, after) = if has_trail {
            match (
                replay(&history, &days, day - Duration::days(1)),
                replay(&history, &days, day),
            ) {
                (Some(b), Some(a)) => (b, a),
                // Raised after the meeting began (not at it): not this meeting's.
                _ => continue,
            }
        } else {
            // No trail (written by another tool): its fields now stand for both ends of
            // the day; it was open at the meeting if it is open now or was finished since.
            let now: Fields = a
                .specs()
                .iter()
                .zip(&a.values)
                .map(|(s, v)| (s.name.to_string(), v.canonical()))
                .collect();
            if a.is_finished() && a.finished_on().is_none_or(|d| d < day) {
                continue;
            }
            (now.clone(), now)
        };
        if deleted(&before) || finished(get(&before, Field::Status)) {
            continue;
        }
        let text = get(&before, Field::Text).unwrap_or(a.text(Field::Text).unwrap_or_default());
        let owner = get(&before, Field::Owner)
            .map(|o| format!(" ({})", clean(o)))
            .unwrap_or_default();
        let from = raised_on(store, a, &history)
            .map(|d| format!(" (from {})", uk(d)))
            .unwrap_or_default();
        reviewed.push(format!(
            "{}{from}: {}{owner} — {}",
            named(a.id),
            clean(text),
            outcome(store, a, (&history, &days), (&before, &after), day)?
        ));
    }
    let name = clean(board_item.text(Field::Name).unwrap_or_default());
    let mut doc = Doc {
        title: format!("{name}: action log, {}", uk(day)),
        flowing: true,
        ..Doc::default()
    };
    doc.meta.push(format!(
        "Meeting {id} of {board}, {} ({}).",
        uk(day),
        m.status().map(vocab::label).unwrap_or_default()
    ));
    doc.meta.push(format!(
        "Outcomes as recorded on {}: changes made that day or in meeting mode for this meeting, and notes dated that day.",
        uk(day)
    ));
    doc.sections.push(Section {
        id: "actions",
        heading: "Actions reviewed".into(),
        blocks: vec![if reviewed.is_empty() {
            Block::Para("No action of the board was open when the meeting began.".into())
        } else {
            Block::List(reviewed)
        }],
    });
    doc.sections.push(Section {
        id: "new-actions",
        heading: "New actions".into(),
        blocks: vec![if raised.is_empty() {
            Block::Para("No action was raised at the meeting.".into())
        } else {
            Block::List(raised)
        }],
    });
    let text = match format {
        DocFormat::Html => doc.html(),
        DocFormat::Markdown => doc.markdown(),
    };
    write_output(output, text.as_bytes(), out)
}
