//! The demo database: the reports, letters and boards of the public letters in the
//! project's shared folder, plus follow-up items dated relative to today so the dashboard
//! shows a realistic mix (overdue, due soon, on track, complete) whenever it is opened.
//!
//! `assets/demo.json` holds the items. Values are typed as a person would type them
//! (relative dates like "-20d" count from today); "@key" names an item made earlier in the
//! file. Everything goes through the same rules and audit trail as any other change.

use std::collections::HashMap;

use anyhow::{Context as _, anyhow, bail};
use serde::Deserialize;

use crate::domain::fields::{self, Value};
use crate::domain::history;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::rules::{Change, Context};
use crate::store::{Batch, Contents, Store, StoreError};

const SEED: &str = include_str!("../assets/demo.json");
/// The first change of a demo database; marks it as one that may be replaced.
pub const DEMO_SUMMARY: &str = crate::store::DEMO_SUMMARY;

#[derive(Deserialize)]
struct Seed {
    items: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// Kind of a new item; absent for an update of an earlier one.
    kind: Option<String>,
    /// The name later entries use for it ("@key").
    key: Option<String>,
    /// An earlier item to change (its "@key").
    update: Option<String>,
    reason: Option<String>,
    /// Field values as typed (ordered: the order they are applied in).
    fields: serde_json::Map<String, serde_json::Value>,
}

pub fn is_demo(store: &Store) -> anyhow::Result<bool> {
    Ok(store.first_change_summary()?.as_deref() == Some(DEMO_SUMMARY))
}

/// Loads the demo into an empty database as one change; returns how many items it made.
pub fn load(store: &mut Store, ctx: &Context) -> anyhow::Result<usize> {
    let seed = seed()?;
    Ok(store.batch(ctx, DEMO_SUMMARY, |batch| fill(batch, &seed, ctx))?)
}

/// Replaces the database's whole content with a fresh demo, in place and in one transaction,
/// if it is empty or a demo nobody has changed since it was loaded; anything else is refused
/// (naming what is there, `shown` being the file's name) and left untouched. Returns how many
/// items the demo made.
pub fn replace(
    store: &mut Store,
    ctx: &Context,
    shown: &str,
    zone: &jiff::tz::TimeZone,
) -> anyhow::Result<usize> {
    let seed = seed()?;
    let allowed = |c: &Contents| may_replace(shown, c, zone).map_err(StoreError::NotEmpty);
    Ok(store.replace_all(ctx, DEMO_SUMMARY, allowed, |batch| fill(batch, &seed, ctx))?)
}

/// Whether a database holding `c` may be replaced by a fresh demo: only when it is empty or
/// a pristine demo. The refusal says what is there and what to do.
pub fn may_replace(shown: &str, c: &Contents, zone: &jiff::tz::TimeZone) -> Result<(), String> {
    let is_demo = c.first_change.as_deref() == Some(DEMO_SUMMARY);
    if c.rows == 0 || (is_demo && c.changes_since_first == 0) {
        return Ok(());
    }
    // "by priya on 26 Nov 2026 10:41 GMT"
    let latest = c
        .latest
        .as_ref()
        .map(|(at, who)| format!("by {who} on {}", history::when(at, zone)));
    if is_demo {
        let n = match c.changes_since_first {
            1 => "1 change".to_string(),
            n => format!("{n} changes"),
        };
        return Err(format!(
            "{shown} is a demo database with {n} made since it was loaded (the latest {}): \
             oversight will not replace it; give the demo another file with --db, or remove \
             that file yourself",
            latest.unwrap_or_default()
        ));
    }
    let mut what = match c.items {
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    };
    if let Some(latest) = latest {
        what.push_str(&format!("; the latest change {latest}"));
    }
    Err(format!(
        "{shown} holds data that is not the demo ({what}): oversight will not replace it; give \
         the demo another file with --db"
    ))
}

fn seed() -> anyhow::Result<Seed> {
    serde_json::from_str(SEED).context("assets/demo.json")
}

/// Makes the demo's items inside one batch; returns how many it made.
fn fill(batch: &mut Batch<'_, '_>, seed: &Seed, ctx: &Context) -> Result<usize, StoreError> {
    let mut keys: HashMap<String, ItemId> = HashMap::new();
    let mut made = 0;
    for (n, entry) in seed.items.iter().enumerate() {
        let fail = |e: anyhow::Error| StoreError::Demo(format!("entry {n}: {e:#}"));
        match (&entry.kind, &entry.update) {
            (Some(kind), None) => {
                let kind = Kind::parse(kind).ok_or_else(|| fail(anyhow!("kind {kind}")))?;
                let changes = changes(kind, &entry.fields, &keys, ctx).map_err(fail)?;
                let saved = batch.create(kind, &changes)?;
                made += 1;
                if let Some(key) = &entry.key {
                    keys.insert(key.clone(), saved.item.id);
                }
            }
            (None, Some(key)) => {
                let id = *keys
                    .get(key.trim_start_matches('@'))
                    .ok_or_else(|| fail(anyhow!("no {key}")))?;
                let changes = changes(id.kind, &entry.fields, &keys, ctx).map_err(fail)?;
                batch.update(id, None, &changes, entry.reason.as_deref())?;
            }
            _ => return Err(fail(anyhow!("give kind or update"))),
        }
    }
    Ok(made)
}

fn changes(
    kind: Kind,
    pairs: &serde_json::Map<String, serde_json::Value>,
    keys: &HashMap<String, ItemId>,
    ctx: &Context,
) -> anyhow::Result<Vec<Change>> {
    pairs
        .iter()
        .map(|(name, raw)| {
            let spec = fields::field(kind, name)?;
            let raw = raw
                .as_str()
                .ok_or_else(|| anyhow!("{name}: give the value as text"))?;
            let value = match raw.strip_prefix('@') {
                Some(key) => {
                    let id = keys
                        .get(key)
                        .ok_or_else(|| anyhow!("{name}: no item @{key} yet"))?;
                    match spec.ty {
                        fields::FieldType::Link(_) => Value::Link(*id),
                        fields::FieldType::Text { .. } => Value::Text(id.to_string()),
                        _ => bail!("{name} cannot name an item"),
                    }
                }
                None => spec.parse(raw, ctx.today)?,
            };
            Ok((spec, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::HolidayCalendar;
    use crate::domain::deadline::{DeadlineSettings, Urgency};
    use crate::store::ListQuery;
    use chrono::NaiveDate;

    #[test]
    fn the_demo_loads_and_shows_a_realistic_mix() {
        let ctx = Context {
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            actor: "demo".into(),
            settings: DeadlineSettings::default(),
            calendar: HolidayCalendar::new(),
            meeting: None,
        };
        let mut store = Store::open_in_memory().unwrap();
        let n = load(&mut store, &ctx).unwrap();
        assert!(n > 30, "{n} items");
        assert!(is_demo(&store).unwrap());
        let mut seen = Vec::new();
        for kind in [Kind::Recommendation, Kind::Letter, Kind::Action] {
            for row in store.list(kind, &ListQuery::default(), ctx.today).unwrap() {
                seen.push(row.item.urgency(ctx.today, 14));
                if row.item.urgency(ctx.today, 14) == Urgency::Overdue {
                    assert!(
                        row.item.days_overdue(ctx.today) < 400,
                        "{} is years late",
                        row.item.id
                    );
                }
            }
        }
        for u in [
            Urgency::Overdue,
            Urgency::DueSoon,
            Urgency::OnTrack,
            Urgency::Finished,
        ] {
            assert!(seen.contains(&u), "no {u:?} item in the demo");
        }
    }
}
