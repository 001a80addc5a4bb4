//! Look-ups for importing letters: is this letter already stored (by reference, or by date,
//! sender and subject), and which stored reports might be the one a letter answers.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::items::{Batch, load};
use super::{Result, Store};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What identifies a stored letter when it is imported again.
#[derive(Debug, Clone, Copy)]
pub struct LetterKey<'a> {
    pub reference: Option<&'a str>,
    pub dated_on: Option<NaiveDate>,
    pub sender: Option<&'a str>,
    pub subject: &'a str,
}

/// The oldest live letter `key` names, and how it was recognised: by reference when the
/// letter has one (case and surrounding spaces ignored), else by date, sender and subject
/// (case ignored; a missing date or sender matches only a missing one).
fn find_letter(conn: &Connection, key: &LetterKey<'_>) -> Result<Option<(ItemId, &'static str)>> {
    let found = match key.reference {
        Some(reference) => conn
            .query_row(
                "SELECT id FROM letter
                 WHERE deleted = 0 AND reference IS NOT NULL
                   AND lower(trim(reference)) = lower(trim(?1))
                 ORDER BY id LIMIT 1",
                [reference],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|n| (n, "same reference")),
        None => conn
            .query_row(
                "SELECT id FROM letter
                 WHERE deleted = 0 AND dated_on IS ?1
                   AND lower(coalesce(sender, '')) = lower(coalesce(?2, ''))
                   AND lower(subject) = lower(?3)
                 ORDER BY id LIMIT 1",
                params![key.dated_on.map(iso), key.sender, key.subject],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|n| (n, "same date, sender and subject")),
    };
    Ok(found.map(|(n, by)| (ItemId::new(Kind::Letter, n), by)))
}

impl Batch<'_, '_> {
    /// [`Store::find_letter`] inside the write, so a check and the write it guards are one
    /// transaction (two imports of one letter at once cannot both store it).
    pub fn find_letter(&self, key: &LetterKey<'_>) -> Result<Option<(ItemId, &'static str)>> {
        find_letter(self.tx, key)
    }
}

impl Store {
    /// The stored letter an imported one would duplicate, and how it was recognised.
    pub fn find_letter(&self, key: &LetterKey<'_>) -> Result<Option<(ItemId, &'static str)>> {
        find_letter(&self.conn, key)
    }

    /// Live reports that may be the one a letter answers, oldest first: those published on
    /// `on` (or in `month`) and those with no publication date; every live report when the
    /// letter gives neither. The caller compares titles.
    pub fn report_candidates(
        &self,
        on: Option<NaiveDate>,
        month: Option<(i32, u32)>,
    ) -> Result<Vec<Item>> {
        let exact = on.map(iso);
        let in_month = month.map(|(y, m)| format!("{y:04}-{m:02}-%"));
        let any = exact.is_none() && in_month.is_none();
        let mut stmt = self.conn.prepare(
            "SELECT id FROM report
             WHERE deleted = 0
               AND (?3 OR published_on IS NULL OR published_on = ?1 OR published_on LIKE ?2)
             ORDER BY (published_on IS NULL), id",
        )?;
        let ids = stmt
            .query_map(params![exact, in_month, any], |r| r.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        ids.into_iter()
            .map(|n| load(&self.conn, ItemId::new(Kind::Report, n)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::{Value, field};
    use crate::store::testing::{add, ctx};

    #[test]
    fn letters_are_found_by_reference_or_date_sender_subject() {
        let mut s = Store::open_in_memory().unwrap();
        let a = add(
            &mut s,
            Kind::Letter,
            &[("reference", "MOPAC030516-22423"), ("subject", "A")],
        );
        let b = add(
            &mut s,
            Kind::Letter,
            &[
                ("dated_on", "2021-10-20"),
                ("sender", "Cressida Dick"),
                ("subject", "VAWG"),
            ],
        );
        let by_ref = |r| LetterKey {
            reference: Some(r),
            dated_on: None,
            sender: None,
            subject: "",
        };
        let by_day = |d, sender, subject| LetterKey {
            reference: None,
            dated_on: d,
            sender,
            subject,
        };
        let found = |s: &Store, key| s.find_letter(&key).unwrap().map(|(id, _)| id);
        assert_eq!(found(&s, by_ref(" mopac030516-22423 ")), Some(a));
        assert_eq!(found(&s, by_ref("MOPAC030516-22424")), None);
        let day = NaiveDate::from_ymd_opt(2021, 10, 20);
        assert_eq!(
            found(&s, by_day(day, Some("cressida dick"), "vawg")),
            Some(b)
        );
        assert_eq!(found(&s, by_day(None, Some("Cressida Dick"), "VAWG")), None);
        assert_eq!(found(&s, by_day(None, None, "A")), Some(a));
        // Inside a write, the same look-up sees what the write has stored so far.
        let c = ctx();
        let seen = s
            .batch(&c, "test", |batch| {
                let spec = field(Kind::Letter, "reference").unwrap();
                let subject = field(Kind::Letter, "subject").unwrap();
                batch.create(
                    Kind::Letter,
                    &[
                        (spec, Value::Text("REF-NEW".into())),
                        (subject, Value::Text("New".into())),
                    ],
                )?;
                batch.find_letter(&by_ref("ref-new"))
            })
            .unwrap();
        assert_eq!(seen.map(|(_, by)| by), Some("same reference"));
        s.delete(a, None, &ctx()).unwrap();
        assert_eq!(
            found(&s, by_ref("MOPAC030516-22423")),
            None,
            "deleted letters do not count"
        );
    }

    #[test]
    fn report_candidates_by_day_month_or_undated() {
        let mut s = Store::open_in_memory().unwrap();
        let on = add(
            &mut s,
            Kind::Report,
            &[("title", "CDI"), ("published_on", "2018-07-17")],
        );
        let undated = add(&mut s, Kind::Report, &[("title", "Undated")]);
        let other = add(
            &mut s,
            Kind::Report,
            &[("title", "PEEL"), ("published_on", "2019-03-28")],
        );
        let ids = |v: Vec<Item>| v.into_iter().map(|i| i.id).collect::<Vec<_>>();
        let day = NaiveDate::from_ymd_opt(2018, 7, 17);
        assert_eq!(
            ids(s.report_candidates(day, None).unwrap()),
            vec![on, undated]
        );
        assert_eq!(
            ids(s.report_candidates(None, Some((2019, 3))).unwrap()),
            vec![other, undated]
        );
        assert_eq!(
            ids(s.report_candidates(None, None).unwrap()),
            vec![on, other, undated]
        );
        assert!(
            matches!(s.get(on).unwrap().get(crate::domain::fields::Field::Title), Value::Text(t) if t == "CDI")
        );
    }
}
