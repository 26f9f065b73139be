//! The bottom line: the keys of this screen, generated from the key table. Help comes first so
//! it survives on narrow terminals; hints that do not fit are left out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::keys;

const SEPARATOR: &str = " · ";

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let mut hints = keys::footer_hints(app.context());
    // "help" first: it is the way to everything else.
    if let Some(i) = hints.iter().position(|(_, hint)| *hint == "help") {
        let help = hints.remove(i);
        hints.insert(0, help);
    }
    let width = usize::from(area.width);
    let mut used = 1;
    let mut spans = vec![Span::raw(" ")];
    for (keys, hint) in hints {
        let needed = keys.width()
            + 1
            + hint.width()
            + if spans.len() > 1 {
                SEPARATOR.width()
            } else {
                0
            };
        if used + needed > width {
            continue; // a later, shorter hint may still fit
        }
        if spans.len() > 1 {
            spans.push(Span::styled(SEPARATOR, theme.dim));
        }
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(hint, theme.dim));
        used += needed;
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
