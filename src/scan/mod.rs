//! `scan`: whole logs, directories and support bundles → OAuth findings grouped by fix.
//!
//! The pipeline, one job per module: [`input`] reads files, `.gz` and stdin as capped lines
//! through a fixed buffer and runs the [`prefilter`] over them in bulk; [`format`] reads each
//! line's header; [`event`] groups lines into events and keeps only those the prefilter
//! flagged; here each kept event is diagnosed (in parallel batches), dated, redacted and
//! described ([`extract`]); [`report`] counts the outcomes per fix.

pub mod event;
pub mod extract;
pub mod format;
pub mod input;
pub mod prefilter;
pub mod report;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aho_corasick::AhoCorasick;
use jiff::Timestamp;
use rayon::prelude::*;

use crate::diagnose::Diagnoser;
use crate::kb::KnowledgeBase;

use event::{Event, Segmenter};
use format::{Format, Header};
pub use input::Input;
use input::LineReader;
use prefilter::{Hits, Prefilter, Terms};
use report::{
    Aggregator, EXCERPT_MAX_BYTES, EXCERPT_MAX_LINES, Excerpt, InputReport, InputStatus, Note,
    Outcome, OutcomeKind, Report,
};

/// Candidate events diagnosed together on the thread pool.
const BATCH: usize = 256;
/// Lines of an excerpt longer than this are cut around the error.
const EXCERPT_LINE_CHARS: usize = 400;
/// Notes about capped lines kept per input (the count beyond is summarised).
const MAX_NOTES_PER_INPUT: usize = 5;
/// The line Connect writes at the top of every job log; a pattern so the content it names can
/// be attached to the errors below it (see `connect-logs.md`).
const CONTENT_ANNOUNCEMENT: &str = "content guid:";

/// Words that make an OAuth-related event an *error* rather than a routine message. Generic
/// severity words, not error texts: the texts themselves all come from the flows.
const ERROR_MARKERS: &[&str] = &[
    "error",
    "exception",
    "fail",
    "invalid",
    "denied",
    "unauthorized",
    "forbidden",
    "expired",
    "refused",
    "level=warn",
];

/// The time window of `--since/--until`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

impl Window {
    fn is_set(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    fn contains(&self, t: Timestamp) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }
}

/// What examining one event came to.
enum Examined {
    Counted(Outcome),
    /// Nothing OAuth about it after all.
    NotOAuth,
    Undated,
    Outside,
}

/// Everything a scan needs, built once per knowledge base.
pub struct Scanner<'kb> {
    pub kb: &'kb KnowledgeBase,
    diagnoser: Diagnoser,
    prefilter: Prefilter,
    /// [`Self::looks_like_oauth_error`]'s three word lists, each searched in one pass.
    code_families: AhoCorasick,
    oauth_markers: AhoCorasick,
    error_markers: AhoCorasick,
}

/// A diagnosed event as `--follow` prints it, the moment it is read.
#[derive(Debug, Clone)]
pub struct Seen {
    pub input: String,
    pub outcome: Outcome,
}

