//! The rules every change obeys, whoever makes it (CLI, dashboard, import): defaults for new
//! items, derived fields (the s55 due date, the original due date), what completion needs.
//!
//! Pure: the store gathers the facts a rule needs (the board's next meeting) into
//! [`Facts`], calls [`apply`], and writes what comes back.

use chrono::NaiveDate;

use super::calendar::HolidayCalendar;
use super::dates;
use super::deadline::{self, DeadlineSettings, Rule};
use super::fields::{self, Edit, Field, FieldError, FieldSpec, Value};
use super::ids::{ItemId, Kind};
use super::item::Item;

/// What the rules need to know about "now" and the user's settings.
#[derive(Debug, Clone)]
pub struct Context {
    pub today: NaiveDate,
    pub actor: String,
    pub settings: DeadlineSettings,
    pub calendar: HolidayCalendar,
    /// The board meeting these changes are recorded at (meeting mode), kept with each
    /// change so that the meeting's minutes find them whatever day they were typed in.
    pub meeting: Option<ItemId>,
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

fn invalid(field: Field, message: impl Into<String>) -> FieldError {
    FieldError::Invalid {
        field,
        message: message.into(),
    }
}

/// What finishing an item of a kind means. One table, read by the rules below, by `complete`
/// (CLI and dashboard), by the dashboard's completion form and by [`Item::finished_on`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completion {
    /// The finished status ("complete", "replied", "done").
    pub status: &'static str,
    /// The field that dates it: today when the status is reached without one, cleared when
    /// the item is reopened.
    pub dated_by: Option<Field>,
    /// The field that holds what was given with it (a recommendation's evidence, an ask's
    /// answer).
    pub evidence: Option<Field>,
    /// Whether it cannot be finished without that evidence.
    pub evidence_required: bool,
}

const fn done(status: &'static str, dated_by: Option<Field>) -> Completion {
    Completion {
        status,
        dated_by,
        evidence: None,
        evidence_required: false,
    }
}

/// The completion of each kind (a note is never finished).
pub fn completion_rule(kind: Kind) -> Option<Completion> {
    Some(match kind {
        Kind::Recommendation => Completion {
            status: "complete",
            dated_by: Some(Field::CompletedOn),
            evidence: Some(Field::Evidence),
            evidence_required: true,
        },
        Kind::Action => done("done", Some(Field::DoneOn)),
        Kind::Letter => done("replied", Some(Field::RepliedOn)),
        Kind::Ask => Completion {
            evidence: Some(Field::Answer),
            ..done("answered", None)
        },
        Kind::Report => done("responded", None),
        Kind::Meeting => done("held", None),
        Kind::Board => done("closed", None),
        Kind::Note => return None,
    })
}

/// The status that marks an item of `kind` complete ("complete", "replied", "done").
pub fn completion_status(kind: Kind) -> Option<&'static str> {
    completion_rule(kind).map(|c| c.status)
}

/// Why a change needs a reason kept beside it in the history. One rule ([`reason_needed`])
/// for the store, the CLI and the dashboard's forms; a missing reason is its own error
/// ([`FieldError::NeedsReason`]), so a form puts it under its reason field by type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonFor {
    /// A recommendation's or board action's due date, once set, moved.
    MovingDueDate,
    /// A report's response date set by hand (an agreed extension) rather than by its rule.
    ResponseDateByHand,
    /// Closing without doing the work (superseded, not accepted, withdrawn, dropped): a
    /// judgement someone may later question. Holds the status as people say it.
    Closing(String),
}

impl ReasonFor {
    /// The field whose change needs the reason.
    pub fn field(&self) -> Field {
        match self {
            ReasonFor::MovingDueDate | ReasonFor::ResponseDateByHand => Field::DueOn,
            ReasonFor::Closing(_) => Field::Status,
        }
    }

    /// What a form says under its empty reason field.
    pub fn hint(&self) -> String {
        match self {
            ReasonFor::MovingDueDate => "required when the due date moves (kept in the history)",
            ReasonFor::ResponseDateByHand => {
                "required when the response date is set by hand (kept in the history)"
            }
            ReasonFor::Closing(status) => {
                return format!("required when closing as {status} (kept in the history)");
            }
        }
        .into()
    }
}

