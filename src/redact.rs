//! Removing credentials from pasted text before it is shown, written or cut.
//!
//! One function, [`redact`], for every shape a credential takes in what support engineers paste:
//! JSON (`"access_token":"…"`, compact or spaced), form bodies and query strings (`code=…`,
//! `client_secret=…`), headers (`Authorization: Bearer …`, `Basic …`), YAML-ish config
//! (`client_secret: …`, `password: …`), JWTs (`eyJ…` in three or five dot-separated parts) and
//! long opaque strings. The value is replaced with [`REDACTED`]; the key stays, so the reader
//! still sees *which* credential was there.
//!
//! It errs towards redacting: a lost value in a ticket costs a question, a leaked secret costs a
//! rotation. What it keeps on purpose: error codes (`AADSTS50011`), URLs, and GUIDs (request and
//! correlation ids are what an escalation asks for).

/// What a credential is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Where a key may name a credential.
#[derive(Clone, Copy)]
struct Forms {
    /// `key=value` (form bodies, query strings).
    form: bool,
    /// `"key": value` (JSON; the key is quoted).
    json: bool,
    /// `key: value` unquoted (YAML, headers). Off for words that are common in error prose
    /// ("Error code: AADSTS50011", "invalid token: …").
    colon: bool,
}

const ALL: Forms = Forms {
    form: true,
    json: true,
    colon: true,
};
const NOT_PROSE: Forms = Forms {
    form: true,
    json: true,
    colon: false,
};

/// Keys whose value is a credential, lower case.
const KEYS: &[(&str, Forms)] = &[
    ("access_token", ALL),
    ("refresh_token", ALL),
    ("id_token", ALL),
    ("subject_token", ALL),
    ("client_secret", ALL),
    ("client_assertion", ALL),
    ("password", ALL),
    ("passwd", ALL),
    ("api_key", ALL),
    ("apikey", ALL),
    ("x-api-key", ALL),
    ("authorization", ALL),
    ("code_verifier", ALL),
    ("device_code", ALL),
    ("assertion", NOT_PROSE),
    ("code", NOT_PROSE),
    ("token", NOT_PROSE),
    ("secret", NOT_PROSE),
];

/// HTTP authentication schemes whose credentials follow them.
const SCHEMES: &[&str] = &["bearer", "basic"];

/// Shortest run of opaque characters taken for a secret without a key naming it.
const OPAQUE_MIN: usize = 32;

/// `text` with every credential value replaced by [`REDACTED`].
pub fn redact(text: &str) -> String {
    let mut spans = Vec::new();
    key_values(text, &mut spans);
    scheme_credentials(text, &mut spans);
    bare_tokens(text, &mut spans);
    apply(text, spans)
}

/// `end`, a place to cut `text` at, moved to the end of a [`REDACTED`] mark that it cuts
/// through or that starts there: a mark cut to `[redac`, or a key left with only the ellipsis
/// of the cut, reads as a value, and a second redaction would take it for one.
pub fn end_after_marks(text: &str, end: usize) -> usize {
    let nearest = end.saturating_sub(REDACTED.len() - 1);
    (nearest..=end)
        .find(|&at| {
            at + REDACTED.len() > end && text.get(at..).is_some_and(|t| t.starts_with(REDACTED))
        })
        .map_or(end, |at| at + REDACTED.len())
}

/// Replaces the byte ranges (which may overlap) by [`REDACTED`].
fn apply(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        if end <= at {
            continue;
        }
        let start = start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Characters of a token68 / base64 / opaque secret.
fn is_secret_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b)
}

/// Where an unquoted value ends.
fn ends_value(b: u8) -> bool {
    b.is_ascii_whitespace() || b"&,;\"'}])<>".contains(&b)
}

