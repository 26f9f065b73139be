//! Long, scrolling content (a fix, the help, a report) as paragraphs that wrap to the width.
//!
//! We wrap ourselves rather than let `Paragraph` do it so that `update` can know how many lines
//! a screen has (to stop scrolling at the end) from the same function the view draws with.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// One paragraph: an optional prefix on its first line ("1. ", "▶ "), continuation lines
/// indented by the prefix's width.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub prefix: Vec<Span<'static>>,
    pub spans: Vec<Span<'static>>,
    /// Applied to every line of the paragraph (e.g. reverse video for the selected value).
    pub line_style: Style,
}

impl Para {
    pub fn blank() -> Para {
        Para::default()
    }

    pub fn text(text: impl Into<String>, style: Style) -> Para {
        Para {
            spans: vec![Span::styled(text.into(), style)],
            ..Para::default()
        }
    }

    pub fn spans(spans: Vec<Span<'static>>) -> Para {
        Para {
            spans,
            ..Para::default()
        }
    }

    pub fn prefixed(
        prefix: impl Into<String>,
        prefix_style: Style,
        spans: Vec<Span<'static>>,
    ) -> Para {
        Para {
            prefix: vec![Span::styled(prefix.into(), prefix_style)],
            spans,
            ..Para::default()
        }
    }

    pub fn line_style(mut self, style: Style) -> Para {
        self.line_style = style;
        self
    }
}

/// Wraps every paragraph to `width` columns, breaking at spaces (and inside words longer than
/// a line). Newlines inside span text start new lines.
pub fn wrap(paras: &[Para], width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    for para in paras {
        wrap_para(para, width, &mut out);
    }
    out
}

/// A piece of a paragraph: a word may span several styles (`Error:` then a value).
enum Token {
    Word(Vec<(String, Style)>),
    Space(Style),
    Newline,
}

fn tokens(spans: &[Span<'static>]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word: Vec<(String, Style)> = Vec::new();
    for span in spans {
        let mut piece = String::new();
        for c in span.content.chars() {
            if c == ' ' || c == '\n' {
                if !piece.is_empty() {
                    word.push((std::mem::take(&mut piece), span.style));
                }
                if !word.is_empty() {
                    tokens.push(Token::Word(std::mem::take(&mut word)));
                }
                tokens.push(if c == ' ' {
                    Token::Space(span.style)
                } else {
                    Token::Newline
                });
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            word.push((piece, span.style));
        }
    }
    if !word.is_empty() {
        tokens.push(Token::Word(word));
    }
    tokens
}

/// Lays out one paragraph's lines.
struct Lines<'a> {
    out: &'a mut Vec<Line<'static>>,
    line: Vec<Span<'static>>,
    used: usize,
    /// Only the prefix or indent so far.
    fresh: bool,
    indent: usize,
    line_style: Style,
}

impl Lines<'_> {
    fn break_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        self.out.push(Line::from(line).style(self.line_style));
        if self.indent > 0 {
            self.line.push(Span::raw(" ".repeat(self.indent)));
        }
        self.used = self.indent;
        self.fresh = true;
    }

    fn push(&mut self, text: &str, style: Style) {
        self.line.push(Span::styled(text.to_string(), style));
        self.used += text.width();
        self.fresh = false;
    }
}

fn wrap_para(para: &Para, width: usize, out: &mut Vec<Line<'static>>) {
    let prefix_width: usize = para.prefix.iter().map(|s| s.content.width()).sum();
    // A prefix wider than half the line is not worth indenting under.
    let indent = if prefix_width * 2 > width {
        0
    } else {
        prefix_width
    };
    let mut lines = Lines {
        out,
        line: para.prefix.clone(),
        used: prefix_width,
        fresh: true,
        indent,
        line_style: para.line_style,
    };
    let mut pending_space: Option<Style> = None;
    for token in tokens(&para.spans) {
        match token {
            Token::Newline => {
                lines.break_line();
                pending_space = None;
            }
            Token::Space(style) => {
                if !lines.fresh {
                    pending_space = Some(style);
                }
            }
            Token::Word(pieces) => {
                let word_width: usize = pieces.iter().map(|(t, _)| t.width()).sum();
                let gap = usize::from(pending_space.is_some());
                if !lines.fresh && lines.used + gap + word_width > width {
                    lines.break_line();
                } else if let Some(style) = pending_space {
                    lines.push(" ", style);
                }
                pending_space = None;
                for (text, style) in pieces {
                    push_breaking(&mut lines, &text, style, width);
                }
            }
        }
    }
    let last = std::mem::take(&mut lines.line);
    lines.out.push(Line::from(last).style(para.line_style));
}

/// Pushes `text`, breaking it across lines when it is wider than what is left.
fn push_breaking(lines: &mut Lines<'_>, text: &str, style: Style, width: usize) {
    let mut rest = text;
    while !rest.is_empty() {
        let room = width.saturating_sub(lines.used);
        // Measured only as far as the room on this line: measuring the whole rest on every
        // line made a long unbroken word (a 1 MB token in a fix) quadratic.
        let cut = cut_at_width(rest, room);
        if cut == rest.len() {
            lines.push(rest, style);
            return;
        }
        if cut == 0 {
            if lines.fresh {
                // Not even one character fits on a fresh line: let it overflow (the terminal
                // clips it) rather than loop.
                let first = rest.chars().next().map_or(0, char::len_utf8);
                lines.push(&rest[..first], style);
                rest = &rest[first..];
            }
            lines.break_line();
            continue;
        }
        lines.push(&rest[..cut], style);
        rest = &rest[cut..];
        lines.break_line();
    }
}

/// The byte length of the longest prefix of `s` that is at most `width` columns wide.
fn cut_at_width(s: &str, width: usize) -> usize {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            return i;
        }
        used += w;
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_with_a_hanging_indent() {
        let para = Para::prefixed(
            "1. ",
            Style::new(),
            vec![Span::raw("open the portal and add the URI")],
        );
        assert_eq!(
            texts(&wrap(&[para], 14)),
            vec!["1. open the", "   portal and", "   add the URI"]
        );
    }

    #[test]
    fn breaks_long_words_and_survives_tiny_widths() {
        let para = Para::text("https://connect.example.com/__oauth__", Style::new());
        let lines = texts(&wrap(std::slice::from_ref(&para), 10));
        assert_eq!(lines[0], "https://co");
        assert_eq!(lines.concat(), "https://connect.example.com/__oauth__");
        for width in 0..4 {
            let _ = wrap(
                &[
                    para.clone(),
                    Para::prefixed("10. ", Style::new(), vec![Span::raw("ab cd")]),
                ],
                width,
            );
        }
    }

    #[test]
    fn keeps_newlines() {
        assert_eq!(
            texts(&wrap(&[Para::text("a\nb", Style::new())], 10)),
            vec!["a", "b"]
        );
    }

    /// Issue 10 item 6: a long unbroken word was measured whole once per line (quadratic);
    /// it is cut into full lines, each measured once.
    #[test]
    fn a_long_unbroken_word_fills_whole_lines() {
        let word = "x".repeat(100_000);
        let lines = wrap(&[Para::text(word, Style::default())], 80);
        assert_eq!(lines.len(), 100_000 / 80);
        assert!(lines.iter().all(|l| l.width() == 80));
    }
}
