//! Building the diagnosis index from a knowledge base, phase by phase: the vocabulary, a draft
//! of each fix's wordings, clues and codes, word weights from how many fixes use each word, the
//! entries the scorer reads, and the lookup tables over them (typo candidates, word pairs,
//! the entries each word appears in). build.rs runs this for the built-in flows; `--flows`
//! runs it at start-up.

use super::literal::LiteralFinder;
use super::normalize::{self, normalize};
use super::provider::Fingerprinter;
use super::{
    CONNECT_FAMILY, Clue, Code, Diagnoser, Entry, Family, GENERIC_CODE_DISCOUNT, HashMap, HashSet,
    MIN_CLAUSE_WEIGHT, MIN_CLAUSE_WORDS, Owner, PairIndex, STOPWORDS, SharedCode, StandardPairs,
    TYPO_WORD_CHARS, TokenId, WordsOfLength, clue, codes_in, id32, outcome, phrase, scored_code,
    small, split_clauses, standard_runs, structure,
};
use crate::kb::{FixIdx, KnowledgeBase};

/// Token ids of a wording, with the token runs of the standard codes written in it, and
/// whether the wording names an error identifier (`unauthorized_client: …`).
type Words = (Vec<TokenId>, Vec<(Vec<TokenId>, f32)>, bool);

/// One fix read into tokens, before word weights are known.
struct Draft {
    fix: FixIdx,
    wordings: Vec<Words>,
    clauses: Vec<Words>,
    clues: Vec<Clue>,
    codes: Vec<Code>,
    shared: Vec<SharedCode>,
    error_ids: Vec<String>,
    clue_ids: Vec<String>,
    expects_code: bool,
}

/// Every word seen, numbered in the order first seen.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, TokenId>,
}

impl Vocabulary {
    fn intern(&mut self, word: &str) -> TokenId {
        let next = id32(self.ids.len());
        *self.ids.entry(word.to_string()).or_insert(next)
    }

    /// The words by id.
    fn by_id(&self) -> Vec<&str> {
        let mut by_id: Vec<&str> = vec![""; self.ids.len()];
        for (word, &id) in &self.ids {
            by_id[id as usize] = word;
        }
        by_id
    }
}

pub(super) fn build(kb: &KnowledgeBase) -> Diagnoser {
    let families: Vec<Family> = kb
        .providers()
        .flat_map(|(idx, p)| {
            p.fingerprints.codes.iter().map(move |prefix| Family {
                prefix: prefix.to_ascii_lowercase(),
                provider: idx,
            })
        })
        .collect();
    let mut vocab = Vocabulary::default();
    let standard_pairs = standard_pairs(&mut vocab);
    let mut literal_clues: Vec<String> = Vec::new();
    let drafts: Vec<Draft> = kb
        .fixes()
        .map(|(idx, _)| {
            draft(
                kb,
                idx,
                &families,
                &standard_pairs,
                &mut vocab,
                &mut literal_clues,
            )
        })
        .collect();
    let by_id = vocab.by_id();
    let weights = token_weights(&drafts, &by_id);
    let claimed_error_ids: HashSet<String> = drafts
        .iter()
        .flat_map(|d| d.error_ids.iter().chain(&d.clue_ids).cloned())
        .collect();
    let mut sibling_ids = sibling_ids(kb, &drafts);
    let entries: Vec<Entry> = drafts
        .into_iter()
        .map(|d| {
            let siblings = std::mem::take(&mut sibling_ids[d.fix.0]);
            entry(kb, d, siblings, &weights, &by_id)
        })
        .collect();
    let (pair_index, entries_of_token) = word_indexes(&entries, by_id.len());
    let fingerprints = Fingerprinter::new(kb);
    Diagnoser {
        entries_of_token,
        entries,
        ends_fingerprint_word: by_id.iter().map(|w| fingerprints.ends_a_word(w)).collect(),
        is_stop: by_id.iter().map(|w| STOPWORDS.contains(w)).collect(),
        words_by_length: words_by_length(&vocab),
        vocab: vocab.ids,
        weights,
        pair_index,
        families,
        fingerprints,
        literal_clue_finder: LiteralFinder::from(literal_clues),
        claimed_error_ids,
        walk: outcome::WalkIndex::new(kb),
    }
}

/// Adjacent word pairs of RFC 6749's error descriptions, with where they stand: a stretch of
/// one description in a wording is generic like a standard code.
fn standard_pairs(vocab: &mut Vocabulary) -> StandardPairs {
    let mut standard_pairs: StandardPairs = HashMap::default();
    for (d, description) in structure::OAUTH_STANDARD_DESCRIPTIONS.iter().enumerate() {
        let ids: Vec<TokenId> = normalize::tokens(&normalize(description))
            .map(|w| vocab.intern(w))
            .collect();
        for (at, w) in ids.windows(2).enumerate() {
            standard_pairs
                .entry((w[0], w[1]))
                .or_default()
                .push((small(d), small(at)));
        }
    }
    standard_pairs
}

