//! A one-line text input: append, delete back, clear. Enough for a search box or an address.

use crate::limits::INPUT_CHARS;

/// What the person typed. Untrusted: it is cleaned when pasted and drawn through the same
/// widgets as everything else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Characters in `text`, kept so adding one is O(1) (counting them per key made a 5 MB
    /// paste take seconds).
    chars: usize,
}

/// Longest input kept ([`crate::limits::INPUT_CHARS`]): the same as the token limit everywhere.
pub const MAX_INPUT_CHARS: usize = INPUT_CHARS;

/// A paste that would make the input longer than [`MAX_INPUT_CHARS`]: refused whole (a cut
/// token or address would be wrong without saying so).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not pasted: {chars} characters would pass the {MAX_INPUT_CHARS}-character limit of a text box"
)]
pub struct TooLong {
    pub chars: usize,
}

impl TextInput {
    /// `text` cleaned onto one line, cut at [`MAX_INPUT_CHARS`].
    pub fn new(text: &str) -> TextInput {
        let mut input = TextInput::default();
        for c in crate::text::one_line(text).chars() {
            input.insert(c);
        }
        input
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// A typed character; ignored once the input is full.
    pub fn insert(&mut self, c: char) {
        if !c.is_control() && self.chars < MAX_INPUT_CHARS {
            self.text.push(c);
            self.chars += 1;
        }
    }

    /// Pasted text: made inert and folded onto one line first; refused whole when it would not
    /// fit.
    pub fn insert_str(&mut self, s: &str) -> Result<(), TooLong> {
        let text = crate::text::one_line(s);
        let chars = self.chars + text.chars().count();
        if chars > MAX_INPUT_CHARS {
            return Err(TooLong { chars });
        }
        self.text.push_str(&text);
        self.chars = chars;
        Ok(())
    }

    pub fn delete_back(&mut self) {
        if self.text.pop().is_some() {
            self.chars -= 1;
        }
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.chars = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_follows_every_edit() {
        let mut input = TextInput::new("aé\tb");
        assert_eq!(input.as_str(), "aé b");
        input.insert('c');
        input.delete_back();
        input.delete_back();
        assert_eq!(input.as_str(), "aé ");
        assert!(input.insert_str("xy").is_ok());
        assert_eq!(input.chars, input.as_str().chars().count());
        input.clear();
        input.delete_back();
        assert_eq!(input.chars, 0);
    }

    /// Issue 10 item 7: the guide cut tokens at 16,384 characters while the command line takes
    /// 64 KiB; a 21 KB JWT was then "probably cut short".
    #[test]
    fn a_token_the_command_line_accepts_fits_and_a_longer_paste_is_refused() {
        let mut input = TextInput::default();
        let token = "a".repeat(crate::limits::TOKEN_BYTES);
        assert!(input.insert_str(&token).is_ok());
        assert_eq!(input.as_str().len(), crate::limits::TOKEN_BYTES);
        let mut input = TextInput::new("x");
        let err = input.insert_str(&token).unwrap_err();
        assert!(err.to_string().contains("65536-character limit"), "{err}");
        assert_eq!(input.as_str(), "x");
        // Typing past the limit does nothing.
        let mut full = TextInput::new(&token);
        full.insert('b');
        assert_eq!(full.as_str().len(), crate::limits::TOKEN_BYTES);
    }
}
