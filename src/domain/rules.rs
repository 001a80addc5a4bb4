//! The rules every change obeys, whoever makes it (CLI, dashboard, import): defaults for new
//! items, derived fields (the s55 due date, the original due date), what completion needs.
//!
//! Pure: the store gathers the facts a rule needs (the board's next meeting) into
//! [`Facts`], calls [`apply`], and writes what comes back.

use chrono::NaiveDate;

use super::calendar::HolidayCalendar;
use super::dates;
use super::deadline::{self, DeadlineSettings, Rule};
use super::fields::{self, Edit, FieldError, FieldSpec, Value};
use super::ids::{ItemId, Kind};
use super::item::Item;

/// What the rules need to know about "now" and the user's settings.
#[derive(Debug, Clone)]
pub struct Context {
    pub today: NaiveDate,
    pub actor: String,
    pub settings: DeadlineSettings,
    pub calendar: HolidayCalendar,
}

/// Facts from elsewhere in the database that a rule needs.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// For a new board action without a due date: the board's next meeting.
    pub next_meeting_on: Option<NaiveDate>,
}

/// A requested change to one field, already parsed and type-checked.
pub type Change = (&'static FieldSpec, Value);

/// What a change comes to once the rules have run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The item as it will be saved.
    pub after: Item,
    /// Things the user should know but that do not stop the change.
    pub warnings: Vec<String>,
}

fn invalid(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError::Invalid {
        field,
        message: message.into(),
    }
}

/// Applies `changes` to `before` (a blank item when creating), then the kind's rules.
/// `reason` explains a revised due date; recommendations and board actions require one.
pub fn apply(
    before: &Item,
    changes: &[Change],
    reason: Option<&str>,
    facts: &Facts,
    ctx: &Context,
) -> Result<Outcome, FieldError> {
    let kind = before.kind();
    let creating = before.id.num == 0;
    let mut after = before.clone();
    let mut warnings = Vec::new();
    for (spec, value) in changes {
        if spec.edit == Edit::Derived || (spec.edit == Edit::Fixed && !creating) {
            return Err(invalid(spec.name, "cannot be changed"));
        }
        after.set(spec.name, value.clone());
    }
    let touched = |name: &str| changes.iter().any(|(s, _)| s.name == name);

    if creating {
        // A ref such as "AFI 1" says what kind of recommendation it is, unless told.
        if kind == Kind::Recommendation && after.get("kind").is_null() {
            if let Some(k) = after.text("ref").and_then(kind_from_ref) {
                after.set("kind", Value::Text(k.into()));
            }
        }
        fill_defaults(&mut after, facts, ctx);
    }
    for spec in fields::fields(kind).iter().filter(|s| s.required) {
        if after.get(spec.name).is_null() {
            return Err(invalid(spec.name, "is required"));
        }
    }

    revise_due_date(before, &mut after, touched("due_on"), reason, creating)?;
    if !creating && after.status() != before.status() {
        if let Some(status) = after.status().filter(|s| closing_needs_reason(kind, s)) {
            if reason.is_none_or(|r| r.trim().is_empty()) {
                return Err(invalid(
                    "status",
                    format!(
                        "closing as {} needs a reason (--reason \"...\"): it is kept in the history",
                        super::vocab::label(status)
                    ),
                ));
            }
        }
    }
    match kind {
        Kind::Recommendation => {
            finish_date(&mut after, "complete", "completed_on", ctx.today)?;
            if after.status() == Some("complete") && after.get("evidence").is_null() {
                return Err(invalid(
                    "evidence",
                    "a recommendation is marked complete with the evidence that it is \
                     implemented: give the evidence",
                ));
            }
        }
        Kind::Action => finish_date(&mut after, "done", "done_on", ctx.today)?,
        Kind::Letter => {
            finish_date(&mut after, "replied", "replied_on", ctx.today)?;
            derive_letter_due(&mut after, touched("due_on"), ctx);
        }
        Kind::Report => derive_report_due(&mut after, touched("due_on"), ctx, &mut warnings),
        _ => {}
    }
    Ok(Outcome { after, warnings })
}