/// A fix's wordings, sentences, clues and codes as tokens.
fn draft(
    kb: &KnowledgeBase,
    idx: FixIdx,
    families: &[Family],
    standard_pairs: &StandardPairs,
    vocab: &mut Vocabulary,
    literal_clues: &mut Vec<String>,
) -> Draft {
    let fix = kb.fix(idx);
    let mut intern = |w: &str| vocab.intern(w);
    let texts: Vec<String> = fix.wordings().map(str::to_string).collect();
    let mut codes: Vec<Code> = Vec::new();
    let mut wordings = Vec::new();
    let mut clauses = Vec::new();
    let mut error_ids: Vec<String> = Vec::new();
    let mut expects_code = !texts.is_empty();
    for text in &texts {
        let stripped = normalize::strip_placeholders(text);
        let norm = normalize(&stripped);
        let ids: Vec<TokenId> = normalize::tokens(&norm).map(&mut intern).collect();
        let found = codes_in(&norm, families);
        expects_code &= found.iter().any(|c| c.family != CONNECT_FAMILY);
        codes.extend(found);
        let named_ids = structure::error_identifiers(text);
        let names_code = !named_ids.is_empty();
        error_ids.extend(named_ids);
        // Standard OAuth codes written whole in this wording (`redirect_uri_mismatch`, not the
        // `invalid_client` inside Salesforce's own `invalid_client_id`).
        let mut generic: Vec<(Vec<TokenId>, f32)> = structure::standard_codes_in(&norm)
            .map(|code| {
                let run = normalize::tokens(code).map(&mut intern).collect();
                (run, GENERIC_CODE_DISCOUNT)
            })
            .collect();
        generic.extend(
            standard_runs(&ids, standard_pairs)
                .into_iter()
                .map(|run| (run, GENERIC_CODE_DISCOUNT)),
        );
        wordings.push((ids, generic.clone(), names_code));
        for clause in split_clauses(&norm) {
            let ids: Vec<TokenId> = normalize::tokens(clause).map(&mut intern).collect();
            if ids.len() >= 2 {
                clauses.push((ids, generic.clone(), names_code));
            }
        }
    }
    codes.extend(fix.codes.iter().filter_map(|c| scored_code(c, families)));
    codes.sort();
    codes.dedup();
    error_ids.sort();
    error_ids.dedup();
    // Identifier clues (`invalid_client_credentials`) are what event lines put in their `error`
    // field for this fix: they confirm it, but their absence says nothing.
    let clue_ids: Vec<String> = fix
        .clues
        .iter()
        .map(|c| c.to_lowercase())
        .filter(|c| structure::is_error_identifier(c))
        .collect();
    let clues = fix
        .clues
        .iter()
        .filter_map(|c| clue(c, literal_clues, &mut intern))
        .collect();
    // A shared code needs the values its wording quotes ('client_id') beside it.
    let shared = fix
        .shared_codes
        .iter()
        .filter_map(|c| scored_code(c, families))
        .map(|code| {
            let needs = texts
                .iter()
                .filter(|t| codes_in(&normalize(t), families).contains(&code))
                .flat_map(|t| crate::kb::quoted_values(t))
                .filter_map(|v| clue(&v, literal_clues, &mut intern))
                .collect();
            SharedCode { code, needs }
        })
        .collect();
    Draft {
        fix: idx,
        wordings,
        clauses,
        clues,
        codes,
        shared,
        error_ids,
        clue_ids,
        expects_code,
    }
}

/// Every token's weight once, indexed by id (phrases look them up many times): the inverse of
/// how many fixes' wordings use it, a tenth of that for a stop word.
fn token_weights(drafts: &[Draft], by_id: &[&str]) -> Vec<f32> {
    let mut document_frequency: HashMap<TokenId, usize> = HashMap::default();
    for draft in drafts {
        let distinct: HashSet<TokenId> = draft
            .wordings
            .iter()
            .flat_map(|(ids, _, _)| ids)
            .copied()
            .collect();
        for id in distinct {
            *document_frequency.entry(id).or_default() += 1;
        }
    }
    let fix_count = drafts.len().max(1) as f32;
    (0..id32(by_id.len()))
        .map(|id| {
            let df = document_frequency.get(&id).copied().unwrap_or(1) as f32;
            let idf = (1.0 + fix_count / df).ln();
            if STOPWORDS.contains(&by_id[id as usize]) {
                idf * 0.1
            } else {
                idf
            }
        })
        .collect()
}

