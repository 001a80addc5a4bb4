//! The Reports view's figures for one report: how its recommendations stand. Each count
//! reads the report's own rows of the `recommendation_by_report_due` index, and stops at
//! [`PROGRESS_AT_MOST`] rows so that a report with a vast number of recommendations costs
//! no more than a few milliseconds a screen.

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Store};
use crate::domain::ids::ItemId;

/// Counts of one report's recommendations stop here (shown as "10000+").
pub const PROGRESS_AT_MOST: usize = 10_000;

/// How a report's recommendations stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportProgress {
    pub total: usize,
    pub complete: usize,
    /// Not finished and due before today.
    pub overdue: usize,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    /// Counting stopped at [`PROGRESS_AT_MOST`]: the figures are floors.
    pub partial: bool,
}

impl Store {
    pub fn report_progress(&self, report: ItemId, today: NaiveDate) -> Result<ReportProgress> {
        let sql = format!(
            "SELECT count(*), coalesce(sum(status = 'complete'), 0),
                    coalesce(sum(due_on < ?2 AND status NOT IN
                        ('complete', 'superseded', 'not_accepted', 'withdrawn')), 0),
                    coalesce(sum(rag = 'red'), 0), coalesce(sum(rag = 'amber'), 0),
                    coalesce(sum(rag = 'green'), 0)
             FROM (SELECT status, due_on, rag FROM recommendation
                   INDEXED BY recommendation_by_report_due
                   WHERE report_id = ?1 AND deleted = 0 LIMIT {})",
            PROGRESS_AT_MOST + 1
        );
        let day = today.format("%Y-%m-%d").to_string();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let p = stmt.query_row(params![report.num, day], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as usize);
            Ok(ReportProgress {
                total: n(0)?,
                complete: n(1)?,
                overdue: n(2)?,
                red: n(3)?,
                amber: n(4)?,
                green: n(5)?,
                partial: false,
            })
        })?;
        Ok(if p.total > PROGRESS_AT_MOST {
            ReportProgress {
                total: PROGRESS_AT_MOST,
                partial: true,
                ..p
            }
        } else {
            p
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::Kind;
    use crate::store::testing::{add, ctx};

    #[test]
    fn progress_counts_a_reports_recommendations_by_status_due_and_rag() {
        let mut s = Store::open_in_memory().unwrap();
        let rpt = add(&mut s, Kind::Report, &[("title", "PEEL")]);
        let r = rpt.to_string();
        let rec = |s: &mut Store, pairs: &[(&str, &str)]| {
            let mut all = vec![("report_id", r.as_str()), ("text", "Do it")];
            all.extend_from_slice(pairs);
            add(s, Kind::Recommendation, &all)
        };
        rec(&mut s, &[("due_on", "2026-11-01"), ("rag", "red")]);
        rec(&mut s, &[("due_on", "2026-12-01"), ("rag", "amber")]);
        rec(
            &mut s,
            &[
                ("status", "complete"),
                ("evidence", "Seen"),
                ("rag", "green"),
            ],
        );
        let other = add(&mut s, Kind::Report, &[("title", "Other")]);
        add(
            &mut s,
            Kind::Recommendation,
            &[("report_id", &other.to_string()), ("text", "x")],
        );
        let p = s.report_progress(rpt, ctx().today).unwrap();
        assert_eq!(
            p,
            ReportProgress {
                total: 3,
                complete: 1,
                overdue: 1,
                red: 1,
                amber: 1,
                green: 1,
                partial: false
            }
        );
    }
}
