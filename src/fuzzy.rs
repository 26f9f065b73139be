//! Fuzzy search over everything in the knowledge base, behind a small trait of our own.
//!
//! `fuzzy-matcher` is frozen (last release 2020) and ASCII-only for smart case, so callers only
//! see [`FuzzyMatcher`]; swapping in nucleo-matcher or frizbee touches [`SkimMatcher`] alone.
//! `cargo bench --bench tui` compares nucleo-matcher behind this trait (same prefilter, same
//! subsequence semantics): it scores faster, but ranks the fix a query was taken from first less
//! often (141 of 255 queries against skim's 166), and without the prefilter below a keystroke
//! at 50× the shipped knowledge costs milliseconds. So skim stays, and so does the prefilter.
//!
//! The [`SearchIndex`] is built once at start-up. Each keystroke scores every entry (a few
//! hundred with the shipped flows); when the new query extends the previous one, only the
//! previous hits can still match, so typing narrows an ever smaller candidate set.

use fuzzy_matcher::FuzzyMatcher as _;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::kb::{FixIdx, KnowledgeBase, Node, ProviderIdx, QuestionIdx};

/// Scores `needle` against `haystack`: `None` when it does not match, otherwise a score (higher
/// is better) and the *char* indices of `haystack` that matched.
pub trait FuzzyMatcher: Send + Sync {
    fn score(&self, haystack: &str, needle: &str) -> Option<(i64, Vec<usize>)>;

    /// The score alone; implementations may skip computing indices.
    fn score_only(&self, haystack: &str, needle: &str) -> Option<i64> {
        self.score(haystack, needle).map(|(score, _)| score)
    }
}

/// `fuzzy-matcher`'s skim V2 algorithm, smart case.
#[derive(Default)]
pub struct SkimMatcher(SkimMatcherV2);

impl FuzzyMatcher for SkimMatcher {
    fn score(&self, haystack: &str, needle: &str) -> Option<(i64, Vec<usize>)> {
        self.0.fuzzy_indices(haystack, needle)
    }

    fn score_only(&self, haystack: &str, needle: &str) -> Option<i64> {
        self.0.fuzzy_match(haystack, needle)
    }
}

/// What a search hit leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A provider's list of symptoms.
    Provider(ProviderIdx),
    /// One symptom (answer `answer` of the provider's root question).
    Symptom {
        question: QuestionIdx,
        answer: usize,
    },
    Question(QuestionIdx),
    Fix(FixIdx),
    /// One of a fix's error texts; leads to the fix.
    ErrorText(FixIdx),
}

impl Target {
    /// A one-word label shown next to each hit.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Provider(_) => "provider",
            Target::Symptom { .. } => "symptom",
            Target::Question(_) => "question",
            Target::Fix(_) => "fix",
            Target::ErrorText(_) => "error",
        }
    }

    /// The node a walk should stand on after choosing this hit.
    pub fn node(self, kb: &KnowledgeBase) -> Node {
        match self {
            Target::Provider(p) => Node::Question(kb.provider(p).root),
            Target::Symptom { question, answer } => kb.question(question).answers[answer].next,
            Target::Question(q) => Node::Question(q),
            Target::Fix(f) | Target::ErrorText(f) => Node::Fix(f),
        }
    }
}

/// One searchable line.
#[derive(Debug, Clone)]
pub struct Entry {
    pub target: Target,
    /// The text searched and shown, on one line (from [`crate::text::SafeText`]).
    pub text: String,
    /// Where it belongs, shown dimmed after the text (provider name, or the fix an error leads to).
    pub context: String,
    /// The provider's short name ("Azure"), shown on every row.
    pub provider: String,
    /// Where choosing it leads; hits are listed once per destination.
    pub destination: Node,
}

impl Entry {
    fn new(kb: &KnowledgeBase, target: Target, text: String, context: String) -> Entry {
        let destination = target.node(kb);
        let provider =
            crate::walk::short_provider_name(&kb.provider(kb.node_provider(destination)).name);
        Entry {
            target,
            text,
            context,
            provider,
            destination,
        }
    }
}

