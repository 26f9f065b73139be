//! The top of every screen: the tool's name and the Connect server, then the breadcrumb.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Areas;
use crate::tui::app::{App, FieldFocus, Screen, WalkEnd};
use crate::tui::style::{CRUMB_HOME, CRUMB_SEPARATOR};

pub fn draw(frame: &mut Frame, areas: Areas, app: &App) {
    let theme = &app.theme;
    if areas.title.height > 0 {
        let narrow = areas.title.width < 60;
        let server = match &app.server {
            // On narrow terminals the scheme goes; the host is what people check.
            Some(s) if narrow => Span::styled(
                s.base().trim_start_matches("https://").to_string(),
                theme.value,
            ),
            Some(s) => Span::styled(s.base().to_string(), theme.value),
            None => Span::styled("not set — press s", theme.placeholder),
        };
        let line = Line::from(vec![
            Span::styled(" oauth-triage ", theme.title),
            Span::styled(
                if narrow {
                    "· server: "
                } else {
                    "· Connect server: "
                },
                theme.dim,
            ),
            server,
        ]);
        frame.render_widget(Paragraph::new(line), areas.title);
    }
    let crumbs = breadcrumb(app);
    let text = fit(&crumbs, usize::from(areas.breadcrumb.width));
    frame.render_widget(
        Paragraph::new(Line::styled(text, theme.heading)),
        areas.breadcrumb,
    );
}

/// Where we are: Home, the walk's breadcrumb, then any screen opened on top of it.
pub fn breadcrumb(app: &App) -> Vec<String> {
    // The home marker (⌂) starts every breadcrumb; the word "Home" only shows on Home itself.
    let mut crumbs = Vec::new();
    for screen in &app.screens[1..] {
        match screen {
            Screen::Home(_) => {}
            Screen::Walk(state) => {
                crumbs.extend(state.walk.breadcrumb(&app.kb));
                match state.end {
                    WalkEnd::Open => {}
                    // Sentence case, like every other crumb.
                    WalkEnd::Resolved => crumbs.push("Resolved".into()),
                    WalkEnd::Escalation(_) => crumbs.push("Escalate".into()),
                }
            }
            Screen::Search(_) => crumbs.push("Search".into()),
            Screen::Paste(_) => crumbs.push("Pasted error".into()),
            Screen::Server(_) => crumbs.push("Connect server".into()),
            Screen::Help(_) => crumbs.push("Help".into()),
            Screen::Transcript(_) => crumbs.push("Transcript".into()),
            Screen::Findings(_) => crumbs.push("Scan findings".into()),
            Screen::ScanInput(_) => crumbs.push("Scan a log".into()),
            Screen::Field(state) => {
                crumbs.push("Field tools".into());
                if state.focus != FieldFocus::Menu {
                    crumbs.push(state.tool.title().into());
                }
            }
        }
    }
    if crumbs.is_empty() {
        crumbs.push("Home".to_string());
    }
    crumbs
}

/// The breadcrumb in `width` columns: middle parts give way to `…` first, then the end is cut.
/// It always starts with the home marker.
fn fit(crumbs: &[String], width: usize) -> String {
    let join = |parts: &[String]| format!("{CRUMB_HOME}{}", parts.join(CRUMB_SEPARATOR));
    let full = join(crumbs);
    if full.width() <= width || crumbs.len() <= 2 {
        return super::truncate(&full, width);
    }
    // `⌂ first › … › crumbs[start..]`: the first start that fits, found from the widths of the
    // parts (measured once each), so a deep walk costs linear time, not a join per candidate.
    let separator = CRUMB_SEPARATOR.width();
    let fixed = CRUMB_HOME.width() + crumbs[0].width() + separator + "…".width();
    let mut tail = 0;
    let mut start = crumbs.len() - 1;
    let tail_of = |i: usize| separator + crumbs[i].width();
    tail += tail_of(start);
    while start > 2 && fixed + tail + tail_of(start - 1) <= width {
        start -= 1;
        tail += tail_of(start);
    }
    let mut parts = vec![crumbs[0].clone(), "…".to_string()];
    parts.extend_from_slice(&crumbs[start..]);
    super::truncate(&join(&parts), width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_home_marker_and_the_end() {
        let crumbs: Vec<String> = [
            "Azure",
            "AADSTS50011 …",
            "The app registration has no matching redirect URI",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let full = fit(&crumbs, 200);
        assert_eq!(
            full,
            "⌂ Azure › AADSTS50011 … › The app registration has no matching redirect URI"
        );
        let short = fit(&crumbs, 60);
        assert!(short.starts_with("⌂ Azure › … › "), "{short}");
        assert!(short.width() <= 60);
        assert!(fit(&crumbs, 3).starts_with('⌂'));
    }
}
