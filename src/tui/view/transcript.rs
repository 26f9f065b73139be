//! After exporting: where the transcript went.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use crate::tui::action::Action;
use crate::tui::app::{App, TranscriptState};
use crate::tui::doc::{self, Para};
use crate::tui::keys::{self, Context};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &TranscriptState) {
    let theme = &app.theme;
    let mut paras = vec![Para::text("Transcript", theme.title), Para::blank()];
    match &state.written {
        None => paras.push(Para::text("Writing…", theme.dim)),
        Some(Ok(path)) => {
            paras.push(Para::text(
                "The walk was written as Markdown to:",
                ratatui::style::Style::new(),
            ));
            paras.push(Para::prefixed(
                "  ",
                theme.dim,
                vec![Span::styled(path.display().to_string(), theme.value)],
            ));
            paras.push(Para::blank());
            paras.push(Para::spans(vec![
                Span::styled(keys::key_for(Context::Transcript, Action::CopySelected), theme.key),
                Span::raw(" copies the path. It holds the walk, the values shown or copied and the server; never tokens."),
            ]));
        }
        Some(Err(e)) => {
            paras.push(Para::prefixed(
                "✗ ",
                theme.problem,
                vec![Span::styled(
                    format!("could not write it: {e}"),
                    theme.problem,
                )],
            ));
        }
    }
    frame.render_widget(Paragraph::new(doc::wrap(&paras, area.width)), area);
}