/// Every entry's text lower-cased, in one buffer: the quick check of a keystroke reads it
/// front to back instead of chasing one allocation per entry, which matters with tens of
/// thousands of entries.
#[derive(Debug, Default)]
struct Folded {
    text: String,
    /// Byte range of each entry in `text`.
    spans: Vec<(u32, u32)>,
    /// Which of a-z, 0-9 occur in each entry (bit per character), for the quicker pre-check.
    masks: Vec<u64>,
}

impl Folded {
    fn new(entries: &[Entry]) -> Folded {
        let mut folded = Folded::default();
        for entry in entries {
            let start = folded.text.len();
            folded
                .text
                .extend(entry.text.chars().flat_map(char::to_lowercase));
            folded.masks.push(char_mask(folded.text[start..].chars()));
            #[expect(
                clippy::cast_possible_truncation,
                reason = "the folded text of the knowledge base is far below 4 GB"
            )]
            folded.spans.push((start as u32, folded.text.len() as u32));
        }
        folded
    }

    fn of(&self, entry: usize) -> &str {
        let (start, end) = self.spans[entry];
        &self.text[start as usize..end as usize]
    }
}

/// One bit per ASCII letter or digit present.
fn char_mask(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |mask, c| match c {
        'a'..='z' => mask | 1 << (c as u32 - 'a' as u32),
        '0'..='9' => mask | 1 << (26 + c as u32 - '0' as u32),
        _ => mask,
    })
}

/// A unit of folded text the quick check compares: a byte of ASCII text (the usual case, and
/// four times less memory to scan than `char`s) or a `char`.
trait Unit: Copy + PartialEq {
    fn is_space(self) -> bool;
    fn is_word(self) -> bool;
}

impl Unit for u8 {
    fn is_space(self) -> bool {
        self == b' '
    }
    fn is_word(self) -> bool {
        self.is_ascii_alphanumeric()
    }
}

impl Unit for char {
    fn is_space(self) -> bool {
        self == ' '
    }
    fn is_word(self) -> bool {
        self.is_alphanumeric()
    }
}

/// A quick, approximate score: `needle` (folded) must occur in order in `hay`; matches at word
/// starts and in runs score higher, a late first match lower. `None` when it does not occur.
/// ASCII needles are compared byte-wise: UTF-8 continuation bytes never equal an ASCII byte.
fn quick_score<T: Unit>(hay: &[T], needle: &[T]) -> Option<i64> {
    let mut score = 0i64;
    let mut at = 0usize;
    let mut previous: Option<usize> = None;
    for &n in needle {
        if n.is_space() {
            continue;
        }
        let found = at + hay[at..].iter().position(|&h| h == n)?;
        let word_start = found == 0 || !hay[found - 1].is_word();
        score += 16;
        if word_start {
            score += 8;
        }
        if previous.is_some_and(|p| p + 1 == found) {
            score += 12;
        }
        if previous.is_none() {
            score -= found.min(32) as i64;
        }
        previous = Some(found);
        at = found + 1;
    }
    Some(score)
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`SearchIndex::entries`].
    pub entry: usize,
    pub score: i64,
    /// Char indices of the entry's `text` that matched, for highlighting.
    pub indices: Vec<usize>,
}

/// Error texts are long; matching is limited to their start, which is what people type.
const ERROR_TEXT_MAX_CHARS: usize = 160;

pub struct SearchIndex {
    entries: Vec<Entry>,
    folded: Folded,
    matcher: Box<dyn FuzzyMatcher>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Every provider, symptom, question, fix and error text, in knowledge-base order.
    pub fn build(kb: &KnowledgeBase) -> SearchIndex {
        SearchIndex::with_matcher(kb, Box::new(SkimMatcher::default()))
    }

