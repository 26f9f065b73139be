//! Each way a registered or sent redirect URI differs from Connect's callback, and how to find
//! them.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::percent_decode_str;

use super::WORKBENCH_CALLBACK_PATH;
use super::uri::{RawUri, default_port, split_uri};
use crate::server::{CALLBACK_PATH, ConnectServer};

/// The furthest a registered callback path may be from Connect's and still be called a typo
/// (`/__oauth__/integration/callback` is 1 away; an unrelated path is far more).
const TYPO_DISTANCE: usize = 5;

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
