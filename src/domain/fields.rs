//! What each kind of item holds: its fields, their types and limits, and how a typed value
//! is read and checked. The store, the CLI and the dashboard all work from these tables, so a
//! field is declared once.

use chrono::NaiveDate;
use serde_json::Value as Json;

use super::dates::{self, DateError};
use super::ids::{ItemId, Kind};
use super::vocab::{self, Vocab};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text of at most `max` characters.
    Text {
        max: usize,
    },
    Date,
    Word(&'static Vocab),
    /// A link to another item.
    Link(Kind),
    Number {
        min: i64,
        max: i64,
    },
    Flag,
}

/// Who may change a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Anyone, through `add`/`set`/the dashboard.
    Free,
    /// Set when the item is made and never changed afterwards (the letter an ask is in).
    Fixed,
    /// Kept by the rules, never typed (the original due date).
    Derived,
}

/// Every field of every kind, by name: the rules, the store and the screens say
/// `Field::DueOn`, not `"due_on"`, so a misspelt field does not compile (a look-up by string
/// silently gave an empty value). Names typed by people (`set REC-1 due-on=...`) are read
/// with [`field`]. The `field_handles_match_the_tables` test holds this list and the kinds'
/// tables together.
macro_rules! field_names {
    ($($variant:ident = $name:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            $($variant,)*
        }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant,)*];

            /// The column and JSON name, also what the command line takes.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Field::$variant => $name,)*
                }
            }
        }
    };
}

field_names! {
    Answer = "answer",
    Author = "author",
    BoardId = "board_id",
    Body = "body",
    Cc = "cc",
    Chair = "chair",
    ChaseMethod = "chase_method",
    Chased = "chased",
    CompletedOn = "completed_on",
    DatedOn = "dated_on",
    Direction = "direction",
    DoneOn = "done_on",
    DueOn = "due_on",
    DueOnByHand = "due_on_by_hand",
    Evidence = "evidence",
    Force = "force",
    HeldOn = "held_on",
    ItemId = "item_id",
    Kind = "kind",
    LetterId = "letter_id",
    Link = "link",
    MeetingId = "meeting_id",
    Name = "name",
    NotedOn = "noted_on",
    Number = "number",
    OriginalDueOn = "original_due_on",
    Owner = "owner",
    PublishedOn = "published_on",
    Rag = "rag",
    ReceivedOn = "received_on",
    Recipient = "recipient",
    RecommendationId = "recommendation_id",
    Ref = "ref",
    Reference = "reference",
    RepliedOn = "replied_on",
    ReplyLetterId = "reply_letter_id",
    ReportId = "report_id",
    ResponseLetterId = "response_letter_id",
    Sender = "sender",
    Source = "source",
    Status = "status",
    Subject = "subject",
    Text = "text",
    Title = "title",
}

impl Field {
    /// The field called `name` exactly (a stored column name), if there is one.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub field: Field,
    /// The column and JSON name; also what the command line takes (`owner=...`):
    /// `field.name()`, kept here for the many places that print it.
    pub name: &'static str,
    /// How the dashboard labels it.
    pub label: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub edit: Edit,
}

const fn f(field: Field, label: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec {
        field,
        name: field.name(),
        label,
        ty,
        required: false,
        edit: Edit::Free,
    }
}

const fn req(mut s: FieldSpec) -> FieldSpec {
    s.required = true;
    s
}

const fn fixed(mut s: FieldSpec) -> FieldSpec {
    s.edit = Edit::Fixed;
    s
}

const fn derived(mut s: FieldSpec) -> FieldSpec {
    s.edit = Edit::Derived;
    s
}

const SHORT: FieldType = FieldType::Text { max: 200 };
const NAME: FieldType = FieldType::Text { max: 120 };
const LONG: FieldType = FieldType::Text { max: 8_000 };
const BODY: FieldType = FieldType::Text { max: 200_000 };
const DATE: FieldType = FieldType::Date;

const REPORT: &[FieldSpec] = &[
    req(f(Field::Title, "Title", FieldType::Text { max: 300 })),
    f(
        Field::Source,
        "Source",
        FieldType::Word(&vocab::REPORT_SOURCE),
    ),
    f(Field::Force, "Force", NAME),
    f(Field::PublishedOn, "Published", DATE),
    f(Field::DueOn, "Response due", DATE),
    derived(f(
        Field::DueOnByHand,
        "Due date set by hand",
        FieldType::Flag,
    )),
    f(
        Field::Status,
        "Status",
        FieldType::Word(&vocab::REPORT_STATUS),
    ),
    f(
        Field::ResponseLetterId,
        "Response letter",
        FieldType::Link(Kind::Letter),
    ),
    f(Field::Link, "Link", FieldType::Text { max: 2_000 }),
];

