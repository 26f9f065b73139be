//! Token inspector: decode a JWT without verifying it and flag what matters for Connect.
//!
//! Nothing here sends the token anywhere, and the signature is never shown: it is the one part
//! that would let someone replay the token. Verifying it would need the provider's keys, which an
//! offline tool does not have, so everything read here is "what the token claims".

use std::fmt;

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use jiff::Timestamp;
use serde_json::{Map, Value};

use super::{AZURE_DATABRICKS_RESOURCE, FieldReport, Finding, MICROSOFT_GRAPH_RESOURCES, Severity};

/// Longer input than this is not a token (real ones are a few KB); refusing early keeps a pasted
/// log file from being decoded.
pub const MAX_TOKEN_BYTES: usize = crate::limits::TOKEN_BYTES;

/// Every fix id this module can put in a finding.
pub const FIX_IDS: &[&str] = &[
    "general/invalid-subject-token",
    "azure/jwt-signature-mismatch",
];

const EXPIRED_FIX: &str = "general/invalid-subject-token";
const WRONG_RESOURCE_FIX: &str = "azure/jwt-signature-mismatch";

/// Longest claim value shown; a claim can be arbitrarily long, a detail line should not be.
const MAX_VALUE_CHARS: usize = 300;

/// Scopes that a provider grants but never lists in an access token (Entra never echoes
/// `offline_access`), so their absence from `scp` proves nothing.
const UNLISTED_SCOPES: [&str; 4] = ["offline_access", "openid", "profile", "email"];

/// JWT segments are base64url without padding; some tools pad anyway, so accept both.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Which of the three dot-separated parts of a JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Payload,
    Signature,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Header => "the header (part 1)",
            Part::Payload => "the payload (part 2)",
            Part::Signature => "the signature (part 3)",
        })
    }
}

/// Input that is not a token at all (an opaque token is a token: it gets a report).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("no token given")]
    Empty,
    #[error(
        "the input is {len} bytes; tokens are at most {MAX_TOKEN_BYTES} bytes, so this is not one"
    )]
    TooLong { len: usize },
    #[error("the token has white space inside it (wrapped across lines, or two values pasted?)")]
    Whitespace,
    #[error("this is not a token: {0}")]
    NotAToken(String),
    #[error(
        "the token has 2 parts separated by '.', a JWT has 3 (header.payload.signature): the \
         signature is missing, so it was probably cut short"
    )]
    TwoParts,
    #[error(
        "the token has {0} parts separated by '.'; a JWT has 3 (header.payload.signature) and \
         an encrypted JWT 5"
    )]
    PartCount(usize),
    #[error("{0} is empty")]
    EmptyPart(Part),
    #[error("{part} is not base64url: {detail}")]
    Base64 { part: Part, detail: String },
    #[error("{part} decodes to something that is not JSON: {detail}")]
    Json { part: Part, detail: String },
    #[error("{part} is JSON but not an object (it is {kind})")]
    NotObject { part: Part, kind: &'static str },
}

/// [`inspect_expecting`] with no scopes expected.
pub fn inspect(token: &str, now: jiff::Timestamp) -> Result<FieldReport, TokenError> {
    inspect_expecting(token, now, &[])
}

/// Decodes `token` (a JWT, with or without a leading `Bearer `) as of `now`, and checks that each
/// of `expected_scopes` is granted.
pub fn inspect_expecting(
    token: &str,
    now: Timestamp,
    expected_scopes: &[String],
) -> Result<FieldReport, TokenError> {
    let token = normalise(token)?;
    let parts: Vec<&str> = token.split('.').collect();
    match parts.as_slice() {
        [single] => opaque(single),
        [_, _] => Err(TokenError::TwoParts),
        [header, payload, signature] => {
            let jwt = Jwt::decode(header, payload, signature)?;
            Ok(jwt.report(now, expected_scopes))
        }
        [_, _, _, _, _] => Ok(encrypted(token)),
        more => Err(TokenError::PartCount(more.len())),
    }
}

