//! Raw flow files → the validated [`KnowledgeBase`]. Every check that needs more than one entry
//! lives here: references, duplicate ids, reachability, cycles, template variables, empty texts.
//! All problems are collected; the knowledge base is only handed out when there are none.

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;
use serde_spanned::Spanned;

use super::model::{
    Answer, CopyIdx, CopyKind, CopyValue, ErrorText, Fix, FixIdx, KnowledgeBase, Node, Provider,
    ProviderIdx, Question, QuestionIdx, Seen,
};
use super::parse::RawFile;
use super::raw::{RawErrorText, RawFix, RawQuestion};
use super::source::{Diagnostic, Source};
use super::template::Template;
use crate::text::SafeText;

/// The provider whose escalation list applies to every provider.
pub const GENERAL: &str = "general";
/// Home-screen position of providers that do not set `order`.
const DEFAULT_ORDER: i64 = 100;
/// Longest number an error code may carry: every 19-digit number fits the model's `u64` (real
/// codes have at most seven, `AADSTS7000215`).
const MAX_CODE_DIGITS: usize = 19;

/// Where an entry was defined, for messages about it.
#[derive(Clone, Copy)]
struct Origin<'a> {
    source: &'a Source,
}

impl Origin<'_> {
    fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.source.at(span, message)
    }
}

pub fn resolve(
    sources: &[Source],
    files: Vec<RawFile>,
    problems: &mut Vec<Diagnostic>,
) -> KnowledgeBase {
    let chosen = choose_providers(sources, files, problems);
    Resolver::new(problems).run(&chosen)
}

/// A file that survived overriding, with the source it came from.
struct Chosen<'a> {
    origin: Origin<'a>,
    file: RawFile,
    id: String,
    name: String,
    order: i64,
}

/// Keeps one file per provider id: a later layer (`--flows DIR`) replaces a built-in provider; two
/// files of the same layer with one id is a mistake.
fn choose_providers<'a>(
    sources: &'a [Source],
    files: Vec<RawFile>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Chosen<'a>> {
    let mut chosen: Vec<Chosen<'a>> = Vec::new();
    for (source, file) in sources.iter().zip(files) {
        let Some(header) = &file.header else { continue };
        let id = header.id.get_ref().clone();
        let origin = Origin { source };
        let entry = Chosen {
            origin,
            id: id.clone(),
            name: header.name.get_ref().clone(),
            order: header.order.unwrap_or(DEFAULT_ORDER),
            file,
        };
        match chosen.iter().position(|c| c.id == id) {
            Some(i) if chosen[i].origin.source.layer == source.layer => {
                let span = entry.file.header.as_ref().map_or(0..0, |h| h.id.span());
                problems.push(origin.at(
                    span,
                    format!(
                        "duplicate provider id '{id}' (also defined in {})",
                        chosen[i].origin.source.name
                    ),
                ));
            }
            Some(i) => chosen[i] = entry,
            None => chosen.push(entry),
        }
    }
    chosen.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.name.cmp(&b.name)));
    chosen
}

/// Ids of every entry, assigned before any reference is followed.
#[derive(Default)]
struct Names {
    questions: HashMap<String, QuestionIdx>,
    fixes: HashMap<String, FixIdx>,
    copies: HashMap<String, CopyIdx>,
}

