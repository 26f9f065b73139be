//! The line above the footer: what just happened (a copy and the exact text copied, a server
//! change, a diagnosis). A word or symbol always says whether it worked, not only a colour.
//! While a number is being typed digit by digit, it shows that instead.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::pick;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    // A number being typed is what the person is doing right now: it comes first.
    if let Some(pending) = &app.pending_number {
        let line = Line::from(vec![
            Span::raw(" "),
            Span::styled(pick::prompt(app, pending), theme.key),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let Some(status) = &app.status else { return };
    let (symbol, style) = if status.busy {
        // Not known yet either way: no ✓, no ✗ (the message ends in "…").
        ("  ", theme.dim)
    } else if status.ok {
        ("✓ ", theme.ok)
    } else {
        ("✗ ", theme.problem)
    };
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(symbol, style),
        Span::styled(status.message.clone(), style),
    ];
    if let Some(copied) = &status.copied {
        spans.push(Span::styled(": ", theme.dim));
        spans.push(Span::styled(crate::text::one_line(copied), theme.value));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
