//! Which lines are worth diagnosing, decided by one Aho-Corasick pass over the raw bytes.
//!
//! Every pattern comes from the knowledge base, so a new flow is covered without touching
//! Rust: error codes and OAuth identifiers (`AADSTS50011`, `invalid_grant`, `subject_token`),
//! words that occur in the wordings of only a few fixes, and adjacent word pairs of each
//! wording and of each of its sentences (pairs keep common words such as "not found" from
//! firing alone, and the diagnoser itself counts pairs, so an event it would match contains
//! one). A family prefix of the codes (`AADSTS`) is a pattern too, so unknown codes of a
//! known family reach the "unrecognised" group.
//!
//! A word pair is weaker evidence than the rest: "content item" is a phrase of one error text
//! and of many routine messages. So a pair that an error text has beside other patterns
//! makes a line a candidate only with a second, different pair ([`Weight`], [`Hits`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

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

/// What finding one pattern says about a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Enough by itself: a code or its family, an OAuth identifier, a word few fixes use, or a
    /// word pair that is all some error text (or sentence of one) has.
    Alone,
    /// A word pair some error text has beside other patterns: it counts once a second,
    /// different pair is found with it. Both spellings of a pair ("a b", "a+b") share the
    /// number.
    Pair(u32),
}

/// The patterns found in a line or an event, as far as they decide whether to diagnose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hits {
    alone: bool,
    pair: Option<u32>,
    pairs: bool,
}

impl Hits {
    /// Nothing found.
    pub const NONE: Hits = Hits {
        alone: false,
        pair: None,
        pairs: false,
    };
    /// Enough found (a reader without a prefilter hands on every line).
    pub const ENOUGH: Hits = Hits {
        alone: true,
        pair: None,
        pairs: false,
    };

    pub fn add(&mut self, weight: Weight) {
        match weight {
            Weight::Alone => self.alone = true,
            Weight::Pair(pair) => match self.pair {
                None => self.pair = Some(pair),
                Some(seen) if seen != pair => self.pairs = true,
                Some(_) => {}
            },
        }
    }

    pub fn merge(&mut self, other: Hits) {
        self.alone |= other.alone;
        self.pairs |= other.pairs;
        if let Some(pair) = other.pair {
            self.add(Weight::Pair(pair));
        }
    }

    /// Whether what was found makes the text worth diagnosing.
    pub fn enough(self) -> bool {
        self.alone || self.pairs
    }
}

/// The prefilter: one automaton over every pattern, and what each pattern weighs.
#[derive(Debug, Clone)]
pub struct Prefilter {
    automaton: AhoCorasick,
    weights: Arc<[Weight]>,
}

impl Prefilter {
    /// A prefilter over literal patterns (lower case, matched ignoring ASCII case): one DFA
    /// when it fits in memory.
    pub fn new<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = (P, Weight)>) -> Prefilter {
        let (patterns, weights): (Vec<P>, Vec<Weight>) = patterns.into_iter().unzip();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .or_else(|_| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(&patterns)
            })
            .expect("literal patterns always build");
        Prefilter {
            automaton,
            weights: weights.into(),
        }
    }

    /// Every pattern occurrence in `haystack`, overlapping ones included (a pair may overlap
    /// an identifier), as (start offset, weight).
    pub fn find<'h>(&'h self, haystack: &'h [u8]) -> impl Iterator<Item = (usize, Weight)> + 'h {
        self.automaton
            .find_overlapping_iter(haystack)
            .map(|m| (m.start(), self.weight(m.pattern().as_usize())))
    }

    /// What `text` holds.
    pub fn hits(&self, text: &str) -> Hits {
        let mut hits = Hits::NONE;
        for (_, weight) in self.find(text.as_bytes()) {
            hits.add(weight);
            if hits.enough() {
                break;
            }
        }
        hits
    }

    /// The automaton alone: for finding where any pattern is.
    pub fn automaton(&self) -> &AhoCorasick {
        &self.automaton
    }

    fn weight(&self, pattern: usize) -> Weight {
        self.weights.get(pattern).copied().unwrap_or(Weight::Alone)
    }
}