struct Resolver<'p> {
    problems: &'p mut Vec<Diagnostic>,
    kb: KnowledgeBase,
    names: Names,
    /// Where each question and fix was defined, for reachability and cycle messages.
    question_at: Vec<Option<(Origin<'p>, Range<usize>)>>,
    fix_at: Vec<(Origin<'p>, Range<usize>)>,
    broken_links: bool,
    /// How many more unknown references get a "did you mean" ([`MAX_SUGGESTIONS`]).
    suggestions_left: usize,
}

impl<'p> Resolver<'p> {
    fn new(problems: &'p mut Vec<Diagnostic>) -> Self {
        Resolver {
            problems,
            kb: KnowledgeBase::default(),
            names: Names::default(),
            question_at: Vec::new(),
            fix_at: Vec::new(),
            broken_links: false,
            suggestions_left: MAX_SUGGESTIONS,
        }
    }

    fn run(mut self, chosen: &[Chosen<'p>]) -> KnowledgeBase {
        for (p, c) in chosen.iter().enumerate() {
            self.declare(ProviderIdx(p), c);
        }
        for (p, c) in chosen.iter().enumerate() {
            self.fill(ProviderIdx(p), c);
        }
        // A broken reference was replaced by a stand-in, which would make the graph checks
        // report phantom cycles and orphans; those are only meaningful once every link resolves.
        if !self.broken_links {
            self.check_reachable();
            self.check_cycles();
        }
        self.check_shared_codes();
        self.kb.fix_by_id = self.names.fixes.clone();
        self.kb
    }

    /// Gives every provider, question, fix and copy value its index, and checks ids.
    fn declare(&mut self, p: ProviderIdx, chosen: &Chosen<'p>) {
        let root = self.declare_provider(p, chosen);
        self.declare_questions(p, chosen, root);
        self.declare_fixes(p, chosen);
        self.declare_copies(chosen);
    }

    /// The provider from its header, with the synthetic root question listing its symptoms.
    fn declare_provider(&mut self, p: ProviderIdx, chosen: &Chosen<'p>) -> QuestionIdx {
        let origin = chosen.origin;
        let header = chosen
            .file
            .header
            .as_ref()
            .expect("chosen files have headers");
        let pid = &chosen.id;
        if !is_slug(pid) {
            self.problems
                .push(origin.at(header.id.span(), format!("provider id '{pid}' {SLUG_RULE}")));
        }
        let root = QuestionIdx(self.kb.questions.len());
        self.kb.questions.push(Question {
            id: format!("{pid}/symptom"),
            provider: p,
            text: SafeText::from_static("What do you see?"),
            help: None,
            answers: Vec::new(),
        });
        self.question_at.push(None);
        let name = self.text(origin, &header.name, "name");
        let summary = self.text(origin, &header.summary, "summary");
        let docs = header.docs.as_ref().map(|d| self.url(origin, d));
        let fingerprints = self.fingerprints(origin, header);
        self.kb.providers.push(Provider {
            id: pid.clone(),
            name,
            summary,
            docs,
            order: chosen.order,
            root,
            escalation: Vec::new(),
            file: origin.source.name.clone(),
            fingerprints,
            field: None,
        });
        root
    }

    /// Question ids; a question that failed to parse stands for the root, so references to it
    /// resolve (it was reported already).
    fn declare_questions(&mut self, p: ProviderIdx, chosen: &Chosen<'p>, root: QuestionIdx) {
        let (origin, pid) = (chosen.origin, &chosen.id);
        for (slug, _) in &chosen.file.questions {
            if self.check_slug(origin, slug, "question") {
                let idx = QuestionIdx(self.kb.questions.len());
                self.names
                    .questions
                    .insert(format!("{pid}/{}", slug.get_ref()), idx);
                self.kb.questions.push(Question {
                    id: format!("{pid}/{}", slug.get_ref()),
                    provider: p,
                    text: SafeText::default(),
                    help: None,
                    answers: Vec::new(),
                });
                self.question_at.push(Some((origin, slug.span())));
            }
        }
        // Entries that failed to parse were reported already; declare their ids so references
        // resolve, and skip the graph checks, which cannot judge a graph with missing edges.
        for slug in &chosen.file.broken_questions {
            self.names
                .questions
                .insert(format!("{pid}/{}", slug.get_ref()), root);
            self.broken_links = true;
        }
    }

    /// Fix ids, with stand-ins for the fixes that failed to parse (as for questions).
    fn declare_fixes(&mut self, p: ProviderIdx, chosen: &Chosen<'p>) {
        let (origin, pid) = (chosen.origin, &chosen.id);
        for (slug, raw) in &chosen.file.fixes {
            if self.check_slug(origin, slug, "fix") {
                let id = format!("{pid}/{}", slug.get_ref());
                let idx = FixIdx(self.kb.fixes.len());
                self.names.fixes.insert(id.clone(), idx);
                self.kb.fixes.push(Fix {
                    title: SafeText::clean_trimmed(raw.title.get_ref()),
                    ..Fix::placeholder(id, p)
                });
                self.fix_at.push((origin, slug.span()));
            }
        }
        for slug in &chosen.file.broken_fixes {
            let id = format!("{pid}/{}", slug.get_ref());
            let idx = FixIdx(self.kb.fixes.len());
            self.names.fixes.insert(id.clone(), idx);
            self.kb.fixes.push(Fix {
                title: SafeText::default(),
                ..Fix::placeholder(id, p)
            });
            self.fix_at.push((origin, slug.span()));
            self.broken_links = true;
        }
    }

    /// Copy values are complete once declared: nothing in them refers to anything else.
    fn declare_copies(&mut self, chosen: &Chosen<'p>) {
        let (origin, pid) = (chosen.origin, &chosen.id);
        for copy in &chosen.file.copies {
            let slug = &copy.id;
            if !self.check_slug(origin, slug, "copy") {
                continue;
            }
            let id = format!("{pid}/{}", slug.get_ref());
            if self.names.copies.contains_key(&id) {
                self.problems.push(origin.at(
                    slug.span(),
                    format!("duplicate copy id '{}'", slug.get_ref()),
                ));
                continue;
            }
            let idx = CopyIdx(self.kb.copies.len());
            self.names.copies.insert(id.clone(), idx);
            let kind = match &copy.kind {
                None => CopyKind::Text,
                Some(kind) => CopyKind::parse(kind.get_ref()).unwrap_or_else(|| {
                    self.problems.push(origin.at(
                        kind.span(),
                        format!(
                            "unknown copy kind '{}' (expected one of: {})",
                            kind.get_ref(),
                            <CopyKind as strum::VariantNames>::VARIANTS.join(", ")
                        ),
                    ));
                    CopyKind::Text
                }),
            };
            let copy_value = CopyValue {
                id,
                label: self.text(origin, &copy.label, "label"),
                value: self.template(origin, &copy.value, "value"),
                kind,
            };
            self.kb.copies.push(copy_value);
        }
    }

    /// Resolves the contents of every entry now that all ids are known.
    fn fill(&mut self, p: ProviderIdx, chosen: &Chosen<'p>) {
        let origin = chosen.origin;
        let pid = chosen.id.clone();
        let file = &chosen.file;
        let root = self.kb.providers[p.0].root;

        if file.symptoms.is_empty() {
            let span = file.header.as_ref().map_or(0..0, |h| h.id.span());
            self.problems
                .push(origin.at(span, format!("provider '{pid}' has no [[symptom]] entries")));
        }
        let mut root_answers = Vec::new();
        for symptom in &file.symptoms {
            let label = self.text(origin, &symptom.label, "label");
            let detail = symptom
                .detail
                .as_ref()
                .map(|d| self.text(origin, d, "detail"));
            let next = self.node(origin, &pid, &symptom.next);
            root_answers.push(Answer {
                label,
                detail,
                next,
            });
        }
        self.kb.questions[root.0].answers = root_answers;

        for (slug, raw) in &file.questions {
            let Some(&idx) = self
                .names
                .questions
                .get(&format!("{pid}/{}", slug.get_ref()))
            else {
                continue;
            };
            self.fill_question(origin, &pid, idx, raw);
        }
        for (slug, raw) in &file.fixes {
            let Some(&idx) = self.names.fixes.get(&format!("{pid}/{}", slug.get_ref())) else {
                continue;
            };
            self.fill_fix(origin, &pid, idx, raw);
        }
        if let Some(other) = file.header.as_ref().and_then(|h| h.other_services.as_ref()) {
            self.other_services(origin, other);
        }
        if let Some(field) = file.header.as_ref().and_then(|h| h.field.as_ref()) {
            self.kb.providers[p.0].field = Some(self.field(origin, p, field));
        }
        if let Some(escalation) = &file.escalation {
            let items = self.texts(origin, escalation.collect.get_ref(), "collect");
            if pid == GENERAL {
                self.kb.escalation = items;
            } else {
                self.kb.providers[p.0].escalation = items;
            }
        }
    }

    fn fill_question(
        &mut self,
        origin: Origin<'p>,
        pid: &str,
        idx: QuestionIdx,
        raw: &RawQuestion,
    ) {
        let text = self.text(origin, &raw.text, "text");
        let help = raw.help.as_ref().map(|h| self.text(origin, h, "help"));
        if raw.answers.get_ref().is_empty() {
            self.problems
                .push(origin.at(raw.answers.span(), "`answers` is empty"));
        }
        let answers = raw
            .answers
            .get_ref()
            .iter()
            .map(|a| Answer {
                label: self.text(origin, &a.label, "label"),
                detail: None,
                next: self.node(origin, pid, &a.next),
            })
            .collect();
        let question = &mut self.kb.questions[idx.0];
        question.text = text;
        question.help = help;
        question.answers = answers;
    }

    fn fill_fix(&mut self, origin: Origin<'p>, pid: &str, idx: FixIdx, raw: &RawFix) {
        let seen = Seen::parse(raw.seen.get_ref()).unwrap_or_else(|| {
            self.problems.push(origin.at(
                raw.seen.span(),
                format!(
                    "unknown `seen` value '{}' (expected one of: {})",
                    raw.seen.get_ref(),
                    <Seen as strum::VariantNames>::VARIANTS.join(", ")
                ),
            ));
            Seen::Login
        });
        if raw.steps.get_ref().is_empty() {
            self.problems
                .push(origin.at(raw.steps.span(), "`steps` is empty"));
        }
        let variants = self.variant_texts(origin, &raw.variants);
        let slug_span = self.fix_at[idx.0].1.clone();
        let fix = Fix {
            id: self.kb.fixes[idx.0].id.clone(),
            provider: self.kb.fixes[idx.0].provider,
            title: self.text(origin, &raw.title, "title"),
            errors: self.error_texts(origin, &raw.errors),
            variants: variants.iter().map(|(text, _)| text.clone()).collect(),
            variant_sources: variants
                .into_iter()
                .map(|(_, source)| source.into_string())
                .collect(),
            clues: self
                .texts(origin, &raw.clues, "clues")
                .into_iter()
                .map(SafeText::into_string)
                .collect(),
            codes: raw
                .codes
                .iter()
                .filter_map(|c| self.code(origin, c))
                .collect(),
            shared_codes: self.shared_codes(origin, raw),
            seen,
            cause: self.text(origin, &raw.cause, "cause"),
            steps: raw
                .steps
                .get_ref()
                .iter()
                .map(|s| self.template(origin, s, "steps"))
                .collect(),
            copy: raw
                .copy
                .iter()
                .filter_map(|c| self.copy_ref(origin, pid, c))
                .collect(),
            docs: raw.docs.iter().map(|d| self.url(origin, d)).collect(),
            source: self.url(origin, &raw.source),
            checked: self.checked(origin, raw, slug_span),
            uncertain: raw
                .uncertain
                .as_ref()
                .map(|u| self.text(origin, u, "uncertain")),
            if_not_fixed: raw.if_not_fixed.as_ref().map(|n| self.node(origin, pid, n)),
            seen_with: raw
                .seen_with
                .iter()
                .filter_map(|id| self.provider_ref(origin, id))
                .collect(),
        };
        self.kb.fixes[idx.0] = fix;
    }

    /// `fix:slug`, `question:slug`, or either with a `provider/` prefix.
    fn node(&mut self, origin: Origin<'p>, pid: &str, reference: &Spanned<String>) -> Node {
        let fallback = Node::Question(QuestionIdx(0));
        let was_broken = self.broken_links;
        self.broken_links = true; // restored below when the reference resolves
        let raw = reference.get_ref().trim();
        let Some((kind, target)) = raw.split_once(':') else {
            self.problems.push(origin.at(
                reference.span(),
                format!("reference '{raw}' must start with 'fix:' or 'question:'"),
            ));
            return fallback;
        };
        let id = qualify(pid, target);
        let found = match kind {
            "fix" => self.names.fixes.get(&id).map(|&f| Node::Fix(f)),
            "question" => self.names.questions.get(&id).map(|&q| Node::Question(q)),
            other => {
                self.problems.push(origin.at(
                    reference.span(),
                    format!("unknown reference kind '{other}:' (expected 'fix:' or 'question:')"),
                ));
                return fallback;
            }
        };
        if let Some(node) = found {
            self.broken_links = was_broken;
            return node;
        }
        {
            let known: Vec<&String> = match kind {
                "fix" => self.names.fixes.keys().collect(),
                _ => self.names.questions.keys().collect(),
            };
            let hint = suggest_within(
                &mut self.suggestions_left,
                &id,
                known.into_iter().map(String::as_str),
            );
            self.problems
                .push(origin.at(reference.span(), format!("unknown {kind} '{id}'{hint}")));
            fallback
        }
    }

    fn copy_ref(
        &mut self,
        origin: Origin<'p>,
        pid: &str,
        reference: &Spanned<String>,
    ) -> Option<CopyIdx> {
        let id = qualify(pid, reference.get_ref().trim());
        let found = self.names.copies.get(&id).copied();
        if found.is_none() {
            let known: Vec<&str> = self.names.copies.keys().map(String::as_str).collect();
            let hint = suggest_within(&mut self.suggestions_left, &id, known.into_iter());
            self.problems
                .push(origin.at(reference.span(), format!("unknown copy value '{id}'{hint}")));
        }
        found
    }

    fn check_slug(&mut self, origin: Origin<'p>, slug: &Spanned<String>, what: &str) -> bool {
        let ok = is_slug(slug.get_ref());
        if !ok {
            self.problems.push(origin.at(
                slug.span(),
                format!("{what} id '{}' {SLUG_RULE}", slug.get_ref()),
            ));
        }
        ok
    }

    /// A required, non-blank text, cleaned of control characters.
    fn text(&mut self, origin: Origin<'p>, value: &Spanned<String>, key: &str) -> SafeText {
        let cleaned = SafeText::clean_trimmed(value.get_ref());
        if cleaned.is_empty() {
            self.problems
                .push(origin.at(value.span(), format!("`{key}` is empty")));
        }
        cleaned
    }

    fn texts(
        &mut self,
        origin: Origin<'p>,
        values: &[Spanned<String>],
        key: &str,
    ) -> Vec<SafeText> {
        values.iter().map(|v| self.text(origin, v, key)).collect()
    }

    fn template(&mut self, origin: Origin<'p>, value: &Spanned<String>, key: &str) -> Template {
        let cleaned = self.text(origin, value, key);
        Template::parse(&cleaned).unwrap_or_else(|unknown| {
            for var in unknown {
                // +1 skips the opening quote; exact for plain strings, close enough for escaped ones.
                let at = value.span().start + 1 + var.offset;
                let known: Vec<&str> = super::template::Var::NAMES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                self.problems.push(origin.at(
                    at..at,
                    format!(
                        "unknown variable '{{{}}}' in `{key}` (known: {})",
                        var.name,
                        known.join(", ")
                    ),
                ));
            }
            Template::parse(&SafeText::default()).expect("empty template")
        })
    }

    /// The `text` and `source` of one `errors`/`variants` entry; a missing half is reported at
    /// the entry, since a wording without the address where it was seen is not a fact.
    fn sourced<'r>(
        &mut self,
        origin: Origin<'p>,
        entry: &'r Spanned<RawErrorText>,
        key: &str,
    ) -> Option<(&'r Spanned<String>, SafeText)> {
        let raw = entry.get_ref();
        let Some(text) = &raw.text else {
            self.problems.push(origin.at(
                entry.span(),
                format!(
                    "`{key}` entry has no `text`: write {{ text = \"…\", source = \"https://…\" }}"
                ),
            ));
            return None;
        };
        let Some(source) = &raw.source else {
            self.problems.push(origin.at(
                entry.span(),
                format!(
                    "`{key}` entry has no `source`: every exact error text needs the address where it was seen"
                ),
            ));
            return None;
        };
        Some((text, self.url(origin, source)))
    }

    fn error_texts(
        &mut self,
        origin: Origin<'p>,
        entries: &[Spanned<RawErrorText>],
    ) -> Vec<ErrorText> {
        entries
            .iter()
            .filter_map(|entry| {
                let (text, source) = self.sourced(origin, entry, "errors")?;
                Some(ErrorText {
                    text: self.template(origin, text, "errors"),
                    source,
                })
            })
            .collect()
    }

    fn variant_texts(
        &mut self,
        origin: Origin<'p>,
        entries: &[Spanned<RawErrorText>],
    ) -> Vec<(SafeText, SafeText)> {
        entries
            .iter()
            .filter_map(|entry| {
                let (text, source) = self.sourced(origin, entry, "variants")?;
                Some((self.text(origin, text, "variants"), source))
            })
            .collect()
    }

    /// The fix's `checked` date; a missing one is reported at the fix's `[fix.<slug>]` header.
    fn checked(&mut self, origin: Origin<'p>, raw: &RawFix, slug_span: Range<usize>) -> Date {
        match &raw.checked {
            Some(value) => self.date(origin, value),
            None => {
                self.problems.push(origin.at(
                    slug_span,
                    "fix has no `checked` date: add `checked = YYYY-MM-DD`, the day its steps were \
                     last checked against the vendor's pages",
                ));
                Date::MIN
            }
        }
    }

    /// `checked = 2026-12-01`: a bare TOML date. A quoted date or one with a time is refused with
    /// a message that shows the expected form, rather than serde's "invalid type".
    fn date(&mut self, origin: Origin<'p>, value: &Spanned<toml::Value>) -> Date {
        const FORM: &str = "like `checked = 2026-12-01`";
        let problem = match value.get_ref() {
            toml::Value::Datetime(toml::value::Datetime {
                date: Some(d),
                time: None,
                offset: None,
            }) => {
                let date = i16::try_from(d.year).ok().and_then(|year| {
                    Date::new(year, i8::try_from(d.month).ok()?, i8::try_from(d.day).ok()?).ok()
                });
                match date {
                    Some(date) => return date,
                    None => format!("`checked` is not a valid date (expected YYYY-MM-DD, {FORM})"),
                }
            }
            toml::Value::Datetime(_) => {
                format!("`checked` must be a date without a time or offset, {FORM}")
            }
            toml::Value::String(_) => {
                format!("`checked` must be a TOML date without quotes, {FORM}")
            }
            other => format!(
                "`checked` must be a TOML date, {FORM} (found {})",
                other.type_str()
            ),
        };
        self.problems.push(origin.at(value.span(), problem));
        Date::MIN
    }

    /// A code of a family some provider declares (`AADSTS50011` when a provider's fingerprints
    /// list `AADSTS`) or a Connect API code (`connect:215`).
    /// `shared_codes`: each must be written in one of the fix's error texts or variants, so the
    /// values it needs can be read from there.
    fn shared_codes(
        &mut self,
        origin: Origin<'p>,
        raw: &super::raw::RawFix,
    ) -> Vec<super::model::ErrorCode> {
        let mut out = Vec::new();
        for value in &raw.shared_codes {
            let Some(typed) = self.code(origin, value) else {
                continue;
            };
            let code = typed.to_string();
            let naming: Vec<&str> = raw
                .errors
                .iter()
                .chain(&raw.variants)
                .filter_map(|e| e.get_ref().text.as_ref())
                .map(|t| t.get_ref().as_str())
                .filter(|t| t.to_uppercase().contains(&code.to_uppercase()))
                .collect();
            if naming.is_empty() {
                self.problems.push(origin.at(
                    value.span(),
                    format!(
                        "shared code '{code}' is in none of this fix's error texts or variants"
                    ),
                ));
            } else if naming
                .iter()
                .all(|t| super::model::quoted_values(t).is_empty())
            {
                self.problems.push(origin.at(
                    value.span(),
                    format!(
                        "shared code '{code}': no error text with it quotes a value ('client_id') that tells this fix from the other errors with that code"
                    ),
                ));
            }
            out.push(typed);
        }
        out
    }

    /// A code as a flow writes it (`AADSTS50011`, `connect:215`), read into its family and
    /// number; `None` (and a problem) when it is neither.
    fn code(
        &mut self,
        origin: Origin<'p>,
        value: &Spanned<String>,
    ) -> Option<super::model::ErrorCode> {
        use super::model::ErrorCode;
        let code = value.get_ref().trim();
        // Digits without a leading zero, so the code reads back exactly as written.
        let number = |s: &str| -> Option<u64> {
            let plain = !s.is_empty()
                && s.len() <= MAX_CODE_DIGITS
                && s.bytes().all(|b| b.is_ascii_digit())
                && (s == "0" || !s.starts_with('0'));
            plain.then(|| s.parse().ok()).flatten()
        };
        let declared = self.kb.providers.iter().enumerate().find_map(|(i, p)| {
            p.fingerprints.codes.iter().find_map(|prefix| {
                let n = number(code.strip_prefix(prefix.as_str())?)?;
                Some(ErrorCode::Family {
                    provider: ProviderIdx(i),
                    prefix: prefix.clone(),
                    number: n,
                })
            })
        });
        let found = declared.or_else(|| {
            code.strip_prefix("connect:")
                .and_then(number)
                .map(ErrorCode::Connect)
        });
        if found.is_some() {
            return found;
        }
        let digits = code.bytes().rev().take_while(u8::is_ascii_digit).count();
        let message = if digits > MAX_CODE_DIGITS {
            format!("code '{code}': more than {MAX_CODE_DIGITS} digits is no error code")
        } else {
            let families: Vec<&str> = self
                .kb
                .providers
                .iter()
                .flat_map(|p| p.fingerprints.codes.iter().map(String::as_str))
                .collect();
            format!(
                "code '{code}' must be 'connect:<digits>' or a declared code family followed by digits (families: {})",
                if families.is_empty() {
                    "none declared".to_string()
                } else {
                    families.join(", ")
                }
            )
        };
        self.problems.push(origin.at(value.span(), message));
        None
    }

    /// Checks a provider's `[fingerprints]`; a code prefix may belong to one provider only.
    fn fingerprints(
        &mut self,
        origin: Origin<'p>,
        header: &super::raw::RawHeader,
    ) -> super::model::Fingerprints {
        let Some(raw) = &header.fingerprints else {
            return super::model::Fingerprints::default();
        };
        let checked = super::fingerprints::resolve(origin.source, raw, self.problems);
        for (prefix, raw_code) in checked.codes.iter().zip(&raw.codes) {
            if let Some(owner) = self
                .kb
                .providers
                .iter()
                .find(|p| p.fingerprints.codes.contains(prefix))
            {
                self.problems.push(origin.at(
                    raw_code.span(),
                    format!(
                        "code prefix '{prefix}' is already declared by provider '{}'",
                        owner.id
                    ),
                ));
            }
        }
        checked
    }

    /// Two fixes may claim one error code (AADSTS70011 for an empty scope and for .default
    /// mixing) only when each has a wording or clue of its own: otherwise a paste with that code
    /// can never tell them apart.
    fn check_shared_codes(&mut self) {
        let prefixes: Vec<String> = self
            .kb
            .providers
            .iter()
            .flat_map(|p| p.fingerprints.codes.iter().cloned())
            .collect();
        let mut by_code: HashMap<String, Vec<FixIdx>> = HashMap::new();
        for (i, fix) in self.kb.fixes.iter().enumerate() {
            let mut codes: Vec<String> = fix.codes.iter().map(ToString::to_string).collect();
            let texts = fix.errors.iter().map(|e| e.raw()).chain(&fix.variants);
            for text in texts {
                codes.extend(codes_in_text(text, &prefixes));
            }
            codes.sort();
            codes.dedup();
            for code in codes {
                by_code.entry(code).or_default().push(FixIdx(i));
            }
        }
        let mut shared: Vec<(String, Vec<FixIdx>)> =
            by_code.into_iter().filter(|(_, f)| f.len() > 1).collect();
        shared.sort();
        for (code, fixes) in shared {
            for (n, &a) in fixes.iter().enumerate() {
                let told_apart = fixes
                    .iter()
                    .enumerate()
                    .filter(|(m, _)| *m != n)
                    .all(|(_, &b)| self.has_own_evidence(a, b));
                if !told_apart {
                    let others: Vec<&str> = fixes
                        .iter()
                        .filter(|&&b| b != a)
                        .map(|&b| self.kb.fixes[b.0].id.as_str())
                        .collect();
                    let (origin, span) = self.fix_at[a.0].clone();
                    self.problems.push(origin.at(
                        span,
                        format!(
                            "code {code} is claimed by {} and {}, and nothing tells {} apart: give it a wording or a clue of its own",
                            self.kb.fixes[a.0].id,
                            others.join(", "),
                            self.kb.fixes[a.0].id
                        ),
                    ));
                }
            }
        }
    }

    /// Whether fix `a` has a wording or clue that fix `b` lacks.
    fn has_own_evidence(&self, a: FixIdx, b: FixIdx) -> bool {
        let texts = |f: &Fix| -> Vec<String> {
            f.errors
                .iter()
                .map(|e| e.raw().to_lowercase())
                .chain(f.variants.iter().map(|v| v.to_lowercase()))
                .chain(f.clues.iter().map(|c| c.to_lowercase()))
                .collect()
        };
        let (a, b) = (&self.kb.fixes[a.0], &self.kb.fixes[b.0]);
        let theirs = texts(b);
        texts(a).iter().any(|t| !theirs.contains(t))
    }

    /// A provider id named in a fix (`seen_with`).
    fn provider_ref(&mut self, origin: Origin<'p>, id: &Spanned<String>) -> Option<ProviderIdx> {
        let found = self.kb.providers.iter().position(|p| &p.id == id.get_ref());
        if found.is_none() {
            let known = self.kb.providers.iter().map(|p| p.id.as_str());
            let hint = did_you_mean(id.get_ref(), known);
            self.problems.push(origin.at(
                id.span(),
                format!("unknown provider '{}'{hint}", id.get_ref()),
            ));
        }
        found.map(ProviderIdx)
    }

    /// `[field]`: what the field checks know. Names must be unique across every provider and
    /// template, so `--provider` can never mean two things.
    fn field(
        &mut self,
        origin: Origin<'p>,
        provider: ProviderIdx,
        raw: &super::raw::RawField,
    ) -> super::registry::FieldFacts {
        let kb = &self.kb;
        let (pid, name) = (
            kb.providers[provider.0].id.as_str(),
            &kb.providers[provider.0].name,
        );
        let fixes = &self.names.fixes;
        let mut unknown = Vec::new();
        let mut fix = |reference: &Spanned<String>| {
            let id = qualify(pid, reference.get_ref());
            let found = fixes.get(&id).copied();
            if found.is_none() {
                let hint = did_you_mean(&id, fixes.keys().map(String::as_str));
                unknown.push(origin.at(reference.span(), format!("unknown fix '{id}'{hint}")));
            }
            found
        };
        let taken = |name: &str| {
            kb.providers.iter().find_map(|p| {
                let facts = p.field.as_ref();
                let own = (p.id == name && p.id != pid)
                    || facts.is_some_and(|f| f.aliases.iter().any(|a| a == name));
                let template = facts.and_then(|f| {
                    f.templates
                        .iter()
                        .find(|t| t.id == name || t.aliases.iter().any(|a| a == name))
                });
                match template {
                    Some(t) => Some(format!("{}'s template {}", p.id, t.id)),
                    None => own.then(|| p.id.clone()),
                }
            })
        };
        let facts =
            super::registry::resolve(origin.source, name, raw, &mut fix, &taken, self.problems);
        self.problems.extend(unknown);
        facts
    }

    /// `[other_services]`: services the base does not cover, and the checks that still apply.
    fn other_services(&mut self, origin: Origin<'p>, raw: &super::raw::RawOtherServices) {
        let checks = self.texts(origin, raw.checks.get_ref(), "checks");
        self.kb.generic_checks.extend(checks);
        for service in &raw.service {
            let name = self.text(origin, &service.name, "name");
            let fingerprints =
                super::fingerprints::resolve(origin.source, &service.fingerprints(), self.problems);
            if fingerprints.is_empty() {
                self.problems.push(origin.at(
                    service.name.span(),
                    format!("other service '{name}' declares no hosts, paths, packages or names"),
                ));
            }
            let source = self.url(origin, &service.source);
            let uses = service
                .uses
                .iter()
                .filter_map(|id| self.provider_ref(origin, id))
                .collect();
            self.kb.other_services.push(super::model::OtherService {
                name,
                fingerprints,
                source,
                uses,
            });
        }
    }

    /// A web address, shown as flow text is: made safe to draw.
    fn url(&mut self, origin: Origin<'p>, value: &Spanned<String>) -> SafeText {
        let url = value.get_ref().trim();
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            self.problems.push(origin.at(
                value.span(),
                format!("'{url}' is not a web address (https://…)"),
            ));
        }
        SafeText::clean(url)
    }

    fn edges(&self, node: Node) -> Vec<Node> {
        match node {
            Node::Question(q) => self.kb.questions[q.0]
                .answers
                .iter()
                .map(|a| a.next)
                .collect(),
            Node::Fix(f) => self.kb.fixes[f.0].if_not_fixed.into_iter().collect(),
        }
    }

    /// Every question and fix must be reachable from some provider's symptom list.
    fn check_reachable(&mut self) {
        let mut seen_q = vec![false; self.kb.questions.len()];
        let mut seen_f = vec![false; self.kb.fixes.len()];
        let mut stack: Vec<Node> = self
            .kb
            .providers
            .iter()
            .map(|p| Node::Question(p.root))
            .collect();
        while let Some(node) = stack.pop() {
            let first_visit = match node {
                Node::Question(q) => !std::mem::replace(&mut seen_q[q.0], true),
                Node::Fix(f) => !std::mem::replace(&mut seen_f[f.0], true),
            };
            if first_visit {
                stack.extend(self.edges(node));
            }
        }
        for (i, seen) in seen_q.iter().enumerate() {
            if let (false, Some((origin, span))) = (seen, &self.question_at[i]) {
                let message = format!(
                    "question '{}' is unreachable: no symptom, answer or if_not_fixed leads to it",
                    self.kb.questions[i].id
                );
                self.problems.push(origin.at(span.clone(), message));
            }
        }
        for (i, seen) in seen_f.iter().enumerate() {
            if !seen {
                let (origin, span) = &self.fix_at[i];
                let message = format!(
                    "fix '{}' is unreachable: no symptom, answer or if_not_fixed leads to it",
                    self.kb.fixes[i].id
                );
                self.problems.push(origin.at(span.clone(), message));
            }
        }
    }

    /// A walk must always move forward: no question or if_not_fixed chain may lead back to itself.
    fn check_cycles(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let nq = self.kb.questions.len();
        let slot = |node: Node| match node {
            Node::Question(q) => q.0,
            Node::Fix(f) => nq + f.0,
        };
        let mut marks = vec![Mark::New; nq + self.kb.fixes.len()];
        let mut reported = Vec::new();
        let mut unreported = 0usize;
        let starts: Vec<Node> = (0..nq)
            .map(|i| Node::Question(QuestionIdx(i)))
            .chain((0..self.kb.fixes.len()).map(|i| Node::Fix(FixIdx(i))))
            .collect();
        for start in starts {
            if marks[slot(start)] != Mark::New {
                continue;
            }
            // Iterative depth-first search; `path` is the chain from `start` to the current node.
            let mut path: Vec<(Node, Vec<Node>)> = vec![(start, self.edges(start))];
            marks[slot(start)] = Mark::Active;
            while let Some((node, pending)) = path.last_mut() {
                let node = *node;
                match pending.pop() {
                    Some(next) => match marks[slot(next)] {
                        Mark::New => {
                            marks[slot(next)] = Mark::Active;
                            let edges = self.edges(next);
                            path.push((next, edges));
                        }
                        Mark::Active if reported.len() < MAX_CYCLES => {
                            let from = path.iter().position(|(n, _)| *n == next).unwrap_or(0);
                            reported.push((node, self.chain(&path[from..], next)));
                        }
                        Mark::Active => unreported += 1,
                        Mark::Done => {}
                    },
                    None => {
                        marks[slot(node)] = Mark::Done;
                        path.pop();
                    }
                }
            }
        }
        for (node, chain) in reported {
            let message = format!("cycle: {chain}; a walk must always move forward");
            let located = match node {
                Node::Question(q) => self.question_at[q.0].clone(),
                Node::Fix(f) => Some(self.fix_at[f.0].clone()),
            };
            if let Some((origin, span)) = located {
                self.problems.push(origin.at(span, message));
            }
        }
        if unreported > 0
            && let Some(first) = self.problems.last()
        {
            let summary = Diagnostic {
                file: first.file.clone(),
                line: 0,
                col: 0,
                message: format!("… and {unreported} more cycle(s) like those above"),
            };
            self.problems.push(summary);
        }
    }

    /// `a → b → … → a`, at most [`MAX_CHAIN_SHOWN`] ids (a dense graph has very long cycles).
    fn chain(&self, path: &[(Node, Vec<Node>)], back_to: Node) -> String {
        let mut ids: Vec<&str> = path
            .iter()
            .take(MAX_CHAIN_SHOWN)
            .map(|(n, _)| self.node_id(*n))
            .collect();
        if path.len() > MAX_CHAIN_SHOWN {
            ids.push("…");
        }
        ids.push(self.node_id(back_to));
        ids.join(" → ")
    }

    fn node_id(&self, node: Node) -> &str {
        match node {
            Node::Question(q) => &self.kb.questions[q.0].id,
            Node::Fix(f) => &self.kb.fixes[f.0].id,
        }
    }
}

