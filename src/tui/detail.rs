//! What the detail view shows about the selected item, read once when the selection
//! changes (drawing never reads the database).

use chrono::NaiveDate;

use crate::domain::fields::Value;
use crate::domain::ids::{ItemId, Kind};
use crate::domain::item::Item;
use crate::store::{HistoryEntry, Listed, Result, Store};

#[derive(Debug, Clone)]
pub struct Detail {
    pub item: Item,
    /// The items it links to, as (field label, "RPT-1 Title").
    pub links: Vec<(&'static str, String)>,
    pub children: Vec<(Kind, Vec<Listed>)>,
    pub notes: Vec<Item>,
    pub history: Vec<HistoryEntry>,
}

impl Detail {
    pub fn load(store: &Store, id: ItemId, today: NaiveDate) -> Result<Detail> {
        let item = store.get(id)?;
        let mut links = Vec::new();
        for (spec, value) in item.specs().iter().zip(&item.values) {
            if let Value::Link(target) = value {
                let shown = match store.get(*target) {
                    Ok(linked) => format!("{target} {}", linked.headline()),
                    Err(e) => format!("{target} ({e})"),
                };
                links.push((spec.label, shown));
            }
        }
        Ok(Detail {
            children: store.children(id, today)?,
            notes: store.notes(id)?,
            history: store.history(id)?,
            links,
            item,
        })
    }
}
