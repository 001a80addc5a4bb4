//! Output formats of the read commands. JSON and CSV are for scripts and spreadsheets and are
//! stable (documented in the README); tables are for people and pass all data text through
//! the terminal sanitiser.

use chrono::NaiveDate;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value as Json, json};

use crate::domain::fields::{self, Value};
use crate::domain::ids::Kind;
use crate::domain::item::Item;
use crate::domain::sanitize::for_terminal;
use crate::store::{HistoryEntry, Listed};

/// How wide a text column may be in a table before it is cut with an ellipsis.
const TEXT_WIDTH: usize = 60;

/// One item as a JSON object: the common keys first (`id`, `status`, `due_on`, `overdue`,
/// `days_overdue`, `version`), then the kind's own fields, then the chase facts.
pub fn item_json(listed: &Listed, today: NaiveDate) -> Map<String, Json> {
    let item = &listed.item;
    let days_overdue = item.days_overdue(today);
    let mut obj = Map::new();
    obj.insert("id".into(), json!(item.id.to_string()));
    obj.insert("status".into(), item.get("status").to_json());
    obj.insert("due_on".into(), item.get("due_on").to_json());
    obj.insert("overdue".into(), json!(days_overdue > 0));
    obj.insert("days_overdue".into(), json!(days_overdue));
    obj.insert("version".into(), json!(item.version));
    for (spec, value) in item.specs().iter().zip(&item.values) {
        if !obj.contains_key(spec.name) {
            obj.insert(spec.name.into(), value.to_json());
        }
    }
    obj.insert("chases".into(), json!(listed.chases));
    obj.insert(
        "last_chased_on".into(),
        listed
            .last_chased_on
            .map_or(Json::Null, |d| json!(d.format("%Y-%m-%d").to_string())),
    );
    obj.insert(
        "days_since_chase".into(),
        listed
            .last_chased_on
            .map_or(Json::Null, |d| json!((today - d).num_days())),
    );
    obj
}

/// The CSV columns of a kind, in the order of [`item_json`].
pub fn csv_header(kind: Kind) -> Vec<String> {
    let mut cols: Vec<String> = [
        "id",
        "status",
        "due_on",
        "overdue",
        "days_overdue",
        "version",
    ]
    .map(String::from)
    .to_vec();
    for spec in fields::fields(kind) {
        if !cols.iter().any(|c| c == spec.name) {
            cols.push(spec.name.to_string());
        }
    }
    cols.extend(["chases", "last_chased_on", "days_since_chase"].map(String::from));
    cols
}

/// A JSON value as one CSV cell. `spreadsheet` defuses cells a spreadsheet would run as a
/// formula (text from letters comes from outside).
pub fn csv_cell(value: &Json, spreadsheet: bool) -> String {
    let text = match value {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    };
    if spreadsheet && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

pub fn write_csv<W: std::io::Write>(
    out: W,
    kind: Kind,
    rows: &[Listed],
    today: NaiveDate,
    spreadsheet: bool,
) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header = csv_header(kind);
    w.write_record(&header)?;
    for row in rows {
        let obj = item_json(row, today);
        w.write_record(
            header
                .iter()
                .map(|c| csv_cell(&obj[c.as_str()], spreadsheet)),
        )?;
    }
    w.flush()?;
    Ok(())
}

fn new_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    table
}

/// Cuts text to `width` characters, ending with an ellipsis when cut, on one line.
pub fn cut(text: &str, width: usize) -> String {
    let clean = for_terminal(text, false);
    if clean.chars().count() <= width {
        return clean.into_owned();
    }
    let mut s: String = clean.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn chase_words(row: &Listed, today: NaiveDate) -> String {
    match row.last_chased_on {
        Some(d) if row.chases > 0 => format!("{}x, {}d ago", row.chases, (today - d).num_days()),
        _ => String::new(),
    }
}

fn status_words(item: &Item) -> String {
    let spec = fields::field(item.kind(), "status").ok();
    match spec {
        Some(s) => s.display(item.get("status")),
        None => String::new(),
    }
}

pub fn list_table(kind: Kind, rows: &[Listed], today: NaiveDate, due_soon_days: i64) -> String {
    if rows.is_empty() {
        return format!("No {} match.", kind.plural());
    }
    let mut table = new_table(&["ID", "DUE", "", "STATUS", "OWNER", "CHASED", "TEXT"]);
    for row in rows {
        let item = &row.item;
        table.add_row(vec![
            item.id.to_string(),
            item.get("due_on").canonical().unwrap_or_default(),
            item.due_words(today, due_soon_days),
            status_words(item),
            cut(item.owner().unwrap_or(""), 24),
            chase_words(row, today),
            cut(&item.headline(), TEXT_WIDTH),
        ]);
    }
    trim_lines(&table.to_string())
}

/// comfy-table pads every cell; trailing blanks only get in the way of diffs and greps.
fn trim_lines(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_end().strip_prefix(' ').unwrap_or(l.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One item's fields as "Label: value" lines, long text wrapped under its label.
pub fn item_block(item: &Item, today: NaiveDate, due_soon_days: i64) -> String {
    let mut out = format!("{}  {}", item.id, item.kind());
    if item.deleted {
        out.push_str("  (deleted)");
    }
    out.push_str(&format!("  version {}\n", item.version));
    let urgency = item.due_words(today, due_soon_days);
    for (spec, value) in item.specs().iter().zip(&item.values) {
        if value.is_null() || matches!(value, Value::Flag(false)) {
            continue;
        }
        let shown = for_terminal(&spec.display(value), true).into_owned();
        let extra = if spec.name == "due_on" && !urgency.is_empty() {
            format!("  ({urgency})")
        } else {
            String::new()
        };
        if shown.contains('\n') || shown.chars().count() > 70 {
            out.push_str(&format!("{}:\n", spec.label));
            for line in shown.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        } else {
            out.push_str(&format!(
                "{:<18}{shown}{extra}\n",
                format!("{}:", spec.label)
            ));
        }
    }
    out
}

pub fn history_table(entries: &[HistoryEntry]) -> String {
    if entries.is_empty() {
        return "No changes recorded.".into();
    }
    let mut table = new_table(&["WHEN", "WHO", "CHANGE", "FIELD", "OLD", "NEW", "REASON"]);
    for e in entries {
        table.add_row(vec![
            e.at.replace('T', " ").trim_end_matches('Z').to_string(),
            cut(&e.who, 20),
            e.change.clone(),
            e.field.clone(),
            cut(e.old.as_deref().unwrap_or(""), 30),
            cut(e.new.as_deref().unwrap_or(""), 30),
            cut(e.reason.as_deref().unwrap_or(""), 30),
        ]);
    }
    trim_lines(&table.to_string())
}
