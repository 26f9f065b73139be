//! The walk as Markdown, for tickets: where it started, what was answered, which fixes were
//! shown or tried, the values shown or copied, and how it ended.
//!
//! Pure data in, text out: the caller supplies the time, so the output is testable. Tokens never
//! get here (the field tools do not log), and pasted errors pass through [`crate::redact`]
//! before they are stored, shown or cut.
//!
//! Files go to one documented directory ([`crate::config::transcript_dir`]): written whole to a
//! temporary file there (mode 0600), then linked to a name no other transcript has, so a full
//! disk never leaves half a transcript and two exports in the same second never collide.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Everything the transcript says, gathered by the caller (TUI or `--plain`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transcript {
    pub server: Option<String>,
    pub provider: Option<String>,
    /// The pasted error the walk started from, whole and already redacted.
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
            let fence = fence_for(error);
            let _ = writeln!(out, "\n## Pasted error\n\n{fence}text\n{error}\n{fence}");
            let ids = ids_in(error);
            if !ids.is_empty() {
                let _ = writeln!(
                    out,
                    "\nIdentifiers in the paste (for the provider's support):\n"
                );
                for (label, value) in ids {
                    let _ = writeln!(out, "- {label}: `{value}`");
                }
            }
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

/// A code fence longer than any run of backticks in `text`, so the text cannot close it.
fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat(longest.max(2) + 1)
}

/// Labels of the identifiers a provider's support asks for, as services print them.
const ID_LABELS: &[&str] = &[
    "Request Id",
    "Correlation Id",
    "Trace Id",
    "Timestamp",
    "Error Id",
];

/// Longest identifier value kept.
const ID_MAX_CHARS: usize = 80;

/// `Request Id: …`, `Correlation ID: …`, `Timestamp: …` found in the paste, in label order.
/// The value runs to the end of its line or to the next label (Microsoft's page puts them on one
/// line when copied from some browsers).
pub fn ids_in(text: &str) -> Vec<(&'static str, String)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for label in ID_LABELS {
        let Some(at) = lower.find(&label.to_ascii_lowercase()) else {
            continue;
        };
        let rest = &text[at + label.len()..];
        let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        let line = rest.lines().next().unwrap_or("");
        let line_lower = line.to_ascii_lowercase();
        let end = ID_LABELS
            .iter()
            .filter_map(|l| line_lower.find(&l.to_ascii_lowercase()))
            .min()
            .unwrap_or(line.len());
        let value: String = line[..end].trim().chars().take(ID_MAX_CHARS).collect();
        if !value.is_empty() {
            found.push((*label, value));
        }
    }
    found
}

/// `oauth-triage-20250102-030405.md` for a timestamp formatted `20250102-030405`; the `n`th
/// name tried for that second gets `-n` (from 2).
pub fn file_name(stamp: &str, n: u32) -> String {
    if n <= 1 {
        format!("oauth-triage-{stamp}.md")
    } else {
        format!("oauth-triage-{stamp}-{n}.md")
    }
}

/// How many names one second may take before giving up (a loop would hide a real problem).
const MAX_NAMES_PER_STAMP: u32 = 1000;

/// Writes `markdown` into `dir` (created, mode 0700, if missing) as a new file named for
/// `stamp`. Nothing is ever overwritten and nothing goes elsewhere: the error says what failed
/// and where. Returns the path written.
pub fn write(markdown: &str, dir: &Path, stamp: &str) -> std::io::Result<PathBuf> {
    let context = |what: &str, path: &Path, e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
    };
    create_private_dir(dir).map_err(|e| context("cannot create", dir, e))?;
    let temp = dir.join(format!(".oauth-triage-{stamp}-{}.tmp", std::process::id()));
    write_private(&temp, markdown).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        context("cannot write", &temp, e)
    })?;
    let result = link_to_free_name(&temp, dir, stamp);
    let _ = std::fs::remove_file(&temp);
    result
}

/// Gives the finished temporary file its first free name. `hard_link` fails when the name
/// exists, so two writers can never take the same one.
fn link_to_free_name(temp: &Path, dir: &Path, stamp: &str) -> std::io::Result<PathBuf> {
    for n in 1..=MAX_NAMES_PER_STAMP {
        let path = dir.join(file_name(stamp, n));
        match std::fs::hard_link(temp, &path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("cannot create {}: {e}", path.display()),
                ));
            }
        }
    }
    Err(std::io::Error::other(format!(
        "{} transcripts already carry the time {stamp} in {}",
        MAX_NAMES_PER_STAMP,
        dir.display()
    )))
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// A new file (never an existing one, never through a symlink), readable by its owner only:
/// a transcript can name customers' hosts and client ids.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_error_is_kept_fenced_with_its_ids_listed() {
        let error = "AADSTS50011: The redirect URI does not match.\n\nRequest Id: 3f2c5a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f\nCorrelation Id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\nTimestamp: 2026-11-30 12:34:56Z\n```";
        let t = Transcript {
            pasted_error: Some(error.into()),
            ..Transcript::default()
        };
        let md = t.to_markdown("T");
        assert!(md.contains(&format!("````text\n{error}\n````")), "{md}");
        for line in [
            "- Request Id: `3f2c5a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f`",
            "- Correlation Id: `9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`",
            "- Timestamp: `2026-11-30 12:34:56Z`",
        ] {
            assert!(md.contains(line), "missing {line:?} in\n{md}");
        }
    }

    #[test]
    fn ids_on_one_line_are_split_at_the_next_label() {
        let ids = ids_in("Request Id: abc Correlation Id: def Timestamp: 2026-01-01T00:00:00Z");
        assert_eq!(
            ids,
            vec![
                ("Request Id", "abc".to_string()),
                ("Correlation Id", "def".to_string()),
                ("Timestamp", "2026-01-01T00:00:00Z".to_string()),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private_new_and_never_collide() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("state/transcripts");
        let first = write("one", &target, "20260101-000000").unwrap();
        let second = write("two", &target, "20260101-000000").unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "two");
        let mode = std::fs::metadata(&first).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // Only the two transcripts: no temporary file left behind.
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 2);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_write_says_why_and_leaves_nothing() {
        // A directory that cannot be created (its parent is a file): the error names it.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let e = write("x", &file.join("sub"), "s").unwrap_err();
        assert!(e.to_string().contains("cannot create"), "{e}");
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
