//! Which lines are worth diagnosing, decided by one Aho-Corasick pass over the raw bytes.
//!
//! Every pattern comes from the knowledge base, so a new flow is covered without touching
//! Rust: error codes and OAuth identifiers (`AADSTS50011`, `invalid_grant`, `subject_token`),
//! words that occur in the wordings of only a few fixes, and adjacent word pairs of each
//! wording and of each of its sentences (pairs keep common words such as "not found" from
//! firing alone, and the diagnoser itself counts pairs, so an event it would match contains
//! one). A family prefix of the codes (`AADSTS`) is a pattern too, so unknown codes of a
//! known family reach the "unrecognised" group.

use std::collections::{BTreeSet, HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

// `{variable}` and `<placeholder>` spans stand for values that differ in every real log line;
// they are dropped as the diagnoser drops them, so both agree on what a wording says.
use crate::diagnose::strip_placeholders;
use crate::kb::{ErrorCode, KnowledgeBase};

/// Word pairs taken from each wording, and from each of its sentences.
const PAIRS_PER_WORDING: usize = 6;
const PAIRS_PER_CLAUSE: usize = 3;
/// A single word counts as distinctive when at most this share of fixes use it, and it is at
/// least this long.
const RARE_SHARE: f32 = 0.03;
const RARE_MIN_LEN: usize = 8;

/// The patterns, and the subset that marks a text as being about OAuth at all.
#[derive(Debug, Clone)]
pub struct Terms {
    /// Lower-case literal patterns for the prefilter.
    pub patterns: Vec<String>,
    /// Identifiers and code families that only OAuth errors carry (lower case), for telling
    /// "an OAuth error we do not know" from any other error.
    pub oauth_markers: Vec<String>,
    /// Letter prefixes of the error codes the flows use (`aadsts`).
    pub code_families: Vec<String>,
}

/// Every error text of every fix (its `errors` and `variants`), with its `codes`. The one
/// place that reads the flow model, so a change of the flow format touches only this.
fn fix_texts(kb: &KnowledgeBase) -> Vec<(Vec<String>, Vec<ErrorCode>)> {
    kb.fixes()
        .map(|(_, fix)| {
            let texts = fix.wordings().map(str::to_string).collect();
            (texts, fix.codes.clone())
        })
        .collect()
}

/// Lower-case words: letters, digits and underscores (so `invalid_grant` stays one word).
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(|w| w.trim_matches('_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// `invalid_grant`, `aadsts50011`: identifiers no prose contains by accident.
fn is_identifier(word: &str) -> bool {
    let snake = word.contains('_') && word.len() >= 6;
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let code = letters.len() >= 3
        && word.len() - letters.len() >= 3
        && letters.chars().all(|c| c.is_ascii_alphabetic());
    snake || code
}

/// The letter prefix of a code (`aadsts` of `aadsts50011`).
fn code_family(word: &str) -> Option<&str> {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    (letters.len() >= 3 && word.len() - letters.len() >= 3 && !letters.contains('_'))
        .then_some(letters)
}

impl Terms {
    pub fn from_kb(kb: &KnowledgeBase) -> Terms {
        let fixes = fix_texts(kb);
        let mut document_frequency: HashMap<String, usize> = HashMap::new();
        for (texts, _) in &fixes {
            let distinct: HashSet<String> = texts
                .iter()
                .flat_map(|t| words(&strip_placeholders(t)))
                .collect();
            for w in distinct {
                *document_frequency.entry(w).or_default() += 1;
            }
        }
        let df = |w: &str| document_frequency.get(w).copied().unwrap_or(0);
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a share of the fix count; float casts saturate"
        )]
        let rare_limit = ((fixes.len() as f32 * RARE_SHARE).ceil() as usize).max(2);

        let mut patterns: BTreeSet<String> = BTreeSet::new();
        let mut markers: BTreeSet<String> = BTreeSet::new();
        let mut families: BTreeSet<String> = BTreeSet::new();
        for (texts, codes) in &fixes {
            for text in texts {
                let stripped = strip_placeholders(text);
                let clauses = stripped.split(['.', ':', '?', '!', ';']);
                for (i, part) in std::iter::once(stripped.as_str())
                    .chain(clauses)
                    .enumerate()
                {
                    let ws = words(part);
                    let mut distinctive = false;
                    for w in &ws {
                        if is_identifier(w) {
                            distinctive = true;
                            patterns.insert(w.clone());
                            markers.insert(w.clone());
                            if let Some(family) = code_family(w) {
                                families.insert(family.to_string());
                                patterns.insert(family.to_string());
                                markers.insert(family.to_string());
                            }
                        } else if w.len() >= RARE_MIN_LEN
                            && df(w) <= rare_limit
                            && !w.chars().any(|c| c.is_ascii_digit())
                        {
                            distinctive = true;
                            patterns.insert(w.clone());
                        }
                    }
                    // Rarest pairs first: they say most about which error this is.
                    // Ordered by the commoner word of the pair: "posit connect" is rare as a
                    // pair but says nothing, because "connect" is everywhere.
                    let mut pairs: Vec<(usize, usize, String, String)> = ws
                        .windows(2)
                        .filter(|p| p[0].len() + p[1].len() >= 7 && p[0].len().max(p[1].len()) >= 4)
                        .map(|p| {
                            let (a, b) = (df(&p[0]), df(&p[1]));
                            (a.max(b), a + b, p[0].clone(), p[1].clone())
                        })
                        .collect();
                    pairs.sort();
                    pairs.dedup();
                    // A wording with a distinctive word needs pairs only as a second chance.
                    let take = match (i == 0, distinctive) {
                        (true, false) => PAIRS_PER_WORDING,
                        (false, false) => PAIRS_PER_CLAUSE,
                        (true, true) => 2,
                        (false, true) => 1,
                    };
                    for (_, _, a, b) in pairs.into_iter().take(take) {
                        // As written in prose, and as a query string or form body writes it.
                        patterns.insert(format!("{a} {b}"));
                        patterns.insert(format!("{a}+{b}"));
                    }
                }
            }
            for code in codes {
                // `connect:219` is printed "Connect API Error 219"; `AADSTS50079` as it is.
                match code {
                    ErrorCode::Connect(number) => {
                        patterns.insert(format!("error {number}"));
                    }
                    ErrorCode::Family { prefix, .. } => {
                        let family = prefix.to_lowercase();
                        families.insert(family.clone());
                        patterns.insert(family.clone());
                        markers.insert(family);
                        patterns.insert(code.to_string().to_lowercase());
                    }
                }
            }
        }
        // "OAuth" itself marks OAuth text when the flows use the word (they do: `__oauth__`,
        // "No OAuth session found"); taken from them rather than assumed.
        if document_frequency.contains_key("oauth") {
            patterns.insert("oauth".to_string());
            markers.insert("oauth".to_string());
        }
        Terms {
            patterns: patterns.into_iter().collect(),
            oauth_markers: markers.into_iter().collect(),
            code_families: families.into_iter().collect(),
        }
    }

    /// A case-insensitive automaton over `words` that reports every occurrence, overlapping
    /// ones included (an unknown `AADSTS` code right after another family's letters is still
    /// found).
    pub fn words_automaton<W: AsRef<[u8]>>(words: impl IntoIterator<Item = W>) -> AhoCorasick {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .expect("literal patterns always build")
    }

    /// The case-insensitive automaton over [`Terms::patterns`].
    pub fn automaton(&self) -> AhoCorasick {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self.patterns)
            .or_else(|_| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&self.patterns)
            })
            .expect("literal patterns always build")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Terms {
        Terms::from_kb(&crate::kb::builtin().expect("built-in flows"))
    }

    #[test]
    fn patterns_come_from_the_flows() {
        let t = terms();
        for expected in [
            "aadsts",
            "aadsts50011",
            "invalid_grant",
            "subject_token",
            "oauth",
        ] {
            assert!(
                t.patterns.iter().any(|p| p == expected),
                "{expected} missing"
            );
        }
        assert!(t.oauth_markers.iter().any(|p| p == "aadsts"));
        // No lone common word: it would send half of every log to the diagnoser.
        for generic in ["error", "token", "invalid", "request", "connect", "not"] {
            assert!(
                !t.patterns.iter().any(|p| p == generic),
                "{generic} is a pattern"
            );
        }
    }

    #[test]
    fn every_known_error_text_passes_the_prefilter() {
        let kb = crate::kb::builtin().expect("built-in flows");
        let ac = terms().automaton();
        for (_, fix) in kb.fixes() {
            for error in &fix.errors {
                let text = strip_placeholders(error.raw());
                assert!(ac.is_match(&text), "{}: {text}", fix.id);
            }
        }
    }

    #[test]
    fn ordinary_log_lines_do_not() {
        let t = terms();
        let ac = t.automaton();
        for line in [
            r#"time="2025-11-06T13:05:18.626Z" level=info msg="Starting Posit Connect v2025.09.0""#,
            r#"time="2025-11-06T13:05:18.790Z" level=info msg="Starting HTTP server on [::]:3939""#,
            "2019/01/10 22:25:07 Using HTTP access log: /var/log/rstudio-connect.access.log",
            "2023/09/12 12:13:44.541642353 [rsc-session] Job Key: l6FJXo5Ip5C4jyDf",
        ] {
            let found = ac
                .find(line)
                .map(|m| t.patterns[m.pattern().as_usize()].clone());
            assert_eq!(found, None, "{line}");
        }
    }
}
