//! Where we are in a tree: the steps taken from a provider's list of symptoms to the current
//! question or fix, with the answer chosen at each step.
//!
//! A [`Walk`] is pure data over the validated knowledge base: it never fails, never touches a
//! terminal, and is shared by the TUI, `--plain` and the transcript.

use std::collections::{HashMap, VecDeque};

use crate::kb::{KnowledgeBase, Node, ProviderIdx};
use crate::text::SafeText;

/// How the walk left a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The n-th answer (0-based) of the question at this step.
    Answer(usize),
    /// The fix at this step did not help; its `if_not_fixed` node came next.
    NotFixed,
}

/// One place the walk stood, and how it left it (`None` for the current step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub node: Node,
    pub choice: Option<Choice>,
}

/// What "this did not fix it" leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFixed {
    /// The walk moved on to the next most likely cause.
    Next(Node),
    /// Nothing more to try: collect what the escalation checklist asks for.
    Escalate(ProviderIdx),
}

/// The history of one walk. Never empty: the first step is where the walk started (usually a
/// provider's root question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    steps: Vec<Step>,
    /// The last answer chosen at each question, so going back and forward again keeps the
    /// cursor where the person left it, even for steps that were popped.
    remembered: HashMap<Node, usize>,
    /// How many of the first steps' answers were inferred ([`Walk::jump_to`] walks the shortest
    /// path as if someone had) rather than given by the person. Only given answers rule causes
    /// out when a fix did not help.
    inferred: usize,
}

impl Walk {
    /// A walk standing at `start`.
    pub fn start(start: Node) -> Walk {
        Walk {
            steps: vec![Step {
                node: start,
                choice: None,
            }],
            remembered: HashMap::new(),
            inferred: 0,
        }
    }

    /// A walk standing at a provider's list of symptoms.
    pub fn at_provider(kb: &KnowledgeBase, provider: ProviderIdx) -> Walk {
        Walk::start(Node::Question(kb.provider(provider).root))
    }

