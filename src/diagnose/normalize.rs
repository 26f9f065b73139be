//! Turning a raw paste into comparable tokens.
//!
//! Real pastes wrap known error texts in transport noise: percent-encoding in callback URLs,
//! `\r\n` escapes in JSON bodies and Go log lines, HTML entities, line wrapping, odd case. This
//! module removes the transport layer so that the scorer sees the words a person would read.

use std::borrow::Cow;

/// Undo the encodings error texts travel in, then lower-case.
pub fn normalize(text: &str) -> String {
    let decoded = percent_decode(text);
    let unescaped = unescape(&decoded);
    let entities = decode_entities(&unescaped);
    entities.to_lowercase()
}

/// Decodes `%XX` (and `+` as space) when the text carries percent-encoding, as callback and
/// dashboard URLs do. Text without `%XX` is returned untouched so a literal `+` survives.
fn percent_decode(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let has_escape = memchr::memchr_iter(b'%', bytes).any(|at| {
        bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit)
    });
    if !has_escape {
        return Cow::Borrowed(text);
    }
    let plus_as_space = text.replace('+', " ");
    Cow::Owned(
        percent_encoding::percent_decode_str(&plus_as_space)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// Literal escape sequences (`\r\n`, `\"`, `\\`) left by JSON and quoted log fields. Any run of
/// backslashes collapses; `\r`, `\n`, `\t` after it become a space.
fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        while chars.peek() == Some(&'\\') {
            chars.next();
        }
        match chars.peek() {
            Some('r' | 'n' | 't') => {
                chars.next();
                out.push(' ');
            }
            _ => out.push(' '),
        }
    }
    Cow::Owned(out)
}

/// HTML entities of sign-in pages copied as source (`&#39;`, `&#x27;`, `&quot;`, `&nbsp;`):
/// every named and numeric entity, in one pass (`&amp;quot;` stays `&quot;`).
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    html_escape::decode_html_entities(text)
}

/// Splits normalised text into word tokens: runs of letters and digits. Underscores split too,
/// so `subject_token` and "subject token" read the same.
pub fn tokens(normalized: &str) -> Tokens<'_> {
    Tokens { rest: normalized }
}

/// The iterator of [`tokens`]: ASCII is classified byte by byte (logs are mostly ASCII), other
/// characters by Unicode's `is_alphanumeric`.
pub struct Tokens<'t> {
    rest: &'t str,
}

/// Each byte's class: 0 an ASCII separator, 1 an ASCII letter or digit, 2 part of a character
/// beyond ASCII.
const CLASS: [u8; 256] = {
    let mut table = [2u8; 256];
    let mut b = 0;
    while b < 128 {
        #[expect(clippy::cast_possible_truncation, reason = "b < 128")]
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() as u8;
        b += 1;
    }
    table
};

impl<'t> Tokens<'t> {
    /// Where the run of `s` starting at `i` whose characters are (or are not) alphanumeric
    /// ends. Inlined: runs are a few bytes long, so the call would cost more than the loop.
    #[inline(always)]
    fn run_end(s: &str, mut i: usize, alphanumeric: bool) -> usize {
        let bytes = s.as_bytes();
        let wanted = u8::from(alphanumeric);
        loop {
            // The ASCII stretch: one table lookup per byte.
            while let Some(&b) = bytes.get(i) {
                if CLASS[usize::from(b)] != wanted {
                    break;
                }
                i += 1;
            }
            match bytes.get(i) {
                None => return i,
                Some(&b) if b < 0x80 => return i,
                Some(_) => {}
            }
            // `i` is a char boundary: only whole characters have been stepped over.
            let c = s[i..].chars().next().unwrap_or(' ');
            if c.is_alphanumeric() != alphanumeric {
                return i;
            }
            i += c.len_utf8();
        }
    }
}

