//! From ranked matches to what the person is told: one fix, the question that decides between
//! fixes, "this service is not covered", or "not known".
//!
//! Wrong advice is worse than none, so a fix is given only when the evidence names it: where the
//! best matches are equally good for different providers, or the walk asks a question the paste
//! cannot answer (which provider? at login or at refresh?), the answer is that question.

use std::collections::HashMap;

use super::provider::{Owner, ProviderEvidence};
use super::structure::Structure;
use super::{Breakdown, Match, ProviderSupport};
use crate::kb::{FixIdx, KnowledgeBase, Node, ProviderIdx, QuestionIdx, Strength};

/// Scores closer than this are a tie: the paste cannot tell the two apart.
pub const TIE_MARGIN: f32 = 0.08;
/// A match of another provider this close to the best makes the best one a guess.
const RIVAL_MARGIN: f32 = 0.12;
/// How much less of its wording a rival may match than the best and still rival it.
const WHOLE_WORDING_MARGIN: f32 = 0.25;
/// When the best match rests on common words alone, another provider's fix this good is a
/// real alternative.
const WEAK_RIVAL_FLOOR: f32 = 0.35;
/// ... and no further below the best than this.
const WEAK_RIVAL_GAP: f32 = 0.3;
/// How deep below a question its answers are followed to find the fixes they lead to.
const REACH_DEPTH: usize = 4;

/// Everything a diagnosis says about one paste.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// Confident matches, best first (the `matches` of `diagnose --json`).
    pub matches: Vec<Match>,
    pub outcome: Outcome,
    pub structure: Structure,
    pub providers: ProviderEvidence,
}

/// What to tell the person.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The evidence names one error and one cause.
    Fix(FixIdx),
    /// The evidence names an error but not which of its fixes.
    Ask(Ask),
    /// The paste comes from a service the knowledge base does not cover.
    NotCovered {
        /// Index into [`KnowledgeBase::other_services`].
        service: usize,
        /// What gave it away (`host slack.com`).
        seen: String,
    },
    /// Nothing known well enough.
    NotKnown,
}

/// The question that decides.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// A question of the walk; `supported` lists the answers the evidence points at (by index),
    /// possibly none.
    Question {
        question: QuestionIdx,
        supported: Vec<usize>,
    },
    /// The same error is known for several providers and the paste does not say which.
    Provider { candidates: Vec<Candidate> },
}

/// One fix a [`Ask::Provider`] question can lead to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub fix: FixIdx,
    pub provider: ProviderIdx,
}

impl Outcome {
    /// The fix the answer leads to, when it leads to exactly one.
    pub fn fix(&self) -> Option<FixIdx> {
        match self {
            Outcome::Fix(f) => Some(*f),
            _ => None,
        }
    }

    /// `fix`, `question`, `not_covered` or `not_known`, as `diagnose --json` spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Fix(_) => "fix",
            Outcome::Ask(_) => "question",
            Outcome::NotCovered { .. } => "not_covered",
            Outcome::NotKnown => "not_known",
        }
    }
}

/// What the walk knows about fixes: the questions whose answers lead to each, and the fixes each
/// answer leads to. Built once with the diagnoser.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct WalkIndex {
    /// Fix → (question, answer) pairs whose answer leads straight to it; providers' symptom
    /// lists are menus, not questions, and are left out.
    parents: HashMap<FixIdx, Vec<(QuestionIdx, usize)>>,
    /// (question, answer) → the fixes that answer leads to.
    reach: HashMap<(QuestionIdx, usize), Vec<FixIdx>>,
    /// Fixes with at least one error text or variant: only those can be judged from a paste.
    has_wording: Vec<bool>,
    provider_of: Vec<ProviderIdx>,
    vendor: Vec<bool>,
}

impl WalkIndex {
    pub fn new(kb: &KnowledgeBase) -> WalkIndex {
        let roots: Vec<QuestionIdx> = kb.providers().map(|(_, p)| p.root).collect();
        let mut index = WalkIndex {
            has_wording: kb
                .fixes()
                .map(|(_, f)| !f.errors.is_empty() || !f.variants.is_empty())
                .collect(),
            provider_of: kb.fixes().map(|(_, f)| f.provider).collect(),
            vendor: kb
                .fixes()
                .map(|(_, f)| !kb.provider(f.provider).fingerprints.is_empty())
                .collect(),
            ..WalkIndex::default()
        };
        for (q, question) in kb.questions() {
            if roots.contains(&q) {
                continue;
            }
            for (a, answer) in question.answers.iter().enumerate() {
                if let Node::Fix(f) = answer.next {
                    index.parents.entry(f).or_default().push((q, a));
                }
                let mut fixes = Vec::new();
                collect_fixes(kb, answer.next, REACH_DEPTH, &mut fixes);
                index.reach.insert((q, a), fixes);
            }
        }
        index
    }
}

