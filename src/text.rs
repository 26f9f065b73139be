//! Making untrusted text (flow files, pastes) safe and tidy to draw in a terminal.
//!
//! ratatui drops any grapheme containing a control character, tabs included, and an escape
//! sequence written to the terminal could move the cursor or retitle the window. Everything a
//! person or a file supplies goes through [`clean`] before it is drawn.
//!
//! [`clean`] also keeps every grapheme drawable in one or two cells: a letter followed by twenty
//! combining marks is one grapheme that ratatui measures as twenty cells wide, and wrapping it
//! wrote outside the frame's buffer (a panic). Such a cluster is cut back to its first character.

use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::UnicodeWidthStr as _;

/// Width a tab expands to.
const TAB_WIDTH: usize = 4;

/// Longest grapheme cluster kept whole, in characters. Real clusters (an emoji family joined by
/// ZWJs, a letter with a few accents, a Devanagari syllable) stay well under it.
const MAX_GRAPHEME_CHARS: usize = 10;

/// Normalises line endings, expands tabs, removes ANSI/OSC escape sequences and other control
/// characters, and cuts back grapheme clusters that would not draw in one or two cells.
/// Newlines are kept.
pub fn clean(input: &str) -> String {
    let text = strip_controls(input);
    if text.is_ascii() {
        return text;
    }
    drawable_graphemes(&text)
}

/// Whether `grapheme` draws in one or two cells on its own and stays itself next to anything
/// before it. A cluster with no base character (combining marks after a newline or a dropped
/// escape) would join whatever comes before it once texts are put together (`one_line` joins
/// words with a space), making a wider cluster again.
pub fn is_drawable_grapheme(grapheme: &str) -> bool {
    let width = grapheme.width();
    (1..=2).contains(&width)
        && grapheme.chars().count() <= MAX_GRAPHEME_CHARS
        && !has_no_base(grapheme)
}

/// True when a space followed by `grapheme` is one cluster: `grapheme` starts with an extender.
fn has_no_base(grapheme: &str) -> bool {
    if grapheme.is_ascii() {
        return false;
    }
    let mut probe = String::with_capacity(grapheme.len() + 1);
    probe.push(' ');
    probe.push_str(grapheme);
    probe.graphemes(true).nth(1).is_none()
}

/// Every grapheme of the result is a newline or passes [`is_drawable_grapheme`]: an over-long or
/// over-wide cluster keeps only its first character (when that is drawable), and clusters with
/// no base (stray combining marks) or of width 0 are dropped.
fn drawable_graphemes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for grapheme in text.graphemes(true) {
        if grapheme == "\n" {
            out.push('\n');
            continue;
        }
        // Marks riding on a space (a tab expanded before a combining mark) draw nothing, and
        // once `one_line` splits at the space they would start a word with no base.
        if let Some(space) = grapheme.chars().next().filter(|c| c.is_whitespace())
            && grapheme.chars().count() > 1
        {
            out.push(space);
            continue;
        }
        if is_drawable_grapheme(grapheme) {
            out.push_str(grapheme);
            continue;
        }
        if has_no_base(grapheme) {
            continue;
        }
        if let Some(first) = grapheme.chars().next() {
            let mut buf = [0u8; 4];
            let first = first.encode_utf8(&mut buf);
            if (1..=2).contains(&first.width()) {
                out.push_str(first);
            }
        }
    }
    out
}

fn strip_controls(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut column = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                    column = 0;
                }
            }
            '\n' => {
                out.push('\n');
                column = 0;
            }
            '\t' => {
                let spaces = TAB_WIDTH - column % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 control introducers (CSI, OSC …) are as dangerous as their ESC forms.
            '\u{9b}' => skip_until_final_byte(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_until_string_terminator(&mut chars),
            c if c.is_control() => {}
            // Bidirectional overrides can make on-screen text read differently from what it is.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// [`clean`], then every run of white space (newlines included) folded into one space.
pub fn one_line(input: &str) -> String {
    clean(input)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_until_final_byte(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_until_string_terminator(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI sequences end with a byte in 0x40..=0x7e.
fn skip_until_final_byte(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS strings end with BEL or ST (ESC \ or 0x9c).
fn skip_until_string_terminator(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;evil title\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]52;c;Zm9v\u{1b}\\y"), "xy");
        assert_eq!(clean("bell\u{7}null\u{0}"), "bellnull");
        assert_eq!(clean("\u{9b}2Jcleared"), "cleared");
    }

    #[test]
    fn marks_on_a_space_go_with_it() {
        // Found by the `text` fuzz target: a combining mark after a tab rode on the expanded
        // space, and `one_line` then started a word with it.
        let input = "\t\u{31c}\u{2db}0o";
        assert_eq!(clean(input), "    \u{2db}0o");
        assert_eq!(one_line(input), "\u{2db}0o");
    }

    #[test]
    fn normalises_line_endings_and_tabs() {
        assert_eq!(clean("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(clean("\tx\ty"), "    x   y");
    }

    #[test]
    fn every_grapheme_draws_in_one_or_two_cells() {
        let stacked = format!("x{}y", "\u{ff9e}".repeat(20));
        assert_eq!(clean(&stacked), "xy");
        // A lone combining mark has no width: dropped.
        assert_eq!(clean("\u{301}a"), "a");
        // Ordinary clusters are kept whole.
        for kept in [
            "e\u{301}",
            "👨\u{200d}👩\u{200d}👧",
            "क\u{93e}",
            "日本",
            "🇫🇷",
        ] {
            assert_eq!(clean(kept), kept);
        }
        // Found by the `text` fuzz target: marks after a newline survived as a base-less
        // cluster, and `one_line` joined them to a space, three cells wide.
        assert_eq!(one_line("a\n\u{ff9e}\u{ff9e}b"), "a b");
        for text in [
            stacked.as_str(),
            "a\u{93e}\u{93e}\u{93e}\u{93e}",
            "👍🏻🏻🏻🏻🏻",
        ] {
            for g in clean(text).graphemes(true) {
                assert!((1..=2).contains(&g.width()), "{g:?} in {text:?}");
            }
        }
    }

    #[test]
    fn one_line_folds_white_space() {
        assert_eq!(one_line("a\n  b\t\tc\r\n"), "a b c");
    }
}
