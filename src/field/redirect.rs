//! Redirect URI check: Connect's callback against what the provider has registered.
//!
//! Providers compare the `redirect_uri` of a login with their registered list as plain text, so a
//! URI that a browser treats as "the same" (other host case, explicit `:443`, a trailing slash)
//! still fails. This module names each such difference. The registered side is therefore read
//! *raw*, never through `Url::parse`, which would normalise exactly what we need to see.
//!
//! A pasted authorize URL is read too: its `redirect_uri` is what Connect actually *sends*, which
//! tells apart "the provider has the wrong address" from "Connect sends the wrong address".

use std::borrow::Cow;
use std::fmt;

use percent_encoding::percent_decode_str;
use url::Url;

use super::{FieldReport, Finding, Severity};
use crate::kb::{KnowledgeBase, ProviderIdx};
use crate::server::{CALLBACK_PATH, ConnectServer};

/// Workbench's callback path: registered next to Connect's when one app is shared, never sent
/// by Connect.
pub const WORKBENCH_CALLBACK_PATH: &str = "/oauth_redirect_callback";

/// The furthest a registered callback path may be from Connect's and still be called a typo
/// (`/__oauth__/integration/callback` is 1 away; an unrelated path is far more).
const TYPO_DISTANCE: usize = 5;

/// A provider whose redirect-URI fix the check can point at, as its flow's `[field]` declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    /// The provider id (`azure`).
    pub id: String,
    /// Its name in findings ("Microsoft Entra ID").
    pub name: String,
    /// The fix for "the redirect URI does not match" there.
    pub fix_id: String,
}

impl Provider {
    /// The provider `kb` knows as `idx`, when its flow names a redirect fix.
    pub fn of(kb: &KnowledgeBase, idx: ProviderIdx) -> Option<Provider> {
        let facts = kb.field_facts(idx)?;
        let fix = facts.redirect_fix?;
        Some(Provider {
            id: kb.provider(idx).id.clone(),
            name: facts.name.clone(),
            fix_id: kb.fix(fix).id.clone(),
        })
    }

    /// Reads a provider id, alias or a Connect template that logs in through a provider
    /// (`msgraph` → Entra ID, `drive` → Google).
    pub fn parse(kb: &KnowledgeBase, name: &str) -> Option<Provider> {
        Provider::of(kb, kb.field_target(name)?.provider)
    }

