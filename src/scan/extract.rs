//! Who and what an event mentions: users, integration GUIDs, content GUIDs and paths.
//!
//! Which fields Connect's lines carry is not confirmed (see `connect-logs.md`), so this reads
//! generically: `key=value` and `"key": "value"` fields whose key names a user, an integration
//! or content, GUIDs right after such a word or inside `/content/…` and `/integrations/…`
//! paths, and the `Content GUID: …` line Connect writes at the top of every job log.

use std::collections::BTreeSet;

/// Keys whose value names the person involved.
const USER_KEYS: &[&str] = &[
    "user",
    "username",
    "user_name",
    "user_guid",
    "viewer",
    "viewer_guid",
    "actor_description",
    "actor_guid",
    "email",
];
const INTEGRATION_KEYS: &[&str] = &["integration_guid", "oauth_integration_guid", "integration"];
const CONTENT_KEYS: &[&str] = &["content_guid", "app_guid", "content"];

/// What one event mentions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    pub users: BTreeSet<String>,
    pub integrations: BTreeSet<String>,
    pub content: BTreeSet<String>,
    pub paths: BTreeSet<String>,
}

/// The mentions in `text` (already redacted).
pub fn mentions(text: &str) -> Mentions {
    let mut m = Mentions::default();
    for key in USER_KEYS {
        m.users.extend(field_values(text, key));
    }
    for key in INTEGRATION_KEYS {
        m.integrations.extend(
            field_values(text, key)
                .into_iter()
                .filter(|v| is_guid_like(v)),
        );
    }
    for key in CONTENT_KEYS {
        m.content.extend(
            field_values(text, key)
                .into_iter()
                .filter(|v| is_guid_like(v)),
        );
    }
    m.integrations.extend(guids_after(text, "/integrations/"));
    m.integrations
        .extend(guids_after(text, "integration guid: "));
    m.content.extend(guids_after(text, "/content/"));
    m.content.extend(guids_after(text, "content guid: "));
    m.paths.extend(paths_under(text, "/content/"));
    m
}

/// The content GUID a job log announces at its top (`[rsc-session] Content GUID: …`).
pub fn announced_content(text: &str) -> Option<String> {
    guids_after(text, "content guid: ").into_iter().next()
}

/// Values of `key=value`, `key="value"`, `"key": "value"` and `"key":"value"`.
fn field_values(text: &str, key: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(key) {
        let start = from + found;
        let mut i = start + key.len();
        from = i;
        let boundary =
            start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        if !boundary {
            continue;
        }
        let quoted_key = start > 0 && bytes[start - 1] == b'"';
        if quoted_key {
            if bytes.get(i) != Some(&b'"') {
                continue;
            }
            i += 1;
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            if bytes.get(i) != Some(&b':') {
                continue;
            }
            i += 1;
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
        } else if bytes.get(i) == Some(&b'=') {
            i += 1;
        } else {
            continue;
        }
        let value = if bytes.get(i) == Some(&b'"') {
            let rest = &text[i + 1..];
            rest.find('"').map(|end| &rest[..end])
        } else {
            let rest = &text[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | '&' | '"'))
                .unwrap_or(rest.len());
            Some(&rest[..end])
        };
        if let Some(v) = value {
            let v = v.trim();
            if !v.is_empty() && v.len() <= 200 && v != "null" {
                out.push(crate::text::one_line(v));
            }
        }
    }
    out
}

fn is_guid_like(value: &str) -> bool {
    value.len() >= 8
        && value.len() <= 40
        && value.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// GUID-like tokens right after `marker` (case-insensitive).
fn guids_after(text: &str, marker: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(marker) {
        let start = from + found + marker.len();
        from = start;
        let token: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        if is_guid_like(&token) {
            out.push(token.to_ascii_lowercase());
        }
    }
    out
}

/// URL paths starting at `marker`, without their query string.
fn paths_under(text: &str, marker: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(marker) {
        let start = from + found;
        let rest = &text[start..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '?' | '#' | '"' | '\'' | ',' | ')' | '\\')
            })
            .unwrap_or(rest.len());
        from = start + end.max(1);
        let path = &rest[..end];
        if path.len() > marker.len() && path.len() <= 300 {
            out.push(crate::text::one_line(path));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_logfmt_and_json() {
        let m = mentions(
            r#"level=error msg=x user=alice content_guid=8f37d6e0-1111-2222-3333-444455556666 {"username": "bob", "integration_guid":"0a1b2c3d-aaaa-bbbb-cccc-ddddeeeeffff"}"#,
        );
        assert_eq!(m.users.iter().collect::<Vec<_>>(), ["alice", "bob"]);
        assert_eq!(
            m.content.iter().collect::<Vec<_>>(),
            ["8f37d6e0-1111-2222-3333-444455556666"]
        );
        assert_eq!(
            m.integrations.iter().collect::<Vec<_>>(),
            ["0a1b2c3d-aaaa-bbbb-cccc-ddddeeeeffff"]
        );
    }

    #[test]
    fn paths_and_announced_content() {
        let m = mentions("GET /content/04f24082-2396-484b-9839-f810891dce95/page?x=1 HTTP/1.1");
        assert_eq!(
            m.paths.iter().collect::<Vec<_>>(),
            ["/content/04f24082-2396-484b-9839-f810891dce95/page"]
        );
        assert_eq!(
            announced_content("[rsc-session] Content GUID: 04f24082-2396-484b-9839-f810891dce95"),
            Some("04f24082-2396-484b-9839-f810891dce95".to_string())
        );
    }

    #[test]
    fn words_that_merely_contain_a_key_are_not_fields() {
        let m = mentions("superuser=x the application 'b2b7e5a4-0c3e-4c62-9a35-9f1f3d2e1a11'");
        assert!(m.users.is_empty() && m.content.is_empty() && m.integrations.is_empty());
    }
}