impl<'t> Iterator for Tokens<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let rest = self.rest;
        let start = Self::run_end(rest, 0, false);
        if start >= rest.len() {
            self.rest = "";
            return None;
        }
        let end = Self::run_end(rest, start, true);
        self.rest = &rest[end..];
        Some(&rest[start..end])
    }
}

/// Removes `{variable}` and `<placeholder>` spans from a flow's error text: they stand for
/// values (a server, a GUID) that differ in every real paste.
///
/// Only spans shaped like placeholders count: `{` + lower-case identifier + `}` (the template
/// rule), and `<…>` holding a short run without spaces or brackets. Other braces, such as a JSON
/// body quoted as the error text, stay literal so their words can be matched.
pub fn strip_placeholders(text: &str) -> String {
    const MAX_PLACEHOLDER_CHARS: usize = 40;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let close = match c {
            '{' => Some('}'),
            '<' => Some('>'),
            _ => None,
        };
        if let Some(close) = close {
            let inner_start = c.len_utf8();
            if let Some(end) = rest[inner_start..].find(close) {
                let inner = &rest[inner_start..inner_start + end];
                let is_placeholder = !inner.is_empty()
                    && inner.chars().count() <= MAX_PLACEHOLDER_CHARS
                    && if c == '{' {
                        inner.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')
                    } else {
                        inner
                            .chars()
                            .all(|ch| !ch.is_whitespace() && !matches!(ch, '<' | '>' | '{' | '}'))
                    };
                if is_placeholder {
                    out.push(' ');
                    rest = &rest[inner_start + end + close.len_utf8()..];
                    // The rest of the word belongs to the value too: in
                    // `{connect_server}/__oauth__/integrations/callback` the path is part of
                    // the URL every paste carries, not words of the error.
                    let word_end = rest
                        .find(|ch: char| ch.is_whitespace() || matches!(ch, '\'' | '"'))
                        .unwrap_or(rest.len());
                    rest = &rest[word_end..];
                    continue;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-wise tokenizer splits exactly as splitting on every character that is not
        /// alphanumeric does, whatever the script.
        #[test]
        fn tokens_are_the_alphanumeric_runs(text in "(\\PC|[a-z0-9_ .:/%-])*") {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .collect();
            proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn html_entities_named_and_numeric_are_decoded() {
        assert_eq!(
            normalize("The redirect URI &#39;a&#x27; &quot;b&quot; &lt;c&gt;&nbsp;d &amp;quot;"),
            "the redirect uri 'a' \"b\" <c>\u{a0}d &quot;"
        );
        assert_eq!(normalize("AT&T & co"), "at&t & co");
    }

    #[test]
    fn tokens_split_mixed_scripts() {
        let words: Vec<&str> = tokens("aadsts50011: ünïcode_wörds 東京/ok--x").collect();
        assert_eq!(
            words,
            ["aadsts50011", "ünïcode", "wörds", "東京", "ok", "x"]
        );
    }

    #[test]
    fn decodes_percent_encoding_and_plus() {
        assert_eq!(
            normalize("AADSTS7000215%3A+Invalid+client"),
            "aadsts7000215: invalid client"
        );
        assert_eq!(normalize("C++ stays"), "c++ stays");
    }

    #[test]
    fn removes_json_and_go_escapes() {
        let t = normalize(r#"app 'x'.\\r\\nTrace ID: 1\r\nCorrelation \"q\""#);
        assert!(t.contains("trace id"), "{t}");
        assert!(t.contains("correlation"), "{t}");
        assert!(!t.contains("ntrace"), "{t}");
    }

    #[test]
    fn tokens_split_on_punctuation_and_underscores() {
        let t: Vec<_> = tokens("invalid subject_token: __oauth__/x").collect();
        assert_eq!(t, ["invalid", "subject", "token", "oauth", "x"]);
    }

    #[test]
    fn placeholders_are_dropped() {
        assert_eq!(
            strip_placeholders("app '<app_guid>' at {connect_server}/cb now"),
            "app ' ' at   now"
        );
    }
}
