//! Drawing: `draw(frame, &app)` and nothing else. One file per screen region; every function
//! here takes `&App` and never changes it.

mod field;
pub mod findings;
mod fix;
mod footer;
mod header;
mod help;
mod home;
mod paste;
mod question;
mod search;
mod server;
mod status;
mod too_small;
mod transcript;
mod walk_end;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Screen, WalkEnd};
use super::doc::{self, Para};
use super::style::{SELECTED_MARKER, Theme, UNSELECTED_MARKER};
use crate::kb::Node;

/// Below this the screen shows only "terminal too small".
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// From this height up the header has a title line above the breadcrumb.
const TITLE_LINE_MIN_HEIGHT: u16 = 12;

/// The regions of a normal frame.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    /// The title line (empty on short terminals).
    pub title: Rect,
    pub breadcrumb: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let title_height = u16::from(area.height >= TITLE_LINE_MIN_HEIGHT);
    let [title, breadcrumb, body, status, footer] = Layout::vertical([
        Constraint::Length(title_height),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // Leave one column of margin on each side when there is room, so nothing touches the edge
    // in a screenshare window.
    let body = if body.width >= 50 {
        body.inner(ratatui::layout::Margin::new(1, 0))
    } else {
        body
    };
    Areas {
        title,
        breadcrumb,
        body,
        status,
        footer,
    }
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// What drawing a scrolling screen measured: how far it scrolls and how tall a page is. The
/// event loop keeps it for the next keys (`App::remember`), so scrolling does not lay the page
/// out again per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    pub scroll_limit: u16,
    pub page_height: u16,
}

impl Measured {
    /// `lines` of content shown in `content`.
    fn of(lines: usize, content: Rect) -> Measured {
        Measured {
            scroll_limit: line_count(lines).saturating_sub(content.height),
            page_height: content.height,
        }
    }
}

/// Draws the app; for a scrolling screen, returns what it measured.
pub fn draw(frame: &mut Frame, app: &App) -> Option<Measured> {
    let area = frame.area();
    if too_small(area) {
        too_small::draw(frame, area);
        return None;
    }
    let areas = areas(area);
    header::draw(frame, areas, app);
    let theme = &app.theme;
    let mut measured = None;
    match app.screen() {
        Screen::Home(state) => home::draw(frame, areas.body, app, state),
        Screen::Walk(state) => match (state.end, state.walk.current()) {
            (WalkEnd::Open, Node::Question(q)) => question::draw(frame, areas.body, app, state, q),
            (_, _) => measured = scrolled(frame, app, areas.body, state.scroll),
        },
        Screen::Search(state) => search::draw(frame, areas.body, app, state),
        Screen::Paste(state) => paste::draw(frame, areas.body, app, state),
        Screen::Server(state) => server::draw(frame, areas.body, theme, state),
        Screen::Help(state) => measured = scrolled(frame, app, areas.body, state.scroll),
        Screen::Transcript(state) => transcript::draw(frame, areas.body, app, state),
        Screen::Field(state) => field::draw(frame, areas.body, app, state),
        Screen::Findings(state) => findings::draw(frame, areas.body, app, state),
        Screen::ScanInput(input) => findings::draw_input(frame, areas.body, app, input),
    }
    status::draw(frame, areas.status, app);
    footer::draw(frame, areas.footer, app);
    measured
}

/// The long, scrolling content of the current screen, if it has any, and the area it scrolls
/// in (the fix screen keeps its last line for "Did this fix it?").
fn scrolling_content(app: &App, body: Rect) -> Option<(Vec<Para>, Rect, Option<Line<'static>>)> {
    match app.screen() {
        Screen::Walk(state) => match (state.end, state.walk.current()) {
            (WalkEnd::Open, Node::Fix(f)) => {
                let (content, _, prompt_area) = fix::split(body, !app.kb.fix(f).copy.is_empty());
                let guide = app.kb.fix(f).is_setup_guide();
                let prompt = (prompt_area.height > 0).then(|| {
                    if guide {
                        fix::guide_prompt(&app.theme)
                    } else {
                        fix::prompt(&app.theme)
                    }
                });
                Some((fix::doc(app, state, f), content, prompt))
            }
            (WalkEnd::Resolved, _) => Some((walk_end::resolved(app, state), body, None)),
            (WalkEnd::Escalation(p), _) => Some((walk_end::escalation(app, p), body, None)),
            (WalkEnd::Open, Node::Question(_)) => None,
        },
        Screen::Help(state) => Some((help::doc(&app.theme, state.from), body, None)),
        _ => None,
    }
}

fn scrolled(frame: &mut Frame, app: &App, body: Rect, scroll: u16) -> Option<Measured> {
    let (paras, content, prompt) = scrolling_content(app, body)?;
    let lines = doc::wrap(&paras, content.width);
    let measured = Measured::of(lines.len(), content);
    let limit = measured.scroll_limit;
    let scroll = scroll.min(limit);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(usize::from(scroll))
        .take(usize::from(content.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), content);
    if prompt.is_none() && limit > scroll && content.height >= 3 {
        // No prompt line to carry the hint: the last line says there is more (it is reached
        // by scrolling, so nothing stays hidden under it).
        let last = Rect {
            y: content.y + content.height - 1,
            height: 1,
            ..content
        };
        frame.render_widget(ratatui::widgets::Clear, last);
        frame.render_widget(
            Paragraph::new(Line::styled("↓ more below (j, PgDn)", app.theme.dim)),
            last,
        );
    }
    if let Some(prompt) = prompt {
        let fix = app.current_fix();
        let has_values = fix.is_some_and(|f| !app.kb.fix(f).copy.is_empty());
        let (_, pinned, prompt_area) = fix::split(body, has_values);
        if let (Some(f), Screen::Walk(state)) = (fix, app.screen())
            && pinned.height > 0
        {
            frame.render_widget(
                Paragraph::new(fix::pinned_value(app, state, f, pinned.width)),
                pinned,
            );
        }
        let wide = prompt_area.width >= 60;
        let more = match (scroll > 0, limit > scroll, wide) {
            (_, true, true) => "  ↓ more below (j, PgDn)",
            (true, false, true) => "  ↑ more above (k, PgUp)",
            (_, true, false) => " ↓",
            (true, false, false) => " ↑",
            (false, false, _) => "",
        };
        let mut prompt = prompt;
        prompt.spans.push(Span::styled(more, app.theme.dim));
        frame.render_widget(Paragraph::new(prompt), prompt_area);
    }
    Some(measured)
}

/// A line count as a scroll position: saturating, never wrapped (`as u16` turned 65,537 lines
/// into 1, so the end of a very long fix could not be reached).
fn line_count(lines: usize) -> u16 {
    u16::try_from(lines).unwrap_or(u16::MAX)
}

/// What drawing the current screen would measure, without drawing it: for the keys that
/// arrive before the next frame (and for tests, which drive `update` without drawing).
pub fn measure(app: &App) -> Measured {
    let body = areas(Rect::new(0, 0, app.size.0, app.size.1)).body;
    match scrolling_content(app, body) {
        Some((paras, content, _)) => Measured::of(doc::wrap(&paras, content.width).len(), content),
        None => Measured {
            scroll_limit: 0,
            page_height: body.height,
        },
    }
}

/// A list row: the `▶` marker and reverse video when selected, so selection never depends on
/// colour.
pub fn row(selected: bool, mut spans: Vec<Span<'static>>, theme: &Theme) -> Line<'static> {
    let marker = if selected {
        SELECTED_MARKER
    } else {
        UNSELECTED_MARKER
    };
    spans.insert(0, Span::raw(marker));
    let line = Line::from(spans);
    if selected {
        line.style(theme.selected)
    } else {
        line
    }
}

/// `text` with the chars at `indices` (char positions) in `matched`.
pub fn highlight(text: &str, indices: &[usize], base: Style, matched: Style) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_matched = false;
    for (i, c) in text.chars().enumerate() {
        let is_match = indices.contains(&i);
        if is_match != current_matched && !current.is_empty() {
            let style = if current_matched { matched } else { base };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_matched = is_match;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(Span::styled(
            current,
            if current_matched { matched } else { base },
        ));
    }
    spans
}

/// A diagnosis score in words, for people: raw scores (0.99 vs 0.98) suggest a precision the
/// matching does not have.
/// Scores are calibrated (see `diagnose::calibrate`): 0.95 was right about 19 times in 20.
pub fn likelihood(score: f32) -> &'static str {
    if score >= 0.95 {
        "very likely"
    } else if score >= 0.88 {
        "likely"
    } else {
        "possible"
    }
}

/// Cuts `text` to at most `width` columns, ending with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Items of varying height (wrapped list rows): the first item to draw so that `selected` is
/// fully visible in `height` lines.
pub fn first_visible(heights: &[usize], selected: usize, height: usize) -> usize {
    let mut start = 0;
    let selected = selected.min(heights.len().saturating_sub(1));
    while start < selected && heights[start..=selected].iter().sum::<usize>() > height {
        start += 1;
    }
    start
}

/// Draws a list of wrapped items keeping `selected` in view. When not all fit, the last line
/// says how many are above and below, so a short terminal never hides items without a sign.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    items: Vec<Vec<Line<'static>>>,
    selected: usize,
    theme: &Theme,
) {
    let heights: Vec<usize> = items.iter().map(Vec::len).collect();
    let height = usize::from(area.height);
    if heights.iter().sum::<usize>() <= height || height < 2 {
        let start = first_visible(&heights, selected, height);
        draw_items(frame, area, items, start);
        return;
    }
    let room = height - 1;
    let start = first_visible(&heights, selected, room);
    let mut used = 0;
    let shown = heights[start..]
        .iter()
        .take_while(|&&h| {
            used += h;
            used <= room
        })
        .count();
    let below = items.len() - start - shown;
    let [list, more] =
        Layout::vertical([Constraint::Length(area.height - 1), Constraint::Length(1)]).areas(area);
    draw_items(frame, list, items, start);
    let mut parts = Vec::new();
    if start > 0 {
        parts.push(format!("↑ {start} more above"));
    }
    if below > 0 {
        parts.push(format!("↓ {below} more below"));
    }
    frame.render_widget(
        Paragraph::new(Line::styled(format!("  {}", parts.join(" · ")), theme.dim)),
        more,
    );
}

/// Draws wrapped list items from `start`, as many as fit.
pub fn draw_items(frame: &mut Frame, area: Rect, items: Vec<Vec<Line<'static>>>, start: usize) {
    let lines: Vec<Line> = items
        .into_iter()
        .skip(start)
        .flatten()
        .take(usize::from(area.height))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
