//! The result of a pasted error when there is no single clear answer: a short choice list with
//! scores, or a plain "not a known error".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{draw_items, first_visible, row, truncate};
use crate::tui::action::Action;
use crate::tui::app::{App, PasteState};
use crate::tui::keys::{self, Context};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &PasteState) {
    let theme = &app.theme;
    let [pasted, gap, body] = Layout::vertical([
        Constraint::Length(if area.height >= 10 { 2 } else { 1 }),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let _ = gap;
    let excerpt = Line::from(vec![
        Span::styled("Pasted: ", theme.dim),
        Span::raw(state.excerpt.clone()),
    ]);
    frame.render_widget(Paragraph::new(excerpt).wrap(Wrap { trim: true }), pasted);

    if state.matches.is_empty() {
        let search = keys::key_for(Context::Paste, Action::Search);
        let lines = vec![
            Line::styled("Not a known error.", theme.warning.patch(theme.heading)),
            Line::raw(""),
            Line::raw("Nothing in the knowledge base matches this text."),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled("Enter", theme.key),
                Span::raw(" or "),
                Span::styled(search, theme.key),
                Span::raw(" to search by keyword, or pick a provider from Home."),
            ]),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
        return;
    }
    let [heading, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
    frame.render_widget(
        Paragraph::new(Line::styled(
            "Several known problems match; the best first:",
            theme.heading,
        )),
        heading,
    );
    let width = usize::from(list.width);
    let items: Vec<Vec<Line<'static>>> = state
        .matches
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let fix = app.kb.fix(m.fix);
            let provider = crate::walk::short_provider_name(&app.kb.provider(fix.provider).name);
            let title = truncate(
                &crate::text::one_line(&fix.title),
                width.saturating_sub(22 + provider.len()),
            );
            vec![row(
                i == state.cursor,
                vec![
                    Span::styled(format!("{}. ", i + 1), theme.key),
                    Span::styled(format!("{:<12}", super::likelihood(m.score)), theme.dim),
                    Span::raw(title),
                    Span::styled(format!("  {provider}"), theme.dim),
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
}