    /// The ids `parse` accepts first, for messages.
    pub fn ids(kb: &KnowledgeBase) -> Vec<&str> {
        kb.redirect_provider_ids()
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// One way a registered (or sent) redirect URI differs from Connect's callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Not `scheme://host…` at all.
    NotAUri,
    /// The whole URI is percent-encoded (`https%3A%2F%2F…`), as copied out of an authorize URL.
    WholeUriEncoded,
    Scheme {
        expected: String,
        found: String,
    },
    /// Same host name, other letter case.
    HostCase {
        expected: String,
        found: String,
    },
    Host {
        expected: String,
        found: String,
    },
    /// `:443` on https (or `:80` on http) written out where Connect sends no port.
    DefaultPort {
        port: String,
    },
    Port {
        expected: Option<String>,
        found: Option<String>,
    },
    /// Connect is served under a path prefix (`/rsc`) that the URI lacks.
    MissingPrefix {
        prefix: String,
    },
    /// The URI has a path prefix Connect's address does not have.
    ExtraPrefix {
        prefix: String,
    },
    Prefix {
        expected: String,
        found: String,
    },
    /// Same path, other letter case (paths are compared case-sensitively).
    PathCase {
        expected: String,
        found: String,
    },
    /// The path holds `%xx` escapes (`%2F`, `%5F`); the provider compares the text as written.
    PercentEncoded {
        found: String,
    },
    TrailingSlash,
    /// The callback path is misspelt.
    Typo {
        expected: String,
        found: String,
    },
    /// Workbench's callback, not Connect's.
    Workbench,
    /// Some other path entirely.
    OtherPath {
        expected: String,
        found: String,
    },
    Query {
        query: String,
    },
    Fragment {
        fragment: String,
    },
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Difference::NotAUri => write!(f, "is not an absolute URI (expected https://host/…)"),
            Difference::WholeUriEncoded => {
                write!(
                    f,
                    "is percent-encoded as a whole (%3A%2F%2F); register the decoded form"
                )
            }
            Difference::Scheme { expected, found } => {
                write!(
                    f,
                    "scheme is {found}:// where Connect's callback uses {expected}://"
                )
            }
            Difference::HostCase { expected, found } => write!(
                f,
                "host '{found}' differs from '{expected}' only in letter case; providers compare \
                 the text exactly"
            ),
            Difference::Host { expected, found } => {
                write!(
                    f,
                    "host is '{found}' where Connect's callback has '{expected}'"
                )
            }
            Difference::DefaultPort { port } => write!(
                f,
                "names the default port :{port} explicitly; Connect's callback has no port, and \
                 the provider compares the text"
            ),
            Difference::Port { expected, found } => write!(
                f,
                "port is {} where Connect's callback has {}",
                describe_port(found.as_deref()),
                describe_port(expected.as_deref())
            ),
            Difference::MissingPrefix { prefix } => {
                write!(
                    f,
                    "path lacks Connect's prefix {prefix} (Connect is served under {prefix})"
                )
            }
            Difference::ExtraPrefix { prefix } => {
                write!(
                    f,
                    "path has an extra prefix {prefix} that Connect's address does not have"
                )
            }
            Difference::Prefix { expected, found } => {
                write!(
                    f,
                    "path prefix is {found} where Connect is served under {expected}"
                )
            }
            Difference::PathCase { expected, found } => write!(
                f,
                "path '{found}' differs from '{expected}' only in letter case; the path is \
                 case-sensitive"
            ),
            Difference::PercentEncoded { found } => write!(
                f,
                "path '{found}' is percent-encoded; register it with plain characters (/, _)"
            ),
            Difference::TrailingSlash => {
                write!(f, "ends with a trailing slash; Connect's callback has none")
            }
            Difference::Typo { expected, found } => {
                write!(
                    f,
                    "callback path is misspelt: '{found}' where Connect uses '{expected}'"
                )
            }
            Difference::Workbench => write!(
                f,
                "is the Workbench callback ({WORKBENCH_CALLBACK_PATH}), not Connect's \
                 ({CALLBACK_PATH})"
            ),
            Difference::OtherPath { expected, found } => {
                write!(
                    f,
                    "path is '{found}' where Connect's callback path is '{expected}'"
                )
            }
            Difference::Query { query } => {
                write!(
                    f,
                    "has a query string (?{query}); Connect's callback has none"
                )
            }
            Difference::Fragment { fragment } => {
                write!(
                    f,
                    "has a fragment (#{fragment}); Connect's callback has none"
                )
            }
        }
    }
}

fn describe_port(port: Option<&str>) -> String {
    match port {
        Some(port) => format!(":{port}"),
        None => "no port".to_string(),
    }
}

/// What a pasted authorize URL says about the login Connect started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    /// The provider recognised from the endpoint, when it is one we know.
    pub provider: Option<Provider>,
    /// The endpoint without its query.
    pub endpoint: String,
    /// What the endpoint's path names (an Entra tenant, a Keycloak realm), as (label, value).
    pub path_details: Vec<(String, String)>,
    pub client_id: Option<String>,
    pub scope: Option<String>,
    /// The redirect URI Connect sent, decoded.
    pub redirect_uri: Option<String>,
}

