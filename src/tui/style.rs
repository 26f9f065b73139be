//! Every style the TUI draws with, in one place.
//!
//! Meaning is never carried by colour alone: the selected row also gets a `▶` marker and
//! reverse video, warnings get a word. Colours are the 16 named ANSI ones on the terminal's own
//! background, so light and dark palettes both work; `Mono` (and `NO_COLOR`) drops them all.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeName;

/// Marks the selected row (with [`Theme::selected`]).
pub const SELECTED_MARKER: &str = "▶ ";
/// Keeps unselected rows aligned with the selected one.
pub const UNSELECTED_MARKER: &str = "  ";
/// Separates breadcrumb parts.
pub const CRUMB_SEPARATOR: &str = " › ";
/// Starts the breadcrumb line; also what tests look for on every frame.
pub const CRUMB_HOME: &str = "⌂ ";
/// Draws the end of a text input.
pub const CURSOR: &str = "▏";

/// The resolved styles for one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub text: Style,
    pub dim: Style,
    pub heading: Style,
    pub selected: Style,
    pub matched: Style,
    pub key: Style,
    pub value: Style,
    pub placeholder: Style,
    pub ok: Style,
    pub warning: Style,
    pub problem: Style,
    pub border: Style,
}

/// A foreground accent, bold in the high-contrast theme.
const fn accent(strong: bool, color: Color) -> Style {
    if strong {
        Style::new().fg(color).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(color)
    }
}

impl Theme {
    pub const fn new(name: ThemeName) -> Theme {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        match name {
            ThemeName::Mono => Theme {
                title: bold,
                text: plain,
                dim: Style::new().add_modifier(Modifier::DIM),
                heading: bold,
                selected: reversed.add_modifier(Modifier::BOLD),
                matched: Style::new()
                    .add_modifier(Modifier::UNDERLINED)
                    .add_modifier(Modifier::BOLD),
                key: bold,
                value: bold,
                placeholder: Style::new().add_modifier(Modifier::ITALIC),
                ok: plain,
                warning: bold,
                problem: bold,
                border: plain,
            },
            ThemeName::Default | ThemeName::HighContrast => {
                let strong = matches!(name, ThemeName::HighContrast);
                Theme {
                    title: bold.fg(Color::Cyan),
                    text: plain,
                    dim: if strong {
                        plain
                    } else {
                        Style::new().add_modifier(Modifier::DIM)
                    },
                    heading: bold,
                    selected: reversed.add_modifier(Modifier::BOLD),
                    matched: Style::new()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD)
                        .add_modifier(Modifier::UNDERLINED),
                    key: accent(strong, Color::Cyan).add_modifier(Modifier::BOLD),
                    value: accent(strong, Color::Green).add_modifier(Modifier::BOLD),
                    placeholder: accent(strong, Color::Magenta).add_modifier(Modifier::ITALIC),
                    ok: accent(strong, Color::Green),
                    warning: accent(strong, Color::Yellow),
                    problem: accent(strong, Color::Red).add_modifier(Modifier::BOLD),
                    border: if strong {
                        plain
                    } else {
                        Style::new().add_modifier(Modifier::DIM)
                    },
                }
            }
        }
    }
}
