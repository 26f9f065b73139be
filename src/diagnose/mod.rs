//! Pasted error text → ranked fixes, or nothing when the tool does not know the error.
//!
//! The score of a fix combines three kinds of evidence, all taken from the flows:
//!
//! 1. **Error codes** (`AADSTS50011`, Connect API `215`). A code names an error exactly, so a
//!    shared code is strong evidence, and a *different* code of the same family rules a fix out:
//!    AADSTS500011 must never be read as AADSTS50011.
//! 2. **Wording.** Each known text of the error (and each of its sentences, since people quote
//!    only part) is compared with the paste by weighted token and token-pair overlap. Weights
//!    are inverse document frequencies over the knowledge base, so words every error shares
//!    ("invalid", "the") count little and distinctive ones ("subject", "reply") count a lot.
//!    Token pairs keep word order meaningful; unknown tokens one typo away from a known word are
//!    read as that word.
//! 3. **Clues**: words that tell siblings apart (a refresh grant vs a login code).
//!
//! A fix is reported only above [`THRESHOLD`], so an unknown error gets no match rather than a
//! wrong one.

mod normalize;

use std::collections::{HashMap, HashSet};

use crate::kb::{FixIdx, KnowledgeBase};

pub use normalize::normalize;

/// Scores below this are not reported: the tool says it does not know the error instead.
pub const THRESHOLD: f32 = 0.5;
/// Matches further than this below the best one are dropped as noise.
const MAX_GAP_FROM_BEST: f32 = 0.3;
/// A wording carrying this much weight (about two rare words) proves its error when fully
/// present; lighter ones count in proportion.
const STRONG_PHRASE_WEIGHT: f32 = 7.0;
/// A quoted run of this much weight (about three rare words in their order) is as good as the
/// whole wording: people often paste only the start of an error.
const RUN_FULL_WEIGHT: f32 = 12.0;
/// Weight of a wording detailed enough that nothing longer would add confidence.
const DETAILED_WEIGHT: f32 = 24.0;
/// At most this much is added for detail; enough to order two full matches of different length.
const DETAIL_BONUS: f32 = 0.04;
/// Fewest words in a row that count as quoting a wording.
const MIN_RUN_WORDS: usize = 3;
/// What each clue found next to the error adds; enough to order siblings that share a wording.
const CLUE_BONUS: f32 = 0.06;
/// Typo tolerance costs a hash probe per character of every unknown word; long pastes are
/// machine output, not retyped text, so they skip it.
const TYPO_TOLERANCE_MAX_BYTES: usize = 32 * 1024;
/// A sentence must carry at least this much weight to count on its own ("Bad Request" does not).
const MIN_CLAUSE_WEIGHT: f32 = 4.0;

/// One ranked result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub fix: FixIdx,
    /// 0..=1; only matches at or above [`THRESHOLD`] are returned.
    pub score: f32,
}

type TokenId = u32;

/// An error code in a normalised family: `aadsts:50011`, `connect:215`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Code {
    family: &'static str,
    number: u32,
}

/// One wording of an error, as token ids.
#[derive(Debug)]
struct Phrase {
    /// Distinct tokens with their weight.
    tokens: Vec<(TokenId, f32)>,
    token_weight: f32,
    /// Adjacent token pairs with the weight of the pair.
    pairs: Vec<((TokenId, TokenId), f32)>,
    pair_weight: f32,
    /// How much a full match of this wording proves: short, common wordings ("invalid_client",
    /// "bad_refresh_token") are shared by many providers and cannot name one alone.
    strength: f32,
}

#[derive(Debug)]
struct Entry {
    fix: FixIdx,
    wordings: Vec<Phrase>,
    clauses: Vec<Phrase>,
    clues: Vec<Vec<TokenId>>,
    codes: Vec<Code>,
}

