//! Making untrusted text (flow files, pastes) safe and tidy to draw in a terminal.
//!
//! ratatui drops any grapheme containing a control character, tabs included, and an escape
//! sequence written to the terminal could move the cursor or retitle the window. Everything a
//! person or a file supplies goes through [`clean`] before it is drawn.
//!
//! [`clean`] also keeps every grapheme drawable in one or two cells: a letter followed by twenty
//! combining marks is one grapheme that ratatui measures as twenty cells wide, and wrapping it
//! wrote outside the frame's buffer (a panic). Such a cluster is cut back to its first character.
//!
//! Text cleaned once is a [`SafeText`], which is drawn as it is: flow texts are cleaned when the
//! knowledge base is loaded, not at each place that shows them.

use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::UnicodeWidthStr as _;

/// Width a tab expands to.
const TAB_WIDTH: usize = 4;

/// Longest grapheme cluster kept whole, in characters. Real clusters (an emoji family joined by
/// ZWJs, a letter with a few accents, a Devanagari syllable) stay well under it.
const MAX_GRAPHEME_CHARS: usize = 10;

/// Normalises line endings, expands tabs, removes ANSI/OSC escape sequences and other control
/// characters, and cuts back grapheme clusters that would not draw in one or two cells.
/// Newlines are kept. Cleaning the result again changes nothing, which is what lets
/// [`SafeText`] be cleaned once and drawn anywhere.
pub fn clean(input: &str) -> String {
    let mut text = strip_controls(input);
    if text.is_ascii() {
        return text;
    }
    // A cluster cut back or dropped can let its neighbours join into a new cluster (a prepended
    // mark cut back to itself joins what follows), which may need cutting in turn. Each pass
    // that changes anything removes characters, so this ends; text that needed nothing (nearly
    // all of it) takes one pass.
    loop {
        let (out, changed) = drawable_graphemes(&text);
        if !changed {
            return out;
        }
        text = out;
    }
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

/// Every grapheme of `text` that is a newline or passes [`is_drawable_grapheme`] is kept: an
/// over-long or over-wide cluster keeps only its first character (when that is drawable), and
/// clusters with no base (stray combining marks) or of width 0 are dropped. Also says whether
/// anything was cut or dropped.
fn drawable_graphemes(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
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
            changed = true;
            continue;
        }
        if is_drawable_grapheme(grapheme) {
            out.push_str(grapheme);
            continue;
        }
        changed = true;
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
    (out, changed)
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
    fold_clean(&clean(input))
}

/// Clean `text` folded onto one line, and clean still: joining two lines with a space can make
/// a new cluster (a prepended mark takes the space after it), which is cleaned in turn.
fn fold_clean(text: &str) -> String {
    let mut folded = fold_white_space(text);
    loop {
        if folded.is_ascii() {
            return folded;
        }
        let (again, changed) = drawable_graphemes(&folded);
        if !changed {
            return folded;
        }
        folded = fold_white_space(&again);
    }
}

/// Text that has been through [`clean`] and may be drawn or printed as it is.
///
/// Flow texts are cleaned once, when the knowledge base is loaded; every screen, printer and
/// export that shows one takes this type, so none of them has to clean it again and none can
/// forget to. It is made only by cleaning (or from text already clean by construction, like
/// `&'static` wording in the code), never from a bare `String`: untrusted run-time input
/// (pastes, paths, arguments, config values) becomes one through [`SafeText::clean`] or
/// [`SafeText::one_line`]. The one exception is deserialising, which trusts its bytes (see
/// the `Deserialize` impl). Cleaning a SafeText again would give it back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct SafeText(String);

impl SafeText {
    /// `input` made safe to draw ([`clean`]); newlines kept.
    pub fn clean(input: &str) -> SafeText {
        SafeText(clean(input))
    }

    /// `input` made safe to draw on one line ([`one_line`]).
    pub fn one_line(input: &str) -> SafeText {
        SafeText(one_line(input))
    }

    /// [`SafeText::clean`] without the white space around it. Trimming can split a cluster (a
    /// prepended mark joined to the space after it), so text that lost anything but ASCII is
    /// cleaned again; there is nothing to redo for the rest.
    pub fn clean_trimmed(input: &str) -> SafeText {
        let cleaned = clean(input);
        let trimmed = cleaned.trim();
        if trimmed.len() == cleaned.len() {
            return SafeText(cleaned);
        }
        if trimmed.is_ascii() {
            return SafeText(trimmed.to_string());
        }
        SafeText(clean(trimmed))
    }

    /// Wording written in the code, which holds no control characters: checked in debug builds.
    pub fn from_static(text: &'static str) -> SafeText {
        debug_assert_eq!(clean(text), text, "not clean");
        SafeText(text.to_string())
    }