    pub fn current(&self) -> Node {
        self.last().node
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The provider whose tree the walk started in.
    pub fn provider(&self, kb: &KnowledgeBase) -> ProviderIdx {
        kb.node_provider(self.steps[0].node)
    }

    /// The answer last chosen at the current question, if it was ever answered.
    pub fn remembered_answer(&self) -> Option<usize> {
        self.remembered.get(&self.current()).copied()
    }

    /// Chooses answer `index` of the current question and moves to where it leads. Returns the
    /// new node, or `None` (and changes nothing) when the current node is not a question or has
    /// no such answer.
    pub fn choose(&mut self, kb: &KnowledgeBase, index: usize) -> Option<Node> {
        let Node::Question(q) = self.current() else {
            return None;
        };
        let next = kb.question(q).answers.get(index)?.next;
        self.remembered.insert(self.current(), index);
        self.last_mut().choice = Some(Choice::Answer(index));
        self.steps.push(Step {
            node: next,
            choice: None,
        });
        Some(next)
    }

    /// Steps back once. Returns the answer that had been chosen at the step we return to (to
    /// put the cursor back on it), or `None` when the walk is already at its first step.
    pub fn back(&mut self) -> Option<Option<usize>> {
        if self.steps.len() < 2 {
            return None;
        }
        self.steps.pop();
        self.inferred = self.inferred.min(self.steps.len() - 1);
        let step = self.last_mut();
        let answer = match step.choice.take() {
            Some(Choice::Answer(i)) => Some(i),
            _ => None,
        };
        Some(answer)
    }

    /// The current fix did not help: go to its `if_not_fixed` node, or say to escalate.
    /// On a question this is `Escalate` too (nothing to move to).
    ///
    /// A next cause that the person's own answers rule out is passed over for the one after it:
    /// after "when a viewer logs in", the cause behind "logins worked, then refreshes failed" is
    /// not the next likely one, whatever the flow's `if_not_fixed` chain says.
    pub fn not_fixed(&mut self, kb: &KnowledgeBase) -> NotFixed {
        let current = self.current();
        let if_not_fixed = |node: Node| match node {
            Node::Fix(f) => kb.fix(f).if_not_fixed,
            Node::Question(_) => None,
        };
        let mut candidate = if_not_fixed(current);
        let mut passed = Vec::new();
        while let Some(next) = candidate {
            // Never loop: a cause already tried in this walk is not offered again.
            if self.steps.iter().any(|s| s.node == next) || passed.contains(&next) {
                candidate = None;
                break;
            }
            if !self.answers_rule_out(kb, next) {
                break;
            }
            passed.push(next);
            candidate = if_not_fixed(next);
        }
        match candidate {
            Some(next) => {
                self.last_mut().choice = Some(Choice::NotFixed);
                self.steps.push(Step {
                    node: next,
                    choice: None,
                });
                NotFixed::Next(next)
            }
            None => NotFixed::Escalate(kb.node_provider(current)),
        }
    }

    /// Whether an answer the person gave leads away from `node`: another answer of that
    /// question leads to it and the chosen one does not.
    fn answers_rule_out(&self, kb: &KnowledgeBase, node: Node) -> bool {
        self.steps
            .iter()
            .skip(self.inferred)
            .any(|step| match (step.node, step.choice) {
                (Node::Question(q), Some(Choice::Answer(chosen))) => {
                    let answers = &kb.question(q).answers;
                    let leads_to = |i: usize| leads_by_answers(kb, answers[i].next, node);
                    !leads_to(chosen) && (0..answers.len()).any(|i| i != chosen && leads_to(i))
                }
                _ => false,
            })
    }

    /// Whether the step before the current one was a fix that did not help (the current node
    /// is the next likely cause).
    pub fn after_not_fixed(&self) -> bool {
        let n = self.steps.len();
        n >= 2 && self.steps[n - 2].choice == Some(Choice::NotFixed)
    }

    /// A walk standing at `target` whose history is the shortest path to it from a provider's
    /// root question, as if the person had walked there. Paths from the target's own provider
    /// win ties. A node no root reaches gets a walk of just itself.
    pub fn jump_to(kb: &KnowledgeBase, target: Node) -> Walk {
        let own = kb.node_provider(target);
        let mut roots: Vec<ProviderIdx> = kb.providers().map(|(p, _)| p).collect();
        roots.sort_by_key(|p| *p != own);
        let mut best: Option<Vec<Step>> = None;
        for provider in roots {
            let root = Node::Question(kb.provider(provider).root);
            if let Some(path) = shortest_path(kb, root, target)
                && best.as_ref().is_none_or(|b| path.len() < b.len())
            {
                best = Some(path);
            }
        }
        let steps = best.unwrap_or_else(|| {
            vec![Step {
                node: target,
                choice: None,
            }]
        });
        let remembered = steps
            .iter()
            .filter_map(|s| match s.choice {
                Some(Choice::Answer(i)) => Some((s.node, i)),
                _ => None,
            })
            .collect();
        let inferred = steps.len() - 1;
        Walk {
            steps,
            remembered,
            inferred,
        }
    }

    /// Where we are, for people: the provider, the answers chosen, then the current node.
    /// Long answers are shortened to their error code or first words.
    pub fn breadcrumb(&self, kb: &KnowledgeBase) -> Vec<String> {
        let mut crumbs = vec![short_provider_name(&kb.provider(self.provider(kb)).name)];
        for step in &self.steps {
            match (step.node, step.choice) {
                (Node::Question(q), Some(Choice::Answer(i))) => {
                    crumbs.push(short_label(&kb.question(q).answers[i].label));
                }
                (node, Some(Choice::NotFixed)) => {
                    crumbs.push(format!("Not fixed: {}", short_label(kb.node_label(node))));
                }
                (node, None) => {
                    // The root question is the provider itself; don't repeat it.
                    let is_root = matches!(node, Node::Question(q) if kb.provider(kb.node_provider(node)).root == q);
                    if !is_root {
                        crumbs.push(kb.node_label(node).to_one_line().into_string());
                    }
                }
                (Node::Fix(_), Some(Choice::Answer(_))) => {}
            }
        }
        crumbs
    }

    fn last(&self) -> &Step {
        // `steps` is never empty: every constructor pushes one and `back` keeps the first.
        self.steps
            .last()
            .unwrap_or_else(|| unreachable!("a walk always has a step"))
    }

    fn last_mut(&mut self) -> &mut Step {
        self.steps
            .last_mut()
            .unwrap_or_else(|| unreachable!("a walk always has a step"))
    }
}

/// Whether `to` is `from` or lies below it through answers alone (not `if_not_fixed` links,
/// which cross from one cause to another).
fn leads_by_answers(kb: &KnowledgeBase, from: Node, to: Node) -> bool {
    let mut stack = vec![from];
    let mut seen = std::collections::HashSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if !seen.insert(node) {
            continue;
        }
        if let Node::Question(q) = node {
            stack.extend(kb.question(q).answers.iter().map(|a| a.next));
        }
    }
    false
}

