//! Keeping a paste's bytes text, even when they hold the bracketed-paste end marker.
//!
//! crossterm ends a paste at the first `ESC [ 201 ~` it sees. A pasted text that *contains* that
//! marker (an attacker's web page can put it on the clipboard) ends the paste early, and the
//! bytes after it arrive as key presses: `s`, Ctrl-U and a host set the Connect server. The
//! terminal writes a paste in one go, so those bytes come in the same burst as the paste itself.
//! Key presses that come with a paste (already waiting when it is read, or within
//! [`PASTE_TAIL`] of it) are therefore taken back into the paste as text and never act.
//!
//! The cost: a key typed within [`PASTE_TAIL`] after a paste lands in the pasted text instead of
//! acting. Nobody types that fast after pasting.

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// How long after a paste further input still counts as part of it: enough for a terminal or a
/// slow SSH link to deliver the rest of one write, far shorter than a person's next key.
pub const PASTE_TAIL: Duration = Duration::from_millis(30);

/// Longest the loop waits for a paste's tail in all, so a stream of input cannot hold it.
pub const MAX_TAIL_WAIT: Duration = Duration::from_millis(300);

/// Most key presses folded into one paste; past it, they are dropped (a paste is capped anyway).
const MAX_TAIL_KEYS: usize = 64 * 1024;

/// The events of one burst, with the key presses that follow a paste folded into its text.
/// Anything else (a resize, the mouse) ends the paste's tail.
pub fn fold_paste_tails(burst: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(burst.len());
    let mut tail_keys = 0;
    for event in burst {
        match (out.last_mut(), event) {
            (Some(Event::Paste(text)), Event::Key(key)) => {
                if key.kind != KeyEventKind::Press {
                    continue;
                }
                tail_keys += 1;
                if tail_keys <= MAX_TAIL_KEYS
                    && let Some(c) = key_as_text(&key)
                {
                    text.push(c);
                }
            }
            (_, event) => {
                tail_keys = 0;
                out.push(event);
            }
        }
    }
    out
}

/// Whether the burst ended inside a paste's tail, so more of it may still be on its way.
pub fn in_paste_tail(events: &[Event]) -> bool {
    events
        .iter()
        .rev()
        .find(|e| !matches!(e, Event::Key(_)))
        .is_some_and(|e| matches!(e, Event::Paste(_)))
}

/// The character a key press stands for in pasted bytes: printable characters, Enter and Tab.
/// Control keys (Ctrl-U is byte 0x15) stand for control bytes, which pasted text never keeps.
fn key_as_text(key: &KeyEvent) -> Option<char> {
    let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    match key.code {
        KeyCode::Char(c) if plain => Some(c),
        KeyCode::Enter => Some('\n'),
        KeyCode::Tab => Some('\t'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn keys_after_a_paste_in_one_burst_become_its_text() {
        let burst = vec![
            Event::Paste("x".into()),
            key(KeyCode::Char('s'), KeyModifiers::NONE),
            key(KeyCode::Char('u'), KeyModifiers::CONTROL),
            key(KeyCode::Char('E'), KeyModifiers::SHIFT),
            key(KeyCode::Enter, KeyModifiers::NONE),
            key(KeyCode::Esc, KeyModifiers::NONE),
        ];
        assert_eq!(fold_paste_tails(burst), vec![Event::Paste("xsE\n".into())]);
    }

    #[test]
    fn keys_before_a_paste_or_after_a_resize_still_act() {
        let burst = vec![
            key(KeyCode::Char('j'), KeyModifiers::NONE),
            Event::Paste("x".into()),
            Event::Resize(80, 24),
            key(KeyCode::Char('k'), KeyModifiers::NONE),
        ];
        assert_eq!(fold_paste_tails(burst.clone()), burst);
        assert!(!in_paste_tail(&burst));
        assert!(in_paste_tail(&[
            Event::Paste("x".into()),
            key(KeyCode::Char('a'), KeyModifiers::NONE)
        ]));
    }
}
