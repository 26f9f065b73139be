//! The result of a pasted error when there is no single clear answer: a short choice list, the
//! question "which provider?", "not covered" with the checks for any provider, or a plain
//! "not a known error".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{draw_items, first_visible, row, truncate};
use crate::tui::action::Action;
use crate::tui::app::{App, PasteState, PasteVerdict};
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

    let search = keys::key_for(Context::Paste, Action::Search);
    let search_hint = Line::from(vec![
        Span::raw("Press "),
        Span::styled("Enter", theme.key),
        Span::raw(" or "),
        Span::styled(search, theme.key),
        Span::raw(" to search by keyword, or pick a provider from Home."),
    ]);
    let checks = |lines: &mut Vec<Line<'static>>| {
        for (i, check) in app.kb.generic_checks().iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(format!("{}. ", i + 1), theme.key),
                Span::raw(check.to_one_line()),
            ]));
        }
    };
    match &state.verdict {
        PasteVerdict::NotKnown => {
            let lines = vec![
                Line::styled("Not a known error.", theme.warning.patch(theme.heading)),
                Line::raw(""),
                Line::raw("Nothing in the knowledge base matches this text."),
                search_hint,
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
            return;
        }
        PasteVerdict::NotCovered { service, seen } => {
            let mut lines = vec![
                Line::styled(
                    format!(
                        "This looks like an error from {}, which this guide does not cover.",
                        service.to_one_line()
                    ),
                    theme.warning.patch(theme.heading),
                ),
                Line::styled(
                    format!("(seen: {})", crate::text::one_line(seen)),
                    theme.dim,
                ),
                Line::raw(""),
                Line::styled("Checks that apply to any OAuth provider:", theme.heading),
            ];
            checks(&mut lines);
            lines.push(Line::raw(""));
            lines.push(search_hint);
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
            return;
        }
        PasteVerdict::Several | PasteVerdict::WhichProvider => {}
    }
    let which_provider = state.verdict == PasteVerdict::WhichProvider;
    let footer_height = if which_provider && body.height >= 8 {
        1
    } else {
        0
    };
    let [heading, list, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(footer_height),
    ])
    .areas(body);
    let heading_text = if which_provider {
        "Several providers print this error and the paste does not say which. Which one is it?"
    } else {
        "Several known problems match; the best first:"
    };
    frame.render_widget(
        Paragraph::new(Line::styled(heading_text, theme.heading)),
        heading,
    );
    if which_provider {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "None of these? Search with the error's words, or pick a provider from Home.",
                theme.dim,
            )),
            footer,
        );
    }
    let width = usize::from(list.width);
    let items: Vec<Vec<Line<'static>>> = state
        .matches
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let fix = app.kb.fix(m.fix);
            let provider = crate::walk::short_provider_name(&app.kb.provider(fix.provider).name);
            let title = truncate(
                &fix.title.to_one_line(),
                width.saturating_sub(22 + provider.len()),
            );
            vec![row(
                i == state.cursor,
                vec![
                    Span::styled(format!("{}. ", i + 1), theme.key),
                    Span::styled(
                        if which_provider {
                            format!("{provider:<12}")
                        } else {
                            format!("{:<12}", super::likelihood(m.score))
                        },
                        theme.dim,
                    ),
                    Span::raw(title),
                    Span::styled(
                        if which_provider {
                            String::new()
                        } else {
                            format!("  {provider}")
                        },
                        theme.dim,
                    ),
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

#[cfg(test)]
mod tests {
    use crate::tui::testing;
    use crate::tui::update::{Event, update};

    /// Issue 10 item 1: a grapheme carrying many combining marks made `Paragraph::wrap` write
    /// outside the buffer ("index outside of buffer", exit 101) at 80×24.
    #[test]
    fn a_paste_of_stacked_combining_marks_draws_without_panicking() {
        for marks in ["\u{ff9e}", "\u{ff9f}", "\u{93e}", "\u{1f3fb}", "\u{301}"] {
            for width in [80u16, 60, 40, 30] {
                let mut app = testing::app((width, 24));
                let text = format!("{}{}{}", "x".repeat(39), marks.repeat(20), "y".repeat(100));
                update(&mut app, Event::Paste(text));
                let screen = testing::screen_text(&app);
                assert!(screen.contains("Pasted"), "{screen}");
            }
        }
    }

    /// Issue 14 item 5: redaction comes before the on-screen cut, and the transcript keeps the
    /// whole (redacted) error, ids included.
    #[test]
    fn a_paste_is_redacted_before_it_is_cut_and_kept_whole_for_the_transcript() {
        let token = format!("eyJhbGciOiJSUzI1NiJ9.eyJ{}.c2ln", "a".repeat(300));
        let text = format!(
            "{} Authorization: Bearer {token}\nRequest Id: 3f2c5a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f\nafter the token",
            "w".repeat(300)
        );
        let mut app = testing::app((80, 24));
        update(&mut app, Event::Paste(text));
        let logged = app.log.pasted_error.clone().unwrap_or_default();
        assert!(
            !logged.contains("eyJ") && !logged.contains("aaaa"),
            "{logged}"
        );
        assert!(logged.contains("after the token"), "{logged}");
        let screen = testing::screen_text(&app);
        assert!(
            !screen.contains("eyJ") && !screen.contains("aaaa"),
            "{screen}"
        );
        let md = crate::tui::update::build_transcript(&app).to_markdown("T");
        assert!(
            md.contains("- Request Id: `3f2c5a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f`"),
            "{md}"
        );
    }
}

#[cfg(test)]
mod limit_tests {
    use crate::tui::app::{Screen, ServerState};
    use crate::tui::testing;
    use crate::tui::update::{Event, update};

    /// Issue 10 item 6: a 5 MB paste into a text box is refused with a message, whole.
    #[test]
    fn a_paste_past_the_input_limit_is_refused_with_a_message() {
        let mut app = testing::app((80, 24));
        app.push_screen(Screen::Server(ServerState::new("")));
        update(&mut app, Event::Paste("h".repeat(5 << 20)));
        let Screen::Server(state) = app.screen() else {
            panic!("left the server dialog")
        };
        assert!(state.input.is_empty());
        let screen = testing::screen_text(&app);
        assert!(screen.contains("not pasted"), "{screen}");
        // A paste too large to diagnose says so as well.
        let mut app = testing::app((80, 24));
        update(&mut app, Event::Paste("x".repeat(9 << 20)));
        assert!(testing::screen_text(&app).contains("not diagnosed"));
    }
}
