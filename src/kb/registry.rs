//! What the field checks know about each provider, declared in its flow file (`[field]`): the
//! names `--provider` accepts, the fixes a finding points at, how its scopes are read and how
//! its authorize endpoints look. Adding a provider to the checks is editing its flow file; the
//! checks in `crate::field` only carry the *rules* a provider can choose (`scope_rules`).

use std::ops::Range;

use super::fingerprints::{HostPattern, parse_host};
use super::model::{FixIdx, KnowledgeBase, ProviderIdx};
use super::raw::{RawEndpoint, RawField};
use super::source::{Diagnostic, Source};

/// How the scope check reads a scope list. The behaviour lives in `field::scopes`; a flow
/// chooses one of these by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScopeRules {
    /// Any OpenID Connect provider: a Viewer integration needs `offline_access`.
    Oidc,
    /// OIDC, and the AWS template's ID token needs `openid`.
    Aws,
    /// Entra ID: `.default` stands alone, one resource per request.
    Entra,
    /// Entra ID's Azure OpenAI template.
    EntraOpenai,
    /// Entra ID's Microsoft Graph template.
    EntraGraph,
    /// Entra ID's SharePoint template.
    EntraSharepoint,
    /// Snowflake: `refresh_token` in place of `offline_access`, `session:role:<ROLE>`.
    Snowflake,
    /// GitHub: scopes come from the app's permissions.
    Github,
    /// Google: no offline scope in the facts.
    Google,
    /// Salesforce: `refresh_token` or `offline_access`, client credentials from the app.
    Salesforce,
}

impl ScopeRules {
    pub const ALL: [(&'static str, ScopeRules); 10] = [
        ("oidc", ScopeRules::Oidc),
        ("aws", ScopeRules::Aws),
        ("entra", ScopeRules::Entra),
        ("entra-openai", ScopeRules::EntraOpenai),
        ("entra-graph", ScopeRules::EntraGraph),
        ("entra-sharepoint", ScopeRules::EntraSharepoint),
        ("snowflake", ScopeRules::Snowflake),
        ("github", ScopeRules::Github),
        ("google", ScopeRules::Google),
        ("salesforce", ScopeRules::Salesforce),
    ];

    pub fn parse(name: &str) -> Option<ScopeRules> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }
}

/// A scope list's rules and the scopes the facts give for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScopeFacts {
    pub rules: ScopeRules,
    pub known: Vec<String>,
}

/// A Connect template that signs in through a provider (`msgraph` through Entra ID).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldTemplate {
    pub id: String,
    /// Normalised ([`normal_name`]) aliases.
    pub aliases: Vec<String>,
    /// The template's own scope rules, when they differ from the provider's.
    pub scopes: Option<ScopeFacts>,
}

/// One segment of an endpoint path pattern.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Segment {
    Literal(String),
    /// `*`: any one segment.
    Any,
    /// `**`: any number of segments, none included.
    AnyRun,
    /// `{name}`: one segment, shown as a detail.
    Capture(String),
}

/// No authorize endpoint has a path this deep; a longer one is not matched at all.
const MAX_PATH_SEGMENTS: usize = 32;

/// An authorize endpoint: a host pattern (or any host) and a path pattern.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Endpoint {
    /// `None` for any host.
    host: Option<HostPattern>,
    path: Vec<Segment>,
}

impl Endpoint {
    /// The `{name}` captures of `path` when `host` and `path` fit, in path order.
    fn matches(&self, host: &str, path: &str) -> Option<Vec<(String, String)>> {
        if let Some(pattern) = &self.host
            && !pattern.matches(&host.to_ascii_lowercase())
        {
            return None;
        }
        let theirs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        // Each `**` tries every split of the path: bounded, a pasted URL cannot make it slow.
        if theirs.len() > MAX_PATH_SEGMENTS {
            return None;
        }
        let mut captures = Vec::new();
        segments_match(&self.path, &theirs, &mut captures).then_some(captures)
    }
}

fn segments_match(ours: &[Segment], theirs: &[&str], captures: &mut Vec<(String, String)>) -> bool {
    let Some((first, rest)) = ours.split_first() else {
        return theirs.is_empty();
    };
    match first {
        Segment::AnyRun => (0..=theirs.len()).any(|skip| {
            let kept = captures.len();
            let fits = segments_match(rest, &theirs[skip..], captures);
            if !fits {
                captures.truncate(kept);
            }
            fits
        }),
        _ => {
            let Some((segment, their_rest)) = theirs.split_first() else {
                return false;
            };
            let fits = match first {
                Segment::Literal(text) => segment.eq_ignore_ascii_case(text),
                Segment::Capture(name) => {
                    captures.push((name.clone(), (*segment).to_string()));
                    true
                }
                _ => true,
            };
            fits && segments_match(rest, their_rest, captures)
        }
    }
}