fn key_values(text: &str, spans: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let lower = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() || (i > 0 && is_word_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < bytes.len() && is_word_byte(bytes[end]) {
            end += 1;
        }
        let word = &lower[i..end];
        if let Some((_, forms)) = KEYS.iter().find(|(k, _)| k.as_bytes() == word)
            && let Some(span) = value_after_key(bytes, i, end, *forms)
        {
            spans.push(span);
            i = span.1.max(end);
            continue;
        }
        i = end;
    }
}

/// The value after a key found at `start..end`, if the key is used as a key in one of its forms.
fn value_after_key(bytes: &[u8], start: usize, end: usize, forms: Forms) -> Option<(usize, usize)> {
    // A quoted key (`"code":`) counts only when the quote closes right after it; a quote that
    // opens a shell argument (`'Authorization: Bearer …'`) leaves the key unquoted.
    let quote = start
        .checked_sub(1)
        .map(|p| bytes[p])
        .filter(|b| (*b == b'"' || *b == b'\'') && bytes.get(end) == Some(b));
    let mut i = end;
    if quote.is_some() {
        i += 1;
    }
    i = skip_blanks(bytes, i);
    let separator = *bytes.get(i)?;
    let allowed = match separator {
        b'=' => forms.form,
        b':' => {
            if quote.is_some() {
                forms.json
            } else {
                forms.colon
            }
        }
        _ => false,
    };
    if !allowed {
        return None;
    }
    i = skip_blanks(bytes, i + 1);
    let first = *bytes.get(i)?;
    if first == b'"' || first == b'\'' {
        let value_start = i + 1;
        let mut j = value_start;
        while j < bytes.len() && bytes[j] != first && bytes[j] != b'\n' {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        let j = j.min(bytes.len());
        return (j > value_start).then_some((value_start, j));
    }
    if bytes[i..].starts_with(REDACTED.as_bytes()) {
        return None;
    }
    let header_like = separator == b':' && quote.is_none();
    let mut j = i;
    while j < bytes.len() && !ends_value(bytes[j]) {
        j += 1;
    }
    // `Authorization: Bearer abc`: the credential is the word after the scheme.
    if header_like || separator == b'=' {
        let scheme = bytes[i..j].to_ascii_lowercase();
        if SCHEMES.iter().any(|s| s.as_bytes() == scheme.as_slice()) {
            let k = skip_blanks(bytes, j);
            if bytes[k..].starts_with(REDACTED.as_bytes()) {
                return None;
            }
            let mut m = k;
            while m < bytes.len() && !ends_value(bytes[m]) {
                m += 1;
            }
            return (m > k).then_some((k, m));
        }
    }
    (j > i).then_some((i, j))
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    i
}

/// `Bearer abc…` / `Basic dXNlcjpwYXNz` anywhere, not only after a header name. Skipped when the
/// word after the scheme is an auth parameter (`Bearer error="invalid_token"`) or plain prose
/// (`basic authentication`).
fn scheme_credentials(text: &str, spans: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    for scheme in SCHEMES {
        for (at, _) in lower.match_indices(scheme) {
            if at > 0 && is_word_byte(bytes[at - 1]) {
                continue;
            }
            let after = at + scheme.len();
            if bytes.get(after) != Some(&b' ') {
                continue;
            }
            let start = skip_blanks(bytes, after);
            let mut end = start;
            while end < bytes.len() && is_secret_byte(bytes[end]) {
                end += 1;
            }
            let token = &bytes[start..end];
            // An auth parameter is a name, `=` and a quoted value (`realm="…"`); a credential
            // that a quote closes (`"… Bearer abc123…"` in a JSON message) is not one.
            let auth_param_name = token.strip_suffix(b"=").is_some_and(|name| {
                !name.is_empty() && name.iter().all(|b| b.is_ascii_alphabetic() || *b == b'_')
            });
            let is_param = auth_param_name && bytes.get(end) == Some(&b'"')
                || token.ends_with(b"=") && token.len() < 8;
            let looks_credential = token.len() >= 8
                && token
                    .iter()
                    .any(|b| b.is_ascii_digit() || b"-._~+/=".contains(b));
            if looks_credential && !is_param {
                spans.push((start, end));
            }
        }
    }
}

/// JWTs and long opaque strings standing alone.
fn bare_tokens(text: &str, spans: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_secret_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_secret_byte(bytes[i]) {
            i += 1;
        }
        let word = &text[start..i];
        // A URL's path or host is not a secret; a token inside a query string is caught by its key.
        let after_scheme = start >= 3 && &bytes[start - 3..start] == b"://";
        if !after_scheme && (looks_jwt(word) || looks_opaque(word)) {
            spans.push((start, i));
        }
    }
}