    /// The same text on one line: every run of white space (newlines included) one space. Equal
    /// to [`one_line`] of the text without cleaning it again; only non-ASCII text is looked at
    /// once more, since a space put in for a newline can join a cluster (see `fold_clean`).
    pub fn to_one_line(&self) -> SafeText {
        SafeText(fold_clean(&self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for SafeText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SafeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<SafeText> for String {
    fn from(text: SafeText) -> String {
        text.0
    }
}

/// What ratatui's spans and lines take.
impl From<SafeText> for std::borrow::Cow<'static, str> {
    fn from(text: SafeText) -> Self {
        std::borrow::Cow::Owned(text.0)
    }
}

impl PartialEq<str> for SafeText {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<String> for SafeText {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl PartialEq<&str> for SafeText {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Deserialising trusts the bytes. The only SafeText ever deserialised is the built-in knowledge
/// base, which build.rs serialised from SafeText values it had just cleaned, embedded in the
/// binary; cleaning it again measured 0.50 ms against 0.28 ms for the whole load (the non-ASCII
/// texts need grapheme segmentation), paid at the start of every command. Debug builds (the
/// tests) check the trust is deserved. Do not deserialise anything else into this type.
impl<'de> serde::Deserialize<'de> for SafeText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SafeText, D::Error> {
        let text = String::deserialize(deserializer)?;
        debug_assert_eq!(clean(&text), text, "deserialised text that is not clean");
        Ok(SafeText(text))
    }
}

fn fold_white_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

    /// A prepended mark (U+0600) heading a cluster too long to keep is cut back to itself and
    /// then joins the next cluster, which makes a new cluster too long to keep: one pass left
    /// text that a second pass changed, so text cleaned at load and cleaned again when drawn
    /// could differ. `clean` now repeats until nothing changes.
    #[test]
    fn cleaning_clean_text_changes_nothing() {
        let marks = |n| "\u{301}".repeat(n);
        let input = format!("\u{600}x{}y{}z", marks(10), marks(9));
        let once = drawable_graphemes(&strip_controls(&input)).0;
        assert_ne!(
            drawable_graphemes(&once).0,
            once,
            "the case no longer needs two passes"
        );
        let cleaned = clean(&input);
        assert_eq!(clean(&cleaned), cleaned);
        assert_eq!(SafeText::clean(&input).to_one_line(), one_line(&input));
    }

    /// Found by the proptest below: a prepended mark ending a line took the space `one_line`
    /// put in place of the newline, a cluster three cells wide.
    #[test]
    fn joining_lines_makes_no_wide_cluster() {
        let joined = one_line("\u{600}\u{600}\r\u{1f1e6}");
        for g in joined.graphemes(true) {
            assert!(is_drawable_grapheme(g), "{g:?} in {joined:?}");
        }
        assert_eq!(one_line(&joined), joined);
    }

    #[test]
    fn safe_text_trims_without_leaving_anything_to_clean() {
        assert_eq!(SafeText::clean_trimmed("  a\tb \u{1b}[0m\n"), "a b");
        // A prepended mark joined to the space after it: trimming leaves it on its own.
        let trimmed = SafeText::clean_trimmed("x \u{600} ");
        assert_eq!(clean(&trimmed), trimmed.as_str());
    }

    #[test]
    fn safe_text_serialises_as_its_string() {
        let text = SafeText::clean("a b\nc");
        let json = serde_json::to_string(&text).expect("serialises");
        assert_eq!(json, "\"a b\\nc\"");
        let again: SafeText = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(again, text);
    }

    proptest::proptest! {
        /// What the call sites rely on: text cleaned once is drawn as it is, and its one-line
        /// form is what cleaning the original onto one line gives.
        #[test]
        fn cleaned_text_is_a_fixed_point(
            text in "[a-c \\t\\n\\r\\x{1b}\\[m\\x{300}-\\x{302}\\x{600}\\x{1100}\\x{1161}\\x{11a8}\\x{1f1e6}\\x{1f1eb}\\x{200d}\\x{200b}\\x{ff9e}\\x{93e}\\x{915}\\x{1f44d}\\x{1f3fb}]{0,40}"
        ) {
            let cleaned = clean(&text);
            proptest::prop_assert_eq!(&clean(&cleaned), &cleaned);
            let safe = SafeText::clean(&text);
            proptest::prop_assert_eq!(safe.to_one_line().into_string(), one_line(&text));
            proptest::prop_assert_eq!(&clean(&one_line(&text)), &one_line(&text));
            // Flow texts were stored cleaned and trimmed, and cleaned onto one line when drawn.
            let trimmed = SafeText::clean_trimmed(&text);
            proptest::prop_assert_eq!(&clean(&trimmed), trimmed.as_str());
            proptest::prop_assert_eq!(
                trimmed.to_one_line().into_string(),
                one_line(clean(&text).trim())
            );
        }
    }
}
