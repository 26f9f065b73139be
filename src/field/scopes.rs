//! Scope check: a scope list against what a provider and template need.
//!
//! The rules come from the fact sheet (§2, §4.2): Viewer integrations need the provider's offline
//! scope so Connect gets a refresh token; Entra's `.default` stands alone; a Service Account asks
//! for exactly `<resource>/.default`. Scope strings are only ever the ones the facts give.

use std::collections::BTreeSet;

use super::{AZURE_DATABRICKS_RESOURCE, FieldReport, Finding, MICROSOFT_GRAPH_RESOURCES, Severity};
use crate::kb::{KnowledgeBase, ScopeRules};

/// The fixes the Entra rules point at themselves; every other fix a finding names comes from the
/// provider's flow (`refresh_fix`), checked when the flows load.
pub const FIX_IDS: &[&str] = &[DEFAULT_MIXED_FIX, SERVICE_ACCOUNT_FIX, WRONG_RESOURCE_FIX];

const DEFAULT_MIXED_FIX: &str = "azure/default-scope-mixed";
const SERVICE_ACCOUNT_FIX: &str = "azure/service-account-scope";
const WRONG_RESOURCE_FIX: &str = "azure/jwt-signature-mismatch";

const OFFLINE_ACCESS: &str = "offline_access";
/// Snowflake's offline scope, in place of `offline_access`.
const SNOWFLAKE_REFRESH: &str = "refresh_token";
const SNOWFLAKE_ROLE_PREFIX: &str = "session:role:";

/// Scopes an OpenID Connect provider grants with any resource; Entra allows them next to
/// `.default`.
const OIDC_SCOPES: [&str; 4] = ["offline_access", "openid", "profile", "email"];

const AZURE_OPENAI_SCOPE: &str = "https://cognitiveservices.azure.com/.default";
const AZURE_OPENAI_RESOURCE: &str = "https://cognitiveservices.azure.com";

/// Snowflake roles blocked from OAuth by default.
const SNOWFLAKE_BLOCKED_ROLES: [&str; 4] = [
    "ACCOUNTADMIN",
    "ORGADMIN",
    "GLOBALORGADMIN",
    "SECURITYADMIN",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    /// The provider given, which no flow's `[field]` gives scope rules for.
    #[error("unknown provider '{given}'; known providers: {known}")]
    UnknownProvider { given: String, known: String },
    #[error("no scopes given (pass them space- or comma-separated)")]
    Empty,
}

/// Splits a scope list on white space and commas, dropping quotes a paste may carry.
pub fn split_scopes(scopes: &str) -> Vec<&str> {
    scopes
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|s| s.trim_matches(|c| c == '"' || c == '\''))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Checks `scopes` for `provider` (a provider or template id, an alias, or a name as the guide
/// shows it), for a Viewer integration or, with `service_account`, a Service Account one. The
/// provider's rules and known scopes come from its flow's `[field]`.
pub fn check(
    kb: &KnowledgeBase,
    provider: &str,
    scopes: &str,
    service_account: bool,
) -> Result<FieldReport, ScopeError> {
    let target = kb.field_target(provider);
    let Some((target, facts)) = target.and_then(|t| t.scopes().map(|facts| (t, facts))) else {
        return Err(ScopeError::UnknownProvider {
            given: provider.trim().to_string(),
            known: kb.scope_target_ids().join(", "),
        });
    };
    let id = target.id;
    let list = split_scopes(scopes);
    if list.is_empty() && facts.rules != ScopeRules::Github {
        return Err(ScopeError::Empty);
    }
    let auth = if service_account {
        "Service Account"
    } else {
        "Viewer"
    };
    let mut report = FieldReport {
        title: format!("Scope check for {id} ({auth})"),
        details: vec![
            ("Provider".to_string(), id.to_string()),
            ("Auth type".to_string(), auth.to_string()),
            ("Scopes".to_string(), list.join(" ")),
        ],
        findings: Vec::new(),
    };
    let findings = &mut report.findings;
    findings.extend(duplicates(&list));
    let known: Vec<&str> = facts.known.iter().map(String::as_str).collect();
    let check = Check {
        list: &list,
        known: &known,
        refresh_fix: target.facts.refresh_fix.map(|f| kb.fix(f).id.as_str()),
        service_account,
    };
    match facts.rules {
        ScopeRules::Github => findings.push(Finding::new(
            Severity::Info,
            "For a GitHub App, GitHub ignores the scopes Connect sends: access comes from the \
             app's permissions. For a GitHub OAuth App the scopes do apply, so check them \
             against what the content needs.",
            None,
        )),
        ScopeRules::Entra => check.entra(EntraTemplate::Azure, &mut report),
        ScopeRules::EntraOpenai => check.entra(EntraTemplate::AzureOpenai, &mut report),
        ScopeRules::EntraGraph => check.entra(EntraTemplate::Msgraph, &mut report),
        ScopeRules::EntraSharepoint => check.entra(EntraTemplate::Sharepoint, &mut report),
        ScopeRules::Snowflake => check.snowflake(&mut report),
        ScopeRules::Oidc => check.oidc(&mut report.findings),
        ScopeRules::Aws => check.aws(&mut report.findings),
        ScopeRules::Google => check.google(&mut report.findings),
        ScopeRules::Salesforce => check.salesforce(&mut report.findings),
    }
    if report
        .findings
        .iter()
        .all(|f| f.severity < Severity::Warning)
    {
        report.findings.push(Finding::new(
            Severity::Ok,
            "nothing wrong found in these scopes",
            None,
        ));
    }
    Ok(report)
}

fn duplicates(list: &[&str]) -> Vec<Finding> {
    let mut seen = BTreeSet::new();
    let repeated: BTreeSet<&str> = list.iter().copied().filter(|s| !seen.insert(*s)).collect();
    repeated
        .into_iter()
        .map(|s| {
            Finding::new(
                Severity::Info,
                format!("{s} is listed more than once"),
                None,
            )
        })
        .collect()
}

/// Entra ID templates whose token must name a certain resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntraTemplate {
    Azure,
    AzureOpenai,
    Msgraph,
    Sharepoint,
}

