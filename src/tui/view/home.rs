//! Home: what the tool is for, the box to paste into, and the providers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{draw_list, row, truncate};
use crate::tui::app::{App, HomeState};

/// Summaries go on their own line from this width up; below it, they are left out.
const SUMMARY_MIN_WIDTH: u16 = 50;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &HomeState) {
    let theme = &app.theme;
    let boxed = area.height >= 10;
    let [intro, input, heading, list] = Layout::vertical([
        Constraint::Length(u16::from(area.height >= 14)),
        Constraint::Length(if boxed { 3 } else { 1 }),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "From \"I see this error\" to the fix, for Posit Connect OAuth integrations.",
            theme.dim,
        )),
        intro,
    );
    let prompt = Line::from(vec![
        Span::styled("▏", theme.key),
        Span::styled("type to search, or paste an error", theme.placeholder),
    ]);
    if boxed {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border);
        frame.render_widget(Paragraph::new(prompt).block(block), input);
    } else {
        frame.render_widget(Paragraph::new(prompt), input);
    }
    frame.render_widget(
        Paragraph::new(Line::styled("Or pick a provider:", theme.heading)),
        heading,
    );

    let show_summary = area.width >= SUMMARY_MIN_WIDTH;
    let width = usize::from(list.width);
    let items: Vec<Vec<Line<'static>>> = app
        .kb
        .providers()
        .enumerate()
        .map(|(i, (_, provider))| {
            let selected = i == state.cursor;
            let name = provider.name.to_one_line();
            // No numbers: on Home digits type into the search box.
            let mut lines = vec![row(
                selected,
                vec![Span::raw(truncate(&name, width.saturating_sub(3)))],
                theme,
            )];
            if show_summary {
                let summary = truncate(&provider.summary.to_one_line(), width.saturating_sub(5));
                lines.push(Line::from(vec![
                    Span::raw("    "),
                    Span::styled(summary, theme.dim),
                ]));
            }
            lines
        })
        .collect();
    draw_list(frame, list, items, state.cursor, theme);
}
