//! A fix: title, who sees it, the cause, numbered steps, the values to paste (each with the
//! number that copies it), docs, then "Did this fix it?" on a line that never scrolls away.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::kb::FixIdx;
use crate::text::SafeText;
use crate::tui::action::Action;
use crate::tui::app::{App, WalkState};
use crate::tui::doc::Para;
use crate::tui::keys::{self, Context};
use crate::tui::style::{SELECTED_MARKER, Theme, UNSELECTED_MARKER};

/// The scrolling content, the pinned line with the value to paste (when the fix has values
/// and there is room: on a short terminal the values are below the fold), and the line asking
/// whether the fix worked.
pub fn split(body: Rect, has_values: bool) -> (Rect, Rect, Rect) {
    let [content, pinned, prompt] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(has_values && body.height >= 8)),
        Constraint::Length(u16::from(body.height >= 3)),
    ])
    .areas(body);
    (content, pinned, prompt)
}

/// The selected value on one line that never scrolls away, with the key that copies it.
pub fn pinned_value(app: &App, state: &WalkState, idx: FixIdx, width: u16) -> Line<'static> {
    let theme = &app.theme;
    let fix = app.kb.fix(idx);
    let Some(&copy) = fix.copy.get(state.selected_value) else {
        return Line::default();
    };
    let value = app.kb.copy_value(copy);
    let rendered = value.value.render(app.server.as_ref());
    // The value first: it is what gets pasted; the label takes what room is left.
    let number = format!("▶ [{}] ", state.selected_value + 1);
    let room = usize::from(width).saturating_sub(number.chars().count());
    let text = super::truncate(&rendered.text.to_one_line(), room);
    let left = room.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
    let label = if left > 10 {
        super::truncate(&format!("  {}", value.label.to_one_line()), left)
    } else {
        String::new()
    };
    let style = if rendered.complete {
        theme.value
    } else {
        theme.placeholder
    };
    Line::from(vec![
        Span::styled(number, theme.key),
        Span::styled(text, style),
        Span::styled(label, theme.dim),
    ])
}

/// "Did this fix it?" with the keys from the key table.
pub fn prompt(theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled("Did this fix it? ", theme.heading),
        Span::styled(keys::key_for(Context::Fix, Action::Fixed), theme.key),
        Span::raw(" yes  "),
        Span::styled(keys::key_for(Context::Fix, Action::NotFixed), theme.key),
        Span::raw(" no"),
    ])
}

/// Instead of "Did this fix it?" on a set-up guide, which has nothing to confirm.
pub fn guide_prompt(theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled("Set-up guide ", theme.heading),
        Span::styled(keys::key_for(Context::Guide, Action::Back), theme.key),
        Span::raw(" back"),
    ])
}

fn heading(text: &str, theme: &Theme) -> Para {
    Para::text(text.to_string(), theme.heading)
}