const RECOMMENDATION: &[FieldSpec] = &[
    req(f(Field::ReportId, "Report", FieldType::Link(Kind::Report))),
    f(Field::Ref, "Ref", FieldType::Text { max: 30 }),
    f(
        Field::Kind,
        "Kind",
        FieldType::Word(&vocab::RECOMMENDATION_KIND),
    ),
    req(f(Field::Text, "Text", LONG)),
    f(Field::Owner, "Owner", NAME),
    f(Field::DueOn, "Due", DATE),
    derived(f(Field::OriginalDueOn, "Originally due", DATE)),
    f(
        Field::Status,
        "Status",
        FieldType::Word(&vocab::RECOMMENDATION_STATUS),
    ),
    f(Field::CompletedOn, "Completed", DATE),
    f(Field::Evidence, "Evidence", LONG),
    f(Field::Rag, "RAG", FieldType::Word(&vocab::RAG)),
];

const LETTER: &[FieldSpec] = &[
    f(Field::Reference, "Reference", FieldType::Text { max: 60 }),
    f(
        Field::Direction,
        "Direction",
        FieldType::Word(&vocab::LETTER_DIRECTION),
    ),
    f(Field::DatedOn, "Dated", DATE),
    f(Field::ReceivedOn, "Received", DATE),
    f(Field::Sender, "From", SHORT),
    f(Field::Recipient, "To", FieldType::Text { max: 1_000 }),
    f(Field::Cc, "Cc", FieldType::Text { max: 1_000 }),
    req(f(Field::Subject, "Subject", FieldType::Text { max: 300 })),
    f(Field::Body, "Body", BODY),
    f(Field::Owner, "Owner", NAME),
    f(Field::DueOn, "Reply due", DATE),
    derived(f(
        Field::DueOnByHand,
        "Due date set by hand",
        FieldType::Flag,
    )),
    f(Field::RepliedOn, "Replied", DATE),
    f(
        Field::ReplyLetterId,
        "Reply letter",
        FieldType::Link(Kind::Letter),
    ),
    f(Field::ReportId, "Report", FieldType::Link(Kind::Report)),
    f(
        Field::Status,
        "Status",
        FieldType::Word(&vocab::LETTER_STATUS),
    ),
];

const ASK: &[FieldSpec] = &[
    req(fixed(f(
        Field::LetterId,
        "Letter",
        FieldType::Link(Kind::Letter),
    ))),
    f(
        Field::Number,
        "No.",
        FieldType::Number { min: 0, max: 9_999 },
    ),
    req(f(Field::Text, "Ask", LONG)),
    f(Field::Answer, "Answer", LONG),
    f(Field::Status, "Status", FieldType::Word(&vocab::ASK_STATUS)),
];

const BOARD: &[FieldSpec] = &[
    req(f(Field::Name, "Board", SHORT)),
    f(Field::Chair, "Chair", NAME),
    f(
        Field::Status,
        "Status",
        FieldType::Word(&vocab::BOARD_STATUS),
    ),
];

const MEETING: &[FieldSpec] = &[
    req(fixed(f(
        Field::BoardId,
        "Board",
        FieldType::Link(Kind::Board),
    ))),
    req(f(Field::HeldOn, "Date", DATE)),
    f(
        Field::Status,
        "Status",
        FieldType::Word(&vocab::MEETING_STATUS),
    ),
];

const ACTION: &[FieldSpec] = &[
    req(f(Field::BoardId, "Board", FieldType::Link(Kind::Board))),
    f(
        Field::MeetingId,
        "Raised at",
        FieldType::Link(Kind::Meeting),
    ),
    req(f(Field::Text, "Action", LONG)),
    f(Field::Owner, "Owner", NAME),
    f(Field::DueOn, "Due", DATE),
    derived(f(Field::OriginalDueOn, "Originally due", DATE)),
    f(
        Field::Status,
        "Status",
        FieldType::Word(&vocab::ACTION_STATUS),
    ),
    f(Field::DoneOn, "Done", DATE),
    f(
        Field::RecommendationId,
        "Recommendation",
        FieldType::Link(Kind::Recommendation),
    ),
];

