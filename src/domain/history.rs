//! How an item's history reads to people: field labels instead of column names ("Originally
//! due", not `original_due_on`), values as people say them ("in progress", "17 Dec 2026"),
//! creation and deletion as words, and the time in the local zone ("26 Nov 2026 10:41 GMT").
//! The CLI's `history` table and the dashboard's detail both read it from here; `history
//! --format json` keeps the stored forms (column names, codes, UTC), a stable machine format.

use jiff::tz::TimeZone;

use super::dates;
use super::fields::{self, Field, FieldType, Value};
use super::ids::Kind;

/// One history entry in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// The field's label, or "Created", "Deleted", "Restored".
    pub what: String,
    /// The old and new values as people read them; empty for none.
    pub old: String,
    pub new: String,
}

impl Described {
    /// The change as one phrase, each value first passed through `shown` (which may cut it):
    /// "Status: not started → in progress", "Owner: BCU Commander" (set), "Owner cleared (was
    /// BCU Commander)", "Created".
    pub fn phrase(&self, shown: impl Fn(&str) -> String) -> String {
        match (self.old.is_empty(), self.new.is_empty()) {
            (true, true) => self.what.clone(),
            (true, false) => format!("{}: {}", self.what, shown(&self.new)),
            (false, true) => format!("{} cleared (was {})", self.what, shown(&self.old)),
            (false, false) => format!("{}: {} → {}", self.what, shown(&self.old), shown(&self.new)),
        }
    }
}

/// What one entry of an item's history touched. The trail stores it as text ("created",
/// "deleted" or a column name); read back typed, so code matches on `Touched::Created` or
/// `Touched::Field(Field::Status)` rather than on strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    Created,
    /// Deleted (new value "true") or restored (new value "false").
    Deleted,
    Field(Field),
    /// A name the kind does not have (a field since removed, or written by another tool):
    /// shown as stored; `oversight check` names it.
    Other(String),
}

impl Touched {
    /// Reads a stored name for an item of `kind`.
    pub fn read(kind: Kind, stored: &str) -> Touched {
        match stored {
            "created" => Touched::Created,
            "deleted" => Touched::Deleted,
            name => match Field::from_name(name).filter(|f| fields::spec(kind, *f).is_ok()) {
                Some(field) => Touched::Field(field),
                None => Touched::Other(name.to_string()),
            },
        }
    }

    /// The name the trail stores.
    pub fn stored(&self) -> &str {
        match self {
            Touched::Created => "created",
            Touched::Deleted => "deleted",
            Touched::Field(f) => f.name(),
            Touched::Other(name) => name,
        }
    }
}

/// `history --format json` keeps the stored name.
impl serde::Serialize for Touched {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.stored())
    }
}

/// Describes one stored entry (values are canonical text) of an item of `kind`.
pub fn describe(kind: Kind, touched: &Touched, old: Option<&str>, new: Option<&str>) -> Described {
    let words = |what: &str| Described {
        what: what.into(),
        old: String::new(),
        new: String::new(),
    };
    match touched {
        Touched::Created => words("Created"),
        // A soft delete, or its undo.
        Touched::Deleted if new == Some("false") => words("Restored"),
        Touched::Deleted => words("Deleted"),
        Touched::Field(field) => Described {
            what: fields::spec(kind, *field)
                .map(|spec| spec.label.to_string())
                .unwrap_or_else(|_| field.name().to_string()),
            old: value(kind, *field, old),
            new: value(kind, *field, new),
        },
        Touched::Other(name) => Described {
            what: name.clone(),
            old: old.unwrap_or_default().to_string(),
            new: new.unwrap_or_default().to_string(),
        },
    }
}

/// A stored value as people read it: codes as words, dates as "17 Dec 2026", flags as yes/no.
/// Anything that does not read back (a field since removed) is shown as stored.
pub fn value(kind: Kind, field: Field, stored: Option<&str>) -> String {
    let Some(text) = stored else {
        return String::new();
    };
    let Ok(spec) = fields::spec(kind, field) else {
        return text.to_string();
    };
    match (spec.ty, spec.from_canonical(Some(text))) {
        (FieldType::Date, Ok(Value::Date(day))) => dates::format_day(day),
        (_, Ok(v)) => spec.display(&v),
        (_, Err(_)) => text.to_string(),
    }
}

