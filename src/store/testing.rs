//! What the store's unit tests share: a context on a fixed day and a quick way to add an
//! item from `name=value` pairs as a person would type them.

use chrono::NaiveDate;

use super::Store;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadline::DeadlineSettings;
use crate::domain::fields;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::rules::Context;

pub fn ctx() -> Context {
    Context {
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        actor: "t".into(),
        settings: DeadlineSettings::default(),
        calendar: HolidayCalendar::new(),
        meeting: None,
    }
}

pub fn add(store: &mut Store, kind: Kind, pairs: &[(&str, &str)]) -> ItemId {
    let c = ctx();
    let changes: Vec<_> = pairs
        .iter()
        .map(|(k, v)| {
            let spec = fields::field(kind, k).unwrap();
            (spec, spec.parse(v, c.today).unwrap())
        })
        .collect();
    store.create(kind, &changes, &c).unwrap().item.id
}