/// The patterns, and the subset that marks a text as being about OAuth at all.
#[derive(Debug, Clone)]
pub struct Terms {
    /// Lower-case literal patterns for the prefilter.
    pub patterns: Vec<String>,
    /// What each of [`Terms::patterns`] weighs.
    pub weights: Vec<Weight>,
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

/// Records a pattern; one that is enough alone in any wording is enough alone.
fn record(patterns: &mut BTreeMap<String, Weight>, pattern: String, weight: Weight) {
    let slot = patterns.entry(pattern).or_insert(weight);
    if weight == Weight::Alone {
        *slot = Weight::Alone;
    }
}

fn alone(patterns: &mut BTreeMap<String, Weight>, pattern: String) {
    record(patterns, pattern, Weight::Alone);
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

        let mut patterns: BTreeMap<String, Weight> = BTreeMap::new();
        let mut pair_numbers: HashMap<String, u32> = HashMap::new();
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
                            alone(&mut patterns, w.clone());
                            markers.insert(w.clone());
                            if let Some(family) = code_family(w) {
                                families.insert(family.to_string());
                                alone(&mut patterns, family.to_string());
                                markers.insert(family.to_string());
                            }
                        } else if w.len() >= RARE_MIN_LEN
                            && df(w) <= rare_limit
                            && !w.chars().any(|c| c.is_ascii_digit())
                        {
                            distinctive = true;
                            alone(&mut patterns, w.clone());
                        }
                    }
                    // Rarest pairs first: they say most about which error this is.
                    // Ordered by the commoner word of the pair: "posit connect" is rare as a
                    // pair but says nothing, because "connect" is everywhere.
                    let mut pairs: Vec<(usize, usize, String, String)> = ws
                        .windows(2)
                        // Not the `s` of "Google's": "google s" is in any "google search".
                        .filter(|p| p[0].len().min(p[1].len()) >= 2)
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
                    pairs.truncate(take);
                    // A pair that is all this text has must be enough alone, or the text
                    // would never get through.
                    let only_evidence = !distinctive && pairs.len() == 1;
                    for (_, _, a, b) in pairs {
                        let prose = format!("{a} {b}");
                        let next = u32::try_from(pair_numbers.len()).unwrap_or(u32::MAX);
                        let number = *pair_numbers.entry(prose.clone()).or_insert(next);
                        let weight = if only_evidence {
                            Weight::Alone
                        } else {
                            Weight::Pair(number)
                        };
                        // As written in prose, and as a query string or form body writes it.
                        for pattern in [prose, format!("{a}+{b}")] {
                            record(&mut patterns, pattern, weight);
                        }
                    }
                }
            }
            for code in codes {
                // `connect:219` is printed "Connect API Error 219"; `AADSTS50079` as it is.
                match code {
                    ErrorCode::Connect(number) => {
                        alone(&mut patterns, format!("error {number}"));
                    }
                    ErrorCode::Family { prefix, .. } => {
                        let family = prefix.to_lowercase();
                        families.insert(family.clone());
                        alone(&mut patterns, family.clone());
                        markers.insert(family);
                        alone(&mut patterns, code.to_string().to_lowercase());
                    }
                }
            }
        }
        // "OAuth" itself marks OAuth text when the flows use the word (they do: `__oauth__`,
        // "No OAuth session found"); taken from them rather than assumed.
        if document_frequency.contains_key("oauth") {
            alone(&mut patterns, "oauth".to_string());
            markers.insert("oauth".to_string());
        }
        let (patterns, weights) = patterns.into_iter().unzip();
        Terms {
            patterns,
            weights,
            oauth_markers: markers.into_iter().collect(),
            code_families: families.into_iter().collect(),
        }
    }

    /// Adds a pattern that is enough alone (the scanner's own, such as a job log's content
    /// announcement).
    pub fn push_alone(&mut self, pattern: &str) {
        self.patterns.push(pattern.to_string());
        self.weights.push(Weight::Alone);
    }

    /// The prefilter over [`Terms::patterns`].
    pub fn prefilter(&self) -> Prefilter {
        Prefilter::new(self.patterns.iter().zip(self.weights.iter().copied()))
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
        let prefilter = terms().prefilter();
        for (_, fix) in kb.fixes() {
            for text in fix.wordings() {
                let text = strip_placeholders(text);
                assert!(prefilter.hits(&text).enough(), "{}: {text}", fix.id);
            }
        }
    }

    #[test]
    fn a_common_phrase_of_a_longer_error_text_is_not_enough_alone() {
        let t = terms();
        let weight = |p: &str| {
            let at = t.patterns.iter().position(|q| q == p);
            at.map(|i| t.weights[i])
        };
        assert_eq!(weight("aadsts"), Some(Weight::Alone));
        assert_eq!(weight("invalid_grant"), Some(Weight::Alone));
        // From "No OAuth integrations have been associated with this content item."
        assert!(matches!(weight("content item"), Some(Weight::Pair(_))));
        assert_eq!(weight("content item"), weight("content+item"));
        let prefilter = t.prefilter();
        let routine =
            r#"time="2024-12-06T10:00:01Z" level=info msg="Job 1a started for content item""#;
        assert!(!prefilter.hits(routine).enough());
        assert!(
            prefilter
                .hits("No OAuth integrations have been associated with this content item.")
                .enough()
        );
    }

    #[test]
    fn ordinary_log_lines_do_not() {
        let t = terms();
        let prefilter = t.prefilter();
        let ac = prefilter.automaton();
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