/// Trims, drops an `Authorization:` / `Bearer ` prefix, and refuses what cannot be a token.
fn normalise(input: &str) -> Result<&str, TokenError> {
    if input.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::TooLong { len: input.len() });
    }
    let mut token = input.trim();
    token = strip_word(token, "authorization:");
    token = strip_word(token, "bearer");
    if token.is_empty() {
        return Err(TokenError::Empty);
    }
    if token.chars().any(char::is_whitespace) {
        return Err(TokenError::Whitespace);
    }
    if let Some(bad) = token.chars().find(|c| !is_token_char(*c)) {
        return Err(TokenError::NotAToken(format!(
            "it contains '{}', which no token contains",
            bad.escape_debug()
        )));
    }
    Ok(token)
}

/// Drops `word` (any case) when it is the first white-space-separated word of `text`.
fn strip_word<'a>(text: &'a str, word: &str) -> &'a str {
    let (head, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    if head.eq_ignore_ascii_case(word) {
        rest.trim_start()
    } else {
        text
    }
}

/// Characters of base64, base64url, hex and the RFC 6750 `b64token` grammar.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/=".contains(c)
}

fn opaque(token: &str) -> Result<FieldReport, TokenError> {
    // A JWT header always starts `{"`, which base64-encodes to `eyJ`.
    if token.starts_with("eyJ") {
        return Err(TokenError::NotAToken(
            "it starts like a JWT header but has no '.' separators; it was probably cut short"
                .to_string(),
        ));
    }
    Ok(FieldReport {
        title: "Token inspection".to_string(),
        details: vec![
            ("Kind".to_string(), "opaque (not a JWT)".to_string()),
            ("Length".to_string(), format!("{} characters", token.len())),
        ],
        findings: vec![Finding::new(
            Severity::Problem,
            "not a JWT (opaque token): it cannot be decoded offline; only the provider that \
             issued it can say what it grants",
            None,
        )],
    })
}

fn encrypted(token: &str) -> FieldReport {
    FieldReport {
        title: "Token inspection".to_string(),
        details: vec![
            (
                "Kind".to_string(),
                "encrypted JWT (JWE, 5 parts)".to_string(),
            ),
            ("Length".to_string(), format!("{} characters", token.len())),
        ],
        findings: vec![Finding::new(
            Severity::Problem,
            "an encrypted JWT: only its intended recipient can read the claims, so it cannot be \
             decoded offline",
            None,
        )],
    }
}

/// A decoded JWT. The signature's text is deliberately not kept, only its length.
#[derive(Debug, Clone, PartialEq)]
struct Jwt {
    header: Map<String, Value>,
    claims: Map<String, Value>,
    signature_len: usize,
}

impl Jwt {
    fn decode(header: &str, payload: &str, signature: &str) -> Result<Jwt, TokenError> {
        let header = decode_object(Part::Header, header)?;
        let claims = decode_object(Part::Payload, payload)?;
        // `normalise` already allowed only token characters; base64url has no '+', '/' or '~'.
        if let Some(bad) = signature.chars().find(|c| "+/~.".contains(*c)) {
            return Err(TokenError::Base64 {
                part: Part::Signature,
                detail: format!("it contains '{bad}'"),
            });
        }
        Ok(Jwt {
            header,
            claims,
            signature_len: signature.len(),
        })
    }

    fn report(&self, now: Timestamp, expected_scopes: &[String]) -> FieldReport {
        let mut report = FieldReport {
            title: "Token inspection".to_string(),
            details: vec![(
                "Kind".to_string(),
                "JWT, decoded without verifying its signature".to_string(),
            )],
            findings: Vec::new(),
        };
        self.add_details(now, &mut report.details);
        self.check_times(now, &mut report.findings);
        self.check_audience(&mut report.findings);
        self.check_signature(&mut report.findings);
        for scope in expected_scopes {
            report.findings.push(self.check_scope(scope));
        }
        report
    }

