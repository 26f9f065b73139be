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

mod build;
mod literal;
mod normalize;
mod outcome;
mod provider;
pub mod structure;

/// The index's maps hash small keys they built themselves: no untrusted keys, so a fast hasher.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

use crate::kb::{FixIdx, KnowledgeBase, ProviderIdx, Strength};

use literal::LiteralFinder;
pub use normalize::{normalize, strip_placeholders};
pub use outcome::{Ask, Candidate, Diagnosis, Outcome};
use provider::Fingerprinter;
pub use provider::{Owner, ProviderEvidence, Sighting};
use structure::Structure;

/// Scores below this are not reported: the tool says it does not know the error instead.
/// (Over the labelled corpora, matches between 0.5 and 0.6 were right two times in five.)
pub const THRESHOLD: f32 = 0.6;

/// Raw score → the share of labelled pastes at that score whose answer was right, measured over
/// `tests/data/*.jsonl` (December 2026: 0.6–0.9 right about nine times in ten, 0.9–1.0 about 98
/// in 100). Piecewise linear between these points; `tests/it/diagnose_corpus.rs` checks it still
/// holds.
const CALIBRATION: [(f32, f32); 3] = [(THRESHOLD, 0.85), (0.9, 0.9), (1.0, 0.98)];

/// The reported score: how often a match this strong was right.
fn calibrate(raw: f32) -> f32 {
    let raw = raw.clamp(0.0, 1.0);
    let (first_x, first_y) = CALIBRATION[0];
    if raw <= first_x {
        return first_y * raw / first_x;
    }
    for pair in CALIBRATION.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if raw <= x1 {
            return y0 + (y1 - y0) * (raw - x0) / (x1 - x0);
        }
    }
    CALIBRATION[CALIBRATION.len() - 1].1
}
/// Matches further than this below the best one are dropped as noise.
const MAX_GAP_FROM_BEST: f32 = 0.3;
/// A wording carrying this much weight (about two rare words) proves its error when fully
/// present; lighter ones count in proportion.
const STRONG_PHRASE_WEIGHT: f32 = 7.0;
/// A quoted run of this much weight (about three rare words in their order) is as good as the
/// whole wording: people often paste only the start of an error.
const RUN_FULL_WEIGHT: f32 = 12.0;
/// How much of the weight of a standard OAuth code's words is discounted from what a wording
/// proves.
const GENERIC_CODE_DISCOUNT: f32 = 0.5;
/// Share of a long wording's weight a quoted run must carry to count as the whole wording.
const QUOTE_SHARE_FOR_FULL: f32 = 0.3;
/// Weight of a wording detailed enough that nothing longer would add confidence.
const DETAILED_WEIGHT: f32 = 24.0;
/// At most this much is added for detail; enough to order two full matches of different length.
const DETAIL_BONUS: f32 = 0.04;
/// Fewest words in a row that count as quoting a wording.
const MIN_RUN_WORDS: usize = 3;
/// What each clue found next to the error adds; enough to order siblings that share a wording.
const CLUE_BONUS: f32 = 0.06;
/// What the provider's fingerprints in the paste add: enough to order the same error of two
/// providers, never enough to make a weak wording match.
const PROVIDER_BONUS: f32 = 0.05;
/// What the paste's `error` field naming one of the fix's error identifiers adds.
const ERROR_FIELD_BONUS: f32 = 0.02;
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

/// An error code: a family and a number. Family 0 is Connect's API codes (`Error 215`); the
/// others are the numbered-code prefixes providers declare in their fingerprints (`AADSTS`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
struct Code {
    family: u16,
    number: u64,
}

const CONNECT_FAMILY: u16 = 0;

/// A declared code family: the lower-case prefix and the provider that owns it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Family {
    prefix: String,
    provider: ProviderIdx,
}

/// One wording of an error, as token ids.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
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
    /// The same, with the words of standard OAuth codes discounted: what the wording proves
    /// when nothing in the paste names the provider.
    generic_strength: f32,
    /// The wording it comes from names an error identifier (`unauthorized_client: …`): its
    /// other words are that code's description.
    names_code: bool,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Entry {
    fix: FixIdx,
    /// Providers whose fingerprints count for this fix: its own and those it is `seen_with`.
    owners: Vec<Owner>,
    /// Whether the provider declares fingerprints. Connect's own messages (no fingerprints) can
    /// come with any provider, so evidence of a provider never rules them out.
    vendor: bool,
    wordings: Vec<Phrase>,
    clauses: Vec<Phrase>,
    clues: Vec<Clue>,
    codes: Vec<Code>,
    /// Codes other errors print too, with what must be beside them to point at this fix.
    shared: Vec<SharedCode>,
    /// Error identifiers (`invalid_grant`, `bad_refresh_token`) its wordings name.
    error_ids: Vec<String>,
    /// Identifiers among its clues (`invalid_client_credentials`).
    clue_ids: Vec<String>,
    /// Error identifiers of the fixes that answer the same question of the walk.
    sibling_ids: Vec<String>,
    /// When the fix's problem shows, if at login or at refresh.
    phase: Option<structure::Phase>,
    /// Every wording carries a numbered code of a provider's family (all Entra errors print
    /// their AADSTS code).
    expects_code: bool,
}

/// The scorer, built once per knowledge base.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Diagnoser {
    entries: Vec<Entry>,
    vocab: HashMap<String, TokenId>,
    /// Weight of each token id (inverse document frequency).
    weights: Vec<f32>,
    /// Whether each token id is a [`STOPWORDS`] word.
    is_stop: Vec<bool>,
    /// The entries whose wordings or sentences hold each token id.
    entries_of_token: Vec<Vec<u32>>,
    /// Whether each token id ends a fingerprint word (known once, not looked up per word).
    ends_fingerprint_word: Vec<bool>,
    /// Adjacent token pair → the (entry, wording) places that have it, for finding quoted
    /// runs; clue pairs are in it too, with no places.
    pair_index: PairIndex,
    /// Vocabulary words of 4 to 25 characters by length (index = length): where a typo's
    /// correction can be, compared directly. Cheaper than a map of every word's deletions,
    /// which cost a sixth of a one-shot command's start-up.
    words_by_length: Vec<WordsOfLength>,
    /// Numbered-code families declared by providers, family number = index + 1.
    families: Vec<Family>,
    fingerprints: Fingerprinter,
    /// Clues written as identifiers (`code_to_token_error`), matched as they are.
    literal_clue_finder: LiteralFinder,
    /// Every error identifier some fix's wordings or clues name.
    claimed_error_ids: HashSet<String>,
    /// What the walk knows: deciding questions above each fix.
    walk: outcome::WalkIndex,
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
    // Field names of error responses (`error_description`, `trace_id`, `timestamp`): every
    // JSON body and sign-in page has them.
    "description",
    "uri",
    "codes",
    "trace",
    "correlation",
    "timestamp",
    "id",
];
/// A sentence counts on its own only with this many distinct words outside [`STOPWORDS`]: one
/// or two words ("unauthorized_client") are shared by too many errors.
const MIN_CLAUSE_WORDS: usize = 3;

/// A position in one of the index's tables as a compact id. The tables grow with the flows,
/// each held to `limits::FLOW_BYTES`, so no count comes near `u32::MAX`.
#[expect(
    clippy::cast_possible_truncation,
    reason = "table sizes are bounded by the flow size limit"
)]
fn id32(n: usize) -> u32 {
    n as u32
}