fn collect_fixes(kb: &KnowledgeBase, node: Node, depth: usize, into: &mut Vec<FixIdx>) {
    match node {
        Node::Fix(f) => {
            if !into.contains(&f) {
                into.push(f);
            }
        }
        Node::Question(q) if depth > 0 => {
            for answer in &kb.question(q).answers {
                collect_fixes(kb, answer.next, depth - 1, into);
            }
        }
        Node::Question(_) => {}
    }
}

/// Decides the outcome from the ranked `matches` and every fix's evidence (`all`, indexed by
/// fix).
pub fn decide(
    kb: &KnowledgeBase,
    walk: &WalkIndex,
    matches: Vec<Match>,
    all: &[Breakdown],
    structure: Structure,
    providers: ProviderEvidence,
) -> Diagnosis {
    let outcome = choose(kb, walk, &matches, all, &providers);
    // Nothing names the provider of an error several providers print: no fix is a confident
    // answer, so none is listed as one (scripts read `matches` as advice).
    let matches = match outcome {
        Outcome::Ask(Ask::Provider { .. }) => Vec::new(),
        _ => matches,
    };
    Diagnosis {
        matches,
        outcome,
        structure,
        providers,
    }
}

fn choose(
    kb: &KnowledgeBase,
    walk: &WalkIndex,
    matches: &[Match],
    all: &[Breakdown],
    providers: &ProviderEvidence,
) -> Outcome {
    let Some(top) = matches.first() else {
        if let Some(outcome) = shared_code_question(walk, all, providers) {
            return outcome;
        }
        return match providers.uncovered() {
            Some(sighting) => match sighting.owner {
                Owner::Other(service) => Outcome::NotCovered {
                    service,
                    seen: sighting.what.clone(),
                },
                Owner::Provider(_) => Outcome::NotKnown,
            },
            None => Outcome::NotKnown,
        };
    };
    let score = |f: FixIdx| all[f.0].score().min(1.0);
    let top_score = score(top.fix);

    // The paste comes from the other step (login vs refresh) than the best fix is about, and
    // the flow names that fix's counterpart as the next likely cause: Keycloak prints the same
    // words at both steps.
    if all[top.fix.0].phase == super::PhaseMatch::Other
        && let Some(Node::Fix(next)) = kb.fix(top.fix).if_not_fixed
        && all[next.0].phase == super::PhaseMatch::Same
        && walk.provider_of[next.0] == walk.provider_of[top.fix.0]
    {
        return Outcome::Fix(next);
    }
    if let Some(decided) = walk_decision(kb, walk, top.fix, top_score, all) {
        return decided;
    }

    // The same error known for several providers, nothing saying which.
    let top_provider = walk.provider_of[top.fix.0];
    // A rival must explain the paste about as well: a quoted fragment of a long wording does not
    // rival a wording matched whole.
    let top_whole = all[top.fix.0].wording;
    let rivals: Vec<FixIdx> = matches[1..]
        .iter()
        .filter(|m| {
            let b = &all[m.fix.0];
            // Connect's own messages are not another provider's version of the error.
            walk.vendor[m.fix.0]
                && walk.provider_of[m.fix.0] != top_provider
                && score(m.fix) >= top_score - RIVAL_MARGIN
                && (b.wording >= top_whole - WHOLE_WORDING_MARGIN
                    || b.code == super::CodeMatch::Same)
        })
        .map(|m| m.fix)
        .collect();
    let named = |f: FixIdx| matches!(all[f.0].provider, ProviderSupport::Named(_));
    if !rivals.is_empty() {
        let group: Vec<FixIdx> = std::iter::once(top.fix).chain(rivals).collect();
        let named_ones: Vec<FixIdx> = group.iter().copied().filter(|f| named(*f)).collect();
        let one_provider = named_ones
            .windows(2)
            .all(|w| walk.provider_of[w[0].0] == walk.provider_of[w[1].0]);
        return match named_ones.as_slice() {
            [] => ask_provider(walk, &group),
            // The paste names the provider: its best fix stands, unless the walk's question
            // above it tells that fix from a sibling the paste fits as well.
            [best, ..] if one_provider => {
                walk_decision(kb, walk, *best, score(*best), all).unwrap_or(Outcome::Fix(*best))
            }
            several => ask_provider(walk, several),
        };
    }

    // The best match rests on words several providers' errors share, and nothing in the paste
    // names the provider: say which providers it could be rather than pick one.
    let top_evidence = &all[top.fix.0];
    if walk.vendor[top.fix.0] && !top_evidence.is_specific() {
        let mut group = vec![top.fix];
        for (i, b) in all.iter().enumerate() {
            let f = FixIdx(i);
            if walk.provider_of[i] != top_provider
                && walk.vendor[i]
                && b.score() >= WEAK_RIVAL_FLOOR.max(top_score - WEAK_RIVAL_GAP)
                && !group
                    .iter()
                    .any(|g| walk.provider_of[g.0] == walk.provider_of[i])
            {
                group.push(f);
            }
        }
        if group.len() > 1 {
            return ask_provider(walk, &group);
        }
    }
    Outcome::Fix(top.fix)
}