    pub fn with_matcher(kb: &KnowledgeBase, matcher: Box<dyn FuzzyMatcher>) -> SearchIndex {
        let line = |text: &crate::text::SafeText| text.to_one_line().into_string();
        let mut entries = Vec::new();
        for (p, provider) in kb.providers() {
            let name = line(&provider.name);
            entries.push(Entry::new(
                kb,
                Target::Provider(p),
                name.clone(),
                line(&provider.summary),
            ));
            for (i, answer) in kb.question(provider.root).answers.iter().enumerate() {
                entries.push(Entry::new(
                    kb,
                    Target::Symptom {
                        question: provider.root,
                        answer: i,
                    },
                    line(&answer.label),
                    name.clone(),
                ));
            }
        }
        for (q, question) in kb.questions() {
            if kb.provider(question.provider).root == q {
                continue; // the root question is the provider entry
            }
            entries.push(Entry::new(
                kb,
                Target::Question(q),
                line(&question.text),
                crate::walk::short_provider_name(&kb.provider(question.provider).name),
            ));
        }
        for (f, fix) in kb.fixes() {
            let provider = crate::walk::short_provider_name(&kb.provider(fix.provider).name);
            let title = line(&fix.title);
            entries.push(Entry::new(kb, Target::Fix(f), title.clone(), provider));
            for error in fix.errors.iter().map(|e| e.raw()).chain(&fix.variants) {
                let text: String = error
                    .to_one_line()
                    .chars()
                    .take(ERROR_TEXT_MAX_CHARS)
                    .collect();
                entries.push(Entry::new(
                    kb,
                    Target::ErrorText(f),
                    text,
                    format!("→ {title}"),
                ));
            }
        }
        let folded = Folded::new(&entries);
        SearchIndex {
            entries,
            folded,
            matcher,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, hit: &Hit) -> &Entry {
        &self.entries[hit.entry]
    }

    /// Hits best first (ties keep knowledge-base order). An empty query lists every entry.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_within(query, None).hits
    }

