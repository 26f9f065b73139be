//! Setting the customer's Connect server, validated as it is typed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::tui::app::{AfterServer, ServerState};
use crate::tui::doc::{self, Para};
use crate::tui::style::{CURSOR, Theme};

pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme, state: &ServerState) {
    let boxed = area.height >= 10;
    let [heading, input, preview] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if boxed { 3 } else { 1 }),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "The customer's Connect address (as they type it in the browser):",
            theme.heading,
        )),
        heading,
    );
    let line = Line::from(vec![
        Span::raw(state.input.as_str().to_string()),
        Span::styled(CURSOR, theme.key),
    ]);
    if boxed {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border);
        frame.render_widget(Paragraph::new(line).block(block), input);
    } else {
        frame.render_widget(Paragraph::new(line), input);
    }
    let mut paras = Vec::new();
    match &state.then {
        Some(AfterServer::CopyValue { label, .. }) => {
            paras.push(Para::text(
                format!(
                    "\"{label}\" holds a placeholder until the server is set: Enter sets it and copies the filled-in value; Esc copies nothing."
                ),
                theme.warning,
            ));
            paras.push(Para::blank());
        }
        Some(AfterServer::RedirectCheck) => {
            paras.push(Para::text(
                "The redirect check needs the server: Enter sets it and goes back to the check, with what you typed there.",
                theme.warning,
            ));
            paras.push(Para::blank());
        }
        None => {}
    }
    match &state.preview {
        Ok(parsed) => {
            paras.push(Para::prefixed(
                "Server:    ",
                theme.dim,
                vec![Span::styled(parsed.server.base().to_string(), theme.value)],
            ));
            paras.push(Para::prefixed(
                "Callback:  ",
                theme.dim,
                vec![Span::styled(parsed.server.callback_uri(), theme.value)],
            ));
            for warning in &parsed.warnings {
                paras.push(Para::prefixed(
                    "! ",
                    theme.warning,
                    vec![Span::styled(warning.clone(), theme.warning)],
                ));
            }
            paras.push(Para::blank());
            paras.push(Para::text(
                "Enter applies it: every URI on every screen updates at once.",
                Style::new(),
            ));
        }
        Err(e) => {
            paras.push(Para::prefixed(
                "✗ ",
                theme.problem,
                vec![Span::styled(e.to_string(), theme.problem)],
            ));
            paras.push(Para::blank());
            paras.push(Para::text(
                "For example: connect.example.com or https://example.com/rsc",
                theme.dim,
            ));
        }
    }
    frame.render_widget(Paragraph::new(doc::wrap(&paras, preview.width)), preview);
}