/// Reads `input` as a provider's authorize URL: an authorize endpoint a flow declares, or any
/// web URL whose query carries OAuth parameters. `None` for anything else (a plain redirect URI).
pub fn parse_authorize(kb: &KnowledgeBase, input: &str) -> Option<AuthorizeRequest> {
    let url = Url::parse(input.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let redirect_uri = param("redirect_uri");
    let client_id = param("client_id");
    let has_oauth_query =
        redirect_uri.is_some() || client_id.is_some() || param("response_type").is_some();
    let recognised = kb.recognise_authorize(url.host_str().unwrap_or_default(), url.path());
    if recognised.is_none() && !has_oauth_query {
        return None;
    }
    let (provider, path_details) = match recognised {
        Some(found) => (
            Provider::of(kb, found.provider),
            found
                .captures
                .into_iter()
                .map(|(name, value)| (capitalised(&name), value))
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    let mut endpoint = url.clone();
    endpoint.set_query(None);
    endpoint.set_fragment(None);
    Some(AuthorizeRequest {
        provider,
        endpoint: endpoint.to_string(),
        path_details,
        client_id,
        scope: param("scope"),
        redirect_uri,
    })
}

/// `tenant` → `Tenant`, as a detail's label.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A URI split into its parts exactly as written: no case folding, no port dropping, no decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RawUri<'a> {
    scheme: &'a str,
    host: &'a str,
    port: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split_uri(text: &str) -> Option<RawUri<'_>> {
    let (scheme, rest) = text.split_once("://")?;
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok {
        return None;
    }
    let (rest, fragment) = match rest.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = split_host_port(authority);
    if host.is_empty() || host.chars().any(char::is_whitespace) {
        return None;
    }
    Some(RawUri {
        scheme,
        host,
        port,
        path,
        query,
        fragment,
    })
}

fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    // An IPv6 literal (`[::1]:3939`) has colons of its own.
    if let Some(end) = authority
        .strip_prefix('[')
        .and_then(|_| authority.find(']'))
    {
        let (host, rest) = authority.split_at(end + 1);
        return (host, rest.strip_prefix(':').filter(|p| !p.is_empty()));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => {
            (host, Some(port).filter(|p| !p.is_empty()))
        }
        _ => (authority, None),
    }
}

fn default_port(scheme: &str) -> Option<&'static str> {
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Some("443"),
        "http" => Some("80"),
        _ => None,
    }
}

/// Every difference between `found` (a registered or sent redirect URI, as written) and the
/// callback Connect sends for `server`. Empty means an exact match.
pub fn compare(server: &ConnectServer, found: &str) -> Vec<Difference> {
    let callback = server.callback_uri();
    // The callback is built by `ConnectServer` from a parsed URL, so it always has these parts.
    let Some(want) = split_uri(&callback) else {
        return vec![Difference::NotAUri];
    };
    let mut diffs = Vec::new();
    let trimmed = found.trim();
    let encoded_scheme = trimmed.to_ascii_lowercase().contains("%3a%2f%2f");
    let text: Cow<str> = if !trimmed.contains("://") && encoded_scheme {
        diffs.push(Difference::WholeUriEncoded);
        percent_decode_str(trimmed).decode_utf8_lossy()
    } else {
        Cow::Borrowed(trimmed)
    };
    let Some(got) = split_uri(&text) else {
        diffs.push(Difference::NotAUri);
        return diffs;
    };
    if !got.scheme.eq_ignore_ascii_case(want.scheme) {
        diffs.push(Difference::Scheme {
            expected: want.scheme.to_string(),
            found: got.scheme.to_ascii_lowercase(),
        });
    }
    diffs.extend(compare_host(&want, &got));
    diffs.extend(compare_port(&want, &got));
    let want_prefix = want.path.strip_suffix(CALLBACK_PATH).unwrap_or(want.path);
    diffs.extend(compare_path(want_prefix, got.path));
    if let Some(query) = got.query {
        diffs.push(Difference::Query {
            query: query.to_string(),
        });
    }
    if let Some(fragment) = got.fragment {
        diffs.push(Difference::Fragment {
            fragment: fragment.to_string(),
        });
    }
    diffs
}

fn compare_host(want: &RawUri, got: &RawUri) -> Option<Difference> {
    if got.host == want.host {
        return None;
    }
    let (expected, found) = (want.host.to_string(), got.host.to_string());
    if got.host.eq_ignore_ascii_case(want.host) {
        Some(Difference::HostCase { expected, found })
    } else {
        Some(Difference::Host { expected, found })
    }
}

fn compare_port(want: &RawUri, got: &RawUri) -> Option<Difference> {
    if got.port == want.port {
        return None;
    }
    match (want.port, got.port) {
        (None, Some(port)) if default_port(got.scheme) == Some(port) => {
            Some(Difference::DefaultPort {
                port: port.to_string(),
            })
        }
        (expected, found) => Some(Difference::Port {
            expected: expected.map(str::to_string),
            found: found.map(str::to_string),
        }),
    }
}

