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

/// The light theme's colours (sRGB), each at least 4.5:1 against white (WCAG AA for text).
pub const LIGHT_BLUE: (u8, u8, u8) = (0x1a, 0x4a, 0x8a);
pub const LIGHT_GREEN: (u8, u8, u8) = (0x1b, 0x5e, 0x20);
pub const LIGHT_BROWN: (u8, u8, u8) = (0x8a, 0x4a, 0x00);
pub const LIGHT_RED: (u8, u8, u8) = (0xa3, 0x0d, 0x1c);
pub const LIGHT_PURPLE: (u8, u8, u8) = (0x6a, 0x1b, 0x9a);
pub const LIGHT_GREY: (u8, u8, u8) = (0x55, 0x55, 0x55);

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

/// A foreground of the light theme.
const fn fg(rgb: (u8, u8, u8)) -> Style {
    Style::new().fg(Color::Rgb(rgb.0, rgb.1, rgb.2))
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
            ThemeName::Light => {
                // Explicit dark colours: the named ANSI yellow and cyan wash out on white.
                Theme {
                    title: fg(LIGHT_BLUE).add_modifier(Modifier::BOLD),
                    text: plain,
                    dim: fg(LIGHT_GREY),
                    heading: bold,
                    selected: reversed.add_modifier(Modifier::BOLD),
                    matched: fg(LIGHT_BROWN)
                        .add_modifier(Modifier::BOLD)
                        .add_modifier(Modifier::UNDERLINED),
                    key: fg(LIGHT_BLUE).add_modifier(Modifier::BOLD),
                    value: fg(LIGHT_GREEN).add_modifier(Modifier::BOLD),
                    placeholder: fg(LIGHT_PURPLE).add_modifier(Modifier::ITALIC),
                    ok: fg(LIGHT_GREEN),
                    warning: fg(LIGHT_BROWN),
                    problem: fg(LIGHT_RED).add_modifier(Modifier::BOLD),
                    border: fg(LIGHT_GREY),
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG 2 contrast ratio, 1 to 21.
    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn contrast_ratio_matches_known_values() {
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        // #777777 on white is the classic just-below-AA grey (4.48:1).
        assert!((contrast((0x77, 0x77, 0x77), (255, 255, 255)) - 4.48).abs() < 0.01);
    }

    #[test]
    fn every_light_theme_colour_passes_wcag_aa_on_light_backgrounds() {
        let theme = Theme::new(ThemeName::Light);
        let styles = [
            ("title", theme.title),
            ("dim", theme.dim),
            ("matched", theme.matched),
            ("key", theme.key),
            ("value", theme.value),
            ("placeholder", theme.placeholder),
            ("ok", theme.ok),
            ("warning", theme.warning),
            ("problem", theme.problem),
            ("border", theme.border),
        ];
        // White, and the off-white of common light terminal themes.
        for background in [(0xff, 0xff, 0xff), (0xf5, 0xf5, 0xf5), (0xfd, 0xf6, 0xe3)] {
            for (name, style) in styles {
                let Some(Color::Rgb(r, g, b)) = style.fg else {
                    panic!("{name}: the light theme sets every colour explicitly")
                };
                let ratio = contrast((r, g, b), background);
                assert!(ratio >= 4.5, "{name} on {background:?}: {ratio:.2}:1");
            }
        }
        // And nothing relies on DIM, whose contrast no one can know.
        for (name, style) in styles {
            assert!(!style.add_modifier.contains(Modifier::DIM), "{name}");
        }
    }
}
