//! A fix: title, who sees it, the cause, numbered steps, the values to paste (each with the
//! number that copies it), docs, then "Did this fix it?" on a line that never scrolls away.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::kb::FixIdx;
use crate::tui::action::Action;
use crate::tui::app::{App, WalkState};
use crate::tui::doc::Para;
use crate::tui::keys::{self, Context};
use crate::tui::style::{SELECTED_MARKER, Theme, UNSELECTED_MARKER};

/// The scrolling content and, below it, the line asking whether the fix worked.
pub fn split(body: Rect) -> (Rect, Rect) {
    let [content, prompt] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(body.height >= 3)),
    ])
    .areas(body);
    (content, prompt)
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

fn heading(text: &str, theme: &Theme) -> Para {
    Para::text(text.to_string(), theme.heading)
}

pub fn doc(app: &App, state: &WalkState, idx: FixIdx) -> Vec<Para> {
    let theme = &app.theme;
    let kb = &app.kb;
    let fix = kb.fix(idx);
    let server = app.server.as_ref();
    let clean = crate::text::one_line;
    let mut paras = vec![
        Para::text(clean(&fix.title), theme.title),
        Para::spans(vec![
            Span::styled("Seen by ", theme.dim),
            Span::raw(fix.seen.describe()),
        ]),
    ];
    paras.push(Para::blank());
    paras.push(heading("Cause", theme));
    paras.push(Para::prefixed(
        "  ",
        Style::new(),
        vec![Span::raw(clean(&fix.cause))],
    ));
    paras.push(Para::blank());
    paras.push(heading("Steps", theme));
    for (i, step) in fix.steps.iter().enumerate() {
        paras.push(Para::prefixed(
            format!("  {}. ", i + 1),
            theme.key,
            vec![Span::raw(clean(&step.render(server).text))],
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
                vec![Span::raw(clean(&value.label))],
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
                vec![Span::styled(
                    crate::text::clean(&rendered.text),
                    value_style,
                )],
            ));
        }
        if incomplete {
            let server_key = keys::key_for(Context::Fix, Action::SetServer);
            paras.push(Para::text(
                format!("      The Connect server is not set: press {server_key} to set the server and fill these in."),
                theme.warning,
            ));
        }
    }
    if let Some(note) = &fix.uncertain {
        paras.push(Para::blank());
        paras.push(Para::spans(vec![
            Span::styled("Not fully confirmed: ", theme.warning),
            Span::raw(clean(note)),
        ]));
    }
    if let Some((_, location, excerpt)) = app.log.scan_example.as_ref().filter(|e| e.0 == idx) {
        paras.push(Para::blank());
        paras.push(heading(
            &format!("Seen in the scanned log at {location}"),
            theme,
        ));
        for line in excerpt.lines() {
            paras.push(Para::prefixed(
                "  ",
                Style::new(),
                vec![Span::styled(clean(line), theme.dim)],
            ));
        }
    }
    if let Some(error) = fix.errors.first() {
        paras.push(Para::blank());
        paras.push(heading("The error, as the provider prints it", theme));
        paras.push(Para::prefixed(
            "  ",
            Style::new(),
            vec![Span::styled(clean(&error.render(server).text), theme.dim)],
        ));
    }
    if !fix.docs.is_empty() {
        paras.push(Para::blank());
        paras.push(heading("Docs", theme));
        for doc in &fix.docs {
            paras.push(Para::prefixed(
                "  ",
                Style::new(),
                vec![Span::styled(clean(doc), theme.dim)],
            ));
        }
    }
    paras.push(Para::spans(vec![Span::styled(
        format!("id {}", fix.id),
        theme.dim,
    )]));
    paras
}