/// A position in one of RFC 6749's eleven short descriptions.
#[expect(
    clippy::cast_possible_truncation,
    reason = "the descriptions are constants of a few dozen words"
)]
fn small(n: usize) -> u16 {
    n as u16
}

impl Diagnoser {
    /// The index for `kb`: the one build.rs prepared when `kb` is the built-in knowledge base
    /// (most of a one-shot command's start-up was building it), otherwise built here.
    pub fn new(kb: &KnowledgeBase) -> Diagnoser {
        kb.prepared_index()
            .and_then(|prepared| postcard::from_bytes(prepared.0).ok())
            // Bytes that do not load mean a mismatched build; building gives the same index.
            .unwrap_or_else(|| Diagnoser::build(kb))
    }

    /// Builds the index from the knowledge base (what build.rs runs to prepare the built-in one).
    pub fn build(kb: &KnowledgeBase) -> Diagnoser {
        build::build(kb)
    }

    /// Ranked matches for `text`, best first; empty when nothing is known well enough.
    pub fn diagnose(&self, text: &str) -> Vec<Match> {
        let evidence = self.evidence(text);
        // A fix none of whose words is in the text, when the text has no code, scores 0 (no
        // wording, no code hit; see `Breakdown::score`): only the others are scored. Most
        // events of a log share words with a handful of fixes.
        let could_score = |e: usize| !evidence.codes.is_empty() || evidence.entries_with_words[e];
        self.rank(
            self.entries
                .iter()
                .enumerate()
                .filter(|&(e, _)| could_score(e))
                .map(|(e, entry)| (entry.fix, self.breakdown(e, entry, &evidence))),
        )
    }

    /// Every fix's evidence, indexed by fix (entries are built in fix order).
    fn breakdowns(&self, evidence: &Evidence) -> Vec<Breakdown> {
        self.entries
            .iter()
            .enumerate()
            .map(|(e, entry)| self.breakdown(e, entry, evidence))
            .collect()
    }

    /// The whole answer for `text`: ranked matches and what to tell the person (a fix, the
    /// question that decides, "not covered", or "not known").
    pub fn diagnosis(&self, kb: &KnowledgeBase, text: &str) -> Diagnosis {
        let evidence = self.evidence(text);
        // Scored once: the ranking and the choice of answer read the same evidence.
        let all = self.breakdowns(&evidence);
        let matches = self.rank(self.entries.iter().map(|e| e.fix).zip(all.iter().copied()));
        outcome::decide(
            kb,
            &self.walk,
            matches,
            &all,
            evidence.structure,
            evidence.providers,
        )
    }

    /// The fixes whose evidence reaches [`THRESHOLD`], best first, their scores calibrated.
    fn rank(&self, breakdowns: impl Iterator<Item = (FixIdx, Breakdown)>) -> Vec<Match> {
        let mut scored: Vec<(Match, Breakdown)> = breakdowns
            .map(|(fix, b)| {
                (
                    Match {
                        fix,
                        score: b.score(),
                    },
                    b,
                )
            })
            .filter(|(m, _)| m.score >= THRESHOLD)
            .collect();
        // Equal scores are ordered by the evidence behind them, never by where a fix stands in
        // the flows; what is still equal then is asked about (see `outcome`).
        scored.sort_by(|(a, ab), (b, bb)| {
            b.score
                .total_cmp(&a.score)
                .then(bb.evidence_rank().cmp(&ab.evidence_rank()))
                .then(a.fix.cmp(&b.fix))
        });
        let mut scored: Vec<Match> = scored.into_iter().map(|(m, _)| m).collect();
        if let Some(best) = scored.first().map(|m| m.score) {
            scored.retain(|m| m.score >= best - MAX_GAP_FROM_BEST);
        }
        // Clues and detail may lift the best past 1; scale so the best reads at most 1 while the
        // gaps between candidates stay visible.
        let scale = scored.first().map_or(1.0, |m| m.score.max(1.0));
        for m in &mut scored {
            m.score = calibrate(m.score / scale);
        }
        scored
    }

    fn evidence(&self, text: &str) -> Evidence {
        let norm = normalize(text);
        let structure = structure::read(text, &norm);
        let literal_clues = self.literal_clue_finder.find(&norm);
        let mut providers = ProviderEvidence::default();
        self.fingerprints.observe(&structure, &norm, &mut providers);
        // Traceback frames are source code, not error text: their words must not count as
        // wording, but the package names in their paths still say whose SDK failed.
        let without_frames = structure::without_frames(text);
        let wording_norm = match &without_frames {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(stripped) => {
                let mut recent = Recent::new(self.fingerprints.window());
                for word in normalize::tokens(&norm) {
                    recent.push(word);
                    if self.fingerprints.ends_a_word(word) {
                        self.fingerprints.confirm(recent.words(), &mut providers);
                    }
                }
                Some(normalize(stripped))
            }
        };
        let scan_words_for_providers = wording_norm.is_none();
        let norm = wording_norm.as_deref().unwrap_or(&norm);

        let fuzzy = text.len() <= TYPO_TOLERANCE_MAX_BYTES;
        let mut typo_cache: HashMap<&str, Option<TokenId>> = HashMap::default();
        let mut tokens = TokenSet::new(self.vocab.len());
        let mut pairs = HashSet::default();
        let mut previous: Option<TokenId> = None;
        let mut codes: Vec<Code> = Vec::new();
        let mut recent = Recent::new(self.fingerprints.window().max(CODE_KEYWORD_WINDOW + 1));
        // Quoted runs: for each wording, the weight of the longest stretch of the paste whose
        // adjacent words are adjacent in that wording too.
        let mut runs: HashMap<(u32, u32), Run> = HashMap::default();
        let mut best_runs: HashMap<(u32, u32), f32> = HashMap::default();
        for (position, word) in normalize::tokens(norm).enumerate() {
            recent.push(word);
            if let Some(code) = code_at(recent.words(), &self.families) {
                codes.push(code);
            }
            let known = self.vocab.get(word).copied();
            let ends_a_word = match known {
                Some(id) => self.ends_fingerprint_word[id as usize],
                None => self.fingerprints.ends_a_word(word),
            };
            if scan_words_for_providers && ends_a_word {
                self.fingerprints.confirm(recent.words(), &mut providers);
            }
            let id = match known {
                Some(id) => Some(id),
                None if fuzzy => *typo_cache
                    .entry(word)
                    .or_insert_with(|| self.correct_typo(word)),
                None => None,
            };
            if let Some(id) = id {
                tokens.insert(id);
                if let Some(prev) = previous {
                    let places = self.pair_index.get((prev, id));
                    if places.is_some() {
                        pairs.insert((prev, id));
                    }
                    for &key in places.unwrap_or_default() {
                        let run = runs.entry(key).or_insert(Run {
                            end: usize::MAX,
                            weight: 0.0,
                            words: 0,
                        });
                        let counts = |t: TokenId| usize::from(!self.is_stop[t as usize]);
                        if run.end == position - 1 {
                            run.weight += self.weights[id as usize];
                            run.words += counts(id);
                        } else {
                            run.weight = self.weights[prev as usize] + self.weights[id as usize];
                            run.words = counts(prev) + counts(id);
                        }
                        run.end = position;
                        // Two words in a row ("oauth integrations") turn up in URLs and
                        // unrelated messages; a quote needs three that are not stop words.
                        if run.words >= MIN_RUN_WORDS {
                            let best = best_runs.entry(key).or_insert(0.0);
                            *best = best.max(run.weight);
                        }
                    }
                }
            }
            previous = id;
        }
        codes.sort();
        codes.dedup();
        for code in &codes {
            if let Some(family) = code.family.checked_sub(1) {
                let family = &self.families[family as usize];
                providers.see_code(
                    Owner::Provider(family.provider),
                    format!("code {}{}", family.prefix.to_ascii_uppercase(), code.number),
                );
            }
        }
        self.fingerprints.settle(&mut providers);
        let mut entries_with_words = vec![false; self.entries.len()];
        // Stop words ("for", "error") are in most wordings and say nothing on their own.
        for token in tokens.iter().filter(|&t| !self.is_stop[t as usize]) {
            for &e in &self.entries_of_token[token as usize] {
                entries_with_words[e as usize] = true;
            }
        }
        Evidence {
            tokens,
            entries_with_words,
            pairs,
            runs: best_runs,
            codes,
            structure,
            providers,
            literal_clues,
        }
    }

