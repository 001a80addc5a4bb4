//! Kinds of tracked item and their short typed IDs (REC-12, LET-3, ...).
//!
//! Analysts quote IDs in emails and scripts, so they are short, typed by a prefix and stable:
//! the number is the row id and is never reused (deletes are soft).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Every kind of item the tracker holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Report,
    Recommendation,
    Letter,
    Ask,
    Board,
    Meeting,
    Action,
    Note,
}

impl Kind {
    /// In dependency order: a kind only refers to kinds before it (or to itself), except the
    /// few links that point forward (a report's response letter), which are nullable.
    pub const ALL: [Kind; 8] = [
        Kind::Report,
        Kind::Letter,
        Kind::Recommendation,
        Kind::Ask,
        Kind::Board,
        Kind::Meeting,
        Kind::Action,
        Kind::Note,
    ];

    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Report => "RPT",
            Kind::Recommendation => "REC",
            Kind::Letter => "LET",
            Kind::Ask => "ASK",
            Kind::Board => "BRD",
            Kind::Meeting => "MTG",
            Kind::Action => "ACT",
            Kind::Note => "NOTE",
        }
    }

    /// The analyst's word for one item.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Recommendation => "recommendation",
            Kind::Letter => "letter",
            Kind::Ask => "ask",
            Kind::Board => "board",
            Kind::Meeting => "meeting",
            Kind::Action => "board action",
            Kind::Note => "note",
        }
    }

    /// The plural used on the command line (`list recommendations`) and in exports.
    /// The plural as a heading: "Recommendations".
    pub fn heading(self) -> String {
        let plural = self.plural();
        plural[..1].to_uppercase() + &plural[1..]
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Report => "reports",
            Kind::Recommendation => "recommendations",
            Kind::Letter => "letters",
            Kind::Ask => "asks",
            Kind::Board => "boards",
            Kind::Meeting => "meetings",
            Kind::Action => "actions",
            Kind::Note => "notes",
        }
    }

    /// Accepts the singular, the plural or the ID prefix, in any case.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        Kind::ALL.into_iter().find(|k| {
            s == k.plural()
                || s == k.singular()
                || s == k.prefix().to_ascii_lowercase()
                || (*k == Kind::Action && s == "action")
        })
    }

    pub fn names() -> String {
        Kind::ALL.map(|k| k.plural()).join(", ")
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.singular())
    }
}

/// A typed item ID such as `REC-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemId {
    pub kind: Kind,
    pub num: i64,
}

impl ItemId {
    pub fn new(kind: Kind, num: i64) -> Self {
        ItemId { kind, num }
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind.prefix(), self.num)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not an item ID: IDs look like RPT-1, REC-12, LET-3, ASK-4, BRD-2, MTG-5, ACT-7 or NOTE-9"
)]
pub struct BadId(pub String);

impl FromStr for ItemId {
    type Err = BadId;

    fn from_str(s: &str) -> Result<Self, BadId> {
        let bad = || BadId(s.to_string());
        let (prefix, num) = s.trim().split_once('-').ok_or_else(bad)?;
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.prefix().eq_ignore_ascii_case(prefix))
            .ok_or_else(bad)?;
        let num: i64 = num.parse().map_err(|_| bad())?;
        if num < 1 {
            return Err(bad());
        }
        Ok(ItemId { kind, num })
    }
}

impl Serialize for ItemId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_ignore_case() {
        let id: ItemId = "rec-12".parse().unwrap();
        assert_eq!(id, ItemId::new(Kind::Recommendation, 12));
        assert_eq!(id.to_string(), "REC-12");
        assert_eq!("NOTE-3".parse::<ItemId>().unwrap().kind, Kind::Note);
    }

    #[test]
    fn bad_ids_are_refused() {
        for s in [
            "", "REC", "REC-", "REC-0", "REC--1", "XYZ-1", "REC-1.5", "12",
        ] {
            assert!(s.parse::<ItemId>().is_err(), "{s}");
        }
    }

    #[test]
    fn kinds_parse_from_any_name() {
        assert_eq!(Kind::parse("Recommendations"), Some(Kind::Recommendation));
        assert_eq!(Kind::parse("action"), Some(Kind::Action));
        assert_eq!(Kind::parse("let"), Some(Kind::Letter));
        assert_eq!(Kind::parse("widgets"), None);
    }
}