impl std::fmt::Display for ReasonFor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReasonFor::MovingDueDate => f.write_str(
                "moving a due date needs a reason (--reason \"...\"): the original date and \
                 each revision's reason are kept",
            ),
            ReasonFor::ResponseDateByHand => f.write_str(
                "setting a report's response date by hand needs a reason (--reason \"...\"): \
                 it is kept in the history",
            ),
            ReasonFor::Closing(status) => write!(
                f,
                "closing as {status} needs a reason (--reason \"...\"): it is kept in the history"
            ),
        }
    }
}

/// A change to an existing item as far as the reason rule cares: the due date and the
/// status, each as (before, after) when the change touches it.
#[derive(Debug, Clone, Copy)]
pub struct Revision<'a> {
    pub kind: Kind,
    pub due: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    pub status: Option<(Option<&'a str>, Option<&'a str>)>,
}

/// Whether a change needs a reason, and why. Creating an item never does.
pub fn reason_needed(r: &Revision<'_>) -> Option<ReasonFor> {
    if let Some((before, after)) = r.due {
        let moved = before != after;
        let needs = match r.kind {
            // A report's response is due by its statutory rule; setting another last day by
            // hand is a judgement. Handing the date back to the rule (clearing it) is not.
            Kind::Report => moved && after.is_some(),
            // These keep the first due date they were given; moving it once set is asked.
            Kind::Recommendation | Kind::Action => moved && before.is_some(),
            _ => false,
        };
        if needs {
            return Some(match r.kind {
                Kind::Report => ReasonFor::ResponseDateByHand,
                _ => ReasonFor::MovingDueDate,
            });
        }
    }
    match r.status {
        Some((before, Some(after))) if before != Some(after) => closing_needs_reason(r.kind, after)
            .then(|| ReasonFor::Closing(super::vocab::label(after))),
        _ => None,
    }
}

/// Applies `changes` to `before` (a blank item when creating), then the kind's rules.
/// `reason` explains a change [`reason_needed`] asks one for.
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
            return Err(invalid(spec.field, "cannot be changed"));
        }
        after.set(spec.field, value.clone());
    }
    let touched = |field: Field| changes.iter().any(|(s, _)| s.field == field);

    if creating {
        // A ref such as "AFI 1" says what kind of recommendation it is, unless told.
        if kind == Kind::Recommendation && after.get(Field::Kind).is_null() {
            if let Some(k) = after.text(Field::Ref).and_then(kind_from_ref) {
                after.set(Field::Kind, Value::Text(k.into()));
            }
        }
        fill_defaults(&mut after, facts, ctx);
    }
    for spec in fields::fields(kind).iter().filter(|s| s.required) {
        if after.get(spec.field).is_null() {
            return Err(invalid(spec.field, "is required"));
        }
    }

    if !creating {
        let revision = Revision {
            kind,
            due: touched(Field::DueOn).then(|| (before.due_on(), after.due_on())),
            status: (after.status() != before.status()).then(|| (before.status(), after.status())),
        };
        if let Some(why) = reason_needed(&revision) {
            if reason.is_none_or(|r| r.trim().is_empty()) {
                return Err(FieldError::NeedsReason {
                    field: why.field(),
                    why,
                });
            }
        }
    }
    // Recommendations and board actions keep the first due date they were given.
    if matches!(kind, Kind::Recommendation | Kind::Action)
        && after.get(Field::OriginalDueOn).is_null()
    {
        let due = after.get(Field::DueOn).clone();
        after.set(Field::OriginalDueOn, due);
    }
    if let Some(rule) = completion_rule(kind) {
        finish(&mut after, &rule, ctx.today)?;
    }
    // A due date typed as the one it already has is set by hand only if the rule would
    // now give another day (the calendar or the settings changed since): retyping the rule's
    // own date changes nothing, and it keeps following the rule.
    let mut due_typed = touched(Field::DueOn);
    if due_typed && !creating && before.due_on() == after.due_on() {
        let mut by_rule = after.clone();
        by_rule.set(Field::DueOnByHand, Value::Flag(false));
        derive_due(&mut by_rule, false, ctx, &mut Vec::new());
        due_typed = by_rule.due_on() != after.due_on();
    }
    derive_due(&mut after, due_typed, ctx, &mut warnings);
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

