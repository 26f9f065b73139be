//! Diagnosed events → findings per fix, plus the "unrecognised" group, plus what was read.

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;

use super::extract::Mentions;
use crate::kb::FixIdx;

/// Most distinct values kept per list (users, GUIDs …); the count beyond is still reported.
pub const MAX_LISTED: usize = 50;
/// Most lines of an example excerpt, and most bytes.
pub const EXCERPT_MAX_LINES: usize = 12;
pub const EXCERPT_MAX_BYTES: usize = 2000;
/// Most unrecognised groups listed.
pub const MAX_UNRECOGNISED: usize = 50;

/// Where an excerpt comes from, and its (redacted, cleaned) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub input: usize,
    pub line: u64,
    pub text: String,
}

/// A capped set of distinct values that still counts everything it was offered.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    pub values: BTreeSet<String>,
    /// Distinct values not kept because the list was full.
    pub more: usize,
    overflow: BTreeSet<u64>,
}

impl Listed {
    fn add(&mut self, value: String) {
        if self.values.contains(&value) {
            return;
        }
        if self.values.len() < MAX_LISTED {
            self.values.insert(value);
        } else {
            // Remember only a hash of the rest, so a million users cost a million u64s at most.
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            value.hash(&mut h);
            if self.overflow.insert(h.finish()) {
                self.more += 1;
            }
        }
    }

    fn extend(&mut self, values: impl IntoIterator<Item = String>) {
        for v in values {
            self.add(v);
        }
    }
}

/// Occurrences of one kind of thing: count, time span, mentions, first example.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub count: u64,
    pub first_seen: Option<Timestamp>,
    pub last_seen: Option<Timestamp>,
    pub users: Listed,
    pub integrations: Listed,
    pub content: Listed,
    pub paths: Listed,
    /// The earliest event in reading order.
    pub example: Option<Excerpt>,
    example_order: u64,
}

impl Tally {
    fn add(&mut self, order: u64, time: Option<Timestamp>, mentions: Mentions, excerpt: Excerpt) {
        self.count += 1;
        if let Some(t) = time {
            self.first_seen = Some(self.first_seen.map_or(t, |f| f.min(t)));
            self.last_seen = Some(self.last_seen.map_or(t, |l| l.max(t)));
        }
        self.users.extend(mentions.users);
        self.integrations.extend(mentions.integrations);
        self.content.extend(mentions.content);
        self.paths.extend(mentions.paths);
        if self.example.is_none() || order < self.example_order {
            self.example = Some(excerpt);
            self.example_order = order;
        }
    }
}

/// One fix and everything seen of it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub fix: FixIdx,
    pub tally: Tally,
}

/// Events that look like OAuth errors but match no fix, grouped by the shape of their message.
#[derive(Debug, Clone)]
pub struct Unrecognised {
    pub shape: String,
    pub tally: Tally,
}

/// How reading one input went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputStatus {
    Read,
    /// Skipped: not text.
    Binary,
    /// Could not be opened or listed.
    Unreadable(String),
    /// Reading stopped early (a truncated `.gz`, an I/O error); what came before was scanned.
    Truncated(String),
}

impl InputStatus {
    /// Whether this makes the scan end with exit code 2.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, InputStatus::Unreadable(_) | InputStatus::Truncated(_))
    }

    pub fn key(&self) -> &'static str {
        match self {
            InputStatus::Read => "read",
            InputStatus::Binary => "skipped-binary",
            InputStatus::Unreadable(_) => "unreadable",
            InputStatus::Truncated(_) => "truncated",
        }
    }

    pub fn message(&self) -> Option<&str> {
        match self {
            InputStatus::Read => None,
            InputStatus::Binary => Some("binary file, skipped"),
            InputStatus::Unreadable(m) | InputStatus::Truncated(m) => Some(m),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputReport {
    pub name: String,
    pub status: InputStatus,
    /// Lines and (uncompressed) bytes read.
    pub lines: u64,
    pub bytes: u64,
}

/// Something worth knowing about the input that is not a finding: a capped line, lossy UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub input: usize,
    pub line: Option<u64>,
    pub message: String,
}

/// The whole result of a scan.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub inputs: Vec<InputReport>,
    /// Best first: most occurrences, then most recent.
    pub findings: Vec<Finding>,
    pub unrecognised: Vec<Unrecognised>,
    /// Groups beyond [`MAX_UNRECOGNISED`] and their events.
    pub unrecognised_more: (usize, u64),
    pub notes: Vec<Note>,
    /// Events the prefilter let through to the diagnoser.
    pub events_examined: u64,
    /// Events left out by `--since/--until` because they carry no time.
    pub undated_skipped: u64,
    /// Events outside the `--since/--until` window.
    pub outside_window: u64,
}