pub fn doc(app: &App, state: &WalkState, idx: FixIdx) -> Vec<Para> {
    let theme = &app.theme;
    let kb = &app.kb;
    let fix = kb.fix(idx);
    let server = app.server.as_ref();
    let line = |text: &SafeText| text.to_one_line().into_string();
    let mut paras = Vec::new();
    if let Some(pasted) = &app.pasted_server {
        let set = app
            .server
            .as_ref()
            .map_or("no server is set".to_string(), |s| {
                format!("the server set is {}", s.base())
            });
        let server_key = keys::key_for(Context::Fix, Action::SetServer);
        let tools_key = keys::key_for(Context::Fix, Action::FieldTools);
        paras.push(Para::text(
            format!(
                "The paste names Connect at {} but {set}: press {server_key} to take it, or {tools_key} for the redirect check.",
                pasted.base()
            ),
            theme.warning,
        ));
        paras.push(Para::blank());
    }
    if state.walk.after_not_fixed() {
        paras.push(Para::text(
            "That did not help; the next likely cause is:",
            theme.warning,
        ));
    }
    paras.extend([
        Para::text(line(&fix.title), theme.title),
        Para::spans(vec![
            Span::styled("Seen by ", theme.dim),
            Span::raw(fix.seen.describe()),
        ]),
    ]);
    paras.push(Para::blank());
    paras.push(heading("Cause", theme));
    paras.push(Para::prefixed(
        "  ",
        Style::new(),
        vec![Span::raw(line(&fix.cause))],
    ));
    paras.push(Para::blank());
    paras.push(heading("Steps", theme));
    for (i, step) in fix.steps.iter().enumerate() {
        paras.push(Para::prefixed(
            format!("  {}. ", i + 1),
            theme.key,
            vec![Span::raw(line(&step.render(server).text))],
        ));
    }
    if !fix.copy.is_empty() {
        paras.push(Para::blank());
        let copy_keys = keys::key_for(Context::Fix, Action::CopySelected);
        paras.push(Para::spans(vec![
            Span::styled("Values to paste ", theme.heading),
            Span::styled(
                format!("(number copies it; {copy_keys} copies the selected one)"),
                theme.dim,
            ),
        ]));
        let mut incomplete = false;
        for (i, &c) in fix.copy.iter().enumerate() {
            let value = kb.copy_value(c);
            let rendered = value.value.render(server);
            incomplete |= !rendered.complete;
            let selected = i == state.selected_value;
            let marker = if selected {
                SELECTED_MARKER
            } else {
                UNSELECTED_MARKER
            };
            let mut label = Para::prefixed(
                format!("{marker}[{}] ", i + 1),
                theme.key,
                vec![Span::raw(line(&value.label))],
            );
            if selected {
                label = label.line_style(theme.selected);
            }
            paras.push(label);
            let value_style = if rendered.complete {
                theme.value
            } else {
                theme.placeholder
            };
            paras.push(Para::prefixed(
                "      ",
                Style::new(),
                vec![Span::styled(rendered.text.into_string(), value_style)],
            ));
        }
        if incomplete {
            let server_key = keys::key_for(Context::Fix, Action::SetServer);
            paras.push(Para::text(
                format!("      The Connect server is not set: press {server_key} to set it, or a value's number to set it and then copy the value."),
                theme.warning,
            ));
        }
    }
    if let Some(note) = &fix.uncertain {
        paras.push(Para::blank());
        paras.push(Para::spans(vec![
            Span::styled("Not fully confirmed: ", theme.warning),
            Span::raw(line(note)),
        ]));
    }
    if let Some((_, location, excerpt)) = app.log.scan_example.as_ref().filter(|e| e.0 == idx) {
        paras.push(Para::blank());
        paras.push(heading(
            &format!("Seen in the scanned log at {location}"),
            theme,
        ));
        // From the scanned log: cleaned here.
        for logged in excerpt.lines() {
            paras.push(Para::prefixed(
                "  ",
                Style::new(),
                vec![Span::styled(crate::text::one_line(logged), theme.dim)],
            ));
        }
    }
    if let Some(error) = fix.errors.first() {
        paras.push(Para::blank());
        paras.push(heading(crate::report::EXACT_TEXT_HEADING, theme));
        paras.push(Para::prefixed(
            "  ",
            Style::new(),
            vec![Span::styled(line(&error.render(server).text), theme.dim)],
        ));
        paras.push(Para::prefixed(
            "  ",
            Style::new(),
            vec![Span::styled(
                format!("seen at {}", line(&error.source)),
                theme.dim,
            )],
        ));
    }
    if !fix.docs.is_empty() {
        paras.push(Para::blank());
        paras.push(heading("Docs", theme));
        for doc in &fix.docs {
            paras.push(Para::prefixed(
                "  ",
                Style::new(),
                vec![Span::styled(line(doc), theme.dim)],
            ));
        }
    }
    paras.push(Para::spans(vec![Span::styled(
        format!(
            "{}: {} · id {}",
            crate::report::CHECKED_LABEL,
            fix.checked,
            fix.id
        ),
        theme.dim,
    )]));
    paras
}