/// The scorer, built once per knowledge base.
#[derive(Debug)]
pub struct Diagnoser {
    entries: Vec<Entry>,
    vocab: HashMap<String, TokenId>,
    /// Weight of each token id (inverse document frequency).
    weights: Vec<f32>,
    /// Adjacent token pair → the (entry, wording) pairs that contain it, for finding quoted runs.
    pair_index: HashMap<(TokenId, TokenId), Vec<(u32, u32)>>,
    /// Every one-character deletion of every vocabulary word of 5+ letters → the words.
    deletions: HashMap<String, Vec<TokenId>>,
}

/// Words so common in any sentence, or in any HTTP error, that they say nothing about which
/// error this is: they count a tenth of a normal word.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "is",
    "it",
    "of",
    "on",
    "or",
    "the",
    "this",
    "to",
    "with",
    "your",
    "you",
    "that",
    "not",
    "before",
    "when",
    "bad",
    "request",
    "error",
    "http",
    "https",
    "response",
    "status",
    "400",
    "401",
    "403",
    "500",
    "failed",
    "exception",
];
/// A sentence counts on its own only with this many distinct words outside [`STOPWORDS`]: one
/// or two words ("unauthorized_client") are shared by too many errors.
const MIN_CLAUSE_WORDS: usize = 3;

impl Diagnoser {
    pub fn new(kb: &KnowledgeBase) -> Diagnoser {
        let mut vocab: HashMap<String, TokenId> = HashMap::new();
        let mut intern = |word: &str| -> TokenId {
            let next = vocab.len() as TokenId;
            *vocab.entry(word.to_string()).or_insert(next)
        };

        // First pass: token ids per fix, to compute document frequencies.
        struct Draft {
            fix: FixIdx,
            wordings: Vec<Vec<TokenId>>,
            clauses: Vec<Vec<TokenId>>,
            clues: Vec<Vec<TokenId>>,
            codes: Vec<Code>,
        }
        let mut drafts = Vec::new();
        for (idx, fix) in kb.fixes() {
            let texts: Vec<String> = fix
                .errors
                .iter()
                .map(|e| e.raw().to_string())
                .chain(fix.variants.iter().cloned())
                .collect();
            let mut codes: Vec<Code> = Vec::new();
            let mut wordings = Vec::new();
            let mut clauses = Vec::new();
            for text in &texts {
                let stripped = normalize::strip_placeholders(text);
                let norm = normalize(&stripped);
                let ids: Vec<TokenId> = normalize::tokens(&norm).map(&mut intern).collect();
                codes.extend(codes_in(&norm));
                wordings.push(ids);
                for clause in split_clauses(&norm) {
                    let ids: Vec<TokenId> = normalize::tokens(clause).map(&mut intern).collect();
                    if ids.len() >= 2 {
                        clauses.push(ids);
                    }
                }
            }
            codes.extend(fix.codes.iter().filter_map(|c| parse_code(c)));
            codes.sort_by_key(|c| (c.family, c.number));
            codes.dedup();
            let clues = fix
                .clues
                .iter()
                .map(|c| {
                    normalize::tokens(&normalize(c))
                        .map(&mut intern)
                        .collect::<Vec<_>>()
                })
                .filter(|c: &Vec<TokenId>| !c.is_empty())
                .collect();
            drafts.push(Draft {
                fix: idx,
                wordings,
                clauses,
                clues,
                codes,
            });
        }

        let mut document_frequency: HashMap<TokenId, usize> = HashMap::new();
        for draft in &drafts {
            let distinct: HashSet<TokenId> = draft.wordings.iter().flatten().copied().collect();
            for id in distinct {
                *document_frequency.entry(id).or_default() += 1;
            }
        }
        let fix_count = drafts.len().max(1) as f32;
        let mut by_id: Vec<&str> = vec![""; vocab.len()];
        for (word, &id) in &vocab {
            by_id[id as usize] = word;
        }
        let weight = |id: TokenId| -> f32 {
            let df = document_frequency.get(&id).copied().unwrap_or(1) as f32;
            let idf = (1.0 + fix_count / df).ln();
            if STOPWORDS.contains(&by_id[id as usize]) {
                idf * 0.1
            } else {
                idf
            }
        };

        let entries: Vec<Entry> = drafts
            .into_iter()
            .map(|d| Entry {
                fix: d.fix,
                wordings: d.wordings.iter().map(|w| phrase(w, &weight)).collect(),
                clauses: d
                    .clauses
                    .iter()
                    .filter(|c| {
                        let words: HashSet<&TokenId> = c
                            .iter()
                            .filter(|t| !STOPWORDS.contains(&by_id[**t as usize]))
                            .collect();
                        words.len() >= MIN_CLAUSE_WORDS
                    })
                    .map(|c| phrase(c, &weight))
                    .filter(|p| p.token_weight >= MIN_CLAUSE_WEIGHT)
                    .collect(),
                clues: d.clues,
                codes: d.codes,
            })
            .collect();

        let mut deletions: HashMap<String, Vec<TokenId>> = HashMap::new();
        for (word, &id) in &vocab {
            if word.chars().count() >= 5 {
                for variant in one_deletion_variants(word) {
                    deletions.entry(variant).or_default().push(id);
                }
            }
        }
        let weights = (0..vocab.len() as TokenId).map(weight).collect();
        let mut pair_index: HashMap<(TokenId, TokenId), Vec<(u32, u32)>> = HashMap::new();
        for (e, entry) in entries.iter().enumerate() {
            for (w, wording) in entry.wordings.iter().enumerate() {
                for (pair, _) in &wording.pairs {
                    pair_index
                        .entry(*pair)
                        .or_default()
                        .push((e as u32, w as u32));
                }
            }
        }
        Diagnoser {
            entries,
            vocab,
            weights,
            pair_index,
            deletions,
        }
    }