    /// A known word one edit (insert, delete, substitute, move one letter) away, when exactly
    /// one exists.
    fn correct_typo(&self, word: &str) -> Option<TokenId> {
        let chars: Vec<char> = word.chars().collect();
        let len = chars.len();
        if !TYPO_WORD_CHARS.contains(&len) || chars.iter().any(char::is_ascii_digit) {
            return None;
        }
        let near = |length: usize| self.words_by_length[length].iter();
        let chars = chars.as_slice();
        let ours = letter_mask(chars);
        let mut found = None;
        // The letter masks rule out most vocabulary words before their letters are compared.
        let candidates = near(len + 1)
            .filter(|&(_, _, theirs)| may_be_one_letter_more(ours, theirs))
            .filter(|(_, known, _)| one_letter_more(chars, known)) // the word lost a letter
            .chain(
                near(len - 1)
                    .filter(|&(_, _, theirs)| may_be_one_letter_more(theirs, ours))
                    .filter(|(_, known, _)| one_letter_more(known, chars)), // gained one
            )
            // A letter was replaced, or one moved: the two share a one-letter deletion.
            .chain(
                near(len)
                    .filter(|&(_, _, theirs)| may_share_a_deletion(ours, theirs))
                    .filter(|(_, known, _)| share_a_deletion(chars, known)),
            );
        for (id, _, _) in candidates {
            match found {
                None => found = Some(id),
                Some(other) if other == id => {}
                Some(_) => return None,
            }
        }
        found
    }

    /// The evidence for one fix, before it is turned into a score.
    fn breakdown(&self, entry_index: usize, entry: &Entry, evidence: &Evidence) -> Breakdown {
        let mut code = CodeMatch::None;
        let mut foreign_code = false;
        let families = evidence.codes.iter().map(|c| c.family);
        let mut seen_families: Vec<u16> = families.collect();
        seen_families.dedup();
        for family in seen_families {
            let ours: Vec<&Code> = entry.codes.iter().filter(|c| c.family == family).collect();
            let theirs: Vec<&Code> = evidence
                .codes
                .iter()
                .filter(|c| c.family == family)
                .collect();
            if ours.is_empty() {
                // A numbered code of a provider's family marks the paste as that provider's
                // error; a fix that knows no code of it is about something else, however many
                // words they share. (Connect's codes appear next to any provider's.)
                foreign_code |= family != CONNECT_FAMILY;
                continue;
            }
            let speaks_for_us = |c: &&Code| {
                entry.shared.iter().find(|s| s.code == **c).is_none_or(|s| {
                    !s.needs.is_empty() && s.needs.iter().all(|n| clue_present(n, evidence))
                })
            };
            if ours.iter().any(|c| theirs.contains(c) && speaks_for_us(c)) {
                code = CodeMatch::Same;
            } else {
                // Our code, printed for other errors as well, without the value that would make
                // it ours ('grant_type' where we need 'client_id'), is another error too.
                // The paste names a different error of the same family.
                code = CodeMatch::Different;
                break;
            }
        }
        let provider = if !entry.vendor {
            ProviderSupport::Agnostic
        } else {
            let named = entry
                .owners
                .iter()
                .filter_map(|&o| evidence.providers.strength_of(o))
                .max();
            match named {
                Some(strength) => ProviderSupport::Named(strength),
                None if evidence
                    .providers
                    .other_than(&entry.owners, Strength::Strong) =>
                {
                    ProviderSupport::Contradicted
                }
                None if evidence
                    .providers
                    .other_than(&entry.owners, Strength::Moderate) =>
                {
                    ProviderSupport::OtherNamed
                }
                None => ProviderSupport::Unknown,
            }
        };
        // A standard OAuth code (`redirect_uri_mismatch`) tells a provider's errors apart only once
        // the paste says which provider it is.
        let named = matches!(provider, ProviderSupport::Named(_));
        // A fix none of whose words is in the paste covers nothing: its phrases are not scored
        // one by one (most fixes, for most events of a log).
        let (wordings, clauses): (&[Phrase], &[Phrase]) =
            if evidence.entries_with_words[entry_index] {
                (&entry.wordings, &entry.clauses)
            } else {
                (&[], &[])
            };
        let wording = wordings
            .iter()
            .map(|p| coverage(p, evidence, named))
            .fold(0.0, f32::max);
        let clause = clauses
            .iter()
            .map(|p| coverage(p, evidence, named))
            .fold(0.0, f32::max);
        // How well the paste carries the description a code of this fix's wordings comes with.
        let described = wordings
            .iter()
            .chain(clauses)
            .filter(|p| p.names_code)
            .map(|p| coverage(p, evidence, named))
            .fold(0.0, f32::max);
        let matched_weight = wordings
            .iter()
            .map(|p| present_weight(p, evidence))
            .fold(0.0, f32::max);
        // A quote counts as the whole error once it carries RUN_FULL_WEIGHT, or half of a long
        // wording: three rare words out of a forty-word message are not that message.
        let quoted = entry
            .wordings
            .iter()
            .enumerate()
            .filter_map(|(w, wording)| {
                let run = evidence.runs.get(&(id32(entry_index), id32(w)))?;
                let full = RUN_FULL_WEIGHT.max(QUOTE_SHARE_FOR_FULL * wording.token_weight);
                // A quote of standard words (a code, RFC 6749's description) names no
                // provider either, until the paste says which one it is.
                let telling = if named || wording.strength == 0.0 {
                    1.0
                } else {
                    wording.generic_strength / wording.strength
                };
                Some((run / full).min(1.0) * telling)
            })
            .fold(0.0, f32::max);
        let clues = entry
            .clues
            .iter()
            .filter(|clue| clue_present(clue, evidence))
            .count();
        // The paste's `error` field against the error identifiers the fix's wordings name.
        let in_event = evidence.structure.event_type.is_some();
        let error_field = match evidence.structure.error_code.as_deref() {
            None => ErrorField::Absent,
            // An event line's `error` (Keycloak's `invalid_token`) confirms a fix that names it
            // but contradicts none: the same failure has another name in a token response.
            Some(e) if in_event => {
                if entry
                    .error_ids
                    .iter()
                    .chain(&entry.clue_ids)
                    .any(|id| id == e)
                {
                    ErrorField::Same
                } else {
                    ErrorField::Absent
                }
            }
            Some(e)
                if entry
                    .error_ids
                    .iter()
                    .chain(&entry.clue_ids)
                    .any(|id| id == e) =>
            {
                ErrorField::Same
            }
            // Another fix of the base knows this identifier: the paste names that error, not
            // one of this provider's fixes that never mention it.
            Some(e) if entry.error_ids.is_empty() => {
                // Siblings under one question share their wording on purpose (Keycloak says the
                // same at login and at refresh): one naming the code does not rule out another.
                // Standard codes (`invalid_request`) come with most errors, named or not; a
                // provider's own identifier (`bad_refresh_token`) names one.
                if entry.vendor
                    && !structure::OAUTH_ERROR_CODES.contains(&e)
                    && self.claimed_error_ids.contains(e)
                    && !entry.sibling_ids.iter().any(|id| id == e)
                {
                    ErrorField::Other
                } else {
                    ErrorField::Absent
                }
            }
            // Providers move the same message between standard codes across releases
            // (Keycloak: `unauthorized_client`, later `invalid_client`); their own identifiers
            // (`bad_refresh_token`) are exact.
            // A fix whose sibling under the same question names the code: the two are one
            // message at two steps (Keycloak's login and refresh), printed under either code
            // depending on the release.
            Some(e)
                if structure::OAUTH_ERROR_CODES.contains(&e)
                    && entry.sibling_ids.iter().any(|id| id == e) =>
            {
                ErrorField::Absent
            }
            Some(e)
                if structure::OAUTH_ERROR_CODES.contains(&e)
                    && entry
                        .error_ids
                        .iter()
                        .all(|id| structure::OAUTH_ERROR_CODES.contains(&id.as_str())) =>
            {
                ErrorField::OtherStandard
            }
            Some(_) => ErrorField::Other,
        };
        let phase = match (evidence.structure.phase, entry.phase) {
            (Some(paste), Some(fix)) if paste == fix => PhaseMatch::Same,
            (Some(_), Some(_)) => PhaseMatch::Other,
            _ => PhaseMatch::Unknown,
        };
        let missing_code = entry.expects_code
            && !foreign_code
            && code == CodeMatch::None
            && !matches!(provider, ProviderSupport::Named(_));
        Breakdown {
            code,
            wording,
            clause,
            described,
            quoted,
            detail: (matched_weight / DETAILED_WEIGHT).min(1.0),
            distinctive: (matched_weight / STRONG_PHRASE_WEIGHT).min(1.0),
            foreign_code,
            error_field,
            missing_code,
            phase,
            provider,
            clues,
        }
    }