/// A provider's `[field]` table, checked and linked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldFacts {
    /// The provider's name in findings ("Microsoft Entra ID").
    pub name: crate::text::SafeText,
    /// Normalised ([`normal_name`]) aliases.
    pub aliases: Vec<String>,
    pub redirect_fix: Option<FixIdx>,
    pub refresh_fix: Option<FixIdx>,
    pub scopes: Option<ScopeFacts>,
    pub authorize: Vec<Endpoint>,
    pub templates: Vec<FieldTemplate>,
}

/// What a `--provider` name resolved to: a provider, and the template when one was named.
#[derive(Debug, Clone, Copy)]
pub struct FieldTarget<'kb> {
    pub provider: ProviderIdx,
    /// The provider's or template's id, as the checks' titles show it.
    pub id: &'kb str,
    pub facts: &'kb FieldFacts,
    pub template: Option<&'kb FieldTemplate>,
}

impl<'kb> FieldTarget<'kb> {
    /// The scope rules that apply: the template's own, else the provider's.
    pub fn scopes(&self) -> Option<&'kb ScopeFacts> {
        self.template
            .and_then(|t| t.scopes.as_ref())
            .or(self.facts.scopes.as_ref())
    }
}

/// A provider recognised from a pasted authorize URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    pub provider: ProviderIdx,
    /// `{name}` parts of the endpoint's path (`tenant`, `realm`) and their values.
    pub captures: Vec<(String, String)>,
}

/// `Azure AD`, `azure_ad` and `azure-ad` name the same thing: lower case, words joined by `-`.
pub fn normal_name(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

impl KnowledgeBase {
    /// Every (id, target) a `--provider` name can resolve to, in home-screen order: each provider
    /// with a `[field]` table, then its templates.
    fn field_entries(&self) -> impl Iterator<Item = FieldTarget<'_>> {
        self.providers().flat_map(|(idx, provider)| {
            let facts = provider.field.as_ref();
            facts.into_iter().flat_map(move |facts| {
                let own = FieldTarget {
                    provider: idx,
                    id: provider.id.as_str(),
                    facts,
                    template: None,
                };
                let templates = facts.templates.iter().map(move |t| FieldTarget {
                    provider: idx,
                    id: t.id.as_str(),
                    facts,
                    template: Some(t),
                });
                std::iter::once(own).chain(templates)
            })
        })
    }

    /// The provider or template `name` names: an id or alias, or a name as the guide shows it
    /// ("Azure (Microsoft Entra ID)", "Custom: Keycloak"); case and spacing are ignored.
    pub fn field_target(&self, name: &str) -> Option<FieldTarget<'_>> {
        let whole = name.trim();
        let mut candidates = vec![normal_name(whole)];
        if let Some((before, inside)) = whole.split_once('(') {
            candidates.push(normal_name(before));
            candidates.push(normal_name(inside.trim_end_matches(')')));
        }
        if let Some((_, after)) = whole.split_once(':') {
            candidates.push(normal_name(after));
        }
        candidates.iter().find_map(|candidate| {
            self.field_entries().find(|target| {
                let aliases = match target.template {
                    Some(t) => &t.aliases,
                    None => &target.facts.aliases,
                };
                // A provider is also called by its names ("Example IdP").
                let named = target.template.is_none()
                    && [&self.provider(target.provider).name, &target.facts.name]
                        .iter()
                        .any(|name| normal_name(name) == *candidate);
                target.id == candidate || aliases.contains(candidate) || named
            })
        })
    }

    /// Ids the scope check accepts, in the order they are listed to people.
    pub fn scope_target_ids(&self) -> Vec<&str> {
        self.field_entries()
            .filter(|t| t.scopes().is_some())
            .map(|t| t.id)
            .collect()
    }

    /// Ids of the providers whose redirect-URI fix is known.
    pub fn redirect_provider_ids(&self) -> Vec<&str> {
        self.field_entries()
            .filter(|t| t.template.is_none() && t.facts.redirect_fix.is_some())
            .map(|t| t.id)
            .collect()
    }

    /// The provider whose authorize endpoint `host` and `path` are. Endpoints with a host
    /// pattern are tried before those for any host: the host says more than the path.
    pub fn recognise_authorize(&self, host: &str, path: &str) -> Option<Recognised> {
        let endpoints = || {
            self.providers().flat_map(|(idx, p)| {
                p.field
                    .iter()
                    .flat_map(move |f| f.authorize.iter().map(move |e| (idx, e)))
            })
        };
        let with_host = endpoints().filter(|(_, e)| e.host.is_some());
        let any_host = endpoints().filter(|(_, e)| e.host.is_none());
        with_host.chain(any_host).find_map(|(provider, endpoint)| {
            endpoint
                .matches(host, path)
                .map(|captures| Recognised { provider, captures })
        })
    }

    /// The provider's `[field]` facts, if its flow has the table.
    pub fn field_facts(&self, provider: ProviderIdx) -> Option<&FieldFacts> {
        self.provider(provider).field.as_ref()
    }
}

