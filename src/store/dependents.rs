//! What deleting an item takes with it, in words: the same sentences for the command
//! line's question and the dashboard's confirmation.

use super::{Dependent, Effect};
use crate::domain::ids::{ItemId, Kind};

/// How many IDs a summary names before "and N more".
const SHOWN_IDS: usize = 6;

/// "RPT-7 has 5 recommendations (REC-1, …) that would be deleted with it, and LET-3 whose
/// report link would be cleared".
pub fn summary(id: ItemId, dependents: &[Dependent]) -> String {
    let deleted = deleted_groups(dependents);
    let cleared: Vec<String> = cleared_groups(dependents)
        .into_iter()
        .map(|(label, ids)| {
            let s = if ids.len() > 1 { "s" } else { "" };
            format!(
                "{} whose {label} link{s} would be cleared",
                ids_phrase(&ids)
            )
        })
        .collect();
    let cleared = cleared.join(", and ");
    match (deleted.is_empty(), cleared.is_empty()) {
        (false, true) => format!("{id} has {deleted} that would be deleted with it"),
        (false, false) => {
            format!("{id} has {deleted} that would be deleted with it, and {cleared}")
        }
        _ => format!("{id} is linked from {cleared}"),
    }
}

/// " with 5 recommendations (REC-1, …), and LET-3's report link cleared" for the success
/// line; empty when nothing went with it.
pub fn went_with(dependents: &[Dependent]) -> String {
    let mut parts = Vec::new();
    let deleted = deleted_groups(dependents);
    if !deleted.is_empty() {
        parts.push(format!(" with {deleted}"));
    }
    for (label, ids) in cleared_groups(dependents) {
        let s = if ids.len() > 1 { "s" } else { "" };
        let joiner = if parts.is_empty() { " and" } else { ", and" };
        parts.push(format!(
            "{joiner} the {label} link{s} of {} cleared",
            ids_phrase(&ids)
        ));
    }
    parts.concat()
}

/// "5 recommendations (REC-1, REC-2, …) and 2 notes (…)": the deleted items by kind.
fn deleted_groups(dependents: &[Dependent]) -> String {
    let mut kinds: Vec<(Kind, Vec<String>)> = Vec::new();
    for d in dependents.iter().filter(|d| d.effect == Effect::Deleted) {
        match kinds.iter_mut().find(|(k, _)| *k == d.id.kind) {
            Some((_, ids)) => ids.push(d.id.to_string()),
            None => kinds.push((d.id.kind, vec![d.id.to_string()])),
        }
    }
    let groups: Vec<String> = kinds
        .into_iter()
        .map(|(kind, ids)| {
            let noun = if ids.len() == 1 {
                kind.to_string()
            } else {
                kind.plural().to_string()
            };
            format!("{} {noun} ({})", ids.len(), id_list(&ids))
        })
        .collect();
    and_list(&groups)
}

/// A link in words, from its field name: `report_id` "report", `reply_letter_id` "reply
/// letter" (the labels are column headings: "Raised at").
pub fn link_name(field: &str) -> String {
    field.trim_end_matches("_id").replace('_', " ")
}

/// The cleared links grouped by link ("report"), each with its items' IDs.
fn cleared_groups(dependents: &[Dependent]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for d in dependents {
        let Effect::LinkCleared { field, .. } = d.effect else {
            continue;
        };
        let label = link_name(field.name());
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, ids)) => ids.push(d.id.to_string()),
            None => groups.push((label, vec![d.id.to_string()])),
        }
    }
    groups
}

/// "LET-3", "LET-3 and LET-4", or the first few and "and 12 more".
fn ids_phrase(ids: &[String]) -> String {
    if ids.len() > SHOWN_IDS {
        id_list(ids)
    } else {
        and_list(ids)
    }
}

/// "REC-1, REC-2, REC-3", or the first few and "and 12 more".
fn id_list(ids: &[String]) -> String {
    if ids.len() <= SHOWN_IDS {
        return ids.join(", ");
    }
    format!(
        "{}, and {} more",
        ids[..SHOWN_IDS].join(", "),
        ids.len() - SHOWN_IDS
    )
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(id: &str, effect: Effect) -> Dependent {
        Dependent {
            id: id.parse().unwrap(),
            headline: format!("headline of {id}"),
            effect,
        }
    }

    const REPORT_LINK: Effect = Effect::LinkCleared {
        field: crate::domain::fields::Field::ReportId,
        label: "Report",
    };

    #[test]
    fn the_summary_names_what_goes_and_what_is_unlinked() {
        let rpt: ItemId = "RPT-7".parse().unwrap();
        let deps = vec![
            dep("REC-1", Effect::Deleted),
            dep("REC-2", Effect::Deleted),
            dep("LET-3", REPORT_LINK),
        ];
        assert_eq!(
            summary(rpt, &deps),
            "RPT-7 has 2 recommendations (REC-1, REC-2) that would be deleted with it, and \
             LET-3 whose report link would be cleared"
        );
        assert_eq!(
            went_with(&deps),
            " with 2 recommendations (REC-1, REC-2), and the report link of LET-3 cleared"
        );
        assert_eq!(
            summary(rpt, &[dep("LET-3", REPORT_LINK), dep("LET-4", REPORT_LINK)]),
            "RPT-7 is linked from LET-3 and LET-4 whose report links would be cleared"
        );
        let many: Vec<Dependent> = (1..=9)
            .map(|n| dep(&format!("ASK-{n}"), Effect::Deleted))
            .collect();
        assert_eq!(
            summary("LET-1".parse().unwrap(), &many),
            "LET-1 has 9 asks (ASK-1, ASK-2, ASK-3, ASK-4, ASK-5, ASK-6, and 3 more) that \
             would be deleted with it"
        );
        assert_eq!(
            went_with(&[dep("ASK-1", Effect::Deleted)]),
            " with 1 ask (ASK-1)"
        );
        let raised_at = Effect::LinkCleared {
            field: crate::domain::fields::Field::MeetingId,
            label: "Raised at",
        };
        assert_eq!(
            summary("MTG-1".parse().unwrap(), &[dep("ACT-1", raised_at)]),
            "MTG-1 is linked from ACT-1 whose meeting link would be cleared"
        );
    }
}
