//! The bottom line: the keys of this screen, generated from the key table.
//!
//! On a narrow terminal not every hint fits. The essential ones always stay: help first, and
//! the way out (Esc back/close/cancel, q or Esc quit) last. When anything else had to be left
//! out, the help hint says `more` instead of `help`, so the footer never pretends to be
//! complete.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keys::{self, Hint};

const SEPARATOR: &str = " · ";

/// The hints shown in `width` columns, in order, as (keys, words).
pub fn fitted(mut hints: Vec<Hint>, width: usize) -> Vec<(String, &'static str)> {
    let help = hints
        .iter()
        .position(|h| h.action == Action::Help)
        .map(|i| hints.remove(i));
    let is_exit = |h: &Hint| matches!(h.action, Action::Back | Action::Cancel | Action::Quit);
    let (exits, others): (Vec<Hint>, Vec<Hint>) = hints.into_iter().partition(is_exit);
    let cost = |h: &Hint| h.keys.width() + 1 + h.hint.width() + SEPARATOR.width();
    // One leading space; "more" is as wide as "help", so the reserve does not depend on it.
    let mut used = 1 + help.as_ref().map_or(0, cost) + exits.iter().map(cost).sum::<usize>();
    let mut kept = Vec::new();
    let mut dropped = false;
    for hint in others {
        if used + cost(&hint) > width + SEPARATOR.width() {
            dropped = true;
            continue; // a later, shorter hint may still fit
        }
        used += cost(&hint);
        kept.push(hint);
    }
    let mut out = Vec::new();
    if let Some(help) = help {
        out.push((help.keys, if dropped { "more" } else { help.hint }));
    }
    out.extend(kept.into_iter().map(|h| (h.keys, h.hint)));
    out.extend(exits.into_iter().map(|h| (h.keys, h.hint)));
    out
}

/// The digit hint with the numbers this list really has (`1-17`, `1-3`); none when the list
/// is empty.
fn with_real_numbers(hints: Vec<Hint>, count: usize) -> Vec<Hint> {
    hints
        .into_iter()
        .filter_map(|mut hint| {
            if !hint.keys.contains("1-9") {
                return Some(hint);
            }
            let numbers = match count {
                0 => {
                    // No numbers here: keep the other keys of the hint (Enter), if any.
                    let rest: Vec<&str> = hint.keys.split('/').filter(|k| *k != "1-9").collect();
                    if rest.is_empty() {
                        return None;
                    }
                    hint.keys = rest.join("/");
                    return Some(hint);
                }
                1 => "1".to_string(),
                n => format!("1-{n}"),
            };
            hint.keys = hint.keys.replace("1-9", &numbers);
            Some(hint)
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = &app.theme;
    let hints = with_real_numbers(
        keys::footer_hints(app.context()),
        crate::tui::pick::item_count(app),
    );
    let hints = fitted(hints, usize::from(area.width));
    let mut spans = vec![Span::raw(" ")];
    for (i, (keys, hint)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEPARATOR, theme.dim));
        }
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(hint, theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