    /// Ranked matches for `text`, best first; empty when nothing is known well enough.
    pub fn diagnose(&self, text: &str) -> Vec<Match> {
        let evidence = self.evidence(text);
        let mut scored: Vec<Match> = self
            .entries
            .iter()
            .enumerate()
            .map(|(e, entry)| Match {
                fix: entry.fix,
                score: self.breakdown(e, entry, &evidence).score(),
            })
            .filter(|m| m.score >= THRESHOLD)
            .collect();
        scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.fix.cmp(&b.fix)));
        if let Some(best) = scored.first().map(|m| m.score) {
            scored.retain(|m| m.score >= best - MAX_GAP_FROM_BEST);
        }
        // Clues and detail may lift the best past 1; scale so the best reads at most 1 while the
        // gaps between candidates stay visible.
        let scale = scored.first().map_or(1.0, |m| m.score.max(1.0));
        for m in &mut scored {
            m.score /= scale;
        }
        scored
    }

    fn evidence(&self, text: &str) -> Evidence {
        let norm = normalize(text);
        let fuzzy = text.len() <= TYPO_TOLERANCE_MAX_BYTES;
        let mut typo_cache: HashMap<&str, Option<TokenId>> = HashMap::new();
        let mut tokens = HashSet::new();
        let mut pairs = HashSet::new();
        let mut previous: Option<TokenId> = None;
        // Quoted runs: for each wording, the weight of the longest stretch of the paste whose
        // adjacent words are adjacent in that wording too.
        let mut runs: HashMap<(u32, u32), Run> = HashMap::new();
        let mut best_runs: HashMap<(u32, u32), f32> = HashMap::new();
        for (position, word) in normalize::tokens(&norm).enumerate() {
            let id = match self.vocab.get(word) {
                Some(&id) => Some(id),
                None if fuzzy => *typo_cache
                    .entry(word)
                    .or_insert_with(|| self.correct_typo(word)),
                None => None,
            };
            if let Some(id) = id {
                tokens.insert(id);
                if let Some(prev) = previous {
                    pairs.insert((prev, id));
                    for &key in self.pair_index.get(&(prev, id)).into_iter().flatten() {
                        let run = runs.entry(key).or_insert(Run {
                            end: usize::MAX,
                            weight: 0.0,
                            words: 0,
                        });
                        if run.end == position - 1 {
                            run.weight += self.weights[id as usize];
                            run.words += 1;
                        } else {
                            run.weight = self.weights[prev as usize] + self.weights[id as usize];
                            run.words = 2;
                        }
                        run.end = position;
                        // Two words in a row ("oauth integrations") turn up in URLs and
                        // unrelated messages; a quote needs three.
                        if run.words >= MIN_RUN_WORDS {
                            let best = best_runs.entry(key).or_insert(0.0);
                            *best = best.max(run.weight);
                        }
                    }
                }
            }
            previous = id;
        }
        Evidence {
            tokens,
            pairs,
            runs: best_runs,
            codes: codes_in(&norm).collect(),
        }
    }

    /// A known word one edit (insert, delete, substitute, swap) away, when exactly one exists.
    fn correct_typo(&self, word: &str) -> Option<TokenId> {
        let len = word.chars().count();
        if !(5..=24).contains(&len) || word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut candidates: Vec<TokenId> = Vec::new();
        if let Some(ids) = self.deletions.get(word) {
            candidates.extend(ids); // the word lost a letter
        }
        for variant in one_deletion_variants(word) {
            if let Some(&id) = self.vocab.get(&variant) {
                candidates.push(id); // the word gained a letter
            }
            if let Some(ids) = self.deletions.get(&variant) {
                candidates.extend(ids); // a letter was replaced or two were swapped
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        match candidates.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// The evidence for one fix, before it is turned into a score.
    fn breakdown(&self, entry_index: usize, entry: &Entry, evidence: &Evidence) -> Breakdown {
        let mut code = CodeMatch::None;
        for family in ["aadsts", "connect"] {
            let ours: Vec<&Code> = entry.codes.iter().filter(|c| c.family == family).collect();
            let theirs: Vec<&Code> = evidence
                .codes
                .iter()
                .filter(|c| c.family == family)
                .collect();
            if ours.is_empty() || theirs.is_empty() {
                continue;
            }
            if ours.iter().any(|c| theirs.contains(c)) {
                code = CodeMatch::Same;
            } else {
                // The paste names a different error of the same family.
                code = CodeMatch::Different;
                break;
            }
        }
        let wording = entry
            .wordings
            .iter()
            .map(|p| coverage(p, evidence))
            .fold(0.0, f32::max);
        let clause = entry
            .clauses
            .iter()
            .map(|p| coverage(p, evidence))
            .fold(0.0, f32::max);
        let matched_weight = entry
            .wordings
            .iter()
            .map(|p| present_weight(p, evidence))
            .fold(0.0, f32::max);
        let best_run = (0..entry.wordings.len() as u32)
            .filter_map(|w| evidence.runs.get(&(entry_index as u32, w)))
            .fold(0.0, |best: f32, &run| best.max(run));
        let clues = entry
            .clues
            .iter()
            .filter(|clue| {
                clue.iter().all(|t| evidence.tokens.contains(t))
                    && clue
                        .windows(2)
                        .all(|w| evidence.pairs.contains(&(w[0], w[1])))
            })
            .count();
        Breakdown {
            code,
            wording,
            clause,
            quoted: (best_run / RUN_FULL_WEIGHT).min(1.0),
            detail: (matched_weight / DETAILED_WEIGHT).min(1.0),
            // An AADSTS code marks the paste as an Entra ID error; a fix that knows no AADSTS
            // code is about something else, however many words they share.
            foreign_entra_error: evidence.codes.iter().any(|c| c.family == "aadsts")
                && !entry.codes.iter().any(|c| c.family == "aadsts"),
            clues,
        }
    }

    /// Every fix with its evidence, best first, including those below the threshold: for flow
    /// authors checking why a paste matched (`diagnose --explain`).
    pub fn explain(&self, text: &str) -> Vec<(FixIdx, Breakdown)> {
        let evidence = self.evidence(text);
        let mut all: Vec<(FixIdx, Breakdown)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(e, entry)| (entry.fix, self.breakdown(e, entry, &evidence)))
            .collect();
        all.sort_by(|a, b| b.1.score().total_cmp(&a.1.score()).then(a.0.cmp(&b.0)));
        all
    }
}

/// Whether the paste and the fix name error codes of the same family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeMatch {
    /// No family in common.
    None,
    /// A code of the paste is one of the fix's.
    Same,
    /// The paste names another code of a family the fix has: a different error.
    Different,
}