/// A note hangs off any item; the item is named by `item_id` (an ID of any kind).
const NOTE: &[FieldSpec] = &[
    req(fixed(f(
        Field::ItemId,
        "About",
        FieldType::Text { max: 30 },
    ))),
    f(Field::Kind, "Kind", FieldType::Word(&vocab::NOTE_KIND)),
    f(Field::NotedOn, "Date", DATE),
    f(Field::Author, "By", NAME),
    req(f(Field::Text, "Note", FieldType::Text { max: 8_000 })),
    f(Field::Chased, "Chased", NAME),
    f(
        Field::ChaseMethod,
        "By",
        FieldType::Word(&vocab::CHASE_METHOD),
    ),
];

/// The fields of a kind, in the order they are shown and exported.
pub fn fields(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::Report => REPORT,
        Kind::Recommendation => RECOMMENDATION,
        Kind::Letter => LETTER,
        Kind::Ask => ASK,
        Kind::Board => BOARD,
        Kind::Meeting => MEETING,
        Kind::Action => ACTION,
        Kind::Note => NOTE,
    }
}

/// The closed list of statuses of a kind, if it has one.
pub fn status_vocab(kind: Kind) -> Option<&'static Vocab> {
    fields(kind).iter().find_map(|f| match (f.field, f.ty) {
        (Field::Status, FieldType::Word(v)) => Some(v),
        _ => None,
    })
}

/// The word a new item starts with.
pub fn initial_status(kind: Kind) -> Option<&'static str> {
    status_vocab(kind).map(|v| v.words[0])
}

/// Looks a field up by name; `due-on` and `Due_On` are taken as `due_on`.
pub fn field(kind: Kind, name: &str) -> Result<&'static FieldSpec, FieldError> {
    let norm = name.trim().to_ascii_lowercase().replace('-', "_");
    fields(kind)
        .iter()
        .find(|f| f.name == norm)
        .ok_or_else(|| unknown(kind, name))
}

/// The spec of `field` in `kind`'s table; an error naming the kind's fields if it has none.
pub fn spec(kind: Kind, field: Field) -> Result<&'static FieldSpec, FieldError> {
    fields(kind)
        .iter()
        .find(|s| s.field == field)
        .ok_or_else(|| unknown(kind, field.name()))
}

fn unknown(kind: Kind, name: &str) -> FieldError {
    FieldError::Unknown {
        kind,
        name: name.to_string(),
        known: fields(kind)
            .iter()
            .filter(|f| f.edit != Edit::Derived)
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A field's value, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Text(String),
    Date(NaiveDate),
    Number(i64),
    Flag(bool),
    Link(ItemId),
    /// A stored value its field cannot hold (a date that is not one, a word outside its
    /// vocabulary, text that is not UTF-8), written by another tool or a damaged disk. Kept
    /// as stored, as text, so the item still lists and shows (marked invalid) and `set`
    /// repairs it; `oversight check` names it.
    Invalid(String),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_link(&self) -> Option<ItemId> {
        match self {
            Value::Link(id) => Some(*id),
            _ => None,
        }
    }

    pub fn as_flag(&self) -> bool {
        matches!(self, Value::Flag(true))
    }

    /// The canonical text form: ISO dates, typed IDs, `true`/`false`. This is what the audit
    /// trail stores, so undo can read it back with [`FieldSpec::from_canonical`].
    pub fn canonical(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(s) => Some(s.clone()),
            Value::Date(d) => Some(dates::format_date(*d)),
            Value::Number(n) => Some(n.to_string()),
            Value::Flag(b) => Some(b.to_string()),
            Value::Link(id) => Some(id.to_string()),
            Value::Invalid(raw) => Some(raw.clone()),
        }
    }

    pub fn is_invalid(&self) -> bool {
        matches!(self, Value::Invalid(_))
    }

    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Number(n) => Json::from(*n),
            Value::Flag(b) => Json::Bool(*b),
            // Flagged, not passed off as a value: a script sees it, a restore refuses it.
            Value::Invalid(raw) => serde_json::json!({ INVALID_KEY: raw }),
            other => Json::String(other.canonical().unwrap_or_default()),
        }
    }
}

/// How a JSON export (and `list --format json`) marks a value stored invalid:
/// `{"invalid": "as stored"}`.
pub const INVALID_KEY: &str = "invalid";