/// For each fix, the error identifiers of the fixes answering the same (non-root) question.
fn sibling_ids(kb: &KnowledgeBase, drafts: &[Draft]) -> Vec<Vec<String>> {
    let roots: Vec<crate::kb::QuestionIdx> = kb.providers().map(|(_, p)| p.root).collect();
    let mut sibling_ids: Vec<Vec<String>> = vec![Vec::new(); drafts.len()];
    for (q, question) in kb.questions() {
        if roots.contains(&q) {
            continue;
        }
        let fixes: Vec<usize> = question
            .answers
            .iter()
            .filter_map(|a| match a.next {
                crate::kb::Node::Fix(f) => Some(f.0),
                crate::kb::Node::Question(_) => None,
            })
            .collect();
        for &f in &fixes {
            for &g in fixes.iter().filter(|&&g| g != f) {
                let ids = drafts[g]
                    .error_ids
                    .iter()
                    .chain(&drafts[g].clue_ids)
                    .cloned();
                sibling_ids[f].extend(ids);
            }
        }
    }
    sibling_ids
}

/// What the scorer reads of one fix, its phrases weighed.
fn entry(
    kb: &KnowledgeBase,
    d: Draft,
    sibling_ids: Vec<String>,
    weights: &[f32],
    by_id: &[&str],
) -> Entry {
    let weight = |id: TokenId| -> f32 { weights[id as usize] };
    let fix = kb.fix(d.fix);
    Entry {
        fix: d.fix,
        owners: std::iter::once(fix.provider)
            .chain(fix.seen_with.iter().copied())
            .map(Owner::Provider)
            .collect(),
        vendor: !kb.provider(fix.provider).fingerprints.is_empty(),
        error_ids: d.error_ids,
        clue_ids: d.clue_ids,
        sibling_ids,
        phase: match fix.seen {
            crate::kb::Seen::Login => Some(structure::Phase::Login),
            crate::kb::Seen::Refresh => Some(structure::Phase::Refresh),
            _ => None,
        },
        expects_code: d.expects_code,
        wordings: d
            .wordings
            .iter()
            .map(|(w, generic, names_code)| phrase(w, &weight, generic, *names_code))
            .collect(),
        clauses: d
            .clauses
            .iter()
            .filter(|(c, _, _)| {
                let words: HashSet<&TokenId> = c
                    .iter()
                    .filter(|t| !STOPWORDS.contains(&by_id[**t as usize]))
                    .collect();
                words.len() >= MIN_CLAUSE_WORDS
            })
            .map(|(c, generic, names_code)| phrase(c, &weight, generic, *names_code))
            .filter(|p| p.token_weight >= MIN_CLAUSE_WEIGHT)
            .collect(),
        clues: d.clues,
        codes: d.codes,
        shared: d.shared,
    }
}

/// Vocabulary words around the typo-corrected lengths, by length: where a typo's correction
/// can be, compared directly.
fn words_by_length(vocab: &Vocabulary) -> Vec<WordsOfLength> {
    let mut by_length: Vec<Vec<(TokenId, Vec<char>)>> = vec![Vec::new(); TYPO_WORD_CHARS.end() + 2];
    for (word, &id) in &vocab.ids {
        let chars: Vec<char> = word.chars().collect();
        if (TYPO_WORD_CHARS.start() - 1..=TYPO_WORD_CHARS.end() + 1).contains(&chars.len()) {
            by_length[chars.len()].push((id, chars));
        }
    }
    by_length
        .into_iter()
        .enumerate()
        .map(|(length, mut words)| {
            words.sort_unstable_by_key(|(id, _)| *id);
            WordsOfLength::new(
                length,
                words.iter().map(|(id, _)| *id).collect(),
                words.into_iter().flat_map(|(_, chars)| chars).collect(),
            )
        })
        .collect()
}

/// In one pass over the entries: where each adjacent word pair stands in the wordings (clue
/// pairs included, with no places), and which entries each word appears in.
fn word_indexes(entries: &[Entry], vocab_len: usize) -> (PairIndex, Vec<Vec<u32>>) {
    let mut places_of_pair: HashMap<(TokenId, TokenId), Vec<(u32, u32)>> = HashMap::default();
    let mut entries_of_token: Vec<Vec<u32>> = vec![Vec::new(); vocab_len];
    for (e, entry) in entries.iter().enumerate() {
        let e = id32(e);
        for (w, wording) in entry.wordings.iter().enumerate() {
            for (pair, _) in &wording.pairs {
                places_of_pair.entry(*pair).or_default().push((e, id32(w)));
            }
        }
        // Pairs of clue words are looked for too, though no wording's run continues through
        // them: every pair scoring asks about is in the index, so the paste's other pairs are
        // not kept at all.
        let needs = entry.shared.iter().flat_map(|s| &s.needs);
        for clue in entry.clues.iter().chain(needs) {
            if let Clue::Words(words) = clue {
                for w in words.windows(2) {
                    places_of_pair.entry((w[0], w[1])).or_default();
                }
            }
        }
        for phrase in entry.wordings.iter().chain(&entry.clauses) {
            for &(token, _) in &phrase.tokens {
                let of_token = &mut entries_of_token[token as usize];
                if of_token.last() != Some(&e) {
                    of_token.push(e);
                }
            }
        }
    }
    (PairIndex::new(places_of_pair), entries_of_token)
}