/// Closing without doing the work (a recommendation superseded, not accepted or
/// withdrawn; a board action dropped) is a judgement someone may later question: the
/// reason is asked for and kept beside the change in the history.
pub fn closing_needs_reason(kind: Kind, status: &str) -> bool {
    matches!(
        (kind, status),
        (
            Kind::Recommendation,
            "superseded" | "not_accepted" | "withdrawn"
        ) | (Kind::Action, "dropped")
    )
}

/// The kind of a recommendation as its ref names it: "AFI 3" is an area for improvement,
/// "CoC 1" a cause of concern, "R2" or "Recommendation 2" a recommendation.
pub fn kind_from_ref(reference: &str) -> Option<&'static str> {
    let r = reference.trim().to_ascii_lowercase();
    let starts = |p: &str| {
        r.strip_prefix(p).is_some_and(|rest| {
            rest.is_empty() || !rest.starts_with(|c: char| c.is_ascii_alphabetic())
        })
    };
    if starts("afi") || r.starts_with("area for improvement") {
        Some("area_for_improvement")
    } else if starts("coc") || r.starts_with("cause of concern") {
        Some("cause_of_concern")
    } else if starts("r") || starts("rec") || r.starts_with("recommendation") {
        Some("recommendation")
    } else {
        None
    }
}

/// What "mark complete" means for each kind: the finished status, the field that dates it
/// and the field that holds the evidence.
fn completion_fields(
    kind: Kind,
) -> Option<(&'static str, Option<&'static str>, Option<&'static str>)> {
    match kind {
        Kind::Recommendation => Some(("complete", Some("completed_on"), Some("evidence"))),
        Kind::Action => Some(("done", Some("done_on"), None)),
        Kind::Letter => Some(("replied", Some("replied_on"), None)),
        Kind::Ask => Some(("answered", None, Some("answer"))),
        Kind::Report => Some(("responded", None, None)),
        Kind::Meeting => Some(("held", None, None)),
        Kind::Board => Some(("closed", None, None)),
        Kind::Note => None,
    }
}

/// The status that marks an item of `kind` complete ("complete", "replied", "done").
pub fn completion_status(kind: Kind) -> Option<&'static str> {
    completion_fields(kind).map(|(status, ..)| status)
}