/// The evidence for one fix, each part in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breakdown {
    pub code: CodeMatch,
    /// Best coverage of a whole known wording.
    pub wording: f32,
    /// Best coverage of one sentence of a wording.
    pub clause: f32,
    /// Longest stretch of a wording quoted word for word, relative to [`RUN_FULL_WEIGHT`].
    pub quoted: f32,
    pub foreign_entra_error: bool,
    /// How much of the fix's longest known wording the paste carries, relative to
    /// [`DETAILED_WEIGHT`]: of two fully matched wordings, the longer one explains more.
    pub detail: f32,
    /// How many of the fix's clues are in the paste.
    pub clues: usize,
}

impl Breakdown {
    /// Unbounded score (clues may lift it past 1); `diagnose` clamps it for display.
    pub fn score(&self) -> f32 {
        if self.code == CodeMatch::Different {
            return 0.0;
        }
        let mut wording = self
            .wording
            .max(0.8 * self.clause + 0.2 * self.wording)
            .max(0.9 * self.quoted);
        if self.foreign_entra_error {
            wording *= 0.6;
        }
        let code_hit = self.code == CodeMatch::Same;
        let mut score = if code_hit {
            0.75 + 0.25 * wording
        } else {
            wording
        };
        if code_hit || wording >= 0.3 {
            score += CLUE_BONUS * self.clues.min(3) as f32 + DETAIL_BONUS * self.detail;
        }
        score
    }
}