/// Checks a `[field]` table. `fix` resolves a fix reference (a slug of this file or a global id)
/// and reports it when unknown; `taken` says which provider or template already uses a name.
pub(super) fn resolve(
    source: &Source,
    provider_name: &crate::text::SafeText,
    raw: &RawField,
    fix: &mut dyn FnMut(&serde_spanned::Spanned<String>) -> Option<FixIdx>,
    taken: &dyn Fn(&str) -> Option<String>,
    problems: &mut Vec<Diagnostic>,
) -> FieldFacts {
    let mut bad = |span: Range<usize>, message: String| problems.push(source.at(span, message));
    let mut claimed: Vec<String> = Vec::new();
    let mut claim = |name: &serde_spanned::Spanned<String>,
                     bad: &mut dyn FnMut(Range<usize>, String)|
     -> Option<String> {
        let normal = normal_name(name.get_ref());
        if normal.is_empty() {
            bad(name.span(), "an empty name".to_string());
            return None;
        }
        if let Some(owner) = taken(&normal) {
            bad(
                name.span(),
                format!("'{}' already names '{owner}'", name.get_ref()),
            );
            return None;
        }
        if claimed.contains(&normal) {
            bad(
                name.span(),
                format!("'{}' is listed twice in [field]", name.get_ref()),
            );
            return None;
        }
        claimed.push(normal.clone());
        Some(normal)
    };
    let aliases = raw
        .aliases
        .iter()
        .filter_map(|a| claim(a, &mut bad))
        .collect();
    let mut templates = Vec::new();
    for template in &raw.template {
        let id = template.id.get_ref();
        if !super::resolve::is_slug(id) {
            bad(
                template.id.span(),
                format!("template id '{id}' must be lower-case letters, digits and dashes"),
            );
            continue;
        }
        if claim(&template.id, &mut bad).is_none() {
            continue;
        }
        let aliases = template
            .aliases
            .iter()
            .filter_map(|a| claim(a, &mut bad))
            .collect();
        let scopes = match (&template.scope_rules, &template.scopes) {
            (None, None) => None,
            (rules, known) => {
                let rules = rules
                    .as_ref()
                    .or(raw.scope_rules.as_ref())
                    .and_then(|r| scope_rules(r, &mut bad));
                let known = known.as_deref().unwrap_or(&raw.scopes);
                rules.map(|rules| ScopeFacts {
                    rules,
                    known: scopes(known, &mut bad),
                })
            }
        };
        templates.push(FieldTemplate {
            id: id.clone(),
            aliases,
            scopes,
        });
    }
    let scopes = match &raw.scope_rules {
        Some(rules) => scope_rules(rules, &mut bad).map(|rules| ScopeFacts {
            rules,
            known: scopes(&raw.scopes, &mut bad),
        }),
        None => {
            if let Some(first) = raw.scopes.first() {
                bad(
                    first.span(),
                    "scopes are listed but no scope_rules say how to read them".to_string(),
                );
            }
            None
        }
    };
    let authorize = raw
        .authorize
        .iter()
        .filter_map(|e| endpoint(e, &mut bad))
        .collect();
    let name = raw.name.as_ref().map_or_else(
        || provider_name.clone(),
        // Shown in findings, so made inert at load as every other flow text is.
        |n| crate::text::SafeText::one_line(n.get_ref().trim()),
    );
    FieldFacts {
        name,
        aliases,
        redirect_fix: raw.redirect_fix.as_ref().and_then(&mut *fix),
        refresh_fix: raw.refresh_fix.as_ref().and_then(&mut *fix),
        scopes,
        authorize,
        templates,
    }
}

fn scope_rules(
    raw: &serde_spanned::Spanned<String>,
    bad: &mut dyn FnMut(Range<usize>, String),
) -> Option<ScopeRules> {
    let found = ScopeRules::parse(raw.get_ref());
    if found.is_none() {
        let known: Vec<&str> = ScopeRules::ALL.iter().map(|(n, _)| *n).collect();
        bad(
            raw.span(),
            format!(
                "unknown scope_rules '{}' (expected one of: {})",
                raw.get_ref(),
                known.join(", ")
            ),
        );
    }
    found
}

