//! The validated knowledge base: an arena of providers, questions, fixes and copyable values,
//! linked by typed indices. Every reference in it has been checked, so walking it never fails.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use jiff::civil::Date;

pub use super::fingerprints::{Fingerprints, HostPattern, OtherService, PathPattern, Strength};
use super::template::{Rendered, Template};
use crate::server::ConnectServer;
use crate::text::SafeText;

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub(crate) usize);
    };
}

index_type!(
    /// A provider (one flow file).
    ProviderIdx
);
index_type!(
    /// A question, including each provider's synthetic "what do you see?" root.
    QuestionIdx
);
index_type!(
    /// A fix.
    FixIdx
);
index_type!(
    /// A copyable value.
    CopyIdx
);

/// Where a walk can stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Node {
    Question(QuestionIdx),
    Fix(FixIdx),
}

/// An enum that flow files spell as a lower-case word (`seen = "login"`, `kind = "uri"`): strum
/// reads and names it, so the spelling is the variant's name and written nowhere else.
macro_rules! flow_word {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident,)+ }) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            serde::Serialize,
            serde::Deserialize,
            strum::EnumString,
            strum::IntoStaticStr,
            strum::VariantNames,
        )]
        #[strum(serialize_all = "lowercase")]
        pub enum $name {
            $($(#[$variant_doc])* $variant,)+
        }

        impl $name {
            /// How a flow file spells it.
            pub fn parse(s: &str) -> Option<$name> {
                s.parse().ok()
            }

            pub fn key(self) -> &'static str {
                self.into()
            }
        }
    };
}

flow_word!(
    /// Who runs into a problem, and when. Shown on the fix screen so the engineer can check it
    /// against what the customer describes.
    Seen {
        /// A viewer signing in to the provider through Connect.
        Login,
        /// Connect refreshing a viewer's token in the background.
        Refresh,
        /// Content asking Connect for credentials.
        Content,
        /// Content calling the provider's API with a token Connect handed out.
        Resource,
        /// An administrator or publisher setting the integration up.
        Setup,
    }
);

impl Seen {
    pub fn describe(self) -> &'static str {
        match self {
            Seen::Login => "a viewer, while logging in to the provider",
            Seen::Refresh => "Connect, when it refreshes a viewer's token",
            Seen::Content => "the content, when it asks Connect for credentials",
            Seen::Resource => "the content, when it calls the provider's API with the token",
            Seen::Setup => "an administrator or publisher, while setting the integration up",
        }
    }
}

