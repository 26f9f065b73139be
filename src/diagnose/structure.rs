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
    for at in finder("error ").find_iter(lower.as_bytes()) {
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
        let at = finder(start).find(lower.as_bytes())? + start.len();
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
        finder(") when calling the ")
            .find(lower.as_bytes())
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
    let (mut raw_text, mut norm_text) = (Text::lowered_as(raw, norm), Text::lower_case(norm));
    let present = Present::of(norm);
    norm_text.present = present;
    // What is known of `norm` holds for `raw` when `norm` is just `raw` lower-cased.
    let raw_present = if raw_text.lower_is(norm) {
        raw_text.present = present;
        present
    } else {
        Present::UNKNOWN
    };
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
        && present.may_hold("error")
        && let Some(code) = status_line_code(norm)
    {
        found.error_code = Some(code);
        found.shapes.push(Shape::ErrorResponse);
    }
    if found.error_code.is_none()
        && [") when calling the ", "; error code: ", "<code>"]
            .iter()
            .any(|n| present.may_hold(n))
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
    found.exception = exception_type(raw, raw_present);
    if found.exception.is_some()
        || (raw_present.may_hold("traceback (most recent call last)")
            && contains(raw, "Traceback (most recent call last)"))
    {
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
    let has_python = contains(raw, "File \"");
    let has_r = contains(raw, "├─") || contains(raw, "└─");
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

/// `text.contains(needle)` by memchr's vectorised search, for texts that may be a megabyte.
fn contains(text: &str, needle: &str) -> bool {
    finder(needle).find(text.as_bytes()).is_some()
}

/// The needles texts are searched for that [`Present`] can rule out (each holds one of
/// [`NEEDLE_ROOTS`]), besides [`EXCEPTION_NEEDLES`].
const GATED_NEEDLES: &[&str] = &[
    "error",
    "error_description",
    "type",
    "grant_type",
    "request id",
    "correlation id",
    "correlation_id",
    "trace id",
    "trace_id",
    "timestamp",
    "error ",
    "an error occurred (",
    ") when calling the ",
    "; error code: ",
    "<code>",
    "Traceback (most recent call last)",
];

/// Traceback frames, looked for by [`without_frames`] in every text.
const FRAME_NEEDLES: &[&str] = &["File \"", "├─", "└─"];

/// Every needle this module searches texts for.
fn searched_needles() -> impl Iterator<Item = &'static str> {
    GATED_NEEDLES
        .iter()
        .chain(&EXCEPTION_NEEDLES)
        .chain(FRAME_NEEDLES)
        .copied()
}

/// memmem's searcher for `needle`, prepared once for the needles above: preparing one (it
/// studies the needle's bytes) cost more than searching a short log event with it, and `scan`
/// reads hundreds of thousands of events.
fn finder(needle: &str) -> std::borrow::Cow<'static, memchr::memmem::Finder<'static>> {
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            searched_needles()
                .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
                .collect()
        });
    match searched_needles().position(|n| n == needle) {
        Some(i) => std::borrow::Cow::Borrowed(&FINDERS[i]),
        None => {
            std::borrow::Cow::Owned(memchr::memmem::Finder::new(needle.as_bytes()).into_owned())
        }
    }
}

/// A text with its ASCII-lower-cased copy, made once for every field looked up in it: a
/// megabyte of log is not copied again per field.
pub struct Text<'t> {
    text: &'t str,
    lower: std::borrow::Cow<'t, str>,
    /// Which [`NEEDLE_ROOTS`] `lower` holds, when known.
    present: Present,
}

impl<'t> Text<'t> {
    /// Text already in lower case (normalised text): nothing to copy or check.
    pub fn lower_case(text: &'t str) -> Text<'t> {
        Text {
            text,
            lower: std::borrow::Cow::Borrowed(text),
            present: Present::UNKNOWN,
        }
    }

    /// `text` with `lower` as its lower-cased copy when `lower` is exactly that (the usual
    /// normalised paste: nothing decoded), so a megabyte of log is not copied once more.
    pub fn lowered_as(text: &'t str, lower: &'t str) -> Text<'t> {
        if text.len() == lower.len() && text.eq_ignore_ascii_case(lower) {
            Text {
                text,
                lower: std::borrow::Cow::Borrowed(lower),
                present: Present::UNKNOWN,
            }
        } else {
            Text::new(text)
        }
    }

    pub fn new(text: &'t str) -> Text<'t> {
        let lower = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(text.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        Text {
            text,
            lower,
            present: Present::UNKNOWN,
        }
    }

    /// Whether `lower` is `other` itself (so what is known of one holds for the other).
    fn lower_is(&self, other: &str) -> bool {
        std::ptr::eq(self.lower.as_ref(), other)
    }
}

/// Words every needle of a whole-text search holds (`grant_type` holds `type`). For a large
/// text one automaton pass says which of them occur at all, and the search for a needle whose
/// word does not is skipped: a megabyte of log without `type` in it is not searched for
/// `grant_type`. No root holds another, so the leftmost-first pass reports each that occurs.
const NEEDLE_ROOTS: &[&str] = &[
    "error",
    "type",
    "request id",
    "correlation",
    "trace",
    "timestamp",
    ") when calling the ",
    "<code>",
    "exception:",
    "failure:",
    "fault:",
];

/// Below this size the searches cost less than building and running the automaton.
const NEEDLE_PREFILTER_MIN_BYTES: usize = 64 * 1024;

/// Which [`NEEDLE_ROOTS`] a lower-case text holds, as a bit set; `None` when not looked.
#[derive(Debug, Clone, Copy)]
struct Present(Option<u32>);

impl Present {
    const UNKNOWN: Present = Present(None);

    /// Looks, when `lower` is large enough to be worth it.
    fn of(lower: &str) -> Present {
        static AUTOMATON: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
            std::sync::OnceLock::new();
        if lower.len() < NEEDLE_PREFILTER_MIN_BYTES {
            return Present::UNKNOWN;
        }
        let Some(automaton) = AUTOMATON.get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(NEEDLE_ROOTS)
                .ok()
        }) else {
            return Present::UNKNOWN;
        };
        let every = (1u32 << NEEDLE_ROOTS.len()) - 1;
        let mut found = 0u32;
        let mut from = 0;
        // Resumed one byte after each match's start, not at its end: a root starting inside
        // another's match ("erro|r|equest id") is found too.
        while found != every {
            let input = aho_corasick::Input::new(lower).range(from..);
            let Ok(Some(m)) = automaton.try_find(input) else {
                break;
            };
            found |= 1 << m.pattern().as_usize();
            from = m.start() + 1;
        }
        Present(Some(found))
    }