/// The fields of a note (or, given whom and how, a chase) about an item: shared by the CLI
/// and the dashboard.
pub fn note(
    about: ItemId,
    text: &str,
    chase: Option<(&str, &str)>,
    on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<Change>, FieldError> {
    if on.is_some_and(|d| d > today) {
        return Err(invalid(
            "noted_on",
            "a note records what happened: it cannot be dated after today",
        ));
    }
    let mut pairs = vec![("item_id", about.to_string()), ("text", text.to_string())];
    if let Some(day) = on {
        pairs.push(("noted_on", dates::format_date(day)));
    }
    if let Some((whom, method)) = chase {
        pairs.push(("kind", "chase".into()));
        pairs.push(("chased", whom.into()));
        pairs.push(("chase_method", method.into()));
    }
    pairs
        .into_iter()
        .map(|(name, value)| {
            let spec = fields::field(Kind::Note, name)?;
            Ok((spec, spec.parse(&value, today)?))
        })
        .collect()
}

/// The changes that mark an item of `kind` complete, shared by the CLI and the dashboard.
pub fn completion(
    kind: Kind,
    evidence: Option<&str>,
    on: Option<NaiveDate>,
) -> Result<Vec<Change>, FieldError> {
    let (status, date_field, evidence_field) = completion_fields(kind)
        .ok_or_else(|| invalid("status", format!("a {kind} cannot be completed")))?;
    let spec = |name| fields::field(kind, name);
    let mut changes = vec![(spec("status")?, Value::Text(status.to_string()))];
    match (evidence, evidence_field) {
        (Some(text), Some(name)) => {
            let s = spec(name)?;
            changes.push((s, s.parse(text, NaiveDate::MIN)?));
        }
        (Some(_), None) => {
            return Err(invalid(
                "evidence",
                format!("a {kind} has no evidence field: record it as a note instead"),
            ));
        }
        (None, _) => {}
    }
    match (on, date_field) {
        (Some(day), Some(name)) => changes.push((spec(name)?, Value::Date(day))),
        (Some(_), None) => {
            return Err(invalid(
                "status",
                format!("a {kind} keeps no completion date"),
            ));
        }
        (None, _) => {}
    }
    Ok(changes)
}

fn fill_defaults(item: &mut Item, facts: &Facts, ctx: &Context) {
    let default = |item: &mut Item, name: &str, value: Value| {
        if item.get(name).is_null() {
            item.set(name, value);
        }
    };
    let word = |w: &str| Value::Text(w.to_string());
    if let Some(status) = fields::initial_status(item.kind()) {
        let status = match (item.kind(), item.text("direction")) {
            (Kind::Letter, Some("outgoing")) => "no_reply_needed",
            _ => status,
        };
        default(item, "status", word(status));
    }
    match item.kind() {
        Kind::Report => default(item, "source", word("hmicfrs")),
        Kind::Recommendation => default(item, "kind", word("recommendation")),
        Kind::Letter => default(item, "direction", word("incoming")),
        Kind::Action => {
            if let Some(next) = facts.next_meeting_on {
                default(item, "due_on", Value::Date(next));
            }
        }
        Kind::Note => {
            default(item, "kind", word("note"));
            default(item, "noted_on", Value::Date(ctx.today));
            default(item, "author", Value::Text(ctx.actor.clone()));
        }
        _ => {}
    }
}

/// Recommendations and board actions keep the first due date they were given; moving a due
/// date once set needs a reason, which the audit trail keeps beside the change.
fn revise_due_date(
    before: &Item,
    after: &mut Item,
    touched: bool,
    reason: Option<&str>,
    creating: bool,
) -> Result<(), FieldError> {
    // A report's response is due by its statutory rule; setting another last day by hand
    // (an agreed extension) is a judgement that needs its reason kept. Handing the date
    // back to the rule (clearing it) needs none.
    if before.kind() == Kind::Report {
        let by_hand =
            touched && !creating && after.due_on().is_some_and(|d| before.due_on() != Some(d));
        if by_hand && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(invalid(
                "due_on",
                "setting a report's response date by hand needs a reason (--reason \"...\"): \
                 it is kept in the history",
            ));
        }
        return Ok(());
    }
    if !matches!(before.kind(), Kind::Recommendation | Kind::Action) {
        return Ok(());
    }
    if after.get("original_due_on").is_null() {
        let due = after.get("due_on").clone();
        after.set("original_due_on", due);
    }
    let moved =
        touched && !creating && before.due_on().is_some() && before.due_on() != after.due_on();
    if moved && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(invalid(
            "due_on",
            "moving a due date needs a reason (--reason \"...\"): the original date and each \
             revision's reason are kept",
        ));
    }
    Ok(())
}

/// The day something was finished goes with its finished status: set to today when the
/// status is reached without one, cleared when the item is reopened, never in the future.
fn finish_date(
    item: &mut Item,
    finished: &str,
    date_field: &'static str,
    today: NaiveDate,
) -> Result<(), FieldError> {
    let is_finished = item.status() == Some(finished);
    match (is_finished, item.date(date_field)) {
        (true, None) => item.set(date_field, Value::Date(today)),
        (true, Some(d)) if d > today => {
            return Err(invalid(date_field, "cannot be after today"));
        }
        (false, Some(_)) => item.set(date_field, Value::Null),
        _ => {}
    }
    Ok(())
}

/// A due date typed by hand wins; clearing it hands it back to the rule.
fn by_hand(item: &mut Item, due_touched: bool) -> bool {
    if due_touched {
        let set = !item.get("due_on").is_null();
        item.set("due_on_by_hand", Value::Flag(set));
    }
    item.get("due_on_by_hand").as_flag()
}

/// The reply a letter waits for: an incoming letter's by the letter rule from the day it was
/// received; an outgoing letter that asks something (status awaiting reply, or replied) by
/// `outgoing_reply_working_days` from its own date, because the office awaits the answers to
/// its own questions too. An outgoing letter that needs no reply has no due date.
fn derive_letter_due(item: &mut Item, due_touched: bool, ctx: &Context) {
    if by_hand(item, due_touched) {
        return;
    }
    let due = match item.text("direction") {
        Some("incoming") => item.date("received_on").and_then(|received| {
            deadline::deadline(Rule::Letter, received, &ctx.calendar, &ctx.settings).last_day
        }),
        Some("outgoing") if item.status() != Some("no_reply_needed") => {
            item.date("dated_on").and_then(|dated| {
                deadline::working_days_after(
                    dated,
                    ctx.settings.outgoing_reply_working_days,
                    ctx.settings.letter_clock,
                    &ctx.calendar,
                )
                .last_day
            })
        }
        _ => None,
    };
    item.set("due_on", due.map_or(Value::Null, Value::Date));
}

