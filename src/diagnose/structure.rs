//! What a paste's form says before any word is compared: the hosts and paths of the URLs in it,
//! the fields of an OAuth error response (JSON, form body, URL query or fragment, logfmt and
//! Keycloak event lines, Python dict reprs), the exception line of a traceback, and the ids a
//! sign-in page prints for support (Request Id, Correlation Id, Timestamp).
//!
//! Everything here is protocol and format knowledge; which host belongs to which provider is
//! data in the flows (`[fingerprints]`), matched in `provider.rs`.

/// Error codes defined by OAuth 2.0 (RFC 6749, RFC 6750) and OpenID Connect, plus the one
/// extension every large provider prints. When a paste's `error` field holds one of these, a fix
/// whose wording names a *different* one is about another error.
pub const OAUTH_ERROR_CODES: &[&str] = &[
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "access_denied",
    "unsupported_response_type",
    "server_error",
    "temporarily_unavailable",
    "invalid_token",
    "insufficient_scope",
    "interaction_required",
    "login_required",
    "consent_required",
    "account_selection_required",
    "redirect_uri_mismatch",
];

/// The standard OAuth codes written as whole words in lower-case `text`, each once, in the
/// order of [`OAUTH_ERROR_CODES`]. One split of the text instead of a search per code.
pub fn standard_codes_in(text: &str) -> impl Iterator<Item = &'static str> {
    let mut found = [false; OAUTH_ERROR_CODES.len()];
    // Every standard code has a `_`: most texts have none and are not split at all.
    if text.contains('_') {
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if let Some(i) = OAUTH_ERROR_CODES.iter().position(|code| *code == word) {
                found[i] = true;
            }
        }
    }
    OAUTH_ERROR_CODES
        .iter()
        .zip(found)
        .filter_map(|(code, seen)| seen.then_some(*code))
}

/// The error descriptions RFC 6749 (§4.1.2.1, §5.2) gives for its codes. Providers print them
/// word for word, so a fix whose wording is one of them names no provider by it: like the
/// standard codes, these words count only once the paste says which provider it is.
pub const OAUTH_STANDARD_DESCRIPTIONS: &[&str] = &[
    "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.",
    "The client is not authorized to request an authorization code using this method.",
    "The resource owner or authorization server denied the request.",
    "The authorization server does not support obtaining an authorization code using this method.",
    "The requested scope is invalid, unknown, or malformed.",
    "The authorization server encountered an unexpected condition that prevented it from fulfilling the request.",
    "The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.",
    "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).",
    "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
    "The authenticated client is not authorized to use this authorization grant type.",
    "The authorization grant type is not supported by the authorization server.",
];

/// `invalid_grant`, `bad_refresh_token`: a standard code, or lower-case words joined by `_`.
pub fn is_error_identifier(text: &str) -> bool {
    OAUTH_ERROR_CODES.contains(&text)
        || (text.contains('_')
            && text.len() <= 64
            && !text.starts_with('_')
            && !text.ends_with('_')
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
}

/// The error identifiers an error text names: standard OAuth codes in it, the value of its
/// `error` field, a wording that is one identifier (`bad_refresh_token`), and a leading
/// `identifier:` (`bad_verification_code: The code passed …`).
pub fn error_identifiers(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut ids: Vec<String> = standard_codes_in(&lower).map(str::to_string).collect();
    if let Some(value) = field_value(&lower, "error").filter(|v| is_error_identifier(v)) {
        ids.push(value);
    }
    ids.extend(aws_error_code(&lower));
    let whole = lower.trim();
    if is_error_identifier(whole) {
        ids.push(whole.to_string());
    }
    if let Some((lead, _)) = lower.trim_start().split_once(':')
        && is_error_identifier(lead.trim())
    {
        ids.push(lead.trim().to_string());
    }
    ids.sort();
    ids.dedup();
    ids
}

/// The code of a sign-in page's status line, `Error 400: redirect_uri_mismatch` (Google's error
/// pages print the OAuth code so), when it is an error identifier.
pub fn status_line_code(lower: &str) -> Option<String> {
    for at in memchr::memmem::find_iter(lower.as_bytes(), "error ") {
        let after = &lower[at + "error ".len()..];
        let status = after
            .get(..3)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()));
        if let Some(value) = status.and_then(|_| after[3..].strip_prefix(": ")) {
            let code: String = value
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if is_error_identifier(&code) {
                return Some(code);
            }
        }
    }
    None
}