/// Compares a path as written with `want_prefix` + [`CALLBACK_PATH`]: decodes escapes and drops
/// a trailing slash first (each noted), then looks at the callback tail and the prefix apart.
fn compare_path(want_prefix: &str, raw_path: &str) -> Vec<Difference> {
    let mut diffs = Vec::new();
    let mut path: Cow<str> = Cow::Borrowed(raw_path);
    // Both sides are compared decoded. Escapes are only a difference when Connect's own
    // callback does not have them: a prefix holding `%C3%A9` is sent with its escapes, and
    // registering that very URI is right.
    let want_path = format!("{want_prefix}{CALLBACK_PATH}");
    let want_prefix = percent_decode_str(want_prefix).decode_utf8_lossy();
    let want_prefix: &str = &want_prefix;
    if raw_path.contains('%') {
        let decoded = percent_decode_str(raw_path).decode_utf8_lossy();
        if decoded != raw_path {
            if raw_path.trim_end_matches('/') != want_path {
                diffs.push(Difference::PercentEncoded {
                    found: raw_path.to_string(),
                });
            }
            path = Cow::Owned(decoded.into_owned());
        }
    }
    if path.len() > 1 && path.ends_with('/') {
        diffs.push(Difference::TrailingSlash);
        path = Cow::Owned(path.trim_end_matches('/').to_string());
    }
    if path.ends_with(WORKBENCH_CALLBACK_PATH) {
        diffs.push(Difference::Workbench);
        return diffs;
    }
    let (prefix, tail) = split_callback_tail(&path);
    if tail != CALLBACK_PATH {
        if tail.eq_ignore_ascii_case(CALLBACK_PATH) {
            diffs.push(Difference::PathCase {
                expected: CALLBACK_PATH.to_string(),
                found: tail.to_string(),
            });
        } else if strsim::levenshtein(tail, CALLBACK_PATH) <= TYPO_DISTANCE {
            diffs.push(Difference::Typo {
                expected: CALLBACK_PATH.to_string(),
                found: tail.to_string(),
            });
        } else {
            diffs.push(Difference::OtherPath {
                expected: format!("{want_prefix}{CALLBACK_PATH}"),
                found: path.into_owned(),
            });
            return diffs;
        }
    }
    diffs.extend(compare_prefix(want_prefix, prefix));
    diffs
}

/// Splits `path` into (prefix, callback tail), choosing the split whose tail is closest to
/// [`CALLBACK_PATH`], so a typo that adds or drops a `/` still finds the prefix.
fn split_callback_tail(path: &str) -> (&str, &str) {
    let slashes: Vec<usize> = path.match_indices('/').map(|(i, _)| i).collect();
    let mut best = ("", path);
    let mut best_distance = strsim::levenshtein(path, CALLBACK_PATH);
    // The callback path has three segments; try tails of two to four.
    for segments in 2..=4 {
        let Some(&start) = slashes
            .len()
            .checked_sub(segments)
            .and_then(|i| slashes.get(i))
        else {
            continue;
        };
        let (prefix, tail) = path.split_at(start);
        let distance = strsim::levenshtein(tail, CALLBACK_PATH);
        if distance < best_distance {
            best = (prefix, tail);
            best_distance = distance;
        }
    }
    best
}

fn compare_prefix(want: &str, found: &str) -> Option<Difference> {
    if found == want {
        None
    } else if found.eq_ignore_ascii_case(want) {
        Some(Difference::PathCase {
            expected: want.to_string(),
            found: found.to_string(),
        })
    } else if found.is_empty() {
        Some(Difference::MissingPrefix {
            prefix: want.to_string(),
        })
    } else if want.is_empty() {
        Some(Difference::ExtraPrefix {
            prefix: found.to_string(),
        })
    } else {
        Some(Difference::Prefix {
            expected: want.to_string(),
            found: found.to_string(),
        })
    }
}

/// One `--registered` value, read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Registered(String),
    Authorize(AuthorizeRequest),
}

impl Entry {
    fn read(kb: &KnowledgeBase, value: &str) -> Entry {
        match parse_authorize(kb, value) {
            Some(request) => Entry::Authorize(request),
            None => Entry::Registered(value.trim().to_string()),
        }
    }
}

/// [`check_for`] with no provider named.
pub fn check(kb: &KnowledgeBase, server: &ConnectServer, registered: &[String]) -> FieldReport {
    check_for(kb, server, registered, None)
}