/// A value quoted in a message: at most 80 characters, so a pasted page cannot swamp it.
pub fn quoted(value: &str) -> String {
    const MOST: usize = 80;
    if value.chars().count() <= MOST {
        format!("'{value}'")
    } else {
        let cut: String = value.chars().take(MOST - 1).collect();
        format!("'{cut}…'")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("a {kind} has no field '{name}'; its fields are: {known}")]
    Unknown {
        kind: Kind,
        name: String,
        known: String,
    },
    #[error("{field}: {message}")]
    Invalid { field: Field, message: String },
    #[error("{field}: {problem}")]
    Date { field: Field, problem: DateError },
    /// The change needs a reason kept beside it (see [`super::rules::reason_needed`]).
    #[error("{field}: {why}")]
    NeedsReason {
        field: Field,
        why: super::rules::ReasonFor,
    },
}

impl FieldError {
    /// The field the error is about, if one.
    pub fn field(&self) -> Option<Field> {
        match self {
            FieldError::Invalid { field, .. }
            | FieldError::Date { field, .. }
            | FieldError::NeedsReason { field, .. } => Some(*field),
            FieldError::Unknown { .. } => None,
        }
    }
}

impl FieldSpec {
    /// How a person reads a value of this field ("" for nothing): codes read as words.
    pub fn display(&self, value: &Value) -> String {
        match (self.ty, value) {
            (FieldType::Word(_), Value::Text(code)) => vocab::label(code),
            (FieldType::Flag, Value::Flag(b)) => if *b { "yes" } else { "no" }.to_string(),
            (_, Value::Invalid(raw)) => format!("{raw} [invalid]"),
            _ => value.canonical().unwrap_or_default(),
        }
    }

    pub(crate) fn invalid(&self, message: impl Into<String>) -> FieldError {
        FieldError::Invalid {
            field: self.field,
            message: message.into(),
        }
    }