/// Breadth-first search over answers and `if_not_fixed` links.
fn shortest_path(kb: &KnowledgeBase, from: Node, to: Node) -> Option<Vec<Step>> {
    let mut came_from: HashMap<Node, (Node, Choice)> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = std::collections::HashSet::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            let mut steps = vec![Step {
                node: to,
                choice: None,
            }];
            let mut at = to;
            while let Some(&(prev, choice)) = came_from.get(&at) {
                steps.push(Step {
                    node: prev,
                    choice: Some(choice),
                });
                at = prev;
            }
            steps.reverse();
            return Some(steps);
        }
        let edges: Vec<(Node, Choice)> = match node {
            Node::Question(q) => kb
                .question(q)
                .answers
                .iter()
                .enumerate()
                .map(|(i, a)| (a.next, Choice::Answer(i)))
                .collect(),
            Node::Fix(f) => kb
                .fix(f)
                .if_not_fixed
                .map(|n| (n, Choice::NotFixed))
                .into_iter()
                .collect(),
        };
        for (next, choice) in edges {
            if seen.insert(next) {
                came_from.insert(next, (node, choice));
                queue.push_back(next);
            }
        }
    }
    None
}

/// "Azure (Microsoft Entra ID)" → "Azure"; names without a parenthesis stay whole.
pub fn short_provider_name(name: &SafeText) -> String {
    let name = name.to_one_line().into_string();
    match name.split_once(" (") {
        Some((short, _)) if !short.is_empty() => short.to_string(),
        _ => name,
    }
}

/// Longest answer label kept whole in a breadcrumb, in characters.
const CRUMB_MAX: usize = 32;