/// Cycles reported one by one; the rest are counted in one line.
const MAX_CYCLES: usize = 20;
/// Ids shown of one cycle's chain.
const MAX_CHAIN_SHOWN: usize = 12;

/// `AADSTS50011`-style codes in a text: a declared prefix (any case) directly followed by digits.
fn codes_in_text(text: &str, prefixes: &[String]) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|word| {
            prefixes.iter().find_map(|prefix| {
                let digits = word.get(prefix.len()..)?;
                (word[..prefix.len()].eq_ignore_ascii_case(prefix)
                    && !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| format!("{prefix}{digits}"))
            })
        })
        .collect()
}

const SLUG_RULE: &str =
    "must be lower-case letters, digits and single dashes (like 'redirect-uri-mismatch')";

pub(super) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| !part.is_empty())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `slug` → `provider/slug`; an already qualified `other/slug` is kept.
fn qualify(pid: &str, target: &str) -> String {
    if target.contains('/') {
        target.to_string()
    } else {
        format!("{pid}/{target}")
    }
}

/// Unknown references that get a "did you mean" (the rest are listed plainly): a file with
/// thousands of broken references must not cost thousands of searches.
const MAX_SUGGESTIONS: usize = 20;
/// Longest reference a suggestion is looked for; longer ones are not typos of an id.
const MAX_SUGGESTED_LEN: usize = 80;
/// Ids compared per suggestion at most.
const MAX_CANDIDATES: usize = 5_000;

/// The known id closest to `wanted`, compared only with ids of similar length, so the work is
/// bounded whatever the input.
fn did_you_mean<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> String {
    if wanted.len() > MAX_SUGGESTED_LEN {
        return String::new();
    }
    let slack = |len: usize| 3.max(len / 4);
    known
        .filter(|k| k.len().abs_diff(wanted.len()) <= slack(k.len()))
        .take(MAX_CANDIDATES)
        .map(|k| (strsim::levenshtein(wanted, k), k))
        .filter(|(d, k)| *d <= slack(k.len()))
        .min()
        .map(|(_, k)| format!(" (did you mean '{k}'?)"))
        .unwrap_or_default()
}

/// [`did_you_mean`] while `left` lasts.
fn suggest_within<'a>(
    left: &mut usize,
    wanted: &str,
    known: impl Iterator<Item = &'a str>,
) -> String {
    if *left == 0 {
        return String::new();
    }
    *left -= 1;
    did_you_mean(wanted, known)
}