    /// Every fix with its evidence, best first, including those below the threshold: for flow
    /// authors checking why a paste matched (`diagnose --explain`).
    pub fn explain(&self, text: &str) -> Explanation {
        let evidence = self.evidence(text);
        let mut all: Vec<(FixIdx, Breakdown)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(e, entry)| (entry.fix, self.breakdown(e, entry, &evidence)))
            .collect();
        all.sort_by(|a, b| {
            b.1.score()
                .total_cmp(&a.1.score())
                .then(b.1.evidence_rank().cmp(&a.1.evidence_rank()))
                .then(a.0.cmp(&b.0))
        });
        Explanation {
            fixes: all,
            structure: evidence.structure,
            providers: evidence.providers,
        }
    }
}

/// What `diagnose --explain` shows: the structure read from the paste, the providers it points
/// at, and every fix with its evidence.
#[derive(Debug)]
pub struct Explanation {
    pub fixes: Vec<(FixIdx, Breakdown)>,
    pub structure: Structure,
    pub providers: ProviderEvidence,
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

/// Whether the paste says the error came at the step (login or refresh) the fix is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseMatch {
    Unknown,
    Same,
    /// The paste comes from the other step.
    Other,
}

/// Whether the paste's `error` field names one of the error identifiers of the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorField {
    /// No field in the paste, or the fix's wordings name no identifier.
    Absent,
    Same,
    /// The field names another standard OAuth code than the fix's wordings.
    OtherStandard,
    /// The field names another error.
    Other,
}

/// What the paste says about the fix's provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderSupport {
    /// The fix is about Connect itself, whatever the provider.
    Agnostic,
    /// The paste carries this provider's fingerprints.
    Named(Strength),
    /// Nothing in the paste says which provider it is.
    Unknown,
    /// The paste names another provider, though only by product name.
    OtherNamed,
    /// The paste clearly comes from another provider or service: the fix is ruled out.
    Contradicted,
}

/// The evidence for one fix, each part in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Breakdown {
    pub code: CodeMatch,
    /// Best coverage of a whole known wording.
    pub wording: f32,
    /// Best coverage of one sentence of a wording.
    pub clause: f32,
    /// Best coverage of a wording that names an error identifier, or of one of its sentences:
    /// how much of that code's description the paste carries.
    pub described: f32,
    /// Longest stretch of a wording quoted word for word, relative to [`RUN_FULL_WEIGHT`].
    pub quoted: f32,
    /// The paste names a code of a family this fix knows nothing of.
    pub foreign_code: bool,
    /// The paste's `error` field against the error identifiers of this fix's wordings.
    pub error_field: ErrorField,
    /// Every wording of this fix carries its provider's numbered code, and the paste carries
    /// none and does not name the provider either.
    pub missing_code: bool,
    /// The paste's `grant_type` or event type against when the fix's problem shows.
    pub phase: PhaseMatch,
    pub provider: ProviderSupport,
    /// How much of the fix's longest known wording the paste carries, relative to
    /// [`DETAILED_WEIGHT`]: of two fully matched wordings, the longer one explains more.
    pub detail: f32,
    /// The same, relative to [`STRONG_PHRASE_WEIGHT`]: whether the words matched are rare
    /// enough to name this error on their own.
    pub distinctive: f32,
    /// How many of the fix's clues are in the paste.
    pub clues: usize,
}

impl Breakdown {
    /// Unbounded score (clues may lift it past 1); `diagnose` clamps it for display.
    pub fn score(&self) -> f32 {
        if self.code == CodeMatch::Different || self.provider == ProviderSupport::Contradicted {
            return 0.0;
        }
        let mut wording = self
            .wording
            .max(0.8 * self.clause + 0.2 * self.wording)
            .max(0.9 * self.quoted);
        if self.foreign_code {
            wording *= 0.6;
        }
        // A description that matches nearly word for word outweighs an error field that
        // differs: providers change the code of the same message between releases.
        match self.error_field {
            ErrorField::Other => wording *= 0.6,
            // (The description is what comes with the code in the wording: one sentence of it
            // matching whole counts. A wording that names no code describes none.)
            ErrorField::OtherStandard if self.described < 0.9 => wording *= 0.6,
            _ => {}
        }
        if self.missing_code {
            wording *= 0.75;
        }
        if self.phase == PhaseMatch::Other {
            wording *= 0.75;
        }
        let code_hit = self.code == CodeMatch::Same;
        let mut score = if code_hit {
            0.75 + 0.25 * wording
        } else {
            wording
        };
        // Clues and the provider's name support a fix whose error the paste could be; where
        // the paste names another error, they are only the setting both errors share.
        let names_another = match self.error_field {
            ErrorField::Other => true,
            ErrorField::OtherStandard => self.described < 0.9,
            _ => false,
        };
        if code_hit || (wording >= 0.3 && !names_another) {
            score += CLUE_BONUS * self.clues.min(3) as f32 + DETAIL_BONUS * self.detail;
            if self.error_field == ErrorField::Same {
                score += ERROR_FIELD_BONUS;
            }
            score += match self.provider {
                ProviderSupport::Named(Strength::Strong) => PROVIDER_BONUS,
                ProviderSupport::Named(Strength::Moderate) => PROVIDER_BONUS / 2.0,
                _ => 0.0,
            };
        }
        // The paste names another product and not this fix's: doubtful, though people do
        // mention products in passing.
        if self.provider == ProviderSupport::OtherNamed {
            score *= 0.75;
        }
        score
    }

