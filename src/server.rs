//! The customer's Connect address: typed once, normalised, and used to fill in every redirect URI.

// Reads text from pastes, logs and flow files: an index past the end would be a panic on
// hostile input, so every access here is checked (`get`, `first_chunk`, iterators).
#![warn(clippy::indexing_slicing)]

use std::fmt;

use url::Url;

/// The path Connect registers OAuth logins under, relative to its base URL.
pub const CALLBACK_PATH: &str = "/__oauth__/integrations/callback";

/// A normalised Connect base URL: scheme and host lower-cased, default port and trailing slashes
/// dropped, any path prefix (`/rsc`) kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectServer {
    base: String,
    host: String,
    secure: bool,
}

/// A server address that parsed, with anything the engineer should know about how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedServer {
    pub server: ConnectServer,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServerError {
    #[error("the Connect address is empty")]
    Empty,
    #[error("'{0}' is not a web address (expected something like connect.example.com)")]
    NotAUrl(String),
    #[error("'{scheme}' is not a web scheme; Connect is reached over https:// (or http://)")]
    Scheme { scheme: String },
    #[error("the address has no host name")]
    NoHost,
    #[error("the address contains a user name or password; leave those out")]
    Credentials,
    #[error("the address contains white space")]
    Whitespace,
}

impl ConnectServer {
    /// Reads what a person types or pastes: `connect.example.com`, `https://Host:443/rsc/`, a
    /// dashboard URL (`…/connect/#/apps/…`) or a callback URI.
    pub fn parse(input: &str) -> Result<ParsedServer, ServerError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ServerError::Empty);
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err(ServerError::Whitespace);
        }
        let mut warnings = Vec::new();
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_string()
        } else {
            format!("https://{trimmed}")
        };
        let url =
            Url::parse(&with_scheme).map_err(|_| ServerError::NotAUrl(trimmed.to_string()))?;
        let secure = match url.scheme() {
            "https" => true,
            "http" => false,
            other => {
                return Err(ServerError::Scheme {
                    scheme: other.to_string(),
                });
            }
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ServerError::Credentials);
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or(ServerError::NoHost)?;
        if !looks_like_host(host) {
            return Err(ServerError::NotAUrl(trimmed.to_string()));
        }

        let mut path = normalise_path(url.path()).trim_end_matches('/').to_string();
        // Repeated, so the result read again gives itself (`…/callback/__oauth__/…/callback`).
        let strip_callbacks = |path: &mut String| {
            let mut stripped = false;
            while let Some(prefix) = path.strip_suffix(CALLBACK_PATH) {
                stripped = true;
                *path = prefix.trim_end_matches('/').to_string();
            }
            stripped
        };
        let mut from_callback = strip_callbacks(&mut path);
        // A dashboard link (`https://host/connect/#/apps/…`) names the server plus Connect's UI path.
        if url.fragment().is_some_and(|f| f.starts_with('/')) {
            if let Some(prefix) = path.strip_suffix("/connect") {
                path = prefix.trim_end_matches('/').to_string();
                // What was before `/connect` may be a callback path too; read again, the base
                // would lose it, so it goes now (`…/callback/connect/#/apps`).
                from_callback |= strip_callbacks(&mut path);
            }
            warnings.push("read the server from a dashboard link".to_string());
        }
        if from_callback {
            warnings.push("read the server from a callback URI".to_string());
        }
        if url.query().is_some() {
            warnings.push("ignored the query string".to_string());
        }

        let host_port = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let base = format!("{}://{host_port}{path}", url.scheme());
        if !secure && !is_loopback(host) {
            warnings.push(
                "http:// is not accepted as a redirect URI by most providers (Entra ID allows it \
                 only for localhost); check that Connect is really reached over plain http"
                    .to_string(),
            );
        }
        Ok(ParsedServer {
            server: ConnectServer {
                base,
                host: host.to_string(),
                secure,
            },
            warnings,
        })
    }

    /// The base URL, no trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn is_https(&self) -> bool {
        self.secure
    }

    /// The redirect URI Connect sends to every provider for viewer integrations.
    pub fn callback_uri(&self) -> String {
        format!("{}{CALLBACK_PATH}", self.base)
    }
}

impl fmt::Display for ConnectServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

/// The URL parser's path (ASCII, non-ASCII already percent-encoded) in one canonical form, so
/// that every spelling of one address gives one base and the base read again gives itself:
/// runs of `/` collapsed (`https://h//connect` is `/connect`), percent escapes upper-cased, and
/// escaped unreserved characters (letters, digits, `-`, `_`, `~`) decoded (RFC 3986 §6.2.2).
/// An escaped `.` stays escaped: decoded, it could form a `..` segment on the next reading.
fn normalise_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'/' && out.ends_with('/') {
            i += 1;
            continue;
        }
        if b == b'%'
            && let Some(&[high, low]) = bytes.get(i + 1..i + 3)
            && let (Some(hi), Some(lo)) = (hex_value(high), hex_value(low))
        {
            let value = hi * 16 + lo;
            if value.is_ascii_alphanumeric() || value == b'-' || value == b'_' || value == b'~' {
                out.push(char::from(value));
            } else {
                out.push('%');
                out.push(char::from(high.to_ascii_uppercase()));
                out.push(char::from(low.to_ascii_uppercase()));
            }
            i += 3;
            continue;
        }
        if b == b'%' {
            // A `%` that starts no escape is written as one (`%25`): left bare, a digit decoded
            // after it could complete an escape on the next reading (`%3%30` → `%30` → `0`).
            out.push_str("%25");
            i += 1;
            continue;
        }
        out.push(char::from(b));
        i += 1;
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