/// The field `field` of `kind`, for a change the code makes; an error (not a panic) if the
/// kind has no such field. The rules' table test checks every field the rules name.
pub fn spec(kind: Kind, field: Field) -> Result<&'static FieldSpec, FieldError> {
    fields::spec(kind, field)
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
            Field::NotedOn,
            "a note records what happened: it cannot be dated after today",
        ));
    }
    let mut typed = vec![
        (Field::ItemId, about.to_string()),
        (Field::Text, text.to_string()),
    ];
    if let Some(day) = on {
        typed.push((Field::NotedOn, dates::format_date(day)));
    }
    if let Some((whom, method)) = chase {
        typed.push((Field::Kind, "chase".into()));
        typed.push((Field::Chased, whom.into()));
        typed.push((Field::ChaseMethod, method.into()));
    }
    typed
        .into_iter()
        .map(|(field, value)| {
            let spec = spec(Kind::Note, field)?;
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
    let rule = completion_rule(kind)
        .ok_or_else(|| invalid(Field::Status, format!("a {kind} cannot be completed")))?;
    let mut changes = vec![(
        spec(kind, Field::Status)?,
        Value::Text(rule.status.to_string()),
    )];
    match (evidence, rule.evidence) {
        (Some(text), Some(field)) => {
            let s = spec(kind, field)?;
            changes.push((s, s.parse(text, NaiveDate::MIN)?));
        }
        (Some(_), None) => {
            return Err(invalid(
                Field::Evidence,
                format!("a {kind} has no evidence field: record it as a note instead"),
            ));
        }
        (None, _) => {}
    }
    match (on, rule.dated_by) {
        (Some(day), Some(field)) => changes.push((spec(kind, field)?, Value::Date(day))),
        (Some(_), None) => {
            return Err(invalid(
                Field::Status,
                format!("a {kind} keeps no completion date"),
            ));
        }
        (None, _) => {}
    }
    Ok(changes)
}

fn fill_defaults(item: &mut Item, facts: &Facts, ctx: &Context) {
    let default = |item: &mut Item, field: Field, value: Value| {
        if item.get(field).is_null() {
            item.set(field, value);
        }
    };
    let word = |w: &str| Value::Text(w.to_string());
    if let Some(status) = fields::initial_status(item.kind()) {
        let status = match (item.kind(), item.text(Field::Direction)) {
            (Kind::Letter, Some("outgoing")) => "no_reply_needed",
            _ => status,
        };
        default(item, Field::Status, word(status));
    }
    match item.kind() {
        Kind::Report => default(item, Field::Source, word("hmicfrs")),
        Kind::Recommendation => default(item, Field::Kind, word("recommendation")),
        Kind::Letter => default(item, Field::Direction, word("incoming")),
        Kind::Action => {
            if let Some(next) = facts.next_meeting_on {
                default(item, Field::DueOn, Value::Date(next));
            }
        }
        Kind::Note => {
            default(item, Field::Kind, word("note"));
            default(item, Field::NotedOn, Value::Date(ctx.today));
            default(item, Field::Author, Value::Text(ctx.actor.clone()));
        }
        _ => {}
    }
}

/// The day something was finished goes with its finished status: set to today when the
/// status is reached without one, cleared when the item is reopened, never in the future.
/// An item finished with evidence required (a recommendation) must have it.
fn finish(item: &mut Item, rule: &Completion, today: NaiveDate) -> Result<(), FieldError> {
    let is_finished = item.status() == Some(rule.status);
    if let Some(date_field) = rule.dated_by {
        match (is_finished, item.date(date_field)) {
            (true, None) => item.set(date_field, Value::Date(today)),
            (true, Some(d)) if d > today => {
                return Err(invalid(date_field, "cannot be after today"));
            }
            (false, Some(_)) => item.set(date_field, Value::Null),
            _ => {}
        }
    }
    match rule.evidence {
        Some(field) if is_finished && rule.evidence_required && item.get(field).is_null() => {
            Err(invalid(
                field,
                format!(
                    "a {} is marked {} with the evidence that it is implemented: give the \
                     evidence",
                    item.kind(),
                    super::vocab::label(rule.status)
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// The due date a letter or a report owes by its rule (unless set by hand).
fn derive_due(item: &mut Item, due_typed: bool, ctx: &Context, warnings: &mut Vec<String>) {
    match item.kind() {
        Kind::Letter => derive_letter_due(item, due_typed, ctx),
        Kind::Report => derive_report_due(item, due_typed, ctx, warnings),
        _ => {}
    }
}

/// A due date typed by hand wins; clearing it hands it back to the rule.
fn by_hand(item: &mut Item, due_touched: bool) -> bool {
    if due_touched {
        let set = !item.get(Field::DueOn).is_null();
        item.set(Field::DueOnByHand, Value::Flag(set));
    }
    item.get(Field::DueOnByHand).as_flag()
}

/// The reply a letter waits for: an incoming letter's by the letter rule from the day it was
/// received; an outgoing letter that asks something (status awaiting reply, or replied) by
/// `outgoing_reply_working_days` from its own date, because the office awaits the answers to
/// its own questions too. An outgoing letter that needs no reply has no due date.
fn derive_letter_due(item: &mut Item, due_touched: bool, ctx: &Context) {
    if by_hand(item, due_touched) {
        return;
    }
    let due = match item.text(Field::Direction) {
        Some("incoming") => item.date(Field::ReceivedOn).and_then(|received| {
            deadline::deadline(Rule::Letter, received, &ctx.calendar, &ctx.settings).last_day
        }),
        Some("outgoing") if item.status() != Some("no_reply_needed") => {
            item.date(Field::DatedOn).and_then(|dated| {
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
    item.set(Field::DueOn, due.map_or(Value::Null, Value::Date));
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
    let rule = match item.text(Field::Source) {
        Some("hmicfrs") => Some(Rule::S55),
        Some("iopc") => Some(Rule::Iopc),
        Some("coroner") => Some(Rule::Pfd),
        _ => None,
    };
    let due = match (rule, item.date(Field::PublishedOn)) {
        (Some(rule), Some(published)) => {
            let d = deadline::deadline(rule, published, &ctx.calendar, &ctx.settings);
            warnings.extend(d.warnings);
            d.last_day
        }
        _ => None,
    };
    item.set(Field::DueOn, due.map_or(Value::Null, Value::Date));
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
            meeting: None,
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
    fn retyping_a_reports_rule_date_leaves_it_following_the_rule() {
        let k = Kind::Report;
        let base = saved(
            create(
                k,
                &[
                    change(k, "title", "PEEL 2019"),
                    change(k, "published_on", "28 Mar 2019"),
                ],
            )
            .unwrap()
            .after,
        );
        let same = apply(
            &base,
            &[change(k, "due_on", "22 May 2019")],
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(same.after, base, "nothing changes");
        let later = apply(
            &saved(same.after),
            &[change(k, "published_on", "2 Apr 2019")],
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(
            later.after.due_on(),
            Some(date("2019-05-27")),
            "still by the rule"
        );
    }

    #[test]
    fn retyping_a_letters_date_keeps_it_unless_the_rule_now_gives_another() {
        let k = Kind::Letter;
        let base = saved(
            create(
                k,
                &[
                    change(k, "subject", "VAWG"),
                    change(k, "received_on", "2025-12-12"),
                ],
            )
            .unwrap()
            .after,
        );
        let retype = [change(k, "due_on", "14 Jan 2026")];
        let same = apply(&base, &retype, None, &Facts::default(), &ctx()).unwrap();
        assert_eq!(same.after, base, "the rule's own date: nothing changes");
        // The reply period changed since: the date typed is kept, now by hand, rather than
        // replaced by the new rule's day.
        let mut c = ctx();
        c.settings.letter_reply_working_days = 10;
        let kept = apply(&base, &retype, None, &Facts::default(), &c).unwrap();
        assert_eq!(kept.after.due_on(), Some(date("2026-01-14")));
        assert!(kept.after.get(Field::DueOnByHand).as_flag());
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
        assert_eq!(done.after.date(Field::CompletedOn), Some(ctx().today));
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
        assert_eq!(reopened.after.date(Field::CompletedOn), None);
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
        assert_eq!(base.date(Field::OriginalDueOn), Some(date("2026-12-01")));
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
        assert_eq!(
            ok.after.date(Field::OriginalDueOn),
            Some(date("2026-12-01"))
        );
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

    #[test]
    fn the_completion_table_names_fields_its_kinds_have() {
        for kind in Kind::ALL {
            let Some(rule) = completion_rule(kind) else {
                assert_eq!(kind, Kind::Note);
                continue;
            };
            let vocab = fields::status_vocab(kind).expect("a kind that completes has statuses");
            assert_eq!(vocab.parse(rule.status), Some(rule.status), "{kind}");
            assert!(vocab.is_finished(rule.status), "{kind} {}", rule.status);
            if let Some(f) = rule.dated_by {
                assert_eq!(fields::spec(kind, f).unwrap().ty, fields::FieldType::Date);
            }
            if let Some(f) = rule.evidence {
                let ty = fields::spec(kind, f).unwrap().ty;
                assert!(matches!(ty, fields::FieldType::Text { .. }), "{kind} {f}");
            }
            assert!(!rule.evidence_required || rule.evidence.is_some(), "{kind}");
            // What `complete` writes is what the rules then accept as finished.
            let changes = completion(kind, rule.evidence.map(|_| "Seen"), None).unwrap();
            assert_eq!(changes[0].0.field, Field::Status);
        }
        // Each finished item is dated by its own field, which the item reads back.
        let k = Kind::Action;
        let base = saved(
            create(
                k,
                &[
                    change(k, "board_id", "BRD-1"),
                    change(k, "text", "Report back"),
                ],
            )
            .unwrap()
            .after,
        );
        let done = apply(
            &base,
            &completion(k, None, None).unwrap(),
            None,
            &Facts::default(),
            &ctx(),
        )
        .unwrap();
        assert_eq!(done.after.finished_on(), Some(ctx().today));
        assert_eq!(done.after.date(Field::DoneOn), Some(ctx().today));
    }

    #[test]
    fn a_missing_reason_is_its_own_error_from_the_one_rule() {
        let k = Kind::Action;
        let base = saved(
            create(
                k,
                &[
                    change(k, "board_id", "BRD-1"),
                    change(k, "text", "Report back"),
                    change(k, "due_on", "2026-12-01"),
                ],
            )
            .unwrap()
            .after,
        );
        let cases: [(&[Change], Option<ReasonFor>); 4] = [
            (
                &[change(k, "due_on", "2027-01-31")],
                Some(ReasonFor::MovingDueDate),
            ),
            (
                &[change(k, "status", "dropped")],
                Some(ReasonFor::Closing("dropped".into())),
            ),
            (&[change(k, "status", "in progress")], None),
            // The same day typed another way is not a move.
            (&[change(k, "due_on", "1 Dec 2026")], None),
        ];
        for (changes, expected) in cases {
            let got = apply(&base, changes, None, &Facts::default(), &ctx());
            match &expected {
                Some(why) => assert_eq!(
                    got.unwrap_err(),
                    FieldError::NeedsReason {
                        field: why.field(),
                        why: why.clone(),
                    }
                ),
                None => assert!(got.is_ok(), "{got:?}"),
            }
            // Given a reason, each goes through.
            assert!(apply(&base, changes, Some("agreed"), &Facts::default(), &ctx()).is_ok());
        }
        // A report's response date: set by hand needs one; handed back to the rule does not.
        let report = Revision {
            kind: Kind::Report,
            due: Some((Some(date("2026-12-01")), None)),
            status: None,
        };
        assert_eq!(reason_needed(&report), None);
        let by_hand = Revision {
            due: Some((Some(date("2026-12-01")), Some(date("2026-12-20")))),
            ..report
        };
        assert_eq!(reason_needed(&by_hand), Some(ReasonFor::ResponseDateByHand));
    }
}
