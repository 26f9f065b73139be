//! Identifiers found as whole words (`code_to_token_error`, `client_id`): clues and fingerprint
//! words that would be found in any sentence about tokens if they were split into words.

use super::HashMap;

/// Finds a fixed list of patterns in normalised text, each only with no letter, digit or `_`
/// right before or after it. Prepared at build time as its patterns only: the lookup tables
/// are rebuilt on load, which costs less than deserialising them.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct LiteralFinder {
    patterns: Vec<String>,
    /// Patterns made of word characters with an `_` in them, by text: such a pattern is found
    /// exactly when a whole run of word characters around an `_` of the text equals it, so one
    /// memchr pass and a lookup per run find them all. Keyed by `Box<str>`, not `String`: the
    /// vocabulary's `HashMap<String, u32>` lookup is inlined into the scorer's word loop only
    /// while no other code shares its instance (measured: 2.7 M more instructions per megabyte
    /// when they shared it).
    identifiers: HashMap<Box<str>, u32>,
    /// The other patterns (`google.api_core`), searched for with an automaton.
    others: Option<(aho_corasick::AhoCorasick, Vec<u32>)>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl From<Vec<String>> for LiteralFinder {
    fn from(patterns: Vec<String>) -> LiteralFinder {
        let mut identifiers = HashMap::default();
        let mut others = Vec::new();
        for (i, pattern) in patterns.iter().enumerate() {
            if pattern.contains('_') && pattern.chars().all(is_word) {
                identifiers
                    .entry(pattern.as_str().into())
                    .or_insert(super::id32(i));
            } else if !pattern.is_empty() {
                others.push(super::id32(i));
            }
        }
        let others = (!others.is_empty())
            .then(|| {
                // A few short patterns: an NFA builds in a fraction of a DFA's time.
                aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(others.iter().map(|&i| &patterns[i as usize]))
                    .ok()
                    .map(|automaton| (automaton, others))
            })
            .flatten();
        LiteralFinder {
            patterns,
            identifiers,
            others,
        }
    }
}

impl From<LiteralFinder> for Vec<String> {
    fn from(finder: LiteralFinder) -> Vec<String> {
        finder.patterns
    }
}

impl LiteralFinder {
    /// Indices of the patterns found in `text` as whole words, ascending, each once.
    pub fn find(&self, text: &str) -> Vec<u32> {
        let mut found = Vec::new();
        if !self.identifiers.is_empty() {
            let mut run_end = 0;
            // Logs are ASCII: then the runs are found byte by byte, not character by character.
            let ascii = text.is_ascii();
            let bytes = text.as_bytes();
            let is_word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            // Searched again from the end of each run: the `_`s inside it need no search.
            while let Some(offset) = memchr::memchr(b'_', &bytes[run_end..]) {
                let at = run_end + offset;
                let start = if ascii {
                    bytes[..at]
                        .iter()
                        .rposition(|&b| !is_word_byte(b))
                        .map_or(0, |i| i + 1)
                } else {
                    text[..at]
                        .char_indices()
                        .rev()
                        .take_while(|&(_, c)| is_word(c))
                        .last()
                        .map_or(at, |(i, _)| i)
                };
                run_end = if ascii {
                    bytes[at..]
                        .iter()
                        .position(|&b| !is_word_byte(b))
                        .map_or(text.len(), |i| at + i)
                } else {
                    text[at..]
                        .char_indices()
                        .find(|&(_, c)| !is_word(c))
                        .map_or(text.len(), |(i, _)| at + i)
                };
                if let Some(&i) = self.identifiers.get(&text[start..run_end]) {
                    found.push(i);
                }
            }
        }
        if let Some((automaton, indices)) = &self.others {
            found.extend(
                automaton
                    .find_overlapping_iter(text)
                    .filter(|m| {
                        let before = text[..m.start()].chars().next_back();
                        let after = text[m.end()..].chars().next();
                        !before.is_some_and(is_word) && !after.is_some_and(is_word)
                    })
                    .map(|m| indices[m.pattern().as_usize()]),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(patterns: &[&str]) -> LiteralFinder {
        LiteralFinder::from(patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    }

    /// The plain definition: every occurrence, kept when nothing word-like touches it.
    fn naive(patterns: &[&str], text: &str) -> Vec<u32> {
        let mut found = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let hit = !p.is_empty()
                && text.match_indices(p).any(|(at, _)| {
                    !text[..at].chars().next_back().is_some_and(is_word)
                        && !text[at + p.len()..].chars().next().is_some_and(is_word)
                });
            if hit {
                found.push(u32::try_from(i).unwrap());
            }
        }
        found
    }

    const PATTERNS: [&str; 6] = [
        "client_id",
        "invalid_client",
        "invalid_client_credentials",
        "google.api_core",
        "refresh_token",
        "grant_type=refresh_token",
    ];

    #[test]
    fn whole_words_only() {
        let f = finder(&PATTERNS);
        assert_eq!(f.find("error=invalid_client_credentials"), [2]);
        assert_eq!(f.find("my_client_id, client_id"), [0]);
        assert_eq!(f.find("from google.api_core import x"), [3]);
        assert_eq!(f.find("grant_type=refresh_token&x"), [4, 5]);
        assert!(f.find("clientid invalid client ünï_client_id").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn finds_what_the_plain_definition_finds(
            text in "(client|_|id|invalid|credentials|google|\\.|api|core|refresh|token|=|grant|type| |ü|x)*"
        ) {
            proptest::prop_assert_eq!(finder(&PATTERNS).find(&text), naive(&PATTERNS, &text));
        }
    }
}
