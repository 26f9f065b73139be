//! Below the minimum size: one clear message instead of a broken layout.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{MIN_HEIGHT, MIN_WIDTH};

/// The first words of the message; tests look for them.
pub const MESSAGE: &str = "Terminal too small";

pub fn draw(frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::from(MESSAGE),
        Line::from(format!(
            "{}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::from("Enlarge it, or q to quit"),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