/// Compares every registered URI (and the `redirect_uri` of every pasted authorize URL) with the
/// callback Connect sends. Findings point at the fix of the provider recognised in an authorize
/// URL, else of `provider`; with neither, they carry no fix and one Info finding asks for it.
pub fn check_for(
    kb: &KnowledgeBase,
    server: &ConnectServer,
    registered: &[String],
    provider: Option<Provider>,
) -> FieldReport {
    let callback = server.callback_uri();
    let entries: Vec<Entry> = registered
        .iter()
        .map(|value| Entry::read(kb, value))
        .collect();
    let recognised = entries.iter().find_map(|entry| match entry {
        Entry::Authorize(request) => request.provider.clone(),
        Entry::Registered(_) => None,
    });
    let chosen = recognised.clone().or_else(|| provider.clone());
    let fix = chosen.as_ref().map(|p| p.fix_id.as_str());

    let mut report = FieldReport {
        title: format!("Redirect URI check for {}", server.base()),
        details: vec![("Connect callback".to_string(), callback.clone())],
        findings: Vec::new(),
    };
    if let (Some(seen), Some(given)) = (&recognised, &provider)
        && seen != given
    {
        report.findings.push(Finding::new(
            Severity::Info,
            format!(
                "the authorize URL is {seen}'s although --provider {} was given; the fixes \
                 below are {seen}'s",
                given.id
            ),
            fix,
        ));
    }
    for entry in &entries {
        if let Entry::Authorize(request) = entry {
            check_sent(server, request, fix, &mut report);
        }
    }
    let uris: Vec<&str> = entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Registered(uri) => Some(uri.as_str()),
            Entry::Authorize(_) => None,
        })
        .collect();
    if !uris.is_empty() {
        check_registered(server, &uris, fix, &mut report);
    }
    if chosen.is_none() && report.has_problem() {
        report.findings.push(Finding::new(
            Severity::Info,
            format!(
                "name the provider with --provider ({}) to be pointed at its fix",
                Provider::ids(kb).join(", ")
            ),
            None,
        ));
    }
    report
}

/// Shows what an authorize URL carries and whether Connect sent its own callback in it.
fn check_sent(
    server: &ConnectServer,
    request: &AuthorizeRequest,
    fix: Option<&str>,
    report: &mut FieldReport,
) {
    let details = &mut report.details;
    let provider = request
        .provider
        .as_ref()
        .map_or("not recognised", |p| p.name.as_str());
    details.push(("Authorize endpoint".to_string(), request.endpoint.clone()));
    details.push(("Provider".to_string(), provider.to_string()));
    details.extend(request.path_details.iter().cloned());
    let optional = [("client_id", &request.client_id), ("scope", &request.scope)];
    for (label, value) in optional {
        if let Some(value) = value {
            details.push((label.to_string(), value.clone()));
        }
    }
    let Some(sent) = &request.redirect_uri else {
        details.push(("redirect_uri sent".to_string(), "(none)".to_string()));
        report.findings.push(Finding::new(
            Severity::Problem,
            "the authorize URL carries no redirect_uri parameter, so the provider cannot send \
             the viewer back to Connect",
            fix,
        ));
        return;
    };
    details.push(("redirect_uri sent".to_string(), sent.clone()));
    let diffs = compare(server, sent);
    if diffs.is_empty() {
        report.findings.push(Finding::new(
            Severity::Ok,
            "Connect sends its callback exactly (redirect_uri in the authorize URL)",
            None,
        ));
        return;
    }
    for diff in &diffs {
        let mut message = format!("Connect sends redirect_uri={sent}: {diff}");
        if matches!(diff, Difference::Scheme { found, .. } if found == "http") {
            message.push_str(
                "; Connect may be seeing plain http from a proxy in front of it, so check the \
                 address Connect is configured with",
            );
        }
        report
            .findings
            .push(Finding::new(Severity::Problem, message, fix));
    }
}