flow_word!(
    /// What kind of value a copy target holds; decides how it is shown (a URI on one line, SQL
    /// as a block) but never what it says.
    CopyKind {
        Uri,
        Scopes,
        Sql,
        Command,
        Text,
    }
);

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Provider {
    pub id: String,
    pub name: SafeText,
    pub summary: SafeText,
    pub docs: Option<SafeText>,
    pub order: i64,
    /// The synthetic question listing this provider's symptoms.
    pub root: QuestionIdx,
    /// Extra things to collect before escalating a problem with this provider.
    pub escalation: Vec<SafeText>,
    /// Where the provider was loaded from (`flows/azure.toml` or a path under `--flows`).
    pub file: String,
    /// What marks a paste as this provider's. Empty for Connect's own messages, which any
    /// provider's integration can show.
    pub fingerprints: Fingerprints,
    /// What the field checks know about the provider (`[field]`); `None` keeps it out of them.
    pub field: Option<super::registry::FieldFacts>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    /// Global id, `<provider>/<slug>`; a provider's root is `<provider>/symptom`.
    pub id: String,
    pub provider: ProviderIdx,
    pub text: SafeText,
    pub help: Option<SafeText>,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    pub label: SafeText,
    pub detail: Option<SafeText>,
    pub next: Node,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Fix {
    /// Global, stable id: `<provider>/<slug>`.
    pub id: String,
    pub provider: ProviderIdx,
    pub title: SafeText,
    /// Error texts exactly as the provider or Connect prints them, each with where it was seen.
    pub errors: Vec<ErrorText>,
    /// Other known wordings of the same error (older texts, log-event forms), matched and
    /// offered by search, never shown as exact error text; `variant_sources[i]` says where
    /// `variants[i]` was seen.
    pub variants: Vec<SafeText>,
    pub variant_sources: Vec<String>,
    /// Words that, next to the error, point at this cause rather than a sibling.
    pub clues: Vec<String>,
    /// Error codes that name this problem (`AADSTS50011`, `connect:215`), beyond those found
    /// in `errors`.
    pub codes: Vec<ErrorCode>,
    /// Codes of its error texts that other errors print too: they count for this fix only with
    /// the values its error text quotes.
    pub shared_codes: Vec<ErrorCode>,
    pub seen: Seen,
    pub cause: SafeText,
    pub steps: Vec<Template>,
    pub copy: Vec<CopyIdx>,
    pub docs: Vec<SafeText>,
    pub source: SafeText,
    /// When the steps were last checked against the vendor's pages.
    pub checked: Date,
    /// Shown to the reader when the facts behind this fix are not fully confirmed.
    pub uncertain: Option<SafeText>,
    pub if_not_fixed: Option<Node>,
    /// Other providers whose software prints this error too.
    pub seen_with: Vec<ProviderIdx>,
}

impl Fix {
    /// A fix with nothing but its id and provider: the stand-in for one that failed to parse
    /// (so links to it still resolve and the problem is reported once) or to decode.
    pub(crate) fn placeholder(id: String, provider: ProviderIdx) -> Fix {
        Fix {
            id,
            provider,
            title: SafeText::default(),
            errors: Vec::new(),
            variants: Vec::new(),
            variant_sources: Vec::new(),
            clues: Vec::new(),
            codes: Vec::new(),
            shared_codes: Vec::new(),
            seen: Seen::Login,
            cause: SafeText::default(),
            steps: Vec::new(),
            copy: Vec::new(),
            docs: Vec::new(),
            source: SafeText::default(),
            checked: Date::MIN,
            uncertain: None,
            if_not_fixed: None,
            seen_with: Vec::new(),
        }
    }
}

/// The fixes of a knowledge base, by index. The built-in ones stay the bytes build.rs
/// prepared until each is first read: a one-shot `diagnose` reads the few it prints, and
/// deserialising all of them up front was most of its start-up (fixes are four fifths of the
/// prepared knowledge). Serialised as a plain sequence of fixes.
#[derive(Clone, Default)]
pub struct Fixes(Vec<FixSlot>);

#[derive(Clone)]
struct FixSlot {
    fix: OnceLock<Fix>,
    /// The prepared bytes of a fix not read yet; empty for one made at run time.
    prepared: &'static [u8],
}

impl FixSlot {
    fn ready(fix: Fix) -> FixSlot {
        FixSlot {
            fix: OnceLock::from(fix),
            prepared: &[],
        }
    }

    fn get(&self) -> &Fix {
        self.fix.get_or_init(|| decode_prepared_fix(self.prepared))
    }
}

/// A prepared fix. The bytes come from this binary's build, and a test reads every one of
/// them; should they still not decode, a stand-in says so instead of a panic.
fn decode_prepared_fix(bytes: &[u8]) -> Fix {
    postcard::from_bytes(bytes).unwrap_or_else(|_| Fix {
        title: SafeText::clean_trimmed(
            "This fix could not be read from the built-in knowledge; reinstall oauth-triage",
        ),
        ..Fix::placeholder("unreadable/fix".to_string(), ProviderIdx(0))
    })
}

impl Fixes {
    pub(crate) fn push(&mut self, fix: Fix) {
        self.0.push(FixSlot::ready(fix));
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &Fix> + '_ {
        self.0.iter().map(FixSlot::get)
    }

    /// How many fixes have been deserialised (for the test that reading stays lazy).
    #[cfg(test)]
    pub(crate) fn read_so_far(&self) -> usize {
        self.0
            .iter()
            .filter(|slot| slot.fix.get().is_some())
            .count()
    }

    /// Fixes read on demand from `bytes`, where fix `i` ends at `ends[i]` (as
    /// [`Fixes::to_prepared`] wrote them); `None` when the two do not fit together.
    pub(crate) fn prepared(bytes: &'static [u8], ends: &[u32]) -> Option<Fixes> {
        let mut start = 0;
        let mut slots = Vec::with_capacity(ends.len());
        for &end in ends {
            let end = usize::try_from(end).ok()?;
            slots.push(FixSlot {
                fix: OnceLock::new(),
                prepared: bytes.get(start..end)?,
            });
            start = end;
        }
        (start == bytes.len()).then_some(Fixes(slots))
    }

    /// Every fix serialised on its own (postcard), end to end, and where each one ends.
    #[allow(
        dead_code,
        reason = "build.rs, which compiles this file too, writes them"
    )]
    pub(crate) fn to_prepared(&self) -> Result<(Vec<u8>, Vec<u32>), String> {
        let mut bytes = Vec::new();
        let mut ends = Vec::with_capacity(self.len());
        for fix in self.iter() {
            bytes.extend(postcard::to_allocvec(fix).map_err(|e| format!("{}: {e}", fix.id))?);
            ends.push(u32::try_from(bytes.len()).map_err(|_| "over 4 GB of fixes".to_string())?);
        }
        Ok((bytes, ends))
    }
}

