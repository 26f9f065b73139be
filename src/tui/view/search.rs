//! Fuzzy search over everything: the query box and the ranked hits, matched characters
//! highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::{draw_items, first_visible, highlight, row, truncate};
use crate::tui::app::{App, SearchState};
use crate::tui::style::CURSOR;

/// Width of the kind column ("symptom ").
const KIND_WIDTH: usize = 9;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &SearchState) {
    let theme = &app.theme;
    let boxed = area.height >= 10;
    let [input, count, list] = Layout::vertical([
        Constraint::Length(if boxed { 3 } else { 1 }),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let query = Line::from(vec![
        Span::raw(state.input.as_str().to_string()),
        Span::styled(CURSOR, theme.key),
    ]);
    if boxed {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(" Search everything ");
        frame.render_widget(Paragraph::new(query).block(block), input);
    } else {
        let mut line = vec![Span::styled("Search: ", theme.dim)];
        line.extend(query.spans);
        frame.render_widget(Paragraph::new(Line::from(line)), input);
    }
    let summary = match (state.hits.len(), state.matched.len()) {
        (0, _) => "No matches. Paste the whole error to diagnose it instead.".to_string(),
        (1, _) => "1 match".to_string(),
        // `matched` counts texts, several of which may lead to one row: only a full list has
        // more behind it.
        (shown, about) if shown >= crate::fuzzy::MAX_HITS && about > shown => {
            format!("the best {shown} of about {about} matches")
        }
        (n, _) => format!("{n} matches"),
    };
    frame.render_widget(Paragraph::new(Line::styled(summary, theme.dim)), count);

    // Only the rows that can be shown are built. Each names its provider, always: the text
    // gives way first, then the context.
    let width = usize::from(list.width);
    let height = usize::from(list.height);
    let start = first_visible(&vec![1; state.hits.len()], state.cursor, height);
    let items: Vec<Vec<Line<'static>>> = state
        .hits
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, hit)| {
            let entry = app.search_index().entry(hit);
            let provider = format!("  {}", entry.provider);
            // Marker, kind column, provider.
            let room = width.saturating_sub(2 + KIND_WIDTH + provider.width());
            let text = truncate(&entry.text, room);
            let mut spans = vec![Span::styled(
                format!("{:<KIND_WIDTH$}", entry.target.kind()),
                theme.dim,
            )];
            spans.extend(highlight(&text, &hit.indices, theme.text, theme.matched));
            spans.push(Span::styled(provider, theme.heading));
            // The context (the fix an error text leads to, a summary) where there is room,
            // unless it only repeats the provider.
            let left = room.saturating_sub(text.width());
            if entry.context != entry.provider && left > 8 {
                spans.push(Span::styled(
                    truncate(&format!("  {}", entry.context), left),
                    theme.dim,
                ));
            }
            vec![row(i == state.cursor, spans, theme)]
        })
        .collect();
    draw_items(frame, list, items, 0);
}
