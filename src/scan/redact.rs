//! Secrets out of excerpts before anything is printed or written.
//!
//! Stand-in until the shared redaction function (branch `hostile`) lands: everything `scan`
//! shows passes through [`redact`] alone, so swapping it is a one-line change.
//!
//! Covered: `Authorization: Bearer …` / `Key …` values, JWTs anywhere (`eyJ….eyJ….…`), and the
//! values of secret-bearing keys (`client_secret`, `access_token`, `refresh_token`, `id_token`,
//! `subject_token`, `client_assertion`, `password`, `api_key`, `code_verifier`) in query
//! strings, `key=value` log fields and JSON (`"key": "value"`). Error prose that merely names a
//! key ("Invalid subject_token") is left alone: only a value after `=` or `:` is cut.

/// What a secret is replaced with.
pub const MARK: &str = "[REDACTED]";

/// Keys whose values are secrets wherever they appear as `key=value` or `"key": "value"`.
const SECRET_KEYS: &[&str] = &[
    "client_secret",
    "access_token",
    "refresh_token",
    "id_token",
    "subject_token",
    "client_assertion",
    "password",
    "api_key",
    "apikey",
    "code_verifier",
];

/// Words after which the next word is a credential (`Bearer abc`, `Authorization: Key abc`).
const SCHEMES: &[&str] = &["bearer", "key", "basic", "token"];

/// `text` with every secret replaced by [`MARK`].
pub fn redact(text: &str) -> String {
    let text = redact_jwts(text);
    let text = redact_key_values(&text);
    redact_schemes(&text)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'+' | b'/' | b'=')
}

/// Three base64url segments starting `eyJ` (a JSON header): cut whole.
fn redact_jwts(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(found) = text[i..].find("eyJ") {
        let start = i + found;
        let boundary_before = start == 0
            || !(bytes[start - 1].is_ascii_alphanumeric()
                || matches!(bytes[start - 1], b'-' | b'_' | b'.'));
        let mut end = start;
        let mut dots = 0;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'-' | b'_' | b'.'))
        {
            if bytes[end] == b'.' {
                dots += 1;
            }
            end += 1;
        }
        if boundary_before && dots >= 2 && end - start >= 20 {
            out.push_str(&text[copied..start]);
            out.push_str(MARK);
            copied = end;
        }
        i = end.max(start + 3);
    }
    out.push_str(&text[copied..]);
    out
}

/// `key=value`, `key: value`, `"key": "value"`, `key%3Dvalue` for every secret key.
fn redact_key_values(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    // (start, end) of each value to cut, collected first so overlapping keys do not clash.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for key in SECRET_KEYS {
        let mut from = 0;
        while let Some(found) = lower[from..].find(key) {
            let key_start = from + found;
            let key_end = key_start + key.len();
            from = key_end;
            let before_ok = key_start == 0 || !bytes[key_start - 1].is_ascii_alphanumeric();
            if !before_ok {
                continue;
            }
            if let Some(value) = value_after(text, key_end) {
                cuts.push(value);
            }
        }
    }
    apply_cuts(text, cuts)
}

/// The span of the value that follows a key ending at `at`, if a separator follows the key.
fn value_after(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = at;
    // A closing quote of a JSON or logfmt key, possibly escaped (`\"`).
    while i < bytes.len() && matches!(bytes[i], b'"' | b'\'' | b'\\') {
        i += 1;
    }
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    if text[i..].starts_with("%3D") || text[i..].starts_with("%3d") {
        i += 3;
    } else if i < bytes.len() && matches!(bytes[i], b'=' | b':') {
        i += 1;
    } else {
        return None;
    }
    while i < bytes.len() && matches!(bytes[i], b' ' | b'"' | b'\'' | b'\\') {
        i += 1;
    }
    let start = i;
    while i < bytes.len() && is_token_byte(bytes[i]) || i < bytes.len() && bytes[i] == b'%' {
        i += 1;
    }
    // `null`, `true`, empty: nothing secret to hide.
    let value = &text[start..i];
    if value.is_empty() || value == "null" || value == MARK {
        return None;
    }
    Some((start, i))
}

/// `Bearer <credential>` and `Authorization: Key <credential>`.
fn redact_schemes(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut cuts = Vec::new();
    for scheme in SCHEMES {
        let mut from = 0;
        while let Some(found) = lower[from..].find(scheme) {
            let start = from + found;
            let end = start + scheme.len();
            from = end;
            let word_start = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            if !word_start || end >= bytes.len() || bytes[end] != b' ' {
                continue;
            }
            // `key` and `token` are ordinary words; they count only after `Authorization:`.
            if matches!(*scheme, "key" | "token" | "basic")
                && !lower[..start].trim_end().ends_with("authorization:")
            {
                continue;
            }
            let value_start = end + 1;
            let mut value_end = value_start;
            while value_end < bytes.len() && is_token_byte(bytes[value_end]) {
                value_end += 1;
            }
            // A credential is long and not a word of prose ("Bearer token required").
            let value = &text[value_start..value_end];
            let looks_secret = value.len() >= 12 || value.bytes().any(|b| b.is_ascii_digit());
            if looks_secret && value != MARK {
                cuts.push((value_start, value_end));
            }
        }
    }
    apply_cuts(text, cuts)
}

fn apply_cuts(text: &str, mut cuts: Vec<(usize, usize)>) -> String {
    if cuts.is_empty() {
        return text.to_string();
    }
    cuts.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end) in cuts {
        if start < copied {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(MARK);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZw";

    #[test]
    fn bearer_and_key_headers() {
        let r = redact("Authorization: Bearer abc123def456ghi789 and more");
        assert_eq!(r, "Authorization: Bearer [REDACTED] and more");
        let r = redact("Authorization: Key 0123456789abcdef");
        assert_eq!(r, "Authorization: Key [REDACTED]");
        assert_eq!(
            redact("a Bearer token is required"),
            "a Bearer token is required"
        );
    }

    #[test]
    fn jwts_anywhere() {
        let r = redact(&format!("token={JWT}&x=1 and \"{JWT}\""));
        assert!(!r.contains("eyJ"), "{r}");
    }

    #[test]
    fn secret_keys_in_queries_fields_and_json() {
        let r = redact("POST /token?client_id=abc&client_secret=s3cr3t~value&grant_type=x");
        assert_eq!(
            r,
            "POST /token?client_id=abc&client_secret=[REDACTED]&grant_type=x"
        );
        let r = redact(r#"{"access_token": "ya29.a0AfB", "refresh_token":"1//0gXyz", "n": 1}"#);
        assert_eq!(
            r,
            r#"{"access_token": "[REDACTED]", "refresh_token":"[REDACTED]", "n": 1}"#
        );
        let r = redact(r#"msg="body {\"access_token\":\"abcdef\"}""#);
        assert!(!r.contains("abcdef"), "{r}");
        let r = redact("client_secret%3Dsupersecret%26x");
        assert!(!r.contains("supersecret"), "{r}");
    }

    #[test]
    fn error_prose_naming_a_key_survives() {
        let text = "Connect API Error 215: Invalid subject_token";
        assert_eq!(redact(text), text);
        let text = "Are you missing the offline_access scope? No refresh token found";
        assert_eq!(redact(text), text);
    }
}
