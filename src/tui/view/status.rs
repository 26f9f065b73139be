//! The line above the footer: what just happened (a copy and the exact text copied, a server
//! change, a diagnosis). A word or symbol always says whether it worked, not only a colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(status) = &app.status else { return };
    let theme = &app.theme;
    let (symbol, style) = if status.ok {
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