    fn add_details(&self, now: Timestamp, details: &mut Vec<(String, String)>) {
        let header = [
            ("alg", "Algorithm (alg)"),
            ("typ", "Type (typ)"),
            ("kid", "Key id (kid)"),
        ];
        for (name, label) in header {
            if let Some(value) = self.header.get(name) {
                details.push((label.to_string(), claim_text(value)));
            }
        }
        for (name, label) in SHOWN_CLAIMS {
            if let Some(value) = self.claims.get(*name) {
                details.push((label.to_string(), claim_text(value)));
            }
        }
        for (name, label) in TIME_CLAIMS {
            if let Some(value) = self.claims.get(name) {
                details.push((label.to_string(), time_text(name, value, now)));
            }
        }
        let signature = if self.signature_len == 0 {
            "none (unsigned token)".to_string()
        } else {
            format!(
                "present ({} characters; not verified, not shown)",
                self.signature_len
            )
        };
        details.push(("Signature".to_string(), signature));
        let shown: Vec<&str> = SHOWN_CLAIMS
            .iter()
            .map(|(n, _)| *n)
            .chain(TIME_CLAIMS.iter().map(|(n, _)| *n))
            .collect();
        let others: Vec<&str> = self
            .claims
            .keys()
            .map(String::as_str)
            .filter(|k| !shown.contains(k))
            .collect();
        if !others.is_empty() {
            details.push(("Other claims".to_string(), truncate(&others.join(", "))));
        }
    }

    fn time(&self, name: &str) -> Option<Timestamp> {
        self.claims.get(name).and_then(numeric_date)
    }

    fn check_times(&self, now: Timestamp, findings: &mut Vec<Finding>) {
        match (self.claims.get("exp"), self.time("exp")) {
            (None, _) => findings.push(Finding::new(
                Severity::Info,
                "the token has no expiry (exp)",
                None,
            )),
            (Some(_), None) => findings.push(Finding::new(
                Severity::Warning,
                "exp is not a time (seconds since 1970), so no service can check the expiry",
                None,
            )),
            (Some(_), Some(exp)) if exp <= now => findings.push(Finding::new(
                Severity::Problem,
                format!(
                    "expired {} ago ({}); every service refuses it (for Connect's session token \
                     this is error 215)",
                    span_words(now.as_second() - exp.as_second()),
                    utc(exp)
                ),
                Some(EXPIRED_FIX),
            )),
            (Some(_), Some(exp)) => findings.push(Finding::new(
                Severity::Ok,
                format!(
                    "valid for {} more (until {})",
                    span_words(exp.as_second() - now.as_second()),
                    utc(exp)
                ),
                None,
            )),
        }
        if let Some(nbf) = self.time("nbf").filter(|nbf| *nbf > now) {
            findings.push(Finding::new(
                Severity::Problem,
                format!(
                    "not valid yet: it becomes valid in {} ({}); if it was just issued, a clock is \
                     wrong on this machine or the issuer",
                    span_words(nbf.as_second() - now.as_second()),
                    utc(nbf)
                ),
                Some(EXPIRED_FIX),
            ));
        }
    }