impl std::ops::Index<usize> for Fixes {
    type Output = Fix;

    fn index(&self, index: usize) -> &Fix {
        self.0[index].get()
    }
}

impl std::ops::IndexMut<usize> for Fixes {
    fn index_mut(&mut self, index: usize) -> &mut Fix {
        let slot = &mut self.0[index];
        slot.get();
        slot.fix.get_mut().expect("get() has just filled the slot")
    }
}

impl fmt::Debug for Fixes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for Fixes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for Fixes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fixes, D::Error> {
        let fixes = Vec::<Fix>::deserialize(deserializer)?;
        Ok(Fixes(fixes.into_iter().map(FixSlot::ready).collect()))
    }
}

/// An error code a fix names, checked against the declared families: Connect's own API codes
/// (`connect:215`, printed "Error 215") or a number of a provider's family (`AADSTS50011`).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ErrorCode {
    Connect(u64),
    Family {
        /// The provider whose `[fingerprints] codes` declares the prefix.
        provider: ProviderIdx,
        /// The prefix as declared (`AADSTS`).
        prefix: String,
        number: u64,
    },
}

impl fmt::Display for ErrorCode {
    /// As a flow file writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Connect(number) => write!(f, "connect:{number}"),
            ErrorCode::Family { prefix, number, .. } => write!(f, "{prefix}{number}"),
        }
    }
}

/// A wording a service really prints, and the address of the page, issue or code where it was
/// seen. Shown as "exact error text", apart from our own description of the problem.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ErrorText {
    pub text: Template,
    pub source: SafeText,
}

impl ErrorText {
    /// The wording as written in the flow, `{variables}` unfilled (what matching uses).
    pub fn raw(&self) -> &SafeText {
        self.text.raw()
    }

    /// The wording with the Connect address filled in.
    pub fn render(&self, server: Option<&ConnectServer>) -> Rendered {
        self.text.render(server)
    }
}

impl Fix {
    /// Every wording this fix's error is known by: its exact error texts as written
    /// (`{variables}` unfilled), then its variants. What matching reads.
    pub fn wordings(&self) -> impl Iterator<Item = &str> {
        self.errors
            .iter()
            .map(|e| e.raw().as_str())
            .chain(self.variants.iter().map(SafeText::as_str))
    }

    /// A how-to for setting something up, reached without an error: there is no cause to
    /// confirm, so nothing asks whether it fixed anything.
    pub fn is_setup_guide(&self) -> bool {
        self.seen == Seen::Setup && self.errors.is_empty()
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CopyValue {
    /// Global id, `<provider>/<slug>`.
    pub id: String,
    pub label: SafeText,
    pub value: Template,
    pub kind: CopyKind,
}

/// The whole validated knowledge base.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct KnowledgeBase {
    pub(crate) providers: Vec<Provider>,
    pub(crate) questions: Vec<Question>,
    pub(crate) fixes: Fixes,
    pub(crate) copies: Vec<CopyValue>,
    /// The general checklist of what to collect before escalating.
    pub(crate) escalation: Vec<SafeText>,
    pub(crate) fix_by_id: HashMap<String, FixIdx>,
    /// Services the knowledge base does not cover, recognised for an honest answer.
    pub(crate) other_services: Vec<OtherService>,
    /// Checks that apply whatever the provider, offered with a "not covered" answer.
    pub(crate) generic_checks: Vec<SafeText>,
    /// The diagnosis index build.rs prepared for exactly this knowledge base: set only on the
    /// built-in knowledge as loaded from the build, never on one parsed at run time.
    #[serde(skip)]
    pub(crate) prepared_index: Option<PreparedIndex>,
}

/// Serialised diagnosis index (postcard) of the built-in knowledge base.
#[derive(Clone, Copy)]
pub struct PreparedIndex(pub &'static [u8]);

impl std::fmt::Debug for PreparedIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PreparedIndex({} bytes)", self.0.len())
    }
}