    /// Whether the evidence names this error on its own: a code, the provider's fingerprints,
    /// or a wording rare enough that only one error has it.
    pub fn is_specific(&self) -> bool {
        self.code == CodeMatch::Same
            || matches!(self.provider, ProviderSupport::Named(_))
            || (self.provider == ProviderSupport::Agnostic && self.distinctive >= 1.0)
            || self.distinctive >= 1.0 && self.quoted >= 1.0
    }

    /// Orders equal scores by the kind of evidence behind them.
    fn evidence_rank(&self) -> (bool, u8, u32) {
        let provider = match self.provider {
            ProviderSupport::Named(Strength::Strong) => 3,
            ProviderSupport::Named(Strength::Moderate) => 2,
            ProviderSupport::Agnostic => 1,
            _ => 0,
        };
        // A share in [0, 1] in thousandths: the float-to-int cast saturates, never wraps.
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a share in [0, 1]; float casts saturate"
        )]
        let quoted = (self.quoted * 1000.0) as u32;
        (self.code == CodeMatch::Same, provider, quoted)
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
    tokens: TokenSet,
    /// Whether each entry has a word of its wordings or sentences among `tokens`.
    entries_with_words: Vec<bool>,
    /// Adjacent token pairs that some wording or clue has (no others are ever asked about);
    /// only asked about pairs whose tokens are both in `tokens`.
    pairs: HashSet<(TokenId, TokenId)>,
    /// (entry, wording) → weight of the longest run of that wording quoted in the paste.
    runs: HashMap<(u32, u32), f32>,
    codes: Vec<Code>,
    structure: Structure,
    providers: ProviderEvidence,
    /// Indices of the literal clues found.
    literal_clues: Vec<u32>,
}

/// The vocabulary tokens a paste contains, one bit per token id: scoring asks about every word
/// of every wording, and a bit test is far cheaper than a hash probe.
struct TokenSet(Vec<u64>);

impl TokenSet {
    fn new(vocabulary_size: usize) -> TokenSet {
        TokenSet(vec![0; vocabulary_size.div_ceil(64)])
    }

    fn insert(&mut self, id: TokenId) {
        if let Some(word) = self.0.get_mut(id as usize / 64) {
            *word |= 1 << (id % 64);
        }
    }

    /// The ids in the set, ascending.
    fn iter(&self) -> impl Iterator<Item = TokenId> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            (0..64)
                .filter(move |bit| word & (1 << bit) != 0)
                .map(move |bit| id32(i * 64 + bit))
        })
    }

    fn contains(&self, id: &TokenId) -> bool {
        self.0
            .get(*id as usize / 64)
            .is_some_and(|word| word & (1 << (id % 64)) != 0)
    }
}

/// A code of a fix's wording that other errors print too (`AADSTS900144` for any missing
/// parameter), with the values its wording quotes: only with them does it name the fix.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct SharedCode {
    code: Code,
    needs: Vec<Clue>,
}

/// A clue ready to match: identifiers (`CODE_TO_TOKEN_ERROR`, `client_id`) literally, since split
/// into words they would be found in any sentence about tokens; other clues as words in a row.
fn clue(
    text: &str,
    literal_clues: &mut Vec<String>,
    intern: &mut impl FnMut(&str) -> TokenId,
) -> Option<Clue> {
    let norm = normalize(text);
    if norm.contains('_') {
        let i = literal_clues
            .iter()
            .position(|l| *l == norm)
            .unwrap_or_else(|| {
                literal_clues.push(norm.clone());
                literal_clues.len() - 1
            });
        return Some(Clue::Literal(id32(i)));
    }
    let words: Vec<TokenId> = normalize::tokens(&norm).map(intern).collect();
    (!words.is_empty()).then_some(Clue::Words(words))
}

/// Words that, next to the error, point at one fix rather than its siblings.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
enum Clue {
    /// Words in a row.
    Words(Vec<TokenId>),
    /// An identifier, matched as written (index into `Diagnoser::literal_clues`).
    Literal(u32),
}

/// Whether the paste has these two tokens side by side (the bit tests rule out most pairs
/// before a hash probe).
fn has_pair(evidence: &Evidence, (a, b): (TokenId, TokenId)) -> bool {
    evidence.tokens.contains(&a) && evidence.tokens.contains(&b) && evidence.pairs.contains(&(a, b))
}

/// Whether the paste carries a clue.
fn clue_present(clue: &Clue, evidence: &Evidence) -> bool {
    match clue {
        Clue::Literal(i) => evidence.literal_clues.contains(i),
        Clue::Words(words) => {
            words.iter().all(|t| evidence.tokens.contains(t))
                && words.windows(2).all(|w| has_pair(evidence, (w[0], w[1])))
        }
    }
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
fn coverage(phrase: &Phrase, evidence: &Evidence, provider_named: bool) -> f32 {
    let strength = if provider_named {
        phrase.strength
    } else {
        phrase.generic_strength
    };
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
        return strength * token_share;
    }
    let pairs: f32 = phrase
        .pairs
        .iter()
        .filter(|(p, _)| has_pair(evidence, *p))
        .map(|(_, w)| w)
        .sum();
    strength * (0.5 * token_share + 0.5 * (pairs / phrase.pair_weight))
}