/// Rejects what `Url` accepts but no one means as a server: `https://-`, `https://a..b`.
fn looks_like_host(host: &str) -> bool {
    if host.starts_with('[') {
        return true; // IPv6 literal, already validated by the URL parser
    }
    !host
        .split('.')
        .any(|label| label.is_empty() || label.starts_with('-') || label.ends_with('-'))
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(input: &str) -> String {
        ConnectServer::parse(input)
            .unwrap()
            .server
            .base()
            .to_string()
    }

    #[test]
    fn a_bare_percent_cannot_complete_an_escape_on_the_next_reading() {
        // Found by the `server` fuzz target: `%3` then `%30` decoded to `%30`, then to `0`.
        let once = base("h/r%3%305");
        assert_eq!(once, "https://h/r%25305");
        assert_eq!(base(&once), once);
    }

    #[test]
    fn normalises_what_people_type() {
        assert_eq!(base("connect.example.com"), "https://connect.example.com");
        assert_eq!(
            base("  HTTPS://Connect.Example.COM:443/ "),
            "https://connect.example.com"
        );
        assert_eq!(base("https://example.com/rsc/"), "https://example.com/rsc");
        assert_eq!(
            base("https://example.com:8443/rsc//"),
            "https://example.com:8443/rsc"
        );
        assert_eq!(base("http://localhost:3939"), "http://localhost:3939");
        assert_eq!(
            base("https://c.example.com/rsc/__oauth__/integrations/callback"),
            "https://c.example.com/rsc"
        );
        assert_eq!(
            base("https://c.example.com/connect/#/apps/abc/access"),
            "https://c.example.com"
        );
    }

    /// Issue 10 item 9: `https://h//connect/#/apps/x` gave `https://h//__oauth__/…` and read
    /// again gave something else.
    #[test]
    fn duplicate_slashes_and_escapes_have_one_spelling() {
        assert_eq!(
            base("https://h.example.com//connect/#/apps/x"),
            "https://h.example.com"
        );
        assert_eq!(
            base("https://h.example.com//rsc//x/"),
            "https://h.example.com/rsc/x"
        );
        assert_eq!(
            base("https://h.example.com/r%73c"),
            "https://h.example.com/rsc"
        );
        assert_eq!(
            base("https://h.example.com/r%c3%a9"),
            "https://h.example.com/r%C3%A9"
        );
        assert_eq!(
            base("https://h.example.com/ré"),
            "https://h.example.com/r%C3%A9"
        );
        assert_eq!(
            base("https://h.example.com/a%2e%2e"),
            "https://h.example.com/a%2E%2E"
        );
        assert_eq!(
            base(
                "https://h.example.com/__oauth__/integrations/callback/__oauth__/integrations/callback"
            ),
            "https://h.example.com"
        );
    }

    proptest::proptest! {
        /// Reading a base again gives the same base, and Connect's own callback always matches
        /// in check-redirect, whatever was typed.
        #[test]
        fn the_base_is_a_fixed_point_and_its_callback_matches(
            input in r"(https?://)?[a-zA-Z0-9.-]{1,12}(:[0-9]{1,5})?(/{1,3}([a-zA-Z0-9._~-]|%[0-9a-fA-F]{2}|é|日){0,6}|/{1,2}__oauth__/integrations/callback|/connect){0,4}/?(#/[a-z/]{0,6})?(\?[a-z=&]{0,6})?"
        ) {
            if let Ok(parsed) = ConnectServer::parse(&input) {
                let base = parsed.server.base().to_string();
                let again = ConnectServer::parse(&base).map(|p| p.server.base().to_string());
                proptest::prop_assert_eq!(again, Ok(base.clone()), "from {:?}", input);
                let diffs = crate::field::redirect::compare(&parsed.server, &parsed.server.callback_uri());
                proptest::prop_assert!(diffs.is_empty(), "{:?}: {:?}", base, diffs);
            }
        }
    }

    /// Found by `fuzz/ci.sh`: a callback path in front of a dashboard link's `/connect` stayed in
    /// the base, and the base read again lost it.
    #[test]
    fn a_callback_before_a_dashboard_path_is_not_part_of_the_base() {
        for input in [
            "https://h//__oauth__/integrations/callback/connect/#/apps/x",
            "https://h.example.com/rsc/__oauth__/integrations/callback/connect/#/apps",
        ] {
            let parsed = ConnectServer::parse(input).unwrap();
            let base = parsed.server.base().to_string();
            assert!(!base.contains("__oauth__"), "{input} -> {base}");
            assert_eq!(ConnectServer::parse(&base).unwrap().server.base(), base);
        }
    }

    #[test]
    fn callback_keeps_the_path_prefix() {
        let s = ConnectServer::parse("https://example.com/rsc/")
            .unwrap()
            .server;
        assert_eq!(
            s.callback_uri(),
            "https://example.com/rsc/__oauth__/integrations/callback"
        );
    }

    #[test]
    fn warns_on_plain_http_except_loopback() {
        assert_eq!(
            ConnectServer::parse("http://connect.example.com")
                .unwrap()
                .warnings
                .len(),
            1
        );
        assert!(
            ConnectServer::parse("http://127.0.0.1:3939")
                .unwrap()
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "   ",
            "not a url",
            "ftp://x.example.com",
            "https://",
            "://x",
            "https://a..b",
            "https://user:pw@x.com",
            "https://-x-/",
        ] {
            assert!(
                ConnectServer::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }
}