/// Three (JWS) or five (JWE) base64url parts, the first a JSON header (`eyJ` = `{"`).
fn looks_jwt(word: &str) -> bool {
    let word = word.trim_end_matches(['.', '=']);
    let parts: Vec<&str> = word.split('.').collect();
    (parts.len() == 3 || parts.len() == 5)
        && parts[0].starts_with("eyJ")
        && parts[1].len() >= 2
        && parts.iter().all(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

fn looks_opaque(word: &str) -> bool {
    // `integration_guid=f523d6f3-…`: a log field's value is judged on its own, so a GUID
    // (an escalation asks for it) survives behind its key.
    let word = word.rsplit(['=', ':']).next().unwrap_or(word);
    let word = word.trim_end_matches('.');
    word.len() >= OPAQUE_MIN
        && word.bytes().any(|b| b.is_ascii_digit())
        && word.bytes().any(|b| b.is_ascii_alphabetic())
        && !word.contains("//")
        && !word.contains("..")
        && !is_guid(word)
        && !looks_like_host_or_path(word)
}

/// `8-4-4-4-12` hex digits: request and correlation ids, kept for escalations.
fn is_guid(word: &str) -> bool {
    let groups: Vec<&str> = word.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A dotted host name or a slash path made of words (`login.microsoftonline.com`,
/// `/__oauth__/integrations/callback`), not one long random run.
fn looks_like_host_or_path(word: &str) -> bool {
    let pieces: Vec<&str> = word.split(['.', '/']).filter(|p| !p.is_empty()).collect();
    pieces.len() >= 2 && pieces.iter().all(|p| p.len() < 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: input, the secret that must be gone, and text that must survive.
    const SHAPES: &[(&str, &str, &str)] = &[
        // JSON, compact and spaced, every credential key.
        (
            r#"{"access_token":"s3cr3tAT","token_type":"Bearer"}"#,
            "s3cr3tAT",
            r#""token_type":"Bearer""#,
        ),
        (
            r#"{ "access_token" : "s3cr3tAT" }"#,
            "s3cr3tAT",
            "access_token",
        ),
        (
            r#"{"refresh_token":"0.AXrefresh"}"#,
            "AXrefresh",
            "refresh_token",
        ),
        (r#"{"id_token": "abc.def.ghi"}"#, "abc.def", "id_token"),
        (r#"{"client_secret":"Zq8~sec"}"#, "Zq8~sec", "client_secret"),
        (r#"{"password":"hunter2"}"#, "hunter2", "password"),
        (r#"{"code":"M.C507_abc"}"#, "M.C507_abc", r#""code""#),
        (r#"{'client_secret': 'single'}"#, "single", "client_secret"),
        (r#"{"password":"es\"caped"}"#, "caped", "password"),
        // Form bodies and query strings.
        (
            "GET /callback?code=0.AXcode&state=xyz",
            "AXcode",
            "state=xyz",
        ),
        (
            "grant_type=authorization_code&client_secret=formsec&client_id=abc",
            "formsec",
            "grant_type=authorization_code",
        ),
        ("access_token=qat&x=1", "qat", "x=1"),
        ("refresh_token=qrt", "qrt", "refresh_token="),
        ("assertion=eyJx.eyJy.sig", "eyJy", "assertion="),
        ("client_assertion=abc123", "abc123", "client_assertion="),
        ("CLIENT_SECRET=upper", "upper", "CLIENT_SECRET="),
        // Headers.
        (
            "Authorization: Bearer tok_12345678",
            "tok_12345678",
            "Authorization: Bearer",
        ),
        ("authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "Basic"),
        (
            "curl -H 'Authorization: Bearer abc.def-123'",
            "abc.def-123",
            "curl -H",
        ),
        (
            "sent Bearer 0123456789abcdef to the API",
            "0123456789abcdef",
            "to the API",
        ),
        // YAML-ish config.
        (
            "client_secret: yamlsecret\nclient_id: x",
            "yamlsecret",
            "client_id: x",
        ),
        ("  password: p@ss", "p@ss", "password:"),
        ("password:tight", "tight", "password:"),
        // JWT-looking strings anywhere.
        (
            "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl expired",
            "eyJhbGciOiJSUzI1NiJ9",
            "expired",
        ),
        (
            "jwe eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn end",
            "Y2lwaGVy",
            "end",
        ),
        // Long opaque strings.
        (
            "secret ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked",
            "ghp_abc",
            "leaked",
        ),
    ];

    #[test]
    fn a_credential_closed_by_a_quote_is_redacted_and_auth_parameters_are_not() {
        let json = r#"{"data":"Error: invalid_grant: Bearer e-yJhbGciOiJIUzI1NiJ9.eyJzdWIstamp"}"#;
        assert!(!redact(json).contains("e-yJhbGci"), "{}", redact(json));
        let header = r#"WWW-Authenticate: Bearer realm="connect", error="invalid_token""#;
        assert_eq!(redact(header), header);
        let challenge = r#"Bearer error="invalid_token", error_description="expired""#;
        assert_eq!(redact(challenge), challenge);
    }

    #[test]
    fn a_cut_never_splits_a_redaction_mark() {
        let text = format!("client_secret={REDACTED} and more");
        let mark = text.find(REDACTED).expect("mark");
        let after = mark + REDACTED.len();
        for end in mark..after {
            assert_eq!(end_after_marks(&text, end), after, "cut at {end}");
        }
        assert_eq!(end_after_marks(&text, mark - 1), mark - 1);
        assert_eq!(end_after_marks(&text, after), after);
        assert_eq!(end_after_marks("short", 3), 3);
    }

    #[test]
    fn a_guid_behind_a_log_key_is_kept() {
        let line = "msg=\"OAuth integration failed\" integration_guid=f523d6f3-f25c-45e8-b06e-32f164fd24e5 user=jdoe";
        assert_eq!(redact(line), line);
    }

    #[test]
    fn every_credential_shape_is_redacted() {
        for (input, secret, kept) in SHAPES {
            let out = redact(input);
            assert!(!out.contains(secret), "{secret:?} survived in {out:?}");
            assert!(out.contains(kept), "{kept:?} lost from {out:?}");
            assert!(out.contains(REDACTED), "{out:?}");
        }
    }

    /// What an escalation needs stays readable.
    const KEPT: &[&str] = &[
        "AADSTS50011: The redirect URI 'https://connect.example.com/__oauth__/integrations/callback' specified in the request does not match",
        "Request Id: 3f2c5a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f",
        "Correlation Id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        "Timestamp: 2026-11-30 12:34:56Z",
        "Error code: AADSTS700016",
        "invalid token: the signature is invalid",
        "WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"expired\"",
        "use basic authentication or Bearer tokens",
        "grant_type=authorization_code",
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=abc",
    ];

    #[test]
    fn error_codes_ids_and_urls_are_kept() {
        for text in KEPT {
            assert_eq!(redact(text), *text);
        }
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        for (input, _, _) in SHAPES {
            let once = redact(input);
            assert_eq!(redact(&once), once);
        }
    }
}