/// One scope list being checked.
struct Check<'a> {
    list: &'a [&'a str],
    /// The scopes the facts give for this provider or template.
    known: &'a [&'a str],
    /// The fix for "no refresh token" here.
    refresh_fix: Option<&'a str>,
    service_account: bool,
}

impl Check<'_> {
    fn has(&self, scope: &str) -> bool {
        self.list.contains(&scope)
    }

    /// Warns about scopes that are near, but not equal to, a known one.
    fn typos(&self, findings: &mut Vec<Finding>) {
        for scope in self.list {
            if let Some(intended) = likely_typo(scope, self.known) {
                let fix = [OFFLINE_ACCESS, SNOWFLAKE_REFRESH]
                    .contains(&intended)
                    .then_some(self.refresh_fix)
                    .flatten();
                let why = if scope.eq_ignore_ascii_case(intended) {
                    "scope values are case-sensitive"
                } else {
                    "the provider will not recognise it"
                };
                findings.push(Finding::new(
                    Severity::Warning,
                    format!("'{scope}' looks like a typo of '{intended}'; {why}"),
                    fix,
                ));
            }
        }
    }

    /// A Viewer integration needs `offline_access` so Connect gets a refresh token.
    fn require_offline(&self, findings: &mut Vec<Finding>) {
        if self.service_account {
            if self.has(OFFLINE_ACCESS) {
                findings.push(Finding::new(
                    Severity::Info,
                    "a Service Account (client credentials) gets no refresh token, so \
                     offline_access is not needed",
                    None,
                ));
            }
        } else if !self.has(OFFLINE_ACCESS) {
            findings.push(Finding::new(
                Severity::Problem,
                "offline_access is missing: the provider sends no refresh token and the viewer's \
                 login fails with \"No refresh token found in response\"",
                self.refresh_fix,
            ));
        }
    }

    fn oidc(&self, findings: &mut Vec<Finding>) {
        self.typos(findings);
        self.require_offline(findings);
    }

    fn aws(&self, findings: &mut Vec<Finding>) {
        self.oidc(findings);
        if !self.service_account && !self.has("openid") {
            findings.push(Finding::new(
                Severity::Problem,
                "openid is missing; the AWS template needs an ID token, and openid is mandatory",
                None,
            ));
        }
    }

    fn google(&self, findings: &mut Vec<Finding>) {
        self.typos(findings);
        findings.push(Finding::new(
            Severity::Info,
            "Google has no offline scope in this tool's facts, so refresh-token scopes are not \
             checked",
            None,
        ));
    }

    fn salesforce(&self, findings: &mut Vec<Finding>) {
        self.typos(findings);
        if self.service_account {
            findings.push(Finding::new(
                Severity::Info,
                "Salesforce's client credentials flow takes its scopes from the External Client \
                 App, not from the scopes given to Connect",
                None,
            ));
        } else if !self.has(SNOWFLAKE_REFRESH) && !self.has(OFFLINE_ACCESS) {
            findings.push(Finding::new(
                Severity::Warning,
                "neither refresh_token nor offline_access is listed; Salesforce issues refresh \
                 tokens only when the app allows them (source: third-party)",
                self.refresh_fix,
            ));
        }
    }

    fn snowflake(&self, report: &mut FieldReport) {
        let findings = &mut report.findings;
        let fix = self.refresh_fix;
        self.typos(findings);
        if self.has(OFFLINE_ACCESS) {
            findings.push(Finding::new(
                Severity::Problem,
                "offline_access is not a Snowflake scope; Snowflake's offline scope is \
                 refresh_token",
                fix,
            ));
        }
        if !self.service_account && !self.has(SNOWFLAKE_REFRESH) {
            findings.push(Finding::new(
                Severity::Problem,
                "refresh_token is missing: Snowflake sends no refresh token and the viewer's \
                 login fails with \"No refresh token found in response\"",
                fix,
            ));
        }
        for scope in self.list {
            if let Some(role) = scope.strip_prefix(SNOWFLAKE_ROLE_PREFIX) {
                report.details.push(("Role".to_string(), role.to_string()));
                findings.extend(snowflake_role(role));
            } else if *scope == "session:role-any" {
                findings.push(Finding::new(
                    Severity::Warning,
                    "session:role-any has been seen rejected for custom OAuth clients (\"The \
                     requested scope is invalid\"); prefer session:role:<ROLE>",
                    None,
                ));
            } else if ![SNOWFLAKE_REFRESH, OFFLINE_ACCESS].contains(scope)
                && likely_typo(scope, self.known).is_none()
            {
                findings.push(Finding::new(
                    Severity::Warning,
                    format!(
                        "{scope} is not a Snowflake scope (refresh_token, session:role:<ROLE>)"
                    ),
                    None,
                ));
            }
        }
    }

    fn entra(&self, template: EntraTemplate, report: &mut FieldReport) {
        let scopes: Vec<EntraScope> = self.list.iter().map(|s| EntraScope::read(s)).collect();
        let resources: BTreeSet<Resource> =
            scopes.iter().filter_map(EntraScope::resource).collect();
        for resource in &resources {
            report
                .details
                .push(("Resource".to_string(), resource.describe()));
        }
        let findings = &mut report.findings;
        self.typos(findings);
        findings.extend(databricks_guid_typos(&resources));
        if self.service_account {
            findings.extend(entra_service_account(&scopes));
            return;
        }
        findings.extend(entra_mixing(&scopes, &resources));
        self.require_offline(findings);
        findings.extend(entra_template_resource(template, &resources));
    }
}