/// A stretch of the paste quoting one wording, as it is being scanned.
struct Run {
    /// Position of its last word in the paste.
    end: usize,
    weight: f32,
    words: usize,
}

/// What a paste contains, in the vocabulary of the knowledge base.
struct Evidence {
    tokens: HashSet<TokenId>,
    pairs: HashSet<(TokenId, TokenId)>,
    /// (entry, wording) → weight of the longest run of that wording quoted in the paste.
    runs: HashMap<(u32, u32), f32>,
    codes: Vec<Code>,
}

/// Total weight of a phrase's tokens present in the paste.
fn present_weight(phrase: &Phrase, evidence: &Evidence) -> f32 {
    phrase
        .tokens
        .iter()
        .filter(|(t, _)| evidence.tokens.contains(t))
        .map(|(_, w)| w)
        .sum()
}

/// Weighted share of a phrase's tokens and token pairs present in the paste.
fn coverage(phrase: &Phrase, evidence: &Evidence) -> f32 {
    if phrase.token_weight == 0.0 {
        return 0.0;
    }
    let tokens: f32 = phrase
        .tokens
        .iter()
        .filter(|(t, _)| evidence.tokens.contains(t))
        .map(|(_, w)| w)
        .sum();
    let token_share = tokens / phrase.token_weight;
    if phrase.pair_weight == 0.0 {
        return phrase.strength * token_share;
    }
    let pairs: f32 = phrase
        .pairs
        .iter()
        .filter(|(p, _)| evidence.pairs.contains(p))
        .map(|(_, w)| w)
        .sum();
    phrase.strength * (0.5 * token_share + 0.5 * (pairs / phrase.pair_weight))
}