impl Report {
    pub fn bad_input(&self) -> bool {
        self.inputs.iter().any(|i| i.status.is_bad_input())
    }

    /// `name: what went wrong` for each input not read fully, safe to print.
    pub fn bad_input_lines(&self) -> Vec<String> {
        self.inputs
            .iter()
            .filter(|i| i.status.is_bad_input())
            .map(|i| {
                format!(
                    "{}: {}",
                    crate::text::one_line(&i.name),
                    crate::text::one_line(i.status.message().unwrap_or(""))
                )
            })
            .collect()
    }
}

/// One diagnosed event, ready to be counted.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Reading order across all inputs, for choosing the first example.
    pub order: u64,
    pub time: Option<Timestamp>,
    pub kind: OutcomeKind,
    pub mentions: Mentions,
    pub excerpt: Excerpt,
}

#[derive(Debug, Clone)]
pub enum OutcomeKind {
    Fix(FixIdx),
    Unrecognised { shape: String },
}

/// Collects outcomes in any order; [`Aggregator::finish`] sorts them into a report.
#[derive(Debug, Default)]
pub struct Aggregator {
    fixes: HashMap<FixIdx, Tally>,
    unrecognised: HashMap<String, Tally>,
    pub events_examined: u64,
}

impl Aggregator {
    /// A candidate event that turned out to be about something else: counted, not kept.
    pub fn add_not_oauth(&mut self) {
        self.events_examined += 1;
    }

    pub fn add(&mut self, outcome: Outcome) {
        self.events_examined += 1;
        let Outcome {
            order,
            time,
            kind,
            mentions,
            excerpt,
        } = outcome;
        match kind {
            OutcomeKind::Fix(fix) => {
                self.fixes
                    .entry(fix)
                    .or_default()
                    .add(order, time, mentions, excerpt);
            }
            OutcomeKind::Unrecognised { shape } => {
                self.unrecognised
                    .entry(shape)
                    .or_default()
                    .add(order, time, mentions, excerpt);
            }
        }
    }

    pub fn finish(self, report: &mut Report) {
        let mut findings: Vec<Finding> = self
            .fixes
            .into_iter()
            .map(|(fix, tally)| Finding { fix, tally })
            .collect();
        findings.sort_by(|a, b| {
            b.tally
                .count
                .cmp(&a.tally.count)
                .then(b.tally.last_seen.cmp(&a.tally.last_seen))
                .then(a.fix.cmp(&b.fix))
        });
        let mut unrecognised: Vec<Unrecognised> = self
            .unrecognised
            .into_iter()
            .map(|(shape, tally)| Unrecognised { shape, tally })
            .collect();
        unrecognised.sort_by(|a, b| {
            b.tally
                .count
                .cmp(&a.tally.count)
                .then(a.tally.example_order.cmp(&b.tally.example_order))
        });
        if unrecognised.len() > MAX_UNRECOGNISED {
            let rest = unrecognised.split_off(MAX_UNRECOGNISED);
            report.unrecognised_more = (rest.len(), rest.iter().map(|u| u.tally.count).sum());
        }
        report.findings = findings;
        report.unrecognised = unrecognised;
        report.events_examined = self.events_examined;
    }
}