/// When a change was made (stored as UTC, RFC 3339), in `zone`: "26 Nov 2026 10:41 GMT". The
/// day has two digits so that times line up in columns and wrapped text does not shift.
pub fn when(at: &str, zone: &TimeZone) -> String {
    match at.parse::<jiff::Timestamp>() {
        Ok(t) => t
            .to_zoned_datetime(zone.clone())
            .strftime("%d %b %Y %H:%M %Z")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// The zone of the person reading: `TZ` when set, else the system's; UTC when neither can be
/// read.
pub fn local_zone() -> TimeZone {
    TimeZone::try_system().unwrap_or(TimeZone::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> TimeZone {
        // The POSIX form needs no time-zone database, so the test runs anywhere.
        TimeZone::posix("GMT0BST,M3.5.0/1,M10.5.0").unwrap()
    }

    #[test]
    fn fields_read_as_labels_and_values_as_words() {
        let k = Kind::Recommendation;
        let said = describe(
            k,
            &Touched::read(k, "status"),
            Some("not_started"),
            Some("in_progress"),
        );
        assert_eq!(said.what, "Status");
        assert_eq!(said.old, "not started");
        assert_eq!(said.new, "in progress");
        assert_eq!(
            said.phrase(str::to_string),
            "Status: not started → in progress"
        );
        let said = describe(
            k,
            &Touched::read(k, "original_due_on"),
            None,
            Some("2026-12-17"),
        );
        assert_eq!(said.what, "Originally due");
        assert_eq!(said.new, "17 Dec 2026");
        assert_eq!(said.phrase(str::to_string), "Originally due: 17 Dec 2026");
        let said = describe(
            k,
            &Touched::read(k, "status"),
            Some("pending_signoff"),
            None,
        );
        assert_eq!(
            said.phrase(str::to_string),
            "Status cleared (was pending sign-off)"
        );
        assert_eq!(
            describe(k, &Touched::read(k, "report_id"), None, Some("RPT-1")).new,
            "RPT-1"
        );
        assert_eq!(
            describe(k, &Touched::read(k, "rag"), None, Some("amber")).what,
            "RAG"
        );
        let said = describe(
            Kind::Report,
            &Touched::read(Kind::Report, "due_on_by_hand"),
            Some("false"),
            Some("true"),
        );
        assert_eq!((said.old.as_str(), said.new.as_str()), ("no", "yes"));
        assert_eq!(
            describe(
                Kind::Report,
                &Touched::read(Kind::Report, "source"),
                None,
                Some("hmicfrs")
            )
            .new,
            "HMICFRS"
        );
        assert_eq!(
            describe(
                Kind::Letter,
                &Touched::read(Kind::Letter, "due_on"),
                None,
                None
            )
            .what,
            "Reply due"
        );
    }

    #[test]
    fn creation_and_deletion_are_words() {
        let k = Kind::Action;
        assert_eq!(
            describe(k, &Touched::read(k, "created"), None, None).phrase(str::to_string),
            "Created"
        );
        let deleted = describe(k, &Touched::read(k, "deleted"), Some("false"), Some("true"));
        assert_eq!(deleted.phrase(str::to_string), "Deleted");
        let restored = describe(k, &Touched::read(k, "deleted"), Some("true"), Some("false"));
        assert_eq!(restored.phrase(str::to_string), "Restored");
    }

    #[test]
    fn what_does_not_read_back_is_shown_as_stored() {
        let said = describe(
            Kind::Recommendation,
            &Touched::read(Kind::Recommendation, "colour"),
            Some("red"),
            Some("blue"),
        );
        assert_eq!(said.what, "colour");
        assert_eq!(said.phrase(str::to_string), "colour: red → blue");
        assert_eq!(
            value(Kind::Recommendation, Field::DueOn, Some("someday")),
            "someday"
        );
    }

    #[test]
    fn the_phrase_passes_each_value_through_the_given_cut() {
        let said = describe(
            Kind::Note,
            &Touched::read(Kind::Note, "text"),
            Some("old words"),
            Some("new words"),
        );
        assert_eq!(
            said.phrase(|s| format!("<{s}>")),
            "Note: <old words> → <new words>"
        );
    }

    #[test]
    fn times_are_local_with_their_zone() {
        let z = london();
        assert_eq!(when("2026-11-26T10:41:00Z", &z), "26 Nov 2026 10:41 GMT");
        assert_eq!(when("2026-06-26T10:41:07Z", &z), "26 Jun 2026 11:41 BST");
        assert_eq!(when("2026-11-03T23:30:00Z", &z), "03 Nov 2026 23:30 GMT");
        // The hour the clocks go forward.
        assert_eq!(when("2026-03-29T00:59:00Z", &z), "29 Mar 2026 00:59 GMT");
        assert_eq!(when("2026-03-29T01:00:00Z", &z), "29 Mar 2026 02:00 BST");
        assert_eq!(
            when("2026-06-26T23:30:00Z", &TimeZone::UTC),
            "26 Jun 2026 23:30 UTC"
        );
        assert_eq!(when("2026-06-26T23:30:00Z", &z), "27 Jun 2026 00:30 BST");
        assert_eq!(when("not a time", &z), "not a time");
    }
}