fn derive_report_due(
    item: &mut Item,
    due_touched: bool,
    ctx: &Context,
    warnings: &mut Vec<String>,
) {
    if by_hand(item, due_touched) {
        return;
    }
    let rule = match item.text("source") {
        Some("hmicfrs") => Some(Rule::S55),
        Some("iopc") => Some(Rule::Iopc),
        Some("coroner") => Some(Rule::Pfd),
        _ => None,
    };
    let due = match (rule, item.date("published_on")) {
        (Some(rule), Some(published)) => {
            let d = deadline::deadline(rule, published, &ctx.calendar, &ctx.settings);
            warnings.extend(d.warnings);
            d.last_day
        }
        _ => None,
    };
    item.set("due_on", due.map_or(Value::Null, Value::Date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::field;
    use crate::domain::ids::ItemId;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ctx() -> Context {
        Context {
            today: date("2026-11-23"),
            actor: "analyst".into(),
            settings: DeadlineSettings::default(),
            calendar: HolidayCalendar::new(),
        }
    }

    fn change(kind: Kind, name: &str, input: &str) -> Change {
        let spec = field(kind, name).unwrap();
        (spec, spec.parse(input, ctx().today).unwrap())
    }

    fn create(kind: Kind, changes: &[Change]) -> Result<Outcome, FieldError> {
        apply(&Item::blank(kind), changes, None, &Facts::default(), &ctx())
    }

    fn saved(mut item: Item) -> Item {
        item.id = ItemId::new(item.kind(), 1);
        item.version = 1;
        item
    }

    #[test]
    fn a_new_hmicfrs_report_is_due_on_the_s55_last_day() {
        let k = Kind::Report;
        let out = create(
            k,
            &[
                change(k, "title", "PEEL 2019"),
                change(k, "published_on", "28 Mar 2019"),
            ],
        )
        .unwrap();
        assert_eq!(out.after.due_on(), Some(date("2019-05-22")));
        assert_eq!(out.after.status(), Some("awaiting_response"));
        // A date typed by hand (with its reason) wins over the rule, and clearing it hands
        // it back.
        let before = saved(out.after);
        let moved = [change(k, "due_on", "2019-06-01")];
        let no_reason = apply(&before, &moved, None, &Facts::default(), &ctx());
        assert!(no_reason.unwrap_err().to_string().contains("reason"));
        let typed = apply(
            &before,
            &moved,
            Some("Extension agreed with HMICFRS"),
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(typed.after.due_on(), Some(date("2019-06-01")));
        let cleared = apply(
            &saved(typed.after),
            &[change(k, "due_on", "")],
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(cleared.after.due_on(), Some(date("2019-05-22")));
    }

    #[test]
    fn a_report_before_the_2017_amendment_has_no_deadline_and_says_so() {
        let k = Kind::Report;
        let out = create(
            k,
            &[
                change(k, "title", "Depths of dishonour"),
                change(k, "published_on", "2015-12-01"),
            ],
        )
        .unwrap();
        assert_eq!(out.after.due_on(), None);
        assert!(!out.warnings.is_empty());
    }

    #[test]
    fn an_incoming_letter_is_due_twenty_working_days_after_receipt() {
        let k = Kind::Letter;
        let out = create(
            k,
            &[
                change(k, "subject", "VAWG"),
                change(k, "received_on", "2025-12-12"),
            ],
        )
        .unwrap();
        assert_eq!(out.after.due_on(), Some(date("2026-01-14")));
        let outgoing = create(
            k,
            &[
                change(k, "subject", "Reply"),
                change(k, "direction", "outgoing"),
            ],
        )
        .unwrap();
        assert_eq!(outgoing.after.status(), Some("no_reply_needed"));
    }

    #[test]
    fn an_outgoing_letter_awaiting_answers_is_due_by_its_own_setting() {
        let k = Kind::Letter;
        let asking = |status: &str| {
            create(
                k,
                &[
                    change(k, "subject", "Stop and search in Harrow and Brent"),
                    change(k, "direction", "outgoing"),
                    change(k, "dated_on", "2026-11-02"),
                    change(k, "status", status),
                ],
            )
            .unwrap()
            .after
        };
        // 20 working days in England & Wales from the day after Mon 2 Nov 2026.
        let awaiting = asking("awaiting reply");
        assert_eq!(awaiting.due_on(), Some(date("2026-11-30")));
        assert_eq!(asking("no reply needed").due_on(), None);
        let mut c = ctx();
        c.settings.outgoing_reply_working_days = 5;
        let shorter = apply(
            &Item::blank(k),
            &[
                change(k, "subject", "S"),
                change(k, "direction", "outgoing"),
                change(k, "dated_on", "2026-11-02"),
                change(k, "status", "awaiting_reply"),
            ],
            None,
            &Facts::default(),
            &c,
        )
        .unwrap();
        assert_eq!(shorter.after.due_on(), Some(date("2026-11-09")));
        // A date typed by hand wins; answered, the letter keeps the date it was due.
        let typed = apply(
            &saved(awaiting),
            &[change(k, "due_on", "2026-12-18")],
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(typed.after.due_on(), Some(date("2026-12-18")));
        let replied = apply(
            &saved(asking("awaiting reply")),
            &[change(k, "status", "replied")],
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(replied.after.due_on(), Some(date("2026-11-30")));
    }

    #[test]
    fn completing_a_recommendation_needs_evidence_and_dates_it_today() {
        let k = Kind::Recommendation;
        let base = saved(
            create(
                k,
                &[change(k, "report_id", "RPT-1"), change(k, "text", "Do it")],
            )
            .unwrap()
            .after,
        );
        let no_evidence = apply(
            &base,
            &[change(k, "status", "complete")],
            None,
            &Facts::default(),
            &ctx(),
        );
        assert!(no_evidence.unwrap_err().to_string().contains("evidence"));
        let done = apply(
            &base,
            &[
                change(k, "status", "complete"),
                change(k, "evidence", "Policy v2 published"),
            ],
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(done.after.date("completed_on"), Some(ctx().today));
        let future = apply(
            &base,
            &[
                change(k, "status", "complete"),
                change(k, "evidence", "x"),
                change(k, "completed_on", "+3d"),
            ],
            None,
            &Facts::default(),
            &ctx(),
        );
        assert!(future.is_err());
        let reopened = apply(
            &saved(done.after),
            &[change(k, "status", "in progress")],
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(reopened.after.date("completed_on"), None);
    }

    #[test]
    fn moving_a_due_date_needs_a_reason_and_keeps_the_original() {
        let k = Kind::Recommendation;
        let base = saved(
            create(
                k,
                &[
                    change(k, "report_id", "RPT-1"),
                    change(k, "text", "Do it"),
                    change(k, "due_on", "2026-12-01"),
                ],
            )
            .unwrap()
            .after,
        );
        assert_eq!(base.date("original_due_on"), Some(date("2026-12-01")));
        let moved = [change(k, "due_on", "2027-01-31")];
        assert!(apply(&base, &moved, None, &Facts::default(), &ctx()).is_err());
        let ok = apply(
            &base,
            &moved,
            Some("awaiting IT"),
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(ok.after.date("original_due_on"), Some(date("2026-12-01")));
        assert_eq!(ok.after.due_on(), Some(date("2027-01-31")));
    }

    #[test]
    fn a_board_action_defaults_to_the_next_meeting_and_derived_fields_are_refused() {
        let k = Kind::Action;
        let facts = Facts {
            next_meeting_on: Some(date("2026-12-10")),
        };
        let out = apply(
            &Item::blank(k),
            &[
                change(k, "board_id", "BRD-1"),
                change(k, "text", "Report back"),
            ],
            None,
            &facts,
            &ctx(),
        )
        .unwrap();
        assert_eq!(out.after.due_on(), Some(date("2026-12-10")));
        let spec = field(k, "original_due_on").unwrap();
        let err = apply(
            &saved(out.after),
            &[(spec, Value::Null)],
            None,
            &facts,
            &ctx(),
        );
        assert!(err.is_err());
    }
}
