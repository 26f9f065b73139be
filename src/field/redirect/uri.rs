//! A URI split into its parts exactly as written: the registered side is read raw, never through
//! `Url::parse`, which would normalise exactly the differences the check must name.

/// A URI split into its parts exactly as written: no case folding, no port dropping, no decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawUri<'a> {
    pub(super) scheme: &'a str,
    pub(super) host: &'a str,
    pub(super) port: Option<&'a str>,
    pub(super) path: &'a str,
    pub(super) query: Option<&'a str>,
    pub(super) fragment: Option<&'a str>,
}

pub(super) fn split_uri(text: &str) -> Option<RawUri<'_>> {
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

pub(super) fn default_port(scheme: &str) -> Option<&'static str> {
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Some("443"),
        "http" => Some("80"),
        _ => None,
    }
}
