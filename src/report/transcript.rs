//! The walk as Markdown, for tickets: where it started, what was answered, which fixes were
//! shown or tried, the values shown or copied, and how it ended.
//!
//! Pure data in, text out: the caller supplies the time, so the output is testable. Tokens never
//! get here (the field tools do not log), and pasted errors pass through [`redact_secrets`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Everything the transcript says, gathered by the caller (TUI or `--plain`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    pub server: Option<String>,
    pub provider: Option<String>,
    /// The pasted error the walk started from (already redacted).
    pub pasted_error: Option<String>,
    /// What `scan` read and found, when the walk started from its findings (redacted).
    pub scanned: Option<String>,
    pub steps: Vec<Step>,
    pub values: Vec<Value>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A question and the answer chosen (the first one is the symptom).
    Answered { question: String, answer: String },
    /// A fix that was shown; `tried` when the person said it did not help.
    Fix {
        id: String,
        title: String,
        cause: String,
        steps: Vec<String>,
        tried: bool,
    },
}

/// A value shown on screen, and whether it was copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub label: String,
    pub text: String,
    pub copied: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Outcome {
    /// The walk had not ended when the transcript was written.
    #[default]
    Open,
    Resolved,
    /// Nothing more to try; what to collect before escalating.
    Escalate(Vec<String>),
}

impl Transcript {
    /// `when` is printed as given (the caller formats the time).
    pub fn to_markdown(&self, when: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# oauth-triage transcript\n");
        let _ = writeln!(out, "- Time: {when}");
        let _ = writeln!(
            out,
            "- Connect server: {}",
            self.server
                .as_deref()
                .map_or("not set".into(), |s| format!("`{s}`"))
        );
        let _ = writeln!(
            out,
            "- Provider: {}",
            self.provider.as_deref().unwrap_or("none chosen")
        );
        if let Some(error) = &self.pasted_error {
            let _ = writeln!(out, "\n## Pasted error\n\n```text\n{error}\n```");
        }
        if let Some(scanned) = &self.scanned {
            let _ = writeln!(out, "\n## Scanned logs\n\n```text\n{scanned}\n```");
        }
        let symptom = self.steps.iter().find_map(|s| match s {
            Step::Answered { answer, .. } => Some(answer.as_str()),
            Step::Fix { .. } => None,
        });
        if let Some(symptom) = symptom {
            let _ = writeln!(out, "\n## Symptom\n\n{symptom}");
        }
        if !self.steps.is_empty() {
            let _ = writeln!(out, "\n## Walk\n");
            for (n, step) in self.steps.iter().enumerate() {
                match step {
                    Step::Answered { question, answer } => {
                        let _ = writeln!(out, "{}. {question} — **{answer}**", n + 1);
                    }
                    Step::Fix {
                        id, title, tried, ..
                    } => {
                        let verdict = if *tried { " — did not fix it" } else { "" };
                        let _ = writeln!(out, "{}. Fix: {title} (`{id}`){verdict}", n + 1);
                    }
                }
            }
        }
        for step in &self.steps {
            if let Step::Fix {
                id,
                title,
                cause,
                steps,
                ..
            } = step
            {
                let _ = writeln!(out, "\n## Fix: {title}\n\n`{id}`\n\n**Cause.** {cause}\n");
                for (i, s) in steps.iter().enumerate() {
                    let _ = writeln!(out, "{}. {s}", i + 1);
                }
            }
        }
        if !self.values.is_empty() {
            let _ = writeln!(out, "\n## Values shown\n");
            for value in &self.values {
                let copied = if value.copied { " (copied)" } else { "" };
                let _ = writeln!(
                    out,
                    "- {}{copied}:\n\n  ```\n  {}\n  ```",
                    value.label,
                    value.text.replace('\n', "\n  ")
                );
            }
        }
        let _ = writeln!(out, "\n## Outcome\n");
        match &self.outcome {
            Outcome::Open => {
                let _ = writeln!(out, "Not concluded yet.");
            }
            Outcome::Resolved => {
                let _ = writeln!(out, "Resolved: the customer confirmed the fix worked.");
            }
            Outcome::Escalate(items) => {
                let _ = writeln!(
                    out,
                    "Not fixed by any known cause. Collect before escalating:\n"
                );
                for item in items {
                    let _ = writeln!(out, "- [ ] {item}");
                }
            }
        }
        out
    }
}

