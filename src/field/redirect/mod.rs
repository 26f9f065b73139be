//! Redirect URI check: Connect's callback against what the provider has registered.
//!
//! Providers compare the `redirect_uri` of a login with their registered list as plain text, so a
//! URI that a browser treats as "the same" (other host case, explicit `:443`, a trailing slash)
//! still fails. This module names each such difference. The registered side is therefore read
//! *raw*, never through `Url::parse`, which would normalise exactly what we need to see.
//!
//! A pasted authorize URL is read too: its `redirect_uri` is what Connect actually *sends*, which
//! tells apart "the provider has the wrong address" from "Connect sends the wrong address".
//!
//! Split by job: [`uri`] reads a URI's parts as written, [`difference`] names each difference
//! from the callback, [`authorize`] reads a pasted authorize URL, [`provider`] is the provider a
//! finding points at; this file turns them into the report.

mod authorize;
mod difference;
mod provider;
mod uri;

pub use authorize::{AuthorizeRequest, parse_authorize};
pub use difference::{Difference, compare};
pub use provider::Provider;

use super::{FieldReport, Finding, Severity};
use crate::kb::KnowledgeBase;
use crate::server::ConnectServer;

/// Workbench's callback path: registered next to Connect's when one app is shared, never sent
/// by Connect.
pub const WORKBENCH_CALLBACK_PATH: &str = "/oauth_redirect_callback";

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
    use crate::server::CALLBACK_PATH;

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