/// The error code of an AWS API error, lower-cased, in the forms AWS SDKs and STS print it:
/// botocore's `An error occurred (AccessDenied) when calling the … operation`, the Java SDK's
/// `(Service: …; Error Code: AccessDenied; …)` and the STS XML body's `<Code>…</Code>`. These are
/// `error` fields in all but name: `InvalidIdentityToken` is another error than `AccessDenied`.
pub fn aws_error_code(lower: &str) -> Option<String> {
    let between = |start: &str, end: &str| -> Option<String> {
        let at = memchr::memmem::find(lower.as_bytes(), start.as_bytes())? + start.len();
        let rest = &lower[at..];
        let value = &rest[..rest.find(end)?];
        (!value.is_empty()
            && value.len() <= 64
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.'))
        .then(|| value.to_string())
    };
    let botocore = || {
        memchr::memmem::find(lower.as_bytes(), b") when calling the ")
            .and_then(|_| between("an error occurred (", ")"))
    };
    botocore()
        .or_else(|| between("; error code: ", ";"))
        .or_else(|| between("<code>", "</code>"))
}

/// Field names of OAuth error responses and sign-in pages whose values are worth reporting.
const ID_LABELS: &[(&str, &str)] = &[
    ("request id", "Request Id"),
    ("correlation id", "Correlation Id"),
    ("correlation_id", "Correlation Id"),
    ("trace id", "Trace ID"),
    ("trace_id", "Trace ID"),
    ("timestamp", "Timestamp"),
];

/// Longest value kept for one field: descriptions are sentences, not documents.
const MAX_FIELD_CHARS: usize = 2_000;
/// At most this many hosts are collected; a log with thousands of URLs says no more than this.
const MAX_HOSTS: usize = 256;

/// What was found in a paste's structure.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Structure {
    /// Lower-case host names seen in the paste, outside Connect's own URLs.
    pub hosts: Vec<String>,
    /// Paths of the URLs seen, outside Connect's own URLs.
    pub paths: Vec<String>,
    /// Connect URLs in the paste (`…/__oauth__/…`, `…/__api__/…`): the customer's own server.
    pub connect_urls: Vec<String>,
    /// The `error` field of an OAuth error response or an event line, when it holds an error
    /// identifier (`invalid_grant`, `bad_refresh_token`, `invalid_client_credentials`).
    pub error_code: Option<String>,
    /// The `error_description` field, as written.
    pub error_description: Option<String>,
    /// When the error happened, as the paste's `grant_type` or event type says: at login (the
    /// code exchange) or at refresh.
    pub phase: Option<Phase>,
    /// The `type` of an event line (`refresh_token_error` in a Keycloak event). Its `error`
    /// field is in the event's own vocabulary, not an OAuth response's.
    pub event_type: Option<String>,
    /// The type of the last exception line (`google.auth.exceptions.RefreshError`).
    pub exception: Option<String>,
    /// Support ids printed with the error: (label, value), in order of appearance.
    pub ids: Vec<(&'static str, String)>,
    /// The shapes recognised, for `diagnose --explain`.
    pub shapes: Vec<Shape>,
}

/// The step of the OAuth dance a paste comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Phase {
    /// Redeeming the login code (`grant_type=authorization_code`, `CODE_TO_TOKEN_ERROR`).
    Login,
    /// Refreshing a token (`grant_type=refresh_token`, `REFRESH_TOKEN_ERROR`).
    Refresh,
}

/// A form a paste can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    ErrorResponse,
    Traceback,
    SignInPage,
    Url,
}

