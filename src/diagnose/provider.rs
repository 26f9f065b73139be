//! Which provider (or uncovered service) a paste comes from, judged by the fingerprints each
//! flow declares: hosts and paths of the URLs in it, code families, package and product names.

/// Looked up once per word of a paste: a fast hasher (keys come from the flows, not the paste).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use super::literal::LiteralFinder;
use super::normalize;
use super::structure::Structure;
use crate::kb::{Fingerprints, KnowledgeBase, ProviderIdx, Strength};

/// Whose fingerprints a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Owner {
    Provider(ProviderIdx),
    /// Index into [`KnowledgeBase::other_services`].
    Other(usize),
}

/// The strongest evidence found for one owner, with what it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting {
    pub owner: Owner,
    pub strength: Strength,
    /// What was seen, for explanations: `host login.microsoftonline.com`.
    pub what: String,
}

/// What the paste says about where it comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderEvidence {
    pub sightings: Vec<Sighting>,
}

impl ProviderEvidence {
    pub fn strength_of(&self, owner: Owner) -> Option<Strength> {
        self.sightings
            .iter()
            .filter(|s| s.owner == owner)
            .map(|s| s.strength)
            .max()
    }

    /// Whether something other than `owners` was seen with at least `strength`.
    pub fn other_than(&self, owners: &[Owner], strength: Strength) -> bool {
        self.sightings
            .iter()
            .any(|s| !owners.contains(&s.owner) && s.strength >= strength)
    }

    /// The uncovered service seen most strongly, when no covered provider was seen as strongly.
    pub fn uncovered(&self) -> Option<&Sighting> {
        let best_other = self
            .sightings
            .iter()
            .filter(|s| matches!(s.owner, Owner::Other(_)))
            .max_by_key(|s| s.strength)?;
        let covered_as_strong = self
            .sightings
            .iter()
            .any(|s| matches!(s.owner, Owner::Provider(_)) && s.strength >= best_other.strength);
        (!covered_as_strong).then_some(best_other)
    }

    /// A numbered code of a family the owner declares.
    pub(crate) fn see_code(&mut self, owner: Owner, what: String) {
        self.see(owner, Strength::Strong, what);
    }

    fn see(&mut self, owner: Owner, strength: Strength, what: String) {
        match self.sightings.iter_mut().find(|s| s.owner == owner) {
            Some(s) if s.strength < strength => {
                s.strength = strength;
                s.what = what;
            }
            Some(_) => {}
            None => self.sightings.push(Sighting {
                owner,
                strength,
                what,
            }),
        }
    }
}

/// A package or product name, matched as words in a row (`snowflake connector` matches
/// `snowflake.connector` and `snowflake/connector/…`), or literally when it holds `_`
/// (`refresh_token_error`), since splitting that would turn it into everyday words.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct WordRule {
    owner: Owner,
    strength: Strength,
    text: String,
    tokens: Vec<String>,
}

/// Every fingerprint of the knowledge base, ready to match.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Fingerprinter {
    /// For each uncovered service, the providers it calls on its own.
    uses: Vec<(usize, Vec<ProviderIdx>)>,
    hosts: Vec<(Owner, crate::kb::HostPattern, String)>,
    paths: Vec<(Owner, crate::kb::PathPattern, String)>,
    literal_words: Vec<WordRule>,
    /// Finds the literal words' texts (`literal_words[i]` is pattern `i`).
    literal_finder: LiteralFinder,
    /// Last token of a multi-token or single-token word → rules ending in it.
    by_last_token: HashMap<String, Vec<usize>>,
    /// Lengths (bit n: n bytes, 63 and over share bit 63) and first bytes of those last
    /// tokens: most words of a log are ruled out without hashing them.
    last_token_lengths: u64,
    last_token_first_bytes: [u64; 4],
    token_words: Vec<WordRule>,
    longest_word: usize,
}

impl Fingerprinter {
    pub fn new(kb: &KnowledgeBase) -> Fingerprinter {
        let mut f = Fingerprinter::default();
        for (idx, provider) in kb.providers() {
            f.add(Owner::Provider(idx), &provider.fingerprints);
        }
        for (i, service) in kb.other_services().iter().enumerate() {
            f.add(Owner::Other(i), &service.fingerprints);
            if !service.uses.is_empty() {
                f.uses.push((i, service.uses.clone()));
            }
        }
        let texts: Vec<String> = f.literal_words.iter().map(|r| r.text.clone()).collect();
        f.literal_finder = LiteralFinder::from(texts);
        f
    }

