//! A question and its numbered answers, with an optional filter for long lists.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{draw_list, row};
use crate::kb::QuestionIdx;
use crate::tui::app::{App, WalkState};
use crate::tui::doc::{self, Para};
use crate::tui::style::CURSOR;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &WalkState, q: QuestionIdx) {
    let theme = &app.theme;
    let question = app.kb.question(q);
    let is_root = app.kb.provider(question.provider).root == q;
    let text = if is_root {
        "What do you see?".to_string()
    } else {
        question.text.to_one_line().into_string()
    };
    let mut head = vec![Para::text(text, theme.title)];
    if let Some(help) = &question.help
        && area.height >= 12
    {
        head.push(Para::text(help.to_one_line(), theme.dim));
    }
    let head = doc::wrap(&head, area.width);
    let filter_height = u16::from(state.filter.is_some());
    let head_height = u16::try_from(head.len())
        .unwrap_or(u16::MAX)
        .min(area.height / 3)
        .max(1);
    let [head_area, filter_area, gap, list] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Length(filter_height),
        Constraint::Length(u16::from(area.height >= 10)),
        Constraint::Min(0),
    ])
    .areas(area);
    let _ = gap;
    frame.render_widget(Paragraph::new(head), head_area);
    if let Some(filter) = &state.filter {
        let line = Line::from(vec![
            Span::styled("filter: ", theme.dim),
            Span::raw(filter.as_str().to_string()),
            Span::styled(CURSOR, theme.key),
        ]);
        frame.render_widget(Paragraph::new(line), filter_area);
    }

    let visible = app.visible_answers(state);
    if visible.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No answer matches the filter (Esc clears it).",
                theme.dim,
            )),
            list,
        );
        return;
    }
    let show_details = list.height as usize >= visible.len() * 2;
    let pointed: &[usize] = match &state.pointed {
        Some((question, answers)) if *question == q => answers,
        _ => &[],
    };
    let items: Vec<Vec<Line<'static>>> = visible
        .iter()
        .map(|&i| {
            let answer = &question.answers[i];
            let selected = i == state.cursor;
            let number = format!("{}. ", i + 1);
            let indent = 2 + number.len();
            let mut spans = vec![Span::raw(answer.label.to_one_line())];
            if pointed.contains(&i) {
                // Words, not colour alone: the mark must survive NO_COLOR and a screenshare.
                spans.push(Span::styled("  ◂ fits the paste", theme.key));
            }
            let mut para = Para::prefixed(number, theme.key, spans);
            if selected {
                para = para.line_style(theme.selected);
            }
            let mut lines = doc::wrap(&[para], list.width.saturating_sub(2));
            // The row marker goes on the first line; continuation lines get spaces.
            for (n, line) in lines.iter_mut().enumerate() {
                let marker = if n == 0 {
                    row(selected, Vec::new(), theme).spans[0].clone()
                } else {
                    Span::raw("  ")
                };
                line.spans.insert(0, marker);
            }
            if show_details && let Some(detail) = &answer.detail {
                let para = Para::prefixed(
                    " ".repeat(indent),
                    theme.dim,
                    vec![Span::styled(detail.to_one_line(), theme.dim)],
                );
                lines.extend(doc::wrap(&[para], list.width));
            }
            lines
        })
        .collect();
    let selected = visible.iter().position(|&i| i == state.cursor).unwrap_or(0);
    draw_list(frame, list, items, selected, theme);
}