/// `oauth-triage-20250102-030405.md` for a timestamp formatted `20250102-030405`.
pub fn file_name(stamp: &str) -> String {
    format!("oauth-triage-{stamp}.md")
}

/// Writes `markdown` to `file_name` in the current directory, or in the temp directory when the
/// current one is not writable. Returns the path written.
pub fn write(markdown: &str, file_name: &str) -> std::io::Result<PathBuf> {
    let here = std::env::current_dir().map(|d| d.join(file_name));
    match here {
        Ok(path) if try_write(&path, markdown).is_ok() => Ok(path),
        _ => {
            let path = std::env::temp_dir().join(file_name);
            try_write(&path, markdown)?;
            Ok(path)
        }
    }
}

fn try_write(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    // create_new: never overwrite someone's file with the same name.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// Replaces what looks like a credential (JWTs, long opaque strings, `secret=…` values) with
/// `[redacted]`, so a pasted error can go into a ticket.
pub fn redact_secrets(text: &str) -> String {
    let mut out = Vec::new();
    for word in text.split(' ') {
        out.push(if looks_secret(word) {
            "[redacted]".to_string()
        } else {
            word.to_string()
        });
    }
    out.join(" ")
}

fn looks_secret(word: &str) -> bool {
    let word = word.trim_matches(|c: char| "'\",;()[]{}<>".contains(c));
    let value = word.split_once('=').map_or(word, |(_, v)| v);
    let is_key = word.split_once('=').is_some_and(|(k, _)| {
        let k = k.to_ascii_lowercase();
        ["secret", "token", "password", "assertion", "code"]
            .iter()
            .any(|s| k.ends_with(s))
    });
    let jwt = value.starts_with("eyJ") && value.matches('.').count() >= 2;
    let opaque = value.len() >= 32
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~+/=".contains(c))
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_alphabetic())
        && !value.contains("//");
    jwt || opaque || (is_key && !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_tokens_but_not_words_or_urls() {
        let text = "AADSTS50011: bad token eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl at https://connect.example.com/__oauth__/integrations/callback client_secret=abc";
        let red = redact_secrets(text);
        assert!(!red.contains("eyJ"), "{red}");
        assert!(!red.contains("abc"), "{red}");
        assert!(red.contains("AADSTS50011:"));
        assert!(red.contains("https://connect.example.com/__oauth__/integrations/callback"));
    }

    #[test]
    fn markdown_names_the_walk_and_outcome() {
        let t = Transcript {
            server: Some("https://connect.example.com".into()),
            provider: Some("Azure (Microsoft Entra ID)".into()),
            pasted_error: None,
            scanned: None,
            steps: vec![
                Step::Answered {
                    question: "What do you see?".into(),
                    answer: "AADSTS50011".into(),
                },
                Step::Fix {
                    id: "azure/x".into(),
                    title: "T".into(),
                    cause: "C".into(),
                    steps: vec!["s1".into()],
                    tried: true,
                },
            ],
            values: vec![Value {
                label: "Redirect URI".into(),
                text: "https://c/cb".into(),
                copied: true,
            }],
            outcome: Outcome::Escalate(vec!["the sign-in log".into()]),
        };
        let md = t.to_markdown("2025-01-02 03:04:05");
        for expected in [
            "Time: 2025-01-02 03:04:05",
            "`https://connect.example.com`",
            "## Symptom\n\nAADSTS50011",
            "did not fix it",
            "(copied)",
            "- [ ] the sign-in log",
            "1. s1",
        ] {
            assert!(md.contains(expected), "missing {expected:?} in\n{md}");
        }
    }
}