impl<'kb> Scanner<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Scanner<'kb> {
        let mut terms = Terms::from_kb(kb);
        terms.push_alone(CONTENT_ANNOUNCEMENT);
        Scanner {
            kb,
            diagnoser: Diagnoser::new(kb),
            prefilter: terms.prefilter(),
            code_families: Terms::words_automaton(&terms.code_families),
            oauth_markers: Terms::words_automaton(&terms.oauth_markers),
            error_markers: Terms::words_automaton(ERROR_MARKERS),
        }
    }

    /// Scans every input in turn. `progress` is told how many bytes were read from disk (or
    /// stdin) since its last call.
    pub fn scan(
        &self,
        inputs: &[Input],
        window: Window,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Report {
        let mut report = Report::default();
        let mut aggregator = Aggregator::default();
        let mut order = 0u64;
        for (index, input) in inputs.iter().enumerate() {
            let mut batch: Vec<(u64, Event, Option<String>)> = Vec::new();
            let flush = |batch: &mut Vec<(u64, Event, Option<String>)>,
                         report: &mut Report,
                         aggregator: &mut Aggregator| {
                let results: Vec<Examined> = batch
                    .par_iter()
                    .map(|(order, event, content)| {
                        self.examine(*order, event, content.as_deref(), window)
                    })
                    .collect();
                batch.clear();
                for r in results {
                    match r {
                        Examined::Counted(outcome) => aggregator.add(outcome),
                        Examined::NotOAuth => aggregator.add_not_oauth(),
                        Examined::Undated => report.undated_skipped += 1,
                        Examined::Outside => report.outside_window += 1,
                    }
                }
            };
            let (input_report, notes) =
                self.read_input(index, input, progress, &mut |event, content| {
                    order += 1;
                    batch.push((order, event, content));
                    if batch.len() >= BATCH {
                        let mut b = std::mem::take(&mut batch);
                        flush(&mut b, &mut report, &mut aggregator);
                        batch = b;
                    }
                });
            flush(&mut batch, &mut report, &mut aggregator);
            report.inputs.push(input_report);
            report.notes.extend(notes);
        }
        aggregator.finish(&mut report);
        report
    }

    /// Reads one input to its end, handing each candidate event (with the content GUID its
    /// job log announced, if any) to `sink`.
    fn read_input(
        &self,
        index: usize,
        input: &Input,
        progress: &(dyn Fn(u64) + Sync),
        sink: &mut dyn FnMut(Event, Option<String>),
    ) -> (InputReport, Vec<Note>) {
        let name = input.name();
        let mut report = InputReport {
            name: name.clone(),
            status: InputStatus::Read,
            lines: 0,
            bytes: 0,
        };
        let mut notes = Vec::new();
        let (reader, _) = match input::open(input) {
            Ok(opened) => opened,
            Err(e) => {
                report.status = InputStatus::Unreadable(e.to_string());
                return (report, notes);
            }
        };
        let counted = Arc::new(AtomicU64::new(0));
        let reader = CountingReader {
            inner: reader,
            count: Arc::clone(&counted),
        };
        let mut lines = LineReader::read_ahead(reader, self.prefilter.clone());
        let mut state = InputState {
            segmenter: Segmenter::new(index),
            content: None,
            capped: 0,
            lossy_at: None,
        };
        if lines.sniff().unwrap_or(false) {
            report.status = InputStatus::Binary;
            return (report, notes);
        }
        let mut reported = 0u64;
        while let Ok(Some(line)) = lines.next_line() {
            report.lines = line.number;
            let number = line.number;
            let capped = line.capped;
            let hit = line.hit;
            let text = input::decode(line.bytes);
            if matches!(text, std::borrow::Cow::Owned(_)) && state.lossy_at.is_none() {
                state.lossy_at = Some(number);
            }
            if capped {
                state.capped += 1;
                if state.capped <= MAX_NOTES_PER_INPUT as u64 {
                    notes.push(Note {
                        input: index,
                        line: Some(number),
                        message: format!(
                            "line longer than {} KiB; only its first {} KiB were scanned",
                            input::LINE_CAP / 1024,
                            input::LINE_CAP / 1024
                        ),
                    });
                }
            }
            self.push_line(&mut state, number, &text, hit, sink);
            let now = counted.load(Ordering::Relaxed);
            if now - reported >= 1 << 20 {
                progress(now - reported);
                reported = now;
            }
        }
        if let Some(event) = state.segmenter.finish() {
            self.hand_on(&mut state, event, sink);
        }
        if let Some(e) = lines.error.take() {
            let what = if input.is_gzip() {
                "the gzip stream ends early or is damaged"
            } else {
                "reading stopped"
            };
            report.status = InputStatus::Truncated(format!(
                "{what} ({e}); scanned the {} line(s) before it",
                report.lines
            ));
        }
        report.bytes = lines.consumed;
        let now = counted.load(Ordering::Relaxed);
        progress(now - reported);
        if state.capped > MAX_NOTES_PER_INPUT as u64 {
            notes.push(Note {
                input: index,
                line: None,
                message: format!(
                    "{} more over-long line(s) were cut the same way",
                    state.capped - MAX_NOTES_PER_INPUT as u64
                ),
            });
        }
        if let Some(line) = state.lossy_at {
            notes.push(Note {
                input: index,
                line: Some(line),
                message: "not valid UTF-8 from here on at places; read with replacement characters"
                    .into(),
            });
        }
        (report, notes)
    }

    fn push_line(
        &self,
        state: &mut InputState,
        number: u64,
        text: &str,
        hit: Hits,
        sink: &mut dyn FnMut(Event, Option<String>),
    ) {
        let header = format::header(text);
        if let Some(event) = state.segmenter.push(number, text, &header, hit) {
            self.hand_on(state, event, sink);
        }
    }

    /// A candidate event: a job-log API document is opened into its entries; a job log's
    /// announcement of its content is remembered; the rest goes to `sink`.
    fn hand_on(
        &self,
        state: &mut InputState,
        event: Event,
        sink: &mut dyn FnMut(Event, Option<String>),
    ) {
        let trimmed = event.text.trim_start();
        if trimmed.starts_with('{')
            && trimmed.contains("\"entries\"")
            && let Some(entries) = self.job_log_entries(&event)
        {
            for e in entries {
                self.hand_on(state, e, sink);
            }
            return;
        }
        let mut event = event;
        if event.text.len() > event::EVENT_MAX_BYTES {
            let keep = event::cap(&event.text, event::EVENT_MAX_BYTES).len();
            event.text.truncate(keep);
            event.truncated = true;
        }
        if let Some(content) = extract::announced_content(&event.text) {
            state.content = Some(content);
        }
        let content = state.content.clone();
        sink(event, content);
    }

    /// The entries of a job-log API response (`{"entries":[{source,timestamp,data}]}`) as
    /// events of their own, each at the line where its `"data"` key stands.
    fn job_log_entries(&self, doc: &Event) -> Option<Vec<Event>> {
        let value: serde_json::Value = serde_json::from_str(&doc.text).ok()?;
        let entries = value.get("entries")?.as_array()?;
        let data_lines = key_lines(&doc.text, "data");
        let mut segmenter = Segmenter::new(doc.input);
        let mut out = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let Some(data) = entry.get("data").and_then(|d| d.as_str()) else {
                continue;
            };
            let line = doc.line + data_lines.get(i).copied().unwrap_or(0);
            let time = entry.get("timestamp").and_then(|t| t.as_str());
            for part in data.lines() {
                let hit = self.prefilter.hits(part);
                let header = Header {
                    format: if time.is_some() {
                        Format::Iso
                    } else {
                        Format::Plain
                    },
                    time,
                    body: part,
                };
                out.extend(segmenter.push(line, part, &header, hit));
            }
        }
        out.extend(segmenter.finish());
        Some(out)
    }

    /// Diagnoses, dates, redacts and describes one event. Pure: runs on any thread.
    fn examine(
        &self,
        order: u64,
        event: &Event,
        content: Option<&str>,
        window: Window,
    ) -> Examined {
        let time = event_time(event);
        if window.is_set() {
            match time {
                None => return Examined::Undated,
                Some(t) if !window.contains(t) => return Examined::Outside,
                Some(_) => {}
            }
        }
        let best = self.diagnoser.diagnose(&event.text).first().map(|m| m.fix);
        if best.is_none() && !self.looks_like_oauth_error(&event.text) {
            // Most candidates of a busy log end here (a phrase of some error text in a routine
            // message), so nothing is redacted or described before this is known.
            return Examined::NotOAuth;
        }
        // Cleaned first, as the guide does with a paste: cleaning drops control characters,
        // which could join two halves of a credential that redaction saw apart.
        let redacted = crate::redact::redact(&crate::text::clean(&event.text));
        let key_line = self.key_line(&redacted);
        // A shape and an excerpt are redacted once more: blanking numbers and cutting lines
        // move where words begin and end, and redaction judges a word by its neighbours.
        let kind = match best {
            Some(fix) => OutcomeKind::Fix(fix),
            None => OutcomeKind::Unrecognised {
                shape: crate::redact::redact(&shape_of(
                    redacted.lines().nth(key_line).unwrap_or(""),
                )),
            },
        };
        let mut mentions = extract::mentions(&redacted);
        if let Some(c) = content {
            mentions.content.insert(c.to_string());
        }
        Examined::Counted(Outcome {
            order,
            time,
            kind,
            mentions,
            excerpt: Excerpt {
                input: event.input,
                line: event.line,
                text: crate::redact::redact(&self.excerpt(&redacted, key_line)),
            },
        })
    }

    /// The first line of an event that holds a prefilter pattern: the one to show and group by.
    fn key_line(&self, text: &str) -> usize {
        text.lines()
            .position(|l| self.prefilter.automaton().is_match(l))
            .unwrap_or(0)
    }

    /// An error code of a known family (`AADSTS` + digits) is an error by itself; an OAuth
    /// identifier needs an error word next to it (`invalid_grant` is, `__oauth__/callback`
    /// with a 200 is not).
    fn looks_like_oauth_error(&self, text: &str) -> bool {
        let has_code = self
            .code_families
            .find_overlapping_iter(text)
            .any(|family| {
                text.as_bytes()
                    .get(family.end())
                    .is_some_and(u8::is_ascii_digit)
            });
        has_code || (self.oauth_markers.is_match(text) && self.error_markers.is_match(text))
    }

    /// At most [`EXCERPT_MAX_LINES`] lines ending just after the key line, long lines cut
    /// around their first pattern, terminal-safe.
    fn excerpt(&self, redacted: &str, key_line: usize) -> String {
        let lines: Vec<&str> = redacted.lines().collect();
        let end = (key_line + 3).min(lines.len());
        let start = end.saturating_sub(EXCERPT_MAX_LINES);
        let mut out = String::new();
        if start > 0 {
            out.push_str("…\n");
        }
        for line in &lines[start..end] {
            let cleaned = crate::text::clean(line);
            out.push_str(&self.cut_line(&cleaned));
            out.push('\n');
            if out.len() > EXCERPT_MAX_BYTES {
                break;
            }
        }
        if end < lines.len() {
            out.push_str("…\n");
        }
        out.trim_end().to_string()
    }

    fn cut_line(&self, line: &str) -> String {
        let chars = line.chars().count();
        if chars <= EXCERPT_LINE_CHARS {
            return line.to_string();
        }
        let hit_at = self
            .prefilter
            .automaton()
            .find(line)
            .map_or(0, |m| line[..m.start()].chars().count());
        let from = hit_at.saturating_sub(EXCERPT_LINE_CHARS / 4);
        let byte_at = |char_index: usize| {
            line.char_indices()
                .nth(char_index)
                .map_or(line.len(), |(at, _)| at)
        };
        let start = byte_at(from);
        let end = crate::redact::end_after_marks(line, byte_at(from + EXCERPT_LINE_CHARS));
        let mut out = String::new();
        if from > 0 {
            out.push('…');
        }
        out.push_str(&line[start..end]);
        if end < line.len() {
            out.push('…');
        }
        out
    }

    /// `--follow`: reads every input to its end, then keeps polling the files for new lines,
    /// calling `on_seen` for each diagnosed event as soon as it is complete. Returns when
    /// `keep_going` says so (the command line runs until interrupted).
    pub fn follow(
        &self,
        inputs: &[Input],
        window: Window,
        on_seen: &mut dyn FnMut(&Scanner<'_>, Seen),
        keep_going: &dyn Fn() -> bool,
    ) -> Vec<(InputReport, Vec<Note>)> {
        follow::run(self, inputs, window, on_seen, keep_going)
    }
}