impl Shape {
    pub fn describe(self) -> &'static str {
        match self {
            Shape::ErrorResponse => "an OAuth error response (error / error_description fields)",
            Shape::Traceback => "a traceback (its frames are left out of the wording)",
            Shape::SignInPage => "a sign-in page (Request Id / Correlation Id block)",
            Shape::Url => "URLs",
        }
    }
}

/// Reads the structure of `raw` (as pasted) and `norm` (the same text normalised: decoded and
/// lower-cased, see `normalize`).
pub fn read(raw: &str, norm: &str) -> Structure {
    let mut found = Structure::default();
    let (raw_text, norm_text) = (Text::new(raw), Text::lower_case(norm));
    let field = |text: &Text<'_>, key: &str| field_value_as(text, key, Bare::Token);
    read_urls_and_hosts(norm, &mut found);
    if let Some(error) = field(&norm_text, "error") {
        let code = error.trim().to_string();
        if is_error_identifier(&code) {
            found.error_code = Some(code);
            found.shapes.push(Shape::ErrorResponse);
        }
    }
    if found.error_code.is_none()
        && let Some(code) = status_line_code(norm)
    {
        found.error_code = Some(code);
        found.shapes.push(Shape::ErrorResponse);
    }
    if found.error_code.is_none()
        && let Some(code) = aws_error_code(norm)
    {
        found.error_code = Some(code);
        found.shapes.push(Shape::ErrorResponse);
    }
    found.error_description = field(&raw_text, "error_description");
    found.event_type =
        field(&norm_text, "type").filter(|t| t.ends_with("_error") && is_error_identifier(t));
    if found.error_description.is_some() && !found.shapes.contains(&Shape::ErrorResponse) {
        found.shapes.push(Shape::ErrorResponse);
    }
    found.phase = match (
        field(&norm_text, "grant_type").as_deref(),
        found.event_type.as_deref(),
    ) {
        (Some("authorization_code"), _) | (_, Some("code_to_token_error")) => Some(Phase::Login),
        (Some("refresh_token"), _) | (_, Some("refresh_token_error")) => Some(Phase::Refresh),
        _ => None,
    };
    found.exception = exception_type(raw);
    if raw.contains("Traceback (most recent call last)") || found.exception.is_some() {
        found.shapes.push(Shape::Traceback);
    }
    found.ids = support_ids_in(&raw_text);
    if found
        .ids
        .iter()
        .any(|(label, _)| *label == "Request Id" || *label == "Correlation Id")
    {
        found.shapes.push(Shape::SignInPage);
    }
    found
}