/// `generic`: runs of standard words in the wording, each with the share of their weight that
/// does not count while the provider is unknown; `names_code`: the wording names an error
/// identifier.
fn phrase(
    ids: &[TokenId],
    weight: &impl Fn(TokenId) -> f32,
    generic: &[(Vec<TokenId>, f32)],
    names_code: bool,
) -> Phrase {
    // How much of each word's weight is discounted: words that stand in the wording only as
    // part of a standard code or description.
    let mut discount = vec![0.0f32; ids.len()];
    for (run, share) in generic {
        for start in 0..ids.len().saturating_sub(run.len() - 1) {
            if ids[start..start + run.len()] == run[..] {
                for d in &mut discount[start..start + run.len()] {
                    *d = d.max(*share);
                }
            }
        }
    }
    let discounted_weight: f32 = if generic.is_empty() {
        0.0 // most wordings name no standard code
    } else {
        let mut counted = HashSet::default();
        ids.iter()
            .enumerate()
            .filter(|(_, t)| counted.insert(**t))
            .map(|(_, t)| {
                // A word also written outside the standard runs keeps its weight.
                let share = ids
                    .iter()
                    .zip(&discount)
                    .filter(|(other, _)| *other == t)
                    .map(|(_, d)| *d)
                    .fold(f32::INFINITY, f32::min);
                weight(*t) * share
            })
            .sum()
    };
    let mut seen = HashSet::default();
    let tokens: Vec<(TokenId, f32)> = ids
        .iter()
        .filter(|t| seen.insert(**t))
        .map(|&t| (t, weight(t)))
        .collect();
    let mut seen_pairs = HashSet::default();
    let pairs: Vec<((TokenId, TokenId), f32)> = ids
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|p| seen_pairs.insert(*p))
        .map(|(a, b)| ((a, b), (weight(a) + weight(b)) / 2.0))
        .collect();
    let token_weight: f32 = tokens.iter().map(|(_, w)| w).sum();
    let telling_weight = token_weight - discounted_weight;
    Phrase {
        names_code,
        strength: (token_weight / STRONG_PHRASE_WEIGHT).min(1.0),
        generic_strength: (telling_weight / STRONG_PHRASE_WEIGHT).min(1.0),
        token_weight,
        pair_weight: pairs.iter().map(|(_, w)| w).sum(),
        tokens,
        pairs,
    }
}

/// Word pair → (description, position) of each RFC 6749 description it stands in.
type StandardPairs = HashMap<(TokenId, TokenId), Vec<(u16, u16)>>;

/// How many words of one RFC 6749 description in a row make a wording's words generic.
const MIN_STANDARD_RUN: usize = 4;

/// Stretches of `ids` that one RFC 6749 description has word for word
/// (`the requested scope is invalid`), of at least [`MIN_STANDARD_RUN`] words.
fn standard_runs(ids: &[TokenId], standard_pairs: &StandardPairs) -> Vec<Vec<TokenId>> {
    let pair_at = |k: usize| standard_pairs.get(&(ids[k], ids[k + 1]));
    let mut runs = Vec::new();
    let mut start = 0;
    while start + 1 < ids.len() {
        // Where the stretch from `start` stands in each description that has it so far.
        let Some(mut places) = pair_at(start).cloned() else {
            start += 1;
            continue;
        };
        let mut end = start + 2; // words covered: start..end
        while end < ids.len() {
            let next: Vec<(u16, u16)> = pair_at(end - 1)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&(d, at)| places.iter().any(|&(pd, pat)| pd == d && pat + 1 == at))
                .collect();
            if next.is_empty() {
                break;
            }
            places = next;
            end += 1;
        }
        if end - start >= MIN_STANDARD_RUN {
            runs.push(ids[start..end].to_vec());
            start = end;
        } else {
            start += 1;
        }
    }
    runs
}

/// Sentences and colon-separated parts of an error text: people often quote only one.
fn split_clauses(norm: &str) -> impl Iterator<Item = &str> {
    norm.split(['.', ':', '?', '!', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// How many words before a three-digit number may say "error" or "code" for it to be read as a
/// Connect API code.
const CODE_KEYWORD_WINDOW: usize = 3;

/// Keeps the last `window` words (current one last) for look-behind checks.
/// The last words read: the current one and up to `window` before it.
struct Recent<'t> {
    words: Vec<&'t str>,
    window: usize,
}

impl<'t> Recent<'t> {
    /// Old words are dropped in batches, not one by one: a shift of the window per word of a
    /// megabyte of log cost more than reading the word.
    const SLACK: usize = 64;

    fn new(window: usize) -> Self {
        Recent {
            words: Vec::with_capacity(window + 1 + Self::SLACK),
            window,
        }
    }

    fn push(&mut self, word: &'t str) {
        if self.words.len() > self.window + Self::SLACK {
            self.words.drain(..self.words.len() - self.window);
        }
        self.words.push(word);
    }

    /// The current word last, after at most `window` words before it.
    fn words(&self) -> &[&'t str] {
        &self.words[self.words.len().saturating_sub(self.window + 1)..]
    }
}

/// The code the last word of `recent` names, if any. Declared families stand alone
/// (`aadsts50011`). Connect API codes are three-digit numbers after "error" or "code" (`Error 215`,
/// `"error_code": 212`, `code : int 215`); 400–599 are HTTP statuses, not Connect codes.
fn code_at(recent: &[&str], families: &[Family]) -> Option<Code> {
    let (&word, before) = recent.split_last()?;
    // Every code ends in its number; most words do not end in a digit.
    if !word.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // A family's prefix is letters (`aadsts`); most numbered words are plain numbers.
    let families = if word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        families
    } else {
        &[]
    };
    for (i, family) in families.iter().enumerate() {
        if let Some(number) = word
            .strip_prefix(family.prefix.as_str())
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse().ok())
        {
            return Some(Code {
                family: family_number(i)?,
                number,
            });
        }
    }
    if word.len() == 3 && word.bytes().all(|b| b.is_ascii_digit()) {
        let number: u64 = word.parse().ok()?;
        let keyword_before = || {
            before
                .iter()
                .rev()
                .take(CODE_KEYWORD_WINDOW)
                .any(|w| *w == "error" || *w == "code")
        };
        if (100..400).contains(&number) && keyword_before() {
            return Some(Code {
                family: CONNECT_FAMILY,
                number,
            });
        }
    }
    None
}

/// Error codes named in normalised text.
fn codes_in(norm: &str, families: &[Family]) -> Vec<Code> {
    let mut recent = Recent::new(CODE_KEYWORD_WINDOW + 1);
    let mut codes = Vec::new();
    for word in normalize::tokens(norm) {
        recent.push(word);
        codes.extend(code_at(recent.words(), families));
    }
    codes
}

/// A fix's checked code (`AADSTS50011`, `connect:215`) in the scorer's numbering of families.
fn scored_code(code: &crate::kb::ErrorCode, families: &[Family]) -> Option<Code> {
    match code {
        crate::kb::ErrorCode::Connect(number) => Some(Code {
            family: CONNECT_FAMILY,
            number: *number,
        }),
        crate::kb::ErrorCode::Family {
            provider,
            prefix,
            number,
        } => families.iter().enumerate().find_map(|(i, family)| {
            (family.provider == *provider && family.prefix.eq_ignore_ascii_case(prefix))
                .then(|| family_number(i))
                .flatten()
                .map(|family| Code {
                    family,
                    number: *number,
                })
        }),
    }
}

/// The family number of the `i`th declared family (0 is Connect's own); a family past what a
/// `u16` holds is never read as another one.
fn family_number(i: usize) -> Option<u16> {
    u16::try_from(i + 1).ok()
}

/// Adjacent token pair → the (entry, wording) places it stands in, every list in one vector.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct PairIndex {
    /// Where each pair's places start in `places`, and how many there are.
    spans: HashMap<(TokenId, TokenId), (u32, u32)>,
    places: Vec<(u32, u32)>,
}

impl PairIndex {
    fn new(places_of_pair: HashMap<(TokenId, TokenId), Vec<(u32, u32)>>) -> PairIndex {
        let mut index = PairIndex {
            spans: HashMap::default(),
            places: Vec::new(),
        };
        for (pair, places) in places_of_pair {
            index
                .spans
                .insert(pair, (id32(index.places.len()), id32(places.len())));
            index.places.extend(places);
        }
        index
    }

