//! Where everything goes on screen. One pure function, used by drawing and by the app (to
//! know how many rows each pane shows and what a mouse click hit), so the two agree.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the dashboard cannot show three panes and says so instead.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 16;
/// A pane's border, column titles and one row.
const PANE_MIN: u16 = 4;
/// From this width the detail sits beside the panes; narrower, it covers them.
const SIDE_BY_SIDE: u16 = 110;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Screen {
    pub too_small: bool,
    pub header: Rect,
    /// One rectangle a pane, in the panes' order.
    pub panes: Vec<Rect>,
    /// The Owners view's list of people, above their items' panes.
    pub owners: Option<Rect>,
    /// The Summary view's charts, above the selected bar's items.
    pub summary: Option<Rect>,
    pub detail: Option<Rect>,
    pub message: Rect,
    pub footer: Rect,
}

/// Rows of data a pane of this size shows (inside its border, under its column titles).
pub fn rows_in(pane: Rect) -> usize {
    pane.height.saturating_sub(3) as usize
}

/// What a view lays out: how many panes, which is focused, and whether a list of owners
/// sits above them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub panes: usize,
    pub focus: usize,
    pub detail_open: bool,
    pub owners_list: bool,
    /// The Summary view's charts sit above the panes.
    pub charts: bool,
}

pub fn screen(area: Rect, plan: Plan) -> Screen {
    let Plan {
        panes,
        focus,
        detail_open,
        owners_list,
        charts,
    } = plan;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Screen {
            too_small: true,
            ..Screen::default()
        };
    }
    let [header, body, message, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list_area, detail) = match (detail_open, area.width >= SIDE_BY_SIDE) {
        (false, _) => (body, None),
        (true, true) => {
            let [l, d] =
                Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
                    .areas(body);
            (l, Some(d))
        }
        // Narrow: the detail covers the panes; they keep their sizes for when it closes.
        (true, false) => (body, Some(body)),
    };
    // The owners list takes two fifths of the height, its items' panes the rest.
    let (owners, list_area) = if owners_list {
        let [o, rest] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(list_area);
        (Some(o), rest)
    } else {
        (None, list_area)
    };
    // The charts take just over half; on a short terminal, all that the panes' minimum
    // leaves (the charts then show one at a time).
    let (summary, list_area) = if charts {
        let keep = (panes.max(1) as u16 * PANE_MIN).min(list_area.height);
        let h = if list_area.height >= 30 {
            (list_area.height * 11 / 20).min(list_area.height - keep)
        } else {
            list_area.height - keep
        };
        let [c, rest] =
            Layout::vertical([Constraint::Length(h), Constraint::Fill(1)]).areas(list_area);
        (Some(c), rest)
    } else {
        (None, list_area)
    };
    // Each pane gets its minimum; the focused one gets half of what is left, the others
    // share the other half.
    let n = panes.max(1) as u16;
    let extra = list_area.height.saturating_sub(n * PANE_MIN);
    let other = if n > 1 { extra / 2 / (n - 1) } else { 0 };
    let heights: Vec<u16> = (0..n)
        .map(|i| {
            PANE_MIN
                + if i as usize == focus {
                    extra - other * (n - 1)
                } else {
                    other
                }
        })
        .collect();
    let p = Layout::vertical(heights.into_iter().map(Constraint::Length)).split(list_area);
    Screen {
        too_small: false,
        header,
        panes: p.to_vec(),
        owners,
        summary,
        detail,
        message,
        footer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pane_shows_at_least_one_row_at_the_smallest_size() {
        for focus in 0..3 {
            let plan = Plan {
                panes: 3,
                focus,
                detail_open: false,
                owners_list: false,
                charts: false,
            };
            let s = screen(Rect::new(0, 0, MIN_WIDTH, MIN_HEIGHT), plan);
            assert!(!s.too_small);
            for p in s.panes {
                assert!(rows_in(p) >= 1, "{p:?}");
            }
        }
        let plan = Plan {
            panes: 3,
            focus: 0,
            detail_open: false,
            owners_list: false,
            charts: false,
        };
        assert!(screen(Rect::new(0, 0, 20, 5), plan).too_small);
    }
}
