//! The findings of `oauth-triage scan`: fixes ranked by count and recency, each with where it
//! was first seen and its excerpt for the highlighted one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{draw_items, first_visible, row, truncate};
use crate::tui::app::{App, FindingsState};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &FindingsState) {
    let theme = &app.theme;
    let [scanned, list, excerpt] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(if area.height >= 20 { 8 } else { 0 }),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled("Scanned: ", theme.dim),
                Span::raw(state.scanned.clone()),
            ]),
            Line::styled(
                if state.rows.is_empty() {
                    "No OAuth problems found."
                } else {
                    "Found, most frequent first:"
                },
                theme.heading,
            ),
        ])
        .wrap(Wrap { trim: true }),
        scanned,
    );
    let width = usize::from(list.width);
    let items: Vec<Vec<Line<'static>>> = state
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let count = format!("{:>5}x  ", r.count);
            let when = r.last_seen.as_deref().unwrap_or("no time");
            let label = truncate(
                &r.label,
                width.saturating_sub(12 + count.len() + when.len()),
            );
            vec![row(
                i == state.cursor,
                vec![
                    Span::styled(format!("{}. ", i + 1), theme.key),
                    Span::raw(count),
                    Span::raw(label),
                    Span::styled(format!("  last {when}"), theme.dim),
                ],
                theme,
            )]
        })
        .collect();
    let start = first_visible(
        &vec![1; items.len()],
        state.cursor,
        usize::from(list.height),
    );
    draw_items(frame, list, items, start);
    if excerpt.height > 0
        && let Some(r) = state.rows.get(state.cursor)
    {
        let mut lines = vec![Line::styled(
            format!("Example at {}", r.location),
            theme.dim,
        )];
        lines.extend(r.excerpt.lines().map(|l| Line::raw(format!("  {l}"))));
        frame.render_widget(Paragraph::new(lines), excerpt);
    }
}

/// Asking for the log to scan (opened from Home).
pub fn draw_input(frame: &mut Frame, area: Rect, app: &App, input: &crate::tui::input::TextInput) {
    let theme = &app.theme;
    let lines = vec![
        Line::styled(
            "A log file, a .gz file or a directory (read recursively) to scan for OAuth errors:",
            theme.heading,
        ),
        Line::from(vec![
            Span::raw(crate::text::one_line(input.as_str())),
            Span::styled(crate::tui::style::CURSOR, theme.key),
        ]),
        Line::raw(""),
        Line::styled(
            "Large inputs take a moment: the guide waits for the scan to finish.",
            theme.dim,
        ),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
