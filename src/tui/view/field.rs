//! Field tools: pick a check, fill in its inputs, read its report (details, then findings with
//! a severity word and symbol), and jump to a finding's fix.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::row;
use crate::field::{FieldReport, Severity};
use crate::tui::app::{App, FieldFocus, FieldState, FieldTool};
use crate::tui::doc::{self, Para};
use crate::tui::style::{CURSOR, SELECTED_MARKER, Theme, UNSELECTED_MARKER};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, state: &FieldState) {
    let theme = &app.theme;
    let lines = match state.focus {
        FieldFocus::Menu => menu_lines(theme, state, area.width),
        FieldFocus::Input(_) | FieldFocus::Report => doc::wrap(&form(theme, state), area.width),
    };
    // Keep the highlighted finding on screen.
    let skip = match (&state.report, state.focus) {
        (Some(Ok(_)), FieldFocus::Report) => {
            let at = lines
                .iter()
                .position(|l| {
                    l.spans
                        .first()
                        .is_some_and(|s| s.content == SELECTED_MARKER)
                })
                .unwrap_or(0);
            at.saturating_sub(usize::from(area.height).saturating_sub(2))
        }
        _ => 0,
    };
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn menu_lines(theme: &Theme, state: &FieldState, width: u16) -> Vec<Line<'static>> {
    let mut lines = doc::wrap(
        &[
            Para::text("Field tools", theme.title),
            Para::text(
                "Offline checks of the customer's real values. Nothing typed here is stored or exported.",
                theme.dim,
            ),
            Para::blank(),
        ],
        width,
    );
    for (i, tool) in FieldTool::ALL.iter().enumerate() {
        lines.push(row(
            i == state.menu_cursor,
            vec![
                Span::styled(format!("{}. ", i + 1), theme.key),
                Span::raw(tool.title()),
            ],
            theme,
        ));
        if width >= 50 {
            lines.push(Line::from(vec![
                Span::raw("     "),
                Span::styled(tool.summary(), theme.dim),
            ]));
        }
    }
    lines
}

/// Tokens are credentials: on screen (and in a screenshare) only their start is shown.
fn masked(text: &str) -> String {
    let shown: String = text.chars().take(12).collect();
    let count = text.chars().count();
    if count > 12 {
        format!("{shown}… ({count} characters)")
    } else {
        shown
    }
}

fn form(theme: &Theme, state: &FieldState) -> Vec<Para> {
    let mut paras = vec![
        Para::text(state.tool.title(), theme.title),
        Para::text(state.tool.summary(), theme.dim),
        Para::blank(),
    ];
    for (i, label) in state.tool.inputs().iter().enumerate() {
        let focused = state.focus == FieldFocus::Input(i);
        let marker = if focused {
            SELECTED_MARKER
        } else {
            UNSELECTED_MARKER
        };
        paras.push(Para::prefixed(
            marker,
            theme.key,
            vec![Span::styled(*label, theme.heading)],
        ));
        let text = state.inputs.get(i).map_or("", |t| t.as_str());
        let shown = if state.tool == FieldTool::Token {
            masked(text)
        } else {
            text.to_string()
        };
        let mut spans = vec![Span::raw(shown)];
        if focused {
            spans.push(Span::styled(CURSOR, theme.key));
        }
        paras.push(Para::prefixed("    ", Style::new(), spans));
    }
    paras.push(Para::blank());
    match &state.report {
        None => {}
        Some(Err(e)) => paras.push(Para::prefixed(
            "✗ ",
            theme.problem,
            vec![Span::styled(e.clone(), theme.problem)],
        )),
        Some(Ok(report)) => paras.extend(report_paras(theme, report, state)),
    }
    paras
}

fn severity(theme: &Theme, severity: Severity) -> (&'static str, Style) {
    match severity {
        Severity::Ok => ("✓ ok", theme.ok),
        Severity::Info => ("i info", theme.dim),
        Severity::Warning => ("! warning", theme.warning),
        Severity::Problem => ("✗ PROBLEM", theme.problem),
    }
}

fn report_paras(theme: &Theme, report: &FieldReport, state: &FieldState) -> Vec<Para> {
    let clean = crate::text::one_line;
    let mut paras = vec![Para::text(clean(&report.title), theme.heading)];
    for (label, value) in &report.details {
        paras.push(Para::prefixed(
            format!("  {}: ", clean(label)),
            theme.dim,
            vec![Span::raw(clean(value))],
        ));
    }
    paras.push(Para::blank());
    if report.findings.is_empty() {
        paras.push(Para::text("No findings.", theme.dim));
    }
    for (i, finding) in report.findings.iter().enumerate() {
        let selected = state.focus == crate::tui::app::FieldFocus::Report && i == state.finding;
        let (word, style) = severity(theme, finding.severity);
        let mut spans = vec![
            Span::styled(format!("{word:<10}"), style),
            Span::raw(clean(&finding.message)),
        ];
        if let Some(fix) = &finding.fix {
            spans.push(Span::styled(format!("  → {fix}"), theme.dim));
        }
        let marker = if selected {
            SELECTED_MARKER
        } else {
            UNSELECTED_MARKER
        };
        let mut para = Para::prefixed(marker, Style::new(), spans);
        if selected {
            para = para.line_style(theme.selected);
        }
        paras.push(para);
    }
    paras
}