fn snowflake_role(role: &str) -> Option<Finding> {
    if role.is_empty() {
        return Some(Finding::new(
            Severity::Problem,
            "session:role: names no role; write session:role:<ROLE>",
            None,
        ));
    }
    SNOWFLAKE_BLOCKED_ROLES
        .iter()
        .any(|blocked| blocked.eq_ignore_ascii_case(role))
        .then(|| {
            Finding::new(
                Severity::Warning,
                format!(
                    "{role} is blocked from OAuth by default in Snowflake; consent with a \
                 non-privileged role"
                ),
                None,
            )
        })
}

/// The known scope `scope` most likely meant, when it is not itself known.
fn likely_typo<'k>(scope: &str, known: &[&'k str]) -> Option<&'k str> {
    if known.contains(&scope) {
        return None;
    }
    let lower = scope.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (*k, strsim::levenshtein(&lower, &k.to_ascii_lowercase())))
        .filter(|(k, distance)| *distance <= typo_allowance(k.len()))
        .min_by_key(|(_, distance)| *distance)
        .map(|(k, _)| k)
}

/// Short words get fewer edits, so `email` is not a typo of `openid`.
fn typo_allowance(len: usize) -> usize {
    match len {
        0..=5 => 1,
        6..=12 => 2,
        _ => 3,
    }
}

/// A resource an Entra scope asks for, normalised so the two names of Graph compare equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Resource {
    Graph,
    Other(String),
}