mod follow;

struct InputState {
    segmenter: Segmenter,
    /// The content GUID the job log announced.
    content: Option<String>,
    capped: u64,
    lossy_at: Option<u64>,
}

/// Counts bytes as they come off the disk (compressed, for `.gz`), for the progress bar.
struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: io::Read> io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Line offsets (0-based, within `text`) of each `"key":` occurrence, in order.
fn key_lines(text: &str, key: &str) -> Vec<u64> {
    let needle = format!("\"{key}\"");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut line = 0u64;
    let mut counted_to = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let at = from + found;
        from = at + needle.len();
        if at > 0 && bytes[at - 1] == b'\\' {
            continue;
        }
        let after = text[from..].trim_start();
        if !after.starts_with(':') {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..at]).count() as u64;
        counted_to = at;
        out.push(line);
    }
    out
}

/// When the event happened: its header time, or a time field of a JSON event.
fn event_time(event: &Event) -> Option<Timestamp> {
    if (!event.time_inherited || event.format != Some(Format::Json))
        && let Some(t) = format::parse_time(&event.time)
    {
        return Some(t);
    }
    if event.format == Some(Format::Json)
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(&event.text)
    {
        for key in ["time", "timestamp", "ts", "@timestamp"] {
            if let Some(t) = value
                .get(key)
                .and_then(|v| v.as_str())
                .and_then(format::parse_time)
            {
                return Some(t);
            }
        }
    }
    format::parse_time(&event.time)
}