/// The paste without the parts of a traceback that are source code rather than error text:
/// Python's `File "…", line N, in f` frames with the code line under them, and R's backtrace
/// tree. Their words (module names, variable names) would otherwise count as wording.
pub fn without_frames(raw: &str) -> std::borrow::Cow<'_, str> {
    let has_python = raw.contains("File \"");
    let has_r = raw.contains("├─") || raw.contains("└─");
    if !has_python && !has_r {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut skip_code_line = false;
    for line in raw.lines() {
        let trimmed = line.trim_start();
        if skip_code_line {
            skip_code_line = false;
            // The code line under a frame is indented further than the frame itself.
            if line.starts_with("    ") && !trimmed.starts_with("File \"") {
                continue;
            }
        }
        if trimmed.starts_with("File \"") && trimmed.contains(", line ") {
            skip_code_line = true;
            continue;
        }
        if trimmed.starts_with('▆')
            || trimmed.contains("├─")
            || trimmed.contains("└─")
            || (trimmed.starts_with('│') && trimmed.contains('─'))
        {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    std::borrow::Cow::Owned(out)
}

fn read_urls_and_hosts(norm: &str, found: &mut Structure) {
    let bytes = norm.as_bytes();
    let is_host_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    // A host has a dot: only the runs of host characters around a dot are read, found with
    // memchr, so a megabyte of log is not walked byte by byte.
    let mut i = 0;
    for dot in memchr::memchr_iter(b'.', bytes) {
        if found.hosts.len() >= MAX_HOSTS {
            break;
        }
        if dot < i {
            continue; // inside the run just read
        }
        let mut start = dot;
        while start > i && is_host_byte(bytes[start - 1]) {
            start -= 1;
        }
        i = dot;
        while i < bytes.len() && is_host_byte(bytes[i]) {
            i += 1;
        }
        let word = norm[start..i].trim_matches(|c| c == '.' || c == '-');
        if !looks_like_host(word) {
            continue;
        }
        // The path after the host, up to white space or a quote.
        let path_end = norm[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')'))
            .map_or(norm.len(), |n| i + n);
        let rest = &norm[i..path_end];
        let path = rest
            .strip_prefix(|c: char| c == ':')
            .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
            .unwrap_or(rest);
        let path = if path.starts_with('/') {
            path.split(['?', '#', '&']).next().unwrap_or("")
        } else {
            ""
        };
        if path.contains("/__oauth__/") || path.contains("/__api__/") {
            found.connect_urls.push(format!("{word}{path}"));
        } else {
            if !found.hosts.iter().any(|h| h == word) {
                found.hosts.push(word.to_string());
            }
            if !path.is_empty() && !found.paths.iter().any(|p| p == path) {
                found.paths.push(path.to_string());
            }
            if norm[..start].ends_with("://") && !found.shapes.contains(&Shape::Url) {
                found.shapes.push(Shape::Url);
            }
        }
    }
}

/// `acme.okta.com`: two or more labels, the last alphabetic. Module paths
/// (`snowflake.connector`) pass too; only declared host patterns are ever matched against them.
fn looks_like_host(word: &str) -> bool {
    let mut labels = word.split('.');
    let count = word.split('.').count();
    count >= 2
        && labels.all(|l| !l.is_empty() && l.len() <= 63)
        && word
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The value of `key` in any of the shapes error responses travel in: `"key": "v"`,
/// `'key': 'v'`, `key=v`, `key="v"`, `key: v`. The first occurrence wins.
pub fn field_value(text: &str, key: &str) -> Option<String> {
    field_value_as(&Text::new(text), key, Bare::Token)
}

/// A text with its ASCII-lower-cased copy, made once for every field looked up in it: a
/// megabyte of log is not copied again per field.
pub struct Text<'t> {
    text: &'t str,
    lower: std::borrow::Cow<'t, str>,
}

impl<'t> Text<'t> {
    /// Text already in lower case (normalised text): nothing to copy or check.
    pub fn lower_case(text: &'t str) -> Text<'t> {
        Text {
            text,
            lower: std::borrow::Cow::Borrowed(text),
        }
    }

    pub fn new(text: &'t str) -> Text<'t> {
        let lower = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(text.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        Text { text, lower }
    }
}

/// How far an unquoted value runs.
#[derive(Clone, Copy, PartialEq)]
enum Bare {
    /// One word (`error=invalid_grant`).
    Token,
    /// To the end of the line (`Timestamp: 2025-02-03 10:20:30Z`).
    Line,
}

fn field_value_as(source: &Text<'_>, key: &str, bare: Bare) -> Option<String> {
    let text = source.text;
    let lower: &str = &source.lower;
    // memmem's vectorised search: a megabyte of log is searched once per field name.
    for start in memchr::memmem::find_iter(lower.as_bytes(), key.as_bytes()) {
        let before = lower[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let after_key = &text[start + key.len()..];
        let rest = after_key.trim_start_matches(['"', '\'']);
        let rest = rest.trim_start();
        let Some(rest) = rest.strip_prefix([':', '=']) else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &rest[1..];
                let end = closing_quote(inner, q).unwrap_or(inner.len());
                &inner[..end]
            }
            Some('[') => {
                let end = rest.find(']').map_or(rest.len(), |e| e + 1);
                &rest[..end]
            }
            Some(_) => {
                let end = rest.find(['&', ',', '}', '\n', '\r']).unwrap_or(rest.len());
                // A bare value is one token, unless it is a query or form value, which may
                // hold spaces after percent-decoding.
                let value = &rest[..end];
                if bare == Bare::Line || text[..start].ends_with(['?', '&', '#']) {
                    value
                } else {
                    value.split_whitespace().next().unwrap_or("")
                }
            }
            None => "",
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        return Some(value.chars().take(MAX_FIELD_CHARS).collect());
    }
    None
}

/// The end of a quoted value, skipping backslash-escaped quotes.
fn closing_quote(inner: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == quote && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// The type of the last exception line: `pkg.module.SomeError: message` or `SomeError: message`
/// at the start of a line.
fn exception_type(raw: &str) -> Option<String> {
    raw.lines().rev().find_map(|line| {
        let line = line.trim();
        // `name: message` with no space in the name: the first space ends the name.
        let name = line[..line.find(' ')?].strip_suffix(':')?;
        let last = name.rsplit('.').next()?;
        let is_type = name.len() <= 120
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            && last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && ["Error", "Exception", "Failure", "Fault"]
                .iter()
                .any(|suffix| last.ends_with(suffix));
        is_type.then(|| name.to_string())
    })
}

/// `Request Id: …`, `Correlation ID: …`, `"trace_id": "…"`, `Timestamp: …` as a sign-in page
/// or an error response prints them.
pub fn support_ids(raw: &str) -> Vec<(&'static str, String)> {
    support_ids_in(&Text::new(raw))
}

fn support_ids_in(raw: &Text<'_>) -> Vec<(&'static str, String)> {
    let mut ids: Vec<(&'static str, String)> = Vec::new();
    for (key, label) in ID_LABELS {
        if let Some(value) = field_value_as(raw, key, Bare::Line) {
            let value: String = value
                .chars()
                .take_while(|c| !c.is_control())
                .take(80)
                .collect();
            let value = value.trim().trim_end_matches(['"', '\'', ',']).to_string();
            if !value.is_empty() && !ids.iter().any(|(l, _)| l == label) {
                ids.push((label, value));
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::normalize;

    fn read_text(text: &str) -> Structure {
        read(text, &normalize(text))
    }

    #[test]
    fn token_endpoint_json() {
        let s = read_text(
            r#"{"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired.","error_codes":[70008],"timestamp":"2024-01-02 10:11:12Z","trace_id":"0b6f1c2e-aaaa-4a2a-9b1b-123456789abc","correlation_id":"5c2e5b6e-bbbb-4c1c-8d8d-abcdefabcdef"}"#,
        );
        assert_eq!(s.error_code.as_deref(), Some("invalid_grant"));
        assert!(
            s.error_description
                .as_deref()
                .is_some_and(|d| d.starts_with("AADSTS70008"))
        );
        let labels: Vec<&str> = s.ids.iter().map(|(l, _)| *l).collect();
        assert_eq!(labels, ["Correlation Id", "Trace ID", "Timestamp"]);
    }

    #[test]
    fn urls_give_hosts_and_paths_but_connect_urls_stand_apart() {
        let s = read_text(
            "GET https://kc.example.org/realms/acme/protocol/openid-connect/auth?redirect_uri=https%3A%2F%2Fconnect.example.com%2F__oauth__%2Fintegrations%2Fcallback&error=invalid_request",
        );
        assert!(s.hosts.contains(&"kc.example.org".to_string()), "{s:?}");
        assert!(
            s.paths
                .contains(&"/realms/acme/protocol/openid-connect/auth".to_string())
        );
        assert!(
            !s.hosts.contains(&"connect.example.com".to_string()),
            "{s:?}"
        );
        assert_eq!(
            s.connect_urls,
            ["connect.example.com/__oauth__/integrations/callback"]
        );
        assert_eq!(s.error_code.as_deref(), Some("invalid_request"));
    }

    #[test]
    fn bare_hosts_count() {
        let s = read_text("Failed to connect to DB: acme-xy12345.snowflakecomputing.com:443.");
        assert!(
            s.hosts
                .contains(&"acme-xy12345.snowflakecomputing.com".to_string())
        );
    }

    #[test]
    fn keycloak_event_and_logfmt_fields() {
        let s = read_text(
            "type=REFRESH_TOKEN_ERROR, realmId=acme, clientId=connect, userId=null, error=invalid_token, reason=\"Stale token\"",
        );
        assert_eq!(s.error_code.as_deref(), Some("invalid_token"));
        assert_eq!(s.event_type.as_deref(), Some("refresh_token_error"));
        let quoted = read_text(r#"type="CODE_TO_TOKEN_ERROR", error="invalid_client_credentials""#);
        assert_eq!(
            quoted.error_code.as_deref(),
            Some("invalid_client_credentials")
        );
        assert_eq!(read_text("Error: something broke").error_code, None);
        for (text, code) in [
            (
                "botocore.exceptions.ClientError: An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found",
                "invalididentitytoken",
            ),
            (
                "Not authorized to perform sts:AssumeRoleWithWebIdentity (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 1)",
                "accessdenied",
            ),
            (
                "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code></Error></ErrorResponse>",
                "invalididentitytoken",
            ),
        ] {
            assert_eq!(read_text(text).error_code.as_deref(), Some(code), "{text}");
        }
        assert_eq!(
            read_text("Authorization Error\nError 400: invalid_request\nYou can't sign in")
                .error_code
                .as_deref(),
            Some("invalid_request")
        );
        assert_eq!(read_text("Error 404: Not Found").error_code, None);
        // A parenthesis in a sentence is not an AWS error code.
        assert_eq!(
            read_text("An error occurred (see the log) while saving").error_code,
            None
        );
    }

    #[test]
    fn error_identifiers_of_a_wording() {
        assert_eq!(
            error_identifiers("bad_verification_code: The code passed is incorrect or expired."),
            ["bad_verification_code"]
        );
        assert_eq!(
            error_identifiers(r#"error="invalid_client_credentials""#),
            ["invalid_client_credentials"]
        );
        assert_eq!(
            error_identifiers("unauthorized_client: Invalid client"),
            ["unauthorized_client"]
        );
        assert_eq!(
            error_identifiers(" bad_refresh_token "),
            ["bad_refresh_token"]
        );
        assert!(error_identifiers("Forbidden").is_empty());
        assert_eq!(
            error_identifiers(
                "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized"
            ),
            ["accessdenied"]
        );
    }

    #[test]
    fn exception_lines_and_frames() {
        let text = "Traceback (most recent call last):\n  File \"/app/x.py\", line 3, in <module>\n    creds.refresh(request)\ngoogle.auth.exceptions.RefreshError: ('invalid_grant: Bad Request', {'error': 'invalid_grant'})\n";
        let s = read_text(text);
        assert_eq!(
            s.exception.as_deref(),
            Some("google.auth.exceptions.RefreshError")
        );
        let stripped = without_frames(text);
        assert!(!stripped.contains("creds.refresh"), "{stripped}");
        assert!(stripped.contains("RefreshError"));
    }

    #[test]
    fn sign_in_page_ids() {
        let page = "Sorry, but we're having trouble signing you in.\n\nAADSTS50011: The redirect URI ...\n\nTroubleshooting details\nRequest Id: 7d0c0f2a-1111-4b7b-9c5e-0e3a7a0e0a01\nCorrelation Id: 2f6b7c1e-2222-4c1d-8f3f-1d2b3c4d5e6f\nTimestamp: 2025-02-03 10:20:30Z\nMessage: AADSTS50011";
        let s = read_text(page);
        assert_eq!(
            s.ids,
            [
                (
                    "Request Id",
                    "7d0c0f2a-1111-4b7b-9c5e-0e3a7a0e0a01".to_string()
                ),
                (
                    "Correlation Id",
                    "2f6b7c1e-2222-4c1d-8f3f-1d2b3c4d5e6f".to_string()
                ),
                ("Timestamp", "2025-02-03 10:20:30Z".to_string()),
            ]
        );
        assert!(s.shapes.contains(&Shape::SignInPage));
    }
}