impl Resource {
    fn read(resource: &str) -> Resource {
        let trimmed = resource.trim_end_matches('/');
        if MICROSOFT_GRAPH_RESOURCES
            .iter()
            .any(|g| trimmed.eq_ignore_ascii_case(g))
        {
            Resource::Graph
        } else {
            Resource::Other(trimmed.to_ascii_lowercase())
        }
    }

    fn describe(&self) -> String {
        match self {
            Resource::Graph => "Microsoft Graph".to_string(),
            Resource::Other(id) if id == AZURE_DATABRICKS_RESOURCE => {
                format!("Azure Databricks ({id})")
            }
            Resource::Other(id) if id == AZURE_OPENAI_RESOURCE => format!("Azure OpenAI ({id})"),
            Resource::Other(id) if id.ends_with(".sharepoint.com") => format!("SharePoint ({id})"),
            Resource::Other(id) => id.clone(),
        }
    }
}

/// One Entra scope, by what it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum EntraScope<'a> {
    /// `openid`, `offline_access`, …: allowed next to anything.
    Oidc(&'a str),
    /// `<resource>/.default`: every permission configured for the resource.
    Default { scope: &'a str, resource: Resource },
    /// One permission of a resource (`User.Read` is Graph's).
    Permission { scope: &'a str, resource: Resource },
}

impl<'a> EntraScope<'a> {
    fn read(scope: &'a str) -> EntraScope<'a> {
        if OIDC_SCOPES.contains(&scope) {
            return EntraScope::Oidc(scope);
        }
        // Entra reads a scope without a resource as Microsoft Graph's.
        if scope == ".default" {
            return EntraScope::Default {
                scope,
                resource: Resource::Graph,
            };
        }
        if let Some(resource) = scope.strip_suffix("/.default") {
            return EntraScope::Default {
                scope,
                resource: Resource::read(resource),
            };
        }
        let resource = if scope.contains("://") {
            scope
                .rsplit_once('/')
                .map_or(scope, |(resource, _)| resource)
        } else if let Some((resource, _)) = scope.split_once('/') {
            resource
        } else {
            return EntraScope::Permission {
                scope,
                resource: Resource::Graph,
            };
        };
        EntraScope::Permission {
            scope,
            resource: Resource::read(resource),
        }
    }

    fn resource(&self) -> Option<Resource> {
        match self {
            EntraScope::Oidc(_) => None,
            EntraScope::Default { resource, .. } | EntraScope::Permission { resource, .. } => {
                Some(resource.clone())
            }
        }
    }
}

/// `.default` stands alone (OIDC scopes aside), and one request names one resource.
fn entra_mixing(scopes: &[EntraScope], resources: &BTreeSet<Resource>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let defaults: Vec<&str> = scopes
        .iter()
        .filter_map(|s| match s {
            EntraScope::Default { scope, .. } => Some(*scope),
            _ => None,
        })
        .collect();
    let permissions: Vec<&str> = scopes
        .iter()
        .filter_map(|s| match s {
            EntraScope::Permission { scope, .. } => Some(*scope),
            _ => None,
        })
        .collect();
    let names = || {
        resources
            .iter()
            .map(Resource::describe)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if defaults.len() > 1 && resources.len() > 1 {
        findings.push(Finding::new(
            Severity::Problem,
            format!(
                ".default for more than one resource ({}) in one integration is rejected \
                 (AADSTS70011 / AADSTS700022); use one resource per integration",
                names()
            ),
            Some(DEFAULT_MIXED_FIX),
        ));
    }
    if !defaults.is_empty() && !permissions.is_empty() {
        findings.push(Finding::new(
            Severity::Problem,
            format!(
                "{} cannot be combined with other scopes ({}); keep .default plus OIDC scopes \
                 such as offline_access, or list permissions without .default",
                defaults.join(" "),
                permissions.join(" ")
            ),
            Some(DEFAULT_MIXED_FIX),
        ));
    } else if defaults.is_empty() && resources.len() > 1 {
        findings.push(Finding::new(
            Severity::Problem,
            format!(
                "the scopes name more than one resource ({}); Entra issues a token for one \
                 resource per request (AADSTS700022)",
                names()
            ),
            Some(DEFAULT_MIXED_FIX),
        ));
    }
    findings
}

/// Client credentials take exactly one `<resource>/.default` and nothing else.
fn entra_service_account(scopes: &[EntraScope]) -> Vec<Finding> {
    let mut findings = Vec::new();
    if scopes.contains(&EntraScope::Oidc(OFFLINE_ACCESS)) {
        findings.push(Finding::new(
            Severity::Problem,
            "offline_access does not belong in a Service Account integration: client credentials \
             never return a refresh token",
            Some(SERVICE_ACCOUNT_FIX),
        ));
    }
    let defaults = scopes
        .iter()
        .filter(|s| matches!(s, EntraScope::Default { .. }))
        .count();
    let others: Vec<&str> = scopes
        .iter()
        .filter_map(|s| match s {
            EntraScope::Oidc(scope) if *scope != OFFLINE_ACCESS => Some(*scope),
            EntraScope::Permission { scope, .. } => Some(*scope),
            _ => None,
        })
        .collect();
    if defaults != 1 || !others.is_empty() {
        let found = if others.is_empty() {
            format!("{defaults} .default scopes")
        } else {
            others.join(" ")
        };
        findings.push(Finding::new(
            Severity::Problem,
            format!(
                "a Service Account (client credentials) must ask for exactly one \
                 <resource>/.default and nothing else; found {found} (AADSTS1002012)"
            ),
            Some(SERVICE_ACCOUNT_FIX),
        ));
    }
    findings
}

/// A resource GUID a few characters away from Azure Databricks' is almost certainly a typo of it.
fn databricks_guid_typos(resources: &BTreeSet<Resource>) -> Vec<Finding> {
    resources
        .iter()
        .filter_map(|r| match r {
            Resource::Other(id) if id != AZURE_DATABRICKS_RESOURCE => {
                let distance = strsim::levenshtein(id, AZURE_DATABRICKS_RESOURCE);
                (distance <= 3).then(|| {
                    Finding::new(
                        Severity::Warning,
                        format!(
                            "resource {id} is {distance} character(s) away from Azure \
                             Databricks' {AZURE_DATABRICKS_RESOURCE}; probably a typo"
                        ),
                        Some(WRONG_RESOURCE_FIX),
                    )
                })
            }
            _ => None,
        })
        .collect()
}

/// Whether the resource asked for suits the template.
fn entra_template_resource(
    template: EntraTemplate,
    resources: &BTreeSet<Resource>,
) -> Option<Finding> {
    let only_graph = resources.iter().all(|r| *r == Resource::Graph);
    match template {
        // Only OIDC scopes (or Graph ones) get a Graph token, which other APIs such as Azure
        // Databricks then reject.
        EntraTemplate::Azure if only_graph => Some(Finding::new(
            Severity::Warning,
            format!(
                "these scopes get a token for Microsoft Graph; for Azure Databricks the scope \
                 is {AZURE_DATABRICKS_RESOURCE}/.default"
            ),
            Some(WRONG_RESOURCE_FIX),
        )),
        EntraTemplate::AzureOpenai
            if !resources.contains(&Resource::Other(AZURE_OPENAI_RESOURCE.to_string())) =>
        {
            Some(Finding::new(
                Severity::Warning,
                format!("no Azure OpenAI scope; its token scope is {AZURE_OPENAI_SCOPE}"),
                None,
            ))
        }
        EntraTemplate::Msgraph if !only_graph => Some(Finding::new(
            Severity::Warning,
            "the Microsoft Graph template is given scopes for another resource",
            Some(DEFAULT_MIXED_FIX),
        )),
        EntraTemplate::Sharepoint
            if !resources
                .iter()
                .any(|r| matches!(r, Resource::Other(id) if id.ends_with(".sharepoint.com"))) =>
        {
            Some(Finding::new(
                Severity::Warning,
                "no SharePoint resource scope (https://<tenant>.sharepoint.com/.default)",
                None,
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check against the built-in flows.
    fn check(
        provider: &str,
        scopes: &str,
        service_account: bool,
    ) -> Result<FieldReport, ScopeError> {
        super::check(
            &crate::kb::builtin().expect("built-in flows"),
            provider,
            scopes,
            service_account,
        )
    }

    const DBX: &str = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

    fn findings(provider: &str, scopes: &str, service_account: bool) -> Vec<Finding> {
        check(provider, scopes, service_account)
            .expect("known provider")
            .findings
    }

    /// The worst finding and its fix.
    fn worst(provider: &str, scopes: &str, service_account: bool) -> (Severity, Option<String>) {
        findings(provider, scopes, service_account)
            .into_iter()
            .max_by_key(|f| f.severity)
            .map(|f| (f.severity, f.fix))
            .expect("at least one finding")
    }

    #[test]
    fn providers_are_found_by_the_names_the_guide_shows() {
        for name in [
            "entra",
            "Entra ID",
            "Microsoft Entra ID",
            "Azure (Microsoft Entra ID)",
            "AZURE",
        ] {
            let report = check(name, "openid offline_access", false)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(report.title.contains("azure"), "{name}: {}", report.title);
        }
        assert!(
            check("Custom: Keycloak", "openid", false)
                .unwrap()
                .title
                .contains("keycloak")
        );
        assert!(
            check("Vertex AI", "openid", false)
                .unwrap()
                .title
                .contains("vertex-ai")
        );
    }

    #[test]
    fn github_scopes_are_ignored_only_for_github_apps() {
        let report = check("github", "repo", false).unwrap();
        let said: String = report.findings.iter().map(|f| f.message.clone()).collect();
        assert!(said.contains("For a GitHub App"), "{said}");
        assert!(said.contains("OAuth App the scopes do apply"), "{said}");
    }

    #[test]
    fn rules_by_provider() {
        use Severity::*;
        let cases: Vec<(&str, String, bool, Severity, Option<&str>)> = vec![
            (
                "custom",
                "offline_access openid profile email".into(),
                false,
                Ok,
                None,
            ),
            (
                "custom",
                "openid profile email".into(),
                false,
                Problem,
                Some("general/no-refresh-token"),
            ),
            (
                "okta",
                "openid profile".into(),
                false,
                Problem,
                Some("okta/no-refresh-token"),
            ),
            ("keycloak", "openid,offline_access".into(), false, Ok, None),
            (
                "databricks",
                "all-apis sql offline_access openid profile email".into(),
                false,
                Ok,
                None,
            ),
            (
                "databricks",
                "all-apis sql".into(),
                false,
                Problem,
                Some("databricks/no-refresh-token"),
            ),
            (
                "snowflake",
                "refresh_token session:role:ANALYST".into(),
                false,
                Ok,
                None,
            ),
            (
                "snowflake",
                "session:role:ANALYST".into(),
                false,
                Problem,
                Some("snowflake/no-refresh-token"),
            ),
            (
                "snowflake",
                "offline_access refresh_token".into(),
                false,
                Problem,
                Some("snowflake/no-refresh-token"),
            ),
            (
                "snowflake",
                "refresh_token session:role:ACCOUNTADMIN".into(),
                false,
                Warning,
                None,
            ),
            (
                "snowflake",
                "refresh_token session:role-any".into(),
                false,
                Warning,
                None,
            ),
            ("github", "repo user".into(), false, Info, None),
            (
                "drive",
                "https://www.googleapis.com/auth/drive.readonly".into(),
                false,
                Info,
                None,
            ),
            ("aws", "offline_access profile".into(), false, Problem, None),
            (
                "salesforce",
                "api".into(),
                false,
                Warning,
                Some("general/no-refresh-token"),
            ),
            ("azure", format!("{DBX} offline_access"), false, Ok, None),
            (
                "azure",
                DBX.into(),
                false,
                Problem,
                Some("general/no-refresh-token"),
            ),
            (
                "azure",
                format!("{DBX} User.Read offline_access"),
                false,
                Problem,
                Some(DEFAULT_MIXED_FIX),
            ),
            (
                "azure",
                format!("{DBX} https://graph.microsoft.com/.default offline_access"),
                false,
                Problem,
                Some(DEFAULT_MIXED_FIX),
            ),
            (
                "azure",
                "openid profile offline_access".into(),
                false,
                Warning,
                Some(WRONG_RESOURCE_FIX),
            ),
            ("msgraph", ".default offline_access".into(), false, Ok, None),
            (
                "msgraph",
                "User.Read Files.Read offline_access".into(),
                false,
                Ok,
                None,
            ),
            (
                "msgraph",
                "User.Read 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/user_impersonation offline_access"
                    .into(),
                false,
                Problem,
                Some(DEFAULT_MIXED_FIX),
            ),
            (
                "azure-openai",
                "https://cognitiveservices.azure.com/.default offline_access".into(),
                false,
                Ok,
                None,
            ),
            (
                "azure-openai",
                "https://cognitiveservices.azure.com/.default".into(),
                true,
                Ok,
                None,
            ),
            (
                "azure",
                format!("{DBX} offline_access"),
                true,
                Problem,
                Some(SERVICE_ACCOUNT_FIX),
            ),
            (
                "azure",
                "User.Read".into(),
                true,
                Problem,
                Some(SERVICE_ACCOUNT_FIX),
            ),
            (
                "azure",
                format!("{DBX} openid"),
                true,
                Problem,
                Some(SERVICE_ACCOUNT_FIX),
            ),
            (
                "sharepoint",
                "https://contoso.sharepoint.com/.default offline_access".into(),
                false,
                Ok,
                None,
            ),
        ];
        for (provider, scopes, service_account, severity, fix) in cases {
            assert_eq!(
                worst(provider, &scopes, service_account),
                (severity, fix.map(str::to_string)),
                "{provider} {scopes:?} service_account={service_account}: {:#?}",
                findings(provider, &scopes, service_account)
            );
        }
    }

    #[test]
    fn typos_name_the_intended_scope() {
        let cases = [
            ("custom", "offline_acess openid", "offline_access"),
            ("okta", "ofline_access openid", "offline_access"),
            ("custom", "offline_access openId", "openid"),
            ("snowflake", "refresh_tokens", "refresh_token"),
            ("databricks", "all-api sql offline_access", "all-apis"),
            (
                "drive",
                "https://www.googleapis.com/auth/drve",
                "https://www.googleapis.com/auth/drive",
            ),
        ];
        for (provider, scopes, intended) in cases {
            let found = findings(provider, scopes, false);
            assert!(
                found.iter().any(|f| f.severity == Severity::Warning
                    && f.message.contains(&format!("typo of '{intended}'"))),
                "{provider} {scopes}: {found:#?}"
            );
        }
        let offline = findings("okta", "offline_acess", false);
        assert!(offline.iter().any(|f| f.severity == Severity::Warning
            && f.fix.as_deref() == Some("okta/no-refresh-token")));
        // A misspelt offline scope is as good as a missing one.
        assert!(offline.iter().any(|f| f.severity == Severity::Problem));
        assert!(
            findings("custom", "email offline_access", false)
                .iter()
                .all(|f| !f.message.contains("typo"))
        );
    }

    #[test]
    fn names_the_azure_databricks_resource() {
        let report = check("azure", &format!("{DBX} offline_access"), false).expect("known");
        assert!(
            report
                .details
                .iter()
                .any(|(l, v)| l == "Resource" && v.starts_with("Azure Databricks"))
        );
        let typo = findings(
            "azure",
            "2ff814a6-3304-4ab8-85cb-cd0e6f879c1e/.default offline_access",
            false,
        );
        assert!(
            typo.iter().any(|f| f.message.contains("probably a typo")),
            "{typo:#?}"
        );
    }

    #[test]
    fn bad_input() {
        let unknown = check("nosuchprovider", "openid", false).expect_err("unknown provider");
        assert!(
            unknown
                .to_string()
                .contains("azure, azure-openai, msgraph, sharepoint"),
            "{unknown}"
        );
        assert_eq!(check("okta", " , ", false), Err(ScopeError::Empty));
        assert!(check("github", "", false).is_ok());
    }

    #[test]
    fn splits_on_spaces_and_commas() {
        assert_eq!(
            split_scopes(" openid,profile  email,, \"offline_access\""),
            ["openid", "profile", "email", "offline_access"]
        );
    }

    #[test]
    fn every_fix_is_declared() {
        let kb = crate::kb::builtin().expect("built-in flows");
        let lists = [
            ("custom", "openid"),
            ("okta", "openid"),
            ("snowflake", "offline_access"),
            ("azure", "openid User.Read .default"),
            ("msgraph", "x/.default"),
        ];
        for (provider, scopes) in lists {
            for sa in [false, true] {
                for finding in findings(provider, scopes, sa) {
                    if let Some(fix) = finding.fix {
                        assert!(kb.fix_by_id(&fix).is_some(), "{fix} is not a fix");
                        let from_flow = kb
                            .field_target(provider)
                            .and_then(|t| t.facts.refresh_fix)
                            .is_some_and(|f| kb.fix(f).id == fix);
                        assert!(
                            from_flow || FIX_IDS.contains(&fix.as_str()),
                            "{fix} is neither the flow's nor in FIX_IDS"
                        );
                    }
                }
            }
        }
    }
}