fn scopes(
    raw: &[serde_spanned::Spanned<String>],
    bad: &mut dyn FnMut(Range<usize>, String),
) -> Vec<String> {
    raw.iter()
        .filter_map(|scope| {
            let text = scope.get_ref();
            if text.is_empty() || text.contains(|c: char| c.is_whitespace() || c == ',') {
                bad(
                    scope.span(),
                    format!("scope '{text}' must be one scope, without spaces or commas"),
                );
                None
            } else {
                Some(text.clone())
            }
        })
        .collect()
}

fn endpoint(raw: &RawEndpoint, bad: &mut dyn FnMut(Range<usize>, String)) -> Option<Endpoint> {
    let host = match raw.host.get_ref().as_str() {
        "*" => None,
        text => match parse_host(text) {
            Ok(pattern) => Some(pattern),
            Err(why) => {
                bad(raw.host.span(), format!("host '{text}' {why}"));
                return None;
            }
        },
    };
    let text = raw.path.get_ref();
    let mut path = Vec::new();
    for segment in text.split('/').filter(|s| !s.is_empty()) {
        path.push(match segment {
            "*" => Segment::Any,
            "**" => Segment::AnyRun,
            _ => match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) if super::resolve::is_slug(name) => Segment::Capture(name.to_string()),
                Some(_) => {
                    bad(
                        raw.path.span(),
                        format!("'{segment}' in path '{text}' must name a capture in lower case"),
                    );
                    return None;
                }
                None => Segment::Literal(segment.to_string()),
            },
        });
    }
    // Each `**` multiplies the ways a path can be split; two are all an endpoint needs.
    if path.iter().filter(|s| **s == Segment::AnyRun).count() > 2 {
        bad(
            raw.path.span(),
            format!("path '{text}' has more than two '**'"),
        );
        return None;
    }
    let literal = path.iter().any(|s| matches!(s, Segment::Literal(_)));
    if !text.starts_with('/') || text.contains(char::is_whitespace) || !literal {
        bad(
            raw.path.span(),
            format!("path '{text}' must start with '/' and name at least one literal segment"),
        );
        return None;
    }
    Some(Endpoint { host, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint_of(host: &str, path: &str) -> Endpoint {
        let raw = RawEndpoint {
            host: serde_spanned::Spanned::new(0..0, host.to_string()),
            path: serde_spanned::Spanned::new(0..0, path.to_string()),
        };
        let mut problems = Vec::new();
        let found = endpoint(&raw, &mut |_, m| problems.push(m));
        assert!(problems.is_empty(), "{problems:?}");
        found.expect("a valid endpoint")
    }

    #[test]
    fn paths_match_segment_by_segment() {
        let entra = endpoint_of("login.microsoftonline.com", "/{tenant}/oauth2/**/authorize");
        let host = "login.microsoftonline.com";
        assert_eq!(
            entra.matches(host, "/contoso/oauth2/v2.0/authorize"),
            Some(vec![("tenant".to_string(), "contoso".to_string())])
        );
        assert!(entra.matches(host, "/contoso/oauth2/authorize").is_some());
        assert!(entra.matches(host, "/contoso/oauth2/v2.0/token").is_none());
        assert!(
            entra
                .matches("login.example.com", "/contoso/oauth2/authorize")
                .is_none()
        );
        let keycloak = endpoint_of("*", "/**/realms/{realm}/protocol/openid-connect/auth");
        assert_eq!(
            keycloak.matches(
                "kc.example.com",
                "/auth/realms/main/protocol/openid-connect/auth"
            ),
            Some(vec![("realm".to_string(), "main".to_string())])
        );
        assert!(
            keycloak
                .matches(
                    "kc.example.com",
                    "/realms/main/protocol/openid-connect/token"
                )
                .is_none()
        );
    }

    #[test]
    fn a_deep_path_is_not_an_authorize_endpoint() {
        // Two `**` try every split of a path; 5,000 pasted segments would be 25 million tries.
        let endpoint = endpoint_of("*", "/**/realms/{realm}/**/protocol/openid-connect/auth");
        let deep = "/a".repeat(5_000) + "/realms/x/protocol/openid-connect/auth";
        assert_eq!(endpoint.matches("kc.example.com", &deep), None);
        let shallow = "/auth/realms/x/y/protocol/openid-connect/auth";
        assert!(endpoint.matches("kc.example.com", shallow).is_some());
    }

    #[test]
    fn names_are_compared_ignoring_case_and_separators() {
        assert_eq!(normal_name("  Azure_AD "), "azure-ad");
        assert_eq!(normal_name("Microsoft Entra  ID"), "microsoft-entra-id");
    }
}