/// "AADSTS50011: the redirect URI … does not match" → "AADSTS50011 …"; other long labels are cut
/// at a word boundary with "…".
pub fn short_label(label: &SafeText) -> String {
    let label = label.to_one_line().into_string();
    if label.chars().count() <= CRUMB_MAX {
        return label;
    }
    if let Some((code, _)) = label.split_once(':')
        && !code.is_empty()
        && code.chars().count() <= 20
        && !code.contains(' ')
    {
        return format!("{code} …");
    }
    let mut out = String::new();
    for word in label.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > CRUMB_MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = label.chars().take(CRUMB_MAX).collect();
    }
    out.push_str(" …");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        crate::kb::builtin().expect("built-in flows load")
    }

    fn azure(kb: &KnowledgeBase) -> ProviderIdx {
        kb.provider_by_id("azure").expect("azure provider")
    }

    fn answer_index(kb: &KnowledgeBase, walk: &Walk, starts_with: &str) -> usize {
        let Node::Question(q) = walk.current() else {
            panic!("not at a question")
        };
        kb.question(q)
            .answers
            .iter()
            .position(|a| a.label.starts_with(starts_with))
            .expect("answer exists")
    }

    #[test]
    fn choose_moves_and_breadcrumb_names_the_path() {
        let kb = kb();
        let mut walk = Walk::at_provider(&kb, azure(&kb));
        assert_eq!(walk.breadcrumb(&kb), vec!["Azure"]);
        let i = answer_index(&kb, &walk, "AADSTS50011");
        let next = walk.choose(&kb, i).unwrap();
        assert_eq!(
            next,
            Node::Fix(kb.fix_by_id("azure/redirect-uri-mismatch").unwrap())
        );
        assert_eq!(
            walk.breadcrumb(&kb),
            vec![
                "Azure",
                "AADSTS50011 …",
                "The app registration has no matching redirect URI"
            ]
        );
    }

    #[test]
    fn back_restores_the_chosen_answer_and_keeps_it_remembered() {
        let kb = kb();
        let mut walk = Walk::at_provider(&kb, azure(&kb));
        let i = answer_index(&kb, &walk, "A client secret error");
        walk.choose(&kb, i).unwrap();
        walk.choose(&kb, 1).unwrap();
        assert_eq!(walk.steps().len(), 3);
        assert_eq!(walk.back(), Some(Some(1)));
        assert_eq!(walk.back(), Some(Some(i)));
        assert_eq!(walk.back(), None, "the first step stays");
        // Walking forward again, the popped question still remembers its answer.
        walk.choose(&kb, i).unwrap();
        assert_eq!(walk.remembered_answer(), Some(1));
    }

    #[test]
    fn choose_on_a_fix_or_a_missing_answer_changes_nothing() {
        let kb = kb();
        let mut walk = Walk::at_provider(&kb, azure(&kb));
        assert_eq!(walk.choose(&kb, 999), None);
        let fix = Node::Fix(kb.fix_by_id("azure/redirect-uri-mismatch").unwrap());
        let mut at_fix = Walk::start(fix);
        assert_eq!(at_fix.choose(&kb, 0), None);
        assert_eq!(at_fix.steps().len(), 1);
    }

    #[test]
    fn jump_to_builds_the_breadcrumb_as_if_walked() {
        let kb = kb();
        let fix = kb.fix_by_id("azure/client-secret-expired").unwrap();
        let walk = Walk::jump_to(&kb, Node::Fix(fix));
        assert_eq!(walk.current(), Node::Fix(fix));
        assert_eq!(walk.provider(&kb), azure(&kb));
        let crumbs = walk.breadcrumb(&kb);
        assert_eq!(crumbs[0], "Azure");
        assert_eq!(crumbs.last().unwrap(), kb.fix(fix).title.as_str());
        assert_eq!(
            walk.steps().len(),
            2,
            "the direct symptom is the shortest path: {crumbs:?}"
        );
    }

    #[test]
    fn not_fixed_moves_on_or_escalates() {
        let kb = kb();
        let login = kb.fix_by_id("keycloak/invalid-client-login").unwrap();
        let mut walk = Walk::jump_to(&kb, Node::Fix(login));
        let refresh = kb.fix_by_id("keycloak/invalid-client-refresh").unwrap();
        assert_eq!(walk.not_fixed(&kb), NotFixed::Next(Node::Fix(refresh)));
        assert!(
            walk.breadcrumb(&kb)
                .iter()
                .any(|c| c.starts_with("Not fixed: "))
        );
        let keycloak = kb.provider_by_id("keycloak").unwrap();
        assert_eq!(walk.not_fixed(&kb), NotFixed::Escalate(keycloak));
        // Back from the next cause returns to the first fix, with its "not fixed" forgotten.
        assert_eq!(walk.back(), Some(None));
        assert_eq!(walk.current(), Node::Fix(login));
    }

    #[test]
    fn not_fixed_never_offers_a_cause_the_answers_rule_out() {
        let kb = kb();
        let keycloak = kb.provider_by_id("keycloak").unwrap();
        let login = Node::Fix(kb.fix_by_id("keycloak/invalid-client-login").unwrap());
        let refresh = Node::Fix(kb.fix_by_id("keycloak/invalid-client-refresh").unwrap());
        // Walked by the person: the answer that leads to the login fix, not to the refresh one.
        let mut walk = Walk::at_provider(&kb, keycloak);
        let path = shortest_path(&kb, walk.current(), login).expect("login fix reachable");
        for step in &path[..path.len() - 1] {
            let Some(Choice::Answer(i)) = step.choice else {
                panic!("{path:?}")
            };
            walk.choose(&kb, i).unwrap();
        }
        assert_eq!(walk.current(), login);
        match walk.not_fixed(&kb) {
            NotFixed::Next(next) => assert_ne!(next, refresh, "contradicts the answer given"),
            NotFixed::Escalate(p) => assert_eq!(p, keycloak),
        }
    }

    #[test]
    fn short_labels() {
        let short_label = |label| short_label(&SafeText::clean(label));
        let short_provider_name = |name| short_provider_name(&SafeText::clean(name));
        assert_eq!(
            short_label("AADSTS50011: the redirect URI … does not match the redirect URIs"),
            "AADSTS50011 …"
        );
        assert_eq!(short_label("Short"), "Short");
        assert_eq!(
            short_label("It worked for weeks or months, then started failing"),
            "It worked for weeks or months, …"
        );
        assert_eq!(short_provider_name("Azure (Microsoft Entra ID)"), "Azure");
        assert_eq!(short_provider_name("Custom: Keycloak"), "Custom: Keycloak");
    }
}
