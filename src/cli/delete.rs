//! `oversight delete ID`: an item with nothing pointing at it is deleted at once. One that
//! others need (a report's recommendations, a letter's asks) or link to is deleted only once
//! the user has seen what goes with it: asked on a terminal, `--yes` in a script.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::bail;

use super::human::{self, Human};
use crate::domain::ids::ItemId;
use crate::domain::rules::Context;
use crate::store::dependents::{link_name, summary, went_with};
use crate::store::{Dependent, Effect, Store};

pub(super) fn run(
    store: &mut Store,
    ctx: &Context,
    id: &str,
    if_version: Option<i64>,
    yes: bool,
    out: &mut Human<impl Write>,
) -> anyhow::Result<()> {
    let id = super::parse_id(id)?;
    let dependents = store.dependents(id)?;
    if !dependents.is_empty() && !yes {
        let summary = summary(id, &dependents);
        let stdin = std::io::stdin();
        if !(stdin.is_terminal() && std::io::stderr().is_terminal()) {
            bail!(
                "{summary}: nothing deleted; give --yes to delete them too (`oversight undo` \
                 restores it all)"
            );
        }
        if !confirm(
            id,
            &summary,
            &dependents,
            &mut stdin.lock(),
            &mut human::stderr(),
        )? {
            bail!("{id} not deleted (you did not answer y): nothing written");
        }
    }
    store.delete_confirmed(id, if_version, &dependents, ctx)?;
    let with = went_with(&dependents);
    if with.is_empty() {
        writeln!(out, "Deleted {id} (`oversight undo` restores it).")?;
    } else {
        writeln!(
            out,
            "Deleted {id}{with} (`oversight undo` restores it all)."
        )?;
    }
    Ok(())
}

/// Asks on the terminal, naming each item; true only for "y" or "yes".
fn confirm(
    id: ItemId,
    summary: &str,
    dependents: &[Dependent],
    input: &mut impl BufRead,
    err: &mut Human<impl Write>,
) -> anyhow::Result<bool> {
    writeln!(err, "{summary}:")?;
    for d in dependents {
        let what = match d.effect {
            Effect::Deleted => "deleted with it".to_string(),
            Effect::LinkCleared { field, .. } => {
                format!("its {} link to {id} cleared", link_name(field.name()))
            }
        };
        writeln!(
            err,
            "  {} {} ({what})",
            d.id,
            super::output::cut(&d.headline, 50)
        )?;
    }
    write!(err, "Delete them too? [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
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
    fn only_yes_confirms() {
        let deps = [dep("REC-1", Effect::Deleted), dep("LET-3", REPORT_LINK)];
        let rpt: ItemId = "RPT-7".parse().unwrap();
        for (typed, want) in [
            ("y\n", true),
            ("YES\n", true),
            ("n\n", false),
            ("\n", false),
            ("", false),
            ("yep\n", false),
        ] {
            let mut err = Vec::new();
            let got = confirm(
                rpt,
                "RPT-7 has …",
                &deps,
                &mut typed.as_bytes(),
                &mut Human::new(&mut err),
            )
            .unwrap();
            assert_eq!(got, want, "{typed:?}");
            let shown = String::from_utf8(err).unwrap();
            assert!(
                shown.contains("REC-1 headline of REC-1 (deleted with it)"),
                "{shown}"
            );
            assert!(shown.contains("LET-3 headline of LET-3 (its report link to RPT-7 cleared)"));
            assert!(shown.ends_with("Delete them too? [y/N] "), "{shown}");
        }
    }
}