/// The message of a line with its variable parts (numbers, GUIDs, hex ids, quoted values)
/// blanked, so repeats of one unknown error fall into one group. Codes glued to letters
/// (`AADSTS700016`) are kept: they are what tells errors apart.
fn shape_of(line: &str) -> String {
    let body = format::header(line).body;
    let mut out = String::new();
    let mut prev_alpha = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_hexdigit() && !prev_alpha {
            let mut run = String::from(c);
            while let Some(&n) = chars.peek() {
                if n.is_ascii_hexdigit() || n == '-' {
                    run.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            let numeric = run.chars().all(|c| c.is_ascii_digit() || c == '-');
            if numeric || run.len() >= 8 {
                out.push('#');
            } else {
                out.push_str(&run);
            }
            prev_alpha = false;
            continue;
        }
        prev_alpha = c.is_alphanumeric() || c == '_';
        out.push(c);
    }
    let folded = crate::text::one_line(&out);
    let end = crate::redact::end_after_marks(&folded, event::cap(&folded, 200).len());
    folded[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_blank_variable_parts_but_keep_codes() {
        assert_eq!(
            shape_of(
                "AADSTS700016: Application with identifier '054b8afb-353d-4cf1-8486-a8f8d27da494' was not found"
            ),
            "AADSTS700016: Application with identifier '#' was not found"
        );
        assert_eq!(
            shape_of(r#"time="2025-01-01T00:00:00.000Z" level=error msg="x 42""#),
            r#"level=error msg="x #""#
        );
    }

    #[test]
    fn data_keys_are_found_line_by_line() {
        let doc =
            "{\"entries\":[\n{\"data\": \"a \\\"data\\\": b\"},\n{\"x\":1,\n \"data\" : \"c\"}]}";
        assert_eq!(key_lines(doc, "data"), [1, 3]);
    }
}