    /// False only when `needle` (any case) is known not to occur.
    fn may_hold(self, needle: &str) -> bool {
        let Present(Some(found)) = self else {
            return true;
        };
        let needle = needle.to_ascii_lowercase();
        NEEDLE_ROOTS
            .iter()
            .position(|root| needle.contains(root))
            .is_none_or(|i| found & (1 << i) != 0)
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
    if !source.present.may_hold(key) {
        return None;
    }
    let text = source.text;
    let lower: &str = &source.lower;
    // memmem's vectorised search: a megabyte of log is searched once per field name.
    for start in finder(key).find_iter(lower.as_bytes()) {
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
fn exception_type(raw: &str, present: Present) -> Option<String> {
    // The last such line. Only lines holding `Error:` (or another suffix and its colon) can be
    // one, so those are found with memmem (vectorised forwards, not backwards) instead of
    // reading every line of a log.
    let bytes = raw.as_bytes();
    let line_around = |at: usize| {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
        (start, &raw[start..end])
    };
    EXCEPTION_NEEDLES
        .iter()
        .filter_map(|needle| {
            if !present.may_hold(needle) {
                return None;
            }
            finder(needle)
                .find_iter(bytes)
                .filter_map(|at| {
                    let (start, line) = line_around(at);
                    exception_name(line).map(|name| (start, name))
                })
                .last()
        })
        .max_by_key(|(start, _)| *start)
        .map(|(_, name)| name)
}

/// The exception type a traceback's last line starts with (`requests.exceptions.HTTPError: …`):
/// `name: message` with no space in the name, the first space ending it.
fn exception_name(line: &str) -> Option<String> {
    let line = line.trim();
    let name = line[..line.find(' ')?].strip_suffix(':')?;
    let last = name.rsplit('.').next()?;
    let is_type = name.len() <= 120
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && last.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && EXCEPTION_NEEDLES
            .iter()
            .any(|needle| last.ends_with(needle.trim_end_matches(':')));
    is_type.then(|| name.to_string())
}

/// How the names of exception types end, with the colon after them on an exception line.
const EXCEPTION_NEEDLES: [&str; 4] = ["Error:", "Exception:", "Failure:", "Fault:"];

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

    /// `exception_type` as first written: every line, from the last.
    fn exception_type_line_by_line(raw: &str) -> Option<String> {
        raw.lines().rev().find_map(exception_name)
    }

    /// Every needle [`Present`] may rule out, as spelt at the call sites.
    fn gated() -> impl Iterator<Item = &'static str> {
        GATED_NEEDLES.iter().chain(&EXCEPTION_NEEDLES).copied()
    }

    #[test]
    fn every_searched_needle_has_a_root() {
        for needle in gated() {
            let lower = needle.to_ascii_lowercase();
            assert!(
                NEEDLE_ROOTS.iter().any(|root| lower.contains(root)),
                "{needle}"
            );
        }
        for (i, a) in NEEDLE_ROOTS.iter().enumerate() {
            for b in &NEEDLE_ROOTS[i + 1..] {
                assert!(!a.contains(b) && !b.contains(a), "{a} / {b}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_needle_prefilter_never_hides_a_needle(
            parts in proptest::collection::vec(
                "(erro|r|equest id|error|typ|e|grant_|trace|_id|correlation|timestamp|\\) when calling the |<code>|exception:|fault|:| |x)",
                0..24,
            ),
        ) {
            let text = format!("{}{}", "y".repeat(NEEDLE_PREFILTER_MIN_BYTES), parts.concat());
            let present = Present::of(&text);
            for needle in gated() {
                let lower = needle.to_ascii_lowercase();
                if text.contains(&lower) {
                    proptest::prop_assert!(present.may_hold(needle), "{needle} in {:?}", parts);
                }
            }
        }

        #[test]
        fn exception_lines_are_found_as_line_by_line(
            lines in proptest::collection::vec(
                "( |\\t)?((requests\\.|a_b\\.)?(ValueError|HTTPError|Boom|xError|OAuthFailure|SoapFault|KeyException)(:|: | )( ?msg Error: x)?|plain words|\\r)",
                0..8,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            proptest::prop_assert_eq!(
                exception_type(&text, Present::UNKNOWN),
                exception_type_line_by_line(&text)
            );
            // A text large enough for the needle prefilter reads the same.
            let large = format!("{}\n{text}", "x ".repeat(NEEDLE_PREFILTER_MIN_BYTES));
            proptest::prop_assert_eq!(
                exception_type(&large, Present::of(&large.to_ascii_lowercase())),
                exception_type_line_by_line(&large)
            );
        }
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