/// Compares each registered URI. One exact match is enough; the others are then only noted.
fn check_registered(
    server: &ConnectServer,
    uris: &[&str],
    fix: Option<&str>,
    report: &mut FieldReport,
) {
    let compared: Vec<(&str, Vec<Difference>)> = uris
        .iter()
        .map(|uri| (*uri, compare(server, uri)))
        .collect();
    let matched = compared.iter().any(|(_, diffs)| diffs.is_empty());
    for (n, (uri, diffs)) in compared.iter().enumerate() {
        report
            .details
            .push((format!("Registered {}", n + 1), uri.to_string()));
        if diffs.is_empty() {
            report.findings.push(Finding::new(
                Severity::Ok,
                format!("{uri} matches Connect's callback exactly"),
                None,
            ));
            continue;
        }
        if matched && diffs.as_slice() == [Difference::Workbench] {
            report.findings.push(Finding::new(
                Severity::Info,
                format!("{uri} is the Workbench callback; that is fine when the app is shared with Workbench"),
                None,
            ));
            continue;
        }
        // With a match elsewhere the login works; the extra entry is only worth a note.
        let severity = if matched {
            Severity::Info
        } else {
            Severity::Problem
        };
        for diff in diffs {
            let finding_fix = if matched { None } else { fix };
            report.findings.push(Finding::new(
                severity,
                format!("{uri}: {diff}"),
                finding_fix,
            ));
        }
    }
    if !matched {
        report.findings.push(Finding::new(
            Severity::Problem,
            format!(
                "no registered URI matches; register exactly {} (character for character)",
                server.callback_uri()
            ),
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        crate::kb::builtin().expect("built-in flows")
    }

    /// The built-in provider `id`.
    fn provider(id: &str) -> Provider {
        Provider::parse(&kb(), id).expect("a provider with a redirect fix")
    }

    fn check(server: &ConnectServer, registered: &[String]) -> FieldReport {
        super::check(&kb(), server, registered)
    }

    fn check_for(
        server: &ConnectServer,
        registered: &[String],
        provider: Option<Provider>,
    ) -> FieldReport {
        super::check_for(&kb(), server, registered, provider)
    }

    fn parse_authorize(url: &str) -> Option<AuthorizeRequest> {
        super::parse_authorize(&kb(), url)
    }

    fn server(address: &str) -> ConnectServer {
        ConnectServer::parse(address)
            .expect("test server address parses")
            .server
    }

    #[test]
    fn names_each_difference() {
        let plain = server("https://connect.example.com");
        let rsc = server("https://example.com/rsc");
        let local = server("http://localhost:3939");
        let cases: Vec<(&ConnectServer, &str, Vec<Difference>)> = vec![
            (
                &plain,
                "https://connect.example.com/__oauth__/integrations/callback",
                vec![],
            ),
            (
                &plain,
                "http://connect.example.com/__oauth__/integrations/callback",
                vec![Difference::Scheme {
                    expected: "https".into(),
                    found: "http".into(),
                }],
            ),
            (
                &plain,
                "https://Connect.Example.com/__oauth__/integrations/callback",
                vec![Difference::HostCase {
                    expected: "connect.example.com".into(),
                    found: "Connect.Example.com".into(),
                }],
            ),
            (
                &plain,
                "https://other.example.com/__oauth__/integrations/callback",
                vec![Difference::Host {
                    expected: "connect.example.com".into(),
                    found: "other.example.com".into(),
                }],
            ),
            (
                &plain,
                "https://connect.example.com:443/__oauth__/integrations/callback",
                vec![Difference::DefaultPort { port: "443".into() }],
            ),
            (
                &plain,
                "https://connect.example.com:3939/__oauth__/integrations/callback",
                vec![Difference::Port {
                    expected: None,
                    found: Some("3939".into()),
                }],
            ),
            (
                &rsc,
                "https://example.com/__oauth__/integrations/callback",
                vec![Difference::MissingPrefix {
                    prefix: "/rsc".into(),
                }],
            ),
            (
                &plain,
                "https://connect.example.com/rsc/__oauth__/integrations/callback",
                vec![Difference::ExtraPrefix {
                    prefix: "/rsc".into(),
                }],
            ),
            (
                &rsc,
                "https://example.com/connect/__oauth__/integrations/callback",
                vec![Difference::Prefix {
                    expected: "/rsc".into(),
                    found: "/connect".into(),
                }],
            ),
            (
                &plain,
                "https://connect.example.com/__oauth__/integrations/callback/",
                vec![Difference::TrailingSlash],
            ),
            (
                &plain,
                "https://connect.example.com/__oauth__%2Fintegrations%2Fcallback",
                vec![Difference::PercentEncoded {
                    found: "/__oauth__%2Fintegrations%2Fcallback".into(),
                }],
            ),
            (
                &plain,
                "https%3A%2F%2Fconnect.example.com%2F__oauth__%2Fintegrations%2Fcallback",
                vec![Difference::WholeUriEncoded],
            ),
            (
                &plain,
                "https://connect.example.com/__oauth__/integration/callback",
                vec![Difference::Typo {
                    expected: CALLBACK_PATH.into(),
                    found: "/__oauth__/integration/callback".into(),
                }],
            ),
            (
                &rsc,
                "https://example.com/rsc/__oauth__/integrations-callback",
                vec![Difference::Typo {
                    expected: CALLBACK_PATH.into(),
                    found: "/__oauth__/integrations-callback".into(),
                }],
            ),
            (
                &plain,
                "https://connect.example.com/__OAUTH__/Integrations/Callback",
                vec![Difference::PathCase {
                    expected: CALLBACK_PATH.into(),
                    found: "/__OAUTH__/Integrations/Callback".into(),
                }],
            ),
            (
                &plain,
                "https://connect.example.com/oauth_redirect_callback",
                vec![Difference::Workbench],
            ),
            (
                &plain,
                "https://connect.example.com/login",
                vec![Difference::OtherPath {
                    expected: CALLBACK_PATH.into(),
                    found: "/login".into(),
                }],
            ),
            (
                &plain,
                "https://connect.example.com/__oauth__/integrations/callback?x=1",
                vec![Difference::Query {
                    query: "x=1".into(),
                }],
            ),
            (
                &plain,
                "https://connect.example.com/__oauth__/integrations/callback#top",
                vec![Difference::Fragment {
                    fragment: "top".into(),
                }],
            ),
            (&plain, "connect.example.com", vec![Difference::NotAUri]),
            (
                &local,
                "http://localhost/__oauth__/integrations/callback",
                vec![Difference::Port {
                    expected: Some("3939".into()),
                    found: None,
                }],
            ),
        ];
        for (server, registered, expected) in cases {
            assert_eq!(compare(server, registered), expected, "{registered}");
        }
    }

    #[test]
    fn several_differences_are_all_named() {
        let diffs = compare(
            &server("https://example.com/rsc"),
            "http://Example.com:80/__oauth__/integration/callback/",
        );
        assert_eq!(diffs.len(), 6, "{diffs:?}");
        assert!(diffs.contains(&Difference::DefaultPort { port: "80".into() }));
        assert!(diffs.contains(&Difference::TrailingSlash));
        assert!(diffs.contains(&Difference::MissingPrefix {
            prefix: "/rsc".into()
        }));
    }

    #[test]
    fn one_exact_match_is_enough() {
        let report = check(
            &server("connect.example.com"),
            &[
                "https://connect.example.com/__oauth__/integrations/callback/".to_string(),
                "https://connect.example.com/__oauth__/integrations/callback".to_string(),
            ],
        );
        assert!(!report.has_problem(), "{report:?}");
        assert!(report.findings.iter().any(|f| f.severity == Severity::Ok));
    }

    #[test]
    fn no_match_is_a_problem_with_the_providers_fix() {
        let report = check_for(
            &server("connect.example.com"),
            &["http://connect.example.com/__oauth__/integrations/callback".to_string()],
            Some(provider("okta")),
        );
        assert!(report.has_problem());
        let problems: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Problem)
            .collect();
        assert!(
            problems
                .iter()
                .all(|f| f.fix.as_deref() == Some("okta/redirect-uri-mismatch"))
        );
    }

    #[test]
    fn without_a_provider_asks_for_one() {
        let report = check(
            &server("connect.example.com"),
            &["https://x.example.com/cb".to_string()],
        );
        assert!(report.has_problem());
        assert!(report.findings.iter().all(|f| f.fix.is_none()));
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.message.contains("--provider"))
        );
    }

    #[test]
    fn workbench_next_to_a_match_is_only_noted() {
        let report = check(
            &server("connect.example.com"),
            &[
                "https://connect.example.com/__oauth__/integrations/callback".to_string(),
                "https://workbench.example.com/oauth_redirect_callback".to_string(),
            ],
        );
        assert!(!report.has_problem(), "{report:?}");
    }

    #[test]
    fn recognises_authorize_urls() {
        let cases = [
            (
                "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fc.example.com%2F__oauth__%2Fintegrations%2Fcallback&scope=offline_access%20openid",
                Some(provider("azure")),
            ),
            (
                "https://dev-1.okta.com/oauth2/default/v1/authorize?client_id=a",
                Some(provider("okta")),
            ),
            (
                "https://dev-1.okta.com/oauth2/v1/authorize?client_id=a",
                Some(provider("okta")),
            ),
            (
                "https://kc.example.com/realms/main/protocol/openid-connect/auth?client_id=a",
                Some(provider("keycloak")),
            ),
            (
                "https://myorg-acct.snowflakecomputing.com/oauth/authorize?client_id=a",
                Some(provider("snowflake")),
            ),
            (
                "https://accounts.google.com/o/oauth2/v2/auth?client_id=a",
                Some(provider("google")),
            ),
            (
                "https://github.com/login/oauth/authorize?client_id=a",
                Some(provider("github")),
            ),
            (
                "https://adb-1.azuredatabricks.net/oidc/v1/authorize?client_id=a",
                Some(provider("databricks")),
            ),
            (
                "https://acme.my.salesforce.com/services/oauth2/authorize?client_id=a",
                Some(provider("salesforce")),
            ),
            (
                "https://idp.example.com/authorize?client_id=a&response_type=code",
                None,
            ),
        ];
        for (url, provider) in cases.clone() {
            let request =
                parse_authorize(url).unwrap_or_else(|| panic!("{url} is an authorize URL"));
            assert_eq!(request.provider, provider, "{url}");
        }
        let entra = parse_authorize(cases[0].0).expect("Entra URL parses");
        assert_eq!(
            entra.path_details,
            [("Tenant".to_string(), "contoso.onmicrosoft.com".to_string())]
        );
        assert_eq!(entra.client_id.as_deref(), Some("abc"));
        assert_eq!(entra.scope.as_deref(), Some("offline_access openid"));
        assert_eq!(
            entra.redirect_uri.as_deref(),
            Some("https://c.example.com/__oauth__/integrations/callback")
        );
        let keycloak = parse_authorize(cases[3].0).expect("Keycloak URL parses");
        assert_eq!(
            keycloak.path_details,
            [("Realm".to_string(), "main".to_string())]
        );
        assert!(parse_authorize("https://c.example.com/__oauth__/integrations/callback").is_none());
    }

    #[test]
    fn authorize_url_shows_whether_connect_sends_the_right_address() {
        let sent_http = "https://login.microsoftonline.com/t1/oauth2/v2.0/authorize?client_id=abc\
            &redirect_uri=http%3A%2F%2Fc.example.com%2F__oauth__%2Fintegrations%2Fcallback";
        let report = check(&server("https://c.example.com"), &[sent_http.to_string()]);
        assert!(report.has_problem());
        let problem = report
            .findings
            .iter()
            .find(|f| f.severity == Severity::Problem)
            .expect("a problem finding");
        assert!(
            problem.message.contains("http://c.example.com"),
            "{}",
            problem.message
        );
        assert_eq!(problem.fix.as_deref(), Some("azure/redirect-uri-mismatch"));
        assert!(
            report
                .details
                .iter()
                .any(|(label, value)| label == "Tenant" && value == "t1")
        );

        let sent_ok = sent_http.replace("http%3A", "https%3A");
        assert!(!check(&server("https://c.example.com"), &[sent_ok]).has_problem());
    }

    #[test]
    fn authorize_url_without_redirect_uri_is_a_problem() {
        let url = "https://github.com/login/oauth/authorize?client_id=abc";
        let report = check(&server("c.example.com"), &[url.to_string()]);
        assert!(report.has_problem());
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.severity != Severity::Problem
                    || f.fix.as_deref() == Some("github/redirect-uri-mismatch"))
        );
    }

    #[test]
    fn provider_names_and_templates() {
        let kb = kb();
        let name = |n: &str| Provider::parse(&kb, n).map(|p| p.id);
        assert_eq!(name("msgraph").as_deref(), Some("azure"));
        assert_eq!(name("Drive").as_deref(), Some("google"));
        assert_eq!(name("Azure (Microsoft Entra ID)").as_deref(), Some("azure"));
        assert_eq!(name("nope"), None);
        // Service Account integrations have no redirect URI.
        assert_eq!(name("service-account"), None);
        for id in Provider::ids(&kb) {
            let provider = Provider::parse(&kb, id).expect("listed ids parse");
            assert_eq!(provider.id, id);
            assert!(kb.fix_by_id(&provider.fix_id).is_some());
        }
    }
}