    fn audiences(&self) -> Vec<String> {
        match self.claims.get("aud") {
            Some(Value::String(aud)) => vec![aud.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    }

    fn check_audience(&self, findings: &mut Vec<Finding>) {
        let audiences = self.audiences();
        if audiences.iter().any(|aud| is_graph(aud)) {
            findings.push(Finding::new(
                Severity::Warning,
                format!(
                    "issued for Microsoft Graph (aud); if it was meant for another resource such \
                     as Azure Databricks ({AZURE_DATABRICKS_RESOURCE}), the integration's scopes \
                     ask for the wrong resource"
                ),
                Some(WRONG_RESOURCE_FIX),
            ));
        }
        if audiences
            .iter()
            .any(|aud| same_resource(aud, AZURE_DATABRICKS_RESOURCE))
        {
            findings.push(Finding::new(
                Severity::Ok,
                "issued for Azure Databricks (aud)",
                None,
            ));
        }
    }

    fn check_signature(&self, findings: &mut Vec<Finding>) {
        let alg_none = self
            .header
            .get("alg")
            .and_then(Value::as_str)
            .is_some_and(|a| a.eq_ignore_ascii_case("none"));
        if alg_none || self.signature_len == 0 {
            findings.push(Finding::new(
                Severity::Warning,
                "the token is unsigned (alg none or no signature); no service should accept it",
                None,
            ));
        }
    }

    fn is_entra(&self) -> bool {
        self.claims
            .get("iss")
            .and_then(Value::as_str)
            .is_some_and(|iss| {
                iss.contains("login.microsoftonline.com") || iss.contains("sts.windows.net")
            })
    }

    /// Every scope or role the token lists: `scp` (Entra: space-separated; Okta: an array),
    /// `scope` (Keycloak and others) and `roles` (application permissions).
    fn granted(&self) -> Vec<String> {
        ["scp", "scope", "roles"]
            .iter()
            .filter_map(|name| self.claims.get(*name))
            .flat_map(|value| match value {
                Value::String(text) => text.split_whitespace().map(str::to_string).collect(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
    }

    fn check_scope(&self, scope: &str) -> Finding {
        if UNLISTED_SCOPES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scope))
        {
            return Finding::new(
                Severity::Info,
                format!("{scope} is never listed in an access token, so it cannot be checked here"),
                None,
            );
        }
        let wrong_fix = self.is_entra().then_some(WRONG_RESOURCE_FIX);
        if let Some(resource) = scope.strip_suffix("/.default") {
            let audiences = self.audiences();
            if audiences.iter().any(|aud| same_resource(aud, resource)) {
                return Finding::new(
                    Severity::Ok,
                    format!("issued for {resource}, as {scope} asks"),
                    None,
                );
            }
            return Finding::new(
                Severity::Problem,
                format!(
                    "{scope} asks for a token for {resource}, but this one is for {}",
                    if audiences.is_empty() {
                        "no audience".to_string()
                    } else {
                        audiences.join(", ")
                    }
                ),
                wrong_fix,
            );
        }
        // Entra lists `https://graph.microsoft.com/User.Read` as plain `User.Read`.
        let short = scope.rsplit('/').next().unwrap_or(scope);
        let granted = self.granted();
        if granted
            .iter()
            .any(|g| g.eq_ignore_ascii_case(scope) || g.eq_ignore_ascii_case(short))
        {
            return Finding::new(Severity::Ok, format!("grants {scope}"), None);
        }
        let listed = if granted.is_empty() {
            "none".to_string()
        } else {
            granted.join(" ")
        };
        Finding::new(
            Severity::Problem,
            format!("does not grant {scope} (scopes and roles in the token: {listed})"),
            wrong_fix,
        )
    }
}

/// Claims shown as details, in display order, with their labels.
const SHOWN_CLAIMS: &[(&str, &str)] = &[
    ("iss", "Issuer (iss)"),
    ("aud", "Audience (aud)"),
    ("sub", "Subject (sub)"),
    ("oid", "Object id (oid)"),
    ("tid", "Tenant (tid)"),
    ("scp", "Scopes (scp)"),
    ("scope", "Scopes (scope)"),
    ("roles", "Roles (roles)"),
    ("appid", "App id (appid)"),
    ("azp", "Authorized party (azp)"),
];

const TIME_CLAIMS: [(&str, &str); 3] = [
    ("iat", "Issued (iat)"),
    ("nbf", "Not before (nbf)"),
    ("exp", "Expires (exp)"),
];

fn decode_object(part: Part, text: &str) -> Result<Map<String, Value>, TokenError> {
    if text.is_empty() {
        return Err(TokenError::EmptyPart(part));
    }
    let bytes = BASE64URL.decode(text).map_err(|e| TokenError::Base64 {
        part,
        detail: e.to_string(),
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| TokenError::Json {
        part,
        detail: e.to_string(),
    })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(TokenError::NotObject {
            part,
            kind: json_kind(&other),
        }),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JWT NumericDate: seconds since 1970, possibly fractional.
fn numeric_date(value: &Value) -> Option<Timestamp> {
    let seconds = match value.as_i64() {
        Some(s) => s,
        None => value
            .as_f64()
            .filter(|f| f.is_finite())
            // Float casts saturate; `from_second` rejects what is out of range.
            .map(|f| {
                #[expect(clippy::cast_possible_truncation, reason = "saturating, range-checked")]
                let whole = f.floor() as i64;
                whole
            })?,
    };
    Timestamp::from_second(seconds).ok()
}

fn time_text(name: &str, value: &Value, now: Timestamp) -> String {
    let Some(at) = numeric_date(value) else {
        return format!("{} (not a time)", claim_text(value));
    };
    let delta = at.as_second() - now.as_second();
    let relative = match (name, delta <= 0) {
        ("exp", true) => format!("expired {} ago", span_words(-delta)),
        ("exp", false) => format!("valid for {} more", span_words(delta)),
        ("nbf", false) => format!("not valid for another {}", span_words(delta)),
        (_, true) => format!("{} ago", span_words(-delta)),
        (_, false) => format!("in {}, in the future", span_words(delta)),
    };
    format!("{} ({relative})", utc(at))
}

fn utc(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// A rough, readable length of time: "40 s", "52 min", "3 h 5 min", "12 h", "4 days".
fn span_words(seconds: i64) -> String {
    let seconds = seconds.unsigned_abs();
    let (minutes, hours, days) = (seconds / 60, seconds / 3600, seconds / 86_400);
    if seconds < 60 {
        format!("{seconds} s")
    } else if minutes < 60 {
        format!("{minutes} min")
    } else if hours < 10 && minutes % 60 != 0 {
        format!("{hours} h {} min", minutes % 60)
    } else if hours < 48 {
        format!("{hours} h")
    } else {
        format!("{days} days")
    }
}

fn claim_text(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_string)
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    truncate(&text)
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn is_graph(resource: &str) -> bool {
    let resource = resource.trim_end_matches('/');
    MICROSOFT_GRAPH_RESOURCES
        .iter()
        .any(|graph| resource.eq_ignore_ascii_case(graph))
}

/// Resource ids compare without case or a trailing slash (`https://graph.microsoft.com/`), and
/// Microsoft Graph's GUID and URL name the same resource.
fn same_resource(a: &str, b: &str) -> bool {
    (is_graph(a) && is_graph(b))
        || a.trim_end_matches('/')
            .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    const NOW: i64 = 1_750_000_000;

    fn now() -> Timestamp {
        Timestamp::from_second(NOW).expect("test time is valid")
    }

    fn encode(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    fn jwt(payload: Value) -> String {
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": "k1"});
        format!(
            "{}.{}.ZmFrZS1zaWduYXR1cmU",
            encode(&header),
            encode(&payload)
        )
    }

    fn report(payload: Value) -> FieldReport {
        inspect(&jwt(payload), now()).expect("a well-formed JWT decodes")
    }

    fn detail<'a>(report: &'a FieldReport, label: &str) -> Option<&'a str> {
        report
            .details
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
    }

    fn has(report: &FieldReport, severity: Severity, fix: Option<&str>) -> bool {
        report
            .findings
            .iter()
            .any(|f| f.severity == severity && f.fix.as_deref() == fix)
    }

    #[test]
    fn reads_the_claims_that_matter() {
        let r = report(json!({
            "iss": "https://login.microsoftonline.com/t1/v2.0", "aud": "api://x", "sub": "s1",
            "oid": "o1", "tid": "t1", "scp": "User.Read Files.Read", "appid": "a1",
            "iat": NOW - 600, "nbf": NOW - 600, "exp": NOW + 52 * 60, "name": "Jo",
        }));
        assert_eq!(detail(&r, "Tenant (tid)"), Some("t1"));
        assert_eq!(detail(&r, "Scopes (scp)"), Some("User.Read Files.Read"));
        assert_eq!(detail(&r, "Algorithm (alg)"), Some("RS256"));
        assert_eq!(detail(&r, "Other claims"), Some("name"));
        let exp = detail(&r, "Expires (exp)").expect("exp shown");
        assert!(
            exp.contains("valid for 52 min more") && exp.ends_with("UTC (valid for 52 min more)"),
            "{exp}"
        );
        assert!(!r.has_problem());
        let signature = detail(&r, "Signature").expect("signature line");
        assert!(
            !signature.contains("ZmFrZS"),
            "the signature is never shown"
        );
    }

    #[test]
    fn flags_times_audiences_and_scopes() {
        let graph = "00000003-0000-0000-c000-000000000000";
        let cases: Vec<(&str, Value, Severity, Option<&str>)> = vec![
            (
                "expired",
                json!({"exp": NOW - 3 * 3600}),
                Severity::Problem,
                Some(EXPIRED_FIX),
            ),
            (
                "not yet valid",
                json!({"nbf": NOW + 600, "exp": NOW + 3600}),
                Severity::Problem,
                Some(EXPIRED_FIX),
            ),
            (
                "graph guid",
                json!({"aud": graph, "exp": NOW + 60}),
                Severity::Warning,
                Some(WRONG_RESOURCE_FIX),
            ),
            (
                "graph url",
                json!({"aud": "https://graph.microsoft.com/", "exp": NOW + 60}),
                Severity::Warning,
                Some(WRONG_RESOURCE_FIX),
            ),
            (
                "databricks",
                json!({"aud": AZURE_DATABRICKS_RESOURCE, "exp": NOW + 60}),
                Severity::Ok,
                None,
            ),
            ("no exp", json!({"sub": "x"}), Severity::Info, None),
            (
                "exp not a time",
                json!({"exp": "tomorrow"}),
                Severity::Warning,
                None,
            ),
        ];
        for (name, payload, severity, fix) in cases {
            let r = report(payload);
            assert!(has(&r, severity, fix), "{name}: {:?}", r.findings);
        }
        let expired = report(json!({"exp": NOW - 3 * 3600}));
        assert!(
            expired.findings[0].message.starts_with("expired 3 h ago"),
            "{:?}",
            expired.findings
        );
        let databricks = report(json!({"aud": AZURE_DATABRICKS_RESOURCE, "exp": NOW + 60}));
        assert!(!has(
            &databricks,
            Severity::Warning,
            Some(WRONG_RESOURCE_FIX)
        ));
    }

    #[test]
    fn checks_expected_scopes() {
        let token = jwt(json!({
            "iss": "https://sts.windows.net/t1/", "aud": "00000003-0000-0000-c000-000000000000",
            "scp": "User.Read", "exp": NOW + 3600,
        }));
        let expect = |scope: &str| {
            let r = inspect_expecting(&token, now(), &[scope.to_string()]).expect("decodes");
            r.findings
                .last()
                .cloned()
                .expect("a finding per expected scope")
        };
        assert_eq!(expect("User.Read").severity, Severity::Ok);
        assert_eq!(
            expect("https://graph.microsoft.com/User.Read").severity,
            Severity::Ok
        );
        let missing = expect("Files.Read");
        assert_eq!(
            (missing.severity, missing.fix.as_deref()),
            (Severity::Problem, Some(WRONG_RESOURCE_FIX))
        );
        let databricks = expect(&format!("{AZURE_DATABRICKS_RESOURCE}/.default"));
        assert_eq!(databricks.severity, Severity::Problem);
        assert_eq!(
            expect("https://graph.microsoft.com/.default").severity,
            Severity::Ok
        );
        // Entra never lists offline_access in a token, so its absence is not a finding.
        assert_eq!(expect("offline_access").severity, Severity::Info);
    }

    #[test]
    fn accepts_bearer_padding_and_white_space() {
        let token = jwt(json!({"exp": NOW + 60}));
        let padded_header = base64::engine::general_purpose::URL_SAFE.encode(r#"{"typ":"JWT"}"#);
        assert!(
            padded_header.ends_with('='),
            "the test needs a padded header"
        );
        let padded = format!(
            "{padded_header}.{}",
            token.split_once('.').map_or("", |(_, rest)| rest)
        );
        for input in [
            format!("  Bearer {token}\n"),
            format!("Authorization: Bearer {token}"),
            padded,
        ] {
            assert!(inspect(&input, now()).is_ok(), "{input}");
        }
    }

    #[test]
    fn opaque_and_encrypted_tokens_are_reported_not_rejected() {
        for token in ["2YotnFZFEjr1zCsicMWpAA", "a.b.c.d.e"] {
            let r = inspect(token, now()).expect("a report");
            assert!(r.has_problem(), "{token}");
        }
        let opaque = inspect("2YotnFZFEjr1zCsicMWpAA", now()).expect("a report");
        assert!(
            opaque.findings[0]
                .message
                .starts_with("not a JWT (opaque token)")
        );
    }

    #[test]
    fn malformed_input_names_the_bad_part() {
        let header = encode(&json!({"alg": "RS256"}));
        let payload = encode(&json!({"exp": NOW}));
        let cases: Vec<(String, TokenError)> = vec![
            (String::new(), TokenError::Empty),
            ("Bearer ".to_string(), TokenError::Empty),
            (format!("{header}.{payload}"), TokenError::TwoParts),
            ("a.b.c.d".to_string(), TokenError::PartCount(4)),
            (
                format!(".{payload}.sig"),
                TokenError::EmptyPart(Part::Header),
            ),
            (format!("{header}.{payload} .sig"), TokenError::Whitespace),
            (
                format!("{header}.{}.sig", encode(&json!([1, 2]))),
                TokenError::NotObject {
                    part: Part::Payload,
                    kind: "an array",
                },
            ),
            (
                format!("{header}.{payload}.si+g"),
                TokenError::Base64 {
                    part: Part::Signature,
                    detail: "it contains '+'".into(),
                },
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(inspect(&input, now()), Err(expected), "{input:?}");
        }
        let bad_base64 = inspect(&format!("{header}.@@@.sig"), now());
        assert!(
            matches!(bad_base64, Err(TokenError::NotAToken(_))),
            "{bad_base64:?}"
        );
        let bad_payload = inspect(&format!("{header}.abcde.sig"), now());
        assert!(
            matches!(
                bad_payload,
                Err(TokenError::Base64 {
                    part: Part::Payload,
                    ..
                })
            ),
            "{bad_payload:?}"
        );
        let not_json = inspect(
            &format!("{}.{payload}.sig", URL_SAFE_NO_PAD.encode("hello")),
            now(),
        );
        assert!(
            matches!(
                not_json,
                Err(TokenError::Json {
                    part: Part::Header,
                    ..
                })
            ),
            "{not_json:?}"
        );
        assert!(matches!(
            inspect("{not a token}", now()),
            Err(TokenError::Whitespace)
        ));
        assert!(matches!(
            inspect("<token>", now()),
            Err(TokenError::NotAToken(_))
        ));
        assert!(matches!(
            inspect("eyJhbGciOiJSUzI1NiJ9", now()),
            Err(TokenError::NotAToken(_))
        ));
    }

    #[test]
    fn one_megabyte_is_refused_quickly() {
        let huge = "a".repeat(1 << 20);
        let started = std::time::Instant::now();
        assert_eq!(
            inspect(&huge, now()),
            Err(TokenError::TooLong { len: 1 << 20 })
        );
        let three_parts = format!("{}.{}.{}", "e".repeat(1 << 19), "e".repeat(1 << 19), "e");
        assert!(matches!(
            inspect(&three_parts, now()),
            Err(TokenError::TooLong { .. })
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn spans_read_naturally() {
        let cases = [
            (40, "40 s"),
            (52 * 60, "52 min"),
            (3 * 3600, "3 h"),
            (3 * 3600 + 300, "3 h 5 min"),
            (30 * 3600, "30 h"),
            (5 * 86_400, "5 days"),
        ];
        for (seconds, words) in cases {
            assert_eq!(span_words(seconds), words);
            assert_eq!(span_words(-seconds), words);
        }
    }
}