/// Nothing matched well enough, but several providers' fixes matched a little (a bare
/// `error=redirect_uri_mismatch`): that is a known error of an unknown provider, so ask which.
fn shared_code_question(
    walk: &WalkIndex,
    all: &[Breakdown],
    providers: &ProviderEvidence,
) -> Option<Outcome> {
    if providers.uncovered().is_some() {
        return None;
    }
    let mut best_per_provider: Vec<(FixIdx, f32)> = Vec::new();
    for (i, b) in all.iter().enumerate() {
        let score = b.score();
        if !walk.vendor[i] || score < WEAK_RIVAL_FLOOR {
            continue;
        }
        let provider = walk.provider_of[i];
        match best_per_provider
            .iter_mut()
            .find(|(f, _)| walk.provider_of[f.0] == provider)
        {
            Some(best) if best.1 < score => *best = (FixIdx(i), score),
            Some(_) => {}
            None => best_per_provider.push((FixIdx(i), score)),
        }
    }
    if best_per_provider.len() < 2 {
        return None;
    }
    best_per_provider.sort_by(|a, b| b.1.total_cmp(&a.1));
    let fixes: Vec<FixIdx> = best_per_provider.iter().map(|(f, _)| *f).collect();
    Some(ask_provider(walk, &fixes))
}

fn ask_provider(walk: &WalkIndex, fixes: &[FixIdx]) -> Outcome {
    Outcome::Ask(Ask::Provider {
        candidates: fixes
            .iter()
            .map(|&fix| Candidate {
                fix,
                provider: walk.provider_of[fix.0],
            })
            .collect(),
    })
}

/// When `top` sits under a question of the walk, whether the paste answers it: go to the answer
/// it supports, ask the question when it cannot tell, or `None` when the question is not about
/// this paste (the paste's error is the top fix's own and its siblings have other errors).
fn walk_decision(
    kb: &KnowledgeBase,
    walk: &WalkIndex,
    top: FixIdx,
    top_score: f32,
    all: &[Breakdown],
) -> Option<Outcome> {
    let parents = walk.parents.get(&top)?;
    for &(question, top_answer) in parents {
        let answers = &kb.question(question).answers;
        let reach = |a: usize| {
            walk.reach
                .get(&(question, a))
                .map_or(&[][..], Vec::as_slice)
        };

        // Answers whose fixes belong to a provider the paste names.
        let by_provider: Vec<usize> = (0..answers.len())
            .filter(|&a| {
                reach(a).iter().any(|f| {
                    walk.vendor[f.0]
                        && matches!(all[f.0].provider, ProviderSupport::Named(s) if s >= Strength::Moderate)
                })
            })
            .collect();
        // Answers the paste's wording supports as well as the best.
        let by_score: Vec<usize> = (0..answers.len())
            .filter(|&a| {
                reach(a).iter().any(|f| {
                    walk.has_wording[f.0] && all[f.0].score().min(1.0) >= top_score - TIE_MARGIN
                })
            })
            .collect();
        // Answers that lead only to fixes without error texts of their own, for other providers:
        // the question tells providers apart and the paste's error is the same for all of them.
        let top_provider = walk.provider_of[top.0];
        let unscored_other_provider: Vec<usize> = (0..answers.len())
            .filter(|&a| {
                a != top_answer
                    && !reach(a).is_empty()
                    && reach(a).iter().all(|f| !walk.has_wording[f.0])
                    && reach(a)
                        .iter()
                        .any(|f| walk.provider_of[f.0] != top_provider)
            })
            .collect();

        // Provider evidence decides only when it leaves some answers out: when every answer
        // leads to a provider the paste names, it says nothing about which.
        let answers_with_vendor_fixes = (0..answers.len())
            .filter(|&a| reach(a).iter().any(|f| walk.vendor[f.0]))
            .count();
        let by_provider = if by_provider.len() == answers_with_vendor_fixes {
            Vec::new()
        } else {
            by_provider
        };
        match by_provider.as_slice() {
            [only] => return Some(follow(kb, answers[*only].next, top)),
            [_, _, ..] => {
                return Some(Outcome::Ask(Ask::Question {
                    question,
                    supported: by_provider,
                }));
            }
            [] => {}
        }
        let other_scored = by_score.iter().any(|&a| a != top_answer);
        if other_scored || !unscored_other_provider.is_empty() {
            return Some(Outcome::Ask(Ask::Question {
                question,
                supported: by_score,
            }));
        }
    }
    None
}

/// The outcome of taking an answer: its fix, or the question it leads to.
fn follow(kb: &KnowledgeBase, node: Node, fallback: FixIdx) -> Outcome {
    match node {
        Node::Fix(f) => Outcome::Fix(f),
        Node::Question(q) if !kb.question(q).answers.is_empty() => Outcome::Ask(Ask::Question {
            question: q,
            supported: Vec::new(),
        }),
        Node::Question(_) => Outcome::Fix(fallback),
    }
}