    /// The places of a pair some wording or clue has (possibly none, for a clue's), or `None`
    /// for a pair nothing in the knowledge base has.
    fn get(&self, pair: (TokenId, TokenId)) -> Option<&[(u32, u32)]> {
        self.spans
            .get(&pair)
            .map(|&(start, len)| &self.places[start as usize..(start + len) as usize])
    }
}

/// The vocabulary words of one length (in characters), by token id, their characters laid end
/// to end: two allocations per length instead of one per word.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct WordsOfLength {
    length: usize,
    ids: Vec<TokenId>,
    chars: Vec<char>,
    /// Each word's [`letter_mask`], made on the first typo tried at a neighbouring length:
    /// a one-shot command that meets no unknown word never pays for them, and the prepared
    /// index does not carry them.
    #[serde(skip)]
    masks: std::sync::OnceLock<Vec<u64>>,
}

impl WordsOfLength {
    fn new(length: usize, ids: Vec<TokenId>, chars: Vec<char>) -> WordsOfLength {
        WordsOfLength {
            length,
            ids,
            chars,
            masks: std::sync::OnceLock::new(),
        }
    }

    /// Each word with its id and its letter mask.
    fn iter(&self) -> impl Iterator<Item = (TokenId, &[char], u64)> {
        // No words of length 0 exist; `max(1)` only keeps `chunks_exact` from refusing.
        let words = || self.chars.chunks_exact(self.length.max(1));
        let masks = self
            .masks
            .get_or_init(|| words().map(letter_mask).collect());
        self.ids
            .iter()
            .copied()
            .zip(words())
            .zip(masks.iter().copied())
            .map(|((id, word), mask)| (id, word, mask))
    }
}

/// The set of a word's letters, each letter one of 64 bits (letters that share a bit only make
/// the test weaker, never wrong). A word with one letter more, or one letter changed, differs
/// from another in at most one letter on each side, so their masks do too.
fn letter_mask(word: &[char]) -> u64 {
    word.iter()
        .fold(0, |mask, &c| mask | 1 << (u32::from(c) % 64))
}

/// What [`one_letter_more`] needs of the two words' letter masks: the longer word has every
/// letter of the shorter one, and at most one more.
fn may_be_one_letter_more(short: u64, long: u64) -> bool {
    short & !long == 0 && (long & !short).count_ones() <= 1
}

/// What [`share_a_deletion`] needs of the two words' letter masks: each has at most one
/// letter the other lacks.
fn may_share_a_deletion(a: u64, b: u64) -> bool {
    (a & !b).count_ones() <= 1 && (b & !a).count_ones() <= 1
}

/// Lengths of the words typo correction is tried on.
const TYPO_WORD_CHARS: std::ops::RangeInclusive<usize> = 5..=24;

/// Whether `long` is `short` with one letter more, anywhere.
fn one_letter_more(short: &[char], long: &[char]) -> bool {
    if long.len() != short.len() + 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(a, b)| a == b).count();
    short[prefix..] == long[prefix + 1..]
}

