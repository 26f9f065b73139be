//! What marks a paste as coming from one provider or service: the hosts of its endpoints, the
//! paths of its URLs, the prefix of its numbered error codes, the packages its SDKs print.
//!
//! Flows declare these as data (`[fingerprints]` in a provider file, `[[other_services.service]]`
//! for services the base does not cover); this module checks what was declared and matches it.

// Reads text from pastes, logs and flow files: an index past the end would be a panic on
// hostile input, so every access here is checked (`get`, `first_chunk`, iterators).
#![warn(clippy::indexing_slicing)]

use std::ops::Range;

use super::raw::RawFingerprints;
use super::source::{Diagnostic, Source};

/// How much a kind of evidence says about where a paste comes from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Strength {
    /// A product name in the text: people mention products in passing.
    Moderate,
    /// An endpoint host or path, a code family, an SDK's package name: the paste was printed by
    /// that provider's software.
    Strong,
}

/// A host name pattern, label by label: `login.microsoftonline.com`; `*.okta.com` (a leading `*`
/// stands for one or more labels, so any subdomain, never the bare domain); `sts.*.amazonaws.com`
/// (an inner `*` stands for exactly one label).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HostPattern {
    labels: Vec<String>,
}

impl HostPattern {
    pub fn matches(&self, host: &str) -> bool {
        let theirs: Vec<&str> = host.split('.').collect();
        let (any_prefix, ours) = match self.labels.split_first() {
            Some((first, rest)) if first == "*" => (true, rest),
            _ => (false, self.labels.as_slice()),
        };
        let fits = if any_prefix {
            theirs.len() > ours.len()
        } else {
            theirs.len() == ours.len()
        };
        fits && theirs
            .iter()
            .skip(theirs.len() - ours.len())
            .zip(ours)
            .all(|(t, o)| o == "*" || t == o)
    }
}

/// A URL path pattern: segments, `*` standing for any one segment. It matches when its segments
/// appear in a row anywhere in a URL's path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PathPattern {
    segments: Vec<String>,
}

impl PathPattern {
    pub fn matches(&self, path: &str) -> bool {
        let theirs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if self.segments.is_empty() || theirs.len() < self.segments.len() {
            return false;
        }
        theirs.windows(self.segments.len()).any(|window| {
            window
                .iter()
                .zip(&self.segments)
                .all(|(t, ours)| ours == "*" || t.eq_ignore_ascii_case(ours))
        })
    }
}

/// One provider's or service's fingerprints, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprints {
    pub hosts: Vec<HostPattern>,
    pub paths: Vec<PathPattern>,
    /// Upper-case prefixes of numbered codes (`AADSTS`).
    pub codes: Vec<String>,
    /// Lower-case package or module names (`snowflake.connector`, `msal`).
    pub packages: Vec<String>,
    /// Lower-case product names (`snowflake`).
    pub names: Vec<String>,
}

impl Fingerprints {
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty()
            && self.paths.is_empty()
            && self.codes.is_empty()
            && self.packages.is_empty()
            && self.names.is_empty()
    }
}

/// A service this knowledge base does not cover (Slack, Auth0, …), recognised so that a paste
/// from it is answered honestly instead of with the nearest-sounding fix.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OtherService {
    pub name: crate::text::SafeText,
    pub fingerprints: Fingerprints,
    pub source: crate::text::SafeText,
    /// Providers the service calls on its own (GitHub Actions calls AWS STS): a paste that
    /// shows the service and one of these comes from the service, not from Connect.
    pub uses: Vec<super::model::ProviderIdx>,
}

/// Checks declared fingerprints; problems go to `problems` with their position.
pub fn resolve(
    source: &Source,
    raw: &RawFingerprints,
    problems: &mut Vec<Diagnostic>,
) -> Fingerprints {
    let mut bad = |span: Range<usize>, message: String| problems.push(source.at(span, message));
    let mut out = Fingerprints::default();
    for host in &raw.hosts {
        match parse_host(host.get_ref()) {
            Ok(pattern) => out.hosts.push(pattern),
            Err(why) => bad(host.span(), format!("host '{}' {why}", host.get_ref())),
        }
    }
    for path in &raw.paths {
        let text = path.get_ref();
        let segments: Vec<String> = text
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if !text.starts_with('/') || segments.is_empty() || text.contains(char::is_whitespace) {
            bad(
                path.span(),
                format!("path '{text}' must start with '/' and name at least one segment"),
            );
        } else if segments.iter().all(|s| s == "*") {
            bad(
                path.span(),
                format!("path '{text}' matches every URL: name a real segment"),
            );
        } else {
            out.paths.push(PathPattern { segments });
        }
    }
    for code in &raw.codes {
        let text = code.get_ref();
        if text.len() < 2 || !text.chars().all(|c| c.is_ascii_uppercase()) {
            bad(
                code.span(),
                format!(
                    "code prefix '{text}' must be two or more upper-case letters (like 'AADSTS')"
                ),
            );
        } else {
            out.codes.push(text.clone());
        }
    }
    for (list, into, what) in [
        (&raw.packages, &mut out.packages, "package"),
        (&raw.names, &mut out.names, "name"),
    ] {
        for word in list {
            let text = word.get_ref().trim();
            if text.chars().count() < 3 || text.chars().any(|c| c.is_uppercase()) {
                bad(
                    word.span(),
                    format!("{what} '{text}' must be lower-case and at least three characters"),
                );
            } else {
                into.push(text.to_string());
            }
        }
    }
    out
}

/// `login.microsoftonline.com` or `*.okta.com`, lower-case, no scheme, port or path.
pub(super) fn parse_host(text: &str) -> Result<HostPattern, &'static str> {
    let labels: Vec<String> = text.split('.').map(str::to_string).collect();
    let named = labels.iter().filter(|l| *l != "*").count();
    let labels_ok = named >= 2
        && labels.last().is_some_and(|l| l != "*")
        && labels.iter().all(|label| {
            label == "*"
                || (!label.is_empty()
                    && label
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        });
    if !labels_ok {
        return Err(
            "must be a lower-case host name like 'login.example.com', '*.example.com' or 'sts.*.example.com'",
        );
    }
    Ok(HostPattern { labels })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomain_patterns_need_a_subdomain() {
        let p = parse_host("*.okta.com").unwrap();
        assert!(p.matches("acme.okta.com"));
        assert!(p.matches("a.b.okta.com"));
        assert!(!p.matches("okta.com"));
        assert!(!p.matches("notokta.com"));
        let sts = parse_host("sts.*.amazonaws.com").unwrap();
        assert!(sts.matches("sts.us-east-1.amazonaws.com"));
        assert!(!sts.matches("ec2-1-2-3-4.compute.amazonaws.com"));
        assert!(!sts.matches("sts.amazonaws.com"));
        assert!(parse_host("https://x.com").is_err());
        assert!(parse_host("localhost").is_err());
    }

    #[test]
    fn path_patterns_match_a_run_of_segments() {
        let p = PathPattern {
            segments: vec![
                "realms".into(),
                "*".into(),
                "protocol".into(),
                "openid-connect".into(),
            ],
        };
        assert!(p.matches("/auth/realms/acme/protocol/openid-connect/token"));
        assert!(!p.matches("/realms/acme/protocol/saml"));
    }
}