fn phrase(ids: &[TokenId], weight: &impl Fn(TokenId) -> f32) -> Phrase {
    let mut seen = HashSet::new();
    let tokens: Vec<(TokenId, f32)> = ids
        .iter()
        .filter(|t| seen.insert(**t))
        .map(|&t| (t, weight(t)))
        .collect();
    let mut seen_pairs = HashSet::new();
    let pairs: Vec<((TokenId, TokenId), f32)> = ids
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|p| seen_pairs.insert(*p))
        .map(|(a, b)| ((a, b), (weight(a) + weight(b)) / 2.0))
        .collect();
    let token_weight: f32 = tokens.iter().map(|(_, w)| w).sum();
    Phrase {
        strength: (token_weight / STRONG_PHRASE_WEIGHT).min(1.0),
        token_weight,
        pair_weight: pairs.iter().map(|(_, w)| w).sum(),
        tokens,
        pairs,
    }
}

/// Sentences and colon-separated parts of an error text: people often quote only one.
fn split_clauses(norm: &str) -> impl Iterator<Item = &str> {
    norm.split(['.', ':', '?', '!', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Error codes named in normalised text. AADSTS codes stand alone (`aadsts50011`). Connect API
/// codes are three-digit numbers after "error" or "code" (`Error 215`, `"error_code": 212`,
/// `code : int 215`); 400–599 are HTTP statuses, not Connect codes.
fn codes_in(norm: &str) -> impl Iterator<Item = Code> + '_ {
    let words: Vec<&str> = normalize::tokens(norm).collect();
    let mut codes = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if let Some(number) = word.strip_prefix("aadsts").and_then(|n| n.parse().ok()) {
            codes.push(Code {
                family: "aadsts",
                number,
            });
            continue;
        }
        if word.len() == 3 && word.bytes().all(|b| b.is_ascii_digit()) {
            let number: u32 = word.parse().unwrap_or(0);
            let keyword_before = words[i.saturating_sub(3)..i]
                .iter()
                .any(|w| *w == "error" || *w == "code");
            if (100..400).contains(&number) && keyword_before {
                codes.push(Code {
                    family: "connect",
                    number,
                });
            }
        }
    }
    codes.into_iter()
}

/// `AADSTS50011` or `connect:215` as written in a flow's `codes`.
fn parse_code(code: &str) -> Option<Code> {
    if let Some(n) = code.strip_prefix("AADSTS") {
        return n.parse().ok().map(|number| Code {
            family: "aadsts",
            number,
        });
    }
    code.strip_prefix("connect:")
        .and_then(|n| n.parse().ok())
        .map(|number| Code {
            family: "connect",
            number,
        })
}

fn one_deletion_variants(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut variant = String::with_capacity(word.len());
        variant.push_str(&word[..i]);
        variant.push_str(&word[i + c.len_utf8()..]);
        variant
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnose(text: &str) -> Vec<String> {
        let kb = crate::kb::builtin().expect("built-in flows load");
        Diagnoser::new(&kb)
            .diagnose(text)
            .iter()
            .map(|m| kb.fix(m.fix).id.clone())
            .collect()
    }

    #[test]
    fn codes_are_read_from_their_usual_contexts() {
        let found: Vec<Code> = codes_in(&normalize(
            "Error 215 and \"error_code\": 212, HTTP ERROR 400, AADSTS50011: x",
        ))
        .collect();
        assert_eq!(
            found,
            vec![
                Code {
                    family: "connect",
                    number: 215
                },
                Code {
                    family: "connect",
                    number: 212
                },
                Code {
                    family: "aadsts",
                    number: 50011
                },
            ]
        );
    }

    #[test]
    fn a_neighbouring_code_is_not_confused() {
        assert!(
            !diagnose("AADSTS500011: The resource principal named x was not found")
                .contains(&"azure/redirect-uri-mismatch".to_string())
        );
        assert_eq!(
            diagnose("AADSTS50011: whatever the wording")[0],
            "azure/redirect-uri-mismatch"
        );
    }

    #[test]
    fn typos_are_tolerated() {
        assert_eq!(
            diagnose("No refersh token found in respnse. Are you mising the offline_acess scope?")
                [0],
            "general/no-refresh-token"
        );
    }

    #[test]
    fn unrelated_text_matches_nothing() {
        assert!(diagnose("ModuleNotFoundError: No module named 'pandas'").is_empty());
        assert!(diagnose("").is_empty());
    }
}
