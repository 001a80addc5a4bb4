//! Look-ups for importing letters: is this letter already stored (by reference, or by date,
//! sender and subject), and which stored reports might be the one a letter answers.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::items::load;
use super::{Result, Store};
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Store {
    /// The oldest live letter with this reference (case and surrounding spaces ignored).
    pub fn letter_by_reference(&self, reference: &str) -> Result<Option<ItemId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM letter
                 WHERE deleted = 0 AND reference IS NOT NULL
                   AND lower(trim(reference)) = lower(trim(?1))
                 ORDER BY id LIMIT 1",
                [reference],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|n| ItemId::new(Kind::Letter, n)))
    }

    /// The oldest live letter with this date, sender and subject (case ignored; a missing
    /// date or sender matches only a missing one).
    pub fn letter_by_date_sender_subject(
        &self,
        dated_on: Option<NaiveDate>,
        sender: Option<&str>,
        subject: &str,
    ) -> Result<Option<ItemId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM letter
                 WHERE deleted = 0 AND dated_on IS ?1
                   AND lower(coalesce(sender, '')) = lower(coalesce(?2, ''))
                   AND lower(subject) = lower(?3)
                 ORDER BY id LIMIT 1",
                params![dated_on.map(iso), sender, subject],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|n| ItemId::new(Kind::Letter, n)))
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
    use crate::domain::calendar::HolidayCalendar;
    use crate::domain::deadline::DeadlineSettings;
    use crate::domain::fields::{Value, field};
    use crate::domain::rules::Context;

    fn ctx() -> Context {
        Context {
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            actor: "t".into(),
            settings: DeadlineSettings::default(),
            calendar: HolidayCalendar::new(),
        }
    }

    fn add(store: &mut Store, kind: Kind, pairs: &[(&str, &str)]) -> ItemId {
        let c = ctx();
        let changes: Vec<_> = pairs
            .iter()
            .map(|(k, v)| {
                let spec = field(kind, k).unwrap();
                (spec, spec.parse(v, c.today).unwrap())
            })
            .collect();
        store.create(kind, &changes, &c).unwrap().item.id
    }

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
        assert_eq!(
            s.letter_by_reference(" mopac030516-22423 ").unwrap(),
            Some(a)
        );
        assert_eq!(s.letter_by_reference("MOPAC030516-22424").unwrap(), None);
        let day = NaiveDate::from_ymd_opt(2021, 10, 20);
        assert_eq!(
            s.letter_by_date_sender_subject(day, Some("cressida dick"), "vawg")
                .unwrap(),
            Some(b)
        );
        assert_eq!(
            s.letter_by_date_sender_subject(None, Some("Cressida Dick"), "VAWG")
                .unwrap(),
            None
        );
        assert_eq!(
            s.letter_by_date_sender_subject(None, None, "A").unwrap(),
            Some(a)
        );
        s.delete(a, None, &ctx()).unwrap();
        assert_eq!(
            s.letter_by_reference("MOPAC030516-22423").unwrap(),
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
        assert!(matches!(s.get(on).unwrap().get("title"), Value::Text(t) if t == "CDI"));
    }
}