    fn add(&mut self, owner: Owner, prints: &Fingerprints) {
        for host in &prints.hosts {
            self.hosts.push((owner, host.clone(), format!("{host:?}")));
        }
        for path in &prints.paths {
            self.paths.push((owner, path.clone(), format!("{path:?}")));
        }
        let words = prints
            .packages
            .iter()
            .map(|w| (w, Strength::Strong))
            .chain(prints.names.iter().map(|w| (w, Strength::Moderate)));
        for (word, strength) in words {
            let tokens: Vec<String> = normalize::tokens(word).map(str::to_string).collect();
            let rule = WordRule {
                owner,
                strength,
                text: word.clone(),
                tokens,
            };
            if word.contains('_') || rule.tokens.is_empty() {
                self.literal_words.push(rule);
            } else {
                let last = rule.tokens.last().cloned().unwrap_or_default();
                self.last_token_lengths |= length_bit(&last);
                if let Some(&first) = last.as_bytes().first() {
                    set_byte(&mut self.last_token_first_bytes, first);
                }
                self.longest_word = self.longest_word.max(rule.tokens.len());
                self.by_last_token
                    .entry(last)
                    .or_default()
                    .push(self.token_words.len());
                self.token_words.push(rule);
            }
        }
    }

    /// Whether `token` ends a word rule; the caller then confirms with [`Self::confirm`].
    pub fn ends_a_word(&self, token: &str) -> bool {
        let Some(&first) = token.as_bytes().first() else {
            return false;
        };
        self.last_token_lengths & length_bit(token) != 0
            && has_byte(&self.last_token_first_bytes, first)
            && self.by_last_token.contains_key(token)
    }

    /// How many previous tokens [`Self::confirm`] may need.
    pub fn window(&self) -> usize {
        self.longest_word
    }

    /// Records every word rule that `recent` (the last tokens of the paste, current one last)
    /// completes.
    pub fn confirm(&self, recent: &[&str], evidence: &mut ProviderEvidence) {
        let Some(last) = recent.last() else { return };
        for &i in self.by_last_token.get(*last).into_iter().flatten() {
            let rule = &self.token_words[i];
            let n = rule.tokens.len();
            if recent.len() >= n && recent[recent.len() - n..].iter().eq(rule.tokens.iter()) {
                evidence.see(rule.owner, rule.strength, format!("'{}'", rule.text));
            }
        }
    }

    /// Once everything is seen: a service seen clearly next to a provider it calls on its own (a GitHub
    /// Actions runner's paths beside an AWS STS error) is where the paste comes from. The
    /// provider's sightings go, and the service is seen as strongly as they were, so the
    /// provider's fixes, written for Connect, are ruled out.
    pub fn settle(&self, evidence: &mut ProviderEvidence) {
        for (service, providers) in &self.uses {
            // A name said in passing ("we deploy with GitHub Actions") is not where the
            // paste comes from; a host, path or package is.
            let Some(seen) = evidence
                .strength_of(Owner::Other(*service))
                .filter(|s| *s >= Strength::Strong)
            else {
                continue;
            };
            let mut strongest = seen;
            let mut absorbed = Vec::new();
            evidence.sightings.retain(|s| match s.owner {
                Owner::Provider(p) if providers.contains(&p) => {
                    strongest = strongest.max(s.strength);
                    absorbed.push(s.what.clone());
                    false
                }
                _ => true,
            });
            if absorbed.is_empty() {
                continue;
            }
            if let Some(s) = evidence
                .sightings
                .iter_mut()
                .find(|s| s.owner == Owner::Other(*service))
            {
                s.strength = strongest;
                s.what = format!("{} (with {})", s.what, absorbed.join(", "));
            }
        }
    }

    /// Evidence from the paste's structure (hosts, paths) and literal words in `norm`.
    pub fn observe(&self, structure: &Structure, norm: &str, evidence: &mut ProviderEvidence) {
        for host in &structure.hosts {
            for (owner, pattern, _) in &self.hosts {
                if pattern.matches(host) {
                    evidence.see(*owner, Strength::Strong, format!("host {host}"));
                }
            }
        }
        for path in &structure.paths {
            for (owner, pattern, _) in &self.paths {
                if pattern.matches(path) {
                    evidence.see(*owner, Strength::Strong, format!("path {path}"));
                }
            }
        }
        for i in self.literal_finder.find(norm) {
            let rule = &self.literal_words[i as usize];
            evidence.see(rule.owner, rule.strength, format!("'{}'", rule.text));
        }
    }
}

/// A set of bytes as 256 bits.
fn set_byte(set: &mut [u64; 4], b: u8) {
    set[usize::from(b >> 6)] |= 1 << (b & 63);
}

fn has_byte(set: &[u64; 4], b: u8) -> bool {
    set[usize::from(b >> 6)] & (1 << (b & 63)) != 0
}

/// The bit of [`Fingerprinter::last_token_lengths`] for a word of this length.
fn length_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_words_need_boundaries() {
        let kb = crate::kb::builtin().expect("built-in flows load");
        let prints = Fingerprinter::new(&kb);
        let seen = |text: &str| {
            let mut evidence = ProviderEvidence::default();
            prints.observe(&Structure::default(), text, &mut evidence);
            evidence
                .sightings
                .iter()
                .any(|s| s.what.contains("code_to_token_error"))
        };
        assert!(seen("type=code_to_token_error, x"));
        assert!(!seen("xcode_to_token_errors"));
    }
}