impl KnowledgeBase {
    /// Providers in home-screen order.
    pub fn providers(&self) -> impl ExactSizeIterator<Item = (ProviderIdx, &Provider)> {
        self.providers
            .iter()
            .enumerate()
            .map(|(i, p)| (ProviderIdx(i), p))
    }

    pub fn provider(&self, idx: ProviderIdx) -> &Provider {
        &self.providers[idx.0]
    }

    pub fn provider_by_id(&self, id: &str) -> Option<ProviderIdx> {
        self.providers
            .iter()
            .position(|p| p.id == id)
            .map(ProviderIdx)
    }

    pub fn question(&self, idx: QuestionIdx) -> &Question {
        &self.questions[idx.0]
    }

    pub fn questions(&self) -> impl ExactSizeIterator<Item = (QuestionIdx, &Question)> {
        self.questions
            .iter()
            .enumerate()
            .map(|(i, q)| (QuestionIdx(i), q))
    }

    pub fn fix(&self, idx: FixIdx) -> &Fix {
        &self.fixes[idx.0]
    }

    pub fn fixes(&self) -> impl ExactSizeIterator<Item = (FixIdx, &Fix)> {
        self.fixes.iter().enumerate().map(|(i, f)| (FixIdx(i), f))
    }

    pub fn fix_by_id(&self, id: &str) -> Option<FixIdx> {
        self.fix_by_id.get(id).copied()
    }

    pub fn copy_value(&self, idx: CopyIdx) -> &CopyValue {
        &self.copies[idx.0]
    }

    /// What to collect before escalating a problem with `provider`: the general list, then the
    /// provider's own additions.
    pub fn escalation(&self, provider: Option<ProviderIdx>) -> Vec<&SafeText> {
        let mut items: Vec<&SafeText> = self.escalation.iter().collect();
        if let Some(p) = provider {
            items.extend(self.provider(p).escalation.iter());
        }
        items
    }

    pub fn other_services(&self) -> &[OtherService] {
        &self.other_services
    }

    /// The diagnosis index prepared at build time for this knowledge base, if it is the
    /// built-in one.
    pub fn prepared_index(&self) -> Option<PreparedIndex> {
        self.prepared_index
    }

    pub fn generic_checks(&self) -> &[SafeText] {
        &self.generic_checks
    }

    /// A short human label for a node, used in breadcrumbs.
    pub fn node_label(&self, node: Node) -> &SafeText {
        match node {
            Node::Question(q) => &self.question(q).text,
            Node::Fix(f) => &self.fix(f).title,
        }
    }

    pub fn node_provider(&self, node: Node) -> ProviderIdx {
        match node {
            Node::Question(q) => self.question(q).provider,
            Node::Fix(f) => self.fix(f).provider,
        }
    }
}

impl fmt::Display for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The values an error text quotes in single quotes, leaving out `<placeholders>`:
/// `parameter: 'client_id'` gives `client_id`; `'client_secret or client_assertion'` gives the
/// identifiers in it. What tells apart the errors that share a code (`shared_codes`).
pub fn quoted_values(text: &str) -> Vec<String> {
    let mut values = Vec::new();
    for quoted in text.split('\'').skip(1).step_by(2) {
        let quoted = quoted.trim();
        if quoted.is_empty() || quoted.len() > 64 || quoted.contains('<') {
            continue;
        }
        if quoted.contains(' ') {
            values.extend(
                quoted
                    .split(' ')
                    .filter(|w| w.contains('_'))
                    .map(str::to_string),
            );
        } else {
            values.push(quoted.to_string());
        }
    }
    values
}
