//! A one-line text input: append, delete back, clear. Enough for a search box or an address.

/// What the person typed. Untrusted: it is cleaned when pasted and drawn through the same
/// widgets as everything else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
}

/// Longest input kept; a paste longer than this is cut (an address or a token is far shorter).
pub const MAX_INPUT_CHARS: usize = 16 * 1024;

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        let mut input = TextInput::default();
        input.insert_str(text);
        input
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn insert(&mut self, c: char) {
        if !c.is_control() && self.text.chars().count() < MAX_INPUT_CHARS {
            self.text.push(c);
        }
    }

    /// Pasted text: made inert and folded onto one line first.
    pub fn insert_str(&mut self, s: &str) {
        for c in crate::text::one_line(s).chars() {
            self.insert(c);
        }
    }

    pub fn delete_back(&mut self) {
        self.text.pop();
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }
}