    /// Reads what a person typed. An empty value clears the field (unless it is required).
    pub fn parse(&self, input: &str, today: NaiveDate) -> Result<Value, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return if self.required {
                Err(self.invalid("is required and cannot be empty"))
            } else {
                Ok(Value::Null)
            };
        }
        match self.ty {
            FieldType::Text { max } => {
                let len = trimmed.chars().count();
                if len > max {
                    return Err(self.invalid(format!(
                        "is {len} characters long; at most {max} fit: shorten it"
                    )));
                }
                Ok(Value::Text(trimmed.to_string()))
            }
            FieldType::Date => {
                dates::parse_date(trimmed, today)
                    .map(Value::Date)
                    .map_err(|problem| FieldError::Date {
                        field: self.field,
                        problem,
                    })
            }
            FieldType::Word(v) => v
                .parse(trimmed)
                .map(|w| Value::Text(w.to_string()))
                .ok_or_else(|| {
                    self.invalid(format!(
                        "'{trimmed}' is not a {}: use one of {}",
                        v.name,
                        v.listing()
                    ))
                }),
            FieldType::Link(kind) => {
                let id: ItemId = trimmed
                    .parse()
                    .map_err(|e: super::ids::BadId| self.invalid(e.to_string()))?;
                if id.kind != kind {
                    return Err(self.invalid(format!(
                        "{id} is a {}, but this must be a {} ({}-N)",
                        id.kind,
                        kind,
                        kind.prefix()
                    )));
                }
                Ok(Value::Link(id))
            }
            FieldType::Number { min, max } => match trimmed.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Value::Number(n)),
                _ => Err(self.invalid(format!(
                    "'{trimmed}' is not a whole number from {min} to {max}"
                ))),
            },
            FieldType::Flag => match trimmed.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Ok(Value::Flag(true)),
                "false" | "no" | "0" => Ok(Value::Flag(false)),
                _ => Err(self.invalid(format!("'{trimmed}' is not true or false"))),
            },
        }
    }

    /// Reads a value back from its canonical text (audit trail) without the forgiving
    /// parsing meant for people.
    pub fn from_canonical(&self, text: Option<&str>) -> Result<Value, FieldError> {
        let Some(text) = text else {
            return Ok(Value::Null);
        };
        match self.ty {
            FieldType::Text { .. } | FieldType::Word(_) => Ok(Value::Text(text.to_string())),
            FieldType::Date => iso_date(text)
                .map(Value::Date)
                .ok_or_else(|| self.invalid(format!("{} is not a YYYY-MM-DD date", quoted(text)))),
            FieldType::Number { .. } => text
                .parse()
                .map(Value::Number)
                .map_err(|_| self.invalid(format!("{} is not a number", quoted(text)))),
            FieldType::Flag => Ok(Value::Flag(text == "true")),
            FieldType::Link(_) => text
                .parse()
                .map(Value::Link)
                .map_err(|e: super::ids::BadId| self.invalid(e.to_string())),
        }
    }

    /// Reads a value from JSON (an export being imported). Strict: the export wrote it. A
    /// value the export flagged invalid (`{"invalid": "..."}`) is refused: it is repaired in
    /// the database it came from.
    pub fn from_json(&self, json: &Json) -> Result<Value, FieldError> {
        match (json, self.ty) {
            (Json::Null, _) => Ok(Value::Null),
            (Json::Number(n), FieldType::Number { .. }) => n
                .as_i64()
                .map(Value::Number)
                .ok_or_else(|| self.invalid(format!("{n} is not a whole number"))),
            (Json::Bool(b), FieldType::Flag) => Ok(Value::Flag(*b)),
            (Json::String(s), FieldType::Word(v)) => match v.parse(s) {
                Some(w) if w == s => Ok(Value::Text(s.clone())),
                _ => Err(self.invalid(format!(
                    "{} is not a {}: use one of {}",
                    quoted(s),
                    v.name,
                    v.listing()
                ))),
            },
            (Json::String(s), FieldType::Text { .. }) => Ok(Value::Text(s.clone())),
            (Json::String(s), FieldType::Date | FieldType::Link(_)) => self.from_canonical(Some(s)),
            (Json::Object(o), _) if o.len() == 1 && o.contains_key(INVALID_KEY) => {
                let raw = o[INVALID_KEY].as_str().unwrap_or_default();
                Err(self.invalid(format!(
                    "{} was stored invalid in the database this export came from: repair it \
                     there with `oversight set` and export again",
                    quoted(raw)
                )))
            }
            (other, _) => Err(self.invalid(format!(
                "{} does not fit this field",
                quoted(&other.to_string())
            ))),
        }
    }

    /// Whether a value meets the field's rules, as `set` enforces them: its type, the
    /// vocabulary, the length limit, dates from 1900 to 2200, the number's range, a link's
    /// kind, required fields present. (Whether a link names an item that exists is the
    /// store's to check.) The error quotes the value, cut to 80 characters.
    pub fn validate(&self, value: &Value) -> Result<(), FieldError> {
        let what = |v: &str| quoted(v);
        match (self.ty, value) {
            (_, Value::Null) if self.required && self.ty != FieldType::Flag => {
                Err(self.invalid("is required but empty"))
            }
            (_, Value::Null) => Ok(()),
            // `set` trims what is typed and refuses a required field left blank.
            (FieldType::Text { .. } | FieldType::Word(_), Value::Text(s))
                if self.required && s.trim().is_empty() =>
            {
                Err(self.invalid("is required but empty"))
            }
            (ty, Value::Invalid(raw)) => Err(self.invalid(format!(
                "{} is not {}",
                what(raw),
                match ty {
                    FieldType::Text { .. } => "valid UTF-8 text".to_string(),
                    FieldType::Date => "a YYYY-MM-DD date".to_string(),
                    FieldType::Word(v) => format!("a {}: use one of {}", v.name, v.listing()),
                    FieldType::Link(k) => format!("a {}-N ID", k.prefix()),
                    FieldType::Number { min, max } => format!("a whole number from {min} to {max}"),
                    FieldType::Flag => "true or false".to_string(),
                }
            ))),
            (FieldType::Text { max }, Value::Text(s)) => {
                let len = s.chars().count();
                if len > max {
                    Err(self.invalid(format!(
                        "{} is {len} characters long; at most {max} fit",
                        what(s)
                    )))
                } else {
                    Ok(())
                }
            }
            (FieldType::Word(v), Value::Text(s)) if v.parse(s) == Some(s.as_str()) => Ok(()),
            (FieldType::Word(v), Value::Text(s)) => Err(self.invalid(format!(
                "{} is not a {}: use one of {}",
                what(s),
                v.name,
                v.listing()
            ))),
            (FieldType::Date, Value::Date(d)) if dates::within_years(*d) => Ok(()),
            (FieldType::Date, Value::Date(d)) => Err(self.invalid(format!(
                "{} is outside the years {} to {}",
                what(&dates::format_date(*d)),
                dates::FIRST_YEAR,
                dates::LAST_YEAR
            ))),
            (FieldType::Number { min, max }, Value::Number(n)) if (min..=max).contains(n) => Ok(()),
            (FieldType::Number { min, max }, Value::Number(n)) => {
                Err(self.invalid(format!("{n} is not a whole number from {min} to {max}")))
            }
            (FieldType::Flag, Value::Flag(_)) => Ok(()),
            (FieldType::Link(k), Value::Link(id)) if id.kind == k && id.num >= 1 => Ok(()),
            (FieldType::Link(k), Value::Link(id)) => {
                Err(self.invalid(format!("{id} is not a {}-N ID", k.prefix())))
            }
            (_, other) => Err(self.invalid(format!(
                "{} does not fit this field",
                what(&other.canonical().unwrap_or_default())
            ))),
        }
    }
}

