//! Making untrusted text (flow files, pastes) safe and tidy to draw in a terminal.
//!
//! ratatui drops any grapheme containing a control character, tabs included, and an escape
//! sequence written to the terminal could move the cursor or retitle the window. Everything a
//! person or a file supplies goes through [`clean`] before it is drawn.

/// Width a tab expands to.
const TAB_WIDTH: usize = 4;

/// Normalises line endings, expands tabs, removes ANSI/OSC escape sequences and other control
/// characters. Newlines are kept.
pub fn clean(input: &str) -> String {
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
    fn normalises_line_endings_and_tabs() {
        assert_eq!(clean("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(clean("\tx\ty"), "    x   y");
    }

    #[test]
    fn one_line_folds_white_space() {
        assert_eq!(one_line("a\n  b\t\tc\r\n"), "a b c");
    }
}