/// Whether two different words of one length become the same with one letter taken from each
/// (a letter replaced, two swapped, or one moved). Only the stretch between their common prefix
/// and suffix can hold the two deletions, so one comparison of it, shifted by one, decides.
fn share_a_deletion(a: &[char], b: &[char]) -> bool {
    let n = a.len();
    if n != b.len() || a == b {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (i, j) = (prefix, n - 1 - suffix);
    a[i + 1..=j] == b[i..j] || a[i..j] == b[i + 1..=j]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_words_are_the_last_window_and_the_current_one() {
        let words: Vec<String> = (0..300).map(|i| i.to_string()).collect();
        let mut recent = Recent::new(3);
        for (i, word) in words.iter().enumerate() {
            recent.push(word);
            let expected: Vec<&str> = words[i.saturating_sub(3)..=i]
                .iter()
                .map(String::as_str)
                .collect();
            assert_eq!(recent.words(), expected.as_slice());
        }
    }

    fn diagnose(text: &str) -> Vec<String> {
        let kb = crate::kb::builtin().expect("built-in flows load");
        Diagnoser::new(&kb)
            .diagnose(text)
            .iter()
            .map(|m| kb.fix(m.fix).id.clone())
            .collect()
    }

    /// `diagnose` scores only the fixes that could reach the threshold; ranking every fix's
    /// breakdown must give the same matches, for every labelled paste and for each of its
    /// lines on its own (the shape of a log event).
    #[test]
    fn scoring_only_the_fixes_that_could_match_ranks_what_scoring_all_does() {
        let kb = crate::kb::builtin().expect("built-in flows load");
        let diagnoser = Diagnoser::new(&kb);
        let mut compared = 0;
        for paste in labelled_pastes() {
            for text in std::iter::once(paste.as_str()).chain(paste.lines()) {
                let all = diagnoser.breakdowns(&diagnoser.evidence(text));
                let every_fix = diagnoser.rank(diagnoser.entries.iter().map(|e| e.fix).zip(all));
                assert_eq!(diagnoser.diagnose(text), every_fix, "{text}");
                compared += 1;
            }
        }
        assert!(compared > 2_000, "only {compared} texts compared");
    }

    /// Every labelled paste of the corpora, for comparing two indexes on real text.
    fn labelled_pastes() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut pastes = Vec::new();
        for name in [
            "errors-public.jsonl",
            "errors-extra.jsonl",
            "errors-real.jsonl",
        ] {
            let text = std::fs::read_to_string(dir.join(name)).expect("corpus file");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let case: serde_json::Value = serde_json::from_str(line).expect("corpus line");
                pastes.push(case["text"].as_str().expect("text field").to_string());
            }
        }
        pastes
    }

    #[test]
    fn the_prepared_index_answers_exactly_like_one_built_from_the_flows() {
        let kb = crate::kb::builtin().expect("built-in flows load");
        let prepared = kb
            .prepared_index()
            .and_then(|p| postcard::from_bytes::<Diagnoser>(p.0).ok())
            .expect("the built-in knowledge carries an index that loads");
        let built = Diagnoser::build(&kb);
        let pastes = labelled_pastes();
        assert!(pastes.len() > 700, "{} pastes", pastes.len());
        for paste in &pastes {
            // Every fix's whole breakdown, not just the answer.
            assert_eq!(
                format!("{:?}", prepared.explain(paste)),
                format!("{:?}", built.explain(paste)),
                "{paste}"
            );
        }
    }

    #[test]
    fn knowledge_parsed_at_run_time_gets_an_index_built_for_it() {
        let kb = crate::kb::load_sources(&crate::kb::source::embedded()).expect("flows load");
        assert!(kb.prepared_index().is_none());
        let mut damaged = crate::kb::builtin().expect("built-in flows load");
        damaged.prepared_index = Some(crate::kb::PreparedIndex(&[0xff, 0xff, 0xff]));
        let paste = "AADSTS50011: The redirect URI specified in the request does not match";
        let expected = format!("{:?}", Diagnoser::new(&kb).explain(paste));
        // Bytes that do not load (a mismatched build) are not trusted: the index is rebuilt.
        assert_eq!(
            format!("{:?}", Diagnoser::new(&damaged).explain(paste)),
            expected
        );
    }

    #[test]
    fn codes_are_read_from_their_usual_contexts() {
        let families = [Family {
            prefix: "aadsts".into(),
            provider: ProviderIdx(1),
        }];
        let found = codes_in(
            &normalize("Error 215 and \"error_code\": 212, HTTP ERROR 400, AADSTS50011: x"),
            &families,
        );
        let connect = |number| Code {
            family: CONNECT_FAMILY,
            number,
        };
        assert_eq!(
            found,
            vec![
                connect(215),
                connect(212),
                Code {
                    family: 1,
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

    /// The outcome's kind and, for a fix or an uncovered service, what it names.
    fn answer(text: &str) -> (String, Option<String>) {
        let kb = crate::kb::builtin().expect("built-in flows load");
        let d = Diagnoser::new(&kb).diagnosis(&kb, text);
        let named = match &d.outcome {
            Outcome::Fix(f) => Some(kb.fix(*f).id.clone()),
            Outcome::NotCovered { service, .. } => {
                Some(kb.other_services()[*service].name.to_string())
            }
            _ => None,
        };
        (d.outcome.kind().to_string(), named)
    }

    #[test]
    fn a_workload_that_calls_the_provider_itself_is_not_connect() {
        // A GitHub Actions runner's stack: the GitHub fix is written for Connect's integration.
        let runner = "RequestError [HttpError]: Resource not accessible by integration\n    at /home/runner/work/_actions/acme/tool/v1/dist/index.js:10:5";
        let (kind, named) = answer(runner);
        assert_eq!(kind, "not_covered");
        assert!(named.is_some_and(|n| n.starts_with("GitHub Actions")));
        // The same error without the runner is the GitHub fix, and naming GitHub Actions in
        // passing does not take it away.
        let (kind, named) = answer(
            "Resource not accessible by integration (403) from api.github.com; we build with GitHub Actions",
        );
        assert_eq!(kind, "fix");
        assert_eq!(named.as_deref(), Some("github/resource-not-accessible"));
        // STS's SAML operation is not the web-identity call Connect's AWS integrations make.
        let (kind, _) = answer(
            "Not authorized to perform sts:AssumeRoleWithSAML (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied)",
        );
        assert_eq!(kind, "not_covered");
    }

    #[test]
    fn an_aws_error_code_is_the_error_field() {
        let (_, named) = answer(
            "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        );
        assert_eq!(named.as_deref(), Some("aws/assume-role-denied"));
        // Another code in the same frame is another error: not the trust-policy fix.
        let (_, named) = answer(
            "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Couldn't retrieve verification key from your identity provider",
        );
        assert_ne!(named.as_deref(), Some("aws/assume-role-denied"));
    }

    #[test]
    fn a_shared_code_names_a_fix_only_with_its_quoted_value() {
        let (_, named) = answer(
            "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
        );
        assert_eq!(named.as_deref(), Some("azure/missing-client-id"));
        for other in [
            "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
            "AADSTS900144",
            r#"{"error":"invalid_request","error_description":"AADSTS900144: Tc(truncated...)"#,
        ] {
            assert_eq!(answer(other).0, "not_known", "{other}");
        }
    }

    #[test]
    fn an_rfc_description_names_no_provider() {
        // RFC 6749's own words for invalid_scope: any provider prints them.
        let generic = "SimpleSAML\\Error\\AuthSource: [invalid_scope] The requested scope is invalid, unknown, or malformed. The OAuth 2.0 Client is not allowed to request scope 'profile'.";
        assert_ne!(answer(generic).0, "fix", "{generic}");
        let named = "Snowflake OAuth: The requested scope is invalid (scope session:role-any)";
        assert_eq!(answer(named).1.as_deref(), Some("snowflake/invalid-scope"));
    }

    #[test]
    fn a_sign_in_page_status_line_is_the_error_field() {
        // Google's policy page for another request error is not the redirect mismatch.
        let page = "Authorization Error\nError 400: invalid_request\n\nYou can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy for keeping apps secure.";
        assert_ne!(
            answer(page).1.as_deref(),
            Some("google/redirect-uri-mismatch")
        );
        let mismatch = "Error 400: redirect_uri_mismatch\n\nYou can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. If you're the app developer, register the redirect URI in the Google Cloud Console.";
        assert_eq!(
            answer(mismatch).1.as_deref(),
            Some("google/redirect-uri-mismatch")
        );
    }

    #[test]
    fn standard_runs_follow_one_description() {
        let mut pairs: StandardPairs = HashMap::default();
        // Two descriptions: 1 2 3 4 5 and 9 3 4 8.
        for (d, words) in [[1u32, 2, 3, 4, 5].as_slice(), &[9, 3, 4, 8]]
            .iter()
            .enumerate()
        {
            for (at, w) in words.windows(2).enumerate() {
                pairs
                    .entry((w[0], w[1]))
                    .or_default()
                    .push((small(d), small(at)));
            }
        }
        assert_eq!(
            standard_runs(&[7, 1, 2, 3, 4, 6], &pairs),
            [vec![1, 2, 3, 4]]
        );
        // 2 3 (first) then 3 4 8 (second): no single description has 2 3 4 8.
        assert!(standard_runs(&[2, 3, 4, 8], &pairs).is_empty());
    }

    #[test]
    fn typo_edits() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        assert!(one_letter_more(&c("rfresh"), &c("refresh")));
        assert!(!one_letter_more(&c("refresh"), &c("refresh")));
        assert!(share_a_deletion(&c("refersh"), &c("refresh"))); // swapped
        assert!(share_a_deletion(&c("refrash"), &c("refresh"))); // replaced
        assert!(share_a_deletion(&c("abc"), &c("bca"))); // one letter moved
        assert!(!share_a_deletion(&c("abcd"), &c("badc")));
        assert!(!share_a_deletion(&c("token"), &c("token")));
    }

    proptest::proptest! {
        /// The mask tests only ever rule out pairs the letter comparisons refuse. `b` is `a`
        /// with one letter added, replaced or moved; the alphabet mixes letters that share a
        /// mask bit (`a` and `!`, `b` and `"`).
        #[test]
        fn letter_masks_never_rule_out_a_typo(
            a in proptest::collection::vec(proptest::sample::select(vec!['a', 'b', '!', '"', 'c', 'é']), 1..8),
            at in 0usize..8,
            to in 0usize..8,
            letter in proptest::sample::select(vec!['a', 'b', '!', 'z']),
        ) {
            let (at, to) = (at % (a.len() + 1), to % a.len());
            let mut added = a.clone();
            added.insert(at, letter);
            let mut replaced = a.clone();
            replaced[to] = letter;
            let mut moved = a.clone();
            let taken = moved.remove(to);
            moved.insert(at.min(moved.len()), taken);
            let mask = letter_mask;
            if one_letter_more(&a, &added) {
                proptest::prop_assert!(may_be_one_letter_more(mask(&a), mask(&added)));
            }
            for other in [&replaced, &moved] {
                if share_a_deletion(&a, other) {
                    proptest::prop_assert!(may_share_a_deletion(mask(&a), mask(other)));
                }
            }
        }
    }

    #[test]
    fn unrelated_text_matches_nothing() {
        assert!(diagnose("ModuleNotFoundError: No module named 'pandas'").is_empty());
        assert!(diagnose("").is_empty());
    }
}