/// A date in exactly its stored form, `YYYY-MM-DD` (chrono alone also takes `2024-1-5`).
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    (text.len() == 10 && dates::format_date(d) == text).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn every_kind_with_a_status_starts_at_its_first_word() {
        assert_eq!(initial_status(Kind::Recommendation), Some("not_started"));
        assert_eq!(initial_status(Kind::Letter), Some("awaiting_reply"));
        assert_eq!(initial_status(Kind::Note), None);
    }

    #[test]
    fn values_are_checked_by_type() {
        let due = field(Kind::Recommendation, "due-on").unwrap();
        assert_eq!(
            due.parse("30/06/2019", today()).unwrap(),
            Value::Date(NaiveDate::from_ymd_opt(2019, 6, 30).unwrap())
        );
        assert!(due.parse("someday", today()).is_err());
        let status = field(Kind::Recommendation, "status").unwrap();
        assert_eq!(
            status.parse("Pending sign-off", today()).unwrap(),
            Value::Text("pending_signoff".into())
        );
        assert!(status.parse("done", today()).is_err());
        let report = field(Kind::Recommendation, "report_id").unwrap();
        assert!(report.parse("LET-1", today()).is_err());
        assert_eq!(
            report.parse("rpt-2", today()).unwrap(),
            Value::Link(ItemId::new(Kind::Report, 2))
        );
        assert!(report.parse("  ", today()).is_err(), "required");
        let owner = field(Kind::Recommendation, "owner").unwrap();
        assert_eq!(owner.parse("", today()).unwrap(), Value::Null);
        let long = "x".repeat(121);
        assert!(
            owner
                .parse(&long, today())
                .unwrap_err()
                .to_string()
                .contains("121")
        );
    }

    #[test]
    fn unknown_fields_name_the_known_ones() {
        let err = field(Kind::Recommendation, "colour")
            .unwrap_err()
            .to_string();
        assert!(err.contains("owner") && err.contains("due_on"), "{err}");
        assert!(
            !err.contains("original_due_on"),
            "derived fields are not offered"
        );
    }

    #[test]
    fn canonical_text_reads_back() {
        for kind in Kind::ALL {
            for spec in fields(kind) {
                let sample = match spec.ty {
                    FieldType::Text { .. } => Value::Text("a b".into()),
                    FieldType::Date => Value::Date(today()),
                    FieldType::Word(v) => Value::Text(v.words[0].into()),
                    FieldType::Link(k) => Value::Link(ItemId::new(k, 3)),
                    FieldType::Number { .. } => Value::Number(7),
                    FieldType::Flag => Value::Flag(true),
                };
                let back = spec.from_canonical(sample.canonical().as_deref()).unwrap();
                assert_eq!(back, sample, "{kind} {}", spec.name);
                assert_eq!(spec.from_json(&sample.to_json()).unwrap(), sample);
            }
        }
    }

    #[test]
    fn field_handles_match_the_tables() {
        // Each spec's name is its handle's name, so a handle finds the column it names.
        for kind in Kind::ALL {
            for s in fields(kind) {
                assert_eq!(s.name, s.field.name(), "{kind}");
                assert_eq!(spec(kind, s.field).unwrap(), s);
                assert_eq!(Field::from_name(s.name), Some(s.field));
            }
        }
        // Every handle is a field of some kind, and no two share a name.
        for field in Field::ALL {
            assert!(
                Kind::ALL.iter().any(|k| spec(*k, *field).is_ok()),
                "{field} is no kind's field"
            );
            let same = Field::ALL.iter().filter(|f| f.name() == field.name());
            assert_eq!(same.count(), 1, "{field}");
        }
        // A kind without the field says so (with its fields) rather than giving nothing.
        let err = spec(Kind::Board, Field::DueOn).unwrap_err().to_string();
        assert!(err.contains("due_on") && err.contains("chair"), "{err}");
    }
}