    /// Searches only among `candidates` (entry indices) when given. Pass the previous
    /// [`Found::matched`] when the query grew by typing: an entry that did not match a prefix of
    /// the query cannot match the whole of it.
    ///
    /// Every candidate gets a quick in-order check and score; the best [`PRECISE_RANKED`] of
    /// those are then scored (and highlighted) by the [`FuzzyMatcher`]. With a few hundred
    /// entries that is all of them; with tens of thousands it keeps a keystroke cheap.
    pub fn search_within(&self, query: &str, candidates: Option<&[usize]>) -> Found {
        let query = query.trim();
        let all: Vec<usize>;
        let candidates = match candidates {
            Some(c) => c,
            None => {
                all = (0..self.entries.len()).collect();
                &all
            }
        };
        if query.is_empty() {
            let hits = self.one_per_destination(candidates.iter().map(|&entry| Hit {
                entry,
                score: 0,
                indices: Vec::new(),
            }));
            return Found {
                hits,
                matched: candidates.to_vec(),
            };
        }
        // Space means "and", as in fzf and television: every word must match, in any order.
        let terms: Vec<&str> = query.split_whitespace().collect();
        let needles: Vec<Vec<char>> = terms
            .iter()
            .map(|t| t.chars().flat_map(char::to_lowercase).collect())
            .collect();
        let needle_mask = needles
            .iter()
            .fold(0, |mask, n| mask | char_mask(n.iter().copied()));
        let needles_bytes: Option<Vec<Vec<u8>>> = needles
            .iter()
            .map(|n| {
                n.iter()
                    .all(char::is_ascii)
                    .then(|| n.iter().map(|&c| c as u8).collect())
            })
            .collect();
        let mut quick: Vec<(i64, usize)> = candidates
            .iter()
            .filter(|&&i| self.folded.masks[i] & needle_mask == needle_mask)
            .filter_map(|&i| {
                let folded = self.folded.of(i);
                let score = match &needles_bytes {
                    Some(all) => all
                        .iter()
                        .map(|n| quick_score(folded.as_bytes(), n))
                        .sum::<Option<i64>>(),
                    None => {
                        let chars: Vec<char> = folded.chars().collect();
                        needles
                            .iter()
                            .map(|n| quick_score(&chars, n))
                            .sum::<Option<i64>>()
                    }
                };
                score.map(|score| (score, i))
            })
            .collect();
        let matched_quick: Vec<usize> = quick.iter().map(|&(_, i)| i).collect();
        if let [only] = needles.as_slice()
            && let [only] = only.as_slice()
        {
            // One character: the precise matcher could only agree with the quick score, and the
            // highlight is where the character first occurs. This is the widest search (nothing
            // to narrow from yet), so skipping the matcher keeps the first keystroke cheap.
            let hits = self.best_per_destination(&mut quick, |score, entry| Hit {
                entry,
                score,
                indices: first_occurrence(&self.entries[entry].text, *only)
                    .into_iter()
                    .collect(),
            });
            return Found {
                hits,
                matched: matched_quick,
            };
        }
        if quick.len() > PRECISE_RANKED {
            quick.select_nth_unstable_by(PRECISE_RANKED, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            quick.truncate(PRECISE_RANKED);
        }
        let mut hits: Vec<Hit> = quick
            .iter()
            .filter_map(|&(_, entry)| {
                let text = &self.entries[entry].text;
                let mut score = 0;
                let mut indices = Vec::new();
                for term in &terms {
                    let (s, i) = self.matcher.score(text, term)?;
                    score += s;
                    indices.extend(i);
                }
                indices.sort_unstable();
                indices.dedup();
                Some(Hit {
                    entry,
                    score,
                    indices,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.entry.cmp(&b.entry)));
        // The matcher may be stricter than the quick check; keep what it could still match.
        let matched = if matched_quick.len() > PRECISE_RANKED {
            matched_quick
        } else {
            hits.iter().map(|h| h.entry).collect()
        };
        let hits = self.one_per_destination(hits.into_iter());
        Found { hits, matched }
    }

    /// What [`Self::one_per_destination`] picks from `quick` sorted best first (higher score,
    /// then lower entry), sorting only as much of it as that needs. A first keystroke matches
    /// most of 23,000 entries at 50× the shipped flows, and sorting them all was most of its
    /// cost. The order is total, so the best `k` sorted are the first `k` of the whole sorted
    /// list; `k` grows until the listed destinations are found or nothing is left.
    fn best_per_destination(
        &self,
        quick: &mut [(i64, usize)],
        hit: impl Fn(i64, usize) -> Hit,
    ) -> Vec<Hit> {
        let best_first = |a: &(i64, usize), b: &(i64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut k = quick.len().min(MAX_HITS * 4);
        loop {
            if k < quick.len() {
                quick.select_nth_unstable_by(k, best_first);
            }
            let (best, _) = quick.split_at_mut(k);
            best.sort_by(best_first);
            let hits =
                self.one_per_destination(best.iter().map(|&(score, entry)| hit(score, entry)));
            if hits.len() == MAX_HITS || k == quick.len() {
                return hits;
            }
            k = quick.len().min(k * 4);
        }
    }

    /// The best hit for each destination, in order, at most [`MAX_HITS`]: a fix found by its
    /// title, its symptom and its error text is one row, not three.
    fn one_per_destination(&self, hits: impl Iterator<Item = Hit>) -> Vec<Hit> {
        let mut seen = std::collections::HashSet::new();
        hits.filter(|hit| seen.insert(self.entries[hit.entry].destination))
            .take(MAX_HITS)
            .collect()
    }
}

/// The char index of the first occurrence of `folded` (a lower-case char) in `text`.
fn first_occurrence(text: &str, folded: char) -> Option<usize> {
    text.chars()
        .position(|c| c.to_lowercase().next() == Some(folded))
}

/// At most this many entries are ranked by the precise matcher per keystroke.
pub const PRECISE_RANKED: usize = 50;
/// At most this many hits are listed (no one scrolls further).
pub const MAX_HITS: usize = PRECISE_RANKED;

/// The result of one search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The best hits, best first, with highlight indices.
    pub hits: Vec<Hit>,
    /// Every entry that may match (a superset of `hits`), to narrow the next keystroke's search.
    pub matched: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> (KnowledgeBase, SearchIndex) {
        let kb = crate::kb::builtin().expect("built-in flows load");
        let index = SearchIndex::build(&kb);
        (kb, index)
    }

    #[test]
    fn finds_an_error_code_and_highlights_it() {
        let (kb, index) = index();
        let hits = index.search("AADSTS50011");
        let best = index.entry(&hits[0]);
        assert_eq!(
            best.target.node(&kb),
            Node::Fix(kb.fix_by_id("azure/redirect-uri-mismatch").unwrap())
        );
        let highlighted: String = best
            .text
            .chars()
            .enumerate()
            .filter(|(i, _)| hits[0].indices.contains(i))
            .map(|(_, c)| c)
            .collect();
        assert_eq!(highlighted, "AADSTS50011");
    }

    #[test]
    fn one_character_highlights_its_first_occurrence_and_prefers_word_starts() {
        let (_, index) = index();
        let hits = index.search("K");
        assert!(!hits.is_empty());
        for hit in &hits {
            let text: Vec<char> = index.entry(hit).text.chars().collect();
            assert_eq!(hit.indices.len(), 1);
            assert_eq!(text[hit.indices[0]].to_lowercase().next(), Some('k'));
            assert!(
                !text[..hit.indices[0]]
                    .iter()
                    .any(|c| c.to_lowercase().next() == Some('k'))
            );
        }
        let best: Vec<char> = index.entry(&hits[0]).text.chars().collect();
        let at = hits[0].indices[0];
        assert!(
            at == 0 || !best[at - 1].is_alphanumeric(),
            "best hit should match at a word start"
        );
    }

    #[test]
    fn indexes_every_kind_of_entry() {
        let (_, index) = index();
        for kind in ["provider", "symptom", "question", "fix", "error"] {
            assert!(
                index.entries().iter().any(|e| e.target.kind() == kind),
                "no {kind} entry"
            );
        }
        assert!(!index.search("").is_empty());
        assert!(index.search("zzzzqqqq").is_empty());
    }

    proptest::proptest! {
        /// Sorting only the best part of the quick scores picks what sorting all of them picks.
        #[test]
        fn the_best_part_sorted_picks_what_the_whole_sorted_does(
            // Entries from the first few (a handful of destinations, never enough to fill the
            // list) or from all, so both the early stop and the growing are taken.
            scores in proptest::collection::vec(
                (0i64..6, proptest::prop_oneof![0usize..40, 0usize..10_000]),
                0..2_000,
            ),
        ) {
            let (_, index) = index();
            let n = index.entries().len();
            let mut quick: Vec<(i64, usize)> =
                scores.into_iter().map(|(score, entry)| (score, entry % n)).collect();
            let hit = |score, entry| Hit { entry, score, indices: Vec::new() };
            let mut whole = quick.clone();
            whole.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let expected = index.one_per_destination(whole.iter().map(|&(s, e)| hit(s, e)));
            proptest::prop_assert_eq!(index.best_per_destination(&mut quick, hit), expected);
        }
    }

    #[test]
    fn narrowing_within_previous_hits_gives_the_same_answer() {
        let (_, index) = index();
        let first = index.search_within("redir", None);
        assert_eq!(
            index.search_within("redirect", Some(&first.matched)).hits,
            index.search("redirect")
        );
    }

    #[test]
    fn space_means_and_in_any_order() {
        let (_, index) = index();
        let both = index.search("uri mismatch");
        assert!(both.len() > 1, "{} hits", both.len());
        for hit in &both {
            let text = index.entry(hit).text.to_lowercase();
            assert!(
                index
                    .matcher
                    .score(&text, "uri")
                    .and(index.matcher.score(&text, "mismatch"))
                    .is_some(),
                "{text}"
            );
        }
        let reversed: Vec<usize> = index
            .search("mismatch uri")
            .iter()
            .map(|h| h.entry)
            .collect();
        let mut a: Vec<usize> = both.iter().map(|h| h.entry).collect();
        let mut b = reversed;
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "the order of the words does not matter");
    }

    #[test]
    fn one_row_per_destination() {
        let (_, index) = index();
        for query in ["redirect", "secret", "AADSTS", "refresh token"] {
            let hits = index.search(query);
            let mut destinations: Vec<Node> =
                hits.iter().map(|h| index.entry(h).destination).collect();
            let before = destinations.len();
            destinations.sort_by_key(|n| format!("{n:?}"));
            destinations.dedup();
            assert_eq!(destinations.len(), before, "{query}: a destination twice");
        }
    }

    struct Exact;
    impl FuzzyMatcher for Exact {
        fn score(&self, haystack: &str, needle: &str) -> Option<(i64, Vec<usize>)> {
            let at = haystack.find(needle)?;
            let start = haystack[..at].chars().count();
            Some((1, (start..start + needle.chars().count()).collect()))
        }
    }

    #[test]
    fn the_matcher_can_be_swapped() {
        let kb = crate::kb::builtin().unwrap();
        let index = SearchIndex::with_matcher(&kb, Box::new(Exact));
        let hits = index.search("Snowflake");
        assert!(!hits.is_empty());
        assert!(
            hits.iter()
                .all(|h| index.entry(h).text.contains("Snowflake"))
        );
        assert!(index.search("snwflk").is_empty());
    }
}
